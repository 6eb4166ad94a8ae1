"""Reading and writing result tables through the catalogue, validated both ways.

Layout (``wzlib.paden``): ``<regio map>/<wie>/<notebook>/<tabel>.parquet`` for each result table and
``resultaat.json`` with the provenance (sources), parameters and run time, where ``wie`` is a
gemeentecode or ``regio``. A step writes all its tables at once (:func:`schrijf`: every table is
checked before the first file is written); later steps read them with :func:`lees` /
:func:`lees_gemeenten`, which check them again and say exactly which gemeente and step is missing.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, paden
from .catalogus import ResultaatFout, Tabel, controleer
from .fouten import GegevensOntbreken
from .gegevens import Herkomst
from .params import Gemeente
from .stappen import Stap, schrijver


class ResultaatOntbreekt(GegevensOntbreken):
    """Result tables of an earlier step are missing for one or more gemeenten (or the regio)."""

    def __init__(self, tabel: Tabel, wie: Sequence[str], namen: Mapping[str, str] | None = None,
                 lezer: Stap | None = None):
        self.tabel, self.wie = tabel, list(wie)
        w = schrijver(tabel)
        namen = dict(namen or {})
        lijst = ", ".join(f"{namen[c]} ({c})" if c in namen else c for c in self.wie)
        wie_tekst = "voor de regio" if self.wie == [paden.REGIO] else f"voor {lijst}"
        kop = f"{lezer.naam} kan niet rekenen: " if lezer else ""
        super().__init__(
            f"{kop}het resultaat '{tabel.naam}' van {w.naam} ontbreekt {wie_tekst}. Draai eerst die stap, "
            f"bv. met: wz run --regio <regio> --stappen {w.sleutel}"
            + (f" --gemeenten {' '.join(c for c in self.wie if c != paden.REGIO)}"
               if self.wie != [paden.REGIO] else ""))


GECONTROLEERD = "gecontroleerd"  # key in resultaat.json: what schrijf() checked, per table (see lees)


def schrijf(regio_map: Path, wie: str, stap: Stap, tabellen: Mapping[Tabel, pd.DataFrame],
            herkomst: Sequence[Herkomst] = (), extra: Mapping[str, Any] | None = None) -> Path:
    """Write all result tables of ``stap`` for ``wie`` (a gemeentecode, or ``paden.REGIO``).

    ``tabellen`` must hold exactly the tables the catalogue declares for the step; each is checked
    against its schema before anything is written. Returns the step's result folder.
    """
    verwacht = set(stap.schrijft)
    gegeven = set(tabellen)
    if gegeven != verwacht:
        mist = sorted(t.naam for t in verwacht - gegeven)
        extra_t = sorted(str(t) for t in gegeven - verwacht)
        raise ResultaatFout(f"{stap.naam} bewaart niet precies zijn tabellen uit de catalogus"
                            + (f"; ontbreekt: {', '.join(mist)}" if mist else "")
                            + (f"; hoort niet bij deze stap: {', '.join(extra_t)}" if extra_t else "") + ".")
    for t, df in tabellen.items():
        controleer(t, df, wie=wie, waar="bij het schrijven")
    wie_map = paden.uitvoer_wie(regio_map, wie)
    doel = paden.resultaat_map(wie_map, stap.notebook)
    doel.mkdir(parents=True, exist_ok=True)
    inhoud = {t: df.to_parquet(None, index=False) for t, df in tabellen.items()}
    for t, data in inhoud.items():
        paden.atomair_schrijven(paden.resultaat_bestand(wie_map, stap.notebook, t.naam),
                                lambda p, data=data: p.write_bytes(data))
    meta_ = {
        "stap": stap.sleutel,
        "tabellen": sorted(t.naam for t in tabellen),
        "herkomst": [asdict(h) for h in herkomst],
        "versie": __version__,
        "gemaakt": datetime.now().isoformat(timespec="seconds"),
        **dict(extra or {}),
        # what was checked against the catalogue when written: lees() need not check these bytes again
        GECONTROLEERD: {"wie": wie, "tabellen": {t.naam: {"sha256": hashlib.sha256(data).hexdigest(),
                                                          "schema": _schema_sleutel(t)}
                                                 for t, data in inhoud.items()}},
    }
    paden.atomair_tekst(paden.resultaat_meta(wie_map, stap.notebook),
                        json.dumps(meta_, ensure_ascii=False, indent=2, default=str))
    return doel


def bestaat(regio_map: Path, wie: str, t: Tabel) -> bool:
    w = schrijver(t)
    return paden.resultaat_bestand(paden.uitvoer_wie(regio_map, wie), w.notebook, t.naam).exists()


def lees(regio_map: Path, wie: str, t: Tabel, *, namen: Mapping[str, str] | None = None,
         lezer: Stap | None = None) -> pd.DataFrame:
    """One result table of ``wie``, checked against the catalogue; :class:`ResultaatOntbreekt` when absent."""
    w = schrijver(t)
    pad = paden.resultaat_bestand(paden.uitvoer_wie(regio_map, wie), w.notebook, t.naam)
    if not pad.exists():
        raise ResultaatOntbreekt(t, [wie], namen, lezer)
    try:
        data = pad.read_bytes()
        df = pd.read_parquet(io.BytesIO(data))
    except (OSError, ValueError) as e:  # ArrowInvalid is a ValueError: a truncated or overwritten file
        raise _beschadigd(t, pad, wie, e) from None
    if not _gecontroleerd_geschreven(pad.parent, t, wie, data):
        controleer(t, df, wie=wie, waar=f"in {pad}")
    return df


@functools.lru_cache(maxsize=None)
def _schema_sleutel(t: Tabel) -> str:
    """A hash of what the catalogue says of table ``t`` (columns, kinds, key, scope)."""
    return hashlib.sha256(repr((t.scope, t.kolommen, t.sleutel)).encode()).hexdigest()[:16]


def _gecontroleerd_geschreven(stap_map: Path, t: Tabel, wie: str, data: bytes) -> bool:
    """True when ``data`` are byte for byte the file :func:`schrijf` wrote for ``wie`` after checking it against
    this version's catalogue (its ``resultaat.json`` records the file's SHA-256, ``wie``, the version and the
    table's schema). The full check costs 10-40 ms per table and a summary reads 18 tables; a file changed in
    any way since (by hand, another version, copied from another gemeente) is checked in full."""
    try:
        m = json.loads((stap_map / paden.RESULTAAT_META).read_text(encoding="utf-8"))
        rec = m[GECONTROLEERD]
        eigen = rec["tabellen"][t.naam]
        return (m.get("versie") == __version__ and rec.get("wie") == wie and eigen.get("schema") == _schema_sleutel(t)
                and eigen.get("sha256") == hashlib.sha256(data).hexdigest())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _beschadigd(t: Tabel, pad: Path, wie: str, e: BaseException) -> ResultaatFout:
    return ResultaatFout(f"Resultaat '{t.naam}' (stap {t.stap}, {wie}) in {pad} is beschadigd en niet te lezen "
                         f"({type(e).__name__}); draai die stap opnieuw (wz run --opnieuw --stappen {t.stap}).")


#: (path, size, mtime) of result files already read and checked in this process.
_IN_ORDE: dict[tuple[str, int, int], bool] = {}


def in_orde(wie_map: Path, notebook: str, t: Tabel) -> bool:
    """The result file of ``t`` exists and is an intact parquet file with the catalogue's columns (footer,
    row groups within the file, required columns present, no unknown ones): a step whose results are
    missing or damaged (by hand, a disk problem) is not up to date, and no reader runs on them. Reads only
    the footer (~1 ms; a full read and schema check took ~40 ms per table); :func:`lees` checks the values."""
    pad = paden.resultaat_bestand(wie_map, notebook, t.naam)
    try:
        st = pad.stat()
    except OSError:
        return False
    sleutel = (str(pad), st.st_size, st.st_mtime_ns)
    if sleutel not in _IN_ORDE:
        _IN_ORDE[sleutel] = _intact(pad, st.st_size, t)
    return _IN_ORDE[sleutel]


def _intact(pad: Path, grootte: int, t: Tabel) -> bool:
    import pyarrow.parquet as pq

    try:
        with open(pad, "rb") as f:
            kop = f.read(4)
            f.seek(max(grootte - 8, 0))
            staart = f.read(8)
        if grootte < 12 or kop != b"PAR1" or staart[4:] != b"PAR1":
            return False
        md = pq.read_metadata(pad)
        einde = 4
        for i in range(md.num_row_groups):
            for j in range(md.num_columns):
                c = md.row_group(i).column(j)
                begin = c.dictionary_page_offset if c.has_dictionary_page and c.dictionary_page_offset else \
                    c.data_page_offset
                einde = max(einde, begin + c.total_compressed_size)
    except (OSError, ValueError):  # ArrowInvalid is a ValueError: truncated or overwritten
        return False
    namen = set(md.schema.names) - {"__index_level_0__"}
    verplicht = {k.naam for k in t.schema.kolommen if k.verplicht}
    data_einde = grootte - 8 - int.from_bytes(staart[:4], "little")  # where the footer starts
    return einde <= data_einde and verplicht <= namen and namen <= set(t.schema.kolomnamen)


def lees_gemeenten(regio_map: Path, gemeenten: Sequence[Gemeente], t: Tabel, *, verplicht: bool = True,
                   lezer: Stap | None = None) -> tuple[pd.DataFrame, list[Gemeente]]:
    """A gemeente table of every gemeente, concatenated, and the gemeenten it is missing for.

    ``verplicht``: raise :class:`ResultaatOntbreekt` naming every gemeente without the table;
    otherwise return what is there and the list of the missing.
    """
    delen, mist = [], []
    for g in gemeenten:
        if not bestaat(regio_map, g.code, t):
            mist.append(g)
            continue
        delen.append(lees(regio_map, g.code, t))
    if mist and verplicht:
        raise ResultaatOntbreekt(t, [g.code for g in mist], {g.code: g.naam for g in gemeenten}, lezer)
    niet_leeg = [d for d in delen if len(d)]
    if niet_leeg:
        df = pd.concat(niet_leeg, ignore_index=True)
    elif delen:
        df = delen[0]
    else:
        df = pd.DataFrame({k: pd.Series(dtype="object") for k in t.kolomnamen})
    return df, mist


def meta(regio_map: Path, wie: str, stap: Stap) -> dict[str, Any] | None:
    """The ``resultaat.json`` of a step (provenance, parameters), or None."""
    pad = paden.resultaat_meta(paden.uitvoer_wie(regio_map, wie), stap.notebook)
    if not pad.exists():
        return None
    return json.loads(pad.read_text(encoding="utf-8"))


def metas(wie_map: Path, stap: Stap) -> list[dict]:
    """The ``resultaat.json`` of a step's folder (for the colophon when publishing)."""
    pad = paden.resultaat_meta(wie_map, stap.notebook)
    try:
        return [json.loads(pad.read_text(encoding="utf-8"))]
    except (OSError, ValueError):
        return []
