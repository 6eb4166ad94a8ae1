"""Stap 5 for the whole regio: sums over gemeenten by hand (of the whole numbers the gemeenten show), missing
gemeenten named everywhere, and notebooks/55_confrontatie_regio.ipynb on copies of a full demo run.

The unit tests write step-5 results of two of the six demo gemeenten through the catalogue
(``resultaten.schrijf``) and read them back the way the regio step does (``Analyse.invoer()``).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest
from conftest import kopie_van

from wzlib import analyse, catalogus, paden, resultaten, stappen
from wzlib import confrontatie as C
from wzlib import confrontatie_partners as CP
from wzlib import confrontatie_regio as cr
from wzlib import confrontatie_regio_tekst as crt
from wzlib import confrontatie_tekst as CT
from wzlib.bronnen.partners import lege_reacties
from wzlib.getal import heel
from wzlib.groepen import WOONVORMEN
from wzlib.params import Gemeente

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "55_confrontatie_regio.ipynb"
REGIO = "voorbeeldregio"
NAMEN = {"GM9901": "Heidewoude", "GM9902": "Stroomstad", "GM9903": "Leerhoven", "GM9904": "Akkerveen",
         "GM9905": "Dijkwaard", "GM9906": "Lindehout"}
ZONDER = "Leerhoven, Akkerveen, Dijkwaard, Lindehout"


def _conf(code: str, rijen: list[tuple]) -> pd.DataFrame:
    """rijen: (woonvorm, jaar, vraag, aanbod, plan) for variant midden; tekorten computed as the step does."""
    df = pd.DataFrame(rijen, columns=["woonvorm", "jaar", "vraag", "aanbod", "plan_cumulatief"])
    df.insert(0, "gemeentecode", code)
    df["variant"] = "midden"
    df["tekort_zonder_plan"] = df["vraag"] - df["aanbod"]
    df["tekort_met_plan"] = df["vraag"] - df["aanbod"] - df["plan_cumulatief"]
    df["methode"] = f"vraagraming {stappen.PROGNOSE.naam}"
    return C.geordend(df)


def _urg(code: str, vraag: float, mutaties: float) -> pd.DataFrame:
    return pd.DataFrame([{"gemeentecode": code, "jaar": 2024, "vraag_urgent": vraag, "mutaties": mutaties,
                          "aandeel": vraag / mutaties, "norm": 0.3, "ruimte_bij_norm": 0.3 * mutaties,
                          "verschil": vraag - 0.3 * mutaties, "boven_norm": vraag / mutaties > 0.3,
                          "bron_vraag": "test", "bron_mutaties": "test"}]).astype({"boven_norm": "boolean"})


def _bev(code: str) -> pd.DataFrame:
    return pd.DataFrame([{"id": f"{code}-aanbod-geclusterd", "gemeentecode": code, "gemeente": NAMEN[code],
                          "onderwerp": "aanbod", "sleutel": "geclusterd", "jaar": 2024, "bevinding": "x",
                          "waarde": 100.0, "eenheid": "wooneenheden", "bron": stappen.AANBOD.naam,
                          "waarde_data": 100.0, "gecorrigeerd": False, "gecorrigeerd_door": pd.NA}])


def _reacties() -> pd.DataFrame:
    """The regio's returned sheets: one answer on a finding of each gemeente and one general answer."""
    basis = {"soort": "corporatie", "correctie": pd.NA, "toelichting": pd.NA, "bron": pd.NA, "datum": "01-03-2025",
             "waarde_blad": pd.NA, "bestand": "a.xlsx"}
    df = pd.DataFrame([
        {**basis, "partner": "Corporatie A", "id": "GM9901-aanbod-geclusterd", "gemeentecode": "GM9901",
         "herkenbaar": "ja", "regel": 7},
        {**basis, "partner": "Corporatie A", "id": "GM9902-aanbod-geclusterd", "gemeentecode": "GM9902",
         "herkenbaar": "nee", "regel": 8},
        {**basis, "partner": "Corporatie A", "id": "ALG-klopt", "gemeentecode": "", "herkenbaar": "deels",
         "toelichting": "GGZ ontbreekt", "regel": 2},
    ])
    return df.loc[:, list(lege_reacties().columns)].astype(lege_reacties().dtypes.to_dict())


CONF = {
    "GM9901": _conf("GM9901", [("geclusterd", 2024, 100, 80, 0), ("geclusterd", 2034, 150, 80, 20),
                               ("nultreden", 2034, 500, 600, 0)]),
    "GM9902": _conf("GM9902", [("geclusterd", 2024, 300, 310, 0), ("geclusterd", 2034, 400, 310, 40),
                               ("nultreden", 2034, 900, 700, 50), ("opvang", 2034, 30, math.nan, 0)]),
}
URG = {"GM9901": (20.0, 100.0), "GM9902": (90.0, 200.0)}


def _schrijf(regio_map: Path, code: str, conf: pd.DataFrame, urg: tuple[float, float]) -> None:
    """Step-5 results of one gemeente, through the catalogue (every gemeente saves the regio's general answers)."""
    resultaten.schrijf(regio_map, code, stappen.CONFRONTATIE, {
        catalogus.CONFRONTATIE: conf, catalogus.URGENTIE: _urg(code, *urg), catalogus.BEVINDINGEN: _bev(code),
        catalogus.REACTIES: CP.reacties_resultaat(_reacties(), code),
        catalogus.AUDIT: pd.DataFrame({k: pd.Series(dtype="string") for k in CP.AUDIT_KOLOMMEN}).astype(
            {"oud": "float64", "nieuw": "float64", "toegepast": "bool"})})


def _lees(regio_map: Path) -> cr.Regioresultaten:
    """The regio step's reading: Analyse.invoer() of stap confrontatie_regio, then verzamel."""
    A = analyse.open(REGIO, uitvoer_map=str(regio_map / paden.REGIO), stap=stappen.CONFRONTATIE_REGIO)
    return cr.verzamel(A.invoer(), A.gemeenten)


@pytest.fixture(scope="module")
def rr(tmp_path_factory) -> cr.Regioresultaten:
    """Results of stap confrontatie for Heidewoude and Stroomstad; the other four gemeenten have none."""
    regio_map = tmp_path_factory.mktemp("regio") / "outputs" / REGIO
    for code, conf in CONF.items():
        _schrijf(regio_map, code, conf, URG[code])
    return _lees(regio_map)


def test_verzamel_leest_alle_gemeenten_en_noemt_wie_ontbreekt(rr):
    assert rr.met_resultaat == ["GM9901", "GM9902"]
    assert rr.zonder_resultaat == ["GM9903", "GM9904", "GM9905", "GM9906"]
    assert rr.ontbreekt_tekst == ZONDER
    assert len(rr.confrontatie) == 7 and len(rr.bevindingen) == 2 and len(rr.urgentie) == 2
    assert len(rr.reacties) == 3  # the general answer is saved by both gemeenten and read once
    assert rr.namen == NAMEN


def test_som_regio_met_de_hand(rr):
    som = cr.som_regio(rr)
    catalogus.controleer(catalogus.CONFRONTATIE_REGIO, som, wie=paden.REGIO, waar="test")
    s = som.set_index(["woonvorm", "jaar"])
    g = s.loc[("geclusterd", 2034)]
    assert (g["vraag"], g["aanbod"], g["plan_cumulatief"]) == (150 + 400, 80 + 310, 20 + 40)
    assert g["tekort_met_plan"] == (150 - 80 - 20) + (400 - 310 - 40) == 100
    assert g["methode"] == "som over 2 van 6 gemeenten" and g["gemeenten"] == 2 and g["gemeentecode"] == "regio"
    assert g["ontbreekt"] == ZONDER
    n = s.loc[("nultreden", 2034)]
    assert n["tekort_met_plan"] == (500 - 600) + (900 - 700 - 50) == 50  # an overschot offsets a tekort
    o = s.loc[("opvang", 2034)]
    assert math.isnan(o["tekort_met_plan"]) and o["vraag"] == 30 and o["methode"] == "geen tekort bekend"
    assert o["gemeenten"] == 0
    # the per-gemeente display function shows the regio like a gemeente
    ov = CT.overzicht(som, peiljaar=2024, horizon=(0, 10))
    rij = ov[ov["Woonvorm"] == WOONVORMEN["geclusterd"].label].iloc[0]
    assert rij["Tekort 2034"] == 100 and rij["Tekort 2024"] == (100 - 80) + (300 - 310)


def _ns(confs: dict[str, pd.DataFrame], urgs: dict[str, tuple[float, float]], namen: dict[str, str]):
    """What Analyse.invoer() gives the regio step, built directly (pure tests)."""
    leeg = pd.DataFrame(columns=CP.BEVINDING_KOLOMMEN)
    zonder = [Gemeente(c, n) for c, n in namen.items() if c not in confs]
    return SimpleNamespace(
        confrontatie=pd.concat(confs.values(), ignore_index=True),
        urgentie=pd.concat([_urg(c, *u) for c, u in urgs.items()], ignore_index=True),
        bevindingen=leeg, reacties=lege_reacties(), audit=pd.DataFrame(columns=CP.AUDIT_KOLOMMEN),
        ontbreekt={t: zonder for t in ("confrontatie", "urgentie", "bevindingen", "reacties", "audit")})


def test_regiototaal_is_de_som_van_de_getoonde_hele_getallen():
    """Each gemeente's report shows heel(x); the regio shows the sum of those, so it equals the sum of its parts.

    Aa: vraag 100.5, aanbod 80 -> tekort 20.5, shown as 101, 80, 21 (half away from zero);
    Bb: vraag 200.5, aanbod 150 -> tekort 50.5, shown as 201, 150, 51.
    Regio: vraag 101 + 201 = 302 (not heel(301.0) = 301), tekort 21 + 51 = 72 (not 71).
    Urgent: vraag 20.5 + 90.5 -> 21 + 91 = 112; mutaties 100.4 + 200.4 -> 100 + 200 = 300; share 112 / 300.
    """
    namen = {"GM9901": "Aa", "GM9902": "Bb"}
    confs = {"GM9901": _conf("GM9901", [("geclusterd", 2034, 100.5, 80, 0)]),
             "GM9902": _conf("GM9902", [("geclusterd", 2034, 200.5, 150, 0)])}
    r = cr.verzamel(_ns(confs, {"GM9901": (20.5, 100.4), "GM9902": (90.5, 200.4)}, namen),
                    [Gemeente(c, n) for c, n in namen.items()])
    g = cr.som_regio(r).iloc[0]
    assert (g["vraag"], g["aanbod"], g["tekort_met_plan"]) == (302, 230, 72)
    assert g["ontbreekt"] is pd.NA or pd.isna(g["ontbreekt"])  # nobody missing
    t = crt.tekort_per_gemeente(r, jaar=2034).iloc[0]
    assert (t["Aa"], t["Bb"], t["Regio"]) == (20.5, 50.5, 72)  # gemeenten unrounded (the table rounds), regio sum
    u = cr.urgentie_regio(r).iloc[0]
    assert (u["vraag_urgent"], u["mutaties"], u["gemeenten"]) == (112, 300, 2)
    assert u["aandeel"] == pytest.approx(112 / 300) and u["boven_norm"]


def test_tekort_per_gemeente_en_grafiekdata(rr):
    t = crt.tekort_per_gemeente(rr, jaar=2034)
    assert list(t.columns) == ["Woonvorm", "Eenheid", "Heidewoude", "Stroomstad", "Leerhoven (ontbreekt)",
                               "Akkerveen (ontbreekt)", "Dijkwaard (ontbreekt)", "Lindehout (ontbreekt)", "Regio"]
    t = t.set_index("Woonvorm")
    g = t.loc[WOONVORMEN["geclusterd"].label]
    assert (g["Heidewoude"], g["Stroomstad"], g["Regio"]) == (50, 50, 100)
    assert math.isnan(g["Leerhoven (ontbreekt)"])
    n = t.loc[WOONVORMEN["nultreden"].label]
    assert (n["Heidewoude"], n["Stroomstad"], n["Regio"]) == (-100, 150, 50)
    assert WOONVORMEN["opvang"].label not in t.index  # no gap known anywhere
    lang = crt.tekort_lang(rr, "nultreden", jaar=2034)
    assert list(lang["gemeente"][:2]) == ["Stroomstad", "Heidewoude"] and list(lang["tekort"][:2]) == [150, -100]
    # the gemeenten without a result stay in the chart data, empty and marked
    assert list(lang["gemeente"][2:]) == [f"{n} (ontbreekt)" for n in ZONDER.split(", ")]
    assert lang["tekort"][2:].isna().all()


def test_urgentie_regio_is_som_over_som(rr):
    regio = cr.urgentie_regio(rr)
    catalogus.controleer(catalogus.URGENTIE_REGIO, regio, wie=paden.REGIO, waar="test")
    u = crt.urgentie_per_gemeente(rr, regio, jaar=2024).set_index("Gemeente")
    assert u.loc["Stroomstad", "Boven de norm"] == "ja" and u.loc["Heidewoude", "Boven de norm"] == "nee"
    assert u.loc["Leerhoven (ontbreekt)", "Boven de norm"] == "ontbreekt"
    assert math.isnan(u.loc["Leerhoven (ontbreekt)", "Vraag urgenten per jaar"])
    assert u.loc["Regio", "Vraag urgenten per jaar"] == 110 and u.loc["Regio", "Vrijkomende sociale huurwoningen"] == 300
    assert u.loc["Regio", "Aandeel naar urgenten"] == pytest.approx(110 / 300)  # not the mean of 0,20 and 0,45
    assert u.loc["Regio", "Boven de norm"] == "ja"
    assert regio.iloc[0]["gemeenten"] == 2 and regio.iloc[0]["norm"] == 0.3


def test_samenvatting_noemt_ontbrekende_en_gemengde_woonvormen(rr):
    som = cr.som_regio(rr)
    t = crt.tekort_per_gemeente(rr, jaar=2034)
    u = crt.urgentie_per_gemeente(rr, cr.urgentie_regio(rr), jaar=2024)
    tekst = crt.samenvatting(som, t, u, rr, jaar=2034)
    assert f"voor {ZONDER} ontbreekt de confrontatie" in tekst and "2 van de 6 gemeenten" in tekst
    assert "geclusterde woonvorm (100 wooneenheden)" in tekst
    assert "Bij nultredenwoning" in tekst  # tekort in Stroomstad, overschot in Heidewoude
    assert "In Stroomstad vraagt" in tekst and "Regio vraagt" not in tekst and "30%" in tekst


def test_herkenning_over_alle_gemeenten(rr):
    h = cr.herkenning_regio(rr)
    catalogus.controleer(catalogus.HERKENNING_REGIO, h, wie=paden.REGIO, waar="test")
    h = h.set_index("partner")
    # one ja (Heidewoude) and one nee (Stroomstad); the general question does not count
    assert h.loc["alle partners", "beantwoord"] == 2 and h.loc["alle partners", "aandeel_herkend"] == 0.5


def test_zonder_enig_resultaat(tmp_path):
    r = _lees(tmp_path / "outputs" / REGIO)
    assert r.zonder_resultaat == list(NAMEN) and r.met_resultaat == [] and r.confrontatie.empty
    som, urg, h = cr.som_regio(r), cr.urgentie_regio(r), cr.herkenning_regio(r)
    assert som.empty and urg.empty and h.empty
    tekst = crt.samenvatting(som, crt.tekort_per_gemeente(r, jaar=2034),
                             crt.urgentie_per_gemeente(r, urg, jaar=2024), r, jaar=2034)
    assert "Er zijn nog geen resultaten van de confrontatie per gemeente" in tekst
    assert f"voor {', '.join(NAMEN.values())} ontbreekt de confrontatie" in tekst
    # the step still saves its (empty) tables: they must pass the catalogue
    for t, df in ((catalogus.CONFRONTATIE_REGIO, som), (catalogus.URGENTIE_REGIO, urg),
                  (catalogus.HERKENNING_REGIO, h)):
        catalogus.controleer(t, df, wie=paden.REGIO, waar="test")


def test_regiototalen_van_de_volledige_run(demo_uitvoer):
    """In the full demo run the regio table is, per woonvorm/year/variant, the sum of heel() of the six gemeenten."""
    regio_map = demo_uitvoer / REGIO
    som = resultaten.lees(regio_map, paden.REGIO, catalogus.CONFRONTATIE_REGIO)
    per = pd.concat([resultaten.lees(regio_map, c, catalogus.CONFRONTATIE) for c in NAMEN], ignore_index=True)
    assert som["ontbreekt"].isna().all()
    verwacht = per.groupby(["woonvorm", "jaar", "variant"])["tekort_met_plan"].agg(
        lambda s: sum(heel(x) for x in s.dropna()) if s.notna().any() else math.nan)
    s = som.set_index(["woonvorm", "jaar", "variant"])["tekort_met_plan"]
    assert len(s) == len(verwacht) and s.notna().sum() > 20
    pd.testing.assert_series_equal(s.sort_index(), verwacht.sort_index().astype("float64"), check_names=False)


# ------------------------------------------------------------------------------------------------ notebook
def _draai(uitvoer_map: Path, doel: Path) -> tuple[str, nbformat.NotebookNode]:
    pm = pytest.importorskip("papermill")
    pm.execute_notebook(str(NOTEBOOK), str(doel), parameters={"regio": REGIO, "uitvoer_map": str(uitvoer_map)},
                        kernel_name="python3", engine_name="wz-warm", progress_bar=False, cwd=str(ROOT))
    nb = nbformat.read(doel, as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    tekst = "\n".join(d.get("text/markdown", "") + d.get("text/html", "")
                      for c in nb.cells for o in c.get("outputs", []) for d in [o.get("data", {})])
    return tekst, nb


@pytest.mark.notebook
def test_notebook_regio_met_een_ontbrekende_gemeente(demo_uitvoer, tmp_path):
    """Leerhoven's confrontatie failed: it is '(ontbreekt)' in every table that lists gemeenten, named in the
    summary, and its figures are in no regional total."""
    regio_map = kopie_van(demo_uitvoer, tmp_path / "outputs") / REGIO
    shutil.rmtree(paden.resultaat_map(regio_map / "GM9903", stappen.CONFRONTATIE.notebook))
    tekst, _ = _draai(regio_map / paden.REGIO, tmp_path / "55.ipynb")
    assert "voor Leerhoven ontbreekt de confrontatie" in tekst and "5 van de 6 gemeenten" in tekst
    # tekort per gemeente (a column) and the urgent share (a row) both mark it
    assert tekst.count("Leerhoven (ontbreekt)") >= 2
    assert "Heidewoude (ontbreekt)" not in tekst
    som = resultaten.lees(regio_map, paden.REGIO, catalogus.CONFRONTATIE_REGIO)
    assert (som["ontbreekt"] == "Leerhoven").all()
    assert som["methode"].str.fullmatch(r"som over [0-5] van 6 gemeenten|geen tekort bekend").all()
    # totals: the five others only, i.e. the full run's total minus Leerhoven's shown figure
    vol = resultaten.lees(demo_uitvoer / REGIO, paden.REGIO, catalogus.CONFRONTATIE_REGIO)
    leer = resultaten.lees(demo_uitvoer / REGIO, "GM9903", catalogus.CONFRONTATIE)
    sleutel = ["woonvorm", "jaar", "variant"]
    m = vol.merge(som, on=sleutel, suffixes=("_vol", "")).merge(leer, on=sleutel, suffixes=("", "_leer"))
    m = m[m["tekort_met_plan_leer"].notna() & (m["gemeenten"] > 0)]
    assert len(m) > 20
    verschil = m["tekort_met_plan_vol"] - m["tekort_met_plan"]
    assert verschil.tolist() == [heel(x) for x in m["tekort_met_plan_leer"]]
    assert (m["gemeenten_vol"] - m["gemeenten"] == 1).all()
    u = resultaten.lees(regio_map, paden.REGIO, catalogus.URGENTIE_REGIO)
    assert (u["gemeenten"] <= 5).all()


@pytest.mark.notebook
def test_notebook_regio_zonder_enig_resultaat(tmp_path):
    """Opened before any gemeente ran: the notebook runs top to bottom, says what to do first and saves empty
    tables."""
    regio_map = tmp_path / "outputs" / REGIO
    tekst, _ = _draai(regio_map / paden.REGIO, tmp_path / "55.ipynb")
    assert "Er zijn nog geen resultaten van de confrontatie per gemeente" in tekst
    assert resultaten.lees(regio_map, paden.REGIO, catalogus.CONFRONTATIE_REGIO).empty
    assert resultaten.lees(regio_map, paden.REGIO, catalogus.HERKENNING_REGIO).empty
