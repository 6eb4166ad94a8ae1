"""Where every file of the toolkit lives, and how files are written safely: the one place that builds
paths under ``outputs/``, ``data/cache/`` and ``params/``.

Layout of one run (``<uitvoer>`` is ``<project>/outputs`` unless a test or a user passes another)::

    <uitvoer>/<regio>/                      regio map: run.csv, index.html, html/, logs/, .wz.lock
    <uitvoer>/<regio>/<GMxxxx>/             per gemeente; <uitvoer>/<regio>/regio/ for regio steps
        <notebook>.ipynb                    executed notebook of the last successful run
        <notebook>.fout.ipynb               notebook of the last failed run (never published)
        <notebook>.fingerprint.json         state of the step (status, fingerprint, parts)
        <notebook>/<tabel>.parquet          result tables (see wzlib.catalogus)
        <notebook>/resultaat.json           provenance of those tables

Caches: ``data/cache/cbs`` (CBS tables), ``data/cache/invoer/<sleutel>`` (validated import folders),
``data/cache/lokaal/<sleutel>`` (validated local input). All caches are data formats (parquet, JSON).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

#: Folder (next to the GMxxxx folders) holding the results of steps that run once per regio.
REGIO = "regio"
RESULTAAT_META = "resultaat.json"
RUN_CSV = "run.csv"
HTML_MAP = "html"
INDEX = "index.html"


# --- project ---------------------------------------------------------------------------------------
def sha_bestand(pad: Path) -> str:
    """SHA-256 of a file's bytes (here, not in :mod:`wzlib.vingerafdruk`, so the state of a step folder can
    be checked without importing pandas: a ``wz run`` worker stays light)."""
    h = hashlib.sha256()
    with open(pad, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def projectmap() -> Path:
    """The project root: $WZ_PROJECT, else the first folder upwards from cwd holding params/regios,
    else the folder above the installed wzlib package."""
    if os.environ.get("WZ_PROJECT"):
        return Path(os.environ["WZ_PROJECT"]).resolve()
    for p in [Path.cwd(), *Path.cwd().parents]:
        if (p / "params" / "regios").is_dir():
            return p
    return Path(__file__).resolve().parent.parent


def regios_map(root: Path) -> Path:
    return Path(root) / "params" / "regios"


def regio_yaml(root: Path, slug: str) -> Path:
    return regios_map(root) / f"{slug}.yaml"


def kengetallen_standaard(root: Path) -> Path:
    return Path(root) / "params" / "kengetallen.yaml"


def notebooks_map(root: Path) -> Path:
    return Path(root) / "notebooks"


def uitvoer_root(root: Path) -> Path:
    return Path(root) / "outputs"


def lokaal_standaard(root: Path, slug: str) -> Path:
    """Default folder for a regio's local input templates (``wz template``); not committed."""
    return Path(root) / "data" / "lokaal" / slug


# --- caches ----------------------------------------------------------------------------------------
def cache_map(root: Path) -> Path:
    return Path(root) / "data" / "cache"


def cache_cbs(root: Path) -> Path:
    return cache_map(root) / "cbs"


def cache_invoer(root: Path, sleutel: str) -> Path:
    return cache_map(root) / "invoer" / sleutel


def cache_lokaal(root: Path, sleutel: str) -> Path:
    return cache_map(root) / "lokaal" / sleutel


# --- outputs of a run --------------------------------------------------------------------------------
def uitvoer_regio(uitvoer: Path, slug: str) -> Path:
    """``<uitvoer>/<regio>``: everything of one regio's runs."""
    return Path(uitvoer) / slug


def uitvoer_wie(regio_map: Path, wie: str) -> Path:
    """The folder of one gemeente (``GMxxxx``) or of the regio steps (:data:`REGIO`)."""
    return Path(regio_map) / wie


def resultaat_map(wie_map: Path, notebook: str) -> Path:
    """Folder of a step's result tables, next to its executed notebook."""
    return Path(wie_map) / notebook


def resultaat_bestand(wie_map: Path, notebook: str, tabel: str) -> Path:
    return resultaat_map(wie_map, notebook) / f"{tabel}.parquet"


def resultaat_meta(wie_map: Path, notebook: str) -> Path:
    return resultaat_map(wie_map, notebook) / RESULTAAT_META


def notebook_uitvoer(wie_map: Path, notebook: str) -> Path:
    return Path(wie_map) / f"{notebook}.ipynb"


def notebook_fout(wie_map: Path, notebook: str) -> Path:
    return Path(wie_map) / f"{notebook}.fout.ipynb"


def notebook_tijdelijk_patroon(notebook: str) -> str:
    """Glob pattern of the temporary notebooks a running step writes (``.<notebook>.<id>.tmp.ipynb``)."""
    return f".{notebook}.*.tmp.ipynb"


def notebook_tijdelijk(wie_map: Path, notebook: str, kenmerk: str) -> Path:
    return Path(wie_map) / f".{notebook}.{kenmerk}.tmp.ipynb"


def record(wie_map: Path, notebook: str) -> Path:
    """The step's state file (status, fingerprint)."""
    return Path(wie_map) / f"{notebook}.fingerprint.json"


def record_naar_stap(bestandsnaam: str) -> str | None:
    """Inverse of :func:`record`: the notebook name of a state file name, else None."""
    return bestandsnaam.removesuffix(".fingerprint.json") if bestandsnaam.endswith(".fingerprint.json") else None


def vorige_resultaten(wie_map: Path, notebook: str) -> Path:
    """Where a running step keeps the previous results until it succeeds."""
    return Path(wie_map) / f".{notebook}.vorige"


def run_csv(regio_map: Path) -> Path:
    return Path(regio_map) / RUN_CSV


def logs(regio_map: Path) -> Path:
    return Path(regio_map) / "logs"


def html_map(regio_map: Path) -> Path:
    return Path(regio_map) / HTML_MAP


def index(regio_map: Path) -> Path:
    return Path(regio_map) / INDEX


def slot(regio_map: Path) -> Path:
    """Lock file of a regio (one run or publication at a time)."""
    return Path(regio_map) / ".wz.lock"


def zip_bestand(regio_map: Path, slug: str) -> Path:
    return Path(regio_map) / f"{slug}_rapporten.zip"


# --- writing safely --------------------------------------------------------------------------------
def standaard_modus() -> int:
    """File mode for new files under the current umask (mkstemp alone gives 0600, which a shared drive
    or web server cannot read)."""
    huidig = os.umask(0)
    os.umask(huidig)
    return 0o666 & ~huidig


def atomair_schrijven(pad: Path, schrijf: Callable[[Path], object]) -> None:
    """Call ``schrijf(tmp_path)`` and rename the temp file onto ``pad``: a crash never leaves half a
    file, and a failing ``schrijf`` leaves the previous file as it was."""
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{pad.name}.", suffix=".tmp", dir=pad.parent)
    except OSError as e:  # read-only folder, disk full: name the file that was to be written, not the temp
        raise OSError(e.errno, e.strerror, str(pad)) from None
    os.close(fd)
    try:
        schrijf(Path(tmp))
        os.chmod(tmp, standaard_modus())
        os.replace(tmp, pad)
    except OSError as e:  # disk full, read-only: the message names the file that was being written
        Path(tmp).unlink(missing_ok=True)
        if not e.filename:
            e.filename = str(pad)
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomair_tekst(pad: Path, tekst: str) -> None:
    atomair_schrijven(pad, lambda p: p.write_text(tekst, encoding="utf-8"))


def overzicht_kaart(regio_map: Path) -> Path:
    """The rendered map of the regio index with its key (:func:`wzlib.overzicht_kern.kaart_html`): JSON, so that
    ``wz publish`` with nothing changed does not draw it again (drawing imports geopandas and seaborn: seconds)."""
    return Path(regio_map) / REGIO / "_berekeningen" / "overzicht_kaart" / "kaart.json"


def regio_berekening(regio_map: Path, sleutel: str) -> Path:
    """Folder of a shared regio-wide computation (:mod:`wzlib.regioberekening`), one subfolder per key."""
    return Path(regio_map) / REGIO / "_berekeningen" / sleutel
