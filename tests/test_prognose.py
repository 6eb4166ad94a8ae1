"""wzlib.prognose (cohort projection, calibration), wzlib.prognose_vraag (demand per woonvorm, national targets,
groups) and wzlib.prognose_tekst (the report's tables).

Expected values are worked out by hand in the comments; synthetic populations keep them small.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import regio_yaml

from wzlib import catalogus, params
from wzlib import kengetallen as kg
from wzlib import prognose as pr
from wzlib import prognose_tekst as pt
from wzlib import prognose_vraag as pv
from wzlib.bronnen.invoer import lees_prognose
from wzlib.fouten import GegevensOntbreken, InvoerFout, ParamsFout

ROOT = Path(__file__).resolve().parents[1]
KLASSEN = [(a, a + 4) for a in range(0, 95, 5)] + [(95, None)]


@pytest.fixture(scope="module")
def K():
    return kg.laad(ROOT / "params" / "kengetallen.yaml")


@pytest.fixture(scope="module")
def P(K):
    return K.prognose()


def bevolking(aantallen: dict[tuple[str, str], list[float]], jaar: int = 2024) -> pd.DataFrame:
    """Canonical bevolking from {(gemeente, geslacht): 20 class counts}."""
    rijen = []
    for (code, g), n in aantallen.items():
        for (van, tot), a in zip(KLASSEN, n):
            rijen.append({"gemeentecode": code, "jaar": jaar, "geslacht": g, "leeftijd_van": van,
                          "leeftijd_tot": tot, "aantal": a})
    return pd.DataFrame(rijen).astype({"gemeentecode": "string", "jaar": "Int64", "geslacht": "string",
                                       "leeftijd_van": "Int64", "leeftijd_tot": "Int64", "aantal": "Int64"})


def leeg() -> list[float]:
    return [0] * len(KLASSEN)


def realistisch(schaal: float, seed: int) -> list[int]:
    rng = np.random.default_rng(seed)
    basis = np.array([55, 57, 58, 60, 62, 64, 65, 64, 63, 66, 70, 72, 68, 60, 52, 40, 28, 16, 7, 2], float)
    return list((basis * schaal * rng.uniform(0.9, 1.1, len(basis))).round().astype(int))


def ontwikkeling(code: str, jaren, geboren: float, vestiging: float, vertrek: float) -> pd.DataFrame:
    return pd.DataFrame({"gemeentecode": code, "jaar": list(jaren), "bevolking_1jan": 1000,
                         "levend_geborenen": geboren, "overledenen": 0, "vestiging_totaal": vestiging,
                         "vertrek_totaal": vertrek}).astype({"gemeentecode": "string", "jaar": "Int64"})


def q_tabel(fn) -> pd.DataFrame:
    """A life table with q(a) = fn(a) for both sexes, ages 0..120."""
    a = np.arange(pr.MAX_LEEFTIJD + 1)
    return pd.concat([pd.DataFrame({"geslacht": g, "leeftijd": a, "sterftekans": [fn(x) for x in a]})
                      for g in ("man", "vrouw")], ignore_index=True)


def gesloten(P) -> kg.PrognoseParameters:
    """No mortality improvement, no fertility or migration factors in play (variants irrelevant)."""
    return dataclasses.replace(P, sterfte_daling=0.0)


def comp(codes, f=0.0, saldo=0.0) -> pd.DataFrame:
    return pd.DataFrame({"gemeentecode": codes, "vruchtbaarheid": f, "migratiesaldo": saldo})


def klasse(df, jaar, van, geslacht="vrouw", variant="midden", code="GM0001") -> float:
    r = df[(df["jaar"] == jaar) & (df["leeftijd_van"] == van) & (df["geslacht"] == geslacht)
           & (df["variant"] == variant) & (df["gemeentecode"] == code)]
    assert len(r) == 1
    return float(r["aantal"].iloc[0])


# --------------------------------------------------------------------------------------------------
# the cohort model
# --------------------------------------------------------------------------------------------------
def test_basisjaar_exact_gereproduceerd(K):
    mv = bevolking({("GM0001", "man"): realistisch(10, 1), ("GM0001", "vrouw"): realistisch(10, 2),
                    ("GM0002", "man"): realistisch(3, 3), ("GM0002", "vrouw"): realistisch(3, 4)})
    tot = bevolking({("GM0001", "totaal"): realistisch(20, 5)})  # GM0001 also has totaal rows (like CBS)
    b = pd.concat([mv, tot])
    res = pr.bereken(b, None, ["GM0001", "GM0002"], 2024, K)
    assert res.basisjaar == 2024
    basis = res.bevolking[res.bevolking["jaar"] == 2024]
    for var in kg.VARIANTEN:
        v = basis[basis["variant"] == var]
        # GM0002 has only man/vrouw: reproduced exactly, per sex and class
        d = v[v["gemeentecode"] == "GM0002"].merge(mv, on=["gemeentecode", "geslacht", "leeftijd_van"],
                                                   suffixes=("", "_in"))
        assert len(d) == 2 * len(KLASSEN)
        assert (d["aantal"] == d["aantal_in"].astype(float)).all()
        # GM0001: per class man + vrouw equals the source's totaal (the figure stap omvang shows)
        som = v[v["gemeentecode"] == "GM0001"].groupby("leeftijd_van")["aantal"].sum()
        assert len(som) == len(KLASSEN)
        assert (som.to_numpy() == tot.sort_values("leeftijd_van")["aantal"].astype(float).to_numpy()).all()
    assert set(res.bevolking["geslacht"]) == {"man", "vrouw"}
    assert sorted(set(res.bevolking["jaar"])) == list(range(2024, 2045))
    assert list(res.bevolking.columns) == pr.RESULTAAT_KOLOMMEN
    assert (res.bevolking["aantal"] == res.bevolking["aantal"].round()).all()  # whole persons


def test_op_totaal_verdeelt_totaal_naar_aandeel():
    # Two classes, 0-4 and 5+. The source's man/vrouw do not add up to its totaal (each cell rounded).
    # 0-4: man 10, vrouw 30, totaal 42 → 42 × 10/40 = 10.5 and 42 × 30/40 = 31.5; whole persons by largest
    #      remainder (tie 0.5/0.5: the larger value first) → man 10, vrouw 32 (sum 42).
    # 5+:  man 3, vrouw 7, totaal 12 → 3.6 and 8.4; floors 3 + 8 = 11, the one left goes to the largest
    #      remainder (0.6, man) → man 4, vrouw 8 (sum 12).
    kl = pr._Klassen(((0, 4), (5, None)))
    per = {"man": np.array([10.0, 3.0]), "vrouw": np.array([30.0, 7.0])}

    def b(totaal):
        g = ["man", "man", "vrouw", "vrouw"] + ["totaal"] * len(totaal)
        van = [0, 5, 0, 5] + [v for v, _ in totaal]
        return {"geslacht": np.array(g), "van": np.array(van, dtype=float),
                "aantal": np.array([10, 3, 30, 7] + [n for _, n in totaal], dtype=float)}

    uit = pr._op_totaal(per, kl, b([(5, 12), (0, 42)]))  # order of the totaal rows does not matter
    assert uit["man"].tolist() == [10, 4] and uit["vrouw"].tolist() == [32, 8]
    assert (uit["man"] + uit["vrouw"]).tolist() == [42, 12]  # man + vrouw == totaal per class
    assert per["man"].tolist() == [10, 3]  # the input is not changed
    # a class with nobody of either sex: the totaal is split half-half (tie: the first, man, gets the odd one)
    uit = pr._op_totaal({"man": np.array([0.0, 3.0]), "vrouw": np.array([0.0, 7.0])}, kl, b([(0, 5), (5, 10)]))
    assert uit["man"].tolist() == [3, 3] and uit["vrouw"].tolist() == [2, 7]
    # no totaal rows, totaal rows with other classes, or a missing totaal: man/vrouw as they are
    assert pr._op_totaal(per, kl, b([])) is per
    assert pr._op_totaal(per, kl, b([(0, 42)])) is per
    assert pr._op_totaal(per, kl, b([(0, 42), (5, np.nan)])) is per


def test_gesloten_bevolking_alleen_overleving_handberekening(P):
    # 1000 women aged 80-84, nobody else; q = 0 below 85 (so l(a) is flat and each single age holds
    # 200) and q = 0.2 from 85 on. Survival S(a) = 1 − (q(a) + q(a+1)) / 2: S(80..83) = 1,
    # S(84) = 1 − (0 + 0.2)/2 = 0.9, S(85..) = 0.8. No births (no women 15-44), no migration.
    n = leeg()
    n[16] = 1000
    b = bevolking({("GM0001", "man"): leeg(), ("GM0001", "vrouw"): n})
    q = q_tabel(lambda a: 0.2 if a >= 85 else 0.0)
    df = pr.projecteer(b, ["GM0001"], 2024, gesloten(P), q, comp(["GM0001"]), horizon=3, varianten=["midden"])
    # 2025: ages 81-84 = 4 × 200 = 800; age 85 = 200 × 0.9 = 180
    assert klasse(df, 2025, 80) == 800 and klasse(df, 2025, 85) == 180
    # 2026: ages 82-84 = 600; age 85 = 200 × 0.9 = 180 (was 83), age 86 = 180 × 0.8 = 144 (was 84) → 324
    assert klasse(df, 2026, 80) == 600 and klasse(df, 2026, 85) == 324
    # 2027: 80-84 = 400; 85-89 = 180 + 180 × 0.8 + 144 × 0.8 = 180 + 144 + 115.2 = 439.2 → 439 (total 839.2)
    assert klasse(df, 2027, 80) == 400 and klasse(df, 2027, 85) == 439
    assert df[df["geslacht"] == "man"]["aantal"].sum() == 0


def test_splitsing_binnen_klasse_volgt_overlevingstafel(P):
    # q = 0.1 at every age: l(a) falls by a factor 0.9 per year, so within 80-84 the weights are
    # 1, .9, .81, .729, .6561 (sum 4.0951). After one year (S = 0.9 everywhere) the class 85-89
    # holds the former 84-year-olds: 1000 × .6561/4.0951 × 0.9 = 144.19… → 144.
    n = leeg()
    n[16] = 1000
    b = bevolking({("GM0001", "man"): leeg(), ("GM0001", "vrouw"): n})
    df = pr.projecteer(b, ["GM0001"], 2024, gesloten(P), q_tabel(lambda a: 0.1), comp(["GM0001"]), horizon=1,
                       varianten=["midden"])
    assert klasse(df, 2025, 85) == 144
    assert klasse(df, 2025, 80) == 900 - 144
    kl = pr._Klassen(((0, 4), (5, None)))
    assert list(kl.splits(np.array([10.0, 3.0]))) == [2, 2, 2, 2, 2, 3]
    assert kl.splits(np.array([10.0, 3.0]), np.array([4, 3, 1, 1, 1, 0]))[:5].tolist() == [4, 3, 1, 1, 1]


def test_open_klasse_overleving(P):
    # 1000 women aged 95+, q = 0.2 at every age: the l(x)-weighted mean q is 0.2, so S = 0.8 per year.
    n = leeg()
    n[-1] = 1000
    b = bevolking({("GM0001", "man"): leeg(), ("GM0001", "vrouw"): n})
    df = pr.projecteer(b, ["GM0001"], 2024, gesloten(P), q_tabel(lambda a: 0.2), comp(["GM0001"]), horizon=2,
                       varianten=["midden"])
    assert klasse(df, 2025, 95) == 800
    assert klasse(df, 2026, 95) == 640


def test_overlevingskansen_formule():
    q = np.array([0.004, 0.001, 0.002, 0.1, 0.3, 0.5, 1.0])
    s, s0 = pr.overlevingskansen(q, 3)
    assert s[:3] == pytest.approx([1 - 0.0025, 1 - 0.0015, 1 - 0.051])
    # open group from 3: l = 1, .9, .63, .315; Σ l·q = .1 + .27 + .315 + .315 = 1.0; Σ l = 2.845
    assert s[3] == pytest.approx(1 - 1.0 / 2.845)
    assert s0 == pytest.approx(0.996)


def test_geboorten_en_migratie_handberekening(P):
    # 500 women aged 25-29 (100 per year), no mortality; f = 0.1 → 50 births, 51.2% boys;
    # net migration +100, profile: everyone aged 0-4 (uniform), half men half women.
    p = dataclasses.replace(gesloten(P), migratieprofiel=((0, 4, 1.0),), aandeel_man=0.5)
    n = leeg()
    n[5] = 500
    b = bevolking({("GM0001", "man"): leeg(), ("GM0001", "vrouw"): n})
    df = pr.projecteer(b, ["GM0001"], 2024, p, q_tabel(lambda a: 0.0), comp(["GM0001"], f=0.1, saldo=100),
                       horizon=1, varianten=["midden"])
    # men 0-4: 50·0.512 + 50 = 75.6 → 76 (largest remainder); women 0-4: 50·0.488 + 50 = 74.4 → 74
    assert klasse(df, 2025, 0, "man") == 76
    assert klasse(df, 2025, 0, "vrouw") == 74
    assert klasse(df, 2025, 25) == 400 and klasse(df, 2025, 30) == 100
    assert df[df["jaar"] == 2025]["aantal"].sum() == 650


def test_negatief_saldo_wisselt_varianten_en_blijft_positief(K):
    b = bevolking({("GM0001", "man"): realistisch(20, 1), ("GM0001", "vrouw"): realistisch(20, 2)})
    ow = ontwikkeling("GM0001", range(2019, 2024), 250, 1000, 1300)  # saldo −300 per year
    res = pr.bereken(b, ow, ["GM0001"], 2024, K)
    tot = res.bevolking.groupby(["variant", "jaar"])["aantal"].sum().unstack("jaar")
    assert tot.loc["laag", 2044] < tot.loc["midden", 2044] < tot.loc["hoog", 2044]
    assert (res.bevolking["aantal"] >= 0).all()


def test_varianten_ouderen_geordend(K):
    b = bevolking({("GM0001", "man"): realistisch(10, 1), ("GM0001", "vrouw"): realistisch(10, 2)})
    ow = ontwikkeling("GM0001", range(2019, 2024), 60, 500, 450)
    g = pr.leeftijdsgroepen(pr.bereken(b, ow, ["GM0001"], 2024, K).bevolking)
    w = pt.waaier_data(g, "GM0001", "85+")
    assert (w["laag"] <= w["midden"]).all() and (w["midden"] <= w["hoog"]).all()
    assert w["hoog"].iloc[-1] > w["laag"].iloc[-1]
    assert list(w["jaar"]) == list(range(2024, 2045))


def test_componenten_uit_eigen_geschiedenis(K, P):
    # women 15-44: classes 15-19 .. 40-44 = 6 × 100 = 600; births 2019-2023 mean 30 → f = 0.05;
    # migration mean of (vestiging − vertrek) 2019-2023 = 500 − 420 = 80; 2018 is outside the window.
    v = leeg()
    for i in range(3, 9):
        v[i] = 100
    b = bevolking({("GM0001", "man"): leeg(), ("GM0001", "vrouw"): v})
    ow = pd.concat([ontwikkeling("GM0001", range(2019, 2024), 30, 500, 420),
                    ontwikkeling("GM0001", [2018], 999, 9999, 0)])
    c = pr.componenten(b, ow, ["GM0001"], 2024, P).iloc[0]
    assert c["vruchtbaarheid"] == pytest.approx(0.05)
    assert c["migratiesaldo"] == pytest.approx(80)
    assert "2019-2023" in c["vruchtbaarheid_bron"] and "2019-2023" in c["migratie_bron"]
    c2 = pr.componenten(b, None, ["GM0001"], 2024, P).iloc[0]
    assert c2["vruchtbaarheid"] == P.vruchtbaarheid and c2["migratiesaldo"] == 0
    assert "standaard" in c2["vruchtbaarheid_bron"]


def test_kalibratie_raakt_doeltotalen_exact(K):
    b = bevolking({("GM0001", "man"): realistisch(10, 1), ("GM0001", "vrouw"): realistisch(10, 2),
                   ("GM0002", "man"): realistisch(4, 3), ("GM0002", "vrouw"): realistisch(4, 4)})
    basis1 = float(b[b["gemeentecode"] == "GM0001"]["aantal"].sum())
    doelen = []
    for code, f in (("GM0001", 1.0), ("GM0002", 0.4)):
        for jaar, m in ((2026, 1.03), (2030, 1.08), (2034, 1.10)):
            for var, d in (("laag", -0.04), ("midden", 0.0), ("hoog", 0.05)):
                doelen.append({"gemeentecode": code, "jaar": jaar, "variant": var,
                               "bevolking": round(basis1 * f * (m + d * (jaar - 2024) / 10))})
    totalen = pd.DataFrame(doelen)
    res = pr.bereken(b, None, ["GM0001", "GM0002"], 2024, K, totalen=totalen)
    assert res.gekalibreerd
    tot = res.bevolking.groupby(["gemeentecode", "variant", "jaar"])["aantal"].sum()
    for _, d in totalen.iterrows():
        assert tot[(d["gemeentecode"], d["variant"], d["jaar"])] == d["bevolking"]
    # years in between: linear interpolation of the targets (2028 halfway 2026-2030), rounded
    for var in kg.VARIANTEN:
        t = totalen[(totalen["gemeentecode"] == "GM0001") & (totalen["variant"] == var)].set_index("jaar")["bevolking"]
        assert tot[("GM0001", var, 2028)] == round((t[2026] + t[2030]) / 2)
        basis = b[b["gemeentecode"] == "GM0001"]["aantal"].sum()
        assert tot[("GM0001", var, 2025)] == round((basis + t[2026]) / 2)
    m = res.bevolking.set_index(["gemeentecode", "variant", "jaar"])["methode"]
    assert m.loc[("GM0001", "midden", 2030)].iloc[0] == pr.GEKALIBREERD
    assert m.loc[("GM0001", "midden", 2040)].iloc[0] == pr.EIGEN  # after the last target: own model
    assert set(res.gebruikt["methode"]) == {pr.GEKALIBREERD}


def test_kalibratie_uit_te_zetten(K):
    b = bevolking({("GM0001", "man"): realistisch(10, 1), ("GM0001", "vrouw"): realistisch(10, 2)})
    totalen = pd.DataFrame({"gemeentecode": "GM0001", "jaar": [2030], "variant": "midden", "bevolking": [1]})
    res = pr.bereken(b, None, ["GM0001"], 2024, K, totalen=totalen,
                     instellingen=params.Prognose(kalibreren=False))
    assert not res.gekalibreerd
    assert res.bevolking.query("jaar == 2030 and variant == 'midden'")["aantal"].sum() > 1000


def test_resultaten_per_gemeente(K):
    # the step's result tables: one gemeente's rows only, each valid against the catalogue
    b = bevolking({(c, g): realistisch(5, i) for i, (c, g) in enumerate(
        [("GM0001", "man"), ("GM0001", "vrouw"), ("GM0002", "man"), ("GM0002", "vrouw")])})
    res = pr.bereken(b, None, ["GM0001", "GM0002"], 2024, K, instellingen=params.Prognose(horizon=2))
    a = pd.DataFrame([{"gemeentecode": c, "groep": "uitstroom_bw", "jaar": 2024, "aantal": n, "eenheid": "personen"}
                      for c, n in (("GM0001", 4), ("GM0002", 6))])
    uit = pr.resultaten(res, pv.vraag(res.bevolking, K), pv.doelen_landelijk(b, ["GM0001", "GM0002"], 2024, K),
                        pv.groepen_prognose(a, ["GM0001", "GM0002"], 2024, horizon=2), K, "GM0002")
    assert set(uit) == set(catalogus.van_stap("prognose"))
    for t, df in uit.items():
        if "gemeentecode" in df.columns:
            assert set(df["gemeentecode"]) == {"GM0002"}, t.naam
        catalogus.controleer(t, df, wie="GM0002", waar="in de test")
    assert sorted(set(uit[catalogus.BEVOLKING_PROGNOSE]["jaar"])) == [2024, 2025, 2026]
    gp = uit[catalogus.GROEPEN_PROGNOSE]
    assert gp["aantal"].tolist() == [6] * 9 and sorted(set(gp["variant"])) == ["hoog", "laag", "midden"]


def test_afronden_houdt_totaal():
    w = np.array([0.4, 0.4, 0.4, 1.8, 2.0])
    r = pr.afronden(w)
    assert r.sum() == 5 and (r >= 0).all()
    assert pr.afronden(w, 7).sum() == 7
    assert pr.afronden(w, 3).sum() == 3
    assert list(pr.afronden(np.array([1.5, 2.5, 0.0]), 4)) == [1, 3, 0]


def test_gompertz_reproduceert_levensverwachting(P):
    q = pr.gompertz_sterftekansen(P)
    for g in ("man", "vrouw"):
        qg = q[q["geslacht"] == g].sort_values("leeftijd")["sterftekans"].to_numpy()
        assert pr.levensverwachting(qg, 65) == pytest.approx(P.levensverwachting_65[g], abs=0.01)
        assert (np.diff(qg[30:]) > 0).all()  # rising with age
        assert 0.02 < qg[80] < 0.07 and 0.08 < qg[90] < 0.25  # plausible for NL around 2022
    e0 = {g: pr.levensverwachting(q[q["geslacht"] == g].sort_values("leeftijd")["sterftekans"].to_numpy(), 0)
          for g in ("man", "vrouw")}
    assert 79 < e0["man"] < 81.5 and 82 < e0["vrouw"] < 84.5  # CBS 2022: 80,1 and 83,1


def test_sterftetafel_cbs_wordt_gebruikt(P):
    cbs = pd.concat([pd.DataFrame({"jaar": j, "geslacht": g, "leeftijd": range(0, 100),
                                   "sterftekans": 0.01 if j == 2022 else 0.5})
                     for j in (2022, 2030) for g in ("man", "vrouw", "totaal")], ignore_index=True)
    q, bron = pr.sterftekansen(P, cbs, jaar=2024)
    assert "37360ned" in bron and "2022" in bron
    assert (q[q["leeftijd"] < 120]["sterftekans"] == 0.01).all()  # extended flat beyond 99
    with pytest.raises(GegevensOntbreken, match="sterftekans moet tussen 0 en 1"):
        pr.sterftekansen(P, cbs.assign(sterftekans=5.0))


def test_klassen_moeten_aansluiten(K):
    b = bevolking({("GM0001", "man"): realistisch(1, 1), ("GM0001", "vrouw"): realistisch(1, 2)})
    with pytest.raises(GegevensOntbreken, match="GM0001.*sluiten niet aan"):
        pr.bereken(b[b["leeftijd_van"] != 10], None, ["GM0001"], 2024, K)
    with pytest.raises(GegevensOntbreken, match="oudste leeftijdsklasse moet open zijn"):
        pr.bereken(b[b["leeftijd_van"] != 95], None, ["GM0001"], 2024, K)
    with pytest.raises(GegevensOntbreken, match="geen gegevens voor gemeente GM0009"):
        pr.bereken(b, None, ["GM0001", "GM0009"], 2024, K)


def test_alleen_totaal(K):
    b = bevolking({("GM0001", "totaal"): realistisch(20, 1)})
    res = pr.bereken(b, None, ["GM0001"], 2024, K)
    assert set(res.bevolking["geslacht"]) == {"totaal"}
    assert res.bevolking.query("jaar == 2034 and variant == 'midden'")["aantal"].sum() > 0


# --------------------------------------------------------------------------------------------------
# age groups, demand
# --------------------------------------------------------------------------------------------------
def _kleine_prognose() -> pd.DataFrame:
    rijen = []
    for jaar, f in ((2024, 1.0), (2034, 2.0)):
        for var, v in (("laag", 0.9), ("midden", 1.0), ("hoog", 1.1)):
            for g in ("man", "vrouw"):
                for (van, tot), n in zip(KLASSEN, range(10, 210, 10)):
                    rijen.append({"gemeentecode": "GM0001", "jaar": jaar, "geslacht": g, "leeftijd_van": van,
                                  "leeftijd_tot": tot, "variant": var, "aantal": n * f * v, "methode": "x"})
    return pr._typen(pd.DataFrame(rijen))


def test_leeftijdsgroepen_en_groei():
    p = _kleine_prognose()
    g = pr.leeftijdsgroepen(p)
    # 85+ = classes 85-89 (180), 90-94 (190), 95+ (200), two sexes → 1140 in 2024 midden
    r = g[(g["jaar"] == 2024) & (g["variant"] == "midden") & (g["leeftijdsgroep"] == "85+")]
    assert r["aantal"].iloc[0] == 1140
    gr = pr.groei(g, 2024, stappen=(10,))
    x = gr[(gr["leeftijdsgroep"] == "75+") & (gr["variant"] == "hoog")].iloc[0]
    assert x["groeifactor"] == pytest.approx(2.0)
    kc = pt.kerncijfers(g, "GM0001", 2024, stappen=(10,))
    assert list(kc["leeftijdsgroep"]) == ["65+", "75+", "85+", "90+"]
    assert kc.set_index("leeftijdsgroep").loc["90+", "2034 hoog"] == pytest.approx(2 * 390 * 2 * 1.1)


def test_leeftijdsgroep_over_klassegrens_is_fout():
    p = _kleine_prognose()
    p = p[p["leeftijd_van"] != 75].copy()
    p.loc[p["leeftijd_van"] == 70, "leeftijd_tot"] = 79
    with pytest.raises(GegevensOntbreken, match="70-79.*75 jaar"):
        pr.leeftijdsgroepen(p)


def test_vraag_is_bevolking_maal_tarief(K):
    p = _kleine_prognose()
    v = pv.vraag(p, K).set_index(["gemeentecode", "jaar", "woonvorm", "variant"])["aantal"]
    t = K.tarieven().set_index(["woonvorm", "klasse", "variant"])["tarief"]
    for jaar, f in ((2024, 1.0), (2034, 2.0)):
        for var, vf in (("laag", 0.9), ("midden", 1.0), ("hoog", 1.1)):
            n = {van: 2 * m * f * vf for (van, _), m in zip(KLASSEN, range(10, 210, 10))}  # both sexes
            # verpleegzorg: 65-74 = classes 65-69 + 70-74; 75-79; 80-84; 85-89; 90+ = 90-94 + 95+
            verwacht = ((n[65] + n[70]) * t[("verpleegzorg", "65-74", var)] + n[75] * t[("verpleegzorg", "75-79", var)]
                        + n[80] * t[("verpleegzorg", "80-84", var)] + n[85] * t[("verpleegzorg", "85-89", var)]
                        + (n[90] + n[95]) * t[("verpleegzorg", "90+", var)])
            assert v[("GM0001", jaar, "verpleegzorg", var)] == pytest.approx(verwacht)
            # beschermd wonen 18-64: 2/5 of 15-19, all of 20-24 … 60-64
            volw = 0.4 * n[15] + sum(n[a] for a in range(20, 65, 5))
            bw = t[("beschermd_wonen", "18-64", var)]
            assert v[("GM0001", jaar, "beschermd_wonen", var)] == pytest.approx(volw * bw)
    assert set(v.index.get_level_values("woonvorm")) == set(K.woonvormen)


def test_vraag_met_afwijkende_kengetallen(K):
    K2 = kg.uit_boom(K.origineel, {"geclusterd": {"85+": {"midden": 0.5, "hoog": 0.6}}})
    p = _kleine_prognose()
    v1 = pv.vraag(p, K).query("woonvorm == 'geclusterd' and variant == 'midden' and jaar == 2024")["aantal"].iloc[0]
    v2 = pv.vraag(p, K2).query("woonvorm == 'geclusterd' and variant == 'midden' and jaar == 2024")["aantal"].iloc[0]
    assert v2 - v1 == pytest.approx((0.5 - 0.15) * 1140)


def test_open_klasse_die_niet_past_is_fout(K):
    p = _kleine_prognose()
    p = p[p["leeftijd_van"] < 90].copy()
    p.loc[p["leeftijd_van"] == 85, "leeftijd_tot"] = pd.NA  # 85+ open, but verpleegzorg splits 85-89 / 90+
    with pytest.raises(GegevensOntbreken, match="open bevolkingsklasse 85\\+"):
        pv.vraag(p, K)


def test_vraag_tabel(K):
    vt = pt.vraag_tabel(pv.vraag(_kleine_prognose(), K), K, "GM0001", [2024, 2034])
    assert list(vt.columns[:5]) == ["woonvorm", "eenheid", "2024 laag", "2024", "2024 hoog"]
    assert len(vt) == 5


# --------------------------------------------------------------------------------------------------
# national targets
# --------------------------------------------------------------------------------------------------
def test_doelen_landelijk_naar_aandeel(K):
    n1, n2, nl = leeg(), leeg(), leeg()
    n1[15], n1[16] = 100, 50  # 75+ = 150, 80+ = 50 (per sex)
    n2[15], n2[17] = 300, 100
    nl[15], nl[16], nl[17] = 10_000, 5_000, 5_000  # NL00: 75+ = 20.000, 80+ = 10.000 per sex
    b = bevolking({("GM0001", "man"): n1, ("GM0001", "vrouw"): n1, ("GM0002", "man"): n2, ("GM0002", "vrouw"): n2,
                   ("NL00", "man"): nl, ("NL00", "vrouw"): nl})
    d = pv.doelen_landelijk(b, ["GM0001", "GM0002"], 2024, K).set_index(["gemeentecode", "woonvorm"])
    assert d.loc[("GM0001", "nultreden"), "aandeel"] == pytest.approx(300 / 40_000)
    assert d.loc[("GM0001", "nultreden"), "aantal"] == pytest.approx(170_000 * 300 / 40_000)
    assert d.loc[("GM0002", "geclusterd"), "aantal"] == pytest.approx(80_000 * 800 / 40_000)
    assert d.loc[("GM0001", "verpleegzorg"), "aantal"] == pytest.approx(40_000 * 100 / 20_000)
    assert (d["jaar"] == 2030).all()
    assert d["grondslag"].str.contains("Nederland").all()
    # without NL00: the sum of the gemeenten in the source, with a warning in grondslag
    d2 = pv.doelen_landelijk(b[b["gemeentecode"] != "NL00"], ["GM0001"], 2024, K)
    assert d2.set_index("woonvorm").loc["nultreden", "aandeel"] == pytest.approx(300 / 1100)
    assert d2["grondslag"].str.contains("te hoog").all()


# --------------------------------------------------------------------------------------------------
# aandachtsgroepen
# --------------------------------------------------------------------------------------------------
def test_voorraad_stroom_tegen_handberekening():
    # S0 = 40 in a voorziening, instroom 10 and uitstroom 14 per year: u = 14/40 = 0,35 per year (mean stay
    # 40/14 = 2,857 years), evenwicht S* = 10/0,35 = 28,571; S(t) = S* + (40 - S*)·e^(-0,35·t)
    reeks, evenwicht = pv.voorraad_stroom(40, 10, 14, [0, 1, 7, 50])
    assert evenwicht == pytest.approx(200 / 7)
    assert reeks[0] == pytest.approx(40)
    assert reeks[1] == pytest.approx(200 / 7 + (40 - 200 / 7) * 0.704688, rel=1e-6)  # e^-0,35 = 0,704688
    assert reeks[2] == pytest.approx(29.55767, rel=1e-5)  # 28,5714 + 11,4286 × e^-2,45 (0,086294)
    assert reeks[3] == pytest.approx(evenwicht, rel=1e-6)
    # a small stock with a large inflow: 8 people, 12 in and 6 out per year -> u = 0,75, S* = 16; the old
    # linear model gave 8 + 20 × 6 = 128 after 20 years
    reeks, evenwicht = pv.voorraad_stroom(8, 12, 6, range(0, 21))
    assert evenwicht == 16 and reeks[-1] == pytest.approx(16, abs=1e-5)
    assert all(a <= b <= evenwicht for a, b in zip(reeks, reeks[1:]))  # rises monotonically, never above S*
    # flows larger than the stock (short stays): still converges, never overshoots
    reeks, evenwicht = pv.voorraad_stroom(5, 130, 125, [0.5, 1, 2])
    assert evenwicht == pytest.approx(5.2) and all(5 <= x <= 5.2 for x in reeks)
    with pytest.raises(ValueError):
        pv.voorraad_stroom(0, 3, 2, [1])


def test_groepen_prognose():
    a = pd.DataFrame([
        {"gemeentecode": "GM0001", "groep": "uitstroom_bw", "jaar": 2023, "aantal": 40, "eenheid": "personen",
         "instroom_per_jaar": 10, "uitstroom_per_jaar": 14, "taakstelling_per_jaar": pd.NA},
        {"gemeentecode": "GM0001", "groep": "statushouders", "jaar": 2024, "aantal": 30, "eenheid": "personen",
         "instroom_per_jaar": pd.NA, "uitstroom_per_jaar": pd.NA, "taakstelling_per_jaar": 45},
        {"gemeentecode": "GM0001", "groep": "dak_thuislozen", "jaar": 2024, "aantal": 25, "eenheid": "personen",
         "instroom_per_jaar": 8, "uitstroom_per_jaar": pd.NA, "taakstelling_per_jaar": pd.NA},
        {"gemeentecode": "GM0001", "groep": "sociale_urgentie", "jaar": 2024, "aantal": 12, "eenheid": "huishoudens",
         "instroom_per_jaar": 20, "uitstroom_per_jaar": 3, "taakstelling_per_jaar": pd.NA},
        {"gemeentecode": "GM0001", "groep": "uitstroom_mo", "jaar": 2024, "aantal": 7, "eenheid": "personen",
         "instroom_per_jaar": 12, "uitstroom_per_jaar": 0, "taakstelling_per_jaar": pd.NA},
        {"gemeentecode": "GM0002", "groep": "uitstroom_bw", "jaar": 2024, "aantal": 5, "eenheid": "personen",
         "instroom_per_jaar": 0, "uitstroom_per_jaar": 2, "taakstelling_per_jaar": pd.NA},
        {"gemeentecode": "GM0002", "groep": "uitstroom_ggz", "jaar": 2024, "aantal": 8, "eenheid": "personen",
         "instroom_per_jaar": 12, "uitstroom_per_jaar": 6, "taakstelling_per_jaar": pd.NA},
        {"gemeentecode": "GM0003", "groep": "uitstroom_bw", "jaar": 2024, "aantal": 99, "eenheid": "personen",
         "instroom_per_jaar": 0, "uitstroom_per_jaar": 2, "taakstelling_per_jaar": pd.NA},  # not in the regio
    ])
    g = pv.groepen_prognose(a, ["GM0001", "GM0002"], 2024, horizon=20)
    assert sorted(set(g["variant"])) == ["hoog", "laag", "midden"]
    x = g.set_index(["gemeentecode", "groep", "jaar", "variant"])
    m = g[g["variant"] == "midden"].set_index(["gemeentecode", "groep", "jaar"])
    assert m.loc[("GM0001", "uitstroom_bw", 2023), "aantal"] == 40
    # stock-flow: 7 years after 2023 = the hand computation above (29,558), evenwicht 28,571
    assert m.loc[("GM0001", "uitstroom_bw", 2030), "aantal"] == pytest.approx(29.55767, rel=1e-5)
    assert m.loc[("GM0001", "uitstroom_bw", 2030), "evenwicht"] == pytest.approx(200 / 7)
    assert "voorraad-stroommodel" in m.loc[("GM0001", "uitstroom_bw", 2030), "methode"]
    # laag/hoog: instroom 25 % lower/higher, same mean stay -> evenwicht 0,75 / 1,25 × 28,571
    assert x.loc[("GM0001", "uitstroom_bw", 2030, "laag"), "evenwicht"] == pytest.approx(0.75 * 200 / 7)
    assert x.loc[("GM0001", "uitstroom_bw", 2030, "hoog"), "evenwicht"] == pytest.approx(1.25 * 200 / 7)
    bw = ("GM0001", "uitstroom_bw", 2044)
    assert x.loc[(*bw, "laag"), "aantal"] < m.loc[bw, "aantal"] < x.loc[(*bw, "hoog"), "aantal"]
    # the small group that used to explode (8 + 20 × (12 - 6) = 128 in 2044) tends to 12 × 8/6 = 16
    assert m.loc[("GM0002", "uitstroom_ggz", 2044), "aantal"] == pytest.approx(16, abs=0.01)
    assert m.loc[("GM0002", "uitstroom_bw", 2034), "aantal"] == pytest.approx(5 * math.exp(-0.4 * 10))  # no inflow
    # no group prognosis exceeds max(start, evenwicht)
    mod = g[g["evenwicht"].notna()]
    start = mod.groupby(["gemeentecode", "groep", "variant"])["aantal"].transform("first")
    assert (mod["aantal"] <= np.maximum(start, mod["evenwicht"]) + 1e-9).all()
    # no numbers in the method text (flows beside a suppressed start would reveal it)
    kaal = g["methode"].str.replace(r"\((20\d\d)\)|25 %", "", regex=True)
    assert not kaal.str.contains(r"\d", regex=True).any(), kaal[kaal.str.contains(r"\d", regex=True)].tolist()
    # uitstroom 0: no mean stay, so constant (not 7 + 12 per year)
    assert m.loc[("GM0001", "uitstroom_mo", 2044), "aantal"] == 7
    assert "verblijfsduur onbekend" in m.loc[("GM0001", "uitstroom_mo", 2044), "methode"]
    assert m.loc[("GM0001", "statushouders", 2030), "aantal"] == 45
    assert x.loc[("GM0001", "statushouders", 2030, "hoog"), "aantal"] == 45  # a policy number: no band
    assert "taakstelling" in m.loc[("GM0001", "statushouders", 2030), "methode"]
    assert m.loc[("GM0001", "dak_thuislozen", 2034), "aantal"] == 25
    assert "ontbreekt" in m.loc[("GM0001", "dak_thuislozen", 2034), "methode"]
    assert m.loc[("GM0001", "sociale_urgentie", 2034), "aantal"] == 12  # yearly number: held constant
    assert "constant" in m.loc[("GM0001", "sociale_urgentie", 2034), "methode"]
    assert "GM0003" not in set(g["gemeentecode"])
    assert g["jaar"].max() == 2044
    assert pv.groepen_prognose(None, ["GM0001"], 2024).empty


# --------------------------------------------------------------------------------------------------
# imported prognosis, settings
# --------------------------------------------------------------------------------------------------
def _schrijf_invoer(map_: Path, rijen: list[str]) -> None:
    kop = "gemeentecode,jaar,geslacht,leeftijd_van,leeftijd_tot,variant,aantal,bron"
    (map_ / "prognose.csv").write_text("\n".join([kop, *rijen]) + "\n", encoding="utf-8")


def test_invoer_vervangt_eigen_prognose(tmp_path, K):
    rijen = []
    for jaar in range(2024, 2045):
        for g in ("man", "vrouw"):
            for van, tot in KLASSEN:
                rijen.append(f"GM0001,{jaar},{g},{van},{'' if tot is None else tot},midden,{100 + jaar - 2024},"
                             "Provincie X prognose 2024")
    _schrijf_invoer(tmp_path, rijen)
    inv = lees_prognose(tmp_path)
    assert len(inv) == len(rijen)
    b = bevolking({(c, g): realistisch(10, i) for i, (c, g) in enumerate(
        [("GM0001", "man"), ("GM0001", "vrouw"), ("GM0002", "man"), ("GM0002", "vrouw")])})
    res = pr.bereken(b, None, ["GM0001", "GM0002"], 2024, K, invoer=inv)
    gebruikt = res.gebruikt.set_index("gemeentecode")["methode"]
    assert gebruikt["GM0001"] == "invoer: Provincie X prognose 2024"
    assert gebruikt["GM0002"] == pr.EIGEN
    assert (res.bevolking[res.bevolking["gemeentecode"] == "GM0001"]["methode"] == gebruikt["GM0001"]).all()
    assert res.eigen["gemeentecode"].nunique() == 2  # own projection kept for comparison
    vg = pr.vergelijking(res.eigen, res.invoer, jaren=[2034])
    assert set(vg["gemeentecode"]) == {"GM0001"} and (vg["invoer"] == 2 * 110 * vg["leeftijdsgroep"].map(
        {"65+": 7, "75+": 5, "85+": 3})).all()
    # an import that starts after the base year gets the observed base year in front
    inv_later = inv[inv["jaar"] >= 2025]
    res3 = pr.bereken(b, None, ["GM0001"], 2024, K, invoer=inv_later)
    assert (res3.bevolking.query("jaar == 2024")["aantal"].sum()
            == b[b["gemeentecode"] == "GM0001"]["aantal"].sum())
    # bron 'eigen' ignores the import
    res2 = pr.bereken(b, None, ["GM0001"], 2024, K, invoer=inv, instellingen=params.Prognose(bron="eigen"))
    assert res2.invoer is None and res2.gebruikt["methode"].iloc[0] == pr.EIGEN


def test_invoer_fouten_met_bestand_en_regel(tmp_path):
    _schrijf_invoer(tmp_path, ["GM0001,2030,man,0,4,midden,10,x", "GM0001,2030,man,5,9,middel,10,x",
                               "GM0001,2030,man,10,14,midden,-3,x"])
    with pytest.raises(InvoerFout) as e:
        lees_prognose(tmp_path)
    assert "prognose.csv, regel 3, kolom 'variant'" in str(e.value)
    assert lees_prognose(tmp_path / "bestaat_niet") is None
    assert lees_prognose(None) is None


def test_invoer_verplicht_maar_afwezig(K):
    b = bevolking({("GM0001", "man"): realistisch(1, 1), ("GM0001", "vrouw"): realistisch(1, 2)})
    with pytest.raises(GegevensOntbreken, match="prognose.bron is 'invoer'"):
        pr.bereken(b, None, ["GM0001"], 2024, K, instellingen=params.Prognose(bron="invoer"))


def test_instellingen_validatie(tmp_path):
    # the prognose settings are the ``prognose:`` section of the regio file (params.Prognose)
    assert params.laad_regio(regio_yaml(tmp_path, "")).prognose == params.Prognose()
    assert params.laad_regio(regio_yaml(tmp_path, "prognose:\n  horizon: 10\n")).prognose.horizon == 10
    with pytest.raises(ParamsFout, match="prognose.horizon: moet een geheel getal"):
        params.laad_regio(regio_yaml(tmp_path, "prognose:\n  horizon: twintig\n"))
    with pytest.raises(ParamsFout, match="prognose.horzon: onbekende sleutel.*bedoelde u 'horizon'"):
        params.laad_regio(regio_yaml(tmp_path, "prognose:\n  horzon: 10\n"))
    with pytest.raises(ParamsFout, match="prognose.bron: ongeldige waarde 'provincie'"):
        params.laad_regio(regio_yaml(tmp_path, "prognose:\n  bron: provincie\n"))


def test_terugblik():
    p = _kleine_prognose()
    ow = pd.DataFrame({"gemeentecode": ["GM0001"], "jaar": [2034], "bevolking_1jan": [8000]})
    t = pr.terugblik(p, ow)
    # 2034 midden total = 2 × 2 × (10 + 20 + … + 200) = 8400
    assert t.iloc[0]["prognose"] == 8400 and t.iloc[0]["verschil_aandeel"] == pytest.approx(0.05)  # 400 / 8000


def test_basis_verschillen_tussen_totaal_en_man_plus_vrouw():
    rij = lambda g, van, n: {"gemeentecode": "GM0001", "jaar": 2021, "geslacht": g, "leeftijd_van": van,  # noqa: E731
                             "leeftijd_tot": van + 9 if van < 90 else None, "aantal": n}
    b = pd.DataFrame([rij("man", 70, 100), rij("vrouw", 70, 105), rij("totaal", 70, 200),
                      rij("man", 80, 40), rij("vrouw", 80, 60), rij("totaal", 80, 100),
                      rij("man", 90, 5), rij("vrouw", 90, 10), rij("totaal", 90, 20)])
    v = pr.basis_verschillen(b, "GM0001", 2021).set_index("leeftijdsgroep")
    assert v.loc["65+"].tolist() == [320, 320, 0]
    assert v.loc["75+"].tolist() == [120, 115, 5]
    assert v.loc["85+"].tolist() == [20, 15, 5]
    tekst = pt.basis_verschil_tekst(v.reset_index(), "Testdorp", 2021)
    assert "75+ 120 in de bron tegen 115" in tekst and "65+" not in tekst
    gelijk = b[b["leeftijd_van"] == 70]
    assert pt.basis_verschil_tekst(pr.basis_verschillen(gelijk.assign(aantal=[100, 100, 200]), "GM0001",
                                                                    2021), "X", 2021) == ""
    assert pr.basis_verschillen(b[b["geslacht"] != "totaal"], "GM0001", 2021).empty
