"""Stap 5 for the whole regio — what the report shows: the gaps of the gemeenten side by side, the urgent
share per gemeente and the summary in words, built from :mod:`wzlib.confrontatie_regio`. A gemeente
without results is named in every table ("(ontbreekt)") and in the summary."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from .confrontatie_regio import Regioresultaten, _som_heel
from .groepen import WOONVORMEN
from .presentatie.getallen import nl_getal, tekst_getal
from .veilig import md_tekst

REGIO_LABEL = "Regio"


def kolomnaam(code: str, r: Regioresultaten) -> str:
    """A gemeente's column header; '(ontbreekt)' for a gemeente without results."""
    return r.namen[code] + (" (ontbreekt)" if code in r.zonder_resultaat else "")


def tekort_per_gemeente(r: Regioresultaten, *, jaar: int, variant: str = "midden") -> pd.DataFrame:
    """Display table: per woonvorm (rows) the gap after plans (+ = tekort, − = overschot) of each gemeente in
    ``jaar`` (columns) and the regio (the sum of the gemeenten' whole numbers). Woonvormen without any
    figure that year are left out."""
    conf = r.confrontatie
    d = conf[(conf["jaar"] == jaar) & (conf["variant"] == variant)] if not conf.empty else conf
    kolommen = ["Woonvorm", "Eenheid", *(kolomnaam(c, r) for c in r.namen), REGIO_LABEL]
    rijen = []
    for wv, info in WOONVORMEN.items():
        w = d[d["woonvorm"] == wv] if not d.empty else d
        per = w.groupby("gemeentecode")["tekort_met_plan"].sum(min_count=1) if not w.empty else pd.Series(dtype=float)
        if per.notna().sum() == 0:
            continue
        rij: dict[str, Any] = {"Woonvorm": info.label, "Eenheid": info.eenheid}
        for code in r.namen:
            rij[kolomnaam(code, r)] = float(per.get(code, math.nan))
        rij[REGIO_LABEL] = _som_heel(per)
        rijen.append(rij)
    return pd.DataFrame(rijen, columns=kolommen)


def tekort_lang(r: Regioresultaten, woonvorm: str, *, jaar: int, variant: str = "midden") -> pd.DataFrame:
    """Chart data for one woonvorm: per gemeente the gap after plans in ``jaar`` (columns gemeente, tekort),
    largest gap first; a gemeente without a figure is listed with an empty value (so it is not silently
    left out of the chart)."""
    conf = r.confrontatie
    d = conf[(conf["jaar"] == jaar) & (conf["variant"] == variant) & (conf["woonvorm"] == woonvorm)] \
        if not conf.empty else conf
    per = d.groupby("gemeentecode")["tekort_met_plan"].sum(min_count=1) if not d.empty else pd.Series(dtype=float)
    uit = pd.DataFrame({"gemeente": [kolomnaam(c, r) for c in r.namen],
                        "tekort": [float(per.get(c, math.nan)) for c in r.namen]})
    return uit.sort_values("tekort", ascending=False, kind="stable", na_position="last").reset_index(drop=True)


def urgentie_per_gemeente(r: Regioresultaten, regio: pd.DataFrame, *, jaar: int) -> pd.DataFrame:
    """Display table of the urgent share in ``jaar``: per gemeente demand, lettings, share and norm; the last
    row is the regio (:func:`wzlib.confrontatie_regio.urgentie_regio`)."""
    kol = ["Gemeente", "Vraag urgenten per jaar", "Vrijkomende sociale huurwoningen", "Aandeel naar urgenten",
           "Norm", "Boven de norm"]
    u = r.urgentie
    d = u[u["jaar"] == jaar] if not u.empty else u
    rijen = []
    for code in r.namen:
        x = d[d["gemeentecode"] == code] if not d.empty else d
        if x.empty:
            rijen.append({"Gemeente": kolomnaam(code, r), "Vraag urgenten per jaar": math.nan,
                          "Vrijkomende sociale huurwoningen": math.nan, "Aandeel naar urgenten": math.nan,
                          "Norm": math.nan, "Boven de norm": "ontbreekt" if code in r.zonder_resultaat else "onbekend"})
            continue
        x = x.iloc[0]
        rijen.append({"Gemeente": kolomnaam(code, r), "Vraag urgenten per jaar": float(x["vraag_urgent"]),
                      "Vrijkomende sociale huurwoningen": float(x["mutaties"]), "Aandeel naar urgenten":
                      float(x["aandeel"]), "Norm": float(x["norm"]), "Boven de norm": _ja_nee(x["aandeel"], x["norm"])})
    g = regio[regio["jaar"] == jaar] if not regio.empty else regio
    if not g.empty:
        x = g.iloc[0]
        rijen.append({"Gemeente": REGIO_LABEL, "Vraag urgenten per jaar": x["vraag_urgent"],
                      "Vrijkomende sociale huurwoningen": x["mutaties"], "Aandeel naar urgenten": x["aandeel"],
                      "Norm": x["norm"], "Boven de norm": _ja_nee(x["aandeel"], x["norm"])})
    return pd.DataFrame(rijen, columns=kol)


def _ja_nee(aandeel: Any, norm: Any) -> str:
    if pd.isna(aandeel) or pd.isna(norm):
        return "onbekend"
    return "ja" if float(aandeel) > float(norm) else "nee"


def samenvatting(som: pd.DataFrame, per_gemeente: pd.DataFrame, urgentie: pd.DataFrame, r: Regioresultaten, *,
                 jaar: int, klein: int = 10) -> str:
    """Markdown summary for the regio: which gemeenten are in (and which are missing), the woonvormen with
    the largest regional gap in ``jaar``, where gemeenten differ in sign (tekort here, overschot there), and
    the gemeenten whose urgent demand exceeds the norm share of lettings."""
    regels = []
    if r.zonder_resultaat:
        regels.append(f"**Let op:** voor {md_tekst(r.ontbreekt_tekst)} ontbreekt de confrontatie (de stap is niet gedraaid of "
                      "mislukt); die gemeenten staan als *ontbreekt* in de tabellen en tellen niet mee in de "
                      "regionale totalen.")
    if not r.met_resultaat:
        regels.append("Er zijn nog geen resultaten van de confrontatie per gemeente. Draai eerst die stap voor de "
                      "gemeenten.")
        return "\n\n".join(regels)
    regels.append(f"Deze samenvatting telt de confrontatie van {len(r.met_resultaat)} van de {len(r.namen)} "
                  f"gemeenten op (middenvariant, na meetellen van plannen, {jaar}).")
    d = som[(som["jaar"] == jaar) & (som["variant"] == "midden") & som["tekort_met_plan"].notna()]
    tekorten = d[d["tekort_met_plan"] > 0].sort_values("tekort_met_plan", ascending=False).head(3)
    if len(tekorten):
        delen = [f"{WOONVORMEN[w].label.lower()} ({tekst_getal(t, klein)} {WOONVORMEN[w].eenheid})"
                 for w, t in zip(tekorten["woonvorm"], tekorten["tekort_met_plan"])]
        regels.append(f"De grootste regionale tekorten in {jaar}: " + "; ".join(delen) + ".")
    gemengd = []
    gemeentekolommen = [c for c in per_gemeente.columns if c not in ("Woonvorm", "Eenheid", REGIO_LABEL)]
    for _, rij in per_gemeente.iterrows():
        waarden = pd.to_numeric(rij[gemeentekolommen], errors="coerce").dropna()
        if (waarden > 0).any() and (waarden < 0).any():
            gemengd.append(str(rij["Woonvorm"]).lower())
    if gemengd:
        regels.append("Bij " + ", ".join(gemengd) + " heeft de ene gemeente een tekort en de andere een overschot: "
                      "het regionale saldo verbergt dat. Of een overschot elders een tekort opvangt, is een keuze "
                      "voor de regio (zie stap spreiding), geen rekensom.")
    boven = urgentie[(urgentie["Gemeente"] != REGIO_LABEL) & (urgentie["Boven de norm"] == "ja")] \
        if len(urgentie) else urgentie
    if len(boven):
        regels.append(f"In {', '.join(map(md_tekst, boven['Gemeente']))} vraagt de urgente vraag meer dan de norm van "
                      f"{nl_getal(100 * float(boven['Norm'].iloc[0]))}% van de vrijkomende sociale huurwoningen.")
    return "\n\n".join(regels)

