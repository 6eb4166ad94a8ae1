"""Stap 2 for the whole regio at once: the inhabitants, housing stock and aanbod per woonvorm of every
gemeente, which each gemeente's aanbod notebook used to compute again for the whole regio.

:func:`bereken_aanbod_regio` is the one function that computes them (registered in
:data:`wzlib.regioberekening.FUNCTIES` as ``aanbod_regio``), once per run before the step's notebooks or on
demand by the first notebook that needs it; :func:`bronnen_aanbod_regio` marks the sources it uses in every
report, also when the result is read from the store.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from . import aanbod, omvang


@dataclasses.dataclass
class AanbodRegio:
    """The notebook's inwoners, voorraad and per_woonvorm, for all gemeenten of the regio."""

    inwoners: pd.DataFrame
    voorraad: pd.DataFrame  # aanbod.woningvoorraad
    per_woonvorm: pd.DataFrame  # aanbod.aanbod_per_woonvorm


def bereken_aanbod_regio(A: Any) -> AanbodRegio:
    """Inhabitants, housing stock and aanbod per woonvorm of all gemeenten of ``A``'s regio (``A``: a
    :class:`wzlib.analyse.Analyse`), computed as the aanbod notebook did for each gemeente."""
    lokaal = A.lokaal
    inwoners = omvang.inwoners(A.tabel("bevolking"), A.codes, A.peiljaar)
    voorraad = aanbod.woningvoorraad(A.tabel("woningen"), lokaal.woningmarkt, A.codes, A.peiljaar)
    per_woonvorm = aanbod.aanbod_per_woonvorm(lokaal.aanbod, A.codes, A.peiljaar, woningmarkt=lokaal.woningmarkt)
    return AanbodRegio(inwoners=inwoners, voorraad=voorraad, per_woonvorm=per_woonvorm)


def bronnen_aanbod_regio(A: Any) -> None:
    """Mark the sources the aanbod uses as used in ``A``'s report, in the order the notebook used them, also
    when the result is read from the store (the colophon must not depend on who computed it)."""
    A.lokaal  # noqa: B018 - loads the local inputs and marks their provenance
    for naam in ("woningen", "bevolking"):
        if naam in A.gegevens.tabellen:  # as the notebook did (which failed on a missing one, as now does bereken)
            A.tabel(naam)
