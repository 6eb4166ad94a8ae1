"""Stap 4 notebook (40_spreiding, per regio) executed with papermill.

- On the real CBS data (../shared/data/echt, regio gooi-en-vechtstreek, peiljaar 2021): the notebook
  runs, draws the real gemeente map (saved to /tmp/wz_spreiding_gooi_kaart.png for a visual check),
  and its result files hold values one gets from the source CSVs directly (75+ per gemeente, the
  concentratie-index of 75+, wijk shares). Skipped when the data are absent.
- On the fictional voorbeeldregio, in an isolated copy of its params with a swap ledger: allocations
  sum to the regional totals under every key and after the swaps, the ledger is in the results, the
  wijk map is drawn from the demo boundaries.
"""

from __future__ import annotations

import base64
import csv
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from wzlib import resultaten
from wzlib import spreiding as sp

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[1]
ECHT = Path(__file__).resolve().parents[2] / "shared" / "data" / "echt"
NOTEBOOK = ROOT / "notebooks" / "40_spreiding.ipynb"
GOOI = ["GM0317", "GM0376", "GM0402", "GM0406", "GM0417", "GM1696", "GM1942"]
STAP = "40_spreiding"


def _draai(regio: str, uitvoer: Path) -> Path:
    import papermill as pm

    uitvoer.mkdir(parents=True, exist_ok=True)
    doel = uitvoer / "40_spreiding.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(doel), parameters={"regio": regio, "uitvoer_map": str(uitvoer)},
                        kernel_name="python3", cwd=str(ROOT), progress_bar=False)
    return doel


def _uitvoer(nb_pad: Path) -> tuple[str, list[bytes]]:
    """(all html/markdown text a reader sees, the PNG images in order); fails on an error cell."""
    nb = nbformat.read(nb_pad, as_version=4)
    tekst, beelden = [], []
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o.get("output_type") != "error", f"foutcel: {o.get('ename')}: {o.get('evalue')}"
            data = o.get("data", {})
            h = data.get("text/html", "")
            tekst += [h, data.get("text/markdown", "")]
            beelden += [base64.b64decode(b) for b in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", h)]
    return "\n".join(tekst), beelden


def _som(pad: Path, gemeente: str, jaar: int, van: int) -> int:
    """Sum of 'aantal' (geslacht totaal) over the age classes >= van in bevolking.csv, read directly."""
    totaal = 0
    with open(pad, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if (r["gemeentecode"] == gemeente and int(r["jaar"]) == jaar and r["geslacht"] == "totaal"
                    and int(r["leeftijd_van"]) >= van):
                totaal += int(r["aantal"])
    return totaal


def _totalen_kloppen(uitvoer: Path) -> pd.DataFrame:
    v = resultaten.lees(uitvoer, STAP, "verdeling")
    o = resultaten.lees(uitvoer, STAP, "opgave").set_index("groep")
    for kol in ("sleutel", "groep", "gemeentecode", "toedeling", "huidige_inzet", "verschil", "last"):
        assert kol in v.columns, kol
    assert (v["toedeling"] >= 0).all()
    for (sleutel, groep), d in v.groupby(["sleutel", "groep"]):
        som, totaal = int(d["toedeling"].sum()), int(o.loc[groep, "totaal"])
        if (d["afronding"] == sp.ART29).all():
            assert totaal <= som < totaal + len(d), (sleutel, groep)
        else:
            assert som == totaal, (sleutel, groep, som, totaal)
    assert set(v["sleutel"]) == set(sp.SLEUTELS)
    return v


# ------------------------------------------------------------------------------------------ echte gegevens
@pytest.mark.echt
def test_echt_gooi_en_vechtstreek(tmp_path):
    if not (ECHT / "bevolking.csv").exists() or not (ECHT / "geo").is_dir():
        pytest.skip(f"echte gegevens ontbreken ({ECHT})")
    nb = _draai("gooi-en-vechtstreek", tmp_path)
    tekst, beelden = _uitvoer(nb)
    assert len(beelden) >= 2, "kaart en grafiek verwacht"
    kaart = Path("/tmp/wz_spreiding_gooi_kaart.png")
    kaart.write_bytes(beelden[0])
    assert beelden[0][:8] == b"\x89PNG\r\n\x1a\n"
    for naam in ("Hilversum", "Laren", "Eemnes", "Gooise Meren", "Wijdemeren", "Blaricum", "Huizen"):
        assert naam in tekst
    assert "stap 10_omvang is nog niet gedraaid" in tekst or "uit de resultaten van stap 10_omvang" in tekst
    assert "geen wijkgrenzen" in tekst
    assert "/work/" not in tekst and str(ROOT) not in tekst  # no local paths in a partner report

    # concentratie of 75+: from the CSV directly
    c = resultaten.lees(tmp_path, STAP, "concentratie")
    o75 = c[c["groep"] == "ouderen_75"].set_index("gemeentecode")
    assert set(o75.index) == set(GOOI)
    aantal = {g: _som(ECHT / "bevolking.csv", g, 2021, 75) for g in GOOI}
    inw = {g: _som(ECHT / "bevolking.csv", g, 2021, 0) for g in GOOI}
    assert aantal["GM0402"] == 8005  # Hilversum, README of the data
    for g in GOOI:
        assert o75.loc[g, "aantal"] == aantal[g]
        verwacht = (aantal[g] / sum(aantal.values())) / (inw[g] / sum(inw.values()))
        assert o75.loc[g, "concentratie_index"] == pytest.approx(verwacht)
    assert o75["concentratie_index"].idxmax() == "GM0417"  # Laren: the oldest gemeente of the regio
    assert "Laren" in tekst and "16,9%" in tekst  # its 75+ share is on the map

    # wijken ranked by share 65+, from wijken.csv directly
    w = resultaten.lees(tmp_path, STAP, "wijken")
    assert set(w["gemeentecode"]) <= set(GOOI) and len(w) > 20
    assert w["aandeel_65_plus"].is_monotonic_decreasing
    with open(ECHT / "wijken.csv", encoding="utf-8") as f:
        rij = next(r for r in csv.DictReader(f) if r["gebiedscode"] == w.iloc[0]["gebiedscode"])
    assert w.iloc[0]["aandeel_65_plus"] == pytest.approx(100 * int(rij["leeftijd_65_plus"]) / int(rij["inwoners"]))

    # no local input: the bouwopgave is divided, lokale kenmerken falls back on inwoners (= naar rato)
    v = _totalen_kloppen(tmp_path)
    assert v["groep"].str.startswith("woonvorm:").all()
    nr = v[v["sleutel"] == sp.NAAR_RATO].set_index(["groep", "gemeentecode"])["toedeling"]
    lk = v[v["sleutel"] == sp.LOKALE_KENMERKEN].set_index(["groep", "gemeentecode"])["toedeling"]
    assert nr.equals(lk)
    s30 = resultaten.lees(tmp_path, STAP, "sociale_huur_30")
    assert s30["status"].str.startswith("onbekend").all()  # no sociale huurvoorraad in the open data
    assert resultaten.lees(tmp_path, STAP, "ruilingen").empty


# ------------------------------------------------------------------------------------------ voorbeeldregio
def _regio_met_ruilingen(tmp_path: Path) -> Path:
    """A copy of the voorbeeldregio params (absolute paths) with a spreiding section and two swaps."""
    ruw = yaml.safe_load((ROOT / "params" / "regios" / "voorbeeldregio.yaml").read_text(encoding="utf-8"))
    ruw["bron"]["map"] = str(ROOT / "data" / "voorbeeld")
    ruw["lokaal"] = str(ROOT / "data" / "voorbeeld" / "lokaal")
    ruw["kengetallen_bestand"] = str(ROOT / "params" / "kengetallen.yaml")
    ruw["spreiding"] = {
        "gewichten": {"sociale_huurvoorraad": 0.3, "mutaties": 0.5, "voorzieningen": 0.2},
        "concentratiestraf": 0.5,
        "ruilingen": [
            {"van": "GM9902", "naar": "GM9903", "aantal": 10, "groep": "statushouders",
             "reden": "Leerhoven heeft een nieuw complex voor statushouders", "sleutel": "naar_rato"},
            {"van": "GM9902", "naar": "GM9906", "aantal": 2, "groep": "medische_urgentie",
             "reden": "compensatie tegen opvangplaatsen"},
        ],
    }
    map_ = tmp_path / "project" / "params" / "regios"
    map_.mkdir(parents=True)
    pad = map_ / "voorbeeld-ruil.yaml"
    pad.write_text(yaml.safe_dump(ruw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pad


def test_voorbeeldregio_met_ruilingen(tmp_path):
    regio = _regio_met_ruilingen(tmp_path)
    uit = tmp_path / "uit"
    nb = _draai(str(regio), uit)
    tekst, beelden = _uitvoer(nb)
    assert len(beelden) == 3  # gemeentekaart, wijkkaart, lastgrafiek
    Path("/tmp/wz_spreiding_voorbeeld_wijken.png").write_bytes(beelden[1])
    assert "Let op: fictieve gegevens" in tekst
    assert "Grootboek van de ruilingen" in tekst
    assert "Leerhoven heeft een nieuw complex voor statushouders" in tekst
    assert "Stroomstad" in tekst and "Heidewoude-Kern" in tekst  # gemeente and wijk names on maps/tables

    v = _totalen_kloppen(uit)
    led = resultaten.lees(uit, STAP, "ruilingen")
    assert len(led) == 1 + 3  # swap 1 under one key, swap 2 under all three
    st = v[(v["sleutel"] == sp.NAAR_RATO) & (v["groep"] == "statushouders")].set_index("gemeentecode")
    assert st.loc["GM9902", "ruiling"] == -10 and st.loc["GM9903", "ruiling"] == 10
    assert (st["toedeling"] == st["toedeling_berekend"] + st["ruiling"]).all()
    # the art. 29 rounding difference is shown
    m = resultaten.lees(uit, STAP, "spreidingsmaten").set_index(["sleutel", "groep"])
    verschil = m.loc[(sp.NAAR_RATO, "statushouders"), "afrondingsverschil"]
    assert 0 <= verschil < 6
    assert int(st["toedeling"].sum()) == int(m.loc[(sp.NAAR_RATO, "statushouders"), "totaal"]) + verschil
    # concentration: Stroomstad (centrumgemeente BW/MO) carries more than its share of uitstroom BW
    c = resultaten.lees(uit, STAP, "concentratie")
    bw = c[c["groep"] == "uitstroom_bw"].set_index("gemeentecode")["concentratie_index"]
    assert bw.idxmax() == "GM9902" and bw["GM9902"] > 1
    meta = resultaten.meta(uit, STAP)
    assert meta["spreiding"]["gewichten"]["mutaties"] == 0.5


def test_ruiling_die_negatief_maakt_faalt_met_nederlandse_melding(tmp_path):
    import papermill as pm

    regio = _regio_met_ruilingen(tmp_path)
    ruw = yaml.safe_load(regio.read_text(encoding="utf-8"))
    ruw["spreiding"]["ruilingen"] = [{"van": "GM9901", "naar": "GM9902", "aantal": 500, "groep": "statushouders",
                                     "reden": "te veel"}]
    regio.write_text(yaml.safe_dump(ruw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(pm.PapermillExecutionError) as e:
        _draai(str(regio), tmp_path / "uit")
    assert "spreiding.ruilingen[0]" in str(e.value) and "negatief" in str(e.value)
