"""Stap 5 (confrontatie): notebooks/50_confrontatie.ipynb end to end under papermill.

- every demo gemeente, with the example partner sheets in data/voorbeeld/partners (Heidewoude shows
  the whole loop: an applied correction, a conflicting correction that is not applied, a disagreement,
  the measured recognition share);
- Hilversum (Gooi en Vechtstreek) on the real data in ../shared/data/echt, without partner sheets: the
  partner section says none were returned.

The notebook reads earlier steps' results through ``A.resultaat`` (``outputs/<regio>/<gemeente>``
under the project root), so each test builds a small project in a temp folder: a copy of the regio
yaml with absolute paths, then 10_omvang, 20_aanbod and 30_prognose (when those notebooks exist) and
50_confrontatie for the gemeente. Skipped cleanly when papermill, the regio file or the real data is
absent.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ECHT = Path(__file__).resolve().parents[2] / "shared" / "data" / "echt"
NOTEBOOKS = ROOT / "notebooks"
VOORAF = ["10_omvang", "20_aanbod", "30_prognose"]
DEMO = ["GM9901", "GM9902", "GM9903", "GM9904", "GM9905", "GM9906"]
HILVERSUM = "GM0402"


def _project(tmp: Path, regio: str) -> Path:
    """A temp project with params/regios/<regio>.yaml (paths made absolute) and the kengetallen."""
    bron = ROOT / "params" / "regios" / f"{regio}.yaml"
    if not bron.exists():
        pytest.skip(f"{bron} ontbreekt")
    d = yaml.safe_load(bron.read_text(encoding="utf-8"))
    d["bron"]["map"] = str((ROOT / d["bron"]["map"]).resolve())
    if d.get("lokaal"):
        d["lokaal"] = str((ROOT / d["lokaal"]).resolve())
    (tmp / "params" / "regios").mkdir(parents=True, exist_ok=True)
    pad = tmp / "params" / "regios" / f"{regio}.yaml"
    pad.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    k = ROOT / "params" / "kengetallen.yaml"
    if k.exists():
        (tmp / "params" / "kengetallen.yaml").write_bytes(k.read_bytes())
    return pad


def _draai(tmp: Path, regio: str, gemeente: str) -> tuple[Path, nbformat.NotebookNode]:
    """Run the earlier steps (when present) and 50_confrontatie; return the result folder and the notebook."""
    pm = pytest.importorskip("papermill")
    pad = _project(tmp, regio)
    for stap in [*VOORAF, "50_confrontatie"]:
        nb = NOTEBOOKS / f"{stap}.ipynb"
        if not nb.exists():
            if stap == "50_confrontatie":
                pytest.fail("notebooks/50_confrontatie.ipynb ontbreekt")
            continue  # the confrontatie notebook must then say the result is missing
        uit = tmp / "uitgevoerd" / f"{stap}_{gemeente}.ipynb"
        uit.parent.mkdir(parents=True, exist_ok=True)
        pm.execute_notebook(str(nb), str(uit), parameters={"regio": str(pad), "gemeente": gemeente},
                            kernel_name="python3", cwd=str(tmp), progress_bar=False)
    return tmp / "outputs" / regio / gemeente / "50_confrontatie", nbformat.read(uit, as_version=4)


def _tekst(nb: nbformat.NotebookNode) -> str:
    delen = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o.get("output_type") != "error", f"{o.get('ename')}: {o.get('evalue')}"
            d = o.get("data", {})
            delen.append(d.get("text/markdown", "") + d.get("text/html", ""))
    return "\n".join(delen)


def _controleer_resultaten(map_: Path, gemeente: str) -> dict[str, pd.DataFrame]:
    from wzlib import confrontatie as C

    r = {t: pd.read_parquet(map_ / f"{t}.parquet") for t in ("confrontatie", "urgentie", "bevindingen", "reacties", "audit")}
    assert list(r["confrontatie"].columns) == C.CONFRONTATIE_KOLOMMEN
    assert set(r["confrontatie"]["woonvorm"]) == set(C.WOONVORMEN)
    assert (r["confrontatie"]["gemeentecode"] == gemeente).all()
    assert list(r["urgentie"].columns) == C.URGENTIE_KOLOMMEN
    assert list(r["audit"].columns) == C.AUDIT_KOLOMMEN
    b = r["bevindingen"]
    assert b["id"].is_unique and b["id"].str.startswith(gemeente).all()
    assert {"waarde_data", "waarde", "gecorrigeerd"} <= set(b.columns)
    return r


@pytest.mark.notebook
def test_notebook_heidewoude_met_partnerbladen(tmp_path):
    map_, nb = _draai(tmp_path, "voorbeeldregio", "GM9901")
    r = _controleer_resultaten(map_, "GM9901")
    tekst = _tekst(nb)
    # the whole loop: three partners answered, one conflict shown (not averaged), one correction applied
    assert {"Woonstichting Voorbeeld", "Zorggroep Voorbeeld", "Zorgkantoor Voorbeeld"} <= set(r["reacties"]["partner"])
    a = r["audit"].set_index(["bevinding", "partner"])
    assert not a.loc[("GM9901-aanbod-geclusterd", "Woonstichting Voorbeeld"), "toegepast"]
    assert a.loc[("GM9901-aanbod-geclusterd", "Zorggroep Voorbeeld"), "status"].startswith("conflict")
    assert a.loc[("GM9901-aanbod-verpleegzorg", "Zorgkantoor Voorbeeld"), "toegepast"]
    b = r["bevindingen"].set_index("id")
    assert b.at["GM9901-aanbod-geclusterd", "waarde"] == b.at["GM9901-aanbod-geclusterd", "waarde_data"]
    assert b.at["GM9901-aanbod-verpleegzorg", "waarde"] == 126
    # the corrected supply flows into the saved gaps
    c = r["confrontatie"]
    v = c[(c["woonvorm"] == "verpleegzorg") & (c["variant"] == "midden")]
    assert (v["aanbod"] == 126).all() and v["methode"].str.contains("gecorrigeerd door Zorgkantoor").all()
    assert "conflict" in tekst and "onenigheid" in tekst and "niet gemiddeld" in tekst
    assert "Toets 'data stemt overeen met ervaring en beleving'" in tekst and "geheel of deels" in tekst
    assert "Lijndiagram" in tekst or "<img" in tekst


@pytest.mark.notebook
@pytest.mark.parametrize("gemeente", DEMO[1:])
def test_notebook_voorbeeldregio(tmp_path, gemeente):
    map_, nb = _draai(tmp_path, "voorbeeldregio", gemeente)
    _controleer_resultaten(map_, gemeente)
    assert "Wat zeggen de partners?" in "\n".join(c.source for c in nb.cells)
    _tekst(nb)  # no error outputs


@pytest.mark.notebook
@pytest.mark.echt
def test_notebook_gooi_en_vechtstreek_hilversum(tmp_path):
    if not (ECHT / "bevolking.csv").exists():
        pytest.skip(f"echte gegevens ontbreken ({ECHT})")
    map_, nb = _draai(tmp_path, "gooi-en-vechtstreek", HILVERSUM)
    r = _controleer_resultaten(map_, HILVERSUM)
    tekst = _tekst(nb)
    assert "geen reviewbladen van partners teruggekomen" in tekst
    assert r["reacties"].empty and r["audit"].empty
    # no local inputs: the notebook says so instead of failing
    assert "Lokale invoer 'woningmarkt' is niet aangeleverd" in tekst
    if (NOTEBOOKS / "30_prognose.ipynb").exists():
        c = r["confrontatie"]
        v = c[(c["woonvorm"] == "verpleegzorg") & (c["variant"] == "midden") & (c["jaar"] == 2031)]
        assert len(v) == 1 and v["vraag"].iloc[0] > 0  # demand from the real-data prognosis
