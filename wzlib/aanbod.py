"""Stap 2, "het huidige aanbod" — computation: housing stock, sociale huur, aanbod per woonvorm, voorzieningen.

Pure functions: canonical tables (``woningen``, ``wijken``) and local inputs (``aanbod``,
``woningmarkt`` from ``wzlib.bronnen.lokaal``) in, result tables out. No I/O, no plotting, no prose
(display tables and sentences: :mod:`wzlib.aanbod_tekst`). Every function takes ALL gemeenten of the
regio (``codes``); the notebook selects its gemeente. Shares are fractions 0..1; the import format
holds CBS percentages (``koopwoningen_pct`` ...), converted here once.

Nothing is silently dropped: every woonvorm of the registry gets a row per gemeente, with status
"lokaal aangeleverd" or "ontbreekt"; local rows with a woonvorm outside the registry are kept too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .gegevens import kies_jaar
from .getal import deel
from .groepen import WOONVORMEN
from .omvang import LOKAAL, ONTBREEKT, _codes

WONINGVOORRAAD_KOLOMMEN = ["gemeentecode", "jaar", "woningvoorraad", "koop_aandeel", "huur_aandeel",
                           "corporatie_aandeel", "sociale_huur", "sociale_huur_aandeel", "woz_x1000"]

#: How the sociale-huur check says its figure is the corporatie stock (CBS 82900NED) standing in for sociale huur.
BENADERING_CORPORATIE = "benadering: bezit woningcorporaties (CBS) in plaats van sociale huur"
LOKAAL_SOCIALE_HUUR = "sociale huurvoorraad (lokaal)"


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

    - ``jaar``, ``woz_x1000``, ``woningvoorraad``: canonical ``woningen`` (CBS Kerncijfers wijken en
      buurten, 82900NED), latest year <= peiljaar; ``koop_aandeel``, ``huur_aandeel``,
      ``corporatie_aandeel``: its percentages as fractions.
    - ``sociale_huur``: local ``woningmarkt.sociale_huurvoorraad`` (latest year <= peiljaar per gemeente);
      ``sociale_huur_aandeel`` = sociale_huur / woningvoorraad.
    - ``corporatie_aandeel`` falls back to ``woningmarkt.corporatievoorraad`` / woningvoorraad.
    - ``corporatie_woningen`` = corporatie_aandeel x woningvoorraad (dwellings owned by woningcorporaties):
      the stand-in for the sociale huurvoorraad where no local figure is delivered.
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
        corp = waarde(w, c, "corporatie_pct") / 100
        if np.isnan(corp):
            corp = deel(waarde(m, c, "corporatievoorraad"), voorraad)
        soc = waarde(m, c, "sociale_huurvoorraad")
        rij = {
            "gemeentecode": c, "jaar": jaar, "woningvoorraad": voorraad,
            "koop_aandeel": waarde(w, c, "koopwoningen_pct") / 100, "huur_aandeel": waarde(w, c, "huurwoningen_pct") / 100,
            "corporatie_aandeel": corp, "sociale_huur": soc, "sociale_huur_aandeel": deel(soc, voorraad),
            "woz_x1000": waarde(w, c, "woz_gemiddeld_x1000"),
            "woningmarkt_jaar": waarde(m, c, "jaar"), "corporatie_woningen": corp * voorraad,
        }
        rij["ontbreekt"] = ", ".join(k for k in WONINGVOORRAAD_KOLOMMEN[2:] if pd.isna(rij[k]))
        rijen.append(rij)
    uit = pd.DataFrame(rijen)
    return uit.astype({"gemeentecode": "string", "jaar": "Int64", "woningvoorraad": "Float64",
                       "koop_aandeel": "Float64", "huur_aandeel": "Float64", "corporatie_aandeel": "Float64",
                       "sociale_huur": "Float64", "sociale_huur_aandeel": "Float64", "woz_x1000": "Float64",
                       "woningmarkt_jaar": "Int64", "ontbreekt": "string", "corporatie_woningen": "Float64"})


def sociale_huurvoorraad(vv: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per gemeente (index gemeentecode) the sociale huurvoorraad in dwellings and its grondslag: the local
    ``sociale_huur`` where delivered, else the corporatie stock ``corporatie_woningen`` (CBS 82900NED) as
    the stated stand-in (:data:`BENADERING_CORPORATIE`), else NaN / "ontbreekt". Tables written before
    ``corporatie_woningen`` existed are read as corporatie_aandeel x woningvoorraad."""
    v = vv.set_index(vv["gemeentecode"].astype("string"))
    lokaal = pd.to_numeric(v["sociale_huur"], errors="coerce").astype("float64")
    if "corporatie_woningen" in v.columns:
        corp = pd.to_numeric(v["corporatie_woningen"], errors="coerce").astype("float64")
    elif "corporatie_aandeel" not in v.columns or "woningvoorraad" not in v.columns:
        corp = pd.Series(np.nan, index=v.index, dtype="float64")
    else:
        corp = (pd.to_numeric(v["corporatie_aandeel"], errors="coerce")
                * pd.to_numeric(v["woningvoorraad"], errors="coerce")).astype("float64")
    waarde = lokaal.where(lokaal.notna(), corp)
    grond = pd.Series(np.where(lokaal.notna(), LOKAAL_SOCIALE_HUUR,
                               np.where(corp.notna(), BENADERING_CORPORATIE, ONTBREEKT)), index=v.index,
                      dtype="string")
    return waarde, grond


def woningvoorraad_resultaat(vv: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """The ``woningvoorraad`` result table of one gemeente (catalogue ``woningvoorraad``)."""
    return vv[vv["gemeentecode"] == gemeente].reset_index(drop=True)


def woningvoorraad_regio(vv: pd.DataFrame) -> tuple[dict[str, float], bool]:
    """The regio's figures of :func:`woningvoorraad`: counts summed (NA unless known for every gemeente);
    shares and WOZ weighted by the stock when it is known for every gemeente, otherwise the plain mean
    of the gemeenten (then the second value is True: "ongewogen"). The sociale-huur share is the sum of
    sociale huur over the sum of the stock."""
    regio: dict[str, float] = {}
    ongewogen = False
    for k in WONINGVOORRAAD_KOLOMMEN[2:]:
        if k in ("woningvoorraad", "sociale_huur"):
            s_ = vv[k].astype("float64")
            regio[k] = float(s_.sum()) if s_.notna().all() else np.nan
        elif k == "sociale_huur_aandeel":
            regio[k] = deel(regio["sociale_huur"], regio["woningvoorraad"])
        else:
            regio[k], hoe = _gewogen(vv, k)
            ongewogen |= hoe == "ongewogen"
    return regio, ongewogen


def _gewogen(df: pd.DataFrame, kolom: str, gewicht: str = "woningvoorraad") -> tuple[float, str]:
    """Weighted mean of a share column over rows, weighted by the housing stock; falls back to the plain
    mean of the gemeenten (labelled) when the stock is unknown somewhere. NA when a value is missing."""
    v = df[kolom].astype("float64")
    if v.isna().any() or v.empty:
        return np.nan, ""
    gw = df[gewicht].astype("float64") if gewicht in df.columns else pd.Series(np.nan, index=df.index)
    if gw.notna().all() and gw.sum() > 0:
        return float((v * gw).sum() / gw.sum()), "gewogen"
    return float(v.mean()), "ongewogen"


def sociale_huur_toets(vv: pd.DataFrame, doel: float) -> pd.DataFrame:
    """Share of sociale huur per gemeente against the aim ``doel`` (a fraction; regio parameter
    ``spreiding.doel_sociale_huur``, default 0.30: "toegroeien naar gemiddeld 30 % sociale huur").

    ``aandeel``: ``sociale_huur_aandeel`` (local sociale huurvoorraad / woningvoorraad); when that is
    missing, ``corporatie_aandeel`` (CBS 82900NED: bezit woningcorporaties) as the stated stand-in —
    ``grondslag`` says which (:func:`sociale_huurvoorraad`). ``verschil`` = aandeel - doel (fraction
    points); ``tekort_woningen`` = doel x woningvoorraad - sociale huurvoorraad (local, or the corporatie
    stock as stand-in; negative = above the aim), NaN only when the stock or both shares are unknown.
    Columns: gemeentecode, aandeel, grondslag, doel, verschil, tekort_woningen.
    """
    rijen = []
    sh, grondslag = sociale_huurvoorraad(vv)
    for _, r in vv.iterrows():
        code = str(r["gemeentecode"])
        grond = str(grondslag[code])
        if grond == LOKAAL_SOCIALE_HUUR and not pd.isna(r["sociale_huur_aandeel"]):
            aandeel = float(r["sociale_huur_aandeel"])
        elif not pd.isna(r["corporatie_aandeel"]):
            aandeel, grond = float(r["corporatie_aandeel"]), BENADERING_CORPORATIE
        else:
            aandeel, grond = np.nan, ONTBREEKT
        tekort = np.nan
        if not pd.isna(r["woningvoorraad"]) and not pd.isna(sh[code]):
            tekort = doel * float(r["woningvoorraad"]) - float(sh[code])
        rijen.append({"gemeentecode": r["gemeentecode"], "aandeel": aandeel, "grondslag": grond,
                      "doel": doel, "verschil": aandeel - doel, "tekort_woningen": tekort})
    return pd.DataFrame(rijen).astype({"gemeentecode": "string", "aandeel": "Float64", "grondslag": "string",
                                       "doel": "Float64", "verschil": "Float64", "tekort_woningen": "Float64"})


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
    uit["aandeel_65_plus"] = [deel(a, b) for a, b in zip(uit["inwoners_65_plus"], uit["inwoners"])]
    for k in VOORZIENINGEN:
        uit[k] = w[k].astype("Float64") if k in w.columns else pd.Series(np.nan, index=w.index, dtype="Float64")
    uit = uit.sort_values(["afstand_huisarts_km", "afstand_supermarkt_km"], ascending=False, na_position="last")
    uit["rang"] = np.arange(1, len(uit) + 1)
    uit["jaar"] = jaar
    return uit.reset_index(drop=True).astype({"aandeel_65_plus": "Float64", "rang": "Int64", "jaar": "Int64"})


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
    reg = register if register is not None else WOONVORMEN
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


def aanbod_resultaat(aanbod_tabel: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """The ``aanbod`` result table of one gemeente (catalogue ``aanbod``)."""
    a = aanbod_tabel[aanbod_tabel["gemeentecode"] == gemeente]
    return a[["gemeentecode", "woonvorm", "aantal", "eenheid", "definitie", "bron", "jaar",
              "status"]].reset_index(drop=True)


def aanbod_regio(aanbod_tabel: pd.DataFrame) -> pd.DataFrame:
    """Regio totals per woonvorm: sum over the gemeenten with a figure, and how complete that is.

    Columns: woonvorm, label, eenheid, aantal, met_cijfer, gemeenten, volledigheid (fraction), definitie
    (the definitions used, e.g. for geclusterd).
    """
    rijen = []
    for w, d in aanbod_tabel.groupby("woonvorm", sort=False):
        bekend = d[d["aantal"].notna()]
        defs = sorted({str(x) for x in bekend["definitie"].dropna() if str(x)})
        rijen.append({"woonvorm": w, "label": d["label"].iloc[0], "eenheid": d["eenheid"].iloc[0],
                      "aantal": float(bekend["aantal"].sum()) if len(bekend) else np.nan,
                      "met_cijfer": len(bekend), "gemeenten": len(d),
                      "volledigheid": len(bekend) / len(d) if len(d) else np.nan,
                      "definitie": "; ".join(defs)})
    return pd.DataFrame(rijen).astype({"woonvorm": "string", "label": "string", "eenheid": "string",
                                       "aantal": "Float64", "met_cijfer": "Int64", "gemeenten": "Int64",
                                       "volledigheid": "Float64", "definitie": "string"})


def definities(aanbod_tabel: pd.DataFrame) -> dict[str, str]:
    """{woonvorm: definition(s) used} for the woonvormen whose delivered rows state a definition
    (e.g. geclusterd: '≥5 wooneenheden (RIGO)'); several are joined with '; '."""
    uit = {}
    for w, d in aanbod_tabel.groupby("woonvorm", sort=False):
        defs = sorted({str(x) for x in d["definitie"].dropna() if str(x)})
        if defs:
            uit[str(w)] = "; ".join(defs)
    return uit
