"""Published HTML in a real browser: headless Chromium opens index.html and a report over file://.

Asserts that the pages load without a single request outside file:/data: (no CDN, no web font), with
no failed request or script error, that the table-of-contents anchors exist, and that a screenshot is
not blank. Uses the DevTools protocol (websocket-client) when available, else ``--dump-dom`` plus
``--screenshot``. Skipped when Chromium is missing (``make browser`` installs the Debian package).
"""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import time
from urllib.parse import urlparse

import pytest

import nb_maker as m
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
        """Navigate and wait for the load event; returns the events seen meanwhile."""
        self.events = []
        self.stuur("Page.navigate", {"url": url}, sessie=True)
        eind = time.monotonic() + timeout
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            assert time.monotonic() < eind, "pagina laadt niet"
            self.events.append(json.loads(self.ws.recv()))
        time.sleep(0.3)  # late requests (images) after load
        self.ws.settimeout(0.3)
        try:
            while True:
                self.events.append(json.loads(self.ws.recv()))
        except Exception:  # noqa: BLE001 - websocket timeout: nothing more
            pass
        self.ws.settimeout(30)
        return self.events

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
def browser(site, tmp_path_factory):
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

    for rapport in links:
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
