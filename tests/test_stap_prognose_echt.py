"""Stap 3 (prognose) on real CBS data (../shared/data/echt) and the notebook run end to end.

- ``echt``: the projection for Gooi en Vechtstreek (base year 2021 from bevolking.csv, births and
  migration from bevolkingsontwikkeling.csv) is plausible: Hilversum's 75+ in 2031/2041, a check
  against the observed population of 2022/2023, and 75+ in Nederland roughly doubling by 2040.
- ``notebook``: notebooks/30_prognose.ipynb runs under papermill for every demo gemeente and for
  Hilversum on the real data, and writes result tables that agree with the library.

Skipped cleanly when the real data (or, for the notebook runs, papermill/the regio file) is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from wzlib import kengetallen as kg
from wzlib import prognose as pr

ROOT = Path(__file__).resolve().parents[1]
ECHT = Path(__file__).resolve().parents[2] / "shared" / "data" / "echt"
NOTEBOOK = ROOT / "notebooks" / "30_prognose.ipynb"
GV = ["GM0317", "GM0376", "GM0402", "GM0406", "GM0417", "GM1696", "GM1942"]
HILVERSUM = "GM0402"
DEMO = ["GM9901", "GM9902", "GM9903", "GM9904", "GM9905", "GM9906"]


@pytest.fixture(scope="module")
def gegevens():
    if not (ECHT / "bevolking.csv").exists():
        pytest.skip(f"echte gegevens ontbreken ({ECHT})")
    from wzlib.bronnen.invoer import lees_map

    return lees_map(ECHT)


@pytest.fixture(scope="module")
def K():
    return kg.laad(ROOT / "params" / "kengetallen.yaml")


@pytest.fixture(scope="module")
def gv(gegevens, K):
    return pr.bereken(gegevens["bevolking"], gegevens["bevolkingsontwikkeling"], GV, 2021, K)


@pytest.mark.echt
def test_gooi_en_vechtstreek_basisjaar_en_hilversum(gegevens, gv, K):
    assert gv.basisjaar == 2021
    b = gegevens["bevolking"]
    b = b[(b["jaar"] == 2021) & b["gemeentecode"].isin(GV) & b["geslacht"].isin(["man", "vrouw"])]
    basis = gv.bevolking[(gv.bevolking["jaar"] == 2021) & (gv.bevolking["variant"] == "midden")]
    m = basis.merge(b, on=["gemeentecode", "geslacht", "leeftijd_van"], suffixes=("", "_in"))
    assert len(m) == len(b) == len(basis)
    assert (m["aantal"] == m["aantal_in"].astype(float)).all()
    hilv = basis[basis["gemeentecode"] == HILVERSUM]["aantal"].sum()
    assert abs(hilv - 91_235) < 50  # README: 91,235 inhabitants (totaal); man + vrouw differ by rounding to 5

    g = pr.leeftijdsgroepen(gv.bevolking)
    h = g[(g["gemeentecode"] == HILVERSUM) & (g["leeftijdsgroep"] == "75+")].pivot_table(
        index="jaar", columns="variant", values="aantal")
    print(f"\nHilversum 75+: 2021 {h.loc[2021, 'midden']:.0f}; 2031 {h.loc[2031, 'midden']:.0f} "
          f"({h.loc[2031, 'laag']:.0f}-{h.loc[2031, 'hoog']:.0f}); 2041 {h.loc[2041, 'midden']:.0f} "
          f"({h.loc[2041, 'laag']:.0f}-{h.loc[2041, 'hoog']:.0f})")
    f31, f41 = h.loc[2031, "midden"] / h.loc[2021, "midden"], h.loc[2041, "midden"] / h.loc[2021, "midden"]
    # 75+ in NL roughly doubles by 2040; a city like Hilversum ages somewhat slower but clearly grows
    assert 1.15 < f31 < 1.55
    assert 1.35 < f41 < 2.1
    assert (h["laag"] <= h["midden"]).all() and (h["midden"] <= h["hoog"]).all()
    # the projection of 2022 and 2023 against what CBS observed (bevolking_1jan): within 3%
    t = pr.terugblik(gv.eigen, gegevens["bevolkingsontwikkeling"])
    assert set(t["jaar"]) == {2022, 2023} and set(t["gemeentecode"]) == set(GV)
    assert (t["verschil_pct"].abs() < 3).all(), t
    # demand = population × rate and the WOZO targets for the regio
    v = pr.vraag(gv.bevolking, K)
    assert set(v["gemeentecode"]) == set(GV)
    d = pr.doelen_landelijk(gegevens["bevolking"], GV, 2021, K)
    aandeel = d[d["woonvorm"] == "nultreden"].set_index("gemeentecode")["aandeel"]
    assert 0.003 < aandeel[HILVERSUM] < 0.008  # ~91k of 17.5M inhabitants, relatively many 75+


@pytest.mark.echt
def test_nederland_75plus_verdubbelt_ongeveer(gegevens, K):
    """All gemeenten summed into one 'Nederland' and projected: 75+ in 2040 ≈ 1.7-1.8 × 2021 (CBS/PBL:
    ca. 2,5 mln 75-plussers in 2040, almost twice today's number)."""
    b = gegevens["bevolking"]
    b = b[(b["jaar"] == 2021) & b["geslacht"].isin(["man", "vrouw"]) & b["gemeentecode"].str.startswith("GM")]
    nl = (b.groupby(["jaar", "geslacht", "leeftijd_van"], as_index=False, dropna=False)
          .agg(leeftijd_tot=("leeftijd_tot", "first"), aantal=("aantal", "sum")).assign(gemeentecode="NL00"))
    o = gegevens["bevolkingsontwikkeling"]
    o = (o[o["gemeentecode"].str.startswith("GM")].groupby("jaar", as_index=False)
         [["levend_geborenen", "vestiging_totaal", "vertrek_totaal"]].sum().assign(gemeentecode="NL00"))
    res = pr.bereken(nl, o, ["NL00"], 2021, K)
    g = pr.leeftijdsgroepen(res.bevolking)
    m = g[(g["leeftijdsgroep"] == "75+") & (g["variant"] == "midden")].set_index("jaar")["aantal"]
    print(f"\nNederland 75+: 2021 {m[2021]:,.0f}; 2030 {m[2030]:,.0f}; 2040 {m[2040]:,.0f} "
          f"(factor {m[2040] / m[2021]:.2f})")
    assert 1.45e6 < m[2021] < 1.55e6
    assert 2.3e6 < m[2040] < 2.8e6
    assert 1.55 < m[2040] / m[2021] < 1.95


# --------------------------------------------------------------------------------------------------
# notebook runs
# --------------------------------------------------------------------------------------------------
def _draai(tmp_path: Path, regio: str, gemeente: str) -> Path:
    pm = pytest.importorskip("papermill")
    uit = tmp_path / regio / gemeente
    pm.execute_notebook(str(NOTEBOOK), str(tmp_path / f"30_prognose_{gemeente}.ipynb"),
                        parameters={"regio": regio, "gemeente": gemeente, "uitvoer_map": str(uit)},
                        kernel_name="python3", cwd=str(ROOT), progress_bar=False)
    return uit / "30_prognose"


def _controleer_resultaten(map_: Path, gemeente: str, basisjaar: int) -> None:
    for naam in ("bevolking_prognose", "vraag", "doelen_landelijk", "groepen_prognose", "kengetallen"):
        assert (map_ / f"{naam}.parquet").exists(), naam
    bp = pd.read_parquet(map_ / "bevolking_prognose.parquet")
    assert set(bp["gemeentecode"]) == {gemeente}
    assert list(bp.columns) == pr.RESULTAAT_KOLOMMEN
    assert sorted(set(bp["jaar"])) == list(range(basisjaar, basisjaar + 21))
    # the saved demand equals the saved population × the saved rates (midden, 2031-ish year)
    vr = pd.read_parquet(map_ / "vraag.parquet")
    kt = pd.read_parquet(map_ / "kengetallen.parquet").set_index("sleutel")["waarde"]
    j = basisjaar + 10
    p = bp[(bp["jaar"] == j) & (bp["variant"] == "midden")].groupby("leeftijd_van")["aantal"].sum()
    verwacht = (p[85] * kt["verpleegzorg.85-89.midden"] + (p[90] + p[95]) * kt["verpleegzorg.90+.midden"]
                + p[80] * kt["verpleegzorg.80-84.midden"] + p[75] * kt["verpleegzorg.75-79.midden"]
                + (p[65] + p[70]) * kt["verpleegzorg.65-74.midden"])
    got = vr[(vr["jaar"] == j) & (vr["variant"] == "midden") & (vr["woonvorm"] == "verpleegzorg")]["aantal"].iloc[0]
    assert got == pytest.approx(verwacht)
    meta = json.loads((map_ / "resultaat.json").read_text(encoding="utf-8"))
    assert meta["basisjaar"] == basisjaar and meta["prognose_methode"]
    assert "verpleegzorg.90+.midden" in meta["kengetallen"]


@pytest.mark.notebook
@pytest.mark.parametrize("gemeente", DEMO)
def test_notebook_voorbeeldregio(tmp_path, gemeente):
    map_ = _draai(tmp_path, "voorbeeldregio", gemeente)
    _controleer_resultaten(map_, gemeente, 2024)
    gp = pd.read_parquet(map_ / "groepen_prognose.parquet")
    assert not gp.empty and gp["methode"].notna().all()  # the demo regio has local input


@pytest.mark.notebook
@pytest.mark.echt
def test_notebook_gooi_en_vechtstreek_hilversum(tmp_path, gegevens):
    if not (ROOT / "params" / "regios" / "gooi-en-vechtstreek.yaml").exists():
        pytest.skip("params/regios/gooi-en-vechtstreek.yaml ontbreekt")
    map_ = _draai(tmp_path, "gooi-en-vechtstreek", HILVERSUM)
    _controleer_resultaten(map_, HILVERSUM, 2021)
    bp = pd.read_parquet(map_ / "bevolking_prognose.parquet")
    b = gegevens["bevolking"]
    b = b[(b["jaar"] == 2021) & (b["gemeentecode"] == HILVERSUM) & b["geslacht"].isin(["man", "vrouw"])]
    basis = bp[(bp["jaar"] == 2021) & (bp["variant"] == "midden")]
    assert basis["aantal"].sum() == b["aantal"].sum()
    assert pd.read_parquet(map_ / "groepen_prognose.parquet").empty  # no local input for this regio
    nb = (tmp_path / f"30_prognose_{HILVERSUM}.ipynb").read_text(encoding="utf-8")
    assert "75+ 8.005 in de bron tegen 7.980" in nb  # the report explains the difference with stap omvang
