"""Section ``meter:`` of a regio file: the woonzorgvisie-meter (step 8).

* ``bestand``: the filled-in meter workbook (``wz template`` writes ``woonzorgvisiemeter.xlsx``; one
  sheet per kaart, per gemeente and item: status, datum, wie, opmerking). Empty: no answers recorded
  yet; kaart 3 is still filled from the analysis.
* ``verordening_urgentie``: which urgent groups the huisvestingsverordening gives urgentie, per
  gemeente (code) or for all gemeenten at once (key ``regio``). It is a regional fact that belongs with
  the regio's choices, not in a per-item status; kaart 4 item 3.1 checks it against the urgent groups
  in the analysis. Not given: 3.1 stays "niet ingevuld" unless the gemeente recorded it.
* ``herkenning_drempel``: share of the findings the partners recognise (fully or partly) from which the
  toets "data stemt overeen met ervaring" (kaart 3, 6) counts as gereed.

Kept out of ``params.py`` (near its size limit); own base model so there is no import cycle.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .groepen import GROEPEN, suggesties

_CODE = re.compile(r"GM\d{4}")


class Meter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bestand: str | None = Field(None, description="ingevulde woonzorgvisiemeter (xlsx)")
    verordening_urgentie: dict[str, list[str]] | None = Field(
        None, description="groepen met urgentie in de huisvestingsverordening, per gemeentecode of 'regio'")
    herkenning_drempel: float = Field(0.75, ge=0, le=1, description="aandeel herkend of deels voor 'gereed'")

    @model_validator(mode="before")
    @classmethod
    def _leeg_is_standaard(cls, v: Any) -> Any:
        return {} if v is None else v

    @field_validator("verordening_urgentie")
    @classmethod
    def _groepen(cls, v: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
        if v is None:
            return v
        uit: dict[str, list[str]] = {}
        for wie, lijst in v.items():
            w = str(wie).strip()
            w = w.upper() if w.lower().startswith("gm") else w.lower()
            if w != "regio" and not _CODE.fullmatch(w):
                raise ValueError(f"'{wie}': verwacht een gemeentecode (GM + 4 cijfers) of 'regio'")
            groepen = []
            for g in lijst or []:
                s = str(g).strip()
                if s not in GROEPEN:
                    tip = suggesties(s, GROEPEN)
                    raise ValueError(f"{w}: onbekende groep '{s}'"
                                     + (f"; bedoelde u: {', '.join(tip)}?" if tip else ""))
                groepen.append(s)
            uit[w] = groepen
        return uit

    def verordening(self, gemeentecode: str) -> list[str] | None:
        """The groups with urgentie in the verordening that applies to this gemeente (None: not recorded)."""
        v = self.verordening_urgentie
        if v is None:
            return None
        return v.get(gemeentecode, v.get("regio"))
