"""woonzorganalyse: open, reproduceerbare woonzorganalyse voor gemeenten en regio's."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("woonzorganalyse")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+onbekend"
