"""Registry of the groups of the woonzorganalyse (aandachtsgroepen, urgent groups, ouderen) and of the woonvormen.

One place for the keys that params files, local input files (``wzlib.bronnen.lokaal``), steps and
reports use. Labels and hints are Dutch (shown to users); keys are ``snake_case`` and stable.

Which groups are "wettelijk" follows the process documents (domein.md §2: *Een thuis voor iedereen*,
kaart 3, the list of urgent groups); check against the final text of the Wet versterking regie
volkshuisvesting before relying on ``wettelijk_urgent`` for a distribution. The regio chooses which
groups are in scope (``groepen:`` in ``params/regios/<regio>.yaml``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from .fouten import WzFout

GroepSoort = Literal["aandachtsgroep", "urgent", "ouderen"]
Eenheid = Literal["personen", "huishoudens"]


class OnbekendeSleutel(WzFout, KeyError):
    """An unknown group or woonvorm key; the Dutch message suggests the nearest keys."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Woonvorm:
    """A kind of housing (or place) the analysis counts in aanbod, plancapaciteit and demand."""

    sleutel: str
    label: str
    eenheid: str  # what one counts: woningen, wooneenheden, plaatsen, standplaatsen, bedden
    definitie_opties: tuple[str, ...] = ()  # accepted definitions (aanbod.csv, column 'definitie')
    definitie_verplicht: bool = False  # aanbod.csv must state which definition was counted
    omschrijving: str = ""


@dataclass(frozen=True)
class Groep:
    """One group of the analysis.

    ``wettelijk``: named in the law (aandachtsgroep of the volkshuisvestingsprogramma, or a
    verplichte urgentiecategorie). ``wettelijk_urgent``: on the list of verplichte urgentiecategorieën
    (process documents), relevant for the regional distribution of urgenten. ``open_bron``: CBS StatLine
    table with gemeente figures (or a proxy) when one exists. ``aantal_omschrijving``: what the column
    ``aantal`` of ``aandachtsgroepen.csv`` means for this group.
    """

    sleutel: str
    label: str
    soort: GroepSoort
    wettelijk: bool
    open_bron: str | None
    open_bron_niveau: str | None
    lokale_bron_suggestie: str | None
    eenheid: Eenheid
    woonvormen: tuple[str, ...]
    hoofdgroep: str = ""  # the aandachtsgroep of the law this group belongs to (for grouping in reports)
    wettelijk_urgent: bool = False
    aantal_omschrijving: str = ""
    stroom_omschrijving: str = ""  # what instroom/uitstroom per jaar mean, if used
    leeftijd_van: int | None = None  # ouderen: computed from bevolking (age >= leeftijd_van)
    aliassen: tuple[str, ...] = ()  # other names, only used to suggest the right key

    @property
    def lokale_invoer(self) -> bool:
        """True when the number comes from local input (aandachtsgroepen.csv); ouderen are computed."""
        return self.soort != "ouderen"


# --------------------------------------------------------------------------------------------------
# Woonvormen
# --------------------------------------------------------------------------------------------------

GECLUSTERD_RIGO = "≥5 wooneenheden (RIGO)"
GECLUSTERD_CBS = "≥12 wooneenheden (CBS)"

_WOONVORMEN = (
    Woonvorm("nultreden", "Nultredenwoning / levensloopbestendige woning", "woningen",
             ("nultredenwoning", "levensloopbestendig"),
             omschrijving="Woning waarvan woonkamer, keuken, badkamer, toilet en een slaapkamer zonder "
                          "traplopen bereikbaar zijn (ook appartement met lift)."),
    Woonvorm("geclusterd", "Geclusterde woonvorm", "wooneenheden",
             (GECLUSTERD_RIGO, GECLUSTERD_CBS), definitie_verplicht=True,
             omschrijving="Zelfstandige woningen bij elkaar met een ontmoetingsruimte, bedoeld voor "
                          "ouderen. RIGO (Monitor geclusterd wonen) telt vanaf 5 wooneenheden, CBS vanaf 12 "
                          "met ontmoetingsruimte en minstens 50% 55+. Vermeld welke definitie is geteld."),
    Woonvorm("verpleegzorg", "Intramurale verpleegzorgplaats", "plaatsen",
             ("Wlz-verpleeghuisplaats (intramuraal)", "incl. verpleegzorggeschikte woningen (VPT/MPT)"),
             omschrijving="Plaats in een verpleeghuis (Wlz, zorgprofiel VV-05 t/m VV-10)."),
    Woonvorm("beschermd_wonen", "Beschermd wonen", "plaatsen",
             omschrijving="Plaats in een beschermd-wonenvoorziening (Wmo, centrumgemeente)."),
    Woonvorm("opvang", "Maatschappelijke opvang", "plaatsen",
             omschrijving="Plaats in de maatschappelijke opvang of vrouwenopvang (nacht-, crisis- of "
                          "24-uursopvang)."),
    Woonvorm("woonwagenstandplaats", "Woonwagenstandplaats", "standplaatsen",
             omschrijving="Standplaats voor een woonwagen (BAG: standplaats met woonfunctie)."),
    Woonvorm("studentenwoning", "Studentenwoning", "wooneenheden",
             ("onzelfstandig (kamer)", "zelfstandig (studio)"),
             omschrijving="Wooneenheid (kamer of studio) bestemd voor studenten."),
    Woonvorm("arbeidsmigranten", "Huisvesting arbeidsmigranten", "bedden",
             ("bedden", "plaatsen"),
             omschrijving="Bedden/plaatsen in huisvesting voor arbeidsmigranten (short-, mid- of "
                          "longstay)."),
    Woonvorm("sociale_huur", "Sociale huurwoning", "woningen",
             omschrijving="Huurwoning onder de liberalisatiegrens (corporatie of particulier); de "
                          "woonvorm waarin de meeste urgenten en uitstromers worden gehuisvest."),
)

WOONVORMEN: dict[str, Woonvorm] = {w.sleutel: w for w in _WOONVORMEN}


# --------------------------------------------------------------------------------------------------
# Groepen
# --------------------------------------------------------------------------------------------------

_DAK = "(Dreigend) dak- en thuisloze mensen"
_UIT = "Uitstroom intramurale voorzieningen"
_URG = "Mensen met een urgentie"
_STROOM_UIT = ("instroom_per_jaar: nieuwe cliënten per jaar; uitstroom_per_jaar: uitstroom naar een "
               "zelfstandige woonplek (met of zonder begeleiding) per jaar")
_STAND = "personen in de voorziening op de peildatum"
_URGENTIE = "toegekende urgentieverklaringen in het jaar (huishoudens)"

_GROEPEN = (
    Groep("dak_thuislozen", "(Dreigend) dak- en thuislozen", "aandachtsgroep", True,
          None, None,
          "centrumgemeente maatschappelijke opvang / GGD (CBS Monitor Dakloosheid alleen per centrumregio)",
          "personen", ("opvang", "sociale_huur"), hoofdgroep=_DAK,
          aantal_omschrijving="dak- en thuisloze personen (incl. dreigend) op de peildatum",
          stroom_omschrijving="instroom_per_jaar: nieuwe meldingen per jaar",
          aliassen=("daklozen", "thuislozen", "dakloosheid")),
    Groep("uitstroom_bw", "Uitstroom beschermd wonen", "urgent", True,
          None, None, "centrumgemeente beschermd wonen / regionale toegang BW",
          "personen", ("beschermd_wonen", "sociale_huur"), hoofdgroep=_UIT, wettelijk_urgent=True,
          aantal_omschrijving="cliënten in beschermd wonen (" + _STAND + ")",
          stroom_omschrijving=_STROOM_UIT, aliassen=("bw", "beschermd wonen")),
    Groep("uitstroom_mo", "Uitstroom maatschappelijke opvang", "urgent", True,
          None, None, "centrumgemeente maatschappelijke opvang",
          "personen", ("opvang", "sociale_huur"), hoofdgroep=_UIT, wettelijk_urgent=True,
          aantal_omschrijving="personen in de maatschappelijke opvang (" + _STAND + ")",
          stroom_omschrijving=_STROOM_UIT, aliassen=("mo", "maatschappelijke opvang", "opvang")),
    Groep("uitstroom_ggz", "Uitstroom GGZ (klinisch)", "urgent", True,
          None, None, "zorgkantoor (Wlz-ggz) / GGZ-instelling",
          "personen", ("beschermd_wonen", "sociale_huur"), hoofdgroep=_UIT, wettelijk_urgent=True,
          aantal_omschrijving="personen in langdurige klinische GGZ of Wlz-ggz (" + _STAND + ")",
          stroom_omschrijving=_STROOM_UIT, aliassen=("ggz", "wlz-ggz", "psychiatrie")),
    Groep("uitstroom_jeugdzorg", "Uitstroom jeugdzorg (met verblijf)", "urgent", True,
          "85097NED", "gemeente (proxy: jeugdzorg met verblijf; zie ook 85094NED, 85098NED)",
          "centrumgemeente / jeugdzorgregio, jeugdhulpaanbieders",
          "personen", ("sociale_huur",), hoofdgroep=_UIT, wettelijk_urgent=True,
          aantal_omschrijving="jongeren (16+) in jeugdzorg met verblijf (" + _STAND + ")",
          stroom_omschrijving=_STROOM_UIT, aliassen=("jeugdzorg", "jeugdhulp", "jeugd")),
    Groep("uitstroom_detentie", "Uitstroom detentie", "urgent", True,
          "85980NED", "gemeente",
          "woonruimteverdeling urgentiecijfers / Dienst Justitiële Inrichtingen (re-integratie)",
          "personen", ("sociale_huur",), hoofdgroep=_UIT, wettelijk_urgent=True,
          aantal_omschrijving="gedetineerden (> 3 maanden) met woonplaats in de gemeente (" + _STAND + ")",
          stroom_omschrijving=_STROOM_UIT, aliassen=("detentie", "ex-gedetineerden", "gevangenis")),
    Groep("medische_urgentie", "Medische urgentie (incl. ernstig chronisch zieken)", "urgent", True,
          "86137NED", "gemeente / wijk (proxy: Gezondheidsmonitor, beperkingen)",
          "woonruimteverdeling urgentiecijfers / urgentiecommissie",
          "huishoudens", ("sociale_huur", "nultreden"), hoofdgroep=_URG, wettelijk_urgent=True,
          aantal_omschrijving=_URGENTIE,
          stroom_omschrijving="instroom_per_jaar: aanvragen per jaar",
          aliassen=("medisch", "chronisch zieken")),
    Groep("sociale_urgentie", "Sociale urgentie", "urgent", False,
          None, None, "woonruimteverdeling urgentiecijfers / urgentiecommissie",
          "huishoudens", ("sociale_huur",), hoofdgroep=_URG,
          aantal_omschrijving=_URGENTIE,
          stroom_omschrijving="instroom_per_jaar: aanvragen per jaar",
          aliassen=("sociaal", "urgentie")),
    Groep("mantelzorg", "Mantelzorg (urgentie)", "urgent", True,
          "86137NED", "gemeente / wijk (proxy: mantelzorgers, Gezondheidsmonitor)",
          "woonruimteverdeling urgentiecijfers (mantelzorgurgentie)",
          "huishoudens", ("sociale_huur", "nultreden"), hoofdgroep=_URG, wettelijk_urgent=True,
          aantal_omschrijving=_URGENTIE,
          stroom_omschrijving="instroom_per_jaar: aanvragen per jaar",
          aliassen=("mantelzorgers", "mantelzorgverleners")),
    Groep("huiselijk_geweld", "Slachtoffers huiselijk geweld / mensenhandel (uitstroom vrouwenopvang)", "urgent",
          True, "84847NED", "gemeente / Veilig Thuis-regio (proxy: meldingen Veilig Thuis)",
          "centrumgemeente vrouwenopvang / Veilig Thuis",
          "personen", ("opvang", "sociale_huur"), hoofdgroep=_UIT, wettelijk_urgent=True,
          aantal_omschrijving="personen in de vrouwenopvang (" + _STAND + ")",
          stroom_omschrijving=_STROOM_UIT,
          aliassen=("vrouwenopvang", "mensenhandel", "huiselijk geweld")),
    Groep("sekswerkers", "Uitstappende sekswerkers", "urgent", True,
          None, None, "centrumgemeente / uitstapprogramma (DUUP-regeling)",
          "personen", ("sociale_huur",), hoofdgroep=_URG, wettelijk_urgent=True,
          aantal_omschrijving="deelnemers uitstapprogramma met een woonvraag in het jaar",
          aliassen=("duup", "uitstappers", "prostitutie")),
    Groep("statushouders", "Statushouders (vergunninghouders)", "aandachtsgroep", True,
          "85980NED", "gemeente",
          "taakstelling: Circulaire taakstelling vergunninghouders (Bijlage A); gehuisvest: COA / gemeente",
          "personen", ("sociale_huur",), hoofdgroep="Statushouders",
          aantal_omschrijving="gehuisveste vergunninghouders in het jaar (personen)",
          stroom_omschrijving="taakstelling_per_jaar: wettelijke taakstelling (som van beide halfjaren)",
          aliassen=("vergunninghouders", "asielzoekers", "nieuwkomers")),
    Groep("studenten", "Studenten", "aandachtsgroep", True,
          "85980NED", "gemeente", "onderwijsinstellingen / Kences landelijke monitor studentenhuisvesting",
          "personen", ("studentenwoning",), hoofdgroep="Studenten",
          aantal_omschrijving="uitwonende studenten woonachtig in de gemeente",
          stroom_omschrijving="instroom_per_jaar: nieuwe (uitwonende) studenten per jaar",
          aliassen=("student", "studentenhuisvesting")),
    Groep("arbeidsmigranten", "Arbeidsmigranten", "aandachtsgroep", True,
          "85644NED", "gemeente",
          "RNI/BRP-inschrijvingen, uitzendbureaus, huisvesters (schatting; definitie vermelden)",
          "personen", ("arbeidsmigranten",), hoofdgroep="Arbeidsmigranten",
          aantal_omschrijving="arbeidsmigranten die in de gemeente verblijven (schatting)",
          aliassen=("arbeidsmigrant", "eu-arbeidsmigranten", "expats")),
    Groep("woonwagenbewoners", "Woonwagenbewoners", "aandachtsgroep", True,
          None, None, "gemeentelijke woonwagenregistratie / corporatie (wachtlijst); standplaatsen uit BAG",
          "huishoudens", ("woonwagenstandplaats",), hoofdgroep="Woonwagenbewoners",
          aantal_omschrijving="huishoudens die in een woonwagen wonen of op de wachtlijst staan",
          stroom_omschrijving="instroom_per_jaar: nieuwe inschrijvingen wachtlijst per jaar",
          aliassen=("woonwagen", "reizigers", "standplaatsen")),
    Groep("ouderen_65", "Ouderen 65+", "ouderen", False,
          "03759ned", "gemeente (bevolking naar leeftijd)", None,
          "personen", ("nultreden",), hoofdgroep="Ouderen",
          aantal_omschrijving="inwoners van 65 jaar of ouder (berekend uit de bevolking)",
          leeftijd_van=65, aliassen=("65+", "ouderen")),
    Groep("ouderen_75", "Ouderen 75+", "ouderen", False,
          "03759ned", "gemeente (bevolking naar leeftijd)", None,
          "personen", ("nultreden", "geclusterd"), hoofdgroep="Ouderen",
          aantal_omschrijving="inwoners van 75 jaar of ouder (berekend uit de bevolking)",
          leeftijd_van=75, aliassen=("75+",)),
    Groep("ouderen_85", "Ouderen 85+", "ouderen", False,
          "03759ned", "gemeente (bevolking naar leeftijd)", None,
          "personen", ("geclusterd", "verpleegzorg"), hoofdgroep="Ouderen",
          aantal_omschrijving="inwoners van 85 jaar of ouder (berekend uit de bevolking)",
          leeftijd_van=85, aliassen=("85+",)),
)

GROEPEN: dict[str, Groep] = {g.sleutel: g for g in _GROEPEN}


def _controleer_register() -> None:
    for g in _GROEPEN:
        onbekend = [w for w in g.woonvormen if w not in WOONVORMEN]
        if onbekend:  # pragma: no cover - guards edits of this file
            raise AssertionError(f"groep {g.sleutel}: onbekende woonvorm(en) {onbekend}")


_controleer_register()


# --------------------------------------------------------------------------------------------------
# Look-ups
# --------------------------------------------------------------------------------------------------

def _norm(tekst: str) -> str:
    return re.sub(r"[\s\-_/()]+", " ", tekst.lower()).strip()


def suggesties(waarde: str, register: dict, n: int = 3) -> list[str]:
    """The keys of ``register`` (GROEPEN or WOONVORMEN) nearest to ``waarde``, matched on key, label and aliases."""
    kandidaten: dict[str, str] = {}
    for sleutel, item in register.items():
        for naam in (sleutel, item.label, *getattr(item, "aliassen", ())):
            kandidaten.setdefault(_norm(naam), sleutel)
    w = _norm(str(waarde))
    uit: list[str] = []
    if w in kandidaten:
        uit.append(kandidaten[w])
    for naam in difflib.get_close_matches(w, list(kandidaten), n=8, cutoff=0.55):
        if kandidaten[naam] not in uit:
            uit.append(kandidaten[naam])
    if w:
        for naam, sleutel in kandidaten.items():
            if (w in naam.split() or (len(w) >= 4 and w in naam)) and sleutel not in uit:
                uit.append(sleutel)
    return uit[:n]


def _fout(soort: str, sleutel: str, register: dict) -> OnbekendeSleutel:
    tip = suggesties(sleutel, register)
    return OnbekendeSleutel(
        f"Onbekende {soort} '{sleutel}'. "
        + (f"Bedoelde u: {', '.join(tip)}? " if tip else "")
        + f"Bekende {soort}en: {', '.join(register)}.")


def groep(sleutel: str) -> Groep:
    """The group with this key; a Dutch error suggesting the nearest keys otherwise."""
    try:
        return GROEPEN[sleutel]
    except (KeyError, TypeError):
        raise _fout("groep", str(sleutel), GROEPEN) from None


def woonvorm(sleutel: str) -> Woonvorm:
    """The woonvorm with this key; a Dutch error suggesting the nearest keys otherwise."""
    try:
        return WOONVORMEN[sleutel]
    except (KeyError, TypeError):
        raise _fout("woonvorm", str(sleutel), WOONVORMEN) from None


def groepen_van_soort(*soorten: GroepSoort) -> list[Groep]:
    """Groups of the given soort(en), in registry order."""
    return [g for g in GROEPEN.values() if g.soort in soorten]


def lokale_groepen() -> list[str]:
    """Keys of the groups whose numbers come from local input (everything except ouderen)."""
    return [g.sleutel for g in GROEPEN.values() if g.lokale_invoer]


def definitie_optie(woonvorm_sleutel: str, tekst: str) -> str | None:
    """The canonical definition option of a woonvorm matching ``tekst``; None when nothing matches.

    Lenient about spelling: for geclusterd '≥5 wooneenheden (RIGO)', '>=5 wooneenheden', '≥ 5', '5+'
    and 'RIGO' all give '≥5 wooneenheden (RIGO)'."""
    w = woonvorm(woonvorm_sleutel)
    t = _def_norm(tekst)
    if not t:
        return None
    for optie in w.definitie_opties:
        if t in _def_varianten(optie):
            return optie
    return None


def _def_varianten(optie: str) -> set[str]:
    kern = re.sub(r"\(.*?\)", "", optie)
    varianten = {_def_norm(optie), _def_norm(kern)}
    bron = re.search(r"\((.*?)\)", optie)
    if bron:
        varianten.add(_def_norm(bron.group(1)))
    getal = re.search(r"\d+", optie)
    if getal:
        n = getal.group()
        rest = _def_norm(kern.replace("≥", "").replace(n, "", 1))
        for vorm in (f"≥{n}", f"{n}+", n):
            varianten |= {vorm, vorm + rest}
    return varianten


def _def_norm(tekst: str) -> str:
    t = str(tekst).strip().lower().replace(">=", "≥").replace("=>", "≥")
    return re.sub(r"\s+", "", t)
