"""Stap 3, "prognose" — the anchor of the own cohort model: the PBL/CBS regional prognosis totals and the
checks around them. Pure functions on frames (no I/O); :mod:`wzlib.prognose` calls them.

**Which totals.** CBS/PBL publish the regional prognosis only as totals per gemeente and year:
85173NED (with the 67 % prognosis interval, fetched by the ``cbs`` source) and 85171NED (midden only,
for gemeenten above 50,000 inhabitants; in the import format as ``prognose_totalen.csv``,
:data:`wzlib.gegevens.PROGNOSE_TOTALEN`). :func:`kies_totalen` takes, per gemeente, the CBS table when it
has the gemeente and the import file otherwise.

**Only a midden total.** The own model's laag and hoog are then anchored on the calibrated midden with
the own model's relative spread: target_laag(t) = midden_PBL(t) × laag_eigen(t) / midden_eigen(t) (the
same for hoog), so laag <= midden <= hoog stays true and the band keeps the width of the own variants
(:func:`aanvullen`).

**Plausibility without totals** (:data:`PLAUSIBEL`): where no PBL/CBS total exists the own model
extrapolates the migration of recent years. A 20-year growth of the midden variant above +15 % or below
−10 %, or of the hoog variant above +25 %, is flagged: CBS's national kernprognose grows about 0.4 % a
year (+8 to +9 % in 20 years), and more than about twice that for 20 years requires large
housing-construction plans, which the own model does not know (PBL/CBS do include them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

#: The plausibility rule for an uncalibrated projection: growth over ``jaren`` years (fractions).
PLAUSIBEL: Mapping[str, float] = {"jaren": 20, "midden_max": 0.15, "midden_min": -0.10, "hoog_max": 0.25}

TOTALEN_KOLOMMEN = ["gemeentecode", "jaar", "variant", "bevolking", "bron"]


def _leeg() -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(dtype="Int64" if k in ("jaar", "bevolking") else "string")
                         for k in TOTALEN_KOLOMMEN})


def _vorm(df: pd.DataFrame | None, bron: str) -> pd.DataFrame:
    if df is None or df.empty:
        return _leeg()
    d = df.copy()
    if "bron" not in d.columns:
        d["bron"] = bron
    d["bron"] = d["bron"].astype("string").fillna(bron)
    d = d.dropna(subset=["bevolking"])
    return d[TOTALEN_KOLOMMEN].astype({"gemeentecode": "string", "jaar": "Int64", "variant": "string",
                                       "bevolking": "Int64", "bron": "string"}).reset_index(drop=True)


def kies_totalen(cbs: pd.DataFrame | None, invoer: pd.DataFrame | None, codes: Sequence[str]) -> pd.DataFrame:
    """The prognosis totals to calibrate to, per gemeente in ``codes``: the CBS 85173NED rows when the CBS
    table has the gemeente, else the rows of the import file ``prognose_totalen`` (85171NED). Columns:
    gemeentecode, jaar, variant, bevolking, bron. Empty (same columns) when neither has a gemeente."""
    c = _vorm(cbs, "CBS 85173NED")
    i = _vorm(invoer, "prognose_totalen.csv")
    delen = []
    for code in codes:
        d = c[c["gemeentecode"] == code]
        delen.append(d if not d.empty else i[i["gemeentecode"] == code])
    delen = [d for d in delen if not d.empty]
    return pd.concat(delen, ignore_index=True) if delen else _leeg()


def totalen_per_jaar(prognose: pd.DataFrame) -> pd.DataFrame:
    """Total population per gemeente, variant and year of a ``bevolking_prognose`` frame (man + vrouw, or
    totaal where a gemeente has only that). Columns: gemeentecode, variant, jaar, totaal."""
    if prognose is None or prognose.empty:
        return pd.DataFrame(columns=["gemeentecode", "variant", "jaar", "totaal"])
    mv = prognose["geslacht"].isin(("man", "vrouw"))
    heeft = set(prognose.loc[mv, "gemeentecode"])
    p = prognose[mv | ~prognose["gemeentecode"].isin(heeft)]
    return (p.groupby(["gemeentecode", "variant", "jaar"], as_index=False)["aantal"].sum()
            .rename(columns={"aantal": "totaal"}))


def aanvullen(totalen: pd.DataFrame, eigen: pd.DataFrame) -> pd.DataFrame:
    """``totalen`` with laag/hoog targets added for every gemeente and year that has only a midden target:
    midden_PBL × own variant total / own midden total (``eigen``: the uncalibrated own projection)."""
    if totalen is None or totalen.empty:
        return totalen
    totalen = _vorm(totalen, "PBL/CBS")
    t = totalen_per_jaar(eigen).pivot_table(index=["gemeentecode", "jaar"], columns="variant", values="totaal")
    extra = []
    for (code, jaar), d in totalen.groupby(["gemeentecode", "jaar"]):
        varianten = set(d["variant"])
        if "midden" not in varianten or (code, jaar) not in t.index:
            continue
        midden = float(d.loc[d["variant"] == "midden", "bevolking"].iloc[0])
        eigen_m = float(t.loc[(code, jaar)].get("midden", np.nan))
        for var in ("laag", "hoog"):
            e = float(t.loc[(code, jaar)].get(var, np.nan))
            if var in varianten or np.isnan(e) or np.isnan(eigen_m) or eigen_m <= 0:
                continue
            extra.append({"gemeentecode": code, "jaar": int(jaar), "variant": var,
                          "bevolking": int(round(midden * e / eigen_m)),
                          "bron": f"{d['bron'].iloc[0]}; {var} = midden × spreiding eigen model"})
    if not extra:
        return totalen
    return pd.concat([totalen, _vorm(pd.DataFrame(extra), "")], ignore_index=True)


def vergelijking(gebruikt: pd.DataFrame, eigen: pd.DataFrame, totalen: pd.DataFrame | None, gemeente: str,
                 jaren: Sequence[int]) -> pd.DataFrame:
    """Per year: the PBL/CBS total (midden), the projection used (midden, calibrated where a total exists)
    and the own model without calibration (midden, laag, hoog), with the difference of the own model
    from PBL/CBS as a fraction. Columns: jaar, pbl_cbs, gebruikt, eigen_midden, eigen_laag, eigen_hoog,
    verschil_eigen (fraction of pbl_cbs; NA without a total)."""
    # only the gemeente's rows: the totals of the other gemeenten of the regio are not shown here
    def van(df: pd.DataFrame | None) -> pd.DataFrame | None:
        return df[df["gemeentecode"] == gemeente] if df is not None and "gemeentecode" in df else df

    g = totalen_per_jaar(van(gebruikt))
    e = totalen_per_jaar(van(eigen))
    g = g[(g["gemeentecode"] == gemeente) & (g["variant"] == "midden")].set_index("jaar")["totaal"]
    e = e[e["gemeentecode"] == gemeente].pivot_table(index="jaar", columns="variant", values="totaal")
    t = pd.Series(dtype="float64")
    if totalen is not None and not totalen.empty:
        d = totalen[(totalen["gemeentecode"] == gemeente) & (totalen["variant"] == "midden")]
        t = pd.Series(d["bevolking"].astype("float64").to_numpy(), index=d["jaar"].astype(int).to_numpy())
    rijen = []
    for j in jaren:
        pbl = float(t.get(j, np.nan))
        em = float(e.at[j, "midden"]) if j in e.index and "midden" in e.columns else np.nan
        rijen.append({"jaar": int(j), "pbl_cbs": pbl, "gebruikt": float(g.get(j, np.nan)), "eigen_midden": em,
                      "eigen_laag": float(e.at[j, "laag"]) if j in e.index and "laag" in e.columns else np.nan,
                      "eigen_hoog": float(e.at[j, "hoog"]) if j in e.index and "hoog" in e.columns else np.nan,
                      "verschil_eigen": (em - pbl) / pbl if not (np.isnan(pbl) or np.isnan(em)) and pbl else np.nan})
    return pd.DataFrame(rijen).astype({"jaar": "Int64", **{k: "Float64" for k in (
        "pbl_cbs", "gebruikt", "eigen_midden", "eigen_laag", "eigen_hoog", "verschil_eigen")}})


def onwaarschijnlijk(eigen: pd.DataFrame, codes: Sequence[str], basis: int,
                     regel: Mapping[str, float] = PLAUSIBEL) -> dict[str, str]:
    """{gemeentecode: Dutch warning} for the gemeenten in ``codes`` whose uncalibrated own projection breaks
    the plausibility rule (:data:`PLAUSIBEL`, stated in the warning); empty when none does."""
    t = totalen_per_jaar(eigen)
    eind = basis + int(regel["jaren"])
    uit = {}
    for c in codes:
        d = t[t["gemeentecode"] == c].pivot_table(index="jaar", columns="variant", values="totaal")
        if basis not in d.index or eind not in d.index or "midden" not in d.columns:
            continue
        b = float(d.at[basis, "midden"])
        if b <= 0:
            continue
        gm = float(d.at[eind, "midden"]) / b - 1
        gh = float(d.at[eind, "hoog"]) / b - 1 if "hoog" in d.columns else np.nan
        if gm > regel["midden_max"] or gm < regel["midden_min"] or (not np.isnan(gh) and gh > regel["hoog_max"]):
            uit[str(c)] = (
                f"zonder PBL/CBS-totalen verandert de bevolking in het eigen model in {int(regel['jaren'])} jaar "
                f"met {_pct(gm)} (midden)" + (f" en {_pct(gh)} (hoog)" if not np.isnan(gh) else "") +
                f". Dat is onwaarschijnlijk (regel: midden buiten {_pct(regel['midden_min'])} tot "
                f"{_pct(regel['midden_max'])} of hoog boven {_pct(regel['hoog_max'])} in {int(regel['jaren'])} "
                "jaar; de CBS-kernprognose voor heel Nederland groeit ongeveer 0,4 % per jaar). Het model trekt "
                "de migratie van de laatste jaren door en kent de woningbouwplannen niet: gebruik een provinciale "
                "prognose (prognose.csv) of PBL/CBS-totalen (prognose_totalen.csv).")
    return uit


def _pct(x: float) -> str:
    return f"{x:+.0%}".replace("-", "−").replace("%", " %")
