"""Published HTML in a real browser: headless Chromium opens index.html and a report over file://.

Asserts that the pages load without a single request outside file:/data: (no CDN, no web font), with
no failed request or script error, that the table-of-contents anchors exist, and that a screenshot is
not blank. On the published demo regio (partner edition), at 1280 px: the index, the Verantwoording and
one report per step have no element wider than the page, every link works (breadcrumb, previous/next,
downloads, method notes), and axe-core finds no serious or critical violation (axe-core comes from npm
into ``.cache/npm`` via ``make browser``; without it that test is skipped). ``--pdf`` writes one PDF per
report. Uses the DevTools protocol (websocket-client) when available, else ``--dump-dom`` plus
``--screenshot``. Skipped when Chromium is missing (``make browser`` installs the Debian package).
"""

from __future__ import annotations

import base64
import html
import io
import json
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

import nb_maker as m
from conftest import ROOT
from wzlib import publiceren

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
VLAGGEN = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--window-size=1200,900", "--hide-scrollbars"]
LOKAAL = {"file", "data", "about", "blob"}


def _niet_leeg(png: bytes) -> None:
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "geen PNG"
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - pillow comes with matplotlib
        assert len(png) > 5000
        return
    img = Image.open(io.BytesIO(png)).convert("L")
    laag, hoog = img.getextrema()
    assert hoog - laag > 100, "screenshot is leeg (één kleur)"
    assert sum(1 for n in img.histogram() if n) > 10


class _CDP:
    """A minimal DevTools-protocol client over one flattened page session."""

    def __init__(self, ws_url: str):
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.n = 0
        self.events: list[dict] = []
        doel = self.stuur("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.sessie = self.stuur("Target.attachToTarget", {"targetId": doel, "flatten": True})["sessionId"]
        for methode in ("Network.enable", "Page.enable", "Runtime.enable"):
            self.stuur(methode, sessie=True)

    def stuur(self, methode: str, params: dict | None = None, sessie: bool = False) -> dict:
        self.n += 1
        bericht = {"id": self.n, "method": methode, "params": params or {}}
        if sessie:
            bericht["sessionId"] = self.sessie
        self.ws.send(json.dumps(bericht))
        while True:
            antwoord = json.loads(self.ws.recv())
            if antwoord.get("id") == self.n:
                assert "error" not in antwoord, antwoord
                return antwoord.get("result", {})
            self.events.append(antwoord)

    def open(self, url: str, timeout: float = 30) -> list[dict]:
        """Navigate; wait for the load event, for every request seen to end (finished or failed) and then
        for 0.1 s without any event (a late request would start in that window); returns the events."""
        from websocket import WebSocketTimeoutException

        self.events = []
        self.stuur("Page.navigate", {"url": url}, sessie=True)
        eind = time.monotonic() + timeout
        try:
            while True:
                klaar = self._geladen()
                rest = eind - time.monotonic()
                assert rest > 0, "pagina laadt niet"
                self.ws.settimeout(min(0.1, rest) if klaar else rest)
                try:
                    self.events.append(json.loads(self.ws.recv()))
                except WebSocketTimeoutException:
                    assert klaar, "pagina laadt niet"
                    return self.events
        finally:
            self.ws.settimeout(30)

    def _geladen(self) -> bool:
        """The load event came and no request seen so far is still open."""
        methoden = [e.get("method") for e in self.events]
        if "Page.loadEventFired" not in methoden:
            return False
        gestart = {e["params"]["requestId"] for e in self.events if e.get("method") == "Network.requestWillBeSent"}
        klaar = {e["params"]["requestId"] for e in self.events
                 if e.get("method") in ("Network.loadingFinished", "Network.loadingFailed")}
        return gestart <= klaar

    def js(self, expressie: str):
        return self.stuur("Runtime.evaluate", {"expression": expressie, "returnByValue": True},
                          sessie=True)["result"].get("value")

    def screenshot(self) -> bytes:
        return base64.b64decode(self.stuur("Page.captureScreenshot", {"format": "png"}, sessie=True)["data"])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("chromium ontbreekt (installeer met: make browser, of apt-get install chromium)")
    tmp = tmp_path_factory.mktemp("browser")
    p = m.maak_project(tmp, m.register(("omvang", 1, "gemeente")), gemeenten=(("GM9001", "Aastad"),))
    res = p.run(workers=1)
    assert res.exitcode == 0, res.tabel()
    p.publiceer()
    return p


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("chromium ontbreekt (installeer met: make browser, of apt-get install chromium)")
    profiel = tmp_path_factory.mktemp("chromium-profiel")
    proc = subprocess.Popen([CHROMIUM, *VLAGGEN, f"--user-data-dir={profiel}", "--remote-debugging-port=0",
                             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    poort_bestand = profiel / "DevToolsActivePort"
    eind = time.monotonic() + 30
    while not (poort_bestand.exists() and len(poort_bestand.read_text().split()) >= 2):
        if proc.poll() is not None or time.monotonic() > eind:
            proc.kill()
            pytest.skip("chromium start niet (headless)")
        time.sleep(0.1)
    poort, pad = poort_bestand.read_text().split()[:2]
    try:
        import websocket  # noqa: F401
    except ImportError:
        proc.kill()
        pytest.skip("websocket-client ontbreekt; zie test_dump_dom_en_screenshot")
    cdp = _CDP(f"ws://127.0.0.1:{poort}{pad}")
    yield cdp
    cdp.ws.close()
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _controleer_verkeer(events: list[dict]) -> list[str]:
    urls = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    extern = [u for u in urls if urlparse(u).scheme not in LOKAAL]
    assert extern == [], f"externe verzoeken: {extern}"
    mislukt = [e["params"] for e in events if e.get("method") == "Network.loadingFailed"]
    assert mislukt == [], f"mislukte verzoeken: {mislukt}"
    fouten = [e["params"] for e in events if e.get("method") == "Runtime.exceptionThrown"]
    assert fouten == [], f"scriptfouten: {fouten}"
    return urls


def test_index_en_rapport_in_chromium(site, browser):
    index = site.regio_map / "index.html"
    urls = _controleer_verkeer(browser.open(index.as_uri()))
    assert urls and urls[0].startswith("file://")
    assert browser.js("document.documentElement.lang") == "nl"
    assert "Fictieve gegevens" in browser.js("document.body.innerText")
    links = browser.js("Array.from(document.querySelectorAll('a')).map(a => a.href)")
    assert links and all(u.startswith("file://") for u in links)
    _niet_leeg(browser.screenshot())

    rapporten = [u for u in links if "/html/" in u and u.endswith(".html")]  # not the downloads or Verantwoording
    assert rapporten
    for rapport in rapporten:
        urls = _controleer_verkeer(browser.open(rapport))
        assert any(u.startswith("data:image/png") for u in urls) or browser.js(
            "document.querySelectorAll('img[src^=\"data:\"]').length") > 0
        assert browser.js("document.documentElement.lang") == "nl"
        assert browser.js("document.title") == "Stap 1 – Omvang — Aastad (Testregio)"
        ontbrekend = browser.js(
            "Array.from(document.querySelectorAll('nav.wz-inhoud a')).map(a => decodeURIComponent("
            "a.hash.slice(1))).filter(id => !document.getElementById(id))")
        assert ontbrekend == []
        assert browser.js("document.querySelectorAll('nav.wz-inhoud a').length") >= 3
        tekst = browser.js("document.body.innerText")
        assert "Verantwoording" in tekst and "import pandas" not in tekst
        _niet_leeg(browser.screenshot())


def test_dump_dom_en_screenshot(site, tmp_path):
    """The plain command-line route: --dump-dom and --screenshot on the index page."""
    schot = tmp_path / "index.png"
    r = subprocess.run([CHROMIUM, *VLAGGEN, f"--user-data-dir={tmp_path / 'profiel'}", f"--screenshot={schot}",
                        (site.regio_map / "index.html").as_uri()], capture_output=True, timeout=60)
    assert schot.exists(), r.stderr.decode(errors="replace")[-2000:]
    _niet_leeg(schot.read_bytes())
    dom = subprocess.run([CHROMIUM, *VLAGGEN, f"--user-data-dir={tmp_path / 'profiel2'}", "--dump-dom",
                          (site.regio_map / "index.html").as_uri()], capture_output=True, timeout=60,
                         text=True).stdout
    assert '<html lang="nl">' in dom and "Woonzorganalyse Testregio" in dom
    assert publiceren.externe_verwijzingen(dom) == []


# --- the demo regio: fit at 1280 px, links, accessibility, PDF -----------------------------------------

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
BREEDTE = 1280

#: elements wider than the page, or scroll containers whose content is wider than they are
_TE_BREED = """(() => {
  const W = document.documentElement.clientWidth, uit = [];
  const naam = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.toString
    ? '.' + e.className.toString().trim().split(/\\s+/).join('.') : '');
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('.wz-sr')) continue;
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > W + 1) uit.push(naam(e) + ' eindigt op ' + Math.round(r.right) + ' > ' + W);
    if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
        && getComputedStyle(e).overflowX !== 'hidden')
      uit.push(naam(e) + ' scrolt: ' + e.scrollWidth + ' > ' + e.clientWidth);
  }
  if (document.documentElement.scrollWidth > W) uit.push('pagina scrolt: ' + document.documentElement.scrollWidth);
  return uit.slice(0, 10);
})()"""


@pytest.fixture(scope="module")
def demo_site(demo_gepubliceerd):
    if CHROMIUM is None:
        pytest.skip("chromium ontbreekt (installeer met: make browser, of apt-get install chromium)")
    return demo_gepubliceerd / "voorbeeldregio"  # read only


def _demo_paginas(regio_map):
    """The index, the Verantwoording and, per step, the first published report (registry order)."""
    from wzlib.stappen import STAPPEN

    rapporten = sorted((regio_map / "html").glob("*.html"))
    per_stap = [next(r for r in rapporten if r.stem.endswith("_" + s.notebook)) for s in STAPPEN.values()]
    return [regio_map / "index.html", regio_map / "verantwoording.html"] + per_stap


def _links_werken(browser, pagina) -> list[str]:
    """Every link on the open page resolves: local files exist, anchors exist in their page."""
    from urllib.parse import unquote

    hrefs = browser.js("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    kapot = []
    for h in hrefs:
        u = urlparse(h)
        if u.scheme != "file":
            continue
        doel = Path(unquote(u.path))
        if not doel.is_file():
            kapot.append(h)
        elif u.fragment and doel.suffix == ".html":
            tekst = html.unescape(doel.read_text(encoding="utf-8"))  # a browser tries the raw id, then decoded
            if f'id="{u.fragment}"' not in tekst and f'id="{unquote(u.fragment)}"' not in tekst:
                kapot.append(h)
    return kapot


@pytest.mark.notebook
def test_demoregio_past_op_1280_px_en_alle_links_werken(demo_site, browser):
    browser.stuur("Emulation.setDeviceMetricsOverride", {"width": BREEDTE, "height": 900, "deviceScaleFactor": 1,
                                                        "mobile": False}, sessie=True)
    for pagina in _demo_paginas(demo_site):
        _controleer_verkeer(browser.open(pagina.as_uri()))
        assert browser.js(_TE_BREED) == [], pagina.name
        assert _links_werken(browser, pagina) == [], pagina.name
        # no header-only table (a chart's "Tabel bij deze figuur" included: an empty chart has an empty table)
        leeg = browser.js("""Array.from(document.querySelectorAll('table'))
            .filter(t => t.querySelectorAll('tbody tr').length === 0)
            .map(t => t.caption ? t.caption.innerText : t.outerHTML.slice(0, 120))""")
        assert leeg == [], (pagina.name, leeg)
        zonder_alt = browser.js("Array.from(document.querySelectorAll('img')).filter(i => !(i.alt || '').trim()).length")
        assert zonder_alt == 0, pagina.name
        if pagina.parent.name == "html":
            nav = browser.js("""[document.querySelectorAll('nav.wz-kruimel a').length,
                document.querySelectorAll('a.wz-vorige, a.wz-volgende').length,
                Array.from(document.querySelectorAll('.wz-downloads a')).map(a => a.getAttribute('href'))]""")
            assert nav[0] >= 1 and nav[1] >= 1, (pagina.name, nav)
            assert [h.rsplit(".", 1)[-1] for h in nav[2]] == ["xlsx", "zip"], pagina.name
            assert "Verantwoording" in browser.js("document.body.innerText")


@pytest.mark.notebook
def test_demoregio_past_op_a4(demo_site, browser):
    """As printed on A4 (print CSS, 210 mm minus the margins = 703 px): no element wider than the page."""
    browser.stuur("Emulation.setDeviceMetricsOverride", {"width": 703, "height": 1000, "deviceScaleFactor": 1,
                                                        "mobile": False}, sessie=True)
    browser.stuur("Emulation.setEmulatedMedia", {"media": "print"}, sessie=True)
    try:
        te_breed = {}
        for pagina in _demo_paginas(demo_site)[2:]:
            browser.open(pagina.as_uri())
            if uit := browser.js(_TE_BREED):
                te_breed[pagina.name] = uit[:2]
    finally:
        browser.stuur("Emulation.setEmulatedMedia", {"media": ""}, sessie=True)
    assert te_breed == {}


@pytest.mark.notebook
def test_demoregio_axe_geen_ernstige_problemen(demo_site, browser):
    if not AXE.exists():
        pytest.skip(f"axe-core ontbreekt ({AXE}); installeer met: make browser")
    browser.stuur("Emulation.setDeviceMetricsOverride", {"width": BREEDTE, "height": 900, "deviceScaleFactor": 1,
                                                        "mobile": False}, sessie=True)
    bron = AXE.read_text(encoding="utf-8")
    for pagina in _demo_paginas(demo_site):
        browser.open(pagina.as_uri())
        browser.js(bron)
        r = browser.stuur("Runtime.evaluate", {"expression": (
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 2).map(n => n.html.slice(0, 100)).join(' | ')))"),
            "awaitPromise": True, "returnByValue": True}, sessie=True)
        assert r["result"].get("value") == [], pagina.name


def test_pdf_een_per_rapport(tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium ontbreekt (installeer met: make browser, of apt-get install chromium)")
    p = m.maak_project(tmp_path, m.register(("omvang", 1, "gemeente"), ("spreiding", 4, "regio", {"leest": ("omvang",)})))
    assert p.run(workers=1).exitcode == 0
    pub = publiceren.publiceer_regio(p.regio_yaml, p.uitvoer, register=p.register, pdf=True)
    rapporten = sorted((p.regio_map / "html").glob("*.html"))
    assert len(rapporten) == 3
    assert sorted(pub.pdfs) == sorted(r.with_suffix(".pdf") for r in rapporten)
    for r in rapporten:
        data = r.with_suffix(".pdf").read_bytes()
        assert data[:5] == b"%PDF-" and len(data) > 5000
        assert f'href="{r.stem}.pdf"' in r.read_text(encoding="utf-8")
    assert ".pdf" in (p.regio_map / "index.html").read_text(encoding="utf-8")
    # again without --pdf: the PDFs are removed (they would no longer match the pages)
    publiceren.publiceer_regio(p.regio_yaml, p.uitvoer, register=p.register)
    assert not list((p.regio_map / "html").glob("*.pdf"))
