"""Expensive runs shared by the whole test session (and by its xdist workers), made once.

``gedeeld(basis, naam, maak)`` makes the folder ``basis/naam`` with ``maak(folder)`` under a file lock, once:
a second worker (or process) waits for the lock and reuses the finished folder (marked ``KLAAR``); a failed
build leaves ``FOUT`` with the reason, which every later user reports instead of building again.

The full runs (``RUNS``) can also be made in the background: at the start of the session
(``start_vooraf``, from an autouse fixture in conftest) a separate process per run that the selected tests
need, so the runs are built side by side while the workers run other tests (``volgorde``: the slow notebook
tests first, within them those that need no run). A test that needs a run takes the same lock and so waits
until it is done; meanwhile the runs keep both cores busy.

    python tests/gedeelde_runs.py <basis> <naam>    # what start_vooraf starts
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
ECHT = ROOT.parent / "shared" / "data" / "echt"


class BouwFout(RuntimeError):
    """A shared run could not be made (the message says why)."""


def gedeeld(basis: Path, naam: str, maak) -> Path:
    """Folder ``basis/naam``, made once by ``maak(folder)`` (see the module docstring)."""
    doel = basis / naam
    with open(basis / f"{naam}.lock", "w") as slot:
        fcntl.flock(slot, fcntl.LOCK_EX)
        if (doel / "FOUT").exists():
            raise BouwFout((doel / "FOUT").read_text(encoding="utf-8"))
        if not (doel / "KLAAR").exists():
            if doel.exists():
                shutil.rmtree(doel)
            doel.mkdir()
            try:
                maak(doel)
            except BaseException as e:
                (doel / "FOUT").write_text(f"{naam} kon niet worden gemaakt: {type(e).__name__}: {e}",
                                           encoding="utf-8")
                raise
            (doel / "KLAAR").write_text("ok")
    return doel


def maak_run(regio: str):
    """``maak`` for a full ``wz run`` of ``regio`` (every step, every gemeente, 2 workers) into ``outputs``."""
    def maak(doel: Path) -> None:
        from wzlib import batch

        res = batch.run(regio, uitvoer_root=doel / "outputs", workers=2, toon_voortgang=False)
        if res.exitcode != 0:
            raise BouwFout(f"wz run {regio} mislukt:\n{res.tabel()}")
    return maak


def maak_demo2(doel: Path) -> None:
    """The demo regio with two gemeenten (``nb_maker.demo_twee_gemeenten``), every step, warm kernels, 2 workers;
    ``rijen.json``: the run's rows in run order (gemeente, stap, status, worker pid)."""
    sys.path.insert(0, str(TESTS))
    import nb_maker
    from wzlib import batch

    regio = nb_maker.demo_twee_gemeenten(doel, ROOT)
    res = batch.run(regio, workers=2, uitvoer_root=doel / "outputs", toon_voortgang=False,
                    notebooks_map=ROOT / "notebooks")
    if res.exitcode != 0:
        raise BouwFout(f"wz run demo2 mislukt:\n{res.tabel()}")
    (doel / "rijen.json").write_text(json.dumps([(r.gemeente, r.stap, r.status, r.worker_pid) for r in res.rijen]),
                                     encoding="utf-8")


#: the shared runs: folder name -> (the fixture that reads it, its maker)
RUNS = {
    "run-voorbeeldregio": ("demo_uitvoer", maak_run("voorbeeldregio")),
    "run-gooi-en-vechtstreek": ("echt_uitvoer", maak_run("gooi-en-vechtstreek")),
    "run-demo2": ("demo2_warm", maak_demo2),
}


def nodig(items) -> list[str]:
    """The shared runs the tests ``items`` need (the real-data run only when the data are present)."""
    namen = []
    for naam, (fixture, _) in RUNS.items():
        if naam == "run-gooi-en-vechtstreek" and not (ECHT / "bevolking.csv").exists():
            continue
        if any(fixture in getattr(it, "fixturenames", ()) for it in items):
            namen.append(naam)
    return namen


def start_vooraf(basis: Path, namen: list[str]) -> list[subprocess.Popen]:
    """Start one background process per run in ``namen`` that no one has started yet (``<naam>.gestart``,
    created exclusively, says who did); its output goes to ``<naam>.log``."""
    procs = []
    for naam in namen:
        try:
            fd = os.open(basis / f"{naam}.gestart", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            continue
        os.close(fd)
        with open(basis / f"{naam}.log", "w") as log:
            procs.append(subprocess.Popen([sys.executable, str(Path(__file__)), str(basis), naam], cwd=ROOT,
                                          stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    return procs


def _rang(item) -> int:
    """The shared run ``item`` reads: 0 none, 1 the two-gemeente demo run, 2 the demo run (published or not),
    3 the real-data run (the order in which they are ready)."""
    namen = set(getattr(item, "fixturenames", ()))
    if "echt_uitvoer" in namen:
        return 3
    if "demo_uitvoer" in namen:
        return 2
    if "demo2_warm" in namen:
        return 1
    return 0


def volgorde(items) -> list:
    """``items`` with the notebook tests (the slow ones) first, then the rest; within each, the tests that need
    no shared run first, then by :func:`_rang` (stable: otherwise the collection order). With one test handed
    out at a time (``--maxschedchunk 1`` in the Makefile) the slow tests are spread over both workers while
    the shared runs are made, and the session ends with short tests on both workers instead of one worker
    finishing a long test alone."""
    return sorted(items, key=lambda it: (it.get_closest_marker("notebook") is None, _rang(it)))


if __name__ == "__main__":
    basis_, naam_ = Path(sys.argv[1]), sys.argv[2]
    os.environ.setdefault("WZ_PROJECT", str(ROOT))
    import matplotlib

    matplotlib.use("Agg")
    try:
        gedeeld(basis_, naam_, RUNS[naam_][1])
    except Exception as e:  # noqa: BLE001 - reported to the tests through FOUT
        print(e, file=sys.stderr)
        sys.exit(1)
