"""Presentation helpers: the only way tables and charts reach a report page.

* :mod:`.getallen` – Dutch numbers, percentages, dates, amounts, axes (babel);
* :mod:`.afscherming` – disclosure control (suppression of small counts, secondary suppression);
* :mod:`.tabellen` – ``tabel(...)``: suppressed, Dutch-formatted, accessible HTML table with source line;
* :mod:`.grafieken` – house style and charts (``staaf``, ``lijn``, ``piramide``, ``waaier``);
* :mod:`.kaarten` – ``choropleet(...)``.

Names are loaded lazily, so ``import wzlib.presentatie.afscherming`` does not pull in matplotlib or
geopandas.
"""

from __future__ import annotations

import importlib
from typing import Any

_NAMEN = {
    "getallen": ("nl_getal", "nl_pct", "nl_datum", "nl_bedrag", "nl_as", "nl_jaar_as", "formatteer",
                 "PresentatieFout", "ONTBREEKT"),
    "afscherming": ("Regels", "Afscherming", "afschermen", "scherm_af", "scherm_reeks_af", "rond_af",
                    "controleer_regels"),
    "tabellen": ("tabel", "Tabel", "bronregel"),
    "grafieken": ("stijl", "palet", "staaf", "lijn", "piramide", "waaier", "tekst_samenvatting", "Grafiek"),
    "kaarten": ("choropleet",),
}
_WAAR = {naam: module for module, namen in _NAMEN.items() for naam in namen}

__all__ = sorted(_WAAR)


def __getattr__(naam: str) -> Any:
    if naam in _WAAR:
        waarde = getattr(importlib.import_module(f".{_WAAR[naam]}", __name__), naam)
        globals()[naam] = waarde
        return waarde
    raise AttributeError(f"module {__name__!r} has no attribute {naam!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
