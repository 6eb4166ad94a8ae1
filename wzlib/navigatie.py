"""Navigation of the published reports: breadcrumb, previous/next step, the same step elsewhere, downloads.

Every report gets, at the top, a breadcrumb (regio → gemeente → stap, each a link back into the index)
and its downloads, and at the bottom the previous and next step of the same gemeente (registry order,
which is also the order of the index), the same step for the other gemeenten, the regio reports and a
link back to the index. Only published reports are linked. Pure functions over :class:`Plek`; all
links are relative within ``html/``.
"""

from __future__ import annotations

import html as htmlmod
from dataclasses import dataclass

from . import paden
from .stappen import Stap
from .verantwoording import VERANTWOORDING


@dataclass(frozen=True)
class Plek:
    """One published report: who (GMxxxx or regio), the gemeente's name, the step and its file name."""

    wie: str
    naam: str
    stap: Stap
    bestand: str  # e.g. "GM9901_heidewoude_<notebook>.html"

    @property
    def per_regio(self) -> bool:
        return self.wie == paden.REGIO

    @property
    def stam(self) -> str:
        return self.bestand.removesuffix(".html")


def e(v: str) -> str:
    return htmlmod.escape(v, quote=True)


def anker(wie: str) -> str:
    """The id of a gemeente's row in the index (``#gm9901``; the regio block is ``#regio``)."""
    return wie.lower()


def downloads(plek: Plek, pdf: bool) -> list[tuple[str, str]]:
    """(label, href) of the report's downloads."""
    uit = [("Tabellen in Excel", f"{plek.stam}.xlsx"), ("Tabellen als CSV (zip)", f"{plek.stam}_csv.zip")]
    if pdf:
        uit.append(("Rapport als PDF", f"{plek.stam}.pdf"))
    return uit


def boven(plek: Plek, regionaam: str, pdf: bool = False) -> str:
    """Breadcrumb and downloads (one HTML block without blank lines, for a markdown cell)."""
    kruimel = [f'<li><a href="../{paden.INDEX}">Regio {e(regionaam)}</a></li>']
    if not plek.per_regio:
        kruimel.append(f'<li><a href="../{paden.INDEX}#{anker(plek.wie)}">{e(plek.naam)}</a></li>')
    kruimel.append(f'<li aria-current="page">{e(plek.stap.naam)}</li>')
    dl = " · ".join(f'<a href="{e(h)}" download>{e(t)}</a>' for t, h in downloads(plek, pdf))
    kop = plek.stap.naam + ("" if plek.per_regio else f" — {plek.naam}") + f" — regio {regionaam}"
    css = kop.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    printkop = ('<style>@media print { @page { @top-left { content: "' + css + '"; font-size: 8pt; color: #444; } '
                '@bottom-right { content: "pagina " counter(page) " van " counter(pages); font-size: 8pt; '
                "color: #444; } } }</style>")
    return (printkop + f'<nav class="wz-kruimel" aria-label="Kruimelpad"><ol>{"".join(kruimel)}</ol></nav>'
            f'<p class="wz-downloads"><strong>Downloads:</strong> {dl}</p>')


def vorige_volgende(plek: Plek, alle: list[Plek]) -> tuple[Plek | None, Plek | None]:
    """The previous and next published report of the same gemeente (or of the regio), registry order."""
    reeks = [p for p in alle if p.wie == plek.wie]
    i = reeks.index(plek)
    return (reeks[i - 1] if i > 0 else None), (reeks[i + 1] if i + 1 < len(reeks) else None)


def onder(plek: Plek, alle: list[Plek], regionaam: str) -> str:
    """Previous/next, the same step for other gemeenten, the regio reports, back to the index."""
    vorige, volgende = vorige_volgende(plek, alle)
    delen = ['<nav class="wz-stappen" aria-label="Stappen">']
    if vorige:
        delen.append(f'<a class="wz-vorige" rel="prev" href="{e(vorige.bestand)}">← Vorige: {e(vorige.stap.naam)}</a>')
    if volgende:
        delen.append(f'<a class="wz-volgende" rel="next" href="{e(volgende.bestand)}">Volgende: '
                     f'{e(volgende.stap.naam)} →</a>')
    delen.append("</nav>")
    anderen = [p for p in alle if p.stap.sleutel == plek.stap.sleutel and p.wie != plek.wie and not p.per_regio]
    if anderen and not plek.per_regio:
        delen.append(f'<nav class="wz-anderen" aria-label="Andere gemeenten"><strong>{e(plek.stap.naam)} voor:</strong> '
                     + " · ".join(f'<a href="{e(p.bestand)}">{e(p.naam)}</a>' for p in anderen) + "</nav>")
    if plek.per_regio:
        gem = [p for p in alle if not p.per_regio and p.stap.nummer == plek.stap.nummer]
        if gem:
            delen.append(f'<nav class="wz-anderen" aria-label="Per gemeente"><strong>Per gemeente:</strong> '
                         + " · ".join(f'<a href="{e(p.bestand)}">{e(p.naam)}</a>' for p in gem) + "</nav>")
    else:
        regio = [p for p in alle if p.per_regio]
        if regio:
            delen.append('<nav class="wz-anderen" aria-label="Regio"><strong>Over de hele regio:</strong> '
                         + " · ".join(f'<a href="{e(p.bestand)}">{e(p.stap.naam)}</a>' for p in regio) + "</nav>")
    delen.append(f'<p class="wz-terug"><a href="../{paden.INDEX}">Terug naar het overzicht van regio '
                 f'{e(regionaam)}</a> · <a href="../{VERANTWOORDING}">Verantwoording</a></p>')
    return "".join(delen)
