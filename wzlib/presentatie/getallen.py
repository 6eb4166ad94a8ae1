"""Dutch number, percentage, date and amount formatting (babel only, never ``locale``).

All functions return the en dash ``"–"`` for missing values (None, NaN, ``pd.NA``, ``pd.NaT``).
Rounding is half away from zero ("2,5" → "3"), as in Dutch statistical publications; babel itself
would round half to even.
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal

import numpy as np
import pandas as pd
from babel.dates import format_date

from ..fouten import WzFout

LOCALE = "nl_NL"
ONTBREEKT = "–"  # en dash: shown for a missing value
NBSP = "\u00a0"
_NL_SCHEIDING = str.maketrans(",.", ".,")  # thousands "." and decimal ","

Soort = Literal["int", "aantal", "pct", "getal", "bedrag"]


class PresentatieFout(WzFout, ValueError):
    """Wrong use of a presentation helper (unknown column, missing source, ...); Dutch message."""


def is_leeg(x: Any) -> bool:
    """True for None, NaN, ``pd.NA`` and ``pd.NaT`` (scalars only)."""
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # arrays, lists: not a scalar
        return False


def _afgerond(x: Any, decimalen: int) -> Decimal:
    """``x`` as a Decimal rounded half away from zero to ``decimalen`` places (via its shortest repr)."""
    try:
        d = Decimal(repr(float(x))) if not isinstance(x, Decimal) else x
    except (TypeError, ValueError, InvalidOperation) as e:
        raise PresentatieFout(f"Geen getal: {x!r}") from e
    q = Decimal(1).scaleb(-decimalen)
    d = d.quantize(q, rounding=ROUND_HALF_UP)
    if d == 0:
        d = abs(d)  # no "-0"
    return d


def nl_getal(x: Any, decimalen: int = 0) -> str:
    """A number in Dutch notation: ``1234567.891`` → ``"1.234.568"`` (0) or ``"1.234.567,9"`` (1)."""
    if is_leeg(x):
        return ONTBREEKT
    if isinstance(x, (float, np.floating)) and math.isinf(x):
        return "∞" if x > 0 else "-∞"
    # babel's format_decimal(d, "#,##0.0…", nl_NL) gives the same text (tests/test_presentatie.py) at 8x the cost;
    # a report formats thousands of numbers
    return format(_afgerond(x, decimalen), f",.{decimalen}f").translate(_NL_SCHEIDING)


def nl_pct(x: Any, decimalen: int = 1) -> str:
    """A percentage in Dutch notation. ``x`` is a fraction (``0.123`` → ``"12,3%"``): every share in the
    toolkit is a fraction; only the presentation shows it in percent."""
    if is_leeg(x):
        return ONTBREEKT
    waarde = Decimal(repr(float(x))) * 100  # exact: 0.0285 → 2,9%
    return nl_getal(waarde, decimalen) + "%"


def nl_bedrag(x: Any, decimalen: int = 0) -> str:
    """An amount in euros: ``312000`` → ``"€ 312.000"`` (non-breaking space), ``-5.5, 2`` → ``"€ -5,50"``."""
    if is_leeg(x):
        return ONTBREEKT
    return "€" + NBSP + nl_getal(x, decimalen)


def nl_datum(d: Any) -> str:
    """A date in long Dutch form: ``2024-01-01`` → ``"1 januari 2024"``. Accepts date, datetime,
    ``pd.Timestamp`` or an ISO string."""
    if is_leeg(d):
        return ONTBREEKT
    if isinstance(d, str):
        try:
            d = pd.Timestamp(d)
        except ValueError as e:
            raise PresentatieFout(f"Geen datum: {d!r}") from e
    if isinstance(d, pd.Timestamp):
        d = d.date()
    elif isinstance(d, _dt.datetime):
        d = d.date()
    return format_date(d, "long", locale=LOCALE)


def formatteer(x: Any, soort: Soort = "getal", decimalen: int | None = None) -> str:
    """Format one value by kind: ``aantal``/``int`` (0 decimals), ``pct`` (fraction, 1 decimal),
    ``getal`` (1 decimal), ``bedrag`` (euros, 0 decimals)."""
    if soort in ("int", "aantal"):
        return nl_getal(x, 0 if decimalen is None else decimalen)
    if soort == "pct":
        return nl_pct(x, 1 if decimalen is None else decimalen)
    if soort == "bedrag":
        return nl_bedrag(x, 0 if decimalen is None else decimalen)
    if soort == "getal":
        return nl_getal(x, 1 if decimalen is None else decimalen)
    raise PresentatieFout(f"Onbekende soort '{soort}' (kies uit aantal, pct, getal, bedrag).")


def _benodigde_decimalen(waarden, maximaal: int = 4) -> int:
    """The fewest decimals (0..maximaal) that show all ``waarden`` exactly (for axis ticks)."""
    for n in range(maximaal + 1):
        if all(abs(v * 10**n - round(v * 10**n)) < 1e-6 * max(1.0, abs(v) * 10**n) for v in waarden):
            return n
    return maximaal


def _as_formatter(soort: Soort, decimalen: int | None):
    from matplotlib.ticker import Formatter

    class _NlFormatter(Formatter):
        """Dutch tick labels; decimals chosen from the tick locations unless fixed."""

        def __init__(self):
            self._dec = decimalen

        def set_locs(self, locs):
            super().set_locs(locs)
            if decimalen is None:
                factor = 100 if soort == "pct" else 1
                self._dec = _benodigde_decimalen([float(v) * factor for v in locs])

        def __call__(self, x, pos=None):
            dec = self._dec if self._dec is not None else (0 if soort in ("int", "aantal", "bedrag") else 1)
            if soort in ("int", "aantal"):
                return nl_getal(x, dec)
            return formatteer(x, soort, dec)

    return _NlFormatter()


def nl_as(ax, as_: Literal["x", "y"] = "y", soort: Soort = "int", decimalen: int | None = None,
          absoluut: bool = False) -> None:
    """Give axis ``as_`` ("x" or "y") of ``ax`` Dutch tick labels.

    ``soort``: ``int``/``aantal`` ("1.234"), ``pct`` (tick values are fractions;
    "12,5%"), ``getal`` (as many decimals as the ticks need), ``bedrag`` ("€ 1.234").
    ``absoluut=True`` shows negative ticks without sign (population pyramids).
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if as_ not in ("x", "y"):
        raise PresentatieFout(f"as_ moet 'x' of 'y' zijn, niet {as_!r}.")
    fmt = _as_formatter(soort, decimalen)
    as_obj = ax.xaxis if as_ == "x" else ax.yaxis
    if soort in ("int", "aantal"):
        as_obj.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 2.5, 5, 10]))
    if absoluut:
        binnen = fmt

        class _Abs(FuncFormatter):
            def set_locs(self, locs):
                binnen.set_locs([abs(v) for v in locs])

        as_obj.set_major_formatter(_Abs(lambda x, pos=None: binnen(abs(x), pos)))
    else:
        as_obj.set_major_formatter(fmt)


def nl_jaar_as(ax, as_: Literal["x", "y"] = "x") -> None:
    """Axis with whole years as ticks, without thousands separator ("2024", not "2.024")."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    as_obj = ax.xaxis if as_ == "x" else ax.yaxis
    as_obj.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    as_obj.set_major_formatter(FuncFormatter(lambda x, pos=None: f"{x:.0f}"))


def tekst_getal(x: Any, klein: int, decimalen: int = 0) -> str:
    """A count inside a Dutch sentence: "1.234", "minder dan 10" below ``klein`` (the small-number rule
    for texts: 0 stays 0), "onbekend" when missing."""
    if is_leeg(x):
        return "onbekend"
    if 0 < abs(float(x)) < klein:
        return f"minder dan {klein}"
    return nl_getal(x, decimalen)
