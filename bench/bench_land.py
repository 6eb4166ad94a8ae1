"""Benchmark of ``wz run --regio nederland``: seconds per gemeente and the projection for the whole country.

Runs a sample of deelregios of a land file (every gemeente step and every regio step, with
``opnieuw=True``, outputs in a temp folder) and prints the wall time, seconds per gemeente and the
projection for all gemeenten of the land (342). The land is ``params/regios/nederland.yaml`` (real data in
``../shared/data/echt``) when that data is present; otherwise — or with ``--fictief`` — a FICTIONAL country of
342 gemeenten made with the demo generator (``bench/fictief_land.py``) in a temp folder.

    .venv/bin/python bench/bench_land.py                       # sample of >= 12 gemeenten, 2 workers
    .venv/bin/python bench/bench_land.py --fictief --gemeenten 6
    .venv/bin/python bench/bench_land.py --gemeenten 342       # the whole country
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ECHT = ROOT.parent / "shared" / "data" / "echt"


def kies_deelregios(deel, n: int) -> list:
    """The first deelregios (in the land's order) until at least ``n`` gemeenten are in the sample."""
    uit, totaal = [], 0
    for d in deel:
        if totaal >= n:
            break
        uit.append(d)
        totaal += len(d.codes)
    return uit


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gemeenten", type=int, default=12,
                    help="steekproef: hele deelregios tot minstens dit aantal gemeenten (standaard 12)")
    ap.add_argument("--deelregios", nargs="+", default=None,
                    help="precies deze deelregio's (mapnamen) in plaats van de eersten tot --gemeenten")
    ap.add_argument("--workers", type=int, default=None, help="workers (standaard: aantal cores)")
    ap.add_argument("--fictief", action="store_true",
                    help="altijd het fictieve land (ook als ../shared/data/echt er is)")
    ap.add_argument("--koude-kernels", action="store_true", help="een verse kernel per notebook")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "bench"))
    from wzlib import batch, land

    with tempfile.TemporaryDirectory(prefix="wz-bench-land-") as tmp:
        tmp = Path(tmp)
        if args.fictief or not (ECHT / "gemeenten.csv").is_file():
            import fictief_land

            t0 = time.monotonic()
            landbestand = fictief_land.maak_land(tmp / "land")
            soort = f"fictief land (gemaakt in {time.monotonic() - t0:.1f} s)"
        else:
            landbestand = ROOT / "params" / "regios" / "nederland.yaml"
            soort = f"echte gegevens ({ECHT})"
        _, _, deel = land.lees_land(landbestand)
        n_land = sum(len(d.codes) for d in deel)
        if args.deelregios:
            onbekend = set(args.deelregios) - {d.slug for d in deel}
            if onbekend:
                ap.error(f"onbekende deelregio('s): {', '.join(sorted(onbekend))}")
            keuze = [d for d in deel if d.slug in args.deelregios]
        else:
            keuze = kies_deelregios(deel, args.gemeenten)
        n = sum(len(d.codes) for d in keuze)
        workers = min(args.workers or batch.aantal_cores(), batch.aantal_cores())
        print(f"wz bench land: {soort}; {len(deel)} deelregio's, {n_land} gemeenten; steekproef "
              f"{len(keuze)} deelregio's, {n} gemeenten; {workers} workers "
              f"({'koude' if args.koude_kernels else 'warme'} kernels)", flush=True)
        t0, c0 = time.monotonic(), time.process_time()
        uitkomsten = land.run(landbestand, deelregios=[d.slug for d in keuze], uitvoer_root=tmp / "uit",
                              toon_voortgang=False, workers=workers, opnieuw=True,
                              koude_kernels=args.koude_kernels)
        wand, ouder_cpu = time.monotonic() - t0, time.process_time() - c0
        statussen = Counter(r.status for u in uitkomsten for r in u.rijen)
        fouten = sum(len(u.fouten) for u in uitkomsten)
        per_gemeente = wand / max(1, n)
        print(f"{sum(statussen.values())} notebooks ({', '.join(f'{k}: {v}' for k, v in sorted(statussen.items()))})"
              f" in {wand:.1f} s -> {per_gemeente:.2f} s per gemeente (alle stappen, regiostappen naar rato)")
        cpu = sum(r.cpu_s or 0.0 for u in uitkomsten for r in u.rijen) / max(1, n)
        print(f"projectie {n_land} gemeenten met {workers} workers: {per_gemeente * n_land / 60:.1f} min (wand); "
              f"uit CPU-tijd ({cpu:.1f} CPU-s per gemeente, cores alleen voor deze run): "
              f"{cpu * n_land / workers / 60:.1f} min")
        rijen = [r for u in uitkomsten for r in u.rijen if r.status in ("ok", "fout")]
        bezig = sum(r.duur for r in rijen)
        pieken = sorted(r.piek_mb for r in rijen if r.piek_mb)
        eigen = sorted(r.piek_eigen_mb for r in rijen if r.piek_eigen_mb)
        print(f"workers bezig: {bezig / (workers * wand):.0%} van de wandtijd ({bezig:.0f} notebook-s); "
              f"deelregio's {' + '.join(f'{u.duur:.0f}' for u in uitkomsten)} s; piek per worker: mediaan "
              f"{pieken[len(pieken) // 2] if pieken else 0:.0f} MB, max {pieken[-1] if pieken else 0:.0f} MB "
              f"(zonder bestandspagina's: mediaan {eigen[len(eigen) // 2] if eigen else 0:.0f}, max "
              f"{eigen[-1] if eigen else 0:.0f} MB); "
              f"dit (ouder)proces: {ouder_cpu:.0f} CPU-s")
        per_stap: dict[str, list] = {}
        for r in rijen:
            per_stap.setdefault(r.stap, []).append(r)
        print("per stap (notebook-s, CPU-s, aantal): " + "; ".join(
            f"{stap} {sum(r.duur for r in rs):.0f}/{sum(r.cpu_s or 0 for r in rs):.0f}/{len(rs)}"
            for stap, rs in sorted(per_stap.items(), key=lambda kv: -sum(r.duur for r in kv[1]))))
        for u in uitkomsten:
            if u.fouten:
                print(u.tabel())
        return 1 if fouten else 0


if __name__ == "__main__":
    sys.exit(main())
