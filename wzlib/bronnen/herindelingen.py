"""Gemeentelijke herindelingen: tables of an older indeling brought to the gemeenten of ``gemeenten.csv``.

A source's tables do not all share one indeling. The real import folder, for instance, has the gemeenten of 2023
but the population of 1 January 2021 (indeling 2021) and the households of 2020: Dijk en Waard, Land van Cuijk,
Maashorst and Voorne aan Zee have no population there, and Amsterdam's lacks Weesp. Without this step the
prognose of every regio with such a gemeente stops ("geen gegevens voor gemeente GM1980 op 1 januari 2021").

:func:`naar_indeling` adds the rows of the predecessors to their successor, for the years before the merger,
in tables whose numbers are all counts of people or households (a sum of counts is the count of the merged
gemeente; a percentage or a distance is not, so those tables are left alone). A sum with an unknown part stays
unknown, never a partial count. Only full mergers are listed: a gemeente split over several others (Haaren,
2021) cannot be added up and keeps its own code.

The mergers are public facts of the CBS classification (Gemeentelijke indeling op 1 januari 2021, 2022 and
2023; Weesp joined Amsterdam on 24 March 2022). For the real data, ``tests/test_herindelingen.py`` checks the
set against the codes that disappear and appear between the indelingen, and against the population on
31 December before and 1 January of the merger.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from ..gegevens import Gegevens, Herkomst


@dataclass(frozen=True)
class Herindeling:
    jaar: int  # the first 1 January in the new indeling (the merger took effect on or before that day)
    code: str  # the gemeente after the merger (new, or one that absorbed others)
    naam: str
    voorgangers: tuple[tuple[str, str], ...]  # (code, naam) of the gemeenten that went into it (not code itself)


HERINDELINGEN: tuple[Herindeling, ...] = (
    Herindeling(2021, "GM1979", "Eemsdelta", (("GM0003", "Appingedam"), ("GM0010", "Delfzijl"),
                                               ("GM0024", "Loppersum"))),
    Herindeling(2023, "GM0363", "Amsterdam", (("GM0457", "Weesp"),)),  # on 24 March 2022: 1 January 2023 first
    Herindeling(2022, "GM0439", "Purmerend", (("GM0370", "Beemster"),)),
    Herindeling(2022, "GM1980", "Dijk en Waard", (("GM0398", "Heerhugowaard"), ("GM0416", "Langedijk"))),
    Herindeling(2022, "GM1982", "Land van Cuijk", (("GM0756", "Boxmeer"), ("GM1684", "Cuijk"), ("GM0786", "Grave"),
                                                    ("GM0815", "Mill en Sint Hubert"), ("GM1702", "Sint Anthonis"))),
    Herindeling(2022, "GM1991", "Maashorst", (("GM0856", "Uden"), ("GM1685", "Landerd"))),
    Herindeling(2023, "GM1992", "Voorne aan Zee", (("GM0501", "Brielle"), ("GM0530", "Hellevoetsluis"),
                                                    ("GM0614", "Westvoorne"))),
)

#: tables whose numeric columns are all counts (people, households, births, moves): a merged gemeente's number
#: is the sum of its parts.
#: bevolkingsontwikkeling (flows per calendar year) is not among them: a gemeente that merged during a year (Weesp,
#: 24 March 2022) has no flows of that year, and adding "unknown" would make its successor's year unknown too.
OPTELBAAR: dict[str, tuple[str, ...]] = {
    "bevolking": ("gemeentecode", "jaar", "geslacht", "leeftijd_van", "leeftijd_tot"),
    "huishoudens": ("gemeentecode", "jaar"),
    "huishoudens_leeftijd": ("gemeentecode", "jaar", "leeftijd_van", "leeftijd_tot"),
}


def _som(s: pd.Series):
    """The sum of a group, unknown (NA) when one part is unknown: a partial sum would look like a count."""
    return s.sum() if s.notna().all() else pd.NA


def _tekst(s: pd.Series):
    return "; ".join(sorted({str(v) for v in s.dropna()})) or pd.NA


def naar_indeling_tabel(df: pd.DataFrame, sleutel: tuple[str, ...], gemeenten: set[str],
                        herindelingen: tuple[Herindeling, ...] = HERINDELINGEN
                        ) -> tuple[pd.DataFrame, list[Herindeling]]:
    """``df`` with the predecessors' rows of the years before each merger added to their successor (when the
    successor is one of ``gemeenten``), and the mergers that were applied."""
    toegepast: list[Herindeling] = []
    if df.empty or "gemeentecode" not in df.columns:
        return df, toegepast
    codes = df["gemeentecode"].astype("string")
    jaren = pd.to_numeric(df["jaar"], errors="coerce")
    nieuw, geraakt = codes.copy(), pd.Series(False, index=df.index)  # geraakt: the rows to add up
    for h in herindelingen:
        if h.code not in gemeenten:
            continue
        voor = jaren < h.jaar
        oud = codes.isin([c for c, _ in h.voorgangers]) & voor
        if oud.any():
            nieuw[oud] = h.code
            geraakt |= oud | ((codes == h.code) & voor)
            toegepast.append(h)
    if not toegepast:
        return df, toegepast
    deel = df[geraakt].assign(gemeentecode=nieuw[geraakt])
    getallen = [k for k in df.columns if k not in sleutel and pd.api.types.is_numeric_dtype(df[k])]
    teksten = [k for k in df.columns if k not in sleutel and k not in getallen]
    opgeteld = (deel.groupby(list(sleutel), dropna=False, sort=False)
                .agg({**{k: _som for k in getallen}, **{k: _tekst for k in teksten}}).reset_index())
    uit = pd.concat([df[~geraakt], opgeteld[df.columns]], ignore_index=True)
    uit = uit.astype(df.dtypes.to_dict()).sort_values(list(sleutel[:2]), kind="stable", ignore_index=True)
    return uit, toegepast


_KOP = "Naar de gemeentelijke indeling van gemeenten.csv gebracht: "


def beschrijving(toegepast: list[Herindeling]) -> str:
    """Dutch sentence for the provenance: which gemeenten were added up."""
    delen = [f"{' en '.join(n for _, n in h.voorgangers)} bij {h.naam} ({h.code}) geteld "
             f"(herindeling 1 januari {h.jaar})" for h in toegepast]
    return _KOP + "; ".join(delen) + "."


def voor_regio(h: Herkomst, codes: set[str]) -> Herkomst:
    """``h`` with only the mergers of the gemeenten ``codes`` in its sentence (none: no sentence): a report of
    Haarlem need not say that Dijk en Waard was added up from Heerhugowaard and Langedijk."""
    i = h.detail.find(_KOP)
    if i < 0:
        return h
    zin = h.detail[i:]
    eigen = [x for x in HERINDELINGEN if f"bij {x.naam} ({x.code}) geteld" in zin and x.code in codes]
    delen = [h.detail[:i].rstrip("; "), beschrijving(eigen) if eigen else ""]
    return replace(h, detail="; ".join(d for d in delen if d))


def naar_indeling(g: Gegevens) -> Gegevens:
    """The tables of :data:`OPTELBAAR` in ``g`` brought to the gemeenten of ``g["gemeenten"]``; the provenance
    of a changed table says which gemeenten were added up."""
    if "gemeenten" not in g.tabellen or g.tabellen["gemeenten"].empty:
        return g
    gemeenten = set(g.tabellen["gemeenten"]["gemeentecode"].dropna().astype(str))
    for naam, sleutel in OPTELBAAR.items():
        if naam not in g.tabellen:
            continue
        df, toegepast = naar_indeling_tabel(g.tabellen[naam], sleutel, gemeenten)
        if not toegepast:
            continue
        g.tabellen[naam] = df
        if naam in g.herkomst:
            h = g.herkomst[naam]
            g.herkomst[naam] = replace(h, detail="; ".join(d for d in (h.detail, beschrijving(toegepast)) if d))
    return g
