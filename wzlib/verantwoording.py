"""Pages published next to the reports: the regio's *Verantwoording* and the method notes (``docs/``).

The Verantwoording is written for a reader, not an analyst: the sources (table, period, date fetched),
the choices of the regio in words (no keys of the regio file), the disclosure rules and the kengetallen
per woonvorm with their sources. It replaces the parameter and kengetallen dumps that the analyst
edition shows under every report. The method notes a report refers to (``docs/fair-share.md`` ...)
are rendered from Markdown to HTML pages in ``methode/`` (next to ``index.html`` and
``verantwoording.html``) and the references in the reports become links.
"""

from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from . import __version__
from .groepen import GROEPEN
from .params import COMPONENTEN, VERDEELSLEUTELS, RegioParams

VERANTWOORDING = "verantwoording.html"
METHODE_MAP = "methode"
#: method notes that reports refer to, published as readable pages (file stem -> shown title)
METHODE_DOCS: dict[str, str] = {
    "fair-share": "Spreiding en eerlijke verdeling (fair share)",
    "kengetallen": "Kengetallen",
    "partnerronde": "Confrontatie en partnerronde",
    "afscherming": "Afscherming van kleine aantallen",
}
TYPE_TEKST = {"N": "norm of beleidsdoel", "O": "waargenomen of geprognosticeerd cijfer",
              "A": "modelaanname van anderen", "P": "beredeneerde standaardwaarde (geen gepubliceerde norm)"}

PAGINA_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; max-width: 60rem;
  margin: 0 auto; padding: 1.5rem 1rem 3rem; color: #1a1a1a; line-height: 1.55; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; }
a { color: #1f5a96; } a:focus { outline: 3px solid #f0b400; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
thead th { background: #eef2f7; }
pre { overflow-x: auto; background: #f6f6f6; padding: .5rem; white-space: pre-wrap; }
code { background: #f2f2f2; padding: 0 .2rem; }
.wz-fictief { border: 2px solid #b35900; background: #fff4e5; color: #5c2e00; padding: .75rem 1rem;
  margin: 1rem 0; font-weight: 600; border-radius: 4px; }
nav.wz-kruimel ol { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap; }
nav.wz-kruimel li + li::before { content: "›"; padding: 0 .4rem; color: #666; }
footer { margin-top: 2rem; font-size: .85rem; color: #555; border-top: 1px solid #ddd; padding-top: .5rem; }
@media print { @page { size: A4; margin: 18mm 15mm; } body { max-width: none; } nav.wz-kruimel { display: none; }
  thead { display: table-header-group; } tr, figure { break-inside: avoid; } }
"""


def e(v: Any) -> str:
    return htmlmod.escape("" if v is None else str(v))


def datum(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return format_date(datetime.fromisoformat(str(iso)).date(), "long", locale="nl_NL")
    except ValueError:
        return str(iso)


def getal(x: Any, pct: bool = False) -> str:
    if pct:
        return format_percent(float(x), "#,##0.#%", locale="nl_NL")
    return format_decimal(x, locale="nl_NL")


def pagina(titel: str, body: str, *, kruimel: list[tuple[str, str | None]], fictief: bool, voet: str = "") -> str:
    """A self-contained Dutch page (no scripts, no external requests) with a breadcrumb."""
    items = "".join(f'<li><a href="{e(h)}">{e(t)}</a></li>' if h else f'<li aria-current="page">{e(t)}</li>'
                    for t, h in kruimel)
    delen = ["<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{e(titel)}</title>", f"<style>{PAGINA_CSS}</style>", "</head>", "<body>",
             f'<nav class="wz-kruimel" aria-label="Kruimelpad"><ol>{items}</ol></nav>', "<main>"]
    if fictief:
        delen.append('<div class="wz-fictief" role="note">Fictieve gegevens (voorbeeldregio): alle cijfers zijn '
                     "verzonnen en alleen bedoeld om de werkwijze te laten zien.</div>")
    delen += [body, "</main>", f"<footer>{voet}</footer>" if voet else "", "</body>", "</html>", ""]
    return "\n".join(delen)


def _bron_naam(h: dict) -> str:
    naam = str(h.get("bron") or "")
    if h.get("soort") in ("invoer", "lokaal", "voorbeeld") and ("/" in naam or "\\" in naam):
        naam = re.split(r"[\\/]", naam)[-1]
    return naam


def bronnen(metas: Iterable[dict]) -> list[dict]:
    """The distinct sources of the results (bron, titel, periode, dates), in order of first use."""
    uit, gezien = [], set()
    for m in metas:
        for h in m.get("herkomst", []) or []:
            sleutel = (_bron_naam(h), h.get("titel"), h.get("periode"))
            if sleutel not in gezien:
                gezien.add(sleutel)
                uit.append(h | {"bron": _bron_naam(h)})
    return uit


def bronnen_tabel(metas: Iterable[dict], bijschrift: str = "Bronnen") -> str:
    rijen = "".join(
        f"<tr><th scope=\"row\">{e(h['bron'])}{' (fictief)' if h.get('fictief') else ''}</th><td>{e(h.get('titel'))}"
        f"</td><td>{e(h.get('periode') or '–')}</td><td>{e(datum(h.get('opgehaald')) or '–')}</td>"
        f"<td>{e(datum(h.get('gewijzigd')) or '–')}</td></tr>" for h in bronnen(metas))
    if not rijen:
        return "<p>De resultaten leggen geen bronnen vast.</p>"
    return (f"<table><caption>{e(bijschrift)}</caption><thead><tr><th scope=\"col\">Bron (tabel)</th>"
            f"<th scope=\"col\">Onderwerp</th><th scope=\"col\">Periode</th><th scope=\"col\">Opgehaald</th>"
            f"<th scope=\"col\">Laatst gewijzigd bij de bron</th></tr></thead><tbody>{rijen}</tbody></table>")


def keuzes(rp: RegioParams) -> list[str]:
    """The regio's choices as sentences (no keys of the regio file)."""
    bron = {"cbs": "openbare cijfers van het CBS (StatLine)", "invoer": "cijfers die de regio zelf aanleverde",
            "voorbeeld": "fictieve voorbeeldgegevens"}.get(rp.bron.soort, rp.bron.soort)
    zinnen = [f"De analyse gaat over peiljaar {rp.peiljaar} en gebruikt {bron}; elke tabel toont het laatste "
              f"jaar dat niet later is dan {rp.peiljaar}.",
              "De gemeenten leverden lokale gegevens aan (aandachtsgroepen, aanbod, plannen), die voorgaan op "
              "landelijke schattingen." if rp.lokaal else "Er is geen lokale invoer van de gemeenten gebruikt."]
    if rp.groepen:
        zinnen.append("Aandachtsgroepen in de analyse: "
                      + ", ".join(GROEPEN[g].label if g in GROEPEN else g for g in rp.groepen) + ".")
    p = rp.prognose
    zinnen.append(f"De prognose kijkt {p.horizon} jaar vooruit"
                  + {"automatisch": ", met de eigen bevolkingsprognose van de toolkit",
                     "eigen": ", met de eigen bevolkingsprognose van de toolkit",
                     "invoer": ", met een bevolkingsprognose die de regio aanleverde"}.get(p.bron, "")
                  + ("; die is afgestemd op de laatste waargenomen bevolking." if p.kalibreren else "."))
    s = rp.spreiding
    gew = ", ".join(f"{COMPONENTEN.get(k, k)} {getal(v, True)}" for k, v in s.gewichten.items())
    zinnen.append(f"Eerlijke verdeling: de regio streeft naar {getal(s.doel_sociale_huur, True)} sociale huur per "
                  f"gemeente over {s.termijn_jaren} jaar, rekent met {getal(s.mutatiegraad, True)} vrijkomende sociale "
                  f"huurwoningen per jaar en de {s.variant}variant van de prognose. De verdeelsleutels zijn: "
                  + "; ".join(VERDEELSLEUTELS.values()) + f". De sleutel lokale kenmerken weegt {gew}.")
    if s.ruilingen:
        zinnen.append(f"De gemeenten spraken {len(s.ruilingen)} ruiling(en) van opgave onderling af; de "
                      "spreidingsrapporten noemen ze.")
    c = rp.confrontatie
    zinnen.append(f"Confrontatie: vraag tegen aanbod nu en over {', '.join(str(h) for h in c.horizon)} jaar; van de "
                  f"vrijkomende sociale huurwoningen gaat naar de norm {getal(c.norm_urgentie_aandeel, True)} naar "
                  f"urgenten; per gemeente worden de {c.top_n} grootste tekorten uitgelicht.")
    if c.partners:
        zinnen.append(f"In de partnerronde reageerden {len(c.partners)} partners; de regio nam "
                      f"{len(c.geaccepteerd)} correctie(s) van partners over.")
    return zinnen


def kengetallen_html(rp: RegioParams) -> str:
    """The rates per woonvorm (name, age class, low/mid/high, type, source) as a table."""
    try:
        kg = rp.kengetallen_laden()
    except Exception as fout:  # noqa: BLE001 - the page says it instead of failing the publication
        return f"<p>De kengetallen konden niet worden gelezen: {e(fout)}</p>"
    o = kg.overzicht()
    rijen = []
    for r in o.itertuples(index=False):
        waarden = "".join(f'<td class="num">{e(getal(getattr(r, v)))}</td>' for v in ("laag", "midden", "hoog"))
        rijen.append(f"<tr><th scope=\"row\">{e(r.naam)}</th><td>{e(r.klasse)}</td>{waarden}"
                     f"<td>{e(TYPE_TEKST.get(str(r.type), r.type))}</td><td>{e(r.bron)}</td></tr>")
    return ("<table><caption>Kengetallen per woonvorm: plaatsen of woningen per inwoner van de leeftijdsklasse"
            "</caption><thead><tr><th scope=\"col\">Woonvorm</th><th scope=\"col\">Leeftijd</th>"
            "<th scope=\"col\">Laag</th><th scope=\"col\">Midden</th><th scope=\"col\">Hoog</th>"
            "<th scope=\"col\">Soort</th><th scope=\"col\">Bron</th></tr></thead><tbody>"
            + "".join(rijen) + "</tbody></table>")


def verantwoording_html(rp: RegioParams, metas: list[dict], *, fictief: bool, afscherming: str | None,
                        methode: list[str]) -> str:
    """The regio's Verantwoording page (see the module docstring)."""
    body = [f"<h1>Verantwoording — woonzorganalyse {e(rp.naam)}</h1>",
            "<p>Op deze pagina staat waar de cijfers in de rapporten vandaan komen, welke keuzes de regio maakte "
            "en met welke kengetallen de vraag naar woonvormen is berekend.</p>",
            "<h2>Bronnen</h2>", bronnen_tabel(metas, "Bronnen van alle rapporten"),
            "<h2>Keuzes van de regio</h2>", "<ul>" + "".join(f"<li>{e(z)}</li>" for z in keuzes(rp)) + "</ul>"]
    if afscherming:
        body += ["<h2>Afscherming van kleine aantallen</h2>", f"<p>{e(afscherming)}</p>"]
    body += ["<h2>Kengetallen</h2>",
             "<p>De vraag naar een woonvorm is het aantal inwoners van een leeftijdsklasse maal het kengetal. Laag, "
             "midden en hoog geven de bandbreedte; de rapporten rekenen met midden tenzij anders vermeld.</p>",
             kengetallen_html(rp)]
    if methode:
        body += ["<h2>Toelichting op de methode</h2>", "<ul>" + "".join(
            f'<li><a href="{METHODE_MAP}/{e(s)}.html">{e(METHODE_DOCS[s])}</a></li>' for s in methode) + "</ul>"]
    body.append(f"<p>Gemaakt met woonzorganalyse {e(__version__)} op {e(datum(datetime.now().isoformat()))}.</p>")
    return pagina(f"Verantwoording — {rp.naam}", "\n".join(body), fictief=fictief,
                  kruimel=[(f"Regio {rp.naam}", "index.html"), ("Verantwoording", None)])


def methode_html(md_pad: Path, regionaam: str) -> str:
    """One method note rendered from Markdown (links to other notes become links to their pages)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    md = md_pad.read_text(encoding="utf-8")
    body = markdown2html_mistune(md)
    body = re.sub(r'href="(?:\./)?([\w\-]+)\.md(#[^"]*)?"',
                  lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"' if m.group(1) in METHODE_DOCS
                  else f'href="#"', body)
    titel = METHODE_DOCS.get(md_pad.stem, md_pad.stem)
    return pagina(titel, body, fictief=False,
                  kruimel=[(f"Regio {regionaam}", "../index.html"), ("Verantwoording", f"../{VERANTWOORDING}"),
                           (titel, None)],
                  voet="Technische toelichting bij de woonzorganalyse (voor wie de berekening wil narekenen).")


_RE_DOC = re.compile(r"<code>docs/([\w\-]+)\.md</code>")


def verwijzingen_als_links(html: str, prefix: str = "../") -> tuple[str, set[str]]:
    """``<code>docs/x.md</code>`` -> a link to the published page (or the plain title); returns the
    HTML and the stems referred to."""
    gebruikt: set[str] = set()

    def vervang(m: re.Match) -> str:
        stem = m.group(1)
        if stem in METHODE_DOCS:
            gebruikt.add(stem)
            return f'<a href="{prefix}{METHODE_MAP}/{stem}.html">{e(METHODE_DOCS[stem])}</a>'
        return "de technische documentatie"

    return _RE_DOC.sub(vervang, html), gebruikt
