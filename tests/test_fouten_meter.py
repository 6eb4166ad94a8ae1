"""Foutencorpus, woonzorgvisie-meter: een ingevulde meter met een status of onderdeel dat niet bestaat, een
gemeente buiten de regio, een onderdeel twee keer, een blad of kolom die er niet hoort, en een
verordening met een onbekende groep. Elk geval geeft één Nederlandse melding met bestand, blad en regel
(of de sleutel van het regiobestand), en alle problemen tegelijk."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from conftest import regio_yaml, verbied_kernels

from foutcorpus import Geval
from wzlib import cli, meter
from wzlib.fouten import InvoerFout
from wzlib.params import Gemeente

GEMEENTEN = [Gemeente("GM9901", "Heidewoude"), Gemeente("GM9902", "Stroomstad")]
K3 = "Kaart 3 Woonzorganalyse"


def _sjabloon(tmp: Path) -> Path:
    return meter.schrijf_sjabloon(tmp / meter.SJABLOON, GEMEENTEN)


def _zet(pad: Path, blad: str, cel: str, waarde) -> Path:
    wb = openpyxl.load_workbook(pad)
    wb[blad][cel] = waarde
    wb.save(pad)
    return pad


def _status(tmp: Path) -> Path:
    return _zet(_sjabloon(tmp), "Kaart 1 Kader en visie", "F3", "half af")


def _status_typo(tmp: Path) -> Path:
    return _zet(_sjabloon(tmp), "Kaart 5 Uitvoering", "F2", "gered")


def _onderdeel(tmp: Path) -> Path:
    return _zet(_sjabloon(tmp), K3, "C4", "7.3")


def _soort(tmp: Path) -> Path:
    return _zet(_sjabloon(tmp), "Kaart 1 Kader en visie", "D2", "toets")  # 1a is geen toets op kaart 1


def _gemeente(tmp: Path) -> Path:
    return _zet(_sjabloon(tmp), "Kaart 2 Governance", "A5", "GM9991")


def _dubbel(tmp: Path) -> Path:
    pad = _sjabloon(tmp)
    wb = openpyxl.load_workbook(pad)
    ws = wb["Kaart 4 Ambities en doelen"]
    ws.append(["GM9901", "Heidewoude", "1.2", "onderdeel", "", "bezig", "", "", ""])
    wb.save(pad)
    return pad


def _blad(tmp: Path) -> Path:
    pad = _sjabloon(tmp)
    wb = openpyxl.load_workbook(pad)
    wb["Kaart 5 Uitvoering"].title = "Kaart 6 Extra"
    wb.save(pad)
    return pad


def _kolom(tmp: Path) -> Path:
    return _zet(_sjabloon(tmp), K3, "F1", "stand")


def _geen_xlsx(tmp: Path) -> Path:
    pad = tmp / meter.SJABLOON
    pad.write_text("gemeentecode;nummer;status\nGM9901;1a;gereed\n", encoding="utf-8")
    return pad


LEZEN: list[tuple[Geval, Callable[[Path], Path], tuple[str, ...]]] = [
    (Geval("meter-status-onbekend", "Controle vooraf", "meter: status 'half af' op kaart 1",
           "`…, blad 'Kaart 1 Kader en visie', regel 3, kolom 'status': onbekende status. Kies uit: niet gestart, "
           "bezig, gereed, n.v.t.`"),
     _status, ("blad 'Kaart 1 Kader en visie'", "regel 3", "kolom 'status'", "onbekende status", "half af")),
    (Geval("meter-status-typfout", "Controle vooraf", "meter: status 'gered' (typfout)",
           "melding met blad en regel en de suggestie `bedoelde u 'gereed'?`"),
     _status_typo, ("blad 'Kaart 5 Uitvoering'", "regel 2", "bedoelde u 'gereed'?")),
    (Geval("meter-onderdeel-onbekend", "Controle vooraf", "meter: onderdeel 7.3 op kaart 3 (bestaat niet)",
           "`…, blad 'Kaart 3 Woonzorganalyse', regel 4, kolom 'nummer': onbekend onderdeel 7.3 (onderdeel) op "
           "kaart 3` met de bekende nummers"),
     _onderdeel, ("blad 'Kaart 3 Woonzorganalyse'", "regel 4", "onbekend onderdeel 7.3", "Bekend: 1.1 (onderdeel)")),
    (Geval("meter-soort-onbekend", "Controle vooraf", "meter: 1a als toets op kaart 1 (1a is daar een onderdeel)",
           "melding `onbekend onderdeel 1a (toets) op kaart 1` met blad en regel"),
     _soort, ("blad 'Kaart 1 Kader en visie'", "regel 2", "onbekend onderdeel 1a (toets)")),
    (Geval("meter-gemeente-buiten-regio", "Controle vooraf", "meter: regel van GM9991, geen gemeente van de regio",
           "`…, blad 'Kaart 2 Governance', regel 5, kolom 'gemeentecode': gemeente hoort niet bij de regio`"),
     _gemeente, ("blad 'Kaart 2 Governance'", "regel 5", "hoort niet bij de regio", "GM9991")),
    (Geval("meter-onderdeel-dubbel", "Controle vooraf", "meter: hetzelfde onderdeel van dezelfde gemeente twee keer",
           "melding met de tweede regel en `staat er twee keer in (ook regel …)`"),
     _dubbel, ("blad 'Kaart 4 Ambities en doelen'", "regel 24", "twee keer", "ook regel 5")),
    (Geval("meter-blad-onbekend", "Controle vooraf", "meter: blad 'Kaart 6 Extra' (er zijn vijf kaarten)",
           "`…, blad 'Kaart 6 Extra': onbekend blad` met de verwachte bladen"),
     _blad, ("blad 'Kaart 6 Extra'", "onbekend blad", "Kaart 5 Uitvoering")),
    (Geval("meter-kolom-ontbreekt", "Controle vooraf", "meter: kolom 'status' hernoemd tot 'stand'",
           "`…, blad 'Kaart 3 Woonzorganalyse', regel 1: kolom(men) ontbreken in de kopregel: status`"),
     _kolom, ("blad 'Kaart 3 Woonzorganalyse'", "regel 1", "ontbreken in de kopregel: status")),
    (Geval("meter-geen-excel", "Controle vooraf", "meter: een CSV-bestand met de naam woonzorgvisiemeter.xlsx",
           "`…woonzorgvisiemeter.xlsx: geen leesbaar Excel-bestand (.xlsx)`"),
     _geen_xlsx, (meter.SJABLOON, "geen leesbaar Excel-bestand")),
]


def _verordening(tmp: Path) -> Path:
    return regio_yaml(tmp, "meter:\n  verordening_urgentie:\n    regio: [uitstroom_bw, sekswerker]\n")


def _ontbrekend_bestand(tmp: Path) -> Path:
    return regio_yaml(tmp, f"meter:\n  bestand: {tmp / 'nergens' / meter.SJABLOON}\n")


CONTROLE: list[tuple[Geval, Callable[[Path], Path], tuple[str, ...]]] = [
    (Geval("meter-verordening-groep", "Controle vooraf",
           "regiobestand: `meter: verordening_urgentie: regio: [uitstroom_bw, sekswerker]` (typfout)",
           "exitcode 2: `meter.verordening_urgentie: regio: onbekende groep 'sekswerker'; bedoelde u: sekswerkers?`"),
     _verordening, ("r.yaml", "meter.verordening_urgentie", "sekswerker", "sekswerkers")),
    (Geval("meter-bestand-ontbreekt", "Controle vooraf", "regiobestand: `meter: bestand:` wijst naar een bestand "
           "dat er niet is", "exitcode 2: melding met het pad en `maak hem met wz template --regio r`"),
     _ontbrekend_bestand, ("woonzorgvisiemeter.xlsx", "bestaat niet", "wz template --regio r")),
]

GEVALLEN = [g for g, _, _ in LEZEN + CONTROLE]


@pytest.mark.parametrize("geval, maak, teksten", LEZEN, ids=[g.id for g, _, _ in LEZEN])
def test_meter_lezen_meldt_blad_en_regel(geval, maak, teksten, tmp_path):
    pad = maak(tmp_path)
    with pytest.raises(InvoerFout) as e:
        meter.lees_meter(pad, GEMEENTEN)
    melding = str(e.value)
    assert str(pad) in melding
    for t in teksten:
        assert t in melding, (t, melding)
    assert "Traceback" not in melding


def test_alle_problemen_tegelijk(tmp_path):
    pad = _status(tmp_path)
    _zet(pad, K3, "C4", "7.3")
    with pytest.raises(InvoerFout) as e:
        meter.lees_meter(pad, GEMEENTEN)
    assert len(e.value.problemen) == 2


@pytest.mark.parametrize("geval, maak, teksten", CONTROLE, ids=[g.id for g, _, _ in CONTROLE])
def test_controleer_vindt_het_vooraf(geval, maak, teksten, tmp_path, monkeypatch, capsys):
    verbied_kernels(monkeypatch)
    monkeypatch.setenv("WZ_PROJECT", str(tmp_path))
    pad = maak(tmp_path)
    code = cli.main(["controleer", "--regio", str(pad)])
    fout = capsys.readouterr().err
    assert code == 2, fout
    for t in teksten:
        assert t in fout, (t, fout)
    assert "Traceback" not in fout
