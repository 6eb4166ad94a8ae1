"""Helpers for batch/publish tests: small synthetic step notebooks (nbformat) and a fake regio.

The real step notebooks and ``wzlib.params`` are written elsewhere; these tests must not depend on
them. ``maak_project`` builds a tiny project in a temp folder (notebooks/, invoer files, outputs/) and
``installeer_nep_params`` puts a fake ``wzlib.params`` module (``laad_regio``, ``invoer_bestanden``) in
place, also usable from a subprocess via ``installeer_nep_params(None, project_map)``.

Behaviour of the synthetic notebooks is steered by flag files next to the gemeente folders
(``outputs/<regio>/FAAL_<stap>_<gemeente>``: raise after writing results; ``SLAAP_<stap>_<gemeente>``:
sleep 60 s before writing), so a test can make one gemeente fail without touching the notebook.
"""

from __future__ import annotations

import json
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

GEMEENTE_PARAMS = '''regio: str = ""  # regio-slug of pad naar de regio-yaml
gemeente: str = ""  # CBS-gemeentecode, GM + 4 cijfers
peiljaar: int = 0  # 0: peiljaar uit de params
uitvoer_map: str = ""  # map voor de resultaten van deze gemeente'''

REGIO_PARAMS = '''regio: str = ""  # regio-slug of pad naar de regio-yaml
peiljaar: int = 0  # 0: peiljaar uit de params
uitvoer_map: str = ""  # map voor de resultaten van de regio'''

# 8x8 PNG, red: an image output that must end up inlined as a data URI.
PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4ISeHFTEMLQkAkL9BAbKfPiIAAAAASUVORK5CYII="


def notebook(cellen: list, titel: str = "") -> nbformat.NotebookNode:
    """Cells: str -> code cell; ("md", text) -> markdown; ("params", code) -> tagged parameters cell;
    (tag, code) -> code cell with that tag."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    if titel:
        nb.cells.append(new_markdown_cell(f"# {titel}"))
    for c in cellen:
        if isinstance(c, str):
            nb.cells.append(new_code_cell(c))
        elif c[0] == "md":
            nb.cells.append(new_markdown_cell(c[1]))
        elif c[0] == "params":
            nb.cells.append(new_code_cell(c[1], metadata={"tags": ["parameters"]}))
        else:
            nb.cells.append(new_code_cell(c[1], metadata={"tags": [c[0]]}))
    return nb


def stap_notebook(stap: str, *, per_regio: bool = False, leest: str | None = None,
                  regio_leest: str | None = None, extra_params: str = "") -> nbformat.NotebookNode:
    """A demo-like step: headings and prose, a table and a PNG, results via ``wzlib.resultaten.schrijf``.

    ``leest``: an earlier per-gemeente step whose result it reads (same gemeente; for a per-regio
    notebook: of every gemeente). ``regio_leest``: a per-regio step whose result it reads.
    """
    params = (REGIO_PARAMS if per_regio else GEMEENTE_PARAMS) + (("\n" + extra_params) if extra_params else "")
    wie = "regio" if per_regio else "gemeente"
    code_lees = ""
    if leest and per_regio:
        code_lees = (f"bronnen = sorted(Path(uitvoer_map).parent.glob('GM*/{leest}/tabel.parquet'))\n"
                     "n_in = sum(len(pd.read_parquet(p)) for p in bronnen)\n")
    elif leest:
        code_lees = f"n_in = len(resultaten.lees(uitvoer_map, '{leest}', 'tabel'))\n"
    if regio_leest:
        code_lees += (f"n_in += len(resultaten.lees(Path(uitvoer_map).parent / 'regio', '{regio_leest}', "
                      "'tabel'))\n")
    return notebook([
        ("md", f"Synthetische teststap {stap} per {wie}."),
        ("params", params),
        ("remove_cell", "print('DEBUGCEL-NIET-PUBLICEREN')"),
        f"""import time
from pathlib import Path
import pandas as pd
from IPython.display import Image, display
from wzlib import resultaten
from wzlib.gegevens import Herkomst
STAP = {stap!r}
WIE = {wie!r} if {wie!r} == 'regio' else gemeente
vlaggen = Path(uitvoer_map).parent
if (vlaggen / f'SLAAP_{{STAP}}_{{WIE}}').exists():
    time.sleep(60)
n_in = 0
""" + code_lees,
        ("md", "## Omvang van de groep\n\nTekst bij de tabel, met een getal als 1.234,5."),
        f"""df = pd.DataFrame({{'gemeente': [WIE], 'aantal': [1234 + n_in]}})
display(df)""",
        ("md", "## Kaart en figuur\n\nEen kleine afbeelding."),
        f"display(Image(data=__import__('base64').b64decode({PNG_B64!r}), format='png'))",
        f"""resultaten.schrijf(uitvoer_map, STAP, {{'tabel': df}},
    herkomst=[Herkomst('bevolking', 'voorbeeld', 'Voorbeeldbron 03759ned', titel='Bevolking op 1 januari',
                       periode='1 januari 2024', opgehaald='2026-01-05T10:00:00', fictief=True)],
    extra={{'params': {{'peiljaar': 2024, 'groep': '75+'}}, 'kengetallen': {{'intramuraal_pct': 4.5}},
           'afscherming': 'Aantallen onder 10 zijn afgeschermd (•).', 'fictief': True}})
if (vlaggen / f'FAAL_{{STAP}}_{{WIE}}').exists():
    raise ValueError('Opzettelijke testfout in ' + STAP)""",
        ("md", "## Conclusie\n\nSlottekst."),
    ], titel=f"Stap {stap}")


def leeg_notebook(per_regio: bool = False) -> nbformat.NotebookNode:
    """The floor for benchmarks: parameters + ``import wzlib`` only."""
    return notebook([("params", REGIO_PARAMS if per_regio else GEMEENTE_PARAMS), "import wzlib"])


@dataclass
class NepGemeente:
    code: str
    naam: str


@dataclass
class NepRegio:
    slug: str
    naam: str
    fictief: bool
    gemeenten: list[NepGemeente] = field(default_factory=list)


@dataclass
class Project:
    map: Path
    notebooks: Path
    uitvoer: Path
    regio: NepRegio

    @property
    def regio_map(self) -> Path:
        return self.uitvoer / self.regio.slug

    def vlag(self, soort: str, stap: str, wie: str, aan: bool = True) -> None:
        p = self.regio_map / f"{soort}_{stap}_{wie}"
        p.parent.mkdir(parents=True, exist_ok=True)
        if aan:
            p.write_text("1")
        else:
            p.unlink(missing_ok=True)


STANDAARD_GEMEENTEN = (("GM9001", "Aastad"), ("GM9002", "Bé-dorp"))


def maak_project(map_: Path, notebooks: dict[str, nbformat.NotebookNode],
                 gemeenten=STANDAARD_GEMEENTEN, slug: str = "testregio", naam: str = "Testregio",
                 fictief: bool = True) -> Project:
    """notebooks/, invoer/ (params, bron, kengetallen files), outputs/ and project.json in ``map_``."""
    map_ = Path(map_)
    nbmap = map_ / "notebooks"
    nbmap.mkdir(parents=True, exist_ok=True)
    for stap, nb in notebooks.items():
        nbformat.write(nb, nbmap / f"{stap}.ipynb")
    invoer = map_ / "invoer"
    (invoer / "bron").mkdir(parents=True, exist_ok=True)
    (invoer / "regio.yaml").write_text(f"naam: {naam}\n", encoding="utf-8")
    (invoer / "bron" / "bevolking.csv").write_text("gemeentecode;aantal\nGM9001;100\n", encoding="utf-8")
    (invoer / "kengetallen.yaml").write_text("intramuraal_pct: 4.5\n", encoding="utf-8")
    regio = NepRegio(slug, naam, fictief, [NepGemeente(c, n) for c, n in gemeenten])
    (map_ / "project.json").write_text(json.dumps({
        "slug": slug, "naam": naam, "fictief": fictief, "gemeenten": [list(g) for g in gemeenten]}),
        encoding="utf-8")
    (map_ / "outputs").mkdir(exist_ok=True)
    return Project(map_, nbmap, map_ / "outputs", regio)


def nep_params_module(project_map: Path) -> types.ModuleType:
    project_map = Path(project_map)
    info = json.loads((project_map / "project.json").read_text(encoding="utf-8"))
    regio = NepRegio(info["slug"], info["naam"], info["fictief"],
                     [NepGemeente(c, n) for c, n in info["gemeenten"]])
    invoer = project_map / "invoer"
    mod = types.ModuleType("wzlib.params")

    def laad_regio(slug_of_pad):
        if str(slug_of_pad) not in (regio.slug, str(project_map / "invoer" / "regio.yaml")):
            from wzlib.fouten import ParamsFout

            raise ParamsFout(f"Onbekende regio '{slug_of_pad}'.")
        return regio

    def invoer_bestanden(_regio):
        return {"params": [invoer / "regio.yaml"], "bron": [invoer / "bron"], "lokaal": [],
                "kengetallen": [invoer / "kengetallen.yaml"]}

    mod.laad_regio = laad_regio
    mod.invoer_bestanden = invoer_bestanden
    mod.REGIO = regio
    return mod


def installeer_nep_params(monkeypatch, project_map: Path) -> types.ModuleType:
    """Replace ``wzlib.params`` by the fake (via monkeypatch when given, else for good)."""
    import wzlib

    mod = nep_params_module(project_map)
    if monkeypatch is not None:
        monkeypatch.setitem(sys.modules, "wzlib.params", mod)
        monkeypatch.setattr(wzlib, "params", mod, raising=False)
    else:
        sys.modules["wzlib.params"] = mod
        wzlib.params = mod
    return mod
