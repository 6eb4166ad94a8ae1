"""Foutencorpus, invoer: getallen die stil verkeerd gelezen werden, leeftijdsklassen die ontbreken,
partnercorrecties die te ver gaan, en bestanden die zonder een woord werden overgeslagen.

Elk geval maakt een kleine kopie van de voorbeeldregio (``data/voorbeeld``: invoermap, lokale invoer en
reviewbladen), verandert één ding en roept ``wz controleer --regio`` aan (exitcode 2, een Nederlandse
melding met bestand en regel/kolom of sleutel, geen traceback, geen kernel, eerdere uitvoer onaangeroerd)
of, voor de reviewbladen (die ``controleer`` nog niet leest), de lezer ``lees_reacties`` zelf.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import openpyxl
import pandas as pd
import pytest
from conftest import verbied_kernels

from foutcorpus import Geval
from wzlib import cli
from wzlib.bronnen.invoer import lees_map
from wzlib.bronnen.partners import lees_reacties
from wzlib.confrontatie_partners import pas_correcties_toe
from wzlib.fouten import InvoerFout
from wzlib.params import Acceptatie

ROOT = Path(__file__).resolve().parents[1]
VOORBEELD = ROOT / "data" / "voorbeeld"


class Project:
    """A copy of the demo regio in ``tmp``: bron/ (import format), bron/lokaal, bron/partners, params, outputs."""

    def __init__(self, tmp: Path):
        self.root = tmp
        self.bron = tmp / "bron"
        shutil.copytree(VOORBEELD, self.bron, ignore=shutil.ignore_patterns("*.py", "README.md"))
        self.lokaal = self.bron / "lokaal"
        self.partners = self.bron / "partners"
        (tmp / "params" / "regios").mkdir(parents=True)
        shutil.copy(ROOT / "params" / "kengetallen.yaml", tmp / "params" / "kengetallen.yaml")
        (tmp / "notebooks").symlink_to(ROOT / "notebooks", target_is_directory=True)
        self.regio = tmp / "params" / "regios" / "proef.yaml"
        self.regio.write_text("naam: Proefregio\npeiljaar: 2024\nfictief: true\n"
                              f"bron: {{soort: voorbeeld, map: {self.bron}}}\nlokaal: {self.lokaal}\n"
                              "gemeenten: [GM9901, GM9902, GM9903, GM9904, GM9905, GM9906]\n", encoding="utf-8")
        # an earlier good result that a check must leave alone
        self.eerder = tmp / "outputs" / "proef" / "GM9901" / "10_omvang" / "resultaat.json"
        self.eerder.parent.mkdir(parents=True)
        self.eerder.write_text('{"status": "goed"}', encoding="utf-8")

    def vervang(self, pad: Path, oud: str, nieuw: str, n: int = 1) -> None:
        t = pad.read_text(encoding="utf-8")
        assert t.count(oud) >= n, (pad, oud)
        pad.write_text(t.replace(oud, nieuw, n), encoding="utf-8")

    def zonder_regel(self, pad: Path, begin: str) -> int:
        """Delete the first line starting with ``begin``; return its line number."""
        regels = pad.read_text(encoding="utf-8").splitlines(keepends=True)
        i = next(i for i, r in enumerate(regels) if r.startswith(begin))
        del regels[i]
        pad.write_text("".join(regels), encoding="utf-8")
        return i + 1

    def regelnummer(self, pad: Path, begin: str) -> int:
        regels = pad.read_text(encoding="utf-8").splitlines()
        return next(i for i, r in enumerate(regels, start=1) if r.startswith(begin))


def _controleer(p: Project, capsys, monkeypatch) -> tuple[int, str, str]:
    verbied_kernels(monkeypatch)
    code = cli.main(["controleer", "--regio", str(p.regio)])
    uit = capsys.readouterr()
    assert "Traceback" not in uit.err and "Traceback" not in uit.out
    assert p.eerder.read_text(encoding="utf-8") == '{"status": "goed"}'
    return code, uit.out, uit.err


def _geweigerd(p: Project, capsys, monkeypatch, *stukken: str) -> str:
    code, _, err = _controleer(p, capsys, monkeypatch)
    assert code == 2, err
    assert err.startswith("wz: ") and "in de invoer" in err
    for s in stukken:
        assert s in err, f"{s!r} niet in de melding:\n{err}"
    return err


def _in_orde(p: Project, capsys, monkeypatch) -> str:
    code, out, err = _controleer(p, capsys, monkeypatch)
    assert code == 0, err
    assert "Alles in orde." in out
    return out


# --- numbers -------------------------------------------------------------------------------------------

BEV_RIJ = "GM9901,2024,man,0,4,"  # first class of Heidewoude, men


def _bev_aantal(p: Project, nieuw: str) -> tuple[int, str]:
    pad = p.bron / "bevolking.csv"
    regel = p.regelnummer(pad, BEV_RIJ)
    oud = pad.read_text(encoding="utf-8").splitlines()[regel - 1]
    aantal = oud.split(",")[5]
    p.vervang(pad, oud, oud.replace(f",{aantal},", f",{nieuw.replace('{}', aantal)},"))
    return regel, aantal


def inv_duizendtal_punt(p, capsys, monkeypatch):
    pad = p.bron / "bevolking.csv"
    oud = next(r for r in pad.read_text(encoding="utf-8").splitlines()
               if r.startswith("GM99") and 1000 <= int(r.split(",")[5]) < 10000)
    delen = oud.split(",")
    aantal = int(delen[5])
    delen[5] = f"{aantal // 1000}.{aantal % 1000:03d}"  # 1568 -> 1.568
    p.vervang(pad, oud, ",".join(delen))
    _in_orde(p, capsys, monkeypatch)
    b = lees_map(p.bron)["bevolking"]
    rij = b[(b["gemeentecode"] == delen[0]) & (b["geslacht"] == delen[2]) & (b["leeftijd_van"] == int(delen[3]))]
    assert int(rij["aantal"].iloc[0]) == aantal


def inv_duizendtal_komma(p, capsys, monkeypatch):
    regel, _ = _bev_aantal(p, '"1,{}"')
    _geweigerd(p, capsys, monkeypatch, "bevolking.csv", f"regel {regel}", "kolom 'aantal'", "dubbelzinnig")


def inv_decimalen_in_geheel(p, capsys, monkeypatch):
    regel, _ = _bev_aantal(p, "{}.5")
    _geweigerd(p, capsys, monkeypatch, "bevolking.csv", f"regel {regel}", "kolom 'aantal'", "geheel getal verwacht")


def inv_overloop_invoer(p, capsys, monkeypatch):
    regel, _ = _bev_aantal(p, "100000000000000000000")
    _geweigerd(p, capsys, monkeypatch, "bevolking.csv", f"regel {regel}", "kolom 'aantal'", "te groot")


def inv_overloop_lokaal(p, capsys, monkeypatch):
    pad = p.lokaal / "aanbod.csv"
    p.vervang(pad, "GM9901,Heidewoude,nultreden,2024,1275,", "GM9901,Heidewoude,nultreden,2024,100000000000000000000,")
    _geweigerd(p, capsys, monkeypatch, "aanbod.csv", "regel 2", "kolom 'aantal'", "te groot")


def inv_duizendtal_lokaal(p, capsys, monkeypatch):
    from wzlib.bronnen.lokaal import lees_lokaal

    p.vervang(p.lokaal / "aanbod.csv", ",nultreden,2024,1275,", ",nultreden,2024,1.275,")
    _in_orde(p, capsys, monkeypatch)
    a = lees_lokaal(p.lokaal).aanbod
    assert int(a[(a["gemeentecode"] == "GM9901") & (a["woonvorm"] == "nultreden")]["aantal"].iloc[0]) == 1275


def inv_decimaal_dubbelzinnig(p, capsys, monkeypatch):
    pad = p.bron / "wijken.csv"
    regel = p.regelnummer(pad, "GM9901,gemeente,")
    p.vervang(pad, ",6453,2251,1.7,2.0,", ",6453,2251,1.700,2.0,")
    _geweigerd(p, capsys, monkeypatch, "wijken.csv", f"regel {regel}", "kolom 'afstand_huisarts_km'", "dubbelzinnig")


def _naar_xlsx(p: Project, onderwerp: str, cel: Callable[[str, str], object] | None = None) -> Path:
    """Move ``<onderwerp>.csv`` into lokale_invoer.xlsx (sheet = subject), cells as text unless ``cel`` says."""
    csv = p.lokaal / f"{onderwerp}.csv"
    df = pd.read_csv(csv, dtype=str, keep_default_na=False)
    csv.unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = onderwerp
    ws.append(list(df.columns))
    for _, r in df.iterrows():
        ws.append([cel(k, v) if cel else v for k, v in r.items()])
    pad = p.lokaal / "lokale_invoer.xlsx"
    wb.save(pad)
    return pad


def inv_xlsx_tekstcel_duizendtal(p, capsys, monkeypatch):
    from wzlib.bronnen.lokaal import lees_lokaal

    _naar_xlsx(p, "aanbod", lambda k, v: "1.275" if (k, v) == ("aantal", "1275") else v)
    _in_orde(p, capsys, monkeypatch)
    a = lees_lokaal(p.lokaal).aanbod
    assert int(a[(a["gemeentecode"] == "GM9901") & (a["woonvorm"] == "nultreden")]["aantal"].iloc[0]) == 1275


def inv_xlsx_formule_zonder_waarde(p, capsys, monkeypatch):
    _naar_xlsx(p, "aanbod", lambda k, v: "=1000+275" if (k, v) == ("aantal", "1275") else v)
    _geweigerd(p, capsys, monkeypatch, "lokale_invoer.xlsx", "blad 'aanbod'", "cel E2", "regel 2",
               "formule zonder opgeslagen waarde: open en bewaar het bestand in Excel")


# --- age classes ---------------------------------------------------------------------------------------

def inv_leeftijdsklasse_ontbreekt(p, capsys, monkeypatch):
    p.zonder_regel(p.bron / "bevolking.csv", "GM9901,2024,totaal,80,84,")
    _geweigerd(p, capsys, monkeypatch, "bevolking.csv", "GM9901, totaal, 2024", "leeftijdsklasse 80–84 ontbreekt")


def inv_leeftijdsklasse_overlap(p, capsys, monkeypatch):
    pad = p.bron / "bevolking.csv"
    regel = p.regelnummer(pad, "GM9902,2024,vrouw,85,89,")
    p.vervang(pad, "GM9902,2024,vrouw,80,84,", "GM9902,2024,vrouw,80,89,")
    _geweigerd(p, capsys, monkeypatch, "bevolking.csv", f"regel {regel}", "GM9902, vrouw, 2024",
               "klasse vanaf 85 overlapt")


def inv_open_klasse_ontbreekt(p, capsys, monkeypatch):
    p.zonder_regel(p.bron / "bevolking.csv", "GM9903,2024,man,95,,")
    _geweigerd(p, capsys, monkeypatch, "bevolking.csv", "GM9903, man, 2024", "open oudste klasse (vanaf 95")


def inv_man_vrouw_totaal(p, capsys, monkeypatch):
    pad = p.bron / "bevolking.csv"
    oud = next(r for r in pad.read_text(encoding="utf-8").splitlines() if r.startswith("GM9904,2024,totaal,40,44,"))
    delen = oud.split(",")
    delen[5] = str(int(delen[5]) + 500)
    p.vervang(pad, oud, ",".join(delen))
    _geweigerd(p, capsys, monkeypatch, "bevolking.csv", "GM9904, 2024, klasse vanaf 40", "wijkt 500 af van totaal")


# --- file names ----------------------------------------------------------------------------------------

def _hernoem(p: Project, oud: str, nieuw: str) -> None:
    (p.lokaal / oud).rename(p.lokaal / nieuw)


def _gelezen(p: Project, onderwerp: str, naam: str) -> None:
    from wzlib.bronnen.lokaal import lees_lokaal

    lok = lees_lokaal(p.lokaal)
    assert lok.heeft(onderwerp) and lok.herkomst[onderwerp].bron == naam


def inv_naam_hoofdletters(p, capsys, monkeypatch):
    _hernoem(p, "aanbod.csv", "Aanbod.csv")
    _in_orde(p, capsys, monkeypatch)
    _gelezen(p, "aanbod", "Aanbod.csv")


def inv_naam_kopie(p, capsys, monkeypatch):
    _hernoem(p, "woningmarkt.csv", "woningmarkt (1).csv")
    _in_orde(p, capsys, monkeypatch)
    _gelezen(p, "woningmarkt", "woningmarkt (1).csv")


def inv_naam_extensie(p, capsys, monkeypatch):
    _hernoem(p, "plancapaciteit.csv", "plancapaciteit.CSV")
    _in_orde(p, capsys, monkeypatch)
    _gelezen(p, "plancapaciteit", "plancapaciteit.CSV")


def inv_naam_dubbel(p, capsys, monkeypatch):
    shutil.copy(p.lokaal / "aanbod.csv", p.lokaal / "aanbod (1).csv")
    _geweigerd(p, capsys, monkeypatch, "aanbod", "meer dan één bestand voor 'aanbod'", "aanbod (1).csv")


def inv_lokaal_xls(p, capsys, monkeypatch):
    _hernoem(p, "aanbod.csv", "aanbod.xls")
    _geweigerd(p, capsys, monkeypatch, "aanbod.xls", "Excel 97-2003", "aanbod.csv")


def inv_lokaal_ods(p, capsys, monkeypatch):
    (p.lokaal / "lokale_invoer.ods").write_bytes(b"PK\x03\x04")
    _geweigerd(p, capsys, monkeypatch, "lokale_invoer.ods", "OpenDocument", "lokale_invoer.xlsx")


def inv_lokaal_los_xlsx(p, capsys, monkeypatch):
    _naar_xlsx(p, "aanbod").rename(p.lokaal / "aanbod.xlsx")
    _geweigerd(p, capsys, monkeypatch, "aanbod.xlsx", "los Excel-bestand", "aanbod.csv")


def inv_lokaal_tikfout(p, capsys, monkeypatch):
    _hernoem(p, "aanbod.csv", "aanbd.csv")
    _geweigerd(p, capsys, monkeypatch, "aanbd.csv", "bedoelde u aanbod.csv")


# --- partner sheets -----------------------------------------------------------------------------------

BEV = pd.DataFrame({
    "id": ["GM9901-aanbod-geclusterd", "GM9901-aanbod-verpleegzorg", "GM9901-tekort-geclusterd-2034"],
    "gemeentecode": ["GM9901"] * 3, "gemeente": ["Heidewoude"] * 3, "onderwerp": ["aanbod", "aanbod", "tekort"],
    "sleutel": ["geclusterd", "verpleegzorg", "geclusterd"], "jaar": [2024, 2024, 2034],
    "bevinding": ["Aanbod geclusterd: 165.", "Aanbod verpleegzorg: 118.", "Tekort geclusterd: 40."],
    "waarde": [165.0, 118.0, 40.0], "eenheid": ["wooneenheden", "plaatsen", "wooneenheden"],
    "bron": ["aanbod", "aanbod", "confrontatie"]})


def _blad(p: Project, rijen: list[tuple[str, str]], naam: str = "reviewblad_proef.csv") -> Path:
    """A returned sheet as CSV (;) from the partner 'Proefpartner': rows (id, correctie)."""
    for x in p.partners.glob("*.xlsx"):
        x.unlink()
    tekst = "id;herkenbaar;correctie;toelichting;bron;datum;partner;soort\n" + "".join(
        f"{i};nee;{c};volgens onze telling;eigen registratie;01-03-2025;Proefpartner;zorgaanbieder\n" for i, c in rijen)
    pad = p.partners / naam
    pad.write_text(tekst, encoding="utf-8")
    return pad


def _partner_fout(p: Project, *stukken: str) -> InvoerFout:
    with pytest.raises(InvoerFout) as e:
        lees_reacties(p.partners, BEV)
    tekst = str(e.value)
    assert "Traceback" not in tekst
    for s in stukken:
        assert s in tekst, f"{s!r} niet in de melding:\n{tekst}"
    return e.value


def inv_partner_negatief(p, capsys, monkeypatch):
    _blad(p, [("GM9901-aanbod-geclusterd", "-500")])
    _partner_fout(p, "reviewblad_proef.csv", "regel 2", "kolom 'correctie'", "mag niet negatief zijn", "'-500'")


def inv_partner_negatief_xlsx(p, capsys, monkeypatch):
    pad = sorted(p.partners.glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(pad)
    ws = wb["Reactie"]
    kop = [c.value for c in ws[1]]
    ws.cell(8, kop.index("correctie") + 1).value = -500
    ws.cell(8, kop.index("herkenbaar") + 1).value = "nee"
    wb.save(pad)
    _partner_fout(p, pad.name, "[werkblad Reactie]", "regel 8", "kolom 'correctie'", "mag niet negatief zijn")


def inv_partner_tekort_negatief_mag(p, capsys, monkeypatch):
    _blad(p, [("GM9901-tekort-geclusterd-2034", "-20")])
    r = lees_reacties(p.partners, BEV)
    assert float(r["correctie"].iloc[0]) == -20  # a gap may become a surplus: the figure has a sign


def inv_partner_te_ver(p, capsys, monkeypatch):
    _blad(p, [("GM9901-aanbod-geclusterd", "1000000000")])
    c = pas_correcties_toe(BEV, lees_reacties(p.partners, BEV))
    assert not c.audit["toegepast"].any()
    assert c.audit["status"].iloc[0].startswith("te controleren") and "factor 3" in c.audit["status"].iloc[0]
    rij = c.bevindingen.set_index("id").loc["GM9901-aanbod-geclusterd"]
    assert rij["waarde"] == 165 and not rij["gecorrigeerd"]
    from wzlib.confrontatie_tekst import correcties_tekst

    assert "*te controleren*" in correcties_tekst(c)


def inv_partner_te_klein(p, capsys, monkeypatch):
    _blad(p, [("GM9901-aanbod-verpleegzorg", "30")])  # 118 / 30 > 3
    c = pas_correcties_toe(BEV, lees_reacties(p.partners, BEV))
    assert c.audit["status"].iloc[0].startswith("te controleren") and not c.audit["toegepast"].any()


def inv_partner_te_ver_geaccepteerd(p, capsys, monkeypatch):
    _blad(p, [("GM9901-aanbod-geclusterd", "600")])
    c = pas_correcties_toe(BEV, lees_reacties(p.partners, BEV),
                           geaccepteerd=[Acceptatie(bevinding="GM9901-aanbod-geclusterd", partner="Proefpartner")])
    a = c.audit.iloc[0]
    assert a["toegepast"] and "geaccepteerd" in a["status"] and "was te controleren" in a["status"]
    assert c.bevindingen.set_index("id").loc["GM9901-aanbod-geclusterd", "waarde"] == 600


def inv_partner_binnen_factor(p, capsys, monkeypatch):
    _blad(p, [("GM9901-aanbod-geclusterd", "185")])
    c = pas_correcties_toe(BEV, lees_reacties(p.partners, BEV))
    assert c.audit["toegepast"].all() and c.audit["status"].iloc[0] == "toegepast"


def inv_partner_dubbelzinnig(p, capsys, monkeypatch):
    _blad(p, [("GM9901-aanbod-geclusterd", "1.500")])
    _partner_fout(p, "reviewblad_proef.csv", "regel 2", "kolom 'correctie'", "dubbelzinnig")


def inv_partner_overloop(p, capsys, monkeypatch):
    _blad(p, [("GM9901-aanbod-geclusterd", "100000000000000000000")])
    _partner_fout(p, "reviewblad_proef.csv", "regel 2", "kolom 'correctie'", "te groot")


def inv_partner_xls(p, capsys, monkeypatch):
    pad = sorted(p.partners.glob("*.xlsx"))[0]
    pad.rename(pad.with_suffix(".xls"))
    _partner_fout(p, pad.with_suffix(".xls").name, "Excel 97-2003 (.xls) wordt niet gelezen", ".xlsx")


def inv_partner_ods(p, capsys, monkeypatch):
    (p.partners / "reviewblad_gemeente.ods").write_bytes(b"PK\x03\x04")
    _partner_fout(p, "reviewblad_gemeente.ods", "OpenDocument (.ods) wordt niet gelezen")


def inv_partner_formule(p, capsys, monkeypatch):
    pad = sorted(p.partners.glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(pad)
    ws = wb["Reactie"]
    kop = [c.value for c in ws[1]]
    ws.cell(9, kop.index("correctie") + 1).value = "=100+20"
    wb.save(pad)  # openpyxl stores no computed value: exactly the file a script would leave behind
    letter = openpyxl.utils.get_column_letter(kop.index("correctie") + 1)
    _partner_fout(p, pad.name, "[werkblad Reactie]", f"cel {letter}9", "formule zonder opgeslagen waarde")


GEVALLEN_FN: list[tuple[Geval, Callable]] = [
    (Geval("inv-duizendtal-punt", "Stille fout", "`1.568` (punt als duizendtal) in een geheel-getalkolom van "
           "bevolking.csv (werd gelezen als 1)", "gelezen als 1568, zoals gedocumenteerd in docs/invoerformaat.md; "
           "wz controleer: in orde"), inv_duizendtal_punt),
    (Geval("inv-duizendtal-komma", "Stille fout", "`1,568` in een geheel-getalkolom (Engels duizendtal of "
           "Nederlands decimaal?)", "exitcode 2: bestand, regel, kolom 'aantal', 'dubbelzinnig' met de schrijfwijze "
           "die wel kan"), inv_duizendtal_komma),
    (Geval("inv-decimalen-in-geheel", "Stille fout", "`1568.5` in een geheel-getalkolom",
           "exitcode 2: bestand, regel, kolom, 'geheel getal verwacht'"), inv_decimalen_in_geheel),
    (Geval("inv-overloop-invoer", "Stille fout", "`100000000000000000000` als aantal in bevolking.csv (werd "
           "-9223372036854775808 en kwam door de controle ≥ 0)", "exitcode 2: bestand, regel, kolom, 'getal is te "
           "groot'"), inv_overloop_invoer),
    (Geval("inv-overloop-lokaal", "Stille fout", "`100000000000000000000` als aantal in lokaal/aanbod.csv",
           "exitcode 2: aanbod.csv, regel 2, kolom 'aantal', 'te groot'"), inv_overloop_lokaal),
    (Geval("inv-duizendtal-lokaal", "Stille fout", "`1.275` als aantal in lokaal/aanbod.csv (werd 1)",
           "gelezen als 1275; wz controleer: in orde"), inv_duizendtal_lokaal),
    (Geval("inv-decimaal-dubbelzinnig", "Stille fout", "`1.700` in een decimale kolom (afstand_huisarts_km in "
           "wijken.csv): 1,7 of 1700?", "exitcode 2: bestand, regel, kolom, 'dubbelzinnig' met beide schrijfwijzen"),
     inv_decimaal_dubbelzinnig),
    (Geval("inv-xlsx-tekstcel-duizendtal", "Stille fout", "tekstcel `1.275` in blad aanbod van "
           "lokale_invoer.xlsx (werd 1)", "gelezen als 1275; wz controleer: in orde"), inv_xlsx_tekstcel_duizendtal),
    (Geval("inv-xlsx-formule", "Stille fout", "formule `=1000+275` zonder opgeslagen waarde in lokale_invoer.xlsx "
           "(werd een lege cel = onbekend)", "exitcode 2: bestand, blad, cel E2, 'formule zonder opgeslagen waarde: "
           "open en bewaar het bestand in Excel'"), inv_xlsx_formule_zonder_waarde),
    (Geval("inv-leeftijdsklasse-ontbreekt", "Stille fout", "regel `totaal 80–84` van GM9901 verwijderd uit "
           "bevolking.csv (75+ werd stil te laag)", "exitcode 2: bevolking.csv, 'GM9901, totaal, 2024: "
           "leeftijdsklasse 80–84 ontbreekt'"), inv_leeftijdsklasse_ontbreekt),
    (Geval("inv-leeftijdsklasse-overlap", "Stille fout", "klasse 80–89 naast 85–89 (vrouwen, GM9902)",
           "exitcode 2: bestand, regel, 'klasse vanaf 85 overlapt met de vorige klasse'"), inv_leeftijdsklasse_overlap),
    (Geval("inv-open-klasse-ontbreekt", "Stille fout", "de open klasse 95+ van de mannen van GM9903 verwijderd",
           "exitcode 2: bestand, gemeente, geslacht, jaar, 'de open oudste klasse (vanaf 95 …) ontbreekt'"),
     inv_open_klasse_ontbreekt),
    (Geval("inv-man-vrouw-totaal", "Stille fout", "totaal van een leeftijdsklasse 500 hoger dan man + vrouw",
           "exitcode 2: bestand, gemeente, jaar, klasse, 'wijkt 500 af van totaal' met de toegestane afronding "
           "(10 × afrondingsstap van de bron + 2 %)"), inv_man_vrouw_totaal),
    (Geval("inv-naam-hoofdletters", "Stille fout", "lokale invoer `Aanbod.csv` (werd overgeslagen)",
           "herkend als aanbod.csv; de bronregel noemt Aanbod.csv"), inv_naam_hoofdletters),
    (Geval("inv-naam-kopie", "Stille fout", "lokale invoer `woningmarkt (1).csv` (kopie uit de browser; werd "
           "overgeslagen)", "herkend als woningmarkt.csv omdat er geen ander woningmarktbestand is"), inv_naam_kopie),
    (Geval("inv-naam-extensie", "Stille fout", "lokale invoer `plancapaciteit.CSV` (werd overgeslagen)",
           "herkend als plancapaciteit.csv"), inv_naam_extensie),
    (Geval("inv-naam-dubbel", "Stille fout", "`aanbod.csv` én `aanbod (1).csv` in de map",
           "exitcode 2: 'meer dan één bestand voor aanbod (aanbod (1).csv, aanbod.csv); houd er één over'"),
     inv_naam_dubbel),
    (Geval("inv-lokaal-xls", "Stille fout", "lokale invoer opgeslagen als `aanbod.xls` (werd overgeslagen)",
           "exitcode 2: het bestand, 'Excel 97-2003-werkmap (.xls) wordt niet gelezen: sla het op als aanbod.csv'"),
     inv_lokaal_xls),
    (Geval("inv-lokaal-ods", "Stille fout", "werkmap opgeslagen als `lokale_invoer.ods`",
           "exitcode 2: het bestand, 'OpenDocument-rekenblad wordt niet gelezen: sla het op als lokale_invoer.xlsx'"),
     inv_lokaal_ods),
    (Geval("inv-lokaal-los-xlsx", "Stille fout", "één onderwerp als los Excel-bestand `aanbod.xlsx`",
           "exitcode 2: het bestand, 'sla het op als CSV UTF-8 (aanbod.csv) of zet het als blad in "
           "lokale_invoer.xlsx'"), inv_lokaal_los_xlsx),
    (Geval("inv-lokaal-tikfout", "Stille fout", "lokale invoer `aanbd.csv` (tikfout)",
           "exitcode 2: het bestand, 'bedoelde u aanbod.csv?' en de verwachte namen"), inv_lokaal_tikfout),
    (Geval("inv-partner-negatief", "Stille fout", "partnercorrectie `-500` op een aanbodcijfer (werd aanbod −500)",
           "InvoerFout: reviewblad, regel, kolom 'correctie', 'mag niet negatief zijn'"), inv_partner_negatief),
    (Geval("inv-partner-negatief-xlsx", "Stille fout", "partnercorrectie −500 in een Excel-reviewblad",
           "InvoerFout: bestand, [werkblad Reactie], regel 8, kolom 'correctie'"), inv_partner_negatief_xlsx),
    (Geval("inv-partner-tekort-negatief", "Stille fout", "correctie −20 op een tekort (een overschot van 20)",
           "geaccepteerd: een tekort heeft een teken (gedocumenteerde uitzondering)"), inv_partner_tekort_negatief_mag),
    (Geval("inv-partner-te-ver", "Stille fout", "partnercorrectie 1e9 op een aanbod van 165 (werd toegepast)",
           "niet toegepast; status 'te controleren (wijkt meer dan een factor 3 af …)' in het logboek en de zin "
           "over correcties; pas na acceptatie in confrontatie.geaccepteerd"), inv_partner_te_ver),
    (Geval("inv-partner-te-klein", "Stille fout", "partnercorrectie 30 op een aanbod van 118 (minder dan een derde)",
           "niet toegepast; status 'te controleren'"), inv_partner_te_klein),
    (Geval("inv-partner-te-ver-geaccepteerd", "Stille fout", "correctie 600 op 165, door de regio geaccepteerd "
           "(confrontatie.geaccepteerd)", "toegepast; het logboek zegt 'geaccepteerd … was te controleren'"),
     inv_partner_te_ver_geaccepteerd),
    (Geval("inv-partner-binnen-factor", "Stille fout", "correctie 185 op 165 (binnen een factor 3)",
           "toegepast zoals voorheen (status 'toegepast')"), inv_partner_binnen_factor),
    (Geval("inv-partner-dubbelzinnig", "Stille fout", "correctie `1.500` als tekst (1500 of 1,5?)",
           "InvoerFout: bestand, regel, kolom 'correctie', 'dubbelzinnig'"), inv_partner_dubbelzinnig),
    (Geval("inv-partner-overloop", "Stille fout", "correctie `100000000000000000000`",
           "InvoerFout: bestand, regel, kolom 'correctie', 'te groot'"), inv_partner_overloop),
    (Geval("inv-partner-xls", "Stille fout", "reviewblad teruggestuurd als .xls (werd overgeslagen)",
           "InvoerFout: het bestand, 'Excel 97-2003 (.xls) wordt niet gelezen: … sla het op als Excel-werkmap "
           "(.xlsx)'"), inv_partner_xls),
    (Geval("inv-partner-ods", "Stille fout", "reviewblad teruggestuurd als .ods",
           "InvoerFout: het bestand, 'OpenDocument (.ods) wordt niet gelezen'"), inv_partner_ods),
    (Geval("inv-partner-formule", "Stille fout", "formule zonder opgeslagen waarde in de kolom correctie van een "
           "reviewblad (werd een lege correctie)", "InvoerFout: bestand, werkblad Reactie, cel, 'formule zonder "
           "opgeslagen waarde'"), inv_partner_formule),
]
GEVALLEN = [g for g, _ in GEVALLEN_FN]
_FN = {g.id: f for g, f in GEVALLEN_FN}


@pytest.mark.parametrize("geval", GEVALLEN, ids=[g.id for g in GEVALLEN])
def test_geval(geval, tmp_path, capsys, monkeypatch):
    _FN[geval.id](Project(tmp_path), capsys, monkeypatch)
