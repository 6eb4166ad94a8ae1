"""Local inputs of a regio: numbers that no open source has (aandachtsgroepen, aanbod, plancapaciteit, woningmarkt).

A regio keeps them in one folder (``lokaal:`` in ``params/regios/<regio>.yaml``, e.g.
``data/voorbeeld/lokaal/``): one CSV per subject (``aandachtsgroepen.csv``, ``aanbod.csv``,
``plancapaciteit.csv``, ``woningmarkt.csv``) and/or one Excel workbook ``lokale_invoer.xlsx`` with
one sheet per subject. Both are read and validated by the same engine as the import format
(:func:`wzlib.bronnen.invoer.lees_csv` / :func:`~wzlib.bronnen.invoer.valideer` with the schemas in
:data:`LOKALE_SCHEMAS`), plus checks against the registries in :mod:`wzlib.groepen` and the regio's
gemeenten. Every problem of every file is collected and raised at once as
:class:`~wzlib.fouten.InvoerFout`; ``docs/lokale-invoer.md`` documents the files for analysts.

Rules beyond the column types:

* A row whose only filled cells are the ones the template pre-fills (gemeente, groep/woonvorm, jaar,
  eenheid) is a "niet ingevulde" template row: it is no data, it is skipped and counted in
  :attr:`LokaleInvoer.niet_ingevuld`. A CSV holding only the example rows of the template
  (bron ``VOORBEELD — vervangen``) is likewise an untouched template; example rows mixed with real
  rows are a problem.
* An empty ``aantal`` (aandachtsgroepen, aanbod) means "onbekend"; the row is kept (status
  "ontbreekt" with its toelichting). A subject without any filled row is listed in
  :attr:`LokaleInvoer.ontbrekend` and gets an empty canonical frame.
* ``eenheid`` left empty in aandachtsgroepen.csv takes the group's default unit from the registry.
* ``definitie`` is required for woonvormen that need one (geclusterd: '≥5 wooneenheden (RIGO)' or
  '≥12 wooneenheden (CBS)'; spelling variants such as '>=5' are accepted and written canonically), and
  all geclusterd rows of a regio must use the same definition.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from ..fouten import InvoerFout, Probleem, WzFout
from ..gegevens import Herkomst, Kolom, Schema, pandas_dtype
from ..groepen import GROEPEN, WOONVORMEN, definitie_optie, lokale_groepen, suggesties
from ..paden import atomair_schrijven
from .invoer import lees_csv, valideer

GM = r"GM\d{4}"
SJABLOON_XLSX = "lokale_invoer.xlsx"
VOORBEELD_BRON = "VOORBEELD — vervangen"
HULPBLADEN = ("toelichting", "keuzes")  # sheets of the template that hold no data

EENHEDEN = ("personen", "huishoudens")
HARDHEID = ("hard", "zacht")


class SjabloonBestaat(WzFout):
    """A template file already exists and ``overschrijven`` was not given."""


# --------------------------------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------------------------------

def _gemeente_kolommen() -> tuple[Kolom, ...]:
    return (
        Kolom("gemeentecode", "code", "CBS-gemeentecode, GM + 4 cijfers; moet bij de regio horen", patroon=GM),
        Kolom("gemeentenaam", "tekst", "Naam van de gemeente (ter controle; mag leeg blijven)",
              verplicht=False, leeg_mag=True),
    )


def _bron(verplicht: bool = True) -> Kolom:
    return Kolom("bron", "tekst", "Waar komt het getal vandaan (organisatie, registratie, peildatum)",
                 verplicht=verplicht, leeg_mag=True)


_TOELICHTING = Kolom("toelichting", "tekst", "Vrije toelichting, bv. definitie, schatting of waarom onbekend",
                     verplicht=False, leeg_mag=True)

AANDACHTSGROEPEN = Schema(
    "aandachtsgroepen", "aandachtsgroepen.csv",
    "Omvang van de aandachtsgroepen en urgente groepen per gemeente (lokale registraties).",
    (
        *_gemeente_kolommen(),
        Kolom("groep", "keuze", "Sleutel van de groep (zie blad 'keuzes' of docs/lokale-invoer.md)",
              keuzes=tuple(lokale_groepen())),
        Kolom("jaar", "jaar", "Jaar (peildatum of kalenderjaar) waarop het aantal betrekking heeft"),
        Kolom("aantal", "int", "Aantal; wat er geteld wordt verschilt per groep. Leeg = onbekend (licht toe)",
              leeg_mag=True),
        Kolom("eenheid", "keuze", "personen of huishoudens; leeg = de standaardeenheid van de groep",
              verplicht=False, leeg_mag=True, keuzes=EENHEDEN),
        _bron(),
        _TOELICHTING,
        Kolom("instroom_per_jaar", "int", "Instroom per jaar (nieuwe cliënten, aanvragen, meldingen)",
              verplicht=False, leeg_mag=True),
        Kolom("uitstroom_per_jaar", "int", "Uitstroom per jaar, bv. uit beschermd wonen naar zelfstandig wonen",
              verplicht=False, leeg_mag=True),
        Kolom("taakstelling_per_jaar", "int", "Alleen statushouders: wettelijke taakstelling (personen per jaar)",
              verplicht=False, leeg_mag=True),
    ),
    ("gemeentecode", "groep", "jaar"),
)

AANBOD = Schema(
    "aanbod", "aanbod.csv",
    "Bestaand aanbod per woonvorm per gemeente (woningen, wooneenheden, plaatsen).",
    (
        *_gemeente_kolommen(),
        Kolom("woonvorm", "keuze", "Sleutel van de woonvorm (zie blad 'keuzes' of docs/lokale-invoer.md)",
              keuzes=tuple(WOONVORMEN)),
        Kolom("jaar", "jaar", "Jaar (peildatum) van de telling"),
        Kolom("aantal", "int", "Aantal in de eenheid van de woonvorm. Leeg = onbekend (licht toe)", leeg_mag=True),
        Kolom("definitie", "tekst", "Welke definitie is geteld; verplicht bij geclusterd "
              "('≥5 wooneenheden (RIGO)' of '≥12 wooneenheden (CBS)')", verplicht=False, leeg_mag=True),
        _bron(),
        _TOELICHTING,
    ),
    ("gemeentecode", "woonvorm", "jaar"),
)

PLANCAPACITEIT = Schema(
    "plancapaciteit", "plancapaciteit.csv",
    "Geplande toevoegingen per woonvorm, opleverjaar en hardheid (plancapaciteit, bv. uit DIWI).",
    (
        *_gemeente_kolommen(),
        Kolom("woonvorm", "keuze", "Sleutel van de woonvorm", keuzes=tuple(WOONVORMEN)),
        Kolom("jaar", "jaar", "Verwacht opleverjaar"),
        Kolom("aantal", "int", "Aantal toe te voegen eenheden"),
        Kolom("hardheid", "keuze", "hard (vastgesteld plan/vergunning) of zacht (in voorbereiding/ambitie)",
              keuzes=HARDHEID),
        Kolom("project", "tekst", "Projectnaam (optioneel; nodig als er meer regels per jaar en woonvorm zijn)",
              verplicht=False, leeg_mag=True),
        _bron(),
        _TOELICHTING,
    ),
    ("gemeentecode", "woonvorm", "jaar", "hardheid", "project"),
)

WONINGMARKT = Schema(
    "woningmarkt", "woningmarkt.csv",
    "Sociale huurvoorraad, vrijkomende sociale huurwoningen en nieuwbouw per gemeente.",
    (
        *_gemeente_kolommen(),
        Kolom("jaar", "jaar", "Jaar (voorraad op 1 januari; mutaties en nieuwbouw in het jaar)"),
        Kolom("sociale_huurvoorraad", "int", "Sociale huurwoningen (corporatie en particulier)"),
        Kolom("corporatievoorraad", "int", "Woningen in bezit van corporaties", verplicht=False, leeg_mag=True),
        Kolom("mutaties_sociale_huur", "int", "Vrijkomende sociale huurwoningen per jaar (verhuringen aan "
              "nieuwe huurders)"),
        Kolom("nieuwbouw_per_jaar", "int", "Opgeleverde nieuwbouwwoningen per jaar (alle segmenten)",
              verplicht=False, leeg_mag=True),
        _bron(),
        _TOELICHTING,
    ),
    ("gemeentecode", "jaar"),
)

LOKALE_SCHEMAS: dict[str, Schema] = {s.naam: s for s in (AANDACHTSGROEPEN, AANBOD, PLANCAPACITEIT, WONINGMARKT)}
ONDERWERPEN: tuple[str, ...] = tuple(LOKALE_SCHEMAS)

# Columns the template pre-fills: a row with nothing else filled is a "niet ingevulde" template row.
SJABLOON_KOLOMMEN: dict[str, frozenset[str]] = {
    "aandachtsgroepen": frozenset({"gemeentecode", "gemeentenaam", "groep", "jaar", "eenheid"}),
    "aanbod": frozenset({"gemeentecode", "gemeentenaam", "woonvorm", "jaar"}),
    "plancapaciteit": frozenset({"gemeentecode", "gemeentenaam", "woonvorm"}),
    "woningmarkt": frozenset({"gemeentecode", "gemeentenaam", "jaar"}),
}

# Registry-backed columns: checked here (with suggestions) instead of by valideer's generic keuze check.
_REGISTER_KOLOM = {"aandachtsgroepen": "groep", "aanbod": "woonvorm", "plancapaciteit": "woonvorm"}


def lege_lokale_tabel(naam: str) -> pd.DataFrame:
    """An empty frame with the columns and dtypes of local subject ``naam``."""
    schema = LOKALE_SCHEMAS[naam]
    return pd.DataFrame({k.naam: pd.Series(dtype=pandas_dtype(k)) for k in schema.kolommen})


# --------------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------------

@dataclass
class LokaleInvoer:
    """The local inputs of one regio: one validated frame per subject (empty when not delivered)."""

    aandachtsgroepen: pd.DataFrame = field(default_factory=lambda: lege_lokale_tabel("aandachtsgroepen"))
    aanbod: pd.DataFrame = field(default_factory=lambda: lege_lokale_tabel("aanbod"))
    plancapaciteit: pd.DataFrame = field(default_factory=lambda: lege_lokale_tabel("plancapaciteit"))
    woningmarkt: pd.DataFrame = field(default_factory=lambda: lege_lokale_tabel("woningmarkt"))
    herkomst: dict[str, Herkomst] = field(default_factory=dict)
    ontbrekend: list[str] = field(default_factory=list)  # file names of subjects without any filled row
    niet_ingevuld: dict[str, int] = field(default_factory=dict)  # skipped template rows per subject

    @property
    def tabellen(self) -> dict[str, pd.DataFrame]:
        return {n: getattr(self, n) for n in ONDERWERPEN}

    def __getitem__(self, naam: str) -> pd.DataFrame:
        if naam not in LOKALE_SCHEMAS:
            raise KeyError(f"Onbekend onderwerp '{naam}' (bekend: {', '.join(ONDERWERPEN)}).")
        return getattr(self, naam)

    def heeft(self, naam: str) -> bool:
        return not self[naam].empty


# --------------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------------

@dataclass
class _Blad:
    """One delivered subject: a frame of strings (with ``_regel``) from a CSV file or an XLSX sheet."""

    naam: str
    ruw: pd.DataFrame
    label: str  # file (and sheet) as named in messages
    pad: Path
    bron: str  # provenance: file name (and sheet)


def lees_lokaal(map_: str | Path, gemeenten: Sequence | None = None, *, fictief: bool = False) -> LokaleInvoer:
    """Read and validate the local inputs in folder ``map_`` (CSVs and/or ``lokale_invoer.xlsx``).

    ``gemeenten``: the regio's gemeenten, as codes (``["GM9901", ...]``), ``(code, naam)`` pairs or
    objects with ``.code``/``.naam``; rows of other gemeenten are problems (and, when names are known,
    a ``gemeentenaam`` that does not match its code). Raises :class:`InvoerFout` listing every problem
    of every file. A subject delivered both as CSV and as a filled sheet is a problem.
    """
    map_ = Path(map_)
    if not map_.is_dir():
        raise InvoerFout([Probleem(str(map_), "map met lokale invoer bestaat niet")])
    bladen: list[_Blad] = []
    problemen: list[Probleem] = []
    for naam, schema in LOKALE_SCHEMAS.items():
        pad = map_ / schema.bestand
        if pad.exists():
            df, p = lees_csv(pad)
            problemen += p
            if not p:
                bladen.append(_Blad(naam, df, str(pad), pad, pad.name))
    xlsx = map_ / SJABLOON_XLSX
    if xlsx.exists():
        b, p = _xlsx_bladen(xlsx)
        bladen += b
        problemen += p
    return _verwerk(bladen, problemen, gemeenten, fictief)


def lees_xlsx(pad: str | Path, gemeenten: Sequence | None = None, *, fictief: bool = False) -> LokaleInvoer:
    """Read and validate a filled workbook (one sheet per subject, sheet name = subject) exactly like the CSVs.

    Messages name the file, the sheet, the row (Excel row number) and the column.
    """
    pad = Path(pad)
    if not pad.exists():
        raise InvoerFout([Probleem(str(pad), "bestand bestaat niet")])
    bladen, problemen = _xlsx_bladen(pad)
    return _verwerk(bladen, problemen, gemeenten, fictief)


def _verwerk(bladen: list[_Blad], problemen: list[Probleem], gemeenten, fictief: bool) -> LokaleInvoer:
    regio = _regio(gemeenten)
    uit = LokaleInvoer()
    gevuld: dict[str, list[tuple[_Blad, pd.DataFrame]]] = {}
    for blad in bladen:
        df, p, leeg = _valideer_blad(blad, regio)
        problemen += p
        if leeg:
            uit.niet_ingevuld[blad.naam] = uit.niet_ingevuld.get(blad.naam, 0) + leeg
        if len(df):
            gevuld.setdefault(blad.naam, []).append((blad, df))
    for naam, delen in gevuld.items():
        if len(delen) > 1:
            labels = " en ".join(b.label for b, _ in delen)
            problemen.append(Probleem(delen[0][0].label, f"'{naam}' is twee keer aangeleverd ({labels}); "
                                      "gebruik één van beide (CSV of Excel-blad)"))
    problemen += _regio_samenhang(gevuld)
    if problemen:
        raise InvoerFout(problemen)
    for naam, schema in LOKALE_SCHEMAS.items():
        if naam not in gevuld or gevuld[naam][0][1].empty:
            uit.ontbrekend.append(schema.bestand)
            continue
        blad, df = gevuld[naam][0]
        setattr(uit, naam, df)
        uit.herkomst[naam] = Herkomst(
            tabel=naam, soort="lokaal", bron=blad.bron, titel=schema.omschrijving, periode=_periode(df),
            opgehaald=datetime.fromtimestamp(blad.pad.stat().st_mtime).isoformat(timespec="seconds"),
            fictief=fictief)
    return uit


def _valideer_blad(blad: _Blad, regio: dict[str, str | None] | None
                   ) -> tuple[pd.DataFrame, list[Probleem], int]:
    """Validate one delivered subject; returns (typed frame, problems, number of skipped template rows)."""
    naam, schema, label = blad.naam, LOKALE_SCHEMAS[blad.naam], blad.label
    ruw = blad.ruw
    if ruw.empty and "_regel" not in ruw.columns:
        return lege_lokale_tabel(naam), [], 0
    # 1. Template rows: only pre-filled cells -> no data. A CSV of only example rows is an untouched template.
    waarde_kolommen = [k for k in ruw.columns if k != "_regel" and k not in SJABLOON_KOLOMMEN[naam]]
    if waarde_kolommen:
        leeg = (ruw[waarde_kolommen].fillna("").apply(lambda s: s.str.len() == 0)).all(axis=1)
    else:
        leeg = pd.Series(True, index=ruw.index)
    voorbeeld = _is_voorbeeld(ruw)
    if len(ruw) and voorbeeld.any() and (voorbeeld | leeg).all():
        return lege_lokale_tabel(naam), [], int(len(ruw))
    n_leeg = int(leeg.sum())
    ruw = ruw[~leeg].reset_index(drop=True)
    if ruw.empty:
        kolommen_ok = [Probleem(label, f"verplichte kolom ontbreekt ({k.omschrijving})", rij=1, kolom=k.naam)
                       for k in schema.kolommen if k.verplicht and k.naam not in ruw.columns]
        onbekend = [Probleem(label, f"onbekende kolom; verwacht: {', '.join(schema.kolomnamen)}", rij=1, kolom=k)
                    for k in ruw.columns if k != "_regel" and k not in schema.kolomnamen]
        return lege_lokale_tabel(naam), kolommen_ok + onbekend, n_leeg
    regels = ruw["_regel"].reset_index(drop=True)

    # 2. The shared engine (types, empty cells, negative numbers, duplicate keys).
    df, problemen = valideer(ruw, _voor_valideer(schema), label)
    if df.empty:  # structural problems (missing / unknown columns): nothing more to check
        return lege_lokale_tabel(naam), problemen, n_leeg

    # 3. Checks against the registries and the regio.
    p: list[Probleem] = []
    for i in df.index[_is_voorbeeld(df)]:
        p.append(Probleem(label, "voorbeeldregel uit het sjabloon: vervang de getallen en de bron, of "
                          "verwijder de regel", rij=int(regels[i]), kolom="bron", waarde=str(df.at[i, "bron"])))
    if regio is not None:
        codes = ", ".join(regio)
        geldig = df["gemeentecode"].fillna("").str.fullmatch(GM).fillna(False).astype(bool)
        for i in df.index[geldig & ~df["gemeentecode"].isin(list(regio))]:
            p.append(Probleem(label, f"gemeente hoort niet bij de regio (regio: {codes})", rij=int(regels[i]),
                              kolom="gemeentecode", waarde=str(df.at[i, "gemeentecode"])))
        if "gemeentenaam" in df.columns:
            for i in df.index[df["gemeentenaam"].notna() & df["gemeentecode"].isin(list(regio))]:
                verwacht = regio.get(str(df.at[i, "gemeentecode"]))
                if verwacht and _naam_norm(verwacht) != _naam_norm(str(df.at[i, "gemeentenaam"])):
                    p.append(Probleem(label, f"gemeentenaam past niet bij {df.at[i, 'gemeentecode']} "
                                      f"({verwacht}); controleer de gemeentecode", rij=int(regels[i]),
                                      kolom="gemeentenaam", waarde=str(df.at[i, "gemeentenaam"])))
    kolom = _REGISTER_KOLOM.get(naam)
    if kolom:
        p += _controleer_register(df, kolom, schema, label, regels)
    if naam == "aandachtsgroepen":
        p += _controleer_aandachtsgroepen(df, label, regels)
    elif naam == "aanbod":
        p += _controleer_aanbod(df, label, regels)
    elif naam == "woningmarkt":
        fout = df["mutaties_sociale_huur"].notna() & df["sociale_huurvoorraad"].notna() & (
            df["mutaties_sociale_huur"] > df["sociale_huurvoorraad"])
        for i in df.index[fout]:
            p.append(Probleem(label, f"meer mutaties dan sociale huurwoningen ({df.at[i, 'sociale_huurvoorraad']})",
                              rij=int(regels[i]), kolom="mutaties_sociale_huur",
                              waarde=str(df.at[i, "mutaties_sociale_huur"])))
    df = df.astype({k.naam: pandas_dtype(k) for k in schema.kolommen})
    return df, problemen + p, n_leeg


def _voor_valideer(schema: Schema) -> Schema:
    """The schema with registry-backed keuze columns as tekst: those get their own message with suggestions."""
    kolommen = tuple(dataclasses.replace(k, soort="tekst", keuzes=()) if k.naam in ("groep", "woonvorm") else k
                     for k in schema.kolommen)
    return dataclasses.replace(schema, kolommen=kolommen)


def _controleer_register(df: pd.DataFrame, kolom: str, schema: Schema, label: str,
                         regels: pd.Series) -> list[Probleem]:
    p: list[Probleem] = []
    toegestaan = schema.kolom(kolom).keuzes
    register = GROEPEN if kolom == "groep" else WOONVORMEN
    for i in df.index[df[kolom].notna() & ~df[kolom].isin(list(toegestaan))]:
        waarde = str(df.at[i, kolom])
        if waarde in GROEPEN and GROEPEN[waarde].soort == "ouderen":
            melding = (f"'{waarde}' wordt berekend uit de bevolking en hoort niet in {schema.bestand}; "
                       "verwijder de regel")
        else:
            tip = [t for t in suggesties(waarde, register) if t in toegestaan]
            melding = (f"onbekende {kolom}" + (f"; bedoelde u: {', '.join(tip)}?" if tip else "")
                       + f" Toegestaan: {', '.join(toegestaan)}")
        p.append(Probleem(label, melding, rij=int(regels[i]), kolom=kolom, waarde=waarde))
    return p


def _controleer_aandachtsgroepen(df: pd.DataFrame, label: str, regels: pd.Series) -> list[Probleem]:
    p: list[Probleem] = []
    fout = df["taakstelling_per_jaar"].notna() & df["groep"].notna() & (df["groep"] != "statushouders")
    for i in df.index[fout]:
        p.append(Probleem(label, "taakstelling_per_jaar geldt alleen voor statushouders", rij=int(regels[i]),
                          kolom="taakstelling_per_jaar", waarde=str(df.at[i, "taakstelling_per_jaar"])))
    standaard = df["groep"].map(lambda g: GROEPEN[g].eenheid if isinstance(g, str) and g in GROEPEN else pd.NA)
    df["eenheid"] = df["eenheid"].fillna(standaard.astype("string"))
    return p


def _controleer_aanbod(df: pd.DataFrame, label: str, regels: pd.Series) -> list[Probleem]:
    p: list[Probleem] = []
    definities = df["definitie"].astype("object").copy()
    for i in df.index:
        w = df.at[i, "woonvorm"]
        if not isinstance(w, str) or w not in WOONVORMEN:
            continue
        wv = WOONVORMEN[w]
        tekst = df.at[i, "definitie"]
        gevuld = isinstance(tekst, str) and tekst.strip() != ""
        if wv.definitie_verplicht and not gevuld:
            p.append(Probleem(label, f"definitie verplicht bij {w}; kies: {' of '.join(wv.definitie_opties)}",
                              rij=int(regels[i]), kolom="definitie"))
            continue
        if gevuld and wv.definitie_opties:
            optie = definitie_optie(w, tekst)
            if optie is not None:
                definities[i] = optie
            elif wv.definitie_verplicht:
                p.append(Probleem(label, f"onbekende definitie voor {w}; kies: {' of '.join(wv.definitie_opties)}",
                                  rij=int(regels[i]), kolom="definitie", waarde=str(tekst)))
    df["definitie"] = pd.Series(definities, index=df.index, dtype="string")
    return p


def _regio_samenhang(gevuld: dict[str, list[tuple[_Blad, pd.DataFrame]]]) -> list[Probleem]:
    """Checks across rows: one definition of geclusterd for the whole regio (comparability)."""
    p: list[Probleem] = []
    for blad, df in gevuld.get("aanbod", []):
        if df.empty:
            continue
        gc = df[(df["woonvorm"] == "geclusterd") & df["definitie"].notna()]
        soorten = sorted(set(gc["definitie"]) & set(WOONVORMEN["geclusterd"].definitie_opties))
        if len(soorten) > 1:
            per = "; ".join(f"{d}: {', '.join(sorted(set(gc.loc[gc['definitie'] == d, 'gemeentecode'])))}"
                            for d in soorten)
            p.append(Probleem(blad.label, "geclusterd is met verschillende definities geteld (" + per + "); "
                              "gebruik één definitie voor de hele regio, anders zijn de gemeenten niet "
                              "vergelijkbaar", kolom="definitie"))
    return p


def _is_voorbeeld(df: pd.DataFrame) -> pd.Series:
    if "bron" not in df.columns:
        return pd.Series(False, index=df.index)
    return df["bron"].fillna("").astype("string").str.upper().str.startswith("VOORBEELD").fillna(False).astype(bool)


def _regio(gemeenten) -> dict[str, str | None] | None:
    if gemeenten is None:
        return None
    uit: dict[str, str | None] = {}
    for g in gemeenten:
        if isinstance(g, str):
            uit[g.strip().upper()] = None
        elif isinstance(g, (tuple, list)):
            uit[str(g[0]).strip().upper()] = str(g[1]) if len(g) > 1 and g[1] else None
        else:
            uit[str(g.code).strip().upper()] = getattr(g, "naam", None)
    return uit


def _naam_norm(naam: str) -> str:
    return re.sub(r"\s+", " ", naam.strip().lower())


def _periode(df: pd.DataFrame) -> str:
    jaren = sorted(int(j) for j in df["jaar"].dropna().unique())
    if not jaren:
        return ""
    return str(jaren[0]) if len(jaren) == 1 else f"{jaren[0]}-{jaren[-1]}"


# --------------------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------------------

def _cel(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "waar" if v else "onwaar"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, datetime):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return str(v).strip()


def _xlsx_bladen(pad: Path) -> tuple[list[_Blad], list[Probleem]]:
    """The data sheets of a workbook as frames of strings (``_regel`` = Excel row number)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    naam = str(pad)
    try:
        wb = load_workbook(pad, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as e:
        return [], [Probleem(naam, f"geen leesbaar Excel-bestand (.xlsx): {e}")]
    bladen: list[_Blad] = []
    problemen: list[Probleem] = []
    gezien: dict[str, str] = {}
    try:
        for ws in wb.worksheets:
            titel = ws.title
            sleutel = titel.strip().lower()
            label = f"{naam}, blad '{titel}'"
            if sleutel in HULPBLADEN:
                continue
            if sleutel not in LOKALE_SCHEMAS:
                tip = difflib.get_close_matches(sleutel, list(ONDERWERPEN), n=1, cutoff=0.5)
                problemen.append(Probleem(label, "onbekend blad" + (f"; bedoelde u '{tip[0]}'?" if tip else "")
                                          + f" Verwacht: {', '.join(ONDERWERPEN)} (en de hulpbladen "
                                          f"{', '.join(HULPBLADEN)})"))
                continue
            if sleutel in gezien:
                problemen.append(Probleem(label, f"'{sleutel}' staat er twee keer in (ook blad '{gezien[sleutel]}')"))
                continue
            gezien[sleutel] = titel
            rijen = ws.iter_rows(values_only=True)
            kopregel = next(rijen, None)
            if kopregel is None or all(_cel(c) == "" for c in kopregel):
                continue  # empty sheet: not delivered
            kop = [_cel(c) for c in kopregel]
            while kop and kop[-1] == "":
                kop.pop()
            p_blad: list[Probleem] = []
            for j, k in enumerate(kop):
                if k == "":
                    p_blad.append(Probleem(label, "kolom zonder kopnaam", rij=1, kolom=get_column_letter(j + 1)))
            for k in sorted({k for k in kop if k and kop.count(k) > 1}):
                p_blad.append(Probleem(label, "kolomnaam komt meer dan eens voor in de kopregel", rij=1, kolom=k))
            data = []
            for r, rij in enumerate(rijen, start=2):
                waarden = [_cel(c) for c in rij]
                if all(w == "" for w in waarden):
                    continue
                extra = [j for j, w in enumerate(waarden[len(kop):], start=len(kop)) if w != ""]
                for j in extra:
                    p_blad.append(Probleem(label, "waarde in een kolom zonder kopnaam", rij=r,
                                           kolom=get_column_letter(j + 1), waarde=waarden[j]))
                waarden = (waarden + [""] * len(kop))[: len(kop)]
                data.append([r, *waarden])
            problemen += p_blad
            if p_blad:
                continue
            df = pd.DataFrame(data, columns=["_regel", *kop], dtype="string")
            df["_regel"] = df["_regel"].astype("int64")
            bladen.append(_Blad(sleutel, df, label, pad, f"{pad.name}, blad {sleutel}"))
    finally:
        wb.close()
    return bladen, problemen


# --------------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------------

def schrijf_sjabloon(doel_map: str | Path, gemeenten: Iterable,
                     formaat: Sequence[str] = ("csv", "xlsx"), *, jaar: int | None = None,
                     groepen: Sequence[str] | None = None, overschrijven: bool = False) -> list[Path]:
    """Write fill-in templates for the local inputs of a regio; returns the files written.

    ``gemeenten``: ``(code, naam)`` pairs (or objects with ``.code``/``.naam``, e.g. resolved
    :class:`wzlib.params.Gemeente`).

    ``csv``: one CSV per subject with the header and a few example rows (bron ``VOORBEELD — vervangen``;
    an untouched CSV template reads as "niet ingevuld"). ``xlsx``: ``lokale_invoer.xlsx`` with a sheet
    'toelichting' (what every column means), one sheet per subject pre-filled with a row per gemeente ×
    groep/woonvorm (empty ``aantal``: analysts only fill numbers), and a sheet 'keuzes' with the keys;
    header cells carry the column help as comments, and keuze/number columns have Excel data
    validation. ``jaar`` (default: last calendar year) pre-fills the jaar column; ``groepen`` limits the
    groups to the regio's scope. Existing files are never overwritten unless ``overschrijven=True``.
    """
    doel = Path(doel_map)
    gemeenten = [(str(g.code), str(g.naam)) if hasattr(g, "code") else (str(g[0]), str(g[1])) for g in gemeenten]
    if not gemeenten:
        raise WzFout("schrijf_sjabloon: geef minstens één gemeente (code, naam) op.")
    formaten = [formaat] if isinstance(formaat, str) else list(formaat)
    onbekend = [f for f in formaten if f not in ("csv", "xlsx")]
    if onbekend or not formaten:
        raise WzFout(f"Onbekend formaat {', '.join(onbekend) or '(geen)'}; kies 'csv' en/of 'xlsx'.")
    jaar = int(jaar) if jaar is not None else date.today().year - 1
    groep_sleutels = list(lokale_groepen())
    if groepen is not None:
        from ..groepen import groep as _groep
        gekozen = [_groep(g).sleutel for g in groepen]
        groep_sleutels = [g for g in groep_sleutels if g in gekozen]

    doelen: list[Path] = []
    if "csv" in formaten:
        doelen += [doel / s.bestand for s in LOKALE_SCHEMAS.values()]
    if "xlsx" in formaten:
        doelen.append(doel / SJABLOON_XLSX)
    bestaand = [p for p in doelen if p.exists()]
    if bestaand and not overschrijven:
        raise SjabloonBestaat(
            "Sjabloon niet geschreven: deze bestanden bestaan al en kunnen al ingevuld zijn: "
            + ", ".join(str(p) for p in bestaand)
            + ". Verplaats ze, kies een andere map, of geef overschrijven=True (wz: --overschrijven).")
    doel.mkdir(parents=True, exist_ok=True)
    if "csv" in formaten:
        for naam, schema in LOKALE_SCHEMAS.items():
            tekst = _csv_tekst(schema, _voorbeeldregels(naam, gemeenten[0], jaar, groep_sleutels))
            atomair_schrijven(doel / schema.bestand, lambda p, t=tekst: p.write_bytes(t.encode("utf-8-sig")))
    if "xlsx" in formaten:
        wb = _werkboek(gemeenten, jaar, groep_sleutels)
        atomair_schrijven(doel / SJABLOON_XLSX, wb.save)
    return doelen


def _csv_tekst(schema: Schema, rijen: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(schema.kolomnamen)
    for r in rijen:
        w.writerow(["" if r.get(k) is None else r[k] for k in schema.kolomnamen])
    return buf.getvalue()


def _voorbeeldregels(naam: str, gemeente: tuple[str, str], jaar: int, groepen: list[str]) -> list[dict]:
    code, gnaam = gemeente
    basis = {"gemeentecode": code, "gemeentenaam": gnaam, "bron": VOORBEELD_BRON}
    if naam == "aandachtsgroepen":
        rijen = [
            {"groep": "uitstroom_bw", "jaar": jaar, "aantal": 25, "eenheid": "personen", "uitstroom_per_jaar": 8,
             "instroom_per_jaar": 9, "toelichting": "Voorbeeld: cliënten beschermd wonen op 1 januari"},
            {"groep": "statushouders", "jaar": jaar, "aantal": 38, "eenheid": "personen",
             "taakstelling_per_jaar": 42, "toelichting": "Voorbeeld: gehuisvest in het jaar en taakstelling"},
            {"groep": "woonwagenbewoners", "jaar": jaar, "aantal": None, "eenheid": "huishoudens",
             "toelichting": "Voorbeeld: aantal onbekend, geen registratie (aantal leeg laten)"},
        ]
        rijen = [r for r in rijen if r["groep"] in groepen] or [
            {"groep": groepen[0], "jaar": jaar, "aantal": 10, "toelichting": "Voorbeeld"}]
    elif naam == "aanbod":
        rijen = [
            {"woonvorm": "geclusterd", "jaar": jaar, "aantal": 120, "definitie": WOONVORMEN["geclusterd"]
             .definitie_opties[0], "toelichting": "Voorbeeld: wooneenheden in geclusterde woonvormen"},
            {"woonvorm": "verpleegzorg", "jaar": jaar, "aantal": 85, "toelichting": "Voorbeeld: Wlz-plaatsen"},
        ]
    elif naam == "plancapaciteit":
        rijen = [
            {"woonvorm": "nultreden", "jaar": jaar + 2, "aantal": 24, "hardheid": "hard",
             "project": "Voorbeeldproject", "toelichting": "Voorbeeld"},
            {"woonvorm": "geclusterd", "jaar": jaar + 4, "aantal": 30, "hardheid": "zacht",
             "toelichting": "Voorbeeld"},
        ]
    else:
        rijen = [{"jaar": jaar, "sociale_huurvoorraad": 3200, "corporatievoorraad": 3050,
                  "mutaties_sociale_huur": 190, "nieuwbouw_per_jaar": 120, "toelichting": "Voorbeeld"}]
    return [{**basis, **r} for r in rijen]


def _hulp(k: Kolom) -> str:
    delen = [k.omschrijving]
    delen.append("Verplicht." if not k.leeg_mag else "Mag leeg blijven.")
    if k.keuzes and len(", ".join(k.keuzes)) < 200:
        delen.append("Toegestaan: " + ", ".join(k.keuzes) + ".")
    elif k.keuzes:
        delen.append("Toegestane sleutels: zie het blad 'keuzes'.")
    if k.soort == "int":
        delen.append("Geheel getal ≥ 0, zonder punten of spaties.")
    return " ".join(delen)


def _werkboek(gemeenten: list[tuple[str, str]], jaar: int, groepen: list[str]):
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    vet = Font(bold=True)
    kopvulling = PatternFill("solid", fgColor="DDEBF7")
    wb = Workbook()

    # -- toelichting
    ws = wb.active
    ws.title = "toelichting"
    regels = [
        ("Lokale invoer woonzorganalyse — invulsjabloon", True),
        ("Vul per blad alleen de lege cellen in (vooral 'aantal' en 'bron'). Laat kolomnamen en bladnamen "
         "ongewijzigd.", False),
        ("Een regel waarin alleen gemeente, groep/woonvorm en jaar staan, telt als 'niet ingevuld' en wordt "
         "overgeslagen. Aantal onbekend? Laat 'aantal' leeg en schrijf in 'toelichting' waarom.", False),
        ("Getallen als gehele getallen zonder punten of spaties. Meer jaren of projecten: kopieer een regel.",
         False),
        ("Betekenis van elke groep en woonvorm: blad 'keuzes' en docs/lokale-invoer.md.", False),
        ("", False),
    ]
    for tekst, kop in regels:
        ws.append([tekst])
        if kop:
            ws.cell(ws.max_row, 1).font = Font(bold=True, size=14)
    ws.append(["blad", "kolom", "verplicht", "leeg toegestaan", "omschrijving", "toegestane waarden"])
    for c in ws[ws.max_row]:
        c.font, c.fill = vet, kopvulling
    for naam, schema in LOKALE_SCHEMAS.items():
        for k in schema.kolommen:
            keuzes = ", ".join(k.keuzes) if k.keuzes else ("zie blad 'keuzes'" if k.naam == "definitie" else "")
            ws.append([naam, k.naam, "ja" if k.verplicht else "nee", "ja" if k.leeg_mag else "nee",
                       k.omschrijving, keuzes])
    for kol, breedte in zip("ABCDEF", (18, 24, 10, 15, 80, 60)):
        ws.column_dimensions[kol].width = breedte

    # -- keuzes (written before the data sheets refer to it; placed last)
    wk = wb.create_sheet("keuzes")
    wk.append(["groep", "label", "eenheid", "wat telt 'aantal'", "", "woonvorm", "label", "eenheid",
               "definities", "", "definitie geclusterd"])
    for c in wk[1]:
        if c.value:
            c.font, c.fill = vet, kopvulling
    gl = [GROEPEN[g] for g in groepen]
    wl = list(WOONVORMEN.values())
    defs = WOONVORMEN["geclusterd"].definitie_opties
    for i in range(max(len(gl), len(wl), len(defs))):
        rij = [None] * 11
        if i < len(gl):
            rij[0:4] = [gl[i].sleutel, gl[i].label, gl[i].eenheid, gl[i].aantal_omschrijving]
        if i < len(wl):
            rij[5:9] = [wl[i].sleutel, wl[i].label, wl[i].eenheid, "; ".join(wl[i].definitie_opties)]
        if i < len(defs):
            rij[10] = defs[i]
        wk.append(rij)
    for kol, breedte in zip("ABCDEFGHIJK", (22, 45, 12, 60, 3, 22, 40, 14, 50, 3, 26)):
        wk.column_dimensions[kol].width = breedte
    lijsten = {
        "groep": f"keuzes!$A$2:$A${len(gl) + 1}",
        "woonvorm": f"keuzes!$F$2:$F${len(wl) + 1}",
        "definitie": f"keuzes!$K$2:$K${len(defs) + 1}",
        "eenheid": '"' + ",".join(EENHEDEN) + '"',
        "hardheid": '"' + ",".join(HARDHEID) + '"',
    }

    # -- data sheets
    for naam, schema in LOKALE_SCHEMAS.items():
        wsd = wb.create_sheet(naam, index=len(wb.sheetnames) - 1)
        kolommen = schema.kolomnamen
        wsd.append(kolommen)
        for j, k in enumerate(schema.kolommen, start=1):
            c = wsd.cell(1, j)
            c.font, c.fill = vet, kopvulling
            c.comment = Comment(_hulp(k), "woonzorganalyse", width=320, height=140)
            wsd.column_dimensions[get_column_letter(j)].width = max(12, min(40, len(k.naam) + 4))
        for r in _sjabloonregels(naam, gemeenten, jaar, groepen):
            wsd.append([r.get(k) for k in kolommen])
        wsd.freeze_panes = "A2"
        laatste = max(wsd.max_row + 500, 1000)
        for j, k in enumerate(schema.kolommen, start=1):
            letter = get_column_letter(j)
            bereik = f"{letter}2:{letter}{laatste}"
            dv = None
            if k.naam in lijsten and k.naam != "definitie":
                dv = DataValidation(type="list", formula1=lijsten[k.naam], allow_blank=True)
                dv.error = f"Kies een waarde uit de lijst ({k.naam})."
            elif k.soort == "int":
                dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
                dv.error = "Vul een geheel getal ≥ 0 in (zonder punten of spaties)."
            elif k.soort == "jaar":
                dv = DataValidation(type="whole", operator="between", formula1="1900", formula2="2100",
                                    allow_blank=True)
                dv.error = "Vul een jaartal in (4 cijfers)."
            if dv is not None:
                dv.showErrorMessage = True
                dv.errorTitle = "Ongeldige waarde"
                wsd.add_data_validation(dv)
                dv.add(bereik)
        if naam == "aanbod":
            j = kolommen.index("definitie") + 1
            dv = DataValidation(type="list", formula1=lijsten["definitie"], allow_blank=True)
            dv.showErrorMessage = True
            dv.error = "Kies de definitie van geclusterd wonen uit de lijst."
            wsd.add_data_validation(dv)
            for r in range(2, wsd.max_row + 1):
                if wsd.cell(r, kolommen.index("woonvorm") + 1).value == "geclusterd":
                    dv.add(wsd.cell(r, j))
        wsd.cell(1, 1).alignment = Alignment(vertical="top")
    return wb


def _sjabloonregels(naam: str, gemeenten: list[tuple[str, str]], jaar: int, groepen: list[str]) -> list[dict]:
    uit: list[dict] = []
    for code, gnaam in gemeenten:
        basis = {"gemeentecode": code, "gemeentenaam": gnaam}
        if naam == "aandachtsgroepen":
            uit += [{**basis, "groep": g, "jaar": jaar, "eenheid": GROEPEN[g].eenheid} for g in groepen]
        elif naam == "aanbod":
            uit += [{**basis, "woonvorm": w, "jaar": jaar} for w in WOONVORMEN]
        elif naam == "plancapaciteit":
            uit += [{**basis, "woonvorm": w} for w in WOONVORMEN]
        else:
            uit.append({**basis, "jaar": jaar})
    return uit


# --------------------------------------------------------------------------------------------------
# Documentation (docs/lokale-invoer.md is generated from this; a test keeps it current)
# --------------------------------------------------------------------------------------------------

_DOC_INLEIDING = """\
# Lokale invoer

Cijfers die in geen open bron staan — de omvang van aandachtsgroepen, het bestaande aanbod van
woonvormen, de plancapaciteit en de sociale huurmarkt — levert de regio zelf aan, in één map per regio
(`lokaal:` in `params/regios/<regio>.yaml`, bijvoorbeeld `data/voorbeeld/lokaal/`). Per onderwerp is er
een CSV-bestand, of één Excel-werkmap `lokale_invoer.xlsx` met een blad per onderwerp. Alle bestanden
zijn optioneel: ontbreekt een onderwerp, dan tonen de rapporten daarvoor de status "ontbreekt".

Dit bestand wordt gegenereerd uit `wzlib/bronnen/lokaal.py` (`documentatie_markdown()`); een test
bewaakt dat het actueel is.

## Werkwijze

1. Maak een invulsjabloon voor de gemeenten van de regio:

   ```python
   from wzlib.bronnen.lokaal import schrijf_sjabloon
   schrijf_sjabloon("data/lokaal/mijnregio", [("GM0402", "Hilversum"), ("GM0406", "Huizen")], jaar=2024)
   ```

   Dit schrijft per onderwerp een CSV met de kopregel en een paar voorbeeldregels (bron
   `VOORBEELD — vervangen`) en `lokale_invoer.xlsx` met een blad per onderwerp, waarin al een regel
   staat voor elke gemeente × groep of woonvorm: alleen de getallen en de bron invullen. Het blad
   `toelichting` beschrijft elke kolom, het blad `keuzes` de sleutels; de kopcellen hebben de uitleg als
   opmerking. Bestaande bestanden worden nooit overschreven, tenzij `overschrijven=True`.
2. Kies per onderwerp één vorm: CSV of Excel-blad. Hetzelfde onderwerp in beide (met ingevulde
   regels) is een fout. Een onaangeroerd CSV-sjabloon (alleen voorbeeldregels) telt als niet
   ingevuld.
3. Controleer: `lees_lokaal(map, gemeenten)` (of `lees_xlsx(pad, gemeenten)`) meldt alle problemen
   van alle bestanden tegelijk, met bestand (en blad), regel, kolom en waarde.

## Regels voor alle bestanden

- Zelfde opmaak als het invoerformaat (`docs/invoerformaat.md`): UTF-8 (Excel: *CSV UTF-8*), komma of
  puntkomma, kopregel verplicht, gehele getallen zonder punten of spaties, lege cel = onbekend.
- `gemeentecode` is `GM` + 4 cijfers en moet bij de regio horen; `gemeentenaam` is optioneel, maar als
  die is ingevuld moet hij bij de code passen.
- Onbekende kolommen, onbekende groepen of woonvormen (met suggestie), negatieve getallen, tekst in een
  getalkolom en dubbele regels (zelfde sleutel) zijn fouten. Niets wordt stil weggelaten.
- Een regel waarin alleen de door het sjabloon ingevulde cellen staan (gemeente, groep of woonvorm,
  jaar, eenheid) is **niet ingevuld**: die wordt overgeslagen en geteld (`niet_ingevuld`).
- Een leeg `aantal` in `aandachtsgroepen` of `aanbod` betekent "onbekend": de regel blijft staan;
  schrijf in `toelichting` waarom.
- Regels met een bron die begint met `VOORBEELD` zijn voorbeeldregels uit het sjabloon: vervangen of
  verwijderen.
- Vermeld altijd de `bron` (organisatie, registratie, peildatum): die komt in het colofon.
"""

_DOC_EXTRA = {
    "aandachtsgroepen": (
        "Wat `aantal` telt verschilt per groep (zie de tabel met groepen hieronder). `eenheid` leeg = de "
        "standaardeenheid van de groep. `taakstelling_per_jaar` alleen bij `statushouders`. Ouderen "
        "(`ouderen_65`, `ouderen_75`, `ouderen_85`) worden berekend uit de bevolking en horen hier niet.",
        "GM9902,Stroomstad,uitstroom_bw,2024,212,personen,\"centrumgemeente, toegang BW (1-1-2024)\",,60,48,\n"
        "GM9902,Stroomstad,statushouders,2024,301,personen,COA en gemeente,,,,287\n"
        "GM9905,Dijkwaard,woonwagenbewoners,2024,,huishoudens,gemeente,geen registratie; onbekend,,,",
    ),
    "aanbod": (
        "Eén regel per gemeente, woonvorm en jaar. `definitie` is verplicht bij `geclusterd`: "
        "`≥5 wooneenheden (RIGO)` of `≥12 wooneenheden (CBS)` (schrijfwijzen als `>=5` of `RIGO` worden "
        "herkend); gebruik in de hele regio dezelfde definitie, anders zijn de gemeenten niet "
        "vergelijkbaar. De sociale huurvoorraad hoort in `woningmarkt.csv`.",
        "GM9901,Heidewoude,geclusterd,2024,165,≥5 wooneenheden (RIGO),inventarisatie gemeente 2024,\n"
        "GM9902,Stroomstad,beschermd_wonen,2024,236,,centrumgemeente,",
    ),
    "plancapaciteit": (
        "`jaar` is het verwachte opleverjaar. `hard`: vastgesteld plan of vergunning; `zacht`: in "
        "voorbereiding of ambitie. Meer regels per gemeente, woonvorm, jaar en hardheid? Geef elk een "
        "`project`.",
        "GM9904,Akkerveen,arbeidsmigranten,2026,240,hard,Logistiek Park Huisvesting,DIWI-export 2025-01,\n"
        "GM9902,Stroomstad,sociale_huur,2030,210,zacht,,plancapaciteit gemeente,",
    ),
    "woningmarkt": (
        "Voorraad op 1 januari; mutaties (vrijkomende sociale huurwoningen, verhuringen aan nieuwe "
        "huurders) en nieuwbouw in het jaar. Mutaties kunnen niet groter zijn dan de voorraad.",
        "GM9902,Stroomstad,2024,21364,21813,1318,433,corporaties (jaarverslag 2024),",
    ),
}


def _soort_tekst(k: Kolom) -> str:
    if k.soort == "keuze":
        return "keuze: " + ", ".join(k.keuzes) if len(k.keuzes) <= 4 else "keuze (zie tabel)"
    return {"code": "code", "tekst": "tekst", "int": "geheel getal ≥ 0", "getal": "getal",
            "pct": "percentage", "jaar": "jaartal"}[k.soort]


def documentatie_markdown() -> str:
    """The Dutch documentation of the local input files (docs/lokale-invoer.md)."""
    delen = [_DOC_INLEIDING]
    for naam, schema in LOKALE_SCHEMAS.items():
        uitleg, voorbeeld = _DOC_EXTRA[naam]
        delen.append(f"## `{schema.bestand}` — {naam}\n")
        delen.append(f"{schema.omschrijving} {uitleg}\n")
        delen.append("Sleutel (uniek per regel): " + ", ".join(f"`{s}`" for s in schema.sleutel) + ".\n")
        delen.append("| kolom | soort | verplicht | leeg mag | omschrijving |\n|---|---|---|---|---|")
        for k in schema.kolommen:
            delen.append(f"| `{k.naam}` | {_soort_tekst(k)} | {'ja' if k.verplicht else 'nee'} | "
                         f"{'ja' if k.leeg_mag else 'nee'} | {k.omschrijving} |")
        kop = ",".join(k.naam for k in schema.kolommen)
        delen.append(f"\nVoorbeeld:\n\n```\n{kop}\n{voorbeeld}\n```\n")
    delen.append("## Groepen (`groep` in aandachtsgroepen.csv)\n")
    delen.append("Uit `wzlib/groepen.py`. *Wettelijk urgent*: op de lijst van verplichte urgentiecategorieën "
                 "in de procesdocumenten (controleer tegen de definitieve wet).\n")
    delen.append("| sleutel | groep | eenheid | wat telt `aantal` | in- en uitstroom | wettelijk urgent | "
                 "open bron | waar haalt de gemeente het getal |\n|---|---|---|---|---|---|---|---|")
    for g in GROEPEN.values():
        if not g.lokale_invoer:
            continue
        bron = f"{g.open_bron} ({g.open_bron_niveau})" if g.open_bron else "—"
        delen.append(f"| `{g.sleutel}` | {g.label} | {g.eenheid} | {g.aantal_omschrijving} | "
                     f"{g.stroom_omschrijving or '—'} | {'ja' if g.wettelijk_urgent else 'nee'} | {bron} | "
                     f"{g.lokale_bron_suggestie or '—'} |")
    berekend = ", ".join(f"`{g.sleutel}`" for g in GROEPEN.values() if not g.lokale_invoer)
    delen.append(f"\nNiet invullen (berekend uit de bevolking): {berekend}.\n")
    delen.append("## Woonvormen (`woonvorm` in aanbod.csv en plancapaciteit.csv)\n")
    delen.append("| sleutel | woonvorm | eenheid | definities | omschrijving |\n|---|---|---|---|---|")
    for w in WOONVORMEN.values():
        defs = "; ".join(w.definitie_opties) + (" (verplicht)" if w.definitie_verplicht else "") \
            if w.definitie_opties else "—"
        delen.append(f"| `{w.sleutel}` | {w.label} | {w.eenheid} | {defs} | {w.omschrijving} |")
    return "\n".join(delen) + "\n"
