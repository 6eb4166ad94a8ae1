"""Publishing (wzlib.publiceren): self-contained Dutch HTML of successful runs only, plus index.html."""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import unquote, urlparse

import nbformat
import openpyxl
import pandas as pd
import pytest

import nb_maker as m
from wzlib import downloads, edities, navigatie, pdf, publiceren, toestand
from wzlib.presentatie.afscherming import Regels
from wzlib.presentatie.tabellen import MIME_TABEL, tabel


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.scripts = [], set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "script":
            self.scripts.append(a.get("src"))


def _links(html: str) -> _Links:
    p = _Links()
    p.feed(html)
    return p


# --- without kernels -----------------------------------------------------------------------------------


def test_externe_verwijzingen_worden_verwijderd():
    html = ('<html><head><script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js">'
            '</script><script src=""></script><link rel="stylesheet" href="//cdn.example.org/x.css">'
            '<style>@import url("https://fonts.example.org/f.css"); .a{background:url(http://x.nl/a.png)}</style>'
            '</head><body><img src="http://example.org/a.png" alt="x"><a href="https://www.cbs.nl">CBS</a>'
            '<img src="data:image/png;base64,AAAA"></body></html>')
    assert len(publiceren.externe_verwijzingen(html)) >= 5
    schoon = publiceren.verwijder_extern(html)
    assert publiceren.externe_verwijzingen(schoon) == []
    assert "cdnjs" not in schoon and "<script" not in schoon
    assert '<a href="https://www.cbs.nl">CBS</a>' in schoon  # a plain link makes no request
    assert "data:image/png;base64,AAAA" in schoon


def test_koppen_en_inhoudsopgave():
    nb = m.notebook([("md", "## Eén & twee\n\n### sub\n\n```\n## geen kop\n```"),
                     ("remove_cell", "x"), ("md", "## Derde *kop*")], titel="Titel")
    assert publiceren.koppen(nb) == ["Eén & twee", "Derde *kop*"]
    toc = publiceren.inhoudsopgave(nb)
    assert toc.startswith('<nav class="wz-inhoud" aria-label="Inhoudsopgave">')
    assert ">Derde kop</a>" in toc and "Eén &amp; twee" in toc


def test_colofon_uit_resultaat_json():
    metas = [{"herkomst": [{"tabel": "bevolking", "soort": "cbs", "bron": "CBS 03759ned", "titel": "Bevolking",
                            "periode": "1 januari 2024", "opgehaald": "2026-03-01T10:00:00",
                            "gewijzigd": "2025-12-01T00:00:00"}],
              "params": {"peiljaar": 2024, "pad": "/home/analist/params/regios/x.yaml", "groepen": None,
                         "lokaal": "/home/analist/lokaal"},
              "kengetallen": {"scheidingsfactor": 0.125, "nultreden.65-74.laag": "0.1"},
              "afscherming": "Aantallen onder 10 worden niet getoond.", "versie": "0.1.0"}]
    md = publiceren.colofon(metas, {"klaar": "2026-11-22T06:30:00"}, {"uitvoer_map": "/geheim/pad", "x": 1})
    assert md.startswith("## Verantwoording")
    for tekst in ("CBS 03759ned", "1 januari 2024", "1 maart 2026", "1 december 2025", "peiljaar", "2024",
                  "scheidingsfactor", "0,125", "nultreden.65-74.laag", "0,1",
                  "Aantallen onder 10 worden niet getoond.", "woonzorganalyse 0.1.0",
                  "22 november 2026, 06:30"):
        assert tekst in md, tekst
    assert "/geheim/pad" not in md and "/home/analist" not in md and "groepen" not in md
    assert "\n\n" not in md.split("\n\n", 1)[1]  # one HTML block


# --- with a real (small) run ---------------------------------------------------------------------------


def _register():
    return m.register(("omvang", 1, "gemeente"), ("aanbod", 2, "gemeente", {"leest": ("omvang",)}),
                      ("spreiding", 4, "regio", {"leest": ("omvang",)}))


@pytest.fixture
def gepubliceerd(tmp_path):
    p = m.maak_project(tmp_path, _register())
    p.vlag("FAAL", "20_aanbod", "GM9002")
    res = p.run()
    assert res.exitcode == 1
    uit = p.publiceer(zip=True)
    return p, uit


@pytest.mark.notebook
def test_publiceer_alleen_gelukte_rapporten_met_index(gepubliceerd):
    p, uit = gepubliceerd
    html_map = p.regio_map / "html"
    namen = sorted(x.name for x in html_map.glob("*.html"))
    assert namen == ["GM9001_aastad_10_omvang.html", "GM9001_aastad_20_aanbod.html",
                     "GM9002_be-dorp_10_omvang.html", "regio_testregio_40_spreiding.html"]
    # the failed notebook exists for inspection but is not published
    assert (p.regio_map / "GM9002" / "20_aanbod.fout.ipynb").exists()
    assert {x.name for x in uit} >= set(namen) | {"index.html", "testregio_rapporten.zip"}
    assert not list(p.regio_map.rglob("*.tmp"))

    for naam in namen:
        html = (html_map / naam).read_text(encoding="utf-8")
        assert '<html lang="nl">' in html
        assert "cdnjs" not in html and "require.js" not in html.lower() and "mathjax" not in html.lower()
        links = _links(html)
        assert links.scripts == [] or all(s is None for s in links.scripts)  # no <script src=...>
        assert publiceren.externe_verwijzingen(html) == []
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?https?://", html)
        # no code input, no parameters or injected parameters, no remove_cell output
        body = html.split("<body", 1)[1]
        assert 'class="jp-InputArea-editor"' not in body and 'class="highlight' not in body
        assert "import pandas" not in body and "display(df)" not in body
        for verboden in ("injected-parameters", "# Parameters", "uitvoer_map", "to_parquet",
                         "DEBUGCEL-NIET-PUBLICEREN", str(p.uitvoer), ".tmp.ipynb"):
            assert verboden not in html, (naam, verboden)
        # images inlined
        assert 'src="data:image/png;base64,' in html
        # table of contents: links to headings that exist
        toc = re.search(r'<nav[^>]*class="wz-inhoud".*?</nav>', html, re.S).group(0)
        anchors = [h[1:] for h in _links(toc).hrefs]
        assert anchors and "Verantwoording" in anchors
        assert all(unquote(a) in links.ids or a in links.ids for a in anchors), anchors
        # colophon, with the disclosure rules the step recorded
        for tekst in ("Verantwoording", "Voorbeeldbron 03759ned", "Bevolking op 1 januari", "1 januari 2024",
                      "Aantallen onder 10 zijn afgeschermd", "woonzorganalyse", "Fictieve gegevens (voorbeeldregio)",
                      'href="../verantwoording.html"', 'aria-label="Kruimelpad"'):
            assert tekst in html, (naam, tekst)
        # the partner edition (the default) shows no parameter or kengetallen dump
        assert "intramuraal_pct" not in html and "Gebruikte parameters" not in html
        # every relative link works: breadcrumb, previous/next, downloads, verantwoording
        for h in links.hrefs:
            if h.startswith("#") or urlparse(h).scheme:
                continue
            doel = (html_map / unquote(h.split("#")[0])).resolve()
            assert doel.is_file(), (naam, h)
        stam = naam.removesuffix(".html")
        assert {f"{stam}.xlsx", f"{stam}_csv.zip"} <= set(links.hrefs)
        assert (html_map / f"{stam}.xlsx").stat().st_size > 1000
    # navigation: Aastad omvang -> aanbod, the same step for Bé-dorp, the regio report, the index row
    omv = _links((html_map / namen[0]).read_text(encoding="utf-8")).hrefs
    assert "GM9001_aastad_20_aanbod.html" in omv and "GM9002_be-dorp_10_omvang.html" in omv
    assert "regio_testregio_40_spreiding.html" in omv and "../index.html#gm9001" in omv
    assert "GM9001_aastad_10_omvang.html" in _links((html_map / namen[1]).read_text(encoding="utf-8")).hrefs
    # titles name the step as the registry does
    assert "<title>Stap 1 – Omvang — Aastad (Testregio)</title>" in (html_map / namen[0]).read_text()
    regio_html = (html_map / "regio_testregio_40_spreiding.html").read_text()
    assert "<title>Stap 4 – Spreiding — Testregio</title>" in regio_html

    index = (p.regio_map / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in index and "Fictieve gegevens (voorbeeldregio)" in index
    assert publiceren.externe_verwijzingen(index) == [] and "<script" not in index
    ix = _links(index)
    hrefs = ix.hrefs
    assert sorted(h for h in hrefs if h.endswith(".html") and h.startswith("html/")) == [f"html/{n}" for n in namen]
    assert len([h for h in hrefs if h.endswith((".xlsx", "_csv.zip"))]) == 8
    assert "verantwoording.html" in hrefs and "gm9001" in ix.ids
    for h in hrefs:
        assert not urlparse(h).scheme and (p.regio_map / unquote(h)).is_file(), h
    verantw = (p.regio_map / "verantwoording.html").read_text(encoding="utf-8")
    for tekst in ("Voorbeeldbron 03759ned", "Keuzes van de regio", "peiljaar 2024", "Kengetallen per woonvorm",
                  "Aantallen onder 10 zijn afgeschermd"):
        assert tekst in verantw, tekst
    assert publiceren.externe_verwijzingen(verantw) == [] and "<script" not in verantw
    assert "GM9002_be-dorp_20_aanbod" not in index and "mislukt bij de laatste run" in index
    assert "Bé-dorp" in index and "GM9002" in index
    # steps in registry order, with their registry names
    assert index.index("Stap 1 – Omvang") < index.index("Stap 2 – Aanbod")
    assert "Stap 4 – Spreiding" in index

    with zipfile.ZipFile(p.regio_map / "testregio_rapporten.zip") as z:
        inhoud = set(z.namelist())
    assert {"index.html", "verantwoording.html"} | {f"html/{n}" for n in namen} <= inhoud
    assert {f"html/{n.removesuffix('.html')}{x}" for n in namen for x in (".xlsx", "_csv.zip")} <= inhoud
    assert not [x for x in inhoud if x.endswith(".html") and x.startswith("html/") and x[5:] not in namen]

    # nothing changed: nothing is made again; the analyst edition keeps the parameters and kengetallen
    assert publiceren.publiceer_regio(p.regio_yaml, p.uitvoer, register=p.register).gemaakt == []
    analist = publiceren.publiceer_regio(p.regio_yaml, p.uitvoer, register=p.register, editie="analist")
    assert len(analist.gemaakt) == 4
    html = (html_map / namen[0]).read_text(encoding="utf-8")
    assert "intramuraal_pct" in html and "4,5" in html and "Gebruikte parameters" in html
    assert "Analisteditie" in (p.regio_map / "index.html").read_text(encoding="utf-8")

    # as after a later failed run: the old good notebook is still there, but it is no longer published
    map_ = p.regio_map / "GM9001"
    rec = toestand.lees_record(map_, "10_omvang")
    toestand.schrijf_record(map_, "10_omvang", rec | {"status": "fout", "ename": "ValueError", "evalue": "x"})
    uit = p.publiceer()
    assert not (p.regio_map / "html" / "GM9001_aastad_10_omvang.html").exists()
    assert all(x.exists() for x in uit)
    # a notebook changed after its run (hash mismatch) is not published either
    nb = map_ / "20_aanbod.ipynb"
    nb.write_text(nb.read_text().replace("Omvang van de groep", "Gewijzigd"))
    p.publiceer()
    assert not (p.regio_map / "html" / "GM9001_aastad_20_aanbod.html").exists()
    index = (p.regio_map / "index.html").read_text(encoding="utf-8")
    assert "GM9001_aastad" not in index
    assert json.loads((map_ / "10_omvang.fingerprint.json").read_text())["status"] == "fout"


@pytest.mark.notebook
def test_zonder_afschermingsregels_geen_colofon(tmp_path):
    """A report whose results do not record the disclosure rules is refused (never published without them)."""
    reg = m.register(("omvang", 1, "gemeente"))
    p = m.maak_project(tmp_path, reg, gemeenten=(("GM9001", "Aastad"),),
                       notebooks={"10_omvang": m.stap_notebook(reg["omvang"], reg, afscherming=False)})
    assert p.run().exitcode == 0
    with pytest.raises(publiceren.PublicatieFout) as e:
        p.publiceer()
    assert "10_omvang.ipynb" in str(e.value) and "afscherming" in str(e.value)


def test_colofon_zonder_afscherming_wordt_geweigerd():
    with pytest.raises(publiceren.PublicatieFout, match="afschermingsregels"):
        publiceren.colofon([{"herkomst": [], "params": {"peiljaar": 2024}}], {"klaar": "2026-11-22T06:30:00"}, {})


def test_publiceer_zonder_uitvoer_geeft_duidelijke_fout(tmp_path):
    p = m.maak_project(tmp_path, m.register(("omvang", 1, "gemeente")))
    with pytest.raises(publiceren.PublicatieFout, match="Draai eerst: wz run --regio testregio"):
        p.publiceer()


def test_publiceren_wacht_niet_op_een_lopende_run(tmp_path):
    p = m.maak_project(tmp_path, m.register(("omvang", 1, "gemeente")))
    p.regio_map.mkdir(parents=True)
    with toestand.RegioSlot(p.regio_map, "run"):
        with pytest.raises(toestand.RunBezig):
            p.publiceer()


# --- partner edition, downloads, navigation (without kernels) ------------------------------------------


def _uitvoer(cell, *outputs):
    cell.outputs = list(outputs)
    return cell


def _display(data: dict):
    return nbformat.v4.new_output("display_data", data=data)


def _tabel_demo():
    regels = Regels()
    df = pd.DataFrame({"Gemeente": ["Aastad", "Bé-dorp", "Totaal"], "Aantal": [1234, 3, 1237],
                       "Aandeel": [0.125, 0.5, 0.4]})
    return tabel(df, bron="CBS 03759ned (2024)", titel="Ouderen per gemeente", tellingen=["Aantal"],
                 pcts=["Aandeel"], regels=regels, noemers={"Aandeel": 1000})


def _executed_notebook(tmp_path):
    t = _tabel_demo()
    nb = m.notebook([
        ("md", "## Eerste kop\n\nGewone tekst voor partners; de rekenregels staan in `docs/fair-share.md`."),
        ("analist", "print(params)"),
        ("md", "Kies in `confrontatie.geaccepteerd` welke correcties de regio overneemt."),
        "uitvoer_map",
        "t",
        ("md", "## Slot\n\nSlottekst."),
    ], titel="Stap 1 – Omvang")
    _uitvoer(nb.cells[2], nbformat.v4.new_output("stream", name="stdout", text="GEHEIME-PARAMETERDUMP"))
    _uitvoer(nb.cells[4], nbformat.v4.new_output("execute_result", data={
        "text/plain": "PosixPath('/home/analist/outputs/r/GM9001/30_prognose')"}, execution_count=1))
    _uitvoer(nb.cells[5], _display({"text/html": t.to_html(), "text/plain": repr(t), MIME_TABEL: t.bundel()}))
    pad = tmp_path / "x.ipynb"
    nbformat.write(nb, str(pad))
    return pad


@pytest.mark.parametrize("tekst", [
    "opgeslagen in /home/analist/woonzorg/outputs/gooi/GM0402", "PosixPath('/tmp/x/y')", r"C:\Users\anna\wz",
    "kies in confrontatie.geaccepteerd", "spreiding.doel_sociale_huur = 0.3", "draai wz partners --regio x",
    "`wz run --regio gooi`", "<wzlib.analyse.Analyse object at 0x7f00>", "dict_keys(['a'])",
    "zie outputs/gooi/html", "params/regios/gooi.yaml", "Traceback (most recent call last)"])
def test_partnercontrole_vindt_analistenmateriaal(tekst):
    assert edities.vondsten(tekst), tekst


@pytest.mark.parametrize("tekst", [
    "65+/75+ en/of 85-plussers", "1.234,5 woningen (12,5%)", "Bron: CBS 03759ned; bewerking woonzorganalyse",
    "zie www.cbs.nl/nl-nl/cijfers", "prognose.csv bij de lokale invoer", "Stap 3 – Prognose: vraag per woonvorm",
    "aantal per 1.000 inwoners", "de wz-tabel en de regio Gooi en Vechtstreek", "de prognose. Daarna"])
def test_partnercontrole_laat_gewone_tekst_staan(tekst):
    assert edities.vondsten(tekst) == [], tekst


def test_partnereditie_laat_analistencellen_weg_en_houdt_de_tabellen(tmp_path):
    pad = _executed_notebook(tmp_path)
    html, bundels, waarsch = publiceren.exporteer_rapport(pad, "Stap 1 – Omvang — Aastad", boven="<nav>x</nav>")
    tekst = edities.tekst_van_html(html)
    assert "GEHEIME-PARAMETERDUMP" not in html and "confrontatie.geaccepteerd" not in html
    assert "PosixPath" not in html and "/home/analist" not in html
    assert edities.vondsten(tekst) == []
    assert "Gewone tekst voor partners" in tekst and "Ouderen per gemeente" in tekst
    assert [(w.cel, w.vondst.soort) for w in waarsch] == [(4, "YAML-sleutel"), (5, "bestandspad")]
    assert "cel 4" in str(waarsch[0]) and "analist" in str(waarsch[0])
    # the method note is a link to its published page, not a path
    assert '<a href="../methode/fair-share.html">Spreiding en eerlijke verdeling (fair share)</a>' in html
    assert "docs/fair-share.md" not in tekst
    assert len(bundels) == 1 and bundels[0]["titel"] == "Ouderen per gemeente"
    assert bundels[0]["rijen"][1][1] == "<5"  # the displayed (suppressed) value, not the raw 3
    # analyst edition: everything stays, no warnings
    html, bundels, waarsch = publiceren.exporteer_rapport(pad, "x", editie=edities.ANALIST)
    assert "GEHEIME-PARAMETERDUMP" in html and "confrontatie.geaccepteerd" in html and waarsch == []


def test_partnereditie_weigert_wat_na_het_weglaten_overblijft(tmp_path):
    pad = _executed_notebook(tmp_path)
    with pytest.raises(publiceren.PublicatieFout, match="analistenmateriaal.*wz-commando"):
        publiceren.exporteer_rapport(pad, "x", onder="<p>Draai daarna wz publish --regio x.</p>")


def test_downloads_excel_en_csv_met_de_getoonde_waarden(tmp_path):
    t = _tabel_demo()
    b = t.bundel()
    assert b["kolommen"] == ["Gemeente", "Aantal", "Aandeel"] and b["numeriek"] == ["Aantal", "Aandeel"]
    twee = dict(b, titel="Ouderen per gemeente")  # the same title twice: unique sheet names
    downloads.schrijf_xlsx([b, twee], tmp_path / "r.xlsx", "Rapport")
    downloads.schrijf_csv_zip([b, twee], tmp_path / "r_csv.zip", "Rapport")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["Ouderen per gemeente", "Ouderen per gemeente (2)"]
    ws = wb.worksheets[0]
    assert ws["A1"].value == "Ouderen per gemeente" and ws["A2"].value == t.bron
    assert [c.value for c in ws[5]] == ["Gemeente", "Aantal", "Aandeel"]
    assert [c.value for c in ws[6]] == ["Aastad", 1234, 0.125]
    assert ws["B6"].number_format == "#,##0" and ws["C6"].number_format == "0.0%"
    assert ws["B7"].value == "<5"  # suppressed stays suppressed
    with zipfile.ZipFile(tmp_path / "r_csv.zip") as z:
        namen = z.namelist()
        csv = z.read(namen[0]).decode("utf-8-sig")
        assert "LEESMIJ.txt" in namen and len(namen) == 3
        assert csv.splitlines()[:2] == ["Gemeente;Aantal;Aandeel", "Aastad;1.234;12,5%"]
        assert "<5" in csv and "CBS 03759ned" in z.read("LEESMIJ.txt").decode()


@pytest.mark.parametrize("tekst, waarde", [("1.234", 1234), ("-8.366", -8366), ("12,5%", 0.125), ("0,5", 0.5),
                                           ("€ 1.200", 1200), ("2024", 2024)])
def test_getal_zoals_getoond(tekst, waarde):
    assert downloads.lees_getal(tekst)[0] == pytest.approx(waarde)


@pytest.mark.parametrize("tekst", ["<10", "•", "–", "Aastad", "1.23.4", ""])
def test_geen_getal(tekst):
    assert downloads.lees_getal(tekst) is None


def test_bladnamen_kort_en_geldig():
    namen = downloads.blad_namen(["Een titel die veel langer is dan eenendertig tekens", "a/b: c?", "",
                                  "Een titel die veel langer is dan eenendertig tekens"])
    assert all(len(n) <= 31 for n in namen) and len({n.lower() for n in namen}) == 4
    assert namen[1] == "a b  c" and namen[2] == "Tabel 3"


def test_lange_tabel_top_n_op_de_pagina_en_volledig_in_de_download():
    df = pd.DataFrame({"Wijk": [f"Wijk {i}" for i in range(30)], "Aantal": range(100, 130)})
    t = tabel(df, bron="x", titel="Wijken", tellingen=["Aantal"], regels=Regels()).top(5)
    html = t.to_html()
    assert html.count("<tr") == 6 and "De eerste 5 van 30 regels" in html
    assert len(t.bundel()["rijen"]) == 30 and t.bundel()["getoond"] == 5


def test_navigatie_vorige_volgende_en_andere_gemeenten():
    reg = _register()
    plekken = [navigatie.Plek("GM9001", "Aastad", reg["omvang"], "a1.html"),
               navigatie.Plek("GM9001", "Aastad", reg["aanbod"], "a2.html"),
               navigatie.Plek("GM9002", "Bé-dorp", reg["omvang"], "b1.html"),
               navigatie.Plek("regio", "Testregio", reg["spreiding"], "r4.html")]
    assert navigatie.vorige_volgende(plekken[0], plekken) == (None, plekken[1])
    assert navigatie.vorige_volgende(plekken[1], plekken) == (plekken[0], None)
    onder = navigatie.onder(plekken[0], plekken, "Testregio")
    assert 'rel="next" href="a2.html"' in onder and 'href="b1.html">Bé-dorp' in onder and 'href="r4.html"' in onder
    boven = navigatie.boven(plekken[2], "Testregio", pdf=True)
    assert 'href="../index.html#gm9002">Bé-dorp' in boven and 'aria-current="page">Stap 1 – Omvang' in boven
    assert 'href="b1.pdf"' in boven and "@top-left" in boven and "Bé-dorp" in boven
    regio = navigatie.onder(plekken[3], plekken, "Testregio")
    assert "Per gemeente" not in regio and 'href="../index.html"' in regio


def test_pdf_zonder_chromium_is_een_nette_fout(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "chromium", lambda: None)
    p = m.maak_project(tmp_path, m.register(("omvang", 1, "gemeente")))
    with pytest.raises(pdf.PdfFout, match="Chromium nodig.*apt-get install chromium"):
        publiceren.publiceer_regio(p.regio_yaml, p.uitvoer, register=p.register, pdf=True)


def test_onbekende_editie(tmp_path):
    p = m.maak_project(tmp_path, m.register(("omvang", 1, "gemeente")))
    with pytest.raises(publiceren.PublicatieFout, match="Onbekende editie 'partners'.*partner, analist"):
        publiceren.publiceer_regio(p.regio_yaml, p.uitvoer, register=p.register, editie="partners")


# --- the demo regio (a full run, shared by the session) -------------------------------------------------


def _xlsx_is_de_pagina(pagina, xlsx) -> int:
    """Every table on the page is one sheet, in page order, with the page's title, header and values."""
    from bs4 import BeautifulSoup

    divs = BeautifulSoup(pagina.read_text(encoding="utf-8"), "html.parser").select("div.wz-tabel")
    bladen = openpyxl.load_workbook(xlsx).worksheets
    assert len(divs) == len(bladen), (pagina.name, len(divs), [b.title for b in bladen])
    for div, ws in zip(divs, bladen):
        cap = div.find("caption").get_text(" ", strip=True) if div.find("caption") else ""
        assert (ws["A1"].value or "").startswith(cap), (pagina.name, cap, ws["A1"].value)
        kop = [th.get_text(" ", strip=True) for th in div.select("thead th")]
        assert [c.value or "" for c in ws[5]][:len(kop)] == kop, (pagina.name, cap)
        for i, tr in enumerate(div.select("tbody tr")):
            cellen = [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            for h, x in zip(cellen, [c.value for c in ws[6 + i]]):
                if isinstance(x, (int, float)):
                    assert downloads.lees_getal(h)[0] == pytest.approx(x), (pagina.name, cap, h, x)
                else:
                    assert (x or "") == h, (pagina.name, cap, h, x)
    return len(divs)


@pytest.mark.notebook
def test_partnereditie_van_de_demoregio(demo_uitvoer, tmp_path):
    """The partner edition of the demo regio: no path, YAML key, wz command or Python repr on any page;
    per report an xlsx with one sheet per table holding the page's numbers; a second publish makes nothing."""
    from conftest import kopie_van

    uitvoer = kopie_van(demo_uitvoer, tmp_path / "outputs")
    pub = publiceren.publiceer_regio("voorbeeldregio", uitvoer)
    regio_map = uitvoer / "voorbeeldregio"
    rapporten = sorted((regio_map / "html").glob("*.html"))
    assert len(rapporten) == len(pub.gemaakt) >= 20
    for pagina in rapporten + [regio_map / "index.html", regio_map / "verantwoording.html"]:
        html = pagina.read_text(encoding="utf-8")
        assert edities.vondsten(edities.tekst_van_html(html)) == [], pagina.name
        assert str(uitvoer) not in html and "PosixPath" not in html
    n = sum(_xlsx_is_de_pagina(r, r.with_suffix(".xlsx")) for r in rapporten)
    assert n >= 5 * len(rapporten)
    with zipfile.ZipFile(rapporten[0].with_name(rapporten[0].stem + "_csv.zip")) as z:
        assert "LEESMIJ.txt" in z.namelist() and len(z.namelist()) > 2
    assert {p.name for p in (regio_map / "methode").glob("*.html")} >= {"fair-share.html", "kengetallen.html"}
    assert publiceren.publiceer_regio("voorbeeldregio", uitvoer).gemaakt == []


def test_wz_publish_opties_en_waarschuwingen_een_keer_per_cel(monkeypatch, capsys, tmp_path):
    from wzlib import cli

    gezien = {}

    def nep(regio, **kw):
        gezien.update(kw, regio=regio)
        w = "30_prognose.ipynb, cel 31: bestandspad '/x/{}/30_prognose' — cel weggelaten uit de partnereditie"
        return publiceren.Publicatie([tmp_path / "index.html"], [], [w.format("GM1"), w.format("GM2")], [])

    monkeypatch.setattr(publiceren, "publiceer_regio", nep)
    assert cli.main(["publish", "--regio", "r", "--editie", "analist", "--pdf", "--alles"]) == 0
    assert gezien | {"toon_voortgang": True} == {"regio": "r", "zip": False, "editie": "analist", "pdf": True,
                                                 "workers": 2, "alles": True, "toon_voortgang": True}
    fout = capsys.readouterr().err
    assert fout.count("cel 31") == 1 and "(in 2 rapporten)" in fout
    with pytest.raises(SystemExit):
        cli.main(["publish", "--regio", "r", "--editie", "partners"])


# --- the index as an overview: map and kerncijfers per gemeente ---------------------------------------

def _samenvatting_rijen(code: str, rijen: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame([{"gemeentecode": code, "onderwerp": o, "kerncijfer": k, "soort": s, "waarde": w,
                          "regio": float("nan"), "tekst": t} for o, k, s, w, t in rijen])


def test_kerncijfers_per_gemeente_zoals_op_de_samenvatting():
    """Each cell is the text the samenvatting page shows for that figure (its Kern table, kern.weergave),
    small counts suppressed, unknown as a dash; only kerncijfers every gemeente has become a column."""
    from wzlib import kern, overzicht_kern
    from wzlib.params import Gemeente

    regels = Regels(drempel_kwetsbaar=10, drempel_algemeen=5)
    nan = float("nan")
    a = [("omvang", "75-plussers", "aantal", 1912.0, None), ("omvang", "75-plussers (% van de inwoners)", "pct",
         0.145046, None), ("omvang", "Groepen met een cijfer", "tekst", nan, "12 van 18"),
         ("tekort", "Tekort geclusterd 2034", "aantal", 40.0, None)]
    b = [("omvang", "75-plussers", "aantal", 7.0, None), ("omvang", "75-plussers (% van de inwoners)", "pct", nan,
         None), ("omvang", "Groepen met een cijfer", "tekst", nan, "3 van 18")]
    sv = pd.concat([_samenvatting_rijen("GM0001", a), _samenvatting_rijen("GM0002", b)], ignore_index=True)
    gemeenten = [Gemeente(code="GM0001", naam="Aastad"), Gemeente(code="GM0002", naam="Bedorp <b>")]
    t = overzicht_kern.kerncijfers_tabel(sv, gemeenten, regels).set_index("Gemeente")
    assert list(t.columns) == ["75-plussers", "75-plussers (% van de inwoners)", "Groepen met een cijfer"]
    for code, naam, rijen in (("GM0001", "Aastad", a), ("GM0002", "Bedorp <b>", b)):
        k = kern.Kern(naam, kern._frame([kern._rij(kc, s, t_ if s == "tekst" else w, kwetsbaar=True)
                                         for _, kc, s, w, t_ in rijen]))
        pagina = kern.weergave(k, regels=regels)[0].set_index("Kerncijfer")[naam]
        for kc in t.columns:
            assert t.at[naam, kc] == pagina[kc], (naam, kc)
    assert t.at["Aastad", "75-plussers"] == "1.912" and t.at["Aastad", "75-plussers (% van de inwoners)"] == "14,5%"
    assert t.at["Bedorp <b>", "75-plussers"] == "<10"  # suppressed, as on the page
    assert t.at["Bedorp <b>", "75-plussers (% van de inwoners)"] == "–"  # unknown, never 0
    html = overzicht_kern.tabel_html(t.reset_index(), "Kerncijfers")
    assert "Bedorp &lt;b&gt;" in html and "<b>" not in html and "&lt;10" in html


@pytest.mark.notebook
def test_index_van_de_demoregio_is_een_overzicht(demo_gepubliceerd):
    """The published index shows the map (inline PNG with alt text, values in a table) and the kerncijfers
    per gemeente with exactly the values of each gemeente's samenvatting page."""
    from wzlib import catalogus as T, resultaten
    from wzlib.analyse import laad_gemeenten
    from wzlib.params import laad_regio

    regio_map = demo_gepubliceerd / "voorbeeldregio"
    index = (regio_map / "index.html").read_text(encoding="utf-8")
    assert index.index("De regio in cijfers") < index.index("Rapporten per gemeente")
    img = re.search(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', index)
    assert img and "75" in img.group(1) and len(img.group(1)) > 40
    assert "Tabel bij deze figuur" in index or "<details" in index
    assert publiceren.externe_verwijzingen(index) == []

    tabel_html = index[index.index("<caption>Kerncijfers per gemeente"):]
    tabel_html = tabel_html[:tabel_html.index("</table>")]
    kop = re.findall(r'<th scope="col">([^<]*)</th>', tabel_html)[1:]
    rijen = {naam: cellen for naam, cellen in re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', tabel_html)}
    gemeenten = laad_gemeenten(laad_regio("voorbeeldregio"))
    assert sorted(rijen) == sorted(g.naam for g in gemeenten)
    assert "75-plussers (% van de inwoners)" in kop
    for g in gemeenten:
        sv = resultaten.lees(regio_map, g.code, T.SAMENVATTING)
        assert set(kop) <= set(sv["kerncijfer"])
        pagina = next((regio_map / "html").glob(f"{g.code}_*_90_samenvatting.html")).read_text(encoding="utf-8")
        k = pagina[pagina.index(f"<caption>Kerncijfers {g.naam}</caption>"):]
        k = k[:k.index("</table>")]
        op_pagina = dict(re.findall(r'<tr><th scope="row">([^<]*)</th><td class="wz-num">([^<]*)</td>', k))
        cellen = re.findall(r"<td[^>]*>([^<]*)</td>", rijen[g.naam])
        assert dict(zip(kop, cellen)) == {kc: op_pagina[kc] for kc in kop}, g.naam


def test_kaart_van_de_index_wordt_niet_opnieuw_getekend_als_niets_veranderde(tmp_path, monkeypatch):
    """``wz publish`` with nothing changed reuses the drawn map (drawing imports mapclassify and seaborn:
    seconds); a changed value, name or rule draws it again, and a damaged cache file is drawn again."""
    from wzlib import overzicht_kern
    from wzlib.analyse import laad_gemeenten
    from wzlib.params import laad_regio
    from wzlib.presentatie import kaarten

    rp = laad_regio("voorbeeldregio")
    gemeenten = laad_gemeenten(rp)
    kc = overzicht_kern.KAART_KERNCIJFER
    sv = pd.concat([_samenvatting_rijen(g.code, [("omvang", kc, "pct", 0.1 + 0.01 * i, None)])
                    for i, g in enumerate(gemeenten)], ignore_index=True)
    regels = Regels(drempel_kwetsbaar=10, drempel_algemeen=5)
    cache = tmp_path / "kaart.json"
    getekend = []
    echt = kaarten.choropleet
    monkeypatch.setattr(kaarten, "choropleet", lambda *a, **k: getekend.append(1) or echt(*a, **k))
    eerst = overzicht_kern.kaart_html(rp, sv, gemeenten, regels, cache=cache)
    assert "data:image/png;base64," in eerst and cache.is_file() and len(getekend) == 1
    assert overzicht_kern.kaart_html(rp, sv, gemeenten, regels, cache=cache) == eerst and len(getekend) == 1
    anders = sv.copy()
    anders.loc[0, "waarde"] = 0.5
    assert overzicht_kern.kaart_html(rp, anders, gemeenten, regels, cache=cache) != eerst and len(getekend) == 2
    overzicht_kern.kaart_html(rp, anders, gemeenten, Regels(drempel_kwetsbaar=20), cache=cache)
    assert len(getekend) == 3
    cache.write_text("{kapot", encoding="utf-8")
    assert overzicht_kern.kaart_html(rp, sv, gemeenten, regels, cache=cache) == eerst and len(getekend) == 4
