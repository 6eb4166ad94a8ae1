"""The simulator of the fair-share table game in JupyterLab: thin ipywidgets wiring around :func:`wzlib.spel.speel`.

Sliders for the blend of the three verdeelsleutels and the weights of key 3 (in points, scaled to fractions
that sum to 1), the groep, the horizon, one swap between two gemeenten, and a name + button to save the
scenario into the regio file. Every change recomputes the table, the Gini and hoogste ÷ laagste at once.

Only for the analyst at the table: :func:`toon` returns nothing outside an interactive JupyterLab session
(papermill and ``wz run`` start kernels without ``JPY_SESSION_NAME``; ``WZ_SPEL=1``/``0`` forces it), so a
batch run or a published report never holds widget output. The notebook cell is also tagged ``analist``.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as w
import pandas as pd

from .fouten import GegevensOntbreken, ParamsFout
from .params import COMPONENTEN, VERDEELSLEUTELS
from .params_spel import SLEUTELS, Scenario
from .presentatie.getallen import nl_getal, nl_pct
from .spel import KORT, Uitkomst, bewaar_scenario, speel, stap_verdeling
from .spreiding import SpreidingInvoer
from .spreiding_tekst import groep_label


def interactief() -> bool:
    """True in a JupyterLab/Notebook kernel (the server sets ``JPY_SESSION_NAME``); ``WZ_SPEL`` overrides."""
    keuze = os.environ.get("WZ_SPEL", "").strip().lower()
    if keuze in ("0", "nee", "uit", "false"):
        return False
    if keuze in ("1", "ja", "aan", "true"):
        return True
    return bool(os.environ.get("JPY_SESSION_NAME"))


def _punten(punten: dict[str, int]) -> dict[str, float] | None:
    """Slider points as fractions summing to exactly 1 (4 decimals, the last takes the rest); None if all 0."""
    som = sum(punten.values())
    if som <= 0:
        return None
    sleutels = [k for k, v in punten.items() if v > 0]
    uit = {k: round(punten[k] / som, 4) for k in sleutels[:-1]}
    uit[sleutels[-1]] = round(1 - sum(uit.values()), 4)
    return uit


@dataclass
class Simulator:
    """The widgets of one simulator; :attr:`widget` is what the notebook shows."""

    inv: SpreidingInvoer
    pad: Path | None
    bron: str = ""
    sleutels: dict[str, w.IntSlider] = field(default_factory=dict)
    gewichten: dict[str, w.IntSlider] = field(default_factory=dict)
    groep: w.Dropdown = None  # type: ignore[assignment]
    horizon: w.IntSlider = None  # type: ignore[assignment]
    van: w.Dropdown = None  # type: ignore[assignment]
    naar: w.Dropdown = None  # type: ignore[assignment]
    aantal: w.BoundedIntText = None  # type: ignore[assignment]
    naam: w.Text = None  # type: ignore[assignment]
    bewaar: w.Button = None  # type: ignore[assignment]
    uitkomst_html: w.HTML = None  # type: ignore[assignment]
    status: w.HTML = None  # type: ignore[assignment]
    widget: w.VBox = None  # type: ignore[assignment]
    uitkomst: Uitkomst | None = None

    def scenario(self) -> Scenario:
        """The scenario the widgets describe now (ParamsFout in Dutch when it is not a valid one)."""
        sleutels = _punten({k: s.value for k, s in self.sleutels.items()})
        if sleutels is None:
            raise ParamsFout("Geef minstens één verdeelsleutel een gewicht.")
        gewichten = _punten({k: s.value for k, s in self.gewichten.items()})
        standaard = {k: round(v, 4) for k, v in self.inv.params.gewichten.items() if v > 0}
        if gewichten is None or gewichten == standaard:
            gewichten = None
        ruilingen = []
        if self.aantal.value > 0 and self.van.value != self.naar.value:
            ruilingen.append({"van": self.van.value, "naar": self.naar.value, "aantal": self.aantal.value,
                              "reden": "tafelspel"})
        horizon = None if self.horizon.value == self.inv.doeljaar - self.inv.peiljaar else self.horizon.value
        return Scenario(naam=self.naam.value.strip() or "Scenario", groep=self.groep.value, sleutels=sleutels,
                        gewichten=gewichten, ruilingen=ruilingen, horizon=horizon)

    def bereken(self, *_: object) -> None:
        """Recompute and show the scenario (called on every change)."""
        try:
            self.uitkomst = speel(self.inv, self.scenario(), bron=self.bron)
        except (ParamsFout, GegevensOntbreken, ValueError) as e:
            self.uitkomst = None
            self.uitkomst_html.value = f"<p><b>Dit scenario kan niet worden berekend:</b> {html.escape(str(e))}</p>"
            return
        self.uitkomst_html.value = uitkomst_html(self.uitkomst)

    def sla_op(self, *_: object) -> None:
        if self.pad is None:
            self.status.value = "<p>Geen regiobestand: opslaan is niet mogelijk.</p>"
            return
        try:
            lijst = bewaar_scenario(self.pad, self.scenario())
        except (ParamsFout, ValueError) as e:
            self.status.value = f"<p><b>Niet opgeslagen:</b> {html.escape(str(e))}</p>"
            return
        self.status.value = (f"<p>Opgeslagen in {html.escape(Path(self.pad).name)} ({len(lijst)} scenario's). Draai "
                             "de stap opnieuw om ze in het rapport naast elkaar te zien.</p>")


def uitkomst_html(u: Uitkomst) -> str:
    """The scenario's table and measures as HTML for the simulator (analyst view, escaped)."""
    v = u.verdeling
    df = pd.DataFrame({"Gemeente": v["gemeente"]})
    for s in SLEUTELS:
        df[f"Sleutel {KORT[s]}"] = [nl_getal(x) for x in v[s]]
    df["Scenario: berekend"] = [nl_getal(x) for x in v["toedeling_berekend"]]
    df["Ruiling"] = [nl_getal(x) if x else "" for x in v["ruiling"]]
    df["Scenario: toedeling"] = [nl_getal(x) for x in v["toedeling"]]
    df["Aandeel"] = [nl_pct(x) for x in v["aandeel"]]
    if v["last"].notna().any():
        df["Last (% van de mutaties)"] = [nl_pct(x) for x in v["last"]]
    df["Per 1.000 inwoners"] = [nl_getal(x, 2) for x in v["per_1000_inwoners"]]
    kop = (f"<p><b>{html.escape(groep_label(u.groep, u.soort))}</b> — {html.escape(u.eenheid)}"
           + ("" if u.per_jaar else f", doeljaar {u.doeljaar}") + f". Regionale opgave {nl_getal(u.totaal)}, "
           f"toegedeeld {nl_getal(u.maten['som_toedeling'])}.</p>")
    maten = (f"<p><b>Gini {nl_getal(u.gini, 2)}</b> · <b>hoogste ÷ laagste {nl_getal(u.max_min, 1)}</b> "
             f"(gemeten op {html.escape(str(u.maten['maat']))})</p>")
    return kop + df.to_html(index=False, escape=True) + maten


def simulator(inv: SpreidingInvoer, pad: Path | str | None = None, *, bron: str = "") -> Simulator:
    """Build the simulator on the step's inputs (no frontend needed: the widgets are plain objects)."""
    sim = Simulator(inv=inv, pad=Path(pad) if pad else None, bron=bron)
    stijl = {"description_width": "initial"}
    for s in SLEUTELS:
        sim.sleutels[s] = w.IntSlider(value=100 if s == "lokale_kenmerken" else 0, min=0, max=100, step=5,
                                      description=VERDEELSLEUTELS[s], style=stijl)
    for k, oms in COMPONENTEN.items():
        sim.gewichten[k] = w.IntSlider(value=round(100 * inv.params.gewichten.get(k, 0)), min=0, max=100, step=5,
                                       description=f"Sleutel 3: {oms}", style=stijl)
    groepen = _groepen(inv, bron)
    sim.groep = w.Dropdown(options=[(groep_label(g, s), g) for g, s in groepen],
                           value=groepen[0][0] if groepen else None, description="Groep", style=stijl)
    sim.horizon = w.IntSlider(value=inv.doeljaar - inv.peiljaar, min=1, max=30, description="Horizon (jaren)",
                              style=stijl)
    gemeenten = [(inv.namen.get(c, c), c) for c in inv.codes]
    sim.van = w.Dropdown(options=gemeenten, value=inv.codes[0], description="Ruiling van", style=stijl)
    sim.naar = w.Dropdown(options=gemeenten, value=inv.codes[-1], description="naar", style=stijl)
    sim.aantal = w.BoundedIntText(value=0, min=0, max=100_000, description="aantal", style=stijl)
    sim.naam = w.Text(value="Scenario", description="Naam", style=stijl)
    sim.bewaar = w.Button(description="Opslaan in het regiobestand")
    sim.uitkomst_html, sim.status = w.HTML(), w.HTML()
    for x in [*sim.sleutels.values(), *sim.gewichten.values(), sim.groep, sim.horizon, sim.van, sim.naar,
              sim.aantal]:
        x.observe(sim.bereken, names="value")
    sim.bewaar.on_click(sim.sla_op)
    sim.widget = w.VBox([
        w.HTML("<b>Verdeelsleutels</b> (punten; samen 100 %)"), *sim.sleutels.values(),
        w.HTML("<b>Gewichten van sleutel 3</b>"), *sim.gewichten.values(),
        w.HBox([sim.groep, sim.horizon]), w.HBox([sim.van, sim.naar, sim.aantal]),
        sim.uitkomst_html, w.HBox([sim.naam, sim.bewaar]), sim.status])
    if groepen:
        sim.bereken()
    else:
        sim.uitkomst_html.value = "<p>Er wordt geen groep verdeeld: er is niets om te spelen.</p>"
    return sim


def _groepen(inv: SpreidingInvoer, bron: str) -> list[tuple[str, str]]:
    """The groepen the step divides (at its own doeljaar), with their soort."""
    v, _ = stap_verdeling(inv, Scenario(naam="x", groep="statushouders"), bron=bron)
    if v.empty:
        return []
    return list(dict.fromkeys(zip(v["groep"], v["soort"] if "soort" in v else [None] * len(v))))


def toon(inv: SpreidingInvoer, pad: Path | str | None = None, *, bron: str = "") -> w.VBox | None:
    """The simulator's widget in an interactive session; None (no output at all) in a batch run."""
    if not interactief():
        return None
    return simulator(inv, pad, bron=bron).widget
