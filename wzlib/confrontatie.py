"""Stap 5, "confrontatie": demand against supply per woonvorm, the urgent share of lettings, and the
analysis put before the partners (kaart 3 item 6; stap 3 of the *Praktisch handvat*).

Pure functions: earlier steps' result tables (``20_aanbod``, ``30_prognose``, ``10_omvang``), local
inputs (plancapaciteit, woningmarkt, aandachtsgroepen) and the ``confrontatie:`` params in, result
tables out. No plotting, no printing. The one function that touches the outside world,
:func:`verzamel_invoer`, receives the reading function from the notebook (``A.resultaat``) and only
turns a missing result into a Dutch sentence.

Sign convention everywhere: ``tekort = vraag - aanbod``; positive is a tekort, negative an overschot.

Partner corrections (:func:`pas_correcties_toe`) are never applied silently: every applied or
withheld correction is a row of the audit table (who, what, old -> new, reason, date, status). When
two partners give different corrections for the same finding it is a *conflict*: shown, not
averaged, and applied only when the regio params accept one (``confrontatie: geaccepteerd``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .bronnen.partners import ALGEMENE_VRAGEN, SOORT_LABEL, Partner, lees_partners
from .fouten import ParamsFout, WzFout
from .groepen import GROEPEN, WOONVORMEN

VARIANTEN = ("laag", "midden", "hoog")

#: Default norm for the share of social-rent lettings that goes to urgenten. Type P (domein.md §4):
#: stated in kaart 3/4 of the process documents, no legal source found. Override with
#: ``confrontatie: norm_urgentie_aandeel``.
NORM_URGENTIE_AANDEEL = 0.30

#: Woonvormen without a demand model in 30_prognose whose demand is approximated by the size of an
#: aandachtsgroep (1 person/household = 1 unit). Override with ``confrontatie: vraag_proxy``.
STANDAARD_PROXY: dict[str, tuple[str, ...]] = {
    "studentenwoning": ("studenten",),
    "woonwagenstandplaats": ("woonwagenbewoners",),
    "arbeidsmigranten": ("arbeidsmigranten",),
}

#: Years after the peiljaar shown in the overview and the findings.
HORIZON = (0, 10, 20)

CONFRONTATIE_KOLOMMEN = ["gemeentecode", "woonvorm", "jaar", "variant", "vraag", "aanbod", "plan_cumulatief",
                         "tekort_zonder_plan", "tekort_met_plan", "methode"]
URGENTIE_KOLOMMEN = ["gemeentecode", "jaar", "vraag_urgent", "mutaties", "aandeel", "norm", "ruimte_bij_norm",
                     "verschil", "boven_norm", "bron_vraag", "bron_mutaties"]
BEVINDING_KOLOMMEN = ["id", "gemeentecode", "gemeente", "onderwerp", "sleutel", "jaar", "bevinding", "waarde",
                      "eenheid", "bron"]
AUDIT_KOLOMMEN = ["bevinding", "gemeentecode", "onderwerp", "partner", "soort", "oud", "nieuw", "reden", "bron",
                  "datum", "status", "toegepast", "bestand"]

GEEN_VRAAGRAMING = "geen vraagraming"
URGENT_METHODE = ("stroom: vraag van urgente groepen per jaar tegenover norm x vrijkomende sociale huurwoningen "
                  "per jaar (zie urgente toewijzingen)")


# ==================================================================================================
# params
# ==================================================================================================

@dataclass(frozen=True)
class Acceptatie:
    """The regio accepts one partner's correction of a finding (``confrontatie: geaccepteerd``)."""

    bevinding: str
    partner: str
    reden: str = ""


@dataclass(frozen=True)
class ConfrontatieParams:
    """The validated ``confrontatie:`` section of the regio params (see docs/partnerronde.md)."""

    norm_urgentie_aandeel: float = NORM_URGENTIE_AANDEEL
    mutaties: Mapping[str, Mapping[int, float]] = field(default_factory=dict)
    mutatiegraad: float | None = None
    urgente_groepen: tuple[str, ...] | None = None
    vraag_proxy: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(STANDAARD_PROXY))
    plan_hardheid: tuple[str, ...] | None = None
    horizon: tuple[int, ...] = HORIZON
    top_n: int = 5
    partners: tuple[Partner, ...] = ()
    geaccepteerd: tuple[Acceptatie, ...] = ()
    correcties_automatisch: bool = True
    reacties_map: str | None = None
    norm_bron: str = "standaardwaarde, type P: procesdocumenten kaart 3/4, geen wettelijke bron gevonden"


_SLEUTELS = {"norm_urgentie_aandeel", "mutaties", "mutatiegraad", "urgente_groepen", "vraag_proxy", "plan_hardheid",
             "horizon", "top_n", "partners", "geaccepteerd", "correcties_automatisch", "reacties_map"}


def lees_params(conf: Mapping[str, Any] | None, pad: str = "") -> ConfrontatieParams:
    """Validate the ``confrontatie:`` section; every problem raises a ParamsFout naming the key.

    Keys: ``norm_urgentie_aandeel`` (fraction 0-1, default 0.30; 30 is read as 30 %), ``mutaties``
    ({GMxxxx: number} or {GMxxxx: {jaar: number}}: vrijkomende sociale huurwoningen per jaar),
    ``mutatiegraad`` (fraction of the sociale huurvoorraad that is let each year; only used when no
    mutaties are known), ``urgente_groepen`` (group keys; default all groups of soort 'urgent'),
    ``vraag_proxy`` ({woonvorm: groep or [groepen]}), ``plan_hardheid`` (which hardheid of
    plancapaciteit counts; default all), ``horizon`` (years after the peiljaar, default [0, 10, 20]),
    ``top_n`` (default 5), ``partners`` ([{naam, soort}]; absent: empty here, and ``wz partners`` uses
    :func:`wzlib.bronnen.partners.standaard_partners`), ``geaccepteerd`` ([{bevinding, partner,
    reden}]), ``correcties_automatisch`` (default true: an uncontested correction is applied),
    ``reacties_map`` (folder of returned sheets).
    """
    c = dict(conf or {})
    waar = f"{pad}: " if pad else ""
    fouten: list[str] = []

    def fout(sleutel: str, tekst: str) -> None:
        fouten.append(f"confrontatie.{sleutel}: {tekst}")

    for k in sorted(set(c) - _SLEUTELS):
        fout(k, f"onbekende sleutel (tikfout?); toegestaan: {', '.join(sorted(_SLEUTELS))}")

    norm = NORM_URGENTIE_AANDEEL
    norm_bron = ConfrontatieParams.norm_bron
    if "norm_urgentie_aandeel" in c:
        v = _getal(c["norm_urgentie_aandeel"])
        if v is None:
            fout("norm_urgentie_aandeel", f"moet een getal zijn, bv. 0.30 (waarde: {c['norm_urgentie_aandeel']!r})")
        else:
            if 1 < v <= 100:
                v = v / 100
            if not 0 < v <= 1:
                fout("norm_urgentie_aandeel", f"moet tussen 0 en 1 liggen (waarde: {c['norm_urgentie_aandeel']!r})")
            else:
                norm, norm_bron = v, f"regio-parameters ({pad or 'confrontatie.norm_urgentie_aandeel'})"

    mutaties: dict[str, dict[int, float]] = {}
    m = c.get("mutaties")
    if m is not None:
        if not isinstance(m, Mapping):
            fout("mutaties", "moet per gemeentecode een getal of {jaar: getal} zijn, bv. {GM0402: 450}")
        else:
            for gm, v in m.items():
                sleutel = f"mutaties.{gm}"
                if not (isinstance(gm, str) and len(gm) == 6 and gm.startswith("GM") and gm[2:].isdigit()):
                    fout(sleutel, "sleutel moet een gemeentecode zijn (GM + 4 cijfers)")
                    continue
                if isinstance(v, Mapping):
                    per: dict[int, float] = {}
                    for j, n in v.items():
                        jj, nn = _geheel(j), _getal(n)
                        if jj is None or not 1900 <= jj <= 2100:
                            fout(f"{sleutel}.{j}", "jaartal verwacht")
                        elif nn is None or nn < 0:
                            fout(f"{sleutel}.{j}", f"aantal (>= 0) verwacht (waarde: {n!r})")
                        else:
                            per[jj] = nn
                    mutaties[gm] = per
                else:
                    nn = _getal(v)
                    if nn is None or nn < 0:
                        fout(sleutel, f"aantal (>= 0) of {{jaar: aantal}} verwacht (waarde: {v!r})")
                    else:
                        mutaties[gm] = {0: nn}  # 0 = every year

    graad = None
    if c.get("mutatiegraad") is not None:
        graad = _getal(c["mutatiegraad"])
        if graad is None or not 0 < graad < 1:
            fout("mutatiegraad", f"moet een fractie tussen 0 en 1 zijn, bv. 0.06 (waarde: {c['mutatiegraad']!r})")
            graad = None

    urgent = None
    if c.get("urgente_groepen") is not None:
        lijst = c["urgente_groepen"]
        if not isinstance(lijst, list) or not all(isinstance(x, str) for x in lijst):
            fout("urgente_groepen", "moet een lijst van groepsleutels zijn")
        else:
            for i, g in enumerate(lijst):
                if g not in GROEPEN:
                    fout(f"urgente_groepen[{i}]", _onbekend("groep", g, GROEPEN))
            urgent = tuple(lijst)

    proxy = dict(STANDAARD_PROXY)
    if c.get("vraag_proxy") is not None:
        vp = c["vraag_proxy"]
        if not isinstance(vp, Mapping):
            fout("vraag_proxy", "moet een mapping {woonvorm: groep of [groepen]} zijn")
        else:
            for wv, gr in vp.items():
                if wv not in WOONVORMEN:
                    fout(f"vraag_proxy.{wv}", _onbekend("woonvorm", wv, WOONVORMEN))
                    continue
                if gr in (None, [], ""):
                    proxy.pop(wv, None)  # explicitly no proxy
                    continue
                lijst = [gr] if isinstance(gr, str) else gr
                if not isinstance(lijst, list) or not all(isinstance(x, str) for x in lijst):
                    fout(f"vraag_proxy.{wv}", "moet een groepsleutel of lijst van groepsleutels zijn")
                    continue
                for g in lijst:
                    if g not in GROEPEN:
                        fout(f"vraag_proxy.{wv}", _onbekend("groep", g, GROEPEN))
                proxy[wv] = tuple(lijst)

    hardheid = None
    if c.get("plan_hardheid") is not None:
        h = c["plan_hardheid"]
        h = [h] if isinstance(h, str) else h
        if not isinstance(h, list) or not all(isinstance(x, str) for x in h):
            fout("plan_hardheid", "moet een lijst van hardheden zijn, bv. [hard, zacht]")
        else:
            hardheid = tuple(x.strip().lower() for x in h)

    horizon = HORIZON
    if c.get("horizon") is not None:
        h = c["horizon"]
        hj = [_geheel(x) for x in h] if isinstance(h, list) else [None]
        if not hj or any(x is None or not 0 <= x <= 40 for x in hj):
            fout("horizon", f"moet een lijst van jaren na het peiljaar zijn (0-40), bv. [0, 10, 20] (waarde: {h!r})")
        else:
            horizon = tuple(sorted(set(hj)))
            if horizon[0] != 0:
                horizon = (0, *horizon)

    top_n = 5
    if c.get("top_n") is not None:
        t = _geheel(c["top_n"])
        if t is None or not 1 <= t <= 20:
            fout("top_n", f"moet een geheel getal 1-20 zijn (waarde: {c['top_n']!r})")
        else:
            top_n = t

    partners: tuple[Partner, ...] = ()  # empty: not named in the params (wz partners uses the default set)
    if c.get("partners") is not None:
        try:
            partners = tuple(lees_partners(c["partners"]))
        except ParamsFout as e:
            fouten.append(str(e))

    geaccepteerd: list[Acceptatie] = []
    ga = c.get("geaccepteerd")
    if ga is not None:
        if not isinstance(ga, list):
            fout("geaccepteerd", "moet een lijst zijn van {bevinding: <id>, partner: <naam>, reden: ...}")
        else:
            namen = {p.naam.lower() for p in partners}
            gezien: set[str] = set()
            for i, item in enumerate(ga):
                k = f"geaccepteerd[{i}]"
                if not isinstance(item, Mapping) or not item.get("bevinding") or not item.get("partner"):
                    fout(k, "moet een mapping zijn met bevinding (id) en partner (naam)")
                    continue
                onbekend = set(item) - {"bevinding", "partner", "reden"}
                if onbekend:
                    fout(k, f"onbekende sleutel(s) {', '.join(sorted(onbekend))}; "
                            "toegestaan: bevinding, partner, reden")
                b, p = str(item["bevinding"]).strip(), str(item["partner"]).strip()
                if c.get("partners") is not None and p.lower() not in namen:
                    fout(f"{k}.partner", f"partner '{p}' staat niet in confrontatie.partners")
                if b in gezien:
                    fout(f"{k}.bevinding", f"bevinding '{b}' is al eerder geaccepteerd; kies één partner")
                gezien.add(b)
                geaccepteerd.append(Acceptatie(b, p, str(item.get("reden") or "").strip()))

    auto = c.get("correcties_automatisch", True)
    if not isinstance(auto, bool):
        fout("correcties_automatisch", f"moet true of false zijn (waarde: {auto!r})")
        auto = True
    rmap = c.get("reacties_map")
    if rmap is not None and not isinstance(rmap, str):
        fout("reacties_map", "moet een pad (tekst) zijn")
        rmap = None

    if fouten:
        raise ParamsFout(f"{waar}{len(fouten)} fout(en) in confrontatie:\n" + "\n".join(f"  - {f}" for f in fouten))
    return ConfrontatieParams(norm_urgentie_aandeel=norm, mutaties=mutaties, mutatiegraad=graad,
                              urgente_groepen=urgent, vraag_proxy=proxy, plan_hardheid=hardheid, horizon=horizon,
                              top_n=top_n, partners=partners, geaccepteerd=tuple(geaccepteerd),
                              correcties_automatisch=auto, reacties_map=rmap, norm_bron=norm_bron)


def _getal(v: Any) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    try:
        f = float(str(v).replace(",", ".")) if isinstance(v, str) else float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _geheel(v: Any) -> int | None:
    f = _getal(v)
    return int(f) if f is not None and f == int(f) else None


def _onbekend(soort: str, sleutel: str, register: Mapping) -> str:
    from .groepen import suggesties

    tip = suggesties(sleutel, register)
    return f"onbekende {soort} '{sleutel}'" + (f"; bedoelde u: {', '.join(tip)}?" if tip else "")


def urgente_groepen(params: ConfrontatieParams) -> tuple[str, ...]:
    """Keys of the groups whose demand counts as urgent: the params' list, else every group of soort
    'urgent' in the registry (urgentie, uitstroom intramurale voorzieningen, sekswerkers)."""
    if params.urgente_groepen is not None:
        return params.urgente_groepen
    return tuple(k for k, g in GROEPEN.items() if g.soort == "urgent")


# ==================================================================================================
# inputs
# ==================================================================================================

#: Result tables this step reads: (name in Invoer, stap, tabel, per regio?, what it is for).
RESULTATEN = (
    ("aanbod", "20_aanbod", "aanbod", False, "het huidige aanbod per woonvorm"),
    ("woningvoorraad", "20_aanbod", "woningvoorraad", False, "de sociale huurvoorraad"),
    ("vraag", "30_prognose", "vraag", False, "de vraagraming per woonvorm"),
    ("groepen_prognose", "30_prognose", "groepen_prognose", False, "de prognose per aandachtsgroep"),
    ("groepen", "10_omvang", "groepen", False, "de huidige omvang per aandachtsgroep"),
    ("verdeling", "40_spreiding", "verdeling", True, "de regionale verdeling van de opgave"),
)
LOKAAL = ("plancapaciteit", "woningmarkt", "aandachtsgroepen")


@dataclass
class Invoer:
    """Everything this step reads; a table that is not there is None, with a Dutch sentence in ``ontbreekt``."""

    gemeente: str = ""
    aanbod: pd.DataFrame | None = None
    woningvoorraad: pd.DataFrame | None = None
    vraag: pd.DataFrame | None = None
    groepen_prognose: pd.DataFrame | None = None
    groepen: pd.DataFrame | None = None
    verdeling: pd.DataFrame | None = None
    plancapaciteit: pd.DataFrame | None = None
    woningmarkt: pd.DataFrame | None = None
    aandachtsgroepen: pd.DataFrame | None = None
    ontbreekt: list[str] = field(default_factory=list)

    def melding(self) -> str:
        """Markdown: which inputs are missing and what that means for this report."""
        if not self.ontbreekt:
            return "Alle resultaten van de eerdere stappen en de lokale invoer zijn gevonden."
        return ("Niet alle invoer is beschikbaar; de analyse gaat door met wat er is:\n\n"
                + "\n".join(f"- {z}" for z in self.ontbreekt))


def verzamel_invoer(A: Any) -> Invoer:
    """All inputs of this step for the notebook's gemeente, from the notebook context ``A``
    (:func:`wzlib.analyse.open`): earlier results via ``A.resultaat`` and local inputs via ``A.lokaal``
    (only when the regio has a lokaal folder). A missing result or local file becomes None plus a
    Dutch sentence in ``Invoer.ontbreekt``; nothing crashes. See :func:`verzamel`."""
    lokaal, fout = None, ""
    try:
        lokaal = A.lokaal if A.regio.lokaal_map is not None else None  # no lokaal folder: nothing to read
    except WzFout as e:
        fout = f"De lokale invoer kon niet worden gelezen ({A.regio.lokaal_map}): {e}"
    inv = verzamel(A.resultaat, lokaal, gemeente=A.gemeente.code)
    if fout:
        inv.ontbreekt.insert(0, fout)
    return inv


def verzamel(lees_resultaat: Callable[..., pd.DataFrame], lokaal: Any = None, *, gemeente: str) -> Invoer:
    """Collect the earlier steps' results (``lees_resultaat(stap, tabel, gemeente=None)``, e.g.
    ``A.resultaat``) and the local inputs (an object with frames ``plancapaciteit``, ``woningmarkt``,
    ``aandachtsgroepen``, or None). A missing result becomes None plus a Dutch sentence.

    The tables are filtered to ``gemeente`` (the regio table ``verdeling`` too).
    """
    inv = Invoer(gemeente=gemeente)
    for naam, stap, tabel, regio, doel in RESULTATEN:
        try:
            df = lees_resultaat(stap, tabel, gemeente="regio") if regio else lees_resultaat(stap, tabel)
        except (WzFout, FileNotFoundError, OSError):
            inv.ontbreekt.append(f"Resultaat '{tabel}' van stap {stap} ontbreekt, dus {doel} ontbreekt in deze "
                                 f"analyse. Draai eerst die stap (wz run --stappen {stap}).")
            continue
        setattr(inv, naam, _van_gemeente(df, gemeente))
    for naam in LOKAAL:
        df = getattr(lokaal, naam, None) if lokaal is not None else None
        if df is None or len(df) == 0:
            uitleg = {"plancapaciteit": "geplande toevoegingen per woonvorm (het tekort 'met plannen' is dan gelijk "
                                        "aan het tekort zonder plannen)",
                      "woningmarkt": "vrijkomende sociale huurwoningen (mutaties)",
                      "aandachtsgroepen": "in- en uitstroom per jaar van aandachtsgroepen"}[naam]
            inv.ontbreekt.append(f"Lokale invoer '{naam}' is niet aangeleverd: geen {uitleg}.")
            continue
        setattr(inv, naam, _van_gemeente(df, gemeente))
    return inv


def _van_gemeente(df: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    if df is None or "gemeentecode" not in df.columns:
        return df
    return df[df["gemeentecode"].astype("string") == gemeente].reset_index(drop=True)


def _leeg(df: pd.DataFrame | None) -> bool:
    return df is None or len(df) == 0


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce").astype("float64")


# ==================================================================================================
# vraag x aanbod
# ==================================================================================================

def aanbod_per_woonvorm(aanbod: pd.DataFrame | None, woningvoorraad: pd.DataFrame | None, *, gemeente: str,
                        peiljaar: int) -> pd.DataFrame:
    """Current supply per woonvorm of one gemeente (columns woonvorm, aanbod, eenheid, jaar, bron).

    From ``20_aanbod/aanbod``: per woonvorm the rows of the latest year <= peiljaar with a known
    ``aantal``; rows of the same definitie are added up; when a woonvorm was counted under several
    definitions (geclusterd: RIGO >= 5 and CBS >= 12) the first definition of the registry is used, not
    the sum (the sets overlap). ``sociale_huur`` without an aanbod row comes from
    ``20_aanbod/woningvoorraad.sociale_huur``. Every registry woonvorm gets a row (aanbod NaN =
    unknown).
    """
    rijen = []
    a = pd.DataFrame() if _leeg(aanbod) else aanbod[aanbod["gemeentecode"].astype("string") == gemeente]
    for wv, info in WOONVORMEN.items():
        rij = {"woonvorm": wv, "aanbod": math.nan, "eenheid": info.eenheid, "jaar": pd.NA, "bron": ""}
        d = a[(a["woonvorm"].astype("string") == wv) & _num(a["aantal"]).notna()] if not a.empty else a
        if not d.empty:
            jaren = _num(d["jaar"]) if "jaar" in d.columns else pd.Series(float(peiljaar), index=d.index)
            jaren = jaren.fillna(float(peiljaar))
            eerder = jaren[jaren <= peiljaar]
            jaar = int(eerder.max()) if len(eerder) else int(jaren.min())
            d = d[jaren == jaar]
            defs = d["definitie"].astype("string").fillna("") if "definitie" in d.columns else \
                pd.Series("", index=d.index, dtype="string")
            opties = set(info.definitie_opties)
            volgorde = [x for x in info.definitie_opties if x in set(defs)] + sorted(set(defs) - opties)
            gekozen = volgorde[0]
            d = d[defs == gekozen]
            rij["aanbod"] = float(_num(d["aantal"]).sum())
            rij["jaar"] = jaar
            if "eenheid" in d.columns and d["eenheid"].notna().any():
                rij["eenheid"] = str(d["eenheid"].dropna().iloc[0])
            bron = sorted({str(b) for b in d["bron"].dropna()}) if "bron" in d.columns else []
            rij["bron"] = "; ".join(bron) + (f" (definitie: {gekozen})" if gekozen else "")
            if len(volgorde) > 1:
                rij["bron"] += f"; ook geteld als: {', '.join(volgorde[1:])} (niet opgeteld)"
        elif wv == "sociale_huur" and not _leeg(woningvoorraad) and "sociale_huur" in woningvoorraad.columns:
            w = woningvoorraad[woningvoorraad["gemeentecode"].astype("string") == gemeente]
            w = w[_num(w["sociale_huur"]).notna()]
            if not w.empty:
                heeft_wm = "woningmarkt_jaar" in w.columns and w["woningmarkt_jaar"].notna().any()
                jaar_kol = "woningmarkt_jaar" if heeft_wm else "jaar"
                w = w.assign(_j=_num(w[jaar_kol])).sort_values("_j")
                rij["aanbod"] = float(_num(w["sociale_huur"]).iloc[-1])
                rij["jaar"] = int(w["_j"].iloc[-1]) if pd.notna(w["_j"].iloc[-1]) else pd.NA
                rij["bron"] = "sociale huurvoorraad (20_aanbod/woningvoorraad)"
        rijen.append(rij)
    uit = pd.DataFrame(rijen)
    return uit.astype({"woonvorm": "string", "aanbod": "float64", "eenheid": "string", "jaar": "Int64",
                       "bron": "string"})


def plan_cumulatief(plancapaciteit: pd.DataFrame | None, *, gemeente: str, peiljaar: int, jaren: Iterable[int],
                    hardheid: Sequence[str] | None = None) -> pd.DataFrame:
    """Planned additions per woonvorm, cumulated: for year J the sum of ``plancapaciteit.aantal`` with
    peiljaar <= jaar <= J (plans before the peiljaar are assumed to be in the current aanbod).

    ``hardheid`` restricts which plans count (e.g. only 'hard'); None = all. Columns woonvorm, jaar,
    plan_cumulatief (0 where nothing is planned).
    """
    jaren = sorted({int(j) for j in jaren})
    p = pd.DataFrame(columns=["woonvorm", "jaar", "aantal"]) if _leeg(plancapaciteit) else \
        plancapaciteit[plancapaciteit["gemeentecode"].astype("string") == gemeente]
    if hardheid is not None and not p.empty and "hardheid" in p.columns:
        p = p[p["hardheid"].astype("string").str.strip().str.lower().isin(hardheid)]
    p = p.assign(_j=_num(p["jaar"]), _n=_num(p["aantal"]).fillna(0.0)) if not p.empty else p
    rijen = []
    for wv in WOONVORMEN:
        d = p[p["woonvorm"].astype("string") == wv] if not p.empty else p
        for j in jaren:
            som = float(d.loc[(d["_j"] >= peiljaar) & (d["_j"] <= j), "_n"].sum()) if not d.empty else 0.0
            rijen.append({"woonvorm": wv, "jaar": j, "plan_cumulatief": som})
    return pd.DataFrame(rijen, columns=["woonvorm", "jaar", "plan_cumulatief"]).astype(
        {"woonvorm": "string", "jaar": "int64", "plan_cumulatief": "float64"})


def proxy_vraag(groepen_prognose: pd.DataFrame | None, groepen: pd.DataFrame | None, groepsleutels: Sequence[str], *,
                gemeente: str, peiljaar: int, tot_jaar: int) -> tuple[pd.DataFrame, str]:
    """Demand proxy from aandachtsgroepen: the summed size of ``groepsleutels`` per year.

    From ``30_prognose/groepen_prognose`` (years peiljaar..tot_jaar) when it has the groups, else the
    current size from ``10_omvang/groepen`` as one row for the peiljaar. Returns (frame jaar, vraag;
    a Dutch description of the method), or an empty frame when neither has the groups.
    """
    labels = ", ".join(GROEPEN[g].label.lower() if g in GROEPEN else g for g in groepsleutels)
    if not _leeg(groepen_prognose):
        d = groepen_prognose[(groepen_prognose["gemeentecode"].astype("string") == gemeente)
                             & groepen_prognose["groep"].astype("string").isin(list(groepsleutels))]
        d = d.assign(_j=_num(d["jaar"]), _n=_num(d["aantal"]))
        d = d[(d["_j"] >= peiljaar) & (d["_j"] <= tot_jaar) & d["_n"].notna()]
        if not d.empty:
            per = d.groupby("_j")["_n"].sum(min_count=1)
            df = pd.DataFrame({"jaar": per.index.astype("int64"), "vraag": per.to_numpy(dtype=float)})
            return df, f"benadering: omvang aandachtsgroep ({labels}) volgens 30_prognose; 1 = 1 eenheid"
    if not _leeg(groepen):
        d = groepen[(groepen["gemeentecode"].astype("string") == gemeente)
                    & groepen["groep"].astype("string").isin(list(groepsleutels))]
        n = _num(d["aantal"]) if not d.empty else pd.Series(dtype=float)
        if n.notna().any():
            jaar = int(_num(d["jaar"]).max()) if "jaar" in d.columns and _num(d["jaar"]).notna().any() else peiljaar
            return (pd.DataFrame({"jaar": [peiljaar], "vraag": [float(n.sum())]}),
                    f"benadering: huidige omvang aandachtsgroep ({labels}, {jaar}) uit 10_omvang; geen prognose; "
                    "1 = 1 eenheid")
    return pd.DataFrame({"jaar": pd.Series(dtype="int64"), "vraag": pd.Series(dtype=float)}), ""


def tekorten(vraag: pd.DataFrame, aanbod: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """The gap computation: ``tekort_zonder_plan = vraag - aanbod`` and
    ``tekort_met_plan = vraag - (aanbod + plan_cumulatief)`` (positive = tekort, negative = overschot).

    ``vraag``: woonvorm, jaar, variant, vraag (+ optional gemeentecode, methode); ``aanbod``: woonvorm,
    aanbod; ``plan``: woonvorm, jaar, plan_cumulatief (missing = 0). Unknown aanbod gives NaN gaps.
    """
    v = vraag.copy()
    v = v.merge(aanbod.loc[:, ["woonvorm", "aanbod"]], on="woonvorm", how="left")
    v = v.merge(plan.loc[:, ["woonvorm", "jaar", "plan_cumulatief"]], on=["woonvorm", "jaar"], how="left")
    v["plan_cumulatief"] = _num(v["plan_cumulatief"]).fillna(0.0)
    v["vraag"] = _num(v["vraag"])
    v["aanbod"] = _num(v["aanbod"])
    v["tekort_zonder_plan"] = v["vraag"] - v["aanbod"]
    v["tekort_met_plan"] = v["vraag"] - (v["aanbod"] + v["plan_cumulatief"])
    return v


def bereken(invoer: Invoer, params: ConfrontatieParams, *, gemeente: str, peiljaar: int,
            audit: pd.DataFrame | None = None) -> pd.DataFrame:
    """Demand against supply per woonvorm and year for one gemeente: the ``confrontatie`` result table.

    Columns: gemeentecode, woonvorm, jaar, variant, vraag, aanbod, plan_cumulatief, tekort_zonder_plan,
    tekort_met_plan, methode. Sources per woonvorm, in order:

    1. ``30_prognose/vraag`` (years peiljaar .. peiljaar + max horizon, variants laag/midden/hoog);
    2. a proxy from the aandachtsgroepen (``vraag_proxy``; variant midden only, no band);
    3. ``sociale_huur``: the urgent flow (vraag = demand of urgent groups per year, aanbod = norm x
       vrijkomende sociale huurwoningen per year; see :func:`urgentie`);
    4. otherwise one row "geen vraagraming" (vraag NaN) so the woonvorm stays visible.

    Supply: :func:`aanbod_per_woonvorm`; plans: :func:`plan_cumulatief`. ``audit`` (from
    :func:`pas_correcties_toe`) replaces the aanbod of woonvormen whose aanbod finding a partner
    corrected (applied corrections only); the methode then says so.
    """
    tot = peiljaar + max(params.horizon)
    aanbod = aanbod_per_woonvorm(invoer.aanbod, invoer.woningvoorraad, gemeente=gemeente, peiljaar=peiljaar)
    gecorrigeerd = correcties_aanbod(audit, gemeente)
    for wv, (waarde, wie) in gecorrigeerd.items():
        aanbod.loc[aanbod["woonvorm"] == wv, "aanbod"] = waarde
        aanbod.loc[aanbod["woonvorm"] == wv, "bron"] = f"gecorrigeerd door {wie} (partnerronde)"
    delen = []
    v = invoer.vraag
    if not _leeg(v):
        v = v[v["gemeentecode"].astype("string") == gemeente]
        v = v.assign(jaar=_num(v["jaar"]).astype("int64"), vraag=_num(v["aantal"]),
                     woonvorm=v["woonvorm"].astype("string"), variant=v["variant"].astype("string"))
        v = v[(v["jaar"] >= peiljaar) & (v["jaar"] <= tot)]
        if "methode" in v.columns:
            v = v.assign(methode=("vraagraming 30_prognose: " + v["methode"].astype("string")).fillna(
                "vraagraming 30_prognose"))
        else:
            v = v.assign(methode="vraagraming 30_prognose")
        v = v.groupby(["woonvorm", "jaar", "variant"], as_index=False).agg(
            vraag=("vraag", lambda s: s.sum(min_count=1)), methode=("methode", "first"))
        delen.append(v)
    met_model = set(v["woonvorm"]) if not _leeg(v) else set()
    urg = None
    aanbod_stroom: dict[int, float] = {}
    for wv in WOONVORMEN:
        if wv in met_model:
            continue
        if wv in params.vraag_proxy:
            pv, methode = proxy_vraag(invoer.groepen_prognose, invoer.groepen, params.vraag_proxy[wv],
                                      gemeente=gemeente, peiljaar=peiljaar, tot_jaar=tot)
            if not pv.empty:
                delen.append(pv.assign(woonvorm=wv, variant="midden", methode=methode))
                continue
        if wv == "sociale_huur":
            urg = urgentie(invoer, params, gemeente=gemeente, peiljaar=peiljaar) if urg is None else urg
            u = urg[urg["vraag_urgent"].notna() & urg["ruimte_bij_norm"].notna()]
            if not u.empty:
                delen.append(pd.DataFrame({"woonvorm": wv, "jaar": u["jaar"].astype("int64").to_numpy(),
                                           "variant": "midden", "vraag": u["vraag_urgent"].to_numpy(dtype=float),
                                           "methode": URGENT_METHODE}))
                aanbod_stroom = dict(zip(u["jaar"].astype("int64"), u["ruimte_bij_norm"].astype(float)))
                continue
        delen.append(pd.DataFrame({"woonvorm": [wv], "jaar": [peiljaar], "variant": ["midden"], "vraag": [math.nan],
                                   "methode": [GEEN_VRAAGRAMING]}))
    vraag = pd.concat(delen, ignore_index=True) if delen else pd.DataFrame(
        columns=["woonvorm", "jaar", "variant", "vraag", "methode"])
    jaren = set(vraag["jaar"].astype(int)) | {peiljaar + h for h in params.horizon}
    plan = plan_cumulatief(invoer.plancapaciteit, gemeente=gemeente, peiljaar=peiljaar, jaren=jaren,
                           hardheid=params.plan_hardheid)
    uit = tekorten(vraag, aanbod, plan)
    stroom = (uit["woonvorm"] == "sociale_huur") & (uit["methode"] == URGENT_METHODE)
    if stroom.any():  # flow: supply is the norm share of that year's lettings; plans are not cumulated
        uit.loc[stroom, "aanbod"] = uit.loc[stroom, "jaar"].map(aanbod_stroom).astype(float)
        uit.loc[stroom, "plan_cumulatief"] = 0.0
        uit.loc[stroom, "tekort_zonder_plan"] = uit.loc[stroom, "vraag"] - uit.loc[stroom, "aanbod"]
        uit.loc[stroom, "tekort_met_plan"] = uit.loc[stroom, "tekort_zonder_plan"]
    for wv, (_, wie) in gecorrigeerd.items():
        m = (uit["woonvorm"] == wv) & ~stroom
        uit.loc[m, "methode"] = uit.loc[m, "methode"].astype(str) + f"; aanbod gecorrigeerd door {wie}"
    uit["gemeentecode"] = gemeente
    return geordend(uit)


def geordend(uit: pd.DataFrame) -> pd.DataFrame:
    """A confrontatie table in its fixed form: the columns ``CONFRONTATIE_KOLOMMEN`` with their dtypes,
    rows in registry order of the woonvormen, then year, then variant (laag, midden, hoog)."""
    volgorde = {wv: i for i, wv in enumerate(WOONVORMEN)}
    uit = uit.assign(_o=uit["woonvorm"].map(volgorde), _v=uit["variant"].map({v: i for i, v in enumerate(VARIANTEN)}))
    uit = uit.sort_values(["_o", "jaar", "_v"]).loc[:, CONFRONTATIE_KOLOMMEN].reset_index(drop=True)
    return uit.astype({"gemeentecode": "string", "woonvorm": "string", "jaar": "int64", "variant": "string",
                       "vraag": "float64", "aanbod": "float64", "plan_cumulatief": "float64",
                       "tekort_zonder_plan": "float64", "tekort_met_plan": "float64", "methode": "string"})


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


def _waarde(d: pd.DataFrame, jaar: int | None, kolom: str) -> float:
    if d.empty:
        return math.nan
    r = d if jaar is None else d[d["jaar"] == jaar]
    r = r[r[kolom].notna()]
    return float(r[kolom].iloc[0]) if not r.empty else math.nan


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
    """The gemeente's part of the regional opgave (``40_spreiding/verdeling``): per groep the allocation
    under each key (columns Groep, then one per sleutel_naam) next to the current effort."""
    if _leeg(verdeling) or not {"groep", "toedeling"} <= set(verdeling.columns):
        return pd.DataFrame(columns=["Groep"])
    v = verdeling[verdeling["gemeentecode"].astype("string") == gemeente]
    if v.empty:
        return pd.DataFrame(columns=["Groep"])
    kol = "sleutel_naam" if "sleutel_naam" in v.columns else "sleutel"
    breed = v.pivot_table(index="groep", columns=kol, values="toedeling", aggfunc="first", sort=False)
    if "huidige_inzet" in v.columns:
        breed["Huidige inzet"] = v.groupby("groep", sort=False)["huidige_inzet"].first()
    breed.index = [GROEPEN[g].label if g in GROEPEN else g for g in breed.index]
    return breed.rename_axis("Groep").reset_index().rename_axis(columns=None)


def grootste_tekorten(conf: pd.DataFrame, *, peiljaar: int, n: int = 5, horizon: Sequence[int] = HORIZON,
                      variant: str = "midden") -> pd.DataFrame:
    """The ``n`` largest gaps of the gemeente (one per woonvorm) for the one-page summary.

    Per woonvorm, among the horizon years, the year with the largest absolute ``tekort_met_plan``
    (variant ``variant``); the woonvormen are ranked by that absolute gap. Columns: woonvorm, label,
    eenheid, jaar, vraag, aanbod, plan_cumulatief, tekort_met_plan, soort ('tekort' or 'overschot'),
    tekort_pct (gap as % of demand), methode. Woonvormen without a gap figure are left out.
    """
    jaren = {peiljaar + h for h in horizon}
    d = conf[(conf["variant"] == variant) & conf["jaar"].isin(jaren) & conf["tekort_met_plan"].notna()]
    if d.empty:
        return pd.DataFrame(columns=["woonvorm", "label", "eenheid", "jaar", "vraag", "aanbod", "plan_cumulatief",
                                     "tekort_met_plan", "soort", "tekort_pct", "methode"])
    d = d.assign(_abs=d["tekort_met_plan"].abs()).sort_values(["_abs", "jaar"], ascending=[False, True])
    per = d.drop_duplicates("woonvorm").head(n)
    uit = per.assign(label=per["woonvorm"].map(lambda w: WOONVORMEN[w].label if w in WOONVORMEN else w),
                     eenheid=per["woonvorm"].map(lambda w: WOONVORMEN[w].eenheid if w in WOONVORMEN else ""),
                     soort=per["tekort_met_plan"].map(
                         lambda t: "tekort" if t > 0 else ("overschot" if t < 0 else "in balans")),
                     tekort_pct=100 * per["tekort_met_plan"] / per["vraag"].where(per["vraag"] > 0))
    return uit.loc[:, ["woonvorm", "label", "eenheid", "jaar", "vraag", "aanbod", "plan_cumulatief", "tekort_met_plan",
                       "soort", "tekort_pct", "methode"]].reset_index(drop=True)


def samenvatting(top: pd.DataFrame, gemeentenaam: str, *, klein: int = 10) -> str:
    """Markdown summary of :func:`grootste_tekorten`: one sentence per gap, Dutch numbers.

    Numbers below ``klein`` are written as "minder dan <klein>" (small-number rule for texts).
    """
    if top.empty:
        return (f"Voor {gemeentenaam} kan nog geen tekort of overschot worden berekend: er is voor geen enkele "
                "woonvorm zowel een vraagraming als een aanbodcijfer.")
    regels = [f"**De {len(top)} grootste verschillen tussen vraag en aanbod in {gemeentenaam}** "
              "(middenvariant, na meetellen van geplande toevoegingen):", ""]
    for i, r in enumerate(top.itertuples(), start=1):
        n = _tekst_getal(abs(r.tekort_met_plan), klein)
        pct = f" ({_nl(abs(r.tekort_pct))}% van de vraag)" if pd.notna(r.tekort_pct) else ""
        proxy = " *Benadering via de omvang van de aandachtsgroep.*" if str(r.methode).startswith("benadering") else ""
        stroom = " per jaar" if r.methode == URGENT_METHODE else ""
        regels.append(f"{i}. **{r.label}**: {r.soort} van {n} {r.eenheid}{stroom} in {r.jaar}{pct}; vraag "
                      f"{_tekst_getal(r.vraag, klein)}, aanbod {_tekst_getal(r.aanbod, klein)}"
                      + (f" plus {_tekst_getal(r.plan_cumulatief, klein)} gepland" if r.plan_cumulatief else "")
                      + f".{proxy}")
    return "\n".join(regels)


def _nl(x: float, decimalen: int = 0) -> str:
    from .presentatie.getallen import nl_getal

    return nl_getal(x, decimalen)


def _tekst_getal(x: float, klein: int) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x):
        return "onbekend"
    if 0 < abs(x) < klein:
        return f"minder dan {klein}"
    return _nl(x)


# ==================================================================================================
# urgentie: the share of lettings that must go to urgenten
# ==================================================================================================

def _is_uitstroomgroep(sleutel: str) -> bool:
    """Groups counted as a stock in a voorziening; their yearly demand is the uitstroom per jaar."""
    g = GROEPEN.get(sleutel)
    return bool(g and g.hoofdgroep.lower().startswith("uitstroom"))


def urgente_vraag(groepen_prognose: pd.DataFrame | None, groepen: pd.DataFrame | None,
                  aandachtsgroepen: pd.DataFrame | None, groepsleutels: Sequence[str], *, gemeente: str,
                  jaren: Sequence[int]) -> pd.DataFrame:
    """Expected housing demand per year of each urgent group (columns groep, jaar, aantal, bron).

    - Uitstroom groups (beschermd wonen, MO, GGZ, jeugdzorg, detentie, vrouwenopvang) are counted as
      people *in* a voorziening; their yearly demand is ``uitstroom_per_jaar`` of the local input
      ``aandachtsgroepen`` (else ``10_omvang/groepen``; latest year <= jaar), held constant for later
      years as the prognosis does (it projects the stock with constant in- and outflow). Without an
      uitstroom figure the group is listed with aantal NaN (bron says why): its stock is not a yearly
      demand.
    - Other groups (medische/sociale urgentie, mantelzorg, sekswerkers, ...) are counted per year:
      their ``aantal`` is the yearly demand — from groepen_prognose for that year, else the local input,
      else ``10_omvang/groepen`` (held constant, said so). ``taakstelling_per_jaar`` is used for
      statushouders when they are in the urgent list.
    """
    rijen = []
    gp = None if _leeg(groepen_prognose) else groepen_prognose.assign(
        _j=_num(groepen_prognose["jaar"]), _n=_num(groepen_prognose["aantal"]))
    lok = None if _leeg(aandachtsgroepen) else aandachtsgroepen.assign(_j=_num(aandachtsgroepen["jaar"]))
    om = None if _leeg(groepen) else groepen.assign(_n=_num(groepen["aantal"]))
    if lok is None and om is not None and "jaar" in om.columns:
        lok = om.assign(_j=_num(om["jaar"]))  # 10_omvang/groepen carries the same flow columns

    # sums per (groep, jaar) and rows per (groep, kolom) are looked up once, not per group and year
    gp_som: dict = {}
    if gp is not None:
        r = gp[gp["_n"].notna()]
        gp_som = r.groupby([r["groep"].astype("string"), r["_j"]])["_n"].sum().to_dict()

    def prognose(g: str, j: int) -> float:
        return float(gp_som[(g, j)]) if (g, j) in gp_som else math.nan

    lok_rijen: dict[tuple[str, str], pd.DataFrame] = {}

    def lokaal(g: str, j: int, kolom: str) -> tuple[float, int | None]:
        if lok is None or kolom not in lok.columns:
            return math.nan, None
        if (g, kolom) not in lok_rijen:
            w = _num(lok[kolom])
            lok_rijen[(g, kolom)] = lok.assign(_w=w)[(lok["groep"].astype("string") == g) & w.notna()]
        r = lok_rijen[(g, kolom)]
        if r.empty:
            return math.nan, None
        eerder = r[r["_j"] <= j]
        jj = int(eerder["_j"].max()) if not eerder.empty else int(r["_j"].min())
        r = r[r["_j"] == jj]
        return float(r["_w"].sum()), jj

    for g in groepsleutels:
        label = GROEPEN[g].label if g in GROEPEN else g
        for j in jaren:
            aantal, bron = math.nan, ""
            if _is_uitstroomgroep(g):
                uit, jl = lokaal(g, j, "uitstroom_per_jaar")
                if math.isnan(uit):
                    bron = "geen uitstroom per jaar aangeleverd (lokale invoer aandachtsgroepen); niet meegeteld"
                else:
                    aantal = uit
                    bron = f"uitstroom per jaar {jl} (lokale invoer)" + (
                        "" if jl == j else ", constant verondersteld (zoals in 30_prognose)")
            elif g == "statushouders" and not math.isnan(lokaal(g, j, "taakstelling_per_jaar")[0]):
                aantal, jl = lokaal(g, j, "taakstelling_per_jaar")
                bron = f"taakstelling per jaar {jl} (lokale invoer)"
            else:
                p = prognose(g, j)
                if not math.isnan(p):
                    aantal, bron = p, "30_prognose/groepen_prognose"
                else:
                    n, jl = lokaal(g, j, "aantal")
                    if not math.isnan(n):
                        aantal = n
                        bron = f"lokale invoer aandachtsgroepen {jl}" + (", constant verondersteld" if jl != j else "")
                    elif om is not None:
                        r = om[(om["groep"].astype("string") == g) & om["_n"].notna()]
                        if not r.empty:
                            aantal = float(r["_n"].sum())
                            bron = "10_omvang (huidige omvang, constant verondersteld)"
                    if math.isnan(aantal):
                        bron = "geen gegevens"
            rijen.append({"gemeentecode": gemeente, "groep": g, "label": label, "jaar": int(j), "aantal": aantal,
                          "bron": bron})
    return pd.DataFrame(rijen, columns=["gemeentecode", "groep", "label", "jaar", "aantal", "bron"]).astype(
        {"gemeentecode": "string", "groep": "string", "label": "string", "jaar": "int64", "aantal": "float64",
         "bron": "string"})


def mutaties(woningmarkt: pd.DataFrame | None, woningvoorraad: pd.DataFrame | None, params: ConfrontatieParams, *,
             gemeente: str, jaren: Sequence[int]) -> pd.DataFrame:
    """Expected vrijkomende sociale huurwoningen (mutaties) per year (columns jaar, mutaties, bron).

    In order: local input ``woningmarkt.mutaties_sociale_huur`` (for a year without a figure the latest
    earlier year, said so in ``bron``); params ``confrontatie: mutaties``; params ``mutatiegraad`` x
    ``20_aanbod/woningvoorraad.sociale_huur``; else NaN (the share cannot be computed).
    """
    rijen = []
    wm = None
    if not _leeg(woningmarkt) and "mutaties_sociale_huur" in woningmarkt.columns:
        wm = woningmarkt[(woningmarkt["gemeentecode"].astype("string") == gemeente)
                         & _num(woningmarkt["mutaties_sociale_huur"]).notna()]
        wm = None if wm.empty else wm.assign(_j=_num(wm["jaar"]), _n=_num(wm["mutaties_sociale_huur"]))
    par = params.mutaties.get(gemeente)
    soc = math.nan
    if params.mutatiegraad is not None and not _leeg(woningvoorraad) and "sociale_huur" in woningvoorraad.columns:
        w = woningvoorraad[woningvoorraad["gemeentecode"].astype("string") == gemeente]
        s = _num(w["sociale_huur"]).dropna()
        soc = float(s.iloc[-1]) if not s.empty else math.nan
    for j in jaren:
        n, bron = math.nan, "geen mutatiecijfers (lokale invoer woningmarkt of confrontatie.mutaties)"
        if wm is not None:
            r = wm[wm["_j"] <= j]
            r = r if not r.empty else wm[wm["_j"] == wm["_j"].min()]
            jj = int(r["_j"].max())
            n = float(r.loc[r["_j"] == jj, "_n"].sum())
            bron = f"lokale invoer woningmarkt {jj}" + ("" if jj == j else ", constant verondersteld")
        elif par:
            if 0 in par:
                n, bron = par[0], "regio-parameters confrontatie.mutaties"
            else:
                kand = [x for x in par if x <= j] or [min(par)]
                jj = max(kand)
                n = par[jj]
                bron = f"regio-parameters confrontatie.mutaties {jj}" + ("" if jj == j else ", constant verondersteld")
        elif not math.isnan(soc):
            n = soc * float(params.mutatiegraad)
            bron = (f"mutatiegraad {_nl(100 * params.mutatiegraad, 1)}% (regio-parameters) x sociale huurvoorraad "
                    f"{_nl(soc)}")
        rijen.append({"jaar": int(j), "mutaties": n, "bron": bron})
    return pd.DataFrame(rijen, columns=["jaar", "mutaties", "bron"]).astype(
        {"jaar": "int64", "mutaties": "float64", "bron": "string"})


def urgentie_aandeel(vraag_urgent: pd.DataFrame, mutaties_df: pd.DataFrame, *, norm: float,
                     gemeente: str = "") -> pd.DataFrame:
    """The share of lettings that must go to urgenten: ``aandeel = vraag_urgent / mutaties`` per year,
    against the ``norm``.

    ``vraag_urgent``: jaar, aantal per group (:func:`urgente_vraag`), summed over groups per year
    (NaN only when no group has a figure); ``mutaties_df``: jaar, mutaties (:func:`mutaties`).
    ``ruimte_bij_norm = norm x mutaties`` (lettings available to urgenten under the norm);
    ``verschil = vraag_urgent - ruimte_bij_norm`` (positive: more urgent demand than the norm allows);
    ``boven_norm = aandeel > norm``. Columns: :data:`URGENTIE_KOLOMMEN`.
    """
    per = vraag_urgent.groupby("jaar")["aantal"].sum(min_count=1) if not vraag_urgent.empty else pd.Series(dtype=float)
    bronnen = (vraag_urgent[vraag_urgent["aantal"].notna()].groupby("jaar")["groep"].apply(
        lambda s: f"{len(s)} groep(en): " + ", ".join(s)) if not vraag_urgent.empty else pd.Series(dtype=str))
    m = mutaties_df.set_index("jaar")
    jaren = sorted(set(per.index.astype(int)) | set(m.index.astype(int)))
    rijen = []
    for j in jaren:
        v = float(per.get(j, math.nan))
        mu = float(m["mutaties"].get(j, math.nan)) if j in m.index else math.nan
        aandeel = v / mu if mu and not math.isnan(mu) and not math.isnan(v) and mu > 0 else math.nan
        ruimte = norm * mu if not math.isnan(mu) else math.nan
        rijen.append({"gemeentecode": gemeente, "jaar": j, "vraag_urgent": v, "mutaties": mu, "aandeel": aandeel,
                      "norm": norm, "ruimte_bij_norm": ruimte, "verschil": v - ruimte,
                      "boven_norm": (aandeel > norm) if not math.isnan(aandeel) else pd.NA,
                      "bron_vraag": bronnen.get(j, "geen gegevens"),
                      "bron_mutaties": str(m["bron"].get(j, "")) if j in m.index else ""})
    return pd.DataFrame(rijen, columns=URGENTIE_KOLOMMEN).astype(
        {"gemeentecode": "string", "jaar": "int64", "vraag_urgent": "float64", "mutaties": "float64",
         "aandeel": "float64", "norm": "float64", "ruimte_bij_norm": "float64", "verschil": "float64",
         "boven_norm": "boolean", "bron_vraag": "string", "bron_mutaties": "string"})


def urgentie_jaren(invoer: Invoer, peiljaar: int, tot: int) -> list[int]:
    """Years of the urgentie table: the peiljaar plus every year of groepen_prognose up to ``tot``."""
    jaren = {peiljaar}
    if not _leeg(invoer.groepen_prognose):
        j = _num(invoer.groepen_prognose["jaar"]).dropna().astype(int)
        jaren |= {x for x in j if peiljaar <= x <= tot}
    return sorted(jaren)


def urgentie(invoer: Invoer, params: ConfrontatieParams, *, gemeente: str, peiljaar: int,
             tot_jaar: int | None = None) -> pd.DataFrame:
    """The ``urgentie`` result table for one gemeente: yearly urgent demand (:func:`urgente_vraag` over
    :func:`urgente_groepen`) against vrijkomende sociale huurwoningen (:func:`mutaties`) and the norm
    (:func:`urgentie_aandeel`), for the peiljaar and every prognosis year up to the last horizon year."""
    tot = peiljaar + max(params.horizon) if tot_jaar is None else tot_jaar
    jaren = urgentie_jaren(invoer, peiljaar, tot)
    vu = urgente_vraag(invoer.groepen_prognose, invoer.groepen, invoer.aandachtsgroepen, urgente_groepen(params),
                       gemeente=gemeente, jaren=jaren)
    mu = mutaties(invoer.woningmarkt, invoer.woningvoorraad, params, gemeente=gemeente, jaren=jaren)
    return urgentie_aandeel(vu, mu, norm=params.norm_urgentie_aandeel, gemeente=gemeente)


def urgentie_tekst(urg: pd.DataFrame, gemeentenaam: str, params: ConfrontatieParams, *, klein: int = 10) -> str:
    """Markdown: the urgent share in the peiljaar (first row) against the norm, in words."""
    norm = _nl(100 * params.norm_urgentie_aandeel) + "%"
    r = urg[urg["aandeel"].notna()]
    if r.empty:
        ontbreekt = []
        if urg.empty or urg["vraag_urgent"].isna().all():
            ontbreekt.append("de vraag van urgente groepen (aandachtsgroepen in 10_omvang/30_prognose of lokale "
                             "invoer)")
        if urg.empty or urg["mutaties"].isna().all():
            ontbreekt.append("het aantal vrijkomende sociale huurwoningen (lokale invoer woningmarkt, kolom "
                             "mutaties_sociale_huur, of confrontatie.mutaties in de regio-parameters)")
        return (f"Het aandeel van de toewijzingen dat naar urgenten moet, is voor {gemeentenaam} niet te berekenen: "
                f"er ontbreekt {' en '.join(ontbreekt)}. De regionale norm is {norm} ({params.norm_bron}).")
    e = r.iloc[0]
    a = _nl(100 * e["aandeel"]) + "%"
    oordeel = "boven" if e["aandeel"] > params.norm_urgentie_aandeel else "binnen"
    tekst = (f"In {int(e['jaar'])} vragen naar verwachting {_tekst_getal(e['vraag_urgent'], klein)} huishoudens uit "
             f"urgente groepen om een sociale huurwoning, terwijl er {_tekst_getal(e['mutaties'], klein)} vrijkomen. "
             f"Dan moet **{a}** van de toewijzingen naar urgenten gaan: {oordeel} de regionale norm van {norm} "
             f"({params.norm_bron}).")
    laatste = r.iloc[-1]
    if int(laatste["jaar"]) != int(e["jaar"]):
        tekst += (f" In {int(laatste['jaar'])} is dat {_nl(100 * laatste['aandeel'])}%"
                  f" ({'boven' if laatste['aandeel'] > params.norm_urgentie_aandeel else 'binnen'} de norm).")
    return tekst


# ==================================================================================================
# bevindingen: the key findings put before the partners
# ==================================================================================================

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
    ``10_omvang/groepen`` (or ``groepsleutels``): its current size (``omvang``). For the peiljaar:
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
                     f"{_tekst_getal(a, klein)} {info.eenheid} per jaar." if not math.isnan(a) else
                     f"Geen gegevens over vrijkomende sociale huurwoningen in {gemeentenaam}.")
        else:
            tekst = (f"Huidig aanbod {naam} in {gemeentenaam}: {_tekst_getal(a, klein)} {info.eenheid}."
                     if not math.isnan(a) else f"Geen gegevens over het huidige aanbod {naam} in {gemeentenaam}.")
        voeg("aanbod", wv, peiljaar, tekst, a, info.eenheid + per_jaar, "20_aanbod" if not stroom else "urgentie",
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
                band = f" (bandbreedte {_tekst_getal(lh['laag'], klein)} tot {_tekst_getal(lh['hoog'], klein)})"
            bij = " Benadering via de omvang van de aandachtsgroep." if methode.startswith("benadering") else ""
            bij = " Vraag van urgente groepen." if stroom else bij
            tekst = (f"Vraag naar {naam} in {jaar} (middenvariant): {_tekst_getal(v, klein)} {info.eenheid}"
                     f"{per_jaar}{band}.{bij}")
        voeg("vraag", wv, jaar, tekst, v, info.eenheid + per_jaar, methode)
        t = _waarde(dm, None, "tekort_met_plan")
        p = _waarde(dm, None, "plan_cumulatief")
        if math.isnan(t):
            tekst = f"Tekort of overschot {naam} in {jaar}: niet te bepalen (vraag of aanbod onbekend)."
        else:
            soort = "Tekort" if t > 0 else ("Overschot" if t < 0 else "Geen tekort of overschot")
            plan = f", na meetellen van {_tekst_getal(p, klein)} geplande {info.eenheid}" if p else ""
            tekst = (f"{soort} {naam} in {jaar} (middenvariant{plan}): {_tekst_getal(abs(t), klein)} {info.eenheid}"
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
                 f"{_tekst_getal(n, klein)} {eenheid}." if not math.isnan(n) else
                 f"Geen gegevens over de omvang van de groep {label.lower()} in {gemeentenaam}.")
        voeg("omvang", k, j, tekst, n, eenheid, bron or "10_omvang", id_jaar=False)

    u = urg[urg["jaar"] == peiljaar] if urg is not None and not urg.empty else pd.DataFrame()
    vu = float(u["vraag_urgent"].iloc[0]) if not u.empty else math.nan
    mu = float(u["mutaties"].iloc[0]) if not u.empty else math.nan
    au = float(u["aandeel"].iloc[0]) * 100 if not u.empty and pd.notna(u["aandeel"].iloc[0]) else math.nan
    norm = float(u["norm"].iloc[0]) * 100 if not u.empty else math.nan
    voeg("urgentie", "vraag", peiljaar,
         f"Vraag van urgente groepen naar een sociale huurwoning in {peiljaar}: {_tekst_getal(vu, klein)} "
         "huishoudens per jaar." if not math.isnan(vu) else
         f"Geen gegevens over de vraag van urgente groepen in {gemeentenaam}.",
         vu, "huishoudens per jaar", str(u["bron_vraag"].iloc[0]) if not u.empty else "")
    voeg("urgentie", "mutaties", peiljaar,
         f"Vrijkomende sociale huurwoningen (mutaties) in {peiljaar}: {_tekst_getal(mu, klein)} per jaar."
         if not math.isnan(mu) else f"Geen gegevens over vrijkomende sociale huurwoningen in {gemeentenaam}.",
         mu, "woningen per jaar", str(u["bron_mutaties"].iloc[0]) if not u.empty else "")
    voeg("urgentie", "aandeel", peiljaar,
         f"Aandeel van de toewijzingen dat in {peiljaar} naar urgenten moet: {_nl(au)}% "
         f"(regionale norm {_nl(norm)}%)." if not math.isnan(au) else
         f"Het aandeel van de toewijzingen dat naar urgenten moet, is niet te berekenen voor {gemeentenaam}.",
         au, "%", "urgentie (vraag urgent / mutaties)")

    uit = pd.DataFrame(rijen, columns=BEVINDING_KOLOMMEN)
    # the figure as published: whole numbers, percentages with one decimal
    uit["waarde"] = [round(float(w), 1 if e == "%" else 0) if pd.notna(w) else math.nan
                     for w, e in zip(uit["waarde"], uit["eenheid"])]
    return uit.astype({"id": "string", "gemeentecode": "string", "gemeente": "string", "onderwerp": "string",
                       "sleutel": "string", "jaar": "Int64", "bevinding": "string", "waarde": "float64",
                       "eenheid": "string", "bron": "string"})


# ==================================================================================================
# partner reactions: comparison, corrections with audit trail, recognition share
# ==================================================================================================

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
                delen.append(f"correctie {_nl(float(e['correctie']), 0 if float(e['correctie']).is_integer() else 1)}")
            rij[p] = "; ".join(delen) or "toelichting"
        rij.update({"n_reacties": len(d), "n_ja": n_ja, "n_deels": n_deels, "n_nee": n_nee,
                    "n_correcties": int(d["correctie"].notna().sum()), "oordeel": oordeel})
        rijen.append(rij)
    return pd.DataFrame(rijen)


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
                        f" ({a.reden})" if a.reden else "") + (" na conflict" if len(waarden) > 1 else ""), True
                else:
                    status = f"niet toegepast: correctie van {a.partner} geaccepteerd"
            elif len(waarden) > 1:
                status = "conflict: niet toegepast (kies in confrontatie.geaccepteerd)"
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


def correcties_aanbod(audit: pd.DataFrame | None, gemeente: str) -> dict[str, tuple[float, str]]:
    """Applied corrections of aanbod findings of ``gemeente``: {woonvorm: (new value, partner)}.

    Used by :func:`bereken` to recompute the gaps with the corrected supply."""
    if audit is None or audit.empty:
        return {}
    a = audit[audit["toegepast"] & (audit["onderwerp"] == "aanbod") & (audit["gemeentecode"] == gemeente)]
    uit: dict[str, tuple[float, str]] = {}
    prefix = f"{gemeente}-aanbod-"
    for _, r in a.iterrows():
        wv = str(r["bevinding"])[len(prefix):]
        if wv in WOONVORMEN and wv != "sociale_huur":
            uit[wv] = (float(r["nieuw"]), str(r["partner"]))
    return uit


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


def reacties_tekst(reacties: pd.DataFrame, bev: pd.DataFrame, map_: Any, partners: Sequence[Partner] = ()) -> str:
    """Markdown: which partners answered (and which did not), or that no sheets were returned."""
    waar = f"`{map_}`" if map_ is not None else "(geen map ingesteld)"
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
    tekst = (f"{len(namen)} partner(s) hebben gereageerd ({', '.join(namen)}), met {len(r)} reactie(s) op de "
             f"{len(bev)} bevindingen van deze gemeente (map {waar}).")
    stil = [p.naam for p in partners if p.naam.lower() not in {n.lower() for n in namen}]
    if stil:
        tekst += f" Nog geen reactie van: {', '.join(stil)}."
    weg = verouderde_reacties(reacties, bev)
    if not weg.empty:
        voorbeelden = ", ".join(list(dict.fromkeys(weg["id"].astype(str)))[:3])
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


def herkenning_tekst(per_partner: pd.DataFrame) -> str:
    """Markdown: the measured toets (share recognised over all partners)."""
    if per_partner.empty:
        return ("De toets 'data stemt overeen met ervaring en beleving' kan nog niet worden gemeten: er zijn geen "
                "reacties met een oordeel (ja/nee/deels).")
    t = per_partner[per_partner.iloc[:, 0] == "alle partners"].iloc[0]
    return (f"**Toets 'data stemt overeen met ervaring en beleving'**: van {int(t['beantwoord'])} beoordeelde "
            f"bevindingen herkennen de partners er {int(t['ja'])} volledig ({_nl(100 * t['aandeel_herkend'])}%) en "
            f"{int(t['ja'] + t['deels'])} geheel of deels ({_nl(100 * t['aandeel_herkend_of_deels'])}%).")


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
                  "toegepast en niet gemiddeld. De regio kiest er een met `confrontatie: geaccepteerd: "
                  "[{bevinding: <id>, partner: <naam>}]` in de regio-parameters.")
    if wacht:
        tekst += f" {wacht} correctie(s) wachten op acceptatie (correcties_automatisch staat uit)."
    return tekst


# ==================================================================================================
# display helpers for the notebook (data and labels only; drawing is wzlib.presentatie)
# ==================================================================================================

#: Woonvormen whose demand is a count of vulnerable people: charts and tables suppress small numbers
#: with the threshold for vulnerable groups.
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


def urgente_vraag_detail(invoer: Invoer, params: ConfrontatieParams, *, gemeente: str, peiljaar: int) -> pd.DataFrame:
    """Per urgent group its yearly demand in the peiljaar and ten years later, and where it comes from."""
    jaren = [peiljaar, peiljaar + 10]
    vu = urgente_vraag(invoer.groepen_prognose, invoer.groepen, invoer.aandachtsgroepen, urgente_groepen(params),
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


def audit_tabel(audit: pd.DataFrame) -> pd.DataFrame:
    """Display table of the audit trail: wie, wat, oud -> nieuw, reden, datum, status."""
    return pd.DataFrame({"Bevinding": audit["bevinding"], "Partner": audit["partner"], "Oud": audit["oud"],
                         "Nieuw": audit["nieuw"], "Reden": audit["reden"], "Bron partner": audit["bron"],
                         "Datum": audit["datum"], "Status": audit["status"]})


def conflicten_tabel(c: Correcties) -> pd.DataFrame:
    """Display table of conflicting corrections: every partner's value side by side, none averaged."""
    k = c.conflicten
    return pd.DataFrame({"Bevinding": k["bevinding"], "Gegevens": k["waarde"], "Partner": k["partner"],
                         "Correctie": k["correctie"], "Toelichting": k["toelichting"], "Status": k["status"]})


def herkenning_namen() -> dict[str, str]:
    """Display names of the :func:`herkenning` columns."""
    return {"partner": "Partner", "soort": "Soort partner", "onderwerp": "Onderwerp", "beantwoord": "Beoordeeld",
            "ja": "Ja", "deels": "Deels", "nee": "Nee", "aandeel_herkend": "Herkend",
            "aandeel_herkend_of_deels": "Herkend of deels"}


def na_correcties_tekst(c: Correcties, gemeente: str) -> str:
    """Markdown: which supply figures were corrected and therefore changed the gaps."""
    corr = correcties_aanbod(c.audit, gemeente)
    if not corr:
        return ("Geen partner heeft een aanbodcijfer gecorrigeerd dat is toegepast; de tekorten hierboven blijven "
                "staan. Correcties op andere bevindingen staan in het logboek en in de bewaarde bevindingen.")
    delen = [f"{WOONVORMEN[wv].label.lower()} ({_nl(n)}, door {wie})" for wv, (n, wie) in corr.items()]
    return ("Met de toegepaste correcties van het aanbod (" + "; ".join(delen) + ") zijn de tekorten opnieuw "
            "berekend. Dit is de tabel die wordt bewaard; de kolom 'Methode' noemt de correctie.")


TOP_NAMEN = {"label": "Woonvorm", "eenheid": "Eenheid", "jaar": "Jaar", "vraag": "Vraag", "aanbod": "Aanbod",
             "plan_cumulatief": "Plannen", "tekort_met_plan": "Tekort (+) / overschot (-)", "soort": "Soort",
             "tekort_pct": "% van de vraag", "methode": "Methode"}


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
    if verdeling.empty:
        return (f"De regionale verdeling is (nog) niet beschikbaar voor {gemeentenaam}: draai de spreidingsstap "
                "(40_spreiding) voor de regio en daarna deze stap opnieuw.")
    return (f"Toedeling aan {gemeentenaam} per groep onder elke verdeelsleutel (aantallen; per jaar waar de "
            "opgave een jaarlijkse stroom is). Zie het spreidingsrapport van de regio voor de uitleg van de sleutels.")


def extra(params: ConfrontatieParams, invoer: Invoer, reacties: pd.DataFrame, c: Correcties,
          reacties_map: Any) -> dict[str, Any]:
    """The parameters and counts of this step for ``A.bewaar(extra=...)`` (colophon, audit)."""
    return {
        "norm_urgentie_aandeel": params.norm_urgentie_aandeel, "norm_bron": params.norm_bron,
        "horizon": list(params.horizon), "vraag_proxy": {k: list(v) for k, v in params.vraag_proxy.items()},
        "urgente_groepen": list(urgente_groepen(params)), "plan_hardheid": list(params.plan_hardheid or []),
        "mutatiegraad": params.mutatiegraad,
        "partners": [{"naam": p.naam, "soort": p.soort} for p in params.partners],
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
