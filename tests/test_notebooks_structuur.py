"""Every step notebook: committed without outputs, exactly one `parameters` cell, allowed names only,
NN_naam.ipynb, no sys.path hacks, no direct cbsodata calls, no function definitions (thin notebooks)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
TOEGESTAAN = {"regio", "gemeente", "peiljaar", "uitvoer_map"}


def test_er_zijn_notebooks():
    assert NOTEBOOKS, "geen notebooks gevonden in notebooks/"


@pytest.mark.parametrize("pad", NOTEBOOKS, ids=lambda p: p.name)
def test_structuur(pad: Path):
    assert re.fullmatch(r"\d{2}_[a-z_]+\.ipynb", pad.name), "naam moet NN_naam.ipynb zijn"
    nb = nbformat.read(pad, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for c in code:
        assert not c.get("outputs"), f"cel met uitvoer gecommit: {c.source[:60]!r}"
        assert c.get("execution_count") is None, "execution_count moet leeg zijn"
    param = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(param) == 1, "precies één cel met tag 'parameters'"
    boom = ast.parse(param[0].source)
    namen = set()
    for knoop in boom.body:
        assert isinstance(knoop, ast.AnnAssign), "parametercel: alleen 'naam: type = waarde'"
        namen.add(knoop.target.id)
    assert namen <= TOEGESTAAN, f"onbekende parameters: {namen - TOEGESTAAN}"
    assert {"regio", "peiljaar", "uitvoer_map"} <= namen
    assert nb.metadata.get("kernelspec", {}).get("name") == "woonzorganalyse"
    alle_code = "\n".join(c.source for c in code)
    assert "sys.path" not in alle_code
    assert "cbsodata" not in alle_code, "CBS alleen via wzlib.bronnen.cbs"
    for c in code:
        for knoop in ast.walk(ast.parse(c.source)):
            assert not isinstance(knoop, (ast.FunctionDef, ast.ClassDef)), "geen functies in notebooks: zet ze in wzlib"
