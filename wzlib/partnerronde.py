"""``wz partners``: the review sheets of the partner round, made from the bevindingen of every gemeente.

Reads the ``bevindingen`` result table of step 5 for all gemeenten of the regio through the catalogue
and writes one review sheet per partner with :func:`wzlib.bronnen.partners.schrijf_reviewbladen`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import catalogus as T
from . import resultaten
from .analyse import laad_gemeenten
from .bronnen.partners import schrijf_reviewbladen
from .fouten import WzFout
from .params import RegioParams
from .stappen import schrijver


def reviewbladen_map(rp: RegioParams) -> Path:
    """Where ``wz partners`` writes the blank review sheets: ``outputs/<regio>/partnerronde/``."""
    return rp.uitvoer_map / "partnerronde"


def verzamel_bevindingen(rp: RegioParams, regio_map: Path | None = None) -> pd.DataFrame:
    """The bevindingen of every gemeente that has them; the sheet shows what the data say
    (``waarde_data``), not a correction of an earlier round."""
    df, mist = resultaten.lees_gemeenten(regio_map or rp.uitvoer_map, laad_gemeenten(rp), T.BEVINDINGEN,
                                         verplicht=False)
    if df.empty or len(mist) == len(laad_gemeenten(rp)):
        stap = schrijver(T.BEVINDINGEN)
        raise WzFout(f"Geen bevindingen gevonden voor regio {rp.naam}: {stap.naam} is nog voor geen enkele gemeente "
                     f"gedraaid. Draai eerst: wz run --regio {rp.slug} --stappen {stap.sleutel}")
    return df.assign(waarde=df["waarde_data"])


def schrijf_reviewbladen_voor_regio(rp: RegioParams, doel_map: str | Path | None = None) -> list[Path]:
    """Review sheets for every partner from the bevindingen of all gemeenten; returns the written paths."""
    return schrijf_reviewbladen(rp, verzamel_bevindingen(rp), doel_map or reviewbladen_map(rp))
