"""The partners' review sheets as a regio-wide computation (stappen.CONFRONTATIE_REACTIES): read once, the
same table as the old per-notebook read, a new or changed sheet gives a new key (a stale table is never
used), and a confrontatie notebook run alone computes it on demand and stores it."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import ROOT, kopie_van, regio_yaml

import wzlib.analyse
from wzlib import catalogus, confrontatie_reacties, paden, regioberekening, resultaten, stappen
from wzlib.bronnen import partners
from conftest import tel_regioberekening

B = stappen.CONFRONTATIE_REACTIES
BLADEN = sorted((ROOT / "data" / "voorbeeld" / "partners").glob("*.xlsx"))


@pytest.fixture
def teller(monkeypatch):
    return tel_regioberekening(monkeypatch, B)


def _regio(tmp_path: Path, bladen) -> tuple[Path, Path]:
    terug = tmp_path / "terug"
    terug.mkdir()
    for p in bladen:
        shutil.copy2(p, terug / p.name)
    pad = regio_yaml(tmp_path, f"confrontatie: {{reacties_map: {terug}}}\n")
    return pad, terug


def _open(regio, tmp_path, gemeente="GM9901"):
    return wzlib.analyse.open(str(regio), gemeente=gemeente, stap=stappen.CONFRONTATIE,
                              uitvoer_map=str(tmp_path / "uit" / gemeente))


def test_geregistreerd_bij_de_confrontatie():
    assert stappen.REGIO_BEREKENINGEN[B.sleutel] is B and B.stap is stappen.CONFRONTATIE
    assert "reacties" in B.stap.invoer  # the reacties fingerprint is part of the key
    assert len(BLADEN) >= 3


def test_zelfde_tabel_als_de_oude_lezing_per_notebook(tmp_path, teller):
    A = wzlib.analyse.open("voorbeeldregio", gemeente="GM9901", stap=stappen.CONFRONTATIE,
                           uitvoer_map=str(tmp_path / "voorbeeldregio" / "GM9901"))
    vers = A.regio_berekening(B).reacties
    assert teller == ["GM9901"] and len(vers) > 10
    # the old notebook read the sheets with this gemeente's findings; the table does not depend on them
    bev = pd.DataFrame({"id": ["GM9901-aanbod-nultreden"], "gemeentecode": ["GM9901"]})
    oud = partners.lees_reacties(partners.reacties_map(A.regio), bev, A.regio.confrontatie.partners or ())
    pd.testing.assert_frame_equal(vers, oud, check_exact=True)
    assert set(vers["gemeentecode"]) - {""} > {"GM9901"}, "alle gemeenten van de regio in één tabel"
    # another gemeente reads the stored table: same values and dtypes, no second read of the sheets
    C = wzlib.analyse.open("voorbeeldregio", gemeente="GM9904", stap=stappen.CONFRONTATIE,
                           uitvoer_map=str(tmp_path / "voorbeeldregio" / "GM9904"))
    gelezen = C.regio_berekening(B.sleutel).reacties
    assert teller == ["GM9901"]
    pd.testing.assert_frame_equal(gelezen, oud, check_exact=True)


def test_geen_bladen_geeft_de_lege_tabel_ook_na_opslaan(tmp_path, teller):
    regio, _ = _regio(tmp_path, [])
    A = _open(regio, tmp_path)
    assert A.regio_berekening(B).reacties.empty
    gelezen = _open(regio, tmp_path).regio_berekening(B).reacties
    assert len(teller) == 1
    pd.testing.assert_frame_equal(gelezen, partners.lege_reacties(), check_exact=True)


def test_nieuw_of_gewijzigd_blad_geeft_een_nieuwe_sleutel_en_nooit_de_oude_tabel(tmp_path, teller):
    regio, terug = _regio(tmp_path, BLADEN[:-1])
    A = _open(regio, tmp_path)
    voor = A.regio_berekening(B).reacties
    sleutel_voor = regioberekening.sleutel(A, B)
    nieuw = BLADEN[-1]
    assert set(voor["bestand"]) == {p.name for p in BLADEN[:-1]}

    shutil.copy2(nieuw, terug / nieuw.name)  # a partner returns its sheet
    A = _open(regio, tmp_path)
    assert regioberekening.sleutel(A, B) != sleutel_voor
    na = A.regio_berekening(B).reacties
    assert len(teller) == 2
    assert nieuw.name in set(na["bestand"]) and len(na) > len(voor)
    pd.testing.assert_frame_equal(na, partners.lees_reacties(terug, None, A.regio.confrontatie.partners or ()),
                                  check_exact=True)
    # what the report shows changes with it: the answers to Heidewoude's findings
    assert (na["gemeentecode"] == "GM9901").sum() > (voor["gemeentecode"] == "GM9901").sum()
    basis = paden.regio_berekening(A.regio_map, B.sleutel)
    assert [p.name for p in basis.iterdir()] == [regioberekening.sleutel(A, B)], "de oude tabel is weg"

    # same content, another file date: a sheet without a date gets its file's date, so the key changes too
    sleutel_na = regioberekening.sleutel(A, B)
    t = time.time() - 3 * 86400
    os.utime(terug / nieuw.name, (t, t))
    assert regioberekening.sleutel(A, B) != sleutel_na


def test_fout_blad_geeft_dezelfde_fout_en_wordt_niet_opgeslagen(tmp_path, teller):
    regio, terug = _regio(tmp_path, BLADEN[:1])
    (terug / "kapot.xlsx").write_bytes(b"geen excel")
    A = _open(regio, tmp_path)
    with pytest.raises(Exception) as fout:
        A.regio_berekening(B)
    with pytest.raises(type(fout.value), match="kapot.xlsx"):
        partners.lees_reacties(terug)
    assert not paden.regio_berekening(A.regio_map, B.sleutel).exists()


def test_code_van_de_berekening_zit_in_de_sleutel():
    from wzlib.vingerafdruk import module_afsluiting

    assert confrontatie_reacties.__name__ in module_afsluiting([regioberekening.__name__])


@pytest.mark.notebook
def test_notebook_alleen_berekent_op_verzoek_en_bewaart(demo_uitvoer, tmp_path):
    """The batch run computed the table before the notebooks; a notebook opened alone without it computes it
    with the same function, stores it under the same key and saves the same reacties."""
    pm = pytest.importorskip("papermill")
    regio_map = kopie_van(demo_uitvoer, tmp_path / "outputs") / "voorbeeldregio"
    basis = paden.regio_berekening(regio_map, B.sleutel)
    A = wzlib.analyse.open("voorbeeldregio", gemeente="GM9902", stap=stappen.CONFRONTATIE,
                           uitvoer_map=str(regio_map / "GM9902"))
    sleutel = regioberekening.sleutel(A, B)
    assert [p.name for p in basis.iterdir()] == [sleutel], "de batch heeft haar vooraf berekend"
    voor = resultaten.lees(regio_map, "GM9902", catalogus.REACTIES)
    shutil.rmtree(basis)
    pm.execute_notebook(str(ROOT / "notebooks" / f"{stappen.CONFRONTATIE.notebook}.ipynb"), str(tmp_path / "50.ipynb"),
                        parameters={"regio": "voorbeeldregio", "gemeente": "GM9902",
                                    "uitvoer_map": str(regio_map / "GM9902")},
                        kernel_name="python3", engine_name="wz-warm", progress_bar=False, cwd=str(ROOT))
    nb = nbformat.read(tmp_path / "50.ipynb", as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert [p.name for p in basis.iterdir()] == [sleutel]
    pd.testing.assert_frame_equal(regioberekening.lees(basis / sleutel, B).reacties,
                                  confrontatie_reacties.bereken_reacties_regio(A).reacties, check_exact=True)
    pd.testing.assert_frame_equal(resultaten.lees(regio_map, "GM9902", catalogus.REACTIES), voor, check_exact=True)
