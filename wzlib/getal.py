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

_DUIZENDTAL = re.compile(r"[-+]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?")  # 1.234 or 1.234,5 (0.125 is a decimal)
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


#: Largest count a file may hold: far above any Dutch population figure, and exact in float64 and int64
#: (a longer number such as 100000000000000000000 would wrap around to a negative int64).
MAX_AANTAL = 10**15

_EEN_PUNT_DRIE = re.compile(r"[-+]?[1-9]\d{0,2}\.\d{3}")  # 1.000: thousand (Dutch) or one (English)?
_KOMMA_DUIZEND = re.compile(r"[-+]?\d{1,3}(,\d{3})+")  # 1,000 or 1,000,000: English thousands separator
_GEHEEL_TEKST = re.compile(r"-?\d{1,15}")
_DECIMAAL_TEKST = re.compile(r"-?\d{1,15}[.,](\d{1,2}|\d{4,12})")


def lees_waarde(waarde: Any, soort: str = "getal") -> tuple[float | None, str | None]:
    """A cell of a file as ``(number, None)``, ``(None, None)`` when empty, or ``(None, reason)``.

    The one strict reading of numbers in input files (import format, local inputs, partner sheets).
    ``soort`` is the column kind: ``int``/``jaar`` (whole numbers), ``getal`` or ``pct``. Beyond
    :func:`lees_getal`:

    * whole-number columns read the Dutch thousands separator: ``1.000`` = 1000, ``1.234.567`` = 1234567;
      ``1,000`` (English thousands, or Dutch one with decimals) and ``1.5`` are refused: no guessing;
    * in decimal columns ``1.000`` is refused as ambiguous (thousand in Dutch, one in English);
    * more than :data:`MAX_AANTAL` is refused (never wrapped into a negative int64).
    """
    if waarde is None or waarde is pd.NA or (isinstance(waarde, float) and math.isnan(waarde)):
        return None, None
    tekst = str(waarde).strip()
    if tekst == "":
        return None, None
    geheel = soort in ("int", "jaar")
    t = tekst.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if isinstance(waarde, str):
        if geheel and _KOMMA_DUIZEND.fullmatch(t):
            return None, (f"'{tekst}' is dubbelzinnig: een komma is in het Nederlands een decimaalteken; "
                          f"schrijf het gehele getal zonder scheidingsteken (bv. {t.replace(',', '')})")
        if not geheel and _EEN_PUNT_DRIE.fullmatch(t):
            return None, (f"'{tekst}' is dubbelzinnig (duizendtal of decimaal getal?); schrijf "
                          f"{t.replace('.', '')} als het een duizendtal is, of {t.replace('.', ',')} als het "
                          "decimalen zijn")
        if t.endswith("%") and soort != "pct":
            return None, _geen_getal(soort)
    try:
        f = lees_getal(waarde)
    except (OverflowError, ValueError):
        f = None
    if f is None:
        if isinstance(waarde, str) and re.fullmatch(r"[-+]?\d+", t):
            return None, f"getal is te groot (meer dan {MAX_AANTAL:,})".replace(",", ".")
        return None, _geen_getal(soort)
    if abs(f) > MAX_AANTAL:
        return None, f"getal is te groot (meer dan {MAX_AANTAL:,})".replace(",", ".")
    if geheel and not float(f).is_integer():
        return None, "geheel getal verwacht (zonder decimalen; een duizendtal schrijft u als 1000 of 1.000)"
    return f, None


def _geen_getal(soort: str) -> str:
    return {"int": "geheel getal verwacht", "jaar": "jaartal verwacht (4 cijfers)",
            "pct": "percentage (getal 0-100) verwacht"}.get(soort, "getal verwacht")


def lees_kolom(reeks: pd.Series, soort: str = "getal") -> tuple[pd.Series, dict[Any, str]]:
    """A text column read with :func:`lees_waarde`: (float64 Series, NaN where empty or wrong;
    {index: reason} for the wrong cells). Plain whole numbers take a vectorised fast path."""
    s = reeks.astype("string").str.strip()
    uit = pd.Series(np.nan, index=reeks.index, dtype="float64")
    gewoon = s.str.fullmatch(_GEHEEL_TEKST.pattern).fillna(False).astype(bool)
    if gewoon.any():
        uit[gewoon] = pd.to_numeric(s[gewoon]).astype("float64")
    if soort in ("getal", "pct"):  # unambiguous decimals (not exactly three after the separator): fast too
        dec = ~gewoon & s.str.fullmatch(_DECIMAAL_TEKST.pattern).fillna(False).astype(bool)
        if dec.any():
            uit[dec] = pd.to_numeric(s[dec].str.replace(",", ".", regex=False)).astype("float64")
        gewoon = gewoon | dec
    fouten: dict[Any, str] = {}
    for i in reeks.index[~gewoon]:
        v, reden = lees_waarde(s[i] if s[i] is not pd.NA else None, soort)
        if reden:
            fouten[i] = reden
        elif v is not None:
            uit[i] = v
    return uit, fouten
