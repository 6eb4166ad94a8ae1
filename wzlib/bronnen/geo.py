"""Boundaries for maps: GeoJSON files in ``<bron map>/geo/``.

A source folder (import format or the demo regio) may hold a ``geo/`` subfolder with GeoJSON files:

- **gemeenten**: features with properties ``gemeentecode`` (GM + 4 digits) and ``gemeentenaam``,
  e.g. CBS/PDOK ``gemeente_gegeneraliseerd`` saved as ``geo/gemeente_2023.geojson``;
- **wijken** (optional): features with ``wijkcode`` (or ``gebiedscode``; WK + 6 digits),
  ``gemeentecode`` and a name (``wijknaam``/``naam``), e.g. ``geo/wijk_2020.geojson``.

A file is recognised by its properties, not its name. When several files of one kind exist, the one
whose name carries the latest year <= ``jaar`` wins (boundaries must match the indeling of the
data: codes change with herindelingen). Geometries are repaired with ``make_valid`` (the CBS
generalised boundaries have a few self-intersections after rounding) and returned in the file's
CRS (GeoJSON: WGS84, EPSG:4326), read with json and shapely (not GDAL). Problems raise
:class:`~wzlib.fouten.InvoerFout` naming the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..fouten import InvoerFout, Probleem
from ..gegevens import Herkomst

_GM = re.compile(r"GM\d{4}")
_WK = re.compile(r"WK\d{6}")
_JAAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


@dataclass
class Geo:
    """Boundaries of one source: ``gemeenten`` and ``wijken`` GeoDataFrames (None when absent).

    gemeenten columns: gemeentecode, gemeentenaam, geometry.
    wijken columns: gebiedscode, naam, gemeentecode, geometry.
    """

    gemeenten: Any = None
    wijken: Any = None
    herkomst: dict[str, Herkomst] = field(default_factory=dict)

    @property
    def heeft_wijken(self) -> bool:
        return self.wijken is not None and len(self.wijken) > 0


def _jaar_uit_naam(pad: Path) -> int | None:
    m = _JAAR.search(pad.stem)
    return int(m.group()) if m else None


def _kies(paden: list[Path], jaar: int | None) -> Path:
    if len(paden) == 1 or jaar is None:
        return sorted(paden, key=lambda p: (_jaar_uit_naam(p) or 0, p.name))[-1]
    met = [(j, p) for p in paden if (j := _jaar_uit_naam(p)) is not None]
    eerder = sorted((j, p.name, p) for j, p in met if j <= jaar)
    if eerder:
        return eerder[-1][2]
    later = sorted((j, p.name, p) for j, p in met)
    return later[0][2] if later else sorted(paden)[-1]


def _soort(kolommen: set[str], df) -> str | None:
    for k in ("wijkcode", "gebiedscode"):
        if k in kolommen and df[k].astype(str).str.strip().str.fullmatch(_WK.pattern).any():
            return "wijken"
    if "gemeentecode" in kolommen:
        return "gemeenten"
    return None


def _herkomst(pad: Path, tabel: str, fictief: bool) -> Herkomst:
    jaar = _jaar_uit_naam(pad)
    return Herkomst(tabel=tabel, soort="voorbeeld" if fictief else "invoer",
                    bron=("fictieve grenzen " if fictief else "") + f"{pad.parent.name}/{pad.name}",
                    titel=f"grenzen {tabel}", periode=f"indeling {jaar}" if jaar else "",
                    opgehaald=datetime.fromtimestamp(pad.stat().st_mtime).isoformat(timespec="seconds"),
                    fictief=fictief)


def laad_geo(map_: str | Path | None, jaar: int | None = None, *, fictief: bool = False) -> Geo:
    """Read the boundaries in ``<map_>/geo/*.geojson`` (see module docstring); empty Geo when none.

    ``jaar``: pick the file of the latest indeling year <= jaar when several of one kind exist.
    """
    uit = Geo()
    if map_ is None:
        return uit
    geomap = Path(map_) / "geo"
    paden = sorted(geomap.glob("*.geojson")) if geomap.is_dir() else []
    if not paden:
        return uit
    gelezen: dict[str, list[tuple[Path, Any]]] = {"gemeenten": [], "wijken": []}
    problemen: list[Probleem] = []
    for p in paden:
        try:
            df = _lees_geojson(p)
        except Exception as e:  # pyogrio raises several kinds; the message is what matters
            problemen.append(Probleem(str(p), f"geen leesbaar GeoJSON-bestand ({e})"))
            continue
        soort = _soort(set(df.columns), df)
        if soort is None:
            problemen.append(Probleem(str(p), "onbekend soort grenzen: verwacht eigenschap 'gemeentecode' "
                                              "(gemeenten) of 'wijkcode' (wijken)"))
            continue
        gelezen[soort].append((p, df))
    if problemen:
        raise InvoerFout(problemen)
    for soort, lijst in gelezen.items():
        if not lijst:
            continue
        pad = _kies([p for p, _ in lijst], jaar)
        df = next(d for p, d in lijst if p == pad)
        df = _normaliseer(df, soort, pad)
        setattr(uit, soort, df)
        uit.herkomst[f"geo_{soort}"] = _herkomst(pad, f"geo_{soort}", fictief)
    return uit


def _lees_geojson(pad: Path):
    """A GeoJSON FeatureCollection (or one Feature) as a GeoDataFrame: properties as columns, then
    ``geometry``; the CRS from an old-style ``crs`` member, else WGS84 (RFC 7946). Read with ``json`` and
    shapely, not with GDAL (``geopandas.read_file``): GDAL's libraries cost the kernel that draws the
    spreiding maps 31 MB, for files of a few hundred kB."""
    import geopandas as gpd

    data = json.loads(pad.read_text(encoding="utf-8-sig"))
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if (not isinstance(data, dict) or data.get("type") != "FeatureCollection"
            or not isinstance(data.get("features"), list)):
        raise ValueError("verwacht een GeoJSON FeatureCollection")
    crs = data.get("crs")
    naam = ((crs.get("properties") or {}).get("name")) if isinstance(crs, dict) else None
    df = gpd.GeoDataFrame.from_features(data["features"], crs=naam or "EPSG:4326")
    return df[[c for c in df.columns if c != "geometry"] + ["geometry"]]


def _normaliseer(df, soort: str, pad: Path):
    problemen: list[Probleem] = []
    df = df.copy()
    if df.crs is None:
        df = df.set_crs("EPSG:4326")
    if soort == "gemeenten":
        df["gemeentecode"] = df["gemeentecode"].astype(str).str.strip().str.upper()
        if "gemeentenaam" not in df.columns:
            df["gemeentenaam"] = df["naam"] if "naam" in df.columns else df["gemeentecode"]
        fout = ~df["gemeentecode"].str.fullmatch(_GM.pattern)
        for i in df.index[fout][:10]:
            problemen.append(Probleem(str(pad), "gemeentecode moet GM + 4 cijfers zijn", rij=int(i) + 1,
                                      kolom="gemeentecode", waarde=str(df.at[i, "gemeentecode"])))
        kol = ["gemeentecode", "gemeentenaam"]
        sleutel = "gemeentecode"
    else:
        code = "wijkcode" if "wijkcode" in df.columns else "gebiedscode"
        df["gebiedscode"] = df[code].astype(str).str.strip().str.upper()
        naam = next((k for k in ("wijknaam", "naam") if k in df.columns), None)
        df["naam"] = df[naam].astype(str) if naam else df["gebiedscode"]
        if "gemeentecode" not in df.columns:
            df["gemeentecode"] = "GM" + df["gebiedscode"].str[2:6]
        df["gemeentecode"] = df["gemeentecode"].astype(str).str.strip().str.upper()
        fout = ~df["gebiedscode"].str.fullmatch(_WK.pattern)
        for i in df.index[fout][:10]:
            problemen.append(Probleem(str(pad), "wijkcode moet WK + 6 cijfers zijn", rij=int(i) + 1,
                                      kolom=code, waarde=str(df.at[i, "gebiedscode"])))
        kol = ["gebiedscode", "naam", "gemeentecode"]
        sleutel = "gebiedscode"
    dubbel = df[sleutel][df[sleutel].duplicated()].unique()
    for c in dubbel[:10]:
        problemen.append(Probleem(str(pad), f"{sleutel} komt meer dan eens voor", kolom=sleutel, waarde=str(c)))
    if problemen:
        raise InvoerFout(problemen)
    ongeldig = ~df.geometry.is_valid
    if ongeldig.any():
        df.loc[ongeldig, "geometry"] = df.geometry[ongeldig].make_valid()
    for k in kol:
        df[k] = df[k].astype("string")
    return df[[*kol, "geometry"]].reset_index(drop=True)
