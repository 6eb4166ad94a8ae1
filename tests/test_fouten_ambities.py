"""Foutencorpus, ambities (kaart 4): een ambitie met een onbekende groep, woonvorm of eenheid, of met een
getal dat geen doel kan zijn, geeft een Nederlandse melding met bestand, regel en kolom (en waar het kan de
bedoelde sleutel); niets wordt stil overgeslagen of als 0 gelezen.

Elk geval schrijft één ``ambities.csv`` met één goede en één foute regel in een lege map en leest die met
:func:`wzlib.bronnen.lokaal.lees_lokaal`, zoals ``wz controleer`` en elke stap dat doen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from foutcorpus import Geval
from wzlib.bronnen.lokaal import lees_lokaal
from wzlib.fouten import InvoerFout
from wzlib.params import Gemeente

REGIO = [Gemeente("GM9901", "Heidewoude"), Gemeente("GM9902", "Stroomstad")]
KOP = "gemeentecode,gemeentenaam,groep,woonvorm,doeljaar,aantal,eenheid,omschrijving,bron,toelichting"
GOED = "GM9901,Heidewoude,ouderen,geclusterd,2030,120,eenheden,,woonzorgvisie,"


def _regel(groep="alle", woonvorm="geclusterd", doeljaar="2030", aantal="80", eenheid="eenheden",
           gemeente="GM9902,Stroomstad") -> str:
    return f"{gemeente},{groep},{woonvorm},{doeljaar},{aantal},{eenheid},,woonzorgvisie,"


# (geval, foute regel, kolom, wat in de melding moet staan)
_FOUTEN = {
    "ambities-onbekende-groep": (_regel(groep="ouderenn"), "groep", ["onbekende groep", "bedoelde u: ouderen,"]),
    "ambities-onbekende-woonvorm": (_regel(woonvorm="geclusterd_wonen"), "woonvorm",
                                    ["onbekende woonvorm", "bedoelde u: geclusterd"]),
    "ambities-onbekende-eenheid": (_regel(eenheid="woningen"), "eenheid", ["eenheden, plaatsen, procent"]),
    "ambities-aantal-geen-getal": (_regel(aantal="veel"), "aantal", ["getal"]),
    "ambities-procent-boven-100": (_regel(aantal="125", eenheid="procent"), "aantal",
                                   ["tussen 0 en 100", "(waarde: '125')"]),
    "ambities-aantal-nul": (_regel(aantal="0"), "aantal", ["groter dan 0"]),
    "ambities-doeljaar-geen-jaar": (_regel(doeljaar="dertig"), "doeljaar", ["jaar"]),
    "ambities-gemeente-buiten-regio": (_regel(gemeente="GM9903,Leerhoven"), "gemeentecode",
                                       ["hoort niet bij de regio"]),
}

GEVALLEN = [
    Geval("ambities-onbekende-groep", "Controle vooraf", "ambities.csv: groep 'ouderenn' (tikfout)",
          "melding met bestand, regel en kolom 'groep' en de suggestie 'ouderen'"),
    Geval("ambities-onbekende-woonvorm", "Controle vooraf", "ambities.csv: woonvorm 'geclusterd_wonen'",
          "melding met bestand, regel en kolom 'woonvorm' en de suggestie 'geclusterd'"),
    Geval("ambities-onbekende-eenheid", "Controle vooraf", "ambities.csv: eenheid 'woningen' (de analyse kent "
          "eenheden, plaatsen of procent)", "melding met bestand, regel en kolom 'eenheid' en de toegestane waarden"),
    Geval("ambities-aantal-geen-getal", "Controle vooraf", "ambities.csv: aantal 'veel'",
          "melding met bestand, regel en kolom 'aantal'; niet als 0 of leeg gelezen"),
    Geval("ambities-procent-boven-100", "Controle vooraf", "ambities.csv: 125 procent",
          "melding met bestand, regel en kolom 'aantal': een percentage ligt tussen 0 en 100"),
    Geval("ambities-aantal-nul", "Controle vooraf", "ambities.csv: een ambitie van 0",
          "melding met bestand, regel en kolom 'aantal': een ambitie moet groter dan 0 zijn"),
    Geval("ambities-doeljaar-geen-jaar", "Controle vooraf", "ambities.csv: doeljaar 'dertig'",
          "melding met bestand, regel en kolom 'doeljaar'"),
    Geval("ambities-gemeente-buiten-regio", "Controle vooraf", "ambities.csv: een gemeente die niet bij de regio "
          "hoort", "melding met bestand, regel en kolom 'gemeentecode' en de gemeenten van de regio"),
]


@pytest.mark.parametrize("geval", GEVALLEN, ids=[g.id for g in GEVALLEN])
def test_foute_ambitie_geeft_melding_met_bestand_regel_en_kolom(geval: Geval, tmp_path: Path):
    regel, kolom, woorden = _FOUTEN[geval.id]
    pad = tmp_path / "ambities.csv"
    pad.write_text("\n".join([KOP, GOED, regel]) + "\n", encoding="utf-8")
    with pytest.raises(InvoerFout) as e:
        lees_lokaal(tmp_path, REGIO)
    p = [x for x in e.value.problemen if x.kolom == kolom]
    assert p, str(e.value)
    assert p[0].rij == 3 and Path(p[0].bestand).name == "ambities.csv", str(p[0])
    tekst = str(e.value)
    assert "ambities.csv, regel 3" in tekst and f"kolom '{kolom}'" in tekst
    for w in woorden:
        assert w in tekst, (w, tekst)
    assert "Traceback" not in tekst


def test_goede_ambities_worden_gelezen(tmp_path: Path):
    """The control: the same file with two good rows reads without a problem (so the cases above fail on
    their one bad cell)."""
    (tmp_path / "ambities.csv").write_text("\n".join([KOP, GOED, _regel()]) + "\n", encoding="utf-8")
    a = lees_lokaal(tmp_path, REGIO).ambities
    assert list(a["groep"]) == ["ouderen", "alle"] and list(a["aantal"]) == [120.0, 80.0]
