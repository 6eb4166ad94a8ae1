"""Partner round ("partnerronde", kaart 3 item 6; stap 3 of the *Praktisch handvat*): review sheets out,
returned sheets back in.

Out: :func:`schrijf_reviewbladen` writes one review sheet per partner (XLSX with a drop-down for
``herkenbaar`` plus an explanation sheet, and the same rows as CSV with ``;``) listing every key
finding of the confrontatie step with its figure. Partners fill in ``herkenbaar`` (ja/nee/deels),
``correctie`` (a number, in the unit of the finding), ``toelichting``, ``bron`` and ``datum``. Five
general questions (klopt de analyse, aanvullingen, schaalniveau, doelgroepen, nader onderzoek) are
rows with ids ``ALG-...`` in the same sheet.

In: :func:`lees_reacties` reads every returned sheet in a folder (XLSX or CSV), validates all of
them and reports every problem at once (file, sheet, line, column) as a Dutch
:class:`~wzlib.fouten.InvoerFout`: unknown finding ids, ``herkenbaar`` not ja/nee/deels,
``correctie`` not a number, duplicate ids, a partner returning two sheets, missing columns.

This module knows nothing of how findings are computed (that is :mod:`wzlib.confrontatie`); it only
reads and writes sheets. ``docs/partnerronde.md`` describes the round for users.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from ..fouten import InvoerFout, Probleem, WzFout
from ..getal import lees_getal, lees_waarde
from ..paden import atomair_schrijven
from ..params import SOORT_LABEL, SOORTEN, Partner, RegioParams
from .invoer import lees_csv
from .xlsx import MELDING as XLSX_FORMULE, cel, formules_zonder_waarde

# -- partners -------------------------------------------------------------------------------------

def bestandsnaam(partner: Partner | str) -> str:
    """A safe file stem for a partner: 'Zorggroep Voorbeeld' -> 'reviewblad_zorggroep-voorbeeld'."""
    naam = partner.naam if isinstance(partner, Partner) else str(partner)
    ascii_ = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "partner"
    return f"reviewblad_{slug}"


# -- the sheet ------------------------------------------------------------------------------------

#: Columns of a review sheet, in order. The first group is filled by the toolkit, the second by
#: the partner; ``partner`` and ``soort`` identify who answered (also in a CSV).
KOLOMMEN_TOOLKIT = ("id", "gemeentecode", "gemeente", "onderwerp", "bevinding", "waarde", "eenheid")
KOLOMMEN_PARTNER = ("herkenbaar", "correctie", "toelichting", "bron", "datum")
KOLOMMEN_WIE = ("partner", "soort")
KOLOMMEN = KOLOMMEN_TOOLKIT + KOLOMMEN_PARTNER + KOLOMMEN_WIE
VERPLICHT = ("id", "herkenbaar", "correctie", "toelichting", "partner")
HERKENBAAR = ("ja", "nee", "deels")
WERKBLAD = "Reactie"

#: General questions of stap 3 of the handvat, as rows of the sheet (not counted in the recognition share).
ALGEMENE_VRAGEN: dict[str, str] = {
    "ALG-klopt": "Klopt de analyse als geheel vanuit uw perspectief? (ja/nee/deels; licht toe)",
    "ALG-aanvullingen": "Heeft u (kwalitatieve) aanvullingen of suggesties? (toelichting)",
    "ALG-schaalniveau": "Bent u het eens met het schaalniveau (regio, gemeente, dorp, wijk, buurt)? "
                        "(ja/nee/deels; welk niveau?)",
    "ALG-doelgroepen": "Bent u het eens met de afbakening van de doelgroepen? (ja/nee/deels; licht toe)",
    "ALG-onderzoek": "Is er gedetailleerder onderzoek nodig? (ja = nodig; noem onderwerp en schaal)",
}

UITLEG = [
    "Reviewblad partnerronde woonzorganalyse",
    "",
    "Elke regel is een bevinding uit de analyse, met het cijfer waarop die berust (kolom 'waarde', in de "
    "eenheid van kolom 'eenheid').",
    "Vul per regel in:",
    "  herkenbaar  - ja, nee of deels: herkent u dit beeld vanuit uw praktijk?",
    "  correctie   - alleen als u een beter cijfer heeft: het getal (zelfde eenheid als 'waarde', "
    "bij % dus bv. 35 voor 35%).",
    "  toelichting - waarom; wat ziet u anders; aanvullingen.",
    "  bron        - waar uw correctie op berust (registratie, peildatum).",
    "  datum       - datum van uw reactie (dd-mm-jjjj); leeg = datum van het bestand.",
    "Laat de kolommen id, partner en soort ongewijzigd. Regels die u niet kunt beoordelen laat u leeg.",
    "De regels met id ALG-... zijn algemene vragen over de analyse (stap 3 van het Praktisch handvat).",
    "",
    "Wat gebeurt er met uw reactie? De gemeente leest alle reviewbladen in. Per bevinding ziet iedereen "
    "wat de gegevens zeggen en wat elke partner zegt. Een correctie wordt alleen toegepast met een "
    "vermelding van wie, wat, oud -> nieuw, reden en datum. Geven twee partners verschillende correcties, "
    "dan wordt dat als conflict getoond en pas toegepast als de regio er een kiest.",
]


def _reviewtabel(bevindingen: pd.DataFrame, partner: Partner) -> pd.DataFrame:
    ontbreekt = [k for k in KOLOMMEN_TOOLKIT if k not in bevindingen.columns]
    if ontbreekt:
        raise WzFout(f"Bevindingen missen kolom(men) {', '.join(ontbreekt)}; maak ze met "
                     "wzlib.confrontatie.bevindingen(...)")
    rijen = bevindingen.loc[:, list(KOLOMMEN_TOOLKIT)].copy()
    alg = pd.DataFrame({"id": list(ALGEMENE_VRAGEN), "gemeentecode": "", "gemeente": "",
                        "onderwerp": "algemeen", "bevinding": list(ALGEMENE_VRAGEN.values()),
                        "waarde": float("nan"), "eenheid": ""})
    df = pd.concat([alg, rijen], ignore_index=True)
    for k in KOLOMMEN_PARTNER:
        df[k] = ""
    df["partner"] = partner.naam
    df["soort"] = partner.soort
    df["waarde"] = pd.to_numeric(df["waarde"], errors="coerce").astype("Float64")
    return df.loc[:, list(KOLOMMEN)]


def schrijf_reviewbladen(rp: RegioParams, bevindingen: pd.DataFrame, doel_map: str | Path,
                         partners: Iterable[Partner] | None = None) -> list[Path]:
    """Write one review sheet per partner (``<doel_map>/reviewblad_<partner>.xlsx`` and ``.csv``).

    ``rp`` names the regio on the explanation sheet. ``bevindingen`` is the table of
    :func:`wzlib.confrontatie.bevindingen` (one or more gemeenten). ``partners`` defaults to the
    params' ``confrontatie.partners`` or :func:`wzlib.params.standaard_partners`. Returns the written paths.
    """
    doel = Path(doel_map)
    doel.mkdir(parents=True, exist_ok=True)
    lijst = list(rp.confrontatie.partners_of_standaard if partners is None else partners)

    paden: list[Path] = []
    for partner in lijst:
        df = _reviewtabel(bevindingen, partner)
        stam = doel / bestandsnaam(partner)
        xlsx, csv = stam.with_suffix(".xlsx"), stam.with_suffix(".csv")
        atomair_schrijven(xlsx, lambda p, df=df, partner=partner: _schrijf_xlsx(p, df, partner, rp))
        atomair_schrijven(csv, lambda p, df=df: df.to_csv(p, sep=";", decimal=",", index=False,
                                                           encoding="utf-8-sig"))
        paden += [xlsx, csv]
    return paden


def _schrijf_xlsx(pad: Path, df: pd.DataFrame, partner: Partner, rp) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    with pd.ExcelWriter(pad, engine="openpyxl") as xw:
        df.to_excel(xw, sheet_name=WERKBLAD, index=False)
        kop = [f"Regio: {getattr(rp, 'naam', '')}", f"Peiljaar: {getattr(rp, 'peiljaar', '')}",
               f"Partner: {partner.naam} ({SOORT_LABEL.get(partner.soort, partner.soort)})",
               f"Gemaakt: {date.today().strftime('%d-%m-%Y')}"]
        if getattr(rp, "fictief", False):
            kop.insert(0, "LET OP: FICTIEVE GEGEVENS (voorbeeldregio) - de cijfers zijn verzonnen.")
        pd.DataFrame({"uitleg": kop + [""] + UITLEG}).to_excel(xw, sheet_name="Uitleg", index=False, header=False)
        ws = xw.sheets[WERKBLAD]
        breedte = {"id": 30, "gemeentecode": 9, "gemeente": 16, "onderwerp": 11, "bevinding": 70, "waarde": 11,
                   "eenheid": 11, "herkenbaar": 11, "correctie": 11, "toelichting": 45, "bron": 25, "datum": 12,
                   "partner": 22, "soort": 13}
        invul = PatternFill("solid", fgColor="FFF2CC")
        for j, naam in enumerate(df.columns, start=1):
            letter = ws.cell(row=1, column=j).column_letter
            ws.column_dimensions[letter].width = breedte.get(naam, 12)
            ws.cell(row=1, column=j).font = Font(bold=True)
            for i in range(2, len(df) + 2):
                c = ws.cell(row=i, column=j)
                if naam == "bevinding":
                    c.alignment = Alignment(wrap_text=True, vertical="top")
                if naam in KOLOMMEN_PARTNER:
                    c.fill = invul
                if naam == "waarde":
                    c.number_format = "#,##0.0" if df["eenheid"].iat[i - 2] == "%" else "#,##0"
        ws.freeze_panes = "C2"
        if len(df):
            kol = {naam: ws.cell(row=1, column=j).column_letter for j, naam in enumerate(df.columns, start=1)}
            dv = DataValidation(type="list", formula1='"ja,nee,deels"', allow_blank=True,
                                errorTitle="Ongeldige waarde", error="Kies ja, nee of deels.")
            dv.add(f"{kol['herkenbaar']}2:{kol['herkenbaar']}{len(df) + 1}")
            ws.add_data_validation(dv)
            dg = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                errorTitle="Geen getal", error="Vul een getal in (zonder tekst).")
            dg.add(f"{kol['correctie']}2:{kol['correctie']}{len(df) + 1}")
            ws.add_data_validation(dg)
        xw.sheets["Uitleg"].column_dimensions["A"].width = 120


# -- reading returned sheets ----------------------------------------------------------------------

REACTIE_KOLOMMEN = ("partner", "soort", "id", "gemeentecode", "herkenbaar", "correctie", "toelichting", "bron",
                    "datum", "waarde_blad", "bestand", "regel")

_ID = re.compile(r"(GM\d{4})(-[A-Za-z0-9_]+)+|ALG-[a-z]+")
#: Findings whose figure has a sign (a gap: negative = surplus); every other correction is 0 or more.
_GETEKEND = re.compile(r"^GM\d{4}-tekort-")


def lege_reacties() -> pd.DataFrame:
    """An empty reacties table with the columns :func:`lees_reacties` returns."""
    return pd.DataFrame({
        "partner": pd.Series(dtype="string"), "soort": pd.Series(dtype="string"), "id": pd.Series(dtype="string"),
        "gemeentecode": pd.Series(dtype="string"), "herkenbaar": pd.Series(dtype="string"),
        "correctie": pd.Series(dtype="Float64"), "toelichting": pd.Series(dtype="string"),
        "bron": pd.Series(dtype="string"), "datum": pd.Series(dtype="string"),
        "waarde_blad": pd.Series(dtype="Float64"), "bestand": pd.Series(dtype="string"),
        "regel": pd.Series(dtype="Int64"),
    })


def reactiebestanden(map_: str | Path | None) -> list[Path]:
    """The returned sheets in a folder: ``*.xlsx`` and ``*.csv`` (Excel lock files ``~$...`` skipped)."""
    if map_ is None or not Path(map_).is_dir():
        return []
    return sorted(p for p in Path(map_).iterdir()
                  if p.is_file() and p.suffix.lower() in (".xlsx", ".csv") and not p.name.startswith(("~$", ".")))


_ANDER_FORMAAT = {".xls": "Excel 97-2003 (.xls)", ".ods": "OpenDocument (.ods)", ".xlsm": "Excel met macro's (.xlsm)",
                  ".xlsb": "binair Excel (.xlsb)", ".numbers": "Numbers"}


def onleesbare_bladen(map_: str | Path | None) -> list[Probleem]:
    """Returned sheets saved in a format the toolkit does not read (.xls, .ods, ...): one problem each, so a
    partner's answers never disappear without a word."""
    if map_ is None or not Path(map_).is_dir():
        return []
    return [Probleem(str(p), f"reviewblad in {_ANDER_FORMAAT[p.suffix.lower()]} wordt niet gelezen: open het en "
                     "sla het op als Excel-werkmap (.xlsx) of als CSV UTF-8")
            for p in sorted(Path(map_).iterdir())
            if p.is_file() and p.suffix.lower() in _ANDER_FORMAAT and not p.name.startswith(("~$", "."))]


def lees_reacties(map_: str | Path | None, bevindingen: pd.DataFrame | None = None,
                  partners: Iterable[Partner] | None = None) -> pd.DataFrame:
    """Read and validate every returned review sheet in ``map_``; one row per answered line.

    A missing folder or a folder without sheets gives an empty table (no partner has answered yet).
    Rows without any answer (herkenbaar, correctie, toelichting and bron all empty) are dropped.
    Ids must be well-formed; an id that ``bevindingen`` does not (or no longer) contain is kept and
    shown by the report as an answer to a finding that is not in the analysis (never silently dropped,
    never counted). ``partners``
    (from the params) supplies the soort when a sheet leaves it empty. All problems of all files are
    raised together as an InvoerFout.

    Returns columns: partner, soort, id, gemeentecode, herkenbaar (ja/nee/deels or empty),
    correctie (number or empty), toelichting, bron, datum (dd-mm-jjjj: the partner's, else the
    file's date), waarde_blad (the figure printed on the sheet), bestand, regel.
    """
    bestanden = reactiebestanden(map_)
    niet_leesbaar = onleesbare_bladen(map_)
    if niet_leesbaar:
        raise InvoerFout(niet_leesbaar)
    if not bestanden:
        return lege_reacties()
    bekend: set[str] | None = None
    scope: set[str] = set()
    if bevindingen is not None:
        bekend = set(bevindingen["id"].astype(str))
        scope = set(bevindingen["gemeentecode"].dropna().astype(str))
    soort_van = {p.naam.lower(): p.soort for p in (partners or [])}
    problemen: list[Probleem] = []
    delen: list[pd.DataFrame] = []
    partner_bestand: dict[str, str] = {}
    for pad in bestanden:
        df, waar, p = _lees_blad(pad)
        problemen += p
        if df is None:
            continue
        rijen, p = _valideer_blad(df, waar, pad, bekend, scope, soort_van)
        problemen += p
        if rijen is None or rijen.empty:
            continue
        for naam in rijen["partner"].unique():
            eerder = partner_bestand.get(naam.lower())
            if eerder and eerder != str(pad):
                problemen.append(Probleem(waar, f"partner '{naam}' heeft ook een reviewblad in {eerder}; "
                                          "lever per partner één blad in (verwijder het oude)", kolom="partner"))
            partner_bestand[naam.lower()] = str(pad)
        delen.append(rijen)
    if problemen:
        raise InvoerFout(problemen)
    if not delen:
        return lege_reacties()
    uit = pd.concat(delen, ignore_index=True)
    return uit.loc[:, list(REACTIE_KOLOMMEN)].astype(lege_reacties().dtypes.to_dict())


def _lees_blad(pad: Path) -> tuple[pd.DataFrame | None, str, list[Probleem]]:
    """Read one sheet as text cells; (frame with column _regel, location text, problems)."""
    if pad.suffix.lower() == ".csv":
        df, p = lees_csv(pad)
        if p:
            return None, str(pad), p
        return df, str(pad), []
    waar = f"{pad} [werkblad {WERKBLAD}]"
    try:
        import openpyxl

        wb = openpyxl.load_workbook(pad, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - any unreadable workbook is one problem for the user
        return None, str(pad), [Probleem(str(pad), f"bestand is geen leesbaar Excel-bestand (.xlsx): {e}")]
    try:
        if WERKBLAD not in wb.sheetnames:
            return None, str(pad), [Probleem(str(pad), f"werkblad '{WERKBLAD}' ontbreekt (aanwezig: "
                                             f"{', '.join(wb.sheetnames)})")]
        rijen = list(wb[WERKBLAD].iter_rows(values_only=True))
    finally:
        wb.close()
    try:
        zonder_waarde = formules_zonder_waarde(pad, {WERKBLAD: rijen}).get(WERKBLAD, [])
    except Exception:  # noqa: BLE001 - the values were readable; a failing second look is no reason to stop
        zonder_waarde = []
    if zonder_waarde:
        return None, waar, [Probleem(waar, f"cel {cel(r, c)}: {XLSX_FORMULE}", rij=r, waarde=f)
                            for r, c, f in zonder_waarde]
    if not rijen:
        return None, waar, [Probleem(waar, "werkblad is leeg")]
    kop = [str(k).strip() if k is not None else "" for k in rijen[0]]
    while kop and kop[-1] == "":
        kop.pop()
    data = []
    for i, rij in enumerate(rijen[1:], start=2):
        cellen = [_cel(c) for c in list(rij)[: len(kop)]]
        cellen += [""] * (len(kop) - len(cellen))
        if all(c == "" for c in cellen):
            continue
        data.append([i, *cellen])
    dubbel = sorted({k for k in kop if k and kop.count(k) > 1})
    if dubbel:
        return None, waar, [Probleem(waar, "kolomnaam komt meer dan eens voor", rij=1, kolom=k) for k in dubbel]
    df = pd.DataFrame(data, columns=["_regel", *kop], dtype="string")
    df["_regel"] = df["_regel"].astype("int64")
    return df, waar, []


def _cel(c) -> str:
    if c is None:
        return ""
    if isinstance(c, bool):
        return str(c)
    if isinstance(c, (int, float)):
        if isinstance(c, float) and math.isnan(c):
            return ""
        if isinstance(c, float) and not float(c).is_integer():
            return f"{c:.10f}".rstrip("0").replace(".", ",")  # Dutch decimal comma: '195.404' would read as thousands
        return str(int(c))
    if isinstance(c, (datetime, date)):
        return c.strftime("%d-%m-%Y")
    return str(c).strip()


_DATUM = (("%d-%m-%Y", r"\d{1,2}-\d{1,2}-\d{4}"), ("%Y-%m-%d", r"\d{4}-\d{1,2}-\d{1,2}"),
          ("%d/%m/%Y", r"\d{1,2}/\d{1,2}/\d{4}"), ("%Y-%m-%d %H:%M:%S", r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"))


def _lees_datum(tekst: str) -> str | None:
    for fmt, patroon in _DATUM:
        if re.fullmatch(patroon, tekst):
            try:
                return datetime.strptime(tekst, fmt).strftime("%d-%m-%Y")
            except ValueError:
                return None
    return None


def _valideer_blad(df: pd.DataFrame, waar: str, pad: Path, bekend: set[str] | None, scope: set[str],
                   soort_van: dict[str, str]) -> tuple[pd.DataFrame | None, list[Probleem]]:
    p: list[Probleem] = []
    for k in VERPLICHT:
        if k not in df.columns:
            p.append(Probleem(waar, f"verplichte kolom ontbreekt (verwacht: {', '.join(KOLOMMEN)})", rij=1, kolom=k))
    if p:
        return None, p
    for k in KOLOMMEN:
        if k not in df.columns:
            df[k] = ""
    df = df.fillna("")
    beantwoord = (df["herkenbaar"].str.strip() != "") | (df["correctie"].str.strip() != "") | \
                 (df["toelichting"].str.strip() != "") | (df["bron"].str.strip() != "")
    bestandsdatum = datetime.fromtimestamp(pad.stat().st_mtime).strftime("%d-%m-%Y")
    partners = sorted({x.strip() for x in df["partner"] if x.strip()})
    if not partners:
        p.append(Probleem(waar, "kolom 'partner' is leeg: vul de naam van uw organisatie in", kolom="partner"))
    elif len({x.lower() for x in partners}) > 1:
        p.append(Probleem(waar, f"meer dan één partnernaam in één blad ({', '.join(partners)}); één blad per partner",
                          kolom="partner"))
    partner = partners[0] if partners else ""
    soorten = sorted({x.strip().lower() for x in df["soort"] if x.strip()})
    soort = soorten[0] if len(soorten) == 1 else soort_van.get(partner.lower(), "overig")
    if soort not in SOORTEN:
        p.append(Probleem(waar, f"onbekende soort partner; toegestaan: {', '.join(SOORTEN)}", kolom="soort",
                          waarde=soort))
    gezien: dict[str, int] = {}
    uit = []
    for i in df.index:
        regel = int(df.at[i, "_regel"])
        rid = df.at[i, "id"].strip()
        if not rid:
            if beantwoord[i]:
                p.append(Probleem(waar, "id ontbreekt (laat de kolom id ongewijzigd)", rij=regel, kolom="id"))
            continue
        m = _ID.fullmatch(rid)
        if not m:
            p.append(Probleem(waar, "onbekende bevinding-id (laat de kolom id ongewijzigd)", rij=regel, kolom="id",
                              waarde=rid))
            continue
        gm = m.group(1) or ""
        # A well-formed id that the current analysis does not have (the analysis changed since the sheet
        # was sent, or an earlier step has not run yet) is no input error: the row is kept, counts for no
        # finding, and the report lists it (confrontatie.reacties_tekst / verouderde_reacties).
        if rid in gezien:
            p.append(Probleem(waar, f"bevinding-id komt twee keer voor (ook op regel {gezien[rid]})", rij=regel,
                              kolom="id", waarde=rid))
            continue
        gezien[rid] = regel
        if not beantwoord[i]:
            continue
        herk = df.at[i, "herkenbaar"].strip().lower()
        if herk and herk not in HERKENBAAR:
            p.append(Probleem(waar, "herkenbaar moet ja, nee of deels zijn (of leeg)", rij=regel, kolom="herkenbaar",
                              waarde=df.at[i, "herkenbaar"]))
        corr_tekst = df.at[i, "correctie"].strip()
        corr = None
        if corr_tekst:
            corr, reden = lees_waarde(corr_tekst, "getal")  # the one number parser (wzlib.getal)
            if corr is None:
                p.append(Probleem(waar, "correctie moet een getal zijn (zonder tekst of eenheid), of leeg"
                                  + (f": {reden}" if reden and reden != "getal verwacht" else ""),
                                  rij=regel, kolom="correctie", waarde=corr_tekst))
            elif corr < 0 and not _GETEKEND.search(rid):
                corr = None
                p.append(Probleem(waar, "correctie mag niet negatief zijn (een aantal of aandeel is 0 of meer); "
                                  "laat de cel leeg en licht toe als u het cijfer niet kunt geven",
                                  rij=regel, kolom="correctie", waarde=corr_tekst))
            elif rid.startswith("ALG-"):
                p.append(Probleem(waar, "bij een algemene vraag hoort geen correctie; gebruik de toelichting",
                                  rij=regel, kolom="correctie", waarde=corr_tekst))
        datum_tekst = df.at[i, "datum"].strip()
        datum = bestandsdatum
        if datum_tekst:
            datum = _lees_datum(datum_tekst)
            if datum is None:
                p.append(Probleem(waar, "datum niet herkend; schrijf dd-mm-jjjj", rij=regel, kolom="datum",
                                  waarde=datum_tekst))
        wb = lees_getal(df.at[i, "waarde"]) if df.at[i, "waarde"].strip() else None
        uit.append({"partner": partner, "soort": soort, "id": rid, "gemeentecode": gm or "",
                    "herkenbaar": herk or pd.NA, "correctie": corr if corr is not None else pd.NA,
                    "toelichting": df.at[i, "toelichting"].strip() or pd.NA, "bron": df.at[i, "bron"].strip() or pd.NA,
                    "datum": datum, "waarde_blad": wb if wb is not None else pd.NA, "bestand": pad.name,
                    "regel": regel})
    if not uit:
        return lege_reacties(), p
    return pd.DataFrame(uit), p


# -- where the sheets live ------------------------------------------------------------------------

def reacties_map(rp: RegioParams) -> Path | None:
    """Folder holding the returned sheets of a regio.

    In order: ``confrontatie: reacties_map`` of the params (relative to the project root); for the
    fictional demo regio (``bron.soort: voorbeeld``) ``<bron.map>/partners``; else
    ``<lokaal>/partners`` when the regio has a lokaal folder; else None (no sheets).
    """
    if rp.confrontatie.reacties_map:
        return rp.pad_naar(rp.confrontatie.reacties_map)
    if rp.bron.soort == "voorbeeld" and rp.bron_map is not None:
        return rp.bron_map / "partners"
    if rp.lokaal_map is not None:
        return rp.lokaal_map / "partners"
    return None


def toon_pad(rp: RegioParams, pad: str | Path | None) -> str | None:
    """A folder as shown in a report: relative to the project root when inside it (never a full local path)."""
    if pad is None:
        return None
    try:
        return Path(pad).resolve().relative_to(Path(rp.root).resolve()).as_posix()
    except (ValueError, AttributeError, TypeError):
        return Path(pad).name


def reviewbladen_map(rp: RegioParams) -> Path:
    """Where ``wz partners`` writes the blank review sheets: ``outputs/<regio>/partnerronde/``."""
    return rp.uitvoer_map / "partnerronde"
