"""The five kaarten of the woonzorgvisie-meter as data: every numbered item and every *toets*.

Numbering follows the meter (``shared/seeds/000_*.txt``, the "opbouw" list of each kaart); the names
are our own short Dutch words. Two things the meter leaves open are settled here:

* an item and its toets can share a number (kaart 2: ``1a`` and "Toets op 1a"; kaart 3: ``6`` and the
  toets "data stemt overeen met ervaring"): an item is identified by (``nummer``, ``soort``);
* kaart 4 opens with two planning items without a number: we call them ``P1`` and ``P2``. Kaart 4 item
  ``3.1`` is the toets in the text of the meter ("de verordening is dekkend wanneer ...").

``bron`` says who can answer an item: ``analyse`` (kaart 3 and kaart 4 1.2/1.5, from the results of steps 1-6),
``verordening`` (kaart 4, 3.1: the urgent groups of the analysis against the recorded verordening) or
empty (only the gemeente, in the meter template).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Soort = Literal["onderdeel", "toets"]


@dataclass(frozen=True)
class Kaart:
    nummer: int
    titel: str
    blad: str  # sheet name in the template (max. 31 characters)


@dataclass(frozen=True)
class Item:
    kaart: int
    nummer: str
    soort: Soort
    naam: str
    bron: str = ""  # "analyse", "verordening" or "" (gemeente only)

    @property
    def sleutel(self) -> tuple[int, str, str]:
        return (self.kaart, self.nummer, self.soort)

    @property
    def label(self) -> str:
        """'3.1 Toets: Spreiding ...' as shown in reports."""
        return f"{self.nummer} {'Toets: ' if self.soort == 'toets' else ''}{self.naam}"


KAARTEN: tuple[Kaart, ...] = (
    Kaart(1, "Kader en visie", "Kaart 1 Kader en visie"),
    Kaart(2, "Governance, commitment en communicatie", "Kaart 2 Governance"),
    Kaart(3, "Woonzorganalyse", "Kaart 3 Woonzorganalyse"),
    Kaart(4, "Concrete ambities, doelen en planning", "Kaart 4 Ambities en doelen"),
    Kaart(5, "Van plan naar uitvoering", "Kaart 5 Uitvoering"),
)

_O: Soort = "onderdeel"
_T: Soort = "toets"

ITEMS: tuple[Item, ...] = (
    # kaart 1: kader en visie
    Item(1, "1a", _O, "Wettelijke aandachtsgroepen en ouderen opgenomen"),
    Item(1, "1b", _O, "Urgente groepen benoemd"),
    Item(1, "1.1", _T, "Alle wettelijke groepen en ouderen in de visie"),
    Item(1, "1.2", _T, "Alle urgente groepen in de visie"),
    Item(1, "2", _O, "Woondeal, prestatie- en zorgafspraken en nieuwe wetgeving verwerkt"),
    Item(1, "3", _O, "Eigen thema's van de gemeente"),
    Item(1, "4a", _O, "Bestaande visie in beleidsstukken"),
    Item(1, "4b", _O, "Voortbouwen op regionale kaders"),
    Item(1, "4c", _O, "Voortbouwen op andere regionale afspraken"),
    Item(1, "4", _T, "Wat er al is, is benut"),
    Item(1, "5", _T, "Regionaal afgestemd"),
    # kaart 2: governance, commitment en communicatie
    Item(2, "1a", _O, "Partijen betrokken"),
    Item(2, "1a", _T, "Betrokkenheid voldoende"),
    Item(2, "1b", _O, "Partijen gecommitteerd"),
    Item(2, "1b", _T, "Commitment voldoende"),
    Item(2, "1c", _T, "Risico's bij betrokkenheid en commitment"),
    Item(2, "1d", _O, "Bestuurlijk commitment"),
    Item(2, "1d", _T, "Bestuurlijk commitment voldoende"),
    Item(2, "1e", _T, "Risico's bij bestuurlijk commitment"),
    Item(2, "2", _O, "Ambtelijke capaciteit beschikbaar"),
    Item(2, "2a", _T, "Ambtelijke capaciteit voldoende"),
    Item(2, "2b", _T, "Risico's bij ambtelijke capaciteit"),
    Item(2, "2.1.1", _O, "Mandaat van de stuurgroep"),
    Item(2, "2.1.2", _O, "Verdeling van de kosten"),
    Item(2, "2.2.1", _O, "Slagvaardige projectgroep"),
    Item(2, "2.2.2", _O, "Projectleider met overzicht en tijd"),
    Item(2, "3.1", _O, "Zicht op bestaande overleggen"),
    # kaart 3: woonzorganalyse
    Item(3, "1.1", _O, "Zicht op de benodigde data", "analyse"),
    Item(3, "1.2", _O, "Groepen in de analyse (aandachtsgroepen, urgenten, ouderen)", "analyse"),
    Item(3, "2", _O, "Beschikbaarheid van data per groep", "analyse"),
    Item(3, "3", _O, "Openbare bronnen gebruikt", "analyse"),
    Item(3, "4", _O, "Besluit over uitbesteden van onderzoek"),
    Item(3, "5", _O, "Planning en opleverdatum"),
    Item(3, "5.1", _T, "Spreiding over gemeenten, wijken en kernen", "analyse"),
    Item(3, "5.2", _T, "Data-analyse afgerond", "analyse"),
    Item(3, "6", _O, "Confrontatie met de partners", "analyse"),
    Item(3, "6", _T, "Data herkend door de partners", "analyse"),
    # kaart 4: concrete ambities, doelen en planning
    Item(4, "P1", _O, "Overall planning"),
    Item(4, "P2", _O, "Gedetailleerde trajectplanning"),
    Item(4, "1.1", _O, "Lopende projecten om in te passen"),
    Item(4, "1.2", _O, "Groepen met prioriteit", "analyse"),
    Item(4, "1.3", _O, "Ambities uit eerdere fasen"),
    Item(4, "1.4", _O, "Plan van aanpak per groep"),
    Item(4, "1.5", _O, "SMART-ambities en doelen per groep", "analyse"),
    Item(4, "2", _O, "Commitment van alle partijen"),
    Item(4, "2.1", _O, "Commitment op de ambities per groep"),
    Item(4, "3", _O, "Huisvestingsverordening met urgentieregeling"),
    Item(4, "3.1", _T, "Verordening dekt alle urgente groepen", "verordening"),
    # kaart 5: van plan naar uitvoering
    Item(5, "1", _O, "Meerjarenplan"),
    Item(5, "2", _T, "Concreet plan voor het komende jaar"),
    Item(5, "3", _O, "Plannen voor alle groepen in de tijd gezet"),
    Item(5, "3.1", _T, "Projecten gestart voor alle groepen"),
    Item(5, "3.2", _T, "Alles van meer dan een jaar ingepland"),
    Item(5, "3.3", _O, "Samenvatting van 3.2"),
    Item(5, "4", _T, "Monitoring belegd: wie, hoe en hoe vaak"),
)

PER_SLEUTEL: dict[tuple[int, str, str], Item] = {i.sleutel: i for i in ITEMS}
PER_KAART: dict[int, Kaart] = {k.nummer: k for k in KAARTEN}
assert len(PER_SLEUTEL) == len(ITEMS), "dubbel item in de meter"


def items(kaart: int | None = None) -> list[Item]:
    """The items of one kaart (or all), in the meter's order."""
    return [i for i in ITEMS if kaart is None or i.kaart == kaart]


def norm_nummer(tekst: str) -> str:
    """'1.1.' -> '1.1', ' 1A ' -> '1a', 'p1' -> 'P1' (how people type the numbers)."""
    t = str(tekst).strip().rstrip(".").strip()
    return t.upper() if t[:1].lower() == "p" else t.lower()
