"""Report tables: disclosure control first, then Dutch formatting, caption, footnotes and source line.

``tabel(...)`` is the only way a table reaches a report page. It returns a :class:`Tabel` that Jupyter
and nbconvert show as accessible HTML (a real ``<table>`` with ``<caption>`` and ``<th scope>``), with
the footnotes for any suppressed cells and the source line ("Bron: ...; bewerking woonzorganalyse")
underneath.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..gegevens import Herkomst
from .afscherming import Afscherming, Regels, _zoek_totaalrij, afschermen
from .getallen import ONTBREEKT, PresentatieFout, is_leeg, nl_bedrag, nl_datum, nl_getal, nl_pct

BEWERKING = "bewerking woonzorganalyse"
#: MIME type under which a report table also leaves the notebook as data (title, source, footnotes,
#: columns, the displayed rows): nbconvert ignores it for HTML, ``wz publish`` reads it for the downloads.
MIME_TABEL = "application/vnd.woonzorg.tabel+json"
Bron = str | Herkomst | Iterable[str | Herkomst]

_CSS = """<style>
.wz-tabel{margin:0.5em 0 1.2em 0;max-width:100%;overflow-x:auto}
.wz-tabel table{border-collapse:collapse;font-size:0.95em;font-variant-numeric:tabular-nums}
.wz-tabel caption{caption-side:top;text-align:left;font-weight:bold;padding:0 0 0.4em 0;color:inherit}
.wz-tabel th,.wz-tabel td{padding:0.25em 0.7em;border:none;text-align:left;vertical-align:top}
.wz-tabel thead th{border-bottom:2px solid currentColor;font-weight:bold}
.wz-tabel tbody tr{border-bottom:1px solid rgba(128,128,128,0.35)}
.wz-tabel th[scope=row]{font-weight:normal}
.wz-tabel .wz-num{text-align:right;white-space:nowrap}
.wz-tabel tr.wz-totaal th,.wz-tabel tr.wz-totaal td{font-weight:bold;border-top:2px solid currentColor}
.wz-tabel p{margin:0.2em 0;font-size:0.85em}
.wz-tabel p.wz-bron{color:#555}
</style>"""


def _bron_tekst(b: str | Herkomst) -> str:
    if isinstance(b, Herkomst):
        naam = b.bron
        if b.soort in ("invoer", "lokaal", "voorbeeld") and ("/" in naam or "\\" in naam):
            naam = Path(naam).name  # never a local directory in a partner report
        tekst = f"{naam} ({b.periode})" if b.periode else naam
        return tekst + (" – fictieve gegevens" if b.fictief else "")
    if isinstance(b, str):
        return b.strip()
    raise PresentatieFout(f"Onbekende bron: {b!r} (verwacht tekst of Herkomst).")


def bronregel(bron: Bron) -> str:
    """The source line under a table or chart: ``"Bron: CBS 03759ned (1 januari 2024); bewerking
    woonzorganalyse"``. ``bron`` is a text, a :class:`~wzlib.gegevens.Herkomst`, or a list of them
    ("Bronnen: A; B; bewerking woonzorganalyse"). A text already starting with "Bron" is kept as is."""
    items = [bron] if isinstance(bron, (str, Herkomst)) else list(bron or [])
    teksten = [t for t in dict.fromkeys(_bron_tekst(b) for b in items) if t]
    if not teksten:
        raise PresentatieFout("Geef een bron op: elke tabel en figuur vermeldt waar de cijfers vandaan komen.")
    if len(teksten) == 1 and re.match(r"(?i)^bron(nen)?\s*:", teksten[0]):
        return teksten[0]
    kop = "Bron" if len(teksten) == 1 else "Bronnen"
    return f"{kop}: {'; '.join(teksten)}; {BEWERKING}"


def _is_getal_kolom(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


_TEKST_NAAM = re.compile(r"(?i)^(jaar|peiljaar|bouwjaar|prognosejaar|periode)$|code$")


def _tabel_id(weergave: pd.DataFrame, bron: str, titel: str | None, voetnoten: list[str]) -> str:
    """An HTML id from the table's content: the same table gets the same id whether its notebook ran in a
    fresh or a warm kernel (no counter that lives on between notebooks)."""
    h = hashlib.sha1(usedforsecurity=False)
    for deel in (titel or "", bron, *voetnoten, weergave.to_csv()):
        h.update(deel.encode("utf-8", "surrogatepass") + b"\0")
    return f"wz-tabel-{h.hexdigest()[:10]}"


class Tabel:
    """A report table: renders as accessible Dutch HTML in Jupyter and nbconvert.

    Attributes: ``weergave`` (the displayed text per cell), ``afscherming`` (masks and rules),
    ``bron`` (the source line), ``voetnoten``, ``titel``.
    """

    def __init__(self, weergave: pd.DataFrame, *, afscherming: Afscherming, bron: str, titel: str | None,
                 voetnoten: list[str], numeriek: set[str], rijkoppen: list[str], totaal_pos: int | None,
                 index: bool):
        self.weergave = weergave
        self.afscherming = afscherming
        self.bron = bron
        self.titel = titel
        self.voetnoten = voetnoten
        self._numeriek = numeriek
        self._rijkoppen = rijkoppen
        self._totaal_pos = totaal_pos
        self._index = index
        self._id = _tabel_id(weergave, bron, titel, voetnoten)
        self.max_rijen: int | None = None  # see top()

    @property
    def n_afgeschermd(self) -> int:
        return self.afscherming.n_afgeschermd

    def to_html(self, css: bool = True) -> str:
        """The table as an HTML fragment (``<div class="wz-tabel">`` with table, footnotes and source)."""
        e = html.escape
        w = self.weergave
        ids = [f"{self._id}-bron"] + ([f"{self._id}-noten"] if self.voetnoten else [])
        delen = [_CSS] if css else []
        delen.append(f'<div class="wz-tabel" id="{self._id}">')
        delen.append(f'<table aria-describedby="{" ".join(ids)}">')
        if self.titel:
            delen.append(f"<caption>{e(self.titel)}</caption>")
        idx_namen = [n if n is not None else "" for n in w.index.names] if self._index else []
        kop = "".join(f'<th scope="col">{e(str(n))}</th>' for n in idx_namen)
        for k in w.columns:
            naam = " ".join(map(str, k)) if isinstance(k, tuple) else str(k)
            cls = ' class="wz-num"' if k in self._numeriek else ""
            kop += f'<th scope="col"{cls}>{e(naam)}</th>'
        delen.append(f"<thead><tr>{kop}</tr></thead><tbody>")
        ingekort = self.max_rijen is not None and len(w) > self.max_rijen
        for pos, (idx, rij) in enumerate(zip(w.index, w.itertuples(index=False, name=None))):
            if ingekort and pos >= self.max_rijen and pos != self._totaal_pos:
                continue
            cls = ' class="wz-totaal"' if pos == self._totaal_pos else ""
            cellen = ""
            if self._index:
                waarden_idx = idx if isinstance(idx, tuple) else (idx,)
                cellen += "".join(f'<th scope="row">{e(str(v))}</th>' for v in waarden_idx)
            for k, v in zip(w.columns, rij):
                num = ' class="wz-num"' if k in self._numeriek else ""
                if k in self._rijkoppen:
                    cellen += f'<th scope="row"{num}>{e(v)}</th>'
                else:
                    cellen += f"<td{num}>{e(v)}</td>"
            delen.append(f"<tr{cls}>{cellen}</tr>")
        delen.append("</tbody></table>")
        if self.voetnoten:
            noten = "<br>".join(e(n) for n in self.voetnoten)
            delen.append(f'<p class="wz-noot" id="{self._id}-noten">{noten}</p>')
        if ingekort:
            delen.append(f'<p class="wz-noot wz-ingekort">De eerste {self.max_rijen} van {len(w)} regels; de '
                         "volledige tabel staat in de download (Excel en CSV).</p>")
        delen.append(f'<p class="wz-bron" id="{self._id}-bron">{e(self.bron)}</p>')
        delen.append("</div>")
        return "\n".join(delen)

    def _repr_html_(self) -> str:
        return self.to_html()

    def top(self, n: int) -> "Tabel":
        """Show only the first ``n`` rows on the page (plus a total row); the download keeps all rows."""
        if n < 1:
            raise PresentatieFout(f"top(n) verwacht n >= 1, niet {n}.")
        self.max_rijen = int(n)
        return self

    def bundel(self) -> dict[str, Any]:
        """The table as data for the downloads: every row as displayed (after disclosure control)."""
        w = self.weergave
        kolommen = [" ".join(map(str, k)) if isinstance(k, tuple) else str(k) for k in w.columns]
        numeriek = [naam for k, naam in zip(w.columns, kolommen) if k in self._numeriek]
        rijen = [[str(v) for v in rij] for rij in w.itertuples(index=False, name=None)]
        if self._index:
            idx_namen = [str(n) if n is not None else "" for n in w.index.names]
            kolommen = idx_namen + kolommen
            rijen = [[str(v) for v in (idx if isinstance(idx, tuple) else (idx,))] + r
                     for idx, r in zip(w.index, rijen)]
        return {"titel": self.titel or "", "bron": self.bron, "voetnoten": list(self.voetnoten),
                "kolommen": kolommen, "numeriek": numeriek, "rijen": rijen, "totaal_rij": self._totaal_pos,
                "getoond": min(len(rijen), self.max_rijen) if self.max_rijen else len(rijen)}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        return {MIME_TABEL: self.bundel()}

    def __repr__(self) -> str:
        tekst = self.weergave.to_string(index=self._index)
        kop = f"{self.titel}\n" if self.titel else ""
        return kop + tekst + "\n" + "".join(f"{n}\n" for n in self.voetnoten) + self.bron

    def naar_csv(self, pad: str | Path) -> Path:
        """Write the displayed values (suppressed, Dutch notation) as a partner CSV (``;``-separated)."""
        pad = Path(pad)
        self.weergave.to_csv(pad, sep=";", index=self._index, encoding="utf-8-sig")
        return pad


def _decimalen_voor(kolom: str, decimalen: int | Mapping[str, int] | None, standaard: int) -> int:
    if isinstance(decimalen, Mapping):
        return int(decimalen.get(kolom, standaard))
    return standaard if decimalen is None else int(decimalen)


def tabel(
    df: pd.DataFrame,
    *,
    bron: Bron,
    titel: str | None = None,
    tellingen: Sequence[str] = (),
    kwetsbaar: bool = False,
    pcts: Sequence[str] = (),
    decimalen: int | Mapping[str, int] | None = None,
    regels: Regels,
    index: bool = False,
    noemers: Mapping[str, str | float] | None = None,
    tellers: Mapping[str, str | Sequence[str]] | None = None,
    totaal_rij: Hashable | None = None,
    totaal_kolom: str | None = None,
    groepen: Mapping[str, Sequence[str]] | None = None,
    relaties: Sequence[Sequence[str]] | None = None,
    beleid: Sequence[str] = (),
    vast_getoond: pd.DataFrame | None = None,
    vast_afgeschermd: pd.DataFrame | None = None,
    bedragen: Sequence[str] = (),
    tekst: Sequence[str] = (),
    namen: Mapping[str, str] | None = None,
) -> Tabel:
    """A report table of ``df`` with disclosure control always applied, in Dutch notation.

    ``tellingen``: count columns, suppressed below ``drempel_kwetsbaar`` (``kwetsbaar=True``) or
    ``drempel_algemeen``. ``pcts``: percentage columns (fractions 0..1),
    shown as "12,3%"; with ``noemers``/``tellers`` (see :func:`~wzlib.presentatie.afscherming.afschermen`)
    they are suppressed on small denominators or when their count is suppressed. ``totaal_rij``,
    ``totaal_kolom`` and ``groepen`` declare the totals shown, ``relaties`` other groups of columns of which
    one follows from the others (vraag, aanbod, plannen, tekort), for secondary suppression. ``beleid``:
    policy-number columns (taakstelling, plancapaciteit): whole numbers, never suppressed. ``vast_getoond`` /
    ``vast_afgeschermd``: the pattern of another report (see :func:`~wzlib.presentatie.afscherming.afschermen`).
    ``decimalen``: for percentage and other numbers (an int, or per column; default 1, 0 for integer
    columns); counts are whole numbers unless a per-column value says otherwise. ``bedragen``: euro columns. ``tekst``: columns shown as is (years and codes are
    detected by name). ``namen``: display names of columns. ``index=False`` hides the index (a text first
    column then becomes the row header).
    """
    if not isinstance(df, pd.DataFrame):
        raise PresentatieFout(f"tabel() verwacht een DataFrame, niet {type(df).__name__}.")
    regel = bronregel(bron)
    tellingen = list(tellingen)
    pcts = list(pcts)
    onbekend = [k for k in [*pcts, *bedragen, *tekst] if k not in df.columns]
    if onbekend:
        raise PresentatieFout(f"Onbekende kolom(men): {', '.join(map(str, onbekend))} "
                              f"(aanwezig: {', '.join(map(str, df.columns))}).")
    res = afschermen(df, tellingen, regels=regels, kwetsbaar=kwetsbaar, noemers=noemers, tellers=tellers,
                     totaal_rij=totaal_rij, totaal_kolom=totaal_kolom, groepen=groepen, relaties=relaties,
                     beleid=beleid, vast_getoond=vast_getoond, vast_afgeschermd=vast_afgeschermd)
    tellingen = list(res.tellingen)
    hele = [*tellingen, *(k for k in beleid if k not in tellingen)]
    w = res.waarden

    numeriek: set[str] = set()
    kolommen: dict[Any, list[str]] = {}
    for k in df.columns:
        bron_kol = df[k]
        waarden = w[k].tolist()
        als_tekst = k in tekst or (k not in hele and k not in pcts and isinstance(k, str)
                                    and _TEKST_NAAM.search(k) is not None)
        if k in hele:  # counts and policy numbers in whole numbers (prognoses give fractions)
            d = decimalen.get(k, 0) if isinstance(decimalen, Mapping) else 0
            f = lambda v, d=d: nl_getal(v, d)  # noqa: E731
        elif k in pcts:
            d = _decimalen_voor(k, decimalen, 1)
            f = lambda v, d=d: nl_pct(v, d)  # noqa: E731
        elif k in bedragen:
            d = _decimalen_voor(k, decimalen, 0)
            f = lambda v, d=d: nl_bedrag(v, d)  # noqa: E731
        elif als_tekst:
            f = lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)  # noqa: E731
        elif pd.api.types.is_datetime64_any_dtype(bron_kol):
            f = nl_datum
        elif _is_getal_kolom(bron_kol):
            std = 0 if pd.api.types.is_integer_dtype(bron_kol) else 1
            d = _decimalen_voor(k, decimalen, std)
            f = lambda v, d=d: nl_getal(v, d)  # noqa: E731
        else:
            f = str
        if k in hele or k in pcts or k in bedragen or (_is_getal_kolom(bron_kol) and not als_tekst):
            numeriek.add(k)
        kolommen[k] = [ONTBREEKT if is_leeg(v) else (v if isinstance(v, str) else f(v)) for v in waarden]
    weergave = pd.DataFrame(kolommen, index=df.index, columns=df.columns, dtype=object)

    rijkoppen: list[str] = []
    if not index and len(df.columns) and df.columns[0] not in numeriek:
        rijkoppen = [df.columns[0]]
    totaal_pos = None
    if totaal_rij is not None:
        totaal_pos = _zoek_totaalrij(df, totaal_rij, tellingen)
    if namen:
        weergave = weergave.rename(columns=dict(namen))
        numeriek = {namen.get(k, k) for k in numeriek}
        rijkoppen = [namen.get(k, k) for k in rijkoppen]
    return Tabel(weergave, afscherming=res, bron=regel, titel=titel, voetnoten=res.voetnoten(),
                 numeriek=numeriek, rijkoppen=rijkoppen, totaal_pos=totaal_pos, index=index)
