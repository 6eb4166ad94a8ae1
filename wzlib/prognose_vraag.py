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


def groepen_prognose(aandachtsgroepen: pd.DataFrame | None, codes: Sequence[str], basis: int,
                     horizon: int = HORIZON) -> pd.DataFrame:
    """Aandachtsgroepen per year up to basis + horizon, from the local input (aandachtsgroepen.csv).

    Start: per gemeente and groep the latest year with a known ``aantal`` <= basis + horizon (preferably
    <= basis). Then per year:

    - ``taakstelling_per_jaar`` given: the yearly number equals the taakstelling (statushouders);
    - a stock group (people in a voorziening) with both ``instroom_per_jaar`` and
      ``uitstroom_per_jaar``: aantal + (instroom − uitstroom) per year, not below 0;
    - otherwise constant (and ``methode`` says why).

    Columns: gemeentecode, groep, jaar, aantal, eenheid, methode.
    """
    kol = ["gemeentecode", "groep", "jaar", "aantal", "eenheid", "methode"]
    if aandachtsgroepen is None or aandachtsgroepen.empty:
        return pd.DataFrame(columns=kol).astype({"jaar": "Int64", "aantal": "float64"})
    d = aandachtsgroepen[aandachtsgroepen["gemeentecode"].isin(list(codes)) & aandachtsgroepen["aantal"].notna()]
    eind = basis + horizon
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
        rijen.append((code, groep, j0, a0, eenheid, f"lokale invoer ({j0})"))
        for j in range(j0 + 1, eind + 1):
            if taak is not None:
                a, m = taak, f"taakstelling per jaar uit de lokale invoer ({_nl(taak, 0)})"
            elif not stroom and in_ is not None and uit_ is not None:
                a = max(0.0, a0 + (j - j0) * (in_ - uit_))
                m = (f"instroom − uitstroom uit de lokale invoer ({_nl(in_, 0)} − {_nl(uit_, 0)} per jaar)")
            else:
                a = a0
                if stroom:
                    m = "constant verondersteld (aantal per jaar; geen taakstelling opgegeven)"
                elif in_ is None and uit_ is None:
                    m = "constant verondersteld (geen in- en uitstroom opgegeven)"
                else:
                    m = "constant verondersteld (in- of uitstroom ontbreekt)"
            rijen.append((code, groep, j, a, eenheid, m))
    return pd.DataFrame(rijen, columns=kol).astype({"gemeentecode": "string", "groep": "string", "jaar": "Int64",
                                                    "aantal": "float64", "eenheid": "string", "methode": "string"})
