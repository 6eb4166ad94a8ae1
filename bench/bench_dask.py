"""Benchmark of ``wz run --dask``: the same regio with the local pool and on a Dask cluster, in one go.

Both runs use warm kernels, ``opnieuw=True`` and the same output folder (so the paths in the reports are
the same); the outputs of the two runs are compared with ``bench/vergelijk_resultaten.py`` (result tables
exactly, notebooks cell by cell apart from dates). Prints the wall time of both, the time to start the
cluster (``--dask local``: a LocalCluster with ``--workers`` worker processes) and seconds per notebook.
Outputs go to a temp folder, never to outputs/.

    .venv/bin/python bench/bench_dask.py                          # voorbeeldregio, 2 workers, LocalCluster
    .venv/bin/python bench/bench_dask.py --gemeenten 2
    .venv/bin/python bench/bench_dask.py --dask tcp://scheduler:8786   # workers that see this temp folder
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _vergelijker():
    spec = importlib.util.spec_from_file_location("vergelijk_resultaten", ROOT / "bench" / "vergelijk_resultaten.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _regel(naam: str, res, wand: float) -> str:
    gedraaid = [r for r in res.rijen if r.status in ("ok", "fout")]
    n = max(1, len(gedraaid))
    return (f"{naam:<8} {len(gedraaid):>3} notebooks in {wand:6.1f} s -> {wand / n:5.2f} s/notebook (wand), "
            f"{sum(r.duur for r in gedraaid) / n:5.2f} s/notebook (in worker), "
            f"{sum(r.cpu_s or 0.0 for r in gedraaid) / n:5.2f} CPU-s/notebook (worker + kernel); fouten: {len(res.fouten)}; "
            f"workers: {len({r.worker_pid for r in gedraaid})}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regio", default="voorbeeldregio", help="regio-slug of -yaml (standaard voorbeeldregio)")
    ap.add_argument("--gemeenten", type=int, default=None, help="alleen de eerste N gemeenten (standaard: alle)")
    ap.add_argument("--workers", type=int, default=2, help="workers lokaal en in de LocalCluster (standaard 2)")
    ap.add_argument("--dask", default="local", help="scheduleradres of 'local' (standaard)")
    ap.add_argument("--herhaal", type=int, default=1,
                    help="zo vaak beide runs, afwisselend in volgorde; telt de snelste (standaard 1)")
    args = ap.parse_args(argv)

    from wzlib import batch, dask_uitvoer
    from wzlib.analyse import laad_gemeenten
    from wzlib.params import laad_regio

    rp = laad_regio(args.regio)
    gemeenten = [g.code for g in laad_gemeenten(rp)][: args.gemeenten] if args.gemeenten else None
    with tempfile.TemporaryDirectory(prefix="wz-bench-dask-") as tmp:
        uit = Path(tmp) / "outputs"
        kw = {"gemeenten": gemeenten, "workers": args.workers, "opnieuw": True, "uitvoer_root": uit,
              "toon_voortgang": False}
        print(f"wz bench dask: regio {rp.slug}, {len(gemeenten or laad_gemeenten(rp))} gemeenten, "
              f"{args.workers} workers ({batch.aantal_cores()} cores), cluster {args.dask}", flush=True)
        metingen: dict[str, list[tuple[float, float, object]]] = {"lokaal": [], "dask": []}
        kopie = Path(tmp) / "lokaal"
        verschillen: list[str] = []
        for i in range(args.herhaal):
            # alternate the order: other load on the machine then hits both alike
            for soort in (("lokaal", "dask") if i % 2 == 0 else ("dask", "lokaal")):
                t0 = time.monotonic()
                if soort == "lokaal":
                    res = batch.run(args.regio, **kw)
                    wand = time.monotonic() - t0
                    if not kopie.exists():
                        shutil.copytree(uit / rp.slug, kopie)
                else:
                    with dask_uitvoer.verbind(args.dask, workers=args.workers, toon=False) as u:
                        opstart = time.monotonic() - t0
                        t1 = time.monotonic()
                        res = batch.run(args.regio, uitvoerder=u, **kw)
                        wand = time.monotonic() - t1
                    print(f"dask: cluster starten/verbinden {opstart:.1f} s, afsluiten "
                          f"{time.monotonic() - t1 - wand:.1f} s", flush=True)
                    # the first local run's copy against this dask run's outputs (the same folder)
                    verschillen += _vergelijker().vergelijk(kopie, uit / rp.slug)
                metingen[soort].append((wand, time.monotonic() - t0, res))
                print(_regel(soort, res, wand), flush=True)
        beste = {k: min(v, key=lambda x: x[0]) for k, v in metingen.items()}
        print(f"beste van {args.herhaal}: lokaal {beste['lokaal'][0]:.1f} s, dask {beste['dask'][0]:.1f} s (run), "
              f"{beste['dask'][1]:.1f} s met cluster starten en afsluiten; verhouding dask/lokaal: "
              f"{beste['dask'][0] / beste['lokaal'][0]:.2f} (run), {beste['dask'][1] / beste['lokaal'][0]:.2f} (totaal)")
        for v in verschillen[:20]:
            print(f"  {v}")
        fout = [m[2] for v in metingen.values() for m in v if m[2].fouten]
        for res in fout[:2]:
            print(res.tabel())
        return 1 if verschillen or fout else 0


if __name__ == "__main__":
    sys.exit(main())
