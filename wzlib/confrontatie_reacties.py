"""The partners' returned review sheets, read once per run for every gemeente of the regio.

Every partner returns one sheet with the findings of all gemeenten; each gemeente's confrontatie notebook
used to open and validate all of them again (openpyxl, about half of the notebook's CPU time besides the
charts). :func:`bereken_reacties_regio` reads them once as the registered regio-wide computation
``stappen.CONFRONTATIE_REACTIES`` (:mod:`wzlib.regioberekening`): a batch run computes it before the step's
notebooks, a notebook opened alone computes it on demand with this same function, and both store it.

The table does not depend on the gemeente: :func:`wzlib.bronnen.partners.lees_reacties` keeps an answer to
an id the analysis does not have (the report lists it), so reading without the gemeente's findings gives
the same rows. The key of the stored result covers the reacties fingerprint (the content of every sheet,
also one in a format the run refuses) and the confrontatie parameters (the partners' soort); the file
dates :func:`sleutel_extra` adds cover the one thing the content does not: a sheet without a date gets
the date of its file.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import pandas as pd

from .bronnen import partners


@dataclasses.dataclass
class ReactiesRegio:
    """All answers of all partners of the regio (:func:`wzlib.bronnen.partners.lees_reacties`)."""

    reacties: pd.DataFrame


def bereken_reacties_regio(A: Any) -> ReactiesRegio:
    """Read and validate every returned sheet of ``A``'s regio (raises the same InvoerFout as before when a
    sheet is wrong: the notebook shows it)."""
    return ReactiesRegio(reacties=partners.lees_reacties(partners.reacties_map(A.regio), None,
                                                         A.regio.confrontatie.partners or ()))


def bronnen_reacties_regio(A: Any) -> None:
    """The sheets are no registered source of the colophon: nothing to mark."""


def sleutel_extra(A: Any) -> list[list[str]]:
    """Name and file date (as :func:`wzlib.bronnen.partners.lees_reacties` uses it) of every sheet."""
    return [[p.name, datetime.fromtimestamp(p.stat().st_mtime).strftime("%d-%m-%Y")]
            for p in partners.reactiebestanden(partners.reacties_map(A.regio))]
