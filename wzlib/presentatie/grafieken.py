"""Report charts in one seaborn house style, with Dutch axes, source line and disclosure control.

Every chart function applies :func:`stijl`, suppresses small counts (not drawn, marker and note added),
puts the source line under the chart and returns a :class:`Grafiek` (a matplotlib ``Figure``) that
carries a short text alternative (``alt_tekst``) and the plotted values as a table (``samenvatting``).
In Jupyter the figure shows as an ``<img alt=...>`` with the data table in a ``<details>`` block.

Figures are created without pyplot, so a notebook shows a chart once: put the call last in its cell.
"""

from __future__ import annotations

import base64
import html
import io
import sys
import textwrap
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .afscherming import Regels, controleer_regels, scherm_reeks_af
from .getallen import PresentatieFout, Soort, formatteer, nl_as, nl_getal, nl_jaar_as, nl_pct
from .layout import strakke_indeling
from .tabellen import MIME_TABEL, Bron, bronregel, tabel

DPI = 150  # of the PNG in the reports (8 inch wide: 1200 pixels, sharp on a laptop screen and on A4)
MAX_CATEGORIEEN = 4  # conventies: at most 4 colour categories
ARCERINGEN = (None, "///", "...", "xxx", "\\\\\\", "++")
LIJNSTIJLEN = ("-", "--", ":", "-.")
MARKERS = ("o", "s", "^", "D", "v", "P")
GRIJS = "#6b6b6b"
TEKSTKLEUR = "#222222"

_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "sans-serif"],
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.labelcolor": TEKSTKLEUR,
    "axes.edgecolor": "#444444",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "legend.fontsize": 10,
    "legend.title_fontsize": 10,
    "legend.frameon": False,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "text.color": TEKSTKLEUR,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "hatch.linewidth": 0.8,
    "axes.unicode_minus": False,
}


def _seaborn():
    """seaborn, imported without ``scipy.stats`` when nothing else has loaded it yet.

    seaborn imports ``scipy.stats`` at import time only for its KDE plots (it ships its own copy of
    ``gaussian_kde`` for when scipy is absent); the house style never draws a KDE, and that import costs
    about 2 s in every notebook kernel (measured in bench/bench_batch.py). ``scipy.stats`` stays
    importable afterwards.
    """
    if "seaborn" in sys.modules:
        return sys.modules["seaborn"]
    verbergen = "scipy.stats" not in sys.modules
    if verbergen:
        sys.modules["scipy.stats"] = None  # type: ignore[assignment]  # makes "from scipy.stats import" fail
    try:
        import seaborn
    finally:
        if verbergen and sys.modules.get("scipy.stats", False) is None:
            del sys.modules["scipy.stats"]
    return seaborn


def palet(n: int | None = None) -> list:
    """The house palette (seaborn "colorblind"); with ``n``, that many colours (cycling after 10)."""
    sns = _seaborn()

    return list(sns.color_palette("colorblind") if n is None else sns.color_palette("colorblind", max(n, 1)))


def stijl() -> None:
    """Apply the house style: seaborn whitegrid + "colorblind" palette, readable font sizes, no top/right
    spines. Called by every chart function; call it yourself before drawing a chart by hand."""
    sns = _seaborn()

    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind", rc=_RC)


class Grafiek(Figure):
    """A matplotlib Figure with a text alternative (``alt_tekst``) and the plotted values
    (``samenvatting``, a frame of display texts). Shows as accessible HTML in Jupyter/nbconvert."""

    alt_tekst: str = ""
    samenvatting: pd.DataFrame | None = None
    bron: str = ""
    regels: Regels | None = None

    def png(self, dpi: int = DPI) -> bytes:
        """The chart as PNG bytes, drawn once at ``dpi`` on white and stored with a palette of at most 256
        colours: a chart has a handful of colours and their anti-aliased edges, so the image looks the same
        (at most 14 of 255 steps off, on edge pixels) at a quarter of the bytes of a full-colour PNG, and
        encodes faster (bench/bench_grafieken.py)."""
        from PIL import Image

        if self.dpi != dpi:
            self.set_dpi(dpi)
        canvas = self.canvas if isinstance(self.canvas, FigureCanvasAgg) else FigureCanvasAgg(self)
        achtergrond = self.get_facecolor()
        self.set_facecolor("white")
        try:
            canvas.draw()
            beeld = Image.frombuffer("RGBA", canvas.get_width_height(physical=True), canvas.buffer_rgba(),
                                     "raw", "RGBA", 0, 1).convert("RGB")
        finally:
            self.set_facecolor(achtergrond)
        palet_beeld = beeld.quantize(colors=256, method=Image.Quantize.FASTOCTREE)
        # the background exactly white (the octree gives its bucket's mean, 254): the corner is background
        kleuren, wit = palet_beeld.getpalette(), palet_beeld.getpixel((0, 0))
        kleuren[3 * wit:3 * wit + 3] = [255, 255, 255]
        palet_beeld.putpalette(kleuren)
        buf = io.BytesIO()
        palet_beeld.save(buf, format="png")
        return buf.getvalue()

    def _gegevenstabel(self):
        """The plotted values as a report table (None without values)."""
        if self.samenvatting is None or self.samenvatting.empty:
            return None
        return tabel(self.samenvatting, bron=self.bron or "onbekend", titel="Gegevens bij de figuur",
                     regels=self.regels)

    def to_html(self, _tabel=None) -> str:
        """``<figure>`` with the image (``alt`` = text alternative) and the data table in ``<details>``."""
        b64 = base64.b64encode(self.png()).decode("ascii")
        breedte = int(round(self.get_figwidth() * 100))
        delen = [
            '<figure class="wz-grafiek" style="margin:0.5em 0 1.2em 0">',
            f'<img src="data:image/png;base64,{b64}" alt="{html.escape(self.alt_tekst)}" '
            f'width="{breedte}" style="max-width:100%;height:auto">',
        ]
        t = _tabel if _tabel is not None else self._gegevenstabel()
        if t is not None:
            delen.append("<details><summary>Tabel bij deze figuur</summary>")
            delen.append(t.to_html())
            delen.append("</details>")
        delen.append("</figure>")
        return "\n".join(delen)

    def _repr_mimebundle_(self, include=None, exclude=None):
        t = self._gegevenstabel()  # made once, for the HTML and for the downloads
        uit = {"text/html": self.to_html(_tabel=t), "text/plain": self.alt_tekst or repr(self)}
        if t is not None:
            # the data table as data for the downloads (see tabellen.MIME_TABEL), named after the chart
            b = t.bundel()
            kop = (self._suptitle.get_text() if self._suptitle else "") or next(
                (t for ax in self.axes if (t := ax.get_title())), "") or self.alt_tekst.split(". ")[0]
            uit[MIME_TABEL] = b | {"blad": kop}
        return uit


class GeenGrafiek:
    """What a chart function returns when there is nothing to draw: one sentence instead of an empty chart
    (with '-0' on its axes). Unknown is not zero, so the sentence says the figures are missing."""

    samenvatting = None

    def __init__(self, titel: str, reden: str):
        self.titel, self.reden = titel, reden

    @property
    def alt_tekst(self) -> str:
        return f"{self.titel}: {self.reden}"

    def to_html(self) -> str:
        return (f'<p class="wz-geen-grafiek"><strong>{html.escape(self.titel)}.</strong> '
                f"{html.escape(self.reden)}</p>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "text/plain": self.alt_tekst}

    def __repr__(self) -> str:
        return self.alt_tekst


def _niets_te_tekenen(waarden: pd.Series, masker: pd.Series, titel: str) -> GeenGrafiek | None:
    """A :class:`GeenGrafiek` when no value is left to draw (all missing, or all suppressed)."""
    if pd.to_numeric(waarden, errors="coerce").notna().any():
        return None
    if bool(masker.any()):
        return GeenGrafiek(titel, "Geen grafiek: alle cijfers zijn kleiner dan de drempel voor kleine aantallen "
                                  "en worden daarom niet getoond.")
    return GeenGrafiek(titel, "Geen grafiek: voor deze figuur zijn (nog) geen cijfers. Ze ontbreken in de "
                              "gegevens; dat betekent niet dat het aantal nul is.")


def tekst_samenvatting(fig: Figure) -> str:
    """The short Dutch text alternative of a chart made by this module."""
    return getattr(fig, "alt_tekst", "") or ""


def _nieuwe_figuur(figsize: tuple[float, float], ncols: int = 1, **kw) -> tuple[Grafiek, Any]:
    stijl()
    # drawn at the resolution of the PNG from the start: the layout (tight_layout) and the final drawing then
    # share one renderer and its text measurements
    fig = Grafiek(figsize=figsize, dpi=DPI)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols, **kw)
    return fig, axes


def _afwerken(fig: Grafiek, regels: Regels, titel: str | None, bron: Bron, noten: Sequence[str] = (),
              alt_tekst: str = "", samenvatting: pd.DataFrame | None = None,
              indeling: Callable[[float, float], None] | None = None) -> Grafiek:
    """Title (top left), notes and source line (bottom left), layout; stores alt text and table.

    ``indeling(onder, boven)``: own layout of the axes between these figure fractions (maps);
    default ``tight_layout``.
    """
    regel = bronregel(bron)
    breedte, hoogte = fig.get_size_inches()
    tekens = max(40, int(breedte * 15))
    onder: list[str] = []
    for n in [*noten, regel]:
        onder.extend(textwrap.wrap(n, tekens) or [""])
    regel_h = 0.19  # inch per 8.5 pt line
    y = 0.08 / hoogte
    for tekst in reversed(onder):
        fig.text(0.012, y, tekst, ha="left", va="bottom", fontsize=8.5,
                 color=GRIJS if tekst in textwrap.wrap(regel, tekens) else TEKSTKLEUR)
        y += regel_h / hoogte
    onderkant = y + 0.06 / hoogte
    bovenkant = 1.0
    if titel:
        titelregels = textwrap.wrap(titel, max(30, int(breedte * 9)))
        fig.suptitle("\n".join(titelregels), x=0.012, y=1 - 0.1 / hoogte, ha="left", va="top",
                     fontsize=13, fontweight="bold")
        if indeling is not None:  # tight_layout reserves the suptitle's height itself
            bovenkant = 1 - (0.22 + 0.26 * len(titelregels)) / hoogte
    if indeling is not None:
        indeling(onderkant, bovenkant)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            strakke_indeling(fig, (0, onderkant, 1, bovenkant))
        _zonder_layout_engine(fig)
    fig.alt_tekst = alt_tekst
    fig.samenvatting = samenvatting
    fig.bron = regel
    fig.regels = regels
    return fig


def _zonder_layout_engine(fig: Figure) -> None:
    """After the layout is done: no layout engine at all. ``tight_layout`` leaves a placeholder engine, and
    with any engine set, ``savefig`` draws the whole figure once more (without output) before drawing it
    for the image: a second draw of every chart for nothing. The image stays the same, pixel for pixel."""
    if not (rcParams["figure.autolayout"] or rcParams["figure.constrained_layout.use"]):
        fig.set_layout_engine(None)  # None: the rcParams' default, which is no engine


def _controleer(df: pd.DataFrame, kolommen: Sequence[str | None], functie: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise PresentatieFout(f"{functie}() verwacht een DataFrame, niet {type(df).__name__}.")
    ontbreekt = [k for k in kolommen if k is not None and k not in df.columns]
    if ontbreekt:
        raise PresentatieFout(f"{functie}(): onbekende kolom(men) {', '.join(map(str, ontbreekt))} "
                              f"(aanwezig: {', '.join(map(str, df.columns))}).")
    if df.empty:
        raise PresentatieFout(f"{functie}(): de tabel is leeg; er valt niets te tekenen.")


def _is_jaar(s: pd.Series) -> bool:
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        return False
    v = pd.to_numeric(s, errors="coerce").dropna()
    return bool(len(v)) and bool(((v % 1) == 0).all()) and bool(v.between(1800, 2200).all())


def _label(v: Any) -> str:
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v)


def _hue_niveaus(df: pd.DataFrame, hue: str | None, volgorde: Sequence | None = None) -> list:
    if hue is None:
        return [None]
    niveaus = list(volgorde) if volgorde is not None else list(pd.unique(df[hue].dropna()))
    if len(niveaus) > MAX_CATEGORIEEN:
        warnings.warn(f"'{hue}' heeft {len(niveaus)} categorieën; meer dan {MAX_CATEGORIEEN} kleuren zijn "
                      "moeilijk te onderscheiden. Overweeg categorieën samen te voegen.", stacklevel=3)
    return niveaus


def _afscherm(waarden: pd.Series, soort: str, kwetsbaar: bool, r: Regels,
              noemer: pd.Series | None) -> tuple[pd.Series, pd.Series]:
    """Values to draw (suppressed = NaN) and the suppression mask, by kind of value."""
    if soort in ("aantal", "int"):
        res = scherm_reeks_af(waarden, regels=r, kwetsbaar=kwetsbaar)
    elif noemer is not None:
        res = scherm_reeks_af(waarden, regels=r, noemer=noemer)
    else:
        w = pd.to_numeric(waarden, errors="coerce").astype(float)
        return w, pd.Series(False, index=w.index)
    return res.waarden, res.masker


def _noot(r: Regels, soort: str, kwetsbaar: bool, n: int, wat: str = "niet getekend") -> list[str]:
    if n == 0:
        return []
    if soort in ("aantal", "int"):
        return [f"{r.teken(kwetsbaar)}: minder dan {r.drempel(kwetsbaar)}; {wat} (afscherming kleine aantallen)."]
    return [f"{r.teken_noemer()}: percentage over minder dan {r.min_noemer}; {wat}."]


def _fmt(v: Any, soort: str, decimalen: int | None) -> str:
    return formatteer(v, "aantal" if soort == "int" else soort, decimalen)


def _weergave(v: float, gemaskeerd: bool, soort: str, kwetsbaar: bool, r: Regels, decimalen) -> str:
    if gemaskeerd:
        return r.teken(kwetsbaar) if soort in ("aantal", "int") else r.teken_noemer()
    return _fmt(v, soort, decimalen)


# --------------------------------------------------------------------------------------------- staaf
def staaf(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    bron: Bron,
    titel: str,
    hue: str | None = None,
    kwetsbaar: bool = False,
    horizontaal: bool = False,
    soort: Soort = "aantal",
    noemer: str | None = None,
    regels: Regels,
    xlabel: str | None = None,
    ylabel: str | None = None,
    waarden_tonen: bool | None = None,
    decimalen: int | None = None,
    volgorde: Sequence | None = None,
    hue_volgorde: Sequence | None = None,
    figsize: tuple[float, float] | None = None,
    markeer: str | Sequence[str] | None = None,
) -> Grafiek | GeenGrafiek:
    """Bar chart of ``y`` per ``x`` (grouped by ``hue``); one row per bar in ``df``.

    ``markeer``: the ``x`` value(s) to highlight (the report's own gemeente): a strong colour and a bold
    label, the other bars grey (without ``hue``). Nothing to draw: a :class:`GeenGrafiek` sentence.

    ``soort``: "aantal" (counts: ``0 < y < drempel`` not drawn, marked with "<10"), "pct" (fractions; with ``noemer`` bars on a denominator ``< min_noemer`` are not drawn),
    "getal" or "bedrag". Value labels in Dutch notation on the bars (default when ≤ 30 bars); hue levels
    differ in colour and hatching, never colour alone.
    """
    _controleer(df, [x, y, hue, noemer], "staaf")
    r = controleer_regels(regels)
    sleutel = [x] + ([hue] if hue else [])
    if df.duplicated(subset=sleutel).any():
        raise PresentatieFout(f"staaf(): meerdere regels per {' en '.join(sleutel)}; tel of middel eerst op.")
    data = df.reset_index(drop=True)
    waarden, masker = _afscherm(data[y], soort, kwetsbaar, r, data[noemer] if noemer else None)
    leeg = _niets_te_tekenen(waarden, masker, titel)
    if leeg is not None:
        return leeg
    gemarkeerd = {markeer} if isinstance(markeer, str) else set(markeer or ())
    categorieen = list(volgorde) if volgorde is not None else list(pd.unique(data[x]))
    niveaus = _hue_niveaus(data, hue, hue_volgorde)
    n_cat, n_hue = len(categorieen), len(niveaus)
    if figsize is None:
        figsize = (8, max(3.5, 0.45 * n_cat * max(1, n_hue * 0.6) + 2.2)) if horizontaal else (8, 5)
    fig, ax = _nieuwe_figuur(figsize)
    kleuren = palet(n_hue)
    breedte = 0.8 / n_hue
    pos = np.arange(n_cat, dtype=float)
    if waarden_tonen is None:
        waarden_tonen = n_cat * n_hue <= 30
    markers: list[tuple[float, str]] = []
    for j, niveau in enumerate(niveaus):
        sel = data[hue] == niveau if hue else pd.Series(True, index=data.index)
        plek = {c: i for i, c in enumerate(categorieen)}
        rijen = data.index[sel & data[x].isin(categorieen)]
        p = np.array([plek[data.at[i, x]] for i in rijen], dtype=float) + (j - (n_hue - 1) / 2) * breedte
        v = waarden.loc[rijen].to_numpy(dtype=float)
        m = masker.loc[rijen].to_numpy(dtype=bool)
        ok = ~np.isnan(v)
        kw = dict(color=kleuren[j], label=_label(niveau) if hue else None, edgecolor="white", linewidth=0.6,
                  hatch=ARCERINGEN[j % len(ARCERINGEN)] if n_hue > 1 else None)
        if gemarkeerd and not hue:
            kw["color"] = [kleuren[0] if data.at[i, x] in gemarkeerd else "#a9a9a9"
                           for i, goed in zip(rijen, ok) if goed]
        if horizontaal:
            cont = ax.barh(p[ok], v[ok], height=breedte * 0.95, **kw)
        else:
            cont = ax.bar(p[ok], v[ok], width=breedte * 0.95, **kw)
        if waarden_tonen and ok.any():
            ax.bar_label(cont, labels=[_fmt(w, soort, decimalen) for w in v[ok]], padding=2,
                         fontsize=9, color=TEKSTKLEUR)
        markers.extend((pp, r.teken(kwetsbaar) if soort in ("aantal", "int") else r.teken_noemer())
                       for pp in p[m])
        markers.extend((pp, "ontbreekt") for pp in p[np.isnan(v) & ~m])  # a bar without a figure says so
    for pp, teken in markers:  # a visible marker where a suppressed bar would be
        if horizontaal:
            ax.annotate(teken, (0, pp), xytext=(3, 0), textcoords="offset points", ha="left", va="center",
                        fontsize=9, color=GRIJS, fontstyle="italic")
        else:
            ax.annotate(teken, (pp, 0), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                        fontsize=9, color=GRIJS, fontstyle="italic")
    labels = [_label(c) for c in categorieen]
    waarde_as = "x" if horizontaal else "y"
    if horizontaal:
        ax.set_yticks(pos, labels)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.set_ylabel(xlabel if xlabel is not None else x)
        ax.set_xlabel(ylabel if ylabel is not None else y)
    else:
        ax.set_xticks(pos, labels)
        ax.grid(axis="x", visible=False)
        if n_cat > 4 and max(len(s) for s in labels) > 10:
            ax.tick_params(axis="x", labelrotation=30)
            for t in ax.get_xticklabels():
                t.set_ha("right")
                t.set_rotation_mode("anchor")
        ax.set_xlabel(xlabel if xlabel is not None else x)
        ax.set_ylabel(ylabel if ylabel is not None else y)
    nl_as(ax, waarde_as, "int" if soort in ("aantal", "int") else soort)
    if gemarkeerd:
        for t, c in zip(ax.get_yticklabels() if horizontaal else ax.get_xticklabels(), categorieen):
            if c in gemarkeerd:
                t.set_fontweight("bold")
    if waarden_tonen:
        ax.margins(**{waarde_as: 0.1})
    if hue:
        ax.legend(title=hue, loc="upper left", bbox_to_anchor=(1.0, 1.0))

    # text alternative and data table
    tab = data[sleutel].copy()
    tab[ylabel or y] = [_weergave(v, m, soort, kwetsbaar, r, decimalen)
                        for v, m in zip(waarden, masker)]
    if hue:
        tab = tab.pivot(index=x, columns=hue, values=ylabel or y).reindex(categorieen).reset_index()
        tab.columns = [_label(c) for c in tab.columns]
    tab = tab.astype(str)
    zichtbaar = waarden.dropna()
    alt = f"Staafdiagram: {titel}. {ylabel or y} per {xlabel or x}" + (f" en {hue}" if hue else "") + "."
    if len(zichtbaar):
        hoog, laag = zichtbaar.idxmax(), zichtbaar.idxmin()

        def _wie(i):
            return _label(data.at[i, x]) + (f" ({_label(data.at[i, hue])})" if hue else "")

        alt += (f" Hoogste waarde: {_wie(hoog)}, {_fmt(zichtbaar[hoog], soort, decimalen)}; "
                f"laagste: {_wie(laag)}, {_fmt(zichtbaar[laag], soort, decimalen)}.")
    n_weg = int(masker.sum())
    if n_weg:
        alt += f" {n_weg} {'waarde is' if n_weg == 1 else 'waarden zijn'} afgeschermd."
    if gemarkeerd:
        alt += f" Gemarkeerd: {', '.join(_label(c) for c in categorieen if c in gemarkeerd)}."
    return _afwerken(fig, r, titel, bron, _noot(r, soort, kwetsbaar, n_weg), alt, tab)


# ---------------------------------------------------------------------------------------------- lijn
def _x_as(ax, data: pd.DataFrame, x: str) -> None:
    if _is_jaar(data[x]):
        nl_jaar_as(ax, "x")
    elif pd.api.types.is_numeric_dtype(data[x]):
        nl_as(ax, "x", "getal")


def _legenda_boven(ax, titel: str | None = None) -> None:
    """Legend in a row above the plot area (keeps the right side free for line-end labels)."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, labels, title=titel, loc="lower left", bbox_to_anchor=(0.0, 1.01),
                  ncol=min(len(handles), 2), alignment="left", borderaxespad=0.0)


def _eind_label(ax, xs, ys, tekst: str, kleur) -> None:
    ok = ~np.isnan(ys)
    if ok.any():
        i = np.flatnonzero(ok)[-1]
        ax.annotate(tekst, (xs[i], ys[i]), xytext=(6, 0), textcoords="offset points", va="center",
                    fontsize=9.5, color=kleur, fontweight="bold", annotation_clip=False)


def lijn(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    bron: Bron,
    titel: str,
    hue: str | None = None,
    soort: Soort = "getal",
    kwetsbaar: bool = False,
    noemer: str | None = None,
    regels: Regels,
    xlabel: str | None = None,
    ylabel: str | None = None,
    decimalen: int | None = None,
    hue_volgorde: Sequence | None = None,
    figsize: tuple[float, float] = (8, 5),
) -> Grafiek | GeenGrafiek:
    """Line chart of ``y`` over ``x`` (e.g. jaar), one line per ``hue`` level, each with its own colour,
    line style and marker and a label at its end. Counts (``soort="aantal"``) below the threshold are not
    drawn (gap in the line) and noted; years on the x axis have no thousands separator. Nothing to draw:
    a :class:`GeenGrafiek` sentence."""
    _controleer(df, [x, y, hue, noemer], "lijn")
    r = controleer_regels(regels)
    data = df.sort_values(x).reset_index(drop=True)
    waarden, masker = _afscherm(data[y], soort, kwetsbaar, r, data[noemer] if noemer else None)
    leeg = _niets_te_tekenen(waarden, masker, titel)
    if leeg is not None:
        return leeg
    niveaus = _hue_niveaus(data, hue, hue_volgorde)
    fig, ax = _nieuwe_figuur(figsize)
    kleuren = palet(len(niveaus))
    for j, niveau in enumerate(niveaus):
        sel = (data[hue] == niveau).to_numpy(dtype=bool) if hue else np.ones(len(data), dtype=bool)
        xs = data.loc[sel, x].to_numpy()
        ys = waarden[sel].to_numpy(dtype=float)
        ax.plot(xs, ys, color=kleuren[j], linestyle=LIJNSTIJLEN[j % len(LIJNSTIJLEN)],
                marker=MARKERS[j % len(MARKERS)], markersize=5, linewidth=2.2,
                label=_label(niveau) if hue else (ylabel or y))
        if hue:
            _eind_label(ax, xs, ys, _label(niveau), kleuren[j])
    _x_as(ax, data, x)
    nl_as(ax, "y", "int" if soort in ("aantal", "int") else soort)
    if soort in ("aantal", "int"):
        ax.set_ylim(bottom=0)
    ax.set_xlabel(xlabel if xlabel is not None else x)
    ax.set_ylabel(ylabel if ylabel is not None else y)
    ax.grid(axis="x", visible=False)
    if hue:
        _legenda_boven(ax, titel=hue)

    kolom = ylabel or y
    tab = data[[x] + ([hue] if hue else [])].copy()
    tab[kolom] = [_weergave(v, m, soort, kwetsbaar, r, decimalen) for v, m in zip(waarden, masker)]
    if hue:
        tab = tab.pivot(index=x, columns=hue, values=kolom).reset_index()
        tab.columns = [_label(c) for c in tab.columns]
    tab[x if x in tab.columns else tab.columns[0]] = tab[x if x in tab.columns else tab.columns[0]].map(_label)
    tab = tab.astype(str)
    alt = f"Lijndiagram: {titel}. {kolom} naar {xlabel or x}" + (f", per {hue}" if hue else "") + "."
    for niveau in niveaus[:MAX_CATEGORIEEN]:
        sel = (data[hue] == niveau) if hue else pd.Series(True, index=data.index)
        w = waarden[sel].dropna()
        if len(w) >= 1:
            eerste, laatste = w.index[0], w.index[-1]
            wie = f"{_label(niveau)}: " if hue else ""
            alt += (f" {wie}van {_fmt(w[eerste], soort, decimalen)} ({_label(data.at[eerste, x])}) "
                    f"naar {_fmt(w[laatste], soort, decimalen)} ({_label(data.at[laatste, x])}).")
    n_weg = int(masker.sum())
    return _afwerken(fig, r, titel, bron, _noot(r, soort, kwetsbaar, n_weg), alt, tab)


# --------------------------------------------------------------------------------------------- waaier
def waaier(
    df: pd.DataFrame,
    x: str,
    midden: str,
    laag: str,
    hoog: str,
    *,
    bron: Bron,
    titel: str,
    hue: str | None = None,
    soort: Soort = "aantal",
    kwetsbaar: bool = False,
    regels: Regels,
    xlabel: str | None = None,
    ylabel: str | None = None,
    label_midden: str = "Middenvariant",
    label_band: str = "Bandbreedte (laag–hoog)",
    start_prognose: Any = None,
    decimalen: int | None = None,
    hue_volgorde: Sequence | None = None,
    figsize: tuple[float, float] = (8, 5),
) -> Grafiek:
    """Fan chart: a band between ``laag`` and ``hoog`` and a line for ``midden`` over ``x`` (per ``hue``).

    For counts a point whose ``midden`` is below the threshold is left out entirely (band and line).
    ``start_prognose`` (an x value) draws a dotted vertical line marking where the forecast starts.
    """
    _controleer(df, [x, midden, laag, hoog, hue], "waaier")
    r = controleer_regels(regels)
    data = df.sort_values(x).reset_index(drop=True)
    m_waarden, masker = _afscherm(data[midden], soort, kwetsbaar, r, None)
    lo = pd.to_numeric(data[laag], errors="coerce").astype(float).mask(masker)
    hi = pd.to_numeric(data[hoog], errors="coerce").astype(float).mask(masker)
    niveaus = _hue_niveaus(data, hue, hue_volgorde)
    fig, ax = _nieuwe_figuur(figsize)
    kleuren = palet(len(niveaus))
    for j, niveau in enumerate(niveaus):
        sel = (data[hue] == niveau).to_numpy(dtype=bool) if hue else np.ones(len(data), dtype=bool)
        xs = data.loc[sel, x].to_numpy()
        naam = f"{_label(niveau)}: " if hue else ""
        ax.fill_between(xs, lo[sel].to_numpy(dtype=float), hi[sel].to_numpy(dtype=float), color=kleuren[j],
                        alpha=0.22, linewidth=0, label=f"{naam}{label_band}")
        ax.plot(xs, lo[sel], color=kleuren[j], linewidth=0.8, alpha=0.7)
        ax.plot(xs, hi[sel], color=kleuren[j], linewidth=0.8, alpha=0.7)
        ys = m_waarden[sel].to_numpy(dtype=float)
        ax.plot(xs, ys, color=kleuren[j], linewidth=2.4, linestyle=LIJNSTIJLEN[j % len(LIJNSTIJLEN)],
                label=f"{naam}{label_midden}")
        if hue:
            _eind_label(ax, xs, ys, _label(niveau), kleuren[j])
    if start_prognose is not None:
        ax.axvline(start_prognose, color=GRIJS, linestyle=":", linewidth=1.2)
        ax.annotate("prognose →", (start_prognose, 1), xycoords=("data", "axes fraction"), xytext=(4, -4),
                    textcoords="offset points", ha="left", va="top", fontsize=9, color=GRIJS)
    _x_as(ax, data, x)
    nl_as(ax, "y", "int" if soort in ("aantal", "int") else soort)
    if soort in ("aantal", "int"):
        ax.set_ylim(bottom=0)
    ax.set_xlabel(xlabel if xlabel is not None else x)
    ax.set_ylabel(ylabel if ylabel is not None else midden)
    ax.grid(axis="x", visible=False)
    _legenda_boven(ax)

    def _w(v, mk):
        return _weergave(v, mk, soort, kwetsbaar, r, decimalen)

    tab = pd.DataFrame({x: data[x].map(_label)})
    if hue:
        tab[hue] = data[hue].map(_label)
    tab[label_midden] = [_w(v, mk) for v, mk in zip(m_waarden, masker)]
    tab["laag"] = [_w(v, mk) for v, mk in zip(lo, masker)]
    tab["hoog"] = [_w(v, mk) for v, mk in zip(hi, masker)]
    alt = f"Waaierdiagram: {titel}. {label_midden} met bandbreedte van laag tot hoog, naar {xlabel or x}."
    for niveau in niveaus[:MAX_CATEGORIEEN]:
        sel = (data[hue] == niveau) if hue else pd.Series(True, index=data.index)
        w = m_waarden[sel].dropna()
        if len(w):
            i = w.index[-1]
            wie = f" {_label(niveau)}:" if hue else ""
            alt += (f"{wie} in {_label(data.at[i, x])} {_fmt(w[i], soort, decimalen)} "
                    f"(bandbreedte {_fmt(lo[i], soort, decimalen)} tot "
                    f"{_fmt(hi[i], soort, decimalen)}).")
    n_weg = int(masker.sum())
    return _afwerken(fig, r, titel, bron, _noot(r, soort, kwetsbaar, n_weg), alt, tab.astype(str))


# ------------------------------------------------------------------------------------------- piramide
def _klassen(df: pd.DataFrame, naam: str) -> pd.DataFrame:
    """Canonical bevolking rows → counts per 5-year class × geslacht (man/vrouw), with class labels."""
    _controleer(df, ["leeftijd_van", "leeftijd_tot", "geslacht", "aantal"], "piramide")
    d = df[df["geslacht"].astype("string").str.lower().isin(["man", "vrouw"])].copy()
    if d.empty:
        raise PresentatieFout(f"piramide(): {naam} heeft geen regels met geslacht 'man' of 'vrouw'.")
    for kol in ("gemeentecode", "jaar"):
        if kol in d.columns and d[kol].nunique(dropna=True) > 1:
            raise PresentatieFout(f"piramide(): {naam} bevat meer dan één {kol} "
                                  f"({', '.join(map(str, d[kol].dropna().unique()[:5]))}); selecteer er één.")
    van = pd.to_numeric(d["leeftijd_van"]).astype("Int64")
    tot = pd.to_numeric(d["leeftijd_tot"]).astype("Int64")
    open_van = van[tot.isna()]
    grens = int(open_van.min()) if len(open_van) else None
    if grens is not None and grens % 5:
        raise PresentatieFout(f"piramide(): de open klasse van {naam} begint bij {grens}; dat is geen "
                              "veelvoud van 5.")
    gesloten = tot.notna() & ((grens is None) | (van < (grens if grens is not None else 0)))
    fout = gesloten & ((van // 5) != (tot // 5))
    if fout.any():
        i = fout.idxmax()
        raise PresentatieFout(f"piramide(): leeftijdsklasse {van[i]}–{tot[i]} van {naam} past niet in "
                              "klassen van 5 jaar.")
    klasse = (van // 5) * 5
    if grens is not None:
        klasse = klasse.where(~(van >= grens), grens)
    d["klasse"] = klasse.astype(int)
    d["geslacht"] = d["geslacht"].astype("string").str.lower()
    d["aantal"] = pd.to_numeric(d["aantal"]).astype(float)
    out = d.groupby(["klasse", "geslacht"])["aantal"].sum().unstack("geslacht").reindex(
        columns=["man", "vrouw"]).fillna(0.0).sort_index()
    out.attrs["open"] = grens
    return out


def _klasse_label(k: int, grens: int | None) -> str:
    return f"{k}+" if grens is not None and k >= grens else f"{k}–{k + 4}"


def piramide(
    df: pd.DataFrame,
    *,
    bron: Bron,
    titel: str,
    vergelijk: Mapping[str, pd.DataFrame] | None = None,
    naam: str = "Gemeente",
    kwetsbaar: bool = False,
    regels: Regels,
    figsize: tuple[float, float] = (8, 7),
) -> Grafiek:
    """Population pyramid in 5-year classes: men left, women right, as % of the total population.

    ``df``: canonical bevolking rows (leeftijd_van, leeftijd_tot (empty = open class), geslacht man/vrouw,
    aantal) of one gemeente and year; single years or 5-year classes. ``vergelijk``: name → frame of the
    same shape (e.g. regio, Nederland), drawn as outlines (black solid, dashed, dotted). Classes with a
    count below the threshold (general population unless ``kwetsbaar``) are not drawn.
    """
    r = controleer_regels(regels)
    k = _klassen(df, naam)
    totaal = float(k.to_numpy().sum())
    if totaal <= 0:
        raise PresentatieFout("piramide(): het totaal aantal personen is 0.")
    vergelijk = dict(vergelijk or {})
    vk = {n: _klassen(v, n) for n, v in vergelijk.items()}
    grens = k.attrs["open"]
    alle = sorted(set(k.index).union(*[set(v.index) for v in vk.values()]) if vk else set(k.index))
    k = k.reindex(alle, fill_value=0.0)
    masker = pd.DataFrame({g: scherm_reeks_af(k[g], regels=r, kwetsbaar=kwetsbaar).masker for g in k.columns})
    pct = (k / totaal).mask(masker)
    fig, ax = _nieuwe_figuur(figsize)
    kleur_man, kleur_vrouw = palet(2)[0], palet(2)[1]
    y = np.arange(len(alle), dtype=float)
    for zijde, teken, kleur, kop in (("man", -1, kleur_man, "Mannen"), ("vrouw", 1, kleur_vrouw, "Vrouwen")):
        w = pct[zijde].to_numpy(dtype=float)
        ok = ~np.isnan(w)  # suppressed classes are not drawn at all
        ax.barh(y[ok], teken * w[ok], height=0.86, color=kleur, label=f"{kop} ({naam})")
    stijlen = [("-", "#111111"), ("--", "#111111"), (":", "#111111")]
    for j, (n, v) in enumerate(vk.items()):
        v = v.reindex(alle, fill_value=0.0)
        vp = v / float(v.to_numpy().sum())
        ls, kl = stijlen[j % len(stijlen)]
        for zijde, teken in (("man", -1), ("vrouw", 1)):
            xs = np.repeat(teken * vp[zijde].to_numpy(), 2)
            ys = np.ravel(np.column_stack([y - 0.5, y + 0.5]))
            ax.plot(xs, ys, linestyle=ls, color=kl, linewidth=1.4, label=n if zijde == "man" else None)
    grens_open = grens if grens is not None else None
    labels = [_klasse_label(a, grens_open) for a in alle]
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, len(alle) - 0.4)
    m = float(np.nanmax(np.abs(pd.concat([pct, *[(v.reindex(alle, fill_value=0) / v.to_numpy().sum())
                                                 for v in vk.values()]]).to_numpy(dtype=float))))
    ax.set_xlim(-m * 1.12, m * 1.12)
    ax.axvline(0, color="#444444", linewidth=0.8)
    nl_as(ax, "x", "pct", absoluut=True)
    ax.set_xlabel("Aandeel in de totale bevolking")
    ax.set_ylabel("Leeftijd (jaar)")
    ax.grid(axis="y", visible=False)
    ax.text(0.25, 1.01, "Mannen", transform=ax.transAxes, ha="center", va="bottom", fontsize=11,
            fontweight="bold", color=TEKSTKLEUR)
    ax.text(0.75, 1.01, "Vrouwen", transform=ax.transAxes, ha="center", va="bottom", fontsize=11,
            fontweight="bold", color=TEKSTKLEUR)
    for zijde, teken in (("man", -1), ("vrouw", 1)):
        for i in np.flatnonzero(masker[zijde].to_numpy()):
            ax.annotate(r.teken(kwetsbaar), (0, y[i]), xytext=(teken * 4, 0), textcoords="offset points",
                        ha="right" if teken < 0 else "left", va="center", fontsize=8, color=GRIJS,
                        fontstyle="italic")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))

    tab = pd.DataFrame({"Leeftijd": labels})
    for g, kop in (("man", "Mannen"), ("vrouw", "Vrouwen")):
        tab[f"{kop} ({naam})"] = [r.teken(kwetsbaar) if mk else nl_pct(p) for p, mk in zip(pct[g], masker[g])]
    for n, v in vk.items():
        v = v.reindex(alle, fill_value=0.0)
        vp = v / float(v.to_numpy().sum())
        tab[f"Mannen ({n})"] = [nl_pct(p) for p in vp["man"]]
        tab[f"Vrouwen ({n})"] = [nl_pct(p) for p in vp["vrouw"]]
    aandeel_man = k["man"].sum() / totaal
    alt = (f"Bevolkingspiramide: {titel}. {nl_getal(totaal)} inwoners, {nl_pct(aandeel_man)} man en "
           f"{nl_pct(1 - aandeel_man)} vrouw.")
    oud = [a for a in alle if a >= 65]
    if oud and 65 in alle:
        aandeel_65 = k.loc[oud].to_numpy().sum() / totaal
        alt += f" {nl_pct(aandeel_65)} is 65 jaar of ouder"
        for n, v in vk.items():
            v = v.reindex(alle, fill_value=0.0)
            alt += f"; {n}: {nl_pct(v.loc[oud].to_numpy().sum() / v.to_numpy().sum())}"
        alt += "."
    som = k.sum(axis=1)
    grootste = som.idxmax()
    alt += f" Grootste leeftijdsklasse: {_klasse_label(grootste, grens_open)} jaar."
    n_weg = int(masker.to_numpy().sum())
    return _afwerken(fig, r, titel, bron, _noot(r, "aantal", kwetsbaar, n_weg, "klasse niet getekend"), alt, tab)
