"""Stap 4, "spreiding" — computation: where the groups live now, and fair-share distribution across the regio.

Kaart 3 item 5 (spreidingsanalyse) and domein.md §5. Runs once per regio, over all its gemeenten, on the
results of steps 1-3 of every gemeente (read through the catalogue; a gemeente without those results
stops the step with a message naming it, never a silently different distribution).

Two halves:

1. **Waar staan we nu** — per gemeente and groep: aantal, per 1.000 inwoners, per 1.000 sociale
   huurwoningen and the *concentratie-index* (share of the regional total ÷ share of the regional
   inhabitants; > 1 = the gemeente carries more than its share). Per wijk: share 65+ and
   one-person households, ranked.
2. **Fair share** — the regional opgave per groep divided under the three keys of the serious game,
   side by side, in whole numbers that add up to the regional total. The total is the sum of the
   whole numbers each gemeente's own report shows, so under "eigen behoefte" a gemeente gets exactly
   its own figure:

   - ``naar_rato``: share of inhabitants (for statushouders the art. 29 Huisvestingswet formula
     ``ceil(totaal × inwoners_g / inwoners_regio)``, which may exceed the total: shown);
   - ``eigen_behoefte``: every gemeente houses its own (BRP-origin) demand;
   - ``lokale_kenmerken``: weighted key over sociale huurvoorraad, vrijkomende sociale huurwoningen
     (mutaties) and voorzieningen nearby, with a penalty for existing concentration.

   Plus a swap ledger (art. 29 lid 2: gemeenten exchange parts of their allocation, totals fixed),
   the burden per gemeente (allocation ÷ mutaties per year), the spread of the burden across
   gemeenten (Gini, max/min: "ver uiteenlopende scores = beperkt draagvlak") — all in
   :mod:`wzlib.verdeling` — and the 30 % sociale-huur aim (here).

Everything here is pure (tables + params in, tables out; shares are fractions 0..1). The report's
tables, maps and sentences are in :mod:`wzlib.spreiding_tekst`. The formulas, rounding rules and
parameters are documented in ``docs/fair-share.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pandas as pd

from .aanbod import BENADERING_CORPORATIE, sociale_huurvoorraad
from .catalogus import WIJKEN_OUDEREN
from .gegevens import kies_jaar
from .groepen import GROEPEN
from .omvang import inwoners as bereken_inwoners
from .params import Gemeente, Spreiding
from .verdeling import ALLE_GROEPEN, OPGAVE_KOLOMMEN, _laatste, opgave_aandachtsgroepen, opgave_woonvormen


def concentratie_index(aantal: pd.Series, inwoners: pd.Series) -> pd.Series:
    """Concentratie-index per gemeente: (aantal_g / Σ aantal) ÷ (inwoners_g / Σ inwoners).

    1 = the gemeente has exactly its share of the regio's group, given its size; > 1 = it carries
    more than its share. NA where an input is missing or a sum is 0.
    """
    a = pd.to_numeric(pd.Series(aantal), errors="coerce").astype("float64")
    i = pd.to_numeric(pd.Series(inwoners), errors="coerce").astype("float64").reindex(a.index)
    if a.isna().any() or i.isna().any() or a.sum() <= 0 or i.sum() <= 0:
        return pd.Series(np.nan, index=a.index, dtype="float64")
    return (a / a.sum()) / (i / i.sum())


def benodigde_groei_sociaal(woningvoorraad: float, sociale_huur: float, aandeel_nieuwbouw: float,
                            doel: float = 0.30) -> float:
    """Woningen to add to reach ``doel`` sociale huur when a share ``aandeel_nieuwbouw`` of them is social.

    ΔS = (doel·S − SH) / (n − doel) (domein.md §5.3; from (SH + n·ΔS) / (S + ΔS) = doel).
    0 when the gemeente is at or above the aim; NA when n ≤ doel (never closes) or input is missing.
    """
    s, sh, n = woningvoorraad, sociale_huur, aandeel_nieuwbouw
    if any(v is None or pd.isna(v) for v in (s, sh, n)):
        return float("nan")
    tekort = doel * float(s) - float(sh)
    if tekort <= 0:
        return 0.0
    if n <= doel:
        return float("nan")
    return tekort / (float(n) - doel)


def _per(teller, noemer, factor: float = 1000.0) -> float:
    if teller is None or noemer is None or pd.isna(teller) or pd.isna(noemer) or float(noemer) <= 0:
        return np.nan
    return factor * float(teller) / float(noemer)


def _aandeel(deel, geheel) -> float:
    """deel / geheel, unknown (NaN) when the part is larger than the whole: in small wijken CBS rounds the counts
    (e.g. 15 one-person households of 10 households), and a share above 1 is no share."""
    a = _per(deel, geheel, 1)
    return np.nan if a > 1 else a


def concentratie(groepen: pd.DataFrame, kenmerken: pd.DataFrame, *,
                 totaal_groepen: Sequence[str] | None = None) -> pd.DataFrame:
    """Where the groups live now: per gemeente and groep the count, rates and concentratie-index.

    ``groepen``: gemeentecode, groep, aantal (from result ``groepen`` (step 1) or the local
    aandachtsgroepen). ``kenmerken``: gemeentecode, inwoners, sociale_huurvoorraad (see
    :func:`kenmerken_tabel`). Per row:

    - ``per_1000_inwoners`` = 1.000 × aantal ÷ inwoners;
    - ``per_1000_sociale_huur`` = 1.000 × aantal ÷ sociale huurvoorraad (NA when unknown);
    - ``aandeel_regio`` = fraction of the regio's total of that groep; ``aandeel_inwoners`` = fraction of the
      regio's inhabitants; ``concentratie_index`` = their ratio (:func:`concentratie_index`).

    A groep with a missing count in any gemeente gets NA shares and index (it cannot be compared
    across the regio); a groep without any count is left out. With ``totaal_groepen`` an extra groep
    "alle aandachtsgroepen" carries, per
    gemeente, the unweighted mean of the concentratie-indices of those groups that are known in every
    gemeente (counts of different groups are in different units, so they are not added up);
    ``aantal`` is left empty there. Columns: groep, gemeentecode, aantal, inwoners,
    per_1000_inwoners, sociale_huurvoorraad, per_1000_sociale_huur, aandeel_regio, aandeel_inwoners,
    concentratie_index.
    """
    kol = ["groep", "gemeentecode", "aantal", "inwoners", "per_1000_inwoners", "sociale_huurvoorraad",
           "per_1000_sociale_huur", "aandeel_regio", "aandeel_inwoners", "concentratie_index"]
    k = kenmerken.set_index("gemeentecode")
    codes = list(k.index)
    g = groepen[groepen["gemeentecode"].isin(codes)][["gemeentecode", "groep", "aantal"]].copy()
    g["groep"] = g["groep"].astype(str)
    g["aantal"] = pd.to_numeric(g["aantal"], errors="coerce").astype("float64")
    g = g.groupby(["groep", "gemeentecode"], as_index=False, sort=False)["aantal"].sum(min_count=1)
    inw = pd.to_numeric(k["inwoners"], errors="coerce").astype("float64")
    sh = (pd.to_numeric(k["sociale_huurvoorraad"], errors="coerce").astype("float64")
          if "sociale_huurvoorraad" in k else pd.Series(np.nan, index=k.index))
    delen = []
    indices = {}
    for groep in dict.fromkeys(g["groep"]):
        a = g[g["groep"] == groep].set_index("gemeentecode")["aantal"].reindex(codes)
        if a.isna().all():
            continue  # no figure in any gemeente: nothing to show
        ci = concentratie_index(a, inw)
        volledig = not a.isna().any() and a.sum() > 0
        if volledig:
            indices[groep] = ci
        delen.append(pd.DataFrame({
            "groep": groep, "gemeentecode": codes, "aantal": a.to_numpy(), "inwoners": inw.to_numpy(),
            "per_1000_inwoners": [_per(x, n) for x, n in zip(a, inw)],
            "sociale_huurvoorraad": sh.to_numpy(),
            "per_1000_sociale_huur": [_per(x, n) for x, n in zip(a, sh)],
            "aandeel_regio": (a / a.sum()).to_numpy() if volledig else np.nan,
            "aandeel_inwoners": (inw / inw.sum()).to_numpy(),
            "concentratie_index": ci.to_numpy(),
        }))
    sel = [x for x in (totaal_groepen or []) if x in indices]
    if sel:
        gem = pd.concat([indices[x] for x in sel], axis=1).mean(axis=1)
        delen.append(pd.DataFrame({
            "groep": ALLE_GROEPEN, "gemeentecode": codes, "aantal": np.nan, "inwoners": inw.to_numpy(),
            "per_1000_inwoners": np.nan, "sociale_huurvoorraad": sh.to_numpy(), "per_1000_sociale_huur": np.nan,
            "aandeel_regio": np.nan, "aandeel_inwoners": (inw / inw.sum()).to_numpy(),
            "concentratie_index": gem.reindex(codes).to_numpy()}))
    if not delen:
        return pd.DataFrame(columns=kol).astype({"groep": "string", "gemeentecode": "string"})
    uit = pd.concat(delen, ignore_index=True)[kol]
    return uit.astype({"groep": "string", "gemeentecode": "string"})


def wijken(wijken_tabel: pd.DataFrame, codes: Sequence[str], peiljaar: int,
           namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Wijken of the regio ranked by share of 65+, with one-person households (Kerncijfers wijken en buurten).

    From canonical ``wijken`` (soort ``wijk``), edition = latest year <= peiljaar:
    ``aandeel_65_plus`` = fraction of inhabitants aged 65+; ``aandeel_eenpersoons`` = fraction of households that
    are one-person households; ``index_65_plus`` = aandeel_65_plus ÷ the regio's share 65+ (over
    all wijken of the regio); ``rang`` 1 = highest share 65+. Wijken without inhabitants are left out; a share
    whose rounded counts give more than 1 is unknown (:func:`_aandeel`).
    Columns: rang, gemeentecode, gemeente, gebiedscode, naam, jaar, inwoners, leeftijd_65_plus,
    aandeel_65_plus, index_65_plus, huishoudens, eenpersoonshuishoudens, aandeel_eenpersoons
    (+ afstand_huisarts_km, afstand_supermarkt_km when present).
    """
    kolommen = ["rang", "gemeentecode", "gemeente", "gebiedscode", "naam", "jaar", "inwoners", "leeftijd_65_plus",
                "aandeel_65_plus", "index_65_plus", "huishoudens", "eenpersoonshuishoudens", "aandeel_eenpersoons"]
    # no wijken (e.g. a gemeente formed after the edition of the wijken table): the catalogue's empty table
    geen = WIJKEN_OUDEREN.leeg()
    if wijken_tabel is None or wijken_tabel.empty:
        return geen
    w = wijken_tabel[(wijken_tabel["soort"] == "wijk") & wijken_tabel["gemeentecode"].isin(list(codes))]
    jaar = kies_jaar(w, peiljaar)
    if jaar is None:
        return geen
    w = w[(w["jaar"] == jaar)].copy()
    num = ["inwoners", "leeftijd_65_plus", "huishoudens", "eenpersoonshuishoudens"]
    extra = [c for c in ("afstand_huisarts_km", "afstand_supermarkt_km") if c in w.columns and w[c].notna().any()]
    for c in num + extra:
        w[c] = pd.to_numeric(w[c], errors="coerce").astype("float64")
    w = w[w["inwoners"] > 0]
    w["aandeel_65_plus"] = [_aandeel(a, n) for a, n in zip(w["leeftijd_65_plus"], w["inwoners"])]
    w["aandeel_eenpersoons"] = [_aandeel(a, n) for a, n in zip(w["eenpersoonshuishoudens"], w["huishoudens"])]
    ok = w["leeftijd_65_plus"].notna()
    regio_aandeel = _per(w.loc[ok, "leeftijd_65_plus"].sum(), w.loc[ok, "inwoners"].sum(), 1)
    w["index_65_plus"] = w["aandeel_65_plus"] / regio_aandeel if regio_aandeel and not pd.isna(regio_aandeel) \
        else np.nan
    w["gemeente"] = [(namen or {}).get(c, c) for c in w["gemeentecode"]]
    w = w.sort_values(["aandeel_65_plus", "inwoners"], ascending=[False, False], na_position="last")
    w["rang"] = range(1, len(w) + 1)
    uit = w[kolommen + extra].reset_index(drop=True)
    return uit.astype({"gemeentecode": "string", "gemeente": "string", "gebiedscode": "string", "naam": "string",
                       "jaar": "Int64"})


def kenmerken_tabel(codes: Sequence[str], inwoners: Mapping[str, float] | pd.Series, *,
                    woningvoorraad: Mapping[str, float] | pd.Series | None = None,
                    sociale_huurvoorraad: Mapping[str, float] | pd.Series | None = None,
                    mutaties: Mapping[str, float] | pd.Series | None = None,
                    nieuwbouw_per_jaar: Mapping[str, float] | pd.Series | None = None,
                    afstand_voorzieningen_km: Mapping[str, float] | pd.Series | None = None,
                    concentratie_index: Mapping[str, float] | pd.Series | None = None,
                    mutatiegraad: float | None = None) -> pd.DataFrame:
    """One row per gemeente with everything the keys need (NA = unknown).

    ``mutaties`` are vrijkomende sociale huurwoningen per year; when unknown but the sociale
    huurvoorraad is known and ``mutatiegraad`` is given, they are estimated as voorraad × mutatiegraad
    (``mutaties_bron`` says which). Columns: gemeentecode, inwoners, woningvoorraad,
    sociale_huurvoorraad, mutaties, mutaties_bron, nieuwbouw_per_jaar, afstand_voorzieningen_km,
    concentratie_index.
    """
    codes = list(codes)

    def kol(x) -> list[float]:
        if x is None:
            return [np.nan] * len(codes)
        s = pd.Series(x) if not isinstance(x, pd.Series) else x
        return [float(v) if v is not None and not pd.isna(v) else np.nan for v in s.reindex(codes)]

    df = pd.DataFrame({"gemeentecode": pd.Series(codes, dtype="string"), "inwoners": kol(inwoners),
                       "woningvoorraad": kol(woningvoorraad), "sociale_huurvoorraad": kol(sociale_huurvoorraad),
                       "mutaties": kol(mutaties)})
    df["mutaties_bron"] = np.where(df["mutaties"].notna(), "opgegeven", "onbekend")
    if mutatiegraad:
        schat = df["mutaties"].isna() & df["sociale_huurvoorraad"].notna()
        df.loc[schat, "mutaties"] = df.loc[schat, "sociale_huurvoorraad"] * mutatiegraad
        df.loc[schat, "mutaties_bron"] = f"geschat: {mutatiegraad:.1%} van de sociale huurvoorraad".replace(".", ",")
    df["mutaties_bron"] = df["mutaties_bron"].astype("string")
    df["nieuwbouw_per_jaar"] = kol(nieuwbouw_per_jaar)
    df["afstand_voorzieningen_km"] = kol(afstand_voorzieningen_km)
    df["concentratie_index"] = kol(concentratie_index)
    return df


def sociale_huur_30(kenmerken: pd.DataFrame, params: Spreiding) -> pd.DataFrame:
    """The 30 % sociale-huur aim per gemeente (domein.md §5.3).

    From kenmerken (woningvoorraad S, sociale_huurvoorraad SH, nieuwbouw_per_jaar):

    - ``aandeel_sociale_huur`` = SH / S; ``afstand_tot_doel`` = doel − aandeel (fraction points);
    - ``tekort`` = doel · S − SH woningen (negative = above the aim);
    - ``nieuwbouw_termijn`` = nieuwbouw_per_jaar × termijn_jaren (expected new-build over the period);
    - ``benodigd_aandeel_nieuwbouw`` = share of that new-build that must be social to reach the aim at
      the end of the period: (doel · (S + B) − SH) / B, i.e. doel + tekort / B (> 1 = not
      reachable with new-build alone; 0 when already above the aim);
    - ``groei_bij_n`` = ΔS = (doel·S − SH)/(n − doel), the new-build needed when a share
      n = ``nieuwbouw_aandeel_sociaal`` of it is social (:func:`benodigde_groei_sociaal`).
    Columns: gemeentecode, woningvoorraad, sociale_huurvoorraad, aandeel_sociale_huur, doel,
    afstand_tot_doel, tekort, nieuwbouw_termijn, benodigd_aandeel_nieuwbouw, groei_bij_n, status.
    """
    doel = params.doel_sociale_huur
    rijen = []
    for _, r in kenmerken.iterrows():
        s, sh, nb = r["woningvoorraad"], r["sociale_huurvoorraad"], r["nieuwbouw_per_jaar"]
        aandeel = _per(sh, s, 1)
        tekort = doel * s - sh if not (pd.isna(s) or pd.isna(sh)) else np.nan
        b = nb * params.termijn_jaren if not pd.isna(nb) else np.nan
        nodig = np.nan
        if not pd.isna(tekort) and not pd.isna(b) and b > 0:
            nodig = 0.0 if tekort <= 0 else doel + tekort / b
        if pd.isna(tekort):
            status = "onbekend: woningvoorraad of sociale huurvoorraad ontbreekt"
        elif tekort <= 0:
            status = "op of boven het doel"
        elif pd.isna(nodig):
            status = "onder het doel; nieuwbouw onbekend"
        elif nodig > 1:
            status = "onder het doel; niet haalbaar met nieuwbouw alleen"
        else:
            status = "onder het doel"
        rijen.append({"gemeentecode": r["gemeentecode"], "woningvoorraad": s, "sociale_huurvoorraad": sh,
                      "aandeel_sociale_huur": aandeel, "doel": doel,
                      "afstand_tot_doel": doel - aandeel if not pd.isna(aandeel) else np.nan,
                      "tekort": tekort, "nieuwbouw_termijn": b, "benodigd_aandeel_nieuwbouw": nodig,
                      "groei_bij_n": benodigde_groei_sociaal(s, sh, params.nieuwbouw_aandeel_sociaal, doel),
                      "status": status})
    uit = pd.DataFrame(rijen)
    return uit.astype({"gemeentecode": "string", "status": "string"})


def voorzieningen_afstand(wijken_tabel: pd.DataFrame | None, codes: Sequence[str], peiljaar: int) -> pd.Series:
    """Mean distance (km) to huisarts and grote supermarkt per gemeente, weighted by wijk inhabitants.

    From canonical ``wijken`` (Kerncijfers wijken en buurten; nabijheid 80305ned), wijk rows, latest
    edition <= peiljaar: per wijk the mean of the two distances (one when only one is known), then
    the inhabitant-weighted mean over the wijken. NA when the distance columns are absent.
    """
    codes = list(codes)
    leeg = pd.Series(np.nan, index=codes, dtype="float64")
    kol = [k for k in ("afstand_huisarts_km", "afstand_supermarkt_km")
           if wijken_tabel is not None and k in wijken_tabel.columns]
    if not kol:
        return leeg
    w = wijken_tabel[(wijken_tabel["soort"] == "wijk") & wijken_tabel["gemeentecode"].isin(codes)]
    jaar = kies_jaar(w, peiljaar)
    if jaar is None:
        return leeg
    w = w[w["jaar"] == jaar]
    afst = w[kol].apply(pd.to_numeric, errors="coerce").astype("float64").mean(axis=1, skipna=True)
    inw = pd.to_numeric(w["inwoners"], errors="coerce").astype("float64")
    ok = afst.notna() & inw.notna() & (inw > 0)
    df = pd.DataFrame({"g": w["gemeentecode"][ok], "a": afst[ok] * inw[ok], "i": inw[ok]})
    s = df.groupby("g")[["a", "i"]].sum()
    return (s["a"] / s["i"]).reindex(codes).astype("float64")


@dataclass
class SpreidingInvoer:
    """Everything the spreiding step computes with, gathered once by :func:`verzamel`.

    ``meldingen``: Dutch sentences saying what the inputs are (year of the inhabitants, missing local
    input, estimated mutaties); the report shows them.
    """

    params: Spreiding
    codes: list[str]
    namen: dict[str, str]
    peiljaar: int
    doeljaar: int
    regio_naam: str
    groepen: pd.DataFrame
    ouderen: pd.DataFrame
    woningvoorraad: pd.DataFrame
    aanbod: pd.DataFrame
    vraag: pd.DataFrame
    wijken_tabel: pd.DataFrame | None
    kenmerken: pd.DataFrame
    opgave: pd.DataFrame
    meldingen: list[str] = field(default_factory=list)
    plancapaciteit: pd.DataFrame | None = None  # local input, for a bouwopgave at another doeljaar (wzlib.spel)

    def concentratie(self) -> pd.DataFrame:
        """:func:`concentratie` for the aandachtsgroepen and ouderen 75+/85+, plus the mean index."""
        aandacht = [g for g in dict.fromkeys(self.groepen["groep"].astype(str))
                    if g in GROEPEN and GROEPEN[g].soort != "ouderen"]
        keuze = [*aandacht, *[g for g in ("ouderen_75", "ouderen_85") if g in set(self.groepen["groep"])]]
        g = self.groepen[self.groepen["groep"].isin(keuze)]
        return concentratie(g, self.kenmerken, totaal_groepen=aandacht)


def verzamel(resultaten: SimpleNamespace, *, params: Spreiding, gemeenten: Sequence[Gemeente], peiljaar: int,
             regio_naam: str, bevolking: pd.DataFrame, woningmarkt: pd.DataFrame | None,
             wijken_tabel: pd.DataFrame | None, heeft_lokaal: bool,
             plancapaciteit: pd.DataFrame | None = None) -> SpreidingInvoer:
    """The inputs of the spreiding step, from the results of steps 1-3 of every gemeente.

    ``resultaten``: the tables this step reads (``Analyse.invoer()``: groepen and ouderen of step 1,
    woningvoorraad and aanbod of step 2, vraag of step 3, each for every gemeente; the catalogue has
    checked them and a missing gemeente has already stopped the step). ``bevolking``: canonical table
    (inhabitants per gemeente); ``woningmarkt``: local input (mutaties and new-build per gemeente);
    ``wijken_tabel``: canonical ``wijken`` (distances to voorzieningen); ``plancapaciteit``: local input
    (planned additions, subtracted from the demand for the bouwopgave per woonvorm).
    """
    codes = [g.code for g in gemeenten]
    namen = {g.code: g.naam for g in gemeenten}
    doeljaar = params.doeljaar or peiljaar + params.termijn_jaren
    inw = bereken_inwoners(bevolking, codes, peiljaar)
    meldingen = [f"Inwoners op 1 januari {int(inw['jaar'].iloc[0])}; omvang, woningvoorraad, aanbod en vraag van "
                 f"alle {len(codes)} gemeenten uit hun eigen resultaten (zie de bron onder elke tabel)."]
    if not heeft_lokaal:
        meldingen.append("Geen lokale invoer voor deze regio: er zijn geen cijfers over aandachtsgroepen, aanbod, "
                         "mutaties en nieuwbouw.")
    wm = woningmarkt if woningmarkt is not None else pd.DataFrame()
    mutaties, nieuwbouw = {}, {}
    for c in codes:
        d = wm[wm["gemeentecode"] == c] if not wm.empty else wm
        mutaties[c] = _laatste(d, "mutaties_sociale_huur", peiljaar)[0] if not d.empty else np.nan
        nieuwbouw[c] = _laatste(d, "nieuwbouw_per_jaar", peiljaar)[0] if not d.empty else np.nan
    wv = resultaten.woningvoorraad.set_index("gemeentecode")
    sociaal, grondslag = sociale_huurvoorraad(resultaten.woningvoorraad)
    benaderd = [c for c in codes if c in grondslag.index and grondslag[c] == BENADERING_CORPORATIE]
    if benaderd:
        meldingen.append(f"Sociale huurvoorraad: voor {', '.join(namen[c] for c in benaderd)} niet lokaal "
                         "aangeleverd; als benadering het bezit van woningcorporaties (CBS, aandeel × "
                         "woningvoorraad) gebruikt.")
    kenmerken = kenmerken_tabel(
        codes, inw.set_index("gemeentecode")["inwoners"], woningvoorraad=wv["woningvoorraad"],
        sociale_huurvoorraad=sociaal, mutaties=mutaties, nieuwbouw_per_jaar=nieuwbouw,
        afstand_voorzieningen_km=voorzieningen_afstand(wijken_tabel, codes, peiljaar),
        mutatiegraad=params.mutatiegraad)
    inv = SpreidingInvoer(params=params, codes=codes, namen=namen, peiljaar=peiljaar, doeljaar=doeljaar,
                          regio_naam=regio_naam, groepen=resultaten.groepen, ouderen=resultaten.ouderen,
                          woningvoorraad=resultaten.woningvoorraad, aanbod=resultaten.aanbod,
                          vraag=resultaten.vraag, wijken_tabel=wijken_tabel, kenmerken=kenmerken,
                          opgave=pd.DataFrame(columns=OPGAVE_KOLOMMEN), meldingen=meldingen,
                          plancapaciteit=plancapaciteit)
    conc = inv.concentratie()
    alle = conc[conc["groep"] == ALLE_GROEPEN].set_index("gemeentecode")["concentratie_index"]
    inv.kenmerken["concentratie_index"] = alle.reindex(codes).to_numpy(dtype="float64") if not alle.empty else np.nan
    geschat = kenmerken["mutaties_bron"].str.startswith("geschat")
    if geschat.any():
        meldingen.append(f"Vrijkomende sociale huurwoningen: voor "
                         f"{', '.join(namen[c] for c in kenmerken.loc[geschat, 'gemeentecode'])} "
                         f"geschat als {params.mutatiegraad:.0%} van de sociale huurvoorraad (spreiding.mutatiegraad).")
    groepen = resultaten.groepen
    ag = groepen[[g in GROEPEN and GROEPEN[g].soort != "ouderen" for g in groepen["groep"].astype(str)]]
    delen = [opgave_aandachtsgroepen(ag, codes, peiljaar),
             opgave_woonvormen(resultaten.vraag, resultaten.aanbod, codes, doeljaar, params.variant, peiljaar,
                               woningvoorraad=resultaten.woningvoorraad, plancapaciteit=plancapaciteit)]
    delen = [d for d in delen if not d.empty]
    inv.opgave = pd.concat(delen, ignore_index=True) if delen else pd.DataFrame(columns=OPGAVE_KOLOMMEN)
    return inv
