"""Monitoring (kaart 5): what moved since an earlier analysis and why, and the long trends.

* :func:`verschillen`: the figures of one gemeente that differ between an earlier snapshot and the current
  run (:mod:`wzlib.momentopname`), by how much, and the cause read from the fingerprints
  (:func:`oorzaken`): a new data year, a changed parameter (named, old → new), a new or changed local
  input file (named), a new toolkit version. A figure that disclosure control hides in either run
  (a count ``0 < x < drempel``) is not shown in a difference either.
* :func:`trends`: population and the 65+/75+/85+ groups over every year the sources hold, for the
  gemeente and the regio, with an index (first year = 100).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from . import catalogus as T
from . import paden
from .momentopname import Momentopname, stap_van
from .presentatie.afscherming import Regels
from .stappen import STAPPEN

#: Columns of kind "aandeel" move when they differ by at least this (0.05 percentage point).
MIN_AANDEEL = 0.0005
SOORT_OORZAAK = ("datajaar", "parameter", "lokale invoer", "brongegevens", "rekenwijze", "onbekend")
LEEFTIJDEN = {"65+": 65, "75+": 75, "85+": 85}


def _json(v: Any) -> str:
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, default=str)


def _plat(waarde: Any, pad: str, uit: dict[str, Any]) -> None:
    if isinstance(waarde, dict) and waarde:
        for k, v in waarde.items():
            _plat(v, f"{pad}.{k}", uit)
    else:
        uit[pad] = waarde


def parameter_verschillen(oud: Mapping[str, Any], nieuw: Mapping[str, Any], sleutels: Sequence[str]) -> list[str]:
    """'spreiding.termijn_jaren: 10 → 15' for every leaf under ``sleutels`` that differs."""
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    for k in sleutels:
        _plat(oud.get(k), k, a)
        _plat(nieuw.get(k), k, b)
    leeg = "(niet ingesteld)"
    return [f"parameter {k}: {leeg if a.get(k) is None else _json(a.get(k))} → "
            f"{leeg if b.get(k) is None else _json(b.get(k))}"
            for k in sorted(set(a) | set(b)) if _json(a.get(k)) != _json(b.get(k))]


def _bestanden(oud: Mapping[str, str], nieuw: Mapping[str, str]) -> list[str]:
    uit = []
    for f in sorted(set(oud) | set(nieuw)):
        if f not in oud:
            uit.append(f"{f} (nieuw)")
        elif f not in nieuw:
            uit.append(f"{f} (verwijderd)")
        elif oud[f] != nieuw[f]:
            uit.append(f"{f} (gewijzigd)")
    return uit


def oorzaken(oud: Momentopname, nieuw: Momentopname, sleutel: str, _gezien: set[str] | None = None
             ) -> list[tuple[str, str]]:
    """Why the results of step ``sleutel`` (``<wie>/<notebook>``) differ: (soort, tekst) pairs, from the
    parts of the two fingerprints, followed into the steps it reads."""
    gezien = set() if _gezien is None else _gezien
    if sleutel in gezien:
        return []
    gezien.add(sleutel)
    so, sn = oud.stappen.get(sleutel), nieuw.stappen.get(sleutel)
    if not so or not sn:
        return [("onbekend", f"{sleutel.split('/', 1)[1]} staat niet in beide analyses")]
    if so.get("fingerprint") == sn.get("fingerprint"):
        return []
    stap = stap_van(sleutel)
    wie = sleutel.split("/", 1)[0]
    do, dn = so.get("onderdelen") or {}, sn.get("onderdelen") or {}
    jo, jn = oud.meta.get("datajaren", {}).get(sleutel, {}), nieuw.meta.get("datajaren", {}).get(sleutel, {})
    jaren = [f"nieuw datajaar {t}: {jo.get(t) or '?'} → {jn.get(t) or '?'}"
             for t in sorted(set(jo) & set(jn)) if jo.get(t) != jn.get(t)]
    uit: list[tuple[str, str]] = [("datajaar", t) for t in jaren]
    for deel in [*do, *[k for k in dn if k not in do]]:
        if do.get(deel) == dn.get(deel):
            continue
        if deel in ("notebook", "wzlib"):
            uit.append(("rekenwijze", f"nieuwe versie van de toolkit (rekenwijze van {stap.naam if stap else deel})"))
        elif deel == "regio":
            tekst = parameter_verschillen(oud.meta.get("parameters", {}), nieuw.meta.get("parameters", {}),
                                          stap.alle_parameters if stap else [])
            uit += [("datajaar", t.removeprefix("parameter ").replace(":", "", 1)) if t.startswith("parameter peiljaar:")
                    else ("parameter", t) for t in tekst] or [("parameter", "regio-instellingen gewijzigd")]
        elif deel == "parameters":
            po, pn = so.get("peiljaar", oud.meta.get("peiljaar")), sn.get("peiljaar", nieuw.meta.get("peiljaar"))
            uit.append(("datajaar", f"peiljaar {po} → {pn}") if po != pn else ("parameter", "notebookparameters gewijzigd"))
        elif deel == "bron":
            if not jaren:
                f = _bestanden(oud.meta.get("invoer", {}).get("bron", {}), nieuw.meta.get("invoer", {}).get("bron", {}))
                uit.append(("brongegevens", "brongegevens gewijzigd" + (f": {', '.join(f[:5])}" if f else "")))
        elif deel in ("lokaal", "kengetallen", "reacties"):
            f = _bestanden(oud.meta.get("invoer", {}).get(deel, {}), nieuw.meta.get("invoer", {}).get(deel, {}))
            uit += [("lokale invoer", f"lokale invoer {x}") for x in f] or [("lokale invoer", f"{deel} gewijzigd")]
        elif deel.startswith("na:"):
            dep = deel[3:]
            uit += oorzaken(oud, nieuw, dep if "/" in dep else f"{wie}/{dep}", gezien)
    return list(dict.fromkeys(uit)) or [("onbekend", "fingerprint gewijzigd, oorzaak niet na te gaan")]


def _label(rij: pd.Series, sleutels: Sequence[str]) -> str:
    return " · ".join(f"{k} {rij[k]}" for k in sleutels) or "gemeente"


def _leeg(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def verschillen(oud: Momentopname, nieuw: Momentopname, gemeente: str, tabellen: Sequence[str], regels: Regels,
                minimaal: float = 0.5) -> pd.DataFrame:
    """The figures of ``gemeente`` in ``tabellen`` that moved between ``oud`` and ``nieuw`` (schema
    :data:`wzlib.catalogus.MONITOR_VERSCHILLEN`). Counts under the disclosure threshold in either
    run are suppressed in the difference too (``afgeschermd``, values left empty)."""
    rijen = []
    for naam in tabellen:
        t = T.tabel(naam)
        wie = gemeente if t.scope == "gemeente" else paden.REGIO
        a, b = oud.tabel(wie, naam), nieuw.tabel(wie, naam)
        if a is None or b is None or not t.sleutel:
            continue
        if "gemeentecode" in t.kolomnamen:
            a = a[a["gemeentecode"] == gemeente] if "gemeentecode" in a else a.iloc[0:0]
            b = b[b["gemeentecode"] == gemeente] if "gemeentecode" in b else b.iloc[0:0]
        sleutels = [k for k in t.sleutel if k != "gemeentecode" and k in a and k in b]
        waarden = [k for k in t.kolommen if k.soort in ("getal", "aandeel", "int") and k.naam not in sleutels
                   and k.naam in a and k.naam in b]
        if not waarden:
            continue
        if sleutels:
            m = a.merge(b, on=sleutels, how="inner", suffixes=("_oud", "_nieuw"))
        else:  # one row per gemeente (e.g. woningvoorraad)
            m = a.head(1).assign(_k=1).merge(b.head(1).assign(_k=1), on="_k", suffixes=("_oud", "_nieuw"))
        stapsleutel = f"{wie}/{STAPPEN[t.stap].notebook}"
        oorzaak: list[tuple[str, str]] | None = None
        for _, r in m.iterrows():
            for k in waarden:
                vo, vn = r[f"{k.naam}_oud"], r[f"{k.naam}_nieuw"]
                vo = None if _leeg(vo) else float(vo)
                vn = None if _leeg(vn) else float(vn)
                if vo is None and vn is None:
                    continue
                drempel = MIN_AANDEEL if k.soort == "aandeel" else minimaal
                if vo is not None and vn is not None and abs(vn - vo) < max(drempel, 1e-12):
                    continue
                if oorzaak is None:
                    oorzaak = oorzaken(oud, nieuw, stapsleutel)
                klein = k.soort != "aandeel" and any(v is not None and 0 < abs(v) < regels.drempel_kwetsbaar
                                                     for v in (vo, vn))
                verschil = None if vo is None or vn is None else vn - vo
                rijen.append({
                    "gemeentecode": gemeente, "tabel": naam, "cijfer": _label(r, sleutels), "kolom": k.naam,
                    "soort": k.soort if k.soort == "aandeel" else "aantal",
                    "oud": None if klein else vo, "nieuw": None if klein else vn,
                    "verschil": None if klein else verschil,
                    "relatief": None if klein or verschil is None or not vo else verschil / abs(vo),
                    "afgeschermd": klein,
                    "soort_oorzaak": ", ".join(dict.fromkeys(s for s, _ in oorzaak)),
                    "oorzaak": "; ".join(x for _, x in oorzaak),
                })
    df = pd.DataFrame(rijen, columns=T.MONITOR_VERSCHILLEN.kolomnamen)
    for k in ("oud", "nieuw", "verschil", "relatief"):
        df[k] = pd.to_numeric(df[k], errors="coerce").astype("float64")
    df["afgeschermd"] = df["afgeschermd"].astype(bool)
    return df


def samenvatting_oorzaken(df: pd.DataFrame) -> pd.DataFrame:
    """Per cause: how many figures moved (the conclusion of the monitoring report)."""
    if df.empty:
        return pd.DataFrame(columns=["oorzaak", "cijfers", "tabellen"])
    delen = df.assign(oorzaak=df["oorzaak"].str.split("; ")).explode("oorzaak")
    g = delen.groupby("oorzaak", sort=False).agg(cijfers=("kolom", "size"),
                                                  tabellen=("tabel", lambda s: ", ".join(dict.fromkeys(s))))
    return g.reset_index().sort_values("cijfers", ascending=False, kind="stable").reset_index(drop=True)


# --- trends ---------------------------------------------------------------------------------------------
def _ouderen_per_jaar(bevolking: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """Persons aged 65+/75+/85+ and all ages per gemeente and year from the bevolking table (five-year classes)."""
    b = bevolking[bevolking["gemeentecode"].isin(codes)]
    if b.empty:
        return pd.DataFrame(columns=["gemeentecode", "jaar", "reeks", "aantal", "bron"])
    tot = b[b["geslacht"] == "totaal"]
    if tot.empty:
        tot = b[b["geslacht"].isin(["man", "vrouw"])]
    delen = []
    for reeks, van in {"inwoners": 0, **LEEFTIJDEN}.items():
        s = tot[tot["leeftijd_van"] >= van].groupby(["gemeentecode", "jaar"], as_index=False).agg(
            aantal=("aantal", lambda x: x.sum(min_count=1)), bron=("bron", "first"))
        delen.append(s.assign(reeks=reeks))
    return pd.concat(delen, ignore_index=True)


def trends(bevolkingsontwikkeling: pd.DataFrame | None, bevolking: pd.DataFrame | None, codes: Sequence[str],
           gemeente: str) -> pd.DataFrame:
    """Population (1 January) and 65+/75+/85+ per year for ``gemeente`` and the regio (``codes``), every
    year the sources hold (schema :data:`wzlib.catalogus.TRENDS`). Inwoners come from the
    bevolkingsontwikkeling (37230ned) where it has the year, else from the bevolking table. The regio
    figure of a year is left empty (unknown) when a gemeente of the regio has no figure that year."""
    delen = []
    if bevolking is not None and len(bevolking):
        delen.append(_ouderen_per_jaar(bevolking, codes))
    if bevolkingsontwikkeling is not None and len(bevolkingsontwikkeling):
        o = bevolkingsontwikkeling[bevolkingsontwikkeling["gemeentecode"].isin(codes)]
        o = o.rename(columns={"bevolking_1jan": "aantal"})[["gemeentecode", "jaar", "aantal", "bron"]]
        o = o[o["aantal"].notna()].assign(reeks="inwoners")
        if delen:  # the development file wins for the years it holds
            oud = delen[0]
            dubbel = oud["reeks"].eq("inwoners") & oud.set_index(["gemeentecode", "jaar"]).index.isin(
                o.set_index(["gemeentecode", "jaar"]).index)
            delen[0] = oud[~dubbel]
        delen.append(o)
    kol = T.TRENDS.kolomnamen
    if not delen:
        return pd.DataFrame(columns=kol)
    alles = pd.concat(delen, ignore_index=True)
    alles["jaar"] = alles["jaar"].astype(int)
    alles["aantal"] = pd.to_numeric(alles["aantal"], errors="coerce")
    n = len(codes)
    regio = alles.groupby(["reeks", "jaar"]).agg(regio_aantal=("aantal", lambda x: x.sum(min_count=1)),
                                                  aanwezig=("aantal", "count")).reset_index()
    regio.loc[regio["aanwezig"] < n, "regio_aantal"] = float("nan")
    g = alles[alles["gemeentecode"] == gemeente].merge(regio[["reeks", "jaar", "regio_aantal"]],
                                                        on=["reeks", "jaar"], how="left")
    volgorde = {r: i for i, r in enumerate(["inwoners", *LEEFTIJDEN])}
    g = g.sort_values(["reeks", "jaar"], key=lambda s: s.map(volgorde) if s.name == "reeks" else s)

    def index(s: pd.Series) -> pd.Series:
        basis = s.dropna()
        return s / basis.iloc[0] * 100 if len(basis) and basis.iloc[0] else s * float("nan")

    g["index"] = g.groupby("reeks")["aantal"].transform(index)
    g["regio_index"] = g.groupby("reeks")["regio_aantal"].transform(index)
    g["gemeentecode"] = gemeente
    return g[kol].reset_index(drop=True).astype({"jaar": "int64", "aantal": "float64", "regio_aantal": "float64",
                                                  "index": "float64", "regio_index": "float64"})
