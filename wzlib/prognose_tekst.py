"""Stap 3, "prognose" — what the report shows: explanations, key tables and chart data built from the
results of :mod:`wzlib.prognose` and :mod:`wzlib.prognose_vraag`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .groepen import GROEPEN
from .kengetallen import VARIANTEN, Kengetallen
from .prognose import GEKALIBREERD, Prognose, leeftijdsgroepen, vergelijking
from .prognose_ijking import vergelijking as ijking_vergelijking
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


def _eerste_aantal(d: pd.DataFrame) -> dict[tuple[Any, Any], Any]:
    """{(jaar, variant): aantal} of the first row of ``d`` per year and variant (rows without either are
    never looked up): one pass instead of a boolean mask per year and variant."""
    uit: dict[tuple[Any, Any], Any] = {}
    for j, var, a in zip(d["jaar"], d["variant"], d["aantal"]):
        if not (pd.isna(j) or pd.isna(var)):
            uit.setdefault((j, var), a)
    return uit


def kerncijfers(groepen: pd.DataFrame, gemeente: str, basis: int, stappen: Sequence[int] = (10, 20)) -> pd.DataFrame:
    """One gemeente's key table: per age group the base count, and per step the laag/midden/hoog
    counts and the midden growth factor. Columns: leeftijdsgroep, '<basis>', '<jaar> laag',
    '<jaar> midden', '<jaar> hoog', 'groei <jaar>' (factor)."""
    g = groepen[groepen["gemeentecode"] == gemeente]
    rijen = []
    for lg, d in g.groupby("leeftijdsgroep", sort=False):
        rij: dict[str, Any] = {"leeftijdsgroep": lg}
        eerste = _eerste_aantal(d)
        rij[str(basis)] = float(eerste[basis, "midden"]) if (basis, "midden") in eerste else np.nan
        for s in stappen:
            for var in VARIANTEN:
                rij[f"{basis + s} {var}"] = (float(eerste[basis + s, var]) if (basis + s, var) in eerste
                                             else np.nan)
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
        eerste = _eerste_aantal(d)
        for j in jaren:
            for var in VARIANTEN:
                naam = str(j) if var == "midden" else f"{j} {var}"
                rij[naam] = float(eerste[j, var]) if (j, var) in eerste else np.nan
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
        if g["methode"] != GEKALIBREERD:
            regels.append("Voor deze gemeente zijn **geen PBL/CBS-prognosetotalen** gebruikt (CBS 85173NED of "
                          "85171NED, in de invoer `prognose_totalen.csv`; CBS publiceert 85171NED alleen voor "
                          "gemeenten boven 50.000 inwoners): het eigen model is niet gekalibreerd en trekt de "
                          "migratie van de laatste jaren door. De bandbreedte laag–hoog komt uit **eigen "
                          "varianten** (migratie ×0,5/×1,5, sterfte ±10%, vruchtbaarheid ±10%), niet uit het "
                          "officiële prognose-interval.")
        else:
            regels.append("Het eigen model is **gekalibreerd** op de PBL/CBS-regionale prognose: die neemt de "
                          "woningbouwplannen van de gemeenten mee, het eigen model niet. De tabel hieronder zet "
                          "het ongekalibreerde eigen model ernaast.")
    if gemeente in res.onwaarschijnlijk and not str(g["methode"]).startswith("invoer"):
        regels.append(f"**Let op, {naam}:** {res.onwaarschijnlijk[gemeente]}")
    opm = [*res.meldingen, *meldingen]
    if opm:
        regels.append("Opmerkingen: " + " ".join(opm))
    return "\n\n".join(regels)


KALIBRATIE_NAMEN = {"jaar": "Jaar", "pbl_cbs": "PBL/CBS-prognose (midden)", "gebruikt": "Gebruikt (midden)",
                    "eigen_midden": "Eigen model ongekalibreerd (midden)", "eigen_laag": "Eigen model (laag)",
                    "eigen_hoog": "Eigen model (hoog)",
                    "verschil_eigen": "Eigen model t.o.v. PBL/CBS (%)"}


def kalibratie_jaren(res: Prognose) -> list[int]:
    """The years of the calibration table: the base year, every fifth calendar year and the last year."""
    eind = res.basisjaar + res.horizon
    return sorted({res.basisjaar, eind, *(j for j in range(res.basisjaar + 1, eind + 1) if j % 5 == 0)})


def kalibratie_tabel(res: Prognose, gemeente: str) -> pd.DataFrame:
    """Total population of the gemeente: the PBL/CBS total, the projection used, and the own model without
    calibration beside it (midden, laag, hoog) with its difference from PBL/CBS (a fraction). Display names:
    :data:`KALIBRATIE_NAMEN`; without PBL/CBS totals those columns are empty."""
    eigen = res.ongekalibreerd if res.ongekalibreerd is not None else res.eigen
    return ijking_vergelijking(res.bevolking, eigen, res.totalen, gemeente, kalibratie_jaren(res))


def meldingen_tekst(res: Prognose, meldingen: Sequence[str] = ()) -> str:
    """Markdown for the analyst: the technical notes on the CBS tables (missing, not in the cache), which
    :func:`toelichting` leaves out when it is called without ``meldingen``; empty when there are none."""
    opm = list(meldingen)
    return ("**Technische opmerkingen bij de prognose.** " + " ".join(opm)) if opm else ""


def groepen_tabel(gp: pd.DataFrame, gemeente: str, basis: int, stappen: Sequence[int] = (10, 20),
                  klein: int | None = None) -> pd.DataFrame:
    """The gemeente's aandachtsgroepen: groep (label), eenheid, startjaar, aantal at start, the midden variant
    after each step, laag and hoog after the last step, the steady state (evenwicht) where the stock-flow
    model applies, and the method. Empty frame (same columns) without local input.

    With ``klein`` (the threshold of the disclosure rules): in a row with a count ``0 < x < klein`` the
    method does not name yearly flows; :func:`groepen_afscherming` hides the row's other figures."""
    jaren = [basis + s for s in stappen]
    kol = ["groep", "eenheid", "startjaar", "aantal start", *[str(j) for j in jaren], f"{jaren[-1]} laag",
           f"{jaren[-1]} hoog", "evenwicht", "methode"]
    g = gp[gp["gemeentecode"] == gemeente]
    rijen = []
    for groep, d in g.groupby("groep", sort=False):
        per = ({v: x.set_index("jaar") for v, x in d.groupby("variant")} if "variant" in d.columns
               else {"midden": d.set_index("jaar")})
        m = per.get("midden", next(iter(per.values())))
        j0 = int(m.index.min())
        rij = {"groep": GROEPEN[groep].label if groep in GROEPEN else groep, "eenheid": m["eenheid"].iloc[0],
               "startjaar": str(j0), "aantal start": float(m.loc[j0, "aantal"])}
        for j in jaren:
            rij[str(j)] = float(m["aantal"].get(j, np.nan))
        for v in ("laag", "hoog"):
            rij[f"{jaren[-1]} {v}"] = float(per[v]["aantal"].get(jaren[-1], np.nan)) if v in per else np.nan
        rij["evenwicht"] = float(m["evenwicht"].iloc[-1]) if "evenwicht" in m.columns else np.nan
        rij["methode"] = m["methode"].iloc[-1]
        waarden = [rij["aantal start"], *(rij[str(j)] for j in jaren)]
        if klein is not None and any(0 < x < klein for x in waarden if not pd.isna(x)):
            rij["methode"] = _STROMEN.sub("(aantallen per jaar afgeschermd)", rij["methode"])
        rijen.append(rij)
    return pd.DataFrame(rijen, columns=kol)


def groepen_aannames(gp: pd.DataFrame, gemeente: str) -> str:
    """Markdown: per aandachtsgroep of the gemeente the assumption of its prognosis (midden variant), in
    words and without numbers (flows next to a suppressed start would reveal it)."""
    g = gp[gp["gemeentecode"] == gemeente]
    if "variant" in g.columns:
        g = g[g["variant"] == "midden"]
    if g.empty:
        return "Er is geen lokale invoer over aandachtsgroepen, dus geen prognose per groep."
    regels = []
    for groep, d in g.groupby("groep", sort=False):
        label = GROEPEN[groep].label if groep in GROEPEN else groep
        regels.append(f"- **{label}**: {d.sort_values('jaar')['methode'].iloc[-1]}.")
    return "\n".join(regels)


_STROMEN = re.compile(r"\([\d.,]+ − [\d.,]+ per jaar\)")


def groepen_relaties(groepen: pd.DataFrame) -> list[list[str]]:
    """For ``tabel(groepen_tabel(...), relaties=...)``: the start and the later values lie on one line (start
    + years × net flow), so any one follows from the other two."""
    jaren = [k for k in groepen.columns if re.fullmatch(r"\d{4}", str(k))]
    return [["aantal start", *jaren]] if len(jaren) >= 2 else []


def groepen_afscherming(groepen: pd.DataFrame, klein: int) -> dict[str, pd.DataFrame]:
    """``vast_afgeschermd`` for :func:`groepen_tabel`: in a row where any count is small (``0 < x < klein``)
    every figure of the row is hidden. The stock-flow path S(t) = S* + (S0 − S*)·e^(−ut) with its laag/hoog
    variants (instroom ±25 %) and the steady state has three unknowns and up to six shown figures, so hiding
    one more cell (secondary suppression) would not protect the start value."""
    cijfers = [k for k in groepen.columns if k not in ("groep", "eenheid", "startjaar", "methode")]
    m = pd.DataFrame(False, index=groepen.index, columns=groepen.columns)
    tellingen = [k for k in ["aantal start", *[k for k in groepen.columns if re.fullmatch(r"\d{4}", str(k))]]
                 if k in groepen.columns]
    for idx in groepen.index:
        if any(0 < x < klein for x in groepen.loc[idx, tellingen] if not pd.isna(x)):
            m.loc[idx, cijfers] = True
    return {"vast_afgeschermd": m}


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
