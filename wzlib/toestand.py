"""The state of each step on disk: its record (status, fingerprint), recovery after an interrupted run,
and the regio lock that lets one run or publication at a time touch a regio's outputs.

Per step folder the state lives in ``<notebook>.fingerprint.json`` (``wzlib.paden.record``) with status
ok / fout / bezig / onderbroken. A running step moves its previous results aside (``.<notebook>.vorige``)
and marks itself "bezig"; :func:`herstel_stap` puts things back when a run was killed, so a good result
is never lost and nothing half-written is ever published.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from . import paden
from .paden import sha_bestand
from .fouten import WzFout

OK, ACTUEEL, FOUT, OVERGESLAGEN, ONDERBROKEN, BEZIG = "ok", "actueel", "fout", "overgeslagen", "onderbroken", "bezig"
GELUKT = (OK, ACTUEEL)
GM_PATROON = re.compile(r"^GM\d{4}$")
NOTEBOOK_PATROON = re.compile(r"^(\d{2})_([a-z0-9_]+)$")


class RunBezig(WzFout):
    """Another run or publication holds the regio's lock."""


def lees_record(map_: Path, notebook: str) -> dict | None:
    try:
        return json.loads(paden.record(map_, notebook).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def schrijf_record(map_: Path, notebook: str, record: dict | None) -> None:
    p = paden.record(map_, notebook)
    if record is None:
        p.unlink(missing_ok=True)
    else:
        paden.atomair_tekst(p, json.dumps(record, ensure_ascii=False, indent=2, default=str))


def is_gelukt(map_: Path, notebook: str, record: dict | None = None) -> bool:
    """True when ``<notebook>.ipynb`` is the notebook of a successful run (status ok, hash matches)."""
    record = record if record is not None else lees_record(map_, notebook)
    nb = paden.notebook_uitvoer(map_, notebook)
    return bool(record and record.get("status") == OK and nb.is_file()
                and record.get("notebook_sha") == sha_bestand(nb)
                and (not record.get("resultaten") or paden.resultaat_map(map_, notebook).is_dir()))


def herstel_stap(map_: Path, notebook: str) -> None:
    """Undo what an interrupted run of a step left in ``map_``; idempotent.

    Removes temp notebooks; when the record says "bezig", puts the previous results back and restores
    the previous record when the notebook on disk is still the previous good one (else marks the step
    "onderbroken" so it reruns and is not published).
    """
    map_ = Path(map_)
    for t in map_.glob(paden.notebook_tijdelijk_patroon(notebook)):
        t.unlink(missing_ok=True)
    rec = lees_record(map_, notebook)
    bak, res = paden.vorige_resultaten(map_, notebook), paden.resultaat_map(map_, notebook)
    if rec and rec.get("status") == BEZIG:
        if bak.exists():
            if res.exists():
                shutil.rmtree(res, ignore_errors=True)
            bak.rename(res)
        elif not rec.get("resultaten_verplaatst") and res.exists():
            shutil.rmtree(res, ignore_errors=True)  # partial results of a first run
        vorige = rec.get("vorige")
        if vorige and (vorige.get("status") != OK or is_gelukt(map_, notebook, vorige)):
            schrijf_record(map_, notebook, vorige)
        else:
            schrijf_record(map_, notebook, {k: v for k, v in rec.items() if k != "vorige"} | {"status": ONDERBROKEN})
    elif bak.exists():
        shutil.rmtree(bak, ignore_errors=True)


def _notebooks_in_map(map_: Path) -> set[str]:
    namen = set()
    for p in map_.iterdir():
        n = p.name
        stap = paden.record_naar_stap(n)
        if stap:
            namen.add(stap)
        elif n.startswith(".") and n.endswith(".vorige"):
            namen.add(n[1:].removesuffix(".vorige"))
        elif n.startswith(".") and n.endswith(".tmp.ipynb"):
            namen.add(n[1:].split(".")[0])
    return {s for s in namen if NOTEBOOK_PATROON.match(s)}


def ruim_op(regio_map: Path) -> None:
    """Repair every step folder of a regio after an interrupted run and drop stale temp files."""
    regio_map = Path(regio_map)
    if not regio_map.is_dir():
        return
    for sub in regio_map.iterdir():
        if sub.is_dir() and (GM_PATROON.match(sub.name) or sub.name == paden.REGIO):
            for notebook in _notebooks_in_map(sub):
                herstel_stap(sub, notebook)
    for m in (regio_map, paden.html_map(regio_map)):
        if m.is_dir():
            for t in m.glob(".*.tmp"):
                t.unlink(missing_ok=True)


class RegioSlot:
    """Exclusive lock on ``<regio_map>/.wz.lock`` for a run or a publication (released on exit/kill)."""

    def __init__(self, regio_map: Path, wat: str = "run"):
        self.pad = paden.slot(regio_map)
        self.wat = wat
        self._f = None

    def __enter__(self):
        self.pad.parent.mkdir(parents=True, exist_ok=True)
        self._f = open(self.pad, "a+")
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(self._f.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._f, fcntl.LOCK_EX | fcntl.LOCK_NB)
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
