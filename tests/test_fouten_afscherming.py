"""Foutencorpus, afscherming: tabellen waarin een afgeschermd klein aantal terug te rekenen zou zijn uit wat er
wél staat (totalen, verschillen, groei, percentages, een ander rapport). Elk geval maakt de tabel zoals een
rapport dat doet (``tabel(...).to_html()``), leest hem terug zoals een lezer en laat de aanval van
``test_afscherming_aanval`` erop los: geen enkele afgeschermde cel mag terug te rekenen zijn."""

from __future__ import annotations

import pandas as pd
import pytest

from foutcorpus import Geval
from test_afscherming_aanval import aanval, html_tabellen
from wzlib import confrontatie_tekst, omvang_tekst, prognose_tekst, spreiding_tekst
from wzlib.confrontatie_regio_tekst import regio_afscherming, tekort_afscherming
from wzlib.groepen import WOONVORMEN
from wzlib.presentatie.afscherming import Regels
from wzlib.presentatie.tabellen import tabel

R = Regels()
NAMEN = {"GM1": "Aadorp", "GM2": "Beekdal", "GM3": "Cranendonk"}


def _aanval(*tabellen, bron: str = "GM1_x.html") -> dict:
    html = "".join(t.to_html() for t in tabellen)
    return aanval({bron: html_tabellen(html, bron)}, NAMEN, "Regio X")


def _regio_min_gemeenten():
    df = pd.DataFrame({"Woonvorm": ["Opvang"], "Aadorp": [4.0], "Beekdal": [25.0], "Cranendonk": [40.0], "Regio": [69.0]})
    t = tabel(df, bron="test", regels=R, tellingen=["Aadorp", "Beekdal", "Cranendonk", "Regio"], kwetsbaar=True,
              totaal_kolom="Regio")
    assert t.weergave.iloc[0].tolist() == ["Opvang", "<10", "•", "40", "69"]
    return [t]


def _groepstotaal():
    df = pd.DataFrame({"Groep": ["beschermd wonen", "opvang", "uitstroom GGZ", "Totaal"],
                       "Aantal": [6.0, 31.0, 18.0, 55.0]})
    t = tabel(df, bron="test", regels=R, tellingen=["Aantal"], kwetsbaar=True, totaal_rij="Totaal")
    assert t.weergave["Aantal"].tolist() == ["<10", "31", "•", "55"]
    return [t]


def _afgeschermd_totaal():
    df = pd.DataFrame({"Woonvorm": ["Opvang"], "Aadorp": [12.0], "Beekdal": [-8.0], "Regio": [4.0]})
    t = tabel(df, bron="test", regels=R, tellingen=["Aadorp", "Beekdal", "Regio"], kwetsbaar=True, totaal_kolom="Regio")
    assert t.weergave.iloc[0].tolist() == ["Opvang", "12", "•", "<10"]
    return [t]


def _tekort_verschil():
    ov = pd.DataFrame({"Woonvorm": ["Beschermd wonen"], "Eenheid": ["plaatsen"], "Aanbod nu": [20.0],
                       "Vraag 2024": [7.0], "Tekort 2024": [-13.0], "Vraag 2034": [12.0],
                       "Plannen t/m 2034": [4.0], "Tekort 2034": [-12.0], "Methode": ["vraagraming"]})
    t = tabel(ov, bron="test", regels=R, tellingen=confrontatie_tekst.telkolommen(ov), kwetsbaar=True,
              tekst=["Eenheid", "Methode"], **confrontatie_tekst.overzicht_afscherming(ov))
    assert t.weergave.at[0, "Plannen t/m 2034"] == "4" and t.weergave.at[0, "Vraag 2024"] == "<10"
    return [t]


def _instroom_uitstroom():
    jaren = list(range(2024, 2045))
    gp = pd.DataFrame({"gemeentecode": "GM1", "groep": "uitstroom_bw", "jaar": jaren,
                       "aantal": [4.0 + (j - 2024) for j in jaren], "eenheid": "personen",
                       "methode": ["lokale invoer (2024)"] + ["instroom − uitstroom uit de lokale invoer (2 − 1 per jaar)"] * 20})
    g = prognose_tekst.groepen_tabel(gp, "GM1", 2024, klein=R.drempel_kwetsbaar)
    t = tabel(g, bron="test", regels=R, titel="Aandachtsgroepen in Aadorp: nu en over 10 en 20 jaar", kwetsbaar=True,
              tellingen=prognose_tekst.telkolommen(g), relaties=prognose_tekst.groepen_relaties(g),
              tekst=["startjaar", "methode"])
    assert "2 − 1" not in t.to_html() and t.weergave.at[0, "aantal start"] == "<10"
    return [t]


def _kleine_noemer():
    df = pd.DataFrame({"Wijk": ["Hofje", "Centrum"], "Inwoners": [25.0, 4000.0], "65+": [10.0, 900.0],
                       "Aandeel 65+": [0.4, 0.225]})
    t = tabel(df, bron="test", regels=R, tellingen=["Inwoners", "65+"], pcts=["Aandeel 65+"],
              noemers={"Aandeel 65+": "Inwoners"})
    assert t.weergave["Aandeel 65+"].tolist() == ["n<50", "22,5%"]
    return [t]


def _gemeente_en_regiorapport():
    """The regio table must hide what the gemeente report hides (there: vraag <10, so tekort goes too)."""
    conf = pd.DataFrame({"gemeentecode": ["GM1"] * 2 + ["GM2"] * 2 + ["GM3"] * 2, "woonvorm": "beschermd_wonen",
                         "jaar": [2024, 2034] * 3, "variant": "midden", "vraag": [7.0, 8.0, 30.0, 35.0, 40.0, 45.0],
                         "aanbod": [5.0, 5.0, 20.0, 20.0, 30.0, 30.0], "plan_cumulatief": [0.0, 1.0, 0.0, 2.0, 0.0, 3.0],
                         "methode": "vraagraming"})
    conf["tekort_met_plan"] = conf["vraag"] - conf["aanbod"] - conf["plan_cumulatief"]
    patronen = {c: confrontatie_tekst.overzicht_patroon(
        confrontatie_tekst.overzicht(conf[conf["gemeentecode"] == c], peiljaar=2024, horizon=(0, 10)), R)
        for c in NAMEN}
    label = WOONVORMEN["beschermd_wonen"].label
    per = pd.DataFrame({"Woonvorm": [label], "Eenheid": ["plaatsen"], "Aadorp": [2.0], "Beekdal": [13.0],
                        "Cranendonk": [12.0], "Regio": [27.0]})
    som = conf.groupby(["woonvorm", "jaar", "variant", "methode"], as_index=False)[
        ["vraag", "aanbod", "plan_cumulatief", "tekort_met_plan"]].sum()
    ov = confrontatie_tekst.overzicht(som, peiljaar=2024, horizon=(0, 10))
    vast = regio_afscherming(ov, patronen)
    regio = confrontatie_tekst.overzicht_patroon(ov, R, **vast)

    class RR:  # the few fields of Regioresultaten the helper reads
        namen = NAMEN
        zonder_resultaat: list = []

    t = tabel(per, bron="test", regels=R, titel="Tekort (+) of overschot (−) na plannen per gemeente, 2034 (middenvariant)",
              tellingen=["Aadorp", "Beekdal", "Cranendonk", "Regio"], kwetsbaar=True, tekst=["Eenheid"],
              **tekort_afscherming(per, RR, patronen, regio, jaar=2034))
    assert t.weergave.at[0, "Aadorp"] == "<10" and t.weergave.at[0, "Regio"] in ("•", "<10")
    return [t]


def _aandeel_in_de_regio():
    conc = pd.DataFrame({"groep": "dakloos", "gemeentecode": list(NAMEN), "aantal": [6.0, 265.0, 72.0],
                         "per_1000_inwoners": [0.5, 2.3, 1.2], "per_1000_sociale_huur": [3.7, 12.4, 7.3],
                         "aandeel_regio": [6 / 343, 265 / 343, 72 / 343], "aandeel_inwoners": [0.05, 0.6, 0.35],
                         "concentratie_index": [0.35, 1.29, 0.6]})
    cd = spreiding_tekst.concentratie_details(conc, NAMEN)
    t = tabel(cd, bron="test", regels=R, titel="Aantallen, dichtheden en aandelen per groep en gemeente",
              tellingen=["Aantal"], kwetsbaar=True, pcts=["Aandeel in de regio", "Aandeel inwoners"],
              **spreiding_tekst.concentratie_afscherming(cd, conc, R.drempel_kwetsbaar, NAMEN))
    rij = t.weergave.iloc[0].tolist()
    assert rij[2] == "<10" and rij[3] == rij[4] == rij[5] == "•"  # rates and share of the small count
    assert t.weergave["Aandeel in de regio"].tolist() == ["•", "•", "•"]  # the regio total stays hidden
    return [t]


def _regio_aantal_omvang():
    groepen = pd.DataFrame({"gemeentecode": list(NAMEN), "label": "Dak- en thuislozen", "aantal": [6.0, 265.0, 72.0]})
    verg = pd.DataFrame({"groep": ["Dak- en thuislozen"], "aantal": [6.0], "per_1000": [0.5], "regio_aantal": [343.0],
                         "regio_per_1000": [1.4]})
    t = tabel(verg, bron="test", regels=R, tellingen=["aantal", "regio_aantal"], kwetsbaar=True,
              tellers={"per_1000": "aantal", "regio_per_1000": "regio_aantal"},
              **omvang_tekst.regio_afscherming(verg, groepen, R.drempel_kwetsbaar))
    assert t.weergave.iloc[0].tolist() == ["Dak- en thuislozen", "<10", "•", "•", "•"]
    return [t]


def _logboek_correcties():
    """A partner corrected the aanbod of opvang to 14; the overview after corrections hides it (the vraag 7
    is below the threshold): the log must not show the new value either."""
    ov = pd.DataFrame({"Woonvorm": [WOONVORMEN["opvang"].label], "Eenheid": ["plaatsen"], "Aanbod nu": [14.0],
                       "Vraag 2024": [7.0], "Tekort 2024": [-7.0], "Methode": ["vraagraming"]})
    patroon = confrontatie_tekst.overzicht_patroon(ov, R)
    audit = pd.DataFrame({"bevinding": ["GM1-aanbod-opvang"], "partner": ["Zorgkantoor"], "oud": [20.0],
                          "nieuw": [14.0], "reden": ["telling"], "bron": ["register"], "datum": ["2024-05-01"],
                          "status": ["toegepast"]})
    at = confrontatie_tekst.audit_tabel(audit)
    t = tabel(at, bron="test", regels=R, tellingen=["Oud", "Nieuw"], kwetsbaar=True,
              tekst=["Bevinding", "Partner", "Reden", "Bron partner", "Datum", "Status"],
              **confrontatie_tekst.audit_afscherming(at, audit, {"GM1": [patroon]}))
    assert patroon.waarden.at[0, "Aanbod nu"] == "•" and t.weergave.at[0, "Nieuw"] == "•"
    return [t]


def _beleidsgetal():
    df = pd.DataFrame({"Gemeente": ["Aadorp", "Beekdal"], "Taakstelling": [3.0, 14.0]})
    t = tabel(df, bron="test", regels=R, beleid=["Taakstelling"])
    assert t.weergave["Taakstelling"].tolist() == ["3", "14"]
    return [t]


GEVALLEN = [
    Geval("afs-regio-min-gemeenten", "Afscherming",
          "Regiotabel met het regiototaal en alle gemeenten op één na zichtbaar (regio − andere gemeenten = de "
          "afgeschermde gemeente)",
          "Ook de kleinste andere gemeente wordt afgeschermd (•); niets terug te rekenen"),
    Geval("afs-groepstotaal", "Afscherming",
          "Totaal over aandachtsgroepen met één groep onder de drempel",
          "De kleinste andere groep wordt ook afgeschermd (•)"),
    Geval("afs-afgeschermd-totaal", "Afscherming",
          "Een afgeschermd regiototaal naast zichtbare delen (tekort 12 en overschot −8 geven 4)",
          "Ook een deel wordt afgeschermd, zodat de som het totaal niet teruggeeft"),
    Geval("afs-tekort-verschil", "Afscherming",
          "Confrontatie: vraag <10 naast aanbod en tekort (tekort = vraag − aanbod − plannen)",
          "Tekort of aanbod wordt ook afgeschermd; plannen (plancapaciteit) blijven als beleidsgetal zichtbaar"),
    Geval("afs-instroom-uitstroom", "Afscherming",
          "Prognose aandachtsgroep: startwaarde <10, methodekolom noemt 'instroom − uitstroom (2 − 1 per jaar)' "
          "naast de waarde over 10 jaar",
          "De methode noemt de stromen niet meer ('aantallen per jaar afgeschermd'); een van de latere waarden "
          "wordt ook afgeschermd (lineaire groei)"),
    Geval("afs-kleine-noemer", "Afscherming",
          "Wijk met 25 inwoners en 40,0 % 65-plussers in de top-20 van wijken",
          "Percentage getoond als 'n<50'"),
    Geval("afs-gemeente-en-regiorapport", "Afscherming",
          "Hetzelfde tekort in het gemeenterapport (<10) en in de regiotabel per gemeente met regiototaal",
          "De regiotabel neemt het patroon van het gemeenterapport over en schermt het regiototaal af"),
    Geval("afs-aandeel-in-de-regio", "Afscherming",
          "Spreiding: aantal <10 met per 1.000 inwoners, per 1.000 sociale huurwoningen, aandeel in de regio en "
          "concentratie-index ernaast",
          "Alle afgeleide cellen van het kleine aantal afgeschermd, en het aandeel in de regio van die groep voor "
          "alle gemeenten (anders geeft het het regiototaal terug)"),
    Geval("afs-regio-aantal-omvang", "Afscherming",
          "Omvang: één gemeente onder de drempel, het regiototaal van de groep in elk gemeenterapport",
          "Regiototaal (en regio per 1.000) afgeschermd in elk gemeenterapport, met hetzelfde patroon"),
    Geval("afs-logboek-correcties", "Afscherming",
          "Logboek van partnercorrecties toont oud en nieuw aanbod, terwijl het overzicht dat aanbod afschermt",
          "Oud en nieuw afgeschermd (•) waar het overzicht (voor of na correcties) het aanbod afschermt; de tekst "
          "na de correcties noemt het getal dan ook niet"),
    Geval("afs-beleidsgetal", "Afscherming",
          "Taakstelling van 3 (een beleidsgetal, geen aantal personen)",
          "Getoond zoals het is: beleidsgetallen worden niet afgeschermd (docs/afscherming.md)"),
]

_MAKERS = {
    "afs-regio-min-gemeenten": _regio_min_gemeenten, "afs-groepstotaal": _groepstotaal,
    "afs-afgeschermd-totaal": _afgeschermd_totaal, "afs-tekort-verschil": _tekort_verschil,
    "afs-instroom-uitstroom": _instroom_uitstroom, "afs-kleine-noemer": _kleine_noemer,
    "afs-gemeente-en-regiorapport": _gemeente_en_regiorapport, "afs-aandeel-in-de-regio": _aandeel_in_de_regio,
    "afs-regio-aantal-omvang": _regio_aantal_omvang, "afs-beleidsgetal": _beleidsgetal,
    "afs-logboek-correcties": _logboek_correcties,
}


@pytest.mark.parametrize("geval", GEVALLEN, ids=[g.id for g in GEVALLEN])
def test_geval(geval):
    tabellen = _MAKERS[geval.id]()
    assert not _aanval(*tabellen), f"{geval.id}: afgeschermde cel terug te rekenen"
