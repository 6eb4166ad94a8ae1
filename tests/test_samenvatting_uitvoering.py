"""The samenvatting's part "Van analyse naar uitvoering": ambities (Stap 6) and the meter (Stap 8)."""

from __future__ import annotations

import pandas as pd

from wzlib import meter as metermod
from wzlib import samenvatting_uitvoering as U
from wzlib.meter_kaarten import KAARTEN


def _toets(nr, woonvorm, toets, uitkomst, variant=None, doeljaar=2030, code="GM9901"):
    return {"gemeentecode": code, "nr": nr, "groep": "alle", "woonvorm": woonvorm, "doeljaar": doeljaar,
            "toets": toets, "variant": variant, "ambitie": 1.0, "tekort": 2.0, "dekking": 0.5, "uitkomst": uitkomst,
            "toelichting": None}


def test_ambities_zin_telt_dekking_in_de_middenvariant_en_prioriteiten():
    ambities = pd.DataFrame({"gemeentecode": ["GM9901"] * 3 + ["GM9902"], "woonvorm": ["a"] * 4})
    toetsen = pd.DataFrame([
        _toets(1, "geclusterd", "dekking", "voldoet", "midden"),
        _toets(1, "geclusterd", "dekking", "voldoet niet", "hoog"),  # another variant: not counted
        _toets(2, "verpleegzorg", "dekking", "voldoet niet", "midden", doeljaar=2035),
        _toets(3, "nultreden", "dekking", "onbekend", "midden"),  # not comparable: not counted
        _toets(0, "beschermd_wonen", "prioriteit", "voldoet niet"),
        _toets(0, "geclusterd", "prioriteit", "voldoet"),
        _toets(1, "opvang", "dekking", "voldoet niet", "midden", code="GM9902"),  # another gemeente
    ])
    zin = U.ambities_zin(ambities, toetsen, "GM9901", "Heide<b>woude")
    assert zin.startswith("Heide&lt;b&gt;woude heeft 3 ambities vastgelegd.")  # the name escaped
    assert "Van de 2 die met een tekort te vergelijken zijn, dekt er 1 het tekort" in zin
    assert "niet gedekt: intramurale verpleegzorgplaats (2035)." in zin
    assert "Voor 1 woonvorm met een tekort of urgente vraag is er nog geen ambitie: beschermd wonen." in zin
    assert "opvang" not in zin.lower().split("nog geen ambitie")[0]


def test_zonder_ambities_of_meter_zegt_de_samenvatting_dat_en_toont_geen_nul():
    assert "nog geen ambities vastgelegd" in U.ambities_zin(None, None, "GM9901", "Heidewoude")
    assert "nog geen woonzorgvisie-meter" in U.meter_zin(None, "GM9901", "Heidewoude")
    assert U.meter_tabel(None, "GM9901").empty


def test_meter_per_kaart_telt_gereed_zonder_nvt():
    m = metermod.meter_tabel("GM9901", None, None)
    k1 = m.index[m["kaart"] == 1]
    m.loc[k1[:3], "status"] = "gereed"
    m.loc[k1[3], "status"] = "n.v.t."
    m.loc[m.index[m["kaart"] == 2][:1], "status"] = "bezig"
    t = U.meter_tabel(m, "GM9901")
    assert list(t["Kaart"]) == [metermod.kaarttitel(k.nummer) for k in KAARTEN]
    r1 = t.iloc[0]
    assert (r1["Gereed"], r1["Onderdelen"]) == (3, len(k1) - 1)
    assert t.iloc[1]["Bezig"] == 1 and t["Gereed"].iloc[1:].sum() == 0
    zin = U.meter_zin(m, "GM9901", "Heidewoude")
    totaal = len(m) - 1
    assert f"3 van de {totaal} onderdelen gereed" in zin
    assert "het verst achter is kaart 2 (0 van" in zin  # the first kaart with the lowest share


def test_monitoring_zin_telt_veranderingen_per_soort_oorzaak_en_noemt_de_realisatie():
    v = pd.DataFrame({"gemeentecode": ["GM9901"] * 3 + ["GM9902"],
                      "soort_oorzaak": ["datajaar", "datajaar, parameter", "parameter", "lokale invoer"],
                      "afgeschermd": [False, True, False, False]})
    zin = U.monitoring_zin(v, None, "GM9901", "Heidewoude")
    assert zin == ("Sinds de vorige analyse zijn 3 cijfers van Heidewoude veranderd; oorzaak: nieuwe gegevens "
                   "(datajaar) (2), gewijzigde instellingen van de analyse (2).")
    assert "nog geen eerdere analyse" in U.monitoring_zin(None, None, "GM9901", "Heidewoude")
    r = pd.DataFrame({"gemeentecode": ["GM9901", "GM9901"], "woonvorm": ["geclusterd", "nultreden"],
                      "tot_jaar": [2024, 2024], "gerealiseerd": [12.0, 30.0], "gepland_tot_jaar": [20.0, 25.0],
                      "achterstand_plan": [8.0, -5.0], "resterend_ambitie": [None, None], "doeljaar": [None, None],
                      "per_jaar_nodig": [None, None]})
    zin = U.monitoring_zin(None, r, "GM9901", "Heidewoude")
    assert "Tot en met 2024 zijn in Heidewoude 42 eenheden opgeleverd, tegen 45 gepland tot dat jaar." in zin
    assert "wz " not in zin and "`" not in zin
