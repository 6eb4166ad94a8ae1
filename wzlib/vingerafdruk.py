"""Fingerprints of a step: hashes of exactly what it reads, so a run skips what is up to date.

A step's fingerprint covers its notebook, the wzlib modules that notebook uses (its wzlib imports and
everything they import, found by reading the source with ``ast``: editing ``cli.py`` or ``batch.py``
reruns nothing), the injected parameters, the sections of the regio file it uses (``Stap.parameters``;
a typo fixed under ``confrontatie:`` does not rerun ``omvang``), the input files of its categories,
and the fingerprints of the steps whose results it reads. :func:`invoer_bestanden` lists the input
files per category; the local-input cache uses the same list.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .paden import sha_bestand  # noqa: F401 - here since the start; lives in paden (light for the worker)
from .bronnen.partners import onleesbare_bladen, reactiebestanden, reacties_map
from .params import RegioParams
from .stappen import Stap

PAKKET = Path(__file__).resolve().parent


def sha_json(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


# --- input files ---------------------------------------------------------------------------------------
def invoer_bestanden(rp: RegioParams) -> dict[str, list[Path]]:
    """The input files of a regio per category: ``bron`` (import folder or CBS cache), ``lokaal``,
    ``kengetallen`` and ``reacties`` (the partners' returned sheets, their own category so that a new
    sheet reruns only the confrontatie), and ``meter`` (the filled-in meter: reruns only step 8)."""
    def bestanden(map_: Path | None) -> list[Path]:
        if map_ is None or not map_.exists():
            return []
        return sorted(p for p in map_.rglob("*") if p.is_file() and not p.name.startswith("."))

    # a sheet in a format the run refuses (.xls, .ods) counts too: dropping one in reruns the confrontatie,
    # which then names it, instead of an up-to-date step that says nothing
    reacties = sorted(reactiebestanden(reacties_map(rp))
                      + [Path(p.bestand) for p in onleesbare_bladen(reacties_map(rp))])
    meter = [p for p in [rp.pad_naar(rp.meter.bestand)] if p and p.exists()]
    apart = set(reacties) | set(meter)
    if rp.bron.soort == "cbs":
        bron = bestanden(rp.cbs_cache)
    else:
        bron = [p for p in bestanden(rp.bron_map) if p.suffix.lower() in (".csv", ".geojson", ".json")
                and (rp.lokaal_map is None or rp.lokaal_map not in p.parents) and p not in apart]
    return {
        "bron": bron,
        "lokaal": [p for p in bestanden(rp.lokaal_map) if p not in apart],
        "kengetallen": [p for p in [rp.pad_naar(rp.kengetallen_bestand)] if p and p.exists()],
        "reacties": reacties,
        "meter": meter,
    }


def hash_paden(paden: Iterable[Path], root: Path, cache: dict[Path, str] | None = None) -> str:
    """Content hash of files/folders; names relative to ``root`` when possible (so a moved project
    keeps its fingerprints)."""
    cache = {} if cache is None else cache
    delen = []
    for p in paden:
        p = Path(p)
        try:
            naam = p.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            naam = str(p.resolve())
        if p.is_file():
            if p not in cache:
                cache[p] = sha_bestand(p)
            delen.append([naam, cache[p]])
        else:
            delen.append([naam, "ontbreekt"])
    return sha_json(sorted(delen))


def invoer_hashes(rp: RegioParams, root: Path) -> dict[str, str]:
    """One hash per input category (see :func:`invoer_bestanden`)."""
    cache: dict[Path, str] = {}
    return {cat: hash_paden(lijst, root, cache) for cat, lijst in invoer_bestanden(rp).items()}


def parameter_hash(rp: RegioParams, stap: Stap) -> str:
    """Hash of the sections of the regio file the step uses (``Stap.alle_parameters``)."""
    return sha_json({k: rp.sectie(k) for k in stap.alle_parameters})


# --- wzlib modules a notebook uses -------------------------------------------------------------------------
def _module_pad(naam: str) -> Path | None:
    delen = naam.split(".")[1:]
    p = PAKKET.joinpath(*delen)
    if (p / "__init__.py").is_file():
        return p / "__init__.py"
    q = p.with_suffix(".py")
    return q if q.is_file() else None


def _geimporteerd(bron: str, module: str, is_pakket: bool) -> set[str]:
    """The wzlib modules a piece of source imports (absolute and relative imports, at any depth)."""
    uit: set[str] = set()
    for node in ast.walk(ast.parse(bron)):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "wzlib":
                    uit.add(a.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                basis = module.split(".") if is_pakket else module.split(".")[:-1]
                basis = basis[:len(basis) - (node.level - 1)]
                mod = ".".join([*basis, *([node.module] if node.module else [])])
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "wzlib":
                continue
            uit.add(mod)
            for a in node.names:
                uit.add(f"{mod}.{a.name}")  # 'from wzlib import omvang' imports a module
    return {m for m in uit if _module_pad(m) is not None}


@lru_cache(maxsize=None)
def _imports_van_module(naam: str, sha: str) -> frozenset[str]:
    pad = _module_pad(naam)
    return frozenset(_geimporteerd(pad.read_text(encoding="utf-8"), naam, pad.name == "__init__.py"))


def module_afsluiting(startmodules: Iterable[str]) -> list[str]:
    """Every wzlib module reachable from ``startmodules`` through imports (sorted), parents included
    (importing ``wzlib.bronnen.cbs`` runs ``wzlib/__init__.py`` and ``wzlib/bronnen/__init__.py``)."""
    gezien: set[str] = set()
    rij = list(startmodules)
    while rij:
        m = rij.pop()
        if m in gezien or _module_pad(m) is None:
            continue
        gezien.add(m)
        delen = m.split(".")
        rij += [".".join(delen[:i]) for i in range(1, len(delen))]
        rij += list(_imports_van_module(m, _module_sha(_module_pad(m))))
    return sorted(gezien)


def notebook_modules(notebook: Path) -> list[str]:
    """The wzlib modules a notebook uses: the closure of the wzlib imports in its code cells."""
    return module_afsluiting(_notebook_imports(str(notebook), sha_bestand(Path(notebook))))


@lru_cache(maxsize=None)
def _notebook_imports(pad: str, sha: str) -> frozenset[str]:
    """The wzlib imports in the code cells of the notebook at ``pad`` with content hash ``sha`` (parsed once
    per process: ``wz run --regio nederland`` asks for every step notebook in each of 40 deelregios)."""
    nb = json.loads(Path(pad).read_text(encoding="utf-8"))
    start: set[str] = set()
    for cel in nb.get("cells", []):
        if cel.get("cell_type") != "code":
            continue
        bron = "".join(cel.get("source", []))
        try:
            start |= _geimporteerd(bron, "__notebook__", False)
        except SyntaxError:  # IPython magics: take the import lines only
            regels = "\n".join(r for r in bron.splitlines() if r.lstrip().startswith(("import ", "from ")))
            start |= _geimporteerd(regels, "__notebook__", False)
    return frozenset(start)


def modules_hash(modules: Iterable[str]) -> str:
    """Hash of the source of the given wzlib modules and the toolkit version."""
    return sha_json([["versie", __version__], *([m, _module_sha(_module_pad(m))] for m in sorted(modules))])


def _module_sha(pad: Path) -> str:
    """:func:`sha_bestand` of a wzlib module, read again only when its size or modification time changed (a
    land run asks for every module of every step notebook in each deelregio: ~800 files per deelregio)."""
    st = pad.stat()
    return _sha_bij_stat(str(pad), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=None)
def _sha_bij_stat(pad: str, mtime_ns: int, grootte: int) -> str:
    return sha_bestand(Path(pad))
