"""Dated snapshots of a regio's analysis (kaart 5, monitoring): the result tables and the fingerprints.

After a run, ``wz run`` keeps the analysis as it then stood in ``<regio map>/momentopnamen/<datum-tijd>/``
(:func:`bewaar`): every result table of every successful step as parquet (``<wie>/<tabel>.parquet``),
and ``momentopname.json`` with, per step and gemeente, the fingerprint and its parts (the hashes of
:mod:`wzlib.vingerafdruk`), the values of the regio file's sections, the hash of every input file and
the data years of the sources. A snapshot equal to the latest one is not written again. Data formats
only (parquet, JSON); the folder appears at once (written under a temporary name, then renamed).

:func:`huidig` reads the current state of a regio map the same way, so the monitoring step compares the
current run with an earlier snapshot using exactly the same code (:mod:`wzlib.monitoring`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from . import catalogus, paden, resultaten
from .fouten import WzFout
from .params import RegioParams
from .stappen import STAPPEN, Stap
from .vingerafdruk import invoer_bestanden, sha_bestand, sha_json

MAP = "momentopnamen"
META = "momentopname.json"
#: Steps whose tables are not kept (the monitoring itself: it compares snapshots).
NIET_BEWAARD = ("monitoring",)


class MomentopnameFout(WzFout):
    """A snapshot that cannot be found or read."""


@dataclass
class Momentopname:
    """One state of the analysis: ``tabellen[(wie, tabel)]`` and the metadata of ``momentopname.json``."""

    naam: str  # folder name (date-time), or "huidig"
    meta: dict[str, Any]
    tabellen: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)

    @property
    def stappen(self) -> dict[str, dict]:
        """``{"<wie>/<notebook>": {"stap", "fingerprint", "onderdelen"}}``."""
        return self.meta.get("stappen", {})

    @property
    def kenmerk(self) -> str:
        """Hash of all step fingerprints: two snapshots with the same kenmerk hold the same analysis."""
        return sha_json({k: v.get("fingerprint") for k, v in self.stappen.items()})

    @property
    def label(self) -> str:
        return str(self.meta.get("label") or "")

    def tabel(self, wie: str, naam: str) -> pd.DataFrame | None:
        return self.tabellen.get((wie, naam))


def map_van(regio_map: Path) -> Path:
    return Path(regio_map) / MAP


def _invoer_per_bestand(rp: RegioParams) -> dict[str, dict[str, str]]:
    root = Path(rp.root)
    uit: dict[str, dict[str, str]] = {}
    for cat, lijst in invoer_bestanden(rp).items():
        d = {}
        for p in lijst:
            try:
                naam = p.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                naam = p.name
            d[naam] = sha_bestand(p)
        uit[cat] = d
    return uit


def _datajaren(meta_: dict | None) -> dict[str, str]:
    """``{titel of the source: periode}`` from a step's resultaat.json."""
    uit = {}
    for h in (meta_ or {}).get("herkomst", []) or []:
        if isinstance(h, dict) and h.get("titel"):
            uit[str(h.get("titel"))] = str(h.get("periode") or "")
    return uit


def _lees_toestand(regio_map: Path, rp: RegioParams | None, *, met_tabellen: bool = True,
                   wies: Sequence[str] | None = None) -> tuple[dict[str, Any], dict[tuple[str, str], pd.DataFrame]]:
    """Records, tables and provenance of every successful step in ``regio_map``."""
    regio_map = Path(regio_map)
    stappen_: dict[str, dict] = {}
    datajaren: dict[str, dict[str, str]] = {}
    tabellen: dict[tuple[str, str], pd.DataFrame] = {}
    alle = sorted(p.name for p in regio_map.iterdir() if p.is_dir() and (p.name == paden.REGIO or
                                                                           p.name.startswith("GM")))
    for wie in alle:  # the fingerprints of all; the tables of ``wies`` only (all when None)
        wie_map = paden.uitvoer_wie(regio_map, wie)
        for s in STAPPEN.values():
            if s.sleutel in NIET_BEWAARD:
                continue
            try:
                rec = json.loads(paden.record(wie_map, s.notebook).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if rec.get("status") != "ok":
                continue
            sleutel = f"{wie}/{s.notebook}"
            stappen_[sleutel] = {"stap": s.sleutel, "fingerprint": rec.get("fingerprint", ""),
                                 "onderdelen": rec.get("onderdelen") or {}}
            try:
                m = json.loads(paden.resultaat_meta(wie_map, s.notebook).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                m = None
            datajaren[sleutel] = _datajaren(m)
            if m and "peiljaar" in m:
                stappen_[sleutel]["peiljaar"] = m["peiljaar"]
            if met_tabellen and (wies is None or wie in wies):
                for t in s.schrijft:
                    pad = paden.resultaat_bestand(wie_map, s.notebook, t.naam)
                    if pad.is_file():
                        tabellen[(wie, t.naam)] = pd.read_parquet(pad)
    meta_: dict[str, Any] = {"stappen": stappen_, "datajaren": datajaren}
    if rp is not None:
        sleutels = sorted({k for s in STAPPEN.values() for k in s.alle_parameters})
        meta_ |= {"regio": rp.slug, "regio_naam": rp.naam, "peiljaar": rp.peiljaar, "fictief": rp.fictief,
                  "parameters": {k: rp.sectie(k) for k in sleutels}, "invoer": _invoer_per_bestand(rp)}
    return meta_, tabellen


def huidig(regio_map: Path, rp: RegioParams, wies: Sequence[str] | None = None) -> Momentopname:
    """The current state of the regio map, as a snapshot (not written); ``wies``: read only the tables of
    these gemeenten (and/or ``regio``), the fingerprints of all."""
    meta_, tabellen = _lees_toestand(regio_map, rp, wies=wies)
    return Momentopname("huidig", meta_ | {"gemaakt": datetime.now().isoformat(timespec="seconds")}, tabellen)


def schrijf(doel_map: Path, mo: Momentopname, naam: str) -> Path:
    """Write ``mo`` as ``doel_map/<naam>/`` atomically (temporary folder, then rename)."""
    doel_map = Path(doel_map)
    doel_map.mkdir(parents=True, exist_ok=True)
    doel = doel_map / naam
    if doel.exists():
        raise MomentopnameFout(f"Momentopname {doel} bestaat al.")
    tmp = Path(tempfile.mkdtemp(prefix=f".{naam}.", suffix=".tmp", dir=doel_map))
    try:
        for (wie, t), df in mo.tabellen.items():
            (tmp / wie).mkdir(exist_ok=True)
            df.to_parquet(tmp / wie / f"{t}.parquet", index=False)
        meta_ = dict(mo.meta) | {"naam": naam, "tabellen": sorted(f"{w}/{t}" for w, t in mo.tabellen)}
        (tmp / META).write_text(json.dumps(meta_, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        os.chmod(tmp, 0o777 & ~_umask())
        os.replace(tmp, doel)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return doel


def _umask() -> int:
    huidig_ = os.umask(0)
    os.umask(huidig_)
    return huidig_


def bewaar(regio_map: Path, rp: RegioParams, *, nu: datetime | None = None, label: str = "") -> Path | None:
    """Keep the current analysis as a dated snapshot; None when nothing succeeded or nothing changed
    since the latest snapshot."""
    # first the fingerprints only: after a run that changed nothing the tables are not read at all
    meta_, _ = _lees_toestand(regio_map, rp, met_tabellen=False)
    if not meta_["stappen"]:
        return None
    laatste = lijst(map_van(regio_map))
    if laatste and lees(laatste[-1], met_tabellen=False).kenmerk == Momentopname("huidig", meta_).kenmerk:
        return None
    mo = huidig(regio_map, rp)
    if not mo.stappen:
        return None
    nu = nu or datetime.now()
    mo.meta["gemaakt"] = nu.isoformat(timespec="seconds")
    if label:
        mo.meta["label"] = label
    return schrijf(map_van(regio_map), mo, nu.strftime("%Y-%m-%dT%H-%M-%S"))


def lijst(*mappen: Path | None) -> list[Path]:
    """The snapshot folders in ``mappen``, oldest first (by name: the date-time)."""
    uit = []
    for m in mappen:
        if m is None or not Path(m).is_dir():
            continue
        uit += [p for p in Path(m).iterdir() if p.is_dir() and not p.name.startswith(".") and (p / META).is_file()]
    return sorted(uit, key=lambda p: p.name)


def lees(pad: Path, *, met_tabellen: bool = True, wies: Sequence[str] | None = None) -> Momentopname:
    pad = Path(pad)
    try:
        meta_ = json.loads((pad / META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise MomentopnameFout(f"Momentopname {pad} is niet te lezen ({type(e).__name__}: {e}).") from None
    tabellen = {}
    if met_tabellen:
        for naam in meta_.get("tabellen", []):
            wie, t = naam.split("/", 1)
            if wies is not None and wie not in wies:
                continue
            bestand = pad / wie / f"{t}.parquet"
            try:
                tabellen[(wie, t)] = pd.read_parquet(bestand)
            except (OSError, ValueError) as e:
                raise MomentopnameFout(f"Momentopname {pad}: tabel {bestand.name} van {wie} is beschadigd "
                                       f"({type(e).__name__}).") from None
    return Momentopname(pad.name, meta_, tabellen)


def kies(mappen: list[Path | None], keuze: str, huidig_: Momentopname, wies: Sequence[str] | None = None
         ) -> Momentopname | None:
    """The snapshot to compare with: ``vorige`` = the latest one whose analysis differs from ``huidig_``;
    a date (``2025-03-01`` or ``2025-03-01T10-15-00``) = the latest snapshot whose name starts with it.
    None when there is none yet; :class:`MomentopnameFout` when the chosen date does not exist."""
    alle = lijst(*mappen)
    if keuze == "vorige":
        for p in reversed(alle):
            if lees(p, met_tabellen=False).kenmerk != huidig_.kenmerk:
                return lees(p, wies=wies)
        return None
    treffers = [p for p in alle if p.name.startswith(keuze)]
    if not treffers:
        beschikbaar = ", ".join(p.name for p in alle) or "geen"
        raise MomentopnameFout(f"monitoring.vergelijk_met: er is geen momentopname van {keuze}. "
                               f"Beschikbaar: {beschikbaar}.")
    return lees(treffers[-1], wies=wies)


def stap_van(sleutel: str) -> Stap | None:
    """The step of a ``<wie>/<notebook>`` key."""
    nb = sleutel.split("/", 1)[1]
    return next((s for s in STAPPEN.values() if s.notebook == nb), None)


#: The ambities table of stap 6 (another part of issue 15); read only when the catalogue has it.
AMBITIES_TABEL = "ambities"


def lees_ambities(regio_map: Path, gemeente: str) -> pd.DataFrame | None:
    """The gemeente's ``ambities`` result when the catalogue declares that table and the step wrote it, else None."""
    t = catalogus.TABELLEN.get(AMBITIES_TABEL)
    if t is None or not resultaten.bestaat(regio_map, gemeente, t):
        return None
    return resultaten.lees(regio_map, gemeente, t)
