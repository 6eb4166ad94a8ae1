"""Errors the toolkit shows to users: Dutch, naming the file, row, column or key that is wrong."""

from __future__ import annotations

import errno
from dataclasses import dataclass


class WzFout(Exception):
    """Base class of all toolkit errors; the message is shown to the user as is (Dutch)."""


@dataclass(frozen=True)
class Probleem:
    """One problem in an input file. ``rij`` is the line number in the file (header = line 1)."""

    bestand: str
    melding: str
    rij: int | None = None
    kolom: str | None = None
    waarde: str | None = None

    def __str__(self) -> str:
        plek = self.bestand
        if self.rij is not None:
            plek += f", regel {self.rij}"
        if self.kolom:
            plek += f", kolom '{self.kolom}'"
        tekst = f"{plek}: {self.melding}"
        if self.waarde not in (None, ""):
            tekst += f" (waarde: '{self.waarde}')"
        return tekst


class InvoerFout(WzFout):
    """All problems found in one or more input files, reported at once."""

    MAX_TONEN = 40

    def __init__(self, problemen: list[Probleem]):
        self.problemen = list(problemen)
        super().__init__(self._tekst())

    def _tekst(self) -> str:
        n = len(self.problemen)
        bestanden = sorted({p.bestand for p in self.problemen})
        kop = (f"{n} {'probleem' if n == 1 else 'problemen'} in de invoer "
               f"({', '.join(bestanden)}):")
        regels = [f"  - {p}" for p in self.problemen[: self.MAX_TONEN]]
        if n > self.MAX_TONEN:
            regels.append(f"  ... en nog {n - self.MAX_TONEN} problemen (zie .problemen voor de volledige lijst)")
        return "\n".join([kop, *regels])


class ParamsFout(WzFout):
    """A problem in a params file (regio, kengetallen), naming the key."""


class GegevensOntbreken(WzFout):
    """Data that is needed is not available (e.g. CBS offline without cache)."""


_OS_REDENEN = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfquotum is op",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.EACCES: "geen schrijf- of leesrechten",
    errno.EPERM: "geen rechten",
    errno.ENOENT: "bestaat niet",
    errno.EISDIR: "is een map",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EIO: "invoer/uitvoerfout van de schijf",
}


def os_reden(e: OSError) -> str:
    """The reason of an OSError in Dutch (disk full, read-only, no rights, ...)."""
    return _OS_REDENEN.get(e.errno, e.strerror or type(e).__name__)


def os_melding(e: OSError) -> str:
    """A Dutch one-line message for an OSError, naming the file and what to do."""
    bestand = e.filename or ""
    reden = os_reden(e)
    tip = {errno.ENOSPC: " Maak ruimte vrij en draai opnieuw; eerdere uitkomsten zijn niet overschreven.",
           errno.EDQUOT: " Maak ruimte vrij en draai opnieuw; eerdere uitkomsten zijn niet overschreven.",
           errno.EROFS: " Kies een map waarin u mag schrijven.",
           errno.EACCES: " Controleer de rechten op de map (of kies een andere map).",
           errno.EPERM: " Controleer de rechten op de map (of kies een andere map)."}.get(e.errno, "")
    return f"{bestand + ': ' if bestand else ''}kan niet lezen of schrijven: {reden}.{tip}"
