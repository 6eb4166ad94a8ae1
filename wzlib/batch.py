"""``wz run``: every step notebook of the registry for every gemeente of a regio, with papermill.

What it does, in order:

1. Load and validate the regio file (every section, :func:`wzlib.params.laad_regio`), find the
   registered step notebooks (:mod:`wzlib.stappen`), select steps and gemeenten, and check every
   injected parameter against ``papermill.inspect_notebook`` — all before a single kernel starts.
2. Take the regio's lock and repair what an interrupted run left behind (:mod:`wzlib.toestand`).
3. Schedule by what each step reads (:func:`wzlib.stappen.afhankelijkheden`): a step waits for the
   steps whose result tables it reads; when a required one failed or is missing it is skipped, with
   the gemeente and step named.
4. A step whose fingerprint (:mod:`wzlib.vingerafdruk`) is unchanged since its last successful run is
   "actueel" and not run; ``opnieuw=True`` forces a run.
5. The others run in a process pool (workers <= cores, :mod:`wzlib.werker`).
6. ``run.csv`` (sep ";") and a summary table; ``RunResultaat.exitcode`` is non-zero on any failure.
"""

from __future__ import annotations

import concurrent.futures as cf
import copy
import csv
import io
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from . import analyse, momentopname, paden, regioberekening, resultaten
from .analyse import laad_gemeenten
from .catalogus import Tabel
from .fouten import WzFout
from .kernel import zorg_voor_kernel
from .params import Gemeente, RegioParams, laad_regio
from .stappen import REGIO_BEREKENINGEN, STAPPEN, Afhankelijkheid, OnbekendeStap, Stap, afhankelijkheden
from .toestand import (ACTUEEL, FOUT, GELUKT, GM_PATROON, OK, ONDERBROKEN, OVERGESLAGEN, RegioSlot, is_gelukt,
                       lees_record, ruim_op)
from .vingerafdruk import invoer_hashes, modules_hash, notebook_modules, parameter_hash, sha_bestand, sha_json
from .werker import EXECUTION_TIMEOUT, START_TIMEOUT, maak_pool, voer_stap_uit, zonder_uri_grammatica

# --- errors ----------------------------------------------------------------------------------------


class BatchFout(WzFout):
    """A batch run cannot start (raised before any kernel starts)."""


class OnbekendeGemeente(BatchFout):
    pass


class OnbekendeParameter(BatchFout):
    pass


# --- results ---------------------------------------------------------------------------------------


@dataclass
class StapResultaat:
    """Outcome of one step for one gemeente (``gemeente == "regio"`` for per-regio steps)."""

    gemeente: str
    gemeentenaam: str
    stap: str  # notebook name (wzlib.stappen: Stap.notebook)
    status: str  # ok | actueel | fout | overgeslagen | onderbroken
    duur: float = 0.0  # seconds
    reden: str = ""  # why it ran or was skipped
    ename: str = ""
    evalue: str = ""
    notebook: str = ""  # path of the executed (or failed) notebook
    pogingen: int = 0
    piek_mb: float | None = None  # peak RSS worker + kernel during this step
    piek_kernel_mb: float | None = None
    piek_eigen_mb: float | None = None  # the same peak without file-backed pages (werker._Geheugenmeter)
    gestart: str = ""
    worker_pid: int | None = None
    cpu_s: float | None = None  # CPU seconds of worker + kernel during this step (bench/)

    @property
    def foutregel(self) -> str:
        """First line of the error, ``ename: evalue``."""
        eerste = (self.evalue or "").strip().splitlines()
        tekst = f"{self.ename}: {eerste[0] if eerste else ''}".strip().rstrip(":")
        return tekst[:300]


@dataclass
class RunResultaat:
    regio: str
    regionaam: str
    stappen: list[str]
    rijen: list[StapResultaat]
    uitvoer_map: Path
    run_csv: Path | None
    duur: float
    workers: int
    onderbroken: bool = False
    waarschuwingen: list[str] = field(default_factory=list)

    @property
    def exitcode(self) -> int:
        if self.onderbroken:
            return 130
        return 1 if any(r.status in (FOUT, OVERGESLAGEN, ONDERBROKEN) for r in self.rijen) else 0

    @property
    def fouten(self) -> list[StapResultaat]:
        return [r for r in self.rijen if r.status == FOUT]

    def aantal(self, status: str) -> int:
        return sum(r.status == status for r in self.rijen)

    def tabel(self) -> str:
        return samenvatting(self)


# --- steps and their notebooks ---------------------------------------------------------------------


@dataclass
class StapNotebook:
    """A registered step with its notebook file and the parameters papermill finds in it."""

    stap: Stap
    pad: Path
    parameters: dict[str, dict]  # papermill.inspect_notebook
    onleesbaar: list[str] = field(default_factory=list)  # parameter lines papermill cannot parse

    @property
    def naam(self) -> str:
        return self.stap.notebook


class _Verzamelaar(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.teksten: list[str] = []

    def emit(self, record):
        self.teksten.append(record.getMessage())


def vind_stappen(notebooks_map: Path, register: Mapping[str, Stap] | None = None) -> list[StapNotebook]:
    """The notebooks of every registered step, in registry order; a missing notebook is an error."""
    zonder_uri_grammatica()
    register = STAPPEN if register is None else register
    notebooks_map = Path(notebooks_map)
    if not notebooks_map.is_dir():
        raise BatchFout(f"Notebookmap {notebooks_map} bestaat niet.")
    uit = []
    for s in register.values():
        p = notebooks_map / f"{s.notebook}.ipynb"
        if not p.is_file():
            raise BatchFout(f"Notebook {p.name} van {s.naam} ontbreekt in {notebooks_map}.")
        params, onleesbaar = _inspecteer(str(p), sha_bestand(p))
        uit.append(StapNotebook(s, p, copy.deepcopy(params), list(onleesbaar)))
    return uit


@lru_cache(maxsize=256)
def _inspecteer(pad: str, sha: str) -> tuple[dict, tuple[str, ...]]:
    """papermill's view of the parameters of the notebook at ``pad`` (content hash ``sha``), and the parameter
    lines it cannot read; once per notebook version and process (a land run asks in every deelregio)."""
    import papermill as pm

    log = logging.getLogger("papermill")
    h, oud = _Verzamelaar(), log.propagate
    log.addHandler(h)
    log.propagate = False
    try:
        params = pm.inspect_notebook(pad)
    except Exception as e:  # noqa: BLE001 - broken JSON etc.
        raise BatchFout(f"Notebook {Path(pad).name} kan niet worden gelezen: {type(e).__name__}: {e}") from e
    finally:
        log.removeHandler(h)
        log.propagate = oud
    return params, tuple(re.sub(r"^Unable to parse line (\d+) ", r"regel \1: ", t) for t in h.teksten
                         if t.startswith("Unable to parse"))


def _splits(waarden: Iterable[str] | str | None) -> list[str] | None:
    if waarden is None:
        return None
    if isinstance(waarden, str):
        waarden = [waarden]
    uit = []
    for w in waarden:
        uit += [d.strip() for d in str(w).split(",") if d.strip()]
    return uit


def kies_stappen(alle: list[StapNotebook], keuze: Iterable[str] | str | None) -> list[StapNotebook]:
    """Select steps by key (e.g. 'omvang'), notebook name or its number prefix (e.g. '10')."""
    keuze = _splits(keuze)
    if not keuze:
        return list(alle)
    gekozen = set()
    for k in keuze:
        n = k.strip().lower().removesuffix(".ipynb")
        treffers = [s for s in alle if n in (s.stap.sleutel, s.naam, s.naam.split("_", 1)[0])]
        if not treffers:
            raise OnbekendeStap(f"Onbekende stap '{k}'. Kies uit: "
                                f"{', '.join(f'{s.stap.sleutel} ({s.naam})' for s in alle)}.")
        gekozen.update(s.naam for s in treffers)
    return [s for s in alle if s.naam in gekozen]


def kies_gemeenten(alle: list[Gemeente], keuze: Iterable[str] | str | None, regionaam: str) -> list[Gemeente]:
    """Select gemeenten by code (GM0402, case-insensitive) or name."""
    keuze = _splits(keuze)
    if not keuze:
        return list(alle)
    gekozen = set()
    for k in keuze:
        treffers = [g.code for g in alle if k.upper() == g.code.upper() or k.casefold() == g.naam.casefold()]
        if not treffers:
            lijst = ", ".join(f"{g.code} ({g.naam})" for g in alle)
            raise OnbekendeGemeente(f"Gemeente '{k}' hoort niet bij regio '{regionaam}'. Kies uit: {lijst}.")
        gekozen.update(treffers)
    return [g for g in alle if g.code in gekozen]


_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,)}


def valideer_parameters(s: StapNotebook, injectie: dict[str, Any]) -> None:
    """Every injected key must be a parameter of the notebook, with a matching annotated type."""
    if not s.parameters:
        raise OnbekendeParameter(
            f"Notebook {s.pad.name} heeft geen cel met tag 'parameters'; papermill zou de parameters "
            f"dan bovenaan invoegen. Geef de parametercel de tag 'parameters'.")
    onbekend = sorted(set(injectie) - set(s.parameters))
    if onbekend:
        tip = ""
        if s.onleesbaar:
            tip = (f" Let op: papermill kan deze regels van de parametercel niet lezen: "
                   f"{'; '.join(s.onleesbaar)} (vaak een '=' in het commentaar).")
        raise OnbekendeParameter(
            f"Onbekende parameter{'s' if len(onbekend) > 1 else ''} {', '.join(repr(o) for o in onbekend)} "
            f"voor notebook {s.pad.name}. Die notebook kent: {', '.join(sorted(s.parameters))}.{tip}")
    for k, v in injectie.items():
        typ = str(s.parameters[k].get("inferred_type_name") or "None").strip()
        verwacht = _TYPES.get(typ)
        if (verwacht and not isinstance(v, verwacht)) or (typ in ("int", "float") and isinstance(v, bool)):
            raise OnbekendeParameter(
                f"Parameter '{k}' van notebook {s.pad.name} verwacht {typ}, maar kreeg {type(v).__name__} {v!r}.")


def aantal_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _regio_parameter(regio_arg: Any, rp: RegioParams) -> str:
    """What notebooks receive as ``regio``: the slug, or an absolute path for a yaml file outside
    ``<project>/params/regios/`` (so both spellings of the same regio give the same fingerprints)."""
    if isinstance(regio_arg, (str, Path)):
        s = str(regio_arg)
        if s.endswith((".yaml", ".yml")) or os.sep in s or "/" in s:
            p = Path(s).resolve()
            if p.exists() and p != paden.regio_yaml(Path(rp.root), rp.slug).resolve():
                return str(p)
    return rp.slug


# --- tasks -----------------------------------------------------------------------------------------


@dataclass
class _Taak:
    wie: str  # gemeentecode | paden.REGIO
    naam: str  # gemeentenaam or regio name
    stap: StapNotebook
    map: Path
    parameters: dict[str, Any]
    deps: list[Afhankelijkheid] = field(default_factory=list)
    fingerprint: str = ""
    onderdelen: dict[str, str] = field(default_factory=dict)
    reden: str = ""
    pogingen_pool: int = 0

    @property
    def sleutel(self) -> tuple[str, str]:
        return (self.wie, self.stap.naam)


def _maak_taken(stappen: list[StapNotebook], gemeenten_alle: list[Gemeente], gemeenten: list[Gemeente],
                regio_map: Path, regio_param: str, regionaam: str, extra: dict[str, Any],
                register: Mapping[str, Stap]) -> dict[tuple[str, str], _Taak]:
    taken: dict[tuple[str, str], _Taak] = {}
    codes = [g.code for g in gemeenten_alle]
    for s in stappen:
        wies = [(paden.REGIO, regionaam)] if s.stap.per_regio else [(g.code, g.naam) for g in gemeenten]
        for wie, naam in wies:
            map_ = paden.uitvoer_wie(regio_map, wie)
            params = {"regio": regio_param} | ({"gemeente": wie} if wie != paden.REGIO else {}) | \
                     {"uitvoer_map": str(map_)} | extra
            t = _Taak(wie, naam, s, map_, params)
            t.deps = afhankelijkheden(s.stap, wie, codes, paden.REGIO, dict(register))
            taken[t.sleutel] = t
    return taken


def tabellen_aanwezig(wie_map: Path, notebook: str, tabellen: Iterable[Tabel]) -> bool:
    """Every result table in ``tabellen`` is on disk, readable and as the catalogue says: a step whose
    results were deleted or damaged (by hand, or by a disk problem) is not up to date and runs again, and a
    reader does not run on them."""
    return all(resultaten.in_orde(wie_map, notebook, t) for t in tabellen)


def _reden(record: dict | None, onderdelen: dict[str, str], opnieuw: bool) -> str:
    if opnieuw:
        return "opnieuw (--opnieuw)"
    if not record:
        return "nieuw"
    st = record.get("status")
    if st == FOUT:
        return "vorige run mislukt"
    if st == ONDERBROKEN:
        return "vorige run onderbroken"
    oud = record.get("onderdelen") or {}
    gewijzigd = [k.removeprefix("na:") for k in onderdelen if oud.get(k) != onderdelen[k]]
    gewijzigd += [k.removeprefix("na:") for k in oud if k not in onderdelen]
    if gewijzigd:
        return "gewijzigd: " + ", ".join(dict.fromkeys(gewijzigd))
    return "uitvoer ontbreekt of is gewijzigd"


# --- run.csv and summary ---------------------------------------------------------------------------


def _bewaar_momentopname(regio_map: Path, rp) -> None:
    """Keep the analysis as a dated snapshot for the monitoring (:mod:`wzlib.momentopname`); a failure here
    never fails the run (it is logged)."""
    try:
        momentopname.bewaar(regio_map, rp)
    except Exception as e:  # noqa: BLE001 - the run's results are written; the snapshot is extra
        logging.getLogger(__name__).warning("momentopname niet bewaard (%s: %s)", type(e).__name__, e)


def _schrijf_run_csv(pad: Path, rijen: list[StapResultaat]) -> None:
    buf = io.StringIO()
    kolommen = ["gemeente", "gemeentenaam", "stap", "status", "duur_s", "reden", "ename", "evalue",
                "notebook", "pogingen", "piek_mb", "gestart"]
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(kolommen)
    for r in rijen:
        d = asdict(r)
        d["duur_s"] = f"{r.duur:.1f}".replace(".", ",")
        d["evalue"] = (r.evalue or "").strip().splitlines()[0][:300] if r.evalue else ""
        d["piek_mb"] = "" if r.piek_mb is None else f"{r.piek_mb:.0f}"
        w.writerow([d.get(k, "") for k in kolommen])
    paden.atomair_tekst(pad, buf.getvalue())


def lees_run_csv(pad: Path) -> list[dict[str, str]]:
    """The rows of a ``run.csv`` (empty when missing)."""
    try:
        with open(pad, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f, delimiter=";"))
    except OSError:
        return []


def _duur_nl(s: float) -> str:
    return f"{s:.1f}".replace(".", ",") + " s"


def samenvatting(res: RunResultaat) -> str:
    """Dutch summary: counts, a gemeente x stap table (status + duration) and the first error lines."""
    kop = (f"Run {res.regionaam} ({res.regio}): " + ", ".join(
        f"{res.aantal(s)} {s}" for s in (OK, ACTUEEL, FOUT, OVERGESLAGEN, ONDERBROKEN) if res.aantal(s))
        + f" — {_duur_nl(res.duur)} met {res.workers} worker{'s' if res.workers != 1 else ''}")
    cel = {(r.gemeente, r.stap): r for r in res.rijen}
    rijkoppen: list[tuple[str, str]] = []
    for r in res.rijen:
        k = (r.gemeente, f"{r.gemeente} {r.gemeentenaam}" if r.gemeente != paden.REGIO else "regio (alle)")
        if k not in rijkoppen:
            rijkoppen.append(k)
    rijkoppen.sort(key=lambda k: (k[0] == paden.REGIO, k[0]))

    def tekst(r: StapResultaat | None) -> str:
        if r is None:
            return "—"
        return r.status + (f" {_duur_nl(r.duur)}" if r.status in (OK, FOUT) else "")

    tabel = [["gemeente", *res.stappen]] + [[kop_, *(tekst(cel.get((g, s))) for s in res.stappen)]
                                          for g, kop_ in rijkoppen]
    breed = [max(len(rij[i]) for rij in tabel) for i in range(len(tabel[0]))]
    regels = [kop, ""] + ["  ".join(c.ljust(b) for c, b in zip(rij, breed)).rstrip() for rij in tabel]
    if res.waarschuwingen:
        regels += ["", "Waarschuwingen:"] + [f"  {w}" for w in res.waarschuwingen]
    if res.fouten:
        regels += ["", "Fouten:"]
        getoond: set[str] = set()
        for r in res.fouten:
            regels.append(f"  {r.gemeente} {r.gemeentenaam} · {r.stap}: {r.foutregel}")
            regels += foutdetails(r.evalue, getoond)
            if r.notebook:
                regels.append(f"    zie {r.notebook}")
    overgeslagen = [r for r in res.rijen if r.status == OVERGESLAGEN]
    if overgeslagen:
        regels += ["", "Overgeslagen:"] + [f"  {r.gemeente} {r.gemeentenaam} · {r.stap}: {r.reden}"
                                          for r in overgeslagen]
    if res.onderbroken:
        regels += ["", "Run onderbroken; draai hem opnieuw om verder te gaan (wat klaar is blijft staan)."]
    if res.run_csv:
        regels += ["", f"Overzicht: {res.run_csv}"]
    return "\n".join(regels)


def foutdetails(evalue: str, getoond: set[str], max_regels: int = 12) -> list[str]:
    """The lines after the first of an error (an InvoerFout lists each problem with file, row and column),
    indented for the summary; the same list is shown once and later referred to."""
    rest = [x.strip() for x in (evalue or "").strip().splitlines()[1:] if x.strip()]
    if not rest:
        return []
    sleutel = "\n".join(rest)
    if sleutel in getoond:
        return ["    (dezelfde problemen als hierboven)"]
    getoond.add(sleutel)
    uit = [f"    {x}" for x in rest[:max_regels]]
    if len(rest) > max_regels:
        uit.append(f"    ... en nog {len(rest) - max_regels} regel(s); zie het notebook")
    return uit


# --- the run ---------------------------------------------------------------------------------------


def _stapresultaat(t: _Taak, uit: dict) -> StapResultaat:
    return StapResultaat(
        t.wie, t.naam, t.stap.naam, uit["status"], duur=uit.get("duur", 0.0), reden=t.reden,
        ename=uit.get("ename", ""), evalue=uit.get("evalue", ""), notebook=uit.get("notebook", ""),
        pogingen=uit.get("pogingen", 0), piek_mb=uit.get("piek_mb"), piek_kernel_mb=uit.get("piek_kernel_mb"),
        piek_eigen_mb=uit.get("piek_eigen_mb"),
        gestart=uit.get("gestart", ""), worker_pid=uit.get("pid"), cpu_s=uit.get("cpu_s"))


def voorbereiden(regio: Any, stappen: Iterable[str] | str | None = None,
                 gemeenten: Iterable[str] | str | None = None, parameters: dict[str, Any] | None = None,
                 notebooks_map: str | Path | None = None, uitvoer_root: str | Path | None = None,
                 register: Mapping[str, Stap] | None = None):
    """Everything checked before a kernel starts: the regio file (every section), the data source and
    gemeenten, the step notebooks and every injected parameter. Returns (regio params, gemeenten, all
    step notebooks, the tasks, the regio output folder); raises a WzFout on the first kind of problem."""
    register = STAPPEN if register is None else register
    rp = laad_regio(regio)
    root = Path(rp.root)
    notebooks_map = Path(notebooks_map or paden.notebooks_map(root)).resolve()
    uitvoer = Path(uitvoer_root or paden.uitvoer_root(root)).resolve()
    alle_stappen = vind_stappen(notebooks_map, register)
    gekozen = kies_stappen(alle_stappen, stappen)
    gemeenten_alle = laad_gemeenten(rp)
    for g in gemeenten_alle:
        if not GM_PATROON.match(g.code):
            raise OnbekendeGemeente(f"Gemeentecode '{g.code}' in regio '{rp.naam}' is geen GM + 4 cijfers.")
    gekozen_gemeenten = kies_gemeenten(gemeenten_alle, gemeenten, rp.naam)
    extra = dict(parameters or {})
    gereserveerd = {"regio", "gemeente", "uitvoer_map"} & set(extra)
    if gereserveerd:
        raise OnbekendeParameter(
            f"Parameter(s) {', '.join(sorted(gereserveerd))} zet de batch zelf; geef ze niet mee.")
    regio_map = paden.uitvoer_regio(uitvoer, rp.slug)
    taken = _maak_taken(gekozen, gemeenten_alle, gekozen_gemeenten, regio_map, _regio_parameter(regio, rp), rp.naam,
                        extra, register)
    gezien = set()
    for t in taken.values():
        if t.stap.naam not in gezien:
            valideer_parameters(t.stap, t.parameters)
            gezien.add(t.stap.naam)
    return rp, gemeenten_alle, alle_stappen, gekozen, taken, regio_map


def run(regio: Any, stappen: Iterable[str] | str | None = None, gemeenten: Iterable[str] | str | None = None,
        workers: int | None = None, opnieuw: bool = False, notebooks_map: str | Path | None = None,
        uitvoer_root: str | Path | None = None, toon_voortgang: bool = True,
        parameters: dict[str, Any] | None = None, kernel_name: str | None = None,
        register: Mapping[str, Stap] | None = None, koude_kernels: bool = False,
        kernel_max_notebooks: int | None = None, kernel_max_mb: float | None = None,
        uitvoerder: Any = None, stop: Any = None, melder: Callable[[int, StapResultaat | None], None] | None = None
        ) -> RunResultaat:
    """Run the step notebooks of ``regio`` (slug or yaml path); see the module docstring.

    Each worker keeps one warm kernel for successive notebooks (:mod:`wzlib.warmkernel`), replaced after
    ``kernel_max_notebooks`` notebooks, above ``kernel_max_mb`` MB or after any failure;
    ``koude_kernels=True`` starts a fresh kernel per notebook (the old behaviour, same outputs).

    ``parameters``: extra parameters injected into every selected notebook (each must declare them),
    e.g. ``{"peiljaar": 2024}``. ``kernel_name`` defaults to ``$WZ_KERNEL`` or "woonzorganalyse"
    (installed when missing). ``register``: the steps (default :data:`wzlib.stappen.STAPPEN`; tests pass
    their own). Raises a WzFout before any kernel starts when the regio file, a step, a gemeente or a
    parameter is wrong.

    ``uitvoerder``: another pool than the local one (:class:`wzlib.dask_uitvoer.DaskUitvoerder`, ``wz run
    --dask``): ``aantal(workers)`` tasks at a time, in ``pool(workers, logmap, root)``.

    ``stop`` (a ``threading.Event``) and ``melder`` are for running several regios at once in threads
    (:func:`wzlib.land.run`): when ``stop`` is set the run stops as after Ctrl-C (only the main thread gets
    that); ``melder(n, None)`` is called once with the number of notebooks, ``melder(0, r)`` after each one.
    """
    t_start = time.monotonic()
    rp, gemeenten_alle, alle_stappen, gekozen, taken, regio_map = voorbereiden(
        regio, stappen, gemeenten, parameters, notebooks_map, uitvoer_root, register)
    root = Path(rp.root)
    per_notebook = {s.stap.sleutel: s for s in alle_stappen}
    namen = {g.code: g.naam for g in gemeenten_alle}
    cores = aantal_cores()
    if workers is not None and workers < 1:
        raise BatchFout("Het aantal workers moet minstens 1 zijn.")
    workers = min(workers or cores, cores) if uitvoerder is None else uitvoerder.aantal(workers)
    kernel_name = kernel_name or zorg_voor_kernel()

    resultaten: dict[tuple[str, str], StapResultaat] = {}
    onderbroken = False
    with RegioSlot(regio_map, "run"):
        ruim_op(regio_map)
        logmap = paden.logs(regio_map)
        invoer = invoer_hashes(rp, root)
        vaste = {s.naam: {"notebook": sha_bestand(s.pad), "wzlib": modules_hash(notebook_modules(s.pad)),
                          "regio": parameter_hash(rp, s.stap)} for s in gekozen}

        def dep_sleutel(d: Afhankelijkheid) -> tuple[str, str]:
            return (d.wie, per_notebook[d.stap.sleutel].naam)

        def dep_toestand(d: Afhankelijkheid) -> tuple[str, bool]:
            """(effective fingerprint, usable) of a dependency: from this run, else from disk."""
            k = dep_sleutel(d)
            if k in taken:
                r = resultaten.get(k)
                return (taken[k].fingerprint, True) if r and r.status in GELUKT else ("niet-ok", False)
            map_ = paden.uitvoer_wie(regio_map, d.wie)
            rec = lees_record(map_, k[1])
            if rec and rec.get("status") == OK and is_gelukt(map_, k[1], rec) and tabellen_aanwezig(map_, k[1], d.tabellen):
                return rec["fingerprint"], True
            return "ontbreekt", False

        def vingerafdruk(t: _Taak) -> None:
            ond = dict(vaste[t.stap.naam]) | {"parameters": sha_json(t.parameters)}
            ond |= {cat: invoer[cat] for cat in t.stap.stap.invoer}
            for d in t.deps:
                k = dep_sleutel(d)
                ond[f"na:{k[1] if k[0] == t.wie else '/'.join(k)}"] = dep_toestand(d)[0]
            t.onderdelen, t.fingerprint = ond, sha_json(ond)

        def overslaan(t: _Taak) -> str:
            """Why a task cannot run: a required dependency failed or its results are missing."""
            mist: dict[str, list[str]] = {}
            for d in t.deps:
                if d.verplicht and not dep_toestand(d)[1]:
                    mist.setdefault(d.stap.naam, []).append(d.wie)
            delen = []
            for stapnaam, wies in mist.items():
                wie = ", ".join("de regio" if w == paden.REGIO else f"{namen.get(w, w)} ({w})" for w in wies)
                delen.append(f"{stapnaam} ontbreekt of is mislukt voor {wie}")
            return "; ".join(delen)

        volgorde = {s.stap.sleutel: i for i, s in enumerate(alle_stappen)}

        def prio(k: tuple[str, str]):
            t = taken[k]
            return (volgorde[t.stap.stap.sleutel], t.wie == paden.REGIO, t.wie)

        open_ = set(taken)
        wachtrij: list[tuple[str, str]] = []
        lopend: dict[cf.Future, tuple[str, str]] = {}
        pool: cf.ProcessPoolExecutor | None = None
        logs_gewist = False

        balk = tqdm(total=len(taken), desc=f"wz run {rp.slug}", unit="nb", disable=not toon_voortgang,
                    file=sys.stderr, dynamic_ncols=True)

        if melder is not None:
            melder(len(taken), None)

        def klaar(k: tuple[str, str], r: StapResultaat) -> None:
            resultaten[k] = r
            balk.set_postfix_str(f"{k[0]} {k[1]}: {r.status}", refresh=False)
            balk.update(1)
            if melder is not None:
                melder(0, r)

        def beoordeel() -> None:
            """Classify every task whose dependencies are done: overgeslagen, actueel or to run."""
            veranderd = True
            while veranderd:
                veranderd = False
                for k in sorted(open_, key=prio):
                    t = taken[k]
                    if any(dep_sleutel(d) in taken and dep_sleutel(d) not in resultaten for d in t.deps):
                        continue
                    open_.discard(k)
                    veranderd = True
                    waarom = overslaan(t)
                    if waarom:
                        klaar(k, StapResultaat(t.wie, t.naam, t.stap.naam, OVERGESLAGEN, reden=waarom))
                        continue
                    vingerafdruk(t)
                    rec = lees_record(t.map, t.stap.naam)
                    if (not opnieuw and rec and rec.get("fingerprint") == t.fingerprint
                            and is_gelukt(t.map, t.stap.naam, rec)
                            and tabellen_aanwezig(t.map, t.stap.naam, t.stap.stap.schrijft)):
                        klaar(k, StapResultaat(t.wie, t.naam, t.stap.naam, ACTUEEL, reden="invoer ongewijzigd",
                                               notebook=str(paden.notebook_uitvoer(t.map, t.stap.naam))))
                        continue
                    t.reden = _reden(rec, t.onderdelen, opnieuw)
                    wachtrij.append(k)
            wachtrij.sort(key=prio)

        berekend: set[str] = set()

        def voorstap(t: _Taak) -> None:
            """Before the first notebook of a step: its regio-wide computations, once for the whole run
            (:mod:`wzlib.regioberekening`); the notebooks then read them. A failure here is not reported:
            the notebook computes it itself, by the same function, and shows the error where it belongs."""
            for b in REGIO_BEREKENINGEN.values():
                if b.stap != t.stap.stap or b.sleutel in berekend or t.stap.stap.per_regio:
                    continue
                berekend.add(b.sleutel)
                try:
                    A = analyse.open(t.parameters["regio"], gemeente=t.wie, peiljaar=t.parameters.get("peiljaar", 0),
                                     uitvoer_map=t.parameters["uitvoer_map"], stap=b.stap)
                    regioberekening.haal(A, b, vernieuw=opnieuw)
                except Exception as e:  # noqa: BLE001 - see the docstring
                    logging.getLogger(__name__).warning(
                        "regioberekening %s vooraf mislukt (%s: %s); de notebooks berekenen haar zelf",
                        b.sleutel, type(e).__name__, e)

        def opdracht(t: _Taak) -> dict:
            return {"notebook": str(t.stap.pad), "map": str(t.map), "stap": t.stap.naam,
                    "parameters": t.parameters, "kernel": kernel_name, "fingerprint": t.fingerprint,
                    "onderdelen": t.onderdelen, "cwd": str(root), "start_timeout": START_TIMEOUT,
                    "execution_timeout": EXECUTION_TIMEOUT, "koude_kernels": koude_kernels,
                    "kernel_max_notebooks": kernel_max_notebooks, "kernel_max_mb": kernel_max_mb,
                    # the result folders it reads (<wie>/<notebook>): Dask workers without the shared folder get them
                    "leest": sorted({"/".join(dep_sleutel(d)) for d in t.deps})}

        try:
            beoordeel()
            while wachtrij or lopend:
                if stop is not None and stop.is_set():
                    raise KeyboardInterrupt
                while wachtrij and len(lopend) < workers:
                    k = wachtrij.pop(0)
                    if pool is None:
                        if not logs_gewist and logmap.is_dir():
                            for oud in logmap.glob("worker-*.log"):
                                oud.unlink(missing_ok=True)
                        logs_gewist = True
                        pool = (maak_pool if uitvoerder is None else uitvoerder.pool)(workers, logmap, root)
                    voorstap(taken[k])
                    taken[k].pogingen_pool += 1
                    lopend[pool.submit(voer_stap_uit, opdracht(taken[k]))] = k
                gedaan, _ = cf.wait(list(lopend), return_when=cf.FIRST_COMPLETED,
                                    timeout=None if stop is None else 0.5)
                if stop is not None and stop.is_set():
                    raise KeyboardInterrupt
                kapot = False
                for fut in gedaan:
                    k = lopend.pop(fut)
                    try:
                        uit = fut.result()
                    except cf.process.BrokenProcessPool:
                        kapot = True
                        lopend[fut] = k  # handled below with the other victims
                        continue
                    except Exception as e:  # noqa: BLE001 - a bug in the worker wrapper itself
                        uit = {"status": FOUT, "ename": type(e).__name__, "evalue": str(e), "duur": 0.0}
                    klaar(k, _stapresultaat(taken[k], uit))
                if kapot:
                    # A worker died (killed, out of memory): every task in flight is lost. Retry each
                    # once on a fresh pool; a second loss is recorded as a failure.
                    if pool is not None:
                        pool.shutdown(wait=True, cancel_futures=True)
                        pool = None
                    ruim_op(regio_map)
                    for fut, k in list(lopend.items()):
                        lopend.pop(fut)
                        if taken[k].pogingen_pool < 2:
                            wachtrij.insert(0, k)
                        else:
                            klaar(k, _stapresultaat(taken[k], {
                                "status": FOUT, "ename": "BrokenProcessPool",
                                "evalue": "werkproces onverwacht gestopt (geheugen vol of proces afgebroken?)",
                                "pogingen": taken[k].pogingen_pool}))
                    wachtrij.sort(key=prio)
                beoordeel()
        except KeyboardInterrupt:
            onderbroken = True
            if pool is not None:
                for p in list((getattr(pool, "_processes", None) or {}).values()):
                    try:
                        p.terminate()
                    except Exception:  # noqa: BLE001
                        pass
                pool.shutdown(wait=True, cancel_futures=True)
                pool = None
                time.sleep(1.5)  # orphaned kernels notice their parent is gone within ~1 s
            ruim_op(regio_map)
            for k, t in taken.items():
                if k not in resultaten:
                    resultaten[k] = StapResultaat(t.wie, t.naam, t.stap.naam, ONDERBROKEN, reden="run onderbroken")
        finally:
            if pool is not None:
                pool.shutdown(wait=True)
            balk.close()

        rijen = [resultaten[k] for k in sorted(taken, key=lambda k: (k[0] == paden.REGIO, k[0], prio(k)))]
        run_csv = paden.run_csv(regio_map)
        _schrijf_run_csv(run_csv, rijen)
        if not onderbroken and register is None:
            _bewaar_momentopname(regio_map, rp)

    waarschuwingen = [f"{s.pad.name}: papermill kan parameterregel niet lezen ({r}); geef geen '=' in "
                      f"het commentaar" for s in gekozen for r in s.onleesbaar]
    res = RunResultaat(rp.slug, rp.naam, [s.naam for s in gekozen], rijen, regio_map, run_csv,
                       time.monotonic() - t_start, workers, onderbroken, waarschuwingen)
    if toon_voortgang:
        print(samenvatting(res))
    return res
