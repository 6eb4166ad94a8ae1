"""Work a notebook did twice or for nothing: the kengetallen file parsed once per loaded regio file (the
check in laad_regio and the notebook share it), and the monitoring reading only the result tables of the
gemeenten it compares (``wies``), the fingerprints of all."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from conftest import ROOT, regio_yaml
from wzlib import kengetallen, momentopname, paden, stappen
from wzlib import catalogus as T
from wzlib.params import laad_regio


@pytest.fixture
def parses(monkeypatch):
    """The kengetallen files parsed (still by the real reader)."""
    gelezen = []
    echt = kengetallen.lees_yaml

    def tel(pad):
        gelezen.append(pad)
        return echt(pad)

    monkeypatch.setattr(kengetallen, "lees_yaml", tel)
    return gelezen


def test_kengetallen_een_keer_gelezen_en_gelijk_aan_apart_laden(parses):
    rp = laad_regio("voorbeeldregio")  # checks the kengetallen (samenhang): the first parse
    K1, K2 = rp.kengetallen_laden(), rp.kengetallen_laden()
    assert len(parses) == 1
    los = kengetallen.laad(rp.pad_naar(rp.kengetallen_bestand), rp.kengetallen, regio_bestand=rp.pad)
    assert len(parses) == 2
    for K in (K1, K2):
        pd.testing.assert_frame_equal(K.overzicht(), los.overzicht(), check_exact=True)
        assert K.boom == los.boom and K.origineel == los.origineel and K.afwijkingen == los.afwijkingen
    # each call gets its own tree: changing one changes no later load
    K1.boom.clear()
    assert rp.kengetallen_laden().boom == los.boom


def test_gewijzigd_kengetallenbestand_wordt_opnieuw_gelezen(tmp_path, parses):
    bestand = tmp_path / "k.yaml"
    shutil.copy(ROOT / "params" / "kengetallen.yaml", bestand)
    pad = regio_yaml(tmp_path)
    pad.write_text(pad.read_text(encoding="utf-8").replace(str(ROOT / "params" / "kengetallen.yaml"), str(bestand)),
                   encoding="utf-8")
    rp = laad_regio(pad)
    voor = rp.kengetallen_laden().overzicht()
    assert len(parses) == 1
    tekst = bestand.read_text(encoding="utf-8")
    assert "    midden: 0.15\n" in tekst
    bestand.write_text(tekst.replace("    midden: 0.15\n", "    midden: 0.16\n", 1), encoding="utf-8")
    na = rp.kengetallen_laden().overzicht()
    assert len(parses) == 2, "een gewijzigd bestand wordt opnieuw gelezen"
    assert sorted(set(na["midden"]) - set(voor["midden"])) == [0.16]


def _schrijf(regio_map, wie, waarde):
    wie_map = paden.uitvoer_wie(regio_map, wie)
    df = pd.DataFrame({"gemeentecode": [wie], "aantal": [waarde]})
    paden.atomair_schrijven(paden.resultaat_bestand(wie_map, stappen.OMVANG.notebook, T.OUDEREN.naam),
                            lambda p: df.to_parquet(p, index=False))
    paden.atomair_tekst(paden.record(wie_map, stappen.OMVANG.notebook),
                        json.dumps({"status": "ok", "fingerprint": f"fp-{wie}"}))


def test_huidig_leest_alleen_de_tabellen_van_wies(tmp_path):
    rp = laad_regio(regio_yaml(tmp_path))
    regio_map = tmp_path / "uit" / "r"
    for i, wie in enumerate(["GM0001", "GM0002", "GM0003", paden.REGIO]):
        _schrijf(regio_map, wie, float(i))
    alles = momentopname.huidig(regio_map, rp)
    deel = momentopname.huidig(regio_map, rp, wies=["GM0002", paden.REGIO])
    assert set(alles.tabellen) == {(w, T.OUDEREN.naam) for w in ["GM0001", "GM0002", "GM0003", paden.REGIO]}
    assert set(deel.tabellen) == {("GM0002", T.OUDEREN.naam), (paden.REGIO, T.OUDEREN.naam)}
    pd.testing.assert_frame_equal(deel.tabel("GM0002", T.OUDEREN.naam), alles.tabel("GM0002", T.OUDEREN.naam))
    # the fingerprints (what a snapshot is compared by) are those of every gemeente
    assert deel.kenmerk == alles.kenmerk and len(deel.stappen) == 4


def test_kerncijfers_neemt_per_jaar_en_variant_de_eerste_regel():
    """kerncijfers looks each (jaar, variant) up once (prognose_tekst._eerste_aantal): the first row wins, a
    missing year or variant is empty, rows of other gemeenten and rows without a year are ignored."""
    from wzlib import prognose_tekst

    rijen = [("GM0001", "75+", 2024, "midden", 100.0), ("GM0001", "75+", 2034, "midden", 150.0),
             ("GM0001", "75+", 2034, "midden", 999.0),  # a second row: not used
             ("GM0001", "75+", 2034, "laag", 140.0), ("GM0001", "75+", None, "hoog", 555.0),
             ("GM0002", "75+", 2034, "hoog", 777.0),
             ("GM0001", "85+", 2024, "midden", 20.0), ("GM0001", "85+", 2044, "hoog", 60.0)]
    g = pd.DataFrame(rijen, columns=["gemeentecode", "leeftijdsgroep", "jaar", "variant", "aantal"]).astype(
        {"jaar": "Int64", "aantal": "Float64"})
    k = prognose_tekst.kerncijfers(g, "GM0001", 2024).set_index("leeftijdsgroep")
    assert k.at["75+", "2024"] == 100.0 and k.at["75+", "2034 midden"] == 150.0 and k.at["75+", "2034 laag"] == 140.0
    assert pd.isna(k.at["75+", "2034 hoog"]) and pd.isna(k.at["75+", "2044 midden"])
    assert k.at["75+", "groei 2034"] == 1.5
    assert k.at["85+", "2044 hoog"] == 60.0 and pd.isna(k.at["85+", "groei 2044"])
    assert list(k.index) == ["75+", "85+"]
