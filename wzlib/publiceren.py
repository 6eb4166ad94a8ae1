"""Publishing (``wz publish``): executed step notebooks -> self-contained Dutch HTML for partners.

Only successful runs are published: the step's ``<stap>.fingerprint.json`` says status ok, its
notebook hash matches ``<stap>.ipynb``, the last ``run.csv`` does not report it as failed, and the
notebook carries no papermill error marker. ``<stap>.fout.ipynb`` is never read.

Each report: nbconvert ``HTMLExporter`` with the ``partner`` template (lab without CDN scripts),
``exclude_input=True``, no prompts, cells tagged ``parameters`` / ``injected-parameters`` /
``remove_cell`` removed, stderr output removed, ``<html lang="nl">``, a title, a generated table of
contents from the ``##`` headings, a colophon from the step's ``resultaat.json`` files and, for a
fictional regio, a banner. Any external ``src`` left in the HTML is stripped (links ``<a href>`` to
other sites stay: they cause no request). Files are written atomically; an ``index.html`` for the
regio links every report; ``zip=True`` also writes ``<regio>_rapporten.zip``.
"""

from __future__ import annotations

import builtins
import concurrent.futures as cf
import hashlib
import html as htmlmod
import json
import multiprocessing as mp
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from . import __version__, downloads, edities, navigatie, paden, verantwoording
from . import overzicht_kern
from . import pdf as pdfmod
from .analyse import laad_gemeenten
from .batch import lees_run_csv
from .fouten import WzFout
from .params import Gemeente, RegioParams, laad_regio
from .overzicht import FICTIEF_TEKST, STATUS_TEKST, Rapport, maak_index  # noqa: F401 - re-exported
from .overzicht import datum_tekst as _datum
from .resultaten import metas as lees_metas
from .stappen import STAPPEN, Stap
from .toestand import GELUKT, RegioSlot, is_gelukt, lees_record, ruim_op
from .veilig import ontsmet_markdown

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: the toolkit's method notes (docs/*.md), published next to the reports when present
DOCS = Path(__file__).resolve().parents[1] / "docs"
VERWIJDER_TAGS = frozenset({"parameters", "injected-parameters", "remove_cell"})
HTML_MAP = paden.HTML_MAP


class PublicatieFout(WzFout):
    pass


# --- dates and numbers -----------------------------------------------------------------------------


def _waarde(v: Any) -> str:
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, int) and abs(v) < 10000:
        return str(v)  # years and small counts without a thousands separator
    if isinstance(v, (int, float)):
        return format_decimal(v, locale="nl_NL")
    if isinstance(v, (list, tuple)):
        return ", ".join(_waarde(x) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_waarde(x)}" for k, x in v.items() if not _leeg(x))
    if isinstance(v, str) and re.fullmatch(r"-?\d+\.\d+", v.strip()):
        return v.strip().replace(".", ",")  # a number kept as text, e.g. kengetallen '0.15'
    return "" if v is None else str(v)


def _leeg(v: Any) -> bool:
    return v is None or v == "" or (isinstance(v, (dict, list, tuple, set)) and not v)


#: params not shown in the colophon: local paths, internal keys, and what the report already says
_PARAMS_NIET_TONEN = frozenset({"pad", "root", "slug", "uitvoer_map", "gemeenten", "naam"})


def _lokaal_pad(v: Any) -> bool:
    return isinstance(v, str) and (v.startswith(("/", "~", "\\")) or bool(re.match(r"^[A-Za-z]:[\\/]", v)))


def _e(v: Any) -> str:
    return htmlmod.escape(_waarde(v))


# --- external references ---------------------------------------------------------------------------

_EXTERN = r"(?:https?:)?//"
_RE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:" + _EXTERN + r"|[\"'\s>])[^>]*>\s*</script>",
                        re.I)
_RE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*" + _EXTERN + r"[^>]*>", re.I)
_RE_MEDIA = re.compile(r"<(img|iframe|video|audio|source|embed|object|track|input)\b[^>]*"
                       r"\b(?:src|srcset|data|poster)\s*=\s*[\"']?\s*" + _EXTERN + r"[^>]*>(?:\s*</\1>)?", re.I)
_RE_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*[\"']?\s*" + _EXTERN + r"[^;]*;", re.I)
_RE_CSS_URL = re.compile(r"url\(\s*[\"']?\s*" + _EXTERN + r"[^)]*\)", re.I)
_RE_EXTERN_ATTR = re.compile(r"\b(?:src|srcset|poster|data|action|formaction)\s*=\s*[\"']?\s*" + _EXTERN, re.I)


def externe_verwijzingen(html: str) -> list[str]:
    """References in ``html`` that would make a browser fetch something from another host.

    Plain links (``<a href="https://...">``) are not counted: they are only followed on a click.
    """
    gevonden = []
    for rx in (_RE_EXTERN_ATTR, _RE_LINK, _RE_CSS_IMPORT, _RE_CSS_URL):
        gevonden += [m.group(0) for m in rx.finditer(html)]
    gevonden += [m.group(0) for m in re.finditer(r"<script\b[^>]*\bsrc\s*=\s*[\"']{2}", html, re.I)]
    return gevonden


def verwijder_extern(html: str) -> str:
    """Strip scripts, stylesheets, media and CSS imports loaded from other hosts (and ``<script src="">``)."""
    html = _RE_SCRIPT.sub("", html)
    html = _RE_LINK.sub("", html)
    html = _RE_MEDIA.sub('<span class="wz-extern">[externe inhoud weggelaten]</span>', html)
    html = _RE_CSS_IMPORT.sub("", html)
    html = _RE_CSS_URL.sub("none", html)
    return html


# --- notebook -> HTML ------------------------------------------------------------------------------


def maak_exporter():
    """HTMLExporter with the partner template, no code input, no prompts, tagged cells removed."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exp = HTMLExporter(
        template_name="partner", extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True, language_code="nl", theme="light",
        require_js_url="", mathjax_url="", mermaid_js_url="", mermaid_layout_elk_js_url="", jquery_url="")
    exp.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(VERWIJDER_TAGS), enabled=True),
                              enabled=True)
    return exp


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []) or [])


_RE_H2 = re.compile(r"^ {0,3}##(?!#)\s+(.+?)\s*#*\s*$")


def koppen(nb) -> list[str]:
    """The ``##`` headings of the markdown cells that will be published (outside code fences)."""
    uit = []
    for cell in nb.cells:
        if cell.cell_type != "markdown" or _tags(cell) & VERWIJDER_TAGS:
            continue
        in_code = False
        for regel in cell.source.splitlines():
            if regel.lstrip().startswith(("```", "~~~")):
                in_code = not in_code
                continue
            m = None if in_code else _RE_H2.match(regel)
            if m:
                uit.append(m.group(1))
    return uit


def _kop_anker(kop: str) -> tuple[str, str]:
    """(id, plain text) of a ``##`` heading exactly as nbconvert's markdown renderer makes it."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    html = markdown2html_mistune("## " + kop)
    m = re.search(r'<h2[^>]*\bid="([^"]*)"', html)
    tekst = re.sub(r"<a class=\"anchor-link\".*?</a>", "", html, flags=re.S)
    tekst = htmlmod.unescape(re.sub(r"<[^>]+>", "", tekst)).strip().rstrip("¶").strip()
    return (htmlmod.unescape(m.group(1)) if m else slug(kop)), tekst


def inhoudsopgave(nb) -> str | None:
    """Markdown cell source with the table of contents (anchor links to the ``##`` headings)."""
    items = []
    for kop in koppen(nb):
        anker, tekst = _kop_anker(kop)
        items.append(f'<li><a href="#{htmlmod.escape(anker, quote=True)}">{htmlmod.escape(tekst)}</a></li>')
    if not items:
        return None
    return ('<nav class="wz-inhoud" aria-label="Inhoudsopgave"><strong>Inhoud</strong><ol>'
            + "".join(items) + "</ol></nav>")


def _tabel(koppen_: list[str], rijen: list[list[Any]], bijschrift: str) -> str:
    kop = "".join(f'<th scope="col">{htmlmod.escape(k)}</th>' for k in koppen_)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rijen)
    return (f"<table><caption>{htmlmod.escape(bijschrift)}</caption><thead><tr>{kop}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def is_fictief(metas: list[dict]) -> bool:
    return any(m.get("fictief") or any(h.get("fictief") for h in m.get("herkomst", []) or []) for m in metas)


def colofon_partner(metas: list[dict], record: dict | None) -> str:
    """The partner edition's 'Verantwoording' under a report: sources, disclosure, version, and a link
    to the regio's Verantwoording page (choices in words, kengetallen) instead of parameter dumps."""
    afscherming = next((m["afscherming"] for m in metas if m.get("afscherming")), None)
    if not afscherming:
        raise PublicatieFout("Het colofon kan de afschermingsregels niet noemen: de resultaten van deze stap "
                             "leggen ze niet vast (resultaat.json zonder 'afscherming'). Draai de stap opnieuw.")
    versie = next((m.get("versie") for m in metas if m.get("versie")), None) or (record or {}).get("versie")
    rundatum = (record or {}).get("klaar") or next((m.get("gemaakt") for m in metas if m.get("gemaakt")), "")
    delen = [verantwoording.bronnen_tabel(metas, "Bronnen van dit rapport"),
             f"<p><strong>Afscherming van kleine aantallen.</strong> {_e(afscherming)}</p>",
             f"<p>Berekend met woonzorganalyse {_e(versie or __version__)} op {_e(_datum(rundatum))}. De keuzes van "
             f"de regio en de gebruikte kengetallen staan in de <a href=\"../{verantwoording.VERANTWOORDING}\">"
             "verantwoording van de regio</a>.</p>"]
    return "## Verantwoording\n\n<div class=\"wz-colofon\">" + "".join(delen) + "</div>"


def colofon(metas: list[dict], record: dict | None, run_parameters: dict | None) -> str:
    """Markdown cell source 'Verantwoording': sources, parameters, kengetallen, version, date, disclosure."""
    delen = []
    bronnen, gezien = [], set()
    for m in metas:
        for h in m.get("herkomst", []) or []:
            sleutel = (h.get("bron"), h.get("titel"), h.get("periode"))
            if sleutel in gezien:
                continue
            gezien.add(sleutel)
            bron = (h.get("detail") or h.get("bron") or "") + (" (fictief)" if h.get("fictief") else "")
            bronnen.append([bron, h.get("titel", ""), h.get("periode", ""), _datum(h.get("opgehaald")),
                            _datum(h.get("gewijzigd"))])
    if bronnen:
        delen.append(_tabel(["Bron", "Titel", "Periode", "Opgehaald", "Gewijzigd"], bronnen, "Bronnen"))
    else:
        delen.append("<p>Geen bronnen vastgelegd in de resultaten van deze stap.</p>")

    params: dict[str, Any] = {}
    for k, v in (run_parameters or {}).items():
        if k != "uitvoer_map":  # a local path: not for partners
            params[k] = v
    for m in metas:
        params.update(m.get("params") or m.get("parameters") or {})
    params = {k: v for k, v in params.items()
              if k not in _PARAMS_NIET_TONEN and not _leeg(v) and not _lokaal_pad(v)}
    if params:
        delen.append(_tabel(["Parameter", "Waarde"], [[k, v] for k, v in params.items()],
                            "Gebruikte parameters"))
    kengetallen: dict[str, Any] = {}
    kg_lijst: list = []
    for m in metas:
        kg = m.get("kengetallen")
        if isinstance(kg, dict):
            kengetallen.update(kg)
        elif isinstance(kg, list):
            kg_lijst += kg
    if kengetallen:
        delen.append(_tabel(["Kengetal", "Waarde"], [[k, v] for k, v in kengetallen.items()],
                            "Gebruikte kengetallen"))
    elif kg_lijst and all(isinstance(x, dict) for x in kg_lijst):
        kols = list(dict.fromkeys(k for x in kg_lijst for k in x))
        delen.append(_tabel(kols, [[x.get(k, "") for k in kols] for x in kg_lijst], "Gebruikte kengetallen"))
    elif kg_lijst:
        delen.append(f"<p>Gebruikte kengetallen: {_e(kg_lijst)}</p>")

    afscherming = next((m["afscherming"] for m in metas if m.get("afscherming")), None)
    if not afscherming:
        raise PublicatieFout("Het colofon kan de afschermingsregels niet noemen: de resultaten van deze stap "
                             "leggen ze niet vast (resultaat.json zonder 'afscherming'). Draai de stap opnieuw.")
    delen.append(f"<p><strong>Afscherming van kleine aantallen.</strong> {_e(afscherming)}</p>")
    versie = next((m.get("versie") for m in metas if m.get("versie")), None) or (record or {}).get("versie")
    rundatum = (record or {}).get("klaar") or next((m.get("gemaakt") for m in metas if m.get("gemaakt")), "")
    delen.append(f"<p>Berekend met woonzorganalyse {_e(versie or __version__)} op {_e(_datum(rundatum, True))}; "
                 f"gepubliceerd met versie {_e(__version__)} op {_e(_datum(datetime.now().isoformat(), True))}.</p>")
    # one HTML block without blank lines, so the markdown renderer passes it through untouched
    return "## Verantwoording\n\n<div class=\"wz-colofon\">" + "".join(delen) + "</div>"


def exporteer(nb_pad: Path, titel: str, colofon_md: str | None = None, fictief: bool = False,
              exporter=None) -> str:
    """One executed notebook -> self-contained HTML string (analyst edition; see :func:`exporteer_rapport`)."""
    return exporteer_rapport(nb_pad, titel, colofon_md, fictief, exporter, editie=edities.ANALIST)[0]


def exporteer_rapport(nb_pad: Path, titel: str, colofon_md: str | None = None, fictief: bool = False,
                      exporter=None, *, editie: str = edities.PARTNER, boven: str | None = None,
                      onder: str | None = None) -> tuple[str, list[dict], list[edities.Waarschuwing]]:
    """One executed notebook -> (self-contained HTML, the table bundles for the downloads, warnings).

    ``editie`` partner: cells tagged ``analist`` and cells showing analyst material are left out (one
    warning each), and the finished page is checked once more (:class:`PublicatieFout` if anything is
    left). ``boven`` / ``onder``: navigation HTML put at the top and the bottom.
    """
    import nbformat  # seconds to import (jsonschema): only when a report is made

    nb = nbformat.reads(Path(nb_pad).read_text(encoding="utf-8"), as_version=4)
    nb.metadata["title"] = titel
    waarschuwingen: list[edities.Waarschuwing] = []
    if editie == edities.PARTNER:
        waarschuwingen = edities.voor_partners(nb, Path(nb_pad).name, VERWIJDER_TAGS)
    bundels = downloads.tabellen(nb, VERWIJDER_TAGS)
    if editie == edities.PARTNER:
        bundels = [edities.vervang_in_bundel(b) for b in bundels]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            for o in cell.outputs:  # defence in depth: no raw HTML from a name in a Markdown output
                if "text/markdown" in o.get("data", {}):
                    o["data"]["text/markdown"] = ontsmet_markdown(o["data"]["text/markdown"])
    if colofon_md:
        nb.cells.append(nbformat.v4.new_markdown_cell(colofon_md))
    toc = inhoudsopgave(nb)
    pos = 0
    zichtbaar = [i for i, c in enumerate(nb.cells) if not (_tags(c) & VERWIJDER_TAGS)]
    if zichtbaar and nb.cells[zichtbaar[0]].cell_type == "markdown" \
            and nb.cells[zichtbaar[0]].source.lstrip().startswith("# "):
        pos = zichtbaar[0] + 1
    if toc:
        nb.cells.insert(pos, nbformat.v4.new_markdown_cell(toc))
    if fictief:
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(
            f'<div class="wz-fictief" role="note">{FICTIEF_TEKST}: alle cijfers in dit rapport zijn verzonnen '
            f'en alleen bedoeld om de werkwijze te laten zien.</div>'))
    if boven:
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(boven))
    if onder:
        nb.cells.append(nbformat.v4.new_markdown_cell(onder))
    exporter = exporter or maak_exporter()
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": titel}})
    body = verwijder_extern(body)
    rest = externe_verwijzingen(body)
    if rest:
        raise PublicatieFout(f"{Path(nb_pad).name}: HTML verwijst nog naar externe bronnen: {rest[:3]}")
    body, _ = verantwoording.verwijzingen_als_links(body)
    body = _markeer_tabellen(body)
    if editie == edities.PARTNER:
        over = edities.vondsten(edities.tekst_van_html(body))
        if over:
            raise PublicatieFout(f"{Path(nb_pad).name}: de partnereditie zou analistenmateriaal tonen: "
                                 + "; ".join(f"{v.soort} '{v.fragment[:60]}'" for v in over[:5]))
    return body, bundels, waarschuwingen


_RE_WZ_TABEL = re.compile(r'<div class="wz-tabel"(.*?)</table>', re.S)


def _markeer_tabellen(html: str) -> str:
    """Report tables of at most 25 rows get ``wz-kort`` (print CSS: never split over two pages), tables
    of more than 8 columns ``wz-breed`` (smaller type); wide ones (more than 6 columns) may scroll sideways on a narrow screen, so they become a focusable region
    named after their caption (keyboard users can scroll them)."""
    def vervang(m: re.Match) -> str:
        binnen = m.group(1)
        klasse = "wz-tabel wz-kort" if binnen.count("<tr") <= 26 else "wz-tabel"
        extra = ""
        kop = re.search(r"<thead>(.*?)</thead>", binnen, re.S)
        if kop and kop.group(1).count("<th") > 8:
            klasse += " wz-breed"  # smaller type and padding (partner.css)
        if kop and kop.group(1).count("<th") > 6:
            cap = re.search(r"<caption>(.*?)</caption>", binnen, re.S)
            naam = cap.group(1) if cap else "Tabel"
            extra = f' role="region" tabindex="0" aria-label="{htmlmod.escape(htmlmod.unescape(naam), quote=True)}"'
        return f'<div class="{klasse}"{extra}' + binnen + "</table>"

    return _RE_WZ_TABEL.sub(vervang, html)


# --- regio ------------------------------------------------------------------------------------------


def slug(tekst: str) -> str:
    """ASCII slug for file names: 'Súdwest-Fryslân' -> 'sudwest-fryslan'."""
    t = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "x"


def _html_naam(wie: str, naam: str, stap: Stap, regio_slug: str) -> str:
    if wie == paden.REGIO:
        return f"regio_{regio_slug}_{stap.notebook}.html"
    return f"{wie}_{slug(naam)}_{stap.notebook}.html"


def _papermill_fout(nb_pad: Path) -> bool:
    """True when the notebook is unreadable or papermill marked an exception (plain JSON: fast)."""
    try:
        nb = json.loads(Path(nb_pad).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return bool(((nb.get("metadata") or {}).get("papermill") or {}).get("exception"))


# --- one report: a job for a worker process ----------------------------------------------------------


@dataclass(frozen=True)
class Taak:
    """Everything one report needs; picklable, so a worker process can make it."""

    nb_pad: Path
    doel: Path  # html/<stam>.html
    titel: str
    colofon_md: str
    fictief: bool
    editie: str
    boven: str
    onder: str
    sleutel: str = ""  # hash of every input (see _sleutel)


@dataclass(frozen=True)
class Uitkomst:
    taak: Taak
    tijdelijk: tuple[tuple[Path, Path], ...]  # (temp file, final file)
    waarschuwingen: tuple[str, ...]
    n_tabellen: int


_EXPORTER: dict[str, Any] = {}


def maak_rapport(taak: Taak) -> Uitkomst:
    """Export one report and write its HTML, Excel workbook and CSV zip to temp files next to them."""
    exporter = _EXPORTER.get("html") or _EXPORTER.setdefault("html", maak_exporter())
    html, bundels, waarsch = exporteer_rapport(taak.nb_pad, taak.titel, taak.colofon_md, taak.fictief, exporter,
                                               editie=taak.editie, boven=taak.boven, onder=taak.onder)
    stam = taak.doel.name.removesuffix(".html")
    map_ = taak.doel.parent
    tmp = [(map_ / f".{taak.doel.name}.{os.getpid()}.tmp", taak.doel),
           (map_ / f".{stam}.xlsx.{os.getpid()}.tmp", map_ / f"{stam}.xlsx"),
           (map_ / f".{stam}_csv.zip.{os.getpid()}.tmp", map_ / f"{stam}_csv.zip")]
    try:
        tmp[0][0].write_text(html, encoding="utf-8")
        downloads.schrijf_xlsx(bundels, tmp[1][0], taak.titel)
        downloads.schrijf_csv_zip(bundels, tmp[2][0], taak.titel)
    except BaseException:
        for t, _ in tmp:
            t.unlink(missing_ok=True)
        raise
    return Uitkomst(taak, tuple(tmp), tuple(str(w) for w in waarsch), len(bundels))


def _bron_hash() -> str:
    """Hash of the template and the publishing code: a change re-publishes every report."""
    h = hashlib.sha256()
    for f in sorted(TEMPLATES.rglob("*")):
        if f.is_file():
            h.update(f.name.encode() + f.read_bytes())
    for mod in (__file__, downloads.__file__, edities.__file__, navigatie.__file__, verantwoording.__file__):
        h.update(Path(mod).read_bytes())
    return h.hexdigest()


def _sleutel(taak: Taak, *extra: Any) -> str:
    h = hashlib.sha256(Path(taak.nb_pad).read_bytes())
    h.update(json.dumps([taak.titel, taak.fictief, taak.editie, taak.boven, taak.onder, *extra],
                        sort_keys=True, default=str, ensure_ascii=False).encode())
    return h.hexdigest()


MANIFEST = ".publicatie.json"


def _lees_manifest(html_map: Path) -> dict[str, Any]:
    try:
        return json.loads((html_map / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _voer_uit(taken: list[Taak], workers: int) -> list[Uitkomst]:
    """Make the reports, in ``workers`` processes when there is more than one; on an error the temp
    files of the finished ones are removed and the error raised (nothing is replaced)."""
    uitkomsten: list[Uitkomst] = []
    try:
        if workers <= 1 or len(taken) <= 1:
            for t in taken:
                uitkomsten.append(maak_rapport(t))
        else:
            ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
            with cf.ProcessPoolExecutor(max_workers=min(workers, len(taken)), mp_context=ctx) as pool:
                futures = {pool.submit(maak_rapport, t): t for t in taken}
                fout: BaseException | None = None
                for f in cf.as_completed(futures):
                    try:
                        uitkomsten.append(f.result())
                    except BaseException as e:  # noqa: BLE001 - first error wins, the others are cleaned up
                        fout = fout or e
                        for g in futures:
                            g.cancel()
                if fout is not None:
                    raise fout
    except PublicatieFout as e:
        _ruim_tijdelijk(uitkomsten)
        raise PublicatieFout(f"{e} Er is niets gepubliceerd; de vorige publicatie staat er nog.") from None
    except BaseException:
        _ruim_tijdelijk(uitkomsten)
        raise
    return uitkomsten


def _ruim_tijdelijk(uitkomsten: list[Uitkomst]) -> None:
    for u in uitkomsten:
        for t, _ in u.tijdelijk:
            t.unlink(missing_ok=True)


@dataclass
class Publicatie:
    bestanden: list[Path]
    gemaakt: list[Path]  # reports made in this run (the others were unchanged)
    waarschuwingen: list[str]
    pdfs: list[Path]


def publiceer(regio: str | Path | RegioParams, uitvoer_root: str | Path | None = None, zip: bool = False,
              toon_voortgang: bool = False, register: dict[str, Stap] | None = None, **kw) -> list[Path]:
    """Publish the successful reports of ``regio`` (steps in registry order); returns the written files.
    Keywords as :func:`publiceer_regio`."""
    return publiceer_regio(regio, uitvoer_root, zip=zip, toon_voortgang=toon_voortgang, register=register,
                           **kw).bestanden


def publiceer_regio(regio: str | Path | RegioParams, uitvoer_root: str | Path | None = None, *, zip: bool = False,
                    toon_voortgang: bool = False, register: dict[str, Stap] | None = None,
                    editie: str = edities.PARTNER, pdf: bool = False, workers: int = 2,
                    alles: bool = False) -> Publicatie:
    """Publish ``regio``: per successful report HTML, an Excel workbook and a CSV zip (and with ``pdf`` a
    PDF), the index, the regio's Verantwoording and the method notes.

    Incremental: a report whose inputs (notebook, results metadata, navigation, template, publishing
    code, edition) did not change since the last publication is kept (``alles=True``: make all again).
    Reports are made in ``workers`` processes.
    """
    if editie not in edities.EDITIES:
        raise PublicatieFout(f"Onbekende editie '{editie}'; kies uit: {', '.join(edities.EDITIES)}.")
    browser = pdfmod.vereist_chromium() if pdf else None
    rp = laad_regio(regio)
    register = STAPPEN if register is None else register
    uitvoer = Path(uitvoer_root or paden.uitvoer_root(Path(rp.root))).resolve()
    regio_map = paden.uitvoer_regio(uitvoer, rp.slug)
    if not regio_map.is_dir():
        raise PublicatieFout(f"Geen uitvoer voor regio '{rp.naam}' in {regio_map}. Draai eerst: wz run --regio {rp.slug}")
    gemeenten = laad_gemeenten(rp)
    with RegioSlot(regio_map, "publicatie"):
        ruim_op(regio_map)
        run_rijen = lees_run_csv(paden.run_csv(regio_map))
        run_status = {(r.get("gemeente", ""), r.get("stap", "")): r.get("status", "") for r in run_rijen}
        laatste_run = max((r.get("gestart", "") for r in run_rijen if r.get("gestart")), default="")

        def gedraaid(s: Stap) -> bool:
            wies = [paden.REGIO] if s.per_regio else [g.code for g in gemeenten]
            return any(paden.record(paden.uitvoer_wie(regio_map, w), s.notebook).exists()
                       or (w, s.notebook) in run_status for w in wies)

        stappen = [s for s in register.values() if gedraaid(s)]
        html_map = paden.html_map(regio_map)
        html_map.mkdir(exist_ok=True)
        rapporten: list[Rapport] = []
        fictief = rp.fictief
        doelen = [(paden.REGIO, rp.naam, s) if s.per_regio else (g.code, g.naam, s)
                  for s in stappen for g in ([None] if s.per_regio else gemeenten)]
        klaar: list[tuple[Rapport, list[dict], dict, Path]] = []
        alle_metas: list[dict] = []
        for wie, naam, stap in doelen:
            map_ = paden.uitvoer_wie(regio_map, wie)
            rec = lees_record(map_, stap.notebook)
            laatst = run_status.get((wie, stap.notebook))
            nb_pad = paden.notebook_uitvoer(map_, stap.notebook)
            if rec and is_gelukt(map_, stap.notebook, rec) and (laatst in (None, "", *GELUKT)) \
                    and not _papermill_fout(nb_pad):
                metas = lees_metas(map_, stap)
                alle_metas += metas
                fictief = fictief or is_fictief(metas)
                r = Rapport(wie, naam, stap, "gepubliceerd", html_map / _html_naam(wie, naam, stap, rp.slug),
                            rec.get("klaar", ""))
                rapporten.append(r)
                klaar.append((r, metas, rec, nb_pad))
            else:
                st = (rec or {}).get("status")
                if laatst == "fout" or st == "fout":
                    status = "mislukt"
                elif laatst == "overgeslagen":
                    status = "overgeslagen"
                elif laatst == "onderbroken" or st == "onderbroken":
                    status = "onderbroken"
                else:
                    status = "niet gedraaid"
                rapporten.append(Rapport(wie, naam, stap, status))

        plekken = [navigatie.Plek(r.gemeente, r.gemeentenaam, r.stap, r.html.name) for r, *_ in klaar]
        manifest = _lees_manifest(html_map) if not alles else {}
        bron = _bron_hash()
        taken: list[Taak] = []
        for (r, metas, rec, nb_pad), plek in builtins.zip(klaar, plekken):
            wie, naam, stap = r.gemeente, r.gemeentenaam, r.stap
            titel = (f"{stap.naam} — {naam} ({rp.naam})" if wie != paden.REGIO else f"{stap.naam} — {rp.naam}")
            try:
                if editie == edities.ANALIST:
                    params = {"regio": rp.naam} | ({"gemeente": f"{naam} ({wie})"} if wie != paden.REGIO else {})
                    params |= {k: v for k, v in (rec.get("parameters") or {}).items()
                               if k not in ("regio", "gemeente", "uitvoer_map")}
                    col = colofon(metas, rec, params)
                else:
                    col = colofon_partner(metas, rec)
            except PublicatieFout as e:
                raise PublicatieFout(f"{nb_pad}: {e} Er is niets gepubliceerd; de vorige publicatie staat er nog.") \
                    from None
            taak = Taak(nb_pad, r.html, titel, col, rp.fictief or is_fictief(metas), editie,
                        navigatie.boven(plek, rp.naam, pdf), navigatie.onder(plek, plekken, rp.naam))
            # the colophon of the analyst edition carries the publication time: hash its inputs instead
            taak = replace(taak, sleutel=_sleutel(taak, bron, metas, rec, __version__))
            r.downloads = tuple(navigatie.downloads(plek, pdf))
            taken.append(taak)

        def actueel(t: Taak) -> bool:
            oud = manifest.get(t.doel.name) or {}
            stam = t.doel.name.removesuffix(".html")
            return (oud.get("sleutel") == t.sleutel and t.doel.exists() and (html_map / f"{stam}.xlsx").exists()
                    and (html_map / f"{stam}_csv.zip").exists())

        te_maken = [t for t in taken if not actueel(t)]
        if toon_voortgang:
            print(f"  {len(te_maken)} van {len(taken)} rapport(en) te maken ({editie}editie)")
        uitkomsten = _voer_uit(te_maken, workers)
        waarschuwingen: list[str] = []
        nieuw_manifest: dict[str, Any] = {}
        for u in uitkomsten:
            for tmp, doel in u.tijdelijk:
                os.chmod(tmp, paden.standaard_modus())
                os.replace(tmp, doel)
            nieuw_manifest[u.taak.doel.name] = {"sleutel": u.taak.sleutel, "waarschuwingen": list(u.waarschuwingen)}
            if toon_voortgang:
                print(f"  {u.taak.doel.name}")
        gemaakt = [u.taak.doel for u in uitkomsten]
        for t in taken:
            if t.doel.name not in nieuw_manifest:
                nieuw_manifest[t.doel.name] = manifest[t.doel.name]
                if pdf and manifest[t.doel.name].get("pdf"):
                    nieuw_manifest[t.doel.name]["pdf"] = True
            waarschuwingen += nieuw_manifest[t.doel.name].get("waarschuwingen", [])
        # files of earlier publications that are no longer valid must not linger
        houden = {MANIFEST} | {f"{t.doel.name.removesuffix('.html')}{x}" for t in taken
                               for x in (".html", ".xlsx", "_csv.zip", ".pdf")}
        for oud in html_map.iterdir():
            if oud.is_file() and oud.name not in houden:
                oud.unlink(missing_ok=True)
        # the regio's Verantwoording and the method notes
        methode = [s for s in verantwoording.METHODE_DOCS if (DOCS / f"{s}.md").exists()]
        afscherming = next((m.get("afscherming") for m in alle_metas if m.get("afscherming")), None)
        v_pad = regio_map / verantwoording.VERANTWOORDING
        paden.atomair_tekst(v_pad, verantwoording.verantwoording_html(rp, alle_metas, fictief=fictief,
                                                                       afscherming=afscherming, methode=methode))
        m_map = regio_map / verantwoording.METHODE_MAP
        methode_paden = []
        for s in methode:
            doel = m_map / f"{s}.html"
            h = hashlib.sha256((DOCS / f"{s}.md").read_bytes() + rp.naam.encode() + bron.encode()).hexdigest()
            if manifest.get(f"methode/{s}") != h or not doel.exists():  # rendering imports nbconvert: seconds
                paden.atomair_tekst(doel, verantwoording.methode_html(DOCS / f"{s}.md", rp.naam))
            nieuw_manifest[f"methode/{s}"] = h
            methode_paden.append(doel)
        index = paden.index(regio_map)
        paden.atomair_tekst(index, maak_index(rp.naam, rp.slug, gemeenten, stappen, rapporten, fictief, laatste_run,
                                              editie, overzicht_kern.overzicht_html(rp, regio_map, gemeenten)))
        pdfs: list[Path] = []
        if pdf:
            for t in taken:
                stam = t.doel.name.removesuffix(".html")
                doel = html_map / f"{stam}.pdf"
                if t.doel in gemaakt or not doel.exists() or not nieuw_manifest[t.doel.name].get("pdf"):
                    pdfmod.druk_af(t.doel, doel, browser)
                    if toon_voortgang:
                        print(f"  {doel.name}")
                nieuw_manifest[t.doel.name]["pdf"] = True
                pdfs.append(doel)
        else:
            for t in taken:
                nieuw_manifest[t.doel.name].pop("pdf", None)
                (html_map / f"{t.doel.name.removesuffix('.html')}.pdf").unlink(missing_ok=True)
        paden.atomair_tekst(html_map / MANIFEST, json.dumps(nieuw_manifest, indent=1, ensure_ascii=False))
        rapport_paden = [t.doel for t in taken]
        dl_paden = [html_map / h for r, *_ in klaar for _, h in r.downloads]
        uit = rapport_paden + [index, v_pad] + methode_paden + [p_ for p_ in dl_paden if p_.suffix != ".pdf"] + pdfs
        if zip:
            zpad = paden.zip_bestand(regio_map, rp.slug)

            def schrijf_zip(tmp: Path) -> None:
                with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
                    for p in uit:
                        z.write(p, p.relative_to(regio_map).as_posix())

            paden.atomair_schrijven(zpad, schrijf_zip)
            uit.append(zpad)
    return Publicatie(uit, gemaakt, waarschuwingen, pdfs)
