"""Compare the results of two runs of the same regio ("before" and "after" a change), exactly.

For every step folder present in both runs (``<GMxxxx>/<notebook>/`` and ``regio/<notebook>/``): every
result table (parquet) must be equal, values and dtypes, without tolerance; and every executed
notebook's outputs (text, markdown, HTML; images by their size only is not enough, so PNGs are compared
byte for byte) must be equal cell by cell, apart from the dates and versions in the header block.

    .venv/bin/python bench/vergelijk_resultaten.py /tmp/voor/voorbeeldregio /tmp/na/voorbeeldregio

Exit code 0 when nothing differs, 1 otherwise.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd

_DATUM = re.compile(r"\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2}(T[\d:.]+)?|\d{2}:\d{2}(:\d{2})?")


def _uitvoer(nb: Path) -> list[list[str]]:
    cellen = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    uit = []
    for c in cellen:
        if c.get("cell_type") != "code":
            continue
        delen = []
        for o in c.get("outputs", []):
            for soort, waarde in sorted((o.get("data") or {"text/plain": o.get("text", "")}).items()):
                tekst = "".join(waarde) if isinstance(waarde, list) else str(waarde)
                delen.append(f"{soort}: {_DATUM.sub('<datum>', tekst)}")
        uit.append(delen)
    return uit


def vergelijk(voor: Path, na: Path) -> list[str]:
    verschillen = []
    paren = 0
    for p in sorted(voor.rglob("*.parquet")):
        rel = p.relative_to(voor)
        if rel.parts[0].startswith((".", "_")) or "_berekeningen" in rel.parts:
            continue
        q = na / rel
        if not q.exists():
            verschillen.append(f"{rel}: ontbreekt in {na}")
            continue
        paren += 1
        try:
            pd.testing.assert_frame_equal(pd.read_parquet(p), pd.read_parquet(q), check_exact=True)
        except AssertionError as e:
            verschillen.append(f"{rel}: {str(e).splitlines()[0]}")
    nbs = 0
    for p in sorted(voor.glob("*/*.ipynb")):
        rel = p.relative_to(voor)
        q = na / rel
        if not q.exists():
            verschillen.append(f"{rel}: ontbreekt in {na}")
            continue
        nbs += 1
        a, b = _uitvoer(p), _uitvoer(q)
        if len(a) != len(b):
            verschillen.append(f"{rel}: {len(a)} tegen {len(b)} codecellen")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                verschillen.append(f"{rel}: codecel {i + 1} heeft andere uitvoer")
    print(f"{paren} resultaattabellen en {nbs} notebooks vergeleken; {len(verschillen)} verschillen")
    return verschillen


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    v = vergelijk(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(v))
    sys.exit(1 if v else 0)
