"""Regio params: validation with messages that name the key; gemeenten by code or name."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wzlib.fouten import ParamsFout
from wzlib.params import invoer_bestanden, laad_regio, los_gemeenten_op, vingerafdruk

GEMEENTEN = pd.DataFrame({"gemeentecode": ["GM0402", "GM0406", "GM0417", "GM0376", "GM0893"],
                          "gemeentenaam": ["Hilversum", "Huizen", "Laren", "Blaricum", "Bergen (L.)"]})


def _regio(tmp_path: Path, tekst: str) -> Path:
    d = tmp_path / "params" / "regios"
    d.mkdir(parents=True, exist_ok=True)
    p = d / "testregio.yaml"
    p.write_text(tekst, encoding="utf-8")
    return p


GOED = """
naam: Testregio
peiljaar: 2021
bron: {soort: invoer, map: data/test}
gemeenten: [GM0402, Huizen, {naam: Laren}, {code: GM0376}]
"""


def test_goed_en_paden_relatief_aan_project(tmp_path):
    rp = laad_regio(_regio(tmp_path, GOED))
    assert rp.slug == "testregio" and rp.peiljaar == 2021
    assert rp.bron_map == (tmp_path / "data" / "test").resolve()
    assert rp.uitvoer_map == tmp_path / "outputs" / "testregio"


def test_gemeenten_op_code_en_naam(tmp_path):
    rp = laad_regio(_regio(tmp_path, GOED))
    g = los_gemeenten_op(rp, GEMEENTEN)
    assert [x.code for x in g] == ["GM0402", "GM0406", "GM0417", "GM0376"]
    assert g[1].naam == "Huizen"


def test_naam_met_achtervoegsel(tmp_path):
    rp = laad_regio(_regio(tmp_path, GOED.replace("[GM0402, Huizen, {naam: Laren}, {code: GM0376}]", "[Bergen]")))
    assert los_gemeenten_op(rp, GEMEENTEN)[0].code == "GM0893"


def test_onbekende_gemeente_met_suggestie(tmp_path):
    rp = laad_regio(_regio(tmp_path, GOED.replace("Huizen", "Hilverum").replace("GM0376", "GM0377")))
    with pytest.raises(ParamsFout) as e:
        los_gemeenten_op(rp, GEMEENTEN)
    tekst = str(e.value)
    assert "gemeenten[1]: gemeente 'Hilverum' onbekend; bedoelde u: Hilversum (GM0402)?" in tekst
    assert "gemeenten[3]: gemeentecode 'GM0377' onbekend" in tekst and "GM0376 (Blaricum)" in tekst


@pytest.mark.parametrize("wijziging, verwacht", [
    (("peiljaar: 2021", "peiljaar: twintig"), "peiljaar: moet een geheel getal zijn"),
    (("peiljaar: 2021", "peiljaar: 1800"), "peiljaar: te klein"),
    (("soort: invoer", "soort: excel"), "bron.soort: ongeldige waarde 'excel'"),
    (("naam: Testregio", "naam: Testregio\npeiljar: 2020"), "peiljar: onbekende sleutel"),
    (("naam: Testregio\n", ""), "naam: ontbreekt"),
    (("[GM0402, Huizen, {naam: Laren}, {code: GM0376}]", "[GM0402, GM0402]"), "staat er twee keer in"),
    (("[GM0402, Huizen, {naam: Laren}, {code: GM0376}]", "[{gemeente: GM0402}]"), "gemeenten[0].gemeente"),
])
def test_fouten_noemen_de_sleutel(tmp_path, wijziging, verwacht):
    p = _regio(tmp_path, GOED.replace(*wijziging))
    with pytest.raises(ParamsFout) as e:
        laad_regio(p)
    assert verwacht in str(e.value)
    assert str(p) in str(e.value)


def test_geen_yaml(tmp_path):
    with pytest.raises(ParamsFout, match="regel 2: geen geldige YAML"):
        laad_regio(_regio(tmp_path, "naam: x\n  - : [\n"))


def test_map_ontbreekt_bij_invoer(tmp_path):
    with pytest.raises(ParamsFout, match="bron.map ontbreekt"):
        laad_regio(_regio(tmp_path, GOED.replace("{soort: invoer, map: data/test}", "{soort: invoer}")))


def test_cbs_vraagt_codes(tmp_path):
    with pytest.raises(ParamsFout, match=r"gemeenten\[1\]: bij bron 'cbs' een gemeentecode"):
        laad_regio(_regio(tmp_path, GOED.replace("{soort: invoer, map: data/test}", "{soort: cbs}")))


def test_onbekende_regio_met_suggestie(tmp_path, monkeypatch):
    _regio(tmp_path, GOED)
    monkeypatch.setenv("WZ_PROJECT", str(tmp_path))
    with pytest.raises(ParamsFout, match="Bedoelde u: testregio"):
        laad_regio("testregi")
    assert laad_regio("testregio").naam == "Testregio"


def test_invoer_bestanden_en_vingerafdruk(tmp_path):
    p = _regio(tmp_path, GOED + "lokaal: data/lokaal\n")
    (tmp_path / "data" / "test").mkdir(parents=True)
    (tmp_path / "data" / "test" / "bevolking.csv").write_text("a")
    (tmp_path / "data" / "lokaal").mkdir(parents=True)
    (tmp_path / "data" / "lokaal" / "aanbod.csv").write_text("b")
    rp = laad_regio(p)
    b = invoer_bestanden(rp)
    assert [x.name for x in b["bron"]] == ["bevolking.csv"]
    assert [x.name for x in b["lokaal"]] == ["aanbod.csv"]
    v1 = vingerafdruk(b["bron"])
    (tmp_path / "data" / "test" / "bevolking.csv").write_text("c")
    assert vingerafdruk(b["bron"]) != v1


def test_onbekende_groep_met_suggestie(tmp_path):
    with pytest.raises(ParamsFout) as e:
        laad_regio(_regio(tmp_path, GOED + "groepen: [ouderen_75, statushouder]\n"))
    assert "groepen" in str(e.value) and "'statushouder'" in str(e.value) and "statushouders?" in str(e.value)
    assert laad_regio(_regio(tmp_path, GOED + "groepen: [ouderen_75, statushouders]\n")).groepen == [
        "ouderen_75", "statushouders"]
