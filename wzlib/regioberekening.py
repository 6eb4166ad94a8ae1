"""Regio-wide computations computed once per run and shared by the gemeente notebooks of a step.

The prognose is computed for every gemeente of the regio at once (calibration and migration work over
the whole regio); each gemeente's prognose notebook used to repeat that. Now
:func:`haal` returns the stored result when its key matches and otherwise computes it with the one
registered function (:data:`FUNCTIES`) and stores it, so a batch run (which calls :func:`voorbereken`
before the step's notebooks) and a single notebook opened in JupyterLab use the same code and the same
parameters. The key covers the step's sections of the regio file, its input files, the gemeenten, the
peiljaar and the source of the wzlib modules involved; a stale result is never used.

Stored as parquet (tables) + JSON (the rest) under ``<regio>/regio/_berekeningen/<naam>/<key>/``,
written into a temp folder and renamed into place (never pickle: a cache is data, not code).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from . import confrontatie_reacties, paden, prognose, prognose_ijking, prognose_vraag
from .aanbod_regio import AanbodRegio, bereken_aanbod_regio, bronnen_aanbod_regio
from .bronnen import cbs
from .bronnen.invoer import lees_prognose
from .omvang_regio import OmvangRegio, bereken_omvang_regio, bronnen_omvang_regio
from .stappen import (AANBOD_REGIO, CONFRONTATIE_REACTIES, OMVANG_REGIO, PROGNOSE_REGIO, REGIO_BEREKENINGEN,
                      RegioBerekening)
from .vingerafdruk import invoer_hashes, modules_hash, module_afsluiting, parameter_hash, sha_json


@dataclasses.dataclass
class PrognoseRegio:
    """The regio prognose and what is derived from it for all gemeenten (the notebook's P, G, V, D, GP)."""

    P: prognose.Prognose
    G: pd.DataFrame  # leeftijdsgroepen
    V: pd.DataFrame  # vraag per woonvorm
    D: pd.DataFrame  # doelen_landelijk
    GP: pd.DataFrame  # groepen_prognose
    cbs_meldingen: list[str]


def bereken_prognose_regio(A: Any) -> PrognoseRegio:
    """The prognose of all gemeenten of ``A``'s regio (``A``: a :class:`wzlib.analyse.Analyse`)."""
    K = A.regio.kengetallen_laden()
    instellingen = A.regio.prognose
    sterfte, totalen, cbs_meldingen = cbs.prognose_tabellen(
        A.codes, cache_dir=A.regio.cbs_cache, peiljaar=A.peiljaar, regio_slug=A.regio.slug,
        alleen_cache=A.regio.bron.soort != "cbs")
    totalen = prognose_ijking.kies_totalen(
        totalen, A.tabel("prognose_totalen") if A.gegevens.heeft("prognose_totalen") else None, A.codes)
    ingelezen = lees_prognose(A.regio.lokaal_map, instellingen.bestand)
    P = prognose.bereken(A.tabel("bevolking"), A.tabel("bevolkingsontwikkeling"), A.codes, A.peiljaar, K,
                         instellingen=instellingen, sterfte=sterfte, totalen=totalen, invoer=ingelezen)
    return PrognoseRegio(
        P=P, G=prognose.leeftijdsgroepen(P.bevolking), V=prognose_vraag.vraag(P.bevolking, K),
        D=prognose_vraag.doelen_landelijk(A.tabel("bevolking"), A.codes, A.peiljaar, K),
        GP=prognose_vraag.groepen_prognose(A.lokaal.aandachtsgroepen, A.codes, P.basisjaar, P.horizon),
        cbs_meldingen=list(cbs_meldingen))


def bronnen_prognose_regio(A: Any) -> None:
    """Mark the sources the prognose uses as used in ``A``'s report, also when the result is read from the
    store (the colophon and the source lines must not depend on who computed it)."""
    for naam in ("prognose_totalen", "bevolking", "bevolkingsontwikkeling"):  # the order of the old notebook
        if A.gegevens.heeft(naam):
            A.tabel(naam)
    A.lokaal  # noqa: B018 - loads the local inputs and marks their provenance


#: The one function per regio-wide computation (batch and notebook alike), and the one marking its sources.
FUNCTIES: dict[str, tuple[Callable[[Any], Any], Callable[[Any], None]]] = {
    PROGNOSE_REGIO.sleutel: (bereken_prognose_regio, bronnen_prognose_regio),
    OMVANG_REGIO.sleutel: (bereken_omvang_regio, bronnen_omvang_regio),
    AANBOD_REGIO.sleutel: (bereken_aanbod_regio, bronnen_aanbod_regio),
    CONFRONTATIE_REACTIES.sleutel: (confrontatie_reacties.bereken_reacties_regio,
                                    confrontatie_reacties.bronnen_reacties_regio),
}
#: What a key needs besides the step's parameters and inputs (the file dates of the review sheets).
_SLEUTEL_EXTRA: dict[str, Callable[[Any], Any]] = {CONFRONTATIE_REACTIES.sleutel: confrontatie_reacties.sleutel_extra}


def sleutel(A: Any, b: RegioBerekening) -> str:
    """Key of the stored result: parameters and inputs of the step, gemeenten, peiljaar and code."""
    invoer = invoer_hashes(A.regio, Path(A.regio.root))
    delen = {
        "params": parameter_hash(A.regio, b.stap), "invoer": {c: invoer.get(c) for c in b.stap.invoer},
        "gemeenten": [f"{g.code}={g.naam}" for g in A.gemeenten], "peiljaar": A.peiljaar,
        "code": modules_hash(module_afsluiting([__name__])),
    }
    if b.sleutel in _SLEUTEL_EXTRA:
        delen["extra"] = _SLEUTEL_EXTRA[b.sleutel](A)
    return sha_json(delen)[:24]


# --- storage: dataclasses of DataFrames and plain values ----------------------------------------------------
def _plat(obj: Any, pad: Path, voorvoegsel: str, meta: dict) -> None:
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        naam = f"{voorvoegsel}{f.name}"
        if isinstance(v, pd.DataFrame):
            v.to_parquet(pad / f"{naam}.parquet")
            meta[naam] = {"soort": "tabel"}
        elif dataclasses.is_dataclass(v):
            meta[naam] = {"soort": "object"}
            _plat(v, pad, f"{naam}.", meta)
        else:
            meta[naam] = {"soort": "waarde", "waarde": v}


def _terug(cls: type, pad: Path, voorvoegsel: str, meta: dict) -> Any:
    velden = {}
    hints = {f.name: f for f in dataclasses.fields(cls)}
    for naam in hints:
        m = meta[f"{voorvoegsel}{naam}"]
        if m["soort"] == "tabel":
            velden[naam] = pd.read_parquet(pad / f"{voorvoegsel}{naam}.parquet")
        elif m["soort"] == "object":
            velden[naam] = _terug(_KLASSEN[f"{voorvoegsel}{naam}"], pad, f"{voorvoegsel}{naam}.", meta)
        else:
            velden[naam] = m["waarde"]
    return cls(**velden)


_KLASSEN: dict[str, type] = {"P": prognose.Prognose}
_RESULTAAT: dict[str, type] = {
    PROGNOSE_REGIO.sleutel: PrognoseRegio,
    OMVANG_REGIO.sleutel: OmvangRegio,
    AANBOD_REGIO.sleutel: AanbodRegio,
    CONFRONTATIE_REACTIES.sleutel: confrontatie_reacties.ReactiesRegio,
}


def _json(v: Any) -> Any:
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    raise TypeError(f"niet op te slaan in JSON: {type(v).__name__}")


def schrijf(map_: Path, b: RegioBerekening, res: Any) -> None:
    """Store ``res`` in ``map_`` (a key folder) at once: temp folder, then rename; a folder already put there
    by another worker with the same key is kept (same key, same result)."""
    map_.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{map_.name}.", dir=map_.parent))
    try:
        modus = paden.standaard_modus()
        os.chmod(tmp, modus | (modus & 0o444) >> 2)  # a folder: searchable wherever readable (mkdtemp: 0700)
        meta: dict = {}
        _plat(res, tmp, "", meta)
        (tmp / "meta.json").write_text(json.dumps({"berekening": b.sleutel, "velden": meta}, ensure_ascii=False,
                                                  default=_json),
                                       encoding="utf-8")
        if map_.exists():  # recomputed (vernieuw) or put there by another worker meanwhile
            shutil.rmtree(map_, ignore_errors=True)
        try:
            os.replace(tmp, map_)
        except OSError:
            if not (map_ / "meta.json").exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def lees(map_: Path, b: RegioBerekening) -> Any | None:
    """The stored result in ``map_``, or None when absent or unreadable."""
    try:
        meta = json.loads((map_ / "meta.json").read_text(encoding="utf-8"))
        return _terug(_RESULTAAT[b.sleutel], map_, "", meta["velden"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def haal(A: Any, b: RegioBerekening | str, *, vernieuw: bool = False) -> Any:
    """The regio-wide result ``b`` for ``A``'s regio: read when stored with the current key (and not
    ``vernieuw``), else computed by its registered function and stored (under ``A.regio_map``)."""
    b = REGIO_BEREKENINGEN[b] if isinstance(b, str) else b
    basis = paden.regio_berekening(A.regio_map, b.sleutel)
    map_ = basis / sleutel(A, b)
    bereken, bronnen = FUNCTIES[b.sleutel]
    bronnen(A)
    res = None if vernieuw else lees(map_, b)
    if res is not None:
        return res
    res = bereken(A)
    try:
        schrijf(map_, b, res)
        for oud in basis.iterdir():  # results of older keys: stale, never read again
            if oud != map_ and not oud.name.startswith("."):
                shutil.rmtree(oud, ignore_errors=True)
    except OSError:
        pass  # a result that cannot be stored is no reason to fail: it was computed
    return res
