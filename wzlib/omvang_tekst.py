"""Stap 1, "de huidige omvang" — what the report shows: display tables and labels built from the results
of :mod:`wzlib.omvang` (the computation). Shares stay fractions here; the presentation shows them as
percentages.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .fouten import GegevensOntbreken, ParamsFout
from .gegevens import NEDERLAND
from .groepen import GROEPEN
from .omvang import LOKAAL, ONTBREEKT, OPEN, REGIO_CODE, groepen_regio


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
    codes, leeftijd = o["gemeentecode"].tolist(), o["leeftijdsgroep"].tolist()
    volgorde = _gebied_volgorde(list(dict.fromkeys(codes)), gemeente)
    groepen = list(dict.fromkeys(leeftijd))
    eerste: dict[Any, int] = {}  # per gebied its first row; per (gebied, leeftijdsgroep) its row
    rij: dict[tuple[Any, Any], int] = {}
    for i, (c, g) in enumerate(zip(codes, leeftijd)):
        eerste.setdefault(c, i)
        rij.setdefault((c, g), i)
    kolom = {k: o[k].tolist() for k in ("gebied", "inwoners", "aantal", "aandeel", "alleenstaand",
                                        "alleenstaand_aandeel") if k in o.columns}
    uit = pd.DataFrame({"Gebied": [str(kolom["gebied"][eerste[c]]) for c in volgorde]})
    if wat == "aantal":
        uit["Inwoners"] = [kolom["inwoners"][eerste[c]] for c in volgorde]
    for g in groepen:
        if wat == "aantal":
            uit[g] = [kolom["aantal"][rij[(c, g)]] for c in volgorde]
            uit[f"{g} (%)"] = [kolom["aandeel"][rij[(c, g)]] for c in volgorde]
        else:
            uit[f"{g} alleenwonend"] = [kolom["alleenstaand"][rij[(c, g)]] for c in volgorde]
            uit[f"{g} alleenwonend (%)"] = [kolom["alleenstaand_aandeel"][rij[(c, g)]] for c in volgorde]
    return uit.astype({k: "Float64" for k in uit.columns if k != "Gebied"}).astype({"Gebied": "string"})


HUISHOUDENS_NAMEN = {"gebied": "Gebied", "huishoudens_totaal": "Huishoudens", "eenpersoons": "Eenpersoons",
                     "meerpersoons": "Meerpersoons", "eenpersoons_aandeel": "Eenpersoons (%)"}


def huishoudens_overzicht(huishoudens_tabel: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """Display table of :func:`wzlib.omvang.huishoudens`: the gemeente first, the other gemeenten, the regio
    and Nederland; columns Gebied, Huishoudens, Eenpersoons, Meerpersoons, "Eenpersoons (%)" (a fraction)."""
    if huishoudens_tabel.empty:
        return pd.DataFrame({v: pd.Series(dtype="string" if k == "gebied" else "Float64")
                             for k, v in HUISHOUDENS_NAMEN.items()})
    h = huishoudens_tabel.set_index("gemeentecode")
    volgorde = _gebied_volgorde(list(h.index), gemeente)
    uit = h.loc[volgorde, list(HUISHOUDENS_NAMEN)].rename(columns=HUISHOUDENS_NAMEN).reset_index(drop=True)
    return uit.astype({"Gebied": "string"})


def huishoudens_titel(huishoudens_tabel: pd.DataFrame, naam: str, bevolking_jaar: int | None = None) -> str:
    """Title of the households table with its year; says so when it differs from the bevolking year, or that
    the figures are missing."""
    if huishoudens_tabel.empty or huishoudens_tabel["jaar"].isna().all():
        return f"Huishoudens in {naam}: geen cijfers (huishoudens.csv / CBS 71486ned ontbreekt)"
    jaar = int(huishoudens_tabel["jaar"].dropna().iloc[0])
    anders = (f" (bevolking: 1 januari {int(bevolking_jaar)})"
              if bevolking_jaar is not None and int(bevolking_jaar) != jaar else "")
    return f"Particuliere huishoudens in {naam}, de regio en Nederland, 1 januari {jaar}{anders}"


def alleenwonend_titel(ouderen_tabel: pd.DataFrame, naam: str) -> str:
    """Title of the alleenwonende-ouderen table with the year of the household figures, and the bevolking year
    when that differs (the share of 65+ in the other table is of that year)."""
    basis = f"Alleenwonende ouderen in {naam}, de regio en Nederland"
    hj = ouderen_tabel["alleenstaand_jaar"].dropna() if "alleenstaand_jaar" in ouderen_tabel else pd.Series()
    if hj.empty:
        return basis
    bj = ouderen_tabel["jaar"].dropna()
    tekst = f"{basis}, 1 januari {int(hj.iloc[0])}"
    if len(bj) and int(bj.iloc[0]) != int(hj.iloc[0]):
        tekst += f" (aantal ouderen in de bevolking: 1 januari {int(bj.iloc[0])})"
    return tekst


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
        nl = {lg: 1000 * float(a) for lg, a in zip(o["leeftijdsgroep"], o["aandeel"]) if not pd.isna(a)}
    rijen = []
    for _, x in g.iterrows():
        gr = GROEPEN.get(str(x["groep"]))
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


def regio_afscherming(vergelijking: pd.DataFrame, groepen_tabel: pd.DataFrame, drempel: int) -> dict[str, pd.DataFrame]:
    """``vast_afgeschermd`` for :func:`groepen_vergelijking`: the regio count of a groep with exactly one
    gemeente below the threshold is hidden (the regio minus the other gemeenten, each shown in its own
    report, would give that count back). Every gemeente report computes the same pattern from the same table."""
    g = groepen_tabel[groepen_tabel["aantal"].notna()]
    klein = g.assign(_k=(g["aantal"] > 0) & (g["aantal"] < drempel)).groupby("label")["_k"].sum()
    m = pd.DataFrame(False, index=vergelijking.index, columns=vergelijking.columns)
    for pos, idx in enumerate(vergelijking.index):
        if int(klein.get(vergelijking["groep"].iloc[pos], 0)) == 1:
            m.loc[idx, ["regio_aantal", "regio_per_1000"]] = True
    return {"vast_afgeschermd": m}


GROEPEN_NAMEN = {
    "groep": "Groep", "status": "Status", "aantal": "Aantal", "per_1000": "Per 1.000 inwoners", "jaar": "Jaar",
    "bron": "Bron", "regio_aantal": "Regio: aantal", "regio_per_1000": "Regio: per 1.000 inwoners",
    "regio_volledig": "Regio: gemeenten met cijfer", "nl_per_1000": "Nederland: per 1.000 inwoners",
}


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
