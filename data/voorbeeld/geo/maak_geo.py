"""Make the FICTIONAL boundaries of the voorbeeldregio: ``gemeenten.geojson`` and ``wijken.geojson``.

Run from anywhere: ``python data/voorbeeld/geo/maak_geo.py``. Deterministic (no randomness): the same
input gives byte-identical files. Reads the codes and names from ``../gemeenten.csv`` and
``../wijken.csv``.

The regio is an irregular outline cut into one Voronoi cell per gemeente (seed points below, chosen so
the big town Stroomstad sits in the middle). Each gemeente is cut into its wijken the same way: the
first wijk (the kern/centrum) at the centre, a wijk named "Buitengebied ..." at the far edge, the others
on a ring in between. Coordinates are WGS84 (EPSG:4326, as GeoJSON requires), rounded to 5 decimals,
placed in the sea north of the Wadden so they can never be mistaken for real places.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

from shapely.geometry import MultiPoint, Point, Polygon, mapping
from shapely.ops import voronoi_diagram

HIER = Path(__file__).resolve().parent
BRON = HIER.parent

MIDDEN = (4.60, 53.75)  # lon, lat
# Gemeente seeds as (dx, dy) in degrees from MIDDEN; lat degrees are ~1.65x longer than lon degrees here.
SEEDS = {
    "GM9901": (0.23, 0.10),   # Heidewoude: small, rural, north-east
    "GM9902": (-0.02, 0.00),  # Stroomstad: the big town in the middle
    "GM9903": (0.20, -0.04),  # Leerhoven: east
    "GM9904": (0.02, -0.11),  # Akkerveen: south
    "GM9905": (-0.22, 0.08),  # Dijkwaard: north-west
    "GM9906": (-0.20, -0.08), # Lindehout: south-west
}


def _omtrek() -> Polygon:
    """An irregular, fixed outline of the regio (a wobbly ellipse)."""
    punten = []
    for i in range(48):
        t = 2 * math.pi * i / 48
        r = 1 + 0.08 * math.sin(3 * t) + 0.05 * math.cos(5 * t + 0.7)
        punten.append((MIDDEN[0] + 0.42 * r * math.cos(t), MIDDEN[1] + 0.20 * r * math.sin(t)))
    return Polygon(punten)


def _cellen(punten: list[tuple[float, float]], gebied: Polygon) -> list[Polygon]:
    """Voronoi cells of ``punten`` clipped to ``gebied``, in the order of ``punten``."""
    diagram = voronoi_diagram(MultiPoint(punten), envelope=gebied.buffer(1.0))
    uit = []
    for p in punten:
        cel = next(c for c in diagram.geoms if c.contains(Point(p)))
        uit.append(cel.intersection(gebied))
    return uit


def _rond(geom) -> dict:
    g = mapping(geom)

    def r(coords):
        if isinstance(coords[0], (float, int)):
            return [round(coords[0], 5), round(coords[1], 5)]
        return [r(c) for c in coords]

    return {"type": g["type"], "coordinates": r(g["coordinates"])}


def _lees(pad: Path) -> list[dict]:
    with pad.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


_RICHTING = {"noord": math.pi / 2, "oost": 0.0, "zuid": -math.pi / 2, "west": math.pi}


def _wijk_seeds(cel: Polygon, namen: list[str]) -> list[tuple[float, float]]:
    """The first wijk (kern/centrum) at the centre of the gemeente, 'Buitengebied' at the edge away from
    the regio centre, the others evenly on a ring (a name with noord/oost/zuid/west points that way)."""
    kern = cel.representative_point() if not cel.contains(cel.centroid) else cel.centroid
    minx, miny, maxx, maxy = cel.bounds
    rx, ry = (maxx - minx) / 2, (maxy - miny) / 2
    weg = math.atan2(kern.y - MIDDEN[1], kern.x - MIDDEN[0])  # direction away from the regio centre
    ring = [n for n in namen[1:] if not n.lower().startswith("buitengebied")]
    seeds = []
    for i, naam in enumerate(namen):
        if i == 0:
            p = (kern.x, kern.y)
        else:
            if naam.lower().startswith("buitengebied"):
                t, f = weg, 0.8
            else:
                k = ring.index(naam)
                t = next((a for w, a in _RICHTING.items() if w in naam.lower()),
                         weg + math.pi * (0.5 + 1.0 * k / max(1, len(ring) - 1)) if len(ring) > 1 else weg + math.pi)
                f = 0.45
            p = (kern.x + f * rx * math.cos(t), kern.y + f * ry * math.sin(t))
            while not cel.contains(Point(p)):  # pull a seed back inside its gemeente
                p = (kern.x + 0.8 * (p[0] - kern.x), kern.y + 0.8 * (p[1] - kern.y))
        seeds.append(p)
    return seeds


def main() -> None:
    gemeenten = _lees(BRON / "gemeenten.csv")
    wijken = [r for r in _lees(BRON / "wijken.csv") if r["soort"] == "wijk"]
    jaar = max(int(r["jaar"]) for r in wijken)
    wijken = [r for r in wijken if int(r["jaar"]) == jaar]
    codes = [g["gemeentecode"] for g in gemeenten]
    onbekend = [c for c in codes if c not in SEEDS]
    if onbekend:
        raise SystemExit(f"geen plek voor gemeente(n) {', '.join(onbekend)}: voeg ze toe aan SEEDS in {__file__}")
    omtrek = _omtrek()
    punten = [(MIDDEN[0] + SEEDS[c][0], MIDDEN[1] + SEEDS[c][1]) for c in codes]
    cellen = dict(zip(codes, _cellen(punten, omtrek)))

    gem_features, wijk_features = [], []
    for g in gemeenten:
        c = g["gemeentecode"]
        cel = cellen[c]
        gem_features.append({"type": "Feature", "properties": {"gemeentecode": c, "gemeentenaam": g["gemeentenaam"]},
                             "geometry": _rond(cel)})
        eigen = [w for w in wijken if w["gemeentecode"] == c]
        if not eigen:
            continue
        seeds = _wijk_seeds(cel, [w["naam"] for w in eigen])
        for w, wcel in zip(eigen, _cellen(seeds, cel)):
            wijk_features.append({"type": "Feature",
                                  "properties": {"wijkcode": w["gebiedscode"], "wijknaam": w["naam"],
                                                 "gemeentecode": c},
                                  "geometry": _rond(wcel)})

    kop = {"type": "FeatureCollection",
           "name": "FICTIEF — voorbeeldregio woonzorganalyse (gemaakt met maak_geo.py)"}
    for naam, features in (("gemeenten.geojson", gem_features), ("wijken.geojson", wijk_features)):
        tekst = json.dumps({**kop, "features": features}, ensure_ascii=False, separators=(",", ":"))
        (HIER / naam).write_text(tekst + "\n", encoding="utf-8")
        print(f"{naam}: {len(features)} vlakken")


if __name__ == "__main__":
    main()
