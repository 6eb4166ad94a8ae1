"""Foutencorpus, beveiliging: namen van buiten in gepubliceerde HTML, caches die code zouden kunnen draaien,
bestandsrechten van gepubliceerde bestanden.

De XSS-gevallen draaien één keer een kleine kopie van de voorbeeldregio (één gemeente, de stappen omvang,
aanbod, prognose en confrontatie) met kwaadaardige namen in het regiobestand, in ``gemeenten.csv``, in
``wijken.csv``, in de bronkolom en in de ``partner``-cellen van teruggestuurde reviewbladen, publiceren
het resultaat en lezen de HTML terug met ``html.parser``: de tekst moet letterlijk zichtbaar zijn en er mag
geen element of attribuut uit de invoer in de HTML staan.
"""

from __future__ import annotations

import ast
import json
import os
import pickle
import shutil
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from conftest import gedeeld
from foutcorpus import Geval
from wzlib.veilig import md_tekst, ontsmet_markdown

ROOT = Path(__file__).resolve().parents[1]

PARTNER = "Zorgkantoor <svg onload=alert(7)>"
PARTNER_LINK = "Woonstichting [klik](javascript:alert(6))"
GEMEENTE = "Heidewoude <iframe srcdoc=x onload=alert(8)>"
REGIO = "Regio <iframe srcdoc=y onload=alert(9)>"
BRON = "BRP <script>alert(5)</script>"
WIJK = "<img src=x onerror=alert(4)>"  # a wijk name (wijken.csv), shown in stap aanbod's sentence
VERBODEN_TAGS = {"iframe", "script", "img", "svg"}
VERBODEN_ATTR = {"onload", "onerror", "srcdoc"}

GEVALLEN = [
    Geval("sec-xss-partner", "Beveiliging",
          f"partnernaam `{PARTNER}` in de kolom partner van een teruggestuurd reviewblad (blad Reactie)",
          "de naam staat letterlijk als tekst in het confrontatierapport ('partner(s) hebben gereageerd'); geen "
          "svg-element en geen onload-attribuut in de HTML"),
    Geval("sec-xss-partner-link", "Beveiliging",
          f"partnernaam met een Markdown-link naar javascript: `{PARTNER_LINK}`",
          "de naam staat letterlijk als tekst; er is geen link naar javascript:"),
    Geval("sec-xss-gemeente", "Beveiliging",
          f"gemeentenaam `{GEMEENTE}` in gemeenten.csv van een invoermap",
          "de naam staat letterlijk in 'Over dit rapport' van elk rapport; geen iframe, srcdoc of onload"),
    Geval("sec-xss-regio", "Beveiliging", f"regionaam `{REGIO}` (sleutel naam in het regiobestand)",
          "letterlijk als tekst in 'Over dit rapport' en in de titel van elk rapport; geen iframe"),
    Geval("sec-xss-bron", "Beveiliging", f"bronkolom `{BRON}` in bevolking.csv",
          "letterlijk als tekst in de bronregels en de verantwoording; geen script-element"),
    Geval("sec-xss-wijk", "Beveiliging", f"wijknaam `{WIJK}` in wijken.csv",
          "letterlijk als tekst in de zin over voorzieningen en in de wijktabel; geen img-element"),
    Geval("sec-markdown-uitvoer", "Beveiliging",
          "een Markdown-uitvoer van een notebook met een ruwe HTML-tag of een javascript:-link (een naam die niet "
          "via md_tekst liep)",
          "publiceren zet de tag om in tekst en blokkeert de link; codeblokken blijven ongewijzigd"),
    Geval("sec-pickle-cache", "Beveiliging",
          "een geplant bestand data/cache/lokaal/<sleutel>/lokaal.pkl dat bij uitpakken code draait",
          "de toolkit leest geen pickle (caches zijn parquet en JSON): het bestand wordt genegeerd, de code "
          "draait niet"),
    Geval("sec-bestandsrechten", "Beveiliging",
          "gepubliceerde rapporten op een gedeelde schijf of webserver (mkstemp maakt 0600)",
          "elk gepubliceerd bestand krijgt de gewone rechten van de umask (0666 & ~umask)"),
]


class _Html(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.tekst: list[str] = []
        self._titel = False
        self.titel = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._titel = tag == "title"

    def handle_endtag(self, tag):
        self._titel = False

    def handle_data(self, data):
        self.tekst.append(data)
        if self._titel:
            self.titel += data


def _lees(pad: Path) -> _Html:
    p = _Html()
    p.feed(pad.read_text(encoding="utf-8"))
    return p


def _maak_project(tmp: Path) -> Path:
    """A copy of the demo data with hostile names; returns the regio file."""
    bron = tmp / "bron"
    shutil.copytree(ROOT / "data" / "voorbeeld", bron, ignore=shutil.ignore_patterns("geo", "*.py", "README.md"))
    for pad in [*bron.glob("*.csv"), *(bron / "lokaal").glob("*.csv")]:
        t = pad.read_text(encoding="utf-8").replace("Heidewoude-Kern", WIJK).replace("Heidewoude", GEMEENTE)
        if pad.parent.name == "lokaal":  # the regio is GM9901 only
            regels = t.splitlines()
            t = "\n".join([regels[0], *(r for r in regels[1:] if r.startswith("GM9901,"))]) + "\n"
        if pad.name == "bevolking.csv":
            t = t.replace("FICTIEF — voorbeeldregio woonzorganalyse", BRON)
        pad.write_text(t, encoding="utf-8")
    for pad, naam in ((bron / "partners" / "reviewblad_zorgkantoor-voorbeeld.xlsx", PARTNER),
                      (bron / "partners" / "reviewblad_woonstichting-voorbeeld.xlsx", PARTNER_LINK)):
        wb = openpyxl.load_workbook(pad)
        ws = wb["Reactie"]
        kol = [c.value for c in ws[1]].index("partner") + 1
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, kol).value:
                ws.cell(r, kol).value = naam
        wb.save(pad)
    regio = tmp / "params" / "regios" / "r.yaml"
    regio.parent.mkdir(parents=True)
    regio.write_text(f"naam: '{REGIO}'\npeiljaar: 2024\nfictief: true\nbron: {{soort: voorbeeld, map: {bron}}}\n"
                     f"lokaal: {bron / 'lokaal'}\nkengetallen_bestand: {ROOT / 'params' / 'kengetallen.yaml'}\n"
                     "gemeenten: [GM9901]\n", encoding="utf-8")
    return regio


@pytest.fixture(scope="module")
def gepubliceerd(tmp_path_factory) -> tuple[list[Path], int]:
    """Run omvang, aanbod, prognose and confrontatie for the one gemeente and publish; (html files, umask).
    Made once per session, shared by the xdist workers (read only)."""
    from wzlib import batch, publiceren, stappen

    def maak(tmp: Path) -> None:
        regio = _maak_project(tmp)
        uit = tmp / "outputs"
        res = batch.run(str(regio), stappen=[s.sleutel for s in (stappen.OMVANG, stappen.AANBOD, stappen.PROGNOSE,
                                                                   stappen.CONFRONTATIE)],
                        uitvoer_root=uit, notebooks_map=ROOT / "notebooks", workers=2, toon_voortgang=False)
        assert res.exitcode == 0, res.tabel()
        huidig = os.umask(0o022)
        try:
            bestanden = publiceren.publiceer(str(regio), uitvoer_root=uit)
        finally:
            os.umask(huidig)
        (tmp / "bestanden.json").write_text(json.dumps([str(p) for p in bestanden]), encoding="utf-8")

    tmp = gedeeld(tmp_path_factory, "publicatie-xss", maak)
    return [Path(p) for p in json.loads((tmp / "bestanden.json").read_text(encoding="utf-8"))], 0o022


def _html(bestanden: list[Path], deel: str) -> list[_Html]:
    gevonden = [_lees(p) for p in bestanden if p.suffix == ".html" and deel in p.name]
    assert gevonden, f"geen gepubliceerd rapport met '{deel}' in de naam: {[p.name for p in bestanden]}"
    return gevonden


def _geen_invoer_in_html(h: _Html) -> None:
    for tag, attrs in h.tags:
        assert tag not in {"iframe", "script"} or not attrs.get("srcdoc"), (tag, attrs)
        assert not (VERBODEN_ATTR & set(attrs)), f"attribuut uit de invoer in de HTML: <{tag} {attrs}>"
        assert tag != "iframe", f"iframe in de HTML: {attrs}"
        for naam, waarde in attrs.items():
            assert "javascript:" not in str(waarde).lower(), f"<{tag} {naam}={waarde!r}>"
    assert not any(tag == "img" and a.get("src") == "x" for tag, a in h.tags)


def _tekst(h: _Html) -> str:
    return " ".join(" ".join(h.tekst).split())


def _xss(request, geval_id: str) -> None:
    bestanden, _ = request.getfixturevalue("gepubliceerd")
    for h in (_lees(p) for p in bestanden if p.suffix == ".html"):
        _geen_invoer_in_html(h)
    if geval_id == "sec-xss-partner":
        h = _html(bestanden, "50_confrontatie")[0]
        assert PARTNER in _tekst(h) and "hebben gereageerd" in _tekst(h)
    elif geval_id == "sec-xss-partner-link":
        h = _html(bestanden, "50_confrontatie")[0]
        assert PARTNER_LINK in _tekst(h)
        # (file names may contain the slug of a hostile name, e.g. '...-alert-8_50_confrontatie.xlsx': harmless)
        assert not any(t == "a" and "javascript:" in (a.get("href") or "").lower().replace(" ", "") for t, a in h.tags)
    elif geval_id == "sec-xss-gemeente":
        for h in _html(bestanden, "GM9901_"):
            assert f"gemeente {GEMEENTE} (GM9901)" in _tekst(h)
    elif geval_id == "sec-xss-regio":
        for h in _html(bestanden, "GM9901_"):
            assert f"regio {REGIO} (1 gemeenten" in _tekst(h)
            assert REGIO in h.titel
    elif geval_id == "sec-xss-bron":
        assert BRON in _tekst(_html(bestanden, "10_omvang")[0])
    elif geval_id == "sec-xss-wijk":
        assert WIJK in _tekst(_html(bestanden, "20_aanbod")[0])


def _markdown_uitvoer(request, tmp_path):
    md = "Naam <svg onload=alert(1)> en [x](javascript:alert(2)) en `<regio>` en <10 en > citaat"
    uit = ontsmet_markdown(md)
    assert "<svg" not in uit and "&lt;svg onload=alert(1)>" in uit
    assert "javascript:" not in uit
    assert "`<regio>`" in uit and "<10" in uit  # code spans and '<10' (no tag) stay as they are
    assert ontsmet_markdown(uit) == uit  # idempotent: nothing escaped twice
    assert ontsmet_markdown(md_tekst("a <b> & [c](d)")) == md_tekst("a <b> & [c](d)")
    assert md_tekst("Súdwest-Fryslân ('s-Graveland)") == "Súdwest-Fryslân ('s-Graveland)"
    assert md_tekst("a*b_c\n[d]") == r"a\*b\_c \[d\]"


def _pickle_cache(request, tmp_path):
    from wzlib import analyse, paden
    from wzlib.params import Gemeente, laad_regio

    regio = _maak_project(tmp_path)
    rp = laad_regio(str(regio))
    gemeenten = [Gemeente(code="GM9901", naam=GEMEENTE)]
    eerst = analyse.laad_lokaal(rp, gemeenten)
    cache = paden.cache_map(Path(rp.root)) / "lokaal"
    mappen = [p for p in cache.iterdir() if p.is_dir()]
    assert mappen and all((m / "lokaal.json").exists() for m in mappen)
    assert not list(cache.rglob("*.pkl")), "de cache hoort parquet en JSON te zijn, geen pickle"
    vlag = tmp_path / "GEHACKT"

    class Bom:
        def __reduce__(self):
            return (Path.write_text, (vlag, "code gedraaid"))

    for m in mappen:
        (m / "lokaal.pkl").write_bytes(pickle.dumps(Bom()))
        for n in ("aanbod", "aandachtsgroepen"):
            (m / f"{n}.pkl").write_bytes(pickle.dumps(Bom()))
    weer = analyse.laad_lokaal(rp, gemeenten)
    assert not vlag.exists()
    assert weer.aanbod.equals(eerst.aanbod)
    # and no module of the toolkit imports pickle at all
    for py in (ROOT / "wzlib").rglob("*.py"):
        boom = ast.parse(py.read_text(encoding="utf-8"))
        namen = {a.name for n in ast.walk(boom) if isinstance(n, (ast.Import, ast.ImportFrom))
                 for a in n.names} | {n.module for n in ast.walk(boom) if isinstance(n, ast.ImportFrom)}
        assert not ({"pickle", "dill", "cloudpickle", "joblib"} & namen), py


def test_atomair_schrijven_volgt_de_umask(tmp_path):
    from wzlib import paden

    huidig = os.umask(0o027)
    try:
        paden.atomair_tekst(tmp_path / "a.html", "x")
        assert (tmp_path / "a.html").stat().st_mode & 0o777 == 0o666 & ~0o027
    finally:
        os.umask(huidig)


def _bestandsrechten(request, tmp_path):
    bestanden, umask = request.getfixturevalue("gepubliceerd")
    assert any(p.suffix == ".html" for p in bestanden)
    for p in bestanden:
        if p.is_file():
            assert p.stat().st_mode & 0o777 == 0o666 & ~umask, (p, oct(p.stat().st_mode))


CONTROLES = {"sec-markdown-uitvoer": _markdown_uitvoer, "sec-pickle-cache": _pickle_cache,
             "sec-bestandsrechten": _bestandsrechten}
MET_RUN = {g.id for g in GEVALLEN if g.id.startswith("sec-xss")} | {"sec-bestandsrechten"}


@pytest.mark.parametrize("geval", [pytest.param(g, id=g.id, marks=[pytest.mark.notebook] if g.id in MET_RUN else [])
                                   for g in GEVALLEN])
def test_geval(geval, request, tmp_path):
    if geval.id.startswith("sec-xss"):
        _xss(request, geval.id)
    else:
        CONTROLES[geval.id](request, tmp_path)
