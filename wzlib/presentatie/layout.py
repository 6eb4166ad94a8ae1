"""Layout of the report charts: matplotlib's ``tight_layout`` with a rect, with every axes measured once.

With a ``rect``, ``Figure.tight_layout`` measures the tight box of every axes in two passes at the same axes
positions. Measuring (tick labels, texts, legends) is most of a chart's layout time, so :func:`strakke_indeling`
measures once and applies both passes' arithmetic (:func:`_marges`) to the same boxes.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import Bbox


def _marges(fig: Figure, hspaces: np.ndarray, vspaces: np.ndarray, pad_inch: float, rect) -> dict | None:
    """Subplot parameters from the measured spaces around the axes (figure fractions), by the arithmetic of
    matplotlib's ``_tight_layout._auto_adjust_subplotpars``, operation for operation."""
    rows, cols = hspaces.shape[0], vspaces.shape[1]
    breedte, hoogte = fig.get_size_inches()
    if rect is None:
        links = onder = rechts = boven = None
    else:
        links, onder, _rechts, _boven = rect
        rechts = 1 - _rechts if _rechts else None
        boven = 1 - _boven if _boven else None
    if not links:
        links = max(hspaces[:, 0].max(), 0) + pad_inch / breedte
    if not rechts:
        rechts = max(hspaces[:, -1].max(), 0) + pad_inch / breedte
    if not boven:
        boven = max(vspaces[0, :].max(), 0) + pad_inch / hoogte
        titel = fig._suptitle
        if titel and titel.get_in_layout():
            boven += fig.transFigure.inverted().transform_bbox(
                titel.get_window_extent(fig.canvas.get_renderer())).height + pad_inch / hoogte
    if not onder:
        onder = max(vspaces[-1, :].max(), 0) + pad_inch / hoogte
    if links + rechts >= 1 or onder + boven >= 1:
        return None  # tight_layout: "not applied"
    uit = dict(left=links, right=1 - rechts, bottom=onder, top=1 - boven)
    if cols > 1:
        hspace = hspaces[:, 1:-1].max() + pad_inch / breedte
        h_axes = (1 - rechts - links - hspace * (cols - 1)) / cols
        if h_axes < 0:
            return None
        uit["wspace"] = hspace / h_axes
    if rows > 1:
        vspace = vspaces[1:-1, :].max() + pad_inch / hoogte
        v_axes = (1 - boven - onder - vspace * (rows - 1)) / rows
        if v_axes < 0:
            return None
        uit["hspace"] = vspace / v_axes
    return uit


def strakke_indeling(fig: Figure, rect: tuple[float, float, float, float], pad: float = 1.08) -> None:
    """``fig.tight_layout(rect=rect, pad=pad)``, with every axes measured once instead of twice.

    With a ``rect``, matplotlib's tight_layout measures the tight box of every axes in two passes at the same
    axes positions: the first without the rect, the second with the rect narrowed by the first pass's
    margins. Measuring (tick labels, texts, legends) is most of a chart's layout time, so here the boxes are
    measured once and both passes' arithmetic is applied to them (:func:`_marges`): the same subplot
    parameters, to the last bit (tests/test_presentatie.py compares with tight_layout). Figures outside the
    plain case (an axes outside one grid, a supxlabel/supylabel) get tight_layout itself.
    """
    specs = [None if ax.get_axes_locator() is not None or ax.get_subplotspec() is None
             else ax.get_subplotspec().get_topmost_subplotspec() for ax in fig.axes]
    if (not fig.axes or None in specs or len({ss.get_gridspec() for ss in specs}) != 1
            or fig._supxlabel is not None or fig._supylabel is not None):
        fig.tight_layout(rect=rect, pad=pad)
        return
    groepen: dict[Any, list] = {}
    for ax, ss in zip(fig.axes, specs):
        groepen.setdefault(ss, []).append(ax)
    rows, cols = specs[0].get_gridspec().get_geometry()
    hspaces, vspaces = np.zeros((rows, cols + 1)), np.zeros((rows + 1, cols))
    renderer = fig.canvas.get_renderer()
    naar_figuur = fig.transFigure.inverted()
    with getattr(renderer, "_draw_disabled", nullcontext)():
        for ss, assen in groepen.items():
            zichtbaar = [ax for ax in assen if ax.get_visible()]
            if not zichtbaar:
                continue
            ax_bbox = ss.get_position(fig)
            strak = naar_figuur.transform_bbox(
                Bbox.union([ax.get_tightbbox(renderer, for_layout_only=True) for ax in zichtbaar]))
            hspaces[ss.rowspan, ss.colspan.start] += ax_bbox.xmin - strak.xmin
            hspaces[ss.rowspan, ss.colspan.stop] += strak.xmax - ax_bbox.xmax
            vspaces[ss.rowspan.start, ss.colspan] += strak.ymax - ax_bbox.ymax
            vspaces[ss.rowspan.stop, ss.colspan] += ax_bbox.ymin - strak.ymin
        pad_inch = pad * (FontProperties(size=rcParams["font.size"]).get_size_in_points() / 72)
        eerste = _marges(fig, hspaces, vspaces, pad_inch, None)
        if eerste is None:
            return
        links, onder, rechts, boven = rect
        uit = _marges(fig, hspaces, vspaces, pad_inch,
                      (links + eerste["left"], onder + eerste["bottom"], rechts - (1 - eerste["right"]),
                       boven - (1 - eerste["top"])))
    if uit:
        fig.subplots_adjust(**uit)
