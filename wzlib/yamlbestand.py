"""Reading YAML parameter files safely (no Python objects), with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .fouten import ParamsFout


def lees_yaml(pad: Path) -> Any:
    """The parsed YAML of a params file; a syntax error becomes a ParamsFout naming the file and line.

    ``yaml.safe_load`` refuses tags such as ``!!python/object``: a params file is data, never code.
    """
    try:
        return yaml.safe_load(Path(pad).read_text(encoding="utf-8"))
    except OSError as e:
        raise ParamsFout(f"{pad}: bestand kan niet worden gelezen ({e.strerror})") from None
    except yaml.YAMLError as e:
        plek = getattr(e, "problem_mark", None)
        waar = f", regel {plek.line + 1}" if plek else ""
        raise ParamsFout(f"{pad}{waar}: geen geldige YAML ({getattr(e, 'problem', None) or e})") from None
