"""Statistical disclosure control ("afscherming"): suppression of small counts before publication.

Rules (see ``docs/afscherming.md``):

* a count ``0 < x < drempel`` is not published and shown as the marker (default ``"<10"`` / ``"<5"``);
  ``drempel`` is ``drempel_kwetsbaar`` for vulnerable groups, else ``drempel_algemeen``. **0 is shown as 0**
  (as CBS does: an empty cell identifies nobody, and hiding it would make "<10" ambiguous);
* a percentage over a denominator ``< min_noemer`` is not published (``"n<50"``);
* a percentage whose count is suppressed, or whose implied count (percentage × denominator) is below
  the threshold, is not published (``"•"``);
* secondary suppression (:func:`secundair_afschermen`): in every declared sum (a total and its parts, or
  any set of cells of which one follows from the others, such as vraag = aanbod + plannen + tekort) in which
  exactly one cell is suppressed, the smallest other part (non-zero parts first) is suppressed too
  (``"•"``); if no part can go, the total. Repeated until no sum has a single suppressed cell. Cells fixed
  elsewhere (policy numbers, or figures a partner sees unsuppressed in another report) are never chosen;
* kinds of numbers (:data:`SOORTEN`): counts of persons in a vulnerable group (``personen``, threshold
  ``drempel_kwetsbaar``), other counts (``algemeen``, ``drempel_algemeen``) and policy numbers
  (``beleid``: taakstelling, plancapaciteit, norm, landelijk doel), which are never suppressed;
* optional rounding of published counts to a multiple of ``afronden_op`` (half up, never below the
  threshold); percentages are computed on unrounded numbers.

This module has no plotting dependencies, so ``wzlib.analyse`` can import it cheaply.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .getallen import PresentatieFout, nl_getal

# The kinds of numbers a report shows (docs/afscherming.md, "Soorten getallen").
PERSONEN = "personen"  # counts of persons in a vulnerable group (or derived from them): drempel_kwetsbaar
ALGEMEEN = "algemeen"  # other counts (general population, woningen): drempel_algemeen
BELEID = "beleid"  # policy numbers (taakstelling, plancapaciteit, norm, landelijk doel): never suppressed
SOORTEN = (PERSONEN, ALGEMEEN, BELEID)


@dataclass(frozen=True)
class Regels:
    """The disclosure-control rules of one report (defaults: conventies.md "SDC defaults")."""

    drempel_kwetsbaar: int = 10  # counts of vulnerable groups below this are suppressed
    drempel_algemeen: int = 5  # other (general population) counts below this are suppressed
    min_noemer: int = 50  # percentages over fewer than this are suppressed
    afronden_op: int | None = None  # round published counts to a multiple of this (e.g. 5)
    marker: str | None = None  # text for a suppressed count; None: "<" + threshold, e.g. "<10"
    marker_secundair: str = "•"  # text for a cell suppressed to protect another cell
    marker_noemer: str | None = None  # text for a percentage on a small denominator; None: "n<50"
    secundair: bool = True  # apply secondary suppression where totals are shown

    def __post_init__(self) -> None:
        for naam in ("drempel_kwetsbaar", "drempel_algemeen", "min_noemer"):
            v = getattr(self, naam)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
                raise PresentatieFout(f"Afscherming: '{naam}' moet een geheel getal >= 0 zijn, niet {v!r}.")
        a = self.afronden_op
        if a is not None and (isinstance(a, bool) or not isinstance(a, (int, np.integer)) or a < 1):
            raise PresentatieFout(f"Afscherming: 'afronden_op' moet leeg of een geheel getal >= 1 zijn, niet {a!r}.")
        if a == 1:
            object.__setattr__(self, "afronden_op", None)

    def drempel(self, kwetsbaar: bool = True) -> int:
        """The threshold for counts of a vulnerable group (True) or of the general population."""
        return self.drempel_kwetsbaar if kwetsbaar else self.drempel_algemeen

    def drempel_soort(self, soort: str) -> int:
        """The threshold for a kind of number (:data:`SOORTEN`); 0 for policy numbers (never suppressed)."""
        if soort not in SOORTEN:
            raise PresentatieFout(f"Onbekende soort getal '{soort}' (toegestaan: {', '.join(SOORTEN)}).")
        return {PERSONEN: self.drempel_kwetsbaar, ALGEMEEN: self.drempel_algemeen, BELEID: 0}[soort]

    def teken(self, kwetsbaar: bool = True) -> str:
        """The text shown instead of a suppressed count, e.g. ``"<10"``."""
        return self.marker if self.marker else f"<{self.drempel(kwetsbaar)}"

    def teken_noemer(self) -> str:
        """The text shown instead of a percentage on a small denominator, e.g. ``"n<50"``."""
        return self.marker_noemer if self.marker_noemer else f"n<{self.min_noemer}"

    def voetnoot_primair(self, kwetsbaar: bool = True) -> str:
        return f"{self.teken(kwetsbaar)}: minder dan {self.drempel(kwetsbaar)}; niet gepubliceerd."

    def voetnoot_secundair(self) -> str:
        return (f"{self.marker_secundair}: niet gepubliceerd, zodat afgeschermde aantallen niet uit "
                "totalen of percentages te herleiden zijn.")

    def voetnoot_noemer(self) -> str:
        return (f"{self.teken_noemer()}: percentage niet gepubliceerd, want berekend over minder dan "
                f"{self.min_noemer}.")

    def voetnoot_afronding(self) -> str:
        return (f"Aantallen zijn afgerond op veelvouden van {self.afronden_op}; "
                "totalen kunnen daardoor afwijken van de som van de delen.")

    def omschrijving(self) -> str:
        """The Dutch colophon sentence(s) describing the rules applied."""
        delen = [
            f"Aantallen kleiner dan {self.drempel_kwetsbaar} (kwetsbare groepen) of {self.drempel_algemeen} "
            f"(overige aantallen) zijn niet gepubliceerd en worden getoond als "
            f"'{self.teken(True)}' of '{self.teken(False)}'; 0 wordt wel getoond.",
            f"Percentages berekend over minder dan {self.min_noemer} zijn niet gepubliceerd "
            f"('{self.teken_noemer()}').",
        ]
        if self.secundair:
            delen.append(
                "Waar een totaal wordt getoond, is ook de kleinste andere cel in dezelfde rij of kolom "
                f"afgeschermd ('{self.marker_secundair}'), zodat een afgeschermde waarde niet uit het totaal "
                "te herleiden is; hetzelfde geldt voor verschillen, groei en percentages.")
        delen.append("Beleidsgetallen (taakstelling, plancapaciteit, normen) worden niet afgeschermd.")
        if self.afronden_op:
            delen.append(f"Gepubliceerde aantallen zijn afgerond op veelvouden van {self.afronden_op}.")
        return " ".join(delen)


def controleer_regels(regels: Any) -> Regels:
    """The rules every table and chart helper must be given explicitly (no module-level default: a
    notebook cannot forget to set the regio's rules). A wrong type is a programming error."""
    if not isinstance(regels, Regels):
        raise PresentatieFout(f"Geef de afschermingsregels mee (regels=A.regels), niet {type(regels).__name__}.")
    return regels


def rond_af(x: float, regels: Regels, kwetsbaar: bool = True) -> float:
    """A published count rounded to a multiple of ``regels.afronden_op`` (half up); a count at or above
    the threshold never rounds to below it. Unchanged without ``afronden_op``."""
    basis = regels.afronden_op
    if not basis or x is None or (isinstance(x, float) and math.isnan(x)) or x == 0:
        return x
    r = math.floor(abs(x) / basis + 0.5) * basis
    drempel = regels.drempel(kwetsbaar)
    if abs(x) >= drempel and r < drempel:
        r = math.ceil(drempel / basis) * basis
    return int(math.copysign(r, x))


@dataclass
class Afscherming:
    """The result of applying the rules to a table.

    ``waarden`` is a new object frame: unsuppressed cells keep their (rounded) numbers, suppressed cells
    hold the marker text. The masks say which cells were suppressed and why.
    """

    waarden: pd.DataFrame
    primair: pd.DataFrame  # count below the threshold
    secundair: pd.DataFrame  # protects another cell (secondary, or percentage of a suppressed count)
    noemer: pd.DataFrame  # percentage on a small denominator
    regels: Regels
    kwetsbaar: bool
    afgerond: bool = False  # some count was rounded
    tellingen: tuple[str, ...] = field(default=())

    @property
    def masker(self) -> pd.DataFrame:
        """True where a cell is not published, for whatever reason."""
        return self.primair | self.secundair | self.noemer

    @property
    def n_afgeschermd(self) -> int:
        return int(self.masker.to_numpy().sum())

    def voetnoten(self) -> list[str]:
        """Dutch footnotes explaining the markers that occur (and the rounding), in that order."""
        noten = []
        if self.primair.to_numpy().any():
            noten.append(self.regels.voetnoot_primair(self.kwetsbaar))
        if self.secundair.to_numpy().any():
            noten.append(self.regels.voetnoot_secundair())
        if self.noemer.to_numpy().any():
            noten.append(self.regels.voetnoot_noemer())
        if self.afgerond:
            noten.append(self.regels.voetnoot_afronding())
        return noten


def _getallen(df: pd.DataFrame, kolom: str) -> np.ndarray:
    """Column ``kolom`` as float array (NaN for missing); Dutch error when it is not numeric."""
    try:
        return pd.to_numeric(df[kolom], errors="raise").astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    except (ValueError, TypeError) as e:
        raise PresentatieFout(f"Kolom '{kolom}' bevat geen getallen en kan niet worden afgeschermd.") from e


def _zoek_totaalrij(df: pd.DataFrame, totaal_rij: Hashable, tellingen: Sequence[str]) -> int:
    """Row position of the total row: an index label, else a value in one of the label columns."""
    treffers = np.flatnonzero(df.index == totaal_rij) if not isinstance(totaal_rij, (list, tuple)) else []
    if len(treffers) == 0:
        labels = [k for k in df.columns if k not in tellingen]
        gevonden = np.zeros(len(df), dtype=bool)
        for k in labels:
            gevonden |= (df[k].astype("string") == str(totaal_rij)).fillna(False).to_numpy(dtype=bool)
        treffers = np.flatnonzero(gevonden)
    if len(treffers) != 1:
        raise PresentatieFout(
            f"Totaalrij '{totaal_rij}' {'niet gevonden' if len(treffers) == 0 else 'komt meer dan eens voor'} "
            "(gezocht in de index en de tekstkolommen).")
    return int(treffers[0])


def _masker(df: pd.DataFrame, m: pd.DataFrame | np.ndarray, naam: str) -> np.ndarray:
    """A boolean mask of the shape of ``df`` (a frame is aligned on index and columns, missing = False)."""
    if isinstance(m, pd.DataFrame):
        m = m.reindex(index=df.index, columns=df.columns).fillna(False).to_numpy(dtype=bool)
    m = np.asarray(m, dtype=bool)
    if m.shape != df.shape:
        raise PresentatieFout(f"Afscherming: '{naam}' heeft vorm {m.shape}, de tabel {df.shape}.")
    return m


Cel = tuple[int, int]


def _secundair(ruw: np.ndarray, weg: np.ndarray, sommen: Sequence[tuple[Cel, Sequence[Cel]]],
               vast: np.ndarray | None = None) -> np.ndarray:
    """The secondary-suppression mask (see :func:`secundair_afschermen`; positions instead of labels)."""
    weg = np.array(weg, dtype=bool, copy=True)
    start = weg.copy()
    vast = np.zeros_like(weg) if vast is None else np.asarray(vast, dtype=bool)
    bekend = ~np.isnan(ruw)
    veranderd = True
    while veranderd:
        veranderd = False
        for totaal, delen in sommen:
            if not bekend[totaal]:
                continue  # no total: the parts do not add up to anything shown
            cellen = [c for c in (totaal, *delen) if bekend[c]]  # a missing part is no part of the sum
            if sum(bool(weg[c]) for c in cellen) != 1:
                continue
            kandidaten = [c for c in cellen if not weg[c] and not vast[c]]
            if not kandidaten:
                continue  # every other cell is fixed elsewhere (policy numbers): nothing to choose
            # smallest non-zero part first; a zero only when nothing else is left; the total last
            keuze = min(kandidaten, key=lambda c: (c == totaal, ruw[c] == 0, abs(ruw[c])))
            weg[keuze] = True
            veranderd = True
    return weg & ~start


def secundair_afschermen(df: pd.DataFrame, afgeschermd: pd.DataFrame,
                         sommen: Iterable[tuple[tuple[Hashable, Hashable], Sequence[tuple[Hashable, Hashable]]]],
                         vast: pd.DataFrame | None = None) -> pd.DataFrame:
    """Secondary suppression over a table with a declared total structure.

    ``df``: the numbers (NaN = not shown at all); ``afgeschermd``: boolean mask of the cells already
    suppressed; ``sommen``: the sums the table shows, each ``(total cell, [part cells])`` with cells as
    ``(index label, column)`` — a row total, a column total (regio = sum of its gemeenten), a total over
    aandachtsgroepen, or any set of cells of which one follows from the others (the total may be any of
    them). ``vast``: cells that must stay shown (policy numbers, figures shown in another report).

    Rule: in every sum with exactly one suppressed cell, suppress the smallest other part (non-zero parts
    first; the total only when no part can go), and repeat until no sum has a single suppressed cell (a
    chosen cell may itself be a total or a part of another sum). Returns the mask of the cells suppressed
    by this rule (not those already in ``afgeschermd``).
    """
    rijen = {k: i for i, k in enumerate(df.index)}
    kolommen = {k: j for j, k in enumerate(df.columns)}

    def pos(cel: tuple[Hashable, Hashable]) -> Cel:
        try:
            return rijen[cel[0]], kolommen[cel[1]]
        except KeyError as e:
            raise PresentatieFout(f"Afscherming: cel {cel!r} staat niet in de tabel.") from e

    posities = [(pos(t), [pos(d) for d in delen]) for t, delen in sommen]
    ruw = df.apply(pd.to_numeric, errors="coerce").astype(float).to_numpy()
    weg = _masker(df, afgeschermd, "afgeschermd")
    vast_np = _masker(df, vast, "vast") if vast is not None else None
    return pd.DataFrame(_secundair(ruw, weg, posities, vast_np), index=df.index, columns=df.columns)


def afschermen(
    df: pd.DataFrame,
    tellingen: Iterable[str],
    *,
    regels: Regels,
    kwetsbaar: bool = True,
    noemers: Mapping[str, str | float] | None = None,
    tellers: Mapping[str, str | Sequence[str]] | None = None,
    totaal_rij: Hashable | None = None,
    totaal_kolom: str | None = None,
    groepen: Mapping[str, Sequence[str]] | None = None,
    relaties: Sequence[Sequence[str]] | None = None,
    beleid: Sequence[str] = (),
    vast_getoond: pd.DataFrame | np.ndarray | None = None,
    vast_afgeschermd: pd.DataFrame | np.ndarray | None = None,
) -> Afscherming:
    """Apply the disclosure rules to ``df`` and return the display values plus masks.

    ``tellingen``: the count columns. ``noemers``: percentage column → its denominator (a column name or
    a number). ``tellers``: percentage column → the count column(s) it is computed from (the percentage
    goes when one of them is suppressed). Percentages are fractions (0.25 = 25 %).
    Totals, for secondary suppression: ``totaal_kolom`` is the count column that is the sum of the other
    count columns; ``groepen`` maps a total column to the columns adding up to it (for several groups);
    ``totaal_rij`` is the index label (or, with the index hidden, a label-column value such as "Totaal")
    of the row holding the column sums. ``relaties``: per row, groups of columns of which any one follows
    from the others (first the "total", e.g. ``["Vraag 2034", "Aanbod nu", "Plannen t/m 2034", "Tekort 2034"]``,
    or a start value with its linear projections); in such a group the total may be suppressed too.
    ``beleid``: policy-number columns (:data:`BELEID`): shown as is, never suppressed, never chosen for
    secondary suppression. ``vast_getoond`` / ``vast_afgeschermd``: boolean masks (shape of ``df``) of cells
    shown unsuppressed / suppressed in another report; the first are never chosen for secondary
    suppression, the second are suppressed here too (so every report shows the same pattern).
    """
    r = controleer_regels(regels)
    beleid_set = [k for k in dict.fromkeys(beleid)]
    tellingen = list(dict.fromkeys(tellingen))
    noemers = dict(noemers or {})
    tellers = {k: [v] if isinstance(v, str) else list(v) for k, v in (tellers or {}).items()}
    ontbreekt = [k for k in [*tellingen, *noemers, *tellers, *(t for v in tellers.values() for t in v),
                             *(v for v in noemers.values() if isinstance(v, str))] if k not in df.columns]
    if totaal_kolom is not None and totaal_kolom not in df.columns:
        ontbreekt.append(totaal_kolom)
    for tot, delen in (groepen or {}).items():
        ontbreekt += [k for k in [tot, *delen] if k not in df.columns]
    for rel in relaties or ():
        ontbreekt += [k for k in rel if k not in df.columns]
    ontbreekt += [k for k in beleid_set if k not in df.columns]
    if ontbreekt:
        raise PresentatieFout(f"Onbekende kolom(men) voor afscherming: {', '.join(map(str, dict.fromkeys(ontbreekt)))} "
                              f"(aanwezig: {', '.join(map(str, df.columns))}).")
    if df.columns.duplicated().any():
        raise PresentatieFout("De tabel heeft dubbele kolomnamen; afscherming is dan niet eenduidig.")

    # Row groups (total column -> parts); every total and part is treated as a count.
    rijgroepen: dict[str, list[str]] = {k: list(v) for k, v in (groepen or {}).items()}
    if totaal_kolom is not None and totaal_kolom not in rijgroepen:
        andere_totalen = set(rijgroepen)
        rijgroepen[totaal_kolom] = [k for k in tellingen if k != totaal_kolom and k not in andere_totalen]
    for tot, delen in rijgroepen.items():
        for k in (tot, *delen):
            if k not in tellingen:
                tellingen.append(k)
    for rel in relaties or ():
        for k in rel:
            if k not in tellingen and k not in beleid_set:
                tellingen.append(k)
    tellingen = [k for k in tellingen if k not in beleid_set]

    n = len(df)
    kolnr = {k: i for i, k in enumerate(df.columns)}
    ruw = np.full((n, df.shape[1]), np.nan)
    for k in [*tellingen, *beleid_set]:
        ruw[:, kolnr[k]] = _getallen(df, k)
    is_telling = np.zeros(df.shape[1], dtype=bool)
    is_telling[[kolnr[k] for k in tellingen]] = True

    drempel = r.drempel(kwetsbaar)
    with np.errstate(invalid="ignore"):
        prim = is_telling[None, :] & (ruw > 0) & (ruw < drempel)
    sec = np.zeros_like(prim)

    # Secondary suppression: groups of (total cell, part cells).
    groepen_cellen: list[tuple[tuple[int, int], list[tuple[int, int]]]] = []
    for tot, delen in rijgroepen.items():
        for i in range(n):
            groepen_cellen.append(((i, kolnr[tot]), [(i, kolnr[d]) for d in delen]))
    if totaal_rij is not None:
        t = _zoek_totaalrij(df, totaal_rij, tellingen)
        for k in tellingen:
            j = kolnr[k]
            groepen_cellen.append(((t, j), [(i, j) for i in range(n) if i != t]))
    for rel in relaties or ():
        for i in range(n):
            groepen_cellen.append(((i, kolnr[rel[0]]), [(i, kolnr[k]) for k in rel[1:]]))
    vast = np.zeros_like(prim)
    vast[:, [kolnr[k] for k in beleid_set]] = True
    if vast_getoond is not None:
        vast |= _masker(df, vast_getoond, "vast_getoond")
    elders_weg = np.zeros_like(prim)
    if vast_afgeschermd is not None:
        elders_weg = _masker(df, vast_afgeschermd, "vast_afgeschermd") & ~prim & ~vast
        sec |= elders_weg & is_telling[None, :] & ~np.isnan(ruw)
    if r.secundair and groepen_cellen:
        sec |= _secundair(ruw, prim | sec, groepen_cellen, vast)

    weg = prim | sec
    noem = np.zeros_like(prim)
    sec_pct = np.zeros_like(prim)
    for pct, nm in noemers.items():
        j = kolnr[pct]
        p = _getallen(df, pct)
        d = _getallen(df, nm) if isinstance(nm, str) else np.full(n, float(nm))
        with np.errstate(invalid="ignore"):
            klein = d < r.min_noemer
            impliciet = p * d
            herleidbaar = (impliciet > 0) & (impliciet < drempel - 1e-9) & ~klein
        noem[:, j] |= klein & ~np.isnan(p)
        sec_pct[:, j] |= herleidbaar & ~np.isnan(p)
    for pct, teller in tellers.items():
        j = kolnr[pct]
        for t in teller:  # a share of (or with) a suppressed count gives it back: it goes too
            sec_pct[:, j] |= weg[:, kolnr[t]] & ~noem[:, j]
    sec_pct |= elders_weg & ~is_telling[None, :] & df.notna().to_numpy()  # rates, indices: as elsewhere
    sec_pct &= ~noem & ~weg
    sec |= sec_pct

    waarden = df.astype(object)
    afgerond = False
    waarden_np = waarden.to_numpy(copy=True)
    for k in tellingen:
        j = kolnr[k]
        for i in range(n):
            if prim[i, j]:
                waarden_np[i, j] = r.teken(kwetsbaar)
            elif sec[i, j]:
                waarden_np[i, j] = r.marker_secundair
            elif not np.isnan(ruw[i, j]):
                v = ruw[i, j]
                if r.afronden_op:
                    v = rond_af(v, r, kwetsbaar)
                    afgerond = True
                waarden_np[i, j] = int(v) if float(v).is_integer() else v
    for j in np.flatnonzero((noem | sec_pct).any(axis=0)):
        for i in range(n):
            if noem[i, j]:
                waarden_np[i, j] = r.teken_noemer()
            elif sec_pct[i, j]:
                waarden_np[i, j] = r.marker_secundair
    waarden = pd.DataFrame(waarden_np, index=df.index, columns=df.columns, dtype=object)

    def _frame(m: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(m, index=df.index, columns=df.columns)

    return Afscherming(waarden=waarden, primair=_frame(prim), secundair=_frame(sec), noemer=_frame(noem),
                       regels=r, kwetsbaar=kwetsbaar, afgerond=afgerond, tellingen=tuple(tellingen))


def scherm_af(df: pd.DataFrame, tellingen: Iterable[str], **kwargs: Any) -> pd.DataFrame:
    """A new object frame of display values with the rules applied (see :func:`afschermen` for the
    keyword arguments): suppressed counts become the marker, published counts are (optionally) rounded.
    ``df.attrs["afscherming"]`` holds the footnotes."""
    res = afschermen(df, tellingen, **kwargs)
    out = res.waarden
    out.attrs["afscherming"] = {"n_afgeschermd": res.n_afgeschermd, "voetnoten": res.voetnoten()}
    return out


class ReeksAfscherming(NamedTuple):
    """Values to draw (suppressed entries NaN), how many were suppressed, and which."""

    waarden: pd.Series
    n_afgeschermd: int
    masker: pd.Series


def scherm_reeks_af(reeks: pd.Series, *, regels: Regels, kwetsbaar: bool = True,
                    noemer: pd.Series | float | None = None) -> ReeksAfscherming:
    """Suppression for charts. Without ``noemer`` the series holds counts: ``0 < x < drempel`` becomes NaN,
    the rest is rounded as in tables. With ``noemer`` the series holds percentages (or rates): entries on
    a denominator ``< min_noemer`` become NaN."""
    r = controleer_regels(regels)
    try:
        x = pd.to_numeric(reeks, errors="raise").astype("Float64").astype(float)
    except (ValueError, TypeError) as e:
        raise PresentatieFout(f"Reeks '{reeks.name}' bevat geen getallen en kan niet worden afgeschermd.") from e
    if noemer is None:
        masker = (x > 0) & (x < r.drempel(kwetsbaar))
        x = x.map(lambda v: rond_af(v, r, kwetsbaar) if not np.isnan(v) else v).astype(float)
    else:
        if isinstance(noemer, pd.Series):
            d = pd.to_numeric(noemer).astype("Float64").astype(float)
            d = d if d.index.equals(x.index) else d.reindex(x.index)
        else:
            d = pd.Series(float(noemer), index=x.index)
        masker = (d < r.min_noemer) & x.notna()
    masker = masker.fillna(False).astype(bool)
    waarden = x.mask(masker)
    return ReeksAfscherming(waarden, int(masker.sum()), masker)


def marker_tekst(waarde: Any, decimalen: int = 0) -> str:
    """A display value of :func:`scherm_af` as text: markers as is, numbers in Dutch notation."""
    return waarde if isinstance(waarde, str) else nl_getal(waarde, decimalen)
