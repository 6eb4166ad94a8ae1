"""Downloads per published report: every table the page shows, as an Excel workbook and as CSV files.

The tables come from the executed notebook: each report table (``presentatie.tabel``) also leaves the
notebook as data under :data:`~wzlib.presentatie.tabellen.MIME_TABEL` (title, source line, footnotes,
columns and every row as displayed, i.e. after disclosure control). nbconvert ignores that data for the
HTML; publishing reads it here. A table shortened on the page (``Tabel.top``) is complete in the download.

Excel: one sheet per table, named after its title (a chart's data table after the chart; row 1 title,
row 2 source line, row 3 footnotes, row 5 the header, data
below); numbers that the page shows as numbers are real numbers in the sheet (percentages with a
percentage format), suppressed and missing cells keep the page's marker. CSV: one ``;``-separated file
per table (UTF-8 with BOM, the page's Dutch notation) plus ``LEESMIJ.txt`` with titles and sources.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from . import paden
from .presentatie.tabellen import MIME_TABEL

#: characters Excel does not allow in a sheet name
_VERBODEN_BLAD = re.compile(r"[\[\]:*?/\\]")
_GETAL = re.compile(r"^([+\-−]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$")


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []) or [])


def tabellen(nb, weg_tags: set[str] | frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The table bundles of the cells that are published (cells with a tag in ``weg_tags`` skipped)."""
    uit = []
    for cell in nb.cells:
        if cell.cell_type != "code" or _tags(cell) & set(weg_tags):
            continue
        for o in cell.get("outputs", []):
            data = o.get("data") or {}
            if MIME_TABEL in data and isinstance(data[MIME_TABEL], dict):
                uit.append(dict(data[MIME_TABEL]))
    return uit


def lees_getal(tekst: str) -> tuple[float, str] | None:
    """A number as the page shows it -> (value, Excel number format); None for text and markers.

    '1.234' -> (1234, '#,##0'); '12,5%' -> (0.125, '0.0%'); '€ 1.200' -> (1200, '€ #,##0'); '–' -> None.
    """
    t = str(tekst).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    pct = t.endswith("%")
    euro = t.startswith("€")
    t = t.rstrip("%").lstrip("€")
    m = _GETAL.match(t)
    if not m:
        return None
    teken, heel, dec = m.groups()
    waarde = float(heel.replace(".", "") + ("." + dec if dec else ""))
    if teken in ("-", "−"):
        waarde = -waarde
    n = len(dec or "")
    fmt = "#,##0" + ("." + "0" * n if n else "")
    if pct:
        return waarde / 100, ("0" + ("." + "0" * n if n else "") + "%")
    if euro:
        return waarde, "€ " + fmt
    return waarde, fmt


def blad_namen(titels: list[str]) -> list[str]:
    """Unique Excel sheet names (max 31 characters, no []:*?/\\) from the table titles."""
    uit: list[str] = []
    for i, t in enumerate(titels, 1):
        basis = _VERBODEN_BLAD.sub(" ", t or "").strip().strip("'") or f"Tabel {i}"
        naam = basis[:31]
        n = 2
        while naam.lower() in {x.lower() for x in uit}:
            achter = f" ({n})"
            naam = basis[:31 - len(achter)] + achter
            n += 1
        uit.append(naam)
    return uit


def _bestandsnaam(i: int, titel: str) -> str:
    t = unicodedata.normalize("NFKD", titel or "").encode("ascii", "ignore").decode().lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")[:60] or "tabel"
    return f"{i:02d}_{t}.csv"


def schrijf_xlsx(bundels: list[dict[str, Any]], pad: Path, titel: str) -> None:
    """One sheet per table (see the module docstring); written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for naam, b in zip(blad_namen([b.get("blad") or b.get("titel", "") for b in bundels]), bundels):
        ws = wb.create_sheet(naam)
        ws["A1"] = ": ".join(t for t in (b.get("titel"), b.get("blad")) if t) or naam
        ws["A1"].font = Font(bold=True, size=12)
        ws["A2"] = b.get("bron", "")
        ws["A3"] = " ".join(b.get("voetnoten") or [])
        kolommen = list(b.get("kolommen", []))
        numeriek = set(b.get("numeriek", []))
        for j, k in enumerate(kolommen, 1):
            c = ws.cell(row=5, column=j, value=k)
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, horizontal="right" if k in numeriek else "left")
        for i, rij in enumerate(b.get("rijen", []), 6):
            for j, (k, v) in enumerate(zip(kolommen, rij), 1):
                getal = lees_getal(v) if k in numeriek else None
                if getal is None:
                    c = ws.cell(row=i, column=j, value=str(v))
                    if k in numeriek:
                        c.alignment = Alignment(horizontal="right")
                else:
                    c = ws.cell(row=i, column=j, value=getal[0])
                    c.number_format = getal[1]
            if b.get("totaal_rij") is not None and i - 6 == b["totaal_rij"]:
                for j in range(1, len(kolommen) + 1):
                    ws.cell(row=i, column=j).font = Font(bold=True)
        for j, k in enumerate(kolommen, 1):
            breed = max([len(str(k))] + [len(str(r[j - 1])) for r in b.get("rijen", []) if len(r) >= j])
            ws.column_dimensions[ws.cell(row=5, column=j).column_letter].width = min(max(breed + 2, 8), 50)
        ws.freeze_panes = "A6"
    if not bundels:
        ws = wb.create_sheet("Geen tabellen")
        ws["A1"] = f"{titel}: dit rapport toont geen tabellen."
    wb.properties.title = titel
    wb.properties.creator = "woonzorganalyse"
    paden.atomair_schrijven(pad, lambda p: wb.save(p))


def _csv(b: dict[str, Any]) -> str:
    def veld(v: Any) -> str:
        s = str(v)
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in ';"\n\r') else s

    regels = [";".join(veld(k) for k in b.get("kolommen", []))]
    regels += [";".join(veld(v) for v in rij) for rij in b.get("rijen", [])]
    return "\r\n".join(regels) + "\r\n"


def schrijf_csv_zip(bundels: list[dict[str, Any]], pad: Path, titel: str) -> None:
    """One CSV per table plus LEESMIJ.txt (titles, sources, footnotes) in a zip; written atomically."""

    def schrijf(tmp: Path) -> None:
        leesmij = [titel, "", "Elke tabel uit dit rapport als CSV (puntkomma als scheidingsteken, Nederlandse "
                   "notatie, dezelfde afscherming als op de pagina).", ""]
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for i, b in enumerate(bundels, 1):
                naam = _bestandsnaam(i, b.get("titel", ""))
                z.writestr(naam, "\ufeff" + _csv(b))
                leesmij += [f"{naam}: {b.get('titel') or '(zonder titel)'}", f"  {b.get('bron', '')}"]
                leesmij += [f"  {n}" for n in b.get("voetnoten") or []]
            z.writestr("LEESMIJ.txt", "\r\n".join(leesmij) + "\r\n")

    paden.atomair_schrijven(pad, schrijf)
