"""A land file (params/regios/nederland.yaml): all gemeenten of the source, grouped into deelregios by a
column of gemeenten.csv; every deelregio becomes a regio file that wz run can load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wzlib import land
from wzlib.fouten import ParamsFout
from wzlib.params import laad_regio

ROOT = Path(__file__).resolve().parents[1]
VOORBEELD = ROOT / "data" / "voorbeeld"


def _land(tmp_path: Path, tekst: str, bron: Path = VOORBEELD) -> Path:
    pad = tmp_path / "params" / "regios" / "land.yaml"
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(f"naam: Land\npeiljaar: 2024\nfictief: true\nbron: {{soort: voorbeeld, map: {bron}}}\n"
                   f"kengetallen_bestand: {ROOT / 'params' / 'kengetallen.yaml'}\n{tekst}", encoding="utf-8")
    return pad


def _bron_met(tmp_path: Path, corop: dict[str, str]) -> Path:
    import pandas as pd

    doel = tmp_path / "bron"
    shutil.copytree(VOORBEELD, doel)
    g = pd.read_csv(doel / "gemeenten.csv", dtype=str, keep_default_na=False)
    g["corop"] = g["gemeentecode"].map(corop).fillna("")
    g.to_csv(doel / "gemeenten.csv", index=False)
    return doel


def test_indeling_naar_kolom_geeft_deelregios_die_wz_run_kan_laden(tmp_path):
    bron = _bron_met(tmp_path, {"GM9901": "Noord", "GM9902": "Noord", "GM9903": "Zuid-Oost", "GM9904": "Zuid-Oost",
                                "GM9905": "Zuid-Oost", "GM9906": "Noord"})
    pad = _land(tmp_path, "indeling: corop\n", bron)
    assert land.is_landbestand(pad)
    land_map, deel = land.schrijf_deelregios(pad, tmp_path / "outputs")
    assert land_map == (tmp_path / "outputs" / "land").resolve()
    assert [(d.slug, d.naam, d.codes) for d, _ in deel] == [
        ("noord", "Noord", ["GM9901", "GM9902", "GM9906"]), ("zuid-oost", "Zuid-Oost", ["GM9903", "GM9904", "GM9905"])]
    for d, p in deel:
        rp = laad_regio(p)
        assert rp.naam == d.naam and rp.gemeenten == d.codes and rp.peiljaar == 2024 and rp.fictief
        assert Path(rp.bron.map) == bron


def test_gewoon_regiobestand_is_geen_landbestand():
    assert not land.is_landbestand(ROOT / "params" / "regios" / "voorbeeldregio.yaml")


@pytest.mark.parametrize("tekst, corop, melding", [
    ("indeling: woningmarktregio\n", None, "kolom 'woningmarktregio' staat niet in"),
    ("indeling: corop\ngemeenten: [GM9901]\n", None, "laat deze sleutel weg"),
    ("indeling: corop\n", {"GM9901": "Noord"}, "is leeg voor GM9902, GM9903"),
], ids=["onbekende-kolom", "gemeenten-erbij", "lege-waarde"])
def test_fouten_in_een_landbestand_noemen_bestand_en_oorzaak(tmp_path, tekst, corop, melding):
    bron = _bron_met(tmp_path, corop) if corop else VOORBEELD
    with pytest.raises(ParamsFout, match=melding):
        land.lees_land(_land(tmp_path, tekst, bron))


def test_nederland_deelt_alle_gemeenten_van_de_echte_bron_in(echt_map):
    _, instellingen, deel = land.lees_land(ROOT / "params" / "regios" / "nederland.yaml")
    codes = [c for d in deel for c in d.codes]
    assert len(codes) == len(set(codes)) == 342
    assert len(deel) == 40  # COROP-gebieden
    assert Path(instellingen["bron"]["map"]) == echt_map.resolve()
    gooi = next(d for d in deel if "GM0402" in d.codes)
    assert {"GM0376", "GM0406", "GM0417"} <= set(gooi.codes)


@pytest.mark.notebook
def test_deelregios_draaien_tegelijk_elk_met_een_worker(tmp_path):
    """With 2 workers two deelregios run at the same time, each with a pool of one warm worker (no worker
    waits while the other runs a regio step); one progress count over all notebooks; every notebook ok."""
    bron = _bron_met(tmp_path, {"GM9901": "Noord", "GM9902": "Zuid", "GM9903": "Zuid", "GM9904": "Rest",
                                "GM9905": "Rest", "GM9906": "Rest"})
    pad = _land(tmp_path, "indeling: corop\n", bron)
    assert land.aantal_tegelijk(2, 2) == min(2, land.aantal_cores())
    assert land.aantal_tegelijk(5, 2, uitvoerder=object()) == 1  # Dask: one deelregio at a time, all workers
    uit = land.run(pad, uitvoer_root=tmp_path / "outputs", toon_voortgang=False, workers=2, stappen="10_omvang",
                   notebooks_map=ROOT / "notebooks", deelregios=["noord", "zuid"])
    assert [u.regionaam for u in uit] == ["Noord", "Zuid"]
    assert [u.workers for u in uit] == [1, 1] if land.aantal_cores() > 1 else [1]
    assert {(r.gemeente, r.status) for u in uit for r in u.rijen} == {
        ("GM9901", "ok"), ("GM9902", "ok"), ("GM9903", "ok")}
    assert land.exitcode(uit) == 0


def test_stop_onderbreekt_een_lopende_run(tmp_path):
    """The stop event of a threaded land run works like Ctrl-C: the running notebook is stopped, nothing is
    marked ok, and the run reports itself as interrupted."""
    import threading

    from wzlib import batch

    stop = threading.Event()
    gemeld = []
    stop.set()
    res = batch.run(regio_yaml_voor(tmp_path), stappen="10_omvang", workers=1, toon_voortgang=False,
                    uitvoer_root=tmp_path / "outputs", notebooks_map=ROOT / "notebooks", stop=stop, melder=lambda n, r: gemeld.append((n, r)))
    assert res.onderbroken and res.exitcode == 130
    assert [r.status for r in res.rijen] == ["onderbroken"]
    assert gemeld == [(1, None)]  # announced, never reported done


def regio_yaml_voor(tmp_path: Path) -> Path:
    from conftest import regio_yaml

    return regio_yaml(tmp_path)
