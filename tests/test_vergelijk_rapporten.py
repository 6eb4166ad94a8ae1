"""Tests for bench/vergelijk_rapporten.py on tiny reports shaped like the published HTML."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "vergelijk_rapporten.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("vergelijk_rapporten", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module to be registered
    spec.loader.exec_module(module)
    return module


vr = _load_script()

REPORT = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body><main>
<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell"><div class="jp-Cell-inputWrapper">
<div class="jp-InputArea jp-Cell-inputArea"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">
<h1 id="Stap-1">Stap 1 – De huidige omvang<a class="anchor-link" href="#Stap-1">¶</a></h1>
<p>In {naam} wonen {ouderen} ouderen; dat is {aandeel} van alle inwoners.</p>
</div></div></div></div>
<div class="jp-Cell jp-CodeCell jp-Notebook-cell jp-mod-noInput"><div class="jp-Cell-outputWrapper">
<div class="jp-OutputArea jp-Cell-outputArea"><div class="jp-OutputArea-child jp-OutputArea-executeResult">
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-OutputArea-output" data-mime-type="text/markdown">
<p><strong>Over dit rapport.</strong> gemeente <strong>{naam}</strong> (GM9901); peiljaar 2024;
gemaakt op {datum} met woonzorganalyse {versie}.</p>
</div></div></div></div></div>
<div class="jp-Cell jp-CodeCell jp-Notebook-cell jp-mod-noInput"><div class="jp-Cell-outputWrapper">
<div class="jp-OutputArea jp-Cell-outputArea"><div class="jp-OutputArea-child jp-OutputArea-executeResult">
<div class="jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output jp-OutputArea-executeResult">
<div class="wz-tabel" id="wz-tabel-1"><table aria-describedby="wz-tabel-1-bron">
<caption>{caption}</caption>
<thead><tr><th scope="col">Gebied</th><th class="wz-num" scope="col">65+</th><th class="wz-num" scope="col">65+ (%)</th></tr></thead>
<tbody>
<tr><th scope="row">{naam}</th><td class="wz-num">{ouderen}</td><td class="wz-num">{aandeel}</td></tr>
<tr><th scope="row">Nederland</th><td class="wz-num">3.712.034</td><td class="wz-num">20,6%</td></tr>
<tr><th scope="row">Klein dorp</th><td class="wz-num">&lt;10</td><td class="wz-num">•</td></tr>
</tbody></table>
<p class="wz-bron" id="wz-tabel-1-bron">Bron: CBS (1 januari 2024); bewerking woonzorganalyse</p></div>
</div></div></div></div></div>
<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell"><div class="jp-Cell-inputWrapper">
<div class="jp-InputArea jp-Cell-inputArea"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">
<h2 id="Verantwoording">Verantwoording<a class="anchor-link" href="#Verantwoording">¶</a></h2>
<div class="wz-colofon"><table><caption>Bronnen</caption><thead><tr><th>Bron</th><th>Opgehaald</th></tr></thead>
<tbody><tr><td>bevolking.csv</td><td>{dag} december 2026</td></tr></tbody></table>
<p>Berekend met woonzorganalyse {versie} op {dag} december 2026, {tijd}.</p></div>
</div></div></div></div>
</main></body></html>
"""

BASE = dict(title="Heidewoude", naam="Heidewoude", ouderen="4.085", aandeel="31,0%",
            caption="Ouderen in Heidewoude, 1 januari 2024", datum="02-12-2026", versie="0.1.0",
            dag="2", tijd="17:37")


def write_report(folder: Path, name: str = "GM9901_heidewoude_10_omvang.html", **changes) -> Path:
    html = folder / "html"
    html.mkdir(parents=True, exist_ok=True)
    path = html / name
    path.write_text(REPORT.format(**{**BASE, **changes}), encoding="utf-8")
    return path


def run(capsys, *args) -> tuple[int, str]:
    code = vr.main([str(a) for a in args])
    return code, capsys.readouterr().out


def test_identical_reports_exit_0(tmp_path, capsys):
    write_report(tmp_path / "voor")
    write_report(tmp_path / "na")
    code, out = run(capsys, tmp_path / "voor", tmp_path / "na")
    assert code == 0
    assert "geen verschillen" in out
    assert "1 tabellen, 12 cellen, 0 anders" in out  # header row + 3 rows, 3 columns
    assert "Resultaat: geen verschillen" in out


def test_run_dates_versions_and_colofon_are_ignored(tmp_path, capsys):
    write_report(tmp_path / "voor")
    write_report(tmp_path / "na", datum="03-12-2026", versie="0.2.0", dag="3", tijd="09:15")
    code, out = run(capsys, tmp_path / "voor", tmp_path / "na")
    assert code == 0, out
    assert "alleen tekst anders 0" in out


def test_changed_cell_is_reported(tmp_path, capsys):
    write_report(tmp_path / "voor")
    write_report(tmp_path / "na", ouderen="4.185")
    code, out = run(capsys, tmp_path / "voor", tmp_path / "na")
    assert code == 1
    assert ("Tabel «Ouderen in Heidewoude, 1 januari 2024»: rij «Heidewoude», kolom «65+»: 4.085 → 4.185"
            in out)
    assert "Tekst: getallen anders: 4.085 → 4.185" in out  # the same number in the prose
    assert "1 anders (0 afronding)" in out


def test_one_unit_difference_is_rounding_with_tolerance(tmp_path, capsys):
    write_report(tmp_path / "voor")
    write_report(tmp_path / "na", aandeel="31,1%")
    code, out = run(capsys, tmp_path / "voor", tmp_path / "na")
    assert code == 1 and "31,0% → 31,1%" in out and "afrondingsverschil" not in out
    code, out = run(capsys, tmp_path / "voor", tmp_path / "na", "--tolerantie", "1")
    assert code == 0, out
    assert "31,0% → 31,1%  [afrondingsverschil]" in out
    assert "1 anders (1 afronding)" in out
    code, out = run(capsys, tmp_path / "voor", tmp_path / "na", "--tolerantie", "1", "--alleen-verschillen")
    assert code == 0 and "31,0% → 31,1%" not in out


def test_difference_beyond_tolerance_is_not_rounding(tmp_path, capsys):
    write_report(tmp_path / "voor")
    write_report(tmp_path / "na", aandeel="31,2%")
    code, out = run(capsys, tmp_path / "voor", tmp_path / "na", "--tolerantie", "1")
    assert code == 1
    assert "31,0% → 31,2%" in out and "[afrondingsverschil]" not in out


def test_renamed_step_is_paired_with_hernoem(tmp_path, capsys):
    write_report(tmp_path / "voor", "regio_voorbeeld-regio_60_regio_confrontatie.html")
    write_report(tmp_path / "na", "regio_voorbeeld-regio_55_confrontatie_regio.html")
    code, out = run(capsys, tmp_path / "voor", tmp_path / "na")
    assert code == 1
    assert "regio 60_regio_confrontatie: rapport alleen in VOOR" in out
    assert "regio 55_confrontatie_regio: rapport alleen in NA" in out
    code, out = run(capsys, tmp_path / "voor", tmp_path / "na",
                    "--hernoem", "60_regio_confrontatie=55_confrontatie_regio")
    assert code == 0, out
    assert "regio 55_confrontatie_regio: 1 tabellen" in out


def test_changed_caption_is_paired_by_position(tmp_path, capsys):
    write_report(tmp_path / "voor")
    write_report(tmp_path / "na", caption="Ouderen in Heidewoude (1 januari 2024)")
    code, out = run(capsys, tmp_path / "voor", tmp_path / "na")
    assert code == 1
    assert "Bijschrift anders, gekoppeld op volgorde (tabel 1)" in out
    assert "0 anders" in out  # the cells themselves are compared and equal


def test_report_name_step_and_numbers_are_parsed():
    m = vr.REPORT_RE.match("regio_gooi-en-vechtstreek_60_regio_confrontatie.html")
    assert (m[1], m[3]) == ("regio", "60_regio_confrontatie")
    assert vr.REPORT_RE.match("GM1942_gooise-meren_10_omvang.html")[3] == "10_omvang"
    assert vr.parse_number("−1.234,5%") == (Decimal("-1234.5"), 1, "%")
    assert vr.parse_number("<10") is None and vr.parse_number("•") is None
    assert vr.clean_prose("gemaakt op 02-12-2026 om 17:37 met versie 0.1.0; 1.234.567 inwoners") == \
        "gemaakt op [datum] om [datum] met versie [versie]; 1.234.567 inwoners"


def test_colofon_section_is_skipped(tmp_path):
    path = tmp_path / "GM9901_x_10_omvang.html"
    path.write_text('<div class="jp-RenderedMarkdown"><h2>Colofon</h2><p>Rekentijd 12 seconden.</p>'
                    '<h3>Bronnen</h3><p>Opgehaald 7 keer.</p><h2>Aanbod</h2><p>Er zijn 5 woningen.</p></div>',
                    encoding="utf-8")
    tables, prose = vr.load_report(path)
    assert tables == [] and prose == ["Aanbod", "Er zijn 5 woningen."]


def test_missing_folder_is_usage_error(tmp_path, capsys):
    write_report(tmp_path / "voor")
    with pytest.raises(SystemExit) as exc:
        vr.main([str(tmp_path / "voor"), str(tmp_path / "bestaat-niet")])
    assert exc.value.code == 2
