"""A step notebook in the worker's warm kernel with nbclient directly, without papermill in the worker.

papermill and what it imports (numpy, pyarrow, requests, the entry points of every installed package)
cost a ``wz run`` worker about 80 MB and are not needed to run a notebook in a kernel that is already
running. This module does what ``papermill.execute_notebook`` with the ``wz-warm`` engine does, and writes
the same notebook, so reports, the audit record and the tests see no difference:

* the parameters go into a new cell tagged ``injected-parameters`` right after the cell tagged
  ``parameters`` (the text papermill's Python translator writes, without black, which is not installed),
  ``metadata.papermill`` holds the parameters, paths, version, start and end time and duration;
* every cell gets ``metadata.papermill`` (start, end, duration, status, exception) and tags;
* a failing cell stops the notebook, which is written with papermill's two error-marker cells and then
  raises :class:`NotebookFout` (ename and evalue of the cell's error, like ``PapermillExecutionError``);
  a timeout or a dead kernel propagates as nbclient's own error and writes nothing, as with papermill.

Less work than papermill per notebook: the notebook is read once and written once (with the
``woonzorganalyse`` metadata and its final path in it), and restoring the warm kernel's clean state
(:func:`wzlib.warm.herstel`) uses the same kernel client as the notebook's cells.

``wz run --koude-kernels`` still uses papermill itself (:mod:`wzlib.werker`).
"""

from __future__ import annotations

import math
import threading
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .warmkernel import MAX_MB, MAX_NOTEBOOKS, in_warme_kernel

# papermill.execute: the error markers of a failed notebook (the same text, so a reader sees the same page)
ERROR_MARKER_TAG = "papermill-error-cell-tag"
_ERROR_STYLE = 'style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;"'
_ERROR_MESSAGE_TEMPLATE = (
    f"<span {_ERROR_STYLE}>An Exception was encountered at '<a href=\"#papermill-error-cell\">In [%s]</a>'.</span>"
)
_ERROR_ANCHOR_MSG = (
    f'<span id="papermill-error-cell" {_ERROR_STYLE}>'
    'Execution using papermill encountered an exception here and stopped:'
    '</span>'
)


class NotebookFout(Exception):
    """A cell of the notebook raised an error (papermill's ``PapermillExecutionError``)."""

    def __init__(self, cell_index: int, exec_count, source: str, ename: str, evalue: str, traceback: list):
        self.cell_index, self.exec_count, self.source = cell_index, exec_count, source
        self.ename, self.evalue, self.traceback = ename, evalue, traceback
        super().__init__(cell_index, exec_count, source, ename, evalue, traceback)


def _nu() -> datetime:
    return datetime.now(timezone.utc)


def _papermill_versie() -> str:
    try:
        return version("papermill")
    except PackageNotFoundError:  # pragma: no cover - papermill is a dependency
        return ""


# --- parameters: papermill's PythonTranslator --------------------------------------------------------------

def _vertaal(v: Any) -> str:
    if v is None:
        return "None"
    if isinstance(v, str):
        return '"' + v.encode("unicode_escape").decode("utf-8").replace('"', r'\"') + '"'
    if isinstance(v, (bool, int)):
        return f"{v}"
    if isinstance(v, float):
        if math.isfinite(v):
            return f"{v}"
        return "float('nan')" if math.isnan(v) else ("float('-inf')" if v < 0 else "float('inf')")
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_vertaal(k) if isinstance(k, str) else chr(34) + str(k) + chr(34)}: {_vertaal(w)}"
                               for k, w in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_vertaal(w) for w in v) + "]"
    return '"' + f"{v}" + '"'


def parametercode(parameters: dict[str, Any], comment: str = "Parameters") -> str:
    """The source of the injected-parameters cell, as papermill's Python translator writes it."""
    return f"# {comment}".strip() + "\n" + "".join(f"{k} = {_vertaal(v)}\n" for k, v in parameters.items())


def _eerste_met_tag(nb, tag: str) -> int:
    return next((i for i, c in enumerate(nb.cells) if tag in c.metadata.get("tags", [])), -1)


def bereid_voor(bron: Path, parameters: dict[str, Any] | None):
    """The notebook at ``bron`` with papermill's metadata and the injected parameters (not yet run)."""
    import nbformat

    nb = nbformat.read(str(bron), as_version=4)
    nb = nbformat.v4.upgrade(nb) or nb
    if "papermill" not in nb.metadata:
        nb.metadata["papermill"] = {"default_parameters": {}, "parameters": {}, "environment_variables": {},
                                    "version": _papermill_versie()}
    for cel in nb.cells:
        cel.metadata.setdefault("tags", [])
        cel.metadata.setdefault("papermill", {})
    if parameters:
        nieuw = nbformat.v4.new_code_cell(source=parametercode(parameters))
        nieuw.metadata["tags"] = ["injected-parameters"]
        param, injected = _eerste_met_tag(nb, "parameters"), _eerste_met_tag(nb, "injected-parameters")
        if injected >= 0:
            voor, na = nb.cells[:injected], nb.cells[injected + 1:]
        elif param >= 0:
            voor, na = nb.cells[:param + 1], nb.cells[param + 1:]
        else:
            voor, na = [], nb.cells
        nb.cells = voor + [nieuw] + na
        nb.metadata.papermill["parameters"] = parameters
    nb.metadata.papermill["input_path"] = str(bron)
    # earlier error markers go (papermill.execute.remove_error_markers)
    nb.cells = [c for c in nb.cells if ERROR_MARKER_TAG not in c.metadata.get("tags", [])]
    return nb


# --- execution ---------------------------------------------------------------------------------------------

def _start(nb) -> None:
    """papermill's NotebookExecutionManager.notebook_start."""
    pm = nb.metadata.papermill
    pm["start_time"], pm["end_time"], pm["duration"], pm["exception"] = _nu().isoformat(), None, None, None
    for cel in nb.cells:
        if cel.get("cell_type") == "code":
            cel.execution_count = None
            cel.outputs = []
        cel.metadata.papermill = {"exception": None, "start_time": None, "end_time": None, "duration": None,
                                  "status": "pending"}


def _klaar(nb) -> None:
    """papermill's NotebookExecutionManager.notebook_complete."""
    pm = nb.metadata.papermill
    eind = _nu()
    pm["end_time"] = eind.isoformat()
    if pm.get("start_time"):
        pm["duration"] = (eind - datetime.fromisoformat(pm["start_time"])).total_seconds()
    for cel in nb.cells:
        if cel.metadata.papermill["status"] == "failed":
            break
        if cel.metadata.papermill["status"] == "pending":
            cel.metadata.papermill["status"] = "completed"


def _voer_cellen_uit(client, nb) -> None:
    """papermill's PapermillNotebookClient.papermill_execute_cells: stop at the first failing cell."""
    from nbclient.exceptions import CellExecutionError

    for i, cel in enumerate(nb.cells):
        meta = cel.metadata.papermill
        start = _nu()
        meta["start_time"], meta["status"], meta["exception"] = start.isoformat(), "running", False
        try:
            client.execute_cell(cel, i)
        except CellExecutionError:
            meta["exception"], meta["status"] = True, "failed"
            nb.metadata.papermill["exception"] = True
            break
        finally:
            eind = _nu()
            meta["end_time"], meta["duration"] = eind.isoformat(), (eind - start).total_seconds()
            if meta["status"] != "failed":
                meta["status"] = "completed"


def fout_in(nb) -> NotebookFout | None:
    """The first error in the notebook (papermill.execute.raise_for_execution_errors), or None."""
    for i, cel in enumerate(nb.cells):
        sys_exit = False
        for o in cel.get("outputs", []):
            if o.output_type == "error":
                if o.ename == "SystemExit" and o.evalue in ("", "0"):
                    sys_exit = True
                    continue
                return NotebookFout(i, cel.execution_count, cel.source, o.ename, o.evalue, o.traceback)
        if not sys_exit and cel.get("metadata", {}).get("papermill", {}).get("exception") is True:
            return NotebookFout(i, cel.execution_count, cel.source, "CellExecutionError", "", [])
    return None


def markeer_fout(nb, fout: NotebookFout):
    """papermill's two error-marker cells: a line at the top, an anchor right before the failing cell."""
    import nbformat

    bovenaan = nbformat.v4.new_markdown_cell(_ERROR_MESSAGE_TEMPLATE % str(fout.exec_count))
    bovenaan.metadata["tags"] = [ERROR_MARKER_TAG]
    anker = nbformat.v4.new_markdown_cell(_ERROR_ANCHOR_MSG)
    anker.metadata["tags"] = [ERROR_MARKER_TAG]
    nb = nbformat.v4.upgrade(nb) or nb
    nb.cells.insert(fout.cell_index, anker)
    nb.cells.insert(0, bovenaan)
    return nb


def voer_uit_warm(bron: Path, uitvoer: Path, parameters: dict[str, Any] | None, kernel_name: str, cwd: str,
                  start_timeout: float, execution_timeout: float, doel: Path | None = None,
                  fout_uitvoer: Path | None = None, metadata: dict | None = None, max_notebooks: int = MAX_NOTEBOOKS, max_mb: float = MAX_MB):
    """Run the notebook ``bron`` with ``parameters`` in this process's warm kernel and write it to ``uitvoer``.

    ``metadata``: extra notebook metadata (e.g. ``woonzorganalyse``); ``metadata.papermill.output_path``
    names where the caller puts the notebook: ``doel`` (default ``uitvoer``, e.g. a temp file) or, after a
    failing cell, ``fout_uitvoer``. A failing cell: the
    notebook with error markers is written to ``uitvoer`` and :class:`NotebookFout` is raised. A timeout,
    a dead kernel or a kernel that does not start: nbclient's error, nothing written. Returns the notebook.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = bereid_voor(bron, parameters)
    _start(nb)
    herstel = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(f"__import__('wzlib.warm').warm.herstel({cwd!r})\n")])

    def draai(kernel) -> bool:
        client = NotebookClient(herstel, km=kernel.km, timeout=execution_timeout, startup_timeout=start_timeout,
                                kernel_name=kernel_name, raise_on_iopub_timeout=True)
        # The kernel's channels stay open from one notebook to the next: a new client waits until IOPub has
        # been quiet for 0.2 s (jupyter_client's wait_for_ready), as long as a small notebook takes.
        # Its sockets belong to the event loop of the thread that made them (a Dask worker may change threads).
        if kernel.kc is not None and kernel.kc_draad != threading.get_ident():
            kernel.kc.stop_channels()
            kernel.kc = None
        client.kc, kernel.kc = kernel.kc, None
        client.reset_execution_trackers()
        try:
            with client.setup_kernel():
                # the clean start of wzlib.warm.herstel over the same client (store_history=False: no number)
                client.timeout = max(start_timeout, 60)
                client.execute_cell(herstel.cells[0], 0, store_history=False)
                client.nb, client.timeout = nb, execution_timeout
                client.reset_execution_trackers()
                try:
                    _voer_cellen_uit(client, nb)
                finally:
                    _klaar(nb)
                if kernel.language_info is None:
                    info = client.wait_for_reply(client.kc.kernel_info())
                    kernel.language_info = info["content"]["language_info"]
                nb.metadata["language_info"] = kernel.language_info
                client.set_widgets_metadata()
        except BaseException:
            # a timeout, a dead kernel, Ctrl-C: the kernel is replaced, and these channels go with it
            if client.kc is not None:
                client.kc.stop_channels()
                client.kc = None
            raise
        kernel.kc, kernel.kc_draad, client.kc = client.kc, threading.get_ident(), None
        return not nb.metadata.papermill.get("exception") and fout_in(nb) is None

    in_warme_kernel(kernel_name, cwd, start_timeout, draai, max_notebooks=max_notebooks, max_mb=max_mb,
                    herstellen=False)
    fout = fout_in(nb)
    nb.metadata.papermill["output_path"] = str(fout_uitvoer if fout is not None and fout_uitvoer
                                                else doel or uitvoer)
    nb.metadata.update(metadata or {})
    if fout is not None:
        nb = markeer_fout(nb, fout)
    nbformat.write(nb, str(uitvoer))
    if fout is not None:
        raise fout
    return nb
