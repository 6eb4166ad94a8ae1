"""Reading YAML parameter files safely (no Python objects), with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .fouten import ParamsFout, os_reden

#: A params file is a few KB (kengetallen.yaml ~14 KB). A larger file is refused before it is parsed:
#: a 10 MB file with 600 000 bogus keys took minutes and a GB of memory to check.
MAX_GROOTTE = 256 * 1024


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB".replace(",", ".")


def lees_yaml(pad: Path) -> Any:
    """The parsed YAML of a params file; a syntax error becomes a ParamsFout naming the file and line.

    ``yaml.safe_load`` refuses tags such as ``!!python/object``: a params file is data, never code.
    A folder, a missing file, a file over :data:`MAX_GROOTTE` or one that is not UTF-8 text is refused
    with a Dutch message naming the file.
    """
    pad = Path(pad)
    try:
        if pad.is_dir():
            raise ParamsFout(f"{pad}: is een map, geen YAML-bestand (geef het pad van een .yaml-bestand)")
        grootte = pad.stat().st_size
        if grootte > MAX_GROOTTE:
            raise ParamsFout(f"{pad}: bestand is te groot ({_kb(grootte)}; een parameterbestand mag hoogstens "
                             f"{_kb(MAX_GROOTTE)} zijn). Is dit het goede bestand?")
        ruw = pad.read_bytes()
    except OSError as e:
        raise ParamsFout(f"{pad}: bestand kan niet worden gelezen ({os_reden(e)})") from None
    try:
        tekst = ruw.decode("utf-8")
    except UnicodeDecodeError as e:
        regel = ruw[: e.start].count(b"\n") + 1
        raise ParamsFout(f"{pad}, regel {regel}: het bestand is geen UTF-8-tekst (byte 0x{ruw[e.start]:02x} op "
                         f"positie {e.start}); sla het op als UTF-8 (in Kladblok: Opslaan als, codering UTF-8)"
                         ) from None
    try:
        # libyaml's parser when installed (5x faster; every notebook reads the regio file and kengetallen.yaml),
        # with the same safe constructor: plain data only. It refuses nesting deeper than 1000 levels itself.
        return yaml.load(tekst, Loader=_LOADER)
    except yaml.YAMLError as e:
        plek = getattr(e, "problem_mark", None)
        waar = f", regel {plek.line + 1}" if plek else ""
        raise ParamsFout(f"{pad}{waar}: geen geldige YAML ({getattr(e, 'problem', None) or e})") from None
    except RecursionError:
        raise ParamsFout(f"{pad}: te diep geneste YAML") from None
