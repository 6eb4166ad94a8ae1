"""Stap 4, "spreiding" — computation of the fair share: the regional opgave per groep divided over the
gemeenten under three keys, the swap ledger, and the spread of the burden.

- ``naar_rato``: share of inhabitants (for statushouders the art. 29 Huisvestingswet formula
  ``ceil(totaal × inwoners_g / inwoners_regio)``, which may exceed the total: shown);
- ``eigen_behoefte``: every gemeente houses its own (BRP-origin) demand;
- ``lokale_kenmerken``: weighted key over sociale huurvoorraad, vrijkomende sociale huurwoningen
  (mutaties) and voorzieningen nearby, with a penalty for existing concentration.

The regional total of a groep is the sum of the whole numbers each gemeente's report shows
(:func:`heel`), so the total equals the shown sum of its parts. Pure functions (tables + params in,
tables out); docs/fair-share.md documents formulas, rounding and parameters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .fouten import GegevensOntbreken, ParamsFout
from .gegevens import kies_jaar
from .getal import heel
from .groepen import GROEPEN, WOONVORMEN
from .confrontatie import aanbod_per_woonvorm, plan_cumulatief
from .stappen import AANBOD, PROGNOSE
from .params import COMPONENTEN, VERDEELSLEUTELS as SLEUTELS, WOONVORM_GROEP, Ruiling, Spreiding, Taakstelling


NAAR_RATO = "naar_rato"


EIGEN_BEHOEFTE = "eigen_behoefte"


LOKALE_KENMERKEN = "lokale_kenmerken"


GROOTSTE_REST = "grootste rest"


ART29 = "art. 29 Huisvestingswet (naar boven afgerond)"


ALLE_GROEPEN = "alle aandachtsgroepen"


_EPS = 1e-9


def _gewichten(gewichten: pd.Series, wat: str = "gewichten") -> pd.Series:
    g = pd.to_numeric(pd.Series(gewichten), errors="coerce").astype("float64")
    if g.isna().any():
        ontbreekt = ", ".join(str(i) for i in g.index[g.isna()])
        raise GegevensOntbreken(f"{wat}: geen waarde voor {ontbreekt}; verdelen is niet mogelijk.")
    if (g < 0).any():
        neg = ", ".join(str(i) for i in g.index[g < 0])
        raise GegevensOntbreken(f"{wat}: negatieve waarde voor {neg}.")
    return g


def grootste_rest(gewichten: pd.Series, totaal: int) -> pd.Series:
    """Divide the whole number ``totaal`` in proportion to ``gewichten`` (largest-remainder method).

    Every gemeente first gets the whole part of its quota ``totaal × w_g / Σw``; the units left over
    go one each to the largest fractional parts (ties: larger weight first, then the order of the
    index). The result is a Series of ints with the same index that sums to exactly ``totaal``.
    """
    totaal = int(totaal)
    if totaal < 0:
        raise GegevensOntbreken(f"Te verdelen totaal is negatief ({totaal}).")
    g = _gewichten(gewichten)
    if totaal == 0 or g.empty:
        return pd.Series(0, index=g.index, dtype="int64")
    som = float(g.sum())
    if som <= 0:
        raise GegevensOntbreken(f"Alle gewichten zijn 0: {totaal} valt niet te verdelen.")
    quota = totaal * g.to_numpy() / som
    basis = np.floor(quota + _EPS).astype("int64")
    rest = quota - basis
    over = totaal - int(basis.sum())
    volgorde = sorted(range(len(g)), key=lambda i: (-round(rest[i], 9), -g.iloc[i], i))
    for i in volgorde[:over]:
        basis[i] += 1
    return pd.Series(basis, index=g.index, dtype="int64")


def art29_taakstelling(inwoners: pd.Series, totaal: int) -> pd.Series:
    """Art. 29 lid 1 Huisvestingswet 2014: ``ceil(totaal × inwoners_g / Σ inwoners)`` per gemeente.

    The statutory key for statushouders (there ``Σ inwoners`` is all of Nederland and ``totaal`` the
    number announced in the Staatscourant). Rounding up means the allocations may add up to more
    than ``totaal``: at most (number of gemeenten − 1) more. Callers show that difference.
    """
    totaal = int(totaal)
    g = _gewichten(inwoners, "inwoners")
    som = float(g.sum())
    if totaal == 0 or g.empty:
        return pd.Series(0, index=g.index, dtype="int64")
    if som <= 0:
        raise GegevensOntbreken(f"Geen inwoners: {totaal} valt niet te verdelen.")
    return pd.Series(np.ceil(totaal * g.to_numpy() / som - _EPS).astype("int64"), index=g.index)


TAAKSTELLING_KOLOMMEN = ["groep", "periode", "totaal", "gemeentecode", "inwoners", "aandeel", "quotum", "toedeling",
                         "afronding", "bron"]


def art29_verdeling(inwoners: pd.Series, taakstellingen: Sequence[Taakstelling]) -> pd.DataFrame:
    """Every ``spreiding.taakstellingen`` entry distributed by art. 29 lid 1 (:func:`art29_taakstelling`).

    ``inwoners``: inhabitants per gemeentecode (the whole regio). Per taakstelling and gemeente:
    ``aandeel`` = inwoners_g ÷ inwoners_regio (0..1), ``quotum`` = totaal × aandeel (exact),
    ``toedeling`` = ⌈quotum⌉ and ``afronding`` = toedeling − quotum (the rounding difference of that
    gemeente, 0 ≤ afronding < 1). Σ toedeling − totaal is the regio's rounding difference (shown with
    the table). These are policy numbers, not counts of vulnerable persons. Columns:
    :data:`TAAKSTELLING_KOLOMMEN`.
    """
    inw = _gewichten(inwoners, "inwoners")
    rijen = []
    for t in taakstellingen:
        toedeling = art29_taakstelling(inw, t.totaal)
        som = float(inw.sum())
        for c in inw.index:
            aandeel = float(inw[c]) / som if som > 0 else np.nan
            quotum = t.totaal * aandeel
            rijen.append({"groep": t.groep, "periode": t.periode, "totaal": int(t.totaal), "gemeentecode": c,
                          "inwoners": float(inw[c]), "aandeel": aandeel, "quotum": quotum,
                          "toedeling": int(toedeling[c]), "afronding": int(toedeling[c]) - quotum, "bron": t.bron})
    uit = pd.DataFrame(rijen, columns=TAAKSTELLING_KOLOMMEN)
    return uit.astype({"groep": "string", "periode": "string", "totaal": "int64", "gemeentecode": "string",
                       "inwoners": "float64", "aandeel": "float64", "quotum": "float64", "toedeling": "int64",
                       "afronding": "float64", "bron": "string"})


def gini(waarden: Sequence[float] | pd.Series) -> float:
    """Gini coefficient: Σ_i Σ_j |x_i − x_j| / (2 n² · gemiddelde); 0 = all equal, → 1 = one carries all.

    NA when there are no values, a value is missing or negative, or all are 0.
    """
    x = np.asarray(pd.to_numeric(pd.Series(waarden), errors="coerce"), dtype="float64")
    if x.size == 0 or np.isnan(x).any() or (x < 0).any() or x.sum() <= 0:
        return float("nan")
    n = x.size
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean()))


def max_min(waarden: Sequence[float] | pd.Series) -> float:
    """Largest value ÷ smallest value; NA when a value is missing or the smallest is 0."""
    x = np.asarray(pd.to_numeric(pd.Series(waarden), errors="coerce"), dtype="float64")
    if x.size == 0 or np.isnan(x).any() or x.min() <= 0:
        return float("nan")
    return float(x.max() / x.min())


def _component(kenmerken: pd.DataFrame, naam: str) -> pd.Series | None:
    """Raw values x_gj of one component of the lokale-kenmerken key; None when unusable."""
    k = kenmerken.set_index("gemeentecode")
    if naam == "voorzieningen":
        afstand = k["afstand_voorzieningen_km"]
        x = k["inwoners"] / (1.0 + afstand)
    else:
        x = k[naam]
    x = pd.to_numeric(x, errors="coerce").astype("float64")
    if x.isna().any() or (x < 0).any() or x.sum() <= 0:
        return None
    return x


def effectieve_gewichten(kenmerken: pd.DataFrame, params: Spreiding) -> pd.DataFrame:
    """Which components of the lokale-kenmerken key are usable, and the weights actually applied.

    A component is usable when it is known (and ≥ 0) for every gemeente of the regio. The weights of
    the usable components are rescaled to sum to 1; when none is usable, the key falls back on
    inwoners. Columns: component, omschrijving, gewicht_param, beschikbaar, gewicht_gebruikt.
    """
    rijen = []
    for naam, oms in COMPONENTEN.items():
        rijen.append({"component": naam, "omschrijving": oms, "gewicht_param": float(params.gewichten.get(naam, 0)),
                      "beschikbaar": _component(kenmerken, naam) is not None})
    df = pd.DataFrame(rijen)
    bruikbaar = df["beschikbaar"] & (df["gewicht_param"] > 0)
    som = df.loc[bruikbaar, "gewicht_param"].sum()
    df["gewicht_gebruikt"] = np.where(bruikbaar, df["gewicht_param"] / som if som > 0 else 0.0, 0.0)
    if som <= 0:
        df = pd.concat([df, pd.DataFrame([{"component": "inwoners", "omschrijving": "inwoners (terugval: geen "
                                           "andere component beschikbaar)", "gewicht_param": 0.0,
                                           "beschikbaar": True, "gewicht_gebruikt": 1.0}])], ignore_index=True)
    return df.astype({"component": "string", "omschrijving": "string"})


def lokale_sleutel(kenmerken: pd.DataFrame, params: Spreiding) -> pd.DataFrame:
    """Share per gemeente under key 3 (lokale kenmerken), before rounding.

    basis_g = Σ_j w_j · x_gj / Σ_g x_gj over the usable components (:func:`effectieve_gewichten`);
    then the concentration penalty: factor_g = max(0, 1 − s · (CI_g − 1)) with s =
    ``concentratiestraf`` and CI the concentratie-index of all aandachtsgroepen together (no
    penalty when CI is unknown for a gemeente); aandeel_g = basis_g · factor_g / Σ (basis · factor).
    Columns: gemeentecode, basis, straffactor, aandeel.
    """
    eff = effectieve_gewichten(kenmerken, params)
    codes = list(kenmerken["gemeentecode"])
    basis = pd.Series(0.0, index=codes)
    for _, r in eff[eff["gewicht_gebruikt"] > 0].iterrows():
        if r["component"] == "inwoners":
            x = pd.to_numeric(kenmerken.set_index("gemeentecode")["inwoners"], errors="coerce").astype("float64")
        else:
            x = _component(kenmerken, r["component"])
        basis = basis + float(r["gewicht_gebruikt"]) * x / x.sum()
    ci = pd.to_numeric(kenmerken.set_index("gemeentecode")["concentratie_index"], errors="coerce").astype("float64")
    if ci.isna().any() or params.concentratiestraf == 0:
        factor = pd.Series(1.0, index=codes)
    else:
        factor = (1.0 - params.concentratiestraf * (ci - 1.0)).clip(lower=0.0)
    gewogen = basis * factor
    aandeel = gewogen / gewogen.sum() if gewogen.sum() > 0 else basis
    return pd.DataFrame({"gemeentecode": pd.Series(codes, dtype="string"), "basis": basis.to_numpy(),
                         "straffactor": factor.to_numpy(), "aandeel": aandeel.to_numpy()})


def opgave_overzicht(opgave: pd.DataFrame, codes: Sequence[str], params: Spreiding,
                     namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per groep: the regional total to divide, its unit and source, and whether it can be divided.

    ``opgave``: groep, gemeentecode, eigen_behoefte, huidige_inzet, eenheid, bron. The regional total
    is the sum over the gemeenten of their eigen_behoefte in whole units (:func:`heel`), i.e. of the
    figures their own reports show, so the total equals the shown sum of its parts and the
    "eigen behoefte" key gives each gemeente exactly its own figure. A groep is divided only when
    every gemeente has an eigen_behoefte (otherwise the total is incomplete) and the total is > 0,
    and, with ``params.groepen`` set, when it is listed there.
    ``per_jaar``: the opgave is a yearly flow (aandachtsgroepen) rather than a stock (bouwopgave).
    Columns: groep, eenheid, per_jaar, bron, totaal, huidige_inzet, verdeeld, reden.
    """
    rijen = []
    codes = list(codes)
    for groep, d in opgave.groupby("groep", sort=False):
        d = d.set_index("gemeentecode").reindex(codes)
        eb = pd.to_numeric(d["eigen_behoefte"], errors="coerce")
        hi = pd.to_numeric(d["huidige_inzet"], errors="coerce")
        totaal = int(sum(heel(x) for x in eb.dropna())) if not eb.isna().all() else pd.NA
        reden = ""
        if params.groepen and groep not in params.groepen:
            reden = "niet gekozen in spreiding.groepen"
        elif eb.isna().any():
            mist = ", ".join((namen or {}).get(c, c) for c, v in zip(codes, eb) if pd.isna(v))
            reden = f"eigen behoefte onbekend voor {mist}"
        elif pd.isna(totaal) or totaal <= 0:  # the shown total: demand below a half everywhere shows as 0
            reden = "totaal is 0"
        eenheid = next((str(x) for x in d["eenheid"] if isinstance(x, str) and x), "") if "eenheid" in d else ""
        bron = next((str(x) for x in d["bron"] if isinstance(x, str) and x), "") if "bron" in d else ""
        per_jaar = bool(d["per_jaar"].fillna(True).astype(bool).all()) if "per_jaar" in d else True
        soort = _soort(d, per_jaar)
        rijen.append({"groep": groep, "eenheid": eenheid, "per_jaar": per_jaar, "bron": bron,
                      "totaal": totaal,
                      "huidige_inzet": float(hi.sum()) if hi.notna().all() else np.nan,
                      "verdeeld": reden == "", "reden": reden, "soort": soort})
    kol = ["groep", "eenheid", "per_jaar", "bron", "totaal", "huidige_inzet", "verdeeld", "reden", "soort"]
    uit = pd.DataFrame(rijen, columns=kol)
    return uit.astype({"groep": "string", "eenheid": "string", "per_jaar": "bool", "bron": "string", "totaal": "Int64",
                       "huidige_inzet": "Float64", "verdeeld": "bool", "reden": "string", "soort": "string"})


def _soort(opgave: pd.DataFrame, per_jaar: bool) -> str:
    """The soort of one groep's opgave rows (an older opgave without the column: yearly demand or vraag)."""
    if "soort" in opgave.columns:
        s = [str(x) for x in opgave["soort"] if isinstance(x, str) and x]
        if s:
            return s[0]
    return SOORT_JAARLIJKS if per_jaar else SOORT_VRAAG


def verdeel(opgave: pd.DataFrame, kenmerken: pd.DataFrame, params: Spreiding) -> pd.DataFrame:
    """Divide the regional opgave of every groep over the gemeenten under the three keys (before swaps).

    ``opgave``: groep, gemeentecode, eigen_behoefte, huidige_inzet (+ eenheid); ``kenmerken``: see
    :func:`kenmerken_tabel`. Per groep the total T = Σ heel(eigen_behoefte) (:func:`opgave_overzicht`):

    - ``naar_rato``: share of inhabitants, largest remainder; for ``params.art29_groepen`` the art. 29
      formula ceil(T × inwoners_g / inwoners_regio) — then Σ toedeling may exceed T (``afronding``);
    - ``eigen_behoefte``: the gemeente's own demand in whole units, :func:`heel` (these add up to T);
    - ``lokale_kenmerken``: :func:`lokale_sleutel`, largest remainder.

    Columns: sleutel, sleutel_naam, groep, eenheid, per_jaar, gemeentecode, aandeel (key share, 0..1),
    afronding, toedeling, huidige_inzet, verschil (= toedeling − huidige_inzet), last (= toedeling ÷
    vrijkomende sociale huurwoningen per year; only for yearly opgaven, ``per_jaar``: the share of a
    year's lettings the allocation takes). Apply :func:`pas_ruilingen_toe` afterwards for the swap ledger.
    """
    codes = list(kenmerken["gemeentecode"])
    overzicht = opgave_overzicht(opgave, codes, params)
    k = kenmerken.set_index("gemeentecode")
    inw = pd.to_numeric(k["inwoners"], errors="coerce").astype("float64")
    mut = pd.to_numeric(k["mutaties"], errors="coerce").astype("float64")
    lokaal = lokale_sleutel(kenmerken, params).set_index("gemeentecode")["aandeel"]
    delen = []
    for _, og in overzicht[overzicht["verdeeld"]].iterrows():
        groep, totaal = og["groep"], int(og["totaal"])
        d = opgave[opgave["groep"] == groep].set_index("gemeentecode").reindex(codes)
        eigen = pd.to_numeric(d["eigen_behoefte"], errors="coerce").astype("float64")
        huidig = pd.to_numeric(d["huidige_inzet"], errors="coerce").astype("float64")
        for sleutel in SLEUTELS:
            afronding = GROOTSTE_REST
            if sleutel == NAAR_RATO:
                aandeel = inw / inw.sum()
                if groep in params.art29_groepen:
                    toedeling, afronding = art29_taakstelling(inw, totaal), ART29
                else:
                    toedeling = grootste_rest(inw, totaal)
            elif sleutel == EIGEN_BEHOEFTE:
                aandeel = eigen / eigen.sum()
                toedeling = eigen.map(heel).astype("int64")
            else:
                aandeel = lokaal.reindex(codes)
                toedeling = grootste_rest(aandeel, totaal)
            delen.append(pd.DataFrame({
                "sleutel": sleutel, "sleutel_naam": SLEUTELS[sleutel], "groep": groep, "eenheid": og["eenheid"],
                "per_jaar": bool(og["per_jaar"]), "gemeentecode": codes, "aandeel": aandeel.to_numpy(),
                "afronding": afronding,
                "toedeling": toedeling.to_numpy(), "huidige_inzet": huidig.to_numpy(), "soort": og["soort"],
            }))
    kol = ["sleutel", "sleutel_naam", "groep", "eenheid", "per_jaar", "gemeentecode", "aandeel", "afronding",
           "toedeling", "huidige_inzet", "verschil", "last", "soort"]
    if not delen:
        return pd.DataFrame(columns=kol)
    uit = pd.concat(delen, ignore_index=True)
    uit["toedeling"] = uit["toedeling"].astype("int64")
    uit = _herbereken(uit, mut)
    return uit[kol]


def _herbereken(verdeling: pd.DataFrame, mutaties: pd.Series) -> pd.DataFrame:
    v = verdeling.copy()
    v["verschil"] = v["toedeling"].astype("float64") - pd.to_numeric(v["huidige_inzet"], errors="coerce")
    m = mutaties.reindex(v["gemeentecode"]).to_numpy()
    per_jaar = v["per_jaar"].astype(bool).to_numpy() if "per_jaar" in v else np.ones(len(v), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        v["last"] = np.where((m > 0) & per_jaar, v["toedeling"].to_numpy(dtype="float64") / m, np.nan)
    if "soort" in v.columns:
        v["soort"] = v["soort"].astype("string")
    return v.astype({"sleutel": "string", "sleutel_naam": "string", "groep": "string", "eenheid": "string",
                     "gemeentecode": "string", "afronding": "string"})


def pas_ruilingen_toe(verdeling: pd.DataFrame, ruilingen: Sequence[Ruiling], kenmerken: pd.DataFrame,
                      bron: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the swap ledger (art. 29 lid 2) to a verdeling; totals per sleutel and groep stay fixed.

    Each swap moves ``aantal`` from ``van`` to ``naar`` for one groep, under its ``sleutel`` or (none
    given) under every key. Swaps are applied in order; a swap that would make an allocation negative,
    or names a gemeente or groep that is not in the verdeling, raises ParamsFout naming
    ``spreiding.ruilingen[i]``. Returns (verdeling with ``toedeling_berekend``, ``ruiling`` and the new
    ``toedeling``/``verschil``/``last``, the ledger table). Ledger columns: nr, sleutel, groep, van,
    naar, aantal, reden, van_voor, van_na, naar_voor, naar_na.
    """
    pre = f"{bron}: " if bron else ""
    v = verdeling.copy()
    v["toedeling_berekend"] = v["toedeling"].astype("int64")
    v["ruiling"] = 0
    codes = set(kenmerken["gemeentecode"])
    rijen = []
    for r in ruilingen:
        plek = f"{pre}spreiding.ruilingen[{r.nr - 1}]"
        for wie in (r.van, r.naar):
            if wie not in codes:
                raise ParamsFout(f"{plek}: gemeente {wie} hoort niet bij de regio "
                                 f"({', '.join(sorted(codes))})")
        groepen = set(v["groep"])
        if r.groep not in groepen:
            raise ParamsFout(f"{plek}.groep: '{r.groep}' wordt niet verdeeld; verdeelde groepen: "
                             f"{', '.join(sorted(groepen)) or 'geen'}")
        sleutels = [r.sleutel] if r.sleutel else list(dict.fromkeys(v["sleutel"]))
        for s in sleutels:
            i_van = v.index[(v["sleutel"] == s) & (v["groep"] == r.groep) & (v["gemeentecode"] == r.van)]
            i_naar = v.index[(v["sleutel"] == s) & (v["groep"] == r.groep) & (v["gemeentecode"] == r.naar)]
            van_voor, naar_voor = int(v.loc[i_van[0], "toedeling"]), int(v.loc[i_naar[0], "toedeling"])
            if van_voor - r.aantal < 0:
                raise ParamsFout(
                    f"{plek}: {r.van} kan onder sleutel '{SLEUTELS[s]}' geen {r.aantal} ({r.groep}) afstaan: "
                    f"de toedeling is {van_voor} en zou negatief worden. Verlaag 'aantal' of geef een 'sleutel'.")
            v.loc[i_van[0], "toedeling"] = van_voor - r.aantal
            v.loc[i_naar[0], "toedeling"] = naar_voor + r.aantal
            v.loc[i_van[0], "ruiling"] -= r.aantal
            v.loc[i_naar[0], "ruiling"] += r.aantal
            rijen.append({"nr": r.nr, "sleutel": s, "groep": r.groep, "van": r.van, "naar": r.naar,
                          "aantal": r.aantal, "reden": r.reden, "van_voor": van_voor,
                          "van_na": van_voor - r.aantal, "naar_voor": naar_voor, "naar_na": naar_voor + r.aantal})
    mut = pd.to_numeric(kenmerken.set_index("gemeentecode")["mutaties"], errors="coerce").astype("float64")
    v = _herbereken(v, mut)
    kol = ["nr", "sleutel", "groep", "van", "naar", "aantal", "reden", "van_voor", "van_na", "naar_voor", "naar_na"]
    ledger = pd.DataFrame(rijen, columns=kol).astype({
        "nr": "int64", "sleutel": "string", "groep": "string", "van": "string", "naar": "string", "aantal": "int64",
        "reden": "string", "van_voor": "int64", "van_na": "int64", "naar_voor": "int64", "naar_na": "int64"})
    volgorde = ["sleutel", "sleutel_naam", "groep", "eenheid", "per_jaar", "gemeentecode", "aandeel", "afronding",
                "toedeling_berekend", "ruiling", "toedeling", "huidige_inzet", "verschil", "last"]
    return v[volgorde + [k for k in ("soort",) if k in v.columns]], ledger


def spreidingsmaten(verdeling: pd.DataFrame, kenmerken: pd.DataFrame,
                    opgave_tabel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per sleutel and groep: totals, rounding difference and the spread of the burden across gemeenten.

    The spread is measured on ``last`` (toedeling ÷ vrijkomende sociale huurwoningen per year) for
    yearly opgaven when mutaties are known for every gemeente, else on toedeling per 1.000 inwoners
    (``maat`` says which): Gini (:func:`gini`) and max/min (:func:`max_min`). "Ver uiteenlopende
    scores betekent beperkt draagvlak" (serious game): a high Gini means some gemeenten carry much
    more than others. Per sleutel one extra row "alle aandachtsgroepen" sums the yearly opgaven: its
    ``last`` is the share of all lettings the aandachtsgroepen would take in each gemeente.
    ``afrondingsverschil`` = Σ toedeling − totaal (non-zero only under art. 29 rounding).
    Columns: sleutel, sleutel_naam, groep, totaal, som_toedeling, afrondingsverschil, maat, gini, max_min,
    laagste, hoogste.
    """
    kol = ["sleutel", "sleutel_naam", "groep", "totaal", "som_toedeling", "afrondingsverschil", "maat", "gini",
           "max_min", "laagste", "hoogste"]
    if verdeling.empty:
        return pd.DataFrame(columns=kol)
    k = kenmerken.set_index("gemeentecode")
    mut = pd.to_numeric(k["mutaties"], errors="coerce").astype("float64")
    mut_bekend = bool(mut.notna().all() and (mut > 0).all())
    inw = pd.to_numeric(k["inwoners"], errors="coerce").astype("float64")
    totalen = {}
    if opgave_tabel is not None and not opgave_tabel.empty:
        totalen = dict(zip(opgave_tabel["groep"], opgave_tabel["totaal"]))
    v = verdeling.copy()
    per_jaar = v["per_jaar"].astype(bool) if "per_jaar" in v else pd.Series(True, index=v.index)
    jaarlijks = v[per_jaar]
    if not jaarlijks.empty and jaarlijks["groep"].nunique() > 1:
        som = jaarlijks.groupby(["sleutel", "gemeentecode"], sort=False, as_index=False)["toedeling"].sum()
        som["groep"], som["per_jaar"] = ALLE_GROEPEN, True
        v = pd.concat([v, som], ignore_index=True)
        totalen[ALLE_GROEPEN] = sum(int(totalen[g]) for g in dict.fromkeys(jaarlijks["groep"])
                                    if g in totalen and not pd.isna(totalen[g])) if totalen else pd.NA
    rijen = []
    soorten = ({} if "soort" not in verdeling.columns else
               {g: s for g, s in zip(verdeling["groep"], verdeling["soort"]) if isinstance(s, str)})
    for (s, groep), d in v.groupby(["sleutel", "groep"], sort=False):
        toed = d["toedeling"].astype("float64").to_numpy()
        if mut_bekend and bool(d["per_jaar"].astype(bool).all()):
            x, maat = toed / mut.reindex(d["gemeentecode"]).to_numpy(), "last (toedeling ÷ mutaties per jaar)"
        else:
            x, maat = 1000 * toed / inw.reindex(d["gemeentecode"]).to_numpy(), "toedeling per 1.000 inwoners"
        som = int(d["toedeling"].sum())
        tot = totalen.get(groep, pd.NA)
        rijen.append({"sleutel": s, "sleutel_naam": SLEUTELS.get(s, s), "groep": groep, "totaal": tot,
                      "som_toedeling": som, "afrondingsverschil": (som - int(tot)) if not pd.isna(tot) else pd.NA,
                      "maat": maat, "gini": gini(x), "max_min": max_min(x),
                      "laagste": float(np.nanmin(x)) if not np.isnan(x).all() else np.nan,
                      "hoogste": float(np.nanmax(x)) if not np.isnan(x).all() else np.nan,
                      "soort": soorten.get(groep, SOORT_JAARLIJKS if groep == ALLE_GROEPEN else pd.NA)})
    uit = pd.DataFrame(rijen, columns=[*kol, "soort"])
    return uit.astype({"sleutel": "string", "sleutel_naam": "string", "groep": "string", "totaal": "Int64",
                       "som_toedeling": "Int64", "afrondingsverschil": "Int64", "maat": "string", "soort": "string"})


OPGAVE_KOLOMMEN = ["groep", "gemeentecode", "eigen_behoefte", "huidige_inzet", "inzet_bron", "eenheid", "per_jaar",
                   "bron", "soort"]

SOORT_BOUWOPGAVE = "bouwopgave"  # vraag − aanbod − plannen, supply known in every gemeente


SOORT_VRAAG = "vraag"  # a woonvorm whose supply is not known everywhere: the demand, never called bouwopgave


SOORT_JAARLIJKS = "jaarlijkse vraag"  # the yearly housing demand of an aandachtsgroep


def _laatste(df: pd.DataFrame, kolom: str, peiljaar: int) -> tuple[float, int | None]:
    """Value of ``kolom`` in the latest year <= peiljaar with a value (else the earliest year)."""
    if df.empty or kolom not in df.columns:
        return np.nan, None
    d = df[pd.to_numeric(df[kolom], errors="coerce").notna()]
    if d.empty:
        return np.nan, None
    j = kies_jaar(d, peiljaar)
    r = d[d["jaar"] == j]
    return float(pd.to_numeric(r[kolom], errors="coerce").sum()), int(j)


def jaarlijkse_vraag_regel(groep: str) -> str:
    """Which column of the local aandachtsgroepen input is a groep's yearly housing demand.

    Same reading as ``wzlib.confrontatie.urgente_vraag``: statushouders ``taakstelling_per_jaar``;
    uitstroom groups (people in a voorziening) ``uitstroom_per_jaar``; groups whose ``aantal`` is
    counted per year (urgenties: "in het jaar") ``aantal``; other groups ``instroom_per_jaar``.
    """
    g = GROEPEN.get(groep)
    if groep == "statushouders":
        return "taakstelling_per_jaar"
    if g is not None and g.hoofdgroep.lower().startswith("uitstroom"):
        return "uitstroom_per_jaar"
    if g is not None and "in het jaar" in g.aantal_omschrijving:
        return "aantal"
    return "instroom_per_jaar"


def opgave_aandachtsgroepen(aandachtsgroepen: pd.DataFrame | None, codes: Sequence[str], peiljaar: int) -> pd.DataFrame:
    """The yearly housing opgave per aandachtsgroep and gemeente, from the local input ``aandachtsgroepen``.

    ``eigen_behoefte``: the yearly demand registered for the gemeente (:func:`jaarlijkse_vraag_regel`),
    latest year <= peiljaar — the BRP/registration gemeente stands for "eigen" (caveat for regional
    voorzieningen: docs/fair-share.md). ``huidige_inzet``: what the gemeente houses now per year —
    for statushouders the gehuisveste vergunninghouders in the year (``aantal``); for the other groups
    no realised figure exists, so the status quo "each gemeente houses its own demand" is assumed
    (``inzet_bron`` says which). Groups with no yearly figure for any gemeente are left out; a groep
    with a figure for some gemeenten keeps NA for the others (:func:`opgave_overzicht` reports it).
    Ouderen are not in this table (their opgave is the bouwopgave per woonvorm).
    """
    codes = list(codes)
    if aandachtsgroepen is None or aandachtsgroepen.empty:
        return pd.DataFrame(columns=OPGAVE_KOLOMMEN)
    ag = aandachtsgroepen[aandachtsgroepen["gemeentecode"].isin(codes)]
    rijen = []
    for groep in dict.fromkeys(ag["groep"].astype(str)):
        regel = jaarlijkse_vraag_regel(groep)
        eenheid = GROEPEN[groep].eenheid if groep in GROEPEN else ""
        per = []
        for c in codes:
            d = ag[(ag["groep"] == groep) & (ag["gemeentecode"] == c)]
            v, j = _laatste(d, regel, peiljaar)
            realisatie, _ = (_laatste(d, "aantal", peiljaar) if groep == "statushouders" else (np.nan, None))
            per.append((c, v, j, realisatie))
        if all(pd.isna(v) for _, v, _, _ in per):
            continue
        jaren = sorted({j for _, _, j, _ in per if j is not None})
        for c, v, j, realisatie in per:
            if not pd.isna(realisatie):
                inzet, inzet_bron = realisatie, "gehuisvest in het jaar (lokale invoer)"
            else:
                inzet, inzet_bron = v, "aangenomen: huisvest nu de eigen vraag"
            rijen.append({"groep": groep, "gemeentecode": c, "eigen_behoefte": v, "huidige_inzet": inzet,
                          "inzet_bron": inzet_bron, "eenheid": f"{eenheid} per jaar".strip(), "per_jaar": True,
                          "bron": f"lokale invoer aandachtsgroepen, {regel.replace('_', ' ')} "
                                  f"{'/'.join(str(x) for x in jaren)}", "soort": SOORT_JAARLIJKS})
    if not rijen:
        return pd.DataFrame(columns=OPGAVE_KOLOMMEN)
    return pd.DataFrame(rijen, columns=OPGAVE_KOLOMMEN)


def opgave_woonvormen(vraag: pd.DataFrame | None, aanbod: pd.DataFrame | None, codes: Sequence[str],
                      doeljaar: int, variant: str, peiljaar: int, *, woningvoorraad: pd.DataFrame | None = None,
                      plancapaciteit: pd.DataFrame | None = None) -> pd.DataFrame:
    """The opgave per woonvorm in ``doeljaar``: the gap where supply is known, else the demand (said so).

    Per woonvorm and gemeente: ``vraag`` = projected demand in the doeljaar (result ``vraag`` of step 3,
    nearest earlier year, ``variant``); ``aanbod`` = current supply as the confrontatie reads it
    (:func:`wzlib.confrontatie.aanbod_per_woonvorm`: result ``aanbod`` of step 2, sociale huur from the
    woningvoorraad); ``plannen`` = planned additions from the peiljaar up to the doeljaar (local input
    ``plancapaciteit``, all hardheden; 0 without plans).

    - Supply known for **every** gemeente: ``soort`` = :data:`SOORT_BOUWOPGAVE` and ``eigen_behoefte`` =
      max(0, vraag − aanbod − plannen), the bouwopgave (an overschot counts as 0: spare units in one
      gemeente do not close a gap in another without an agreement). ``huidige_inzet`` stays empty: the
      supply is already subtracted.
    - Otherwise: ``soort`` = :data:`SOORT_VRAAG`; ``eigen_behoefte`` = the demand itself (never called
      bouwopgave; ``inzet_bron`` names the gemeenten without supply) and ``huidige_inzet`` = the supply
      where known, as before.

    Groep label: ``woonvorm:<sleutel>``; ``per_jaar`` False (a stock in the doeljaar).
    """
    codes = list(codes)
    if vraag is None or vraag.empty:
        return pd.DataFrame(columns=OPGAVE_KOLOMMEN)
    v = vraag[vraag["gemeentecode"].isin(codes)].copy()
    if "variant" in v.columns and (v["variant"] == variant).any():
        v = v[v["variant"] == variant]
    v["jaar"] = pd.to_numeric(v["jaar"], errors="coerce")
    jaar = kies_jaar(v, doeljaar)
    if jaar is None:
        return pd.DataFrame(columns=OPGAVE_KOLOMMEN)
    jaar = int(jaar)
    v = v[v["jaar"] == jaar]
    aanbod_g = {c: aanbod_per_woonvorm(aanbod, woningvoorraad, gemeente=c, peiljaar=peiljaar).set_index("woonvorm")
                for c in codes}
    plan_g = {c: plan_cumulatief(plancapaciteit, gemeente=c, peiljaar=peiljaar, jaren=[jaar])
              .set_index("woonvorm")["plan_cumulatief"] for c in codes}
    rijen = []
    for wv in dict.fromkeys(v["woonvorm"].astype(str)):
        eenheid = WOONVORMEN[wv].eenheid if wv in WOONVORMEN else ""
        per = []
        for c in codes:
            d = v[(v["woonvorm"] == wv) & (v["gemeentecode"] == c)]
            eigen = float(pd.to_numeric(d["aantal"], errors="coerce").sum(min_count=1)) if not d.empty else np.nan
            a = aanbod_g[c]
            huidig = float(a.loc[wv, "aanbod"]) if wv in a.index else np.nan
            plan = float(plan_g[c].get(wv, 0.0))
            per.append((c, eigen, huidig, plan))
        zonder = [c for c, _, h, _ in per if pd.isna(h)]
        for c, eigen, huidig, plan in per:
            if not zonder:
                gat = max(0.0, eigen - huidig - plan) if not pd.isna(eigen) else np.nan
                rijen.append({"groep": f"{WOONVORM_GROEP}{wv}", "gemeentecode": c, "eigen_behoefte": gat,
                              "huidige_inzet": np.nan,
                              "inzet_bron": "aanbod en plannen zijn al van de vraag afgetrokken",
                              "eenheid": f"{eenheid} tekort in {jaar} (vraag − aanbod − plannen)",
                              "per_jaar": False,
                              "bron": f"vraag {jaar} uit {PROGNOSE.naam} (variant {variant}) min aanbod uit "
                                      f"{AANBOD.naam} min plannen {peiljaar}-{jaar} (lokale invoer plancapaciteit)",
                              "soort": SOORT_BOUWOPGAVE})
            else:
                rijen.append({"groep": f"{WOONVORM_GROEP}{wv}", "gemeentecode": c, "eigen_behoefte": eigen,
                              "huidige_inzet": huidig,
                              "inzet_bron": f"huidig aanbod ({AANBOD.naam}); onbekend voor {len(zonder)} "
                                            f"van de {len(codes)} gemeenten",
                              "eenheid": f"{eenheid} gevraagd in {jaar} (aanbod onbekend)", "per_jaar": False,
                              "bron": f"vraag {jaar} uit {PROGNOSE.naam}, variant {variant}; aanbod onbekend voor "
                                      f"{len(zonder)} gemeente(n), dus geen bouwopgave",
                              "soort": SOORT_VRAAG})
    return pd.DataFrame(rijen, columns=OPGAVE_KOLOMMEN)
