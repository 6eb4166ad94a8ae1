"""FICTIEVE ambities (kaart 4) voor de Voorbeeldregio: data/voorbeeld/lokaal/ambities.csv.

Gekozen zodat ``make run`` elke toets van Stap 6 – Ambities laat zien: ambities die het tekort dekken en
ambities die eronder blijven (Stroomstad, geclusterd 2030; Akkerveen en Dijkwaard, verpleegzorg 2034), een
percentage van het aanbod (Stroomstad, beschermd wonen), een verkeerde eenheid (Dijkwaard, nultreden in
plaatsen), tekorten zonder ambitie (prioriteit), en één gemeente die haar eigen tekort dekt maar niet
haar deel van de regionale opgave (Leerhoven, geclusterd). Alle getallen zijn verzonnen.
"""

from __future__ import annotations

BRON = "FICTIEF — woonzorgvisie gemeente (ambities)"

NAMEN = {"GM9901": "Heidewoude", "GM9902": "Stroomstad", "GM9903": "Leerhoven", "GM9904": "Akkerveen",
         "GM9905": "Dijkwaard", "GM9906": "Lindehout"}

# gemeentecode, groep, woonvorm, doeljaar, aantal, eenheid, omschrijving (leeg: uit de getallen)
AMBITIES: list[tuple[str, str, str, int, int, str, str]] = [
    ("GM9901", "ouderen", "geclusterd", 2030, 70, "eenheden", ""),
    ("GM9901", "alle", "geclusterd", 2030, 30, "eenheden", "In 2030 30 geclusterde wooneenheden voor andere groepen"),
    ("GM9901", "ouderen_85", "verpleegzorg", 2034, 50, "plaatsen", ""),
    ("GM9901", "statushouders", "sociale_huur", 2030, 150, "eenheden", ""),
    ("GM9902", "ouderen", "geclusterd", 2030, 200, "eenheden", "In 2030 200 wooneenheden geclusterd voor ouderen"),
    ("GM9902", "alle", "geclusterd", 2034, 300, "eenheden", ""),
    ("GM9902", "uitstroom_bw", "beschermd_wonen", 2030, 25, "procent",
     "In 2030 25 % van de capaciteit beschermd wonen geëxtramuraliseerd"),
    ("GM9902", "ouderen_85", "verpleegzorg", 2034, 200, "plaatsen", ""),
    ("GM9902", "studenten", "studentenwoning", 2034, 700, "eenheden", ""),
    ("GM9902", "statushouders", "sociale_huur", 2030, 1680, "eenheden", ""),
    ("GM9903", "alle", "geclusterd", 2034, 300, "eenheden", ""),
    ("GM9903", "ouderen_85", "verpleegzorg", 2034, 150, "plaatsen", ""),
    ("GM9903", "statushouders", "sociale_huur", 2030, 1260, "eenheden", ""),
    ("GM9904", "ouderen", "geclusterd", 2034, 360, "eenheden", ""),
    ("GM9904", "ouderen_85", "verpleegzorg", 2034, 120, "plaatsen", ""),
    ("GM9904", "statushouders", "sociale_huur", 2030, 560, "eenheden", ""),
    ("GM9905", "ouderen_75", "nultreden", 2030, 100, "plaatsen", "In 2030 100 nultredenwoningen voor 75-plussers"),
    ("GM9905", "ouderen_85", "verpleegzorg", 2034, 60, "plaatsen", ""),
    ("GM9905", "statushouders", "sociale_huur", 2030, 360, "eenheden", ""),
    ("GM9906", "ouderen", "geclusterd", 2030, 130, "eenheden", ""),
    ("GM9906", "ouderen_85", "verpleegzorg", 2034, 60, "plaatsen", ""),
    ("GM9906", "statushouders", "sociale_huur", 2030, 480, "eenheden", ""),
]


def ambities() -> list[dict]:
    """The rows of ambities.csv (columns of ``LOKALE_SCHEMAS['ambities']``)."""
    return [{"gemeentecode": code, "gemeentenaam": NAMEN[code], "groep": groep, "woonvorm": woonvorm,
             "doeljaar": jaar, "aantal": aantal, "eenheid": eenheid, "omschrijving": tekst or None, "bron": BRON,
             "toelichting": None}
            for code, groep, woonvorm, jaar, aantal, eenheid, tekst in AMBITIES]
