"""The woonzorgvisie-meter (step 8): the template a gemeente fills in, reading it back, and the items the
analysis can answer itself.

* :func:`schrijf_sjabloon` writes ``woonzorgvisiemeter.xlsx``: one sheet per kaart (``meter_kaarten``),
  per gemeente and item a row with status (niet gestart / bezig / gereed / n.v.t.), datum, wie and
  opmerking; ``wz template`` writes it next to the local input templates.
* :func:`lees_meter` reads it back; every problem (unknown sheet, gemeente, item or status, a row twice)
  is collected and raised at once as :class:`~wzlib.fouten.InvoerFout` naming file, sheet and row.
* :func:`uit_analyse` answers kaart 3 from the results of steps 1-5 (and kaart 4, 3.1 from the recorded
  verordening): status and the figure behind it. :func:`meter_tabel` puts both together: an item the
  analysis answers keeps the analysis' status, and a different answer of the gemeente is kept next to it
  (``verschil``), never silently dropped or preferred.
* :func:`meter_regio` counts per gemeente and kaart what is done and names the next item.
"""

from __future__ import annotations

import difflib
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from . import paden
from . import catalogus as T
from .confrontatie_partners import herkenning
from .fouten import InvoerFout, Probleem
from .groepen import GROEPEN
from .meter_kaarten import ITEMS, KAARTEN, PER_KAART, PER_SLEUTEL, Item, items, norm_nummer
from .params import Gemeente
from .stappen import schrijver

SJABLOON = "woonzorgvisiemeter.xlsx"
STATUSSEN = ("niet gestart", "bezig", "gereed", "n.v.t.")
NIET_INGEVULD = "niet ingevuld"
KOLOMMEN = ("gemeentecode", "gemeentenaam", "nummer", "soort", "onderdeel", "status", "datum", "wie", "opmerking")
HULPBLAD = "toelichting"
_ALIAS = {"niet gestart": "niet gestart", "nog niet gestart": "niet gestart", "niet begonnen": "niet gestart",
          "bezig": "bezig", "loopt": "bezig", "in uitvoering": "bezig", "gereed": "gereed", "klaar": "gereed",
          "afgerond": "gereed", "n.v.t.": "n.v.t.", "nvt": "n.v.t.", "n.v.t": "n.v.t.", "niet van toepassing": "n.v.t."}
ANTWOORD_KOLOMMEN = ("gemeentecode", "kaart", "nummer", "soort", "status", "datum", "wie", "opmerking")


def norm_status(tekst: Any) -> str | None:
    """'Gereed', ' klaar ', 'NVT' -> the canonical status; None for an unknown value."""
    return _ALIAS.get(" ".join(str(tekst).strip().lower().split()))


# --------------------------------------------------------------------------------------------------
# template
# --------------------------------------------------------------------------------------------------

def schrijf_sjabloon(pad: str | Path, gemeenten: Sequence[Gemeente], antwoorden: pd.DataFrame | None = None) -> Path:
    """Write the meter workbook to ``pad`` (atomically): a sheet per kaart with a row per gemeente and
    item, a dropdown for the status, and a sheet 'toelichting'. ``antwoorden`` (columns
    :data:`ANTWOORD_KOLOMMEN`) pre-fills rows (the demo answers, or a refreshed template)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    vooraf: dict[tuple, dict] = {}
    if antwoorden is not None:
        for r in antwoorden.to_dict("records"):
            vooraf[(r["gemeentecode"], int(r["kaart"]), r["nummer"], r["soort"])] = r
    wb = Workbook()
    uitleg = wb.active
    uitleg.title = HULPBLAD
    for regel in toelichting_regels():
        uitleg.append([regel])
    uitleg.column_dimensions["A"].width = 110
    vet, kopkleur = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    analysekleur = PatternFill("solid", fgColor="EEEEEE")
    for k in KAARTEN:
        ws = wb.create_sheet(k.blad)
        ws.append(list(KOLOMMEN))
        for c in ws[1]:
            c.font, c.fill = vet, kopkleur
        dv = DataValidation(type="list", formula1='"' + ",".join(STATUSSEN) + '"', allow_blank=True,
                            error="Kies niet gestart, bezig, gereed of n.v.t.", showErrorMessage=True)
        ws.add_data_validation(dv)
        for g in gemeenten:
            for it in items(k.nummer):
                a = vooraf.get((g.code, it.kaart, it.nummer, it.soort), {})
                naam = it.naam + (" (vult de analyse in)" if it.bron else "")
                ws.append([g.code, g.naam, it.nummer, it.soort, naam, a.get("status") or "", a.get("datum") or "",
                           a.get("wie") or "", a.get("opmerking") or ""])
                if it.bron:
                    for c in ws[ws.max_row][:5]:
                        c.fill = analysekleur
        if ws.max_row > 1:
            dv.add(f"F2:F{ws.max_row}")
        for kol, breedte in zip("ABCDEFGHI", (14, 18, 8, 10, 60, 14, 12, 20, 50)):
            ws.column_dimensions[kol].width = breedte
        ws.freeze_panes = "A2"
    pad = Path(pad)
    paden.atomair_schrijven(pad, lambda p: wb.save(p))
    return pad


def toelichting_regels() -> list[str]:
    return [
        "Woonzorgvisie-meter: vul per gemeente en onderdeel de stand in.",
        f"status: {', '.join(STATUSSEN)} (leeg = nog niet ingevuld).",
        "datum: wanneer de stand zo werd (dd-mm-jjjj of een Excel-datum); wie: wie het oppakt of oppakte; "
        "opmerking: vrije tekst.",
        "Laat gemeentecode, nummer en soort staan: daaraan herkent de toolkit het onderdeel. Regels van "
        "gemeenten of onderdelen die er niet bij horen worden geweigerd.",
        "Grijze regels (kaart 3, en kaart 4: 1.2, 1.5 en 3.1) vult de analyse zelf in. Vult u ze toch in en "
        "zegt u iets anders, dan toont het rapport beide.",
        "Welke urgente groepen de huisvestingsverordening dekt, staat in het regiobestand onder "
        "meter: verordening_urgentie.",
    ]


# --------------------------------------------------------------------------------------------------
# reading back
# --------------------------------------------------------------------------------------------------

def _cel(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def lees_meter(pad: str | Path, gemeenten: Sequence[Gemeente] | None = None) -> pd.DataFrame:
    """The recorded answers (columns :data:`ANTWOORD_KOLOMMEN`; rows with an empty status are left out).

    Raises :class:`InvoerFout` with every problem, each naming the file, the sheet and the row."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    pad = Path(pad)
    try:
        wb = load_workbook(pad, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as e:
        raise InvoerFout([Probleem(str(pad), f"geen leesbaar Excel-bestand (.xlsx): {e}")]) from None
    codes = {g.code for g in gemeenten} if gemeenten is not None else None
    per_blad = {k.blad.lower(): k for k in KAARTEN}
    problemen: list[Probleem] = []
    rijen: list[dict] = []
    gezien: dict[tuple, tuple[str, int]] = {}
    try:
        for ws in wb.worksheets:
            label = f"{pad}, blad '{ws.title}'"
            sleutel = ws.title.strip().lower()
            if sleutel == HULPBLAD:
                continue
            kaart = per_blad.get(sleutel)
            if kaart is None:
                tip = difflib.get_close_matches(sleutel, list(per_blad), n=1, cutoff=0.5)
                problemen.append(Probleem(label, "onbekend blad" + (f"; bedoelde u '{per_blad[tip[0]].blad}'?"
                                                                   if tip else "")
                                          + f" Verwacht: {', '.join(k.blad for k in KAARTEN)} en '{HULPBLAD}'"))
                continue
            it = ws.iter_rows(values_only=True)
            kop = [_cel(c).lower() for c in (next(it, None) or ())]
            mist = [k for k in ("gemeentecode", "nummer", "soort", "status") if k not in kop]
            if mist:
                problemen.append(Probleem(label, f"kolom(men) ontbreken in de kopregel: {', '.join(mist)}", rij=1))
                continue
            for r, ruw in enumerate(it, start=2):
                w = dict(zip(kop, (_cel(c) for c in ruw)))
                if not any(w.values()):
                    continue
                rij = _lees_rij(w, kaart.nummer, label, r, codes, problemen)
                if rij is None:
                    continue
                sl = (rij["gemeentecode"], rij["kaart"], rij["nummer"], rij["soort"])
                if sl in gezien:
                    problemen.append(Probleem(label, f"onderdeel {rij['nummer']} ({rij['soort']}) van "
                                              f"{rij['gemeentecode']} staat er twee keer in "
                                              f"(ook regel {gezien[sl][1]})",
                                              rij=r))
                    continue
                gezien[sl] = (label, r)
                if rij["status"]:
                    rijen.append(rij)
    finally:
        wb.close()
    if problemen:
        raise InvoerFout(problemen)
    return pd.DataFrame(rijen, columns=list(ANTWOORD_KOLOMMEN))


def _lees_rij(w: dict[str, str], kaart: int, label: str, r: int, codes: set[str] | None,
              problemen: list[Probleem]) -> dict | None:
    n0 = len(problemen)
    code = w.get("gemeentecode", "").upper()
    if codes is not None and code not in codes:
        problemen.append(Probleem(label, "gemeente hoort niet bij de regio" if code else "gemeentecode ontbreekt",
                                  rij=r, kolom="gemeentecode", waarde=code))
    nummer = norm_nummer(w.get("nummer", ""))
    soort = w.get("soort", "").strip().lower() or "onderdeel"
    if (kaart, nummer, soort) not in PER_SLEUTEL:
        bekend = [f"{i.nummer} ({i.soort})" for i in items(kaart)]
        tip = difflib.get_close_matches(f"{nummer} ({soort})", bekend, n=1, cutoff=0.6)
        problemen.append(Probleem(label, f"onbekend onderdeel {nummer} ({soort}) op kaart {kaart}"
                                  + (f"; bedoelde u {tip[0]}?" if tip else ".")
                                  + f" Bekend: {', '.join(bekend)}", rij=r, kolom="nummer", waarde=w.get("nummer")))
    ruw = w.get("status", "")
    status = norm_status(ruw) if ruw else ""
    if status is None:
        tip = difflib.get_close_matches(ruw.strip().lower(), list(_ALIAS), n=1, cutoff=0.6)
        problemen.append(Probleem(label, "onbekende status" + (f"; bedoelde u '{_ALIAS[tip[0]]}'?" if tip else ".")
                                  + f" Kies uit: {', '.join(STATUSSEN)}", rij=r, kolom="status", waarde=ruw))
    if len(problemen) > n0:
        return None
    return {"gemeentecode": code, "kaart": kaart, "nummer": nummer, "soort": soort, "status": status,
            "datum": w.get("datum", ""), "wie": w.get("wie", ""), "opmerking": w.get("opmerking", "")}


# --------------------------------------------------------------------------------------------------
# from the analysis
# --------------------------------------------------------------------------------------------------

def _is(v: Any) -> bool:
    return bool(v) and not pd.isna(v)


def _lijst(namen: list[str], n: int = 4) -> str:
    return ", ".join(namen[:n]) + (f" en nog {len(namen) - n}" if len(namen) > n else "")


def _label(groep: str) -> str:
    return GROEPEN[groep].label if groep in GROEPEN else groep


def uit_analyse(invoer: Any, gemeentecode: str, *, verordening: list[str] | None = None,
                drempel: float = 0.75) -> pd.DataFrame:
    """What the analysis says about kaart 3 (and kaart 4: 1.2 and 1.5 from the ambities, 3.1): columns
    kaart, nummer, soort, status_analyse, cijfer. ``invoer``: the results the meter step reads (attributes named after the
    catalogue tables; None when missing), ``verordening``: the groups with urgentie in the recorded
    verordening (None: not recorded), ``drempel``: share recognised for the toets to be gereed."""
    uit: dict[tuple[int, str, str], tuple[str, str]] = {}
    groepen = _eigen(getattr(invoer, T.GROEPEN_OMVANG.naam, None), gemeentecode)
    besch = getattr(invoer, T.BESCHIKBAARHEID.naam, None)
    if groepen is not None and len(groepen):
        n = len(groepen)
        met = int((groepen["status"].astype(str) != "ontbreekt").sum())
        uit[(3, "1.1", "onderdeel")] = (_stand(met, n), f"{met} van de {n} groepen met een cijfer voor de gemeente")
    if besch is not None and len(besch):
        b_in = besch[besch["in_analyse"].fillna(False).astype(bool)]
        soorten = pd.Series([GROEPEN[g].soort if g in GROEPEN else "" for g in b_in["groep"]], dtype="object")
        wettelijk = [g for g in GROEPEN.values() if g.wettelijk]
        weg = [g.label for g in wettelijk if g.sleutel not in set(b_in["groep"])]
        uit[(3, "1.2", "onderdeel")] = (
            "bezig" if weg else "gereed",
            f"{len(b_in)} groepen: {int((soorten == 'aandachtsgroep').sum())} aandachtsgroepen, "
            f"{int((soorten == 'urgent').sum())} urgente groepen, {int((soorten == 'ouderen').sum())} ouderengroepen"
            + (f"; niet opgenomen: {_lijst(weg)}" if weg else ""))
        vol = pd.to_numeric(b_in["volledigheid"], errors="coerce")
        heel, deels = int((vol >= 1).sum()), int(((vol > 0) & (vol < 1)).sum())
        uit[(3, "2", "onderdeel")] = (
            "gereed", f"beschikbaarheid per groep in beeld: {heel} groepen in alle gemeenten, {deels} in een deel, "
                      f"{len(b_in) - heel - deels} zonder cijfer")
        open_ = b_in[b_in["open_ingelezen"].fillna(False).astype(bool)]
        bronnen = sorted({str(b) for b in open_["open_bron"] if _is(b)})
        uit[(3, "3", "onderdeel")] = (
            "gereed" if len(open_) else "niet gestart",
            f"{len(open_)} {'groep' if len(open_) == 1 else 'groepen'} uit openbare bronnen"
            + (f" ({_lijst(bronnen, 3)})" if bronnen else ""))
    verdeling = getattr(invoer, T.VERDELING.naam, None)
    if verdeling is not None and len(verdeling):
        uit[(3, "5.1", "toets")] = ("gereed", f"{verdeling['groep'].nunique()} groepen verdeeld over "
                                              f"{verdeling['gemeentecode'].nunique()} gemeenten")
    else:
        uit[(3, "5.1", "toets")] = ("niet gestart", "de spreiding is (nog) niet gemaakt")
    stappen_ok = {T.GROEPEN_OMVANG: groepen, T.AANBOD: getattr(invoer, T.AANBOD.naam, None),
                  T.VRAAG: getattr(invoer, T.VRAAG.naam, None), T.VERDELING: verdeling,
                  T.CONFRONTATIE: getattr(invoer, T.CONFRONTATIE.naam, None)}
    mist = [schrijver(t).naam for t, df in stappen_ok.items() if df is None]
    klaar = len(stappen_ok) - len(mist)
    uit[(3, "5.2", "toets")] = (_stand(klaar, len(stappen_ok)), f"{klaar} van de {len(stappen_ok)} analysestappen "
                                f"gelukt" + (f"; ontbreekt: {', '.join(mist)}" if mist else ""))
    uit.update(_confrontatie(invoer, gemeentecode, drempel))
    uit.update(_ambities(invoer, gemeentecode))
    v = verordening_toets(besch, verordening)
    if v is not None:
        uit[(4, "3.1", "toets")] = v
    rijen = [{"kaart": k, "nummer": n, "soort": s, "status_analyse": st, "cijfer": c}
             for (k, n, s), (st, c) in uit.items()]
    return pd.DataFrame(rijen, columns=["kaart", "nummer", "soort", "status_analyse", "cijfer"])


def _eigen(df: pd.DataFrame | None, gemeentecode: str) -> pd.DataFrame | None:
    if df is None or "gemeentecode" not in df.columns:
        return df
    return df[df["gemeentecode"].astype(str) == gemeentecode]


def _stand(klaar: int, totaal: int) -> str:
    return "gereed" if totaal and klaar == totaal else "bezig" if klaar else "niet gestart"


def _confrontatie(invoer: Any, gemeentecode: str, drempel: float) -> dict:
    conf = getattr(invoer, T.CONFRONTATIE.naam, None)
    bev = _eigen(getattr(invoer, T.BEVINDINGEN.naam, None), gemeentecode)
    reacties = getattr(invoer, T.REACTIES.naam, None)
    if conf is None or bev is None:
        return {(3, "6", "onderdeel"): ("niet gestart", "de confrontatie is (nog) niet gemaakt")}
    r = reacties if reacties is not None else pd.DataFrame(columns=T.REACTIES.kolomnamen)
    eigen = r[r["id"].isin(set(bev["id"]))] if len(r) else r
    partners = sorted(set(eigen["partner"].astype(str))) if len(eigen) else []
    uit = {(3, "6", "onderdeel"): (
        ("gereed", f"{len(bev)} bevindingen voorgelegd; reactie van {len(partners)} partner(s)") if partners else
        ("bezig", f"{len(bev)} bevindingen klaar voor de partners; nog geen reviewblad terug"))}
    h = herkenning(bev, r) if len(eigen) else pd.DataFrame()
    tot = h[h["partner"] == "alle partners"] if len(h) else h
    if len(tot) and int(tot["beantwoord"].iloc[0]):
        aandeel = float(tot["aandeel_herkend_of_deels"].iloc[0])
        n = int(tot["beantwoord"].iloc[0])
        uit[(3, "6", "toets")] = ("gereed" if aandeel >= drempel else "bezig",
                                  f"{round(100 * aandeel)}% van {n} antwoorden herkend of deels herkend "
                                  f"(gereed vanaf {round(100 * drempel)}%)")
    else:
        uit[(3, "6", "toets")] = ("niet gestart", "nog geen antwoorden van partners op de bevindingen")
    return uit


def _ambities(invoer: Any, gemeentecode: str) -> dict:
    """Kaart 4, 1.2 (groups with priority) and 1.5 (SMART ambities per group), from Stap 6 – Ambities: the
    priorities are the woonvormen with a gap or urgent demand; 1.5 is gereed when every one of them has an
    ambitie in a unit the analysis knows. Nothing when the ambities step has not run."""
    toetsen = getattr(invoer, T.AMBITIE_TOETSEN.naam, None)
    if toetsen is None:
        return {}
    t = toetsen[toetsen["gemeentecode"] == gemeentecode]
    ambities = _eigen(getattr(invoer, T.AMBITIES.naam, None), gemeentecode)
    n = 0 if ambities is None else len(ambities)
    prio = t[t["toets"] == "prioriteit"]
    zonder = prio[prio["uitkomst"] == "voldoet niet"]
    eenheid_fout = t[(t["toets"] == "eenheid") & (t["uitkomst"] == "voldoet niet")]
    midden = t[(t["toets"] == "dekking") & (t["variant"] == "midden") & t["uitkomst"].isin(["voldoet", "voldoet niet"])]
    dekt = int((midden["uitkomst"] == "voldoet").sum())
    uit = {(4, "1.2", "onderdeel"): ("gereed", f"{len(prio)} woonvormen met een tekort of urgente vraag (stap 6)")}
    if n == 0:
        uit[(4, "1.5", "onderdeel")] = ("niet gestart", "nog geen ambities vastgelegd")
        return uit
    uit[(4, "1.5", "onderdeel")] = (
        "gereed" if not len(zonder) and not len(eenheid_fout) else "bezig",
        f"{n} ambities; {dekt} van {len(midden)} dekken het tekort (midden)"
        + (f"; {len(zonder)} prioriteit(en) zonder ambitie" if len(zonder) else "")
        + (f"; {len(eenheid_fout)} in een eenheid die niet bij de woonvorm past" if len(eenheid_fout) else ""))
    return uit


def verordening_toets(beschikbaarheid: pd.DataFrame | None, verordening: list[str] | None) -> tuple[str, str] | None:
    """Kaart 4, 3.1: does the recorded verordening give urgentie to every urgent group in the analysis
    (``wettelijk_urgent`` and ``in_analyse`` in the availability matrix)? None when either is unknown."""
    if verordening is None or beschikbaarheid is None or not len(beschikbaarheid):
        return None
    b = beschikbaarheid
    urgent = [str(g) for g in b.loc[b["wettelijk_urgent"].fillna(False).astype(bool)
                                    & b["in_analyse"].fillna(False).astype(bool), "groep"]]
    mist = [g for g in urgent if g not in set(verordening)]
    if not urgent:
        return ("n.v.t.", "geen urgente groepen in de analyse")
    if not mist:
        return ("gereed", f"alle {len(urgent)} urgente groepen uit de analyse hebben een urgentieregel")
    return ("bezig", f"{len(urgent) - len(mist)} van de {len(urgent)} urgente groepen hebben een urgentieregel; "
                     f"ontbreekt: {_lijst([_label(g) for g in mist], 6)}")


# --------------------------------------------------------------------------------------------------
# together
# --------------------------------------------------------------------------------------------------

def meter_tabel(gemeentecode: str, antwoorden: pd.DataFrame | None, analyse: pd.DataFrame | None) -> pd.DataFrame:
    """The ``meter`` result table of one gemeente: every item of every kaart, with the gemeente's answer
    and (where it knows one) the analysis' answer; the status is the analysis' where it has one."""
    ant: dict[tuple, dict] = {}
    if antwoorden is not None and len(antwoorden):
        eigen = antwoorden[antwoorden["gemeentecode"] == gemeentecode]
        ant = {(int(r["kaart"]), r["nummer"], r["soort"]): r for r in eigen.to_dict("records")}
    an: dict[tuple, dict] = {}
    if analyse is not None and len(analyse):
        an = {(int(r["kaart"]), r["nummer"], r["soort"]): r for r in analyse.to_dict("records")}
    rijen = []
    for it in ITEMS:
        a, x = ant.get(it.sleutel, {}), an.get(it.sleutel, {})
        sg, sa = a.get("status") or None, x.get("status_analyse") or None
        rijen.append({"gemeentecode": gemeentecode, "kaart": it.kaart, "nummer": it.nummer, "soort": it.soort,
                      "onderdeel": it.naam, "status": sa or sg or NIET_INGEVULD, "status_analyse": sa,
                      "cijfer": x.get("cijfer") or None, "status_gemeente": sg,
                      "verschil": bool(sa and sg and sa != sg), "datum": a.get("datum") or None,
                      "wie": a.get("wie") or None, "opmerking": a.get("opmerking") or None})
    df = pd.DataFrame(rijen)
    for k in ("status_analyse", "cijfer", "status_gemeente", "datum", "wie", "opmerking"):
        df[k] = df[k].astype("string")
    df["kaart"] = df["kaart"].astype("int64")
    return df


def volgende(meter: pd.DataFrame) -> str | None:
    """The first item (in the meter's order) that is not gereed or n.v.t., as 'nummer naam'."""
    open_ = meter[~meter["status"].isin(["gereed", "n.v.t."])]
    if not len(open_):
        return None
    r = open_.iloc[0]
    return PER_SLEUTEL[(int(r["kaart"]), r["nummer"], r["soort"])].label


def meter_regio(meter: pd.DataFrame) -> pd.DataFrame:
    """Per gemeente and kaart: number of items per status, share gereed and the next item."""
    rijen = []
    for (code, kaart), d in meter.groupby(["gemeentecode", "kaart"], sort=False):
        st = d["status"]
        nvt = int((st == "n.v.t.").sum())
        tel = len(d) - nvt
        rijen.append({"gemeentecode": code, "kaart": int(kaart), "items": len(d), "gereed": int((st == "gereed").sum()),
                      "bezig": int((st == "bezig").sum()), "niet_gestart": int((st == "niet gestart").sum()),
                      "nvt": nvt, "niet_ingevuld": int((st == NIET_INGEVULD).sum()),
                      "aandeel_gereed": (st == "gereed").sum() / tel if tel else float("nan"),
                      "volgende": volgende(d)})
    kol = T.METER_REGIO.kolomnamen
    df = pd.DataFrame(rijen, columns=kol)
    df["volgende"] = df["volgende"].astype("string")
    return df


def kaarttitel(kaart: int) -> str:
    return f"Kaart {kaart} – {PER_KAART[kaart].titel}"


__all__ = ["Item", "KAARTEN", "SJABLOON", "STATUSSEN", "lees_meter", "meter_regio", "meter_tabel",
           "schrijf_sjabloon", "uit_analyse", "verordening_toets", "volgende"]


def lees_antwoorden(rp: Any, gemeenten: Sequence[Gemeente]) -> pd.DataFrame | None:
    """The answers recorded in the regio's meter workbook (``meter.bestand``); None when none is set."""
    pad = rp.pad_naar(rp.meter.bestand)
    if pad is None:
        return None
    if not pad.exists():
        raise InvoerFout([Probleem(str(pad), f"de woonzorgvisie-meter (meter.bestand in {rp.pad}) bestaat niet; "
                                   f"maak hem met wz template --regio {rp.slug}")])
    return lees_meter(pad, gemeenten)
