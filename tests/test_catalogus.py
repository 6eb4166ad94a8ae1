"""The step registry and the result catalogue: consistent with each other, schemas checked when a table is
written and when it is read, dependencies derived from what a step reads, clear messages for what is missing."""

from __future__ import annotations

import pandas as pd
import pytest

from wzlib import catalogus as T
from wzlib import paden, resultaten, stappen
from wzlib.catalogus import ResultaatFout
from wzlib.params import Gemeente
from wzlib.resultaten import ResultaatOntbreekt


def test_register_en_catalogus_kloppen_met_elkaar():
    assert stappen.controleer_register() == []
    assert [s.nummer for s in stappen.STAPPEN.values()] == [1, 2, 3, 4, 5, 5, 6, 6, 7, 8, 8, 9]
    assert [s.naam for s in stappen.STAPPEN.values()][:3] == ["Stap 1 – Omvang", "Stap 2 – Aanbod",
                                                             "Stap 3 – Prognose"]
    for t in T.TABELLEN.values():
        assert t in stappen.STAPPEN[t.stap].schrijft
        assert len(set(t.kolomnamen)) == len(t.kolomnamen), t.naam
        assert set(t.sleutel) <= set(t.kolomnamen), t.naam


def test_register_vindt_stappen_op_sleutel_notebook_en_nummer():
    assert stappen.stap("prognose") is stappen.PROGNOSE
    assert stappen.stap("30_prognose.ipynb") is stappen.PROGNOSE
    assert stappen.stap("40") is stappen.SPREIDING
    with pytest.raises(stappen.OnbekendeStap, match="bedoelde u: prognose"):
        stappen.stap("prognoze")


def test_afhankelijkheden_volgen_uit_wat_een_stap_leest():
    codes = ["GM0001", "GM0002"]
    spreiding = {(d.wie, d.stap.sleutel): d.verplicht
                 for d in stappen.afhankelijkheden(stappen.SPREIDING, paden.REGIO, codes, paden.REGIO)}
    # a regio step that reads gemeente tables waits for that step of every gemeente
    assert spreiding == {(c, s): True for c in codes for s in ("omvang", "aanbod", "prognose")}
    conf = {(d.wie, d.stap.sleutel): d.verplicht
            for d in stappen.afhankelijkheden(stappen.CONFRONTATIE, "GM0002", codes, paden.REGIO)}
    # a gemeente step reads its own gemeente's tables, and the regio's verdeling optionally
    assert conf == {("GM0002", "aanbod"): True, ("GM0002", "prognose"): True, ("GM0002", "omvang"): True,
                    (paden.REGIO, "spreiding"): False}
    assert stappen.afhankelijkheden(stappen.OMVANG, "GM0001", codes, paden.REGIO) == []


def _vraag(gemeente="GM0001", **kw) -> pd.DataFrame:
    df = pd.DataFrame({"gemeentecode": [gemeente] * 2, "jaar": [2024, 2034], "woonvorm": ["geclusterd"] * 2,
                       "variant": ["midden"] * 2, "aantal": [12.5, 20.25]})
    return df.astype({"gemeentecode": "string", "jaar": "int64", "woonvorm": "string", "variant": "string"}).assign(**kw)


def test_goede_tabel_gaat_door_de_controle():
    T.controleer(T.VRAAG, _vraag(), wie="GM0001", waar="bij het schrijven")


@pytest.mark.parametrize("verander, melding", [
    (lambda df: df.rename(columns={"aantal": "aantall"}), "kolom 'aantall' hoort niet in deze tabel"),
    (lambda df: df.drop(columns="variant"), "kolom 'variant' ontbreekt"),
    (lambda df: df.assign(jaar=df["jaar"].astype(float) + 0.5), "gehele getallen verwacht"),
    (lambda df: df.assign(variant="gemiddeld"), "onbekende waarde(n) 'gemiddeld'"),
    (lambda df: df.assign(aantal="veel"), "getallen verwacht"),
    (lambda df: df.assign(gemeentecode="GM0002"), "regels van andere gemeenten (GM0002)"),
    (lambda df: pd.concat([df, df]), "niet uniek"),
    (lambda df: df.assign(gemeentecode=pd.NA), "lege cel"),
])
def test_tabel_met_een_verkeerde_kolom_faalt_bij_het_schrijven(tmp_path, verander, melding):
    vraag = verander(_vraag())
    andere = {t: t.leeg() for t in stappen.PROGNOSE.schrijft if t is not T.VRAAG}
    with pytest.raises(ResultaatFout, match="Resultaat 'vraag'") as e:
        resultaten.schrijf(tmp_path, "GM0001", stappen.PROGNOSE, {T.VRAAG: vraag, **andere})
    assert melding in str(e.value)
    assert not any(tmp_path.rglob("*.parquet"))  # nothing written: every table is checked first


def test_aandeel_in_procenten_valt_op():
    df = pd.DataFrame({"gemeentecode": ["GM0001"], "leeftijdsgroep": ["75+"], "jaar": [2024], "aantal": [900.0],
                       "inwoners": [10000.0], "aandeel": [9.0], "alleenstaand": [None], "personen_particulier": [None],
                       "alleenstaand_aandeel": [None], "alleenstaand_jaar": [None]})
    df = df.astype({"gemeentecode": "string", "leeftijdsgroep": "string", "jaar": "int64", "alleenstaand": "float64",
                    "personen_particulier": "float64", "alleenstaand_aandeel": "float64", "alleenstaand_jaar": "Int64"})
    with pytest.raises(ResultaatFout, match="fractie 0-1, geen percentage"):
        T.controleer(T.OUDEREN, df, wie="GM0001", waar="bij het schrijven")
    T.controleer(T.OUDEREN, df.assign(aandeel=0.09), wie="GM0001", waar="bij het schrijven")


def test_een_stap_bewaart_precies_zijn_tabellen(tmp_path):
    with pytest.raises(ResultaatFout, match="ontbreekt: bevolking_prognose, doelen_landelijk"):
        resultaten.schrijf(tmp_path, "GM0001", stappen.PROGNOSE, {T.VRAAG: _vraag()})
    with pytest.raises(ResultaatFout, match="hoort niet bij deze stap: ouderen"):
        resultaten.schrijf(tmp_path, "GM0001", stappen.PROGNOSE,
                           {**{t: t.leeg() for t in stappen.PROGNOSE.schrijft},
                            T.OUDEREN: T.OUDEREN.leeg()})


def test_schrijven_en_lezen_met_herkomst(tmp_path):
    tabellen = {t: t.leeg() for t in stappen.PROGNOSE.schrijft}
    tabellen[T.VRAAG] = _vraag()
    map_ = resultaten.schrijf(tmp_path, "GM0001", stappen.PROGNOSE, tabellen, extra={"afscherming": "regels"})
    assert map_ == tmp_path / "GM0001" / "30_prognose"
    terug = resultaten.lees(tmp_path, "GM0001", T.VRAAG)
    pd.testing.assert_frame_equal(terug, tabellen[T.VRAAG])
    assert resultaten.meta(tmp_path, "GM0001", stappen.PROGNOSE)["afscherming"] == "regels"


def test_een_veranderd_bestand_faalt_bij_het_lezen(tmp_path):
    pad = paden.resultaat_bestand(tmp_path / "GM0001", stappen.PROGNOSE.notebook, "vraag")
    pad.parent.mkdir(parents=True)
    _vraag().rename(columns={"aantal": "waarde"}).to_parquet(pad)
    with pytest.raises(ResultaatFout, match=r"Resultaat 'vraag' .* in .*vraag\.parquet klopt niet"):
        resultaten.lees(tmp_path, "GM0001", T.VRAAG)


def test_lezen_controleert_alleen_wat_niet_byte_voor_byte_gecontroleerd_geschreven_is(tmp_path, monkeypatch):
    """A result table written by schrijf() was checked against the catalogue then; lees() does not check the same
    bytes again (10-40 ms per table). Any file that is not exactly what schrijf() wrote and checked for this
    gemeente (changed afterwards, meta of another gemeente or version) is checked in full, and a bad one fails."""
    gecontroleerd = []
    echte = resultaten.controleer
    monkeypatch.setattr(resultaten, "controleer", lambda t, df, **kw: (gecontroleerd.append((t.naam, kw["waar"])),
                                                                       echte(t, df, **kw)))
    tabellen = {t: t.leeg() for t in stappen.PROGNOSE.schrijft}
    tabellen[T.VRAAG] = _vraag()
    resultaten.schrijf(tmp_path, "GM0001", stappen.PROGNOSE, tabellen)
    assert {n for n, waar in gecontroleerd if waar == "bij het schrijven"} == {t.naam for t in tabellen}
    gecontroleerd.clear()
    pd.testing.assert_frame_equal(resultaten.lees(tmp_path, "GM0001", T.VRAAG), tabellen[T.VRAAG])
    assert gecontroleerd == []

    # the same bytes under another gemeente (file and resultaat.json copied): checked, and refused
    import shutil

    shutil.copytree(tmp_path / "GM0001", tmp_path / "GM0002")
    with pytest.raises(ResultaatFout, match="regels van andere gemeenten"):
        resultaten.lees(tmp_path, "GM0002", T.VRAAG)

    # a file changed after writing, resultaat.json unchanged: checked in full, and refused
    pad = paden.resultaat_bestand(tmp_path / "GM0001", stappen.PROGNOSE.notebook, "vraag")
    _vraag(variant="gemiddeld").to_parquet(pad, index=False)
    with pytest.raises(ResultaatFout, match="onbekende waarde"):
        resultaten.lees(tmp_path, "GM0001", T.VRAAG)

    # a good file changed (other numbers): checked, and accepted
    _vraag(aantal=[1.0, 2.0]).to_parquet(pad, index=False)
    gecontroleerd.clear()
    assert resultaten.lees(tmp_path, "GM0001", T.VRAAG)["aantal"].tolist() == [1.0, 2.0]
    assert [n for n, _ in gecontroleerd] == ["vraag"]

    # written and checked by another version of the toolkit: checked again
    resultaten.schrijf(tmp_path, "GM0001", stappen.PROGNOSE, tabellen)
    monkeypatch.setattr(resultaten, "__version__", "0.0-anders")
    gecontroleerd.clear()
    resultaten.lees(tmp_path, "GM0001", T.VRAAG)
    assert [n for n, _ in gecontroleerd] == ["vraag"]


def test_ontbrekend_resultaat_noemt_gemeente_en_stap(tmp_path):
    gemeenten = [Gemeente("GM0001", "Aadorp"), Gemeente("GM0002", "Beestad")]
    tabellen = {t: t.leeg() for t in stappen.PROGNOSE.schrijft}
    resultaten.schrijf(tmp_path, "GM0001", stappen.PROGNOSE, {**tabellen, T.VRAAG: _vraag()})
    with pytest.raises(ResultaatOntbreekt) as e:
        resultaten.lees_gemeenten(tmp_path, gemeenten, T.VRAAG, lezer=stappen.SPREIDING)
    tekst = str(e.value)
    assert "Stap 4 – Spreiding kan niet rekenen" in tekst and "Stap 3 – Prognose" in tekst
    assert "Beestad (GM0002)" in tekst and "Aadorp" not in tekst
    assert "--stappen prognose --gemeenten GM0002" in tekst
    df, mist = resultaten.lees_gemeenten(tmp_path, gemeenten, T.VRAAG, verplicht=False)
    assert mist == [gemeenten[1]] and set(df["gemeentecode"]) == {"GM0001"}
