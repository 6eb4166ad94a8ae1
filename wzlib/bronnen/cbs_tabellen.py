"""The CBS tables the toolkit uses (registry) and the conversion of their raw rows into canonical tables.

``REGISTRY`` holds one ``CbsTabel`` per CBS table: what it gives, at which level, which canonical table of
``wzlib.gegevens`` it feeds, its column stems (the one place to correct a column name) and the converter
that turns its raw rows plus sidecar metadata into canonical (or tidy) tables; ``kwb_tabel`` picks the
Kerncijfers wijken en buurten edition for a peiljaar and ``converteer`` applies a table's converter.
Everything here is pure pandas: no network, no cache, no ``cbsodata`` (that is ``wzlib.bronnen.cbs``).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd

from ..fouten import GegevensOntbreken
from ..gegevens import NEDERLAND, SCHEMAS, lege_tabel, pandas_dtype

#: Values CBS uses in some tables for "secret"/"not applicable" instead of null.
CBS_ONTBREEKT = (-99995, -99996, -99997, -99998, -99999)
CODE = re.compile(r"GM\d{4}")


class CbsWaarschuwing(UserWarning):
    """A warning about CBS data (stale cache used, gemeente missing in a table, …); message in Dutch."""


Converter = Callable[[pd.DataFrame, dict], dict[str, pd.DataFrame]]


@dataclass(frozen=True)
class CbsTabel:
    """One CBS table the toolkit uses: what it gives and how its raw rows become canonical tables.

    ``kolommen`` maps an output column to candidate column *stems* (CBS key without the ``_<n>``
    suffix, e.g. ``BevolkingOp1Januari`` for ``BevolkingOp1Januari_1``): the suffix differs per table
    edition, so stems are resolved against the DataProperties of the table at fetch time. To correct a
    column name, change the stems here: this is the only place.
    """

    id: str  # CBS spelling, e.g. "03759ned"
    titel: str  # title as known; the sidecar keeps the title CBS reports (TableInfos)
    geeft: str  # Dutch: what it gives and at which level
    canoniek: str | None  # canonical table in wzlib.gegevens.SCHEMAS, or None (kept as tidy frame)
    regio_dimensie: str | None  # e.g. "RegioS", "WijkenEnBuurten"; None = national table
    converteer: Converter | None = field(default=None, repr=False, compare=False)
    kolommen: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    perioden: str | None = "laatste"  # "laatste" (latest year <= peiljaar), "reeks", "alle", None
    reeks_jaren: int = 12  # for perioden="reeks": this many years up to the peiljaar
    nederland: bool = True  # also fetch the row(s) for Nederland
    nl_code: str = "NL01"  # key of Nederland in the region dimension (KWB: NL00)
    wijken_en_buurten: bool = False  # region dimension holds GM/WK/BU codes (KWB)
    jaar: int | None = None  # edition year of tables without a Perioden dimension (KWB)
    ook: tuple[str, ...] = ()  # other canonical tables this table also feeds
    alle_gemeenten: bool = True  # False: the table covers only some gemeenten (no warning for the others)

    @property
    def sleutel(self) -> str:
        return self.id.lower()


# --------------------------------------------------------------------------------------------------
# helpers shared by the converters
# --------------------------------------------------------------------------------------------------

def _stam(key: str) -> str:
    """``BevolkingOp1Januari_1`` -> ``BevolkingOp1Januari``."""
    return re.sub(r"_\d+$", "", key)


def _zoek_kolom(kandidaten: tuple[str, ...], keys) -> str | None:
    """The first key whose stem equals one of the candidate stems (in candidate order)."""
    keys = list(keys)
    for stam in kandidaten:
        for k in keys:
            if _stam(k).lower() == stam.lower() or k.lower() == stam.lower():
                return k
    return None


def _code(waarde: Any) -> Any:
    """A CBS region code stripped of padding; Nederland (NL01/NL00) becomes the canonical NL00."""
    if not isinstance(waarde, str):
        return waarde
    w = waarde.strip()
    return NEDERLAND if w in ("NL01", "NL00") else w


def _jaar(periode: Any) -> Any:
    m = re.match(r"(\d{4})", str(periode).strip())
    return int(m.group(1)) if m else pd.NA


def _titels(meta: dict, dim: str) -> dict[str, str]:
    return {k: (t or "").strip() for k, t in (meta.get("dimensies", {}).get(dim) or {}).items()}


def _is_totaal(key: str, titel: str) -> bool:
    """CBS total categories: title 'Totaal …' or a key like T001038."""
    return (titel or "").strip().lower().startswith("totaal") or bool(re.fullmatch(r"T\d{6}", key.strip()))


def _alleen_totaal(df: pd.DataFrame, meta: dict, houden: tuple[str, ...] = ()) -> pd.DataFrame:
    """Keep, for every dimension except region, period and ``houden``, only its total category."""
    for dim in meta.get("dimensie_namen", []):
        if dim in houden or dim in (meta.get("regio_dimensie"), meta.get("periode_dimensie")) or dim not in df:
            continue
        titels = _titels(meta, dim)
        waarden = df[dim].dropna().unique()
        if len(waarden) <= 1:
            continue
        totaal = [w for w in waarden if _is_totaal(str(w), titels.get(str(w), ""))]
        if not totaal:
            raise GegevensOntbreken(
                f"CBS-tabel {meta.get('tabel')}: dimensie '{dim}' heeft geen categorie 'Totaal'; de omzetting "
                f"weet niet welke categorie te nemen (waarden: {', '.join(map(str, waarden[:8]))}).")
        df = df[df[dim] == totaal[0]]
    return df


def _dim_met(meta: dict, begin: str) -> str | None:
    for d in meta.get("dimensie_namen", []):
        if d.lower().startswith(begin.lower()):
            return d
    return None


def _getal(s: pd.Series) -> pd.Series:
    g = pd.to_numeric(s, errors="coerce").astype("Float64")
    return g.mask(g.isin(CBS_ONTBREEKT))


def _waarden(df: pd.DataFrame, kandidaten: tuple[str, ...]) -> pd.Series:
    k = _zoek_kolom(kandidaten, df.columns)
    if k is None:
        return pd.Series(pd.NA, index=df.index, dtype="Float64")
    return _getal(df[k])


def _geslacht(key: str, titel: str) -> str | None:
    t = (titel or "").strip().lower()
    if _is_totaal(key, titel):
        return "totaal"
    if t.startswith("man") or key.strip() == "3000":
        return "man"
    if t.startswith("vrouw") or key.strip() == "4000":
        return "vrouw"
    return None


def _leeftijd_klasse(titel: str) -> tuple[int, int | None] | None:
    """Parse a CBS age title into (van, tot inclusive | None for open): '0 jaar' -> (0, 0),
    '0 tot 5 jaar' / '0 - 5 jaar' -> (0, 4), '95 jaar of ouder' -> (95, None). Else None."""
    t = (titel or "").strip().lower()
    if m := re.fullmatch(r"(\d+) jaar", t):
        return int(m.group(1)), int(m.group(1))
    if m := re.fullmatch(r"(\d+) (?:tot|-) (\d+) jaar", t):
        return int(m.group(1)), int(m.group(2)) - 1
    if m := re.fullmatch(r"(\d+) jaar of ouder", t):
        return int(m.group(1)), None
    return None


def _enkele_jaren(klassen: dict[str, tuple[int, int | None] | None]) -> dict[str, tuple[int, int | None]]:
    """Single-year categories ('0 jaar' … 'N jaar') plus the open class that continues them
    ('N+1 jaar of ouder'); CBS' aggregates ('65 jaar of ouder', '0 tot 5 jaar') are left out."""
    enkel = {k: c for k, c in klassen.items() if c is not None and c[1] == c[0]}
    if not enkel:
        return {}
    top = max(c[0] for c in enkel.values()) + 1
    enkel.update({k: c for k, c in klassen.items() if c is not None and c[1] is None and c[0] == top})
    return enkel


def _canoniek(naam: str, df: pd.DataFrame) -> pd.DataFrame:
    """Order and type the columns of canonical table ``naam`` (missing optional columns become empty)."""
    schema = SCHEMAS[naam]
    uit = pd.DataFrame(index=df.index)
    for k in schema.kolommen:
        dtype = pandas_dtype(k)
        if k.naam not in df:
            uit[k.naam] = pd.Series(pd.NA, index=df.index, dtype=dtype)
        elif dtype == "Int64":
            uit[k.naam] = pd.to_numeric(df[k.naam], errors="coerce").round().astype("Int64")
        elif dtype == "Float64":
            uit[k.naam] = pd.to_numeric(df[k.naam], errors="coerce").astype("Float64")
        else:
            uit[k.naam] = df[k.naam].astype("string")
    return uit.sort_values(list(schema.sleutel)).reset_index(drop=True)


def _bron(meta: dict) -> str:
    return f"CBS {meta.get('tabel')}"


def _basis(df: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """gemeentecode and jaar columns from the region and period dimensions."""
    df = df.copy()
    df["gemeentecode"] = df[meta["regio_dimensie"]].map(_code)
    df["jaar"] = df[meta["periode_dimensie"]].map(_jaar) if meta.get("periode_dimensie") else meta.get("jaar")
    df["bron"] = _bron(meta)
    return df


def _alleen_jaren(df: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """Keep whole-year periods (``…JJ00``) when the table also has months or quarters."""
    p = meta.get("periode_dimensie")
    if not p or p not in df:
        return df
    jj = df[p].astype(str).str.contains("JJ")
    return df[jj] if jj.any() else df


# --------------------------------------------------------------------------------------------------
# converters: raw rows (codes stripped) + sidecar -> canonical tables
# --------------------------------------------------------------------------------------------------

def _bevolking_03759(rows: pd.DataFrame, meta: dict) -> dict[str, pd.DataFrame]:
    """03759ned -> ``bevolking`` (5-year classes 0-4 … 90-94 and 95+, man/vrouw/totaal) and ``gemeenten``.

    Uses the single-year age categories ('0 jaar' … '104 jaar', 'N jaar of ouder'); CBS' own age groups
    and the total are ignored (the total is used as a check). BurgerlijkeStaat: the total category.
    """
    tabel = REGISTRY["03759ned"]
    if rows.empty:
        return {"bevolking": lege_tabel("bevolking"), "gemeenten": lege_tabel("gemeenten")}
    kol = _zoek_kolom(tabel.kolommen["aantal"], rows.columns)
    ldim, gdim = _dim_met(meta, "Leeftijd"), _dim_met(meta, "Geslacht")
    if kol is None or ldim is None or gdim is None:
        raise GegevensOntbreken(f"CBS-tabel 03759ned: kolom {tabel.kolommen['aantal']} of dimensie Leeftijd/"
                                f"Geslacht niet gevonden (kolommen: {', '.join(rows.columns)}).")
    df = _basis(_alleen_totaal(rows, meta, houden=(ldim, gdim)), meta)
    gtitels, ltitels = _titels(meta, gdim), _titels(meta, ldim)
    df["geslacht"] = [_geslacht(str(k), gtitels.get(str(k), "")) for k in df[gdim]]
    klassen = {k: _leeftijd_klasse(t) for k, t in ltitels.items()}
    df["_klasse"] = df[ldim].map(lambda k: klassen.get(str(k)))
    df["aantal"] = _getal(df[kol])
    totaal = df[df[ldim].map(lambda k: _is_totaal(str(k), ltitels.get(str(k), "")))]
    klassen = _enkele_jaren(klassen)
    enkel = df[df[ldim].map(lambda k: str(k) in klassen) & df["geslacht"].notna()].copy()
    if enkel.empty:
        raise GegevensOntbreken("CBS-tabel 03759ned bevat geen leeftijden in enkele jaren ('0 jaar', '1 jaar', …).")
    if max(c[0] for c in klassen.values()) < 95:
        raise GegevensOntbreken("CBS-tabel 03759ned: de enkele leeftijden lopen niet tot 95 jaar; de "
                                "5-jaarsklassen tot 95+ kunnen niet worden gemaakt.")
    enkel["leeftijd_van"] = [min(c[0] // 5 * 5, 95) for c in enkel["_klasse"]]
    bev = (enkel.groupby(["gemeentecode", "jaar", "geslacht", "leeftijd_van"], as_index=False)["aantal"]
           .sum(min_count=1))
    bev["leeftijd_tot"] = [pd.NA if v >= 95 else v + 4 for v in bev["leeftijd_van"]]
    bev["bron"] = _bron(meta)
    # Check against CBS' own total per gemeente/jaar/geslacht (warn only: CBS data, not ours).
    if not totaal.empty:
        som = bev.groupby(["gemeentecode", "jaar", "geslacht"])["aantal"].sum()
        tot = totaal.groupby(["gemeentecode", "jaar", "geslacht"])["aantal"].sum()
        verschil = (som - tot).dropna()
        verschil = verschil[verschil != 0]
        if len(verschil):
            warnings.warn(f"CBS 03759ned: de som van de leeftijden wijkt af van het CBS-totaal voor "
                          f"{', '.join('/'.join(map(str, i)) for i in verschil.index[:5])}.", CbsWaarschuwing,
                          stacklevel=2)
    rtitels = _titels(meta, meta["regio_dimensie"])
    codes = sorted({c for c in df["gemeentecode"].dropna() if CODE.fullmatch(c)})
    gem = pd.DataFrame({"gemeentecode": codes,
                        "gemeentenaam": [rtitels.get(c, "") for c in codes]})
    return {"bevolking": _canoniek("bevolking", bev), "gemeenten": _canoniek("gemeenten", gem)}


def _huishoudens_71486(rows: pd.DataFrame, meta: dict) -> dict[str, pd.DataFrame]:
    """71486ned -> ``huishoudens``: particuliere huishoudens, eenpersoons, meerpersoons (all ages of the
    reference person: the total category of every other dimension)."""
    if rows.empty:
        return {"huishoudens": lege_tabel("huishoudens")}
    k = REGISTRY["71486ned"].kolommen
    df = _basis(_alleen_totaal(_alleen_jaren(rows, meta), meta), meta)
    for naam, stammen in k.items():
        df[naam] = _waarden(df, stammen)
    if df["meerpersoons"].isna().all():
        df["meerpersoons"] = df["huishoudens_totaal"] - df["eenpersoons"]
    return {"huishoudens": _canoniek("huishoudens", df)}


def _partitie(klassen: dict[str, tuple[int, int | None]]) -> dict[str, tuple[int, int | None]]:
    """From overlapping CBS age groups keep one partition: the closed classes of the most common width,
    plus the open class that starts where they end."""
    gesloten = {k: c for k, c in klassen.items() if c[1] is not None}
    if not gesloten:
        return {}
    breedtes = pd.Series([c[1] - c[0] for c in gesloten.values()]).mode()
    breedte = int(breedtes.max()) if len(breedtes) else 0
    keuze = {k: c for k, c in gesloten.items() if c[1] - c[0] == breedte}
    einde = max(c[1] for c in keuze.values()) + 1
    for k, c in klassen.items():
        if c[1] is None and c[0] == einde:
            keuze[k] = c
    return keuze


def _huishoudens_leeftijd_71488(rows: pd.DataFrame, meta: dict) -> dict[str, pd.DataFrame]:
    """71488ned -> ``huishoudens_leeftijd``: personen in particuliere huishoudens and alleenstaanden per
    age class (5-year classes as CBS publishes them, '95 jaar of ouder' open), geslacht totaal."""
    if rows.empty:
        return {"huishoudens_leeftijd": lege_tabel("huishoudens_leeftijd")}
    ldim = _dim_met(meta, "Leeftijd")
    df = _basis(_alleen_totaal(_alleen_jaren(rows, meta), meta, houden=(ldim,)), meta)
    klassen = {k: c for k, t in _titels(meta, ldim).items() if (c := _leeftijd_klasse(t)) is not None}
    klassen = _partitie(klassen)
    df = df[df[ldim].isin(list(klassen))].copy()
    df["leeftijd_van"] = df[ldim].map(lambda k: klassen[k][0])
    df["leeftijd_tot"] = df[ldim].map(lambda k: klassen[k][1] if klassen[k][1] is not None else pd.NA)
    for naam, stammen in REGISTRY["71488ned"].kolommen.items():
        df[naam] = _waarden(df, stammen)
    return {"huishoudens_leeftijd": _canoniek("huishoudens_leeftijd", df)}


# Kerncijfers wijken en buurten: stems are stable, suffixes change every edition.
KWB_WIJKEN = {
    "inwoners": ("AantalInwoners",),
    "leeftijd_0_14": ("k_0Tot15Jaar",),
    "leeftijd_15_24": ("k_15Tot25Jaar",),
    "leeftijd_25_44": ("k_25Tot45Jaar",),
    "leeftijd_45_64": ("k_45Tot65Jaar",),
    "leeftijd_65_plus": ("k_65JaarOfOuder",),
    "huishoudens": ("HuishoudensTotaal",),
    "eenpersoonshuishoudens": ("Eenpersoonshuishoudens",),
    "afstand_huisarts_km": ("AfstandTotHuisartsenpraktijk",),
    "afstand_supermarkt_km": ("AfstandTotGroteSupermarkt",),
}
KWB_WONINGEN = {
    "koopwoningen_pct": ("Koopwoningen",),
    "huurwoningen_pct": ("HuurwoningenTotaal",),
    "woz_gemiddeld_x1000": ("GemiddeldeWOZWaardeVanWoningen", "GemiddeldeWoningwaarde"),
    "woningvoorraad": ("Woningvoorraad",),
    "corporatie_pct": ("InBezitWoningcorporatie",),
}
KWB_OVERIG = {"gemeentenaam": ("Gemeentenaam",), "soort_regio": ("SoortRegio",)}


def _kwb(rows: pd.DataFrame, meta: dict) -> dict[str, pd.DataFrame]:
    """Kerncijfers wijken en buurten -> ``wijken`` (gemeente, wijk and buurt rows) and ``woningen``
    (gemeente rows and Nederland: koop/huur %, gemiddelde WOZ, voorraad, corporatie %)."""
    if rows.empty:
        return {"wijken": lege_tabel("wijken"), "woningen": lege_tabel("woningen")}
    dim = meta["regio_dimensie"]
    df = rows.copy()
    df["gebiedscode"] = df[dim].map(_code)
    df["soort"] = df["gebiedscode"].str[:2].map({"GM": "gemeente", "WK": "wijk", "BU": "buurt"})
    df["gemeentecode"] = ("GM" + df["gebiedscode"].str[2:6]).where(df["soort"].notna(), df["gebiedscode"])
    df["jaar"] = meta.get("jaar")
    titels = _titels(meta, dim)
    gemnaam = _zoek_kolom(KWB_OVERIG["gemeentenaam"], df.columns)
    df["naam"] = [titels.get(str(k).strip()) or (str(df.at[i, gemnaam]).strip() if gemnaam else str(k))
                  for i, k in zip(df.index, df["gebiedscode"])]
    df["bron"] = _bron(meta)
    for naam, stammen in {**KWB_WIJKEN, **KWB_WONINGEN}.items():
        df[naam] = _waarden(df, stammen)
    wijken = _canoniek("wijken", df[df["soort"].notna()])
    won = df[(df["soort"] == "gemeente") | (df["gebiedscode"] == NEDERLAND)]
    return {"wijken": wijken, "woningen": _canoniek("woningen", won)}


def _onderwerp(rows: pd.DataFrame, meta: dict, stammen: tuple[str, ...], titel_bevat: str) -> str | None:
    """A topic column by its stems, else the only topic whose title contains ``titel_bevat``."""
    k = _zoek_kolom(stammen, rows.columns)
    if k is not None:
        return k
    kandidaten = [c for c, v in meta.get("onderwerpen", {}).items()
                  if c in rows.columns and titel_bevat in (v.get("titel") or "").lower()]
    return kandidaten[0] if len(kandidaten) == 1 else None


def _woningvoorraad_82900(rows: pd.DataFrame, meta: dict) -> dict[str, pd.DataFrame]:
    """82900NED -> ``woningen``: woningvoorraad, corporatie_pct (share owned by woningcorporaties, one
    decimal) and koop-/huurwoningen_pct per gemeente and year (stock on 1 January); StatusVanBewoning at
    its total ('Totaal'; the other categories are bewoonde / niet bewoonde woningen).

    The real table has ownership as *topics* (``TotaleWoningvoorraad_1``, ``Koopwoningen_2``,
    ``TotaalHuurwoningen_3``, ``EigendomWoningcorporatie_4``, ``EigendomOverigeVerhuurders_5``,
    ``EigendomOnbekend_6``, all counts); a table with an ``Eigendom`` *dimension* and one count topic is
    read too."""
    if rows.empty:
        return {"woningen": lege_tabel("woningen")}
    k = REGISTRY["82900ned"].kolommen
    edim = _dim_met(meta, "Eigendom")
    kol = _zoek_kolom(k["woningvoorraad"], rows.columns)
    if edim is None:
        corp_kol = _onderwerp(rows, meta, k["corporatie"], "corporatie")
        if kol is None or corp_kol is None:
            raise GegevensOntbreken(f"CBS-tabel 82900NED: kolom woningvoorraad ({', '.join(k['woningvoorraad'])}) "
                                    f"of corporatiebezit ({', '.join(k['corporatie'])}) niet gevonden "
                                    f"(kolommen: {', '.join(rows.columns)}).")
        df = _basis(_alleen_totaal(_alleen_jaren(rows, meta), meta), meta)
        df["woningvoorraad"] = _getal(df[kol])
        voorraad = df["woningvoorraad"].astype("Float64")
        df["corporatie_pct"] = (100 * _getal(df[corp_kol]) / voorraad).round(1)
        df["koopwoningen_pct"] = (100 * _waarden(df, k["koopwoningen"]) / voorraad).round(1)
        df["huurwoningen_pct"] = (100 * _waarden(df, k["huurwoningen"]) / voorraad).round(1)
        return {"woningen": _canoniek("woningen", df)}
    if kol is None:
        topics = [t for t in meta.get("onderwerpen", {}) if t in rows.columns]
        kol = topics[0] if len(topics) == 1 else None
    if kol is None:
        raise GegevensOntbreken(f"CBS-tabel 82900NED: kolom woningvoorraad niet gevonden "
                                f"(kolommen: {', '.join(rows.columns)}).")
    df = _basis(_alleen_totaal(_alleen_jaren(rows, meta), meta, houden=(edim,)), meta)
    titels = _titels(meta, edim)
    df["_w"] = _getal(df[kol])
    is_tot = df[edim].map(lambda x: _is_totaal(str(x), titels.get(str(x), "")))
    is_corp = df[edim].map(lambda x: "corporatie" in titels.get(str(x), "").lower())
    sl = ["gemeentecode", "jaar"]
    tot = df[is_tot].groupby(sl)["_w"].sum(min_count=1).rename("woningvoorraad")
    corp = df[is_corp].groupby(sl)["_w"].sum(min_count=1).rename("_corp")
    uit = pd.concat([tot, corp], axis=1).reset_index()
    uit["corporatie_pct"] = (100 * uit["_corp"] / uit["woningvoorraad"]).round(1)
    uit["bron"] = _bron(meta)
    return {"woningen": _canoniek("woningen", uit)}


def _bevolkingsontwikkeling_37230(rows: pd.DataFrame, meta: dict) -> dict[str, pd.DataFrame]:
    """37230ned -> ``bevolkingsontwikkeling``: per whole year (``JJ00``) the population at the start
    and end, births, deaths, vestiging and vertrek (incl. administrative corrections)."""
    if rows.empty:
        return {"bevolkingsontwikkeling": lege_tabel("bevolkingsontwikkeling")}
    df = _basis(_alleen_totaal(_alleen_jaren(rows, meta), meta), meta)
    for naam, stammen in REGISTRY["37230ned"].kolommen.items():
        df[naam] = _waarden(df, stammen)
    df = df[df["bevolking_1jan"].notna()]
    return {"bevolkingsontwikkeling": _canoniek("bevolkingsontwikkeling", df)}


def _tidy(rows: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """Generic long format of a CBS table: gemeentecode, jaar, periode, one column per other dimension
    (category title), onderwerp (topic title), onderwerp_code, eenheid, waarde (numeric topics only)."""
    regio, periode = meta.get("regio_dimensie"), meta.get("periode_dimensie")
    dims = [d for d in meta.get("dimensie_namen", []) if d in rows.columns]
    topics = {k: v for k, v in meta.get("onderwerpen", {}).items() if k in rows.columns}
    df = rows.copy()
    id_kol: list[str] = []
    if regio:
        df["gemeentecode"] = df[regio].map(_code)
        id_kol.append("gemeentecode")
    if periode:
        df["jaar"] = df[periode].map(_jaar).astype("Int64")
        df["periode"] = df[periode].astype("string")
        id_kol += ["jaar", "periode"]
    for d in dims:
        if d in (regio, periode):
            continue
        titels = _titels(meta, d)
        df[d] = df[d].map(lambda k, t=titels: t.get(str(k), str(k))).astype("string")
        id_kol.append(d)
    # numeric topics only (KWB-like tables also hold text topics such as Gemeentenaam_1)
    numeriek = [k for k in topics if rows[k].isna().all() or pd.to_numeric(rows[k], errors="coerce").notna().any()]
    lang = df.melt(id_vars=id_kol, value_vars=numeriek, var_name="onderwerp_code", value_name="waarde")
    lang["onderwerp"] = lang["onderwerp_code"].map(lambda k: topics[k].get("titel", k)).astype("string")
    lang["eenheid"] = lang["onderwerp_code"].map(lambda k: topics[k].get("eenheid", "")).astype("string")
    lang["waarde"] = _getal(lang["waarde"])
    lang["bron"] = _bron(meta)
    return lang[[*id_kol, "onderwerp", "onderwerp_code", "eenheid", "waarde", "bron"]].reset_index(drop=True)


def _wmo_86050(rows: pd.DataFrame, meta: dict) -> dict[str, pd.DataFrame]:
    """86050NED -> tidy frame (see ``_tidy``): Wmo-cliënten per gemeente and year, per category of the
    table's dimensions (incl. beschermd wonen and opvang), every numeric topic as (onderwerp, waarde)."""
    return {"86050ned": _tidy(rows, meta) if not rows.empty else pd.DataFrame()}


def _variant(titel: str) -> str:
    t = titel.lower()
    return "laag" if "onder" in t else "hoog" if "boven" in t else "midden"


def _prognose_85173(rows: pd.DataFrame, meta: dict) -> dict[str, pd.DataFrame]:
    """85173NED -> tidy frame gemeentecode, jaar, variant (laag/midden/hoog), interval (e.g. '67%' for
    the bounds), bevolking: the regional prognosis total with its prognosis interval."""
    kolommen = ["gemeentecode", "jaar", "variant", "interval", "bevolking", "bron"]
    if rows.empty:
        return {"85173ned": pd.DataFrame(columns=kolommen)}
    overig = [d for d in meta.get("dimensie_namen", []) if d not in (meta.get("regio_dimensie"),
                                                                      meta.get("periode_dimensie"))]
    idim = next((d for d in overig if any("grens" in t.lower() for t in _titels(meta, d).values())),
                next((d for d in overig if "interval" in d.lower()), None))
    df = _basis(_alleen_totaal(rows, meta, houden=(idim,) if idim else ()), meta)
    stammen = REGISTRY["85173ned"].kolommen["bevolking"]
    if idim:  # interval as a dimension (Prognose / Ondergrens … / Bovengrens …)
        titels = _titels(meta, idim)
        df["_titel"] = df[idim].map(lambda k: titels.get(str(k), str(k)))
        df["bevolking"] = _waarden(df, stammen)
    else:  # interval as topics
        topics = {k: v.get("titel", k) for k, v in meta.get("onderwerpen", {}).items() if k in df}
        df = df.melt(id_vars=["gemeentecode", "jaar", "bron"], value_vars=list(topics), var_name="_k",
                     value_name="bevolking")
        df["_titel"] = df["_k"].map(lambda k: f"{topics[k]} {k}")
        df["bevolking"] = _getal(df["bevolking"])
    kol = _zoek_kolom(stammen, meta.get("onderwerpen", {})) if idim else None
    if _duizendtallen(meta, kol):
        df["bevolking"] = df["bevolking"] * 1000
    df["variant"] = df["_titel"].map(_variant)
    df["interval"] = df["_titel"].map(lambda t: (m.group(1) + "%") if (m := re.search(r"(\d+)\s*%", t)) else pd.NA)
    uit = df[kolommen].copy()
    uit["interval"] = uit["interval"].astype("string")
    uit["jaar"] = uit["jaar"].astype("Int64")
    uit["bevolking"] = uit["bevolking"].round().astype("Int64")
    return {"85173ned": uit.sort_values(["gemeentecode", "jaar", "variant"]).reset_index(drop=True)}


def _duizendtallen(meta: dict, kol: str | None) -> bool:
    """True when the topic's unit is 'x 1 000' (CBS publishes the regional prognoses in thousands)."""
    eenheid = (meta.get("onderwerpen", {}).get(kol, {}).get("eenheid") or "").replace("\u00a0", " ") if kol else ""
    return bool(re.search(r"x\s?1\s?000", eenheid))


def _prognose_totalen_85171(rows: pd.DataFrame, meta: dict) -> dict[str, pd.DataFrame]:
    """85171NED -> ``prognose_totalen``: the PBL/CBS regional prognosis total per gemeente and year (variant
    midden), in persons (CBS: ``TotaleBevolking_1`` x 1 000, one decimal); Leeftijd and Geslacht at their
    total. CBS publishes it for gemeenten above 50,000 inhabitants only."""
    if rows.empty:
        return {"prognose_totalen": lege_tabel("prognose_totalen")}
    kol = _zoek_kolom(REGISTRY["85171ned"].kolommen["bevolking"], rows.columns)
    if kol is None:
        raise GegevensOntbreken(f"CBS-tabel 85171NED: kolom TotaleBevolking niet gevonden "
                                f"(kolommen: {', '.join(rows.columns)}).")
    df = _basis(_alleen_totaal(_alleen_jaren(rows, meta), meta), meta)
    df["bevolking"] = _getal(df[kol]) * (1000 if _duizendtallen(meta, kol) else 1)
    df["variant"] = "midden"
    df = df[df["bevolking"].notna() & df["gemeentecode"].astype(str).str.fullmatch(r"GM\d{4}")]
    return {"prognose_totalen": _canoniek("prognose_totalen", df)}


def _sterfte_37360(rows: pd.DataFrame, meta: dict) -> dict[str, pd.DataFrame]:
    """37360ned -> tidy frame geslacht (man/vrouw/totaal), leeftijd (single years; the open top class at
    its first age), jaar, sterftekans (probability 0..1, converted from CBS' unit), levensverwachting."""
    kolommen = ["jaar", "geslacht", "leeftijd", "sterftekans", "levensverwachting", "bron"]
    if rows.empty:
        return {"37360ned": pd.DataFrame(columns=kolommen)}
    ldim, gdim = _dim_met(meta, "Leeftijd"), _dim_met(meta, "Geslacht")
    k = REGISTRY["37360ned"].kolommen
    df = _alleen_totaal(_alleen_jaren(rows, meta), meta, houden=(ldim, gdim)).copy()
    df["jaar"] = df[meta["periode_dimensie"]].map(_jaar).astype("Int64")
    ltitels, gtitels = _titels(meta, ldim), _titels(meta, gdim)
    klassen = _enkele_jaren({key: _leeftijd_klasse(t) for key, t in ltitels.items()})
    df = df[df[ldim].map(lambda c: str(c) in klassen)].copy()
    df["leeftijd"] = df[ldim].map(lambda c: klassen[str(c)][0]).astype("Int64")
    df["geslacht"] = df[gdim].map(lambda c: _geslacht(str(c), gtitels.get(str(c), "")))
    kol = _zoek_kolom(k["sterftekans"], df.columns)
    kans = _waarden(df, k["sterftekans"])
    eenheid = (meta.get("onderwerpen", {}).get(kol, {}).get("eenheid") or "").replace("\u00a0", " ") if kol else ""
    if re.search(r"1\s?000", eenheid):
        kans = kans / 1000
    elif "%" in eenheid:
        kans = kans / 100
    elif kans.notna().any() and kans.max() > 1:
        warnings.warn(f"CBS 37360ned: eenheid sterftekans '{eenheid}' onbekend en waarden > 1; "
                      "aangenomen: per 1 000.", CbsWaarschuwing, stacklevel=2)
        kans = kans / 1000
    df["sterftekans"] = kans
    df["levensverwachting"] = _waarden(df, k["levensverwachting"])
    df["bron"] = _bron(meta)
    uit = df[df["geslacht"].notna()][kolommen]
    return {"37360ned": uit.sort_values(["jaar", "geslacht", "leeftijd"]).reset_index(drop=True)}


def _combineer_woningen(delen: list[tuple[pd.DataFrame, dict]]) -> pd.DataFrame:
    """KWB gemeente rows (koop/huur/WOZ) completed with 82900NED (voorraad, corporatie %) for the same
    gemeente and year; 82900NED rows for other gemeenten/years are added as they are."""
    frames = [d for d, _ in delen if not d.empty]
    if not frames:
        return lege_tabel("woningen")
    sl = ["gemeentecode", "jaar"]
    basis = frames[0].set_index(sl)
    for extra in frames[1:]:
        extra = extra.set_index(sl)
        gedeeld = basis.index.intersection(extra.index)
        for kol in ("woningvoorraad", "corporatie_pct"):
            leeg = basis.loc[gedeeld, kol].isna()
            idx = leeg[leeg].index
            if len(idx):
                basis.loc[idx, kol] = extra.loc[idx, kol]
                basis.loc[idx, "bron"] = basis.loc[idx, "bron"].astype(str) + "; " + extra.loc[idx, "bron"].astype(str)
        basis = pd.concat([basis, extra.loc[extra.index.difference(basis.index)]])
    return _canoniek("woningen", basis.reset_index())


# --------------------------------------------------------------------------------------------------
# the registry
# --------------------------------------------------------------------------------------------------

def _kwb_tabel(id_: str, jaar: int) -> CbsTabel:
    return CbsTabel(
        id=id_, titel=f"Kerncijfers wijken en buurten {jaar}",
        geeft=(f"Kerncijfers per gemeente, wijk en buurt (editie {jaar}): inwoners, leeftijdsgroepen, "
               "huishoudens, eenpersoonshuishoudens, afstand tot huisarts en grote supermarkt; op "
               "gemeenteniveau ook koop-/huurwoningen (%), gemiddelde WOZ-waarde, woningvoorraad en "
               "% in bezit van woningcorporaties. Wijk- en buurtaantallen zijn door CBS afgerond op 5."),
        canoniek="wijken", ook=("woningen",), regio_dimensie="WijkenEnBuurten", converteer=_kwb,
        kolommen={**KWB_WIJKEN, **KWB_WONINGEN, **KWB_OVERIG}, perioden=None, nl_code="NL00",
        wijken_en_buurten=True, jaar=jaar)


#: Kerncijfers wijken en buurten per edition year; add a new edition here (id from the CBS catalog).
KWB_EDITIES: dict[int, str] = {2020: "84799NED", 2021: "85039NED", 2022: "85318NED", 2023: "85618NED",
                               2024: "85984NED"}

_TABELLEN = [
    CbsTabel(
        id="03759ned", titel="Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
        geeft=("Bevolking op 1 januari per gemeente (en Nederland) naar leeftijd in enkele jaren en "
               "geslacht; omgezet naar 5-jaarsklassen 0-4 … 90-94 en 95+ voor man, vrouw en totaal. "
               "De RegioS-dimensie levert ook de gemeentenamen (tabel gemeenten)."),
        canoniek="bevolking", ook=("gemeenten",), regio_dimensie="RegioS", converteer=_bevolking_03759,
        kolommen={"aantal": ("BevolkingOp1Januari",)}),
    CbsTabel(
        id="71486ned", titel="Huishoudens; samenstelling, grootte, regio, 1 januari",
        geeft=("Particuliere huishoudens per gemeente op 1 januari: totaal, eenpersoons- en "
               "meerpersoonshuishoudens (leeftijd referentiepersoon: totaal)."),
        canoniek="huishoudens", regio_dimensie="RegioS", converteer=_huishoudens_71486,
        kolommen={"huishoudens_totaal": ("TotaalParticuliereHuishoudens",),
                  "eenpersoons": ("Eenpersoonshuishoudens", "Eenpersoonshuishouden"),
                  "meerpersoons": ("TotaalMeerpersoonshuishoudens", "Meerpersoonshuishoudens")}),
    CbsTabel(
        id="71488ned", titel="Personen in huishoudens naar leeftijd en geslacht, 1 januari",
        geeft=("Personen in particuliere huishoudens en alleenstaanden per gemeente naar 5-jaarsklasse "
               "(95+ open), geslacht totaal. Bewoners van instellingen tellen niet mee."),
        canoniek="huishoudens_leeftijd", regio_dimensie="RegioS", converteer=_huishoudens_leeftijd_71488,
        kolommen={"personen_particuliere_huishoudens": ("TotaalInParticuliereHuishoudens",),
                  "alleenstaand": ("Alleenstaand",)}),
    *[_kwb_tabel(i, j) for j, i in KWB_EDITIES.items()],
    CbsTabel(
        id="82900NED", titel="Voorraad woningen; eigendom, type verhuurder, bewoning, regio",
        geeft=("Woningvoorraad per gemeente op 1 januari naar eigendom; geeft woningvoorraad (totaal) en "
               "corporatie_pct (% in bezit van woningcorporaties), bewoning: totaal."),
        canoniek="woningen", regio_dimensie="RegioS", converteer=_woningvoorraad_82900,
        kolommen={"woningvoorraad": ("TotaleWoningvoorraad", "Woningvoorraad", "VoorraadWoningen"),
                  "corporatie": ("EigendomWoningcorporatie",), "koopwoningen": ("Koopwoningen",),
                  "huurwoningen": ("TotaalHuurwoningen",)}),
    CbsTabel(
        id="86050NED", titel="Wmo-cliënten; type voorziening (incl. beschermd wonen en opvang), regio",
        geeft=("Wmo-cliënten per gemeente, ook beschermd wonen en maatschappelijke opvang. Geen canoniek "
               "schema: extra_tabel geeft een lang formaat (gemeentecode, jaar, periode, één kolom per "
               "dimensie met de categorietitel, onderwerp, onderwerp_code, eenheid, waarde)."),
        canoniek=None, regio_dimensie="RegioS", converteer=_wmo_86050, perioden="reeks", reeks_jaren=5),
    CbsTabel(
        id="85173NED", titel="Regionale prognose 2023-2050; bevolking, intervallen, regio-indeling 2021",
        geeft=("Regionale bevolkingsprognose (PBL/CBS): bevolkingstotaal per gemeente en prognosejaar met "
               "het 67%-prognose-interval (dimensie PrognoseInterval: Prognose, Ondergrens/Bovengrens "
               "67%-prognose-interval; TotaleBevolking_1 x 1 000). Geen canoniek schema: extra_tabel geeft "
               "gemeentecode, jaar, variant (laag/midden/hoog), interval, bevolking. Leeftijd alleen 'Totaal': "
               "CBS/PBL hebben de leeftijdsopbouw in 2023 ingetrokken (zie domein §7)."),
        canoniek=None, regio_dimensie="RegioIndeling2021", converteer=_prognose_85173, perioden="alle",
        kolommen={"bevolking": ("TotaleBevolking", "Bevolking", "Prognose")}),
    CbsTabel(
        id="85171NED", titel="Regionale prognose 2023-2050; bevolking, regio-indeling 2021",
        geeft=("Regionale bevolkingsprognose (PBL/CBS), alleen de middenprognose: totale bevolking per "
               "gemeente en jaar (TotaleBevolking_1 x 1 000), voor gemeenten boven 50.000 inwoners; "
               "Leeftijd en Geslacht alleen 'Totaal'. Geeft prognose_totalen (variant midden)."),
        canoniek="prognose_totalen", regio_dimensie="RegioIndeling2021", converteer=_prognose_totalen_85171,
        perioden="alle", kolommen={"bevolking": ("TotaleBevolking",)}, alle_gemeenten=False),
    CbsTabel(
        id="37230ned", titel="Bevolkingsontwikkeling; regio per maand",
        geeft=("Bevolkingsontwikkeling per gemeente per jaar (perioden JJ00): bevolking begin en einde, "
               "levend geborenen, overledenen, vestiging en vertrek (incl. correcties)."),
        canoniek="bevolkingsontwikkeling", regio_dimensie="RegioS", converteer=_bevolkingsontwikkeling_37230,
        perioden="reeks", reeks_jaren=12,
        kolommen={"bevolking_1jan": ("BevolkingAanHetBeginVanDePeriode", "BevolkingOp1Januari"),
                  "levend_geborenen": ("LevendGeborenKinderen", "LevendGeborenen"),
                  "overledenen": ("Overledenen",),
                  "vestiging_totaal": ("TotaleVestiging", "VestigingTotaal"),
                  "vertrek_totaal": ("TotaalVertrekInclAdmCorrecties", "TotaalVertrekInclusiefAdministratieveC",
                                     "TotaalVertrek"),
                  "bevolking_31dec": ("BevolkingAanHetEindeVanDePeriode", "BevolkingOp31December")}),
    CbsTabel(
        id="37360ned", titel="Levensverwachting; geslacht, leeftijd (per jaar en periode van vijf jaren)",
        geeft=("Overlevingstafel voor heel Nederland: sterftekans en levensverwachting naar leeftijd (enkele "
               "jaren) en geslacht. Geen canoniek schema: extra_tabel geeft jaar, geslacht, leeftijd, "
               "sterftekans (kans 0..1), levensverwachting. Basis voor de eigen prognose naar leeftijd."),
        canoniek=None, regio_dimensie=None, converteer=_sterfte_37360, nederland=False,
        kolommen={"sterftekans": ("Sterftekans",), "levensverwachting": ("Levensverwachting",)}),
]

#: All CBS tables the toolkit knows, keyed by lowercase id.
REGISTRY: dict[str, CbsTabel] = {t.sleutel: t for t in _TABELLEN}

#: Tables without canonical schema, fetched by ``wz data fetch`` for ``extra_tabel``.
EXTRA_TABELLEN = ("86050ned", "85173ned", "37360ned")


def kwb_tabel(peiljaar: int) -> CbsTabel:
    """The Kerncijfers wijken en buurten edition for a peiljaar: the latest edition <= peiljaar, else the
    earliest."""
    jaren = sorted(KWB_EDITIES)
    eerder = [j for j in jaren if j <= peiljaar]
    return REGISTRY[KWB_EDITIES[eerder[-1] if eerder else jaren[0]].lower()]


def _plan(peiljaar: int) -> list[tuple[str, bool]]:
    """(table id, required) for the canonical tables of a peiljaar."""
    return [("03759ned", True), ("71486ned", False), ("71488ned", False), (kwb_tabel(peiljaar).sleutel, False),
            ("82900ned", False), ("37230ned", False), ("85171ned", False)]


def _tabel(tabel_id: str) -> CbsTabel:
    t = REGISTRY.get(tabel_id.lower())
    if t is not None:
        return t
    # A table outside the registry: fetched raw, without region/period filtering.
    return CbsTabel(id=tabel_id, titel="", geeft="", canoniek=None, regio_dimensie=None, perioden="alle",
                    nederland=False)


def converteer(tabel_id: str, rows: pd.DataFrame, meta: dict) -> dict[str, pd.DataFrame]:
    """Raw rows of a registry table -> its canonical (or tidy) tables, keyed by name."""
    tabel = _tabel(tabel_id)
    if tabel.converteer is None:
        raise KeyError(f"CBS-tabel {tabel_id} staat niet in het register van wzlib.bronnen.cbs")
    return tabel.converteer(rows, meta)
