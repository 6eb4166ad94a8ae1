"""Sentences and display tables of the woonzorgvisie-meter (step 8): per kaart what is done and what is
next, per gemeente and for the regio side by side. The tables hold the gemeente's own words (wie,
opmerking): :func:`wzlib.presentatie.tabellen.tabel` escapes them; sentences go through ``md_tekst``."""

from __future__ import annotations

import pandas as pd

from .meter import NIET_INGEVULD, kaarttitel, volgende
from .meter_kaarten import KAARTEN
from .presentatie.getallen import nl_getal
from .veilig import md_tekst


def _stand(r: pd.Series) -> str:
    """The status as shown: with the gemeente's different answer next to it."""
    s = str(r["status"])
    if bool(r["verschil"]):
        s += f" (gemeente: {r['status_gemeente']})"
    return s


def kaart_tabel(meter: pd.DataFrame, kaart: int) -> pd.DataFrame:
    """The items of one kaart: number, onderdeel, stand, the figure of the analysis, wie, datum, opmerking."""
    d = meter[meter["kaart"] == kaart]
    return pd.DataFrame({
        "Nr.": d["nummer"].astype(str),
        "Onderdeel": [("Toets: " if s == "toets" else "") + str(n) for s, n in zip(d["soort"], d["onderdeel"])],
        "Stand": [_stand(r) for _, r in d.iterrows()],
        "Uit de analyse": d["cijfer"].fillna("").astype(str),
        "Wie": d["wie"].fillna("").astype(str),
        "Datum": d["datum"].fillna("").astype(str).str.replace(r"^(\d{4})-(\d{2})-(\d{2})$", r"\3-\2-\1",
                                                               regex=True),
        "Opmerking": d["opmerking"].fillna("").astype(str),
    }).reset_index(drop=True)


def kaart_zin(meter: pd.DataFrame, kaart: int) -> str:
    """'Kaart 3 – Woonzorganalyse: 6 van de 10 onderdelen gereed, 2 bezig; volgende: 4 Besluit ...'."""
    d = meter[meter["kaart"] == kaart]
    st = d["status"]
    nvt = int((st == "n.v.t.").sum())
    delen = [f"{int((st == 'gereed').sum())} van de {len(d) - nvt} onderdelen gereed"]
    for s in ("bezig", "niet gestart", NIET_INGEVULD):
        if (st == s).any():
            delen.append(f"{int((st == s).sum())} {s}")
    if nvt:
        delen.append(f"{nvt} n.v.t.")
    v = volgende(d)
    return (f"**{kaarttitel(kaart)}**: {', '.join(delen)}"
            + (f"; volgende: *{md_tekst(v)}*." if v else "; alles gereed."))


def samenvatting(meter: pd.DataFrame, naam: str) -> str:
    """The conclusion first: per kaart what is done and what is next, and where analysis and gemeente differ."""
    gereed = int((meter["status"] == "gereed").sum())
    telbaar = int((meter["status"] != "n.v.t.").sum())
    regels = [f"{md_tekst(naam)} heeft **{gereed} van de {telbaar}** onderdelen van de woonzorgvisie-meter gereed "
              f"({nl_getal(100 * gereed / telbaar if telbaar else 0)}%). Per kaart:", ""]
    regels += [f"- {kaart_zin(meter, k.nummer)}" for k in KAARTEN]
    analyse = int(meter["status_analyse"].notna().sum())
    regels += ["", f"{analyse} onderdelen vult de analyse zelf in (kaart 3, de ambities en de toets op de "
               "huisvestingsverordening); "
               "het cijfer erachter staat in de kolom *Uit de analyse*."]
    verschil = meter[meter["verschil"].astype(bool)]
    if len(verschil):
        regels.append("Bij " + ", ".join(f"kaart {int(r['kaart'])} {md_tekst(r['nummer'])}"
                                         for _, r in verschil.iterrows())
                      + " zegt de gemeente iets anders dan de analyse: de tabel toont beide.")
    return "\n".join(regels)


def regio_tabel(meter_regio: pd.DataFrame, namen: dict[str, str]) -> pd.DataFrame:
    """Kaarten as rows, gemeenten side by side: 'gereed / telbaar' per cell."""
    rijen = []
    for k in KAARTEN:
        rij = {"Kaart": kaarttitel(k.nummer)}
        for code, naam in namen.items():
            d = meter_regio[(meter_regio["gemeentecode"] == code) & (meter_regio["kaart"] == k.nummer)]
            rij[naam] = (f"{int(d['gereed'].iloc[0])} van {int(d['items'].iloc[0] - d['nvt'].iloc[0])}"
                         if len(d) else "ontbreekt")
        rijen.append(rij)
    return pd.DataFrame(rijen)


def volgende_tabel(meter_regio: pd.DataFrame, namen: dict[str, str]) -> pd.DataFrame:
    """Per gemeente and kaart the next item that is not gereed."""
    rijen = []
    for k in KAARTEN:
        rij = {"Kaart": kaarttitel(k.nummer)}
        for code, naam in namen.items():
            d = meter_regio[(meter_regio["gemeentecode"] == code) & (meter_regio["kaart"] == k.nummer)]
            rij[naam] = ("ontbreekt" if not len(d) else
                         str(d["volgende"].iloc[0]) if pd.notna(d["volgende"].iloc[0]) else "alles gereed")
        rijen.append(rij)
    return pd.DataFrame(rijen)


def regio_samenvatting(meter_regio: pd.DataFrame, namen: dict[str, str], ontbreekt: list[str] | None = None) -> str:
    """One sentence per gemeente: share gereed over all kaarten and the kaart furthest behind."""
    regels = []
    for code, naam in namen.items():
        d = meter_regio[meter_regio["gemeentecode"] == code]
        if not len(d):
            continue
        telbaar = int((d["items"] - d["nvt"]).sum())
        gereed = int(d["gereed"].sum())
        achter = d.sort_values(["aandeel_gereed", "kaart"], na_position="last").iloc[0]
        regels.append(f"- **{md_tekst(naam)}**: {gereed} van de {telbaar} onderdelen gereed; het verst achter is "
                      f"kaart {int(achter['kaart'])} ({int(achter['gereed'])} van "
                      f"{int(achter['items'] - achter['nvt'])} gereed).")
    if ontbreekt:
        regels.append(f"- Zonder meter (stap 8 ontbreekt): {', '.join(md_tekst(n) for n in ontbreekt)}.")
    return "\n".join(regels) if regels else "Voor geen enkele gemeente is er een meter."


def cli_regels(meter_regio: pd.DataFrame, namen: dict[str, str]) -> list[str]:
    """Short Dutch lines for ``wz meter``: per gemeente the count per kaart and the next item of the first
    kaart that is not complete."""
    uit = []
    for code, naam in namen.items():
        d = meter_regio[meter_regio["gemeentecode"] == code].sort_values("kaart")
        if not len(d):
            uit.append(f"{naam} ({code}): geen meter (stap 8 is niet gelukt)")
            continue
        per_kaart = "  ".join(f"K{int(r['kaart'])} {int(r['gereed'])}/{int(r['items'] - r['nvt'])}"
                              for _, r in d.iterrows())
        open_ = d[d["volgende"].notna()]
        uit.append(f"{naam} ({code}): {per_kaart}"
                   + (f"  — volgende: kaart {int(open_['kaart'].iloc[0])}, {open_['volgende'].iloc[0]}"
                      if len(open_) else "  — alles gereed"))
    return uit
