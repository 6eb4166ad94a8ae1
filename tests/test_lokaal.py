"""Local inputs (wzlib.bronnen.lokaal, wzlib.bronnen.sjabloon): reading, validation, templates, documentation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from wzlib.bronnen.lokaal import (LOKALE_SCHEMAS, ONDERWERPEN, SJABLOON_XLSX, LokaleInvoer, lees_lokaal, lees_xlsx,
                                  lege_lokale_tabel)
from wzlib.bronnen.sjabloon import SjabloonBestaat, documentatie_markdown, schrijf_sjabloon
from wzlib.fouten import InvoerFout
from wzlib.groepen import GROEPEN, WOONVORMEN, lokale_groepen
from wzlib.params import Gemeente

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "voorbeeld" / "lokaal"
REGIO = [Gemeente("GM9901", "Heidewoude"), Gemeente("GM9902", "Stroomstad")]

KOP_AG = "gemeentecode,gemeentenaam,groep,jaar,aantal,eenheid,bron,toelichting"
GOED_AG = [
    "GM9901,Heidewoude,uitstroom_bw,2024,4,personen,centrumgemeente,",
    "GM9901,Heidewoude,statushouders,2024,31,,COA,",
    "GM9902,Stroomstad,uitstroom_bw,2024,212,personen,centrumgemeente,",
]


def schrijf(map_: Path, bestand: str, regels: list[str]) -> Path:
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / bestand
    pad.write_text("\n".join(regels) + "\n", encoding="utf-8")
    return pad


def fout(map_: Path, gemeenten=REGIO) -> InvoerFout:
    with pytest.raises(InvoerFout) as e:
        lees_lokaal(map_, gemeenten)
    return e.value


# ---------------------------------------------------------------------------------------------- reading

def test_demo_lokale_invoer_laadt_volledig():
    regio = [Gemeente(c, n) for c, n in (("GM9901", "Heidewoude"), ("GM9902", "Stroomstad"),
                                          ("GM9903", "Leerhoven"), ("GM9904", "Akkerveen"),
                                          ("GM9905", "Dijkwaard"), ("GM9906", "Lindehout"))]
    li = lees_lokaal(DEMO, regio, fictief=True)
    assert isinstance(li, LokaleInvoer)
    assert li.ontbrekend == [] and li.niet_ingevuld == {}
    for naam in ONDERWERPEN:
        df = li[naam]
        assert len(df) > 0 and list(df.columns) == LOKALE_SCHEMAS[naam].kolomnamen
        h = li.herkomst[naam]
        assert h.soort == "lokaal" and h.bron == LOKALE_SCHEMAS[naam].bestand and h.fictief
    ag = li.aandachtsgroepen
    assert str(ag["aantal"].dtype) == "Int64" and ag["eenheid"].notna().all()
    assert set(ag["groep"]) <= set(lokale_groepen())
    # an explicit "onbekend": kept, with a toelichting
    onbekend = ag[ag["aantal"].isna()]
    assert len(onbekend) >= 1 and onbekend["toelichting"].notna().all()
    assert set(li.aanbod.loc[li.aanbod["woonvorm"] == "geclusterd", "definitie"]) == {"≥5 wooneenheden (RIGO)"}


def test_ontbrekende_bestanden_geven_lege_canonieke_tabellen(tmp_path):
    schrijf(tmp_path, "aandachtsgroepen.csv", [KOP_AG, *GOED_AG])
    li = lees_lokaal(tmp_path, REGIO)
    assert li.ontbrekend == ["aanbod.csv", "plancapaciteit.csv", "woningmarkt.csv", "ambities.csv", "realisatie.csv"]
    for naam in ("aanbod", "plancapaciteit", "woningmarkt"):
        assert li[naam].empty and li[naam].dtypes.equals(lege_lokale_tabel(naam).dtypes)
        assert naam not in li.herkomst and not li.heeft(naam)
    ag = li.aandachtsgroepen
    assert ag["aantal"].tolist() == [4, 31, 212]
    assert ag.loc[1, "eenheid"] == "personen"  # empty eenheid -> the group's default
    assert li.herkomst["aandachtsgroepen"].bron == "aandachtsgroepen.csv"
    assert li.herkomst["aandachtsgroepen"].periode == "2024"


def test_map_bestaat_niet(tmp_path):
    with pytest.raises(InvoerFout, match="bestaat niet"):
        lees_lokaal(tmp_path / "nergens")


def test_puntkomma_en_bom_worden_geaccepteerd(tmp_path):
    regels = [r.replace(",", ";") for r in [KOP_AG, *GOED_AG]]
    (tmp_path / "aandachtsgroepen.csv").write_bytes(("\n".join(regels) + "\n").encode("utf-8-sig"))
    assert len(lees_lokaal(tmp_path, REGIO).aandachtsgroepen) == 3


def test_zonder_gemeenten_geen_regiocontrole(tmp_path):
    schrijf(tmp_path, "aandachtsgroepen.csv", [KOP_AG, "GM0363,,uitstroom_bw,2024,4,,x,"])
    assert len(lees_lokaal(tmp_path).aandachtsgroepen) == 1


# ---------------------------------------------------------------------------------------- bad files

def _plek(e: InvoerFout, bestand: str, regel: int, kolom: str) -> str:
    """The message line of the problem at (bestand, regel, kolom); fails if absent."""
    tekst = str(e)
    for r in tekst.splitlines():
        if bestand in r and f"regel {regel}," in r and f"kolom '{kolom}'" in r:
            return r
    raise AssertionError(f"geen melding voor {bestand}, regel {regel}, kolom {kolom}:\n{tekst}")


@pytest.mark.parametrize("regel, kolom, waarde, melding", [
    ("GM9901,Heidewoude,statushouder,2024,31,,COA,", "groep", "statushouder", "bedoelde u: statushouders"),
    ("GM9901,Heidewoude,ouderen_75,2024,31,,COA,", "groep", "ouderen_75", "berekend uit de bevolking"),
    ("GM9901,Heidewoude,statushouders,2024,-3,,COA,", "aantal", "-3", "niet negatief"),
    ("GM9901,Heidewoude,statushouders,2024,twaalf,,COA,", "aantal", "twaalf", "geheel getal verwacht"),
    ("GM9901,Heidewoude,statushouders,2024,1.5,,COA,", "aantal", "1.5", "geheel getal verwacht"),
    ("GM0363,Amsterdam,statushouders,2024,31,,COA,", "gemeentecode", "GM0363", "hoort niet bij de regio"),
    ("GM9901,Stroomstad,statushouders,2024,31,,COA,", "gemeentenaam", "Stroomstad", "past niet bij GM9901"),
    ("GM9901,Heidewoude,statushouders,2024,31,stuks,COA,", "eenheid", "stuks", "onbekende waarde"),
    ("GM9901,Heidewoude,statushouders,24,31,,COA,", "jaar", "24", "jaartal buiten"),
])
def test_foute_regel_noemt_bestand_regel_kolom(tmp_path, regel, kolom, waarde, melding):
    schrijf(tmp_path, "aandachtsgroepen.csv", [KOP_AG, GOED_AG[0], regel])
    e = fout(tmp_path, REGIO)
    r = _plek(e, "aandachtsgroepen.csv", 3, kolom)
    assert melding in r and f"'{waarde}'" in r
    assert len(e.problemen) == 1


def test_dubbele_regel(tmp_path):
    schrijf(tmp_path, "aandachtsgroepen.csv", [KOP_AG, *GOED_AG, GOED_AG[1].replace("31", "32")])
    e = fout(tmp_path)
    assert "aandachtsgroepen.csv, regel 3: dubbele regel voor gemeentecode=GM9901, groep=statushouders, " \
           "jaar=2024 (ook op regel 5)" in str(e)


def test_ontbrekende_kolom(tmp_path):
    kop = KOP_AG.replace(",aantal", "")
    rijen = [re.sub(r",\d+,", ",", r, count=1) for r in GOED_AG]
    schrijf(tmp_path, "aandachtsgroepen.csv", [kop, *rijen])
    e = fout(tmp_path)
    assert "aandachtsgroepen.csv, regel 1, kolom 'aantal': verplichte kolom ontbreekt" in str(e)


def test_onbekende_kolom(tmp_path):
    schrijf(tmp_path, "aandachtsgroepen.csv", [KOP_AG + ",aantall", *(r + ",5" for r in GOED_AG)])
    assert "regel 1, kolom 'aantall': onbekende kolom" in str(fout(tmp_path))


def test_alle_problemen_van_alle_bestanden_tegelijk(tmp_path):
    schrijf(tmp_path, "aandachtsgroepen.csv", [
        KOP_AG,
        "GM9901,Heidewoude,statushouder,2024,31,,COA,",
        "GM9901,Heidewoude,uitstroom_bw,2024,-1,,COA,",
        "GM9999,,uitstroom_mo,2024,zes,,COA,",
    ])
    schrijf(tmp_path, "plancapaciteit.csv", [
        "gemeentecode,woonvorm,jaar,aantal,hardheid,bron",
        "GM9902,nultreeden,2027,40,hard,gemeente",
        "GM9902,nultreden,2028,40,half,gemeente",
    ])
    e = fout(tmp_path)
    plekken = {(Path(p.bestand).name, p.rij, p.kolom) for p in e.problemen}
    assert plekken == {
        ("aandachtsgroepen.csv", 2, "groep"), ("aandachtsgroepen.csv", 3, "aantal"),
        ("aandachtsgroepen.csv", 4, "aantal"), ("aandachtsgroepen.csv", 4, "gemeentecode"),
        ("plancapaciteit.csv", 2, "woonvorm"), ("plancapaciteit.csv", 3, "hardheid"),
    }
    assert "bedoelde u: nultreden" in str(e)


def test_regels_van_aanbod_en_woningmarkt(tmp_path):
    schrijf(tmp_path, "aanbod.csv", [
        "gemeentecode,woonvorm,jaar,aantal,definitie,bron",
        "GM9901,geclusterd,2024,165,,inventarisatie",          # definitie ontbreekt
        "GM9902,geclusterd,2024,1020,zes of meer,inventarisatie",  # onbekende definitie
        "GM9902,verpleegzorg,2024,890,,zorgkantoor",
    ])
    schrijf(tmp_path, "woningmarkt.csv", [
        "gemeentecode,jaar,sociale_huurvoorraad,mutaties_sociale_huur,bron",
        "GM9901,2024,1600,1700,corporatie",
    ])
    schrijf(tmp_path, "aandachtsgroepen.csv", [
        KOP_AG + ",taakstelling_per_jaar", "GM9901,Heidewoude,uitstroom_bw,2024,4,,x,,12"])
    tekst = str(fout(tmp_path))
    assert "aanbod.csv, regel 2, kolom 'definitie': definitie verplicht bij geclusterd" in tekst
    assert "aanbod.csv, regel 3, kolom 'definitie': onbekende definitie" in tekst
    assert "woningmarkt.csv, regel 2, kolom 'mutaties_sociale_huur': meer mutaties" in tekst
    assert "regel 2, kolom 'taakstelling_per_jaar': taakstelling_per_jaar geldt alleen voor statushouders" in tekst


def test_geclusterd_een_definitie_per_regio(tmp_path):
    schrijf(tmp_path, "aanbod.csv", [
        "gemeentecode,woonvorm,jaar,aantal,definitie,bron",
        "GM9901,geclusterd,2024,165,>=5 wooneenheden,inventarisatie",
        "GM9902,geclusterd,2024,400,≥12 wooneenheden (CBS),CBS",
    ])
    assert "verschillende definities" in str(fout(tmp_path))
    schrijf(tmp_path, "aanbod.csv", [
        "gemeentecode,woonvorm,jaar,aantal,definitie,bron",
        "GM9901,geclusterd,2024,165,>=5 wooneenheden,inventarisatie",
        "GM9902,geclusterd,2024,400,RIGO,inventarisatie",
    ])
    df = lees_lokaal(tmp_path, REGIO).aanbod
    assert df["definitie"].tolist() == ["≥5 wooneenheden (RIGO)"] * 2  # written canonically


def test_voorbeeldregel_tussen_echte_regels(tmp_path):
    schrijf(tmp_path, "aandachtsgroepen.csv", [KOP_AG, GOED_AG[0], GOED_AG[2].replace(
        "centrumgemeente", "VOORBEELD — vervangen")])
    assert "regel 3, kolom 'bron': voorbeeldregel uit het sjabloon" in str(fout(tmp_path))


def test_niet_ingevulde_regels_worden_overgeslagen_en_geteld(tmp_path):
    schrijf(tmp_path, "aandachtsgroepen.csv", [
        KOP_AG, GOED_AG[0], "GM9902,Stroomstad,uitstroom_bw,2024,,personen,,", "GM9902,,sekswerkers,2024,,,,"])
    li = lees_lokaal(tmp_path, REGIO)
    assert len(li.aandachtsgroepen) == 1 and li.niet_ingevuld == {"aandachtsgroepen": 2}


# ------------------------------------------------------------------------------------------- templates

def test_sjabloon_schrijven_en_onaangeroerd_lezen(tmp_path):
    paden = schrijf_sjabloon(tmp_path, REGIO, jaar=2024)
    assert sorted(p.name for p in paden) == sorted([*(s.bestand for s in LOKALE_SCHEMAS.values()), SJABLOON_XLSX])
    for naam, schema in LOKALE_SCHEMAS.items():
        regels = (tmp_path / schema.bestand).read_text(encoding="utf-8-sig").splitlines()
        assert regels[0] == ",".join(schema.kolomnamen)
        assert len(regels) >= 2 and all("VOORBEELD — vervangen" in r for r in regels[1:])
    li = lees_lokaal(tmp_path, REGIO)  # an untouched template holds no data and no errors
    assert li.ontbrekend == [s.bestand for s in LOKALE_SCHEMAS.values()]
    assert all(li[n].empty for n in ONDERWERPEN)
    wb = openpyxl.load_workbook(tmp_path / SJABLOON_XLSX)
    assert wb.sheetnames == ["toelichting", *ONDERWERPEN, "keuzes"]
    ws = wb["aandachtsgroepen"]
    assert [c.value for c in ws[1]] == LOKALE_SCHEMAS["aandachtsgroepen"].kolomnamen
    assert ws.max_row == 1 + len(REGIO) * len(lokale_groepen())
    assert ws["A1"].comment is not None and "GM + 4" in ws["A1"].comment.text
    assert wb["aanbod"].max_row == 1 + len(REGIO) * len(WOONVORMEN)
    assert wb["woningmarkt"].max_row == 1 + len(REGIO)


def test_sjabloon_groepen_beperken(tmp_path):
    schrijf_sjabloon(tmp_path, REGIO, formaat=("xlsx",), jaar=2024, groepen=["uitstroom_bw", "studenten"])
    ws = openpyxl.load_workbook(tmp_path / SJABLOON_XLSX)["aandachtsgroepen"]
    assert sorted({ws.cell(r, 3).value for r in range(2, ws.max_row + 1)}) == ["studenten", "uitstroom_bw"]
    with pytest.raises(KeyError, match="Bedoelde u: statushouders"):
        schrijf_sjabloon(tmp_path / "b", REGIO, groepen=["statushouder"])


def test_xlsx_rondgang(tmp_path):
    schrijf_sjabloon(tmp_path, REGIO, formaat=("xlsx",), jaar=2024)
    pad = tmp_path / SJABLOON_XLSX
    wb = openpyxl.load_workbook(pad)
    verwacht = {}
    for naam in ONDERWERPEN:
        ws = wb[naam]
        kop = [c.value for c in ws[1]]
        for r in range(2, ws.max_row + 1):
            if naam == "aandachtsgroepen" and r % 3 == 0:
                continue  # leave some rows unfilled
            getal = r * 7
            ws.cell(r, kop.index("bron") + 1).value = f"registratie {r}"
            if naam == "woningmarkt":
                ws.cell(r, kop.index("sociale_huurvoorraad") + 1).value = getal * 10
                ws.cell(r, kop.index("mutaties_sociale_huur") + 1).value = float(getal)  # 14.0 is fine
            else:
                ws.cell(r, kop.index("aantal") + 1).value = getal
            if naam in ("plancapaciteit", "realisatie"):
                ws.cell(r, kop.index("jaar") + 1).value = 2026
            if naam == "plancapaciteit":
                ws.cell(r, kop.index("hardheid") + 1).value = "hard"
            if naam == "aanbod" and ws.cell(r, kop.index("woonvorm") + 1).value == "geclusterd":
                ws.cell(r, kop.index("definitie") + 1).value = "≥12 wooneenheden (CBS)"
            verwacht.setdefault(naam, []).append((ws.cell(r, 1).value, getal, f"registratie {r}"))
    wb.save(pad)
    li = lees_xlsx(pad, REGIO)
    for naam in ONDERWERPEN:
        df = li[naam]
        kolom = "sociale_huurvoorraad" if naam == "woningmarkt" else "aantal"
        factor = 10 if naam == "woningmarkt" else 1
        gelezen = list(zip(df["gemeentecode"], (df[kolom] // factor).astype(int), df["bron"]))
        assert gelezen == verwacht[naam], naam
        assert li.herkomst[naam].bron == f"{SJABLOON_XLSX}, blad {naam}"
    leeg = len(REGIO) * len(lokale_groepen()) - len(verwacht["aandachtsgroepen"])
    assert li.niet_ingevuld == {"aandachtsgroepen": leeg}
    assert li.aandachtsgroepen["eenheid"].tolist() == [
        GROEPEN[g].eenheid for g in li.aandachtsgroepen["groep"]]
    # the same workbook in a folder is read by lees_lokaal too
    map_ = tmp_path / "map"
    map_.mkdir()
    shutil.copy(pad, map_ / SJABLOON_XLSX)
    li2 = lees_lokaal(map_, REGIO)
    for naam in ONDERWERPEN:
        pd.testing.assert_frame_equal(li2[naam], li[naam])


def test_csv_rondgang(tmp_path):
    schrijf_sjabloon(tmp_path, REGIO, formaat="csv", jaar=2024)
    for schema in LOKALE_SCHEMAS.values():
        pad = tmp_path / schema.bestand
        pad.write_text(pad.read_text(encoding="utf-8-sig").replace("VOORBEELD — vervangen", "gemeente"),
                       encoding="utf-8")
    li = lees_lokaal(tmp_path, REGIO)
    assert li.ontbrekend == []
    ag = li.aandachtsgroepen
    assert ag["groep"].tolist() == ["uitstroom_bw", "statushouders", "woonwagenbewoners"]
    assert ag["aantal"].tolist()[:2] == [25, 38] and pd.isna(ag["aantal"].iloc[2])
    assert li.aanbod["definitie"].iloc[0] == "≥5 wooneenheden (RIGO)"
    assert li.woningmarkt["mutaties_sociale_huur"].tolist() == [190]


def test_xlsx_fouten_noemen_bestand_blad_regel_kolom(tmp_path):
    schrijf_sjabloon(tmp_path, REGIO, formaat=("xlsx",), jaar=2024)
    pad = tmp_path / SJABLOON_XLSX
    wb = openpyxl.load_workbook(pad)
    ws = wb["aanbod"]
    ws.cell(3, 5).value = "veel"
    ws.cell(4, 5).value = 12.5
    ws.cell(5, 5).value = -2
    wb["aanbod"].title = "Aanbod 2024"
    wb.create_sheet("woningmarkt2")
    wb.save(pad)
    with pytest.raises(InvoerFout) as e:
        lees_xlsx(pad, REGIO)
    tekst = str(e.value)
    assert f"{pad}, blad 'Aanbod 2024': onbekend blad; bedoelde u 'aanbod'?" in tekst
    assert f"{pad}, blad 'woningmarkt2': onbekend blad" in tekst
    # renamed back: cell problems name file, sheet, Excel row and column
    wb = openpyxl.load_workbook(pad)
    wb["Aanbod 2024"].title = "aanbod"
    del wb["woningmarkt2"]
    wb.save(pad)
    with pytest.raises(InvoerFout) as e:
        lees_xlsx(pad, REGIO)
    tekst = str(e.value)
    assert f"{pad}, blad 'aanbod', regel 3, kolom 'aantal': geheel getal verwacht (waarde: 'veel')" in tekst
    assert f"{pad}, blad 'aanbod', regel 4, kolom 'aantal': geheel getal verwacht" in tekst
    assert f"{pad}, blad 'aanbod', regel 5, kolom 'aantal': aantal mag niet negatief zijn" in tekst
    # row 3 is geclusterd: its missing definitie is reported in the same run
    assert f"{pad}, blad 'aanbod', regel 3, kolom 'definitie': definitie verplicht bij geclusterd" in tekst
    assert len(e.value.problemen) == 4


def test_geen_xlsx(tmp_path):
    pad = tmp_path / "kapot.xlsx"
    pad.write_text("geen excel")
    with pytest.raises(InvoerFout, match="geen leesbaar Excel-bestand"):
        lees_xlsx(pad)


def test_onderwerp_in_csv_en_xlsx_is_fout(tmp_path):
    schrijf_sjabloon(tmp_path, REGIO, formaat=("xlsx",), jaar=2024)
    wb = openpyxl.load_workbook(tmp_path / SJABLOON_XLSX)
    wb["aandachtsgroepen"].cell(2, 5).value = 3
    wb.save(tmp_path / SJABLOON_XLSX)
    schrijf(tmp_path, "aandachtsgroepen.csv", [KOP_AG, *GOED_AG])
    assert "'aandachtsgroepen' is twee keer aangeleverd" in str(fout(tmp_path))


def test_sjabloon_niet_overschrijven(tmp_path):
    schrijf_sjabloon(tmp_path, REGIO, jaar=2024)
    ingevuld = tmp_path / "aandachtsgroepen.csv"
    ingevuld.write_text(KOP_AG + "\n" + GOED_AG[0] + "\n", encoding="utf-8")
    with pytest.raises(SjabloonBestaat) as e:
        schrijf_sjabloon(tmp_path, REGIO, jaar=2024)
    assert "bestaan al" in str(e.value) and str(ingevuld) in str(e.value) and "overschrijven=True" in str(e.value)
    assert ingevuld.read_text(encoding="utf-8").startswith(KOP_AG)  # untouched
    schrijf_sjabloon(tmp_path, REGIO, jaar=2024, overschrijven=True)
    assert "VOORBEELD" in ingevuld.read_text(encoding="utf-8-sig")
    assert not list(tmp_path.glob("*.tmp"))


def test_sjabloon_onbekend_formaat(tmp_path):
    with pytest.raises(Exception, match="Onbekend formaat"):
        schrijf_sjabloon(tmp_path, REGIO, formaat=("ods",))


# ------------------------------------------------------------------------------------------ documentation

def test_documentatie_actueel():
    pad = ROOT / "docs" / "lokale-invoer.md"
    assert pad.read_text(encoding="utf-8") == documentatie_markdown(), (
        "docs/lokale-invoer.md is verouderd; maak opnieuw met: .venv/bin/python -c \"from wzlib.bronnen.sjabloon "
        "import documentatie_markdown as d; open('docs/lokale-invoer.md','w',encoding='utf-8').write(d())\"")


def test_documentatie_voorbeelden_zijn_geldig(tmp_path):
    tekst = documentatie_markdown()
    for schema in LOKALE_SCHEMAS.values():
        kop = ",".join(schema.kolomnamen)
        blok = tekst.split(f"```\n{kop}\n", 1)[1].split("```", 1)[0]
        schrijf(tmp_path, schema.bestand, [kop, *blok.strip().splitlines()])
    li = lees_lokaal(tmp_path)
    assert li.ontbrekend == []
    for g in lokale_groepen():
        assert f"`{g}`" in tekst
    for w in WOONVORMEN:
        assert f"`{w}`" in tekst
