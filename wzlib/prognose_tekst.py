"""Stap 3, "prognose" — what the report shows: explanations, key tables and chart data built from the
results of :mod:`wzlib.prognose` and :mod:`wzlib.prognose_vraag`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .groepen import GROEPEN
from .kengetallen import VARIANTEN, Kengetallen
from .prognose import Prognose, leeftijdsgroepen, vergelijking
from .veilig import md_tekst


def basis_verschil_tekst(verschillen: pd.DataFrame, naam: str, jaar: int) -> str:
    """Markdown explaining that the source's men + women differ from its totals (rounding in the source)
    and that the prognosis starts, like stap omvang, from the totals; empty when they do not differ."""
    d = verschillen[verschillen["verschil"].abs() > 0] if len(verschillen) else verschillen
    if d.empty:
        return ""

    def nl(x: float) -> str:
        return f"{x:,.0f}".replace(",", ".")

    delen = [f"{r.leeftijdsgroep} {nl(r.totaal)} in de bron tegen {nl(r.man_vrouw)} als som van mannen en vrouwen"
             for r in d.itertuples()]
    return (f"**Basisjaar en stap omvang.** In de bron tellen mannen en vrouwen voor {md_tekst(naam)} op 1 januari {jaar} "
            "niet precies op tot het totaal (" + "; ".join(delen) + "), doordat elk getal in de bron apart is "
            "afgerond. De prognose gaat, net als stap omvang, uit van het totaal en verdeelt dat per "
            "leeftijdsklasse over mannen en vrouwen naar hun aandeel in de bron; het basisjaar is dus in beide "
            "rapporten hetzelfde getal.")


def kerncijfers(groepen: pd.DataFrame, gemeente: str, basis: int, stappen: Sequence[int] = (10, 20)) -> pd.DataFrame:
    """One gemeente's key table: per age group the base count, and per step the laag/midden/hoog
    counts and the midden growth factor. Columns: leeftijdsgroep, '<basis>', '<jaar> laag',
    '<jaar> midden', '<jaar> hoog', 'groei <jaar>' (factor)."""
    g = groepen[groepen["gemeentecode"] == gemeente]
    rijen = []
    for lg, d in g.groupby("leeftijdsgroep", sort=False):
        rij: dict[str, Any] = {"leeftijdsgroep": lg}
        b = d[(d["jaar"] == basis) & (d["variant"] == "midden")]["aantal"]
        rij[str(basis)] = float(b.iloc[0]) if len(b) else np.nan
        for s in stappen:
            for var in VARIANTEN:
                w = d[(d["jaar"] == basis + s) & (d["variant"] == var)]["aantal"]
                rij[f"{basis + s} {var}"] = float(w.iloc[0]) if len(w) else np.nan
            m = rij[f"{basis + s} midden"]
            rij[f"groei {basis + s}"] = m / rij[str(basis)] if rij[str(basis)] else np.nan
        rijen.append(rij)
    uit = pd.DataFrame(rijen)
    if not uit.empty:
        uit["_k"] = uit["leeftijdsgroep"].str.extract(r"(\d+)")[0].astype(int)
        uit = uit.sort_values("_k").drop(columns="_k").reset_index(drop=True)
    return uit


def waaier_data(groepen: pd.DataFrame, gemeente: str, leeftijdsgroepen: str | Sequence[str] = "75+") -> pd.DataFrame:
    """One gemeente, one or more age groups, per year: jaar, leeftijdsgroep, laag, midden, hoog (fan chart)."""
    keuze = [leeftijdsgroepen] if isinstance(leeftijdsgroepen, str) else list(leeftijdsgroepen)
    g = groepen[(groepen["gemeentecode"] == gemeente) & (groepen["leeftijdsgroep"].isin(keuze))]
    w = g.pivot_table(index=["leeftijdsgroep", "jaar"], columns="variant", values="aantal").reset_index()
    for v in VARIANTEN:
        if v not in w:
            w[v] = np.nan
    w.columns.name = None
    w["_k"] = w["leeftijdsgroep"].map({k: i for i, k in enumerate(keuze)})
    w = w.sort_values(["_k", "jaar"]).reset_index(drop=True)
    return w[["jaar", "leeftijdsgroep", *VARIANTEN]].astype({"jaar": "int64", "leeftijdsgroep": "string"})


def groei_overzicht(groepen: pd.DataFrame, basis: int, namen: Mapping[str, str] | None = None,
                    leeftijdsgroepen: Sequence[str] = ("75+", "85+"), stappen: Sequence[int] = (10, 20),
                    regio_naam: str = "Regio") -> pd.DataFrame:
    """Per gemeente of the regio (and the regio as a whole) the midden counts of some age groups in the base
    year and after each step, with the growth factor over the last step. Columns: Gemeente, then per group
    '<groep> <jaar>' and 'groei <groep>'."""
    namen = dict(namen or {})
    m = groepen[(groepen["variant"] == "midden") & groepen["leeftijdsgroep"].isin(list(leeftijdsgroepen))]
    jaren = [basis, *(basis + s for s in stappen)]
    m = m[m["jaar"].isin(jaren)]
    p = m.pivot_table(index="gemeentecode", columns=["leeftijdsgroep", "jaar"], values="aantal", aggfunc="sum")
    rijen = []
    codes = list(dict.fromkeys(m["gemeentecode"]))
    for c in [*codes, None]:
        w = p.loc[c] if c is not None else p.sum()
        rij: dict[str, Any] = {"Gemeente": namen.get(c, c) if c is not None else regio_naam}
        for lg in leeftijdsgroepen:
            for j in jaren:
                rij[f"{lg} {j}"] = float(w.get((lg, j), np.nan))
            b = rij[f"{lg} {basis}"]
            rij[f"groei {lg}"] = rij[f"{lg} {jaren[-1]}"] / b if b else np.nan
        rijen.append(rij)
    return pd.DataFrame(rijen)


def vergelijking_tabel(res: "Prognose", gemeente: str, stappen: Sequence[int] = (10, 20)) -> pd.DataFrame:
    """The gemeente's own projection (midden) for 65+/75+/85+ after each step, next to the imported one
    when there is one. Columns: leeftijdsgroep, jaar, 'eigen model' (+ 'ingelezen prognose', 'verschil')."""
    jaren = [res.basisjaar + s for s in stappen]
    e = leeftijdsgroepen(res.eigen[(res.eigen["variant"] == "midden") & (res.eigen["gemeentecode"] == gemeente)],
                         (65, 75, 85))
    e = e[e["jaar"].isin(jaren)][["leeftijdsgroep", "jaar", "aantal"]].rename(columns={"aantal": "eigen model"})
    if res.invoer is None or not (res.invoer["gemeentecode"] == gemeente).any():
        return e.reset_index(drop=True)
    v = vergelijking(res.eigen, res.invoer, (65, 75, 85), jaren)
    v = v[v["gemeentecode"] == gemeente][["leeftijdsgroep", "jaar", "invoer", "verschil"]]
    uit = e.merge(v, on=["leeftijdsgroep", "jaar"], how="left")
    return uit.rename(columns={"invoer": "ingelezen prognose"}).reset_index(drop=True)


def vraag_tabel(vr: pd.DataFrame, kengetallen: Kengetallen, gemeente: str, jaren: Sequence[int]) -> pd.DataFrame:
    """One gemeente's demand per woonvorm (rows) for ``jaren``: midden with laag–hoog.
    Columns: woonvorm (label), eenheid, then per year '<jaar>' (midden), '<jaar> laag', '<jaar> hoog'."""
    v = vr[vr["gemeentecode"] == gemeente]
    rijen = []
    for w in kengetallen.woonvormen:
        d = v[v["woonvorm"] == w]
        if d.empty:
            continue
        info = kengetallen.woonvorm_info(w)
        rij: dict[str, Any] = {"woonvorm": info["naam"] or w, "eenheid": info["eenheid"]}
        for j in jaren:
            for var in VARIANTEN:
                x = d[(d["jaar"] == j) & (d["variant"] == var)]["aantal"]
                naam = str(j) if var == "midden" else f"{j} {var}"
                rij[naam] = float(x.iloc[0]) if len(x) else np.nan
        rijen.append(rij)
    uit = pd.DataFrame(rijen)
    volg = ["woonvorm", "eenheid"] + [c for j in jaren for c in (f"{j} laag", str(j), f"{j} hoog")]
    return uit[[c for c in volg if c in uit.columns]] if not uit.empty else uit


def vraag_waaier(vr: pd.DataFrame, kengetallen: Kengetallen, gemeente: str,
                 woonvormen: Sequence[str] = ("geclusterd", "verpleegzorg")) -> pd.DataFrame:
    """One gemeente's demand per year for some woonvormen: jaar, woonvorm (label), laag, midden, hoog."""
    v = vr[(vr["gemeentecode"] == gemeente) & vr["woonvorm"].isin(list(woonvormen))]
    w = v.pivot_table(index=["woonvorm", "jaar"], columns="variant", values="aantal").reset_index()
    w.columns.name = None
    w["_k"] = w["woonvorm"].map({k: i for i, k in enumerate(woonvormen)})
    w["woonvorm"] = w["woonvorm"].map(lambda x: kengetallen.woonvorm_info(x)["naam"] or x)
    w = w.sort_values(["_k", "jaar"]).reset_index(drop=True)
    return w[["jaar", "woonvorm", *VARIANTEN]].astype({"jaar": "int64", "woonvorm": "string"})


def doelen_vergelijking(doelen: pd.DataFrame, vr: pd.DataFrame, kengetallen: Kengetallen, gemeente: str,
                        peiljaar: int) -> pd.DataFrame:
    """Second lens: the gemeente's part of the national target next to the growth of the rate-based demand
    (midden, laag–hoog) from the peiljaar to the target year. Columns: woonvorm, landelijk doel, verdeelsleutel,
    aandeel, deel gemeente, periode, groei vraag (midden), groei laag, groei hoog."""
    d = doelen[doelen["gemeentecode"] == gemeente]
    kd = kengetallen.doelen().set_index("woonvorm")
    v = vr[vr["gemeentecode"] == gemeente]
    rijen = []
    for _, x in d.iterrows():
        w, doeljaar = x["woonvorm"], int(x["jaar"])
        van = max(int(peiljaar), int(v["jaar"].min())) if len(v) else int(peiljaar)
        rij = {"woonvorm": kengetallen.woonvorm_info(w)["naam"] or w,
               "landelijk doel": float(kd.loc[w, "aantal"]), "verdeelsleutel": f"aandeel {kd.loc[w, 'leeftijd']}",
               "aandeel": float(x["aandeel"]), "deel gemeente": float(x["aantal"]), "periode": f"{van}-{doeljaar}"}
        for var, kol in (("midden", "groei vraag"), ("laag", "groei laag"), ("hoog", "groei hoog")):
            a = v[(v["woonvorm"] == w) & (v["variant"] == var)].set_index("jaar")["aantal"]
            rij[kol] = float(a.get(doeljaar, np.nan) - a.get(van, np.nan))
        rijen.append(rij)
    return pd.DataFrame(rijen)


def componenten_tabel(res: Prognose, namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Fertility and migration per gemeente of the regio, for the report. Columns: Gemeente, Geboorten per
    jaar, Vrouwen 15-44, Geboorten per 1.000 vrouwen 15-44, Migratiesaldo per jaar, Bron."""
    namen = dict(namen or {})
    c = res.componenten
    return pd.DataFrame({
        "Gemeente": [namen.get(x, x) for x in c["gemeentecode"]],
        "Geboorten per jaar": c["geboorten_per_jaar"].astype(float),
        "Vrouwen 15-44": c["vrouwen_15_44"].astype(float),
        "Geboorten per 1.000 vrouwen 15-44": 1000 * c["vruchtbaarheid"].astype(float),
        "Migratiesaldo per jaar": c["migratiesaldo"].astype(float),
        "Bron": [f"{a}; {b}" for a, b in zip(c["vruchtbaarheid_bron"], c["migratie_bron"])],
    })


def toelichting(res: Prognose, gemeente: str, gemeentenaam: str = "", meldingen: Sequence[str] = ()) -> str:
    """Dutch Markdown: which projection this report uses for the gemeente, base year, mortality source,
    calibration, and any notes (``meldingen``, e.g. from :func:`cbs_extra`: missing CBS tables)."""
    naam = md_tekst(gemeentenaam or gemeente)
    g = res.gebruikt.set_index("gemeentecode").loc[gemeente]
    regels = [f"**Gebruikte prognose voor {naam}: {g['methode']}** — {g['toelichting']}.",
              f"Basisjaar: bevolking op 1 januari {res.basisjaar}; prognose tot en met {res.basisjaar + res.horizon}."]
    if str(g["methode"]).startswith("invoer"):
        regels.append("De eigen prognose is ook berekend; de tabel 'Eigen model naast de ingelezen prognose' "
                      "zet beide naast elkaar.")
    else:
        regels.append(f"Sterfte: {res.sterfte_bron}. Geboorten en migratie: uit de eigen bevolkingsontwikkeling "
                      "van de gemeente (zie de tabel hieronder).")
        if not res.gekalibreerd:
            regels.append("De CBS/PBL-regionale prognose (85173NED) is niet gebruikt: de bandbreedte laag–hoog "
                          "komt uit **eigen varianten** (migratie ×0,5/×1,5, sterfte ±10%, vruchtbaarheid ±10%), "
                          "niet uit het officiële prognose-interval.")
    opm = [*res.meldingen, *meldingen]
    if opm:
        regels.append("Opmerkingen: " + " ".join(opm))
    return "\n\n".join(regels)


def groepen_tabel(gp: pd.DataFrame, gemeente: str, basis: int, stappen: Sequence[int] = (10, 20)) -> pd.DataFrame:
    """The gemeente's aandachtsgroepen: groep (label), eenheid, startjaar, aantal at start, after each step,
    and the method. Empty frame (same columns) without local input."""
    jaren = [basis + s for s in stappen]
    kol = ["groep", "eenheid", "startjaar", "aantal start", *[str(j) for j in jaren], "methode"]
    g = gp[gp["gemeentecode"] == gemeente]
    rijen = []
    for groep, d in g.groupby("groep", sort=False):
        d = d.set_index("jaar")
        j0 = int(d.index.min())
        rij = {"groep": GROEPEN[groep].label if groep in GROEPEN else groep, "eenheid": d["eenheid"].iloc[0],
               "startjaar": str(j0), "aantal start": float(d.loc[j0, "aantal"])}
        for j in jaren:
            rij[str(j)] = float(d["aantal"].get(j, np.nan))
        rij["methode"] = d["methode"].iloc[-1]
        rijen.append(rij)
    return pd.DataFrame(rijen, columns=kol)


def extra(res: Prognose, kengetallen: Kengetallen, gemeente: str) -> dict[str, Any]:
    """Metadata for ``A.bewaar(..., extra=...)``: method, base year, horizon, mortality source, calibration,
    notes, and every kengetal used (key → value, with '(regio-parameters)' when overridden)."""
    t = kengetallen.tabel()
    kg = {r["sleutel"]: (f"{r['waarde']:g}" + (" (regio-parameters)" if r["herkomst"] == "regio-parameters" else ""))
          for _, r in t.iterrows()}
    g = res.gebruikt.set_index("gemeentecode").loc[gemeente]
    return {"prognose_methode": str(g["methode"]), "basisjaar": res.basisjaar, "horizon": res.horizon,
            "sterfte": res.sterfte_bron, "gekalibreerd": res.gekalibreerd, "prognose_meldingen": res.meldingen,
            "kengetallen": kg, "kengetallen_bestand": Path(kengetallen.bestand).name}


def telkolommen(df: pd.DataFrame) -> list[str]:
    """The count columns of a report frame made here (numeric, not a factor, share, difference or rate),
    for ``tabel(..., tellingen=...)`` so small numbers are suppressed."""
    niet = ("groei", "aandeel", "verschil", "geboorten per", "migratiesaldo", "landelijk")
    return [str(k) for k in df.columns
            if pd.api.types.is_numeric_dtype(df[k]) and not str(k).lower().startswith(niet)
            and not str(k).lower().endswith("jaar")]
