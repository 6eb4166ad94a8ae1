"""Partner round sheets: written per partner (XLSX + CSV), read back and validated with Dutch messages
naming file, sheet, line and column; every problem of every sheet reported at once."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
import yaml
from conftest import kopie_van

from wzlib import partnerronde
from wzlib.bronnen import partners as P
from wzlib.fouten import InvoerFout, WzFout
from wzlib.getal import lees_getal
from wzlib.params import Confrontatie, Partner, standaard_partners

BEV = pd.DataFrame({
    "id": ["GM9901-aanbod-geclusterd", "GM9901-urgentie-aandeel-2024", "GM9902-aanbod-nultreden"],
    "gemeentecode": ["GM9901", "GM9901", "GM9902"],
    "gemeente": ["Heidewoude", "Heidewoude", "Stroomstad"],
    "onderwerp": ["aanbod", "urgentie", "aanbod"],
    "sleutel": ["geclusterd", "aandeel", "nultreden"],
    "jaar": [2024, 2024, 2024],
    "bevinding": ["Huidig aanbod geclusterd: 120 wooneenheden.", "Aandeel urgenten 27,5%.", "Nultreden: 5.000."],
    "waarde": [120.0, 27.5, 5000.0],
    "eenheid": ["wooneenheden", "%", "woningen"],
    "bron": ["20_aanbod", "urgentie", "20_aanbod"],
})
RP = SimpleNamespace(naam="Voorbeeldregio", peiljaar=2024, fictief=True, confrontatie=Confrontatie(), pad="")
ROOT = Path(__file__).resolve().parents[1]
PARTNERS = [Partner(naam="Woonstichting Voorbeeld", soort="corporatie"),
            Partner(naam="Zorggroep Voorbeeld", soort="zorgaanbieder")]


@pytest.fixture
def bladen(tmp_path) -> list[Path]:
    return P.schrijf_reviewbladen(RP, BEV, tmp_path / "uit", PARTNERS)


def test_schrijf_reviewbladen(bladen, tmp_path):
    assert sorted(p.name for p in bladen) == ["reviewblad_woonstichting-voorbeeld.csv",
                                               "reviewblad_woonstichting-voorbeeld.xlsx",
                                               "reviewblad_zorggroep-voorbeeld.csv", "reviewblad_zorggroep-voorbeeld.xlsx"]
    wb = openpyxl.load_workbook(tmp_path / "uit" / "reviewblad_zorggroep-voorbeeld.xlsx")
    assert wb.sheetnames == [P.WERKBLAD, "Uitleg"]
    ws = wb[P.WERKBLAD]
    kop = [c.value for c in ws[1]]
    assert kop == list(P.KOLOMMEN)
    rijen = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rijen) == len(P.ALGEMENE_VRAGEN) + len(BEV)
    assert rijen[len(P.ALGEMENE_VRAGEN)][kop.index("waarde")] == 120  # a real number in Excel
    assert {r[kop.index("partner")] for r in rijen} == {"Zorggroep Voorbeeld"}
    assert any(dv.formula1 == '"ja,nee,deels"' for dv in ws.data_validations.dataValidation)
    assert "FICTIEVE" in wb["Uitleg"]["A1"].value
    csv = (tmp_path / "uit" / "reviewblad_zorggroep-voorbeeld.csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].startswith("id;gemeentecode;") and ";27,5;%;" in csv  # sep ';', decimal ','


def test_onbeantwoorde_bladen_geven_geen_reacties(bladen, tmp_path):
    r = P.lees_reacties(tmp_path / "uit", BEV)  # blank sheets (xlsx and csv of every partner): no answers
    assert r.empty and list(r.columns) == list(P.REACTIE_KOLOMMEN)
    assert P.lees_reacties(tmp_path / "bestaat-niet").empty
    assert P.lees_reacties(None).empty


def _een_per_partner(bladen, tmp_path, suffix=None) -> Path:
    """A returned-sheets folder with one file per partner (xlsx for the first, csv for the second)."""
    doel = tmp_path / "terug"
    doel.mkdir(exist_ok=True)
    for p in bladen:
        if (p.suffix == ".xlsx") == ("woonstichting" in p.name):
            (doel / p.name).write_bytes(p.read_bytes())
    return doel


def _vul_xlsx(pad: Path, antwoorden: dict[str, dict]):
    wb = openpyxl.load_workbook(pad)
    ws = wb[P.WERKBLAD]
    kop = [c.value for c in ws[1]]
    for rij in ws.iter_rows(min_row=2):
        rid = rij[kop.index("id")].value
        for k, v in antwoorden.get(rid, {}).items():
            rij[kop.index(k)].value = v
    wb.save(pad)


def _vul_csv(pad: Path, antwoorden: dict[str, dict]):
    df = pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for rid, a in antwoorden.items():
        for k, v in a.items():
            df.loc[df["id"] == rid, k] = v
    df.to_csv(pad, sep=";", index=False, encoding="utf-8-sig")


def test_lees_ingevulde_bladen(bladen, tmp_path):
    terug = _een_per_partner(bladen, tmp_path)
    _vul_xlsx(terug / "reviewblad_woonstichting-voorbeeld.xlsx", {
        "GM9901-aanbod-geclusterd": {"herkenbaar": "Nee", "correctie": 140, "toelichting": "De Linde mist",
                                     "bron": "bezit 2024", "datum": "2025-03-01"},
        "ALG-klopt": {"herkenbaar": "deels", "toelichting": "GGZ ontbreekt"},
    })
    _vul_csv(terug / "reviewblad_zorggroep-voorbeeld.csv", {
        "GM9901-aanbod-geclusterd": {"herkenbaar": "nee", "correctie": "1.160,5"},
        "GM9901-urgentie-aandeel-2024": {"herkenbaar": "ja", "datum": "05-03-2025"},
        "GM9902-aanbod-nultreden": {"toelichting": "klopt ongeveer"},
    })
    r = P.lees_reacties(terug, BEV, PARTNERS)
    assert len(r) == 5
    w = r.set_index(["partner", "id"])
    a = w.loc[("Woonstichting Voorbeeld", "GM9901-aanbod-geclusterd")]
    assert (a["herkenbaar"], a["correctie"], a["datum"], a["soort"]) == ("nee", 140, "01-03-2025", "corporatie")
    assert a["waarde_blad"] == 120 and a["bestand"] == "reviewblad_woonstichting-voorbeeld.xlsx" and a["regel"] == 7
    z = w.loc[("Zorggroep Voorbeeld", "GM9901-aanbod-geclusterd")]
    assert z["correctie"] == 1160.5  # Dutch thousands and decimal comma
    assert w.loc[("Zorggroep Voorbeeld", "GM9901-urgentie-aandeel-2024"), "waarde_blad"] == 27.5
    assert pd.isna(w.loc[("Zorggroep Voorbeeld", "GM9902-aanbod-nultreden"), "herkenbaar"])
    assert w.loc[("Woonstichting Voorbeeld", "ALG-klopt"), "gemeentecode"] == ""


def test_alle_fouten_tegelijk_met_plek(bladen, tmp_path):
    terug = _een_per_partner(bladen, tmp_path)
    _vul_xlsx(terug / "reviewblad_woonstichting-voorbeeld.xlsx", {
        "GM9901-aanbod-geclusterd": {"herkenbaar": "misschien", "correctie": "ca. 140"},
        "GM9901-urgentie-aandeel-2024": {"id": "GM9901-aanbod-kasteel", "herkenbaar": "ja"},
    })
    _vul_csv(terug / "reviewblad_zorggroep-voorbeeld.csv", {
        "GM9901-aanbod-geclusterd": {"correctie": "140 woningen", "datum": "gisteren"},
        "ALG-onderzoek": {"correctie": "3"},
    })
    with pytest.raises(InvoerFout) as e:
        P.lees_reacties(terug, BEV)
    t = str(e.value)
    xlsx = "reviewblad_woonstichting-voorbeeld.xlsx [werkblad Reactie]"
    assert f"{xlsx}, regel 7, kolom 'herkenbaar': herkenbaar moet ja, nee of deels zijn" in t
    assert f"{xlsx}, regel 7, kolom 'correctie': correctie moet een getal zijn" in t and "'ca. 140'" in t
    assert "GM9901-aanbod-kasteel" not in t  # well-formed but unknown: kept and reported, not an input error
    assert "reviewblad_zorggroep-voorbeeld.csv, regel 7, kolom 'correctie'" in t
    assert "kolom 'datum': datum niet herkend" in t
    assert "bij een algemene vraag hoort geen correctie" in t
    assert len(e.value.problemen) == 5


def test_ontbrekende_kolom_werkblad_en_dubbele_partner(bladen, tmp_path):
    terug = _een_per_partner(bladen, tmp_path)
    # the same partner also returned the CSV: two sheets for one partner
    (terug / "reviewblad_woonstichting-voorbeeld.csv").write_bytes(
        (tmp_path / "uit" / "reviewblad_woonstichting-voorbeeld.csv").read_bytes())
    _vul_csv(terug / "reviewblad_woonstichting-voorbeeld.csv", {"GM9901-aanbod-geclusterd": {"herkenbaar": "ja"}})
    _vul_xlsx(terug / "reviewblad_woonstichting-voorbeeld.xlsx", {"GM9901-aanbod-geclusterd": {"herkenbaar": "ja"}})
    df = pd.read_csv(terug / "reviewblad_zorggroep-voorbeeld.csv", sep=";", dtype=str, encoding="utf-8-sig")
    df.drop(columns=["herkenbaar"]).to_csv(terug / "reviewblad_zorggroep-voorbeeld.csv", sep=";", index=False)
    wb = openpyxl.Workbook()
    wb.active.title = "Blad1"
    wb.save(terug / "leeg.xlsx")
    (terug / "~$reviewblad_woonstichting-voorbeeld.xlsx").write_bytes(b"lock")  # Excel lock file: skipped
    (terug / "notities.txt").write_text("x")  # not a sheet: skipped
    with pytest.raises(InvoerFout) as e:
        P.lees_reacties(terug, BEV)
    t = str(e.value)
    assert "reviewblad_zorggroep-voorbeeld.csv, regel 1, kolom 'herkenbaar': verplichte kolom ontbreekt" in t
    assert "leeg.xlsx: werkblad 'Reactie' ontbreekt (aanwezig: Blad1)" in t
    assert "partner 'Woonstichting Voorbeeld' heeft ook een reviewblad" in t
    assert "~$" not in t and "notities" not in t


def test_lees_getal():
    """Corrections on a sheet are read with the one number parser (Dutch and English notation)."""
    assert lees_getal("140") == 140 and lees_getal("1.234") == 1234 and lees_getal("12,5") == 12.5
    assert lees_getal("1.234,5") == 1234.5 and lees_getal("12.5") == 12.5 and lees_getal("35%") == 35
    assert lees_getal("-3") == -3
    for fout in ("ca. 10", "140 woningen", "n.v.t.", "1,2,3", ""):
        assert lees_getal(fout) is None, fout


def test_bladen_voor_de_partners_uit_de_params(tmp_path):
    """Without partners named in the regio file every default partner gets a sheet; with named partners, those."""
    standaard = P.schrijf_reviewbladen(RP, BEV, tmp_path / "a")
    assert len(standaard) == 2 * len(standaard_partners())
    assert {p.stem for p in standaard} == {P.bestandsnaam(x) for x in standaard_partners()}
    rp = SimpleNamespace(**{**vars(RP), "confrontatie": Confrontatie(
        partners=[{"naam": "Zorgkantoor Voorbeeld", "soort": "Zorgkantoor"}, "Stichting Één"])})
    eigen = P.schrijf_reviewbladen(rp, BEV, tmp_path / "b")
    assert sorted(p.name for p in eigen) == ["reviewblad_stichting-een.csv", "reviewblad_stichting-een.xlsx",
                                             "reviewblad_zorgkantoor-voorbeeld.csv",
                                             "reviewblad_zorgkantoor-voorbeeld.xlsx"]
    df = pd.read_csv(tmp_path / "b" / "reviewblad_stichting-een.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert set(df["soort"]) == {"overig"} and set(df["partner"]) == {"Stichting Één"}
    wb = openpyxl.load_workbook(tmp_path / "b" / "reviewblad_zorgkantoor-voorbeeld.xlsx")
    assert "Partner: Zorgkantoor Voorbeeld (zorgkantoor)" in [c.value for c in wb["Uitleg"]["A"]]


def test_reacties_map(tmp_path):
    def rp(reacties_map=None, soort="invoer", lokaal=None):
        return SimpleNamespace(confrontatie=Confrontatie(reacties_map=reacties_map), bron=SimpleNamespace(soort=soort),
                               bron_map=tmp_path / "data" / "voorbeeld",
                               lokaal_map=None if lokaal is None else tmp_path / lokaal,
                               pad_naar=lambda p: (tmp_path / p).resolve(), uitvoer_map=tmp_path / "outputs" / "x",
                               root=str(tmp_path))

    assert P.reacties_map(rp("eigen/map")) == (tmp_path / "eigen" / "map").resolve()
    assert P.reacties_map(rp(soort="voorbeeld", lokaal="data/voorbeeld/lokaal")) == tmp_path / "data" / "voorbeeld" / "partners"
    assert P.reacties_map(rp(lokaal="data/lokaal/x")) == tmp_path / "data" / "lokaal" / "x" / "partners"
    assert P.reacties_map(rp()) is None
    assert partnerronde.reviewbladen_map(rp()) == tmp_path / "outputs" / "x" / "partnerronde"
    # a report shows the folder relative to the project, never a full local path
    assert P.toon_pad(rp(), tmp_path / "data" / "voorbeeld" / "partners") == "data/voorbeeld/partners"
    assert P.toon_pad(rp(), "/elders/partners") == "partners" and P.toon_pad(rp(), None) is None


def _project(tmp_path: Path, regio: str = "voorbeeldregio") -> Path:
    """A temp project with a copy of the regio file (paths made absolute): its outputs live in the temp folder."""
    bron = ROOT / "params" / "regios" / f"{regio}.yaml"
    d = yaml.safe_load(bron.read_text(encoding="utf-8"))
    d["bron"]["map"] = str((ROOT / d["bron"]["map"]).resolve())
    if d.get("lokaal"):
        d["lokaal"] = str((ROOT / d["lokaal"]).resolve())
    d["kengetallen_bestand"] = str(ROOT / "params" / "kengetallen.yaml")
    pad = tmp_path / "project" / "params" / "regios" / f"{regio}.yaml"
    pad.parent.mkdir(parents=True)
    pad.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return pad


def test_voor_regio_uit_resultaten(demo_uitvoer, tmp_path):
    """``wz partners``: one sheet per partner covering the findings of every gemeente that has them."""
    from wzlib import catalogus, paden, resultaten, stappen
    from wzlib.params import laad_regio

    rp = laad_regio(_project(tmp_path))
    with pytest.raises(WzFout, match=r"Stap 5 – Confrontatie is nog voor geen enkele gemeente gedraaid\. "
                                     r"Draai eerst: wz run --regio voorbeeldregio --stappen confrontatie"):
        partnerronde.schrijf_reviewbladen_voor_regio(rp)
    kopie_van(demo_uitvoer / "voorbeeldregio", rp.uitvoer_map)
    shutil.rmtree(paden.resultaat_map(rp.uitvoer_map / "GM9903", stappen.CONFRONTATIE.notebook))  # Leerhoven failed
    bladen = partnerronde.schrijf_reviewbladen_voor_regio(rp)
    assert len(bladen) == 2 * len(standaard_partners())  # the demo regio names no partners
    assert all(p.parent == rp.uitvoer_map / "partnerronde" for p in bladen)
    df = pd.read_csv(bladen[1], sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert set(df["gemeentecode"]) - {""} == {"GM9901", "GM9902", "GM9904", "GM9905", "GM9906"}
    # the sheet shows what the data say, not a correction of an earlier round (Zorgkantoor corrected 126)
    bev = resultaten.lees(rp.uitvoer_map, "GM9901", catalogus.BEVINDINGEN).set_index("id")
    r = bev.loc["GM9901-aanbod-verpleegzorg"]
    assert r["gecorrigeerd"] and r["waarde"] == 126 and r["waarde_data"] != 126
    blad = df.set_index("id").loc["GM9901-aanbod-verpleegzorg", "waarde"]
    assert lees_getal(blad) == r["waarde_data"]


def test_excel_getal_met_decimalen_is_geen_duizendtal():
    # an Excel number cell 195.404 must not be read as the Dutch "195.404" (= 195404)
    assert lees_getal(P._cel(195.404)) == pytest.approx(195.404)
    assert lees_getal(P._cel(1234.0)) == 1234 and P._cel(None) == ""


def test_voorbeeldbladen_van_de_demo_zijn_geldig():
    """The example returned sheets of the demo regio read without problems and show the whole loop."""
    map_ = ROOT / "data" / "voorbeeld" / "partners"
    r = P.lees_reacties(map_)
    assert set(r["partner"]) == {"Woonstichting Voorbeeld", "Zorggroep Voorbeeld", "Zorgkantoor Voorbeeld"}
    assert (r["bestand"].str.endswith(".xlsx")).all()  # no CSV under data/voorbeeld: that is the import format
    g = r[(r["id"] == "GM9901-aanbod-geclusterd") & r["correctie"].notna()]
    assert g["correctie"].nunique() == 2  # the conflicting correction
    b = r[r["id"] == "GM9901-vraag-beschermd_wonen-2034"].set_index("partner")["herkenbaar"]
    assert {"ja", "nee"} <= set(b)  # the disagreement
    assert r["id"].str.startswith("ALG-").any()


def test_reactie_op_bevinding_die_niet_meer_bestaat_blijft_zichtbaar(bladen, tmp_path):
    """A sheet answered against an older analysis: the row is kept, counts for nothing, and is reported."""
    from wzlib import confrontatie_partners as CP
    from wzlib import confrontatie_tekst as CT

    terug = _een_per_partner(bladen, tmp_path)
    _vul_xlsx(terug / "reviewblad_woonstichting-voorbeeld.xlsx", {
        "GM9901-aanbod-geclusterd": {"herkenbaar": "ja"},
        "GM9901-urgentie-aandeel-2024": {"herkenbaar": "nee"},
    })
    nu = BEV[BEV["id"] != "GM9901-urgentie-aandeel-2024"]  # the analysis no longer has this finding
    r = P.lees_reacties(terug, nu, PARTNERS)
    assert "GM9901-urgentie-aandeel-2024" in set(r["id"])  # kept, not dropped
    weg = CP.verouderde_reacties(r, nu)
    assert list(weg["id"]) == ["GM9901-urgentie-aandeel-2024"] and weg["bestand"].iloc[0].endswith(".xlsx")
    h = CP.herkenning(nu, r, per="partner").set_index("partner")
    assert h.loc["alle partners", "beantwoord"] == 1 and h.loc["alle partners", "nee"] == 0  # not counted
    tekst = CT.reacties_tekst(r, nu, terug, PARTNERS)
    assert "1 reactie(s) gaan over bevindingen die niet (meer) in deze analyse staan" in tekst
    assert "GM9901-urgentie-aandeel-2024" in tekst
    # only stale answers: the report must not claim that no sheets came back
    alleen_oud = r[r["id"] == "GM9901-urgentie-aandeel-2024"]
    assert "geen reviewbladen" not in CT.reacties_tekst(alleen_oud, nu, terug, PARTNERS)
