"""Fetching CBS StatLine tables (OData v3 through ``cbsodata``) into a disk cache, and the toolkit's CBS entry points.

Every CBS call of the toolkit goes through this module (notebooks never call ``cbsodata``); what the
tables are and how their rows become canonical tables lives in ``wzlib.bronnen.cbs_tabellen``.

* ``haal_op`` fetches the raw rows of one table through the ``cbsodata`` code path, filtered at the
  server to the gemeenten asked (and the period needed), with dimension *codes* (not titles) and
  region codes stripped of CBS' padding; results are cached on disk (parquet + JSON sidecar).
* ``laad_gegevens`` turns the cached/fetched tables into the canonical tables with provenance;
  ``vul_cache`` is ``wz data fetch``; ``cache_status`` is ``wz data status``; ``extra_tabel`` gives
  the tidy frames of tables without a canonical schema (Wmo, prognose-intervallen, sterftekansen).

Why not ``cbsodata.get_data``: it replaces every dimension key by its Title (``'GM0402    '`` becomes
``'Hilversum'``; wijk names repeat across gemeenten) and downloads every dimension table in full. We use
the same downloader it uses for the data set (``cbsodata.cbsodata3._download_metadata``: ``$filter``,
``$select`` and ``odata.nextLink`` paging), which keeps the keys, and fetch the dimension titles
separately (``get_meta``-style, filtered to the keys we need). Table metadata comes from
``cbsodata.get_info`` (TableInfos: Title, Modified) and ``cbsodata.get_meta(..., "DataProperties")``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import warnings
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlencode

import cbsodata
import pandas as pd
import requests

from ..fouten import GegevensOntbreken, ParamsFout
from ..gegevens import NEDERLAND, SCHEMAS, Gegevens, Herkomst, kies_jaar, lege_tabel
from .. import paden
from ..paden import atomair_schrijven, atomair_tekst
from .cbs_tabellen import (CODE, EXTRA_TABELLEN, REGISTRY, CbsTabel, CbsWaarschuwing, _combineer_woningen, _jaar,
                           _plan, _tabel, _zoek_kolom)

log = logging.getLogger(__name__)

#: (connect, read) timeout in seconds for every CBS request; cbsodata itself sets none.
TIMEOUT = (10, 300)
#: Dimension types in DataProperties (``Type``); KWB tables use ``GeoDetail`` for WijkenEnBuurten.
DIMENSIE_TYPES = ("Dimension", "GeoDimension", "GeoDetail", "TimeDimension")


class _Onbereikbaar(Exception):
    """CBS could not be reached (no network, DNS, timeout, connection refused)."""


class _CbsFout(Exception):
    """CBS answered with an HTTP error (unknown table, bad filter, server error)."""


# --------------------------------------------------------------------------------------------------
# OData access through cbsodata
# --------------------------------------------------------------------------------------------------

def _downloader() -> Callable | None:
    """cbsodata's own OData downloader (private in cbsodata 1.3.5), or None if it is gone."""
    return getattr(getattr(cbsodata, "cbsodata3", None), "_download_metadata", None)


def _odata(tabel_id: str, naam: str, *, filters: str | None = None, select: list[str] | None = None) -> list[dict]:
    """GET ``<catalog>/ODataFeed/odata/<tabel_id>/<naam>`` through cbsodata, following ``odata.nextLink``.

    Uses ``cbsodata.cbsodata3._download_metadata`` (what ``get_data`` uses for the data set; keeps the
    dimension keys); if a future cbsodata drops it, falls back to the public ``get_meta`` with the query
    appended to the name. Raises ``_Onbereikbaar`` or ``_CbsFout``.
    """
    laag = _downloader()
    try:
        if laag is not None:
            return laag(tabel_id, naam, select=select, filters=filters, timeout=TIMEOUT)
        q = {}
        if filters:
            q["$filter"] = filters
        if select:
            q["$select"] = ",".join(select)
        return cbsodata.get_meta(tabel_id, naam + ("?" + urlencode(q, quote_via=quote) if q else ""),
                                 timeout=TIMEOUT)
    except (requests.ConnectionError, requests.Timeout) as e:
        raise _Onbereikbaar(str(e)) from e
    except requests.HTTPError as e:
        raise _CbsFout(str(e)) from e
    except (ValueError, KeyError) as e:  # not JSON / not OData: a proxy or captive portal answered
        raise _CbsFout(f"onverwacht antwoord van CBS ({e})") from e


def _info(tabel_id: str) -> dict:
    try:
        return cbsodata.get_info(tabel_id, timeout=TIMEOUT) or {}
    except (requests.ConnectionError, requests.Timeout) as e:
        raise _Onbereikbaar(str(e)) from e
    except requests.HTTPError as e:
        raise _CbsFout(str(e)) from e
    except (ValueError, KeyError) as e:
        raise _CbsFout(f"onverwacht antwoord van CBS ({e})") from e


def _eigenschappen(tabel_id: str) -> list[dict]:
    try:
        return cbsodata.get_meta(tabel_id, "DataProperties", timeout=TIMEOUT)
    except (requests.ConnectionError, requests.Timeout) as e:
        raise _Onbereikbaar(str(e)) from e
    except requests.HTTPError as e:
        raise _CbsFout(str(e)) from e
    except (ValueError, KeyError) as e:
        raise _CbsFout(f"onverwacht antwoord van CBS ({e})") from e


def catalogus(zoek: str | None = None) -> pd.DataFrame:
    """The CBS table catalog (``cbsodata.get_table_list``): Identifier, Title, ShortTitle, Modified,
    Period, optionally only tables whose Title contains ``zoek`` (server-side ``substringof``)."""
    filters = f"substringof('{zoek.replace(chr(39), chr(39) * 2)}',Title)" if zoek else None
    try:
        rijen = cbsodata.get_table_list(filters=filters, timeout=TIMEOUT)
    except (requests.ConnectionError, requests.Timeout, requests.HTTPError) as e:
        raise GegevensOntbreken(f"De CBS-catalogus is niet beschikbaar ({_kort(e)}).") from e
    kol = ["Identifier", "Title", "ShortTitle", "Modified", "Period"]
    return pd.DataFrame([{k: r.get(k) for k in kol} for r in rijen], columns=kol)


def _controleer_codes(gemeenten: list[str]) -> list[str]:
    codes = sorted({str(g).strip().upper() for g in gemeenten})
    fout = [c for c in codes if not CODE.fullmatch(c)]
    if fout:
        raise ParamsFout(f"Ongeldige gemeentecode(s) voor CBS: {', '.join(fout)} (verwacht GM + 4 cijfers, "
                         "bv. GM0402).")
    return codes


def _regio_filter(veld: str, codes: list[str], tabel: CbsTabel) -> str | None:
    """OData ``$filter`` for the region dimension: ``(RegioS eq 'GM0402') or …`` (CBS matches keys
    without their padding); for wijken/buurten tables the gemeente plus its WK/BU codes."""
    delen = [f"({veld} eq '{tabel.nl_code}')"] if tabel.nederland else []
    for c in codes:
        delen.append(f"({veld} eq '{c}')")
        if tabel.wijken_en_buurten:
            delen += [f"substringof('WK{c[2:]}',{veld})", f"substringof('BU{c[2:]}',{veld})"]
    return " or ".join(delen) if codes else None


def _kies_perioden(tabel: CbsTabel, keys: list[str], peiljaar: int | None) -> list[str] | None:
    """The period keys to fetch (None = all): whole years only when the table has them."""
    if tabel.perioden in (None, "alle") or not keys:
        return None
    jj = [k for k in keys if "JJ" in k] or keys
    jaren = sorted({_jaar(k) for k in jj if _jaar(k) is not pd.NA})
    if not jaren:
        return None
    if tabel.perioden == "laatste":
        gekozen = kies_jaar(pd.DataFrame({"jaar": jaren}), peiljaar) if peiljaar else jaren[-1]
        return [k for k in jj if _jaar(k) == gekozen]
    eind = max([j for j in jaren if peiljaar is None or j <= peiljaar] or [jaren[0]])
    return [k for k in jj if eind - tabel.reeks_jaren < _jaar(k) <= eind]


def _download(tabel: CbsTabel, codes: list[str], peiljaar: int | None, query: dict) -> tuple[pd.DataFrame, dict]:
    """Fetch one table: TableInfos, DataProperties, (period dimension), data set, dimension titles."""
    info = _info(tabel.id)
    props = _eigenschappen(tabel.id)
    dims = [p for p in props if p.get("Type") in DIMENSIE_TYPES]
    dim_namen = [p["Key"] for p in dims]
    topics = {p["Key"]: {"titel": (p.get("Title") or "").strip(), "eenheid": (p.get("Unit") or "").strip()}
              for p in props if p.get("Type") == "Topic"}
    regio = None
    if tabel.regio_dimensie:
        regio = tabel.regio_dimensie if tabel.regio_dimensie in dim_namen else next(
            (p["Key"] for p in dims if p.get("Type") in ("GeoDimension", "GeoDetail")), None)
        if regio != tabel.regio_dimensie:
            log.warning("CBS %s: regiodimensie heet %s, niet %s", tabel.id, regio, tabel.regio_dimensie)
    periode = next((p["Key"] for p in dims if p.get("Type") == "TimeDimension"), None)

    titels: dict[str, list[dict]] = {}
    perioden = None
    if periode and tabel.perioden not in (None, "alle"):
        titels[periode] = _odata(tabel.id, periode)
        perioden = _kies_perioden(tabel, [r["Key"].strip() for r in titels[periode]], peiljaar)
    delen = []
    if regio and codes:
        delen.append(_regio_filter(regio, codes, tabel))
    if perioden:
        delen.append(" or ".join(f"({periode} eq '{k}')" for k in perioden))
    filters = " and ".join(f"({d})" for d in delen) if len(delen) > 1 else (delen[0] if delen else None)
    # $select only when every column of the registry entry was found; else all columns (a renamed
    # topic must not silently vanish; the converter then reports or falls back).
    select = None
    gevonden = {naam: _zoek_kolom(st, topics) for naam, st in tabel.kolommen.items()}
    if gevonden and all(gevonden.values()):
        select = dim_namen + [k for k in topics if k in set(gevonden.values())]
    elif gevonden:
        log.warning("CBS %s: geen kolom gevonden voor %s; alle kolommen worden opgehaald", tabel.id,
                    ", ".join(n for n, k in gevonden.items() if k is None))

    rijen = _odata(tabel.id, "TypedDataSet", filters=filters, select=select)
    df = pd.DataFrame(rijen)
    df = df.drop(columns=[c for c in ("ID",) if c in df.columns])
    for c in df.columns:
        if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
            df[c] = df[c].map(lambda v: v.strip() if isinstance(v, str) else v)
    # Guard: keep only the regions asked (a server that ignored the filter must not leak other rows).
    if regio and codes and regio in df:
        toegestaan = set(codes) | ({tabel.nl_code} if tabel.nederland else set())
        gem = df[regio].astype(str).map(lambda c: c if c[:2] in ("GM", "NL") else "GM" + c[2:6])
        df = df[gem.isin(toegestaan)].reset_index(drop=True)

    # Titles of the dimension categories that occur (region dimension filtered at the server too).
    for d in dim_namen:
        if d not in df.columns or d in titels:
            continue
        if d == regio and codes:
            try:
                titels[d] = _odata(tabel.id, d, filters=_regio_filter("Key", codes, tabel))
            except _CbsFout:
                titels[d] = _odata(tabel.id, d)
        else:
            titels[d] = _odata(tabel.id, d)
    dimensies = {}
    for d, lijst in titels.items():
        aanwezig = set(df[d].astype(str)) if d in df.columns else set()
        dimensies[d] = {r["Key"].strip(): (r.get("Title") or "").strip() for r in lijst
                        if r["Key"].strip() in aanwezig}

    if regio and codes and regio in df:
        gevonden_codes = {"GM" + c[2:6] for c in df[regio].astype(str) if c[:2] in ("GM", "WK", "BU")}
        ontbreekt = [c for c in codes if c not in gevonden_codes]
        if ontbreekt and tabel.alle_gemeenten:
            warnings.warn(f"CBS {tabel.id}: geen gegevens voor {', '.join(ontbreekt)} (andere gemeentelijke "
                          "indeling in deze tabel?).", CbsWaarschuwing, stacklevel=3)

    meta = {
        "tabel": tabel.id,
        "titel": (info.get("Title") or tabel.titel or "").strip(),
        "gewijzigd": info.get("Modified") or "",
        "periode_cbs": info.get("Period") or "",
        "query": {**query, "filters": filters, "select": select, "perioden": perioden},
        "opgehaald": _nu().isoformat(timespec="seconds"),
        "rijen": int(len(df)),
        "regio_dimensie": regio,
        "periode_dimensie": periode,
        "dimensie_namen": dim_namen,
        "dimensies": dimensies,
        "onderwerpen": topics,
        "jaar": tabel.jaar,
        "cbsodata": getattr(cbsodata, "__version__", ""),
    }
    return df, meta


# --------------------------------------------------------------------------------------------------
# cache
# --------------------------------------------------------------------------------------------------

def standaard_cache_dir() -> Path:
    """``data/cache/cbs`` under the project root (``wzlib.paden``)."""
    return paden.cache_cbs(paden.projectmap())


def _nu() -> datetime:
    return datetime.now(timezone.utc)


def _leeftijd_dagen(meta: dict) -> float:
    try:
        t = datetime.fromisoformat(meta["opgehaald"])
    except (KeyError, ValueError):
        return float("inf")
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return (_nu() - t).total_seconds() / 86400


def _query(tabel: CbsTabel, codes: list[str], peiljaar: int | None) -> dict:
    """What identifies a cached result: table, gemeenten (when filtered by region), peiljaar (when the
    period depends on it)."""
    return {"tabel": tabel.sleutel,
            "gemeenten": codes if tabel.regio_dimensie else [],
            "peiljaar": peiljaar if tabel.perioden in ("laatste", "reeks") else None}


def _paden(cache_dir: Path, query: dict) -> tuple[Path, Path]:
    h = hashlib.sha1(json.dumps(query, sort_keys=True).encode()).hexdigest()[:12]
    stam = f"{query['tabel']}_{h}"
    return cache_dir / f"{stam}.parquet", cache_dir / f"{stam}.json"


def _lees(pq: Path, js: Path) -> tuple[pd.DataFrame, dict] | None:
    if not (pq.exists() and js.exists()):
        return None
    try:
        return pd.read_parquet(pq), json.loads(js.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        log.warning("CBS-cache %s onleesbaar: %s", pq, e)
        return None


def _zoek_in_cache(cache_dir: Path, query: dict) -> tuple[pd.DataFrame, dict] | None:
    """The cached result for ``query``; else a cached result of the same table and peiljaar for more
    gemeenten (e.g. the whole regio fetched by ``wz data fetch``), cut down to the gemeenten asked."""
    exact = _lees(*_paden(cache_dir, query))
    if exact is not None:
        return exact
    if not cache_dir.is_dir():
        return None
    for js in sorted(cache_dir.glob(f"{query['tabel']}_*.json")):
        try:
            meta = json.loads(js.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        q = meta.get("query", {})
        if q.get("peiljaar") != query["peiljaar"] or not set(query["gemeenten"]) <= set(q.get("gemeenten", [])):
            continue
        gelezen = _lees(js.with_suffix(".parquet"), js)
        if gelezen is None:
            continue
        df, meta = gelezen
        regio = meta.get("regio_dimensie")
        if regio and regio in df and query["gemeenten"]:
            gem = df[regio].astype(str).map(lambda c: c if c[:2] in ("GM", "NL") else "GM" + c[2:6])
            df = df[gem.isin(set(query["gemeenten"])) | gem.str.startswith("NL")].reset_index(drop=True)
        return df, {**meta, "rijen": int(len(df))}
    return None


def _schrijf(cache_dir: Path, query: dict, df: pd.DataFrame, meta: dict) -> None:
    pq, js = _paden(cache_dir, query)
    atomair_schrijven(pq, lambda p: df.to_parquet(p, index=False))
    atomair_tekst(js, json.dumps(meta, ensure_ascii=False, indent=1, default=str))


def _melding(tabel: CbsTabel, regio_slug: str, reden: str, cache_dir: Path) -> str:
    titel = f" ('{tabel.titel}')" if tabel.titel else ""
    return (f"CBS-tabel {tabel.id}{titel} is niet beschikbaar: {reden}, en er staat geen kopie in de cache "
            f"({cache_dir}). Haal de CBS-gegevens op (met internet) met:\n"
            f"    wz data fetch --regio {regio_slug}")


def _haal_op(tabel_id: str, gemeenten: list[str], *, cache_dir, vernieuwen: bool, max_leeftijd_dagen: float | None,
             regio_slug: str, peiljaar: int | None, alleen_cache: bool) -> tuple[pd.DataFrame, dict, str]:
    tabel = _tabel(tabel_id)
    cache_dir = Path(cache_dir) if cache_dir is not None else standaard_cache_dir()
    codes = _controleer_codes(gemeenten) if tabel.regio_dimensie else []
    query = _query(tabel, codes, peiljaar)
    cached = _zoek_in_cache(cache_dir, query)
    if cached is not None and not vernieuwen:
        oud = max_leeftijd_dagen is not None and _leeftijd_dagen(cached[1]) > max_leeftijd_dagen
        if not oud or alleen_cache:
            return cached[0], cached[1], "cache"
    if alleen_cache:
        raise GegevensOntbreken(_melding(tabel, regio_slug, "alleen de cache mag worden gebruikt", cache_dir))
    try:
        df, meta = _download(tabel, codes, peiljaar, query)
    except (_Onbereikbaar, _CbsFout) as e:
        reden = ("CBS is niet bereikbaar (geen netwerkverbinding, of opendata.cbs.nl reageert niet)"
                 if isinstance(e, _Onbereikbaar)
                 else f"CBS gaf een fout ({_kort(e)})")
        if cached is not None:
            warnings.warn(f"CBS-tabel {tabel.id}: {reden}; de kopie in de cache van "
                          f"{cached[1].get('opgehaald', '?')[:10]} ({_leeftijd_dagen(cached[1]):.0f} dagen oud) "
                          "wordt gebruikt.", CbsWaarschuwing, stacklevel=3)
            return cached[0], cached[1], "verouderd"
        raise GegevensOntbreken(_melding(tabel, regio_slug, reden, cache_dir)) from e
    _schrijf(cache_dir, query, df, meta)
    return df, meta, "opgehaald"


def _kort(e: Exception) -> str:
    t = str(e).splitlines()[0] if str(e) else type(e).__name__
    return t if len(t) < 160 else t[:157] + "..."


# --------------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------------

def haal_op(tabel_id: str, gemeenten: list[str], *, cache_dir: str | Path | None = None, vernieuwen: bool = False,
            max_leeftijd_dagen: float | None = None, regio_slug: str = "<regio>", peiljaar: int | None = None,
            alleen_cache: bool = False) -> tuple[pd.DataFrame, dict]:
    """Raw rows of CBS table ``tabel_id`` for ``gemeenten`` (plus Nederland) and the sidecar dict.

    Rows are filtered at CBS (``$filter`` on the region dimension and, per the registry, on the period:
    the latest year <= ``peiljaar`` or a series of years up to it); dimension values are CBS *keys*
    stripped of padding (``GM0402``, ``2024JJ00``, ``T001038``). The sidecar holds table id, title,
    CBS ``Modified`` (``gewijzigd``), the query (filters/select), ``opgehaald`` (ISO), the dimension
    titles of the keys present (``dimensies``) and topic titles/units (``onderwerpen``).

    A cached result is used without any request unless ``vernieuwen`` or it is older than
    ``max_leeftijd_dagen`` (None: never too old). Refresh failing → stale cache with a
    ``CbsWaarschuwing``; nothing cached → ``GegevensOntbreken`` naming the table and ``wz data fetch``.
    ``alleen_cache=True`` never touches the network.
    """
    df, meta, _ = _haal_op(tabel_id, gemeenten, cache_dir=cache_dir, vernieuwen=vernieuwen,
                           max_leeftijd_dagen=max_leeftijd_dagen, regio_slug=regio_slug, peiljaar=peiljaar,
                           alleen_cache=alleen_cache)
    return df, meta


def _periode_tekst(naam: str, df: pd.DataFrame) -> str:
    if df.empty or "jaar" not in df:
        return ""
    jaren = sorted(int(j) for j in df["jaar"].dropna().unique())
    if not jaren:
        return ""
    if naam == "gemeenten":
        return f"indeling {jaren[-1]}"
    if len(jaren) == 1:
        return f"1 januari {jaren[0]}" if naam != "wijken" else f"editie {jaren[0]}"
    return f"{jaren[0]}-{jaren[-1]}"


def laad_gegevens(gemeenten: list[str], *, cache_dir: str | Path | None = None, peiljaar: int, regio_slug: str,
                  alleen_cache: bool = False, max_leeftijd_dagen: float | None = None) -> Gegevens:
    """The canonical tables from CBS for ``gemeenten`` (plus NL00 rows where the table has Nederland).

    bevolking + gemeenten (03759ned) are required: not available → ``GegevensOntbreken``. The others
    (huishoudens 71486ned, huishoudens_leeftijd 71488ned, wijken + woningen from the Kerncijfers wijken en
    buurten edition for the peiljaar, woningen completed from 82900NED, bevolkingsontwikkeling 37230ned)
    are optional: not available → ``CbsWaarschuwing`` and an empty canonical table. ``alleen_cache``:
    never touch the network (what notebooks use after ``wz data fetch``).
    """
    codes = _controleer_codes(gemeenten)
    delen: dict[str, list[tuple[pd.DataFrame, dict]]] = {}
    for tabel_id, verplicht in _plan(peiljaar):
        tabel = REGISTRY[tabel_id]
        try:
            rows, meta = haal_op(tabel_id, codes, cache_dir=cache_dir, regio_slug=regio_slug, peiljaar=peiljaar,
                                 alleen_cache=alleen_cache, max_leeftijd_dagen=max_leeftijd_dagen)
            omgezet = tabel.converteer(rows, meta)
        except GegevensOntbreken as e:
            if verplicht:
                raise
            warnings.warn(f"{e}\nDe tabel(len) {', '.join((tabel.canoniek, *tabel.ook))} blijven leeg.",
                          CbsWaarschuwing, stacklevel=2)
            continue
        for naam, df in omgezet.items():
            if "gemeentecode" in df:
                df = df[df["gemeentecode"].isin(set(codes) | {NEDERLAND})].reset_index(drop=True)
            delen.setdefault(naam, []).append((df, meta))

    g = Gegevens()
    for naam in SCHEMAS:
        stukken = delen.get(naam, [])
        if naam == "woningen" and len(stukken) > 1:
            df = _combineer_woningen(stukken)
        elif stukken:
            df = stukken[0][0]
        else:
            df = lege_tabel(naam)
        g.tabellen[naam] = df
        if stukken:
            metas = [m for _, m in stukken]
            g.herkomst[naam] = Herkomst(
                tabel=naam, soort="cbs", bron="CBS " + ", ".join(m["tabel"] for m in metas),
                titel="; ".join(m.get("titel", "") for m in metas), periode=_periode_tekst(naam, df),
                opgehaald=min(m.get("opgehaald", "") for m in metas),
                gewijzigd=max(m.get("gewijzigd", "") for m in metas))
    if "gemeenten" in g.herkomst and "bevolking" in g.herkomst:
        jaar = g.herkomst["bevolking"].periode.rsplit(" ", 1)[-1]
        g.herkomst["gemeenten"] = replace(g.herkomst["gemeenten"], periode=f"indeling {jaar}")
    if g.tabellen["bevolking"].empty:
        raise GegevensOntbreken(f"CBS 03759ned gaf geen bevolking voor {', '.join(codes)}; controleer de "
                                f"gemeentecodes (indeling van het peiljaar {peiljaar}).")
    return g


def extra_tabel(tabel_id: str, gemeenten: list[str], *, cache_dir: str | Path | None = None,
                peiljaar: int | None = None, regio_slug: str = "<regio>", alleen_cache: bool = False,
                max_leeftijd_dagen: float | None = None) -> pd.DataFrame:
    """Tidy frame of a table without canonical schema (86050NED Wmo, 85173NED prognose-intervallen,
    37360ned sterftekansen; see ``REGISTRY[id].geeft``). ``df.attrs['herkomst']`` holds its Herkomst."""
    tabel = _tabel(tabel_id)
    if tabel.sleutel not in EXTRA_TABELLEN:
        raise KeyError(f"{tabel_id} is geen extra tabel; kies uit {', '.join(EXTRA_TABELLEN)} "
                       "(canonieke tabellen komen uit laad_gegevens).")
    rows, meta = haal_op(tabel.id, gemeenten, cache_dir=cache_dir, peiljaar=peiljaar, regio_slug=regio_slug,
                         alleen_cache=alleen_cache, max_leeftijd_dagen=max_leeftijd_dagen)
    df = tabel.converteer(rows, meta)[tabel.sleutel]
    if "gemeentecode" in df and tabel.regio_dimensie:
        df = df[df["gemeentecode"].isin(set(_controleer_codes(gemeenten)) | {NEDERLAND})].reset_index(drop=True)
    df.attrs["herkomst"] = Herkomst(tabel=tabel.sleutel, soort="cbs", bron=f"CBS {tabel.id}",
                                    titel=meta.get("titel", ""), periode=_periode_tekst(tabel.sleutel, df),
                                    opgehaald=meta.get("opgehaald", ""), gewijzigd=meta.get("gewijzigd", ""))
    return df


def prognose_tabellen(codes: list[str], *, cache_dir: str | Path | None, peiljaar: int, regio_slug: str,
                      alleen_cache: bool) -> tuple[pd.DataFrame | None, pd.DataFrame | None, list[str]]:
    """The CBS life table (37360ned) and the regional prognosis intervals (85173NED) for the prognose step:
    online for a CBS regio, else (``alleen_cache``) only from the CBS cache. Returns (sterfte, totalen,
    meldingen); a table that is not available is None and a Dutch line in ``meldingen`` says why."""
    meldingen: list[str] = []
    uit: dict[str, pd.DataFrame | None] = {}
    for tabel, naam in (("37360ned", "sterftetafel"), ("85173NED", "regionale prognose-intervallen")):
        try:
            df = extra_tabel(tabel, list(codes), cache_dir=cache_dir, peiljaar=peiljaar, regio_slug=regio_slug,
                             alleen_cache=alleen_cache)
            uit[tabel] = df if df is not None and len(df) else None
            if uit[tabel] is None:
                meldingen.append(f"CBS {tabel} ({naam}) gaf geen gegevens.")
        except Exception as e:  # noqa: BLE001 - any failure means: not available, say so
            uit[tabel] = None
            if alleen_cache:
                reden = "niet in de CBS-cache (deze regio haalt zelf geen CBS-tabellen op)"
            else:
                reden = re.sub(r"\s*\([^()]*[/\\][^()]*\)", "", str(e).splitlines()[0] if str(e) else "")
                reden = reden[:200] or type(e).__name__
            meldingen.append(f"CBS {tabel} ({naam}) niet beschikbaar: {reden}.")
    return uit["37360ned"], uit["85173NED"], meldingen


def vul_cache(gemeenten: list[str], *, cache_dir: str | Path | None = None, peiljaar: int, regio_slug: str,
              vernieuwen: bool = False, max_leeftijd_dagen: float | None = None) -> list[dict]:
    """Fetch every table ``laad_gegevens`` and ``extra_tabel`` need into the cache (``wz data fetch``).

    Returns one dict per table: ``id``, ``titel``, ``rows``, ``status`` (``opgehaald`` | ``cache`` (fresh
    copy kept) | ``verouderd`` (CBS unreachable, old copy kept) | ``fout``) and ``melding``.
    """
    codes = _controleer_codes(gemeenten)
    uit = []
    for tabel_id in [t for t, _ in _plan(peiljaar)] + list(EXTRA_TABELLEN):
        tabel = REGISTRY[tabel_id]
        regel = {"id": tabel.id, "titel": tabel.titel, "rows": 0, "status": "fout", "melding": ""}
        try:
            with warnings.catch_warnings(record=True) as gezien:
                warnings.simplefilter("always", CbsWaarschuwing)
                df, meta, status = _haal_op(tabel_id, codes, cache_dir=cache_dir, vernieuwen=vernieuwen,
                                            max_leeftijd_dagen=max_leeftijd_dagen, regio_slug=regio_slug,
                                            peiljaar=peiljaar, alleen_cache=False)
            regel.update(titel=meta.get("titel") or tabel.titel, rows=int(len(df)), status=status,
                         melding=" ".join(str(w.message) for w in gezien))
        except GegevensOntbreken as e:
            regel["melding"] = str(e)
        uit.append(regel)
    return uit


def cache_status(cache_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per cached CBS result (``wz data status``): tabel, titel, gemeenten, peiljaar, query
    (the ``$filter``), rijen, opgehaald, leeftijd_dagen, cbs_gewijzigd, bestand; oldest first."""
    cache_dir = Path(cache_dir) if cache_dir is not None else standaard_cache_dir()
    kol = ["tabel", "titel", "gemeenten", "peiljaar", "query", "rijen", "opgehaald", "leeftijd_dagen",
           "cbs_gewijzigd", "bestand"]
    regels = []
    for js in sorted(cache_dir.glob("*.json")) if cache_dir.is_dir() else []:
        try:
            meta = json.loads(js.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        q = meta.get("query", {})
        regels.append({"tabel": meta.get("tabel"), "titel": meta.get("titel", ""),
                       "gemeenten": ", ".join(q.get("gemeenten", [])), "peiljaar": q.get("peiljaar"),
                       "query": q.get("filters") or "", "rijen": meta.get("rijen"),
                       "opgehaald": meta.get("opgehaald", ""),
                       "leeftijd_dagen": round(_leeftijd_dagen(meta), 1), "cbs_gewijzigd": meta.get("gewijzigd", ""),
                       "bestand": js.with_suffix(".parquet").name})
    df = pd.DataFrame(regels, columns=kol)
    df["peiljaar"] = df["peiljaar"].astype("Int64")
    return df.sort_values(["tabel", "opgehaald"]).reset_index(drop=True) if len(df) else df
