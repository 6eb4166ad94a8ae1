"""The context a step notebook works in: one validated load of parameters, data and earlier results.

A notebook does::

    A = wzlib.analyse.open(regio, gemeente=gemeente, peiljaar=peiljaar, uitvoer_map=uitvoer_map,
                           stap=stappen.OMVANG)
    A.kop()

and then calls step functions with ``A.gegevens`` / ``A.lokaal`` / ``A.invoer()`` (the earlier results
the registry says the step reads, checked by the catalogue), shows them with ``wzlib.presentatie``
using the disclosure rules ``A.regels``, and stores its results with ``A.bewaar``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from . import __version__, paden, regioberekening, resultaten
from .bronnen import cbs, herindelingen
from .bronnen.invoer import lees_map
from .bronnen.lokaal import LOKALE_SCHEMAS, LokaleInvoer, lees_lokaal
from .catalogus import Tabel
from .fouten import ParamsFout, WzFout
from .gegevens import SCHEMAS, Gegevens, Herkomst, LuiTabellen
from .params import Gemeente, RegioParams, laad_regio, los_gemeenten_op
from .presentatie.afscherming import Regels
from .stappen import RegioBerekening, Stap, stap as zoek_stap
from .veilig import md_tekst
from .vingerafdruk import invoer_bestanden, sha_bestand

_CACHE_VERSIE = "4"  # 4: herindelingen (bronnen.herindelingen); 3: getal.lees_waarde, leeftijdsklassen


def _cache_sleutel(delen: list[str], bestanden: list[Path]) -> str:
    h = hashlib.sha256("|".join([*delen, _CACHE_VERSIE, __version__]).encode())
    for p in sorted(bestanden):
        h.update(str(p).encode())
        h.update(sha_bestand(p).encode())
    return h.hexdigest()[:24]


def laad_gegevens(rp: RegioParams, *, cache: bool = True) -> Gegevens:
    """The canonical tables of the regio's source (import folder, demo folder or CBS cache).

    Import folders are validated once; the validated tables are cached as parquet under
    ``data/cache/invoer/<sleutel>/`` so later notebooks of the same run load in milliseconds.
    """
    if rp.bron.soort == "cbs":
        return cbs.laad_gegevens(rp.opgegeven_codes or [], cache_dir=rp.cbs_cache, peiljaar=rp.peiljaar,
                                 regio_slug=rp.slug, max_leeftijd_dagen=rp.bron.max_leeftijd_dagen)
    map_ = rp.bron_map
    soort = "voorbeeld" if rp.bron.soort == "voorbeeld" else "invoer"
    if not cache or map_ is None or not map_.is_dir():
        return lees_map(map_, soort=soort, fictief=rp.fictief)
    bestanden = [map_ / s.bestand for s in SCHEMAS.values() if (map_ / s.bestand).exists()]
    cmap = paden.cache_invoer(Path(rp.root), _cache_sleutel([soort, str(int(rp.fictief))], bestanden))
    if (cmap / "herkomst.json").exists() and all((cmap / f"{naam}.parquet").is_file() for naam in SCHEMAS):
        try:
            herkomst = {k: Herkomst(**v) for k, v in json.loads((cmap / "herkomst.json").read_text()).items()}
        except (OSError, ValueError, TypeError):
            herkomst = None  # an unreadable cache entry: read the files again
        if herkomst is not None:
            # the tables are read when a notebook first uses them; an unreadable one: the files again
            bron: list[Gegevens] = []

            def lezer(naam: str):
                def lees() -> pd.DataFrame:
                    try:
                        return pd.read_parquet(cmap / f"{naam}.parquet")
                    except (OSError, ValueError, TypeError):
                        if not bron:
                            bron.append(lees_map(map_, soort=soort, fictief=rp.fictief))
                        df = bron[0][naam]
                        try:
                            paden.atomair_schrijven(cmap / f"{naam}.parquet", lambda p: df.to_parquet(p, index=False))
                        except OSError:
                            pass  # a cache that cannot be written is no reason to fail
                        return df
                return lees

            return Gegevens(tabellen=LuiTabellen({naam: lezer(naam) for naam in SCHEMAS}), herkomst=herkomst)
    g = lees_map(map_, soort=soort, fictief=rp.fictief)
    try:
        for naam, df in g.tabellen.items():
            paden.atomair_schrijven(cmap / f"{naam}.parquet", lambda p, df=df: df.to_parquet(p, index=False))
        paden.atomair_tekst(cmap / "herkomst.json",
                            json.dumps({k: asdict(v) for k, v in g.herkomst.items()}, ensure_ascii=False))
    except OSError:
        pass  # a cache that cannot be written is no reason to fail
    return g


def laad_lokaal(rp: RegioParams, gemeenten: list[Gemeente]) -> LokaleInvoer:
    """The regio's validated local inputs, cached like the import folder: parquet + JSON under
    ``data/cache/lokaal/<sleutel>/`` (never pickle: a cache is data, not code). The key covers the
    files, the gemeenten and the toolkit version."""
    if rp.lokaal_map is None:
        return LokaleInvoer()
    sleutel = _cache_sleutel([*(f"{g.code}={g.naam}" for g in gemeenten), str(int(rp.fictief)), str(rp.lokaal_map)],
                             invoer_bestanden(rp)["lokaal"])
    cmap = paden.cache_lokaal(Path(rp.root), sleutel)
    if (cmap / "lokaal.json").exists():
        try:
            meta = json.loads((cmap / "lokaal.json").read_text(encoding="utf-8"))
            return LokaleInvoer(**{n: pd.read_parquet(cmap / f"{n}.parquet") for n in LOKALE_SCHEMAS},
                                herkomst={k: Herkomst(**v) for k, v in meta["herkomst"].items()},
                                ontbrekend=list(meta["ontbrekend"]), niet_ingevuld=dict(meta["niet_ingevuld"]))
        except (OSError, ValueError, TypeError, KeyError):
            pass
    lok = lees_lokaal(rp.lokaal_map, gemeenten=gemeenten, fictief=rp.fictief)  # InvoerFout: nothing cached
    try:
        for n in LOKALE_SCHEMAS:
            paden.atomair_schrijven(cmap / f"{n}.parquet", lambda p, df=lok[n]: df.to_parquet(p, index=False))
        paden.atomair_tekst(cmap / "lokaal.json", json.dumps({
            "herkomst": {k: asdict(v) for k, v in lok.herkomst.items()}, "ontbrekend": lok.ontbrekend,
            "niet_ingevuld": lok.niet_ingevuld}, ensure_ascii=False))
    except OSError:
        pass
    return lok


def laad_gemeenten(rp: RegioParams) -> list[Gemeente]:
    """The regio's gemeenten resolved against its source (code and name)."""
    return los_gemeenten_op(rp, laad_gegevens(rp)["gemeenten"])


@dataclass
class Analyse:
    regio: RegioParams
    gemeenten: list[Gemeente]
    gemeente: Gemeente | None
    peiljaar: int
    stap: Stap
    regio_map: Path  # <uitvoer>/<regio>: folder of this run, holding <GMxxxx>/ and regio/
    gegevens: Gegevens
    _lokaal: LokaleInvoer | None = None
    gebruikte_bronnen: dict[str, Herkomst] = field(default_factory=dict)

    # -- who ---------------------------------------------------------------------------------------------
    @property
    def wie(self) -> str:
        """The gemeentecode, or ``regio`` for a regio step: the folder of this notebook's results."""
        return self.gemeente.code if self.gemeente else paden.REGIO

    @property
    def codes(self) -> list[str]:
        """Gemeentecodes of the regio."""
        return [g.code for g in self.gemeenten]

    @property
    def namen(self) -> dict[str, str]:
        """{gemeentecode: naam} of the regio's gemeenten, in the regio's order."""
        return {g.code: g.naam for g in self.gemeenten}

    @property
    def naam(self) -> str:
        """Name of the gemeente (per-gemeente notebooks) or the regio."""
        return self.gemeente.naam if self.gemeente else self.regio.naam

    @property
    def regels(self) -> Regels:
        """The disclosure rules of this regio (``afscherming:``), passed to every table and chart."""
        return Regels(**self.regio.afscherming.model_dump())

    # -- data ----------------------------------------------------------------------------------------------
    @property
    def lokaal(self) -> LokaleInvoer:
        """Local inputs of the regio (aanbod, aandachtsgroepen, plancapaciteit, woningmarkt)."""
        if self._lokaal is None:
            self._lokaal = laad_lokaal(self.regio, self.gemeenten)
            for k, h in self._lokaal.herkomst.items():
                self.gebruikte_bronnen[f"lokaal:{k}"] = h
        return self._lokaal

    def tabel(self, naam: str) -> pd.DataFrame:
        """A canonical table; marks its provenance as used in this report."""
        df = self.gegevens[naam]
        if naam in self.gegevens.herkomst:
            self.gebruikte_bronnen[naam] = self.gegevens.herkomst[naam]
        return df

    def herkomst(self, *tabellen: str) -> list[Herkomst]:
        """Provenance of the given canonical tables (for source lines under tables and charts)."""
        uit = []
        for t in tabellen:
            if t in self.gegevens.herkomst:
                self.gebruikte_bronnen[t] = self.gegevens.herkomst[t]
                uit.append(self.gegevens.herkomst[t])
            elif f"lokaal:{t}" in self.gebruikte_bronnen:
                uit.append(self.gebruikte_bronnen[f"lokaal:{t}"])
        return uit

    # -- earlier results -------------------------------------------------------------------------------------
    def invoer(self) -> SimpleNamespace:
        """The earlier results this step reads (``Stap.leest``), one attribute per table name.

        A gemeente step gets its own gemeente's rows (or the regio table); a regio step the table of every
        gemeente. A required table that is missing raises :class:`wzlib.resultaten.ResultaatOntbreekt`
        naming the gemeente(n) and the step; an optional one is None (gemeente step) or holds the gemeenten
        that have it, with ``ontbreekt[<tabel>]`` listing the others (regio step).
        """
        uit = SimpleNamespace(ontbreekt={})
        for lz in self.stap.leest:
            setattr(uit, lz.tabel.naam, self._lees(lz.tabel, lz.verplicht, uit.ontbreekt))
        self._bronnen_van_eerdere_stappen()
        return uit

    def regio_berekening(self, b: RegioBerekening | str) -> Any:
        """A regio-wide result shared by the gemeenten (``wzlib.stappen.REGIO_BEREKENINGEN``): read from the
        regio's results when a batch run or another notebook already computed it with the same parameters
        and inputs, else computed on demand by the same registered function and stored
        (:func:`wzlib.regioberekening.haal`)."""
        return regioberekening.haal(self, b)

    def _bronnen_van_eerdere_stappen(self) -> None:
        """The sources of the results read (their ``resultaat.json``) count as sources of this report, so
        its colophon names the data behind the figures it shows, not only what it read itself."""
        for lz in self.stap.leest:
            w = zoek_stap(lz.tabel.stap)
            wies = ([paden.REGIO] if w.scope == "regio" else
                    [self.gemeente.code] if self.gemeente is not None else self.codes)
            for wie in wies:
                try:
                    m = resultaten.meta(self.regio_map, wie, w) or {}
                except (OSError, ValueError):
                    continue
                for h in m.get("herkomst", []) or []:
                    try:
                        her = Herkomst(**h)
                    except TypeError:
                        continue
                    self.gebruikte_bronnen.setdefault(f"{w.sleutel}:{her.bron}:{her.titel}:{her.periode}", her)

    def _lees(self, t: Tabel, verplicht: bool, ontbreekt: dict[str, list[Gemeente]]) -> pd.DataFrame | None:
        if t.scope == "regio" or self.gemeente is not None:
            wie = paden.REGIO if t.scope == "regio" else self.gemeente.code
            if not verplicht and not resultaten.bestaat(self.regio_map, wie, t):
                ontbreekt[t.naam] = [self.gemeente] if wie != paden.REGIO else []
                return None
            return resultaten.lees(self.regio_map, wie, t, namen=self.namen, lezer=self.stap)
        df, mist = resultaten.lees_gemeenten(self.regio_map, self.gemeenten, t, verplicht=verplicht, lezer=self.stap)
        if mist:
            ontbreekt[t.naam] = mist
        return df

    def bewaar(self, tabellen: dict[Tabel, pd.DataFrame], extra: dict[str, Any] | None = None) -> Path:
        """Write this step's result tables (all of them, checked against the catalogue)."""
        meta = {
            "regio": self.regio.slug, "regio_naam": self.regio.naam, "fictief": self.regio.fictief,
            "gemeente": self.gemeente.code if self.gemeente else None,
            "gemeente_naam": self.gemeente.naam if self.gemeente else None,
            "peiljaar": self.peiljaar,
            "params": {k: self.regio.sectie(k) for k in self.stap.alle_parameters},
            "afscherming": self.regels.omschrijving(),
            **(extra or {}),
        }
        return resultaten.schrijf(self.regio_map, self.wie, self.stap, tabellen, list(self.gebruikte_bronnen.values()),
                                  meta)

    def kop(self):
        """Show the "Over dit rapport" block (regio, gemeente, peiljaar, bron, fictief-banner)."""
        from IPython.display import Markdown  # IPython: only in a notebook

        return Markdown(kop_tekst(self))


def open(regio: str | Path, gemeente: str | None = None, peiljaar: int = 0, uitvoer_map: str = "", *,
         stap: Stap | str) -> Analyse:  # noqa: A001 - the notebook-facing name
    """Load and validate everything a step notebook needs; raises a Dutch WzFout on bad input.

    ``uitvoer_map``: the folder of this notebook's results (``<uitvoer>/<regio>/<GMxxxx>`` or ``.../regio``);
    empty = ``outputs/<regio>/...`` of the project. Earlier results are read from its sibling folders.
    """
    s = zoek_stap(stap)
    rp = laad_regio(regio)
    g = laad_gegevens(rp)
    gemeenten = los_gemeenten_op(rp, g["gemeenten"])
    rp = regio_met_eigen_naam(rp, gemeenten)
    codes = {x.code for x in gemeenten}  # the provenance names only this regio's herindelingen
    g.herkomst = {k: herindelingen.voor_regio(h, codes) for k, h in g.herkomst.items()}
    if s.scope == "gemeente" and not gemeente:
        raise ParamsFout(f"{s.naam} draait per gemeente: geef de parameter 'gemeente' (code of naam).")
    if s.scope == "regio" and gemeente:
        raise ParamsFout(f"{s.naam} draait één keer voor de hele regio: laat de parameter 'gemeente' weg.")
    gem = _kies_gemeente(gemeente, gemeenten, rp) if gemeente else None
    jaar = int(peiljaar) if peiljaar else rp.peiljaar
    regio_map = Path(uitvoer_map).parent if uitvoer_map else rp.uitvoer_map
    return Analyse(regio=rp, gemeenten=gemeenten, gemeente=gem, peiljaar=jaar, stap=s, regio_map=regio_map,
                   gegevens=g)


def regio_met_eigen_naam(rp: RegioParams, gemeenten: list[Gemeente]) -> RegioParams:
    """The regio as the reports name it: a regio named like one of its gemeenten (COROP-gebied Utrecht and the
    gemeente Utrecht) is "Utrecht (regio)", so that tables and charts that list the gemeenten and the regio side
    by side have one row per name (the charts refuse two bars with one label)."""
    namen = {g.naam.strip().casefold() for g in gemeenten}
    if rp.naam.strip().casefold() not in namen:
        return rp
    return rp.model_copy(update={"naam": f"{rp.naam} (regio)"})


def _kies_gemeente(opgave: str, gemeenten: list[Gemeente], rp: RegioParams) -> Gemeente:
    o = opgave.strip()
    for g in gemeenten:
        if o.upper() == g.code or o.lower() == g.naam.lower():
            return g
    tip = difflib.get_close_matches(o, [g.naam for g in gemeenten] + [g.code for g in gemeenten], n=3)
    raise WzFout(f"Gemeente '{opgave}' hoort niet bij regio {rp.naam} ({rp.pad}). "
                 + (f"Bedoelde u: {', '.join(tip)}? " if tip else "")
                 + f"Gemeenten van de regio: {', '.join(f'{g.naam} ({g.code})' for g in gemeenten)}.")


def kop_tekst(a: Analyse) -> str:
    regels = []
    if a.regio.fictief:
        regels.append("> **Let op: fictieve gegevens.** Dit rapport is gemaakt met de fictieve *voorbeeldregio* "
                      "van de toolkit. De cijfers zijn verzonnen en zeggen niets over een echte gemeente.\n")
    # names come from outside (regio file, gemeenten.csv): escaped once, here (wzlib.veilig)
    wie = f"gemeente **{md_tekst(a.gemeente.naam)}** ({md_tekst(a.gemeente.code)}), " if a.gemeente else ""
    regels.append(f"**Over dit rapport.** {a.stap.naam}; {wie}regio **{md_tekst(a.regio.naam)}** "
                  f"({len(a.gemeenten)} gemeenten: {', '.join(md_tekst(g.naam) for g in a.gemeenten)}); "
                  f"peiljaar {a.peiljaar}; gemaakt op {date.today().strftime('%d-%m-%Y')} "
                  f"met woonzorganalyse {__version__}.")
    bron = {"cbs": "CBS open data (StatLine, via cbsodata)", "invoer": "invoerbestanden in het invoerformaat",
            "voorbeeld": "fictieve voorbeeldgegevens"}[a.regio.bron.soort]
    regels.append(f"Gegevensbron: {bron}. De bron staat onder elke tabel en grafiek; het colofon achteraan "
                  "noemt alle bronnen, kengetallen en parameters.")
    return "\n\n".join(regels)
