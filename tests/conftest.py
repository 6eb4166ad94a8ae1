"""Shared test fixtures. Tests never touch the internet."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ECHT = SHARED / "data" / "echt"

os.environ.setdefault("WZ_PROJECT", str(ROOT))


@pytest.fixture(scope="session")
def echt_map() -> Path:
    """The real CBS figures in the import format (../shared/data/echt); skip when absent."""
    if not (ECHT / "bevolking.csv").exists():
        pytest.skip(f"echte gegevens ontbreken ({ECHT})")
    return ECHT


@pytest.fixture(scope="session")
def echt(echt_map):
    """All of ../shared/data/echt loaded through the import format (once per session)."""
    from wzlib.bronnen.invoer import lees_map

    return lees_map(echt_map)
