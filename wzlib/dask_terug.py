"""``wz run --dask`` without a shared folder: the worker runs a step in a private folder and sends its files back.

When the Dask workers do not see this machine's output folder (or with ``--dask-terugsturen``), a task
travels as follows (:mod:`wzlib.dask_uitvoer` does the Dask part, this module the files):

1. :func:`pakket` (client): what the step reads from the regio's output folder, as ``{relative path: bytes}``
   — the result folders of the steps it reads (``opdracht["leest"]``, from :func:`wzlib.stappen.afhankelijkheden`),
   the stored regio-wide computations of the step (:data:`wzlib.stappen.REGIO_BEREKENINGEN`), the step's own
   state file (so a failure keeps the same ``laatste_ok``), and for the monitoring step, which compares the
   whole analysis with earlier snapshots, every state file, its own and the regio's results and the snapshots.
2. :func:`voer_uit_prive` (worker): unpacks that into a private temp folder laid out like the regio folder,
   runs :func:`wzlib.werker.voer_stap_uit` (the same function as the local route) with that folder as output
   folder, and returns every file the step created or changed, with the temp path in text files replaced by
   the client's path (the notebook and state file then read as after a local run); the temp folder is removed.
3. :func:`schrijf_terug` (client): checks every returned path first (a path outside the regio's output folder
   is refused, and nothing is written), then writes the files where the local route would have put them, each
   atomically: on success the new result folder replaces the old one at once, then the notebook, the old
   failed notebook goes, and the state file comes last; on failure the previous results stay, the failed
   notebook and the state file are written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path, PurePosixPath

from . import momentopname, paden, werker
from .fouten import WzFout
from .stappen import MONITORING, REGIO_BEREKENINGEN
from .toestand import BEZIG, OK, lees_record, schrijf_record
from .vingerafdruk import sha_bestand

_TIJDELIJK = ".terug"  # suffix of the folder the returned results are put together in
#: Returned files whose text names the worker's temp folder (replaced by the client's folder).
_TEKST = (".ipynb", ".json", ".txt", ".csv", ".md", ".html", ".log")


class TerugFout(WzFout):
    """What a Dask worker sent back cannot be written (a path outside the regio's output folder)."""


def relatief_pad(regio_map: Path, rel: object) -> Path:
    """``regio_map / rel`` for a relative POSIX path that stays inside ``regio_map`` (also through symlinks);
    anything else (absolute, ``..``, empty, not text) raises :class:`TerugFout`."""
    regio_map = Path(regio_map)
    delen = PurePosixPath(rel).parts if isinstance(rel, str) and rel and "\x00" not in rel and "\\" not in rel else ()
    if not delen or PurePosixPath(rel).is_absolute() or any(d in ("..", ".", "") for d in delen):
        raise TerugFout(f"Een Dask-worker stuurde een bestand terug met een pad buiten de uitvoermap {regio_map} "
                        f"({rel!r}); er is niets van deze stap geschreven. Controleer de workers (zelfde versie van "
                        f"het project, geen onbekende machines aan de scheduler).")
    pad = regio_map.joinpath(*delen)
    basis = regio_map.resolve()
    if not pad.resolve().is_relative_to(basis) or pad.resolve() == basis:
        raise TerugFout(f"Een Dask-worker stuurde een bestand terug dat buiten de uitvoermap {regio_map} zou "
                        f"landen ({rel!r}, via een snelkoppeling); er is niets van deze stap geschreven.")
    return pad


def _bestanden(map_: Path, regio_map: Path, patroon: str = "*") -> dict[str, bytes]:
    """The files under ``map_`` (recursively, no hidden files or folders) by path relative to ``regio_map``."""
    if not map_.is_dir():
        return {}
    uit = {}
    for p in sorted(map_.rglob(patroon)):
        rel = p.relative_to(regio_map)
        if p.is_file() and not any(d.startswith(".") for d in rel.parts):
            uit[rel.as_posix()] = p.read_bytes()
    return uit


def pakket(opdracht: dict) -> dict[str, bytes]:
    """What the task ``opdracht`` (see :func:`wzlib.werker.voer_stap_uit`) reads from the regio's output folder."""
    map_ = Path(opdracht["map"])
    regio_map, nb = map_.parent, opdracht["stap"]
    uit: dict[str, bytes] = {}
    eigen = paden.record(map_, nb)
    if eigen.is_file():
        uit[eigen.relative_to(regio_map).as_posix()] = eigen.read_bytes()
    for rel in opdracht.get("leest", ()):
        uit |= _bestanden(relatief_pad(regio_map, rel), regio_map)
    for b in REGIO_BEREKENINGEN.values():
        if b.stap.notebook == nb:
            uit |= _bestanden(paden.regio_berekening(regio_map, b.sleutel), regio_map)
    if nb == MONITORING.notebook:  # the whole analysis now (state files) against the snapshots
        for wie in sorted({map_.name, paden.REGIO}):
            w = paden.uitvoer_wie(regio_map, wie)
            for sub in (sorted(w.iterdir()) if w.is_dir() else []):
                if sub.is_dir() and not sub.name.startswith((".", "_")):
                    uit |= _bestanden(sub, regio_map)
        for w in sorted(regio_map.iterdir()):
            if w.is_dir() and (w.name == paden.REGIO or w.name.startswith("GM")):
                uit |= _bestanden(w, regio_map, "*.fingerprint.json")
        snap = momentopname.map_van(regio_map)
        for s in (sorted(snap.iterdir()) if snap.is_dir() else []):
            if s.is_dir() and not s.name.startswith("."):
                uit |= _bestanden(s, regio_map, momentopname.META)
                for wie in (map_.name, paden.REGIO):
                    uit |= _bestanden(s / wie, regio_map)
    return uit


# --- on the worker ---------------------------------------------------------------------------------


def _staat(map_: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(map_).as_posix(): (st.st_size, st.st_mtime_ns)
            for p in map_.rglob("*") if p.is_file() and (st := p.stat())}


def _vervang(tekst: str, van: str, naar: str) -> str:
    for a, b in ((van, naar), (json.dumps(van)[1:-1], json.dumps(naar)[1:-1])):
        tekst = tekst.replace(a, b)
    return tekst


def voer_uit_prive(opdracht: dict, pakket_: dict[str, bytes], werkmap: str | None = None) -> dict:
    """On a Dask worker: run the task in a private temp folder (under ``werkmap``, default the system's temp
    folder) filled with ``pakket_``; returns ``{"uit": what voer_stap_uit returns, "bestanden": {rel: bytes}}``."""
    klant_map = Path(opdracht["map"])
    klant_regio, wie, nb = klant_map.parent, klant_map.name, opdracht["stap"]
    if werkmap:
        Path(werkmap).mkdir(parents=True, exist_ok=True)
    basis = Path(tempfile.mkdtemp(prefix="wz-dask-", dir=werkmap)).resolve()
    try:
        regio_w = basis / klant_regio.name
        regio_w.mkdir()
        for rel, data in pakket_.items():
            p = relatief_pad(regio_w, rel)
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        voor = _staat(regio_w)
        map_w = paden.uitvoer_wie(regio_w, wie)
        uit = werker.voer_stap_uit(opdracht | {"map": str(map_w),
                                               "parameters": opdracht["parameters"] | {"uitvoer_map": str(map_w)}})
        van, naar = str(regio_w), str(klant_regio)
        gewijzigd = [rel for rel, st in _staat(regio_w).items() if voor.get(rel) != st]
        for rel in gewijzigd:
            p = regio_w / rel
            if p.suffix in _TEKST:
                tekst = p.read_text(encoding="utf-8")
                if van in tekst or json.dumps(van)[1:-1] in tekst:
                    p.write_text(_vervang(tekst, van, naar), encoding="utf-8")
        rec = lees_record(map_w, nb)
        nb_pad = paden.notebook_uitvoer(map_w, nb)
        if rec and rec.get("status") == OK and nb_pad.is_file():  # the hash of the notebook as the client has it
            schrijf_record(map_w, nb, rec | {"notebook_sha": sha_bestand(nb_pad)})
        bestanden = {rel: (regio_w / rel).read_bytes() for rel, st in _staat(regio_w).items() if voor.get(rel) != st}
        uit["notebook"] = _vervang(str(uit.get("notebook", "")), van, naar)
        return {"uit": uit, "bestanden": bestanden}
    finally:
        shutil.rmtree(basis, ignore_errors=True)


# --- on the client ---------------------------------------------------------------------------------


def _schrijf(pad: Path, data: bytes) -> None:
    paden.atomair_schrijven(pad, lambda p: p.write_bytes(data))


def schrijf_terug(opdracht: dict, antwoord: dict) -> dict:
    """Write what the worker returned for ``opdracht`` into the regio's output folder, as the local route would
    have left it; returns the task's outcome (the ``uit`` of :func:`wzlib.werker.voer_stap_uit`, with the bytes
    both ways added). Raises :class:`TerugFout` before writing anything when a path is outside the folder."""
    map_ = Path(opdracht["map"])
    regio_map, nb = map_.parent, opdracht["stap"]
    uit, bestanden = dict(antwoord.get("uit") or {}), antwoord.get("bestanden")
    if not isinstance(bestanden, dict) or not all(isinstance(b, bytes) for b in bestanden.values()):
        raise TerugFout(f"Een Dask-worker stuurde voor {nb} ({map_.name}) geen bestanden in de verwachte vorm terug.")
    doelen = {rel: relatief_pad(regio_map, rel) for rel in bestanden}  # all checked before the first write
    res, rec = paden.resultaat_map(map_, nb), paden.record(map_, nb)
    for oud in map_.glob(f".{nb}.*{_TIJDELIJK}"):  # left by an interrupted earlier write-back
        shutil.rmtree(oud, ignore_errors=True)
    ok = uit.get("status") == OK
    bak = paden.vorige_resultaten(map_, nb)
    if ok:
        nieuw = {p: bestanden[rel] for rel, p in doelen.items() if res in p.parents}
        tmp = map_ / f".{nb}.{uuid.uuid4().hex[:8]}{_TIJDELIJK}"
        for p, data in nieuw.items():
            doel = tmp / p.relative_to(res)
            doel.parent.mkdir(parents=True, exist_ok=True)
            doel.write_bytes(data)
            os.chmod(doel, paden.standaard_modus())
        # as the local route: 'bezig' with the previous state first, so an interruption from here on is repaired
        # by wzlib.toestand.herstel_stap (previous results back) at the start of the next run
        vorige = lees_record(map_, nb)
        schrijf_record(map_, nb, {"status": BEZIG, "vorige": vorige, "resultaten_verplaatst": res.exists()})
        if res.exists():
            shutil.rmtree(bak, ignore_errors=True)
            res.rename(bak)
        if nieuw:
            os.replace(tmp, res)
    for rel, p in doelen.items():
        if p != rec and res not in p.parents:
            _schrijf(p, bestanden[rel])
    if ok:
        paden.notebook_fout(map_, nb).unlink(missing_ok=True)
    rel_rec = rec.relative_to(regio_map).as_posix()
    if rel_rec in bestanden:
        _schrijf(rec, bestanden[rel_rec])
    if ok:
        shutil.rmtree(bak, ignore_errors=True)
    uit["bytes_terug"] = sum(len(b) for b in bestanden.values())
    return uit
