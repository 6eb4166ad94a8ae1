"""Batch runner (wzlib.batch, wzlib.toestand, wzlib.werker): validation, scheduling by what a step reads,
fingerprints, resume, failures and interrupted runs.

Uses a real small project (tests/nb_maker.py: a regio yaml with an import-format source, the kengetallen
file, synthetic step notebooks) and a test registry of real ``Stap`` objects; kernels are started only in
the tests marked ``notebook``. Each kernel start costs ~2 s here, so the scenarios are kept small.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import verbied_kernels

import nb_maker as m
from wzlib import batch, paden, stappen, toestand, vingerafdruk, werker
from wzlib.fouten import ParamsFout, WzFout
from wzlib.params import Gemeente, laad_regio

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def _status(res: batch.RunResultaat) -> dict[tuple[str, str], str]:
    return {(r.gemeente, r.stap): r.status for r in res.rijen}


def _csv_status(p: m.Project) -> dict[tuple[str, str], str]:
    return {(r["gemeente"], r["stap"]): r["status"] for r in batch.lees_run_csv(p.regio_map / "run.csv")}


def _sha(pad: Path) -> str:
    return vingerafdruk.sha_bestand(pad)


def _half_geschreven(regio_map: Path) -> list[Path]:
    return [p for p in regio_map.rglob("*") if p.name.endswith(".tmp.ipynb") or p.name.endswith(".vorige")
            or (p.suffix == ".tmp")]


# --- validation: everything is checked before a kernel starts ----------------------------------------


@pytest.fixture
def klein(tmp_path, monkeypatch):
    reg = m.register(("omvang", 1, "gemeente"), ("spreiding", 4, "regio", {"leest": ("omvang",)}))
    p = m.maak_project(tmp_path, reg)
    verbied_kernels(monkeypatch)
    return p


@pytest.mark.parametrize("kw, fout, tekst", [
    ({"gemeenten": ["GM0000"]}, batch.OnbekendeGemeente, "Gemeente 'GM0000' hoort niet bij regio 'Testregio'"),
    ({"gemeenten": "GM9001,Onbekendstad"}, batch.OnbekendeGemeente, "Onbekendstad"),
    ({"stappen": ["99_bestaatniet"]}, batch.OnbekendeStap, "Kies uit: omvang (10_omvang), spreiding (40_spreiding)"),
    ({"parameters": {"onbekend": 1}}, batch.OnbekendeParameter, "Onbekende parameter 'onbekend'"),
    ({"parameters": {"peiljaar": "2024"}}, batch.OnbekendeParameter, "verwacht int"),
    ({"parameters": {"peiljaar": True}}, batch.OnbekendeParameter, "verwacht int"),
    ({"parameters": {"gemeente": "GM9001"}}, batch.OnbekendeParameter, "zet de batch zelf"),
    ({"workers": 0}, batch.BatchFout, "minstens 1"),
])
def test_ongeldige_invoer_stopt_voor_een_kernel_start(klein, kw, fout, tekst):
    with pytest.raises(fout) as e:
        klein.run(**kw)
    assert isinstance(e.value, WzFout)
    assert tekst in str(e.value)
    assert not klein.regio_map.exists()  # nothing written either


@pytest.mark.parametrize("sectie", [
    "afscherming: {drempel_kwetsbar: 10}", "prognose: {horizont: 20}", "spreiding: {concentratiestraff: 0.5}",
    "spreiding: {ruilingen: [{van: GM9001, naar: GM9002, aantal: 2, groep: statushouders, reden: x, sleutle: x}]}",
    "confrontatie: {partners: [{naam: X, sort: corporatie}]}", "kengetallen: {verpleegzrog: {'85-89': {midden: 0.1}}}",
    "groepen: [statushouder]",
])
def test_tikfout_in_regiobestand_stopt_voor_een_kernel_start(tmp_path, monkeypatch, sectie):
    p = m.maak_project(tmp_path, m.register(("omvang", 1, "gemeente")), extra_yaml=sectie + "\n")
    verbied_kernels(monkeypatch)
    with pytest.raises(ParamsFout) as e:
        p.run()
    tekst = str(e.value)
    assert tekst.startswith(f"{p.regio_yaml}: 1 fout(en):")
    sleutel = sectie.split(":")[0]
    assert f"- {sleutel}" in tekst and ("bedoelde u" in tekst or "bedoelde u:" in tekst)
    assert not p.regio_map.exists()


def test_ontbrekende_notebook_van_een_stap_wordt_genoemd(klein):
    (klein.notebooks / "40_spreiding.ipynb").unlink()
    with pytest.raises(batch.BatchFout, match="Notebook 40_spreiding.ipynb van Stap 4 – Spreiding ontbreekt"):
        klein.run(stappen="omvang")
    assert not klein.regio_map.exists()


def test_notebook_zonder_parametercel_wordt_geweigerd(klein):
    nbformat.write(m.notebook(["x = 1"]), klein.notebooks / "40_spreiding.ipynb")
    with pytest.raises(batch.OnbekendeParameter, match="geen cel met tag 'parameters'"):
        klein.run()


def test_onleesbare_parameterregel_wordt_genoemd(klein):
    nb = m.notebook([("params", m.GEMEENTE_PARAMS + "\nextra: int = 1  # a = b")])
    nbformat.write(nb, klein.notebooks / "10_omvang.ipynb")
    with pytest.raises(batch.OnbekendeParameter, match="niet lezen"):
        klein.run(stappen="10", parameters={"extra": 2})


def test_stappen_en_gemeenten_kiezen(klein):
    gevonden = batch.vind_stappen(klein.notebooks, klein.register)
    assert [s.naam for s in gevonden] == ["10_omvang", "40_spreiding"]
    assert [s.stap.per_regio for s in gevonden] == [False, True]
    assert set(gevonden[0].parameters) == {"regio", "gemeente", "peiljaar", "uitvoer_map"}
    for keuze in ("10", "omvang", "10_omvang", ["10_omvang.ipynb"]):
        assert [s.naam for s in batch.kies_stappen(gevonden, keuze)] == ["10_omvang"]
    assert len(batch.kies_stappen(gevonden, "10,40")) == 2
    alle = [Gemeente("GM9001", "Aastad"), Gemeente("GM9002", "Bé-dorp")]
    assert batch.kies_gemeenten(alle, ["gm9001"], "r") == [alle[0]]
    assert batch.kies_gemeenten(alle, ["bé-dorp"], "r") == [alle[1]]
    assert batch.kies_gemeenten(alle, None, "r") == alle


def test_voorbereiden_leidt_taken_af_uit_het_register(klein):
    rp, gemeenten, alle, gekozen, taken, regio_map = batch.voorbereiden(
        klein.regio_yaml, notebooks_map=klein.notebooks, uitvoer_root=klein.uitvoer, register=klein.register)
    assert gemeenten == klein.gemeenten  # resolved against the import folder
    assert regio_map == klein.regio_map and not regio_map.exists()
    assert set(taken) == {("GM9001", "10_omvang"), ("GM9002", "10_omvang"), ("regio", "40_spreiding")}
    t = taken[("GM9001", "10_omvang")]
    assert t.parameters == {"regio": "testregio", "gemeente": "GM9001", "uitvoer_map": str(regio_map / "GM9001")}
    assert "gemeente" not in taken[("regio", "40_spreiding")].parameters
    # the regio step reads a gemeente table: it waits for that step of every gemeente (one entry each)
    deps = taken[("regio", "40_spreiding")].deps
    assert sorted((d.wie, d.stap.sleutel, d.verplicht) for d in deps) == [
        ("GM9001", "omvang", True), ("GM9002", "omvang", True)]
    assert taken[("GM9001", "10_omvang")].deps == []
    # a selection of gemeenten still waits for every gemeente of the regio
    _, _, _, _, taken2, _ = batch.voorbereiden(klein.regio_yaml, gemeenten="Aastad", notebooks_map=klein.notebooks,
                                               uitvoer_root=klein.uitvoer, register=klein.register)
    assert set(taken2) == {("GM9001", "10_omvang"), ("regio", "40_spreiding")}
    assert {d.wie for d in taken2[("regio", "40_spreiding")].deps} == {"GM9001", "GM9002"}


def test_afhankelijkheden_volgen_uit_wat_een_stap_leest():
    reg = m.register(
        ("omvang", 1, "gemeente"),
        ("aanbod", 2, "gemeente", {"leest": ("omvang",)}),
        ("spreiding", 4, "regio", {"leest": ("aanbod",), "optioneel": ("omvang",)}),
        ("confrontatie", 5, "gemeente", {"leest": ("spreiding",), "optioneel": ("aanbod",)}),
    )
    codes = ["GM9001", "GM9002"]

    def deps(sleutel, wie):
        return {(d.wie, d.stap.sleutel, d.verplicht) for d in stappen.afhankelijkheden(
            reg[sleutel], wie, codes, paden.REGIO, reg)}

    assert deps("omvang", "GM9001") == set()
    assert deps("aanbod", "GM9002") == {("GM9002", "omvang", True)}  # the same gemeente only
    assert deps("spreiding", paden.REGIO) == {(g, s, v) for g in codes for s, v in (("aanbod", True),
                                                                                    ("omvang", False))}
    assert deps("confrontatie", "GM9001") == {(paden.REGIO, "spreiding", True), ("GM9001", "aanbod", False)}
    # not by number: a step numbered later that reads nothing depends on nothing
    los = m.register(("omvang", 1, "gemeente"), ("extra", 9, "gemeente"))
    assert stappen.afhankelijkheden(los["extra"], "GM9001", codes, paden.REGIO, los) == []


def test_echte_stappen_lezen_en_invoer():
    """The real registry: inputs per step, and reads that make the dependencies."""
    S = stappen.STAPPEN
    assert "kengetallen" in S["prognose"].invoer and "kengetallen" not in S["omvang"].invoer
    assert "reacties" in S["confrontatie"].invoer and "reacties" not in S["prognose"].invoer
    codes = ["GM9901", "GM9902"]
    spreiding = stappen.afhankelijkheden(S["spreiding"], paden.REGIO, codes, paden.REGIO)
    assert {(d.wie, d.stap.sleutel) for d in spreiding} == {(g, s) for g in codes
                                                           for s in ("omvang", "aanbod", "prognose")}
    conf = {d.stap.sleutel: d for d in stappen.afhankelijkheden(S["confrontatie"], "GM9901", codes, paden.REGIO)}
    assert conf["spreiding"].wie == paden.REGIO and not conf["spreiding"].verplicht  # verdeling is optional
    assert conf["prognose"].wie == "GM9901" and conf["prognose"].verplicht
    assert {d.verplicht for d in stappen.afhankelijkheden(S["confrontatie_regio"], paden.REGIO, codes,
                                                          paden.REGIO)} == {False}


def test_vingerafdruk_per_stap_uit_zijn_eigen_secties(tmp_path):
    """A change under confrontatie: changes the confrontatie steps' parameter hash only."""
    p = m.maak_project(tmp_path, m.register(("omvang", 1, "gemeente")))
    rp = laad_regio(p.regio_yaml)
    voor = {k: vingerafdruk.parameter_hash(rp, s) for k, s in stappen.STAPPEN.items()}
    p.regio_yaml.write_text(p.regio_yaml.read_text() + "confrontatie: {norm_urgentie_aandeel: 0.25}\n")
    rp2 = laad_regio(p.regio_yaml)
    na = {k: vingerafdruk.parameter_hash(rp2, s) for k, s in stappen.STAPPEN.items()}
    assert {k for k in voor if voor[k] != na[k]} == {"confrontatie", "confrontatie_regio"}
    p.regio_yaml.write_text(p.regio_yaml.read_text() + "afscherming: {drempel_kwetsbaar: 15}\n")
    rp3 = laad_regio(p.regio_yaml)
    assert all(vingerafdruk.parameter_hash(rp3, s) != na[k] for k, s in stappen.STAPPEN.items())  # every step


# --- fingerprints follow the wzlib modules a notebook imports ----------------------------------------------


def test_notebook_modules_van_de_echte_notebooks():
    for s in stappen.STAPPEN.values():
        mods = vingerafdruk.notebook_modules(NOTEBOOKS / f"{s.notebook}.ipynb")
        assert "wzlib" in mods and "wzlib.analyse" in mods, s.notebook
        assert not {"wzlib.cli", "wzlib.batch", "wzlib.werker", "wzlib.publiceren"} & set(mods), s.notebook
    assert "wzlib.omvang" in vingerafdruk.notebook_modules(NOTEBOOKS / "10_omvang.ipynb")
    assert "wzlib.prognose" in vingerafdruk.notebook_modules(NOTEBOOKS / "30_prognose.ipynb")


def test_alleen_modules_die_een_notebook_importeert_veranderen_zijn_vingerafdruk(tmp_path, monkeypatch):
    """Editing cli.py (imported by no notebook) changes no step fingerprint; editing a module a notebook
    imports changes that notebook's fingerprint (on a temp copy of the package, never the real source)."""
    kopie = tmp_path / "wzlib"
    shutil.copytree(vingerafdruk.PAKKET, kopie, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(vingerafdruk, "PAKKET", kopie)
    nbs = {s.notebook: NOTEBOOKS / f"{s.notebook}.ipynb" for s in stappen.STAPPEN.values()}

    def hashes() -> dict[str, str]:
        return {n: vingerafdruk.modules_hash(vingerafdruk.notebook_modules(p)) for n, p in nbs.items()}

    begin = hashes()
    # notebooks that import different modules get different hashes (a gemeente step and its regio edition may
    # import the same ones)
    sluitingen = {n: frozenset(vingerafdruk.notebook_modules(p)) for n, p in nbs.items()}
    assert len(set(begin.values())) == len(set(sluitingen.values()))
    for naam in ("cli.py", "batch.py", "werker.py", "publiceren.py"):
        with open(kopie / naam, "a", encoding="utf-8") as f:
            f.write("\n# gewijzigd door de test\n")
    assert hashes() == begin
    # a module only 10_omvang imports (directly or through others)
    gebruikers = {n for n, p in nbs.items() if "wzlib.omvang_tekst" in vingerafdruk.notebook_modules(p)}
    assert "10_omvang" in gebruikers
    with open(kopie / "omvang_tekst.py", "a", encoding="utf-8") as f:
        f.write("\n# gewijzigd door de test\n")
    na = hashes()
    assert {n for n in nbs if na[n] != begin[n]} == gebruikers
    # a module every notebook uses (through wzlib.analyse)
    with open(kopie / "paden.py", "a", encoding="utf-8") as f:
        f.write("\n# gewijzigd door de test\n")
    assert all(hashes()[n] != na[n] for n in nbs)
    # a new import adds the imported module to the closure
    with open(kopie / "omvang_tekst.py", "a", encoding="utf-8") as f:
        f.write("\nfrom . import cli  # noqa\n")
    assert "wzlib.cli" in vingerafdruk.notebook_modules(nbs["10_omvang"])


# --- the worker ------------------------------------------------------------------------------------------


def test_kernelstartfouten_worden_herkend():
    import zmq
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    assert werker.is_kernel_startfout(RuntimeError("Kernel didn't respond in 120 seconds"))
    assert werker.is_kernel_startfout(DeadKernelError("Kernel died"))
    assert werker.is_kernel_startfout(zmq.ZMQError(98, "Address already in use"))
    assert not werker.is_kernel_startfout(PapermillExecutionError(1, 1, "x", "ValueError", "kapot", []))
    assert not werker.is_kernel_startfout(CellTimeoutError("timeout"))
    assert not werker.is_kernel_startfout(ValueError("iets anders"))


def _opdracht(tmp_path, nb_pad) -> dict:
    return {"notebook": str(nb_pad), "map": str(tmp_path / "uit" / "GM9001"), "stap": "10_omvang",
            "parameters": {"gemeente": "GM9001"}, "kernel": "woonzorganalyse", "fingerprint": "abc",
            "onderdelen": {}, "cwd": str(tmp_path)}


def test_kernelstart_wordt_een_keer_herhaald(tmp_path, monkeypatch):
    nb_pad = tmp_path / "10_omvang.ipynb"
    nbformat.write(m.notebook([("params", "gemeente: str = ''")]), nb_pad)
    pogingen = []

    def nep_execute(invoer, uitvoer, parameters, kernel_name, cwd, start_timeout, execution_timeout, **kw):
        pogingen.append(kernel_name)
        assert start_timeout == werker.START_TIMEOUT == 120
        assert execution_timeout == werker.EXECUTION_TIMEOUT == 600
        assert parameters == {"gemeente": "GM9001"} and cwd == str(tmp_path)
        assert kw["metadata"]["woonzorganalyse"]["pogingen"] == len(pogingen)
        if len(pogingen) == 1:
            Path(uitvoer).write_text("half")
            raise RuntimeError("Kernel didn't respond in 120 seconds")
        nbformat.write(m.notebook(["1"]), uitvoer)

    monkeypatch.setattr(werker, "voer_uit_warm", nep_execute)
    uit = werker.voer_stap_uit(_opdracht(tmp_path, nb_pad))
    assert uit["status"] == "ok" and uit["pogingen"] == 2
    map_ = tmp_path / "uit" / "GM9001"
    assert (map_ / "10_omvang.ipynb").exists()
    rec = toestand.lees_record(map_, "10_omvang")
    assert rec["status"] == "ok" and rec["notebook_sha"] == _sha(map_ / "10_omvang.ipynb")
    assert toestand.is_gelukt(map_, "10_omvang")
    assert not list(map_.glob(".*tmp*"))


@pytest.mark.parametrize("koud", [False, True], ids=["warm", "koud"])
def test_notebookfout_wordt_niet_herhaald(tmp_path, monkeypatch, koud):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from wzlib.nbuitvoer import NotebookFout

    nb_pad = tmp_path / "10_omvang.ipynb"
    nbformat.write(m.notebook([("params", "gemeente: str = ''")]), nb_pad)
    pogingen = []

    def nep_execute(invoer, uitvoer, **kw):
        pogingen.append(1)
        nbformat.write(m.notebook(["1"]), uitvoer)
        soort = PapermillExecutionError if koud else NotebookFout
        raise soort(1, 2, "raise KeyError", "KeyError", "'bevolking'", [])

    if koud:
        monkeypatch.setattr(papermill, "execute_notebook", nep_execute)
    else:
        monkeypatch.setattr(werker, "voer_uit_warm", lambda invoer, uitvoer, *a, **kw: nep_execute(invoer, uitvoer))
    uit = werker.voer_stap_uit(_opdracht(tmp_path, nb_pad) | {"koude_kernels": koud})
    assert uit["status"] == "fout" and len(pogingen) == 1
    assert (uit["ename"], uit["evalue"]) == ("KeyError", "'bevolking'")
    map_ = tmp_path / "uit" / "GM9001"
    assert (map_ / "10_omvang.fout.ipynb").exists() and not (map_ / "10_omvang.ipynb").exists()
    assert not toestand.is_gelukt(map_, "10_omvang")


def test_herstel_na_onderbreking_zet_vorige_resultaten_terug(tmp_path):
    """What a killed worker leaves (record 'bezig', previous results aside, a temp notebook) is repaired:
    the previous good notebook and results come back, as if the run never started."""
    map_ = tmp_path / "GM9001"
    res = paden.resultaat_map(map_, "10_omvang")
    res.mkdir(parents=True)
    (res / "omvang_uit.parquet").write_text("oud")
    nb = paden.notebook_uitvoer(map_, "10_omvang")
    nb.write_text("goed")
    goed = {"status": "ok", "notebook_sha": _sha(nb), "resultaten": True, "fingerprint": "f1"}
    toestand.schrijf_record(map_, "10_omvang", goed | {"status": "bezig", "vorige": goed,
                                                       "resultaten_verplaatst": True})
    res.rename(paden.vorige_resultaten(map_, "10_omvang"))
    res.mkdir()
    (res / "omvang_uit.parquet").write_text("half")
    paden.notebook_tijdelijk(map_, "10_omvang", "abcd1234").write_text("half")
    toestand.ruim_op(tmp_path)
    assert toestand.lees_record(map_, "10_omvang") == goed
    assert (res / "omvang_uit.parquet").read_text() == "oud"
    assert toestand.is_gelukt(map_, "10_omvang") and not _half_geschreven(tmp_path)
    # a first run that was killed: its partial results go, the step is marked onderbroken
    map2 = tmp_path / "GM9002"
    res2 = paden.resultaat_map(map2, "10_omvang")
    res2.mkdir(parents=True)
    (res2 / "omvang_uit.parquet").write_text("half")
    toestand.schrijf_record(map2, "10_omvang", {"status": "bezig", "vorige": None, "resultaten_verplaatst": False})
    toestand.ruim_op(tmp_path)
    assert not res2.exists() and toestand.lees_record(map2, "10_omvang")["status"] == toestand.ONDERBROKEN


def test_regioslot_laat_een_run_tegelijk_toe(tmp_path):
    with toestand.RegioSlot(tmp_path, "run"):
        with pytest.raises(toestand.RunBezig, match="Er loopt al een run of publicatie"):
            with toestand.RegioSlot(tmp_path, "publicatie"):
                pass
    with toestand.RegioSlot(tmp_path, "publicatie"):
        pass  # released


# --- real runs ----------------------------------------------------------------------------------------


@pytest.mark.notebook
def test_run_hervatten_en_kengetallen(tmp_path, monkeypatch, capsys):
    p = m.maak_project(tmp_path, m.keten_register())
    res = p.run(workers=99, toon_voortgang=True)
    assert res.workers == batch.aantal_cores()  # capped at the number of cores
    assert res.exitcode == 0, res.tabel()
    gemeentestappen = ("10_omvang", "20_aanbod", "30_prognose", "50_confrontatie")
    verwacht = {(g, s): "ok" for g in ("GM9001", "GM9002") for s in gemeentestappen}
    verwacht[("regio", "40_spreiding")] = "ok"
    assert _status(res) == verwacht
    assert _csv_status(p) == verwacht
    for (g, s) in verwacht:
        map_ = p.regio_map / g
        assert (map_ / f"{s}.ipynb").is_file()
        assert (map_ / s / "resultaat.json").is_file()
        rec = json.loads((map_ / f"{s}.fingerprint.json").read_text())
        assert rec["status"] == "ok" and rec["notebook_sha"] == _sha(map_ / f"{s}.ipynb")
        # the fingerprint covers the wzlib modules this notebook imports (none: plain pandas)
        assert rec["onderdelen"]["wzlib"] == vingerafdruk.modules_hash(
            vingerafdruk.notebook_modules(p.notebooks / f"{s}.ipynb"))
        nb = nbformat.read(map_ / f"{s}.ipynb", as_version=4)
        assert rec["kernel"] == nb.metadata.woonzorganalyse.kernel == "woonzorganalyse"
        assert nb.metadata.papermill.parameters["uitvoer_map"] == str(map_)
        assert nb.metadata.papermill.parameters["regio"] == "testregio"
        assert nb.metadata.papermill.output_path == str(map_ / f"{s}.ipynb")
    # the dependencies held: spreiding read prognose of both gemeenten, confrontatie its own prognose
    # and the regio table of spreiding
    assert pd.read_parquet(p.regio_map / "regio/40_spreiding/spreiding_uit.parquet")["gelezen"].tolist() == [2]
    assert pd.read_parquet(p.regio_map / "GM9001/50_confrontatie/confrontatie_uit.parquet")["gelezen"].tolist() == [2]
    regels = (p.regio_map / "run.csv").read_text(encoding="utf-8").splitlines()
    assert regels[0].startswith("gemeente;gemeentenaam;stap;status;duur_s")
    uit = capsys.readouterr().out
    assert "GM9002 Bé-dorp" in uit and "9 ok" in uit
    assert not _half_geschreven(p.regio_map)

    # resume: everything up to date, no kernel or worker started
    with monkeypatch.context() as mp:
        verbied_kernels(mp, kernelspec=False)
        res2 = p.run()
    assert set(_status(res2).values()) == {"actueel"} and res2.exitcode == 0
    assert set(_csv_status(p).values()) == {"actueel"}
    assert {r.reden for r in res2.rijen} == {"invoer ongewijzigd"}

    # a kengetallen change reruns the step that uses the kengetallen and the steps reading its results;
    # omvang and aanbod (which read nothing of prognose) stay up to date
    kg = p.kengetallen.read_text(encoding="utf-8")
    assert "    midden: 0.018\n" in kg
    p.kengetallen.write_text(kg.replace("    midden: 0.018\n", "    midden: 0.019\n", 1), encoding="utf-8")
    res3 = p.run(workers=1)  # one worker from here on: what is tested is which steps run, not in parallel
    st = _status(res3)
    assert {k: v for k, v in st.items() if k[1] in ("10_omvang", "20_aanbod")} == {
        (g, s): "actueel" for g in ("GM9001", "GM9002") for s in ("10_omvang", "20_aanbod")}
    assert {v for k, v in st.items() if k[1] not in ("10_omvang", "20_aanbod")} == {"ok"}
    reden = {(r.gemeente, r.stap): r.reden for r in res3.rijen}
    assert reden[("GM9001", "30_prognose")] == "gewijzigd: kengetallen"
    assert "30_prognose" in reden[("regio", "40_spreiding")]  # reran because what it reads changed

    # a change in a section of the regio file only prognose uses: prognose and its readers again
    p.regio_yaml.write_text(p.regio_yaml.read_text() + "prognose: {horizon: 15}\n", encoding="utf-8")
    st = _status(p.run(workers=1))
    assert {k[1] for k, v in st.items() if v == "ok"} == {"30_prognose", "40_spreiding", "50_confrontatie"}

    # --opnieuw with a selection forces just that
    res4 = p.run(stappen="10", gemeenten="Aastad", opnieuw=True, workers=1)
    assert _status(res4) == {("GM9001", "10_omvang"): "ok"}
    assert res4.rijen[0].reden == "opnieuw (--opnieuw)"


def _fout_register():
    return m.register(
        ("omvang", 1, "gemeente"),
        ("aanbod", 2, "gemeente", {"leest": ("omvang",)}),
        ("spreiding", 4, "regio", {"leest": ("omvang",)}),
        ("confrontatie", 5, "gemeente", {"optioneel": ("omvang",)}),
    )


@pytest.mark.notebook
def test_fout_slaat_lezers_over_en_bewaart_vorige_uitvoer(tmp_path):
    p = m.maak_project(tmp_path, _fout_register())
    assert p.run(gemeenten=["GM9002"], stappen=["10"]).exitcode == 0
    goed = p.regio_map / "GM9002" / "10_omvang.ipynb"
    sha_goed = _sha(goed)
    meta_goed = (p.regio_map / "GM9002/10_omvang/resultaat.json").read_text()

    p.vlag("FAAL", "10_omvang", "GM9002")
    res = p.run(opnieuw=True, workers=1)  # one worker: the statuses and what is kept do not depend on parallelism
    assert res.exitcode == 1
    assert _status(res) == {("GM9001", "10_omvang"): "ok", ("GM9001", "20_aanbod"): "ok",
                            ("GM9001", "50_confrontatie"): "ok",
                            ("GM9002", "10_omvang"): "fout", ("GM9002", "20_aanbod"): "overgeslagen",
                            ("GM9002", "50_confrontatie"): "ok",  # an optional read does not skip
                            ("regio", "40_spreiding"): "overgeslagen"}  # waits for every gemeente
    assert _csv_status(p) == _status(res)
    reden = {(r.gemeente, r.stap): r.reden for r in res.rijen}
    assert reden[("GM9002", "20_aanbod")] == "Stap 1 – Omvang ontbreekt of is mislukt voor Bé-dorp (GM9002)"
    assert reden[("regio", "40_spreiding")] == "Stap 1 – Omvang ontbreekt of is mislukt voor Bé-dorp (GM9002)"
    fout = res.fouten[0]
    assert fout.foutregel == "ValueError: Opzettelijke testfout in 10_omvang"
    tabel = res.tabel()
    assert "ValueError: Opzettelijke testfout in 10_omvang" in tabel
    assert "Overgeslagen:" in tabel and "GM9002 Bé-dorp · 20_aanbod: Stap 1 – Omvang ontbreekt" in tabel
    map_ = p.regio_map / "GM9002"
    assert _sha(goed) == sha_goed  # previous good notebook kept
    assert (map_ / "10_omvang/resultaat.json").read_text() == meta_goed  # and its results
    fnb = nbformat.read(map_ / "10_omvang.fout.ipynb", as_version=4)
    assert fnb.metadata.papermill.exception is True
    assert not (map_ / "20_aanbod.ipynb").exists()
    rec = toestand.lees_record(map_, "10_omvang")
    assert rec["status"] == "fout" and rec["laatste_ok"]["notebook_sha"] == sha_goed
    assert not _half_geschreven(p.regio_map)

    # fixed: the failed gemeente reruns with its readers, the other one is up to date
    p.vlag("FAAL", "10_omvang", "GM9002", aan=False)
    res2 = p.run(workers=1)
    assert _status(res2) == {("GM9001", "10_omvang"): "actueel", ("GM9001", "20_aanbod"): "actueel",
                             ("GM9001", "50_confrontatie"): "actueel",
                             ("GM9002", "10_omvang"): "ok", ("GM9002", "20_aanbod"): "ok",
                             ("GM9002", "50_confrontatie"): "ok",  # its optional input is back
                             ("regio", "40_spreiding"): "ok"}
    assert not (map_ / "10_omvang.fout.ipynb").exists()


@pytest.mark.notebook
def test_ontbrekende_verplichte_invoer_van_eerdere_run(tmp_path):
    """A step run on its own whose required input was never made is skipped with the gemeente named."""
    p = m.maak_project(tmp_path, _fout_register())
    res = p.run(stappen="aanbod", gemeenten="GM9001")
    assert _status(res) == {("GM9001", "20_aanbod"): "overgeslagen"}
    assert res.rijen[0].reden == "Stap 1 – Omvang ontbreekt of is mislukt voor Aastad (GM9001)"
    assert res.exitcode == 1


_SUBPROCES = m.BATCH_SUBPROCES  # one batch run in its own process (for kill -9)


@pytest.mark.notebook
def test_onderbroken_run_laat_niets_halfs_achter(tmp_path):
    """SIGKILL on the whole run (main process and workers) while GM9001 executes and GM9002 is done."""
    p = m.maak_project(tmp_path, m.register(("omvang", 1, "gemeente")))
    assert p.run(workers=1).exitcode == 0
    map1, map2 = p.regio_map / "GM9001", p.regio_map / "GM9002"
    sha_oud = {g: _sha(p.regio_map / g / "10_omvang.ipynb") for g in ("GM9001", "GM9002")}
    res_oud = (map1 / "10_omvang" / "omvang_uit.parquet").read_bytes()
    fp_oud = toestand.lees_record(map2, "10_omvang")["fingerprint"]
    m.schrijf_invoer(p.invoer, m.STANDAARD_GEMEENTEN, (101, 201))  # new source data: a new fingerprint
    p.vlag("SLAAP", "10_omvang", "GM9001")

    script = tmp_path / "run_sub.py"
    script.write_text(textwrap.dedent(_SUBPROCES).format(
        tests=str(Path(__file__).parent), yaml=str(p.regio_yaml), nbs=str(p.notebooks), uit=str(p.uitvoer)))
    proc = subprocess.Popen([sys.executable, str(script)], start_new_session=True, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        eind = time.monotonic() + 90
        klaar = False
        while time.monotonic() < eind and proc.poll() is None:
            r1 = toestand.lees_record(map1, "10_omvang") or {}
            r2 = toestand.lees_record(map2, "10_omvang") or {}
            # GM9001 is executing (its notebook sleeps; papermill writes the temp notebook only at the end)
            klaar = (r1.get("status") == "bezig" and r2.get("status") == "ok" and r2.get("fingerprint") != fp_oud)
            if klaar:
                break
            time.sleep(0.2)
        stand = (toestand.lees_record(map1, "10_omvang"), toestand.lees_record(map2, "10_omvang"),
                 sorted(x.name for x in p.regio_map.rglob("*")))
        assert proc.poll() is None, f"run stopte voordat hij kon worden onderbroken: {stand}"
        assert klaar, f"de run kwam niet op het punt om te onderbreken: {stand}"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    time.sleep(2)  # orphaned kernels exit when they notice their parent is gone

    # GM9001 was running: its previous good notebook is intact, nothing looks finished that is not
    assert _sha(map1 / "10_omvang.ipynb") == sha_oud["GM9001"]
    assert not (map1 / "10_omvang.fout.ipynb").exists()
    assert toestand.lees_record(map1, "10_omvang")["status"] == "bezig"
    assert not toestand.is_gelukt(map1, "10_omvang")
    # GM9002 finished before the kill: its new notebook is committed
    assert _sha(map2 / "10_omvang.ipynb") != sha_oud["GM9002"] and toestand.is_gelukt(map2, "10_omvang")

    # publishing repairs the folders first and publishes only complete, successful notebooks
    p.publiceer()
    assert not _half_geschreven(p.regio_map)
    assert toestand.is_gelukt(map1, "10_omvang")  # restored to the previous good run
    assert (map1 / "10_omvang" / "omvang_uit.parquet").read_bytes() == res_oud  # with its results
    assert len(list((p.regio_map / "html").glob("*.html"))) == 2

    p.vlag("SLAAP", "10_omvang", "GM9001", aan=False)
    res = p.run()
    assert res.exitcode == 0, res.tabel()
    assert _status(res) == {("GM9001", "10_omvang"): "ok", ("GM9002", "10_omvang"): "actueel"}
    assert not _half_geschreven(p.regio_map)


def test_geheugenmeter_telt_eigen_geheugen_zonder_bestandspaginas(tmp_path):
    """The worker's memory meter: the peak of worker + children in RSS, and without the file-backed pages
    (RSS minus shared): a child that allocates 150 MB raises both; the file pages (interpreter, libraries) are
    in the first only."""
    import subprocess
    import sys
    import time

    from wzlib import werker

    klaar = tmp_path / "klaar"
    kind = subprocess.Popen([sys.executable, "-c", "import pathlib, sys, time\nb = bytearray(150 * 2**20)\n"
                             "pathlib.Path(sys.argv[1]).write_text('x')\ntime.sleep(30)", str(klaar)])
    meter = werker._Geheugenmeter()
    try:
        eind = time.monotonic() + 20
        while not klaar.exists():
            assert time.monotonic() < eind, "het kindproces start niet"
            time.sleep(0.05)
        meter.start()
        time.sleep(0.5)
    finally:
        meter.stop.set()
        meter.join(5)
        kind.kill()
        kind.wait()
    mb = 2**20
    assert meter.piek_kinderen >= 150 * mb
    assert 150 * mb <= meter.piek_eigen
    assert meter.piek - meter.piek_eigen >= 5 * mb  # the interpreters' and libraries' own file pages
