"""Maak de voorbeeld-reviewbladen van drie FICTIEVE partners voor de voorbeeldregio.

De bladen in deze map laten de hele partnerronde zien in de demo: bevindingen uit de analyse, de
ingevulde antwoorden van partners, één onenigheid (de Zorggroep herkent de vraag naar beschermd wonen
in Heidewoude niet, het Zorgkantoor wel) en één conflicterende correctie (Woonstichting en Zorggroep
geven elk een ander aantal geclusterde wooneenheden in Heidewoude). Daarnaast één correctie die niemand
tegenspreekt (het Zorgkantoor corrigeert de verpleegzorgcapaciteit van Heidewoude) en antwoorden op de
algemene vragen.

Hoe gemaakt: dit script rekent de bevindingen uit met ``wzlib.confrontatie`` op de resultaten van de
stappen 10_omvang, 20_aanbod en 30_prognose van de voorbeeldregio, schrijft de lege reviewbladen met
``wzlib.bronnen.partners.schrijf_reviewbladen`` (precies wat ``wz partners`` doet) en vult daarna per
partner de antwoorden hieronder in. Alle drie leveren het Excel-blad in (een CSV-blad kan ook, zie
docs/partnerronde.md; in deze map staan bewust geen CSV-bestanden, want data/voorbeeld/**/*.csv is het
invoerformaat van de voorbeeldregio). Alle namen, cijfers en toelichtingen zijn verzonnen.

Gebruik (vanuit de projectmap, na ``wz run --regio voorbeeldregio --stappen 10_omvang 20_aanbod 30_prognose``):

    python data/voorbeeld/partners/maak_partners.py [--uitvoer outputs/voorbeeldregio]

Verandert het voorbeeld of het model, draai het script dan opnieuw: de bladen tonen het cijfer zoals
de partner het zag ('waarde'); wijkt dat af van de huidige analyse, dan meldt het notebook dat.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd

HIER = Path(__file__).resolve().parent
ROOT = HIER.parents[2]

# Per partner: soort, formaat van het teruggestuurde blad, en de antwoorden per bevinding-id.
ANTWOORDEN: dict[str, dict] = {
    "Woonstichting Voorbeeld": {
        "soort": "corporatie", "formaat": "xlsx",
        "antwoorden": {
            "ALG-klopt": {"herkenbaar": "deels", "toelichting": "Het beeld voor ouderen klopt; de vraag van "
                          "uitstromers is te laag ingeschat omdat de GGZ ontbreekt."},
            "ALG-aanvullingen": {"toelichting": "Neem de wachtlijst voor woningen met zorg van onze "
                                 "ouderencomplexen mee (circa 140 woningzoekenden)."},
            "ALG-schaalniveau": {"herkenbaar": "ja", "toelichting": "Gemeente is goed; voor Stroomstad graag "
                                 "per wijk."},
            "ALG-doelgroepen": {"herkenbaar": "ja"},
            "ALG-onderzoek": {"herkenbaar": "nee"},
            "GM9901-aanbod-nultreden": {"herkenbaar": "ja"},
            "GM9901-aanbod-geclusterd": {"herkenbaar": "nee", "correctie": 185,
                                         "toelichting": "Complex De Linde (20 wooneenheden, opgeleverd 2023) "
                                                        "ontbreekt in de telling.",
                                         "bron": "eigen bezitsregistratie, peildatum 1-1-2024"},
            "GM9901-tekort-geclusterd-2034": {"herkenbaar": "ja"},
            "GM9901-aanbod-sociale_huur": {"herkenbaar": "ja"},
            "GM9901-urgentie-mutaties-2024": {"herkenbaar": "ja", "bron": "jaarverslag verhuur 2024"},
            "GM9901-urgentie-aandeel-2024": {"herkenbaar": "deels",
                                             "toelichting": "In de praktijk ging 2024 al ruim 30% naar "
                                                            "urgenten en bijzondere doelgroepen."},
            "GM9902-urgentie-mutaties-2024": {"herkenbaar": "deels", "correctie": 1250,
                                              "toelichting": "Minder doorstroming verwacht; mutaties dalen.",
                                              "bron": "verhuurprognose 2025"},
            "GM9902-tekort-geclusterd-2034": {"herkenbaar": "ja"},
        },
    },
    "Zorggroep Voorbeeld": {
        "soort": "zorgaanbieder", "formaat": "xlsx",
        "antwoorden": {
            "ALG-klopt": {"herkenbaar": "ja"},
            "ALG-doelgroepen": {"herkenbaar": "deels", "toelichting": "Mensen met dementie die thuis wonen "
                                "verdienen een eigen plek in de analyse."},
            "ALG-onderzoek": {"herkenbaar": "ja", "toelichting": "Nader onderzoek naar de uitstroom uit de "
                              "GGZ en beschermd wonen, per gemeente."},
            "GM9901-aanbod-geclusterd": {"herkenbaar": "nee", "correctie": 150,
                                         "toelichting": "Twee hofjes (15 eenheden) zijn omgezet naar reguliere "
                                                        "huur en horen er niet meer bij.",
                                         "bron": "locatieoverzicht zorggroep 2024"},
            "GM9901-vraag-geclusterd-2034": {"herkenbaar": "ja"},
            "GM9901-vraag-verpleegzorg-2034": {"herkenbaar": "ja"},
            "GM9901-vraag-beschermd_wonen-2034": {"herkenbaar": "nee",
                                                  "toelichting": "Cliënten uit Heidewoude kiezen vrijwel altijd "
                                                                 "voor een plek in Stroomstad; lokaal is de vraag "
                                                                 "kleiner."},
            "GM9901-omvang-dak_thuislozen": {"herkenbaar": "deels", "toelichting": "Inclusief bankslapers is "
                                             "het er meer."},
            "GM9902-aanbod-beschermd_wonen": {"herkenbaar": "ja"},
        },
    },
    "Zorgkantoor Voorbeeld": {
        "soort": "zorgkantoor", "formaat": "xlsx",
        "antwoorden": {
            "ALG-schaalniveau": {"herkenbaar": "deels", "toelichting": "Verpleegzorg graag ook op het niveau "
                                 "van de zorgkantoorregio bekijken."},
            "GM9901-aanbod-verpleegzorg": {"herkenbaar": "deels", "correctie": 126,
                                           "toelichting": "Inclusief 8 plaatsen kleinschalig wonen De Hoeve "
                                                          "(sinds 2024 Wlz-gecontracteerd).",
                                           "bron": "contractering Wlz 2024"},
            "GM9901-vraag-verpleegzorg-2034": {"herkenbaar": "ja"},
            "GM9901-tekort-verpleegzorg-2034": {"herkenbaar": "ja"},
            "GM9901-vraag-beschermd_wonen-2034": {"herkenbaar": "ja"},
            "GM9901-vraag-geclusterd-2034": {"herkenbaar": "deels",
                                             "toelichting": "Hangt sterk af van het aanbod zorg thuis."},
            "GM9903-vraag-verpleegzorg-2034": {"herkenbaar": "deels", "toelichting": "Regiobeeld verwacht een "
                                               "iets lagere groei."},
        },
    },
}
DATUM = {"Woonstichting Voorbeeld": "14-03-2025", "Zorggroep Voorbeeld": "18-03-2025",
         "Zorgkantoor Voorbeeld": "20-03-2025"}


def bevindingen_voorbeeld(uitvoer: Path):
    """(findings of every demo gemeente computed from the results of steps 1-3 in ``uitvoer`` (the regio's
    output folder), regio params)."""
    from types import SimpleNamespace

    from wzlib import catalogus as T
    from wzlib import confrontatie, confrontatie_partners, resultaten
    from wzlib.analyse import laad_gemeenten, laad_lokaal
    from wzlib.params import laad_regio
    from wzlib.resultaten import ResultaatOntbreekt

    rp = laad_regio(ROOT / "params" / "regios" / "voorbeeldregio.yaml")
    gemeenten = laad_gemeenten(rp)
    lokaal = laad_lokaal(rp, gemeenten)
    delen = []
    for g in gemeenten:
        try:
            res = SimpleNamespace(**{t.naam: resultaten.lees(uitvoer, g.code, t) for t in
                                     (T.AANBOD, T.WONINGVOORRAAD, T.VRAAG, T.GROEPEN_PROGNOSE, T.GROEPEN_OMVANG)},
                                  verdeling=None)
        except ResultaatOntbreekt as e:
            sys.exit(f"{e}\n(Draai eerst: wz run --regio voorbeeldregio --stappen omvang aanbod prognose)")
        inv = confrontatie.verzamel(res, lokaal, gemeente=g.code)
        conf = confrontatie.bereken(inv, rp.confrontatie, gemeente=g.code, peiljaar=rp.peiljaar)
        urg = confrontatie.urgentie(inv, rp.confrontatie, gemeente=g.code, peiljaar=rp.peiljaar)
        delen.append(confrontatie_partners.bevindingen(conf, urg, inv.groepen, gemeente=g.code, gemeentenaam=g.naam,
                                                       peiljaar=rp.peiljaar))
    return pd.concat(delen, ignore_index=True), rp


def vul_in(pad: Path, antwoorden: dict[str, dict], datum: str) -> None:
    """Fill a partner's answers into its blank sheet (xlsx or csv), as the partner would."""
    if pad.suffix == ".xlsx":
        wb = openpyxl.load_workbook(pad)
        ws = wb["Reactie"]
        kop = [c.value for c in ws[1]]
        gevonden = set()
        for rij in ws.iter_rows(min_row=2):
            rid = rij[kop.index("id")].value
            if rid in antwoorden:
                gevonden.add(rid)
                for k, v in {**antwoorden[rid], "datum": datum}.items():
                    rij[kop.index(k)].value = v
        wb.save(pad)
    else:
        df = pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        gevonden = set(df["id"]) & set(antwoorden)
        for rid, a in antwoorden.items():
            for k, v in {**a, "datum": datum}.items():
                df.loc[df["id"] == rid, k] = str(v)
        df.to_csv(pad, sep=";", index=False, encoding="utf-8-sig")
    ontbreekt = set(antwoorden) - gevonden
    if ontbreekt:
        sys.exit(f"{pad.name}: bevinding(en) niet in de analyse: {', '.join(sorted(ontbreekt))}")


def main(argv: list[str] | None = None) -> None:
    from wzlib.bronnen.partners import bestandsnaam, schrijf_reviewbladen
    from wzlib.params import Partner

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uitvoer", default=str(ROOT / "outputs" / "voorbeeldregio"),
                    help="map met de resultaten per gemeente (standaard outputs/voorbeeldregio)")
    args = ap.parse_args(argv)
    bev, rp = bevindingen_voorbeeld(Path(args.uitvoer))
    lijst = [Partner(naam=naam, soort=a["soort"]) for naam, a in ANTWOORDEN.items()]
    with tempfile.TemporaryDirectory() as tmp:
        schrijf_reviewbladen(rp, bev, tmp, lijst)
        for p in HIER.glob("reviewblad_*"):
            p.unlink()
        for partner in lijst:
            a = ANTWOORDEN[partner.naam]
            bron = Path(tmp) / f"{bestandsnaam(partner)}.{a['formaat']}"
            vul_in(bron, a["antwoorden"], DATUM[partner.naam])
            shutil.copyfile(bron, HIER / bron.name)
            print(f"geschreven: {HIER / bron.name}")


if __name__ == "__main__":
    main()
