"""Stap 9, "samenvatting" — the few pages a wethouder or a corporatie reads: per gemeente the size of the
groups, the prognose over 10 and 20 years, the largest gaps per woonvorm, the gemeente's part of the regional
opgave and what the partners recognised.

Nothing is computed again here: every figure comes from the result tables of steps 1–5, read through the
catalogue (``A.invoer()``), and is selected and arranged for display with the same functions the step
reports use (:func:`wzlib.confrontatie.grootste_tekorten`, :func:`wzlib.prognose.leeftijdsgroepen`,
:func:`wzlib.confrontatie_partners.herkenning`, :func:`wzlib.confrontatie_tekst.verdeling_gemeente`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from . import confrontatie_tekst, kern as kernmod
from .confrontatie import grootste_tekorten
from .confrontatie_partners import herkenning
from .groepen import WOONVORMEN
from .omvang import ONTBREEKT
from .params import HORIZON, RegioParams
from .presentatie.getallen import nl_pct, tekst_getal
from .prognose import leeftijdsgroepen
from .stappen import CONFRONTATIE, OMVANG, PROGNOSE, SPREIDING, Stap

#: Onderwerp of each key figure in the result table (catalogue ``samenvatting``).
ONDERWERPEN = ("omvang", "aanbod", "prognose", "tekort", "spreiding", "partners")


@dataclass
class Samenvatting:
    kern: kernmod.Kern
    onderwerpen: list[str]  # per row of kern.cijfers
    groepen: pd.DataFrame
    prognose: pd.DataFrame
    prognose_tellingen: list[str]
    tekorten: pd.DataFrame
    tekorten_tellingen: list[str]
    tekorten_tekst: str
    verdeling: pd.DataFrame
    verdeling_tellingen: list[str]
    verdeling_tekst: str
    herkenning: pd.DataFrame
    partners_tekst: str
    resultaat: pd.DataFrame


def bron(*stappen_: Stap) -> str:
    """Source line: the reports of the steps the figures come from."""
    stappen_ = stappen_ or (OMVANG, PROGNOSE, SPREIDING, CONFRONTATIE)
    return "woonzorganalyse: " + ", ".join(s.naam for s in stappen_)


def _leeg(df: pd.DataFrame | None) -> bool:
    return df is None or len(df) == 0


def groepen_tabel(groepen: pd.DataFrame | None, gemeente: str) -> pd.DataFrame:
    """Per groep (ouderen, aandachtsgroepen, urgente groepen) of the omvang result: Groep, Eenheid, Aantal,
    Per 1.000 inwoners, Status (missing figures stay empty and say 'ontbreekt')."""
    kol = ["Groep", "Eenheid", "Aantal", "Per 1.000 inwoners", "Status"]
    if _leeg(groepen):
        return pd.DataFrame(columns=kol)
    g = groepen[groepen["gemeentecode"] == gemeente]
    uit = pd.DataFrame({"Groep": g["label"].astype(str), "Eenheid": g["eenheid"].astype(str),
                        "Aantal": g["aantal"].astype("Float64"), "Per 1.000 inwoners": g["per_1000"].astype("Float64"),
                        "Status": g["status"].astype(str)})
    return uit.reset_index(drop=True)


def _jaren(peiljaar: int, horizon) -> list[int]:
    return [peiljaar + h for h in horizon]


def prognose_tabel(bevolking_prognose: pd.DataFrame | None, vraag: pd.DataFrame | None, gemeente: str, *,
                   stappen_: tuple[int, ...] = (10, 20)) -> tuple[pd.DataFrame, list[str], int | None]:
    """Ouderen (65+, 75+, 85+) and demand per woonvorm in the base year of the prognose and after each step
    (midden). Returns (table, count columns, base year)."""
    if _leeg(bevolking_prognose):
        return pd.DataFrame(columns=["Wat", "Eenheid"]), [], None
    bp = bevolking_prognose[bevolking_prognose["gemeentecode"] == gemeente]
    basis = int(bp["jaar"].min())
    jaren = [basis, *(basis + s for s in stappen_)]
    g = leeftijdsgroepen(bp, grenzen=(65, 75, 85))
    g = g[(g["variant"] == "midden") & g["jaar"].isin(jaren)]
    rijen = []
    for lg in ("65+", "75+", "85+"):
        d = g[g["leeftijdsgroep"] == lg].set_index("jaar")["aantal"]
        if len(d):
            rijen.append({"Wat": f"{lg[:-1]}-plussers", "Eenheid": "personen",
                          **{str(j): float(d.get(j, np.nan)) for j in jaren}})
    if not _leeg(vraag):
        v = vraag[(vraag["gemeentecode"] == gemeente) & (vraag["variant"] == "midden")]
        for wv, info in WOONVORMEN.items():
            d = v[v["woonvorm"] == wv].set_index("jaar")["aantal"]
            if len(d):
                rijen.append({"Wat": f"Vraag: {info.label.lower()}", "Eenheid": info.eenheid,
                              **{str(j): float(d.get(j, np.nan)) for j in jaren}})
    uit = pd.DataFrame(rijen, columns=["Wat", "Eenheid", *map(str, jaren)])
    return uit, [str(j) for j in jaren], basis


def tekorten_tabel(conf: pd.DataFrame | None, *, peiljaar: int, horizon=HORIZON) -> tuple[pd.DataFrame, list[str]]:
    """Per woonvorm with a gap figure: Woonvorm, Eenheid, Aanbod nu and the gap after plans per horizon year
    (midden). Five columns: it fits a page."""
    jaren = _jaren(peiljaar, horizon)
    kol = ["Woonvorm", "Eenheid", "Aanbod nu", *(f"Tekort {j}" for j in jaren)]
    if _leeg(conf):
        return pd.DataFrame(columns=kol), kol[2:]
    m = conf[conf["variant"] == "midden"]
    rijen = []
    for wv, info in WOONVORMEN.items():
        d = m[m["woonvorm"] == wv].set_index("jaar")
        if d.empty or d["tekort_met_plan"].isna().all():
            continue
        rij = {"Woonvorm": info.label, "Eenheid": info.eenheid,
               "Aanbod nu": float(d["aanbod"].get(peiljaar, np.nan))}
        for j in jaren:
            rij[f"Tekort {j}"] = float(d["tekort_met_plan"].get(j, np.nan))
        rijen.append(rij)
    return pd.DataFrame(rijen, columns=kol), kol[2:]


def partners_tekst(tabel: pd.DataFrame, naam: str) -> str:
    """One sentence on the partner round from :func:`wzlib.confrontatie_partners.herkenning`."""
    if tabel.empty:
        return (f"Er zijn (nog) geen reacties van partners op de bevindingen van {naam}. Zodra de partnerronde is "
                "gehouden, staat hier hoeveel de partners herkennen.")
    alle = tabel[tabel["partner"] == "alle partners"].iloc[0]
    n = len(tabel) - 1
    return (f"{n} partner{'s' if n != 1 else ''} beoordeelde{'n' if n != 1 else ''} {int(alle['beantwoord'])} "
            f"bevindingen van {naam}: {nl_pct(alle['aandeel_herkend'], 0)} herkend, "
            f"{nl_pct(alle['aandeel_herkend_of_deels'], 0)} herkend of deels herkend.")


def _fair_share_zin(verdeling: pd.DataFrame, naam: str) -> str:
    if verdeling.empty:
        return (f"De regionale verdeling is (nog) niet beschikbaar voor {naam}: de spreiding van de regio is niet "
                "gemaakt.")
    return (f"Per groep de toedeling aan {naam} onder elke verdeelsleutel (aantallen; per jaar waar de opgave een "
            "jaarlijkse stroom is), naast de huidige inzet. Het spreidingsrapport van de regio legt de sleutels uit.")


def verzamel(invoer: SimpleNamespace, rp: RegioParams, *, gemeente: str, naam: str, peiljaar: int,
             klein: int = 10) -> Samenvatting:
    """Everything the samenvatting shows, from the result tables of steps 1–5 (``A.invoer()``)."""
    horizon = tuple(rp.confrontatie.horizon)
    stappen_ = tuple(h for h in horizon if h) or (10, 20)
    groepen = groepen_tabel(invoer.groepen, gemeente)
    prog, prog_tel, basis = prognose_tabel(invoer.bevolking_prognose, invoer.vraag, gemeente, stappen_=stappen_)
    tek, tek_tel = tekorten_tabel(invoer.confrontatie, peiljaar=peiljaar, horizon=horizon)
    top = grootste_tekorten(invoer.confrontatie, peiljaar=peiljaar, n=rp.confrontatie.top_n, horizon=horizon)
    tek_tekst = confrontatie_tekst.samenvatting(top, naam, klein=klein)
    verdeling = confrontatie_tekst.verdeling_gemeente(getattr(invoer, "verdeling", None), gemeente)
    verd_tel = [k for k in verdeling.columns if k != "Groep"]
    herk = herkenning(invoer.bevindingen, invoer.reacties, per="partner") if not _leeg(invoer.bevindingen) \
        else pd.DataFrame(columns=["partner", "beantwoord", "aandeel_herkend", "aandeel_herkend_of_deels"])
    ptekst = partners_tekst(herk, naam)
    herk_toon = pd.DataFrame({"Partner": herk["partner"].astype(str), "Beantwoord": herk["beantwoord"],
                              "Herkend": herk["aandeel_herkend"].astype(float),
                              "Herkend of deels": herk["aandeel_herkend_of_deels"].astype(float)})

    # -- the Kern: the same figures as the tables below ------------------------------------------------------
    rijen, onderwerpen = [], []

    def voeg(onderwerp: str, rij: dict[str, Any]) -> None:
        rijen.append(rij)
        onderwerpen.append(onderwerp)

    o = invoer.ouderen
    o = o[o["gemeentecode"] == gemeente].set_index("leeftijdsgroep") if not _leeg(o) else pd.DataFrame()
    if "75+" in o.index:
        voeg("omvang", kernmod._rij("75-plussers", "aantal", float(o.at["75+", "aantal"])))
        voeg("omvang", kernmod._rij("75-plussers (% van de inwoners)", "pct", float(o.at["75+", "aandeel"])))
    zinnen = []
    if "75+" in o.index:
        zinnen.append(f"In {naam} wonen {tekst_getal(o.at['75+', 'aantal'], 0)} 75-plussers, "
                      f"{nl_pct(o.at['75+', 'aandeel'])} van de inwoners.")
    if len(groepen):
        met = groepen[groepen["Status"] != ONTBREEKT]
        voeg("omvang", kernmod._rij("Groepen met een cijfer", "tekst", f"{len(met)} van {len(groepen)}"))
        if len(met) < len(groepen):
            zinnen.append(f"Voor {len(groepen) - len(met)} van de {len(groepen)} groepen ontbreekt een cijfer; de "
                          "tabel hieronder noemt ze.")
    if basis is not None and len(prog):
        p = prog.set_index("Wat")
        laatste = str(basis + stappen_[-1])
        if "75-plussers" in p.index:
            nu, later = p.at["75-plussers", str(basis)], p.at["75-plussers", laatste]
            voeg("prognose", kernmod._rij(f"75-plussers in {laatste} (midden)", "aantal", float(later)))
            if nu:
                voeg("prognose", kernmod._rij(f"Groei 75-plussers tot {laatste} (factor)", "factor", later / nu))
            zinnen.append(f"Het aantal 75-plussers gaat van {tekst_getal(nu, 0)} in {basis} naar ongeveer "
                          f"{tekst_getal(later, 0)} in {laatste} (middenvariant).")
    for r in top.head(2).itertuples():
        voeg("tekort", kernmod._rij(f"{r.soort.capitalize()} {r.label.lower()} {r.jaar}", "aantal",
                                    float(abs(r.tekort_met_plan)), kwetsbaar=r.woonvorm in confrontatie_tekst.KWETSBAAR))
    if len(top):
        r = top.iloc[0]
        zinnen.append(f"Het grootste verschil tussen vraag en aanbod: {r['label'].lower()}, een {r['soort']} van "
                      f"{tekst_getal(abs(r['tekort_met_plan']), klein)} {r['eenheid']} in {r['jaar']} (na plannen).")
    else:
        zinnen.append("Er is nog voor geen enkele woonvorm zowel een vraagraming als een aanbodcijfer.")
    urg = invoer.urgentie
    if not _leeg(urg) and urg["aandeel"].notna().any():
        e = urg[urg["aandeel"].notna()].iloc[0]
        voeg("tekort", kernmod._rij(f"Aandeel toewijzingen naar urgenten {int(e['jaar'])}", "pct", float(e["aandeel"])))
        zinnen.append(f"{nl_pct(e['aandeel'], 0)} van de vrijkomende sociale huurwoningen moet naar urgente groepen "
                      f"({'boven' if e['aandeel'] > e['norm'] else 'binnen'} de norm van {nl_pct(e['norm'], 0)}).")
    if len(verdeling) and "Huidige inzet" in verdeling.columns:
        sleutels = [k for k in verdeling.columns if k not in ("Groep", "Huidige inzet")]
        if sleutels:
            eerste = verdeling.iloc[0]
            zinnen.append(f"Van de regionale opgave voor {eerste['Groep'].lower()} komen onder de sleutel "
                          f"'{sleutels[0]}' {tekst_getal(eerste[sleutels[0]], klein)} bij {naam}"
                          + (f"; nu zijn het er {tekst_getal(eerste['Huidige inzet'], klein)}."
                             if not pd.isna(eerste["Huidige inzet"]) else "."))
    if len(herk):
        alle = herk[herk["partner"] == "alle partners"].iloc[0]
        voeg("partners", kernmod._rij("Bevindingen herkend door partners (%)", "pct",
                                      float(alle["aandeel_herkend"])))
    zinnen.append(ptekst)
    k = kernmod.Kern(naam, kernmod._frame(rijen), zinnen)
    return Samenvatting(k, onderwerpen, groepen, prog, prog_tel, tek, tek_tel, tek_tekst, verdeling, verd_tel,
                        _fair_share_zin(verdeling, naam), herk_toon, ptekst, resultaat(k, onderwerpen, gemeente))


def resultaat(k: kernmod.Kern, onderwerpen: list[str], gemeente: str) -> pd.DataFrame:
    """The result table (catalogue ``samenvatting``): one row per key figure of the Kern."""
    c = k.cijfers

    def getal(x: Any, soort: str) -> float:
        if soort == "tekst":
            return math.nan
        try:
            return float(x)
        except (TypeError, ValueError):
            return math.nan

    uit = pd.DataFrame({
        "gemeentecode": gemeente, "onderwerp": onderwerpen, "kerncijfer": c["kerncijfer"].astype(str),
        "soort": c["soort"].astype(str), "waarde": [getal(x, s) for x, s in zip(c["gemeente"], c["soort"])],
        "regio": [getal(x, s) for x, s in zip(c["regio"], c["soort"])],
        "tekst": [str(x) if s == "tekst" else None for x, s in zip(c["gemeente"], c["soort"])]})
    return uit.astype({"gemeentecode": "string", "onderwerp": "string", "kerncijfer": "string", "soort": "string",
                       "waarde": "float64", "regio": "float64", "tekst": "string"})
