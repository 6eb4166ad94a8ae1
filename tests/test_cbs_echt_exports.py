"""The ``cbs`` source's registry mappings checked against real CBS exports (../shared/data/cbs, see
PROVENANCE-2.md): the recorded rows of 82900NED, 85171NED and 85173NED are served in the CBS OData shape
by the loopback server (tests/odata_server.py) with their real dimension and topic names, fetched with
the real code path (``cbs.haal_op``) and converted with the registry. Skipped when the exports are absent."""

from __future__ import annotations

from pathlib import Path

import pytest
from odata_server import CbsServer, cbsodata_naar, export_tabel

from wzlib.bronnen import cbs, cbs_tabellen

CBS = Path(__file__).resolve().parents[2] / "shared" / "data" / "cbs"
WONINGEN = CBS / "woningvoorraad_eigendom_82900ned" / "82900NED.csv"
PROGNOSE = CBS / "regionale_prognose_cbs_pbl"
TOTAAL = ("Totale bevolking", "x 1 000")


def _haal(tabel, codes, tmp_path, **kw):
    server = CbsServer({tabel.id.lower(): tabel}).start()
    try:
        with cbsodata_naar(server.host):
            return cbs.haal_op(tabel.id, codes, cache_dir=tmp_path, **kw)
    finally:
        server.stop()


@pytest.mark.echt
def test_82900ned_echte_export(tmp_path):
    if not WONINGEN.exists():
        pytest.skip(f"export ontbreekt ({WONINGEN})")
    t = export_tabel(WONINGEN, "82900NED", cbs_tabellen.REGISTRY["82900ned"].titel, "RegioS",
                     {"Nederland": "NL01", "Hilversum": "GM0402", "Gooise Meren": "GM1942"},
                     {"TotaleWoningvoorraad_1": ("Totale woningvoorraad", "aantal"),
                      "Koopwoningen_2": ("Koopwoningen", "aantal"),
                      "TotaalHuurwoningen_3": ("Totaal huurwoningen", "aantal"),
                      "EigendomWoningcorporatie_4": ("Eigendom woningcorporatie", "aantal"),
                      "EigendomOverigeVerhuurders_5": ("Eigendom overige verhuurders", "aantal"),
                      "EigendomOnbekend_6": ("Eigendom onbekend", "aantal")})
    rows, meta = _haal(t, ["GM0402", "GM1942"], tmp_path, peiljaar=2021)
    assert set(rows["StatusVanBewoning"].map(meta["dimensies"]["StatusVanBewoning"].get)) == {
        "Totaal", "Bewoonde woningen"}  # the export holds both: the converter must take the total
    won = cbs_tabellen.converteer("82900NED", rows, meta)["woningen"].set_index("gemeentecode")
    assert set(won["jaar"]) == {2021}  # the latest year <= peiljaar
    assert won.loc["GM0402", "woningvoorraad"] == 42979  # PROVENANCE-2.md: Hilversum 1 januari 2021
    assert won.loc["GM0402", "corporatie_pct"] == 29.8  # 12,826 / 42,979
    assert won.loc["NL00", "woningvoorraad"] == 7966331  # Nederland, 1 januari 2021 (export)
    rows24, meta24 = _haal(t, ["GM0402", "GM1942"], tmp_path / "2024", peiljaar=2024)
    w24 = cbs_tabellen.converteer("82900NED", rows24, meta24)["woningen"].set_index("gemeentecode")
    assert w24.loc["GM0402", "woningvoorraad"] == 43792 and w24.loc["GM1942", "woningvoorraad"] == 27705
    assert w24.loc["GM1942", "corporatie_pct"] == 21.4


@pytest.mark.echt
def test_85171ned_en_85173ned_echte_export(tmp_path):
    if not (PROGNOSE / "85171NED.csv").exists():
        pytest.skip(f"export ontbreekt ({PROGNOSE})")
    r71 = cbs_tabellen.REGISTRY["85171ned"]
    t = export_tabel(PROGNOSE / "85171NED.csv", r71.id, r71.titel, r71.regio_dimensie,
                     {"Nederland": "NL01", "Hilversum": "GM0402", "Gooise Meren": "GM1942"},
                     {"TotaleBevolking_1": TOTAAL})
    rows, meta = _haal(t, ["GM0402", "GM1942", "GM0317"], tmp_path)  # Eemnes: below 50,000, not in the table
    tot = cbs_tabellen.converteer("85171NED", rows, meta)["prognose_totalen"]
    p = tot.set_index(["gemeentecode", "jaar"])["bevolking"]
    assert (p[("GM0402", 2030)], p[("GM0402", 2040)]) == (100900, 108900)  # x 1 000 converted to persons
    assert (p[("GM1942", 2030)], p[("GM1942", 2040)]) == (59200, 59100)
    assert set(tot["variant"]) == {"midden"} and set(tot["gemeentecode"]) == {"GM0402", "GM1942"}

    r73 = cbs_tabellen.REGISTRY["85173ned"]
    t = export_tabel(PROGNOSE / "85173NED.csv", r73.id, r73.titel, r73.regio_dimensie,
                     {"Nederland": "NL01", "Amersfoort": "GM0307"}, {"TotaleBevolking_1": TOTAAL})
    rows, meta = _haal(t, ["GM0307"], tmp_path / "73")
    prog = cbs_tabellen.converteer("85173NED", rows, meta)["85173ned"]
    a = prog[prog["gemeentecode"] == "GM0307"].set_index(["jaar", "variant"])["bevolking"]
    assert (a[(2030, "laag")], a[(2030, "midden")], a[(2030, "hoog")]) == (162700, 166400, 170100)
    assert a[(2040, "midden")] == 174000
    assert set(prog.loc[prog["variant"] != "midden", "interval"]) == {"67%"}
