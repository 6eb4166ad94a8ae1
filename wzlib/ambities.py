"""Stap 6, "ambities" — computation: the gemeente's SMART ambities (kaart 4) checked against the analysis.

Pure functions. In: the ambities (local input ``ambities``, :mod:`wzlib.bronnen.lokaal`), the confrontatie
of Stap 5 (vraag, aanbod, plannen and tekort per woonvorm, year and variant), the urgentie table of Stap 5
and, for the regio, the verdeling of Stap 4. Out: the catalogue tables ``ambities``, ``ambitie_toetsen``
and ``ambities_regio``. The report's texts and tables are in :mod:`wzlib.ambities_tekst`.

The checks (``toets``):

* **eenheid**: is the ambitie in the unit the analysis counts for that woonvorm (``plaatsen`` for
  verpleegzorg, beschermd wonen and opvang, ``eenheden`` for the others), or a percentage of the current
  aanbod (which the analysis must know to turn it into a number);
* **dekking** (per variant laag/midden/hoog): do the ambities for a woonvorm with a doeljaar up to this one
  (additions by that year) together cover the tekort of the confrontatie in that year? The tekort is the
  one the confrontatie and the spreiding use: vraag − aanbod − plannen, so an ambitie counts what the
  gemeente adds on top of its plancapaciteit;
* **prioriteit**: every woonvorm with a tekort ``prioriteit_jaren`` after the peiljaar (middenvariant), and
  the sociale huur when the urgent demand exceeds the norm, should have at least one ambitie.

For the regio (:func:`regio_toets`): per gemeente and groep of the verdeling, do the gemeente's ambities add
up to its toedeling under the regio's key?
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from .groepen import GROEPEN, WOONVORMEN
from .params_ambities import Ambities

VOLDOET, NIET, ONBEKEND, NVT = "voldoet", "voldoet niet", "onbekend", "n.v.t."
VARIANTEN = ("laag", "midden", "hoog")
#: Groups an ambitie may name besides the registry's (lokaal.AMBITIE_GROEPEN_EXTRA holds their labels).
EXTRA_GROEPEN = {"ouderen": "ouderen", "alle": "alle groepen"}
WOONVORM_PREFIX = "woonvorm:"  # the verdeling's groep for a woonvorm (wzlib.verdeling.opgave_woonvormen)

AMBITIE_KOLOMMEN = ["gemeentecode", "groep", "woonvorm", "doeljaar", "aantal", "eenheid", "omschrijving", "bron"]
TOETS_KOLOMMEN = ["gemeentecode", "nr", "groep", "woonvorm", "doeljaar", "toets", "variant", "ambitie", "tekort",
                  "dekking", "uitkomst", "toelichting"]
REGIO_KOLOMMEN = ["sleutel", "groep", "gemeentecode", "eenheid", "per_jaar", "toedeling", "huidige_inzet",
                  "benodigd", "ambitie", "verschil", "uitkomst", "toelichting"]


def eenheid_van(woonvorm: str) -> str:
    """The unit an ambitie for ``woonvorm`` is counted in: 'plaatsen' or 'eenheden'."""
    return "plaatsen" if WOONVORMEN[woonvorm].eenheid == "plaatsen" else "eenheden"


def groep_label(groep: str) -> str:
    """Dutch label of an ambitie's groep (registry label, 'ouderen' or 'alle groepen')."""
    if groep in GROEPEN:
        return GROEPEN[groep].label
    return EXTRA_GROEPEN.get(groep, str(groep))


def _getal(x: float) -> str:
    """A policy number in a sentence (Dutch, at most one decimal)."""
    f = float(x)
    t = f"{f:,.0f}" if f.is_integer() else f"{f:,.1f}"
    return t.replace(",", "_").replace(".", ",").replace("_", ".")


def ambities_tabel(lokaal: pd.DataFrame | None, gemeente: str) -> pd.DataFrame:
    """The catalogue table ``ambities`` of one gemeente from the local input (validated by
    :mod:`wzlib.bronnen.lokaal`): sorted by woonvorm (registry order), doeljaar and groep; an empty
    ``omschrijving`` becomes a sentence from the numbers."""
    if lokaal is None or lokaal.empty:
        return pd.DataFrame({k: pd.Series(dtype=t) for k, t in zip(
            AMBITIE_KOLOMMEN, ("string", "string", "string", "int64", "float64", "string", "string", "string"))})
    d = lokaal[lokaal["gemeentecode"] == gemeente].copy()
    volgorde = {w: i for i, w in enumerate(WOONVORMEN)}
    d["_v"] = d["woonvorm"].map(volgorde)
    d = d.sort_values(["_v", "doeljaar", "groep"], kind="stable").reset_index(drop=True)
    uit = pd.DataFrame({
        "gemeentecode": d["gemeentecode"].astype("string"), "groep": d["groep"].astype("string"),
        "woonvorm": d["woonvorm"].astype("string"), "doeljaar": d["doeljaar"].astype("int64"),
        "aantal": d["aantal"].astype("float64"), "eenheid": d["eenheid"].astype("string"),
        "omschrijving": [omschrijving(r) for r in d.itertuples()],
        "bron": d["bron"].astype("string") if "bron" in d else pd.Series(pd.NA, index=d.index, dtype="string"),
    })
    return uit[AMBITIE_KOLOMMEN]


def omschrijving(r) -> str:
    """The ambitie in words: the gemeente's own text, else one made from its numbers."""
    eigen = getattr(r, "omschrijving", None)
    if isinstance(eigen, str) and eigen.strip():
        return eigen.strip()
    wv = WOONVORMEN[r.woonvorm].label.lower()
    voor = "" if r.groep == "alle" else f" voor {groep_label(r.groep).lower()}"
    if r.eenheid == "procent":
        return f"In {r.doeljaar} {_getal(r.aantal)} % van het aanbod {wv}{voor}"
    return f"In {r.doeljaar} {_getal(r.aantal)} {r.eenheid} {wv}{voor} erbij"


def _conf_waarde(conf: pd.DataFrame, woonvorm: str, jaar: int | None, variant: str, kolom: str) -> float:
    d = conf[(conf["woonvorm"] == woonvorm) & (conf["variant"] == variant)]
    if jaar is not None:
        d = d[d["jaar"] == jaar]
    x = pd.to_numeric(d[kolom], errors="coerce").dropna() if len(d) else pd.Series(dtype="float64")
    return float(x.iloc[0]) if len(x) else math.nan


def aanbod_nu(conf: pd.DataFrame, woonvorm: str, peiljaar: int) -> float:
    """The current aanbod of a woonvorm as the confrontatie holds it (peiljaar, middenvariant)."""
    x = _conf_waarde(conf, woonvorm, peiljaar, "midden", "aanbod")
    return x if not math.isnan(x) else _conf_waarde(conf, woonvorm, None, "midden", "aanbod")


def is_stroom(conf: pd.DataFrame, woonvorm: str) -> bool:
    """Whether the confrontatie's gap of ``woonvorm`` is a yearly flow (the urgent groups' demand per year
    against the lettings at the norm), not a stock."""
    d = conf[conf["woonvorm"] == woonvorm]
    return bool(len(d)) and str(d["methode"].iloc[0]).startswith("stroom")


def toetsen(ambities: pd.DataFrame, conf: pd.DataFrame, urgentie: pd.DataFrame | None, *, gemeente: str,
            peiljaar: int, params: Ambities = Ambities()) -> pd.DataFrame:
    """The catalogue table ``ambitie_toetsen``: per ambitie (``nr`` = its row in :func:`ambities_tabel`
    + 1) the toets eenheid and, per variant, the toets dekking; then (``nr`` 0) one prioriteit row per
    woonvorm the confrontatie names. Numbers in the numeric columns (``ambitie``: all ambities for that
    woonvorm with a doeljaar up to this one together, in the woonvorm's unit; ``tekort``; ``dekking`` =
    ambitie / tekort);
    ``toelichting`` says why, without gap figures (those are shown with disclosure control)."""
    jaren = set(pd.to_numeric(conf["jaar"], errors="coerce").dropna().astype(int)) if len(conf) else set()
    rijen: list[dict] = []
    a = ambities.reset_index(drop=True)
    passend = [(r.eenheid == eenheid_van(r.woonvorm)) for r in a.itertuples()]
    for i, r in enumerate(a.itertuples()):
        nr, wv, jaar = i + 1, str(r.woonvorm), int(r.doeljaar)
        basis = {"gemeentecode": gemeente, "nr": nr, "groep": str(r.groep), "woonvorm": wv, "doeljaar": jaar}
        label = WOONVORMEN[wv].label
        # -- eenheid
        verwacht = eenheid_van(wv)
        omgerekend = math.nan
        if r.eenheid == "procent":
            aanbod = aanbod_nu(conf, wv, peiljaar)
            omgerekend = float(r.aantal) / 100 * aanbod if not math.isnan(aanbod) else math.nan
            uitkomst = VOLDOET if not math.isnan(aanbod) else ONBEKEND
            tekst = (f"percentage van het huidige aanbod {label.lower()} ({verwacht}); omgerekend in de kolom "
                     "ambitie" if uitkomst == VOLDOET else
                     f"percentage van het aanbod {label.lower()}, maar het aanbod is onbekend: niet om te rekenen")
        elif passend[i]:
            uitkomst, tekst = VOLDOET, f"{label} telt {WOONVORMEN[wv].eenheid}: de ambitie staat in {verwacht}"
        else:
            uitkomst = NIET
            tekst = (f"{label} telt {WOONVORMEN[wv].eenheid} ({verwacht}); de ambitie staat in {r.eenheid}: "
                     "de analyse kan haar niet met het tekort vergelijken")
        rijen.append({**basis, "toets": "eenheid", "variant": pd.NA, "ambitie": omgerekend, "tekort": math.nan,
                      "dekking": math.nan, "uitkomst": uitkomst, "toelichting": tekst})
        # -- dekking, per variant
        if r.eenheid == "procent":
            rijen.append({**basis, "toets": "dekking", "variant": pd.NA, "ambitie": omgerekend, "tekort": math.nan,
                          "dekking": math.nan, "uitkomst": NVT,
                          "toelichting": "een percentage van het bestaande aanbod (omvorming), geen toevoeging: "
                                         "niet met het tekort te vergelijken"})
            continue
        samen = [j for j, s in enumerate(a.itertuples()) if passend[j] and s.woonvorm == wv
                 and int(s.doeljaar) <= jaar]
        totaal = float(sum(float(a.at[j, "aantal"]) for j in samen))
        stroom = is_stroom(conf, wv)
        per_jaar = float(sum(float(a.at[j, "aantal"]) / max(1, int(a.at[j, "doeljaar"]) - peiljaar) for j in samen))
        andere = len(samen) - 1 if passend[i] else 0
        for variant in VARIANTEN:
            rij = {**basis, "toets": "dekking", "variant": variant, "ambitie": totaal if passend[i] else math.nan,
                   "tekort": math.nan, "dekking": math.nan}
            if not passend[i]:
                rij.update(uitkomst=ONBEKEND, toelichting=f"eenheid past niet bij {label.lower()} (zie toets eenheid)")
            elif jaar not in jaren:
                bereik = f" (de analyse loopt van {min(jaren)} tot {max(jaren)})" if jaren else ""
                rij.update(uitkomst=ONBEKEND, toelichting=f"geen prognose voor {jaar}{bereik}")
            else:
                tekort = _conf_waarde(conf, wv, jaar, variant, "tekort_met_plan")
                rij["tekort"] = tekort
                if stroom:  # the confrontatie's gap is per year (urgent groups): the ambitie per year too
                    totaal = per_jaar
                    rij["ambitie"] = totaal
                samen_tekst = (f"ambitie {_getal(r.aantal)}, met {andere} andere ambitie(s) voor "
                               f"{label.lower()} t/m {jaar} samen {_getal(totaal)}" if andere else
                               f"ambitie {_getal(r.aantal)}")
                if stroom:
                    samen_tekst += f", {_getal(round(totaal, 1))} per jaar tegen het tekort per jaar"
                if math.isnan(tekort):
                    rij.update(uitkomst=ONBEKEND, toelichting=f"{samen_tekst}; geen tekortcijfer (vraag of aanbod "
                                                              "onbekend)")
                elif tekort <= 0:
                    rij.update(uitkomst=VOLDOET, toelichting=f"{samen_tekst}; geen tekort in {jaar} (na plannen)")
                else:
                    rij["dekking"] = totaal / tekort
                    dekt = rij["dekking"] >= 1 - 1e-9
                    rij.update(uitkomst=VOLDOET if dekt else NIET,
                               toelichting=f"{samen_tekst}; {'dekt' if dekt else 'dekt niet'} het tekort in {jaar}")
            rijen.append(rij)
    rijen += prioriteiten(a, conf, urgentie, gemeente=gemeente, peiljaar=peiljaar, params=params)
    uit = pd.DataFrame(rijen, columns=TOETS_KOLOMMEN)
    return uit.astype({"gemeentecode": "string", "nr": "int64", "groep": "string", "woonvorm": "string",
                       "doeljaar": "Int64", "toets": "string", "variant": "string", "ambitie": "float64",
                       "tekort": "float64", "dekking": "float64", "uitkomst": "string", "toelichting": "string"})


def prioriteiten(ambities: pd.DataFrame, conf: pd.DataFrame, urgentie: pd.DataFrame | None, *, gemeente: str,
                 peiljaar: int, params: Ambities = Ambities()) -> list[dict]:
    """The toets prioriteit (``nr`` 0): per woonvorm with a tekort after plans in peiljaar +
    ``prioriteit_jaren`` (middenvariant) whether an ambitie names it; the sociale huur also when the urgent
    demand exceeds the norm in one of those years (the urgent groups are housed there)."""
    jaar = peiljaar + params.prioriteit_jaren
    genoemd = set(ambities["woonvorm"].astype(str)) if len(ambities) else set()
    rijen = []
    for wv, info in WOONVORMEN.items():
        tekort = _conf_waarde(conf, wv, jaar, "midden", "tekort_met_plan")
        reden = ""
        if not math.isnan(tekort) and tekort > 0:
            reden = f"tekort in {jaar} (middenvariant, na plannen)"
        if wv == "sociale_huur" and urgentie is not None and len(urgentie):
            u = urgentie[(pd.to_numeric(urgentie["jaar"], errors="coerce") <= jaar)]
            if u["boven_norm"].fillna(False).astype(bool).any():
                reden = "de vraag van urgente groepen is groter dan de norm voor toewijzingen"
        if not reden:
            continue
        gedekt = wv in genoemd
        rijen.append({"gemeentecode": gemeente, "nr": 0, "groep": pd.NA, "woonvorm": wv, "doeljaar": jaar,
                      "toets": "prioriteit", "variant": "midden", "ambitie": math.nan, "tekort": tekort,
                      "dekking": math.nan, "uitkomst": VOLDOET if gedekt else NIET,
                      "toelichting": f"{reden}; " + ("er is een ambitie voor " if gedekt else "geen ambitie voor ")
                                     + info.label.lower()})
    return rijen


def groepen_met_ambitie(ambities: pd.DataFrame) -> list[str]:
    """The verdeling groups (``woonvorm:<sleutel>`` or an aandachtsgroep) that at least one gemeente set an
    ambitie for (in the woonvorm's unit, or naming the groep); the regio toets covers only those."""
    uit: list[str] = []
    for r in ambities.itertuples():
        if r.eenheid == "procent":
            continue
        if r.woonvorm in WOONVORMEN and r.eenheid == eenheid_van(r.woonvorm):
            uit.append(WOONVORM_PREFIX + str(r.woonvorm))
        if r.groep in GROEPEN:
            uit.append(str(r.groep))
    return list(dict.fromkeys(uit))


def regio_toets(ambities: pd.DataFrame | None, verdeling: pd.DataFrame, codes: Sequence[str], *,
                peiljaar: int, doeljaar: int, params: Ambities = Ambities(),
                zonder: Sequence[str] = ()) -> pd.DataFrame:
    """The catalogue table ``ambities_regio``: per groep of the verdeling (key ``params.sleutel``) and
    gemeente, the gemeente's ambities against its toedeling.

    A woonvorm (``woonvorm:<sleutel>``): the ambities for that woonvorm in its unit with doeljaar ≤
    ``doeljaar`` (the spreiding's target year); they must add the toedeling (a bouwopgave), or the
    toedeling minus the current aanbod when the opgave is the vraag itself (aanbod not known everywhere).
    An aandachtsgroep (a yearly flow): the ambities naming that groep, per year up to their doeljaar,
    against the yearly toedeling. ``zonder``: gemeenten without an ambities result (step 6 did not run):
    onbekend; a gemeente with a result but no ambitie for the groep has ambitie 0.
    """
    v = verdeling[verdeling["sleutel"] == params.sleutel] if len(verdeling) else verdeling
    a = ambities if ambities is not None else pd.DataFrame(columns=AMBITIE_KOLOMMEN)
    met = set(groepen_met_ambitie(a))
    v = v[v["groep"].astype(str).isin(met)] if len(v) else v
    rijen = []
    for r in v.itertuples():
        code, groep = str(r.gemeentecode), str(r.groep)
        if code not in codes:
            continue
        toedeling = float(r.toedeling)
        inzet = float(r.huidige_inzet) if not pd.isna(r.huidige_inzet) else math.nan
        soort = str(getattr(r, "soort", "") or "")
        per_jaar = bool(r.per_jaar)
        rij = {"sleutel": params.sleutel, "groep": groep, "gemeentecode": code, "eenheid": str(r.eenheid),
               "per_jaar": per_jaar, "toedeling": int(r.toedeling), "huidige_inzet": inzet, "benodigd": toedeling,
               "ambitie": math.nan, "verschil": math.nan}
        eigen = a[a["gemeentecode"] == code] if len(a) else a
        if groep.startswith(WOONVORM_PREFIX):
            wv = groep.removeprefix(WOONVORM_PREFIX)
            if soort == "vraag":
                rij["benodigd"] = toedeling - inzet if not math.isnan(inzet) else math.nan
            m = eigen[:0]
            if len(eigen) and wv in WOONVORMEN:
                m = eigen[(eigen["woonvorm"] == wv) & (eigen["eenheid"] == eenheid_van(wv))
                          & (pd.to_numeric(eigen["doeljaar"]) <= doeljaar)]
            ambitie = float(m["aantal"].sum())
            wat = f"ambities voor {WOONVORMEN[wv].label.lower() if wv in WOONVORMEN else wv} t/m {doeljaar}"
        else:
            m = eigen[(eigen["groep"] == groep) & (eigen["eenheid"] != "procent")] if len(eigen) else eigen
            jaren = (pd.to_numeric(m["doeljaar"]) - peiljaar).clip(lower=1) if len(m) else pd.Series(dtype=float)
            ambitie = float((m["aantal"] / jaren).sum()) if len(m) else 0.0
            wat = f"ambities voor {groep_label(groep).lower()}" + (" per jaar (tot het doeljaar)" if per_jaar else "")
        if code in zonder:
            rij.update(uitkomst=ONBEKEND, toelichting="geen ambities van deze gemeente (stap 6 ontbreekt)")
        elif math.isnan(rij["benodigd"]):
            rij.update(ambitie=ambitie, uitkomst=ONBEKEND,
                       toelichting=f"{wat}; het huidige aanbod is onbekend, dus wat erbij moet ook")
        else:
            rij["ambitie"] = ambitie
            rij["verschil"] = ambitie - rij["benodigd"]
            ok = rij["verschil"] >= -1e-9
            rij.update(uitkomst=VOLDOET if ok else NIET,
                       toelichting=f"{wat}: {'genoeg' if ok else 'te weinig'} voor het deel van de gemeente")
        rijen.append(rij)
    uit = pd.DataFrame(rijen, columns=REGIO_KOLOMMEN)
    return uit.astype({"sleutel": "string", "groep": "string", "gemeentecode": "string", "eenheid": "string",
                       "per_jaar": "bool", "toedeling": "int64", "huidige_inzet": "float64", "benodigd": "float64",
                       "ambitie": "float64", "verschil": "float64", "uitkomst": "string", "toelichting": "string"})
