"""The ``wz`` command as a user calls it: exit codes and Dutch messages (CBS only over loopback)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import verbied_kernels

from wzlib import cli

try:  # tests/ as a package or as rootdir-inserted folder
    from tests.odata_server import cbs_offline, cbs_server  # noqa: F401
except ImportError:  # pragma: no cover
    from odata_server import cbs_offline, cbs_server  # noqa: F401


ROOT = Path(__file__).resolve().parents[1]


def _regio(root: Path, tekst: str, slug: str = "testregio") -> str:
    """A regio file in a project at ``root`` with the real kengetallen file and step notebooks."""
    pad = root / "params" / "regios" / f"{slug}.yaml"
    pad.parent.mkdir(parents=True, exist_ok=True)
    kg = root / "params" / "kengetallen.yaml"
    if not kg.exists():
        shutil.copy(ROOT / "params" / "kengetallen.yaml", kg)
        (root / "notebooks").symlink_to(ROOT / "notebooks", target_is_directory=True)
    pad.write_text(tekst, encoding="utf-8")
    return str(pad)


CBS_REGIO = """naam: Testregio CBS
peiljaar: 2024
bron: {soort: cbs}
gemeenten: [GM0402, GM0317]
"""


def test_controleer_voorbeeldregio(capsys, monkeypatch):
    verbied_kernels(monkeypatch)
    assert cli.main(["controleer", "--regio", "voorbeeldregio"]) == 0
    uit = capsys.readouterr().out
    assert "Heidewoude (GM9901)" in uit and "Lindehout (GM9906)" in uit
    assert "lokaal/aandachtsgroepen" in uit
    assert "Stap 1 – Omvang" in uit and "Stap 5 – Confrontatie regio" in uit  # the registry's steps
    assert "Alles in orde." in uit


def test_controleer_noemt_de_foute_sleutel(tmp_path, capsys):
    pad = _regio(tmp_path, "naam: X\npeiljaar: 2024\nbron: {soort: voorbeeld, map: data}\ngemeenten: [GM9901]\n"
                           "gemeentes: [GM9902]\n")
    assert cli.main(["controleer", "--regio", pad]) == 2
    fout = capsys.readouterr().err
    assert fout.startswith("wz: ") and "gemeentes" in fout and "testregio.yaml" in fout
    assert "Traceback" not in fout


def test_run_met_onbekende_stap_of_gemeente_stopt_voor_een_kernel(capsys, monkeypatch):
    verbied_kernels(monkeypatch)
    assert cli.main(["run", "--regio", "voorbeeldregio", "--stappen", "prognoze"]) == 2
    fout = capsys.readouterr().err
    assert fout.startswith("wz: Onbekende stap 'prognoze'") and "prognose (30_prognose)" in fout
    assert cli.main(["run", "--regio", "voorbeeldregio", "--gemeenten", "Heidewoud"]) == 2
    assert "Gemeente 'Heidewoud' hoort niet bij regio" in capsys.readouterr().err


def test_onbekende_gemeente_krijgt_suggestie(tmp_path, capsys):
    voorbeeld = Path(cli.__file__).resolve().parents[1] / "data" / "voorbeeld"
    pad = _regio(tmp_path, f"naam: X\npeiljaar: 2024\nfictief: true\nbron: {{soort: voorbeeld, map: {voorbeeld}}}\n"
                           "gemeenten: [Heidewoud]\n")
    assert cli.main(["controleer", "--regio", pad]) == 2
    assert "Heidewoude" in capsys.readouterr().err


def test_template_schrijft_en_overschrijft_niet_zomaar(tmp_path, capsys):
    doel = tmp_path / "lokaal"
    assert cli.main(["template", "--regio", "voorbeeldregio", "--map", str(doel)]) == 0
    namen = {p.name for p in doel.iterdir()}
    assert {"aanbod.csv", "aandachtsgroepen.csv", "lokale_invoer.xlsx"} <= namen
    inhoud = (doel / "aanbod.csv").read_bytes()
    capsys.readouterr()
    assert cli.main(["template", "--regio", "voorbeeldregio", "--map", str(doel)]) == 2
    assert "overschrijven" in capsys.readouterr().err
    assert (doel / "aanbod.csv").read_bytes() == inhoud


def test_data_fetch_en_status_via_loopback(cbs_server, tmp_path, capsys):
    pad = _regio(tmp_path, CBS_REGIO)
    assert cli.main(["data", "status", "--regio", pad]) == 0
    assert "Geen CBS-tabellen in de cache" in capsys.readouterr().out
    assert cli.main(["data", "fetch", "--regio", pad]) == 0
    assert "03759ned" in capsys.readouterr().out.lower()
    cache = tmp_path / "data" / "cache" / "cbs"
    assert list(cache.rglob("*.parquet")) and list(cache.rglob("*.json"))
    assert cli.main(["data", "status", "--regio", pad]) == 0
    status = capsys.readouterr().out
    assert "03759ned" in status.lower()
    # after the fetch, controleer works from the cache
    assert cli.main(["controleer", "--regio", pad]) == 0
    uit = capsys.readouterr().out
    assert "Hilversum (GM0402)" in uit and "Alles in orde." in uit


def test_offline_zonder_cache_noemt_tabel_en_commando(cbs_offline, tmp_path, capsys):
    pad = _regio(tmp_path, CBS_REGIO)
    assert cli.main(["controleer", "--regio", pad]) == 2
    fout = capsys.readouterr().err
    assert "03759ned" in fout.lower() and "wz data fetch" in fout
    assert "Traceback" not in fout


def test_publish_zonder_run_is_een_nette_fout(tmp_path, capsys, monkeypatch):
    pad = _regio(tmp_path, "naam: Leeg\npeiljaar: 2024\nfictief: true\nbron: {soort: voorbeeld, map: "
                           f"{Path(cli.__file__).resolve().parents[1] / 'data' / 'voorbeeld'}}}\ngemeenten: [GM9901]\n")
    monkeypatch.setenv("WZ_PROJECT", str(tmp_path))
    assert cli.main(["publish", "--regio", pad]) == 2
    assert "wz run" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["run"], ["data"], ["onbekend"]])
def test_argumentfouten_geven_exitcode_2(argv, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(argv)
    assert e.value.code == 2
