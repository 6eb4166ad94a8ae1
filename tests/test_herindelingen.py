"""Gemeentelijke herindelingen: tables of an older indeling brought to the gemeenten of gemeenten.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wzlib.bronnen import herindelingen as H

ECHT = Path(__file__).resolve().parents[2] / "shared" / "data" / "echt"


def _bevolking(rijen) -> pd.DataFrame:
    df = pd.DataFrame(rijen, columns=["gemeentecode", "jaar", "geslacht", "leeftijd_van", "leeftijd_tot", "aantal",
                                      "bron"])
    return df.astype({"gemeentecode": "string", "jaar": "Int64", "geslacht": "string", "leeftijd_van": "Int64",
                      "leeftijd_tot": "Int64", "aantal": "Int64", "bron": "string"})


def test_voorgangers_worden_bij_de_opvolger_geteld_alleen_voor_de_jaren_voor_de_herindeling():
    df = _bevolking([
        ("GM0398", 2021, "man", 0, 4, 100, "CBS a"), ("GM0416", 2021, "man", 0, 4, 50, "CBS b"),
        ("GM0398", 2021, "man", 95, None, 7, "CBS a"), ("GM0416", 2021, "man", 95, None, None, "CBS b"),
        ("GM0363", 2021, "man", 0, 4, 1000, "CBS a"), ("GM0457", 2021, "man", 0, 4, 20, "CBS a"),
        ("GM1980", 2022, "man", 0, 4, 160, "CBS c"),  # already in the new indeling: left as it is
        ("GM0014", 2021, "man", 0, 4, 5, "CBS a"),
        ("GM0501", 2021, "man", 0, 4, 9, "CBS a"),  # successor Voorne aan Zee not among the gemeenten
    ])
    uit, toegepast = H.naar_indeling_tabel(df, H.OPTELBAAR["bevolking"], {"GM1980", "GM0363", "GM0014"})
    assert {h.code for h in toegepast} == {"GM1980", "GM0363"}
    w = {(r.gemeentecode, r.jaar, r.leeftijd_van): r.aantal for r in uit.itertuples()}
    assert w[("GM1980", 2021, 0)] == 150 and w[("GM0363", 2021, 0)] == 1020
    assert pd.isna(w[("GM1980", 2021, 95)])  # 7 + unknown is unknown, not 7
    assert w[("GM1980", 2022, 0)] == 160 and w[("GM0014", 2021, 0)] == 5 and w[("GM0501", 2021, 0)] == 9
    assert not uit["gemeentecode"].isin(["GM0398", "GM0416", "GM0457"]).any()
    assert uit.dtypes.to_dict() == df.dtypes.to_dict() and len(uit) == len(df) - 3
    assert uit.loc[(uit.gemeentecode == "GM1980") & (uit.jaar == 2021) & (uit.leeftijd_van == 0), "bron"].item() \
        == "CBS a; CBS b"
    assert "Heerhugowaard en Langedijk bij Dijk en Waard (GM1980) geteld (herindeling 1 januari 2022)" \
        in H.beschrijving(toegepast)


def test_verantwoording_noemt_alleen_de_herindelingen_van_de_eigen_regio():
    from wzlib.gegevens import Herkomst

    toegepast = [h for h in H.HERINDELINGEN if h.code in {"GM1980", "GM0363"}]
    h = Herkomst(tabel="bevolking", soort="invoer", bron="CBS 83502NED [bevolking.csv]", titel="Bevolking",
                 periode="1 januari 2021", opgehaald="2026-12-04T10:00:00",
                 detail="CBS 83502NED, som PC4 [bevolking.csv]; " + H.beschrijving(toegepast))
    alkmaar = H.voor_regio(h, {"GM0361", "GM1980"})
    assert alkmaar.detail == ("CBS 83502NED, som PC4 [bevolking.csv]; Naar de gemeentelijke indeling van "
                              "gemeenten.csv gebracht: Heerhugowaard en Langedijk bij Dijk en Waard (GM1980) geteld "
                              "(herindeling 1 januari 2022).")
    assert H.voor_regio(h, {"GM0392"}).detail == "CBS 83502NED, som PC4 [bevolking.csv]"  # Haarlem: none
    assert H.voor_regio(alkmaar, {"GM0361", "GM1980"}) == alkmaar  # idempotent
    zonder = Herkomst(tabel="wijken", soort="invoer", bron="x", titel="x", periode="", opgehaald="")
    assert H.voor_regio(zonder, {"GM0392"}) is zonder


def test_tabel_zonder_voorgangers_blijft_hetzelfde_object():
    df = _bevolking([("GM0014", 2021, "man", 0, 4, 5, "CBS a")])
    uit, toegepast = H.naar_indeling_tabel(df, H.OPTELBAAR["bevolking"], {"GM0014", "GM1980"})
    assert uit is df and toegepast == []


@pytest.mark.echt
def test_herindelingen_kloppen_met_de_echte_gegevens():
    """The listed mergers are exactly the codes that disappear and appear between the indeling of bevolking.csv
    (2021) and households (2020) and gemeenten.csv (2023), and each successor's population on 1 January of the
    merger is the sum of its parts on 31 December before (CBS 37259eng, within 0,2 %)."""
    if not (ECHT / "gemeenten.csv").is_file():
        pytest.skip(f"{ECHT} ontbreekt")
    gemeenten = set(pd.read_csv(ECHT / "gemeenten.csv", dtype=str)["gemeentecode"])
    for bestand, jaar in (("bevolking.csv", 2021), ("huishoudens.csv", 2020)):
        codes = set(pd.read_csv(ECHT / bestand, dtype=str)["gemeentecode"]) - {"NL00"}
        latere = [h for h in H.HERINDELINGEN if h.jaar > jaar]
        assert codes - gemeenten - {"GM0788"} == {c for h in latere for c, _ in h.voorgangers}, bestand  # Haaren: split
        assert gemeenten - codes == {h.code for h in latere if h.code not in codes}, bestand
    ontw = pd.read_csv(ECHT / "bevolkingsontwikkeling.csv", dtype={"gemeentecode": str})
    ontw = ontw.set_index(["gemeentecode", "jaar"])
    for h in H.HERINDELINGEN:
        delen = [c for c, _ in h.voorgangers] + ([h.code] if (h.code, h.jaar - 1) in ontw.index else [])
        na = ontw.loc[(h.code, h.jaar), "bevolking_1jan"]
        eind = [ontw.loc[(c, h.jaar - 1), "bevolking_31dec"] for c in delen]
        if all(pd.notna(eind)):  # merged on 1 January: the parts on 31 December are the whole on 1 January
            assert abs(na - sum(eind)) <= 0.002 * na, (h.naam, sum(eind), na)
        else:  # merged during the year before (Weesp): the parts a year earlier, plus less than 3 % growth
            begin = sum(ontw.loc[(c, h.jaar - 1), "bevolking_1jan"] for c in delen)
            assert 1.0 <= na / begin < 1.03, (h.naam, begin, na)


@pytest.mark.echt
def test_echte_invoermap_heeft_bevolking_voor_elke_gemeente():
    """Read as the toolkit reads it, the real import folder has a population of 1 January 2021 for every gemeente
    of 2023, Dijk en Waard as Heerhugowaard + Langedijk, and says so in the provenance."""
    if not (ECHT / "gemeenten.csv").is_file():
        pytest.skip(f"{ECHT} ontbreekt")
    from wzlib.bronnen.invoer import lees_map

    g = lees_map(ECHT)
    bev = g["bevolking"]
    assert set(g["gemeenten"]["gemeentecode"]) <= set(bev["gemeentecode"])
    ruw = pd.read_csv(ECHT / "bevolking.csv", dtype={"gemeentecode": str})
    som = lambda codes: int(ruw[ruw.gemeentecode.isin(codes) & (ruw.geslacht == "totaal")]["aantal"].sum())  # noqa: E731
    assert int(bev[(bev.gemeentecode == "GM1980") & (bev.geslacht == "totaal")]["aantal"].sum()) \
        == som(["GM0398", "GM0416"]) > 80000
    assert "Heerhugowaard en Langedijk bij Dijk en Waard (GM1980) geteld" in g.herkomst["bevolking"].detail
    assert "Weesp bij Amsterdam (GM0363) geteld (herindeling 1 januari 2023)" in g.herkomst["bevolking"].detail
    assert not bev.duplicated(["gemeentecode", "jaar", "geslacht", "leeftijd_van"]).any()
