"""Kengetallen: the rates that turn people into demand per woonvorm, the national targets and the
assumptions of the population projection — loaded from ``params/kengetallen.yaml``, validated, with
regio overrides applied, and listed value by value (with source and origin) for the report.

Layout of the YAML (see the file itself for the values and their sources):

- one section per woonvorm (key from ``wzlib.groepen.WOONVORMEN``) with ``naam``, ``eenheid``,
  optional ``groep``/``omschrijving``, and per age class (``"75-84"``, ``"85+"``) a node with
  ``laag``/``midden``/``hoog`` (units per inhabitant of the class, 0..1), ``type``, ``bron``,
  ``toelichting``;
- ``landelijke_doelen``: ``jaar`` and per woonvorm ``aantal`` + ``leeftijd`` (the age group whose
  share downscales the target to the gemeente);
- ``prognose``: survival (Gompertz default), fertility, migration profile and variant factors.

``bron``, ``toelichting`` and ``type`` are inherited from the nearest parent node that has them.
Regio overrides (``kengetallen:`` in ``params/regios/<regio>.yaml``) use the same keys and may change
any value; every value then shows ``herkomst`` "regio-parameters" instead of the file name.
Errors are Dutch and name the key path, e.g. ``kengetallen.verpleegzorg.85+.midden: moet tussen 0
en 1 liggen``.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import paden
from .fouten import ParamsFout
from .groepen import WOONVORMEN, suggesties
from .yamlbestand import MAX_GROOTTE, lees_yaml

VARIANTEN: tuple[str, ...] = ("laag", "midden", "hoog")
TYPES: tuple[str, ...] = ("N", "O", "A", "P")
INFO: tuple[str, ...] = ("bron", "toelichting", "type")
GERESERVEERD: tuple[str, ...] = ("versie", "landelijke_doelen", "prognose")
WOONVORM_META: tuple[str, ...] = ("naam", "eenheid", "groep", "omschrijving")
STANDAARD_BESTAND = "params/kengetallen.yaml"
REGIO = "regio-parameters"

_KLASSE = re.compile(r"^\s*(\d{1,3})\s*(?:-\s*(\d{1,3})|\+)\s*$")


# --------------------------------------------------------------------------------------------------
# age classes
# --------------------------------------------------------------------------------------------------
def parse_klasse(tekst: Any) -> tuple[int, int | None] | None:
    """``"75-84"`` → (75, 84); ``"85+"`` → (85, None); anything else → None."""
    m = _KLASSE.match(str(tekst))
    if not m:
        return None
    van = int(m.group(1))
    tot = int(m.group(2)) if m.group(2) is not None else None
    if tot is not None and tot < van:
        return None
    return van, tot


def klasse_tekst(van: int, tot: int | None) -> str:
    return f"{int(van)}+" if tot is None or pd.isna(tot) else f"{int(van)}-{int(tot)}"


def _overlappen(a: tuple[int, int | None], b: tuple[int, int | None]) -> bool:
    a_tot = a[1] if a[1] is not None else 10**6
    b_tot = b[1] if b[1] is not None else 10**6
    return a[0] <= b_tot and b[0] <= a_tot


# --------------------------------------------------------------------------------------------------
# projection parameters (typed view of the 'prognose' section)
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PrognoseParameters:
    """The assumptions of the own cohort projection (section ``prognose`` of kengetallen.yaml)."""

    sterfte_jaar: int
    levensverwachting_65: dict[str, float]
    gompertz_helling: dict[str, float]
    makeham: float
    zuigelingensterfte: dict[str, float]
    sterfte_daling: float
    vruchtbaarheid: float
    aandeel_jongens: float
    vruchtbaarheid_jaren: int
    migratie_jaren: int
    aandeel_man: float
    migratieprofiel: tuple[tuple[int, int | None, float], ...]  # (van, tot, share), shares sum to 1
    varianten: dict[str, dict[str, float]] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------------------
_R = tuple  # (lo, hi) or (lo, hi, "int")

_PROGNOSE_SPEC: dict[str, Any] = {
    "sterfte": {
        "jaar": (1950, 2100, "int"),
        "levensverwachting_65": {"man": (5.0, 40.0), "vrouw": (5.0, 40.0)},
        "gompertz_helling": {"man": (0.03, 0.2), "vrouw": (0.03, 0.2)},
        "makeham": {"waarde": (0.0, 0.01)},
        "zuigelingensterfte": {"man": (0.0, 0.1), "vrouw": (0.0, 0.1)},
        "daling_per_jaar": {"waarde": (0.0, 0.05)},
    },
    "vruchtbaarheid": {
        "standaard": {"waarde": (0.0, 0.2)},
        "aandeel_jongens": {"waarde": (0.4, 0.6)},
        "jaren": {"waarde": (1, 30, "int")},
    },
    "migratie": {
        "jaren": {"waarde": (1, 30, "int")},
        "aandeel_man": {"waarde": (0.0, 1.0)},
        "leeftijdsprofiel": {"*klasse": (0.0, 1.0)},
    },
    "varianten": {
        v: {"migratie": (0.0, 5.0), "sterfte": (0.2, 3.0), "vruchtbaarheid": (0.2, 3.0)} for v in VARIANTEN
    },
}


def _is_getal(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _fmt(v: Any) -> str:
    return repr(v) if isinstance(v, str) else str(v)


class _Controle:
    """Collects Dutch problems with their key paths."""

    def __init__(self, afwijkingen: set[tuple[str, ...]]):
        self.problemen: list[str] = []
        self.afwijkingen = afwijkingen

    def fout(self, pad: tuple[str, ...], melding: str) -> None:
        waar = ".".join(("kengetallen", *pad))
        uit_regio = any(pad[: len(a)] == a or a[: len(pad)] == pad for a in self.afwijkingen)
        self.problemen.append(f"{waar}: {melding}" + (" (afwijking uit de regio-parameters)" if uit_regio else ""))

    def getal(self, pad, v, lo, hi, geheel=False) -> bool:
        if not _is_getal(v) or (geheel and float(v) != int(v)):
            self.fout(pad, f"moet een {'geheel ' if geheel else ''}getal zijn (waarde: {_fmt(v)})")
            return False
        if not (lo <= v <= hi):
            self.fout(pad, f"moet tussen {lo} en {hi} liggen (waarde: {v})")
            return False
        return True

    def tekst(self, pad, v, verplicht=True) -> None:
        if v is None or (isinstance(v, str) and not v.strip()):
            if verplicht:
                self.fout(pad, "ontbreekt of is leeg (verplicht)")
        elif not isinstance(v, str):
            self.fout(pad, f"moet tekst zijn (waarde: {_fmt(v)})")

    def info(self, pad, node, geerfd: dict[str, Any], verplicht: bool) -> dict[str, Any]:
        """Check bron/toelichting/type on ``node`` and return the inherited info for its children."""
        uit = dict(geerfd)
        for k in INFO:
            if k in node:
                if k == "type":
                    if node[k] not in TYPES:
                        self.fout((*pad, k), f"ongeldige waarde {_fmt(node[k])}; toegestaan: {', '.join(TYPES)}")
                else:
                    self.tekst((*pad, k), node[k])
                uit[k] = node[k]
        if verplicht:
            for k in INFO:
                if not uit.get(k):
                    self.fout(pad, f"'{k}' ontbreekt (hier of op een hoger niveau)")
        return uit

    def onbekend(self, pad, sleutel, bekend) -> None:
        tip = difflib.get_close_matches(str(sleutel), [str(b) for b in bekend], n=3)
        self.fout((*pad, str(sleutel)), "onbekende sleutel (tikfout?)"
                  + (f"; bedoelde u: {', '.join(tip)}?" if tip else f"; toegestaan: {', '.join(map(str, bekend))}"))


def _controleer_woonvorm(c: _Controle, sleutel: str, node: Any) -> None:
    pad = (sleutel,)
    if sleutel not in WOONVORMEN:
        tip = suggesties(sleutel, WOONVORMEN)
        c.fout(pad, "onbekende woonvorm" + (f"; bedoelde u: {', '.join(tip)}?" if tip else "")
               + f" (bekende woonvormen: {', '.join(WOONVORMEN)}; of een van {', '.join(GERESERVEERD)})")
        return
    if not isinstance(node, Mapping):
        c.fout(pad, "moet een mapping zijn (naam, eenheid en per leeftijdsklasse laag/midden/hoog)")
        return
    for k in ("naam", "eenheid"):
        c.tekst((*pad, k), node.get(k))
    for k in ("groep", "omschrijving"):
        c.tekst((*pad, k), node.get(k), verplicht=False)
    geerfd = c.info(pad, node, {}, verplicht=False)
    klassen: list[tuple[str, tuple[int, int | None]]] = []
    for k, v in node.items():
        if k in WOONVORM_META or k in INFO:
            continue
        kl = parse_klasse(k)
        if kl is None:
            c.fout((*pad, str(k)), "onbekende sleutel: verwacht een leeftijdsklasse zoals '75-84' of '85+', "
                   f"of een van {', '.join(WOONVORM_META + INFO)}")
            continue
        kpad = (*pad, str(k))
        if not isinstance(v, Mapping):
            c.fout(kpad, "moet een mapping zijn met laag, midden, hoog, type, bron en toelichting")
            continue
        for w in v:
            if w not in VARIANTEN and w not in INFO:
                c.onbekend(kpad, w, VARIANTEN + INFO)
        ok = True
        for var in VARIANTEN:
            if var not in v:
                c.fout((*kpad, var), "ontbreekt (verplicht)")
                ok = False
            elif not c.getal((*kpad, var), v[var], 0, 1):
                ok = False
        if ok and not (v["laag"] <= v["midden"] <= v["hoog"]):
            c.fout(kpad, f"laag <= midden <= hoog is niet waar ({v['laag']}, {v['midden']}, {v['hoog']})")
        c.info(kpad, v, geerfd, verplicht=True)
        for andere, akl in klassen:
            if _overlappen(kl, akl):
                c.fout(kpad, f"overlapt met leeftijdsklasse {andere}")
        klassen.append((str(k), kl))
    if not klassen:
        c.fout(pad, "geen enkele leeftijdsklasse met tarieven (bv. '85+': {laag, midden, hoog})")


def _controleer_doelen(c: _Controle, node: Any, woonvormen: list[str]) -> None:
    pad = ("landelijke_doelen",)
    if not isinstance(node, Mapping):
        c.fout(pad, "moet een mapping zijn (jaar en per woonvorm aantal en leeftijd)")
        return
    if "jaar" not in node:
        c.fout((*pad, "jaar"), "ontbreekt (verplicht)")
    else:
        c.getal((*pad, "jaar"), node["jaar"], 2000, 2100, geheel=True)
    geerfd = c.info(pad, node, {}, verplicht=False)
    for k, v in node.items():
        if k in INFO or k == "jaar":
            continue
        kpad = (*pad, str(k))
        if k not in woonvormen:
            c.onbekend(pad, k, [*woonvormen, "jaar", *INFO])
            continue
        if not isinstance(v, Mapping):
            c.fout(kpad, "moet een mapping zijn met aantal en leeftijd")
            continue
        for w in v:
            if w not in ("aantal", "leeftijd", *INFO):
                c.onbekend(kpad, w, ("aantal", "leeftijd", *INFO))
        if "aantal" not in v:
            c.fout((*kpad, "aantal"), "ontbreekt (verplicht)")
        else:
            c.getal((*kpad, "aantal"), v["aantal"], 0, 10**8)
        if parse_klasse(v.get("leeftijd")) is None:
            c.fout((*kpad, "leeftijd"), f"verwacht een leeftijdsgroep zoals '75+' (waarde: {_fmt(v.get('leeftijd'))})")
        c.info(kpad, v, geerfd, verplicht=True)


def _controleer_spec(c: _Controle, pad: tuple[str, ...], node: Any, spec: dict, geerfd: dict) -> None:
    if not isinstance(node, Mapping):
        c.fout(pad, "moet een mapping zijn")
        return
    geerfd = c.info(pad, node, geerfd, verplicht=False)
    wild = spec.get("*klasse")
    for k, v in node.items():
        if k in INFO:
            continue
        kpad = (*pad, str(k))
        if wild is not None:
            if parse_klasse(k) is None:
                c.fout(kpad, "verwacht een leeftijdsklasse zoals '20-24' of '95+'")
                continue
            c.getal(kpad, v, wild[0], wild[1])
            c.info(kpad, {}, geerfd, verplicht=True)
            continue
        if k not in spec:
            c.onbekend(pad, k, [*spec, *INFO])
            continue
        sub = spec[k]
        if isinstance(sub, tuple):
            c.getal(kpad, v, sub[0], sub[1], geheel=len(sub) > 2)
            c.info(kpad, {}, geerfd, verplicht=True)
        else:
            _controleer_spec(c, kpad, v, sub, geerfd)
    for k in spec:
        if k != "*klasse" and k not in node:
            c.fout((*pad, k), "ontbreekt (verplicht)")
    if wild is not None and isinstance(node, Mapping):
        klassen = [(k, parse_klasse(k)) for k in node if k not in INFO and parse_klasse(k)]
        for i, (a, ka) in enumerate(klassen):
            for b, kb in klassen[:i]:
                if _overlappen(ka, kb):
                    c.fout((*pad, str(a)), f"overlapt met leeftijdsklasse {b}")
        som = sum(node[k] for k, _ in klassen if _is_getal(node[k]))
        if klassen and som <= 0:
            c.fout(pad, "de aandelen tellen op tot 0")


def controleer(boom: Any, bestand: str = STANDAARD_BESTAND,
               afwijkingen: set[tuple[str, ...]] | None = None) -> list[str]:
    """All problems of a kengetallen tree, as Dutch messages naming the key path (empty = fine)."""
    c = _Controle(afwijkingen or set())
    if not isinstance(boom, Mapping):
        return [f"{bestand}: verwacht een YAML-mapping met woonvormen, landelijke_doelen en prognose"]
    if "versie" in boom and boom["versie"] != 1:
        c.fout(("versie",), f"onbekende versie {_fmt(boom['versie'])}; deze toolkit kent versie 1")
    woonvormen = [k for k in boom if k not in GERESERVEERD]
    for k in woonvormen:
        _controleer_woonvorm(c, str(k), boom[k])
    if "landelijke_doelen" in boom:
        _controleer_doelen(c, boom["landelijke_doelen"], woonvormen)
    if "prognose" not in boom:
        c.fout(("prognose",), "ontbreekt (verplicht: aannames van de bevolkingsprognose)")
    else:
        _controleer_spec(c, ("prognose",), boom["prognose"], _PROGNOSE_SPEC, {})
    return c.problemen


# --------------------------------------------------------------------------------------------------
# loading and overrides
# --------------------------------------------------------------------------------------------------
def _bladeren(d: Mapping, pad: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    uit = []
    for k, v in d.items():
        p = (*pad, str(k))
        if isinstance(v, Mapping) and v:
            uit += _bladeren(v, p)
        else:
            uit.append(p)
    return uit


def _samenvoegen(basis: dict, extra: Mapping) -> dict:
    uit = copy.deepcopy(basis)
    for k, v in extra.items():
        if isinstance(v, Mapping) and isinstance(uit.get(k), Mapping):
            uit[k] = _samenvoegen(dict(uit[k]), v)
        else:
            uit[k] = copy.deepcopy(v)
    return uit


def _str_sleutels(d: Any) -> Any:
    """YAML reads keys like 2030 as int; the tree uses string keys (except where numbers are values)."""
    if isinstance(d, Mapping):
        return {str(k): _str_sleutels(v) for k, v in d.items()}
    return d


@dataclass(frozen=True)
class Kengetallen:
    """Validated kengetallen (file + regio overrides). Build with :func:`laad` (a regio: ``RegioParams.kengetallen_laden``)."""

    boom: dict
    bestand: str = STANDAARD_BESTAND
    origineel: dict = field(default_factory=dict)  # the file's tree, before overrides
    afwijkingen: frozenset = frozenset()  # key paths (tuples) set by the regio parameters
    regio_bestand: str = ""

    # -- access ---------------------------------------------------------------------------
    @property
    def woonvormen(self) -> list[str]:
        return [k for k in self.boom if k not in GERESERVEERD]

    def woonvorm_info(self, sleutel: str) -> dict[str, str]:
        n = self.boom[sleutel]
        return {k: n.get(k, "") for k in WOONVORM_META}

    def waarde(self, pad: str) -> Any:
        """A value by dotted path, e.g. ``"verpleegzorg.85-89.midden"``."""
        node: Any = self.boom
        for deel in pad.split("."):
            if not isinstance(node, Mapping) or deel not in node:
                raise ParamsFout(f"kengetallen.{pad}: bestaat niet")
            node = node[deel]
        return node

    def herkomst(self, pad: tuple[str, ...]) -> str:
        return REGIO if pad in self.afwijkingen else Path(self.bestand).name

    def tarieven(self) -> pd.DataFrame:
        """Rates per woonvorm, age class and variant (units per inhabitant of the class).

        Columns: woonvorm, klasse, leeftijd_van, leeftijd_tot (NA = open), variant, tarief, herkomst.
        """
        rijen = []
        for w in self.woonvormen:
            for k, node in self.boom[w].items():
                kl = parse_klasse(k) if k not in WOONVORM_META + INFO else None
                if kl is None:
                    continue
                for var in VARIANTEN:
                    rijen.append({"woonvorm": w, "klasse": str(k), "leeftijd_van": kl[0], "leeftijd_tot": kl[1],
                                  "variant": var, "tarief": float(node[var]),
                                  "herkomst": self.herkomst((w, str(k), var))})
        df = pd.DataFrame(rijen, columns=["woonvorm", "klasse", "leeftijd_van", "leeftijd_tot", "variant", "tarief",
                                          "herkomst"])
        return df.astype({"woonvorm": "string", "klasse": "string", "leeftijd_van": "Int64", "leeftijd_tot": "Int64",
                          "variant": "string", "tarief": "float64", "herkomst": "string"})

    def doelen(self) -> pd.DataFrame:
        """National targets: woonvorm, jaar, aantal, leeftijd (label), leeftijd_van, leeftijd_tot."""
        node = self.boom.get("landelijke_doelen") or {}
        rijen = []
        for w, v in node.items():
            if w in INFO or w == "jaar":
                continue
            kl = parse_klasse(v["leeftijd"])
            rijen.append({"woonvorm": w, "jaar": int(node["jaar"]), "aantal": float(v["aantal"]),
                          "leeftijd": str(v["leeftijd"]).strip(), "leeftijd_van": kl[0], "leeftijd_tot": kl[1]})
        df = pd.DataFrame(rijen, columns=["woonvorm", "jaar", "aantal", "leeftijd", "leeftijd_van", "leeftijd_tot"])
        return df.astype({"woonvorm": "string", "jaar": "Int64", "aantal": "float64", "leeftijd": "string",
                          "leeftijd_van": "Int64", "leeftijd_tot": "Int64"})

    def prognose(self) -> PrognoseParameters:
        p = self.boom["prognose"]
        s, v, m = p["sterfte"], p["vruchtbaarheid"], p["migratie"]
        profiel = []
        for k, a in m["leeftijdsprofiel"].items():
            if k in INFO:
                continue
            van, tot = parse_klasse(k)
            profiel.append((van, tot, float(a)))
        som = sum(a for _, _, a in profiel)
        profiel = tuple(sorted((van, tot, a / som) for van, tot, a in profiel))
        return PrognoseParameters(
            sterfte_jaar=int(s["jaar"]),
            levensverwachting_65={g: float(s["levensverwachting_65"][g]) for g in ("man", "vrouw")},
            gompertz_helling={g: float(s["gompertz_helling"][g]) for g in ("man", "vrouw")},
            makeham=float(s["makeham"]["waarde"]),
            zuigelingensterfte={g: float(s["zuigelingensterfte"][g]) for g in ("man", "vrouw")},
            sterfte_daling=float(s["daling_per_jaar"]["waarde"]),
            vruchtbaarheid=float(v["standaard"]["waarde"]),
            aandeel_jongens=float(v["aandeel_jongens"]["waarde"]),
            vruchtbaarheid_jaren=int(v["jaren"]["waarde"]),
            migratie_jaren=int(m["jaren"]["waarde"]),
            aandeel_man=float(m["aandeel_man"]["waarde"]),
            migratieprofiel=profiel,
            varianten={var: {k: float(x) for k, x in p["varianten"][var].items() if k not in INFO}
                       for var in VARIANTEN},
        )

    # -- report -----------------------------------------------------------------------------
    def tabel(self) -> pd.DataFrame:
        """Every numeric value, one row each, with its source and origin (for "Over dit rapport").

        Columns: onderdeel (woonvorm key, 'landelijke_doelen' or 'prognose'), sleutel (dotted path),
        waarde, type, bron, toelichting, herkomst ('kengetallen.yaml' or 'regio-parameters').
        """
        rijen: list[dict[str, Any]] = []

        def loop(node: Mapping, pad: tuple[str, ...], geerfd: dict[str, Any]) -> None:
            info = dict(geerfd)
            for k in INFO:
                if k in node:
                    info[k] = node[k]
            for k, v in node.items():
                if k in INFO or (k in WOONVORM_META and len(pad) == 1) or (k == "versie" and not pad):
                    continue
                p = (*pad, str(k))
                if isinstance(v, Mapping):
                    loop(v, p, info)
                elif _is_getal(v):
                    rij = {"onderdeel": p[0], "sleutel": ".".join(p), "waarde": float(v),
                           "type": info.get("type", ""), "bron": _een_regel(info.get("bron", "")),
                           "toelichting": _een_regel(info.get("toelichting", "")), "herkomst": self.herkomst(p)}
                    if p in self.afwijkingen:
                        rij.update(self._afwijking_info(p))
                    rijen.append(rij)

        loop(self.boom, (), {})
        df = pd.DataFrame(rijen, columns=["onderdeel", "sleutel", "waarde", "type", "bron", "toelichting", "herkomst"])
        return df.astype({c: "string" for c in df.columns if c != "waarde"}).astype({"waarde": "float64"})

    def _afwijking_info(self, pad: tuple[str, ...]) -> dict[str, str]:
        """bron/toelichting of a value overridden by the regio: the override's own text when given."""
        node: Any = self.boom
        for deel in pad[:-1]:
            node = node[deel]
        eigen = {k for k in INFO if (*pad[:-1], k) in self.afwijkingen}
        oud: Any = self.origineel
        for deel in pad:
            oud = oud.get(deel) if isinstance(oud, Mapping) else None
        waar = self.regio_bestand or REGIO
        uit = {}
        uit["bron"] = (_een_regel(node["bron"]) if "bron" in eigen else
                       f"regio-parameters ({self.regio_bestand})" if self.regio_bestand else REGIO)
        uit["toelichting"] = (_een_regel(node["toelichting"]) if "toelichting" in eigen else
                              (f"afwijking van {Path(self.bestand).name} (daar {oud})" if oud is not None
                               else f"toegevoegd in de regio-parameters ({waar})"))
        return uit

    def overzicht(self) -> pd.DataFrame:
        """The woonvorm rates as a readable table: woonvorm, naam, eenheid, klasse, laag, midden, hoog,
        type, bron, toelichting, herkomst (one row per woonvorm and age class)."""
        t = self.tabel()
        t = t[t["onderdeel"].isin(self.woonvormen)].copy()
        delen = t["sleutel"].str.split(".")
        t["woonvorm"] = delen.str[0]
        t["klasse"] = delen.str[1]
        t["variant"] = delen.str[2]
        herk = t.groupby(["woonvorm", "klasse"], sort=False)["herkomst"].agg(
            lambda s: REGIO if (s == REGIO).any() else s.iloc[0])
        breed = t.pivot_table(index=["woonvorm", "klasse"], columns="variant", values="waarde", sort=False)
        info = t.groupby(["woonvorm", "klasse"], sort=False)[["type", "bron", "toelichting"]].first()
        uit = breed.join(info).join(herk).reset_index()
        uit.insert(1, "naam", uit["woonvorm"].map(lambda w: self.boom[w].get("naam", w)))
        uit.insert(2, "eenheid", uit["woonvorm"].map(lambda w: self.boom[w].get("eenheid", "")))
        return uit[["woonvorm", "naam", "eenheid", "klasse", *VARIANTEN, "type", "bron", "toelichting", "herkomst"]]


def _een_regel(t: Any) -> str:
    return re.sub(r"\s+", " ", str(t or "")).strip()


def laad(pad: str | Path | None = None, afwijkingen: Mapping | None = None, *,
         regio_bestand: str = "", gelezen: dict | None = None) -> Kengetallen:
    """Load ``params/kengetallen.yaml`` (or ``pad``), apply ``afwijkingen`` (the regio's
    ``kengetallen:`` section) and validate; raises :class:`ParamsFout` listing every problem.

    ``gelezen``: files parsed before by the caller (:meth:`wzlib.params.RegioParams.kengetallen_laden`),
    keyed by path and content, so a file is parsed once however often it is loaded; every
    call still validates a copy of the tree (a changed file is parsed again)."""
    pad = Path(pad) if pad is not None else paden.kengetallen_standaard(paden.projectmap())
    if not pad.exists():
        raise ParamsFout(f"{pad}: kengetallenbestand bestaat niet")
    if gelezen is None:
        ruw = lees_yaml(pad)
    else:
        try:
            inhoud = pad.read_bytes() if pad.stat().st_size <= MAX_GROOTTE else b""
        except OSError:
            inhoud = b""  # lees_yaml names the problem
        sleutel = (str(pad.resolve()), len(inhoud), hashlib.sha256(inhoud).hexdigest())
        if not inhoud or sleutel not in gelezen:
            gelezen.clear()
            gelezen[sleutel] = lees_yaml(pad)
        ruw = copy.deepcopy(gelezen[sleutel])
    return uit_boom(ruw, afwijkingen, bestand=str(pad), regio_bestand=regio_bestand)


def uit_boom(boom: Any, afwijkingen: Mapping | None = None, *, bestand: str = STANDAARD_BESTAND,
             regio_bestand: str = "") -> Kengetallen:
    """Like :func:`laad` for a tree already in memory (tests, other sources)."""
    boom = _str_sleutels(boom) if isinstance(boom, Mapping) else boom
    problemen = controleer(boom, bestand)
    if problemen:
        raise ParamsFout(f"{bestand}: {len(problemen)} fout(en) in de kengetallen:\n"
                         + "\n".join(f"  - {p}" for p in problemen))
    afw = _str_sleutels(afwijkingen or {})
    if afw and not isinstance(afw, Mapping):
        raise ParamsFout(f"{regio_bestand or REGIO}: kengetallen: moet een mapping zijn met dezelfde sleutels "
                         "als params/kengetallen.yaml")
    afw_paden = set(_bladeren(afw)) if afw else set()
    samen = _samenvoegen(boom, afw) if afw else copy.deepcopy(boom)
    if afw:
        _vul_nieuwe_aan(samen, boom, afw, regio_bestand)
        problemen = controleer(samen, bestand, afw_paden)
        if problemen:
            raise ParamsFout(f"{regio_bestand or REGIO}: {len(problemen)} fout(en) in de afwijkende kengetallen "
                             f"(sectie 'kengetallen:'):\n" + "\n".join(f"  - {p}" for p in problemen))
    return Kengetallen(boom=samen, bestand=bestand, origineel=copy.deepcopy(boom), afwijkingen=frozenset(afw_paden),
                       regio_bestand=regio_bestand)


def _vul_nieuwe_aan(samen: dict, basis: Mapping, afw: Mapping, regio_bestand: str) -> None:
    """Nodes the regio adds (not in the file) get type P and a bron/toelichting naming the regio file
    where the override gives none, so only real problems (ranges, typos) are reported."""
    standaard = {"type": "P", "bron": f"regio-parameters ({regio_bestand})" if regio_bestand else REGIO,
                 "toelichting": "toegevoegd in de regio-parameters"}
    for k, v in afw.items():
        if not isinstance(v, Mapping) or not isinstance(samen.get(k), dict):
            continue
        if isinstance(basis, Mapping) and k in basis and isinstance(basis[k], Mapping):
            _vul_nieuwe_aan(samen[k], basis[k], v, regio_bestand)
        elif any(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v.values()):
            for i, w in standaard.items():
                samen[k].setdefault(i, w)


# --------------------------------------------------------------------------------------------------
# documentation (docs/kengetallen.md is generated from the YAML)
# --------------------------------------------------------------------------------------------------
_TYPE_UITLEG = {"N": "norm of beleidsdoel", "O": "waargenomen of geprognosticeerd cijfer",
                "A": "modelaanname van anderen", "P": "geen gepubliceerde norm: beredeneerde standaardwaarde"}


def _md(t: Any) -> str:
    return _een_regel(t).replace("|", "\\|")


def _getal_nl(x: float) -> str:
    if float(x).is_integer() and abs(x) >= 1000:
        return f"{int(x):,}".replace(",", ".")
    tekst = f"{x:.4f}".rstrip("0").rstrip(".")
    return tekst.replace(".", ",")


def documentatie_markdown(k: Kengetallen | None = None) -> str:
    """``docs/kengetallen.md``: every value of the kengetallen file with type, bron and toelichting (Dutch)."""
    k = k or laad()
    r: list[str] = [
        "# Kengetallen",
        "",
        "Gegenereerd uit `params/kengetallen.yaml` door `wzlib.documentatie.kengetallen_markdown()`; "
        "niet met de hand bewerken (een test controleert dat dit bestand actueel is).",
        "",
        "De kengetallen vertalen de (geprognosticeerde) bevolking naar vraag per woonvorm, vertalen de "
        "landelijke doelen naar de gemeente en leggen de aannames van de eigen bevolkingsprognose vast. "
        "Elke waarde heeft een type:",
        "",
        *[f"- **{t}**: {u}" for t, u in _TYPE_UITLEG.items()],
        "",
        "**Afwijken per regio.** Zet in `params/regios/<regio>.yaml` een sectie `kengetallen:` met dezelfde "
        "sleutels; elke waarde mag worden overschreven. In het rapport staat bij elke waarde de herkomst "
        "(`kengetallen.yaml` of `regio-parameters`). Voorbeeld:",
        "",
        "```yaml",
        "kengetallen:",
        "  verpleegzorg:",
        "    85-89: {midden: 0.12, bron: \"Zorgkantoor X, 2025\", toelichting: \"regionale Wlz-cijfers\"}",
        "  prognose:",
        "    varianten:",
        "      hoog: {migratie: 2.0}",
        "```",
        "",
        "## Vraag per woonvorm",
        "",
        "Tarief = aantal wooneenheden of plaatsen per **inwoner** van de leeftijdsklasse (dus inclusief de "
        "omrekening van personen naar huishoudens). Vraag = geprognosticeerde bevolking × tarief, per "
        "gemeente, jaar en variant; de variant laag gebruikt de lage bevolkingsvariant én het lage tarief, "
        "hoog beide hoge. Een tariefklasse die deels in een bevolkingsklasse valt (bv. 18-64 in 15-19) telt "
        "naar rato van de leeftijdsjaren. Het gaat om de totale behoefte, niet om het tekort: de "
        "confrontatie met het aanbod volgt in de stappen aanbod en spreiding.",
        "",
    ]
    ov = k.overzicht()
    for w in k.woonvormen:
        info = k.woonvorm_info(w)
        r += [f"### {info['naam'] or w} (`{w}`)", "",
              f"Eenheid: {info['eenheid']}." + (f" Groep: `{info['groep']}`." if info.get("groep") else ""), ""]
        if info.get("omschrijving"):
            r += [_een_regel(info["omschrijving"]), ""]
        r += ["| Leeftijd | Laag | Midden | Hoog | Type | Bron | Toelichting |",
              "|---|---:|---:|---:|---|---|---|"]
        for _, x in ov[ov["woonvorm"] == w].iterrows():
            r.append(f"| {x['klasse']} | {_getal_nl(x['laag'])} | {_getal_nl(x['midden'])} | {_getal_nl(x['hoog'])} "
                     f"| {x['type']} | {_md(x['bron'])} | {_md(x['toelichting'])} |")
        r.append("")
    t = k.tabel()
    r += ["## Landelijke doelen", "",
          "Het landelijke doel wordt naar de gemeente vertaald met het aandeel van de gemeente in de "
          "landelijke leeftijdsgroep op 1 januari van het basisjaar (Nederland = de NL00-regels van de bron, "
          "anders de som van alle gemeenten in de bron).", "",
          "| Woonvorm | Jaar | Aantal | Verdeelsleutel | Type | Bron | Toelichting |", "|---|---|---:|---|---|---|---|"]
    for _, d in k.doelen().iterrows():
        rij = t[t["sleutel"] == f"landelijke_doelen.{d['woonvorm']}.aantal"].iloc[0]
        r.append(f"| {d['woonvorm']} | {d['jaar']} | {_getal_nl(d['aantal'])} | aandeel in {d['leeftijd']} "
                 f"| {rij['type']} | {_md(rij['bron'])} | {_md(rij['toelichting'])} |")
    r += ["", "## Bevolkingsprognose", "",
          "Aannames van het eigen cohortmodel (`wzlib.prognose`; zie ook de uitleg in de module). "
          "Sterfte: de CBS-sterftetafel (37360ned) als die beschikbaar is, anders een Gompertz-Makeham-curve "
          "die de CBS-levensverwachting op 65 jaar reproduceert. Vruchtbaarheid en migratiesaldo worden per "
          "gemeente uit de eigen bevolkingsontwikkeling geschat; de waarden hieronder zijn standaarden en "
          "vormen. Met de CBS/PBL-prognose-intervallen (85173NED) wordt het totaal per jaar daarop "
          "gekalibreerd (restverschil via de migratieleeftijden).", "",
          "| Sleutel | Waarde | Type | Bron | Toelichting |", "|---|---:|---|---|---|"]
    pr = t[t["onderdeel"] == "prognose"].copy()
    pr["groep"] = pr["sleutel"].str.removeprefix("prognose.").str.removesuffix(".waarde")
    profiel = pr["groep"].str.startswith("migratie.leeftijdsprofiel.")
    vorige = ("", "")
    gedaan_profiel = False
    for _, x in pr.iterrows():
        if profiel[_]:
            if gedaan_profiel:
                continue
            gedaan_profiel = True
            p = pr[profiel]
            sleutel = "migratie.leeftijdsprofiel"
            waarde = "; ".join(f"{g.rsplit('.', 1)[1]}: {_getal_nl(w)}" for g, w in zip(p["groep"], p["waarde"]))
        else:
            sleutel, waarde = x["groep"], _getal_nl(x["waarde"])
        info = (x["bron"], x["toelichting"])
        bron, toel = ("idem", "idem") if info == vorige else (_md(info[0]), _md(info[1]))
        vorige = info
        r.append(f"| `{sleutel}` | {waarde} | {x['type']} | {bron} | {toel} |")
    r.append("")
    return "\n".join(r)
