"""Regio params (wzlib.params): every section of a regio file is validated on load, before anything runs.

One :class:`ParamsFout` lists every problem as ``<file>: N fout(en):`` plus a line ``- <key>: <message>``
per problem; a typo in a key gets the key that was probably meant. Shares are fractions (0.30, not 30).
Gemeenten are given by code or by name and resolved against the source.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import verbied_kernels

from wzlib import batch, cli, vingerafdruk
from wzlib.fouten import ParamsFout
from wzlib.params import Gemeente, laad_regio, los_gemeenten_op
from wzlib.presentatie.afscherming import Regels

ROOT = Path(__file__).resolve().parents[1]
GEMEENTEN = pd.DataFrame({"gemeentecode": ["GM0402", "GM0406", "GM0417", "GM0376", "GM0893"],
                          "gemeentenaam": ["Hilversum", "Huizen", "Laren", "Blaricum", "Bergen (L.)"]})


def _regio(tmp_path: Path, tekst: str) -> Path:
    """``tekst`` as ``<tmp>/params/regios/testregio.yaml`` in a project with the real kengetallen file."""
    d = tmp_path / "params" / "regios"
    d.mkdir(parents=True, exist_ok=True)
    kg = tmp_path / "params" / "kengetallen.yaml"
    if not kg.exists():
        shutil.copy(ROOT / "params" / "kengetallen.yaml", kg)
    p = d / "testregio.yaml"
    p.write_text(tekst, encoding="utf-8")
    return p


GOED = """
naam: Testregio
peiljaar: 2021
bron: {soort: invoer, map: data/test}
gemeenten: [GM0402, Huizen, {naam: Laren}, {code: GM0376}]
"""


def _fout(tmp_path: Path, tekst: str) -> tuple[Path, str]:
    p = _regio(tmp_path, tekst)
    with pytest.raises(ParamsFout) as e:
        laad_regio(p)
    return p, str(e.value)


def _problemen(melding: str) -> list[str]:
    """The ``- <key>: <message>`` lines of a ParamsFout."""
    return [r.strip()[2:] for r in melding.splitlines()[1:] if r.strip().startswith("- ")]


# --------------------------------------------------------------------------------------- the basics

def test_goed_en_paden_relatief_aan_project(tmp_path):
    rp = laad_regio(_regio(tmp_path, GOED))
    assert rp.slug == "testregio" and rp.peiljaar == 2021
    assert Path(rp.root) == tmp_path
    assert rp.bron_map == (tmp_path / "data" / "test").resolve()
    assert rp.uitvoer_map == tmp_path / "outputs" / "testregio"
    assert rp.kengetallen_laden().bestand == str((tmp_path / "params" / "kengetallen.yaml").resolve())
    # every section has its defaults, shares as fractions
    assert rp.spreiding.doel_sociale_huur == 0.30 and rp.confrontatie.norm_urgentie_aandeel == 0.30
    assert rp.spreiding.gewichten == {"sociale_huurvoorraad": 0.4, "mutaties": 0.4, "voorzieningen": 0.2}
    assert rp.sectie("spreiding.doel_sociale_huur") == 0.30 and rp.sectie("bestaat.niet") is None


def test_afscherming_sectie_past_op_de_regels_van_de_presentatie(tmp_path):
    """analyse.A.regels is Regels(**rp.afscherming.model_dump()): the same keys, the same defaults."""
    rp = laad_regio(_regio(tmp_path, GOED))
    assert Regels(**rp.afscherming.model_dump()) == Regels()
    rp = laad_regio(_regio(tmp_path, GOED + "afscherming: {drempel_kwetsbaar: 15, afronden_op: 5}\n"))
    r = Regels(**rp.afscherming.model_dump())
    assert r.drempel_kwetsbaar == 15 and r.afronden_op == 5 and r.teken(True) == "<15"


def test_gemeenten_op_code_en_naam(tmp_path):
    rp = laad_regio(_regio(tmp_path, GOED))
    g = los_gemeenten_op(rp, GEMEENTEN)
    assert g == [Gemeente("GM0402", "Hilversum"), Gemeente("GM0406", "Huizen"), Gemeente("GM0417", "Laren"),
                 Gemeente("GM0376", "Blaricum")]
    assert rp.opgegeven_codes is None  # names need the source
    assert laad_regio(_regio(tmp_path, GOED.replace("Huizen, {naam: Laren}", "GM0406"))).opgegeven_codes == [
        "GM0402", "GM0406", "GM0376"]


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
    assert tekst.startswith(f"{rp.pad}: 2 fout(en)")


@pytest.mark.parametrize("wijziging, verwacht", [
    (("peiljaar: 2021", "peiljaar: twintig"), "peiljaar: moet een geheel getal zijn"),
    (("peiljaar: 2021", "peiljaar: 1800"), "peiljaar: te klein"),
    (("soort: invoer", "soort: excel"), "bron.soort: ongeldige waarde 'excel'"),
    (("naam: Testregio", "naam: Testregio\npeiljar: 2020"), "peiljar: onbekende sleutel (tikfout?); bedoelde u "
                                                            "'peiljaar'?"),
    (("naam: Testregio\n", ""), "naam: ontbreekt"),
    (("[GM0402, Huizen, {naam: Laren}, {code: GM0376}]", "[GM0402, GM0402]"), "staat er twee keer in"),
    (("[GM0402, Huizen, {naam: Laren}, {code: GM0376}]", "[{gemeente: GM0402}]"), "gemeenten[0].gemeente"),
])
def test_fouten_noemen_de_sleutel(tmp_path, wijziging, verwacht):
    p, tekst = _fout(tmp_path, GOED.replace(*wijziging))
    assert verwacht in tekst
    assert tekst.startswith(str(p))


def test_geen_yaml(tmp_path):
    with pytest.raises(ParamsFout, match="regel 2: geen geldige YAML"):
        laad_regio(_regio(tmp_path, "naam: x\n  - : [\n"))


def test_map_ontbreekt_bij_invoer(tmp_path):
    _, tekst = _fout(tmp_path, GOED.replace("{soort: invoer, map: data/test}", "{soort: invoer}"))
    assert "bron.map: ontbreekt (nodig bij bron.soort 'invoer')" in tekst


def test_cbs_vraagt_codes(tmp_path):
    _, tekst = _fout(tmp_path, GOED.replace("{soort: invoer, map: data/test}", "{soort: cbs}"))
    assert "gemeenten[1]: bij bron 'cbs' een gemeentecode" in tekst
    assert "gemeenten[2]: bij bron 'cbs' een gemeentecode (GM + 4 cijfers) opgeven, niet 'Laren'" in tekst
    assert "gemeenten[0]" not in tekst and "gemeenten[3]" not in tekst


def test_onbekende_regio_met_suggestie(tmp_path, monkeypatch):
    _regio(tmp_path, GOED)
    monkeypatch.setenv("WZ_PROJECT", str(tmp_path))
    with pytest.raises(ParamsFout, match="Bedoelde u: testregio"):
        laad_regio("testregi")
    assert laad_regio("testregio").naam == "Testregio"


def test_kengetallenbestand_moet_bestaan(tmp_path):
    _, tekst = _fout(tmp_path, GOED + "kengetallen_bestand: params/bestaatniet.yaml\n")
    assert "bestaatniet.yaml: kengetallenbestand bestaat niet" in tekst


def test_onbekende_groep_met_suggestie(tmp_path):
    _, tekst = _fout(tmp_path, GOED + "groepen: [ouderen_75, statushouder]\n")
    assert "groepen[1]: onbekende groep 'statushouder'; bedoelde u: statushouders?" in tekst
    assert laad_regio(_regio(tmp_path, GOED + "groepen: [ouderen_75, statushouders]\n")).groepen == [
        "ouderen_75", "statushouders"]


# ------------------------------------------------------------------ a typo in every section of the file

RUILING = "{van: GM0402, naar: GM0376, aantal: 3, groep: statushouders, reden: afspraak%s}"

#: (extra yaml, key named in the message, text the message must hold) — one problem each.
TIKFOUTEN = [
    ("afscherming: {drempel_kwetsbar: 10}", "afscherming.drempel_kwetsbar", "bedoelde u 'drempel_kwetsbaar'?"),
    ("afscherming: {drempel_kwetsbaar: tien}", "afscherming.drempel_kwetsbaar", "moet een geheel getal zijn"),
    ("afscherming: {min_noemer: -1}", "afscherming.min_noemer", "te klein"),
    ("prognose: {horizont: 20}", "prognose.horizont", "bedoelde u 'horizon'?"),
    ("prognose: {bron: excel}", "prognose.bron", "ongeldige waarde 'excel'"),
    ("spreiding: {concentratiestraff: 0.5}", "spreiding.concentratiestraff", "bedoelde u 'concentratiestraf'?"),
    ("spreiding: {variant: midde}", "spreiding.variant", "ongeldige waarde 'midde'"),
    ("spreiding: {art29_groepen: [statushouder]}", "spreiding.art29_groepen[0]", "bedoelde u: statushouders?"),
    ("spreiding: {groepen: ['woonvorm:nultreeden']}", "spreiding.groepen[0]", "bedoelde u: nultreden?"),
    (f"spreiding: {{ruilingen: [{RUILING % ', sleutle: naar_rato'}]}}", "spreiding.ruilingen[0].sleutle",
     "bedoelde u 'sleutel'?"),
    (f"spreiding: {{ruilingen: [{RUILING % ''}, {RUILING % ', aantal: 0'}]}}", "spreiding.ruilingen[1].aantal",
     "te klein"),
    (f"spreiding: {{ruilingen: [{RUILING % ', sleutel: naar-rato'}]}}", "spreiding.ruilingen[0].sleutel",
     "ongeldige waarde 'naar-rato'"),
    ("spreiding: {gewichten: {sociale_huurvoorad: 0.4, mutaties: 0.4, voorzieningen: 0.2}}", "spreiding.gewichten",
     "onbekende component 'sociale_huurvoorad'; bedoelde u sociale_huurvoorraad?"),
    ("spreiding: {gewichten: {sociale_huurvoorraad: 0.5, mutaties: 0.4, voorzieningen: 0.2}}",
     "spreiding.gewichten", "tellen op tot 1,1"),
    ("confrontatie: {norm_urgentie_aandel: 0.3}", "confrontatie.norm_urgentie_aandel",
     "bedoelde u 'norm_urgentie_aandeel'?"),
    ("confrontatie: {partners: [{naam: Woonstichting, soort: corporatie, sort: x}]}",
     "confrontatie.partners[0].sort", "bedoelde u 'soort'?"),
    ("confrontatie: {partners: [{naam: Woonstichting, soort: corpratie}]}", "confrontatie.partners[0].soort",
     "ongeldige waarde 'corpratie'"),
    ("confrontatie: {geaccepteerd: [{bevinding: b1, partner: Woonstichting, redne: x}]}",
     "confrontatie.geaccepteerd[0].redne", "bedoelde u 'reden'?"),
    ("confrontatie: {partners: [{naam: Woonstichting}], geaccepteerd: [{bevinding: b1, partner: Zorggroep}]}",
     "confrontatie.geaccepteerd[0].partner", "'Zorggroep' staat niet in confrontatie.partners"),
    ("confrontatie: {mutaties: {GM042: 400}}", "confrontatie.mutaties.GM042",
     "moet een gemeentecode zijn (GM + 4 cijfers), niet 'GM042'"),
    ("confrontatie: {mutaties: {GM0402: {2024: -5}}}", "confrontatie.mutaties.GM0402", "aantal (>= 0) verwacht"),
    ("confrontatie: {mutaties: {GM0406: 400}}", "confrontatie.mutaties.GM0406", "hoort niet bij de regio"),
    ("confrontatie: {partners: [{naam: Woonstichting}, {naam: woonstichting}]}", "confrontatie.partners",
     "'woonstichting' staat er twee keer in"),
    (f"spreiding: {{ruilingen: [{RUILING.replace('GM0376', 'GM0402') % ''}]}}", "spreiding.ruilingen[0]",
     "van en naar zijn dezelfde gemeente (GM0402)"),
    (f"spreiding: {{ruilingen: [{RUILING.replace('GM0376', 'GM0406') % ''}]}}", "spreiding.ruilingen[0].naar",
     "gemeente GM0406 hoort niet bij de regio"),
    ("confrontatie: {vraag_proxy: {studentenwoningen: studenten}}", "confrontatie.vraag_proxy",
     "bedoelde u: studentenwoning?"),
    ("confrontatie: {vraag_proxy: {studentenwoning: studenen}}", "confrontatie.vraag_proxy",
     "onbekende groep 'studenen'"),
    ("confrontatie: {urgente_groepen: [statushouder]}", "confrontatie.urgente_groepen[0]",
     "bedoelde u: statushouders?"),
    ("kengetallen: {verpleegzrog: {'85-89': {midden: 0.1}}}", "kengetallen.verpleegzrog",
     "bedoelde u: verpleegzorg?"),
    ("kengetallen: {verpleegzorg: {'85-89': {midan: 0.1}}}", "kengetallen.verpleegzorg.85-89.midan",
     "bedoelde u: midden?"),
    ("kengetallen: {verpleegzorg: {'85-89': {midden: 1.5}}}", "kengetallen.verpleegzorg.85-89.midden",
     "moet tussen 0 en 1 liggen"),
    ("groepen: [statushouder]", "groepen[0]", "bedoelde u: statushouders?"),
]


@pytest.mark.parametrize("extra, sleutel, tekst", TIKFOUTEN, ids=[t[1] + ":" + t[2][:12] for t in TIKFOUTEN])
def test_tikfout_in_elke_sectie_noemt_bestand_en_sleutel(tmp_path, extra, sleutel, tekst):
    regio = GOED.replace("[GM0402, Huizen, {naam: Laren}, {code: GM0376}]", "[GM0402, GM0376]")
    p, melding = _fout(tmp_path, regio + extra + "\n")
    assert melding.startswith(f"{p}: 1 fout(en):"), melding
    (probleem,) = _problemen(melding)
    assert probleem.startswith(f"{sleutel}: ") or probleem.startswith(f"{sleutel}:"), melding
    assert tekst in probleem, melding


def test_zonder_tikfouten_laden_dezelfde_secties(tmp_path):
    """The corrected versions of the typos above load (the test above fails for the right reason)."""
    rp = laad_regio(_regio(tmp_path, GOED.replace("[GM0402, Huizen, {naam: Laren}, {code: GM0376}]",
                                                  "[GM0402, GM0376]") + f"""
afscherming: {{drempel_kwetsbaar: 10, min_noemer: 0}}
prognose: {{horizon: 20, bron: eigen}}
spreiding:
  concentratiestraf: 0.5
  art29_groepen: statushouders
  groepen: ['woonvorm:nultreden', statushouders]
  ruilingen: [{RUILING % ', sleutel: naar_rato'}]
  gewichten: {{sociale_huurvoorraad: 0.5, mutaties: 0.5}}
confrontatie:
  norm_urgentie_aandeel: 0.25
  partners: [{{naam: Woonstichting, soort: corporatie}}]
  geaccepteerd: [{{bevinding: b1, partner: Woonstichting, reden: x}}]
  mutaties: {{GM0402: 400, GM0376: {{2023: 50}}}}
  vraag_proxy: {{studentenwoning: [studenten], woonwagenstandplaats: }}
  urgente_groepen: [statushouders]
kengetallen: {{verpleegzorg: {{'85-89': {{midden: 0.1}}}}}}
groepen: [statushouders]
"""))
    assert rp.spreiding.ruilingen[0].nr == 1 and rp.spreiding.ruilingen[0].sleutel == "naar_rato"
    assert rp.spreiding.art29_groepen == ("statushouders",)
    assert rp.spreiding.gewichten == {"sociale_huurvoorraad": 0.5, "mutaties": 0.5, "voorzieningen": 0.0}
    assert rp.confrontatie.mutaties == {"GM0402": {0: 400}, "GM0376": {2023: 50}}
    assert rp.confrontatie.vraag_proxy["studentenwoning"] == ("studenten",)
    assert "woonwagenstandplaats" not in rp.confrontatie.vraag_proxy  # an empty value removes a default
    assert rp.confrontatie.norm_bron.startswith("regio-parameters")
    assert float(rp.kengetallen_laden().waarde("verpleegzorg.85-89.midden")) == pytest.approx(0.1)


def test_alle_problemen_in_een_melding(tmp_path):
    p, melding = _fout(tmp_path, GOED + """
afscherming: {drempel_kwetsbar: 10}
prognose: {horizont: 20}
spreiding: {doel_sociale_huur: 30}
confrontatie: {urgente_groepen: [statushouder]}
""")
    sleutels = [x.split(":")[0] for x in _problemen(melding)]
    assert melding.startswith(f"{p}: 4 fout(en):")
    assert sleutels == ["afscherming.drempel_kwetsbar", "prognose.horizont", "spreiding.doel_sociale_huur",
                        "confrontatie.urgente_groepen[0]"]


# -------------------------------------------------------------------------------- shares are fractions

@pytest.mark.parametrize("extra, sleutel, bedoeld", [
    ("spreiding: {doel_sociale_huur: 30}", "spreiding.doel_sociale_huur", "0.3 (= 30%)"),
    ("spreiding: {nieuwbouw_aandeel_sociaal: 50}", "spreiding.nieuwbouw_aandeel_sociaal", "0.5 (= 50%)"),
    ("spreiding: {concentratiestraf: 50}", "spreiding.concentratiestraf", "0.5 (= 50%)"),
    ("spreiding: {gewichten: {sociale_huurvoorraad: 40, mutaties: 40, voorzieningen: 20}}",
     "spreiding.gewichten.sociale_huurvoorraad", "0.4 (= 40%)"),
    ("confrontatie: {norm_urgentie_aandeel: 30}", "confrontatie.norm_urgentie_aandeel", "0.3 (= 30%)"),
    ("confrontatie: {norm_urgentie_aandeel: '30'}", "confrontatie.norm_urgentie_aandeel", "0.3 (= 30%)"),
])
def test_aandeel_als_procent_wordt_geweigerd(tmp_path, extra, sleutel, bedoeld):
    _, melding = _fout(tmp_path, GOED + extra + "\n")
    regel = next(x for x in _problemen(melding) if x.startswith(sleutel + ":"))
    assert "fractie tussen 0 en 1" in regel and f"bedoelde u {bedoeld}?" in regel


def test_aandeel_als_fractie(tmp_path):
    rp = laad_regio(_regio(tmp_path, GOED + "spreiding: {doel_sociale_huur: '0,25'}\n"
                                            "confrontatie: {norm_urgentie_aandeel: 1}\n"))
    assert rp.spreiding.doel_sociale_huur == 0.25  # Dutch decimal comma through wzlib.getal
    assert rp.confrontatie.norm_urgentie_aandeel == 1.0  # 1 = 100 %, a fraction
    _, melding = _fout(tmp_path, GOED + "spreiding: {doel_sociale_huur: 1.5}\n")
    assert "spreiding.doel_sociale_huur" in melding  # between 1 and 100 is always refused


# ------------------------------------------------------------------------ refused before anything runs

def test_wz_controleer_met_fout_bestand(tmp_path, capsys):
    p = _regio(tmp_path, GOED + "spreiding: {doel_sociale_huur: 30}\nconfrontatie: {partners: [{naam: X, sort: y}]}\n")
    assert cli.main(["controleer", "--regio", str(p)]) == 2
    fout = capsys.readouterr().err
    assert fout.startswith(f"wz: {p}: 2 fout(en):")
    assert "spreiding.doel_sociale_huur: moet een fractie tussen 0 en 1 zijn; bedoelde u 0.3 (= 30%)?" in fout
    assert "confrontatie.partners[0].sort: onbekende sleutel (tikfout?); bedoelde u 'soort'?" in fout
    assert "Traceback" not in fout


def test_batch_weigert_fout_bestand_voordat_er_een_kernel_start(tmp_path, monkeypatch):
    verbied_kernels(monkeypatch)
    p = _regio(tmp_path, GOED + "prognose: {horizont: 20}\n")
    uitvoer = tmp_path / "outputs"
    with pytest.raises(ParamsFout, match=re.escape(f"{p}: 1 fout(en)")) as e:
        batch.run(str(p), uitvoer_root=uitvoer, notebooks_map=ROOT / "notebooks", toon_voortgang=False)
    assert "prognose.horizont" in str(e.value)
    assert not uitvoer.exists()  # nothing written


# ------------------------------------------------------------------------------------ input files

def test_invoer_bestanden_per_categorie(tmp_path):
    p = _regio(tmp_path, GOED + "lokaal: data/lokaal\n")
    (tmp_path / "data" / "test").mkdir(parents=True)
    (tmp_path / "data" / "test" / "bevolking.csv").write_text("a")
    (tmp_path / "data" / "test" / "notities.txt").write_text("geen invoer")
    (tmp_path / "data" / "lokaal").mkdir(parents=True)
    (tmp_path / "data" / "lokaal" / "aanbod.csv").write_text("b")
    rp = laad_regio(p)
    b = vingerafdruk.invoer_bestanden(rp)
    assert set(b) == {"bron", "lokaal", "kengetallen", "reacties", "meter"}  # the regio file itself is no category
    assert [x.name for x in b["bron"]] == ["bevolking.csv"]
    assert [x.name for x in b["lokaal"]] == ["aanbod.csv"]
    assert b["kengetallen"] == [(tmp_path / "params" / "kengetallen.yaml").resolve()]
    h1 = vingerafdruk.invoer_hashes(rp, tmp_path)
    (tmp_path / "data" / "test" / "bevolking.csv").write_text("c")
    h2 = vingerafdruk.invoer_hashes(rp, tmp_path)
    assert h2["bron"] != h1["bron"] and {k: h2[k] for k in h2 if k != "bron"} == {k: h1[k] for k in h1 if k != "bron"}


def test_reviewbladen_van_partners_zijn_een_eigen_invoercategorie():
    b = vingerafdruk.invoer_bestanden(laad_regio("voorbeeldregio"))
    assert b["reacties"] and all(p.parent.name == "partners" for p in b["reacties"])
    andere = {p for cat, lijst in b.items() if cat != "reacties" for p in lijst}
    assert not andere & set(b["reacties"])


def test_alle_fouten_in_een_keer_ook_binnen_een_waarde_en_in_kengetallen(tmp_path):
    """One run lists every problem: several bad entries inside one mapping (mutaties), a bad choice with
    the allowed values, and a kengetallen typo next to errors in the sections."""
    regio = GOED.replace("[GM0402, Huizen, {naam: Laren}, {code: GM0376}]", "[GM0402, GM0376]")
    p, melding = _fout(tmp_path, regio + """
spreiding: {variant: 3}
confrontatie: {mutaties: {Hilversum: 10, GM0402: {twintig: 3}, GM0376: -1}}
kengetallen: {verpleegzrog: {'85-89': {midden: 0.1}}}
""")
    problemen = _problemen(melding)
    assert melding.startswith(f"{p}: {len(problemen)} fout(en):"), melding
    assert "spreiding.variant: ongeldige waarde '3'; toegestaan: laag, midden, hoog" in problemen, melding
    assert any(x.startswith("confrontatie.mutaties.Hilversum: moet een gemeentecode zijn") for x in problemen)
    assert any(x.startswith("confrontatie.mutaties.GM0402: jaartal verwacht") for x in problemen), melding
    assert any(x.startswith("confrontatie.mutaties.GM0376: aantal (>= 0) verwacht") for x in problemen), melding
    assert any(x.startswith("kengetallen.verpleegzrog") and "verpleegzorg" in x for x in problemen), melding


def test_yaml_wordt_met_de_veilige_libyaml_lezer_gelezen_en_weigert_diepe_nesting(tmp_path):
    """Every notebook reads the regio file and kengetallen.yaml: libyaml's parser (5x faster) with the safe
    constructor. Deep nesting gives a ParamsFout with the file, never a crash or a Python object."""
    import yaml

    from wzlib import yamlbestand
    from wzlib.fouten import ParamsFout

    if getattr(yaml, "CSafeLoader", None) is not None:
        assert yamlbestand._LOADER is yaml.CSafeLoader
    diep = tmp_path / "diep.yaml"
    diep.write_text("[" * 20000 + "]" * 20000, encoding="utf-8")
    with pytest.raises(ParamsFout, match=r"diep\.yaml.*(geen geldige YAML|te diep)"):
        yamlbestand.lees_yaml(diep)
    code = tmp_path / "code.yaml"
    code.write_text("a: !!python/object/apply:os.system ['echo x']\n", encoding="utf-8")
    with pytest.raises(ParamsFout, match=r"code\.yaml, regel 1"):
        yamlbestand.lees_yaml(code)
