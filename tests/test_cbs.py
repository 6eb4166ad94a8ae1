"""wzlib.bronnen.cbs and cbs_tabellen against a loopback OData v3 server (tests/odata_server.py): never the internet."""

from __future__ import annotations

import json
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import cbsodata
import pandas as pd
import pytest

from wzlib.bronnen import cbs, cbs_tabellen
from wzlib.fouten import GegevensOntbreken, ParamsFout
from wzlib.gegevens import SCHEMAS

try:  # tests/ as a package or as rootdir-inserted folder
    from tests.odata_server import (CbsServer, Filter, Tabel, _filter_frame, bevolking_synthetisch,  # noqa: F401
                                    cbs_echt_server, cbs_offline, cbs_server, cbsodata_naar, sterftekans_synthetisch,
                                    synthetische_tabellen)
except ImportError:  # pragma: no cover
    from odata_server import (CbsServer, Filter, Tabel, _filter_frame, bevolking_synthetisch,  # noqa: F401
                              cbs_echt_server, cbs_offline, cbs_server, cbsodata_naar, sterftekans_synthetisch,
                              synthetische_tabellen)

GOOI = ["GM0402", "GM0317"]


def _data_verzoeken(server, tabel="03759ned"):
    return [v for v in server.verzoeken_naar(tabel) if v.pad.lower().rstrip("/").endswith("typeddataset")]


def _verouder(cache_dir: Path, dagen: float, tabel: str = "03759ned") -> str:
    """Pretend the cached results of ``tabel`` were fetched ``dagen`` days ago; returns that timestamp."""
    t = (datetime.now(timezone.utc) - timedelta(days=dagen)).isoformat(timespec="seconds")
    bestanden = list(Path(cache_dir).glob(f"{tabel}_*.json"))
    assert bestanden
    for js in bestanden:
        meta = json.loads(js.read_text(encoding="utf-8"))
        meta["opgehaald"] = t
        js.write_text(json.dumps(meta), encoding="utf-8")
    return t


# --------------------------------------------------------------------------------------------------
# registry
# --------------------------------------------------------------------------------------------------

def test_register_noemt_elke_tabel_met_wat_ze_geeft():
    for tid in ("03759ned", "71486ned", "71488ned", "85984ned", "82900ned", "86050ned", "85173ned", "37230ned",
                "37360ned"):
        t = cbs_tabellen.REGISTRY[tid]
        assert t.id.lower() == tid and len(t.geeft) > 40 and t.titel and callable(t.converteer)
        assert t.canoniek is None or t.canoniek in SCHEMAS
        assert all(o in SCHEMAS for o in t.ook)
    assert {t.canoniek for t in cbs_tabellen.REGISTRY.values()} >= {
        "bevolking", "huishoudens", "huishoudens_leeftijd", "wijken", "woningen", "bevolkingsontwikkeling", None}
    assert cbs_tabellen.kwb_tabel(2024).id == "85984NED" and cbs_tabellen.kwb_tabel(2031).id == "85984NED"
    assert cbs_tabellen.kwb_tabel(2021).id == "85039NED" and cbs_tabellen.kwb_tabel(2010).id == "84799NED"


def test_ongeldige_gemeentecode_geeft_wzlib_fout(tmp_path):
    with pytest.raises(ParamsFout, match="GM04"):
        cbs.haal_op("03759ned", ["GM04"], cache_dir=tmp_path)
    with pytest.raises(ParamsFout):
        cbs.haal_op("03759ned", ["GM0402') or (RegioS ne '"], cache_dir=tmp_path)


# --------------------------------------------------------------------------------------------------
# fetch, server-side filter, conversion
# --------------------------------------------------------------------------------------------------

def test_bevolking_in_vijfjaarsklassen_met_handgerekende_waarden(cbs_server, tmp_path):
    rows, meta = cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024)
    bev = cbs_tabellen.converteer("03759ned", rows, meta)["bevolking"]
    assert set(bev["gemeentecode"]) == {"GM0402", "GM0317", "NL00"}
    assert set(bev["jaar"]) == {2024}
    h = bev[bev["gemeentecode"] == "GM0402"].set_index(["geslacht", "leeftijd_van"])
    assert list(h.loc["man"].index) == list(range(0, 100, 5))  # 0-4 … 90-94, 95+
    assert h.loc[("man", 90), "leeftijd_tot"] == 94 and pd.isna(h.loc[("man", 95), "leeftijd_tot"])
    # man(a) = 600 - 5a: 0-4 = 3000 - 50; 90-94 = 3000 - 2300; 95+ = sum(95..104) + '105 jaar of ouder' 3
    assert h.loc[("man", 0), "aantal"] == 2950
    assert h.loc[("vrouw", 0), "aantal"] == 3000
    assert h.loc[("totaal", 0), "aantal"] == 5950
    assert h.loc[("man", 90), "aantal"] == 700
    assert h.loc[("man", 95), "aantal"] == 1028
    assert h.loc[("vrouw", 95), "aantal"] == 1332
    assert h.loc[("totaal", 95), "aantal"] == 2360
    assert h.loc["man", "aantal"].sum() == 35703  # CBS total of men incl. 105+
    # totaal comes from CBS' own total rows and agrees with man + vrouw in every class
    assert (h.loc["totaal", "aantal"] == h.loc["man", "aantal"] + h.loc["vrouw", "aantal"]).all()
    # every class equals the sum of the single years (burgerlijke staat: total only, CBS groups ignored)
    for van in range(0, 95, 5):
        assert h.loc[("vrouw", van), "aantal"] == sum(
            bevolking_synthetisch("GM0402", 2024, "vrouw", a) for a in range(van, van + 5))
    gem = cbs_tabellen.converteer("03759ned", rows, meta)["gemeenten"]
    assert gem.set_index("gemeentecode")["gemeentenaam"].to_dict() == {"GM0317": "Eemnes", "GM0402": "Hilversum"}


def test_peiljaar_kiest_laatste_jaar_tot_en_met_peiljaar(cbs_server, tmp_path):
    rows, meta = cbs.haal_op("03759ned", ["GM0402"], cache_dir=tmp_path, peiljaar=2023)
    assert "(Perioden eq '2023JJ00')" in meta["query"]["filters"]
    bev = cbs_tabellen.converteer("03759ned", rows, meta)["bevolking"]
    assert set(bev["jaar"]) == {2023}
    assert bev.set_index(["gemeentecode", "geslacht", "leeftijd_van"]).loc[("GM0402", "man", 0), "aantal"] == 2940
    rows, meta = cbs.haal_op("03759ned", ["GM0402"], cache_dir=tmp_path, peiljaar=2031)
    assert set(rows["Perioden"]) == {"2024JJ00"}


def test_filter_en_select_worden_door_de_server_toegepast(cbs_server, tmp_path):
    rows, meta = cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024)
    verzoeken = _data_verzoeken(cbs_server)
    assert len(verzoeken) == 1
    v = verzoeken[0]
    f = v.params["$filter"]
    assert "(RegioS eq 'GM0402')" in f and "(RegioS eq 'GM0317')" in f and "(RegioS eq 'NL01')" in f
    assert "Perioden eq '2024JJ00'" in f and "GM0406" not in f
    assert "$filter=" in v.url and "RegioS eq 'GM0402'" in v.url  # decoded URL as sent
    # what the server sent is exactly what the filter selects (not the 11 520 rows of the table)
    tabel = synthetische_tabellen()["03759ned"]
    assert len(tabel.data) == 11520
    assert len(_filter_frame(tabel.data, f)) == len(rows) == 3 * 3 * 128 * 2
    assert set(rows["RegioS"]) == {"GM0402", "GM0317", "NL01"}  # padding stripped
    # $select: dimensions + the one topic needed, not GemiddeldeBevolking_2
    assert v.params["$select"].split(",") == ["Geslacht", "Leeftijd", "BurgerlijkeStaat", "RegioS", "Perioden",
                                              "BevolkingOp1Januari_1"]
    assert "GemiddeldeBevolking_2" not in rows.columns
    # keys, not titles (what cbsodata.get_data would give)
    assert set(rows["Geslacht"]) == {"T001038", "3000", "4000"}
    assert meta["dimensies"]["Geslacht"]["3000"] == "Mannen"
    # the region dimension titles were asked filtered as well
    regio_v = [x for x in cbs_server.verzoeken_naar("03759ned/RegioS")]
    assert regio_v and "Key eq 'GM0402'" in regio_v[0].params["$filter"]


def test_wijken_en_buurten_alleen_van_de_gevraagde_gemeente(cbs_server, tmp_path):
    rows, meta = cbs.haal_op("85984NED", ["GM0402"], cache_dir=tmp_path, peiljaar=2024)
    f = _data_verzoeken(cbs_server, "85984NED")[0].params["$filter"]
    assert "substringof('WK0402',WijkenEnBuurten)" in f and "substringof('BU0402',WijkenEnBuurten)" in f
    codes = set(rows["WijkenEnBuurten"])
    assert codes == {"NL00", "GM0402", "WK040201", "WK040202", "BU04020101", "BU04020102", "BU04020201"}
    assert "BU03170402" not in codes  # contains '0402' but belongs to Eemnes
    uit = cbs_tabellen.converteer("85984NED", rows, meta)
    w = uit["wijken"].set_index("gebiedscode")
    assert w["soort"].value_counts().to_dict() == {"buurt": 3, "wijk": 2, "gemeente": 1}
    assert w.loc["GM0402", "inwoners"] == 94435 and w.loc["GM0402", "leeftijd_65_plus"] == 17675
    assert w.loc["WK040202", "naam"] == "Noordwest" and w.loc["BU04020201", "gemeentecode"] == "GM0402"
    assert w.loc["BU04020101", "afstand_huisarts_km"] == 0.4
    assert pd.isna(w.loc["BU04020102", "afstand_huisarts_km"])  # -99997 = geheim
    assert (w["jaar"] == 2024).all()
    won = uit["woningen"].set_index("gemeentecode")
    assert set(won.index) == {"GM0402", "NL00"}
    assert won.loc["GM0402", "woz_gemiddeld_x1000"] == 462 and won.loc["GM0402", "corporatie_pct"] == 27.0


def test_paging_volgt_nextlink_naar_eigen_host(tmp_path):
    server = CbsServer(synthetische_tabellen(), pagina=500).start()
    try:
        with cbsodata_naar(server.host):
            rows, meta = cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024)
    finally:
        server.stop()
    assert len(rows) == 2304
    data = _data_verzoeken(server)
    assert [int(v.params.get("$skip", 0)) for v in data] == [0, 500, 1000, 1500, 2000]
    assert all("RegioS eq 'GM0402'" in v.params["$filter"] for v in data)  # the filter travels in the nextLink
    assert rows.drop_duplicates().shape[0] == 2304
    bev = cbs_tabellen.converteer("03759ned", rows, meta)["bevolking"]
    assert bev.set_index(["gemeentecode", "geslacht", "leeftijd_van"]).loc[("GM0402", "man", 95), "aantal"] == 1028


def test_server_fout_bij_onbekende_kolom(cbs_server):
    with pytest.raises(cbs._CbsFout, match="400"):
        cbs._odata("03759ned", "TypedDataSet", filters="(Regio eq 'GM0402')")
    f = Filter("not (RegioS eq 'GM0402') and substringof('GM',RegioS) or startswith(Perioden,'2024')")
    assert f({"RegioS": "GM0317    ", "Perioden": "2023JJ00"})
    assert not f({"RegioS": "GM0402    ", "Perioden": "2023JJ00"})
    assert f({"RegioS": "GM0402    ", "Perioden": "2024JJ00"})


# --------------------------------------------------------------------------------------------------
# cache
# --------------------------------------------------------------------------------------------------

def test_tweede_keer_uit_cache_zonder_verzoeken(cbs_server, tmp_path):
    rows1, meta1 = cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024)
    assert len(cbs_server.verzoeken) >= 4  # TableInfos, DataProperties, Perioden, TypedDataSet, dimensions
    bestanden = sorted(p.name for p in tmp_path.iterdir())
    assert len(bestanden) == 2 and bestanden[0].endswith(".json") and bestanden[1].endswith(".parquet")
    side = json.loads((tmp_path / bestanden[0]).read_text(encoding="utf-8"))
    assert side["tabel"] == "03759ned" and side["titel"].startswith("Bevolking op 1 januari")
    assert side["gewijzigd"] == "2024-06-28T02:00:00" and side["rijen"] == 2304
    assert "RegioS eq 'GM0317'" in side["query"]["filters"] and "BevolkingOp1Januari_1" in side["query"]["select"]
    assert datetime.fromisoformat(side["opgehaald"]) > datetime.now(timezone.utc) - timedelta(minutes=5)
    cbs_server.reset()
    rows2, meta2 = cbs.haal_op("03759ned", list(reversed(GOOI)), cache_dir=tmp_path, peiljaar=2024)
    assert cbs_server.verzoeken == []
    pd.testing.assert_frame_equal(rows1.reset_index(drop=True), rows2, check_dtype=False)
    assert meta2["opgehaald"] == meta1["opgehaald"]


def test_verouderde_cache_wordt_ververst_als_cbs_bereikbaar_is(cbs_server, tmp_path):
    cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024)
    oud = _verouder(tmp_path, 40)
    cbs_server.reset()
    # young enough for 60 days: no request
    cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024, max_leeftijd_dagen=60)
    assert cbs_server.verzoeken == []
    with warnings.catch_warnings():
        warnings.simplefilter("error", cbs.CbsWaarschuwing)
        rows, meta = cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024, max_leeftijd_dagen=30)
    assert len(_data_verzoeken(cbs_server)) == 1
    assert meta["opgehaald"] > oud and len(rows) == 2304
    assert cbs.cache_status(tmp_path)["leeftijd_dagen"].max() < 0.1  # overwritten, not a second entry


def test_verouderde_cache_met_waarschuwing_als_cbs_onbereikbaar_is(cbs_server, tmp_path):
    rows1, _ = cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024)
    oud = _verouder(tmp_path, 40)
    cbs_server.stop()
    with pytest.warns(cbs.CbsWaarschuwing, match=r"03759ned: CBS is niet bereikbaar.*40 dagen oud"):
        rows2, meta = cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024, max_leeftijd_dagen=30)
    assert meta["opgehaald"] == oud and len(rows2) == len(rows1)
    with pytest.warns(cbs.CbsWaarschuwing, match="niet bereikbaar"):
        cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024, vernieuwen=True)


def test_offline_zonder_cache_noemt_tabel_en_commando(cbs_offline, tmp_path):
    with pytest.raises(GegevensOntbreken) as e:
        cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024, regio_slug="gooi-en-vechtstreek")
    tekst = str(e.value)
    assert "03759ned" in tekst and "Bevolking op 1 januari" in tekst and "niet bereikbaar" in tekst
    assert "wz data fetch --regio gooi-en-vechtstreek" in tekst
    with pytest.raises(GegevensOntbreken, match="wz data fetch --regio gooi"):
        cbs.laad_gegevens(GOOI, cache_dir=tmp_path, peiljaar=2024, regio_slug="gooi")
    assert list(tmp_path.iterdir()) == []


def test_alleen_cache_raakt_het_netwerk_niet(cbs_server, tmp_path):
    with pytest.raises(GegevensOntbreken, match="37360ned"):
        cbs.extra_tabel("37360ned", [], cache_dir=tmp_path, peiljaar=2024, alleen_cache=True, regio_slug="x")
    assert cbs_server.verzoeken == []


def test_regio_in_cache_dient_ook_een_gemeente_offline(cbs_server, tmp_path):
    resultaat = cbs.vul_cache(["GM0402", "GM0317", "GM0406"], cache_dir=tmp_path, peiljaar=2024, regio_slug="gooi")
    assert [r["id"] for r in resultaat][:1] == ["03759ned"]
    assert {r["status"] for r in resultaat} == {"opgehaald"}, resultaat
    assert {r["id"].lower() for r in resultaat} >= {"86050ned", "85173ned", "37360ned", "85984ned"}
    assert all(r["rows"] > 0 for r in resultaat)
    assert {r["status"] for r in cbs.vul_cache(["GM0402", "GM0317", "GM0406"], cache_dir=tmp_path, peiljaar=2024,
                                               regio_slug="gooi")} == {"cache"}
    cbs_server.stop()
    cbs_server.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("error", cbs.CbsWaarschuwing)
        g = cbs.laad_gegevens(["GM0402"], cache_dir=tmp_path, peiljaar=2024, regio_slug="gooi", alleen_cache=True)
        wmo = cbs.extra_tabel("86050NED", ["GM0402"], cache_dir=tmp_path, peiljaar=2024, alleen_cache=True)
    assert set(g["bevolking"]["gemeentecode"]) == {"GM0402", "NL00"}
    assert set(g["wijken"]["gemeentecode"]) == {"GM0402"}
    assert set(wmo["gemeentecode"]) == {"GM0402", "NL00"}
    assert cbs_server.verzoeken == []
    status = cbs.vul_cache(["GM0402"], cache_dir=tmp_path, peiljaar=2024, regio_slug="gooi", vernieuwen=True)
    assert {r["status"] for r in status} == {"verouderd"} and "niet bereikbaar" in status[0]["melding"]


def test_cache_status_toont_leeftijd_en_cbs_datum(cbs_server, tmp_path):
    assert cbs.cache_status(tmp_path).empty
    cbs.haal_op("03759ned", GOOI, cache_dir=tmp_path, peiljaar=2024)
    cbs.haal_op("71486ned", GOOI, cache_dir=tmp_path, peiljaar=2024)
    _verouder(tmp_path, 10, "71486ned")
    st = cbs.cache_status(tmp_path).set_index("tabel")
    assert list(st.index) == ["03759ned", "71486ned"]
    assert {"titel", "query", "rijen", "opgehaald", "leeftijd_dagen", "cbs_gewijzigd"} <= set(st.columns)
    assert st.loc["71486ned", "leeftijd_dagen"] == pytest.approx(10, abs=0.1)
    assert st.loc["03759ned", "leeftijd_dagen"] < 0.1
    assert st.loc["03759ned", "rijen"] == 2304 and st.loc["03759ned", "cbs_gewijzigd"] == "2024-06-28T02:00:00"
    assert "RegioS eq 'GM0402'" in st.loc["71486ned", "query"] and st.loc["71486ned", "gemeenten"] == "GM0317, GM0402"


# --------------------------------------------------------------------------------------------------
# laad_gegevens and the extra tables
# --------------------------------------------------------------------------------------------------

def test_laad_gegevens_levert_geldige_canonieke_tabellen_met_herkomst(cbs_server, tmp_path):
    from wzlib.bronnen.invoer import valideer

    with warnings.catch_warnings():
        warnings.simplefilter("error", cbs.CbsWaarschuwing)
        g = cbs.laad_gegevens(GOOI, cache_dir=tmp_path, peiljaar=2024, regio_slug="gooi")
    assert set(g.tabellen) == set(SCHEMAS)
    for naam, df in g.tabellen.items():
        assert not df.empty, naam
        assert list(df.columns) == SCHEMAS[naam].kolomnamen, naam
        tekst = df.astype("string").fillna("")
        tekst.insert(0, "_regel", range(2, len(df) + 2))
        _, problemen = valideer(tekst, SCHEMAS[naam], f"{naam} (CBS)")
        assert problemen == [], problemen[:3]
    h = g.herkomst["bevolking"]
    assert (h.soort, h.bron, h.periode, h.gewijzigd) == ("cbs", "CBS 03759ned", "1 januari 2024", "2024-06-28T02:00:00")
    assert h.titel.startswith("Bevolking op 1 januari") and h.opgehaald[:4] == str(datetime.now().year)
    assert g.herkomst["gemeenten"].periode == "indeling 2024"
    assert g.herkomst["wijken"].bron == "CBS 85984NED"
    assert g.herkomst["bevolkingsontwikkeling"].periode == "2021-2023"
    hh = g["huishoudens"].set_index("gemeentecode")
    assert hh.loc["GM0402", "huishoudens_totaal"] == 44000 and hh.loc["GM0402", "eenpersoons"] == 18500
    assert hh.loc["NL00", "meerpersoons"] == 4900000
    hl = g["huishoudens_leeftijd"][g["huishoudens_leeftijd"]["gemeentecode"] == "GM0402"].set_index("leeftijd_van")
    assert list(hl.index) == list(range(0, 100, 5)) and pd.isna(hl.loc[95, "leeftijd_tot"])
    assert hl.loc[75, "personen_particuliere_huishoudens"] == 2500 and hl.loc[75, "alleenstaand"] == 650
    assert hl.loc[0:10, "alleenstaand"].isna().all()
    won = g["woningen"].set_index("gemeentecode")
    assert won.loc["GM0402", "woningvoorraad"] == 43000 and won.loc["GM0402", "koopwoningen_pct"] == 56.0
    # Eemnes: voorraad and corporatie % not in KWB, completed from 82900NED (3 900 woningen, 780 corporatie)
    assert won.loc["GM0317", "woningvoorraad"] == 3900 and won.loc["GM0317", "corporatie_pct"] == 20.0
    assert won.loc["GM0317", "bron"] == "CBS 85984NED; CBS 82900NED"
    ont = g["bevolkingsontwikkeling"].set_index(["gemeentecode", "jaar"])
    assert ont.loc[("GM0402", 2022), "bevolking_1jan"] == 92920 and ont.loc[("GM0402", 2022), "levend_geborenen"] == 920


def test_optionele_tabel_ontbreekt_geeft_waarschuwing_en_lege_tabel(tmp_path):
    tabellen = synthetische_tabellen()
    del tabellen["71486ned"]
    server = CbsServer(tabellen).start()
    try:
        melding = r"(?s)71486ned.*De tabel\(len\) huishoudens blijven leeg"
        with cbsodata_naar(server.host), pytest.warns(cbs.CbsWaarschuwing, match=melding):
            g = cbs.laad_gegevens(GOOI, cache_dir=tmp_path, peiljaar=2024, regio_slug="gooi")
    finally:
        server.stop()
    assert g["huishoudens"].empty and list(g["huishoudens"].columns) == SCHEMAS["huishoudens"].kolomnamen
    assert "huishoudens" not in g.herkomst and g.heeft("bevolking")


def test_extra_tabellen_in_lang_formaat(cbs_server, tmp_path):
    prog = cbs.extra_tabel("85173NED", ["GM0402"], cache_dir=tmp_path)
    p = prog[prog["gemeentecode"] == "GM0402"].set_index(["jaar", "variant"])
    assert p.loc[(2025, "midden"), "bevolking"] == 94500
    b2050 = p.loc[2050, "bevolking"]
    assert b2050["laag"] < b2050["midden"] < b2050["hoog"]
    assert p.loc[(2050, "hoog"), "interval"] == "67%" and pd.isna(p.loc[(2050, "midden"), "interval"])
    assert prog.attrs["herkomst"].bron == "CBS 85173NED"

    st = cbs.extra_tabel("37360ned", [], cache_dir=tmp_path, peiljaar=2024)
    assert set(st["jaar"]) == {2024}  # not 2023, not the five-year period 2019G500
    s = st.set_index(["geslacht", "leeftijd"])
    assert s.loc[("man", 80), "sterftekans"] == pytest.approx(0.06972)  # (0.5 + 0.009*80²)*1.2 per 1 000
    assert s.loc[("vrouw", 50), "sterftekans"] == pytest.approx(sterftekans_synthetisch("vrouw", 50) / 1000)
    assert list(s.loc["totaal"].index) == list(range(100))  # 0 … 98 and '99 jaar of ouder'
    assert st["sterftekans"].between(0, 1).all()

    wmo = cbs.extra_tabel("86050NED", ["GM0402"], cache_dir=tmp_path, peiljaar=2024)
    w = wmo[(wmo["onderwerp_code"] == "ClientenMetWmoVoorziening_1") & (wmo["gemeentecode"] == "GM0402")]
    assert w.set_index(["jaar", "Wmovoorzieningen"]).loc[(2024, "Beschermd wonen"), "waarde"] == 820
    assert set(wmo["jaar"]) == {2022, 2023, 2024} and set(wmo["eenheid"]) == {"aantal", "per 1 000 inwoners"}
    with pytest.raises(KeyError):
        cbs.extra_tabel("03759ned", ["GM0402"], cache_dir=tmp_path)


def test_regiodimensie_met_andere_naam_wordt_herkend(tmp_path):
    t = synthetische_tabellen()["85173ned"]
    hernoem = {"RegioIndeling2021": "RegioIndeling2022"}  # as a later edition would call it
    eig = [{**e, "Key": hernoem.get(e["Key"], e["Key"])} for e in t.eigenschappen]
    dims = {hernoem.get(k, k): v for k, v in t.dimensies.items()}
    t2 = Tabel(t.id, t.info, eig, dims, t.data.rename(columns=hernoem))
    server = CbsServer({"85173ned": t2}).start()
    try:
        with cbsodata_naar(server.host):
            prog = cbs.extra_tabel("85173NED", ["GM0317"], cache_dir=tmp_path)
    finally:
        server.stop()
    assert set(prog["gemeentecode"]) == {"GM0317", "NL00"}
    assert "RegioIndeling2022 eq 'GM0317'" in _data_verzoeken(server, "85173NED")[0].params["$filter"]


def test_onbekende_kolomnaam_haalt_alle_kolommen_op(tmp_path):
    t = synthetische_tabellen()["82900ned"]  # the corporatie topic renamed: found by its title instead
    eig = [{**e, "Key": "Corporatiebezit_4"} if e["Key"] == "EigendomWoningcorporatie_4" else e for e in t.eigenschappen]
    t2 = Tabel(t.id, t.info, eig, t.dimensies, t.data.rename(columns={"EigendomWoningcorporatie_4": "Corporatiebezit_4"}))
    server = CbsServer({"82900ned": t2}).start()
    try:
        with cbsodata_naar(server.host):
            rows, meta = cbs.haal_op("82900NED", ["GM0402"], cache_dir=tmp_path, peiljaar=2024)
    finally:
        server.stop()
    assert "$select" not in _data_verzoeken(server, "82900NED")[0].params and "Corporatiebezit_4" in rows
    won = cbs_tabellen.converteer("82900NED", rows, meta)["woningen"].set_index("gemeentecode")
    assert won.loc["GM0402", "woningvoorraad"] == 43000 and won.loc["GM0402", "corporatie_pct"] == 27.0


def test_zonder_private_downloader_via_publieke_get_meta(cbs_server, tmp_path, monkeypatch):
    monkeypatch.setattr(cbs, "_downloader", lambda: None)  # as if a future cbsodata renamed it
    rows, meta = cbs.haal_op("71486ned", ["GM0402"], cache_dir=tmp_path, peiljaar=2024)
    assert set(rows["RegioS"]) == {"GM0402", "NL01"} and set(rows["Perioden"]) == {"2024JJ00"}
    assert "RegioS eq 'GM0402'" in _data_verzoeken(cbs_server, "71486ned")[0].params["$filter"]


# --------------------------------------------------------------------------------------------------
# the real recorded CBS responses (../shared/data/cbs)
# --------------------------------------------------------------------------------------------------

@pytest.mark.echt
def test_echt_80137ned_675_regels_met_codes(cbs_echt_server, tmp_path):
    rows, meta = cbs.haal_op("80137ned", [], cache_dir=tmp_path)
    assert len(rows) == 675
    assert meta["titel"] == "Arbeidsrekeningen; leeftijd en opleidingsniveau"
    assert meta["gewijzigd"] == "2009-07-10T02:00:00" and meta["periode_dimensie"] == "Perioden"
    # meta_8.json: Persoonskenmerken '3 ' (Vrouwen), SBI '99', 2005 -> Totaal_1 = 3996.0 (x 1 000 banen)
    r = rows[(rows["Persoonskenmerken"] == "3") & (rows["BedrijfstakkenSBI93"] == "99")
             & (rows["Perioden"] == "2005JJ00")]
    assert len(r) == 1 and r["Totaal_1"].iloc[0] == 3996.0 and r["Werknemers_2"].iloc[0] == 3381.0
    assert meta["dimensies"]["Persoonskenmerken"]["3"] == "Vrouwen"
    # what get_data gives instead: titles, no codes
    data = cbsodata.get_data("80137ned")
    assert len(data) == 675 and data[0]["Persoonskenmerken"] == "Totaal" and data[0]["Perioden"] == "2001"


@pytest.mark.echt
def test_echt_83599NED_twee_paginas_via_nextlink(cbs_echt_server):
    rows = cbs._odata("83599NED", "UntypedDataSet")
    assert len(rows) == 15504
    assert [r["ID"] for r in rows] == list(range(15504))
    v = cbs_echt_server.verzoeken_naar("83599NED")
    assert len(v) == 2 and v[1].params["$skip"] == "10000"  # the rewritten nextLink reached this server
    assert len(cbsodata.get_meta("83599NED", "UntypedDataSet")) == 15504


@pytest.mark.echt
def test_echt_kwb_2020_hilversum(cbs_echt_server, tmp_path):
    if "84799ned" not in cbs_echt_server.tabellen:
        pytest.skip("KWB 2020 ontbreekt in ../shared")
    rows, meta = cbs.haal_op("84799NED", ["GM0402"], cache_dir=tmp_path)
    assert {c[:6] for c in rows["WijkenEnBuurten"] if c != "NL00"} == {"GM0402", "WK0402", "BU0402"}
    uit = cbs_tabellen.converteer("84799NED", rows, meta)
    w = uit["wijken"].set_index("gebiedscode")
    assert w.loc["GM0402", "inwoners"] == 90831 and w.loc["GM0402", "huishoudens"] == 42697
    assert w.loc["GM0402", "eenpersoonshuishoudens"] == 17714 and w.loc["GM0402", "jaar"] == 2020
    assert (w["soort"] == "wijk").sum() == 9 and w.loc["WK040208", "naam"] == "Hilversumse Meent"
    assert uit["woningen"]["woningvoorraad"].isna().all()  # early release: housing columns empty


@pytest.mark.echt
def test_echt_catalogus(cbs_echt_server):
    cat = cbs.catalogus("Arbeid")
    assert "80137ned" in set(cat["Identifier"]) and cat["Title"].str.contains("Arbeid").all()
    assert "substringof('Arbeid',Title)" in cbs_echt_server.verzoeken_naar("ODataCatalog")[0].params["$filter"]


def test_prognose_tabellen_online_en_alleen_uit_cache(cbs_server, tmp_path):
    """The prognose step's CBS tables (was prognose.cbs_extra): fetched for a CBS regio, cache-only otherwise,
    and a table that is not available is None with a Dutch line saying why (never an exception)."""
    leeg = tmp_path / "leeg"
    sterfte, totalen, meldingen = cbs.prognose_tabellen(["GM0402"], cache_dir=leeg, peiljaar=2024, regio_slug="x",
                                                        alleen_cache=True)
    assert sterfte is None and totalen is None and cbs_server.verzoeken == []
    assert len(meldingen) == 2 and all("niet in de CBS-cache" in m for m in meldingen)
    assert "37360ned" in meldingen[0] and "85173NED" in meldingen[1]

    sterfte, totalen, meldingen = cbs.prognose_tabellen(["GM0402"], cache_dir=tmp_path / "c", peiljaar=2024,
                                                        regio_slug="x", alleen_cache=False)
    assert meldingen == []
    assert sterfte["sterftekans"].between(0, 1).all() and set(sterfte["jaar"]) == {2024}
    assert set(totalen["gemeentecode"]) >= {"GM0402"}
    # now in the cache: a cache-only call finds them without a request
    cbs_server.reset()
    s2, t2, m2 = cbs.prognose_tabellen(["GM0402"], cache_dir=tmp_path / "c", peiljaar=2024, regio_slug="x",
                                       alleen_cache=True)
    assert m2 == [] and len(s2) == len(sterfte) and cbs_server.verzoeken == []
