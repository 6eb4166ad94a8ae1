"""The fictional Voorbeeldregio (data/voorbeeld) and the regio params files.

Every demo file must load through the import format, satisfy the invariants promised in
data/voorbeeld/README.md, and be exactly what maak_voorbeeld.py writes.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from wzlib.bronnen.invoer import lees_map
from wzlib.bronnen.lokaal import LOKALE_SCHEMAS, lees_lokaal
from wzlib.gegevens import SCHEMAS
from wzlib.groepen import lokale_groepen
from wzlib.params import Gemeente, laad_regio, los_gemeenten_op

ROOT = Path(__file__).resolve().parents[1]
MAP = ROOT / "data" / "voorbeeld"
BRON = "FICTIEF — voorbeeldregio woonzorganalyse"
CODES = [f"GM990{i}" for i in range(1, 7)]
KWB = ["leeftijd_0_14", "leeftijd_15_24", "leeftijd_25_44", "leeftijd_45_64", "leeftijd_65_plus"]
TELLINGEN = ["inwoners", *KWB, "huishoudens", "eenpersoonshuishoudens"]


def _generator():
    spec = importlib.util.spec_from_file_location("maak_voorbeeld", MAP / "maak_voorbeeld.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the file executes
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def g():
    return lees_map(MAP, soort="voorbeeld", fictief=True)


@pytest.fixture(scope="module")
def bev(g):
    """Totals per gemeente and age class (geslacht totaal)."""
    b = g["bevolking"]
    return b[b["geslacht"] == "totaal"]


def inwoners(bev, code, van=0, tot=200) -> int:
    d = bev[(bev["gemeentecode"] == code) & (bev["leeftijd_van"] >= van) & (bev["leeftijd_van"] <= tot)]
    return int(d["aantal"].sum())


# --------------------------------------------------------------------------------------- loading

# Optional files the demo regio deliberately lacks: without PBL/CBS totals the demo shows the own model
# uncalibrated, with the plausibility warning (the path a regio without those totals takes).
NIET_IN_VOORBEELD = {"prognose_totalen"}


def test_alle_bestanden_laden_via_invoerformaat(g):
    for naam, schema in SCHEMAS.items():
        if naam in NIET_IN_VOORBEELD:
            assert not schema.verplicht and not (MAP / schema.bestand).exists(), naam
            continue
        assert (MAP / schema.bestand).exists(), schema.bestand
        assert g.heeft(naam), naam
        assert g.herkomst[naam].fictief and g.herkomst[naam].soort == "voorbeeld"
        df = g[naam]
        if "bron" in df.columns:
            assert set(df["bron"]) == {BRON}, naam


def test_gemeenten(g, echt_map_optioneel):
    gm = g["gemeenten"]
    assert gm["gemeentecode"].tolist() == CODES
    namen = set(gm["gemeentenaam"])
    assert len(namen) == 6
    if echt_map_optioneel is not None:  # invented: neither the codes nor the names exist in NL
        echt = pd.read_csv(echt_map_optioneel / "gemeenten.csv", dtype=str)
        assert not set(CODES) & set(echt["gemeentecode"])
        assert not {n.lower() for n in namen} & {n.lower() for n in echt["gemeentenaam"]}


@pytest.fixture(scope="module")
def echt_map_optioneel():
    p = ROOT.parent / "shared" / "data" / "echt"
    return p if (p / "gemeenten.csv").exists() else None


# ------------------------------------------------------------------------------------- bevolking

def test_bevolking_vorm_en_man_plus_vrouw(g):
    b = g["bevolking"]
    assert set(b["jaar"]) == {2024}
    assert set(b["gemeentecode"]) == {*CODES, "NL00"}
    klassen = sorted(set(zip(b["leeftijd_van"], b["leeftijd_tot"].fillna(-1))))
    assert klassen == [(v, v + 4) for v in range(0, 95, 5)] + [(95, -1)]
    breed = b.pivot_table(index=["gemeentecode", "leeftijd_van"], columns="geslacht", values="aantal",
                          aggfunc="sum")
    assert (breed["man"] + breed["vrouw"] == breed["totaal"]).all()
    assert (b["aantal"] > 0).all()


def test_profielen(bev, g):
    aandeel = {c: inwoners(bev, c, 65) / inwoners(bev, c) for c in CODES}
    jong = {c: inwoners(bev, c, 15, 20) / inwoners(bev, c) for c in CODES}  # 15-24
    kind = {c: inwoners(bev, c, 0, 10) / inwoners(bev, c) for c in CODES}  # 0-14
    assert 12_000 <= inwoners(bev, "GM9901") <= 14_000 and aandeel["GM9901"] == max(aandeel.values())
    assert aandeel["GM9901"] > 0.27
    assert 105_000 <= inwoners(bev, "GM9902") <= 125_000
    assert 55_000 <= inwoners(bev, "GM9903") <= 65_000 and jong["GM9903"] == max(jong.values())
    assert jong["GM9903"] > 0.2
    assert 40_000 <= inwoners(bev, "GM9904") <= 50_000 and kind["GM9904"] == max(kind.values())
    assert 23_000 <= inwoners(bev, "GM9905") <= 27_000 and 30_000 <= inwoners(bev, "GM9906") <= 34_000
    nl = inwoners(bev, "NL00")
    assert 17_800_000 <= nl <= 18_000_000 and 0.19 <= inwoners(bev, "NL00", 65) / nl <= 0.22
    ontw = g["bevolkingsontwikkeling"].set_index(["gemeentecode", "jaar"])
    groei = {c: ontw.loc[(c, 2023), "bevolking_31dec"] / ontw.loc[(c, 2014), "bevolking_1jan"] for c in CODES}
    assert groei["GM9904"] == max(groei.values()) and groei["GM9904"] > 1.15
    vest = {c: ontw.loc[(c, 2023), "vestiging_totaal"] / ontw.loc[(c, 2023), "bevolking_1jan"] for c in CODES}
    assert vest["GM9903"] == max(vest.values())


def test_bevolkingsontwikkeling_sluit(g, bev):
    o = g["bevolkingsontwikkeling"].sort_values(["gemeentecode", "jaar"])
    assert set(o["gemeentecode"]) == set(CODES)
    for code, d in o.groupby("gemeentecode"):
        assert d["jaar"].tolist() == list(range(2014, 2024))
        som = (d["bevolking_1jan"] + d["levend_geborenen"] - d["overledenen"] + d["vestiging_totaal"]
               - d["vertrek_totaal"])
        assert (som == d["bevolking_31dec"]).all(), code
        assert (d["bevolking_31dec"].iloc[:-1].to_numpy() == d["bevolking_1jan"].iloc[1:].to_numpy()).all()
        assert d["bevolking_31dec"].iloc[-1] == inwoners(bev, code)  # 31 dec 2023 = 1 januari 2024


# ------------------------------------------------------------------------------------ huishoudens

def test_huishoudens(g, bev):
    h = g["huishoudens"].set_index("gemeentecode")
    hl = g["huishoudens_leeftijd"]
    assert set(h.index) == {*CODES, "NL00"} and set(h["jaar"]) == {2024}
    assert (h["eenpersoons"] + h["meerpersoons"] == h["huishoudens_totaal"]).all()
    for code in h.index:
        d = hl[hl["gemeentecode"] == code].set_index("leeftijd_van")
        b = bev[bev["gemeentecode"] == code].set_index("leeftijd_van")["aantal"]
        assert len(d) == 20
        assert (d["personen_particuliere_huishoudens"] <= b).all()
        assert d.loc[[0, 5, 10], "alleenstaand"].isna().all()
        rest = d.drop(index=[0, 5, 10])
        assert (rest["alleenstaand"] <= rest["personen_particuliere_huishoudens"]).all()
        assert rest["alleenstaand"].sum() == h.loc[code, "eenpersoons"]
        personen = d["personen_particuliere_huishoudens"].sum()
        assert h.loc[code, "huishoudens_totaal"] <= personen
        # every multi-person household has at least two people
        assert personen - h.loc[code, "eenpersoons"] >= 2 * h.loc[code, "meerpersoons"]
    een = h["eenpersoons"] / h["huishoudens_totaal"]
    assert een.drop("NL00").idxmax() == "GM9903"  # the student town


# ----------------------------------------------------------------------------------------- wijken

def test_wijken_sluiten_op_gemeente(g, bev):
    w = g["wijken"]
    h = g["huishoudens"].set_index("gemeentecode")
    assert set(w["jaar"]) == {2024}
    for code in CODES:
        d = w[w["gemeentecode"] == code]
        gem = d[d["soort"] == "gemeente"]
        assert len(gem) == 1 and gem["gebiedscode"].iloc[0] == code
        gem = gem.iloc[0]
        assert gem["inwoners"] == inwoners(bev, code) == sum(gem[k] for k in KWB)
        assert gem["leeftijd_65_plus"] == inwoners(bev, code, 65)
        assert gem["leeftijd_0_14"] == inwoners(bev, code, 0, 10)
        assert gem["huishoudens"] == h.loc[code, "huishoudens_totaal"]
        assert gem["eenpersoonshuishoudens"] == h.loc[code, "eenpersoons"]
        wijken = d[d["soort"] == "wijk"]
        assert 3 <= len(wijken) <= 6
        assert wijken["gebiedscode"].str.fullmatch(rf"WK{code[2:]}\d\d").all()
        for k in TELLINGEN:
            assert wijken[k].sum() == gem[k], (code, k)
        buurten = d[d["soort"] == "buurt"]
        assert len(buurten) >= 2
        for wk, bu in buurten.groupby(buurten["gebiedscode"].str[2:8]):
            wijk = wijken[wijken["gebiedscode"] == f"WK{wk}"].iloc[0]
            for k in TELLINGEN:
                assert bu[k].sum() == wijk[k], (wk, k)
        for _, r in d.iterrows():
            assert sum(r[k] for k in KWB) == r["inwoners"]
            assert r["eenpersoonshuishoudens"] <= r["huishoudens"] <= r["inwoners"]
            assert 0 < r["afstand_huisarts_km"] < 10 and 0 < r["afstand_supermarkt_km"] < 10


# --------------------------------------------------------------------------------------- woningen

def test_woningen(g):
    wo = g["woningen"]
    h = g["huishoudens"].set_index("gemeentecode")
    assert set(wo["gemeentecode"]) == set(CODES)
    for code, d in wo.sort_values("jaar").groupby("gemeentecode"):
        assert d["jaar"].tolist() == [2021, 2022, 2023, 2024]
        assert (d["koopwoningen_pct"] + d["huurwoningen_pct"] <= 100).all()
        assert (d["koopwoningen_pct"] + d["huurwoningen_pct"] >= 98).all()
        assert d["woningvoorraad"].is_monotonic_increasing and d["woz_gemiddeld_x1000"].is_monotonic_increasing
        assert (d["corporatie_pct"] <= d["huurwoningen_pct"]).all()
        assert 0.85 <= d["woningvoorraad"].iloc[-1] / h.loc[code, "huishoudens_totaal"] <= 1.1
    c2024 = wo[wo["jaar"] == 2024].set_index("gemeentecode")["corporatie_pct"]
    assert c2024.idxmax() == "GM9902"  # the centrumgemeente has the most social housing


# --------------------------------------------------------------------------------- lokale invoer

@pytest.fixture(scope="module")
def lokaal():
    gm = pd.read_csv(MAP / "gemeenten.csv", dtype=str)
    return lees_lokaal(MAP / "lokaal", [Gemeente(c, n) for c, n in zip(gm["gemeentecode"], gm["gemeentenaam"])],
                       fictief=True)


def test_lokale_invoer_compleet_en_met_bewuste_gaten(lokaal):
    assert lokaal.ontbrekend == []
    for naam, schema in LOKALE_SCHEMAS.items():
        assert (MAP / "lokaal" / schema.bestand).exists()
        assert lokaal[naam]["bron"].str.startswith("FICTIEF").all()
        assert set(lokaal[naam]["gemeentecode"]) == set(CODES), naam
    ag = lokaal.aandachtsgroepen
    assert set(ag["groep"]) == set(lokale_groepen())
    per_gemeente = ag.groupby("gemeentecode")["groep"].apply(set)
    ontbreekt = {c: set(lokale_groepen()) - per_gemeente[c] for c in CODES}
    assert len(ontbreekt["GM9901"]) >= 3  # deliberate gaps: the report shows "ontbreekt"
    assert ag["aantal"].isna().sum() >= 1  # and an explicit "onbekend"
    aanbod = lokaal.aanbod.set_index(["gemeentecode", "woonvorm"])["aantal"]
    assert ("GM9905", "geclusterd") not in aanbod.index


def test_lokale_grootten_plausibel(lokaal, g):
    ag = lokaal.aandachtsgroepen.set_index(["groep", "gemeentecode"])["aantal"]
    aanbod = lokaal.aanbod.set_index(["woonvorm", "gemeentecode"])["aantal"]
    assert ag["uitstroom_bw"].idxmax() == "GM9902" and aanbod["beschermd_wonen"].idxmax() == "GM9902"
    assert aanbod["opvang"].idxmax() == "GM9902"
    assert aanbod["studentenwoning"].idxmax() == "GM9903" and ag["studenten"].idxmax() == "GM9903"
    assert aanbod["woonwagenstandplaats"].max() < 50
    assert aanbod["geclusterd"].notna().all()
    sh = lokaal.aandachtsgroepen
    sh = sh[sh["groep"] == "statushouders"]
    assert sh["taakstelling_per_jaar"].notna().all()
    # taakstelling = ceil per halfjaar of vg x inwoners / inwoners NL (hand check for Stroomstad)
    import math
    nl = 17_947_000
    assert sh.set_index("gemeentecode").loc["GM9902", "taakstelling_per_jaar"] == (
        math.ceil(24_000 * 115_347 / nl) + math.ceil(20_500 * 115_347 / nl))
    plan = lokaal.plancapaciteit
    assert plan["jaar"].min() == 2025 and plan["jaar"].max() == 2035
    assert set(plan["hardheid"]) == {"hard", "zacht"}
    markt = lokaal.woningmarkt
    wo = g["woningen"].set_index(["gemeentecode", "jaar"])
    for _, r in markt.iterrows():
        voorraad = wo.loc[(r["gemeentecode"], r["jaar"]), "woningvoorraad"]
        if pd.notna(r["corporatievoorraad"]):
            pct = 100 * r["corporatievoorraad"] / voorraad
            assert abs(pct - wo.loc[(r["gemeentecode"], r["jaar"]), "corporatie_pct"]) <= 1.0
        assert 0.03 <= r["mutaties_sociale_huur"] / r["sociale_huurvoorraad"] <= 0.12
        if r["jaar"] == 2023:  # new-build 2023 = growth of the stock from 1-1-2023 to 1-1-2024
            assert r["nieuwbouw_per_jaar"] == wo.loc[(r["gemeentecode"], 2024), "woningvoorraad"] - voorraad


# ---------------------------------------------------------------------------------- generator

def _alle_csv(map_: Path) -> dict[str, bytes]:
    return {str(p.relative_to(map_)): p.read_bytes() for p in sorted(map_.rglob("*.csv"))}


def test_generator_deterministisch_en_gelijk_aan_gecommitte_bestanden(tmp_path):
    mod = _generator()
    a, b = tmp_path / "a", tmp_path / "b"
    mod.maak(a, controleer=False)
    mod.maak(b, controleer=False)
    gemaakt = _alle_csv(a)
    assert gemaakt == _alle_csv(b)
    assert len(gemaakt) == len(SCHEMAS) - len(NIET_IN_VOORBEELD) + len(LOKALE_SCHEMAS)
    assert gemaakt == _alle_csv(MAP), (
        "data/voorbeeld wijkt af van maak_voorbeeld.py; draai: .venv/bin/python data/voorbeeld/maak_voorbeeld.py")
    for naam, inhoud in gemaakt.items():
        assert not inhoud.startswith(b"\xef\xbb\xbf") and b"\r\n" not in inhoud, naam


def test_generator_controleert_wat_hij_schrijft(tmp_path):
    """``maak`` (controleer=True) reads what it wrote back through the import format and lees_lokaal."""
    _generator().maak(tmp_path / "c")
    assert (tmp_path / "c" / "lokaal" / "aanbod.csv").exists()


def test_readme_tabel_klopt(bev):
    tekst = (MAP / "README.md").read_text(encoding="utf-8")
    assert "FICTIEVE" in tekst or "FICTIEF" in tekst

    def nl(x: int) -> str:
        return f"{x:,}".replace(",", ".")

    for code in [*CODES, "NL00"]:
        regel = next(r for r in tekst.splitlines() if r.startswith(f"| {code} |"))
        cellen = [c.strip() for c in regel.strip("|").split("|")]
        assert cellen[3] == nl(inwoners(bev, code)), code
        assert cellen[4].startswith(nl(inwoners(bev, code, 65)) + " ("), code
        assert cellen[5] == nl(inwoners(bev, code, 75)) and cellen[6] == nl(inwoners(bev, code, 85)), code


# ------------------------------------------------------------------------------------ regio params

def test_regio_voorbeeldregio():
    rp = laad_regio("voorbeeldregio")
    assert rp.fictief and rp.bron.soort == "voorbeeld" and rp.peiljaar == 2024
    assert rp.bron_map == MAP.resolve() and rp.lokaal_map == (MAP / "lokaal").resolve()
    soorten = {type(x).__name__ for x in rp.gemeenten}
    assert soorten == {"str", "GemeenteOpgave"}  # codes and names, plain and as mapping
    assert any(isinstance(x, str) and not re.fullmatch(r"GM\d{4}", x) for x in rp.gemeenten)
    gm = pd.read_csv(rp.bron_map / "gemeenten.csv", dtype=str)
    opgelost = los_gemeenten_op(rp, gm)
    assert [x.code for x in opgelost] == CODES
    assert all(isinstance(x, Gemeente) for x in opgelost)
    li = lees_lokaal(rp.lokaal_map, opgelost, fictief=rp.fictief)
    assert li.ontbrekend == []


def test_regio_gooi_en_vechtstreek(echt_map):
    rp = laad_regio("gooi-en-vechtstreek")
    assert rp.bron.soort == "invoer" and rp.peiljaar == 2021 and rp.lokaal is None and not rp.fictief
    assert rp.bron_map == echt_map.resolve()
    regio = pd.read_csv(echt_map / "regio" / "gooi-en-vechtstreek.csv", dtype=str)
    gm = pd.read_csv(echt_map / "gemeenten.csv", dtype=str)
    opgelost = los_gemeenten_op(rp, gm)
    assert sorted(x.code for x in opgelost) == sorted(regio["gemeentecode"])
    assert {x.naam for x in opgelost} == set(regio["gemeentenaam"])


def test_gegevens_uit_de_cache_worden_pas_gelezen_als_ze_nodig_zijn(tmp_path, monkeypatch):
    """The second load of a source comes from the parquet cache, one table at a time when a notebook first uses it
    (a notebook uses 3 or 4 of the 11): the same tables and provenance as the first, validated load."""
    from wzlib import analyse
    from wzlib.gegevens import LuiTabellen

    rp = laad_regio("voorbeeldregio")
    monkeypatch.setattr(analyse.paden, "cache_invoer", lambda root, sleutel: tmp_path / sleutel)  # own cache
    eerst = analyse.laad_gegevens(rp)
    assert not isinstance(eerst.tabellen, LuiTabellen)  # read and validated from the files, then cached
    g = analyse.laad_gegevens(rp)
    assert isinstance(g.tabellen, LuiTabellen) and g.tabellen.gelezen() == []
    assert g.herkomst == eerst.herkomst and set(g.tabellen) == set(eerst.tabellen) == set(SCHEMAS)
    pd.testing.assert_frame_equal(g["bevolking"], eerst["bevolking"])
    assert g.tabellen.gelezen() == ["bevolking"] and g.heeft("wijken") == eerst.heeft("wijken")
    for naam in SCHEMAS:
        pd.testing.assert_frame_equal(g[naam], eerst[naam])
