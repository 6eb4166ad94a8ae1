"""Per-notebook cost of the execution path itself in a warm kernel: papermill with the ``wz-warm`` engine
(the path of ``wz run`` until now) against :mod:`wzlib.nbuitvoer` (nbclient directly, no papermill in the
worker), with a trivial notebook (parameters + ``import wzlib``, the floor notebook of bench_batch) and one
with a table and a chart. One kernel, warmed once; CPU seconds of this process and of the kernel per
notebook, and wall seconds, as the mean of ``--n`` notebooks per path (alternating, so load hits both).

    .venv/bin/python bench/bench_uitvoerpad.py --n 20
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TABEL_EN_GRAFIEK = """
import pandas as pd
from wzlib.presentatie import grafieken
from wzlib.presentatie.afscherming import Regels
df = pd.DataFrame({"gebied": list("ABCDEFGH"), "waarde": [float(i * 10) for i in range(8)]})
grafieken.staaf(df, x="gebied", y="waarde", bron="bench", regels=Regels(), titel="Bench")
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20, help="notebooks per pad en soort (standaard 20)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    import nbformat
    import nb_maker
    import papermill as pm
    import psutil

    from wzlib import nbuitvoer, warmkernel
    from wzlib.kernel import zorg_voor_kernel

    kernel = zorg_voor_kernel()
    warmkernel.registreer()
    with tempfile.TemporaryDirectory(prefix="wz-pad-") as tmp:
        tmp = Path(tmp)
        soorten = {"triviaal": nb_maker.leeg_notebook(),
                   "tabel+grafiek": nb_maker.notebook([("params", nb_maker.GEMEENTE_PARAMS), "import wzlib",
                                                       TABEL_EN_GRAFIEK])}
        params = {"gemeente": "GM9001", "regio": "x", "uitvoer_map": str(tmp)}

        def pad_pm(bron: Path, uit: Path) -> None:
            pm.execute_notebook(str(bron), str(uit), parameters=params, kernel_name=kernel, progress_bar=False,
                                request_save_on_cell_execute=False, cwd=str(tmp), engine_name=warmkernel.ENGINE,
                                max_notebooks=10**6)
            nb = nbformat.read(str(uit), as_version=4)  # what werker did after papermill: the audit metadata
            nb.metadata["woonzorganalyse"] = {"pogingen": 1}
            nbformat.write(nb, str(uit))

        def pad_wz(bron: Path, uit: Path) -> None:
            nbuitvoer.voer_uit_warm(bron, uit, params, kernel, str(tmp), 60, 600,
                                    metadata={"woonzorganalyse": {"pogingen": 1}}, max_notebooks=10**6)

        paden = {"papermill+wz-warm": pad_pm, "nbuitvoer": pad_wz}
        try:
            for soort, nb in soorten.items():
                bron = tmp / f"{soort}.ipynb"
                nbformat.write(nb, bron)
                pad_wz(bron, tmp / "opwarmen.ipynb")  # kernel start + warm-up, not measured
                kpid = warmkernel.houder().kernel.km.provisioner.pid
                kproc, ik = psutil.Process(kpid), psutil.Process()
                som = {p: [0.0, 0.0, 0.0] for p in paden}
                for i in range(args.n):
                    for naam, f in paden.items():
                        k0, w0, t0 = sum(kproc.cpu_times()[:2]), sum(ik.cpu_times()[:2]), time.perf_counter()
                        f(bron, tmp / f"uit-{i}.ipynb")
                        som[naam][0] += sum(ik.cpu_times()[:2]) - w0
                        som[naam][1] += sum(kproc.cpu_times()[:2]) - k0
                        som[naam][2] += time.perf_counter() - t0
                assert warmkernel.houder().kernel.km.provisioner.pid == kpid, "de kernel is vervangen"
                for naam, (w, k, t) in som.items():
                    print(f"{soort:<14} {naam:<18} per notebook: worker {w / args.n:.3f} CPU-s, kernel "
                          f"{k / args.n:.3f} CPU-s, samen {(w + k) / args.n:.3f} CPU-s, wand {t / args.n:.3f} s",
                          flush=True)
        finally:
            warmkernel.houder().stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
