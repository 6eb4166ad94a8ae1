"""Attack test for the disclosure control: from every number published for the demo regio, try to recompute
each suppressed cell ("<10", "<5", "•") exactly.

What an attacker reads: every table of every published HTML report (:func:`gepubliceerde_getallen`, the one
place that collects the published numbers per source; downloads of the tables can be read there too). What
an attacker knows about the reports: a regio column or row is the sum of the gemeenten; in the confrontatie
tekort = vraag − aanbod − plannen; the same figure (a gemeente's tekort, vraag, aanbod) appears in the
gemeente report and in the regio report; the prognose of an aandachtsgroep grows linearly with the flows
its method column names; a percentage times its denominator gives the count.

Every published number is an interval (its rounding), every suppressed cell an unknown; the equations are
propagated over the intervals until nothing changes. A suppressed cell whose interval then holds a single
whole number is *recovered*; it is compared with the true value from the result catalogue (parquet) where
the test knows where that value lives. The test fails on every recovered cell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from wzlib import catalogus as T
from wzlib import paden, resultaten
from wzlib.analyse import laad_gemeenten
from wzlib.groepen import GROEPEN, WOONVORMEN
from wzlib.params import laad_regio

pytestmark = pytest.mark.notebook

REGIO = "voorbeeldregio"
ONEINDIG = 1e12


# --------------------------------------------------------------------------------------------------
# reading published numbers
# --------------------------------------------------------------------------------------------------
@dataclass
class Cel:
    tekst: str
    soort: str  # getal | pct | primair | secundair | noemer | leeg | tekst
    waarde: float = math.nan
    marge: float = 0.0  # half the last published digit (rounding)


@dataclass
class Tabel:
    bron: str  # the published file (or download) the table comes from
    titel: str
    kolommen: list[str]
    rijen: list[list[Cel]]
    figuur: bool = False

    def kolom(self, naam: str) -> int | None:
        return self.kolommen.index(naam) if naam in self.kolommen else None

    def label(self, i: int) -> str:
        return self.rijen[i][0].tekst


_GETAL = re.compile(r"^[−-]?\d{1,3}(\.\d{3})*(,\d+)?$|^[−-]?\d+(,\d+)?$")


def lees_cel(tekst: str) -> Cel:
    """A published cell in Dutch notation: "1.234", "−5", "12,5%", "<10", "•", "n<50", "–"/"ontbreekt"."""
    t = tekst.replace("\u00a0", " ").strip()
    if re.fullmatch(r"<\d+", t):
        return Cel(t, "primair", marge=ONEINDIG)
    if t in ("•", "."):
        return Cel(t, "secundair", marge=ONEINDIG)
    if re.fullmatch(r"n<\d+", t):
        return Cel(t, "noemer")
    if t in ("", "–", "-", "ontbreekt", "onbekend"):
        return Cel(t, "leeg")
    pct = t.endswith("%")
    kern = t.rstrip("%").strip()
    if not _GETAL.match(kern):
        return Cel(t, "tekst")
    dec = len(kern.split(",")[1]) if "," in kern else 0
    x = float(kern.replace("−", "-").replace(".", "").replace(",", "."))
    if pct:
        return Cel(t, "pct", x / 100, 0.5 * 10 ** -dec / 100)
    return Cel(t, "getal", x, 0.5 * 10 ** -dec)


def _html_tabellen(pad: Path) -> list[Tabel]:
    return html_tabellen(pad.read_text(encoding="utf-8"), pad.name)


def html_tabellen(tekst: str, bron: str) -> list[Tabel]:
    """Every report table (``div.wz-tabel``) in an HTML text."""
    soup = BeautifulSoup(tekst, "html.parser")
    uit = []
    for div in soup.select("div.wz-tabel"):
        titel = div.find("caption").get_text(" ", strip=True) if div.find("caption") else ""
        koppen = [th.get_text(" ", strip=True) for th in div.select("thead th")]
        rijen = [[lees_cel(c.get_text(" ", strip=True)) for c in tr.find_all(["th", "td"])]
                 for tr in div.select("tbody tr")]
        uit.append(Tabel(bron, titel, koppen, rijen, figuur=titel == "Gegevens bij de figuur"))
    return uit


def gepubliceerde_getallen(html_map: Path) -> dict[str, list[Tabel]]:
    """Every published table per source (file name), numbers parsed. The hook for downloads: a published
    ``.csv``/``.xlsx`` of a table is read here as another source with the same :class:`Tabel` shape."""
    bronnen: dict[str, list[Tabel]] = {}
    for pad in sorted(html_map.glob("*.html")):
        tabellen = _html_tabellen(pad)
        if tabellen:
            bronnen[pad.name] = tabellen
    for pad in sorted([*html_map.rglob("*.csv"), *html_map.rglob("*.xlsx")]):
        bronnen[str(pad.relative_to(html_map))] = _download_tabellen(pad)
    return bronnen


def _download_tabellen(pad: Path) -> list[Tabel]:
    """A downloaded table (``;``-separated CSV or one sheet per table in XLSX), as published text cells."""
    import pandas as pd

    if pad.suffix == ".csv":
        bladen = {pad.stem: pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")}
    else:
        bladen = pd.read_excel(pad, sheet_name=None, dtype=str, keep_default_na=False)
    uit = []
    for naam, df in bladen.items():
        rijen = [[lees_cel(str(v)) for v in rij] for rij in df.itertuples(index=False, name=None)]
        uit.append(Tabel(pad.name, str(naam), [str(k) for k in df.columns], rijen))
    return uit


# --------------------------------------------------------------------------------------------------
# the attacker's model: cells, equations, interval propagation
# --------------------------------------------------------------------------------------------------
@dataclass
class Model:
    namen: dict[str, str]  # gemeentecode -> naam
    regio_naam: str
    heel: bool = False  # read a published whole number as exact (counts are whole numbers)
    doeljaar: int | None = None
    grenzen: dict = field(default_factory=dict)  # var -> [lo, hi]
    afgeschermd: dict = field(default_factory=dict)  # var -> (bron, titel, rij, kolom, marker)
    alias: dict = field(default_factory=dict)  # cell id -> semantic key (the same figure in several tables)
    lineair: list = field(default_factory=list)  # (list[(coef, var)], constant): sum coef*var = constant
    product: list = field(default_factory=list)  # (var, [(factor var or number)...], scale): var = scale*prod

    def var(self, tabel: Tabel, i: int, j: int, sleutel=None):
        cel_id = (tabel.bron, tabel.titel, i, j)
        if sleutel is not None:
            self.alias[cel_id] = sleutel
        v = self.alias.get(cel_id, cel_id)
        cel = tabel.rijen[i][j]
        lo, hi = self.grenzen.get(v, (-ONEINDIG, ONEINDIG))
        if cel.soort in ("getal", "pct"):
            marge = 0.0 if self.heel and cel.soort == "getal" and cel.marge == 0.5 else cel.marge
            lo, hi = max(lo, cel.waarde - marge), min(hi, cel.waarde + marge)
        elif cel.soort == "primair":  # 0 < x < grens (0 is shown as 0)
            grens = float(cel.tekst[1:])
            lo, hi = max(lo, 1.0 if self.heel else 0.0), min(hi, grens - 1 if self.heel else grens)
            self.afgeschermd[v] = (tabel.bron, tabel.titel, tabel.label(i), tabel.kolommen[j], cel.tekst)
        elif cel.soort == "secundair":
            self.afgeschermd.setdefault(v, (tabel.bron, tabel.titel, tabel.label(i), tabel.kolommen[j], cel.tekst))
        else:
            return None
        self.grenzen[v] = (lo, hi)
        return v

    def sleutel_var(self, sleutel):
        """The variable of a figure known by its semantic key (unbounded until a table shows it)."""
        self.grenzen.setdefault(sleutel, (-ONEINDIG, ONEINDIG))
        return sleutel

    def propageer(self, rondes: int = 60) -> None:
        for _ in range(rondes):
            oud = dict(self.grenzen)
            for termen, c in self.lineair:
                for k, (a, v) in enumerate(termen):
                    lo = hi = c
                    for m, (b, w) in enumerate(termen):
                        if m == k:
                            continue
                        wl, wh = self.grenzen[w]
                        lo, hi = lo - max(b * wl, b * wh), hi - min(b * wl, b * wh)
                    lo, hi = sorted((lo / a, hi / a))
                    self._beperk(v, lo, hi)
            for v, factoren, schaal in self.product:
                lo = hi = schaal
                for f in factoren:
                    fl, fh = self.grenzen[f] if not isinstance(f, float) else (f, f)
                    if fl < 0:
                        break
                    lo, hi = lo * fl, hi * fh
                else:
                    self._beperk(v, lo, hi)
            if oud == self.grenzen:
                break

    def _beperk(self, v, lo, hi) -> None:
        ol, oh = self.grenzen[v]
        if abs(lo) < ONEINDIG / 10 and lo > ol:
            ol = lo
        if abs(hi) < ONEINDIG / 10 and hi < oh:
            oh = hi
        self.grenzen[v] = (ol, oh)

    def teruggerekend(self) -> dict:
        """Suppressed cells pinned to one whole number: var -> (value, where)."""
        uit = {}
        for v, waar in self.afgeschermd.items():
            lo, hi = self.grenzen[v]
            if hi - lo < 1 and math.floor(lo + 0.5) == math.floor(hi + 0.5 - 1e-9):
                uit[v] = (math.floor(lo + 0.5), waar)
        return uit


def _som(m: Model, totaal, delen) -> None:
    delen = [d for d in delen if d is not None]
    if totaal is not None and delen:
        m.lineair.append(([(1.0, totaal), *((-1.0, d) for d in delen)], 0.0))


_NIET_OPTELBAAR = re.compile(r"%|per 1\.000|index|aandeel|groei|gini|norm|rang|jaar$|÷|gewicht|afstand",
                             re.IGNORECASE)


def _regels_lezen(m: Model, tabel: Tabel, gemeente: str | None, gecorrigeerd: bool = False) -> None:
    """Equations of one table: regio/total rows and columns, the confrontatie identity, linear growth of
    aandachtsgroepen, counts = share × denominator; semantic keys for figures shown in several reports."""
    namen = set(m.namen.values())
    wie = {v: k for k, v in m.namen.items()}
    kol = tabel.kolommen
    n = len(tabel.rijen)
    vars_ = [[m.var(tabel, i, j) if j < len(tabel.rijen[i]) else None for j in range(len(kol))] for i in range(n)]

    def zet(i, j, sleutel):
        vars_[i][j] = m.var(tabel, i, j, sleutel)

    titel = tabel.titel
    # the same figure in several reports (semantic keys)
    if titel.startswith("Vraag, aanbod en tekort per woonvorm in"):
        # with partner corrections the report shows the overview before and after; the results (and the
        # regio) hold the figures after, so those carry the keys
        g = "regio" if titel.startswith("Vraag, aanbod en tekort per woonvorm in regio") else gemeente
        if gecorrigeerd and "na correcties" not in titel:
            g = (g, "voor correcties")
        for i in range(n):
            wv = tabel.label(i)
            for j, k in enumerate(kol):
                if k == "Aanbod nu":
                    zet(i, j, ("aanbod", g, wv))
                elif mt := re.fullmatch(r"(Vraag|Tekort) (\d{4})", k):
                    zet(i, j, (mt[1].lower(), g, wv, int(mt[2])))
                elif mt := re.fullmatch(r"Plannen t/m (\d{4})", k):
                    zet(i, j, ("plan", g, wv, int(mt[1])))
    if mt := re.match(r"Tekort \(\+\) of overschot \(−\) na plannen per gemeente, (\d{4})", titel):
        for i in range(n):
            for j, k in enumerate(kol):
                naam = k.removesuffix(" (ontbreekt)")
                if naam in wie or k == "Regio":
                    zet(i, j, ("tekort", wie.get(naam, "regio"), tabel.label(i), int(mt[1])))
    if mt := re.match(r"Tekort \(\+\) of overschot \(−\) per 1\.000 inwoners, (\d{4})", titel):
        # a rate per gemeente: tekort = rate × inwoners / 1000 (the regio rate is over the inhabitants of the
        # gemeenten with a figure: not used)
        for i in range(n):
            for j, k in enumerate(kol):
                naam = k.removesuffix(" (ontbreekt)")
                if naam in wie and vars_[i][j] is not None:
                    m.product.append((m.sleutel_var(("tekort", wie[naam], tabel.label(i), int(mt[1]))),
                                      [vars_[i][j], m.sleutel_var(("inwoners", wie[naam]))], 0.001))
    if titel.startswith("Tekort met plannen in"):
        for i in range(n):
            for j, k in enumerate(kol):
                if mt := re.fullmatch(r"Tekort (\d{4}) midden", k):
                    zet(i, j, ("tekort", gemeente, tabel.label(i), int(mt[1])))
    if titel.startswith(("Ambitie tegen tekort in het doeljaar", "Prioriteiten uit de analyse")) and gemeente:
        # Stap 6 – Ambities: the tekort midden of a woonvorm in a year is the confrontatie's
        w, jr, t = tabel.kolom("Woonvorm"), tabel.kolom("Doeljaar") or tabel.kolom("Jaar"), tabel.kolom("Tekort midden")
        for i in range(n):
            if None not in (w, jr, t) and re.fullmatch(r"\d{4}", tabel.rijen[i][jr].tekst):
                zet(i, t, ("tekort", gemeente, tabel.rijen[i][w].tekst, int(tabel.rijen[i][jr].tekst)))
    if titel.startswith("Vraag per woonvorm in") and gemeente:
        for i in range(n):
            for j, k in enumerate(kol):
                if re.fullmatch(r"\d{4}", k):
                    zet(i, j, ("vraag", gemeente, tabel.label(i), int(k)))
    if titel.startswith("Ouderen in") and "Inwoners" in kol and gemeente:
        for i in range(n):
            if tabel.label(i) in wie:
                zet(i, kol.index("Inwoners"), ("inwoners", wie[tabel.label(i)]))
    if titel.startswith("Omvang van de groepen in") and gemeente:
        for i in range(n):
            for j, k in enumerate(kol):
                if k in ("Aantal", "Regio: aantal"):
                    zet(i, j, ("omvang", gemeente if k == "Aantal" else "regio", tabel.label(i)))
            pj = tabel.kolom("Per 1.000 inwoners")
            a = tabel.kolom("Aantal")
            if None not in (pj, a) and vars_[i][pj] is not None and vars_[i][a] is not None:
                m.product.append((vars_[i][a], [vars_[i][pj], m.sleutel_var(("inwoners", gemeente))], 0.001))
    if titel.startswith("Aantallen, dichtheden en aandelen per groep en gemeente"):
        a, g, ar, pj = (tabel.kolom(k) for k in ("Aantal", "Gemeente", "Aandeel in de regio", "Per 1.000 inwoners"))
        for i in range(n):
            code = wie.get(tabel.rijen[i][g].tekst)
            groep = tabel.label(i)
            zet(i, a, ("omvang", code, groep))
            if vars_[i][a] is None:
                continue
            if vars_[i][ar] is not None:
                m.product.append((vars_[i][a], [vars_[i][ar], m.sleutel_var(("omvang", "regio", groep))], 1.0))
            if vars_[i][pj] is not None:
                m.product.append((vars_[i][a], [vars_[i][pj], m.sleutel_var(("inwoners", code))], 0.001))
    # confrontatie identity per row: tekort J = vraag J - aanbod - plannen t/m J
    a = tabel.kolom("Aanbod nu")
    if a is not None:
        for k in kol:
            if mt := re.fullmatch(r"Tekort (\d{4})", k):
                v, p = tabel.kolom(f"Vraag {mt[1]}"), tabel.kolom(f"Plannen t/m {mt[1]}")
                t = tabel.kolom(k)
                for i in range(n):
                    if v is not None and vars_[i][t] is not None and vars_[i][v] is not None and vars_[i][a] is not None:
                        _som(m, vars_[i][v], [vars_[i][t], vars_[i][a], vars_[i][p] if p is not None else None])
    if {"Vraag", "Aanbod", "Plannen", "Tekort (+) / overschot (-)"} <= set(kol):
        v, a2, p, t = (tabel.kolom(k) for k in ("Vraag", "Aanbod", "Plannen", "Tekort (+) / overschot (-)"))
        for i in range(n):
            if None not in (vars_[i][v], vars_[i][a2], vars_[i][t]):
                _som(m, vars_[i][v], [vars_[i][t], vars_[i][a2], vars_[i][p]])
    # aandachtsgroepen: x(J) - x(start) = (J - start) * (instroom - uitstroom) from the method column
    if titel.startswith("Aandachtsgroepen in") and "aantal start" in kol:
        s, mcol, sj = kol.index("aantal start"), tabel.kolom("methode"), tabel.kolom("startjaar")
        jaren = [(j, int(k)) for j, k in enumerate(kol) if re.fullmatch(r"\d{4}", k)]
        for i in range(n):
            methode = tabel.rijen[i][mcol].tekst if mcol is not None else ""
            start = int(tabel.rijen[i][sj].tekst) if sj is not None else None
            groep = tabel.label(i)
            zet(i, s, ("groep", gemeente, groep, start))
            for j, jaar in jaren:
                zet(i, j, ("groep", gemeente, groep, jaar))
            if mt := re.search(r"\(([\d.,]+) − ([\d.,]+) per jaar\)", methode):
                netto = lees_cel(mt[1]).waarde - lees_cel(mt[2]).waarde
                for j, jaar in jaren:
                    if vars_[i][j] is not None and vars_[i][s] is not None:
                        m.lineair.append(([(1.0, vars_[i][j]), (-1.0, vars_[i][s])], (jaar - start) * netto))
            if ("instroom" in methode or "constant" in methode) and len(jaren) >= 2:
                # linear in time: the start follows from two later values (x0 = 2*x10 - x20 for steps 10, 20)
                (j1, y1), (j2, y2) = jaren[:2]
                if None not in (vars_[i][s], vars_[i][j1], vars_[i][j2]) and start is not None:
                    f = (y1 - start) / (y2 - start)
                    m.lineair.append(([(1.0, vars_[i][j1]), (-(1 - f), vars_[i][s]), (-f, vars_[i][j2])], 0.0))
    # column totals: a row labelled with the regio (or Totaal) is the sum of the gemeente rows
    labels = [tabel.label(i) for i in range(n)]
    totaalrijen = [i for i, lb in enumerate(labels) if lb in ("Totaal", "Regio", m.regio_naam)
                   or lb.startswith(m.regio_naam + " (")]
    gemeenterijen = [i for i, lb in enumerate(labels) if lb.removesuffix(" (ontbreekt)") in namen]
    if totaalrijen and len(gemeenterijen) >= 2:
        for j, k in enumerate(kol):
            if j == 0 or _NIET_OPTELBAAR.search(k) or "ongewogen" in labels[totaalrijen[0]]:
                continue
            _som(m, vars_[totaalrijen[0]][j], [vars_[i][j] for i in gemeenterijen])
    # row totals: a Regio column is the sum of the gemeente columns
    gemeentekolommen = [j for j, k in enumerate(kol) if k.removesuffix(" (ontbreekt)") in namen]
    for j, k in enumerate(kol):
        if _NIET_OPTELBAAR.search(titel):
            break  # rates or indices per gemeente: a Regio column is not their sum
        if k in ("Regio", "Regio (som bekende)", "Totaal") and len(gemeentekolommen) >= 2:
            for i in range(n):
                _som(m, vars_[i][j], [vars_[i][g] for g in gemeentekolommen])
    # count = share × denominator in the same row
    noemer = next((j for j, k in enumerate(kol) if k.lower() in ("inwoners", "woningvoorraad")), None)
    for j, k in enumerate(kol):
        teller = None
        if k.endswith(" (%)"):
            teller = tabel.kolom(k.removesuffix(" (%)"))
        elif k.startswith("Aandeel ") and tabel.kolom(k.removeprefix("Aandeel ")) is not None:
            teller = tabel.kolom(k.removeprefix("Aandeel "))
        if teller is not None and noemer is not None:
            for i in range(n):
                if None not in (vars_[i][teller], vars_[i][j], vars_[i][noemer]):
                    m.product.append((vars_[i][teller], [vars_[i][j], vars_[i][noemer]], 1.0))


def aanval(bronnen: dict[str, list[Tabel]], namen: dict[str, str], regio_naam: str) -> dict:
    """Recovered cells (var -> (value, where)) under two readings: every published number is its rounding
    interval, or every published whole number is exact (counts are whole numbers)."""
    uit = {}
    for heel in (False, True):
        uit.update(_aanval(bronnen, namen, regio_naam, heel).teruggerekend())
    return uit


def _aanval(bronnen: dict[str, list[Tabel]], namen: dict[str, str], regio_naam: str, heel: bool) -> Model:
    m = Model(namen=namen, regio_naam=regio_naam, heel=heel)
    for bron, tabellen in bronnen.items():
        code = bron.split("_")[0] if bron.startswith("GM") else None
        gecorrigeerd = any("na correcties" in t.titel for t in tabellen)
        for t in tabellen:
            if not t.figuur:
                _regels_lezen(m, t, code, gecorrigeerd)
    # the regio count of a groep is the sum of the gemeenten (each shown in its own report)
    for sleutel in [k for k in m.grenzen if isinstance(k, tuple) and k[:2] == ("omvang", "regio")]:
        delen = [("omvang", c, sleutel[2]) for c in namen if ("omvang", c, sleutel[2]) in m.grenzen]
        _som(m, sleutel, delen)
    m.propageer()
    return m


# --------------------------------------------------------------------------------------------------
# the true values (result catalogue)
# --------------------------------------------------------------------------------------------------
def _waarheid(regio_map: Path, gemeenten) -> dict:
    """Semantic key -> true value, for the figures the attack links across reports."""
    uit = {}
    for g in gemeenten:
        gp = resultaten.lees(regio_map, g.code, T.GROEPEN_PROGNOSE)
        for r in gp.itertuples():
            label = GROEPEN[r.groep].label if r.groep in GROEPEN else r.groep
            uit[("groep", g.code, label, int(r.jaar))] = float(r.aantal)
        om = resultaten.lees(regio_map, g.code, T.GROEPEN_OMVANG)
        for r in om.itertuples():
            if not pd.isna(r.aantal):
                uit[("omvang", g.code, r.label)] = r.aantal
                uit[("omvang", "regio", r.label)] = uit.get(("omvang", "regio", r.label), 0.0) + float(r.aantal)
        conf = resultaten.lees(regio_map, g.code, T.CONFRONTATIE)
        for r in conf[conf["variant"] == "midden"].itertuples():
            label = WOONVORMEN[r.woonvorm].label
            uit[("vraag", g.code, label, int(r.jaar))] = r.vraag
            uit[("tekort", g.code, label, int(r.jaar))] = r.tekort_met_plan
            uit[("plan", g.code, label, int(r.jaar))] = r.plan_cumulatief
            uit[("aanbod", g.code, label)] = r.aanbod
    som = resultaten.lees(regio_map, paden.REGIO, T.CONFRONTATIE_REGIO)
    for r in som[som["variant"] == "midden"].itertuples():
        label = WOONVORMEN[r.woonvorm].label
        uit[("vraag", "regio", label, int(r.jaar))] = r.vraag
        uit[("tekort", "regio", label, int(r.jaar))] = r.tekort_met_plan
        uit[("plan", "regio", label, int(r.jaar))] = r.plan_cumulatief
        uit[("aanbod", "regio", label)] = r.aanbod
    return {k: float(v) for k, v in uit.items() if not pd.isna(v)}


def _beschrijf(v, waarde, waar, waarheid) -> str:
    echt = waarheid.get(v)
    echt_tekst = "waarheid niet opgezocht" if echt is None else f"echt {echt:g}"
    return f"{waar[0]} | {waar[1]} | rij '{waar[2]}' kolom '{waar[3]}' ({waar[4]}): teruggerekend {waarde} ({echt_tekst})"


@pytest.fixture(scope="module")
def gepubliceerd(demo_gepubliceerd):
    regio_map = paden.uitvoer_regio(demo_gepubliceerd, REGIO)  # read only
    rp = laad_regio(REGIO)
    gemeenten = laad_gemeenten(rp)
    return regio_map, gepubliceerde_getallen(paden.html_map(regio_map)), {g.code: g.naam for g in gemeenten}, \
        rp.naam, gemeenten


def test_lees_cel_nederlandse_notatie():
    assert (lees_cel("1.234").waarde, lees_cel("1.234").marge) == (1234, 0.5)
    assert lees_cel("−5").waarde == -5 and lees_cel("12,5%").soort == "pct"
    assert abs(lees_cel("12,5%").waarde - 0.125) < 1e-12 and abs(lees_cel("40,0%").marge - 0.0005) < 1e-12
    assert [lees_cel(t).soort for t in ("<10", "<5", "•", "n<50", "ontbreekt", "–", "ja")] == \
        ["primair", "primair", "secundair", "noemer", "leeg", "leeg", "tekst"]


def test_aanval_vindt_een_onbeschermde_cel():
    """The attack itself works: a hand-made table with a suppressed part next to its shown total."""
    t = Tabel("x.html", "t", ["Gemeente", "Aantal"],
              [[lees_cel("A"), lees_cel("<10")], [lees_cel("B"), lees_cel("25")], [lees_cel("R"), lees_cel("32")]])
    assert [w for w, _ in aanval({"x.html": [t]}, {"GM1": "A", "GM2": "B"}, "R").values()] == [7]
    t2 = Tabel("y.html", "Aandachtsgroepen in A: nu en over 10 en 20 jaar",
               ["groep", "startjaar", "aantal start", "2034", "2044", "methode"],
               [[lees_cel("g"), lees_cel("2024"), lees_cel("<10"), lees_cel("14"), lees_cel("24"),
                 lees_cel("instroom − uitstroom uit de lokale invoer (2 − 1 per jaar)")]])
    assert [w for w, _ in aanval({"GM1_y.html": [t2]}, {"GM1": "A"}, "R").values()] == [4]


def test_geen_afgeschermde_cel_is_terug_te_rekenen(gepubliceerd):
    regio_map, bronnen, namen, regio_naam, gemeenten = gepubliceerd
    assert len(bronnen) >= 20 and sum(len(t) for t in bronnen.values()) > 100  # 6 gemeenten x 4 + 2 regio
    m = _aanval(bronnen, namen, regio_naam, heel=True)
    assert len(m.afgeschermd) > 20 and len(m.lineair) > 50  # the attack has something to work with
    waarheid = _waarheid(regio_map, gemeenten)
    lekken, mis = [], []
    for v, (waarde, waar) in aanval(bronnen, namen, regio_naam).items():
        echt = waarheid.get(v)
        if echt is not None and round(echt) != waarde:
            mis.append(_beschrijf(v, waarde, waar, waarheid))  # a wrong guess of the attacker: no leak
        else:
            lekken.append(_beschrijf(v, waarde, waar, waarheid))
    assert not lekken, f"{len(lekken)} afgeschermde cel(len) terug te rekenen:\n" + "\n".join(sorted(lekken))


def test_geen_percentage_op_een_kleine_noemer(gepubliceerd):
    """A percentage is never shown in a row whose denominator (inwoners) is below 50."""
    _, bronnen, *_ = gepubliceerd
    fout = []
    for bron, tabellen in bronnen.items():
        for t in tabellen:
            j = t.kolom("Inwoners") if t.kolom("Inwoners") is not None else t.kolom("inwoners")
            if j is None:
                continue
            for rij in t.rijen:
                n = rij[j]
                klein = n.soort == "primair" or (n.soort == "getal" and n.waarde < 50)
                if klein and any(c.soort == "pct" for c in rij):
                    fout.append(f"{bron} | {t.titel} | {rij[0].tekst}: inwoners {n.tekst}, "
                                + ", ".join(c.tekst for c in rij if c.soort == "pct"))
    assert not fout, "percentages op een noemer onder 50:\n" + "\n".join(fout)
