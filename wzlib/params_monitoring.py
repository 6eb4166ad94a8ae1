"""Parameters of the monitoring step (``monitoring:`` in the regio file; kaart 5 of the woonzorgvisie-meter)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from .catalogus import TABELLEN


def _lijst(v):
    """One name or a list of names (a single string in the YAML is one table)."""
    return (v,) if isinstance(v, str) else v


class _Model(BaseModel):  # as wzlib.params._Model; not imported from there (params imports this module)
    model_config = ConfigDict(extra="forbid", frozen=True)

#: The result tables compared year on year by default: the key figures of steps 1-5.
STANDAARD_TABELLEN = ("ouderen", "groepen", "aanbod", "woningvoorraad", "vraag", "groepen_prognose", "confrontatie",
                      "urgentie")
_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}-\d{2}(-\d{2})?)?$")


class Monitoring(_Model):
    """``vergelijk_met``: ``vorige`` (the latest earlier snapshot whose results differ from the current run)
    or the name (date) of a snapshot, e.g. ``2025-03-01`` or ``2025-03-01T10-15-00``; ``archief``: an
    optional folder with snapshots from elsewhere (e.g. last year's analysis); ``tabellen``: the result
    tables compared; ``minimaal_verschil``: smaller changes of counts are not reported."""

    vergelijk_met: str = Field("vorige", min_length=1, description="vorige, of de datum van een momentopname")
    archief: str | None = Field(None, description="extra map met eerdere momentopnamen")
    tabellen: Annotated[tuple[str, ...], BeforeValidator(_lijst)] = STANDAARD_TABELLEN
    minimaal_verschil: float = Field(0.5, ge=0, description="kleinere verschillen in aantallen niet melden")

    @field_validator("vergelijk_met", mode="before")
    @classmethod
    def _vergelijk(cls, v: object) -> str:
        if isinstance(v, (date, datetime)):  # YAML reads 2025-01-15 as a date
            v = v.strftime("%Y-%m-%dT%H-%M-%S") if isinstance(v, datetime) else v.isoformat()
        v = str(v).strip()
        if v != "vorige" and not _DATUM.match(v):
            raise ValueError(f"'{v}' is geen geldige keuze: schrijf 'vorige' of een datum als 2025-03-01 "
                             "(eventueel met tijd: 2025-03-01T10-15-00)")
        return v

    @field_validator("tabellen")
    @classmethod
    def _tabellen(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        onbekend = [t for t in v if t not in TABELLEN]
        if onbekend:
            raise ValueError(f"onbekende resultaattabel(len): {', '.join(onbekend)}; bekend: {', '.join(TABELLEN)}")
        return tuple(v)
