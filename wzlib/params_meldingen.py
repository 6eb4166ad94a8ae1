"""Dutch messages for the regio file's pydantic errors: ``<key>: <message>`` with the key that was
probably meant for a typo and the allowed values, never pydantic's English sentence."""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

from pydantic import BaseModel

from .fouten import ParamsFout


def regels(e: ParamsFout) -> list[str]:
    regels = str(e).splitlines()
    return [r.strip().removeprefix("- ") for r in regels[1:]] or [str(e)]


def melding(pad: Path | str, problemen: list[str]) -> str:
    return f"{pad}: {len(problemen)} fout(en):\n" + "\n".join(f"  - {x}" for x in problemen)


#: A check across the fields of a section says which field it means: "geaccepteerd[0].partner: ...".
_VELD_IN_MELDING = re.compile(r"^([A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*): (.*)$", re.S)


def problemen(err: dict, model: Any) -> list[str]:
    """``<key>: <message>`` lines for one pydantic error of a section of ``model``; a message that names a field of the section extends the key
    (``confrontatie.geaccepteerd[0].partner: ...``, not ``confrontatie: geaccepteerd[0].partner: ...``).
    A validator that finds several problems in one value reports them one per line."""
    sleutel, tekst = _sleutel(err["loc"]), _nl(err, model)
    if err.get("type") != "value_error":
        return [f"{sleutel}: {tekst}"]
    uit = []
    for regel in tekst.split("\n"):
        m, s = _VELD_IN_MELDING.match(regel), sleutel
        if m:
            s = m.group(1) if sleutel == "(bovenste niveau)" else f"{sleutel}.{m.group(1)}"
            regel = m.group(2)
        uit.append(f"{s}: {regel}")
    return uit


def _sleutel(loc) -> str:
    delen: list[str] = []
    for x in loc:
        if isinstance(x, int):
            delen[-1] = f"{delen[-1]}[{x}]" if delen else f"[{x}]"
        elif x in ("str", "GemeenteOpgave") or str(x).startswith(("function-", "lax-or-strict", "tagged-union")):
            continue
        else:
            delen.append(str(x))
    return ".".join(delen) or "(bovenste niveau)"


_NL = {
    "missing": "ontbreekt (verplicht)",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn",
    "float_type": "moet een getal zijn",
    "string_type": "moet tekst zijn",
    "bool_parsing": "moet true of false zijn",
    "bool_type": "moet true of false zijn",
    "too_short": "mag niet leeg zijn",
    "string_too_short": "mag niet leeg zijn",
    "list_type": "moet een lijst zijn",
    "tuple_type": "moet een lijst zijn",
    "dict_type": "moet een mapping (sleutel: waarde) zijn",
    "model_type": "moet een mapping zijn",
    "model_attributes_type": "moet een mapping zijn",
    "mapping_type": "moet een mapping (sleutel: waarde) zijn", "set_type": "moet een lijst zijn",
    "frozen_set_type": "moet een lijst zijn", "iterable_type": "moet een lijst zijn", "string_too_long": "is te lang",
    "too_long": "heeft te veel elementen", "string_pattern_mismatch": "heeft niet de verwachte vorm",
    "string_unicode": "moet geldige tekst (UTF-8) zijn", "int_parsing_size": "is te groot voor een geheel getal",
    "none_required": "moet leeg zijn", "union_tag_invalid": "onbekende soort", "union_tag_not_found": "soort ontbreekt",
    "date_type": "moet een datum zijn", "date_parsing": "moet een datum zijn", "enum": "ongeldige keuze",
    "is_instance_of": "heeft niet het verwachte type", "dataclass_type": "moet een mapping zijn",
    "no_such_attribute": "onbekende sleutel", "recursion_loop": "verwijst naar zichzelf (lus)",
}


def _nl(err: dict, model: Any) -> str:
    t = err.get("type", "")
    if t == "extra_forbidden":
        return _onbekende_sleutel(err["loc"], model)
    if t == "literal_error":
        keuzes = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        tip = difflib.get_close_matches(str(err.get("input")), keuzes, n=1)
        return (f"ongeldige waarde '{err.get('input')}'" + (f"; bedoelde u '{tip[0]}'?" if tip else "")
                + f"; toegestaan: {', '.join(keuzes)}")
    if t == "finite_number" or (t in ("greater_than_equal", "less_than_equal", "greater_than", "less_than")
                                and isinstance(err.get("input"), float) and not math.isfinite(err["input"])):
        return f"moet een eindig getal zijn (waarde: {err.get('input')!r})"
    if t in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = err.get("ctx", {})
        grens = next((ctx[k] for k in ("ge", "le", "gt", "lt") if k in ctx), "")
        woord = {"greater_than_equal": "te klein", "greater_than": "te klein", "less_than_equal": "te groot",
                 "less_than": "te groot"}[t]
        return f"{woord} ({err.get('input')}; grens {grens})"
    if t in ("value_error", "assertion_error"):
        return str(err.get("ctx", {}).get("error", err.get("msg")))
    basis = _NL.get(t)
    if basis:
        return basis + ("" if t == "missing" else f" (waarde: {err.get('input')!r})")
    # every other pydantic error type: a Dutch text with the type code (never pydantic's English sentence)
    return f"ongeldige waarde {err.get('input')!r} ({t or 'onbekende fout'})"


def _onbekende_sleutel(loc: tuple, model: Any) -> str:
    """'onbekende sleutel' with the key that was probably meant (the known keys at that place in ``model``)."""
    for deel in loc[:-1]:
        veld = getattr(model, "model_fields", {}).get(deel) if isinstance(deel, str) else None
        if veld is None:
            continue
        model = _model_van(veld.annotation)
    bekend = [k for k in getattr(model, "model_fields", {}) if k not in ("slug", "pad", "root", "nr")]
    tip = difflib.get_close_matches(str(loc[-1]), bekend, n=1, cutoff=0.6)
    return ("onbekende sleutel (tikfout?)" + (f"; bedoelde u '{tip[0]}'?" if tip else "")
            + (f"; toegestaan: {', '.join(bekend)}" if bekend else ""))


def _model_van(annotatie: Any) -> Any:
    """The pydantic model inside an annotation such as ``tuple[Ruiling, ...]`` or ``Partner | None``."""
    if isinstance(annotatie, type) and issubclass(annotatie, BaseModel):
        return annotatie
    for arg in getattr(annotatie, "__args__", ()) or ():
        m = _model_van(arg)
        if m is not None:
            return m
    meta = getattr(annotatie, "__origin__", None)
    return _model_van(meta) if meta is not None and meta is not annotatie else None
