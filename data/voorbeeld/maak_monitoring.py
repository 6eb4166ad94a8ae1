"""FICTIEF: an earlier analysis of the Voorbeeldregio for the monitoring step (stap 7).

Writes one snapshot in the format of ``wz run`` (:mod:`wzlib.momentopname`) into
``data/voorbeeld_momentopnamen/`` (next to ``data/voorbeeld``, outside the import folder so it is no
source input): the ``ouderen`` table of every gemeente as it "was" a year earlier (peiljaar 2023, a few
percent fewer ouderen), with the fingerprints of that fictional run. The regio file points the
monitoring to it (``monitoring.archief``), so ``make run`` shows a comparison on the first run.
Called from ``maak_voorbeeld.py``; deterministic.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

NAAM = "2025-01-15T09-00-00"
LABEL = "FICTIEF – voorbeeldanalyse van vorig jaar"
FACTOR = {"65+": 0.97, "75+": 0.96, "85+": 0.95}  # fictional: fewer ouderen a year earlier
FACTOR_INWONERS = 0.995


def _ouderen(doel: Path) -> dict[str, list[dict]]:
    per: dict[str, dict[str, float]] = {}
    with open(doel / "bevolking.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["geslacht"] != "totaal" or not r["gemeentecode"].startswith("GM"):
                continue
            d = per.setdefault(r["gemeentecode"], {"inwoners": 0.0, "65+": 0.0, "75+": 0.0, "85+": 0.0})
            n, van = float(r["aantal"]), int(r["leeftijd_van"])
            d["inwoners"] += n
            for g, grens in (("65+", 65), ("75+", 75), ("85+", 85)):
                if van >= grens:
                    d[g] += n
    uit = {}
    for code, d in sorted(per.items()):
        inw = round(d["inwoners"] * FACTOR_INWONERS)
        uit[code] = [{"gemeentecode": code, "leeftijdsgroep": g, "jaar": 2023, "aantal": float(round(d[g] * FACTOR[g])),
                      "inwoners": float(inw), "aandeel": round(d[g] * FACTOR[g]) / inw} for g in ("65+", "75+", "85+")]
    return uit


BRON = "FICTIEF — opleveringen gemeente"
#: (gemeentecode, gemeentenaam, woonvorm, jaar, aantal, project): fictional deliveries.
REALISATIE = [
    ("GM9901", "Heidewoude", "nultreden", 2024, 14, ""), ("GM9901", "Heidewoude", "nultreden", 2025, 18, ""),
    ("GM9901", "Heidewoude", "geclusterd", 2025, 12, "Hofje De Brink fase 1"),
    ("GM9902", "Stroomstad", "nultreden", 2025, 40, ""), ("GM9902", "Stroomstad", "geclusterd", 2024, 20, "Oeverhof"),
    ("GM9902", "Stroomstad", "opvang", 2025, 12, "Skaeve huse"),
    ("GM9903", "Leerhoven", "studentenwoning", 2024, 180, "Campus Noord"),
    ("GM9903", "Leerhoven", "studentenwoning", 2025, 120, "Campus Noord"),
    ("GM9904", "Akkerveen", "arbeidsmigranten", 2025, 96, "Logistiek Park Huisvesting"),
    ("GM9904", "Akkerveen", "nultreden", 2025, 22, ""),
    ("GM9905", "Dijkwaard", "nultreden", 2025, 8, ""),
    ("GM9906", "Lindehout", "geclusterd", 2025, 16, "Lindenhof Wonen"),
]


def maak_realisatie(doel: Path) -> Path:
    """``doel/lokaal/realisatie.csv``: fictional deliveries per gemeente, woonvorm and year."""
    from wzlib.bronnen.lokaal import LOKALE_SCHEMAS

    kolommen = LOKALE_SCHEMAS["realisatie"].kolomnamen
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(kolommen)
    for code, naam, vorm, jaar, aantal, project in REALISATIE:
        r = {"gemeentecode": code, "gemeentenaam": naam, "woonvorm": vorm, "jaar": jaar, "aantal": aantal,
             "project": project, "bron": BRON}
        w.writerow([r.get(k, "") for k in kolommen])
    pad = Path(doel) / "lokaal" / "realisatie.csv"
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_bytes(buf.getvalue().encode("utf-8"))
    return pad


def maak_monitoring(doel: Path, momentopname_ook: bool = True) -> list[Path]:
    """Write the fictional realisatie into ``doel/lokaal`` and (``momentopname_ook``) the fictional earlier
    snapshot next to ``doel``; returns the paths written."""
    realisatie = maak_realisatie(doel)
    if not momentopname_ook:
        return [realisatie]
    import pandas as pd

    from wzlib import momentopname
    from wzlib.bronnen.invoer import lees_map
    from wzlib.params import laad_regio
    from wzlib.stappen import OMVANG, STAPPEN

    doel = Path(doel)
    archief = doel.parent / "voorbeeld_momentopnamen"
    shutil.rmtree(archief / NAAM, ignore_errors=True)
    rp = laad_regio("voorbeeldregio")
    rp_oud = rp.model_copy(update={"peiljaar": 2023})
    g = lees_map(doel, soort="voorbeeld", fictief=True)
    datajaren = {h.titel: re.sub(r"2024$", "2023", h.periode) for h in g.herkomst.values() if h.periode}
    # the fictional run used the same notebook, code and local input as now: only the data year differs
    from wzlib.paden import notebooks_map
    from wzlib.vingerafdruk import invoer_hashes, modules_hash, notebook_modules, sha_bestand

    nb = notebooks_map(Path(rp.root)) / f"{OMVANG.notebook}.ipynb"
    invoer = invoer_hashes(rp, Path(rp.root))
    vast = {"notebook": sha_bestand(nb), "wzlib": modules_hash(notebook_modules(nb)), "lokaal": invoer["lokaal"]}
    tabellen, stappen_, jaren = {}, {}, {}
    for code, rijen in _ouderen(doel).items():
        tabellen[(code, "ouderen")] = pd.DataFrame(rijen)
        sleutel = f"{code}/{OMVANG.notebook}"
        stappen_[sleutel] = {"stap": "omvang", "fingerprint": f"FICTIEF-{code}", "peiljaar": 2023,
                             "onderdelen": {**vast, "regio": "FICTIEF", "parameters": "FICTIEF", "bron": "FICTIEF"}}
        jaren[sleutel] = datajaren
    sleutels = sorted({k for s in STAPPEN.values() for k in s.alle_parameters})
    meta = {"regio": rp.slug, "regio_naam": rp.naam, "peiljaar": 2023, "fictief": True, "label": LABEL,
            "gemaakt": NAAM[:10] + "T09:00:00", "stappen": stappen_, "datajaren": jaren,
            "parameters": {k: rp_oud.sectie(k) for k in sleutels},
            "invoer": {"lokaal": momentopname._invoer_per_bestand(rp)["lokaal"]}}
    pad = momentopname.schrijf(archief, momentopname.Momentopname(NAAM, meta, tabellen), NAAM)
    return [realisatie, *sorted(p for p in pad.rglob("*") if p.is_file())]
