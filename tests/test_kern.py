"""The Kern at the top of each gemeente report (wzlib.kern) and the samenvatting step (wzlib.samenvatting):
the key figures are the values of the tables further down the same report, small counts are suppressed in
the table and in the sentences, and the samenvatting only selects from the result tables."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import wzlib.analyse
from wzlib import aanbod, aanbod_tekst, catalogus as T, kern, omvang, omvang_tekst, samenvatting, stappen
from wzlib.gegevens import NEDERLAND
from wzlib.omvang import REGIO_CODE
from wzlib.presentatie.afscherming import Regels

R = Regels()


@pytest.fixture(scope="module")
def omvang_stap():
    A = wzlib.analyse.open("voorbeeldregio", gemeente="GM9901", stap=stappen.OMVANG)
    bevolking = A.tabel("bevolking")
    inwoners = omvang.inwoners(bevolking, A.codes, A.peiljaar)
    ouderen = omvang.ouderen(bevolking, A.tabel("huishoudens_leeftijd"), A.codes, A.peiljaar, met_vergelijking=True,
                             regio_naam=A.regio.naam, gemeentenamen=A.namen)
    groepen = omvang.groepen_omvang(A.lokaal.aandachtsgroepen, ouderen, inwoners, A.codes, A.peiljaar,
                                    A.regio.groepen, bron_bevolking="x")
    return A, ouderen, groepen, inwoners


def test_kern_omvang_zijn_de_cijfers_van_de_ouderentabel(omvang_stap):
    A, ouderen, groepen, _ = omvang_stap
    k = kern.omvang(ouderen, groepen, "GM9901", A.naam)
    overzicht = omvang_tekst.ouderen_overzicht(ouderen, "GM9901")
    # rows: gemeente first, regio and Nederland last (the table the report shows below the Kern)
    for wie, pos in (("gemeente", 0), ("regio", -2), ("nederland", -1)):
        assert k.waarde("75-plussers (% van de inwoners)", wie) == pytest.approx(float(overzicht["75+ (%)"].iloc[pos]))
        assert k.waarde("75-plussers", wie) == float(overzicht["75+"].iloc[pos])
        assert k.waarde("Inwoners", wie) == float(overzicht["Inwoners"].iloc[pos])
    assert 3 <= len(k.cijfers) <= 6
    assert any("75-plussers" in z and "%" in z and "Nederland" in z for z in k.zinnen)


def test_kern_omvang_telt_groepen_zonder_cijfer_en_noemt_ze(omvang_stap):
    A, ouderen, groepen, _ = omvang_stap
    g = groepen.copy()
    rij = g[(g["gemeentecode"] == "GM9901") & (g["soort"] != "ouderen")].index[0]
    g.loc[rij, "status"] = omvang.ONTBREEKT
    g.loc[rij, "aantal"] = pd.NA
    k = kern.omvang(ouderen, g, "GM9901", A.naam)
    tekst = k.waarde("Aandachtsgroepen met een cijfer")
    met, van = (int(x) for x in tekst.split(" van "))
    assert met < van
    assert any(str(g.loc[rij, "label"]) in z for z in k.zinnen)


def test_kern_aanbod_zijn_de_cijfers_van_de_voorraadtabel():
    A = wzlib.analyse.open("voorbeeldregio", gemeente="GM9902", stap=stappen.AANBOD)
    woningen = A.tabel("woningen")
    voorraad = aanbod.woningvoorraad(woningen, A.lokaal.woningmarkt, A.codes, A.peiljaar)
    vergelijking = aanbod_tekst.woningvoorraad_vergelijking(voorraad, woningen, "GM9902", regio_naam=A.regio.naam,
                                                            gemeentenamen=A.namen)
    inwoners = omvang.inwoners(A.tabel("bevolking"), A.codes, A.peiljaar)
    per = aanbod.aanbod_per_woonvorm(A.lokaal.aanbod, A.codes, A.peiljaar, woningmarkt=A.lokaal.woningmarkt)
    av = aanbod_tekst.aanbod_vergelijking(per, "GM9902", inwoners)
    k = kern.aanbod(vergelijking, av, A.naam, doel=0.3)
    assert k.waarde("Woningvoorraad") == float(vergelijking["woningvoorraad"].iloc[0])
    heeft_nl = vergelijking["gebied"].iloc[-1] == omvang.NL_LABEL
    regio = vergelijking.iloc[-2 if heeft_nl else -1]
    assert k.waarde("Huurwoningen (%)", "regio") == pytest.approx(float(regio["huur_aandeel"]))
    rij = av.set_index("woonvorm").loc["Geclusterde woonvorm"] if "Geclusterde woonvorm" in set(av["woonvorm"]) \
        else None
    if rij is not None and not pd.isna(rij["per_1000"]):
        assert k.waarde("Geclusterde woonvorm per 1.000 inwoners") == pytest.approx(float(rij["per_1000"]))
    assert any("sociale huur" in z for z in k.zinnen)


def _conf(tekort_geclusterd: float, peiljaar: int = 2024) -> pd.DataFrame:
    rijen = []
    for wv, tekort in (("geclusterd", tekort_geclusterd), ("verpleegzorg", -40.0)):
        for h in (0, 10, 20):
            for var in ("laag", "midden", "hoog"):
                rijen.append({"gemeentecode": "GM0001", "woonvorm": wv, "jaar": peiljaar + h, "variant": var,
                              "vraag": 100.0 + h, "aanbod": 100.0, "plan_cumulatief": 0.0,
                              "tekort_zonder_plan": tekort, "tekort_met_plan": tekort + h, "methode": "vraagraming"})
    return pd.DataFrame(rijen)


def test_kern_confrontatie_tekorten_en_kleine_aantallen_afgeschermd():
    urg = pd.DataFrame({"gemeentecode": ["GM0001"], "jaar": [2024], "aandeel": [0.42], "norm": [0.3]})
    conf = _conf(-7.0)
    assert kern.confrontatie(conf, urg, "E", peiljaar=2024).waarde("Tekort geclusterde woonvorm 2034") == 3.0
    conf.loc[conf["woonvorm"] == "geclusterd", "tekort_met_plan"] = 3.0
    k = kern.confrontatie(conf, urg, "Ergens", peiljaar=2024, norm=0.3)
    assert k.waarde("Aandeel toewijzingen naar urgenten 2024") == pytest.approx(0.42)
    assert any("boven de regionale norm van 30%" in z for z in k.zinnen)
    # in a sentence a small count is "minder dan 10"; in the table the marker, with the footnote
    assert any("minder dan 10" in z for z in k.zinnen)
    w, afgeschermd = kern.weergave(k, regels=R)
    assert afgeschermd and "<10" in set(w["Ergens"])
    assert "Regio" not in w.columns  # a column with nothing in it is left out


def test_kern_confrontatie_zonder_enig_tekort_zegt_dat():
    conf = _conf(0.0).assign(tekort_met_plan=np.nan)
    k = kern.confrontatie(conf, None, "Ergens", peiljaar=2024)
    assert k.cijfers.empty
    assert "geen enkele woonvorm" in k.zinnen[0]


def test_toon_maakt_een_kop_zinnen_en_een_toegankelijke_tabel_en_escapet():
    k = kern.Kern("<b>Gem</b>", kern._frame([kern._rij("Inwoners", "aantal", 12345.0, 99999.0, np.nan),
                                              kern._rij("75+ (%)", "pct", 0.1234, 0.1, 0.11)]),
                  ["Zin met <script>."])
    html = kern.toon(k, bron="CBS", regels=R)._repr_html_()
    assert '<h2 id="kern">Kern</h2>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;Gem" in html
    assert "12.345" in html and "12,3%" in html and "<caption>" in html and 'scope="row"' in html
    assert "Bron: CBS" in html


# ------------------------------------------------------------------------------------------ samenvatting

def test_samenvatting_tekorten_tabel_heeft_vijf_kolommen_en_de_waarden_van_de_confrontatie():
    conf = _conf(-7.0)
    t, tel = samenvatting.tekorten_tabel(conf, peiljaar=2024)
    assert list(t.columns) == ["Woonvorm", "Eenheid", "Aanbod nu", "Tekort 2024", "Tekort 2034", "Tekort 2044"]
    m = conf[(conf["variant"] == "midden") & (conf["woonvorm"] == "geclusterd")].set_index("jaar")
    assert t.iloc[0]["Tekort 2034"] == m.at[2034, "tekort_met_plan"]
    assert tel == ["Aanbod nu", "Tekort 2024", "Tekort 2034", "Tekort 2044"]


def test_samenvatting_resultaat_past_in_de_catalogus():
    k = kern.Kern("X", kern._frame([kern._rij("75-plussers", "aantal", 10.0), kern._rij("Groepen", "tekst", "3 van 5")]))
    df = samenvatting.resultaat(k, ["omvang", "omvang"], "GM0001")
    T.controleer(T.SAMENVATTING, df, wie="GM0001", waar="bij het schrijven")
    assert math.isnan(df.loc[1, "waarde"]) and df.loc[1, "tekst"] == "3 van 5"


def test_samenvatting_partnerzin_zonder_en_met_reacties():
    leeg = pd.DataFrame(columns=["partner", "beantwoord", "aandeel_herkend", "aandeel_herkend_of_deels"])
    assert "nog) geen reacties" in samenvatting.partners_tekst(leeg, "X")
    t = pd.DataFrame({"partner": ["A", "B", "alle partners"], "beantwoord": [4, 6, 10],
                      "aandeel_herkend": [0.5, 0.5, 0.5], "aandeel_herkend_of_deels": [1.0, 0.5, 0.7]})
    zin = samenvatting.partners_tekst(t, "X")
    assert zin.startswith("2 partners beoordeelden 10 bevindingen") and "50% herkend" in zin and "70%" in zin


def test_samenvatting_staat_in_het_register_en_leest_alleen_eerdere_stappen():
    s = stappen.stap("samenvatting")
    assert s is stappen.SAMENVATTING and s.notebook == "90_samenvatting" and s.scope == "gemeente"
    assert T.SAMENVATTING in s.schrijft
    assert {lz.tabel.stap for lz in s.leest} <= {"omvang", "aanbod", "prognose", "spreiding", "confrontatie",
                                                 "ambities", "monitoring", "meter"}
    assert all(stappen.stap(lz.tabel.stap).nummer < s.nummer for lz in s.leest)  # only earlier steps
    assert not stappen.controleer_register()
    afh = stappen.afhankelijkheden(s, "GM0001", ["GM0001", "GM0002"], "regio")
    assert {(a.wie, a.stap.sleutel) for a in afh} == {("GM0001", "omvang"), ("GM0001", "aanbod"),
                                                       ("GM0001", "prognose"), ("GM0001", "confrontatie"),
                                                       ("GM0001", "ambities"), ("GM0001", "meter"), ("GM0001", "monitoring"),
                                                       ("regio", "spreiding")}
    assert not next(a for a in afh if a.stap.sleutel == "spreiding").verplicht


def test_samenvatting_verzamel_op_kleine_tabellen():
    bp = pd.DataFrame([{"gemeentecode": "GM0001", "jaar": j, "geslacht": g, "leeftijd_van": v, "leeftijd_tot": t,
                        "variant": "midden", "aantal": a * (1 + (j - 2024) / 20), "methode": "x"}
                       for j in (2024, 2034, 2044) for g in ("man", "vrouw")
                       for v, t, a in ((0, 64, 500.0), (65, 74, 60.0), (75, 84, 40.0), (85, None, 20.0))])
    vraag = pd.DataFrame([{"gemeentecode": "GM0001", "jaar": j, "woonvorm": "geclusterd", "variant": "midden",
                           "aantal": 50.0 + j - 2024} for j in (2024, 2034, 2044)])
    ouderen = pd.DataFrame({"gemeentecode": "GM0001", "leeftijdsgroep": ["65+", "75+", "85+"],
                            "aantal": [240.0, 120.0, 40.0], "aandeel": [0.2, 0.1, 0.04]})
    groepen = pd.DataFrame({"gemeentecode": "GM0001", "label": ["Dak- en thuislozen", "Statushouders"],
                            "eenheid": "personen", "aantal": [12.0, np.nan], "per_1000": [10.0, np.nan],
                            "status": ["lokaal aangeleverd", "ontbreekt"]})
    inv = SimpleNamespace(groepen=groepen, ouderen=ouderen, bevolking_prognose=bp, vraag=vraag,
                          confrontatie=_conf(-7.0), urgentie=None, bevindingen=None, reacties=None, verdeling=None)
    rp = SimpleNamespace(confrontatie=SimpleNamespace(horizon=(0, 10, 20), top_n=5))
    S = samenvatting.verzamel(inv, rp, gemeente="GM0001", naam="Ergens", peiljaar=2024)
    p = S.prognose.set_index("Wat")
    assert p.at["75-plussers", "2024"] == 120.0 and p.at["75-plussers", "2044"] == pytest.approx(240.0)
    assert p.at["Vraag: geclusterde woonvorm", "2034"] == 60.0
    assert S.kern.waarde("Groepen met een cijfer") == "1 van 2"
    assert S.kern.waarde("Groei 75-plussers tot 2044 (factor)") == pytest.approx(2.0)
    assert "niet beschikbaar" in S.verdeling_tekst and S.herkenning.empty
    T.controleer(T.SAMENVATTING, S.resultaat, wie="GM0001", waar="bij het schrijven")


def test_kern_prognose_is_de_kerncijfertabel_en_de_groei_van_de_regio():
    from wzlib import prognose_tekst

    rijen = []
    for code, basis in (("GM0001", 100.0), ("GM0002", 300.0)):
        for lg, f in (("65+", 2.0), ("75+", 1.0), ("85+", 0.3)):
            for j, g in ((2024, 1.0), (2034, 1.3), (2044, 1.5)):
                for var, v in (("laag", 0.9), ("midden", 1.0), ("hoog", 1.1)):
                    groei = g if code == "GM0001" else 1 + (g - 1) / 2
                    rijen.append({"gemeentecode": code, "jaar": j, "variant": var, "leeftijdsgroep": lg,
                                  "aantal": basis * f * groei * (v if j > 2024 else 1.0)})
    G = pd.DataFrame(rijen)
    V = pd.DataFrame([{"gemeentecode": "GM0001", "jaar": j, "woonvorm": "verpleegzorg", "variant": "midden",
                       "aantal": a} for j, a in ((2024, 20.0), (2044, 35.0))])
    k = kern.prognose(G, V, "GM0001", "Ergens", basisjaar=2024, namen={"GM0001": "Ergens", "GM0002": "Ander"})
    tabel_ = prognose_tekst.kerncijfers(G, "GM0001", 2024).set_index("leeftijdsgroep")
    assert k.waarde("75+ in 2044 (midden)") == tabel_.at["75+", "2044 midden"] == 150.0
    assert k.waarde("Groei 75+ tot 2044 (factor)") == pytest.approx(1.5)
    assert k.waarde("Groei 75+ tot 2044 (factor)", "regio") == pytest.approx((150 + 375) / 400)
    assert k.waarde("75+ in 2024", "regio") == 400.0
    assert k.waarde("Vraag intramurale verpleegzorgplaats 2044 (midden)") == 35.0
    assert 3 <= len(k.cijfers) <= 6
    assert any("factor 1,50" in z and "1,31 in de regio" in z for z in k.zinnen)
