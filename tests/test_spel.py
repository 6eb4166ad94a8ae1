"""The fair-share table game (wzlib.spel, wzlib.spel_widget, wzlib.params_spel): a scenario computed with the
functions of Stap 4, saved into the regio file with its comments kept, shown side by side, and the simulator's
widgets without a frontend. Expected numbers are worked out by hand in the comments (docs/fair-share.md §10)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from wzlib import spel
from wzlib import spel_widget as sw
from wzlib import spreiding as sp
from wzlib import verdeling as vd
from wzlib.fouten import ParamsFout
from wzlib.params import Gemeente, Spreiding, laad_regio
from wzlib.params_spel import Scenario

CODES = ["GM9901", "GM9902", "GM9903"]


def _bevolking(per_gemeente: dict[str, int], jaar: int = 2024) -> pd.DataFrame:
    rijen = []
    for c, n in per_gemeente.items():
        rijen += [{"gemeentecode": c, "jaar": jaar, "geslacht": "totaal", "leeftijd_van": 0, "leeftijd_tot": 64,
                   "aantal": n * 0.8},
                  {"gemeentecode": c, "jaar": jaar, "geslacht": "totaal", "leeftijd_van": 65, "leeftijd_tot": pd.NA,
                   "aantal": n * 0.2}]
    return pd.DataFrame(rijen)


def _invoer(params: Spreiding | None = None) -> sp.SpreidingInvoer:
    """Inwoners 50.000 / 30.000 / 20.000; statushouders taakstelling 12 / 7 / 4 per jaar (T = 23), gehuisvest
    20 / 20 / 60 (concentratie-index .4 / .667 / 3); sociale huur 6.000 / 2.000 / 2.000, mutaties 400 / 100 / 100;
    geclusterd: vraag 2034 100 / 60 / 40, 2044 150 / 90 / 70, aanbod 80 / 60 / 10."""
    gemeenten = [Gemeente("GM9901", "Aa"), Gemeente("GM9902", "Bb"), Gemeente("GM9903", "Cc")]
    groepen = pd.DataFrame({"gemeentecode": CODES, "groep": "statushouders", "aantal": [20.0, 20.0, 60.0],
                            "jaar": 2024, "taakstelling_per_jaar": [12.0, 7.0, 4.0]})
    woningvoorraad = pd.DataFrame({"gemeentecode": CODES, "jaar": 2024, "woningvoorraad": [22_000., 13_000., 9_000.],
                                   "sociale_huur": [6_000., 2_000., 2_000.]})
    vraag = pd.DataFrame({"gemeentecode": CODES * 2, "jaar": [2034] * 3 + [2044] * 3, "woonvorm": "geclusterd",
                          "variant": "midden", "aantal": [100., 60., 40., 150., 90., 70.]})
    aanbod = pd.DataFrame({"gemeentecode": CODES, "woonvorm": "geclusterd", "aantal": [80., 60., 10.], "jaar": 2024,
                           "definitie": ""})
    res = SimpleNamespace(groepen=groepen, ouderen=pd.DataFrame(), woningvoorraad=woningvoorraad, aanbod=aanbod,
                          vraag=vraag, ontbreekt={})
    woningmarkt = pd.DataFrame({"gemeentecode": CODES, "jaar": 2024, "mutaties_sociale_huur": [400., 100., 100.],
                                "nieuwbouw_per_jaar": [50., 10., 10.]})
    return sp.verzamel(res, params=params or Spreiding(), gemeenten=gemeenten, peiljaar=2024, regio_naam="Testregio",
                       bevolking=_bevolking({"GM9901": 50_000, "GM9902": 30_000, "GM9903": 20_000}),
                       woningmarkt=woningmarkt, wijken_tabel=None, heeft_lokaal=True)


def _toedeling(u: spel.Uitkomst) -> list[int]:
    return [int(x) for x in u.verdeling["toedeling"]]


# --------------------------------------------------------------------------------------------------
# the scenario function
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ruilingen", [(), ({"van": "GM9902", "naar": "GM9903", "aantal": 2, "groep": "statushouders",
                                              "reden": "r", "sleutel": "naar_rato"},)])
def test_zuivere_sleutel_is_de_verdeling_van_de_stap(ruilingen):
    inv = _invoer(Spreiding(ruilingen=ruilingen))
    # what the notebook of Stap 4 does
    v0 = vd.verdeel(inv.opgave, inv.kenmerken, inv.params)
    v, _ = vd.pas_ruilingen_toe(v0, inv.params.ruilingen, inv.kenmerken)
    for groep in ("statushouders", "woonvorm:geclusterd"):
        for s in ("naar_rato", "eigen_behoefte", "lokale_kenmerken"):
            u = spel.speel(inv, Scenario(naam="x", groep=groep, sleutels={s: 1}))
            stap = v[(v["groep"] == groep) & (v["sleutel"] == s)].set_index("gemeentecode")["toedeling"]
            assert _toedeling(u) == stap.reindex(CODES).tolist(), (groep, s)
    # the default scenario is key 3 with the regio's weights
    assert spel.speel(inv, Scenario(naam="x", groep="statushouders")).verdeling["toedeling"].tolist() == \
        spel.speel(inv, Scenario(naam="y", groep="statushouders", sleutels={"lokale_kenmerken": 1})
                   ).verdeling["toedeling"].tolist()


def test_de_sleutels_met_de_hand():
    inv = _invoer()
    # art. 29: ceil(23 x .5, .3, .2) = ceil(11.5, 6.9, 4.6) = 12 / 7 / 5 (som 24)
    assert _toedeling(spel.speel(inv, Scenario(naam="a", groep="statushouders", sleutels={"naar_rato": 1}))) == \
        [12, 7, 5]
    # key 3: weights .4/.4 of sociale huur and mutaties (voorzieningen unknown) -> .5/.5;
    # basis (.6+.6667)/2, (.2+.1667)/2, idem = .6333/.1833/.1833; factor 1-.5(CI-1) = 1.3/1.1667/0
    # -> .8233/.2139/0 -> shares .7938/.2062/0 -> 23: 18.26/4.74/0 -> 18/5/0
    assert _toedeling(spel.speel(inv, Scenario(naam="b", groep="statushouders"))) == [18, 5, 0]


def test_een_ander_gewicht_verandert_de_uitkomst():
    inv = _invoer()
    # half naar rato, half lokaal: quota (12+18)/2, (7+5)/2, (5+0)/2 = 15 / 6 / 2.5, som 23.5 -> heel 24;
    # 24 x q / 23.5 = 15.32 / 6.13 / 2.55 -> 15 / 6 / 2 + the last unit to the largest rest (Cc) -> 15 / 6 / 3
    u = spel.speel(inv, Scenario(naam="c", groep="statushouders", sleutels={"naar_rato": .5, "lokale_kenmerken": .5}))
    assert _toedeling(u) == [15, 6, 3] and u.verdeling["quotum"].tolist() == pytest.approx([15, 6, 2.5])
    # key 3 with mutaties only: basis .6667/.1667/.1667 x factor -> .8667/.1944/0 -> .8168/.1832 -> 18.79/4.21
    # -> 18 / 4 + the unit to Aa (rest .79) -> 19 / 4 / 0
    u = spel.speel(inv, Scenario(naam="d", groep="statushouders", gewichten={"mutaties": 1}))
    assert _toedeling(u) == [19, 4, 0]


def test_een_ruiling_verschuift_en_de_maten_volgen():
    inv = _invoer()
    u = spel.speel(inv, Scenario(naam="e", groep="statushouders", sleutels={"naar_rato": 1},
                                 ruilingen=[{"van": "GM9901", "naar": "GM9903", "aantal": 3, "reden": "afspraak"}]))
    assert _toedeling(u) == [9, 7, 8] and u.verdeling["ruiling"].tolist() == [-3, 0, 3]
    assert u.ruilingen[["van", "naar", "aantal", "van_voor", "van_na"]].values.tolist() == \
        [["GM9901", "GM9903", 3, 12, 9]]
    # last = toedeling / mutaties = .0225 / .07 / .08, mean .0575; pairs |d| .0475 + .0575 + .01 = .115;
    # Gini = 2 x .115 / (2 x 9 x .0575) = .2222; hoogste / laagste = .08 / .0225 = 3.556
    assert u.gini == pytest.approx(0.23 / 1.035) and u.max_min == pytest.approx(0.08 / 0.0225)
    assert u.verdeling["last"].tolist() == pytest.approx([0.0225, 0.07, 0.08])


def test_horizon_neemt_de_bouwopgave_in_een_ander_jaar():
    inv = _invoer()
    # 2034: 100-80, 60-60, 40-10 = 20 / 0 / 30; horizon 20 -> 2044: 150-80, 90-60, 70-10 = 70 / 30 / 60
    zonder = spel.speel(inv, Scenario(naam="f", groep="woonvorm:geclusterd", sleutels={"eigen_behoefte": 1}))
    met = spel.speel(inv, Scenario(naam="g", groep="woonvorm:geclusterd", sleutels={"eigen_behoefte": 1}, horizon=20))
    assert (zonder.doeljaar, _toedeling(zonder), zonder.totaal) == (2034, [20, 0, 30], 50)
    assert (met.doeljaar, _toedeling(met), met.totaal) == (2044, [70, 30, 60], 160)
    # per 1.000 inwoners: 70/50, 30/30, 60/20
    assert met.verdeling["per_1000_inwoners"].tolist() == pytest.approx([1.4, 1.0, 3.0])
    assert met.maten["maat"] == "toedeling per 1.000 inwoners"


def test_fouten_in_een_scenario_noemen_de_sleutel():
    inv = _invoer()
    with pytest.raises(ParamsFout, match=r"spreiding\.scenarios\[1\]\.groep: 'dak_thuislozen' wordt niet verdeeld"):
        spel.speel_alle(inv, [Scenario(naam="a", groep="statushouders"), Scenario(naam="b", groep="dak_thuislozen")])
    with pytest.raises(ParamsFout, match=r"spreiding\.scenarios\[0\]\.ruilingen\[0\]\.aantal: Cc kan geen 6 afstaan"):
        spel.speel_alle(inv, [Scenario(naam="a", groep="statushouders", sleutels={"naar_rato": 1},
                                       ruilingen=[{"van": "GM9903", "naar": "GM9901", "aantal": 6}])])
    with pytest.raises(ParamsFout, match=r"ruilingen\[0\]\.naar: gemeente GM9999 hoort niet bij de regio"):
        spel.speel_alle(inv, [Scenario(naam="a", groep="statushouders",
                                       ruilingen=[{"van": "GM9901", "naar": "GM9999", "aantal": 1}])])


@pytest.mark.parametrize("scenario, verwacht", [
    ({"naam": "a", "groep": "statushouders", "sleutels": {"naar_rato": 0.5, "lokale_kenmerken": 0.4}},
     r"spreiding\.scenarios\[0\]\.sleutels: de gewichten tellen op tot 0,9"),
    ({"naam": "a", "groep": "statushouders", "sleutels": {"naar_ratio": 1}},
     r"spreiding\.scenarios\[0\]\.sleutels: onbekende verdeelsleutel 'naar_ratio'; bedoelde u: naar_rato"),
    ({"naam": "a", "groep": "statushouder"}, r"spreiding\.scenarios\[0\]\.groep: onbekende groep 'statushouder'"),
    ({"naam": "a", "groep": "statushouders", "horizon": 0}, r"spreiding\.scenarios\[0\]\.horizon"),
    ({"naam": "a", "groep": "statushouders", "ruilingen": [{"van": "GM9901", "naar": "GM9901", "aantal": 1}]},
     r"spreiding\.scenarios\[0\]\.ruilingen\[0\].*dezelfde gemeente"),
    ({"naam": "a", "groep": "statushouders", "kleur": "rood"}, r"spreiding\.scenarios\[0\]\.kleur"),
])
def test_ongeldig_scenario_in_het_regiobestand(tmp_path, scenario, verwacht):
    pad = tmp_path / "r.yaml"
    pad.write_text(yaml.safe_dump({"naam": "R", "peiljaar": 2024, "bron": {"soort": "voorbeeld", "map": "data/voorbeeld"},
                                   "gemeenten": ["GM9901"], "spreiding": {"scenarios": [scenario]}}), encoding="utf-8")
    with pytest.raises(ParamsFout, match=verwacht):
        laad_regio(pad)
    with pytest.raises(ParamsFout, match=verwacht):  # the same check when saving
        spel.valideer({"scenarios": [scenario]}, pad)


def test_twee_scenarios_met_dezelfde_naam():
    with pytest.raises(ParamsFout, match=r"spreiding\.scenarios: scenario 2 heet 'plan a', net als scenario 1"):
        spel.valideer({"scenarios": [{"naam": "Plan A", "groep": "statushouders"},
                                     {"naam": "plan a", "groep": "statushouders"}]})


def test_voorbeeldregio_heeft_scenarios_die_rekenen():
    scenarios = laad_regio("voorbeeldregio").spreiding.scenarios
    assert len(scenarios) >= 2 and all("FICTIEF" in s.toelichting for s in scenarios)


# --------------------------------------------------------------------------------------------------
# saving into the regio file
# --------------------------------------------------------------------------------------------------
REGIO = """\
# Testregio: kop met commentaar
naam: Testregio   # naam in de rapporten
peiljaar: 2024

bron:
  soort: voorbeeld
  map: data/voorbeeld
gemeenten: [GM9901, GM9902]

# spreiding: instellingen
spreiding:
  concentratiestraf: 0.25  # liever minder korting
  # ruilingen: een voorbeeld
  ruilingen:
    - {van: GM9901, naar: GM9902, aantal: 1, groep: statushouders, reden: "x"}

# confrontatie: komt na de spreiding
confrontatie:
  norm_urgentie_aandeel: 0.3
"""


def _regels_zonder_scenarios(tekst: str) -> list[str]:
    """The lines of a regio file outside the scenarios block (and the comment line the save adds)."""
    uit, binnen = [], False
    for r in tekst.splitlines():
        if r.startswith("  scenarios:"):
            binnen = True
            continue
        if binnen and (r.startswith("    ") or r.startswith("  - ")):
            continue
        binnen = False
        if r.strip().startswith("# scenarios:"):
            continue
        uit.append(r)
    return uit


def test_opslaan_en_teruglezen_houdt_commentaar_en_volgorde(tmp_path):
    pad = tmp_path / "r.yaml"
    pad.write_text(REGIO, encoding="utf-8")
    a = Scenario(naam="Plan A", groep="statushouders", sleutels={"naar_rato": .5, "eigen_behoefte": .5},
                 ruilingen=[{"van": "GM9901", "naar": "GM9902", "aantal": 2, "reden": "compensatie"}], horizon=15,
                 toelichting="met \"aanhalingstekens\": en # hekje")
    b = Scenario(naam="Plan B", groep="woonvorm:geclusterd", gewichten={"sociale_huurvoorraad": 1})
    assert spel.bewaar_scenario(pad, a) == [a]
    assert spel.bewaar_scenario(pad, b) == [a, b]
    tekst = pad.read_text(encoding="utf-8")
    assert _regels_zonder_scenarios(tekst) == REGIO.splitlines()  # every other line, comments and order kept
    ruw = yaml.safe_load(tekst)
    assert list(ruw) == ["naam", "peiljaar", "bron", "gemeenten", "spreiding", "confrontatie"]
    assert list(ruw["spreiding"]) == ["concentratiestraf", "ruilingen", "scenarios"]
    terug = spel.valideer(ruw["spreiding"]).scenarios
    assert terug == (a, b)
    # the same name replaces in place; the file still validates as a whole
    a2 = a.model_copy(update={"sleutels": {"naar_rato": 0.0, "eigen_behoefte": 0.0, "lokale_kenmerken": 1.0}})
    assert spel.bewaar_scenario(pad, a2) == [a2, b]
    assert _regels_zonder_scenarios(pad.read_text(encoding="utf-8")) == REGIO.splitlines()
    assert spel.valideer(yaml.safe_load(pad.read_text(encoding="utf-8"))["spreiding"]).scenarios == (a2, b)


def test_opslaan_zonder_spreidingssectie_en_met_een_bestaande_lijst(tmp_path):
    pad = tmp_path / "r.yaml"
    pad.write_text("naam: R\npeiljaar: 2024  # jaar\nbron: {soort: voorbeeld}\ngemeenten: [GM9901]", encoding="utf-8")
    s = Scenario(naam="S", groep="statushouders")
    spel.bewaar_scenario(pad, s)
    tekst = pad.read_text(encoding="utf-8")
    assert tekst.startswith("naam: R\npeiljaar: 2024  # jaar\n") and yaml.safe_load(tekst)["spreiding"]["scenarios"]
    # a hand-written list with a comment below it: the list is replaced, the comment stays
    pad.write_text("naam: R\nspreiding:\n  scenarios:\n    - {naam: Oud, groep: statushouders}\n  # slot\n"
                   "  variant: hoog\n", encoding="utf-8")
    assert [x.naam for x in spel.bewaar_scenario(pad, s)] == ["Oud", "S"]
    tekst = pad.read_text(encoding="utf-8")
    assert tekst.endswith("  # slot\n  variant: hoog\n") and yaml.safe_load(tekst)["spreiding"]["variant"] == "hoog"


def test_opslaan_weigert_en_laat_het_bestand_staan(tmp_path):
    pad = tmp_path / "r.yaml"
    oud = "naam: R\nspreiding: {variant: hoog}\n"
    pad.write_text(oud, encoding="utf-8")
    with pytest.raises(ParamsFout, match="niet als blok"):
        spel.bewaar_scenario(pad, Scenario(naam="S", groep="statushouders"))
    assert pad.read_text(encoding="utf-8") == oud
    # an invalid section elsewhere in spreiding is reported with its key, nothing written
    oud = "naam: R\nspreiding:\n  concentratiestraf: 7\n"
    pad.write_text(oud, encoding="utf-8")
    with pytest.raises(ParamsFout, match=r"spreiding\.concentratiestraf"):
        spel.bewaar_scenario(pad, Scenario(naam="S", groep="statushouders"))
    assert pad.read_text(encoding="utf-8") == oud
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]  # no temporary file left behind


# --------------------------------------------------------------------------------------------------
# side by side in the report
# --------------------------------------------------------------------------------------------------
def test_scenarios_naast_elkaar():
    inv = _invoer()
    us = spel.speel_alle(inv, [
        Scenario(naam="Rato", groep="statushouders", sleutels={"naar_rato": 1}),
        Scenario(naam="Mix", groep="statushouders", sleutels={"naar_rato": .5, "lokale_kenmerken": .5}),
        Scenario(naam="Clu", groep="woonvorm:geclusterd", sleutels={"eigen_behoefte": 1}, horizon=20)])
    groepen = spel.per_groep(us)
    assert [t for t, _ in groepen] == ["Scenario's naast elkaar: Statushouders (vergunninghouders), toedeling per jaar",
                                       "Scenario's naast elkaar: Bouwopgave: Geclusterde woonvorm, 2044"]
    t = spel.vergelijk_tabel(groepen[0][1])
    assert t.columns.tolist() == ["Gemeente", "Rato: toedeling", "Mix: toedeling"]
    assert t["Rato: toedeling"].tolist() == [12, 7, 5] and t["Mix: toedeling"].tolist() == [15, 6, 3]
    assert spel.tellingen(t) == ["Rato: toedeling", "Mix: toedeling"] and spel.aandelen(t) == []
    t = spel.vergelijk_tabel(groepen[1][1])
    assert t["Clu: aandeel"].tolist() == pytest.approx([70 / 160, 30 / 160, 60 / 160])
    m = spel.maten_tabel(us)
    assert m["Verdeelsleutels"].tolist() == ["naar rato 100 %", "naar rato 50 %, lokale kenmerken 50 %",
                                             "eigen behoefte 100 %"]
    assert m["Doeljaar"].tolist() == ["per jaar", "per jaar", 2044]
    assert m["Gini"].tolist() == pytest.approx([u.gini for u in us])


# --------------------------------------------------------------------------------------------------
# the widgets (no frontend needed)
# --------------------------------------------------------------------------------------------------
def test_simulator_rekent_bij_elke_wijziging(tmp_path):
    inv = _invoer()
    pad = tmp_path / "r.yaml"
    pad.write_text(REGIO, encoding="utf-8")
    sim = sw.simulator(inv, pad)
    assert sim.groep.value == "statushouders" and _toedeling(sim.uitkomst) == [18, 5, 0]
    assert "Gini" in sim.uitkomst_html.value
    sim.sleutels["naar_rato"].value = 100
    assert _toedeling(sim.uitkomst) == [15, 6, 3]  # 100 + 100 points: half and half
    sim.sleutels["lokale_kenmerken"].value = 0
    assert _toedeling(sim.uitkomst) == [12, 7, 5]
    sim.van.value, sim.naar.value = "GM9901", "GM9903"
    sim.aantal.value = 3
    assert _toedeling(sim.uitkomst) == [9, 7, 8]
    assert sim.uitkomst.gini == pytest.approx(0.23 / 1.035)
    sim.aantal.value = 50  # too many: a Dutch message instead of a table
    assert sim.uitkomst is None and "kan geen 50 afstaan" in sim.uitkomst_html.value
    sim.aantal.value = 0
    sim.groep.value = "woonvorm:geclusterd"
    sim.horizon.value = 20
    assert sim.uitkomst.doeljaar == 2044 and sim.uitkomst.totaal == 160
    sim.naam.value = "Aan tafel"
    sim.bewaar.click()
    assert "Opgeslagen" in sim.status.value
    opgeslagen = spel.valideer(yaml.safe_load(pad.read_text(encoding="utf-8"))["spreiding"]).scenarios
    assert [(s.naam, s.groep, s.horizon, s.sleutels["naar_rato"]) for s in opgeslagen] == \
        [("Aan tafel", "woonvorm:geclusterd", 20, 1.0)]


def test_simulator_alleen_interactief(monkeypatch):
    inv = _invoer()
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.delenv("WZ_SPEL", raising=False)
    assert sw.toon(inv) is None  # papermill / wz run: no output at all
    monkeypatch.setenv("JPY_SESSION_NAME", "/x/40_spreiding.ipynb")
    assert sw.toon(inv) is not None
    monkeypatch.setenv("WZ_SPEL", "0")
    assert sw.toon(inv) is None


def test_punten_worden_fracties_die_precies_optellen():
    assert sw._punten({"a": 1, "b": 1, "c": 1}) == {"a": 0.3333, "b": 0.3333, "c": 0.3334}
    assert sw._punten({"a": 0, "b": 0}) is None
    Scenario(naam="x", groep="statushouders", sleutels=sw._punten({"naar_rato": 1, "eigen_behoefte": 1,
                                                                    "lokale_kenmerken": 1}))


def test_controleer_meldt_een_scenarioruiling_buiten_de_regio(tmp_path):
    from conftest import regio_yaml

    pad = regio_yaml(tmp_path, "spreiding:\n  scenarios:\n    - naam: A\n      groep: statushouders\n"
                               "      ruilingen: [{van: GM9901, naar: GM9977, aantal: 1}]\n")
    with pytest.raises(ParamsFout, match=r"spreiding\.scenarios\[0\]\.ruilingen\[0\]\.naar: gemeente GM9977 hoort "
                                         r"niet bij de regio \(GM9901\)"):
        laad_regio(pad)


def test_scenarios_met_hetzelfde_doeljaar_delen_een_opgave(monkeypatch):
    """speel_alle computes the opgave of a doeljaar once for the scenarios that share it; each outcome is the
    one speel gives for that scenario alone."""
    inv = _invoer()
    scenarios = [Scenario(naam="a", groep="woonvorm:geclusterd", sleutels={"eigen_behoefte": 1}, horizon=20),
                 Scenario(naam="b", groep="woonvorm:geclusterd", sleutels={"naar_rato": 1}, horizon=20),
                 Scenario(naam="c", groep="woonvorm:geclusterd", sleutels={"eigen_behoefte": 1}, horizon=15)]
    alleen = [spel.speel(inv, s) for s in scenarios]
    jaren = []
    echte_opgave = spel.opgave
    monkeypatch.setattr(spel, "opgave", lambda inv_, jaar: jaren.append(jaar) or echte_opgave(inv_, jaar))
    samen = spel.speel_alle(inv, scenarios)
    assert jaren == [2044, 2039]
    for a, b in zip(samen, alleen):
        pd.testing.assert_frame_equal(a.verdeling, b.verdeling)
        assert (a.doeljaar, a.totaal) == (b.doeljaar, b.totaal)
