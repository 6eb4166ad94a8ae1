"""The aanbod of the whole regio as a regio-wide computation (wzlib.aanbod_regio, registered as
``aanbod_regio``): the same tables as the aanbod notebook computed per gemeente, computed once and read by
the other gemeenten, and computed on demand by a notebook that runs alone."""

from __future__ import annotations

import pandas as pd
import pytest

import wzlib.analyse
from wzlib import aanbod, aanbod_regio, omvang, paden, regioberekening, stappen
from wzlib import catalogus as T
from conftest import gelijke_regioberekening, tel_regioberekening, voer_notebook_uit_in_proces

B = stappen.AANBOD_REGIO


def _open(tmp_path, gemeente="GM9901"):
    return wzlib.analyse.open("voorbeeldregio", gemeente=gemeente, stap=stappen.AANBOD,
                              uitvoer_map=str(tmp_path / "uit" / "voorbeeldregio" / gemeente))


def _oud(A):
    """The aanbod as the notebook computed it for each gemeente before it became a regio computation."""
    lokaal = A.lokaal
    return aanbod_regio.AanbodRegio(
        inwoners=omvang.inwoners(A.tabel("bevolking"), A.codes, A.peiljaar),
        voorraad=aanbod.woningvoorraad(A.tabel("woningen"), lokaal.woningmarkt, A.codes, A.peiljaar),
        per_woonvorm=aanbod.aanbod_per_woonvorm(lokaal.aanbod, A.codes, A.peiljaar, woningmarkt=lokaal.woningmarkt))


@pytest.fixture
def teller(monkeypatch):
    return tel_regioberekening(monkeypatch, B)


def test_register():
    assert stappen.REGIO_BEREKENINGEN[B.sleutel] is B and B.stap is stappen.AANBOD
    assert regioberekening.FUNCTIES[B.sleutel] == (aanbod_regio.bereken_aanbod_regio, aanbod_regio.bronnen_aanbod_regio)


def test_zelfde_als_het_notebook_per_gemeente_en_een_keer_berekend(tmp_path, teller):
    A = _open(tmp_path)
    vers = A.regio_berekening(B)
    C = _open(tmp_path, "GM9904")
    gelezen = C.regio_berekening(B)
    assert teller == ["GM9901"], "de tweede gemeente rekent niet opnieuw"
    gelijke_regioberekening(gelezen, _oud(_open(tmp_path, "GM9904")))
    gelijke_regioberekening(vers, gelezen)
    assert set(gelezen.per_woonvorm["gemeentecode"]) == set(C.codes)
    assert list(C.gebruikte_bronnen) == list(A.gebruikte_bronnen)
    assert list(C.gebruikte_bronnen)[-2:] == ["woningen", "bevolking"]
    # another parameter of the step: another key, computed again
    oud = regioberekening.sleutel(C, B)
    C.regio = C.regio.model_copy(update={"spreiding": C.regio.spreiding.model_copy(
        update={"doel_sociale_huur": C.regio.spreiding.doel_sociale_huur + 0.01})})
    assert regioberekening.sleutel(C, B) != oud
    C.regio_berekening(B)
    assert len(teller) == 2


def test_notebook_alleen_berekent_en_bewaart_op_verzoek(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    uit = tmp_path / "uit" / "voorbeeldregio" / "GM9902"
    A = voer_notebook_uit_in_proces("20_aanbod", "GM9902", uit, display=lambda *a, **k: None)["A"]
    basis = paden.regio_berekening(A.regio_map, B.sleutel)
    assert [p.name for p in basis.iterdir()] == [regioberekening.sleutel(A, B)]
    oud = _oud(_open(tmp_path, "GM9902"))
    gelijke_regioberekening(regioberekening.lees(basis / regioberekening.sleutel(A, B), B), oud)
    resultaten = paden.resultaat_map(uit, stappen.AANBOD.notebook)
    pd.testing.assert_frame_equal(pd.read_parquet(resultaten / f"{T.AANBOD.naam}.parquet"),
                                  aanbod.aanbod_resultaat(oud.per_woonvorm, "GM9902"), check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(resultaten / f"{T.WONINGVOORRAAD.naam}.parquet"),
                                  aanbod.woningvoorraad_resultaat(oud.voorraad, "GM9902"), check_exact=True)
