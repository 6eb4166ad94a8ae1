"""Monitoring (kaart 5): snapshots of a run, the year-on-year comparison with causes, and the trends."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

from conftest import regio_yaml
from wzlib import catalogus as T
from wzlib import monitoring, momentopname, paden, stappen
from wzlib.params import laad_regio
from wzlib.presentatie.afscherming import Regels
from wzlib.vingerafdruk import invoer_hashes, parameter_hash, sha_json

GM = "GM9901"


def _stap_schrijven(regio_map, rp, stap, tabellen, *, na=None, periode="2024"):
    """Write a step's result tables and its record as ``wz run`` does: the fingerprint's parts are the real
    hashes of the regio file's sections and the inputs (wzlib.vingerafdruk)."""
    wie_map = paden.uitvoer_wie(regio_map, GM)
    for naam, df in tabellen.items():
        paden.atomair_schrijven(paden.resultaat_bestand(wie_map, stap.notebook, naam),
                                lambda p, df=df: df.to_parquet(p, index=False))
    paden.atomair_tekst(paden.resultaat_meta(wie_map, stap.notebook), json.dumps(
        {"peiljaar": rp.peiljaar, "herkomst": [{"bron": "CBS", "titel": "Bevolking", "periode": periode}]}))
    invoer = invoer_hashes(rp, rp.root)
    ond = {"notebook": "nb", "wzlib": "code", "regio": parameter_hash(rp, stap),
           "parameters": sha_json({"peiljaar": rp.peiljaar})} | {c: invoer[c] for c in stap.invoer}
    for dep, fp in (na or {}).items():
        ond[f"na:{dep}"] = fp
    fp = sha_json(ond)
    paden.atomair_tekst(paden.record(wie_map, stap.notebook),
                        json.dumps({"status": "ok", "fingerprint": fp, "onderdelen": ond}))
    return fp


def _ouderen(aantal75=1500.0):
    return pd.DataFrame({"gemeentecode": [GM] * 3, "leeftijdsgroep": ["65+", "75+", "85+"], "jaar": [2024] * 3,
                         "aantal": [3000.0, aantal75, 400.0], "inwoners": [13000.0] * 3,
                         "aandeel": [3000 / 13000, aantal75 / 13000, 400 / 13000]})


def _confrontatie(tekort35=40.0, klein=8.0):
    return pd.DataFrame({"gemeentecode": [GM] * 3, "woonvorm": ["geclusterd", "geclusterd", "verpleeghuis"],
                         "jaar": [2034, 2044, 2034], "variant": ["midden"] * 3, "vraag": [200.0, 260.0, klein],
                         "aanbod": [150.0, 150.0, 0.0], "tekort_met_plan": [tekort35, 100.0, klein]})


def _run(regio_map, rp, *, tekort=40.0, klein=8.0, aantal75=1500.0, periode="2024"):
    fp = _stap_schrijven(regio_map, rp, stappen.OMVANG, {"ouderen": _ouderen(aantal75)}, periode=periode)
    _stap_schrijven(regio_map, rp, stappen.CONFRONTATIE, {"confrontatie": _confrontatie(tekort, klein)},
                    na={"10_omvang": fp}, periode=periode)


@pytest.fixture
def regio(tmp_path):
    rp = laad_regio(regio_yaml(tmp_path))
    return rp, tmp_path / "uit" / "r"


def test_gewijzigde_parameter_geeft_precies_de_afhankelijke_cijfers_en_noemt_de_parameter(regio):
    rp, regio_map = regio
    _run(regio_map, rp)
    s1 = momentopname.bewaar(regio_map, rp, nu=datetime(2025, 3, 1, 10, 0, 0))
    assert s1 is not None and s1.name == "2025-03-01T10-00-00" and (s1 / GM / "confrontatie.parquet").is_file()
    # second run: one parameter of the confrontatie changed; only the confrontatie's figures move
    rp2 = rp.model_copy(update={"confrontatie": rp.confrontatie.model_copy(update={"horizon": (0, 10, 25)})})
    _run(regio_map, rp2, tekort=55.0, klein=12.0)
    nu = momentopname.huidig(regio_map, rp2)
    oud = momentopname.kies([momentopname.map_van(regio_map)], "vorige", nu)
    assert oud is not None and oud.naam == s1.name
    v = monitoring.verschillen(oud, nu, GM, ["ouderen", "confrontatie"], Regels())
    T.controleer(T.MONITOR_VERSCHILLEN, v, wie=GM, waar="test")
    assert set(v["tabel"]) == {"confrontatie"}
    assert set(zip(v["cijfer"], v["kolom"])) == {("woonvorm geclusterd · jaar 2034 · variant midden", "tekort_met_plan"),
                                                 ("woonvorm verpleeghuis · jaar 2034 · variant midden", "vraag"),
                                                 ("woonvorm verpleeghuis · jaar 2034 · variant midden", "tekort_met_plan")}
    assert (v["oorzaak"] == "parameter confrontatie.horizon: [0, 10, 20] → [0, 10, 25]").all()
    assert (v["soort_oorzaak"] == "parameter").all()
    r = v[v["cijfer"].str.contains("geclusterd")].iloc[0]
    assert (r["oud"], r["nieuw"], r["verschil"]) == (40.0, 55.0, 15.0) and r["relatief"] == pytest.approx(0.375)
    # 8 -> 12: under the threshold (10) in the earlier run, so the difference is not shown either
    klein = v[v["cijfer"].str.contains("verpleeghuis")]
    assert klein["afgeschermd"].all() and klein[["oud", "nieuw", "verschil", "relatief"]].isna().all().all()
    samen = monitoring.samenvatting_oorzaken(v)
    assert samen.iloc[0]["cijfers"] == 3 and "confrontatie.horizon" in samen.iloc[0]["oorzaak"]


def test_nieuw_datajaar_werkt_door_in_latere_stappen(regio):
    rp, regio_map = regio
    _run(regio_map, rp)
    momentopname.bewaar(regio_map, rp, nu=datetime(2025, 3, 1))
    rp2 = rp.model_copy(update={"peiljaar": 2025})
    _run(regio_map, rp2, aantal75=1600.0, tekort=41.0, periode="2025")
    nu = momentopname.huidig(regio_map, rp2)
    v = monitoring.verschillen(momentopname.kies([momentopname.map_van(regio_map)], "vorige", nu), nu, GM,
                               ["ouderen", "confrontatie"], Regels())
    o = v[v["tabel"] == "ouderen"]
    assert set(o["kolom"]) == {"aantal", "aandeel"} and (o["cijfer"] == "leeftijdsgroep 75+").all()
    for oorzaak in v["oorzaak"]:  # the confrontatie names the cause it inherits from the omvang
        assert "peiljaar 2024 → 2025" in oorzaak and "nieuw datajaar Bevolking: 2024 → 2025" in oorzaak


def test_lokale_invoer_wordt_bij_naam_genoemd(tmp_path):
    lok = tmp_path / "lokaal"
    lok.mkdir()
    (lok / "aanbod.csv").write_text("a\n1\n", encoding="utf-8")
    rp = laad_regio(regio_yaml(tmp_path, f"lokaal: {lok}\n"))
    regio_map = tmp_path / "uit" / "r"
    _run(regio_map, rp)
    momentopname.bewaar(regio_map, rp, nu=datetime(2025, 3, 1))
    (lok / "aanbod.csv").write_text("a\n2\n", encoding="utf-8")
    (lok / "plancapaciteit.csv").write_text("a\n2\n", encoding="utf-8")
    _run(regio_map, rp, aantal75=1510.0)
    nu = momentopname.huidig(regio_map, rp)
    v = monitoring.verschillen(momentopname.kies([momentopname.map_van(regio_map)], "vorige", nu), nu, GM,
                               ["ouderen"], Regels())
    assert len(v) == 2
    oorzaak = v.iloc[0]["oorzaak"]
    assert "lokale invoer lokaal/aanbod.csv (gewijzigd)" in oorzaak and "lokaal/plancapaciteit.csv (nieuw)" in oorzaak


def test_momentopname_alleen_bij_verandering_en_zonder_restanten(regio):
    rp, regio_map = regio
    assert momentopname.bewaar(regio_map, rp) is None if regio_map.exists() else True
    _run(regio_map, rp)
    assert momentopname.bewaar(regio_map, rp, nu=datetime(2025, 3, 1)) is not None
    assert momentopname.bewaar(regio_map, rp, nu=datetime(2025, 3, 2)) is None  # nothing changed
    mappen = list(momentopname.map_van(regio_map).iterdir())
    assert [p.name for p in mappen] == ["2025-03-01T00-00-00"]  # no temporary folders left behind
    mo = momentopname.lees(mappen[0])
    assert mo.meta["parameters"]["confrontatie"]["horizon"] == [0, 10, 20]
    assert not list(mappen[0].rglob("*.pkl")) and {p.suffix for p in mappen[0].rglob("*.*")} == {".parquet", ".json"}
    # "vorige" skips snapshots equal to the current state: nothing to compare with yet
    assert momentopname.kies([momentopname.map_van(regio_map)], "vorige", momentopname.huidig(regio_map, rp)) is None


def test_onbekende_datum_geeft_nederlandse_melding(regio):
    rp, regio_map = regio
    _run(regio_map, rp)
    momentopname.bewaar(regio_map, rp, nu=datetime(2025, 3, 1))
    with pytest.raises(momentopname.MomentopnameFout, match="geen momentopname van 2024-01-01.*2025-03-01T00-00-00"):
        momentopname.kies([momentopname.map_van(regio_map)], "2024-01-01", momentopname.huidig(regio_map, rp))
    assert momentopname.kies([momentopname.map_van(regio_map)], "2025-03-01",
                             momentopname.huidig(regio_map, rp)).naam == "2025-03-01T00-00-00"


def test_vergelijk_met_controle(tmp_path):
    from wzlib.fouten import WzFout

    with pytest.raises(WzFout, match="vergelijk_met"):
        laad_regio(regio_yaml(tmp_path, "monitoring: {vergelijk_met: gisteren}\n"))
    with pytest.raises(WzFout, match="onbekende resultaattabel"):
        laad_regio(regio_yaml(tmp_path, "monitoring: {tabellen: [ouderen, oudren]}\n"))


# --- trends -------------------------------------------------------------------------------------------------
def test_trends_hilversum_gelijk_aan_bronbestand(echt, echt_map):
    codes = ["GM0402", "GM0406", "GM0417"]  # Hilversum, Huizen, Laren
    t = monitoring.trends(echt["bevolkingsontwikkeling"], echt["bevolking"], codes, "GM0402")
    T.controleer(T.TRENDS, t, wie="GM0402", waar="test")
    bron = pd.read_csv(echt_map / "bevolkingsontwikkeling.csv")
    bron = bron[(bron["gemeentecode"] == "GM0402") & bron["jaar"].between(2012, 2023)].set_index("jaar")
    inw = t[t["reeks"] == "inwoners"].set_index("jaar")
    assert list(range(2012, 2024)) == [j for j in inw.index if 2012 <= j <= 2023]
    assert (inw.loc[2012:2023, "aantal"] == bron["bevolking_1jan"].astype(float)).all()
    regio = pd.read_csv(echt_map / "bevolkingsontwikkeling.csv")
    regio = regio[regio["gemeentecode"].isin(codes) & (regio["jaar"] == 2023)]["bevolking_1jan"].sum()
    assert inw.loc[2023, "regio_aantal"] == regio and inw.loc[2012, "index"] == 100
    # 65+ in 2021 from the age classes of bevolking.csv
    b = pd.read_csv(echt_map / "bevolking.csv")
    b = b[(b["gemeentecode"] == "GM0402") & (b["geslacht"] == "totaal") & (b["leeftijd_van"] >= 65)]
    o = t[(t["reeks"] == "65+") & (t["jaar"] == 2021)]
    assert o["aantal"].item() == b["aantal"].sum()


def test_trends_regio_onbekend_als_een_gemeente_ontbreekt():
    ontw = pd.DataFrame({"gemeentecode": ["GM0001", "GM0001", "GM0002"], "jaar": [2020, 2021, 2021],
                         "bevolking_1jan": [100.0, 110.0, 50.0], "bron": ["x"] * 3})
    t = monitoring.trends(ontw, None, ["GM0001", "GM0002"], "GM0001")
    assert t["regio_aantal"].isna().tolist() == [True, False] and t["regio_aantal"].iloc[1] == 160
    assert t["index"].tolist() == [100.0, pytest.approx(110.0)]


# --- realisatie tegen plan en ambities ------------------------------------------------------------------------
def test_realisatie_tegen_plannen_en_ambities_met_resterend_gat():
    from wzlib import realisatie

    re_ = pd.DataFrame({"gemeentecode": [GM, GM, GM, "GM9902"], "woonvorm": ["geclusterd", "geclusterd", "nultreden",
                                                                            "geclusterd"],
                        "jaar": [2024, 2025, 2025, 2025], "aantal": [10, 20, 5, 999]})
    plan = pd.DataFrame({"gemeentecode": [GM, GM, GM], "woonvorm": ["geclusterd", "geclusterd", "opvang"],
                         "jaar": [2025, 2028, 2026], "aantal": [50, 40, 12], "hardheid": ["hard", "zacht", "hard"]})
    # the agreed schema of the ambities table (stap 6), constructed here
    amb = pd.DataFrame({"gemeentecode": [GM, GM, GM, GM], "groep": ["ouderen", "dak_thuislozen", "ouderen", "ouderen"],
                        "woonvorm": ["geclusterd", "geclusterd", "verpleegzorg", "geclusterd"],
                        "doeljaar": [2030, 2030, 2030, 2028], "aantal": [120.0, 80.0, 25.0, 50.0],
                        "eenheid": ["eenheden", "eenheden", "procent", "eenheden"],
                        "omschrijving": ["x"] * 4, "bron": ["y"] * 4})
    r = realisatie.vergelijk(re_, plan, amb, gemeente=GM, peiljaar=2024)
    T.controleer(T.REALISATIE, r, wie=GM, waar="test")
    g = r.set_index("woonvorm")
    assert list(g.index) == ["geclusterd", "nultreden", "opvang"]  # verpleegzorg: only a percentage ambitie
    assert (g.loc["geclusterd", "tot_jaar"], g.loc["geclusterd", "gerealiseerd"]) == (2025, 30.0)
    assert g.loc["geclusterd", "gepland_tot_jaar"] == 50 and g.loc["geclusterd", "achterstand_plan"] == 20
    assert g.loc["geclusterd", "gepland_totaal"] == 90
    # latest doeljaar 2030: 120 + 80 = 200 units; 170 to go over 5 years
    assert (g.loc["geclusterd", "ambitie"], g.loc["geclusterd", "doeljaar"]) == (200.0, 2030)
    assert g.loc["geclusterd", "resterend_ambitie"] == 170 and g.loc["geclusterd", "per_jaar_nodig"] == 34
    # no plans for nultreden: unknown, not 0; no realisatie for opvang in a delivered file: 0 delivered
    assert pd.isna(g.loc["nultreden", "gepland_tot_jaar"]) and pd.isna(g.loc["nultreden", "ambitie"])
    assert g.loc["opvang", "gerealiseerd"] == 0 and g.loc["opvang", "gepland_tot_jaar"] == 0
    # without a realisatie file nothing is known about deliveries
    leeg = realisatie.vergelijk(None, plan, None, gemeente=GM, peiljaar=2024).set_index("woonvorm")
    assert leeg["gerealiseerd"].isna().all() and leeg.loc["geclusterd", "tot_jaar"] == 2023


def test_tabel_met_een_rij_per_gemeente(regio):
    rp, regio_map = regio
    oud = momentopname.Momentopname("a", {"stappen": {}}, {(GM, "woningvoorraad"): pd.DataFrame(
        {"gemeentecode": [GM], "woningvoorraad": [5000.0], "koop_aandeel": [0.5]})})
    nu = momentopname.Momentopname("b", {"stappen": {}}, {(GM, "woningvoorraad"): pd.DataFrame(
        {"gemeentecode": [GM], "woningvoorraad": [5100.0], "koop_aandeel": [0.5]})})
    v = monitoring.verschillen(oud, nu, GM, ["woningvoorraad"], Regels())
    assert v[["cijfer", "kolom", "verschil"]].values.tolist() == [["gemeente", "woningvoorraad", 100.0]]
    assert v["soort_oorzaak"].tolist() == ["onbekend"]


def test_vergelijk_met_een_datum_uit_yaml(tmp_path):
    rp = laad_regio(regio_yaml(tmp_path, "monitoring: {vergelijk_met: 2025-01-15}\n"))
    assert rp.monitoring.vergelijk_met == "2025-01-15"
