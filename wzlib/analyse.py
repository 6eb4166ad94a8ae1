"""The context a step notebook works in: one validated load of params and data.

A notebook does::

    A = wzlib.analyse.open(regio, gemeente=gemeente, peiljaar=peiljaar, uitvoer_map=uitvoer_map,
                           stap="10_omvang")
    A.kop()

and then calls step functions with ``A.gegevens`` / ``A.lokaal`` and shows the results with
``wzlib.presentatie``. Everything the notebook needs to know about the regio is here.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, resultaten
from .fouten import ParamsFout, WzFout
from .gegevens import SCHEMAS, Gegevens, Herkomst
from .paden import atomair_schrijven, atomair_tekst
from .params import Gemeente, RegioParams, invoer_bestanden, laad_regio, los_gemeenten_op, vingerafdruk

_CACHE_VERSIE = "1"


def laad_gegevens(rp: RegioParams, *, cache: bool = True) -> Gegevens:
    """The canonical tables of the regio's source (import folder, demo folder or CBS cache).

    Import folders are validated once; the validated tables are cached as parquet under
    ``data/cache/invoer/<fingerprint>/`` so later notebooks of the same run load in milliseconds.
    """
    if rp.bron.soort == "cbs":
        from .bronnen import cbs

        codes = [g if isinstance(g, str) else g.code for g in rp.gemeenten]
        return cbs.laad_gegevens(codes, cache_dir=rp.pad_naar(rp.bron.cache), peiljaar=rp.peiljaar,
                                 regio_slug=rp.slug, max_leeftijd_dagen=rp.bron.max_leeftijd_dagen)
    from .bronnen.invoer import lees_map

    map_ = rp.bron_map
    soort = "voorbeeld" if rp.bron.soort == "voorbeeld" else "invoer"
    if not cache or map_ is None or not map_.is_dir():
        return lees_map(map_, soort=soort, fictief=rp.fictief)
    bestanden = [map_ / s.bestand for s in SCHEMAS.values() if (map_ / s.bestand).exists()]
    sleutel = vingerafdruk(bestanden)[:20] + f"-{soort}-{int(rp.fictief)}-{_CACHE_VERSIE}-{__version__}"
    cmap = Path(rp.root) / "data" / "cache" / "invoer" / sleutel
    if (cmap / "herkomst.json").exists():
        g = Gegevens()
        for naam in SCHEMAS:
            g.tabellen[naam] = pd.read_parquet(cmap / f"{naam}.parquet")
        g.herkomst = {k: Herkomst(**v) for k, v in json.loads((cmap / "herkomst.json").read_text()).items()}
        return g
    g = lees_map(map_, soort=soort, fictief=rp.fictief)
    try:
        cmap.mkdir(parents=True, exist_ok=True)
        for naam, df in g.tabellen.items():
            atomair_schrijven(cmap / f"{naam}.parquet", lambda p, df=df: df.to_parquet(p, index=False))
        atomair_tekst(cmap / "herkomst.json",
                                 json.dumps({k: asdict(v) for k, v in g.herkomst.items()}, ensure_ascii=False))
    except OSError:
        pass  # a cache that cannot be written is no reason to fail
    return g


def laad_lokaal(rp: RegioParams, gemeenten: list[Gemeente]):
    """The regio's validated local inputs, cached like the import folder (pickle under
    ``data/cache/lokaal/<fingerprint>.pkl``; the key covers the files, the gemeenten and the toolkit version)."""
    from .bronnen.lokaal import lees_lokaal

    map_ = rp.lokaal_map
    sleutel = vingerafdruk(invoer_bestanden(rp)["lokaal"]) + "|" + ",".join(f"{g.code}={g.naam}" for g in gemeenten) \
        + f"|{int(rp.fictief)}|{_CACHE_VERSIE}|{__version__}|{map_}"
    pad = Path(rp.root) / "data" / "cache" / "lokaal" / f"{hashlib.sha256(sleutel.encode()).hexdigest()[:24]}.pkl"
    if pad.exists():
        try:
            return pickle.loads(pad.read_bytes())
        except Exception:  # a stale or unreadable cache entry: read the files again
            pass
    lok = lees_lokaal(map_, gemeenten=gemeenten, fictief=rp.fictief)  # raises InvoerFout: nothing is cached
    try:
        atomair_schrijven(pad, lambda p: p.write_bytes(pickle.dumps(lok)))
    except OSError:
        pass
    return lok


@dataclass
class Analyse:
    regio: RegioParams
    gemeenten: list[Gemeente]
    gemeente: Gemeente | None
    peiljaar: int
    stap: str
    uitvoer_map: Path
    gegevens: Gegevens
    _lokaal: Any = None
    gebruikte_bronnen: dict[str, Herkomst] = field(default_factory=dict)

    # -- convenience -----------------------------------------------------------------------
    @property
    def codes(self) -> list[str]:
        """Gemeentecodes of the regio."""
        return [g.code for g in self.gemeenten]

    @property
    def naam(self) -> str:
        """Name of the gemeente (per-gemeente notebooks) or the regio."""
        return self.gemeente.naam if self.gemeente else self.regio.naam

    @property
    def lokaal(self):
        """Local inputs of the regio (aanbod, aandachtsgroepen, plancapaciteit, woningmarkt)."""
        if self._lokaal is None:
            from .bronnen.lokaal import LokaleInvoer

            if self.regio.lokaal_map is None:  # the regio delivers no local inputs: every subject empty
                self._lokaal = LokaleInvoer()
            else:
                self._lokaal = laad_lokaal(self.regio, self.gemeenten)
            for k, h in getattr(self._lokaal, "herkomst", {}).items():
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

    def kop(self):
        """Show the "Over dit rapport" block (regio, gemeente, peiljaar, bron, fictief-banner)."""
        from IPython.display import Markdown

        return Markdown(kop_tekst(self))

    def bewaar(self, tabellen: dict[str, pd.DataFrame], extra: dict[str, Any] | None = None) -> Path:
        """Write this step's result tables next to the notebook (``<uitvoer_map>/<stap>/``)."""
        meta = {
            "regio": self.regio.slug, "regio_naam": self.regio.naam, "fictief": self.regio.fictief,
            "gemeente": self.gemeente.code if self.gemeente else None,
            "gemeente_naam": self.gemeente.naam if self.gemeente else None,
            "peiljaar": self.peiljaar,
            "params": self.regio.model_dump(mode="json", exclude={"root"}),
            "afscherming": self.afscherming_tekst(),
            **(extra or {}),
        }
        return resultaten.schrijf(self.uitvoer_map, self.stap, tabellen, list(self.gebruikte_bronnen.values()),
                                  meta)

    def resultaat(self, stap: str, tabel: str, gemeente: str | None = None) -> pd.DataFrame:
        """A result table of an earlier step (of this gemeente, another gemeente, or 'regio')."""
        wie = gemeente or (self.gemeente.code if self.gemeente else "regio")
        # results of one run are sibling folders (<regio>/<gemeente>/, <regio>/regio/): read them next to
        # this notebook's own folder, so a run into a custom uitvoer_map finds its own earlier steps.
        return resultaten.lees(self.uitvoer_map.parent / wie, stap, tabel)

    def regels(self):
        """The disclosure-control rules for this regio (defaults overridden by params 'afscherming')."""
        from .presentatie.afscherming import Regels

        try:
            return Regels(**self.regio.afscherming)
        except (TypeError, ValueError, WzFout) as e:
            raise ParamsFout(f"{self.regio.pad}: afscherming: {e}") from None

    def afscherming_tekst(self) -> str:
        try:
            return self.regels().omschrijving()
        except Exception:  # presentatie not available: no rule text
            return ""


def open(regio: str | Path, gemeente: str | None = None, peiljaar: int = 0, uitvoer_map: str = "",
         stap: str = "") -> Analyse:  # noqa: A001 - the notebook-facing name
    """Load and validate everything a step notebook needs; raises a Dutch WzFout on bad input."""
    rp = laad_regio(regio)
    g = laad_gegevens(rp)
    gemeenten = los_gemeenten_op(rp, g["gemeenten"])
    gem = None
    if gemeente:
        gem = _kies_gemeente(gemeente, gemeenten, rp)
    jaar = int(peiljaar) if peiljaar else rp.peiljaar
    uit = Path(uitvoer_map) if uitvoer_map else rp.uitvoer_map / (gem.code if gem else "regio")
    return Analyse(regio=rp, gemeenten=gemeenten, gemeente=gem, peiljaar=jaar, stap=stap, uitvoer_map=uit,
                   gegevens=g)


def _kies_gemeente(opgave: str, gemeenten: list[Gemeente], rp: RegioParams) -> Gemeente:
    o = opgave.strip()
    for g in gemeenten:
        if o.upper() == g.code or o.lower() == g.naam.lower():
            return g
    import difflib

    tip = difflib.get_close_matches(o, [g.naam for g in gemeenten] + [g.code for g in gemeenten], n=3)
    raise WzFout(f"Gemeente '{opgave}' hoort niet bij regio {rp.naam} ({rp.pad}). "
                 + (f"Bedoelde u: {', '.join(tip)}? " if tip else "")
                 + f"Gemeenten van de regio: {', '.join(f'{g.naam} ({g.code})' for g in gemeenten)}.")


def kop_tekst(a: Analyse) -> str:
    from datetime import date

    regels = []
    if a.regio.fictief:
        regels.append("> **Let op: fictieve gegevens.** Dit rapport is gemaakt met de fictieve *voorbeeldregio* "
                      "van de toolkit. De cijfers zijn verzonnen en zeggen niets over een echte gemeente.\n")
    wie = f"gemeente **{a.gemeente.naam}** ({a.gemeente.code}), " if a.gemeente else ""
    regels.append(f"**Over dit rapport.** {wie}regio **{a.regio.naam}** "
                  f"({len(a.gemeenten)} gemeenten: {', '.join(g.naam for g in a.gemeenten)}); "
                  f"peiljaar {a.peiljaar}; gemaakt op {date.today().strftime('%d-%m-%Y')} "
                  f"met woonzorganalyse {__version__}.")
    bron = {"cbs": "CBS open data (StatLine, via cbsodata)", "invoer": f"invoerbestanden in {a.regio.bron.map}",
            "voorbeeld": "fictieve voorbeeldgegevens"}[a.regio.bron.soort]
    regels.append(f"Gegevensbron: {bron}. De bron staat onder elke tabel en grafiek; het colofon achteraan "
                  "noemt alle bronnen, kengetallen en parameters.")
    return "\n\n".join(regels)
