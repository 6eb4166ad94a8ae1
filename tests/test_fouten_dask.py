"""Foutencorpus, ``wz run --dask``: een cluster dat niet bereikbaar is of de notebooks niet kan draaien geeft
een Nederlandse melding zonder traceback (exitcode 2), vóór er een stap draait.

Geen notebook en geen cluster nodig: het onbereikbare adres is een lokale poort waar niemand luistert, en de
workers die de gedeelde map niet zien staan voor een client die de controle op twee 'machines' uitvoert
(de tweede met een eigen schijf onder een andere map).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from foutcorpus import Geval

from wzlib import cli, dask_uitvoer

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
          "de run start geen stap: 'N van de M Dask-workers zien de uitvoermap … niet', met per worker wat hij "
          "ziet en de uitleg over een gedeelde map; het controlebestand is weer weg"),
    Geval("dask-worker-andere-wzlib", G, "een Dask-worker draait een andere versie van wzlib dan de client",
          "de run start geen stap: 'N van de M Dask-workers hebben een andere versie van wzlib dan deze machine', "
          "met de workers en wat te doen"),
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
    u = dask_uitvoer.DaskUitvoerder(_TweeMachines(tmp_path / "andere-machine"), "tcp://s:8786", lokaal=False)
    with pytest.raises(dask_uitvoer.DaskFout) as e:
        u.controleer_gedeelde_map(logmap)
    assert f"1 van de 2 Dask-workers zien de uitvoermap {logmap} niet" in str(e.value)
    assert "tcp://10.0.0.2:4001: FileNotFoundError" in str(e.value) and "10.0.0.1" not in str(e.value)
    assert list(logmap.iterdir()) == []  # the marker is gone

    # a different file under the same path (another disk with the same layout) is not the shared folder
    u.run_id = "vast"
    elders = tmp_path / "andere-machine" / logmap.relative_to(logmap.anchor) / ".wz-dask-vast"
    elders.parent.mkdir(parents=True)
    elders.write_text("iets anders", encoding="utf-8")
    with pytest.raises(dask_uitvoer.DaskFout, match="niet dezelfde gedeelde map"):
        u.controleer_gedeelde_map(logmap)
    elders.write_text("vast", encoding="utf-8")
    u.controleer_gedeelde_map(logmap)  # both see it: no error


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


CONTROLES = {"dask-scheduler-onbereikbaar": _onbereikbaar, "dask-adres-ongeldig": _ongeldig,
             "dask-worker-ziet-map-niet": _ziet_map_niet, "dask-worker-andere-wzlib": _andere_wzlib}


@pytest.mark.parametrize("geval", GEVALLEN, ids=[g.id for g in GEVALLEN])
def test_geval(geval, monkeypatch, capsys, tmp_path):
    CONTROLES[geval.id](monkeypatch, capsys, tmp_path)
