"""Stap 5 (confrontatie): notebooks/50_confrontatie.ipynb end to end.

- every demo gemeente, from the session's full demo run (``demo_uitvoer``), with the example partner
  sheets in data/voorbeeld/partners (Heidewoude shows the whole loop: an applied correction, a
  conflicting correction that is not applied, a disagreement, the measured recognition share);
- Heidewoude again, executed with papermill on a copy of that run, with a regio file that accepts one
  of the conflicting corrections and without the regio's verdeling (the optional input of stap spreiding):
  the accepted value flows into the saved gaps and the report says the verdeling is missing;
- Hilversum (Gooi en Vechtstreek) on the real data in ../shared/data/echt (``echt_uitvoer``), without
  partner sheets: the partner section says none were returned.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from conftest import kopie_van

from wzlib import catalogus as T
from wzlib import confrontatie as C
from wzlib import confrontatie_partners as CP
from wzlib import paden, resultaten, stappen
from wzlib.groepen import WOONVORMEN

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / f"{stappen.CONFRONTATIE.notebook}.ipynb"
DEMO = ["GM9901", "GM9902", "GM9903", "GM9904", "GM9905", "GM9906"]
HILVERSUM = "GM0402"


def _notebook(regio_map: Path, gemeente: str) -> nbformat.NotebookNode:
    """The executed notebook of the full run."""
    return nbformat.read(paden.notebook_uitvoer(regio_map / gemeente, stappen.CONFRONTATIE.notebook), as_version=4)


def _tekst(nb: nbformat.NotebookNode) -> str:
    delen = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o.get("output_type") != "error", f"{o.get('ename')}: {o.get('evalue')}"
            d = o.get("data", {})
            delen.append(d.get("text/markdown", "") + d.get("text/html", ""))
    return "\n".join(delen)


def _controleer_resultaten(regio_map: Path, gemeente: str) -> dict[str, pd.DataFrame]:
    """Every table of the step, read through the catalogue (which checks kinds and the gemeente's rows)."""
    r = {t.naam: resultaten.lees(regio_map, gemeente, t) for t in stappen.CONFRONTATIE.schrijft}
    assert list(r["confrontatie"].columns) == C.CONFRONTATIE_KOLOMMEN
    assert set(r["confrontatie"]["woonvorm"]) == set(WOONVORMEN)
    assert (r["confrontatie"]["gemeentecode"] == gemeente).all()
    assert list(r["urgentie"].columns) == C.URGENTIE_KOLOMMEN
    assert list(r["audit"].columns) == CP.AUDIT_KOLOMMEN
    b = r["bevindingen"]
    assert b["id"].is_unique and b["id"].str.startswith(gemeente).all()
    assert {"waarde_data", "waarde", "gecorrigeerd"} <= set(b.columns)
    # reacties: the gemeente's own findings and the general questions, nothing of other gemeenten
    assert r["reacties"]["gemeentecode"].isna().sum() + (r["reacties"]["gemeentecode"] == gemeente).sum() == \
        len(r["reacties"])
    return r


def test_notebook_heidewoude_met_partnerbladen(demo_uitvoer):
    regio_map = demo_uitvoer / "voorbeeldregio"
    r = _controleer_resultaten(regio_map, "GM9901")
    tekst = _tekst(_notebook(regio_map, "GM9901"))
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
    assert (v["tekort_met_plan"] == v["vraag"] - 126 - v["plan_cumulatief"]).all()
    assert "conflict" in tekst and "onenigheid" in tekst and "niet gemiddeld" in tekst
    assert "Toets 'data stemt overeen met ervaring en beleving'" in tekst and "geheel of deels" in tekst
    assert "<img" in tekst
    # the urgent share is stored as a fraction
    u = r["urgentie"]
    assert ((u["aandeel"] - u["vraag_urgent"] / u["mutaties"]).abs() < 1e-9).all() and (u["norm"] == 0.30).all()


@pytest.mark.parametrize("gemeente", DEMO[1:])
def test_notebook_voorbeeldregio(demo_uitvoer, gemeente):
    regio_map = demo_uitvoer / "voorbeeldregio"
    _controleer_resultaten(regio_map, gemeente)
    nb = _notebook(regio_map, gemeente)
    assert "Wat zeggen de partners?" in "\n".join(c.source for c in nb.cells)
    tekst = _tekst(nb)  # no error outputs
    assert "Toedeling van de regionale opgave aan" in tekst  # the regio's verdeling was there


def _regio_met_acceptatie(tmp_path: Path) -> Path:
    """A copy of the voorbeeldregio params (absolute paths) accepting Zorggroep's correction of geclusterd."""
    ruw = yaml.safe_load((ROOT / "params" / "regios" / "voorbeeldregio.yaml").read_text(encoding="utf-8"))
    ruw["bron"]["map"] = str(ROOT / "data" / "voorbeeld")
    ruw["lokaal"] = str(ROOT / "data" / "voorbeeld" / "lokaal")
    ruw["kengetallen_bestand"] = str(ROOT / "params" / "kengetallen.yaml")
    ruw["confrontatie"] = {"geaccepteerd": [{"bevinding": "GM9901-aanbod-geclusterd", "partner": "Zorggroep Voorbeeld",
                                             "reden": "hofjes tellen mee"}]}
    pad = tmp_path / "project" / "params" / "regios" / "voorbeeld-acceptatie.yaml"
    pad.parent.mkdir(parents=True)
    pad.write_text(yaml.safe_dump(ruw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pad


def test_notebook_geaccepteerde_correctie_zonder_verdeling(demo_uitvoer, tmp_path):
    pm = pytest.importorskip("papermill")
    regio_map = kopie_van(demo_uitvoer, tmp_path / "outputs") / "voorbeeldregio"
    paden.resultaat_bestand(regio_map / paden.REGIO, stappen.SPREIDING.notebook, T.VERDELING.naam).unlink()
    doel = tmp_path / "50.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(doel), parameters={"regio": str(_regio_met_acceptatie(tmp_path)),
                                                              "gemeente": "GM9901",
                                                              "uitvoer_map": str(regio_map / "GM9901")},
                        kernel_name="python3", engine_name="wz-warm", cwd=str(ROOT), progress_bar=False)
    tekst = _tekst(nbformat.read(doel, as_version=4))
    assert f"De regionale verdeling ({stappen.SPREIDING.naam}) is nog niet gemaakt" in tekst
    assert "De regionale verdeling is (nog) niet beschikbaar voor Heidewoude" in tekst
    r = _controleer_resultaten(regio_map, "GM9901")
    a = r["audit"].set_index(["bevinding", "partner"])
    z = a.loc[("GM9901-aanbod-geclusterd", "Zorggroep Voorbeeld")]
    assert z["toegepast"] and "geaccepteerd" in z["status"] and "hofjes tellen mee" in z["status"]
    assert not a.loc[("GM9901-aanbod-geclusterd", "Woonstichting Voorbeeld"), "toegepast"]
    nieuw, oud = z["nieuw"], z["oud"]
    assert r["bevindingen"].set_index("id").at["GM9901-aanbod-geclusterd", "waarde"] == nieuw
    # the gaps of geclusterd are computed again with the accepted supply; demand and plans are unchanged
    voor = resultaten.lees(demo_uitvoer / "voorbeeldregio", "GM9901", T.CONFRONTATIE)
    sleutel = ["woonvorm", "jaar", "variant"]
    m = r["confrontatie"].merge(voor, on=sleutel, suffixes=("", "_voor"))
    g = m[m["woonvorm"] == "geclusterd"]
    assert len(g) and (g["aanbod"] == nieuw).all() and (g["aanbod_voor"] == oud).all()
    assert ((g["vraag"] == g["vraag_voor"]) & (g["plan_cumulatief"] == g["plan_cumulatief_voor"])).all()
    assert ((g["tekort_met_plan"] - (g["tekort_met_plan_voor"] + oud - nieuw)).abs() < 1e-9).all()
    assert g["methode"].str.contains("gecorrigeerd door Zorggroep Voorbeeld").all()
    anders = m[m["woonvorm"] != "geclusterd"]
    assert (anders["tekort_met_plan"].fillna(-1e9) == anders["tekort_met_plan_voor"].fillna(-1e9)).all()
    meta = resultaten.meta(regio_map, "GM9901", stappen.CONFRONTATIE)
    assert meta["n_conflicten"] == 1 and meta["n_toegepast"] == 2
    assert any("verdeling" in z for z in meta["ontbrekende_invoer"])


@pytest.mark.echt
def test_notebook_gooi_en_vechtstreek_hilversum(echt_uitvoer):
    regio_map = echt_uitvoer / "gooi-en-vechtstreek"
    r = _controleer_resultaten(regio_map, HILVERSUM)
    tekst = _tekst(_notebook(regio_map, HILVERSUM))
    assert "geen reviewbladen van partners teruggekomen" in tekst
    assert r["reacties"].empty and r["audit"].empty
    # no local inputs: the notebook says so instead of failing
    assert "Lokale invoer 'woningmarkt' is niet aangeleverd" in tekst
    assert "/work/" not in tekst and str(echt_uitvoer) not in tekst
    # demand from the real-data prognosis, the same figure as stap prognose's vraag table
    c = r["confrontatie"]
    v = c[(c["woonvorm"] == "verpleegzorg") & (c["variant"] == "midden") & (c["jaar"] == 2031)]
    vraag = resultaten.lees(regio_map, HILVERSUM, T.VRAAG)
    p = vraag[(vraag["woonvorm"] == "verpleegzorg") & (vraag["variant"] == "midden") & (vraag["jaar"] == 2031)]
    assert len(v) == 1 and v["vraag"].iloc[0] > 0 and v["vraag"].iloc[0] == pytest.approx(p["aantal"].sum())
