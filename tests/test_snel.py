"""Speed work of issue 14 that needs no notebook run: the fictional country of bench/bench_land.py, the
single read of a review sheet's values and the frozen heap of a warm kernel."""

from __future__ import annotations

import gc
import importlib.util
import json
import sys
from pathlib import Path

import openpyxl
import pandas as pd

from wzlib import land
from wzlib.bronnen.xlsx import formules_zonder_waarde

ROOT = Path(__file__).resolve().parents[1]


def _fictief_land():
    spec = importlib.util.spec_from_file_location("fictief_land", ROOT / "bench" / "fictief_land.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fictief_land", mod)
    spec.loader.exec_module(mod)
    return mod


def test_fictief_land_heeft_per_kopie_een_deelregio_met_eigen_codes_en_namen(tmp_path):
    landbestand = _fictief_land().maak_land(tmp_path / "land", kopieen=3)
    _, instellingen, deel = land.lees_land(landbestand)
    assert [len(d.codes) for d in deel] == [6, 6, 6]
    codes = [c for d in deel for c in d.codes]
    assert len(set(codes)) == 18 and "GM0001" in codes and "GM0206" in codes
    data = Path(instellingen["bron"]["map"])
    g = pd.read_csv(data / "gemeenten.csv", dtype=str)
    assert g["gemeentenaam"].is_unique and set(g["gemeentecode"]) == set(codes)
    # every gemeente has the demo's rows: a copy differs only in codes and names
    bev = pd.read_csv(data / "bevolking.csv", dtype={"gemeentecode": str})
    per = bev.groupby("gemeentecode")["aantal"].sum()
    assert per["GM0003"] == per["GM0103"] == per["GM0203"] and (bev["gemeentecode"] == "NL00").sum() == 60
    wijken = pd.read_csv(data / "wijken.csv", dtype=str)
    assert wijken["gebiedscode"].is_unique and wijken["gebiedscode"].str[2:4].isin(["00", "01", "02"]).all()
    geo = json.loads((data / "geo" / "gemeenten.geojson").read_text(encoding="utf-8"))
    assert sorted(f["properties"]["gemeentecode"] for f in geo["features"]) == sorted(codes)
    assert not (data / "lokaal").exists()  # a land file has no lokale invoer (like nederland.yaml)


def test_formules_zonder_waarde_met_al_gelezen_waarden_geeft_hetzelfde(tmp_path):
    pad = tmp_path / "blad.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Reactie"
    ws.append(["id", "correctie"])
    ws.append(["a", "=1+2"])  # openpyxl stores no value for a formula: a formula without a stored value
    ws.append(["b", 4])
    wb.create_sheet("Ander").append(["=3*3"])
    wb.save(pad)
    alles = formules_zonder_waarde(pad)
    assert alles == {"Reactie": [(2, 2, "=1+2")], "Ander": [(1, 1, "=3*3")]}
    lees = openpyxl.load_workbook(pad, read_only=True, data_only=True)
    rijen = list(lees["Reactie"].iter_rows(values_only=True))
    lees.close()
    # with the values already read: the same finding for that sheet, other sheets are not looked at
    assert formules_zonder_waarde(pad, {"Reactie": rijen}) == {"Reactie": alles["Reactie"]}


def test_opwarmen_bevriest_de_warme_heap_en_herstel_ruimt_notebookafval_op():
    from wzlib import warm

    try:
        warm.opwarmen(tekenen=False)
        assert gc.get_freeze_count() > 0

        class Kring:
            pass

        a, b = Kring(), Kring()
        a.b, b.a = b, a  # a cycle made after warming (by a notebook): not frozen, so collected
        del a, b
        warm.herstel()
        assert not any(type(o).__name__ == "Kring" for o in gc.get_objects())
    finally:
        gc.unfreeze()
