"""Compare the published numbers of two sets of reports ("before" and "after" a refactoring).

Reads the HTML reports in ``<folder>/html/*.html`` of two runs (an ``outputs/<regio>`` folder; a
folder with the HTML files directly also works), pairs them by (gemeente code or ``regio``, step)
and prints every difference in what a reader sees:

* every table inside ``.wz-tabel`` (caption, header row, every body cell as displayed, e.g.
  ``1.234``, ``12,3%``, ``<10``, ``•``, ``–``), paired by caption (n-th with n-th when a caption
  repeats), or by position when the caption changed;
* the prose of the rendered markdown (cells and markdown outputs) plus the alt text of figures,
  split into paragraphs; the sequence of (Dutch-formatted) numbers in it is compared.

Run-dependent data is ignored: everything under a "Colofon"/"Over dit rapport" heading or inside
an element whose id/class contains "colofon", and date/time/version tokens in prose
(dd-mm-yyyy, yyyy-mm-dd, hh:mm, 0.1.0).

    .venv/bin/python bench/vergelijk_rapporten.py /work/voor/voorbeeldregio outputs/voorbeeldregio
    .venv/bin/python bench/vergelijk_rapporten.py VOOR NA --hernoem 60_regio_confrontatie=55_confrontatie_regio \\
        --tolerantie 1 --alleen-verschillen --max 50

Exit code: 0 when nothing differs beyond ``--tolerantie``, 1 when something does, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from itertools import zip_longest
from pathlib import Path

from bs4 import BeautifulSoup, Tag

REPORT_RE = re.compile(r"^(GM\d{4}|regio)_(.+)_(\d{2}_[a-z_]+)\.html$")
HEADING_RE = re.compile(r"^h([1-6])$")
SKIP_SECTIONS = ("colofon", "over dit rapport")
BLOCKS = ["p", "li", "ul", "ol", "div", "blockquote", "pre", "table", "tr", "caption", "dt", "dd",
          "nav", "section", "figure", "details", "summary", "br"] + [f"h{i}" for i in range(1, 7)]
CELL_NUMBER_RE = re.compile(r"^([−+-])?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s?(%)?$")
PROSE_NUMBER_RE = re.compile(r"(?<![\w.,])[−-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?:\s?%)?(?!\w)")
DATE_RE = re.compile(r"(?<!\d)(?:\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{2}-\d{2}(?:T[\d:.]+)?|\d{1,2}:\d{2}(?::\d{2})?)(?!\d)")
VERSION_RE = re.compile(r"(?<![\w.])v?\d+(?:\.\d+){2,}(?:[-+][\w.]+)?(?![\w.]\w)")
THOUSANDS_RE = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    context: str = ""  # figure title, to tell the many "Gegevens bij de figuur" tables apart

    def label(self) -> str:
        return f"«{self.caption}»" + (f" ({self.context})" if self.context else "")


@dataclass
class Stats:
    tables: int = 0
    cells: int = 0
    cells_diff: int = 0
    rounding: int = 0
    captions: int = 0
    only_before: int = 0
    only_after: int = 0
    prose: int = 0
    prose_rounding: int = 0
    text_only: int = 0
    lines: list[tuple[str, str]] = field(default_factory=list)  # (kind, text); kind: verschil/afronding/info

    def add(self, other: Stats) -> None:
        for f in fields(self)[:-1]:
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def real(self) -> int:
        return (self.cells_diff - self.rounding + self.captions + self.only_before + self.only_after
                + self.prose - self.prose_rounding)

    def summary(self) -> str:
        return (f"{self.tables} tabellen, {self.cells} cellen, {self.cells_diff} anders ({self.rounding} afronding), "
                f"bijschrift anders {self.captions}, tabel alleen voor/na {self.only_before}/{self.only_after}, "
                f"alinea's met andere getallen {self.prose} ({self.prose_rounding} afronding), "
                f"alleen tekst anders {self.text_only}")


def norm(text: str) -> str:
    return " ".join(text.replace("¶", " ").split())


def clean_prose(text: str) -> str:
    text = DATE_RE.sub("[datum]", text)
    text = VERSION_RE.sub(lambda m: m[0] if THOUSANDS_RE.match(m[0]) else "[versie]", text)
    return norm(text)


def drop_colofon(soup: BeautifulSoup) -> None:
    """Remove colofon elements and every section under a Colofon / Over dit rapport heading."""
    for tag in soup.find_all(lambda t: "colofon" in " ".join([t.get("id") or "", *t.get("class", [])]).lower()):
        tag.extract()
    for heading in soup.find_all(HEADING_RE):
        if not norm(heading.get_text(" ")).lower().startswith(SKIP_SECTIONS):
            continue
        level, stop, section = int(heading.name[1]), None, []
        for el in heading.next_elements:
            if isinstance(el, Tag) and HEADING_RE.match(el.name) and int(el.name[1]) <= level:
                stop = el
                break
            section.append(el)
        keep = {id(p) for p in stop.parents} if stop else set()  # containers of the next section
        heading.extract()
        for el in section:
            if id(el) not in keep:
                el.extract()


def load_report(path: Path) -> tuple[list[Table], list[str]]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    drop_colofon(soup)
    tables = []
    texts = lambda tr: [norm(c.get_text(" ")) for c in tr.find_all(["th", "td"])]
    for table in soup.select(".wz-tabel table, table.wz-tabel"):  # document order, each table once
        head_rows = table.select("thead tr")
        rows = [texts(tr) for tr in table.find_all("tr") if not tr.find_parent("thead")]
        img = table.find_parent("figure").find("img") if table.find_parent("figure") else None
        context = norm(img.get("alt", "")).split(". ")[0] if img else ""  # the figure's title
        caption = norm(table.caption.get_text(" ")) if table.caption else ""
        tables.append(Table(caption, texts(head_rows[-1]) if head_rows else [], rows, context))
    prose: list[str] = []
    sources = soup.find_all(lambda t: "jp-RenderedMarkdown" in t.get("class", [])
                            or (t.name == "img" and t.find_parent(class_="wz-grafiek") is not None))
    for el in sources:
        if el.name == "img":
            prose.append(clean_prose("[figuur] " + el.get("alt", "")))
            continue
        for junk in el.find_all(["style", "script"]) + el.find_all(class_="wz-tabel"):
            junk.extract()
        for block in el.find_all(BLOCKS):
            block.insert_before("\n\n")
            block.insert_after("\n\n")
        prose += [p for p in (clean_prose(part) for part in re.split(r"\n\s*\n", el.get_text())) if p]
    return tables, prose


def pair(keys_a: list, keys_b: list) -> tuple[list[tuple[int, int, bool]], list[int], list[int]]:
    """Pair n-th occurrence of a key with n-th occurrence; then leftovers at the same position."""
    def numbered(keys):
        seen: Counter = Counter()
        out = []
        for k in keys:
            out.append((k, seen[k]))
            seen[k] += 1
        return out

    index_b = {k: j for j, k in enumerate(numbered(keys_b))}
    pairs = [(i, index_b[k], False) for i, k in enumerate(numbered(keys_a)) if k in index_b]
    left_a = sorted(set(range(len(keys_a))) - {i for i, _, _ in pairs})
    left_b = sorted(set(range(len(keys_b))) - {j for _, j, _ in pairs})
    pairs += [(i, i, True) for i in left_a if i in left_b]
    return (sorted(pairs), [i for i in left_a if i not in left_b], [j for j in left_b if j not in left_a])


def parse_number(text: str) -> tuple[Decimal, int, str] | None:
    """'−1.234,5%' -> (Decimal('-1234.5'), 1, '%'); None when the text is not a number."""
    m = CELL_NUMBER_RE.match(text.strip())
    if not m:
        return None
    sign, whole, frac, pct = m.groups()
    value = Decimal(whole.replace(".", "") + ("." + frac if frac else ""))
    return (-value if sign in ("−", "-") else value), len(frac or ""), pct or ""


def within(a: str, b: str, tol: Decimal) -> bool:
    """True when both are numbers with the same unit that differ at most tol in the last shown digit."""
    na, nb = parse_number(a), parse_number(b)
    if not tol or na is None or nb is None or na[2] != nb[2]:
        return False
    return abs(na[0] - nb[0]) <= tol * Decimal(1).scaleb(-max(na[1], nb[1]))


def compare_tables(ta: Table, tb: Table, st: Stats, tol: Decimal) -> None:
    width_a = max([len(ta.header)] + [len(r) for r in ta.rows])
    width_b = max([len(tb.header)] + [len(r) for r in tb.rows])
    col_keys = lambda t, w: [t.header[i] if i < len(t.header) else f"#{i}" for i in range(w)]
    cols, cols_a, cols_b = pair(col_keys(ta, width_a), col_keys(tb, width_b))
    rows, rows_a, rows_b = pair([r[0] if r else "" for r in ta.rows], [r[0] if r else "" for r in tb.rows])
    cell = lambda row, i: row[i] if i < len(row) else ""
    name = lambda t, i: (t.header[i] if i < len(t.header) else f"kolom {i + 1}") or f"kolom {i + 1}"
    for ci, cj, _ in cols:  # header row
        st.cells += 1
        if cell(ta.header, ci) != cell(tb.header, cj):
            st.cells_diff += 1
            st.lines.append(("verschil", f"Tabel {ta.label()}: kopregel, kolom {ci + 1}: "
                                         f"«{cell(ta.header, ci)}» → «{cell(tb.header, cj)}»"))
    for ri, rj, _ in rows:
        ra, rb = ta.rows[ri], tb.rows[rj]
        row_name = cell(ra, 0) if cell(ra, 0) == cell(rb, 0) else f"{cell(ra, 0)} / {cell(rb, 0)}"
        for ci, cj, _ in cols:
            a, b = cell(ra, ci), cell(rb, cj)
            st.cells += 1
            if a != b:
                st.cells_diff += 1
                rounding = within(a, b, tol)
                st.rounding += rounding
                st.lines.append(("afronding" if rounding else "verschil",
                                 f"Tabel {ta.label()}: rij «{row_name}», kolom «{name(tb, cj)}»: {a or '(leeg)'} → "
                                 f"{b or '(leeg)'}" + ("  [afrondingsverschil]" if rounding else "")))
    for which, t, idx, n_other in (("VOOR", ta, rows_a, len(cols)), ("NA", tb, rows_b, len(cols))):
        for i in idx:
            st.cells += n_other
            st.cells_diff += n_other
            st.lines.append(("verschil", f"Tabel {ta.label()}: rij alleen in {which}: «{cell(t.rows[i], 0)}» "
                                         f"({' | '.join(t.rows[i][1:])})"))
    for which, t, idx in (("VOOR", ta, cols_a), ("NA", tb, cols_b)):
        for i in idx:
            st.cells += len(t.rows) + 1
            st.cells_diff += len(t.rows) + 1
            st.lines.append(("verschil", f"Tabel {ta.label()}: kolom alleen in {which}: «{name(t, i)}»"))


def excerpt(a: str, b: str, width: int = 160) -> tuple[str, str]:
    start = max(0, len(os.path.commonprefix([a, b])) - 40)
    cut = lambda s: ("…" if start else "") + s[start:start + width] + ("…" if len(s) > start + width else "")
    return cut(a), cut(b)


def compare_prose(pa: list[str], pb: list[str], st: Stats, tol: Decimal) -> None:
    nums = lambda p: [n.replace(" ", "").replace("−", "-") for n in PROSE_NUMBER_RE.findall(p or "")]
    same_numbers = [n for p in pa for n in nums(p)] == [n for p in pb for n in nums(p)]
    matcher = difflib.SequenceMatcher(None, pa, pb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for a, b in zip_longest(pa[i1:i2], pb[j1:j2]):
            na, nb = nums(a), nums(b)
            if same_numbers or na == nb:
                st.text_only += 1
                kind, what = "info", "Tekst anders (zelfde getallen)"
            else:
                st.prose += 1
                rounding = len(na) == len(nb) and all(x == y or within(x, y, tol) for x, y in zip(na, nb))
                st.prose_rounding += rounding
                changed = [f"{x} → {y}" for x, y in zip_longest(na, nb, fillvalue="–") if x != y]
                kind, what = ("afronding" if rounding else "verschil",
                              f"Tekst: {'afrondingsverschil' if rounding else 'getallen anders'}: {', '.join(changed[:5])}"
                              + (" …" if len(changed) > 5 else ""))
            ea, eb = excerpt(a or "", b or "")
            st.lines.append((kind, f"{what}\n      voor: {ea or '(ontbreekt)'}\n      na:   {eb or '(ontbreekt)'}"))


def compare_reports(path_a: Path, path_b: Path, tol: Decimal) -> Stats:
    (tables_a, prose_a), (tables_b, prose_b) = load_report(path_a), load_report(path_b)
    st = Stats()
    pairs, only_a, only_b = pair([t.caption for t in tables_a], [t.caption for t in tables_b])
    for i, j, by_position in pairs:
        ta, tb = tables_a[i], tables_b[j]
        st.tables += 1
        if by_position:
            st.captions += 1
            st.lines.append(("verschil", f"Bijschrift anders, gekoppeld op volgorde (tabel {i + 1}): "
                                         f"{ta.label()} → {tb.label()}"))
        compare_tables(ta, tb, st, tol)
    st.only_before, st.only_after = len(only_a), len(only_b)
    st.lines += [("verschil", f"Tabel alleen in VOOR: {tables_a[i].label()}") for i in only_a]
    st.lines += [("verschil", f"Tabel alleen in NA: {tables_b[j].label()}") for j in only_b]
    compare_prose(prose_a, prose_b, st, tol)
    return st


def find_reports(folder: Path, renames: dict[str, str]) -> dict[tuple[str, str], Path]:
    """{(GMxxxx or 'regio', step): path}; the step of a VOOR report is renamed with --hernoem."""
    html = folder / "html" if (folder / "html").is_dir() else folder
    found = {}
    for path in sorted(html.glob("*.html")):
        if m := REPORT_RE.match(path.name):
            found[(m[1], renames.get(m[3], m[3]))] = path
        else:
            print(f"let op: {path.name} overgeslagen (naam niet herkend)", file=sys.stderr)
    return found


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    def tolerance(text: str) -> Decimal:
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise argparse.ArgumentTypeError(f"geen getal: {text!r}") from None

    parser = argparse.ArgumentParser(description="Vergelijk de gepubliceerde cijfers van twee runs "
                                                 "(map outputs/<regio> of een map met html-rapporten).")
    parser.add_argument("voor", type=Path, help="map van de run vóór de wijziging")
    parser.add_argument("na", type=Path, help="map van de run na de wijziging")
    parser.add_argument("--alleen-verschillen", action="store_true",
                        help="toon alleen echte verschillen (geen afronding, geen rapporten zonder verschil)")
    parser.add_argument("--max", type=int, default=0, metavar="N", help="hoogstens N regels per rapport (0 = alle)")
    parser.add_argument("--hernoem", action="append", default=[], metavar="OUD=NIEUW",
                        help="stap OUD in VOOR heet NIEUW in NA (herhaalbaar)")
    parser.add_argument("--tolerantie", type=tolerance, default=Decimal(0), metavar="T",
                        help="getallen die hoogstens T in de laatste getoonde eenheid verschillen: afrondingsverschil")
    args = parser.parse_args(argv)
    args.renames = dict(item.partition("=")[::2] for item in args.hernoem)
    if any(not old or not new for old, new in args.renames.items()):
        parser.error(f"--hernoem verwacht OUD=NIEUW, niet {' '.join(args.hernoem)!r}")
    if args.tolerantie < 0 or args.max < 0:
        parser.error("--tolerantie en --max mogen niet negatief zijn")
    for folder in (args.voor, args.na):
        if not folder.is_dir():
            parser.error(f"map bestaat niet: {folder}")
    args.before, args.after = find_reports(args.voor, args.renames), find_reports(args.na, {})
    for folder, found in ((args.voor, args.before), (args.na, args.after)):
        if not found:
            parser.error(f"geen rapporten gevonden in {folder} (of {folder / 'html'})")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    before, after = args.before, args.after
    print(f"Vergelijking gepubliceerde cijfers\n  VOOR: {args.voor} ({len(before)} rapporten)\n"
          f"  NA:   {args.na} ({len(after)} rapporten)")
    used = {REPORT_RE.match(p.name)[3] for p in before.values()}
    for old, new in args.renames.items():
        print(f"  hernoemd: {old} → {new}" + ("" if old in used else "  (komt niet voor in VOOR!)"))
    if args.tolerantie:
        print(f"  tolerantie: {args.tolerantie} in de laatste getoonde eenheid")
    summaries, total, missing = [], Stats(), 0
    for key in sorted(before.keys() | after.keys()):
        label = " ".join(key)
        if key not in after or key not in before:
            missing += 1
            where, path = ("VOOR", before[key]) if key in before else ("NA", after[key])
            print(f"\n== {label}: rapport alleen in {where} ({path.name})")
            continue
        st = compare_reports(before[key], after[key], args.tolerantie)
        total.add(st)
        summaries.append(f"  {label}: {st.summary()}")
        shown = [text for kind, text in st.lines if not args.alleen_verschillen or kind == "verschil"]
        if args.alleen_verschillen and not shown:
            continue
        a, b = before[key].name, after[key].name
        print(f"\n== {label} ({a if a == b else f'{a} ↔ {b}'})")
        limit = args.max or len(shown)
        for text in shown[:limit]:
            print(f"  {text}")
        if len(shown) > limit:
            print(f"  … en nog {len(shown) - limit} regel(s) (verhoog --max)")
        if not st.lines:
            print("  geen verschillen")
    print("\nSamenvatting per rapport\n" + "\n".join(summaries))
    print(f"\nTotaal ({len(summaries)} paren, {missing} rapporten zonder tegenhanger): {total.summary()}")
    real, tolerated = total.real() + missing, total.rounding + total.prose_rounding
    print(f"Resultaat: {real or 'geen'} verschil{'' if real == 1 else 'len'}"
          + (f"; {tolerated} afrondingsverschil(len) binnen de tolerantie" if tolerated else ""))
    return 1 if real else 0


if __name__ == "__main__":
    sys.exit(main())
