"""The toolkit's own Jupyter kernelspec ("woonzorganalyse"), used by the batch runner.

Batch runs always pass an explicit ``kernel_name`` to papermill, so a notebook's stored kernelspec
(``python3``, a conda kernel, ...) never decides which Python runs it. The kernelspec is installed into
``sys.prefix`` (the venv) and points at this interpreter. ``WZ_KERNEL`` overrides the name.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .fouten import WzFout

KERNEL_NAAM = "woonzorganalyse"
WEERGAVENAAM = "Python (woonzorganalyse)"


class KernelFout(WzFout):
    """The Jupyter kernel for batch runs is missing or unusable."""


def kernel_naam() -> str:
    """The kernel name batch runs use: ``$WZ_KERNEL`` or ``woonzorganalyse``."""
    return os.environ.get("WZ_KERNEL", "").strip() or KERNEL_NAAM


def _kernelspec(naam: str):
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        return KernelSpecManager().get_kernel_spec(naam)
    except NoSuchKernel:
        return None


def _bruikbaar(spec) -> bool:
    """True when the kernelspec's interpreter exists (a recreated venv leaves a dangling one)."""
    if spec is None or not spec.argv:
        return False
    exe = spec.argv[0]
    if os.path.isabs(exe):
        return Path(exe).exists()
    return shutil.which(exe) is not None


def zorg_voor_kernel(naam: str | None = None) -> str:
    """Make sure the batch kernel exists and return its name.

    For the toolkit's own kernel ("woonzorganalyse") the kernelspec is (re)installed into
    ``sys.prefix`` when it is missing or points at an interpreter that no longer exists. Any other
    name (``WZ_KERNEL``) must already exist; otherwise a ``KernelFout`` with a Dutch hint is raised.
    """
    naam = naam or kernel_naam()
    spec = _kernelspec(naam)
    if _bruikbaar(spec):
        return naam
    if naam != KERNEL_NAAM:
        raise KernelFout(
            f"Jupyter-kernel '{naam}' (uit WZ_KERNEL) bestaat niet of wijst naar een Python die niet meer "
            f"bestaat. Kies een bestaande kernel (zie: jupyter kernelspec list) of haal WZ_KERNEL weg; "
            f"dan gebruikt de toolkit zijn eigen kernel '{KERNEL_NAAM}' (installeren met: wz kernel).")
    from ipykernel.kernelspec import install

    try:
        install(prefix=sys.prefix, kernel_name=KERNEL_NAAM, display_name=WEERGAVENAAM)
    except OSError as e:  # pragma: no cover - read-only prefix
        raise KernelFout(f"Kon de kernel '{KERNEL_NAAM}' niet installeren in {sys.prefix}: {e}") from e
    if not _bruikbaar(_kernelspec(KERNEL_NAAM)):  # pragma: no cover - jupyter path excludes sys.prefix
        raise KernelFout(
            f"Kernel '{KERNEL_NAAM}' is geïnstalleerd in {sys.prefix}, maar Jupyter vindt hem niet. "
            f"Controleer JUPYTER_PATH / JUPYTER_DATA_DIR.")
    return KERNEL_NAAM
