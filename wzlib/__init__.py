"""woonzorganalyse: open, reproduceerbare woonzorganalyse voor gemeenten en regio's."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("woonzorganalyse")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+onbekend"

#: The only imports allowed inside functions (a test walks every module with ``ast``): heavy libraries that
#: a notebook or command needs only on some paths, so that importing wzlib (every kernel does) stays cheap,
#: and platform modules. Everything else, wzlib modules included, is imported at the top of a module.
LUI_GELADEN: tuple[str, ...] = (
    "IPython",  # Markdown output, only inside a notebook
    "papermill", "nbclient", "nbformat", "nbconvert", "jupyter_client", "ipykernel", "zmq", "psutil",  # batch/publish
    "pyarrow",  # parquet footers: is a result file intact (batch)
    "matplotlib", "seaborn", "geopandas", "shapely", "PIL",  # charts and maps (seconds to import)
    "openpyxl",  # Excel sheets: templates and partner sheets
    "dask", "distributed",  # wz run --dask: a Dask cluster
    "fcntl", "msvcrt",  # file locks: one exists per platform
)
