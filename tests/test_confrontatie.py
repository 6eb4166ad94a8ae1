"""Stap 5 confrontatie: the gap computation, the urgent letting share, findings, and the override/audit
logic (including a correction on which two partners conflict: shown, not averaged, not applied).

Computation in :mod:`wzlib.confrontatie`, the partner round in :mod:`wzlib.confrontatie_partners`, the
report's tables and sentences in :mod:`wzlib.confrontatie_tekst`. All inputs are small synthetic frames
in the shapes of the earlier steps' result tables; every expected value is worked out by hand in the
comments. Validation of the ``confrontatie:`` section of a regio file is tested in tests/test_params.py.
"""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pandas as pd
import pytest
from conftest import kopie_van

from wzlib import confrontatie as C
from wzlib import confrontatie_partners as CP
from wzlib import confrontatie_tekst as CT
from wzlib.bronnen.lokaal import LokaleInvoer
from wzlib.bronnen.partners import lege_reacties
from wzlib.fouten import ParamsFout
from wzlib.groepen import GROEPEN, WOONVORMEN
from wzlib.params import Acceptatie, Confrontatie, Partner
from wzlib.stappen import OMVANG, PROGNOSE, SPREIDING

GM, PJ = "GM9901", 2024


def _vraag_rijen(woonvorm, per_jaar):
    """per_jaar: {jaar: (laag, midden, hoog)}"""
    return [{"gemeentecode": GM, "jaar": j, "woonvorm": woonvorm, "variant": v, "aantal": x}
            for j, xs in per_jaar.items() for v, x in zip(("laag", "midden", "hoog"), xs)]


@pytest.fixture(scope="module")
def invoer() -> C.Invoer:
    aanbod = pd.DataFrame([
        {"gemeentecode": GM, "woonvorm": "nultreden", "aantal": 1000, "eenheid": "woningen", "definitie": "",
         "bron": "lokaal", "jaar": 2024, "status": "lokaal aangeleverd"},
        # geclusterd counted under two (overlapping) definitions: the registry's first (RIGO) is used, not the sum
        {"gemeentecode": GM, "woonvorm": "geclusterd", "aantal": 80, "eenheid": "wooneenheden",
         "definitie": "≥12 wooneenheden (CBS)", "bron": "CBS", "jaar": 2024, "status": "lokaal aangeleverd"},
        {"gemeentecode": GM, "woonvorm": "geclusterd", "aantal": 120, "eenheid": "wooneenheden",
         "definitie": "≥5 wooneenheden (RIGO)", "bron": "RIGO", "jaar": 2024, "status": "lokaal aangeleverd"},
        {"gemeentecode": GM, "woonvorm": "geclusterd", "aantal": 100, "eenheid": "wooneenheden",
         "definitie": "≥5 wooneenheden (RIGO)", "bron": "RIGO", "jaar": 2020, "status": "lokaal aangeleverd"},
        {"gemeentecode": GM, "woonvorm": "verpleegzorg", "aantal": 50, "eenheid": "plaatsen", "definitie": "",
         "bron": "zorgkantoor", "jaar": 2024, "status": "lokaal aangeleverd"},
        {"gemeentecode": GM, "woonvorm": "studentenwoning", "aantal": 450, "eenheid": "wooneenheden",
         "definitie": "", "bron": "", "jaar": 2024, "status": "lokaal aangeleverd"},
        {"gemeentecode": GM, "woonvorm": "woonwagenstandplaats", "aantal": 10, "eenheid": "standplaatsen",
         "definitie": "", "bron": "", "jaar": 2024, "status": "lokaal aangeleverd"},
        {"gemeentecode": GM, "woonvorm": "opvang", "aantal": None, "eenheid": "plaatsen", "definitie": "",
         "bron": "", "jaar": 2024, "status": "ontbreekt"},
        # another gemeente must not leak in
        {"gemeentecode": "GM9902", "woonvorm": "nultreden", "aantal": 9999, "eenheid": "woningen", "definitie": "",
         "bron": "", "jaar": 2024, "status": "lokaal aangeleverd"},
    ])
    vraag = pd.DataFrame(
        _vraag_rijen("nultreden", {2024: (1050, 1100, 1150), 2034: (1300, 1400, 1500), 2044: (1500, 1700, 1900)})
        + _vraag_rijen("geclusterd", {2024: (140, 150, 160), 2034: (180, 200, 220), 2044: (230, 260, 290)})
        + _vraag_rijen("verpleegzorg", {2024: (55, 60, 65), 2034: (80, 90, 100), 2044: (110, 125, 140)})
        + _vraag_rijen("nultreden", {2050: (1, 1, 1)})  # beyond peiljaar + 20: dropped
    )
    plan = pd.DataFrame([
        {"gemeentecode": GM, "woonvorm": "nultreden", "jaar": 2023, "aantal": 50, "hardheid": "hard", "bron": ""},
        {"gemeentecode": GM, "woonvorm": "nultreden", "jaar": 2024, "aantal": 20, "hardheid": "hard", "bron": ""},
        {"gemeentecode": GM, "woonvorm": "nultreden", "jaar": 2030, "aantal": 100, "hardheid": "hard", "bron": ""},
        {"gemeentecode": GM, "woonvorm": "nultreden", "jaar": 2040, "aantal": 100, "hardheid": "zacht", "bron": ""},
        {"gemeentecode": GM, "woonvorm": "geclusterd", "jaar": 2028, "aantal": 40, "hardheid": "hard", "bron": ""},
        {"gemeentecode": GM, "woonvorm": "geclusterd", "jaar": 2036, "aantal": 30, "hardheid": "zacht", "bron": ""},
    ])
    gp = pd.DataFrame([
        {"gemeentecode": GM, "groep": "studenten", "jaar": 2024, "aantal": 500, "methode": "m"},
        {"gemeentecode": GM, "groep": "studenten", "jaar": 2034, "aantal": 600, "methode": "m"},
        {"gemeentecode": GM, "groep": "medische_urgentie", "jaar": 2024, "aantal": 40, "methode": "m"},
        {"gemeentecode": GM, "groep": "medische_urgentie", "jaar": 2034, "aantal": 52, "methode": "m"},
        {"gemeentecode": GM, "groep": "uitstroom_bw", "jaar": 2024, "aantal": 30, "methode": "m"},
        {"gemeentecode": GM, "groep": "uitstroom_bw", "jaar": 2034, "aantal": 45, "methode": "m"},
    ])
    groepen = pd.DataFrame([
        {"gemeentecode": GM, "groep": "woonwagenbewoners", "aantal": 12, "per_1000": 0.1, "bron": "gemeente",
         "jaar": 2023, "status": "lokaal aangeleverd"},
        {"gemeentecode": GM, "groep": "mantelzorg", "aantal": 5, "per_1000": 0.05, "bron": "woonruimteverdeling",
         "jaar": 2023, "status": "lokaal aangeleverd"},
        {"gemeentecode": GM, "groep": "uitstroom_bw", "aantal": 30, "per_1000": 0.3, "bron": "centrumgemeente",
         "jaar": 2023, "status": "lokaal aangeleverd"},
    ])
    lokaal_groepen = pd.DataFrame([
        {"gemeentecode": GM, "groep": "uitstroom_bw", "jaar": 2023, "aantal": 30, "eenheid": "personen", "bron": "",
         "toelichting": "", "instroom_per_jaar": 12, "uitstroom_per_jaar": 10, "taakstelling_per_jaar": None},
    ])
    woningmarkt = pd.DataFrame([
        {"gemeentecode": GM, "jaar": 2023, "sociale_huurvoorraad": 3000, "corporatievoorraad": 2800,
         "mutaties_sociale_huur": 200, "nieuwbouw_per_jaar": 50, "bron": "corporatie"},
    ])
    woningvoorraad = pd.DataFrame([{"gemeentecode": GM, "jaar": 2024, "woningvoorraad": 10000, "sociale_huur": 3000,
                                    "woningmarkt_jaar": 2023}])
    return C.Invoer(gemeente=GM, aanbod=aanbod, woningvoorraad=woningvoorraad, vraag=vraag, groepen_prognose=gp,
                    groepen=groepen, plancapaciteit=plan, woningmarkt=woningmarkt, aandachtsgroepen=lokaal_groepen)


@pytest.fixture(scope="module")
def params() -> Confrontatie:
    return Confrontatie()


def _rij(conf, wv, jaar, variant="midden"):
    r = conf[(conf["woonvorm"] == wv) & (conf["jaar"] == jaar) & (conf["variant"] == variant)]
    assert len(r) == 1, (wv, jaar, variant, r)
    return r.iloc[0]


# -- gap computation ---------------------------------------------------------------------------------

def test_tekorten_formule_met_handwerk():
    vraag = pd.DataFrame({"woonvorm": ["a", "a", "b"], "jaar": [2024, 2034, 2024], "variant": "midden",
                          "vraag": [100.0, 150.0, 10.0]})
    aanbod = pd.DataFrame({"woonvorm": ["a", "b"], "aanbod": [80.0, math.nan]})
    plan = pd.DataFrame({"woonvorm": ["a"], "jaar": [2034], "plan_cumulatief": [30.0]})
    t = C.tekorten(vraag, aanbod, plan)
    assert t["tekort_zonder_plan"].tolist()[:2] == [20.0, 70.0]
    assert t["tekort_met_plan"].tolist()[:2] == [20.0, 40.0]  # 150 - (80 + 30); no plan in 2024 -> 0
    assert math.isnan(t["tekort_met_plan"].iloc[2])  # unknown aanbod -> no gap, not a gap of 10


def test_aanbod_per_woonvorm(invoer):
    a = C.aanbod_per_woonvorm(invoer.aanbod, invoer.woningvoorraad, gemeente=GM, peiljaar=PJ).set_index("woonvorm")
    assert list(a.index) == list(WOONVORMEN)  # every registry woonvorm, also without data
    assert a.at["nultreden", "aanbod"] == 1000  # GM9902's 9999 does not leak in
    assert a.at["geclusterd", "aanbod"] == 120  # RIGO 2024; not 120 + 80, not the 2020 figure
    assert "niet opgeteld" in a.at["geclusterd", "bron"]
    assert math.isnan(a.at["opvang", "aanbod"])
    assert a.at["sociale_huur", "aanbod"] == 3000  # from woningvoorraad
    assert a.at["sociale_huur", "jaar"] == 2023  # the year of the woningmarkt figure it comes from


def test_plan_cumulatief(invoer):
    p = C.plan_cumulatief(invoer.plancapaciteit, gemeente=GM, peiljaar=PJ, jaren=[2024, 2034, 2044])
    p = p.set_index(["woonvorm", "jaar"])["plan_cumulatief"]
    # 2023 plan is before the peiljaar (already in aanbod); 2024: 20; 2034: 20 + 100; 2044: + 100
    assert (p["nultreden", 2024], p["nultreden", 2034], p["nultreden", 2044]) == (20, 120, 220)
    assert (p["geclusterd", 2024], p["geclusterd", 2034], p["geclusterd", 2044]) == (0, 40, 70)
    hard = C.plan_cumulatief(invoer.plancapaciteit, gemeente=GM, peiljaar=PJ, jaren=[2044], hardheid=["hard"])
    assert hard.set_index(["woonvorm", "jaar"]).at[("nultreden", 2044), "plan_cumulatief"] == 120


def test_bereken_vraag_tegen_aanbod(invoer, params):
    conf = C.bereken(invoer, params, gemeente=GM, peiljaar=PJ)
    assert list(conf.columns) == C.CONFRONTATIE_KOLOMMEN
    r = _rij(conf, "nultreden", 2034)
    # 1400 - 1000 = 400 without plans; plans 20 + 100 -> 280
    assert (r.vraag, r.aanbod, r.plan_cumulatief, r.tekort_zonder_plan, r.tekort_met_plan) == (1400, 1000, 120, 400, 280)
    assert r.methode == f"vraagraming {PROGNOSE.naam}"
    assert _rij(conf, "nultreden", 2044, "hoog").tekort_met_plan == 1900 - 1000 - 220
    assert _rij(conf, "geclusterd", 2044).tekort_met_plan == 260 - 120 - 70
    assert 2050 not in set(conf["jaar"])
    # proxy: studenten from groepen_prognose, midden only
    s = _rij(conf, "studentenwoning", 2034)
    assert (s.vraag, s.tekort_met_plan) == (600, 150) and s.methode.startswith("benadering")
    assert conf[(conf["woonvorm"] == "studentenwoning") & (conf["variant"] != "midden")].empty
    # proxy from stap omvang (no prognose): one row in the peiljaar
    w = _rij(conf, "woonwagenstandplaats", 2024)
    assert (w.vraag, w.aanbod, w.tekort_met_plan) == (12, 10, 2) and OMVANG.naam in w.methode
    # no model and no group data: visible as 'geen vraagraming'
    a = _rij(conf, "arbeidsmigranten", 2024)
    assert a.methode == C.GEEN_VRAAGRAMING and math.isnan(a.vraag)
    assert _rij(conf, "opvang", 2024).methode == C.GEEN_VRAAGRAMING
    # sociale huur for urgenten: flow (see test_urgentie): 55 urgent vs 0.30 x 200 = 60 -> overschot 5
    sh = _rij(conf, "sociale_huur", 2024)
    assert (sh.vraag, sh.aanbod, sh.tekort_met_plan) == (55, 60, -5) and sh.methode == C.URGENT_METHODE
    assert _rij(conf, "sociale_huur", 2034).tekort_met_plan == pytest.approx(67 - 60)
    # the fixed form: registry order of the woonvormen, then year, then laag/midden/hoog
    assert list(dict.fromkeys(conf["woonvorm"])) == list(WOONVORMEN)
    n = conf[(conf["woonvorm"] == "nultreden") & (conf["jaar"] == 2034)]
    assert n["variant"].tolist() == ["laag", "midden", "hoog"]


def test_plan_hardheid_param(invoer):
    conf = C.bereken(invoer, Confrontatie(plan_hardheid=["Hard"]), gemeente=GM, peiljaar=PJ)
    assert _rij(conf, "geclusterd", 2044).tekort_met_plan == 260 - 120 - 40


def test_proxy_uitzetten_en_eigen_proxy(invoer):
    p = Confrontatie(vraag_proxy={"studentenwoning": None, "opvang": ["uitstroom_bw"]})
    assert "woonwagenstandplaats" in p.vraag_proxy  # the other defaults stay
    conf = C.bereken(invoer, p, gemeente=GM, peiljaar=PJ)
    assert _rij(conf, "studentenwoning", 2024).methode == C.GEEN_VRAAGRAMING
    assert _rij(conf, "opvang", 2034).vraag == 45


def test_horizon_bepaalt_de_jaren(invoer):
    conf = C.bereken(invoer, Confrontatie(horizon=[10]), gemeente=GM, peiljaar=PJ)  # 0 is always added
    assert sorted(set(conf[conf["woonvorm"] == "nultreden"]["jaar"])) == [2024, 2034]


def test_zonder_enige_invoer(params):
    conf = C.bereken(C.Invoer(gemeente=GM), params, gemeente=GM, peiljaar=PJ)
    assert len(conf) == len(WOONVORMEN)
    assert set(conf["methode"]) == {C.GEEN_VRAAGRAMING}
    top = C.grootste_tekorten(conf, peiljaar=PJ)
    assert top.empty
    assert "kan nog geen tekort of overschot worden berekend" in CT.samenvatting(top, "X")


def test_grootste_tekorten(invoer, params):
    conf = C.bereken(invoer, params, gemeente=GM, peiljaar=PJ)
    top = C.grootste_tekorten(conf, peiljaar=PJ, n=5)
    # |tekort_met_plan| maximum over 2024/2034/2044: nultreden 480 (2044), studentenwoning 150 (2034),
    # verpleegzorg 125 - 50 = 75 (2044), geclusterd 70 (2044), sociale huur 7 (2034); woonwagen 2 is 6th
    assert top["woonvorm"].tolist() == ["nultreden", "studentenwoning", "verpleegzorg", "geclusterd", "sociale_huur"]
    assert top["tekort_met_plan"].tolist() == pytest.approx([480, 150, 75, 70, 7])
    assert top["jaar"].tolist() == [2044, 2034, 2044, 2044, 2034]
    assert top["tekort_aandeel"].iloc[0] == pytest.approx(480 / 1700)  # a fraction of the demand
    assert (top["soort"] == "tekort").all()
    tekst = CT.samenvatting(top, "Voorbeeldstad")
    assert "1. **Nultredenwoning" in tekst and "tekort van 480" in tekst and "(28% van de vraag)" in tekst
    assert "per jaar" in tekst  # the urgent flow of sociale huur


def test_overzicht_en_reeks(invoer, params):
    conf = C.bereken(invoer, params, gemeente=GM, peiljaar=PJ)
    o = CT.overzicht(conf, peiljaar=PJ).set_index("Woonvorm")
    n = o.loc[WOONVORMEN["nultreden"].label]
    assert (n["Aanbod nu"], n["Vraag 2034"], n["Plannen t/m 2034"], n["Tekort 2044"]) == (1000, 1400, 120, 480)
    assert math.isnan(o.loc[WOONVORMEN["opvang"].label, "Tekort 2024"])
    r = CT.reeks(conf, "nultreden").set_index("jaar")
    assert r.at[2034, "hoog"] == 1500 and r.at[2044, "aanbod_met_plan"] == 1220


# -- urgent share of lettings ------------------------------------------------------------------------

def test_urgente_vraag_en_aandeel(invoer, params):
    vu = C.urgente_vraag(invoer.groepen_prognose, invoer.groepen, invoer.aandachtsgroepen,
                         params.urgente_groepsleutels(), gemeente=GM, jaren=[2024, 2034])
    per = vu.set_index(["groep", "jaar"])["aantal"]
    assert per["medische_urgentie", 2024] == 40  # counted per year: groepen_prognose
    assert per["uitstroom_bw", 2024] == 10  # stock group: local uitstroom per jaar, not its stock of 30
    assert per["uitstroom_bw", 2034] == 10  # flow held constant (as the prognosis does), not its stock of 45
    assert per["mantelzorg", 2034] == 5  # stap omvang, held constant (said so)
    assert "constant" in vu.set_index(["groep", "jaar"]).at[("mantelzorg", 2034), "bron"]
    assert math.isnan(per["uitstroom_mo", 2024])  # no uitstroom figure: not counted, not its stock
    urg = C.urgentie(invoer, params, gemeente=GM, peiljaar=PJ)
    assert list(urg.columns) == C.URGENTIE_KOLOMMEN and (urg["gemeentecode"] == GM).all()
    urg = urg.set_index("jaar")
    # 2024: 40 + 10 + 5 = 55 urgent / 200 mutaties = 0.275 < 0.30; 2034: 52 + 10 + 5 = 67 / 200 = 0.335
    assert urg.at[2024, "vraag_urgent"] == 55 and urg.at[2024, "mutaties"] == 200
    assert urg.at[2024, "aandeel"] == pytest.approx(0.275) and not urg.at[2024, "boven_norm"]
    assert urg.at[2034, "aandeel"] == pytest.approx(0.335) and urg.at[2034, "boven_norm"]
    assert urg.at[2034, "ruimte_bij_norm"] == pytest.approx(60) and urg.at[2034, "verschil"] == pytest.approx(7)
    assert "constant" in urg.at[2034, "bron_mutaties"]


def test_urgente_groepen_standaard_en_eigen_lijst():
    p = Confrontatie()
    assert "medische_urgentie" in p.urgente_groepsleutels() and "uitstroom_bw" in p.urgente_groepsleutels()
    assert "studenten" not in p.urgente_groepsleutels()
    assert Confrontatie(urgente_groepen="mantelzorg").urgente_groepsleutels() == ("mantelzorg",)


def test_urgentie_aandeel_formule():
    vu = pd.DataFrame({"groep": ["a", "b", "a"], "jaar": [2024, 2024, 2025], "aantal": [30.0, 15.0, math.nan]})
    mu = pd.DataFrame({"jaar": [2024, 2025], "mutaties": [100.0, 0.0], "bron": ["x", "y"]})
    u = C.urgentie_aandeel(vu, mu, norm=0.4).set_index("jaar")
    assert u.at[2024, "aandeel"] == pytest.approx(0.45) and u.at[2024, "boven_norm"]
    assert u.at[2024, "ruimte_bij_norm"] == pytest.approx(40) and u.at[2024, "verschil"] == pytest.approx(5)
    assert math.isnan(u.at[2025, "aandeel"])  # no demand figure and no lettings: no share, no division by zero


def test_mutaties_uit_params_en_mutatiegraad(invoer):
    p = Confrontatie(mutaties={GM: {2024: 150, 2030: 180}})
    m = C.mutaties(None, None, p, gemeente=GM, jaren=[2024, 2034]).set_index("jaar")
    assert m.at[2024, "mutaties"] == 150 and m.at[2034, "mutaties"] == 180
    assert "constant verondersteld" in m.at[2034, "bron"]  # 2030 figure used for 2034
    p = Confrontatie(mutaties={GM: 120})  # one figure for every year
    assert C.mutaties(None, None, p, gemeente=GM, jaren=[2040])["mutaties"].tolist() == [120]
    p = Confrontatie(mutatiegraad=0.05)
    m = C.mutaties(None, invoer.woningvoorraad, p, gemeente=GM, jaren=[2024]).set_index("jaar")
    assert m.at[2024, "mutaties"] == pytest.approx(150)  # 0.05 x 3000
    assert "mutatiegraad 5,0%" in m.at[2024, "bron"]
    leeg = C.mutaties(None, None, Confrontatie(), gemeente=GM, jaren=[2024])
    assert leeg["mutaties"].isna().all()
    # the local woningmarkt input comes first
    m = C.mutaties(invoer.woningmarkt, invoer.woningvoorraad, p, gemeente=GM, jaren=[2024]).set_index("jaar")
    assert m.at[2024, "mutaties"] == 200 and m.at[2024, "bron"].startswith("lokale invoer woningmarkt 2023")


def test_norm_uit_params(invoer):
    p = Confrontatie(norm_urgentie_aandeel=0.25)
    urg = C.urgentie(invoer, p, gemeente=GM, peiljaar=PJ)
    assert urg.set_index("jaar").at[2024, "boven_norm"]  # 0.275 > 0.25
    assert (urg["norm"] == 0.25).all()
    assert p.norm_bron == "regio-parameters (confrontatie.norm_urgentie_aandeel)"
    assert "type P" in Confrontatie().norm_bron


def test_urgentie_tekst(invoer, params):
    urg = C.urgentie(invoer, params, gemeente=GM, peiljaar=PJ)
    t = CT.urgentie_tekst(urg, "Voorbeeldstad", params)
    # 0.275 shown as 28% (half away from zero), 0.335 as 34%
    assert "**28%**" in t and "binnen" in t and "30%" in t and "In 2034 is dat 34% (boven de norm)" in t
    leeg = C.urgentie(C.Invoer(gemeente=GM), params, gemeente=GM, peiljaar=PJ)
    tl = CT.urgentie_tekst(leeg, "X", params)
    assert "niet te berekenen" in tl and "mutaties_sociale_huur" in tl


# -- inputs ------------------------------------------------------------------------------------------

def _resultaten(invoer, verdeling=None) -> SimpleNamespace:
    """What Analyse.invoer() gives the step: the earlier results, the optional verdeling None when absent."""
    return SimpleNamespace(aanbod=invoer.aanbod, woningvoorraad=invoer.woningvoorraad, vraag=invoer.vraag,
                           groepen_prognose=invoer.groepen_prognose, groepen=invoer.groepen, verdeling=verdeling,
                           ontbreekt={} if verdeling is not None else {"verdeling": []})


def test_verzamel_invoer_ontbrekend_wordt_een_zin(invoer):
    lok = LokaleInvoer(plancapaciteit=invoer.plancapaciteit, aandachtsgroepen=invoer.aandachtsgroepen)
    inv = C.verzamel(_resultaten(invoer), lok, gemeente=GM, verdeling_stap=SPREIDING.naam)
    assert inv.verdeling is None and inv.woningmarkt is None
    assert len(inv.aanbod) == 8  # filtered to the gemeente (GM9902's row left out)
    tekst = inv.melding()
    assert f"De regionale verdeling ({SPREIDING.naam}) is nog niet gemaakt" in tekst
    assert "Lokale invoer 'woningmarkt' is niet aangeleverd" in tekst
    assert "'plancapaciteit'" not in tekst
    conf = C.bereken(inv, Confrontatie(), gemeente=GM, peiljaar=PJ)  # still runs
    assert _rij(conf, "nultreden", 2034).tekort_met_plan == 280
    # with the regio's verdeling: only this gemeente's rows
    v = pd.DataFrame({"gemeentecode": [GM, "GM9902"], "groep": "statushouders", "toedeling": [3, 4]})
    inv = C.verzamel(_resultaten(invoer, v), lok, gemeente=GM)
    assert inv.verdeling["toedeling"].tolist() == [3]


def test_verzamel_zonder_lokale_invoer(invoer):
    """A regio without a local folder: Analyse.lokaal is an empty LokaleInvoer (or None): every subject gets
    a sentence, nothing fails."""
    for lok in (None, LokaleInvoer()):
        inv = C.verzamel(_resultaten(invoer), lok, gemeente=GM)
        assert inv.plancapaciteit is None and inv.woningmarkt is None and inv.aandachtsgroepen is None
        assert all(f"'{n}' is niet aangeleverd" in inv.melding() for n in C.LOKAAL)
        assert len(inv.vraag) > 0
    assert C.Invoer().melding().startswith("Alle resultaten")


def test_confrontatie_stopt_zonder_prognose_van_de_gemeente(demo_uitvoer, tmp_path):
    """The prognose is a required input (only the regio's verdeling is optional): its absence stops the step
    with the gemeente and the step named; a missing verdeling is only reported."""
    from wzlib import analyse, catalogus, paden, resultaten, stappen

    regio_map = kopie_van(demo_uitvoer, tmp_path / "outputs") / "voorbeeldregio"
    paden.resultaat_bestand(regio_map / paden.REGIO, stappen.SPREIDING.notebook, catalogus.VERDELING.naam).unlink()
    A = analyse.open("voorbeeldregio", gemeente="Heidewoude", uitvoer_map=str(regio_map / "GM9901"),
                     stap=stappen.CONFRONTATIE)
    res = A.invoer()
    assert res.verdeling is None and "verdeling" in res.ontbreekt
    assert (res.vraag["gemeentecode"] == "GM9901").all() and len(res.vraag)
    paden.resultaat_bestand(regio_map / "GM9901", stappen.PROGNOSE.notebook, catalogus.VRAAG.naam).unlink()
    with pytest.raises(resultaten.ResultaatOntbreekt,
                       match=r"Stap 5 – Confrontatie kan niet rekenen: het resultaat 'vraag' van Stap 3 – Prognose "
                             r"ontbreekt voor Heidewoude \(GM9901\)"):
        A.invoer()


# -- findings ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bev(invoer, params):
    conf = C.bereken(invoer, params, gemeente=GM, peiljaar=PJ)
    urg = C.urgentie(invoer, params, gemeente=GM, peiljaar=PJ)
    return CP.bevindingen(conf, urg, invoer.groepen, gemeente=GM, gemeentenaam="Voorbeeldstad", peiljaar=PJ)


def test_bevindingen(bev):
    assert list(bev.columns) == CP.BEVINDING_KOLOMMEN and bev["id"].is_unique
    b = bev.set_index("id")
    assert b.at["GM9901-aanbod-geclusterd", "waarde"] == 120
    assert b.at["GM9901-vraag-nultreden-2034", "waarde"] == 1400
    assert "bandbreedte 1.300 tot 1.500" in b.at["GM9901-vraag-nultreden-2034", "bevinding"]
    assert b.at["GM9901-tekort-nultreden-2034", "waarde"] == 280
    assert "Tekort" in b.at["GM9901-tekort-nultreden-2034", "bevinding"]
    assert math.isnan(b.at["GM9901-aanbod-opvang", "waarde"]) and "Geen gegevens" in b.at["GM9901-aanbod-opvang", "bevinding"]
    # the share on the review sheet is in percent (partners answer 35 for 35 %): 0.275 -> 27.5 %
    assert b.at["GM9901-urgentie-aandeel-2024", "waarde"] == 27.5 and b.at["GM9901-urgentie-aandeel-2024", "eenheid"] == "%"
    assert "moet: 28% (regionale norm 30%)" in b.at["GM9901-urgentie-aandeel-2024", "bevinding"]  # text: whole %
    # small numbers are not written out in the text (the figure stays in 'waarde')
    assert b.at["GM9901-omvang-mantelzorg", "waarde"] == 5
    assert "minder dan 10" in b.at["GM9901-omvang-mantelzorg", "bevinding"]
    # 3 findings per woonvorm + 3 groups + 3 urgentie
    assert len(bev) == 3 * len(WOONVORMEN) + 3 + 3


def test_bevinding_ids_hangen_niet_af_van_gegevens(params):
    leeg = C.bereken(C.Invoer(gemeente=GM), params, gemeente=GM, peiljaar=PJ)
    b = CP.bevindingen(leeg, None, None, gemeente=GM, gemeentenaam="X", peiljaar=PJ)
    assert "GM9901-tekort-geclusterd-2034" in set(b["id"]) and "GM9901-urgentie-aandeel-2024" in set(b["id"])
    assert CP.bevinding_id(GM, "tekort", "geclusterd", 2031) == "GM9901-tekort-geclusterd-2031"


# -- partner reactions: comparison, override and audit -----------------------------------------------

def _reacties(rijen):
    basis = {"soort": "overig", "gemeentecode": GM, "herkenbaar": pd.NA, "correctie": pd.NA, "toelichting": pd.NA,
             "bron": pd.NA, "datum": "01-03-2025", "waarde_blad": pd.NA, "bestand": "x.xlsx", "regel": 2}
    df = pd.DataFrame([{**basis, **r} for r in rijen])
    return df.loc[:, list(lege_reacties().columns)].astype(lege_reacties().dtypes.to_dict())


@pytest.fixture(scope="module")
def reacties():
    return _reacties([
        # conflict: two partners, two different values for the same figure
        {"partner": "Woonstichting", "soort": "corporatie", "id": "GM9901-aanbod-geclusterd", "herkenbaar": "nee",
         "correctie": 140, "toelichting": "complex De Linde telt mee", "bron": "eigen bezit 2024"},
        {"partner": "Zorggroep", "soort": "zorgaanbieder", "id": "GM9901-aanbod-geclusterd", "herkenbaar": "nee",
         "correctie": 160, "toelichting": "ook particuliere hofjes"},
        # an uncontested correction, next to a partner who recognises the figure: applied, flagged as disagreement
        {"partner": "Woonstichting", "soort": "corporatie", "id": "GM9901-aanbod-nultreden", "herkenbaar": "deels",
         "correctie": 1050, "toelichting": "50 woningen met lift vergeten", "datum": "15-02-2025"},
        {"partner": "Zorgkantoor", "soort": "zorgkantoor", "id": "GM9901-aanbod-nultreden", "herkenbaar": "ja"},
        {"partner": "Zorgkantoor", "soort": "zorgkantoor", "id": "GM9901-vraag-verpleegzorg-2034", "herkenbaar": "ja"},
        {"partner": "Zorggroep", "soort": "zorgaanbieder", "id": "GM9901-vraag-verpleegzorg-2034", "herkenbaar": "ja"},
        {"partner": "Zorggroep", "soort": "zorgaanbieder", "id": "GM9901-tekort-nultreden-2034", "herkenbaar": "nee"},
        # general question and another gemeente's finding: not part of this gemeente's comparison
        {"partner": "Zorggroep", "soort": "zorgaanbieder", "id": "ALG-klopt", "gemeentecode": "", "herkenbaar": "deels",
         "toelichting": "GGZ ontbreekt"},
        {"partner": "Zorggroep", "soort": "zorgaanbieder", "id": "GM9902-aanbod-nultreden", "gemeentecode": "GM9902",
         "herkenbaar": "ja"},
    ])


def test_vergelijk_en_oordeel(bev, reacties):
    v = CP.vergelijk(bev, reacties)
    assert len(v) == 7 and "ALG-klopt" not in set(v["id"])
    g = v[(v["id"] == "GM9901-aanbod-geclusterd") & (v["partner"] == "Zorggroep")].iloc[0]
    assert g["waarde"] == 120 and g["afwijking"] == 40
    o = CP.oordeel_per_bevinding(bev, reacties).set_index("id")
    assert o.at["GM9901-aanbod-geclusterd", "oordeel"] == "conflict"
    assert o.at["GM9901-aanbod-nultreden", "oordeel"] == "onenigheid"
    assert o.at["GM9901-vraag-verpleegzorg-2034", "oordeel"] == "herkend"
    assert o.at["GM9901-tekort-nultreden-2034", "oordeel"] == "niet herkend"
    assert o.at["GM9901-aanbod-geclusterd", "Woonstichting"] == "nee; correctie 140"
    t = CT.oordeel_tabel(bev, reacties)
    assert {"Id", "Bevinding", "Oordeel", "Zorggroep"} <= set(t.columns) and "n_ja" not in t.columns


def test_conflicterende_correctie_wordt_getoond_niet_gemiddeld(bev, reacties):
    c = CP.pas_correcties_toe(bev, reacties)
    b = c.bevindingen.set_index("id")
    # conflict 140 vs 160: data figure kept, not 150
    assert b.at["GM9901-aanbod-geclusterd", "waarde"] == 120 and not b.at["GM9901-aanbod-geclusterd", "gecorrigeerd"]
    conf = c.conflicten
    assert set(conf["partner"]) == {"Woonstichting", "Zorggroep"} and set(conf["correctie"]) == {140, 160}
    assert not conf["opgelost"].any()
    a = c.audit.set_index(["bevinding", "partner"])
    assert a.at[("GM9901-aanbod-geclusterd", "Zorggroep"), "status"].startswith("conflict")
    assert not a.at[("GM9901-aanbod-geclusterd", "Zorggroep"), "toegepast"]
    # the uncontested correction: applied, with who / old -> new / reason / date
    r = a.loc[("GM9901-aanbod-nultreden", "Woonstichting")]
    assert (r["oud"], r["nieuw"], r["status"], r["datum"]) == (1000, 1050, "toegepast", "15-02-2025")
    assert r["reden"] == "50 woningen met lift vergeten" and r["toegepast"]
    assert b.at["GM9901-aanbod-nultreden", "waarde"] == 1050 and b.at["GM9901-aanbod-nultreden", "waarde_data"] == 1000
    assert b.at["GM9901-aanbod-nultreden", "gecorrigeerd_door"] == "Woonstichting"
    assert list(c.audit.columns) == CP.AUDIT_KOLOMMEN
    assert len(c.audit) == 3 and "tegen" in CT.correcties_tekst(c)
    assert len(c.toegepast) == 1
    ct = CT.conflicten_tabel(c)
    assert sorted(ct["Correctie"]) == [140, 160] and (ct["Gegevens"] == 120).all()


def test_geaccepteerde_correctie_lost_conflict_op(bev, reacties, invoer, params):
    acc = [Acceptatie(bevinding="GM9901-aanbod-geclusterd", partner="Zorggroep", reden="hofjes tellen mee"),
           Acceptatie(bevinding="GM9902-aanbod-nultreden", partner="Onbekend")]  # other gemeente: ignored here
    c = CP.pas_correcties_toe(bev, reacties, geaccepteerd=acc)
    b = c.bevindingen.set_index("id")
    assert b.at["GM9901-aanbod-geclusterd", "waarde"] == 160
    a = c.audit.set_index(["bevinding", "partner"])
    assert a.at[("GM9901-aanbod-geclusterd", "Zorggroep"), "toegepast"]
    assert "geaccepteerd" in a.at[("GM9901-aanbod-geclusterd", "Zorggroep"), "status"]
    assert "hofjes" in a.at[("GM9901-aanbod-geclusterd", "Zorggroep"), "status"]
    assert not a.at[("GM9901-aanbod-geclusterd", "Woonstichting"), "toegepast"]
    assert c.conflicten["opgelost"].all()
    # the corrected aanbod flows into the gaps: 2044 geclusterd 260 - 160 - 70 = 30; nultreden 1700 - 1050 - 220
    assert C.correcties_aanbod(c.audit, GM) == {"geclusterd": (160, "Zorggroep"), "nultreden": (1050, "Woonstichting")}
    conf = C.bereken(invoer, params, gemeente=GM, peiljaar=PJ, audit=c.audit)
    assert _rij(conf, "geclusterd", 2044).tekort_met_plan == 30
    assert _rij(conf, "nultreden", 2044).tekort_met_plan == 1700 - 1050 - 220
    assert "gecorrigeerd door Zorggroep" in _rij(conf, "geclusterd", 2044).methode
    assert "geclusterde woonvorm (160, door Zorggroep)" in CT.na_correcties_tekst(c, GM)


def test_zelfde_correctie_van_twee_partners_is_geen_conflict(bev):
    r = _reacties([{"partner": "A", "id": "GM9901-aanbod-verpleegzorg", "correctie": 55},
                   {"partner": "B", "id": "GM9901-aanbod-verpleegzorg", "correctie": 55.0}])
    c = CP.pas_correcties_toe(bev, r)
    assert c.conflicten.empty and c.audit["toegepast"].all()
    assert c.bevindingen.set_index("id").at["GM9901-aanbod-verpleegzorg", "gecorrigeerd_door"] == "A; B"


def test_niet_automatisch_wacht_op_acceptatie(bev, reacties):
    c = CP.pas_correcties_toe(bev, reacties, automatisch=False)
    assert not c.audit["toegepast"].any()
    assert c.audit.set_index(["bevinding", "partner"]).at[("GM9901-aanbod-nultreden", "Woonstichting"), "status"] \
        .startswith("wacht")
    assert "wachten op acceptatie" in CT.correcties_tekst(c)


def test_acceptatie_fouten(bev, reacties):
    with pytest.raises(ParamsFout, match=r"geaccepteerd\[0\].*bestaat niet"):
        CP.pas_correcties_toe(bev, reacties, geaccepteerd=[Acceptatie(bevinding="GM9901-aanbod-kasteel",
                                                                      partner="Zorggroep")])
    with pytest.raises(ParamsFout, match=r"geaccepteerd\[0\].*Zorgkantoor.*geen correctie"):
        CP.pas_correcties_toe(bev, reacties, geaccepteerd=[Acceptatie(bevinding="GM9901-aanbod-geclusterd",
                                                                      partner="Zorgkantoor")])


def test_herkenning_is_een_gemeten_toets(bev, reacties):
    h = CP.herkenning(bev, reacties, per="partner").set_index("partner")
    # Zorggroep: geclusterd nee, verpleegzorg ja, tekort nee -> 1 of 3 (ALG and GM9902 not counted)
    assert (h.at["Zorggroep", "beantwoord"], h.at["Zorggroep", "ja"]) == (3, 1)
    assert h.at["Zorggroep", "aandeel_herkend"] == pytest.approx(1 / 3)
    # Woonstichting: nee, deels -> 0 ja, 1 ja-of-deels of 2
    assert h.at["Woonstichting", "aandeel_herkend_of_deels"] == pytest.approx(0.5)
    # all: 7 answers, 3 ja (zorgkantoor 2, zorggroep 1), 1 deels
    assert (h.at["alle partners", "beantwoord"], h.at["alle partners", "ja"], h.at["alle partners", "deels"]) == (7, 3, 1)
    s = CP.herkenning(bev, reacties, per="soort").set_index("soort")
    assert s.at["zorgkantoor", "aandeel_herkend"] == 1.0 and "woningcorporatie" in s.index
    o = CP.herkenning(bev, reacties, per="onderwerp").set_index("onderwerp")
    assert o.at["aanbod", "beantwoord"] == 4 and o.at["vraag", "ja"] == 2  # 3 + 1 aanbod answers; verpleegzorg ja x2
    # 3 of 7 = 42.86 % -> 43 %; (3 + 1) of 7 = 57 %
    assert "3 volledig (43%)" in CT.herkenning_tekst(h.reset_index()) and "4 geheel of deels (57%)" in \
        CT.herkenning_tekst(h.reset_index())
    with pytest.raises(Exception, match="per moet"):
        CP.herkenning(bev, reacties, per="gemeente")


def test_algemene_reacties_en_teksten(bev, reacties):
    alg = CP.algemene_reacties(reacties)
    assert alg.iloc[0]["antwoord"] == "deels" and alg.iloc[0]["toelichting"] == "GGZ ontbreekt"
    assert alg.iloc[0]["vraag"] == "Klopt de analyse als geheel vanuit uw perspectief?"  # hint in brackets removed
    t = CT.reacties_tekst(reacties, bev, "map", partners=[Partner(naam="Zorgkantoor", soort="zorgkantoor"),
                                                         Partner(naam="Provincie", soort="provincie")])
    assert "3 partner(s) hebben gereageerd (Woonstichting, Zorggroep, Zorgkantoor)" in t
    assert "Nog geen reactie van: Provincie." in t
    assert "geen reviewbladen" in CT.reacties_tekst(lege_reacties(), bev, None)
    assert "geen reacties" in CT.herkenning_tekst(CP.herkenning(bev, lege_reacties()))
    assert CP.pas_correcties_toe(bev, lege_reacties()).audit.empty


def test_reacties_resultaat_houdt_alleen_de_eigen_gemeente(reacties):
    r = CP.reacties_resultaat(reacties, GM)
    # own findings (7) and the general question (gemeentecode empty -> NA), not GM9902's finding
    assert len(r) == 8 and "GM9902-aanbod-nultreden" not in set(r["id"])
    assert r.loc[r["id"] == "ALG-klopt", "gemeentecode"].isna().all()


def test_reactie_op_verouderde_bevinding_telt_niet_mee(bev):
    r = _reacties([{"partner": "A", "id": "GM9901-aanbod-kasteel", "herkenbaar": "nee"},
                   {"partner": "A", "id": "GM9901-aanbod-nultreden", "herkenbaar": "ja"}])
    weg = CP.verouderde_reacties(r, bev)
    assert list(weg["id"]) == ["GM9901-aanbod-kasteel"]
    assert CP.herkenning(bev, r).set_index("partner").at["alle partners", "beantwoord"] == 1
    assert "1 reactie(s) gaan over bevindingen die niet (meer) in deze analyse staan" in CT.reacties_tekst(r, bev, "m")


# -- the report's tables and charts ----------------------------------------------------------------------

def test_grafiek_en_reeks_lang(invoer, params):
    conf = C.bereken(invoer, params, gemeente=GM, peiljaar=PJ)
    g = CT.grafiek(conf, "nultreden", "Voorbeeldstad")
    r = g["df"].set_index(["jaar", "reeks"])["aantal"]
    assert r[2034, "Vraag (middenvariant)"] == 1400 and r[2034, "Aanbod nu"] == 1000
    assert r[2034, "Aanbod met plannen"] == 1120 and not g["kwetsbaar"]
    assert CT.grafiek(conf, "opvang", "X")["kwetsbaar"] and "geen vraagraming" in CT.grafiek(conf, "opvang", "X")["titel"]
    s = CT.reeks_lang(conf, "sociale_huur").set_index(["jaar", "reeks"])["aantal"]
    assert s[2024, "Vraag urgenten per jaar"] == 55 and s[2024, "Beschikbaar voor urgenten (norm)"] == 60
    # a woonvorm without any figure still gives rows (NaN), so the chart shows the gap instead of failing
    a = CT.reeks_lang(conf, "arbeidsmigranten")
    assert len(a) and a.loc[a["reeks"] == "Vraag (middenvariant)", "aantal"].isna().all()


def test_bandbreedte_en_urgentie_tabel(invoer, params):
    conf = C.bereken(invoer, params, gemeente=GM, peiljaar=PJ)
    b = CT.bandbreedte(conf, peiljaar=PJ).set_index("Woonvorm")
    n = b.loc[WOONVORMEN["nultreden"].label]
    assert (n["Tekort 2044 laag"], n["Tekort 2044 midden"], n["Tekort 2044 hoog"]) == (280, 480, 680)
    assert WOONVORMEN["opvang"].label not in b.index  # no gap figure at all: left out
    urg = C.urgentie(invoer, params, gemeente=GM, peiljaar=PJ)
    u = CT.urgentie_tabel(urg, peiljaar=PJ)
    assert u["Jaar"].tolist() == [2024, 2034]
    assert u["Aandeel naar urgenten"].tolist() == pytest.approx([0.275, 0.335])  # fractions, shown as %
    rr = CT.urgentie_reeks(urg)
    assert set(rr["reeks"]) == {"Benodigd aandeel voor urgenten", "Regionale norm"}
    assert (rr[rr["reeks"] == "Regionale norm"]["aandeel"] == 0.30).all()
    d = CT.urgente_vraag_detail(invoer, params, gemeente=GM, peiljaar=PJ).set_index("Groep")
    assert d.at[GROEPEN["medische_urgentie"].label, "Per jaar 2034"] == 52


def test_verdeling_gemeente():
    v = pd.DataFrame({"sleutel": ["naar_rato", "eigen_behoefte", "naar_rato"], "sleutel_naam": ["Naar rato", "Eigen",
                      "Naar rato"], "groep": ["statushouders"] * 3, "gemeentecode": [GM, GM, "GM9902"],
                      "toedeling": [12, 9, 40], "huidige_inzet": [10, 10, 35]})
    t = CT.verdeling_gemeente(v, GM)
    assert t.columns.tolist() == ["Groep", "Naar rato", "Eigen", "Huidige inzet"]
    assert t.iloc[0].tolist() == [GROEPEN["statushouders"].label, 12, 9, 10]
    assert CT.verdeling_gemeente(None, GM).empty
    assert "niet beschikbaar" in CT.verdeling_tekst(CT.verdeling_gemeente(None, GM), "X")
    assert SPREIDING.naam in CT.verdeling_tekst(CT.verdeling_gemeente(None, GM), "X")


def test_extra_voor_resultaat(invoer, params, bev, reacties):
    c = CP.pas_correcties_toe(bev, reacties)
    e = CT.extra(params, invoer, reacties, c, "data/voorbeeld/partners")
    assert e["norm_urgentie_aandeel"] == 0.30 and e["n_correcties"] == 3 and e["n_toegepast"] == 1
    assert e["n_conflicten"] == 1 and e["reacties_map"] == "data/voorbeeld/partners"
    assert e["horizon"] == [0, 10, 20] and e["reactiebestanden"] == ["x.xlsx"]
    json.dumps(e)  # must be storable in resultaat.json


def test_groepen_prognose_met_varianten_telt_alleen_midden(invoer, params):
    """Step 3 now gives laag/midden/hoog per aandachtsgroep: the proxy and the urgent demand use midden,
    never the sum of the three variants."""
    gp = invoer.groepen_prognose.assign(variant="midden")
    drie = pd.concat([gp, gp.assign(variant="laag", aantal=gp["aantal"] * 0.5),
                      gp.assign(variant="hoog", aantal=gp["aantal"] * 2)], ignore_index=True)
    for g in ("studenten", "medische_urgentie"):
        een, _ = C.proxy_vraag(gp, None, [g], gemeente=GM, peiljaar=PJ, tot_jaar=2044)
        alle, _ = C.proxy_vraag(drie, None, [g], gemeente=GM, peiljaar=PJ, tot_jaar=2044)
        assert not een.empty and alle.equals(een), g
    kw = dict(gemeente=GM, jaren=[2024, 2034])
    een = C.urgente_vraag(gp, invoer.groepen, invoer.aandachtsgroepen, params.urgente_groepsleutels(), **kw)
    alle = C.urgente_vraag(drie, invoer.groepen, invoer.aandachtsgroepen, params.urgente_groepsleutels(), **kw)
    assert alle["aantal"].equals(een["aantal"]) and een.set_index(["groep", "jaar"]).at[
        ("medische_urgentie", 2024), "aantal"] == 40


def test_urgentie_en_tabel_na_correcties_een_keer_berekend(invoer, params, bev, reacties):
    """The notebook computes the urgent share once and passes it on, and recomputes the table after the
    partner round only when an aanbod correction of this gemeente was applied: the same tables as before."""
    urg = C.urgentie(invoer, params, gemeente=GM, peiljaar=PJ)
    conf = C.bereken(invoer, params, gemeente=GM, peiljaar=PJ, urg=urg)
    pd.testing.assert_frame_equal(conf, C.bereken(invoer, params, gemeente=GM, peiljaar=PJ), check_exact=True)
    assert (conf["methode"] == C.URGENT_METHODE).any()
    zonder = CP.pas_correcties_toe(bev, reacties.iloc[0:0]).audit
    assert C.bereken_na_correcties(conf, invoer, params, gemeente=GM, peiljaar=PJ, audit=zonder, urg=urg) is conf
    pd.testing.assert_frame_equal(conf, C.bereken(invoer, params, gemeente=GM, peiljaar=PJ, audit=zonder),
                                  check_exact=True)
    met = CP.pas_correcties_toe(bev, reacties).audit
    assert C.correcties_aanbod(met, GM)
    na = C.bereken_na_correcties(conf, invoer, params, gemeente=GM, peiljaar=PJ, audit=met, urg=urg)
    pd.testing.assert_frame_equal(na, C.bereken(invoer, params, gemeente=GM, peiljaar=PJ, audit=met), check_exact=True)
    assert not na.equals(conf)


def test_waarde_geeft_de_eerste_bekende_waarde_zoals_met_filters(invoer, params):
    """The quick lookup gives exactly what filtering the frame gives: the first known value of the year."""
    def met_filters(d, jaar, kolom):
        r = d if jaar is None else d[d["jaar"] == jaar]
        r = r[r[kolom].notna()]
        return float(r[kolom].iloc[0]) if not r.empty else math.nan

    conf = C.bereken(invoer, params, gemeente=GM, peiljaar=PJ)
    d = pd.concat([conf, conf.assign(aanbod=conf["aanbod"] + 1)], ignore_index=True)  # a year twice: the first wins
    d.loc[::3, "vraag"] = math.nan
    gevallen = 0
    for wv in WOONVORMEN:
        dw = d[d["woonvorm"] == wv]
        for jaar in [None, PJ, PJ + 10, PJ + 20, 1900]:
            for kolom in ["aanbod", "vraag", "plan_cumulatief", "tekort_met_plan"]:
                a, b = C._waarde(dw, jaar, kolom), met_filters(dw, jaar, kolom)
                assert (math.isnan(a) and math.isnan(b)) or a == b, (wv, jaar, kolom)
                gevallen += not math.isnan(b)
    assert gevallen > 50
    # other dtypes (a table read back with objects) take the filtering path: same answer
    obj = d.astype({"aanbod": "object"})
    assert C._waarde(obj, PJ, "aanbod") == met_filters(d, PJ, "aanbod")


def test_gelijk_patroon_volgt_het_overzicht_cel_voor_cel():
    """A table showing figures of the overview hides exactly the cells hidden there (rows matched on the
    woonvorm label, in another order; a column per year through ``{jaar}``); a row or column the overview
    does not have stays free (neither fixed hidden nor fixed shown)."""
    from wzlib.presentatie.afscherming import Regels

    labels = [WOONVORMEN[w].label for w in ("geclusterd", "beschermd_wonen", "opvang", "verpleegzorg")]
    ov = pd.DataFrame({"Woonvorm": labels, "Eenheid": ["eenheden", "plaatsen", "plaatsen", "plaatsen"],
                       "Aanbod nu": [300.0, 6.0, 40.0, 120.0], "Vraag 2030": [320.0, 14.0, 8.0, 125.0],
                       "Tekort 2030": [20.0, 8.0, -32.0, 5.0], "Vraag 2034": [330.0, 15.0, 30.0, 140.0],
                       "Tekort 2034": [30.0, 9.0, -10.0, 20.0], "Methode": ["vraagraming"] * 4})
    patroon = CT.overzicht_patroon(ov, Regels())
    m = patroon.masker
    assert m.to_numpy().any() and not m.to_numpy().all()  # the case tests both outcomes
    deel = pd.DataFrame({"label": [labels[3], "Iets anders", labels[1], labels[0], labels[2]],
                         "jaar": [2030, 2030, 2034, 2030, 2034], "vraag": [1.0] * 5, "tekort": [1.0] * 5,
                         "aanbod": [1.0] * 5, "eigen": [1.0] * 5}, index=[10, 11, 12, 13, 14])
    kolommen = {"vraag": "Vraag {jaar}", "tekort": "Tekort {jaar}", "aanbod": "Aanbod nu", "eigen": "Bestaat niet"}
    uit = CT.gelijk_patroon(deel, patroon, kolommen, rij_label="label", jaar="jaar")
    weg, getoond = uit["vast_afgeschermd"], uit["vast_getoond"]
    assert weg.index.tolist() == getoond.index.tolist() == [10, 11, 12, 13, 14]
    assert weg.columns.tolist() == getoond.columns.tolist() == deel.columns.tolist()
    assert weg.dtypes.eq(bool).all() and getoond.dtypes.eq(bool).all()
    rij = {w: i for i, w in enumerate(labels)}
    for idx, r in deel.iterrows():
        for kol in deel.columns:
            daar = kolommen.get(kol, "").format(jaar=r["jaar"])
            if r["label"] in rij and daar in ov.columns:
                verborgen = bool(m[daar].iloc[rij[r["label"]]])
                assert (weg.at[idx, kol], getoond.at[idx, kol]) == (verborgen, not verborgen), (idx, kol)
            else:
                assert not weg.at[idx, kol] and not getoond.at[idx, kol], (idx, kol)
