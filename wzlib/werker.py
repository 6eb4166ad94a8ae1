"""A worker process of ``wz run``: executes one step notebook (nbclient in the warm kernel, :mod:`wzlib.nbuitvoer`;
papermill with ``--koude-kernels``) and commits it atomically.

The notebook runs into a temp file in the step's folder, renamed to ``<notebook>.ipynb`` on success or
``<notebook>.fout.ipynb`` on failure; the previous results are kept aside until the step succeeds (see
:mod:`wzlib.toestand`). Kernel-start problems (no response, dead kernel, ZMQ) are retried once; an error
in the notebook never is. The worker measures its peak memory (worker + kernel) for the summary.
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib.machinery
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

from . import __version__, paden
from .paden import sha_bestand
from .toestand import BEZIG, FOUT, OK, herstel_stap, lees_record, schrijf_record
from .nbuitvoer import NotebookFout, voer_uit_warm
from .warmkernel import ENGINE, KERNEL_ARGUMENTEN, MAX_MB, MAX_NOTEBOOKS, registreer

START_TIMEOUT = 120  # seconds for a kernel to start
EXECUTION_TIMEOUT = 600  # seconds per cell
_KERNEL_START_TEKSTEN = ("kernel didn't respond", "kernel died", "address already in use",
                         "dead kernel", "kernel is dead", "zmq")


def nu() -> str:
    return datetime.now().isoformat(timespec="seconds")


def is_kernel_startfout(e: BaseException) -> bool:
    """Kernel-start, dead-kernel and ZMQ errors: worth one retry. Never a notebook error."""
    import zmq
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(e, (NotebookFout, CellTimeoutError)):
        return False
    # papermill's error only when papermill is loaded (the warm path never imports it in the worker)
    pm_fout = getattr(sys.modules.get("papermill.exceptions"), "PapermillExecutionError", None)
    if pm_fout is not None and isinstance(e, pm_fout):
        return False
    if isinstance(e, (DeadKernelError, zmq.ZMQError)):
        return True
    tekst = f"{type(e).__name__}: {e}".lower()
    return any(t in tekst for t in _KERNEL_START_TEKSTEN)


def _stop_kinderen() -> None:
    """Stop this process's children (the kernel of the running step): terminate, then kill."""
    try:
        import psutil

        kinderen = psutil.Process().children(recursive=True)
        for k in kinderen:
            k.terminate()
        _, levend = psutil.wait_procs(kinderen, timeout=2)
        for k in levend:
            k.kill()
    except Exception:  # noqa: BLE001 - best effort on the way out
        pass


def _waak_over_ouder(ouder: int, interval: float = 0.5) -> None:
    """Exit (with the kernel) as soon as the ``wz`` process ``ouder`` that started this worker is gone
    (``kill -9``, a crash): an orphaned worker would otherwise keep running for minutes. The main process
    repairs the step folders on its next run (:func:`wzlib.toestand.ruim_op`).

    ``ouder`` is the pid the main process passed when it made the pool, never ``os.getppid()`` at the
    start of the worker: a worker that was still importing when the main process died has already been
    adopted by then, and would watch its new parent for ever. (Not ``PR_SET_PDEATHSIG``: Linux sends it
    when the *thread* that started the worker ends, which is not the death of the ``wz`` process.)"""
    def waak() -> None:
        while True:
            if os.getppid() != ouder:
                _stop_kinderen()
                os._exit(1)
            time.sleep(interval)

    threading.Thread(target=waak, name="wz-ouderwacht", daemon=True).start()


def zonder_uri_grammatica() -> None:
    """jsonschema (via nbformat) imports rfc3987_syntax when present, which builds a Lark grammar on import
    (~1.7 s per process here, 18 s on a loaded machine) for a URI format nbformat's schema never uses:
    skip it in the processes of wz run (the main process and its workers)."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


# wz imports this module (via batch) before publiceren imports nbformat: every wz command skips the grammar.
zonder_uri_grammatica()


def _worker_init(logmap: str | None = None, project: str | None = None, ouder: int | None = None) -> None:
    # Ctrl-C is handled by the main process (it stops the workers and repairs the folders).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _waak_over_ouder(ouder or os.getppid())
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    zonder_uri_grammatica()
    logging.getLogger("papermill").setLevel(logging.ERROR)
    if project:
        # kernels inherit the environment: a notebook resolves its regio in the same project as the run
        os.environ["WZ_PROJECT"] = project
    if logmap:
        uitvoer_naar_log(Path(logmap) / f"worker-{os.getpid()}.log")


def uitvoer_naar_log(pad: Path) -> None:
    """Kernel and worker chatter (e.g. ipykernel's TCP warning) goes to a log file, not over the progress
    bar: stdout and stderr of this process point at ``pad`` (kernels started later inherit them)."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


class _Geheugenmeter(threading.Thread):
    """Samples RSS of this worker and its child processes (the kernel) to find the peak.

    ``piek_eigen``: the peak of the same processes without their file-backed pages (RSS minus shared: the
    libraries' code and data mapped from disk, which the kernel can drop and reread). RSS counts those pages as
    far as they are in the page cache, so one run measures some 30 MB more right after an install than on a
    machine where the libraries have been idle; the memory the processes allocate themselves does not change.
    """

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.piek = 0
        self.piek_kinderen = 0
        self.piek_eigen = 0
        self._cpu_start: dict[int, float] = {}
        self._cpu_laatst: dict[int, float] = {}

    @property
    def cpu_s(self) -> float:
        """CPU seconds (user + system) of this worker and its kernel since the start, from the samples (a
        child that lives shorter than one interval is missed; a fresh kernel's last 0.2 s may be)."""
        return sum(v - self._cpu_start.get(pid, 0.0) for pid, v in self._cpu_laatst.items())

    def _cpu(self, procs, eerste: bool) -> None:
        for p in procs:
            try:
                t = p.cpu_times()
                v = t.user + t.system
            except Exception:  # noqa: BLE001 - processes come and go
                continue
            if eerste:
                self._cpu_start[p.pid] = v
            self._cpu_laatst[p.pid] = v

    def run(self):
        import psutil

        ik = psutil.Process()
        eerste = True
        while True:
            try:
                kinderen = ik.children(recursive=True)
                self._cpu([ik, *kinderen], eerste)
                eerste = False
                mem_ik, mem_kinderen = ik.memory_info(), [k.memory_info() for k in kinderen]
                rss = sum(m.rss for m in mem_kinderen)
                self.piek_kinderen = max(self.piek_kinderen, rss)
                self.piek = max(self.piek, mem_ik.rss + rss)
                self.piek_eigen = max(self.piek_eigen, sum(m.rss - getattr(m, "shared", 0)
                                                           for m in (mem_ik, *mem_kinderen)))
            except Exception:  # noqa: BLE001 - processes come and go
                pass
            if self.stop.is_set():
                break
            self.stop.wait(0.2)


def voer_stap_uit(opdracht: dict) -> dict:
    """Run one step notebook (in a worker process) and commit its outputs atomically.

    ``opdracht``: notebook (path of the source notebook), map (the gemeente or regio folder), stap (the
    notebook name), parameters, kernel, fingerprint, onderdelen, cwd, start_timeout, execution_timeout.
    Returns status, ename, evalue, duur, pogingen, notebook, gestart, piek_mb, piek_kernel_mb, pid.
    """
    koud = opdracht.get("koude_kernels", False)
    map_, nb_naam = Path(opdracht["map"]), opdracht["stap"]
    map_.mkdir(parents=True, exist_ok=True)
    herstel_stap(map_, nb_naam)
    nb_pad, fout_pad = paden.notebook_uitvoer(map_, nb_naam), paden.notebook_fout(map_, nb_naam)
    res, bak = paden.resultaat_map(map_, nb_naam), paden.vorige_resultaten(map_, nb_naam)
    vorige = lees_record(map_, nb_naam)
    verplaatst = res.exists()
    gestart = nu()
    basis = {"stap": nb_naam, "fingerprint": opdracht["fingerprint"], "onderdelen": opdracht["onderdelen"],
             "parameters": opdracht["parameters"], "kernel": opdracht["kernel"], "versie": __version__,
             "gestart": gestart}
    schrijf_record(map_, nb_naam, basis | {"status": BEZIG, "vorige": vorige,
                                           "resultaten_verplaatst": verplaatst, "pid": os.getpid()})
    if verplaatst:
        res.rename(bak)

    t0 = time.monotonic()
    meter = _Geheugenmeter()
    meter.start()
    status, ename, evalue, pogingen = OK, "", "", 0
    tmp = paden.notebook_tijdelijk(map_, nb_naam, uuid.uuid4().hex[:8])
    try:
        while True:
            pogingen += 1
            try:
                if koud:
                    _voer_uit_koud(opdracht, tmp)
                else:
                    # nbclient in the warm kernel, papermill's notebook without papermill in this process
                    voer_uit_warm(opdracht["notebook"], tmp, opdracht["parameters"], opdracht["kernel"],
                                  opdracht.get("cwd") or os.getcwd(),
                                  opdracht.get("start_timeout", START_TIMEOUT),
                                  opdracht.get("execution_timeout", EXECUTION_TIMEOUT), doel=nb_pad,
                                  fout_uitvoer=fout_pad,
                                  metadata={"woonzorganalyse": _wz_metadata(opdracht, pogingen)},
                                  max_notebooks=opdracht.get("kernel_max_notebooks") or MAX_NOTEBOOKS,
                                  max_mb=opdracht.get("kernel_max_mb") or MAX_MB)
                break
            except NotebookFout as e:
                status, ename, evalue = FOUT, e.ename, str(e.evalue)
                break
            except Exception as e:  # noqa: BLE001 - recorded, never crashes the run
                pm_fout = getattr(sys.modules.get("papermill.exceptions"), "PapermillExecutionError", None)
                if pm_fout is not None and isinstance(e, pm_fout):  # a cell failed (--koude-kernels)
                    status, ename, evalue = FOUT, e.ename, str(e.evalue)
                    break
                if pogingen == 1 and is_kernel_startfout(e):
                    tmp.unlink(missing_ok=True)
                    if res.exists():
                        shutil.rmtree(res, ignore_errors=True)
                    time.sleep(1.0)
                    continue
                status, ename, evalue = FOUT, type(e).__name__, str(e)
                break
    finally:
        meter.stop.set()
        meter.join(timeout=2.0)
    duur = time.monotonic() - t0

    def vul_metadata_aan(doel: Path) -> None:
        # the audit record names its final path and how it was run (papermill wrote the temp path; the warm
        # path wrote both already)
        if not koud or not tmp.exists():
            return
        import nbformat

        try:
            nb = nbformat.read(str(tmp), as_version=4)
            nb.metadata.setdefault("papermill", {})["output_path"] = str(doel)
            nb.metadata["woonzorganalyse"] = _wz_metadata(opdracht, pogingen)
            nbformat.write(nb, str(tmp))
        except Exception:  # noqa: BLE001 - cosmetic; never lose the notebook over it
            pass

    if status == OK:
        vul_metadata_aan(nb_pad)
        os.replace(tmp, nb_pad)
        fout_pad.unlink(missing_ok=True)
        schrijf_record(map_, nb_naam, basis | {
            "status": OK, "notebook_sha": sha_bestand(nb_pad), "resultaten": res.is_dir(),
            "klaar": nu(), "duur": round(duur, 2)})
        if bak.exists():
            shutil.rmtree(bak, ignore_errors=True)
    else:
        if tmp.exists():
            vul_metadata_aan(fout_pad)
            os.replace(tmp, fout_pad)
        if res.exists():
            shutil.rmtree(res, ignore_errors=True)
        if bak.exists():
            bak.rename(res)
        laatste_ok = vorige if vorige and vorige.get("status") == OK else (vorige or {}).get("laatste_ok")
        schrijf_record(map_, nb_naam, basis | {
            "status": FOUT, "ename": ename, "evalue": evalue[:2000], "klaar": nu(), "duur": round(duur, 2),
            "laatste_ok": laatste_ok})
    mb = 1024 * 1024
    return {"status": status, "ename": ename, "evalue": evalue, "duur": duur, "pogingen": pogingen,
            "notebook": str(nb_pad if status == OK else fout_pad), "gestart": gestart,
            "piek_mb": round(meter.piek / mb, 1) if meter.piek else None,
            "piek_kernel_mb": round(meter.piek_kinderen / mb, 1) if meter.piek_kinderen else None,
            "piek_eigen_mb": round(meter.piek_eigen / mb, 1) if meter.piek_eigen else None,
            "cpu_s": round(meter.cpu_s, 2), "pid": os.getpid()}


def _wz_metadata(opdracht: dict, pogingen: int) -> dict:
    return {"kernel": opdracht["kernel"], "fingerprint": opdracht["fingerprint"], "versie": __version__,
            "pogingen": pogingen}


def _voer_uit_koud(opdracht: dict, tmp: Path) -> None:
    """``--koude-kernels``: papermill with its own engine, a fresh kernel for this notebook."""
    import papermill as pm

    pm.execute_notebook(
        str(opdracht["notebook"]), str(tmp), parameters=opdracht["parameters"],
        kernel_name=opdracht["kernel"], progress_bar=False, log_output=False,
        # papermill otherwise rewrites the whole notebook (images included) twice per cell;
        # the output goes to a temp file anyway, so only the final (or failed) state matters
        request_save_on_cell_execute=False,
        start_timeout=opdracht.get("start_timeout", START_TIMEOUT),
        execution_timeout=opdracht.get("execution_timeout", EXECUTION_TIMEOUT),
        cwd=opdracht.get("cwd"), **_engine_argumenten(opdracht))


def _engine_argumenten(opdracht: dict) -> dict:
    """papermill's engine for this task: a warm kernel per worker (:mod:`wzlib.warmkernel`) unless
    ``opdracht["koude_kernels"]``; then papermill's own engine, a fresh kernel per notebook."""
    if opdracht.get("koude_kernels", False):
        return {"extra_arguments": list(KERNEL_ARGUMENTEN)}
    registreer()
    return {"engine_name": ENGINE, "max_notebooks": opdracht.get("kernel_max_notebooks") or MAX_NOTEBOOKS,
            "max_mb": opdracht.get("kernel_max_mb") or MAX_MB}


def _mp_context():
    """spawn (no forked threads or ZMQ state), unless the main module cannot be re-imported by a
    spawned child (a script read from stdin: ``__file__ == '<stdin>'``); then fork (POSIX)."""
    main = sys.modules.get("__main__")
    pad = getattr(main, "__file__", None)
    if getattr(main, "__spec__", None) is None and pad and not Path(pad).exists() and os.name == "posix":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _hoofdscript_niet_in_werkers() -> None:
    """A spawned worker first runs the main script again (as ``__mp_main__``). For the ``wz`` console script
    that means importing :mod:`wzlib.cli` and with it pandas, pyarrow, matplotlib and pydantic: about 175 MB
    in every worker, which never uses them (it only calls :func:`voer_stap_uit`). When ``__main__`` is that
    script, give it the spec ``python -m`` would (``wzlib.__main__``): multiprocessing then leaves
    ``__main__`` alone in the child. Any other main script (pytest, a bench script) is re-run as before."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        return
    if getattr(getattr(main, "main", None), "__module__", None) == "wzlib.cli":
        main.__spec__ = importlib.machinery.ModuleSpec("wzlib.__main__", None)


def maak_pool(workers: int, logmap: Path | None = None, project: Path | None = None) -> cf.ProcessPoolExecutor:
    """The worker pool; created only when a step must run."""
    _hoofdscript_niet_in_werkers()
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(),
                                  initializer=_worker_init,
                                  initargs=(str(logmap) if logmap else None, str(project) if project else None,
                                            os.getpid()))
