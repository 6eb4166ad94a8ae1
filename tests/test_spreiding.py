"""Unit tests for wzlib.spreiding: rounding, art. 29, concentratie-index, keys, swaps, 30 % sociale huur.

Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from wzlib import spreiding as sp
from wzlib.fouten import GegevensOntbreken, ParamsFout

CODES = ["GM9901", "GM9902", "GM9903"]


# --------------------------------------------------------------------------------------------------
# largest remainder
# --------------------------------------------------------------------------------------------------
def test_grootste_rest_handvoorbeeld():
    # 7 over weights 5:3:2 -> quota 3.5, 2.1, 1.4 -> floors 3, 2, 1 (=6); 1 left -> largest remainder (0.5)
    uit = sp.grootste_rest(pd.Series([5, 3, 2], index=CODES), 7)
    assert uit.to_dict() == {"GM9901": 4, "GM9902": 2, "GM9903": 1}
    assert uit.dtype == "int64"


def test_grootste_rest_tweede_voorbeeld_niet_naar_grootste_gewicht():
    # 10 over 62:25:13 -> quota 6.2, 2.5, 1.3 -> floors 6, 2, 1 (=9); remainders .2 .5 .3 -> GM9902 gets it
    uit = sp.grootste_rest(pd.Series([62, 25, 13], index=CODES), 10)
    assert uit.tolist() == [6, 3, 1]


def test_grootste_rest_gelijke_resten_deterministisch():
    # 10 over 1:1:1 -> 3.33 each; the one left goes to the first in index order
    uit = sp.grootste_rest(pd.Series([1, 1, 1], index=CODES), 10)
    assert uit.tolist() == [4, 3, 3]


def test_grootste_rest_exacte_quota_geen_float_fout():
    # 10 over 0.1:0.2:0.7 -> 1, 2, 7 exactly in decimals: float error must not push 7 down to 6
    uit = sp.grootste_rest(pd.Series([0.1, 0.2, 0.7], index=CODES), 10)
    assert uit.tolist() == [1, 2, 7]


def test_grootste_rest_fouten():
    with pytest.raises(GegevensOntbreken, match="Alle gewichten zijn 0"):
        sp.grootste_rest(pd.Series([0, 0], index=CODES[:2]), 5)
    with pytest.raises(GegevensOntbreken, match="GM9902"):
        sp.grootste_rest(pd.Series([1, np.nan], index=CODES[:2]), 5)
    with pytest.raises(GegevensOntbreken, match="negatief"):
        sp.grootste_rest(pd.Series([1, 2], index=CODES[:2]), -1)
    assert sp.grootste_rest(pd.Series([0, 0], index=CODES[:2]), 0).tolist() == [0, 0]


@pytest.mark.parametrize("seed", range(25))
def test_grootste_rest_som_altijd_exact(seed):
    rng = np.random.default_rng(seed)
    w = pd.Series(rng.integers(0, 100_000, size=rng.integers(2, 12)).astype(float))
    w.iloc[0] += 1  # never all zero
    totaal = int(rng.integers(0, 5000))
    uit = sp.grootste_rest(w, totaal)
    assert uit.sum() == totaal
    assert (uit >= 0).all()
    quota = totaal * w / w.sum()
    assert ((uit - quota).abs() < 1).all()  # never more than one unit from the exact quota


# --------------------------------------------------------------------------------------------------
# art. 29 Huisvestingswet
# --------------------------------------------------------------------------------------------------
def test_art29_handvoorbeeld():
    # 15 statushouders, inwoners 50.000 / 30.000 / 20.000 (regio 100.000):
    # 15*0.5 = 7.5 -> 8; 15*0.3 = 4.5 -> 5; 15*0.2 = 3.0 -> 3 (exact: not rounded up); sum 16 = total + 1
    uit = sp.art29_taakstelling(pd.Series([50_000, 30_000, 20_000], index=CODES), 15)
    assert uit.tolist() == [8, 5, 3]
    assert uit.sum() - 15 == 1


@pytest.mark.parametrize("seed", range(10))
def test_art29_nooit_minder_en_hooguit_n_min_1_meer(seed):
    rng = np.random.default_rng(100 + seed)
    inw = pd.Series(rng.integers(1000, 200_000, size=7).astype(float))
    totaal = int(rng.integers(1, 800))
    uit = sp.art29_taakstelling(inw, totaal)
    assert totaal <= uit.sum() <= totaal + len(inw) - 1
    assert (uit >= totaal * inw / inw.sum() - 1e-9).all()


# --------------------------------------------------------------------------------------------------
# concentratie-index, Gini, max/min
# --------------------------------------------------------------------------------------------------
def test_concentratie_index_handvoorbeeld():
    # aantal 20/20/60 (shares .2 .2 .6), inwoners 2000/4000/4000 (shares .2 .4 .4) -> 1.0, 0.5, 1.5
    ci = sp.concentratie_index(pd.Series([20, 20, 60], index=CODES), pd.Series([2000, 4000, 4000], index=CODES))
    assert ci.round(9).tolist() == [1.0, 0.5, 1.5]
    # inhabitant-weighted mean of the index is always 1
    assert float((ci * pd.Series([.2, .4, .4], index=CODES)).sum()) == pytest.approx(1.0)


def test_concentratie_index_onbekend_bij_ontbrekend():
    ci = sp.concentratie_index(pd.Series([20, np.nan, 60], index=CODES), pd.Series([1, 1, 1], index=CODES))
    assert ci.isna().all()


def test_gini_en_max_min():
    assert sp.gini([1, 1, 1]) == 0
    assert sp.gini([0, 0, 0, 1]) == pytest.approx(0.75)  # 6 / (2*16*0.25)
    assert sp.gini([1, 3]) == pytest.approx(0.25)  # 4 / (2*4*2)
    assert math.isnan(sp.gini([0, 0]))
    assert sp.max_min([2, 4, 8]) == 4
    assert math.isnan(sp.max_min([0, 4]))


# --------------------------------------------------------------------------------------------------
# 30 % sociale huur
# --------------------------------------------------------------------------------------------------
def test_benodigde_groei_handvoorbeeld():
    # S = 1000, SH = 200, n = 0.5: (300 - 200) / (0.5 - 0.3) = 500; check (200 + 250) / 1500 = 30 %
    assert sp.benodigde_groei_sociaal(1000, 200, 0.5) == pytest.approx(500)
    assert sp.benodigde_groei_sociaal(1000, 350, 0.5) == 0  # already above 30 %
    assert math.isnan(sp.benodigde_groei_sociaal(1000, 200, 0.3))  # never closes


def test_sociale_huur_30_tabel():
    k = sp.kenmerken_tabel(CODES, {c: 1 for c in CODES}, woningvoorraad={"GM9901": 1000, "GM9902": 1000,
                                                                         "GM9903": 1000},
                           sociale_huurvoorraad={"GM9901": 200, "GM9902": 200, "GM9903": 400},
                           nieuwbouw_per_jaar={"GM9901": 50, "GM9902": 10, "GM9903": 20})
    t = sp.sociale_huur_30(k, sp.SpreidingParams()).set_index("gemeentecode")
    # GM9901: tekort 100, B = 500 over 10 jaar -> 0.3 + 100/500 = 50 %; check (200 + 250) / 1500 = 30 %
    assert t.loc["GM9901", "aandeel_sociale_huur"] == pytest.approx(20)
    assert t.loc["GM9901", "afstand_tot_doel"] == pytest.approx(10)
    assert t.loc["GM9901", "tekort"] == pytest.approx(100)
    assert t.loc["GM9901", "benodigd_aandeel_nieuwbouw"] == pytest.approx(50)
    # GM9902: B = 100 -> 0.3 + 1.0 = 130 % -> not reachable with new-build alone
    assert t.loc["GM9902", "benodigd_aandeel_nieuwbouw"] == pytest.approx(130)
    assert "niet haalbaar" in t.loc["GM9902", "status"]
    assert t.loc["GM9903", "benodigd_aandeel_nieuwbouw"] == 0
    assert t.loc["GM9903", "status"] == "op of boven het doel"
    assert t.loc["GM9901", "groei_bij_n"] == pytest.approx(500)


# --------------------------------------------------------------------------------------------------
# params
# --------------------------------------------------------------------------------------------------
def test_params_standaard_en_geldig():
    p = sp.lees_params(None)
    assert sum(p.gewichten.values()) == pytest.approx(1)
    p = sp.lees_params({"gewichten": {"sociale_huurvoorraad": 0.5, "mutaties": 0.5}, "concentratiestraf": 0,
                        "ruilingen": [{"van": "gm9901", "naar": "GM9902", "aantal": 3, "groep": "statushouders",
                                       "reden": "nieuwbouwproject"}]})
    assert p.gewichten["voorzieningen"] == 0
    assert p.ruilingen[0].van == "GM9901" and p.ruilingen[0].nr == 1


@pytest.mark.parametrize("ruw, melding", [
    ({"gewicht": {}}, r"spreiding\.gewicht: onbekende sleutel"),
    ({"gewichten": {"mutaties": 0.5}}, r"spreiding\.gewichten: .*tellen op tot 0,5;"),
    ({"gewichten": {"bus": 1}}, r"spreiding\.gewichten\.bus: onbekende component"),
    ({"gewichten": {"mutaties": "veel"}}, r"spreiding\.gewichten\.mutaties: moet een getal zijn"),
    ({"concentratiestraf": 2}, r"spreiding\.concentratiestraf: moet tussen 0 en 1"),
    ({"termijn_jaren": 2.5}, r"spreiding\.termijn_jaren: moet een geheel getal"),
    ({"ruilingen": {"van": "GM9901"}}, r"spreiding\.ruilingen: moet een lijst"),
    ({"ruilingen": [{"van": "GM9901", "naar": "GM9902", "aantal": 2, "groep": "x"}]},
     r"spreiding\.ruilingen\[0\]\.reden: ontbreekt"),
    ({"ruilingen": [{"van": "GM9901", "naar": "GM9901", "aantal": 2, "groep": "x", "reden": "r"}]},
     r"ruilingen\[0\]: van en naar"),
    ({"ruilingen": [{"van": "Hilversum", "naar": "GM9901", "aantal": 2, "groep": "x", "reden": "r"}]},
     r"ruilingen\[0\]\.van: moet een gemeentecode"),
    ({"ruilingen": [{"van": "GM9902", "naar": "GM9901", "aantal": -2, "groep": "x", "reden": "r"}]},
     r"ruilingen\[0\]\.aantal: moet een geheel getal groter dan 0"),
    ({"ruilingen": [{"van": "GM9902", "naar": "GM9901", "aantal": 2, "groep": "x", "reden": "r",
                     "sleutel": "loting"}]}, r"ruilingen\[0\]\.sleutel: onbekende verdeelsleutel"),
])
def test_params_fouten_noemen_de_sleutel(ruw, melding):
    with pytest.raises(ParamsFout, match=melding):
        sp.lees_params(ruw, bron="params/regios/x.yaml")


def test_params_fout_noemt_het_bestand():
    with pytest.raises(ParamsFout, match=r"^params/regios/x\.yaml: spreiding\.variant"):
        sp.lees_params({"variant": 3}, bron="params/regios/x.yaml")


# --------------------------------------------------------------------------------------------------
# keys and the full verdeling
# --------------------------------------------------------------------------------------------------
def _kenmerken(**kw):
    basis = dict(inwoners={"GM9901": 50_000, "GM9902": 30_000, "GM9903": 20_000},
                 woningvoorraad={"GM9901": 22_000, "GM9902": 13_000, "GM9903": 9_000},
                 sociale_huurvoorraad={"GM9901": 6_000, "GM9902": 2_000, "GM9903": 2_000},
                 mutaties={"GM9901": 400, "GM9902": 100, "GM9903": 100},
                 concentratie_index={"GM9901": 1.0, "GM9902": 1.0, "GM9903": 1.0})
    basis.update(kw)
    return sp.kenmerken_tabel(CODES, **basis)


def _opgave():
    rijen = []
    for groep, eigen, huidig in (("statushouders", [10, 3, 2], [8, 4, 1]),
                                 ("dakloos", [12, 2, 1], [10, 2, 0]),
                                 ("uitstroom_bw", [5, 5, 5], [6, 4, 3])):
        for c, e, h in zip(CODES, eigen, huidig):
            rijen.append({"groep": groep, "gemeentecode": c, "eigen_behoefte": e, "huidige_inzet": h,
                          "eenheid": "huishoudens per jaar", "bron": "test"})
    return pd.DataFrame(rijen)


def test_lokale_sleutel_handvoorbeeld():
    # voorzieningen unknown -> weights .4/.4 rescaled to .5/.5.
    # sociale huur 6000/2000/2000 -> .6 .2 .2; mutaties 400/100/100 -> .667 .167 .167
    # basis = .5*.6 + .5*.6667 = .63333; .5*.2 + .5*.16667 = .18333 (twice)
    # CI 1.4 / 0.6 / 1.0 with straf 0.5: factors 0.8, 1.2, 1.0 -> .50667, .22, .18333 -> / .91 -> .5568 .2418 .2015
    k = _kenmerken(concentratie_index={"GM9901": 1.4, "GM9902": 0.6, "GM9903": 1.0})
    eff = sp.effectieve_gewichten(k, sp.SpreidingParams()).set_index("component")
    assert not eff.loc["voorzieningen", "beschikbaar"]
    assert eff.loc["mutaties", "gewicht_gebruikt"] == pytest.approx(0.5)
    s = sp.lokale_sleutel(k, sp.SpreidingParams()).set_index("gemeentecode")
    assert s["basis"].tolist() == pytest.approx([0.633333, 0.183333, 0.183333], abs=1e-6)
    assert s["straffactor"].tolist() == pytest.approx([0.8, 1.2, 1.0])
    assert s["aandeel"].tolist() == pytest.approx([0.506667 / 0.91, 0.22 / 0.91, 0.183333 / 0.91], abs=1e-6)
    assert s["aandeel"].sum() == pytest.approx(1)


def test_lokale_sleutel_voorzieningen_en_terugval():
    # voorzieningen: x = inwoners / (1 + afstand): 50000/2, 30000/1, 20000/4 -> 25000, 30000, 5000 -> /60000
    k = _kenmerken(afstand_voorzieningen_km={"GM9901": 1.0, "GM9902": 0.0, "GM9903": 3.0})
    p = sp.lees_params({"gewichten": {"voorzieningen": 1.0}, "concentratiestraf": 0})
    s = sp.lokale_sleutel(k, p)["aandeel"].tolist()
    assert s == pytest.approx([25 / 60, 30 / 60, 5 / 60])
    # nothing usable -> inwoners
    k2 = _kenmerken(sociale_huurvoorraad=None, mutaties=None)
    eff = sp.effectieve_gewichten(k2, sp.SpreidingParams())
    assert eff.set_index("component").loc["inwoners", "gewicht_gebruikt"] == 1
    assert sp.lokale_sleutel(k2, p)["aandeel"].tolist() == pytest.approx([0.5, 0.3, 0.2])


def test_verdeel_totalen_per_sleutel():
    p = sp.SpreidingParams()
    v = sp.verdeel(_opgave(), _kenmerken(), p)
    assert set(v["sleutel"]) == set(sp.SLEUTELS)
    som = v.groupby(["sleutel", "groep"])["toedeling"].sum()
    totaal = {"statushouders": 15, "dakloos": 15, "uitstroom_bw": 15}
    for (s, g), n in som.items():
        if s == sp.NAAR_RATO and g in p.art29_groepen:
            assert totaal[g] <= n <= totaal[g] + len(CODES) - 1
        else:
            assert n == totaal[g], (s, g)
    # naar rato for statushouders = art. 29 hand example (15 over 50/30/20 thousand -> 8, 5, 3)
    st = v[(v["sleutel"] == sp.NAAR_RATO) & (v["groep"] == "statushouders")]
    assert st["toedeling"].tolist() == [8, 5, 3]
    assert (st["afronding"] == sp.ART29).all()
    # naar rato for other groups: largest remainder, 15 -> 7.5, 4.5, 3 -> 7, 4, 3 + 1 to the first tie
    dk = v[(v["sleutel"] == sp.NAAR_RATO) & (v["groep"] == "dakloos")]
    assert dk["toedeling"].tolist() == [8, 4, 3]
    # eigen behoefte: whole own demand is kept exactly
    eb = v[(v["sleutel"] == sp.EIGEN_BEHOEFTE) & (v["groep"] == "dakloos")]
    assert eb["toedeling"].tolist() == [12, 2, 1]
    # verschil and last
    assert eb["verschil"].tolist() == [2, 0, 1]
    assert eb["last"].tolist() == pytest.approx([12 / 400, 2 / 100, 1 / 100])


@pytest.mark.parametrize("seed", range(15))
def test_totalen_behouden_onder_elke_sleutel_en_ruiling(seed):
    rng = np.random.default_rng(seed)
    inw = {c: float(rng.integers(5_000, 150_000)) for c in CODES}
    sh = {c: float(rng.integers(500, 20_000)) for c in CODES}
    k = sp.kenmerken_tabel(CODES, inw, sociale_huurvoorraad=sh, mutatiegraad=0.06,
                           afstand_voorzieningen_km={c: float(rng.uniform(0.2, 5)) for c in CODES},
                           concentratie_index={c: float(rng.uniform(0.3, 2.5)) for c in CODES})
    rijen = [{"groep": g, "gemeentecode": c, "eigen_behoefte": float(rng.uniform(0, 80)),
              "huidige_inzet": float(rng.integers(0, 50))} for g in ("a", "b") for c in CODES]
    opgave = pd.DataFrame(rijen)
    p = sp.lees_params({"art29_groepen": ["a"]})
    v = sp.verdeel(opgave, k, p)
    ov = sp.opgave_overzicht(opgave, CODES, p).set_index("groep")
    voor = v.groupby(["sleutel", "groep"])["toedeling"].sum()
    for (s, g), n in voor.items():
        t = int(ov.loc[g, "totaal"])
        if s == sp.NAAR_RATO and g == "a":
            assert t <= n < t + len(CODES)
        else:
            assert n == t
    assert (v["toedeling"] >= 0).all()
    # swaps: move up to what the giver has under the smallest key
    rg = v[v["groep"] == "b"].groupby("gemeentecode")["toedeling"].min()
    van = rg.idxmax()
    naar = next(c for c in CODES if c != van)
    r = sp.Ruiling(nr=1, van=van, naar=naar, aantal=max(1, int(rg[van])), groep="b", reden="test")
    if rg[van] == 0:
        pytest.skip("niets te ruilen")
    v2, ledger = sp.pas_ruilingen_toe(v, [r], k)
    na = v2.groupby(["sleutel", "groep"])["toedeling"].sum()
    assert na.equals(voor)
    assert (v2["toedeling"] >= 0).all()
    assert len(ledger) == 3  # one line per key
    assert (v2["toedeling"] == v2["toedeling_berekend"] + v2["ruiling"]).all()


def test_ruiling_verplaatst_en_boekt():
    k = _kenmerken()
    v = sp.verdeel(_opgave(), k, sp.SpreidingParams())
    r = sp.Ruiling(nr=1, van="GM9901", naar="GM9903", aantal=3, groep="dakloos", reden="opvanglocatie",
                   sleutel=sp.EIGEN_BEHOEFTE)
    v2, ledger = sp.pas_ruilingen_toe(v, [r], k)
    eb = v2[(v2["sleutel"] == sp.EIGEN_BEHOEFTE) & (v2["groep"] == "dakloos")].set_index("gemeentecode")
    assert eb["toedeling"].to_dict() == {"GM9901": 9, "GM9902": 2, "GM9903": 4}
    assert eb["ruiling"].to_dict() == {"GM9901": -3, "GM9902": 0, "GM9903": 3}
    assert eb.loc["GM9903", "verschil"] == 4  # 4 - huidige inzet 0
    assert eb.loc["GM9903", "last"] == pytest.approx(4 / 100)
    assert ledger.iloc[0][["van_voor", "van_na", "naar_voor", "naar_na"]].tolist() == [12, 9, 1, 4]
    # other keys untouched
    other = v2[(v2["sleutel"] != sp.EIGEN_BEHOEFTE)]
    assert (other["ruiling"] == 0).all()


def test_ruiling_mag_niet_negatief_maken():
    k = _kenmerken()
    v = sp.verdeel(_opgave(), k, sp.SpreidingParams())
    r = sp.Ruiling(nr=2, van="GM9903", naar="GM9901", aantal=5, groep="dakloos", reden="x")
    with pytest.raises(ParamsFout, match=r"spreiding\.ruilingen\[1\]: GM9903 .* negatief"):
        sp.pas_ruilingen_toe(v, [r], k, bron="regio.yaml")
    with pytest.raises(ParamsFout, match=r"ruilingen\[1\]\.groep: 'woonwagen'"):
        sp.pas_ruilingen_toe(v, [sp.Ruiling(2, "GM9901", "GM9902", 1, "woonwagen", "x")], k)
    with pytest.raises(ParamsFout, match="GM0001 hoort niet bij de regio"):
        sp.pas_ruilingen_toe(v, [sp.Ruiling(2, "GM0001", "GM9902", 1, "dakloos", "x")], k)


def test_opgave_overzicht_slaat_onvolledige_groep_over():
    o = _opgave()
    o.loc[(o["groep"] == "uitstroom_bw") & (o["gemeentecode"] == "GM9902"), "eigen_behoefte"] = np.nan
    ov = sp.opgave_overzicht(o, CODES, sp.SpreidingParams()).set_index("groep")
    assert not ov.loc["uitstroom_bw", "verdeeld"]
    assert "GM9902" in ov.loc["uitstroom_bw", "reden"]
    v = sp.verdeel(o, _kenmerken(), sp.SpreidingParams())
    assert "uitstroom_bw" not in set(v["groep"])
    ov2 = sp.opgave_overzicht(_opgave(), CODES, sp.lees_params({"groepen": ["dakloos"]})).set_index("groep")
    assert ov2["verdeeld"].to_dict() == {"statushouders": False, "dakloos": True, "uitstroom_bw": False}


def test_spreidingsmaten():
    k = _kenmerken()
    p = sp.SpreidingParams()
    o = _opgave()
    v = sp.verdeel(o, k, p)
    m = sp.spreidingsmaten(v, k, sp.opgave_overzicht(o, CODES, p)).set_index(["sleutel", "groep"])
    # art. 29 rounding difference shown: 8 + 5 + 3 = 16 vs 15
    assert m.loc[(sp.NAAR_RATO, "statushouders"), "afrondingsverschil"] == 1
    assert m.loc[(sp.EIGEN_BEHOEFTE, "dakloos"), "afrondingsverschil"] == 0
    # eigen behoefte dakloos: last 12/400 = .03, 2/100 = .02, 1/100 = .01 -> max/min 3;
    # gini = (2*(.01 + .02 + .01)) / (2 * 9 * .02) = .08 / .36
    r = m.loc[(sp.EIGEN_BEHOEFTE, "dakloos")]
    assert r["max_min"] == pytest.approx(3)
    assert r["gini"] == pytest.approx(0.08 / 0.36)
    assert r["maat"].startswith("last")
    # without mutaties: per 1.000 inwoners; naar rato gives (almost) equal burden -> low gini
    k2 = _kenmerken(mutaties=None)
    m2 = sp.spreidingsmaten(sp.verdeel(o, k2, p), k2).set_index(["sleutel", "groep"])
    assert m2.loc[(sp.NAAR_RATO, "uitstroom_bw"), "maat"] == "toedeling per 1.000 inwoners"
    assert m2.loc[(sp.NAAR_RATO, "uitstroom_bw"), "gini"] < m2.loc[(sp.EIGEN_BEHOEFTE, "uitstroom_bw"), "gini"]


def test_vergelijk_sleutels_tabel():
    k = _kenmerken()
    v = sp.verdeel(_opgave(), k, sp.SpreidingParams())
    t = sp.vergelijk_sleutels(v, "dakloos", {"GM9901": "Aa", "GM9902": "Bb", "GM9903": "Cc"})
    assert t["Gemeente"].tolist() == ["Aa", "Bb", "Cc"]
    assert t["Eigen behoefte leidend: toedeling"].tolist() == [12, 2, 1]
    assert "Naar rato van gemeentegrootte: verschil" in t.columns


# --------------------------------------------------------------------------------------------------
# where things are now
# --------------------------------------------------------------------------------------------------
def test_concentratie_tabel():
    groepen = pd.DataFrame({"gemeentecode": CODES * 2, "groep": ["dakloos"] * 3 + ["statushouders"] * 3,
                            "aantal": [20, 20, 60, 5, 10, np.nan]})
    k = sp.kenmerken_tabel(CODES, {"GM9901": 2000, "GM9902": 4000, "GM9903": 4000},
                           sociale_huurvoorraad={"GM9901": 500, "GM9902": 1000, "GM9903": 500})
    c = sp.concentratie(groepen, k, totaal_groepen=["dakloos", "statushouders"])
    d = c[c["groep"] == "dakloos"].set_index("gemeentecode")
    assert d["concentratie_index"].round(9).tolist() == [1.0, 0.5, 1.5]
    assert d["per_1000_inwoners"].tolist() == [10, 5, 15]
    assert d["per_1000_sociale_huur"].tolist() == [40, 20, 120]
    assert d["aandeel_regio"].tolist() == pytest.approx([20, 20, 60])
    s = c[c["groep"] == "statushouders"]
    assert s["concentratie_index"].isna().all()  # one gemeente unknown -> no comparison
    alle = c[c["groep"] == sp.ALLE_GROEPEN]
    # only dakloos is complete -> the mean index equals the dakloos index
    assert alle["concentratie_index"].round(9).tolist() == [1.0, 0.5, 1.5]
    # two complete groups: the unweighted mean of their indices (units differ, counts are not added)
    groepen.loc[5, "aantal"] = 5  # statushouders 5/10/5 (.25 .5 .25) vs inwoners .2 .4 .4 -> 1.25, 1.25, .625
    c2 = sp.concentratie(groepen, k, totaal_groepen=["dakloos", "statushouders"])
    alle2 = c2[c2["groep"] == sp.ALLE_GROEPEN]["concentratie_index"].tolist()
    assert alle2 == pytest.approx([(1.0 + 1.25) / 2, (0.5 + 1.25) / 2, (1.5 + 0.625) / 2])
    ov = sp.concentratie_overzicht(c, {"GM9901": "Aa"})
    assert ov.columns.tolist() == ["Groep", "Aa", "GM9902", "GM9903"]
    assert ov["Groep"].tolist() == ["Alle aandachtsgroepen samen", "dakloos"]  # statushouders: no index anywhere
    # a groep without any count is left out of the table
    leeg = pd.DataFrame({"gemeentecode": CODES, "groep": "sekswerkers", "aantal": [np.nan] * 3})
    assert "sekswerkers" not in set(sp.concentratie(pd.concat([groepen, leeg]), k)["groep"])


def test_wijken_rangorde():
    w = pd.DataFrame({
        "gebiedscode": ["GM9901", "WK990101", "WK990102", "WK990201", "WK990202"],
        "soort": ["gemeente", "wijk", "wijk", "wijk", "wijk"],
        "gemeentecode": ["GM9901", "GM9901", "GM9901", "GM9902", "GM9902"],
        "naam": ["A", "Centrum", "Noord", "Dorp", "Leeg"], "jaar": [2024] * 5,
        "inwoners": [3000, 1000, 2000, 500, 0], "leeftijd_65_plus": [600, 300, 200, 200, 0],
        "huishoudens": [1500, 500, 1000, 250, 0], "eenpersoonshuishoudens": [500, 250, 200, 50, 0],
    })
    t = sp.wijken(w, ["GM9901", "GM9902"], 2024, {"GM9901": "Aa", "GM9902": "Bb"})
    assert t["naam"].tolist() == ["Dorp", "Centrum", "Noord"]  # 40 %, 30 %, 10 %; empty wijk left out
    assert t["rang"].tolist() == [1, 2, 3]
    # regio share 65+ over the wijken: 700 / 3500 = 20 % -> Dorp index 2.0
    assert t.loc[0, "index_65_plus"] == pytest.approx(2.0)
    assert t.loc[1, "aandeel_eenpersoons"] == pytest.approx(50)
    assert t.loc[0, "gemeente"] == "Bb"


# --------------------------------------------------------------------------------------------------
# display helpers
# --------------------------------------------------------------------------------------------------
def test_weergavetabellen():
    k = _kenmerken()
    o = _opgave()
    o["per_jaar"] = True
    p = sp.SpreidingParams()
    v = sp.verdeel(o, k, p)
    namen = {"GM9901": "Aa", "GM9902": "Bb", "GM9903": "Cc"}
    t = sp.verdeling_tabel(v, namen, per_jaar=True, met_verschil=False)
    assert not any(c.endswith("verschil") for c in t.columns)
    assert sp.verdeling_tabel(v, namen, per_jaar=False).empty  # no bouwopgave in this opgave
    lt = sp.last_tabel(v, k, namen).set_index("Gemeente")
    # eigen behoefte, all groups together for Aa: 10 + 12 + 5 = 27 per year, 400 mutaties -> 6.75 %
    assert lt.loc["Aa", "Eigen behoefte leidend: toedeling"] == 27
    assert lt.loc["Aa", "Eigen behoefte leidend: % van de mutaties"] == pytest.approx(6.75)
    # huidige inzet Aa: 8 + 10 + 6 = 24 -> verschil 3
    assert lt.loc["Aa", "Huidige inzet per jaar"] == 24
    assert lt.loc["Aa", "Eigen behoefte leidend: verschil"] == 3
    g = sp.lastgrafiek(v, k, namen)
    assert g.soort == "pct" and len(g.df) == 9
    ov = sp.opgave_overzicht(o, CODES, p, namen)
    assert sp.opgave_tabel(ov)["Verdeeld"].tolist() == ["ja", "ja", "ja"]
    assert "Regionaal totaal" in sp.opgave_tabel(ov).columns
    led = pd.DataFrame(columns=["nr"])
    assert "geen ruilingen" in sp.ruilingen_tekst(led)


def test_jaarlijkse_vraag_regel_en_opgave_aandachtsgroepen():
    assert sp.jaarlijkse_vraag_regel("statushouders") == "taakstelling_per_jaar"
    assert sp.jaarlijkse_vraag_regel("uitstroom_bw") == "uitstroom_per_jaar"
    assert sp.jaarlijkse_vraag_regel("medische_urgentie") == "aantal"  # toegekend "in het jaar"
    assert sp.jaarlijkse_vraag_regel("dak_thuislozen") == "instroom_per_jaar"
    ag = pd.DataFrame({
        "gemeentecode": ["GM9901", "GM9902", "GM9901", "GM9902", "GM9901"],
        "groep": ["statushouders", "statushouders", "uitstroom_bw", "uitstroom_bw", "uitstroom_bw"],
        "jaar": [2024, 2024, 2023, 2024, 2024], "aantal": [31, 300, 5, 200, 4],
        "instroom_per_jaar": [np.nan] * 5, "uitstroom_per_jaar": [np.nan, np.nan, 3, 48, np.nan],
        "taakstelling_per_jaar": [34, 287, np.nan, np.nan, np.nan]})
    o = sp.opgave_aandachtsgroepen(ag, ["GM9901", "GM9902"], 2024).set_index(["groep", "gemeentecode"])
    assert o.loc[("statushouders", "GM9901"), "eigen_behoefte"] == 34
    assert o.loc[("statushouders", "GM9901"), "huidige_inzet"] == 31  # gehuisvest in het jaar
    # uitstroom BW of GM9901: 2024 has no uitstroom figure, so the latest year with one (2023) counts
    assert o.loc[("uitstroom_bw", "GM9901"), "eigen_behoefte"] == 3
    assert o.loc[("uitstroom_bw", "GM9902"), "huidige_inzet"] == 48  # status quo: its own demand
    assert o["per_jaar"].all()


# --------------------------------------------------------------------------------------------------
# boundaries (wzlib.bronnen.geo)
# --------------------------------------------------------------------------------------------------
def _geojson(pad, features):
    import json

    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")


def _vlak(props, x0=4.0, y0=52.0, d=0.1):
    ring = [[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_laad_geo_kiest_jaar_en_herkent_soort(tmp_path):
    from wzlib.bronnen.geo import laad_geo

    _geojson(tmp_path / "geo" / "gemeente_2020.geojson", [_vlak({"gemeentecode": "GM0001", "gemeentenaam": "Oud"})])
    _geojson(tmp_path / "geo" / "gemeente_2023.geojson", [_vlak({"gemeentecode": " gm0002", "gemeentenaam": "Nieuw"})])
    _geojson(tmp_path / "geo" / "wijken.geojson", [_vlak({"wijkcode": "WK000201", "wijknaam": "Centrum"})])
    g = laad_geo(tmp_path, 2021)
    assert g.gemeenten["gemeentecode"].tolist() == ["GM0001"]  # latest indeling <= 2021
    assert laad_geo(tmp_path, 2024).gemeenten["gemeentecode"].tolist() == ["GM0002"]  # stripped, upper case
    assert laad_geo(tmp_path, 2010).gemeenten["gemeentecode"].tolist() == ["GM0001"]  # earliest when none <=
    assert g.heeft_wijken and g.wijken.iloc[0]["gemeentecode"] == "GM0002"  # derived from the wijkcode
    assert g.herkomst["geo_gemeenten"].periode == "indeling 2020"
    assert laad_geo(tmp_path / "bestaat-niet").gemeenten is None


def test_laad_geo_fouten_noemen_het_bestand(tmp_path):
    from wzlib.bronnen.geo import laad_geo
    from wzlib.fouten import InvoerFout

    _geojson(tmp_path / "geo" / "grenzen.geojson", [_vlak({"code": "x"})])
    with pytest.raises(InvoerFout, match=r"grenzen\.geojson.*onbekend soort grenzen"):
        laad_geo(tmp_path)
    (tmp_path / "geo" / "grenzen.geojson").unlink()
    _geojson(tmp_path / "geo" / "g.geojson", [_vlak({"gemeentecode": "GM01"}), _vlak({"gemeentecode": "GM0003"}),
                                              _vlak({"gemeentecode": "GM0003"})])
    with pytest.raises(InvoerFout) as e:
        laad_geo(tmp_path)
    assert "GM + 4 cijfers" in str(e.value) and "meer dan eens" in str(e.value)


def test_laad_geo_repareert_ongeldige_vlakken(tmp_path):
    from wzlib.bronnen.geo import laad_geo

    vlinder = {"type": "Feature", "properties": {"gemeentecode": "GM0001", "gemeentenaam": "A"},
               "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}
    _geojson(tmp_path / "geo" / "g.geojson", [vlinder])
    assert laad_geo(tmp_path).gemeenten.geometry.is_valid.all()


def test_voorbeeld_geo_past_bij_de_voorbeeldgegevens():
    """The committed demo boundaries cover every gemeente and wijk of data/voorbeeld (maak_geo.py is current)."""
    from pathlib import Path

    from wzlib.bronnen.geo import laad_geo

    map_ = Path(__file__).resolve().parents[1] / "data" / "voorbeeld"
    g = laad_geo(map_, 2024, fictief=True)
    rd = {"gemeenten": g.gemeenten.to_crs(28992), "wijken": g.wijken.to_crs(28992)}
    gem = pd.read_csv(map_ / "gemeenten.csv", dtype=str)
    wk = pd.read_csv(map_ / "wijken.csv", dtype=str)
    wk = wk[(wk["soort"] == "wijk") & (wk["jaar"] == wk["jaar"].max())]
    assert sorted(g.gemeenten["gemeentecode"]) == sorted(gem["gemeentecode"])
    assert sorted(g.wijken["gebiedscode"]) == sorted(wk["gebiedscode"])
    # wijken tile their gemeente: areas add up, no overlaps
    for code, d in rd["wijken"].groupby("gemeentecode"):
        gebied = rd["gemeenten"][rd["gemeenten"]["gemeentecode"] == code].geometry.iloc[0].area
        assert d.geometry.area.sum() == pytest.approx(gebied, rel=1e-3)
    assert g.herkomst["geo_wijken"].fictief


def test_kaartlagen():
    import geopandas as gpd
    from shapely.geometry import box

    geo_g = gpd.GeoDataFrame({"gemeentecode": CODES, "gemeentenaam": ["A", "B", "C"]},
                             geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)], crs="EPSG:4326")
    namen = {"GM9901": "Aa", "GM9902": "Bb", "GM9903": "Cc"}
    ouderen = pd.DataFrame({"gemeentecode": CODES, "leeftijdsgroep": "75+", "aandeel": [10.0, 12.0, 9.0]})
    leeg = sp.concentratie(pd.DataFrame(columns=["gemeentecode", "groep", "aantal"]), _kenmerken())
    kl = sp.kaart_gemeenten(geo_g, leeg, namen, ouderen=ouderen)
    assert kl.kolom == "aandeel_75_plus" and kl.gdf["gemeentenaam"].tolist() == ["Aa", "Bb", "Cc"]
    groepen = pd.DataFrame({"gemeentecode": CODES, "groep": "dak_thuislozen", "aantal": [20, 20, 60]})
    conc = sp.concentratie(groepen, _kenmerken(), totaal_groepen=["dak_thuislozen"])
    kl = sp.kaart_gemeenten(geo_g, conc, namen, ouderen=ouderen)
    assert kl.kolom == "concentratie_index"
    assert sp.kaart_gemeenten(None, conc, namen) is None


def test_resultaat_per_gemeente_neemt_eigen_regels():
    """Result files of earlier steps may hold the whole regio: each gemeente contributes its own rows."""
    from wzlib.fouten import GegevensOntbreken

    regio = pd.DataFrame({"gemeentecode": CODES, "aantal": [1, 2, 3]})

    class NepAnalyse:
        def __init__(self, ontbreekt=()):
            self.ontbreekt = set(ontbreekt)

        def resultaat(self, stap, tabel, gemeente=None):
            if gemeente in self.ontbreekt:
                raise GegevensOntbreken("ontbreekt")
            return regio

    df, mist = sp._resultaat_of_none(NepAnalyse(), "10_omvang", "groepen", CODES)
    assert df["gemeentecode"].tolist() == CODES and df["aantal"].tolist() == [1, 2, 3] and mist == []
    df, mist = sp._resultaat_of_none(NepAnalyse({"GM9902"}), "10_omvang", "groepen", CODES)
    assert df is None and mist == ["GM9902"]
