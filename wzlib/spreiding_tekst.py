"""Stap 4, "spreiding" — what the report shows: display tables, chart and map data, and sentences built
from the results of :mod:`wzlib.spreiding` (the computation)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .getal import deel
from .presentatie.getallen import nl_getal
from .groepen import GROEPEN, WOONVORMEN
from .params import VERDEELSLEUTELS as SLEUTELS, WOONVORM_GROEP
from .spreiding import ALLE_GROEPEN, SpreidingInvoer
from .verdeling import SOORT_BOUWOPGAVE, SOORT_VRAAG
from .stappen import Stap, schrijver
from .veilig import md_tekst


def groep_label(groep: str, soort: str | None = None) -> str:
    """Dutch label of a groep key: 'woonvorm:geclusterd' -> 'Bouwopgave: Geclusterde woonvorm' when the supply
    is known (``soort`` bouwopgave), 'Vraag (aanbod onbekend): Geclusterde woonvorm' for ``soort`` vraag, and
    the neutral 'Woonvorm: Geclusterde woonvorm' when the soort is not known."""
    if groep == ALLE_GROEPEN:
        return "Alle aandachtsgroepen samen"
    if groep.startswith(WOONVORM_GROEP):
        wv = groep.removeprefix(WOONVORM_GROEP)
        kop = {SOORT_BOUWOPGAVE: "Bouwopgave", SOORT_VRAAG: "Vraag (aanbod onbekend)"}.get(soort or "", "Woonvorm")
        return f"{kop}: {WOONVORMEN[wv].label if wv in WOONVORMEN else wv}"
    return GROEPEN[groep].label if groep in GROEPEN else groep


def _soorten(df: pd.DataFrame) -> list:
    return list(df["soort"]) if "soort" in df.columns else [None] * len(df)


def concentratie_overzicht(conc: pd.DataFrame, namen: Mapping[str, str] | None = None,
                           waarde: str = "concentratie_index") -> pd.DataFrame:
    """Display matrix: one row per groep (Dutch label), one column per gemeente, cells = ``waarde``.

    Groups without a value anywhere are left out; "alle aandachtsgroepen" comes first.
    """
    if conc.empty:
        return pd.DataFrame(columns=["Groep"])
    c = conc[conc.groupby("groep")[waarde].transform(lambda x: x.notna().any())]
    if c.empty:
        return pd.DataFrame(columns=["Groep"])
    groepen = list(dict.fromkeys(c["groep"]))
    if ALLE_GROEPEN in groepen:
        groepen = [ALLE_GROEPEN, *[x for x in groepen if x != ALLE_GROEPEN]]
    codes = list(dict.fromkeys(c["gemeentecode"]))
    p = c.pivot(index="groep", columns="gemeentecode", values=waarde).reindex(index=groepen, columns=codes)
    p.columns = [(namen or {}).get(x, x) for x in p.columns]
    p.insert(0, "Groep", [groep_label(x) for x in p.index])
    return p.reset_index(drop=True).rename_axis(columns=None)


def concentratie_details(conc: pd.DataFrame, namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table: per groep and gemeente the count, rates, shares (%) and the concentratie-index."""
    c = conc[(conc["groep"] != ALLE_GROEPEN) & conc["aantal"].notna()]
    return pd.DataFrame({
        "Groep": [groep_label(x) for x in c["groep"]],
        "Gemeente": [(namen or {}).get(x, x) for x in c["gemeentecode"]],
        "Aantal": c["aantal"].to_numpy(),
        "Per 1.000 inwoners": c["per_1000_inwoners"].to_numpy(),
        "Per 1.000 sociale huurwoningen": c["per_1000_sociale_huur"].to_numpy(),
        "Aandeel in de regio": c["aandeel_regio"].to_numpy(),
        "Aandeel inwoners": c["aandeel_inwoners"].to_numpy(),
        "Concentratie-index": c["concentratie_index"].to_numpy(),
    })


def top(df: pd.DataFrame, kolom: str, n: int = 15) -> pd.DataFrame:
    """The ``n`` rows with the highest ``kolom`` (missing last): a long Groep × Gemeente table made readable
    on a page; the full table stays in the results."""
    if len(df) <= n:
        return df.reset_index(drop=True)
    return df.sort_values(kolom, ascending=False, na_position="last", kind="stable").head(n).reset_index(drop=True)


def kolommen_met(df: pd.DataFrame, *eindes: str, vast: tuple[str, ...] = ("Gemeente",)) -> pd.DataFrame:
    """The columns of a wide table that are in ``vast`` or end with one of ``eindes`` (to show a wide table
    as two narrower ones, e.g. the toedeling and the share of the lettings of :func:`last_tabel`)."""
    return df[[k for k in df.columns if k in vast or str(k).endswith(eindes)]]


def regio_totaal_afgeschermd(conc: pd.DataFrame, drempel: int) -> set[str]:
    """The groups whose regio total must stay hidden: exactly one gemeente has a suppressed count
    ``0 < aantal < drempel``, so the regio minus the other gemeenten would give it back (the omvang reports
    hide the regio total then, :func:`wzlib.omvang_tekst.regio_afscherming`)."""
    c = conc[(conc["groep"] != ALLE_GROEPEN) & conc["aantal"].notna()]
    klein = c.assign(_k=(c["aantal"] > 0) & (c["aantal"] < drempel)).groupby("groep")["_k"].sum()
    return {str(g) for g, n in klein.items() if n == 1}


def concentratie_afscherming(tabel_: pd.DataFrame, conc: pd.DataFrame, drempel: int,
                             namen: Mapping[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """``vast_afgeschermd`` for :func:`concentratie_details` (long) or :func:`concentratie_overzicht` (wide):
    rates, shares and indices of a suppressed count go (they give it back with the inhabitants), and the
    share in the regio and the index of a group whose regio total is hidden (:func:`regio_totaal_afgeschermd`)."""
    namen = dict(namen or {})
    c = conc[conc["aantal"].notna()]
    klein = {(groep_label(g), namen.get(k, k)) for g, k, a in zip(c["groep"], c["gemeentecode"], c["aantal"])
             if 0 < a < drempel}
    regio_weg = {groep_label(g) for g in regio_totaal_afgeschermd(conc, drempel)}
    m = pd.DataFrame(False, index=tabel_.index, columns=tabel_.columns)
    for pos, idx in enumerate(tabel_.index):
        groep = str(tabel_["Groep"].iloc[pos])
        if "Gemeente" in tabel_.columns:  # long: one row per groep and gemeente
            if (groep, str(tabel_["Gemeente"].iloc[pos])) in klein:
                m.loc[idx, [k for k in tabel_.columns if k not in ("Groep", "Gemeente", "Aantal")]] = True
            if groep in regio_weg:
                m.loc[idx, [k for k in ("Aandeel in de regio", "Concentratie-index") if k in tabel_.columns]] = True
        else:  # wide: gemeenten as columns
            for k in tabel_.columns[1:]:
                m.at[idx, k] = (groep, str(k)) in klein
    return {"vast_afgeschermd": m}


def vergelijk_sleutels(verdeling: pd.DataFrame, groep: str, namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table for one groep: gemeenten as rows, the three keys side by side.

    Columns: Gemeente, huidige inzet, then per key "toedeling" and "verschil" (toedeling − huidige
    inzet), and "last" when known.
    """
    d = verdeling[verdeling["groep"] == groep]
    if d.empty:
        return pd.DataFrame()
    codes = list(dict.fromkeys(d["gemeentecode"]))
    uit = pd.DataFrame({"Gemeente": [(namen or {}).get(c, c) for c in codes]})
    eerste = d[d["sleutel"] == d["sleutel"].iloc[0]].set_index("gemeentecode").reindex(codes)
    uit["Huidige inzet"] = eerste["huidige_inzet"].to_numpy()
    for s in SLEUTELS:
        ds = d[d["sleutel"] == s].set_index("gemeentecode").reindex(codes)
        if ds["toedeling"].isna().all():
            continue
        kort = SLEUTELS[s].split(". ", 1)[-1]
        uit[f"{kort}: toedeling"] = ds["toedeling"].to_numpy()
        if ds["huidige_inzet"].notna().any():
            uit[f"{kort}: verschil"] = ds["verschil"].to_numpy()
        if ds["last"].notna().any():
            uit[f"{kort}: last"] = ds["last"].to_numpy()
    if uit["Huidige inzet"].isna().all():
        uit = uit.drop(columns="Huidige inzet")
    return uit


def _kort(sleutel: str) -> str:
    return SLEUTELS.get(sleutel, sleutel).split(". ", 1)[-1]


def verdeling_tabel(verdeling: pd.DataFrame, namen: Mapping[str, str] | None = None, *,
                    per_jaar: bool = True, met_verschil: bool = True) -> pd.DataFrame:
    """Display table of the verdeling: per groep and gemeente the current effort and, per key, the
    allocation and the difference (allocation − current effort). ``per_jaar`` selects the yearly
    opgaven of the aandachtsgroepen (True) or the bouwopgave per woonvorm (False). ``met_verschil=False``
    leaves the differences out (for small counts of vulnerable groups they would reveal suppressed
    cells; the result file keeps them)."""
    if verdeling.empty:
        return pd.DataFrame(columns=["Groep", "Gemeente"])
    v = verdeling[verdeling["per_jaar"].astype(bool) == per_jaar]
    if v.empty:
        return pd.DataFrame(columns=["Groep", "Gemeente"])
    sleutels = [x for x in SLEUTELS if x in set(v["sleutel"])]
    basis = v[v["sleutel"] == sleutels[0]]
    uit = pd.DataFrame({"Groep": [groep_label(x, s) for x, s in zip(basis["groep"], _soorten(basis))],
                        "Gemeente": [(namen or {}).get(x, x) for x in basis["gemeentecode"]],
                        "Huidige inzet": basis["huidige_inzet"].to_numpy()})
    for sl in sleutels:
        d = v[v["sleutel"] == sl]
        uit[f"{_kort(sl)}: toedeling"] = d["toedeling"].to_numpy()
        if met_verschil:
            uit[f"{_kort(sl)}: verschil"] = d["verschil"].to_numpy()
    if uit["Huidige inzet"].isna().all():
        uit = uit.drop(columns=[c for c in uit.columns if c == "Huidige inzet" or c.endswith(": verschil")])
    return uit


def last_tabel(verdeling: pd.DataFrame, kenmerken: pd.DataFrame,
               namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table: per gemeente and key the burden of all yearly opgaven together.

    Per key: the allocation of all aandachtsgroepen per year, the difference with the current effort
    per year, and the ``last`` = allocation ÷ vrijkomende sociale huurwoningen per year (a fraction:
    the share of a year's lettings the aandachtsgroepen would take). Empty when there are no yearly
    opgaven or no mutaties.
    """
    v = verdeling[verdeling["per_jaar"].astype(bool)] if not verdeling.empty else verdeling
    mut = pd.to_numeric(kenmerken.set_index("gemeentecode")["mutaties"], errors="coerce").astype("float64")
    if v.empty or mut.isna().all():
        return pd.DataFrame(columns=["Gemeente"])
    codes = list(kenmerken["gemeentecode"])
    sleutels = [x for x in SLEUTELS if x in set(v["sleutel"])]
    huidig = (v[v["sleutel"] == sleutels[0]].groupby("gemeentecode")["huidige_inzet"].sum(min_count=1)
              .reindex(codes).astype("float64"))
    uit = pd.DataFrame({"Gemeente": [(namen or {}).get(c, c) for c in codes],
                        "Vrijkomende sociale huurwoningen per jaar": mut.reindex(codes).to_numpy(),
                        "Huidige inzet per jaar": huidig.to_numpy()})
    for sl in sleutels:
        som = v[v["sleutel"] == sl].groupby("gemeentecode")["toedeling"].sum().reindex(codes).astype("float64")
        uit[f"{_kort(sl)}: toedeling"] = som.to_numpy()
        uit[f"{_kort(sl)}: verschil"] = (som - huidig).to_numpy()
        uit[f"{_kort(sl)}: % van de mutaties"] = (som / mut.reindex(codes)).to_numpy()
    return uit


def gewichten_tabel(eff: pd.DataFrame) -> pd.DataFrame:
    """Display table of :func:`effectieve_gewichten`."""
    return pd.DataFrame({
        "Kenmerk": eff["omschrijving"].to_numpy(),
        "Gewicht in de parameters": eff["gewicht_param"].to_numpy(),
        "Beschikbaar voor alle gemeenten": ["ja" if b else "nee" for b in eff["beschikbaar"]],
        "Gewicht gebruikt": eff["gewicht_gebruikt"].to_numpy(),
    })


@dataclass
class Grafiekdata:
    """Long table + texts for one chart (drawn by wzlib.presentatie.grafieken)."""

    df: pd.DataFrame
    x: str
    y: str
    hue: str
    titel: str
    ylabel: str
    soort: str = "getal"


def lastgrafiek(verdeling: pd.DataFrame, kenmerken: pd.DataFrame,
                namen: Mapping[str, str] | None = None) -> Grafiekdata:
    """Chart data for "what does each key mean per gemeente?": one bar per gemeente and key.

    With yearly opgaven and known mutaties: the share of a year's lettings (%) all aandachtsgroepen
    together would take (:func:`last_tabel`). Otherwise: the allocation per 1.000 inwoners of ONE woonvorm
    (units of different woonvormen — woningen, wooneenheden, plaatsen — are never added up): the first
    woonvorm with a bouwopgave (supply known), else the first with only a vraag, named as such.
    """
    lt = last_tabel(verdeling, kenmerken, namen)
    codes = list(kenmerken["gemeentecode"])
    rijen = []
    if len(lt):
        for sl in [x for x in SLEUTELS if f"{_kort(x)}: % van de mutaties" in lt.columns]:
            for g, w in zip(lt["Gemeente"], lt[f"{_kort(sl)}: % van de mutaties"]):
                rijen.append({"Gemeente": g, "Verdeelsleutel": SLEUTELS[sl], "waarde": float(w)})
        return Grafiekdata(pd.DataFrame(rijen), "Gemeente", "waarde", "Verdeelsleutel",
                           "Deel van de vrijkomende sociale huurwoningen dat naar aandachtsgroepen gaat, per sleutel",
                           "% van de mutaties per jaar", "pct")
    inw = pd.to_numeric(kenmerken.set_index("gemeentecode")["inwoners"], errors="coerce").astype("float64")
    v = verdeling[~verdeling["per_jaar"].astype(bool)] if not verdeling.empty else verdeling
    titel, eenheid = "Toegedeelde bouwopgave per 1.000 inwoners, per sleutel", "eenheden per 1.000 inwoners"
    if not v.empty:
        soort = pd.Series(_soorten(v), index=v.index)
        keuze = v[soort == SOORT_BOUWOPGAVE] if (soort == SOORT_BOUWOPGAVE).any() else v
        groep = str(keuze["groep"].iloc[0])
        v = v[v["groep"] == groep]
        wv = groep.removeprefix(WOONVORM_GROEP)
        eenheid = f"{WOONVORMEN[wv].eenheid if wv in WOONVORMEN else 'eenheden'} per 1.000 inwoners"
        titel = f"Toegedeeld per 1.000 inwoners, per sleutel — {groep_label(groep, _soorten(keuze)[0])}"
    for sl in [x for x in SLEUTELS if not v.empty and x in set(v["sleutel"])]:
        som = v[v["sleutel"] == sl].groupby("gemeentecode")["toedeling"].sum().reindex(codes).astype("float64")
        for c in codes:
            rijen.append({"Gemeente": (namen or {}).get(c, c), "Verdeelsleutel": SLEUTELS[sl],
                          "waarde": 1000 * som[c] / inw[c] if inw[c] > 0 else np.nan})
    df = pd.DataFrame(rijen, columns=["Gemeente", "Verdeelsleutel", "waarde"])
    return Grafiekdata(df, "Gemeente", "waarde", "Verdeelsleutel", titel, eenheid, "getal")


def opgave_tabel(overzicht: pd.DataFrame) -> pd.DataFrame:
    """Display table of :func:`opgave_overzicht`."""
    return pd.DataFrame({
        "Groep": [groep_label(x, s) for x, s in zip(overzicht["groep"], _soorten(overzicht))],
        "Eenheid": overzicht["eenheid"].to_numpy(),
        "Regionaal totaal": overzicht["totaal"].to_numpy(),
        "Huidige inzet": overzicht["huidige_inzet"].to_numpy(),
        "Verdeeld": ["ja" if x else "nee" for x in overzicht["verdeeld"]],
        "Toelichting": [r or b for r, b in zip(overzicht["reden"].fillna(""), overzicht["bron"].fillna(""))],
    })


def spreidingsmaten_tabel(maten: pd.DataFrame) -> pd.DataFrame:
    """Display table of :func:`spreidingsmaten`."""
    return pd.DataFrame({
        "Groep": [groep_label(x, s) for x, s in zip(maten["groep"], _soorten(maten))],
        "Verdeelsleutel": maten["sleutel_naam"].to_numpy(),
        "Totaal": maten["totaal"].to_numpy(),
        "Som toedelingen": maten["som_toedeling"].to_numpy(),
        "Afrondingsverschil": maten["afrondingsverschil"].to_numpy(),
        "Maat": maten["maat"].to_numpy(),
        "Gini": maten["gini"].to_numpy(),
        "Hoogste ÷ laagste": maten["max_min"].to_numpy(),
    })


def ruilingen_tabel(ledger: pd.DataFrame, namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table of the swap ledger (:func:`pas_ruilingen_toe`)."""
    n = namen or {}
    return pd.DataFrame({
        "Nr": ledger["nr"].astype(str).to_numpy(), "Verdeelsleutel": [SLEUTELS.get(x, x) for x in ledger["sleutel"]],
        "Groep": [groep_label(x) for x in ledger["groep"]], "Van": [n.get(x, x) for x in ledger["van"]],
        "Naar": [n.get(x, x) for x in ledger["naar"]], "Aantal": ledger["aantal"].to_numpy(),
        "Van: voor → na": [f"{a} → {b}" for a, b in zip(ledger["van_voor"], ledger["van_na"])],
        "Naar: voor → na": [f"{a} → {b}" for a, b in zip(ledger["naar_voor"], ledger["naar_na"])],
        "Reden": ledger["reden"].to_numpy(),
    })


def ruilingen_tekst(ledger: pd.DataFrame, namen: Mapping[str, str] | None = None) -> str:
    """One Dutch paragraph about the swaps (none, or how many and that totals are unchanged)."""
    if ledger.empty:
        return ("Er zijn (nog) geen ruilingen afgesproken. Gemeenten kunnen delen van hun toedeling ruilen "
                "(art. 29 lid 2 Huisvestingswet); leg ze vast onder `spreiding: ruilingen:` in de "
                "regio-parameters, dan verschijnen ze hier en in alle tabellen hierboven.")
    n = ledger["nr"].nunique()
    return (f"Er {'is' if n == 1 else 'zijn'} {n} ruiling{'' if n == 1 else 'en'} verwerkt "
            f"({len(ledger)} boeking{'' if len(ledger) == 1 else 'en'}, één per verdeelsleutel waarop de ruiling "
            "van toepassing is). De regionale totalen blijven gelijk; geen toedeling is negatief.")


def sociale_huur_tabel(sh: pd.DataFrame, namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table of :func:`sociale_huur_30`."""
    return pd.DataFrame({
        "Gemeente": [(namen or {}).get(x, x) for x in sh["gemeentecode"]],
        "Woningvoorraad": sh["woningvoorraad"].to_numpy(), "Sociale huur": sh["sociale_huurvoorraad"].to_numpy(),
        "Aandeel sociale huur": sh["aandeel_sociale_huur"].to_numpy(),
        "Afstand tot doel (%-punt)": 100 * sh["afstand_tot_doel"].to_numpy(dtype=float), "Tekort (woningen)": sh["tekort"].to_numpy(),
        "Nieuwbouw in de termijn": sh["nieuwbouw_termijn"].to_numpy(),
        "Benodigd aandeel sociaal in nieuwbouw": sh["benodigd_aandeel_nieuwbouw"].to_numpy(),
        "Status": sh["status"].to_numpy(),
    })


def wijken_tabel(w: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """Display table: the ``n`` wijken with the highest share of 65+ (:func:`wijken`)."""
    d = w.head(n)
    return pd.DataFrame({
        "Rang": d["rang"].astype(str).to_numpy(), "Wijk": d["naam"].to_numpy(), "Gemeente": d["gemeente"].to_numpy(),
        "Inwoners": d["inwoners"].to_numpy(), "65+": d["leeftijd_65_plus"].to_numpy(),
        "Aandeel 65+": d["aandeel_65_plus"].to_numpy(), "Index 65+ (regio = 1)": d["index_65_plus"].to_numpy(),
        "Eenpersoonshuishoudens": d["aandeel_eenpersoons"].to_numpy(),
    })


@dataclass
class Kaartlaag:
    """What to draw on a map: the areas with their values and the texts around them."""

    gdf: Any
    kolom: str
    titel: str
    legenda_titel: str
    soort: str = "getal"
    decimalen: int | None = None
    niveau: str = "gemeente"  # gemeente | wijk
    toelichting: str = ""
    midden: float | None = None  # centre of a diverging scale (1 for an index where 1 = naar rato)


def _per(df: pd.DataFrame | None) -> str:
    """', 1 januari <jaar>' for a map title from the frame's ``jaar`` column (the year of the figures, which may
    differ from the bevolking year of stap omvang); empty when unknown or when the frame holds several years."""
    if df is None or "jaar" not in df.columns:
        return ""
    jaren = pd.to_numeric(df["jaar"], errors="coerce").dropna().unique()
    return f", 1 januari {int(jaren[0])}" if len(jaren) == 1 else ""


def kaart_gemeenten(geo_gemeenten, conc: pd.DataFrame, namen: Mapping[str, str], *,
                    ouderen: pd.DataFrame | None = None, regio_naam: str = "de regio") -> Kaartlaag | None:
    """The first map partners see: the regio's gemeenten coloured by how much they carry now.

    With aandachtsgroepen: the mean concentratie-index over the groups known everywhere
    (:func:`concentratie`, groep "alle aandachtsgroepen"; 1 = exactly its share). Without them (open
    data only): the share of inhabitants aged 75+ (``ouderen``: gemeentecode, leeftijdsgroep "75+",
    aandeel). None when there are no boundaries for the regio.
    """
    if geo_gemeenten is None:
        return None
    codes = list(namen)
    g = geo_gemeenten[geo_gemeenten["gemeentecode"].isin(codes)].copy()
    if g.empty:
        return None
    g["gemeentenaam"] = [namen.get(c, n) for c, n in zip(g["gemeentecode"], g["gemeentenaam"])]
    alle = conc[conc["groep"] == ALLE_GROEPEN] if not conc.empty else conc
    if not alle.empty and alle["concentratie_index"].notna().any():
        g = g.merge(alle[["gemeentecode", "concentratie_index"]], on="gemeentecode", how="left")
        return Kaartlaag(g, "concentratie_index",
                         f"Concentratie van aandachtsgroepen in {regio_naam}: hoeveel draagt elke gemeente nu?",
                         "Concentratie-index (1 = naar rato)", "getal", 2, "gemeente",
                         "Gemiddelde concentratie-index over de aandachtsgroepen waarvan alle gemeenten cijfers "
                         "hebben. Boven 1: de gemeente huisvest meer dan haar aandeel in de inwoners van de regio.",
                         midden=1.0)
    if ouderen is not None and not ouderen.empty:
        o = ouderen[ouderen["leeftijdsgroep"] == "75+"][["gemeentecode", "aandeel"]]
        g = g.merge(o.rename(columns={"aandeel": "aandeel_75_plus"}), on="gemeentecode", how="left")
        g["aandeel_75_plus"] = pd.to_numeric(g["aandeel_75_plus"], errors="coerce").astype("float64")
        return Kaartlaag(g, "aandeel_75_plus", f"Ouderen van 75 jaar en ouder in {regio_naam}{_per(ouderen)}",
                         "Inwoners 75+ (%)", "pct", 1, "gemeente",
                         "Er zijn geen cijfers over aandachtsgroepen (lokale invoer); de kaart toont daarom het "
                         "aandeel inwoners van 75 jaar en ouder.")
    return None


def kaart_wijken(geo: Any, wijken_rang: pd.DataFrame, namen: Mapping[str, str],
                 regio_naam: str = "de regio") -> Kaartlaag | None:
    """Share of inhabitants aged 65+ per wijk (:func:`wijken`); per gemeente when there are no wijk boundaries.

    ``geo``: :class:`wzlib.bronnen.geo.Geo`. When wijk boundaries exist for the regio's wijken, a wijk
    map; otherwise, when the wijk figures exist, the gemeente map of the same share computed from the
    wijk rows (sum 65+ ÷ sum inwoners); None when there is nothing to draw.
    """
    if wijken_rang is None or wijken_rang.empty or geo is None:
        return None
    codes = list(namen)
    if getattr(geo, "wijken", None) is not None:
        w = geo.wijken[geo.wijken["gemeentecode"].isin(codes)]
        w = w.merge(wijken_rang[["gebiedscode", "aandeel_65_plus", "aandeel_eenpersoons"]], on="gebiedscode",
                    how="inner")
        if not w.empty:
            w["naam"] = w["naam"].astype(str)
            return Kaartlaag(w, "aandeel_65_plus", f"Aandeel 65-plussers per wijk in {regio_naam}{_per(wijken_rang)}",
                             "Inwoners 65+ (% per wijk)", "pct", 0, "wijk",
                             "Dunne lijnen: wijkgrenzen. De tabel hieronder rangschikt de wijken.")
    if getattr(geo, "gemeenten", None) is None:
        return None
    s = wijken_rang.groupby("gemeentecode")[["leeftijd_65_plus", "inwoners"]].sum(min_count=1)
    g = geo.gemeenten[geo.gemeenten["gemeentecode"].isin(codes)].copy()
    if g.empty:
        return None
    g["gemeentenaam"] = [namen.get(c, n) for c, n in zip(g["gemeentecode"], g["gemeentenaam"])]
    g["aandeel_65_plus"] = [deel(s.loc[c, "leeftijd_65_plus"], s.loc[c, "inwoners"]) if c in s.index
                            else np.nan for c in g["gemeentecode"]]
    return Kaartlaag(g, "aandeel_65_plus", f"Aandeel 65-plussers per gemeente in {regio_naam}{_per(wijken_rang)}",
                     "Inwoners 65+ (%)", "pct", 1, "gemeente",
                     "Voor deze regio zijn geen wijkgrenzen beschikbaar: de kaart toont de gemeenten; de tabel "
                     "hieronder geeft de cijfers per wijk.")


def _lijst(namen: Mapping[str, str], codes: Sequence[str]) -> str:
    return ", ".join(namen.get(c, c) for c in codes)


def geo_melding(geo: Any, codes: Sequence[str], namen: Mapping[str, str]) -> str:
    """One sentence about the map boundaries (``wzlib.bronnen.geo.Geo`` or None)."""
    if geo is None or geo.gemeenten is None:
        return "Geen gemeentegrenzen gevonden (map geo/ bij de bron): er wordt geen kaart getekend."
    h = geo.herkomst.get("geo_gemeenten")
    zonder = [c for c in codes if c not in set(geo.gemeenten["gemeentecode"])]
    tekst = f"Kaart: gemeentegrenzen uit {md_tekst(h.bron) if h else 'geo/'}" + (
        f" ({md_tekst(h.periode)})" if h and h.periode else "")
    if zonder:
        tekst += f"; geen grens voor {md_tekst(_lijst(namen, zonder))} (andere gemeentelijke indeling?)"
    return tekst + (", wijkgrenzen aanwezig." if geo.heeft_wijken else "; geen wijkgrenzen (wijken alleen in de tabel).")


def melding(inv: SpreidingInvoer, geo: Any) -> str:
    """Markdown list: what the inputs are (:attr:`SpreidingInvoer.meldingen`) and the map boundaries."""
    return "\n".join(f"- {m}" for m in [*inv.meldingen, geo_melding(geo, inv.codes, inv.namen)])


def bronnen(herkomst: Callable[..., list], geo: Any, stap_bron: str) -> dict[str, list]:
    """Source lines per part of the report. ``herkomst``: ``Analyse.herkomst`` (canonical and local
    tables); ``stap_bron``: the text naming the earlier steps the figures come from."""
    def hk(*tabellen: str) -> list:
        return list(herkomst(*tabellen))

    geo_hk = list(geo.herkomst.values()) if geo is not None else []
    return {
        "concentratie": hk("bevolking", "aandachtsgroepen", "woningmarkt") or ["bevolking (canonieke tabel)"],
        "wijken": hk("wijken") or ["wijken (canonieke tabel)"],
        "verdeling": [*hk("bevolking", "aandachtsgroepen", "woningmarkt", "wijken"), stap_bron],
        "sociale_huur": [*hk("woningen", "woningmarkt"), stap_bron],
        "kaart_gemeenten": [*hk("bevolking", "aandachtsgroepen"), *[h for h in geo_hk if h.tabel == "geo_gemeenten"]]
        or ["bevolking (canonieke tabel)"],
        "kaart_wijken": [*hk("wijken"), *geo_hk] or ["wijken (canonieke tabel)"],
        "parameters": ["regio-parameters (sectie spreiding)"],
    }


def bron_stappen(stap: Stap) -> str:
    """'woonzorganalyse: resultaten van Stap 1 – Omvang, Stap 2 – Aanbod en Stap 3 – Prognose' for the
    steps whose results ``stap`` reads (from the registry)."""
    namen = list(dict.fromkeys(schrijver(lz.tabel).naam for lz in stap.leest))
    lijst = namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]
    return f"woonzorganalyse: resultaten van {lijst}"


def art29_tabel(verdeling: pd.DataFrame, groep: str, periode: str,
                namen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display table of one art. 29 taakstelling (:func:`wzlib.verdeling.art29_verdeling`): per gemeente the
    inhabitants, their share, the exact quotum, the taakstelling (rounded up) and the rounding difference,
    with a last row "Totaal regio" (Σ taakstelling − totaal = the regio's rounding difference)."""
    d = verdeling[(verdeling["groep"] == groep) & (verdeling["periode"] == periode)]
    if d.empty:
        return pd.DataFrame(columns=["Gemeente"])
    uit = pd.DataFrame({
        "Gemeente": [(namen or {}).get(c, c) for c in d["gemeentecode"]],
        "Inwoners": d["inwoners"].to_numpy(dtype=float),
        "Aandeel inwoners": d["aandeel"].to_numpy(dtype=float),
        "Exact deel": d["quotum"].to_numpy(dtype=float),
        "Taakstelling (naar boven afgerond)": d["toedeling"].to_numpy(dtype=float),
        "Afronding": d["afronding"].to_numpy(dtype=float),
    })
    totaal = int(d["totaal"].iloc[0])
    som = pd.DataFrame([{"Gemeente": "Totaal regio", "Inwoners": uit["Inwoners"].sum(),
                         "Aandeel inwoners": uit["Aandeel inwoners"].sum(), "Exact deel": float(totaal),
                         "Taakstelling (naar boven afgerond)": uit["Taakstelling (naar boven afgerond)"].sum(),
                         "Afronding": uit["Taakstelling (naar boven afgerond)"].sum() - totaal}])
    uit = pd.concat([uit, som], ignore_index=True)
    return uit.astype({"Inwoners": "Int64", "Taakstelling (naar boven afgerond)": "Int64"})


def art29_tekst(verdeling: pd.DataFrame, namen: Mapping[str, str] | None = None) -> str:
    """Markdown: per taakstelling one sentence with the total, the sum of the rounded-up parts and the
    rounding difference; or how to add one when there is none."""
    if verdeling is None or verdeling.empty:
        return ("Er is geen taakstelling opgegeven. Zet een regionaal totaal onder `spreiding: taakstellingen:` "
                "in de regio-parameters (groep, totaal, periode, bron), bijvoorbeeld het aantal te huisvesten "
                "statushouders van de regio in een halfjaar; dan verschijnt hier de verdeling naar inwoners.")
    regels = []
    for (groep, periode), d in verdeling.groupby(["groep", "periode"], sort=False):
        totaal, som = int(d["totaal"].iloc[0]), int(d["toedeling"].sum())
        label = GROEPEN[groep].label if groep in GROEPEN else groep
        bron = str(d["bron"].iloc[0]) if "bron" in d and isinstance(d["bron"].iloc[0], str) and d["bron"].iloc[0] \
            else "regio-parameters"
        regels.append(f"- **{label}, {periode}**: regionaal totaal {nl_getal(totaal, 0)} ({bron}); de naar boven "
                      f"afgeronde delen van de {len(d)} gemeenten tellen op tot {nl_getal(som, 0)}, "
                      f"{nl_getal(som - totaal, 0)} meer dan het totaal (afrondingsverschil).")
    return "\n".join(regels)
