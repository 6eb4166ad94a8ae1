"""The woonzorgvisie-meter (step 8): the kaarten follow the meter's numbering, the template round-trips,
kaart 3 is answered by the analysis (and a different answer of the gemeente is shown next to it, not
dropped), the verordening is checked against the urgent groups, and on a demo run kaart 3 changes when
the analysis changes (a partner sheet returned raises the toets "data stemt overeen met ervaring")."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

import wzlib.analyse
from wzlib import catalogus as T
from wzlib import meter, meter_tekst, paden, resultaten, stappen
from wzlib.meter_kaarten import ITEMS, KAARTEN, items
from wzlib.params import Gemeente

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT.parent / "shared" / "seeds").glob("000_*.txt"))
GEMEENTEN = [Gemeente("GM9901", "Heidewoude"), Gemeente("GM9902", "Stroomstad")]


# ------------------------------------------------------------------------------------------------ kaarten

@pytest.mark.skipif(not SEED, reason="de meter (shared/seeds/000_*.txt) is er niet")
def test_elk_nummer_van_de_opbouw_van_elke_kaart_staat_erin():
    """The 'opbouw' list closing each kaart in the meter: every number there is an item of that kaart."""
    tekst = SEED[0].read_text(encoding="utf-8")
    delen = re.split(r"opbouw|opgebouwd", tekst)[1:]
    assert len(delen) == 5
    for kaart, deel in enumerate(delen, start=1):
        nummers = {m.group(1).rstrip(".").lower() for m in re.finditer(r"^(\d[\d.a-e]*)\t", deel, re.M)}
        nummers.discard("")
        eigen = {i.nummer.lower() for i in items(kaart)}
        assert nummers and nummers <= eigen, (kaart, nummers - eigen)


def test_kaarten_en_items():
    assert [k.nummer for k in KAARTEN] == [1, 2, 3, 4, 5]
    assert all(len(k.blad) <= 31 for k in KAARTEN)
    assert len({i.sleutel for i in ITEMS}) == len(ITEMS)
    # kaart 3: wat de analyse invult; kaart 4, 3.1: de verordening
    assert {(i.nummer, i.soort) for i in items(3) if i.bron == "analyse"} == {
        ("1.1", "onderdeel"), ("1.2", "onderdeel"), ("2", "onderdeel"), ("3", "onderdeel"), ("5.1", "toets"),
        ("5.2", "toets"), ("6", "onderdeel"), ("6", "toets")}
    assert [i.nummer for i in items(4) if i.bron == "verordening"] == ["3.1"]
    assert ("6", "toets") in {(i.nummer, i.soort) for i in items(3)}  # item and toets share number 6


# ------------------------------------------------------------------------------------------------ template

def test_sjabloon_heen_en_terug(tmp_path):
    pad = meter.schrijf_sjabloon(tmp_path / meter.SJABLOON, GEMEENTEN)
    wb = openpyxl.load_workbook(pad)
    assert wb.sheetnames == ["toelichting", *(k.blad for k in KAARTEN)]
    ws = wb["Kaart 2 Governance"]
    assert ws.max_row == 1 + len(GEMEENTEN) * len(items(2))
    kop = [c.value for c in ws[1]]
    assert kop == list(meter.KOLOMMEN)
    # fill in: a canonical status, an alias with spaces and capitals, a date typed as a date
    ws["F2"], ws["G2"], ws["H2"], ws["I2"] = "gereed", datetime(2024, 3, 1), "wethouder", "vastgesteld"
    ws["F3"] = " Klaar "
    wb["Kaart 5 Uitvoering"]["F2"] = "NVT"
    wb.save(pad)
    terug = meter.lees_meter(pad, GEMEENTEN)
    assert len(terug) == 3
    r = terug.iloc[0].to_dict()
    assert r == {"gemeentecode": "GM9901", "kaart": 2, "nummer": "1a", "soort": "onderdeel", "status": "gereed",
                 "datum": "2024-03-01", "wie": "wethouder", "opmerking": "vastgesteld"}
    assert terug.iloc[1]["soort"] == "toets" and terug.iloc[1]["status"] == "gereed"
    assert terug.iloc[2][["kaart", "nummer", "status"]].tolist() == [5, "1", "n.v.t."]
    # and written again with these answers, read back the same
    pad2 = meter.schrijf_sjabloon(tmp_path / "opnieuw.xlsx", GEMEENTEN, terug)
    pd.testing.assert_frame_equal(meter.lees_meter(pad2, GEMEENTEN), terug)


def test_lege_meter_heeft_geen_antwoorden(tmp_path):
    pad = meter.schrijf_sjabloon(tmp_path / meter.SJABLOON, GEMEENTEN)
    assert meter.lees_meter(pad, GEMEENTEN).empty


# ------------------------------------------------------------------------------------------------ analysis

def _besch(groepen: dict[str, tuple[bool, bool, float | None]]) -> pd.DataFrame:
    """{groep: (in_analyse, open_ingelezen, volledigheid)}; wettelijk_urgent from the registry."""
    from wzlib.groepen import GROEPEN
    return pd.DataFrame([{"groep": g, "label": GROEPEN[g].label, "wettelijk_urgent": GROEPEN[g].wettelijk_urgent,
                          "in_analyse": a, "open_bron": "CBS 83765NED" if o else "", "open_ingelezen": o,
                          "volledigheid": v} for g, (a, o, v) in groepen.items()])


def test_verordening_toets():
    b = _besch({"uitstroom_bw": (True, False, 1.0), "sekswerkers": (True, False, 0.5),
                "uitstroom_ggz": (False, False, None), "studenten": (True, True, 1.0)})
    assert meter.verordening_toets(b, None) is None  # not recorded: the analysis does not know
    st, cijfer = meter.verordening_toets(b, ["uitstroom_bw"])
    assert st == "bezig" and "1 van de 2" in cijfer and "Uitstappende sekswerkers" in cijfer
    st, cijfer = meter.verordening_toets(b, ["uitstroom_bw", "sekswerkers"])  # ggz is not in the analysis
    assert st == "gereed" and "alle 2" in cijfer
    assert meter.verordening_toets(b[b["groep"] == "studenten"], [])[0] == "n.v.t."


def test_uit_analyse_zonder_resultaten_en_met_de_eerste_stappen():
    leeg = SimpleNamespace(**{t.naam: None for t in (T.GROEPEN_OMVANG, T.BESCHIKBAARHEID, T.AANBOD, T.VRAAG,
                                                     T.VERDELING, T.CONFRONTATIE, T.BEVINDINGEN, T.REACTIES)})
    a = meter.uit_analyse(leeg, "GM9901").set_index(["nummer", "soort"])
    assert a.loc[("5.2", "toets"), "status_analyse"] == "niet gestart"
    assert a.loc[("6", "onderdeel"), "status_analyse"] == "niet gestart"
    assert ("1.1", "onderdeel") not in a.index  # step 1 did not run: no answer, not 'niet gestart'
    groepen = pd.DataFrame({"gemeentecode": ["GM9901"] * 3 + ["GM9902"],
                            "groep": ["ouderen_75", "uitstroom_bw", "studenten", "studenten"],
                            "status": ["bekend uit open data", "lokaal aangeleverd", "ontbreekt", "ontbreekt"]})
    deels = SimpleNamespace(**{**vars(leeg), "groepen": groepen, "aanbod": pd.DataFrame({"x": [1]}),
                               "beschikbaarheid": _besch({"uitstroom_bw": (True, False, 1.0),
                                                          "studenten": (True, True, 0.5)})})
    a = meter.uit_analyse(deels, "GM9901", verordening=["uitstroom_bw"]).set_index(["kaart", "nummer", "soort"])
    assert a.loc[(3, "1.1", "onderdeel")].tolist() == ["bezig", "2 van de 3 groepen met een cijfer voor de gemeente"]
    assert a.loc[(3, "5.2", "toets"), "status_analyse"] == "bezig"
    assert "2 van de 5 analysestappen" in a.loc[(3, "5.2", "toets"), "cijfer"]
    assert "Stap 4 – Spreiding" in a.loc[(3, "5.2", "toets"), "cijfer"]
    assert a.loc[(3, "3", "onderdeel")].tolist() == ["gereed", "1 groep uit openbare bronnen (CBS 83765NED)"]
    assert a.loc[(3, "1.2", "onderdeel"), "status_analyse"] == "bezig"  # not every legal group is in
    assert "1 in een deel" in a.loc[(3, "2", "onderdeel"), "cijfer"]
    assert a.loc[(4, "3.1", "toets"), "status_analyse"] == "gereed"


def test_gemeente_overschrijft_de_analyse_niet_stil():
    antwoorden = pd.DataFrame([
        {"gemeentecode": "GM9901", "kaart": 3, "nummer": "5.2", "soort": "toets", "status": "gereed",
         "datum": "2024-01-01", "wie": "ik", "opmerking": ""},
        {"gemeentecode": "GM9901", "kaart": 1, "nummer": "1a", "soort": "onderdeel", "status": "bezig",
         "datum": "", "wie": "", "opmerking": "loopt"},
        {"gemeentecode": "GM9902", "kaart": 1, "nummer": "1b", "soort": "onderdeel", "status": "gereed",
         "datum": "", "wie": "", "opmerking": ""}])
    analyse = pd.DataFrame([{"kaart": 3, "nummer": "5.2", "soort": "toets", "status_analyse": "bezig",
                             "cijfer": "4 van de 5 analysestappen gelukt"}])
    m = meter.meter_tabel("GM9901", antwoorden, analyse)
    T.controleer(T.METER, m, wie="GM9901", waar="in de test")
    assert len(m) == len(ITEMS)
    r = m.set_index(["kaart", "nummer", "soort"])
    assert r.loc[(3, "5.2", "toets"), ["status", "status_analyse", "status_gemeente", "verschil"]].tolist() == [
        "bezig", "bezig", "gereed", True]
    assert r.loc[(1, "1a", "onderdeel"), ["status", "verschil"]].tolist() == ["bezig", False]
    assert r.loc[(1, "1b", "onderdeel"), "status"] == meter.NIET_INGEVULD  # GM9902's answer is not ours
    tab = meter_tekst.kaart_tabel(m, 3)
    assert "bezig (gemeente: gereed)" in tab["Stand"].tolist()
    assert "zegt de gemeente iets anders dan de analyse" in meter_tekst.samenvatting(m, "Heidewoude")
    per = meter.meter_regio(m)
    T.controleer(T.METER_REGIO, per, wie=paden.REGIO, waar="in de test")
    k1 = per.set_index("kaart").loc[1]
    assert (k1["items"], k1["bezig"], k1["niet_ingevuld"]) == (len(items(1)), 1, len(items(1)) - 1)
    assert k1["volgende"] == "1a Wettelijke aandachtsgroepen en ouderen opgenomen"


def test_volgende_slaat_gereed_en_nvt_over():
    m = meter.meter_tabel("GM9901", None, None)
    m.loc[m["kaart"] == 5, "status"] = "gereed"
    m.loc[(m["kaart"] == 5) & (m["nummer"] == "3"), "status"] = "n.v.t."
    m.loc[(m["kaart"] == 5) & (m["nummer"] == "4"), "status"] = "bezig"
    assert meter.volgende(m[m["kaart"] == 5]) == "4 Toets: Monitoring belegd: wie, hoe en hoe vaak"
    per = meter.meter_regio(m).set_index("kaart")
    assert per.loc[5, "aandeel_gereed"] == pytest.approx(5 / 6)
    regels = meter_tekst.cli_regels(meter.meter_regio(m), {"GM9901": "Heidewoude", "GM9902": "Stroomstad"})
    assert regels[0].startswith("Heidewoude (GM9901): K1 0/11") and "K5 5/6" in regels[0]
    assert "geen meter" in regels[1]


# ------------------------------------------------------------------------------------------------ demo run

def _invoer(uitvoer: Path, code: str) -> SimpleNamespace:
    A = wzlib.analyse.open("voorbeeldregio", gemeente=code, uitvoer_map=str(uitvoer / "voorbeeldregio" / code),
                           stap=stappen.METER)
    return A.invoer()


def test_demo_kaart3_uit_de_analyse_en_meer_herkenning_na_een_extra_reviewblad(demo_uitvoer):
    regio_map = demo_uitvoer / "voorbeeldregio"
    m = resultaten.lees(regio_map, "GM9901", T.METER)
    r = m.set_index(["kaart", "nummer", "soort"])
    for it in items(3):
        if it.bron == "analyse":
            assert pd.notna(r.loc[it.sleutel, "status_analyse"]), it
    assert r.loc[(3, "5.2", "toets"), "status_analyse"] == "gereed"
    assert r.loc[(3, "5.1", "toets"), "status_analyse"] == "gereed"
    assert r.loc[(4, "3.1", "toets"), "status_analyse"] == "bezig"  # the regional verordening lacks sekswerkers
    for kaart in (1, 2, 4, 5):  # the fictional answers show in every kaart
        assert (m[m["kaart"] == kaart]["status_gemeente"].notna()).any(), kaart
    # Dijkwaard says the partners recognise the data, but returned no sheet: both are shown
    d = resultaten.lees(regio_map, "GM9905", T.METER).set_index(["kaart", "nummer", "soort"])
    assert d.loc[(3, "6", "toets"), ["status", "status_gemeente", "verschil"]].tolist() == [
        "niet gestart", "gereed", True]
    per = resultaten.lees(regio_map, paden.REGIO, T.METER_REGIO)
    assert set(per["gemeentecode"]) == {f"GM990{i}" for i in range(1, 7)}

    # the analysis changes: one more partner returns a sheet recognising every finding of Heidewoude
    inv = _invoer(demo_uitvoer, "GM9901")
    voor = meter.uit_analyse(inv, "GM9901").set_index(["nummer", "soort"]).loc[("6", "toets")]
    bev = inv.bevindingen
    extra = pd.DataFrame({"partner": "Huurdersvereniging (FICTIEF)", "soort": "huurders", "id": bev["id"],
                          "gemeentecode": "GM9901", "herkenbaar": "ja", "correctie": float("nan"),
                          "toelichting": "", "bron": "", "datum": "", "waarde_blad": bev["waarde"],
                          "bestand": "extra.xlsx", "regel": range(2, 2 + len(bev))})
    inv.reacties = pd.concat([inv.reacties, extra], ignore_index=True)
    na = meter.uit_analyse(inv, "GM9901").set_index(["nummer", "soort"]).loc[("6", "toets")]
    pct = [int(re.match(r"(\d+)%", x["cijfer"]).group(1)) for x in (voor, na)]
    n = [int(re.search(r"van (\d+) antwoorden", x["cijfer"]).group(1)) for x in (voor, na)]
    assert pct[1] > pct[0] and n[1] == n[0] + len(bev)
    drempel = (pct[0] + pct[1]) / 200
    assert meter.uit_analyse(_invoer(demo_uitvoer, "GM9901"), "GM9901", drempel=drempel).set_index(
        ["nummer", "soort"]).loc[("6", "toets"), "status_analyse"] == "bezig"
    assert meter.uit_analyse(inv, "GM9901", drempel=drempel).set_index(
        ["nummer", "soort"]).loc[("6", "toets"), "status_analyse"] == "gereed"


def test_ingevulde_meter_is_een_eigen_invoercategorie(tmp_path):
    """A filled-in meter reruns only step 8: it is not part of the local inputs, even inside that folder."""
    from conftest import regio_yaml
    from wzlib import vingerafdruk
    from wzlib.params import laad_regio

    lokaal = tmp_path / "lokaal"
    lokaal.mkdir()
    (lokaal / "aanbod.csv").write_text("b")
    pad = meter.schrijf_sjabloon(lokaal / meter.SJABLOON, [Gemeente("GM9901", "Heidewoude")])
    rp = laad_regio(regio_yaml(tmp_path, f"lokaal: {lokaal}\nmeter:\n  bestand: {pad}\n"))
    b = vingerafdruk.invoer_bestanden(rp)
    assert b["meter"] == [pad] and pad not in b["lokaal"] and b["lokaal"]
    h1 = vingerafdruk.invoer_hashes(rp, tmp_path)
    wb = openpyxl.load_workbook(pad)
    wb["Kaart 1 Kader en visie"]["F2"] = "gereed"
    wb.save(pad)
    h2 = vingerafdruk.invoer_hashes(rp, tmp_path)
    assert [k for k in h1 if h1[k] != h2[k]] == ["meter"]
    assert "meter" in stappen.METER.invoer and all("meter" not in s.invoer for s in stappen.STAPPEN.values()
                                                      if s is not stappen.METER)


def test_wz_meter_zonder_resultaat_zegt_wat_te_doen(tmp_path, monkeypatch, capsys):
    from conftest import regio_yaml, verbied_kernels
    from wzlib import cli

    verbied_kernels(monkeypatch)
    monkeypatch.setenv("WZ_PROJECT", str(tmp_path))
    pad = regio_yaml(tmp_path)
    assert cli.main(["meter", "--regio", str(pad), "--alleen-tonen"]) == 2
    fout = capsys.readouterr().err
    assert "nog geen woonzorgvisie-meter" in fout and "wz meter --regio r" in fout and "Traceback" not in fout


def test_regio_naast_elkaar():
    a = meter.meter_tabel("GM9901", None, pd.DataFrame([{"kaart": 3, "nummer": "5.2", "soort": "toets",
                                                         "status_analyse": "gereed", "cijfer": "5 van de 5"}]))
    b = meter.meter_tabel("GM9902", None, None)
    b.loc[b["kaart"] == 1, "status"] = "gereed"
    b["gemeentecode"] = "GM9902"
    per = meter.meter_regio(pd.concat([a, b], ignore_index=True))
    namen = {"GM9901": "Heidewoude", "GM9902": "Stroomstad", "GM9903": "Leerhoven"}
    t = meter_tekst.regio_tabel(per, namen).set_index("Kaart")
    assert t.loc["Kaart 3 – Woonzorganalyse", "Heidewoude"] == "1 van 10"
    assert t.loc["Kaart 1 – Kader en visie", "Stroomstad"] == "11 van 11"
    assert (t["Leerhoven"] == "ontbreekt").all()
    v = meter_tekst.volgende_tabel(per, namen).set_index("Kaart")
    assert v.loc["Kaart 1 – Kader en visie", "Stroomstad"] == "alles gereed"
    assert v.loc["Kaart 3 – Woonzorganalyse", "Heidewoude"] == "1.1 Zicht op de benodigde data"
    zin = meter_tekst.regio_samenvatting(per, namen, ["Leerhoven"])
    assert "**Stroomstad**: 11 van de 55 onderdelen gereed" in zin and "Zonder meter" in zin


def test_datum_in_het_rapport_als_dag_maand_jaar():
    m = meter.meter_tabel("GM9901", pd.DataFrame([{"gemeentecode": "GM9901", "kaart": 1, "nummer": "1a",
                                                   "soort": "onderdeel", "status": "gereed", "datum": "2024-03-01",
                                                   "wie": "", "opmerking": ""}]), None)
    assert meter_tekst.kaart_tabel(m, 1)["Datum"].iloc[0] == "01-03-2024"


def test_kaart4_prioriteiten_en_smart_ambities_uit_stap_6():
    basis = {t.naam: None for t in (T.GROEPEN_OMVANG, T.BESCHIKBAARHEID, T.AANBOD, T.VRAAG, T.VERDELING,
                                    T.CONFRONTATIE, T.BEVINDINGEN, T.REACTIES, T.AMBITIES)}
    a = meter.uit_analyse(SimpleNamespace(**basis), "GM9901").set_index(["kaart", "nummer", "soort"])
    assert (4, "1.5", "onderdeel") not in a.index  # the ambities step did not run: the analysis does not know

    def toets(nr, woonvorm, soort, uitkomst, variant=None, code="GM9901"):
        return {"gemeentecode": code, "nr": nr, "woonvorm": woonvorm, "toets": soort, "variant": variant,
                "uitkomst": uitkomst}
    toetsen = pd.DataFrame([toets(1, "geclusterd", "eenheid", "voldoet"),
                            toets(1, "geclusterd", "dekking", "voldoet", "midden"),
                            toets(2, "verpleegzorg", "dekking", "voldoet niet", "midden"),
                            toets(0, "geclusterd", "prioriteit", "voldoet"),
                            toets(0, "beschermd_wonen", "prioriteit", "voldoet niet"),
                            toets(0, "opvang", "prioriteit", "voldoet niet", code="GM9902")])
    ambities = pd.DataFrame({"gemeentecode": ["GM9901", "GM9901", "GM9902"]})
    a = meter.uit_analyse(SimpleNamespace(**{**basis, "ambitie_toetsen": toetsen, "ambities": ambities}),
                          "GM9901").set_index(["kaart", "nummer", "soort"])
    assert a.loc[(4, "1.2", "onderdeel")].tolist() == ["gereed", "2 woonvormen met een tekort of urgente vraag (stap 6)"]
    assert a.loc[(4, "1.5", "onderdeel")].tolist() == [
        "bezig", "2 ambities; 1 van 2 dekken het tekort (midden); 1 prioriteit(en) zonder ambitie"]
    alles = toetsen[toetsen["woonvorm"] != "beschermd_wonen"]
    a = meter.uit_analyse(SimpleNamespace(**{**basis, "ambitie_toetsen": alles, "ambities": ambities}),
                          "GM9901").set_index(["kaart", "nummer", "soort"])
    assert a.loc[(4, "1.5", "onderdeel"), "status_analyse"] == "gereed"
    geen = meter.uit_analyse(SimpleNamespace(**{**basis, "ambitie_toetsen": toetsen.iloc[:0],
                                                "ambities": ambities.iloc[:0]}), "GM9901")
    assert geen.set_index(["kaart", "nummer"]).loc[(4, "1.5"), "status_analyse"] == "niet gestart"
