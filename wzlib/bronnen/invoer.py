"""The toolkit's own import format ("invoerformaat"): tidy CSV files, validated on the way in.

A folder in the import format holds one CSV per canonical table (``wzlib.gegevens.SCHEMAS``):
UTF-8 (a BOM is tolerated), comma- or semicolon-separated, a header row, one fact per row, whole
numbers with or without a Dutch thousands separator (1000 or 1.000; 1,000 is refused as ambiguous),
empty cell = missing; every number is read by :func:`wzlib.getal.lees_waarde`. ``docs/invoerformaat.md`` documents it.

Validation collects every problem of a file at once (file, line, column, value, what is wrong) and
raises :class:`wzlib.fouten.InvoerFout`; nothing is silently dropped or coerced.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pandas as pd

from ..fouten import InvoerFout, Probleem
from ..getal import lees_kolom
from ..gegevens import (NEDERLAND, PROGNOSE, SCHEMAS, Gegevens, Herkomst, Schema, korte_bron, lege_tabel,
                        pandas_dtype)
from .herindelingen import naar_indeling

_JAAR_MIN, _JAAR_MAX = 1900, 2100


def lees_csv(pad: Path) -> tuple[pd.DataFrame, list[Probleem]]:
    """Read a CSV file as strings (no type guessing), detecting ',' or ';' as separator."""
    naam = str(pad)
    try:
        ruw = Path(pad).read_bytes()
    except OSError as e:
        return pd.DataFrame(), [Probleem(naam, f"bestand kan niet worden gelezen: {e.strerror}")]
    try:
        tekst = ruw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        regel = ruw[: e.start].count(b"\n") + 1
        return pd.DataFrame(), [Probleem(naam, "bestand is geen UTF-8 (sla het op als 'CSV UTF-8')", rij=regel)]
    if not tekst.strip():
        return pd.DataFrame(), [Probleem(naam, "bestand is leeg")]
    eerste = tekst.splitlines()[0]
    sep = ";" if eerste.count(";") > eerste.count(",") else ","
    rijen = list(csv.reader(io.StringIO(tekst), delimiter=sep))
    kop = [k.strip() for k in rijen[0]]
    problemen: list[Probleem] = []
    data = []
    for i, rij in enumerate(rijen[1:], start=2):
        if not rij or all(not c.strip() for c in rij):
            continue  # blank line
        if len(rij) != len(kop):
            problemen.append(Probleem(naam, f"{len(rij)} velden, de kopregel heeft er {len(kop)}", rij=i))
            continue
        data.append([i, *(c.strip() for c in rij)])
    dubbel = sorted({k for k in kop if kop.count(k) > 1})
    for k in dubbel:
        problemen.append(Probleem(naam, "kolomnaam komt meer dan eens voor in de kopregel", rij=1, kolom=k))
    if dubbel:
        return pd.DataFrame(), problemen
    df = pd.DataFrame(data, columns=["_regel", *kop], dtype="string")
    df["_regel"] = df["_regel"].astype("int64")
    return df, problemen


def valideer(df: pd.DataFrame, schema: Schema, bestand: str) -> tuple[pd.DataFrame, list[Probleem]]:
    """Check a frame of strings against ``schema``; return the typed frame and all problems found.

    ``df`` must have the column ``_regel`` (line number in the file). Unknown columns are reported
    (a typo in a column name must not silently drop data); optional columns may be absent.
    """
    problemen: list[Probleem] = []
    bekende = set(schema.kolomnamen)
    for k in df.columns:
        if k != "_regel" and k not in bekende:
            problemen.append(Probleem(bestand, f"onbekende kolom; verwacht: {', '.join(schema.kolomnamen)}",
                                      rij=1, kolom=k))
    for kol in schema.kolommen:
        if kol.verplicht and kol.naam not in df.columns:
            problemen.append(Probleem(bestand, f"verplichte kolom ontbreekt ({kol.omschrijving})", rij=1,
                                      kolom=kol.naam))
    if problemen:
        return pd.DataFrame(), problemen

    uit = pd.DataFrame(index=df.index)
    regels = df["_regel"]
    for kol in schema.kolommen:
        if kol.naam not in df.columns:
            uit[kol.naam] = pd.Series(pd.NA, index=df.index, dtype=pandas_dtype(kol))
            continue
        s = df[kol.naam].fillna("").astype("string")
        leeg = s.str.len() == 0
        if not kol.leeg_mag:
            for i in s.index[leeg]:
                problemen.append(Probleem(bestand, "lege cel niet toegestaan", rij=int(regels[i]), kolom=kol.naam))
        gevuld = ~leeg
        if kol.soort in ("int", "jaar", "getal", "pct"):
            getal, redenen = lees_kolom(s.where(gevuld, None), kol.soort)  # the one number parser (wzlib.getal)
            for i, reden in redenen.items():
                problemen.append(Probleem(bestand, reden, rij=int(regels[i]), kolom=kol.naam, waarde=str(s[i])))
            ok = gevuld & getal.notna()
            if kol.soort == "jaar":
                buiten = ok & ((getal < _JAAR_MIN) | (getal > _JAAR_MAX))
                melding = f"jaartal buiten {_JAAR_MIN}-{_JAAR_MAX}"
            elif kol.soort == "pct":
                buiten = ok & ((getal < 0) | (getal > 100))
                melding = "percentage moet tussen 0 en 100 liggen"
            elif kol.soort == "int":
                buiten = ok & (getal < 0)
                melding = "aantal mag niet negatief zijn"
            else:
                buiten = pd.Series(False, index=s.index)
                melding = ""
            for i in s.index[buiten]:
                problemen.append(Probleem(bestand, melding, rij=int(regels[i]), kolom=kol.naam, waarde=str(s[i])))
            if kol.soort in ("int", "jaar"):
                uit[kol.naam] = getal.where(ok).round().astype("Int64")
            else:
                uit[kol.naam] = getal.where(ok).astype("Float64")
        elif kol.soort == "keuze":
            fout = gevuld & ~s.isin(kol.keuzes)
            for i in s.index[fout]:
                problemen.append(Probleem(bestand, f"onbekende waarde; toegestaan: {', '.join(kol.keuzes)}",
                                          rij=int(regels[i]), kolom=kol.naam, waarde=str(s[i])))
            uit[kol.naam] = s.where(gevuld, pd.NA)
        elif kol.soort == "code":
            patroon = re.compile(rf"(?:{kol.patroon})") if kol.patroon else None
            if patroon is not None:
                fout = gevuld & ~s.str.fullmatch(patroon.pattern).fillna(False)
                for i in s.index[fout]:
                    problemen.append(Probleem(bestand, f"ongeldige code ({kol.omschrijving})", rij=int(regels[i]),
                                              kolom=kol.naam, waarde=str(s[i])))
            uit[kol.naam] = s.where(gevuld, pd.NA)
        else:
            uit[kol.naam] = s.where(gevuld, pd.NA)

    # Unique keys: every duplicate is reported with both line numbers.
    if not problemen and len(uit):
        sleutel = list(schema.sleutel)
        dup = uit.duplicated(sleutel, keep=False)
        if dup.any():
            groepen = uit[dup].assign(_regel=regels[dup]).groupby(sleutel, dropna=False)["_regel"]
            for waarden, r in groepen:
                waarden = waarden if isinstance(waarden, tuple) else (waarden,)
                sl = ", ".join(f"{k}={v}" for k, v in zip(sleutel, waarden))
                problemen.append(Probleem(bestand, f"dubbele regel voor {sl} (ook op regel "
                                          f"{', '.join(str(x) for x in list(r)[1:])})", rij=int(list(r)[0])))
    if not problemen:
        problemen += _samenhang(uit, schema, bestand, regels)
    return uit.reset_index(drop=True), problemen


def _samenhang(df: pd.DataFrame, schema: Schema, bestand: str, regels: pd.Series) -> list[Probleem]:
    """Checks across columns of one row."""
    p: list[Probleem] = []
    if "leeftijd_van" in df.columns and "leeftijd_tot" in df.columns:
        fout = df["leeftijd_tot"].notna() & (df["leeftijd_tot"] < df["leeftijd_van"])
        for i in df.index[fout]:
            p.append(Probleem(bestand, "leeftijd_tot is kleiner dan leeftijd_van", rij=int(regels[i]),
                              kolom="leeftijd_tot", waarde=str(df.at[i, "leeftijd_tot"])))
    if schema.naam == "bevolking":
        p += leeftijdsklassen(df, bestand, regels)
    if schema.naam == "huishoudens":
        som = df["eenpersoons"] + df["meerpersoons"]
        fout = som.notna() & (som != df["huishoudens_totaal"])
        for i in df.index[fout]:
            p.append(Probleem(bestand, f"eenpersoons + meerpersoons ({som[i]}) is niet gelijk aan "
                              f"huishoudens_totaal ({df.at[i, 'huishoudens_totaal']})", rij=int(regels[i])))
    return p


#: How far men + women may be from the total of an age class. CBS publishes some tables rounded to 5
#: (83502NED per postcode: the real data sum those over a gemeente's postcodes, so the errors add up; measured
#: up to 35 per class in the 2021 data). For a file whose counts are all multiples of 5 the tolerance is
#: 10 rounding steps (50) plus 2 % of the total; for an unrounded file (BRP, the demo) 10 plus 2 %. A deleted
#: or doubled row is far outside that (a whole class of a sex, hundreds or thousands).
SOM_TOLERANTIE_STAPPEN = 10
SOM_TOLERANTIE_AANDEEL = 0.02


def leeftijdsklassen(df: pd.DataFrame, bestand: str, regels: pd.Series | None = None) -> list[Probleem]:
    """Per gemeente x geslacht x jaar the age classes must run from 0 to the open class (leeftijd_tot empty)
    without gaps or overlaps, and man + vrouw must equal totaal per class within the source's rounding
    (:data:`SOM_TOLERANTIE_STAPPEN`). Without this a deleted row (one class of 80-84) silently lowers 75+."""
    p: list[Probleem] = []
    if df.empty:
        return p
    regel = (lambda i: int(regels[i])) if regels is not None else (lambda i: None)
    d = df.sort_values(["gemeentecode", "geslacht", "jaar", "leeftijd_van"], kind="stable")
    sleutels = list(zip(*(d[k].astype(object).tolist() for k in ("gemeentecode", "geslacht", "jaar"))))
    vans = d["leeftijd_van"].astype("float64").to_numpy()
    tots = d["leeftijd_tot"].astype("float64").to_numpy()
    idx = d.index.to_numpy()
    n = len(d)
    k = 0
    while k < n:  # one group (gemeente, geslacht, jaar) per pass; plain Python over arrays: fast enough
        sleutel, wie = sleutels[k], "{}, {}, {}".format(*sleutels[k])
        verwacht, open_klasse = 0, False
        while k < n and sleutels[k] == sleutel:
            i, van, tot = idx[k], int(vans[k]), tots[k]
            k += 1
            if open_klasse:
                p.append(Probleem(bestand, f"{wie}: klasse vanaf {van} ligt na de open klasse (leeftijd_tot leeg); "
                                  "alleen de oudste klasse is open", rij=regel(i), kolom="leeftijd_tot"))
                continue
            if van > verwacht:
                p.append(Probleem(bestand, f"{wie}: leeftijdsklasse {verwacht}–{van - 1} ontbreekt (de klassen moeten "
                                  "zonder gaten aansluiten van 0 tot en met de open klasse)", rij=regel(i),
                                  kolom="leeftijd_van", waarde=str(van)))
            elif van < verwacht:
                p.append(Probleem(bestand, f"{wie}: klasse vanaf {van} overlapt met de vorige klasse (die loopt tot "
                                  f"en met {verwacht - 1})", rij=regel(i), kolom="leeftijd_van", waarde=str(van)))
            if math.isnan(tot):
                open_klasse = True
            else:
                verwacht = max(verwacht, int(tot) + 1)
        if not open_klasse:
            p.append(Probleem(bestand, f"{wie}: de open oudste klasse (vanaf {verwacht}, leeftijd_tot leeg) ontbreekt",
                              kolom="leeftijd_tot"))
    if p or not set(df["geslacht"].dropna()) >= {"man", "vrouw", "totaal"}:
        return p
    stap = 5 if (df["aantal"].dropna() % 5 == 0).all() else 1
    breed = df.pivot_table(index=["gemeentecode", "jaar", "leeftijd_van"], columns="geslacht", values="aantal",
                           aggfunc="sum")
    breed = breed.dropna(subset=[k for k in ("man", "vrouw", "totaal") if k in breed.columns])
    verschil = (breed["man"] + breed["vrouw"] - breed["totaal"]).astype("float64")
    grens = SOM_TOLERANTIE_STAPPEN * stap + SOM_TOLERANTIE_AANDEEL * breed["totaal"].astype("float64")
    for (gm, jaar, van), v in verschil[verschil.abs() > grens].items():
        rij = breed.loc[(gm, jaar, van)]
        p.append(Probleem(bestand, f"{gm}, {jaar}, klasse vanaf {van}: man + vrouw ({int(rij['man'] + rij['vrouw'])}) "
                          f"wijkt {abs(int(v))} af van totaal ({int(rij['totaal'])}); meer dan de afronding van de "
                          f"bron toestaat ({SOM_TOLERANTIE_STAPPEN} × {stap} + "
                          f"{round(100 * SOM_TOLERANTIE_AANDEEL)} % van het totaal)", kolom="aantal"))
    return p


def lees_tabel(pad: Path, schema: Schema) -> pd.DataFrame:
    """Read and validate one import-format file; raises InvoerFout listing every problem."""
    df, problemen = lees_csv(pad)
    if not problemen:
        df, problemen = valideer(df, schema, str(pad))
    if problemen:
        raise InvoerFout(problemen)
    return df


def lees_map(map_: Path, *, soort: str = "invoer", fictief: bool = False) -> Gegevens:
    """Load every import-format file in a folder into canonical tables, with provenance.

    Problems of all files are collected and raised together. Missing optional files give empty
    tables; a missing required file (gemeenten.csv, bevolking.csv) is a problem.
    """
    map_ = Path(map_)
    if not map_.is_dir():
        raise InvoerFout([Probleem(str(map_), "map met invoerbestanden bestaat niet")])
    g = Gegevens()
    problemen: list[Probleem] = []
    for naam, schema in SCHEMAS.items():
        pad = map_ / schema.bestand
        if not pad.exists():
            if schema.verplicht:
                problemen.append(Probleem(str(pad), f"verplicht bestand ontbreekt ({schema.omschrijving})"))
            g.tabellen[naam] = lege_tabel(naam)
            continue
        df, p = lees_csv(pad)
        if not p:
            df, p = valideer(df, schema, str(pad))
        problemen += p
        if p:
            continue
        g.tabellen[naam] = df
        kort, volledig = _bron_tekst(df, pad)
        g.herkomst[naam] = Herkomst(
            tabel=naam, soort=soort, bron=kort, titel=schema.omschrijving.split(". ")[0].rstrip("."),
            periode=_periode(df, naam), opgehaald=datetime.fromtimestamp(pad.stat().st_mtime).isoformat(
                timespec="seconds"), fictief=fictief, detail=volledig if volledig != kort else "")
    if problemen:
        raise InvoerFout(problemen)
    problemen += _kruiscontrole(g, map_)
    if problemen:
        raise InvoerFout(problemen)
    return naar_indeling(g)  # e.g. the population of 2021 for the gemeenten of 2023 (herindelingen)


def _bron_tekst(df: pd.DataFrame, pad: Path) -> tuple[str, str]:
    """(short, full) source of a file: the CBS tables its ``bron`` values name (``korte_bron``) or else the
    values themselves, with the file name; full = every distinct value (for the Verantwoording)."""
    if "bron" in df.columns:
        bronnen = sorted({str(b) for b in df["bron"].dropna().unique()})
        if bronnen:
            alle = "; ".join(bronnen[:3]) + (f" (+{len(bronnen) - 3})" if len(bronnen) > 3 else "")
            kort = korte_bron(bronnen) or alle
            return f"{kort} [{pad.name}]", f"{'; '.join(bronnen)} [{pad.name}]"
    return str(pad.name), str(pad.name)


def _periode(df: pd.DataFrame, naam: str) -> str:
    if "jaar" not in df.columns or df.empty:
        return ""
    jaren = sorted(int(j) for j in df["jaar"].dropna().unique())
    if not jaren:
        return ""
    if naam in ("bevolking", "huishoudens", "huishoudens_leeftijd", "wijken", "woningen") and len(jaren) == 1:
        return f"1 januari {jaren[0]}"
    return str(jaren[0]) if len(jaren) == 1 else f"{jaren[0]}-{jaren[-1]}"


def _kruiscontrole(g: Gegevens, map_: Path) -> list[Probleem]:
    """Every gemeentecode used in a table must be in gemeenten.csv (NL00 excepted) — per file, once."""
    p: list[Probleem] = []
    bekend = set(g["gemeenten"]["gemeentecode"].dropna())
    for naam, df in g.tabellen.items():
        if naam == "gemeenten" or df.empty or "gemeentecode" not in df.columns:
            continue
        onbekend = sorted(set(df["gemeentecode"].dropna()) - bekend - {NEDERLAND})
        if onbekend:
            toon = ", ".join(onbekend[:10]) + (f" en nog {len(onbekend) - 10}" if len(onbekend) > 10 else "")
            # Codes of other years' indeling are legitimate (mergers); only flag for small folders,
            # where a typo is the likely cause.
            if len(bekend) < 50:
                p.append(Probleem(str(map_ / SCHEMAS[naam].bestand),
                                  f"gemeentecode(s) niet in gemeenten.csv: {toon}", kolom="gemeentecode"))
    return p


def lees_prognose(map_: str | Path | None, bestand: str = "prognose.csv") -> pd.DataFrame | None:
    """Read and validate an imported prognosis by age (:data:`wzlib.gegevens.PROGNOSE`) from the regio's
    lokaal folder; None when the folder or file is absent. Raises InvoerFout listing every problem."""
    if map_ is None:
        return None
    pad = Path(map_) / bestand
    if not pad.exists():
        return None
    df = lees_tabel(pad, replace(PROGNOSE, bestand=bestand))
    neg = df.index[df["aantal"] < 0]
    if len(neg):
        raise InvoerFout([Probleem(str(pad), "aantal mag niet negatief zijn", kolom="aantal",
                                   waarde=str(df.at[i, "aantal"])) for i in neg[:40]])
    df.attrs["bestand"] = str(pad)
    return df
