"""Tests of wzlib.presentatie: Dutch formatting, disclosure control, tables, charts and maps."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from wzlib.fouten import WzFout  # noqa: E402
from wzlib.gegevens import Herkomst  # noqa: E402
from wzlib.presentatie import afscherming as afs  # noqa: E402
from wzlib.presentatie.afscherming import Regels, afschermen, rond_af, scherm_af, scherm_reeks_af  # noqa: E402
from wzlib.presentatie.getallen import (  # noqa: E402
    PresentatieFout,
    nl_as,
    nl_bedrag,
    nl_datum,
    nl_getal,
    nl_pct,
)
from wzlib.presentatie.tabellen import bronregel, tabel  # noqa: E402

BRON = Herkomst("bevolking", "cbs", "CBS 03759ned", periode="1 januari 2024", opgehaald="2026-01-05T10:00:00")
BRONREGEL = "Bron: CBS 03759ned (1 januari 2024); bewerking woonzorganalyse"
GEO = Path(__file__).resolve().parents[2] / "shared" / "data" / "echt" / "geo"
GOOI = ["GM0317", "GM0376", "GM0402", "GM0406", "GM0417", "GM1696", "GM1942"]


#: The default disclosure rules (conventies.md "SDC defaults"); every helper is given its rules explicitly.
R = Regels()


# ------------------------------------------------------------------------------------------ getallen
def test_nl_getal_exact():
    assert nl_getal(1234567.891) == "1.234.568"
    assert nl_getal(1234567.891, 1) == "1.234.567,9"
    assert nl_getal(1234567.891, 3) == "1.234.567,891"
    assert nl_getal(999) == "999"
    assert nl_getal(-1234.5, 1) == "-1.234,5"
    assert nl_getal(np.int64(5000)) == "5.000"


def test_nl_getal_rondt_half_naar_boven_en_geen_min_nul():
    assert nl_getal(2.5) == "3"  # babel alone would give "2" (half to even)
    assert nl_getal(0.125, 2) == "0,13"
    assert nl_getal(-0.4) == "0"


def test_nl_getal_is_wat_babel_geeft():
    """nl_getal formats with Python's own grouping (8x faster than babel); the text must be babel's nl_NL text
    for the same rounded value, over signs, sizes, decimals and input types."""
    from decimal import Decimal

    from babel.numbers import format_decimal

    from wzlib.presentatie.getallen import _afgerond

    rng = np.random.default_rng(3)
    waarden = [*rng.normal(0, 1e3, 400), *rng.lognormal(5, 4, 400), *-rng.lognormal(2, 3, 200),
               *rng.integers(-10**12, 10**12, 200), 0.0, -0.0, 0.5, -0.5, 1e20, 12345678901234567.0, 1e-9,
               Decimal("1234.5675"), np.float32(1.25), np.int64(-7), 999999.9999]
    for x in waarden:
        for dec in range(5):
            patroon = "#,##0" + ("." + "0" * dec if dec else "")
            assert nl_getal(x, dec) == format_decimal(_afgerond(x, dec), format=patroon, locale="nl_NL",
                                                      decimal_quantization=True), (x, dec)


def test_nl_pct_datum_bedrag():
    assert nl_pct(0.123) == "12,3%"
    assert nl_pct(0.0285) == "2,9%"  # 0.0285 * 100 is 2.8499999... in floats
    assert nl_pct(0.5, 0) == "50%"
    assert nl_pct(1) == "100,0%" and nl_pct(0.3, 0) == "30%"  # shares are fractions, always
    with pytest.raises(TypeError):
        nl_pct(12.3, schaal=100)  # no scale argument: 12.3 would be 1.230%
    assert nl_datum(dt.date(2024, 1, 1)) == "1 januari 2024"
    assert nl_datum("2024-03-15") == "15 maart 2024"
    assert nl_datum(pd.Timestamp("2023-12-31 23:00")) == "31 december 2023"
    assert nl_bedrag(312000) == "€\u00a0312.000"
    assert nl_bedrag(1234.5, 2) == "€\u00a01.234,50"


def test_tekst_getal_in_een_zin():
    from wzlib.presentatie.getallen import tekst_getal

    assert tekst_getal(1234, 10) == "1.234"
    assert tekst_getal(7, 10) == "minder dan 10" and tekst_getal(-3, 5) == "minder dan 5"
    assert tekst_getal(10, 10) == "10" and tekst_getal(0, 10) == "0"  # 0 identifies nobody
    assert tekst_getal(None, 10) == "onbekend" and tekst_getal(np.nan, 10) == "onbekend"
    assert tekst_getal(12.345, 10, 1) == "12,3"


@pytest.mark.parametrize("leeg", [None, np.nan, pd.NA, pd.NaT, float("nan")])
def test_ontbrekend_is_streepje(leeg):
    assert nl_getal(leeg) == "–"
    assert nl_pct(leeg) == "–"
    assert nl_bedrag(leeg) == "–"
    assert nl_datum(leeg) == "–"


def test_nl_as_geeft_nederlandse_tickteksten():
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_ylim(0, 1_500_000)
    nl_as(ax, "y", "int")
    ax.set_xlim(0, 0.3)
    nl_as(ax, "x", "pct")
    fig.canvas.draw()
    yteksten = [t.get_text() for t in ax.get_yticklabels()]
    xteksten = [t.get_text() for t in ax.get_xticklabels()]
    assert "1.000.000" in yteksten
    assert all("," not in t for t in yteksten)
    assert "10%" in xteksten and "0%" in xteksten


def test_geen_locale_module():
    """Formatting goes through babel: the ``locale`` module fails on minimal Linux/CI."""
    map_ = Path(afs.__file__).parent
    for f in map_.glob("*.py"):
        tekst = f.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import locale|from locale)", tekst, re.M), f.name
        assert "setlocale" not in tekst, f.name


# ---------------------------------------------------------------------------------------- afscherming
def _getoond_getal(v):
    return isinstance(v, (int, float, np.integer, np.floating)) and not pd.isna(v)


def test_primaire_afscherming_drempels_en_nul():
    df = pd.DataFrame({"groep": list("abcde"), "n": [0, 3, 7, 10, 250]})
    kw = scherm_af(df, ["n"], kwetsbaar=True, regels=R)
    assert kw["n"].tolist() == [0, "<10", "<10", 10, 250]
    alg = scherm_af(df, ["n"], kwetsbaar=False, regels=R)
    assert alg["n"].tolist() == [0, "<5", 7, 10, 250]
    assert df["n"].tolist() == [0, 3, 7, 10, 250]  # input untouched
    assert kw.attrs["afscherming"]["n_afgeschermd"] == 2


def test_marker_is_instelbaar_en_omschrijving():
    r = Regels(marker="•", drempel_kwetsbaar=15)
    df = pd.DataFrame({"n": [12, 20]})
    assert scherm_af(df, ["n"], regels=r)["n"].tolist() == ["•", 20]
    tekst = Regels().omschrijving()
    assert "kleiner dan 10 (kwetsbare groepen) of 5" in tekst
    assert "minder dan 50" in tekst
    assert "afgerond" not in tekst
    assert "veelvouden van 5" in Regels(afronden_op=5).omschrijving()


def test_regels_valideren():
    with pytest.raises(PresentatieFout):
        Regels(drempel_kwetsbaar=-1)
    with pytest.raises(WzFout):
        Regels(afronden_op=0)
    with pytest.raises(TypeError):  # wzlib.analyse turns unknown keys into a ParamsFout
        Regels(onbekend=3)


def test_secundaire_afscherming_handvoorbeeld():
    """Hand example: one small cell (man in wijk A = 7) in a table with row and column totals.

    Row A: man suppressed -> the only other part (vrouw 25) goes too. Column man: A suppressed -> smallest
    other (C, 30). Column vrouw: A suppressed -> smallest non-zero other (C, 33; B is 0). Row C then has
    two suppressed parts: stable.
    """
    df = pd.DataFrame({"wijk": ["A", "B", "C", "Totaal"],
                       "man": [7, 40, 30, 77], "vrouw": [25, 0, 33, 58], "totaal": [32, 40, 63, 135]})
    res = afschermen(df, ["man", "vrouw", "totaal"], totaal_kolom="totaal", totaal_rij="Totaal", regels=R)
    verwacht = pd.DataFrame({"wijk": ["A", "B", "C", "Totaal"],
                             "man": ["<10", 40, "•", 77], "vrouw": ["•", 0, "•", 58],
                             "totaal": [32, 40, 63, 135]}, dtype=object)
    pd.testing.assert_frame_equal(res.waarden, verwacht)
    assert res.primair.to_numpy().sum() == 1 and res.secundair.to_numpy().sum() == 3
    assert not _herleidbaar(df, res, ["man", "vrouw"], "totaal", 3)


def test_zonder_secundaire_afscherming_is_waarde_herleidbaar():
    """The recoverability check below can fail: without secondary suppression 7 = 32 - 25."""
    df = pd.DataFrame({"wijk": ["A", "B", "C", "Totaal"],
                       "man": [7, 40, 30, 77], "vrouw": [25, 0, 33, 58], "totaal": [32, 40, 63, 135]})
    res = afschermen(df, ["man", "vrouw", "totaal"], totaal_kolom="totaal", totaal_rij="Totaal",
                     regels=Regels(secundair=False))
    assert _herleidbaar(df, res, ["man", "vrouw"], "totaal", 3)


def _herleidbaar(df, res, delen, totaal_kolom, totaal_rij_pos) -> bool:
    """True when some primarily suppressed cell is fixed by the shown cells and the sum equations.

    Unknowns: all suppressed cells. Equations: each row's parts add up to its total column, each column's
    rows add up to the total row. A cell is determined iff its unit vector lies in the row space of the
    coefficient matrix (linear algebra; ignores bounds, so it is stricter than needed for "not exact").
    """
    kolommen = [*delen, totaal_kolom]
    masker = res.masker[kolommen].to_numpy()
    onbekend = [(i, j) for i in range(len(df)) for j in range(len(kolommen)) if masker[i, j]]
    if not onbekend:
        return False
    nr = {c: k for k, c in enumerate(onbekend)}
    groepen = [[(i, j) for j in range(len(kolommen))] for i in range(len(df))]  # row: parts - total = 0
    groepen += [[(i, j) for i in range(len(df))] for j in range(len(kolommen))]  # column: rows - total = 0
    rijen = []
    for k, groep in enumerate(groepen):
        is_rij = k < len(df)
        coef = np.zeros(len(onbekend))
        for (i, j) in groep:
            teken = -1.0 if (is_rij and j == len(kolommen) - 1) or (not is_rij and i == totaal_rij_pos) else 1.0
            if (i, j) in nr:
                coef[nr[(i, j)]] += teken
        if coef.any():
            rijen.append(coef)
    a = np.array(rijen) if rijen else np.zeros((0, len(onbekend)))
    rang = np.linalg.matrix_rank(a) if len(a) else 0
    prim = res.primair[kolommen].to_numpy()
    for (i, j), k in nr.items():
        if not prim[i, j]:
            continue
        e = np.zeros(len(onbekend))
        e[k] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, e])) == rang:
            return True
    return False


@pytest.mark.parametrize("zaad", range(12))
def test_willekeurige_tabellen_nooit_klein_en_nooit_herleidbaar(zaad):
    rng = np.random.default_rng(zaad)
    delen = ["a", "b", "c", "d"]
    cellen = rng.choice([0, 1, 2, 4, 6, 9, 12, 15, 40, 80, 300], size=(5, 4))
    df = pd.DataFrame(cellen, columns=delen)
    df["totaal"] = df[delen].sum(axis=1)
    df.loc[len(df)] = df.sum()
    df.insert(0, "wijk", [f"W{i}" for i in range(5)] + ["Totaal"])
    res = afschermen(df, [*delen, "totaal"], totaal_kolom="totaal", totaal_rij="Totaal", regels=R)
    for v in res.waarden[[*delen, "totaal"]].to_numpy().ravel():
        assert not (_getoond_getal(v) and 0 < v < 10), v
    assert not _herleidbaar(df, res, delen, "totaal", 5)
    # no row or column group with exactly one suppressed part next to a shown total
    m = res.masker
    for i in range(6):
        if not m.at[i, "totaal"]:
            assert m.loc[i, delen].sum() != 1
    for k in [*delen, "totaal"]:
        if not m.at[5, k]:
            assert m.loc[:4, k].sum() != 1


def test_groepen_per_kolomgroep():
    df = pd.DataFrame({"wijk": ["A", "B"], "m65": [3, 40], "v65": [50, 60], "t65": [53, 100],
                       "m75": [20, 30], "v75": [25, 35], "t75": [45, 65]})
    w = scherm_af(df, [], groepen={"t65": ["m65", "v65"], "t75": ["m75", "v75"]}, regels=R)
    assert w.loc[0, "m65"] == "<10" and w.loc[0, "v65"] == "•"
    assert w.loc[0, "m75"] == 20 and w.loc[0, "v75"] == 25  # other group untouched


def test_noemer_regel_en_tellers():
    df = pd.DataFrame({"groep": list("abcd"), "n": [30, 50, 200, 400], "k": [3, 20, 12, 8],
                       "pct": [0.1, 0.4, 0.06, 0.02]})
    w = scherm_af(df, ["n", "k"], kwetsbaar=True, noemers={"pct": "n"}, tellers={"pct": "k"}, regels=R)
    assert w["pct"].tolist() == ["n<50", 0.4, 0.06, "•"]  # 8 of 400 suppressed -> its % too
    assert w["k"].tolist() == ["<10", 20, 12, "<10"]
    # implied count (2% of 400 = 8 < 10) is caught without a 'tellers' link too
    w2 = scherm_af(df, ["n"], kwetsbaar=True, noemers={"pct": "n"}, regels=R)
    assert w2["pct"].tolist() == ["n<50", 0.4, 0.06, "•"]
    # denominator given as a number: 40 < 50, so every percentage goes (fractions, no scale argument)
    df2 = pd.DataFrame({"pct": [0.125, 0.4]})
    assert scherm_af(df2, [], noemers={"pct": 40}, regels=R)["pct"].tolist() == ["n<50", "n<50"]
    # implied count of a fraction: 0.125 of 60 = 7.5 < 10 (kwetsbaar) -> "•"; 0.4 of 60 = 24 is shown
    df3 = pd.DataFrame({"pct": [0.125, 0.4]})
    assert scherm_af(df3, [], noemers={"pct": 60}, kwetsbaar=True, regels=R)["pct"].tolist() == ["•", 0.4]
    with pytest.raises(TypeError):
        scherm_af(df2, [], noemers={"pct": 40}, pct_schaal=100, regels=R)


def test_afronden_op_vijf():
    r = Regels(afronden_op=5)
    df = pd.DataFrame({"n": [0, 7, 12, 13, 1234]})
    res = afschermen(df, ["n"], regels=r)
    assert res.waarden["n"].tolist() == [0, "<10", 10, 15, 1235]
    assert any("afgerond op veelvouden van 5" in n for n in res.voetnoten())
    # never below the threshold: 7 with threshold 7 is published, but not as "5"
    assert rond_af(7, Regels(drempel_algemeen=7, afronden_op=5), kwetsbaar=False) == 10


def test_scherm_reeks_af():
    res = scherm_reeks_af(pd.Series([0, 3, 12, None], dtype="Int64"), kwetsbaar=True, regels=R)
    assert res.n_afgeschermd == 1
    assert res.waarden.iloc[0] == 0 and np.isnan(res.waarden.iloc[1]) and res.waarden.iloc[2] == 12
    waarden, n, _ = scherm_reeks_af(pd.Series([0.1, 0.2]), noemer=pd.Series([20, 100]), regels=R)
    assert n == 1 and np.isnan(waarden.iloc[0]) and waarden.iloc[1] == 0.2


def test_onbekende_kolom_geeft_nederlandse_fout():
    with pytest.raises(PresentatieFout, match="Onbekende kolom"):
        scherm_af(pd.DataFrame({"n": [1]}), ["aantal"], regels=R)


# ------------------------------------------------------------------------------------------- tabellen
def _cellen(html_tekst: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r"<t[dh](?:\s[^>]*)?>(.*?)</t[dh]>", html_tekst)]


def test_bronregel():
    assert bronregel(BRON) == BRONREGEL
    assert bronregel("CBS 03759ned (1 januari 2024)") == BRONREGEL
    assert bronregel("Bron: eigen telling") == "Bron: eigen telling"
    twee = bronregel([BRON, Herkomst("huishoudens", "cbs", "CBS 71486ned", periode="2024"), BRON])
    assert twee == "Bronnen: CBS 03759ned (1 januari 2024); CBS 71486ned (2024); bewerking woonzorganalyse"
    lokaal = Herkomst("aanbod", "lokaal", "/home/analist/data/lokaal/aanbod.csv", fictief=True)
    assert bronregel(lokaal) == "Bron: aanbod.csv – fictieve gegevens; bewerking woonzorganalyse"
    for leeg in ("", [], None):
        with pytest.raises(PresentatieFout):
            bronregel(leeg)


def test_tabel_html_bron_afscherming_en_toegankelijkheid():
    df = pd.DataFrame({"wijk": ["Centrum", "Zuid", "Noord", "Totaal"], "jaar": [2024] * 4,
                       "ouderen": [500, 1234567.891, 7, 1235074.891], "aandeel": [0.2, 0.123, 0.0285, 0.12]},
                      index=["idx1", "idx2", "idx3", "idx4"])
    t = tabel(df, bron=BRON, titel="Ouderen per wijk", tellingen=["ouderen"], kwetsbaar=True,
              pcts=["aandeel"], totaal_rij="Totaal", noemers={"aandeel": "ouderen"}, regels=R)
    h = t._repr_html_()
    assert BRONREGEL in h
    assert "<table" in h and "<caption>Ouderen per wijk</caption>" in h
    assert '<th scope="col"' in h and '<th scope="row">Centrum</th>' in h
    cellen = _cellen(h)
    assert "1.234.568" in cellen and "12,3%" in cellen
    assert "2024" in cellen and "2.024" not in cellen  # years without thousands separator
    assert "<10" in cellen and "7" not in cellen
    assert "n<50" in cellen  # 2,85% of 7 people
    assert "&lt;10: minder dan 10; niet gepubliceerd." in h
    assert "idx1" not in h  # index hidden by default
    assert 'class="wz-totaal"' in h
    # secondary suppression: Noord alone suppressed in the column -> smallest other (Centrum) too
    assert t.weergave.loc["idx1", "ouderen"] == "•"
    assert t.weergave["ouderen"].tolist() == ["•", "1.234.568", "<10", "1.235.075"]
    assert "•: niet gepubliceerd" in h


def test_tabel_algemene_drempel_en_geen_voetnoot_zonder_afscherming():
    df = pd.DataFrame({"gemeente": ["A", "B"], "inwoners": [7, 45210]})
    t = tabel(df, bron="CBS 03759ned (1 januari 2024)", tellingen=["inwoners"], regels=R)
    h = t.to_html()
    assert "7" in _cellen(h) and "45.210" in _cellen(h)
    assert "niet gepubliceerd" not in h
    t2 = tabel(pd.DataFrame({"gemeente": ["A"], "inwoners": [3]}), bron=BRON, tellingen=["inwoners"],
               regels=R)
    assert "<5" in _cellen(t2.to_html()) and "3" not in _cellen(t2.to_html())


def test_tabel_kan_niet_zonder_bron_en_gebruikt_de_gegeven_regels():
    df = pd.DataFrame({"n": [12]})
    with pytest.raises(PresentatieFout, match="bron"):
        tabel(df, bron="", tellingen=["n"], regels=R)
    assert tabel(df, bron=BRON, tellingen=["n"], regels=R).weergave.loc[0, "n"] == "12"
    assert tabel(df, bron=BRON, tellingen=["n"], regels=Regels(drempel_algemeen=15)).weergave.loc[0, "n"] == "<15"


def test_zonder_regels_geen_tabel_of_grafiek():
    """``regels=`` is required everywhere: a notebook cannot forget the regio's rules and silently get
    some default."""
    from wzlib.presentatie.grafieken import lijn, piramide, staaf, waaier
    from wzlib.presentatie.kaarten import choropleet

    df = pd.DataFrame({"wijk": ["A", "B"], "n": [12, 40]})
    with pytest.raises(TypeError, match="regels"):
        tabel(df, bron=BRON, tellingen=["n"])
    with pytest.raises(TypeError, match="regels"):
        staaf(df, "wijk", "n", bron=BRON, titel="T")
    with pytest.raises(TypeError, match="regels"):
        scherm_af(df, ["n"])
    with pytest.raises(TypeError, match="regels"):
        afschermen(df, ["n"])
    with pytest.raises(TypeError, match="regels"):
        scherm_reeks_af(df["n"])
    for f in (lijn, waaier, piramide, choropleet):
        import inspect

        p = inspect.signature(f).parameters["regels"]
        assert p.kind is p.KEYWORD_ONLY and p.default is p.empty, f.__name__
    # a dict or None is not a set of rules
    for fout in (None, {"drempel_algemeen": 15}):
        with pytest.raises(PresentatieFout, match="regels=A.regels"):
            tabel(df, bron=BRON, tellingen=["n"], regels=fout)
        with pytest.raises(PresentatieFout, match="regels=A.regels"):
            staaf(df, "wijk", "n", bron=BRON, titel="T", regels=fout)


def test_geen_standaardregels_op_moduleniveau():
    """No module of wzlib.presentatie keeps default rules (the old zet_standaard_regels/standaard_regels)."""
    import importlib

    for naam in ("afscherming", "tabellen", "grafieken", "kaarten", "getallen"):
        mod = importlib.import_module(f"wzlib.presentatie.{naam}")
        assert not hasattr(mod, "zet_standaard_regels") and not hasattr(mod, "standaard_regels"), naam
        globaal = [k for k, v in vars(mod).items() if isinstance(v, Regels)]
        assert globaal == [], (naam, globaal)


def test_tabel_escapet_en_formatteert():
    df = pd.DataFrame({"naam <x>": ["a & b"], "bedrag": [312000.0], "getal": [3.14159], "leeg": [np.nan]})
    h = tabel(df, bron=BRON, bedragen=["bedrag"], decimalen={"getal": 2}, regels=R).to_html()
    assert "naam &lt;x&gt;" in h and "a &amp; b" in h
    assert "€\u00a0312.000" in _cellen(h) and "3,14" in _cellen(h) and "–" in _cellen(h)


# ------------------------------------------------------------------------------------------ grafieken
def _teksten(fig) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


def test_staaf_afscherming_bron_en_alt():
    from wzlib.presentatie.grafieken import staaf

    df = pd.DataFrame({"wijk": ["Centrum", "Noord", "Oost", "Zuid"], "aantal": [1234, 7, 56, 0]})
    fig = staaf(df, "wijk", "aantal", bron=BRON, titel="Cliënten per wijk", kwetsbaar=True, regels=R)
    assert isinstance(fig, Figure)
    tekst = _teksten(fig)
    assert BRONREGEL in tekst and "Cliënten per wijk" in tekst
    ax = fig.axes[0]
    hoogtes = sorted(p.get_height() for c in ax.containers for p in c.patches)
    assert hoogtes == [0, 56, 1234]  # the bar of 7 is not drawn at all
    assert "<10" in tekst and "minder dan 10" in tekst
    assert "1.234" in tekst  # Dutch value label
    assert "7" not in re.findall(r"\b\d+\b", tekst)
    assert fig.alt_tekst.startswith("Staafdiagram") and "afgeschermd" in fig.alt_tekst
    assert "<10" in fig.samenvatting.to_numpy().ravel().tolist()
    h = fig._repr_mimebundle_()["text/html"]
    assert "<img" in h and 'alt="Staafdiagram' in h and BRONREGEL in h


def test_staaf_hue_horizontaal_algemene_drempel():
    from wzlib.presentatie.grafieken import staaf

    df = pd.DataFrame({"wijk": ["A", "A", "B", "B"], "geslacht": ["man", "vrouw"] * 2, "aantal": [3, 40, 7, 55]})
    fig = staaf(df, "wijk", "aantal", hue="geslacht", horizontaal=True, bron=BRON, titel="T", regels=R)
    breedtes = sorted(p.get_width() for c in fig.axes[0].containers for p in c.patches)
    assert breedtes == [7, 40, 55]  # 3 < 5 suppressed; 7 >= 5 is general population
    assert {"man", "vrouw"} <= {t.get_text() for t in fig.axes[0].get_legend().get_texts()}


def test_lijn_onderbreekt_bij_afscherming():
    from wzlib.presentatie.grafieken import lijn

    df = pd.DataFrame({"jaar": [2020, 2021, 2022, 2023], "aantal": [25, 8, 31, 40]})
    fig = lijn(df, "jaar", "aantal", soort="aantal", kwetsbaar=True, bron=BRON, titel="Wmo", regels=R)
    y = fig.axes[0].lines[0].get_ydata()
    assert np.isnan(y[1]) and list(np.asarray(y)[[0, 2, 3]]) == [25, 31, 40]
    tekst = _teksten(fig)
    assert BRONREGEL in tekst
    assert "2.020" not in tekst  # year ticks without separator


def _bevolking(schaal=100, code="GM0402", open_klasse=95):
    rijen = []
    for van in range(0, open_klasse):
        for g in ("man", "vrouw"):
            rijen.append({"gemeentecode": code, "jaar": 2024, "geslacht": g, "leeftijd_van": van,
                          "leeftijd_tot": van, "aantal": schaal})
    rijen.append({"gemeentecode": code, "jaar": 2024, "geslacht": "man", "leeftijd_van": open_klasse,
                  "leeftijd_tot": pd.NA, "aantal": 2})
    rijen.append({"gemeentecode": code, "jaar": 2024, "geslacht": "vrouw", "leeftijd_van": open_klasse,
                  "leeftijd_tot": pd.NA, "aantal": 30})
    rijen.append({"gemeentecode": code, "jaar": 2024, "geslacht": "totaal", "leeftijd_van": 0,
                  "leeftijd_tot": pd.NA, "aantal": 999999})
    return pd.DataFrame(rijen)


def test_piramide_klassen_procenten_en_afscherming():
    from wzlib.presentatie.grafieken import piramide

    df = _bevolking()
    fig = piramide(df, bron=BRON, titel="Bevolking", vergelijk={"Nederland": _bevolking(5000, "NL00")},
                   regels=R)
    ax = fig.axes[0]
    breedtes = [p.get_width() for c in ax.containers for p in c.patches]
    assert len(breedtes) == 2 * 19 + 1  # 19 classes 0-4..90-94 per side, 95+ only for women (man: 2 < 5)
    totaal = 2 * 95 * 100 + 32
    assert pytest.approx(sum(abs(b) for b in breedtes)) == (totaal - 2) / totaal
    assert pytest.approx(min(breedtes)) == -500 / totaal  # men drawn to the left
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "0–4" and labels[-1] == "95+"
    tekst = _teksten(fig)
    assert BRONREGEL in tekst and "<5" in tekst and "Mannen" in tekst and "Vrouwen" in tekst
    assert len(ax.lines) >= 2  # outline steps of the comparison
    assert "%" in fig.alt_tekst and "65 jaar of ouder" in fig.alt_tekst


def test_piramide_weigert_grove_klassen():
    from wzlib.presentatie.grafieken import piramide

    df = pd.DataFrame({"geslacht": ["man", "vrouw"], "leeftijd_van": [0, 0], "leeftijd_tot": [14, 14],
                       "aantal": [100, 100]})
    with pytest.raises(PresentatieFout, match="klassen van 5 jaar"):
        piramide(df, bron=BRON, titel="x", regels=R)


def test_waaier():
    from wzlib.presentatie.grafieken import tekst_samenvatting, waaier

    jaren = np.arange(2024, 2041)
    df = pd.DataFrame({"jaar": jaren, "midden": 1000 + 20 * (jaren - 2024)})
    df["laag"], df["hoog"] = df["midden"] * 0.9, df["midden"] * 1.1
    fig = waaier(df, "jaar", "midden", "laag", "hoog", bron=BRON, titel="Prognose 75+", start_prognose=2024,
                 regels=R)
    ax = fig.axes[0]
    assert len(ax.collections) == 1  # the band
    assert BRONREGEL in _teksten(fig)
    assert "1.320" in tekst_samenvatting(fig)  # 2040: 1000 + 16 * 20


# --------------------------------------------------------------------------------------------- kaarten
def _vierkanten():
    import geopandas as gpd
    from shapely.geometry import Polygon, box

    vlakken = [box(5.0 + 0.1 * i, 52.0, 5.1 + 0.1 * i, 52.1) for i in range(4)]
    vlakken.append(Polygon([(5.4, 52.0), (5.5, 52.1), (5.5, 52.0), (5.4, 52.1)]))  # bow-tie: invalid
    return gpd.GeoDataFrame({"gemeentenaam": ["Aadorp", "Beekdal", "Cruquius", "Dalfsen", "Egmond"],
                             "aandeel": [0.081, 0.132, np.nan, 0.112, 0.141],
                             "aantal": [3, 120, 55, 80, 2000]}, geometry=vlakken, crs="EPSG:4326")


def test_choropleet_synthetisch():
    from wzlib.presentatie.kaarten import choropleet

    gdf = _vierkanten()
    assert not gdf.geometry.is_valid.all()
    fig = choropleet(gdf, "aandeel", bron=BRON, titel="Aandeel 75+", soort="pct", k=3,
                     legenda_titel="Aandeel 75-plus", regels=R)
    ax = fig.axes[0]
    assert ax.get_xlim()[0] > 1000  # projected to RD New (metres), not degrees
    assert not ax.axison
    tekst = _teksten(fig)
    for naam in ("Aadorp", "Beekdal", "Dalfsen", "Egmond"):
        assert naam in tekst
    assert "13,2%" in tekst and "geen gegevens (1)" in tekst and BRONREGEL in tekst
    legenda = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(re.fullmatch(r"\d+,\d% – \d+,\d% \(\d\)", t) for t in legenda), legenda
    assert "Egmond" in fig.alt_tekst and "1 zonder gegevens" in fig.alt_tekst


def test_choropleet_afscherming():
    from wzlib.presentatie.kaarten import choropleet

    fig = choropleet(_vierkanten(), "aantal", bron=BRON, titel="Cliënten", soort="aantal", kwetsbaar=True,
                     regels=R)
    tekst = _teksten(fig)
    assert "afgeschermd (1)" in tekst and "<10" in tekst
    assert "Aadorp\n3" not in tekst


@pytest.mark.echt
def test_choropleet_echte_gemeenten():
    import geopandas as gpd

    from wzlib.presentatie.kaarten import choropleet, voorbereid

    pad = GEO / "gemeente_2023.geojson"
    if not pad.exists():
        pytest.skip(f"{pad} ontbreekt")
    gdf = gpd.read_file(pad)
    gdf = gdf[gdf["gemeentecode"].isin(GOOI)].copy()
    assert len(gdf) == 7
    assert voorbereid(gdf).geometry.is_valid.all()
    gdf["aandeel"] = [0.081, 0.132, 0.097, 0.112, 0.141, np.nan, 0.104]
    fig = choropleet(gdf, "aandeel", bron=BRON, titel="Aandeel 75+", soort="pct", regels=R)
    tekst = _teksten(fig)
    for naam in gdf["gemeentenaam"]:
        assert naam in tekst
    assert BRONREGEL in tekst
    assert len(fig.samenvatting) == 7


def test_grafiek_png_is_een_paletbeeld_dat_eruitziet_als_de_volle_kleuren_tekening():
    """The reports embed a 256-colour palette PNG at 150 dpi: the same picture as matplotlib's own full-colour
    PNG (a few steps off on anti-aliased edges at most), on white, at a fraction of the bytes."""
    import io

    from PIL import Image

    from wzlib.presentatie.grafieken import lijn

    df = pd.DataFrame({"jaar": list(range(2024, 2041)) * 2, "aantal": list(range(100, 117)) + list(range(300, 283, -1)),
                       "reeks": ["vraag"] * 17 + ["aanbod"] * 17})
    fig = lijn(df, "jaar", "aantal", hue="reeks", soort="aantal", bron=BRON, titel="Vraag en aanbod", regels=R)
    data = fig.png()
    beeld = Image.open(io.BytesIO(data))
    assert beeld.format == "PNG" and beeld.mode == "P" and beeld.size == (1200, 750)  # 8 x 5 inch at 150 dpi
    vol = io.BytesIO()
    fig.savefig(vol, format="png", dpi=150, facecolor="white")
    volbeeld = np.asarray(Image.open(vol).convert("RGB"), dtype=int)
    verschil = np.abs(np.asarray(beeld.convert("RGB"), dtype=int) - volbeeld)
    assert verschil.max() <= 32 and (verschil.max(axis=2) > 8).mean() < 0.01
    assert tuple(np.asarray(beeld.convert("RGB"))[0, 0]) == (255, 255, 255)  # white, not transparent
    assert len(data) < len(vol.getvalue()) / 2
    assert fig.png() == data  # the same bytes every time
    assert f'src="data:image/png;base64,' in fig.to_html()


@pytest.mark.parametrize("schema, klasse", [("kwantielen", "Quantiles"), ("natuurlijk", "FisherJenks"),
                                            ("gelijk", "EqualInterval")])
def test_klassengrenzen_van_de_kaart_zijn_die_van_mapclassify(schema, klasse):
    """The maps compute their class bounds themselves (mapclassify costs 0.7 s and 84 MB to import); they
    must be mapclassify's, value for value, on random data, ties, integers and a whole country's worth."""
    import warnings

    mapclassify = pytest.importorskip("mapclassify")
    from wzlib.presentatie.kaarten import _classificeer

    rng = np.random.default_rng(7)
    reeksen = [rng.normal(100, 30, 25), rng.lognormal(3, 1, 342), rng.integers(0, 12, 40).astype(float),
               np.array([1.0, 1.0, 1.0, 2.0, 2.0, 9.0, 9.5, 30.0]), rng.uniform(0.05, 0.4, 7),
               np.round(rng.normal(0.12, 0.03, 120), 3)]
    for y in reeksen:
        for k in (2, 3, 4, 5):
            kk = min(k, len(np.unique(y)))
            yb, bins = _classificeer(y, k, schema)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                c = getattr(mapclassify, klasse)(y, k=kk)
            assert np.array_equal(bins, np.asarray(c.bins, dtype=float)), (schema, k, y[:5])
            assert np.array_equal(yb, np.asarray(c.yb, dtype=int))


def test_strakke_indeling_geeft_wat_tight_layout_geeft(monkeypatch):
    """The charts lay out with every axes measured once (strakke_indeling) instead of tight_layout's two
    measurements: the subplot parameters must be tight_layout's own, to the last bit, for every chart kind
    and for a grid of several axes with a suptitle."""
    from wzlib.presentatie import grafieken as g

    jaren = np.arange(2024, 2041)
    w = pd.DataFrame({"jaar": np.tile(jaren, 2), "groep": np.repeat(["65+", "75+"], len(jaren)),
                      "midden": np.r_[np.linspace(5000, 7000, 17), np.linspace(20, 36000, 17)]})
    w["laag"], w["hoog"] = w["midden"] * 0.9, w["midden"] * 1.1
    s = pd.DataFrame({"wijk": ["Centrum met een heel lange naam", "Noord"] * 2, "g": ["a", "a", "b", "b"],
                      "aantal": [1234567, 70, 56, 12]})
    maken = [
        lambda: g.staaf(s, "wijk", "aantal", hue="g", horizontaal=True, bron=BRON, titel="T " * 40, regels=R),
        lambda: g.staaf(s[s.g == "a"], "wijk", "aantal", bron=BRON, titel="Cliënten", kwetsbaar=True, regels=R),
        lambda: g.lijn(w, "jaar", "midden", hue="groep", soort="aantal", bron=BRON, titel="Lijn", regels=R),
        lambda: g.waaier(w, "jaar", "midden", "laag", "hoog", hue="groep", bron=BRON, titel=None,
                         start_prognose=2030, regels=R),
        lambda: g.piramide(_bevolking(), bron=BRON, titel="Bevolking", regels=R),
    ]
    for maak in maken:
        eigen = maak()
        with monkeypatch.context() as mp:
            mp.setattr(g, "strakke_indeling", lambda fig, rect: fig.tight_layout(rect=rect))
            referentie = maak()
        assert vars(eigen.subplotpars) == vars(referentie.subplotpars)
        assert eigen.subplotpars.left > 0.05 and eigen.subplotpars.top < 0.95  # a layout was made

    def rooster():
        fig, assen = g._nieuwe_figuur((9, 6), ncols=3)
        for i, ax in enumerate(assen):
            ax.plot([0, 1], [0, 10 ** (2 * i)])
            ax.set_ylabel("as " * (i + 1))
        fig.suptitle("Drie assen")
        return fig

    eigen, referentie = rooster(), rooster()
    g.strakke_indeling(eigen, (0, 0.1, 1, 0.9))
    referentie.tight_layout(rect=(0, 0.1, 1, 0.9))
    assert vars(eigen.subplotpars) == vars(referentie.subplotpars) and "wspace" in vars(eigen.subplotpars)
