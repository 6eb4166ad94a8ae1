"""``wz run --dask ADRES``: the step notebooks of a run on a ``dask.distributed`` cluster instead of the local pool.

The run itself does not change: :func:`wzlib.batch.run` still selects the steps, computes fingerprints,
waits for the steps a step reads, skips the dependants of a failed step (with the same Dutch reason),
runs the regio-wide pre-computations, shows the progress bar and writes ``run.csv`` and the summary. Only
the pool is different: each task (:func:`wzlib.werker.voer_stap_uit`, the same function the local pool
runs) is submitted as a Dask future (``client.submit``) and the run waits on those futures as it waits
on the local pool's.

* ``ADRES`` is a scheduler (``tcp://host:8786``) or ``local``: then a ``LocalCluster`` with one worker
  process (one thread) per worker starts on this machine and stops after the run.
* Each Dask worker process keeps its own warm kernel (:mod:`wzlib.warmkernel`), created lazily by the
  first task that worker runs and stopped when the client disconnects. The worker is set up on its first
  task of each run (environment, the batch kernel, logging), with the state kept on the Dask worker
  object; a run from another project first replaces the warm kernel.
* Every worker must run the same wzlib (version and source) and see the project under the same path as this
  machine; otherwise the run stops with a Dutch message naming the workers.
* Outputs go to a shared folder when every worker sees it (a network share, or the same machine): before the
  first task the client writes a marker file into the run's log folder and every worker must read it back.
  When a worker does not, or with ``--dask-terugsturen`` (``terugsturen=True``), each task runs in a private
  temp folder on its worker and sends its files back; this machine writes them into the output folder
  atomically (:mod:`wzlib.dask_terug`).
* Dask (``distributed``) is imported only here, and only when ``--dask`` is used.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import logging
import os
import signal
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import __version__, dask_terug, werker
from .batch import aantal_cores
from .fouten import WzFout
from .kernel import zorg_voor_kernel
from .vingerafdruk import sha_bestand, sha_json
from .warmkernel import houder
from .werker import zonder_uri_grammatica

LOKAAL = "local"  # wz run --dask local: a LocalCluster on this machine
VERBINDEN_S = 10  # seconds to reach the scheduler
WACHT_OP_WORKERS_S = 30  # seconds to wait for a first worker on a scheduler without one
_INGERICHT = "_wz_ingericht"  # attribute on the Dask worker object: the settings of the run it was set up for


class DaskFout(WzFout):
    """The Dask cluster cannot be reached or cannot run this project's notebooks."""


# --- on a Dask worker ------------------------------------------------------------------------------


def _richt_worker_in(instelling: dict) -> None:
    """Once per worker process and run (before its first task): what the local pool's initializer does."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    zonder_uri_grammatica()
    logging.getLogger("papermill").setLevel(logging.ERROR)
    project = instelling["project"]
    if not Path(project).is_dir():
        raise DaskFout(f"Deze Dask-worker ziet de projectmap {project} niet; start de worker op een machine waar "
                       f"het project onder hetzelfde pad staat.")
    # kernels inherit the environment: a notebook resolves its regio in the same project as the run
    os.environ["WZ_PROJECT"] = project
    zorg_voor_kernel(instelling["kernel"])
    logmap = instelling.get("logmap")
    if logmap:  # LocalCluster: kernel and worker chatter into a log file, not over the progress bar
        werker.uitvoer_naar_log(Path(logmap) / f"worker-dask-{os.getpid()}.log")


def voer_uit_op_worker(fn: Callable, args: tuple, kwargs: dict, instelling: dict) -> Any:
    """A task on a Dask worker: set the worker up on its first task of this run, then ``fn(*args, **kwargs)``."""
    from distributed import get_worker

    w = get_worker()
    vorige = getattr(w, _INGERICHT, None)
    if vorige is None or vorige["run"] != instelling["run"]:
        if vorige is not None and vorige["project"] != instelling["project"]:
            houder().stop()  # the warm kernel inherited the other project's environment
        _richt_worker_in(instelling)
        setattr(w, _INGERICHT, instelling)
    return fn(*args, **kwargs)


def wzlib_hash() -> str:
    """Hash of the toolkit version and the source of every wzlib module: the same on every machine of a run."""
    pakket = Path(__file__).resolve().parent
    return sha_json([["versie", __version__],
                     *([p.relative_to(pakket).as_posix(), sha_bestand(p)] for p in sorted(pakket.rglob("*.py")))])


def controleer_worker(pad: str, inhoud: str) -> dict[str, str]:
    """On every worker before the run: ``map`` is '' when it reads ``inhoud`` from ``pad`` (it sees the shared
    folder), else what it sees instead; ``wzlib`` is its :func:`wzlib_hash`."""
    try:
        gelezen = Path(pad).read_text(encoding="utf-8")
    except OSError as e:
        zicht = f"{type(e).__name__}: {e.strerror or e}"
    else:
        zicht = "" if gelezen == inhoud else "een ander bestand onder dat pad (niet dezelfde gedeelde map)"
    return {"map": zicht, "wzlib": wzlib_hash()}


async def _stop_warme_kernel() -> None:
    """On every worker after the run: stop its warm kernel (a later run may come from another project)."""
    await asyncio.to_thread(houder().stop)


# --- on the client ---------------------------------------------------------------------------------


class DaskPool(cf.Executor):
    """The local pool's interface (``submit``, ``shutdown``) over a Dask client: each task is a Dask future,
    mirrored in a ``concurrent.futures.Future`` so :func:`wzlib.batch.run` waits on it as on its own pool."""

    def __init__(self, client, instelling: dict, terugsturen: bool = False, verkeer: list | None = None):
        self._client = client
        self._instelling = instelling
        self._terugsturen = terugsturen
        self._verkeer = verkeer if verkeer is not None else []  # per task: (wie, stap, bytes sent, bytes back)
        self._lopend: set = set()
        self._slot = threading.Lock()  # Dask's callback thread removes, the run's thread adds and reads

    def submit(self, fn, /, *args, **kwargs) -> cf.Future:
        nabewerking = None
        if self._terugsturen and fn is werker.voer_stap_uit:
            # no shared folder: the task takes what it reads along and its files come back (wzlib.dask_terug)
            opdracht = args[0]
            pak = dask_terug.pakket(opdracht)
            heen = sum(len(b) for b in pak.values())
            fn, args = dask_terug.voer_uit_prive, (opdracht, pak, self._instelling.get("werkmap"))

            def nabewerking(antwoord: dict) -> dict:
                uit = dask_terug.schrijf_terug(opdracht, antwoord) | {"bytes_heen": heen}
                self._verkeer.append((Path(opdracht["map"]).name, opdracht["stap"], heen, uit["bytes_terug"]))
                return uit
        dfut = self._client.submit(voer_uit_op_worker, fn, args, kwargs, self._instelling, pure=False)
        cfut: cf.Future = cf.Future()
        cfut.set_running_or_notify_cancel()
        with self._slot:
            self._lopend.add(dfut)

        def klaar(f) -> None:  # Dask calls this in a thread of its own
            with self._slot:
                self._lopend.discard(f)
            try:
                uit = f.result()
                if nabewerking is not None:
                    uit = nabewerking(uit)
            except BaseException as e:  # noqa: BLE001 - the run records it as a failed step
                if type(e).__name__ == "KilledWorker":
                    e = DaskFout(f"Dask-worker onverwacht gestopt tijdens deze stap, ook na nieuwe pogingen op "
                                 f"andere workers (geheugen vol of proces afgebroken?): {e}")
                cfut.set_exception(e)
            else:
                cfut.set_result(uit)

        dfut.add_done_callback(klaar)
        return cfut

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._slot:
            lopend = list(self._lopend)
        if cancel_futures and lopend:
            self._client.cancel(lopend, force=True)
        elif wait and lopend:
            from distributed import wait as dask_wait

            dask_wait(lopend)


class DaskUitvoerder:
    """The hook of :func:`wzlib.batch.run` (``uitvoerder=``): how many tasks at a time, and the pool."""

    def __init__(self, client, adres: str, lokaal: bool, terugsturen: bool = False, werkmap: str | None = None,
                 toon: bool = False):
        self.client = client
        self.adres = adres
        self.lokaal = lokaal
        self.terugsturen = terugsturen  # forced (--dask-terugsturen); else only when a worker misses the folder
        self.werkmap = werkmap  # where the workers make their private temp folders (default: the system's)
        self.toon = toon
        self.run_id = uuid.uuid4().hex
        self.route = ""  # of the last run: "gedeeld" or "terugsturen"
        self.verkeer: list[tuple[str, str, int, int]] = []  # of the last run, per task (wie, stap, heen, terug)

    def workers(self) -> dict[str, dict]:
        return dict(self.client.scheduler_info().get("workers") or {})

    def aantal(self, gevraagd: int | None) -> int:
        """Tasks in flight: one per Dask worker process (each has one warm kernel), at most ``gevraagd``."""
        n = len(self.workers())
        return max(1, min(n, gevraagd) if gevraagd else n)

    def controleer_gedeelde_map(self, map_: Path) -> dict[str, str]:
        """Every worker must run the same wzlib as this machine (else :class:`DaskFout`); returns the workers
        that do not read back a marker file the client writes into ``map_`` (the shared output folder), with
        what they see instead (empty when all share it)."""
        map_.mkdir(parents=True, exist_ok=True)
        pad = map_ / f".wz-dask-{self.run_id}"
        pad.write_text(self.run_id, encoding="utf-8")
        try:
            antwoorden = self.client.run(controleer_worker, str(pad), self.run_id)
        except Exception as e:  # noqa: BLE001 - e.g. ModuleNotFoundError: wzlib is not installed there
            raise DaskFout(f"De Dask-workers op {self.adres} kunnen de toolkit niet uitvoeren ({type(e).__name__}: "
                           f"{e}). Installeer het project op elke rekenmachine (make venv of conda) en start "
                           f"'dask worker' uit die omgeving.") from None
        finally:
            pad.unlink(missing_ok=True)
        blind = {w: a["map"] for w, a in antwoorden.items() if a["map"]}
        hier = wzlib_hash()
        anders = sorted(w for w, a in antwoorden.items() if a["wzlib"] != hier)
        if anders:
            raise DaskFout(
                f"{len(anders)} van de {len(antwoorden)} Dask-workers hebben een andere versie van wzlib dan deze "
                f"machine ({', '.join(anders)}); hun uitkomsten zouden niet passen bij de vingerafdrukken van deze "
                f"run. Installeer op elke machine dezelfde versie van het project en start de workers opnieuw.")
        return blind

    def kies_route(self, map_: Path) -> str:
        """'gedeeld' (the workers write into the shared output folder) or 'terugsturen' (forced, or a worker
        does not see ``map_``: the workers send their files back); the message says which and why."""
        blind = self.controleer_gedeelde_map(map_)
        if not blind and not self.terugsturen:
            return "gedeeld"
        if blind and self.toon:
            lijst = "; ".join(f"{w}: {a}" for w, a in sorted(blind.items()))
            print(f"Dask: {len(blind)} van de {len(self.workers())} workers zien de uitvoermap {map_} niet ({lijst}); "
                  f"de workers sturen hun uitvoer terug en deze machine schrijft die weg.", file=sys.stderr, flush=True)
        return "terugsturen"

    def pool(self, workers: int, logmap: Path, root: Path) -> DaskPool:
        """The pool of this run (``batch.run`` creates it before the first task)."""
        self.route = self.kies_route(Path(logmap))
        terug = self.route == "terugsturen"
        if self.lokaal and terug:  # the LocalCluster's workers log beside their temp folders, not into the outputs
            logmap = Path(self.werkmap or tempfile.gettempdir()) / "wz-dask-logs"
        instelling = {"run": uuid.uuid4().hex, "project": str(root), "kernel": zorg_voor_kernel(),
                      "logmap": str(logmap) if self.lokaal else None, "werkmap": self.werkmap}
        self.verkeer = []
        return DaskPool(self.client, instelling, terugsturen=terug, verkeer=self.verkeer)

    def stop_kernels(self) -> None:
        try:
            self.client.run(_stop_warme_kernel)
        except Exception:  # noqa: BLE001 - best effort; a worker that is gone has no kernel
            pass


def _onbereikbaar(adres: str, e: BaseException, timeout: float) -> DaskFout:
    waarom = (f"ongeldig adres: {e}" if isinstance(e, (ValueError, TypeError))
              else f"geen verbinding binnen {timeout:g} s")
    return DaskFout(
        f"De Dask-scheduler op {adres} is niet bereikbaar ({waarom}). "
        f"Controleer het adres (bv. tcp://scheduler:8786) en of 'dask scheduler' draait en de poort open is; "
        f"of gebruik --dask local voor een cluster op deze machine.")


@contextmanager
def _omgeving(**waarden: str) -> Iterator[None]:
    """Environment variables for the processes started inside the block (unless already set)."""
    nieuw = {k: v for k, v in waarden.items() if k not in os.environ}
    os.environ.update(nieuw)
    try:
        yield
    finally:
        for k in nieuw:
            os.environ.pop(k, None)


@contextmanager
def _zonder_ctrl_c() -> Iterator[None]:
    """SIGINT ignored while child processes start (they inherit it); restored afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    oud = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, oud)


@contextmanager
def verbind(adres: str, workers: int | None = None, toon: bool = True, timeout: float | None = None,
            terugsturen: bool = False, werkmap: str | Path | None = None) -> Iterator[DaskUitvoerder]:
    """Connect to the scheduler at ``adres`` (or start a LocalCluster for ``local``) for one ``wz run``;
    the warm kernels on the workers are stopped and the client (and a local cluster) closed afterwards.
    ``terugsturen``: the workers send their outputs back even when they see the output folder; ``werkmap``:
    where they make their private temp folders then (default: each worker's temp folder)."""
    import dask
    from distributed import Client, LocalCluster

    adres = (adres or "").strip()
    timeout = timeout or VERBINDEN_S
    cluster = None
    lokaal = adres.lower() == LOKAAL
    # no "distributed.worker - WARNING" lines over the progress bar of this process
    dask_log = logging.getLogger("distributed")
    niveau = dask_log.level
    dask_log.setLevel(logging.ERROR)
    try:
        with dask.config.set({"distributed.comm.timeouts.connect": f"{timeout}s"}):
            if lokaal:
                n = min(workers or aantal_cores(), aantal_cores())
                # one thread per worker: one warm kernel; no memory limit (the kernel is a child process,
                # replaced by the warm-kernel engine above its own limit)
                # the worker processes: their own log level, and Ctrl-C is for this process only (it stops
                # the run and then the cluster), as in the local pool
                with _omgeving(DASK_LOGGING__DISTRIBUTED="error"), _zonder_ctrl_c():
                    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, memory_limit=0,
                                           dashboard_address=":0", silence_logs=logging.ERROR)
                client = Client(cluster)
            else:
                try:
                    client = Client(adres, timeout=f"{timeout}s")
                except Exception as e:  # noqa: BLE001 - OSError, TimeoutError, ValueError for a bad address
                    raise _onbereikbaar(adres, e, timeout) from None
    except BaseException:
        if cluster is not None:
            cluster.close()
        dask_log.setLevel(niveau)
        raise
    u = DaskUitvoerder(client, adres, lokaal, terugsturen=terugsturen, werkmap=str(werkmap) if werkmap else None,
                       toon=toon)
    try:
        if not lokaal and not u.workers():
            try:
                client.wait_for_workers(1, timeout=WACHT_OP_WORKERS_S)
            except Exception:  # noqa: BLE001 - TimeoutError
                raise DaskFout(f"De Dask-scheduler op {adres} heeft geen workers (na {WACHT_OP_WORKERS_S} s). "
                               f"Start op elke rekenmachine: dask worker {adres} --nthreads 1") from None
        if toon:
            print(f"Dask: {'LocalCluster' if lokaal else adres} met {len(u.workers())} worker(s)", file=sys.stderr,
                  flush=True)
        yield u
    finally:
        u.stop_kernels()
        client.close()
        if cluster is not None:
            cluster.close()
        dask_log.setLevel(niveau)
