"""Value types of the regio file shared by :mod:`wzlib.params` and the section modules that ``params`` itself
imports (``params_spel``, ...; they cannot import ``params`` without a cycle): numbers through the one parser
(:mod:`wzlib.getal`) and registry keys, each with a Dutch message."""

from __future__ import annotations

from typing import Any

from .getal import lees_geheel, lees_getal
from .groepen import GROEPEN, WOONVORMEN, suggesties

WOONVORM_GROEP = "woonvorm:"  # prefix of a bouwopgave per woonvorm in the spreiding step


def getal(v: Any) -> Any:
    if isinstance(v, bool):
        raise ValueError(f"moet een getal zijn, niet {v!r}")
    if isinstance(v, str):
        f = lees_getal(v)
        if f is None:
            raise ValueError(f"moet een getal zijn (waarde: {v!r})")
        return f
    return v


def geheel(v: Any) -> Any:
    if isinstance(v, bool):
        raise ValueError(f"moet een geheel getal zijn, niet {v!r}")
    if isinstance(v, (str, float)):
        g = lees_geheel(v)
        if g is None:
            raise ValueError(f"moet een geheel getal zijn (waarde: {v!r})")
        return g
    return v


def bekend(soort: str, sleutel: str, bekende: Any) -> str:
    """``sleutel`` if it is one of ``bekende``, else a ValueError with the nearest keys."""
    if sleutel not in bekende:
        tip = suggesties(sleutel, bekende)
        raise ValueError(f"onbekende {soort} '{sleutel}'" + (f"; bedoelde u: {', '.join(tip)}?" if tip else
                                                             f"; bekend zijn: {', '.join(bekende)}"))
    return sleutel


def groep(sleutel: str) -> str:
    return bekend("groep", sleutel, GROEPEN)


def woonvorm(sleutel: str) -> str:
    return bekend("woonvorm", sleutel, WOONVORMEN)


def spreidingsgroep(v: Any) -> str:
    """A group of the spreiding step: a registry group, or ``woonvorm:<key>`` for a bouwopgave per woonvorm."""
    v = str(v).strip()
    if v.startswith(WOONVORM_GROEP):
        woonvorm(v.removeprefix(WOONVORM_GROEP))
        return v
    return groep(v)
