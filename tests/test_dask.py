"""``wz run --dask``: the same run on a Dask cluster (wzlib.dask_uitvoer).

The notebook-running tests share one LocalCluster with two worker processes: the synthetic chain with a
failing step (same statuses and Dutch reasons as the local pool) and the demo regio (same outputs, cell by
cell, and the same result tables as the local pool), each through the shared output folder and through the
route without one (the workers run in private temp folders and send their files back, wzlib.dask_terug).
The error cases (an unreachable scheduler, a worker that does not see the shared output folder, a returned
path outside the output folder) are in tests/test_fouten_dask.py.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

import nb_maker as m
from wzlib import batch, dask_terug, dask_uitvoer, momentopname, paden

ROOT = Path(__file__).resolve().parents[1]


def test_dask_wordt_alleen_met_dask_geladen():
    code = ("import sys, wzlib.cli, wzlib.batch, wzlib.dask_uitvoer\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert uit.stdout.strip() == "[]"


# --- on a LocalCluster with two worker processes ---------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    with dask_uitvoer.verbind("local", workers=2, toon=False) as u:
        assert u.aantal(None) == 2
        yield u


def _rijen(res) -> dict:
    return {(r.gemeente, r.stap): (r.status, r.reden, r.foutregel if r.ename else "") for r in res.rijen}


@contextmanager
def _terugsturen(cluster, werkmap: Path):
    """The run on ``cluster`` forced into the route without a shared folder; the workers' private temp folders
    under ``werkmap`` (outside the client's output folder)."""
    cluster.terugsturen, cluster.werkmap = True, str(werkmap)
    try:
        yield
    finally:
        cluster.terugsturen, cluster.werkmap = False, None


def _alles_teruggestuurd(cluster, res, werkmap: Path) -> None:
    """Every step that ran came back over the wire, and the workers left nothing in their temp folders."""
    assert cluster.route == "terugsturen"
    gedraaid = sorted((r.gemeente, r.stap) for r in res.rijen if r.status in ("ok", "fout"))
    assert sorted((wie, stap) for wie, stap, _, _ in cluster.verkeer) == gedraaid
    assert all(terug > 0 for *_, terug in cluster.verkeer)
    assert sorted(p.name for p in werkmap.iterdir()) == ["wz-dask-logs"]


@pytest.mark.notebook
def test_keten_met_fout_geeft_op_dask_dezelfde_statussen_en_redenen(tmp_path, cluster, monkeypatch):
    reg = m.register(("omvang", 1, "gemeente"), ("aanbod", 2, "gemeente", {"leest": ("omvang",)}),
                     ("spreiding", 4, "regio", {"leest": ("omvang",)}),
                     ("confrontatie", 5, "gemeente", {"optioneel": ("omvang",)}))
    p = m.maak_project(tmp_path, reg)
    p.vlag("FAAL", "10_omvang", "GM9002")
    lokaal = p.run(opnieuw=True)
    dask = p.run(opnieuw=True, uitvoerder=cluster)
    assert dask.exitcode == lokaal.exitcode == 1
    assert _rijen(dask) == _rijen(lokaal)
    reden = _rijen(dask)
    assert reden[("GM9002", "10_omvang")][0] == "fout"
    assert reden[("GM9002", "10_omvang")][2] == "ValueError: Opzettelijke testfout in 10_omvang"
    assert reden[("regio", "40_spreiding")][:2] == (
        "overgeslagen", "Stap 1 – Omvang ontbreekt of is mislukt voor Bé-dorp (GM9002)")
    assert reden[("GM9001", "20_aanbod")][0] == "ok"
    gedraaid = {r.worker_pid for r in dask.rijen if r.status in ("ok", "fout")}
    assert len(gedraaid) == 2 and not gedraaid & {r.worker_pid for r in lokaal.rijen}
    # the run's files are as after a local run: run.csv, the failed notebook beside the kept folder
    assert [r["status"] for r in batch.lees_run_csv(paden.run_csv(p.regio_map))] == [r.status for r in dask.rijen]
    assert (p.regio_map / "GM9002" / "10_omvang.fout.ipynb").is_file()
    # without a shared folder: the same statuses and reasons, the same files
    voor = sorted(q.relative_to(p.regio_map) for q in p.regio_map.rglob("*") if "logs" not in q.parts)
    werkmap = tmp_path / "workers"
    pakket = dask_terug.pakket

    def met_vlaggen(opdracht):  # the test notebooks' hooks (FAAL_...) lie in the regio folder: they travel along
        return pakket(opdracht) | {v.name: v.read_bytes() for v in p.regio_map.glob("FAAL_*")}

    monkeypatch.setattr(dask_terug, "pakket", met_vlaggen)
    with _terugsturen(cluster, werkmap):
        terug = p.run(opnieuw=True, uitvoerder=cluster)
    assert terug.exitcode == 1 and _rijen(terug) == _rijen(lokaal)
    _alles_teruggestuurd(cluster, terug, werkmap)
    assert sorted(q.relative_to(p.regio_map) for q in p.regio_map.rglob("*") if "logs" not in q.parts) == voor


def _vergelijker():
    spec = importlib.util.spec_from_file_location("vergelijk_resultaten", ROOT / "bench" / "vergelijk_resultaten.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _demo_op_dask(demo2_warm, cluster, tmp_path):
    """The session's local run of the demo regio with two gemeenten (every step, warm kernels, the local pool)
    against the same run on the cluster, into its own folder."""
    regio = m.demo_twee_gemeenten(tmp_path, ROOT)
    uit = tmp_path / "outputs"
    kw = {"workers": 2, "uitvoer_root": uit, "toon_voortgang": False, "notebooks_map": ROOT / "notebooks"}
    lokaal = demo2_warm
    dask = batch.run(regio, uitvoerder=cluster, **kw)
    assert dask.exitcode == 0, dask.tabel()
    assert len({r.worker_pid for r in dask.rijen}) == 2
    assert [(r.gemeente, r.stap, r.status) for r in dask.rijen] == [r[:3] for r in lokaal.rijen]

    kopie = lokaal.uitvoer / "demo2"
    notebooks = sorted(p.relative_to(kopie) for p in kopie.glob("*/*.ipynb"))
    assert len(notebooks) == len(dask.rijen)
    assert notebooks == sorted(p.relative_to(uit / "demo2") for p in (uit / "demo2").glob("*/*.ipynb"))
    tabellen = sorted(kopie.rglob("*.parquet"))
    assert any(paden.REGIO in p.relative_to(kopie).parts[:1] for p in tabellen)
    # every result table equal value for value, every notebook's outputs equal cell by cell (dates masked);
    # not the snapshots of the run history (each run made its own)
    verschillen = _vergelijker().vergelijk(kopie, uit / "demo2")
    assert [v for v in verschillen if not v.startswith(momentopname.MAP + "/")] == []
    return dask


@pytest.mark.notebook
def test_demo_regio_op_dask_geeft_dezelfde_uitvoer_als_lokaal(demo2_warm, cluster, tmp_path):
    _demo_op_dask(demo2_warm, cluster, tmp_path)
    assert cluster.route == "gedeeld"


@pytest.mark.notebook
def test_demo_regio_op_dask_zonder_gedeelde_map_geeft_dezelfde_uitvoer(demo2_warm, cluster, tmp_path):
    werkmap = tmp_path / "workers"
    with _terugsturen(cluster, werkmap):
        dask = _demo_op_dask(demo2_warm, cluster, tmp_path)
    _alles_teruggestuurd(cluster, dask, werkmap)
