"""Stap 5 for the whole regio — what the report shows: the gaps of the gemeenten side by side, the urgent
share per gemeente and the summary in words, built from :mod:`wzlib.confrontatie_regio`. A gemeente
without results is named in every table ("(ontbreekt)") and in the summary."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from .confrontatie_regio import Regioresultaten, _som_heel
from .confrontatie_tekst import overzicht, overzicht_patroon, telkolommen
from .groepen import WOONVORMEN
from .params import HORIZON
from .presentatie.afscherming import Afscherming, Regels, afschermen
from .presentatie.getallen import nl_getal, tekst_getal
from .veilig import md_tekst

REGIO_LABEL = "Regio"


def kolomnaam(code: str, r: Regioresultaten) -> str:
    """A gemeente's column header; '(ontbreekt)' for a gemeente without results."""
    return r.namen[code] + (" (ontbreekt)" if code in r.zonder_resultaat else "")


def tekort_per_gemeente(r: Regioresultaten, *, jaar: int, variant: str = "midden") -> pd.DataFrame:
    """Display table: per woonvorm (rows) the gap after plans (+ = tekort, − = overschot) of each gemeente in
    ``jaar`` (columns) and the regio (the sum of the gemeenten' whole numbers). Woonvormen without any
    figure that year are left out."""
    conf = r.confrontatie
    d = conf[(conf["jaar"] == jaar) & (conf["variant"] == variant)] if not conf.empty else conf
    kolommen = ["Woonvorm", "Eenheid", *(kolomnaam(c, r) for c in r.namen), REGIO_LABEL]
    rijen = []
    for wv, info in WOONVORMEN.items():
        w = d[d["woonvorm"] == wv] if not d.empty else d
        per = w.groupby("gemeentecode")["tekort_met_plan"].sum(min_count=1) if not w.empty else pd.Series(dtype=float)
        if per.notna().sum() == 0:
            continue
        rij: dict[str, Any] = {"Woonvorm": info.label, "Eenheid": info.eenheid}
        for code in r.namen:
            rij[kolomnaam(code, r)] = float(per.get(code, math.nan))
        rij[REGIO_LABEL] = _som_heel(per)
        rijen.append(rij)
    return pd.DataFrame(rijen, columns=kolommen)


def per_1000_inwoners(per_gemeente: pd.DataFrame, inwoners: pd.DataFrame, r: Regioresultaten, *, klein: int = 10,
                      marker: str = "<10", masker: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`tekort_per_gemeente` per 1.000 inhabitants (``inwoners``: gemeentecode, inwoners), so gemeenten of
    different size compare; the regio over the inhabitants of the gemeenten with a figure. A rate whose count
    is small (``0 < |n| < klein``) is not shown (``marker``): it would reveal the suppressed count. The rates
    come as Dutch text with one decimal (missing: empty), ready for ``tabel``. ``masker``: the suppression
    pattern of the table of counts (primary and secondary); a rate of a hidden count is hidden too."""
    inw = inwoners.set_index("gemeentecode")["inwoners"].astype("float64")
    kol = {kolomnaam(c, r): c for c in r.namen}
    uit = per_gemeente[["Woonvorm", "Eenheid"]].copy()
    for k, code in kol.items():
        n = per_gemeente[k].astype("float64")
        rate = 1000 * n / float(inw.get(code, math.nan))
        uit[k] = [marker if 0 < abs(x) < klein else (math.nan if pd.isna(y) else nl_getal(y, 1))
                  for x, y in zip(n, rate)]
    noemer = [sum(float(inw.get(code, math.nan)) for k, code in kol.items() if not pd.isna(rij[k]))
              for _, rij in per_gemeente.iterrows()]
    uit[REGIO_LABEL] = [nl_getal(1000 * float(t) / d, 1) if d and not pd.isna(t) else math.nan
                        for t, d in zip(per_gemeente[REGIO_LABEL], noemer)]
    if masker is not None:
        for k in [*kol, REGIO_LABEL]:
            if k in masker.columns:
                weg = masker[k].reindex(uit.index).fillna(False).astype(bool) & uit[k].notna()
                if weg.any():
                    uit[k] = uit[k].astype(object)
                    uit.loc[weg, k] = marker
    return uit


def tekort_lang(r: Regioresultaten, woonvorm: str, *, jaar: int, variant: str = "midden") -> pd.DataFrame:
    """Chart data for one woonvorm: per gemeente the gap after plans in ``jaar`` (columns gemeente, tekort),
    largest gap first; a gemeente without a figure is listed with an empty value (so it is not silently
    left out of the chart)."""
    conf = r.confrontatie
    d = conf[(conf["jaar"] == jaar) & (conf["variant"] == variant) & (conf["woonvorm"] == woonvorm)] \
        if not conf.empty else conf
    per = d.groupby("gemeentecode")["tekort_met_plan"].sum(min_count=1) if not d.empty else pd.Series(dtype=float)
    uit = pd.DataFrame({"gemeente": [kolomnaam(c, r) for c in r.namen],
                        "tekort": [float(per.get(c, math.nan)) for c in r.namen]})
    return uit.sort_values("tekort", ascending=False, kind="stable", na_position="last").reset_index(drop=True)


def urgentie_per_gemeente(r: Regioresultaten, regio: pd.DataFrame, *, jaar: int) -> pd.DataFrame:
    """Display table of the urgent share in ``jaar``: per gemeente demand, lettings, share and norm; the last
    row is the regio (:func:`wzlib.confrontatie_regio.urgentie_regio`)."""
    kol = ["Gemeente", "Vraag urgenten per jaar", "Vrijkomende sociale huurwoningen", "Aandeel naar urgenten",
           "Norm", "Boven de norm"]
    u = r.urgentie
    d = u[u["jaar"] == jaar] if not u.empty else u
    rijen = []
    for code in r.namen:
        x = d[d["gemeentecode"] == code] if not d.empty else d
        if x.empty:
            rijen.append({"Gemeente": kolomnaam(code, r), "Vraag urgenten per jaar": math.nan,
                          "Vrijkomende sociale huurwoningen": math.nan, "Aandeel naar urgenten": math.nan,
                          "Norm": math.nan, "Boven de norm": "ontbreekt" if code in r.zonder_resultaat else "onbekend"})
            continue
        x = x.iloc[0]
        rijen.append({"Gemeente": kolomnaam(code, r), "Vraag urgenten per jaar": float(x["vraag_urgent"]),
                      "Vrijkomende sociale huurwoningen": float(x["mutaties"]), "Aandeel naar urgenten":
                      float(x["aandeel"]), "Norm": float(x["norm"]), "Boven de norm": _ja_nee(x["aandeel"], x["norm"])})
    g = regio[regio["jaar"] == jaar] if not regio.empty else regio
    if not g.empty:
        x = g.iloc[0]
        rijen.append({"Gemeente": REGIO_LABEL, "Vraag urgenten per jaar": x["vraag_urgent"],
                      "Vrijkomende sociale huurwoningen": x["mutaties"], "Aandeel naar urgenten": x["aandeel"],
                      "Norm": x["norm"], "Boven de norm": _ja_nee(x["aandeel"], x["norm"])})
    return pd.DataFrame(rijen, columns=kol)


def _ja_nee(aandeel: Any, norm: Any) -> str:
    if pd.isna(aandeel) or pd.isna(norm):
        return "onbekend"
    return "ja" if float(aandeel) > float(norm) else "nee"


def samenvatting(som: pd.DataFrame, per_gemeente: pd.DataFrame, urgentie: pd.DataFrame, r: Regioresultaten, *,
                 jaar: int, klein: int = 10) -> str:
    """Markdown summary for the regio: which gemeenten are in (and which are missing), the woonvormen with
    the largest regional gap in ``jaar``, where gemeenten differ in sign (tekort here, overschot there), and
    the gemeenten whose urgent demand exceeds the norm share of lettings."""
    regels = []
    if r.zonder_resultaat:
        regels.append(f"**Let op:** voor {md_tekst(r.ontbreekt_tekst)} ontbreekt de confrontatie (de stap is niet gedraaid of "
                      "mislukt); die gemeenten staan als *ontbreekt* in de tabellen en tellen niet mee in de "
                      "regionale totalen.")
    if not r.met_resultaat:
        regels.append("Er zijn nog geen resultaten van de confrontatie per gemeente. Draai eerst die stap voor de "
                      "gemeenten.")
        return "\n\n".join(regels)
    regels.append(f"Deze samenvatting telt de confrontatie van {len(r.met_resultaat)} van de {len(r.namen)} "
                  f"gemeenten op (middenvariant, na meetellen van plannen, {jaar}).")
    d = som[(som["jaar"] == jaar) & (som["variant"] == "midden") & som["tekort_met_plan"].notna()]
    tekorten = d[d["tekort_met_plan"] > 0].sort_values("tekort_met_plan", ascending=False).head(3)
    if len(tekorten):
        delen = [f"{WOONVORMEN[w].label.lower()} ({tekst_getal(t, klein)} {WOONVORMEN[w].eenheid})"
                 for w, t in zip(tekorten["woonvorm"], tekorten["tekort_met_plan"])]
        regels.append(f"De grootste regionale tekorten in {jaar}: " + "; ".join(delen) + ".")
    gemengd = []
    gemeentekolommen = [c for c in per_gemeente.columns if c not in ("Woonvorm", "Eenheid", REGIO_LABEL)]
    for _, rij in per_gemeente.iterrows():
        waarden = pd.to_numeric(rij[gemeentekolommen], errors="coerce").dropna()
        if (waarden > 0).any() and (waarden < 0).any():
            gemengd.append(str(rij["Woonvorm"]).lower())
    if gemengd:
        regels.append("Bij " + ", ".join(gemengd) + " heeft de ene gemeente een tekort en de andere een overschot: "
                      "het regionale saldo verbergt dat. Of een overschot elders een tekort opvangt, is een keuze "
                      "voor de regio (zie stap spreiding), geen rekensom.")
    boven = urgentie[(urgentie["Gemeente"] != REGIO_LABEL) & (urgentie["Boven de norm"] == "ja")] \
        if len(urgentie) else urgentie
    if len(boven):
        regels.append(f"In {', '.join(map(md_tekst, boven['Gemeente']))} vraagt de urgente vraag meer dan de norm van "
                      f"{nl_getal(100 * float(boven['Norm'].iloc[0]))}% van de vrijkomende sociale huurwoningen.")
    return "\n\n".join(regels)



def gemeente_patronen(r: Regioresultaten, *, regels: Regels, peiljaar: int,
                      horizon=HORIZON) -> dict[str, Afscherming]:
    """Per gemeente with results the suppression pattern of its overview table, as its own report shows it
    (:func:`wzlib.confrontatie_tekst.overzicht_patroon` on its results): the regio report shows the same
    figures, so it must hide the same cells."""
    conf = r.confrontatie
    return {code: overzicht_patroon(overzicht(conf[conf["gemeentecode"] == code], peiljaar=peiljaar,
                                              horizon=horizon), regels)
            for code in r.met_resultaat}


def regio_afscherming(overzicht_regio: pd.DataFrame, patronen: dict[str, Afscherming]) -> dict[str, pd.DataFrame]:
    """``vast_afgeschermd`` / ``vast_getoond`` for the regio overview (the sum of the gemeenten' overviews):
    a regio cell with exactly one hidden gemeente cell under it must be hidden (else the regio minus the other
    gemeenten gives it back); a regio cell with none hidden is known anyway (the sum of what the gemeenten'
    reports show), so it is never chosen to protect another cell."""
    weg = pd.DataFrame(False, index=overzicht_regio.index, columns=overzicht_regio.columns)
    getoond = weg.copy()
    kolommen = [k for k in telkolommen(overzicht_regio) if not str(k).startswith("Plannen t/m ")]
    maskers = [_per_woonvorm(p) for p in patronen.values()]
    for pos, idx in enumerate(overzicht_regio.index):
        wv = overzicht_regio["Woonvorm"].iloc[pos]
        for k in kolommen:
            if pd.isna(overzicht_regio[k].iloc[pos]):
                continue
            n_weg = sum(int(m[k][rijen[wv]]) for rijen, m in maskers if wv in rijen and k in m)
            weg.at[idx, k] = n_weg == 1
            getoond.at[idx, k] = n_weg == 0
    return {"vast_afgeschermd": weg, "vast_getoond": getoond}


def _per_woonvorm(p: Afscherming) -> tuple[dict[Any, int], dict[Any, Any]]:
    """The position of each woonvorm's first row in ``p`` and ``p``'s mask per column (as arrays): the mask
    is a property that combines three frames, so it is made once per pattern instead of once per cell."""
    rijen: dict[Any, int] = {}
    for i, wv in enumerate(p.waarden["Woonvorm"].tolist()):
        rijen.setdefault(wv, i)
    masker = p.masker
    return rijen, {k: masker[k].to_numpy(dtype=bool) for k in masker.columns}


def tekort_afscherming(per_gemeente: pd.DataFrame, r: Regioresultaten, patronen: dict[str, Afscherming],
                       regio_patroon: Afscherming, *, jaar: int) -> dict[str, Any]:
    """Keyword arguments for ``tabel(per_gemeente, ...)`` (:func:`tekort_per_gemeente`): every gemeente cell
    as its own report shows it, the regio column as the regio overview shows it, the regio the sum."""
    weg = pd.DataFrame(False, index=per_gemeente.index, columns=per_gemeente.columns)
    getoond = weg.copy()
    kolom = f"Tekort {jaar}"
    bronnen = {kolomnaam(c, r): p for c, p in patronen.items()}
    bronnen[REGIO_LABEL] = regio_patroon
    maskers = {naam: _per_woonvorm(p) for naam, p in bronnen.items()}
    for pos, idx in enumerate(per_gemeente.index):
        wv = per_gemeente["Woonvorm"].iloc[pos]
        for naam, (rijen, masker) in maskers.items():
            if naam not in per_gemeente.columns or wv not in rijen or kolom not in masker:
                continue
            m = bool(masker[kolom][rijen[wv]])
            weg.at[idx, naam] = m
            getoond.at[idx, naam] = not m
    return {"totaal_kolom": REGIO_LABEL, "vast_afgeschermd": weg, "vast_getoond": getoond}


def tekort_masker(per_gemeente: pd.DataFrame, regels: Regels, afscherming: dict[str, Any]) -> pd.DataFrame | None:
    """The cells of :func:`tekort_per_gemeente` that ``tabel(per_gemeente, ..., **afscherming)`` hides (primary
    and secondary), for :func:`per_1000_inwoners`: a rate of a hidden count must be hidden too."""
    if per_gemeente.empty:
        return None
    return afschermen(per_gemeente, telkolommen(per_gemeente), regels=regels, kwetsbaar=True, **afscherming).masker
