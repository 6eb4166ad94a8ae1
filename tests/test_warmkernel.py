"""Warm kernels (wzlib.warmkernel, wzlib.warm): registration, isolation between notebooks, fresh kernels after
N notebooks and after a failure, and no module-level state in wzlib that could leak between notebooks."""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import nbformat
import pytest

import nb_maker
from wzlib import warmkernel

ROOT = Path(__file__).resolve().parents[1]
WZLIB = ROOT / "wzlib"


def test_engine_is_geregistreerd_via_het_entry_point_van_papermill():
    from papermill.engines import papermill_engines

    assert papermill_engines.get_engine(warmkernel.ENGINE) is warmkernel.WarmeEngine
    tekst = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points."papermill.engine"]' in tekst
    assert 'wz-warm = "wzlib.warmkernel:WarmeEngine"' in tekst


def _module_state(pad: Path) -> list[str]:
    """Module-level mutable state: ``global`` statements, counters and caches created at module level."""
    boom = ast.parse(pad.read_text(encoding="utf-8"))
    uit = []
    for node in ast.walk(boom):
        if isinstance(node, ast.Global):
            uit += [f"global {n}" for n in node.names]
    for node in boom.body:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call):
                naam = ast.unparse(sub.func)
                if naam in ("itertools.count", "count", "collections.Counter", "defaultdict", "deque"):
                    if not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                        uit.append(naam)
    return uit


def test_wzlib_heeft_geen_moduletoestand_die_tussen_notebooks_blijft_hangen():
    gevonden = {str(p.relative_to(ROOT)): s for p in WZLIB.rglob("*.py") if (s := _module_state(p))}
    # The only one: the worker process's kernel holder (runs in the worker, never in a kernel).
    assert gevonden == {"wzlib/warmkernel.py": ["global _houder"]}


def test_tabel_id_volgt_uit_de_inhoud_niet_uit_een_teller():
    import pandas as pd

    from wzlib.presentatie.afscherming import Regels
    from wzlib.presentatie.tabellen import tabel

    df = pd.DataFrame({"gebied": ["A"], "aantal": [120]})
    a = tabel(df, bron="CBS", regels=Regels(), titel="T")
    b = tabel(df, bron="CBS", regels=Regels(), titel="T")
    c = tabel(df, bron="CBS", regels=Regels(), titel="Ander")
    assert a.to_html() == b.to_html()
    assert a._id != c._id


# --- in a real kernel ---------------------------------------------------------------------------------------

ZET = """
import os, sys, json, warnings, random
import numpy as np
import matplotlib
import matplotlib.pyplot as plt
vuil = 1
os.environ["WZ_VUIL"] = "ja"
sys.path.append("/nergens")
warnings.simplefilter("error")
matplotlib.rcParams["font.size"] = 33
plt.figure()
random.seed(1); np.random.seed(1)
os.chdir("/")
print(json.dumps({"pid": os.getpid()}))
"""

CONTROLEER = """
import os, sys, json, warnings
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
print(json.dumps({"pid": os.getpid(), "vuil": "vuil" in globals(), "env": os.environ.get("WZ_VUIL"),
                  "pad": "/nergens" in sys.path,
                  "fout": any(f[0] == "error" and f[2] is Warning for f in warnings.filters),
                  "font": matplotlib.rcParams["font.size"], "figuren": len(plt.get_fignums()),
                  "cwd": os.getcwd(), "nummer": get_ipython().execution_count}))
"""


def _draai(tmp_path: Path, naam: str, code: str, **engine) -> dict:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from wzlib.kernel import zorg_voor_kernel

    warmkernel.registreer()
    nb = nb_maker.notebook([code])
    src = tmp_path / f"{naam}.ipynb"
    nbformat.write(nb, src)
    uit = tmp_path / f"{naam}.uit.ipynb"
    try:
        pm.execute_notebook(str(src), str(uit), kernel_name=zorg_voor_kernel(), progress_bar=False,
                            cwd=str(tmp_path), engine_name=warmkernel.ENGINE, **engine)
    except PapermillExecutionError:
        return {"fout": True}
    cel = nbformat.read(uit, as_version=4).cells[0]
    tekst = "".join(o.get("text", "") for o in cel.outputs if o.output_type == "stream")
    return json.loads(tekst.strip().splitlines()[-1]) | {"execution_count": cel.execution_count}


@pytest.mark.notebook
def test_warme_kernel_geeft_elk_notebook_een_schone_start(tmp_path):
    try:
        eerste = _draai(tmp_path, "zet", ZET)
        tweede = _draai(tmp_path, "controleer", CONTROLEER)
        assert tweede["pid"] == eerste["pid"]  # the same (warm) kernel
        assert tweede == {"pid": eerste["pid"], "vuil": False, "env": None, "pad": False, "fout": False,
                          "font": 10.0, "figuren": 0, "cwd": str(tmp_path), "nummer": 2, "execution_count": 1}
        # a failing notebook: the next one gets a fresh kernel
        assert _draai(tmp_path, "kapot", "raise ValueError('stuk')") == {"fout": True}
        derde = _draai(tmp_path, "na_fout", CONTROLEER)
        assert derde["pid"] != eerste["pid"]
        # max_notebooks=1: a fresh kernel after the notebook
        vierde = _draai(tmp_path, "vier", CONTROLEER, max_notebooks=1)
        vijfde = _draai(tmp_path, "vijf", CONTROLEER, max_mb=1)
        assert vierde["pid"] == derde["pid"] and vijfde["pid"] != vierde["pid"]
        # above the memory limit (1 MB: always): a fresh kernel after the notebook
        zesde = _draai(tmp_path, "zes", CONTROLEER)
        assert zesde["pid"] != vijfde["pid"]
    finally:
        warmkernel.houder().stop()
    assert warmkernel.houder().kernel is None
    assert os.getcwd() != "/"


# --- the demo regio: warm and fresh kernels give the same reports and results -------------------------------

def _cellen(pad: Path) -> list:
    """Per cell: type, source, execution count and outputs (without execution metadata and timings)."""
    nb = nbformat.read(pad, as_version=4)
    uit = []
    for c in nb.cells:
        outputs = [{k: v for k, v in o.items() if k != "metadata" or o.get("output_type") != "execute_result"}
                   for o in c.get("outputs", [])]
        uit.append((c.cell_type, c.source, c.get("execution_count"), outputs))
    return uit


def _zonder_map(cellen: list, *mappen: Path) -> list:
    """``cellen`` with each of the run folders ``mappen`` written as ``<run>`` (the two runs ran in different
    temp folders: the injected parameters name them; nothing else may differ)."""
    tekst = json.dumps(cellen, ensure_ascii=False)
    for m in mappen:
        tekst = tekst.replace(str(m), "<run>")
    return json.loads(tekst)


@pytest.mark.notebook
def test_demo_regio_warm_en_koud_geven_dezelfde_uitvoer(tmp_path, demo2_warm):
    """The session's warm run of the demo regio with two gemeenten (every step) against the same run in a
    fresh kernel per notebook, into its own folder: the same notebooks cell by cell and the same tables."""
    import pandas as pd

    from wzlib import batch, momentopname, paden, stappen

    regio = nb_maker.demo_twee_gemeenten(tmp_path, ROOT)
    uit = tmp_path / "outputs"
    kw = {"workers": 2, "uitvoer_root": uit, "toon_voortgang": False, "notebooks_map": ROOT / "notebooks"}
    koud = batch.run(regio, koude_kernels=True, **kw)
    assert koud.exitcode == 0, koud.tabel()
    warm = demo2_warm
    assert len({r[3] for r in warm.rijen}) <= 2  # the warm run ran every notebook in at most 2 worker kernels
    assert [r[:3] for r in warm.rijen] == [(r.gemeente, r.stap, r.status) for r in koud.rijen]

    notebooks = sorted(p.relative_to(uit) for p in uit.rglob("*.ipynb"))
    verwacht = sum(2 if s.scope == "gemeente" else 1 for s in stappen.STAPPEN.values())
    assert len(notebooks) == len(koud.rijen) == len(warm.rijen) == verwacht
    assert notebooks == sorted(p.relative_to(warm.uitvoer) for p in warm.uitvoer.rglob("*.ipynb"))
    for rel in notebooks:
        a = _zonder_map(_cellen(warm.uitvoer / rel), warm.map)
        b = _zonder_map(_cellen(uit / rel), tmp_path)
        assert len(a) == len(b)
        for i, (x, y) in enumerate(zip(a, b)):
            assert x == y, f"{rel}: cel {i} verschilt tussen koude en warme kernel"
    def resultaten(map_):  # the result tables; not the snapshots of the run history
        return sorted(p.relative_to(map_) for p in map_.rglob("*.parquet") if momentopname.MAP not in p.parts)
    tabellen = resultaten(uit)
    assert tabellen and tabellen == resultaten(warm.uitvoer)
    for rel in tabellen:
        pd.testing.assert_frame_equal(pd.read_parquet(warm.uitvoer / rel), pd.read_parquet(uit / rel))
    assert paden.REGIO in {p.parts[1] for p in tabellen}


def test_herstel_ruimt_het_vorige_notebook_op_met_een_enkele_collectie_en_bevriest_de_rest():
    """herstel collects once, after the namespace is cleared (IPython's own collection inside reset walks a
    heap that still holds everything), frees the notebook's cyclic garbage, and freezes what survives.
    In a child process: an IPython shell takes over ``__main__`` of the process it lives in."""
    import subprocess
    import sys

    code = """
import gc, json, weakref
from IPython.core.interactiveshell import InteractiveShell
from wzlib import warm

shell = InteractiveShell.instance()

class Knoop:
    pass

a, b = Knoop(), Knoop()
a.ander, b.ander = b, a  # a cycle: only the collector frees it
ref = weakref.ref(a)
shell.user_ns["cyclus"] = a
del a, b
collecties = []

def tel(fase, info):
    if fase == "start" and info["generation"] == 2:
        collecties.append(1)

voor = gc.get_freeze_count()
gc.callbacks.append(tel)
warm.herstel()
gc.callbacks.remove(tel)
print(json.dumps({"weg": "cyclus" not in shell.user_ns, "vrij": ref() is None, "collecties": len(collecties),
                  "bevroren": gc.get_freeze_count() > voor, "collect_terug": gc.collect() >= 0}))
"""
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert uit.returncode == 0, uit.stderr
    assert json.loads(uit.stdout.strip().splitlines()[-1]) == {
        "weg": True, "vrij": True, "collecties": 1, "bevroren": True, "collect_terug": True}
