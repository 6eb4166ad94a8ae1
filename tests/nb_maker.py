"""Helpers for batch/publish tests: a REAL small project with synthetic step notebooks and a test registry.

``maak_project`` builds a project in a temp folder the way a user has one:

* ``params/regios/<slug>.yaml``: a regio with ``bron: {soort: invoer}`` pointing at ``invoer/``, a tiny
  folder in the import format (``gemeenten.csv`` and ``bevolking.csv`` for GM9001 "Aastad" and GM9002
  "Bé-dorp"); the regio is passed to the batch as this yaml path, so the real ``laad_regio``,
  ``analyse.laad_gemeenten`` and ``vingerafdruk.invoer_bestanden`` do their work;
* ``params/kengetallen.yaml``: a copy of the project's kengetallen file (the default ``kengetallen_bestand``);
* ``notebooks/``: one synthetic notebook per step of the test registry;
* ``outputs/``.

The test registry is a dict of real :class:`wzlib.stappen.Stap` objects (``teststap`` / ``register``),
passed to ``batch.run(..., register=...)`` and ``publiceren.publiceer(..., register=...)``. A step's
reads are ``Lezing(Tabel(...))`` of tables whose ``Tabel.stap`` is another test step, so the batch
derives the dependencies from them exactly as for the real steps.

The synthetic notebooks use plain pandas, no wzlib (so other people editing wzlib cannot change their
fingerprints while the tests run). Each reads the result tables its step reads (a missing required
table raises FileNotFoundError, a missing optional one is skipped), shows headings, prose, a table and
a PNG, and writes ``<uitvoer_map>/<notebook>/<tabel>.parquet`` and ``resultaat.json`` (with an
'afscherming' text, which publishing requires). Behaviour is steered by flag files in the regio output
folder (``FAAL_<notebook>_<wie>``: raise after writing results; ``SLAAP_<notebook>_<wie>``: sleep 60 s
first), so a test can make one gemeente fail without touching the notebook.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from wzlib.catalogus import Tabel
from wzlib.gegevens import Kolom
from wzlib.params import Gemeente
from wzlib.stappen import Lezing, Stap

ROOT = Path(__file__).resolve().parents[1]

GEMEENTE_PARAMS = '''regio: str = ""  # regio-slug of pad naar de regio-yaml
gemeente: str = ""  # CBS-gemeentecode, GM + 4 cijfers
peiljaar: int = 0  # 0: peiljaar uit de params
uitvoer_map: str = ""  # map voor de resultaten van deze gemeente'''

REGIO_PARAMS = '''regio: str = ""  # regio-slug of pad naar de regio-yaml
peiljaar: int = 0  # 0: peiljaar uit de params
uitvoer_map: str = ""  # map voor de resultaten van de regio'''

# 8x8 PNG, red: an image output that must end up inlined as a data URI.
PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4ISeHFTEMLQkAkL9BAbKfPiIAAAAASUVORK5CYII="
AFSCHERMING = "Aantallen onder 10 zijn afgeschermd (•)."


# --- the test registry ---------------------------------------------------------------------------------

def tabel_van(sleutel: str, scope: str) -> Tabel:
    """The one result table of test step ``sleutel`` (file ``<sleutel>_uit.parquet``)."""
    return Tabel(f"{sleutel}_uit", sleutel, scope, f"resultaat van teststap {sleutel}",
                 (Kolom("wie", "tekst", "gemeentecode of regio"), Kolom("aantal", "int", "aantal"),
                  Kolom("gelezen", "int", "aantal gelezen regels van eerdere stappen")))


def teststap(sleutel: str, nummer: int, scope: str = "gemeente", *, leest: tuple[str, ...] = (),
             optioneel: tuple[str, ...] = (), register: dict[str, Stap] | None = None, **kw) -> Stap:
    """A step ``<nummer>0_<sleutel>`` that reads the tables of the test steps ``leest`` (required) and
    ``optioneel`` (``verplicht=False``), which must already be in ``register``."""
    register = register or {}
    lezingen = tuple(Lezing(tabel_van(k, register[k].scope), True) for k in leest) + \
        tuple(Lezing(tabel_van(k, register[k].scope), False) for k in optioneel)
    return Stap(sleutel, nummer, sleutel.replace("_", " ").capitalize(), f"Testvraag van {sleutel}?",
                f"{nummer}0_{sleutel}", scope, leest=lezingen, tabellen=(tabel_van(sleutel, scope),), **kw)


def register(*definities: tuple) -> dict[str, Stap]:
    """A registry from ``(sleutel, nummer, scope, {teststap keywords})`` tuples, in order."""
    uit: dict[str, Stap] = {}
    for d in definities:
        sleutel, nummer, scope, *rest = d
        uit[sleutel] = teststap(sleutel, nummer, scope, register=uit, **(rest[0] if rest else {}))
    return uit


def keten_register() -> dict[str, Stap]:
    """omvang -> aanbod; omvang -> prognose (uses the kengetallen) -> spreiding (regio, every gemeente)
    -> confrontatie (per gemeente, reads prognose of its gemeente and the regio table of spreiding)."""
    return register(
        ("omvang", 1, "gemeente"),
        ("aanbod", 2, "gemeente", {"leest": ("omvang",)}),
        ("prognose", 3, "gemeente", {"leest": ("omvang",), "invoer": ("bron", "lokaal", "kengetallen"),
                                     "parameters": ("prognose", "kengetallen_bestand", "kengetallen")}),
        ("spreiding", 4, "regio", {"leest": ("prognose",), "parameters": ("spreiding",)}),
        ("confrontatie", 5, "gemeente", {"leest": ("prognose", "spreiding"), "parameters": ("confrontatie",)}),
    )


# --- notebooks ---------------------------------------------------------------------------------------------

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


def stap_notebook(stap: Stap, reg: dict[str, Stap], *, afscherming: bool = True,
                  extra_params: str = "") -> nbformat.NotebookNode:
    """A demo-like notebook for test step ``stap``: reads what the step reads, writes its table."""
    per_regio = stap.per_regio
    params = (REGIO_PARAMS if per_regio else GEMEENTE_PARAMS) + (("\n" + extra_params) if extra_params else "")
    lezingen = [(reg[lz.tabel.stap].notebook, lz.tabel.naam, reg[lz.tabel.stap].scope, lz.verplicht)
                for lz in stap.leest]
    tabel = tabel_van(stap.sleutel, stap.scope).naam
    meta = {"stap": stap.sleutel, "herkomst": [{
        "tabel": "bevolking", "soort": "voorbeeld", "bron": "Voorbeeldbron 03759ned", "titel": "Bevolking op 1 januari",
        "periode": "1 januari 2024", "opgehaald": "2026-01-05T10:00:00", "gewijzigd": "", "fictief": True}],
        "params": {"peiljaar": 2024, "groep": "75+"}, "kengetallen": {"intramuraal_pct": 4.5}, "fictief": True}
    if afscherming:
        meta["afscherming"] = AFSCHERMING
    return notebook([
        ("md", f"Synthetische teststap {stap.naam} per {'regio' if per_regio else 'gemeente'}."),
        ("params", params),
        ("remove_cell", "print('DEBUGCEL-NIET-PUBLICEREN')"),
        f"""import json
import time
from pathlib import Path
import pandas as pd
from IPython.display import Image, display
STAP = {stap.notebook!r}
WIE = {'"regio"' if per_regio else 'gemeente'}
uit = Path(uitvoer_map)
vlaggen = uit.parent
if (vlaggen / f'SLAAP_{{STAP}}_{{WIE}}').exists():
    time.sleep(60)
n_in = 0
for nb_, tabel_, scope_, verplicht_ in {lezingen!r}:
    if scope_ == 'regio':
        paden_ = [vlaggen / 'regio' / nb_ / f'{{tabel_}}.parquet']
    elif WIE == 'regio':
        paden_ = sorted(vlaggen.glob(f'GM*/{{nb_}}/{{tabel_}}.parquet'))
    else:
        paden_ = [vlaggen / WIE / nb_ / f'{{tabel_}}.parquet']
    for p_ in paden_:
        if p_.exists():
            n_in += len(pd.read_parquet(p_))
        elif verplicht_:
            raise FileNotFoundError(f'{{p_}} ontbreekt')
""",
        ("md", "## Omvang van de groep\n\nTekst bij de tabel, met een getal als 1.234,5."),
        """df = pd.DataFrame({'wie': [WIE], 'aantal': [1234], 'gelezen': [n_in]})
display(df)""",
        ("md", "## Kaart en figuur\n\nEen kleine afbeelding."),
        f"display(Image(data=__import__('base64').b64decode({PNG_B64!r}), format='png'))",
        f"""(uit / STAP).mkdir(parents=True, exist_ok=True)
df.to_parquet(uit / STAP / {tabel + '.parquet'!r}, index=False)
(uit / STAP / 'resultaat.json').write_text(json.dumps({meta!r}, ensure_ascii=False), encoding='utf-8')
if (vlaggen / f'FAAL_{{STAP}}_{{WIE}}').exists():
    raise ValueError('Opzettelijke testfout in ' + STAP)""",
        ("md", "## Conclusie\n\nSlottekst."),
    ], titel=stap.naam)


def leeg_notebook(per_regio: bool = False) -> nbformat.NotebookNode:
    """The floor for benchmarks: parameters + ``import wzlib`` only."""
    return notebook([("params", REGIO_PARAMS if per_regio else GEMEENTE_PARAMS), "import wzlib"])


# --- the project ---------------------------------------------------------------------------------------

STANDAARD_GEMEENTEN = (("GM9001", "Aastad"), ("GM9002", "Bé-dorp"))


@dataclass
class Project:
    map: Path
    notebooks: Path
    uitvoer: Path
    regio_yaml: Path
    slug: str
    naam: str
    gemeenten: list[Gemeente]
    register: dict[str, Stap]

    @property
    def regio_map(self) -> Path:
        return self.uitvoer / self.slug

    @property
    def invoer(self) -> Path:
        """The regio's source folder (import format)."""
        return self.map / "invoer"

    @property
    def kengetallen(self) -> Path:
        return self.map / "params" / "kengetallen.yaml"

    def vlag(self, soort: str, notebook: str, wie: str, aan: bool = True) -> None:
        p = self.regio_map / f"{soort}_{notebook}_{wie}"
        p.parent.mkdir(parents=True, exist_ok=True)
        if aan:
            p.write_text("1")
        else:
            p.unlink(missing_ok=True)

    def run(self, **kw):
        from wzlib import batch

        kw.setdefault("workers", 2)
        kw.setdefault("toon_voortgang", False)
        return batch.run(self.regio_yaml, notebooks_map=self.notebooks, uitvoer_root=self.uitvoer,
                         register=self.register, **kw)

    def publiceer(self, **kw):
        from wzlib import publiceren

        return publiceren.publiceer(self.regio_yaml, uitvoer_root=self.uitvoer, register=self.register, **kw)


def schrijf_invoer(map_: Path, gemeenten, aantallen: tuple[int, ...] = (100, 200)) -> None:
    """``gemeenten.csv`` and ``bevolking.csv`` in the import format (one age class per gemeente)."""
    map_.mkdir(parents=True, exist_ok=True)
    (map_ / "gemeenten.csv").write_text("gemeentecode,gemeentenaam\n" + "".join(
        f"{c},{n}\n" for c, n in gemeenten), encoding="utf-8")
    (map_ / "bevolking.csv").write_text("gemeentecode,jaar,geslacht,leeftijd_van,leeftijd_tot,aantal,bron\n" + "".join(
        f"{c},2024,totaal,0,,{a},testbron\n" for (c, _), a in zip(gemeenten, aantallen * len(gemeenten))),
        encoding="utf-8")


def maak_project(map_: Path, reg: dict[str, Stap] | None = None, *,
                 notebooks: dict[str, nbformat.NotebookNode] | None = None, gemeenten=STANDAARD_GEMEENTEN,
                 slug: str = "testregio", naam: str = "Testregio", fictief: bool = True,
                 extra_yaml: str = "") -> Project:
    """A project in ``map_`` (see the module docstring). ``notebooks`` replaces the synthetic notebook
    of a step (by notebook name); the regio file gets ``extra_yaml`` appended."""
    map_ = Path(map_)
    reg = keten_register() if reg is None else reg
    nbmap = map_ / "notebooks"
    nbmap.mkdir(parents=True, exist_ok=True)
    eigen = dict(notebooks or {})
    for s in reg.values():
        nbformat.write(eigen.pop(s.notebook, None) or stap_notebook(s, reg), nbmap / f"{s.notebook}.ipynb")
    for naam_, nb in eigen.items():
        nbformat.write(nb, nbmap / f"{naam_}.ipynb")
    schrijf_invoer(map_ / "invoer", gemeenten)
    (map_ / "params" / "regios").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "params" / "kengetallen.yaml", map_ / "params" / "kengetallen.yaml")
    yaml = map_ / "params" / "regios" / f"{slug}.yaml"
    yaml.write_text(f"naam: {naam}\npeiljaar: 2024\nfictief: {'true' if fictief else 'false'}\n"
                    f"bron: {{soort: invoer, map: invoer}}\ngemeenten: [{', '.join(c for c, _ in gemeenten)}]\n"
                    + extra_yaml, encoding="utf-8")
    (map_ / "outputs").mkdir(exist_ok=True)
    return Project(map_, nbmap, map_ / "outputs", yaml, slug, naam, [Gemeente(c, n) for c, n in gemeenten], reg)


#: A script that runs one batch in its own process (format with tests, yaml, nbs, uit): the kill -9 tests
#: kill that process and look at what it left behind.
BATCH_SUBPROCES = """
import sys
sys.path.insert(0, {tests!r})
import nb_maker
from wzlib import batch
if __name__ == "__main__":
    res = batch.run({yaml!r}, notebooks_map={nbs!r}, uitvoer_root={uit!r}, workers=2, opnieuw=True,
                    toon_voortgang=False, register=nb_maker.register(("omvang", 1, "gemeente")))
    sys.exit(res.exitcode)
"""


def demo_twee_gemeenten(tmp_path: Path, root: Path) -> Path:
    """The demo regio with two of its gemeenten (every step, the regio steps included, in a third of the time),
    as ``<tmp_path>/params/regios/demo2.yaml``; sections whose files name other gemeenten or sit next to the
    demo regio (lokaal, ruilingen, scenarios, meter, monitoring archive) are left out."""
    import yaml

    d = yaml.safe_load((root / "params" / "regios" / "voorbeeldregio.yaml").read_text(encoding="utf-8"))
    d |= {"gemeenten": ["GM9901", "GM9902"], "kengetallen_bestand": str(root / "params" / "kengetallen.yaml")}
    d.pop("lokaal")  # its files name all six gemeenten
    d["bron"]["map"] = str(root / d["bron"]["map"])
    d["spreiding"].pop("ruilingen", None)  # they name gemeenten outside these two
    d["spreiding"].pop("scenarios", None)  # idem
    for sectie in ("meter", "monitoring"):  # their files sit next to the demo regio, relative to the project
        d.pop(sectie, None)
    regio = tmp_path / "params" / "regios" / "demo2.yaml"
    regio.parent.mkdir(parents=True)
    regio.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return regio
