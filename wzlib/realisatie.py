"""Realisatie against plan (kaart 5, monitoring): what was delivered per woonvorm, against the plannen
(plancapaciteit) and the ambities, with the remaining gap.

Inputs: the local input ``realisatie`` (delivered units per gemeente, woonvorm and year), the local
``plancapaciteit`` and, when the ambities step ran, its ``ambities`` table (schema of the issue-15
agreement: gemeentecode, groep, woonvorm, doeljaar, aantal, eenheid, omschrijving, bron; only rows in
``eenheden`` or ``plaatsen`` are counts that realisatie can be set against). Unknown stays unknown: a
woonvorm without plans has an empty plan column, not 0.
"""

from __future__ import annotations

import pandas as pd

from . import catalogus as T

TELBARE_EENHEDEN = ("eenheden", "plaatsen")


def _van(df: pd.DataFrame | None, gemeente: str) -> pd.DataFrame:
    if df is None or df.empty:
        return pd.DataFrame(columns=["gemeentecode", "woonvorm", "jaar", "aantal"])
    return df[df["gemeentecode"].astype("string") == gemeente]


def vergelijk(realisatie: pd.DataFrame | None, plancapaciteit: pd.DataFrame | None, ambities: pd.DataFrame | None,
              *, gemeente: str, peiljaar: int) -> pd.DataFrame:
    """Per woonvorm with realisatie, plans or a countable ambitie (schema :data:`wzlib.catalogus.REALISATIE`).

    ``tot_jaar``: the last year with realisatie (else the year before the peiljaar). ``gepland_tot_jaar``:
    plancapaciteit (hard and zacht) with opleverjaar up to ``tot_jaar``; ``achterstand_plan`` = planned −
    realised up to then (+ = behind). ``ambitie``/``doeljaar``: the sum of the gemeente's countable
    ambities for the woonvorm at its latest doeljaar; ``resterend_ambitie`` = ambitie − realised so far;
    ``per_jaar_nodig`` = that gap spread over the years after ``tot_jaar`` up to the doeljaar."""
    r, p = _van(realisatie, gemeente), _van(plancapaciteit, gemeente)
    a = pd.DataFrame(columns=["woonvorm", "doeljaar", "aantal"]) if ambities is None or ambities.empty else \
        ambities[(ambities["gemeentecode"] == gemeente) & ambities["eenheid"].isin(TELBARE_EENHEDEN)]
    jaren = pd.to_numeric(r["jaar"], errors="coerce").dropna()
    tot = int(jaren.max()) if len(jaren) else int(peiljaar) - 1
    woonvormen = list(dict.fromkeys([*r["woonvorm"].astype(str), *p["woonvorm"].astype(str),
                                     *a["woonvorm"].astype(str)]))
    rijen = []
    for w in woonvormen:
        rw, pw, aw = r[r["woonvorm"] == w], p[p["woonvorm"] == w], a[a["woonvorm"] == w]
        gerealiseerd = float(pd.to_numeric(rw["aantal"], errors="coerce").sum()) if len(r) else float("nan")
        if len(pw):
            pj = pd.to_numeric(pw["jaar"], errors="coerce")
            pa = pd.to_numeric(pw["aantal"], errors="coerce")
            gepland_tot, gepland = float(pa[pj <= tot].sum()), float(pa.sum())
        else:
            gepland_tot = gepland = float("nan")
        if len(aw):
            doeljaar = int(aw["doeljaar"].max())
            ambitie = float(pd.to_numeric(aw[aw["doeljaar"] == doeljaar]["aantal"], errors="coerce").sum())
        else:
            doeljaar, ambitie = None, float("nan")
        rest = ambitie - gerealiseerd
        per_jaar = rest / (doeljaar - tot) if doeljaar is not None and doeljaar > tot else float("nan")
        rijen.append({"gemeentecode": gemeente, "woonvorm": w, "tot_jaar": tot, "gerealiseerd": gerealiseerd,
                      "gepland_tot_jaar": gepland_tot, "achterstand_plan": gepland_tot - gerealiseerd,
                      "gepland_totaal": gepland, "ambitie": ambitie, "doeljaar": doeljaar,
                      "resterend_ambitie": rest, "per_jaar_nodig": per_jaar})
    df = pd.DataFrame(rijen, columns=T.REALISATIE.kolomnamen)
    df["doeljaar"] = df["doeljaar"].astype("Int64")
    df["tot_jaar"] = df["tot_jaar"].astype("int64")
    for k in ("gerealiseerd", "gepland_tot_jaar", "achterstand_plan", "gepland_totaal", "ambitie",
              "resterend_ambitie", "per_jaar_nodig"):
        df[k] = pd.to_numeric(df[k], errors="coerce").astype("float64")
    return df
