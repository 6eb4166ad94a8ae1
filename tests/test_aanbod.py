"""Unit tests for wzlib.aanbod (stap 2): small hand-made tables, values worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import regio_yaml

from wzlib import aanbod, aanbod_tekst, catalogus, params
from wzlib.fouten import ParamsFout
from wzlib.groepen import GECLUSTERD_RIGO, WOONVORMEN
from wzlib.omvang import LOKAAL, ONTBREEKT

ROOT = Path(__file__).resolve().parents[1]
REGIO = ["GM0001", "GM0002"]
INTS = {"jaar", "aantal", "woningvoorraad", "sociale_huurvoorraad", "corporatievoorraad", "mutaties_sociale_huur",
        "nieuwbouw_per_jaar", "inwoners", "leeftijd_65_plus"}
FLOATS = {"koopwoningen_pct", "huurwoningen_pct", "woz_gemiddeld_x1000", "corporatie_pct", "afstand_huisarts_km",
          "afstand_supermarkt_km"}


def _frame(rijen, kolommen):
    df = pd.DataFrame([{k: r.get(k) for k in kolommen} for r in rijen], columns=kolommen)
    for k in kolommen:
        if k in INTS:
            df[k] = df[k].astype("Float64").astype("Int64")
        elif k in FLOATS:
            df[k] = df[k].astype("Float64")
        else:
            df[k] = df[k].astype("string")
    return df


WONINGEN_KOL = ["gemeentecode", "jaar", "koopwoningen_pct", "huurwoningen_pct", "woz_gemiddeld_x1000",
                "woningvoorraad", "corporatie_pct", "bron"]
WONINGMARKT_KOL = ["gemeentecode", "jaar", "sociale_huurvoorraad", "corporatievoorraad", "mutaties_sociale_huur",
                   "nieuwbouw_per_jaar", "bron"]


@pytest.fixture
def woningen():
    return _frame([
        {"gemeentecode": "GM0001", "jaar": 2021, "koopwoningen_pct": 60, "huurwoningen_pct": 40,
         "woz_gemiddeld_x1000": 300, "woningvoorraad": 1000, "bron": "CBS A"},
        {"gemeentecode": "GM0001", "jaar": 2022, "koopwoningen_pct": 1, "huurwoningen_pct": 1,
         "woz_gemiddeld_x1000": 1, "woningvoorraad": 1, "bron": "CBS B"},
        {"gemeentecode": "GM0002", "jaar": 2021, "koopwoningen_pct": 50, "huurwoningen_pct": 50,
         "woz_gemiddeld_x1000": 200, "corporatie_pct": 35, "bron": "CBS A"},
        {"gemeentecode": "NL00", "jaar": 2021, "koopwoningen_pct": 57, "huurwoningen_pct": 42,
         "woz_gemiddeld_x1000": 290, "bron": "CBS A"},
    ], WONINGEN_KOL)


@pytest.fixture
def woningmarkt():
    return _frame([
        {"gemeentecode": "GM0001", "jaar": 2019, "sociale_huurvoorraad": 1, "corporatievoorraad": 1,
         "mutaties_sociale_huur": 1},
        {"gemeentecode": "GM0001", "jaar": 2021, "sociale_huurvoorraad": 250, "corporatievoorraad": 200,
         "mutaties_sociale_huur": 20, "bron": "corporaties 2021"},
    ], WONINGMARKT_KOL)


def _rij(df, code):
    r = df[df["gemeentecode"] == code]
    assert len(r) == 1
    return r.iloc[0]


def test_doel_sociale_huur(tmp_path):
    # the aim is a regio parameter (spreiding.doel_sociale_huur), a fraction; default 30 % = 0.30
    assert params.laad_regio(regio_yaml(tmp_path)).spreiding.doel_sociale_huur == pytest.approx(0.30)
    rp = params.laad_regio(regio_yaml(tmp_path, "spreiding:\n  doel_sociale_huur: 0.25\n"))
    assert rp.spreiding.doel_sociale_huur == pytest.approx(0.25)
    with pytest.raises(ParamsFout, match="spreiding.doel_sociale_huur"):
        params.laad_regio(regio_yaml(tmp_path, "spreiding:\n  doel_sociale_huur: veel\n"))
    # 30 for 30 % is refused, with the fraction as suggestion
    with pytest.raises(ParamsFout, match=r"spreiding.doel_sociale_huur.*bedoelde u 0\.3\b"):
        params.laad_regio(regio_yaml(tmp_path, "spreiding:\n  doel_sociale_huur: 30\n"))


def test_woningvoorraad(woningen, woningmarkt):
    vv = aanbod.woningvoorraad(woningen, woningmarkt, REGIO, 2021)
    assert list(vv.columns[:9]) == aanbod.WONINGVOORRAAD_KOLOMMEN
    a = _rij(vv, "GM0001")
    assert (a["jaar"], a["woningvoorraad"], a["woz_x1000"]) == (2021, 1000, 300)
    assert a["koop_aandeel"] == pytest.approx(0.60) and a["huur_aandeel"] == pytest.approx(0.40)  # CBS % as fraction
    assert a["sociale_huur"] == 250  # woningmarkt 2021, not 2019
    assert a["sociale_huur_aandeel"] == pytest.approx(0.25)  # 250 / 1000
    assert a["corporatie_aandeel"] == pytest.approx(0.20)  # 200 / 1000 from woningmarkt
    assert a["woningmarkt_jaar"] == 2021
    assert a["ontbreekt"] == ""
    b = _rij(vv, "GM0002")
    assert b["corporatie_aandeel"] == pytest.approx(0.35)  # from woningen (35 %)
    assert pd.isna(b["sociale_huur"]) and pd.isna(b["sociale_huur_aandeel"]) and pd.isna(b["woningvoorraad"])
    assert b["ontbreekt"] == "woningvoorraad, sociale_huur, sociale_huur_aandeel"

    # the result table of a gemeente: its own row only, valid against the catalogue
    res = aanbod.woningvoorraad_resultaat(vv, "GM0002")
    assert res["gemeentecode"].tolist() == ["GM0002"]
    catalogus.controleer(catalogus.WONINGVOORRAAD, res, wie="GM0002", waar="in de test")


def test_woningvoorraad_zonder_lokale_invoer(woningen):
    vv = aanbod.woningvoorraad(woningen, None, REGIO, 2021)
    assert pd.isna(_rij(vv, "GM0001")["sociale_huur"])
    assert "sociale_huur" in _rij(vv, "GM0001")["ontbreekt"]
    leeg = aanbod.woningvoorraad(woningen.iloc[0:0], None, REGIO, 2021)
    assert len(leeg) == 2 and leeg["koop_aandeel"].isna().all()


def test_woningvoorraad_vergelijking(woningen, woningmarkt):
    vv = aanbod.woningvoorraad(woningen, woningmarkt, REGIO, 2021)
    t = aanbod_tekst.woningvoorraad_vergelijking(vv, woningen, "GM0002", regio_naam="Testregio",
                                           gemeentenamen={"GM0001": "Een", "GM0002": "Twee"})
    regio = "Testregio (ongewogen gemiddelde van de gemeenten)"  # GM0002 has no stock count
    assert t["gebied"].tolist() == ["Twee", "Een", regio, "Nederland"]
    rij = t.set_index("gebied")
    assert rij.loc[regio, "koop_aandeel"] == pytest.approx(0.55)  # (0.60 + 0.50) / 2
    assert rij.loc["Nederland", "koop_aandeel"] == pytest.approx(0.57)
    assert pd.isna(rij.loc[regio, "woningvoorraad"])  # a sum needs every gemeente
    assert list(t.columns) == list(aanbod_tekst.WONINGVOORRAAD_NAMEN)

    # with the stock of every gemeente known the regio is weighted: (0.6*1000 + 0.5*3000) / 4000
    w2 = woningen.copy()
    w2.loc[(w2["gemeentecode"] == "GM0002") & (w2["jaar"] == 2021), "woningvoorraad"] = 3000
    vv2 = aanbod.woningvoorraad(w2, woningmarkt, REGIO, 2021)
    t2 = aanbod_tekst.woningvoorraad_vergelijking(vv2, w2.iloc[:3], "GM0001", regio_naam="Testregio").set_index("gebied")
    assert t2.loc["Testregio", "koop_aandeel"] == pytest.approx(0.525)
    assert t2.loc["Testregio", "woningvoorraad"] == 4000
    assert "Nederland" not in t2.index  # no NL00 row in the source: no row


def test_sociale_huur_toets(woningen, woningmarkt):
    vv = aanbod.woningvoorraad(woningen, woningmarkt, REGIO, 2021)
    t = aanbod.sociale_huur_toets(vv, 0.30)
    a = _rij(t, "GM0001")
    assert a["aandeel"] == pytest.approx(0.25) and a["grondslag"].startswith("sociale huurvoorraad")
    assert a["doel"] == pytest.approx(0.30)
    assert a["verschil"] == pytest.approx(-0.05)  # 0.25 - 0.30 (fraction points)
    assert a["tekort_woningen"] == pytest.approx(50.0)  # 0.30 * 1000 - 250
    b = _rij(t, "GM0002")
    assert b["aandeel"] == pytest.approx(0.35) and b["grondslag"].startswith("benadering")
    assert b["verschil"] == pytest.approx(0.05) and pd.isna(b["tekort_woningen"])  # GM0002: stock unknown


def test_sociale_huur_toets_corporatie_als_benadering(woningen, woningmarkt):
    """Without a local sociale huurvoorraad, the corporatie stock (voorraad x corporatie_pct) stands in, in
    dwellings too, and says so; a local figure still wins."""
    w = woningen.copy()
    w.loc[(w["gemeentecode"] == "GM0002") & (w["jaar"] == 2021), "woningvoorraad"] = 2000
    vv = aanbod.woningvoorraad(w, woningmarkt, REGIO, 2021)
    assert _rij(vv, "GM0002")["corporatie_woningen"] == pytest.approx(700.0)  # 0.35 x 2000
    t = aanbod.sociale_huur_toets(vv, 0.30)
    b = _rij(t, "GM0002")
    assert b["grondslag"] == aanbod.BENADERING_CORPORATIE
    assert b["tekort_woningen"] == pytest.approx(-100.0)  # 0.30 x 2000 - 700: 100 above the aim
    a = _rij(t, "GM0001")
    assert a["grondslag"] == aanbod.LOKAAL_SOCIALE_HUUR and a["tekort_woningen"] == pytest.approx(50.0)
    sh, grond = aanbod.sociale_huurvoorraad(vv)
    assert sh["GM0001"] == pytest.approx(250.0) and sh["GM0002"] == pytest.approx(700.0)
    assert grond["GM0002"] == aanbod.BENADERING_CORPORATIE
    # without a share or without the stock: unknown, never 0
    w.loc[w["gemeentecode"] == "GM0002", "corporatie_pct"] = pd.NA
    vv2 = aanbod.woningvoorraad(w, None, REGIO, 2021)
    t2 = aanbod.sociale_huur_toets(vv2, 0.30)
    assert pd.isna(_rij(t2, "GM0002")["tekort_woningen"]) and _rij(t2, "GM0002")["grondslag"] == ONTBREEKT
    # a result table written without corporatie_woningen: read as corporatie_aandeel x woningvoorraad
    oud = vv.drop(columns="corporatie_woningen")
    assert aanbod.sociale_huurvoorraad(oud)[0]["GM0002"] == pytest.approx(700.0)


AANBOD_KOL = ["gemeentecode", "woonvorm", "jaar", "aantal", "definitie", "bron", "toelichting"]


@pytest.fixture
def lokaal_aanbod():
    return _frame([
        {"gemeentecode": "GM0001", "woonvorm": "geclusterd", "jaar": 2020, "aantal": 40, "definitie": GECLUSTERD_RIGO,
         "bron": "monitor 2020"},
        {"gemeentecode": "GM0001", "woonvorm": "geclusterd", "jaar": 2021, "aantal": 45, "definitie": GECLUSTERD_RIGO,
         "bron": "monitor 2021"},
        {"gemeentecode": "GM0001", "woonvorm": "verpleegzorg", "jaar": 2021, "aantal": None, "bron": "zorgkantoor",
         "toelichting": "nog niet ontvangen"},
        {"gemeentecode": "GM0002", "woonvorm": "nultreden", "jaar": 2023, "aantal": 300, "bron": "BAG"},
        {"gemeentecode": "GM0009", "woonvorm": "nultreden", "jaar": 2021, "aantal": 999, "bron": "elders"},
    ], AANBOD_KOL)


def _a(df, code, woonvorm):
    r = df[(df["gemeentecode"] == code) & (df["woonvorm"] == woonvorm)]
    assert len(r) == 1
    return r.iloc[0]


def test_aanbod_per_woonvorm(lokaal_aanbod, woningmarkt):
    t = aanbod.aanbod_per_woonvorm(lokaal_aanbod, REGIO, 2021, woningmarkt=woningmarkt)
    assert len(t) == len(WOONVORMEN) * len(REGIO)  # nothing dropped, every woonvorm for every gemeente
    g = _a(t, "GM0001", "geclusterd")
    assert (g["aantal"], g["jaar"], g["definitie"], g["status"], g["eenheid"]) == (
        45, 2021, GECLUSTERD_RIGO, LOKAAL, "wooneenheden")
    v = _a(t, "GM0001", "verpleegzorg")
    assert v["status"] == ONTBREEKT and pd.isna(v["aantal"]) and v["toelichting"] == "nog niet ontvangen"
    n = _a(t, "GM0002", "nultreden")
    assert (n["aantal"], n["jaar"]) == (300, 2023)  # only year there is
    s = _a(t, "GM0001", "sociale_huur")
    assert (s["aantal"], s["status"], s["jaar"]) == (250, LOKAAL, 2021)  # from woningmarkt
    assert _a(t, "GM0002", "woonwagenstandplaats")["status"] == ONTBREEKT
    assert "GM0009" not in set(t["gemeentecode"])
    res = aanbod.aanbod_resultaat(t, "GM0001")
    assert list(res.columns) == ["gemeentecode", "woonvorm", "aantal", "eenheid", "definitie", "bron", "jaar",
                                 "status"]
    assert set(res["gemeentecode"]) == {"GM0001"} and len(res) == len(WOONVORMEN)
    catalogus.controleer(catalogus.AANBOD, res, wie="GM0001", waar="in de test")


def test_aanbod_zonder_lokale_invoer():
    t = aanbod.aanbod_per_woonvorm(None, REGIO, 2021)
    assert len(t) == len(WOONVORMEN) * 2
    assert (t["status"] == ONTBREEKT).all()


def test_aanbod_woonvorm_buiten_register_blijft(lokaal_aanbod):
    reg = {k: WOONVORMEN[k] for k in ("geclusterd", "nultreden")}
    t = aanbod.aanbod_per_woonvorm(lokaal_aanbod, REGIO, 2021, register=reg)
    assert list(dict.fromkeys(t["woonvorm"])) == ["geclusterd", "nultreden", "verpleegzorg"]


def test_aanbod_regio_en_vergelijking(lokaal_aanbod):
    t = aanbod.aanbod_per_woonvorm(lokaal_aanbod, REGIO, 2021)
    r = aanbod.aanbod_regio(t).set_index("woonvorm")
    assert r.loc["geclusterd", "aantal"] == 45 and r.loc["geclusterd", "met_cijfer"] == 1
    assert r.loc["geclusterd", "volledigheid"] == pytest.approx(0.50)
    assert r.loc["geclusterd", "definitie"] == GECLUSTERD_RIGO
    assert pd.isna(r.loc["opvang", "aantal"])
    inw = pd.DataFrame({"gemeentecode": REGIO, "jaar": [2021, 2021], "inwoners": [1000.0, 2500.0]})
    v = aanbod_tekst.aanbod_vergelijking(t, "GM0001", inw).set_index("woonvorm")
    gecl = v.loc[WOONVORMEN["geclusterd"].label]
    assert gecl["per_1000"] == pytest.approx(45.0)
    assert gecl["regio_per_1000"] == pytest.approx(45.0)  # over GM0001 only, the gemeente with a figure
    assert gecl["regio_volledig"] == "1 van 2"
    nul = v.loc[WOONVORMEN["nultreden"].label]
    assert pd.isna(nul["aantal"]) and nul["regio_aantal"] == 300
    assert nul["regio_per_1000"] == pytest.approx(120.0)  # 300 / 2500
    cijfers, herkomst = aanbod_tekst.aanbod_delen(v.reset_index())
    assert len(cijfers.columns) + len(herkomst.columns) == len(v.columns) + 2  # woonvorm in both
    assert list(cijfers["woonvorm"]) == list(herkomst["woonvorm"]) == list(v.index)
    assert cijfers.set_index("woonvorm").loc[WOONVORMEN["geclusterd"].label, "per_1000"] == pytest.approx(45.0)
    assert herkomst.set_index("woonvorm").loc[WOONVORMEN["geclusterd"].label, "definitie"] == GECLUSTERD_RIGO

    m = aanbod_tekst.aanbod_matrix(t, {"GM0001": "Een"}).set_index("Woonvorm")
    assert list(m.columns) == ["Eenheid", "Een", "GM0002", "Regio (som bekende)"]
    assert m.loc[WOONVORMEN["geclusterd"].label, "Een"] == 45
    assert pd.isna(m.loc[WOONVORMEN["geclusterd"].label, "GM0002"])
    assert m.loc[WOONVORMEN["nultreden"].label, "Regio (som bekende)"] == 300


WIJK_KOL = ["gebiedscode", "soort", "gemeentecode", "naam", "jaar", "inwoners", "leeftijd_65_plus",
            "afstand_huisarts_km", "afstand_supermarkt_km"]


def _wijken(afstanden=True):
    rijen = [
        {"gebiedscode": "GM0001", "soort": "gemeente", "gemeentecode": "GM0001", "naam": "Een", "jaar": 2020,
         "inwoners": 1000, "leeftijd_65_plus": 200, "afstand_huisarts_km": 1.0},
        {"gebiedscode": "WK000101", "soort": "wijk", "gemeentecode": "GM0001", "naam": "Centrum", "jaar": 2020,
         "inwoners": 600, "leeftijd_65_plus": 150, "afstand_huisarts_km": 0.4, "afstand_supermarkt_km": 0.3},
        {"gebiedscode": "WK000102", "soort": "wijk", "gemeentecode": "GM0001", "naam": "Buitengebied", "jaar": 2020,
         "inwoners": 400, "leeftijd_65_plus": 50, "afstand_huisarts_km": 3.25, "afstand_supermarkt_km": 2.0},
        {"gebiedscode": "WK000103", "soort": "wijk", "gemeentecode": "GM0001", "naam": "Nieuwbouw", "jaar": 2020,
         "inwoners": 0, "leeftijd_65_plus": 0},
        {"gebiedscode": "WK000201", "soort": "wijk", "gemeentecode": "GM0002", "naam": "Ander", "jaar": 2020,
         "inwoners": 10, "leeftijd_65_plus": 1, "afstand_huisarts_km": 9.0},
    ]
    if not afstanden:
        for r in rijen:
            r.pop("afstand_huisarts_km", None)
            r.pop("afstand_supermarkt_km", None)
    return _frame(rijen, WIJK_KOL)


def test_voorzieningen_wijken():
    v = aanbod.voorzieningen_wijken(_wijken(), "GM0001", 2021)
    assert v["wijk"].tolist() == ["Buitengebied", "Centrum", "Nieuwbouw"]  # farthest first, unknown last
    assert v["rang"].tolist() == [1, 2, 3]
    assert v["aandeel_65_plus"].iloc[1] == pytest.approx(0.25)  # 150 / 600
    assert pd.isna(v["aandeel_65_plus"].iloc[2])  # 0 inwoners: no share
    assert (v["jaar"] == 2020).all()
    zin = aanbod_tekst.voorzieningen_zin(v, _wijken(), "Een")
    assert "Buitengebied" in zin and "3,3 km" in zin and "3 wijken" in zin


def test_voorzieningen_zonder_afstanden():
    w = _wijken(afstanden=False)
    v = aanbod.voorzieningen_wijken(w, "GM0001", 2021)
    assert v.empty and "afstand_huisarts_km" in v.columns
    assert "geen afstanden" in aanbod_tekst.voorzieningen_zin(v, w, "Een")
    assert aanbod.voorzieningen_wijken(w.iloc[0:0], "GM0001", 2021).empty


def test_sociale_huur_overzicht_en_definities(woningen, woningmarkt, lokaal_aanbod):
    vv = aanbod.woningvoorraad(woningen, woningmarkt, REGIO, 2021)
    t = aanbod_tekst.sociale_huur_overzicht(vv, 0.30, {"GM0001": "Een", "GM0002": "Twee"}, gemeente="GM0002")
    assert t["gebied"].tolist() == ["Twee", "Een"]
    assert t["tekort_woningen"].iloc[1] == 50
    assert t["verschil"].tolist() == pytest.approx([5.0, -5.0])  # shown in percentage points
    assert t["aandeel"].iloc[1] == pytest.approx(0.25)  # the share itself stays a fraction
    assert list(t.columns) == list(aanbod_tekst.SOCIALE_HUUR_NAMEN)
    a = aanbod.aanbod_per_woonvorm(lokaal_aanbod, REGIO, 2021)
    assert aanbod.definities(a) == {"geclusterd": GECLUSTERD_RIGO}


def test_voorraad_bronnen(woningen, woningmarkt):
    from wzlib.gegevens import Herkomst

    hw = Herkomst(tabel="woningen", soort="invoer", bron="CBS A; CBS B [woningen_gemeente.csv]", periode="2021-2022")
    hm = Herkomst(tabel="woningmarkt", soort="lokaal", bron="woningmarkt.csv", periode="2019-2021")
    vv = aanbod.woningvoorraad(woningen, woningmarkt, REGIO, 2021)
    b = aanbod_tekst.voorraad_bronnen([hw], woningen, [hm], woningmarkt, vv, REGIO)
    assert (b[0].bron, b[0].periode) == ("CBS A [woningen_gemeente.csv]", "1 januari 2021")
    assert (b[1].bron, b[1].periode) == ("corporaties 2021 [woningmarkt.csv]", "1 januari 2021")
    b = aanbod_tekst.voorraad_bronnen([hw], woningen, [], None, aanbod.woningvoorraad(woningen, None, REGIO, 2021), REGIO)
    assert b[1] == "woningmarkt: lokale invoer (niet aangeleverd)"
    assert len(aanbod_tekst.voorraad_bronnen([hw], woningen, None, None, vv, REGIO)) == 1
