"""Benchmark of two checks of issue 13: refusing an oversized params file, and verifying result tables
before a step counts as "actueel".

1. A regio file of ~10 MB with 600 000 bogus keys: seconds until ``wz controleer`` refuses it (the file
   is refused on its size, before it is parsed; without the limit this took minutes and ~1 GB).
2. ``batch.tabellen_aanwezig`` over every result table of a finished run (read + checked against the
   catalogue, once per file per process): milliseconds per table, first call and cached call.

    .venv/bin/python bench/bench_controle.py                 # 1, and 2 on a small synthetic project
    .venv/bin/python bench/bench_controle.py --uitvoer outputs/voorbeeldregio   # 2 on a real run
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def groot_yaml(map_: Path) -> float:
    from wzlib import cli

    pad = map_ / "params" / "regios" / "groot.yaml"
    pad.parent.mkdir(parents=True)
    with open(pad, "w", encoding="utf-8") as f:
        f.write("naam: G\npeiljaar: 2024\nbron: {soort: voorbeeld, map: data/voorbeeld}\ngemeenten: [GM9901]\n")
        for i in range(600_000):
            f.write(f"k{i:07d}: x\n")
    print(f"regiobestand: {pad.stat().st_size / 1e6:.1f} MB")
    t0 = time.perf_counter()
    rc = cli.main(["controleer", "--regio", str(pad)])
    dt = time.perf_counter() - t0
    print(f"wz controleer: exitcode {rc} na {dt * 1000:.1f} ms")
    return dt


def resultaten_controle(regio_map: Path) -> None:
    from wzlib import batch, resultaten
    from wzlib.catalogus import TABELLEN
    from wzlib.stappen import schrijver

    tabellen = []
    for wie_map in sorted(p for p in regio_map.iterdir() if p.is_dir()):
        for t in TABELLEN.values():
            nb = schrijver(t).notebook
            if (wie_map / nb / f"{t.naam}.parquet").exists():
                tabellen.append((wie_map, nb, t))
    if not tabellen:
        print(f"geen resultaattabellen in {regio_map}")
        return
    import pandas as pd

    t0 = time.perf_counter()
    pd.read_parquet(tabellen[0][0] / tabellen[0][1] / f"{tabellen[0][2].naam}.parquet")
    print(f"pyarrow laden + eerste tabel: {(time.perf_counter() - t0) * 1000:.0f} ms (gebeurt in een run toch)")
    for ronde in ("eerste keer", "tweede keer (zelfde proces)"):
        t0 = time.perf_counter()
        ok = sum(batch.tabellen_aanwezig(w, nb, [t]) for w, nb, t in tabellen)
        dt = time.perf_counter() - t0
        print(f"{ronde}: {len(tabellen)} tabellen, {ok} in orde, {dt * 1000:.0f} ms "
              f"({dt * 1000 / len(tabellen):.2f} ms per tabel)")
    resultaten._IN_ORDE.clear()


def main() -> int:
    a = argparse.ArgumentParser()
    a.add_argument("--uitvoer", help="map <uitvoer>/<regio> van een afgeronde run")
    args = a.parse_args()
    with tempfile.TemporaryDirectory() as d:
        groot_yaml(Path(d))
    if args.uitvoer:
        resultaten_controle(Path(args.uitvoer))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
