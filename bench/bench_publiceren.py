"""Benchmark of ``wz publish``: a full publication and an incremental one when nothing changed.

Runs the demo regio once into a temp folder (or uses ``--uitvoer`` with an existing ``outputs`` folder of
a run), then publishes three times as ``wz publish`` would, each in a fresh Python process so the import
time counts: full (``--alles``), again with nothing changed (target: at most 5 s), and the full one with
``--workers 1`` for comparison. Prints wall-clock seconds per publication and the number of reports made.

    .venv/bin/python bench/bench_publiceren.py
    .venv/bin/python bench/bench_publiceren.py --uitvoer /tmp/demo/outputs
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PUBLICEER = """
import sys
from wzlib import publiceren
pub = publiceren.publiceer_regio(sys.argv[1], sys.argv[2], workers=int(sys.argv[3]), alles=sys.argv[4] == "1")
print(len(pub.gemaakt), len(pub.bestanden))
"""


def publiceer(regio: str, uitvoer: Path, workers: int, alles: bool) -> tuple[float, str]:
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", PUBLICEER, regio, str(uitvoer), str(workers), "1" if alles else "0"],
                       capture_output=True, text=True, cwd=ROOT)
    if r.returncode:
        sys.exit(r.stderr)
    return time.perf_counter() - t, r.stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regio", default="voorbeeldregio")
    ap.add_argument("--uitvoer", help="outputs-map van een eerdere run (standaard: eerst een run in een tijdelijke map)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="wz-bench-publiceren-") as tmp:
        uitvoer = Path(args.uitvoer) if args.uitvoer else Path(tmp) / "outputs"
        if not args.uitvoer:
            from wzlib import batch

            print(f"run {args.regio} ...", flush=True)
            res = batch.run(args.regio, uitvoer_root=uitvoer, workers=2, toon_voortgang=False)
            if res.exitcode:
                sys.exit(res.tabel())
        for naam, workers, alles in (("volledig, 2 processen", 2, True), ("niets veranderd", 2, False),
                                     ("volledig, 1 proces", 1, True)):
            s, uit = publiceer(args.regio, uitvoer, workers, alles)
            gemaakt, bestanden = uit.split()
            print(f"{naam:24s} {s:6.1f} s  ({gemaakt} rapporten gemaakt, {bestanden} bestanden)")


if __name__ == "__main__":
    main()
