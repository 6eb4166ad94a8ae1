"""The *Kern* that opens every gemeente report: 3–6 key figures next to the regio and Nederland, and the main
conclusions as sentences with numbers.

One function per step builds a :class:`Kern` from the tables the report itself shows (the same computed
frames, passed in by the notebook, or read from the catalogue by the samenvatting), so a figure in the Kern
is the figure further down the page. :func:`toon` renders it with the regio's disclosure rules: counts below
the threshold become the marker, in the table and in the sentences ("minder dan 10").
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import prognose_tekst
from .confrontatie import URGENT_METHODE, grootste_tekorten
from .gegevens import NEDERLAND
from .groepen import WOONVORMEN
from .omvang import NL_LABEL, ONTBREEKT, REGIO_CODE
from .params import HORIZON
from .presentatie.afscherming import Regels, controleer_regels, rond_af
from .presentatie.getallen import ONTBREEKT as STREEP
from .presentatie.getallen import is_leeg, nl_getal, nl_pct, tekst_getal
from .presentatie.tabellen import Bron, Tabel, tabel

#: Kinds of a key figure: a count (suppressed below the threshold), a share (fraction 0..1), a growth
#: factor (1,50 = half as many again), a rate (per 1.000) or a text.
SOORTEN = ("aantal", "pct", "factor", "per_1000", "tekst")
KOLOMMEN = ["kerncijfer", "soort", "kwetsbaar", "gemeente", "regio", "nederland"]


@dataclass
class Kern:
    """Key figures (``cijfers``: one row per figure, columns :data:`KOLOMMEN`) and conclusions (``zinnen``,
    Markdown-free Dutch sentences; counts in them already follow the small-number rule)."""

    naam: str
    cijfers: pd.DataFrame
    zinnen: list[str] = field(default_factory=list)

    def waarde(self, kerncijfer: str, wie: str = "gemeente") -> Any:
        """The value of one key figure (``wie``: gemeente, regio or nederland); KeyError when absent."""
        r = self.cijfers[self.cijfers["kerncijfer"] == kerncijfer]
        if r.empty:
            raise KeyError(kerncijfer)
        return r[wie].iloc[0]


def _rij(kerncijfer: str, soort: str, gemeente: Any, regio: Any = np.nan, nederland: Any = np.nan,
         kwetsbaar: bool = False) -> dict[str, Any]:
    assert soort in SOORTEN, soort
    return {"kerncijfer": kerncijfer, "soort": soort, "kwetsbaar": kwetsbaar, "gemeente": gemeente, "regio": regio,
            "nederland": nederland}


def _frame(rijen: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rijen, columns=KOLOMMEN).astype({"kwetsbaar": bool})


def _f(x: Any) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return math.nan


def _vergelijk(a: float, b: float) -> str:
    """'hoger dan', 'lager dan' or 'gelijk aan' (within half a percentage point)."""
    if abs(a - b) < 0.005:
        return "ongeveer gelijk aan"
    return "hoger dan" if a > b else "lager dan"


# --------------------------------------------------------------------------------------------------
# Stap 1: omvang
# --------------------------------------------------------------------------------------------------
def omvang(ouderen: pd.DataFrame, groepen: pd.DataFrame, gemeente: str, naam: str, *, klein: int = 10) -> Kern:
    """Kern of the omvang report from :func:`wzlib.omvang.ouderen` (``met_vergelijking``: with the regio and
    Nederland rows) and :func:`wzlib.omvang.groepen_omvang`: inhabitants, 75+ and 85+ (count and share),
    75+ living alone, and how many groups have a figure."""
    o = ouderen.set_index(["gemeentecode", "leeftijdsgroep"])

    def w(code: str, lg: str, kolom: str) -> float:
        return _f(o[kolom].get((code, lg), np.nan))

    codes = (gemeente, REGIO_CODE, NEDERLAND)
    rijen = [_rij("Inwoners", "aantal", *(w(c, "65+", "inwoners") for c in codes)),
             _rij("75-plussers", "aantal", *(w(c, "75+", "aantal") for c in codes)),
             _rij("75-plussers (% van de inwoners)", "pct", *(w(c, "75+", "aandeel") for c in codes)),
             _rij("85-plussers (% van de inwoners)", "pct", *(w(c, "85+", "aandeel") for c in codes)),
             _rij("75-plussers die alleen wonen (%)", "pct", *(w(c, "75+", "alleenstaand_aandeel") for c in codes))]
    g = groepen[(groepen["gemeentecode"] == gemeente) & (groepen["soort"] != "ouderen")] \
        if "soort" in groepen.columns else groepen[groepen["gemeentecode"] == gemeente]
    met = g[g["status"] != ONTBREEKT]
    rijen.append(_rij("Aandachtsgroepen met een cijfer", "tekst", f"{len(met)} van {len(g)}"))

    zinnen = []
    a75, r75, n75 = (w(c, "75+", "aandeel") for c in codes)
    if not math.isnan(a75):
        z = (f"In {naam} wonen {tekst_getal(w(gemeente, '75+', 'aantal'), 0)} 75-plussers: {nl_pct(a75)} van de "
             "inwoners")
        vgl = [f"{nl_pct(x)} in {wie}" for x, wie in ((r75, "de regio"), (n75, "Nederland")) if not math.isnan(x)]
        if vgl:
            basis = r75 if not math.isnan(r75) else n75
            z += f", {_vergelijk(a75, basis)} {' en '.join(vgl)}"
        zinnen.append(z + ".")
    al, ral = w(gemeente, "75+", "alleenstaand_aandeel"), w(REGIO_CODE, "75+", "alleenstaand_aandeel")
    if not math.isnan(al):
        zinnen.append(f"{nl_pct(al, 0)} van de 75-plussers woont alleen"
                      + (f" (regio {nl_pct(ral, 0)})." if not math.isnan(ral) else "."))
    if len(g):
        mist = [str(x) for x in g.loc[g["status"] == ONTBREEKT, "label"]]
        z = f"Voor {len(met)} van de {len(g)} aandachtsgroepen en urgente groepen is er een cijfer"
        if mist:
            z += f"; zonder cijfer: {', '.join(mist[:6])}{' en meer' if len(mist) > 6 else ''}"
        zinnen.append(z + ".")
        per = met.assign(_p=met["per_1000"].astype("Float64")).dropna(subset=["_p"])
        per = per[per["aantal"].astype(float) >= klein]
        if len(per):
            top = per.sort_values("_p", ascending=False).iloc[0]
            zinnen.append(f"De grootste groep naar verhouding: {top['label']}, {nl_getal(top['_p'], 1)} per 1.000 "
                          f"inwoners ({tekst_getal(top['aantal'], klein)} {top['eenheid']}).")
    return Kern(naam, _frame(rijen), zinnen)


# --------------------------------------------------------------------------------------------------
# Stap 2: aanbod
# --------------------------------------------------------------------------------------------------
KERN_WOONVORMEN = ("nultreden", "geclusterd", "verpleegzorg")


def aanbod(vergelijking: pd.DataFrame, aanbod_vergelijking: pd.DataFrame, naam: str, *, doel: float,
           klein: int = 10) -> Kern:
    """Kern of the aanbod report from the two tables the report shows:
    :func:`wzlib.aanbod_tekst.woningvoorraad_vergelijking` (gemeente first, then the other gemeenten, the regio
    and perhaps Nederland) and :func:`wzlib.aanbod_tekst.aanbod_vergelijking` (per woonvorm, with regio)."""
    v = vergelijking.reset_index(drop=True)
    n = len(v)
    heeft_nl = str(v["gebied"].iloc[-1]) == NL_LABEL
    nl_pos = n - 1 if heeft_nl else None
    regio_pos = n - 2 if heeft_nl else n - 1

    def w(pos: int | None, kolom: str) -> float:
        return _f(v.at[pos, kolom]) if pos is not None else math.nan

    rijen = [_rij("Woningvoorraad", "aantal", w(0, "woningvoorraad"), w(regio_pos, "woningvoorraad"),
                  w(nl_pos, "woningvoorraad")),
             _rij("Huurwoningen (%)", "pct", w(0, "huur_aandeel"), w(regio_pos, "huur_aandeel"),
                  w(nl_pos, "huur_aandeel")),
             _rij("Sociale huur (% van de voorraad)", "pct", w(0, "sociale_huur_aandeel"),
                  w(regio_pos, "sociale_huur_aandeel"), w(nl_pos, "sociale_huur_aandeel"))]
    a = aanbod_vergelijking.set_index("woonvorm")
    for wv in KERN_WOONVORMEN:
        label = WOONVORMEN[wv].label
        if label in a.index:
            rijen.append(_rij(f"{label} per 1.000 inwoners", "per_1000", _f(a.at[label, "per_1000"]),
                              _f(a.at[label, "regio_per_1000"])))
    zinnen = []
    sh = w(0, "sociale_huur_aandeel")
    if not math.isnan(sh):
        zinnen.append(f"{nl_pct(sh)} van de woningen in {naam} is sociale huur; het doel is gemiddeld "
                      f"{nl_pct(doel, 0)} ({'boven' if sh >= doel else 'onder'} het doel).")
    else:
        zinnen.append(f"Het aandeel sociale huur in {naam} is onbekend: de sociale huurvoorraad is niet aangeleverd.")
    bekend = a[a["aantal"].notna()] if "aantal" in a.columns else a.iloc[0:0]
    mist = [str(i) for i in a.index if i not in bekend.index]
    if len(a):
        z = f"Voor {len(bekend)} van de {len(a)} woonvormen is het aanbod bekend"
        zinnen.append(z + (f"; het ontbreekt voor {', '.join(mist)}." if mist else "."))
    for wv in KERN_WOONVORMEN:
        label = WOONVORMEN[wv].label
        if label in bekend.index:
            g, r = _f(a.at[label, "per_1000"]), _f(a.at[label, "regio_per_1000"])
            if not math.isnan(g) and not math.isnan(r) and r > 0:
                zinnen.append(f"{label}: {tekst_getal(a.at[label, 'aantal'], klein)} {a.at[label, 'eenheid']}, "
                              f"{nl_getal(g, 1)} per 1.000 inwoners tegen {nl_getal(r, 1)} in de regio.")
                break
    return Kern(naam, _frame(rijen), zinnen)


# --------------------------------------------------------------------------------------------------
# Stap 3: prognose
# --------------------------------------------------------------------------------------------------
def prognose(leeftijdsgroepen: pd.DataFrame, vraag: pd.DataFrame, gemeente: str, naam: str, *, basisjaar: int,
             namen: Mapping[str, str] | None = None, regio_naam: str = "Regio", stappen: Sequence[int] = (10, 20),
             klein: int = 10) -> Kern:
    """Kern of the prognose report from :func:`wzlib.prognose.leeftijdsgroepen` (all gemeenten of the regio)
    and the demand per woonvorm (:func:`wzlib.prognose_vraag.vraag`): 75+ and 85+ now and after each step
    (midden), the growth against the regio (there is no Dutch projection by age in the sources), and the
    demand for geclusterd wonen and verpleegzorg."""
    kern = prognose_tekst.kerncijfers(leeftijdsgroepen, gemeente, basisjaar, stappen)
    groei = prognose_tekst.groei_overzicht(leeftijdsgroepen, basisjaar, namen, regio_naam=regio_naam,
                                           stappen=stappen)
    k = kern.set_index("leeftijdsgroep") if len(kern) else pd.DataFrame()
    regio = groei.iloc[-1]
    laatste = basisjaar + stappen[-1]
    rijen = []
    if "75+" in k.index:  # the 75-plussers now and after each step, their growth; of the 85+ the growth
        rijen.append(_rij(f"75+ in {basisjaar}", "aantal", _f(k.at["75+", str(basisjaar)]),
                          _f(regio.get(f"75+ {basisjaar}"))))
        for s in stappen:
            rijen.append(_rij(f"75+ in {basisjaar + s} (midden)", "aantal", _f(k.at["75+", f"{basisjaar + s} midden"]),
                              _f(regio.get(f"75+ {basisjaar + s}"))))
    for lg in ("75+", "85+"):
        if lg in k.index:
            rijen.append(_rij(f"Groei {lg} tot {laatste} (factor)", "factor", _f(k.at[lg, f"groei {laatste}"]),
                              _f(regio.get(f"groei {lg}"))))
    zinnen = []
    if "75+" in k.index:
        nu, later = _f(k.at["75+", str(basisjaar)]), _f(k.at["75+", f"{laatste} midden"])
        lo, hi = _f(k.at["75+", f"{laatste} laag"]), _f(k.at["75+", f"{laatste} hoog"])
        f, fr = _f(k.at["75+", f"groei {laatste}"]), _f(regio.get("groei 75+"))
        z = (f"Het aantal 75-plussers in {naam} gaat van {tekst_getal(nu, 0)} in {basisjaar} naar ongeveer "
             f"{tekst_getal(later, 0)} in {laatste} (bandbreedte {tekst_getal(lo, 0)} tot {tekst_getal(hi, 0)}): "
             f"een factor {nl_getal(f, 2)}")
        zinnen.append(z + (f", tegen {nl_getal(fr, 2)} in de regio." if not math.isnan(fr) else "."))
    v = vraag[(vraag["gemeentecode"] == gemeente) & (vraag["variant"] == "midden")]
    for wv in ("geclusterd", "verpleegzorg"):
        d = v[v["woonvorm"] == wv].set_index("jaar")["aantal"]
        if basisjaar in d.index and laatste in d.index:
            info = WOONVORMEN[wv]
            if len(rijen) < 6:  # at most six key figures; the sentences name both woonvormen
                rijen.append(_rij(f"Vraag {info.label.lower()} {laatste} (midden)", "aantal", _f(d[laatste])))
            zinnen.append(f"De vraag naar {info.label.lower()} groeit van {tekst_getal(d[basisjaar], klein)} naar "
                          f"{tekst_getal(d[laatste], klein)} {info.eenheid} in {laatste} (middenvariant).")
    return Kern(naam, _frame(rijen), zinnen)


# --------------------------------------------------------------------------------------------------
# Stap 5: confrontatie
# --------------------------------------------------------------------------------------------------
def confrontatie(conf: pd.DataFrame, urg: pd.DataFrame | None, naam: str, *, peiljaar: int,
                 horizon: Sequence[int] = HORIZON, norm: float | None = None, n: int = 3,
                 klein: int = 10, na_correcties: bool = False) -> Kern:
    """Kern of the confrontatie report from the confrontation table (:func:`wzlib.confrontatie.bereken`, after
    the partners' corrections: the table the step stores) and the urgent share
    (:func:`wzlib.confrontatie.urgentie`): the gap after plans over 10 and 20 years for geclusterd wonen and
    verpleegzorg (nultreden: the last year), the urgent share against the norm, and the largest gaps as
    sentences. ``na_correcties``: partners corrected the aanbod, and a sentence says the figures include that."""
    m = conf[conf["variant"] == "midden"]
    stappen = [h for h in horizon if h]
    rijen = []
    for wv in KERN_WOONVORMEN:
        d = m[m["woonvorm"] == wv].set_index("jaar")["tekort_met_plan"]
        for h in (stappen[-1:] if wv == "nultreden" else stappen):
            j = peiljaar + h
            if j in d.index and not pd.isna(d[j]):
                rijen.append(_rij(f"Tekort {WOONVORMEN[wv].label.lower()} {j}", "aantal", _f(d[j]),
                                  kwetsbaar=True))  # as in the report's tables of this step
    zinnen = []
    top = grootste_tekorten(conf, peiljaar=peiljaar, n=n, horizon=horizon)
    if top.empty:
        zinnen.append(f"Voor {naam} is nog geen tekort of overschot te berekenen: er is voor geen enkele woonvorm "
                      "zowel een vraagraming als een aanbodcijfer.")
    for r in top.itertuples():
        stroom = " per jaar" if r.methode == URGENT_METHODE else ""
        zinnen.append(f"{r.label}: {r.soort} van {tekst_getal(abs(r.tekort_met_plan), klein)} {r.eenheid}{stroom} "
                      f"in {r.jaar} (vraag {tekst_getal(r.vraag, klein)}, aanbod {tekst_getal(r.aanbod, klein)}"
                      + (f", plus {tekst_getal(r.plan_cumulatief, klein)} gepland" if r.plan_cumulatief else "")
                      + ").")
    if na_correcties:
        zinnen.append("Deze tekorten zijn berekend na de correcties die partners op het aanbod gaven (zie 'Vraag en "
                      "aanbod na de partnerronde').")
    if urg is not None and len(urg) and urg["aandeel"].notna().any():
        e = urg[urg["aandeel"].notna()].iloc[0]
        nrm = _f(e["norm"]) if norm is None else norm
        rijen.append(_rij(f"Aandeel toewijzingen naar urgenten {int(e['jaar'])}", "pct", _f(e["aandeel"])))
        zinnen.append(f"In {int(e['jaar'])} moet {nl_pct(e['aandeel'], 0)} van de vrijkomende sociale huurwoningen "
                      f"naar urgente groepen: {'boven' if e['aandeel'] > nrm else 'binnen'} de regionale norm van "
                      f"{nl_pct(nrm, 0)}.")
    return Kern(naam, _frame(rijen), zinnen)


# --------------------------------------------------------------------------------------------------
# Tonen
# --------------------------------------------------------------------------------------------------
def _cel(x: Any, soort: str, kwetsbaar: bool, r: Regels) -> tuple[str, bool]:
    """Display text of one value, and whether it was suppressed."""
    if soort == "tekst":
        return (STREEP if is_leeg(x) else str(x)), False
    if is_leeg(x):
        return STREEP, False
    x = float(x)
    if soort == "aantal":
        if 0 < abs(x) < r.drempel(kwetsbaar):
            return r.teken(kwetsbaar), True
        return nl_getal(rond_af(x, r, kwetsbaar)), False
    if soort == "pct":
        return nl_pct(x, 1), False
    if soort == "factor":
        return nl_getal(x, 2), False
    return nl_getal(x, 1), False


def weergave(kern: Kern, *, regels: Regels, gemeentenaam: str | None = None) -> tuple[pd.DataFrame, bool]:
    """The Kern table as text (suppressed counts as the marker) and whether any cell was suppressed.
    Regio and Nederland columns are left out when they hold nothing."""
    r = controleer_regels(regels)
    kolommen = {"gemeente": gemeentenaam or kern.naam, "regio": "Regio", "nederland": "Nederland"}
    c = kern.cijfers
    bruikbaar = [k for k in kolommen if k == "gemeente" or c[k].map(lambda x: not is_leeg(x)).any()]
    uit: dict[str, list[str]] = {"Kerncijfer": list(c["kerncijfer"])}
    afgeschermd = False
    for k in bruikbaar:
        cellen = [_cel(x, s, kw, r) for x, s, kw in zip(c[k], c["soort"], c["kwetsbaar"])]
        uit[kolommen[k]] = [t for t, _ in cellen]
        afgeschermd = afgeschermd or any(a for _, a in cellen)
    return pd.DataFrame(uit, dtype=object), afgeschermd


class KernBlok:
    """The Kern as it appears at the top of a report: heading, sentences, key-figure table with source."""

    def __init__(self, kern: Kern, tabel_: Tabel, titel: str):
        self.kern, self.tabel, self.titel = kern, tabel_, titel

    def to_html(self) -> str:
        e = html.escape
        zinnen = "".join(f"<li>{e(z)}</li>" for z in self.kern.zinnen)
        return (f'<section class="wz-kern" aria-label="{e(self.titel)}"><h2 id="kern">{e(self.titel)}</h2>'
                + (f"<ul>{zinnen}</ul>" if zinnen else "") + self.tabel.to_html() + "</section>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The key-figure table also goes to the downloads (like every report table)."""
        return self.tabel._repr_mimebundle_(include, exclude)

    def __repr__(self) -> str:
        return "\n".join([self.titel, *(f"- {z}" for z in self.kern.zinnen), repr(self.tabel)])


def toon(kern: Kern, *, bron: Bron, regels: Regels, titel: str = "Kern") -> KernBlok:
    """The Kern for the report: sentences and the key figures next to the regio and Nederland."""
    w, afgeschermd = weergave(kern, regels=regels)
    t = tabel(w, bron=bron, regels=regels, titel=f"Kerncijfers {kern.naam}", tekst=list(w.columns))
    noten = [regels.voetnoot_primair(True)] if afgeschermd else []
    t = Tabel(t.weergave, afscherming=t.afscherming, bron=t.bron, titel=t.titel, voetnoten=noten,
              numeriek=set(w.columns[1:]), rijkoppen=["Kerncijfer"], totaal_pos=None, index=False)
    return KernBlok(kern, t, titel)
