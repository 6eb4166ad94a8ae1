"""The step registry: the steps of the woonzorganalyse, declared once, and everything else asks it.

In the spirit of papermill's engine registry: per step its key, the number and title readers see
("Stap 3 – Prognose"), its notebook, whether it runs per gemeente or once per regio, the sections of
the regio file it uses, the input categories it depends on, and the result tables it reads (from
:mod:`wzlib.catalogus`; the tables it writes are the catalogue's tables of that step).

Dependencies are derived from what a step reads, never from its number: a gemeente step that reads a
gemeente table depends on the same gemeente's writing step; a regio step that reads a gemeente table
depends on that step for every gemeente; a step that reads a regio table depends on the regio step.
A read marked ``verplicht=False`` is waited for but may be missing (the report then says so).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal

from . import catalogus as T
from .catalogus import Tabel
from .fouten import WzFout

Scope = Literal["gemeente", "regio"]

#: Sections of the regio file every step depends on (who, when, which data, how to publish).
ALGEMENE_PARAMETERS = ("naam", "peiljaar", "bron", "gemeenten", "fictief", "lokaal", "groepen", "afscherming")
#: Input categories (see wzlib.vingerafdruk): the data source, local inputs, the kengetallen file and
#: the partners' returned review sheets, and the filled-in woonzorgvisie-meter (``meter.bestand``).
INVOER_CATEGORIEEN = ("bron", "lokaal", "kengetallen", "reacties", "meter")


class OnbekendeStap(WzFout):
    """A step name that is not in the registry."""


@dataclass(frozen=True)
class Lezing:
    """A result table a step reads; ``verplicht=False``: the step runs (and says so) when it is missing."""

    tabel: Tabel
    verplicht: bool = True


@dataclass(frozen=True)
class Stap:
    sleutel: str  # e.g. "prognose"
    nummer: int  # "Stap 3" as shown to readers
    titel: str  # e.g. "Prognose"
    vraag: str  # the question the report answers (index, README)
    notebook: str  # file stem in notebooks/, e.g. "30_prognose"
    scope: Scope
    parameters: tuple[str, ...] = ()  # dotted keys of the regio file it uses, besides ALGEMENE_PARAMETERS
    invoer: tuple[str, ...] = ("bron", "lokaal")  # input categories it depends on
    leest: tuple[Lezing, ...] = ()
    tabellen: tuple[Tabel, ...] | None = None  # only for a registry of one's own (tests): its tables

    @property
    def schrijft(self) -> tuple[Tabel, ...]:
        """The result tables this step writes (declared in the catalogue)."""
        return self.tabellen if self.tabellen is not None else T.van_stap(self.sleutel)

    @property
    def per_regio(self) -> bool:
        return self.scope == "regio"

    @property
    def naam(self) -> str:
        """'Stap 3 – Prognose' (for the regio edition of a step: 'Stap 5 – Confrontatie regio')."""
        return f"Stap {self.nummer} – {self.titel}"

    @property
    def alle_parameters(self) -> tuple[str, ...]:
        return ALGEMENE_PARAMETERS + self.parameters

    def leest_tabel(self, tabel: Tabel) -> Lezing | None:
        return next((lz for lz in self.leest if lz.tabel == tabel), None)

    def __str__(self) -> str:
        return self.naam


OMVANG = Stap("omvang", 1, "Omvang", "Hoe groot zijn de aandachtsgroepen en de groep ouderen nu?",
              "10_omvang", "gemeente")
AANBOD = Stap("aanbod", 2, "Aanbod", "Welk aanbod aan wonen, zorg en welzijn is er nu?", "20_aanbod", "gemeente",
              parameters=("spreiding.doel_sociale_huur",))
PROGNOSE = Stap("prognose", 3, "Prognose", "Hoe ontwikkelen bevolking en vraag per woonvorm zich in 10–20 jaar?",
                "30_prognose", "gemeente", parameters=("prognose", "kengetallen_bestand", "kengetallen"),
                invoer=("bron", "lokaal", "kengetallen"))
SPREIDING = Stap("spreiding", 4, "Spreiding", "Waar wonen de groepen nu, en hoe verdeel je de opgave eerlijk?",
                 "40_spreiding", "regio", parameters=("spreiding",),
                 leest=(Lezing(T.GROEPEN_OMVANG), Lezing(T.OUDEREN), Lezing(T.WONINGVOORRAAD), Lezing(T.AANBOD),
                        Lezing(T.VRAAG)))
CONFRONTATIE = Stap("confrontatie", 5, "Confrontatie", "Vraag tegen aanbod, en wat zeggen de partners ervan?",
                    "50_confrontatie", "gemeente", parameters=("confrontatie",),
                    invoer=("bron", "lokaal", "reacties"),
                    leest=(Lezing(T.AANBOD), Lezing(T.WONINGVOORRAAD), Lezing(T.VRAAG), Lezing(T.GROEPEN_PROGNOSE),
                           Lezing(T.GROEPEN_OMVANG), Lezing(T.VERDELING, verplicht=False)))
CONFRONTATIE_REGIO = Stap("confrontatie_regio", 5, "Confrontatie regio",
                          "Vraag tegen aanbod van alle gemeenten naast elkaar, en de partnerronde over de regio",
                          "55_confrontatie_regio", "regio", parameters=("confrontatie",), invoer=("bron",),
                          leest=tuple(Lezing(t, verplicht=False) for t in
                                      (T.CONFRONTATIE, T.URGENTIE, T.BEVINDINGEN, T.REACTIES, T.AUDIT)))
AMBITIES = Stap("ambities", 6, "Ambities", "Dekken de ambities van de gemeente de tekorten uit de analyse?",
                "60_ambities", "gemeente", parameters=("ambities", "confrontatie.horizon"), invoer=("bron", "lokaal"),
                leest=(Lezing(T.CONFRONTATIE), Lezing(T.URGENTIE)))
AMBITIES_REGIO = Stap("ambities_regio", 6, "Ambities regio",
                      "Tellen de ambities van de gemeenten op tot hun deel van de regionale opgave?",
                      "65_ambities_regio", "regio", parameters=("ambities", "spreiding"), invoer=("bron", "lokaal"),
                      leest=(Lezing(T.AMBITIES, verplicht=False), Lezing(T.VERDELING)))

METER = Stap("meter", 8, "Woonzorgvisie-meter",
             "Hoe ver is de gemeente op de vijf kaarten van de woonzorgvisie-meter, en wat is de volgende stap?",
             "80_meter", "gemeente", parameters=("meter",), invoer=("bron", "meter"),
             leest=tuple(Lezing(t, verplicht=False) for t in
                         (T.GROEPEN_OMVANG, T.BESCHIKBAARHEID, T.AANBOD, T.VRAAG, T.VERDELING, T.CONFRONTATIE,
                          T.BEVINDINGEN, T.REACTIES, T.AMBITIES, T.AMBITIE_TOETSEN)))
METER_REGIO = Stap("meter_regio", 8, "Woonzorgvisie-meter regio",
                   "Hoe ver zijn alle gemeenten op de vijf kaarten, naast elkaar?",
                   "85_meter_regio", "regio", parameters=("meter",), invoer=("bron",),
                   leest=(Lezing(T.METER, verplicht=False),))

MONITORING = Stap("monitoring", 7, "Monitoring",
                  "Wat is er veranderd sinds de vorige analyse, en waarom? Hoe ontwikkelen inwoners en ouderen zich?",
                  "70_monitoring", "gemeente", parameters=("monitoring",), invoer=("bron", "lokaal", "kengetallen"),
                  leest=tuple(Lezing(t, verplicht=False) for t in
                              (T.OUDEREN, T.GROEPEN_OMVANG, T.AANBOD, T.WONINGVOORRAAD, T.VRAAG, T.GROEPEN_PROGNOSE,
                               T.CONFRONTATIE, T.URGENTIE, T.AMBITIES)))

SAMENVATTING = Stap("samenvatting", 9, "Samenvatting",
                    "Wat is de kern voor de gemeente: groepen, prognose, tekorten, eerlijke verdeling en partners?",
                    "90_samenvatting", "gemeente", parameters=("confrontatie.horizon", "confrontatie.top_n"),
                    invoer=("bron",),
                    leest=(Lezing(T.OUDEREN), Lezing(T.GROEPEN_OMVANG), Lezing(T.WONINGVOORRAAD), Lezing(T.AANBOD),
                           Lezing(T.BEVOLKING_PROGNOSE), Lezing(T.VRAAG), Lezing(T.CONFRONTATIE), Lezing(T.URGENTIE),
                           Lezing(T.BEVINDINGEN), Lezing(T.REACTIES), Lezing(T.VERDELING, verplicht=False),
                           Lezing(T.CONCENTRATIE, verplicht=False), Lezing(T.KENMERKEN, verplicht=False),
                           Lezing(T.AMBITIES, verplicht=False), Lezing(T.AMBITIE_TOETSEN, verplicht=False),
                           Lezing(T.METER, verplicht=False), Lezing(T.MONITOR_VERSCHILLEN, verplicht=False),
                           Lezing(T.REALISATIE, verplicht=False)))



@dataclass(frozen=True)
class RegioBerekening:
    """A regio-wide computation that several gemeente notebooks of one step share (e.g. the prognose of
    all gemeenten of the regio): computed once per run before the step's notebooks
    (:func:`wzlib.batch.run`), or on demand by the first notebook that needs it, by the same function
    (:mod:`wzlib.regioberekening`) and stored under the regio's results; keyed by the step's parameters
    and inputs, the gemeenten, the peiljaar and the code."""

    sleutel: str
    stap: Stap  # whose parameters and inputs it uses, and whose notebooks read it


PROGNOSE_REGIO = RegioBerekening("prognose_regio", PROGNOSE)
OMVANG_REGIO = RegioBerekening("omvang_regio", OMVANG)
AANBOD_REGIO = RegioBerekening("aanbod_regio", AANBOD)
#: The regio-wide computations, per step key.
#: The partners' returned review sheets, read once for all gemeenten (wzlib.confrontatie_reacties).
CONFRONTATIE_REACTIES = RegioBerekening("confrontatie_reacties", CONFRONTATIE)
REGIO_BEREKENINGEN: dict[str, RegioBerekening] = {b.sleutel: b for b in (PROGNOSE_REGIO, OMVANG_REGIO, AANBOD_REGIO,
                                                                         CONFRONTATIE_REACTIES)}

#: All steps in the order they run and are shown (index, README, summary).
STAPPEN: dict[str, Stap] = {s.sleutel: s for s in (OMVANG, AANBOD, PROGNOSE, SPREIDING, CONFRONTATIE,
                                                    CONFRONTATIE_REGIO, AMBITIES, AMBITIES_REGIO, MONITORING, METER,
                                                    METER_REGIO, SAMENVATTING)}
_PER_NOTEBOOK: dict[str, Stap] = {s.notebook: s for s in STAPPEN.values()}


def stap(naam: str | Stap) -> Stap:
    """A step by key ('prognose'), notebook ('30_prognose', '30_prognose.ipynb') or number prefix ('30')."""
    if isinstance(naam, Stap):
        return naam
    n = str(naam).strip().lower().removesuffix(".ipynb")
    if n in STAPPEN:
        return STAPPEN[n]
    if n in _PER_NOTEBOOK:
        return _PER_NOTEBOOK[n]
    treffers = [s for s in STAPPEN.values() if s.notebook.split("_", 1)[0] == n]
    if len(treffers) == 1:
        return treffers[0]
    tip = difflib.get_close_matches(n, [*STAPPEN, *_PER_NOTEBOOK], n=3)
    raise OnbekendeStap(f"Onbekende stap '{naam}'" + (f"; bedoelde u: {', '.join(tip)}?" if tip else "") +
                        f" Kies uit: {', '.join(f'{s.sleutel} ({s.notebook})' for s in STAPPEN.values())}.")


def schrijver(tabel: Tabel) -> Stap:
    """The step that writes ``tabel``."""
    return STAPPEN[tabel.stap]


@dataclass(frozen=True)
class Afhankelijkheid:
    """Task (wie, stap) depends on task (wie_dep, stap_dep); ``verplicht``: skip when that one failed."""

    wie: str  # gemeentecode or wzlib.paden.REGIO
    stap: Stap
    verplicht: bool
    tabellen: tuple[Tabel, ...] = field(default=())


def afhankelijkheden(s: Stap, wie: str, gemeenten: list[str], regio: str,
                     register: dict[str, Stap] | None = None) -> list[Afhankelijkheid]:
    """What task (``wie``, ``s``) waits for, derived from the tables ``s`` reads.

    ``gemeenten``: codes of the regio's gemeenten; ``regio``: the name of the regio folder
    (``wzlib.paden.REGIO``); ``register``: the steps (default :data:`STAPPEN`). One entry per
    (wie, step); verplicht when any read of it is.
    """
    register = STAPPEN if register is None else register
    per: dict[tuple[str, str], list] = {}
    for lz in s.leest:
        w = register[lz.tabel.stap]
        if w.scope == "regio":
            doelen = [regio]
        elif s.scope == "regio":
            doelen = list(gemeenten)
        else:
            doelen = [wie]
        for d in doelen:
            item = per.setdefault((d, w.sleutel), [w, False, []])
            item[1] = item[1] or lz.verplicht
            item[2].append(lz.tabel)
    return [Afhankelijkheid(d, w, verplicht, tuple(tabellen)) for (d, _), (w, verplicht, tabellen) in per.items()]


def volgorde(s: Stap) -> int:
    """Position in :data:`STAPPEN` (the run and display order)."""
    return list(STAPPEN).index(s.sleutel)


def controleer_register() -> list[str]:
    """Consistency of registry and catalogue (tested): every table's step exists, every step writes a
    table, reads come from earlier steps only (no cycles), and notebook names start with the step number."""
    p = []
    for t in T.TABELLEN.values():
        if t.stap not in STAPPEN:
            p.append(f"tabel {t.naam}: stap '{t.stap}' staat niet in het register")
    for s in STAPPEN.values():
        if not s.schrijft:
            p.append(f"stap {s.sleutel}: schrijft geen enkele tabel")
        if not s.notebook.startswith(str(s.nummer)):
            p.append(f"stap {s.sleutel}: notebook {s.notebook} begint niet met het stapnummer {s.nummer}")
        for lz in s.leest:
            if volgorde(schrijver(lz.tabel)) >= volgorde(s):
                p.append(f"stap {s.sleutel}: leest {lz.tabel.naam} van een latere stap {lz.tabel.stap}")
    return p
