"""Unit tests for stap 4 (spreiding): rounding, art. 29, concentratie-index, keys, swaps, 30 % sociale huur.

Computation lives in :mod:`wzlib.spreiding` (where the groups live now, kenmerken, verzamel) and
:mod:`wzlib.verdeling` (fair share); display tables and maps in :mod:`wzlib.spreiding_tekst`.
Shares are fractions 0..1. Expected values are worked out by hand in the comments. Validation of the
``spreiding:`` section of a regio file is tested in tests/test_params.py.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from conftest import kopie_van

from wzlib import spreiding as sp
from wzlib import spreiding_tekst as st
from wzlib import verdeling as vd
from wzlib.fouten import GegevensOntbreken, ParamsFout
from wzlib.getal import heel
from wzlib.params import Gemeente, Ruiling, Spreiding

CODES = ["GM9901", "GM9902", "GM9903"]


# --------------------------------------------------------------------------------------------------
# largest remainder
# --------------------------------------------------------------------------------------------------
def test_grootste_rest_handvoorbeeld():
    # 7 over weights 5:3:2 -> quota 3.5, 2.1, 1.4 -> floors 3, 2, 1 (=6); 1 left -> largest remainder (0.5)
    uit = vd.grootste_rest(pd.Series([5, 3, 2], index=CODES), 7)
    assert uit.to_dict() == {"GM9901": 4, "GM9902": 2, "GM9903": 1}
    assert uit.dtype == "int64"


def test_grootste_rest_tweede_voorbeeld_niet_naar_grootste_gewicht():
    # 10 over 62:25:13 -> quota 6.2, 2.5, 1.3 -> floors 6, 2, 1 (=9); remainders .2 .5 .3 -> GM9902 gets it
    uit = vd.grootste_rest(pd.Series([62, 25, 13], index=CODES), 10)
    assert uit.tolist() == [6, 3, 1]


def test_grootste_rest_gelijke_resten_deterministisch():
    # 10 over 1:1:1 -> 3.33 each; the one left goes to the first in index order
    uit = vd.grootste_rest(pd.Series([1, 1, 1], index=CODES), 10)
    assert uit.tolist() == [4, 3, 3]


def test_grootste_rest_exacte_quota_geen_float_fout():
    # 10 over 0.1:0.2:0.7 -> 1, 2, 7 exactly in decimals: float error must not push 7 down to 6
    uit = vd.grootste_rest(pd.Series([0.1, 0.2, 0.7], index=CODES), 10)
    assert uit.tolist() == [1, 2, 7]


def test_grootste_rest_fouten():
    with pytest.raises(GegevensOntbreken, match="Alle gewichten zijn 0"):
        vd.grootste_rest(pd.Series([0, 0], index=CODES[:2]), 5)
    with pytest.raises(GegevensOntbreken, match="GM9902"):
        vd.grootste_rest(pd.Series([1, np.nan], index=CODES[:2]), 5)
    with pytest.raises(GegevensOntbreken, match="negatief"):
        vd.grootste_rest(pd.Series([1, 2], index=CODES[:2]), -1)
    assert vd.grootste_rest(pd.Series([0, 0], index=CODES[:2]), 0).tolist() == [0, 0]


@pytest.mark.parametrize("seed", range(25))
def test_grootste_rest_som_altijd_exact(seed):
    rng = np.random.default_rng(seed)
    w = pd.Series(rng.integers(0, 100_000, size=rng.integers(2, 12)).astype(float))
    w.iloc[0] += 1  # never all zero
    totaal = int(rng.integers(0, 5000))
    uit = vd.grootste_rest(w, totaal)
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
    uit = vd.art29_taakstelling(pd.Series([50_000, 30_000, 20_000], index=CODES), 15)
    assert uit.tolist() == [8, 5, 3]
    assert uit.sum() - 15 == 1


@pytest.mark.parametrize("seed", range(10))
def test_art29_nooit_minder_en_hooguit_n_min_1_meer(seed):
    rng = np.random.default_rng(100 + seed)
    inw = pd.Series(rng.integers(1000, 200_000, size=7).astype(float))
    totaal = int(rng.integers(1, 800))
    uit = vd.art29_taakstelling(inw, totaal)
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
    assert vd.gini([1, 1, 1]) == 0
    assert vd.gini([0, 0, 0, 1]) == pytest.approx(0.75)  # 6 / (2*16*0.25)
    assert vd.gini([1, 3]) == pytest.approx(0.25)  # 4 / (2*4*2)
    assert math.isnan(vd.gini([0, 0]))
    assert vd.max_min([2, 4, 8]) == 4
    assert math.isnan(vd.max_min([0, 4]))


# --------------------------------------------------------------------------------------------------
# 30 % sociale huur (fractions)
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
    t = sp.sociale_huur_30(k, Spreiding()).set_index("gemeentecode")
    # GM9901: share 200/1000 = 0.2, 0.1 below the aim 0.3; tekort 0.3*1000 - 200 = 100;
    # B = 50 x 10 jaar = 500 -> 0.3 + 100/500 = 0.5; check (200 + 0.5*500) / 1500 = 0.3
    assert t.loc["GM9901", "aandeel_sociale_huur"] == pytest.approx(0.2)
    assert t.loc["GM9901", "doel"] == pytest.approx(0.3)
    assert t.loc["GM9901", "afstand_tot_doel"] == pytest.approx(0.1)
    assert t.loc["GM9901", "tekort"] == pytest.approx(100)
    assert t.loc["GM9901", "benodigd_aandeel_nieuwbouw"] == pytest.approx(0.5)
    assert t.loc["GM9901", "status"] == "onder het doel"
    # GM9902: B = 100 -> 0.3 + 100/100 = 1.3 (more than all new-build) -> not reachable with new-build alone
    assert t.loc["GM9902", "benodigd_aandeel_nieuwbouw"] == pytest.approx(1.3)
    assert "niet haalbaar" in t.loc["GM9902", "status"]
    assert t.loc["GM9903", "benodigd_aandeel_nieuwbouw"] == 0
    assert t.loc["GM9903", "afstand_tot_doel"] == pytest.approx(-0.1)  # above the aim
    assert t.loc["GM9903", "status"] == "op of boven het doel"
    assert t.loc["GM9901", "groei_bij_n"] == pytest.approx(500)
    # another aim (a fraction, as in the regio file): 0.25 -> GM9901 tekort 50, 0.25 + 50/500 = 0.35
    t2 = sp.sociale_huur_30(k, Spreiding(doel_sociale_huur=0.25)).set_index("gemeentecode")
    assert t2.loc["GM9901", "tekort"] == pytest.approx(50)
    assert t2.loc["GM9901", "benodigd_aandeel_nieuwbouw"] == pytest.approx(0.35)
    # the display table shows the distance in %-points
    d = st.sociale_huur_tabel(t.reset_index(), {"GM9901": "Aa"}).set_index("Gemeente")
    assert d.loc["Aa", "Afstand tot doel (%-punt)"] == pytest.approx(10)
    assert d.loc["Aa", "Aandeel sociale huur"] == pytest.approx(0.2)


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
    eff = vd.effectieve_gewichten(k, Spreiding()).set_index("component")
    assert not eff.loc["voorzieningen", "beschikbaar"]
    assert eff.loc["mutaties", "gewicht_gebruikt"] == pytest.approx(0.5)
    s = vd.lokale_sleutel(k, Spreiding()).set_index("gemeentecode")
    assert s["basis"].tolist() == pytest.approx([0.633333, 0.183333, 0.183333], abs=1e-6)
    assert s["straffactor"].tolist() == pytest.approx([0.8, 1.2, 1.0])
    assert s["aandeel"].tolist() == pytest.approx([0.506667 / 0.91, 0.22 / 0.91, 0.183333 / 0.91], abs=1e-6)
    assert s["aandeel"].sum() == pytest.approx(1)


def test_lokale_sleutel_voorzieningen_en_terugval():
    # voorzieningen: x = inwoners / (1 + afstand): 50000/2, 30000/1, 20000/4 -> 25000, 30000, 5000 -> /60000
    k = _kenmerken(afstand_voorzieningen_km={"GM9901": 1.0, "GM9902": 0.0, "GM9903": 3.0})
    p = Spreiding(gewichten={"voorzieningen": 1.0}, concentratiestraf=0)
    assert p.gewichten == {"sociale_huurvoorraad": 0.0, "mutaties": 0.0, "voorzieningen": 1.0}
    s = vd.lokale_sleutel(k, p)["aandeel"].tolist()
    assert s == pytest.approx([25 / 60, 30 / 60, 5 / 60])
    # nothing usable -> inwoners
    k2 = _kenmerken(sociale_huurvoorraad=None, mutaties=None)
    eff = vd.effectieve_gewichten(k2, Spreiding())
    assert eff.set_index("component").loc["inwoners", "gewicht_gebruikt"] == 1
    assert vd.lokale_sleutel(k2, p)["aandeel"].tolist() == pytest.approx([0.5, 0.3, 0.2])


def test_verdeel_totalen_per_sleutel():
    p = Spreiding()
    v = vd.verdeel(_opgave(), _kenmerken(), p)
    assert set(v["sleutel"]) == set(vd.SLEUTELS)
    som = v.groupby(["sleutel", "groep"])["toedeling"].sum()
    totaal = {"statushouders": 15, "dakloos": 15, "uitstroom_bw": 15}
    for (s, g), n in som.items():
        if s == vd.NAAR_RATO and g in p.art29_groepen:
            assert totaal[g] <= n <= totaal[g] + len(CODES) - 1
        else:
            assert n == totaal[g], (s, g)
    # naar rato for statushouders = art. 29 hand example (15 over 50/30/20 thousand -> 8, 5, 3)
    sth = v[(v["sleutel"] == vd.NAAR_RATO) & (v["groep"] == "statushouders")]
    assert sth["toedeling"].tolist() == [8, 5, 3]
    assert (sth["afronding"] == vd.ART29).all()
    assert sth["aandeel"].tolist() == pytest.approx([0.5, 0.3, 0.2])  # key share as a fraction
    # naar rato for other groups: largest remainder, 15 -> 7.5, 4.5, 3 -> 7, 4, 3 + 1 to the first tie
    dk = v[(v["sleutel"] == vd.NAAR_RATO) & (v["groep"] == "dakloos")]
    assert dk["toedeling"].tolist() == [8, 4, 3]
    # eigen behoefte: whole own demand is kept exactly
    eb = v[(v["sleutel"] == vd.EIGEN_BEHOEFTE) & (v["groep"] == "dakloos")]
    assert eb["toedeling"].tolist() == [12, 2, 1]
    assert eb["aandeel"].tolist() == pytest.approx([12 / 15, 2 / 15, 1 / 15])
    # verschil and last (a fraction of the year's lettings)
    assert eb["verschil"].tolist() == [2, 0, 1]
    assert eb["last"].tolist() == pytest.approx([12 / 400, 2 / 100, 1 / 100])


def test_eigen_behoefte_geeft_elke_gemeente_haar_eigen_hele_getal():
    """The regional total is Σ heel(eigen_behoefte); under 'eigen behoefte' each gemeente gets heel(its own demand).

    Demand 1.5 / 2.5 / 0.4 per year. Each gemeente's report shows heel(): 2, 3, 0 (half away from zero),
    so the regional total is 2 + 3 + 0 = 5 (not round(4.4) = 4) and the eigen-behoefte key gives 2, 3, 0
    (a largest-remainder division of 4 would have given 2, 2, 0: not what Bb's own report says).
    Naar rato (inwoners 50/30/20 thousand): 5 -> quota 2.5, 1.5, 1.0 -> floors 2, 1, 1; the one left goes
    to the largest remainder, a tie of .5 between Aa and Bb, broken by the larger weight -> 3, 1, 1.
    """
    o = pd.DataFrame({"groep": "dak_thuislozen", "gemeentecode": CODES, "eigen_behoefte": [1.5, 2.5, 0.4],
                      "huidige_inzet": [1.5, 2.5, 0.4], "eenheid": "personen per jaar", "bron": "test"})
    p = Spreiding()
    ov = vd.opgave_overzicht(o, CODES, p).set_index("groep")
    assert ov.loc["dak_thuislozen", "totaal"] == 5 and ov.loc["dak_thuislozen", "verdeeld"]
    v = vd.verdeel(o, _kenmerken(), p)
    per = {s: d["toedeling"].tolist() for s, d in v.groupby("sleutel")}
    assert per[vd.EIGEN_BEHOEFTE] == [2, 3, 0]
    assert per[vd.NAAR_RATO] == [3, 1, 1]
    assert sum(per[vd.LOKALE_KENMERKEN]) == 5
    m = vd.spreidingsmaten(v, _kenmerken(), ov.reset_index()).set_index(["sleutel", "groep"])
    assert (m["afrondingsverschil"] == 0).all()  # every key adds up to the shown total
    # demand that shows as 0 everywhere (0.4 -> 0): the total is 0 and the groep is not divided
    o2 = o.assign(eigen_behoefte=[0.4, 0.4, 0.4])
    ov2 = vd.opgave_overzicht(o2, CODES, p).set_index("groep")
    assert ov2.loc["dak_thuislozen", "totaal"] == 0
    assert not ov2.loc["dak_thuislozen", "verdeeld"] and ov2.loc["dak_thuislozen", "reden"] == "totaal is 0"
    assert vd.verdeel(o2, _kenmerken(), p).empty


@pytest.mark.parametrize("seed", range(15))
def test_totalen_behouden_onder_elke_sleutel_en_ruiling(seed):
    rng = np.random.default_rng(seed)
    inw = {c: float(rng.integers(5_000, 150_000)) for c in CODES}
    sh = {c: float(rng.integers(500, 20_000)) for c in CODES}
    k = sp.kenmerken_tabel(CODES, inw, sociale_huurvoorraad=sh, mutatiegraad=0.06,
                           afstand_voorzieningen_km={c: float(rng.uniform(0.2, 5)) for c in CODES},
                           concentratie_index={c: float(rng.uniform(0.3, 2.5)) for c in CODES})
    groepen = ("statushouders", "uitstroom_bw")  # statushouders: art. 29 (default art29_groepen)
    rijen = [{"groep": g, "gemeentecode": c, "eigen_behoefte": float(rng.uniform(0, 80)),
              "huidige_inzet": float(rng.integers(0, 50))} for g in groepen for c in CODES]
    opgave = pd.DataFrame(rijen)
    p = Spreiding()
    v = vd.verdeel(opgave, k, p)
    ov = vd.opgave_overzicht(opgave, CODES, p).set_index("groep")
    voor = v.groupby(["sleutel", "groep"])["toedeling"].sum()
    for (s, g), n in voor.items():
        t = int(ov.loc[g, "totaal"])
        eigen = opgave[opgave["groep"] == g]["eigen_behoefte"]
        assert t == sum(heel(x) for x in eigen)  # the sum of the figures the gemeenten' reports show
        if s == vd.NAAR_RATO and g == "statushouders":
            assert t <= n < t + len(CODES)
        else:
            assert n == t
    eb = v[v["sleutel"] == vd.EIGEN_BEHOEFTE].merge(opgave, on=["groep", "gemeentecode"], suffixes=("", "_o"))
    assert eb["toedeling"].tolist() == [heel(x) for x in eb["eigen_behoefte"]]
    assert (v["toedeling"] >= 0).all()
    # swaps: move up to what the giver has under the smallest key
    rg = v[v["groep"] == "uitstroom_bw"].groupby("gemeentecode")["toedeling"].min()
    van = rg.idxmax()
    naar = next(c for c in CODES if c != van)
    if rg[van] == 0:
        pytest.skip("niets te ruilen")
    r = Ruiling(nr=1, van=van, naar=naar, aantal=max(1, int(rg[van])), groep="uitstroom_bw", reden="test")
    v2, ledger = vd.pas_ruilingen_toe(v, [r], k)
    na = v2.groupby(["sleutel", "groep"])["toedeling"].sum()
    assert na.equals(voor)
    assert (v2["toedeling"] >= 0).all()
    assert len(ledger) == 3  # one line per key
    assert (v2["toedeling"] == v2["toedeling_berekend"] + v2["ruiling"]).all()


def test_ruiling_verplaatst_en_boekt():
    k = _kenmerken()
    v = vd.verdeel(_opgave(), k, Spreiding())
    r = Ruiling(nr=1, van="GM9901", naar="GM9903", aantal=3, groep="dakloos", reden="opvanglocatie",
                sleutel=vd.EIGEN_BEHOEFTE)
    v2, ledger = vd.pas_ruilingen_toe(v, [r], k)
    eb = v2[(v2["sleutel"] == vd.EIGEN_BEHOEFTE) & (v2["groep"] == "dakloos")].set_index("gemeentecode")
    assert eb["toedeling"].to_dict() == {"GM9901": 9, "GM9902": 2, "GM9903": 4}
    assert eb["ruiling"].to_dict() == {"GM9901": -3, "GM9902": 0, "GM9903": 3}
    assert eb.loc["GM9903", "verschil"] == 4  # 4 - huidige inzet 0
    assert eb.loc["GM9903", "last"] == pytest.approx(4 / 100)
    assert ledger.iloc[0][["van_voor", "van_na", "naar_voor", "naar_na"]].tolist() == [12, 9, 1, 4]
    # other keys untouched
    other = v2[(v2["sleutel"] != vd.EIGEN_BEHOEFTE)]
    assert (other["ruiling"] == 0).all()


def test_ruilingen_uit_de_regioparameters_zijn_genummerd():
    """Swaps as the regio file gives them: numbered in order (nr), applied in that order."""
    k = _kenmerken()
    p = Spreiding(ruilingen=[
        {"van": "gm9901", "naar": "GM9902", "aantal": 2, "groep": "dakloos", "reden": "a", "sleutel": "naar_rato"},
        {"van": "GM9902", "naar": "GM9903", "aantal": 1, "groep": "dakloos", "reden": "b", "sleutel": "naar_rato"}])
    assert [(r.nr, r.van) for r in p.ruilingen] == [(1, "GM9901"), (2, "GM9902")]
    v2, ledger = vd.pas_ruilingen_toe(vd.verdeel(_opgave(), k, p), p.ruilingen, k)
    # naar rato dakloos 8, 4, 3 -> swap 1: 6, 6, 3 -> swap 2: 6, 5, 4
    nr = v2[(v2["sleutel"] == vd.NAAR_RATO) & (v2["groep"] == "dakloos")]
    assert nr["toedeling"].tolist() == [6, 5, 4]
    assert ledger["nr"].tolist() == [1, 2] and ledger["naar_na"].tolist() == [6, 4]


def test_ruiling_mag_niet_negatief_maken():
    k = _kenmerken()
    v = vd.verdeel(_opgave(), k, Spreiding())
    r = Ruiling(nr=2, van="GM9903", naar="GM9901", aantal=5, groep="dakloos", reden="x")
    with pytest.raises(ParamsFout, match=r"^regio\.yaml: spreiding\.ruilingen\[1\]: GM9903 .* negatief"):
        vd.pas_ruilingen_toe(v, [r], k, bron="regio.yaml")
    with pytest.raises(ParamsFout, match=r"ruilingen\[1\]\.groep: 'woonwagen'"):
        vd.pas_ruilingen_toe(v, [Ruiling(nr=2, van="GM9901", naar="GM9902", aantal=1, groep="woonwagen",
                                         reden="x")], k)
    with pytest.raises(ParamsFout, match="GM0001 hoort niet bij de regio"):
        vd.pas_ruilingen_toe(v, [Ruiling(nr=2, van="GM0001", naar="GM9902", aantal=1, groep="dakloos",
                                         reden="x")], k)


def test_opgave_overzicht_slaat_onvolledige_groep_over():
    o = _opgave()
    o.loc[(o["groep"] == "uitstroom_bw") & (o["gemeentecode"] == "GM9902"), "eigen_behoefte"] = np.nan
    ov = vd.opgave_overzicht(o, CODES, Spreiding(), {"GM9902": "Bb"}).set_index("groep")
    assert not ov.loc["uitstroom_bw", "verdeeld"]
    assert ov.loc["uitstroom_bw", "reden"] == "eigen behoefte onbekend voor Bb"
    v = vd.verdeel(o, _kenmerken(), Spreiding())
    assert "uitstroom_bw" not in set(v["groep"])
    # spreiding.groepen restricts which groups are divided (registry keys, checked by the params)
    o2 = _opgave().replace({"groep": {"dakloos": "dak_thuislozen"}})
    ov2 = vd.opgave_overzicht(o2, CODES, Spreiding(groepen=["dak_thuislozen"])).set_index("groep")
    assert ov2["verdeeld"].to_dict() == {"statushouders": False, "dak_thuislozen": True, "uitstroom_bw": False}
    assert ov2.loc["statushouders", "reden"] == "niet gekozen in spreiding.groepen"


def test_spreidingsmaten():
    k = _kenmerken()
    p = Spreiding()
    o = _opgave()
    v = vd.verdeel(o, k, p)
    m = vd.spreidingsmaten(v, k, vd.opgave_overzicht(o, CODES, p)).set_index(["sleutel", "groep"])
    # art. 29 rounding difference shown: 8 + 5 + 3 = 16 vs 15
    assert m.loc[(vd.NAAR_RATO, "statushouders"), "afrondingsverschil"] == 1
    assert m.loc[(vd.EIGEN_BEHOEFTE, "dakloos"), "afrondingsverschil"] == 0
    # eigen behoefte dakloos: last 12/400 = .03, 2/100 = .02, 1/100 = .01 -> max/min 3;
    # gini = (2*(.01 + .02 + .01)) / (2 * 9 * .02) = .08 / .36
    r = m.loc[(vd.EIGEN_BEHOEFTE, "dakloos")]
    assert r["max_min"] == pytest.approx(3)
    assert r["gini"] == pytest.approx(0.08 / 0.36)
    assert r["maat"].startswith("last")
    # all aandachtsgroepen together under eigen behoefte: Aa 10+12+5 = 27, totals 15+15+15 = 45
    alle = m.loc[(vd.EIGEN_BEHOEFTE, vd.ALLE_GROEPEN)]
    assert alle["som_toedeling"] == 45 and alle["totaal"] == 45
    # without mutaties: per 1.000 inwoners; naar rato gives (almost) equal burden -> low gini
    k2 = _kenmerken(mutaties=None)
    m2 = vd.spreidingsmaten(vd.verdeel(o, k2, p), k2).set_index(["sleutel", "groep"])
    assert m2.loc[(vd.NAAR_RATO, "uitstroom_bw"), "maat"] == "toedeling per 1.000 inwoners"
    assert m2.loc[(vd.NAAR_RATO, "uitstroom_bw"), "gini"] < m2.loc[(vd.EIGEN_BEHOEFTE, "uitstroom_bw"), "gini"]


def test_vergelijk_sleutels_tabel():
    k = _kenmerken()
    v = vd.verdeel(_opgave(), k, Spreiding())
    t = st.vergelijk_sleutels(v, "dakloos", {"GM9901": "Aa", "GM9902": "Bb", "GM9903": "Cc"})
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
    assert d["aandeel_regio"].tolist() == pytest.approx([0.2, 0.2, 0.6])  # fractions
    assert d["aandeel_inwoners"].tolist() == pytest.approx([0.2, 0.4, 0.4])
    s = c[c["groep"] == "statushouders"]
    assert s["concentratie_index"].isna().all()  # one gemeente unknown -> no comparison
    alle = c[c["groep"] == vd.ALLE_GROEPEN]
    # only dakloos is complete -> the mean index equals the dakloos index
    assert alle["concentratie_index"].round(9).tolist() == [1.0, 0.5, 1.5]
    # two complete groups: the unweighted mean of their indices (units differ, counts are not added)
    groepen.loc[5, "aantal"] = 5  # statushouders 5/10/5 (.25 .5 .25) vs inwoners .2 .4 .4 -> 1.25, 1.25, .625
    c2 = sp.concentratie(groepen, k, totaal_groepen=["dakloos", "statushouders"])
    alle2 = c2[c2["groep"] == vd.ALLE_GROEPEN]["concentratie_index"].tolist()
    assert alle2 == pytest.approx([(1.0 + 1.25) / 2, (0.5 + 1.25) / 2, (1.5 + 0.625) / 2])
    ov = st.concentratie_overzicht(c, {"GM9901": "Aa"})
    assert ov.columns.tolist() == ["Groep", "Aa", "GM9902", "GM9903"]
    assert ov["Groep"].tolist() == ["Alle aandachtsgroepen samen", "dakloos"]  # statushouders: no index anywhere
    det = st.concentratie_details(c2, {"GM9901": "Aa"})  # dakloos .2, statushouders 5 / 20 = .25 for Aa
    assert det[det["Gemeente"] == "Aa"]["Aandeel in de regio"].tolist() == pytest.approx([0.2, 0.25])
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
    assert t["aandeel_65_plus"].tolist() == pytest.approx([0.4, 0.3, 0.1])  # fractions
    assert t["rang"].tolist() == [1, 2, 3]
    # regio share 65+ over the wijken: 700 / 3500 = 0.2 -> Dorp index 0.4 / 0.2 = 2.0
    assert t.loc[0, "index_65_plus"] == pytest.approx(2.0)
    assert t.loc[1, "aandeel_eenpersoons"] == pytest.approx(0.5)  # Centrum 250 / 500
    assert t.loc[0, "gemeente"] == "Bb"
    d = st.wijken_tabel(t, n=2)
    assert d["Wijk"].tolist() == ["Dorp", "Centrum"] and d["Rang"].tolist() == ["1", "2"]

    # rounded counts of a small wijk (15 one-person households of 10): that share is unknown, not 1,5
    w2 = w.assign(eenpersoonshuishoudens=[500, 250, 200, 300, 0])
    t2 = sp.wijken(w2, ["GM9901", "GM9902"], 2024, {"GM9901": "Aa", "GM9902": "Bb"})
    assert pd.isna(t2.loc[t2["naam"] == "Dorp", "aandeel_eenpersoons"].item())
    from wzlib import catalogus as T

    T.controleer(T.WIJKEN_OUDEREN, t2, wie="regio", waar="bij het schrijven")

    # a regio without wijken in the table (Eemsdelta, formed 2021, in the wijken of 2020): an empty table that the
    # catalogue accepts (it failed on object columns), also when there is no wijken table at all
    for leeg in (sp.wijken(w, ["GM1979"], 2024), sp.wijken(w.iloc[0:0], ["GM9901"], 2024), sp.wijken(None, [], 2024)):
        assert leeg.empty and leeg.columns.tolist() == t.columns.tolist()
        T.controleer(T.WIJKEN_OUDEREN, leeg, wie="regio", waar="bij het schrijven")


def test_voorzieningen_afstand_gewogen_met_inwoners():
    # GM9901: wijk 1 (1000 inw.) mean(1, 3) = 2 km, wijk 2 (3000 inw.) only huisarts 1 km
    # -> (1000*2 + 3000*1) / 4000 = 1.25 km; GM9902 has no wijk with a distance -> NaN
    w = pd.DataFrame({"gebiedscode": ["WK990101", "WK990102", "WK990201"], "soort": "wijk",
                      "gemeentecode": ["GM9901", "GM9901", "GM9902"], "jaar": 2024,
                      "inwoners": [1000, 3000, 500], "afstand_huisarts_km": [1.0, 1.0, np.nan],
                      "afstand_supermarkt_km": [3.0, np.nan, np.nan]})
    a = sp.voorzieningen_afstand(w, ["GM9901", "GM9902"], 2024)
    assert a["GM9901"] == pytest.approx(1.25) and math.isnan(a["GM9902"])
    assert sp.voorzieningen_afstand(None, ["GM9901"], 2024).isna().all()


# --------------------------------------------------------------------------------------------------
# verzamel: the step's inputs from the earlier results (pure)
# --------------------------------------------------------------------------------------------------
def _bevolking(per_gemeente: dict[str, tuple[int, int]], jaar: int) -> pd.DataFrame:
    """Canonical bevolking: two age classes (0-64, 65+) per gemeente, geslacht totaal."""
    rijen = []
    for c, (jong, oud) in per_gemeente.items():
        rijen += [{"gemeentecode": c, "jaar": jaar, "geslacht": "totaal", "leeftijd_van": 0, "leeftijd_tot": 64,
                   "aantal": jong},
                  {"gemeentecode": c, "jaar": jaar, "geslacht": "totaal", "leeftijd_van": 65, "leeftijd_tot": pd.NA,
                   "aantal": oud}]
    return pd.DataFrame(rijen)


def test_verzamel_is_puur_en_leest_de_resultaten():
    gemeenten = [Gemeente("GM9901", "Aa"), Gemeente("GM9902", "Bb"), Gemeente("GM9903", "Cc")]
    # inwoners 2024: 50.000 / 30.000 / 20.000 (2023 is older and must not be used)
    bevolking = pd.concat([_bevolking({"GM9901": (40_000, 10_000), "GM9902": (25_000, 5_000),
                                       "GM9903": (15_000, 5_000)}, 2024),
                           _bevolking({c: (1, 1) for c in CODES}, 2023)], ignore_index=True)
    groepen = pd.DataFrame({"gemeentecode": CODES, "groep": "statushouders", "aantal": [20.0, 20.0, 60.0],
                            "jaar": 2024, "taakstelling_per_jaar": [12.0, 7.0, 4.0]})
    woningvoorraad = pd.DataFrame({"gemeentecode": CODES, "jaar": 2024, "woningvoorraad": [22_000., 13_000., 9_000.],
                                   "sociale_huur": [6_000., 2_000., 2_000.]})
    vraag = pd.DataFrame({"gemeentecode": CODES * 2, "jaar": [2034] * 3 + [2044] * 3, "woonvorm": "geclusterd",
                          "variant": "midden", "aantal": [100., 60., 40., 999., 999., 999.]})
    aanbod = pd.DataFrame({"gemeentecode": CODES, "woonvorm": "geclusterd", "aantal": [80., 60., 10.],
                           "jaar": 2024, "definitie": ""})
    res = SimpleNamespace(groepen=groepen, ouderen=pd.DataFrame(), woningvoorraad=woningvoorraad, aanbod=aanbod,
                          vraag=vraag, ontbreekt={})
    # mutaties: Aa 400 (2023, latest <= 2024), Bb 100; Cc unknown -> estimated 6 % x 2.000 = 120
    woningmarkt = pd.DataFrame({"gemeentecode": ["GM9901", "GM9901", "GM9902"], "jaar": [2023, 2025, 2024],
                                "mutaties_sociale_huur": [400., 999., 100.], "nieuwbouw_per_jaar": [50., 99., 10.]})
    inv = sp.verzamel(res, params=Spreiding(), gemeenten=gemeenten, peiljaar=2024, regio_naam="Testregio",
                      bevolking=bevolking, woningmarkt=woningmarkt, wijken_tabel=None, heeft_lokaal=False)
    k = inv.kenmerken.set_index("gemeentecode")
    assert k["inwoners"].tolist() == [50_000, 30_000, 20_000]
    assert k["sociale_huurvoorraad"].tolist() == [6_000, 2_000, 2_000]
    assert k["mutaties"].tolist() == pytest.approx([400, 100, 120])
    assert k.loc["GM9903", "mutaties_bron"].startswith("geschat")
    assert k["nieuwbouw_per_jaar"].tolist()[:2] == [50, 10]
    # concentratie-index of statushouders (the only aandachtsgroep): (.2/.5, .2/.3, .6/.2) = .4, .667, 3
    assert k["concentratie_index"].tolist() == pytest.approx([0.4, 0.2 / 0.3, 3.0])
    assert inv.doeljaar == 2034 and inv.namen == {"GM9901": "Aa", "GM9902": "Bb", "GM9903": "Cc"}
    tekst = st.melding(inv, None)
    assert "Inwoners op 1 januari 2024" in tekst and "alle 3 gemeenten" in tekst
    assert "Geen lokale invoer" in tekst and "voor Cc geschat als 6% van de sociale huurvoorraad" in tekst
    # the opgave: statushouders (taakstelling per jaar) and the bouwopgave geclusterd in the doeljaar 2034:
    # supply known in every gemeente, so the gap vraag - aanbod (no plans): 100-80, 60-60, 40-10
    o = inv.opgave.set_index(["groep", "gemeentecode"])
    assert o.loc[("statushouders", "GM9901"), "eigen_behoefte"] == 12
    assert o.loc[("statushouders", "GM9903"), "huidige_inzet"] == 60  # gehuisvest in het jaar
    assert o.loc[("statushouders", "GM9903"), "soort"] == vd.SOORT_JAARLIJKS
    gat = o.xs("woonvorm:geclusterd")
    assert gat["eigen_behoefte"].tolist() == [20, 0, 30]
    assert (gat["soort"] == vd.SOORT_BOUWOPGAVE).all() and gat["huidige_inzet"].isna().all()
    assert not gat.loc["GM9901", "per_jaar"]
    # verzamel changed nothing it was given
    assert list(res.groepen.columns) == ["gemeentecode", "groep", "aantal", "jaar", "taakstelling_per_jaar"]


# --------------------------------------------------------------------------------------------------
# display helpers
# --------------------------------------------------------------------------------------------------
def test_weergavetabellen():
    k = _kenmerken()
    o = _opgave()
    o["per_jaar"] = True
    p = Spreiding()
    v = vd.verdeel(o, k, p)
    namen = {"GM9901": "Aa", "GM9902": "Bb", "GM9903": "Cc"}
    t = st.verdeling_tabel(v, namen, per_jaar=True, met_verschil=False)
    assert not any(c.endswith("verschil") for c in t.columns)
    assert st.verdeling_tabel(v, namen, per_jaar=False).empty  # no bouwopgave in this opgave
    lt = st.last_tabel(v, k, namen).set_index("Gemeente")
    # eigen behoefte, all groups together for Aa: 10 + 12 + 5 = 27 per year, 400 mutaties -> 0.0675 (6,75 %)
    assert lt.loc["Aa", "Eigen behoefte leidend: toedeling"] == 27
    assert lt.loc["Aa", "Eigen behoefte leidend: % van de mutaties"] == pytest.approx(0.0675)
    # huidige inzet Aa: 8 + 10 + 6 = 24 -> verschil 3
    assert lt.loc["Aa", "Huidige inzet per jaar"] == 24
    assert lt.loc["Aa", "Eigen behoefte leidend: verschil"] == 3
    g = st.lastgrafiek(v, k, namen)
    assert g.soort == "pct" and len(g.df) == 9
    assert g.df.set_index(["Gemeente", "Verdeelsleutel"]).loc[("Aa", "2. Eigen behoefte leidend"), "waarde"] == \
        pytest.approx(0.0675)
    ov = vd.opgave_overzicht(o, CODES, p, namen)
    assert st.opgave_tabel(ov)["Verdeeld"].tolist() == ["ja", "ja", "ja"]
    assert st.opgave_tabel(ov)["Regionaal totaal"].tolist() == [15, 15, 15]
    led = pd.DataFrame(columns=["nr"])
    assert "geen ruilingen" in st.ruilingen_tekst(led)


def test_jaarlijkse_vraag_regel_en_opgave_aandachtsgroepen():
    assert vd.jaarlijkse_vraag_regel("statushouders") == "taakstelling_per_jaar"
    assert vd.jaarlijkse_vraag_regel("uitstroom_bw") == "uitstroom_per_jaar"
    assert vd.jaarlijkse_vraag_regel("medische_urgentie") == "aantal"  # toegekend "in het jaar"
    assert vd.jaarlijkse_vraag_regel("dak_thuislozen") == "instroom_per_jaar"
    ag = pd.DataFrame({
        "gemeentecode": ["GM9901", "GM9902", "GM9901", "GM9902", "GM9901"],
        "groep": ["statushouders", "statushouders", "uitstroom_bw", "uitstroom_bw", "uitstroom_bw"],
        "jaar": [2024, 2024, 2023, 2024, 2024], "aantal": [31, 300, 5, 200, 4],
        "instroom_per_jaar": [np.nan] * 5, "uitstroom_per_jaar": [np.nan, np.nan, 3, 48, np.nan],
        "taakstelling_per_jaar": [34, 287, np.nan, np.nan, np.nan]})
    o = vd.opgave_aandachtsgroepen(ag, ["GM9901", "GM9902"], 2024).set_index(["groep", "gemeentecode"])
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
    ouderen = pd.DataFrame({"gemeentecode": CODES, "leeftijdsgroep": "75+", "aandeel": [0.10, 0.12, 0.09]})
    leeg = sp.concentratie(pd.DataFrame(columns=["gemeentecode", "groep", "aantal"]), _kenmerken())
    kl = st.kaart_gemeenten(geo_g, leeg, namen, ouderen=ouderen)
    assert kl.kolom == "aandeel_75_plus" and kl.gdf["gemeentenaam"].tolist() == ["Aa", "Bb", "Cc"]
    assert kl.gdf["aandeel_75_plus"].tolist() == pytest.approx([0.10, 0.12, 0.09]) and kl.soort == "pct"
    groepen = pd.DataFrame({"gemeentecode": CODES, "groep": "dak_thuislozen", "aantal": [20, 20, 60]})
    conc = sp.concentratie(groepen, _kenmerken(), totaal_groepen=["dak_thuislozen"])
    kl = st.kaart_gemeenten(geo_g, conc, namen, ouderen=ouderen)
    assert kl.kolom == "concentratie_index"
    assert st.kaart_gemeenten(None, conc, namen) is None


def test_kaart_wijken_zonder_wijkgrenzen_per_gemeente():
    import geopandas as gpd
    from shapely.geometry import box

    geo = SimpleNamespace(wijken=None, gemeenten=gpd.GeoDataFrame(
        {"gemeentecode": CODES[:2], "gemeentenaam": ["A", "B"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs="EPSG:4326"))
    rang = pd.DataFrame({"gemeentecode": ["GM9901", "GM9901", "GM9902"], "gebiedscode": ["WK1", "WK2", "WK3"],
                         "leeftijd_65_plus": [300., 200., 100.], "inwoners": [1000., 1500., 1000.]})
    kl = st.kaart_wijken(geo, rang, {"GM9901": "Aa", "GM9902": "Bb"})
    # share 65+ per gemeente from its wijken: (300 + 200) / 2500 = 0.2; 100 / 1000 = 0.1
    assert kl.niveau == "gemeente" and kl.gdf["aandeel_65_plus"].tolist() == pytest.approx([0.2, 0.1])


def test_bron_stappen_noemt_de_stappen_die_de_spreiding_leest():
    from wzlib import stappen

    assert st.bron_stappen(stappen.SPREIDING) == ("woonzorganalyse: resultaten van Stap 1 – Omvang, Stap 2 – Aanbod "
                                                  "en Stap 3 – Prognose")


def test_spreiding_stopt_als_een_gemeente_geen_prognose_heeft(demo_uitvoer, tmp_path):
    """No recomputation fallback: one gemeente without its step-3 result stops the step, naming it and the step."""
    from wzlib import analyse, catalogus, paden, resultaten, stappen

    uit = kopie_van(demo_uitvoer, tmp_path / "outputs")
    regio_map = uit / "voorbeeldregio"
    A = analyse.open("voorbeeldregio", uitvoer_map=str(regio_map / paden.REGIO), stap=stappen.SPREIDING)
    assert {"GM9901", "GM9903"} <= set(A.invoer().vraag["gemeentecode"])  # the complete run reads fine
    paden.resultaat_bestand(regio_map / "GM9903", stappen.PROGNOSE.notebook, catalogus.VRAAG.naam).unlink()
    with pytest.raises(resultaten.ResultaatOntbreekt) as e:
        A.invoer()
    t = str(e.value)
    assert "Stap 4 – Spreiding kan niet rekenen" in t
    assert "'vraag' van Stap 3 – Prognose ontbreekt voor Leerhoven (GM9903)" in t
    assert "GM9901" not in t  # only the gemeente that misses it
    assert "--stappen prognose --gemeenten GM9903" in t
    assert e.value.wie == ["GM9903"] and e.value.tabel == catalogus.VRAAG


# --------------------------------------------------------------------------------------------------
# bouwopgave = the gap where supply is known; otherwise the vraag, said so (issue 12)
# --------------------------------------------------------------------------------------------------
def _vraag_aanbod():
    vraag = pd.DataFrame({"gemeentecode": CODES * 2, "jaar": 2034, "woonvorm": ["nultreden"] * 3 + ["verpleegzorg"] * 3,
                          "variant": "midden", "aantal": [1000., 600., 400., 90., 50., 30.]})
    aanbod = pd.DataFrame({"gemeentecode": [*CODES, "GM9901", "GM9902"], "jaar": 2024,
                           "woonvorm": ["nultreden"] * 3 + ["verpleegzorg"] * 2,
                           "aantal": [700., 650., 300., 60., 40.], "definitie": ""})  # verpleegzorg: Cc unknown
    plan = pd.DataFrame({"gemeentecode": ["GM9901", "GM9901", "GM9903", "GM9903"], "woonvorm": "nultreden",
                         "jaar": [2026, 2040, 2023, 2030], "aantal": [50., 999., 999., 40.], "hardheid": "hard"})
    return vraag, aanbod, plan


def test_bouwopgave_is_het_tekort_waar_het_aanbod_bekend_is():
    vraag, aanbod, plan = _vraag_aanbod()
    o = vd.opgave_woonvormen(vraag, aanbod, CODES, 2034, "midden", 2024, plancapaciteit=plan)
    nt = o[o["groep"] == "woonvorm:nultreden"].set_index("gemeentecode")
    # 1000 - 700 - 50 (plans 2024..2034 only); 600 - 650 = overschot -> 0; 400 - 300 - 40
    assert nt["eigen_behoefte"].tolist() == [250, 0, 60]
    assert (nt["soort"] == vd.SOORT_BOUWOPGAVE).all() and nt["huidige_inzet"].isna().all()
    assert "vraag − aanbod − plannen" in nt["eenheid"].iloc[0]
    # verpleegzorg: supply unknown for Cc -> the whole vraag, called vraag, with the known supply beside it
    vz = o[o["groep"] == "woonvorm:verpleegzorg"].set_index("gemeentecode")
    assert vz["eigen_behoefte"].tolist() == [90, 50, 30] and (vz["soort"] == vd.SOORT_VRAAG).all()
    assert vz["huidige_inzet"].tolist()[:2] == [60, 40] and pd.isna(vz.loc["GM9903", "huidige_inzet"])
    assert "aanbod onbekend" in vz["eenheid"].iloc[0] and "1 van de 3" in vz["inzet_bron"].iloc[0]
    # no bouwopgave equals the total demand where the supply is known
    totaal_vraag = vraag[vraag["woonvorm"] == "nultreden"].set_index("gemeentecode")["aantal"]
    assert (nt["eigen_behoefte"] < totaal_vraag).all()

    # through the verdeling: the regional total is the sum of the gaps, the labels say what it is
    k = _kenmerken()
    v = vd.verdeel(o, k, Spreiding())
    ov = vd.opgave_overzicht(o, CODES, Spreiding())
    assert ov.set_index("groep").loc["woonvorm:nultreden", "totaal"] == 310
    assert set(v.loc[v["groep"] == "woonvorm:nultreden", "soort"]) == {vd.SOORT_BOUWOPGAVE}
    for sl in vd.SLEUTELS:
        assert v[(v["groep"] == "woonvorm:nultreden") & (v["sleutel"] == sl)]["toedeling"].sum() == 310
    labels = set(st.opgave_tabel(ov)["Groep"])
    assert labels == {"Bouwopgave: Nultredenwoning / levensloopbestendige woning",
                      "Vraag (aanbod onbekend): Intramurale verpleegzorgplaats"}
    assert set(st.verdeling_tabel(v, per_jaar=False)["Groep"]) == labels
    assert set(st.spreidingsmaten_tabel(vd.spreidingsmaten(v, k, ov))["Groep"]) == labels
    # the chart never adds woningen and plaatsen: one woonvorm, the bouwopgave first, unit in the label
    g = st.lastgrafiek(v, k.assign(mutaties=np.nan))
    assert "Bouwopgave: Nultredenwoning" in g.titel and g.ylabel == "woningen per 1.000 inwoners"
    som_nr = v[(v["groep"] == "woonvorm:nultreden") & (v["sleutel"] == vd.NAAR_RATO)].set_index("gemeentecode")
    inw = k.set_index("gemeentecode")["inwoners"]
    nr = g.df[g.df["Verdeelsleutel"] == vd.SLEUTELS[vd.NAAR_RATO]]["waarde"].tolist()
    assert nr == pytest.approx([1000 * som_nr.loc[c, "toedeling"] / inw[c] for c in CODES])


def test_zonder_aanbod_alleen_vraag_en_confrontatie_noemt_het_zo():
    from wzlib import confrontatie_tekst as ct

    vraag, _, _ = _vraag_aanbod()
    o = vd.opgave_woonvormen(vraag, None, CODES, 2034, "midden", 2024)
    assert (o["soort"] == vd.SOORT_VRAAG).all()
    assert o.set_index(["groep", "gemeentecode"])["eigen_behoefte"].tolist() == vraag["aantal"].tolist()
    v = vd.verdeel(o, _kenmerken(), Spreiding())
    tab = ct.verdeling_gemeente(v, "GM9901")
    assert set(tab["Groep"]) == {"Vraag (aanbod onbekend): Nultredenwoning / levensloopbestendige woning",
                                 "Vraag (aanbod onbekend): Intramurale verpleegzorgplaats"}
    tekst = ct.verdeling_tekst(tab, "Aa")
    assert "aanbod onbekend" in tekst and "niet wat er nog gebouwd moet worden" in tekst
    # an older verdeling without 'soort' gets the neutral label, never 'Bouwopgave'
    assert set(ct.verdeling_gemeente(v.drop(columns="soort"), "GM9901")["Groep"]) == {
        "Woonvorm: Nultredenwoning / levensloopbestendige woning", "Woonvorm: Intramurale verpleegzorgplaats"}


# --------------------------------------------------------------------------------------------------
# art. 29 Huisvestingswet as a regio parameter (spreiding.taakstellingen)
# --------------------------------------------------------------------------------------------------
def test_art29_verdeling_van_een_regiototaal():
    from wzlib.params import Taakstelling

    inw = pd.Series([50_000, 30_000, 20_001], index=CODES)
    t = Taakstelling(groep="statushouders", totaal=100, periode="1e helft 2025", bron="circulaire")
    uit = vd.art29_verdeling(inw, [t])
    som = 100_001
    # by hand: 100 × 50.000/100.001 = 49,9995 -> 50; 29,9997 -> 30; 20,0008 -> 21; Σ 101, one more than 100
    assert uit["toedeling"].tolist() == [50, 30, 21]
    assert uit["toedeling"].tolist() == [math.ceil(100 * n / som) for n in inw]
    assert uit["quotum"].tolist() == pytest.approx([100 * n / som for n in inw])
    assert uit["afronding"].tolist() == pytest.approx([50 - 5_000_000 / som, 30 - 3_000_000 / som,
                                                       21 - 2_000_100 / som])
    assert uit["aandeel"].sum() == pytest.approx(1)
    catalogus_controle(uit)
    tab = st.art29_tabel(uit, "statushouders", "1e helft 2025", {"GM9901": "Aa", "GM9902": "Bb", "GM9903": "Cc"})
    tot = tab.set_index("Gemeente").loc["Totaal regio"]
    assert tot["Taakstelling (naar boven afgerond)"] == 101 and tot["Afronding"] == 1 and tot["Exact deel"] == 100
    tekst = st.art29_tekst(uit)
    assert "regionaal totaal 100 (circulaire)" in tekst and "tellen op tot 101, 1 meer" in tekst
    assert "spreiding: taakstellingen:" in st.art29_tekst(vd.art29_verdeling(inw, []))
    # a policy number is not suppressed: shown through tabel() without tellingen, small values stay visible
    from wzlib.presentatie.afscherming import Regels
    from wzlib.presentatie.tabellen import tabel

    klein = vd.art29_verdeling(inw, [Taakstelling(groep="statushouders", totaal=7, periode="p")])
    w = tabel(st.art29_tabel(klein, "statushouders", "p"), bron="test", regels=Regels(), tellingen=[],
              decimalen={"Exact deel": 2, "Afronding": 2}).weergave
    # ⌈3,49998⌉ = 4, ⌈2,09998⌉ = 3, ⌈1,40004⌉ = 2: below 10, still shown; Σ 9 = 7 + afronding 2
    assert w["Taakstelling (naar boven afgerond)"].tolist() == ["4", "3", "2", "9"]
    assert w["Afronding"].iloc[-1] == "2,00"


def catalogus_controle(df):
    from wzlib import catalogus

    catalogus.controleer(catalogus.TAAKSTELLINGEN, df, wie="regio", waar="in de test")


def test_taakstellingen_in_de_parameters(tmp_path):
    from conftest import regio_yaml

    from wzlib import params
    from wzlib.fouten import ParamsFout as Fout

    rp = params.laad_regio(regio_yaml(tmp_path, "spreiding:\n  taakstellingen:\n    - {groep: statushouders, "
                                                "totaal: 100, periode: 2e helft 2024}\n"))
    assert rp.spreiding.taakstellingen[0].totaal == 100
    with pytest.raises(Fout) as e:
        params.laad_regio(regio_yaml(tmp_path, "spreiding:\n  taakstellingen:\n    - {groep: statushouder, "
                                               "totaal: -1, periode: x}\n"))
    assert "spreiding.taakstellingen[0]" in str(e.value) and "statushouders" in str(e.value)


@pytest.mark.echt
def test_echt_art29_gooi_en_vechtstreek(echt_map, echt):
    """Gooi en Vechtstreek, inhabitants on 1 January 2021 read from bevolking.csv directly: a regio total of 100
    by inhabitants gives each gemeente ⌈100 × inwoners / regio⌉, and the rounding difference is shown."""
    import csv

    from wzlib.omvang import inwoners
    from wzlib.params import Taakstelling

    gooi = ["GM0317", "GM0376", "GM0402", "GM0406", "GM0417", "GM1696", "GM1942"]
    inw = dict.fromkeys(gooi, 0)
    with open(echt_map / "bevolking.csv", encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if r["gemeentecode"] in inw and r["jaar"] == "2021" and r["geslacht"] == "totaal":
                inw[r["gemeentecode"]] += int(r["aantal"])
    regio = sum(inw.values())
    per = inwoners(echt["bevolking"], gooi, 2021).set_index("gemeentecode")["inwoners"]
    assert per.to_dict() == inw  # the step's inhabitants are the CSV's
    uit = vd.art29_verdeling(per, [Taakstelling(groep="statushouders", totaal=100, periode="1e helft 2021")])
    verwacht = [math.ceil(100 * inw[c] / regio) for c in gooi]
    assert uit["toedeling"].tolist() == verwacht
    tab = st.art29_tabel(uit, "statushouders", "1e helft 2021").set_index("Gemeente")
    assert tab.loc["Totaal regio", "Afronding"] == sum(verwacht) - 100 > 0
    assert tab.loc["Totaal regio", "Inwoners"] == regio
    assert (tab["Afronding"].drop("Totaal regio").between(0, 1)).all()


def test_geojson_zonder_gdal_gelezen_zoals_geopandas_het_leest(tmp_path):
    """laad_geo reads GeoJSON with json and shapely (GDAL costs the map kernel 31 MB): the same columns,
    types, CRS and geometries as geopandas.read_file, also with an old-style crs member."""
    import json
    from pathlib import Path

    import geopandas as gpd

    from wzlib.bronnen.geo import _lees_geojson

    rd = tmp_path / "rd.geojson"
    rd.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::28992"}}, "features": [_vlak({"gemeentecode": "GM0001", "inwoners": 12},
                                                                     x0=100000.0, y0=450000.0, d=500.0)]}),
                  encoding="utf-8")
    demo = Path(__file__).resolve().parents[1] / "data" / "voorbeeld" / "geo"
    for pad in [*sorted(demo.glob("*.geojson")), rd]:
        verwacht, gelezen = gpd.read_file(pad), _lees_geojson(pad)
        assert list(gelezen.columns) == list(verwacht.columns), pad
        assert gelezen.crs == verwacht.crs
        assert gelezen.geometry.geom_equals_exact(verwacht.geometry, 0).all()
        # the same values; GDAL makes small integers int32, json int64 (laad_geo uses codes and names only)
        pd.testing.assert_frame_equal(pd.DataFrame(gelezen.drop(columns="geometry")),
                                      pd.DataFrame(verwacht.drop(columns="geometry")), check_dtype=False)
        assert all(str(gelezen[k].dtype) == "str" for k in gelezen.columns if str(verwacht[k].dtype) == "str")
    kapot = tmp_path / "geo" / "kapot.geojson"
    kapot.parent.mkdir()
    kapot.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    from wzlib.bronnen.geo import laad_geo
    from wzlib.fouten import InvoerFout

    with pytest.raises(InvoerFout, match=r"kapot\.geojson.*geen leesbaar GeoJSON-bestand"):
        laad_geo(tmp_path)
