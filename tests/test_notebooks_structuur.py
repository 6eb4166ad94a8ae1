"""Every step notebook: registered in wzlib.stappen, committed without outputs, exactly one `parameters`
cell with allowed names only, NN_naam.ipynb starting with the step number, no sys.path hacks, no direct
cbsodata calls, no function definitions (thin notebooks), and it opens the analysis as its own step."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from wzlib import stappen

MAP = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(MAP.glob("*.ipynb"))
TOEGESTAAN = {"regio", "gemeente", "peiljaar", "uitvoer_map"}
CONSTANTE = {s.sleutel: naam for naam, s in vars(stappen).items() if isinstance(s, stappen.Stap)}


def test_er_zijn_notebooks():
    assert NOTEBOOKS, "geen notebooks gevonden in notebooks/"


def test_register_is_consistent():
    """Tables come from registered steps, every step writes, reads come from earlier steps, and every
    notebook name starts with its step number."""
    assert stappen.controleer_register() == []
    for s in stappen.STAPPEN.values():
        assert s.notebook.startswith(str(s.nummer)), s.notebook
        assert s.naam == f"Stap {s.nummer} – {s.titel}"


def test_controleer_register_kan_falen(monkeypatch):
    """The check above is not vacuous: a notebook named after another step number is reported."""
    fout = stappen.Stap("omvang", 1, "Omvang", "?", "20_omvang", "gemeente")
    monkeypatch.setitem(stappen.STAPPEN, "omvang", fout)
    assert any("20_omvang begint niet met het stapnummer 1" in p for p in stappen.controleer_register())


def test_elke_notebook_hoort_bij_een_stap_en_omgekeerd():
    geregistreerd = {f"{s.notebook}.ipynb" for s in stappen.STAPPEN.values()}
    assert {p.name for p in NOTEBOOKS} == geregistreerd


@pytest.mark.parametrize("stap", list(stappen.STAPPEN.values()), ids=lambda s: s.sleutel)
def test_stap_notebook(stap: stappen.Stap):
    pad = MAP / f"{stap.notebook}.ipynb"
    assert pad.is_file(), f"{stap.naam}: notebook {pad.name} ontbreekt"
    nb = nbformat.read(pad, as_version=4)
    param = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(param) == 1, "precies één cel met tag 'parameters'"
    namen = {k.target.id for k in ast.parse(param[0].source).body if isinstance(k, ast.AnnAssign)}
    # a gemeente step gets 'gemeente' from the batch, a regio step must not have it (analyse.open refuses it)
    assert ("gemeente" in namen) == (stap.scope == "gemeente"), namen
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "notebook met uitvoer gecommit"
    # it opens the analysis as its own step, and stores its results through the catalogue
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert re.search(rf"analyse\.open\([^)]*\bstap=stappen\.{CONSTANTE[stap.sleutel]}\)", code), stap.sleutel
    assert "A.bewaar(" in code


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
