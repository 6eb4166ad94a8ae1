"""Unit tests for wzlib.prognose_ijking (stap 3): the PBL/CBS totals the own model is calibrated to, laag/hoog
around a midden-only total, the comparison table and the plausibility rule; values worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_prognose import bevolking, ontwikkeling, realistisch

from wzlib import kengetallen as kg
from wzlib import prognose as pr
from wzlib import prognose_ijking as pi
from wzlib import prognose_tekst as pt

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def K():
    return kg.laad(ROOT / "params" / "kengetallen.yaml")


def _totalen(rijen):
    return pd.DataFrame(rijen, columns=["gemeentecode", "jaar", "variant", "bevolking"])


def _prognose(rijen):
    """bevolking_prognose rows (one class per gemeente/variant/jaar: enough for totals)."""
    return pd.DataFrame([{"gemeentecode": c, "jaar": j, "geslacht": "totaal", "leeftijd_van": 0,
                          "leeftijd_tot": pd.NA, "variant": v, "aantal": float(a), "methode": "x"}
                         for c, j, v, a in rijen])


def test_kies_totalen_cbs_voor_invoer_per_gemeente():
    cbs = _totalen([("GM0001", 2030, "midden", 1000), ("GM0001", 2030, "laag", 900)])
    invoer = _totalen([("GM0001", 2030, "midden", 5), ("GM0002", 2030, "midden", 2000)])
    t = pi.kies_totalen(cbs, invoer, ["GM0001", "GM0002", "GM0003"])
    assert sorted(zip(t["gemeentecode"], t["variant"], t["bevolking"])) == [
        ("GM0001", "laag", 900), ("GM0001", "midden", 1000), ("GM0002", "midden", 2000)]
    assert set(t.loc[t["gemeentecode"] == "GM0001", "bron"]) == {"CBS 85173NED"}  # no bron column: named
    assert pi.kies_totalen(None, None, ["GM0001"]).empty


def test_aanvullen_laag_hoog_met_spreiding_eigen_model():
    eigen = _prognose([("GM0001", 2030, "laag", 900), ("GM0001", 2030, "midden", 1000),
                       ("GM0001", 2030, "hoog", 1200)])
    t = pi.aanvullen(_totalen([("GM0001", 2030, "midden", 1100)]), eigen).set_index("variant")["bevolking"]
    assert t["midden"] == 1100
    assert t["laag"] == 990  # 1100 x 900 / 1000
    assert t["hoog"] == 1320  # 1100 x 1200 / 1000
    # given interval bounds are kept as they are
    t2 = pi.aanvullen(_totalen([("GM0001", 2030, "midden", 1100), ("GM0001", 2030, "laag", 1050)]), eigen)
    assert t2.set_index("variant").loc["laag", "bevolking"] == 1050 and len(t2) == 3


def test_vergelijking_en_onwaarschijnlijk():
    eigen = _prognose([(c, j, v, a) for c, groei in (("GM0001", 1.30), ("GM0002", 1.05))
                       for j, f in ((2024, 1.0), (2044, groei)) for v, d in (("laag", -0.1), ("midden", 0), ("hoog", 0.1))
                       for a in [1000 * (f + (d if j == 2044 else 0))]])
    tot = _totalen([("GM0001", 2044, "midden", 1100)])
    v = pi.vergelijking(eigen, eigen, tot, "GM0001", [2024, 2044]).set_index("jaar")
    assert v.loc[2044, "pbl_cbs"] == 1100 and v.loc[2044, "eigen_midden"] == 1300
    assert v.loc[2044, "verschil_eigen"] == pytest.approx(200 / 1100)
    assert pd.isna(v.loc[2024, "pbl_cbs"]) and pd.isna(v.loc[2024, "verschil_eigen"])  # unknown, not 0
    w = pi.onwaarschijnlijk(eigen, ["GM0001", "GM0002"], 2024)
    assert set(w) == {"GM0001"}  # +30 % midden breaks the rule; +5 % (hoog +15 %) does not
    assert "+30 %" in w["GM0001"] and "+40 %" in w["GM0001"] and "+15 %" in w["GM0001"]  # the rule is stated
    assert pi.onwaarschijnlijk(eigen, ["GM0002"], 2024, {**pi.PLAUSIBEL, "hoog_max": 0.10}) != {}


def test_bereken_met_alleen_midden_totalen(K):
    """A midden-only total (85171NED): midden equals it, laag <= midden <= hoog, and the uncalibrated own
    model is kept beside it; a gemeente without totals gets no calibration and a plausibility check."""
    b = bevolking({("GM0001", "man"): realistisch(10, 1), ("GM0001", "vrouw"): realistisch(10, 2),
                   ("GM0002", "man"): realistisch(4, 3), ("GM0002", "vrouw"): realistisch(4, 4)})
    ow = pd.concat([ontwikkeling(c, range(2019, 2024), 30, 900, 300) for c in ("GM0001", "GM0002")])
    basis1 = float(b[b["gemeentecode"] == "GM0001"]["aantal"].sum())
    tot = _totalen([("GM0001", 2030, "midden", round(basis1 * 1.02)), ("GM0001", 2040, "midden", round(basis1))])
    res = pr.bereken(b, ow, ["GM0001", "GM0002"], 2024, K, totalen=pi.kies_totalen(None, tot, ["GM0001", "GM0002"]))
    t = pi.totalen_per_jaar(res.bevolking).set_index(["gemeentecode", "variant", "jaar"])["totaal"]
    assert t[("GM0001", "midden", 2030)] == round(basis1 * 1.02) and t[("GM0001", "midden", 2040)] == round(basis1)
    for j in (2030, 2040):
        assert t[("GM0001", "laag", j)] <= t[("GM0001", "midden", j)] <= t[("GM0001", "hoog", j)]
    e = pi.totalen_per_jaar(res.ongekalibreerd).set_index(["gemeentecode", "variant", "jaar"])["totaal"]
    assert e[("GM0001", "midden", 2040)] != t[("GM0001", "midden", 2040)]  # the own model, uncalibrated
    # laag target = midden target x own laag / own midden
    assert t[("GM0001", "laag", 2040)] == round(round(basis1) * e[("GM0001", "laag", 2040)]
                                                / e[("GM0001", "midden", 2040)])
    g = res.gebruikt.set_index("gemeentecode")["methode"]
    assert g["GM0001"] == pr.GEKALIBREERD and g["GM0002"] == pr.EIGEN
    assert any("GM0002" in m and "niet gekalibreerd" in m for m in res.meldingen)
    assert "GM0002" in res.onwaarschijnlijk  # +600 a year on ~1,600 inhabitants
    assert "GM0001" not in res.onwaarschijnlijk  # calibrated: not checked
    tabel = pt.kalibratie_tabel(res, "GM0001").set_index("jaar")
    assert tabel.loc[2040, "pbl_cbs"] == round(basis1) and tabel.loc[2040, "gebruikt"] == round(basis1)
    assert tabel.loc[2040, "eigen_midden"] == e[("GM0001", "midden", 2040)]
    assert "Let op" in pt.toelichting(res, "GM0002", "Tweede") and "gekalibreerd" in pt.toelichting(res, "GM0001")
