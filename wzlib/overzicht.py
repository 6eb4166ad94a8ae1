"""The regio overview page of a publication (``index.html``): every report per gemeente and step.

Steps in registry order (the order of the reports' previous/next links); per report its link, date and
downloads; a report that is not published says why (failed, skipped, not run). Each gemeente's row has
an id (``#gm9901``) that the reports' breadcrumbs link to.
"""

from __future__ import annotations

import html as htmlmod
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from babel.dates import format_date

from . import __version__, paden
from .navigatie import anker
from .params import Gemeente
from .stappen import Stap
from .verantwoording import VERANTWOORDING

FICTIEF_TEKST = "Fictieve gegevens (voorbeeldregio)"
HTML_MAP = paden.HTML_MAP
_KORT = {"xlsx": "Excel", "zip": "CSV", "pdf": "PDF"}


def datum_tekst(iso: str | None, met_tijd: bool = False) -> str:
    """'2026-11-22T06:30:00' -> '22 november 2026' (or '22 november 2026, 06:30')."""
    if not iso:
        return ""
    try:
        dt = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    tekst = format_date(dt.date(), "long", locale="nl_NL")
    return tekst + (dt.strftime(", %H:%M") if met_tijd else "")


@dataclass
class Rapport:
    gemeente: str  # GMxxxx or paden.REGIO
    gemeentenaam: str
    stap: Stap
    status: str  # gepubliceerd | mislukt | overgeslagen | onderbroken | niet gedraaid
    html: Path | None = None
    datum: str = ""
    downloads: tuple[tuple[str, str], ...] = ()  # (label, file name in html/)


STATUS_TEKST = {
    "gepubliceerd": "",
    "mislukt": "mislukt bij de laatste run",
    "overgeslagen": "overgeslagen (een stap waarvan dit rapport de uitkomsten leest, ontbreekt)",
    "onderbroken": "run onderbroken",
    "niet gedraaid": "nog niet gedraaid",
}


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
.wz-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.wz-editie { border: 2px solid #1f5a96; background: #eef4fb; padding: .5rem 1rem; }
td.getal { text-align: right; white-space: nowrap; }
.wz-grafiek img { max-width: 100%; height: auto; }
footer { margin-top: 2rem; font-size: .85rem; color: #555; border-top: 1px solid #ddd; padding-top: .5rem; }
"""


def maak_index(regionaam: str, regio_slug: str, gemeenten: list[Gemeente], stappen: list[Stap],
               rapporten: list[Rapport], fictief: bool, laatste_run: str, editie: str = "partner",
               overzicht_html: str = "") -> str:
    """The regio overview for partners (Dutch, self-contained, ``lang="nl"``), steps in registry order.
    ``overzicht_html``: the map and kerncijfers per gemeente (:mod:`wzlib.overzicht_kern`, already escaped),
    shown before the links."""
    e = htmlmod.escape
    per = {(r.gemeente, r.stap.sleutel): r for r in rapporten}
    regio_stappen = [s for s in stappen if s.per_regio]
    gem_stappen = [s for s in stappen if not s.per_regio]

    def cel(r: Rapport | None) -> str:
        if r is None:
            return '<span class="status">nog niet gedraaid</span>'
        if r.html is not None:
            dl = " · ".join(f'<a href="{HTML_MAP}/{e(h, quote=True)}" download>{e(_KORT.get(h.rsplit(".", 1)[-1], h))}'
                            f'<span class="wz-sr"> van {e(r.stap.naam)}, {e(r.gemeentenaam)}</span></a>'
                            for _, h in r.downloads)
            return (f'<a href="{HTML_MAP}/{e(r.html.name, quote=True)}">Rapport {e(r.stap.titel.lower())}'
                    f'<span class="wz-sr">, {e(r.gemeentenaam)}</span></a><br><small>{e(datum_tekst(r.datum))}</small>'
                    + (f'<br><small class="wz-dl">{dl}</small>' if dl else ""))
        return f'<span class="status">{e(STATUS_TEKST.get(r.status, r.status))}</span>'

    delen = ["<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Woonzorganalyse {e(regionaam)}</title>", f"<style>{_INDEX_CSS}</style>", "</head>",
             "<body>", "<main>"]
    if fictief:
        delen.append(f'<div class="wz-fictief" role="note">{FICTIEF_TEKST}: alle cijfers zijn verzonnen en '
                     f'alleen bedoeld om de werkwijze te laten zien.</div>')
    delen.append(f"<h1>Woonzorganalyse {e(regionaam)}</h1>")
    meta = [f"Gepubliceerd op {e(datum_tekst(datetime.now().isoformat(), True))}"]
    if laatste_run:
        meta.append(f"laatste run gestart op {e(datum_tekst(laatste_run, True))}")
    delen.append(f'<p class="meta">{"; ".join(meta)}. Gemaakt met woonzorganalyse {e(__version__)}.</p>')
    delen.append("<p>Per gemeente staan hieronder de rapporten van elke analysestap. Een rapport is alleen "
                 "beschikbaar als de stap bij de laatste run is gelukt. Bij elk rapport staan de tabellen als "
                 "Excel- en CSV-bestand. Waar de cijfers vandaan komen en welke keuzes de regio maakte, staat in de "
                 f'<a href="{VERANTWOORDING}">verantwoording</a>.</p>')
    if editie != "partner":
        delen.append('<p class="wz-editie" role="note"><strong>Analisteditie:</strong> de rapporten tonen ook de '
                     "parameters, kengetallen en werkaantekeningen van de analist. Voor partners: publiceer de "
                     "partnereditie.</p>")
    if overzicht_html:
        delen.append(overzicht_html)
    if regio_stappen:
        delen.append('<h2 id="regio">Regio als geheel</h2>')
        rijen = "".join(f"<tr><th scope=\"row\">{e(s.naam)}</th><td>{cel(per.get((paden.REGIO, s.sleutel)))}</td>"
                        f"</tr>" for s in regio_stappen)
        delen.append(f"<table><caption>Rapporten over de hele regio {e(regionaam)}</caption><thead><tr>"
                     f'<th scope="col">Stap</th><th scope="col">Rapport</th></tr></thead><tbody>{rijen}</tbody>'
                     f"</table>")
    if gem_stappen:
        delen.append("<h2>Per gemeente</h2>")
        kop = "".join(f'<th scope="col">{e(s.naam)}</th>' for s in gem_stappen)
        rijen = "".join(
            f'<tr id="{e(anker(g.code))}"><th scope="row">{e(g.naam)} <small>({e(g.code)})</small></th>'
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
