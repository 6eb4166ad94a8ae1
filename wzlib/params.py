"""Regio parameters: ``params/regios/<slug>.yaml``, validated on load with messages that name the key.

A regio file says which gemeenten form the regio (by code or by name), the peiljaar, where the data
come from (``cbs``, a folder in the import format, or the fictional ``voorbeeld`` regio), where the
local inputs live, and overrides of defaults per step. Relative paths are resolved against the
project root (the folder that holds ``params/``).
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .fouten import ParamsFout

CODE = re.compile(r"GM\d{4}")


def projectmap() -> Path:
    """The project root: $WZ_PROJECT, else the first folder upwards from cwd holding params/regios,
    else the folder above the installed wzlib package."""
    if os.environ.get("WZ_PROJECT"):
        return Path(os.environ["WZ_PROJECT"]).resolve()
    for p in [Path.cwd(), *Path.cwd().parents]:
        if (p / "params" / "regios").is_dir():
            return p
    return Path(__file__).resolve().parent.parent


class Bron(BaseModel):
    model_config = ConfigDict(extra="forbid")
    soort: Literal["cbs", "invoer", "voorbeeld"] = Field(
        description="cbs = CBS open data via cbsodata; invoer = map in het invoerformaat; voorbeeld = fictief")
    map: str | None = Field(None, description="map met invoerbestanden (bij invoer/voorbeeld)")
    cache: str = Field("data/cache/cbs", description="cache-map voor CBS-tabellen")
    max_leeftijd_dagen: int | None = Field(None, ge=0, description="ververs CBS-cache ouder dan dit")


class GemeenteOpgave(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str | None = None
    naam: str | None = None


class Gemeente(BaseModel):
    """A resolved gemeente of the regio."""

    code: str
    naam: str


class RegioParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    naam: str = Field(min_length=1, description="naam van de regio")
    peiljaar: int = Field(ge=2000, le=2100, description="jaar waarop de analyse betrekking heeft")
    bron: Bron
    gemeenten: list[str | GemeenteOpgave] = Field(min_length=1)
    fictief: bool = Field(False, description="true voor de fictieve voorbeeldregio")
    lokaal: str | None = Field(None, description="map met lokale invoer (aanbod, aandachtsgroepen, ...)")
    kengetallen_bestand: str = Field("params/kengetallen.yaml")
    groepen: list[str] | None = Field(None, description="aandachtsgroepen in scope; leeg = alle")
    kengetallen: dict[str, Any] = Field(default_factory=dict, description="afwijkingen van kengetallen.yaml")
    afscherming: dict[str, Any] = Field(default_factory=dict, description="regels voor kleine aantallen")
    prognose: dict[str, Any] = Field(default_factory=dict)
    spreiding: dict[str, Any] = Field(default_factory=dict)
    confrontatie: dict[str, Any] = Field(default_factory=dict)
    opmerking: str | None = None

    # Filled by laad_regio (not in the YAML):
    slug: str = ""
    pad: str = ""
    root: str = ""

    @field_validator("gemeenten")
    @classmethod
    def _geen_dubbele(cls, v):
        gezien = set()
        for item in v:
            sleutel = item if isinstance(item, str) else (item.code or item.naam)
            if sleutel in gezien:
                raise ValueError(f"gemeente '{sleutel}' staat er twee keer in")
            gezien.add(sleutel)
        return v

    @field_validator("groepen")
    @classmethod
    def _bekende_groepen(cls, v):
        from .groepen import GROEPEN, groep

        for sleutel in v or []:
            if sleutel not in GROEPEN:
                try:
                    groep(sleutel)
                except Exception as e:  # the register's Dutch message with suggestions
                    raise ValueError(str(e)) from None
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
    def uitvoer_map(self) -> Path:
        return Path(self.root) / "outputs" / self.slug


def regio_pad(regio: str | Path) -> Path:
    """``voorbeeldregio`` → ``<root>/params/regios/voorbeeldregio.yaml``; a path is returned as is."""
    p = Path(regio)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p.resolve()
    kandidaat = projectmap() / "params" / "regios" / f"{regio}.yaml"
    if kandidaat.exists():
        return kandidaat
    bestaande = sorted(q.stem for q in (projectmap() / "params" / "regios").glob("*.yaml"))
    tip = difflib.get_close_matches(str(regio), bestaande, n=3)
    raise ParamsFout(
        f"Regio '{regio}' niet gevonden: {kandidaat} bestaat niet. "
        + (f"Bedoelde u: {', '.join(tip)}? " if tip else "")
        + f"Beschikbaar: {', '.join(bestaande) or 'geen'}.")


def lees_yaml(pad: Path):
    """The parsed YAML of a params file; a syntax error becomes a ParamsFout naming the file and line."""
    try:
        return yaml.safe_load(Path(pad).read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        plek = getattr(e, "problem_mark", None)
        waar = f", regel {plek.line + 1}" if plek else ""
        raise ParamsFout(f"{pad}{waar}: geen geldige YAML ({getattr(e, 'problem', e)})") from None


def laad_regio(regio: str | Path) -> RegioParams:
    """Load and validate a regio params file (by slug or path). Gemeenten are not yet resolved:
    use :func:`wzlib.analyse.laad` or :func:`los_gemeenten_op` for that."""
    pad = regio_pad(regio)
    ruw = lees_yaml(pad)
    if not isinstance(ruw, dict):
        raise ParamsFout(f"{pad}: verwacht een YAML-mapping met sleutels als 'naam', 'peiljaar', 'gemeenten'")
    try:
        rp = RegioParams.model_validate(ruw)
    except ValidationError as e:
        raise ParamsFout(f"{pad}: {len(e.errors())} fout(en):\n" + "\n".join(
            f"  - {_sleutel(err['loc'])}: {_nl(err)}" for err in e.errors())) from None
    root = pad.parent.parent.parent if (pad.parent.name == "regios" and pad.parent.parent.name == "params") \
        else pad.parent
    rp.slug, rp.pad, rp.root = pad.stem, str(pad), str(root)
    if rp.bron.soort in ("invoer", "voorbeeld") and not rp.bron.map:
        raise ParamsFout(f"{pad}: bron.map ontbreekt (nodig bij bron.soort '{rp.bron.soort}')")
    if rp.bron.soort == "cbs":
        for i, g in enumerate(rp.gemeenten):
            code = g if isinstance(g, str) else g.code
            if not code or not CODE.fullmatch(code):
                raise ParamsFout(f"{pad}: gemeenten[{i}]: bij bron 'cbs' een gemeentecode (GM + 4 cijfers) "
                                 f"opgeven, niet '{code or g}'")
    return rp


def _sleutel(loc) -> str:
    delen = []
    for x in loc:
        if isinstance(x, int):
            delen[-1] = f"{delen[-1]}[{x}]" if delen else f"[{x}]"
        elif x in ("str", "GemeenteOpgave"):
            continue
        else:
            delen.append(str(x))
    return ".".join(delen) or "(bovenste niveau)"


_NL = {
    "missing": "ontbreekt (verplicht)",
    "extra_forbidden": "onbekende sleutel (tikfout?)",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "string_type": "moet tekst zijn",
    "bool_parsing": "moet true of false zijn",
    "bool_type": "moet true of false zijn",
    "literal_error": "ongeldige waarde",
    "greater_than_equal": "te klein",
    "less_than_equal": "te groot",
    "too_short": "mag niet leeg zijn",
    "string_too_short": "mag niet leeg zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een mapping (sleutel: waarde) zijn",
    "model_type": "moet een mapping zijn",
    "value_error": "",
}


def _nl(err: dict) -> str:
    t = err.get("type", "")
    basis = _NL.get(t)
    if t == "literal_error":
        return f"ongeldige waarde '{err.get('input')}'; toegestaan: {err.get('ctx', {}).get('expected', '')}"
    if t in ("greater_than_equal", "less_than_equal"):
        grens = err.get("ctx", {}).get("ge", err.get("ctx", {}).get("le"))
        return f"{basis} ({err.get('input')}; grens {grens})"
    if t == "value_error":
        return str(err.get("ctx", {}).get("error", err.get("msg")))
    if basis:
        return basis + (f" (waarde: {err.get('input')!r})" if t not in ("missing",) else "")
    return err.get("msg", "ongeldig")


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
    if fouten:
        raise ParamsFout(f"{rp.pad}:\n" + "\n".join(f"  - {f}" for f in fouten))
    return uit


def _norm(naam: str) -> str:
    n = naam.lower().strip()
    n = re.sub(r"\s*\((nh|l|gld|ov|zh|u|fr|gr|dr|nb|z|fl)\.?\)\s*$", "", n)
    return re.sub(r"\s+", " ", n)


def invoer_bestanden(rp: RegioParams) -> dict[str, list[Path]]:
    """The input files a run of this regio depends on, per category (for fingerprints)."""
    def bestanden(map_: Path | None, patroon="*") -> list[Path]:
        if map_ is None or not map_.exists():
            return []
        return sorted(p for p in map_.rglob(patroon) if p.is_file() and not p.name.startswith("."))

    from .bronnen.partners import reactiebestanden, reacties_map

    # the partners' returned sheets are their own category: a new sheet reruns only the confrontatie
    reacties = reactiebestanden(reacties_map(rp))
    apart = set(reacties)
    bron: list[Path] = []
    if rp.bron.soort == "cbs":
        bron = bestanden(rp.pad_naar(rp.bron.cache))
    else:
        bron = [p for p in bestanden(rp.bron_map) if p.suffix.lower() in (".csv", ".geojson", ".json")
                and (rp.lokaal_map is None or rp.lokaal_map not in p.parents) and p not in apart]
    return {
        "params": [Path(rp.pad)],
        "bron": bron,
        "lokaal": [p for p in bestanden(rp.lokaal_map) if p not in apart],
        "kengetallen": [p for p in [rp.pad_naar(rp.kengetallen_bestand)] if p and p.exists()],
        "reacties": reacties,
    }


def vingerafdruk(paden: list[Path]) -> str:
    """sha256 over the contents of files (sorted by path)."""
    h = hashlib.sha256()
    for p in sorted(paden):
        h.update(str(p).encode())
        h.update(p.read_bytes())
    return h.hexdigest()
