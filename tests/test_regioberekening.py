"""Regio-wide computations (wzlib.regioberekening): computed once, stored, read back identically, and
computed on demand by the same registered function when a single notebook runs without a batch."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import wzlib.analyse
from wzlib import paden, regioberekening, stappen


def _open(tmp_path, gemeente="GM9901"):
    return wzlib.analyse.open("voorbeeldregio", gemeente=gemeente, stap=stappen.PROGNOSE,
                              uitvoer_map=str(tmp_path / "voorbeeldregio" / gemeente))


def _gelijk(a, b):
    assert type(a) is type(b)
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y, check_exact=True)
        elif dataclasses.is_dataclass(x):
            _gelijk(x, y)
        else:
            assert x == y, f.name


@pytest.fixture
def teller(monkeypatch):
    """Counts the calls of the registered prognose function (still the real one)."""
    bereken, bronnen = regioberekening.FUNCTIES[stappen.PROGNOSE_REGIO.sleutel]
    aanroepen = []

    def tel(A):
        aanroepen.append(A.wie)
        return bereken(A)

    monkeypatch.setitem(regioberekening.FUNCTIES, stappen.PROGNOSE_REGIO.sleutel, (tel, bronnen))
    return aanroepen


def test_op_verzoek_berekend_opgeslagen_en_door_een_andere_gemeente_gelezen(tmp_path, teller):
    A = _open(tmp_path)
    vers = A.regio_berekening(stappen.PROGNOSE_REGIO)
    assert teller == ["GM9901"]
    opgeslagen = list(paden.regio_berekening(A.regio_map, stappen.PROGNOSE_REGIO.sleutel).iterdir())
    assert len(opgeslagen) == 1 and (opgeslagen[0] / "meta.json").exists()
    B = _open(tmp_path, "GM9903")
    gelezen = B.regio_berekening(stappen.PROGNOSE_REGIO.sleutel)
    assert teller == ["GM9901"], "de tweede gemeente rekent niet opnieuw"
    # the stored result is exactly what the registered function computes, for every gemeente of the regio
    _gelijk(gelezen, regioberekening.bereken_prognose_regio(B))
    _gelijk(gelezen, vers)
    assert set(gelezen.P.bevolking["gemeentecode"]) == set(B.codes)
    # the same sources are marked as used, whoever computed it
    assert list(B.gebruikte_bronnen) == list(A.gebruikte_bronnen)


def test_andere_parameters_geven_een_nieuwe_berekening_en_de_oude_verdwijnt(tmp_path, teller):
    A = _open(tmp_path)
    A.regio_berekening(stappen.PROGNOSE_REGIO)
    oud = regioberekening.sleutel(A, stappen.PROGNOSE_REGIO)
    A.regio = A.regio.model_copy(update={"prognose": A.regio.prognose.model_copy(
        update={"horizon": A.regio.prognose.horizon - 5})})
    assert regioberekening.sleutel(A, stappen.PROGNOSE_REGIO) != oud
    kort = A.regio_berekening(stappen.PROGNOSE_REGIO)
    assert len(teller) == 2
    assert kort.P.horizon == A.regio.prognose.horizon
    basis = paden.regio_berekening(A.regio_map, stappen.PROGNOSE_REGIO.sleutel)
    assert [p.name for p in basis.iterdir()] == [regioberekening.sleutel(A, stappen.PROGNOSE_REGIO)]


def test_vernieuw_en_een_kapotte_opslag_rekenen_opnieuw(tmp_path, teller):
    A = _open(tmp_path)
    A.regio_berekening(stappen.PROGNOSE_REGIO)
    regioberekening.haal(A, stappen.PROGNOSE_REGIO, vernieuw=True)
    assert len(teller) == 2
    map_ = paden.regio_berekening(A.regio_map, stappen.PROGNOSE_REGIO.sleutel) / regioberekening.sleutel(
        A, stappen.PROGNOSE_REGIO)
    (map_ / "meta.json").write_text("{kapot", encoding="utf-8")
    res = A.regio_berekening(stappen.PROGNOSE_REGIO)
    assert len(teller) == 3
    _gelijk(res, regioberekening.lees(map_, stappen.PROGNOSE_REGIO))


def test_register_van_regioberekeningen():
    for naam, b in stappen.REGIO_BEREKENINGEN.items():
        assert b.sleutel == naam and b.stap.sleutel in stappen.STAPPEN
        assert naam in regioberekening.FUNCTIES
