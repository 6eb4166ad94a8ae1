"""The import format: real data loads with real facts; bad input gives messages naming file/row/column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wzlib.bronnen.invoer import lees_map, lees_prognose, lees_tabel
from wzlib.fouten import InvoerFout
from wzlib.gegevens import (BEVOLKING, HUISHOUDENS, PROGNOSE, SCHEMAS, Kolom, Schema, controleer_frame,
                            kies_jaar)


def test_echt_alle_gemeenten(echt):
    assert len(echt["gemeenten"]) == 342
    assert echt["gemeenten"]["gemeentecode"].str.fullmatch(r"GM\d{4}").all()


def test_echt_hilversum_inwoners_2021(echt):
    b = echt["bevolking"]
    h = b[(b.gemeentecode == "GM0402") & (b.jaar == 2021) & (b.geslacht == "totaal")]
    assert len(h) == 20
    assert int(h["aantal"].sum()) == 91_235
    # open class 95+ has an empty leeftijd_tot
    assert h[h.leeftijd_van == 95]["leeftijd_tot"].isna().all()
    assert int(h[h.leeftijd_van >= 75]["aantal"].sum()) == 8_005


def test_echt_hilversum_huishoudens_2020(echt):
    h = echt["huishoudens"]
    rij = h[(h.gemeentecode == "GM0402") & (h.jaar == 2020)].iloc[0]
    assert int(rij.huishoudens_totaal) == 42_697
    assert int(rij.eenpersoons) == 17_714


def test_echt_types_en_herkomst(echt):
    b = echt["bevolking"]
    assert str(b["aantal"].dtype) == "Int64"
    assert str(b["gemeentecode"].dtype) == "string"
    assert "83502NED" in echt.herkomst["bevolking"].bron
    assert echt.herkomst["bevolking"].periode == "1 januari 2021"
    assert echt.herkomst["woningen"].periode == "2021-2024"


def test_kies_jaar(echt):
    w = echt["woningen"]
    assert kies_jaar(w, 2023) == 2023
    assert kies_jaar(w, 2030) == 2024
    assert kies_jaar(w, 2019) == 2021  # nothing earlier: the earliest


def _schrijf(p: Path, tekst: str) -> Path:
    p.write_text(tekst, encoding="utf-8")
    return p


def test_alle_problemen_tegelijk_met_regel_en_kolom(tmp_path):
    f = _schrijf(tmp_path / "bevolking.csv",
                 "gemeentecode,jaar,geslacht,leeftijd_van,leeftijd_tot,aantal,bron\n"
                 "GM0402,2021,man,0,4,100,x\n"
                 "GM402,2021,man,5,9,100,x\n"          # line 3: bad code
                 "GM0402,2021,mannen,10,14,100,x\n"    # line 4: bad choice
                 "GM0402,2021,man,15,19,\"1,234\",x\n"   # line 5: English thousands separator (ambiguous)
                 "GM0402,20x1,man,20,24,-5,x\n"        # line 6: bad year and negative count
                 "GM0402,2021,man,30,25,5,x\n")        # line 7: tot < van
    with pytest.raises(InvoerFout) as e:
        lees_tabel(f, BEVOLKING)
    tekst = str(e.value)
    problemen = {(p.rij, p.kolom) for p in e.value.problemen}
    assert (3, "gemeentecode") in problemen
    assert (4, "geslacht") in problemen
    assert (5, "aantal") in problemen
    assert (6, "jaar") in problemen and (6, "aantal") in problemen
    assert "bevolking.csv, regel 3, kolom 'gemeentecode'" in tekst
    assert "'mannen'" in tekst and "toegestaan: man, vrouw, totaal" in tekst
    assert "dubbelzinnig" in tekst


def test_tot_kleiner_dan_van(tmp_path):
    f = _schrijf(tmp_path / "b.csv", "gemeentecode,jaar,geslacht,leeftijd_van,leeftijd_tot,aantal\n"
                                     "GM0402,2021,man,30,25,5\n")
    with pytest.raises(InvoerFout) as e:
        lees_tabel(f, BEVOLKING)
    assert e.value.problemen[0].rij == 2 and "kleiner dan leeftijd_van" in str(e.value)


def test_ontbrekende_en_onbekende_kolom(tmp_path):
    f = _schrijf(tmp_path / "bevolking.csv", "gemeentecode,jaar,geslacht,leeftijd_van,aantallen\nGM0402,2021,man,0,5\n")
    with pytest.raises(InvoerFout) as e:
        lees_tabel(f, BEVOLKING)
    kolommen = {p.kolom for p in e.value.problemen}
    assert {"aantallen", "aantal", "leeftijd_tot"} <= kolommen
    assert "onbekende kolom" in str(e.value) and "verplichte kolom ontbreekt" in str(e.value)


def test_dubbele_sleutel(tmp_path):
    f = _schrijf(tmp_path / "huishoudens.csv", "gemeentecode,jaar,huishoudens_totaal,eenpersoons,meerpersoons\n"
                 "GM0402,2020,10,4,6\nGM0402,2020,10,4,6\n")
    with pytest.raises(InvoerFout) as e:
        lees_tabel(f, HUISHOUDENS)
    assert "dubbele regel" in str(e.value) and "regel 3" in str(e.value)


def test_huishoudens_som_klopt_niet(tmp_path):
    f = _schrijf(tmp_path / "huishoudens.csv", "gemeentecode,jaar,huishoudens_totaal,eenpersoons,meerpersoons\n"
                 "GM0402,2020,10,4,5\n")
    with pytest.raises(InvoerFout, match="niet gelijk aan huishoudens_totaal"):
        lees_tabel(f, HUISHOUDENS)


def test_puntkomma_bom_en_decimale_komma(tmp_path):
    f = tmp_path / "woningen_gemeente.csv"
    f.write_bytes("\ufeffgemeentecode;jaar;koopwoningen_pct;huurwoningen_pct;woz_gemiddeld_x1000\n"
                  "GM0402;2021;55;44;312,5\n".encode("utf-8"))
    df = lees_tabel(f, SCHEMAS["woningen"])
    assert float(df.loc[0, "woz_gemiddeld_x1000"]) == 312.5
    assert df["woningvoorraad"].isna().all()  # optional column absent → empty, not an error


def test_geen_utf8(tmp_path):
    f = tmp_path / "gemeenten.csv"
    f.write_bytes("gemeentecode,gemeentenaam\nGM0402,Sûdwest\n".encode("latin-1"))
    with pytest.raises(InvoerFout, match="geen UTF-8"):
        lees_tabel(f, SCHEMAS["gemeenten"])


def test_map_verplicht_bestand_ontbreekt(tmp_path):
    _schrijf(tmp_path / "gemeenten.csv", "gemeentecode,gemeentenaam\nGM0402,Hilversum\n")
    with pytest.raises(InvoerFout) as e:
        lees_map(tmp_path)
    assert "bevolking.csv" in str(e.value) and "verplicht bestand ontbreekt" in str(e.value)


def test_map_onbekende_gemeentecode(tmp_path):
    _schrijf(tmp_path / "gemeenten.csv", "gemeentecode,gemeentenaam\nGM0402,Hilversum\n")
    _schrijf(tmp_path / "bevolking.csv", "gemeentecode,jaar,geslacht,leeftijd_van,leeftijd_tot,aantal\n"
                                         "GM0402,2021,man,0,4,5\nGM0403,2021,man,0,4,5\n")
    with pytest.raises(InvoerFout, match="GM0403"):
        lees_map(tmp_path)


def test_problemen_van_meerdere_bestanden_samen(tmp_path):
    _schrijf(tmp_path / "gemeenten.csv", "gemeentecode,gemeentenaam\nGM04x2,Hilversum\n")
    _schrijf(tmp_path / "bevolking.csv", "gemeentecode,jaar,geslacht,leeftijd_van,leeftijd_tot,aantal\n"
                                         "GM0402,2021,man,0,4,vijf\n")
    with pytest.raises(InvoerFout) as e:
        lees_map(tmp_path)
    bestanden = {Path(p.bestand).name for p in e.value.problemen}
    assert bestanden == {"gemeenten.csv", "bevolking.csv"}


def test_documentatie_invoerformaat_actueel():
    from wzlib.gegevens import documentatie_markdown

    doc = Path(__file__).resolve().parents[1] / "docs" / "invoerformaat.md"
    assert doc.read_text(encoding="utf-8") == documentatie_markdown(), \
        "docs/invoerformaat.md is verouderd: genereer opnieuw met wzlib.gegevens.documentatie_markdown()"


def test_prognose_invoer_met_eigen_bestandsnaam(tmp_path):
    # the imported prognosis (gegevens.PROGNOSE) may have another file name (regio: prognose.bestand)
    assert "prognose" not in SCHEMAS  # not a source table: read from the lokaal folder by lees_prognose
    kop = ",".join(PROGNOSE.kolomnamen)
    _schrijf(tmp_path / "provincie.csv", f"{kop}\nGM0402,2030,man,0,4,midden,10.5,Provincie\n"
                                         "GM0402,2030,man,5,,midden,20,Provincie\n")
    df = lees_prognose(tmp_path, "provincie.csv")
    assert len(df) == 2 and df["aantal"].tolist() == [10.5, 20.0]  # decimals allowed
    assert pd.isna(df["leeftijd_tot"].iloc[1])  # open class
    assert Path(df.attrs["bestand"]).name == "provincie.csv"
    assert lees_prognose(tmp_path) is None  # prognose.csv is not there
    # a negative count is refused, naming the file and the column
    _schrijf(tmp_path / "prognose.csv", f"{kop}\nGM0402,2030,man,0,4,midden,-1,x\n")
    with pytest.raises(InvoerFout, match="prognose.csv.*aantal.*negatief"):
        lees_prognose(tmp_path)


def test_controleer_frame_aandeel_en_ja_nee():
    # the column kinds of the result catalogue: 'aandeel' is a fraction 0..1, 'ja_nee' a bool
    schema = Schema("t", "t.parquet", "test", (
        Kolom("code", "code", "code", patroon=r"GM\d{4}"), Kolom("aandeel", "aandeel", "fractie", leeg_mag=True),
        Kolom("klaar", "ja_nee", "ja of nee")), ("code",))
    goed = pd.DataFrame({"code": pd.array(["GM0001", "GM0002"], dtype="string"),
                         "aandeel": pd.array([0.25, None], dtype="Float64"), "klaar": [True, False]})
    assert controleer_frame(goed, schema) == []
    pct = goed.assign(aandeel=pd.array([25.0, None], dtype="Float64"))  # 25 for 25 %: refused
    assert any("buiten 0..1" in p and "geen percentage" in p for p in controleer_frame(pct, schema))
    tekst = goed.assign(klaar=["ja", "nee"])
    assert any("'klaar'" in p and "bool" in p for p in controleer_frame(tekst, schema))
    p = controleer_frame(goed.assign(extra=1, code=["GM0001", "GM0001"]).drop(columns="klaar"), schema)
    assert any("'extra'" in x for x in p) and any("'klaar' ontbreekt" in x for x in p)
    assert any("niet uniek" in x for x in controleer_frame(goed.assign(code=["GM0001", "GM0001"]), schema))
