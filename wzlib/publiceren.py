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

import copy
import html as htmlmod
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat

from babel.dates import format_date
from babel.numbers import format_decimal

from . import __version__, paden
from .analyse import laad_gemeenten
from .batch import lees_run_csv
from .fouten import WzFout
from .params import Gemeente, RegioParams, laad_regio
from .resultaten import metas as lees_metas
from .stappen import STAPPEN, Stap
from .toestand import GELUKT, RegioSlot, is_gelukt, lees_record, ruim_op
from .veilig import ontsmet_markdown

TEMPLATES = Path(__file__).resolve().parent / "templates"
VERWIJDER_TAGS = frozenset({"parameters", "injected-parameters", "remove_cell"})
FICTIEF_TEKST = "Fictieve gegevens (voorbeeldregio)"
HTML_MAP = paden.HTML_MAP


class PublicatieFout(WzFout):
    pass


# --- dates and numbers -----------------------------------------------------------------------------


def _datum(iso: str | None, met_tijd: bool = False) -> str:
    """'2026-11-22T06:30:00' -> '22 november 2026' (or '22 november 2026, 06:30')."""
    if not iso:
        return ""
    try:
        dt = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    tekst = format_date(dt.date(), "long", locale="nl_NL")
    return tekst + (dt.strftime(", %H:%M") if met_tijd else "")


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
    """One executed notebook -> self-contained HTML string (see module docstring)."""
    nb = nbformat.read(str(nb_pad), as_version=4)
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = titel
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
    exporter = exporter or maak_exporter()
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": titel}})
    body = verwijder_extern(body)
    rest = externe_verwijzingen(body)
    if rest:
        raise PublicatieFout(f"{nb_pad.name}: HTML verwijst nog naar externe bronnen: {rest[:3]}")
    return body


# --- regio ------------------------------------------------------------------------------------------


@dataclass
class Rapport:
    gemeente: str  # GMxxxx or paden.REGIO
    gemeentenaam: str
    stap: Stap
    status: str  # gepubliceerd | mislukt | overgeslagen | onderbroken | niet gedraaid
    html: Path | None = None
    datum: str = ""


STATUS_TEKST = {
    "gepubliceerd": "",
    "mislukt": "mislukt bij de laatste run",
    "overgeslagen": "overgeslagen (een stap waarvan dit rapport de uitkomsten leest, ontbreekt)",
    "onderbroken": "run onderbroken",
    "niet gedraaid": "nog niet gedraaid",
}


def slug(tekst: str) -> str:
    """ASCII slug for file names: 'Súdwest-Fryslân' -> 'sudwest-fryslan'."""
    t = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "x"


def _html_naam(wie: str, naam: str, stap: Stap, regio_slug: str) -> str:
    if wie == paden.REGIO:
        return f"regio_{regio_slug}_{stap.notebook}.html"
    return f"{wie}_{slug(naam)}_{stap.notebook}.html"


def _papermill_fout(nb_pad: Path) -> bool:
    try:
        nb = nbformat.read(str(nb_pad), as_version=4)
    except Exception:  # noqa: BLE001 - unreadable = not publishable
        return True
    return bool(nb.metadata.get("papermill", {}).get("exception"))


def publiceer(regio: str | Path | RegioParams, uitvoer_root: str | Path | None = None, zip: bool = False,
              toon_voortgang: bool = False, register: dict[str, Stap] | None = None) -> list[Path]:
    """Publish the successful reports of ``regio`` (steps in registry order); returns the written files."""
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
        exporter = maak_exporter()
        html_map = paden.html_map(regio_map)
        html_map.mkdir(exist_ok=True)
        rapporten: list[Rapport] = []
        fictief = rp.fictief
        klaar: list[tuple[Path, Path]] = []  # (report, temp file): all are made before one is replaced
        doelen = [(paden.REGIO, rp.naam, s) if s.per_regio else (g.code, g.naam, s)
                  for s in stappen for g in ([None] if s.per_regio else gemeenten)]
        for wie, naam, stap in doelen:
            map_ = paden.uitvoer_wie(regio_map, wie)
            rec = lees_record(map_, stap.notebook)
            laatst = run_status.get((wie, stap.notebook))
            nb_pad = paden.notebook_uitvoer(map_, stap.notebook)
            if rec and is_gelukt(map_, stap.notebook, rec) and (laatst in (None, "", *GELUKT)) \
                    and not _papermill_fout(nb_pad):
                metas = lees_metas(map_, stap)
                fictief_hier = fictief or is_fictief(metas)
                fictief = fictief or fictief_hier
                titel = (f"{stap.naam} — {naam} ({rp.naam})" if wie != paden.REGIO else f"{stap.naam} — {rp.naam}")
                params = {"regio": rp.naam} | ({"gemeente": f"{naam} ({wie})"} if wie != paden.REGIO else {})
                params |= {k: v for k, v in (rec.get("parameters") or {}).items()
                           if k not in ("regio", "gemeente", "uitvoer_map")}
                try:
                    html = exporteer(nb_pad, titel, colofon(metas, rec, params), fictief_hier, exporter)
                except PublicatieFout as e:
                    for _, tmp in klaar:
                        tmp.unlink(missing_ok=True)
                    raise PublicatieFout(f"{nb_pad}: {e} Er is niets gepubliceerd; de vorige publicatie "
                                         "staat er nog.") from None
                doel = html_map / _html_naam(wie, naam, stap, rp.slug)
                tmp = html_map / f".{doel.name}.{os.getpid()}.tmp"
                tmp.write_text(html, encoding="utf-8")
                klaar.append((doel, tmp))
                rapporten.append(Rapport(wie, naam, stap, "gepubliceerd", doel, rec.get("klaar", "")))
                if toon_voortgang:
                    print(f"  {doel.name}")
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
        geschreven: list[Path] = []
        for doel, tmp in klaar:
            os.chmod(tmp, paden.standaard_modus())
            os.replace(tmp, doel)
            geschreven.append(doel)
        # reports of earlier publications that are no longer valid must not linger
        for oud in html_map.glob("*.html"):
            if oud not in geschreven:
                oud.unlink(missing_ok=True)
        index = paden.index(regio_map)
        paden.atomair_tekst(index, maak_index(rp.naam, rp.slug, gemeenten, stappen, rapporten, fictief, laatste_run))
        uit = geschreven + [index]
        if zip:
            zpad = paden.zip_bestand(regio_map, rp.slug)

            def schrijf_zip(tmp: Path) -> None:
                with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
                    z.write(index, "index.html")
                    for p in geschreven:
                        z.write(p, f"{HTML_MAP}/{p.name}")

            paden.atomair_schrijven(zpad, schrijf_zip)
            uit.append(zpad)
    return uit


_INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; max-width: 64rem;
  margin: 0 auto; padding: 1.5rem 1rem 3rem; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; }
.meta { color: #444; margin-top: 0; }
.wz-fictief { border: 2px solid #b35900; background: #fff4e5; color: #5c2e00; padding: .75rem 1rem;
  margin: 1rem 0; font-weight: 600; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #d0d0d0; padding: .4rem .6rem; text-align: left; vertical-align: top; }
thead th { background: #eef2f7; }
a { color: #1f5a96; }
a:focus { outline: 3px solid #f0b400; }
.status { color: #6b1d1d; font-style: italic; }
small { color: #555; }
ul.legenda { color: #444; font-size: .9rem; }
footer { margin-top: 2rem; font-size: .85rem; color: #555; border-top: 1px solid #ddd; padding-top: .5rem; }
"""


def maak_index(regionaam: str, regio_slug: str, gemeenten: list[Gemeente], stappen: list[Stap],
               rapporten: list[Rapport], fictief: bool, laatste_run: str) -> str:
    """The regio overview for partners (Dutch, self-contained, ``lang="nl"``), steps in registry order."""
    e = htmlmod.escape
    per = {(r.gemeente, r.stap.sleutel): r for r in rapporten}
    regio_stappen = [s for s in stappen if s.per_regio]
    gem_stappen = [s for s in stappen if not s.per_regio]

    def cel(r: Rapport | None) -> str:
        if r is None:
            return '<span class="status">nog niet gedraaid</span>'
        if r.html is not None:
            return (f'<a href="{HTML_MAP}/{e(r.html.name, quote=True)}">Rapport {e(r.stap.titel.lower())}'
                    f'</a><br><small>{e(_datum(r.datum))}</small>')
        return f'<span class="status">{e(STATUS_TEKST.get(r.status, r.status))}</span>'

    delen = ["<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Woonzorganalyse {e(regionaam)}</title>", f"<style>{_INDEX_CSS}</style>", "</head>",
             "<body>", "<main>"]
    if fictief:
        delen.append(f'<div class="wz-fictief" role="note">{FICTIEF_TEKST}: alle cijfers zijn verzonnen en '
                     f'alleen bedoeld om de werkwijze te laten zien.</div>')
    delen.append(f"<h1>Woonzorganalyse {e(regionaam)}</h1>")
    meta = [f"Gepubliceerd op {e(_datum(datetime.now().isoformat(), True))}"]
    if laatste_run:
        meta.append(f"laatste run gestart op {e(_datum(laatste_run, True))}")
    delen.append(f'<p class="meta">{"; ".join(meta)}. Gemaakt met woonzorganalyse {e(__version__)}.</p>')
    delen.append("<p>Per gemeente staan hieronder de rapporten van elke analysestap. Een rapport is alleen "
                 "beschikbaar als de stap bij de laatste run is gelukt.</p>")
    if regio_stappen:
        delen.append("<h2>Regio als geheel</h2>")
        rijen = "".join(f"<tr><th scope=\"row\">{e(s.naam)}</th><td>{cel(per.get((paden.REGIO, s.sleutel)))}</td>"
                        f"</tr>" for s in regio_stappen)
        delen.append(f"<table><caption>Rapporten over de hele regio {e(regionaam)}</caption><thead><tr>"
                     f'<th scope="col">Stap</th><th scope="col">Rapport</th></tr></thead><tbody>{rijen}</tbody>'
                     f"</table>")
    if gem_stappen:
        delen.append("<h2>Per gemeente</h2>")
        kop = "".join(f'<th scope="col">{e(s.naam)}</th>' for s in gem_stappen)
        rijen = "".join(
            f'<tr><th scope="row">{e(g.naam)} <small>({e(g.code)})</small></th>'
            + "".join(f"<td>{cel(per.get((g.code, s.sleutel)))}</td>" for s in gem_stappen) + "</tr>"
            for g in gemeenten)
        delen.append(f"<table><caption>Rapporten per gemeente</caption><thead><tr>"
                     f'<th scope="col">Gemeente</th>{kop}</tr></thead><tbody>{rijen}</tbody></table>')
    delen.append('<ul class="legenda"><li><em>mislukt bij de laatste run</em>: de analyse gaf een fout; er is '
                 "geen rapport gepubliceerd.</li><li><em>overgeslagen</em>: een stap waarvan dit rapport de uitkomsten "
                 "leest, is mislukt of nog niet gedraaid.</li><li><em>nog niet gedraaid</em>: er is nog geen uitkomst.</li></ul>")
    delen.append(f"<footer>Regio {e(regionaam)} ({e(regio_slug)}). Deze pagina en de rapporten werken zonder "
                 f"internetverbinding.</footer>")
    delen += ["</main>", "</body>", "</html>", ""]
    return "\n".join(delen)
