"""Benchmark of ``wz run --dask``: the same regio with the local pool and on a Dask cluster, in one go.

Both runs use warm kernels, ``opnieuw=True`` and the same output folder (so the paths in the reports are
the same); the outputs of the two runs are compared with ``bench/vergelijk_resultaten.py`` (result tables
exactly, notebooks cell by cell apart from dates). Prints the wall time of both, the time to start the
cluster (``--dask local``: a LocalCluster with ``--workers`` worker processes) and seconds per notebook.
Outputs go to a temp folder, never to outputs/.

    .venv/bin/python bench/bench_dask.py                          # voorbeeldregio, 2 workers, LocalCluster
    .venv/bin/python bench/bench_dask.py --gemeenten 2
    .venv/bin/python bench/bench_dask.py --dask tcp://scheduler:8786   # workers that see this temp folder
    .venv/bin/python bench/bench_dask.py --demo-twee --terugsturen     # the demo regio with 2 gemeenten (as in
                                        # tests/test_dask.py), also with the workers sending their outputs back

``--terugsturen`` adds a third run: Dask without the shared folder (``wz run --dask-terugsturen``: each task in
a private temp folder on its worker, outputs sent back and written by this process); it prints the bytes sent
to and back from the workers per task. Every run starts without the snapshots of the earlier runs (the
monitoring would otherwise compare with them).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
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
    ap.add_argument("--terugsturen", action="store_true",
                    help="ook een run op Dask zonder gedeelde map (de workers sturen hun uitvoer terug)")
    ap.add_argument("--demo-twee", action="store_true",
                    help="de demoregio met twee gemeenten van tests/test_dask.py (in plaats van --regio)")
    args = ap.parse_args(argv)

    from wzlib import batch, dask_uitvoer, momentopname
    from wzlib.analyse import laad_gemeenten
    from wzlib.params import laad_regio

    with tempfile.TemporaryDirectory(prefix="wz-bench-dask-") as tmp:
        if args.demo_twee:
            sys.path.insert(0, str(ROOT / "tests"))
            from nb_maker import demo_twee_gemeenten

            args.regio = str(demo_twee_gemeenten(Path(tmp), ROOT))
            os.environ["WZ_PROJECT"] = tmp  # the regio computations before a step find the regio by its name
        rp = laad_regio(args.regio)
        gemeenten = [g.code for g in laad_gemeenten(rp)][: args.gemeenten] if args.gemeenten else None
        uit = Path(tmp) / "outputs"
        kw = {"gemeenten": gemeenten, "workers": args.workers, "opnieuw": True, "uitvoer_root": uit,
              "toon_voortgang": False, "notebooks_map": ROOT / "notebooks"}
        print(f"wz bench dask: regio {rp.slug}, {len(gemeenten or laad_gemeenten(rp))} gemeenten, "
              f"{args.workers} workers ({batch.aantal_cores()} cores), cluster {args.dask}", flush=True)
        soorten = ("lokaal", "dask", "terug") if args.terugsturen else ("lokaal", "dask")
        metingen: dict[str, list[tuple[float, float, object]]] = {k: [] for k in soorten}
        kopie = Path(tmp) / "lokaal"
        verschillen: list[str] = []
        for i in range(args.herhaal):
            # alternate the order: other load on the machine then hits both alike
            for soort in (soorten if i % 2 == 0 else soorten[::-1]):
                shutil.rmtree(momentopname.map_van(uit / rp.slug), ignore_errors=True)
                t0 = time.monotonic()
                if soort == "lokaal":
                    res = batch.run(args.regio, **kw)
                    wand = time.monotonic() - t0
                    if not kopie.exists():
                        shutil.copytree(uit / rp.slug, kopie)
                        shutil.rmtree(momentopname.map_van(kopie), ignore_errors=True)
                else:
                    with dask_uitvoer.verbind(args.dask, workers=args.workers, toon=False,
                                              terugsturen=soort == "terug", werkmap=Path(tmp) / "workers") as u:
                        opstart = time.monotonic() - t0
                        t1 = time.monotonic()
                        res = batch.run(args.regio, uitvoerder=u, **kw)
                        wand = time.monotonic() - t1
                    print(f"{soort}: cluster starten/verbinden {opstart:.1f} s, afsluiten "
                          f"{time.monotonic() - t1 - wand:.1f} s; route {u.route}", flush=True)
                    if u.verkeer:
                        heen, terug = [v[2] for v in u.verkeer], [v[3] for v in u.verkeer]
                        kb = 1024
                        print(f"{soort}: per taak naar de worker gemiddeld {sum(heen) / len(heen) / kb:.0f} kB "
                              f"(max {max(heen) / kb:.0f} kB), terug gemiddeld {sum(terug) / len(terug) / kb:.0f} kB "
                              f"(max {max(terug) / kb:.0f} kB); totaal {sum(heen) / kb / kb:.1f} MB heen, "
                              f"{sum(terug) / kb / kb:.1f} MB terug over {len(u.verkeer)} taken", flush=True)
                        per_stap: dict[str, list[int]] = {}
                        for _, stap, h, t in u.verkeer:
                            per_stap.setdefault(stap, []).extend([h, t])
                        print("  per stap (gem. kB heen/terug): " + ", ".join(
                            f"{k} {sum(v[0::2]) / len(v[0::2]) / kb:.0f}/{sum(v[1::2]) / len(v[1::2]) / kb:.0f}"
                            for k, v in sorted(per_stap.items())), flush=True)
                    # the first local run's copy against this dask run's outputs (the same folder)
                    verschillen += _vergelijker().vergelijk(kopie, uit / rp.slug)
                metingen[soort].append((wand, time.monotonic() - t0, res))
                print(_regel(soort, res, wand), flush=True)
        beste = {k: min(v, key=lambda x: x[0]) for k, v in metingen.items()}
        for k in soorten[1:]:
            print(f"beste van {args.herhaal}: lokaal {beste['lokaal'][0]:.1f} s, {k} {beste[k][0]:.1f} s (run), "
                  f"{beste[k][1]:.1f} s met cluster starten en afsluiten; verhouding {k}/lokaal: "
                  f"{beste[k][0] / beste['lokaal'][0]:.2f} (run), {beste[k][1] / beste['lokaal'][0]:.2f} (totaal)")
        for v in verschillen[:20]:
            print(f"  {v}")
        fout = [m[2] for v in metingen.values() for m in v if m[2].fouten]
        for res in fout[:2]:
            print(res.tabel())
        return 1 if verschillen or fout else 0


if __name__ == "__main__":
    sys.exit(main())
