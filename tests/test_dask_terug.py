"""Dask workers without a shared folder (wzlib.dask_terug): what the client sends, what comes back, how it lands.

In one process, without Dask and without a notebook: the worker's step (wzlib.werker.voer_stap_uit) is replaced
by one that reads what the step reads and writes what a step writes, naming its output folder in the notebook
and the state file as papermill does. The round trip through a LocalCluster with the real notebooks is in
tests/test_dask.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wzlib import dask_terug, paden, werker
from wzlib.stappen import MONITORING, PROGNOSE, PROGNOSE_REGIO
from wzlib.toestand import is_gelukt, lees_record, schrijf_record
from wzlib.vingerafdruk import sha_bestand


def _regio(tmp_path) -> Path:
    """A regio folder after the omvang of two gemeenten and a stored regio-wide computation."""
    r = tmp_path / "client" / "outputs" / "demo"
    for gm in ("GM0001", "GM0002"):
        (r / gm / "10_omvang").mkdir(parents=True)
        (r / gm / "10_omvang" / "groepen_omvang.parquet").write_bytes(f"tabel {gm}".encode())
        (r / gm / "10_omvang" / "resultaat.json").write_text("{}", encoding="utf-8")
        (r / gm / "10_omvang.ipynb").write_text("notebook", encoding="utf-8")
        (r / gm / ".10_omvang.vorige").mkdir()  # hidden: never sent
    b = paden.regio_berekening(r, PROGNOSE_REGIO.sleutel) / "abc"
    b.mkdir(parents=True)
    (b / "meta.json").write_text("{}", encoding="utf-8")
    return r


def _opdracht(r: Path, wie: str, stap: str, leest=()) -> dict:
    map_ = r / wie
    return {"map": str(map_), "stap": stap, "parameters": {"regio": "demo", "uitvoer_map": str(map_)},
            "leest": list(leest)}


def _nep_stap(opdracht: dict) -> dict:
    """A step as werker.voer_stap_uit runs it: reads GM0001's omvang, writes notebook, table, state file."""
    map_, nb = Path(opdracht["map"]), opdracht["stap"]
    gelezen = (map_.parent / "GM0001" / "10_omvang" / "groepen_omvang.parquet").read_text()
    nb_pad = paden.notebook_uitvoer(map_, nb)
    nb_pad.write_text(json.dumps({"metadata": {"papermill": {"output_path": str(nb_pad)}},
                                  "cells": [f"uitvoer_map = {opdracht['parameters']['uitvoer_map']!r}", gelezen]}))
    (map_ / nb).mkdir(exist_ok=True)
    (map_ / nb / "vraag.parquet").write_bytes(b"PAR1 nieuw")
    schrijf_record(map_, nb, {"status": "ok", "notebook_sha": sha_bestand(nb_pad), "resultaten": True,
                              "parameters": opdracht["parameters"]})
    return {"status": "ok", "notebook": str(nb_pad), "pid": 1}


def test_pakket_bevat_wat_de_stap_leest(tmp_path):
    r = _regio(tmp_path)
    p = dask_terug.pakket(_opdracht(r, "GM0002", PROGNOSE.notebook, ["GM0002/10_omvang"]))
    assert sorted(p) == ["GM0002/10_omvang/groepen_omvang.parquet", "GM0002/10_omvang/resultaat.json",
                         f"regio/_berekeningen/{PROGNOSE_REGIO.sleutel}/abc/meta.json"]
    assert p["GM0002/10_omvang/groepen_omvang.parquet"] == b"tabel GM0002"
    # the monitoring compares the whole analysis (every state file) with the snapshots
    schrijf_record(r / "GM0001", "10_omvang", {"status": "ok"})
    m = dask_terug.pakket(_opdracht(r, "GM0002", MONITORING.notebook))
    assert "GM0001/10_omvang.fingerprint.json" in m and "GM0002/10_omvang/groepen_omvang.parquet" in m
    assert "GM0001/10_omvang/groepen_omvang.parquet" not in m
    with pytest.raises(dask_terug.TerugFout):
        dask_terug.pakket(_opdracht(r, "GM0002", "20_aanbod", ["../../elders"]))


def test_heen_en_terug_landt_waar_de_lokale_route_schrijft(tmp_path, monkeypatch):
    r = _regio(tmp_path)
    gm = r / "GM0001"
    (gm / "30_prognose").mkdir()
    (gm / "30_prognose" / "oud.parquet").write_bytes(b"oud")
    (gm / "30_prognose.fout.ipynb").write_text("vorige fout")
    opdracht = _opdracht(r, "GM0001", "30_prognose", ["GM0001/10_omvang"])
    pak = dask_terug.pakket(opdracht)
    monkeypatch.setattr(werker, "voer_stap_uit", _nep_stap)
    werkmap = tmp_path / "worker"
    antwoord = dask_terug.voer_uit_prive(opdracht, pak, str(werkmap))
    assert list(werkmap.iterdir()) == []  # the private folder is gone
    assert sorted(antwoord["bestanden"]) == ["GM0001/30_prognose.fingerprint.json", "GM0001/30_prognose.ipynb",
                                             "GM0001/30_prognose/vraag.parquet"]
    assert antwoord["uit"]["notebook"] == str(gm / "30_prognose.ipynb")
    uit = dask_terug.schrijf_terug(opdracht, antwoord)
    assert uit["bytes_terug"] == sum(len(b) for b in antwoord["bestanden"].values())
    nb = json.loads((gm / "30_prognose.ipynb").read_text())
    assert nb["metadata"]["papermill"]["output_path"] == str(gm / "30_prognose.ipynb")
    assert nb["cells"] == [f"uitvoer_map = {str(gm)!r}", "tabel GM0001"]
    assert lees_record(gm, "30_prognose")["parameters"]["uitvoer_map"] == str(gm)
    assert is_gelukt(gm, "30_prognose")  # the hash in the state file is that of the notebook as written here
    assert sorted(p.name for p in (gm / "30_prognose").iterdir()) == ["vraag.parquet"]  # replaced at once
    assert not (gm / "30_prognose.fout.ipynb").exists()
    assert sorted(p.name for p in gm.iterdir() if p.name.startswith(".")) == [".10_omvang.vorige"]


def test_onderbroken_terugschrijven_wordt_hersteld_als_lokaal(tmp_path, monkeypatch):
    """A disk error (or a crash) halfway through the write-back: the next run's repair puts the previous results
    and state back, as after an interrupted local step."""
    r = _regio(tmp_path)
    gm = r / "GM0001"
    (gm / "30_prognose").mkdir()
    (gm / "30_prognose" / "oud.parquet").write_bytes(b"oud")
    (gm / "30_prognose.ipynb").write_text("oud notebook")
    schrijf_record(gm, "30_prognose", {"status": "ok", "notebook_sha": sha_bestand(gm / "30_prognose.ipynb"),
                                       "resultaten": True, "fingerprint": "oud"})
    opdracht = _opdracht(r, "GM0001", "30_prognose", ["GM0001/10_omvang"])
    monkeypatch.setattr(werker, "voer_stap_uit", _nep_stap)
    antwoord = dask_terug.voer_uit_prive(opdracht, dask_terug.pakket(opdracht), str(tmp_path / "worker"))
    echt = paden.atomair_schrijven

    def schijf_vol(pad, schrijf):
        if Path(pad).suffix == ".ipynb":
            raise OSError(28, "No space left on device", str(pad))
        echt(pad, schrijf)

    monkeypatch.setattr(paden, "atomair_schrijven", schijf_vol)
    with pytest.raises(OSError):
        dask_terug.schrijf_terug(opdracht, antwoord)
    monkeypatch.setattr(paden, "atomair_schrijven", echt)
    from wzlib.toestand import ruim_op

    ruim_op(r)
    assert lees_record(gm, "30_prognose")["fingerprint"] == "oud" and is_gelukt(gm, "30_prognose")
    assert sorted(p.name for p in (gm / "30_prognose").iterdir()) == ["oud.parquet"]
    # the next write-back succeeds and leaves no temp folder behind
    dask_terug.schrijf_terug(opdracht, antwoord)
    assert is_gelukt(gm, "30_prognose") and lees_record(gm, "30_prognose")["status"] == "ok"
    assert [p.name for p in gm.iterdir() if p.name.startswith(".")] == []  # (the repair took .10_omvang.vorige)
