"""Profile of step notebooks in a warm process: where do the seconds of one notebook go?

Takes executed notebooks of an earlier run (with their injected parameters), warms one IPython shell the
way the ``wz-warm`` engine does (:func:`wzlib.warm.opwarmen`), runs each notebook once to warm up and then
``--herhaal`` times under cProfile (with :func:`wzlib.warm.herstel` in between, like the engine), and
prints the seconds per cell and the top functions by cumulative time. It writes the notebooks' results
again into the run's own folder (same inputs, same outputs), so use a run in a temp folder.

    .venv/bin/python bench/profiel_notebook.py /tmp/run/voorbeeldregio/GM9901/30_prognose.ipynb
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path


def _cellen(pad: Path) -> list[str]:
    import nbformat

    nb = nbformat.read(pad, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _draai(shell, cellen: list[str], tijden: list[float] | None = None) -> None:
    import wzlib.warm

    wzlib.warm.herstel()
    for i, code in enumerate(cellen):
        t0 = time.perf_counter()
        r = shell.run_cell(code, store_history=True, silent=False)
        if tijden is not None:
            tijden[i] += time.perf_counter() - t0
        if not r.success:
            raise SystemExit(f"cel {i} faalt: {r.error_in_exec or r.error_before_exec}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+", type=Path, help="uitgevoerde notebooks van een run (in een tijdelijke map)")
    ap.add_argument("--herhaal", type=int, default=2, help="gemeten herhalingen (standaard 2)")
    ap.add_argument("--top", type=int, default=35, help="aantal functies in het profiel (standaard 35)")
    ap.add_argument("--zonder-profiel", action="store_true",
                    help="alleen de tijd per cel, zonder cProfile (dat de tijd ongeveer verdubbelt)")
    ap.add_argument("--alleen", default=None,
                    help="alleen functies waarvan het pad hierop past (regex), bv. wzlib/")
    args = ap.parse_args(argv)

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    import wzlib.warm

    t0 = time.perf_counter()
    with capture_output():
        wzlib.warm.opwarmen()
    print(f"opwarmen: {time.perf_counter() - t0:.2f} s")
    for pad in args.notebooks:
        cellen = _cellen(pad)
        with capture_output():
            _draai(shell, cellen)  # warm-up: first use of this notebook's code paths
        tijden = [0.0] * len(cellen)
        prof = cProfile.Profile(time.process_time)  # CPU time: the machine may be shared
        t0 = time.perf_counter()
        for _ in range(args.herhaal):
            with capture_output():
                if not args.zonder_profiel:
                    prof.enable()
                _draai(shell, cellen, tijden)
                prof.disable()
        per_nb = (time.perf_counter() - t0) / args.herhaal
        print(f"\n== {pad}: {per_nb:.2f} s per uitvoering (warm, {'zonder' if args.zonder_profiel else 'met'} profiler)")
        for i, (code, t) in enumerate(sorted(zip(cellen, tijden), key=lambda x: -x[1])[:12]):
            kop = code.strip().splitlines()[0][:90] if code.strip() else ""
            print(f"  {t / args.herhaal:6.3f} s  {kop}")
        if args.zonder_profiel:
            continue
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(
            *([args.alleen] if args.alleen else []), args.top)
        print(s.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
