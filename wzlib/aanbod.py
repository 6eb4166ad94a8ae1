"""Stap 2, "het huidige aanbod op het gebied van wonen, zorg en welzijn", per gemeente against regio and NL.

Pure functions: canonical tables (``woningen``, ``wijken``) and local inputs (``aanbod``,
``woningmarkt`` from ``wzlib.bronnen.lokaal``) in, result tables out. No I/O, no plotting. Every
function takes ALL gemeenten of the regio (``codes``); the notebook selects its gemeente.

Nothing is silently dropped: every woonvorm of the registry gets a row per gemeente, with status
"lokaal aangeleverd" or "ontbreekt"; local rows with a woonvorm outside the registry are kept too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .fouten import ParamsFout
from .gegevens import NEDERLAND, kies_jaar
from .omvang import LOKAAL, NIET_AANGELEVERD, NL_LABEL, ONTBREEKT, _codes, _pct
from .presentatie.getallen import nl_getal

DOEL_SOCIALE_HUUR_PCT = 30.0  # "toegroeien naar gemiddeld 30 % sociale huur" (Een thuis voor iedereen)

WONINGVOORRAAD_KOLOMMEN = ["gemeentecode", "jaar", "woningvoorraad", "koop_pct", "huur_pct", "corporatie_pct",
                           "sociale_huur", "sociale_huur_pct", "woz_x1000"]


def doel_sociale_huur(spreiding: Mapping[str, Any] | None, bron: str = "") -> float:
    """The aim for the share of sociale huur, in % of the housing stock.

    Read from the regio's ``spreiding:`` section (key ``doel_sociale_huur``, a fraction, default 0.30:
    "toegroeien naar gemiddeld 30 % sociale huur", Een thuis voor iedereen) through
    :func:`wzlib.spreiding.lees_params`, so stap 2 and the fair-share step use one validated value.
    """
    from .spreiding import lees_params

    return 100.0 * lees_params(spreiding, bron).doel_sociale_huur


def _leeg(df: pd.DataFrame | None) -> bool:
    return df is None or df.empty


def _per_gemeente_jaar(df: pd.DataFrame, peiljaar: int) -> pd.DataFrame:
    """Per gemeente the rows of its latest year <= peiljaar (else its earliest year)."""
    if df.empty:
        return df
    keuze = {g: kies_jaar(d, peiljaar) for g, d in df.groupby("gemeentecode")}
    return df[[keuze.get(g) == j for g, j in zip(df["gemeentecode"], df["jaar"])]]


# --------------------------------------------------------------------------------------------------
# woningvoorraad
# --------------------------------------------------------------------------------------------------
def woningvoorraad(woningen: pd.DataFrame, woningmarkt: pd.DataFrame | None, codes: Sequence[str],
                   peiljaar: int) -> pd.DataFrame:
    """Housing stock per gemeente: size, koop/huur/corporatie shares, sociale huur and mean WOZ.

    - ``jaar``, ``koop_pct``, ``huur_pct``, ``woz_x1000``, ``woningvoorraad``, ``corporatie_pct``:
      canonical ``woningen`` (CBS Kerncijfers wijken en buurten, 82900NED), latest year <= peiljaar.
    - ``sociale_huur``: local ``woningmarkt.sociale_huurvoorraad`` (latest year <= peiljaar per gemeente);
      ``sociale_huur_pct`` = 100 x sociale_huur / woningvoorraad.
    - ``corporatie_pct`` falls back to 100 x ``woningmarkt.corporatievoorraad`` / woningvoorraad.
    - ``woningmarkt_jaar``: the year of the local figures; ``ontbreekt``: what could not be filled.
    """
    codes = _codes(codes)
    w = woningen if woningen is not None else pd.DataFrame(columns=["gemeentecode", "jaar"])
    jaar = kies_jaar(w, peiljaar) if not w.empty else None
    w = w[w["jaar"] == jaar].set_index("gemeentecode") if jaar is not None else pd.DataFrame()
    m = pd.DataFrame()
    if not _leeg(woningmarkt):
        m = _per_gemeente_jaar(woningmarkt[woningmarkt["gemeentecode"].isin(codes)], peiljaar)
        m = m.drop_duplicates("gemeentecode", keep="last").set_index("gemeentecode")

    def waarde(df: pd.DataFrame, code: str, kolom: str) -> float:
        if df.empty or kolom not in df.columns or code not in df.index:
            return np.nan
        v = df.at[code, kolom]
        return np.nan if pd.isna(v) else float(v)

    rijen = []
    for c in codes:
        voorraad = waarde(w, c, "woningvoorraad")
        corp = waarde(w, c, "corporatie_pct")
        if np.isnan(corp):
            corp = _pct(waarde(m, c, "corporatievoorraad"), voorraad)
        soc = waarde(m, c, "sociale_huurvoorraad")
        rij = {
            "gemeentecode": c, "jaar": jaar, "woningvoorraad": voorraad,
            "koop_pct": waarde(w, c, "koopwoningen_pct"), "huur_pct": waarde(w, c, "huurwoningen_pct"),
            "corporatie_pct": corp, "sociale_huur": soc, "sociale_huur_pct": _pct(soc, voorraad),
            "woz_x1000": waarde(w, c, "woz_gemiddeld_x1000"),
            "woningmarkt_jaar": waarde(m, c, "jaar"),
        }
        rij["ontbreekt"] = ", ".join(k for k in WONINGVOORRAAD_KOLOMMEN[2:] if pd.isna(rij[k]))
        rijen.append(rij)
    uit = pd.DataFrame(rijen)
    return uit.astype({"gemeentecode": "string", "jaar": "Int64", "woningvoorraad": "Float64",
                       "koop_pct": "Float64", "huur_pct": "Float64", "corporatie_pct": "Float64",
                       "sociale_huur": "Float64", "sociale_huur_pct": "Float64", "woz_x1000": "Float64",
                       "woningmarkt_jaar": "Int64", "ontbreekt": "string"})


def voorraad_bronnen(woningen_herkomst, woningen: pd.DataFrame | None, woningmarkt_herkomst,
                     woningmarkt: pd.DataFrame | None, vv: pd.DataFrame, codes: Sequence[str] | None = None) -> list:
    """The sources behind :func:`woningvoorraad`: the ``woningen`` provenance narrowed to the year used
    (and ``codes`` plus NL00), and the local ``woningmarkt`` provenance narrowed to the latest year used.
    Provenances may be given as lists (``A.herkomst(...)``). ``woningmarkt_herkomst=None``: leave the local
    source out; an empty list: say it was not delivered."""
    from .omvang import herkomst_jaar

    uit = []
    jaar = vv["jaar"].dropna()
    h = herkomst_jaar(woningen_herkomst, woningen, int(jaar.iloc[0]) if len(jaar) else None,
                      [*codes, NEDERLAND] if codes is not None else None)
    if h is not None:
        uit.append(h)
    if woningmarkt_herkomst is None:
        return uit
    mj = vv["woningmarkt_jaar"].dropna()
    h = herkomst_jaar(woningmarkt_herkomst, woningmarkt, int(mj.max()) if len(mj) else None, codes)
    uit.append(h if h is not None else "woningmarkt: " + NIET_AANGELEVERD)
    return uit


def _gewogen(df: pd.DataFrame, kolom: str, gewicht: str = "woningvoorraad") -> tuple[float, str]:
    """Weighted mean of a % column over rows, weighted by the housing stock; falls back to the plain
    mean of the gemeenten (labelled) when the stock is unknown somewhere. NA when a value is missing."""
    v = df[kolom].astype("float64")
    if v.isna().any() or v.empty:
        return np.nan, ""
    gw = df[gewicht].astype("float64") if gewicht in df.columns else pd.Series(np.nan, index=df.index)
    if gw.notna().all() and gw.sum() > 0:
        return float((v * gw).sum() / gw.sum()), "gewogen"
    return float(v.mean()), "ongewogen"


WONINGVOORRAAD_NAMEN = {
    "gebied": "Gebied", "woningvoorraad": "Woningvoorraad", "koop_pct": "Koop (%)", "huur_pct": "Huur (%)",
    "corporatie_pct": "Corporatiebezit (%)", "sociale_huur": "Sociale huur", "sociale_huur_pct": "Sociale huur (%)",
    "woz_x1000": "WOZ (x 1.000 euro)",
}


def woningvoorraad_vergelijking(vv: pd.DataFrame, woningen: pd.DataFrame | None, gemeente: str, *,
                                regio_naam: str = "regio",
                                gemeentenamen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table of :func:`woningvoorraad`: one row per gebied — the gemeente first, the other
    gemeenten of the regio, the regio and (when the source has it) Nederland.

    Regio: counts summed (NA unless known for every gemeente); percentages and WOZ weighted by the
    stock when it is known for every gemeente, otherwise the plain mean of the gemeenten — the row
    label then says "(ongewogen gemiddelde van de gemeenten)". Nederland: the ``NL00`` row of
    ``woningen`` for the same year; no row when the source has none.
    Columns: gebied, woningvoorraad, koop_pct, huur_pct, corporatie_pct, sociale_huur, sociale_huur_pct,
    woz_x1000 (display names: :data:`WONINGVOORRAAD_NAMEN`).
    """
    codes = list(vv["gemeentecode"])
    if gemeente not in codes:
        raise ParamsFout(f"Gemeente {gemeente} staat niet in de tabel woningvoorraad ({', '.join(codes)}).")
    namen = dict(gemeentenamen or {})
    kol = list(WONINGVOORRAAD_NAMEN)[1:]
    volgorde = [gemeente, *[c for c in codes if c != gemeente]]
    rijen = []
    for c in volgorde:
        r = vv[vv["gemeentecode"] == c].iloc[0]
        rijen.append({"gebied": namen.get(c, c), **{k: r[k] for k in kol}})
    regio = {}
    ongewogen = False
    for k in kol:
        if k in ("woningvoorraad", "sociale_huur"):
            s_ = vv[k].astype("float64")
            regio[k] = float(s_.sum()) if s_.notna().all() else np.nan
        elif k == "sociale_huur_pct":
            regio[k] = (_pct(regio["sociale_huur"], regio["woningvoorraad"]))
        else:
            regio[k], hoe = _gewogen(vv, k)
            ongewogen |= hoe == "ongewogen"
    label = regio_naam + (" (ongewogen gemiddelde van de gemeenten)" if ongewogen else "")
    rijen.append({"gebied": label, **regio})
    jaar = vv["jaar"].dropna().iloc[0] if vv["jaar"].notna().any() else None
    if woningen is not None and not woningen.empty and jaar is not None:
        nl = woningen[(woningen["gemeentecode"] == NEDERLAND) & (woningen["jaar"] == jaar)]
        if not nl.empty:
            n = nl.iloc[0]
            bron_kol = {"woningvoorraad": "woningvoorraad", "koop_pct": "koopwoningen_pct",
                        "huur_pct": "huurwoningen_pct", "corporatie_pct": "corporatie_pct",
                        "woz_x1000": "woz_gemiddeld_x1000"}
            rijen.append({"gebied": NL_LABEL, **{k: (n[bron_kol[k]] if k in bron_kol and bron_kol[k] in n.index
                                                    else np.nan) for k in kol}})
    uit = pd.DataFrame(rijen, columns=list(WONINGVOORRAAD_NAMEN))
    return uit.astype({"gebied": "string", **{k: "Float64" for k in kol}})


def sociale_huur_toets(vv: pd.DataFrame, doel_pct: float = DOEL_SOCIALE_HUUR_PCT) -> pd.DataFrame:
    """Share of sociale huur per gemeente against the aim (default 30 %).

    ``aandeel``: ``sociale_huur_pct`` (local sociale huurvoorraad / woningvoorraad); when that is missing,
    ``corporatie_pct`` (CBS: bezit woningcorporaties) as an approximation — ``grondslag`` says which.
    ``verschil_pctpunt`` = aandeel - doel; ``tekort_woningen`` = doel x woningvoorraad - sociale_huur
    (only when both counts are known; negative = above the aim).
    Columns: gemeentecode, aandeel, grondslag, doel_pct, verschil_pctpunt, tekort_woningen.
    """
    rijen = []
    for _, r in vv.iterrows():
        if not pd.isna(r["sociale_huur_pct"]):
            aandeel, grond = float(r["sociale_huur_pct"]), "sociale huurvoorraad (lokaal)"
        elif not pd.isna(r["corporatie_pct"]):
            aandeel, grond = float(r["corporatie_pct"]), "benadering: bezit woningcorporaties (CBS)"
        else:
            aandeel, grond = np.nan, ONTBREEKT
        tekort = np.nan
        if not pd.isna(r["woningvoorraad"]) and not pd.isna(r["sociale_huur"]):
            tekort = doel_pct / 100 * float(r["woningvoorraad"]) - float(r["sociale_huur"])
        rijen.append({"gemeentecode": r["gemeentecode"], "aandeel": aandeel, "grondslag": grond,
                      "doel_pct": doel_pct, "verschil_pctpunt": aandeel - doel_pct, "tekort_woningen": tekort})
    return pd.DataFrame(rijen).astype({"gemeentecode": "string", "aandeel": "Float64", "grondslag": "string",
                                       "doel_pct": "Float64", "verschil_pctpunt": "Float64",
                                       "tekort_woningen": "Float64"})


SOCIALE_HUUR_NAMEN = {
    "gebied": "Gemeente", "aandeel": "Sociale huur (%)", "grondslag": "Grondslag", "doel_pct": "Doel (%)",
    "verschil_pctpunt": "Verschil (procentpunt)", "tekort_woningen": "Tekort (woningen; negatief: overschot)",
}


def sociale_huur_overzicht(vv: pd.DataFrame, doel_pct: float = DOEL_SOCIALE_HUUR_PCT,
                           gemeentenamen: Mapping[str, str] | None = None,
                           gemeente: str | None = None) -> pd.DataFrame:
    """Display version of :func:`sociale_huur_toets`: gemeente names (own gemeente first when given),
    the tekort rounded to whole dwellings (display names: :data:`SOCIALE_HUUR_NAMEN`)."""
    t = sociale_huur_toets(vv, doel_pct)
    namen = dict(gemeentenamen or {})
    if gemeente is not None:
        t = pd.concat([t[t["gemeentecode"] == gemeente], t[t["gemeentecode"] != gemeente]], ignore_index=True)
    uit = t.drop(columns="gemeentecode")
    uit.insert(0, "gebied", [namen.get(c, c) for c in t["gemeentecode"]])
    uit["tekort_woningen"] = uit["tekort_woningen"].round().astype("Int64")
    return uit.astype({"gebied": "string"})


# --------------------------------------------------------------------------------------------------
# voorzieningen per wijk
# --------------------------------------------------------------------------------------------------
VOORZIENINGEN = {"afstand_huisarts_km": "Afstand huisarts (km)",
                 "afstand_supermarkt_km": "Afstand grote supermarkt (km)"}


def voorzieningen_wijken(wijken: pd.DataFrame, gemeente: str, peiljaar: int) -> pd.DataFrame:
    """Distance to huisarts and supermarkt per wijk of the gemeente, ranked from farthest to nearest.

    From canonical ``wijken`` (CBS Kerncijfers wijken en buurten; nabijheid from 80305ned), wijk rows
    of the latest year <= peiljaar. An empty frame (same columns) when the gemeente has no wijk rows
    or both distance columns are empty — see :func:`voorzieningen_zin`.
    Columns: wijk, gebiedscode, inwoners, inwoners_65_plus, aandeel_65_plus, afstand_huisarts_km,
    afstand_supermarkt_km, rang (1 = farthest from a huisarts), jaar.
    """
    kol = ["wijk", "gebiedscode", "inwoners", "inwoners_65_plus", "aandeel_65_plus", *VOORZIENINGEN, "rang",
           "jaar"]
    leeg = pd.DataFrame({k: pd.Series(dtype="string" if k in ("gebiedscode", "wijk") else "Float64")
                         for k in kol})
    if wijken is None or wijken.empty:
        return leeg
    w = wijken[(wijken["gemeentecode"] == gemeente) & (wijken["soort"] == "wijk")]
    jaar = kies_jaar(w, peiljaar)
    if jaar is None:
        return leeg
    w = w[w["jaar"] == jaar]
    afst = [k for k in VOORZIENINGEN if k in w.columns]
    if not afst or w[afst].isna().all().all():
        return leeg
    uit = pd.DataFrame({
        "wijk": w["naam"].astype("string"), "gebiedscode": w["gebiedscode"].astype("string"),
        "inwoners": w["inwoners"].astype("Float64"), "inwoners_65_plus": w["leeftijd_65_plus"].astype("Float64"),
    })
    uit["aandeel_65_plus"] = [
        _pct(a, b) for a, b in zip(uit["inwoners_65_plus"], uit["inwoners"])]
    for k in VOORZIENINGEN:
        uit[k] = w[k].astype("Float64") if k in w.columns else pd.Series(np.nan, index=w.index, dtype="Float64")
    uit = uit.sort_values(["afstand_huisarts_km", "afstand_supermarkt_km"], ascending=False, na_position="last")
    uit["rang"] = np.arange(1, len(uit) + 1)
    uit["jaar"] = jaar
    return uit.reset_index(drop=True).astype({"aandeel_65_plus": "Float64", "rang": "Int64", "jaar": "Int64"})


VOORZIENINGEN_NAMEN = {
    "wijk": "Wijk", "gebiedscode": "Wijkcode", "inwoners": "Inwoners", "inwoners_65_plus": "65+",
    "aandeel_65_plus": "65+ (%)", "afstand_huisarts_km": "Huisarts (km)", "afstand_supermarkt_km": "Supermarkt (km)",
    "rang": "Rang", "jaar": "Jaar",
}


def voorzieningen_zin(vz: pd.DataFrame, wijken: pd.DataFrame | None, gemeente_naam: str) -> str:
    """One Dutch sentence about the wijk table of :func:`voorzieningen_wijken` (empty or not)."""
    if vz.empty:
        waarom = ("het invoerbestand wijken.csv bevat geen afstanden tot voorzieningen"
                  if wijken is not None and not wijken.empty else "er zijn geen wijkgegevens")
        return (f"Voor {gemeente_naam} zijn geen afstanden tot huisarts en supermarkt per wijk beschikbaar "
                f"({waarom}). Voeg de nabijheidscijfers van CBS (80305ned / Kerncijfers wijken en buurten) toe "
                "aan wijken.csv om deze tabel te vullen.")
    ver = vz.iloc[0]
    km = nl_getal(float(ver["afstand_huisarts_km"]), 1)
    return (f"In {gemeente_naam} ligt de huisarts het verst weg in wijk {ver['wijk']} (gemiddeld {km} km); "
            f"de tabel rangschikt alle {len(vz)} wijken van ver naar dichtbij.")


# --------------------------------------------------------------------------------------------------
# aanbod per woonvorm (lokale invoer)
# --------------------------------------------------------------------------------------------------
AANBOD_KOLOMMEN = ["gemeentecode", "woonvorm", "label", "aantal", "eenheid", "definitie", "bron", "jaar", "status",
                   "toelichting"]


def aanbod_per_woonvorm(aanbod: pd.DataFrame | None, codes: Sequence[str], peiljaar: int, *,
                        woningmarkt: pd.DataFrame | None = None, register: Mapping | None = None) -> pd.DataFrame:
    """The current aanbod per gemeente × woonvorm: every woonvorm of the registry, nothing dropped.

    Source: local input ``aanbod`` (``wzlib.bronnen.lokaal``; validated there), per gemeente × woonvorm
    the latest year <= peiljaar (else the earliest). ``sociale_huur`` without an aanbod row is taken from
    ``woningmarkt.sociale_huurvoorraad`` when delivered. ``status``: "lokaal aangeleverd" when ``aantal``
    is filled, otherwise "ontbreekt" (no row, or a row with an empty ``aantal``, whose bron and toelichting
    are kept). ``definitie``: as delivered (geclusterd: '≥5 wooneenheden (RIGO)' or '≥12 wooneenheden
    (CBS)'). Woonvormen outside the registry are kept, after the registry ones.
    Columns: gemeentecode, woonvorm, label, aantal, eenheid, definitie, bron, jaar, status, toelichting.
    """
    from . import groepen as _g

    reg = register if register is not None else _g.WOONVORMEN
    codes = _codes(codes)
    a = aanbod if aanbod is not None and not aanbod.empty else None
    if a is not None:
        a = a[a["gemeentecode"].isin(codes)]
    wm = None
    if not _leeg(woningmarkt):
        wm = _per_gemeente_jaar(woningmarkt[woningmarkt["gemeentecode"].isin(codes)], peiljaar)
    extra = [] if a is None else [w for w in dict.fromkeys(a["woonvorm"]) if w not in reg]
    rijen = []
    for w in [*reg, *extra]:
        wv = reg.get(w)
        for c in codes:
            rij = {"gemeentecode": c, "woonvorm": w, "label": wv.label if wv else w,
                   "aantal": np.nan, "eenheid": wv.eenheid if wv else "", "definitie": "", "bron": "",
                   "jaar": pd.NA, "status": ONTBREEKT, "toelichting": ""}
            d = a[(a["gemeentecode"] == c) & (a["woonvorm"] == w)] if a is not None else pd.DataFrame()
            if not d.empty:
                j = kies_jaar(d, peiljaar)
                r = d[d["jaar"] == j].iloc[-1]
                rij.update(jaar=int(j), definitie=_tekst(r.get("definitie")), bron=_tekst(r.get("bron")),
                           toelichting=_tekst(r.get("toelichting")))
                if not pd.isna(r["aantal"]):
                    rij.update(aantal=float(r["aantal"]), status=LOKAAL)
            elif w == "sociale_huur" and wm is not None and c in set(wm["gemeentecode"]):
                r = wm[wm["gemeentecode"] == c].iloc[-1]
                if not pd.isna(r["sociale_huurvoorraad"]):
                    rij.update(aantal=float(r["sociale_huurvoorraad"]), jaar=int(r["jaar"]), status=LOKAAL,
                               bron=_tekst(r.get("bron")) or "woningmarkt (lokale invoer)",
                               toelichting="sociale huurvoorraad uit woningmarkt")
            rijen.append(rij)
    uit = pd.DataFrame(rijen, columns=AANBOD_KOLOMMEN)
    return uit.astype({"gemeentecode": "string", "woonvorm": "string", "label": "string", "aantal": "Float64",
                       "eenheid": "string", "definitie": "string", "bron": "string", "jaar": "Int64",
                       "status": "string", "toelichting": "string"})


def _tekst(v) -> str:
    return "" if v is None or pd.isna(v) else str(v)


def aanbod_resultaat(aanbod_tabel: pd.DataFrame) -> pd.DataFrame:
    """The ``aanbod`` result table: gemeentecode, woonvorm, aantal, eenheid, definitie, bron, jaar, status."""
    return aanbod_tabel[["gemeentecode", "woonvorm", "aantal", "eenheid", "definitie", "bron", "jaar",
                         "status"]].reset_index(drop=True)


def aanbod_regio(aanbod_tabel: pd.DataFrame) -> pd.DataFrame:
    """Regio totals per woonvorm: sum over the gemeenten with a figure, and how complete that is.

    Columns: woonvorm, label, eenheid, aantal, met_cijfer, gemeenten, volledigheid (%), definitie
    (the definitions used, e.g. for geclusterd).
    """
    rijen = []
    for w, d in aanbod_tabel.groupby("woonvorm", sort=False):
        bekend = d[d["aantal"].notna()]
        defs = sorted({str(x) for x in bekend["definitie"].dropna() if str(x)})
        rijen.append({"woonvorm": w, "label": d["label"].iloc[0], "eenheid": d["eenheid"].iloc[0],
                      "aantal": float(bekend["aantal"].sum()) if len(bekend) else np.nan,
                      "met_cijfer": len(bekend), "gemeenten": len(d),
                      "volledigheid": 100 * len(bekend) / len(d) if len(d) else np.nan,
                      "definitie": "; ".join(defs)})
    return pd.DataFrame(rijen).astype({"woonvorm": "string", "label": "string", "eenheid": "string",
                                       "aantal": "Float64", "met_cijfer": "Int64", "gemeenten": "Int64",
                                       "volledigheid": "Float64", "definitie": "string"})


AANBOD_NAMEN = {
    "woonvorm": "Woonvorm", "aantal": "Aantal", "eenheid": "Eenheid", "definitie": "Definitie", "jaar": "Jaar",
    "bron": "Bron", "status": "Status", "per_1000": "Per 1.000 inwoners", "regio_aantal": "Regio: aantal",
    "regio_per_1000": "Regio: per 1.000 inwoners", "regio_volledig": "Regio: gemeenten met cijfer",
}


def definities(aanbod_tabel: pd.DataFrame) -> dict[str, str]:
    """{woonvorm: definition(s) used} for the woonvormen whose delivered rows state a definition
    (e.g. geclusterd: '≥5 wooneenheden (RIGO)'); several are joined with '; '."""
    uit = {}
    for w, d in aanbod_tabel.groupby("woonvorm", sort=False):
        defs = sorted({str(x) for x in d["definitie"].dropna() if str(x)})
        if defs:
            uit[str(w)] = "; ".join(defs)
    return uit


def aanbod_vergelijking(aanbod_tabel: pd.DataFrame, gemeente: str,
                        inwoners_tabel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Display table: per woonvorm the gemeente's aanbod next to the regio total.

    ``per_1000`` = aanbod per 1,000 inhabitants (gemeente; regio over the gemeenten with a figure), so
    gemeenten of different size compare. Columns: woonvorm (label), aantal, eenheid, definitie, jaar, bron,
    status, per_1000, regio_aantal, regio_per_1000, regio_volledig ("5 van 7").
    """
    g = aanbod_tabel[aanbod_tabel["gemeentecode"] == gemeente]
    if g.empty:
        raise ParamsFout(f"Gemeente {gemeente} staat niet in de tabel aanbod.")
    r = aanbod_regio(aanbod_tabel).set_index("woonvorm")
    inw = (inwoners_tabel.set_index("gemeentecode")["inwoners"].astype("float64")
           if inwoners_tabel is not None else pd.Series(dtype="float64"))
    rijen = []
    for _, x in g.iterrows():
        rr = r.loc[x["woonvorm"]]
        bekend = aanbod_tabel[(aanbod_tabel["woonvorm"] == x["woonvorm"]) & aanbod_tabel["aantal"].notna()]
        noemer = float(inw.reindex(bekend["gemeentecode"]).sum()) if len(bekend) and len(inw) else np.nan
        rijen.append({
            "woonvorm": x["label"], "aantal": x["aantal"], "eenheid": x["eenheid"],
            "definitie": x["definitie"] or "–", "jaar": x["jaar"], "bron": x["bron"] or "–", "status": x["status"],
            "per_1000": _pct(x["aantal"], inw.get(gemeente, np.nan)) * 10 if len(inw) else np.nan,
            "regio_aantal": rr["aantal"],
            "regio_per_1000": _pct(rr["aantal"], noemer) * 10 if not pd.isna(noemer) else np.nan,
            "regio_volledig": f"{int(rr['met_cijfer'])} van {int(rr['gemeenten'])}",
        })
    uit = pd.DataFrame(rijen)
    for k in ("aantal", "regio_aantal"):
        uit[k] = uit[k].astype("Float64").round().astype("Int64")
    return uit.astype({"jaar": "Int64", "per_1000": "Float64", "regio_per_1000": "Float64"})


def aanbod_matrix(aanbod_tabel: pd.DataFrame, gemeentenamen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The regio at a glance: rows = woonvormen (label, eenheid), one column per gemeente with its count
    (NA = ontbreekt) and a regio column with the sum of the known counts."""
    namen = dict(gemeentenamen or {})
    codes = list(dict.fromkeys(aanbod_tabel["gemeentecode"]))
    vormen = list(dict.fromkeys(aanbod_tabel["woonvorm"]))
    wijd = aanbod_tabel.pivot(index="woonvorm", columns="gemeentecode", values="aantal").reindex(
        index=vormen, columns=codes)
    info = aanbod_tabel.drop_duplicates("woonvorm").set_index("woonvorm")
    uit = pd.DataFrame({"Woonvorm": [info.at[w, "label"] for w in vormen],
                        "Eenheid": [info.at[w, "eenheid"] for w in vormen]})
    for c in codes:
        uit[namen.get(c, c)] = wijd[c].to_numpy()
    uit["Regio (som bekende)"] = aanbod_regio(aanbod_tabel).set_index("woonvorm").reindex(vormen)["aantal"].to_numpy()
    return uit.astype({k: "Int64" for k in uit.columns if k not in ("Woonvorm", "Eenheid")}).astype(
        {"Woonvorm": "string", "Eenheid": "string"})
