"""A FICTIONAL country of 342 gemeenten, made with the demo generator, for ``bench/bench_land.py``.

Where ``../shared/data/echt`` (all real gemeenten) is absent, the land benchmark still needs a country of
the right size. This module runs the demo generator (``data/voorbeeld/maak_voorbeeld.py``) into a temp
folder and copies its six gemeenten 57 times (342 gemeenten): copy ``k`` of ``GM9901`` becomes
``GM{k:02d}01``, its wijken ``WK{k:02d}01..`` and buurten ``BU{k:02d}01....``; names get `` {k+1}``; every
copy is its own COROP-deelregio (``Fictief COROP {k+1}``). National rows (``NL00``) stay once; no lokale invoer
(like ``params/regios/nederland.yaml``). The land
file (``indeling: corop``) is written next to the data. Never committed: the caller passes a temp folder.

    .venv/bin/python bench/fictief_land.py --doel /tmp/land   # prints the land file
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KOPIEEN = 57  # 57 x 6 = 342 gemeenten, like the Netherlands
_CODE = re.compile(r"^(GM|WK|BU)99(0[1-6])(\d*)$")


def _generator():
    spec = importlib.util.spec_from_file_location("maak_voorbeeld", ROOT / "data" / "voorbeeld" / "maak_voorbeeld.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("maak_voorbeeld", mod)
    spec.loader.exec_module(mod)
    return mod


def _gemeente(waarde: str) -> str | None:
    """'GM9903' for a gemeente/wijk/buurt code of the demo regio, else None."""
    m = _CODE.match(waarde.strip())
    return f"GM99{m.group(2)}" if m else None


def _kopie_waarde(waarde: str, k: int, namen: dict[str, str]) -> str:
    m = _CODE.match(waarde.strip())
    if m:
        return f"{m.group(1)}{k:02d}{m.group(2)}{m.group(3)}"
    if waarde in namen.values():
        return f"{waarde} {k + 1}"
    return waarde


def _kopieer_csv(pad: Path, kopieen: int, namen: dict[str, str]) -> None:
    with pad.open(newline="", encoding="utf-8") as f:
        lezer = csv.DictReader(f)
        kolommen, rijen = lezer.fieldnames or [], list(lezer)
    uit = []
    for rij in rijen:
        if not any(_gemeente(v or "") for v in rij.values()):
            uit.append(rij)  # national rows and rows without a gemeente: once
            continue
        for k in range(kopieen):
            nieuw = {c: _kopie_waarde(v or "", k, namen) for c, v in rij.items()}
            if "corop" in nieuw:
                nieuw["corop"] = f"Fictief COROP {k + 1}"
            uit.append(nieuw)
    with pad.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=kolommen)
        w.writeheader()
        w.writerows(uit)


def _kopieer_geojson(pad: Path, kopieen: int, namen: dict[str, str]) -> None:
    data = json.loads(pad.read_text(encoding="utf-8"))
    features = []
    for feat in data["features"]:
        for k in range(kopieen):
            props = {c: _kopie_waarde(v, k, namen) if isinstance(v, str) else v
                     for c, v in feat["properties"].items()}
            features.append(feat | {"properties": props})
    data["features"] = features
    pad.write_text(json.dumps(data), encoding="utf-8")


def maak_land(doel: Path | str, kopieen: int = KOPIEEN) -> Path:
    """Write the fictional country into ``doel`` (data in ``doel/data``); returns the land file."""
    doel = Path(doel)
    data = doel / "data"
    gen = _generator()
    gen.maak(data, controleer=False)
    namen = dict(gen.GEMEENTE_NAMEN)
    # no lokale invoer: a regio's lokale files may only hold its own gemeenten, and the real land file
    # (params/regios/nederland.yaml) has none either
    shutil.rmtree(data / "lokaal", ignore_errors=True)
    for pad in sorted(data.glob("*.csv")):
        _kopieer_csv(pad, kopieen, namen)
    geo_bron = ROOT / "data" / "voorbeeld" / "geo"
    if geo_bron.is_dir():
        (data / "geo").mkdir(exist_ok=True)
        for g in sorted(geo_bron.glob("*.geojson")):
            doelpad = data / "geo" / g.name
            doelpad.write_text(g.read_text(encoding="utf-8"), encoding="utf-8")
            _kopieer_geojson(doelpad, kopieen, namen)
    # land.run takes the notebooks from the land file's project folder: the project's own notebooks
    (doel / "notebooks").symlink_to(ROOT / "notebooks", target_is_directory=True)
    land = doel / "params" / "regios" / "fictief-land.yaml"
    land.parent.mkdir(parents=True, exist_ok=True)
    land.write_text(
        "# FICTIEF land voor bench/bench_land.py (gemaakt met data/voorbeeld/maak_voorbeeld.py)\n"
        "naam: Fictief land\nindeling: corop\npeiljaar: 2024\nfictief: true\n"
        f"bron:\n  soort: voorbeeld\n  map: {data}\n  cache: {doel / 'cache'}\n"
        f"kengetallen_bestand: {ROOT / 'params' / 'kengetallen.yaml'}\n",
        encoding="utf-8")
    return land


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--doel", type=Path, required=True, help="doelmap (een tijdelijke map; nooit in de repo)")
    ap.add_argument("--kopieen", type=int, default=KOPIEEN, help=f"kopieen van de zes gemeenten (standaard {KOPIEEN})")
    args = ap.parse_args(argv)
    print(maak_land(args.doel, args.kopieen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
