"""Regio parameters: ``params/regios/<slug>.yaml`` as typed models, every section checked on load.

A regio file says which gemeenten form the regio (by code or by name), the peiljaar, where the data
come from (``cbs``, a folder in the import format, or the fictional ``voorbeeld`` regio), where the
local inputs live, and the settings of the steps: ``afscherming``, ``prognose``, ``spreiding``,
``confrontatie`` (with the partners) and overrides of ``kengetallen``. Each section is a pydantic
model; :func:`laad_regio` validates all of them at once, before any step runs, and reports every
problem with file, key and, for a typo, the key that was probably meant. Relative paths are resolved
against the project root (the folder that holds ``params/``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError, field_validator,
                      model_validator)

from . import kengetallen, paden
from . import params_meldingen as meldingen
from .params_meter import Meter
from . import params_spel

from .params_monitoring import Monitoring
from .fouten import ParamsFout
from .getal import lees_geheel, lees_getal
from .groepen import GROEPEN
from .params_ambities import Ambities
from .params_waarden import WOONVORM_GROEP
from .params_waarden import geheel as _geheel
from .params_waarden import getal as _getal
from .params_waarden import groep as _groep
from .params_waarden import spreidingsgroep as _spreidingsgroep
from .params_waarden import woonvorm as _woonvorm
from .yamlbestand import lees_yaml

CODE = re.compile(r"GM\d{4}")
VARIANTEN = kengetallen.VARIANTEN

#: The three distribution keys of the fair-share step (docs/fair-share.md) and their Dutch names.
VERDEELSLEUTELS: dict[str, str] = {
    "naar_rato": "1. Naar rato van gemeentegrootte",
    "eigen_behoefte": "2. Eigen behoefte leidend",
    "lokale_kenmerken": "3. Lokale kenmerken",
}
#: Components of the lokale-kenmerken key and what they measure.
COMPONENTEN: dict[str, str] = {
    "sociale_huurvoorraad": "sociale huurvoorraad",
    "mutaties": "vrijkomende sociale huurwoningen per jaar (mutaties)",
    "voorzieningen": "inwoners gewogen met de nabijheid van voorzieningen",
}

#: Partner kinds of the partner round, with their Dutch labels.
SOORT_LABEL: dict[str, str] = {
    "corporatie": "woningcorporatie", "zorgaanbieder": "zorgaanbieder", "welzijn": "welzijnsorganisatie",
    "zorgkantoor": "zorgkantoor", "provincie": "provincie", "huurders": "huurdersorganisatie",
    "clienten": "cliëntenorganisatie", "gemeente": "gemeente", "overig": "overig",
}
SOORTEN: tuple[str, ...] = tuple(SOORT_LABEL)

#: Default norm for the share of social-rent lettings that goes to urgenten. Type P (domein.md §4):
#: stated in kaart 3/4 of the process documents, no legal source found.
NORM_URGENTIE_AANDEEL = 0.30
NORM_BRON_STANDAARD = "standaardwaarde, type P: procesdocumenten kaart 3/4, geen wettelijke bron gevonden"
#: Woonvormen without a demand model whose demand is approximated by the size of an aandachtsgroep.
STANDAARD_PROXY: dict[str, tuple[str, ...]] = {
    "studentenwoning": ("studenten",),
    "woonwagenstandplaats": ("woonwagenbewoners",),
    "arbeidsmigranten": ("arbeidsmigranten",),
}
HORIZON = (0, 10, 20)


# --------------------------------------------------------------------------------------------------
# value types: numbers through the one parser (wzlib.getal), fractions, registry keys
# --------------------------------------------------------------------------------------------------
def _aandeel(v: Any) -> Any:
    """A share as a fraction 0-1; 30 for 30 % is refused with a suggestion (one convention everywhere)."""
    v = _getal(v)
    if isinstance(v, (int, float)) and 1 < v <= 100:
        raise ValueError(f"moet een fractie tussen 0 en 1 zijn; bedoelde u {v / 100:g} (= {v:g}%)?")
    return v


Getal = Annotated[float, BeforeValidator(_getal)]
Geheel = Annotated[int, BeforeValidator(_geheel)]
Aandeel = Annotated[float, BeforeValidator(_aandeel), Field(ge=0, le=1)]


def _lijst(v: Any) -> Any:
    """A single text where a list is expected counts as a list of one; None as an empty list."""
    if v is None:
        return []
    return [v] if isinstance(v, str) else v


def _gemeentecode(v: Any) -> str:
    c = str(v).strip().upper()
    if not CODE.fullmatch(c):
        raise ValueError(f"moet een gemeentecode zijn (GM + 4 cijfers), niet {v!r}")
    return c


Groepsleutel = Annotated[str, BeforeValidator(lambda v: _groep(str(v).strip()))]
Woonvormsleutel = Annotated[str, BeforeValidator(lambda v: _woonvorm(str(v).strip()))]
Gemeentecode = Annotated[str, BeforeValidator(_gemeentecode)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _leeg_is_standaard(cls, v: Any) -> Any:
        return {} if v is None else v


# --------------------------------------------------------------------------------------------------
# the sections
# --------------------------------------------------------------------------------------------------
class Bron(_Model):
    soort: Literal["cbs", "invoer", "voorbeeld"] = Field(
        description="cbs = CBS open data via cbsodata; invoer = map in het invoerformaat; voorbeeld = fictief")
    map: str | None = Field(None, description="map met invoerbestanden (bij invoer/voorbeeld)")
    cache: str = Field("data/cache/cbs", description="cache-map voor CBS-tabellen")
    max_leeftijd_dagen: Geheel | None = Field(None, ge=0, description="ververs CBS-cache ouder dan dit")


class GemeenteOpgave(_Model):
    """A gemeente as the regio file names it: by code, by name, or both."""

    code: str | None = None
    naam: str | None = None


@dataclass(frozen=True)
class Gemeente:
    """A gemeente of the regio, resolved against the source: the one gemeente type of the toolkit."""

    code: str
    naam: str


class Afscherming(_Model):
    """``afscherming:`` the disclosure rules (docs/afscherming.md); see wzlib.presentatie.afscherming."""

    drempel_kwetsbaar: Geheel = Field(10, ge=0, description="aantallen van kwetsbare groepen onder dit getal "
                                                             "worden niet gepubliceerd")
    drempel_algemeen: Geheel = Field(5, ge=0, description="overige aantallen onder dit getal niet gepubliceerd")
    min_noemer: Geheel = Field(50, ge=0, description="percentages over minder dan dit niet gepubliceerd")
    afronden_op: Geheel | None = Field(None, ge=1, description="gepubliceerde aantallen afronden op een veelvoud")
    marker: str | None = None
    marker_secundair: str = "•"
    marker_noemer: str | None = None
    secundair: bool = True


class Prognose(_Model):
    """``prognose:`` run options of the prognose step (docs/kengetallen.md)."""

    horizon: Geheel = Field(20, ge=1, le=40, description="aantal jaren na het basisjaar")
    bron: Literal["automatisch", "eigen", "invoer"] = "automatisch"
    bestand: str = Field("prognose.csv", min_length=1, description="bestandsnaam in de map met lokale invoer")
    kalibreren: bool = True


class Ruiling(_Model):
    """One swap (art. 29 lid 2): gemeente ``van`` hands ``aantal`` of its allocation to ``naar``."""

    van: Gemeentecode
    naar: Gemeentecode
    aantal: Geheel = Field(gt=0)
    groep: str = Field(min_length=1)  # a groep key or woonvorm:<key>; checked on load (samenhang)
    reden: str = Field(min_length=1)
    sleutel: Literal["naar_rato", "eigen_behoefte", "lokale_kenmerken"] | None = None  # None = every key
    nr: int = 0  # position in the list (1-based), set on load

    @model_validator(mode="after")
    def _verschillend(self) -> Ruiling:
        if self.van == self.naar:
            raise ValueError(f"van en naar zijn dezelfde gemeente ({self.van})")
        return self


class Taakstelling(_Model):
    """One art. 29 taakstelling: a regio total for ``groep`` over ``periode`` (e.g. the statushouders of a
    half year), distributed over the gemeenten by inhabitants with the statutory rounding up."""

    groep: Groepsleutel
    totaal: Geheel = Field(ge=0)
    periode: str = Field(min_length=1)  # e.g. "2e helft 2024"
    bron: str = ""  # e.g. "Circulaire taakstelling vergunninghouders, bijlage A"


class Spreiding(_Model):
    """``spreiding:`` settings of the fair-share step (docs/fair-share.md)."""

    gewichten: dict[str, Aandeel] = Field(default_factory=lambda: {
        "sociale_huurvoorraad": 0.4, "mutaties": 0.4, "voorzieningen": 0.2})
    concentratiestraf: Aandeel = 0.5
    art29_groepen: Annotated[tuple[Groepsleutel, ...], BeforeValidator(_lijst)] = ("statushouders",)
    mutatiegraad: Getal = Field(0.06, ge=0.001, le=1)
    doel_sociale_huur: Aandeel = Field(0.30, ge=0.01, le=0.99)
    termijn_jaren: Geheel = Field(10, ge=1, le=50)
    nieuwbouw_aandeel_sociaal: Aandeel = 0.5
    doeljaar: Geheel = 0  # 0 = peiljaar + termijn_jaren
    variant: Literal["laag", "midden", "hoog"] = "midden"
    groepen: Annotated[tuple[Annotated[str, BeforeValidator(_spreidingsgroep)], ...] | None,
                       BeforeValidator(lambda v: None if v in (None, []) else _lijst(v))] = None
    ruilingen: Annotated[tuple[Ruiling, ...], BeforeValidator(_lijst)] = ()
    taakstellingen: Annotated[tuple[Taakstelling, ...], BeforeValidator(_lijst)] = ()
    scenarios: params_spel.Scenarios = ()  # saved scenarios of the table game (wzlib.spel)

    @field_validator("gewichten")
    @classmethod
    def _gewichten(cls, v: dict[str, float]) -> dict[str, float]:
        for k in v:
            if k not in COMPONENTEN:
                tip = difflib.get_close_matches(k, list(COMPONENTEN), n=1)
                raise ValueError(f"onbekende component '{k}'" + (f"; bedoelde u {tip[0]}?" if tip else "")
                                 + f" (bekend: {', '.join(COMPONENTEN)})")
        volledig = {k: float(v.get(k, 0.0)) for k in COMPONENTEN}
        som = sum(volledig.values())
        if abs(som - 1) > 1e-6:
            raise ValueError(f"de gewichten tellen op tot {f'{som:g}'.replace('.', ',')}; ze moeten samen "
                             "precies 1 zijn")
        return volledig

    @field_validator("doeljaar")
    @classmethod
    def _doeljaar(cls, v: int) -> int:
        if v and not 2000 <= v <= 2100:
            raise ValueError(f"moet 0 (= peiljaar + termijn_jaren) of een jaartal 2000-2100 zijn (waarde: {v})")
        return v

    @field_validator("ruilingen")
    @classmethod
    def _nummer(cls, v: tuple[Ruiling, ...]) -> tuple[Ruiling, ...]:
        return tuple(r.model_copy(update={"nr": i + 1}) for i, r in enumerate(v))


class Partner(_Model):
    """A partner in the partner round: name (as on the sheet) and kind."""

    naam: str = Field(min_length=1)
    soort: Literal[SOORTEN] = "overig"  # type: ignore[valid-type]

    @model_validator(mode="before")
    @classmethod
    def _alleen_naam(cls, v: Any) -> Any:
        if isinstance(v, str):
            return {"naam": v}
        if isinstance(v, Mapping) and isinstance(v.get("soort"), str):
            return {**v, "soort": v["soort"].strip().lower(), "naam": str(v.get("naam") or "").strip()}
        return v


def standaard_partners() -> tuple[Partner, ...]:
    """The default set when the regio names no partners: the parties kaart 3 and the handvat name."""
    return (Partner(naam="Woningcorporaties", soort="corporatie"),
            Partner(naam="Zorgaanbieders", soort="zorgaanbieder"),
            Partner(naam="Zorgkantoor", soort="zorgkantoor"), Partner(naam="Provincie", soort="provincie"),
            Partner(naam="Huurdersorganisatie", soort="huurders"), Partner(naam="Cliëntenraad", soort="clienten"))


class Acceptatie(_Model):
    """The regio accepts one partner's correction of a finding (``confrontatie: geaccepteerd``)."""

    bevinding: str = Field(min_length=1)
    partner: str = Field(min_length=1)
    reden: str = ""


def _mutaties(v: Any) -> Any:
    """{GMxxxx: aantal} or {GMxxxx: {jaar: aantal}} -> {GMxxxx: {jaar: aantal}} (jaar 0 = every year)."""
    if v is None:
        return {}
    if not isinstance(v, Mapping):
        raise ValueError("moet per gemeentecode een getal of {jaar: getal} zijn, bv. {GM0402: 450}")
    uit: dict[str, dict[int, float]] = {}
    fouten: list[str] = []
    for gm, w in v.items():
        try:
            code = _gemeentecode(gm)
        except ValueError as e:
            fouten.append(f"{gm}: {e}")
            continue
        per = w if isinstance(w, Mapping) else {0: w}
        uit[code] = {}
        for j, n in per.items():
            jj, nn = lees_geheel(j), lees_getal(n)
            if jj is None or not (jj == 0 or 1900 <= jj <= 2100):
                fouten.append(f"{gm}: jaartal verwacht, niet {j!r}")
            elif nn is None or nn < 0:
                fouten.append(f"{gm}: aantal (>= 0) verwacht, niet {n!r}")
            else:
                uit[code][jj] = nn
    if fouten:
        raise ValueError("\n".join(fouten))
    return uit


def _proxy(v: Any) -> Any:
    """The regio's ``vraag_proxy`` on top of the defaults; an empty value removes a default."""
    if v is None:
        return dict(STANDAARD_PROXY)
    if not isinstance(v, Mapping):
        raise ValueError("moet een mapping {woonvorm: groep of [groepen]} zijn")
    uit = dict(STANDAARD_PROXY)
    for wv, gr in v.items():
        _woonvorm(str(wv))
        if gr in (None, [], ""):
            uit.pop(str(wv), None)
            continue
        uit[str(wv)] = tuple(_groep(str(g)) for g in _lijst(gr))
    return uit


def _horizon(v: Any) -> Any:
    if v is None:
        return HORIZON
    jaren = [lees_geheel(x) for x in _lijst(v)] if isinstance(v, (list, tuple)) else [None]
    if not jaren or any(x is None or not 0 <= x <= 40 for x in jaren):
        raise ValueError(f"moet een lijst van jaren na het peiljaar zijn (0-40), bv. [0, 10, 20] (waarde: {v!r})")
    h = tuple(sorted(set(jaren)))
    return h if h[0] == 0 else (0, *h)


class Confrontatie(_Model):
    """``confrontatie:`` settings of the confrontatie step and the partner round (docs/partnerronde.md)."""

    norm_urgentie_aandeel: Aandeel = Field(NORM_URGENTIE_AANDEEL, gt=0)
    mutaties: Annotated[dict[str, dict[int, float]], BeforeValidator(_mutaties)] = Field(default_factory=dict)
    mutatiegraad: Aandeel | None = Field(None, gt=0, lt=1)
    urgente_groepen: Annotated[tuple[Groepsleutel, ...] | None,
                               BeforeValidator(lambda v: None if v is None else _lijst(v))] = None
    vraag_proxy: Annotated[dict[str, tuple[str, ...]], BeforeValidator(_proxy)] = Field(
        default_factory=lambda: dict(STANDAARD_PROXY))
    plan_hardheid: Annotated[tuple[str, ...] | None, BeforeValidator(
        lambda v: None if v is None else tuple(str(x).strip().lower() for x in _lijst(v)))] = None
    horizon: Annotated[tuple[int, ...], BeforeValidator(_horizon)] = HORIZON
    top_n: Geheel = Field(5, ge=1, le=20)
    partners: tuple[Partner, ...] | None = None  # None: not named (wz partners uses standaard_partners)
    geaccepteerd: Annotated[tuple[Acceptatie, ...], BeforeValidator(_lijst)] = ()
    correcties_automatisch: bool = True
    reacties_map: str | None = None

    @model_validator(mode="after")
    def _samenhang(self) -> Confrontatie:
        if self.partners is not None:
            if not self.partners:
                raise ValueError("partners: moet een niet-lege lijst zijn van {naam: ..., soort: ...}")
            namen = [p.naam.lower() for p in self.partners]
            dubbel = sorted({n for n in namen if namen.count(n) > 1})
            if dubbel:
                raise ValueError(f"partners: partner '{dubbel[0]}' staat er twee keer in")
        gezien: set[str] = set()
        for i, a in enumerate(self.geaccepteerd):
            if self.partners is not None and a.partner.lower() not in {p.naam.lower() for p in self.partners}:
                raise ValueError(f"geaccepteerd[{i}].partner: partner '{a.partner}' staat niet in "
                                 "confrontatie.partners")
            if a.bevinding in gezien:
                raise ValueError(f"geaccepteerd[{i}].bevinding: bevinding '{a.bevinding}' is al eerder "
                                 "geaccepteerd; kies één partner")
            gezien.add(a.bevinding)
        return self

    @property
    def norm_bron(self) -> str:
        """Where the norm comes from, for the report."""
        if "norm_urgentie_aandeel" in self.model_fields_set:
            return "regio-parameters (confrontatie.norm_urgentie_aandeel)"
        return NORM_BRON_STANDAARD

    @property
    def partners_of_standaard(self) -> tuple[Partner, ...]:
        return self.partners if self.partners is not None else standaard_partners()

    def urgente_groepsleutels(self) -> tuple[str, ...]:
        """The groups whose demand counts as urgent: the list given, else every group of soort 'urgent'."""
        if self.urgente_groepen is not None:
            return self.urgente_groepen
        return tuple(k for k, g in GROEPEN.items() if g.soort == "urgent")


class RegioParams(_Model):
    """A whole regio file, validated. ``slug``, ``pad`` and ``root`` are filled in by :func:`laad_regio`."""

    model_config = ConfigDict(extra="forbid", frozen=False)

    naam: str = Field(min_length=1, description="naam van de regio")
    peiljaar: Geheel = Field(ge=2000, le=2100, description="jaar waarop de analyse betrekking heeft")
    bron: Bron
    gemeenten: list[str | GemeenteOpgave] = Field(min_length=1)
    fictief: bool = Field(False, description="true voor de fictieve voorbeeldregio")
    lokaal: str | None = Field(None, description="map met lokale invoer (aanbod, aandachtsgroepen, ...)")
    kengetallen_bestand: str = Field("params/kengetallen.yaml")
    groepen: list[Groepsleutel] | None = Field(None, description="aandachtsgroepen in scope; leeg = alle")
    kengetallen: dict[str, Any] = Field(default_factory=dict, description="afwijkingen van kengetallen.yaml")
    afscherming: Afscherming = Field(default_factory=Afscherming)
    prognose: Prognose = Field(default_factory=Prognose)
    spreiding: Spreiding = Field(default_factory=Spreiding)
    confrontatie: Confrontatie = Field(default_factory=Confrontatie)
    ambities: Ambities = Field(default_factory=Ambities)
    meter: Meter = Field(default_factory=Meter)

    monitoring: Monitoring = Field(default_factory=Monitoring)
    opmerking: str | None = None

    slug: str = ""
    pad: str = ""
    root: str = ""
    # the kengetallen file as parsed (kengetallen.laad's ``gelezen``): checked by laad_regio and loaded again by
    # the notebook, parsed once
    _kengetallen_gelezen: dict = PrivateAttr(default_factory=dict)

    @field_validator("kengetallen", mode="before")
    @classmethod
    def _geen_kengetallen(cls, v: Any) -> Any:
        return {} if v is None else v

    @field_validator("gemeenten")
    @classmethod
    def _geen_dubbele(cls, v):
        gezien = set()
        for item in v:
            sleutel = item if isinstance(item, str) else (item.code or item.naam)
            if not sleutel:
                raise ValueError("een gemeente zonder code en naam")
            if sleutel in gezien:
                raise ValueError(f"gemeente '{sleutel}' staat er twee keer in")
            gezien.add(sleutel)
        return v

    def pad_naar(self, p: str | None) -> Path | None:
        """Resolve a path from the params file against the project root."""
        if p is None:
            return None
        q = Path(p)
        return q if q.is_absolute() else (Path(self.root) / q).resolve()

    @property
    def bron_map(self) -> Path | None:
        return self.pad_naar(self.bron.map)

    @property
    def lokaal_map(self) -> Path | None:
        return self.pad_naar(self.lokaal)

    @property
    def cbs_cache(self) -> Path:
        return self.pad_naar(self.bron.cache)

    @property
    def uitvoer_map(self) -> Path:
        return paden.uitvoer_regio(paden.uitvoer_root(Path(self.root)), self.slug)

    @property
    def opgegeven_codes(self) -> list[str] | None:
        """The gemeentecodes when every gemeente is given by code, else None (names need the source)."""
        codes = [(g if isinstance(g, str) else (g.code or "")).strip().upper() for g in self.gemeenten]
        return codes if all(CODE.fullmatch(c) for c in codes) else None

    def kengetallen_laden(self) -> kengetallen.Kengetallen:
        """The regio's kengetallen: its ``kengetallen_bestand`` with the ``kengetallen:`` overrides."""
        return kengetallen.laad(self.pad_naar(self.kengetallen_bestand), self.kengetallen, regio_bestand=self.pad,
                                gelezen=self._kengetallen_gelezen)

    def sectie(self, pad: str) -> Any:
        """The value at a dotted key (``spreiding.doel_sociale_huur``) as plain data, for fingerprints."""
        waarde: Any = self.model_dump(mode="json", exclude={"slug", "pad", "root", "opmerking"})
        for deel in pad.split("."):
            waarde = waarde.get(deel) if isinstance(waarde, dict) else None
        return waarde


# --------------------------------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------------------------------
def regio_pad(regio: str | Path) -> Path:
    """``voorbeeldregio`` → ``<root>/params/regios/voorbeeldregio.yaml``; a path is returned as is."""
    p = Path(regio)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p.resolve()
    root = paden.projectmap()
    kandidaat = paden.regio_yaml(root, str(regio))
    if kandidaat.exists():
        return kandidaat
    bestaande = sorted(q.stem for q in paden.regios_map(root).glob("*.yaml"))
    tip = difflib.get_close_matches(str(regio), bestaande, n=3)
    raise ParamsFout(
        f"Regio '{regio}' niet gevonden: {kandidaat} bestaat niet. "
        + (f"Bedoelde u: {', '.join(tip)}? " if tip else "")
        + f"Beschikbaar: {', '.join(bestaande) or 'geen'}.")


def laad_regio(regio: str | Path | RegioParams) -> RegioParams:
    """Load and validate a regio params file (by slug or path), every section at once.

    Raises one :class:`ParamsFout` listing every problem as ``<file>: <key>: <what is wrong>``.
    Gemeenten are not yet resolved: use :func:`wzlib.analyse.laad_gemeenten` or :func:`los_gemeenten_op`.
    """
    if isinstance(regio, RegioParams):
        return regio
    pad = regio_pad(regio)
    ruw = lees_yaml(pad)
    if not isinstance(ruw, dict):
        raise ParamsFout(f"{pad}: verwacht een YAML-mapping met sleutels als 'naam', 'peiljaar', 'gemeenten'")
    root = pad.parent.parent.parent if (pad.parent.name == "regios" and pad.parent.parent.name == "params") \
        else pad.parent
    try:
        rp = RegioParams.model_validate(ruw)
    except ValidationError as e:
        problemen = [r for err in e.errors() for r in meldingen.problemen(err, RegioParams)]
        raise ParamsFout(meldingen.melding(pad, problemen + _kengetallen_problemen(ruw, root, pad))) from None
    rp.slug, rp.pad, rp.root = pad.stem, str(pad), str(root)
    problemen = samenhang(rp)
    if problemen:
        raise ParamsFout(meldingen.melding(pad, problemen))
    return rp


def samenhang(rp: RegioParams) -> list[str]:
    """Checks across sections (each a ``key: message`` line): source folder, codes, swaps and mutaties
    naming gemeenten of the regio, and the kengetallen overrides against the kengetallen file."""
    p: list[str] = []
    if rp.bron.soort in ("invoer", "voorbeeld") and not rp.bron.map:
        p.append(f"bron.map: ontbreekt (nodig bij bron.soort '{rp.bron.soort}')")
    codes = rp.opgegeven_codes
    if rp.bron.soort == "cbs" and codes is None:
        for i, g in enumerate(rp.gemeenten):
            c = (g if isinstance(g, str) else (g.code or g.naam or "")).strip()
            if not CODE.fullmatch(c.upper()):
                p.append(f"gemeenten[{i}]: bij bron 'cbs' een gemeentecode (GM + 4 cijfers) opgeven, niet '{c}'")
    if codes is not None:
        p += _buiten_regio(rp, codes)
    for r in rp.spreiding.ruilingen:
        try:
            _spreidingsgroep(r.groep)
        except ValueError as e:
            p.append(f"spreiding.ruilingen[{r.nr - 1}].groep: {e}")
    try:
        rp.kengetallen_laden()
    except ParamsFout as e:
        p += meldingen.regels(e)
    return p


def _kengetallen_problemen(ruw: dict, root: Path, pad: Path) -> list[str]:
    """The kengetallen overrides checked even when other sections failed, so one run lists every problem."""
    afwijkingen, bestand = ruw.get("kengetallen"), ruw.get("kengetallen_bestand") or "params/kengetallen.yaml"
    if not isinstance(afwijkingen, dict) or not afwijkingen or not isinstance(bestand, str):
        return []
    q = Path(bestand)
    try:
        kengetallen.laad(q if q.is_absolute() else (root / q).resolve(), afwijkingen, regio_bestand=pad)
    except ParamsFout as e:
        return meldingen.regels(e)
    except (OSError, ValueError, TypeError):
        return []  # a missing or unreadable kengetallen file is reported once the sections are right
    return []


def los_gemeenten_op(rp: RegioParams, gemeenten_tabel) -> list[Gemeente]:
    """Resolve the regio's gemeenten (code or name) against a gemeenten table (gemeentecode, gemeentenaam).

    Unknown entries raise ParamsFout naming the key and suggesting the nearest matches.
    """
    codes = dict(zip(gemeenten_tabel["gemeentecode"].astype(str), gemeenten_tabel["gemeentenaam"].astype(str)))
    namen: dict[str, list[str]] = {}
    for c, n in codes.items():
        namen.setdefault(_norm(n), []).append(c)
    uit: list[Gemeente] = []
    fouten: list[str] = []
    for i, item in enumerate(rp.gemeenten):
        opgave = item if isinstance(item, str) else (item.code or item.naam or "")
        opgave = opgave.strip()
        if CODE.fullmatch(opgave.upper()):
            code = opgave.upper()
            if code in codes:
                naam = getattr(item, "naam", None)
                if naam and _norm(naam) != _norm(codes[code]):
                    fouten.append(f"gemeenten[{i}].naam: '{naam}' past niet bij {code} ({codes[code]} in de bron)")
                uit.append(Gemeente(code=code, naam=codes[code]))
                continue
            tip = difflib.get_close_matches(code, list(codes), n=3)
            fouten.append(f"gemeenten[{i}]: gemeentecode '{code}' onbekend in de bron"
                          + (f"; bedoelde u {', '.join(f'{t} ({codes[t]})' for t in tip)}?" if tip else ""))
            continue
        gevonden = namen.get(_norm(opgave), [])
        if len(gevonden) == 1:
            uit.append(Gemeente(code=gevonden[0], naam=codes[gevonden[0]]))
            continue
        if len(gevonden) > 1:
            fouten.append(f"gemeenten[{i}]: naam '{opgave}' is niet eenduidig ({', '.join(gevonden)}); "
                          "geef de gemeentecode")
            continue
        alle = {_norm(n): n for n in codes.values()}
        tip = difflib.get_close_matches(_norm(opgave), list(alle), n=3, cutoff=0.6)
        tip_tekst = ", ".join(f"{alle[t]} ({namen[t][0]})" for t in tip)
        fouten.append(f"gemeenten[{i}]: gemeente '{opgave}' onbekend"
                      + (f"; bedoelde u: {tip_tekst}?" if tip else ""))
    fouten += _dubbel_opgelost(rp, uit) if not fouten else []
    if not fouten and rp.opgegeven_codes is None:
        fouten += _buiten_regio(rp, [g.code for g in uit])
    if fouten:
        raise ParamsFout(meldingen.melding(rp.pad, fouten))
    return uit


def _dubbel_opgelost(rp: RegioParams, gemeenten: list[Gemeente]) -> list[str]:
    """The same gemeente given twice, e.g. once by code and once by name (every step would fail)."""
    eerst: dict[str, int] = {}
    fouten = []
    for i, g in enumerate(gemeenten):
        if g.code in eerst:
            item = rp.gemeenten[i]
            opgave = item if isinstance(item, str) else (item.code or item.naam or "")
            fouten.append(f"gemeenten[{i}]: '{opgave}' is dezelfde gemeente als gemeenten[{eerst[g.code]}] "
                          f"({g.naam}, {g.code}); noem elke gemeente één keer")
        else:
            eerst[g.code] = i
    return fouten


def _buiten_regio(rp: RegioParams, codes: list[str]) -> list[str]:
    """Swaps and mutaties naming a gemeente outside the regio, once names are resolved to codes (when
    every gemeente is given by code, :func:`samenhang` checks this on load)."""
    p = []
    for r in rp.spreiding.ruilingen:
        for k in ("van", "naar"):
            if getattr(r, k) not in codes:
                p.append(f"spreiding.ruilingen[{r.nr - 1}].{k}: gemeente {getattr(r, k)} hoort niet bij de regio "
                         f"({', '.join(codes)})")
    for i, s in enumerate(rp.spreiding.scenarios):
        p += params_spel.buiten_regio(s, i, codes)
    for gm in rp.confrontatie.mutaties:
        if gm not in codes:
            p.append(f"confrontatie.mutaties.{gm}: gemeente hoort niet bij de regio ({', '.join(codes)})")
    return p


def _norm(naam: str) -> str:
    n = naam.lower().strip()
    n = re.sub(r"\s*\((nh|l|gld|ov|zh|u|fr|gr|dr|nb|z|fl)\.?\)\s*$", "", n)
    return re.sub(r"\s+", " ", n)
