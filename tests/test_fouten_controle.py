"""Foutencorpus, "Controle vooraf": `wz controleer` vindt alles wat een run zou laten mislukken.

Elk geval maakt een klein project (fictieve voorbeeldgegevens, de echte notebooks via een symlink) met
één fout erin, roept `wz controleer` aan zoals een gebruiker dat doet, en eist: exitcode 2, een Nederlandse
melding met het bestand en de sleutel of regel/kolom, geen traceback, en geen kernel of werkproces.
Waar de run dezelfde fout vóór de eerste kernel kan zien, wordt ook `wz run` zo geprobeerd.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, verbied_kernels
from foutcorpus import Geval

from wzlib import cli

VOORBEELD = ROOT / "data" / "voorbeeld"
ALLE = "[GM9901, GM9902, GM9903, GM9904, GM9905, GM9906]"
RUILING = "{{van: {van}, naar: {naar}, aantal: {aantal}, groep: {groep}, reden: afspraak}}"


def ruiling(van="GM9901", naar="GM9902", aantal=3, groep="statushouders") -> str:
    return "spreiding: {ruilingen: [" + RUILING.format(van=van, naar=naar, aantal=aantal, groep=groep) + "]}\n"


def project(tmp_path: Path, yaml_extra: str, gemeenten: str = "[GM9901, GM9902]", *, lokaal: bool = False,
            reacties: dict[str, str] | None = None) -> Path:
    """A project in ``tmp_path``: regio file ``params/regios/r.yaml`` on the fictional demo data, the real
    notebooks (symlink); ``lokaal`` copies the demo's local inputs to ``lokaal/`` (to be edited);
    ``reacties`` writes returned partner sheets (name -> CSV text) to ``reacties/``."""
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks", target_is_directory=True)
    extra = ""
    if lokaal:
        shutil.copytree(VOORBEELD / "lokaal", tmp_path / "lokaal")
        extra += "lokaal: lokaal\n"
    if reacties is not None:
        (tmp_path / "reacties").mkdir()
        for naam, tekst in reacties.items():
            (tmp_path / "reacties" / naam).write_text(tekst, encoding="utf-8")
        yaml_extra = yaml_extra + "confrontatie: {reacties_map: reacties}\n"
    pad = tmp_path / "params" / "regios" / "r.yaml"
    pad.parent.mkdir(parents=True)
    pad.write_text(f"naam: R\npeiljaar: 2024\nfictief: true\nbron: {{soort: voorbeeld, map: {VOORBEELD}}}\n"
                   f"kengetallen_bestand: {ROOT / 'params' / 'kengetallen.yaml'}\ngemeenten: {gemeenten}\n"
                   f"{extra}{yaml_extra}", encoding="utf-8")
    return pad


def vervang_regel(pad: Path, oud: str, nieuw: str) -> None:
    tekst = pad.read_text(encoding="utf-8")
    assert oud in tekst, f"{oud!r} niet in {pad}"
    pad.write_text(tekst.replace(oud, nieuw, 1), encoding="utf-8")


REACTIE_KOP = "partner,soort,id,gemeentecode,herkenbaar,correctie,toelichting,bron\n"


# --- the cases: (Geval, how to build the project, the texts the message must contain) -----------------

def _dubbel(tmp):
    return project(tmp, "", "[GM9901, Heidewoude, GM9902]")


def _dubbel_naam_code(tmp):
    return project(tmp, "", "[Stroomstad, {code: GM9902}]")


def _naam_past_niet(tmp):
    return project(tmp, "", "[{code: GM9901, naam: Stroomstad}, GM9902]")


def _gemeentenaam_lokaal(tmp):
    pad = project(tmp, "", ALLE, lokaal=True)
    vervang_regel(tmp / "lokaal" / "aanbod.csv", "GM9901,Heidewoude,nultreden", "GM9901,Stroomstad,nultreden")
    return pad


def _gemeentecode_lokaal(tmp):
    pad = project(tmp, "", ALLE, lokaal=True)
    vervang_regel(tmp / "lokaal" / "aanbod.csv", "GM9901,Heidewoude,nultreden", "GM9991,Heidewoude,nultreden")
    return pad


def _ruiling_negatief(tmp):
    return project(tmp, ruiling(aantal=-3))


def _ruiling_nul(tmp):
    return project(tmp, ruiling(aantal=0))


def _ruiling_buiten(tmp):
    return project(tmp, ruiling(naar="GM9905"))


def _ruiling_buiten_namen(tmp):
    return project(tmp, ruiling(van="GM9904"), "[Heidewoude, Stroomstad]")


def _ruiling_naam(tmp):
    return project(tmp, ruiling(van="Heidewoude"))


def _ruiling_zelfde(tmp):
    return project(tmp, ruiling(naar="GM9901"))


def _ruiling_groep(tmp):
    return project(tmp, ruiling(groep="statushouder"))


def _mutaties_buiten_namen(tmp):
    return project(tmp, "confrontatie: {mutaties: {GM9904: 120}}\n", "[Heidewoude, Stroomstad]")


def _tikfout_spreiding(tmp):
    return project(tmp, "spreiding: {doel_socale_huur: 0.3}\n")


def _tikfout_confrontatie(tmp):
    return project(tmp, "confrontatie: {norm_urgentie_aandeell: 0.3}\n")


def _tikfout_kengetallen(tmp):
    return project(tmp, "kengetallen: {nultreden: {aandeel_75_plus: 0.4}}\n")


def _variant(tmp):
    return project(tmp, "spreiding: {variant: midde}\n")


def _reviewblad_id(tmp):
    return project(tmp, "", reacties={"zorgkantoor.csv": REACTIE_KOP + "Zorgkantoor,zorgkantoor,XYZ,GM9901,ja,,,\n"})


def _reviewblad_zonder_id(tmp):
    return project(tmp, "", reacties={"zorgkantoor.csv": REACTIE_KOP + "Zorgkantoor,zorgkantoor,,GM9901,ja,,,\n"})


def _reviewblad_kolom(tmp):
    return project(tmp, "", reacties={"corporatie.csv": "soort,id,herkenbaar,correctie,toelichting\n"
                                                        "corporatie,GM9901-omvang-x,ja,,\n"})


def _reviewblad_partner_leeg(tmp):
    return project(tmp, "", reacties={"blad.csv": REACTIE_KOP + ",corporatie,GM9901-aanbod-nultreden,GM9901,ja,,,\n"})


CONTROLE: list[tuple[Geval, object, tuple[str, ...]]] = [
    (Geval("ctl-dubbel-code-en-naam", "Controle vooraf",
           "regiobestand noemt dezelfde gemeente met code én naam (`[GM9901, Heidewoude, …]`)",
           "exitcode 2: `gemeenten[1]: 'Heidewoude' is dezelfde gemeente als gemeenten[0] (Heidewoude, GM9901)`; "
           "geen notebook start (vroeger: Engelse pandas-fouten in elke notebook)"),
     _dubbel, ("r.yaml", "gemeenten[1]", "dezelfde gemeente", "GM9901")),
    (Geval("ctl-dubbel-naam-en-code-mapping", "Controle vooraf",
           "dezelfde gemeente als naam en als `{code: …}`", "exitcode 2: `gemeenten[1]` is dezelfde gemeente"),
     _dubbel_naam_code, ("r.yaml", "gemeenten[1]", "dezelfde gemeente", "GM9902")),
    (Geval("ctl-regio-naam-past-niet", "Controle vooraf",
           "regiobestand: `{code: GM9901, naam: Stroomstad}` (naam hoort bij een andere code)",
           "exitcode 2: `gemeenten[0].naam: 'Stroomstad' past niet bij GM9901 (Heidewoude in de bron)` "
           "(vroeger stilzwijgend de code gebruikt)"),
     _naam_past_niet, ("r.yaml", "gemeenten[0].naam", "Stroomstad", "Heidewoude")),
    (Geval("ctl-lokaal-gemeentenaam", "Controle vooraf",
           "lokale `aanbod.csv`: `gemeentenaam` Stroomstad bij code GM9901",
           "exitcode 2: `aanbod.csv, regel 2, kolom 'gemeentenaam': gemeentenaam past niet bij GM9901`"),
     _gemeentenaam_lokaal, ("aanbod.csv", "regel 2", "kolom 'gemeentenaam'", "GM9901")),
    (Geval("ctl-lokaal-gemeentecode", "Controle vooraf",
           "lokale `aanbod.csv`: gemeentecode GM9991 hoort niet bij de regio",
           "exitcode 2: `aanbod.csv, regel 2, kolom 'gemeentecode'` met de waarde"),
     _gemeentecode_lokaal, ("aanbod.csv", "regel 2", "kolom 'gemeentecode'", "GM9991")),
    (Geval("ctl-ruiling-negatief", "Controle vooraf", "ruiling met `aantal: -3`",
           "exitcode 2: `spreiding.ruilingen[0].aantal: te klein (-3; grens 0)`"),
     _ruiling_negatief, ("r.yaml", "spreiding.ruilingen[0].aantal", "te klein")),
    (Geval("ctl-ruiling-nul", "Controle vooraf", "ruiling met `aantal: 0`",
           "exitcode 2: `spreiding.ruilingen[0].aantal: te klein`"),
     _ruiling_nul, ("r.yaml", "spreiding.ruilingen[0].aantal", "te klein")),
    (Geval("ctl-ruiling-buiten-regio", "Controle vooraf", "ruiling naar GM9905, die niet in de regio zit",
           "exitcode 2: `spreiding.ruilingen[0].naar: gemeente GM9905 hoort niet bij de regio`"),
     _ruiling_buiten, ("r.yaml", "spreiding.ruilingen[0].naar", "GM9905", "hoort niet bij de regio")),
    (Geval("ctl-ruiling-buiten-regio-namen", "Controle vooraf",
           "regio met gemeentenamen; ruiling van GM9904, die niet in de regio zit (werd vroeger pas in stap 4 gezien)",
           "exitcode 2: `spreiding.ruilingen[0].van: gemeente GM9904 hoort niet bij de regio (GM9901, GM9902)`"),
     _ruiling_buiten_namen, ("r.yaml", "spreiding.ruilingen[0].van", "GM9904", "hoort niet bij de regio")),
    (Geval("ctl-ruiling-naam-ipv-code", "Controle vooraf", "ruiling `van: Heidewoude` (naam in plaats van code)",
           "exitcode 2: `spreiding.ruilingen[0].van: moet een gemeentecode zijn (GM + 4 cijfers)`"),
     _ruiling_naam, ("r.yaml", "spreiding.ruilingen[0].van", "gemeentecode", "Heidewoude")),
    (Geval("ctl-ruiling-zelfde-gemeente", "Controle vooraf", "ruiling van GM9901 naar GM9901",
           "exitcode 2: `spreiding.ruilingen[0]: van en naar zijn dezelfde gemeente`"),
     _ruiling_zelfde, ("r.yaml", "spreiding.ruilingen[0]", "dezelfde gemeente")),
    (Geval("ctl-ruiling-groep-tikfout", "Controle vooraf", "ruiling met `groep: statushouder` (tikfout)",
           "exitcode 2: `spreiding.ruilingen[0].groep: onbekende groep 'statushouder'; bedoelde u: statushouders?` "
           "(vroeger pas in stap 4)"),
     _ruiling_groep, ("r.yaml", "spreiding.ruilingen[0].groep", "statushouders")),
    (Geval("ctl-mutaties-buiten-regio-namen", "Controle vooraf",
           "regio met gemeentenamen; `confrontatie.mutaties` voor GM9904 buiten de regio",
           "exitcode 2: `confrontatie.mutaties.GM9904: gemeente hoort niet bij de regio`"),
     _mutaties_buiten_namen, ("r.yaml", "confrontatie.mutaties.GM9904", "hoort niet bij de regio")),
    (Geval("ctl-tikfout-spreiding", "Controle vooraf", "`spreiding: {doel_socale_huur: 0.3}`",
           "exitcode 2: onbekende sleutel, `bedoelde u 'doel_sociale_huur'?`"),
     _tikfout_spreiding, ("r.yaml", "spreiding.doel_socale_huur", "doel_sociale_huur")),
    (Geval("ctl-tikfout-confrontatie", "Controle vooraf", "`confrontatie: {norm_urgentie_aandeell: 0.3}`",
           "exitcode 2: onbekende sleutel, `bedoelde u 'norm_urgentie_aandeel'?`"),
     _tikfout_confrontatie, ("r.yaml", "confrontatie.norm_urgentie_aandeell", "norm_urgentie_aandeel")),
    (Geval("ctl-tikfout-kengetallen", "Controle vooraf", "afwijking van een onbekend kengetal onder `kengetallen:`",
           "exitcode 2: de sleutel onder `kengetallen` wordt genoemd"),
     _tikfout_kengetallen, ("r.yaml", "kengetallen", "aandeel_75_plus")),
    (Geval("ctl-spreiding-variant", "Controle vooraf", "`spreiding: {variant: midde}`",
           "exitcode 2: `ongeldige waarde 'midde'; bedoelde u 'midden'?`"),
     _variant, ("r.yaml", "spreiding.variant", "midden")),
    (Geval("ctl-reviewblad-id", "Controle vooraf", "teruggestuurd reviewblad met een onbekende bevinding-id",
           "exitcode 2: `zorgkantoor.csv, regel 2, kolom 'id'` (gelezen met dezelfde lezer als de run)"),
     _reviewblad_id, ("zorgkantoor.csv", "regel 2", "kolom 'id'", "XYZ")),
    (Geval("ctl-reviewblad-zonder-id", "Controle vooraf", "reviewblad met een beantwoorde regel zonder id",
           "exitcode 2: `regel 2, kolom 'id': id ontbreekt`"),
     _reviewblad_zonder_id, ("zorgkantoor.csv", "regel 2", "kolom 'id'", "ontbreekt")),
    (Geval("ctl-reviewblad-kolom", "Controle vooraf", "reviewblad zonder kolom `partner`",
           "exitcode 2: `corporatie.csv, regel 1, kolom 'partner': verplichte kolom ontbreekt`"),
     _reviewblad_kolom, ("corporatie.csv", "regel 1", "kolom 'partner'", "ontbreekt")),
    (Geval("ctl-reviewblad-partner-leeg", "Controle vooraf", "reviewblad met een lege kolom `partner`",
           "exitcode 2: `blad.csv, kolom 'partner'` is leeg"),
     _reviewblad_partner_leeg, ("blad.csv", "kolom 'partner'", "leeg")),
]

GEVALLEN = [g for g, _, _ in CONTROLE]


@pytest.mark.parametrize("geval, maak, teksten", CONTROLE, ids=[g.id for g in GEVALLEN])
def test_controleer_vindt_het_vooraf(geval, maak, teksten, tmp_path, monkeypatch, capsys):
    verbied_kernels(monkeypatch)
    monkeypatch.setenv("WZ_PROJECT", str(tmp_path))
    pad = maak(tmp_path)
    assert cli.main(["controleer", "--regio", str(pad)]) == 2
    uit = capsys.readouterr()
    assert "Alles in orde" not in uit.out
    assert uit.err.startswith("wz: ") and "Traceback" not in uit.err
    for t in teksten:
        assert t in uit.err, f"{t!r} ontbreekt in de melding:\n{uit.err}"


@pytest.mark.parametrize("maak", [_dubbel, _ruiling_buiten_namen, _ruiling_groep, _mutaties_buiten_namen],
                         ids=["dubbel", "ruiling-buiten-namen", "ruiling-groep", "mutaties-buiten-namen"])
def test_run_stopt_ook_voor_een_kernel(maak, tmp_path, monkeypatch, capsys):
    """What controleer finds in the regio file, wz run refuses before its first kernel (same loaders)."""
    verbied_kernels(monkeypatch)
    monkeypatch.setenv("WZ_PROJECT", str(tmp_path))
    pad = maak(tmp_path)
    assert cli.main(["run", "--regio", str(pad)]) == 2
    fout = capsys.readouterr().err
    assert "r.yaml" in fout and "Traceback" not in fout
    assert not (tmp_path / "outputs").exists()


def test_goede_reviewbladen_en_lokale_invoer_zijn_in_orde(tmp_path, monkeypatch, capsys):
    """The checks do not refuse good input: the demo's local inputs and a correct sheet pass."""
    verbied_kernels(monkeypatch)
    monkeypatch.setenv("WZ_PROJECT", str(tmp_path))
    pad = project(tmp_path, "", ALLE, lokaal=True, reacties={
        "zorgkantoor.csv": REACTIE_KOP + "Zorgkantoor,zorgkantoor,GM9901-aanbod-nultreden,GM9901,ja,,,\n"})
    assert cli.main(["controleer", "--regio", str(pad)]) == 0
    uit = capsys.readouterr().out
    assert "reviewbladen" in uit and "1 beantwoorde regels" in uit and "Alles in orde." in uit
