"""Benchmark of the batch runner: seconds per notebook against the floor, and peak memory per worker.

Runs in one go, all with ``opnieuw=True`` and the same number of notebooks:

* the batch, with warm kernels (``wz run``'s default) and with fresh kernels (``--koude-kernels``): synthetic step notebooks (tests/nb_maker.py: a chain of five steps with a pandas table, an
  image and a result file each) for N fictional gemeenten — or, with ``--regio``, the real step notebooks
  of the registry for the first N gemeenten of a regio;
* the floor: for every step an empty notebook with the same parameters that only does ``import wzlib``
  (a fresh kernel start + papermill overhead, nothing else).

Prints wall-clock seconds per notebook for both (wall time / number of notebooks, with the given
workers), the mean time per notebook inside the workers, their ratio, and the peak RSS per worker
process (worker + its kernel, sampled with psutil; also without the file-backed pages, which RSS counts
as far as the libraries are in the page cache), the CPU seconds per notebook of worker + kernel (a
fairer measure than wall time when other processes share the cores), and seconds per gemeente with the projection for all
342 gemeenten of the Netherlands. Outputs go to a temp folder, never to outputs/.

    .venv/bin/python bench/bench_batch.py --gemeenten 4 --workers 2
    .venv/bin/python bench/bench_batch.py --regio voorbeeldregio --gemeenten 3
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _floor_notebooks(register, doel: Path) -> Path:
    """An empty notebook per step (same name, same per-gemeente/per-regio parameters, reads nothing)."""
    import nbformat
    import nb_maker

    doel.mkdir(parents=True, exist_ok=True)
    for s in register.values():
        nbformat.write(nb_maker.leeg_notebook(per_regio=s.per_regio), doel / f"{s.notebook}.ipynb")
    return doel


def _zonder_lezen(register):
    """The same steps without reads: the floor notebooks read nothing, so nothing may be skipped."""
    from dataclasses import replace

    return {k: replace(s, leest=()) for k, s in register.items()}


def _meet(regio, notebooks: Path, uitvoer: Path, gemeenten, workers: int, register, koud: bool = True) -> dict:
    from wzlib import batch

    t0 = time.monotonic()
    res = batch.run(regio, gemeenten=gemeenten, workers=workers, opnieuw=True, notebooks_map=notebooks,
                    uitvoer_root=uitvoer, toon_voortgang=False, register=register, koude_kernels=koud)
    wand = time.monotonic() - t0
    gedraaid = [r for r in res.rijen if r.status in ("ok", "fout")]
    per_worker: dict[int, float] = defaultdict(float)
    kernel: dict[int, float] = defaultdict(float)
    eigen: dict[int, float] = defaultdict(float)
    for r in gedraaid:
        if r.worker_pid is not None and r.piek_mb is not None:
            per_worker[r.worker_pid] = max(per_worker[r.worker_pid], r.piek_mb)
            kernel[r.worker_pid] = max(kernel[r.worker_pid], r.piek_kernel_mb or 0.0)
            eigen[r.worker_pid] = max(eigen[r.worker_pid], r.piek_eigen_mb or 0.0)
    n_gemeenten = len({r.gemeente for r in res.rijen if r.gemeente != "regio"})
    return {"res": res, "wand": wand, "n": len(gedraaid), "fouten": len(res.fouten), "gemeenten": n_gemeenten,
            "per_nb_wand": wand / max(1, len(gedraaid)),
            "per_nb_worker": sum(r.duur for r in gedraaid) / max(1, len(gedraaid)),
            "per_nb_cpu": sum(r.cpu_s or 0.0 for r in gedraaid) / max(1, len(gedraaid)),
            "geheugen": dict(per_worker), "kernel": dict(kernel), "eigen": dict(eigen)}


def _regel(naam: str, m: dict) -> str:
    mem = ", ".join(f"{m['geheugen'][p]:.0f} MB (kernel {m['kernel'][p]:.0f}, zonder bestandspagina's "
                    f"{m['eigen'][p]:.0f})" for p in sorted(m["geheugen"]))
    return (f"{naam:<10} {m['n']:>3} notebooks in {m['wand']:6.1f} s  ->  {m['per_nb_wand']:5.2f} s/notebook "
            f"(wand), {m['per_nb_worker']:5.2f} s/notebook (in worker), {m['per_nb_cpu']:5.2f} CPU-s/notebook "
            f"(worker + kernel); fouten: {m['fouten']}; "
            f"piek per worker: {mem or 'n.v.t.'}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gemeenten", type=int, default=4, help="aantal gemeenten (standaard 4)")
    ap.add_argument("--workers", type=int, default=None, help="workers (standaard: aantal cores)")
    ap.add_argument("--regio", default=None, help="regio-slug of -yaml: de echte stapnotebooks voor die regio; "
                                                  "zonder: synthetische notebooks")
    ap.add_argument("--kernels", choices=("warm", "koud", "beide"), default="beide",
                    help="de batch met warme kernels (standaard van wz run), koude (--koude-kernels) of beide; "
                         "de vloer is altijd een verse kernel per leeg notebook")
    ap.add_argument("--aantal-gemeenten-land", type=int, default=342,
                    help="voor de projectie: seconden per gemeente x dit aantal (standaard 342)")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "tests"))
    import nb_maker as m

    from wzlib import batch, paden, stappen
    from wzlib.analyse import laad_gemeenten
    from wzlib.params import laad_regio

    with tempfile.TemporaryDirectory(prefix="wz-bench-") as tmp:
        tmp = Path(tmp)
        if args.regio:
            regio, register = args.regio, dict(stappen.STAPPEN)
            nbmap = paden.notebooks_map(ROOT)
            gemeenten = [g.code for g in laad_gemeenten(laad_regio(regio))][: args.gemeenten]
        else:
            codes = [(f"GM{9001 + i:04d}", f"Gemeente {i + 1}") for i in range(args.gemeenten)]
            p = m.maak_project(tmp / "demo", gemeenten=codes)
            regio, register, nbmap, gemeenten = p.regio_yaml, p.register, p.notebooks, None
        floor_map = _floor_notebooks(register, tmp / "floor" / "notebooks")
        workers = min(args.workers or batch.aantal_cores(), batch.aantal_cores())
        print(f"wz bench: {len(register)} stappen, {args.gemeenten} gemeenten, {workers} workers "
              f"({batch.aantal_cores()} cores)", flush=True)

        metingen = {}
        for soort in (("warm", "koud") if args.kernels == "beide" else (args.kernels,)):
            metingen[f"batch-{soort}"] = _meet(regio, nbmap, tmp / f"uit-{soort}", gemeenten, workers, register,
                                               koud=soort == "koud")
            print(_regel(f"batch-{soort}", metingen[f"batch-{soort}"]), flush=True)
        vloer_m = _meet(regio, floor_map, tmp / "uit-floor", gemeenten, workers, _zonder_lezen(register))
        print(_regel("floor", vloer_m))
        for naam, m in metingen.items():
            print(f"ratio {naam}/floor: {m['per_nb_wand'] / vloer_m['per_nb_wand']:.2f} (wand), "
                  f"{m['per_nb_worker'] / vloer_m['per_nb_worker']:.2f} (in worker), "
                  f"{m['per_nb_cpu'] / max(vloer_m['per_nb_cpu'], 1e-9):.2f} (CPU)")
        for naam, m in metingen.items():
            per_gemeente = m["wand"] / max(1, m["gemeenten"])
            land = per_gemeente * args.aantal_gemeenten_land
            cpu_gemeente = m["per_nb_cpu"] * m["n"] / max(1, m["gemeenten"])
            cpu_land = cpu_gemeente * args.aantal_gemeenten_land / workers
            print(f"{naam}: {per_gemeente:.1f} s per gemeente (alle stappen, regiostappen naar rato); "
                  f"projectie {args.aantal_gemeenten_land} gemeenten met {workers} workers: {land / 60:.0f} min; "
                  f"uit CPU-tijd ({cpu_gemeente:.1f} CPU-s per gemeente, cores alleen voor deze run): "
                  f"{cpu_land / 60:.0f} min")
        fouten = sum(m["fouten"] for m in metingen.values())
        for m in metingen.values():
            if m["fouten"]:
                print(m["res"].tabel())
        return 1 if fouten or vloer_m["fouten"] else 0


if __name__ == "__main__":
    sys.exit(main())
