"""Shared test fixtures. Tests never touch the internet.

``demo_uitvoer`` and ``echt_uitvoer`` run the whole analysis (every registered step, every gemeente) once
per test session, into a temp folder shared by the xdist workers (a file lock makes the second worker wait
for the first); tests that change something copy the folder first (``kopie_van``).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import matplotlib
import pytest

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


def _gedeelde_run(tmp_path_factory, regio: str) -> Path:
    """``outputs`` of a full ``wz run`` of ``regio``, made once per session (shared by xdist workers)."""
    from wzlib import batch

    basis = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        basis = basis.parent  # one folder per session, shared by the workers
    doel = basis / f"run-{regio}"
    with open(basis / f"run-{regio}.lock", "w") as slot:
        fcntl.flock(slot, fcntl.LOCK_EX)
        if not (doel / "KLAAR").exists():
            if doel.exists():
                shutil.rmtree(doel)
            res = batch.run(regio, uitvoer_root=doel / "outputs", workers=2, toon_voortgang=False)
            if res.exitcode != 0:
                pytest.fail(f"wz run {regio} mislukt:\n{res.tabel()}")
            (doel / "KLAAR").write_text("ok")
    return doel / "outputs"


@pytest.fixture(scope="session")
def demo_uitvoer(tmp_path_factory) -> Path:
    """``outputs`` folder of a full run of the fictional voorbeeldregio (read only: copy before changing)."""
    return _gedeelde_run(tmp_path_factory, "voorbeeldregio")


@pytest.fixture(scope="session")
def echt_uitvoer(tmp_path_factory, echt_map) -> Path:
    """``outputs`` folder of a full run of Gooi en Vechtstreek on the real data (read only)."""
    return _gedeelde_run(tmp_path_factory, "gooi-en-vechtstreek")


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
