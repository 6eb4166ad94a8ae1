"""Choropleth maps of gemeenten/wijken (geopandas; class bounds as mapclassify computes them) in the house style.

The map is what partners look at first, so it must be readable without colour: every area carries its
name and value, areas without data are hatched grey ("geen gegevens"), suppressed areas dotted
("afgeschermd"), and the legend shows Dutch-formatted class bounds.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from .afscherming import Regels, controleer_regels, scherm_reeks_af
from .getallen import PresentatieFout, Soort, formatteer
from .grafieken import TEKSTKLEUR, Grafiek, _afwerken, _nieuwe_figuur, _noot
from .tabellen import Bron

RD_NEW = "EPSG:28992"  # Amersfoort / RD New, the Dutch national grid (PDOK maps)
KLEURENSCHAAL = "YlGnBu"  # sequential ColorBrewer scheme, colour-blind safe
GEEN_GEGEVENS = "geen gegevens"
AFGESCHERMD = "afgeschermd"
RAND = "#4d4d4d"  # area borders
MAX_LABELS = 60  # above this many areas names are not printed (unreadable)

Schema = Literal["kwantielen", "natuurlijk", "gelijk", "quantiles", "naturalbreaks", "fisherjenks",
                 "equalinterval"]


def _polygonen(geom):
    """Only the polygonal part of a (made valid) geometry; None when nothing polygonal remains."""
    from shapely.geometry import GeometryCollection, MultiPolygon, Polygon

    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    if isinstance(geom, GeometryCollection):
        delen = []
        for g in geom.geoms:
            if isinstance(g, Polygon):
                delen.append(g)
            elif isinstance(g, MultiPolygon):
                delen.extend(g.geoms)
        return MultiPolygon(delen) if delen else None
    return None


def voorbereid(gdf) -> Any:
    """A copy of ``gdf`` with valid polygon geometries (``make_valid``) in RD New (EPSG:28992).

    Geographic input (e.g. EPSG:4326 GeoJSON) is projected; input without CRS is taken as EPSG:4326 when
    its coordinates look like degrees, else as RD New.
    """
    import geopandas as gpd

    if not isinstance(gdf, gpd.GeoDataFrame):
        raise PresentatieFout(f"choropleet() verwacht een GeoDataFrame, niet {type(gdf).__name__}.")
    g = gdf.copy()
    if g.crs is None:
        minx, miny, maxx, maxy = g.total_bounds
        g = g.set_crs("EPSG:4326" if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90 else RD_NEW)
    ongeldig = ~g.geometry.is_valid & g.geometry.notna()
    if ongeldig.any():
        g.loc[ongeldig, g.geometry.name] = g.geometry[ongeldig].make_valid()
        g[g.geometry.name] = g.geometry.map(_polygonen)
        g = g.set_geometry(g.geometry.name, crs=gdf.crs if gdf.crs is not None else g.crs)
    if g.crs.is_geographic:
        g = g.to_crs(RD_NEW)
    return g


def _labelpunt(geom):
    """A label position well inside the (largest part of the) area: pole of inaccessibility."""
    from shapely.ops import polylabel

    if geom is None or geom.is_empty:
        return None
    deel = max(geom.geoms, key=lambda p: p.area) if hasattr(geom, "geoms") else geom
    try:
        return polylabel(deel, tolerance=max(deel.area ** 0.5 / 200, 1e-9))
    except Exception:  # degenerate geometry
        return geom.representative_point()


def _helderheid(kleur) -> float:
    """Relative luminance (WCAG) of an RGB(A) colour, 0 = black, 1 = white."""
    from matplotlib.colors import to_rgb

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in to_rgb(kleur))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _naam_kolom(gdf, naam_kolom: str | None) -> str | None:
    if naam_kolom is not None:
        if naam_kolom not in gdf.columns:
            raise PresentatieFout(f"choropleet(): onbekende naamkolom '{naam_kolom}'.")
        return naam_kolom
    for k in ("gemeentenaam", "naam", "wijknaam", "buurtnaam", "statnaam"):
        if k in gdf.columns:
            return k
    return None


def _classificeer(y: np.ndarray, k: int, schema: str):
    """Class index per value and the class upper bounds: mapclassify's Quantiles, FisherJenks and
    EqualInterval, computed here (the same bounds; tests/test_presentatie.py compares them with mapclassify).
    Importing mapclassify pulls in scipy.stats and scikit-learn: 0.7 s and 84 MB in the kernel that draws a
    map, for three small formulas."""
    uniek = np.unique(y)
    k = max(1, min(k, len(uniek)))
    if k == 1:
        return np.zeros(len(y), dtype=int), np.array([y.max()])
    s = schema.lower()
    if s in ("kwantielen", "quantiles"):
        bins = kwantiel_grenzen(y, k)
    elif s in ("natuurlijk", "naturalbreaks", "fisherjenks"):
        bins = fisher_jenks_grenzen(np.sort(y).astype("f8"), k)  # natural breaks, deterministic
    elif s in ("gelijk", "equalinterval"):
        bins = gelijke_grenzen(y, k)
    else:
        raise PresentatieFout(f"Onbekende klassenindeling '{schema}' (kies kwantielen, natuurlijk of gelijk).")
    bins = np.asarray(bins, dtype=float)
    # class c holds bins[c-1] < y <= bins[c] (mapclassify's bin1d)
    return np.searchsorted(bins, y, side="left").astype(int), bins


def kwantiel_grenzen(y: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of ``k`` quantile classes (ties collapse: fewer classes), as mapclassify.Quantiles."""
    w = 100.0 / k
    p = np.arange(w, 100 + w, w)
    if p[-1] > 100.0:
        p[-1] = 100.0
    gesorteerd = np.sort(np.asarray(y, dtype=float))
    uit = []
    for q in p:  # scipy.stats.scoreatpercentile (linear, 'fraction'), to the last bit
        idx = q / 100.0 * (len(gesorteerd) - 1)
        i = int(idx)
        if i == idx:
            uit.append(gesorteerd[i])
        else:
            gewichten = np.array([(i + 1 - idx), (idx - i)], float)
            uit.append(np.add.reduce(gesorteerd[i:i + 2] * gewichten) / gewichten.sum())
    return np.unique(np.array(uit))


def gelijke_grenzen(y: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of ``k`` classes of equal width, as mapclassify.EqualInterval."""
    laag, hoog = np.min(y), np.max(y)
    breedte = (hoog - laag) * 1.0 / k
    grenzen = np.arange(laag + breedte, hoog + breedte, breedte)
    if len(grenzen) > k:
        grenzen = grenzen[:k]
    grenzen[-1] = hoog
    return grenzen.copy()


def fisher_jenks_grenzen(waarden: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of the ``k`` natural-breaks classes of the sorted ``waarden`` (Fisher-Jenks: the
    classes with the least squared deviation from their means), as mapclassify.FisherJenks: the same
    dynamic programme in float32, with the inner loops over the class start vectorised (a tie goes to the
    later start, like the ``>=`` of the original loop)."""
    n = len(waarden)
    begin = np.zeros((n + 1, k + 1), dtype=np.int32)
    kosten = np.zeros((n + 1, k + 1), dtype=np.float32)
    begin[1, 1:] = 1
    kosten[2:, 1:] = np.inf
    w32 = waarden.astype(np.float32)
    for eind in range(2, n + 1):
        # m = 1 .. eind: the last class holds waarden[eind-m .. eind-1]
        stuk = w32[:eind][::-1]
        s1 = np.cumsum(stuk, dtype=np.float32)
        s2 = np.cumsum(stuk * stuk, dtype=np.float32)
        aantal = np.arange(1, eind + 1, dtype=np.float32)
        v = s2 - (s1 * s1) / aantal
        i3 = eind - np.arange(1, eind + 1) + 1
        i4 = i3 - 1
        geldig = i4 != 0
        for j in range(2, k + 1):
            kandidaat = v[geldig] + kosten[i4[geldig], j - 1]
            if not len(kandidaat):
                continue
            laatste = len(kandidaat) - 1 - int(np.argmin(kandidaat[::-1]))
            if kosten[eind, j] >= kandidaat[laatste]:
                begin[eind, j] = i3[geldig][laatste]
                kosten[eind, j] = kandidaat[laatste]
        begin[eind, 1] = 1
        kosten[eind, 1] = v[-1]
    klassen = np.zeros(k + 1, dtype=waarden.dtype)
    klassen[k] = waarden[n - 1]
    klassen[0] = waarden[0]
    rest = n
    for c in range(k, 1, -1):
        spil = begin[rest, c]
        klassen[c - 1] = waarden[int(spil - 2)]
        rest = int(spil - 1)
    return np.delete(klassen, 0)


def _classificeer_rond(y: np.ndarray, k: int, schema: str, midden: float):
    """Classes below ``midden`` and from ``midden`` up, classified separately (so no class straddles it).
    Returns class index per value and one upper bound per class, lowest class first."""
    onder, boven = y < midden, y >= midden
    k_o = max(1, k // 2) if onder.any() else 0
    k_b = max(1, k - k_o) if boven.any() else 0
    yb = np.zeros(len(y), dtype=int)
    bins: list[float] = []
    if k_o:
        b_o, bi_o = _classificeer(y[onder], k_o, schema)
        yb[onder] = b_o
        bins += list(bi_o)
    if k_b:
        b_b, bi_b = _classificeer(y[boven], k_b, schema)
        yb[boven] = b_b + len(bins)
        bins += list(bi_b)
    return yb, np.asarray(bins, dtype=float)


def _divergerend(y: np.ndarray, yb: np.ndarray, n: int, midden: float) -> list:
    """Colours of a colour-blind-safe diverging scale (PuOr) centred on ``midden``: each class gets the colour of
    its mean value, light near ``midden``, darker further away (orange below, purple above)."""
    from matplotlib import colormaps

    cmap = colormaps["PuOr"]
    afstand = max(float(np.max(np.abs(y - midden))), 1e-9)
    uit = []
    for c in range(n):
        v = float(y[yb == c].mean()) if (yb == c).any() else midden
        t = (v - midden) / afstand  # -1 .. 1
        uit.append(cmap(0.5 + 0.42 * t if abs(t) > 1e-12 else 0.5))
    return uit


def _grens_labels(ondergrenzen, bovengrenzen, soort: str, decimalen: int | None) -> list[str]:
    """Legend texts "lo – hi" in Dutch notation, with as few decimals as keep the bounds distinct."""
    if decimalen is not None:
        opties = [decimalen] if soort in ("aantal", "int") else [decimalen, decimalen + 1, decimalen + 2]
    else:
        opties = {"pct": [1, 2], "aantal": [0], "int": [0], "bedrag": [0, 2]}.get(soort, [0, 1, 2, 3])
    for d in opties:
        paren = [(formatteer(lo, soort, d), formatteer(hi, soort, d))
                 for lo, hi in zip(ondergrenzen, bovengrenzen)]
        raakt = any(a[1] == b[0] for a, b in zip(paren, paren[1:]))  # rounding must not join two classes
        if (len({hi for _, hi in paren}) == len(paren) and not raakt) or d == opties[-1]:
            return [lo if lo == hi else f"{lo} – {hi}" for lo, hi in paren]
    return []


def choropleet(
    gdf,
    kolom: str,
    *,
    bron: Bron,
    titel: str,
    labels: bool = True,
    k: int = 5,
    legenda_titel: str | None = None,
    kwetsbaar: bool = False,
    schema: Schema = "kwantielen",
    soort: Soort = "getal",
    noemer: str | None = None,
    naam_kolom: str | None = None,
    regels: Regels,
    kleurenschaal: str = KLEURENSCHAAL,
    decimalen: int | None = None,
    figsize: tuple[float, float] | None = None,
    midden: float | None = None,
) -> Grafiek:
    """Choropleth of ``kolom`` in ``k`` classes (``schema``: "kwantielen", "natuurlijk" = Fisher-Jenks
    natural breaks, or "gelijk" = equal intervals) with a sequential colour-blind-safe scale.

    Geometries are repaired (``make_valid``) and shown in RD New (EPSG:28992). Each area is labelled with
    its name (column ``gemeentenaam``/``naam``/``statnaam`` or ``naam_kolom``) and value when
    ``labels`` and at most 60 areas. Missing values (NaN, CBS ``-99997``) are hatched grey
    ("geen gegevens"). ``soort="aantal"``: counts below the threshold are suppressed and dotted
    ("afgeschermd"); with ``noemer`` percentages on small denominators are.

    Legend classes never overlap: each class runs from the lowest to the highest value in it. ``midden``
    (e.g. 1.0 for an index where 1 = naar rato): a diverging scale centred on that value, with separate
    classes below and above it, so the "naar rato" line is a visible class boundary. Labels that would
    overlap an earlier (larger) area's label are left out; the table under the map has every value.
    """
    g = voorbereid(gdf)
    if kolom not in g.columns:
        raise PresentatieFout(f"choropleet(): onbekende kolom '{kolom}' (aanwezig: "
                              f"{', '.join(c for c in g.columns if c != g.geometry.name)}).")
    if noemer is not None and noemer not in g.columns:
        raise PresentatieFout(f"choropleet(): onbekende noemerkolom '{noemer}'.")
    if g.empty:
        raise PresentatieFout("choropleet(): geen gebieden om te tekenen.")
    g = g.reset_index(drop=True)
    r = controleer_regels(regels)
    naam = _naam_kolom(g, naam_kolom)
    waarden = pd.to_numeric(g[kolom], errors="coerce").astype(float)
    waarden = waarden.mask(waarden <= -99990)  # CBS codes for "geheim"/"onbekend" (-99997 etc.)
    if soort in ("aantal", "int"):
        res = scherm_reeks_af(waarden, regels=r, kwetsbaar=kwetsbaar)
        waarden, masker = res.waarden, res.masker
    elif noemer is not None:
        res = scherm_reeks_af(waarden, regels=r, noemer=g[noemer])
        waarden, masker = res.waarden, res.masker
    else:
        masker = pd.Series(False, index=g.index)
    geldig = waarden.notna().to_numpy()

    import matplotlib.patheffects as pe
    from matplotlib import colormaps
    from matplotlib.patches import Patch

    if figsize is None:  # fit the figure to the map's shape: no empty bands
        minx, miny, maxx, maxy = g.total_bounds
        verhouding = (maxy - miny) / max(maxx - minx, 1e-9)
        figsize = (9.0, min(max(0.70 * 9.0 * verhouding, 3.5), 9.5) + 1.1)
    fig, ax = _nieuwe_figuur(figsize)
    ax.set_axis_off()
    legenda: list[Patch] = []
    klasse_tekst = pd.Series("", index=g.index, dtype=object)
    vulling = pd.Series([(1.0, 1.0, 1.0, 1.0)] * len(g), index=g.index, dtype=object)
    if geldig.any():
        y = waarden[geldig].to_numpy()
        if midden is None:
            yb, bins = _classificeer(y, k, schema)
        else:
            yb, bins = _classificeer_rond(y, k, schema, midden)
        n_klassen = len(bins)
        if midden is None:
            cmap = colormaps[kleurenschaal]
            kleuren = [cmap(v) for v in np.linspace(0.15, 0.95, n_klassen)] if n_klassen > 1 else [cmap(0.6)]
        else:
            kleuren = _divergerend(y, yb, n_klassen, midden)
        # each class from its lowest to its highest value: no bound ends one class and starts the next
        onder = [float(y[yb == c].min()) if (yb == c).any() else float(b) for c, b in enumerate(bins)]
        boven = [float(y[yb == c].max()) if (yb == c).any() else float(b) for c, b in enumerate(bins)]
        teksten = _grens_labels(onder, boven, soort, decimalen)
        idx = g.index[geldig]
        for c in range(n_klassen):
            leden = idx[yb == c]
            if len(leden) == 0:
                continue
            g.loc[leden].plot(ax=ax, color=kleuren[c], edgecolor=RAND, linewidth=0.7)
            vulling.loc[leden] = [kleuren[c]] * len(leden)
            legenda.append(Patch(facecolor=kleuren[c], edgecolor=RAND, linewidth=0.6,
                                 label=f"{teksten[c]} ({len(leden)})"))
            klasse_tekst.loc[leden] = teksten[c]
    ontbreekt = ~geldig & ~masker.to_numpy()
    if ontbreekt.any():
        g.loc[ontbreekt].plot(ax=ax, facecolor="#f0f0f0", edgecolor=RAND, hatch="///", hatchcolor="#a6a6a6",
                              linewidth=0.7)
        legenda.append(Patch(facecolor="#f0f0f0", edgecolor=RAND, hatch="///", hatchcolor="#a6a6a6",
                             label=f"{GEEN_GEGEVENS} ({int(ontbreekt.sum())})"))
    if masker.any():
        m = masker.to_numpy()
        g.loc[m].plot(ax=ax, facecolor="#f7f7f7", edgecolor=RAND, hatch="..", hatchcolor="#8c8c8c",
                      linewidth=0.7)
        legenda.append(Patch(facecolor="#f7f7f7", edgecolor=RAND, hatch="..", hatchcolor="#8c8c8c",
                             label=f"{AFGESCHERMD} ({int(m.sum())})"))
    ax.set_aspect("equal")

    def _tekst(i) -> str:
        if masker.iloc[i]:
            return r.teken(kwetsbaar) if soort in ("aantal", "int") else r.teken_noemer()
        if not geldig[i]:
            return GEEN_GEGEVENS
        return formatteer(waarden.iloc[i], soort, decimalen)

    met_labels = labels and naam is not None and len(g) <= MAX_LABELS
    weggelaten = 0
    if met_labels:
        grootte = 9.5 if len(g) <= 12 else (8 if len(g) <= 30 else 6.5)
        renderer = fig.canvas.get_renderer()
        geplaatst: list = []
        for i in sorted(range(len(g)), key=lambda j: -float(g.geometry.iloc[j].area)):  # large areas first
            geom = g.geometry.iloc[i]
            pt = _labelpunt(geom)
            if pt is None:
                continue
            donker = _helderheid(vulling.iloc[i]) < 0.45
            a = ax.annotate(f"{g.at[i, naam]}\n{_tekst(i)}", (pt.x, pt.y), ha="center", va="center",
                            fontsize=grootte, color="white" if donker else TEKSTKLEUR, linespacing=1.1,
                            path_effects=[pe.withStroke(linewidth=2.5,
                                                        foreground=TEKSTKLEUR if donker else "white")])
            vak = a.get_window_extent(renderer).expanded(1.05, 1.1)
            if any(vak.overlaps(b) for b in geplaatst):
                a.remove()
                weggelaten += 1
            else:
                geplaatst.append(vak)

    def _indeling(onder: float, boven: float) -> None:
        ax.set_position((0.01, onder, 0.70, boven - onder))
        ax.set_anchor("C")
        fig.legend(handles=legenda, title=legenda_titel or kolom, loc="upper left", bbox_to_anchor=(0.72, boven),
                   borderaxespad=0.0, handlelength=1.8, handleheight=1.3, alignment="left")

    noten = _noot(r, soort, kwetsbaar, int(masker.sum()), "gebied gearceerd")
    if labels and naam is not None and len(g) > MAX_LABELS:
        noten.append(f"Bij meer dan {MAX_LABELS} gebieden zijn de namen weggelaten; zie de tabel bij de kaart.")
    elif weggelaten:
        noten.append(f"{weggelaten} {'naam is' if weggelaten == 1 else 'namen zijn'} weggelaten omdat ze elkaar "
                     "zouden overlappen; zie de tabel bij de kaart.")
    if midden is not None:
        noten.append(f"Kleuren lopen uiteen vanaf {formatteer(midden, soort, decimalen)}: de ene kleur erboven, "
                     "de andere eronder.")
    # text alternative and data table
    tab = pd.DataFrame({
        "Gebied": g[naam].astype(str) if naam else g.index.astype(str),
        legenda_titel or kolom: [_tekst(i) if (geldig[i] or masker.iloc[i]) else "–" for i in range(len(g))],
        "Klasse": [klasse_tekst.iloc[i] or (AFGESCHERMD if masker.iloc[i] else GEEN_GEGEVENS)
                   for i in range(len(g))],
    })
    alt = f"Kaart: {titel}. {len(g)} gebieden"
    if geldig.any():
        alt += f", ingedeeld in {len(legenda) - int(ontbreekt.any()) - int(masker.any())} klassen"
        hoog, laag = waarden.idxmax(), waarden.idxmin()
        wie = (lambda i: str(g.at[i, naam])) if naam else (lambda i: f"gebied {i}")
        alt += (f". Hoogste waarde: {wie(hoog)} ({_tekst(hoog)}); laagste: {wie(laag)} ({_tekst(laag)})")
    alt += "."
    if ontbreekt.any():
        alt += f" {int(ontbreekt.sum())} zonder gegevens."
    if masker.any():
        alt += f" {int(masker.sum())} afgeschermd."
    return _afwerken(fig, r, titel, bron, noten, alt, tab.sort_values("Gebied").reset_index(drop=True),
                     indeling=_indeling)
