"""Stap 5 for the whole regio — computation: the confrontatie of every gemeente side by side, the regional
totals and the partner round over all gemeenten.

Nothing about demand or supply is computed again: every figure comes from the ``confrontatie``,
``urgentie``, ``bevindingen``, ``reacties`` and ``audit`` tables that step 5 wrote per gemeente (read
through the catalogue). A gemeente without those results is named everywhere as missing
(``Regioresultaten.zonder_resultaat``); it never silently changes a total. Regional totals are sums
of the whole numbers the gemeenten' own reports show (:func:`wzlib.getal.heel`), so a total equals
the shown sum of its gemeenten. Display tables and sentences: :mod:`wzlib.confrontatie_regio_tekst`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

import pandas as pd

from .confrontatie import CONFRONTATIE_KOLOMMEN, geordend
from .confrontatie_partners import herkenning
from .getal import heel
from .params import Gemeente

REGIO = "regio"  # gemeentecode of the regional sums
WAARDEN = ["vraag", "aanbod", "plan_cumulatief", "tekort_zonder_plan", "tekort_met_plan"]


@dataclass
class Regioresultaten:
    """The step-5 results of all gemeenten of a regio, concatenated, and which gemeenten have none."""

    confrontatie: pd.DataFrame
    urgentie: pd.DataFrame
    bevindingen: pd.DataFrame
    reacties: pd.DataFrame
    audit: pd.DataFrame
    namen: dict[str, str]  # gemeentecode -> naam, in the regio's order
    met_resultaat: list[str] = field(default_factory=list)
    zonder_resultaat: list[str] = field(default_factory=list)  # step 5 did not run or failed

    @property
    def ontbreekt_tekst(self) -> str:
        """The names of the gemeenten without results, for the ``ontbreekt`` column ('' when none)."""
        return ", ".join(self.namen[c] for c in self.zonder_resultaat)


def verzamel(resultaten: SimpleNamespace, gemeenten: Sequence[Gemeente]) -> Regioresultaten:
    """The gemeenten's step-5 results (``Analyse.invoer()`` of the regio step: each table of every gemeente
    that has it, with ``ontbreekt`` naming the others). The reacties hold the general questions once per
    gemeente; they are deduplicated."""
    namen = {g.code: g.naam for g in gemeenten}
    zonder = [g.code for g in resultaten.ontbreekt.get("confrontatie", [])]
    r = resultaten.reacties
    if not r.empty:
        r = r.drop_duplicates(subset=["bestand", "regel", "partner", "id"]).reset_index(drop=True)
    return Regioresultaten(confrontatie=resultaten.confrontatie, urgentie=resultaten.urgentie,
                           bevindingen=resultaten.bevindingen, reacties=r, audit=resultaten.audit, namen=namen,
                           met_resultaat=[c for c in namen if c not in zonder], zonder_resultaat=zonder)


def _som_heel(s: pd.Series) -> float:
    s = pd.to_numeric(s, errors="coerce").dropna()
    return float(sum(heel(x) for x in s)) if len(s) else math.nan


def som_regio(r: Regioresultaten) -> pd.DataFrame:
    """The confrontatie table summed over the gemeenten (catalogue ``confrontatie_regio``): per woonvorm,
    year and variant the sums of vraag, aanbod, plannen and tekorten, each of the whole numbers the
    gemeenten's reports show and over the gemeenten that have that figure; ``gemeenten`` counts those
    with a gap figure, ``methode`` says so, and ``ontbreekt`` names the gemeenten without any result.
    Same columns as one gemeente's table otherwise (``gemeentecode`` = "regio"), so the gemeente's
    display functions show it. A surplus in one gemeente offsets a shortage in another here."""
    kol = [*CONFRONTATIE_KOLOMMEN, "gemeenten", "ontbreekt"]
    conf = r.confrontatie
    if conf.empty:  # no gemeente has a result: an empty table of the catalogue's kinds (it is saved)
        leeg = geordend(pd.DataFrame({k: pd.Series(dtype="object") for k in CONFRONTATIE_KOLOMMEN}))
        return leeg.assign(gemeenten=pd.Series(dtype="int64"), ontbreekt=pd.Series(dtype="string"))[kol]
    n_totaal = len(r.namen)
    g = conf.groupby(["woonvorm", "jaar", "variant"], sort=False)
    uit = g[WAARDEN].agg(_som_heel).reset_index()
    n = g["tekort_met_plan"].count().reset_index(drop=True)
    uit["methode"] = [f"som over {k} van {n_totaal} gemeenten" if k else "geen tekort bekend" for k in n]
    uit["gemeentecode"] = REGIO
    uit = geordend(uit)
    uit["gemeenten"] = n.to_numpy().astype("int64")
    uit["ontbreekt"] = pd.Series(r.ontbreekt_tekst or pd.NA, index=uit.index, dtype="string")
    return uit[kol]


def urgentie_regio(r: Regioresultaten) -> pd.DataFrame:
    """The urgent share for the regio per year (catalogue ``urgentie_regio``): demand and lettings summed
    (whole numbers as shown) over the gemeenten that have both, the share their ratio, the norm when all
    gemeenten use the same one."""
    kol = ["jaar", "vraag_urgent", "mutaties", "aandeel", "norm", "boven_norm", "gemeenten"]
    u = r.urgentie
    rijen = []
    for jaar, d in (u.groupby("jaar", sort=True) if not u.empty else []):
        beide = d["vraag_urgent"].notna() & d["mutaties"].gt(0)
        vraag = _som_heel(d.loc[beide, "vraag_urgent"]) if beide.any() else math.nan
        mut = _som_heel(d.loc[beide, "mutaties"]) if beide.any() else math.nan
        aandeel = vraag / mut if beide.any() and mut > 0 else math.nan
        normen = d["norm"].dropna().unique()
        norm = float(normen[0]) if len(normen) == 1 else math.nan
        rijen.append({"jaar": int(jaar), "vraag_urgent": vraag, "mutaties": mut, "aandeel": aandeel, "norm": norm,
                      "boven_norm": (aandeel > norm) if not (math.isnan(aandeel) or math.isnan(norm)) else pd.NA,
                      "gemeenten": int(beide.sum())})
    return pd.DataFrame(rijen, columns=kol).astype({"jaar": "int64", "vraag_urgent": "float64", "mutaties": "float64",
                                                    "aandeel": "float64", "norm": "float64", "boven_norm": "boolean",
                                                    "gemeenten": "int64"})


def herkenning_regio(r: Regioresultaten) -> pd.DataFrame:
    """Recognition per partner over the findings of all gemeenten (catalogue ``herkenning_regio``)."""
    h = herkenning(r.bevindingen, r.reacties, per="partner")
    return h.astype({"partner": "string", "beantwoord": "int64", "ja": "int64", "deels": "int64", "nee": "int64",
                     "aandeel_herkend": "float64", "aandeel_herkend_of_deels": "float64"})
