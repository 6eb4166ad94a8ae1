"""Stap 4 notebook (40_spreiding, per regio) end to end.

- On the real CBS data (../shared/data/echt, regio gooi-en-vechtstreek, peiljaar 2021), from the session's
  full run (``echt_uitvoer``): the executed notebook draws the real gemeente map (saved to
  /tmp/wz_spreiding_gooi_kaart.png for a visual check), and its result tables hold values one gets from
  the source CSVs and from the earlier steps' result tables directly (75+ per gemeente, the
  concentratie-index of 75+, wijk shares, the own demand of each gemeente). Skipped when the data are absent.
- On the fictional voorbeeldregio, executed with papermill on a copy of the full demo run (``demo_uitvoer``)
  with a copy of its params holding a swap ledger: allocations sum to the regional totals under every key
  and after the swaps, the ledger is in the results, the wijk map is drawn from the demo boundaries; a swap
  that would make an allocation negative stops the notebook with a Dutch message; a gemeente without its
  prognose stops it with the gemeente and the step named (no recomputation, no silently different result).
"""

from __future__ import annotations

import base64
import csv
import math
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from conftest import kopie_van

from wzlib import catalogus as T
from wzlib import paden, resultaten, stappen
from wzlib import verdeling as vd
from wzlib.confrontatie import aanbod_per_woonvorm
from wzlib.getal import heel
from wzlib.params import Spreiding

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[1]
ECHT = Path(__file__).resolve().parents[2] / "shared" / "data" / "echt"
NOTEBOOK = ROOT / "notebooks" / f"{stappen.SPREIDING.notebook}.ipynb"
GOOI = ["GM0317", "GM0376", "GM0402", "GM0406", "GM0417", "GM1696", "GM1942"]
REGIO = paden.REGIO


def _draai(regio: str, uitvoer_map: Path, doel: Path) -> Path:
    import papermill as pm

    pm.execute_notebook(str(NOTEBOOK), str(doel), parameters={"regio": regio, "uitvoer_map": str(uitvoer_map)},
                        kernel_name="python3", engine_name="wz-warm", cwd=str(ROOT), progress_bar=False)
    return doel


def _uitvoer(nb_pad: Path) -> tuple[str, list[bytes]]:
    """(all html/markdown text a reader sees, the PNG images in order); fails on an error cell."""
    nb = nbformat.read(nb_pad, as_version=4)
    tekst, beelden = [], []
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o.get("output_type") != "error", f"foutcel: {o.get('ename')}: {o.get('evalue')}"
            data = o.get("data", {})
            h = data.get("text/html", "")
            tekst += [h, data.get("text/markdown", "")]
            beelden += [base64.b64decode(b) for b in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", h)]
    return "\n".join(tekst), beelden


def _som(pad: Path, gemeente: str, jaar: int, van: int) -> int:
    """Sum of 'aantal' (geslacht totaal) over the age classes >= van in bevolking.csv, read directly."""
    totaal = 0
    with open(pad, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if (r["gemeentecode"] == gemeente and int(r["jaar"]) == jaar and r["geslacht"] == "totaal"
                    and int(r["leeftijd_van"]) >= van):
                totaal += int(r["aantal"])
    return totaal


def _totalen_kloppen(regio_map: Path) -> pd.DataFrame:
    """Every key adds up to the regional total (art. 29: up to n - 1 more); the total is Σ heel(own demand)."""
    v = resultaten.lees(regio_map, REGIO, T.VERDELING)
    o = resultaten.lees(regio_map, REGIO, T.OPGAVE).set_index("groep")
    assert (v["toedeling"] >= 0).all()
    for (sleutel, groep), d in v.groupby(["sleutel", "groep"]):
        som, totaal = int(d["toedeling"].sum()), int(o.loc[groep, "totaal"])
        if (d["afronding"] == vd.ART29).all():
            assert totaal <= som < totaal + len(d), (sleutel, groep)
        else:
            assert som == totaal, (sleutel, groep, som, totaal)
    assert set(v["sleutel"]) == set(vd.SLEUTELS)
    # without swaps, 'eigen behoefte' gives each gemeente exactly its own figure
    eb = v[(v["sleutel"] == vd.EIGEN_BEHOEFTE) & (v["ruiling"] == 0)]
    assert (eb["toedeling"] == eb["toedeling_berekend"]).all()
    return v


# ------------------------------------------------------------------------------------------ echte gegevens
@pytest.mark.echt
def test_echt_gooi_en_vechtstreek(echt_uitvoer):
    if not (ECHT / "geo").is_dir():
        pytest.skip(f"grenzen ontbreken ({ECHT / 'geo'})")
    regio_map = echt_uitvoer / "gooi-en-vechtstreek"
    tekst, beelden = _uitvoer(paden.notebook_uitvoer(regio_map / REGIO, stappen.SPREIDING.notebook))
    assert len(beelden) >= 2, "kaart en grafiek verwacht"
    kaart = Path("/tmp/wz_spreiding_gooi_kaart.png")
    kaart.write_bytes(beelden[0])
    assert beelden[0][:8] == b"\x89PNG\r\n\x1a\n"
    for naam in ("Hilversum", "Laren", "Eemnes", "Gooise Meren", "Wijdemeren", "Blaricum", "Huizen"):
        assert naam in tekst
    assert "omvang, woningvoorraad, aanbod en vraag van alle 7 gemeenten uit hun eigen resultaten" in tekst
    assert "resultaten van Stap 1 – Omvang, Stap 2 – Aanbod en Stap 3 – Prognose" in tekst  # source line
    assert "Geen lokale invoer voor deze regio" in tekst
    assert "geen wijkgrenzen" in tekst
    # no local paths in a partner report
    assert "/work/" not in tekst and str(ROOT) not in tekst and str(echt_uitvoer) not in tekst

    # concentratie of 75+: from the CSV directly
    c = resultaten.lees(regio_map, REGIO, T.CONCENTRATIE)
    o75 = c[c["groep"] == "ouderen_75"].set_index("gemeentecode")
    assert set(o75.index) == set(GOOI)
    aantal = {g: _som(ECHT / "bevolking.csv", g, 2021, 75) for g in GOOI}
    inw = {g: _som(ECHT / "bevolking.csv", g, 2021, 0) for g in GOOI}
    assert aantal["GM0402"] == 8005  # Hilversum, README of the data
    for g in GOOI:
        assert o75.loc[g, "aantal"] == aantal[g]
        assert o75.loc[g, "aandeel_regio"] == pytest.approx(aantal[g] / sum(aantal.values()))  # a fraction
        verwacht = (aantal[g] / sum(aantal.values())) / (inw[g] / sum(inw.values()))
        assert o75.loc[g, "concentratie_index"] == pytest.approx(verwacht)
    assert o75["concentratie_index"].idxmax() == "GM0417"  # Laren: the oldest gemeente of the regio
    laren = aantal["GM0417"] / inw["GM0417"]
    assert f"Laren ({laren:.1%})".replace(".", ",") == "Laren (16,9%)" and "Laren (16,9%)" in tekst  # on the map

    # wijken ranked by share 65+ (a fraction), from wijken.csv directly
    w = resultaten.lees(regio_map, REGIO, T.WIJKEN_OUDEREN)
    assert set(w["gemeentecode"]) <= set(GOOI) and len(w) > 20
    assert w["aandeel_65_plus"].is_monotonic_decreasing and w["rang"].tolist() == list(range(1, len(w) + 1))
    with open(ECHT / "wijken.csv", encoding="utf-8") as f:
        rij = next(r for r in csv.DictReader(f) if r["gebiedscode"] == w.iloc[0]["gebiedscode"])
    assert w.iloc[0]["aandeel_65_plus"] == pytest.approx(int(rij["leeftijd_65_plus"]) / int(rij["inwoners"]))

    # no local input: the bouwopgave is divided; lokale kenmerken uses the corporatie stock (CBS 82900NED, stap
    # aanbod) as the stated stand-in for the sociale huurvoorraad, so it is not simply naar rato
    v = _totalen_kloppen(regio_map)
    assert v["groep"].str.startswith("woonvorm:").all()
    nr = v[v["sleutel"] == vd.NAAR_RATO].set_index(["groep", "gemeentecode"])["toedeling"]
    lk = v[v["sleutel"] == vd.LOKALE_KENMERKEN].set_index(["groep", "gemeentecode"])["toedeling"]
    assert set(nr.index) == set(lk.index) and not nr.equals(lk)
    k = resultaten.lees(regio_map, REGIO, T.KENMERKEN).set_index("gemeentecode")
    for code in GOOI:
        wv_c = resultaten.lees(regio_map, code, T.WONINGVOORRAAD).iloc[0]
        assert k.loc[code, "sociale_huurvoorraad"] == pytest.approx(wv_c["corporatie_woningen"])
    assert "als benadering het bezit van woningcorporaties" in tekst
    # 'eigen behoefte' = heel(the gemeente's own demand in the doeljaar 2031), read from its prognose result
    doeljaar = resultaten.meta(regio_map, REGIO, stappen.SPREIDING)["doeljaar"]
    assert doeljaar == 2031  # peiljaar + termijn_jaren (10)
    # where the supply of a woonvorm is known in every gemeente it is the bouwopgave = heel(max(0, vraag - aanbod))
    # (no plans without local input), never the total demand; otherwise it is called vraag and equals it
    eb = v[v["sleutel"] == vd.EIGEN_BEHOEFTE]
    soort = resultaten.lees(regio_map, REGIO, T.OPGAVE).set_index("groep")["soort"]
    for code in GOOI:
        vraag = resultaten.lees(regio_map, code, T.VRAAG)
        vraag = vraag[(vraag["jaar"] == doeljaar) & (vraag["variant"] == "midden")].set_index("woonvorm")["aantal"]
        aanbod = aanbod_per_woonvorm(resultaten.lees(regio_map, code, T.AANBOD),
                                     resultaten.lees(regio_map, code, T.WONINGVOORRAAD), gemeente=code,
                                     peiljaar=2021).set_index("woonvorm")["aanbod"]
        d = eb[eb["gemeentecode"] == code].set_index("groep")["toedeling"]
        for groep, n in d.items():
            wv = groep.removeprefix("woonvorm:")
            if soort[groep] == vd.SOORT_BOUWOPGAVE:
                assert n == heel(max(0.0, vraag[wv] - aanbod[wv])), (code, groep)
                assert aanbod[wv] <= 0.5 or n != heel(vraag[wv]), (code, groep)
            else:
                assert soort[groep] == vd.SOORT_VRAAG and n == heel(vraag[wv]), (code, groep)
    for groep, s in soort.items():  # the report calls it bouwopgave only where it is one
        kop = "Bouwopgave: " if s == vd.SOORT_BOUWOPGAVE else "Vraag (aanbod onbekend): "
        assert kop in tekst, groep
    if (soort == vd.SOORT_VRAAG).all():
        assert "Bouwopgave: " not in tekst
    # the 30 % table uses stap aanbod's woningvoorraad and, without local sociale huur, the corporatie stock
    s30 = resultaten.lees(regio_map, REGIO, T.SOCIALE_HUUR_30).set_index("gemeentecode")
    wv = resultaten.lees(regio_map, "GM0402", T.WONINGVOORRAAD).iloc[0]
    assert s30.loc["GM0402", "woningvoorraad"] == wv["woningvoorraad"] == 42_979
    assert s30.loc["GM0402", "tekort"] == pytest.approx(0.30 * wv["woningvoorraad"] - wv["corporatie_woningen"])
    assert not s30["status"].str.startswith("onbekend").any() and (s30["doel"] == 0.30).all()
    assert resultaten.lees(regio_map, REGIO, T.RUILINGEN).empty


# ------------------------------------------------------------------------------------------ voorbeeldregio
def _regio_met_ruilingen(tmp_path: Path) -> Path:
    """A copy of the voorbeeldregio params (absolute paths) with a spreiding section and two swaps."""
    ruw = yaml.safe_load((ROOT / "params" / "regios" / "voorbeeldregio.yaml").read_text(encoding="utf-8"))
    ruw["bron"]["map"] = str(ROOT / "data" / "voorbeeld")
    ruw["lokaal"] = str(ROOT / "data" / "voorbeeld" / "lokaal")
    ruw["kengetallen_bestand"] = str(ROOT / "params" / "kengetallen.yaml")
    ruw["spreiding"] = {
        "gewichten": {"sociale_huurvoorraad": 0.3, "mutaties": 0.5, "voorzieningen": 0.2},
        "concentratiestraf": 0.5,
        "ruilingen": [
            {"van": "GM9902", "naar": "GM9903", "aantal": 10, "groep": "statushouders",
             "reden": "Leerhoven heeft een nieuw complex voor statushouders", "sleutel": "naar_rato"},
            {"van": "GM9902", "naar": "GM9906", "aantal": 2, "groep": "medische_urgentie",
             "reden": "compensatie tegen opvangplaatsen"},
        ],
        "taakstellingen": [{"groep": "statushouders", "totaal": 100, "periode": "2e helft 2024"}],
    }
    map_ = tmp_path / "project" / "params" / "regios"
    map_.mkdir(parents=True)
    pad = map_ / "voorbeeld-ruil.yaml"
    pad.write_text(yaml.safe_dump(ruw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pad


def test_voorbeeldregio_met_ruilingen(demo_uitvoer, tmp_path):
    regio = _regio_met_ruilingen(tmp_path)
    regio_map = kopie_van(demo_uitvoer, tmp_path / "outputs") / "voorbeeldregio"
    nb = _draai(str(regio), regio_map / REGIO, tmp_path / "40.ipynb")
    tekst, beelden = _uitvoer(nb)
    assert len(beelden) == 3  # gemeentekaart, wijkkaart, lastgrafiek
    Path("/tmp/wz_spreiding_voorbeeld_wijken.png").write_bytes(beelden[1])
    assert "Let op: fictieve gegevens" in tekst
    assert "Grootboek van de ruilingen" in tekst
    assert "Leerhoven heeft een nieuw complex voor statushouders" in tekst
    assert "Stroomstad" in tekst and "Heidewoude-Kern" in tekst  # gemeente and wijk names on maps/tables

    v = _totalen_kloppen(regio_map)
    led = resultaten.lees(regio_map, REGIO, T.RUILINGEN)
    assert len(led) == 1 + 3  # swap 1 under one key, swap 2 under all three
    assert led["nr"].tolist() == [1, 2, 2, 2]
    st = v[(v["sleutel"] == vd.NAAR_RATO) & (v["groep"] == "statushouders")].set_index("gemeentecode")
    assert st.loc["GM9902", "ruiling"] == -10 and st.loc["GM9903", "ruiling"] == 10
    assert (st["toedeling"] == st["toedeling_berekend"] + st["ruiling"]).all()
    # the art. 29 rounding difference is shown
    m = resultaten.lees(regio_map, REGIO, T.SPREIDINGSMATEN).set_index(["sleutel", "groep"])
    verschil = m.loc[(vd.NAAR_RATO, "statushouders"), "afrondingsverschil"]
    assert 0 <= verschil < 6
    assert int(st["toedeling"].sum()) == int(m.loc[(vd.NAAR_RATO, "statushouders"), "totaal"]) + verschil
    # the regional total of statushouders is the sum of the gemeenten' own (whole) taakstelling
    o = resultaten.lees(regio_map, REGIO, T.OPGAVE).set_index("groep")
    eigen = v[(v["sleutel"] == vd.EIGEN_BEHOEFTE) & (v["groep"] == "statushouders")]
    assert int(o.loc["statushouders", "totaal"]) == int(eigen["toedeling_berekend"].sum())
    # concentration: Stroomstad (centrumgemeente BW/MO) carries more than its share of uitstroom BW
    c = resultaten.lees(regio_map, REGIO, T.CONCENTRATIE)
    bw = c[c["groep"] == "uitstroom_bw"].set_index("gemeentecode")["concentratie_index"]
    assert bw.idxmax() == "GM9902" and bw["GM9902"] > 1
    meta = resultaten.meta(regio_map, REGIO, stappen.SPREIDING)
    assert meta["spreiding"]["gewichten"]["mutaties"] == 0.5
    assert meta["params"]["spreiding"]["concentratiestraf"] == 0.5
    # key 3 uses the weights of this regio file (sociale huur 0.3, mutaties 0.5, voorzieningen 0.2), not the
    # defaults: its shares equal lokale_sleutel over the saved kenmerken with these weights
    k = resultaten.lees(regio_map, REGIO, T.KENMERKEN)
    lk = v[(v["sleutel"] == vd.LOKALE_KENMERKEN) & (v["groep"] == "statushouders")].set_index("gemeentecode")
    eigen = Spreiding.model_validate(yaml.safe_load(regio.read_text(encoding="utf-8"))["spreiding"])
    verwacht = vd.lokale_sleutel(k, eigen).set_index("gemeentecode")["aandeel"]
    assert lk["aandeel"].to_numpy() == pytest.approx(verwacht.reindex(lk.index).to_numpy())
    standaard = vd.lokale_sleutel(k, Spreiding()).set_index("gemeentecode")["aandeel"]
    assert lk["aandeel"].to_numpy() != pytest.approx(standaard.reindex(lk.index).to_numpy())
    assert "Sleutel 3: gebruikte kenmerken en gewichten" in tekst
    # art. 29: the regio total of 100 by inhabitants, each ⌈100 × inwoners / regio⌉, rounding difference shown
    ts = resultaten.lees(regio_map, REGIO, T.TAAKSTELLINGEN)
    inw = k.set_index("gemeentecode")["inwoners"]
    assert ts["toedeling"].tolist() == [math.ceil(100 * inw[c] / inw.sum() - 1e-9) for c in ts["gemeentecode"]]
    verschil = int(ts["toedeling"].sum()) - 100
    assert 0 <= verschil < len(ts)
    assert "Art. 29: Statushouders (vergunninghouders), 2e helft 2024" in tekst
    assert f"{verschil} meer dan het totaal" in tekst
    # the bouwopgave per woonvorm: the gap where the supply is known everywhere (nultreden in the demo), never
    # the total demand; geclusterd has no supply figure for Dijkwaard: called vraag
    o = resultaten.lees(regio_map, REGIO, T.OPGAVE).set_index("groep")
    assert o.loc["woonvorm:nultreden", "soort"] == vd.SOORT_BOUWOPGAVE
    assert o.loc["woonvorm:geclusterd", "soort"] == vd.SOORT_VRAAG
    eb = v[(v["sleutel"] == vd.EIGEN_BEHOEFTE) & (v["soort"] == vd.SOORT_BOUWOPGAVE)]
    assert not eb.empty
    vergeleken = 0
    for _, r in eb.iterrows():
        code, wv = r["gemeentecode"], r["groep"].removeprefix("woonvorm:")
        vr = resultaten.lees(regio_map, code, T.VRAAG)
        tot = vr[(vr["jaar"] == 2034) & (vr["variant"] == "midden") & (vr["woonvorm"] == wv)]["aantal"].sum()
        aanbod = aanbod_per_woonvorm(resultaten.lees(regio_map, code, T.AANBOD),
                                     resultaten.lees(regio_map, code, T.WONINGVOORRAAD), gemeente=code,
                                     peiljaar=2024).set_index("woonvorm").loc[wv, "aanbod"]
        assert r["toedeling_berekend"] <= heel(max(0.0, tot - aanbod)), (code, wv)  # plans may lower it further
        if aanbod >= 1:  # a known, non-zero supply: the bouwopgave is never the total demand
            vergeleken += 1
            assert r["toedeling_berekend"] < heel(tot), (code, wv)
    assert vergeleken > 0
    assert "Bouwopgave: Nultredenwoning" in tekst and "Vraag (aanbod onbekend): Geclusterde woonvorm" in tekst


def test_ruiling_die_negatief_maakt_faalt_met_nederlandse_melding(demo_uitvoer, tmp_path):
    import papermill as pm

    regio = _regio_met_ruilingen(tmp_path)
    ruw = yaml.safe_load(regio.read_text(encoding="utf-8"))
    ruw["spreiding"]["ruilingen"] = [{"van": "GM9901", "naar": "GM9902", "aantal": 500, "groep": "statushouders",
                                     "reden": "te veel"}]
    regio.write_text(yaml.safe_dump(ruw, allow_unicode=True), encoding="utf-8")
    regio_map = kopie_van(demo_uitvoer, tmp_path / "outputs") / "voorbeeldregio"
    with pytest.raises(pm.PapermillExecutionError) as e:
        _draai(str(regio), regio_map / REGIO, tmp_path / "40.ipynb")
    assert e.value.ename == "ParamsFout"
    assert "spreiding.ruilingen[0]" in str(e.value) and "negatief" in str(e.value)


def test_zonder_prognose_van_een_gemeente_stopt_de_stap(demo_uitvoer, tmp_path):
    """Leerhoven's step-3 result is missing: the notebook stops at reading, naming Leerhoven and Stap 3, and
    leaves the regio's earlier results as they were."""
    import papermill as pm

    regio_map = kopie_van(demo_uitvoer, tmp_path / "outputs") / "voorbeeldregio"
    paden.resultaat_bestand(regio_map / "GM9903", stappen.PROGNOSE.notebook, T.VRAAG.naam).unlink()
    verdeling = paden.resultaat_bestand(regio_map / REGIO, stappen.SPREIDING.notebook, T.VERDELING.naam)
    voor = verdeling.read_bytes()
    with pytest.raises(pm.PapermillExecutionError) as e:
        _draai("voorbeeldregio", regio_map / REGIO, tmp_path / "40.ipynb")
    assert e.value.ename == "ResultaatOntbreekt"
    assert "het resultaat 'vraag' van Stap 3 – Prognose ontbreekt voor Leerhoven (GM9903)" in e.value.evalue
    assert verdeling.read_bytes() == voor  # nothing written
