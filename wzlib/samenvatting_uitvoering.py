"""The samenvatting's part "Van analyse naar uitvoering": the ambities of Stap 6, the monitoring of Stap 7
and the woonzorgvisie-meter of Stap 8, for one gemeente, in a few sentences and one small table.

Nothing is computed again: the sentences count the rows of the steps' result tables (``ambitie_toetsen``,
``meter``, ``monitor_verschillen``). They name no gap figure (the gaps are in the ambities report, with its
suppression), only how many ambities cover their gap and how far the meter is.
"""

from __future__ import annotations

import pandas as pd

from . import meter as metermod
from .monitoring_tekst import SOORT_TEKST, realisatie_tekst
from .groepen import WOONVORMEN
from .presentatie.getallen import nl_getal
from .veilig import md_tekst

VOLDOET, NIET = "voldoet", "voldoet niet"


def _eigen(df: pd.DataFrame | None, gemeente: str) -> pd.DataFrame | None:
    if df is None or not len(df):
        return None
    d = df[df["gemeentecode"] == gemeente]
    return d if len(d) else None


def ambities_zin(ambities: pd.DataFrame | None, toetsen: pd.DataFrame | None, gemeente: str, naam: str) -> str:
    """How many ambities the gemeente recorded and how many cover the mid gap in their target year."""
    a, t = _eigen(ambities, gemeente), _eigen(toetsen, gemeente)
    n = 0 if a is None else len(a)
    if n == 0:
        return (f"{md_tekst(naam)} heeft nog geen ambities vastgelegd (kaart 4 van de woonzorgvisie-meter): "
                "Stap 6 – Ambities toetst ze aan de analyse zodra ze zijn ingevuld.")
    zin = f"{md_tekst(naam)} heeft {n} {'ambitie' if n == 1 else 'ambities'} vastgelegd."
    if t is None:
        return zin
    d = t[(t["toets"] == "dekking") & (t["variant"] == "midden") & t["uitkomst"].isin([VOLDOET, NIET])]
    if len(d):
        dekt = int((d["uitkomst"] == VOLDOET).sum())
        zin += (f" Van de {len(d)} die met een tekort te vergelijken {'is' if len(d) == 1 else 'zijn'}, "
                f"{'dekt' if dekt == 1 else 'dekken'} er {dekt} het tekort in het doeljaar (middenvariant)")
        niet = d[d["uitkomst"] == NIET]
        if len(niet):
            zin += "; niet gedekt: " + ", ".join(
                f"{WOONVORMEN[w].label.lower()} ({int(j)})" if w in WOONVORMEN else md_tekst(str(w))
                for w, j in zip(niet["woonvorm"], niet["doeljaar"], strict=True))
        zin += "."
    prio = t[(t["toets"] == "prioriteit") & (t["uitkomst"] == NIET)]
    if len(prio):
        zin += (f" Voor {len(prio)} {'woonvorm' if len(prio) == 1 else 'woonvormen'} met een tekort of urgente vraag "
                "is er nog geen ambitie: "
                + ", ".join(WOONVORMEN[w].label.lower() if w in WOONVORMEN else md_tekst(str(w))
                            for w in prio["woonvorm"]) + ".")
    return zin


def meter_zin(meter: pd.DataFrame | None, gemeente: str, naam: str) -> str:
    """How many items of the woonzorgvisie-meter are gereed, and the kaart furthest behind."""
    m = _eigen(meter, gemeente)
    if m is None:
        return f"Voor {md_tekst(naam)} is er nog geen woonzorgvisie-meter (Stap 8)."
    per = metermod.meter_regio(m)
    telbaar = int((per["items"] - per["nvt"]).sum())
    gereed = int(per["gereed"].sum())
    achter = per.sort_values(["aandeel_gereed", "kaart"], na_position="last").iloc[0]
    return (f"Van de woonzorgvisie-meter zijn {gereed} van de {telbaar} onderdelen gereed "
            f"({nl_getal(100 * gereed / telbaar if telbaar else 0)}%); het verst achter is kaart "
            f"{int(achter['kaart'])} ({int(achter['gereed'])} van {int(achter['items'] - achter['nvt'])} gereed).")


def meter_tabel(meter: pd.DataFrame | None, gemeente: str) -> pd.DataFrame:
    """Per kaart: gereed, bezig, the countable items and the next item (an empty frame without a meter)."""
    m = _eigen(meter, gemeente)
    kolommen = ["Kaart", "Gereed", "Bezig", "Onderdelen", "Volgende stap"]
    if m is None:
        return pd.DataFrame(columns=kolommen)
    per = metermod.meter_regio(m).sort_values("kaart")
    return pd.DataFrame({
        "Kaart": [metermod.kaarttitel(int(k)) for k in per["kaart"]],
        "Gereed": per["gereed"].astype(int).to_numpy(),
        "Bezig": per["bezig"].astype(int).to_numpy(),
        "Onderdelen": (per["items"] - per["nvt"]).astype(int).to_numpy(),
        "Volgende stap": [str(v) if pd.notna(v) else "alles gereed" for v in per["volgende"]],
    })


def monitoring_zin(verschillen: pd.DataFrame | None, realisatie: pd.DataFrame | None, gemeente: str,
                   naam: str) -> str:
    """How many figures moved since the earlier analysis and why (kinds of cause only), and what was delivered
    against plan (Stap 7). No figure of a small count: a suppressed change is only counted."""
    v = _eigen(verschillen, gemeente)
    if v is None:
        zin = (f"Sinds de vorige analyse is geen van de gevolgde cijfers van {md_tekst(naam)} veranderd, of er is "
               "nog geen eerdere analyse om mee te vergelijken (Stap 7 – Monitoring).")
    else:
        soorten = v["soort_oorzaak"].astype(str).str.split(", ").explode().value_counts()
        zin = (f"Sinds de vorige analyse zijn {nl_getal(len(v))} cijfers van {md_tekst(naam)} veranderd; oorzaak: "
               + ", ".join(f"{SOORT_TEKST.get(s, md_tekst(s))} ({nl_getal(n)})" for s, n in soorten.items()) + ".")
    r = _eigen(realisatie, gemeente)
    if r is not None:
        zin += " " + realisatie_tekst(r, naam)
    return zin
