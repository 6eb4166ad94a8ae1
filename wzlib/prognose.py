"""Stap 3, "prognose" — computation: population by age 10-20 years ahead (the cohort model).

CBS/PBL no longer publish the regional prognosis by age (only totals with intervals, 85173NED), so
the toolkit projects the age structure itself (domein.md §7) or takes a prognosis by age that the
regio brings (provincie, ABF Primos) in the import format (:data:`wzlib.gegevens.PROGNOSE`,
``prognose.csv`` in the regio's lokaal folder). Both give one table, ``bevolking_prognose`` (gemeentecode,
jaar, geslacht, leeftijd_van, leeftijd_tot, variant, aantal, methode), so later steps do not care which
was used. The demand per woonvorm and the aandachtsgroepen are in :mod:`wzlib.prognose_vraag`; the
report's texts and tables in :mod:`wzlib.prognose_tekst`.

**Own projection (cohort-component model, one-year steps).** Per gemeente and sex:

1. *Base*: the canonical ``bevolking`` of the base year (the latest year <= peiljaar), per class the
   source's ``totaal`` (the figure stap omvang shows) split over men and women in proportion to the
   source's man/vrouw rows (whole persons, largest remainder): one base for every report. Each age
   class is split over its single years of age in proportion to the life-table survivors l(a) (as
   in a stationary population: nearly even at young ages, declining within 85-89); the open top
   class (e.g. 95+) is one open age group A. Results are summed back to the base year's classes,
   so the base year is reproduced exactly.
2. *Survival*: sterftekans q(a) per single age from the CBS life table 37360ned when given, else a
   Gompertz-Makeham curve fitted to the CBS life expectancy at 65 (kengetallen ``prognose.sterfte``).
   Someone aged a on 1 January survives the year with S(a) = 1 − (q(a) + q(a+1)) / 2 (they are a+½
   on average); the open group with the l(x)-weighted mean of q over ages >= A; newborns with
   1 − q(0). q falls by ``daling_per_jaar`` each projection year and is multiplied by the
   variant's ``sterfte`` factor.
3. *Births*: fertility f = mean births per year (``bevolkingsontwikkeling``, the ``jaren`` calendar
   years before the base year) ÷ women 15-44 on the base date; births in year t = f × women 15-44 on
   1 January t (× variant factor), boys ``aandeel_jongens``. Without history: the default f.
4. *Migration*: net migration per year = mean (vestiging − vertrek) over the same years, spread over
   ages with the default age profile (kengetallen ``prognose.migratie.leeftijdsprofiel``, half men
   half women), added at the end of the year (× variant factor; for a negative balance the laag and
   hoog factors swap so laag stays the smallest population).
5. *Calibration* (when an 85173NED-shaped frame ``totalen`` is given: gemeentecode, jaar, variant,
   bevolking): in every year with a target, the net migration is not the history average but exactly
   what makes the total equal to the target; **the residual therefore goes to the migration ages**
   (the same age profile) and flows on through the cohorts. Years between the base year and the first
   target (and between targets) get linearly interpolated targets. The calibrated laag/midden/hoog
   use the interval bounds as totals and the variant's survival and fertility factors.

Counts are rounded to whole persons per gemeente × year × variant with the largest-remainder method,
so the rounded cells add up to the (rounded) total and calibrated totals equal the targets exactly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import catalogus as T
from .fouten import GegevensOntbreken, ParamsFout
from .gegevens import kies_jaar
from .kengetallen import VARIANTEN, Kengetallen, PrognoseParameters, klasse_tekst
from .params import Prognose as PrognoseInstellingen
from .prognose_ijking import aanvullen, onwaarschijnlijk


HORIZON = 20
LEEFTIJDSGROEPEN: tuple[int, ...] = (65, 75, 85, 90)
GESLACHTEN = ("man", "vrouw")
MAX_LEEFTIJD = 120  # life tables are extended (flat) up to this age for the open group


EIGEN = "eigen cohortmodel"
GEKALIBREERD = "eigen cohortmodel, gekalibreerd op de PBL/CBS-regionale prognose (totalen)"
EIGEN_VARIANT = "eigen cohortmodel (eigen variant)"


RESULTAAT_KOLOMMEN = ["gemeentecode", "jaar", "geslacht", "leeftijd_van", "leeftijd_tot", "variant", "aantal",
                      "methode"]


def _gompertz_q(a: float, b: float, c: float, leeftijden: np.ndarray) -> np.ndarray:
    """q(x) = 1 − exp(−∫_x^{x+1} μ) with μ(x) = c + a·e^{b·x} (Gompertz-Makeham)."""
    x = np.asarray(leeftijden, dtype=float)
    return 1.0 - np.exp(-(c + a * np.exp(b * x) * (np.exp(b) - 1.0) / b))


def levensverwachting(q: np.ndarray, vanaf: int) -> float:
    """Remaining life expectancy at age ``vanaf`` from single-age death probabilities q[0..]
    (persons dying in a year live half of it on average; the table is closed at its last age)."""
    q = np.asarray(q, dtype=float)[vanaf:]
    l = np.cumprod(np.r_[1.0, 1.0 - q])
    return float(((l[:-1] + l[1:]) / 2.0).sum())


def gompertz_sterftekansen(p: PrognoseParameters, max_leeftijd: int = MAX_LEEFTIJD) -> pd.DataFrame:
    """Offline default life table: per sex a Gompertz-Makeham curve whose level is fitted (bisection)
    so that the life expectancy at 65 equals the CBS figure in kengetallen (``prognose.sterfte``);
    q(0) is the infant mortality from the same section. Columns: geslacht, leeftijd, sterftekans."""
    leeftijden = np.arange(max_leeftijd + 1)
    delen = []
    for g in GESLACHTEN:
        b, c, e65 = p.gompertz_helling[g], p.makeham, p.levensverwachting_65[g]
        lo, hi = 1e-9, 1e-1
        for _ in range(200):
            mid = math.sqrt(lo * hi)
            if levensverwachting(_gompertz_q(mid, b, c, leeftijden), 65) > e65:
                lo = mid
            else:
                hi = mid
        q = _gompertz_q(math.sqrt(lo * hi), b, c, leeftijden)
        q[0] = p.zuigelingensterfte[g]
        q[-1] = 1.0
        delen.append(pd.DataFrame({"geslacht": g, "leeftijd": leeftijden, "sterftekans": np.minimum(q, 1.0)}))
    return pd.concat(delen, ignore_index=True)


def sterftekansen(p: PrognoseParameters, sterfte: pd.DataFrame | None = None, jaar: int | None = None,
                  max_leeftijd: int = MAX_LEEFTIJD) -> tuple[pd.DataFrame, str]:
    """Single-age death probabilities per sex (geslacht, leeftijd, sterftekans) and a Dutch source text.

    ``sterfte``: the CBS life table 37360ned as a tidy frame (geslacht, leeftijd, sterftekans, optional
    jaar — the latest year <= ``jaar`` is used); ages beyond its last age keep the last probability
    (and q = 1 at ``max_leeftijd``). Without it: :func:`gompertz_sterftekansen`.
    """
    if sterfte is None or len(sterfte) == 0:
        return gompertz_sterftekansen(p, max_leeftijd), (
            f"Gompertz-Makeham-sterftetafel, passend bij CBS-levensverwachting op 65 jaar in {p.sterfte_jaar} "
            f"(mannen {_nl(p.levensverwachting_65['man'])}, vrouwen {_nl(p.levensverwachting_65['vrouw'])} jaar)")
    df = sterfte.copy()
    ontbreekt = {"geslacht", "leeftijd", "sterftekans"} - set(df.columns)
    if ontbreekt:
        raise GegevensOntbreken(f"Sterftetafel (37360ned): kolom(men) {', '.join(sorted(ontbreekt))} ontbreken.")
    tjaar = None
    if "jaar" in df.columns and df["jaar"].notna().any():
        tjaar = kies_jaar(df.dropna(subset=["jaar"]), jaar if jaar is not None else 9999)
        df = df[df["jaar"] == tjaar]
    df["leeftijd"] = pd.to_numeric(df["leeftijd"], errors="coerce")
    df["sterftekans"] = pd.to_numeric(df["sterftekans"], errors="coerce").astype("float64")
    df = df.dropna(subset=["leeftijd", "sterftekans"])
    if ((df["sterftekans"] < 0) | (df["sterftekans"] > 1)).any():
        raise GegevensOntbreken("Sterftetafel (37360ned): sterftekans moet tussen 0 en 1 liggen.")
    delen = []
    for g in GESLACHTEN:
        s = df[df["geslacht"] == g].groupby("leeftijd")["sterftekans"].mean()
        if s.empty:
            raise GegevensOntbreken(f"Sterftetafel (37360ned): geen sterftekansen voor geslacht '{g}'.")
        s.index = s.index.astype(int)
        volledig = s.reindex(range(max_leeftijd + 1)).interpolate(limit_area="inside").ffill().bfill()
        q = np.array(volledig.to_numpy(dtype=float), copy=True)
        q[-1] = 1.0
        delen.append(pd.DataFrame({"geslacht": g, "leeftijd": np.arange(max_leeftijd + 1), "sterftekans": q}))
    bron = "CBS 37360ned (sterftekansen" + (f" {tjaar}" if tjaar is not None else "") + ")"
    return pd.concat(delen, ignore_index=True), bron


def overlevingskansen(q: np.ndarray, open_leeftijd: int) -> tuple[np.ndarray, float]:
    """One-year survival for ages 0..A (A = ``open_leeftijd``, the open group) and for newborns.

    S(a) = 1 − (q(a) + q(a+1)) / 2 for a < A; S(A) = 1 − Σ_{x>=A} l(x)q(x) / Σ_{x>=A} l(x) with
    l(A) = 1; newborns (born during the year, age 0 on 1 January): 1 − q(0).
    """
    q = np.asarray(q, dtype=float)
    a = open_leeftijd
    s = np.empty(a + 1)
    s[:a] = 1.0 - (q[:a] + q[1:a + 1]) / 2.0
    staart = q[a:]
    l = np.cumprod(np.r_[1.0, 1.0 - staart[:-1]])
    s[a] = 1.0 - float((l * staart).sum() / l.sum())
    return np.clip(s, 0.0, 1.0), float(1.0 - q[0])


def _nl(x: float, d: int = 1) -> str:
    return f"{x:.{d}f}".replace(".", ",")


def afronden(waarden: np.ndarray, totaal: int | None = None) -> np.ndarray:
    """Round non-negative values to integers that add up to ``totaal`` (default: the rounded sum),
    largest remainder first (ties: the larger value, then the first)."""
    w = np.clip(np.asarray(waarden, dtype=float), 0.0, None)
    doel = int(round(w.sum())) if totaal is None else int(totaal)
    basis = np.floor(w)
    rest = doel - int(basis.sum())
    if rest > 0:
        volgorde = np.lexsort((-w, -(w - basis)))
        basis[volgorde[:rest]] += 1
    elif rest < 0:
        kandidaten = np.flatnonzero(basis > 0)
        volgorde = kandidaten[np.lexsort((w[kandidaten], (w - basis)[kandidaten]))]
        basis[volgorde[:-rest]] -= 1
    return basis.astype(np.int64)


@dataclass(frozen=True)
class _Klassen:
    """The age classes of one gemeente's base population: (van, tot|None) per class, open top class."""

    klassen: tuple[tuple[int, int | None], ...]

    @property
    def open_leeftijd(self) -> int:
        return self.klassen[-1][0]

    def splits(self, aantallen: np.ndarray, gewichten: np.ndarray | None = None) -> np.ndarray:
        """Class counts → single ages 0..A. Within a class in proportion to ``gewichten`` (per single age;
        the projection uses the life-table survivors l(a), as in a stationary population), evenly without."""
        uit = np.zeros(self.open_leeftijd + 1)
        for (van, tot), n in zip(self.klassen, aantallen):
            if tot is None:
                uit[van] += n
                continue
            w = np.ones(tot - van + 1) if gewichten is None else np.asarray(gewichten[van:tot + 1], dtype=float)
            if w.sum() <= 0:
                w = np.ones(tot - van + 1)
            uit[van:tot + 1] += n * w / w.sum()
        return uit

    def voeg_samen(self, enkel: np.ndarray) -> np.ndarray:
        """Single ages 0..A → class counts."""
        return np.add.reduceat(enkel, [van for van, _ in self.klassen])


def _klassen(van: np.ndarray, tot: np.ndarray, code: str, geslacht: str) -> _Klassen:
    """Check that the classes of one gemeente/sex cover 0..open without gaps; Dutch error otherwise."""
    volgorde = np.argsort(van, kind="stable")
    kl = [(int(v), None if np.isnan(t) else int(t)) for v, t in zip(van[volgorde], tot[volgorde])]
    verwacht = 0
    for i, (van, tot) in enumerate(kl):
        if van != verwacht:
            raise GegevensOntbreken(
                f"bevolking, gemeente {code}, geslacht {geslacht}: leeftijdsklassen sluiten niet aan "
                f"(verwacht een klasse vanaf {verwacht}, gevonden {klasse_tekst(van, tot)}).")
        if tot is None:
            if i != len(kl) - 1:
                raise GegevensOntbreken(f"bevolking, gemeente {code}: open klasse {van}+ is niet de laatste klasse.")
            return _Klassen(tuple(kl))
        verwacht = tot + 1
    raise GegevensOntbreken(
        f"bevolking, gemeente {code}, geslacht {geslacht}: de oudste leeftijdsklasse moet open zijn "
        f"(leeftijd_tot leeg, bv. 95+); nu eindigt de tabel bij {verwacht - 1} jaar.")


def basisjaar(bevolking: pd.DataFrame, peiljaar: int) -> int:
    """The base year of the projection: the latest year of ``bevolking`` <= peiljaar."""
    j = kies_jaar(bevolking, peiljaar)
    if j is None:
        raise GegevensOntbreken("Tabel 'bevolking' is leeg: geen basis voor een prognose.")
    return j


def _per_gemeente(bevolking: pd.DataFrame, codes: Sequence[str], jaar: int) -> dict[str, dict[str, np.ndarray]]:
    """The base-year rows of ``bevolking`` per gemeentecode as plain arrays (one pass over the table)."""
    b = bevolking[(bevolking["jaar"] == jaar) & bevolking["gemeentecode"].isin(list(codes))]
    b = b.sort_values(["gemeentecode", "geslacht", "leeftijd_van"])
    kol = {"code": b["gemeentecode"].astype(str).to_numpy(), "geslacht": b["geslacht"].astype(str).to_numpy(),
           "van": b["leeftijd_van"].astype("float64").to_numpy(na_value=np.nan),
           "tot": b["leeftijd_tot"].astype("float64").to_numpy(na_value=np.nan),
           "aantal": b["aantal"].astype("float64").to_numpy(na_value=np.nan)}
    uit: dict[str, dict[str, np.ndarray]] = {}
    if len(b) == 0:
        return uit
    grenzen = np.flatnonzero(kol["code"][1:] != kol["code"][:-1]) + 1
    for begin, eind in zip(np.r_[0, grenzen], np.r_[grenzen, len(b)]):
        uit[str(kol["code"][begin])] = {k: v[begin:eind] for k, v in kol.items()}
    return uit


def _basis(per_gemeente: dict[str, dict[str, np.ndarray]], code: str, jaar: int
           ) -> tuple[dict[str, np.ndarray], _Klassen]:
    """Base population of one gemeente: class counts per sex (man/vrouw, or totaal when no split)."""
    b = per_gemeente.get(code)
    if b is None or len(b["code"]) == 0:
        raise GegevensOntbreken(f"bevolking: geen gegevens voor gemeente {code} op 1 januari {jaar}.")
    geslachten = [g for g in GESLACHTEN if (b["geslacht"] == g).any()]
    if len(geslachten) == 1:
        raise GegevensOntbreken(f"bevolking, gemeente {code}, {jaar}: alleen '{geslachten[0]}' aanwezig; "
                                "lever man en vrouw, of alleen totaal.")
    if not geslachten:
        geslachten = ["totaal"]
    kl: _Klassen | None = None
    per: dict[str, np.ndarray] = {}
    for g in geslachten:
        sel = b["geslacht"] == g
        if np.isnan(b["aantal"][sel]).any():
            raise GegevensOntbreken(f"bevolking, gemeente {code}, {jaar}, {g}: een leeftijdsklasse heeft geen aantal.")
        k = _klassen(b["van"][sel], b["tot"][sel], code, g)
        if kl is not None and k != kl:
            raise GegevensOntbreken(f"bevolking, gemeente {code}, {jaar}: man en vrouw hebben verschillende "
                                    "leeftijdsklassen.")
        kl = k
        per[g] = b["aantal"][sel].astype(float)
    if geslachten == list(GESLACHTEN):
        per = _op_totaal(per, kl, b)
    return per, kl


def _op_totaal(per: dict[str, np.ndarray], kl: _Klassen, b: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """man/vrouw per class made to add up to the source's ``totaal`` of that class (when the source has
    ``totaal`` rows with the same classes): the totaal split in proportion to man and vrouw, in whole
    persons (largest remainder). Sources that round each cell separately (CBS) give totals that differ
    from man + vrouw; stap omvang shows the totaal, so the prognosis starts from the same figure."""
    sel = b["geslacht"] == "totaal"
    if not sel.any():
        return per
    van, aantal = b["van"][sel], b["aantal"][sel]
    if np.isnan(aantal).any() or sorted(int(v) for v in van) != [v for v, _ in kl.klassen]:
        return per
    totaal = aantal[np.argsort(van, kind="stable")]
    man, vrouw = per["man"].copy(), per["vrouw"].copy()
    for i, t in enumerate(totaal):
        w = np.array([man[i], vrouw[i]], dtype=float)
        if w.sum() <= 0:
            w = np.array([0.5, 0.5])
        man[i], vrouw[i] = afronden(w * t / w.sum(), int(round(t)))
    return {"man": man, "vrouw": vrouw}


def _profiel_enkel(p: PrognoseParameters, open_leeftijd: int) -> np.ndarray:
    """The migration age profile (shares per class) as shares per single age 0..A (sum 1)."""
    uit = np.zeros(open_leeftijd + 1)
    for van, tot, aandeel in p.migratieprofiel:
        hoogste = open_leeftijd if tot is None else tot
        if tot is None and van > open_leeftijd:
            uit[open_leeftijd] += aandeel
            continue
        jaren = np.arange(van, max(hoogste, van) + 1)
        for a in jaren:
            uit[min(a, open_leeftijd)] += aandeel / len(jaren)
    s = uit.sum()
    return uit / s if s > 0 else uit


def _verdeel(n: dict[str, np.ndarray], saldo: float, gewichten: dict[str, np.ndarray]) -> None:
    """Add ``saldo`` persons with ``gewichten`` (sum 1 over sexes and ages), in place; cells that would
    become negative are set to 0 and the shortfall is taken from the other cells in proportion to size,
    so the total changes by exactly ``saldo`` (unless the population would drop below 0)."""
    for g in n:
        n[g] = n[g] + saldo * gewichten[g]
    tekort = sum(float(-np.minimum(v, 0).sum()) for v in n.values())
    if tekort <= 0:
        return
    for g in n:
        n[g] = np.maximum(n[g], 0.0)
    rest = sum(float(v.sum()) for v in n.values())
    if rest <= 0:
        return
    factor = max(0.0, 1.0 - tekort / rest)
    for g in n:
        n[g] = n[g] * factor


def componenten(bevolking: pd.DataFrame, ontwikkeling: pd.DataFrame | None, codes: Sequence[str], basis: int,
                p: PrognoseParameters) -> pd.DataFrame:
    """Fertility and net migration per gemeente from its own history (CBS 37230ned/37259eng).

    - ``vruchtbaarheid``: mean ``levend_geborenen`` over the ``vruchtbaarheid.jaren`` calendar years
      before ``basis`` ÷ women 15-44 on 1 January ``basis`` (``bevolking``); the default from
      kengetallen when the history or the split by sex is missing.
    - ``migratiesaldo``: mean (``vestiging_totaal`` − ``vertrek_totaal``) over the ``migratie.jaren``
      years before ``basis``; 0 when missing (and said so).

    Columns: gemeentecode, geboorten_per_jaar, vrouwen_15_44, vruchtbaarheid, vruchtbaarheid_bron,
    migratiesaldo, migratie_bron.
    """
    rijen = []
    ow = ontwikkeling if ontwikkeling is not None else pd.DataFrame(columns=["gemeentecode", "jaar"])
    pg = _per_gemeente(bevolking, codes, basis)
    ow = ow[ow["gemeentecode"].isin(list(codes))] if len(ow) else ow
    per_code = {str(c): d for c, d in ow.groupby("gemeentecode", sort=False)} if len(ow) else {}
    for code in codes:
        per, kl = _basis(pg, code, basis)
        vrouwen = float(kl.splits(per["vrouw"])[15:45].sum()) if "vrouw" in per else float("nan")
        h = per_code.get(code, ow.iloc[0:0])
        jv = list(range(basis - p.vruchtbaarheid_jaren, basis))
        g = h[h["jaar"].isin(jv)]["levend_geborenen"].dropna() if "levend_geborenen" in h else pd.Series(dtype=float)
        if len(g) and vrouwen and vrouwen > 0:
            geb = float(g.astype(float).mean())
            f = geb / vrouwen
            jaren = sorted(int(j) for j in h[h["jaar"].isin(jv) & h["levend_geborenen"].notna()]["jaar"])
            fbron = f"eigen geschiedenis {_jaren(jaren)} (geboorten / vrouwen 15-44 op 1-1-{basis})"
        else:
            geb, f = float("nan"), p.vruchtbaarheid
            fbron = ("standaardwaarde kengetallen (geen geboortecijfers)" if vrouwen == vrouwen
                     else "standaardwaarde kengetallen (geen verdeling naar geslacht)")
        jm = list(range(basis - p.migratie_jaren, basis))
        m = h[h["jaar"].isin(jm)] if len(h) else h
        if len(m) and {"vestiging_totaal", "vertrek_totaal"} <= set(m.columns):
            m = m.dropna(subset=["vestiging_totaal", "vertrek_totaal"])
        if len(m):
            saldo = float((m["vestiging_totaal"].astype(float) - m["vertrek_totaal"].astype(float)).mean())
            mbron = f"eigen geschiedenis {_jaren(sorted(int(j) for j in m['jaar']))} (vestiging − vertrek)"
        else:
            saldo, mbron = 0.0, "geen migratiegegevens: saldo 0 verondersteld"
        rijen.append({"gemeentecode": code, "geboorten_per_jaar": geb, "vrouwen_15_44": vrouwen,
                      "vruchtbaarheid": f, "vruchtbaarheid_bron": fbron, "migratiesaldo": saldo,
                      "migratie_bron": mbron})
    return pd.DataFrame(rijen).astype({"gemeentecode": "string", "vruchtbaarheid_bron": "string",
                                       "migratie_bron": "string"})


def _jaren(jaren: list[int]) -> str:
    if not jaren:
        return ""
    return str(jaren[0]) if len(jaren) == 1 else f"{jaren[0]}-{jaren[-1]}"


def _doelen(totalen: pd.DataFrame | None, code: str, variant: str, basis: int, basis_totaal: float,
            eind: int) -> dict[int, float]:
    """Target totals per year for one gemeente/variant: given years, linear interpolation between the
    base year (own base total) and the given years; nothing after the last given year."""
    if totalen is None or totalen.empty:
        return {}
    t = totalen[(totalen["gemeentecode"] == code) & (totalen["variant"] == variant)].dropna(subset=["bevolking"])
    t = t[t["jaar"] > basis]
    if t.empty:
        return {}
    punten = {int(j): float(b) for j, b in zip(t["jaar"], t["bevolking"])}
    xs = [basis, *sorted(punten)]
    ys = [basis_totaal, *(punten[j] for j in sorted(punten))]
    uit = {}
    for j in range(basis + 1, min(eind, xs[-1]) + 1):
        uit[j] = punten[j] if j in punten else float(np.interp(j, xs, ys))
    return uit


def projecteer(bevolking: pd.DataFrame, codes: Sequence[str], basis: int, p: PrognoseParameters,
               q: pd.DataFrame, comp: pd.DataFrame, *, horizon: int = HORIZON,
               totalen: pd.DataFrame | None = None, varianten: Iterable[str] = VARIANTEN) -> pd.DataFrame:
    """The cohort projection (see the module docstring) for every gemeente in ``codes``.

    ``q``: death probabilities (geslacht, leeftijd, sterftekans; :func:`sterftekansen`); ``comp``:
    :func:`componenten`; ``totalen``: optional 85173NED-shaped targets (gemeentecode, jaar, variant,
    bevolking) — the projection is then calibrated to them. Returns ``bevolking_prognose`` rows for
    the years basis..basis+horizon, counts rounded to whole persons (largest remainder).
    """
    qs = {g: q[q["geslacht"] == g].sort_values("leeftijd")["sterftekans"].to_numpy(dtype=float)
          for g in GESLACHTEN}
    qs["totaal"] = (qs["man"] + qs["vrouw"]) / 2.0
    comp = comp.set_index("gemeentecode")
    kansen: dict[tuple, tuple[np.ndarray, float]] = {}  # survival per (sex, variant, year, open age)
    overlevenden = {g: np.cumprod(np.r_[1.0, 1.0 - v[:-1]]) for g, v in qs.items()}  # l(a), l(0) = 1

    def overleving(g: str, var: str, t: int, A: int) -> tuple[np.ndarray, float]:
        sleutel = (g, var, t, A)
        if sleutel not in kansen:
            qg = np.minimum(qs[g] * p.varianten[var]["sterfte"] * (1.0 - p.sterfte_daling) ** t, 1.0)
            kansen[sleutel] = overlevingskansen(qg, A)
        return kansen[sleutel]

    uit = []
    pg = _per_gemeente(bevolking, codes, basis)
    for code in codes:
        per, kl = _basis(pg, code, basis)
        geslachten = list(per)
        A = kl.open_leeftijd
        profiel = _profiel_enkel(p, A)
        if geslachten == ["totaal"]:
            gewichten = {"totaal": profiel}
            jongens = {"totaal": 1.0}
        else:
            gewichten = {"man": p.aandeel_man * profiel, "vrouw": (1 - p.aandeel_man) * profiel}
            jongens = {"man": p.aandeel_jongens, "vrouw": 1 - p.aandeel_jongens}
        f = float(comp.loc[code, "vruchtbaarheid"])
        saldo = float(comp.loc[code, "migratiesaldo"])
        basis_totaal = float(sum(v.sum() for v in per.values()))
        for var in varianten:
            fac = p.varianten[var]
            mfac = fac["migratie"]
            if saldo < 0 and var in ("laag", "hoog"):
                mfac = p.varianten["hoog" if var == "laag" else "laag"]["migratie"]
            doelen = _doelen(totalen, code, var, basis, basis_totaal, basis + horizon)
            methode_j = {}
            n = {g: kl.splits(per[g], overlevenden[g]) for g in geslachten}
            tabel = {basis: {g: per[g].copy() for g in geslachten}}
            for j in range(basis, basis + horizon):
                t = j - basis
                nieuw = {}
                geboren = 0.0
                if "vrouw" in n:
                    geboren = f * fac["vruchtbaarheid"] * float(n["vrouw"][15:45].sum())
                elif "totaal" in n:
                    geboren = f * fac["vruchtbaarheid"] * 0.5 * float(n["totaal"][15:45].sum())
                for g in geslachten:
                    s, s0 = overleving(g, var, t, A)
                    m = np.empty(A + 1)
                    m[1:A] = n[g][0:A - 1] * s[0:A - 1]
                    m[A] = n[g][A - 1] * s[A - 1] + n[g][A] * s[A]
                    m[0] = geboren * jongens[g] * s0
                    nieuw[g] = m
                if j + 1 in doelen:
                    migratie = doelen[j + 1] - sum(float(v.sum()) for v in nieuw.values())
                    methode_j[j + 1] = GEKALIBREERD
                else:
                    migratie = saldo * mfac
                    methode_j[j + 1] = EIGEN if var == "midden" or not doelen else EIGEN_VARIANT
                _verdeel(nieuw, migratie, gewichten)
                n = nieuw
                tabel[j + 1] = {g: kl.voeg_samen(n[g]) for g in geslachten}
            if not doelen:
                methode_j = {j: (EIGEN if var == "midden" else EIGEN_VARIANT) for j in methode_j}
            for j, per_g in tabel.items():
                waarden = np.concatenate([per_g[g] for g in geslachten])
                if j == basis:
                    ronde = waarden.astype(np.int64)
                else:
                    ronde = afronden(waarden, round(doelen[j]) if j in doelen else None)
                methode = (methode_j.get(j) if j != basis else "waargenomen (basisjaar)")
                k = 0
                for g in geslachten:
                    for van, tot in kl.klassen:
                        uit.append((code, j, g, van, tot, var, float(ronde[k]), methode))
                        k += 1
    df = pd.DataFrame(uit, columns=RESULTAAT_KOLOMMEN)
    return _typen(df)


def _typen(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype({"gemeentecode": "string", "jaar": "Int64", "geslacht": "string", "leeftijd_van": "Int64",
                      "leeftijd_tot": "Int64", "variant": "string", "aantal": "float64", "methode": "string"})


def uit_invoer(invoer: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """An imported prognosis (:data:`wzlib.gegevens.PROGNOSE` columns) as ``bevolking_prognose`` rows for ``codes``.

    man/vrouw rows are used where a gemeente has them, otherwise its totaal rows; methode =
    "invoer: <bron>".
    """
    d = invoer[invoer["gemeentecode"].isin(list(codes))].copy()
    if d.empty:
        return _typen(pd.DataFrame(columns=RESULTAAT_KOLOMMEN))
    mv = d["geslacht"].isin(GESLACHTEN)
    heeft_mv = set(d.loc[mv, "gemeentecode"])
    d = d[mv | ~d["gemeentecode"].isin(heeft_mv)]
    bron = d["bron"].fillna("").astype(str) if "bron" in d else pd.Series("", index=d.index)
    bestand = Path(invoer.attrs.get("bestand", "prognose.csv")).name
    d["methode"] = ("invoer: " + bron.where(bron.str.len() > 0, bestand)).astype("string")
    d["aantal"] = d["aantal"].astype("float64")
    return _typen(d[RESULTAAT_KOLOMMEN].sort_values(["gemeentecode", "variant", "jaar", "geslacht", "leeftijd_van"])
                  .reset_index(drop=True))


@dataclass
class Prognose:
    """Everything the prognose step computes for all gemeenten of a regio."""

    bevolking: pd.DataFrame  # bevolking_prognose: the projection that is used (own or imported), per gemeente
    eigen: pd.DataFrame  # the own cohort projection (always computed)
    invoer: pd.DataFrame | None  # the imported prognosis (bevolking_prognose shape) or None
    componenten: pd.DataFrame  # fertility and migration per gemeente
    gebruikt: pd.DataFrame  # gemeentecode, methode, toelichting: which projection each gemeente uses
    basisjaar: int
    horizon: int
    sterfte_bron: str
    gekalibreerd: bool
    meldingen: list[str] = field(default_factory=list)
    ongekalibreerd: pd.DataFrame | None = None  # the own projection without calibration (shown beside it)
    totalen: pd.DataFrame | None = None  # the PBL/CBS totals calibrated to (with derived laag/hoog)
    onwaarschijnlijk: dict[str, str] = field(default_factory=dict)  # gemeentecode -> plausibility warning

    @property
    def jaren(self) -> list[int]:
        return list(range(self.basisjaar, self.basisjaar + self.horizon + 1))


def bereken(bevolking: pd.DataFrame, ontwikkeling: pd.DataFrame | None, codes: Sequence[str], peiljaar: int,
            kengetallen: Kengetallen, *, instellingen: PrognoseInstellingen | None = None,
            sterfte: pd.DataFrame | None = None, totalen: pd.DataFrame | None = None,
            invoer: pd.DataFrame | None = None) -> Prognose:
    """Population by age for every gemeente in ``codes``, base year to base year + horizon.

    Own cohort projection (always; calibrated to ``totalen`` — PBL/CBS 85173NED or 85171NED, see
    :func:`wzlib.prognose_ijking.kies_totalen` — when given and ``kalibreren``; laag/hoog missing from the
    totals follow the own model's spread around the calibrated midden, :func:`wzlib.prognose_ijking.aanvullen`),
    the same projection uncalibrated (``ongekalibreerd``, shown beside it; for gemeenten without totals it
    is checked against the plausibility rule of :mod:`wzlib.prognose_ijking`), and the imported prognosis ``invoer`` (:data:`wzlib.gegevens.PROGNOSE`) when given: with
    ``bron`` automatisch/invoer the import replaces the own projection for the gemeenten it covers.
    """
    st = instellingen if instellingen is not None else PrognoseInstellingen()
    codes = [str(c) for c in codes]
    if not codes:
        raise ParamsFout("Geen gemeenten opgegeven voor de prognose.")
    p = kengetallen.prognose()
    basis = basisjaar(bevolking, peiljaar)
    q, sbron = sterftekansen(p, sterfte, jaar=basis)
    comp = componenten(bevolking, ontwikkeling, codes, basis, p)
    meldingen: list[str] = []
    kal = st.kalibreren and totalen is not None and not totalen.empty
    ongekalibreerd = projecteer(bevolking, codes, basis, p, q, comp, horizon=st.horizon)
    doelen = None
    zonder = list(codes)
    if kal:
        zonder = [c for c in codes if not (totalen["gemeentecode"] == c).any()]
        if zonder:
            meldingen.append(f"Geen PBL/CBS-prognosetotalen voor {', '.join(zonder)}: daar niet gekalibreerd.")
        doelen = aanvullen(totalen, ongekalibreerd)
        eigen = projecteer(bevolking, codes, basis, p, q, comp, horizon=st.horizon, totalen=doelen)
    else:
        eigen = ongekalibreerd
    onwaarschijnlijke = onwaarschijnlijk(ongekalibreerd, zonder, basis) if st.bron != "invoer" else {}
    inv = None
    if invoer is not None and not invoer.empty and st.bron != "eigen":
        inv = uit_invoer(invoer, codes)
        inv = inv[(inv["jaar"] >= basis) & (inv["jaar"] <= basis + st.horizon)].reset_index(drop=True)
        if inv.empty:
            meldingen.append("De ingelezen prognose bevat geen gemeenten of jaren van deze regio en periode.")
            inv = None
        else:  # a prognosis that starts later than the base year: the observed base year goes in front
            delen_inv = [inv]
            for (c, var), d in inv.groupby(["gemeentecode", "variant"]):
                if not (d["jaar"] == basis).any():
                    b0 = eigen[(eigen["gemeentecode"] == c) & (eigen["jaar"] == basis) & (eigen["variant"] == var)]
                    delen_inv.append(b0)
            inv = _typen(pd.concat(delen_inv, ignore_index=True).sort_values(
                ["gemeentecode", "variant", "jaar", "geslacht", "leeftijd_van"], ignore_index=True))
    if st.bron == "invoer" and inv is None:
        raise GegevensOntbreken(f"prognose.bron is 'invoer', maar er is geen bruikbaar {st.bestand} in de "
                                "map met lokale invoer.")
    gebruikt, delen = [], []
    for c in codes:
        if inv is not None and (inv["gemeentecode"] == c).any():
            d = inv[inv["gemeentecode"] == c]
            varianten = ", ".join(v for v in VARIANTEN if v in set(d["variant"]))
            gebruikt.append({"gemeentecode": c, "methode": d["methode"].iloc[0],
                             "toelichting": f"ingelezen prognose naar leeftijd (varianten: {varianten})"})
            delen.append(d)
        else:
            d = eigen[eigen["gemeentecode"] == c]
            kal_c = kal and (totalen["gemeentecode"] == c).any()
            interval = kal_c and totalen[totalen["gemeentecode"] == c]["variant"].isin(["laag", "hoog"]).any()
            gebruikt.append({"gemeentecode": c, "methode": GEKALIBREERD if kal_c else EIGEN,
                             "toelichting": (("totaal per jaar gelijk aan de PBL/CBS-prognose (midden en "
                                              "intervalgrenzen)" if interval else
                                              "totaal per jaar (midden) gelijk aan de PBL/CBS-prognose; laag en "
                                              "hoog met de spreiding van het eigen model daaromheen")
                                             + "; restverschil via de migratieleeftijden"
                                             if kal_c else "laag/hoog zijn eigen varianten (migratie, sterfte, "
                                             "vruchtbaarheid); geen CBS/PBL-totalen gebruikt")})
            delen.append(d)
    gekozen = _typen(pd.concat(delen, ignore_index=True))
    return Prognose(bevolking=gekozen, eigen=eigen, invoer=inv, componenten=comp,
                    gebruikt=pd.DataFrame(gebruikt).astype("string"), basisjaar=basis, horizon=st.horizon,
                    sterfte_bron=sbron, gekalibreerd=bool(kal), meldingen=meldingen,
                    ongekalibreerd=ongekalibreerd, totalen=doelen, onwaarschijnlijk=onwaarschijnlijke)


def _zonder_dubbel(prognose: pd.DataFrame) -> pd.DataFrame:
    """man + vrouw rows where a gemeente has them, otherwise its totaal rows (never both)."""
    mv = prognose["geslacht"].isin(GESLACHTEN)
    heeft = set(prognose.loc[mv, "gemeentecode"])
    return prognose[mv | ~prognose["gemeentecode"].isin(heeft)]


def leeftijdsgroepen(prognose: pd.DataFrame, grenzen: Sequence[int] = LEEFTIJDSGROEPEN) -> pd.DataFrame:
    """Persons aged ``grens`` or older per gemeente, year and variant (sexes together), from
    ``bevolking_prognose``. Columns: gemeentecode, jaar, variant, leeftijdsgroep ('75+'), grens, aantal.
    A class that straddles a boundary (e.g. 70-79 for 75+) is an error."""
    d = _zonder_dubbel(prognose)
    delen = []
    for grens in grenzen:
        over = d[(d["leeftijd_van"] < grens) & (d["leeftijd_tot"].isna() | (d["leeftijd_tot"] >= grens))]
        if not over.empty:
            r = over.iloc[0]
            raise GegevensOntbreken(
                f"bevolking_prognose: leeftijdsklasse {klasse_tekst(r['leeftijd_van'], r['leeftijd_tot'])} "
                f"(gemeente {r['gemeentecode']}) loopt over de grens van {grens} jaar; {grens}+ is niet te berekenen.")
        s = (d[d["leeftijd_van"] >= grens].groupby(["gemeentecode", "jaar", "variant"], as_index=False)["aantal"]
             .sum())
        s["leeftijdsgroep"] = f"{grens}+"
        s["grens"] = grens
        delen.append(s)
    uit = pd.concat(delen, ignore_index=True)[["gemeentecode", "jaar", "variant", "leeftijdsgroep", "grens", "aantal"]]
    return uit.astype({"gemeentecode": "string", "jaar": "Int64", "variant": "string", "leeftijdsgroep": "string",
                       "grens": "Int64", "aantal": "float64"}).sort_values(
        ["gemeentecode", "grens", "variant", "jaar"], ignore_index=True)


def groei(groepen: pd.DataFrame, basis: int, stappen: Sequence[int] = (10, 20)) -> pd.DataFrame:
    """Counts and growth factors (aantal in basis+stap ÷ aantal in basis) per gemeente, age group and
    variant. Columns: gemeentecode, leeftijdsgroep, variant, basisjaar, aantal_basis, jaar, aantal,
    groeifactor."""
    b = groepen[groepen["jaar"] == basis][["gemeentecode", "leeftijdsgroep", "variant", "aantal"]].rename(
        columns={"aantal": "aantal_basis"})
    later = groepen[groepen["jaar"].isin([basis + s for s in stappen])]
    uit = later.merge(b, on=["gemeentecode", "leeftijdsgroep", "variant"], how="left")
    uit["basisjaar"] = basis
    uit["groeifactor"] = uit["aantal"] / uit["aantal_basis"].where(uit["aantal_basis"] > 0)
    return uit[["gemeentecode", "leeftijdsgroep", "variant", "basisjaar", "aantal_basis", "jaar", "aantal",
                "groeifactor"]].sort_values(["gemeentecode", "leeftijdsgroep", "variant", "jaar"], ignore_index=True)


def basis_verschillen(bevolking: pd.DataFrame, gemeente: str, jaar: int,
                     grenzen: Sequence[int] = (65, 75, 85)) -> pd.DataFrame:
    """Per age group (65+, 75+, 85+) the source's ``totaal`` rows against man + vrouw in ``jaar``.

    Sources that round each cell (CBS postcode figures are rounded to 5) give a total that differs
    from the sum of the sexes. Stap omvang and the prognosis both use the ``totaal`` (the prognosis splits
    it over the sexes, :func:`_op_totaal`); this table shows how much the source's man + vrouw differ.
    Columns: leeftijdsgroep, totaal, man_vrouw, verschil; empty when the source has no ``totaal`` rows
    for the gemeente.
    """
    b = bevolking[(bevolking["gemeentecode"] == gemeente) & (pd.to_numeric(bevolking["jaar"]) == jaar)]
    tot, mv = b[b["geslacht"] == "totaal"], b[b["geslacht"].isin(["man", "vrouw"])]
    kolommen = ["leeftijdsgroep", "totaal", "man_vrouw", "verschil"]
    if tot.empty or mv.empty:
        return pd.DataFrame(columns=kolommen)
    rijen = []
    for g in grenzen:
        t = float(pd.to_numeric(tot.loc[tot["leeftijd_van"] >= g, "aantal"]).sum())
        m = float(pd.to_numeric(mv.loc[mv["leeftijd_van"] >= g, "aantal"]).sum())
        rijen.append({"leeftijdsgroep": f"{g}+", "totaal": t, "man_vrouw": m, "verschil": t - m})
    return pd.DataFrame(rijen, columns=kolommen)


def vergelijking(eigen: pd.DataFrame, invoer: pd.DataFrame | None, grenzen: Sequence[int] = (65, 75, 85),
                 jaren: Sequence[int] | None = None) -> pd.DataFrame:
    """Own projection next to the imported one (midden) per gemeente, age group and year. Columns:
    gemeentecode, leeftijdsgroep, jaar, eigen, invoer, verschil (invoer − eigen). Empty without import."""
    if invoer is None or invoer.empty:
        return pd.DataFrame(columns=["gemeentecode", "leeftijdsgroep", "jaar", "eigen", "invoer", "verschil"])
    e = leeftijdsgroepen(eigen[eigen["variant"] == "midden"], grenzen)
    i = leeftijdsgroepen(invoer[invoer["variant"] == "midden"], grenzen)
    m = e.merge(i, on=["gemeentecode", "jaar", "leeftijdsgroep"], suffixes=("_eigen", "_invoer"))
    m = m.rename(columns={"aantal_eigen": "eigen", "aantal_invoer": "invoer"})
    if jaren is not None:
        m = m[m["jaar"].isin(list(jaren))]
    m["verschil"] = m["invoer"] - m["eigen"]
    return m[["gemeentecode", "leeftijdsgroep", "jaar", "eigen", "invoer", "verschil"]].reset_index(drop=True)


def terugblik(prognose: pd.DataFrame, ontwikkeling: pd.DataFrame | None, gemeente: str | None = None) -> pd.DataFrame:
    """Projected total (midden) against the observed population on 1 January (CBS 37230ned
    ``bevolking_1jan``) for the years after the base year that are already known (one gemeente or all).
    Columns: gemeentecode, jaar, prognose, waargenomen, verschil, verschil_aandeel (fraction of waargenomen)."""
    kol = ["gemeentecode", "jaar", "prognose", "waargenomen", "verschil", "verschil_aandeel"]
    if gemeente is not None:
        prognose = prognose[prognose["gemeentecode"] == gemeente]
    if ontwikkeling is None or ontwikkeling.empty or prognose.empty:
        return pd.DataFrame(columns=kol)
    basis = int(prognose["jaar"].min())
    t = prognose[(prognose["variant"] == "midden") & (prognose["jaar"] > basis)]
    t = t.groupby(["gemeentecode", "jaar"], as_index=False)["aantal"].sum().rename(columns={"aantal": "prognose"})
    o = ontwikkeling[["gemeentecode", "jaar", "bevolking_1jan"]].rename(columns={"bevolking_1jan": "waargenomen"})
    m = t.merge(o, on=["gemeentecode", "jaar"]).dropna(subset=["waargenomen"])
    m["waargenomen"] = m["waargenomen"].astype("float64")
    m["verschil"] = m["prognose"] - m["waargenomen"]
    m["verschil_aandeel"] = m["verschil"] / m["waargenomen"]
    return m[kol].reset_index(drop=True)


def resultaten(res: Prognose, vr: pd.DataFrame, doelen: pd.DataFrame, gp: pd.DataFrame,
               kengetallen: Kengetallen, gemeente: str) -> dict[T.Tabel, pd.DataFrame]:
    """The result tables of the step for one gemeente (catalogue: bevolking_prognose, vraag,
    doelen_landelijk, groepen_prognose, kengetallen); later steps read them per gemeente."""
    def een(df: pd.DataFrame) -> pd.DataFrame:
        return df[df["gemeentecode"] == gemeente].reset_index(drop=True)

    return {T.BEVOLKING_PROGNOSE: een(res.bevolking), T.VRAAG: een(vr), T.DOELEN_LANDELIJK: een(doelen),
            T.GROEPEN_PROGNOSE: een(gp), T.KENGETALLEN: kengetallen.tabel()}
