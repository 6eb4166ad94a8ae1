"""Benchmark of the batch runner: seconds per notebook against the floor, and peak memory per worker.

Two runs in one go, both with ``opnieuw=True`` and the same number of notebooks:

* the batch: demo-like synthetic step notebooks (pandas table, an image, results written with
  ``wzlib.resultaten.schrijf``) for N fictional gemeenten — or, with ``--notebooks-map`` and
  ``--regio``, the real step notebooks for the first N gemeenten of a real regio;
* the floor: for every step an empty notebook with the same parameters that only does ``import wzlib``
  (kernel start + papermill overhead, nothing else).

Prints wall-clock seconds per notebook for both (wall time / number of notebooks, with the given
workers), the mean time per notebook inside the workers, their ratio, and the peak RSS per worker
process (worker + its kernel, sampled with psutil). Outputs go to a temp folder, never to outputs/.

    .venv/bin/python bench/bench_batch.py --gemeenten 4 --workers 2
    .venv/bin/python bench/bench_batch.py --notebooks-map notebooks --regio voorbeeldregio --gemeenten 3
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _floor_notebooks(stappen, doel: Path) -> Path:
    """An empty notebook per step (same name, same per-gemeente/per-regio parameters)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import nbformat
    import nb_maker

    doel.mkdir(parents=True, exist_ok=True)
    for s in stappen:
        nbformat.write(nb_maker.leeg_notebook(per_regio=s.per_regio), doel / f"{s.naam}.ipynb")
    return doel


def _meet(regio, notebooks: Path, uitvoer: Path, gemeenten, workers: int) -> dict:
    from wzlib import batch

    t0 = time.monotonic()
    res = batch.run(regio, gemeenten=gemeenten, workers=workers, opnieuw=True, notebooks_map=notebooks,
                    uitvoer_root=uitvoer, toon_voortgang=False)
    wand = time.monotonic() - t0
    gedraaid = [r for r in res.rijen if r.status in ("ok", "fout")]
    per_worker: dict[int, float] = defaultdict(float)
    kernel: dict[int, float] = defaultdict(float)
    for r in gedraaid:
        if r.worker_pid is not None and r.piek_mb is not None:
            per_worker[r.worker_pid] = max(per_worker[r.worker_pid], r.piek_mb)
            kernel[r.worker_pid] = max(kernel[r.worker_pid], r.piek_kernel_mb or 0.0)
    return {"res": res, "wand": wand, "n": len(gedraaid), "fouten": len(res.fouten),
            "per_nb_wand": wand / max(1, len(gedraaid)),
            "per_nb_worker": sum(r.duur for r in gedraaid) / max(1, len(gedraaid)),
            "geheugen": dict(per_worker), "kernel": dict(kernel)}


def _regel(naam: str, m: dict) -> str:
    mem = ", ".join(f"{m['geheugen'][p]:.0f} MB (kernel {m['kernel'][p]:.0f})" for p in sorted(m["geheugen"]))
    return (f"{naam:<7} {m['n']:>3} notebooks in {m['wand']:6.1f} s  ->  {m['per_nb_wand']:5.2f} s/notebook "
            f"(wand), {m['per_nb_worker']:5.2f} s/notebook (in worker); fouten: {m['fouten']}; "
            f"piek per worker: {mem or 'n.v.t.'}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gemeenten", type=int, default=4, help="aantal gemeenten (standaard 4)")
    ap.add_argument("--workers", type=int, default=None, help="workers (standaard: aantal cores)")
    ap.add_argument("--notebooks-map", type=Path, default=None,
                    help="echte stapnotebooks (dan ook --regio); zonder: synthetische demo-notebooks")
    ap.add_argument("--regio", default=None, help="regio-slug of -yaml voor --notebooks-map")
    args = ap.parse_args(argv)

    from wzlib import batch

    with tempfile.TemporaryDirectory(prefix="wz-bench-") as tmp:
        tmp = Path(tmp)
        if args.notebooks_map:
            if not args.regio:
                ap.error("--notebooks-map vraagt ook --regio")
            regio = args.regio
            nbmap = args.notebooks_map.resolve()
            regio_obj = batch.laad_regio(regio)
            gemeenten = [c for c, _ in batch.gemeenten_van(regio_obj)][: args.gemeenten]
        else:
            sys.path.insert(0, str(ROOT / "tests"))
            import nb_maker as m

            codes = [(f"GM{9001 + i:04d}", f"Gemeente {i + 1}") for i in range(args.gemeenten)]
            p = m.maak_project(tmp / "demo", {
                "10_omvang": m.stap_notebook("10_omvang"),
                "20_aanbod": m.stap_notebook("20_aanbod", leest="10_omvang"),
                "30_prognose": m.stap_notebook("30_prognose", leest="20_aanbod"),
                "40_spreiding": m.stap_notebook("40_spreiding", per_regio=True, leest="30_prognose"),
                "50_confrontatie": m.stap_notebook("50_confrontatie", leest="30_prognose",
                                                   regio_leest="40_spreiding"),
            }, gemeenten=codes)
            m.installeer_nep_params(None, p.map)
            regio, nbmap, gemeenten = p.regio.slug, p.notebooks, None
        stappen = batch.vind_stappen(nbmap)
        floor_map = _floor_notebooks(stappen, tmp / "floor" / "notebooks")
        workers = min(args.workers or batch.aantal_cores(), batch.aantal_cores())
        print(f"wz bench: {len(stappen)} stappen, {args.gemeenten} gemeenten, {workers} workers "
              f"({batch.aantal_cores()} cores)", flush=True)

        batch_m = _meet(regio, nbmap, tmp / "uit-batch", gemeenten, workers)
        vloer_m = _meet(regio, floor_map, tmp / "uit-floor", gemeenten, workers)
        print(_regel("batch", batch_m))
        print(_regel("floor", vloer_m))
        print(f"ratio batch/floor: {batch_m['per_nb_wand'] / vloer_m['per_nb_wand']:.2f} (wand), "
              f"{batch_m['per_nb_worker'] / vloer_m['per_nb_worker']:.2f} (in worker)")
        if batch_m["fouten"]:
            print(batch_m["res"].tabel())
        return 1 if batch_m["fouten"] or vloer_m["fouten"] else 0


if __name__ == "__main__":
    sys.exit(main())
