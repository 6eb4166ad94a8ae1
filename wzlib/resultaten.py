"""Result files of a step, written next to its executed notebook.

Layout: ``<uitvoer_map>/<stap>/<tabel>.parquet`` for each result table and
``<uitvoer_map>/<stap>/resultaat.json`` with the provenance (sources), parameters, kengetallen used,
toolkit version and run time. Later steps, the per-regio notebooks and ``wz publish`` read these
instead of recomputing. All writes are atomic (temp file + rename).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__
from .fouten import GegevensOntbreken
from .gegevens import Herkomst
from .paden import atomair_schrijven, atomair_tekst

META = "resultaat.json"


def stap_map(uitvoer_map: str | Path, stap: str) -> Path:
    return Path(uitvoer_map) / stap


def schrijf(uitvoer_map: str | Path, stap: str, tabellen: dict[str, pd.DataFrame],
            herkomst: list[Herkomst] | None = None, extra: dict[str, Any] | None = None) -> Path:
    """Write the result tables of ``stap`` as parquet plus ``resultaat.json``; returns the folder."""
    doel = stap_map(uitvoer_map, stap)
    doel.mkdir(parents=True, exist_ok=True)
    for naam, df in tabellen.items():
        atomair_schrijven(doel / f"{naam}.parquet", lambda p, df=df: df.to_parquet(p, index=False))
    meta = {
        "stap": stap,
        "tabellen": sorted(tabellen),
        "herkomst": [asdict(h) for h in (herkomst or [])],
        "versie": __version__,
        "gemaakt": datetime.now().isoformat(timespec="seconds"),
        **(extra or {}),
    }
    atomair_tekst(doel / META, json.dumps(meta, ensure_ascii=False, indent=2, default=str))
    return doel


def lees(uitvoer_map: str | Path, stap: str, tabel: str) -> pd.DataFrame:
    """Read one result table of an earlier step; a clear Dutch error when it is not there."""
    pad = stap_map(uitvoer_map, stap) / f"{tabel}.parquet"
    if not pad.exists():
        raise GegevensOntbreken(
            f"Resultaat '{tabel}' van stap {stap} ontbreekt ({pad}). Draai eerst die stap, "
            f"bv. met: wz run --regio <regio> --stappen {stap}")
    return pd.read_parquet(pad)


def bestaat(uitvoer_map: str | Path, stap: str, tabel: str) -> bool:
    return (stap_map(uitvoer_map, stap) / f"{tabel}.parquet").exists()


def meta(uitvoer_map: str | Path, stap: str) -> dict[str, Any] | None:
    pad = stap_map(uitvoer_map, stap) / META
    if not pad.exists():
        return None
    return json.loads(pad.read_text(encoding="utf-8"))
