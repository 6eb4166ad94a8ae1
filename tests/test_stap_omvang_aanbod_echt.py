"""Stap 1 and 2 notebooks (10_omvang, 20_aanbod): their result tables and reports after a run.

- On the real CBS data (../shared/data/echt, regio gooi-en-vechtstreek, peiljaar 2021) for all seven
  gemeenten (session fixture ``echt_uitvoer``, a full run); skipped when the data are absent. The result
  files must hold the values one gets by summing the source CSVs directly (e.g. 75+ Hilversum 2021 = 8.005).
- On the fictional voorbeeldregio for all six gemeenten (``demo_uitvoer``), checked against its CSVs and
  local inputs.
- With a gemeente that has no local input at all (both notebooks run here with papermill): the notebooks
  still render, every group and woonvorm "ontbreekt".

Result tables of a gemeente hold only that gemeente's rows; shares are fractions 0..1.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from wzlib import aanbod, catalogus, paden, resultaten
from wzlib.presentatie.getallen import nl_getal
from wzlib.groepen import GROEPEN, WOONVORMEN

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[1]
ECHT = Path(__file__).resolve().parents[2] / "shared" / "data" / "echt"
VOORBEELD = ROOT / "data" / "voorbeeld"
NOTEBOOKS = {"10_omvang": ROOT / "notebooks" / "10_omvang.ipynb", "20_aanbod": ROOT / "notebooks" / "20_aanbod.ipynb"}
GOOI = ["GM0317", "GM0376", "GM0402", "GM0406", "GM0417", "GM1696", "GM1942"]  # regio/gooi-en-vechtstreek.csv
VOORBEELD_GEMEENTEN = ["GM9901", "GM9902", "GM9903", "GM9904", "GM9905", "GM9906"]


def _draai(regio: str, gemeente: str, regio_map: Path) -> dict[str, Path]:
    """Execute both notebooks for one gemeente into ``<regio_map>/<gemeente>`` (as the batch does); returns
    the executed notebooks. Fails on any error cell."""
    import papermill as pm

    wie_map = paden.uitvoer_wie(regio_map, gemeente)
    wie_map.mkdir(parents=True, exist_ok=True)
    uit = {}
    for stap, nb in NOTEBOOKS.items():
        doel = paden.notebook_uitvoer(wie_map, stap)
        pm.execute_notebook(str(nb), str(doel), parameters={"regio": regio, "gemeente": gemeente,
                                                             "uitvoer_map": str(wie_map)},
                            kernel_name="python3", engine_name="wz-warm", cwd=str(ROOT), progress_bar=False)
        uit[stap] = doel
    return uit


def _tekst(nb_pad: Path) -> str:
    """All text/html and text/markdown output of an executed notebook (what a reader sees)."""
    nb = nbformat.read(nb_pad, as_version=4)
    delen = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o.get("output_type") != "error", f"foutcel in {nb_pad.name}: {o.get('evalue')}"
            data = o.get("data", {})
            delen += [data.get("text/html", ""), data.get("text/markdown", "")]
    return "\n".join(delen)


def _som(pad: Path, gemeente: str, jaar: int, van: int, kolom: str, geslacht: str | None = "totaal") -> int:
    """Sum of ``kolom`` over the age classes >= ``van`` in a source CSV, read directly (not via wzlib)."""
    totaal = 0
    with open(pad, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if r["gemeentecode"] != gemeente or int(r["jaar"]) != jaar or int(r["leeftijd_van"]) < van:
                continue
            if geslacht is not None and r["geslacht"] != geslacht:
                continue
            totaal += int(r[kolom])
    return totaal


def _lees(regio_map: Path, gemeente: str, tabel: catalogus.Tabel) -> pd.DataFrame:
    """A result table of one gemeente (checked against the catalogue by resultaten.lees); only its own rows."""
    df = resultaten.lees(regio_map, gemeente, tabel)
    assert set(df["gemeentecode"]) <= {gemeente}, tabel.naam
    return df


def _ouderen(regio_map: Path, gemeente: str) -> pd.DataFrame:
    o = _lees(regio_map, gemeente, catalogus.OUDEREN)
    assert o["leeftijdsgroep"].tolist() == ["65+", "75+", "85+"]
    return o.set_index("leeftijdsgroep")


# ------------------------------------------------------------------------------------------ echte gegevens
@pytest.fixture(scope="module")
def gooi(echt_uitvoer) -> Path:
    """The regio folder of the full run on the real data."""
    with open(ECHT / "regio" / "gooi-en-vechtstreek.csv", encoding="utf-8") as f:
        assert sorted(r["gemeentecode"] for r in csv.DictReader(f)) == sorted(GOOI)
    return paden.uitvoer_regio(echt_uitvoer, "gooi-en-vechtstreek")


@pytest.mark.echt
@pytest.mark.parametrize("gemeente", GOOI)
def test_echt_gooi_en_vechtstreek(gooi, gemeente):
    o = _ouderen(gooi, gemeente)
    for van in (65, 75, 85):
        verwacht = _som(ECHT / "bevolking.csv", gemeente, 2021, van, "aantal")
        assert o.loc[f"{van}+", "aantal"] == verwacht
        assert o.loc[f"{van}+", "jaar"] == 2021
        alleen = _som(ECHT / "huishoudens_leeftijd.csv", gemeente, 2020, van, "alleenstaand", geslacht=None)
        assert o.loc[f"{van}+", "alleenstaand"] == alleen
    inwoners = _som(ECHT / "bevolking.csv", gemeente, 2021, 0, "aantal")
    assert o.loc["75+", "inwoners"] == inwoners
    assert o.loc["75+", "aandeel"] == pytest.approx(o.loc["75+", "aantal"] / inwoners)  # a fraction
    if gemeente == "GM0402":
        assert o.loc["75+", "aantal"] == 8005  # Hilversum, README of the data
        assert o.loc["65+", "aantal"] == 17270
        assert "8.005" in _tekst(paden.notebook_uitvoer(gooi / gemeente, "10_omvang"))

    eigen = _lees(gooi, gemeente, catalogus.GROEPEN_OMVANG).set_index("groep")
    assert set(eigen.index) == set(GROEPEN)  # no groepen in the params: every group
    assert eigen.loc["ouderen_75", "aantal"] == o.loc["75+", "aantal"]
    assert eigen.loc["ouderen_75", "status"] == "bekend uit open data"
    lokaal = [k for k, gr in GROEPEN.items() if gr.leeftijd_van is None]
    assert (eigen.loc[lokaal, "status"] == "ontbreekt").all()  # the regio has no local input
    b = resultaten.lees(gooi, gemeente, catalogus.BESCHIKBAARHEID).set_index("groep")
    assert b.loc["statushouders", "volledigheid"] == 0
    assert b.loc["ouderen_65", "volledigheid"] == 1  # every gemeente of the regio: a fraction
    assert (b["gemeenten"].dropna() == len(GOOI)).all()

    a = _lees(gooi, gemeente, catalogus.AANBOD)
    assert len(a) == len(WOONVORMEN)
    assert (a["status"] == "ontbreekt").all()
    w = _lees(gooi, gemeente, catalogus.WONINGVOORRAAD)
    assert len(w) == 1
    w = w.iloc[0]
    with open(ECHT / "woningen_gemeente.csv", encoding="utf-8") as f:
        bron = {(r["gemeentecode"], int(r["jaar"])): r for r in csv.DictReader(f)}
    assert w["jaar"] == 2021
    assert w["koop_aandeel"] == pytest.approx(float(bron[(gemeente, 2021)]["koopwoningen_pct"]) / 100)
    assert w["woz_x1000"] == float(bron[(gemeente, 2021)]["woz_gemiddeld_x1000"])
    assert pd.isna(w["sociale_huur"])
    # the real stock (82900NED) in aanbod, and the corporatie stock as the stated stand-in for sociale huur
    assert w["woningvoorraad"] == int(bron[(gemeente, 2021)]["woningvoorraad"])
    assert w["corporatie_aandeel"] == pytest.approx(float(bron[(gemeente, 2021)]["corporatie_pct"]) / 100)
    assert w["corporatie_woningen"] == pytest.approx(w["woningvoorraad"] * w["corporatie_aandeel"])
    toets = aanbod.sociale_huur_toets(_lees(gooi, gemeente, catalogus.WONINGVOORRAAD), 0.30).iloc[0]
    assert toets["grondslag"] == aanbod.BENADERING_CORPORATIE
    assert toets["tekort_woningen"] == pytest.approx(0.30 * w["woningvoorraad"] - w["corporatie_woningen"])
    if gemeente == "GM0402":
        assert (w["woningvoorraad"], round(100 * w["corporatie_aandeel"], 1)) == (42_979, 29.8)  # README
    tekst = _tekst(paden.notebook_uitvoer(gooi / gemeente, "20_aanbod"))
    assert f"{int(w['woningvoorraad']):,}".replace(",", ".") in tekst
    assert aanbod.BENADERING_CORPORATIE in tekst
    tekort = nl_getal(toets["tekort_woningen"], 0)  # the gap in dwellings is a number in the report, not "–"
    assert re.search(rf"<td[^>]*>{re.escape(tekort)}</td>", tekst), tekort
    # households in omvang: the gemeente's total, one- and multi-person households with their year
    with open(ECHT / "huishoudens.csv", encoding="utf-8") as f:
        hh = {r["gemeentecode"]: r for r in csv.DictReader(f)}
    omvang_tekst = _tekst(paden.notebook_uitvoer(gooi / gemeente, "10_omvang"))
    assert "Particuliere huishoudens in" in omvang_tekst and "1 januari 2020 (bevolking: 1 januari 2021)" in omvang_tekst
    for kol in ("huishoudens_totaal", "eenpersoons", "meerpersoons"):
        assert f"{int(hh[gemeente][kol]):,}".replace(",", ".") in omvang_tekst, kol
    if gemeente == "GM0402":
        assert "42.697" in omvang_tekst  # Hilversum, 1 januari 2020 (README)
    assert "geen afstanden tot huisarts en supermarkt" in tekst  # wijken 2020 has no nabijheid columns
    assert "ontbreekt" in tekst


# ------------------------------------------------------------------------------------------ voorbeeldregio
def _lokaal(naam: str) -> pd.DataFrame:
    return pd.read_csv(VOORBEELD / "lokaal" / naam, dtype={"gemeentecode": str})


@pytest.fixture(scope="module")
def demo(demo_uitvoer) -> Path:
    """The regio folder of the full run of the voorbeeldregio."""
    return paden.uitvoer_regio(demo_uitvoer, "voorbeeldregio")


@pytest.mark.parametrize("gemeente", VOORBEELD_GEMEENTEN)
def test_voorbeeldregio(demo, gemeente):
    o = _ouderen(demo, gemeente)
    for van in (65, 75, 85):
        assert o.loc[f"{van}+", "aantal"] == _som(VOORBEELD / "bevolking.csv", gemeente, 2024, van, "aantal")

    eigen = _lees(demo, gemeente, catalogus.GROEPEN_OMVANG).set_index("groep")
    ag = _lokaal("aandachtsgroepen.csv")
    ag = ag[(ag["gemeentecode"] == gemeente) & (ag["jaar"] == 2024)].set_index("groep")
    for groep, gr in GROEPEN.items():
        if gr.leeftijd_van is not None:
            continue
        if groep in ag.index and pd.notna(ag.loc[groep, "aantal"]):
            assert eigen.loc[groep, "status"] == "lokaal aangeleverd", groep
            assert eigen.loc[groep, "aantal"] == ag.loc[groep, "aantal"], groep
        else:
            assert eigen.loc[groep, "status"] == "ontbreekt", groep

    eigen_a = _lees(demo, gemeente, catalogus.AANBOD).set_index("woonvorm")
    assert set(eigen_a.index) == set(WOONVORMEN)
    ab = _lokaal("aanbod.csv")
    ab = ab[ab["gemeentecode"] == gemeente].set_index("woonvorm")
    for w in ab.index:
        if pd.notna(ab.loc[w, "aantal"]):
            assert eigen_a.loc[w, "aantal"] == ab.loc[w, "aantal"]
            assert eigen_a.loc[w, "status"] == "lokaal aangeleverd"
    if "geclusterd" in ab.index and pd.notna(ab.loc["geclusterd", "aantal"]):
        assert eigen_a.loc["geclusterd", "definitie"] == "≥5 wooneenheden (RIGO)"
    if gemeente == "GM9905":  # Dijkwaard: "bewuste gaten" of the demo data
        assert eigen.loc["woonwagenbewoners", "status"] == "ontbreekt"
        assert eigen_a.loc["geclusterd", "status"] == "ontbreekt"
    wm = _lokaal("woningmarkt.csv")
    sociaal = wm[(wm["gemeentecode"] == gemeente) & (wm["jaar"] == 2024)]["sociale_huurvoorraad"].iloc[0]
    v = _lees(demo, gemeente, catalogus.WONINGVOORRAAD).iloc[0]
    assert v["sociale_huur"] == sociaal
    assert v["sociale_huur_aandeel"] == pytest.approx(sociaal / v["woningvoorraad"])  # a fraction
    assert "Huisarts (km)" in _tekst(paden.notebook_uitvoer(demo / gemeente, "20_aanbod"))  # demo wijken: distances


# ------------------------------------------------------------------------------------------ geen lokale invoer
def test_gemeente_zonder_lokale_invoer(tmp_path):
    """GM9906 removed from every local file: both notebooks still render, everything local 'ontbreekt'."""
    lokaal = tmp_path / "lokaal"
    lokaal.mkdir()
    for bestand in ("aandachtsgroepen.csv", "aanbod.csv", "woningmarkt.csv"):
        df = _lokaal(bestand)
        df[df["gemeentecode"] != "GM9906"].to_csv(lokaal / bestand, index=False)
    shutil.copy(VOORBEELD / "lokaal" / "plancapaciteit.csv", lokaal / "plancapaciteit.csv")
    yaml_pad = tmp_path / "zonder_lokaal.yaml"
    yaml_pad.write_text(
        "naam: Voorbeeldregio zonder Lindehout-invoer\npeiljaar: 2024\nfictief: true\n"
        f"bron:\n  soort: voorbeeld\n  map: {VOORBEELD}\nlokaal: {lokaal}\n"
        f"kengetallen_bestand: {ROOT / 'params' / 'kengetallen.yaml'}\n"
        "gemeenten: [GM9901, GM9902, GM9903, GM9904, GM9905, GM9906]\n"
        "groepen: [ouderen_75, dak_thuislozen, uitstroom_bw, statushouders]\n", encoding="utf-8")
    regio_map = tmp_path / "outputs" / "zonder_lokaal"
    nbs = _draai(str(yaml_pad), "GM9906", regio_map)

    eigen = _lees(regio_map, "GM9906", catalogus.GROEPEN_OMVANG).set_index("groep")
    assert set(eigen.index) == {"ouderen_75", "dak_thuislozen", "uitstroom_bw", "statushouders"}  # params groepen
    assert (eigen.drop(index="ouderen_75")["status"] == "ontbreekt").all()
    assert eigen.loc["ouderen_75", "status"] == "bekend uit open data"
    # the availability matrix covers the whole regio: the other five gemeenten did deliver uitstroom_bw
    b = resultaten.lees(regio_map, "GM9906", catalogus.BESCHIKBAARHEID).set_index("groep")
    assert b.loc["uitstroom_bw", "status"] == "deels lokaal aangeleverd"
    assert b.loc["uitstroom_bw", "met_cijfer"] == 5 and b.loc["uitstroom_bw", "gemeenten"] == 6
    assert b.loc["uitstroom_bw", "volledigheid"] == pytest.approx(5 / 6)
    assert b.loc["woonwagenbewoners", "status"] == "buiten de analyse"

    a = _lees(regio_map, "GM9906", catalogus.AANBOD)
    assert (a["status"] == "ontbreekt").all()
    assert "ontbreekt" in _tekst(nbs["10_omvang"]) and "ontbreekt" in _tekst(nbs["20_aanbod"])
    # results land in <regio map>/<gemeente>/<notebook>/, next to the executed notebook
    assert (regio_map / "GM9906" / "10_omvang" / "ouderen.parquet").exists()
    assert (regio_map / "GM9906" / "20_aanbod" / "resultaat.json").exists()
