"""Shared test fixtures. Tests never touch the internet.

``demo_uitvoer`` and ``echt_uitvoer`` run the whole analysis (every registered step, every gemeente) once
per test session, into a temp folder shared by the xdist workers (a file lock makes the second worker wait
for the first); tests that change something copy the folder first (``kopie_van``). Likewise, once per
session: ``demo_gepubliceerd`` (the demo run published, partner edition) and ``demo2_warm`` (a warm-kernel
run of the demo regio with two gemeenten, the reference for the cold-kernel and Dask comparisons).

The full runs start in the background at the start of the session (one process per run the selected
tests need, see tests/gedeelde_runs.py). ``pytest_collection_modifyitems`` puts the slow notebook tests
first (those that need no run ahead) and the short tests last; ``make test`` hands the tests out one at a
time (``--maxschedchunk 1``), so both workers end together. Only the order changes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pytest

import gedeelde_runs

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ECHT = SHARED / "data" / "echt"

os.environ.setdefault("WZ_PROJECT", str(ROOT))


@pytest.fixture(scope="session")
def echt_map() -> Path:
    """The real CBS figures in the import format (../shared/data/echt); skip when absent."""
    if not (ECHT / "bevolking.csv").exists():
        pytest.skip(f"echte gegevens ontbreken ({ECHT})")
    return ECHT


@pytest.fixture(scope="session")
def echt(echt_map):
    """All of ../shared/data/echt loaded through the import format (once per session)."""
    from wzlib.bronnen.invoer import lees_map

    return lees_map(echt_map)


def _basis(tmp_path_factory) -> Path:
    """The session's temp folder shared by the xdist workers."""
    basis = tmp_path_factory.getbasetemp()
    return basis.parent if os.environ.get("PYTEST_XDIST_WORKER") else basis


def gedeeld(tmp_path_factory, naam: str, maak) -> Path:
    """Folder ``naam`` made once per session by ``maak(folder)`` (shared by the xdist workers: the first
    worker makes it under a file lock, the others wait and reuse it). Read only for the tests."""
    try:
        return gedeelde_runs.gedeeld(_basis(tmp_path_factory), naam, maak)
    except gedeelde_runs.BouwFout as e:
        pytest.fail(str(e))


def _gedeelde_run(tmp_path_factory, naam: str) -> Path:
    return gedeeld(tmp_path_factory, naam, gedeelde_runs.RUNS[naam][1])


@pytest.fixture(scope="session", autouse=True)
def _gedeelde_runs_vooraf(request, tmp_path_factory):
    """Start the shared runs the selected tests need in the background, at the start of the session (see
    tests/gedeelde_runs.py); at the end, wait for a run still being made (then stop it after 10 minutes)."""
    procs = gedeelde_runs.start_vooraf(_basis(tmp_path_factory), gedeelde_runs.nodig(request.session.items))
    yield
    for proc in procs:
        try:
            proc.wait(timeout=600)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def pytest_collection_modifyitems(config, items):
    """The notebook tests first, the short tests last; within each, the tests that need no shared run ahead of
    those that read one (see gedeelde_runs.volgorde)."""
    items[:] = gedeelde_runs.volgorde(items)


@pytest.fixture(scope="session")
def demo_uitvoer(tmp_path_factory) -> Path:
    """``outputs`` folder of a full run of the fictional voorbeeldregio (read only: copy before changing)."""
    return _gedeelde_run(tmp_path_factory, "run-voorbeeldregio") / "outputs"


@pytest.fixture(scope="session")
def echt_uitvoer(tmp_path_factory, echt_map) -> Path:
    """``outputs`` folder of a full run of Gooi en Vechtstreek on the real data (read only)."""
    return _gedeelde_run(tmp_path_factory, "run-gooi-en-vechtstreek") / "outputs"


@pytest.fixture(scope="session")
def demo_gepubliceerd(demo_uitvoer, tmp_path_factory) -> Path:
    """``outputs`` folder of a copy of the demo run published once per session (``wz publish``, partner
    edition, as ``make run`` does); ``publicatie.json`` beside it lists the reports the publish made.
    Read only: copy before changing or publishing again."""
    from wzlib import publiceren

    def maak(doel: Path) -> None:
        kopie_van(demo_uitvoer, doel / "outputs")
        pub = publiceren.publiceer_regio("voorbeeldregio", doel / "outputs")
        (doel / "publicatie.json").write_text(json.dumps({"gemaakt": [str(p) for p in pub.gemaakt]}),
                                              encoding="utf-8")

    return gedeeld(tmp_path_factory, "publicatie-voorbeeldregio", maak) / "outputs"


@dataclass(frozen=True)
class Demo2Run:
    """A finished ``wz run`` of the demo regio with two gemeenten (``nb_maker.demo_twee_gemeenten``) in warm
    kernels on the local pool: ``map`` holds ``params/regios/demo2.yaml`` and ``outputs/``; ``rijen`` is
    the run's result per notebook in run order (gemeente, stap, status, worker pid)."""

    map: Path
    rijen: tuple[tuple[str, str, str, int | None], ...]

    @property
    def regio(self) -> Path:
        return self.map / "params" / "regios" / "demo2.yaml"

    @property
    def uitvoer(self) -> Path:
        return self.map / "outputs"


@pytest.fixture(scope="session")
def demo2_warm(tmp_path_factory) -> Demo2Run:
    """The demo regio with two gemeenten, every step, run once per session with warm kernels and 2 workers
    (the default ``wz run``). Read only: a test that compares another way of running with it runs into its
    own folder."""
    doel = _gedeelde_run(tmp_path_factory, "run-demo2")
    rijen = json.loads((doel / "rijen.json").read_text(encoding="utf-8"))
    return Demo2Run(doel, tuple(tuple(r) for r in rijen))


def kopie_van(uitvoer: Path, doel: Path) -> Path:
    """A private copy of a shared run's outputs folder (for tests that change or delete results)."""
    shutil.copytree(uitvoer, doel, symlinks=True)
    return doel


def regio_yaml(tmp_path: Path, extra: str = "") -> Path:
    """A minimal regio file (fictional demo data, one gemeente) with ``extra`` appended."""
    pad = tmp_path / "params" / "regios" / "r.yaml"
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(f"naam: R\npeiljaar: 2024\nfictief: true\nbron: {{soort: voorbeeld, map: {ROOT / 'data' / 'voorbeeld'}}}\n"
                   f"kengetallen_bestand: {ROOT / 'params' / 'kengetallen.yaml'}\ngemeenten: [GM9901]\n{extra}",
                   encoding="utf-8")
    return pad


def verbied_kernels(monkeypatch, kernelspec: bool = True) -> None:
    """Make starting a kernel or a worker pool fail the test (for checks that must stop before one starts);
    with ``kernelspec`` also looking up (or installing) the kernelspec, which a resumed run may still do."""
    from wzlib import batch, werker

    def verboden(*a, **k):
        raise AssertionError("er is een kernel/werkproces gestart")

    monkeypatch.setattr(batch, "maak_pool", verboden)
    monkeypatch.setattr(werker, "maak_pool", verboden)
    if kernelspec:
        monkeypatch.setattr(batch, "zorg_voor_kernel", verboden)


def gelijke_regioberekening(a, b) -> None:
    """Two results of a regio-wide computation (dataclasses of DataFrames) are equal, exactly."""
    import dataclasses

    import pandas as pd

    assert type(a) is type(b)
    for f in dataclasses.fields(a):
        pd.testing.assert_frame_equal(getattr(a, f.name), getattr(b, f.name), check_exact=True)


def tel_regioberekening(monkeypatch, b) -> list:
    """The gemeenten for which the registered function of regio computation ``b`` runs (still the real one)."""
    from wzlib import regioberekening

    bereken, bronnen = regioberekening.FUNCTIES[b.sleutel]
    aanroepen: list = []

    def tel(A):
        aanroepen.append(A.wie)
        return bereken(A)

    monkeypatch.setitem(regioberekening.FUNCTIES, b.sleutel, (tel, bronnen))
    return aanroepen


def voer_notebook_uit_in_proces(notebook: str, gemeente: str, uitvoer_map: Path, **extra) -> dict:
    """Run a step notebook's code cells in this process, as if opened alone in JupyterLab (no batch run
    before it), with the demo regio's parameters; returns the notebook's namespace."""
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4)
    ns = {"__name__": "__main__", **extra}
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        exec(compile(c.source, notebook, "exec"), ns)  # noqa: S102 - our own notebook
        if "parameters" in c.metadata.get("tags", []):
            ns |= {"regio": "voorbeeldregio", "gemeente": gemeente, "uitvoer_map": str(uitvoer_map)}
    return ns
