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
