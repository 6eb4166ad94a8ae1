"""Stap 4, "spreiding": where the groups live now, and fair-share distribution across the regio.

Kaart 3 item 5 (spreidingsanalyse) and domein.md §5. Runs once per regio, over all its gemeenten.

Two halves:

1. **Waar staan we nu** — per gemeente and groep: aantal, per 1.000 inwoners, per 1.000 sociale
   huurwoningen and the *concentratie-index* (share of the regional total ÷ share of the regional
   inhabitants; > 1 = the gemeente carries more than its share). Per wijk: share 65+ and
   one-person households, ranked.
2. **Fair share** — the regional opgave per groep divided under the three keys of the serious game,
   side by side, in whole numbers that add up to the regional total:

   - ``naar_rato``: share of inhabitants (for statushouders the art. 29 Huisvestingswet formula
     ``ceil(totaal × inwoners_g / inwoners_regio)``, which may exceed the total: shown);
   - ``eigen_behoefte``: every gemeente houses its own (BRP-origin) demand;
   - ``lokale_kenmerken``: weighted key over sociale huurvoorraad, vrijkomende sociale huurwoningen
     (mutaties) and voorzieningen nearby, with a penalty for existing concentration.

   Plus a swap ledger (art. 29 lid 2: gemeenten exchange parts of their allocation, totals fixed),
   the burden per gemeente (allocation ÷ mutaties per year), the spread of the burden across
   gemeenten (Gini, max/min: "ver uiteenlopende scores = beperkt draagvlak") and the 30 %
   sociale-huur aim.

Everything above the section "invoer verzamelen" is pure (tables + params in, tables out). The last
section, :func:`verzamel`, gathers the inputs for the notebook from earlier steps' result files via the
``Analyse`` context (``A.resultaat``), falling back on the canonical tables when a step has not run.
The formulas, rounding rules and parameters are documented in ``docs/fair-share.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .fouten import GegevensOntbreken, ParamsFout
from .gegevens import kies_jaar

# --------------------------------------------------------------------------------------------------
# constants
# --------------------------------------------------------------------------------------------------
NAAR_RATO = "naar_rato"
EIGEN_BEHOEFTE = "eigen_behoefte"
LOKALE_KENMERKEN = "lokale_kenmerken"
SLEUTELS: dict[str, str] = {
    NAAR_RATO: "1. Naar rato van gemeentegrootte",
    EIGEN_BEHOEFTE: "2. Eigen behoefte leidend",
    LOKALE_KENMERKEN: "3. Lokale kenmerken",
}
COMPONENTEN: dict[str, str] = {
    "sociale_huurvoorraad": "sociale huurvoorraad",
    "mutaties": "vrijkomende sociale huurwoningen per jaar (mutaties)",
    "voorzieningen": "inwoners gewogen met de nabijheid van voorzieningen",
}
GROOTSTE_REST = "grootste rest"
ART29 = "art. 29 Huisvestingswet (naar boven afgerond)"
ALLE_GROEPEN = "alle aandachtsgroepen"

_EPS = 1e-9


# --------------------------------------------------------------------------------------------------
# rounding and indices (hand-checkable building blocks)
# --------------------------------------------------------------------------------------------------
def _gewichten(gewichten: pd.Series, wat: str = "gewichten") -> pd.Series:
    g = pd.to_numeric(pd.Series(gewichten), errors="coerce").astype("float64")
    if g.isna().any():
        ontbreekt = ", ".join(str(i) for i in g.index[g.isna()])
        raise GegevensOntbreken(f"{wat}: geen waarde voor {ontbreekt}; verdelen is niet mogelijk.")
    if (g < 0).any():
        neg = ", ".join(str(i) for i in g.index[g < 0])
        raise GegevensOntbreken(f"{wat}: negatieve waarde voor {neg}.")
    return g


def grootste_rest(gewichten: pd.Series, totaal: int) -> pd.Series:
    """Divide the whole number ``totaal`` in proportion to ``gewichten`` (largest-remainder method).

    Every gemeente first gets the whole part of its quota ``totaal × w_g / Σw``; the units left over
    go one each to the largest fractional parts (ties: larger weight first, then the order of the
    index). The result is a Series of ints with the same index that sums to exactly ``totaal``.
    """
    totaal = int(totaal)
    if totaal < 0:
        raise GegevensOntbreken(f"Te verdelen totaal is negatief ({totaal}).")
    g = _gewichten(gewichten)
    if totaal == 0 or g.empty:
        return pd.Series(0, index=g.index, dtype="int64")
    som = float(g.sum())
    if som <= 0:
        raise GegevensOntbreken(f"Alle gewichten zijn 0: {totaal} valt niet te verdelen.")
    quota = totaal * g.to_numpy() / som
    basis = np.floor(quota + _EPS).astype("int64")
    rest = quota - basis
    over = totaal - int(basis.sum())
    volgorde = sorted(range(len(g)), key=lambda i: (-round(rest[i], 9), -g.iloc[i], i))
    for i in volgorde[:over]:
        basis[i] += 1
    return pd.Series(basis, index=g.index, dtype="int64")


def art29_taakstelling(inwoners: pd.Series, totaal: int) -> pd.Series:
    """Art. 29 lid 1 Huisvestingswet 2014: ``ceil(totaal × inwoners_g / Σ inwoners)`` per gemeente.

    The statutory key for statushouders (there ``Σ inwoners`` is all of Nederland and ``totaal`` the
    number announced in the Staatscourant). Rounding up means the allocations may add up to more
    than ``totaal``: at most (number of gemeenten − 1) more. Callers show that difference.
    """
    totaal = int(totaal)
    g = _gewichten(inwoners, "inwoners")
    som = float(g.sum())
    if totaal == 0 or g.empty:
        return pd.Series(0, index=g.index, dtype="int64")
    if som <= 0:
        raise GegevensOntbreken(f"Geen inwoners: {totaal} valt niet te verdelen.")
    return pd.Series(np.ceil(totaal * g.to_numpy() / som - _EPS).astype("int64"), index=g.index)


def concentratie_index(aantal: pd.Series, inwoners: pd.Series) -> pd.Series:
    """Concentratie-index per gemeente: (aantal_g / Σ aantal) ÷ (inwoners_g / Σ inwoners).

    1 = the gemeente has exactly its share of the regio's group, given its size; > 1 = it carries
    more than its share. NA where an input is missing or a sum is 0.
    """
    a = pd.to_numeric(pd.Series(aantal), errors="coerce").astype("float64")
    i = pd.to_numeric(pd.Series(inwoners), errors="coerce").astype("float64").reindex(a.index)
    if a.isna().any() or i.isna().any() or a.sum() <= 0 or i.sum() <= 0:
        return pd.Series(np.nan, index=a.index, dtype="float64")
    return (a / a.sum()) / (i / i.sum())


def gini(waarden: Sequence[float] | pd.Series) -> float:
    """Gini coefficient: Σ_i Σ_j |x_i − x_j| / (2 n² · gemiddelde); 0 = all equal, → 1 = one carries all.

    NA when there are no values, a value is missing or negative, or all are 0.
    """
    x = np.asarray(pd.to_numeric(pd.Series(waarden), errors="coerce"), dtype="float64")
    if x.size == 0 or np.isnan(x).any() or (x < 0).any() or x.sum() <= 0:
        return float("nan")
    n = x.size
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean()))


def max_min(waarden: Sequence[float] | pd.Series) -> float:
    """Largest value ÷ smallest value; NA when a value is missing or the smallest is 0."""
    x = np.asarray(pd.to_numeric(pd.Series(waarden), errors="coerce"), dtype="float64")
    if x.size == 0 or np.isnan(x).any() or x.min() <= 0:
        return float("nan")
    return float(x.max() / x.min())


def benodigde_groei_sociaal(woningvoorraad: float, sociale_huur: float, aandeel_nieuwbouw: float,
                            doel: float = 0.30) -> float:
    """Woningen to add to reach ``doel`` sociale huur when a share ``aandeel_nieuwbouw`` of them is social.

    ΔS = (doel·S − SH) / (n − doel) (domein.md §5.3; from (SH + n·ΔS) / (S + ΔS) = doel).
    0 when the gemeente is at or above the aim; NA when n ≤ doel (never closes) or input is missing.
    """
    s, sh, n = woningvoorraad, sociale_huur, aandeel_nieuwbouw
    if any(v is None or pd.isna(v) for v in (s, sh, n)):
        return float("nan")
    tekort = doel * float(s) - float(sh)
    if tekort <= 0:
        return 0.0
    if n <= doel:
        return float("nan")
    return tekort / (float(n) - doel)


# --------------------------------------------------------------------------------------------------
# parameters (``spreiding:`` section of the regio YAML)
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ruiling:
    """One swap (art. 29 lid 2): gemeente ``van`` hands ``aantal`` of its allocation to ``naar``."""

    nr: int
    van: str
    naar: str
    aantal: int
    groep: str
    reden: str
    sleutel: str | None = None  # None = under every key


@dataclass(frozen=True)
class SpreidingParams:
    """Validated ``spreiding:`` parameters, defaults documented in docs/fair-share.md."""

    gewichten: Mapping[str, float] = field(default_factory=lambda: {
        "sociale_huurvoorraad": 0.4, "mutaties": 0.4, "voorzieningen": 0.2})
    concentratiestraf: float = 0.5
    art29_groepen: tuple[str, ...] = ("statushouders",)
    mutatiegraad: float = 0.06
    doel_sociale_huur: float = 0.30
    termijn_jaren: int = 10
    nieuwbouw_aandeel_sociaal: float = 0.5
    doeljaar: int = 0  # 0 = peiljaar + termijn_jaren
    variant: str = "midden"
    groepen: tuple[str, ...] | None = None  # None = every groep with data
    ruilingen: tuple[Ruiling, ...] = ()

    def dump(self) -> dict[str, Any]:
        """Plain dict (for ``A.bewaar(extra=...)`` and the colophon)."""
        return {
            "gewichten": dict(self.gewichten), "concentratiestraf": self.concentratiestraf,
            "art29_groepen": list(self.art29_groepen), "mutatiegraad": self.mutatiegraad,
            "doel_sociale_huur": self.doel_sociale_huur, "termijn_jaren": self.termijn_jaren,
            "nieuwbouw_aandeel_sociaal": self.nieuwbouw_aandeel_sociaal, "doeljaar": self.doeljaar,
            "variant": self.variant, "groepen": list(self.groepen) if self.groepen else None,
            "ruilingen": [r.__dict__ for r in self.ruilingen],
        }


_BEKEND = ("gewichten", "concentratiestraf", "art29_groepen", "mutatiegraad", "doel_sociale_huur",
           "termijn_jaren", "nieuwbouw_aandeel_sociaal", "doeljaar", "variant", "groepen", "ruilingen")


def _getal(waarde: Any, sleutel: str, bron: str, lo: float, hi: float) -> float:
    if isinstance(waarde, bool) or not isinstance(waarde, (int, float)) or pd.isna(waarde):
        raise ParamsFout(f"{bron}spreiding.{sleutel}: moet een getal zijn (waarde: {waarde!r})")
    if not lo <= float(waarde) <= hi:
        raise ParamsFout(f"{bron}spreiding.{sleutel}: moet tussen {lo:g} en {hi:g} liggen (waarde: {waarde!r})")
    return float(waarde)


def _geheel(waarde: Any, sleutel: str, bron: str, lo: int, hi: int) -> int:
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise ParamsFout(f"{bron}spreiding.{sleutel}: moet een geheel getal zijn (waarde: {waarde!r})")
    if not lo <= waarde <= hi:
        raise ParamsFout(f"{bron}spreiding.{sleutel}: moet tussen {lo} en {hi} liggen (waarde: {waarde!r})")
    return int(waarde)


def _tekstlijst(waarde: Any, sleutel: str, bron: str) -> tuple[str, ...]:
    if isinstance(waarde, str):
        waarde = [waarde]
    if not isinstance(waarde, list) or not all(isinstance(x, str) and x.strip() for x in waarde):
        raise ParamsFout(f"{bron}spreiding.{sleutel}: moet een lijst met namen zijn (waarde: {waarde!r})")
    return tuple(x.strip() for x in waarde)


def lees_params(ruw: Mapping[str, Any] | None, bron: str = "") -> SpreidingParams:
    """Validate the ``spreiding:`` section of a regio params file; Dutch errors name the key.

    ``bron`` (the params file path) prefixes every message. Unknown keys are errors (a typo must not
    silently fall back on a default). Weights of the lokale-kenmerken key must add up to 1.
    """
    pre = f"{bron}: " if bron else ""
    ruw = dict(ruw or {})
    if not isinstance(ruw, dict):
        raise ParamsFout(f"{pre}spreiding: moet een mapping (sleutel: waarde) zijn")
    onbekend = [k for k in ruw if k not in _BEKEND]
    if onbekend:
        raise ParamsFout(f"{pre}spreiding.{onbekend[0]}: onbekende sleutel (tikfout?); "
                         f"bekend zijn: {', '.join(_BEKEND)}")
    d = SpreidingParams()
    kw: dict[str, Any] = {}
    if "gewichten" in ruw:
        gw = ruw["gewichten"]
        if not isinstance(gw, dict):
            raise ParamsFout(f"{pre}spreiding.gewichten: moet een mapping zijn, bv. "
                             "{sociale_huurvoorraad: 0.4, mutaties: 0.4, voorzieningen: 0.2}")
        for k in gw:
            if k not in COMPONENTEN:
                raise ParamsFout(f"{pre}spreiding.gewichten.{k}: onbekende component; "
                                 f"bekend zijn: {', '.join(COMPONENTEN)}")
        gewichten = {k: _getal(gw.get(k, 0.0), f"gewichten.{k}", pre, 0, 1) for k in COMPONENTEN}
        som = sum(gewichten.values())
        if abs(som - 1) > 1e-6:
            raise ParamsFout(f"{pre}spreiding.gewichten: de gewichten tellen op tot {f'{som:g}'.replace('.', ',')}; "
                             "ze moeten samen precies 1 zijn")
        kw["gewichten"] = gewichten
    for k, lo, hi in (("concentratiestraf", 0, 1), ("mutatiegraad", 0.001, 1), ("doel_sociale_huur", 0.01, 0.99),
                      ("nieuwbouw_aandeel_sociaal", 0, 1)):
        if k in ruw:
            kw[k] = _getal(ruw[k], k, pre, lo, hi)
    if "termijn_jaren" in ruw:
        kw["termijn_jaren"] = _geheel(ruw["termijn_jaren"], "termijn_jaren", pre, 1, 50)
    if "doeljaar" in ruw:
        kw["doeljaar"] = 0 if ruw["doeljaar"] in (0, None) else _geheel(ruw["doeljaar"], "doeljaar", pre, 2000, 2100)
    if "variant" in ruw:
        if not isinstance(ruw["variant"], str) or not ruw["variant"].strip():
            raise ParamsFout(f"{pre}spreiding.variant: moet tekst zijn, bv. 'midden' (waarde: {ruw['variant']!r})")
        kw["variant"] = ruw["variant"].strip()
    if "art29_groepen" in ruw:
        kw["art29_groepen"] = () if ruw["art29_groepen"] in (None, []) else _tekstlijst(
            ruw["art29_groepen"], "art29_groepen", pre)
    if "groepen" in ruw and ruw["groepen"] not in (None, []):
        kw["groepen"] = _tekstlijst(ruw["groepen"], "groepen", pre)
    if "ruilingen" in ruw and ruw["ruilingen"] not in (None, []):
        kw["ruilingen"] = _lees_ruilingen(ruw["ruilingen"], pre)
    return SpreidingParams(**{**d.__dict__, **kw})


def _lees_ruilingen(ruw: Any, pre: str) -> tuple[Ruiling, ...]:
    if not isinstance(ruw, list):
        raise ParamsFout(f"{pre}spreiding.ruilingen: moet een lijst zijn, bv. "
                         "[{van: GM0001, naar: GM0002, aantal: 5, groep: statushouders, reden: ...}]")
    uit = []
    for i, r in enumerate(ruw):
        plek = f"{pre}spreiding.ruilingen[{i}]"
        if not isinstance(r, dict):
            raise ParamsFout(f"{plek}: moet een mapping zijn met van, naar, aantal, groep en reden")
        onbekend = [k for k in r if k not in ("van", "naar", "aantal", "groep", "reden", "sleutel")]
        if onbekend:
            raise ParamsFout(f"{plek}.{onbekend[0]}: onbekende sleutel; bekend zijn: van, naar, aantal, groep, "
                             "reden, sleutel")
        for k in ("van", "naar", "aantal", "groep", "reden"):
            if r.get(k) in (None, ""):
                raise ParamsFout(f"{plek}.{k}: ontbreekt (verplicht)")
        van, naar = str(r["van"]).strip().upper(), str(r["naar"]).strip().upper()
        for k, v in (("van", van), ("naar", naar)):
            if not (len(v) == 6 and v.startswith("GM") and v[2:].isdigit()):
                raise ParamsFout(f"{plek}.{k}: moet een gemeentecode zijn (GM + 4 cijfers), niet {r[k]!r}")
        if van == naar:
            raise ParamsFout(f"{plek}: van en naar zijn dezelfde gemeente ({van})")
        aantal = r["aantal"]
        if isinstance(aantal, bool) or not isinstance(aantal, int) or aantal <= 0:
            raise ParamsFout(f"{plek}.aantal: moet een geheel getal groter dan 0 zijn (waarde: {aantal!r})")
        sleutel = r.get("sleutel")
        if sleutel is not None and sleutel not in SLEUTELS:
            raise ParamsFout(f"{plek}.sleutel: onbekende verdeelsleutel {sleutel!r}; kies uit "
                             f"{', '.join(SLEUTELS)} (of laat weg: dan geldt de ruiling onder elke sleutel)")
        uit.append(Ruiling(nr=i + 1, van=van, naar=naar, aantal=int(aantal), groep=str(r["groep"]).strip(),
                           reden=str(r["reden"]).strip(), sleutel=sleutel))
    return tuple(uit)


# --------------------------------------------------------------------------------------------------
# where things are now
# --------------------------------------------------------------------------------------------------
def _per(teller, noemer, factor: float = 1000.0) -> float:
    if teller is None or noemer is None or pd.isna(teller) or pd.isna(noemer) or float(noemer) <= 0:
        return np.nan
    return factor * float(teller) / float(noemer)


def concentratie(groepen: pd.DataFrame, kenmerken: pd.DataFrame, *,
                 totaal_groepen: Sequence[str] | None = None) -> pd.DataFrame:
    """Where the groups live now: per gemeente and groep the count, rates and concentratie-index.

    ``groepen``: gemeentecode, groep, aantal (from result ``10_omvang/groepen`` or the local
    aandachtsgroepen). ``kenmerken``: gemeentecode, inwoners, sociale_huurvoorraad (see
    :func:`kenmerken_tabel`). Per row:

    - ``per_1000_inwoners`` = 1.000 × aantal ÷ inwoners;
    - ``per_1000_sociale_huur`` = 1.000 × aantal ÷ sociale huurvoorraad (NA when unknown);
    - ``aandeel_regio`` = % of the regio's total of that groep; ``aandeel_inwoners`` = % of the
      regio's inhabitants; ``concentratie_index`` = their ratio (:func:`concentratie_index`).

    A groep with a missing count in any gemeente gets NA shares and index (it cannot be compared
    across the regio); a groep without any count is left out. With ``totaal_groepen`` an extra groep
    "alle aandachtsgroepen" carries, per
    gemeente, the unweighted mean of the concentratie-indices of those groups that are known in every
    gemeente (counts of different groups are in different units, so they are not added up);
    ``aantal`` is left empty there. Columns: groep, gemeentecode, aantal, inwoners,
    per_1000_inwoners, sociale_huurvoorraad, per_1000_sociale_huur, aandeel_regio, aandeel_inwoners,
    concentratie_index.
    """
    kol = ["groep", "gemeentecode", "aantal", "inwoners", "per_1000_inwoners", "sociale_huurvoorraad",
           "per_1000_sociale_huur", "aandeel_regio", "aandeel_inwoners", "concentratie_index"]
    k = kenmerken.set_index("gemeentecode")
    codes = list(k.index)
    g = groepen[groepen["gemeentecode"].isin(codes)][["gemeentecode", "groep", "aantal"]].copy()
    g["groep"] = g["groep"].astype(str)
    g["aantal"] = pd.to_numeric(g["aantal"], errors="coerce").astype("float64")
    g = g.groupby(["groep", "gemeentecode"], as_index=False, sort=False)["aantal"].sum(min_count=1)
    inw = pd.to_numeric(k["inwoners"], errors="coerce").astype("float64")
    sh = (pd.to_numeric(k["sociale_huurvoorraad"], errors="coerce").astype("float64")
          if "sociale_huurvoorraad" in k else pd.Series(np.nan, index=k.index))
    delen = []
    indices = {}
    for groep in dict.fromkeys(g["groep"]):
        a = g[g["groep"] == groep].set_index("gemeentecode")["aantal"].reindex(codes)
        if a.isna().all():
            continue  # no figure in any gemeente: nothing to show
        ci = concentratie_index(a, inw)
        volledig = not a.isna().any() and a.sum() > 0
        if volledig:
            indices[groep] = ci
        delen.append(pd.DataFrame({
            "groep": groep, "gemeentecode": codes, "aantal": a.to_numpy(), "inwoners": inw.to_numpy(),
            "per_1000_inwoners": [_per(x, n) for x, n in zip(a, inw)],
            "sociale_huurvoorraad": sh.to_numpy(),
            "per_1000_sociale_huur": [_per(x, n) for x, n in zip(a, sh)],
            "aandeel_regio": (100 * a / a.sum()).to_numpy() if volledig else np.nan,
            "aandeel_inwoners": (100 * inw / inw.sum()).to_numpy(),
            "concentratie_index": ci.to_numpy(),
        }))
    sel = [x for x in (totaal_groepen or []) if x in indices]
    if sel:
        gem = pd.concat([indices[x] for x in sel], axis=1).mean(axis=1)
        delen.append(pd.DataFrame({
            "groep": ALLE_GROEPEN, "gemeentecode": codes, "aantal": np.nan, "inwoners": inw.to_numpy(),
            "per_1000_inwoners": np.nan, "sociale_huurvoorraad": sh.to_numpy(), "per_1000_sociale_huur": np.nan,
            "aandeel_regio": np.nan, "aandeel_inwoners": (100 * inw / inw.sum()).to_numpy(),
            "concentratie_index": gem.reindex(codes).to_numpy()}))
    if not delen:
        return pd.DataFrame(columns=kol).astype({"groep": "string", "gemeentecode": "string"})
    uit = pd.concat(delen, ignore_index=True)[kol]
    return uit.astype({"groep": "string", "gemeentecode": "string"})


def concentratie_overzicht(conc: pd.DataFrame, namen: Mapping[str, str] | None = None,
                           waarde: str = "concentratie_index") -> pd.DataFrame:
    """Display matrix: one row per groep (Dutch label), one column per gemeente, cells = ``waarde``.

    Groups without a value anywhere are left out; "alle aandachtsgroepen" comes first.
    """
    if conc.empty:
        return pd.DataFrame(columns=["Groep"])
    c = conc[conc.groupby("groep")[waarde].transform(lambda x: x.notna().any())]
    if c.empty:
        return pd.DataFrame(columns=["Groep"])
    groepen = list(dict.fromkeys(c["groep"]))
    if ALLE_GROEPEN in groepen:
        groepen = [ALLE_GROEPEN, *[x for x in groepen if x != ALLE_GROEPEN]]
    codes = list(dict.fromkeys(c["gemeentecode"]))
    p = c.pivot(index="groep", columns="gemeentecode", values=waarde).reindex(index=groepen, columns=codes)
    p.columns = [(namen or {}).get(x, x) for x in p.columns]
    p.insert(0, "Groep", [groep_label(x) for x in p.index])
    return p.reset_index(drop=True).rename_axis(columns=None)


def concentratie_details(conc: pd.DataFrame, namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table: per groep and gemeente the count, rates, shares (%) and the concentratie-index."""
    c = conc[(conc["groep"] != ALLE_GROEPEN) & conc["aantal"].notna()]
    return pd.DataFrame({
        "Groep": [groep_label(x) for x in c["groep"]],
        "Gemeente": [(namen or {}).get(x, x) for x in c["gemeentecode"]],
        "Aantal": c["aantal"].to_numpy(),
        "Per 1.000 inwoners": c["per_1000_inwoners"].to_numpy(),
        "Per 1.000 sociale huurwoningen": c["per_1000_sociale_huur"].to_numpy(),
        "Aandeel in de regio": c["aandeel_regio"].to_numpy(),
        "Aandeel inwoners": c["aandeel_inwoners"].to_numpy(),
        "Concentratie-index": c["concentratie_index"].to_numpy(),
    })


def wijken(wijken_tabel: pd.DataFrame, codes: Sequence[str], peiljaar: int,
           namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Wijken of the regio ranked by share of 65+, with one-person households (Kerncijfers wijken en buurten).

    From canonical ``wijken`` (soort ``wijk``), edition = latest year <= peiljaar:
    ``aandeel_65_plus`` = % of inhabitants aged 65+; ``aandeel_eenpersoons`` = % of households that
    are one-person households; ``index_65_plus`` = aandeel_65_plus ÷ the regio's share 65+ (over
    all wijken of the regio); ``rang`` 1 = highest share 65+. Wijken without inhabitants are left out.
    Columns: rang, gemeentecode, gemeente, gebiedscode, naam, jaar, inwoners, leeftijd_65_plus,
    aandeel_65_plus, index_65_plus, huishoudens, eenpersoonshuishoudens, aandeel_eenpersoons
    (+ afstand_huisarts_km, afstand_supermarkt_km when present).
    """
    kolommen = ["rang", "gemeentecode", "gemeente", "gebiedscode", "naam", "jaar", "inwoners", "leeftijd_65_plus",
                "aandeel_65_plus", "index_65_plus", "huishoudens", "eenpersoonshuishoudens", "aandeel_eenpersoons"]
    if wijken_tabel is None or wijken_tabel.empty:
        return pd.DataFrame(columns=kolommen)
    w = wijken_tabel[(wijken_tabel["soort"] == "wijk") & wijken_tabel["gemeentecode"].isin(list(codes))]
    jaar = kies_jaar(w, peiljaar)
    if jaar is None:
        return pd.DataFrame(columns=kolommen)
    w = w[(w["jaar"] == jaar)].copy()
    num = ["inwoners", "leeftijd_65_plus", "huishoudens", "eenpersoonshuishoudens"]
    extra = [c for c in ("afstand_huisarts_km", "afstand_supermarkt_km") if c in w.columns and w[c].notna().any()]
    for c in num + extra:
        w[c] = pd.to_numeric(w[c], errors="coerce").astype("float64")
    w = w[w["inwoners"] > 0]
    w["aandeel_65_plus"] = [_per(a, n, 100) for a, n in zip(w["leeftijd_65_plus"], w["inwoners"])]
    w["aandeel_eenpersoons"] = [_per(a, n, 100) for a, n in zip(w["eenpersoonshuishoudens"], w["huishoudens"])]
    ok = w["leeftijd_65_plus"].notna()
    regio_aandeel = _per(w.loc[ok, "leeftijd_65_plus"].sum(), w.loc[ok, "inwoners"].sum(), 100)
    w["index_65_plus"] = w["aandeel_65_plus"] / regio_aandeel if regio_aandeel and not pd.isna(regio_aandeel) \
        else np.nan
    w["gemeente"] = [(namen or {}).get(c, c) for c in w["gemeentecode"]]
    w = w.sort_values(["aandeel_65_plus", "inwoners"], ascending=[False, False], na_position="last")
    w["rang"] = range(1, len(w) + 1)
    uit = w[kolommen + extra].reset_index(drop=True)
    return uit.astype({"gemeentecode": "string", "gemeente": "string", "gebiedscode": "string", "naam": "string",
                       "jaar": "Int64"})


# --------------------------------------------------------------------------------------------------
# fair share
# --------------------------------------------------------------------------------------------------
def kenmerken_tabel(codes: Sequence[str], inwoners: Mapping[str, float] | pd.Series, *,
                    woningvoorraad: Mapping[str, float] | pd.Series | None = None,
                    sociale_huurvoorraad: Mapping[str, float] | pd.Series | None = None,
                    mutaties: Mapping[str, float] | pd.Series | None = None,
                    nieuwbouw_per_jaar: Mapping[str, float] | pd.Series | None = None,
                    afstand_voorzieningen_km: Mapping[str, float] | pd.Series | None = None,
                    concentratie_index: Mapping[str, float] | pd.Series | None = None,
                    mutatiegraad: float | None = None) -> pd.DataFrame:
    """One row per gemeente with everything the keys need (NA = unknown).

    ``mutaties`` are vrijkomende sociale huurwoningen per year; when unknown but the sociale
    huurvoorraad is known and ``mutatiegraad`` is given, they are estimated as voorraad × mutatiegraad
    (``mutaties_bron`` says which). Columns: gemeentecode, inwoners, woningvoorraad,
    sociale_huurvoorraad, mutaties, mutaties_bron, nieuwbouw_per_jaar, afstand_voorzieningen_km,
    concentratie_index.
    """
    codes = list(codes)

    def kol(x) -> list[float]:
        if x is None:
            return [np.nan] * len(codes)
        s = pd.Series(x) if not isinstance(x, pd.Series) else x
        return [float(v) if v is not None and not pd.isna(v) else np.nan for v in s.reindex(codes)]

    df = pd.DataFrame({"gemeentecode": pd.Series(codes, dtype="string"), "inwoners": kol(inwoners),
                       "woningvoorraad": kol(woningvoorraad), "sociale_huurvoorraad": kol(sociale_huurvoorraad),
                       "mutaties": kol(mutaties)})
    df["mutaties_bron"] = np.where(df["mutaties"].notna(), "opgegeven", "onbekend")
    if mutatiegraad:
        schat = df["mutaties"].isna() & df["sociale_huurvoorraad"].notna()
        df.loc[schat, "mutaties"] = df.loc[schat, "sociale_huurvoorraad"] * mutatiegraad
        df.loc[schat, "mutaties_bron"] = f"geschat: {mutatiegraad:.1%} van de sociale huurvoorraad".replace(".", ",")
    df["mutaties_bron"] = df["mutaties_bron"].astype("string")
    df["nieuwbouw_per_jaar"] = kol(nieuwbouw_per_jaar)
    df["afstand_voorzieningen_km"] = kol(afstand_voorzieningen_km)
    df["concentratie_index"] = kol(concentratie_index)
    return df


def _component(kenmerken: pd.DataFrame, naam: str) -> pd.Series | None:
    """Raw values x_gj of one component of the lokale-kenmerken key; None when unusable."""
    k = kenmerken.set_index("gemeentecode")
    if naam == "voorzieningen":
        afstand = k["afstand_voorzieningen_km"]
        x = k["inwoners"] / (1.0 + afstand)
    else:
        x = k[naam]
    x = pd.to_numeric(x, errors="coerce").astype("float64")
    if x.isna().any() or (x < 0).any() or x.sum() <= 0:
        return None
    return x


def effectieve_gewichten(kenmerken: pd.DataFrame, params: SpreidingParams) -> pd.DataFrame:
    """Which components of the lokale-kenmerken key are usable, and the weights actually applied.

    A component is usable when it is known (and ≥ 0) for every gemeente of the regio. The weights of
    the usable components are rescaled to sum to 1; when none is usable, the key falls back on
    inwoners. Columns: component, omschrijving, gewicht_param, beschikbaar, gewicht_gebruikt.
    """
    rijen = []
    for naam, oms in COMPONENTEN.items():
        rijen.append({"component": naam, "omschrijving": oms, "gewicht_param": float(params.gewichten.get(naam, 0)),
                      "beschikbaar": _component(kenmerken, naam) is not None})
    df = pd.DataFrame(rijen)
    bruikbaar = df["beschikbaar"] & (df["gewicht_param"] > 0)
    som = df.loc[bruikbaar, "gewicht_param"].sum()
    df["gewicht_gebruikt"] = np.where(bruikbaar, df["gewicht_param"] / som if som > 0 else 0.0, 0.0)
    if som <= 0:
        df = pd.concat([df, pd.DataFrame([{"component": "inwoners", "omschrijving": "inwoners (terugval: geen "
                                           "andere component beschikbaar)", "gewicht_param": 0.0,
                                           "beschikbaar": True, "gewicht_gebruikt": 1.0}])], ignore_index=True)
    return df.astype({"component": "string", "omschrijving": "string"})


def lokale_sleutel(kenmerken: pd.DataFrame, params: SpreidingParams) -> pd.DataFrame:
    """Share per gemeente under key 3 (lokale kenmerken), before rounding.

    basis_g = Σ_j w_j · x_gj / Σ_g x_gj over the usable components (:func:`effectieve_gewichten`);
    then the concentration penalty: factor_g = max(0, 1 − s · (CI_g − 1)) with s =
    ``concentratiestraf`` and CI the concentratie-index of all aandachtsgroepen together (no
    penalty when CI is unknown for a gemeente); aandeel_g = basis_g · factor_g / Σ (basis · factor).
    Columns: gemeentecode, basis, straffactor, aandeel.
    """
    eff = effectieve_gewichten(kenmerken, params)
    codes = list(kenmerken["gemeentecode"])
    basis = pd.Series(0.0, index=codes)
    for _, r in eff[eff["gewicht_gebruikt"] > 0].iterrows():
        if r["component"] == "inwoners":
            x = pd.to_numeric(kenmerken.set_index("gemeentecode")["inwoners"], errors="coerce").astype("float64")
        else:
            x = _component(kenmerken, r["component"])
        basis = basis + float(r["gewicht_gebruikt"]) * x / x.sum()
    ci = pd.to_numeric(kenmerken.set_index("gemeentecode")["concentratie_index"], errors="coerce").astype("float64")
    if ci.isna().any() or params.concentratiestraf == 0:
        factor = pd.Series(1.0, index=codes)
    else:
        factor = (1.0 - params.concentratiestraf * (ci - 1.0)).clip(lower=0.0)
    gewogen = basis * factor
    aandeel = gewogen / gewogen.sum() if gewogen.sum() > 0 else basis
    return pd.DataFrame({"gemeentecode": pd.Series(codes, dtype="string"), "basis": basis.to_numpy(),
                         "straffactor": factor.to_numpy(), "aandeel": aandeel.to_numpy()})


def opgave_overzicht(opgave: pd.DataFrame, codes: Sequence[str], params: SpreidingParams,
                     namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per groep: the regional total to divide, its unit and source, and whether it can be divided.

    ``opgave``: groep, gemeentecode, eigen_behoefte, huidige_inzet, eenheid, bron. The regional total
    is Σ eigen_behoefte over the gemeenten, rounded to a whole number. A groep is divided only when
    every gemeente has an eigen_behoefte (otherwise the total is incomplete) and the total is > 0,
    and, with ``params.groepen`` set, when it is listed there.
    ``per_jaar``: the opgave is a yearly flow (aandachtsgroepen) rather than a stock (bouwopgave).
    Columns: groep, eenheid, per_jaar, bron, totaal, huidige_inzet, verdeeld, reden.
    """
    rijen = []
    codes = list(codes)
    for groep, d in opgave.groupby("groep", sort=False):
        d = d.set_index("gemeentecode").reindex(codes)
        eb = pd.to_numeric(d["eigen_behoefte"], errors="coerce")
        hi = pd.to_numeric(d["huidige_inzet"], errors="coerce")
        reden = ""
        if params.groepen and groep not in params.groepen:
            reden = "niet gekozen in spreiding.groepen"
        elif eb.isna().any():
            mist = ", ".join((namen or {}).get(c, c) for c, v in zip(codes, eb) if pd.isna(v))
            reden = f"eigen behoefte onbekend voor {mist}"
        elif eb.sum() <= 0:
            reden = "totaal is 0"
        eenheid = next((str(x) for x in d["eenheid"] if isinstance(x, str) and x), "") if "eenheid" in d else ""
        bron = next((str(x) for x in d["bron"] if isinstance(x, str) and x), "") if "bron" in d else ""
        per_jaar = bool(d["per_jaar"].fillna(True).astype(bool).all()) if "per_jaar" in d else True
        rijen.append({"groep": groep, "eenheid": eenheid, "per_jaar": per_jaar, "bron": bron,
                      "totaal": int(math.floor(eb.sum() + 0.5)) if not eb.isna().all() else pd.NA,
                      "huidige_inzet": float(hi.sum()) if hi.notna().all() else np.nan,
                      "verdeeld": reden == "", "reden": reden})
    kol = ["groep", "eenheid", "per_jaar", "bron", "totaal", "huidige_inzet", "verdeeld", "reden"]
    uit = pd.DataFrame(rijen, columns=kol)
    return uit.astype({"groep": "string", "eenheid": "string", "per_jaar": "bool", "bron": "string", "totaal": "Int64",
                       "huidige_inzet": "Float64", "verdeeld": "bool", "reden": "string"})


def verdeel(opgave: pd.DataFrame, kenmerken: pd.DataFrame, params: SpreidingParams) -> pd.DataFrame:
    """Divide the regional opgave of every groep over the gemeenten under the three keys (before swaps).

    ``opgave``: groep, gemeentecode, eigen_behoefte, huidige_inzet (+ eenheid); ``kenmerken``: see
    :func:`kenmerken_tabel`. Per groep the total T = round(Σ eigen_behoefte) (:func:`opgave_overzicht`):

    - ``naar_rato``: share of inhabitants, largest remainder; for ``params.art29_groepen`` the art. 29
      formula ceil(T × inwoners_g / inwoners_regio) — then Σ toedeling may exceed T (``afronding``);
    - ``eigen_behoefte``: in proportion to the gemeente's own demand, largest remainder (equals the
      own demand when that is whole);
    - ``lokale_kenmerken``: :func:`lokale_sleutel`, largest remainder.

    Columns: sleutel, sleutel_naam, groep, eenheid, per_jaar, gemeentecode, aandeel (key share, 0..1),
    afronding, toedeling, huidige_inzet, verschil (= toedeling − huidige_inzet), last (= toedeling ÷
    vrijkomende sociale huurwoningen per year; only for yearly opgaven, ``per_jaar``: the share of a
    year's lettings the allocation takes). Apply :func:`pas_ruilingen_toe` afterwards for the swap ledger.
    """
    codes = list(kenmerken["gemeentecode"])
    overzicht = opgave_overzicht(opgave, codes, params)
    k = kenmerken.set_index("gemeentecode")
    inw = pd.to_numeric(k["inwoners"], errors="coerce").astype("float64")
    mut = pd.to_numeric(k["mutaties"], errors="coerce").astype("float64")
    lokaal = lokale_sleutel(kenmerken, params).set_index("gemeentecode")["aandeel"]
    delen = []
    for _, og in overzicht[overzicht["verdeeld"]].iterrows():
        groep, totaal = og["groep"], int(og["totaal"])
        d = opgave[opgave["groep"] == groep].set_index("gemeentecode").reindex(codes)
        eigen = pd.to_numeric(d["eigen_behoefte"], errors="coerce").astype("float64")
        huidig = pd.to_numeric(d["huidige_inzet"], errors="coerce").astype("float64")
        for sleutel in SLEUTELS:
            afronding = GROOTSTE_REST
            if sleutel == NAAR_RATO:
                aandeel = inw / inw.sum()
                if groep in params.art29_groepen:
                    toedeling, afronding = art29_taakstelling(inw, totaal), ART29
                else:
                    toedeling = grootste_rest(inw, totaal)
            elif sleutel == EIGEN_BEHOEFTE:
                aandeel = eigen / eigen.sum()
                toedeling = grootste_rest(eigen, totaal)
            else:
                aandeel = lokaal.reindex(codes)
                toedeling = grootste_rest(aandeel, totaal)
            delen.append(pd.DataFrame({
                "sleutel": sleutel, "sleutel_naam": SLEUTELS[sleutel], "groep": groep, "eenheid": og["eenheid"],
                "per_jaar": bool(og["per_jaar"]), "gemeentecode": codes, "aandeel": aandeel.to_numpy(),
                "afronding": afronding,
                "toedeling": toedeling.to_numpy(), "huidige_inzet": huidig.to_numpy(),
            }))
    kol = ["sleutel", "sleutel_naam", "groep", "eenheid", "per_jaar", "gemeentecode", "aandeel", "afronding",
           "toedeling", "huidige_inzet", "verschil", "last"]
    if not delen:
        return pd.DataFrame(columns=kol)
    uit = pd.concat(delen, ignore_index=True)
    uit["toedeling"] = uit["toedeling"].astype("int64")
    uit = _herbereken(uit, mut)
    return uit[kol]


def _herbereken(verdeling: pd.DataFrame, mutaties: pd.Series) -> pd.DataFrame:
    v = verdeling.copy()
    v["verschil"] = v["toedeling"].astype("float64") - pd.to_numeric(v["huidige_inzet"], errors="coerce")
    m = mutaties.reindex(v["gemeentecode"]).to_numpy()
    per_jaar = v["per_jaar"].astype(bool).to_numpy() if "per_jaar" in v else np.ones(len(v), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        v["last"] = np.where((m > 0) & per_jaar, v["toedeling"].to_numpy(dtype="float64") / m, np.nan)
    return v.astype({"sleutel": "string", "sleutel_naam": "string", "groep": "string", "eenheid": "string",
                     "gemeentecode": "string", "afronding": "string"})


def pas_ruilingen_toe(verdeling: pd.DataFrame, ruilingen: Sequence[Ruiling], kenmerken: pd.DataFrame,
                      bron: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the swap ledger (art. 29 lid 2) to a verdeling; totals per sleutel and groep stay fixed.

    Each swap moves ``aantal`` from ``van`` to ``naar`` for one groep, under its ``sleutel`` or (none
    given) under every key. Swaps are applied in order; a swap that would make an allocation negative,
    or names a gemeente or groep that is not in the verdeling, raises ParamsFout naming
    ``spreiding.ruilingen[i]``. Returns (verdeling with ``toedeling_berekend``, ``ruiling`` and the new
    ``toedeling``/``verschil``/``last``, the ledger table). Ledger columns: nr, sleutel, groep, van,
    naar, aantal, reden, van_voor, van_na, naar_voor, naar_na.
    """
    pre = f"{bron}: " if bron else ""
    v = verdeling.copy()
    v["toedeling_berekend"] = v["toedeling"].astype("int64")
    v["ruiling"] = 0
    codes = set(kenmerken["gemeentecode"])
    rijen = []
    for r in ruilingen:
        plek = f"{pre}spreiding.ruilingen[{r.nr - 1}]"
        for wie in (r.van, r.naar):
            if wie not in codes:
                raise ParamsFout(f"{plek}: gemeente {wie} hoort niet bij de regio "
                                 f"({', '.join(sorted(codes))})")
        groepen = set(v["groep"])
        if r.groep not in groepen:
            raise ParamsFout(f"{plek}.groep: '{r.groep}' wordt niet verdeeld; verdeelde groepen: "
                             f"{', '.join(sorted(groepen)) or 'geen'}")
        sleutels = [r.sleutel] if r.sleutel else list(dict.fromkeys(v["sleutel"]))
        for s in sleutels:
            i_van = v.index[(v["sleutel"] == s) & (v["groep"] == r.groep) & (v["gemeentecode"] == r.van)]
            i_naar = v.index[(v["sleutel"] == s) & (v["groep"] == r.groep) & (v["gemeentecode"] == r.naar)]
            van_voor, naar_voor = int(v.loc[i_van[0], "toedeling"]), int(v.loc[i_naar[0], "toedeling"])
            if van_voor - r.aantal < 0:
                raise ParamsFout(
                    f"{plek}: {r.van} kan onder sleutel '{SLEUTELS[s]}' geen {r.aantal} ({r.groep}) afstaan: "
                    f"de toedeling is {van_voor} en zou negatief worden. Verlaag 'aantal' of geef een 'sleutel'.")
            v.loc[i_van[0], "toedeling"] = van_voor - r.aantal
            v.loc[i_naar[0], "toedeling"] = naar_voor + r.aantal
            v.loc[i_van[0], "ruiling"] -= r.aantal
            v.loc[i_naar[0], "ruiling"] += r.aantal
            rijen.append({"nr": r.nr, "sleutel": s, "groep": r.groep, "van": r.van, "naar": r.naar,
                          "aantal": r.aantal, "reden": r.reden, "van_voor": van_voor,
                          "van_na": van_voor - r.aantal, "naar_voor": naar_voor, "naar_na": naar_voor + r.aantal})
    mut = pd.to_numeric(kenmerken.set_index("gemeentecode")["mutaties"], errors="coerce").astype("float64")
    v = _herbereken(v, mut)
    kol = ["nr", "sleutel", "groep", "van", "naar", "aantal", "reden", "van_voor", "van_na", "naar_voor", "naar_na"]
    ledger = pd.DataFrame(rijen, columns=kol).astype({"sleutel": "string", "groep": "string", "van": "string",
                                                      "naar": "string", "reden": "string"})
    volgorde = ["sleutel", "sleutel_naam", "groep", "eenheid", "per_jaar", "gemeentecode", "aandeel", "afronding",
                "toedeling_berekend", "ruiling", "toedeling", "huidige_inzet", "verschil", "last"]
    return v[volgorde], ledger


def spreidingsmaten(verdeling: pd.DataFrame, kenmerken: pd.DataFrame,
                    opgave_tabel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per sleutel and groep: totals, rounding difference and the spread of the burden across gemeenten.

    The spread is measured on ``last`` (toedeling ÷ vrijkomende sociale huurwoningen per year) for
    yearly opgaven when mutaties are known for every gemeente, else on toedeling per 1.000 inwoners
    (``maat`` says which): Gini (:func:`gini`) and max/min (:func:`max_min`). "Ver uiteenlopende
    scores betekent beperkt draagvlak" (serious game): a high Gini means some gemeenten carry much
    more than others. Per sleutel one extra row "alle aandachtsgroepen" sums the yearly opgaven: its
    ``last`` is the share of all lettings the aandachtsgroepen would take in each gemeente.
    ``afrondingsverschil`` = Σ toedeling − totaal (non-zero only under art. 29 rounding).
    Columns: sleutel, sleutel_naam, groep, totaal, som_toedeling, afrondingsverschil, maat, gini, max_min,
    laagste, hoogste.
    """
    kol = ["sleutel", "sleutel_naam", "groep", "totaal", "som_toedeling", "afrondingsverschil", "maat", "gini",
           "max_min", "laagste", "hoogste"]
    if verdeling.empty:
        return pd.DataFrame(columns=kol)
    k = kenmerken.set_index("gemeentecode")
    mut = pd.to_numeric(k["mutaties"], errors="coerce").astype("float64")
    mut_bekend = bool(mut.notna().all() and (mut > 0).all())
    inw = pd.to_numeric(k["inwoners"], errors="coerce").astype("float64")
    totalen = {}
    if opgave_tabel is not None and not opgave_tabel.empty:
        totalen = dict(zip(opgave_tabel["groep"], opgave_tabel["totaal"]))
    v = verdeling.copy()
    per_jaar = v["per_jaar"].astype(bool) if "per_jaar" in v else pd.Series(True, index=v.index)
    jaarlijks = v[per_jaar]
    if not jaarlijks.empty and jaarlijks["groep"].nunique() > 1:
        som = jaarlijks.groupby(["sleutel", "gemeentecode"], sort=False, as_index=False)["toedeling"].sum()
        som["groep"], som["per_jaar"] = ALLE_GROEPEN, True
        v = pd.concat([v, som], ignore_index=True)
        totalen[ALLE_GROEPEN] = sum(int(totalen[g]) for g in dict.fromkeys(jaarlijks["groep"])
                                    if g in totalen and not pd.isna(totalen[g])) if totalen else pd.NA
    rijen = []
    for (s, groep), d in v.groupby(["sleutel", "groep"], sort=False):
        toed = d["toedeling"].astype("float64").to_numpy()
        if mut_bekend and bool(d["per_jaar"].astype(bool).all()):
            x, maat = toed / mut.reindex(d["gemeentecode"]).to_numpy(), "last (toedeling ÷ mutaties per jaar)"
        else:
            x, maat = 1000 * toed / inw.reindex(d["gemeentecode"]).to_numpy(), "toedeling per 1.000 inwoners"
        som = int(d["toedeling"].sum())
        tot = totalen.get(groep, pd.NA)
        rijen.append({"sleutel": s, "sleutel_naam": SLEUTELS.get(s, s), "groep": groep, "totaal": tot,
                      "som_toedeling": som, "afrondingsverschil": (som - int(tot)) if not pd.isna(tot) else pd.NA,
                      "maat": maat, "gini": gini(x), "max_min": max_min(x),
                      "laagste": float(np.nanmin(x)) if not np.isnan(x).all() else np.nan,
                      "hoogste": float(np.nanmax(x)) if not np.isnan(x).all() else np.nan})
    uit = pd.DataFrame(rijen, columns=kol)
    return uit.astype({"sleutel": "string", "sleutel_naam": "string", "groep": "string", "totaal": "Int64",
                       "som_toedeling": "Int64", "afrondingsverschil": "Int64", "maat": "string"})


def vergelijk_sleutels(verdeling: pd.DataFrame, groep: str, namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table for one groep: gemeenten as rows, the three keys side by side.

    Columns: Gemeente, huidige inzet, then per key "toedeling" and "verschil" (toedeling − huidige
    inzet), and "last" when known.
    """
    d = verdeling[verdeling["groep"] == groep]
    if d.empty:
        return pd.DataFrame()
    codes = list(dict.fromkeys(d["gemeentecode"]))
    uit = pd.DataFrame({"Gemeente": [(namen or {}).get(c, c) for c in codes]})
    eerste = d[d["sleutel"] == d["sleutel"].iloc[0]].set_index("gemeentecode").reindex(codes)
    uit["Huidige inzet"] = eerste["huidige_inzet"].to_numpy()
    for s in SLEUTELS:
        ds = d[d["sleutel"] == s].set_index("gemeentecode").reindex(codes)
        if ds["toedeling"].isna().all():
            continue
        kort = SLEUTELS[s].split(". ", 1)[-1]
        uit[f"{kort}: toedeling"] = ds["toedeling"].to_numpy()
        if ds["huidige_inzet"].notna().any():
            uit[f"{kort}: verschil"] = ds["verschil"].to_numpy()
        if ds["last"].notna().any():
            uit[f"{kort}: last"] = ds["last"].to_numpy()
    if uit["Huidige inzet"].isna().all():
        uit = uit.drop(columns="Huidige inzet")
    return uit


def _kort(sleutel: str) -> str:
    return SLEUTELS.get(sleutel, sleutel).split(". ", 1)[-1]


def verdeling_tabel(verdeling: pd.DataFrame, namen: Mapping[str, str] | None = None, *,
                    per_jaar: bool = True, met_verschil: bool = True) -> pd.DataFrame:
    """Display table of the verdeling: per groep and gemeente the current effort and, per key, the
    allocation and the difference (allocation − current effort). ``per_jaar`` selects the yearly
    opgaven of the aandachtsgroepen (True) or the bouwopgave per woonvorm (False). ``met_verschil=False``
    leaves the differences out (for small counts of vulnerable groups they would reveal suppressed
    cells; the result file keeps them)."""
    if verdeling.empty:
        return pd.DataFrame(columns=["Groep", "Gemeente"])
    v = verdeling[verdeling["per_jaar"].astype(bool) == per_jaar]
    if v.empty:
        return pd.DataFrame(columns=["Groep", "Gemeente"])
    sleutels = [x for x in SLEUTELS if x in set(v["sleutel"])]
    basis = v[v["sleutel"] == sleutels[0]]
    uit = pd.DataFrame({"Groep": [groep_label(x) for x in basis["groep"]],
                        "Gemeente": [(namen or {}).get(x, x) for x in basis["gemeentecode"]],
                        "Huidige inzet": basis["huidige_inzet"].to_numpy()})
    for sl in sleutels:
        d = v[v["sleutel"] == sl]
        uit[f"{_kort(sl)}: toedeling"] = d["toedeling"].to_numpy()
        if met_verschil:
            uit[f"{_kort(sl)}: verschil"] = d["verschil"].to_numpy()
    if uit["Huidige inzet"].isna().all():
        uit = uit.drop(columns=[c for c in uit.columns if c == "Huidige inzet" or c.endswith(": verschil")])
    return uit


def last_tabel(verdeling: pd.DataFrame, kenmerken: pd.DataFrame,
               namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table: per gemeente and key the burden of all yearly opgaven together.

    Per key: the allocation of all aandachtsgroepen per year, the difference with the current effort
    per year, and the ``last`` = allocation ÷ vrijkomende sociale huurwoningen per year as a
    percentage (the share of a year's lettings the aandachtsgroepen would take). Empty when there are
    no yearly opgaven or no mutaties.
    """
    v = verdeling[verdeling["per_jaar"].astype(bool)] if not verdeling.empty else verdeling
    mut = pd.to_numeric(kenmerken.set_index("gemeentecode")["mutaties"], errors="coerce").astype("float64")
    if v.empty or mut.isna().all():
        return pd.DataFrame(columns=["Gemeente"])
    codes = list(kenmerken["gemeentecode"])
    sleutels = [x for x in SLEUTELS if x in set(v["sleutel"])]
    huidig = (v[v["sleutel"] == sleutels[0]].groupby("gemeentecode")["huidige_inzet"].sum(min_count=1)
              .reindex(codes).astype("float64"))
    uit = pd.DataFrame({"Gemeente": [(namen or {}).get(c, c) for c in codes],
                        "Vrijkomende sociale huurwoningen per jaar":
                            mut.reindex(codes).round().astype("Int64").to_numpy(),
                        "Huidige inzet per jaar": huidig.round().astype("Int64").to_numpy()})
    for sl in sleutels:
        som = v[v["sleutel"] == sl].groupby("gemeentecode")["toedeling"].sum().reindex(codes).astype("float64")
        uit[f"{_kort(sl)}: toedeling"] = som.round().astype("Int64").to_numpy()
        uit[f"{_kort(sl)}: verschil"] = (som - huidig).round().astype("Int64").to_numpy()
        uit[f"{_kort(sl)}: % van de mutaties"] = (100 * som / mut.reindex(codes)).to_numpy()
    return uit


def gewichten_tabel(eff: pd.DataFrame) -> pd.DataFrame:
    """Display table of :func:`effectieve_gewichten`."""
    return pd.DataFrame({
        "Kenmerk": eff["omschrijving"].to_numpy(),
        "Gewicht in de parameters": eff["gewicht_param"].to_numpy(),
        "Beschikbaar voor alle gemeenten": ["ja" if b else "nee" for b in eff["beschikbaar"]],
        "Gewicht gebruikt": eff["gewicht_gebruikt"].to_numpy(),
    })


@dataclass
class Grafiekdata:
    """Long table + texts for one chart (drawn by wzlib.presentatie.grafieken)."""

    df: pd.DataFrame
    x: str
    y: str
    hue: str
    titel: str
    ylabel: str
    soort: str = "getal"


def lastgrafiek(verdeling: pd.DataFrame, kenmerken: pd.DataFrame,
                namen: Mapping[str, str] | None = None) -> Grafiekdata:
    """Chart data for "what does each key mean per gemeente?": one bar per gemeente and key.

    With yearly opgaven and known mutaties: the share of a year's lettings (%) all aandachtsgroepen
    together would take (:func:`last_tabel`). Otherwise: the allocation of the bouwopgave (all
    woonvormen together) per 1.000 inwoners.
    """
    lt = last_tabel(verdeling, kenmerken, namen)
    codes = list(kenmerken["gemeentecode"])
    rijen = []
    if len(lt):
        for sl in [x for x in SLEUTELS if f"{_kort(x)}: % van de mutaties" in lt.columns]:
            for g, w in zip(lt["Gemeente"], lt[f"{_kort(sl)}: % van de mutaties"]):
                rijen.append({"Gemeente": g, "Verdeelsleutel": SLEUTELS[sl], "waarde": float(w)})
        return Grafiekdata(pd.DataFrame(rijen), "Gemeente", "waarde", "Verdeelsleutel",
                           "Deel van de vrijkomende sociale huurwoningen dat naar aandachtsgroepen gaat, per sleutel",
                           "% van de mutaties per jaar", "pct")
    inw = pd.to_numeric(kenmerken.set_index("gemeentecode")["inwoners"], errors="coerce").astype("float64")
    v = verdeling[~verdeling["per_jaar"].astype(bool)] if not verdeling.empty else verdeling
    for sl in [x for x in SLEUTELS if not v.empty and x in set(v["sleutel"])]:
        som = v[v["sleutel"] == sl].groupby("gemeentecode")["toedeling"].sum().reindex(codes).astype("float64")
        for c in codes:
            rijen.append({"Gemeente": (namen or {}).get(c, c), "Verdeelsleutel": SLEUTELS[sl],
                          "waarde": 1000 * som[c] / inw[c] if inw[c] > 0 else np.nan})
    df = pd.DataFrame(rijen, columns=["Gemeente", "Verdeelsleutel", "waarde"])
    return Grafiekdata(df, "Gemeente", "waarde", "Verdeelsleutel",
                       "Toegedeelde bouwopgave (alle woonvormen samen) per 1.000 inwoners, per sleutel",
                       "eenheden per 1.000 inwoners", "getal")


def opgave_tabel(overzicht: pd.DataFrame) -> pd.DataFrame:
    """Display table of :func:`opgave_overzicht`."""
    return pd.DataFrame({
        "Groep": [groep_label(x) for x in overzicht["groep"]],
        "Eenheid": overzicht["eenheid"].to_numpy(),
        "Regionaal totaal": overzicht["totaal"].to_numpy(),
        "Huidige inzet": overzicht["huidige_inzet"].to_numpy(),
        "Verdeeld": ["ja" if x else "nee" for x in overzicht["verdeeld"]],
        "Toelichting": [r or b for r, b in zip(overzicht["reden"].fillna(""), overzicht["bron"].fillna(""))],
    })


def spreidingsmaten_tabel(maten: pd.DataFrame) -> pd.DataFrame:
    """Display table of :func:`spreidingsmaten`."""
    return pd.DataFrame({
        "Groep": [groep_label(x) for x in maten["groep"]],
        "Verdeelsleutel": maten["sleutel_naam"].to_numpy(),
        "Totaal": maten["totaal"].to_numpy(),
        "Som toedelingen": maten["som_toedeling"].to_numpy(),
        "Afrondingsverschil": maten["afrondingsverschil"].to_numpy(),
        "Maat": maten["maat"].to_numpy(),
        "Gini": maten["gini"].to_numpy(),
        "Hoogste ÷ laagste": maten["max_min"].to_numpy(),
    })


def ruilingen_tabel(ledger: pd.DataFrame, namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table of the swap ledger (:func:`pas_ruilingen_toe`)."""
    n = namen or {}
    return pd.DataFrame({
        "Nr": ledger["nr"].astype(str).to_numpy(), "Verdeelsleutel": [SLEUTELS.get(x, x) for x in ledger["sleutel"]],
        "Groep": [groep_label(x) for x in ledger["groep"]], "Van": [n.get(x, x) for x in ledger["van"]],
        "Naar": [n.get(x, x) for x in ledger["naar"]], "Aantal": ledger["aantal"].to_numpy(),
        "Van: voor → na": [f"{a} → {b}" for a, b in zip(ledger["van_voor"], ledger["van_na"])],
        "Naar: voor → na": [f"{a} → {b}" for a, b in zip(ledger["naar_voor"], ledger["naar_na"])],
        "Reden": ledger["reden"].to_numpy(),
    })


def ruilingen_tekst(ledger: pd.DataFrame, namen: Mapping[str, str] | None = None) -> str:
    """One Dutch paragraph about the swaps (none, or how many and that totals are unchanged)."""
    if ledger.empty:
        return ("Er zijn (nog) geen ruilingen afgesproken. Gemeenten kunnen delen van hun toedeling ruilen "
                "(art. 29 lid 2 Huisvestingswet); leg ze vast onder `spreiding: ruilingen:` in de "
                "regio-parameters, dan verschijnen ze hier en in alle tabellen hierboven.")
    n = ledger["nr"].nunique()
    return (f"Er {'is' if n == 1 else 'zijn'} {n} ruiling{'' if n == 1 else 'en'} verwerkt "
            f"({len(ledger)} boeking{'' if len(ledger) == 1 else 'en'}, één per verdeelsleutel waarop de ruiling "
            "van toepassing is). De regionale totalen blijven gelijk; geen toedeling is negatief.")


def sociale_huur_tabel(sh: pd.DataFrame, namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table of :func:`sociale_huur_30`."""
    return pd.DataFrame({
        "Gemeente": [(namen or {}).get(x, x) for x in sh["gemeentecode"]],
        "Woningvoorraad": sh["woningvoorraad"].to_numpy(), "Sociale huur": sh["sociale_huurvoorraad"].to_numpy(),
        "Aandeel sociale huur": sh["aandeel_sociale_huur"].to_numpy(),
        "Afstand tot doel (%-punt)": sh["afstand_tot_doel"].to_numpy(), "Tekort (woningen)": sh["tekort"].to_numpy(),
        "Nieuwbouw in de termijn": sh["nieuwbouw_termijn"].to_numpy(),
        "Benodigd aandeel sociaal in nieuwbouw": sh["benodigd_aandeel_nieuwbouw"].to_numpy(),
        "Status": sh["status"].to_numpy(),
    })


def wijken_tabel(w: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """Display table: the ``n`` wijken with the highest share of 65+ (:func:`wijken`)."""
    d = w.head(n)
    return pd.DataFrame({
        "Rang": d["rang"].astype(str).to_numpy(), "Wijk": d["naam"].to_numpy(), "Gemeente": d["gemeente"].to_numpy(),
        "Inwoners": d["inwoners"].to_numpy(), "65+": d["leeftijd_65_plus"].to_numpy(),
        "Aandeel 65+": d["aandeel_65_plus"].to_numpy(), "Index 65+ (regio = 1)": d["index_65_plus"].to_numpy(),
        "Eenpersoonshuishoudens": d["aandeel_eenpersoons"].to_numpy(),
    })


def sociale_huur_30(kenmerken: pd.DataFrame, params: SpreidingParams) -> pd.DataFrame:
    """The 30 % sociale-huur aim per gemeente (domein.md §5.3).

    From kenmerken (woningvoorraad S, sociale_huurvoorraad SH, nieuwbouw_per_jaar):

    - ``aandeel_sociale_huur`` = 100 · SH / S; ``afstand_tot_doel`` = doel − aandeel (percent points);
    - ``tekort`` = doel · S − SH woningen (negative = above the aim);
    - ``nieuwbouw_termijn`` = nieuwbouw_per_jaar × termijn_jaren (expected new-build over the period);
    - ``benodigd_aandeel_nieuwbouw`` = share of that new-build that must be social to reach the aim at
      the end of the period: (doel · (S + B) − SH) / B, i.e. doel + tekort / B (> 100 % = not
      reachable with new-build alone; 0 when already above the aim);
    - ``groei_bij_n`` = ΔS = (doel·S − SH)/(n − doel), the new-build needed when a share
      n = ``nieuwbouw_aandeel_sociaal`` of it is social (:func:`benodigde_groei_sociaal`).
    Columns: gemeentecode, woningvoorraad, sociale_huurvoorraad, aandeel_sociale_huur, doel_pct,
    afstand_tot_doel, tekort, nieuwbouw_termijn, benodigd_aandeel_nieuwbouw, groei_bij_n, status.
    """
    doel = params.doel_sociale_huur
    rijen = []
    for _, r in kenmerken.iterrows():
        s, sh, nb = r["woningvoorraad"], r["sociale_huurvoorraad"], r["nieuwbouw_per_jaar"]
        aandeel = _per(sh, s, 100)
        tekort = doel * s - sh if not (pd.isna(s) or pd.isna(sh)) else np.nan
        b = nb * params.termijn_jaren if not pd.isna(nb) else np.nan
        nodig = np.nan
        if not pd.isna(tekort) and not pd.isna(b) and b > 0:
            nodig = 0.0 if tekort <= 0 else 100 * (doel + tekort / b)
        if pd.isna(tekort):
            status = "onbekend: woningvoorraad of sociale huurvoorraad ontbreekt"
        elif tekort <= 0:
            status = "op of boven het doel"
        elif pd.isna(nodig):
            status = "onder het doel; nieuwbouw onbekend"
        elif nodig > 100:
            status = "onder het doel; niet haalbaar met nieuwbouw alleen"
        else:
            status = "onder het doel"
        rijen.append({"gemeentecode": r["gemeentecode"], "woningvoorraad": s, "sociale_huurvoorraad": sh,
                      "aandeel_sociale_huur": aandeel, "doel_pct": 100 * doel,
                      "afstand_tot_doel": 100 * doel - aandeel if not pd.isna(aandeel) else np.nan,
                      "tekort": tekort, "nieuwbouw_termijn": b, "benodigd_aandeel_nieuwbouw": nodig,
                      "groei_bij_n": benodigde_groei_sociaal(s, sh, params.nieuwbouw_aandeel_sociaal, doel),
                      "status": status})
    uit = pd.DataFrame(rijen)
    return uit.astype({"gemeentecode": "string", "status": "string"})


# --------------------------------------------------------------------------------------------------
# building the opgave (pure)
# --------------------------------------------------------------------------------------------------
OPGAVE_KOLOMMEN = ["groep", "gemeentecode", "eigen_behoefte", "huidige_inzet", "inzet_bron", "eenheid", "per_jaar",
                   "bron"]


def _laatste(df: pd.DataFrame, kolom: str, peiljaar: int) -> tuple[float, int | None]:
    """Value of ``kolom`` in the latest year <= peiljaar with a value (else the earliest year)."""
    if df.empty or kolom not in df.columns:
        return np.nan, None
    d = df[pd.to_numeric(df[kolom], errors="coerce").notna()]
    if d.empty:
        return np.nan, None
    j = kies_jaar(d, peiljaar)
    r = d[d["jaar"] == j]
    return float(pd.to_numeric(r[kolom], errors="coerce").sum()), int(j)


def jaarlijkse_vraag_regel(groep: str) -> str:
    """Which column of the local aandachtsgroepen input is a groep's yearly housing demand.

    Same reading as ``wzlib.confrontatie.urgente_vraag``: statushouders ``taakstelling_per_jaar``;
    uitstroom groups (people in a voorziening) ``uitstroom_per_jaar``; groups whose ``aantal`` is
    counted per year (urgenties: "in het jaar") ``aantal``; other groups ``instroom_per_jaar``.
    """
    from .groepen import GROEPEN

    g = GROEPEN.get(groep)
    if groep == "statushouders":
        return "taakstelling_per_jaar"
    if g is not None and g.hoofdgroep.lower().startswith("uitstroom"):
        return "uitstroom_per_jaar"
    if g is not None and "in het jaar" in g.aantal_omschrijving:
        return "aantal"
    return "instroom_per_jaar"


def opgave_aandachtsgroepen(aandachtsgroepen: pd.DataFrame | None, codes: Sequence[str], peiljaar: int) -> pd.DataFrame:
    """The yearly housing opgave per aandachtsgroep and gemeente, from the local input ``aandachtsgroepen``.

    ``eigen_behoefte``: the yearly demand registered for the gemeente (:func:`jaarlijkse_vraag_regel`),
    latest year <= peiljaar — the BRP/registration gemeente stands for "eigen" (caveat for regional
    voorzieningen: docs/fair-share.md). ``huidige_inzet``: what the gemeente houses now per year —
    for statushouders the gehuisveste vergunninghouders in the year (``aantal``); for the other groups
    no realised figure exists, so the status quo "each gemeente houses its own demand" is assumed
    (``inzet_bron`` says which). Groups with no yearly figure for any gemeente are left out; a groep
    with a figure for some gemeenten keeps NA for the others (:func:`opgave_overzicht` reports it).
    Ouderen are not in this table (their opgave is the bouwopgave per woonvorm).
    """
    codes = list(codes)
    if aandachtsgroepen is None or aandachtsgroepen.empty:
        return pd.DataFrame(columns=OPGAVE_KOLOMMEN)
    from .groepen import GROEPEN

    ag = aandachtsgroepen[aandachtsgroepen["gemeentecode"].isin(codes)]
    rijen = []
    for groep in dict.fromkeys(ag["groep"].astype(str)):
        regel = jaarlijkse_vraag_regel(groep)
        eenheid = GROEPEN[groep].eenheid if groep in GROEPEN else ""
        per = []
        for c in codes:
            d = ag[(ag["groep"] == groep) & (ag["gemeentecode"] == c)]
            v, j = _laatste(d, regel, peiljaar)
            realisatie, _ = (_laatste(d, "aantal", peiljaar) if groep == "statushouders" else (np.nan, None))
            per.append((c, v, j, realisatie))
        if all(pd.isna(v) for _, v, _, _ in per):
            continue
        jaren = sorted({j for _, _, j, _ in per if j is not None})
        for c, v, j, realisatie in per:
            if not pd.isna(realisatie):
                inzet, inzet_bron = realisatie, "gehuisvest in het jaar (lokale invoer)"
            else:
                inzet, inzet_bron = v, "aangenomen: huisvest nu de eigen vraag"
            rijen.append({"groep": groep, "gemeentecode": c, "eigen_behoefte": v, "huidige_inzet": inzet,
                          "inzet_bron": inzet_bron, "eenheid": f"{eenheid} per jaar".strip(), "per_jaar": True,
                          "bron": f"lokale invoer aandachtsgroepen, {regel.replace('_', ' ')} "
                                  f"{'/'.join(str(x) for x in jaren)}"})
    if not rijen:
        return pd.DataFrame(columns=OPGAVE_KOLOMMEN)
    return pd.DataFrame(rijen, columns=OPGAVE_KOLOMMEN)


def opgave_woonvormen(vraag: pd.DataFrame | None, aanbod: pd.DataFrame | None, codes: Sequence[str],
                      doeljaar: int, variant: str, peiljaar: int) -> pd.DataFrame:
    """The bouwopgave per woonvorm: demand in ``doeljaar`` (result ``30_prognose/vraag``) against today's aanbod.

    ``eigen_behoefte`` = the gemeente's own projected demand of that woonvorm in the doeljaar (nearest
    earlier year in the prognosis, ``variant``); ``huidige_inzet`` = the current aanbod (result
    ``20_aanbod/aanbod``, latest year <= peiljaar; NA when unknown). ``verschil`` in the verdeling is
    then what the gemeente must add under a key. Groep label: ``woonvorm:<sleutel>``.
    """
    codes = list(codes)
    if vraag is None or vraag.empty:
        return pd.DataFrame(columns=OPGAVE_KOLOMMEN)
    from .groepen import WOONVORMEN

    v = vraag[vraag["gemeentecode"].isin(codes)].copy()
    if "variant" in v.columns and (v["variant"] == variant).any():
        v = v[v["variant"] == variant]
    v["jaar"] = pd.to_numeric(v["jaar"], errors="coerce")
    jaar = kies_jaar(v, doeljaar)
    if jaar is None:
        return pd.DataFrame(columns=OPGAVE_KOLOMMEN)
    v = v[v["jaar"] == jaar]
    a = aanbod if aanbod is not None else pd.DataFrame(columns=["gemeentecode", "woonvorm", "jaar", "aantal"])
    rijen = []
    for wv in dict.fromkeys(v["woonvorm"].astype(str)):
        eenheid = WOONVORMEN[wv].eenheid if wv in WOONVORMEN else ""
        for c in codes:
            d = v[(v["woonvorm"] == wv) & (v["gemeentecode"] == c)]
            eigen = float(pd.to_numeric(d["aantal"], errors="coerce").sum(min_count=1)) if not d.empty else np.nan
            da = a[(a["gemeentecode"] == c) & (a["woonvorm"] == wv)] if not a.empty else a
            if not da.empty and "definitie" in da.columns and da["definitie"].nunique(dropna=True) > 1:
                da = da[da["definitie"] == da["definitie"].dropna().iloc[0]]  # overlapping definitions: one
            huidig, _ = _laatste(da, "aantal", peiljaar) if not da.empty else (np.nan, None)
            rijen.append({"groep": f"woonvorm:{wv}", "gemeentecode": c, "eigen_behoefte": eigen,
                          "huidige_inzet": huidig, "inzet_bron": "huidig aanbod (20_aanbod)",
                          "eenheid": f"{eenheid} (voorraad {jaar})", "per_jaar": False,
                          "bron": f"30_prognose/vraag {jaar}, variant {variant}"})
    return pd.DataFrame(rijen, columns=OPGAVE_KOLOMMEN)


def groep_label(groep: str) -> str:
    """Dutch label of a groep key ('woonvorm:geclusterd' -> 'Bouwopgave: Geclusterde woonvorm')."""
    from .groepen import GROEPEN, WOONVORMEN

    if groep == ALLE_GROEPEN:
        return "Alle aandachtsgroepen samen"
    if groep.startswith("woonvorm:"):
        wv = groep.split(":", 1)[1]
        return f"Bouwopgave: {WOONVORMEN[wv].label if wv in WOONVORMEN else wv}"
    return GROEPEN[groep].label if groep in GROEPEN else groep


def voorzieningen_afstand(wijken_tabel: pd.DataFrame | None, codes: Sequence[str], peiljaar: int) -> pd.Series:
    """Mean distance (km) to huisarts and grote supermarkt per gemeente, weighted by wijk inhabitants.

    From canonical ``wijken`` (Kerncijfers wijken en buurten; nabijheid 80305ned), wijk rows, latest
    edition <= peiljaar: per wijk the mean of the two distances (one when only one is known), then
    the inhabitant-weighted mean over the wijken. NA when the distance columns are absent.
    """
    codes = list(codes)
    leeg = pd.Series(np.nan, index=codes, dtype="float64")
    kol = [k for k in ("afstand_huisarts_km", "afstand_supermarkt_km")
           if wijken_tabel is not None and k in wijken_tabel.columns]
    if not kol:
        return leeg
    w = wijken_tabel[(wijken_tabel["soort"] == "wijk") & wijken_tabel["gemeentecode"].isin(codes)]
    jaar = kies_jaar(w, peiljaar)
    if jaar is None:
        return leeg
    w = w[w["jaar"] == jaar]
    afst = w[kol].apply(pd.to_numeric, errors="coerce").astype("float64").mean(axis=1, skipna=True)
    inw = pd.to_numeric(w["inwoners"], errors="coerce").astype("float64")
    ok = afst.notna() & inw.notna() & (inw > 0)
    df = pd.DataFrame({"g": w["gemeentecode"][ok], "a": afst[ok] * inw[ok], "i": inw[ok]})
    s = df.groupby("g")[["a", "i"]].sum()
    return (s["a"] / s["i"]).reindex(codes).astype("float64")


# --------------------------------------------------------------------------------------------------
# maps (pure: GeoDataFrames in, GeoDataFrames out; drawing is wzlib.presentatie.kaarten.choropleet)
# --------------------------------------------------------------------------------------------------
@dataclass
class Kaartlaag:
    """What to draw on a map: the areas with their values and the texts around them."""

    gdf: Any
    kolom: str
    titel: str
    legenda_titel: str
    soort: str = "getal"
    decimalen: int | None = None
    niveau: str = "gemeente"  # gemeente | wijk
    toelichting: str = ""


def kaart_gemeenten(geo_gemeenten, conc: pd.DataFrame, namen: Mapping[str, str], *,
                    ouderen: pd.DataFrame | None = None, regio_naam: str = "de regio") -> Kaartlaag | None:
    """The first map partners see: the regio's gemeenten coloured by how much they carry now.

    With aandachtsgroepen: the mean concentratie-index over the groups known everywhere
    (:func:`concentratie`, groep "alle aandachtsgroepen"; 1 = exactly its share). Without them (open
    data only): the share of inhabitants aged 75+ (``ouderen``: gemeentecode, leeftijdsgroep "75+",
    aandeel). None when there are no boundaries for the regio.
    """
    if geo_gemeenten is None:
        return None
    codes = list(namen)
    g = geo_gemeenten[geo_gemeenten["gemeentecode"].isin(codes)].copy()
    if g.empty:
        return None
    g["gemeentenaam"] = [namen.get(c, n) for c, n in zip(g["gemeentecode"], g["gemeentenaam"])]
    alle = conc[conc["groep"] == ALLE_GROEPEN] if not conc.empty else conc
    if not alle.empty and alle["concentratie_index"].notna().any():
        g = g.merge(alle[["gemeentecode", "concentratie_index"]], on="gemeentecode", how="left")
        return Kaartlaag(g, "concentratie_index",
                         f"Concentratie van aandachtsgroepen in {regio_naam}: hoeveel draagt elke gemeente nu?",
                         "Concentratie-index (1 = naar rato)", "getal", 2, "gemeente",
                         "Gemiddelde concentratie-index over de aandachtsgroepen waarvan alle gemeenten cijfers "
                         "hebben. Boven 1: de gemeente huisvest meer dan haar aandeel in de inwoners van de regio.")
    if ouderen is not None and not ouderen.empty:
        o = ouderen[ouderen["leeftijdsgroep"] == "75+"][["gemeentecode", "aandeel"]]
        g = g.merge(o.rename(columns={"aandeel": "aandeel_75_plus"}), on="gemeentecode", how="left")
        g["aandeel_75_plus"] = pd.to_numeric(g["aandeel_75_plus"], errors="coerce").astype("float64")
        return Kaartlaag(g, "aandeel_75_plus", f"Ouderen van 75 jaar en ouder in {regio_naam}",
                         "Inwoners 75+ (%)", "pct", 1, "gemeente",
                         "Er zijn geen cijfers over aandachtsgroepen (lokale invoer); de kaart toont daarom het "
                         "aandeel inwoners van 75 jaar en ouder.")
    return None


def kaart_wijken(geo: Any, wijken_rang: pd.DataFrame, namen: Mapping[str, str],
                 regio_naam: str = "de regio") -> Kaartlaag | None:
    """Share of inhabitants aged 65+ per wijk (:func:`wijken`); per gemeente when there are no wijk boundaries.

    ``geo``: :class:`wzlib.bronnen.geo.Geo`. When wijk boundaries exist for the regio's wijken, a wijk
    map; otherwise, when the wijk figures exist, the gemeente map of the same share computed from the
    wijk rows (sum 65+ ÷ sum inwoners); None when there is nothing to draw.
    """
    if wijken_rang is None or wijken_rang.empty or geo is None:
        return None
    codes = list(namen)
    if getattr(geo, "wijken", None) is not None:
        w = geo.wijken[geo.wijken["gemeentecode"].isin(codes)]
        w = w.merge(wijken_rang[["gebiedscode", "aandeel_65_plus", "aandeel_eenpersoons"]], on="gebiedscode",
                    how="inner")
        if not w.empty:
            w["naam"] = w["naam"].astype(str)
            return Kaartlaag(w, "aandeel_65_plus", f"Aandeel 65-plussers per wijk in {regio_naam}",
                             "Inwoners 65+ (% per wijk)", "pct", 0, "wijk",
                             "Dunne lijnen: wijkgrenzen. De tabel hieronder rangschikt de wijken.")
    if getattr(geo, "gemeenten", None) is None:
        return None
    s = wijken_rang.groupby("gemeentecode")[["leeftijd_65_plus", "inwoners"]].sum(min_count=1)
    g = geo.gemeenten[geo.gemeenten["gemeentecode"].isin(codes)].copy()
    if g.empty:
        return None
    g["gemeentenaam"] = [namen.get(c, n) for c, n in zip(g["gemeentecode"], g["gemeentenaam"])]
    g["aandeel_65_plus"] = [_per(s.loc[c, "leeftijd_65_plus"], s.loc[c, "inwoners"], 100) if c in s.index
                            else np.nan for c in g["gemeentecode"]]
    return Kaartlaag(g, "aandeel_65_plus", f"Aandeel 65-plussers per gemeente in {regio_naam}",
                     "Inwoners 65+ (%)", "pct", 1, "gemeente",
                     "Voor deze regio zijn geen wijkgrenzen beschikbaar: de kaart toont de gemeenten; de tabel "
                     "hieronder geeft de cijfers per wijk.")


# --------------------------------------------------------------------------------------------------
# invoer verzamelen (the one part that reads: through the Analyse context)
# --------------------------------------------------------------------------------------------------
@dataclass
class SpreidingInvoer:
    """Everything the spreiding notebook needs, gathered once by :func:`verzamel`.

    ``meldingen``: Dutch sentences saying where each input came from (an earlier step's result file,
    or computed here from the canonical tables / local input because that step has not run).
    """

    params: SpreidingParams
    codes: list[str]
    namen: dict[str, str]
    peiljaar: int
    doeljaar: int
    regio_naam: str
    groepen: pd.DataFrame
    ouderen: pd.DataFrame
    woningvoorraad: pd.DataFrame
    aanbod: pd.DataFrame
    vraag: pd.DataFrame
    wijken_tabel: pd.DataFrame | None
    kenmerken: pd.DataFrame
    opgave: pd.DataFrame
    geo: Any = None
    meldingen: list[str] = field(default_factory=list)
    bronnen: dict[str, list] = field(default_factory=dict)

    # ---- derived tables (pure calls, kept here so the notebook needs one call each) -----------
    def concentratie(self) -> pd.DataFrame:
        """:func:`concentratie` for the aandachtsgroepen and ouderen 75+/85+, plus the mean index."""
        from .groepen import GROEPEN

        aandacht = [g for g in dict.fromkeys(self.groepen["groep"].astype(str))
                    if g in GROEPEN and GROEPEN[g].soort != "ouderen"]
        keuze = [*aandacht, *[g for g in ("ouderen_75", "ouderen_85") if g in set(self.groepen["groep"])]]
        g = self.groepen[self.groepen["groep"].isin(keuze)]
        return concentratie(g, self.kenmerken, totaal_groepen=aandacht)

    def melding(self) -> str:
        """Markdown list of where the inputs came from."""
        return "\n".join(f"- {m}" for m in self.meldingen)


def _resultaat_of_none(A, stap: str, tabel: str, codes: Sequence[str]) -> tuple[pd.DataFrame | None, list[str]]:
    """The result table of ``stap`` for every gemeente (each gemeente's own rows from its own result
    file); None when one of them is missing (+ which)."""
    from .fouten import WzFout

    delen, mist = [], []
    for c in codes:
        try:
            df = A.resultaat(stap, tabel, gemeente=c)
        except (WzFout, OSError):
            mist.append(c)
            continue
        # a gemeente's result file may hold the whole regio: take its own rows only
        eigen = df[df["gemeentecode"].astype("string") == c] if "gemeentecode" in df.columns else df
        if eigen.empty:
            mist.append(c)
        delen.append(eigen)
    if mist:
        return None, mist
    return pd.concat(delen, ignore_index=True), []


def _lijst(namen: Mapping[str, str], codes: Sequence[str]) -> str:
    return ", ".join(namen.get(c, c) for c in codes)


def verzamel(A) -> SpreidingInvoer:
    """Gather the inputs of the spreiding step from the notebook context ``A`` (``wzlib.analyse.open``).

    Reads the results of earlier steps of every gemeente (``10_omvang/groepen`` and ``ouderen``,
    ``20_aanbod/woningvoorraad`` and ``aanbod``, ``30_prognose/vraag``). When a step has not run for
    every gemeente, the same numbers are computed here from the canonical tables and the local input
    with that step's own functions (``wzlib.omvang``, ``wzlib.aanbod``, ``wzlib.prognose``), and a
    sentence in ``meldingen`` says so. Also reads the map boundaries (``<bron map>/geo``).
    """
    from . import aanbod as _aanbod
    from . import omvang as _omvang
    from .bronnen.geo import laad_geo
    from .bronnen.lokaal import LokaleInvoer
    from .fouten import WzFout

    rp = A.regio
    params = lees_params(rp.spreiding, bron=rp.pad)  # doel_sociale_huur: the same value stap 2 uses
    codes = list(A.codes)
    namen = {g.code: g.naam for g in A.gemeenten}
    peiljaar = int(A.peiljaar)
    doeljaar = params.doeljaar or peiljaar + params.termijn_jaren
    meldingen: list[str] = []

    bevolking = A.tabel("bevolking")
    inwoners = _omvang.inwoners(bevolking, codes, peiljaar)
    meldingen.append(f"Inwoners: bevolking op 1 januari {int(inwoners['jaar'].iloc[0])} (canonieke tabel bevolking).")
    if rp.lokaal_map is not None and rp.lokaal_map.is_dir():
        lok = A.lokaal
    else:
        lok = LokaleInvoer()
        meldingen.append("Geen lokale invoer voor deze regio (sleutel 'lokaal' in de regio-parameters): er zijn geen "
                         "cijfers over aandachtsgroepen, aanbod, mutaties en nieuwbouw.")

    # 10_omvang
    groepen, mist = _resultaat_of_none(A, "10_omvang", "groepen", codes)
    ouderen, mist_o = _resultaat_of_none(A, "10_omvang", "ouderen", codes)
    if groepen is None or ouderen is None:
        hh = A.tabel("huishoudens_leeftijd") if A.gegevens.heeft("huishoudens_leeftijd") else None
        ouderen_t = _omvang.ouderen(bevolking, hh, codes, peiljaar, gemeentenamen=namen)
        ouderen = _omvang.ouderen_resultaat(ouderen_t)
        groepen = _omvang.groepen_resultaat(_omvang.groepen_omvang(
            lok.aandachtsgroepen, ouderen_t, inwoners, codes, peiljaar, rp.groepen))
        meldingen.append(f"Omvang van de groepen: stap 10_omvang is nog niet gedraaid voor "
                         f"{_lijst(namen, sorted(set(mist) | set(mist_o)))}; daarom hier berekend uit de bevolking "
                         "en de lokale invoer (zelfde rekenregels als stap 10_omvang).")
    else:
        meldingen.append("Omvang van de groepen: uit de resultaten van stap 10_omvang.")

    # 20_aanbod
    woningvoorraad, mist = _resultaat_of_none(A, "20_aanbod", "woningvoorraad", codes)
    aanbod, mist_a = _resultaat_of_none(A, "20_aanbod", "aanbod", codes)
    if woningvoorraad is None or aanbod is None:
        woningen = A.tabel("woningen") if A.gegevens.heeft("woningen") else None
        woningvoorraad = _aanbod.woningvoorraad(woningen, lok.woningmarkt, codes, peiljaar)
        aanbod = _aanbod.aanbod_resultaat(_aanbod.aanbod_per_woonvorm(lok.aanbod, codes, peiljaar,
                                                                      woningmarkt=lok.woningmarkt))
        meldingen.append(f"Woningvoorraad en aanbod: stap 20_aanbod is nog niet gedraaid voor "
                         f"{_lijst(namen, sorted(set(mist) | set(mist_a)))}; daarom hier berekend uit de "
                         "woningtabel en de lokale invoer.")
    else:
        meldingen.append("Woningvoorraad en aanbod: uit de resultaten van stap 20_aanbod.")

    # 30_prognose
    vraag, mist = _resultaat_of_none(A, "30_prognose", "vraag", codes)
    if vraag is None:
        try:
            from . import kengetallen as _kg
            from . import prognose as _prognose

            kg = _kg.voor_regio(rp)
            ontw = A.tabel("bevolkingsontwikkeling") if A.gegevens.heeft("bevolkingsontwikkeling") else None
            pr = _prognose.bereken(bevolking, ontw, codes, peiljaar, kg, instellingen_=rp.prognose)
            vraag = _prognose.vraag(pr.bevolking, kg)
            meldingen.append(f"Vraag per woonvorm: stap 30_prognose is nog niet gedraaid voor {_lijst(namen, mist)}; "
                             "daarom hier berekend met de eigen bevolkingsprognose en de kengetallen (zonder "
                             "kalibratie op de CBS/PBL-totalen en zonder ingelezen prognose).")
        except (WzFout, KeyError, ValueError) as e:
            vraag = pd.DataFrame(columns=["gemeentecode", "jaar", "woonvorm", "variant", "aantal"])
            meldingen.append(f"Vraag per woonvorm: stap 30_prognose ontbreekt en kon hier niet worden berekend ({e}); "
                             "de bouwopgave per woonvorm ontbreekt in de verdeling.")
    else:
        meldingen.append("Vraag per woonvorm: uit de resultaten van stap 30_prognose.")

    # woningmarkt: mutaties and nieuwbouw per gemeente (local input)
    wm = lok.woningmarkt if lok.woningmarkt is not None else pd.DataFrame()
    mutaties, nieuwbouw = {}, {}
    for c in codes:
        d = wm[wm["gemeentecode"] == c] if not wm.empty else wm
        mutaties[c] = _laatste(d, "mutaties_sociale_huur", peiljaar)[0] if not d.empty else np.nan
        nieuwbouw[c] = _laatste(d, "nieuwbouw_per_jaar", peiljaar)[0] if not d.empty else np.nan
    wv = woningvoorraad.set_index("gemeentecode")
    wijken_tabel = A.tabel("wijken") if A.gegevens.heeft("wijken") else None
    afstand = voorzieningen_afstand(wijken_tabel, codes, peiljaar)
    kenmerken = kenmerken_tabel(
        codes, inwoners.set_index("gemeentecode")["inwoners"],
        woningvoorraad=wv["woningvoorraad"] if "woningvoorraad" in wv else None,
        sociale_huurvoorraad=wv["sociale_huur"] if "sociale_huur" in wv else None,
        mutaties=mutaties, nieuwbouw_per_jaar=nieuwbouw, afstand_voorzieningen_km=afstand,
        mutatiegraad=params.mutatiegraad)
    inv = SpreidingInvoer(params=params, codes=codes, namen=namen, peiljaar=peiljaar, doeljaar=doeljaar,
                          regio_naam=rp.naam, groepen=groepen, ouderen=ouderen, woningvoorraad=woningvoorraad,
                          aanbod=aanbod, vraag=vraag, wijken_tabel=wijken_tabel, kenmerken=kenmerken,
                          opgave=pd.DataFrame(columns=OPGAVE_KOLOMMEN), meldingen=meldingen)
    conc = inv.concentratie()
    alle = conc[conc["groep"] == ALLE_GROEPEN].set_index("gemeentecode")["concentratie_index"]
    inv.kenmerken["concentratie_index"] = alle.reindex(codes).to_numpy(dtype="float64") if not alle.empty else np.nan
    geschat = kenmerken["mutaties_bron"].str.startswith("geschat")
    if geschat.any():
        meldingen.append(f"Vrijkomende sociale huurwoningen: voor "
                         f"{_lijst(namen, list(kenmerken.loc[geschat, 'gemeentecode']))} "
                         f"geschat als {params.mutatiegraad:.0%} van de sociale huurvoorraad (spreiding.mutatiegraad).")

    # the opgave: yearly demand of the aandachtsgroepen + bouwopgave per woonvorm
    from .groepen import GROEPEN

    ag = groepen[[g in GROEPEN and GROEPEN[g].soort != "ouderen" for g in groepen["groep"].astype(str)]]
    delen = [opgave_aandachtsgroepen(ag, codes, peiljaar),
             opgave_woonvormen(vraag, aanbod, codes, doeljaar, params.variant, peiljaar)]
    delen = [d for d in delen if not d.empty]
    inv.opgave = pd.concat(delen, ignore_index=True) if delen else pd.DataFrame(columns=OPGAVE_KOLOMMEN)

    # boundaries
    try:
        inv.geo = laad_geo(rp.bron_map, peiljaar, fictief=rp.fictief)
    except WzFout as e:
        meldingen.append(f"Kaartgrenzen konden niet worden gelezen: {e}")
        inv.geo = None
    if inv.geo is None or inv.geo.gemeenten is None:
        meldingen.append("Geen gemeentegrenzen gevonden (map geo/ bij de bron): er wordt geen kaart getekend.")
    else:
        h = inv.geo.herkomst.get("geo_gemeenten")
        zonder = [c for c in codes if c not in set(inv.geo.gemeenten["gemeentecode"])]
        tekst = f"Kaart: gemeentegrenzen uit {h.bron if h else 'geo/'}" + (f" ({h.periode})" if h and h.periode else "")
        if zonder:
            tekst += f"; geen grens voor {_lijst(namen, zonder)} (andere gemeentelijke indeling?)"
        meldingen.append(tekst + (", wijkgrenzen aanwezig." if inv.geo.heeft_wijken else
                                  "; geen wijkgrenzen (wijken alleen in de tabel)."))

    # source lines
    def hk(*tabellen: str) -> list:
        return list(A.herkomst(*tabellen))

    stap = "resultaten stappen 10_omvang, 20_aanbod en 30_prognose (of dezelfde berekening hier)"
    geo_hk = list(inv.geo.herkomst.values()) if inv.geo is not None else []
    inv.bronnen = {
        "concentratie": hk("bevolking", "aandachtsgroepen", "woningmarkt") or ["bevolking (canonieke tabel)"],
        "wijken": hk("wijken") or ["wijken (canonieke tabel)"],
        "verdeling": [*hk("bevolking", "aandachtsgroepen", "woningmarkt", "wijken"), stap],
        "sociale_huur": [*hk("woningen", "woningmarkt"), "20_aanbod/woningvoorraad"],
        "kaart_gemeenten": [*hk("bevolking", "aandachtsgroepen"), *[h for h in geo_hk if h.tabel == "geo_gemeenten"]]
        or ["bevolking (canonieke tabel)"],
        "kaart_wijken": [*hk("wijken"), *geo_hk] or ["wijken (canonieke tabel)"],
        "parameters": [f"regio-parameters (params/regios/{rp.slug}.yaml, sectie spreiding)"],
    }
    return inv
