"""Stap 5, "confrontatie" — computation: demand against supply per woonvorm, and the urgent share of lettings
(kaart 3 item 6; stap 3 of the *Praktisch handvat*).

Pure functions: earlier steps' result tables (read through the catalogue: aanbod and woningvoorraad of
step 2, vraag and groepen_prognose of step 3, groepen of step 1, and the regio's verdeling of step 4 when
it is there), local inputs (plancapaciteit, woningmarkt, aandachtsgroepen) and the ``confrontatie:``
params in, result tables out. The partner round (findings, reactions, corrections) is in
:mod:`wzlib.confrontatie_partners`; the report's texts and tables in :mod:`wzlib.confrontatie_tekst`.

Sign convention everywhere: ``tekort = vraag - aanbod``; positive is a tekort, negative an overschot.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from .groepen import GROEPEN, WOONVORMEN
from .params import HORIZON, Confrontatie
from .presentatie.getallen import nl_getal
from .stappen import AANBOD, OMVANG, PROGNOSE


VARIANTEN = ("laag", "midden", "hoog")


CONFRONTATIE_KOLOMMEN = ["gemeentecode", "woonvorm", "jaar", "variant", "vraag", "aanbod", "plan_cumulatief",
                         "tekort_zonder_plan", "tekort_met_plan", "methode"]


URGENTIE_KOLOMMEN = ["gemeentecode", "jaar", "vraag_urgent", "mutaties", "aandeel", "norm", "ruimte_bij_norm",
                     "verschil", "boven_norm", "bron_vraag", "bron_mutaties"]


GEEN_VRAAGRAMING = "geen vraagraming"


URGENT_METHODE = ("stroom: vraag van urgente groepen per jaar tegenover norm x vrijkomende sociale huurwoningen "
                  "per jaar (zie urgente toewijzingen)")


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


def verzamel(resultaten: SimpleNamespace, lokaal: Any = None, *, gemeente: str,
             verdeling_stap: str = "de spreidingsstap") -> Invoer:
    """Everything this step computes with, for one gemeente: the earlier steps' results (``resultaten``,
    from ``Analyse.invoer()``: aanbod, woningvoorraad, vraag, groepen_prognose and groepen of this
    gemeente, checked by the catalogue; ``verdeling`` of the regio or None when that step has not run)
    and the local inputs (an object with frames ``plancapaciteit``, ``woningmarkt``,
    ``aandachtsgroepen``, or None). What is missing becomes a Dutch sentence in ``ontbreekt``.
    """
    inv = Invoer(gemeente=gemeente)
    for naam in ("aanbod", "woningvoorraad", "vraag", "groepen_prognose"):
        setattr(inv, naam, _van_gemeente(getattr(resultaten, naam), gemeente))
    inv.groepen = _van_gemeente(resultaten.groepen, gemeente)
    if resultaten.verdeling is None:
        inv.ontbreekt.append(f"De regionale verdeling ({verdeling_stap}) is nog niet gemaakt: het aandeel van deze "
                             "gemeente in de regionale opgave ontbreekt in deze analyse.")
    else:
        inv.verdeling = _van_gemeente(resultaten.verdeling, gemeente)
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


def _midden(groepen_prognose: pd.DataFrame | None) -> pd.DataFrame | None:
    """The midden variant of ``groepen_prognose`` (step 3 gives laag/midden/hoog; older results have one)."""
    if _leeg(groepen_prognose) or "variant" not in groepen_prognose.columns:
        return groepen_prognose
    return groepen_prognose[groepen_prognose["variant"].astype("string") == "midden"]


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce").astype("float64")


def aanbod_per_woonvorm(aanbod: pd.DataFrame | None, woningvoorraad: pd.DataFrame | None, *, gemeente: str,
                        peiljaar: int) -> pd.DataFrame:
    """Current supply per woonvorm of one gemeente (columns woonvorm, aanbod, eenheid, jaar, bron).

    From ``aanbod`` (step 2): per woonvorm the rows of the latest year <= peiljaar with a known
    ``aantal``; rows of the same definitie are added up; when a woonvorm was counted under several
    definitions (geclusterd: RIGO >= 5 and CBS >= 12) the first definition of the registry is used, not
    the sum (the sets overlap). ``sociale_huur`` without an aanbod row comes from
    ``woningvoorraad.sociale_huur`` (step 2), else from its ``corporatie_woningen`` (the corporatie stock
    as stated stand-in). Every registry woonvorm gets a row (aanbod NaN = unknown).
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
                rij["bron"] = f"sociale huurvoorraad ({AANBOD.naam})"
            elif "corporatie_woningen" in woningvoorraad.columns:  # stand-in: corporatie stock (CBS)
                w = woningvoorraad[woningvoorraad["gemeentecode"].astype("string") == gemeente]
                w = w[_num(w["corporatie_woningen"]).notna()]
                if not w.empty:
                    rij["aanbod"] = float(_num(w["corporatie_woningen"]).iloc[-1])
                    rij["jaar"] = int(_num(w["jaar"]).iloc[-1]) if pd.notna(w["jaar"].iloc[-1]) else pd.NA
                    rij["bron"] = (f"benadering: bezit woningcorporaties (CBS) in plaats van sociale huur "
                                   f"({AANBOD.naam})")
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

    From ``groepen_prognose`` (step 3) (years peiljaar..tot_jaar) when it has the groups, else the
    current size from ``groepen`` (step 1) as one row for the peiljaar. Returns (frame jaar, vraag;
    a Dutch description of the method), or an empty frame when neither has the groups.
    """
    labels = ", ".join(GROEPEN[g].label.lower() if g in GROEPEN else g for g in groepsleutels)
    groepen_prognose = _midden(groepen_prognose)
    if not _leeg(groepen_prognose):
        d = groepen_prognose[(groepen_prognose["gemeentecode"].astype("string") == gemeente)
                             & groepen_prognose["groep"].astype("string").isin(list(groepsleutels))]
        d = d.assign(_j=_num(d["jaar"]), _n=_num(d["aantal"]))
        d = d[(d["_j"] >= peiljaar) & (d["_j"] <= tot_jaar) & d["_n"].notna()]
        if not d.empty:
            per = d.groupby("_j")["_n"].sum(min_count=1)
            df = pd.DataFrame({"jaar": per.index.astype("int64"), "vraag": per.to_numpy(dtype=float)})
            return df, f"benadering: omvang aandachtsgroep ({labels}) volgens {PROGNOSE.naam}; 1 = 1 eenheid"
    if not _leeg(groepen):
        d = groepen[(groepen["gemeentecode"].astype("string") == gemeente)
                    & groepen["groep"].astype("string").isin(list(groepsleutels))]
        n = _num(d["aantal"]) if not d.empty else pd.Series(dtype=float)
        if n.notna().any():
            jaar = int(_num(d["jaar"]).max()) if "jaar" in d.columns and _num(d["jaar"]).notna().any() else peiljaar
            return (pd.DataFrame({"jaar": [peiljaar], "vraag": [float(n.sum())]}),
                    f"benadering: huidige omvang aandachtsgroep ({labels}, {jaar}) uit {OMVANG.naam}; geen prognose; "
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


def bereken(invoer: Invoer, params: Confrontatie, *, gemeente: str, peiljaar: int,
            audit: pd.DataFrame | None = None, urg: pd.DataFrame | None = None) -> pd.DataFrame:
    """Demand against supply per woonvorm and year for one gemeente: the ``confrontatie`` result table.

    Columns: gemeentecode, woonvorm, jaar, variant, vraag, aanbod, plan_cumulatief, tekort_zonder_plan,
    tekort_met_plan, methode. Sources per woonvorm, in order:

    1. ``vraag`` (step 3) (years peiljaar .. peiljaar + max horizon, variants laag/midden/hoog);
    2. a proxy from the aandachtsgroepen (``vraag_proxy``; variant midden only, no band);
    3. ``sociale_huur``: the urgent flow (vraag = demand of urgent groups per year, aanbod = norm x
       vrijkomende sociale huurwoningen per year; see :func:`urgentie`);
    4. otherwise one row "geen vraagraming" (vraag NaN) so the woonvorm stays visible.

    Supply: :func:`aanbod_per_woonvorm`; plans: :func:`plan_cumulatief`. ``audit`` (from
    :func:`pas_correcties_toe`) replaces the aanbod of woonvormen whose aanbod finding a partner
    corrected (applied corrections only); the methode then says so. ``urg``: :func:`urgentie` of the same
    invoer, params, gemeente and peiljaar when the caller has it already (else computed here).
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
            v = v.assign(methode=(f"vraagraming {PROGNOSE.naam}: " + v["methode"].astype("string")).fillna(
                f"vraagraming {PROGNOSE.naam}"))
        else:
            v = v.assign(methode=f"vraagraming {PROGNOSE.naam}")
        v = v.groupby(["woonvorm", "jaar", "variant"], as_index=False).agg(
            vraag=("vraag", lambda s: s.sum(min_count=1)), methode=("methode", "first"))
        delen.append(v)
    met_model = set(v["woonvorm"]) if not _leeg(v) else set()
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


def bereken_na_correcties(conf: pd.DataFrame, invoer: Invoer, params: Confrontatie, *, gemeente: str, peiljaar: int,
                          audit: pd.DataFrame | None, urg: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`bereken` with the partners' applied aanbod corrections; ``conf`` itself (computed by :func:`bereken`
    without ``audit`` from the same invoer) when ``gemeente`` has none, as only those change the table."""
    if not correcties_aanbod(audit, gemeente):
        return conf
    return bereken(invoer, params, gemeente=gemeente, peiljaar=peiljaar, audit=audit, urg=urg)


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


def geordend(uit: pd.DataFrame) -> pd.DataFrame:
    """A confrontatie table in its fixed form: the columns ``CONFRONTATIE_KOLOMMEN`` with their dtypes,
    rows in registry order of the woonvormen, then year, then variant (laag, midden, hoog)."""
    volgorde = {wv: i for i, wv in enumerate(WOONVORMEN)}
    uit = uit.assign(_o=uit["woonvorm"].map(volgorde), _v=uit["variant"].map({v: i for i, v in enumerate(VARIANTEN)}))
    uit = uit.sort_values(["_o", "jaar", "_v"]).loc[:, CONFRONTATIE_KOLOMMEN].reset_index(drop=True)
    return uit.astype({"gemeentecode": "string", "woonvorm": "string", "jaar": "int64", "variant": "string",
                       "vraag": "float64", "aanbod": "float64", "plan_cumulatief": "float64",
                       "tekort_zonder_plan": "float64", "tekort_met_plan": "float64", "methode": "string"})


def _waarde(d: pd.DataFrame, jaar: int | None, kolom: str) -> float:
    """The first known value of ``kolom`` (in year ``jaar``, or in any year when None), else NaN."""
    if d.empty:
        return math.nan
    w = d[kolom]
    if w.dtype == np.float64 and (jaar is None or d["jaar"].dtype == np.int64):
        # the same answer without two filtered frames (a report asks this some hundred times)
        x = w.to_numpy()
        ok = ~np.isnan(x)
        if jaar is not None:
            ok &= d["jaar"].to_numpy() == jaar
        i = np.flatnonzero(ok)
        return float(x[i[0]]) if len(i) else math.nan
    r = d if jaar is None else d[d["jaar"] == jaar]
    r = r[r[kolom].notna()]
    return float(r[kolom].iloc[0]) if not r.empty else math.nan


def grootste_tekorten(conf: pd.DataFrame, *, peiljaar: int, n: int = 5, horizon: Sequence[int] = HORIZON,
                      variant: str = "midden") -> pd.DataFrame:
    """The ``n`` largest gaps of the gemeente (one per woonvorm) for the one-page summary.

    Per woonvorm, among the horizon years, the year with the largest absolute ``tekort_met_plan``
    (variant ``variant``); the woonvormen are ranked by that absolute gap. Columns: woonvorm, label,
    eenheid, jaar, vraag, aanbod, plan_cumulatief, tekort_met_plan, soort ('tekort' or 'overschot'),
    tekort_aandeel (gap as a fraction of demand), methode. Woonvormen without a gap figure are left out.
    """
    jaren = {peiljaar + h for h in horizon}
    d = conf[(conf["variant"] == variant) & conf["jaar"].isin(jaren) & conf["tekort_met_plan"].notna()]
    if d.empty:
        return pd.DataFrame(columns=["woonvorm", "label", "eenheid", "jaar", "vraag", "aanbod", "plan_cumulatief",
                                     "tekort_met_plan", "soort", "tekort_aandeel", "methode"])
    d = d.assign(_abs=d["tekort_met_plan"].abs()).sort_values(["_abs", "jaar"], ascending=[False, True])
    per = d.drop_duplicates("woonvorm").head(n)
    uit = per.assign(label=per["woonvorm"].map(lambda w: WOONVORMEN[w].label if w in WOONVORMEN else w),
                     eenheid=per["woonvorm"].map(lambda w: WOONVORMEN[w].eenheid if w in WOONVORMEN else ""),
                     soort=per["tekort_met_plan"].map(
                         lambda t: "tekort" if t > 0 else ("overschot" if t < 0 else "in balans")),
                     tekort_aandeel=per["tekort_met_plan"] / per["vraag"].where(per["vraag"] > 0))
    return uit.loc[:, ["woonvorm", "label", "eenheid", "jaar", "vraag", "aanbod", "plan_cumulatief", "tekort_met_plan",
                       "soort", "tekort_aandeel", "methode"]].reset_index(drop=True)


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
      ``aandachtsgroepen`` (else ``groepen`` (step 1); latest year <= jaar), held constant for later
      years as the prognosis does (it projects the stock with constant in- and outflow). Without an
      uitstroom figure the group is listed with aantal NaN (bron says why): its stock is not a yearly
      demand.
    - Other groups (medische/sociale urgentie, mantelzorg, sekswerkers, ...) are counted per year:
      their ``aantal`` is the yearly demand — from groepen_prognose for that year, else the local input,
      else ``groepen`` (step 1) (held constant, said so). ``taakstelling_per_jaar`` is used for
      statushouders when they are in the urgent list.
    """
    rijen = []
    groepen_prognose = _midden(groepen_prognose)
    gp = None if _leeg(groepen_prognose) else groepen_prognose.assign(
        _j=_num(groepen_prognose["jaar"]), _n=_num(groepen_prognose["aantal"]))
    lok = None if _leeg(aandachtsgroepen) else aandachtsgroepen.assign(_j=_num(aandachtsgroepen["jaar"]))
    om = None if _leeg(groepen) else groepen.assign(_n=_num(groepen["aantal"]))
    if lok is None and om is not None and "jaar" in om.columns:
        lok = om.assign(_j=_num(om["jaar"]))  # the groepen table of step 1 carries the same flow columns

    # sums per (groep, jaar) and rows per (groep, kolom) are looked up once, not per group and year
    gp_som: dict = {}
    if gp is not None:
        r = gp[gp["_n"].notna()]
        gp_som = r.groupby([r["groep"].astype("string"), r["_j"]])["_n"].sum().to_dict()

    def prognose(g: str, j: int) -> float:
        return float(gp_som[(g, j)]) if (g, j) in gp_som else math.nan

    lok_rijen: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}  # (years, values) per group and column

    def lokaal(g: str, j: int, kolom: str) -> tuple[float, int | None]:
        if lok is None or kolom not in lok.columns:
            return math.nan, None
        if (g, kolom) not in lok_rijen:
            w = _num(lok[kolom])
            r = lok.assign(_w=w)[(lok["groep"].astype("string") == g) & w.notna()]
            lok_rijen[(g, kolom)] = (r["_j"].to_numpy(dtype="float64"), r["_w"].to_numpy(dtype="float64"))
        js, ws = lok_rijen[(g, kolom)]
        if not len(js):
            return math.nan, None
        eerder = js[js <= j]
        jj = int(eerder.max()) if len(eerder) else int(pd.Series(js).min())
        return float(pd.Series(ws[js == jj]).sum()), jj

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
                        "" if jl == j else f", constant verondersteld (zoals in {PROGNOSE.naam})")
            elif g == "statushouders" and not math.isnan(lokaal(g, j, "taakstelling_per_jaar")[0]):
                aantal, jl = lokaal(g, j, "taakstelling_per_jaar")
                bron = f"taakstelling per jaar {jl} (lokale invoer)"
            else:
                p = prognose(g, j)
                if not math.isnan(p):
                    aantal, bron = p, f"{PROGNOSE.naam} (prognose per groep)"
                else:
                    n, jl = lokaal(g, j, "aantal")
                    if not math.isnan(n):
                        aantal = n
                        bron = f"lokale invoer aandachtsgroepen {jl}" + (", constant verondersteld" if jl != j else "")
                    elif om is not None:
                        r = om[(om["groep"].astype("string") == g) & om["_n"].notna()]
                        if not r.empty:
                            aantal = float(r["_n"].sum())
                            bron = f"{OMVANG.naam} (huidige omvang, constant verondersteld)"
                    if math.isnan(aantal):
                        bron = "geen gegevens"
            rijen.append({"gemeentecode": gemeente, "groep": g, "label": label, "jaar": int(j), "aantal": aantal,
                          "bron": bron})
    return pd.DataFrame(rijen, columns=["gemeentecode", "groep", "label", "jaar", "aantal", "bron"]).astype(
        {"gemeentecode": "string", "groep": "string", "label": "string", "jaar": "int64", "aantal": "float64",
         "bron": "string"})


def mutaties(woningmarkt: pd.DataFrame | None, woningvoorraad: pd.DataFrame | None, params: Confrontatie, *,
             gemeente: str, jaren: Sequence[int]) -> pd.DataFrame:
    """Expected vrijkomende sociale huurwoningen (mutaties) per year (columns jaar, mutaties, bron).

    In order: local input ``woningmarkt.mutaties_sociale_huur`` (for a year without a figure the latest
    earlier year, said so in ``bron``); params ``confrontatie: mutaties``; params ``mutatiegraad`` x
    ``woningvoorraad.sociale_huur`` (step 2); else NaN (the share cannot be computed).
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
            bron = (f"mutatiegraad {nl_getal(100 * params.mutatiegraad, 1)}% (regio-parameters) x sociale huurvoorraad "
                    f"{nl_getal(soc)}")
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


def urgentie(invoer: Invoer, params: Confrontatie, *, gemeente: str, peiljaar: int,
             tot_jaar: int | None = None) -> pd.DataFrame:
    """The ``urgentie`` result table for one gemeente: yearly urgent demand (:func:`urgente_vraag` over
    :func:`urgente_groepen`) against vrijkomende sociale huurwoningen (:func:`mutaties`) and the norm
    (:func:`urgentie_aandeel`), for the peiljaar and every prognosis year up to the last horizon year."""
    tot = peiljaar + max(params.horizon) if tot_jaar is None else tot_jaar
    jaren = urgentie_jaren(invoer, peiljaar, tot)
    vu = urgente_vraag(invoer.groepen_prognose, invoer.groepen, invoer.aandachtsgroepen, params.urgente_groepsleutels(),
                       gemeente=gemeente, jaren=jaren)
    mu = mutaties(invoer.woningmarkt, invoer.woningvoorraad, params, gemeente=gemeente, jaren=jaren)
    return urgentie_aandeel(vu, mu, norm=params.norm_urgentie_aandeel, gemeente=gemeente)
