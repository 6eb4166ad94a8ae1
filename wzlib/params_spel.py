"""``spreiding.scenarios:`` the saved scenarios of the fair-share table game (docs/fair-share.md §10).

A scenario is what the table of gemeenten agreed on in the simulator of Stap 4: how much weight each of the
three verdeelsleutels gets (a blend; one key at weight 1 is that key as the step computes it), optionally
other weights for the components of key 3, swaps between gemeenten, the groep it is about and the horizon
(years after the peiljaar: the doeljaar of a bouwopgave per woonvorm). This module has no wzlib imports
beyond the number parser and the registries, so :mod:`wzlib.params` can import it without a cycle.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .params_waarden import WOONVORM_GROEP as WOONVORM
from .params_waarden import geheel as _geheel
from .params_waarden import getal as _getal
from .params_waarden import spreidingsgroep as _groep

#: the three keys (same keys as params.VERDEELSLEUTELS) and the components of key 3 (params.COMPONENTEN)
SLEUTELS = ("naar_rato", "eigen_behoefte", "lokale_kenmerken")
COMPONENTEN = ("sociale_huurvoorraad", "mutaties", "voorzieningen")
STANDAARD_SLEUTELS = {"naar_rato": 0.0, "eigen_behoefte": 0.0, "lokale_kenmerken": 1.0}


def _lijst(v: Any) -> Any:
    return [] if v is None else v


def gewichten_som_een(v: Mapping[str, Any], bekend: tuple[str, ...], wat: str) -> dict[str, float]:
    """``v`` completed with 0 for the missing keys; ValueError for an unknown key, a value outside 0..1 or
    a sum other than 1 (the Dutch message names the key)."""
    uit = {}
    for k, x in v.items():
        if k not in bekend:
            tip = difflib.get_close_matches(str(k), bekend, n=1)
            raise ValueError(f"onbekende {wat} '{k}'" + (f"; bedoelde u: {', '.join(tip)}?" if tip else "")
                             + f" (bekend: {', '.join(bekend)})")
        x = _getal(x)
        if not isinstance(x, (int, float)) or not 0 <= x <= 1:
            raise ValueError(f"{k}: moet een fractie tussen 0 en 1 zijn (waarde: {x!r})")
        uit[k] = float(x)
    volledig = {k: uit.get(k, 0.0) for k in bekend}
    som = sum(volledig.values())
    if abs(som - 1) > 1e-6:
        raise ValueError(f"de gewichten tellen op tot {f'{som:g}'.replace('.', ',')}; ze moeten samen precies 1 "
                         "zijn")
    return volledig


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScenarioRuiling(_Model):
    """A swap in a scenario: ``van`` hands ``aantal`` of the scenario's allocation to ``naar``."""

    van: str
    naar: str
    aantal: Annotated[int, BeforeValidator(_geheel), Field(gt=0)]
    reden: str = ""

    @field_validator("van", "naar", mode="before")
    @classmethod
    def _code(cls, v: Any) -> str:
        c = str(v).strip().upper()
        if not (len(c) == 6 and c.startswith("GM") and c[2:].isdigit()):
            raise ValueError(f"moet een gemeentecode zijn (GM + 4 cijfers), niet {v!r}")
        return c

    @model_validator(mode="after")
    def _verschillend(self) -> ScenarioRuiling:
        if self.van == self.naar:
            raise ValueError(f"van en naar zijn dezelfde gemeente ({self.van})")
        return self


class Scenario(_Model):
    """One saved scenario of the table game (``spreiding.scenarios[i]``)."""

    naam: str = Field(min_length=1, max_length=60)
    groep: Annotated[str, BeforeValidator(_groep)]
    sleutels: dict[str, float] = Field(default_factory=lambda: dict(STANDAARD_SLEUTELS))
    gewichten: dict[str, float] | None = None  # None: spreiding.gewichten
    ruilingen: Annotated[tuple[ScenarioRuiling, ...], BeforeValidator(_lijst)] = ()
    horizon: Annotated[int, BeforeValidator(_geheel), Field(ge=1, le=40)] | None = None  # None: the step's doeljaar
    toelichting: str = ""

    @model_validator(mode="before")
    @classmethod
    def _leeg(cls, v: Any) -> Any:
        return {} if v is None else v

    @field_validator("naam")
    @classmethod
    def _naam(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("mag niet leeg zijn")
        return v

    @field_validator("sleutels", mode="before")
    @classmethod
    def _sleutels(cls, v: Any) -> Any:
        if not isinstance(v, Mapping):
            raise ValueError("moet per verdeelsleutel een gewicht geven, bv. {naar_rato: 0.5, lokale_kenmerken: 0.5}")
        return gewichten_som_een(v, SLEUTELS, "verdeelsleutel")

    @field_validator("gewichten", mode="before")
    @classmethod
    def _gewichten(cls, v: Any) -> Any:
        if v is None:
            return None
        if not isinstance(v, Mapping):
            raise ValueError("moet per kenmerk een gewicht geven, bv. {sociale_huurvoorraad: 0.5, mutaties: 0.5}")
        return gewichten_som_een(v, COMPONENTEN, "component")


def buiten_regio(scenario: Scenario, i: int, codes: list[str]) -> list[str]:
    """The swaps of ``spreiding.scenarios[i]`` that name a gemeente outside the regio (``wz controleer``)."""
    return [f"spreiding.scenarios[{i}].ruilingen[{j}].{k}: gemeente {getattr(r, k)} hoort niet bij de regio "
            f"({', '.join(codes)})" for j, r in enumerate(scenario.ruilingen) for k in ("van", "naar")
            if getattr(r, k) not in codes]


def _uniek(scenarios: tuple[Scenario, ...]) -> tuple[Scenario, ...]:
    """Two scenarios with the same name (case-insensitive) are refused: the report's columns need unique names."""
    gezien: dict[str, int] = {}
    for i, s in enumerate(scenarios):
        k = s.naam.casefold()
        if k in gezien:
            raise ValueError(f"scenario {i + 1} heet '{s.naam}', net als scenario {gezien[k] + 1}; geef elk "
                             "scenario een eigen naam")
        gezien[k] = i
    return scenarios


#: the type of ``Spreiding.scenarios``
Scenarios = Annotated[tuple[Scenario, ...], BeforeValidator(_lijst), AfterValidator(_uniek)]
