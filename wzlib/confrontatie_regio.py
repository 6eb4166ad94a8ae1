"""Stap 5 for the whole regio (notebook ``60_regio_confrontatie``): the confrontatie of every gemeente
side by side, the regional totals and the partner round over all gemeenten.

Nothing about demand or supply is computed again: every figure comes from the result tables that
``50_confrontatie`` wrote per gemeente (``<regio uitvoer>/<GMxxxx>/50_confrontatie/*.parquet``). This
module only collects them, sums them over the gemeenten and ranks them; the per-gemeente display
functions of :mod:`wzlib.confrontatie` then show the regional sums the same way as a gemeente.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import resultaten
from .confrontatie import (AUDIT_KOLOMMEN, BEVINDING_KOLOMMEN, CONFRONTATIE_KOLOMMEN, URGENTIE_KOLOMMEN, WOONVORMEN,
                           _nl, _tekst_getal, geordend)

STAP = "50_confrontatie"
REGIO = "Regio"


@dataclass
class Regioresultaten:
    """The 50_confrontatie results of all gemeenten of a regio, concatenated."""

    confrontatie: pd.DataFrame
    urgentie: pd.DataFrame
    bevindingen: pd.DataFrame
    reacties: pd.DataFrame
    audit: pd.DataFrame
    namen: dict[str, str]  # gemeentecode -> naam, in the regio's order
    met_resultaat: list[str] = field(default_factory=list)  # codes with results
    zonder_resultaat: list[str] = field(default_factory=list)  # codes without (step not run or failed)


def _codes_namen(gemeenten: Sequence[Any]) -> dict[str, str]:
    uit = {}
    for g in gemeenten:
        code, naam = (g.code, g.naam) if hasattr(g, "code") else (g[0], g[1])
        uit[str(code)] = str(naam)
    return uit


def verzamel(uitvoer_regio: str | Path, gemeenten: Sequence[Any]) -> Regioresultaten:
    """Read the 50_confrontatie results of every gemeente (``gemeenten``: Gemeente objects or
    ``(code, naam)`` pairs) from ``uitvoer_regio/<code>/``. A gemeente without results is listed in
    ``zonder_resultaat`` (the report says so) instead of failing the regional summary.

    Reacties are the regio's returned sheets; every gemeente saved them, so they are deduplicated.
    """
    namen = _codes_namen(gemeenten)
    delen: dict[str, list[pd.DataFrame]] = {t: [] for t in ("confrontatie", "urgentie", "bevindingen", "reacties",
                                                             "audit")}
    met, zonder = [], []
    for code in namen:
        map_ = Path(uitvoer_regio) / code
        if not resultaten.bestaat(map_, STAP, "confrontatie"):
            zonder.append(code)
            continue
        met.append(code)
        for t in delen:
            if resultaten.bestaat(map_, STAP, t):
                delen[t].append(resultaten.lees(map_, STAP, t))
    kolommen = {"confrontatie": CONFRONTATIE_KOLOMMEN, "urgentie": URGENTIE_KOLOMMEN,
                "bevindingen": BEVINDING_KOLOMMEN, "reacties": [], "audit": AUDIT_KOLOMMEN}
    tabellen = {t: (pd.concat([d for d in ds if not d.empty], ignore_index=True)
                    if any(not d.empty for d in ds) else pd.DataFrame(columns=kolommen[t]))
                for t, ds in delen.items()}
    r = tabellen["reacties"]
    if not r.empty:
        sleutel = [k for k in ("bestand", "regel", "partner", "id") if k in r.columns]
        tabellen["reacties"] = r.drop_duplicates(subset=sleutel or None).reset_index(drop=True)
    return Regioresultaten(**tabellen, namen=namen, met_resultaat=met, zonder_resultaat=zonder)


def som_regio(conf: pd.DataFrame) -> pd.DataFrame:
    """The confrontatie table summed over the gemeenten: per woonvorm, year and variant the sums of
    vraag, aanbod, plannen and tekorten (each over the gemeenten that have that figure), with the
    same columns as one gemeente's table (``gemeentecode`` = "regio") so that
    :func:`wzlib.confrontatie.overzicht` and :func:`~wzlib.confrontatie.grootste_tekorten` show it.

    ``methode`` says over how many gemeenten the gap was summed. A surplus in one gemeente offsets a
    shortage in another in these sums; :func:`tekort_per_gemeente` shows them apart.
    """
    if conf.empty:
        return pd.DataFrame(columns=CONFRONTATIE_KOLOMMEN)
    n_totaal = conf["gemeentecode"].nunique()
    waarden = ["vraag", "aanbod", "plan_cumulatief", "tekort_zonder_plan", "tekort_met_plan"]
    g = conf.groupby(["woonvorm", "jaar", "variant"], sort=False)
    uit = g[waarden].sum(min_count=1).reset_index()
    n = g["tekort_met_plan"].count().reset_index(drop=True)
    uit["methode"] = [f"som over {k} van {n_totaal} gemeenten" if k else "geen tekort bekend" for k in n]
    uit["gemeentecode"] = "regio"
    return geordend(uit)


def tekort_per_gemeente(conf: pd.DataFrame, namen: dict[str, str], *, jaar: int,
                        variant: str = "midden") -> pd.DataFrame:
    """Display table: per woonvorm (rows) the gap after plans (``tekort_met_plan``, + = tekort,
    − = overschot) of each gemeente in ``jaar`` (columns, by name) and the regio (sum over the
    gemeenten with a figure). Woonvormen without any figure that year are left out."""
    d = conf[(conf["jaar"] == jaar) & (conf["variant"] == variant)]
    rijen = []
    for wv, info in WOONVORMEN.items():
        w = d[d["woonvorm"] == wv]
        per = w.groupby("gemeentecode")["tekort_met_plan"].sum(min_count=1)
        if per.notna().sum() == 0:
            continue
        rij: dict[str, Any] = {"Woonvorm": info.label, "Eenheid": info.eenheid}
        for code, naam in namen.items():
            rij[naam] = float(per.get(code, math.nan))
        rij[REGIO] = float(per.sum(min_count=1))
        rijen.append(rij)
    return pd.DataFrame(rijen, columns=["Woonvorm", "Eenheid", *namen.values(), REGIO])


def tekort_lang(conf: pd.DataFrame, namen: dict[str, str], woonvorm: str, *, jaar: int,
                variant: str = "midden") -> pd.DataFrame:
    """Chart data for one woonvorm: per gemeente (name) the gap after plans in ``jaar`` (columns
    gemeente, tekort), gemeenten without a figure left out, largest gap first."""
    d = conf[(conf["jaar"] == jaar) & (conf["variant"] == variant) & (conf["woonvorm"] == woonvorm)]
    per = d.groupby("gemeentecode")["tekort_met_plan"].sum(min_count=1).dropna()
    uit = pd.DataFrame({"gemeente": [namen.get(c, c) for c in per.index], "tekort": per.to_numpy(dtype=float)})
    return uit.sort_values("tekort", ascending=False, kind="stable").reset_index(drop=True)


def urgentie_per_gemeente(urg: pd.DataFrame, namen: dict[str, str], *, jaar: int) -> pd.DataFrame:
    """Display table of the urgent share of lettings in ``jaar``: per gemeente the yearly demand of urgent
    groups, the vrijkomende sociale huurwoningen, the share and the norm; last row the regio
    (demand and lettings summed over the gemeenten that have both, share = their ratio)."""
    kol = ["Gemeente", "Vraag urgenten per jaar", "Vrijkomende sociale huurwoningen", "Aandeel naar urgenten",
           "Norm", "Boven de norm"]
    d = urg[urg["jaar"] == jaar] if not urg.empty else urg
    rijen = []
    for code, naam in namen.items():
        r = d[d["gemeentecode"] == code]
        if r.empty:
            continue
        r = r.iloc[0]
        rijen.append({"Gemeente": naam, "Vraag urgenten per jaar": float(r["vraag_urgent"]),
                      "Vrijkomende sociale huurwoningen": float(r["mutaties"]), "Aandeel naar urgenten":
                      float(r["aandeel"]), "Norm": float(r["norm"]),
                      "Boven de norm": _ja_nee(r["aandeel"], r["norm"])})
    if rijen:
        df = pd.DataFrame(rijen)
        beide = df["Vraag urgenten per jaar"].notna() & df["Vrijkomende sociale huurwoningen"].gt(0)
        vraag = float(df.loc[beide, "Vraag urgenten per jaar"].sum()) if beide.any() else math.nan
        mut = float(df.loc[beide, "Vrijkomende sociale huurwoningen"].sum()) if beide.any() else math.nan
        aandeel = vraag / mut if beide.any() else math.nan
        normen = df["Norm"].dropna().unique()
        norm = float(normen[0]) if len(normen) == 1 else math.nan
        rijen.append({"Gemeente": REGIO, "Vraag urgenten per jaar": vraag, "Vrijkomende sociale huurwoningen": mut,
                      "Aandeel naar urgenten": aandeel, "Norm": norm, "Boven de norm": _ja_nee(aandeel, norm)})
    return pd.DataFrame(rijen, columns=kol)


def _ja_nee(aandeel: Any, norm: Any) -> str:
    if pd.isna(aandeel) or pd.isna(norm):
        return "onbekend"
    return "ja" if float(aandeel) > float(norm) else "nee"


def samenvatting(som: pd.DataFrame, per_gemeente: pd.DataFrame, urgentie: pd.DataFrame, r: Regioresultaten, *,
                 regionaam: str, jaar: int, klein: int = 10) -> str:
    """Markdown summary for the regio: which gemeenten are in, the woonvormen with the largest regional
    gap in ``jaar``, where gemeenten differ in sign (tekort here, overschot there), and the gemeenten
    whose urgent demand exceeds the norm share of lettings."""
    regels = []
    if r.zonder_resultaat:
        regels.append(f"**Let op:** voor {', '.join(r.namen[c] for c in r.zonder_resultaat)} is er (nog) geen "
                      "geslaagde confrontatie; die gemeenten tellen hieronder niet mee.")
    if not r.met_resultaat:
        regels.append("Er zijn nog geen resultaten van stap 50_confrontatie. Draai eerst die stap voor de gemeenten.")
        return "\n\n".join(regels)
    regels.append(f"Deze samenvatting telt de confrontatie van {len(r.met_resultaat)} van de {len(r.namen)} gemeenten "
                  f"op (middenvariant, na meetellen van plannen, {jaar}).")
    d = som[(som["jaar"] == jaar) & (som["variant"] == "midden") & som["tekort_met_plan"].notna()]
    tekorten = d[d["tekort_met_plan"] > 0].sort_values("tekort_met_plan", ascending=False).head(3)
    if len(tekorten):
        delen = [f"{WOONVORMEN[w].label.lower()} ({_tekst_getal(t, klein)} {WOONVORMEN[w].eenheid})"
                 for w, t in zip(tekorten["woonvorm"], tekorten["tekort_met_plan"])]
        regels.append(f"De grootste regionale tekorten in {jaar}: " + "; ".join(delen) + ".")
    gemengd = []
    for _, rij in per_gemeente.iterrows():
        waarden = pd.to_numeric(rij[[n for n in r.namen.values() if n in rij.index]], errors="coerce").dropna()
        if (waarden > 0).any() and (waarden < 0).any():
            gemengd.append(str(rij["Woonvorm"]).lower())
    if gemengd:
        regels.append("Bij " + ", ".join(gemengd) + " heeft de ene gemeente een tekort en de andere een overschot: "
                      "het regionale saldo verbergt dat. Of een overschot elders een tekort opvangt, is een keuze "
                      "voor de regio (zie stap spreiding), geen rekensom.")
    boven = urgentie[(urgentie["Gemeente"] != REGIO) & (urgentie["Boven de norm"] == "ja")] if len(urgentie) else []
    if len(boven):
        regels.append(f"In {', '.join(boven['Gemeente'])} vraagt de urgente vraag meer dan de norm van "
                      f"{_nl(100 * float(boven['Norm'].iloc[0]))}% van de vrijkomende sociale huurwoningen.")
    return "\n\n".join(regels)
