"""Batch runner (``wz run``): every step notebook for every gemeente of a regio, with papermill.

What it does, in order:

1. Load the regio (``wzlib.params.laad_regio``), find the step notebooks ``NN_<stap>.ipynb``, select
   steps and gemeenten, and validate every injected parameter against ``papermill.inspect_notebook``
   — all before a single kernel starts (papermill itself only warns on unknown parameters).
2. Take the regio's run lock and repair what an interrupted run left behind (temp notebooks, result
   folders moved aside, fingerprints marked "bezig").
3. Schedule: per gemeente in step order (a failed step skips that gemeente's later steps); a per-regio
   step (a notebook without a ``gemeente`` parameter) waits for all earlier per-gemeente steps, and
   per-gemeente steps with a higher number wait for it (they still run when it failed).
4. A step whose inputs are unchanged since its last successful run is "actueel" and not run: its
   fingerprint hashes the notebook, the input files of the categories it depends on (see
   ``INVOER_PER_STAP``), the wzlib source, the injected parameters and the fingerprints of the steps it
   depends on. ``opnieuw=True`` forces a run.
5. The others run in a process pool (workers <= cores), each via the papermill Python API into a temp
   notebook in the output folder that is renamed on success (``<stap>.ipynb``) or failure
   (``<stap>.fout.ipynb``). Kernel-start problems are retried once; notebook errors are recorded.
6. ``run.csv`` (sep ";") and a summary table; ``RunResultaat.exitcode`` is non-zero on any failure.

Per step folder the state lives in ``<stap>.fingerprint.json`` (status ok / fout / bezig /
onderbroken); ``wz publish`` only publishes status ok with a matching notebook hash.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import hashlib
import importlib
import io
import json
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from .fouten import WzFout
from .paden import atomair_tekst

# --- declarative configuration -------------------------------------------------------------------

#: Input categories (keys of ``wzlib.params.invoer_bestanden``) each step depends on. A change in a
#: category reruns only the steps listed with it, and (through the fingerprints) what follows them.
BASIS = ("params", "bron", "lokaal")
MET_KENGETALLEN = BASIS + ("kengetallen",)
ALLE_INVOER = MET_KENGETALLEN + ("reacties",)  # reacties: the partners' returned review sheets
INVOER_PER_STAP: dict[str, tuple[str, ...]] = {
    "10_omvang": BASIS,
    "20_aanbod": BASIS,
    "30_prognose": MET_KENGETALLEN,
    "40_spreiding": MET_KENGETALLEN,
    "50_confrontatie": ALLE_INVOER,
}
#: Steps not in the table: below this number they depend on BASIS, from it on on all categories.
EERSTE_STAP_MET_KENGETALLEN = 30

START_TIMEOUT = 120  # seconds for a kernel to start
EXECUTION_TIMEOUT = 600  # seconds per cell
REGIO_MAP = "regio"  # output folder of per-regio steps, next to the GMxxxx folders
RUN_CSV = "run.csv"

OK, ACTUEEL, FOUT, OVERGESLAGEN, ONDERBROKEN = "ok", "actueel", "fout", "overgeslagen", "onderbroken"
GELUKT = (OK, ACTUEEL)

STAP_PATROON = re.compile(r"^(\d{2})_([a-z0-9_]+)$")
GM_PATROON = re.compile(r"^GM\d{4}$")

# --- errors ----------------------------------------------------------------------------------------


class BatchFout(WzFout):
    """A batch run cannot start (raised before any kernel starts)."""


class OnbekendeGemeente(BatchFout):
    pass


class OnbekendeStap(BatchFout):
    pass


class OnbekendeParameter(BatchFout):
    pass


class RunBezig(BatchFout):
    """Another run or publication holds the regio's lock."""


# --- results ---------------------------------------------------------------------------------------


@dataclass
class StapResultaat:
    """Outcome of one step for one gemeente (``gemeente == "regio"`` for per-regio steps)."""

    gemeente: str
    gemeentenaam: str
    stap: str
    status: str  # ok | actueel | fout | overgeslagen | onderbroken
    duur: float = 0.0  # seconds
    reden: str = ""  # why it ran or was skipped
    ename: str = ""
    evalue: str = ""
    notebook: str = ""  # path of the executed (or failed) notebook
    pogingen: int = 0
    piek_mb: float | None = None  # peak RSS worker + kernel during this step
    piek_kernel_mb: float | None = None
    gestart: str = ""
    worker_pid: int | None = None

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


# --- helpers ---------------------------------------------------------------------------------------


def project_root() -> Path:
    """The project folder: ``wzlib.params.projectmap()`` ($WZ_PROJECT, else upwards from the current
    directory to the folder holding params/regios), else the source tree."""
    try:
        return Path(_params_module().projectmap()).resolve()
    except (ImportError, AttributeError):
        cwd = Path.cwd()
        return cwd if (cwd / "notebooks").is_dir() else Path(__file__).resolve().parents[1]


def aantal_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def invoer_categorieen(stap: str) -> tuple[str, ...]:
    """The input categories a step depends on (``INVOER_PER_STAP``, else by its number)."""
    if stap in INVOER_PER_STAP:
        return INVOER_PER_STAP[stap]
    m = STAP_PATROON.match(stap)
    if m and int(m.group(1)) < EERSTE_STAP_MET_KENGETALLEN:
        return BASIS
    return MET_KENGETALLEN


def _sha_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha_bestand(pad: Path) -> str:
    h = hashlib.sha256()
    with open(pad, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def _sha_json(obj: Any) -> str:
    return _sha_bytes(json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode())


def wzlib_hash() -> str:
    """Hash of the wzlib package's .py files (contents + relative paths) and its version.

    Computed per run, not cached: a long-lived process (a Jupyter session) must see wzlib edits.
    """
    from . import __version__

    pakket = Path(__file__).resolve().parent
    delen = [["versie", __version__]]
    for p in sorted(pakket.rglob("*.py")):
        if "__pycache__" in p.parts:
            continue
        delen.append([p.relative_to(pakket).as_posix(), sha_bestand(p)])
    return _sha_json(delen)


def _hash_paden(paden: Iterable[Path], root: Path, cache: dict[Path, str]) -> str:
    """Content hash of a list of files/folders; names relative to the project root when possible."""
    delen = []
    for p in paden:
        p = Path(p)
        try:
            naam = p.resolve().relative_to(root).as_posix()
        except ValueError:
            naam = str(p.resolve())
        if p.is_dir():
            bestanden = sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith("."))
            inhoud = [[q.relative_to(p).as_posix(), _cached_sha(q, cache)] for q in bestanden]
            delen.append([naam, _sha_json(inhoud)])
        elif p.is_file():
            delen.append([naam, _cached_sha(p, cache)])
        else:
            delen.append([naam, "ontbreekt"])
    return _sha_json(sorted(delen))


def _cached_sha(p: Path, cache: dict[Path, str]) -> str:
    if p not in cache:
        cache[p] = sha_bestand(p)
    return cache[p]


def slug(tekst: str) -> str:
    """ASCII slug for file names: 'Súdwest-Fryslân' -> 'sudwest-fryslan'."""
    import unicodedata

    t = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "x"


def _nu() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _duur_nl(s: float) -> str:
    return f"{s:.1f}".replace(".", ",") + " s"


# --- regio and steps -------------------------------------------------------------------------------


def _params_module():
    return importlib.import_module("wzlib.params")


def laad_regio(regio: Any):
    """A regio object (with ``.slug``, ``.naam``, ``.gemeenten``) as is, else ``wzlib.params.laad_regio``."""
    if hasattr(regio, "gemeenten") and hasattr(regio, "slug"):
        return regio
    return _params_module().laad_regio(regio)


def _regio_parameter(regio_arg: Any, regio_obj, root: Path) -> str:
    """What notebooks receive as ``regio``: the slug, or an absolute path for a yaml file outside
    ``<project>/params/regios/`` (so both spellings of the same regio give the same fingerprints)."""
    if isinstance(regio_arg, (str, Path)):
        s = str(regio_arg)
        if s.endswith((".yaml", ".yml")) or os.sep in s or "/" in s:
            p = Path(s).resolve()
            standaard = (root / "params" / "regios" / f"{regio_obj.slug}.yaml").resolve()
            if p.exists() and p != standaard:
                return str(p)
    return str(regio_obj.slug)


def gemeenten_van(regio_obj) -> list[tuple[str, str]]:
    """(code, naam) of the regio's gemeenten.

    Uses ``regio.gemeenten`` when they are resolved (objects with a GMxxxx ``code`` and a ``naam``);
    otherwise resolves them like the notebooks do: ``wzlib.params.los_gemeenten_op`` against the
    gemeenten table of the regio's source (``wzlib.analyse.laad_gegevens``).
    """
    items = list(regio_obj.gemeenten)
    if items and all(getattr(g, "code", None) and getattr(g, "naam", None) and GM_PATROON.match(str(g.code))
                     for g in items):
        return [(str(g.code), str(g.naam)) for g in items]
    params = _params_module()
    if not hasattr(params, "los_gemeenten_op"):
        raise BatchFout(f"De gemeenten van regio '{getattr(regio_obj, 'naam', regio_obj)}' zijn niet opgelost "
                        f"(code en naam).")
    from .analyse import laad_gegevens

    return [(str(g.code), str(g.naam)) for g in
            params.los_gemeenten_op(regio_obj, laad_gegevens(regio_obj)["gemeenten"])]


@dataclass
class Stap:
    naam: str  # e.g. "10_omvang"
    pad: Path
    nummer: int
    parameters: dict[str, dict]  # papermill.inspect_notebook
    onleesbaar: list[str] = field(default_factory=list)  # parameter lines papermill cannot parse

    @property
    def per_regio(self) -> bool:
        return "gemeente" not in self.parameters

    @property
    def titel(self) -> str:
        return stap_titel(self.naam)


def stap_titel(stap: str) -> str:
    """'10_omvang' -> 'Omvang', '50_confrontatie' -> 'Confrontatie'."""
    m = STAP_PATROON.match(stap)
    kern = m.group(2) if m else stap
    kern = kern.replace("_", " ").strip()
    return kern[:1].upper() + kern[1:]


class _Verzamelaar(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.teksten: list[str] = []

    def emit(self, record):
        self.teksten.append(record.getMessage())


@contextlib.contextmanager
def _papermill_meldingen():
    """Collect papermill's log warnings (e.g. 'Unable to parse line 3 ...') instead of printing them."""
    log = logging.getLogger("papermill")
    h = _Verzamelaar()
    oud = log.propagate
    log.addHandler(h)
    log.propagate = False
    try:
        yield h.teksten
    finally:
        log.removeHandler(h)
        log.propagate = oud


def vind_stappen(notebooks_map: Path) -> list[Stap]:
    """All step notebooks ``NN_<stap>.ipynb`` in ``notebooks_map`` (not in subfolders), by number."""
    import papermill as pm

    notebooks_map = Path(notebooks_map)
    if not notebooks_map.is_dir():
        raise BatchFout(f"Notebookmap {notebooks_map} bestaat niet.")
    stappen = []
    for p in sorted(notebooks_map.glob("[0-9][0-9]_*.ipynb")):
        m = STAP_PATROON.match(p.stem)
        if not m:
            continue
        try:
            with _papermill_meldingen() as meldingen:
                params = pm.inspect_notebook(str(p))
        except Exception as e:  # noqa: BLE001 - broken JSON etc.
            raise BatchFout(f"Notebook {p.name} kan niet worden gelezen: {type(e).__name__}: {e}") from e
        onleesbaar = [re.sub(r"^Unable to parse line (\d+) ", r"regel \1: ", t) for t in meldingen
                      if t.startswith("Unable to parse")]
        stappen.append(Stap(p.stem, p, int(m.group(1)), params, onleesbaar))
    if not stappen:
        raise BatchFout(f"Geen stapnotebooks (NN_stap.ipynb) gevonden in {notebooks_map}.")
    return stappen


def _splits(waarden: Iterable[str] | str | None) -> list[str] | None:
    if waarden is None:
        return None
    if isinstance(waarden, str):
        waarden = [waarden]
    uit = []
    for w in waarden:
        uit += [d.strip() for d in str(w).split(",") if d.strip()]
    return uit


def kies_stappen(alle: list[Stap], keuze: Iterable[str] | str | None) -> list[Stap]:
    """Select steps by full name ('10_omvang'), number ('10') or name ('omvang')."""
    keuze = _splits(keuze)
    if not keuze:
        return list(alle)
    gekozen: dict[str, Stap] = {}
    for k in keuze:
        kl = k.lower().removesuffix(".ipynb")
        treffers = [s for s in alle if kl in (s.naam, f"{s.nummer:02d}", s.naam[3:])]
        if not treffers:
            raise OnbekendeStap(
                f"Onbekende stap '{k}'. Kies uit: {', '.join(s.naam for s in alle)} "
                f"(volledige naam, nummer of naam zonder nummer).")
        for s in treffers:
            gekozen[s.naam] = s
    return [s for s in alle if s.naam in gekozen]


def kies_gemeenten(alle: list[tuple[str, str]], keuze: Iterable[str] | str | None, regionaam: str
                   ) -> list[tuple[str, str]]:
    """Select gemeenten by code (GM0402, case-insensitive) or name."""
    keuze = _splits(keuze)
    if not keuze:
        return list(alle)
    gekozen = set()
    for k in keuze:
        treffers = [c for c, n in alle if k.upper() == c.upper() or k.casefold() == n.casefold()]
        if not treffers:
            lijst = ", ".join(f"{c} ({n})" for c, n in alle)
            raise OnbekendeGemeente(
                f"Gemeente '{k}' hoort niet bij regio '{regionaam}'. Kies uit: {lijst}.")
        gekozen.update(treffers)
    return [(c, n) for c, n in alle if c in gekozen]


_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,)}


def valideer_parameters(stap: Stap, injectie: dict[str, Any]) -> None:
    """Every injected key must be a parameter of the notebook, with a matching annotated type."""
    if not stap.parameters:
        raise OnbekendeParameter(
            f"Notebook {stap.pad.name} heeft geen cel met tag 'parameters'; papermill zou de parameters "
            f"dan bovenaan invoegen. Geef de parametercel de tag 'parameters'.")
    onbekend = sorted(set(injectie) - set(stap.parameters))
    if onbekend:
        tip = ""
        if stap.onleesbaar:
            tip = (f" Let op: papermill kan deze regels van de parametercel niet lezen: "
                   f"{'; '.join(stap.onleesbaar)} (vaak een '=' in het commentaar).")
        raise OnbekendeParameter(
            f"Onbekende parameter{'s' if len(onbekend) > 1 else ''} {', '.join(repr(o) for o in onbekend)} "
            f"voor notebook {stap.pad.name}. Die notebook kent: {', '.join(sorted(stap.parameters))}.{tip}")
    for k, v in injectie.items():
        typ = str(stap.parameters[k].get("inferred_type_name") or "None").strip()
        verwacht = _TYPES.get(typ)
        if (verwacht and not isinstance(v, verwacht)) or (typ in ("int", "float") and isinstance(v, bool)):
            raise OnbekendeParameter(
                f"Parameter '{k}' van notebook {stap.pad.name} verwacht {typ}, maar kreeg "
                f"{type(v).__name__} {v!r}.")


# --- state files -----------------------------------------------------------------------------------


def record_pad(map_: Path, stap: str) -> Path:
    return Path(map_) / f"{stap}.fingerprint.json"


def lees_record(map_: Path, stap: str) -> dict | None:
    p = record_pad(map_, stap)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def schrijf_record(map_: Path, stap: str, record: dict | None) -> None:
    p = record_pad(map_, stap)
    if record is None:
        p.unlink(missing_ok=True)
    else:
        atomair_tekst(p, json.dumps(record, ensure_ascii=False, indent=2, default=str))


def _bak(map_: Path, stap: str) -> Path:
    return Path(map_) / f".{stap}.vorige"


def is_gelukt(map_: Path, stap: str, record: dict | None = None) -> bool:
    """True when ``<stap>.ipynb`` is the notebook of a successful run (status ok, hash matches)."""
    record = record if record is not None else lees_record(map_, stap)
    nb = Path(map_) / f"{stap}.ipynb"
    return bool(record and record.get("status") == OK and nb.is_file()
                and record.get("notebook_sha") == sha_bestand(nb)
                and (not record.get("resultaten") or (Path(map_) / stap).is_dir()))


def herstel_stap(map_: Path, stap: str) -> None:
    """Undo what an interrupted run of ``stap`` left in ``map_``; idempotent.

    Removes temp notebooks; when the record says "bezig", puts the previous results back and restores
    the previous record when the notebook on disk is still the previous good one (else marks the step
    "onderbroken" so it reruns and is not published).
    """
    map_ = Path(map_)
    for t in map_.glob(f".{stap}.*.tmp.ipynb"):
        t.unlink(missing_ok=True)
    rec = lees_record(map_, stap)
    bak, res = _bak(map_, stap), map_ / stap
    if rec and rec.get("status") == "bezig":
        if bak.exists():
            if res.exists():
                shutil.rmtree(res, ignore_errors=True)
            bak.rename(res)
        elif not rec.get("resultaten_verplaatst") and res.exists():
            shutil.rmtree(res, ignore_errors=True)  # partial results of a first run
        vorige = rec.get("vorige")
        if vorige and (vorige.get("status") != OK or is_gelukt(map_, stap, vorige)):
            schrijf_record(map_, stap, vorige)
        else:
            schrijf_record(map_, stap, {k: v for k, v in rec.items() if k != "vorige"}
                           | {"status": ONDERBROKEN})
    elif bak.exists():
        shutil.rmtree(bak, ignore_errors=True)


def _stappen_in_map(map_: Path) -> set[str]:
    namen = set()
    for p in map_.iterdir():
        n = p.name
        if n.endswith(".fingerprint.json"):
            namen.add(n.removesuffix(".fingerprint.json"))
        elif n.startswith(".") and n.endswith(".vorige"):
            namen.add(n[1:].removesuffix(".vorige"))
        elif n.startswith(".") and n.endswith(".tmp.ipynb"):
            namen.add(n[1:].split(".")[0])
    return {s for s in namen if STAP_PATROON.match(s)}


def ruim_op(regio_map: Path) -> None:
    """Repair every step folder of a regio after an interrupted run and drop stale temp files."""
    regio_map = Path(regio_map)
    if not regio_map.is_dir():
        return
    for sub in regio_map.iterdir():
        if sub.is_dir() and (GM_PATROON.match(sub.name) or sub.name == REGIO_MAP):
            for stap in _stappen_in_map(sub):
                herstel_stap(sub, stap)
    for m in (regio_map, regio_map / "html"):
        if m.is_dir():
            for t in m.glob(".*.tmp"):
                t.unlink(missing_ok=True)


class RegioSlot:
    """Exclusive lock on ``<regio_map>/.wz.lock`` for a run or a publication (released on exit/kill)."""

    def __init__(self, regio_map: Path, wat: str = "run"):
        self.pad = Path(regio_map) / ".wz.lock"
        self.wat = wat
        self._f = None

    def __enter__(self):
        self.pad.parent.mkdir(parents=True, exist_ok=True)
        self._f = open(self.pad, "a+")
        try:
            try:
                import fcntl

                fcntl.flock(self._f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except ImportError:  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(self._f.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            self._f.close()
            raise RunBezig(
                f"Er loopt al een run of publicatie voor {self.pad.parent.name} (slot {self.pad}). "
                f"Wacht tot die klaar is.") from None
        return self

    def __exit__(self, *exc):
        if self._f:
            self._f.close()  # closing releases the lock
        return False


# --- worker ----------------------------------------------------------------------------------------

_KERNEL_START_TEKSTEN = ("kernel didn't respond", "kernel died", "address already in use",
                         "dead kernel", "kernel is dead", "zmq")


def is_kernel_startfout(e: BaseException) -> bool:
    """Kernel-start, dead-kernel and ZMQ errors: worth one retry. Never a notebook error."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(e, PapermillExecutionError):
        return False
    try:
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        if isinstance(e, CellTimeoutError):
            return False
        if isinstance(e, DeadKernelError):
            return True
    except ImportError:  # pragma: no cover
        pass
    try:
        import zmq

        if isinstance(e, zmq.ZMQError):
            return True
    except ImportError:  # pragma: no cover
        pass
    tekst = f"{type(e).__name__}: {e}".lower()
    return any(t in tekst for t in _KERNEL_START_TEKSTEN)


def _worker_init(logmap: str | None = None) -> None:
    # Ctrl-C is handled by the main process (it stops the workers and repairs the folders).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    # jsonschema (via nbformat) imports rfc3987_syntax when present, which builds a Lark grammar on
    # import (~1.7 s per process here) for a URI format nbformat's schema never uses: skip it in workers.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import logging

    logging.getLogger("papermill").setLevel(logging.ERROR)
    if logmap:
        # Kernel and worker chatter (e.g. ipykernel's TCP warning) goes to a log file, not over the
        # progress bar. Kernels inherit these file descriptors.
        Path(logmap).mkdir(parents=True, exist_ok=True)
        fd = os.open(Path(logmap) / f"worker-{os.getpid()}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)


class _Geheugenmeter(threading.Thread):
    """Samples RSS of this worker and its child processes (the kernel) to find the peak."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.piek = 0
        self.piek_kinderen = 0

    def run(self):
        try:
            import psutil
        except ImportError:  # pragma: no cover
            return
        ik = psutil.Process()
        while not self.stop.is_set():
            try:
                kinderen = sum(k.memory_info().rss for k in ik.children(recursive=True))
                self.piek_kinderen = max(self.piek_kinderen, kinderen)
                self.piek = max(self.piek, ik.memory_info().rss + kinderen)
            except Exception:  # noqa: BLE001 - processes come and go
                pass
            self.stop.wait(0.2)


def voer_stap_uit(opdracht: dict) -> dict:
    """Run one step notebook (in a worker process) and commit its outputs atomically.

    ``opdracht``: notebook, map, stap, parameters, kernel, fingerprint, onderdelen, cwd,
    start_timeout, execution_timeout. Returns status, ename, evalue, duur, pogingen, piek_mb, ...
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from . import __version__

    map_, stap = Path(opdracht["map"]), opdracht["stap"]
    map_.mkdir(parents=True, exist_ok=True)
    herstel_stap(map_, stap)
    nb_pad, fout_pad = map_ / f"{stap}.ipynb", map_ / f"{stap}.fout.ipynb"
    res, bak = map_ / stap, _bak(map_, stap)
    vorige = lees_record(map_, stap)
    verplaatst = res.exists()
    gestart = _nu()
    basis = {"stap": stap, "fingerprint": opdracht["fingerprint"], "onderdelen": opdracht["onderdelen"],
             "parameters": opdracht["parameters"], "kernel": opdracht["kernel"], "versie": __version__,
             "gestart": gestart}
    schrijf_record(map_, stap, basis | {"status": "bezig", "vorige": vorige,
                                        "resultaten_verplaatst": verplaatst, "pid": os.getpid()})
    if verplaatst:
        res.rename(bak)

    t0 = time.monotonic()
    meter = _Geheugenmeter()
    meter.start()
    status, ename, evalue, pogingen = OK, "", "", 0
    tmp = map_ / f".{stap}.{uuid.uuid4().hex[:8]}.tmp.ipynb"
    try:
        while True:
            pogingen += 1
            try:
                pm.execute_notebook(
                    str(opdracht["notebook"]), str(tmp), parameters=opdracht["parameters"],
                    kernel_name=opdracht["kernel"], progress_bar=False, log_output=False,
                    # papermill otherwise rewrites the whole notebook (images included) twice per cell;
                    # the output goes to a temp file anyway, so only the final (or failed) state matters
                    request_save_on_cell_execute=False,
                    start_timeout=opdracht.get("start_timeout", START_TIMEOUT),
                    execution_timeout=opdracht.get("execution_timeout", EXECUTION_TIMEOUT),
                    cwd=opdracht.get("cwd"))
                break
            except PapermillExecutionError as e:
                status, ename, evalue = FOUT, e.ename, str(e.evalue)
                break
            except Exception as e:  # noqa: BLE001 - recorded, never crashes the run
                if pogingen == 1 and is_kernel_startfout(e):
                    tmp.unlink(missing_ok=True)
                    if res.exists():
                        shutil.rmtree(res, ignore_errors=True)
                    time.sleep(1.0)
                    continue
                status, ename, evalue = FOUT, type(e).__name__, str(e)
                break
    finally:
        meter.stop.set()
    duur = time.monotonic() - t0

    def vul_metadata_aan(doel: Path) -> None:
        # the audit record names its final path and how it was run (papermill wrote the temp path)
        if not tmp.exists():
            return
        try:
            import nbformat

            nb = nbformat.read(str(tmp), as_version=4)
            nb.metadata.setdefault("papermill", {})["output_path"] = str(doel)
            nb.metadata["woonzorganalyse"] = {"kernel": opdracht["kernel"], "fingerprint": opdracht["fingerprint"],
                                              "versie": __version__, "pogingen": pogingen}
            nbformat.write(nb, str(tmp))
        except Exception:  # noqa: BLE001 - cosmetic; never lose the notebook over it
            pass

    if status == OK:
        vul_metadata_aan(nb_pad)
        os.replace(tmp, nb_pad)
        fout_pad.unlink(missing_ok=True)
        schrijf_record(map_, stap, basis | {
            "status": OK, "notebook_sha": sha_bestand(nb_pad), "resultaten": res.is_dir(),
            "klaar": _nu(), "duur": round(duur, 2)})
        if bak.exists():
            shutil.rmtree(bak, ignore_errors=True)
    else:
        if tmp.exists():
            vul_metadata_aan(fout_pad)
            os.replace(tmp, fout_pad)
        if res.exists():
            shutil.rmtree(res, ignore_errors=True)
        if bak.exists():
            bak.rename(res)
        laatste_ok = vorige if vorige and vorige.get("status") == OK else (vorige or {}).get("laatste_ok")
        schrijf_record(map_, stap, basis | {
            "status": FOUT, "ename": ename, "evalue": evalue[:2000], "klaar": _nu(), "duur": round(duur, 2),
            "laatste_ok": laatste_ok})
    mb = 1024 * 1024
    return {"status": status, "ename": ename, "evalue": evalue, "duur": duur, "pogingen": pogingen,
            "notebook": str(nb_pad if status == OK else fout_pad), "gestart": gestart,
            "piek_mb": round(meter.piek / mb, 1) if meter.piek else None,
            "piek_kernel_mb": round(meter.piek_kinderen / mb, 1) if meter.piek_kinderen else None,
            "pid": os.getpid()}


# --- the run ---------------------------------------------------------------------------------------


def _mp_context():
    """spawn (no forked threads or ZMQ state), unless the main module cannot be re-imported by a
    spawned child (a script read from stdin: ``__file__ == '<stdin>'``); then fork (POSIX)."""
    main = sys.modules.get("__main__")
    pad = getattr(main, "__file__", None)
    if getattr(main, "__spec__", None) is None and pad and not Path(pad).exists() and os.name == "posix":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def maak_pool(workers: int, logmap: Path | None = None) -> cf.ProcessPoolExecutor:
    """The worker pool; created only when a step must run."""
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(),
                                  initializer=_worker_init, initargs=(str(logmap) if logmap else None,))


def _stapresultaat(t: "_Taak", uit: dict) -> StapResultaat:
    return StapResultaat(
        t.gemeente, t.gemeentenaam, t.stap.naam, uit["status"], duur=uit.get("duur", 0.0), reden=t.reden,
        ename=uit.get("ename", ""), evalue=uit.get("evalue", ""), notebook=uit.get("notebook", ""),
        pogingen=uit.get("pogingen", 0), piek_mb=uit.get("piek_mb"), piek_kernel_mb=uit.get("piek_kernel_mb"),
        gestart=uit.get("gestart", ""), worker_pid=uit.get("pid"))


@dataclass
class _Taak:
    sleutel: tuple[str, str]  # (gemeente code | "regio", stap)
    stap: Stap
    gemeente: str
    gemeentenaam: str
    map: Path
    parameters: dict[str, Any]
    wacht_op: list[tuple[str, str]] = field(default_factory=list)  # tasks in this run
    overslaan_na: list[tuple[str, str]] = field(default_factory=list)  # failure here skips this task
    fp_deps: list[tuple[str, str]] = field(default_factory=list)  # all steps whose fingerprint counts
    fingerprint: str = ""
    onderdelen: dict[str, str] = field(default_factory=dict)
    reden: str = ""
    pogingen_pool: int = 0


def _maak_taken(stappen_alle: list[Stap], stappen: list[Stap], gemeenten_alle: list[tuple[str, str]],
                gemeenten: list[tuple[str, str]], regio_map: Path, regio_param: str, regionaam: str,
                extra: dict[str, Any]) -> dict[tuple[str, str], _Taak]:
    taken: dict[tuple[str, str], _Taak] = {}
    gekozen = {s.naam for s in stappen}
    for s in stappen:
        if s.per_regio:
            map_ = regio_map / REGIO_MAP
            params = {"regio": regio_param, "uitvoer_map": str(map_)} | extra
            taken[(REGIO_MAP, s.naam)] = _Taak((REGIO_MAP, s.naam), s, REGIO_MAP, regionaam, map_, params)
        else:
            for code, naam in gemeenten:
                map_ = regio_map / code
                params = {"regio": regio_param, "gemeente": code, "uitvoer_map": str(map_)} | extra
                taken[(code, s.naam)] = _Taak((code, s.naam), s, code, naam, map_, params)
    for (g, _), t in taken.items():
        eerder = [s for s in stappen_alle if s.nummer < t.stap.nummer]
        regio_deps = [(REGIO_MAP, s.naam) for s in eerder if s.per_regio]
        if g == REGIO_MAP:
            gem_deps = [(c, s.naam) for s in eerder if not s.per_regio for c, _n in gemeenten_alle]
            t.overslaan_na = []
        else:
            gem_deps = [(g, s.naam) for s in eerder if not s.per_regio]
            t.overslaan_na = [d for d in gem_deps if d in taken]
        t.fp_deps = gem_deps + regio_deps
        t.wacht_op = [d for d in t.fp_deps if d in taken and d[1] in gekozen]
    return taken


def _invoer_hashes(regio_obj, root: Path) -> dict[str, str]:
    bestanden = _params_module().invoer_bestanden(regio_obj)
    cache: dict[Path, str] = {}
    return {cat: _hash_paden(bestanden.get(cat, []) or [], root, cache) for cat in ALLE_INVOER}


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
    atomair_tekst(pad, buf.getvalue())


def lees_run_csv(pad: Path) -> list[dict[str, str]]:
    """The rows of a ``run.csv`` (empty when missing)."""
    try:
        with open(pad, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f, delimiter=";"))
    except OSError:
        return []


def samenvatting(res: RunResultaat) -> str:
    """Dutch summary: counts, a gemeente x stap table (status + duration) and the first error lines."""
    kop = (f"Run {res.regionaam} ({res.regio}): " + ", ".join(
        f"{res.aantal(s)} {s}" for s in (OK, ACTUEEL, FOUT, OVERGESLAGEN, ONDERBROKEN) if res.aantal(s))
        + f" — {_duur_nl(res.duur)} met {res.workers} worker{'s' if res.workers != 1 else ''}")
    cel = {(r.gemeente, r.stap): r for r in res.rijen}
    rijkoppen: list[tuple[str, str]] = []
    for r in res.rijen:
        k = (r.gemeente, f"{r.gemeente} {r.gemeentenaam}" if r.gemeente != REGIO_MAP else "regio (alle)")
        if k not in rijkoppen:
            rijkoppen.append(k)
    rijkoppen.sort(key=lambda k: (k[0] == REGIO_MAP, k[0]))

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
        for r in res.fouten:
            regels.append(f"  {r.gemeente} {r.gemeentenaam} · {r.stap}: {r.foutregel}")
            if r.notebook:
                regels.append(f"    zie {r.notebook}")
    if res.onderbroken:
        regels += ["", "Run onderbroken; draai hem opnieuw om verder te gaan (wat klaar is blijft staan)."]
    if res.run_csv:
        regels += ["", f"Overzicht: {res.run_csv}"]
    return "\n".join(regels)


def run(regio: Any, stappen: Iterable[str] | str | None = None, gemeenten: Iterable[str] | str | None = None,
        workers: int | None = None, opnieuw: bool = False, notebooks_map: str | Path | None = None,
        uitvoer_root: str | Path | None = None, toon_voortgang: bool = True,
        parameters: dict[str, Any] | None = None, kernel_name: str | None = None) -> RunResultaat:
    """Run the step notebooks of ``regio`` (slug, yaml path or regio object); see the module docstring.

    ``parameters``: extra parameters injected into every selected notebook (each must declare them),
    e.g. ``{"peiljaar": 2024}``. ``kernel_name`` defaults to ``$WZ_KERNEL`` or "woonzorganalyse"
    (installed when missing). Raises a ``BatchFout`` before any kernel starts when the regio, a step,
    a gemeente or a parameter is wrong.
    """
    t_start = time.monotonic()
    root = project_root()
    notebooks_map = Path(notebooks_map or root / "notebooks").resolve()
    uitvoer_root = Path(uitvoer_root or root / "outputs").resolve()
    root = notebooks_map.parent

    # 1. validate everything before any kernel starts
    regio_obj = laad_regio(regio)
    regionaam = str(getattr(regio_obj, "naam", regio_obj.slug))
    stappen_alle = vind_stappen(notebooks_map)
    gekozen_stappen = kies_stappen(stappen_alle, stappen)
    gemeenten_alle = gemeenten_van(regio_obj)
    for code, _ in gemeenten_alle:
        if not GM_PATROON.match(code):
            raise OnbekendeGemeente(f"Gemeentecode '{code}' in regio '{regionaam}' is geen GM + 4 cijfers.")
    gekozen_gemeenten = kies_gemeenten(gemeenten_alle, gemeenten, regionaam)
    extra = dict(parameters or {})
    gereserveerd = {"regio", "gemeente", "uitvoer_map"} & set(extra)
    if gereserveerd:
        raise OnbekendeParameter(
            f"Parameter(s) {', '.join(sorted(gereserveerd))} zet de batch zelf; geef ze niet mee.")
    regio_map = uitvoer_root / str(regio_obj.slug)
    taken = _maak_taken(stappen_alle, gekozen_stappen, gemeenten_alle, gekozen_gemeenten, regio_map,
                        _regio_parameter(regio, regio_obj, root), regionaam, extra)
    gezien = set()
    for t in taken.values():
        if (t.stap.naam, t.stap.per_regio) not in gezien:
            valideer_parameters(t.stap, t.parameters)
            gezien.add((t.stap.naam, t.stap.per_regio))
    cores = aantal_cores()
    if workers is not None and workers < 1:
        raise BatchFout("Het aantal workers moet minstens 1 zijn.")
    workers = min(workers or cores, cores)
    if kernel_name is None:
        from .kernel import zorg_voor_kernel

        kernel_name = zorg_voor_kernel()

    resultaten: dict[tuple[str, str], StapResultaat] = {}
    onderbroken = False
    with RegioSlot(regio_map, "run"):
        ruim_op(regio_map)
        logmap = regio_map / "logs"  # worker/kernel stderr of the last run that executed something
        invoer = _invoer_hashes(regio_obj, root)
        wz = wzlib_hash()
        nb_sha = {s.naam: sha_bestand(s.pad) for s in gekozen_stappen}

        def effectief_fp(dep: tuple[str, str]) -> str:
            if dep in taken:
                r = resultaten.get(dep)
                return taken[dep].fingerprint if r and r.status in GELUKT else "niet-ok"
            rec = lees_record(regio_map / dep[0], dep[1])
            return rec["fingerprint"] if rec and rec.get("status") == OK else "ontbreekt"

        def vingerafdruk(t: _Taak) -> None:
            ond = {"notebook": nb_sha[t.stap.naam], "wzlib": wz, "parameters": _sha_json(t.parameters)}
            ond |= {cat: invoer[cat] for cat in invoer_categorieen(t.stap.naam)}
            ond |= {f"na:{d[1] if d[0] == t.gemeente else '/'.join(d)}": effectief_fp(d) for d in t.fp_deps}
            t.onderdelen, t.fingerprint = ond, _sha_json(ond)

        def prio(k: tuple[str, str]):
            t = taken[k]
            return (t.stap.nummer, not t.stap.per_regio, t.gemeente)

        open_ = set(taken)
        wachtrij: list[tuple[str, str]] = []
        lopend: dict[cf.Future, tuple[str, str]] = {}
        pool: cf.ProcessPoolExecutor | None = None
        logs_gewist = False

        from tqdm.auto import tqdm

        balk = tqdm(total=len(taken), desc=f"wz run {regio_obj.slug}", unit="nb", disable=not toon_voortgang,
                    file=sys.stderr, dynamic_ncols=True)

        def klaar(k: tuple[str, str], r: StapResultaat) -> None:
            resultaten[k] = r
            balk.set_postfix_str(f"{k[0]} {k[1]}: {r.status}", refresh=False)
            balk.update(1)

        def beoordeel() -> None:
            """Classify every task whose dependencies are done: overgeslagen, actueel or to run."""
            veranderd = True
            while veranderd:
                veranderd = False
                for k in sorted(open_, key=prio):
                    t = taken[k]
                    if any(d not in resultaten for d in t.wacht_op):
                        continue
                    open_.discard(k)
                    veranderd = True
                    mislukt = [d[1] for d in t.overslaan_na if resultaten[d].status not in GELUKT]
                    if mislukt:
                        klaar(k, StapResultaat(t.gemeente, t.gemeentenaam, t.stap.naam, OVERGESLAGEN,
                                               reden=f"eerdere stap niet gelukt: {', '.join(mislukt)}"))
                        continue
                    vingerafdruk(t)
                    rec = lees_record(t.map, t.stap.naam)
                    if (not opnieuw and rec and rec.get("fingerprint") == t.fingerprint
                            and is_gelukt(t.map, t.stap.naam, rec)):
                        klaar(k, StapResultaat(t.gemeente, t.gemeentenaam, t.stap.naam, ACTUEEL,
                                               reden="invoer ongewijzigd",
                                               notebook=str(t.map / f"{t.stap.naam}.ipynb")))
                        continue
                    t.reden = _reden(rec, t.onderdelen, opnieuw)
                    wachtrij.append(k)
            wachtrij.sort(key=prio)

        def opdracht(t: _Taak) -> dict:
            return {"notebook": str(t.stap.pad), "map": str(t.map), "stap": t.stap.naam,
                    "parameters": t.parameters, "kernel": kernel_name, "fingerprint": t.fingerprint,
                    "onderdelen": t.onderdelen, "cwd": str(root), "start_timeout": START_TIMEOUT,
                    "execution_timeout": EXECUTION_TIMEOUT}

        try:
            beoordeel()
            while wachtrij or lopend:
                while wachtrij and len(lopend) < workers:
                    k = wachtrij.pop(0)
                    if pool is None:
                        if not logs_gewist and logmap.is_dir():
                            for oud in logmap.glob("worker-*.log"):
                                oud.unlink(missing_ok=True)
                        logs_gewist = True
                        pool = maak_pool(workers, logmap)
                    taken[k].pogingen_pool += 1
                    lopend[pool.submit(voer_stap_uit, opdracht(taken[k]))] = k
                gedaan, _ = cf.wait(list(lopend), return_when=cf.FIRST_COMPLETED)
                kapot = False
                for fut in gedaan:
                    k = lopend.pop(fut)
                    t = taken[k]
                    try:
                        uit = fut.result()
                    except cf.process.BrokenProcessPool:
                        kapot = True
                        lopend[fut] = k  # handled below with the other victims
                        continue
                    except Exception as e:  # noqa: BLE001 - a bug in the worker wrapper itself
                        uit = {"status": FOUT, "ename": type(e).__name__, "evalue": str(e), "duur": 0.0}
                    klaar(k, _stapresultaat(t, uit))
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
                    resultaten[k] = StapResultaat(t.gemeente, t.gemeentenaam, t.stap.naam, ONDERBROKEN,
                                                  reden="run onderbroken")
        finally:
            if pool is not None:
                pool.shutdown(wait=True)
            balk.close()

        rijen = [resultaten[k] for k in sorted(taken, key=lambda k: (k[0] == REGIO_MAP, k[0],
                                                                       taken[k].stap.nummer))]
        run_csv = regio_map / RUN_CSV
        _schrijf_run_csv(run_csv, rijen)

    waarschuwingen = [f"{s.pad.name}: papermill kan parameterregel niet lezen ({r}); geef geen '=' in "
                      f"het commentaar" for s in gekozen_stappen for r in s.onleesbaar]
    res = RunResultaat(str(regio_obj.slug), regionaam, [s.naam for s in gekozen_stappen], rijen, regio_map,
                       run_csv, time.monotonic() - t_start, workers, onderbroken, waarschuwingen)
    if toon_voortgang:
        print(samenvatting(res))
    return res
