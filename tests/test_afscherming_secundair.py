"""Secondary suppression over a table with a declared total structure (``secundair_afschermen``), the kinds of
numbers (policy numbers are never suppressed) and the pattern of another report (``vast_*``), on hand-made
tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wzlib.presentatie.afscherming import (ALGEMEEN, BELEID, PERSONEN, Regels, afschermen, secundair_afschermen)
from wzlib.presentatie.getallen import PresentatieFout
from wzlib.presentatie.tabellen import tabel

R = Regels()


def _regio_tabel() -> pd.DataFrame:
    """Groups (rows) × gemeenten (columns) with the regio total per group, and a total over the groups."""
    return pd.DataFrame({"A": [4, 30, 34], "B": [25, 12, 37], "C": [40, 0, 40], "Regio": [69, 42, 111]},
                        index=["beschermd wonen", "opvang", "alle groepen"])


def _sommen(df: pd.DataFrame) -> list:
    gemeenten = ["A", "B", "C"]
    rijen = [((g, "Regio"), [(g, k) for k in gemeenten]) for g in df.index]  # regio = sum of the gemeenten
    kolommen = [(("alle groepen", k), [(g, k) for g in df.index[:-1]]) for k in df.columns]  # total over groups
    return rijen + kolommen


def test_regiototaal_min_andere_gemeenten_geeft_niets_terug():
    df = _regio_tabel()
    weg = (df > 0) & (df < 10)
    sec = secundair_afschermen(df, weg, _sommen(df))
    # row beschermd wonen: A (4) suppressed -> smallest other gemeente B (25); column A: opvang (30);
    # column B: opvang (12); row opvang then has A and B suppressed: stable.
    assert set(zip(*np.nonzero(sec.to_numpy()))) == {(0, 1), (1, 0), (1, 1)}
    alles = weg | sec
    for totaal, delen in _sommen(df):
        assert sum(bool(alles.at[c]) for c in [totaal, *delen]) != 1, totaal


def test_volgende_kleinste_is_zelf_een_totaal():
    """Regio = G1 + G2 + G3 and G2 = x + y (G2 is the total of its groups). G1 suppressed: the smallest
    other gemeente is G2, itself a total, so one of its parts must go as well."""
    df = pd.DataFrame({"waarde": [7, 15, 60, 82, 11, 4 + 0]}, index=["G1", "G2", "G3", "Regio", "x", "y"])
    df.loc["y", "waarde"] = 4
    weg = pd.DataFrame({"waarde": [True, False, False, False, False, False]}, index=df.index)
    sommen = [(("Regio", "waarde"), [("G1", "waarde"), ("G2", "waarde"), ("G3", "waarde")]),
              (("G2", "waarde"), [("x", "waarde"), ("y", "waarde")])]
    sec = secundair_afschermen(df, weg, sommen)
    assert sec["waarde"].to_dict() == {"G1": False, "G2": True, "G3": False, "Regio": False, "x": False, "y": True}


def test_totaal_alleen_als_geen_deel_kan():
    df = pd.DataFrame({"a": [6], "b": [30], "t": [36]})
    weg = pd.DataFrame({"a": [True], "b": [False], "t": [False]})
    vast = pd.DataFrame({"a": [False], "b": [True], "t": [False]})  # b is shown in another report
    sec = secundair_afschermen(df, weg, [((0, "t"), [(0, "a"), (0, "b")])], vast=vast)
    assert sec.to_numpy().tolist() == [[False, False, True]]


def test_afgeschermd_totaal_met_alle_delen_getoond_is_herleidbaar():
    """A suppressed total next to all its parts gives itself back (a regio tekort of 4 from the gemeenten'
    tekort 12 and overschot -8): the part with the smallest size goes too."""
    df = pd.DataFrame({"a": [12], "b": [-8], "t": [4]})
    res = afschermen(df, ["a", "b", "t"], totaal_kolom="t", regels=R)
    assert res.waarden.iloc[0].tolist() == [12, "•", "<10"]


def test_ontbrekend_totaal_is_geen_som():
    df = pd.DataFrame({"a": [3.0], "b": [40.0], "t": [np.nan]})
    weg = pd.DataFrame({"a": [True], "b": [False], "t": [False]})
    assert not secundair_afschermen(df, weg, [((0, "t"), [(0, "a"), (0, "b")])]).to_numpy().any()


def test_onbekende_cel_geeft_nederlandse_melding():
    df = pd.DataFrame({"a": [3]})
    with pytest.raises(PresentatieFout, match="staat niet in de tabel"):
        secundair_afschermen(df, df > 0, [((0, "x"), [(0, "a")])])


def test_verschil_vraag_aanbod_plannen_geeft_afgeschermde_vraag_niet_terug():
    """Tekort = vraag - aanbod - plannen: with the vraag suppressed, the tekort (or the aanbod) goes too;
    plannen are a policy number: shown, never chosen."""
    df = pd.DataFrame({"Woonvorm": ["opvang", "beschermd wonen"], "Tekort": [-16.0, 30.0], "Vraag": [7.0, 50.0],
                       "Aanbod": [20.0, 18.0], "Plannen": [3.0, 2.0]})
    res = afschermen(df, ["Vraag", "Aanbod", "Tekort"], kwetsbaar=True, beleid=["Plannen"],
                     relaties=[["Tekort", "Vraag", "Aanbod", "Plannen"]], regels=R)
    rij = res.waarden.iloc[0].tolist()
    assert rij[2] == "<10" and rij[4] == 3 and "•" in (rij[1], rij[3])
    assert res.waarden.iloc[1].tolist() == ["beschermd wonen", 30, 50, 18, 2]


def test_beleidsgetallen_worden_nooit_afgeschermd():
    df = pd.DataFrame({"gemeente": ["A", "B"], "taakstelling": [3.0, 12.0], "personen": [3.0, 12.0]})
    t = tabel(df, bron="test", regels=R, tellingen=["personen"], beleid=["taakstelling"], kwetsbaar=True)
    assert t.weergave["taakstelling"].tolist() == ["3", "12"]
    assert t.weergave["personen"].tolist() == ["<10", "12"]
    assert [R.drempel_soort(s) for s in (PERSONEN, ALGEMEEN, BELEID)] == [10, 5, 0]
    with pytest.raises(PresentatieFout, match="Onbekende soort"):
        R.drempel_soort("woningen")


def test_patroon_van_een_ander_rapport_wordt_overgenomen():
    """A cell suppressed in the gemeente report is suppressed here too; a cell shown there is never chosen."""
    df = pd.DataFrame({"A": [40.0], "B": [12.0], "C": [25.0], "Regio": [77.0]})
    elders_weg = pd.DataFrame({"A": [True], "B": [False], "C": [False], "Regio": [False]})
    elders_getoond = pd.DataFrame({"A": [False], "B": [True], "C": [True], "Regio": [False]})
    res = afschermen(df, ["A", "B", "C", "Regio"], totaal_kolom="Regio", kwetsbaar=True, regels=R,
                     vast_afgeschermd=elders_weg, vast_getoond=elders_getoond)
    assert res.waarden.iloc[0].tolist() == ["•", 12, 25, "•"]
