"""Stap 2, "het huidige aanbod" — what the report shows: display tables, source lines and sentences built
from the results of :mod:`wzlib.aanbod` (the computation)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .fouten import ParamsFout
from .gegevens import NEDERLAND
from .getal import deel
from .omvang import NL_LABEL
from .omvang_tekst import NIET_AANGELEVERD, herkomst_jaar
from .aanbod import aanbod_regio, sociale_huur_toets, woningvoorraad_regio
from .presentatie.getallen import nl_getal
from .veilig import md_tekst


def voorraad_bronnen(woningen_herkomst, woningen: pd.DataFrame | None, woningmarkt_herkomst,
                     woningmarkt: pd.DataFrame | None, vv: pd.DataFrame, codes: Sequence[str] | None = None) -> list:
    """The sources behind :func:`woningvoorraad`: the ``woningen`` provenance narrowed to the year used
    (and ``codes`` plus NL00), and the local ``woningmarkt`` provenance narrowed to the latest year used.
    Provenances may be given as lists (``A.herkomst(...)``). ``woningmarkt_herkomst=None``: leave the local
    source out; an empty list: say it was not delivered."""
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


WONINGVOORRAAD_NAMEN = {
    "gebied": "Gebied", "woningvoorraad": "Woningvoorraad", "koop_aandeel": "Koop (%)", "huur_aandeel": "Huur (%)",
    "corporatie_aandeel": "Corporatiebezit (%)", "sociale_huur": "Sociale huur",
    "sociale_huur_aandeel": "Sociale huur (%)", "woz_x1000": "WOZ (x 1.000 euro)",
}


def woningvoorraad_vergelijking(vv: pd.DataFrame, woningen: pd.DataFrame | None, gemeente: str, *,
                                regio_naam: str = "regio",
                                gemeentenamen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table of :func:`woningvoorraad`: one row per gebied — the gemeente first, the other
    gemeenten of the regio, the regio and (when the source has it) Nederland.

    Regio: :func:`wzlib.aanbod.woningvoorraad_regio`; when it is not weighted the row label says
    "(ongewogen gemiddelde van de gemeenten)". Nederland: the ``NL00`` row of ``woningen`` for the same
    year (its percentages as fractions); no row when the source has none.
    Columns: gebied, woningvoorraad, koop_aandeel, huur_aandeel, corporatie_aandeel, sociale_huur,
    sociale_huur_aandeel, woz_x1000 (display names: :data:`WONINGVOORRAAD_NAMEN`).
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
    regio, ongewogen = woningvoorraad_regio(vv)
    label = regio_naam + (" (ongewogen gemiddelde van de gemeenten)" if ongewogen else "")
    rijen.append({"gebied": label, **regio})
    jaar = vv["jaar"].dropna().iloc[0] if vv["jaar"].notna().any() else None
    if woningen is not None and not woningen.empty and jaar is not None:
        nl = woningen[(woningen["gemeentecode"] == NEDERLAND) & (woningen["jaar"] == jaar)]
        if not nl.empty:
            n = nl.iloc[0]
            bron_kol = {"woningvoorraad": ("woningvoorraad", 1), "koop_aandeel": ("koopwoningen_pct", 100),
                        "huur_aandeel": ("huurwoningen_pct", 100), "corporatie_aandeel": ("corporatie_pct", 100),
                        "woz_x1000": ("woz_gemiddeld_x1000", 1)}
            rijen.append({"gebied": NL_LABEL, **{
                k: (n[bron_kol[k][0]] / bron_kol[k][1] if k in bron_kol and bron_kol[k][0] in n.index
                    and not pd.isna(n[bron_kol[k][0]]) else np.nan) for k in kol}})
    uit = pd.DataFrame(rijen, columns=list(WONINGVOORRAAD_NAMEN))
    return uit.astype({"gebied": "string", **{k: "Float64" for k in kol}})


SOCIALE_HUUR_NAMEN = {
    "gebied": "Gemeente", "aandeel": "Sociale huur (%)", "grondslag": "Grondslag", "doel": "Doel (%)",
    "verschil": "Verschil (procentpunt)", "tekort_woningen": "Tekort (woningen; negatief: overschot)",
}


def sociale_huur_overzicht(vv: pd.DataFrame, doel: float, gemeentenamen: Mapping[str, str] | None = None,
                           gemeente: str | None = None) -> pd.DataFrame:
    """Display version of :func:`wzlib.aanbod.sociale_huur_toets`: gemeente names (own gemeente first when
    given); ``verschil`` in percentage points; the tekort rounded to whole dwellings when shown (display
    names: :data:`SOCIALE_HUUR_NAMEN`)."""
    t = sociale_huur_toets(vv, doel)
    namen = dict(gemeentenamen or {})
    if gemeente is not None:
        t = pd.concat([t[t["gemeentecode"] == gemeente], t[t["gemeentecode"] != gemeente]], ignore_index=True)
    uit = t.drop(columns="gemeentecode")
    uit.insert(0, "gebied", [namen.get(c, c) for c in t["gemeentecode"]])
    uit["verschil"] = 100 * uit["verschil"]
    return uit.astype({"gebied": "string"})


VOORZIENINGEN_NAMEN = {
    "wijk": "Wijk", "gebiedscode": "Wijkcode", "inwoners": "Inwoners", "inwoners_65_plus": "65+",
    "aandeel_65_plus": "65+ (%)", "afstand_huisarts_km": "Huisarts (km)", "afstand_supermarkt_km": "Supermarkt (km)",
    "rang": "Rang", "jaar": "Jaar",
}


def voorzieningen_zin(vz: pd.DataFrame, wijken: pd.DataFrame | None, gemeente_naam: str) -> str:
    """One Dutch sentence about the wijk table of :func:`voorzieningen_wijken` (empty or not)."""
    gemeente_naam = md_tekst(gemeente_naam)
    if vz.empty:
        waarom = ("het invoerbestand wijken.csv bevat geen afstanden tot voorzieningen"
                  if wijken is not None and not wijken.empty else "er zijn geen wijkgegevens")
        return (f"Voor {gemeente_naam} zijn geen afstanden tot huisarts en supermarkt per wijk beschikbaar "
                f"({waarom}). Voeg de nabijheidscijfers van CBS (80305ned / Kerncijfers wijken en buurten) toe "
                "aan wijken.csv om deze tabel te vullen.")
    ver = vz.iloc[0]
    km = nl_getal(float(ver["afstand_huisarts_km"]), 1)
    return (f"In {gemeente_naam} ligt de huisarts het verst weg in wijk {md_tekst(ver['wijk'])} (gemiddeld {km} km); "
            f"de tabel rangschikt alle {len(vz)} wijken van ver naar dichtbij.")


AANBOD_NAMEN = {
    "woonvorm": "Woonvorm", "aantal": "Aantal", "eenheid": "Eenheid", "definitie": "Definitie", "jaar": "Jaar",
    "bron": "Bron", "status": "Status", "per_1000": "Per 1.000 inwoners", "regio_aantal": "Regio: aantal",
    "regio_per_1000": "Regio: per 1.000 inwoners", "regio_volledig": "Regio: gemeenten met cijfer",
}


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
            "per_1000": 1000 * deel(x["aantal"], inw.get(gemeente, np.nan)) if len(inw) else np.nan,
            "regio_aantal": rr["aantal"],
            "regio_per_1000": 1000 * deel(rr["aantal"], noemer) if not pd.isna(noemer) else np.nan,
            "regio_volledig": f"{int(rr['met_cijfer'])} van {int(rr['gemeenten'])}",
        })
    uit = pd.DataFrame(rijen)
    return uit.astype({"aantal": "Float64", "regio_aantal": "Float64", "jaar": "Int64", "per_1000": "Float64",
                       "regio_per_1000": "Float64"})


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
    return uit.astype({k: "Float64" for k in uit.columns if k not in ("Woonvorm", "Eenheid")}).astype(
        {"Woonvorm": "string", "Eenheid": "string"})


#: the two halves of :func:`aanbod_vergelijking` for the page (eleven columns do not fit A4)
AANBOD_CIJFERS = ("woonvorm", "aantal", "eenheid", "per_1000", "regio_aantal", "regio_per_1000", "regio_volledig")
AANBOD_HERKOMST = ("woonvorm", "definitie", "jaar", "bron", "status")


def aanbod_delen(vergelijking: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`aanbod_vergelijking` split into the figures (gemeente next to regio) and where they come from
    (definitie, jaar, bron, status), both keyed by woonvorm, so each fits a printed page."""
    return (vergelijking.loc[:, list(AANBOD_CIJFERS)].copy(), vergelijking.loc[:, list(AANBOD_HERKOMST)].copy())
