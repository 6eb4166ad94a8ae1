"""Stap 3 (prognose) on real CBS data (../shared/data/echt) and the notebook run end to end.

- ``echt``: the projection for Gooi en Vechtstreek (base year 2021 from bevolking.csv, births and
  migration from bevolkingsontwikkeling.csv) is plausible: Hilversum's 75+ in 2031/2041, a check
  against the observed population of 2022/2023, and 75+ in Nederland roughly doubling by 2040. The base
  year is the source's ``totaal`` per age class split over men and women, so it equals stap omvang.
- ``notebook``: notebooks/30_prognose.ipynb as run by a full ``wz run`` (session fixtures ``demo_uitvoer``,
  ``echt_uitvoer``) for every demo gemeente and for Hilversum on the real data: result tables that agree
  with the library, and a base year equal to the ouderen of stap omvang in the same run.

Skipped cleanly when the real data (or the regio file) is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wzlib import catalogus, paden, resultaten, stappen
from wzlib import kengetallen as kg
from wzlib import prognose as pr
from wzlib import prognose_vraag as pv

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
    b = b[(b["jaar"] == 2021) & b["gemeentecode"].isin(GV)]
    tot = b[b["geslacht"] == "totaal"]
    mv = b[b["geslacht"].isin(["man", "vrouw"])]
    basis = gv.bevolking[(gv.bevolking["jaar"] == 2021) & (gv.bevolking["variant"] == "midden")]
    assert set(basis["geslacht"]) == {"man", "vrouw"} and len(basis) == len(mv)
    # per gemeente and age class man + vrouw equals the source's totaal (the figure stap omvang shows) ...
    som = basis.groupby(["gemeentecode", "leeftijd_van"])["aantal"].sum()
    m = tot.set_index(["gemeentecode", "leeftijd_van"])["aantal"].astype(float)
    assert len(som) == len(m) and (som == m.reindex(som.index)).all()
    # ... split in proportion to the source's men and women, in whole persons (each within 1 of its exact share)
    sleutel = ["gemeentecode", "leeftijd_van"]
    x = (basis.merge(mv, on=[*sleutel, "geslacht"], suffixes=("", "_in"))
         .merge(mv.groupby(sleutel, as_index=False)["aantal"].sum().rename(columns={"aantal": "mv"}), on=sleutel)
         .merge(tot[[*sleutel, "aantal"]].rename(columns={"aantal": "totaal"}), on=sleutel))
    assert len(x) == len(basis)
    verwacht = x["aantal_in"].astype(float) * x["totaal"].astype(float) / x["mv"].astype(float)
    verwacht = verwacht.where(x["mv"] > 0, x["totaal"].astype(float) / 2)  # nobody of either sex: half-half
    assert ((x["aantal"] - verwacht).abs() < 1).all()
    assert (basis["aantal"] == basis["aantal"].round()).all()
    hilv = basis[basis["gemeentecode"] == HILVERSUM]
    assert hilv["aantal"].sum() == 91_235  # README: 91,235 inhabitants (totaal)
    assert hilv.loc[hilv["leeftijd_van"] >= 75, "aantal"].sum() == 8_005  # = stap omvang, Hilversum 75+
    # the source's men + women still differ from its totaal (rounded to 5), and that is reported
    v = pr.basis_verschillen(gegevens["bevolking"], HILVERSUM, 2021).set_index("leeftijdsgroep")
    assert v.loc["75+", "totaal"] == 8_005 and v.loc["75+", "man_vrouw"] == 7_980
    assert v.loc["75+", "verschil"] == 25
    assert v.loc["75+", "man_vrouw"] == mv[(mv["gemeentecode"] == HILVERSUM) & (mv["leeftijd_van"] >= 75)][
        "aantal"].sum()

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
    assert (t["verschil_aandeel"].abs() < 0.03).all(), t
    # demand = population × rate and the WOZO targets for the regio
    v = pv.vraag(gv.bevolking, K)
    assert set(v["gemeentecode"]) == set(GV)
    d = pv.doelen_landelijk(gegevens["bevolking"], GV, 2021, K)
    aandeel = d[d["woonvorm"] == "nultreden"].set_index("gemeentecode")["aandeel"]
    assert 0.003 < aandeel[HILVERSUM] < 0.008  # ~91k of 17.5M inhabitants, relatively many 75+


@pytest.mark.echt
def test_nederland_75plus_verdubbelt_ongeveer(gegevens, K):
    """All gemeenten summed into one 'Nederland' and projected: 75+ in 2040 ≈ 1.7 × 2021 (ca. 2,5 mln
    75-plussers in 2040 against ca. 1,48 mln on 1-1-2021: not a doubling; the prognose report says so)."""
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
# notebook runs (a full run of every step, shared by the test session)
# --------------------------------------------------------------------------------------------------
def _controleer_resultaten(regio_map: Path, gemeente: str, basisjaar: int) -> None:
    map_ = paden.resultaat_map(paden.uitvoer_wie(regio_map, gemeente), "30_prognose")
    for t in catalogus.van_stap("prognose"):
        assert (map_ / f"{t.naam}.parquet").exists(), t.naam
        df = resultaten.lees(regio_map, gemeente, t)  # checked against the catalogue
        if "gemeentecode" in df.columns:
            assert set(df["gemeentecode"]) <= {gemeente}, t.naam  # only the gemeente's own rows (may be empty)
    bp = resultaten.lees(regio_map, gemeente, catalogus.BEVOLKING_PROGNOSE)
    assert set(bp["gemeentecode"]) == {gemeente}
    assert list(bp.columns) == pr.RESULTAAT_KOLOMMEN
    assert sorted(set(bp["jaar"])) == list(range(basisjaar, basisjaar + 21))
    # the saved demand equals the saved population × the saved rates (midden, 2031-ish year)
    vr = resultaten.lees(regio_map, gemeente, catalogus.VRAAG)
    kt = resultaten.lees(regio_map, gemeente, catalogus.KENGETALLEN).set_index("sleutel")["waarde"]
    j = basisjaar + 10
    p = bp[(bp["jaar"] == j) & (bp["variant"] == "midden")].groupby("leeftijd_van")["aantal"].sum()
    verwacht = (p[85] * kt["verpleegzorg.85-89.midden"] + (p[90] + p[95]) * kt["verpleegzorg.90+.midden"]
                + p[80] * kt["verpleegzorg.80-84.midden"] + p[75] * kt["verpleegzorg.75-79.midden"]
                + (p[65] + p[70]) * kt["verpleegzorg.65-74.midden"])
    got = vr[(vr["jaar"] == j) & (vr["variant"] == "midden") & (vr["woonvorm"] == "verpleegzorg")]["aantal"].iloc[0]
    assert got == pytest.approx(verwacht)
    meta = resultaten.meta(regio_map, gemeente, stappen.PROGNOSE)
    assert meta["basisjaar"] == basisjaar and meta["prognose_methode"]
    assert "verpleegzorg.90+.midden" in meta["kengetallen"]
    # the base year equals stap omvang of the same run: 65+, 75+ and 85+ (every variant starts there)
    o = resultaten.lees(regio_map, gemeente, catalogus.OUDEREN).set_index("leeftijdsgroep")["aantal"]
    b0 = bp[bp["jaar"] == basisjaar]
    for var in kg.VARIANTEN:
        d = b0[b0["variant"] == var]
        for van in (65, 75, 85):
            assert d.loc[d["leeftijd_van"] >= van, "aantal"].sum() == o[f"{van}+"], (var, van)


@pytest.mark.notebook
@pytest.mark.parametrize("gemeente", DEMO)
def test_notebook_voorbeeldregio(demo_uitvoer, gemeente):
    regio_map = paden.uitvoer_regio(demo_uitvoer, "voorbeeldregio")
    _controleer_resultaten(regio_map, gemeente, 2024)
    gp = resultaten.lees(regio_map, gemeente, catalogus.GROEPEN_PROGNOSE)
    assert not gp.empty and gp["methode"].notna().all()  # the demo regio has local input


@pytest.mark.notebook
@pytest.mark.echt
def test_notebook_gooi_en_vechtstreek_hilversum(echt_uitvoer, gegevens):
    if not (ROOT / "params" / "regios" / "gooi-en-vechtstreek.yaml").exists():
        pytest.skip("params/regios/gooi-en-vechtstreek.yaml ontbreekt")
    regio_map = paden.uitvoer_regio(echt_uitvoer, "gooi-en-vechtstreek")
    _controleer_resultaten(regio_map, HILVERSUM, 2021)
    bp = resultaten.lees(regio_map, HILVERSUM, catalogus.BEVOLKING_PROGNOSE)
    b = gegevens["bevolking"]
    b = b[(b["jaar"] == 2021) & (b["gemeentecode"] == HILVERSUM) & (b["geslacht"] == "totaal")]
    basis = bp[(bp["jaar"] == 2021) & (bp["variant"] == "midden")]
    assert basis["aantal"].sum() == b["aantal"].sum() == 91_235  # the source's totaal, as in stap omvang
    assert basis.loc[basis["leeftijd_van"] >= 75, "aantal"].sum() == 8_005
    assert resultaten.lees(regio_map, HILVERSUM, catalogus.GROEPEN_PROGNOSE).empty  # no local input here
    nb = paden.notebook_uitvoer(paden.uitvoer_wie(regio_map, HILVERSUM), "30_prognose").read_text(encoding="utf-8")
    # the report explains that the source's men + women differ from its totaal, and that the base is the totaal
    assert "75+ 8.005 in de bron tegen 7.980" in nb
    assert "het basisjaar is dus in beide rapporten hetzelfde getal" in nb


@pytest.mark.echt
def test_gekalibreerd_op_pbl_cbs_totalen(gegevens, K):
    """prognose_totalen.csv (PBL/CBS 85171NED): Hilversum and Gooise Meren are calibrated to it by default, the
    uncalibrated own model is kept beside it; the other gemeenten (below 50,000) are not, and say so."""
    from wzlib import prognose_ijking as pi
    from wzlib import prognose_tekst as pt

    totalen = pi.kies_totalen(None, gegevens["prognose_totalen"], GV)
    assert set(totalen["gemeentecode"]) == {HILVERSUM, "GM1942"}
    res = pr.bereken(gegevens["bevolking"], gegevens["bevolkingsontwikkeling"], GV, 2021, K, totalen=totalen)
    t = pi.totalen_per_jaar(res.bevolking).set_index(["gemeentecode", "variant", "jaar"])["totaal"]
    assert (t[(HILVERSUM, "midden", 2030)], t[(HILVERSUM, "midden", 2040)]) == (100_900, 108_900)
    assert (t[("GM1942", "midden", 2030)], t[("GM1942", "midden", 2040)]) == (59_200, 59_100)
    for c in (HILVERSUM, "GM1942"):
        for j in (2030, 2040):
            assert t[(c, "laag", j)] < t[(c, "midden", j)] < t[(c, "hoog", j)]
    g = res.gebruikt.set_index("gemeentecode")["methode"]
    assert g[HILVERSUM] == g["GM1942"] == pr.GEKALIBREERD and g["GM0406"] == pr.EIGEN
    # the uncalibrated own model beside it: the issue's -5 % (Hilversum) and +9 % (Gooise Meren) in 2040
    k = pt.kalibratie_tabel(res, HILVERSUM).set_index("jaar")
    assert k.loc[2040, "pbl_cbs"] == k.loc[2040, "gebruikt"] == 108_900
    assert -0.08 < k.loc[2040, "verschil_eigen"] < -0.02
    assert 0.05 < pt.kalibratie_tabel(res, "GM1942").set_index("jaar").loc[2040, "verschil_eigen"] < 0.13
    # 75+ in the base year is still the figure of stap omvang
    b0 = res.bevolking[(res.bevolking["gemeentecode"] == HILVERSUM) & (res.bevolking["jaar"] == 2021)]
    assert (b0[b0["leeftijd_van"] >= 75].groupby("variant")["aantal"].sum() == 8_005).all()


@pytest.mark.notebook
@pytest.mark.echt
def test_notebook_hilversum_gekalibreerd_met_eigen_model_ernaast(echt_uitvoer, gegevens, K):
    regio_map = paden.uitvoer_regio(echt_uitvoer, "gooi-en-vechtstreek")
    for code, verwacht in ((HILVERSUM, (100_900, 108_900)), ("GM1942", (59_200, 59_100))):
        bp = resultaten.lees(regio_map, code, catalogus.BEVOLKING_PROGNOSE)
        m = bp[bp["variant"] == "midden"].groupby("jaar")["aantal"].sum()
        assert (m[2030], m[2040]) == verwacht
        assert set(bp.loc[bp["jaar"].isin([2030, 2040]), "methode"]) == {pr.GEKALIBREERD}
    from wzlib import prognose_ijking as pi

    eigen = pr.bereken(gegevens["bevolking"], gegevens["bevolkingsontwikkeling"], GV, 2021, K)  # uncalibrated
    e = pi.totalen_per_jaar(eigen.bevolking).set_index(["gemeentecode", "variant", "jaar"])["totaal"]
    nb = paden.notebook_uitvoer(paden.uitvoer_wie(regio_map, HILVERSUM), "30_prognose").read_text(encoding="utf-8")
    assert "Eigen model ongekalibreerd (midden)" in nb and "108.900" in nb
    assert f"{int(e[(HILVERSUM, 'midden', 2040)]):,}".replace(",", ".") in nb  # the uncalibrated figure, shown
    huizen = paden.notebook_uitvoer(paden.uitvoer_wie(regio_map, "GM0406"), "30_prognose").read_text(encoding="utf-8")
    assert "geen PBL/CBS-prognosetotalen" in huizen
