"""A whole country in one run: ``wz run --regio nederland``.

A *land file* (``params/regios/nederland.yaml``) is a regio file without ``gemeenten`` and with
``indeling: <column>``: every gemeente in the source's ``gemeenten.csv`` belongs to the deelregio named in
that column (``corop``, or a woningmarktregio column when the source has one). For each deelregio a
regio file is written under ``outputs/<land>/regios/`` (the land file's settings, the deelregio's name and
gemeenten, every path made absolute) and run with :func:`wzlib.batch.run` into ``outputs/<land>/``: every
gemeente step and every regio step, with progress, a summary per deelregio and one at the end.

The deelregios share one worker pool (:class:`LandPool`): each worker and its warm kernel start once for
the whole country, not once per deelregio (about 3 s of kernel start and first imports per worker, for
each of the 40 COROP-gebieden). Two deelregios run at the same time on that pool (:data:`TEGELIJK`, each
in a thread of this process), so that the workers never wait for one deelregio's regio step, its
regio-wide computations in this process or its last notebook. With Dask they run one after the other.
"""

from __future__ import annotations

import concurrent.futures as cf
import re
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from tqdm.auto import tqdm

from . import paden
from .batch import RunResultaat, aantal_cores, run as run_regio, samenvatting as batch_samenvatting
from .fouten import ParamsFout
from .kernel import zorg_voor_kernel
from .params import regio_pad
from .toestand import ACTUEEL, FOUT, OK, ONDERBROKEN, OVERGESLAGEN
from .werker import maak_pool
from .yamlbestand import lees_yaml

INDELING = "indeling"
_PADEN = ("lokaal", "kengetallen_bestand")


@dataclass
class Deelregio:
    slug: str
    naam: str
    codes: list[str]


def is_landbestand(regio: Any) -> bool:
    """True when ``regio`` (slug or path) is a land file (has ``indeling``)."""
    try:
        ruw = lees_yaml(regio_pad(regio))
    except ParamsFout:
        return False
    return isinstance(ruw, dict) and INDELING in ruw


def maak_slug(naam: str) -> str:
    s = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "regio"


def _root(pad: Path) -> Path:
    return pad.parent.parent.parent if (pad.parent.name == "regios" and pad.parent.parent.name == "params") \
        else pad.parent


def lees_land(regio: Any) -> tuple[Path, dict, list[Deelregio]]:
    """(path, settings with absolute paths, deelregios) of a land file. Raises a ParamsFout naming the file
    and the column or gemeente when the grouping cannot be made."""
    pad = regio_pad(regio)
    ruw = lees_yaml(pad)
    if not isinstance(ruw, dict) or INDELING not in ruw:
        raise ParamsFout(f"{pad}: geen landbestand (de sleutel '{INDELING}' ontbreekt)")
    if "gemeenten" in ruw:
        raise ParamsFout(f"{pad}: gemeenten: een landbestand neemt alle gemeenten van de bron; laat deze sleutel weg")
    root = _root(pad)
    instellingen = {k: v for k, v in ruw.items() if k != INDELING}
    bron = dict(instellingen.get("bron") or {})
    if not bron.get("map"):
        raise ParamsFout(f"{pad}: bron.map: een landbestand heeft een map met gemeenten.csv nodig")
    bron["map"] = str((root / bron["map"]).resolve())
    bron["cache"] = str((root / bron.get("cache", "data/cache/cbs")).resolve())
    instellingen["bron"] = bron
    instellingen["kengetallen_bestand"] = instellingen.get("kengetallen_bestand", "params/kengetallen.yaml")
    for k in _PADEN:
        if instellingen.get(k):
            instellingen[k] = str((root / instellingen[k]).resolve())
    kolom = str(ruw[INDELING])
    csv = Path(bron["map"]) / "gemeenten.csv"
    try:
        g = pd.read_csv(csv, dtype=str, keep_default_na=False)
    except OSError as e:
        raise ParamsFout(f"{pad}: bron.map: {csv} kan niet worden gelezen ({e.strerror})") from None
    if kolom not in g.columns:
        raise ParamsFout(f"{pad}: {INDELING}: kolom '{kolom}' staat niet in {csv}; kies uit: "
                         f"{', '.join(c for c in g.columns if c not in ('gemeentecode', 'gemeentenaam'))}")
    g = g[g["gemeentecode"].str.match(r"^GM\d{4}$")]
    leeg = g[g[kolom].str.strip() == ""]
    if len(leeg):
        raise ParamsFout(f"{csv}: kolom '{kolom}' is leeg voor {', '.join(leeg['gemeentecode'].head(10))}"
                         f"{' en meer' if len(leeg) > 10 else ''}: elke gemeente moet in een deelregio vallen")
    deel = []
    for naam, rijen in g.groupby(kolom, sort=True):
        deel.append(Deelregio(maak_slug(str(naam)), str(naam).strip(), sorted(rijen["gemeentecode"])))
    dubbel = {d.slug for d in deel if sum(e.slug == d.slug for e in deel) > 1}
    if dubbel:
        raise ParamsFout(f"{csv}: kolom '{kolom}': namen die dezelfde mapnaam geven: {', '.join(sorted(dubbel))}")
    return pad, instellingen, deel


def schrijf_deelregios(regio: Any, uitvoer_root: Path | None = None) -> tuple[Path, list[tuple[Deelregio, Path]]]:
    """Write a regio file per deelregio under ``<outputs>/<land>/regios/``; returns (land output folder,
    [(deelregio, regio file)])."""
    pad, instellingen, deel = lees_land(regio)
    land_map = Path(uitvoer_root or paden.uitvoer_root(_root(pad))).resolve() / pad.stem
    uit = []
    for d in deel:
        inhoud = dict(instellingen) | {"naam": d.naam, "gemeenten": d.codes}
        doel = land_map / "regios" / f"{d.slug}.yaml"
        doel.parent.mkdir(parents=True, exist_ok=True)
        paden.atomair_tekst(doel, f"# gemaakt uit {pad} (indeling) — niet met de hand bewerken\n"
                                  + yaml.safe_dump(inhoud, allow_unicode=True, sort_keys=False))
        uit.append((d, doel))
    return land_map, uit


def run(regio: Any, deelregios: list[str] | None = None, uitvoer_root: Path | None = None,
        toon_voortgang: bool = True, **kwargs) -> list[RunResultaat]:
    """Run every deelregio of a land file (or those in ``deelregios``, by slug or name) one after the
    other; ``kwargs`` go to :func:`wzlib.batch.run` (workers, opnieuw, koude_kernels, ...)."""
    pad = regio_pad(regio)
    land_map, alle = schrijf_deelregios(pad, uitvoer_root)
    if deelregios:
        keuze = {k.strip().casefold() for w in deelregios for k in str(w).split(",") if k.strip()}
        onbekend = keuze - {d.slug for d, _ in alle} - {d.naam.casefold() for d, _ in alle}
        if onbekend:
            raise ParamsFout(f"Onbekende deelregio('s) {', '.join(sorted(onbekend))}; kies uit: "
                             f"{', '.join(d.slug for d, _ in alle)}")
        alle = [(d, p) for d, p in alle if d.slug in keuze or d.naam.casefold() in keuze]
    root = _root(pad)
    t0 = time.monotonic()
    n_gem = sum(len(d.codes) for d, _ in alle)
    kwargs.setdefault("notebooks_map", paden.notebooks_map(root))
    eigen = kwargs.get("uitvoerder") is None
    if eigen:
        kwargs["uitvoerder"] = LandPool(paden.logs(land_map))
    try:
        if eigen and len(alle) > 1:
            uitkomsten = _run_tegelijk(alle, land_map, toon_voortgang, kwargs)
        else:  # one deelregio, or Dask: one after the other, each with all workers
            uitkomsten = []
            for i, (d, p) in enumerate(alle, 1):
                if toon_voortgang:
                    print(f"[{i}/{len(alle)}] {d.naam} ({len(d.codes)} gemeenten)", file=sys.stderr, flush=True)
                uitkomsten.append(run_regio(p, uitvoer_root=land_map, toon_voortgang=toon_voortgang, **kwargs))
                if uitkomsten[-1].onderbroken:  # Ctrl-C: the next deelregios do not start
                    break
    finally:
        if eigen:
            kwargs["uitvoerder"].sluit()
    if toon_voortgang:
        print(samenvatting(pad.stem, uitkomsten, time.monotonic() - t0, n_gem))
    return uitkomsten


#: Deelregios that run at the same time on the land's one pool. Two: while one waits for its regio step
#: (spreiding reads the prognose of every gemeente), runs its regio-wide computations in this process or
#: finishes its last notebook, the workers take the notebooks of the other.
TEGELIJK = 2


def _run_tegelijk(alle: list[tuple[Deelregio, Path]], land_map: Path, toon_voortgang: bool,
                  kwargs: dict) -> list[RunResultaat]:
    """Run the deelregios :data:`TEGELIJK` at a time (in land order), each in a thread of this process,
    all on the one :class:`LandPool`; one progress bar over all notebooks, one line per finished
    deelregio (its table when something failed or was skipped). Ctrl-C stops every running deelregio as
    it stops a single run; the deelregios not yet started are left out."""
    kwargs = dict(kwargs, kernel_name=kwargs.get("kernel_name") or zorg_voor_kernel())
    stop = threading.Event()
    kwargs["uitvoerder"].stop = stop
    slot = threading.Lock()
    balk = tqdm(total=0, desc="wz run land", unit="nb", disable=not toon_voortgang, file=sys.stderr,
                dynamic_ncols=True)

    def melder(n: int, r: Any) -> None:
        with slot:
            if r is None:
                balk.total += n
                balk.refresh()
            else:
                balk.set_postfix_str(f"{r.gemeente} {r.stap}: {r.status}", refresh=False)
                balk.update(1)

    def een(d: Deelregio, p: Path) -> RunResultaat:
        res = run_regio(p, uitvoer_root=land_map, toon_voortgang=False, stop=stop, melder=melder, **kwargs)
        if toon_voortgang and not res.onderbroken:
            with slot:
                tekst = batch_samenvatting(res) if (res.fouten or res.aantal(OVERGESLAGEN)) else (
                    f"{d.naam}: " + ", ".join(f"{res.aantal(s)} {s}" for s in (OK, ACTUEEL) if res.aantal(s))
                    + f" — {res.duur:.0f} s".replace(".", ","))
                balk.write(tekst, file=sys.stderr)
        return res

    with cf.ThreadPoolExecutor(max_workers=TEGELIJK, thread_name_prefix="deelregio") as threads:
        futures = [threads.submit(een, d, p) for d, p in alle]
        try:
            cf.wait(futures)
        except KeyboardInterrupt:
            stop.set()
            for f in futures:
                f.cancel()  # those not yet started
            cf.wait([f for f in futures if not f.cancelled()])
    balk.close()
    return [f.result() for f in futures if not f.cancelled()]


class LandPool:
    """One local worker pool for all deelregios of a land run (``uitvoerder`` of :func:`wzlib.batch.run`).

    :func:`wzlib.batch.run` shuts its pool down when a deelregio is done; the pool it gets from here
    ignores that, so the next deelregio finds the same workers with their warm kernels. A pool that broke
    (a worker died) or was stopped with cancellation (Ctrl-C) really goes, and the next request makes a new
    one. The workers log into the land's own log folder (``outputs/<land>/logs``)."""

    def __init__(self, logmap: Path):
        self.logmap = logmap
        self._pool: cf.ProcessPoolExecutor | None = None
        self.gemaakt = 0  # pools started (one for a whole run without accidents)
        self.slot = threading.RLock()  # two deelregios (threads) ask for it at the same time
        self.stop: threading.Event | None = None  # set (Ctrl-C): no new pool, the asking run stops

    def aantal(self, workers: int | None) -> int:
        return min(workers or aantal_cores(), aantal_cores())

    def pool(self, workers: int, logmap: Path, root: Path) -> "_GedeeldePool":
        if self.stop is not None and self.stop.is_set():
            raise KeyboardInterrupt  # batch.run stops as after Ctrl-C
        with self.slot:
            return self._geef(workers, root)

    def _geef(self, workers: int, root: Path) -> "_GedeeldePool":
        p = self._pool
        if p is None or getattr(p, "_broken", False) or getattr(p, "_max_workers", workers) != workers:
            self.sluit()
            self.logmap.mkdir(parents=True, exist_ok=True)
            if not self.gemaakt:  # the logs of an earlier run go, as batch.run does for a regio
                for oud in self.logmap.glob("worker-*.log"):
                    oud.unlink(missing_ok=True)
            self._pool = p = maak_pool(workers, self.logmap, root)
            self.gemaakt += 1
        return _GedeeldePool(self, p)

    def sluit(self) -> None:
        with self.slot:
            p, self._pool = self._pool, None
        if p is not None:
            p.shutdown(wait=True, cancel_futures=True)


class _GedeeldePool:
    """The land pool as one deelregio's run sees it: ``shutdown`` after a normal end keeps it running."""

    def __init__(self, eigenaar: LandPool, pool: cf.ProcessPoolExecutor):
        self._eigenaar, self._pool = eigenaar, pool

    def submit(self, *args, **kwargs):
        return self._pool.submit(*args, **kwargs)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        if cancel_futures or getattr(self._pool, "_broken", False):
            with self._eigenaar.slot:
                if self._eigenaar._pool is self._pool:
                    self._eigenaar._pool = None
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)

    def __getattr__(self, naam: str):  # _processes, for the Ctrl-C path of batch.run
        return getattr(self._pool, naam)


def samenvatting(land: str, uitkomsten: list[RunResultaat], duur: float, n_gemeenten: int) -> str:
    """One line per deelregio and a total: notebooks per status, seconds, seconds per gemeente."""
    regels = [f"Land {land}: {len(uitkomsten)} deelregio's, {n_gemeenten} gemeenten, "
              f"{duur:.0f} s ({duur / max(1, n_gemeenten):.1f} s per gemeente)".replace(".", ",")]
    for r in uitkomsten:
        telling = ", ".join(f"{r.aantal(s)} {s}" for s in (OK, ACTUEEL, FOUT, OVERGESLAGEN, ONDERBROKEN)
                            if r.aantal(s))
        regels.append(f"  {r.regionaam}: {telling} — {r.duur:.0f} s".replace(".", ","))
    return "\n".join(regels)


def exitcode(uitkomsten: list[RunResultaat]) -> int:
    return max((r.exitcode for r in uitkomsten), default=0)
