"""What the toolkit needs to know about a workbook beyond its cell values.

openpyxl reads the value Excel stored with a formula (``data_only=True``). A workbook written by another
program (a script, some web tools, LibreOffice with "recalculate" off) may hold formulas without a stored
value: those cells read as empty, and an empty count means "onbekend", so a number would silently
disappear. :func:`formules_zonder_waarde` finds them so the readers can say which cell it is.
"""

from __future__ import annotations

from pathlib import Path

MELDING = "formule zonder opgeslagen waarde: open en bewaar het bestand in Excel"


def formules_zonder_waarde(pad: str | Path, waarden: dict[str, list[tuple]] | None = None
                           ) -> dict[str, list[tuple[int, int, str]]]:
    """{sheet title: [(row, column, formula)]} of the formula cells that have no stored value (1-based).

    ``waarden``: {sheet title: rows} the caller already read with ``data_only=True, values_only=True``; then
    only those sheets are checked and the workbook is not read a second time for its values."""
    from openpyxl import load_workbook

    uit: dict[str, list[tuple[int, int, str]]] = {}
    formules = load_workbook(pad, read_only=True, data_only=False)
    waarden_wb = load_workbook(pad, read_only=True, data_only=True) if waarden is None else None
    try:
        for ws_f in formules.worksheets:
            if waarden_wb is not None:
                rijen_v = waarden_wb[ws_f.title].iter_rows(values_only=True)
            elif ws_f.title in waarden:
                rijen_v = waarden[ws_f.title]
            else:
                continue
            gevonden = []
            for r, (rij_f, rij_v) in enumerate(zip(ws_f.iter_rows(values_only=True), rijen_v), start=1):
                for c, f in enumerate(rij_f, start=1):
                    tekst = f if isinstance(f, str) else getattr(f, "text", None)  # ArrayFormula has .text
                    if isinstance(tekst, str) and tekst.startswith("=") and (c > len(rij_v) or rij_v[c - 1] is None):
                        gevonden.append((r, c, tekst))
            if gevonden:
                uit[ws_f.title] = gevonden
    finally:
        formules.close()
        if waarden_wb is not None:
            waarden_wb.close()
    return uit


def cel(rij: int, kolom: int) -> str:
    """Excel's name of a cell: (2, 28) -> 'AB2'."""
    letters = ""
    while kolom:
        kolom, rest = divmod(kolom - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{rij}"
