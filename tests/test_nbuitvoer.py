"""wzlib.nbuitvoer: the warm path of ``wz run`` without papermill in the worker writes the notebook papermill
writes (injected parameters, papermill metadata, error markers) and reports a failing cell the same way."""

from __future__ import annotations

import json
import math
from pathlib import Path

import nbformat
import pytest

import nb_maker
from wzlib import nbuitvoer, warmkernel

PARAMETERS = {"gemeente": "GM9001", "regio": 'pad "met" aanhalingstekens\\en\nregel', "peiljaar": 2024,
              "fractie": 0.25, "oneindig": math.inf, "nan": math.nan, "aan": True, "niets": None,
              "lijst": [1, "a", None], "woordenboek": {"a": 1, "b": [2.5, "x"], 3: "drie"}}


def test_parametercel_is_die_van_papermill():
    from papermill.translators import translate_parameters

    assert nbuitvoer.parametercode(PARAMETERS) == translate_parameters("python3", "python", PARAMETERS, "Parameters")


def _bron(tmp_path: Path, cellen) -> Path:
    pad = tmp_path / "bron.ipynb"
    nbformat.write(nb_maker.notebook(cellen), pad)
    return pad


def _zonder_ids(nb) -> dict:
    d = json.loads(nbformat.writes(nb))
    for c in d["cells"]:
        c.pop("id", None)
    return d


@pytest.mark.parametrize("parameters", [PARAMETERS | {"woordenboek": {"a": 1, "b": [2.5, "x"]}}, {}],
                         ids=["met", "zonder"])
def test_voorbereiding_is_die_van_papermill(tmp_path, parameters):
    from papermill.execute import prepare_notebook_metadata, remove_error_markers
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    bron = _bron(tmp_path, [("params", "gemeente: str = ''"), "print(gemeente)"])
    pm = load_notebook_node(str(bron))
    if parameters:
        pm = parameterize_notebook(pm, parameters, kernel_name="python3")
    pm = remove_error_markers(prepare_notebook_metadata(pm, str(bron), "uit.ipynb"))
    pm.metadata.papermill.pop("output_path")
    assert _zonder_ids(nbuitvoer.bereid_voor(bron, parameters)) == _zonder_ids(pm)


def _vergelijkbaar(pad: Path) -> dict:
    """The notebook without ids, times, durations, paths and the kernel's execution metadata."""
    d = json.loads(pad.read_text(encoding="utf-8"))
    for c in d["cells"]:
        c.pop("id", None)
        c["metadata"].pop("execution", None)
        for k in ("start_time", "end_time", "duration"):
            c["metadata"].get("papermill", {}).pop(k, None)
        for o in c.get("outputs", []):
            o.pop("traceback", None)  # paths of the temp folder
    for k in ("start_time", "end_time", "duration", "input_path", "output_path"):
        d["metadata"]["papermill"].pop(k)
    d["metadata"].pop("woonzorganalyse", None)
    return d


@pytest.mark.notebook
def test_warm_zonder_papermill_schrijft_wat_papermill_schrijft(tmp_path):
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from wzlib.kernel import zorg_voor_kernel

    kernel = zorg_voor_kernel()
    goed = _bron(tmp_path, [("params", "gemeente: str = ''"), "print(gemeente)\n3 * 7", "from IPython.display "
                            "import Markdown\nMarkdown('**vet**')"])
    kapot = tmp_path / "kapot.ipynb"
    nbformat.write(nb_maker.notebook([("params", "gemeente: str = ''"), "x = 1",
                                      "raise KeyError('bevolking')", "print('nooit')"]), kapot)
    try:
        for bron in (goed, kapot):
            uit_pm, uit_wz = tmp_path / f"{bron.stem}.pm.ipynb", tmp_path / f"{bron.stem}.wz.ipynb"
            fout_pm = fout_wz = None
            try:
                pm.execute_notebook(str(bron), str(uit_pm), parameters={"gemeente": "GM9001"}, kernel_name=kernel,
                                    progress_bar=False, request_save_on_cell_execute=False, cwd=str(tmp_path))
            except PapermillExecutionError as e:
                fout_pm = (e.ename, e.evalue, e.cell_index, e.exec_count)
            try:
                nbuitvoer.voer_uit_warm(bron, uit_wz, {"gemeente": "GM9001"}, kernel, str(tmp_path), 60, 60,
                                        metadata={"woonzorganalyse": {"pogingen": 1}})
            except nbuitvoer.NotebookFout as e:
                fout_wz = (e.ename, e.evalue, e.cell_index, e.exec_count)
            assert fout_wz == fout_pm
            assert _vergelijkbaar(uit_wz) == _vergelijkbaar(uit_pm)
            nb = nbformat.read(uit_wz, as_version=4)
            assert nb.metadata.papermill["output_path"] == str(uit_wz)
            assert nb.metadata.woonzorganalyse == {"pogingen": 1}
        assert fout_wz == ("KeyError", "'bevolking'", 3, 4)
    finally:
        warmkernel.houder().stop()


def test_de_kanalen_van_de_warme_kernel_blijven_open_tussen_notebooks_en_gaan_mee_na_een_fout(tmp_path):
    """A new kernel client waits until IOPub is quiet for 0.2 s: successive notebooks share one, and each
    notebook still sees only its own outputs. After a failing notebook the kernel and its client go."""
    from wzlib.kernel import zorg_voor_kernel

    kernel = zorg_voor_kernel()
    kapot = _bron(tmp_path, [("params", "n: int = 0"), "raise ValueError('stuk')"]).rename(tmp_path / "kapot.ipynb")
    bron = _bron(tmp_path, [("params", "n: int = 0"), "print('uitvoer', n)\nn * 2"])
    try:
        clients = []
        for n in (1, 2, 3):
            nb = nbuitvoer.voer_uit_warm(bron, tmp_path / f"uit{n}.ipynb", {"n": n}, kernel, str(tmp_path), 60, 60)
            outputs = nb.cells[-1].outputs
            assert [o.get("text", "") for o in outputs if o.output_type == "stream"] == [f"uitvoer {n}\n"]
            assert [o.data["text/plain"] for o in outputs if o.output_type == "execute_result"] == [str(2 * n)]
            assert nb.metadata.language_info["name"] == "python"
            k = warmkernel.houder().kernel
            clients.append(k.kc)
            assert k.kc is not None and k.kc.channels_running
        assert clients[0] is clients[1] is clients[2]
        with pytest.raises(nbuitvoer.NotebookFout):
            nbuitvoer.voer_uit_warm(kapot, tmp_path / "kapot.uit.ipynb", {"n": 1}, kernel, str(tmp_path), 60, 60)
        assert warmkernel.houder().kernel is None and not clients[0].channels_running
    finally:
        warmkernel.houder().stop()


def test_een_andere_draad_krijgt_eigen_kanalen(tmp_path):
    """The client's sockets belong to the event loop of the thread that made them: a notebook run from
    another thread (a Dask worker may switch) gets a client of its own, and the old one is closed."""
    import threading

    from wzlib.kernel import zorg_voor_kernel

    kernel = zorg_voor_kernel()
    bron = _bron(tmp_path, [("params", "n: int = 0"), "n + 1"])
    try:
        nbuitvoer.voer_uit_warm(bron, tmp_path / "a.ipynb", {"n": 1}, kernel, str(tmp_path), 60, 60)
        eerste = warmkernel.houder().kernel.kc
        uit: list = []
        t = threading.Thread(target=lambda: uit.append(nbuitvoer.voer_uit_warm(
            bron, tmp_path / "b.ipynb", {"n": 2}, kernel, str(tmp_path), 60, 60)))
        t.start()
        t.join(120)
        assert uit and uit[0].cells[-1].outputs[0].data["text/plain"] == "3"
        k = warmkernel.houder().kernel
        assert k.kc is not eerste and not eerste.channels_running and k.kc_draad == t.ident
    finally:
        warmkernel.houder().stop()


@pytest.mark.parametrize("koud", [False, True])
def test_kernels_van_een_run_schrijven_geen_ipython_geschiedenis_naar_schijf(tmp_path, koud):
    """nbclient keeps IPython's history in memory only for kernels named python3; ours got the on-disk
    ~/.ipython history, a commit per executed cell of every run. Warm and fresh kernels keep it in memory."""
    from wzlib import werker
    from wzlib.kernel import zorg_voor_kernel

    kernel = zorg_voor_kernel()
    bron = _bron(tmp_path, [("params", "n: int = 0"), "get_ipython().history_manager.hist_file"])
    uit = tmp_path / "uit.ipynb"
    try:
        if koud:
            werker._voer_uit_koud({"notebook": bron, "parameters": {"n": 1}, "kernel": kernel, "koude_kernels": True,
                                   "cwd": str(tmp_path)}, uit)
            nb = nbformat.read(uit, as_version=4)
        else:
            nb = nbuitvoer.voer_uit_warm(bron, uit, {"n": 1}, kernel, str(tmp_path), 60, 60)
    finally:
        warmkernel.houder().stop()
    assert nb.cells[-1].outputs[0].data["text/plain"] in ("PosixPath(':memory:')", "':memory:'")
