"""Print published HTML pages to PDF (A4) with headless Chromium (``wz publish --pdf``).

Chromium is found as ``chromium`` / ``chromium-browser`` / ``google-chrome`` on the PATH (or
``/usr/bin/chromium``); without it publishing stops with a Dutch message saying how to install it. The
page's own print CSS decides the layout (A4, header rows repeated, no break inside a figure); Chromium's
own header and footer (file URL, date) are switched off. Each PDF is written atomically.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from . import paden
from .fouten import WzFout

VLAGGEN = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-sync", "--no-pdf-header-footer",
           "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000")


class PdfFout(WzFout):
    pass


def chromium() -> str | None:
    for naam in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        pad = shutil.which(naam)
        if pad:
            return pad
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def vereist_chromium() -> str:
    pad = chromium()
    if pad is None:
        raise PdfFout("Voor PDF's is Chromium nodig, maar dat is niet gevonden. Installeer het (Debian/Ubuntu: "
                      "sudo apt-get install chromium; of: make browser) of publiceer zonder --pdf.")
    return pad


def druk_af(html: Path, pdf: Path, browser: str | None = None, timeout: float = 120) -> Path:
    """Print ``html`` to ``pdf`` (A4, the page's print CSS)."""
    browser = browser or vereist_chromium()
    with tempfile.TemporaryDirectory(prefix="wz-chromium-") as profiel:
        def schrijf(tmp: Path) -> None:
            try:
                r = subprocess.run([browser, *VLAGGEN, f"--user-data-dir={profiel}", f"--print-to-pdf={tmp}",
                                    Path(html).resolve().as_uri()], capture_output=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise PdfFout(f"{html.name}: Chromium maakte binnen {timeout:.0f} s geen PDF.") from None
            if not tmp.exists() or tmp.stat().st_size < 100 or tmp.read_bytes()[:5] != b"%PDF-":
                melding = r.stderr.decode(errors="replace").strip().splitlines()[-3:]
                raise PdfFout(f"{html.name}: Chromium maakte geen PDF (code {r.returncode}): {' | '.join(melding)}")

        paden.atomair_schrijven(pdf, schrijf)
    return pdf
