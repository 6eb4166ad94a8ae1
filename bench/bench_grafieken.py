"""Benchmark of report charts: seconds and bytes per chart as the reports store it (``Grafiek.png``: 150 dpi,
256-colour palette), as full-colour PNG (150 and 100 dpi) and as SVG.

Draws the house-style charts the reports use most (a bar chart and a line chart with a band) a number of
times in this process, after one warm-up draw (a warm kernel pays the font cache and first draw once), and
prints the mean CPU time (fair on shared cores) and size per format, so a format change can be judged on numbers.

    .venv/bin/python bench/bench_grafieken.py --herhalingen 5
"""

from __future__ import annotations

import argparse
import io
import sys
import time


def _grafieken():
    import numpy as np
    import pandas as pd

    from wzlib.presentatie import grafieken
    from wzlib.presentatie.afscherming import Regels

    r = Regels()
    staaf = pd.DataFrame({"Gebied": [f"Gemeente {i}" for i in range(7)], "75+ (%)": np.linspace(0.08, 0.14, 7)})
    jaren = np.arange(2024, 2045)
    lijn = pd.DataFrame({"jaar": np.tile(jaren, 2), "groep": np.repeat(["65+", "75+"], len(jaren)),
                         "midden": np.r_[np.linspace(5000, 7000, 21), np.linspace(2000, 3600, 21)]})
    lijn["laag"], lijn["hoog"] = lijn["midden"] * 0.95, lijn["midden"] * 1.05
    return [
        lambda: grafieken.staaf(staaf, x="Gebied", y="75+ (%)", soort="pct", horizontaal=True, bron="CBS", regels=r,
                                titel="Aandeel 75-plussers"),
        lambda: grafieken.waaier(lijn, x="jaar", midden="midden", laag="laag", hoog="hoog", hue="groep", bron="CBS",
                                 regels=r, start_prognose=2024, titel="Prognose", xlabel="Jaar", ylabel="Personen"),
    ]


def _opslaan(fig, soort: str) -> bytes:
    if soort == "rapport":  # what the reports embed
        return fig.png()
    buf = io.BytesIO()
    if soort == "svg":
        fig.savefig(buf, format="svg", facecolor="white")
    else:
        dpi = int(soort.split("-")[1])
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--herhalingen", type=int, default=5)
    args = ap.parse_args(argv)
    import matplotlib

    matplotlib.use("Agg")
    t0 = time.perf_counter()
    makers = _grafieken()
    eerste = makers[0]()
    _opslaan(eerste, "png-150")
    print(f"eerste grafiek (imports, lettertypen, eerste tekening): {time.perf_counter() - t0:.2f} s")
    for soort in ("rapport", "png-150", "png-100", "svg"):
        tijden, groottes = [], []
        for _ in range(args.herhalingen):
            for maak in makers:
                t = time.process_time()
                data = _opslaan(maak(), soort)
                tijden.append(time.process_time() - t)
                groottes.append(len(data))
        print(f"{soort:8} {sum(tijden) / len(tijden):.3f} CPU-s per grafiek (tekenen + opslaan), "
              f"{sum(groottes) / len(groottes) / 1024:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
