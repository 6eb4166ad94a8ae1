"""Canonical tables ("gegevens") of the toolkit: their schemas, defined once, and the bundle for one regio.

Every source (CBS via cbsodata, a folder in the import format, the demo regio) ends up in these
tables, so step functions and notebooks do not care where the data came from. The import format
(``docs/invoerformaat.md``) is these schemas written as CSV files.

Types: ``code`` (GM/WK/BU + digits), ``tekst``, ``int`` (whole number >= 0), ``getal`` (number),
``pct`` (0..100, only in import files: the unit CBS publishes), ``aandeel`` (a fraction 0..1: every share
the toolkit computes), ``ja_nee`` (true/false), ``jaar`` (1900..2100), ``keuze`` (one of ``keuzes``).
The same schemas describe the result tables of the steps (``wzlib.catalogus``); :func:`controleer_frame`
checks a typed frame against a schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

Soort = Literal["code", "tekst", "int", "getal", "pct", "aandeel", "ja_nee", "jaar", "keuze"]


@dataclass(frozen=True)
class Kolom:
    naam: str
    soort: Soort
    omschrijving: str
    verplicht: bool = True  # the column must be present in the file
    leeg_mag: bool = False  # an empty cell is allowed (= missing / not applicable)
    keuzes: tuple[str, ...] = ()
    patroon: str | None = None  # regex for soort "code"


@dataclass(frozen=True)
class Schema:
    naam: str  # canonical table name
    bestand: str  # file name in the import format
    omschrijving: str
    kolommen: tuple[Kolom, ...]
    sleutel: tuple[str, ...]
    verplicht: bool = False  # the file must be present in an import folder

    @property
    def kolomnamen(self) -> list[str]:
        return [k.naam for k in self.kolommen]

    def kolom(self, naam: str) -> Kolom:
        for k in self.kolommen:
            if k.naam == naam:
                return k
        raise KeyError(naam)


GM = r"GM\d{4}"
_BRON = Kolom("bron", "tekst", "Bron van de regel, bv. 'CBS 03759ned' of 'BRP gemeente, export 2024-03'",
              verplicht=False, leeg_mag=True)

GEMEENTEN = Schema(
    "gemeenten", "gemeenten.csv",
    "Gemeenten met hun naam (en optioneel provincie en regio-indelingen).",
    (
        Kolom("gemeentecode", "code", "CBS-gemeentecode, GM + 4 cijfers", patroon=GM),
        Kolom("gemeentenaam", "tekst", "Naam van de gemeente"),
        Kolom("provinciecode", "tekst", "PV20..PV31", verplicht=False, leeg_mag=True),
        Kolom("provincienaam", "tekst", "Naam van de provincie", verplicht=False, leeg_mag=True),
        Kolom("corop", "tekst", "COROP-gebied (naam)", verplicht=False, leeg_mag=True),
        Kolom("ggdregio", "tekst", "GGD-regio (naam)", verplicht=False, leeg_mag=True),
        Kolom("veiligheidsregio_code", "tekst", "VR01..VR25", verplicht=False, leeg_mag=True),
        Kolom("veiligheidsregio_naam", "tekst", "Naam veiligheidsregio", verplicht=False, leeg_mag=True),
    ),
    ("gemeentecode",),
    verplicht=True,
)

BEVOLKING = Schema(
    "bevolking", "bevolking.csv",
    "Bevolking op 1 januari naar leeftijdsklasse en geslacht. Bijvoorbeeld CBS 03759ned, CBS 83502NED opgeteld "
    "per postcode of een BRP-export: de kolom bron zegt wat er is gelezen.",
    (
        Kolom("gemeentecode", "code", "GM + 4 cijfers, of NL00 voor Nederland", patroon=r"GM\d{4}|NL00"),
        Kolom("jaar", "jaar", "Jaar; bevolking op 1 januari van dit jaar"),
        Kolom("geslacht", "keuze", "man, vrouw of totaal", keuzes=("man", "vrouw", "totaal")),
        Kolom("leeftijd_van", "int", "Eerste leeftijd van de klasse (jaren)"),
        Kolom("leeftijd_tot", "int", "Laatste leeftijd van de klasse, inclusief; leeg = open klasse (bv. 95+)",
              leeg_mag=True),
        Kolom("aantal", "int", "Aantal personen"),
        _BRON,
    ),
    ("gemeentecode", "jaar", "geslacht", "leeftijd_van"),
    verplicht=True,
)

BEVOLKINGSONTWIKKELING = Schema(
    "bevolkingsontwikkeling", "bevolkingsontwikkeling.csv",
    "Bevolkingsontwikkeling per jaar (CBS 37230ned/37259eng), geslacht totaal.",
    (
        Kolom("gemeentecode", "code", "GM + 4 cijfers", patroon=r"GM\d{4}|NL00"),
        Kolom("jaar", "jaar", "Kalenderjaar"),
        Kolom("bevolking_1jan", "int", "Bevolking op 1 januari"),
        Kolom("levend_geborenen", "int", "Levend geborenen in het jaar", leeg_mag=True),
        Kolom("overledenen", "int", "Overledenen in het jaar", leeg_mag=True),
        Kolom("vestiging_totaal", "int", "Vestiging (immigratie + verhuizing naar de gemeente)", leeg_mag=True),
        Kolom("vertrek_totaal", "int", "Vertrek (emigratie incl. correcties + verhuizing uit de gemeente)",
              leeg_mag=True),
        Kolom("bevolking_31dec", "int", "Bevolking op 31 december", leeg_mag=True),
        _BRON,
    ),
    ("gemeentecode", "jaar"),
)

HUISHOUDENS = Schema(
    "huishoudens", "huishoudens.csv",
    "Particuliere huishoudens op 1 januari (CBS 71486ned).",
    (
        Kolom("gemeentecode", "code", "GM + 4 cijfers", patroon=r"GM\d{4}|NL00"),
        Kolom("jaar", "jaar", "Jaar (1 januari)"),
        Kolom("huishoudens_totaal", "int", "Particuliere huishoudens"),
        Kolom("eenpersoons", "int", "Eenpersoonshuishoudens"),
        Kolom("meerpersoons", "int", "Meerpersoonshuishoudens"),
        _BRON,
    ),
    ("gemeentecode", "jaar"),
)

HUISHOUDENS_LEEFTIJD = Schema(
    "huishoudens_leeftijd", "huishoudens_leeftijd.csv",
    "Personen in particuliere huishoudens en alleenstaanden naar leeftijd (CBS 71488ned).",
    (
        Kolom("gemeentecode", "code", "GM + 4 cijfers", patroon=r"GM\d{4}|NL00"),
        Kolom("jaar", "jaar", "Jaar (1 januari)"),
        Kolom("leeftijd_van", "int", "Eerste leeftijd van de klasse"),
        Kolom("leeftijd_tot", "int", "Laatste leeftijd, inclusief; leeg = open klasse", leeg_mag=True),
        Kolom("personen_particuliere_huishoudens", "int", "Personen in particuliere huishoudens",
              leeg_mag=True),
        Kolom("alleenstaand", "int", "Alleenwonende personen; leeg waar niet van toepassing (0-14)",
              leeg_mag=True),
        _BRON,
    ),
    ("gemeentecode", "jaar", "leeftijd_van"),
)

WIJKEN = Schema(
    "wijken", "wijken.csv",
    "Kerncijfers wijken en buurten: gemeente-, wijk- en buurtregels.",
    (
        Kolom("gebiedscode", "code", "GMxxxx, WKxxxxxx of BUxxxxxxxx", patroon=r"GM\d{4}|WK\d{6}|BU\d{8}"),
        Kolom("soort", "keuze", "gemeente, wijk of buurt", keuzes=("gemeente", "wijk", "buurt")),
        Kolom("gemeentecode", "code", "GM + 4 cijfers", patroon=GM),
        Kolom("naam", "tekst", "Naam van het gebied"),
        Kolom("jaar", "jaar", "Editie/jaar (bevolking op 1 januari)"),
        Kolom("inwoners", "int", "Aantal inwoners"),
        Kolom("leeftijd_0_14", "int", "Inwoners 0-14 jaar", leeg_mag=True),
        Kolom("leeftijd_15_24", "int", "Inwoners 15-24 jaar", leeg_mag=True),
        Kolom("leeftijd_25_44", "int", "Inwoners 25-44 jaar", leeg_mag=True),
        Kolom("leeftijd_45_64", "int", "Inwoners 45-64 jaar", leeg_mag=True),
        Kolom("leeftijd_65_plus", "int", "Inwoners 65 jaar of ouder", leeg_mag=True),
        Kolom("huishoudens", "int", "Particuliere huishoudens", leeg_mag=True),
        Kolom("eenpersoonshuishoudens", "int", "Eenpersoonshuishoudens", leeg_mag=True),
        Kolom("afstand_huisarts_km", "getal", "Gemiddelde afstand tot huisartsenpraktijk (km)",
              verplicht=False, leeg_mag=True),
        Kolom("afstand_supermarkt_km", "getal", "Gemiddelde afstand tot grote supermarkt (km)",
              verplicht=False, leeg_mag=True),
        _BRON,
    ),
    ("gebiedscode", "jaar"),
)

WONINGEN = Schema(
    "woningen", "woningen_gemeente.csv",
    "Woningvoorraad per gemeente: koop/huur en WOZ, aantal woningen en bezit van woningcorporaties. Koop/huur "
    "en WOZ uit de Kerncijfers wijken en buurten, aantal woningen en corporatiebezit uit CBS 82900NED (Voorraad "
    "woningen; eigendom).",
    (
        Kolom("gemeentecode", "code", "GM + 4 cijfers", patroon=r"GM\d{4}|NL00"),
        Kolom("jaar", "jaar", "Jaar/editie (voorraad op 1 januari)"),
        Kolom("koopwoningen_pct", "pct", "Koopwoningen, % van de voorraad", leeg_mag=True),
        Kolom("huurwoningen_pct", "pct", "Huurwoningen, % van de voorraad", leeg_mag=True),
        Kolom("woz_gemiddeld_x1000", "getal", "Gemiddelde WOZ-waarde (x 1.000 euro)", leeg_mag=True),
        Kolom("woningvoorraad", "int", "Aantal woningen", verplicht=False, leeg_mag=True),
        Kolom("corporatie_pct", "pct", "In bezit van woningcorporaties, % van de voorraad",
              verplicht=False, leeg_mag=True),
        _BRON,
    ),
    ("gemeentecode", "jaar"),
)

PROGNOSE_TOTALEN = Schema(
    "prognose_totalen", "prognose_totalen.csv",
    "Bevolkingsprognose, alleen het totaal per gemeente en jaar (PBL/CBS regionale prognose, 85171NED; met "
    "intervalgrenzen 85173NED als laag/hoog). Als dit bestand er is, wordt het eigen cohortmodel daarop "
    "gekalibreerd (prognose.kalibreren); het ongekalibreerde eigen model staat ernaast in het rapport.",
    (
        Kolom("gemeentecode", "code", "GM + 4 cijfers (indeling van de prognose)", patroon=GM),
        Kolom("jaar", "jaar", "Jaar; bevolking op 1 januari van dit jaar"),
        Kolom("variant", "keuze", "midden (de prognose), laag/hoog (grenzen van het prognose-interval)",
              keuzes=("laag", "midden", "hoog")),
        Kolom("bevolking", "int", "Totale bevolking (personen; CBS publiceert x 1.000 met één decimaal)"),
        _BRON,
    ),
    ("gemeentecode", "jaar", "variant"),
)

#: An imported prognosis by age (provincie, ABF Primos): ``prognose.csv`` in the regio's lokaal folder.
PROGNOSE = Schema(
    "prognose", "prognose.csv",
    "Bevolkingsprognose naar leeftijd en geslacht (provinciale prognose, ABF Primos of eigen), per variant.",
    (
        Kolom("gemeentecode", "code", "GM + 4 cijfers", patroon=r"GM\d{4}"),
        Kolom("jaar", "jaar", "Jaar; bevolking op 1 januari van dit jaar"),
        Kolom("geslacht", "keuze", "man, vrouw of totaal", keuzes=("man", "vrouw", "totaal")),
        Kolom("leeftijd_van", "int", "Eerste leeftijd van de klasse (jaren)"),
        Kolom("leeftijd_tot", "int", "Laatste leeftijd van de klasse, inclusief; leeg = open klasse (bv. 95+)",
              leeg_mag=True),
        Kolom("variant", "keuze", "laag, midden of hoog (alleen midden mag ook)", keuzes=("laag", "midden", "hoog")),
        Kolom("aantal", "getal", "Aantal personen (decimalen toegestaan)"),
        Kolom("bron", "tekst", "Bron en editie, bv. 'Provincie Noord-Holland, bevolkingsprognose 2024'",
              verplicht=False, leeg_mag=True),
    ),
    ("gemeentecode", "jaar", "geslacht", "leeftijd_van", "variant"),
)


SCHEMAS: dict[str, Schema] = {
    s.naam: s for s in (GEMEENTEN, BEVOLKING, BEVOLKINGSONTWIKKELING, HUISHOUDENS, HUISHOUDENS_LEEFTIJD,
                        WIJKEN, WONINGEN, PROGNOSE_TOTALEN)
}

NEDERLAND = "NL00"


@dataclass(frozen=True)
class Herkomst:
    """Provenance of one canonical table: travels into every report's colophon."""

    tabel: str  # canonical table name
    soort: str  # "cbs" | "invoer" | "voorbeeld" | "lokaal"
    bron: str  # e.g. "CBS 03759ned" or the file path
    titel: str = ""
    periode: str = ""  # e.g. "1 januari 2021" or "2012-2023"
    opgehaald: str = ""  # ISO timestamp fetched (CBS) or file modification time
    gewijzigd: str = ""  # CBS "Modified" of the table
    fictief: bool = False
    detail: str = ""  # the full technical source (e.g. every 'bron' value of an import file): Verantwoording only

    def regel(self) -> str:
        """One Dutch source line, e.g. 'CBS 03759ned (1 januari 2024; opgehaald 2026-11-01)'."""
        wanneer = ""
        if self.opgehaald:
            wanneer = ("opgehaald " if self.soort == "cbs" else "bestand van ") + self.opgehaald[:10]
        delen = [p for p in (self.periode, wanneer) if p]
        tekst = self.bron + (f" ({'; '.join(delen)})" if delen else "")
        return tekst + (" — FICTIEF" if self.fictief else "")


_TABEL_ID = re.compile(r"(?:PBL/)?CBS \d{5}[A-Za-z]{3}")


def korte_bron(bronnen: list[str], max_aantal: int = 4) -> str | None:
    """The CBS tables named in ``bronnen`` (the distinct ``bron`` values of a file), e.g. ``"CBS 83502NED"``
    for 'CBS 83502NED, som PC4' and 'CBS 83502NED, som PC4 (incl. toegewezen PC4, zie README)': what a
    partner needs under a table. None when a value names no CBS table (then the values are shown as they
    are)."""
    ids: list[str] = []
    for b in bronnen:
        gevonden = _TABEL_ID.findall(b)
        if not gevonden:
            return None
        ids += [g for g in gevonden if g not in ids]
    if not ids:
        return None
    return ", ".join(ids[:max_aantal]) + (f" (+{len(ids) - max_aantal})" if len(ids) > max_aantal else "")


class LuiTabellen(MutableMapping):
    """Tables read on first use (``lezers``: name -> function returning the frame): a notebook reads from the
    cache the 3 or 4 tables it uses, not all of them (~4 ms each for the 342 gemeenten of the real data)."""

    def __init__(self, lezers: Mapping[str, Callable[[], pd.DataFrame]]):
        self._lezers: dict[str, Callable[[], pd.DataFrame] | None] = dict(lezers)
        self._tabellen: dict[str, pd.DataFrame] = {}

    def __getitem__(self, naam: str) -> pd.DataFrame:
        if naam not in self._tabellen:
            lezer = self._lezers[naam]  # KeyError for an unknown table, as a dict
            self._tabellen[naam] = lezer()
        return self._tabellen[naam]

    def __setitem__(self, naam: str, df: pd.DataFrame) -> None:
        self._tabellen[naam] = df
        self._lezers.setdefault(naam, None)

    def __delitem__(self, naam: str) -> None:
        del self._lezers[naam]
        self._tabellen.pop(naam, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._lezers)

    def __len__(self) -> int:
        return len(self._lezers)

    def gelezen(self) -> list[str]:
        """The tables read so far (for tests and benchmarks)."""
        return sorted(self._tabellen)


@dataclass
class Gegevens:
    """The canonical tables of one source (all gemeenten it holds), with provenance per table."""

    tabellen: MutableMapping[str, pd.DataFrame] = field(default_factory=dict)  # or LuiTabellen
    herkomst: dict[str, Herkomst] = field(default_factory=dict)

    def heeft(self, naam: str) -> bool:
        return naam in self.tabellen and not self.tabellen[naam].empty

    def __getitem__(self, naam: str) -> pd.DataFrame:
        if naam not in self.tabellen:
            raise KeyError(f"Tabel '{naam}' is niet aanwezig in de gegevens "
                           f"(aanwezig: {', '.join(sorted(self.tabellen)) or 'geen'}).")
        return self.tabellen[naam]


def lege_tabel(naam: str) -> pd.DataFrame:
    """An empty frame with the canonical columns and dtypes of table ``naam``."""
    schema = SCHEMAS[naam]
    return pd.DataFrame({k.naam: pd.Series(dtype=pandas_dtype(k)) for k in schema.kolommen})


def pandas_dtype(k: Kolom) -> str:
    return {"int": "Int64", "jaar": "Int64", "getal": "Float64", "pct": "Float64", "aandeel": "Float64",
            "ja_nee": "boolean"}.get(k.soort, "string")


def controleer_frame(df: pd.DataFrame, schema: Schema) -> list[str]:
    """Problems of a typed frame against ``schema`` (Dutch, one line each; empty = in order).

    Checks: every required column present and no unknown column; per column the kind of values
    (text, whole number, number, fraction 0..1, true/false, year, one of the choices, code pattern);
    no empty cells where the column does not allow them; and a unique key.
    """
    p: list[str] = []
    bekend = set(schema.kolomnamen)
    for k in df.columns:
        if k not in bekend:
            p.append(f"kolom '{k}' hoort niet in deze tabel (verwacht: {', '.join(schema.kolomnamen)})")
    for kol in schema.kolommen:
        if kol.naam not in df.columns:
            if kol.verplicht:
                p.append(f"kolom '{kol.naam}' ontbreekt ({kol.omschrijving})")
            continue
        s = df[kol.naam]
        leeg = s.isna()
        n_leeg = int(leeg.sum())
        if not kol.leeg_mag and n_leeg:
            p.append(f"kolom '{kol.naam}': {n_leeg} lege cel(len), niet toegestaan")
        gevuld = s[~leeg] if n_leeg else s  # no copy when nothing is empty (most columns)
        if kol.soort in ("int", "jaar", "getal", "pct", "aandeel"):
            if not (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)):
                p.append(f"kolom '{kol.naam}': getallen verwacht, gevonden {s.dtype}")
                continue
            x = gevuld.astype("float64")
            if kol.soort in ("int", "jaar") and not pd.api.types.is_integer_dtype(s):
                p.append(f"kolom '{kol.naam}': gehele getallen verwacht, gevonden {s.dtype}")
            grenzen = {"jaar": (1900, 2100), "pct": (0, 100), "aandeel": (0, 1), "int": (0, None)}.get(kol.soort)
            if grenzen and len(x):
                lo, hi = grenzen
                buiten = x[(x < lo - 1e-9) | ((x > hi + 1e-9) if hi is not None else False)]
                if len(buiten):
                    p.append(f"kolom '{kol.naam}': {len(buiten)} waarde(n) buiten {lo}..{hi if hi is not None else ''}"
                             f" (bv. {buiten.iloc[0]:g})" + (" — een aandeel is een fractie 0-1, geen percentage"
                                                              if kol.soort == "aandeel" else ""))
        elif kol.soort == "ja_nee":
            if not pd.api.types.is_bool_dtype(s):
                p.append(f"kolom '{kol.naam}': ja/nee (bool) verwacht, gevonden {s.dtype}")
        else:
            if not (pd.api.types.is_string_dtype(s) or s.dtype == object):
                p.append(f"kolom '{kol.naam}': tekst verwacht, gevonden {s.dtype}")
                continue
            if kol.soort == "keuze" and kol.keuzes:
                tekst = gevuld.astype(str)
                fout = sorted(set(tekst[~tekst.isin(kol.keuzes)]))
                if fout:
                    p.append(f"kolom '{kol.naam}': onbekende waarde(n) {', '.join(map(repr, fout[:3]))}; "
                             f"toegestaan: {', '.join(kol.keuzes)}")
            elif kol.soort == "code" and kol.patroon:
                tekst = gevuld.astype(str)
                fout = sorted(set(tekst[~tekst.str.fullmatch(kol.patroon)]))
                if fout:
                    p.append(f"kolom '{kol.naam}': ongeldige code(s) {', '.join(map(repr, fout[:3]))}")
    if not p and schema.sleutel and len(df):
        dubbel = df.duplicated(list(schema.sleutel), keep=False)
        if dubbel.any():
            eerste = df.loc[dubbel, list(schema.sleutel)].iloc[0].to_dict()
            p.append(f"sleutel {', '.join(schema.sleutel)} is niet uniek ({int(dubbel.sum())} regels), bv. {eerste}")
    return p


def kies_jaar(df: pd.DataFrame, peiljaar: int) -> int | None:
    """The year to use from a table for a given peiljaar: the latest year <= peiljaar, else the earliest.

    Returns None for an empty table.
    """
    if df.empty:
        return None
    jaren = sorted(int(j) for j in df["jaar"].dropna().unique())
    eerder = [j for j in jaren if j <= peiljaar]
    return eerder[-1] if eerder else jaren[0]


_SOORT_NL = {"code": "code", "tekst": "tekst", "int": "geheel getal ≥ 0", "getal": "getal",
             "pct": "percentage 0–100", "aandeel": "fractie 0–1", "ja_nee": "ja/nee", "jaar": "jaartal",
             "keuze": "keuze"}


def documentatie_markdown() -> str:
    """The import-format reference (docs/invoerformaat.md), generated from the schemas above."""
    regels = [
        "# Invoerformaat",
        "",
        "Het eigen invoerformaat van woonzorganalyse: een map met CSV-bestanden, één feit per regel. "
        "CBS-gegevens en ingelezen gegevens komen in dezelfde tabellen terecht, dus de notebooks merken "
        "niet waar de cijfers vandaan komen. Analisten kunnen de bestanden met de hand maken of "
        "exporteren uit hun eigen BRP- of provinciale gegevens.",
        "",
        "- UTF-8 (met of zonder BOM; Excel: *CSV UTF-8*), scheidingsteken komma of puntkomma, kopregel verplicht.",
        "- Gehele getallen met of zonder punt als duizendtalscheiding (`1000` of `1.000`); `1,000` wordt "
        "geweigerd (dubbelzinnig). Decimalen mogen met punt of komma (alleen bij *getal* en *percentage*); "
        "daar is `1.000` dubbelzinnig en wordt het geweigerd. Meer dan 10^15 wordt geweigerd.",
        "- Lege cel = ontbreekt of niet van toepassing (alleen waar de kolom dat toestaat).",
        "- `gemeentecode` is altijd `GM` + 4 cijfers; `NL00` = Nederland (optioneel, als vergelijking).",
        "- De validator (`wz controleer --regio X`) meldt alle problemen van alle bestanden tegelijk, "
        "met bestand, regelnummer, kolom en waarde.",
        "- Kolommen die niet in het schema staan zijn een fout (een tikfout mag geen gegevens laten "
        "verdwijnen); optionele kolommen mogen ontbreken.",
        "- Bevolking en huishoudens van vóór een gemeentelijke herindeling (bv. 1 januari 2021 met de gemeenten "
        "van 2023) worden bij het inlezen bij de opvolger geteld (Heerhugowaard + Langedijk = Dijk en Waard); "
        "de lijst staat in `wzlib/bronnen/herindelingen.py` en de verantwoording noemt wat is opgeteld.",
        "",
        "Dit bestand wordt gegenereerd uit `wzlib/gegevens.py` (`documentatie_markdown()`); een test "
        "bewaakt dat het actueel is.",
        "",
    ]
    for s in SCHEMAS.values():
        regels += [f"## `{s.bestand}` — {s.naam}", "", s.omschrijving + (" **Verplicht bestand.**" if s.verplicht
                                                                      else " Optioneel bestand."), "",
                   f"Sleutel (uniek per regel): {', '.join(f'`{k}`' for k in s.sleutel)}.", "",
                   "| kolom | soort | verplicht | leeg mag | omschrijving |", "|---|---|---|---|---|"]
        for k in s.kolommen:
            soort = _SOORT_NL[k.soort] + (f": {', '.join(k.keuzes)}" if k.keuzes else "")
            regels.append(f"| `{k.naam}` | {soort} | {'ja' if k.verplicht else 'nee'} | "
                          f"{'ja' if k.leeg_mag else 'nee'} | {k.omschrijving} |")
        regels.append("")
    return "\n".join(regels)
