"""``ambities:`` in the regio file: how Stap 6 – Ambities checks the gemeenten's ambities (kaart 4).

The ambities themselves are local input (``ambities.csv`` or the sheet ``ambities`` of
``lokale_invoer.xlsx``, :mod:`wzlib.bronnen.lokaal`), not part of the regio file: they are numbers per
gemeente that the gemeenten fill in, like the plancapaciteit, and one route means one place per number.
This section only holds the regio's choices for the checks. Own module (``params.py`` is near the size
limit); no import of :mod:`wzlib.params` here, so ``params`` can import it without a cycle.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .getal import lees_geheel

SLEUTELS = ("lokale_kenmerken", "naar_rato", "eigen_behoefte")


def _geheel(v: Any) -> Any:
    return lees_geheel(v) if isinstance(v, str) else v


class Ambities(BaseModel):
    """``ambities:``: ``sleutel``: the distribution key of Stap 4 whose toedeling is the gemeente's fair
    share (default the key on local characteristics); ``prioriteit_jaren``: a woonvorm with a tekort this
    many years after the peiljaar (middenvariant) is a priority that an ambitie should cover."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sleutel: Literal["lokale_kenmerken", "naar_rato", "eigen_behoefte"] = "lokale_kenmerken"
    prioriteit_jaren: Annotated[int, BeforeValidator(_geheel)] = Field(10, ge=1, le=50)

    @model_validator(mode="before")
    @classmethod
    def _leeg_is_standaard(cls, v: Any) -> Any:
        return {} if v is None else v
