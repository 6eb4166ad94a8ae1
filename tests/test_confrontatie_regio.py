"""Regional summary of the confrontatie: sums over gemeenten by hand, missing gemeenten, the notebook."""

from __future__ import annotations

import math
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from wzlib import confrontatie, confrontatie_regio as cr, resultaten

ROOT = Path(__file__).resolve().parents[1]
NAMEN = {"GM9901": "Heidewoude", "GM9902": "Stroomstad", "GM9903": "Leerhoven"}


def _conf(code: str, rijen: list[tuple]) -> pd.DataFrame:
    """rijen: (woonvorm, jaar, vraag, aanbod, plan) for variant midden; tekorten computed as the step does."""
    df = pd.DataFrame(rijen, columns=["woonvorm", "jaar", "vraag", "aanbod", "plan_cumulatief"])
    df.insert(0, "gemeentecode", code)
    df["variant"] = "midden"
    df["tekort_zonder_plan"] = df["vraag"] - df["aanbod"]
    df["tekort_met_plan"] = df["vraag"] - df["aanbod"] - df["plan_cumulatief"]
    df["methode"] = "vraagraming 30_prognose"
    return df.loc[:, confrontatie.CONFRONTATIE_KOLOMMEN]


def _urg(code: str, vraag: float, mutaties: float) -> pd.DataFrame:
    return pd.DataFrame([{"gemeentecode": code, "jaar": 2024, "vraag_urgent": vraag, "mutaties": mutaties,
                          "aandeel": vraag / mutaties, "norm": 0.3, "ruimte_bij_norm": 0.3 * mutaties,
                          "verschil": vraag - 0.3 * mutaties, "boven_norm": vraag / mutaties > 0.3,
                          "bron_vraag": "test", "bron_mutaties": "test"}])


def _bev(code: str) -> pd.DataFrame:
    return pd.DataFrame([{"id": f"{code}-aanbod-geclusterd", "gemeentecode": code, "gemeente": NAMEN[code],
                          "onderwerp": "aanbod", "sleutel": "geclusterd", "jaar": 2024, "bevinding": "x",
                          "waarde": 100.0, "eenheid": "wooneenheden", "bron": "20_aanbod"}])


REACTIES = pd.DataFrame([
    {"partner": "Corporatie A", "soort": "corporatie", "id": "GM9901-aanbod-geclusterd", "gemeentecode": "GM9901",
     "herkenbaar": "ja", "correctie": pd.NA, "toelichting": "", "bron": pd.NA, "datum": pd.NA, "waarde_blad": pd.NA,
     "bestand": "a.xlsx", "regel": 2},
    {"partner": "Corporatie A", "soort": "corporatie", "id": "GM9902-aanbod-geclusterd", "gemeentecode": "GM9902",
     "herkenbaar": "nee", "correctie": pd.NA, "toelichting": "", "bron": pd.NA, "datum": pd.NA, "waarde_blad": pd.NA,
     "bestand": "a.xlsx", "regel": 3},
])


@pytest.fixture
def regio_uit(tmp_path) -> Path:
    """Results of 50_confrontatie for GM9901 and GM9902; GM9903 has none (its step failed)."""
    uit = tmp_path / "outputs" / "testregio"
    tabellen = {
        "GM9901": _conf("GM9901", [("geclusterd", 2024, 100, 80, 0), ("geclusterd", 2034, 150, 80, 20),
                                   ("nultreden", 2034, 500, 600, 0)]),
        "GM9902": _conf("GM9902", [("geclusterd", 2024, 300, 310, 0), ("geclusterd", 2034, 400, 310, 40),
                                   ("nultreden", 2034, 900, 700, 50), ("opvang", 2034, 30, math.nan, 0)]),
    }
    for code, conf in tabellen.items():
        resultaten.schrijf(uit / code, "50_confrontatie", {
            "confrontatie": conf, "urgentie": _urg(code, {"GM9901": 20.0, "GM9902": 90.0}[code],
                                                   {"GM9901": 100.0, "GM9902": 200.0}[code]),
            "bevindingen": _bev(code), "reacties": REACTIES,  # every gemeente saves the regio's sheets
            "audit": pd.DataFrame(columns=confrontatie.AUDIT_KOLOMMEN)})
    return uit


def test_verzamel_leest_alle_gemeenten_en_noemt_wie_ontbreekt(regio_uit):
    r = cr.verzamel(regio_uit, list(NAMEN.items()))
    assert r.met_resultaat == ["GM9901", "GM9902"] and r.zonder_resultaat == ["GM9903"]
    assert len(r.confrontatie) == 7 and len(r.bevindingen) == 2
    assert len(r.reacties) == 2  # saved twice, read once


def test_som_regio_met_de_hand(regio_uit):
    r = cr.verzamel(regio_uit, list(NAMEN.items()))
    som = cr.som_regio(r.confrontatie).set_index(["woonvorm", "jaar"])
    g = som.loc[("geclusterd", 2034)]
    assert (g["vraag"], g["aanbod"], g["plan_cumulatief"]) == (550, 390, 60)
    assert g["tekort_met_plan"] == (150 - 80 - 20) + (400 - 310 - 40) == 100
    assert g["methode"] == "som over 2 van 2 gemeenten"
    n = som.loc[("nultreden", 2034)]
    assert n["tekort_met_plan"] == (500 - 600) + (900 - 700 - 50) == 50  # an overschot offsets a tekort
    o = som.loc[("opvang", 2034)]
    assert math.isnan(o["tekort_met_plan"]) and o["vraag"] == 30 and o["methode"] == "geen tekort bekend"
    # the per-gemeente display function shows the regio like a gemeente
    ov = confrontatie.overzicht(cr.som_regio(r.confrontatie), peiljaar=2024, horizon=(0, 10))
    rij = ov[ov["Woonvorm"] == confrontatie.WOONVORMEN["geclusterd"].label].iloc[0]
    assert rij["Tekort 2034"] == 100 and rij["Tekort 2024"] == (100 - 80) + (300 - 310)


def test_tekort_per_gemeente_en_grafiekdata(regio_uit):
    r = cr.verzamel(regio_uit, list(NAMEN.items()))
    t = cr.tekort_per_gemeente(r.confrontatie, r.namen, jaar=2034).set_index("Woonvorm")
    g = t.loc[confrontatie.WOONVORMEN["geclusterd"].label]
    assert (g["Heidewoude"], g["Stroomstad"], g["Regio"]) == (50, 50, 100)
    assert math.isnan(g["Leerhoven"])
    n = t.loc[confrontatie.WOONVORMEN["nultreden"].label]
    assert (n["Heidewoude"], n["Stroomstad"], n["Regio"]) == (-100, 150, 50)
    assert confrontatie.WOONVORMEN["opvang"].label not in t.index  # no gap known anywhere
    lang = cr.tekort_lang(r.confrontatie, r.namen, "nultreden", jaar=2034)
    assert list(lang["gemeente"]) == ["Stroomstad", "Heidewoude"] and list(lang["tekort"]) == [150, -100]


def test_urgentie_regio_is_som_over_som(regio_uit):
    r = cr.verzamel(regio_uit, list(NAMEN.items()))
    u = cr.urgentie_per_gemeente(r.urgentie, r.namen, jaar=2024).set_index("Gemeente")
    assert u.loc["Stroomstad", "Boven de norm"] == "ja" and u.loc["Heidewoude", "Boven de norm"] == "nee"
    assert u.loc["Regio", "Vraag urgenten per jaar"] == 110 and u.loc["Regio", "Vrijkomende sociale huurwoningen"] == 300
    assert u.loc["Regio", "Aandeel naar urgenten"] == pytest.approx(110 / 300)  # not the mean of 0,20 and 0,45
    assert u.loc["Regio", "Boven de norm"] == "ja"


def test_samenvatting_noemt_ontbrekende_en_gemengde_woonvormen(regio_uit):
    r = cr.verzamel(regio_uit, list(NAMEN.items()))
    som = cr.som_regio(r.confrontatie)
    t = cr.tekort_per_gemeente(r.confrontatie, r.namen, jaar=2034)
    u = cr.urgentie_per_gemeente(r.urgentie, r.namen, jaar=2024)
    tekst = cr.samenvatting(som, t, u, r, regionaam="Testregio", jaar=2034)
    assert "Leerhoven" in tekst and "2 van de 3 gemeenten" in tekst
    assert "geclusterde woonvorm (100 wooneenheden)" in tekst
    assert "Bij nultredenwoning" in tekst  # tekort in Stroomstad, overschot in Heidewoude
    assert "In Stroomstad, Regio" not in tekst and "In Stroomstad vraagt" in tekst


def test_herkenning_over_alle_gemeenten(regio_uit):
    r = cr.verzamel(regio_uit, list(NAMEN.items()))
    h = confrontatie.herkenning(r.bevindingen, r.reacties, per="partner").set_index("partner")
    assert h.loc["alle partners", "beantwoord"] == 2 and h.loc["alle partners", "aandeel_herkend"] == 0.5


def test_zonder_enig_resultaat():
    r = cr.verzamel(Path("/bestaat/niet"), list(NAMEN.items()))
    assert r.zonder_resultaat == list(NAMEN) and r.confrontatie.empty
    tekst = cr.samenvatting(cr.som_regio(r.confrontatie), cr.tekort_per_gemeente(r.confrontatie, r.namen, jaar=2034),
                            cr.urgentie_per_gemeente(r.urgentie, r.namen, jaar=2024), r, regionaam="X", jaar=2034)
    assert "nog geen resultaten van stap 50_confrontatie" in tekst


@pytest.mark.notebook
def test_notebook_regio_met_twee_van_zes_gemeenten(tmp_path):
    """The regional notebook runs on the demo regio with results for two gemeenten only and says so."""
    pm = pytest.importorskip("papermill")
    uit = tmp_path / "outputs" / "voorbeeldregio"
    for code in ("GM9901", "GM9902"):
        resultaten.schrijf(uit / code, "50_confrontatie", {
            "confrontatie": _conf(code, [("geclusterd", 2024, 100, 80, 0), ("geclusterd", 2034, 150, 80, 20),
                                         ("verpleegzorg", 2034, 60, 40, 0)]),
            "urgentie": _urg(code, 20.0, 100.0), "bevindingen": _bev("GM9901" if code == "GM9901" else "GM9902"),
            "reacties": REACTIES, "audit": pd.DataFrame(columns=confrontatie.AUDIT_KOLOMMEN)})
    doel = tmp_path / "60.ipynb"
    pm.execute_notebook(str(ROOT / "notebooks" / "60_regio_confrontatie.ipynb"), str(doel),
                        parameters={"regio": "voorbeeldregio", "uitvoer_map": str(uit / "regio")},
                        kernel_name="python3", progress_bar=False, cwd=str(ROOT))
    nb = nbformat.read(doel, as_version=4)
    tekst = "\n".join(d.get("text/markdown", "") + d.get("text/html", "")
                      for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") != "error"
                      for d in [o.get("data", {})])
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert "Leerhoven, Akkerveen, Dijkwaard, Lindehout" in tekst  # named as missing
    assert "2 van de 6 gemeenten" in tekst
    bewaard = pd.read_parquet(uit / "regio" / "60_regio_confrontatie" / "confrontatie_regio.parquet")
    g = bewaard[(bewaard["woonvorm"] == "geclusterd") & (bewaard["jaar"] == 2034)].iloc[0]
    assert g["tekort_met_plan"] == 2 * (150 - 80 - 20)


@pytest.mark.notebook
def test_notebook_regio_zonder_enig_resultaat(tmp_path):
    """Opened before any gemeente ran: the notebook runs top to bottom and says what to do first."""
    pm = pytest.importorskip("papermill")
    doel = tmp_path / "60.ipynb"
    pm.execute_notebook(str(ROOT / "notebooks" / "60_regio_confrontatie.ipynb"), str(doel),
                        parameters={"regio": "voorbeeldregio", "uitvoer_map": str(tmp_path / "uit" / "regio")},
                        kernel_name="python3", progress_bar=False, cwd=str(ROOT))
    nb = nbformat.read(doel, as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    tekst = "\n".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells for o in c.get("outputs", []))
    assert "nog geen resultaten van stap 50_confrontatie" in tekst
