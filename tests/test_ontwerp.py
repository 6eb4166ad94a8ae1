"""The shape of wzlib, checked on its source with ``ast`` (docs/ontwerp.md):

- no import cycles between wzlib modules;
- no module over 800 lines; every module opens with a docstring saying what it is for;
- no imports inside functions except the deliberate lazy imports of heavy libraries listed in
  ``wzlib.LUI_GELADEN``;
- step and table names appear as string literals only in the registry (stappen.py) and the catalogue
  (catalogus.py): elsewhere they are referred to through those modules.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from pathlib import Path

import pytest

import wzlib
from wzlib import catalogus, stappen

PAKKET = Path(wzlib.__file__).resolve().parent
NOTEBOOKS = PAKKET.parent / "notebooks"
REGISTER_EN_CATALOGUS = {"stappen.py", "catalogus.py"}


def _modules() -> dict[str, Path]:
    uit = {}
    for p in sorted(PAKKET.rglob("*.py")):
        naam = ".".join(p.relative_to(PAKKET.parent).with_suffix("").parts)
        uit[naam.removesuffix(".__init__")] = p
    return uit


MODULES = _modules()


def _doelen(module: str, node: ast.AST) -> list[str]:
    """The wzlib modules an import statement of ``module`` refers to."""
    pakket = MODULES[module].name == "__init__.py"
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "wzlib"]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        basis = module.split(".") if pakket else module.split(".")[:-1]
        basis = basis[:len(basis) - (node.level - 1)]
        mod = ".".join([*basis, *([node.module] if node.module else [])])
    else:
        mod = node.module or ""
    if mod.split(".")[0] != "wzlib":
        return []
    return [f"{mod}.{a.name}" if f"{mod}.{a.name}" in MODULES else mod for a in node.names]


def importgraaf() -> dict[str, set[str]]:
    """Per wzlib module the wzlib modules it imports (a fresh copy; the modules are parsed once)."""
    return {m: set(doelen) for m, doelen in _importgraaf().items()}


@functools.cache
def _importgraaf() -> dict[str, frozenset[str]]:
    graaf: dict[str, set[str]] = {m: set() for m in MODULES}
    for m, p in MODULES.items():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            graaf[m] |= {d for d in _doelen(m, node) if d in MODULES and d != m}
    return {m: frozenset(d) for m, d in graaf.items()}


def cycli(graaf: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    laag: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    uit: list[list[str]] = []

    def bezoek(v: str) -> None:
        index[v] = laag[v] = len(index)
        stapel.append(v)
        op_stapel.add(v)
        for w in graaf[v]:
            if w not in index:
                bezoek(w)
                laag[v] = min(laag[v], laag[w])
            elif w in op_stapel:
                laag[v] = min(laag[v], index[w])
        if laag[v] == index[v]:
            comp = []
            while True:
                w = stapel.pop()
                op_stapel.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                uit.append(sorted(comp))

    for v in graaf:
        if v not in index:
            bezoek(v)
    return uit


def test_geen_importcirkels():
    assert cycli(importgraaf()) == []


def test_de_cirkelzoeker_vindt_een_cirkel():
    graaf = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycli(graaf) == [["a", "b", "c"]]


def test_geen_module_boven_800_regels_en_elke_module_zegt_waarvoor_hij_is():
    te_lang = {m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 800}
    assert not te_lang, f"modules boven 800 regels: {te_lang}"
    zonder = [m for m, p in MODULES.items()
              if not (ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) or "").strip()]
    assert not zonder, f"modules zonder docstring: {zonder}"


def _imports_in_functies(p: Path) -> list[tuple[int, str]]:
    boom = ast.parse(p.read_text(encoding="utf-8"))
    bovenaan = {id(n) for n in boom.body}
    uit = []
    for node in ast.walk(boom):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in bovenaan:
            if isinstance(node, ast.ImportFrom):
                naam = "." * node.level + (node.module or "")
            else:
                naam = node.names[0].name
            uit.append((node.lineno, naam))
    return uit


def test_alleen_zware_bibliotheken_worden_lui_geladen():
    fout = []
    for m, p in MODULES.items():
        for regel, naam in _imports_in_functies(p):
            if naam.startswith(".") or naam.split(".")[0] not in wzlib.LUI_GELADEN:
                fout.append(f"{m}:{regel} importeert {naam} in een functie")
    assert not fout, "\n".join(fout)


def test_de_lijst_van_lui_geladen_bibliotheken_bevat_geen_wzlib_of_standaardbibliotheek():
    import sys

    standaard = set(sys.stdlib_module_names) - {"fcntl", "msvcrt"}
    assert not set(wzlib.LUI_GELADEN) & (standaard | {"wzlib", "pandas", "numpy"})


# --- names of steps and tables ------------------------------------------------------------------------
NOTEBOOKNAMEN = {s.notebook for s in stappen.STAPPEN.values()}
_NB = re.compile(r"\b\d{2}_[a-z_]+\b")
LEES_FUNCTIES = {"lees", "lees_gemeenten", "bestaat", "tabel", "schrijver", "stap", "van_stap"}


def _strings(boom: ast.AST):
    for node in ast.walk(boom):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node


def test_notebooknamen_alleen_in_register():
    fout = []
    for m, p in MODULES.items():
        if p.name in REGISTER_EN_CATALOGUS:
            continue
        for node in _strings(ast.parse(p.read_text(encoding="utf-8"))):
            for naam in _NB.findall(node.value):
                if naam in NOTEBOOKNAMEN or re.fullmatch(r"\d{2}_(omvang|aanbod|prognose|spreiding|confrontatie\w*|"
                                                         r"regio_confrontatie)", naam):
                    fout.append(f"{m}:{node.lineno}: '{naam}'")
    assert not fout, "stapnamen als tekst buiten wzlib/stappen.py:\n" + "\n".join(fout)


def _letterlijke_namen(boom: ast.AST) -> list[tuple[int, str]]:
    """String literals used as a step or table name: arguments of the registry/catalogue lookups and of
    the result readers, keys of the dict given to ``bewaar``/``schrijf``, and ``stap=`` keywords."""
    uit = []
    for node in ast.walk(boom):
        if not isinstance(node, ast.Call):
            continue
        naam = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        args = [*node.args, *(k.value for k in node.keywords if k.arg in ("stap", "tabel", "t"))]
        if naam in LEES_FUNCTIES | {"bewaar", "schrijf", "open"}:
            for a in args:
                if isinstance(a, ast.Constant) and isinstance(a.value, str) and (
                        a.value in catalogus.TABELLEN or a.value in stappen.STAPPEN or a.value in NOTEBOOKNAMEN):
                    uit.append((a.lineno, a.value))
                if isinstance(a, ast.Dict):
                    uit += [(k.lineno, k.value) for k in a.keys if isinstance(k, ast.Constant)]
    return uit


def test_tabel_en_stapnamen_niet_als_tekst_in_modules():
    fout = [f"{m}:{r}: '{w}'" for m, p in MODULES.items() if p.name not in REGISTER_EN_CATALOGUS
            for r, w in _letterlijke_namen(ast.parse(p.read_text(encoding="utf-8")))]
    assert not fout, "gebruik wzlib.stappen / wzlib.catalogus in plaats van:\n" + "\n".join(fout)


def test_notebooks_verwijzen_naar_register_en_catalogus():
    fout = []
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        cellen = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        bron = "\n".join("".join(c["source"]) for c in cellen if c["cell_type"] == "code"
                         and "parameters" not in c.get("metadata", {}).get("tags", []))
        fout += [f"{nb.name}: '{w}'" for _, w in _letterlijke_namen(ast.parse(bron))]
    assert not fout, "\n".join(fout)


def test_de_naamcontrole_vangt_een_letterlijke_naam():
    bron = "A.bewaar({'vraag': df})\nresultaten.lees(m, 'GM0001', 'ouderen')\nanalyse.open(r, stap='omvang')"
    assert [w for _, w in _letterlijke_namen(ast.parse(bron))] == ["vraag", "ouderen", "omvang"]


@pytest.mark.parametrize("module", ["omvang", "aanbod", "prognose", "prognose_vraag", "spreiding", "verdeling",
                                    "confrontatie", "confrontatie_partners", "confrontatie_regio"])
def test_rekenmodules_doen_geen_io_en_tekenen_niet(module):
    """The computation modules import no file, notebook or drawing layer."""
    graaf = importgraaf()
    verboden = {"wzlib.analyse", "wzlib.resultaten", "wzlib.batch", "wzlib.publiceren", "wzlib.paden",
                "wzlib.presentatie.grafieken", "wzlib.presentatie.kaarten", "wzlib.presentatie.tabellen"}
    assert not graaf[f"wzlib.{module}"] & verboden
    assert not _imports_in_functies(MODULES[f"wzlib.{module}"])
