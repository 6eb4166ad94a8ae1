"""Inside a warm kernel: warm it up once, and between two notebooks give the next one a clean start.

A warm kernel (:mod:`wzlib.warmkernel`, ``wz run`` without ``--koude-kernels``) runs successive step
notebooks in one Python process. This module runs *in that kernel*:

* :func:`opwarmen` (once, after the kernel starts): imports what every step notebook imports (wzlib,
  pandas, pyarrow, matplotlib, seaborn), takes a snapshot of the process state a notebook may change, and
  then draws and saves one chart in the house style so the font cache, the Agg renderer and the PNG
  writer are warm. The drawing's side effects are undone. Not geopandas, shapely and pyproj
  (about 45 MB in every kernel): only the maps of the spreiding step use them, once per regio, and
  :mod:`wzlib.presentatie.kaarten` imports them itself.
* :func:`herstel` (before every notebook): closes all figures, clears the user namespace like
  ``%reset -f`` (and the execution counter, so cell numbers match a fresh kernel), and restores the
  working folder, the environment, ``sys.path``, matplotlib's rcParams, the warnings filters (with the
  "already shown" registries, so a warning shows in every notebook as it would in a fresh kernel) and
  the global random generators of ``random`` and numpy.

After warming, :func:`opwarmen` freezes the garbage collector's view of the warm heap (``gc.freeze``), and
:func:`herstel` does the same after each notebook with what survives it (modules and caches a notebook
loaded the first time): the collections between and inside notebooks then only walk objects the current
notebook made.

The snapshot lives on the IPython shell object (one per kernel), not in a wzlib module: wzlib has no
module-level mutable state that a notebook could leave behind for the next one (checked by
``tests/test_warmkernel.py``).
"""

from __future__ import annotations

import copy
import gc
import os
import random
import sys
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import analyse, catalogus, resultaten, stappen  # noqa: F401 - what every step notebook imports
from .presentatie import grafieken, kaarten, tabellen  # noqa: F401
from .presentatie.afscherming import Regels

_ATTRIBUUT = "_wz_warm_toestand"


@dataclass
class Toestand:
    """What a notebook may change in the process and :func:`herstel` puts back."""

    environ: dict[str, str]
    sys_path: list[str]
    filters: list
    rcparams: dict[str, Any]
    random_state: Any
    numpy_state: Any


def _shell():
    from IPython import get_ipython

    return get_ipython()


def _neem_toestand() -> Toestand:
    import matplotlib

    return Toestand(environ=dict(os.environ), sys_path=list(sys.path), filters=list(warnings.filters),
                    rcparams=copy.deepcopy(dict(matplotlib.rcParams)), random_state=random.getstate(),
                    numpy_state=np.random.get_state())


def _zet_toestand_terug(t: Toestand) -> None:
    import matplotlib

    os.environ.clear()
    os.environ.update(t.environ)
    sys.path[:] = t.sys_path
    warnings.filters[:] = t.filters
    warnings._filters_mutated()  # invalidates every module's __warningregistry__ (warnings shown once)
    getattr(warnings, "onceregistry", {}).clear()
    # like matplotlib.rc_context: bypass validation, the values came from rcParams itself
    dict.update(matplotlib.rcParams, copy.deepcopy(t.rcparams))
    random.setstate(t.random_state)
    np.random.set_state(t.numpy_state)


def _sluit_figuren() -> None:
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _teken_proef() -> None:
    """One chart in the house style, rendered to PNG and thrown away."""
    regels = Regels()
    df = pd.DataFrame({"gebied": ["A", "B"], "waarde": [10.0, 20.0]})
    fig = grafieken.staaf(df, x="gebied", y="waarde", bron="opwarmen", regels=regels, titel="Opwarmen")
    fig.to_html()


def opwarmen(tekenen: bool = True) -> None:
    """Import the libraries of the step notebooks, snapshot the state, draw once, restore the state."""
    import IPython.display  # noqa: F401
    import matplotlib.pyplot  # noqa: F401 - activates the inline backend as a notebook's first chart would

    grafieken._seaborn()  # seaborn without scipy.stats, before anything else imports scipy.stats

    shell = _shell()
    t = _neem_toestand()
    if shell is not None:
        setattr(shell, _ATTRIBUUT, t)
    if tekenen:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _teken_proef()
        finally:
            _sluit_figuren()
            _zet_toestand_terug(t)
    gc.collect()
    # What lives now (modules, fonts, the warm renderer) lives as long as the kernel: out of the collector's
    # sight, so the gc.collect() in herstel and the automatic full collections during a notebook only walk
    # the notebook's own objects (a full collection over the warm heap costs ~0.2 s CPU each time).
    gc.freeze()


def herstel(cwd: str | None = None) -> None:
    """Give the next notebook a clean start (see the module docstring). ``cwd``: its working folder."""
    shell = _shell()
    t = getattr(shell, _ATTRIBUUT, None) if shell is not None else None
    _sluit_figuren()
    if shell is not None:
        with _zonder_tussentijdse_collectie():
            shell.reset(new_session=True)  # %reset -f, and the execution counter back to 1
    if t is not None:
        _zet_toestand_terug(t)
    if cwd:
        os.chdir(cwd)
    gc.collect()
    # What survives the collection is the kernel's own (modules and caches a notebook imported or filled
    # the first time): out of the collector's sight from now on, like the warm heap after opwarmen. Each
    # collection then walks only the objects of the notebook that made them (before: ~75 ms per full
    # collection, twice per notebook). Garbage is never frozen: the collection came first.
    gc.freeze()


class _zonder_tussentijdse_collectie:
    """IPython's ``reset`` collects garbage while the notebook's namespace still holds everything (the
    output cache is flushed before the namespace is cleared), so that collection frees nothing and walks
    the whole heap: skip it; :func:`herstel` collects once, after the namespace is gone."""

    def __enter__(self):
        self.collect = gc.collect
        gc.collect = lambda *a, **k: 0
        return self

    def __exit__(self, *exc):
        gc.collect = self.collect
        return False
