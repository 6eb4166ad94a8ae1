"""Stap 5, "confrontatie" — the partner round as computation: the key findings put before the partners
(with their figures, and the sentence each review sheet shows), the comparison with what partners answer,
corrections applied with an audit trail (never silently, never averaged), and the recognition share.

When two partners give different corrections for the same finding it is a *conflict*: shown, not
averaged, and applied only when the regio params accept one (``confrontatie: geaccepteerd``). Reading
and writing the sheets is :mod:`wzlib.bronnen.partners`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .bronnen.partners import ALGEMENE_VRAGEN
from .confrontatie import GEEN_VRAAGRAMING, URGENT_METHODE, _leeg, _num, _waarde
from .fouten import ParamsFout, WzFout
from .groepen import GROEPEN, WOONVORMEN
from .params import SOORT_LABEL, Acceptatie
from .presentatie.getallen import nl_getal, tekst_getal
from .stappen import AANBOD, OMVANG


BEVINDING_KOLOMMEN = ["id", "gemeentecode", "gemeente", "onderwerp", "sleutel", "jaar", "bevinding", "waarde",
                      "eenheid", "bron"]


AUDIT_KOLOMMEN = ["bevinding", "gemeentecode", "onderwerp", "partner", "soort", "oud", "nieuw", "reden", "bron",
                  "datum", "status", "toegepast", "bestand"]


def bevinding_id(gemeente: str, onderwerp: str, sleutel: str, jaar: int | None = None) -> str:
    """Stable id of a finding, e.g. ``GM0402-tekort-geclusterd-2031``; depends only on gemeente,
    subject, woonvorm/groep and year, never on data or row order, so returned sheets stay valid."""
    return f"{gemeente}-{onderwerp}-{sleutel}" + (f"-{jaar}" if jaar is not None else "")


def bevindingen(conf: pd.DataFrame, urg: pd.DataFrame | None = None, groepen: pd.DataFrame | None = None, *,
                gemeente: str, gemeentenaam: str, peiljaar: int, horizon: int = 10, klein: int = 10,
                groepsleutels: Sequence[str] | None = None) -> pd.DataFrame:
    """The key findings of one gemeente, each with its figure, for the partner round.

    Per registry woonvorm: current aanbod (``aanbod``), demand in peiljaar + ``horizon`` (``vraag``,
    middenvariant) and the gap after plans in that year (``tekort``). Per aandachtsgroep in
    ``groepen`` (step 1) (or ``groepsleutels``): its current size (``omvang``). For the peiljaar:
    urgent demand, vrijkomende sociale huurwoningen and the urgent share in % (``urgentie``).
    The set of ids is fixed by the registry and the years, not by the data: a finding without a
    figure has waarde NaN and says "geen gegevens" (partners may supply one). ``klein``: counts
    below it are written as "minder dan <klein>" in the text (the figure stays in ``waarde``).
    Columns: :data:`BEVINDING_KOLOMMEN`.
    """
    jaar = peiljaar + horizon
    rijen: list[dict[str, Any]] = []

    def voeg(onderwerp, sleutel, j, tekst, waarde, eenheid, bron, id_jaar=True):
        rijen.append({"id": bevinding_id(gemeente, onderwerp, sleutel, j if id_jaar else None),
                      "gemeentecode": gemeente, "gemeente": gemeentenaam, "onderwerp": onderwerp, "sleutel": sleutel,
                      "jaar": j, "bevinding": tekst, "waarde": waarde, "eenheid": eenheid, "bron": bron})

    c = conf[conf["gemeentecode"] == gemeente] if "gemeentecode" in conf.columns else conf
    for wv, info in WOONVORMEN.items():
        d = c[c["woonvorm"] == wv]
        naam = info.label.lower() if wv != "arbeidsmigranten" else "huisvesting arbeidsmigranten"
        stroom = not d.empty and (d["methode"] == URGENT_METHODE).any()
        per_jaar = " per jaar" if stroom else ""
        a = _waarde(d[d["jaar"] == peiljaar], None, "aanbod") if stroom else _waarde(d, None, "aanbod")
        if stroom:
            tekst = (f"Voor urgenten beschikbare sociale huurwoningen in {peiljaar} (norm x vrijkomende woningen): "
                     f"{tekst_getal(a, klein)} {info.eenheid} per jaar." if not math.isnan(a) else
                     f"Geen gegevens over vrijkomende sociale huurwoningen in {gemeentenaam}.")
        else:
            tekst = (f"Huidig aanbod {naam} in {gemeentenaam}: {tekst_getal(a, klein)} {info.eenheid}."
                     if not math.isnan(a) else f"Geen gegevens over het huidige aanbod {naam} in {gemeentenaam}.")
        voeg("aanbod", wv, peiljaar, tekst, a, info.eenheid + per_jaar, AANBOD.naam if not stroom else "urgentie",
             id_jaar=False)
        dm = d[(d["variant"] == "midden") & (d["jaar"] == jaar)]
        methode = str(d["methode"].iloc[0]) if not d.empty else GEEN_VRAAGRAMING
        v = _waarde(dm, None, "vraag")
        if methode == GEEN_VRAAGRAMING or math.isnan(v):
            tekst = (f"Voor {naam} is er geen vraagraming voor {jaar}"
                     + (" (er is alleen een huidige omvang)" if methode.startswith("benadering") else "") + ".")
            v = math.nan
        else:
            band = ""
            lh = d[(d["jaar"] == jaar) & d["variant"].isin(["laag", "hoog"])].set_index("variant")["vraag"]
            if {"laag", "hoog"} <= set(lh.index) and lh.notna().all():
                band = f" (bandbreedte {tekst_getal(lh['laag'], klein)} tot {tekst_getal(lh['hoog'], klein)})"
            bij = " Benadering via de omvang van de aandachtsgroep." if methode.startswith("benadering") else ""
            bij = " Vraag van urgente groepen." if stroom else bij
            tekst = (f"Vraag naar {naam} in {jaar} (middenvariant): {tekst_getal(v, klein)} {info.eenheid}"
                     f"{per_jaar}{band}.{bij}")
        voeg("vraag", wv, jaar, tekst, v, info.eenheid + per_jaar, methode)
        t = _waarde(dm, None, "tekort_met_plan")
        p = _waarde(dm, None, "plan_cumulatief")
        if math.isnan(t):
            tekst = f"Tekort of overschot {naam} in {jaar}: niet te bepalen (vraag of aanbod onbekend)."
        else:
            soort = "Tekort" if t > 0 else ("Overschot" if t < 0 else "Geen tekort of overschot")
            plan = f", na meetellen van {tekst_getal(p, klein)} geplande {info.eenheid}" if p else ""
            tekst = (f"{soort} {naam} in {jaar} (middenvariant{plan}): {tekst_getal(abs(t), klein)} {info.eenheid}"
                     f"{per_jaar}." if t != 0 else f"{soort} {naam} in {jaar} (middenvariant{plan}).")
        voeg("tekort", wv, jaar, tekst, t, info.eenheid + per_jaar, "confrontatie (vraag - aanbod - plannen)")

    sleutels = list(groepsleutels) if groepsleutels is not None else []
    g = None
    if not _leeg(groepen):
        g = groepen[groepen["gemeentecode"].astype("string") == gemeente]
        if groepsleutels is None:
            sleutels = [k for k in GROEPEN if k in set(g["groep"].astype(str))] + sorted(
                set(g["groep"].astype(str)) - set(GROEPEN))
    for k in sleutels:
        info = GROEPEN.get(k)
        label = info.label if info else k
        eenheid = info.eenheid if info else "personen"
        r = g[g["groep"].astype("string") == k] if g is not None else pd.DataFrame()
        n = float(_num(r["aantal"]).sum(min_count=1)) if not r.empty else math.nan
        heeft_jaar = not r.empty and "jaar" in r.columns and _num(r["jaar"]).notna().any()
        j = int(_num(r["jaar"]).max()) if heeft_jaar else peiljaar
        bron = "; ".join(sorted({str(b) for b in r["bron"].dropna()})) if not r.empty and "bron" in r.columns else ""
        tekst = (f"Omvang {label.lower() if label[0] != '(' else label} in {gemeentenaam} ({j}): "
                 f"{tekst_getal(n, klein)} {eenheid}." if not math.isnan(n) else
                 f"Geen gegevens over de omvang van de groep {label.lower()} in {gemeentenaam}.")
        voeg("omvang", k, j, tekst, n, eenheid, bron or OMVANG.naam, id_jaar=False)

    u = urg[urg["jaar"] == peiljaar] if urg is not None and not urg.empty else pd.DataFrame()
    vu = float(u["vraag_urgent"].iloc[0]) if not u.empty else math.nan
    mu = float(u["mutaties"].iloc[0]) if not u.empty else math.nan
    au = float(u["aandeel"].iloc[0]) * 100 if not u.empty and pd.notna(u["aandeel"].iloc[0]) else math.nan
    norm = float(u["norm"].iloc[0]) * 100 if not u.empty else math.nan
    voeg("urgentie", "vraag", peiljaar,
         f"Vraag van urgente groepen naar een sociale huurwoning in {peiljaar}: {tekst_getal(vu, klein)} "
         "huishoudens per jaar." if not math.isnan(vu) else
         f"Geen gegevens over de vraag van urgente groepen in {gemeentenaam}.",
         vu, "huishoudens per jaar", str(u["bron_vraag"].iloc[0]) if not u.empty else "")
    voeg("urgentie", "mutaties", peiljaar,
         f"Vrijkomende sociale huurwoningen (mutaties) in {peiljaar}: {tekst_getal(mu, klein)} per jaar."
         if not math.isnan(mu) else f"Geen gegevens over vrijkomende sociale huurwoningen in {gemeentenaam}.",
         mu, "woningen per jaar", str(u["bron_mutaties"].iloc[0]) if not u.empty else "")
    voeg("urgentie", "aandeel", peiljaar,
         f"Aandeel van de toewijzingen dat in {peiljaar} naar urgenten moet: {nl_getal(au)}% "
         f"(regionale norm {nl_getal(norm)}%)." if not math.isnan(au) else
         f"Het aandeel van de toewijzingen dat naar urgenten moet, is niet te berekenen voor {gemeentenaam}.",
         au, "%", "urgentie (vraag urgent / mutaties)")

    uit = pd.DataFrame(rijen, columns=BEVINDING_KOLOMMEN)
    # the figure as published: whole numbers, percentages with one decimal
    uit["waarde"] = [round(float(w), 1 if e == "%" else 0) if pd.notna(w) else math.nan
                     for w, e in zip(uit["waarde"], uit["eenheid"])]
    return uit.astype({"id": "string", "gemeentecode": "string", "gemeente": "string", "onderwerp": "string",
                       "sleutel": "string", "jaar": "Int64", "bevinding": "string", "waarde": "float64",
                       "eenheid": "string", "bron": "string"})


def _reacties_van(bev: pd.DataFrame, reacties: pd.DataFrame) -> pd.DataFrame:
    """Reactions to the findings in ``bev`` (general questions and other gemeenten left out)."""
    if reacties is None or reacties.empty:
        return reacties.iloc[0:0] if reacties is not None else pd.DataFrame(columns=["id", "partner"])
    return reacties[reacties["id"].isin(set(bev["id"]))]


def vergelijk(bev: pd.DataFrame, reacties: pd.DataFrame) -> pd.DataFrame:
    """Per finding what the data say and what each partner says (long: one row per finding x partner).

    Columns: id, onderwerp, bevinding, waarde, eenheid, partner, soort, herkenbaar, correctie,
    afwijking (correctie - waarde), toelichting, bron, datum. Findings nobody answered are left out.
    """
    r = _reacties_van(bev, reacties)
    if r.empty:
        return pd.DataFrame(columns=["id", "onderwerp", "bevinding", "waarde", "eenheid", "partner", "soort",
                                     "herkenbaar", "correctie", "afwijking", "toelichting", "bron", "datum"])
    m = r.merge(bev.loc[:, ["id", "onderwerp", "bevinding", "waarde", "eenheid"]], on="id", how="left")
    m["afwijking"] = _num(m["correctie"]) - _num(m["waarde"])
    return m.loc[:, ["id", "onderwerp", "bevinding", "waarde", "eenheid", "partner", "soort", "herkenbaar",
                     "correctie", "afwijking", "toelichting", "bron", "datum"]].reset_index(drop=True)


def _verschillend(waarden: Iterable[float]) -> list[float]:
    uniek: list[float] = []
    for w in waarden:
        if not any(math.isclose(w, u, rel_tol=1e-9, abs_tol=1e-9) for u in uniek):
            uniek.append(w)
    return uniek


def oordeel_per_bevinding(bev: pd.DataFrame, reacties: pd.DataFrame) -> pd.DataFrame:
    """Per finding: the data figure next to every partner's answer, with the disagreement flags.

    One row per finding that at least one partner answered. Columns: id, bevinding, waarde, eenheid,
    then per partner ``<partner>`` (e.g. "ja", "nee; correctie 140", "deels"), and n_reacties, n_ja,
    n_deels, n_nee, n_correcties, ``oordeel``: 'herkend' (all ja, no correction), 'niet herkend' (all
    nee), 'onenigheid' (partners disagree: ja next to nee, or a correction next to a ja),
    'correctie' (one correction value, nobody disagreeing), 'conflict' (two or more different
    corrections: shown, not averaged), 'deels herkend' (deels, possibly next to ja).
    """
    v = vergelijk(bev, reacties)
    if v.empty:
        return pd.DataFrame(columns=["id", "bevinding", "waarde", "eenheid", "n_reacties", "n_ja", "n_deels", "n_nee",
                                     "n_correcties", "oordeel"])
    partners = list(dict.fromkeys(v["partner"]))
    rijen = []
    for bid, d in v.groupby("id", sort=False):
        herk = [str(x) for x in d["herkenbaar"].dropna()]
        corr = _verschillend(float(x) for x in d["correctie"].dropna())
        n_ja, n_deels, n_nee = herk.count("ja"), herk.count("deels"), herk.count("nee")
        if len(corr) >= 2:
            oordeel = "conflict"
        elif corr and n_ja:
            oordeel = "onenigheid"
        elif corr:
            oordeel = "correctie"
        elif n_ja and n_nee:
            oordeel = "onenigheid"
        elif n_ja:
            oordeel = "herkend"
        elif n_nee and not n_deels:
            oordeel = "niet herkend"
        elif n_deels:
            oordeel = "deels herkend"
        else:
            oordeel = "alleen toelichting"
        rij = {"id": bid, "bevinding": d["bevinding"].iloc[0], "waarde": d["waarde"].iloc[0],
               "eenheid": d["eenheid"].iloc[0]}
        for p in partners:
            e = d[d["partner"] == p]
            if e.empty:
                rij[p] = ""
                continue
            e = e.iloc[0]
            delen = [str(e["herkenbaar"])] if pd.notna(e["herkenbaar"]) else []
            if pd.notna(e["correctie"]):
                delen.append(f"correctie {nl_getal(float(e['correctie']), 0 if float(e['correctie']).is_integer() else 1)}")
            rij[p] = "; ".join(delen) or "toelichting"
        rij.update({"n_reacties": len(d), "n_ja": n_ja, "n_deels": n_deels, "n_nee": n_nee,
                    "n_correcties": int(d["correctie"].notna().sum()), "oordeel": oordeel})
        rijen.append(rij)
    return pd.DataFrame(rijen)


#: A correction more than this factor above or below the analysed figure is *te controleren*: shown, and
#: applied only when the regio accepts it (``confrontatie: geaccepteerd``). A typo (an extra zero, a figure
#: in the wrong unit) is far more likely than a real difference of that size.
AFWIJKING_FACTOR = 3.0
TE_CONTROLEREN = "te controleren"


def te_ver(oud: float, nieuw: float) -> bool:
    """Whether a correction ``nieuw`` is far from the analysed figure ``oud`` (more than
    :data:`AFWIJKING_FACTOR` times larger or smaller; magnitudes below 1 count as 1, so a correction of 2
    on a figure of 0 is no alarm). Never for a finding without a figure (NaN): the partner supplies it."""
    if oud is None or math.isnan(oud) or math.isnan(nieuw):
        return False
    a, b = max(abs(oud), 1.0), max(abs(nieuw), 1.0)
    return max(a, b) / min(a, b) > AFWIJKING_FACTOR


@dataclass
class Correcties:
    """Result of :func:`pas_correcties_toe`."""

    bevindingen: pd.DataFrame  # with waarde_data, waarde (after correction), gecorrigeerd, gecorrigeerd_door
    audit: pd.DataFrame  # one row per correction given (applied or not): AUDIT_KOLOMMEN
    conflicten: pd.DataFrame  # one row per finding x partner in conflict

    @property
    def toegepast(self) -> pd.DataFrame:
        return self.audit[self.audit["toegepast"]]


def pas_correcties_toe(bev: pd.DataFrame, reacties: pd.DataFrame, *, geaccepteerd: Sequence[Acceptatie] = (),
                       automatisch: bool = True) -> Correcties:
    """Apply partner corrections to the findings as overrides, with an audit trail; never silently.

    For each finding with one or more corrections:

    - a correction the regio params accept (``geaccepteerd``: finding id + partner) is applied; the
      other partners' corrections of that finding are recorded as not applied;
    - otherwise, if all correcting partners give the same value and ``automatisch`` is true, it is
      applied (status 'toegepast');
    - two or more *different* values without an acceptance are a conflict: nothing is applied, every
      value is kept in ``conflicten`` and in the audit (status 'conflict: niet toegepast'). Values
      are never averaged;
    - a single correction more than :data:`AFWIJKING_FACTOR` times above or below the analysed figure is
      *te controleren* (status 'te controleren ...'): not applied until the regio accepts it; then the
      audit says it was te controleren;
    - with ``automatisch`` false an unaccepted correction waits (status 'wacht op acceptatie').

    An acceptance naming a finding of this gemeente that does not exist, or a partner that gave no
    correction for it, raises a ParamsFout naming ``confrontatie.geaccepteerd[i]``. Acceptances for
    other gemeenten are ignored.
    The audit row says who (partner, soort), what (finding id, onderwerp), old -> new, reason
    (toelichting), source, date (of the partner's answer), status and the file it came from.
    """
    b = bev.copy()
    b["waarde_data"] = b["waarde"]
    b["gecorrigeerd"] = False
    b["gecorrigeerd_door"] = pd.Series(pd.NA, index=b.index, dtype="string")
    r = _reacties_van(bev, reacties)
    r = r[r["correctie"].notna()] if not r.empty else r
    codes = set(bev["gemeentecode"].astype(str))
    ids = set(bev["id"].astype(str))
    acc: dict[str, Acceptatie] = {}
    for i, a in enumerate(geaccepteerd):
        gm = a.bevinding.split("-")[0]
        if gm not in codes:
            continue
        if a.bevinding not in ids:
            raise ParamsFout(f"confrontatie.geaccepteerd[{i}]: bevinding '{a.bevinding}' bestaat niet in de analyse "
                             f"van {gm} (tikfout of verouderde id?)")
        if r.empty or r[(r["id"] == a.bevinding) & (r["partner"].str.lower() == a.partner.lower())].empty:
            raise ParamsFout(f"confrontatie.geaccepteerd[{i}]: partner '{a.partner}' heeft geen correctie gegeven "
                             f"voor bevinding '{a.bevinding}'")
        acc[a.bevinding] = a
    audit, conflict = [], []
    for bid, d in (r.groupby("id", sort=False) if not r.empty else []):
        idx = b.index[b["id"] == bid][0]
        oud = float(b.at[idx, "waarde_data"]) if pd.notna(b.at[idx, "waarde_data"]) else math.nan
        waarden = _verschillend(float(x) for x in d["correctie"])
        a = acc.get(bid)
        for _, e in d.iterrows():
            status, toegepast = "", False
            if a is not None:
                if e["partner"].lower() == a.partner.lower():
                    status, toegepast = "toegepast: geaccepteerd in regio-parameters" + (
                        f" ({a.reden})" if a.reden else "") + (" na conflict" if len(waarden) > 1 else "") + (
                        f"; was te controleren (wijkt meer dan een factor {AFWIJKING_FACTOR:g} af van de analyse)"
                        if te_ver(oud, float(e["correctie"])) else ""), True
                else:
                    status = f"niet toegepast: correctie van {a.partner} geaccepteerd"
            elif len(waarden) > 1:
                status = "conflict: niet toegepast (kies in confrontatie.geaccepteerd)"
            elif te_ver(oud, float(e["correctie"])):
                status = TE_CONTROLEREN + (f" (wijkt meer dan een factor {AFWIJKING_FACTOR:g} af van de analyse; "
                                           "niet toegepast tot de regio hem accepteert in confrontatie.geaccepteerd)")
            elif automatisch:
                status, toegepast = "toegepast", True
            else:
                status = "wacht op acceptatie (correcties_automatisch: false)"
            audit.append({"bevinding": bid, "gemeentecode": b.at[idx, "gemeentecode"],
                          "onderwerp": b.at[idx, "onderwerp"],
                          "partner": e["partner"], "soort": e["soort"], "oud": oud, "nieuw": float(e["correctie"]),
                          "reden": e["toelichting"] if pd.notna(e["toelichting"]) else "",
                          "bron": e["bron"] if pd.notna(e["bron"]) else "", "datum": e["datum"], "status": status,
                          "toegepast": toegepast, "bestand": e.get("bestand", "")})
            if len(waarden) > 1:
                conflict.append({"bevinding": bid, "bevinding_tekst": b.at[idx, "bevinding"], "waarde": oud,
                                 "partner": e["partner"], "correctie": float(e["correctie"]),
                                 "toelichting": e["toelichting"] if pd.notna(e["toelichting"]) else "",
                                 "opgelost": a is not None, "status": status})
            if toegepast:
                b.at[idx, "waarde"] = float(e["correctie"])
                b.at[idx, "gecorrigeerd"] = True
                vorige = b.at[idx, "gecorrigeerd_door"]
                b.at[idx, "gecorrigeerd_door"] = e["partner"] if pd.isna(vorige) else f"{vorige}; {e['partner']}"
    audit_df = pd.DataFrame(audit, columns=AUDIT_KOLOMMEN).astype(
        {"bevinding": "string", "gemeentecode": "string", "onderwerp": "string", "partner": "string", "soort": "string",
         "oud": "float64", "nieuw": "float64", "reden": "string", "bron": "string", "datum": "string",
         "status": "string", "toegepast": "bool", "bestand": "string"})
    conflict_df = pd.DataFrame(conflict, columns=["bevinding", "bevinding_tekst", "waarde", "partner", "correctie",
                                                  "toelichting", "opgelost", "status"])
    return Correcties(bevindingen=b, audit=audit_df, conflicten=conflict_df)


def herkenning(bev: pd.DataFrame, reacties: pd.DataFrame, per: str = "partner") -> pd.DataFrame:
    """The toets "data stemt overeen met ervaring en beleving" as a measured result: the share of
    findings recognised, per partner (``per="partner"``), per kind of partner (``"soort"``) or per
    subject (``"onderwerp"``), plus a total row ``alle partners``.

    Counts answers with herkenbaar filled in for the findings in ``bev`` (general questions excluded).
    ``aandeel_herkend = ja / beantwoord``; ``aandeel_herkend_of_deels = (ja + deels) / beantwoord``.
    """
    if per not in ("partner", "soort", "onderwerp"):
        raise WzFout(f"herkenning: per moet 'partner', 'soort' of 'onderwerp' zijn, niet '{per}'")
    v = vergelijk(bev, reacties)
    v = v[v["herkenbaar"].notna()] if not v.empty else v
    kolommen = [per, "beantwoord", "ja", "deels", "nee", "aandeel_herkend", "aandeel_herkend_of_deels"]
    if v.empty:
        return pd.DataFrame(columns=kolommen)
    if per == "soort":
        v = v.assign(soort=v["soort"].map(lambda s: SOORT_LABEL.get(s, s)))

    def tel(d: pd.DataFrame, naam: str) -> dict[str, Any]:
        h = d["herkenbaar"].astype(str)
        n = len(d)
        ja, deels, nee = int((h == "ja").sum()), int((h == "deels").sum()), int((h == "nee").sum())
        return {per: naam, "beantwoord": n, "ja": ja, "deels": deels, "nee": nee,
                "aandeel_herkend": ja / n if n else math.nan,
                "aandeel_herkend_of_deels": (ja + deels) / n if n else math.nan}

    rijen = [tel(d, str(k)) for k, d in v.groupby(per, sort=True)]
    rijen.append(tel(v, "alle partners"))
    return pd.DataFrame(rijen, columns=kolommen)


def algemene_reacties(reacties: pd.DataFrame) -> pd.DataFrame:
    """The answers to the general questions (klopt de analyse, aanvullingen, schaalniveau, doelgroepen,
    nader onderzoek) per partner: columns vraag, partner, antwoord (ja/nee/deels), toelichting."""
    if reacties is None or reacties.empty:
        return pd.DataFrame(columns=["vraag", "partner", "antwoord", "toelichting"])
    r = reacties[reacties["id"].isin(list(ALGEMENE_VRAGEN))]
    volgorde = {k: i for i, k in enumerate(ALGEMENE_VRAGEN)}
    r = r.assign(_o=r["id"].map(volgorde)).sort_values(["_o", "partner"])
    return pd.DataFrame({"vraag": r["id"].map(ALGEMENE_VRAGEN).str.replace(r"\s*\([^()]*\)$", "", regex=True),
                         "partner": r["partner"], "antwoord": r["herkenbaar"].fillna(""),
                         "toelichting": r["toelichting"].fillna("")}).reset_index(drop=True)


def verouderde_reacties(reacties: pd.DataFrame | None, bev: pd.DataFrame) -> pd.DataFrame:
    """Answers on the sheets about findings of this gemeente that the analysis does not (or no longer)
    contain: the analysis changed since the sheet was sent, or an earlier step has not run. They count
    for nothing; the report lists them so that nothing a partner wrote disappears unseen."""
    if reacties is None or reacties.empty:
        return pd.DataFrame(columns=["id", "partner", "bestand", "regel"])
    codes = set(bev["gemeentecode"].dropna().astype(str))
    r = reacties[reacties["gemeentecode"].astype(str).isin(codes) & ~reacties["id"].isin(set(bev["id"]))]
    return r.loc[:, ["id", "partner", "bestand", "regel"]].reset_index(drop=True)


def reacties_resultaat(reacties: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """The ``reacties`` result table of one gemeente: the answers to its own findings and to the general
    questions (no gemeente; the regio summary reads them once)."""
    r = reacties.copy()
    r["gemeentecode"] = r["gemeentecode"].astype("string").replace("", pd.NA)
    return r[r["gemeentecode"].isna() | (r["gemeentecode"] == gemeente)].reset_index(drop=True)
