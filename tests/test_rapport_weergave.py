"""Chart and table defects of issue 11: no empty chart (a sentence instead), the own gemeente highlighted,
the wide confrontatie table split in two, unknown plans shown as missing, readable group labels."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wzlib import confrontatie_tekst
from wzlib.presentatie import grafieken
from wzlib.presentatie.afscherming import Regels

R = Regels()


def _conf(tekort: float, peiljaar: int = 2024) -> pd.DataFrame:
    rijen = []
    for wv, t in (("geclusterd", tekort), ("verpleegzorg", -40.0)):
        for h in (0, 10, 20):
            for var in ("laag", "midden", "hoog"):
                rijen.append({"gemeentecode": "GM0001", "woonvorm": wv, "jaar": peiljaar + h, "variant": var,
                              "vraag": 100.0 + h, "aanbod": 100.0, "plan_cumulatief": 0.0,
                              "tekort_zonder_plan": t, "tekort_met_plan": t + h, "methode": "vraagraming"})
    return pd.DataFrame(rijen)


def test_lege_grafiek_wordt_een_zin_en_geen_figuur():
    df = pd.DataFrame({"jaar": [2024, 2034, 2044], "reeks": "Vraag", "aantal": [np.nan] * 3})
    g = grafieken.lijn(df, "jaar", "aantal", hue="reeks", bron="x", titel="Opvang", regels=R)
    assert isinstance(g, grafieken.GeenGrafiek)
    html = g._repr_mimebundle_()["text/html"]
    assert "<img" not in html and "geen cijfers" in html and "-0" not in html
    # everything suppressed: the sentence says so (not 'missing')
    df2 = df.assign(aantal=[3.0, 4.0, np.nan])
    g2 = grafieken.lijn(df2, "jaar", "aantal", hue="reeks", bron="x", titel="Opvang", regels=R, soort="aantal",
                        kwetsbaar=True)
    assert isinstance(g2, grafieken.GeenGrafiek) and "drempel" in g2.reden
    g3 = grafieken.staaf(pd.DataFrame({"g": ["A", "B"], "v": [np.nan, np.nan]}), "g", "v", bron="x", titel="T",
                         regels=R)
    assert isinstance(g3, grafieken.GeenGrafiek)
    # one value is enough for a chart
    g4 = grafieken.lijn(df.assign(aantal=[np.nan, 50.0, np.nan]), "jaar", "aantal", bron="x", titel="T", regels=R)
    assert isinstance(g4, grafieken.Grafiek)


def test_staaf_markeert_de_eigen_gemeente():
    df = pd.DataFrame({"Gebied": ["Eigen", "Ander", "Regio"], "v": [0.1, 0.2, 0.15]})
    g = grafieken.staaf(df, "Gebied", "v", soort="pct", horizontaal=True, bron="x", titel="T", regels=R,
                        markeer="Eigen")
    ax = g.axes[0]
    kleuren = [tuple(p.get_facecolor()) for p in ax.patches]
    assert kleuren[0] != kleuren[1] and kleuren[1] == kleuren[2]
    vet = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert vet == ["Eigen"] and "Gemarkeerd: Eigen" in g.alt_tekst


def test_confrontatie_overzicht_gesplitst_en_plannen_onbekend_is_geen_nul():
    ov = confrontatie_tekst.overzicht(_conf(-7.0), peiljaar=2024)
    va = confrontatie_tekst.vraag_aanbod_tabel(ov)
    tk = confrontatie_tekst.tekort_tabel(ov, plannen=False)
    assert len(va.columns) <= 6 and len(tk.columns) <= 6
    assert list(va.columns) == ["Woonvorm", "Eenheid", "Aanbod nu", "Vraag 2024", "Vraag 2034", "Vraag 2044"]
    assert tk["Plannen t/m 2034"].isna().all()  # not supplied: unknown, shown as missing
    assert (confrontatie_tekst.tekort_tabel(ov, plannen=True)["Plannen t/m 2034"].dropna() == 0).all()
    assert list(tk["Tekort 2034"].dropna()) == [3.0, -30.0]
    assert not confrontatie_tekst.plannen_bekend(None) and not confrontatie_tekst.plannen_bekend(pd.DataFrame())
    noot = confrontatie_tekst.methode_noot(ov)
    assert "vraagraming" in noot and "Geclusterde woonvorm" in noot


def test_verdeling_gemeente_toont_leesbare_groepnamen():
    v = pd.DataFrame({"sleutel": "naar_rato", "sleutel_naam": "Naar rato", "groep": ["woonvorm:nultreden"],
                      "gemeentecode": ["GM0001"], "toedeling": [12], "huidige_inzet": [np.nan]})
    t = confrontatie_tekst.verdeling_gemeente(v, "GM0001")
    assert "woonvorm:" not in " ".join(t["Groep"]) and "Nultredenwoning" in t["Groep"].iloc[0]


def _vierkanten(waarden, namen=None):
    import geopandas as gpd
    from shapely.geometry import box

    geoms = [box(i * 1000, 0, i * 1000 + 900, 900) for i in range(len(waarden))]
    return gpd.GeoDataFrame({"gemeentenaam": namen or [f"G{i}" for i in range(len(waarden))], "v": waarden},
                            geometry=geoms, crs="EPSG:28992")


def _legenda(g):
    return [t.get_text() for t in g.legends[0].get_texts()]


def test_kaartlegenda_klassen_overlappen_niet():
    from wzlib.presentatie import kaarten

    g = kaarten.choropleet(_vierkanten([0.081, 0.088, 0.088, 0.095, 0.10, 0.12]), "v", bron="x", titel="T",
                           regels=R, soort="pct", k=3, schema="kwantielen")
    grenzen = [t.split(" (")[0].split(" – ") for t in _legenda(g)]
    for a, b in zip(grenzen, grenzen[1:]):
        assert a[-1] != b[0], (a, b)  # no value ends one class and starts the next


def test_concentratiekaart_divergeert_rond_1():
    from wzlib.presentatie import kaarten

    g = kaarten.choropleet(_vierkanten([0.7, 0.9, 1.0, 1.2, 1.6]), "v", bron="x", titel="T", regels=R, k=4,
                           decimalen=2, midden=1.0)
    teksten = _legenda(g)
    # no class holds values on both sides of 1
    for t in teksten:
        lo, *hi = t.split(" (")[0].replace(",", ".").split(" – ")
        assert (float(lo) < 1) == (float(hi[0] if hi else lo) < 1)
    kleuren = [p.get_facecolor() for p in g.legends[0].get_patches()]
    assert kleuren[0][0] > kleuren[0][2]  # below 1: orange (more red than blue)
    assert kleuren[-1][2] > kleuren[-1][0]  # above 1: purple (more blue than red)
    assert any("uiteen vanaf 1,00" in n for n in [g.alt_tekst, *[t.get_text() for t in g.texts]])


def test_overlappende_kaartlabels_worden_weggelaten_en_gemeld():
    from wzlib.presentatie import kaarten

    namen = [f"Een hele lange wijknaam nummer {i}" for i in range(8)]
    g = kaarten.choropleet(_vierkanten([1, 2, 3, 4, 5, 6, 7, 8], namen), "v", bron="x", titel="T", regels=R)
    ax = g.axes[0]
    vakken = [t.get_window_extent(g.canvas.get_renderer()) for t in ax.texts]
    assert 0 < len(vakken) < 8
    assert not any(a.overlaps(b) for i, a in enumerate(vakken) for b in vakken[i + 1:])
    assert any("weggelaten omdat ze elkaar" in t.get_text() for t in g.texts)


def test_staaf_zonder_cijfer_zegt_ontbreekt():
    df = pd.DataFrame({"gemeente": ["A", "B (ontbreekt)", "C"], "tekort": [12.0, np.nan, -5.0]})
    g = grafieken.staaf(df, "gemeente", "tekort", horizontaal=True, bron="x", titel="T", regels=R)
    teksten = [t.get_text() for t in g.axes[0].texts]
    assert "ontbreekt" in teksten and [t.get_text() for t in g.axes[0].get_yticklabels()][1] == "B (ontbreekt)"


def test_tekort_per_1000_inwoners_naast_absolute_tekorten():
    from wzlib import confrontatie_regio_tekst as crt
    from wzlib.confrontatie_regio import Regioresultaten

    leeg = pd.DataFrame()
    r = Regioresultaten(leeg, leeg, leeg, leeg, leeg, {"GM0001": "Klein", "GM0002": "Groot", "GM0003": "Mist"},
                        ["GM0001", "GM0002"], ["GM0003"])
    per = pd.DataFrame({"Woonvorm": ["Geclusterde woonvorm"], "Eenheid": ["wooneenheden"], "Klein": [26.0],
                        "Groot": [5.0], "Mist (ontbreekt)": [np.nan], "Regio": [31.0]})
    inw = pd.DataFrame({"gemeentecode": ["GM0001", "GM0002", "GM0003"], "inwoners": [13000, 115000, 40000]})
    t = crt.per_1000_inwoners(per, inw, r, klein=10, marker="<10")
    assert t.loc[0, "Klein"] == "2,0"  # 26 / 13.000 x 1.000
    assert t.loc[0, "Groot"] == "<10"  # a rate of a suppressed count would reveal it
    assert pd.isna(t.loc[0, "Mist (ontbreekt)"])
    assert t.loc[0, "Regio"] == "0,2"  # 31 / 128.000 x 1.000 (only gemeenten with a figure)


def test_spreiding_top_en_kolommen_met():
    from wzlib import spreiding_tekst

    df = pd.DataFrame({"Groep": list("abcdef"), "Index": [1.0, 3.0, np.nan, 2.0, 0.5, 4.0]})
    t = spreiding_tekst.top(df, "Index", n=3)
    assert list(t["Groep"]) == ["f", "b", "d"]
    assert len(spreiding_tekst.top(df, "Index", n=10)) == 6
    breed = pd.DataFrame(columns=["Gemeente", "A: toedeling", "A: verschil", "A: % van de mutaties", "B: toedeling"])
    assert list(spreiding_tekst.kolommen_met(breed, ": toedeling").columns) == ["Gemeente", "A: toedeling",
                                                                                "B: toedeling"]


def test_logboek_status_zonder_parametersleutels():
    audit = pd.DataFrame({"bevinding": ["a", "b", "c"], "partner": "P", "oud": 1.0, "nieuw": 2.0, "reden": "",
                          "bron": "", "datum": "",
                          "status": ["conflict: niet toegepast (kies in confrontatie.geaccepteerd)",
                                     "toegepast: geaccepteerd in regio-parameters",
                                     "wacht op acceptatie (correcties_automatisch: false)"]})
    t = confrontatie_tekst.audit_tabel(audit)
    tekst = " ".join(t["Status"])
    assert "confrontatie." not in tekst and "correcties_automatisch" not in tekst and "regio-parameters" not in tekst
    assert t["Status"].iloc[0] == "conflict: niet toegepast (de regio kiest er een)"


def test_kaartlegenda_krijgt_een_decimaal_extra_als_afronden_klassen_laat_raken():
    from wzlib.presentatie import kaarten

    g = kaarten.choropleet(_vierkanten([0.05, 0.13, 0.176, 0.182, 0.20, 0.35]), "v", bron="x", titel="T",
                           regels=R, soort="pct", k=2, decimalen=0)
    grenzen = [t.split(" (")[0].split(" – ") for t in _legenda(g)]
    for a, b in zip(grenzen, grenzen[1:]):
        assert a[-1] != b[0], (a, b)
