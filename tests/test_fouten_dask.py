"""Foutencorpus, ``wz run --dask``: een cluster dat niet bereikbaar is of de notebooks niet kan draaien geeft
een Nederlandse melding zonder traceback (exitcode 2), vóór er een stap draait.

Geen notebook en geen cluster nodig: het onbereikbare adres is een lokale poort waar niemand luistert, en de
workers die de gedeelde map niet zien staan voor een client die de controle op twee 'machines' uitvoert
(de tweede met een eigen schijf onder een andere map). Wat een worker zonder gedeelde map terugstuurt, gaat
rechtstreeks naar :func:`wzlib.dask_terug.schrijf_terug`, zoals de client het van Dask krijgt.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from foutcorpus import Geval

from wzlib import cli, dask_terug, dask_uitvoer

G = "Melding en herstel"
GEVALLEN = [
    Geval("dask-scheduler-onbereikbaar", G, "`wz run --dask tcp://host:poort` terwijl daar geen Dask-scheduler luistert",
          "na de verbindingstijd (10 s): 'De Dask-scheduler op … is niet bereikbaar (geen verbinding binnen … s)', "
          "met wat te controleren en de tip --dask local; exitcode 2, geen traceback"),
    Geval("dask-adres-ongeldig", G, "`wz run --dask scheduler:poort` (poort is geen getal)",
          "'De Dask-scheduler op scheduler:poort is niet bereikbaar (ongeldig adres: …)'; exitcode 2"),
    Geval("dask-worker-ziet-map-niet", G,
          "een Dask-worker ziet de uitvoermap niet (andere machine zonder gedeelde map, of een andere map onder "
          "hetzelfde pad)",
          "de run kiest de route zonder gedeelde map: 'Dask: N van de M workers zien de uitvoermap … niet (per worker "
          "wat hij ziet); de workers sturen hun uitvoer terug en deze machine schrijft die weg'; het controlebestand "
          "is weer weg; ziet elke worker de map, dan schrijven ze er rechtstreeks in"),
    Geval("dask-worker-andere-wzlib", G, "een Dask-worker draait een andere versie van wzlib dan de client",
          "de run start geen stap: 'N van de M Dask-workers hebben een andere versie van wzlib dan deze machine', "
          "met de workers en wat te doen"),
    Geval("dask-terug-pad-buiten-map", "Beveiliging",
          "een Dask-worker zonder gedeelde map stuurt een bestand terug met een pad buiten de uitvoermap van de regio "
          "(`../`, een absoluut pad, een pad door een snelkoppeling naar elders)",
          "de stap is mislukt met 'Een Dask-worker stuurde een bestand terug … buiten de uitvoermap …; er is niets van "
          "deze stap geschreven': ook de andere, gewone bestanden van die stap niet; buiten de map verschijnt niets"),
    Geval("dask-terug-stap-mislukt", G,
          "een stap mislukt op een Dask-worker zonder gedeelde map",
          "zoals lokaal: de vorige resultaten en het vorige notebook blijven staan, de mislukte notebook komt als "
          "`.fout.ipynb` ernaast en het statusbestand zegt 'fout' met de laatste gelukte run"),
]


def _vrije_poort() -> int:
    """A local port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _onbereikbaar(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(dask_uitvoer, "VERBINDEN_S", 1)
    adres = f"tcp://127.0.0.1:{_vrije_poort()}"
    assert cli.main(["run", "--regio", "voorbeeldregio", "--dask", adres]) == 2
    err = capsys.readouterr().err
    assert f"De Dask-scheduler op {adres} is niet bereikbaar (geen verbinding binnen 1 s)" in err
    assert "dask scheduler" in err and "--dask local" in err
    assert "Traceback" not in err


def _ongeldig(monkeypatch, capsys, tmp_path):
    assert cli.main(["run", "--regio", "voorbeeldregio", "--dask", "scheduler:poort"]) == 2
    err = capsys.readouterr().err
    assert "De Dask-scheduler op scheduler:poort is niet bereikbaar (ongeldig adres:" in err
    assert "Traceback" not in err


class _TweeMachines:
    """Runs the check 'on two workers' in this process; the second has its own disk under ``eigen_schijf``,
    so it sees a path of the client only if the same file happens to exist there."""

    def __init__(self, eigen_schijf: Path):
        self.eigen_schijf = eigen_schijf

    def run(self, fn, pad, *args):
        elders = self.eigen_schijf / Path(pad).relative_to(Path(pad).anchor)
        return {"tcp://10.0.0.1:4001": fn(pad, *args), "tcp://10.0.0.2:4001": fn(str(elders), *args)}


def _ziet_map_niet(monkeypatch, capsys, tmp_path):
    logmap = tmp_path / "outputs" / "demo" / "_logs"
    u = dask_uitvoer.DaskUitvoerder(_TweeMachines(tmp_path / "andere-machine"), "tcp://s:8786", lokaal=False,
                                    toon=True)
    monkeypatch.setattr(u, "workers", lambda: {"tcp://10.0.0.1:4001": {}, "tcp://10.0.0.2:4001": {}})
    assert u.kies_route(logmap) == "terugsturen"
    err = capsys.readouterr().err
    assert f"Dask: 1 van de 2 workers zien de uitvoermap {logmap} niet (tcp://10.0.0.2:4001: FileNotFoundError" in err
    assert "de workers sturen hun uitvoer terug en deze machine schrijft die weg" in err and "10.0.0.1" not in err
    assert list(logmap.iterdir()) == []  # the marker is gone

    # a different file under the same path (another disk with the same layout) is not the shared folder
    u.run_id = "vast"
    elders = tmp_path / "andere-machine" / logmap.relative_to(logmap.anchor) / ".wz-dask-vast"
    elders.parent.mkdir(parents=True)
    elders.write_text("iets anders", encoding="utf-8")
    assert "niet dezelfde gedeelde map" in u.controleer_gedeelde_map(logmap)["tcp://10.0.0.2:4001"]
    elders.write_text("vast", encoding="utf-8")
    assert u.controleer_gedeelde_map(logmap) == {}
    assert u.kies_route(logmap) == "gedeeld"  # both see it: they write into it
    u.terugsturen = True  # --dask-terugsturen
    assert u.kies_route(logmap) == "terugsturen"


class _AndereVersie(_TweeMachines):
    def run(self, fn, pad, *args):
        uit = {w: fn(pad, *args) for w in ("tcp://10.0.0.1:4001", "tcp://10.0.0.2:4001")}
        uit["tcp://10.0.0.2:4001"]["wzlib"] = "een-oudere-versie"
        return uit


def _andere_wzlib(monkeypatch, capsys, tmp_path):
    u = dask_uitvoer.DaskUitvoerder(_AndereVersie(tmp_path), "tcp://s:8786", lokaal=False)
    with pytest.raises(dask_uitvoer.DaskFout, match=r"1 van de 2 Dask-workers hebben een andere versie van wzlib "
                                                    r"dan deze machine \(tcp://10.0.0.2:4001\)"):
        u.controleer_gedeelde_map(tmp_path / "logs")


def _terug(tmp_path, bestanden: dict, status: str = "ok"):
    """A task of GM0001's 10_omvang in ``tmp_path/outputs/demo`` and what a worker sends back for it."""
    regio_map = tmp_path / "outputs" / "demo"
    opdracht = {"map": str(regio_map / "GM0001"), "stap": "10_omvang"}
    return regio_map, opdracht, {"uit": {"status": status}, "bestanden": bestanden}


def _pad_buiten_map(monkeypatch, capsys, tmp_path):
    regio_map, opdracht, _ = _terug(tmp_path, {})
    (regio_map / "GM0001").mkdir(parents=True)
    (tmp_path / "elders").mkdir()
    (regio_map / "GM0001" / "link").symlink_to(tmp_path / "elders")
    gewoon = {"GM0001/10_omvang.ipynb": b"{}", "GM0001/10_omvang/t.parquet": b"x"}
    for slecht in ("../buiten.txt", "GM0001/../../buiten.txt", str(tmp_path / "buiten.txt"), "GM0001/link/x.txt",
                   "", "GM0001\\..\\..\\buiten.txt"):
        _, _, antwoord = _terug(tmp_path, gewoon | {slecht: b"kwaad"})
        with pytest.raises(dask_terug.TerugFout, match="Een Dask-worker stuurde een bestand terug .*buiten de "
                                                        ".*er is niets van deze stap geschreven"):
            dask_terug.schrijf_terug(opdracht, antwoord)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["GM0001", "demo", "elders", "link", "outputs"]


def _stap_mislukt(monkeypatch, capsys, tmp_path):
    regio_map, opdracht, _ = _terug(tmp_path, {})
    gm = regio_map / "GM0001"
    (gm / "10_omvang").mkdir(parents=True)
    (gm / "10_omvang" / "t.parquet").write_bytes(b"oud")
    (gm / "10_omvang.ipynb").write_bytes(b"oud notebook")
    _, _, antwoord = _terug(tmp_path, {"GM0001/10_omvang.fout.ipynb": b"fout notebook",
                                       "GM0001/10_omvang/t.parquet": b"half",
                                       "GM0001/10_omvang.fingerprint.json": b'{"status": "fout"}'}, status="fout")
    uit = dask_terug.schrijf_terug(opdracht, antwoord)
    assert uit["status"] == "fout"
    assert (gm / "10_omvang" / "t.parquet").read_bytes() == b"oud"
    assert (gm / "10_omvang.ipynb").read_bytes() == b"oud notebook"
    assert (gm / "10_omvang.fout.ipynb").read_bytes() == b"fout notebook"
    assert (gm / "10_omvang.fingerprint.json").read_bytes() == b'{"status": "fout"}'
    assert sorted(p.name for p in gm.iterdir()) == ["10_omvang", "10_omvang.fingerprint.json", "10_omvang.fout.ipynb",
                                                    "10_omvang.ipynb"]


CONTROLES = {"dask-scheduler-onbereikbaar": _onbereikbaar, "dask-adres-ongeldig": _ongeldig,
             "dask-worker-ziet-map-niet": _ziet_map_niet, "dask-worker-andere-wzlib": _andere_wzlib,
             "dask-terug-pad-buiten-map": _pad_buiten_map, "dask-terug-stap-mislukt": _stap_mislukt}


@pytest.mark.parametrize("geval", GEVALLEN, ids=[g.id for g in GEVALLEN])
def test_geval(geval, monkeypatch, capsys, tmp_path):
    CONTROLES[geval.id](monkeypatch, capsys, tmp_path)
