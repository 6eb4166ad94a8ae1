"""Batch runner (wzlib.batch): validation, scheduling, resume, failures and interrupted runs.

Uses small synthetic notebooks (tests/nb_maker.py) and a fake regio; kernels are started only in the
tests marked ``notebook``. Each kernel start costs ~2 s here, so the scenarios are kept small.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

import nb_maker as m
from wzlib import batch
from wzlib.fouten import WzFout


def _project(tmp_path, monkeypatch, notebooks, **kw) -> m.Project:
    p = m.maak_project(tmp_path, notebooks, **kw)
    m.installeer_nep_params(monkeypatch, p.map)
    # other people edit wzlib while these tests run; its hash is tested on its own below
    monkeypatch.setattr(batch, "wzlib_hash", lambda: "wzlib-test")
    return p


def _run(p: m.Project, **kw) -> batch.RunResultaat:
    kw.setdefault("workers", 2)
    kw.setdefault("toon_voortgang", False)
    return batch.run(p.regio.slug, notebooks_map=p.notebooks, uitvoer_root=p.uitvoer, **kw)


def _status(res: batch.RunResultaat) -> dict[tuple[str, str], str]:
    return {(r.gemeente, r.stap): r.status for r in res.rijen}


def _csv_status(p: m.Project) -> dict[tuple[str, str], str]:
    return {(r["gemeente"], r["stap"]): r["status"] for r in batch.lees_run_csv(p.regio_map / "run.csv")}


def _sha(pad: Path) -> str:
    return batch.sha_bestand(pad)


def _geen_kernels(monkeypatch):
    def verboden(*a, **k):
        raise AssertionError("er is een kernel/werkproces gestart")

    monkeypatch.setattr(batch, "maak_pool", verboden)


def _half_geschreven(regio_map: Path) -> list[Path]:
    return [p for p in regio_map.rglob("*") if p.name.endswith(".tmp.ipynb") or p.name.endswith(".vorige")
            or (p.suffix == ".tmp")]


# --- validation: everything is checked before a kernel starts ----------------------------------------


@pytest.fixture
def klein(tmp_path, monkeypatch):
    p = _project(tmp_path, monkeypatch, {
        "10_omvang": m.stap_notebook("10_omvang"),
        "40_spreiding": m.stap_notebook("40_spreiding", per_regio=True),
    })
    _geen_kernels(monkeypatch)
    return p


@pytest.mark.parametrize("kw, fout, tekst", [
    ({"gemeenten": ["GM0000"]}, batch.OnbekendeGemeente, "hoort niet bij regio 'Testregio'"),
    ({"gemeenten": "GM9001,Onbekendstad"}, batch.OnbekendeGemeente, "Onbekendstad"),
    ({"stappen": ["99_bestaatniet"]}, batch.OnbekendeStap, "Kies uit: 10_omvang, 40_spreiding"),
    ({"parameters": {"onbekend": 1}}, batch.OnbekendeParameter, "Onbekende parameter 'onbekend'"),
    ({"parameters": {"peiljaar": "2024"}}, batch.OnbekendeParameter, "verwacht int"),
    ({"parameters": {"gemeente": "GM9001"}}, batch.OnbekendeParameter, "zet de batch zelf"),
    ({"workers": 0}, batch.BatchFout, "minstens 1"),
])
def test_ongeldige_invoer_stopt_voor_een_kernel_start(klein, kw, fout, tekst):
    with pytest.raises(fout) as e:
        _run(klein, **kw)
    assert isinstance(e.value, WzFout)
    assert tekst in str(e.value)
    assert not klein.regio_map.exists()  # nothing written either


def test_notebook_zonder_parametercel_wordt_geweigerd(klein):
    nbformat.write(m.notebook(["x = 1"]), klein.notebooks / "20_aanbod.ipynb")
    with pytest.raises(batch.OnbekendeParameter, match="geen cel met tag 'parameters'"):
        _run(klein)


def test_onleesbare_parameterregel_wordt_genoemd(klein):
    nb = m.notebook([("params", m.GEMEENTE_PARAMS + "\nextra: int = 1  # a = b")])
    nbformat.write(nb, klein.notebooks / "20_aanbod.ipynb")
    with pytest.raises(batch.OnbekendeParameter, match="niet lezen"):
        _run(klein, stappen="20", parameters={"extra": 2})


def test_stappen_kiezen_op_nummer_naam_of_volledig(klein):
    stappen = batch.vind_stappen(klein.notebooks)
    assert [s.naam for s in stappen] == ["10_omvang", "40_spreiding"]
    assert [s.per_regio for s in stappen] == [False, True]
    for keuze in ("10", "omvang", "10_omvang", ["10_omvang.ipynb"]):
        assert [s.naam for s in batch.kies_stappen(stappen, keuze)] == ["10_omvang"]
    assert len(batch.kies_stappen(stappen, "10,40")) == 2
    assert batch.kies_gemeenten([("GM9001", "Aastad")], ["gm9001"], "r") == [("GM9001", "Aastad")]
    assert batch.kies_gemeenten([("GM9001", "Aastad")], ["aastad"], "r") == [("GM9001", "Aastad")]


def test_invoer_per_stap_tabel():
    assert "kengetallen" not in batch.invoer_categorieen("10_omvang")
    assert "kengetallen" in batch.invoer_categorieen("30_prognose")
    assert "kengetallen" in batch.invoer_categorieen("35_nieuw")
    assert batch.invoer_categorieen("15_nieuw") == batch.BASIS
    assert "reacties" in batch.invoer_categorieen("50_confrontatie")
    assert "reacties" not in batch.invoer_categorieen("30_prognose")


def test_reviewbladen_van_partners_zijn_een_eigen_invoercategorie():
    from wzlib.params import invoer_bestanden, laad_regio

    b = invoer_bestanden(laad_regio("voorbeeldregio"))
    assert b["reacties"] and all(p.parent.name == "partners" for p in b["reacties"])
    andere = {p for cat, paden in b.items() if cat != "reacties" for p in paden}
    assert not andere & set(b["reacties"])


def test_wzlib_hash_volgt_de_broncode(tmp_path, monkeypatch):
    import wzlib

    h = batch.wzlib_hash()
    assert len(h) == 64 and h == batch.wzlib_hash()
    monkeypatch.setattr(batch, "__file__", str(tmp_path / "wzlib" / "batch.py"))
    (tmp_path / "wzlib").mkdir()
    (tmp_path / "wzlib" / "a.py").write_text("x = 1\n")
    h1 = batch.wzlib_hash()
    (tmp_path / "wzlib" / "a.py").write_text("x = 2\n")
    assert batch.wzlib_hash() != h1
    monkeypatch.setattr(wzlib, "__version__", "9.9")
    assert batch.wzlib_hash() != h1


def test_kernelstartfouten_worden_herkend():
    import zmq
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    assert batch.is_kernel_startfout(RuntimeError("Kernel didn't respond in 120 seconds"))
    assert batch.is_kernel_startfout(DeadKernelError("Kernel died"))
    assert batch.is_kernel_startfout(zmq.ZMQError(98, "Address already in use"))
    assert not batch.is_kernel_startfout(PapermillExecutionError(1, 1, "x", "ValueError", "kapot", []))
    assert not batch.is_kernel_startfout(CellTimeoutError("timeout"))
    assert not batch.is_kernel_startfout(ValueError("iets anders"))


def _opdracht(tmp_path, nb_pad) -> dict:
    return {"notebook": str(nb_pad), "map": str(tmp_path / "uit" / "GM9001"), "stap": "10_omvang",
            "parameters": {"gemeente": "GM9001"}, "kernel": "woonzorganalyse", "fingerprint": "abc",
            "onderdelen": {}, "cwd": str(tmp_path)}


def test_kernelstart_wordt_een_keer_herhaald(tmp_path, monkeypatch):
    import papermill

    nb_pad = tmp_path / "10_omvang.ipynb"
    nbformat.write(m.notebook([("params", "gemeente: str = ''")]), nb_pad)
    pogingen = []

    def nep_execute(invoer, uitvoer, **kw):
        pogingen.append(kw["kernel_name"])
        assert kw["start_timeout"] == 120 and kw["execution_timeout"] == 600
        assert kw["progress_bar"] is False and kw["log_output"] is False
        if len(pogingen) == 1:
            Path(uitvoer).write_text("half")
            raise RuntimeError("Kernel didn't respond in 120 seconds")
        nbformat.write(m.notebook(["1"]), uitvoer)

    monkeypatch.setattr(papermill, "execute_notebook", nep_execute)
    uit = batch.voer_stap_uit(_opdracht(tmp_path, nb_pad))
    assert uit["status"] == "ok" and uit["pogingen"] == 2
    map_ = tmp_path / "uit" / "GM9001"
    assert (map_ / "10_omvang.ipynb").exists()
    assert batch.lees_record(map_, "10_omvang")["status"] == "ok"
    assert not list(map_.glob(".*tmp*"))


def test_notebookfout_wordt_niet_herhaald(tmp_path, monkeypatch):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    nb_pad = tmp_path / "10_omvang.ipynb"
    nbformat.write(m.notebook([("params", "gemeente: str = ''")]), nb_pad)
    pogingen = []

    def nep_execute(invoer, uitvoer, **kw):
        pogingen.append(1)
        nbformat.write(m.notebook(["1"]), uitvoer)
        raise PapermillExecutionError(1, 2, "raise KeyError", "KeyError", "'bevolking'", [])

    monkeypatch.setattr(papermill, "execute_notebook", nep_execute)
    uit = batch.voer_stap_uit(_opdracht(tmp_path, nb_pad))
    assert uit["status"] == "fout" and len(pogingen) == 1
    assert (uit["ename"], uit["evalue"]) == ("KeyError", "'bevolking'")
    map_ = tmp_path / "uit" / "GM9001"
    assert (map_ / "10_omvang.fout.ipynb").exists() and not (map_ / "10_omvang.ipynb").exists()


# --- real runs ----------------------------------------------------------------------------------------


@pytest.mark.notebook
def test_run_hervatten_en_kengetallen(tmp_path, monkeypatch, capsys):
    p = _project(tmp_path, monkeypatch, {
        "10_omvang": m.stap_notebook("10_omvang"),
        "30_prognose": m.stap_notebook("30_prognose", leest="10_omvang"),
        "40_spreiding": m.stap_notebook("40_spreiding", per_regio=True, leest="30_prognose"),
        "50_confrontatie": m.stap_notebook("50_confrontatie", leest="30_prognose", regio_leest="40_spreiding"),
    })
    res = _run(p, workers=99, toon_voortgang=True)
    assert res.workers == batch.aantal_cores()  # capped at the number of cores
    assert res.exitcode == 0, res.tabel()
    verwacht = {(g, s): "ok" for g in ("GM9001", "GM9002") for s in ("10_omvang", "30_prognose",
                                                                      "50_confrontatie")}
    verwacht[("regio", "40_spreiding")] = "ok"
    assert _status(res) == verwacht
    assert _csv_status(p) == verwacht
    for (g, s) in verwacht:
        map_ = p.regio_map / g
        assert (map_ / f"{s}.ipynb").is_file()
        assert (map_ / s / "resultaat.json").is_file()
        rec = json.loads((map_ / f"{s}.fingerprint.json").read_text())
        assert rec["status"] == "ok" and rec["notebook_sha"] == _sha(map_ / f"{s}.ipynb")
        nb = nbformat.read(map_ / f"{s}.ipynb", as_version=4)
        assert rec["kernel"] == nb.metadata.woonzorganalyse.kernel == "woonzorganalyse"
        assert nb.metadata.papermill.parameters["uitvoer_map"] == str(map_)
        assert nb.metadata.papermill.output_path == str(map_ / f"{s}.ipynb")
    # 50 read the per-regio result of 40 (which read 30 of both gemeenten): dependency order held
    import pandas as pd

    assert pd.read_parquet(p.regio_map / "GM9001/50_confrontatie/tabel.parquet")["aantal"].iloc[0] == 1234 + 1 + 1
    regels = (p.regio_map / "run.csv").read_text(encoding="utf-8").splitlines()
    assert regels[0].startswith("gemeente;gemeentenaam;stap;status;duur_s")
    uit = capsys.readouterr().out
    assert "GM9002 Bé-dorp" in uit and "7 ok" in uit
    assert not _half_geschreven(p.regio_map)

    # resume: everything up to date, no kernel or worker started
    with monkeypatch.context() as mp:
        _geen_kernels(mp)
        res2 = _run(p)
    assert set(_status(res2).values()) == {"actueel"} and res2.exitcode == 0
    assert set(_csv_status(p).values()) == {"actueel"}

    # a kengetallen change reruns prognose and what follows, not omvang
    (p.map / "invoer" / "kengetallen.yaml").write_text("intramuraal_pct: 5.0\n", encoding="utf-8")
    res3 = _run(p)
    st = _status(res3)
    assert st[("GM9001", "10_omvang")] == st[("GM9002", "10_omvang")] == "actueel"
    assert {st[k] for k in st if k[1] != "10_omvang"} == {"ok"}
    assert "kengetallen" in next(r.reden for r in res3.rijen if r.stap == "30_prognose")

    # --opnieuw with a selection forces just that
    res4 = _run(p, stappen="10", gemeenten="Aastad", opnieuw=True)
    assert _status(res4) == {("GM9001", "10_omvang"): "ok"}


@pytest.mark.notebook
def test_fout_slaat_latere_stappen_over_en_bewaart_vorige_uitvoer(tmp_path, monkeypatch):
    p = _project(tmp_path, monkeypatch, {
        "10_omvang": m.stap_notebook("10_omvang"),
        "20_aanbod": m.stap_notebook("20_aanbod", leest="10_omvang"),
    })
    assert _run(p, gemeenten=["GM9002"], stappen=["10"]).exitcode == 0
    goed = p.regio_map / "GM9002" / "10_omvang.ipynb"
    sha_goed = _sha(goed)
    meta_goed = (p.regio_map / "GM9002/10_omvang/resultaat.json").read_text()

    p.vlag("FAAL", "10_omvang", "GM9002")
    res = _run(p, opnieuw=True)
    assert res.exitcode == 1
    assert _status(res) == {("GM9001", "10_omvang"): "ok", ("GM9001", "20_aanbod"): "ok",
                            ("GM9002", "10_omvang"): "fout", ("GM9002", "20_aanbod"): "overgeslagen"}
    assert _csv_status(p) == _status(res)
    fout = res.fouten[0]
    assert fout.foutregel == "ValueError: Opzettelijke testfout in 10_omvang"
    assert "ValueError: Opzettelijke testfout in 10_omvang" in res.tabel()
    map_ = p.regio_map / "GM9002"
    assert _sha(goed) == sha_goed  # previous good notebook kept
    assert (map_ / "10_omvang/resultaat.json").read_text() == meta_goed  # and its results
    fnb = nbformat.read(map_ / "10_omvang.fout.ipynb", as_version=4)
    assert fnb.metadata.papermill.exception is True
    assert not (map_ / "20_aanbod.ipynb").exists()
    rec = batch.lees_record(map_, "10_omvang")
    assert rec["status"] == "fout" and rec["laatste_ok"]["notebook_sha"] == sha_goed
    assert not _half_geschreven(p.regio_map)

    # fixed: the failed gemeente reruns, the other one is up to date
    p.vlag("FAAL", "10_omvang", "GM9002", aan=False)
    res2 = _run(p)
    assert _status(res2) == {("GM9001", "10_omvang"): "actueel", ("GM9001", "20_aanbod"): "actueel",
                             ("GM9002", "10_omvang"): "ok", ("GM9002", "20_aanbod"): "ok"}
    assert not (map_ / "10_omvang.fout.ipynb").exists()


_SUBPROCES = """
import sys
sys.path.insert(0, {tests!r})
import nb_maker
nb_maker.installeer_nep_params(None, {project!r})
from wzlib import batch
batch.wzlib_hash = lambda: "wzlib-test"
if __name__ == "__main__":
    res = batch.run("testregio", notebooks_map={nbs!r}, uitvoer_root={uit!r}, workers=2, opnieuw=True,
                    toon_voortgang=False)
    sys.exit(res.exitcode)
"""


@pytest.mark.notebook
def test_onderbroken_run_laat_niets_halfs_achter(tmp_path, monkeypatch):
    """SIGKILL on the whole run (main process and workers) while GM9001 executes and GM9002 is done."""
    from wzlib import publiceren

    p = _project(tmp_path, monkeypatch, {"10_omvang": m.stap_notebook("10_omvang")})
    assert _run(p).exitcode == 0
    map1, map2 = p.regio_map / "GM9001", p.regio_map / "GM9002"
    sha_oud = {g: _sha(p.regio_map / g / "10_omvang.ipynb") for g in ("GM9001", "GM9002")}
    fp_oud = batch.lees_record(map2, "10_omvang")["fingerprint"]
    (p.map / "invoer" / "bron" / "bevolking.csv").write_text("gemeentecode;aantal\nGM9001;101\n")
    p.vlag("SLAAP", "10_omvang", "GM9001")

    script = tmp_path / "run_sub.py"
    script.write_text(textwrap.dedent(_SUBPROCES).format(
        tests=str(Path(__file__).parent), project=str(p.map), nbs=str(p.notebooks), uit=str(p.uitvoer)))
    proc = subprocess.Popen([sys.executable, str(script)], start_new_session=True, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        eind = time.monotonic() + 90
        klaar = False
        while time.monotonic() < eind and proc.poll() is None:
            r1, r2 = batch.lees_record(map1, "10_omvang") or {}, batch.lees_record(map2, "10_omvang") or {}
            # GM9001 is executing (its notebook sleeps; papermill writes the temp notebook only at the end)
            klaar = (r1.get("status") == "bezig" and r2.get("status") == "ok" and r2.get("fingerprint") != fp_oud)
            if klaar:
                break
            time.sleep(0.2)
        toestand = (batch.lees_record(map1, "10_omvang"), batch.lees_record(map2, "10_omvang"),
                    sorted(x.name for x in p.regio_map.rglob("*")))
        assert proc.poll() is None, f"run stopte voordat hij kon worden onderbroken: {toestand}"
        assert klaar, f"de run kwam niet op het punt om te onderbreken: {toestand}"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    time.sleep(2)  # orphaned kernels exit when they notice their parent is gone

    # GM9001 was running: its previous good notebook is intact, nothing looks finished that is not
    assert _sha(map1 / "10_omvang.ipynb") == sha_oud["GM9001"]
    assert not (map1 / "10_omvang.fout.ipynb").exists()
    assert batch.lees_record(map1, "10_omvang")["status"] == "bezig"
    # GM9002 finished before the kill: its new notebook is committed
    assert _sha(map2 / "10_omvang.ipynb") != sha_oud["GM9002"] and batch.is_gelukt(map2, "10_omvang")

    # publishing repairs the folders first and publishes only complete, successful notebooks
    publiceren.publiceer(p.regio.slug, uitvoer_root=p.uitvoer)
    assert not _half_geschreven(p.regio_map)
    assert batch.is_gelukt(map1, "10_omvang")  # restored to the previous good run
    assert len(list((p.regio_map / "html").glob("*.html"))) == 2

    p.vlag("SLAAP", "10_omvang", "GM9001", aan=False)
    res = _run(p)
    assert res.exitcode == 0, res.tabel()
    assert _status(res) == {("GM9001", "10_omvang"): "ok", ("GM9002", "10_omvang"): "actueel"}
    assert not _half_geschreven(p.regio_map)
