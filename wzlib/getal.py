"""The one number parser of the toolkit: numbers as people type them in YAML, spreadsheets and sheets.

``lees_getal`` accepts Python numbers and text in Dutch or English notation ("140", "12,5",
"1.234" = twelve hundred thirty-four, "1.234,5", "12.5", "30%") and returns a float, or None when the
value is empty or not a number ("n.v.t.", "ca. 10", "140 woningen"). Booleans are not numbers.
``getallen`` does the same for a pandas Series (typed numeric columns pass through unchanged).
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

_DUIZENDTAL = re.compile(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?")  # 1.234 or 1.234,5
_KOMMA = re.compile(r"[-+]?\d+,\d+")  # 12,5
_PUNT = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")  # 12 or 12.5 or 1e3


def lees_getal(waarde: Any) -> float | None:
    """A number as float, or None when ``waarde`` is empty, missing, a boolean or no number."""
    if waarde is None or isinstance(waarde, (bool, np.bool_)):
        return None
    if isinstance(waarde, (int, float, np.integer, np.floating)):
        f = float(waarde)
        return None if math.isnan(f) else f
    if waarde is pd.NA:
        return None
    t = str(waarde).strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if t.endswith("%"):
        t = t[:-1]
    if not t:
        return None
    if _DUIZENDTAL.fullmatch(t):
        t = t.replace(".", "").replace(",", ".")
    elif _KOMMA.fullmatch(t):
        t = t.replace(",", ".")
    elif not _PUNT.fullmatch(t):
        return None
    f = float(t)
    return None if math.isnan(f) or math.isinf(f) else f


def lees_geheel(waarde: Any) -> int | None:
    """A whole number as int, or None when ``waarde`` is no number or has decimals."""
    f = lees_getal(waarde)
    return int(f) if f is not None and float(f).is_integer() else None


def getallen(reeks: pd.Series) -> pd.Series:
    """A Series as float64 (NaN = missing); text cells are read with :func:`lees_getal`."""
    if pd.api.types.is_numeric_dtype(reeks) and not pd.api.types.is_bool_dtype(reeks):
        return reeks.astype("Float64").astype("float64")
    return pd.Series([np.nan if (x := lees_getal(v)) is None else x for v in reeks], index=reeks.index,
                     dtype="float64", name=reeks.name)


def deel(teller: Any, noemer: Any) -> float:
    """``teller / noemer`` as a fraction; NaN when either is missing or the denominator is 0."""
    t, n = lees_getal(teller), lees_getal(noemer)
    if t is None or n is None or n == 0:
        return math.nan
    return t / n


def heel(x: Any) -> int:
    """A count in whole units as a report shows it: rounded half away from zero (the presentation's
    rounding, ``ROUND_HALF_UP`` in babel/decimal). Totals next to their parts are sums of these."""
    f = float(x)
    return int(math.copysign(math.floor(abs(f) + 0.5), f))
