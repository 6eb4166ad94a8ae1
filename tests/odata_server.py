"""A loopback OData v3 server that imitates CBS opendata (``/ODataFeed/odata/<id>/…``, ``/ODataCatalog``).

Tests never touch the internet: ``cbsodata`` is pointed at this server
(``options.catalog_url = "127.0.0.1:<port>"``, ``options.use_https = False``, proxies off) and
``wzlib.bronnen.cbs`` runs its real code path against it. The server

* serves **synthetic tables in the real CBS shape** for the registry tables (``synthetische_tabellen``):
  TableInfos, DataProperties, dimension endpoints (padded keys), TypedDataSet/UntypedDataSet, the table
  index and the catalog ``/ODataCatalog/Tables``;
* serves the **real recorded CBS responses** in ``../shared/data/cbs/odata_v3_fixtures_cbsodata3jl``
  verbatim (``echte_tabellen``: 80137ned and the two pages of 83599NED, ``odata.nextLink`` rewritten to
  this host) and the real raw KWB 2020 TypedDataSet (``kwb_2020_tabel``);
* honours ``$filter`` (``eq``/``ne``, ``and``/``or``/``not``, parentheses, ``substringof``,
  ``startswith``; keys compared without CBS' padding), ``$select``, ``$skip``/``$top`` and pages with
  ``odata.nextLink`` (``pagina`` rows per page; CBS uses 10 000);
* records every request (``server.verzoeken``) so tests can assert what was asked.

Fixtures for other test files: ``cbs_server`` (synthetic), ``cbs_echt_server`` (recorded, skips when
../shared is absent), ``cbs_offline`` (cbsodata pointed at a closed port). Import them into a test module:
``from odata_server import cbs_server, cbs_offline  # noqa: F401``.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote_plus, urlencode, urlsplit

import pandas as pd
import pytest

SHARED_CBS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cbs"
ECHT_MAP = SHARED_CBS / "odata_v3_fixtures_cbsodata3jl"
KWB2020_MAP = SHARED_CBS / "kwb_2020_84799ned"
CBS_HOST = b"https://opendata.cbs.nl"


# --------------------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------------------

@dataclass
class Tabel:
    """One table as the server knows it; keys are padded as CBS pads them."""

    id: str
    info: dict
    eigenschappen: list[dict]
    dimensies: dict[str, list[dict]]
    data: pd.DataFrame
    letterlijk: dict[str, Path] = field(default_factory=dict)  # endpoint (lowercase) -> recorded JSON
    paginas: list[tuple[int, Path]] = field(default_factory=list)  # recorded UntypedDataSet pages by $skip


def _pad(code: str, n: int = 10) -> str:
    return code.ljust(n)


def _eig(nr: int, key: str, titel: str, soort: str = "Topic", eenheid: str | None = None,
         datatype: str = "Long") -> dict:
    d = {"odata.type": f"Cbs.OData.{soort}", "ID": nr, "Position": nr, "ParentID": None, "Type": soort,
         "Key": key, "Title": titel, "Description": None}
    if soort == "Topic":
        d.update(Unit=eenheid or "aantal", Decimals=0 if datatype == "Long" else 1, Datatype=datatype,
                 Default="Missing", PresentationType="Absolute")
    return d


def _dim(*paren: tuple[str, str], pad: int | None = None) -> list[dict]:
    return [{"Key": _pad(k, pad) if pad else k, "Title": t, "Description": None, "CategoryGroupID": None}
            for k, t in paren]


def _info(id_: str, titel: str, periode: str, gewijzigd: str = "2024-06-28T02:00:00") -> dict:
    return {"ID": 0, "Identifier": id_, "Title": titel, "ShortTitle": titel[:40], "Summary": titel,
            "Modified": gewijzigd, "MetaDataModified": gewijzigd, "ReasonDelivery": "Actualisering",
            "Frequency": "Perjaar", "Period": periode, "Language": "nl", "Catalog": "CBS", "Source": "CBS.",
            "OutputStatus": "Regulier", "SearchPriority": "2"}


GEMEENTEN = {"GM0402": "Hilversum", "GM0317": "Eemnes", "GM0406": "Huizen"}
REGIOS = _dim(("NL01", "Nederland"), ("PV27", "Noord-Holland (PV)"), ("GM0402", "Hilversum"),
              ("GM0317", "Eemnes"), ("GM0406", "Huizen"), pad=10)
GESLACHT = _dim(("T001038", "Totaal mannen en vrouwen"), ("3000", "Mannen"), ("4000", "Vrouwen"))


def _perioden(*jaren: int) -> list[dict]:
    return [{"Key": f"{j}JJ00", "Title": str(j), "Description": None, "Status": "Definitief"} for j in jaren]


# 03759ned: man(a) = basis - helling*a + 2*(jaar-2024); vrouw = man + 10 (<80) or + 30 (80+).
BEV_BASIS = {"GM0402": (600, 5), "GM0317": (60, 0), "GM0406": (250, 2), "NL01": (100000, 900), "PV27": (20000, 150)}
BEV_OPEN = {"GM0402": (3, 7)}  # 105 jaar of ouder (man, vrouw); others (1, 2)


def bevolking_synthetisch(regio: str, jaar: int, geslacht: str, leeftijd: int | None) -> int:
    """Synthetic 03759ned count for a single year of age (None = '105 jaar of ouder')."""
    if leeftijd is None:
        m, v = BEV_OPEN.get(regio, (1, 2))
    else:
        b, h = BEV_BASIS[regio]
        m = b - h * leeftijd + 2 * (jaar - 2024)
        v = m + (10 if leeftijd < 80 else 30)
    return {"man": m, "vrouw": v, "totaal": m + v}[geslacht]


def _t03759() -> Tabel:
    leeftijden = [("10000", "Totaal", None)]
    leeftijden += [("10010" if a == 0 else str(10000 + 100 * a), f"{a} jaar", ("enkel", a)) for a in range(105)]
    leeftijden += [("22200", "105 jaar of ouder", ("enkel", None))]
    leeftijden += [(f"7{i:02d}00", f"{5 * i} tot {5 * i + 5} jaar", ("groep", 5 * i, 5 * i + 4)) for i in range(19)]
    leeftijden += [("22300", "95 jaar of ouder", ("groep", 95, 200)), ("53950", "65 jaar of ouder", ("groep", 65, 200))]
    gesl = {"T001038": "totaal", "3000": "man", "4000": "vrouw"}
    rijen = []
    for regio in BEV_BASIS:
        for jaar in (2022, 2023, 2024):
            for gk, g in gesl.items():
                enkel = {a: bevolking_synthetisch(regio, jaar, g, a) for a in range(105)}
                open_ = bevolking_synthetisch(regio, jaar, g, None)
                for lk, _, soort in leeftijden:
                    if soort is None:
                        w = sum(enkel.values()) + open_
                    elif soort[0] == "enkel":
                        w = open_ if soort[1] is None else enkel[soort[1]]
                    else:
                        w = sum(v for a, v in enkel.items() if soort[1] <= a <= soort[2])
                        w += open_ if soort[2] >= 105 else 0
                    for bs, factor in (("T001019", 1.0), ("1010", 0.5)):
                        rijen.append({"Geslacht": gk, "Leeftijd": lk, "BurgerlijkeStaat": bs, "RegioS": _pad(regio),
                                      "Perioden": f"{jaar}JJ00", "BevolkingOp1Januari_1": int(w * factor),
                                      "GemiddeldeBevolking_2": None})
    data = pd.DataFrame(rijen)
    data.insert(0, "ID", range(len(data)))
    return Tabel(
        "03759ned", _info("03759ned", "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio", "1988-2024"),
        [_eig(0, "Geslacht", "Geslacht", "Dimension"), _eig(1, "Leeftijd", "Leeftijd", "Dimension"),
         _eig(2, "BurgerlijkeStaat", "Burgerlijke staat", "Dimension"), _eig(3, "RegioS", "Regio's", "GeoDimension"),
         _eig(4, "Perioden", "Perioden", "TimeDimension"), _eig(5, "BevolkingOp1Januari_1", "Bevolking op 1 januari"),
         _eig(6, "GemiddeldeBevolking_2", "Gemiddelde bevolking")],
        {"Geslacht": GESLACHT, "Leeftijd": _dim(*[(k, t) for k, t, _ in leeftijden]),
         "BurgerlijkeStaat": _dim(("T001019", "Totaal burgerlijke staat"), ("1010", "Ongehuwd")),
         "RegioS": REGIOS, "Perioden": _perioden(2022, 2023, 2024)},
        data)


HH = {"GM0402": (44000, 18500), "GM0317": (3900, 1000), "GM0406": (17000, 5600), "NL01": (8200000, 3300000),
      "PV27": (1400000, 560000)}


def _t71486() -> Tabel:
    rijen = []
    for regio, (tot, een) in HH.items():
        for jaar in (2023, 2024):
            d = 0 if jaar == 2024 else 300
            for lk, f in (("10000", 1.0), ("15400", 0.1), ("53950", 0.3)):
                t, e = int((tot - d) * f), int((een - d) * f)
                rijen.append({"LeeftijdReferentiepersoon": lk, "RegioS": _pad(regio), "Perioden": f"{jaar}JJ00",
                              "TotaalParticuliereHuishoudens_1": t, "Eenpersoonshuishouden_2": e,
                              "TotaalMeerpersoonshuishoudens_3": t - e})
    return Tabel(
        "71486ned", _info("71486ned", "Huishoudens; samenstelling, grootte, regio, 1 januari", "1995-2024"),
        [_eig(0, "LeeftijdReferentiepersoon", "Leeftijd referentiepersoon", "Dimension"),
         _eig(1, "RegioS", "Regio's", "GeoDimension"), _eig(2, "Perioden", "Perioden", "TimeDimension"),
         _eig(3, "TotaalParticuliereHuishoudens_1", "Totaal particuliere huishoudens"),
         _eig(4, "Eenpersoonshuishouden_2", "Eenpersoonshuishouden"),
         _eig(5, "TotaalMeerpersoonshuishoudens_3", "Totaal meerpersoonshuishoudens")],
        {"LeeftijdReferentiepersoon": _dim(("10000", "Totaal"), ("15400", "15 tot 25 jaar"),
                                           ("53950", "65 jaar of ouder")),
         "RegioS": REGIOS, "Perioden": _perioden(2023, 2024)},
        pd.DataFrame(rijen))


def _t71488() -> Tabel:
    klassen = [(f"7{i:02d}00", f"{5 * i} tot {5 * i + 5} jaar") for i in range(19)] + [("22300", "95 jaar of ouder")]
    leeftijd = [("10000", "Totaal")] + klassen + [("53950", "65 jaar of ouder"), ("21700", "75 jaar of ouder")]
    rijen = []
    for regio, f in (("GM0402", 1.0), ("GM0317", 0.1), ("GM0406", 0.4), ("NL01", 190.0)):
        for gk, gf in (("T001038", 1.0), ("3000", 0.49), ("4000", 0.51)):
            for lk, titel in leeftijd:
                i = next((n for n, (k, _) in enumerate(klassen) if k == lk), None)
                if i is None:  # totals and overlapping groups
                    idx = range(20) if lk == "10000" else range(13, 20) if lk == "53950" else range(15, 20)
                    p = sum(4000 - 100 * n for n in idx)
                    a = sum(200 + 30 * n for n in idx if n >= 3)
                else:
                    p, a = 4000 - 100 * i, (None if i < 3 else 200 + 30 * i)
                rijen.append({"Geslacht": gk, "Leeftijd": lk, "RegioS": _pad(regio), "Perioden": "2024JJ00",
                              "TotaalInParticuliereHuishoudens_2": round(p * f * gf),
                              "ThuiswonendKind_3": None,
                              "Alleenstaand_4": None if a is None else round(a * f * gf)})
    return Tabel(
        "71488ned", _info("71488ned", "Personen in huishoudens naar leeftijd en geslacht, 1 januari", "1995-2024"),
        [_eig(0, "Geslacht", "Geslacht", "Dimension"), _eig(1, "Leeftijd", "Leeftijd", "Dimension"),
         _eig(2, "RegioS", "Regio's", "GeoDimension"), _eig(3, "Perioden", "Perioden", "TimeDimension"),
         _eig(4, "TotaalInParticuliereHuishoudens_2", "Totaal in particuliere huishoudens"),
         _eig(5, "ThuiswonendKind_3", "Thuiswonend kind"), _eig(6, "Alleenstaand_4", "Alleenstaand")],
        {"Geslacht": GESLACHT, "Leeftijd": _dim(*leeftijd), "RegioS": REGIOS, "Perioden": _perioden(2024)},
        pd.DataFrame(rijen))


# KWB 2024: real stems; suffixes of the 2024 subset in ../shared where known, else a guess.
KWB_KOLOMMEN = ["Gemeentenaam_1", "SoortRegio_2", "Codering_3", "AantalInwoners_5", "k_0Tot15Jaar_8",
                "k_15Tot25Jaar_9", "k_25Tot45Jaar_10", "k_45Tot65Jaar_11", "k_65JaarOfOuder_12",
                "HuishoudensTotaal_29", "Eenpersoonshuishoudens_30", "Woningvoorraad_35",
                "GemiddeldeWOZWaardeVanWoningen_39", "Koopwoningen_47", "HuurwoningenTotaal_48",
                "InBezitWoningcorporatie_49", "AfstandTotHuisartsenpraktijk_117", "AfstandTotGroteSupermarkt_118"]
KWB_GEBIEDEN = [
    # code, naam, gemeente, inwoners, (0-14, 15-24, 25-44, 45-64, 65+), huishoudens, eenpersoons,
    # voorraad, woz, koop %, huur %, corporatie %, afstand huisarts, afstand supermarkt
    ("NL00", "Nederland", "Nederland", 17942942, (2800000, 2300000, 4700000, 4750000, 3392942), 8200000, 3300000,
     8100000, 451, 57.0, 42.3, 28.5, 1.1, 0.9),
    ("GM0402", "Hilversum", "Hilversum", 94435, (15000, 10500, 25000, 26260, 17675), 44100, 18800, 43000, 462, 56.0,
     43.5, 27.0, 0.9, 0.7),
    ("WK040201", "Centrum", "Hilversum", 20000, (3000, 2500, 6000, 5000, 3500), 11000, 6000, None, 420, 40.0, 59.0,
     30.0, 0.5, 0.3),
    ("BU04020101", "Centrum-Oost", "Hilversum", 12000, (1800, 1500, 3600, 3000, 2100), 6500, 3600, None, 400, 38.0,
     61.0, None, 0.4, 0.2),
    ("BU04020102", "Oud-Hilversum", "Hilversum", 8000, (1200, 1000, 2400, 2000, 1400), 4500, 2400, None, 450, 43.0,
     56.0, None, -99997, 0.4),
    ("WK040202", "Noordwest", "Hilversum", 15000, (2500, 1500, 4000, 4000, 3000), 7000, 2500, None, 480, 60.0, 39.0,
     25.0, 1.0, 0.8),
    ("BU04020201", "Kerkelanden", "Hilversum", 15000, (2500, 1500, 4000, 4000, 3000), 7000, 2500, None, 480, 60.0,
     39.0, None, 1.0, 0.8),
    ("GM0317", "Eemnes", "Eemnes", 9755, (1800, 1100, 2100, 2900, 1855), 3950, 1010, None, 610, 74.0, 25.5, 20.0,
     1.3, 1.2),
    ("WK031700", "Eemnes", "Eemnes", 9000, (1700, 1000, 1900, 2700, 1700), 3600, 900, None, 600, 73.0, 26.0, None,
     1.2, 1.1),
    ("BU03170000", "Eemnes-Binnen", "Eemnes", 9000, (1700, 1000, 1900, 2700, 1700), 3600, 900, None, 600, 73.0, 26.0,
     None, 1.2, 1.1),
    ("WK031704", "Eemnes-Buiten", "Eemnes", 755, (100, 100, 200, 200, 155), 350, 110, None, 700, 80.0, 19.0, None,
     2.0, 2.0),
    ("BU03170402", "Zuidpunt", "Eemnes", 755, (100, 100, 200, 200, 155), 350, 110, None, 700, 80.0, 19.0, None, 2.0,
     2.0),
    ("GM0406", "Huizen", "Huizen", 41500, (6500, 4500, 9000, 11500, 10000), 18100, 6000, 18500, 440, 60.0, 39.5, 30.0,
     0.8, 0.6),
    ("WK040600", "Huizen", "Huizen", 41500, (6500, 4500, 9000, 11500, 10000), 18100, 6000, None, 440, 60.0, 39.5, None,
     0.8, 0.6),
    ("BU04060000", "Huizen-Centrum", "Huizen", 41500, (6500, 4500, 9000, 11500, 10000), 18100, 6000, None, 440, 60.0,
     39.5, None, 0.8, 0.6),
]


def _t85984() -> Tabel:
    soort = {"NL": "Land", "GM": "Gemeente", "WK": "Wijk", "BU": "Buurt"}
    rijen = []
    for code, naam, gem, inw, lft, hh, een, vrd, woz, koop, huur, corp, ha, sm in KWB_GEBIEDEN:
        r = {"WijkenEnBuurten": _pad(code), "Gemeentenaam_1": _pad(gem, 40), "SoortRegio_2": _pad(soort[code[:2]]),
             "Codering_3": _pad(code), "AantalInwoners_5": inw}
        r.update(dict(zip(KWB_KOLOMMEN[4:9], lft)))
        r.update(dict(zip(KWB_KOLOMMEN[9:], (hh, een, vrd, woz, koop, huur, corp, ha, sm))))
        rijen.append(r)
    data = pd.DataFrame(rijen)
    data.insert(0, "ID", range(len(data)))
    eig = [_eig(0, "WijkenEnBuurten", "Wijken en buurten", "GeoDetail")]
    for n, k in enumerate(KWB_KOLOMMEN, start=1):
        tekst = k.startswith(("Gemeentenaam", "SoortRegio", "Codering"))
        eig.append(_eig(n, k, k.rsplit("_", 1)[0], eenheid="code" if tekst else None,
                        datatype="String" if tekst else "Double"))
    dim = _dim(*[(c, n) for c, n, *_ in KWB_GEBIEDEN], pad=10)
    for d, (_, _, gem, *_) in zip(dim, KWB_GEBIEDEN):
        d.update(Municipality=d["Key"][:6].replace("WK", "GM").replace("BU", "GM") if gem != "Nederland" else "",
                 DetailRegionCode=d["Key"].strip())
    return Tabel("85984NED", _info("85984NED", "Kerncijfers wijken en buurten 2024", "2024"), eig,
                 {"WijkenEnBuurten": dim}, data)


VOORRAAD = {"GM0402": (43000, 11610), "GM0317": (3900, 780), "GM0406": (18500, 5550), "NL01": (8100000, 2300000),
            "PV27": (1350000, 400000)}


def _t82900() -> Tabel:
    """82900NED in its real shape (see ../shared/data/cbs/PROVENANCE-2.md): ownership as topics, one
    dimension StatusVanBewoning (Totaal / Bewoonde woningen / Niet bewoonde woningen)."""
    rijen = []
    for regio, (tot, corp) in VOORRAAD.items():
        for jaar in (2023, 2024):
            t = tot - (0 if jaar == 2024 else 500)
            for bk, f in (("T001235", 1.0), ("A028726", 0.97), ("A028727", 0.03)):
                koop, overig, onbekend = t - corp - 1000, 800, 200
                rijen.append({"StatusVanBewoning": bk, "RegioS": _pad(regio), "Perioden": f"{jaar}JJ00",
                              "TotaleWoningvoorraad_1": round(t * f), "Koopwoningen_2": round(koop * f),
                              "TotaalHuurwoningen_3": round((corp + overig) * f),
                              "EigendomWoningcorporatie_4": round(corp * f),
                              "EigendomOverigeVerhuurders_5": round(overig * f),
                              "EigendomOnbekend_6": round(onbekend * f)})
    return Tabel(
        "82900NED", _info("82900NED", "Voorraad woningen; eigendom, type verhuurder, bewoning, regio", "2012-2024"),
        [_eig(0, "StatusVanBewoning", "Status van bewoning", "Dimension"),
         _eig(1, "RegioS", "Regio's", "GeoDimension"), _eig(2, "Perioden", "Perioden", "TimeDimension"),
         _eig(3, "TotaleWoningvoorraad_1", "Totale woningvoorraad"), _eig(4, "Koopwoningen_2", "Koopwoningen"),
         _eig(5, "TotaalHuurwoningen_3", "Totaal huurwoningen"),
         _eig(6, "EigendomWoningcorporatie_4", "Eigendom woningcorporatie"),
         _eig(7, "EigendomOverigeVerhuurders_5", "Eigendom overige verhuurders"),
         _eig(8, "EigendomOnbekend_6", "Eigendom onbekend")],
        {"StatusVanBewoning": _dim(("T001235", "Totaal"), ("A028726", "Bewoonde woningen"),
                                   ("A028727", "Niet bewoonde woningen")),
         "RegioS": REGIOS, "Perioden": _perioden(2023, 2024)},
        pd.DataFrame(rijen))


def _t86050() -> Tabel:
    vz = [("T001234", "Totaal Wmo-voorzieningen"), ("A049012", "Beschermd wonen"), ("A049013", "Opvang"),
          ("A049014", "Hulp bij het huishouden")]
    rijen = []
    for regio, f in (("GM0402", 10), ("GM0317", 1), ("GM0406", 4), ("NL01", 1900)):
        for jaar in (2022, 2023, 2024):
            for n, (k, _) in enumerate(vz):
                aantal = f * (500 if n == 0 else 100 - 20 * n) + (jaar - 2022) * f
                rijen.append({"Wmovoorzieningen": k, "RegioS": _pad(regio), "Perioden": f"{jaar}JJ00",
                              "ClientenMetWmoVoorziening_1": aantal,
                              "ClientenPer1000Inwoners_2": round(aantal / f / 9.4, 1)})
    return Tabel(
        "86050NED", _info("86050NED", "Wmo-cliënten; type voorziening, regio", "2022-2024"),
        [_eig(0, "Wmovoorzieningen", "Wmo-voorzieningen", "Dimension"), _eig(1, "RegioS", "Regio's", "GeoDimension"),
         _eig(2, "Perioden", "Perioden", "TimeDimension"),
         _eig(3, "ClientenMetWmoVoorziening_1", "Cliënten met Wmo-voorziening"),
         _eig(4, "ClientenPer1000Inwoners_2", "Cliënten per 1 000 inwoners", eenheid="per 1 000 inwoners",
              datatype="Double")],
        {"Wmovoorzieningen": _dim(*vz), "RegioS": REGIOS, "Perioden": _perioden(2022, 2023, 2024)},
        pd.DataFrame(rijen))


PROGNOSE_REGIOS = _dim(("NL01", "Nederland"), ("PV27", "Noord-Holland (PV)"), ("GM0402", "Hilversum"),
                      ("GM0317", "Eemnes"), ("GM0406", "Huizen"), pad=10)
PROGNOSE_BASIS = (("GM0402", 94500), ("GM0317", 9800), ("GM0406", 41600), ("NL01", 18000000))


def _t85173() -> Tabel:
    """85173NED in its real shape (PROVENANCE-2.md): dimensions RegioIndeling2021, PrognoseInterval,
    Leeftijd (only 'Totaal'), Perioden; TotaleBevolking_1 in thousands with one decimal."""
    iv = [("A048779", "Prognose"), ("A048780", "Ondergrens 67%-prognose-interval"),
          ("A048781", "Bovengrens 67%-prognose-interval")]
    rijen = []
    for regio, basis in PROGNOSE_BASIS:
        for jaar in (2025, 2030, 2040, 2050):
            midden = basis + (jaar - 2025) * basis // 500
            for k, _ in iv:
                w = midden if k == "A048779" else midden - (jaar - 2025) * basis // 250 * (1 if k == "A048780" else -1)
                rijen.append({"RegioIndeling2021": _pad(regio), "PrognoseInterval": k, "Leeftijd": "10000",
                              "Perioden": f"{jaar}JJ00", "TotaleBevolking_1": round(w / 1000, 1)})
    return Tabel(
        "85173NED", _info("85173NED", "Regionale prognose 2023-2050; bevolking, intervallen, regio-indeling 2021",
                          "2023-2050"),
        [_eig(0, "RegioIndeling2021", "Regio-indeling 2021", "GeoDimension"),
         _eig(1, "PrognoseInterval", "Prognose(interval)", "Dimension"), _eig(2, "Leeftijd", "Leeftijd", "Dimension"),
         _eig(3, "Perioden", "Perioden", "TimeDimension"),
         _eig(4, "TotaleBevolking_1", "Totale bevolking", eenheid="x 1 000", datatype="Double")],
        {"RegioIndeling2021": PROGNOSE_REGIOS, "PrognoseInterval": _dim(*iv), "Leeftijd": _dim(("10000", "Totaal")),
         "Perioden": _perioden(2025, 2030, 2040, 2050)},
        pd.DataFrame(rijen))


def _t85171() -> Tabel:
    """85171NED in its real shape: RegioIndeling2021, Leeftijd and Geslacht (only their totals), Perioden;
    TotaleBevolking_1 in thousands; gemeenten above 50,000 inhabitants only (here: Hilversum)."""
    rijen = [{"RegioIndeling2021": _pad(regio), "Leeftijd": "10000", "Geslacht": "T001038", "Perioden": f"{jaar}JJ00",
              "TotaleBevolking_1": round((basis + (jaar - 2025) * basis // 400) / 1000, 1)}
             for regio, basis in PROGNOSE_BASIS if regio in ("GM0402", "NL01") for jaar in (2025, 2030, 2040)]
    return Tabel(
        "85171NED", _info("85171NED", "Regionale prognose 2023-2050; bevolking, regio-indeling 2021", "2023-2050"),
        [_eig(0, "RegioIndeling2021", "Regio-indeling 2021", "GeoDimension"),
         _eig(1, "Leeftijd", "Leeftijd", "Dimension"), _eig(2, "Geslacht", "Geslacht", "Dimension"),
         _eig(3, "Perioden", "Perioden", "TimeDimension"),
         _eig(4, "TotaleBevolking_1", "Totale bevolking", eenheid="x 1 000", datatype="Double")],
        {"RegioIndeling2021": PROGNOSE_REGIOS, "Leeftijd": _dim(("10000", "Totaal")),
         "Geslacht": _dim(("T001038", "Totaal mannen en vrouwen")), "Perioden": _perioden(2025, 2030, 2040)},
        pd.DataFrame(rijen))


ONTWIKKELING = ["BevolkingAanHetBeginVanDePeriode_1", "LevendGeborenKinderen_2", "Overledenen_3",
                "TotaleVestiging_4", "TotaalVertrekInclAdmCorrecties_7", "BevolkingAanHetEindeVanDePeriode_15"]


def _t37230() -> Tabel:
    rijen = []
    perioden = []
    for jaar in (2021, 2022, 2023):
        perioden += [(f"{jaar}MM01", f"{jaar} januari"), (f"{jaar}MM02", f"{jaar} februari"),
                     (f"{jaar}JJ00", str(jaar))]
    for regio, basis in (("GM0402", 92000), ("GM0317", 9600), ("GM0406", 41300), ("NL01", 17500000)):
        for k, _ in perioden:
            jaar, jj = int(k[:4]), k.endswith("JJ00")
            begin = basis + (jaar - 2021) * basis // 100
            f = 1 if jj else 12
            geb, ovl, ves, ver = basis // 100 // f, basis // 110 // f, basis // 20 // f, basis // 22 // f
            rijen.append({"RegioS": _pad(regio), "Perioden": k, ONTWIKKELING[0]: begin, ONTWIKKELING[1]: geb,
                          ONTWIKKELING[2]: ovl, ONTWIKKELING[3]: ves, ONTWIKKELING[4]: ver,
                          ONTWIKKELING[5]: begin + geb - ovl + ves - ver})
    return Tabel(
        "37230ned", _info("37230ned", "Bevolkingsontwikkeling; regio per maand", "2002-2023"),
        [_eig(0, "RegioS", "Regio's", "GeoDimension"), _eig(1, "Perioden", "Perioden", "TimeDimension")]
        + [_eig(n + 2, k, k.rsplit("_", 1)[0]) for n, k in enumerate(ONTWIKKELING)],
        {"RegioS": REGIOS, "Perioden": [{"Key": k, "Title": t, "Description": None, "Status": "Definitief"}
                                        for k, t in perioden]},
        pd.DataFrame(rijen))


def sterftekans_synthetisch(geslacht: str, leeftijd: int) -> float:
    """Synthetic 37360ned sterftekans per 1 000."""
    return round((0.5 + 0.009 * leeftijd ** 2) * {"man": 1.2, "vrouw": 1.0, "totaal": 1.1}[geslacht], 2)


def _t37360() -> Tabel:
    leeftijd = [(str(10010 if a == 0 else 10000 + 100 * a), f"{a} jaar") for a in range(99)] + [
        ("21900", "99 jaar of ouder"), ("53950", "65 jaar of ouder")]
    perioden = _perioden(2023, 2024) + [{"Key": "2019G500", "Title": "2019 tot en met 2023", "Description": None,
                                          "Status": "Definitief"}]
    rijen = []
    for p in perioden:
        for gk, g in (("T001038", "totaal"), ("3000", "man"), ("4000", "vrouw")):
            for lk, titel in leeftijd:
                a = int(titel.split()[0])
                rijen.append({"Geslacht": gk, "LeeftijdOp31December": lk, "Perioden": p["Key"],
                              "Levensverwachting_1": round(max(85 - a * 0.85, 2.0), 2),
                              "Sterftekans_2": sterftekans_synthetisch(g, a) + (0.01 if p["Key"] == "2023JJ00" else 0)})
    return Tabel(
        "37360ned", _info("37360ned", "Levensverwachting; geslacht, leeftijd (per jaar en periode van vijf jaren)",
                          "1950-2024"),
        [_eig(0, "Geslacht", "Geslacht", "Dimension"), _eig(1, "LeeftijdOp31December", "Leeftijd (op 31 december)",
                                                            "Dimension"),
         _eig(2, "Perioden", "Perioden", "TimeDimension"),
         _eig(3, "Levensverwachting_1", "Levensverwachting", eenheid="jaren", datatype="Double"),
         _eig(4, "Sterftekans_2", "Sterftekans", eenheid="per 1 000", datatype="Double")],
        {"Geslacht": GESLACHT, "LeeftijdOp31December": _dim(*leeftijd), "Perioden": perioden},
        pd.DataFrame(rijen))


def synthetische_tabellen() -> dict[str, Tabel]:
    """Synthetic versions, in the real CBS shape, of the registry tables of ``wzlib.bronnen.cbs_tabellen``
    (built once per process; the server never changes them, a test that does must copy first)."""
    return dict(_synthetisch())


@functools.lru_cache(maxsize=1)
def _synthetisch() -> dict[str, Tabel]:
    return {t.id.lower(): t for t in (_t03759(), _t71486(), _t71488(), _t85984(), _t82900(), _t86050(), _t85173(),
                                      _t85171(), _t37230(), _t37360())}


def echte_tabellen(map_: Path = ECHT_MAP) -> dict[str, Tabel]:
    """The recorded real CBS responses: 80137ned (index, TableInfos, dimensions, DataProperties, 675 rows
    TypedDataSet) and 83599NED (UntypedDataSet in two pages of 10 000 and 5 504 rows)."""
    return dict(_echt(map_))


@functools.lru_cache(maxsize=2)
def _echt(map_: Path) -> dict[str, Tabel]:
    j = lambda naam: json.loads((map_ / naam).read_text(encoding="utf-8"))  # noqa: E731
    data = pd.DataFrame(j("meta_8.json")["value"])
    t80137 = Tabel(
        "80137ned", j("meta_2.json")["value"][0], j("meta_7.json")["value"],
        {"Persoonskenmerken": j("meta_4.json")["value"], "BedrijfstakkenSBI93": j("meta_5.json")["value"],
         "Perioden": j("meta_6.json")["value"]},
        data,
        letterlijk={"": map_ / "meta_1.json", "tableinfos": map_ / "meta_2.json",
                    "categorygroups": map_ / "meta_3.json",
                    "persoonskenmerken": map_ / "meta_4.json", "bedrijfstakkensbi93": map_ / "meta_5.json",
                    "perioden": map_ / "meta_6.json", "dataproperties": map_ / "meta_7.json",
                    "typeddataset": map_ / "meta_8.json"})
    eerste = (map_ / "tables_2.json").read_text(encoding="utf-8")
    skip = int(re.search(r"\$skip=(\d+)", eerste).group(1))
    t83599 = Tabel("83599NED", {}, [], {}, pd.DataFrame(),
                   paginas=[(0, map_ / "tables_2.json"), (skip, map_ / "tables_3.json")])
    return {"80137ned": t80137, "83599ned": t83599}


@functools.lru_cache(maxsize=2)
def kwb_2020_tabel(map_: Path = KWB2020_MAP) -> Tabel:
    """The real raw KWB 2020 (84799NED, early release) TypedDataSet, DataProperties, dimension, TableInfos."""
    eig = pd.read_parquet(map_ / "cbs.v3.84799NED_DataProperties.parquet").rename(columns={"odata_type": "odata.type"})
    dim = pd.read_parquet(map_ / "cbs.v3.84799NED_WijkenEnBuurten.parquet")
    info = json.loads((map_ / "cbs.v3.84799NED_Metadata.json").read_text(encoding="utf-8"))
    return Tabel("84799NED", info, _records(eig), {"WijkenEnBuurten": _records(dim)},
                 pd.read_parquet(map_ / "cbs.v3.84799NED_TypedDataSet.parquet"))


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python values (NaN/NA -> None); column-wise, as to_dict is slow."""
    kolommen = list(df.columns)
    lijsten = []
    for k in kolommen:
        s = df[k]
        waarden = s.tolist()
        if s.isna().any():
            leeg = s.isna().tolist()
            waarden = [None if n else v for v, n in zip(waarden, leeg)]
        lijsten.append(waarden)
    return [dict(zip(kolommen, rij)) for rij in zip(*lijsten)] if kolommen else [{} for _ in range(len(df))]


def _py(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "item"):
        v = v.item()
        return None if isinstance(v, float) and v != v else v
    try:
        return None if pd.isna(v) else v
    except (TypeError, ValueError):
        return v


# --------------------------------------------------------------------------------------------------
# $filter
# --------------------------------------------------------------------------------------------------

class FilterFout(ValueError):
    pass


_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)"
                    r"|(?P<id>[A-Za-z_][A-Za-z0-9_.]*)|(?P<p>[(),]))")


class Filter:
    """The OData v3 ``$filter`` subset clients send to CBS: ``X eq 'v'``/``ne``, ``and``, ``or``, ``not``,
    parentheses, ``substringof('v',X)``, ``startswith(X,'v')``. Keys are compared without padding."""

    def __init__(self, tekst: str):
        self.tekst = tekst
        self.tokens = self._lex(tekst)
        self.i = 0
        self.kolommen: set[str] = set()
        self.boom = self._of()
        if self.i != len(self.tokens):
            raise FilterFout(f"onverwacht '{self.tokens[self.i][1]}' in $filter")

    @staticmethod
    def _lex(tekst: str) -> list[tuple[str, Any]]:
        uit, pos = [], 0
        while pos < len(tekst):
            if not tekst[pos:].strip():
                break
            m = _TOKEN.match(tekst, pos)
            if not m:
                raise FilterFout(f"syntaxfout in $filter bij positie {pos}: {tekst[pos:pos + 20]!r}")
            soort = m.lastgroup
            w = m.group(soort)
            uit.append((soort, w[1:-1].replace("''", "'") if soort == "str" else w))
            pos = m.end()
        return uit

    def _kijk(self) -> tuple[str, Any] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _neem(self, soort: str | None = None, waarde: str | None = None) -> Any:
        t = self._kijk()
        if t is None or (soort and t[0] != soort) or (waarde and str(t[1]).lower() != waarde):
            raise FilterFout(f"verwacht {waarde or soort} in $filter, kreeg {t}")
        self.i += 1
        return t[1]

    def _is(self, waarde: str) -> bool:
        t = self._kijk()
        return t is not None and t[0] in ("id", "p") and str(t[1]).lower() == waarde

    def _of(self):
        delen = [self._en()]
        while self._is("or"):
            self.i += 1
            delen.append(self._en())
        return ("or", delen) if len(delen) > 1 else delen[0]

    def _en(self):
        delen = [self._een()]
        while self._is("and"):
            self.i += 1
            delen.append(self._een())
        return ("and", delen) if len(delen) > 1 else delen[0]

    def _kolom(self) -> str:
        k = self._neem("id")
        self.kolommen.add(k)
        return k

    def _literal(self) -> Any:
        t = self._kijk()
        if t and t[0] == "str":
            return self._neem("str")
        if t and t[0] == "num":
            return float(self._neem("num"))
        raise FilterFout(f"waarde verwacht in $filter, kreeg {t}")

    def _een(self):
        if self._is("("):
            self.i += 1
            b = self._of()
            self._neem("p", ")")
            return b
        if self._is("not"):
            self.i += 1
            return ("not", self._een())
        if self._is("substringof"):
            self.i += 1
            self._neem("p", "(")
            w = self._literal()
            self._neem("p", ",")
            k = self._kolom()
            self._neem("p", ")")
            return ("substringof", k, w)
        if self._is("startswith"):
            self.i += 1
            self._neem("p", "(")
            k = self._kolom()
            self._neem("p", ",")
            w = self._literal()
            self._neem("p", ")")
            return ("startswith", k, w)
        k = self._kolom()
        op = self._neem("id").lower()
        if op not in ("eq", "ne"):
            raise FilterFout(f"operator '{op}' wordt niet ondersteund")
        return (op, k, self._literal())

    def __call__(self, rij: dict) -> bool:
        return self._eval(self.boom, rij)

    def _eval(self, b, rij) -> bool:
        soort = b[0]
        if soort == "or":
            return any(self._eval(d, rij) for d in b[1])
        if soort == "and":
            return all(self._eval(d, rij) for d in b[1])
        if soort == "not":
            return not self._eval(b[1], rij)
        _, k, w = b
        v = rij.get(k)
        if isinstance(w, float):
            gelijk = v is not None and float(v) == w
        else:
            gelijk = v is not None and str(v).strip() == str(w).strip()
        if soort == "eq":
            return gelijk
        if soort == "ne":
            return not gelijk
        if soort == "substringof":
            return v is not None and str(w) in str(v)
        return v is not None and str(v).startswith(str(w))


def _filter_records(records: list[dict], tekst: str | None) -> list[dict]:
    if not tekst:
        return records
    f = Filter(tekst)
    if records:
        onbekend = f.kolommen - set(records[0])
        if onbekend:
            raise FilterFout(f"Could not find a property named '{sorted(onbekend)[0]}'")
    return [r for r in records if f(r)]


def _filter_frame(df: pd.DataFrame, tekst: str | None) -> pd.DataFrame:
    if not tekst or df.empty:
        return df
    f = Filter(tekst)
    onbekend = f.kolommen - set(df.columns)
    if onbekend:
        raise FilterFout(f"Could not find a property named '{sorted(onbekend)[0]}'")
    kol = sorted(f.kolommen)
    sub = _records(df[kol])  # evaluate once per distinct combination of the columns the filter uses
    uitkomst: dict[tuple, bool] = {}
    masker = []
    for r in sub:
        sl = tuple(r[k] for k in kol)
        if sl not in uitkomst:
            uitkomst[sl] = f(r)
        masker.append(uitkomst[sl])
    return df[masker]


# --------------------------------------------------------------------------------------------------
# server
# --------------------------------------------------------------------------------------------------

@dataclass
class Verzoek:
    pad: str  # URL path
    params: dict[str, str]  # query options, URL-decoded
    url: str  # the full URL as requested, URL-decoded


class _Fout(Exception):
    def __init__(self, status: int, melding: str):
        super().__init__(melding)
        self.status = status


class CbsServer:
    """The loopback server; ``start()``/``stop()``, ``host`` ("127.0.0.1:<port>"), ``verzoeken``."""

    def __init__(self, tabellen: dict[str, Tabel] | None = None, *, pagina: int = 10000,
                 catalogus: Path | None = None):
        self.tabellen = {k.lower(): v for k, v in (tabellen or {}).items()}
        self.pagina = pagina
        self.catalogus = catalogus  # recorded /ODataCatalog/Tables response to add to the catalog
        self.verzoeken: list[Verzoek] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle -----------------------------------------------------------------------------------
    def start(self) -> "CbsServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server._behandel(self)

            def log_message(self, *args):
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="cbs-odata-test", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the port: later requests get 'connection refused' (CBS offline)."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    @property
    def port(self) -> int:
        return self._port

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self._port}"

    def reset(self) -> None:
        with self._lock:
            self.verzoeken.clear()

    def verzoeken_naar(self, deel: str) -> list[Verzoek]:
        """Requests whose path contains ``deel`` (case-insensitive)."""
        return [v for v in self.verzoeken if deel.lower() in v.pad.lower()]

    # request handling ----------------------------------------------------------------------------
    def _behandel(self, h: BaseHTTPRequestHandler) -> None:
        delen = urlsplit(h.path)
        params = {k: v[0] for k, v in parse_qs(delen.query, keep_blank_values=True).items()}
        with self._lock:
            self.verzoeken.append(Verzoek(delen.path, params, unquote_plus(h.path)))
        try:
            status, body = 200, self._antwoord(delen.path, params)
        except _Fout as e:
            status, body = e.status, json.dumps({"odata.error": {"code": "", "message": {"lang": "nl-NL",
                                                                                         "value": str(e)}}}).encode()
        except FilterFout as e:
            status, body = 400, json.dumps({"odata.error": {"message": {"value": str(e)}}}).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json;odata=minimalmetadata;charset=utf-8")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def _basis(self) -> bytes:
        return f"http://{self.host}".encode()

    def _letterlijk(self, pad: Path) -> bytes:
        return pad.read_bytes().replace(CBS_HOST, self._basis())

    def _antwoord(self, pad: str, params: dict[str, str]) -> bytes:
        stukken = [p for p in pad.split("/") if p]
        laag = [p.lower() for p in stukken]
        if laag[:2] == ["odatacatalog", "tables"]:
            return self._json(self._catalogus(), "ODataCatalog/$metadata#Tables", params, pad)
        if len(laag) < 3 or laag[:2] != ["odatafeed", "odata"]:
            raise _Fout(404, f"onbekend pad {pad}")
        tabel = self.tabellen.get(laag[2])
        if tabel is None:
            raise _Fout(404, f"tabel {stukken[2]} bestaat niet")
        naam = laag[3] if len(laag) > 3 else ""
        opties = any(k in params for k in ("$filter", "$select", "$skip", "$top"))
        if naam in tabel.letterlijk and not opties:
            return self._letterlijk(tabel.letterlijk[naam])
        if naam == "untypeddataset" and tabel.paginas:
            skip = int(params.get("$skip", 0))
            for start, bestand in tabel.paginas:
                if start == skip:
                    return self._letterlijk(bestand)
            raise _Fout(404, f"geen opgenomen pagina voor $skip={skip}")
        meta = f"ODataFeed/OData/{tabel.id}/$metadata#Cbs.OData.WebAPI."
        if naam == "":
            namen = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties", "CategoryGroups",
                     *tabel.dimensies]
            base = f"http://{self.host}/ODataFeed/odata/{tabel.id}/"
            return self._json([{"name": n, "url": base + n} for n in namen], f"ODataFeed/OData/{tabel.id}/$metadata",
                              params, pad)
        if naam == "tableinfos":
            if not tabel.info:
                raise _Fout(404, "TableInfos niet opgenomen")
            return self._json([tabel.info], meta + "TableInfos", params, pad)
        if naam == "dataproperties":
            return self._json(tabel.eigenschappen, meta + "DataProperties", params, pad)
        if naam == "categorygroups":
            return self._json([], meta + "CategoryGroups", params, pad)
        dims = {d.lower(): d for d in tabel.dimensies}
        if naam in dims:
            return self._json(tabel.dimensies[dims[naam]], meta + dims[naam], params, pad)
        if naam in ("typeddataset", "untypeddataset"):
            df = _filter_frame(tabel.data, params.get("$filter"))
            if params.get("$select"):
                velden = [v.strip() for v in params["$select"].split(",") if v.strip()]
                onbekend = [v for v in velden if v not in df.columns]
                if onbekend:
                    raise _Fout(400, f"Could not find a property named '{onbekend[0]}'")
                df = df[velden]
            skip, top = int(params.get("$skip", 0)), params.get("$top")
            eind = len(df) if top is None else min(len(df), skip + int(top))
            stuk = df.iloc[skip:min(eind, skip + self.pagina)]
            records = _records(stuk)
            if naam == "untypeddataset":
                records = [{k: (None if v is None else str(v)) for k, v in r.items()} for r in records]
            volgende = None
            if skip + self.pagina < eind:
                q = {k: v for k, v in params.items() if k in ("$format", "$filter", "$select", "$top")}
                q.setdefault("$format", "json")
                q["$skip"] = str(skip + self.pagina)
                volgende = (f"http://{self.host}/ODataFeed/OData/{tabel.id}/{stukken[3]}?"
                            + urlencode(q, quote_via=quote))
            return self._json(records, meta + stukken[3], {}, pad, volgende=volgende)
        raise _Fout(404, f"onbekend onderdeel {stukken[3]} van tabel {tabel.id}")

    def _catalogus(self) -> list[dict]:
        rijen = []
        if self.catalogus is not None and self.catalogus.exists():
            rijen += json.loads(self.catalogus.read_text(encoding="utf-8"))["value"]
        bekend = {r.get("Identifier", "").lower() for r in rijen}
        rijen += [t.info for t in self.tabellen.values() if t.info and t.id.lower() not in bekend]
        return rijen

    def _json(self, records: list[dict], metadata: str, params: dict, pad: str, volgende: str | None = None) -> bytes:
        records = _filter_records(records, params.get("$filter"))
        if params.get("$select"):
            velden = [v.strip() for v in params["$select"].split(",")]
            records = [{k: r.get(k) for k in velden} for r in records]
        uit: dict[str, Any] = {"odata.metadata": f"http://{self.host}/{metadata}", "value": records}
        if volgende:
            uit["odata.nextLink"] = volgende
        return json.dumps(uit, ensure_ascii=False, default=_py).encode("utf-8")


# --------------------------------------------------------------------------------------------------
# cbsodata options and fixtures
# --------------------------------------------------------------------------------------------------

@contextmanager
def cbsodata_naar(host: str):
    """Point cbsodata at ``host`` over plain http without proxies; restore the options afterwards."""
    import cbsodata

    o = cbsodata.options
    oud = (o.catalog_url, o.use_https, copy.deepcopy(o.requests))
    o.catalog_url = host
    o.use_https = False
    o.requests = {"proxies": {"http": None, "https": None}}
    try:
        yield
    finally:
        o.catalog_url, o.use_https, o.requests = oud


def vrije_gesloten_poort() -> int:
    """A local port with nothing listening (connection refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _draaiend(server: "CbsServer"):
    """Start ``server``, point cbsodata at it, and stop it afterwards."""
    server.start()
    try:
        with cbsodata_naar(server.host):
            yield server
    finally:
        server.stop()


@pytest.fixture
def cbs_server():
    """A running loopback CBS server with the synthetic registry tables; cbsodata points at it."""
    with _draaiend(CbsServer(synthetische_tabellen())) as server:
        yield server


@pytest.fixture
def cbs_echt_server():
    """A loopback CBS server with the real recorded responses (80137ned, 83599NED, catalog) and the real
    KWB 2020 table when present; skips when ../shared/data/cbs is absent."""
    if not (ECHT_MAP / "meta_8.json").exists():
        pytest.skip(f"opgenomen CBS-antwoorden ontbreken ({ECHT_MAP})")
    tabellen = echte_tabellen()
    if (KWB2020_MAP / "cbs.v3.84799NED_TypedDataSet.parquet").exists():
        tabellen["84799ned"] = kwb_2020_tabel()
    with _draaiend(CbsServer(tabellen, catalogus=ECHT_MAP / "tables_1.json")) as server:
        yield server


@pytest.fixture
def cbs_offline():
    """cbsodata pointed at a local port where nothing listens: every CBS request fails at once."""
    with cbsodata_naar(f"127.0.0.1:{vrije_gesloten_poort()}"):
        yield


# --------------------------------------------------------------------------------------------------
# real CBS exports (titles instead of keys) served in the OData shape
# --------------------------------------------------------------------------------------------------

def export_tabel(pad: Path, tabel_id: str, titel: str, regio_dim: str, regios: dict[str, str],
                 onderwerpen: dict[str, tuple[str, str]]) -> Tabel:
    """A table from a real CBS export of ``dertje/cbs_datasets`` (``;``-separated, BOM, leading ``ID``,
    dimension *titles* instead of keys; ../shared/data/cbs/PROVENANCE-2.md) in the OData shape: the real
    dimension and topic names and values, the region rows named in ``regios`` (title -> CBS code),
    periods as ``<jaar>JJ00``; keys of the other dimensions are made up (K00001 …) because the export
    has only their titles. ``onderwerpen``: topic key -> (title, unit); titles and units are not in the
    export and are given as CBS names them on StatLine."""
    df = pd.read_csv(pad, sep=";", encoding="utf-8-sig")
    df = df[df[regio_dim].isin(list(regios))].drop(columns=["ID"]).reset_index(drop=True)
    dims = [k for k in df.columns if k not in onderwerpen]
    eig, dimensies = [], {}
    for nr, d in enumerate(dims):
        if d == regio_dim:
            eig.append(_eig(nr, d, d, "GeoDimension"))
            dimensies[d] = _dim(*[(regios[t], t) for t in regios], pad=10)
            df[d] = df[d].map(lambda t: _pad(regios[t]))
        elif d == "Perioden":
            eig.append(_eig(nr, d, d, "TimeDimension"))
            jaren = sorted({int(j) for j in df[d]})
            dimensies[d] = _perioden(*jaren)
            df[d] = df[d].map(lambda j: f"{int(j)}JJ00")
        else:
            eig.append(_eig(nr, d, d, "Dimension"))
            sleutels = {t: f"K{i + 1:05d}" for i, t in enumerate(dict.fromkeys(df[d]))}
            dimensies[d] = _dim(*[(k, t) for t, k in sleutels.items()])
            df[d] = df[d].map(sleutels)
    for i, (k, (t, eenheid)) in enumerate(onderwerpen.items(), start=len(dims)):
        eig.append(_eig(i, k, t, eenheid=eenheid, datatype="Double"))
    return Tabel(tabel_id, _info(tabel_id, titel, "export"), eig, dimensies, df)
