"""Warm kernels for ``wz run``: a papermill engine that keeps one Jupyter kernel per worker process alive.

A fresh kernel per notebook pays, every time, the kernel start, the imports (pandas, matplotlib, seaborn,
pyarrow, pydantic, geopandas: 1-2 s) and the first chart (font cache, renderer). The engine ``wz-warm``
(registered under papermill's plug-in point, entry point group ``papermill.engine`` in pyproject.toml,
and by :func:`registreer` for a source tree that was not reinstalled) starts a kernel once per worker,
warms it (:func:`wzlib.warm.opwarmen`) and runs successive notebooks in it; before each notebook
:func:`wzlib.warm.herstel` gives it a clean namespace and restores the process state.

A kernel is replaced by a fresh one:

* after ``max_notebooks`` notebooks (:data:`MAX_NOTEBOOKS`),
* when its memory (RSS of the kernel and its children) passes ``max_mb`` (:data:`MAX_MB`) after a notebook,
* after any failure: an error in a cell, a timeout, a dead kernel, anything the engine did not expect,
* when the kernel name or the interpreter changes (never within one run).

``wz run --koude-kernels`` (``batch.run(koude_kernels=True)``) keeps the old behaviour: papermill's own
engine with a fresh kernel per notebook.
"""

from __future__ import annotations

import logging
import multiprocessing.util
import os
import threading

ENGINE = "wz-warm"
MAX_NOTEBOOKS = 200  # a fresh kernel after this many notebooks (MAX_MB guards memory; a start costs ~2.5 s)
MAX_MB = 400  # a fresh kernel when the kernel's RSS passes this after a notebook (after the maps of the
# spreiding step it holds ~430 MB; other notebooks leave it at ~280-340 MB, worker ~55 MB: 400 per worker)

log = logging.getLogger(__name__)


def registreer() -> None:
    """Register the engine with papermill (the entry point does this for an installed package)."""
    from papermill.engines import papermill_engines

    if papermill_engines._engines.get(ENGINE) is not WarmeEngine:
        papermill_engines.register(ENGINE, WarmeEngine)


def _run_sync(coro_fn):
    from nbclient.util import run_sync

    return run_sync(coro_fn)


#: Started with every kernel of a run. nbclient keeps IPython's history in memory only for kernels named
#: "python3"; ours ("woonzorganalyse") wrote every executed cell of every batch run to
#: ~/.ipython/profile_default/history.sqlite (a commit per cell; 200 MB after a day of runs).
KERNEL_ARGUMENTEN = ("--HistoryManager.hist_file=:memory:",)


def _voer_code_uit(km, code: str, timeout: float, startup_timeout: float, **start_kwargs) -> None:
    """Run one piece of code in the kernel of ``km`` (started when needed) without storing history."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    c = NotebookClient(nb, km=km, timeout=timeout, startup_timeout=startup_timeout, allow_errors=False,
                       extra_arguments=list(KERNEL_ARGUMENTEN))
    with c.setup_kernel(**start_kwargs):
        try:
            c.execute_cell(nb.cells[0], 0, store_history=False)
        finally:
            if c.kc is not None:
                c.kc.stop_channels()
                c.kc = None


class WarmeKernel:
    """One kernel kept alive for successive notebooks in this process."""

    def __init__(self, kernel_name: str, cwd: str, start_timeout: float):
        import nbformat
        from nbclient import NotebookClient

        self.kernel_name = kernel_name
        self.notebooks = 0
        self.kc = None  # the client whose channels stay open between notebooks (wzlib.nbuitvoer)
        self.kc_draad: int | None = None  # the thread that made it
        self.language_info = None
        self.km = NotebookClient(nbformat.v4.new_notebook(), kernel_name=kernel_name).create_kernel_manager()
        code = "import wzlib.warm\nwzlib.warm.opwarmen()\n"
        _voer_code_uit(self.km, code, timeout=max(start_timeout, 120), startup_timeout=start_timeout, cwd=cwd)

    def levend(self) -> bool:
        try:
            return bool(self.km is not None and self.km.has_kernel and _run_sync(self.km.is_alive)())
        except Exception:  # noqa: BLE001
            return False

    def herstel(self, cwd: str, timeout: float) -> None:
        _voer_code_uit(self.km, f"__import__('wzlib.warm').warm.herstel({cwd!r})\n", timeout=timeout,
                       startup_timeout=timeout)

    def geheugen_mb(self) -> float:
        """RSS of the kernel process and its children, in MB (0 when unknown)."""
        import psutil

        pid = getattr(getattr(self.km, "provisioner", None), "pid", None)
        if not pid:
            return 0.0
        try:
            p = psutil.Process(pid)
            return (p.memory_info().rss + sum(k.memory_info().rss for k in p.children(recursive=True))) / 2**20
        except psutil.Error:
            return 0.0

    def stop(self) -> None:
        kc, self.kc = self.kc, None
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception:  # noqa: BLE001 - it is going away anyway
                pass
        km, self.km = self.km, None
        if km is None:
            return
        try:
            if km.has_kernel:
                _run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - it is going away anyway
            pass
        try:
            _run_sync(km.cleanup_resources)()
        except Exception:  # noqa: BLE001
            pass


class _Houder:
    """The warm kernel of this worker process (one at a time); stopped when the process exits."""

    def __init__(self):
        self.kernel: WarmeKernel | None = None
        self.slot = threading.Lock()
        multiprocessing.util.Finalize(self, self.stop, exitpriority=50)

    def stop(self) -> None:
        k, self.kernel = self.kernel, None
        if k is not None:
            k.stop()

    def geef(self, kernel_name: str, cwd: str, start_timeout: float) -> WarmeKernel:
        k = self.kernel
        if k is not None and (k.kernel_name != kernel_name or not k.levend()):
            self.stop()
            k = None
        if k is None:
            k = self.kernel = WarmeKernel(kernel_name, cwd, start_timeout)
        return k


# The one piece of module state: the worker process's kernel holder (never imported by a kernel).
_houder: _Houder | None = None


def houder() -> _Houder:
    """The warm kernel holder of this process (created on first use)."""
    global _houder
    if _houder is None:
        _houder = _Houder()
    return _houder


def _heeft_fout(nb) -> bool:
    if (nb.metadata.get("papermill") or {}).get("exception"):
        return True
    return any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code"
               for o in c.get("outputs", []))


def in_warme_kernel(kernel_name: str, cwd: str, start_timeout: float, draai, max_notebooks: int = MAX_NOTEBOOKS,
                    max_mb: float = MAX_MB, herstellen: bool = True):
    """``draai(kernel)`` with this process's warm kernel (one notebook at a time), and afterwards replace the
    kernel when needed (see the module docstring). ``draai`` returns True when the notebook succeeded; an
    exception counts as a failure. ``herstellen``: give the kernel its clean start first (False when
    ``draai`` does that itself, over its own client)."""
    h = houder()
    with h.slot:
        kernel = h.geef(kernel_name, cwd, start_timeout)
        gelukt = False
        try:
            if herstellen:
                kernel.herstel(cwd, timeout=max(start_timeout, 60))
            gelukt = bool(draai(kernel))
            kernel.notebooks += 1
            return gelukt
        finally:
            if (not gelukt or kernel.notebooks >= max_notebooks
                    or (max_mb and kernel.geheugen_mb() > max_mb)):
                h.stop()


class WarmeEngine:
    """papermill engine ``wz-warm``: successive notebooks in one warm kernel per process.

    It has the interface of ``papermill.engines.Engine`` and borrows its generic parts (papermill is
    imported only when a notebook runs, so importing this module, as ``wz`` does, stays cheap).
    Extra engine arguments (``pm.execute_notebook(..., engine_name="wz-warm", max_notebooks=..,
    max_mb=..)``): when to replace the kernel (see the module docstring).
    """

    @classmethod
    def execute_notebook(cls, nb, kernel_name, **kwargs):
        from papermill.engines import Engine

        return Engine.execute_notebook.__func__(cls, nb, kernel_name, **kwargs)

    @classmethod
    def nb_kernel_name(cls, nb, name=None):
        from papermill.engines import Engine

        return Engine.nb_kernel_name.__func__(cls, nb, name)

    @classmethod
    def nb_language(cls, nb, language=None):
        from papermill.engines import Engine

        return Engine.nb_language.__func__(cls, nb, language)

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, max_notebooks=MAX_NOTEBOOKS,
                                 max_mb=MAX_MB, **kwargs):
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.utils import merge_kwargs, remove_args

        kwargs = remove_args(["input_path", "timeout", "startup_timeout", "cwd"], **kwargs)
        cwd = os.getcwd()  # papermill changed into the notebook's cwd
        final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                             kernel_name=kernel_name, log=log, log_output=log_output,
                             stdout_file=stdout_file, stderr_file=stderr_file)

        def draai(kernel) -> bool:
            client = PapermillNotebookClient(nb_man, km=kernel.km, **final)
            try:
                client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()
                    client.kc = None
            return not _heeft_fout(nb_man.nb)

        in_warme_kernel(kernel_name, cwd, start_timeout, draai, max_notebooks=max_notebooks, max_mb=max_mb)
        return nb_man.nb
