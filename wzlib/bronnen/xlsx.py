"""What the toolkit needs to know about a workbook beyond its cell values.

openpyxl reads the value Excel stored with a formula (``data_only=True``). A workbook written by another
program (a script, some web tools, LibreOffice with "recalculate" off) may hold formulas without a stored
value: those cells read as empty, and an empty count means "onbekend", so a number would silently
disappear. :func:`formules_zonder_waarde` finds them so the readers can say which cell it is.
"""

from __future__ import annotations

from pathlib import Path

MELDING = "formule zonder opgeslagen waarde: open en bewaar het bestand in Excel"


def formules_zonder_waarde(pad: str | Path) -> dict[str, list[tuple[int, int, str]]]:
    """{sheet title: [(row, column, formula)]} of the formula cells that have no stored value (1-based)."""
    from openpyxl import load_workbook

    uit: dict[str, list[tuple[int, int, str]]] = {}
    formules = load_workbook(pad, read_only=True, data_only=False)
    waarden = load_workbook(pad, read_only=True, data_only=True)
    try:
        for ws_f in formules.worksheets:
            ws_v = waarden[ws_f.title]
            gevonden = []
            for r, (rij_f, rij_v) in enumerate(zip(ws_f.iter_rows(values_only=True),
                                                   ws_v.iter_rows(values_only=True)), start=1):
                for c, f in enumerate(rij_f, start=1):
                    tekst = f if isinstance(f, str) else getattr(f, "text", None)  # ArrayFormula has .text
                    if isinstance(tekst, str) and tekst.startswith("=") and (c > len(rij_v) or rij_v[c - 1] is None):
                        gevonden.append((r, c, tekst))
            if gevonden:
                uit[ws_f.title] = gevonden
    finally:
        formules.close()
        waarden.close()
    return uit


def cel(rij: int, kolom: int) -> str:
    """Excel's name of a cell: (2, 28) -> 'AB2'."""
    letters = ""
    while kolom:
        kolom, rest = divmod(kolom - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{rij}"
