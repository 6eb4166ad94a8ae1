"""The reference documentation generated from the code: ``docs/kengetallen.md`` (the kengetallen file
with the prognose settings of a regio file). Tests check that the files in ``docs/`` are current.
"""

from __future__ import annotations

from .gegevens import PROGNOSE
from .kengetallen import Kengetallen, _md, documentatie_markdown
from .params import Prognose
from .prognose_vraag import BAND_INSTROOM


def kengetallen_markdown(k: Kengetallen | None = None) -> str:
    """``docs/kengetallen.md``: every kengetal with source and type, then the regio's prognose settings."""
    return documentatie_markdown(k) + "\n" + "\n".join(_prognose_invoer_markdown()) + "\n" + "\n".join(
        _groepen_markdown())


def _prognose_invoer_markdown() -> list[str]:
    """Section on the regio's ``prognose:`` settings and the import file ``prognose.csv``."""
    st = Prognose()
    r = ["## Regio-instellingen en een eigen prognose aanleveren", "",
         "In `params/regios/<regio>.yaml` kan een sectie `prognose:` staan (alles optioneel):", "",
         "| Sleutel | Standaard | Betekenis |", "|---|---|---|",
         f"| `horizon` | {st.horizon} | aantal jaren na het basisjaar (1-40) |",
         f"| `bron` | {st.bron} | `automatisch`: een aangeleverde prognose gebruiken als die er is, anders het eigen "
         "model; `eigen`: altijd het eigen model; `invoer`: de aangeleverde prognose is verplicht |",
         f"| `bestand` | {st.bestand} | naam van het bestand in de map met lokale invoer (`lokaal:`) |",
         f"| `kalibreren` | {'true' if st.kalibreren else 'false'} | het eigen model afstemmen op de "
         "PBL/CBS-regionale prognose (totalen: CBS 85173NED of 85171NED, of `prognose_totalen.csv` in de invoer) "
         "als die er is; het ongekalibreerde eigen model staat ernaast. Zonder totalen: een waarschuwing bij "
         "onwaarschijnlijke groei (regel in `wzlib/prognose_ijking.py`) |", "",
         f"Een provinciale of ABF Primos-prognose naar leeftijd wordt aangeleverd als `{PROGNOSE.bestand}` in de map "
         "met lokale invoer: dezelfde kolommen als `bevolking.csv` plus `variant`; één regel per gemeente, jaar, "
         "geslacht, leeftijdsklasse en variant. Alleen `midden` mag ook (dan is er geen bandbreedte). Het eigen "
         "model wordt dan ook berekend en ernaast getoond.", "",
         "| Kolom | Soort | Verplicht | Omschrijving |", "|---|---|---|---|"]
    for k in PROGNOSE.kolommen:
        soort = k.soort + (f" ({', '.join(k.keuzes)})" if k.keuzes else "")
        verplicht = "ja" if k.verplicht and not k.leeg_mag else ("kolom ja, cel mag leeg" if k.verplicht else "nee")
        r.append(f"| `{k.naam}` | {soort} | {verplicht} | {_md(k.omschrijving)} |")
    r.append("")
    return r


def _groepen_markdown() -> list[str]:
    """Section on the prognosis per aandachtsgroep (``wzlib.prognose_vraag.groepen_prognose``): the assumption
    per kind of group and the band of the laag/hoog variants."""
    band = f"{100 * BAND_INSTROOM:.0f} %"
    return [
        "## Aandachtsgroepen: prognose per groep", "",
        "De aandachtsgroepen worden doorgetrokken vanuit de lokale invoer (`aandachtsgroepen.csv`: aantal, instroom "
        "en uitstroom per jaar, taakstelling). Per soort groep geldt één aanname; de kolom `methode` van het "
        "resultaat `groepen_prognose` en de lijst onder de tabel in het prognoserapport zeggen welke (zonder "
        "getallen: in- en uitstroom naast een afgeschermd beginaantal zouden dat aantal verraden).", "",
        "| Soort groep | Aanname | Laag / hoog | Type |", "|---|---|---|---|",
        "| Groep in een voorziening (uitstroom beschermd wonen, opvang, GGZ, jeugdzorg, detentie, vrouwenopvang) "
        "met aantal > 0, instroom en uitstroom > 0 | **voorraad-stroommodel**: dS/dt = instroom − u·S met "
        "u = uitstroom ÷ aantal (de waargenomen uitstroom als vast deel van de groep; 1/u = de gemiddelde "
        "verblijfsduur in jaren). Oplossing S(t) = S* + (S0 − S*)·e^(−u·t): de groep beweegt monotoon naar het "
        "**evenwicht** S* = instroom × gemiddelde verblijfsduur en komt er nooit overheen, dus een kleine groep "
        f"kan niet exploderen | instroom {band} lager / hoger, zelfde verblijfsduur | P (geen gepubliceerde "
        "bandbreedte; de in- en uitstroom zelf zijn lokale waarnemingen, O) |",
        "| Statushouders met `taakstelling_per_jaar` | de taakstelling per jaar (een beleidsgetal) | gelijk aan "
        "midden | N |",
        "| Groep zonder uitstroom (0 of leeg) of zonder beginaantal | constant: zonder uitstroom is er geen "
        "verblijfsduur en dus geen evenwicht; een lineaire groei (instroom per jaar erbij) zou onbegrensd zijn | "
        "gelijk aan midden | P |",
        "| Groep geteld per jaar (urgenties, mantelzorg, ...) | constant: er is geen model voor hun trend | gelijk "
        "aan midden | P |", "",
    ]
