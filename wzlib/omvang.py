"""Stap 1, "de huidige omvang": ouderen and aandachtsgroepen per gemeente, against regio and Nederland.

Pure functions: canonical tables (``wzlib.gegevens``) and local inputs in, result tables out. No I/O,
no plotting. Every function works on ALL gemeenten of a regio at once (``codes``); the notebook picks
and highlights its own gemeente.

Comparison areas ("gebieden"): the gemeente, the regio (sum of its gemeenten; shares are computed
from the sums, so they are weighted averages) and Nederland. Nederland is the ``NL00`` rows of a
source table when present, otherwise the sum of all gemeenten in that table for that year; the label
says which (:func:`nederland`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .fouten import GegevensOntbreken, ParamsFout
from .gegevens import NEDERLAND, kies_jaar

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


def gemeentenamen(gemeenten) -> dict[str, str]:
    """{gemeentecode: naam} from the regio's gemeenten (objects with ``.code`` and ``.naam``)."""
    return {g.code: g.naam for g in gemeenten}


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
    g = sel.groupby("gemeentecode")[kolom]
    som = g.agg(lambda s: float(s.sum()) if len(s) else np.nan).astype("float64")
    volledig = g.agg(lambda s: bool(len(s)) and bool(s.notna().all())).astype(bool)
    return pd.DataFrame({"som": som, "volledig": volledig})


def _pct(teller, noemer) -> float:
    """100 * teller / noemer; NA when either is NA or the denominator is 0."""
    if teller is None or noemer is None or pd.isna(teller) or pd.isna(noemer) or noemer == 0:
        return np.nan
    return 100.0 * float(teller) / float(noemer)


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
    - ``aandeel``: ``aantal`` as % of all inhabitants (sum of all classes) of the same gemeente.
    - ``alleenstaand``: persons of that age living alone (``huishoudens_leeftijd``, CBS 71488ned),
      latest year <= peiljaar, which may differ from the bevolking year (``alleenstaand_jaar``);
      ``alleenstaand_aandeel`` = % of persons of that age in private households.
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
                "aantal": n, "inwoners": tot, "aandeel": _pct(n, tot),
                "alleenstaand": a, "personen_particulier": p, "alleenstaand_aandeel": _pct(a, p),
                "alleenstaand_jaar": hh_jaar,
            })
    uit = pd.DataFrame(rijen)
    return uit.astype({"gemeentecode": "string", "gebied": "string", "leeftijdsgroep": "string", "jaar": "Int64",
                       "aantal": "Float64", "inwoners": "Float64", "aandeel": "Float64",
                       "alleenstaand": "Float64", "personen_particulier": "Float64",
                       "alleenstaand_aandeel": "Float64", "alleenstaand_jaar": "Int64"})


def _gebied_volgorde(codes_in_tabel: Sequence[str], gemeente: str) -> list[str]:
    """Own gemeente first, then the other gemeenten (in regio order), then regio and Nederland."""
    gm = [c for c in codes_in_tabel if c not in (REGIO_CODE, NEDERLAND)]
    if gemeente not in gm:
        raise ParamsFout(f"Gemeente {gemeente} hoort niet bij de gemeenten van de regio ({', '.join(gm)}).")
    rest = [c for c in codes_in_tabel if c in (REGIO_CODE, NEDERLAND)]
    return [gemeente, *[c for c in gm if c != gemeente], *rest]


def ouderen_overzicht(ouderen_tabel: pd.DataFrame, gemeente: str, wat: str = "aantal") -> pd.DataFrame:
    """Display table of :func:`ouderen` (with ``met_vergelijking``): one row per gebied — the gemeente
    first, then the other gemeenten of the regio, the regio and Nederland.

    ``wat="aantal"``: columns Gebied, Inwoners, "65+", "65+ (%)", "75+", "75+ (%)", ... (share of all
    inhabitants). ``wat="alleenstaand"``: Gebied, "65+ alleenwonend", "65+ alleenwonend (%)", ... (share
    of the persons of that age in private households).
    """
    if wat not in ("aantal", "alleenstaand"):
        raise ParamsFout(f"ouderen_overzicht: wat moet 'aantal' of 'alleenstaand' zijn, niet {wat!r}")
    o = ouderen_tabel
    volgorde = _gebied_volgorde(list(dict.fromkeys(o["gemeentecode"])), gemeente)
    groepen = list(dict.fromkeys(o["leeftijdsgroep"]))
    per = {c: o[o["gemeentecode"] == c].set_index("leeftijdsgroep") for c in volgorde}
    uit = pd.DataFrame({"Gebied": [str(per[c]["gebied"].iloc[0]) for c in volgorde]})
    if wat == "aantal":
        uit["Inwoners"] = [per[c]["inwoners"].iloc[0] for c in volgorde]
    for g in groepen:
        if wat == "aantal":
            uit[g] = [per[c].at[g, "aantal"] for c in volgorde]
            uit[f"{g} (%)"] = [per[c].at[g, "aandeel"] for c in volgorde]
        else:
            uit[f"{g} alleenwonend"] = [per[c].at[g, "alleenstaand"] for c in volgorde]
            uit[f"{g} alleenwonend (%)"] = [per[c].at[g, "alleenstaand_aandeel"] for c in volgorde]
    return uit.astype({k: "Float64" for k in uit.columns if k != "Gebied"}).astype({"Gebied": "string"})


def ouderen_resultaat(ouderen_tabel: pd.DataFrame) -> pd.DataFrame:
    """The ``ouderen`` result table (gemeenten only): gemeentecode, leeftijdsgroep, jaar, aantal, aandeel,
    alleenstaand, alleenstaand_aandeel, alleenstaand_jaar."""
    o = ouderen_tabel[ouderen_tabel["gemeentecode"].str.startswith("GM")]
    return o[["gemeentecode", "leeftijdsgroep", "jaar", "aantal", "aandeel", "alleenstaand",
              "alleenstaand_aandeel", "alleenstaand_jaar"]].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# bevolkingspiramide
# --------------------------------------------------------------------------------------------------
def piramide(bevolking: pd.DataFrame, codes: Sequence[str], gemeente: str, peiljaar: int,
             regio_naam: str = "regio", gemeentenamen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Population pyramid of the gemeente, the regio and Nederland: men and women per 5-year class.

    From ``bevolking`` (man/vrouw rows), year = latest <= peiljaar. ``aandeel`` = % of the gebied's
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
        d["aandeel"] = 100 * d["aantal"].astype("Float64") / tot if tot else np.nan
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


def piramide_delen(piramide_tabel: pd.DataFrame) -> dict[str, Any]:
    """Split :func:`piramide` into the arguments of ``wzlib.presentatie.grafieken.piramide``:
    ``df`` (the gemeente), ``vergelijk`` (regio and Nederland, by label) and ``naam``."""
    kol = ["leeftijd_van", "leeftijd_tot", "geslacht", "aantal", "jaar"]
    volgorde = list(dict.fromkeys(piramide_tabel["gebiedscode"]))
    if not volgorde:
        raise GegevensOntbreken("De bevolkingspiramide heeft geen gegevens.")
    delen = {c: piramide_tabel[piramide_tabel["gebiedscode"] == c] for c in volgorde}
    eerste = delen[volgorde[0]]
    return {"df": eerste[kol].reset_index(drop=True), "naam": str(eerste["gebied"].iloc[0]),
            "vergelijk": {str(d["gebied"].iloc[0]): d[kol].reset_index(drop=True) for c, d in delen.items()
                          if c != volgorde[0]}}


# --------------------------------------------------------------------------------------------------
# aandachtsgroepen en urgente groepen
# --------------------------------------------------------------------------------------------------
def groepen_in_scope(groepen: Sequence[str] | None, register: Mapping | None = None) -> list[str]:
    """The group keys in scope, in registry order: params ``groepen`` (a subset) or all groups.

    Unknown keys raise a Dutch error naming the key ``groepen`` and suggesting the nearest keys.
    """
    from . import groepen as _g

    reg = register if register is not None else _g.GROEPEN
    if groepen is None or len(groepen) == 0:
        return list(reg)
    fouten = []
    gekozen = set()
    for i, s in enumerate(groepen):
        if s in reg:
            gekozen.add(s)
            continue
        tip = _g.suggesties(str(s), reg)
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
    from . import groepen as _g

    reg = register if register is not None else _g.GROEPEN
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
    return np.nan if v is None or pd.isna(v) else float(v)


def groepen_resultaat(groepen_tabel: pd.DataFrame) -> pd.DataFrame:
    """The ``groepen`` result table: gemeentecode, groep, aantal, per_1000, bron, jaar, status (+ label,
    eenheid and the yearly flows for later steps)."""
    return groepen_tabel[["gemeentecode", "groep", "aantal", "per_1000", "bron", "jaar", "status", "label",
                          "eenheid", "instroom_per_jaar", "uitstroom_per_jaar",
                          "taakstelling_per_jaar"]].reset_index(drop=True)


def groepen_regio(groepen_tabel: pd.DataFrame, inwoners_tabel: pd.DataFrame) -> pd.DataFrame:
    """Regio figures per groep: sum over the gemeenten with a figure, and how complete that is.

    ``aantal`` = sum of the known counts; ``per_1000`` = 1,000 x that sum / inhabitants of the same
    gemeenten (so an incomplete regio is not diluted); ``met_cijfer`` / ``gemeenten`` and
    ``volledigheid`` (% of the regio's gemeenten with a figure).
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
                      "volledigheid": 100 * len(bekend) / len(d) if len(d) else np.nan})
    return pd.DataFrame(rijen).astype({"groep": "string", "label": "string", "aantal": "Float64",
                                       "per_1000": "Float64", "met_cijfer": "Int64", "gemeenten": "Int64",
                                       "volledigheid": "Float64"})


def groepen_vergelijking(groepen_tabel: pd.DataFrame, inwoners_tabel: pd.DataFrame, gemeente: str,
                         ouderen_tabel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Display table: per groep the gemeente's count and rate next to the regio and Nederland.

    Nederland only where the source has it (ouderen, from :func:`ouderen` with ``met_vergelijking``).
    Columns: groep (label), status, aantal, per_1000, jaar, bron, regio_aantal, regio_per_1000,
    regio_volledig ("5 van 7"), nl_per_1000.
    """
    g = groepen_tabel[groepen_tabel["gemeentecode"] == gemeente]
    if g.empty:
        raise ParamsFout(f"Gemeente {gemeente} staat niet in de tabel groepen.")
    r = groepen_regio(groepen_tabel, inwoners_tabel).set_index("groep")
    nl = {}
    if ouderen_tabel is not None:
        o = ouderen_tabel[ouderen_tabel["gemeentecode"] == NEDERLAND]
        nl = {lg: 10 * float(a) for lg, a in zip(o["leeftijdsgroep"], o["aandeel"]) if not pd.isna(a)}
    from . import groepen as _g

    rijen = []
    for _, x in g.iterrows():
        gr = _g.GROEPEN.get(str(x["groep"]))
        lg = f"{gr.leeftijd_van}+" if gr is not None and gr.leeftijd_van is not None else None
        rr = r.loc[x["groep"]]
        rijen.append({
            "groep": x["label"], "status": x["status"], "aantal": x["aantal"], "per_1000": x["per_1000"],
            "jaar": x["jaar"], "bron": x["bron"] or "–",
            "regio_aantal": rr["aantal"], "regio_per_1000": rr["per_1000"],
            "regio_volledig": f"{int(rr['met_cijfer'])} van {int(rr['gemeenten'])}",
            "nl_per_1000": nl.get(lg, np.nan) if lg else np.nan,
        })
    return pd.DataFrame(rijen).astype({"aantal": "Float64", "per_1000": "Float64", "jaar": "Int64",
                                       "regio_aantal": "Float64", "regio_per_1000": "Float64",
                                       "nl_per_1000": "Float64"})


GROEPEN_NAMEN = {
    "groep": "Groep", "status": "Status", "aantal": "Aantal", "per_1000": "Per 1.000 inwoners", "jaar": "Jaar",
    "bron": "Bron", "regio_aantal": "Regio: aantal", "regio_per_1000": "Regio: per 1.000 inwoners",
    "regio_volledig": "Regio: gemeenten met cijfer", "nl_per_1000": "Nederland: per 1.000 inwoners",
}


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
    - ``jaar``: year (range) of the figures; ``met_cijfer`` of ``gemeenten``; ``volledigheid`` (% of the
      regio's gemeenten with a figure); ``status``: "bekend uit open data", "lokaal aangeleverd" (all
      gemeenten), "deels lokaal aangeleverd", "ontbreekt" or "buiten de analyse".
    """
    from . import groepen as _g

    reg = register if register is not None else _g.GROEPEN
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
            "volledigheid": (100 * len(bekend) / n_gem if n_gem else np.nan) if sleutel in scope else np.nan,
            "status": status,
        })
    return pd.DataFrame(rijen).astype({"groep": "string", "label": "string", "hoofdgroep": "string",
                                       "open_bron": "string", "lokale_bron": "string", "jaar": "string",
                                       "met_cijfer": "Int64", "gemeenten": "Int64", "volledigheid": "Float64",
                                       "status": "string"})


STATUS_KORT = {OPEN: "open data", LOKAAL: "lokaal", ONTBREEKT: "ontbreekt"}


def beschikbaarheid_per_gemeente(groepen_tabel: pd.DataFrame,
                                 gemeentenamen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Blind spots at a glance: rows = groups, columns = gemeenten, cells = short status
    ("open data", "lokaal", "ontbreekt"), from :func:`groepen_omvang`."""
    namen = dict(gemeentenamen or {})
    d = groepen_tabel.assign(kort=groepen_tabel["status"].map(lambda s: STATUS_KORT.get(s, s)))
    wijd = d.pivot(index="groep", columns="gemeentecode", values="kort")
    volgorde = list(dict.fromkeys(groepen_tabel["groep"]))
    codes = list(dict.fromkeys(groepen_tabel["gemeentecode"]))
    labels = groepen_tabel.drop_duplicates("groep").set_index("groep")["label"]
    wijd = wijd.reindex(index=volgorde, columns=codes)
    uit = pd.DataFrame({"Groep": [labels[g] for g in volgorde]})
    for c in codes:
        uit[namen.get(c, c)] = wijd[c].to_numpy()
    return uit.astype("string")


# --------------------------------------------------------------------------------------------------
# bronvermelding
# --------------------------------------------------------------------------------------------------
def herkomst_jaar(herkomst, tabel: pd.DataFrame | None, jaar: int | None, codes: Sequence[str] | None = None,
                  peildatum: bool = True):
    """The provenance of a canonical table narrowed to the rows actually used: one year (and the gemeenten
    ``codes``). ``bron`` lists the distinct ``bron`` values of those rows (plus the file name of the
    original), ``periode`` becomes "1 januari <jaar>" (``peildatum``) or "<jaar>".

    ``herkomst`` may be a Herkomst, a list of them (from ``A.herkomst(...)``; the first is used) or None
    (then None is returned). Used for the source line under a table, e.g. "Bron: CBS 85039NED (1 januari
    2021); bewerking woonzorganalyse" instead of all editions the file holds.
    """
    import dataclasses
    import re

    if isinstance(herkomst, (list, tuple)):
        herkomst = herkomst[0] if herkomst else None
    if herkomst is None:
        return None
    if jaar is None or tabel is None or tabel.empty or "jaar" not in tabel.columns:
        return herkomst
    rijen = tabel[tabel["jaar"] == jaar]
    if codes is not None and "gemeentecode" in rijen.columns:
        rijen = rijen[rijen["gemeentecode"].isin(list(codes))]
    bron = herkomst.bron
    if "bron" in rijen.columns:
        bronnen = sorted({str(b) for b in rijen["bron"].dropna() if str(b)})
        if bronnen:
            bestand = re.search(r"\[([^\]]+)\]\s*$", herkomst.bron)
            label = bestand.group(1) if bestand else (
                herkomst.bron if re.search(r"\.(csv|xlsx)\b", herkomst.bron) else "")
            bron = "; ".join(bronnen) + (f" [{label}]" if label else "")
    periode = f"1 januari {int(jaar)}" if peildatum else str(int(jaar))
    return dataclasses.replace(herkomst, bron=bron, periode=periode)


BESCHIKBAARHEID_NAMEN = {
    "label": "Groep", "in_analyse": "In de analyse", "open_bron": "Open bron (CBS)",
    "lokale_bron": "Lokale bron", "jaar": "Jaar", "volledigheid": "Gemeenten met cijfer (%)", "status": "Status",
}


def beschikbaarheid_overzicht(beschikbaarheid_tabel: pd.DataFrame) -> pd.DataFrame:
    """Display version of :func:`beschikbaarheid`: label, in_analyse ("ja"/"nee"), open_bron, lokale_bron,
    jaar, volledigheid, status (display names in :data:`BESCHIKBAARHEID_NAMEN`)."""
    b = beschikbaarheid_tabel
    uit = b[["label", "in_analyse", "open_bron", "lokale_bron", "jaar", "volledigheid", "status"]].copy()
    uit["in_analyse"] = np.where(b["in_analyse"].astype(bool), "ja", "nee")
    return uit.astype({"in_analyse": "string"})


NIET_AANGELEVERD = "lokale invoer (niet aangeleverd)"


def lokale_bron(herkomsten: Sequence) -> list:
    """The source(s) for a table of local inputs: the given provenances, or ["lokale invoer (niet
    aangeleverd)"] when there are none (every figure then shows "ontbreekt")."""
    return list(herkomsten) if herkomsten else [NIET_AANGELEVERD]
