"""The omvang of the whole regio as a regio-wide computation (wzlib.omvang_regio, registered as
``omvang_regio``): the same tables as the omvang notebook computed per gemeente, computed once and read by
the other gemeenten, a new key for a changed parameter or input, and computed on demand by a notebook
that runs alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

import wzlib.analyse
from wzlib import catalogus as T
from wzlib import omvang, omvang_regio, paden, regioberekening, stappen
from conftest import gelijke_regioberekening, tel_regioberekening, voer_notebook_uit_in_proces

ROOT = Path(__file__).resolve().parents[1]
B = stappen.OMVANG_REGIO


def _open(regio, tmp_path, gemeente="GM9901"):
    return wzlib.analyse.open(regio, gemeente=gemeente, stap=stappen.OMVANG,
                              uitvoer_map=str(tmp_path / "uit" / "voorbeeldregio" / gemeente))


def _oud(A):
    """The omvang as the notebook computed it for each gemeente before it became a regio computation."""
    bevolking = A.tabel("bevolking")
    inwoners = omvang.inwoners(bevolking, A.codes, A.peiljaar)
    ouderen = omvang.ouderen(bevolking, A.tabel("huishoudens_leeftijd"), A.codes, A.peiljaar, met_vergelijking=True,
                             regio_naam=A.regio.naam, gemeentenamen=A.namen)
    groepen = omvang.groepen_omvang(A.lokaal.aandachtsgroepen, ouderen, inwoners, A.codes, A.peiljaar,
                                    A.regio.groepen, bron_bevolking=A.herkomst("bevolking")[0].bron)
    huishoudens = omvang.huishoudens(A.tabel("huishoudens"), A.codes, A.peiljaar, regio_naam=A.regio.naam,
                                     gemeentenamen=A.namen)
    return omvang_regio.OmvangRegio(inwoners, ouderen, groepen, huishoudens,
                                    omvang.beschikbaarheid(groepen, A.regio.groepen))


@pytest.fixture
def teller(monkeypatch):
    return tel_regioberekening(monkeypatch, B)


@pytest.fixture
def eigen_regio(tmp_path):
    """The demo regio with its own copy of the local inputs (to change one) as ``<tmp>/params/regios/r.yaml``."""
    d = yaml.safe_load((ROOT / "params" / "regios" / "voorbeeldregio.yaml").read_text(encoding="utf-8"))
    lokaal = tmp_path / "lokaal"
    shutil.copytree(ROOT / d["lokaal"], lokaal)
    d |= {"lokaal": str(lokaal), "kengetallen_bestand": str(ROOT / "params" / "kengetallen.yaml")}
    d["bron"]["map"] = str(ROOT / d["bron"]["map"])
    for sectie in ("meter", "monitoring", "spreiding"):  # files relative to the project; not used by the omvang
        d.pop(sectie, None)
    pad = tmp_path / "params" / "regios" / "r.yaml"
    pad.parent.mkdir(parents=True)
    pad.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return pad


def test_register():
    assert stappen.REGIO_BEREKENINGEN[B.sleutel] is B and B.stap is stappen.OMVANG
    assert regioberekening.FUNCTIES[B.sleutel] == (omvang_regio.bereken_omvang_regio,
                                                   omvang_regio.bronnen_omvang_regio)


def test_zelfde_als_het_notebook_per_gemeente_en_een_keer_berekend(tmp_path, teller):
    A = _open("voorbeeldregio", tmp_path)
    vers = A.regio_berekening(B)
    assert teller == ["GM9901"]
    opgeslagen = list(paden.regio_berekening(A.regio_map, B.sleutel).iterdir())
    assert len(opgeslagen) == 1 and (opgeslagen[0] / "meta.json").exists()
    assert not list(opgeslagen[0].glob("*.pkl")) and {p.suffix for p in opgeslagen[0].iterdir()} == {
        ".parquet", ".json"}
    C = _open("voorbeeldregio", tmp_path, "GM9903")
    gelezen = C.regio_berekening(B.sleutel)
    assert teller == ["GM9901"], "de tweede gemeente rekent niet opnieuw"
    # read back exactly (dtypes included) what the old per-gemeente path gives
    gelijke_regioberekening(gelezen, _oud(_open("voorbeeldregio", tmp_path, "GM9903")))
    gelijke_regioberekening(vers, gelezen)
    assert set(gelezen.groepen["gemeentecode"]) == set(C.codes)
    assert (gelezen.groepen["status"] == omvang.LOKAAL).any(), "de lokale aandachtsgroepen tellen mee"
    # the same sources, in the same order, are marked as used whoever computed it
    assert list(C.gebruikte_bronnen) == list(A.gebruikte_bronnen)
    assert list(C.gebruikte_bronnen)[-3:] == ["bevolking", "huishoudens_leeftijd", "huishoudens"]


def test_andere_parameter_geeft_een_nieuwe_sleutel(tmp_path, teller):
    A = _open("voorbeeldregio", tmp_path)
    A.regio_berekening(B)
    oud = regioberekening.sleutel(A, B)
    A.regio = A.regio.model_copy(update={"naam": "Andere regio"})
    assert regioberekening.sleutel(A, B) != oud
    nieuw = A.regio_berekening(B)
    assert len(teller) == 2, "een opgeslagen resultaat met andere parameters wordt niet gebruikt"
    assert "Andere regio" in set(nieuw.ouderen["gebied"])
    basis = paden.regio_berekening(A.regio_map, B.sleutel)
    assert [p.name for p in basis.iterdir()] == [regioberekening.sleutel(A, B)]


def test_andere_lokale_invoer_geeft_een_nieuwe_sleutel(tmp_path, eigen_regio, teller):
    A = _open(eigen_regio, tmp_path)
    eerst = A.regio_berekening(B)
    oud = regioberekening.sleutel(A, B)
    csv = Path(A.regio.lokaal_map) / "aandachtsgroepen.csv"
    tekst = csv.read_text(encoding="utf-8")
    assert "GM9901,Heidewoude,dak_thuislozen,2024,6," in tekst
    csv.write_text(tekst.replace("GM9901,Heidewoude,dak_thuislozen,2024,6,", "GM9901,Heidewoude,dak_thuislozen,2024,9,"),
                   encoding="utf-8")
    C = _open(eigen_regio, tmp_path)  # a new notebook: reads the inputs again
    assert regioberekening.sleutel(C, B) != oud
    nieuw = C.regio_berekening(B)
    assert len(teller) == 2

    def dak(res):
        g = res.groepen
        return float(g[(g["gemeentecode"] == "GM9901") & (g["groep"] == "dak_thuislozen")]["aantal"].iloc[0])

    assert (dak(eerst), dak(nieuw)) == (6.0, 9.0)


def test_notebook_alleen_berekent_en_bewaart_op_verzoek(tmp_path, monkeypatch):
    """10_omvang opened alone (no batch run before it): computes the regio omvang by the registered
    function, stores it, and writes the same result tables as the old per-gemeente path."""
    monkeypatch.chdir(tmp_path)  # a notebook writes nowhere else than its uitvoer_map
    uit = tmp_path / "uit" / "voorbeeldregio" / "GM9902"
    A = voer_notebook_uit_in_proces("10_omvang", "GM9902", uit)["A"]
    basis = paden.regio_berekening(A.regio_map, B.sleutel)
    assert [p.name for p in basis.iterdir()] == [regioberekening.sleutel(A, B)]
    opgeslagen = regioberekening.lees(basis / regioberekening.sleutel(A, B), B)
    oud = _oud(_open("voorbeeldregio", tmp_path, "GM9902"))
    gelijke_regioberekening(opgeslagen, oud)
    resultaten = paden.resultaat_map(uit, stappen.OMVANG.notebook)
    pd.testing.assert_frame_equal(pd.read_parquet(resultaten / f"{T.OUDEREN.naam}.parquet"),
                                  omvang.ouderen_resultaat(oud.ouderen, "GM9902"), check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(resultaten / f"{T.GROEPEN_OMVANG.naam}.parquet"),
                                  omvang.groepen_resultaat(oud.groepen, "GM9902"), check_exact=True)


def test_regio_met_de_naam_van_een_gemeente_krijgt_een_eigen_naam_in_de_rapporten(tmp_path, eigen_regio):
    """COROP-gebied Utrecht holds the gemeente Utrecht: in the comparison tables and charts, where the gemeenten
    and the regio stand side by side by name, the regio is "Utrecht (regio)" (the national run failed in every
    gemeente of that regio on two bars named "Utrecht")."""
    from wzlib import aanbod_tekst, omvang_tekst
    from wzlib.presentatie import grafieken

    d = yaml.safe_load(eigen_regio.read_text(encoding="utf-8"))
    d["naam"] = "Stroomstad"  # one of the demo gemeenten (GM9902)
    eigen_regio.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    A = _open(eigen_regio, tmp_path)
    assert A.regio.naam == "Stroomstad (regio)" and "Stroomstad" in A.namen.values()
    OR = A.regio_berekening(B)
    tabel = omvang_tekst.ouderen_overzicht(OR.ouderen, A.gemeente.code)
    assert tabel["Gebied"].is_unique and "Stroomstad (regio)" in set(tabel["Gebied"])
    grafieken.staaf(tabel, x="Gebied", y="75+ (%)", soort="pct", horizontaal=True, bron="test", titel="75+",
                    regels=A.regels)
    AR = A.regio_berekening(stappen.AANBOD_REGIO)
    vgl = aanbod_tekst.woningvoorraad_vergelijking(AR.voorraad, A.tabel("woningen"), A.gemeente.code,
                                                   regio_naam=A.regio.naam, gemeentenamen=A.namen)
    assert vgl["gebied"].is_unique
    assert wzlib.analyse.open("voorbeeldregio", gemeente="GM9901", stap=stappen.OMVANG).regio.naam == "Voorbeeldregio"
