"""Foutencorpus, monitoring (stap 7): slechte realisatie-invoer en een onbekende eerdere analyse.

Elk geval schrijft een klein ``realisatie.csv`` (het format van ``wz template``) met één fout en leest
het met de lezer van de lokale invoer: een Nederlandse melding met bestand, regel en kolom, en niets
gelezen. Een keuze ``monitoring.vergelijk_met`` zonder momentopname noemt wat er wel is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from foutcorpus import Geval
from wzlib.bronnen.lokaal import LOKALE_SCHEMAS, lees_lokaal
from wzlib.fouten import InvoerFout, WzFout
from wzlib.params import Gemeente

KOP = ",".join(LOKALE_SCHEMAS["realisatie"].kolomnamen)
GOED = "GM9901,Heidewoude,geclusterd,2024,12,Hofje,opleveringen gemeente,"
REGIO = [Gemeente("GM9901", "Heidewoude"), Gemeente("GM9902", "Stroomstad")]


def _lees(tmp: Path, *regels: str):
    (tmp / "realisatie.csv").write_text("\n".join([KOP, GOED, *regels]) + "\n", encoding="utf-8")
    return lees_lokaal(tmp, REGIO)


def _melding(tmp: Path, regel: str, *verwacht: str) -> None:
    with pytest.raises(InvoerFout) as e:
        _lees(tmp, regel)
    tekst = str(e.value)
    for v in ("realisatie.csv", "regel 3", *verwacht):
        assert v in tekst, tekst
    assert "Traceback" not in tekst


def woonvorm(tmp):
    _melding(tmp, "GM9901,Heidewoude,geclusterd wonen,2025,4,,x,", "kolom 'woonvorm'", "onbekende woonvorm",
             "bedoelde u: geclusterd")


def aantal_tekst(tmp):
    _melding(tmp, "GM9901,Heidewoude,nultreden,2025,twaalf,,x,", "kolom 'aantal'", "geheel getal verwacht")


def aantal_negatief(tmp):
    _melding(tmp, "GM9901,Heidewoude,nultreden,2025,-3,,x,", "kolom 'aantal'", "niet negatief")


def jaar(tmp):
    _melding(tmp, "GM9901,Heidewoude,nultreden,volgend jaar,3,,x,", "kolom 'jaar'")


def gemeente(tmp):
    _melding(tmp, "GM9907,Nergenshuizen,nultreden,2025,5,,x,", "kolom 'gemeentecode'", "hoort niet bij de regio")


def dubbel(tmp):
    with pytest.raises(InvoerFout) as e:
        _lees(tmp, GOED)
    assert "realisatie.csv" in str(e.value) and "regel 3" in str(e.value), str(e.value)


def goed_gelezen(tmp):
    lok = _lees(tmp, "GM9902,Stroomstad,opvang,2025,12,,x,")
    assert lok.realisatie["aantal"].tolist() == [12, 12] and set(lok.realisatie["gemeentecode"]) == {"GM9901", "GM9902"}


def onbekende_momentopname(tmp):
    from datetime import datetime

    from wzlib import momentopname

    mo = momentopname.Momentopname("x", {"stappen": {"GM9901/10_omvang": {"fingerprint": "a"}}})
    momentopname.schrijf(tmp / "m", mo, datetime(2025, 3, 1).strftime("%Y-%m-%dT%H-%M-%S"))
    with pytest.raises(WzFout, match=r"vergelijk_met: er is geen momentopname van 2024-05-01\. "
                                     r"Beschikbaar: 2025-03-01T00-00-00"):
        momentopname.kies([tmp / "m"], "2024-05-01", momentopname.Momentopname("huidig", {"stappen": {}}))


GEVALLEN_FN = [
    (Geval("monitoring-realisatie-woonvorm", "Melding en herstel", "realisatie.csv met een onbekende woonvorm",
           "melding met bestand, regel, kolom en de bedoelde woonvorm"), woonvorm),
    (Geval("monitoring-realisatie-aantal-tekst", "Melding en herstel", "realisatie.csv met 'twaalf' als aantal",
           "melding: geheel getal verwacht, met bestand, regel en kolom"), aantal_tekst),
    (Geval("monitoring-realisatie-aantal-negatief", "Melding en herstel", "realisatie.csv met een negatief aantal",
           "melding: mag niet negatief zijn, met bestand, regel en kolom"), aantal_negatief),
    (Geval("monitoring-realisatie-jaar", "Melding en herstel", "realisatie.csv met tekst als jaar",
           "melding met bestand, regel en kolom jaar"), jaar),
    (Geval("monitoring-realisatie-gemeente", "Melding en herstel", "realisatie.csv met een gemeente buiten de regio",
           "melding: hoort niet bij de regio, met bestand, regel en kolom"), gemeente),
    (Geval("monitoring-realisatie-dubbel", "Stille fout", "realisatie.csv met twee keer dezelfde regel "
           "(zou dubbel geteld worden)", "melding met bestand en regel"), dubbel),
    (Geval("monitoring-realisatie-goed", "Controle vooraf", "realisatie.csv zoals het sjabloon het vraagt",
           "gelezen, met gehele aantallen per gemeente"), goed_gelezen),
    (Geval("monitoring-vergelijk-onbekend", "Controle vooraf", "monitoring.vergelijk_met noemt een datum zonder "
           "momentopname", "melding die de beschikbare momentopnamen noemt"), onbekende_momentopname),
]


GEVALLEN = [g for g, _ in GEVALLEN_FN]


@pytest.mark.parametrize("geval,stap", GEVALLEN_FN, ids=[g.id for g in GEVALLEN])
def test_geval(geval, stap, tmp_path):
    stap(tmp_path)
