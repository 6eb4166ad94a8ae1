"""The result catalogue: every table a step writes, with its name, writing step, scope and schema.

In the spirit of a kedro DataCatalog: a step reads earlier results only through this catalogue (via
``wzlib.resultaten`` and ``Analyse.invoer()``), and every table is checked against its schema when it
is written and when it is read, so a wrong column fails where it is made, not three steps later.

*Scope* says where a table lives: ``gemeente`` tables are written once per gemeente into its own
folder and hold only that gemeente's rows; ``regio`` tables are written once per regio. Where a
figure appears in several reports, it is read from the one table that holds it.

Conventions: shares are fractions 0..1 (``aandeel``; the presentation shows them as percentages);
counts keep full precision (rounding happens only when a figure is shown). The schemas use the column
kinds of :mod:`wzlib.gegevens`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .fouten import WzFout
from .gegevens import Kolom, Schema, controleer_frame, pandas_dtype
from .groepen import GROEPEN, WOONVORMEN

Scope = Literal["gemeente", "regio"]
VARIANTEN = ("laag", "midden", "hoog")
GM = r"GM\d{4}"


class ResultaatFout(WzFout):
    """A result table does not match its schema in the catalogue (programming error or a tampered file)."""


@dataclass(frozen=True)
class Tabel:
    """One result table: ``naam`` (file ``<naam>.parquet``), the ``stap`` that writes it, its scope."""

    naam: str
    stap: str
    scope: Scope
    omschrijving: str
    kolommen: tuple[Kolom, ...]
    sleutel: tuple[str, ...] = ()

    @property
    def schema(self) -> Schema:
        return Schema(self.naam, f"{self.naam}.parquet", self.omschrijving, self.kolommen, self.sleutel)

    @property
    def kolomnamen(self) -> list[str]:
        return [k.naam for k in self.kolommen]

    def leeg(self) -> pd.DataFrame:
        """An empty table with the right columns and dtypes (a step with nothing to report writes this)."""
        return pd.DataFrame({k.naam: pd.Series(dtype=pandas_dtype(k)) for k in self.kolommen if k.verplicht})

    def __str__(self) -> str:
        return self.naam


def _k(naam: str, soort: str, omschrijving: str = "", *, leeg: bool = False, optioneel: bool = False,
       keuzes: tuple[str, ...] = (), patroon: str | None = None) -> Kolom:
    return Kolom(naam, soort, omschrijving or naam, verplicht=not optioneel, leeg_mag=leeg, keuzes=keuzes,
                 patroon=patroon)


def _gemeente() -> Kolom:
    return _k("gemeentecode", "code", "CBS-gemeentecode", patroon=GM)


def _jaar(leeg: bool = False) -> Kolom:
    return _k("jaar", "jaar", "jaar", leeg=leeg)


_GROEP = _k("groep", "keuze", "groepsleutel (wzlib.groepen)", keuzes=tuple(GROEPEN))
_WOONVORM = _k("woonvorm", "keuze", "woonvormsleutel (wzlib.groepen)", keuzes=tuple(WOONVORMEN))
_VARIANT = _k("variant", "keuze", "laag, midden of hoog", keuzes=VARIANTEN)
_SLEUTEL = _k("sleutel", "keuze", "verdeelsleutel", keuzes=("naar_rato", "eigen_behoefte", "lokale_kenmerken"))

# --------------------------------------------------------------------------------------------------
# Stap 1: omvang
# --------------------------------------------------------------------------------------------------
OUDEREN = Tabel("ouderen", "omvang", "gemeente", "Ouderen 65+, 75+, 85+: aantal, aandeel en alleenwonend", (
    _gemeente(), _k("leeftijdsgroep", "keuze", keuzes=("65+", "75+", "85+")), _jaar(),
    _k("aantal", "getal", "personen van die leeftijd of ouder op 1 januari", leeg=True),
    _k("inwoners", "getal", "alle inwoners", leeg=True),
    _k("aandeel", "aandeel", "aantal / inwoners", leeg=True),
    _k("alleenstaand", "getal", "alleenwonend", leeg=True),
    _k("personen_particulier", "getal", "personen in particuliere huishoudens", leeg=True),
    _k("alleenstaand_aandeel", "aandeel", "alleenstaand / personen_particulier", leeg=True),
    _k("alleenstaand_jaar", "jaar", "jaar van de huishoudcijfers", leeg=True),
), ("gemeentecode", "leeftijdsgroep"))

GROEPEN_OMVANG = Tabel("groepen", "omvang", "gemeente", "Omvang per aandachtsgroep, urgente groep en ouderengroep", (
    _gemeente(), _GROEP, _k("label", "tekst"), _k("eenheid", "tekst"),
    _k("aantal", "getal", leeg=True), _k("per_1000", "getal", "per 1.000 inwoners", leeg=True),
    _k("bron", "tekst", leeg=True), _jaar(leeg=True),
    _k("status", "keuze", keuzes=("bekend uit open data", "lokaal aangeleverd", "ontbreekt")),
    _k("instroom_per_jaar", "getal", leeg=True), _k("uitstroom_per_jaar", "getal", leeg=True),
    _k("taakstelling_per_jaar", "getal", leeg=True),
), ("gemeentecode", "groep"))

BESCHIKBAARHEID = Tabel("beschikbaarheid", "omvang", "gemeente",
                        "Beschikbaarheid van gegevens per groep in de regio (kaart 3, 1.1-3)", (
    _GROEP, _k("label", "tekst"), _k("hoofdgroep", "tekst", leeg=True), _k("wettelijk_urgent", "ja_nee"),
    _k("in_analyse", "ja_nee"), _k("open_bron", "tekst"), _k("open_ingelezen", "ja_nee"),
    _k("lokale_bron", "tekst"), _k("jaar", "tekst", "jaar of jaren van de cijfers", leeg=True),
    _k("met_cijfer", "int", leeg=True), _k("gemeenten", "int", leeg=True),
    _k("volledigheid", "aandeel", "deel van de gemeenten met een cijfer", leeg=True), _k("status", "tekst"),
), ("groep",))

# --------------------------------------------------------------------------------------------------
# Stap 2: aanbod
# --------------------------------------------------------------------------------------------------
AANBOD = Tabel("aanbod", "aanbod", "gemeente", "Aanbod per woonvorm (lokale invoer)", (
    _gemeente(), _WOONVORM, _k("aantal", "getal", leeg=True), _k("eenheid", "tekst"),
    _k("definitie", "tekst", leeg=True), _k("bron", "tekst", leeg=True), _jaar(leeg=True), _k("status", "tekst"),
), ("gemeentecode", "woonvorm", "definitie", "jaar"))

WONINGVOORRAAD = Tabel("woningvoorraad", "aanbod", "gemeente", "Woningvoorraad, eigendom, sociale huur en WOZ", (
    _gemeente(), _jaar(leeg=True), _k("woningvoorraad", "getal", leeg=True),
    _k("koop_aandeel", "aandeel", leeg=True), _k("huur_aandeel", "aandeel", leeg=True),
    _k("corporatie_aandeel", "aandeel", leeg=True), _k("sociale_huur", "getal", leeg=True),
    _k("sociale_huur_aandeel", "aandeel", leeg=True), _k("woz_x1000", "getal", leeg=True),
    _k("woningmarkt_jaar", "jaar", leeg=True), _k("ontbreekt", "tekst", leeg=True),
    _k("corporatie_woningen", "getal", "woningen in bezit van corporaties (stand-in voor sociale huur)", leeg=True,
       optioneel=True),
), ("gemeentecode",))

# --------------------------------------------------------------------------------------------------
# Stap 3: prognose
# --------------------------------------------------------------------------------------------------
BEVOLKING_PROGNOSE = Tabel("bevolking_prognose", "prognose", "gemeente", "Bevolking naar leeftijd en geslacht", (
    _gemeente(), _jaar(), _k("geslacht", "keuze", keuzes=("man", "vrouw", "totaal")),
    _k("leeftijd_van", "int"), _k("leeftijd_tot", "int", leeg=True), _VARIANT, _k("aantal", "getal"),
    _k("methode", "tekst"),
), ("gemeentecode", "jaar", "geslacht", "leeftijd_van", "variant"))

VRAAG = Tabel("vraag", "prognose", "gemeente", "Vraag per woonvorm (bevolking x kengetallen)", (
    _gemeente(), _jaar(), _WOONVORM, _VARIANT, _k("aantal", "getal", leeg=True),
), ("gemeentecode", "jaar", "woonvorm", "variant"))

GROEPEN_PROGNOSE = Tabel("groepen_prognose", "prognose", "gemeente", "Prognose per aandachtsgroep", (
    _gemeente(), _GROEP, _jaar(), _VARIANT, _k("aantal", "getal", leeg=True), _k("eenheid", "tekst"),
    _k("methode", "tekst"),
    _k("evenwicht", "getal", "evenwichtsomvang: instroom x gemiddelde verblijfsduur (leeg = geen)", leeg=True),
), ("gemeentecode", "groep", "jaar", "variant"))

DOELEN_LANDELIJK = Tabel("doelen_landelijk", "prognose", "gemeente", "Landelijke doelen naar de gemeente vertaald", (
    _gemeente(), _k("woonvorm", "tekst"), _jaar(), _k("aantal", "getal", leeg=True),
    _k("aandeel", "aandeel", "aandeel van de gemeente in de verdeelsleutel", leeg=True), _k("grondslag", "tekst"),
), ("gemeentecode", "woonvorm", "jaar"))

KENGETALLEN = Tabel("kengetallen", "prognose", "gemeente", "De gebruikte kengetallen met bron en herkomst", (
    _k("onderdeel", "tekst"), _k("sleutel", "tekst"), _k("waarde", "getal", leeg=True), _k("type", "tekst", leeg=True),
    _k("bron", "tekst", leeg=True), _k("toelichting", "tekst", leeg=True), _k("herkomst", "tekst", leeg=True),
), ("onderdeel", "sleutel"))

# --------------------------------------------------------------------------------------------------
# Stap 4: spreiding (regio)
# --------------------------------------------------------------------------------------------------
CONCENTRATIE = Tabel("concentratie", "spreiding", "regio", "Waar de groepen nu wonen: dichtheden en concentratie", (
    _k("groep", "tekst"), _gemeente(), _k("aantal", "getal", leeg=True), _k("inwoners", "getal", leeg=True),
    _k("per_1000_inwoners", "getal", leeg=True), _k("sociale_huurvoorraad", "getal", leeg=True),
    _k("per_1000_sociale_huur", "getal", leeg=True), _k("aandeel_regio", "aandeel", leeg=True),
    _k("aandeel_inwoners", "aandeel", leeg=True), _k("concentratie_index", "getal", leeg=True),
), ("groep", "gemeentecode"))

KENMERKEN = Tabel("kenmerken", "spreiding", "regio", "Kenmerken per gemeente voor de verdeelsleutels", (
    _gemeente(), _k("inwoners", "getal", leeg=True), _k("woningvoorraad", "getal", leeg=True),
    _k("sociale_huurvoorraad", "getal", leeg=True), _k("mutaties", "getal", leeg=True), _k("mutaties_bron", "tekst"),
    _k("nieuwbouw_per_jaar", "getal", leeg=True), _k("afstand_voorzieningen_km", "getal", leeg=True),
    _k("concentratie_index", "getal", leeg=True),
), ("gemeentecode",))

OPGAVE = Tabel("opgave", "spreiding", "regio", "De regionale opgave per groep en of die verdeeld wordt", (
    _k("groep", "tekst"), _k("eenheid", "tekst"), _k("per_jaar", "ja_nee"), _k("bron", "tekst", leeg=True),
    _k("totaal", "int", "som van de getoonde (hele) aantallen per gemeente", leeg=True),
    _k("huidige_inzet", "getal", leeg=True), _k("verdeeld", "ja_nee"), _k("reden", "tekst", leeg=True),
    _k("soort", "tekst", "bouwopgave (vraag - aanbod - plannen), vraag (aanbod onbekend) of jaarlijkse vraag",
       optioneel=True),
), ("groep",))

TAAKSTELLINGEN = Tabel("taakstellingen", "spreiding", "regio", "Art. 29 Huisvestingswet: taakstelling naar inwoners", (
    _k("groep", "tekst"), _k("periode", "tekst"), _k("totaal", "int", "regionaal totaal (regio-parameters)"),
    _gemeente(), _k("inwoners", "getal"), _k("aandeel", "aandeel", "aandeel in de inwoners van de regio"),
    _k("quotum", "getal", "totaal x aandeel (exact)"), _k("toedeling", "int", "quotum naar boven afgerond"),
    _k("afronding", "getal", "toedeling - quotum"), _k("bron", "tekst", leeg=True),
), ("groep", "periode", "gemeentecode"))

RUILINGEN = Tabel("ruilingen", "spreiding", "regio", "Grootboek van de ruilingen (art. 29 lid 2)", (
    _k("nr", "int"), _SLEUTEL, _k("groep", "tekst"), _k("van", "code", patroon=GM), _k("naar", "code", patroon=GM),
    _k("aantal", "int"), _k("reden", "tekst"), _k("van_voor", "int"), _k("van_na", "int"), _k("naar_voor", "int"),
    _k("naar_na", "int"),
), ("nr", "sleutel"))

SOCIALE_HUUR_30 = Tabel("sociale_huur_30", "spreiding", "regio", "Afstand tot het doel voor sociale huur", (
    _gemeente(), _k("woningvoorraad", "getal", leeg=True), _k("sociale_huurvoorraad", "getal", leeg=True),
    _k("aandeel_sociale_huur", "aandeel", leeg=True), _k("doel", "aandeel"),
    _k("afstand_tot_doel", "getal", "doel - aandeel (fractie; negatief = boven het doel)", leeg=True),
    _k("tekort", "getal", leeg=True), _k("nieuwbouw_termijn", "getal", leeg=True),
    _k("benodigd_aandeel_nieuwbouw", "getal", "fractie van de nieuwbouw; boven 1 = niet haalbaar", leeg=True),
    _k("groei_bij_n", "getal", leeg=True), _k("status", "tekst"),
), ("gemeentecode",))

SPREIDINGSMATEN = Tabel("spreidingsmaten", "spreiding", "regio", "Totalen en spreiding van de last per sleutel", (
    _SLEUTEL, _k("sleutel_naam", "tekst"), _k("groep", "tekst"), _k("totaal", "int"), _k("som_toedeling", "int"),
    _k("afrondingsverschil", "getal"), _k("maat", "tekst"), _k("gini", "getal", leeg=True),
    _k("max_min", "getal", leeg=True), _k("laagste", "getal", leeg=True), _k("hoogste", "getal", leeg=True),
    _k("soort", "tekst", "bouwopgave, vraag (aanbod onbekend) of jaarlijkse vraag", leeg=True, optioneel=True),
), ("sleutel", "groep"))

VERDELING = Tabel("verdeling", "spreiding", "regio", "Toedeling van de opgave per sleutel, groep en gemeente", (
    _SLEUTEL, _k("sleutel_naam", "tekst"), _k("groep", "tekst"), _k("eenheid", "tekst"), _k("per_jaar", "ja_nee"),
    _gemeente(), _k("aandeel", "aandeel", leeg=True), _k("afronding", "tekst"), _k("toedeling_berekend", "int"),
    _k("ruiling", "getal"), _k("toedeling", "int"), _k("huidige_inzet", "getal", leeg=True),
    _k("verschil", "getal", leeg=True),
    _k("last", "getal", "toedeling / vrijkomende sociale huurwoningen per jaar (fractie)", leeg=True),
    _k("soort", "tekst", "bouwopgave, vraag (aanbod onbekend) of jaarlijkse vraag", leeg=True, optioneel=True),
), ("sleutel", "groep", "gemeentecode"))

WIJKEN_OUDEREN = Tabel("wijken_ouderen", "spreiding", "regio", "Wijken naar aandeel 65-plussers", (
    _k("rang", "int"), _gemeente(), _k("gemeente", "tekst"), _k("gebiedscode", "code", patroon=r"WK\d{6}"),
    _k("naam", "tekst"), _jaar(leeg=True), _k("inwoners", "getal"), _k("leeftijd_65_plus", "getal", leeg=True),
    _k("aandeel_65_plus", "aandeel", leeg=True), _k("index_65_plus", "getal", leeg=True),
    _k("huishoudens", "getal", leeg=True), _k("eenpersoonshuishoudens", "getal", leeg=True),
    _k("aandeel_eenpersoons", "aandeel", leeg=True),
    _k("afstand_huisarts_km", "getal", leeg=True, optioneel=True),
    _k("afstand_supermarkt_km", "getal", leeg=True, optioneel=True),
), ("gebiedscode",))

# --------------------------------------------------------------------------------------------------
# Stap 5: confrontatie (gemeente) and its regional summary
# --------------------------------------------------------------------------------------------------
_CONFRONTATIE_KOLOMMEN = (
    _WOONVORM, _jaar(), _VARIANT, _k("vraag", "getal", leeg=True), _k("aanbod", "getal", leeg=True),
    _k("plan_cumulatief", "getal"), _k("tekort_zonder_plan", "getal", leeg=True),
    _k("tekort_met_plan", "getal", "vraag - aanbod - plannen; + = tekort, - = overschot", leeg=True),
    _k("methode", "tekst"),
)
CONFRONTATIE = Tabel("confrontatie", "confrontatie", "gemeente", "Vraag, aanbod, plannen en tekort per woonvorm",
                     (_gemeente(), *_CONFRONTATIE_KOLOMMEN), ("gemeentecode", "woonvorm", "jaar", "variant"))

URGENTIE = Tabel("urgentie", "confrontatie", "gemeente", "Aandeel van de toewijzingen dat naar urgenten moet", (
    _gemeente(), _jaar(), _k("vraag_urgent", "getal", leeg=True), _k("mutaties", "getal", leeg=True),
    _k("aandeel", "getal", "vraag_urgent / mutaties (fractie; kan boven 1)", leeg=True), _k("norm", "aandeel"),
    _k("ruimte_bij_norm", "getal", leeg=True), _k("verschil", "getal", leeg=True),
    _k("boven_norm", "ja_nee", leeg=True), _k("bron_vraag", "tekst"), _k("bron_mutaties", "tekst", leeg=True),
), ("gemeentecode", "jaar"))

BEVINDINGEN = Tabel("bevindingen", "confrontatie", "gemeente", "Bevindingen voor de partnerronde", (
    _k("id", "tekst"), _gemeente(), _k("gemeente", "tekst"),
    _k("onderwerp", "keuze", keuzes=("aanbod", "vraag", "tekort", "omvang", "urgentie")), _k("sleutel", "tekst"),
    _jaar(leeg=True), _k("bevinding", "tekst"),
    _k("waarde", "getal", "het cijfer zoals op het reviewblad (eenheid '%': procenten)", leeg=True),
    _k("eenheid", "tekst", leeg=True), _k("bron", "tekst", leeg=True), _k("waarde_data", "getal", leeg=True),
    _k("gecorrigeerd", "ja_nee"), _k("gecorrigeerd_door", "tekst", leeg=True),
), ("id",))

REACTIES = Tabel("reacties", "confrontatie", "gemeente", "Reacties van partners op de bevindingen van de gemeente "
                 "(en de algemene vragen)", (
    _k("partner", "tekst"), _k("soort", "tekst", leeg=True), _k("id", "tekst"),
    _k("gemeentecode", "code", leeg=True, patroon=GM), _k("herkenbaar", "tekst", leeg=True),
    _k("correctie", "getal", leeg=True), _k("toelichting", "tekst", leeg=True), _k("bron", "tekst", leeg=True),
    _k("datum", "tekst", leeg=True), _k("waarde_blad", "getal", leeg=True), _k("bestand", "tekst"),
    _k("regel", "int", leeg=True),
))

AUDIT = Tabel("audit", "confrontatie", "gemeente", "Logboek van correcties door partners", (
    _k("bevinding", "tekst"), _gemeente(), _k("onderwerp", "tekst"), _k("partner", "tekst"),
    _k("soort", "tekst", leeg=True), _k("oud", "getal", leeg=True), _k("nieuw", "getal", leeg=True),
    _k("reden", "tekst", leeg=True), _k("bron", "tekst", leeg=True), _k("datum", "tekst", leeg=True),
    _k("status", "tekst"), _k("toegepast", "ja_nee"), _k("bestand", "tekst", leeg=True),
))

CONFRONTATIE_REGIO = Tabel("confrontatie_regio", "confrontatie_regio", "regio",
                           "Vraag, aanbod en tekort opgeteld over de gemeenten (som van de getoonde hele aantallen)",
                           (_k("gemeentecode", "code", "'regio'", patroon="regio"), *_CONFRONTATIE_KOLOMMEN,
                            _k("gemeenten", "int", "aantal gemeenten met een tekortcijfer"),
                            _k("ontbreekt", "tekst", "gemeenten zonder resultaat (namen)", leeg=True)),
                           ("woonvorm", "jaar", "variant"))

URGENTIE_REGIO = Tabel("urgentie_regio", "confrontatie_regio", "regio", "Aandeel naar urgenten voor de regio", (
    _jaar(), _k("vraag_urgent", "getal", leeg=True), _k("mutaties", "getal", leeg=True),
    _k("aandeel", "getal", leeg=True), _k("norm", "aandeel", leeg=True), _k("boven_norm", "ja_nee", leeg=True),
    _k("gemeenten", "int", "aantal gemeenten met vraag en mutaties"),
), ("jaar",))

HERKENNING_REGIO = Tabel("herkenning_regio", "confrontatie_regio", "regio", "Herkenning per partner over de regio", (
    _k("partner", "tekst"), _k("beantwoord", "int"), _k("ja", "int"), _k("deels", "int"), _k("nee", "int"),
    _k("aandeel_herkend", "aandeel", leeg=True), _k("aandeel_herkend_of_deels", "aandeel", leeg=True),
), ("partner",))

# --------------------------------------------------------------------------------------------------
# Stap 6: ambities (per gemeente, and whether they add up to the regio's fair share)
# --------------------------------------------------------------------------------------------------
_AMBITIE_GROEP = _k("groep", "keuze", "groepsleutel (wzlib.groepen), 'ouderen' of 'alle'",
                    keuzes=(*GROEPEN, "ouderen", "alle"))
_OORDEEL = _k("uitkomst", "keuze", "voldoet, voldoet niet, onbekend of n.v.t.",
              keuzes=("voldoet", "voldoet niet", "onbekend", "n.v.t."))
AMBITIES = Tabel("ambities", "ambities", "gemeente", "SMART ambities per groep en woonvorm (kaart 4; beleid)", (
    _gemeente(), _AMBITIE_GROEP, _WOONVORM, _k("doeljaar", "jaar"), _k("aantal", "getal", "het doel (beleid)"),
    _k("eenheid", "keuze", keuzes=("eenheden", "plaatsen", "procent")), _k("omschrijving", "tekst"),
    _k("bron", "tekst", leeg=True),
), ("gemeentecode", "groep", "woonvorm", "doeljaar"))

AMBITIE_TOETSEN = Tabel("ambitie_toetsen", "ambities", "gemeente", "Elke ambitie getoetst aan de analyse", (
    _gemeente(), _k("nr", "int", "volgnummer van de ambitie (0: toets over alle ambities)"),
    _k("groep", "tekst", leeg=True), _WOONVORM, _k("doeljaar", "jaar", leeg=True),
    _k("toets", "keuze", keuzes=("eenheid", "dekking", "prioriteit")),
    _k("variant", "keuze", "laag, midden of hoog (alleen bij dekking)", leeg=True, keuzes=VARIANTEN),
    _k("ambitie", "getal", "ambities voor deze woonvorm tot en met dit doeljaar samen, in de eenheid van de woonvorm",
       leeg=True),
    _k("tekort", "getal", "tekort met plannen in het doeljaar (stap 5; + = tekort)", leeg=True),
    _k("dekking", "getal", "ambitie / tekort (fractie; boven 1 = meer dan het tekort)", leeg=True),
    _OORDEEL, _k("toelichting", "tekst", leeg=True),
), ("gemeentecode", "nr", "toets", "variant", "woonvorm"))

AMBITIES_REGIO = Tabel("ambities_regio", "ambities_regio", "regio",
                       "Ambities van de gemeenten tegen hun deel van de regionale opgave (stap 4)", (
    _SLEUTEL, _k("groep", "tekst"), _gemeente(), _k("eenheid", "tekst"), _k("per_jaar", "ja_nee"),
    _k("toedeling", "int", "het deel van de gemeente (verdeling, stap 4)"),
    _k("huidige_inzet", "getal", leeg=True),
    _k("benodigd", "getal", "wat de ambities moeten toevoegen (toedeling, of toedeling - aanbod)", leeg=True),
    _k("ambitie", "getal", "de ambities van de gemeente voor deze groep (per jaar bij per_jaar)", leeg=True),
    _k("verschil", "getal", "ambitie - benodigd", leeg=True), _OORDEEL, _k("toelichting", "tekst", leeg=True),
), ("sleutel", "groep", "gemeentecode"))

# --------------------------------------------------------------------------------------------------
# Stap 7: monitoring (per gemeente; kaart 5)
# --------------------------------------------------------------------------------------------------
MONITOR_VERSCHILLEN = Tabel("monitor_verschillen", "monitoring", "gemeente",
                            "Cijfers die veranderden sinds een eerdere analyse (momentopname), en waarom", (
    _gemeente(), _k("tabel", "tekst", "resultaattabel"), _k("cijfer", "tekst", "welk cijfer (sleutel van de rij)"),
    _k("kolom", "tekst"), _k("soort", "keuze", keuzes=("aantal", "aandeel")),
    _k("oud", "getal", "waarde in de eerdere analyse; leeg: onbekend of afgeschermd", leeg=True),
    _k("nieuw", "getal", "waarde nu; leeg: onbekend of afgeschermd", leeg=True),
    _k("verschil", "getal", leeg=True), _k("relatief", "getal", "verschil / oud", leeg=True),
    _k("afgeschermd", "ja_nee", "onder de drempel in een van beide analyses: niet getoond"),
    _k("soort_oorzaak", "tekst", "datajaar, parameter, lokale invoer, brongegevens, rekenwijze of onbekend"),
    _k("oorzaak", "tekst", "de oorzaak uit de vingerafdrukken: parameter met oude en nieuwe waarde, bestand"),
), ("gemeentecode", "tabel", "cijfer", "kolom"))

REALISATIE = Tabel("realisatie", "monitoring", "gemeente",
                   "Gerealiseerd per woonvorm tegen de plannen en de ambities, met het resterende gat", (
    _gemeente(), _WOONVORM, _k("tot_jaar", "jaar", "laatste jaar met realisatie"),
    _k("gerealiseerd", "getal", "opgeleverd tot en met tot_jaar; leeg: geen realisatie aangeleverd", leeg=True),
    _k("gepland_tot_jaar", "getal", "plancapaciteit met opleverjaar tot en met tot_jaar", leeg=True),
    _k("achterstand_plan", "getal", "gepland_tot_jaar - gerealiseerd (+ = achter op plan)", leeg=True),
    _k("gepland_totaal", "getal", "alle plancapaciteit", leeg=True),
    _k("ambitie", "getal", "ambitie (eenheden of plaatsen) op het doeljaar", leeg=True),
    _k("doeljaar", "jaar", leeg=True),
    _k("resterend_ambitie", "getal", "ambitie - gerealiseerd", leeg=True),
    _k("per_jaar_nodig", "getal", "resterend_ambitie per jaar tot het doeljaar", leeg=True),
), ("gemeentecode", "woonvorm"))

TRENDS = Tabel("trends", "monitoring", "gemeente", "Inwoners en 65+/75+/85+ over alle jaren, gemeente en regio", (
    _gemeente(), _k("reeks", "keuze", keuzes=("inwoners", "65+", "75+", "85+")), _jaar(),
    _k("aantal", "getal", "personen op 1 januari", leeg=True),
    _k("regio_aantal", "getal", "hetzelfde voor de regio; leeg als een gemeente geen cijfer heeft", leeg=True),
    _k("index", "getal", "eerste jaar = 100", leeg=True), _k("regio_index", "getal", leeg=True),
    _k("bron", "tekst", leeg=True),
), ("gemeentecode", "reeks", "jaar"))

# --------------------------------------------------------------------------------------------------
# Stap 8: woonzorgvisie-meter (per gemeente, en de regio naast elkaar)
# --------------------------------------------------------------------------------------------------
_METER_STATUS = ("niet gestart", "bezig", "gereed", "n.v.t.", "niet ingevuld")
METER = Tabel("meter", "meter", "gemeente", "Woonzorgvisie-meter: stand per kaart en item (kaart 3 uit de analyse)", (
    _gemeente(), _k("kaart", "int"), _k("nummer", "tekst", "nummer in de meter"),
    _k("soort", "keuze", keuzes=("onderdeel", "toets")), _k("onderdeel", "tekst"),
    _k("status", "keuze", "de stand (bij een item uit de analyse: die van de analyse)", keuzes=_METER_STATUS),
    _k("status_analyse", "tekst", "wat de analyse zegt (leeg: de analyse weet het niet)", leeg=True),
    _k("cijfer", "tekst", "het cijfer uit de analyse achter status_analyse", leeg=True),
    _k("status_gemeente", "tekst", "wat de gemeente in de meter invulde", leeg=True),
    _k("verschil", "ja_nee", "analyse en gemeente zeggen iets anders"),
    _k("datum", "tekst", leeg=True), _k("wie", "tekst", leeg=True), _k("opmerking", "tekst", leeg=True),
), ("gemeentecode", "kaart", "nummer", "soort"))

METER_REGIO = Tabel("meter_regio", "meter_regio", "regio",
                    "Woonzorgvisie-meter per gemeente en kaart: stand en volgende stap", (
    _gemeente(), _k("kaart", "int"), _k("items", "int"), _k("gereed", "int"), _k("bezig", "int"),
    _k("niet_gestart", "int"), _k("nvt", "int"), _k("niet_ingevuld", "int"),
    _k("aandeel_gereed", "aandeel", "gereed / (items - n.v.t.)", leeg=True),
    _k("volgende", "tekst", "het eerste item dat nog niet gereed is", leeg=True),
), ("gemeentecode", "kaart"))

# --------------------------------------------------------------------------------------------------
# Stap 9: samenvatting (per gemeente, over alle stappen)
# --------------------------------------------------------------------------------------------------
SAMENVATTING = Tabel("samenvatting", "samenvatting", "gemeente",
                     "Kerncijfers van de gemeente over alle stappen, zoals de samenvatting ze toont", (
    _gemeente(), _k("onderwerp", "keuze", keuzes=("omvang", "aanbod", "prognose", "tekort", "spreiding", "partners")),
    _k("kerncijfer", "tekst"), _k("soort", "keuze", keuzes=("aantal", "pct", "factor", "per_1000", "tekst")),
    _k("waarde", "getal", "het cijfer (aandelen als fractie); leeg: onbekend", leeg=True),
    _k("regio", "getal", "hetzelfde cijfer voor de regio, waar bekend", leeg=True),
    _k("tekst", "tekst", "het cijfer als tekst (soort 'tekst')", leeg=True),
), ("gemeentecode", "kerncijfer"))

# --------------------------------------------------------------------------------------------------
TABELLEN: dict[str, Tabel] = {t.naam: t for t in (
    OUDEREN, GROEPEN_OMVANG, BESCHIKBAARHEID, AANBOD, WONINGVOORRAAD, BEVOLKING_PROGNOSE, VRAAG, GROEPEN_PROGNOSE,
    DOELEN_LANDELIJK, KENGETALLEN, CONCENTRATIE, KENMERKEN, OPGAVE, RUILINGEN, SOCIALE_HUUR_30, SPREIDINGSMATEN,
    TAAKSTELLINGEN,
    VERDELING, WIJKEN_OUDEREN, CONFRONTATIE, URGENTIE, BEVINDINGEN, REACTIES, AUDIT, CONFRONTATIE_REGIO,
    URGENTIE_REGIO, HERKENNING_REGIO, AMBITIES, AMBITIE_TOETSEN, AMBITIES_REGIO, REALISATIE, MONITOR_VERSCHILLEN,
    TRENDS, METER, METER_REGIO, SAMENVATTING)}


def tabel(naam: str | Tabel) -> Tabel:
    """The table with this name; a Dutch error with the nearest names otherwise."""
    if isinstance(naam, Tabel):
        return naam
    if naam in TABELLEN:
        return TABELLEN[naam]
    tip = difflib.get_close_matches(str(naam), list(TABELLEN), n=3)
    raise ResultaatFout(f"Onbekende resultaattabel '{naam}'" + (f"; bedoelde u: {', '.join(tip)}?" if tip else "")
                        + f" Bekend: {', '.join(TABELLEN)}.")


def van_stap(stap: str) -> tuple[Tabel, ...]:
    """The tables the step with key ``stap`` writes, in catalogue order."""
    return tuple(t for t in TABELLEN.values() if t.stap == stap)


def controleer(t: Tabel, df: pd.DataFrame, *, wie: str, waar: str) -> None:
    """Check ``df`` against the schema of ``t``; ``wie`` is the gemeentecode for gemeente tables.

    A gemeente table may only hold rows of that gemeente. Raises :class:`ResultaatFout` naming the
    table, where it is (``waar``: 'bij het schrijven' / the file) and every problem.
    """
    if not isinstance(df, pd.DataFrame):
        raise ResultaatFout(f"Resultaat '{t.naam}' {waar}: verwacht een tabel (DataFrame), niet {type(df).__name__}.")
    problemen = controleer_frame(df, t.schema)
    if t.scope == "gemeente" and "gemeentecode" in df.columns and not problemen:
        anders = sorted(set(df["gemeentecode"].dropna().astype(str)) - {wie})
        if anders:
            problemen.append(f"bevat regels van andere gemeenten ({', '.join(anders[:5])}); een gemeentetabel "
                             f"bevat alleen regels van {wie}")
    if problemen:
        raise ResultaatFout(f"Resultaat '{t.naam}' (stap {t.stap}, {wie}) {waar} klopt niet met de catalogus "
                            f"(wzlib/catalogus.py):\n" + "\n".join(f"  - {p}" for p in problemen))
