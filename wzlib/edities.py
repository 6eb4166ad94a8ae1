"""The two editions of the published reports: ``partner`` (the default) and ``analist``.

The partner edition is what a beleidsmedewerker puts before partners: cells tagged ``analist`` are
removed (analyst material: parameter dumps, saving results, commands), and no page may show a
filesystem path, a key of the regio file (``confrontatie.geaccepteerd``), a ``wz`` command or a Python
repr (``PosixPath(``, ``<object ...>``, ``dict_keys(``). A published cell that still shows one is left
out of the partner page with a warning naming the notebook, the cell and what was found (so the
analyst can tag it); the finished page is scanned once more and publishing stops if anything is left.
The ``analist`` edition keeps every cell and the full colophon.
"""

from __future__ import annotations

import html as htmlmod
import re
from dataclasses import dataclass

PARTNER = "partner"
ANALIST = "analist"
EDITIES = (PARTNER, ANALIST)
#: cells with this tag are analyst material: left out of the partner edition
ANALIST_TAG = "analist"

#: sections of a regio file whose dotted keys must not reach a partner page
_SECTIES = ("afscherming", "prognose", "spreiding", "confrontatie", "kengetallen", "bron", "lokaal", "groepen")
_WZ_COMMANDOS = ("run", "publish", "data", "controleer", "template", "partners", "kernel")

PATRONEN: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bestandspad", re.compile(
        r"(?:(?<=[\s(\"'=:])|^)(?:~|\.{1,2})?/(?:[\w.\-]+/)+[\w.\-]*"  # /home/x/..., ./outputs/x, ~/x/
        r"|\b[A-Za-z]:\\[^\s<>\"']+"  # C:\Users\...
        r"|\b(?:outputs|notebooks|wzlib|params|data)/[\w.\-/]*"
        r"|\b[\w\-]+\.(?:ya?ml|parquet|ipynb|py)\b")),
    ("YAML-sleutel", re.compile(r"\b(?:" + "|".join(_SECTIES) + r")\.(?!(?:csv|xlsx|ya?ml|md|html|parquet|zip)\b)"
                                r"[a-z_][a-z0-9_]+(?:\.[\w\-]+)*")),
    ("wz-commando", re.compile(r"(?:^|(?<=[\s`'\"(]))wz\s+(?:" + "|".join(_WZ_COMMANDOS) + r")\b")),
    ("Python-weergave", re.compile(
        r"\b(?:Posix|Windows|Pure\w*)?Path\(|<[\w.]+ object at 0x|<object\b|\bdict_(?:keys|values|items)\("
        r"|Traceback \(most recent call last\)|\bnp\.(?:float|int)\d*\(|\bTimestamp\(")),
)


#: references a partner may read in other words (applied to the partner edition before the check)
VERVANG: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:params/)?kengetallen\.yaml\b"), "kengetallenbestand van de woonzorganalyse"),
)


def vervang(tekst: str) -> str:
    for rx, door in VERVANG:
        tekst = rx.sub(door, tekst)
    return tekst


@dataclass(frozen=True)
class Vondst:
    soort: str  # e.g. "bestandspad"
    fragment: str


def vondsten(tekst: str) -> list[Vondst]:
    """Analyst material in a page text (see :data:`PATRONEN`)."""
    uit = []
    for soort, rx in PATRONEN:
        uit += [Vondst(soort, m.group(0)) for m in rx.finditer(tekst)]
    return uit


_RE_WEG = re.compile(r"<(style|script)\b.*?</\1\s*>", re.S | re.I)


def tekst_van_html(html: str) -> str:
    """The text a reader sees: styles, scripts and tags removed, entities decoded."""
    t = _RE_WEG.sub(" ", html)
    t = re.sub(r"<!--.*?-->", " ", t, flags=re.S)
    t = re.sub(r"<[^>]+>", " ", t)
    return htmlmod.unescape(t)


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []) or [])


def cel_tekst(cell) -> str:
    """What a published cell shows as text: markdown source, or its outputs (HTML without tags)."""
    if cell.cell_type == "markdown":
        return tekst_van_html(cell.source)
    delen = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            if o.get("name") != "stderr":
                delen.append(o.get("text", ""))
            continue
        data = o.get("data") or {}
        if "text/html" in data:
            delen.append(tekst_van_html(_tekst(data["text/html"])))
        elif "text/markdown" in data:
            delen.append(tekst_van_html(_tekst(data["text/markdown"])))
        elif "text/plain" in data and not any(k.startswith("image/") for k in data):
            delen.append(_tekst(data["text/plain"]))
        if o.get("output_type") == "error":
            delen.append("Traceback (most recent call last)")
    return "\n".join(delen)


def _tekst(v) -> str:
    return "".join(v) if isinstance(v, list) else str(v)


@dataclass(frozen=True)
class Waarschuwing:
    notebook: str
    cel: int  # 1-based position in the notebook
    vondst: Vondst

    def __str__(self) -> str:
        return (f"{self.notebook}, cel {self.cel}: {self.vondst.soort} '{self.vondst.fragment[:60]}' "
                f"— cel weggelaten uit de partnereditie (tag de cel met '{ANALIST_TAG}')")


def voor_partners(nb, naam: str, weg_tags: set[str] | frozenset[str]) -> list[Waarschuwing]:
    """Remove from ``nb`` (in place) the ``analist`` cells and the published cells that show analyst
    material; returns one warning per removed cell of the second kind."""
    waarschuwingen: list[Waarschuwing] = []
    houden = []
    for i, cell in enumerate(nb.cells, 1):
        tags = _tags(cell)
        if ANALIST_TAG in tags:
            continue
        _vervang_in_cel(cell)
        if not tags & set(weg_tags):
            gevonden = vondsten(cel_tekst(cell))
            if gevonden:
                waarschuwingen.append(Waarschuwing(naam, i, gevonden[0]))
                continue
        houden.append(cell)
    nb.cells = houden
    return waarschuwingen


def _vervang_in_cel(cell) -> None:
    """Apply :data:`VERVANG` to a markdown cell's source and to a code cell's text outputs."""
    if cell.cell_type == "markdown":
        cell.source = vervang(cell.source)
        return
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            o["text"] = vervang(_tekst(o.get("text", "")))
        for mime in ("text/html", "text/markdown", "text/plain"):
            if mime in (o.get("data") or {}):
                o["data"][mime] = vervang(_tekst(o["data"][mime]))


def vervang_in_bundel(b: dict) -> dict:
    """:data:`VERVANG` applied to a table bundle (title, source, footnotes, every cell), as on the page."""
    return b | {"titel": vervang(b.get("titel", "")), "bron": vervang(b.get("bron", "")),
                "voetnoten": [vervang(n) for n in b.get("voetnoten") or []],
                "rijen": [[vervang(str(v)) for v in r] for r in b.get("rijen") or []]}
