"""FICTIEVE antwoorden in de woonzorgvisie-meter van de voorbeeldregio (``meter/woonzorgvisiemeter.xlsx``).

Per gemeente een verzonnen voortgang: hoe verder een gemeente is, hoe meer onderdelen van kaart 1 en 2
gereed zijn; kaart 4 en 5 lopen achter. Kaart 3 vult de analyse zelf in; alleen Dijkwaard vult daar toch
iets in (toets 6 "gereed", terwijl er van Dijkwaard geen reviewblad terugkwam) zodat het rapport laat
zien hoe een afwijkend antwoord naast dat van de analyse staat. Welke urgente groepen de verordening
dekt, staat in ``params/regios/voorbeeldregio.yaml`` (``meter: verordening_urgentie``). Alle namen en antwoorden zijn verzonnen.

Wordt aangeroepen door ``maak_voorbeeld.py`` (of los: ``python data/voorbeeld/maak_meter.py``).
"""

from __future__ import annotations

import csv
from pathlib import Path

HIER = Path(__file__).resolve().parent

#: gemeente -> (voortgang kaart 1-2, voortgang kaart 4-5, wie) — fictief
VOORTGANG = {
    "GM9901": (0.5, 0.0, "beleidsmedewerker wonen (FICTIEF)"),
    "GM9902": (1.0, 0.45, "projectleider woonzorgvisie (FICTIEF)"),
    "GM9903": (0.8, 0.25, "team wonen en zorg (FICTIEF)"),
    "GM9904": (0.65, 0.1, "adviseur sociaal domein (FICTIEF)"),
    "GM9905": (0.35, 0.0, "beleidsmedewerker wonen (FICTIEF)"),
    "GM9906": (0.9, 0.3, "projectgroep woonzorgvisie (FICTIEF)"),
}


def antwoorden() -> list[dict]:
    from wzlib.meter_kaarten import items

    rijen = []
    for code, (vroeg, laat, wie) in VOORTGANG.items():
        for kaart, voortgang in ((1, vroeg), (2, vroeg), (4, laat), (5, laat)):
            lijst = items(kaart)
            gereed = round(voortgang * len(lijst))
            for i, it in enumerate(lijst):
                if it.bron:
                    continue  # answered by the analysis
                status = "gereed" if i < gereed else "bezig" if i < gereed + 2 else "niet gestart"
                rijen.append({"gemeentecode": code, "kaart": kaart, "nummer": it.nummer, "soort": it.soort,
                              "status": status, "datum": "2024-03-01" if status == "gereed" else "",
                              "wie": wie if status != "niet gestart" else "",
                              "opmerking": "FICTIEF voorbeeldantwoord" if i == 0 else ""})
        rijen.append({"gemeentecode": code, "kaart": 3, "nummer": "4", "soort": "onderdeel",
                      "status": "gereed", "datum": "2023-11-15", "wie": wie,
                      "opmerking": "FICTIEF: analyse in eigen beheer met de toolkit"})
        rijen.append({"gemeentecode": code, "kaart": 3, "nummer": "5", "soort": "onderdeel",
                      "status": "bezig", "datum": "", "wie": wie, "opmerking": "FICTIEF: oplevering gepland in Q3"})
    rijen.append({"gemeentecode": "GM9905", "kaart": 3, "nummer": "6", "soort": "toets", "status": "gereed",
                  "datum": "2024-02-01", "wie": VOORTGANG["GM9905"][2],
                  "opmerking": "FICTIEF: in het regio-overleg herkenden de partners de cijfers"})
    return rijen


def maak_meter(doel: Path | str = HIER) -> list[Path]:
    """Write ``<doel>/meter/woonzorgvisiemeter.xlsx`` with the fictional answers; returns its path."""
    import pandas as pd

    from wzlib.meter import SJABLOON, schrijf_sjabloon
    from wzlib.params import Gemeente

    doel = Path(doel)
    with open(doel / "gemeenten.csv", encoding="utf-8") as f:
        gemeenten = [Gemeente(r["gemeentecode"], r["gemeentenaam"]) for r in csv.DictReader(f)
                     if r["gemeentecode"] in VOORTGANG]
    return [schrijf_sjabloon(doel / "meter" / SJABLOON, gemeenten, pd.DataFrame(antwoorden()))]


if __name__ == "__main__":
    for p in maak_meter():
        print(p)
