"""The one strict number reader of input files (wzlib.getal.lees_waarde / lees_kolom)."""

from __future__ import annotations

import pandas as pd
import pytest

from wzlib.getal import MAX_AANTAL, lees_getal, lees_kolom, lees_waarde


@pytest.mark.parametrize("tekst, soort, verwacht", [
    ("1000", "int", 1000), ("1.000", "int", 1000), ("1.234.567", "int", 1234567), ("1 000", "int", 1000),
    ("2024", "jaar", 2024), ("-5", "int", -5), ("12,5", "getal", 12.5), ("12.5", "getal", 12.5),
    ("0.125", "getal", 0.125), ("1.000,5", "getal", 1000.5), ("1,000", "getal", 1.0), ("30%", "pct", 30),
    ("1e3", "int", 1000), ("", "int", None), ("  ", "getal", None),
])
def test_gelezen(tekst, soort, verwacht):
    assert lees_waarde(tekst, soort) == (verwacht, None)


@pytest.mark.parametrize("tekst, soort, reden", [
    ("1,000", "int", "dubbelzinnig"), ("1,234,567", "int", "dubbelzinnig"), ("1.000", "getal", "dubbelzinnig"),
    ("2.500", "pct", "dubbelzinnig"), ("1.5", "int", "geheel getal verwacht"), ("0.125", "int", "geheel getal"),
    ("100000000000000000000", "int", "te groot"), ("1e30", "getal", "te groot"), ("abc", "int", "geheel getal"),
    ("30%", "int", "geheel getal"), ("n.v.t.", "getal", "getal verwacht"),
])
def test_geweigerd(tekst, soort, reden):
    waarde, melding = lees_waarde(tekst, soort)
    assert waarde is None and reden in melding


def test_grens_en_kolom():
    assert lees_waarde(str(MAX_AANTAL), "int") == (MAX_AANTAL, None)
    assert lees_waarde(str(MAX_AANTAL + 1), "int")[1].startswith("getal is te groot")
    s = pd.Series(["12", "1.000", None, "1,5", "x"], index=[10, 11, 12, 13, 14], dtype="string")
    waarden, fouten = lees_kolom(s, "int")
    assert waarden.tolist()[:2] == [12.0, 1000.0] and pd.isna(waarden[12])
    assert set(fouten) == {13, 14}
    assert lees_getal("0.125") == 0.125  # a leading zero is never a thousands group
