"""Het foutencorpus: slechte invoer en storingen, elk met de uitkomst die we beloven.

Elke testmodule `tests/test_fouten_*.py` heeft een lijst `GEVALLEN` met `Geval`-en en test elk geval
(parametrize over `GEVALLEN`). `docs/foutcorpus.md` wordt uit die lijsten gemaakt:

    .venv/bin/python tests/foutcorpus.py      # schrijft docs/foutcorpus.md opnieuw

`tests/test_foutcorpus.py` faalt als de pagina niet meer klopt met de tests.
"""
from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "foutcorpus.md"

CATEGORIEEN = (
    "Beveiliging",
    "Afscherming",
    "Stille fout",
    "Controle vooraf",
    "Melding en herstel",
)


@dataclass(frozen=True)
class Geval:
    id: str          # korte sleutel, uniek over het hele corpus (pytest-id)
    categorie: str   # een van CATEGORIEEN
    invoer: str      # wat er mis is, in gewone woorden
    uitkomst: str    # wat de gebruiker krijgt (melding, weigering, gewaarschuwde afhandeling)


def alle_gevallen() -> list[tuple[str, Geval]]:
    """(module, geval) voor elk geval in tests/test_fouten_*.py, in bestandsvolgorde."""
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    uit: list[tuple[str, Geval]] = []
    for pad in sorted((ROOT / "tests").glob("test_fouten_*.py")):
        module = importlib.import_module(pad.stem)
        for g in getattr(module, "GEVALLEN", []):
            uit.append((pad.name, g))
    return uit


def _cel(tekst: str) -> str:
    return tekst.replace("|", "\\|").replace("\n", " ")


def pagina() -> str:
    gevallen = alle_gevallen()
    regels = [
        "# Foutencorpus: slechte invoer en storingen",
        "",
        "Deze pagina wordt gemaakt uit de tests (`python tests/foutcorpus.py`); elk geval hieronder is een",
        "test. Per geval: wat er mis is en wat de gebruiker dan krijgt. Een melding noemt altijd het bestand",
        "en de regel, kolom of sleutel, is in het Nederlands, zonder Python-traceback, en eerdere goede",
        "uitkomsten blijven staan.",
        "",
        f"In totaal {len(gevallen)} gevallen.",
        "",
    ]
    for cat in CATEGORIEEN:
        deze = [(m, g) for m, g in gevallen if g.categorie == cat]
        if not deze:
            continue
        regels += [f"## {cat} ({len(deze)})", "", "| Geval | Invoer of storing | Uitkomst | Test |",
                   "|---|---|---|---|"]
        regels += [f"| `{g.id}` | {_cel(g.invoer)} | {_cel(g.uitkomst)} | `{m}` |" for m, g in deze]
        regels.append("")
    return "\n".join(regels)


if __name__ == "__main__":
    DOC.write_text(pagina(), encoding="utf-8")
    print(f"{DOC.relative_to(ROOT)}: {len(alle_gevallen())} gevallen")
