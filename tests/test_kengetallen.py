"""wzlib.kengetallen: loading, validation (Dutch messages naming the key), regio overrides, value table."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from wzlib import documentatie, params
from wzlib import kengetallen as kg
from wzlib.fouten import ParamsFout
from wzlib.groepen import WOONVORMEN

ROOT = Path(__file__).resolve().parents[1]
BESTAND = ROOT / "params" / "kengetallen.yaml"


@pytest.fixture(scope="module")
def boom() -> dict:
    return yaml.safe_load(BESTAND.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def K():
    return kg.laad(BESTAND)


def _fout(boom, afwijkingen=None) -> str:
    with pytest.raises(ParamsFout) as e:
        kg.uit_boom(copy.deepcopy(boom), afwijkingen)
    return str(e.value)


def test_standaardbestand_is_geldig_en_compleet(K):
    assert set(K.woonvormen) == {"nultreden", "geclusterd", "verpleegzorg", "beschermd_wonen", "opvang"}
    assert set(K.woonvormen) <= set(WOONVORMEN)
    t = K.tabel()
    assert len(t) > 50
    assert (t["herkomst"] == "kengetallen.yaml").all()
    for kol in ("bron", "toelichting"):
        assert (t[kol].str.len() > 10).all(), t[t[kol].str.len() <= 10]["sleutel"].tolist()
    assert set(t["type"]) <= set(kg.TYPES)
    # rates: laag <= midden <= hoog, all in [0, 1]
    tar = K.tarieven().pivot_table(index=["woonvorm", "klasse"], columns="variant", values="tarief")
    assert ((tar["laag"] <= tar["midden"]) & (tar["midden"] <= tar["hoog"])).all()
    assert ((tar >= 0) & (tar <= 1)).all().all()


def test_landelijke_doelen_wozo(K):
    d = K.doelen().set_index("woonvorm")
    assert d.loc["nultreden", "aantal"] == 170_000
    assert d.loc["geclusterd", "aantal"] == 80_000
    assert d.loc["verpleegzorg", "aantal"] == 40_000
    assert (d["jaar"] == 2030).all()
    assert d.loc["nultreden", "leeftijd_van"] == 75 and d["leeftijd_tot"].isna().all()


def test_prognoseparameters(K):
    p = K.prognose()
    assert p.levensverwachting_65["vrouw"] > p.levensverwachting_65["man"]
    assert sum(a for *_, a in p.migratieprofiel) == pytest.approx(1.0)
    assert p.varianten["laag"]["migratie"] < p.varianten["hoog"]["migratie"]
    assert p.varianten["laag"]["sterfte"] > p.varianten["hoog"]["sterfte"]


def test_afwijking_regio_krijgt_herkomst_regio(boom):
    K = kg.uit_boom(boom, {"verpleegzorg": {"85-89": {"midden": 0.12}}}, regio_bestand="params/regios/x.yaml")
    t = K.tabel().set_index("sleutel")
    assert t.loc["verpleegzorg.85-89.midden", "waarde"] == 0.12
    assert t.loc["verpleegzorg.85-89.midden", "herkomst"] == "regio-parameters"
    assert "0.11" in t.loc["verpleegzorg.85-89.midden", "toelichting"]  # the value it replaced
    assert "x.yaml" in t.loc["verpleegzorg.85-89.midden", "bron"]
    assert t.loc["verpleegzorg.85-89.laag", "herkomst"] == "kengetallen.yaml"
    tar = K.tarieven()
    rij = tar[(tar["woonvorm"] == "verpleegzorg") & (tar["klasse"] == "85-89") & (tar["variant"] == "midden")]
    assert rij["tarief"].iloc[0] == 0.12 and rij["herkomst"].iloc[0] == "regio-parameters"
    ov = K.overzicht().set_index(["woonvorm", "klasse"])
    assert ov.loc[("verpleegzorg", "85-89"), "herkomst"] == "regio-parameters"


def test_afwijking_met_eigen_bron_en_nieuwe_klasse(boom):
    K = kg.uit_boom(boom, {
        "opvang": {"65+": {"laag": 0.0001, "midden": 0.0002, "hoog": 0.0003, "bron": "Centrumgemeente X"}},
        "prognose": {"varianten": {"hoog": {"migratie": 2.0}}},
    })
    t = K.tabel().set_index("sleutel")
    assert t.loc["opvang.65+.midden", "bron"] == "Centrumgemeente X"
    assert t.loc["opvang.65+.midden", "herkomst"] == "regio-parameters"
    assert K.prognose().varianten["hoog"]["migratie"] == 2.0


def test_melding_noemt_sleutelpad(boom):
    m = _fout(boom, {"verpleegzorg": {"85-89": {"midden": 1.3}}})
    assert "kengetallen.verpleegzorg.85-89.midden: moet tussen 0 en 1 liggen" in m
    assert "regio-parameters" in m


@pytest.mark.parametrize("wijziging, verwacht", [
    (lambda b: b["verpleegzorg"]["90+"].update(laag=0.5), "kengetallen.verpleegzorg.90+: laag <= midden <= hoog"),
    (lambda b: b["geclusterd"]["85+"].pop("hoog"), "kengetallen.geclusterd.85+.hoog: ontbreekt"),
    (lambda b: b["nultreden"]["75-84"].update(midden="veel"), "kengetallen.nultreden.75-84.midden: moet een getal"),
    (lambda b: b["nultreden"].update({"80-89": {"laag": 0.1, "midden": 0.2, "hoog": 0.3}}),
     "kengetallen.nultreden.80-89: overlapt met leeftijdsklasse 75-84"),
    (lambda b: b["nultreden"].update({"80 tot 89": {}}), "kengetallen.nultreden.80 tot 89: onbekende sleutel"),
    (lambda b: b["opvang"]["18-64"].pop("bron"), "kengetallen.opvang.18-64: 'bron' ontbreekt"),
    (lambda b: b["opvang"]["18-64"].update(type="X"), "kengetallen.opvang.18-64.type: ongeldige waarde"),
    (lambda b: b.update(verpleegzrog=b["verpleegzorg"]),
     "kengetallen.verpleegzrog: onbekende woonvorm; bedoelde u: verpleegzorg"),
    (lambda b: b["landelijke_doelen"]["nultreden"].update(leeftijd="oud"),
     "kengetallen.landelijke_doelen.nultreden.leeftijd: verwacht een leeftijdsgroep"),
    (lambda b: b["prognose"]["sterfte"]["levensverwachting_65"].update(man=95),
     "kengetallen.prognose.sterfte.levensverwachting_65.man: moet tussen 5.0 en 40.0 liggen"),
    (lambda b: b["prognose"]["varianten"]["hoog"].update(migrate=2),
     "kengetallen.prognose.varianten.hoog.migrate: onbekende sleutel (tikfout?); bedoelde u: migratie?"),
    (lambda b: b["prognose"]["migratie"]["jaren"].update(waarde=2.5),
     "kengetallen.prognose.migratie.jaren.waarde: moet een geheel getal zijn"),
    (lambda b: b.pop("prognose"), "kengetallen.prognose: ontbreekt"),
])
def test_validatie(boom, wijziging, verwacht):
    b = copy.deepcopy(boom)
    wijziging(b)
    assert verwacht in _fout(b)


def test_alle_fouten_tegelijk(boom):
    b = copy.deepcopy(boom)
    b["nultreden"]["65-74"]["midden"] = -1
    b["geclusterd"]["85+"]["hoog"] = 2
    m = _fout(b)
    assert "2 fout(en)" in m and "nultreden.65-74.midden" in m and "geclusterd.85+.hoog" in m


def test_laad_geeft_regel_bij_yaml_fout(tmp_path):
    p = tmp_path / "k.yaml"
    p.write_text("nultreden:\n  naam: x\n   eenheid: y\n", encoding="utf-8")
    with pytest.raises(ParamsFout, match=r"k\.yaml, regel \d+: geen geldige YAML"):
        kg.laad(p)


def test_kengetallen_van_een_regio(tmp_path, boom):
    # a regio's kengetallen: its own kengetallen_bestand plus its ``kengetallen:`` overrides
    # (RegioParams.kengetallen_laden, formerly kengetallen.voor_regio)
    (tmp_path / "eigen.yaml").write_text(yaml.safe_dump(boom, allow_unicode=True), encoding="utf-8")
    pad = tmp_path / "params" / "regios" / "regio.yaml"
    pad.parent.mkdir(parents=True)
    pad.write_text(f"naam: R\npeiljaar: 2024\nbron: {{soort: voorbeeld, map: {ROOT / 'data' / 'voorbeeld'}}}\n"
                   "gemeenten: [GM9901]\nkengetallen_bestand: eigen.yaml\n"
                   "kengetallen:\n  opvang:\n    18-64: {hoog: 0.002}\n", encoding="utf-8")
    rp = params.laad_regio(pad)
    K = rp.kengetallen_laden()
    t = K.tabel().set_index("sleutel")
    assert t.loc["opvang.18-64.hoog", "waarde"] == 0.002
    assert t.loc["opvang.18-64.hoog", "herkomst"] == "regio-parameters"
    assert t.loc["opvang.18-64.laag", "herkomst"] == "eigen.yaml"
    # an override outside the file's keys is refused when the regio file is loaded, naming the key
    pad.write_text(pad.read_text(encoding="utf-8") + "  opvnag: {}\n", encoding="utf-8")
    with pytest.raises(ParamsFout, match="opvnag"):
        params.laad_regio(pad)


def test_parse_klasse():
    assert kg.parse_klasse("75-84") == (75, 84)
    assert kg.parse_klasse("85+") == (85, None)
    assert kg.parse_klasse(" 18 - 64 ") == (18, 64)
    assert kg.parse_klasse("84-75") is None
    assert kg.parse_klasse("oud") is None


def test_documentatie_is_actueel(K):
    doc = ROOT / "docs" / "kengetallen.md"
    assert doc.exists(), "docs/kengetallen.md ontbreekt"
    tekst = doc.read_text(encoding="utf-8")
    assert tekst == documentatie.kengetallen_markdown(K), (
        "docs/kengetallen.md is niet actueel: draai python -c \"import wzlib.documentatie as d; "
        "open('docs/kengetallen.md','w', encoding='utf-8').write(d.kengetallen_markdown())\"")
    assert "| 90+ | 0,17 | 0,25 | 0,32 |" in tekst
    # the prognose settings of a regio file and the import file are documented too (wzlib.documentatie)
    assert "## Regio-instellingen en een eigen prognose aanleveren" in tekst
    assert "| `horizon` | 20 |" in tekst and "| `variant` |" in tekst
    # kengetallen.documentatie_markdown alone is only the kengetallen part
    assert "## Regio-instellingen" not in kg.documentatie_markdown(K)
