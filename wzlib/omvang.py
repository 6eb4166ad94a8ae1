"""Stap 1, "de huidige omvang" — computation: ouderen and aandachtsgroepen per gemeente, regio and Nederland.

Pure functions: canonical tables (``wzlib.gegevens``) and local inputs in, result tables out. No I/O,
no plotting, no prose (the display tables and labels are in :mod:`wzlib.omvang_tekst`). Every function
works on ALL gemeenten of a regio at once (``codes``); the notebook picks and highlights its own
gemeente. Shares are fractions 0..1.

Comparison areas ("gebieden"): the gemeente, the regio (sum of its gemeenten; shares are computed
from the sums, so they are weighted averages) and Nederland. Nederland is the ``NL00`` rows of a
source table when present, otherwise the sum of all gemeenten in that table for that year; the label
says which (:func:`nederland`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .fouten import GegevensOntbreken, ParamsFout
from .gegevens import NEDERLAND, kies_jaar
from .getal import deel, lees_getal
from .groepen import GROEPEN, suggesties

OUDEREN_GRENZEN: tuple[int, ...] = (65, 75, 85)

NL_LABEL = "Nederland"
NL_SOM_LABEL = "Nederland (som van alle gemeenten in de bron)"
REGIO_CODE = "regio"

# Status of a figure (kaart 3 §2: beschikbaarheid van de data per groep)
OPEN = "bekend uit open data"
LOKAAL = "lokaal aangeleverd"
ONTBREEKT = "ontbreekt"


# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------
def _codes(codes: Iterable[str]) -> list[str]:
    uit = [str(c) for c in codes]
    if not uit:
        raise ParamsFout("Geen gemeenten opgegeven: de regio moet minstens één gemeente hebben.")
    return uit


def _jaar(df: pd.DataFrame, peiljaar: int, tabel: str) -> int:
    j = kies_jaar(df, peiljaar)
    if j is None:
        raise GegevensOntbreken(f"Tabel '{tabel}' is leeg: er zijn geen gegevens om mee te rekenen.")
    return j


def klasse_label(van, tot) -> str:
    """'0-4', '95+' for a class with leeftijd_van/leeftijd_tot (tot inclusive, NA = open class)."""
    return f"{int(van)}+" if pd.isna(tot) else f"{int(van)}-{int(tot)}"


def nederland(df: pd.DataFrame) -> tuple[list[str], str]:
    """Which rows stand for Nederland in a source table (already restricted to one year).

    Returns (codes, label): ``(["NL00"], "Nederland")`` when the table has NL00 rows, otherwise all
    gemeentecodes in the table with the label "Nederland (som van alle gemeenten in de bron)".
    """
    codes = df["gemeentecode"].dropna().astype(str)
    if (codes == NEDERLAND).any():
        return [NEDERLAND], NL_LABEL
    return sorted(c for c in codes.unique() if c.startswith("GM")), NL_SOM_LABEL


def gebieden(codes: Sequence[str], df: pd.DataFrame, regio_naam: str = "regio",
             gemeentenamen: Mapping[str, str] | None = None) -> list[tuple[str, str, list[str]]]:
    """The comparison areas: each gemeente, the regio and Nederland, as (gebiedscode, label, codes)."""
    namen = dict(gemeentenamen or {})
    uit = [(c, namen.get(c, c), [c]) for c in codes]
    uit.append((REGIO_CODE, regio_naam, list(codes)))
    nl_codes, nl_label = nederland(df)
    uit.append((NEDERLAND, nl_label, nl_codes))
    return uit


def bevolking_klassen(bevolking: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Population per gemeente and age class (sexes together) for one year, from canonical ``bevolking``.

    Uses the ``totaal`` rows where a gemeente has them (CBS rounds totals separately), otherwise
    man + vrouw. Columns: gemeentecode, leeftijd_van, leeftijd_tot, aantal.
    """
    b = bevolking[bevolking["jaar"] == jaar]
    tot = b[b["geslacht"] == "totaal"]
    mv = b[b["geslacht"].isin(["man", "vrouw"]) & ~b["gemeentecode"].isin(set(tot["gemeentecode"]))]
    mv = (mv.groupby(["gemeentecode", "leeftijd_van"], as_index=False, dropna=False)
          .agg(leeftijd_tot=("leeftijd_tot", "first"), aantal=("aantal", lambda s: s.sum(min_count=1))))
    uit = pd.concat([tot[["gemeentecode", "leeftijd_van", "leeftijd_tot", "aantal"]], mv], ignore_index=True)
    return uit.sort_values(["gemeentecode", "leeftijd_van"], ignore_index=True)


def _som_vanaf(df: pd.DataFrame, grens: int, kolom: str, tabel: str) -> pd.Series:
    """Sum ``kolom`` over the classes starting at or above ``grens``, per gemeentecode.

    A class that straddles the boundary (e.g. 60-69 for 65+) makes the sum impossible: Dutch error.
    Returns a frame indexed by gemeentecode with ``som`` (sum of the non-missing cells) and
    ``volledig`` (no cell missing); :func:`_groep_som` decides what an incomplete sum means.
    """
    straddle = df[(df["leeftijd_van"] < grens) & (df["leeftijd_tot"].isna() | (df["leeftijd_tot"] >= grens))]
    if not straddle.empty:
        r = straddle.iloc[0]
        raise GegevensOntbreken(
            f"Tabel '{tabel}': de leeftijdsklasse {klasse_label(r['leeftijd_van'], r['leeftijd_tot'])} "
            f"(gemeente {r['gemeentecode']}) loopt over de grens van {grens} jaar heen; "
            f"{grens}+ is daarom niet te berekenen. Lever klassen aan die bij {grens} beginnen.")
    sel = df[df["leeftijd_van"] >= grens]
    # vectorised (a Python function per gemeente took 0.8 s per regio with all 342 gemeenten for Nederland):
    # som = the sum of the non-missing cells, volledig = no cell missing
    som = sel.groupby("gemeentecode")[kolom].sum().astype("float64")
    volledig = sel[kolom].notna().groupby(sel["gemeentecode"]).all().astype(bool)
    return pd.DataFrame({"som": som, "volledig": volledig})


def _groep_som(per_gemeente: pd.DataFrame | pd.Series | None, codes: list[str], streng: bool = True) -> float:
    """Sum over ``codes`` of a per-gemeente result.

    ``streng`` (gemeente, regio): NA when a code is absent or its sum is incomplete, so nothing is
    silently treated as zero. Not ``streng`` (Nederland as the sum of all gemeenten in a source):
    the sum of what is there; a few suppressed cells in a national total do not blank it.
    """
    if per_gemeente is None:
        return np.nan
    if isinstance(per_gemeente, pd.Series):
        per_gemeente = pd.DataFrame({"som": per_gemeente, "volledig": per_gemeente.notna()})
    sel = per_gemeente.reindex(codes)
    if sel.empty:
        return np.nan
    if streng and (sel["som"].isna().any() or not sel["volledig"].fillna(False).astype(bool).all()):
        return np.nan
    if sel["som"].isna().all():
        return np.nan
    return float(sel["som"].sum())


# --------------------------------------------------------------------------------------------------
# ouderen
# --------------------------------------------------------------------------------------------------
def inwoners(bevolking: pd.DataFrame, codes: Sequence[str], peiljaar: int) -> pd.DataFrame:
    """Inhabitants per gemeente on 1 January: the sum of all age classes of ``bevolking``.

    Columns: gemeentecode, jaar, inwoners. Year = latest year <= peiljaar in the table.
    """
    codes = _codes(codes)
    jaar = _jaar(bevolking, peiljaar, "bevolking")
    kl = bevolking_klassen(bevolking, jaar)
    som = kl.groupby("gemeentecode")["aantal"].sum(min_count=1)
    return pd.DataFrame({"gemeentecode": codes, "jaar": jaar,
                         "inwoners": [som.get(c, np.nan) for c in codes]}).astype(
        {"gemeentecode": "string", "jaar": "Int64", "inwoners": "Float64"})


def ouderen(bevolking: pd.DataFrame, huishoudens_leeftijd: pd.DataFrame | None, codes: Sequence[str],
            peiljaar: int, grenzen: Sequence[int] = OUDEREN_GRENZEN, *, met_vergelijking: bool = False,
            regio_naam: str = "regio", gemeentenamen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Number and share of ouderen (65+, 75+, 85+) per gemeente, and how many of them live alone.

    - ``aantal``: persons aged ``grens`` or older on 1 January, the sum of the 5-year classes of
      ``bevolking`` (CBS 03759ned / 83502NED; geslacht ``totaal`` where present).
    - ``aandeel``: ``aantal`` as a fraction of all inhabitants (sum of all classes) of the same gemeente.
    - ``alleenstaand``: persons of that age living alone (``huishoudens_leeftijd``, CBS 71488ned),
      latest year <= peiljaar, which may differ from the bevolking year (``alleenstaand_jaar``);
      ``alleenstaand_aandeel`` = fraction of persons of that age in private households.
      NA when the table or a class is missing.

    With ``met_vergelijking`` two more gebieden follow the gemeenten: ``regio`` (sum over ``codes``)
    and ``NL00`` (see :func:`nederland`); column ``gebied`` holds the label.
    Columns: gemeentecode, gebied, leeftijdsgroep, jaar, aantal, inwoners, aandeel, alleenstaand,
    personen_particulier, alleenstaand_aandeel, alleenstaand_jaar.
    """
    codes = _codes(codes)
    jaar = _jaar(bevolking, peiljaar, "bevolking")
    kl = bevolking_klassen(bevolking, jaar)
    totaal = kl.groupby("gemeentecode")["aantal"].sum(min_count=1)
    hh_jaar = None
    hh = None
    if huishoudens_leeftijd is not None and not huishoudens_leeftijd.empty:
        hh_jaar = _jaar(huishoudens_leeftijd, peiljaar, "huishoudens_leeftijd")
        hh = huishoudens_leeftijd[huishoudens_leeftijd["jaar"] == hh_jaar]

    vlakken = (gebieden(codes, kl, regio_naam, gemeentenamen) if met_vergelijking
               else [(c, (gemeentenamen or {}).get(c, c), [c]) for c in codes])
    hh_vlakken = {}
    if hh is not None and met_vergelijking:
        hh_nl = nederland(hh)[0]
        hh_vlakken[NEDERLAND] = hh_nl

    sommen = {}
    for grens in grenzen:
        oud = _som_vanaf(kl, grens, "aantal", "bevolking")
        alleen = personen = None
        if hh is not None:
            alleen = _som_vanaf(hh, grens, "alleenstaand", "huishoudens_leeftijd")
            personen = _som_vanaf(hh, grens, "personen_particuliere_huishoudens", "huishoudens_leeftijd")
        sommen[grens] = (oud, alleen, personen)
    rijen = []
    for gcode, label, leden in vlakken:
        hh_leden = hh_vlakken.get(gcode, leden)
        streng = label != NL_SOM_LABEL
        tot = _groep_som(totaal, leden, streng)
        for grens in grenzen:
            oud, alleen, personen = sommen[grens]
            n = _groep_som(oud, leden, streng)
            a = _groep_som(alleen, hh_leden, streng)
            p = _groep_som(personen, hh_leden, streng)
            rijen.append({
                "gemeentecode": gcode, "gebied": label, "leeftijdsgroep": f"{grens}+", "jaar": jaar,
                "aantal": n, "inwoners": tot, "aandeel": deel(n, tot),
                "alleenstaand": a, "personen_particulier": p, "alleenstaand_aandeel": deel(a, p),
                "alleenstaand_jaar": hh_jaar,
            })
    uit = pd.DataFrame(rijen)
    return uit.astype({"gemeentecode": "string", "gebied": "string", "leeftijdsgroep": "string", "jaar": "Int64",
                       "aantal": "Float64", "inwoners": "Float64", "aandeel": "Float64",
                       "alleenstaand": "Float64", "personen_particulier": "Float64",
                       "alleenstaand_aandeel": "Float64", "alleenstaand_jaar": "Int64"})


def ouderen_resultaat(ouderen_tabel: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """The ``ouderen`` result table of one gemeente (catalogue ``ouderen``)."""
    o = ouderen_tabel[ouderen_tabel["gemeentecode"] == gemeente]
    return o[["gemeentecode", "leeftijdsgroep", "jaar", "aantal", "inwoners", "aandeel", "alleenstaand",
              "personen_particulier", "alleenstaand_aandeel", "alleenstaand_jaar"]].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# huishoudens
# --------------------------------------------------------------------------------------------------
HUISHOUDENS_KOLOMMEN = ["gemeentecode", "gebied", "jaar", "huishoudens_totaal", "eenpersoons", "meerpersoons",
                        "eenpersoons_aandeel"]


def huishoudens(huishoudens_tabel: pd.DataFrame | None, codes: Sequence[str], peiljaar: int, *,
                regio_naam: str = "regio", gemeentenamen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Private households per gemeente, the regio and Nederland (canonical ``huishoudens``, CBS 71486ned).

    Year = the latest year <= peiljaar in the table (else its earliest), which may differ from the
    bevolking year: ``jaar`` says which. ``huishoudens_totaal``, ``eenpersoons``, ``meerpersoons``:
    counts; ``eenpersoons_aandeel`` = eenpersoons / huishoudens_totaal (a fraction). Regio = sum over
    ``codes`` (NA when a gemeente is missing); Nederland = the ``NL00`` row or the sum of all gemeenten
    in the table (label says which, :func:`nederland`). An empty frame (same columns) without the table.
    """
    codes = _codes(codes)
    leeg = pd.DataFrame({k: pd.Series(dtype="string" if k in ("gemeentecode", "gebied") else
                                      "Int64" if k == "jaar" else "Float64") for k in HUISHOUDENS_KOLOMMEN})
    if huishoudens_tabel is None or huishoudens_tabel.empty:
        return leeg
    jaar = _jaar(huishoudens_tabel, peiljaar, "huishoudens")
    h = huishoudens_tabel[huishoudens_tabel["jaar"] == jaar]
    per = {k: h.groupby("gemeentecode")[k].sum(min_count=1).astype("float64")
           for k in ("huishoudens_totaal", "eenpersoons", "meerpersoons")}
    rijen = []
    for gcode, label, leden in gebieden(codes, h, regio_naam, gemeentenamen):
        streng = label != NL_SOM_LABEL
        w = {k: _groep_som(v, leden, streng) for k, v in per.items()}
        rijen.append({"gemeentecode": gcode, "gebied": label, "jaar": jaar, **w,
                      "eenpersoons_aandeel": deel(w["eenpersoons"], w["huishoudens_totaal"])})
    return pd.DataFrame(rijen, columns=HUISHOUDENS_KOLOMMEN).astype(
        {"gemeentecode": "string", "gebied": "string", "jaar": "Int64", "huishoudens_totaal": "Float64",
         "eenpersoons": "Float64", "meerpersoons": "Float64", "eenpersoons_aandeel": "Float64"})


# --------------------------------------------------------------------------------------------------
# bevolkingspiramide
# --------------------------------------------------------------------------------------------------
def piramide(bevolking: pd.DataFrame, codes: Sequence[str], gemeente: str, peiljaar: int,
             regio_naam: str = "regio", gemeentenamen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Population pyramid of the gemeente, the regio and Nederland: men and women per 5-year class.

    From ``bevolking`` (man/vrouw rows), year = latest <= peiljaar. ``aandeel`` = fraction of the gebied's
    total (men + women, all ages), so shapes of areas of different size compare.
    Columns: gebiedscode, gebied, leeftijd_van, leeftijd_tot, leeftijdsklasse, geslacht, aantal, aandeel,
    jaar. The first gebied is the gemeente (see :func:`piramide_delen`).
    """
    codes = _codes(codes)
    if gemeente not in codes:
        raise ParamsFout(f"Gemeente {gemeente} hoort niet bij de gemeenten van de regio ({', '.join(codes)}).")
    jaar = _jaar(bevolking, peiljaar, "bevolking")
    b = bevolking[(bevolking["jaar"] == jaar) & bevolking["geslacht"].isin(["man", "vrouw"])]
    if b.empty:
        raise GegevensOntbreken(f"Tabel 'bevolking' heeft voor {jaar} geen regels per geslacht (man/vrouw); "
                                "een bevolkingspiramide is niet te maken.")
    namen = dict(gemeentenamen or {})
    vlakken = [(gemeente, namen.get(gemeente, gemeente), [gemeente]), *gebieden(codes, b, regio_naam)[-2:]]
    delen = []
    for gcode, label, leden in vlakken:
        d = (b[b["gemeentecode"].isin(leden)]
             .groupby(["leeftijd_van", "geslacht"], as_index=False, dropna=False)
             .agg(leeftijd_tot=("leeftijd_tot", "first"), aantal=("aantal", "sum")))
        tot = d["aantal"].sum()
        d["aandeel"] = d["aantal"].astype("Float64") / tot if tot else np.nan
        d["gebiedscode"], d["gebied"] = gcode, label
        delen.append(d)
    uit = pd.concat(delen, ignore_index=True)
    uit["leeftijdsklasse"] = [klasse_label(v, t) for v, t in zip(uit["leeftijd_van"], uit["leeftijd_tot"])]
    uit["jaar"] = jaar
    return uit[["gebiedscode", "gebied", "leeftijd_van", "leeftijd_tot", "leeftijdsklasse", "geslacht", "aantal",
                "aandeel", "jaar"]].astype({"gebiedscode": "string", "gebied": "string",
                                            "leeftijd_van": "Int64", "leeftijd_tot": "Int64",
                                            "leeftijdsklasse": "string", "geslacht": "string",
                                            "aantal": "Int64", "aandeel": "Float64", "jaar": "Int64"})


# --------------------------------------------------------------------------------------------------
# aandachtsgroepen en urgente groepen
# --------------------------------------------------------------------------------------------------
def groepen_in_scope(groepen: Sequence[str] | None, register: Mapping | None = None) -> list[str]:
    """The group keys in scope, in registry order: params ``groepen`` (a subset) or all groups.

    Unknown keys raise a Dutch error naming the key ``groepen`` and suggesting the nearest keys.
    """
    reg = register if register is not None else GROEPEN
    if groepen is None or len(groepen) == 0:
        return list(reg)
    fouten = []
    gekozen = set()
    for i, s in enumerate(groepen):
        if s in reg:
            gekozen.add(s)
            continue
        tip = suggesties(str(s), reg)
        fouten.append(f"groepen[{i}]: onbekende groep '{s}'" + (f"; bedoelde u: {', '.join(tip)}?" if tip else ""))
    if fouten:
        raise ParamsFout("Regio-parameters, sleutel 'groepen':\n" + "\n".join(f"  - {f}" for f in fouten)
                         + f"\nBekende groepen: {', '.join(reg)}.")
    return [k for k in reg if k in gekozen]


def groepen_omvang(aandachtsgroepen: pd.DataFrame | None, ouderen_tabel: pd.DataFrame | None,
                   inwoners_tabel: pd.DataFrame, codes: Sequence[str], peiljaar: int,
                   groepen: Sequence[str] | None = None, *, bron_bevolking: str = "CBS bevolking",
                   register: Mapping | None = None) -> pd.DataFrame:
    """Size of every aandachtsgroep, urgent group and ouderen group in scope, one row per gemeente × groep.

    - Ouderen groups (registry ``leeftijd_van``): ``aantal`` from :func:`ouderen` (bevolking, open data),
      status "bekend uit open data", ``bron`` = ``bron_bevolking``.
    - Other groups: local input ``aandachtsgroepen`` (``wzlib.bronnen.lokaal``), per gemeente the latest
      year <= peiljaar (else the earliest); status "lokaal aangeleverd" when ``aantal`` is filled,
      otherwise "ontbreekt" (a row with an empty ``aantal`` keeps its bron and toelichting).
      (No canonical table holds CBS figures for these groups yet; the registry's ``open_bron`` is
      reported in :func:`beschikbaarheid`.)
    - ``per_1000`` = 1,000 x aantal / inwoners of the gemeente (``inwoners_tabel``, :func:`inwoners`).
    Columns: gemeentecode, groep, label, hoofdgroep, soort, eenheid, aantal, per_1000, bron, jaar, status,
    toelichting, instroom_per_jaar, uitstroom_per_jaar, taakstelling_per_jaar.
    """
    reg = register if register is not None else GROEPEN
    codes = _codes(codes)
    scope = groepen_in_scope(groepen, reg)
    inw = inwoners_tabel.set_index("gemeentecode")["inwoners"]
    lok = aandachtsgroepen if aandachtsgroepen is not None else pd.DataFrame(
        columns=["gemeentecode", "groep", "jaar", "aantal"])
    lok = lok[lok["gemeentecode"].isin(codes)] if not lok.empty else lok
    stroom = ["instroom_per_jaar", "uitstroom_per_jaar", "taakstelling_per_jaar"]

    rijen = []
    for sleutel in scope:
        gr = reg[sleutel]
        for c in codes:
            rij = {"gemeentecode": c, "groep": sleutel, "label": gr.label, "hoofdgroep": gr.hoofdgroep,
                   "soort": gr.soort, "eenheid": gr.eenheid, "aantal": np.nan, "bron": "", "jaar": pd.NA,
                   "status": ONTBREEKT, "toelichting": "", **{k: np.nan for k in stroom}}
            if gr.leeftijd_van is not None:
                o = (ouderen_tabel[(ouderen_tabel["gemeentecode"] == c)
                                   & (ouderen_tabel["leeftijdsgroep"] == f"{gr.leeftijd_van}+")]
                     if ouderen_tabel is not None else pd.DataFrame())
                if not o.empty and not pd.isna(o["aantal"].iloc[0]):
                    rij.update(aantal=float(o["aantal"].iloc[0]), jaar=int(o["jaar"].iloc[0]),
                               bron=bron_bevolking, status=OPEN)
            elif not lok.empty:
                d = lok[(lok["gemeentecode"] == c) & (lok["groep"] == sleutel)]
                if not d.empty:
                    j = kies_jaar(d, peiljaar)
                    r = d[d["jaar"] == j].iloc[-1]
                    rij.update(jaar=int(j), bron=_tekst(r.get("bron")), toelichting=_tekst(r.get("toelichting")),
                               eenheid=_tekst(r.get("eenheid")) or gr.eenheid)
                    for k in stroom:
                        rij[k] = _getal(r.get(k))
                    if not pd.isna(r["aantal"]):
                        rij.update(aantal=float(r["aantal"]), status=LOKAAL)
            rij["per_1000"] = (1000 * rij["aantal"] / float(inw[c])
                               if c in inw.index and not pd.isna(inw[c]) and inw[c] and not pd.isna(rij["aantal"])
                               else np.nan)
            rijen.append(rij)
    kol = ["gemeentecode", "groep", "label", "hoofdgroep", "soort", "eenheid", "aantal", "per_1000", "bron",
           "jaar", "status", "toelichting", *stroom]
    uit = pd.DataFrame(rijen, columns=kol)
    return uit.astype({"gemeentecode": "string", "groep": "string", "label": "string", "hoofdgroep": "string",
                       "soort": "string", "eenheid": "string", "aantal": "Float64", "per_1000": "Float64",
                       "bron": "string", "jaar": "Int64", "status": "string", "toelichting": "string",
                       **{k: "Float64" for k in stroom}})


def _tekst(v) -> str:
    return "" if v is None or pd.isna(v) else str(v)


def _getal(v) -> float:
    x = lees_getal(v)
    return np.nan if x is None else x


def groepen_resultaat(groepen_tabel: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """The ``groepen`` result table of one gemeente (catalogue ``groepen``): count, rate, source, year and
    status per groep, plus label, eenheid and the yearly flows later steps use."""
    g = groepen_tabel[groepen_tabel["gemeentecode"] == gemeente]
    return g[["gemeentecode", "groep", "label", "eenheid", "aantal", "per_1000", "bron", "jaar", "status",
              "instroom_per_jaar", "uitstroom_per_jaar", "taakstelling_per_jaar"]].reset_index(drop=True)


def groepen_regio(groepen_tabel: pd.DataFrame, inwoners_tabel: pd.DataFrame) -> pd.DataFrame:
    """Regio figures per groep: sum over the gemeenten with a figure, and how complete that is.

    ``aantal`` = sum of the known counts; ``per_1000`` = 1,000 x that sum / inhabitants of the same
    gemeenten (so an incomplete regio is not diluted); ``met_cijfer`` / ``gemeenten`` and
    ``volledigheid`` (fraction of the regio's gemeenten with a figure).
    Columns: groep, label, aantal, per_1000, met_cijfer, gemeenten, volledigheid.
    """
    inw = inwoners_tabel.set_index("gemeentecode")["inwoners"].astype("float64")
    rijen = []
    for sleutel, d in groepen_tabel.groupby("groep", sort=False):
        bekend = d[d["aantal"].notna()]
        som = float(bekend["aantal"].sum()) if len(bekend) else np.nan
        noemer = float(inw.reindex(bekend["gemeentecode"]).sum()) if len(bekend) else np.nan
        rijen.append({"groep": sleutel, "label": d["label"].iloc[0], "aantal": som,
                      "per_1000": 1000 * som / noemer if len(bekend) and noemer else np.nan,
                      "met_cijfer": len(bekend), "gemeenten": len(d),
                      "volledigheid": len(bekend) / len(d) if len(d) else np.nan})
    return pd.DataFrame(rijen).astype({"groep": "string", "label": "string", "aantal": "Float64",
                                       "per_1000": "Float64", "met_cijfer": "Int64", "gemeenten": "Int64",
                                       "volledigheid": "Float64"})


# --------------------------------------------------------------------------------------------------
# beschikbaarheid van data (kaart 3 §1.1-§3)
# --------------------------------------------------------------------------------------------------
def beschikbaarheid(groepen_tabel: pd.DataFrame, groepen: Sequence[str] | None = None, *,
                    register: Mapping | None = None) -> pd.DataFrame:
    """The data-availability matrix of kaart 3 (§1.1 zicht op data, §1.2 groepen in de analyse,
    §2 beschikbaarheid per groep, §3 openbare bronnen): one row per group of the registry.

    - ``in_analyse``: in the regio's scope (params ``groepen``).
    - ``open_bron``: the CBS table with gemeente figures (registry), and ``open_ingelezen``: whether the
      figure was actually computed from open data in this run (ouderen: bevolking).
    - ``lokale_bron``: the bron texts of the delivered local figures, else the registry's suggestion
      ("suggestie: ...").
    - ``jaar``: year (range) of the figures; ``met_cijfer`` of ``gemeenten``; ``volledigheid`` (fraction of the
      regio's gemeenten with a figure); ``status``: "bekend uit open data", "lokaal aangeleverd" (all
      gemeenten), "deels lokaal aangeleverd", "ontbreekt" or "buiten de analyse".
    """
    reg = register if register is not None else GROEPEN
    scope = set(groepen_in_scope(groepen, reg))
    n_gem = groepen_tabel["gemeentecode"].nunique() if not groepen_tabel.empty else 0
    rijen = []
    for sleutel, gr in reg.items():
        d = groepen_tabel[groepen_tabel["groep"] == sleutel]
        bekend = d[d["aantal"].notna()]
        jaren = sorted({int(j) for j in bekend["jaar"].dropna()})
        lokaal = d[d["status"] == LOKAAL]
        bronnen = sorted({str(b) for b in lokaal["bron"].dropna() if str(b)})
        if sleutel not in scope:
            status = "buiten de analyse"
        elif len(bekend) and (d["status"] == OPEN).all():
            status = OPEN
        elif n_gem and len(lokaal) == n_gem:
            status = LOKAAL
        elif len(bekend):
            status = "deels " + LOKAAL
        else:
            status = ONTBREEKT
        rijen.append({
            "groep": sleutel, "label": gr.label, "hoofdgroep": gr.hoofdgroep,
            "wettelijk_urgent": bool(gr.wettelijk_urgent), "in_analyse": sleutel in scope,
            "open_bron": (f"CBS {gr.open_bron}" + (f" – {gr.open_bron_niveau}" if gr.open_bron_niveau else ""))
            if gr.open_bron else "geen",
            "open_ingelezen": bool(len(d)) and bool((d["status"] == OPEN).any()),
            "lokale_bron": "; ".join(bronnen) if bronnen else (
                f"suggestie: {gr.lokale_bron_suggestie}" if gr.lokale_bron_suggestie else "–"),
            "jaar": (str(jaren[0]) if len(jaren) == 1 else f"{jaren[0]}-{jaren[-1]}") if jaren else "",
            "met_cijfer": len(bekend) if sleutel in scope else pd.NA,
            "gemeenten": n_gem if sleutel in scope else pd.NA,
            "volledigheid": (len(bekend) / n_gem if n_gem else np.nan) if sleutel in scope else np.nan,
            "status": status,
        })
    return pd.DataFrame(rijen).astype({"groep": "string", "label": "string", "hoofdgroep": "string",
                                       "open_bron": "string", "lokale_bron": "string", "jaar": "string",
                                       "met_cijfer": "Int64", "gemeenten": "Int64", "volledigheid": "Float64",
                                       "status": "string"})
