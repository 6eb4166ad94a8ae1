"""Unit tests for wzlib.omvang (stap 1): small hand-made tables, values worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wzlib import catalogus, omvang, omvang_tekst
from wzlib.fouten import GegevensOntbreken, ParamsFout
from wzlib.gegevens import Herkomst
from wzlib.groepen import GROEPEN

REGIO = ["GM0001", "GM0002"]


def _bev_rijen(code, jaar, geslacht, aantallen):
    klassen = [(0, 64), (65, 74), (75, 84), (85, None)]
    return [{"gemeentecode": code, "jaar": jaar, "geslacht": geslacht, "leeftijd_van": v, "leeftijd_tot": t,
             "aantal": a} for (v, t), a in zip(klassen, aantallen)]


def _frame(rijen, ints=("jaar", "leeftijd_van", "leeftijd_tot", "aantal")):
    df = pd.DataFrame(rijen)
    for k in df.columns:
        df[k] = df[k].astype("Int64") if k in ints else df[k].astype("string")
    return df


@pytest.fixture
def bevolking():
    rijen = []
    # GM0001: totaal rows (1000 inwoners) plus man/vrouw that add up to 1005 (CBS rounds separately)
    rijen += _bev_rijen("GM0001", 2021, "totaal", [800, 100, 70, 30])
    rijen += _bev_rijen("GM0001", 2021, "man", [405, 50, 30, 10])
    rijen += _bev_rijen("GM0001", 2021, "vrouw", [400, 50, 40, 20])
    # a later year that must not be used for peiljaar 2021
    rijen += _bev_rijen("GM0001", 2022, "totaal", [1, 1, 1, 1])
    # GM0002: only man/vrouw (2500 inwoners)
    rijen += _bev_rijen("GM0002", 2021, "man", [1000, 150, 50, 20])
    rijen += _bev_rijen("GM0002", 2021, "vrouw", [1000, 150, 100, 30])
    # GM0003: outside the regio, part of "Nederland" (500 inwoners)
    rijen += _bev_rijen("GM0003", 2021, "totaal", [400, 50, 40, 10])
    rijen += _bev_rijen("GM0003", 2021, "man", [200, 25, 20, 5])
    rijen += _bev_rijen("GM0003", 2021, "vrouw", [200, 25, 20, 5])
    return _frame(rijen)


@pytest.fixture
def huishoudens_leeftijd():
    def rij(code, van, tot, personen, alleen):
        return {"gemeentecode": code, "jaar": 2020, "leeftijd_van": van, "leeftijd_tot": tot,
                "personen_particuliere_huishoudens": personen, "alleenstaand": alleen}
    rijen = [
        rij("GM0001", 0, 64, 790, 100), rij("GM0001", 65, 74, 95, 20), rij("GM0001", 75, 84, 60, 25),
        rij("GM0001", 85, None, 20, 15),
        rij("GM0002", 0, 64, 1990, 300), rij("GM0002", 65, 74, 290, 50), rij("GM0002", 75, 84, 140, 60),
        rij("GM0002", 85, None, 40, None),  # suppressed cell
    ]
    return _frame(rijen, ints=("jaar", "leeftijd_van", "leeftijd_tot", "personen_particuliere_huishoudens",
                               "alleenstaand"))


def _waarde(df, code, groep, kolom):
    r = df[(df["gemeentecode"] == code) & (df["leeftijdsgroep"] == groep)]
    assert len(r) == 1
    return r[kolom].iloc[0]


def test_inwoners_telt_klassen_op_en_gebruikt_totaal(bevolking):
    inw = omvang.inwoners(bevolking, REGIO, 2021).set_index("gemeentecode")
    assert inw.loc["GM0001", "inwoners"] == 1000  # totaal rows, not man+vrouw (1005)
    assert inw.loc["GM0002", "inwoners"] == 2500  # man + vrouw
    assert (inw["jaar"] == 2021).all()


def test_ouderen_aantallen_en_aandelen(bevolking, huishoudens_leeftijd):
    o = omvang.ouderen(bevolking, huishoudens_leeftijd, REGIO, 2021)
    assert list(o["gemeentecode"].unique()) == REGIO
    assert _waarde(o, "GM0001", "65+", "aantal") == 200
    assert _waarde(o, "GM0001", "75+", "aantal") == 100
    assert _waarde(o, "GM0001", "85+", "aantal") == 30
    assert _waarde(o, "GM0001", "75+", "aandeel") == pytest.approx(0.10)  # 100 / 1000 inwoners, a fraction
    assert _waarde(o, "GM0002", "65+", "aantal") == 500
    assert _waarde(o, "GM0002", "75+", "aandeel") == pytest.approx(0.08)  # 200 / 2500
    assert _waarde(o, "GM0002", "85+", "aandeel") == pytest.approx(0.02)  # 50 / 2500


def test_alleenstaande_ouderen(bevolking, huishoudens_leeftijd):
    o = omvang.ouderen(bevolking, huishoudens_leeftijd, REGIO, 2021)
    assert _waarde(o, "GM0001", "65+", "alleenstaand") == 60
    assert _waarde(o, "GM0001", "65+", "alleenstaand_aandeel") == pytest.approx(60 / 175)
    assert _waarde(o, "GM0001", "75+", "alleenstaand_aandeel") == pytest.approx(0.50)
    assert _waarde(o, "GM0001", "85+", "alleenstaand_aandeel") == pytest.approx(0.75)
    assert _waarde(o, "GM0001", "65+", "alleenstaand_jaar") == 2020  # year of its own table
    # a suppressed 85+ cell makes 65+, 75+ and 85+ unknown for that gemeente: never treated as 0
    assert pd.isna(_waarde(o, "GM0002", "65+", "alleenstaand"))
    assert pd.isna(_waarde(o, "GM0002", "85+", "alleenstaand"))


def test_ouderen_zonder_huishoudens_tabel(bevolking):
    o = omvang.ouderen(bevolking, None, REGIO, 2021)
    assert _waarde(o, "GM0001", "65+", "aantal") == 200
    assert o["alleenstaand"].isna().all()


def test_ouderen_vergelijking_regio_en_nederland_als_som(bevolking, huishoudens_leeftijd):
    o = omvang.ouderen(bevolking, huishoudens_leeftijd, REGIO, 2021, met_vergelijking=True, regio_naam="Testregio")
    assert _waarde(o, "regio", "65+", "aantal") == 700
    assert _waarde(o, "regio", "75+", "aandeel") == pytest.approx(300 / 3500)
    assert _waarde(o, "regio", "85+", "aandeel") == pytest.approx(80 / 3500)
    assert _waarde(o, "regio", "65+", "gebied") == "Testregio"
    # regio alleenstaand: strict, GM0002 is incomplete
    assert pd.isna(_waarde(o, "regio", "65+", "alleenstaand"))
    # Nederland: no NL00 rows, so the sum of all gemeenten in the table (incl. GM0003), labelled so
    assert _waarde(o, "NL00", "65+", "gebied") == omvang.NL_SOM_LABEL
    assert _waarde(o, "NL00", "65+", "aantal") == 800
    assert _waarde(o, "NL00", "65+", "inwoners") == 4000
    assert _waarde(o, "NL00", "65+", "aandeel") == pytest.approx(0.20)
    # ... and lenient on a suppressed cell: 20 + 25 + 15 + 50 + 60 (GM0002 85+ missing)
    assert _waarde(o, "NL00", "65+", "alleenstaand") == 170

    tabel = omvang_tekst.ouderen_overzicht(o, "GM0002")
    assert tabel["Gebied"].tolist() == ["GM0002", "GM0001", "Testregio", omvang.NL_SOM_LABEL]
    assert tabel["Inwoners"].tolist() == [2500, 1000, 3500, 4000]
    assert tabel["75+"].tolist() == [200, 100, 300, 350]
    assert tabel["85+ (%)"].iloc[2] == pytest.approx(80 / 3500)  # shares stay fractions
    alleen = omvang_tekst.ouderen_overzicht(o, "GM0001", "alleenstaand")
    assert list(alleen.columns[:3]) == ["Gebied", "65+ alleenwonend", "65+ alleenwonend (%)"]
    assert alleen["75+ alleenwonend"].iloc[0] == 40
    assert alleen["75+ alleenwonend (%)"].iloc[0] == pytest.approx(0.50)
    with pytest.raises(ParamsFout):
        omvang_tekst.ouderen_overzicht(o, "GM0003")

    # the result table of a gemeente holds only that gemeente's rows and matches the catalogue
    res = omvang.ouderen_resultaat(o, "GM0002")
    assert set(res["gemeentecode"]) == {"GM0002"}
    assert res["leeftijdsgroep"].tolist() == ["65+", "75+", "85+"]
    assert res.set_index("leeftijdsgroep").loc["75+", "aandeel"] == pytest.approx(0.08)
    catalogus.controleer(catalogus.OUDEREN, res, wie="GM0002", waar="in de test")
    with pytest.raises(catalogus.ResultaatFout, match="andere gemeenten"):
        catalogus.controleer(catalogus.OUDEREN, res, wie="GM0001", waar="in de test")


def test_nederland_uit_nl00_regels(bevolking):
    nl = pd.DataFrame(_bev_rijen("NL00", 2021, "totaal", [8000, 1000, 600, 400]))
    b = pd.concat([bevolking, _frame(nl.to_dict("records"))], ignore_index=True)
    o = omvang.ouderen(b, None, REGIO, 2021, met_vergelijking=True)
    assert _waarde(o, "NL00", "65+", "gebied") == omvang.NL_LABEL
    assert _waarde(o, "NL00", "65+", "aantal") == 2000
    assert _waarde(o, "NL00", "75+", "aandeel") == pytest.approx(0.10)  # 1000 / 10000


def test_klasse_over_de_grens_geeft_nederlandse_fout(bevolking):
    b = bevolking.copy()
    b.loc[(b["gemeentecode"] == "GM0001") & (b["leeftijd_van"] == 65), "leeftijd_van"] = 60
    with pytest.raises(GegevensOntbreken, match="60-74.*65"):
        omvang.ouderen(b, None, REGIO, 2021)


def test_piramide_aandelen_per_gebied(bevolking):
    p = omvang.piramide(bevolking, REGIO, "GM0001", 2021, regio_naam="Testregio",
                        gemeentenamen={"GM0001": "Eerstedorp"})
    assert list(dict.fromkeys(p["gebiedscode"])) == ["GM0001", "regio", "NL00"]
    g = p[p["gebiedscode"] == "GM0001"].set_index(["leeftijd_van", "geslacht"])
    assert g.loc[(0, "man"), "aantal"] == 405
    assert g.loc[(0, "man"), "aandeel"] == pytest.approx(405 / 1005)  # man+vrouw total
    assert g["aandeel"].sum() == pytest.approx(1.0)
    r = p[p["gebiedscode"] == "regio"].set_index(["leeftijd_van", "geslacht"])
    assert r.loc[(75, "vrouw"), "aantal"] == 140
    assert r.loc[(75, "vrouw"), "aandeel"] == pytest.approx(140 / 3505)
    assert set(p.loc[p["gebiedscode"] == "regio", "gebied"]) == {"Testregio"}
    assert set(p["leeftijdsklasse"]) == {"0-64", "65-74", "75-84", "85+"}

    delen = omvang_tekst.piramide_delen(p)
    assert delen["naam"] == "Eerstedorp"
    assert list(delen["vergelijk"]) == ["Testregio", omvang.NL_SOM_LABEL]
    assert delen["df"]["aantal"].sum() == 1005


def test_piramide_gemeente_buiten_regio(bevolking):
    with pytest.raises(ParamsFout, match="GM0003"):
        omvang.piramide(bevolking, REGIO, "GM0003", 2021)


# ---------------------------------------------------------------------------------------- groepen
def _lokaal(rijen):
    kol = ["gemeentecode", "groep", "jaar", "aantal", "eenheid", "bron", "toelichting", "instroom_per_jaar",
           "uitstroom_per_jaar", "taakstelling_per_jaar"]
    df = pd.DataFrame([{k: r.get(k) for k in kol} for r in rijen], columns=kol)
    for k in kol:
        df[k] = (df[k].astype("Float64").astype("Int64")
                 if k in ("jaar", "aantal", "instroom_per_jaar", "uitstroom_per_jaar", "taakstelling_per_jaar")
                 else df[k].astype("string"))
    return df


@pytest.fixture
def lokaal():
    return _lokaal([
        {"gemeentecode": "GM0001", "groep": "uitstroom_bw", "jaar": 2020, "aantal": 10, "bron": "BW 2020"},
        {"gemeentecode": "GM0001", "groep": "uitstroom_bw", "jaar": 2021, "aantal": 12, "bron": "BW 2021",
         "uitstroom_per_jaar": 4},
        {"gemeentecode": "GM0002", "groep": "uitstroom_bw", "jaar": 2019, "aantal": 5, "bron": "BW 2019"},
        {"gemeentecode": "GM0002", "groep": "statushouders", "jaar": 2021, "aantal": None,
         "bron": "COA", "toelichting": "onbekend"},
        {"gemeentecode": "GM0001", "groep": "mantelzorg", "jaar": 2021, "aantal": 3, "bron": "WRV"},
        {"gemeentecode": "GM0009", "groep": "uitstroom_bw", "jaar": 2021, "aantal": 99, "bron": "elders"},
    ])


SCOPE = ["uitstroom_bw", "statushouders", "mantelzorg", "ouderen_75"]


@pytest.fixture
def groepen_tabel(bevolking, lokaal):
    o = omvang.ouderen(bevolking, None, REGIO, 2021)
    inw = omvang.inwoners(bevolking, REGIO, 2021)
    return omvang.groepen_omvang(lokaal, o, inw, REGIO, 2021, SCOPE, bron_bevolking="CBS 03759ned")


def _g(df, code, groep):
    r = df[(df["gemeentecode"] == code) & (df["groep"] == groep)]
    assert len(r) == 1
    return r.iloc[0]


def test_groepen_in_scope():
    assert omvang.groepen_in_scope(None) == list(GROEPEN)
    assert omvang.groepen_in_scope(["statushouders", "uitstroom_bw"]) == ["uitstroom_bw", "statushouders"]
    with pytest.raises(ParamsFout, match=r"groepen\[1\].*uitstroom_bww.*uitstroom_bw"):
        omvang.groepen_in_scope(["statushouders", "uitstroom_bww"])


def test_groepen_omvang(groepen_tabel):
    t = groepen_tabel
    assert len(t) == len(SCOPE) * len(REGIO)  # every group in scope, every gemeente: one row
    assert set(t["groep"]) == set(SCOPE)
    r = _g(t, "GM0001", "uitstroom_bw")
    assert (r["aantal"], r["jaar"], r["bron"], r["status"]) == (12, 2021, "BW 2021", omvang.LOKAAL)
    assert r["per_1000"] == pytest.approx(12.0)  # 12 / 1000 inwoners
    assert r["uitstroom_per_jaar"] == 4
    r = _g(t, "GM0002", "uitstroom_bw")
    assert (r["aantal"], r["jaar"]) == (5, 2019)  # only year there is
    assert r["per_1000"] == pytest.approx(2.0)  # 5 / 2500
    r = _g(t, "GM0002", "statushouders")
    assert r["status"] == omvang.ONTBREEKT and pd.isna(r["aantal"]) and r["toelichting"] == "onbekend"
    r = _g(t, "GM0001", "statushouders")
    assert r["status"] == omvang.ONTBREEKT and r["bron"] == ""
    r = _g(t, "GM0001", "ouderen_75")
    assert (r["aantal"], r["status"], r["bron"]) == (100, omvang.OPEN, "CBS 03759ned")
    assert r["per_1000"] == pytest.approx(100.0)
    assert "GM0009" not in set(t["gemeentecode"])


def test_groepen_zonder_lokale_invoer(bevolking):
    inw = omvang.inwoners(bevolking, REGIO, 2021)
    t = omvang.groepen_omvang(None, None, inw, REGIO, 2021, ["woonwagenbewoners", "ouderen_65"])
    assert (t["status"] == omvang.ONTBREEKT).all()
    assert t["aantal"].isna().all()


def test_groepen_regio_en_vergelijking(groepen_tabel, bevolking):
    inw = omvang.inwoners(bevolking, REGIO, 2021)
    r = omvang.groepen_regio(groepen_tabel, inw).set_index("groep")
    assert r.loc["uitstroom_bw", "aantal"] == 17
    assert r.loc["uitstroom_bw", "per_1000"] == pytest.approx(1000 * 17 / 3500)
    assert r.loc["mantelzorg", "per_1000"] == pytest.approx(3.0)  # over GM0001 only (1000 inwoners)
    assert r.loc["mantelzorg", "volledigheid"] == pytest.approx(0.50)
    assert pd.isna(r.loc["statushouders", "aantal"]) and r.loc["statushouders", "met_cijfer"] == 0

    o = omvang.ouderen(bevolking, None, REGIO, 2021, met_vergelijking=True)
    v = omvang_tekst.groepen_vergelijking(groepen_tabel, inw, "GM0002", o).set_index("groep")
    bw = v.loc[GROEPEN["uitstroom_bw"].label]
    assert bw["regio_volledig"] == "2 van 2" and bw["regio_aantal"] == 17
    assert pd.isna(bw["nl_per_1000"])  # no national source for local groups
    oud = v.loc[GROEPEN["ouderen_75"].label]
    assert oud["aantal"] == 200
    assert oud["nl_per_1000"] == pytest.approx(1000 * 350 / 4000)  # NL = GM0001-3: 100 + 200 + 50


def test_beschikbaarheid(groepen_tabel):
    b = omvang.beschikbaarheid(groepen_tabel, SCOPE).set_index("groep")
    assert list(b.index) == list(GROEPEN)  # every group of the registry, scope or not
    assert b.loc["uitstroom_bw", "status"] == omvang.LOKAAL
    assert b.loc["uitstroom_bw", "jaar"] == "2019-2021"
    assert b.loc["uitstroom_bw", "lokale_bron"] == "BW 2019; BW 2021"
    assert b.loc["uitstroom_bw", "volledigheid"] == pytest.approx(1.0)
    assert b.loc["mantelzorg", "status"] == "deels " + omvang.LOKAAL
    assert b.loc["mantelzorg", "volledigheid"] == pytest.approx(0.50)
    assert b.loc["statushouders", "status"] == omvang.ONTBREEKT
    assert b.loc["statushouders", "lokale_bron"].startswith("suggestie:")
    assert b.loc["statushouders", "open_bron"].startswith("CBS 85980NED")
    assert b.loc["ouderen_75", "status"] == omvang.OPEN and bool(b.loc["ouderen_75", "open_ingelezen"])
    assert b.loc["woonwagenbewoners", "status"] == "buiten de analyse"
    assert not bool(b.loc["woonwagenbewoners", "in_analyse"])
    assert b.loc["woonwagenbewoners", "open_bron"] == "geen"
    catalogus.controleer(catalogus.BESCHIKBAARHEID, b.reset_index(), wie="GM0001", waar="in de test")

    ov = omvang_tekst.beschikbaarheid_overzicht(omvang.beschikbaarheid(groepen_tabel, SCOPE))
    assert set(ov["in_analyse"]) == {"ja", "nee"}
    assert list(ov.columns) == list(omvang_tekst.BESCHIKBAARHEID_NAMEN)

    m = omvang_tekst.beschikbaarheid_per_gemeente(groepen_tabel, {"GM0001": "Eerstedorp"})
    assert list(m.columns) == ["Groep", "Eerstedorp", "GM0002"]
    rij = m[m["Groep"] == GROEPEN["mantelzorg"].label].iloc[0]
    assert (rij["Eerstedorp"], rij["GM0002"]) == ("lokaal", "ontbreekt")


def test_herkomst_jaar():
    h = Herkomst(tabel="woningen", soort="invoer", bron="CBS 85039NED; CBS 85318NED [woningen_gemeente.csv]",
                 periode="2021-2022")
    df = _frame([{"gemeentecode": "GM0001", "jaar": 2021, "bron": "CBS 85039NED"},
                 {"gemeentecode": "GM0001", "jaar": 2022, "bron": "CBS 85318NED"}], ints=("jaar",))
    h2 = omvang_tekst.herkomst_jaar([h], df, 2022)
    assert h2.bron == "CBS 85318NED [woningen_gemeente.csv]"
    assert h2.periode == "1 januari 2022"
    assert omvang_tekst.herkomst_jaar([], df, 2022) is None


def test_lokale_bron_en_lokale_invoer(tmp_path):
    h = Herkomst(tabel="aandachtsgroepen", soort="lokaal", bron="aandachtsgroepen.csv")
    assert omvang_tekst.lokale_bron([h]) == [h]
    assert omvang_tekst.lokale_bron([]) == [omvang_tekst.NIET_AANGELEVERD]

    # a regio without a lokaal folder: A.lokaal gives empty inputs (every group "ontbreekt"), no error
    import wzlib.analyse

    voorbeeld = Path(__file__).resolve().parents[1] / "data" / "voorbeeld"
    pad = tmp_path / "params" / "regios" / "zonderlokaal.yaml"
    pad.parent.mkdir(parents=True)
    pad.write_text(f"naam: Z\npeiljaar: 2024\nfictief: true\nbron: {{soort: voorbeeld, map: {voorbeeld}}}\n"
                   f"kengetallen_bestand: {voorbeeld.parents[1] / 'params' / 'kengetallen.yaml'}\n"
                   "gemeenten: [GM9901]\n", encoding="utf-8")
    A = wzlib.analyse.open(str(pad), gemeente="GM9901", stap="omvang")
    leeg = A.lokaal
    assert leeg.aandachtsgroepen.empty and leeg.aanbod.empty
    assert list(A.namen) == ["GM9901"]  # {code: naam} of the regio's gemeenten (was omvang.gemeentenamen)


def test_resultaattabellen_en_namen(groepen_tabel):
    r = omvang.groepen_resultaat(groepen_tabel, "GM0001")
    assert list(r.columns[:9]) == ["gemeentecode", "groep", "label", "eenheid", "aantal", "per_1000", "bron", "jaar",
                                   "status"]
    assert set(r["gemeentecode"]) == {"GM0001"}  # only the gemeente's own rows
    assert set(r["groep"]) == set(SCOPE) and len(r) == len(SCOPE)
    catalogus.controleer(catalogus.GROEPEN_OMVANG, r, wie="GM0001", waar="in de test")

    assert omvang.klasse_label(95, pd.NA) == "95+" and omvang.klasse_label(0, 4) == "0-4"


def _huishoudens(rijen):
    df = pd.DataFrame(rijen, columns=["gemeentecode", "jaar", "huishoudens_totaal", "eenpersoons", "meerpersoons"])
    return df.astype({"gemeentecode": "string", "jaar": "Int64", "huishoudens_totaal": "Int64",
                      "eenpersoons": "Int64", "meerpersoons": "Int64"})


def test_huishoudens_gemeente_regio_nederland():
    h = _huishoudens([("GM0001", 2020, 400, 160, 240), ("GM0002", 2020, 1000, 300, 700),
                      ("GM0003", 2020, 600, 300, 300), ("GM0001", 2022, 1, 1, 0)])
    t = omvang.huishoudens(h, REGIO, 2021, regio_naam="Testregio", gemeentenamen={"GM0001": "Eerstedorp"})
    r = t.set_index("gemeentecode")
    assert (t["jaar"] == 2020).all()  # latest year <= peiljaar, not the peiljaar itself
    assert r.loc["GM0001", "gebied"] == "Eerstedorp" and r.loc["GM0001", "huishoudens_totaal"] == 400
    assert r.loc["GM0001", "eenpersoons_aandeel"] == pytest.approx(0.4)  # 160 / 400, a fraction
    assert r.loc["regio", "huishoudens_totaal"] == 1400 and r.loc["regio", "eenpersoons"] == 460
    assert r.loc["regio", "eenpersoons_aandeel"] == pytest.approx(460 / 1400)  # from the sums: weighted
    # no NL00 row: Nederland is the sum of all gemeenten in the table, labelled so
    assert r.loc["NL00", "huishoudens_totaal"] == 2000 and r.loc["NL00", "gebied"] == omvang.NL_SOM_LABEL
    # a gemeente without a row: unknown in the regio, never 0
    t2 = omvang.huishoudens(h[h["gemeentecode"] != "GM0002"], REGIO, 2021).set_index("gemeentecode")
    assert pd.isna(t2.loc["GM0002", "huishoudens_totaal"]) and pd.isna(t2.loc["regio", "huishoudens_totaal"])
    # display: own gemeente first, year in the title, and the bevolking year when it differs
    o = omvang_tekst.huishoudens_overzicht(t, "GM0002")
    assert list(o["Gebied"])[:2] == ["GM0002", "Eerstedorp"] and list(o.columns)[1] == "Huishoudens"
    assert "1 januari 2020 (bevolking: 1 januari 2021)" in omvang_tekst.huishoudens_titel(t, "X", 2021)
    assert "(bevolking" not in omvang_tekst.huishoudens_titel(t, "X", 2020)
    # without the table: empty, and the title says the figures are missing
    leeg = omvang.huishoudens(None, REGIO, 2021)
    assert leeg.empty and "geen cijfers" in omvang_tekst.huishoudens_titel(leeg, "X", 2021)
    assert omvang_tekst.huishoudens_overzicht(leeg, "GM0001").empty


def test_alleenwonend_titel_noemt_beide_jaren(bevolking, huishoudens_leeftijd):
    o = omvang.ouderen(bevolking, huishoudens_leeftijd, REGIO, 2021)
    hj, bj = int(o["alleenstaand_jaar"].iloc[0]), int(o["jaar"].iloc[0])
    titel = omvang_tekst.alleenwonend_titel(o, "X")
    assert f"1 januari {hj}" in titel
    assert (f"bevolking: 1 januari {bj}" in titel) == (hj != bj)
    assert "1 januari" not in omvang_tekst.alleenwonend_titel(omvang.ouderen(bevolking, None, REGIO, 2021), "X")
