"""The fair-share table game, live: a scenario of Stap 4 computed, saved into the regio file, shown side by side.

The serious game (*huisvesting aandachtsgroepen*) is played around a table of gemeenten. In the simulator of
the spreiding notebook they choose a blend of the three verdeelsleutels, the weights of key 3, swaps between
gemeenten, the groep and the horizon; :func:`speel` recomputes the distribution, the Gini and hoogste ÷ laagste
with the step's own functions (:func:`wzlib.verdeling.verdeel`, :func:`~wzlib.verdeling.pas_ruilingen_toe`,
:func:`~wzlib.verdeling.grootste_rest`, :func:`~wzlib.verdeling.spreidingsmaten`). A scenario the table agrees
on is saved into ``spreiding.scenarios`` of the regio file (:func:`bewaar_scenario`: comments and order of
the file kept, written atomically) and the published report shows the saved scenarios side by side
(:func:`vergelijk_tabel`, :func:`maten_tabel`). The widgets are in :mod:`wzlib.spel_widget`.

**The blend.** Per gemeente the quotum is q_g = Σ_k w_k · toedeling_kg, with toedeling_kg the whole
allocation of key k as the step publishes it (after the regio's own ruilingen). The scenario divides
heel(Σ_g q_g) by largest remainder over q. With one key at weight 1 the quota are whole numbers and the
scenario is exactly that key of the step (art. 29 rounding included). Then the scenario's own swaps.
Pure: tables and models in, tables out; docs/fair-share.md §10.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from pydantic import ValidationError

from . import paden
from .fouten import ParamsFout
from .getal import heel
from .params import RegioParams, Ruiling, Spreiding
from .params_meldingen import melding, problemen
from .params_spel import SLEUTELS, Scenario
from .spreiding import SpreidingInvoer
from .spreiding_tekst import groep_label
from .verdeling import (SOORT_JAARLIJKS, grootste_rest, opgave_woonvormen, pas_ruilingen_toe, spreidingsmaten,
                        verdeel)
from .yamlbestand import lees_yaml

SCENARIO = "scenario"  # the sleutel value of a scenario's rows in its verdeling

KORT = {"naar_rato": "naar rato", "eigen_behoefte": "eigen behoefte", "lokale_kenmerken": "lokale kenmerken"}


@dataclass
class Uitkomst:
    """The result of one scenario.

    ``verdeling``: per gemeente (regio order) gemeentecode, gemeente, the step's allocation under each key
    (``naar_rato``, ``eigen_behoefte``, ``lokale_kenmerken``), ``quotum`` (the blend), ``toedeling_berekend``,
    ``ruiling``, ``toedeling`` (after the scenario's swaps), ``aandeel`` (toedeling ÷ Σ toedeling),
    ``last`` (toedeling ÷ mutaties per year, yearly opgaven only) and ``per_1000_inwoners``.
    ``maten``: one row of :func:`~wzlib.verdeling.spreidingsmaten` (totaal, som_toedeling, maat, gini, max_min,
    laagste, hoogste). ``ruilingen``: the ledger of the scenario's swaps.
    """

    scenario: Scenario
    groep: str
    eenheid: str
    per_jaar: bool
    soort: str
    doeljaar: int
    totaal: int  # the regional opgave of the groep (Σ heel(eigen behoefte))
    verdeling: pd.DataFrame
    maten: pd.Series
    ruilingen: pd.DataFrame

    @property
    def gini(self) -> float:
        return float(self.maten["gini"])

    @property
    def max_min(self) -> float:
        return float(self.maten["max_min"])


def doeljaar(inv: SpreidingInvoer, scenario: Scenario) -> int:
    """The doeljaar of the scenario's bouwopgave: peiljaar + horizon, or the step's doeljaar without a horizon."""
    return inv.peiljaar + scenario.horizon if scenario.horizon else inv.doeljaar


def opgave(inv: SpreidingInvoer, jaar: int) -> pd.DataFrame:
    """The step's opgave with the bouwopgave per woonvorm taken in ``jaar`` (the yearly opgaven do not change)."""
    if jaar == inv.doeljaar:
        return inv.opgave
    jaarlijks = inv.opgave[inv.opgave["per_jaar"].astype(bool)] if not inv.opgave.empty else inv.opgave
    wv = opgave_woonvormen(inv.vraag, inv.aanbod, inv.codes, jaar, inv.params.variant, inv.peiljaar,
                           woningvoorraad=inv.woningvoorraad, plancapaciteit=inv.plancapaciteit)
    delen = [d for d in (jaarlijks, wv) if not d.empty]
    return pd.concat(delen, ignore_index=True) if delen else inv.opgave.iloc[0:0]


def stap_verdeling(inv: SpreidingInvoer, scenario: Scenario, *, bron: str = "",
                   opgaven: dict[int, pd.DataFrame] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The step's verdeling (all keys, after the regio's ruilingen) with the scenario's key-3 weights and horizon;
    and the opgave it divided. ``opgaven``: the opgave per doeljaar of scenarios computed before (filled here)."""
    params = inv.params
    if scenario.gewichten is not None:
        params = params.model_copy(update={"gewichten": dict(scenario.gewichten)})
    jaar = doeljaar(inv, scenario)
    og = opgaven.get(jaar) if opgaven is not None else None
    if og is None:
        og = opgave(inv, jaar)
        if opgaven is not None:
            opgaven[jaar] = og
    v0 = verdeel(og, inv.kenmerken, params)
    v, _ = pas_ruilingen_toe(v0, params.ruilingen, inv.kenmerken, bron=bron)
    return v, og


def speel(inv: SpreidingInvoer, scenario: Scenario, *, bron: str = "", plek: str = "scenario",
          opgaven: dict[int, pd.DataFrame] | None = None) -> Uitkomst:
    """Compute ``scenario`` on the step's inputs ``inv`` (see the module text for the blend).

    A groep that is not divided, a swap with a gemeente outside the regio or a swap that would make an
    allocation negative raises ParamsFout naming ``plek`` (e.g. ``spreiding.scenarios[1]``) and the key.
    """
    pre = f"{bron}: " if bron else ""
    v, og = stap_verdeling(inv, scenario, bron=bron, opgaven=opgaven)
    groepen = list(dict.fromkeys(v["groep"])) if not v.empty else []
    if scenario.groep not in groepen:
        raise ParamsFout(f"{pre}{plek}.groep: '{scenario.groep}' wordt niet verdeeld (doeljaar "
                         f"{doeljaar(inv, scenario)}); verdeelde groepen: {', '.join(groepen) or 'geen'}")
    codes = inv.codes
    d = v[v["groep"] == scenario.groep]
    per_sleutel = {s: d[d["sleutel"] == s].set_index("gemeentecode")["toedeling"].reindex(codes).astype("float64")
                   for s in SLEUTELS}
    quotum = sum(scenario.sleutels[s] * per_sleutel[s] for s in SLEUTELS)
    totaal_scenario = heel(float(quotum.sum()))
    berekend = grootste_rest(quotum, totaal_scenario) if quotum.sum() > 0 else quotum.astype("int64") * 0
    eerste = d[d["sleutel"] == SLEUTELS[0]].set_index("gemeentecode").reindex(codes)
    per_jaar = bool(eerste["per_jaar"].astype(bool).all())
    frame = pd.DataFrame({
        "sleutel": SCENARIO, "sleutel_naam": scenario.naam, "groep": scenario.groep,
        "eenheid": eerste["eenheid"].to_numpy(), "per_jaar": per_jaar, "gemeentecode": codes,
        "aandeel": (quotum / quotum.sum()).to_numpy() if quotum.sum() > 0 else np.nan,
        "afronding": "grootste rest", "toedeling": berekend.to_numpy(dtype="int64"),
        "huidige_inzet": eerste["huidige_inzet"].to_numpy(), "verschil": np.nan, "last": np.nan,
        "soort": eerste["soort"].to_numpy() if "soort" in eerste else SOORT_JAARLIJKS})
    _controleer_ruilingen(scenario, frame, inv, f"{pre}{plek}")
    ruilingen = [Ruiling(van=r.van, naar=r.naar, aantal=r.aantal, groep=scenario.groep, reden=r.reden or "scenario",
                         nr=i + 1) for i, r in enumerate(scenario.ruilingen)]
    vs, ledger = pas_ruilingen_toe(frame, ruilingen, inv.kenmerken, bron=bron)
    totaal = int(sum(heel(x) for x in pd.to_numeric(
        og[og["groep"] == scenario.groep]["eigen_behoefte"], errors="coerce").dropna()))
    maten = spreidingsmaten(vs, inv.kenmerken, pd.DataFrame({"groep": [scenario.groep], "totaal": [totaal]}))
    inw = inv.kenmerken.set_index("gemeentecode")["inwoners"].reindex(codes).astype("float64")
    toed = vs["toedeling"].astype("float64").to_numpy()
    uit = pd.DataFrame({"gemeentecode": pd.Series(codes, dtype="string"),
                        "gemeente": [inv.namen.get(c, c) for c in codes],
                        **{s: per_sleutel[s].to_numpy() for s in SLEUTELS},
                        "quotum": quotum.to_numpy(), "toedeling_berekend": vs["toedeling_berekend"].to_numpy(),
                        "ruiling": vs["ruiling"].to_numpy(), "toedeling": vs["toedeling"].to_numpy(),
                        "aandeel": toed / toed.sum() if toed.sum() > 0 else np.nan,
                        "last": vs["last"].to_numpy(), "per_1000_inwoners": 1000 * toed / inw.to_numpy()})
    return Uitkomst(scenario=scenario, groep=scenario.groep, eenheid=str(eerste["eenheid"].iloc[0]),
                    per_jaar=per_jaar, soort=str(frame["soort"].iloc[0]), doeljaar=doeljaar(inv, scenario),
                    totaal=totaal, verdeling=uit, maten=maten.iloc[0], ruilingen=ledger)


def _controleer_ruilingen(scenario: Scenario, frame: pd.DataFrame, inv: SpreidingInvoer, plek: str) -> None:
    """Every swap of the scenario names gemeenten of the regio and leaves no allocation negative (in order)."""
    stand = dict(zip(frame["gemeentecode"], frame["toedeling"].astype(int)))
    for i, r in enumerate(scenario.ruilingen):
        for wie, naam in ((r.van, "van"), (r.naar, "naar")):
            if wie not in stand:
                raise ParamsFout(f"{plek}.ruilingen[{i}].{naam}: gemeente {wie} hoort niet bij de regio "
                                 f"({', '.join(inv.codes)})")
        if stand[r.van] - r.aantal < 0:
            raise ParamsFout(f"{plek}.ruilingen[{i}].aantal: {inv.namen.get(r.van, r.van)} kan geen {r.aantal} "
                             f"afstaan: de toedeling in dit scenario is {stand[r.van]} en zou negatief worden")
        stand[r.van] -= r.aantal
        stand[r.naar] += r.aantal


def speel_alle(inv: SpreidingInvoer, scenarios: Sequence[Scenario], *, bron: str = "") -> list[Uitkomst]:
    """:func:`speel` for every saved scenario, in order (errors name ``spreiding.scenarios[i]``); the opgave of
    a doeljaar is computed once for the scenarios that share it."""
    opgaven: dict[int, pd.DataFrame] = {}
    return [speel(inv, s, bron=bron, plek=f"spreiding.scenarios[{i}]", opgaven=opgaven)
            for i, s in enumerate(scenarios)]


# --------------------------------------------------------------------------------------------------
# tables for the report (side by side) and the simulator
# --------------------------------------------------------------------------------------------------
def sleutels_tekst(scenario: Scenario) -> str:
    """The blend in words: "naar rato 50 %, lokale kenmerken 50 %" (keys with weight 0 left out)."""
    delen = [f"{KORT[s]} {scenario.sleutels[s] * 100:.0f} %" for s in SLEUTELS if scenario.sleutels[s] > 0]
    return ", ".join(delen)


def maten_tabel(uitkomsten: Sequence[Uitkomst]) -> pd.DataFrame:
    """One row per scenario: name, groep, blend, number of swaps, doeljaar (bouwopgave), Gini, hoogste ÷ laagste
    and what they are measured on."""
    return pd.DataFrame({
        "Scenario": [u.scenario.naam for u in uitkomsten],
        "Groep": [groep_label(u.groep, u.soort) for u in uitkomsten],
        "Verdeelsleutels": [sleutels_tekst(u.scenario) for u in uitkomsten],
        "Ruilingen": [len(u.scenario.ruilingen) for u in uitkomsten],
        "Doeljaar": [u.doeljaar if not u.per_jaar else "per jaar" for u in uitkomsten],
        "Gini": [u.gini for u in uitkomsten],
        "Hoogste ÷ laagste": [u.max_min for u in uitkomsten],
        "Gemeten op": [str(u.maten["maat"]) for u in uitkomsten],
    })


def vergelijk_tabel(uitkomsten: Sequence[Uitkomst]) -> pd.DataFrame:
    """Per gemeente the allocation of every scenario side by side (same groep and doeljaar expected; callers
    group with :func:`per_groep`). For a woonvorm also the share of the regio per scenario."""
    if not uitkomsten:
        return pd.DataFrame(columns=["Gemeente"])
    uit = pd.DataFrame({"Gemeente": uitkomsten[0].verdeling["gemeente"].to_numpy()})
    for u in uitkomsten:
        uit[f"{u.scenario.naam}: toedeling"] = u.verdeling["toedeling"].to_numpy()
        if not u.per_jaar:
            uit[f"{u.scenario.naam}: aandeel"] = u.verdeling["aandeel"].to_numpy()
    return uit


def per_groep(uitkomsten: Sequence[Uitkomst]) -> list[tuple[str, list[Uitkomst]]]:
    """The scenarios grouped by (groep, doeljaar), in order of first appearance, with a title per group."""
    groepen: dict[tuple[str, int | None], list[Uitkomst]] = {}
    for u in uitkomsten:
        groepen.setdefault((u.groep, None if u.per_jaar else u.doeljaar), []).append(u)
    uit = []
    for (g, jaar), us in groepen.items():
        titel = f"Scenario's naast elkaar: {groep_label(g, us[0].soort)}"
        titel += f", toedeling per jaar" if jaar is None else f", {jaar}"
        uit.append((titel, us))
    return uit


def tellingen(tabel_: pd.DataFrame) -> list[str]:
    """The count columns of a :func:`vergelijk_tabel`."""
    return [k for k in tabel_.columns if k.endswith(": toedeling")]


def aandelen(tabel_: pd.DataFrame) -> list[str]:
    return [k for k in tabel_.columns if k.endswith(": aandeel")]


# --------------------------------------------------------------------------------------------------
# saving a scenario into the regio file
# --------------------------------------------------------------------------------------------------
_TOP = re.compile(r"^(?P<sleutel>[A-Za-z_][\w-]*)\s*:(?P<rest>.*)$")


def scenario_yaml(scenario: Scenario) -> dict:
    """The scenario as it is written in the regio file (defaults left out, numbers rounded to 4 decimals)."""
    d: dict = {"naam": scenario.naam, "groep": scenario.groep,
               "sleutels": {s: round(scenario.sleutels[s], 4) for s in SLEUTELS if scenario.sleutels[s] > 0}}
    if scenario.gewichten is not None:
        d["gewichten"] = {k: round(v, 4) for k, v in scenario.gewichten.items() if v > 0}
    if scenario.ruilingen:
        d["ruilingen"] = [{k: v for k, v in r.model_dump().items() if v != ""} for r in scenario.ruilingen]
    if scenario.horizon is not None:
        d["horizon"] = scenario.horizon
    if scenario.toelichting:
        d["toelichting"] = scenario.toelichting
    return d


def _blok(scenarios: Sequence[Scenario], inspring: int) -> list[str]:
    ruimte = " " * inspring
    regels = [f"{ruimte}scenarios:\n"]
    for s in scenarios:
        tekst = yaml.safe_dump([scenario_yaml(s)], allow_unicode=True, sort_keys=False, default_flow_style=None,
                               width=100)
        regels += [f"{ruimte}  {r}\n" for r in tekst.splitlines()]
    return regels


def _inspring(regel: str) -> int:
    return len(regel) - len(regel.lstrip(" "))


def _inhoud(regel: str) -> bool:
    s = regel.strip()
    return bool(s) and not s.startswith("#")


def met_scenarios(tekst: str, scenarios: Sequence[Scenario], pad: str = "regiobestand") -> str:
    """``tekst`` (a regio file) with ``spreiding.scenarios`` replaced by ``scenarios``; everything else, comments
    and order included, stays as it was. A file whose ``spreiding`` section is not a block mapping is refused."""
    regels = tekst.splitlines(keepends=True)
    if regels and not regels[-1].endswith("\n"):
        regels[-1] += "\n"
    start = next((i for i, r in enumerate(regels) if (m := _TOP.match(r)) and m["sleutel"] == "spreiding"), None)
    if start is None:
        return "".join(regels) + "\n# spreiding: de opgeslagen scenario's van het tafelspel (docs/fair-share.md §10)\n" \
            + "spreiding:\n" + "".join(_blok(scenarios, 2))
    rest = _TOP.match(regels[start])["rest"].split("#")[0].strip()
    if rest:
        raise ParamsFout(f"{pad}: 'spreiding:' staat niet als blok (maar als '{rest}'); zet elke instelling op "
                         "een eigen regel zodat het scenario kan worden opgeslagen")
    eind = next((i for i in range(start + 1, len(regels)) if _inhoud(regels[i]) and _inspring(regels[i]) == 0),
                len(regels))
    while eind > start + 1 and not _inhoud(regels[eind - 1]):  # blank lines and comments belong to the next key
        eind -= 1
    kinderen = [i for i in range(start + 1, eind) if _inhoud(regels[i])]
    inspring = _inspring(regels[kinderen[0]]) if kinderen else 2
    sc = next((i for i in kinderen if _inspring(regels[i]) == inspring
               and regels[i].strip().split(":")[0].strip() == "scenarios"), None)
    if sc is None:
        nieuw = [f"{' ' * inspring}# scenarios: opgeslagen uit het tafelspel in Stap 4 (docs/fair-share.md §10)\n",
                 *_blok(scenarios, inspring)]
        return "".join(regels[:eind] + nieuw + regels[eind:])
    sc_eind = next((i for i in kinderen if i > sc and _inspring(regels[i]) <= inspring), eind)
    while sc_eind > sc + 1 and not _inhoud(regels[sc_eind - 1]):
        sc_eind -= 1
    return "".join(regels[:sc] + _blok(scenarios, inspring) + regels[sc_eind:])


def valideer(spreiding: object, pad: Path | str = "regiobestand") -> Spreiding:
    """The ``spreiding`` section checked like :func:`wzlib.params.laad_regio` does: every problem in Dutch with
    its key (``spreiding.scenarios[0].sleutels: ...``)."""
    try:
        return RegioParams.model_validate({"naam": "x", "peiljaar": 2024, "bron": {"soort": "voorbeeld"},
                                           "gemeenten": ["GM9901"], "spreiding": spreiding or {}}).spreiding
    except ValidationError as e:
        raise ParamsFout(melding(pad, [r for err in e.errors() for r in problemen(err, RegioParams)])) from None


def bewaar_scenario(pad: Path | str, scenario: Scenario) -> list[Scenario]:
    """Save ``scenario`` into ``spreiding.scenarios`` of the regio file ``pad`` (a scenario with the same name is
    replaced, otherwise it is added at the end). Only that list changes: the new text is parsed again and must
    equal the old file apart from the list, and the section must still validate; then it is written atomically.
    Returns the saved list."""
    pad = Path(pad)
    oud = lees_yaml(pad) or {}
    tekst = pad.read_text(encoding="utf-8")
    huidig = list(valideer(oud.get("spreiding"), pad).scenarios)
    i = next((k for k, s in enumerate(huidig) if s.naam.casefold() == scenario.naam.casefold()), None)
    if i is None:
        huidig.append(scenario)
    else:
        huidig[i] = scenario
    nieuw_tekst = met_scenarios(tekst, huidig, str(pad))
    nieuw = yaml.safe_load(nieuw_tekst) or {}
    sp_oud = {k: v for k, v in (oud.get("spreiding") or {}).items() if k != "scenarios"}
    sp_nieuw = {k: v for k, v in (nieuw.get("spreiding") or {}).items() if k != "scenarios"}
    anders = [k for k in set(oud) | set(nieuw) if k != "spreiding" and oud.get(k) != nieuw.get(k)]
    if anders or sp_oud != sp_nieuw:
        raise ParamsFout(f"{pad}: het scenario kan niet veilig worden opgeslagen (de indeling van het bestand wijkt "
                         f"af; anders: {', '.join(sorted(anders)) or 'spreiding'}); het bestand is niet gewijzigd")
    opgeslagen = valideer(nieuw.get("spreiding"), pad).scenarios
    if [s.model_dump() for s in opgeslagen] != [s.model_dump() for s in huidig]:
        raise ParamsFout(f"{pad}: het opgeslagen scenario leest niet hetzelfde terug; het bestand is niet gewijzigd")
    paden.atomair_tekst(pad, nieuw_tekst)
    return list(opgeslagen)
