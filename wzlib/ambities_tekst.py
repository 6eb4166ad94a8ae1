"""Stap 6, "ambities" — what the report shows: the ambities, the table ambitie × toets with the numbers, the
priorities without an ambitie, and for the regio the ambities against the fair share; built from
:mod:`wzlib.ambities`.

Disclosure: ambities are policy numbers (``beleid``, never suppressed). The tekort comes from counts of
persons (vraag of kwetsbare groepen) and keeps the confrontatie's suppression: a tekort is hidden where the
confrontatie's overview (:func:`wzlib.confrontatie_tekst.overzicht_patroon`) hides any figure of that
woonvorm, and wherever the tekort or the vraag of that year and variant is a small number; the coverage
(ambitie ÷ tekort) goes with its tekort. The fair shares of aandachtsgroepen per year are suppressed as in
the spreiding report (small counts of kwetsbare groepen); those of the woonvormen are shown as there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .ambities import NIET, NVT, ONBEKEND, VOLDOET, WOONVORM_PREFIX, eenheid_van, groep_label, is_stroom
from .groepen import GROEPEN, WOONVORMEN
from .presentatie.afscherming import Afscherming, Regels, afschermen
from .presentatie.getallen import nl_getal, nl_pct
from .veilig import md_tekst

TEKORT = {"laag": "Tekort laag", "midden": "Tekort midden", "hoog": "Tekort hoog"}
AMBITIE_TM = "Ambitie t/m doeljaar"


def _getal(x: float) -> str:
    return nl_getal(x, 0 if float(x).is_integer() else 1)


def doel_tekst(aantal: float, eenheid: str) -> str:
    """'200 eenheden', '25 %'."""
    return f"{_getal(aantal)} %" if eenheid == "procent" else f"{_getal(aantal)} {eenheid}"


# --------------------------------------------------------------------------------------------------
# gemeente
# --------------------------------------------------------------------------------------------------
def ambities_overzicht(ambities: pd.DataFrame, toetsen: pd.DataFrame) -> pd.DataFrame:
    """Table: every ambitie with the toets eenheid (Nr, Ambitie, Groep, Woonvorm, Doeljaar, Doel, Eenheid)."""
    eenheid = toetsen[toetsen["toets"] == "eenheid"].set_index("nr")
    rijen = []
    for i, r in enumerate(ambities.reset_index(drop=True).itertuples(), start=1):
        t = eenheid.loc[i] if i in eenheid.index else None
        oordeel = "onbekend" if t is None else {VOLDOET: "past", NIET: "past niet", ONBEKEND: "onbekend"}.get(
            str(t["uitkomst"]), str(t["uitkomst"]))
        if t is not None and r.eenheid == "procent":
            oordeel = "percentage van het aanbod" if t["uitkomst"] == VOLDOET else "aanbod onbekend"
        elif t is not None and t["uitkomst"] == NIET:
            oordeel = f"past niet: {WOONVORMEN[r.woonvorm].label.lower()} telt {WOONVORMEN[r.woonvorm].eenheid}"
        rijen.append({"Nr": i, "Ambitie": str(r.omschrijving), "Groep": groep_label(str(r.groep)),
                      "Woonvorm": WOONVORMEN[r.woonvorm].label, "Doeljaar": int(r.doeljaar),
                      "Doel": doel_tekst(float(r.aantal), str(r.eenheid)), "Eenheid": oordeel})
    return pd.DataFrame(rijen, columns=["Nr", "Ambitie", "Groep", "Woonvorm", "Doeljaar", "Doel", "Eenheid"])


def _oordeel(d: pd.DataFrame) -> str:
    """The verdict over the three variants of one ambitie, in words."""
    u = dict(zip(d["variant"], d["uitkomst"]))
    if not u:
        return ""
    if all(x == ONBEKEND for x in u.values()):
        return "onbekend: " + str(d["toelichting"].iloc[0]).split("; ")[-1]
    dekt = [v for v in ("laag", "midden", "hoog") if u.get(v) == VOLDOET]
    niet = [v for v in ("laag", "midden", "hoog") if u.get(v) == NIET]
    if u.get("midden") == NIET:
        return "dekt het tekort niet (midden)" + (f"; wel bij {' en '.join(dekt)}" if dekt else "")
    if u.get("midden") == VOLDOET:
        return "dekt het tekort (midden)" + (f"; niet bij {' en '.join(niet)}" if niet else "")
    return "midden onbekend" + (f"; dekt bij {' en '.join(dekt)}" if dekt else "")


def dekking_tabel(toetsen: pd.DataFrame) -> pd.DataFrame:
    """Table ambitie × toets dekking: per ambitie (not the percentages) the ambities for its woonvorm up
    to the doeljaar, the tekort laag/midden/hoog in the doeljaar, the coverage in the middenvariant and the
    verdict. Hidden helper columns ``_woonvorm`` and ``_jaar`` (for :func:`dekking_afscherming`)."""
    d = toetsen[(toetsen["toets"] == "dekking") & toetsen["variant"].notna()]
    rijen = []
    for nr, g in d.groupby("nr", sort=True):
        g = g.set_index("variant", drop=False)
        eerste = g.iloc[0]
        rij: dict[str, Any] = {"Nr": int(nr), "Woonvorm": WOONVORMEN[eerste["woonvorm"]].label,
                               "Doeljaar": int(eerste["doeljaar"]), AMBITIE_TM: eerste["ambitie"]}
        for v, k in TEKORT.items():
            rij[k] = g.at[v, "tekort"] if v in g.index else math.nan
        rij["Dekking midden"] = g.at["midden", "dekking"] if "midden" in g.index else math.nan
        rij["Oordeel"] = _oordeel(g)
        rij["_woonvorm"], rij["_jaar"] = str(eerste["woonvorm"]), int(eerste["doeljaar"])
        rijen.append(rij)
    kol = ["Nr", "Woonvorm", "Doeljaar", AMBITIE_TM, *TEKORT.values(), "Dekking midden", "Oordeel", "_woonvorm",
           "_jaar"]
    return pd.DataFrame(rijen, columns=kol)


def prioriteit_tabel(toetsen: pd.DataFrame) -> pd.DataFrame:
    """Table: the woonvormen the confrontatie names (tekort, or urgent demand above the norm) and whether an
    ambitie covers them. Helper columns as in :func:`dekking_tabel`."""
    d = toetsen[toetsen["toets"] == "prioriteit"]
    rijen = [{"Woonvorm": WOONVORMEN[r.woonvorm].label, "Jaar": int(r.doeljaar), "Tekort midden": r.tekort,
              "Ambitie": "ja" if r.uitkomst == VOLDOET else "nee",
              "Waarom prioriteit": str(r.toelichting).split("; ")[0],
              "_woonvorm": str(r.woonvorm), "_jaar": int(r.doeljaar)} for r in d.itertuples()]
    return pd.DataFrame(rijen, columns=["Woonvorm", "Jaar", "Tekort midden", "Ambitie", "Waarom prioriteit",
                                        "_woonvorm", "_jaar"])


def zichtbaar(df: pd.DataFrame) -> pd.DataFrame:
    """The table without its helper columns (what the reader sees)."""
    return df[[k for k in df.columns if not str(k).startswith("_")]]


def tekort_masker(df: pd.DataFrame, conf: pd.DataFrame, patroon: Afscherming | None, regels: Regels) -> pd.DataFrame:
    """Which tekort cells of ``df`` (:func:`dekking_tabel` or :func:`prioriteit_tabel`) are hidden: the
    confrontatie's overview hides a figure of that woonvorm (``patroon``; None: every row with a small
    figure), or the tekort or the vraag of that year and variant is below the threshold for kwetsbare
    groepen (0 stays 0). Frame of the visible columns."""
    z = zichtbaar(df)
    m = pd.DataFrame(False, index=z.index, columns=z.columns)
    drempel = regels.drempel_kwetsbaar
    weg_rij: set[str] = set()
    if patroon is not None:
        labels = patroon.waarden["Woonvorm"].astype(str).tolist()
        masker = patroon.masker  # combines three frames: once
        verborgen = masker[[k for k in masker.columns if k != "Woonvorm"]].to_numpy(dtype=bool).any(axis=1)
        weg_rij.update(lb for lb, weg in zip(labels, verborgen) if weg)

    def klein(x: Any) -> bool:
        return x is not None and not pd.isna(x) and 0 < abs(float(x)) < drempel

    for idx in z.index:
        wv, jaar = df.at[idx, "_woonvorm"], int(df.at[idx, "_jaar"])
        label = WOONVORMEN[wv].label
        for v, k in TEKORT.items():
            if k not in z.columns:
                continue
            c = conf[(conf["woonvorm"] == wv) & (conf["jaar"] == jaar) & (conf["variant"] == v)]
            vraag = c["vraag"].iloc[0] if len(c) else math.nan
            if label in weg_rij or klein(df.at[idx, k]) or klein(vraag) or (patroon is None and len(c) == 0):
                m.at[idx, k] = True
    return m


def dekking_afscherming(df: pd.DataFrame, conf: pd.DataFrame, patroon: Afscherming | None,
                        regels: Regels) -> dict[str, Any]:
    """Keyword arguments for ``tabel(zichtbaar(df), ...)`` of :func:`dekking_tabel`: the tekort cells as
    :func:`tekort_masker` says, the ambitie a policy number, and the coverage goes with the tekort midden."""
    tellingen = [k for k in TEKORT.values() if k in df.columns]
    uit: dict[str, Any] = {"tellingen": tellingen, "kwetsbaar": True,
                           "vast_afgeschermd": tekort_masker(df, conf, patroon, regels)}
    if AMBITIE_TM in df.columns:
        uit["beleid"] = [AMBITIE_TM]
    if "Dekking midden" in df.columns:
        uit["pcts"] = ["Dekking midden"]
        uit["tellers"] = {"Dekking midden": ["Tekort midden"]}
        uit["decimalen"] = {"Dekking midden": 0}
    return uit


def afgeschermd(df: pd.DataFrame, regels: Regels, **kwargs: Any) -> Afscherming:
    """The suppression ``tabel`` applies with these keyword arguments (for the sentences)."""
    kw = {k: v for k, v in kwargs.items() if k in ("tellingen", "kwetsbaar", "vast_afgeschermd", "beleid", "tellers",
                                                    "relaties")}
    tellingen = kw.pop("tellingen", [])
    return afschermen(zichtbaar(df), tellingen, regels=regels, **kw)


def samenvatting(ambities: pd.DataFrame, toetsen: pd.DataFrame, dekking: pd.DataFrame, scherm: Afscherming,
                 gemeentenaam: str) -> str:
    """Markdown: the conclusion first, in numbers. Gap figures only as the table shows them (``scherm``: the
    suppression of :func:`dekking_tabel`)."""
    naam = md_tekst(gemeentenaam)
    if ambities.empty:
        return (f"{naam} heeft nog geen ambities vastgelegd (kaart 4). Vul ze in het sjabloon voor de lokale "
                "invoer in (blad of bestand *ambities*); daarna toetst deze stap ze aan de analyse.")
    n = len(ambities)
    d = toetsen[(toetsen["toets"] == "dekking") & (toetsen["variant"] == "midden")
                & toetsen["uitkomst"].isin([VOLDOET, NIET])]
    dekt = int((d["uitkomst"] == VOLDOET).sum())
    niet = d[d["uitkomst"] == NIET]
    eenheid_fout = toetsen[(toetsen["toets"] == "eenheid") & (toetsen["uitkomst"] == NIET)]
    prio = toetsen[toetsen["toets"] == "prioriteit"]
    zonder = prio[prio["uitkomst"] == NIET]
    delen = [f"**{naam} heeft {n} {'ambitie' if n == 1 else 'ambities'} vastgelegd.** Van de {len(d)} die met een "
             f"tekort te vergelijken {'is' if len(d) == 1 else 'zijn'}, {'dekt' if dekt == 1 else 'dekken'} "
             f"{dekt} het tekort in het doeljaar (middenvariant, na plannen)."]
    w = scherm.waarden
    rij_van = {int(nr): i for i, nr in enumerate(dekking["Nr"])}
    for r in niet.itertuples():
        i = rij_van.get(int(r.nr))
        label = WOONVORMEN[r.woonvorm].label.lower()
        ambitie = doel_tekst(float(r.ambitie), "per jaar" if is_per_jaar(r) else eenheid_van(str(r.woonvorm)))
        if i is not None and not bool(scherm.masker["Tekort midden"].iloc[i]):
            delen.append(f"- Ambitie {r.nr} ({label}, {r.doeljaar}): ambitie {ambitie}; tekort midden "
                         f"{nl_getal(w['Tekort midden'].iloc[i])} → dekt {nl_pct(r.dekking, 0)}.")
        else:
            delen.append(f"- Ambitie {r.nr} ({label}, {r.doeljaar}): ambitie {ambitie}; dekt het tekort in de "
                         "middenvariant niet (het tekort is klein en wordt niet gepubliceerd).")
    if len(eenheid_fout):
        nrs = ", ".join(str(int(x)) for x in eenheid_fout["nr"])
        delen.append(f"- De eenheid van ambitie {nrs} past niet bij de woonvorm: die is niet met het tekort te "
                     "vergelijken.")
    if len(zonder):
        lijst = ", ".join(WOONVORMEN[w_].label.lower() for w_ in zonder["woonvorm"])
        delen.append(f"- Geen ambitie voor {len(zonder)} woonvorm(en) met een tekort of urgente vraag: {lijst}.")
    elif len(prio):
        delen.append("- Voor elke woonvorm met een tekort of urgente vraag is er een ambitie.")
    return "\n".join(delen[:1]) + ("\n\n" + "\n".join(delen[1:]) if len(delen) > 1 else "")


def is_per_jaar(r: Any) -> bool:
    return "per jaar" in str(getattr(r, "toelichting", ""))


def methode_noot(conf: pd.DataFrame) -> str:
    """Markdown footnote: the sociale huur is compared per year (the confrontatie's gap is a yearly flow)."""
    stroom = [WOONVORMEN[w].label.lower() for w in WOONVORMEN if is_stroom(conf, w)]
    noot = ("Het tekort is het tekort uit de confrontatie (stap 5): vraag min aanbod min plannen. Een ambitie "
            "telt dus wat de gemeente bovenop de plancapaciteit wil toevoegen. Ambities voor dezelfde woonvorm "
            "tellen samen op tot en met het doeljaar.")
    if stroom:
        noot += (f" Voor {', '.join(stroom)} is het tekort een aantal per jaar (vraag van urgente groepen "
                 "tegen de vrijkomende woningen bij de norm); de ambitie is daar omgerekend naar een aantal per "
                 "jaar tot het doeljaar.")
    return noot


# --------------------------------------------------------------------------------------------------
# regio
# --------------------------------------------------------------------------------------------------
def _groep_naam(groep: str) -> str:
    if groep.startswith(WOONVORM_PREFIX):
        wv = groep.removeprefix(WOONVORM_PREFIX)
        return WOONVORMEN[wv].label if wv in WOONVORMEN else wv
    return GROEPEN[groep].label if groep in GROEPEN else groep


def _oordeel_regio(u: str) -> str:
    return {VOLDOET: "telt op", NIET: "telt niet op", ONBEKEND: "onbekend", NVT: "n.v.t."}.get(u, u)


def regio_woonvormen(regio: pd.DataFrame, namen: Mapping[str, str]) -> pd.DataFrame:
    """Table (woonvormen, a stock in the spreiding's target year): Woonvorm, Gemeente, Deel van de gemeente,
    Huidig aanbod, Erbij nodig, Ambities, Verschil, Oordeel."""
    d = regio[~regio["per_jaar"].astype(bool)]
    rijen = [{"Woonvorm": _groep_naam(str(r.groep)), "Gemeente": namen.get(str(r.gemeentecode), r.gemeentecode),
              "Deel van de gemeente": r.toedeling, "Huidig aanbod": r.huidige_inzet, "Erbij nodig": r.benodigd,
              "Ambities": r.ambitie, "Verschil": r.verschil, "Oordeel": _oordeel_regio(str(r.uitkomst))}
             for r in d.itertuples()]
    return pd.DataFrame(rijen, columns=["Woonvorm", "Gemeente", "Deel van de gemeente", "Huidig aanbod",
                                        "Erbij nodig", "Ambities", "Verschil", "Oordeel"])


def regio_groepen(regio: pd.DataFrame, namen: Mapping[str, str]) -> pd.DataFrame:
    """Table (aandachtsgroepen, per year): Groep, Gemeente, Deel per jaar, Ambities per jaar, Verschil, Oordeel."""
    d = regio[regio["per_jaar"].astype(bool)]
    rijen = [{"Groep": _groep_naam(str(r.groep)), "Gemeente": namen.get(str(r.gemeentecode), r.gemeentecode),
              "Deel per jaar": r.toedeling, "Ambities per jaar": r.ambitie, "Verschil": r.verschil,
              "Oordeel": _oordeel_regio(str(r.uitkomst))} for r in d.itertuples()]
    return pd.DataFrame(rijen, columns=["Groep", "Gemeente", "Deel per jaar", "Ambities per jaar", "Verschil",
                                        "Oordeel"])


def regio_groepen_afscherming(df: pd.DataFrame, regels: Regels) -> dict[str, Any]:
    """Keyword arguments for ``tabel(regio_groepen(...))``: the yearly share is a small count of a kwetsbare
    groep as in the spreiding report; the ambitie is a policy number, and the difference goes with the share
    (ambitie − share would give it back)."""
    drempel = regels.drempel_kwetsbaar
    weg = pd.DataFrame(False, index=df.index, columns=df.columns)
    if "Verschil" in df.columns:
        deel = pd.to_numeric(df["Deel per jaar"], errors="coerce")
        weg["Verschil"] = ((deel.abs() > 0) & (deel.abs() < drempel)).fillna(False).astype(bool)
    return {"tellingen": ["Deel per jaar"], "kwetsbaar": True, "beleid": ["Ambities per jaar"],
            "vast_afgeschermd": weg, "decimalen": {"Ambities per jaar": 1, "Verschil": 1}}


def regio_samenvatting(regio: pd.DataFrame, woonvormen_scherm: Afscherming | None, groepen_scherm: Afscherming | None,
                       namen: Mapping[str, str], *, sleutel_naam: str, zonder: list[str]) -> str:
    """Markdown: which gemeenten' ambities do not add up to their share, with the numbers as the tables show
    them."""
    if regio.empty:
        return ("Geen gemeente heeft een ambitie vastgelegd voor een groep of woonvorm die de spreiding verdeelt; "
                "er is niets op te tellen.")
    niet = regio[regio["uitkomst"] == NIET]
    delen = [f"**{len(niet)} van de {len(regio)} combinaties van gemeente en groep tellen niet op tot het deel van "
             f"de gemeente** (verdeelsleutel: {md_tekst(sleutel_naam)})."]
    for r in niet.itertuples():
        naam = md_tekst(namen.get(str(r.gemeentecode), str(r.gemeentecode)))
        groep = _groep_naam(str(r.groep)).lower()
        if bool(r.per_jaar):
            scherm = groepen_scherm
            zicht = scherm is not None and not _verborgen(scherm, "Groep", "Gemeente", _groep_naam(str(r.groep)),
                                                          namen.get(str(r.gemeentecode), ""), "Deel per jaar")
            deel = nl_getal(r.toedeling) if zicht else "een klein aantal (niet gepubliceerd)"
            delen.append(f"- {naam}, {groep}: ambities {nl_getal(r.ambitie, 1)} per jaar, deel van de gemeente "
                         f"{deel} per jaar.")
        else:
            delen.append(f"- {naam}, {groep}: ambities {nl_getal(r.ambitie)}, erbij nodig voor het deel van de "
                         f"gemeente {nl_getal(r.benodigd)} (verschil {nl_getal(r.verschil)}).")
    if zonder:
        delen.append(f"- Zonder ambities (stap 6 ontbreekt): {', '.join(md_tekst(z) for z in zonder)}.")
    return "\n".join(delen[:1]) + ("\n\n" + "\n".join(delen[1:]) if len(delen) > 1 else "")


def _verborgen(scherm: Afscherming, k1: str, k2: str, v1: str, v2: str, kolom: str) -> bool:
    w = scherm.waarden
    for i in range(len(w)):
        if str(w[k1].iloc[i]) == v1 and str(w[k2].iloc[i]) == v2:
            return bool(scherm.masker[kolom].iloc[i])
    return True
