"""A land file (params/regios/nederland.yaml): all gemeenten of the source, grouped into deelregios by a
column of gemeenten.csv; every deelregio becomes a regio file that wz run can load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wzlib import land
from wzlib.fouten import ParamsFout
from wzlib.params import laad_regio

ROOT = Path(__file__).resolve().parents[1]
VOORBEELD = ROOT / "data" / "voorbeeld"


def _land(tmp_path: Path, tekst: str, bron: Path = VOORBEELD) -> Path:
    pad = tmp_path / "params" / "regios" / "land.yaml"
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(f"naam: Land\npeiljaar: 2024\nfictief: true\nbron: {{soort: voorbeeld, map: {bron}}}\n"
                   f"kengetallen_bestand: {ROOT / 'params' / 'kengetallen.yaml'}\n{tekst}", encoding="utf-8")
    return pad


def _bron_met(tmp_path: Path, corop: dict[str, str]) -> Path:
    import pandas as pd

    doel = tmp_path / "bron"
    shutil.copytree(VOORBEELD, doel)
    g = pd.read_csv(doel / "gemeenten.csv", dtype=str, keep_default_na=False)
    g["corop"] = g["gemeentecode"].map(corop).fillna("")
    g.to_csv(doel / "gemeenten.csv", index=False)
    return doel


def test_indeling_naar_kolom_geeft_deelregios_die_wz_run_kan_laden(tmp_path):
    bron = _bron_met(tmp_path, {"GM9901": "Noord", "GM9902": "Noord", "GM9903": "Zuid-Oost", "GM9904": "Zuid-Oost",
                                "GM9905": "Zuid-Oost", "GM9906": "Noord"})
    pad = _land(tmp_path, "indeling: corop\n", bron)
    assert land.is_landbestand(pad)
    land_map, deel = land.schrijf_deelregios(pad, tmp_path / "outputs")
    assert land_map == (tmp_path / "outputs" / "land").resolve()
    assert [(d.slug, d.naam, d.codes) for d, _ in deel] == [
        ("noord", "Noord", ["GM9901", "GM9902", "GM9906"]), ("zuid-oost", "Zuid-Oost", ["GM9903", "GM9904", "GM9905"])]
    for d, p in deel:
        rp = laad_regio(p)
        assert rp.naam == d.naam and rp.gemeenten == d.codes and rp.peiljaar == 2024 and rp.fictief
        assert Path(rp.bron.map) == bron


def test_gewoon_regiobestand_is_geen_landbestand():
    assert not land.is_landbestand(ROOT / "params" / "regios" / "voorbeeldregio.yaml")


@pytest.mark.parametrize("tekst, corop, melding", [
    ("indeling: woningmarktregio\n", None, "kolom 'woningmarktregio' staat niet in"),
    ("indeling: corop\ngemeenten: [GM9901]\n", None, "laat deze sleutel weg"),
    ("indeling: corop\n", {"GM9901": "Noord"}, "is leeg voor GM9902, GM9903"),
], ids=["onbekende-kolom", "gemeenten-erbij", "lege-waarde"])
def test_fouten_in_een_landbestand_noemen_bestand_en_oorzaak(tmp_path, tekst, corop, melding):
    bron = _bron_met(tmp_path, corop) if corop else VOORBEELD
    with pytest.raises(ParamsFout, match=melding):
        land.lees_land(_land(tmp_path, tekst, bron))


def test_nederland_deelt_alle_gemeenten_van_de_echte_bron_in(echt_map):
    _, instellingen, deel = land.lees_land(ROOT / "params" / "regios" / "nederland.yaml")
    codes = [c for d in deel for c in d.codes]
    assert len(codes) == len(set(codes)) == 342
    assert len(deel) == 40  # COROP-gebieden
    assert Path(instellingen["bron"]["map"]) == echt_map.resolve()
    gooi = next(d for d in deel if "GM0402" in d.codes)
    assert {"GM0376", "GM0406", "GM0417"} <= set(gooi.codes)


class _NepPool:
    """Stands in for a ProcessPoolExecutor: records shutdowns."""

    def __init__(self, workers):
        self._max_workers, self._broken, self.gestopt, self._processes = workers, False, False, {}

    def submit(self, fn, *args):
        return ("taak", fn, args)

    def shutdown(self, wait=True, cancel_futures=False):
        self.gestopt = True


def test_landpool_houdt_de_workers_over_de_deelregios_heen(tmp_path, monkeypatch):
    gemaakt = []
    monkeypatch.setattr(land, "maak_pool", lambda w, logmap, root: gemaakt.append((w, logmap)) or _NepPool(w))
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "worker-1.log").write_text("van een vorige run")
    lp = land.LandPool(tmp_path / "logs")
    eerste = lp.pool(2, tmp_path / "noord" / "logs", tmp_path)
    eerste.shutdown(wait=True)  # batch.run at the end of a deelregio: the pool stays
    tweede = lp.pool(2, tmp_path / "zuid" / "logs", tmp_path)
    assert len(gemaakt) == 1 and tweede._pool is eerste._pool and not eerste._pool.gestopt
    assert gemaakt[0] == (2, tmp_path / "logs")  # the land's log folder, not a deelregio's
    assert not (tmp_path / "logs" / "worker-1.log").exists()
    assert tweede.submit(len, "x") == ("taak", len, ("x",)) and tweede._processes == {}
    # a broken pool (a worker died): batch.run shuts it down; the next deelregio gets a new one
    tweede._pool._broken = True
    tweede.shutdown(wait=True, cancel_futures=True)
    assert eerste._pool.gestopt
    derde = lp.pool(2, tmp_path / "oost" / "logs", tmp_path)
    assert len(gemaakt) == 2 and derde._pool is not eerste._pool
    # Ctrl-C: cancelled, really stopped
    derde.shutdown(wait=True, cancel_futures=True)
    assert derde._pool.gestopt and lp._pool is None
    lp.pool(1, tmp_path, tmp_path)
    lp.sluit()
    assert lp._pool is None and len(gemaakt) == 3 and lp.gemaakt == 3


def test_land_run_geeft_elke_deelregio_dezelfde_pool_en_sluit_hem_aan_het_eind(tmp_path, monkeypatch):
    bron = _bron_met(tmp_path, {"GM9901": "Noord", "GM9902": "Noord", "GM9903": "Zuid", "GM9904": "Zuid",
                                "GM9905": "Zuid", "GM9906": "Noord"})
    pad = _land(tmp_path, "indeling: corop\n", bron)
    gezien = []

    class Uitkomst:
        onderbroken = False

    def nep_run(p, **kw):
        gezien.append(kw["uitvoerder"])
        return Uitkomst()

    gesloten = []
    monkeypatch.setattr(land, "run_regio", nep_run)
    monkeypatch.setattr(land.LandPool, "sluit", lambda self: gesloten.append(self))
    land.run(pad, uitvoer_root=tmp_path / "outputs", toon_voortgang=False)
    assert len(gezien) == 2 and gezien[0] is gezien[1] and isinstance(gezien[0], land.LandPool)
    assert gesloten == [gezien[0]]
    assert gezien[0].logmap == (tmp_path / "outputs" / "land" / "logs").resolve()


@pytest.mark.notebook
def test_deelregios_draaien_tegelijk_op_een_pool(tmp_path, monkeypatch):
    """Two deelregios at a time (threads) on the land's one pool of 2 warm workers: every notebook ok, all
    run by the same two worker processes, one pool for the whole run."""
    bron = _bron_met(tmp_path, {"GM9901": "Noord", "GM9902": "Zuid", "GM9903": "Zuid", "GM9904": "Rest",
                                "GM9905": "Rest", "GM9906": "Rest"})
    pad = _land(tmp_path, "indeling: corop\n", bron)
    pools = []
    echt_pool = land.LandPool.pool

    def tel(self, *a):
        pools.append(self)
        return echt_pool(self, *a)

    monkeypatch.setattr(land.LandPool, "pool", tel)
    import threading
    import time

    tijden = {}
    echte_run = land.run_regio

    def run_regio(p, **kw):
        t0 = time.monotonic()
        try:
            return echte_run(p, **kw)
        finally:
            tijden[Path(p).stem] = (threading.current_thread().name, t0, time.monotonic())

    monkeypatch.setattr(land, "run_regio", run_regio)
    uit = land.run(pad, uitvoer_root=tmp_path / "outputs", toon_voortgang=False, workers=2, stappen="10_omvang",
                   notebooks_map=ROOT / "notebooks", deelregios=["noord", "zuid", "rest"])
    assert [u.regionaam for u in uit] == ["Noord", "Rest", "Zuid"]  # in land order
    assert {(r.gemeente, r.status) for u in uit for r in u.rijen} == {
        (g, "ok") for g in ("GM9901", "GM9902", "GM9903", "GM9904", "GM9905", "GM9906")}
    assert len({id(p) for p in pools}) == 1 and pools[0].gemaakt == 1  # one LandPool, one process pool
    assert len({r.worker_pid for u in uit for r in u.rijen}) <= 2
    assert land.exitcode(uit) == 0
    # noord and rest started together in two threads, zuid followed when the first was done
    (d_n, b_n, e_n), (d_r, b_r, e_r) = tijden["noord"], tijden["rest"]
    assert d_n != d_r and b_r < e_n and b_n < e_r
    assert tijden["zuid"][1] >= min(e_n, e_r)


def test_stop_onderbreekt_een_lopende_run_en_de_landpool_geeft_geen_nieuwe_pool(tmp_path):
    """The stop event of a threaded land run works like Ctrl-C in every deelregio: nothing is marked ok, the
    run reports itself as interrupted, and the land pool makes no new pool once stopped."""
    import threading

    from conftest import regio_yaml

    from wzlib import batch

    stop = threading.Event()
    gemeld = []
    stop.set()
    res = batch.run(regio_yaml(tmp_path), stappen="10_omvang", workers=1, toon_voortgang=False,
                    uitvoer_root=tmp_path / "outputs", notebooks_map=ROOT / "notebooks", stop=stop,
                    melder=lambda n, r: gemeld.append((n, r)))
    assert res.onderbroken and res.exitcode == 130
    assert [r.status for r in res.rijen] == ["onderbroken"]
    assert gemeld == [(1, None)]  # announced, never reported done
    lp = land.LandPool(tmp_path / "logs")
    lp.stop = stop
    with pytest.raises(KeyboardInterrupt):
        lp.pool(1, tmp_path, tmp_path)
    assert lp.gemaakt == 0
