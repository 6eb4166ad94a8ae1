"""Stap 5, "confrontatie" — what the report shows: overview tables, chart data, the summary of the largest
gaps and the sentences about the partner round, built from the results of :mod:`wzlib.confrontatie` and
:mod:`wzlib.confrontatie_partners`."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .bronnen.partners import ALGEMENE_VRAGEN
from .confrontatie import (GEEN_VRAAGRAMING, URGENT_METHODE, VARIANTEN, Invoer, _leeg, _waarde, correcties_aanbod,
                           urgente_vraag)
from .confrontatie_partners import (AFWIJKING_FACTOR, TE_CONTROLEREN, Correcties, oordeel_per_bevinding,
                                   verouderde_reacties, _reacties_van)
from .groepen import WOONVORMEN
from .params import HORIZON, Confrontatie, Partner
from .presentatie.afscherming import Afscherming, Regels, afschermen
from .presentatie.getallen import nl_getal, nl_pct, tekst_getal
from .spreiding_tekst import groep_label
from .stappen import OMVANG, PROGNOSE, SPREIDING
from .veilig import md_code, md_tekst


def overzicht(conf: pd.DataFrame, *, peiljaar: int, horizon: Sequence[int] = HORIZON,
              variant: str = "midden") -> pd.DataFrame:
    """Display table: per woonvorm the supply and, for each horizon year, demand and gap after plans.

    Rows: the registry woonvormen (label). Columns: Woonvorm, Eenheid, Aanbod nu, then per horizon
    year ``Vraag <jaar>``, ``Plannen t/m <jaar>``, ``Tekort <jaar>`` (= tekort_met_plan of ``variant``),
    and Methode. Empty where the year is not covered.
    """
    rijen = []
    for wv, info in WOONVORMEN.items():
        d = conf[(conf["woonvorm"] == wv) & (conf["variant"] == variant)]
        rij: dict[str, Any] = {"Woonvorm": info.label, "Eenheid": info.eenheid,
                               "Aanbod nu": _waarde(d, peiljaar, "aanbod")}
        if d.empty or d["aanbod"].notna().sum() == 0:
            rij["Aanbod nu"] = _waarde(conf[conf["woonvorm"] == wv], None, "aanbod")
        for h in horizon:
            j = peiljaar + h
            rij[f"Vraag {j}"] = _waarde(d, j, "vraag")
            if h:
                rij[f"Plannen t/m {j}"] = _waarde(d, j, "plan_cumulatief")
            rij[f"Tekort {j}"] = _waarde(d, j, "tekort_met_plan")
        rij["Methode"] = str(d["methode"].iloc[0]) if not d.empty else GEEN_VRAAGRAMING
        rijen.append(rij)
    return pd.DataFrame(rijen)


def plannen_bekend(plancapaciteit: pd.DataFrame | None) -> bool:
    """Whether plancapaciteit was supplied for this gemeente (otherwise 'Plannen' is unknown, not 0)."""
    return not _leeg(plancapaciteit)


def vraag_aanbod_tabel(ov: pd.DataFrame) -> pd.DataFrame:
    """First half of :func:`overzicht`, narrow enough for a page: Woonvorm, Eenheid, Aanbod nu, Vraag <jaar>..."""
    return ov[[k for k in ov.columns if k in ("Woonvorm", "Eenheid", "Aanbod nu") or k.startswith("Vraag ")]]


def tekort_tabel(ov: pd.DataFrame, *, plannen: bool = True, met_aanbod: bool = False) -> pd.DataFrame:
    """Second half of :func:`overzicht`: Woonvorm, Plannen t/m <jaar>..., Tekort <jaar>... Without supplied
    plancapaciteit (``plannen=False``) the plans are unknown, shown as missing rather than 0. ``met_aanbod``:
    with 'Aanbod nu' (after corrections it is the aanbod that changed)."""
    vast = ("Woonvorm", "Aanbod nu") if met_aanbod else ("Woonvorm",)
    uit = ov[[k for k in ov.columns if k in vast or k.startswith(("Plannen t/m ", "Tekort "))]].copy()
    if not plannen:
        for k in uit.columns:
            if k.startswith("Plannen t/m "):
                uit[k] = math.nan
    return uit


def methode_noot(ov: pd.DataFrame) -> str:
    """Markdown footnote: per method, the woonvormen it applies to (the 'Methode' column as a note)."""
    if ov.empty or "Methode" not in ov.columns:
        return ""
    regels = [f"- *{m}*: {', '.join(d['Woonvorm'].astype(str))}" for m, d in ov.groupby("Methode", sort=False)]
    return "**Hoe de vraag is bepaald:**\n\n" + "\n".join(regels)


def reeks(conf: pd.DataFrame, woonvorm: str) -> pd.DataFrame:
    """Chart data of one woonvorm: per year vraag laag/midden/hoog, aanbod and aanbod + plannen
    (wide; columns jaar, laag, midden, hoog, aanbod, aanbod_met_plan)."""
    d = conf[conf["woonvorm"] == woonvorm]
    if d.empty:
        return pd.DataFrame(columns=["jaar", "laag", "midden", "hoog", "aanbod", "aanbod_met_plan"])
    breed = d.pivot_table(index="jaar", columns="variant", values="vraag", aggfunc="first").reindex(
        columns=list(VARIANTEN))
    m = d[d["variant"] == "midden"].set_index("jaar")
    breed["aanbod"] = m["aanbod"]
    breed["aanbod_met_plan"] = m["aanbod"] + m["plan_cumulatief"]
    return breed.reset_index().rename_axis(columns=None)


def reeks_lang(conf: pd.DataFrame, woonvorm: str, *, peiljaar: int | None = None) -> pd.DataFrame:
    """Chart data of one woonvorm in long form for ``grafieken.lijn``: columns jaar, reeks, aantal.

    Three series over every year of the analysis: demand (middenvariant), current aanbod, and aanbod
    plus the plans realised by that year. The distance between demand and supply is the gap. For
    sociale huur (urgent flow) the series are the urgent demand per year and the lettings available
    to urgenten under the norm. Years without a figure are NaN (a gap in the line), so the frame is
    never empty and the chart always shows which figures are missing.
    """
    alle = sorted(set(conf["jaar"].astype(int)))
    if peiljaar is not None:
        alle = [j for j in alle if j >= peiljaar]
    d = conf[conf["woonvorm"] == woonvorm]
    m = d[d["variant"] == "midden"].drop_duplicates("jaar").set_index("jaar")
    stroom = not d.empty and (d["methode"] == URGENT_METHODE).any()
    a_nu = _waarde(d, None, "aanbod")
    namen = (("Vraag urgenten per jaar", "Beschikbaar voor urgenten (norm)", None) if stroom else
             ("Vraag (middenvariant)", "Aanbod nu", "Aanbod met plannen"))
    rijen = []
    for j in alle:
        vraag = float(m["vraag"].get(j, math.nan)) if j in m.index else math.nan
        rijen.append({"jaar": j, "reeks": namen[0], "aantal": vraag})
        if stroom:
            rijen.append({"jaar": j, "reeks": namen[1],
                          "aantal": float(m["aanbod"].get(j, math.nan)) if j in m.index else math.nan})
            continue
        rijen.append({"jaar": j, "reeks": namen[1], "aantal": a_nu})
        plan = float(m["plan_cumulatief"].get(j, math.nan)) if j in m.index else math.nan
        if math.isnan(plan):  # a year without demand row: plans as of the nearest earlier year
            eerder = m[m.index <= j]["plan_cumulatief"].dropna()
            plan = float(eerder.iloc[-1]) if len(eerder) else 0.0
        rijen.append({"jaar": j, "reeks": namen[2], "aantal": a_nu + plan})
    return pd.DataFrame(rijen, columns=["jaar", "reeks", "aantal"]).astype(
        {"jaar": "int64", "reeks": "string", "aantal": "float64"})


def grafiek_titel(conf: pd.DataFrame, woonvorm: str, gemeentenaam: str) -> str:
    """Title of the chart of one woonvorm, saying how demand was estimated (or that it was not)."""
    info = WOONVORMEN[woonvorm]
    d = conf[conf["woonvorm"] == woonvorm]
    methode = str(d["methode"].iloc[0]) if not d.empty else GEEN_VRAAGRAMING
    if methode == GEEN_VRAAGRAMING:
        bij = " (geen vraagraming)"
    elif methode.startswith("benadering"):
        bij = " (vraag benaderd via de aandachtsgroep)"
    elif methode == URGENT_METHODE:
        bij = " voor urgenten (per jaar)"
    else:
        bij = ""
    return f"{info.label}{bij}: vraag en aanbod in {gemeentenaam} ({info.eenheid})"


def verdeling_gemeente(verdeling: pd.DataFrame | None, gemeente: str) -> pd.DataFrame:
    """The gemeente's part of the regional opgave (catalogue ``verdeling``): per groep the allocation
    under each key (columns Groep, then one per sleutel_naam) next to the current effort. A woonvorm is
    labelled "Bouwopgave" only when its supply was known (vraag − aanbod − plannen), else "Vraag (aanbod
    onbekend)" (:func:`wzlib.spreiding_tekst.groep_label`)."""
    if _leeg(verdeling) or not {"groep", "toedeling"} <= set(verdeling.columns):
        return pd.DataFrame(columns=["Groep"])
    v = verdeling[verdeling["gemeentecode"].astype("string") == gemeente]
    if v.empty:
        return pd.DataFrame(columns=["Groep"])
    kol = "sleutel_naam" if "sleutel_naam" in v.columns else "sleutel"
    breed = v.pivot_table(index="groep", columns=kol, values="toedeling", aggfunc="first", sort=False)
    if "huidige_inzet" in v.columns:
        breed["Huidige inzet"] = v.groupby("groep", sort=False)["huidige_inzet"].first()
    soort = v.groupby("groep", sort=False)["soort"].first() if "soort" in v.columns else pd.Series(dtype="string")
    breed.index = [groep_label(g, soort.get(g) if isinstance(soort.get(g), str) else None) for g in breed.index]
    return breed.rename_axis("Groep").reset_index().rename_axis(columns=None)


def samenvatting(top: pd.DataFrame, gemeentenaam: str, *, klein: int = 10) -> str:
    """Markdown summary of :func:`grootste_tekorten`: one sentence per gap, Dutch numbers.

    Numbers below ``klein`` are written as "minder dan <klein>" (small-number rule for texts).
    """
    gemeentenaam = md_tekst(gemeentenaam)
    if top.empty:
        return (f"Voor {gemeentenaam} kan nog geen tekort of overschot worden berekend: er is voor geen enkele "
                "woonvorm zowel een vraagraming als een aanbodcijfer.")
    regels = [f"**De {len(top)} grootste verschillen tussen vraag en aanbod in {gemeentenaam}** "
              "(middenvariant, na meetellen van geplande toevoegingen):", ""]
    for i, r in enumerate(top.itertuples(), start=1):
        n = tekst_getal(abs(r.tekort_met_plan), klein)
        pct = f" ({nl_pct(abs(r.tekort_aandeel), 0)} van de vraag)" if pd.notna(r.tekort_aandeel) else ""
        proxy = " *Benadering via de omvang van de aandachtsgroep.*" if str(r.methode).startswith("benadering") else ""
        stroom = " per jaar" if r.methode == URGENT_METHODE else ""
        regels.append(f"{i}. **{r.label}**: {r.soort} van {n} {r.eenheid}{stroom} in {r.jaar}{pct}; vraag "
                      f"{tekst_getal(r.vraag, klein)}, aanbod {tekst_getal(r.aanbod, klein)}"
                      + (f" plus {tekst_getal(r.plan_cumulatief, klein)} gepland" if r.plan_cumulatief else "")
                      + f".{proxy}")
    return "\n".join(regels)


def urgentie_tekst(urg: pd.DataFrame, gemeentenaam: str, params: Confrontatie, *, klein: int = 10) -> str:
    """Markdown: the urgent share in the peiljaar (first row) against the norm, in words."""
    gemeentenaam = md_tekst(gemeentenaam)
    norm = nl_getal(100 * params.norm_urgentie_aandeel) + "%"
    r = urg[urg["aandeel"].notna()]
    if r.empty:
        ontbreekt = []
        if urg.empty or urg["vraag_urgent"].isna().all():
            ontbreekt.append(f"de vraag van urgente groepen (aandachtsgroepen in {OMVANG.naam} of {PROGNOSE.naam}, "
                             "of lokale invoer)")
        if urg.empty or urg["mutaties"].isna().all():
            ontbreekt.append("het aantal vrijkomende sociale huurwoningen (lokale invoer woningmarkt, kolom "
                             "mutaties_sociale_huur, of confrontatie.mutaties in de regio-parameters)")
        return (f"Het aandeel van de toewijzingen dat naar urgenten moet, is voor {gemeentenaam} niet te berekenen: "
                f"er ontbreekt {' en '.join(ontbreekt)}. De regionale norm is {norm} ({params.norm_bron}).")
    e = r.iloc[0]
    a = nl_getal(100 * e["aandeel"]) + "%"
    oordeel = "boven" if e["aandeel"] > params.norm_urgentie_aandeel else "binnen"
    tekst = (f"In {int(e['jaar'])} vragen naar verwachting {tekst_getal(e['vraag_urgent'], klein)} huishoudens uit "
             f"urgente groepen om een sociale huurwoning, terwijl er {tekst_getal(e['mutaties'], klein)} vrijkomen. "
             f"Dan moet **{a}** van de toewijzingen naar urgenten gaan: {oordeel} de regionale norm van {norm} "
             f"({params.norm_bron}).")
    laatste = r.iloc[-1]
    if int(laatste["jaar"]) != int(e["jaar"]):
        tekst += (f" In {int(laatste['jaar'])} is dat {nl_getal(100 * laatste['aandeel'])}%"
                  f" ({'boven' if laatste['aandeel'] > params.norm_urgentie_aandeel else 'binnen'} de norm).")
    return tekst


def reacties_tekst(reacties: pd.DataFrame, bev: pd.DataFrame, map_: Any, partners: Sequence[Partner] = ()) -> str:
    """Markdown: which partners answered (and which did not), or that no sheets were returned."""
    waar = md_code(map_) if map_ is not None else "(geen map ingesteld)"
    r = _reacties_van(bev, reacties)
    alg = reacties[reacties["id"].isin(list(ALGEMENE_VRAGEN))] if reacties is not None and not reacties.empty else None
    if (reacties is None or reacties.empty) or (r.empty and (alg is None or alg.empty)
                                                and verouderde_reacties(reacties, bev).empty):
        plek = (f"in de map {waar}" if map_ is not None else
                "in de map die de regio-parameters noemen (`confrontatie: reacties_map`, of `partners/` in de "
                "map met lokale invoer); voor deze regio is nog geen map ingesteld")
        return (f"Er zijn (nog) geen reviewbladen van partners teruggekomen. Deze analyse toont daarom alleen wat "
                "de gegevens zeggen. Maak de reviewbladen met `wz partners --regio <regio>`, stuur ze naar de "
                f"partners en zet de ingevulde bladen {plek}; draai daarna deze stap opnieuw.")
    namen = list(dict.fromkeys(reacties["partner"]))
    tekst = (f"{len(namen)} partner(s) hebben gereageerd ({', '.join(map(md_tekst, namen))}), met {len(r)} "
             f"reactie(s) op de "
             f"{len(bev)} bevindingen van deze gemeente (map {waar}).")
    stil = [p.naam for p in partners if p.naam.lower() not in {n.lower() for n in namen}]
    if stil:
        tekst += f" Nog geen reactie van: {', '.join(map(md_tekst, stil))}."
    weg = verouderde_reacties(reacties, bev)
    if not weg.empty:
        voorbeelden = ", ".join(md_tekst(x) for x in list(dict.fromkeys(weg["id"].astype(str)))[:3])
        tekst += (f" Let op: {len(weg)} reactie(s) gaan over bevindingen die niet (meer) in deze analyse staan "
                  f"(bv. {voorbeelden}); ze tellen niet mee. Zijn de eerdere stappen (omvang, aanbod, prognose) "
                  "nog niet gedraaid, draai die dan eerst; is de analyse veranderd, stuur dan een nieuw reviewblad.")
    oud = r[r["waarde_blad"].notna()].merge(bev.loc[:, ["id", "waarde"]], on="id") if not r.empty else r
    if not oud.empty:
        anders = oud[(oud["waarde_blad"] - oud["waarde"]).abs() > 0.5 + 1e-9 * oud["waarde"].abs()]
        if not anders.empty:
            tekst += (f" Let op: bij {len(anders)} reactie(s) stond op het blad een ander cijfer dan de analyse nu "
                      "geeft (de gegevens zijn sindsdien bijgewerkt); beoordeel die reacties opnieuw.")
    return tekst


def reacties_tekst_lezer(reacties: pd.DataFrame, bev: pd.DataFrame, partners: Sequence[Partner] = ()) -> str:
    """Markdown for partners: which partners answered and which did not (no folders, keys or commands; the
    analyst's version with the folder is :func:`reacties_tekst`)."""
    r = _reacties_van(bev, reacties) if reacties is not None and not reacties.empty else None
    if r is None or (r.empty and reacties[reacties["id"].isin(list(ALGEMENE_VRAGEN))].empty):
        return ("Er zijn (nog) geen reviewbladen van partners teruggekomen. Dit rapport toont daarom alleen wat de "
                "gegevens zeggen; na de partnerronde staat hier wat de partners ervan vinden.")
    namen = list(dict.fromkeys(reacties["partner"]))
    tekst = (f"{len(namen)} partner{'s' if len(namen) != 1 else ''} hebben gereageerd ({', '.join(md_tekst(n) for n in namen)}), met "
             f"{len(r)} reactie{'s' if len(r) != 1 else ''} op de {len(bev)} bevindingen van deze gemeente.")
    stil = [p.naam for p in partners if p.naam.lower() not in {n.lower() for n in namen}]
    if stil:
        tekst += f" Nog geen reactie van: {', '.join(md_tekst(n) for n in stil)}."
    return tekst


def herkenning_tekst(per_partner: pd.DataFrame) -> str:
    """Markdown: the measured toets (share recognised over all partners)."""
    if per_partner.empty:
        return ("De toets 'data stemt overeen met ervaring en beleving' kan nog niet worden gemeten: er zijn geen "
                "reacties met een oordeel (ja/nee/deels).")
    t = per_partner[per_partner.iloc[:, 0] == "alle partners"].iloc[0]
    return (f"**Toets 'data stemt overeen met ervaring en beleving'**: van {int(t['beantwoord'])} beoordeelde "
            f"bevindingen herkennen de partners er {int(t['ja'])} volledig ({nl_getal(100 * t['aandeel_herkend'])}%) en "
            f"{int(t['ja'] + t['deels'])} geheel of deels ({nl_getal(100 * t['aandeel_herkend_of_deels'])}%).")


def correcties_tekst(c: Correcties) -> str:
    """Markdown: how many corrections were applied, are in conflict or wait for acceptance."""
    if c.audit.empty:
        return "Geen enkele partner heeft een correctie op een cijfer gegeven."
    n_toe = int(c.audit["toegepast"].sum())
    conflicten = c.conflicten[~c.conflicten["opgelost"]]["bevinding"].nunique() if not c.conflicten.empty else 0
    wacht = int(c.audit["status"].str.startswith("wacht").sum())
    tekst = (f"Partners gaven {len(c.audit)} correctie(s); {n_toe} is/zijn toegepast (zie het logboek hieronder: wie, "
             "wat, oud en nieuw, reden en datum).")
    if conflicten:
        tekst += (f" Bij **{conflicten} bevinding(en) spreken partners elkaar tegen**: die correcties zijn niet "
                  "toegepast en niet gemiddeld. De regio kiest er een en legt die keuze met een reden vast.")
    if wacht:
        tekst += f" {wacht} correctie(s) wachten op acceptatie door de regio (correcties worden niet vanzelf toegepast)."
    controle = int(c.audit["status"].str.startswith(TE_CONTROLEREN).sum())
    if controle:
        tekst += (f" {controle} correctie(s) zijn *te controleren*: ze wijken meer dan een factor "
                  f"{nl_getal(AFWIJKING_FACTOR)} af van de analyse (een tikfout of een andere eenheid?) en zijn niet "
                  "toegepast. Klopt zo'n correctie, dan kan de regio hem accepteren; die keuze wordt met een reden "
                  "vastgelegd.")
    return tekst


KWETSBAAR = ("beschermd_wonen", "opvang", "woonwagenstandplaats", "sociale_huur")


def telkolommen(df: pd.DataFrame) -> list[str]:
    """The count columns of a display table (every numeric column)."""
    return [k for k in df.columns if pd.api.types.is_numeric_dtype(df[k]) and not pd.api.types.is_bool_dtype(df[k])]


def grafiek(conf: pd.DataFrame, woonvorm: str, gemeentenaam: str) -> dict[str, Any]:
    """Keyword arguments for ``wzlib.presentatie.grafieken.lijn`` for the chart of one woonvorm
    (data from :func:`reeks_lang`, title from :func:`grafiek_titel`); add ``bron=...``."""
    info = WOONVORMEN[woonvorm]
    return {"df": reeks_lang(conf, woonvorm), "x": "jaar", "y": "aantal", "hue": "reeks", "soort": "aantal",
            "kwetsbaar": woonvorm in KWETSBAAR, "titel": grafiek_titel(conf, woonvorm, gemeentenaam),
            "xlabel": "Jaar", "ylabel": info.eenheid.capitalize()}


def urgentie_tabel(urg: pd.DataFrame, *, peiljaar: int, stap: int = 5) -> pd.DataFrame:
    """Display table of the urgent share: the peiljaar and every ``stap`` years after it."""
    d = urg[((urg["jaar"] - peiljaar) % stap == 0)] if not urg.empty else urg
    return pd.DataFrame({"Jaar": d["jaar"], "Vraag urgenten per jaar": d["vraag_urgent"],
                         "Vrijkomende sociale huurwoningen": d["mutaties"], "Aandeel naar urgenten": d["aandeel"],
                         "Norm": d["norm"], "Ruimte bij de norm": d["ruimte_bij_norm"],
                         "Verschil met de norm": d["verschil"],
                         "Bron mutaties": d["bron_mutaties"]}).reset_index(drop=True)


def urgentie_reeks(urg: pd.DataFrame) -> pd.DataFrame:
    """Chart data (long) for ``grafieken.lijn``: the required urgent share per year next to the norm."""
    a = pd.DataFrame({"jaar": urg["jaar"], "reeks": "Benodigd aandeel voor urgenten", "aandeel": urg["aandeel"]})
    n = pd.DataFrame({"jaar": urg["jaar"], "reeks": "Regionale norm", "aandeel": urg["norm"]})
    return pd.concat([a, n], ignore_index=True).astype({"jaar": "int64", "reeks": "string", "aandeel": "float64"})


def urgente_vraag_detail(invoer: Invoer, params: Confrontatie, *, gemeente: str, peiljaar: int) -> pd.DataFrame:
    """Per urgent group its yearly demand in the peiljaar and ten years later, and where it comes from."""
    jaren = [peiljaar, peiljaar + 10]
    vu = urgente_vraag(invoer.groepen_prognose, invoer.groepen, invoer.aandachtsgroepen, params.urgente_groepsleutels(),
                       gemeente=gemeente, jaren=jaren)
    nu, later = vu[vu["jaar"] == jaren[0]].reset_index(drop=True), vu[vu["jaar"] == jaren[1]].reset_index(drop=True)
    return pd.DataFrame({"Groep": nu["label"], f"Per jaar {jaren[0]}": nu["aantal"],
                         f"Per jaar {jaren[1]}": later["aantal"], "Bron": nu["bron"]})


def bevindingen_tabel(bev: pd.DataFrame) -> pd.DataFrame:
    """Display table of the findings: id, onderwerp and the text (the figure is in the text, with the
    small-number rule applied), plus whether and by whom it was corrected when available."""
    uit = pd.DataFrame({"Id": bev["id"], "Onderwerp": bev["onderwerp"], "Bevinding": bev["bevinding"]})
    if "gecorrigeerd_door" in bev.columns:
        uit["Gecorrigeerd door"] = bev["gecorrigeerd_door"].fillna("")
    return uit


def oordeel_tabel(bev: pd.DataFrame, reacties: pd.DataFrame) -> pd.DataFrame:
    """Display table: per answered finding the text, each partner's answer and the verdict
    (:func:`oordeel_per_bevinding` without the counts)."""
    o = oordeel_per_bevinding(bev, reacties)
    weg = ["waarde", "eenheid", "n_reacties", "n_ja", "n_deels", "n_nee", "n_correcties"]
    o = o.drop(columns=[k for k in weg if k in o.columns])
    return o.rename(columns={"id": "Id", "bevinding": "Bevinding", "oordeel": "Oordeel"})


#: The audit statuses (wzlib.confrontatie_partners) as a reader sees them: no parameter keys.
_STATUS_LEZER = (("(kies in confrontatie.geaccepteerd)", "(de regio kiest er een)"),
                 ("geaccepteerd in regio-parameters", "geaccepteerd door de regio"),
                 ("(correcties_automatisch: false)", "door de regio"))


def status_lezer(status: Any) -> Any:
    """An audit status in words for partners, without parameter keys."""
    if not isinstance(status, str):
        return status
    for oud, nieuw in _STATUS_LEZER:
        status = status.replace(oud, nieuw)
    return status


def audit_tabel(audit: pd.DataFrame) -> pd.DataFrame:
    """Display table of the audit trail: wie, wat, oud -> nieuw, reden, datum, status."""
    return pd.DataFrame({"Bevinding": audit["bevinding"], "Partner": audit["partner"], "Oud": audit["oud"],
                         "Nieuw": audit["nieuw"], "Reden": audit["reden"], "Bron partner": audit["bron"],
                         "Datum": audit["datum"], "Status": audit["status"].map(status_lezer)})


def conflicten_tabel(c: Correcties) -> pd.DataFrame:
    """Display table of conflicting corrections: every partner's value side by side, none averaged."""
    k = c.conflicten
    return pd.DataFrame({"Bevinding": k["bevinding"], "Gegevens": k["waarde"], "Partner": k["partner"],
                         "Correctie": k["correctie"], "Toelichting": k["toelichting"],
                         "Status": k["status"].map(status_lezer)})


def herkenning_namen() -> dict[str, str]:
    """Display names of the :func:`herkenning` columns."""
    return {"partner": "Partner", "soort": "Soort partner", "onderwerp": "Onderwerp", "beantwoord": "Beoordeeld",
            "ja": "Ja", "deels": "Deels", "nee": "Nee", "aandeel_herkend": "Herkend",
            "aandeel_herkend_of_deels": "Herkend of deels"}


def na_correcties_tekst(c: Correcties, gemeente: str, patroon: Afscherming | None = None) -> str:
    """Markdown: which supply figures were corrected and therefore changed the gaps. With ``patroon`` (of
    the overview after corrections) a corrected aanbod that table hides is not named as a number."""
    corr = correcties_aanbod(c.audit, gemeente)
    if not corr:
        return ("Geen partner heeft een aanbodcijfer gecorrigeerd dat is toegepast; de tekorten hierboven blijven "
                "staan. Correcties op andere bevindingen staan in het logboek en in de bewaarde bevindingen.")
    weg = _aanbod_afgeschermd([patroon] if patroon is not None else [])
    delen = [f"{WOONVORMEN[wv].label.lower()} ({'afgeschermd' if WOONVORMEN[wv].label in weg else nl_getal(n)}, "
             f"door {md_tekst(wie)})" for wv, (n, wie) in corr.items()]
    return ("Met de toegepaste correcties van het aanbod (" + "; ".join(delen) + ") zijn de tekorten opnieuw "
            "berekend. Dit is de tabel die wordt bewaard; de kolom 'Methode' noemt de correctie.")


TOP_NAMEN = {"label": "Woonvorm", "eenheid": "Eenheid", "jaar": "Jaar", "vraag": "Vraag", "aanbod": "Aanbod",
             "plan_cumulatief": "Plannen", "tekort_met_plan": "Tekort (+) / overschot (-)", "soort": "Soort",
             "tekort_aandeel": "% van de vraag", "methode": "Methode"}


def bandbreedte(conf: pd.DataFrame, *, peiljaar: int, horizon: Sequence[int] = HORIZON) -> pd.DataFrame:
    """Display table: per woonvorm with a demand figure the gap after plans (``tekort_met_plan``) in the
    later horizon years for the variants laag, midden and hoog (columns ``Tekort <jaar> <variant>``)."""
    rijen = []
    for wv, info in WOONVORMEN.items():
        d = conf[(conf["woonvorm"] == wv) & conf["tekort_met_plan"].notna()]
        if d.empty:
            continue
        rij: dict[str, Any] = {"Woonvorm": info.label, "Eenheid": info.eenheid}
        for h in horizon:
            if h == 0:
                continue
            for v in VARIANTEN:
                rij[f"Tekort {peiljaar + h} {v}"] = _waarde(d[d["variant"] == v], peiljaar + h, "tekort_met_plan")
        rijen.append(rij)
    return pd.DataFrame(rijen, columns=["Woonvorm", "Eenheid"] + [f"Tekort {peiljaar + h} {v}" for h in horizon
                                                                   if h for v in VARIANTEN])


def verdeling_tekst(verdeling: pd.DataFrame, gemeentenaam: str) -> str:
    """Markdown: whether the regional distribution (step 40) is available for this gemeente."""
    gemeentenaam = md_tekst(gemeentenaam)
    if verdeling.empty:
        return (f"De regionale verdeling is (nog) niet beschikbaar voor {gemeentenaam}: draai de spreidingsstap "
                f"({SPREIDING.naam}) voor de regio en daarna deze stap opnieuw.")
    tekst = (f"Toedeling aan {gemeentenaam} per groep onder elke verdeelsleutel (aantallen; per jaar waar de "
             "opgave een jaarlijkse stroom is). Zie het spreidingsrapport van de regio voor de uitleg van de sleutels.")
    labels = [str(x) for x in verdeling["Groep"]] if "Groep" in verdeling.columns else []
    if any(x.startswith("Bouwopgave") for x in labels):
        tekst += (" Een *bouwopgave* is het tekort in het doeljaar: de vraag min het huidige aanbod min de plannen "
                  "(een overschot telt als 0).")
    if any(x.startswith("Vraag (aanbod onbekend)") for x in labels):
        tekst += (" Bij *vraag (aanbod onbekend)* is het aanbod niet in alle gemeenten bekend: dan is de hele vraag "
                  "verdeeld, niet wat er nog gebouwd moet worden.")
    return tekst


def extra(params: Confrontatie, invoer: Invoer, reacties: pd.DataFrame, c: Correcties,
          reacties_map: Any) -> dict[str, Any]:
    """The parameters and counts of this step for ``A.bewaar(extra=...)`` (colophon, audit)."""
    return {
        "norm_urgentie_aandeel": params.norm_urgentie_aandeel, "norm_bron": params.norm_bron,
        "horizon": list(params.horizon), "vraag_proxy": {k: list(v) for k, v in params.vraag_proxy.items()},
        "urgente_groepen": list(params.urgente_groepsleutels()), "plan_hardheid": list(params.plan_hardheid or []),
        "mutatiegraad": params.mutatiegraad,
        "partners": [{"naam": p.naam, "soort": p.soort} for p in params.partners or ()],
        "geaccepteerd": [{"bevinding": a.bevinding, "partner": a.partner, "reden": a.reden}
                         for a in params.geaccepteerd],
        "correcties_automatisch": params.correcties_automatisch,
        "reacties_map": str(reacties_map) if reacties_map is not None else None,
        "reactiebestanden": sorted(set(reacties["bestand"].astype(str))) if not reacties.empty else [],
        "n_reacties": int(len(reacties)), "n_correcties": int(len(c.audit)),
        "n_toegepast": int(c.audit["toegepast"].sum()) if not c.audit.empty else 0,
        "n_conflicten": int(c.conflicten["bevinding"].nunique()) if not c.conflicten.empty else 0,
        "ontbrekende_invoer": list(invoer.ontbreekt),
    }


# --------------------------------------------------------------------------------------------------
# disclosure control: the declared structure of the tables, and one pattern for every table of the step
# --------------------------------------------------------------------------------------------------
def overzicht_afscherming(overzicht: pd.DataFrame, vast_afgeschermd: pd.DataFrame | None = None,
                          vast_getoond: pd.DataFrame | None = None) -> dict[str, Any]:
    """Keyword arguments for ``tabel(overzicht, ...)``: per horizon year tekort = vraag − aanbod − plannen
    (``relaties``: a suppressed vraag or aanbod must not come back from the tekort), the plannen are a policy
    number (plancapaciteit, ``beleid``: not suppressed), and the vraag is shown in the prognose report, so it
    is never chosen to protect another cell (``vast_getoond``; a vraag below the threshold is still hidden).
    ``vast_afgeschermd`` / ``vast_getoond``: the pattern of other reports (the regio, from its gemeenten)."""
    kol = [str(k) for k in overzicht.columns]
    relaties = []
    for k in kol:
        if m := re.fullmatch(r"Tekort (\d{4})", k):
            plan = f"Plannen t/m {m[1]}"
            relaties.append([k, f"Vraag {m[1]}", "Aanbod nu", *([plan] if plan in kol else [])])
    getoond = pd.DataFrame(False, index=overzicht.index, columns=overzicht.columns)
    getoond[[k for k in overzicht.columns if str(k).startswith("Vraag ")]] = True
    if vast_getoond is not None:
        getoond |= vast_getoond.reindex(index=overzicht.index, columns=overzicht.columns).fillna(False).astype(bool)
    return {"relaties": relaties, "beleid": [k for k in kol if k.startswith("Plannen t/m ")],
            "vast_getoond": getoond, "vast_afgeschermd": vast_afgeschermd}


def overzicht_patroon(overzicht: pd.DataFrame, regels: Regels,
                      vast_afgeschermd: pd.DataFrame | None = None,
                      vast_getoond: pd.DataFrame | None = None) -> Afscherming:
    """The suppression pattern of :func:`overzicht` (as ``tabel`` applies it), for the other tables of the
    step that show the same figures (:func:`gelijk_patroon`) and for the regio (step 5 for the regio)."""
    return afschermen(overzicht, telkolommen(overzicht), regels=regels, kwetsbaar=True,
                      **overzicht_afscherming(overzicht, vast_afgeschermd, vast_getoond))


def gelijk_patroon(df: pd.DataFrame, patroon: Afscherming, kolommen: dict[str, str],
                   rij_label: str = "Woonvorm", jaar: str | None = None) -> dict[str, pd.DataFrame]:
    """``vast_afgeschermd`` / ``vast_getoond`` for a table showing figures of the overview: a cell hidden
    there is hidden here, a cell shown there is never chosen here. ``kolommen``: column here → column of the
    overview (``"{jaar}"`` is filled in from the row's ``jaar`` column); rows match on the woonvorm label
    (column ``rij_label`` here)."""
    ov = patroon.waarden
    rij_van = {str(w): i for i, w in enumerate(ov["Woonvorm"])}
    masker = patroon.masker  # a property that combines three frames: once, not per cell
    ov_kolom = {k: j for j, k in enumerate(masker.columns)}
    m = masker.to_numpy(dtype=bool)
    hier_kolom = {k: j for j, k in enumerate(df.columns)}
    labels = [str(w) for w in df[rij_label].tolist()]
    jaren = df[jaar].tolist() if jaar is not None else None
    weg = np.zeros(df.shape, dtype=bool)
    getoond = np.zeros(df.shape, dtype=bool)
    for pos, label in enumerate(labels):
        i = rij_van.get(label)
        if i is None:
            continue
        for hier, daar in kolommen.items():
            if jaren is not None:
                daar = daar.format(jaar=int(jaren[pos]))
            if hier not in hier_kolom or daar not in ov_kolom:
                continue
            verborgen = bool(m[i, ov_kolom[daar]])
            weg[pos, hier_kolom[hier]] = verborgen
            getoond[pos, hier_kolom[hier]] = not verborgen
    return {"vast_afgeschermd": pd.DataFrame(weg, index=df.index, columns=df.columns),
            "vast_getoond": pd.DataFrame(getoond, index=df.index, columns=df.columns)}


def deel_afscherming(deel: pd.DataFrame, patroon: Afscherming) -> dict[str, Any]:
    """Keyword arguments for ``tabel(deel, ...)`` where ``deel`` is a part of the overview
    (:func:`vraag_aanbod_tabel`, :func:`tekort_tabel`): exactly the overview's pattern (a cell hidden there is
    hidden here, a cell shown there is shown here), the plans a policy number."""
    kol = {str(k): str(k) for k in deel.columns if k != "Woonvorm"}
    return {**gelijk_patroon(deel, patroon, kol),
            "beleid": [k for k in deel.columns if str(k).startswith("Plannen t/m ")]}


def top_afscherming(top: pd.DataFrame, patroon: Afscherming) -> dict[str, Any]:
    """Keyword arguments for ``tabel(top, ...)`` (:func:`~wzlib.confrontatie.grootste_tekorten`): the same
    pattern as the overview, tekort = vraag − aanbod − plannen, plannen a policy number, and the share of
    the vraag goes with a suppressed tekort or vraag."""
    t = top.drop(columns=["woonvorm"], errors="ignore")
    return {**gelijk_patroon(t, patroon, {"vraag": "Vraag {jaar}", "aanbod": "Aanbod nu",
                                          "tekort_met_plan": "Tekort {jaar}"}, rij_label="label", jaar="jaar"),
            "relaties": [["tekort_met_plan", "vraag", "aanbod", "plan_cumulatief"]], "beleid": ["plan_cumulatief"],
            "tellers": {"tekort_aandeel": ["tekort_met_plan", "vraag"]}}


def bandbreedte_afscherming(band: pd.DataFrame, patroon: Afscherming) -> dict[str, Any]:
    """Keyword arguments for ``tabel(band, ...)``: the midden tekort is the overview's tekort, with its
    pattern."""
    kolommen = {k: k.removesuffix(" midden") for k in map(str, band.columns) if k.endswith(" midden")}
    return gelijk_patroon(band, patroon, kolommen)


def _aanbod_afgeschermd(patronen: Sequence[Afscherming]) -> set[str]:
    """The woonvorm labels whose 'Aanbod nu' one of the overview patterns hides."""
    weg: set[str] = set()
    for p in patronen:
        m = p.masker["Aanbod nu"].to_numpy()
        weg |= {str(w) for w, x in zip(p.waarden["Woonvorm"], m) if x}
    return weg


def audit_afscherming(tabel_: pd.DataFrame, audit: pd.DataFrame,
                      patronen: dict[str, Sequence[Afscherming]]) -> dict[str, pd.DataFrame]:
    """``vast_afgeschermd`` for :func:`audit_tabel`: the old and new value of an aanbod correction are hidden
    where an overview of that gemeente (``patronen``: gemeentecode → its overview patterns, before and after
    corrections) hides the aanbod; else the log would give the hidden aanbod (and with it the vraag) back."""
    m = pd.DataFrame(False, index=tabel_.index, columns=tabel_.columns)
    weg = {code: _aanbod_afgeschermd(ps) for code, ps in patronen.items()}
    for pos, idx in enumerate(tabel_.index):
        bev = str(audit["bevinding"].iloc[pos])
        for code, labels in weg.items():
            wv = bev.removeprefix(f"{code}-aanbod-")
            if bev.startswith(f"{code}-aanbod-") and wv in WOONVORMEN and WOONVORMEN[wv].label in labels:
                m.loc[idx, [k for k in ("Oud", "Nieuw") if k in m.columns]] = True
    return {"vast_afgeschermd": m}
