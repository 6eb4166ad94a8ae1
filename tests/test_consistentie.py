"""The same figure has the same value in every report where it appears, and a regio total equals the shown
sum of its gemeenten: checked on a full run of the demo regio (results, and the published HTML), and on
Gooi en Vechtstreek (real data) when present."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from wzlib import catalogus as T
from wzlib import paden, resultaten
from wzlib.analyse import laad_gemeenten
from wzlib.getal import heel
from wzlib.groepen import WOONVORMEN
from wzlib.params import laad_regio

pytestmark = pytest.mark.notebook


class Run:
    def __init__(self, uitvoer, slug):
        self.rp = laad_regio(slug)
        self.map = paden.uitvoer_regio(uitvoer, slug)
        self.gemeenten = laad_gemeenten(self.rp)

    def gemeente(self, t):
        return resultaten.lees_gemeenten(self.map, self.gemeenten, t)[0]

    def regio(self, t):
        return resultaten.lees(self.map, paden.REGIO, t)


@pytest.fixture(scope="module")
def demo(demo_uitvoer):
    return Run(demo_uitvoer, "voorbeeldregio")


def _basis_75(bp: pd.DataFrame) -> pd.Series:
    basis = bp[(bp["jaar"] == bp["jaar"].min()) & (bp["variant"] == "midden") & (bp["leeftijd_van"] >= 75)
               & bp["geslacht"].isin(["man", "vrouw"])]
    return basis.groupby("gemeentecode")["aantal"].sum()


def _controleer_ouderen_en_prognosebasis(run: Run) -> None:
    ouderen = run.gemeente(T.OUDEREN)
    omvang = ouderen[ouderen["leeftijdsgroep"] == "75+"].set_index("gemeentecode")["aantal"].astype(float)
    basis = _basis_75(run.gemeente(T.BEVOLKING_PROGNOSE))
    pd.testing.assert_series_equal(omvang.sort_index(), basis.sort_index().astype(float), check_names=False)


def test_75_plus_van_omvang_is_het_basisjaar_van_de_prognose(demo):
    _controleer_ouderen_en_prognosebasis(demo)


def test_vraag_in_confrontatie_is_die_van_de_prognose(demo):
    vraag = demo.gemeente(T.VRAAG).rename(columns={"aantal": "vraag"})
    conf = demo.gemeente(T.CONFRONTATIE)
    conf = conf[conf["methode"].str.startswith("vraagraming")]
    m = conf.merge(vraag, on=["gemeentecode", "woonvorm", "jaar", "variant"], suffixes=("", "_prognose"))
    assert len(m) == len(conf) > 0
    assert (m["vraag"] == m["vraag_prognose"]).all()  # the same float, not just the same after rounding


def test_eigen_behoefte_in_de_spreiding_is_de_getoonde_vraag_van_de_gemeente(demo):
    verdeling, opgave = demo.regio(T.VERDELING), demo.regio(T.OPGAVE)
    vraag = demo.gemeente(T.VRAAG)
    doeljaar = int(re.search(r"(\d{4})", opgave.loc[opgave["groep"].str.startswith("woonvorm:"), "eenheid"].iloc[0])[1])
    v = vraag[(vraag["jaar"] == doeljaar) & (vraag["variant"] == "midden")]
    eigen = verdeling[(verdeling["sleutel"] == "eigen_behoefte") & verdeling["groep"].str.startswith("woonvorm:")]
    assert len(eigen) > 0
    conf = demo.gemeente(T.CONFRONTATIE)
    conf = conf[(conf["jaar"] == doeljaar) & (conf["variant"] == "midden")].set_index(["gemeentecode", "woonvorm"])
    bouwopgave = vergeleken = 0
    for _, r in eigen.iterrows():
        wv = r["groep"].removeprefix("woonvorm:")
        getoond = heel(v[(v["gemeentecode"] == r["gemeentecode"]) & (v["woonvorm"] == wv)]["aantal"].iloc[0])
        if r["soort"] == "bouwopgave":  # supply known everywhere: the gap the confrontatie shows, overschot = 0
            bouwopgave += 1
            c = conf.loc[(r["gemeentecode"], wv)] if (r["gemeentecode"], wv) in conf.index else None
            if c is not None and "gecorrigeerd" not in c["methode"]:  # partner corrections come after step 4
                vergeleken += 1
                assert r["toedeling"] == heel(max(0.0, c["tekort_met_plan"])), (r["gemeentecode"], wv)
                if c["aanbod"] + c["plan_cumulatief"] >= 1:  # supply known and not 0: never the total demand
                    assert r["toedeling"] < getoond or getoond == 0, (r["gemeentecode"], wv)
        else:  # supply not known everywhere: the whole vraag, called so
            assert r["soort"] == "vraag" and r["toedeling"] == getoond, (r["gemeentecode"], wv)
    assert bouwopgave > 0 and vergeleken > 0
    # the regional total equals the sum of the parts, under every key (art. 29 may round up: shown apart)
    for (sleutel, groep), d in verdeling.groupby(["sleutel", "groep"]):
        totaal = int(opgave.set_index("groep").loc[groep, "totaal"])
        if d["afronding"].iloc[0].startswith("art. 29"):
            assert d["toedeling"].sum() >= totaal
        else:
            assert d["toedeling"].sum() == totaal, (sleutel, groep)


def test_regiototaal_is_de_som_van_de_getoonde_gemeentecijfers(demo):
    conf = demo.gemeente(T.CONFRONTATIE)
    som = demo.regio(T.CONFRONTATIE_REGIO)
    for kolom in ("vraag", "aanbod", "tekort_met_plan"):
        per = conf.groupby(["woonvorm", "jaar", "variant"])[kolom].agg(
            lambda s: sum(heel(x) for x in s.dropna()) if s.notna().any() else float("nan"))
        r = som.set_index(["woonvorm", "jaar", "variant"])[kolom]
        pd.testing.assert_series_equal(r.sort_index(), per.reindex(r.index).sort_index().astype(float),
                                       check_names=False)
    assert (som["ontbreekt"].isna()).all()


def test_kenmerken_van_de_spreiding_zijn_die_van_stap_1_en_2(demo):
    kenmerken = demo.regio(T.KENMERKEN).set_index("gemeentecode")
    vv = demo.gemeente(T.WONINGVOORRAAD).set_index("gemeentecode")
    pd.testing.assert_series_equal(kenmerken["woningvoorraad"], vv["woningvoorraad"].astype(float), check_names=False)
    conc = demo.regio(T.CONCENTRATIE)
    groepen = demo.gemeente(T.GROEPEN_OMVANG)
    m = conc.merge(groepen, on=["groep", "gemeentecode"], suffixes=("", "_omvang"))
    assert len(m) > 0 and ((m["aantal"] == m["aantal_omvang"]) | m["aantal"].isna()).all()


def _tabellen(html: str) -> dict[str, pd.DataFrame]:
    uit = {}
    for div in BeautifulSoup(html, "html.parser").select("div.wz-tabel"):
        kop = div.find("caption").get_text(" ", strip=True) if div.find("caption") else ""
        koppen = [th.get_text(" ", strip=True) for th in div.select("thead th")]
        rijen = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in div.select("tbody tr")]
        uit.setdefault(kop, pd.DataFrame(rijen, columns=koppen))
    return uit


def _getal(tekst: str) -> int:
    return int(tekst.replace(".", "").replace("−", "-"))


def test_gepubliceerde_rapporten_tonen_hetzelfde_getal(demo_gepubliceerd):
    """Read back from the HTML: the 75+ of a gemeente in the omvang report and in the prognose report, and
    the regio total next to the gemeenten in the regio's confrontatie report."""
    html = paden.html_map(paden.uitvoer_regio(demo_gepubliceerd, "voorbeeldregio"))
    omvang = _tabellen((html / "GM9902_stroomstad_10_omvang.html").read_text(encoding="utf-8"))
    prognose = _tabellen((html / "GM9902_stroomstad_30_prognose.html").read_text(encoding="utf-8"))
    o = next(df for k, df in omvang.items() if k.startswith("Ouderen in Stroomstad"))
    p = next(df for k, df in prognose.items() if k.startswith("Ouderen in Stroomstad: basisjaar"))
    basisjaar = p.columns[1]
    assert o.loc[o["Gebied"] == "Stroomstad", "75+"].iloc[0] == p.loc[p["leeftijdsgroep"] == "75+", basisjaar].iloc[0]

    regio = _tabellen((html / "regio_voorbeeldregio_55_confrontatie_regio.html").read_text(encoding="utf-8"))
    per = next(df for k, df in regio.items() if k.startswith("Tekort (+) of overschot"))
    gemeenten = [c for c in per.columns if c not in ("Woonvorm", "Eenheid", "Regio")]
    getoetst = 0
    for _, r in per.iterrows():
        cellen = [r[c] for c in gemeenten]
        if any(not re.fullmatch(r"[−-]?[\d.]+", c) for c in cellen):
            continue  # a suppressed or unknown cell: the total is not the sum of what is shown
        assert _getal(r["Regio"]) == sum(_getal(c) for c in cellen), r["Woonvorm"]
        getoetst += 1
    assert getoetst >= 2  # rows with a suppressed (or secondarily suppressed) gemeente are skipped


@pytest.mark.echt
def test_gooi_en_vechtstreek_omvang_en_prognose_een_basis(echt_uitvoer):
    run = Run(echt_uitvoer, "gooi-en-vechtstreek")
    _controleer_ouderen_en_prognosebasis(run)
    ouderen = run.gemeente(T.OUDEREN)
    hilversum = ouderen[(ouderen["gemeentecode"] == "GM0402") & (ouderen["leeftijdsgroep"] == "75+")]
    assert float(hilversum["aantal"].iloc[0]) == 8005  # the CBS totaal rows (man + vrouw give 7.980)


# --- the Kern at the top of each report and the samenvatting (issue 11) ---------------------------------

def _kern(tabellen: dict[str, pd.DataFrame], naam: str) -> pd.DataFrame:
    return tabellen[f"Kerncijfers {naam}"].set_index("Kerncijfer")


def _controleer_kern_in_html(html) -> int:
    """The Kern figures of Stroomstad are the figures of the tables further down the same report."""
    getoetst = 0
    omvang = _tabellen((html / "GM9902_stroomstad_10_omvang.html").read_text(encoding="utf-8"))
    k = _kern(omvang, "Stroomstad")
    o = next(df for c, df in omvang.items() if c.startswith("Ouderen in Stroomstad")).set_index("Gebied")
    assert k.at["75-plussers", "Stroomstad"] == o.at["Stroomstad", "75+"]
    assert k.at["75-plussers (% van de inwoners)", "Stroomstad"] == o.at["Stroomstad", "75+ (%)"]
    assert k.at["75-plussers (% van de inwoners)", "Nederland"] == o["75+ (%)"].iloc[-1]
    assert k.at["Inwoners", "Regio"] == o["Inwoners"].iloc[-2]
    getoetst += 4
    prognose = _tabellen((html / "GM9902_stroomstad_30_prognose.html").read_text(encoding="utf-8"))
    k = _kern(prognose, "Stroomstad")
    p = next(df for c, df in prognose.items() if c.startswith("Ouderen in Stroomstad: basisjaar"))
    p = p.set_index("leeftijdsgroep")
    basisjaar = p.columns[0]
    assert k.at[f"75+ in {basisjaar}", "Stroomstad"] == p.at["75+", basisjaar]
    laatste = [c for c in p.columns if c.endswith(" midden")][-1]
    assert k.at[f"75+ in {laatste.split()[0]} (midden)", "Stroomstad"] == p.at["75+", laatste]
    getoetst += 2
    conf = _tabellen((html / "GM9902_stroomstad_50_confrontatie.html").read_text(encoding="utf-8"))
    k = _kern(conf, "Stroomstad")
    # the Kern shows the stored figures: after the partners' corrections when there are any
    kandidaten = {c: df for c, df in conf.items() if c.startswith("Plannen en tekort per woonvorm in Stroomstad")}
    t = next((df for c, df in kandidaten.items() if "na correcties" in c), None)
    t = (t if t is not None else next(iter(kandidaten.values()))).set_index("Woonvorm")
    for rij in k.index:
        m = re.fullmatch(r"Tekort (.+) (\d{4})", rij)
        if m:
            label = next(w for w in t.index if w.lower() == m[1])
            assert k.at[rij, "Stroomstad"] == t.at[label, f"Tekort {m[2]}"], rij
            getoetst += 1
    return getoetst


def test_kern_toont_dezelfde_getallen_als_de_tabellen_in_het_rapport(demo_gepubliceerd):
    assert _controleer_kern_in_html(paden.html_map(paden.uitvoer_regio(demo_gepubliceerd, "voorbeeldregio"))) >= 8


def _controleer_samenvatting(run: Run) -> int:
    """The samenvatting's key figures are the results of steps 1-5 (it reads, never recomputes)."""
    s = run.gemeente(T.SAMENVATTING)
    ouderen = run.gemeente(T.OUDEREN)
    conf = run.gemeente(T.CONFRONTATIE)
    getoetst = 0
    for _, r in s.iterrows():
        code = r["gemeentecode"]
        if r["kerncijfer"] == "75-plussers":
            o = ouderen[(ouderen["gemeentecode"] == code) & (ouderen["leeftijdsgroep"] == "75+")]
            assert r["waarde"] == float(o["aantal"].iloc[0])
            getoetst += 1
        m = re.fullmatch(r"(Tekort|Overschot) (.+) (\d{4})", r["kerncijfer"])
        if m:
            c = conf[(conf["gemeentecode"] == code) & (conf["jaar"] == int(m[3])) & (conf["variant"] == "midden")]
            c = c[c["woonvorm"].map(lambda w: WOONVORMEN[w].label.lower()) == m[2]]
            assert r["waarde"] == abs(float(c["tekort_met_plan"].iloc[0])), r["kerncijfer"]
            getoetst += 1
    return getoetst


def test_samenvatting_leest_de_cijfers_van_de_stappen(demo):
    assert _controleer_samenvatting(demo) >= 6
