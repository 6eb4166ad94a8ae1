"""Local inputs of a regio: numbers that no open source has (aandachtsgroepen, aanbod, plancapaciteit, woningmarkt).

A regio keeps them in one folder (``lokaal:`` in ``params/regios/<regio>.yaml``, e.g.
``data/voorbeeld/lokaal/``): one CSV per subject (``aandachtsgroepen.csv``, ``aanbod.csv``,
``plancapaciteit.csv``, ``woningmarkt.csv``) and/or one Excel workbook ``lokale_invoer.xlsx`` with
one sheet per subject. Both are read and validated by the same engine as the import format
(:func:`wzlib.bronnen.invoer.lees_csv` / :func:`~wzlib.bronnen.invoer.valideer` with the schemas in
:data:`LOKALE_SCHEMAS`), plus checks against the registries in :mod:`wzlib.groepen` and the regio's
gemeenten. Every problem of every file is collected and raised at once as
:class:`~wzlib.fouten.InvoerFout`; ``docs/lokale-invoer.md`` documents the files for analysts. Writing
the fill-in templates and that documentation is :mod:`wzlib.bronnen.sjabloon`.

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

import dataclasses
import difflib
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Sequence

import pandas as pd

from ..fouten import InvoerFout, Probleem
from ..gegevens import Herkomst, Kolom, Schema, pandas_dtype
from ..groepen import GROEPEN, WOONVORMEN, definitie_optie, lokale_groepen, suggesties
from ..params import Gemeente
from .invoer import lees_csv, valideer
from .xlsx import MELDING as XLSX_FORMULE, formules_zonder_waarde

GM = r"GM\d{4}"
SJABLOON_XLSX = "lokale_invoer.xlsx"
HULPBLADEN = ("toelichting", "keuzes")  # sheets of the template that hold no data

EENHEDEN = ("personen", "huishoudens")
HARDHEID = ("hard", "zacht")


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

# Kaart 4: SMART ambities per aandachtsgroep and woonvorm (Stap 6 – Ambities checks them against the analysis).
AMBITIE_EENHEDEN = ("eenheden", "plaatsen", "procent")
#: Besides the registry groups: all ouderen together, and an ambitie for the woonvorm as a whole.
AMBITIE_GROEPEN_EXTRA = {"ouderen": "Ouderen (alle leeftijden)", "alle": "Alle groepen samen"}
AMBITIES = Schema(
    "ambities", "ambities.csv",
    "SMART ambities per gemeente, aandachtsgroep en woonvorm (woonzorgvisie, kaart 4).",
    (
        *_gemeente_kolommen(),
        Kolom("groep", "keuze", "Sleutel van de groep, 'ouderen' (alle ouderen) of 'alle' (de woonvorm als geheel)",
              keuzes=(*GROEPEN, *AMBITIE_GROEPEN_EXTRA)),
        Kolom("woonvorm", "keuze", "Sleutel van de woonvorm", keuzes=tuple(WOONVORMEN)),
        Kolom("doeljaar", "jaar", "Jaar waarin de ambitie gerealiseerd moet zijn"),
        Kolom("aantal", "getal", "Het doel: aantal toe te voegen eenheden of plaatsen, of een percentage (0-100)"),
        Kolom("eenheid", "keuze", "eenheden (woningen, wooneenheden, standplaatsen, bedden), plaatsen, of procent "
              "(van het huidige aanbod van de woonvorm)", keuzes=AMBITIE_EENHEDEN),
        Kolom("omschrijving", "tekst", "De ambitie in woorden, zoals in de woonzorgvisie", verplicht=False,
              leeg_mag=True),
        _bron(),
        _TOELICHTING,
    ),
    ("gemeentecode", "groep", "woonvorm", "doeljaar"),
)

REALISATIE = Schema(
    "realisatie", "realisatie.csv",
    "Gerealiseerde (opgeleverde) eenheden per woonvorm en jaar, voor de monitoring (kaart 5).",
    (
        *_gemeente_kolommen(),
        Kolom("woonvorm", "keuze", "Sleutel van de woonvorm", keuzes=tuple(WOONVORMEN)),
        Kolom("jaar", "jaar", "Jaar van oplevering"),
        Kolom("aantal", "int", "Aantal opgeleverde eenheden in dat jaar"),
        Kolom("project", "tekst", "Projectnaam (optioneel; nodig als er meer regels per jaar en woonvorm zijn)",
              verplicht=False, leeg_mag=True),
        _bron(),
        _TOELICHTING,
    ),
    ("gemeentecode", "woonvorm", "jaar", "project"),
)

LOKALE_SCHEMAS: dict[str, Schema] = {s.naam: s for s in (AANDACHTSGROEPEN, AANBOD, PLANCAPACITEIT, WONINGMARKT,
                                                         AMBITIES, REALISATIE)}
ONDERWERPEN: tuple[str, ...] = tuple(LOKALE_SCHEMAS)

# Columns the template pre-fills: a row with nothing else filled is a "niet ingevulde" template row.
SJABLOON_KOLOMMEN: dict[str, frozenset[str]] = {
    "aandachtsgroepen": frozenset({"gemeentecode", "gemeentenaam", "groep", "jaar", "eenheid"}),
    "aanbod": frozenset({"gemeentecode", "gemeentenaam", "woonvorm", "jaar"}),
    "plancapaciteit": frozenset({"gemeentecode", "gemeentenaam", "woonvorm"}),
    "woningmarkt": frozenset({"gemeentecode", "gemeentenaam", "jaar"}),
    "ambities": frozenset({"gemeentecode", "gemeentenaam", "groep", "woonvorm", "doeljaar", "eenheid"}),
    "realisatie": frozenset({"gemeentecode", "gemeentenaam", "woonvorm"}),
}

# Registry-backed columns: checked here (with suggestions) instead of by valideer's generic keuze check.
_REGISTER_KOLOM = {"aandachtsgroepen": "groep", "aanbod": "woonvorm", "plancapaciteit": "woonvorm",
                   "realisatie": "woonvorm"}


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
    ambities: pd.DataFrame = field(default_factory=lambda: lege_lokale_tabel("ambities"))
    realisatie: pd.DataFrame = field(default_factory=lambda: lege_lokale_tabel("realisatie"))
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


def lees_lokaal(map_: str | Path, gemeenten: Sequence[Gemeente] | None = None, *, fictief: bool = False) -> LokaleInvoer:
    """Read and validate the local inputs in folder ``map_`` (CSVs and/or ``lokale_invoer.xlsx``).

    ``gemeenten``: the regio's gemeenten (:class:`wzlib.params.Gemeente`); rows of other gemeenten are
    problems, and so is a ``gemeentenaam`` that does not match its code (None: no regio check). Raises
    :class:`InvoerFout` listing every problem of every file. A subject delivered both as CSV and as a
    filled sheet is a problem.
    """
    map_ = Path(map_)
    if not map_.is_dir():
        raise InvoerFout([Probleem(str(map_), "map met lokale invoer bestaat niet")])
    bladen: list[_Blad] = []
    gevonden, problemen = vind_bestanden(map_)
    for naam in LOKALE_SCHEMAS:
        pad = gevonden.get(naam)
        if pad is not None:
            df, p = lees_csv(pad)
            problemen += p
            if not p:
                bladen.append(_Blad(naam, df, str(pad), pad, pad.name))
    xlsx = gevonden.get(SJABLOON_XLSX)
    if xlsx is not None:
        b, p = _xlsx_bladen(xlsx)
        bladen += b
        problemen += p
    return _verwerk(bladen, problemen, gemeenten, fictief)


_KOPIE = re.compile(r"^(.*?)\s*\(\d+\)$")  # 'woningmarkt (1)': a browser's or Explorer's copy
_NIET_LEESBAAR = {".xls": "een Excel 97-2003-werkmap (.xls)", ".xlsm": "een werkmap met macro's (.xlsm)",
                  ".xlsb": "een binaire Excel-werkmap (.xlsb)", ".ods": "een OpenDocument-rekenblad (.ods)",
                  ".numbers": "een Numbers-bestand"}


def vind_bestanden(map_: Path) -> tuple[dict[str, Path], list[Probleem]]:
    """The local input files in ``map_``: {subject or SJABLOON_XLSX: path} and the problems.

    Names are recognised case-insensitively (``Aanbod.csv``, ``plancapaciteit.CSV``) and with a copy suffix
    (``woningmarkt (1).csv``) when that is the only file for the subject; two candidates for one subject,
    a subject saved in another format (``aanbod.xlsx``, ``.xls``, ``.ods``) and a CSV name close to a subject
    (``aanbd.csv``) are problems naming the file and what is expected. Other files are left alone (e.g.
    ``prognose.csv``, notes)."""
    verwacht = {Path(s.bestand).stem: n for n, s in LOKALE_SCHEMAS.items()}
    sjabloon = Path(SJABLOON_XLSX).stem
    kandidaten: dict[str, list[Path]] = {}
    problemen: list[Probleem] = []
    lijst = ", ".join([*(s.bestand for s in LOKALE_SCHEMAS.values()), SJABLOON_XLSX])
    for pad in sorted(map_.iterdir()):
        if not pad.is_file() or pad.name.startswith(("~$", ".")):
            continue
        ext = pad.suffix.lower()
        m = _KOPIE.match(pad.stem.strip())
        kern = (m.group(1) if m else pad.stem).strip().lower()
        if ext == ".csv" and kern in verwacht:
            kandidaten.setdefault(verwacht[kern], []).append(pad)
        elif ext == ".xlsx" and kern == sjabloon:
            kandidaten.setdefault(SJABLOON_XLSX, []).append(pad)
        elif ext == ".xlsx" and kern in verwacht:
            problemen.append(Probleem(str(pad), f"een los Excel-bestand per onderwerp wordt niet gelezen: sla het op "
                                      f"als CSV UTF-8 ({verwacht[kern]}.csv) of zet het als blad '{verwacht[kern]}' "
                                      f"in {SJABLOON_XLSX}"))
        elif ext in _NIET_LEESBAAR and (kern in verwacht or kern == sjabloon):
            doel = f"{verwacht[kern]}.csv" if kern in verwacht else SJABLOON_XLSX
            problemen.append(Probleem(str(pad), f"{_NIET_LEESBAAR[ext]} wordt niet gelezen: sla het op als {doel} "
                                      "(Excel: 'Opslaan als' > 'Excel-werkmap (.xlsx)' of 'CSV UTF-8')"))
        elif ext == ".csv":
            tip = difflib.get_close_matches(kern, list(verwacht), n=1, cutoff=0.8)
            if tip:
                problemen.append(Probleem(str(pad), f"onbekende bestandsnaam; bedoelde u {tip[0]}.csv? "
                                          f"Verwacht: {lijst}"))
    gevonden: dict[str, Path] = {}
    for naam, paden in kandidaten.items():
        if len(paden) > 1:
            problemen.append(Probleem(str(paden[0]), f"meer dan één bestand voor '{naam}' "
                                      f"({', '.join(p.name for p in paden)}); houd er één over"))
        else:
            gevonden[naam] = paden[0]
    return gevonden, problemen


def lees_xlsx(pad: str | Path, gemeenten: Sequence[Gemeente] | None = None, *, fictief: bool = False) -> LokaleInvoer:
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
    elif naam == "ambities":
        p += _controleer_ambities(df, schema, label, regels)
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


def _controleer_ambities(df: pd.DataFrame, schema: Schema, label: str, regels: pd.Series) -> list[Probleem]:
    """Groep and woonvorm against the registries (with suggestions), a percentage at most 100, a target
    above 0."""
    p: list[Probleem] = []
    for kolom, register in (("groep", GROEPEN), ("woonvorm", WOONVORMEN)):
        toegestaan = schema.kolom(kolom).keuzes
        for i in df.index[df[kolom].notna() & ~df[kolom].isin(list(toegestaan))]:
            waarde = str(df.at[i, kolom])
            tip = [t for t in suggesties(waarde, register) if t in toegestaan]
            if kolom == "groep":  # 'ouderen' and 'alle' first when they are meant
                extra = difflib.get_close_matches(waarde.strip().lower(), list(AMBITIE_GROEPEN_EXTRA), n=1, cutoff=0.75)
                tip = list(dict.fromkeys([*extra, *tip]))
            p.append(Probleem(label, f"onbekende {kolom}" + (f"; bedoelde u: {', '.join(tip)}?" if tip else "")
                              + f" Toegestaan: {', '.join(toegestaan)}", rij=int(regels[i]), kolom=kolom,
                              waarde=waarde))
    for i in df.index[df["aantal"].notna()]:
        x = float(df.at[i, "aantal"])
        if x <= 0:
            p.append(Probleem(label, "een ambitie moet groter dan 0 zijn", rij=int(regels[i]), kolom="aantal",
                              waarde=f"{x:g}"))
        elif df.at[i, "eenheid"] == "procent" and x > 100:
            p.append(Probleem(label, "een percentage ligt tussen 0 en 100 (25 % schrijft u als 25)",
                              rij=int(regels[i]), kolom="aantal", waarde=f"{x:g}"))
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


def _regio(gemeenten: Sequence[Gemeente] | None) -> dict[str, str] | None:
    if gemeenten is None:
        return None
    return {g.code: g.naam for g in gemeenten}


def _naam_norm(naam: str) -> str:
    return re.sub(r"\s+", " ", naam.strip().lower())


def _periode(df: pd.DataFrame) -> str:
    jaren = sorted(int(j) for j in df["jaar" if "jaar" in df.columns else "doeljaar"].dropna().unique())
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
        zonder_waarde = formules_zonder_waarde(pad)
    except Exception:  # noqa: BLE001 - unreadable workbook: the values pass below reports it
        zonder_waarde = {}
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
            for r, c, formule in zonder_waarde.get(titel, []):
                p_blad.append(Probleem(label, f"cel {get_column_letter(c)}{r}: {XLSX_FORMULE}", rij=r,
                                       kolom=kop[c - 1] if 0 < c <= len(kop) and kop[c - 1] else get_column_letter(c),
                                       waarde=formule))
            problemen += p_blad
            if p_blad:
                continue
            df = pd.DataFrame(data, columns=["_regel", *kop], dtype="string")
            df["_regel"] = df["_regel"].astype("int64")
            bladen.append(_Blad(sleutel, df, label, pad, f"{pad.name}, blad {sleutel}"))
    finally:
        wb.close()
    return bladen, problemen
