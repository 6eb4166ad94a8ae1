"""Texts and display tables of the monitoring report (stap 7): conclusion first, in numbers, in Dutch.

Partner edition: the conclusion and tables name the kind of cause (nieuw datajaar, gewijzigde
instelling, nieuwe lokale invoer); the exact parameter keys and file names are for the analyst
(:func:`oorzaken_analist`, shown in a cell tagged ``analist``).
"""

from __future__ import annotations

import pandas as pd

from .groepen import WOONVORMEN
from .momentopname import Momentopname
from .monitoring import samenvatting_oorzaken
from .overzicht import datum_tekst
from .presentatie.getallen import nl_getal, nl_pct
from .veilig import md_tekst

SOORT_TEKST = {"datajaar": "nieuwe gegevens (datajaar)", "parameter": "gewijzigde instellingen van de analyse",
               "lokale invoer": "nieuwe of gewijzigde lokale gegevens", "brongegevens": "gewijzigde brongegevens",
               "rekenwijze": "een nieuwe versie van de rekenwijze", "onbekend": "onbekende oorzaak"}
TABEL_TEKST = {"ouderen": "Ouderen", "groepen": "Aandachtsgroepen", "aanbod": "Aanbod", "woningvoorraad": "Woningvoorraad",
               "vraag": "Vraag per woonvorm", "groepen_prognose": "Prognose aandachtsgroepen",
               "confrontatie": "Vraag en aanbod", "urgentie": "Urgentie"}


def _wanneer(mo: Momentopname) -> str:
    d = datum_tekst(mo.meta.get("gemaakt"), met_tijd=True) or md_tekst(mo.naam)
    label = f" ({md_tekst(mo.label)})" if mo.label else ""
    return f"de analyse van {d}{label}"


def conclusie(v: pd.DataFrame, oud: Momentopname | None, naam: str) -> str:
    """The first lines of the report: compared with what, how many figures moved, and the kinds of cause."""
    if oud is None:
        return (f"**Er is nog geen eerdere analyse om {md_tekst(naam)} mee te vergelijken.** Bij elke volgende run "
                "bewaart de toolkit een momentopname; vanaf de tweede analyse met andere uitkomsten staat hier wat er "
                "veranderde en waarom.")
    if v.empty:
        return f"**Sinds {_wanneer(oud)} is geen van de gevolgde cijfers van {md_tekst(naam)} veranderd.**"
    soorten = v["soort_oorzaak"].str.split(", ").explode().value_counts()
    delen = [f"{SOORT_TEKST.get(s, s)} ({nl_getal(n)} {'cijfer' if n == 1 else 'cijfers'})" for s, n in soorten.items()]
    afg = int(v["afgeschermd"].sum())
    tekst = (f"**Sinds {_wanneer(oud)} zijn {nl_getal(len(v))} cijfers van {md_tekst(naam)} veranderd**, in "
             f"{nl_getal(v['tabel'].nunique())} {'onderdeel' if v['tabel'].nunique() == 1 else 'onderdelen'}. "
             f"Oorzaak: {', '.join(delen)}.")
    groot = v[~v["afgeschermd"] & (v["soort"] == "aantal")].dropna(subset=["verschil"])
    if len(groot):
        r = groot.loc[groot["verschil"].abs().idxmax()]
        tekst += (f" De grootste verandering: {md_tekst(TABEL_TEKST.get(r['tabel'], r['tabel']).lower())}, "
                  f"{md_tekst(r['cijfer'])}, {md_tekst(r['kolom'])}: van {nl_getal(r['oud'])} naar {nl_getal(r['nieuw'])}.")
    if afg:
        een = afg == 1
        tekst += (f" {nl_getal(afg)} {'verandering gaat' if een else 'veranderingen gaan'} over kleine aantallen en "
                  f"{'wordt' if een else 'worden'} niet getoond (afscherming).")
    return tekst


def weergave(v: pd.DataFrame, soort: str = "aantal") -> pd.DataFrame:
    """The moved figures of one kind (``aantal`` or ``aandeel``) for the report table; suppressed ones left out."""
    d = v[(v["soort"] == soort) & ~v["afgeschermd"]]
    return pd.DataFrame({
        "Onderdeel": d["tabel"].map(lambda t: TABEL_TEKST.get(t, t)), "Cijfer": d["cijfer"], "Kolom": d["kolom"],
        "Eerder": d["oud"], "Nu": d["nieuw"], "Verschil": d["verschil"],
        "Oorzaak": d["soort_oorzaak"].map(lambda s: ", ".join(SOORT_TEKST.get(x, x) for x in s.split(", "))),
    }).reset_index(drop=True)


def oorzaken_analist(v: pd.DataFrame) -> pd.DataFrame:
    """Per exact cause (parameter with old and new value, file name): how many figures, in which tables."""
    return samenvatting_oorzaken(v).rename(columns={"oorzaak": "Oorzaak", "cijfers": "Cijfers",
                                                    "tabellen": "Onderdelen"})


def trend_tekst(t: pd.DataFrame, naam: str) -> str:
    """'Het aantal inwoners groeide van ... (2012) naar ... (2023): +10,4 %; in de regio +8,1 %.'"""
    zinnen = []
    for reeks, wie in (("inwoners", "inwoners"), ("75+", "75-plussers")):
        r = t[(t["reeks"] == reeks)].dropna(subset=["aantal"])
        if len(r) < 2:
            continue
        a, b = r.iloc[0], r.iloc[-1]
        groei = b["aantal"] / a["aantal"] - 1 if a["aantal"] else float("nan")
        zin = (f"Het aantal {wie} van {md_tekst(naam)} ging van {nl_getal(a['aantal'])} ({int(a['jaar'])}) naar "
               f"{nl_getal(b['aantal'])} ({int(b['jaar'])}): {'+' if groei >= 0 else ''}{nl_pct(groei)}")
        if pd.notna(a["regio_aantal"]) and pd.notna(b["regio_aantal"]) and a["regio_aantal"]:
            rg = b["regio_aantal"] / a["regio_aantal"] - 1
            zin += f"; in de regio {'+' if rg >= 0 else ''}{nl_pct(rg)}"
        zinnen.append(zin + ".")
    if not zinnen:
        return "Voor een trend zijn er te weinig jaren in de bronnen (minstens twee nodig)."
    return " ".join(zinnen)


def trend_weergave(t: pd.DataFrame) -> pd.DataFrame:
    """Years as rows: the gemeente's inwoners, 65+, 75+, 85+, and the index of inwoners for gemeente and regio."""
    if t.empty:
        return pd.DataFrame(columns=["Jaar"])
    p = t.pivot_table(index="jaar", columns="reeks", values="aantal", aggfunc="first", dropna=False)
    uit = pd.DataFrame({"Jaar": p.index.astype(str)})
    for r, kop in (("inwoners", "Inwoners"), ("65+", "65+"), ("75+", "75+"), ("85+", "85+")):
        uit[kop] = p[r].to_numpy() if r in p else float("nan")
    idx = t[t["reeks"] == "inwoners"].set_index("jaar")
    uit["Index inwoners"] = [idx["index"].get(j, float("nan")) for j in p.index]
    uit["Index inwoners regio"] = [idx["regio_index"].get(j, float("nan")) for j in p.index]
    return uit


def _vorm(w: str) -> str:
    return WOONVORMEN[w].label if w in WOONVORMEN else str(w)


def realisatie_tekst(re_: pd.DataFrame, naam: str) -> str:
    """The conclusion of the realisatie section: delivered in total, against plan, and the largest gap."""
    if re_.empty or re_["gerealiseerd"].isna().all():
        return (f"Voor {md_tekst(naam)} is (nog) geen realisatie aangeleverd. Vul het blad *realisatie* van "
                "het sjabloon voor de lokale invoer in om opleveringen naast plannen en ambities te zetten.")
    tot = int(re_["tot_jaar"].iloc[0])
    tekst = f"Tot en met {tot} zijn in {md_tekst(naam)} {nl_getal(re_['gerealiseerd'].sum())} eenheden opgeleverd"
    gepland = re_["gepland_tot_jaar"].sum(min_count=1)
    if pd.notna(gepland):
        tekst += f", tegen {nl_getal(gepland)} gepland tot dat jaar"
    tekst += "."
    achter = re_.dropna(subset=["achterstand_plan"])
    achter = achter[achter["achterstand_plan"] > 0]
    if len(achter):
        r = achter.loc[achter["achterstand_plan"].idxmax()]
        tekst += f" De grootste achterstand op plan: {md_tekst(_vorm(r['woonvorm']))} ({nl_getal(r['achterstand_plan'])})."
    rest = re_.dropna(subset=["resterend_ambitie", "doeljaar"])
    if len(rest):
        r = rest.loc[rest["resterend_ambitie"].idxmax()]
        tekst += (f" Om de ambitie voor {md_tekst(_vorm(r['woonvorm']))} in {int(r['doeljaar'])} te halen zijn nog "
                  f"{nl_getal(r['resterend_ambitie'])} eenheden nodig"
                  + (f", {nl_getal(r['per_jaar_nodig'])} per jaar." if pd.notna(r["per_jaar_nodig"]) else "."))
    return tekst


def realisatie_weergave(re_: pd.DataFrame) -> pd.DataFrame:
    """The realisatie table for the report, with readable column names."""
    return pd.DataFrame({
        "Woonvorm": re_["woonvorm"].map(_vorm),
        "Gerealiseerd": re_["gerealiseerd"], "Gepland tot nu": re_["gepland_tot_jaar"],
        "Achter op plan": re_["achterstand_plan"], "Gepland totaal": re_["gepland_totaal"], "Ambitie": re_["ambitie"],
        "Doeljaar": re_["doeljaar"].map(lambda j: "" if pd.isna(j) else str(int(j))),
        "Nog te doen": re_["resterend_ambitie"], "Nodig per jaar": re_["per_jaar_nodig"],
    })
