"""Stap 1 for the whole regio at once: the omvang tables every gemeente's omvang notebook shows.

Inhabitants, ouderen (with the regio and Nederland), households, the aandachtsgroepen and the data
availability are the same for every gemeente of a regio; each gemeente's notebook used to compute them
again. :func:`bereken_omvang_regio` is the one function that computes them (registered in
:data:`wzlib.regioberekening.FUNCTIES` as ``omvang_regio``), run once per run before the step's notebooks
or on demand by the first notebook that needs it; :func:`bronnen_omvang_regio` marks the sources it
uses in every report, also when the result is read from the store.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from . import omvang


@dataclasses.dataclass
class OmvangRegio:
    """The omvang of all gemeenten of a regio (the notebook's inwoners, ouderen, groepen, huishoudens and
    beschikbaarheid)."""

    inwoners: pd.DataFrame
    ouderen: pd.DataFrame  # with the regio and Nederland (met_vergelijking)
    groepen: pd.DataFrame
    huishoudens: pd.DataFrame
    beschikbaarheid: pd.DataFrame


def bereken_omvang_regio(A: Any) -> OmvangRegio:
    """The omvang of all gemeenten of ``A``'s regio (``A``: a :class:`wzlib.analyse.Analyse`), computed as
    the omvang notebook did for each gemeente."""
    namen = A.namen
    bevolking = A.tabel("bevolking")
    inwoners = omvang.inwoners(bevolking, A.codes, A.peiljaar)
    ouderen = omvang.ouderen(bevolking, A.tabel("huishoudens_leeftijd"), A.codes, A.peiljaar, met_vergelijking=True,
                             regio_naam=A.regio.naam, gemeentenamen=namen)
    groepen = omvang.groepen_omvang(A.lokaal.aandachtsgroepen, ouderen, inwoners, A.codes, A.peiljaar,
                                    A.regio.groepen, bron_bevolking=A.herkomst("bevolking")[0].bron)
    huishoudens = omvang.huishoudens(A.tabel("huishoudens"), A.codes, A.peiljaar, regio_naam=A.regio.naam,
                                     gemeentenamen=namen)
    return OmvangRegio(inwoners=inwoners, ouderen=ouderen, groepen=groepen, huishoudens=huishoudens,
                       beschikbaarheid=omvang.beschikbaarheid(groepen, A.regio.groepen))


def bronnen_omvang_regio(A: Any) -> None:
    """Mark the sources the omvang uses as used in ``A``'s report, in the order the notebook used them, also
    when the result is read from the store (the colophon must not depend on who computed it)."""
    A.lokaal  # noqa: B018 - loads the local inputs and marks their provenance
    for naam in ("bevolking", "huishoudens_leeftijd", "huishoudens"):
        if naam in A.gegevens.tabellen:  # as the notebook did (which failed on a missing one, as now does bereken)
            A.tabel(naam)
