"""The registry of groups and woonvormen (wzlib.groepen)."""

from __future__ import annotations

import pytest

from wzlib.fouten import WzFout
from wzlib.groepen import (GROEPEN, WOONVORMEN, Groep, OnbekendeSleutel, definitie_optie, groep,
                           groepen_van_soort, lokale_groepen, suggesties, woonvorm)

VERWACHTE_GROEPEN = {
    "dak_thuislozen", "uitstroom_bw", "uitstroom_mo", "uitstroom_ggz", "uitstroom_jeugdzorg",
    "uitstroom_detentie", "medische_urgentie", "sociale_urgentie", "mantelzorg", "huiselijk_geweld",
    "sekswerkers", "statushouders", "studenten", "arbeidsmigranten", "woonwagenbewoners",
    "ouderen_65", "ouderen_75", "ouderen_85",
}
VERWACHTE_WOONVORMEN = {"nultreden", "geclusterd", "verpleegzorg", "beschermd_wonen", "opvang",
                        "woonwagenstandplaats", "studentenwoning", "arbeidsmigranten", "sociale_huur"}


def test_alle_groepen_en_woonvormen_aanwezig():
    assert set(GROEPEN) == VERWACHTE_GROEPEN
    assert set(WOONVORMEN) == VERWACHTE_WOONVORMEN


@pytest.mark.parametrize("sleutel", sorted(VERWACHTE_GROEPEN))
def test_groep_velden_geldig(sleutel):
    g = GROEPEN[sleutel]
    assert isinstance(g, Groep) and g.sleutel == sleutel
    assert g.label and g.hoofdgroep and g.aantal_omschrijving
    assert g.soort in ("aandachtsgroep", "urgent", "ouderen")
    assert g.eenheid in ("personen", "huishoudens")
    assert g.woonvormen and all(w in WOONVORMEN for w in g.woonvormen)
    assert isinstance(g.wettelijk, bool)
    if g.open_bron is not None:
        assert g.open_bron_niveau, "bij een open bron hoort het niveau"
        assert g.open_bron[:5].isdigit() and g.open_bron.lower().endswith("ned")
    if g.wettelijk_urgent:
        assert g.wettelijk and g.soort == "urgent"
    if g.soort == "ouderen":
        assert g.leeftijd_van in (65, 75, 85) and not g.lokale_invoer and not g.wettelijk
    else:
        assert g.lokale_invoer and g.lokale_bron_suggestie


def test_enkele_bekende_feiten():
    assert GROEPEN["statushouders"].open_bron == "85980NED"
    assert GROEPEN["studenten"].open_bron == "85980NED"
    assert GROEPEN["uitstroom_detentie"].open_bron == "85980NED"
    assert GROEPEN["dak_thuislozen"].open_bron is None
    assert GROEPEN["sociale_urgentie"].wettelijk is False
    assert GROEPEN["uitstroom_bw"].wettelijk_urgent
    assert "studentenwoning" in GROEPEN["studenten"].woonvormen
    assert "woonwagenstandplaats" in GROEPEN["woonwagenbewoners"].woonvormen
    assert [g.sleutel for g in groepen_van_soort("ouderen")] == ["ouderen_65", "ouderen_75", "ouderen_85"]
    assert set(lokale_groepen()) == VERWACHTE_GROEPEN - {"ouderen_65", "ouderen_75", "ouderen_85"}


def test_geclusterd_definities():
    gc = WOONVORMEN["geclusterd"]
    assert gc.definitie_verplicht
    assert any("≥5" in d and "RIGO" in d for d in gc.definitie_opties)
    assert any("≥12" in d and "CBS" in d for d in gc.definitie_opties)
    for w in WOONVORMEN.values():
        assert w.label and w.eenheid and w.omschrijving


@pytest.mark.parametrize("tekst, verwacht", [
    ("≥5 wooneenheden (RIGO)", "≥5 wooneenheden (RIGO)"),
    (">=5 wooneenheden", "≥5 wooneenheden (RIGO)"),
    ("≥ 5", "≥5 wooneenheden (RIGO)"),
    ("5+", "≥5 wooneenheden (RIGO)"),
    ("rigo", "≥5 wooneenheden (RIGO)"),
    ("≥12 wooneenheden", "≥12 wooneenheden (CBS)"),
    ("CBS", "≥12 wooneenheden (CBS)"),
    ("6", None),
    ("", None),
])
def test_definitie_optie(tekst, verwacht):
    assert definitie_optie("geclusterd", tekst) == verwacht


def test_groep_en_woonvorm_opzoeken():
    assert groep("statushouders").label.startswith("Statushouders")
    assert woonvorm("geclusterd").eenheid == "wooneenheden"


@pytest.mark.parametrize("fout, tip", [
    ("statushouder", "statushouders"),
    ("BW", "uitstroom_bw"),
    ("vrouwenopvang", "huiselijk_geweld"),
    ("daklozen", "dak_thuislozen"),
    ("uitstroom_ggzz", "uitstroom_ggz"),
])
def test_onbekende_groep_geeft_suggestie(fout, tip):
    with pytest.raises(OnbekendeSleutel) as e:
        groep(fout)
    tekst = str(e.value)
    assert f"Onbekende groep '{fout}'" in tekst and f"Bedoelde u: {tip}" in tekst
    assert isinstance(e.value, KeyError) and isinstance(e.value, WzFout)
    assert suggesties(fout, GROEPEN)[0] == tip


def test_onbekende_woonvorm_geeft_suggestie():
    with pytest.raises(KeyError, match="Bedoelde u: geclusterd"):
        woonvorm("geclusterde_woonvorm")
    with pytest.raises(OnbekendeSleutel, match="Bekende woonvormen: nultreden"):
        woonvorm("xyz")
