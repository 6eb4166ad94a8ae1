"""Fill-in templates and documentation of the local inputs of a regio (for analysts).

:func:`schrijf_sjabloon` writes one CSV per subject and/or the workbook ``lokale_invoer.xlsx`` (sheets
'toelichting', one per subject, 'keuzes') for the gemeenten of a regio; :func:`documentatie_markdown`
generates ``docs/lokale-invoer.md``. Both follow the schemas in :mod:`wzlib.bronnen.lokaal`, which reads
and validates the filled files; this module only writes.
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Sequence

from ..fouten import WzFout
from ..gegevens import Kolom, Schema
from ..groepen import GROEPEN, WOONVORMEN, groep, lokale_groepen
from ..paden import atomair_schrijven
from ..params import Gemeente
from .lokaal import AMBITIE_EENHEDEN, EENHEDEN, HARDHEID, LOKALE_SCHEMAS, SJABLOON_XLSX

VOORBEELD_BRON = "VOORBEELD — vervangen"


class SjabloonBestaat(WzFout):
    """A template file already exists and ``overschrijven`` was not given."""


# --------------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------------

def schrijf_sjabloon(doel_map: str | Path, gemeenten: Iterable[Gemeente],
                     formaat: Sequence[str] = ("csv", "xlsx"), *, jaar: int | None = None,
                     groepen: Sequence[str] | None = None, overschrijven: bool = False,
                     reservekopieen: list[Path] | None = None) -> list[Path]:
    """Write fill-in templates for the local inputs of a regio; returns the files written.

    ``gemeenten``: the regio's gemeenten (:class:`wzlib.params.Gemeente`).

    ``csv``: one CSV per subject with the header and a few example rows (bron ``VOORBEELD — vervangen``;
    an untouched CSV template reads as "niet ingevuld"). ``xlsx``: ``lokale_invoer.xlsx`` with a sheet
    'toelichting' (what every column means), one sheet per subject pre-filled with a row per gemeente ×
    groep/woonvorm (empty ``aantal``: analysts only fill numbers), and a sheet 'keuzes' with the keys;
    header cells carry the column help as comments, and keuze/number columns have Excel data
    validation. ``jaar`` (default: last calendar year) pre-fills the jaar column; ``groepen`` limits the
    groups to the regio's scope. Existing files are never overwritten unless ``overschrijven=True``; then
    each is first copied next to itself with the date and time in its name (:func:`reservekopie`), and
    the copies are appended to ``reservekopieen`` when given.
    """
    doel = Path(doel_map)
    gemeenten = [(g.code, g.naam) for g in gemeenten]
    if not gemeenten:
        raise WzFout("schrijf_sjabloon: geef minstens één gemeente op.")
    formaten = [formaat] if isinstance(formaat, str) else list(formaat)
    onbekend = [f for f in formaten if f not in ("csv", "xlsx")]
    if onbekend or not formaten:
        raise WzFout(f"Onbekend formaat {', '.join(onbekend) or '(geen)'}; kies 'csv' en/of 'xlsx'.")
    jaar = int(jaar) if jaar is not None else date.today().year - 1
    groep_sleutels = list(lokale_groepen())
    if groepen is not None:
        gekozen = [groep(g).sleutel for g in groepen]
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
    kopieen = [reservekopie(p) for p in bestaand]
    if reservekopieen is not None:
        reservekopieen.extend(kopieen)
    if "csv" in formaten:
        for naam, schema in LOKALE_SCHEMAS.items():
            tekst = _csv_tekst(schema, _voorbeeldregels(naam, gemeenten[0], jaar, groep_sleutels))
            atomair_schrijven(doel / schema.bestand, lambda p, t=tekst: p.write_bytes(t.encode("utf-8-sig")))
    if "xlsx" in formaten:
        wb = _werkboek(gemeenten, jaar, groep_sleutels)
        atomair_schrijven(doel / SJABLOON_XLSX, wb.save)
    return doelen


def reservekopie(pad: Path) -> Path:
    """Copy ``pad`` next to itself as ``<naam>.<jjjjmmdd-uummss>.bak`` (not read as input: the suffix is
    neither .csv nor .xlsx) and return the copy's path; an earlier copy of the same second is kept."""
    stempel = datetime.now().strftime("%Y%m%d-%H%M%S")
    kopie = pad.with_name(f"{pad.name}.{stempel}.bak")
    n = 1
    while kopie.exists():
        n += 1
        kopie = pad.with_name(f"{pad.name}.{stempel}-{n}.bak")
    shutil.copy2(pad, kopie)
    return kopie


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
    elif naam == "ambities":
        rijen = [
            {"groep": "ouderen", "woonvorm": "geclusterd", "doeljaar": jaar + 6, "aantal": 120,
             "eenheid": "eenheden", "omschrijving": "Voorbeeld: in 2030 120 geclusterde wooneenheden voor ouderen"},
            {"groep": "uitstroom_bw", "woonvorm": "beschermd_wonen", "doeljaar": jaar + 6, "aantal": 25,
             "eenheid": "procent", "omschrijving": "Voorbeeld: 25 % van de capaciteit beschermd wonen "
                                                   "geëxtramuraliseerd"},
        ]

    elif naam == "realisatie":
        rijen = [{"woonvorm": "geclusterd", "jaar": jaar - 1, "aantal": 18, "project": "Voorbeeldproject",
                  "toelichting": "Voorbeeld: opgeleverd in dat jaar"}]
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
                lijst = lijsten[k.naam]
                if naam == "ambities" and k.naam == "eenheid":
                    lijst = '"' + ",".join(k.keuzes) + '"'  # not the personen/huishoudens of aandachtsgroepen
                if naam == "ambities" and k.naam == "groep":
                    lijst = None  # 'ouderen' and 'alle' are not on the sheet 'keuzes': checked when read
                if lijst:
                    dv = DataValidation(type="list", formula1=lijst, allow_blank=True)
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
        elif naam in ("plancapaciteit", "realisatie"):
            uit += [{**basis, "woonvorm": w} for w in WOONVORMEN]
        elif naam == "ambities":
            uit.append({**basis, "groep": "ouderen", "woonvorm": "geclusterd", "doeljaar": jaar + 6,
                        "eenheid": "eenheden"})
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

Dit bestand wordt gegenereerd uit `wzlib/bronnen/sjabloon.py` (`documentatie_markdown()`); een test
bewaakt dat het actueel is.

## Werkwijze

1. Maak een invulsjabloon voor de gemeenten van de regio:

   ```python
   from wzlib.bronnen.sjabloon import schrijf_sjabloon
   from wzlib.params import Gemeente
   schrijf_sjabloon("data/lokaal/mijnregio", [Gemeente("GM0402", "Hilversum"), Gemeente("GM0406", "Huizen")],
                    jaar=2024)
   ```

   Dit schrijft per onderwerp een CSV met de kopregel en een paar voorbeeldregels (bron
   `VOORBEELD — vervangen`) en `lokale_invoer.xlsx` met een blad per onderwerp, waarin al een regel
   staat voor elke gemeente × groep of woonvorm: alleen de getallen en de bron invullen. Het blad
   `toelichting` beschrijft elke kolom, het blad `keuzes` de sleutels; de kopcellen hebben de uitleg als
   opmerking. Bestaande bestanden worden nooit overschreven, tenzij `overschrijven=True`
   (`wz template --overschrijven`); dan wordt elk bestaand bestand eerst ernaast bewaard als
   `<naam>.<jjjjmmdd-uummss>.bak`.
2. Kies per onderwerp één vorm: CSV of Excel-blad. Hetzelfde onderwerp in beide (met ingevulde
   regels) is een fout. Een onaangeroerd CSV-sjabloon (alleen voorbeeldregels) telt als niet
   ingevuld.
3. Controleer: `lees_lokaal(map, gemeenten)` (of `lees_xlsx(pad, gemeenten)`) meldt alle problemen
   van alle bestanden tegelijk, met bestand (en blad), regel, kolom en waarde.

## Regels voor alle bestanden

- Zelfde opmaak als het invoerformaat (`docs/invoerformaat.md`): UTF-8 (Excel: *CSV UTF-8*), komma of
  puntkomma, kopregel verplicht, gehele getallen als `1000` of `1.000` (niet `1,000`: dubbelzinnig),
  lege cel = onbekend.
- Bestandsnamen: hoofdletters en een kopie-achtervoegsel (`woningmarkt (1).csv`) mogen zolang er één
  bestand per onderwerp is. Een onderwerp als `.xls`, `.ods` of los `.xlsx` opgeslagen en een naam die
  bijna klopt (`aanbd.csv`) geven een melding; een formule zonder opgeslagen waarde ook (met de cel).
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
    "ambities": (
        "De ambities uit de woonzorgvisie (kaart 4), SMART: per gemeente, groep, woonvorm en doeljaar één "
        "doel. `eenheden` en `plaatsen` tellen wat er in het doeljaar bij moet zijn gekomen (in de eenheid "
        "van de woonvorm); `procent` is een deel van het huidige aanbod van de woonvorm (bv. 25 % van de "
        "capaciteit beschermd wonen geëxtramuraliseerd). `groep`: een sleutel uit de tabel hieronder, "
        "`ouderen` (alle ouderen) of `alle` (de woonvorm als geheel). Stap 6 – Ambities toetst elke "
        "ambitie aan de analyse.",
        "GM9901,Heidewoude,ouderen,geclusterd,2030,120,eenheden,120 geclusterde wooneenheden voor ouderen,"
        "woonzorgvisie 2025,\n"
        "GM9902,Stroomstad,uitstroom_bw,beschermd_wonen,2030,25,procent,25 % van BW geëxtramuraliseerd,"
        "woonzorgvisie 2025,",
    ),
    "realisatie": (
        "Wat er werkelijk is opgeleverd, per jaar van oplevering: de monitoring (stap 7) zet het naast de "
        "plancapaciteit en de ambities. Meer regels per gemeente, woonvorm en jaar? Geef elk een `project`.",
        "GM9901,Heidewoude,geclusterd,2024,12,Hofje De Brink fase 1,opleveringen gemeente 2024,",
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
