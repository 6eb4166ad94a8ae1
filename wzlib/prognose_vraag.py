"""Stap 3, "prognose" — computation: from projected people to demand per woonvorm, the national targets
downscaled, and the aandachtsgroepen over the years.

Pure functions: ``bevolking_prognose`` (:mod:`wzlib.prognose`), the kengetallen and the local
aandachtsgroepen in, tables out. Counts keep full precision (fractions of a unit): a figure is rounded
only when it is shown, so the same demand is the same number in every report.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .fouten import GegevensOntbreken
from .gegevens import NEDERLAND
from .getal import lees_getal
from .groepen import GROEPEN
from .kengetallen import Kengetallen, klasse_tekst
from .omvang import bevolking_klassen, nederland
from .prognose import HORIZON, _nl, _zonder_dubbel, basisjaar


def _aandeel(pop_van: int, pop_tot, r_van: int, r_tot) -> float:
    """Share of population class [pop_van, pop_tot] that falls in rate class [r_van, r_tot] (even
    spread over the years of a class; NA = open). An open population class that is only partly in the
    rate class cannot be split: error."""
    pop_open = pd.isna(pop_tot)
    r_open = pd.isna(r_tot)
    if pop_open:
        if r_van <= pop_van and r_open:
            return 1.0
        if (not r_open and r_tot < pop_van):
            return 0.0
        raise GegevensOntbreken(
            f"De open bevolkingsklasse {int(pop_van)}+ valt maar deels in leeftijdsklasse "
            f"{klasse_tekst(r_van, None if r_open else r_tot)} van de kengetallen; pas de klasse aan "
            f"(bv. '{int(pop_van)}+' of lager beginnend en open).")
    hoog = pop_tot if r_open else min(pop_tot, r_tot)
    jaren = max(0, int(hoog) - max(int(pop_van), int(r_van)) + 1)
    return jaren / (int(pop_tot) - int(pop_van) + 1)


def vraag(prognose: pd.DataFrame, kengetallen: Kengetallen, woonvormen: Sequence[str] | None = None) -> pd.DataFrame:
    """Demand per gemeente, year, woonvorm and variant: Σ over age classes of projected persons ×
    rate (kengetallen, units per inhabitant of the class; a rate class that covers part of a
    population class counts that part of its years). Variant laag uses the laag population and the laag
    rates, midden midden × midden, hoog hoog × hoog: the band holds both uncertainties.
    Columns: gemeentecode, jaar, woonvorm, variant, aantal."""
    t = kengetallen.tarieven()
    if woonvormen is not None:
        t = t[t["woonvorm"].isin(list(woonvormen))]
    d = _zonder_dubbel(prognose).groupby(["gemeentecode", "jaar", "variant", "leeftijd_van"], as_index=False,
                                         dropna=False).agg(leeftijd_tot=("leeftijd_tot", "first"),
                                                           aantal=("aantal", "sum"))
    klassen = d[["leeftijd_van", "leeftijd_tot"]].drop_duplicates()
    rklassen = t[["woonvorm", "klasse", "leeftijd_van", "leeftijd_tot"]].drop_duplicates()
    sleutel = []
    for _, k in klassen.iterrows():
        for _, r in rklassen.iterrows():
            a = _aandeel(k["leeftijd_van"], k["leeftijd_tot"], r["leeftijd_van"], r["leeftijd_tot"])
            if a > 0:
                sleutel.append({"leeftijd_van": k["leeftijd_van"], "pop_tot": k["leeftijd_tot"],
                                "woonvorm": r["woonvorm"], "klasse": r["klasse"], "deel": a})
    kol = ["gemeentecode", "jaar", "woonvorm", "variant", "aantal"]
    if not sleutel:
        return pd.DataFrame(columns=kol)
    s = pd.DataFrame(sleutel).astype({"leeftijd_van": "Int64", "pop_tot": "Int64"})
    m = d.merge(s, left_on=["leeftijd_van", "leeftijd_tot"], right_on=["leeftijd_van", "pop_tot"])
    m = m.merge(t[["woonvorm", "klasse", "variant", "tarief"]], on=["woonvorm", "klasse", "variant"])
    m["aantal"] = m["aantal"] * m["deel"] * m["tarief"]
    uit = m.groupby(["gemeentecode", "jaar", "woonvorm", "variant"], as_index=False)["aantal"].sum()
    volgorde = {w: i for i, w in enumerate(kengetallen.woonvormen)}
    uit = uit.sort_values(["gemeentecode", "woonvorm", "variant", "jaar"], key=lambda s: s.map(volgorde)
                          if s.name == "woonvorm" else s, ignore_index=True)
    return uit[kol].astype({"gemeentecode": "string", "jaar": "Int64", "woonvorm": "string", "variant": "string",
                            "aantal": "float64"})


def doelen_landelijk(bevolking: pd.DataFrame, codes: Sequence[str], peiljaar: int,
                     kengetallen: Kengetallen) -> pd.DataFrame:
    """The national WOZO targets (kengetallen ``landelijke_doelen``: 170.000 nultreden, 80.000
    geclusterd, 40.000 verpleegzorggeschikt t/m 2030) downscaled to each gemeente by its share of the
    national age group (e.g. 75+) on 1 January of the base year (``bevolking``, CBS 03759ned).

    Nederland = the NL00 rows of ``bevolking`` when present, otherwise the sum of all gemeenten in it
    (``grondslag`` says which, and warns when the source holds fewer than 300 gemeenten).
    Columns: gemeentecode, woonvorm, jaar, aantal, aandeel, grondslag.
    """
    jaar = basisjaar(bevolking, peiljaar)
    kl = bevolking_klassen(bevolking, jaar)
    nl_codes, nl_label = nederland(kl)
    grondslag = nl_label
    if nl_codes != [NEDERLAND]:
        grondslag = f"{nl_label}: {len(nl_codes)} gemeenten"
        if len(nl_codes) < 300:
            grondslag += " — geen landelijk totaal in de bron, het aandeel is daardoor te hoog"
    rijen = []
    for _, d in kengetallen.doelen().iterrows():
        van, tot = int(d["leeftijd_van"]), d["leeftijd_tot"]
        sel = kl[(kl["leeftijd_van"] >= van) & (kl["leeftijd_tot"].isna() | (kl["leeftijd_tot"] <= (tot if pd.notna(tot)
                                                                                                  else 10**6)))]
        over = kl[(kl["leeftijd_van"] < van) & (kl["leeftijd_tot"].isna() | (kl["leeftijd_tot"] >= van))]
        if not over.empty:
            raise GegevensOntbreken(f"landelijke_doelen.{d['woonvorm']}: leeftijdsgroep {d['leeftijd']} past niet op "
                                    "de leeftijdsklassen van de bevolking.")
        per = sel.groupby("gemeentecode")["aantal"].sum()
        nl = float(per.reindex(nl_codes).sum())
        for c in codes:
            aandeel = float(per.get(c, np.nan)) / nl if nl > 0 else np.nan
            rijen.append({"gemeentecode": c, "woonvorm": d["woonvorm"], "jaar": int(d["jaar"]),
                          "aantal": float(d["aantal"]) * aandeel, "aandeel": aandeel,
                          "grondslag": f"aandeel in {d['leeftijd']} van {grondslag} op 1 januari {jaar}"})
    return pd.DataFrame(rijen, columns=["gemeentecode", "woonvorm", "jaar", "aantal", "aandeel", "grondslag"]).astype(
        {"gemeentecode": "string", "woonvorm": "string", "jaar": "Int64", "aantal": "float64", "aandeel": "float64",
         "grondslag": "string"})


def _is_jaarstroom(groep: str) -> bool:
    """True when the group's ``aantal`` is a number per year (urgenties, taakstelling) rather than a stock."""
    g = GROEPEN.get(groep)
    return bool(g and "in het jaar" in g.aantal_omschrijving)


BAND_INSTROOM = 0.25  # laag/hoog: instroom 25 % lager/hoger (type P: no published band; docs/kengetallen.md)


def voorraad_stroom(start: float, instroom: float, uitstroom: float,
                    jaren: Sequence[float]) -> tuple[list[float], float]:
    """Stock-flow model of a group in a voorziening: constant inflow, outflow a fixed share of the stock.

    dS/dt = I − u·S with u = ``uitstroom`` ÷ ``start`` (the observed outflow as a share of the stock; 1/u =
    the mean stay in years). Solution S(t) = S* + (S0 − S*)·e^(−u·t) with the steady state
    S* = I/u = instroom × mean stay. The stock moves monotonically from S0 towards S* and never passes
    it, so it cannot run away. Returns (S(t) for each t in ``jaren`` (years after the start), S*).
    Needs start > 0 and uitstroom > 0 (else the mean stay is unknown: ValueError).
    """
    if not (start > 0 and uitstroom > 0) or instroom < 0:
        raise ValueError("voorraad_stroom: start en uitstroom moeten groter dan 0 zijn en instroom niet negatief")
    u = uitstroom / start
    evenwicht = instroom / u
    return [evenwicht + (start - evenwicht) * float(np.exp(-u * t)) for t in jaren], evenwicht


def groepen_prognose(aandachtsgroepen: pd.DataFrame | None, codes: Sequence[str], basis: int,
                     horizon: int = HORIZON, band: float = BAND_INSTROOM) -> pd.DataFrame:
    """Aandachtsgroepen per year and variant up to basis + horizon, from the local input (aandachtsgroepen.csv).

    Start: per gemeente and groep the latest year with a known ``aantal`` <= basis + horizon (preferably
    <= basis). Then per year, the assumption per kind of group (``methode`` says which, without numbers):

    - ``taakstelling_per_jaar`` given: the yearly number equals the taakstelling (statushouders; a
      policy number, the same in every variant);
    - a stock group (people in a voorziening) with ``instroom_per_jaar``, ``uitstroom_per_jaar`` > 0 and
      aantal > 0: the stock-flow model :func:`voorraad_stroom` (constant inflow, outflow a fixed share of
      the group), which tends to its steady state ``evenwicht`` = instroom × mean stay and never exceeds
      max(start, evenwicht). Variants: laag/hoog with the inflow ``band`` lower/higher (same mean stay);
    - otherwise constant in every variant (uitstroom 0 or missing: no mean stay, so no steady state to
      tend to; yearly counts such as urgenties: no model for their trend).

    Columns: gemeentecode, groep, jaar, variant, aantal, eenheid, methode, evenwicht (NA = none).
    """
    kol = ["gemeentecode", "groep", "jaar", "variant", "aantal", "eenheid", "methode", "evenwicht"]
    if aandachtsgroepen is None or aandachtsgroepen.empty:
        return pd.DataFrame(columns=kol).astype({"jaar": "Int64", "aantal": "float64", "evenwicht": "float64"})
    d = aandachtsgroepen[aandachtsgroepen["gemeentecode"].isin(list(codes)) & aandachtsgroepen["aantal"].notna()]
    eind = basis + horizon
    factor = {"laag": 1.0 - band, "midden": 1.0, "hoog": 1.0 + band}
    rijen = []
    for (code, groep), g in d.groupby(["gemeentecode", "groep"], sort=True):
        g = g[g["jaar"] <= eind].sort_values("jaar")
        if g.empty:
            continue
        eerder = g[g["jaar"] <= basis]
        start = (eerder if len(eerder) else g).iloc[-1]
        j0, a0 = int(start["jaar"]), float(start["aantal"])
        eenheid = start.get("eenheid") if "eenheid" in g else pd.NA
        in_ = lees_getal(start.get("instroom_per_jaar"))
        uit_ = lees_getal(start.get("uitstroom_per_jaar"))
        taak = lees_getal(start.get("taakstelling_per_jaar"))
        stroom = _is_jaarstroom(str(groep))
        jaren = list(range(j0 + 1, eind + 1))
        model = taak is None and not stroom and in_ is not None and uit_ is not None and uit_ > 0 and a0 > 0
        for variant, f in factor.items():
            evenwicht = np.nan
            if taak is not None:
                reeks, m = [taak] * len(jaren), "taakstelling per jaar uit de lokale invoer (beleidsgetal)"
            elif model:
                reeks, evenwicht = voorraad_stroom(a0, f * in_, uit_, [j - j0 for j in jaren])
                m = ("voorraad-stroommodel: instroom constant"
                     + ("" if variant == "midden" else f" ({_nl(100 * band, 0)} % {'lager' if f < 1 else 'hoger'})")
                     + ", uitstroom een vast deel van de groep (waargenomen uitstroom ÷ aantal); naar het evenwicht "
                       "instroom × gemiddelde verblijfsduur")
            else:
                reeks = [a0] * len(jaren)
                if stroom:
                    m = "constant verondersteld (aantal per jaar; geen taakstelling opgegeven)"
                elif in_ is None and uit_ is None:
                    m = "constant verondersteld (geen in- en uitstroom opgegeven)"
                elif in_ is None or uit_ is None:
                    m = "constant verondersteld (in- of uitstroom ontbreekt)"
                else:
                    m = "constant verondersteld (geen uitstroom of geen beginaantal: verblijfsduur onbekend)"
            rijen.append((code, groep, j0, variant, a0, eenheid, f"lokale invoer ({j0})", evenwicht))
            rijen += [(code, groep, j, variant, float(a), eenheid, m, evenwicht) for j, a in zip(jaren, reeks)]
    return pd.DataFrame(rijen, columns=kol).astype({"gemeentecode": "string", "groep": "string", "jaar": "Int64",
                                                    "variant": "string", "aantal": "float64", "eenheid": "string",
                                                    "methode": "string", "evenwicht": "float64"})
