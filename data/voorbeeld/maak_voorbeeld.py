"""Maakt de FICTIEVE Voorbeeldregio: alle CSV-bestanden in data/voorbeeld/ en data/voorbeeld/lokaal/.

Deterministisch (vaste seed, alleen ``random.Random.random()``, gehele getallen, vaste volgorde): twee
keer draaien geeft byte-voor-byte dezelfde bestanden. Gebruik:

    .venv/bin/python data/voorbeeld/maak_voorbeeld.py            # schrijft naar data/voorbeeld/
    .venv/bin/python data/voorbeeld/maak_voorbeeld.py --doel MAP # ergens anders (tests)

Alle gemeenten, namen en getallen zijn verzonnen (codes GM9901-GM9906 gebruikt CBS niet). De
bestanden volgen precies het invoerformaat (``wzlib.gegevens.SCHEMAS``) en de lokale invoer
(``wzlib.bronnen.lokaal.LOKALE_SCHEMAS``); aan het eind worden ze daarmee ingelezen en gecontroleerd.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import runpy
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240101
JAAR = 2024
BRON = "FICTIEF — voorbeeldregio woonzorganalyse"
HIER = Path(__file__).resolve().parent

KLASSEN: list[tuple[int, int | None]] = [(v, v + 4) for v in range(0, 95, 5)] + [(95, None)]

# Nederland op 1 januari (fictief, maar met een realistische leeftijdsopbouw), x 1.000, per klasse.
NL_BASIS = [865, 905, 985, 1065, 1150, 1190, 1165, 1105, 1050, 1075, 1235, 1285, 1195,
            1015, 955, 800, 505, 280, 112, 27]
NL_INWONERS = 17_947_000
# Aandeel mannen per klasse.
MAN = [0.512, 0.512, 0.512, 0.511, 0.508, 0.506, 0.503, 0.502, 0.502, 0.501, 0.500, 0.499, 0.497,
       0.492, 0.480, 0.463, 0.435, 0.385, 0.305, 0.215]
# Aandeel in een instelling (niet in een particulier huishouden) per klasse, basis.
INSTELLING = [0.001, 0.001, 0.002, 0.004, 0.006, 0.006, 0.006, 0.006, 0.006, 0.007, 0.007, 0.008, 0.009,
              0.010, 0.013, 0.022, 0.045, 0.110, 0.240, 0.420]
# Alleenwonenden als aandeel van personen in particuliere huishoudens, basis (0-14: niet van toepassing).
ALLEEN = [None, None, None, 0.015, 0.17, 0.28, 0.21, 0.16, 0.14, 0.14, 0.16, 0.18, 0.21,
          0.24, 0.28, 0.35, 0.46, 0.59, 0.70, 0.76]


@dataclass
class Wijk:
    naam: str
    aandeel: float  # share of inwoners
    tilt: tuple[float, float, float, float, float]  # 0-14, 15-24, 25-44, 45-64, 65+
    grootte: float = 1.0  # > 1: larger households (fewer per person)
    alleen: float = 1.0  # tilt of one-person households
    huisarts: float = 1.0  # km
    supermarkt: float = 0.8  # km
    buurten: list["Wijk"] = field(default_factory=list)


@dataclass
class Profiel:
    code: str
    naam: str
    typering: str
    inwoners: int
    leeftijd: list[float]  # factor per klasse on the Dutch shape
    groei: float  # mean yearly growth 2014-2023
    geboorte: float
    sterfte: float
    vestiging: float
    instelling_jong: float  # factor on INSTELLING for 15-64 (BW, MO, detentie)
    instelling_oud: float  # factor for 65+ (verpleeghuizen)
    alleen: tuple[float, float, float, float]  # factor on ALLEEN for 15-24, 25-34, 35-64, 65+
    meer_grootte: float  # mean size of multi-person households
    voorraad_per_hh: float  # dwellings per household
    nieuwbouw: float  # yearly new-build as share of stock
    corporatie: float  # % of stock owned by corporaties (2024)
    particuliere_huur: float  # % private rent
    woz_2021: int  # x 1.000 euro
    mutatiegraad: float  # share of social rent stock let per year
    wijken: list[Wijk]


PROFIELEN = [
    Profiel("GM9901", "Heidewoude", "vergrijsde plattelandsgemeente", 13_182,
            [0.80, 0.88, 0.95, 0.95, 0.62, 0.58, 0.62, 0.70, 0.78, 0.90, 1.08, 1.22, 1.32,
             1.45, 1.55, 1.55, 1.55, 1.60, 1.60, 1.55],
            0.0005, 0.0074, 0.0128, 0.046, 0.8, 1.15, (0.80, 0.85, 0.85, 0.92), 2.55, 1.04, 0.005, 24.0, 9.0, 265,
            0.055,
            [Wijk("Heidewoude-Kern", 0.55, (0.9, 0.9, 0.9, 1.0, 1.2), 0.95, 1.15, 0.7, 0.8,
                  [Wijk("Kerkbuurt", 0.45, (0.7, 0.9, 0.9, 1.0, 1.4), 0.9, 1.25, 0.4, 0.5),
                   Wijk("Molenakker", 0.35, (1.2, 1.0, 1.1, 1.0, 0.8), 1.05, 0.9, 0.8, 0.9),
                   Wijk("Heidepark", 0.20, (0.8, 0.8, 0.8, 1.0, 1.3), 0.95, 1.2, 1.0, 1.2)]),
             Wijk("Oosterhei", 0.18, (1.1, 1.0, 1.1, 1.0, 0.9), 1.05, 0.9, 2.1, 2.4),
             Wijk("Brinkdorp", 0.15, (1.0, 1.1, 1.0, 1.0, 1.0), 1.05, 0.9, 2.8, 3.1),
             Wijk("Buitengebied", 0.12, (1.1, 1.2, 1.0, 1.1, 0.8), 1.15, 0.7, 4.6, 5.3)]),
    Profiel("GM9902", "Stroomstad", "centrumgemeente (beschermd wonen, opvang)", 115_347,
            [1.02, 0.95, 0.92, 0.98, 1.30, 1.40, 1.30, 1.12, 1.00, 0.95, 0.93, 0.92, 0.90,
             0.88, 0.88, 0.90, 0.95, 1.00, 1.05, 1.05],
            0.0065, 0.0108, 0.0082, 0.076, 2.2, 1.05, (1.25, 1.20, 1.15, 1.05), 2.78, 1.03, 0.008, 38.0, 14.0, 285,
            0.060,
            [Wijk("Binnenstad", 0.14, (0.6, 1.5, 1.5, 0.8, 0.7), 0.85, 1.45, 0.4, 0.3,
                  [Wijk("Marktbuurt", 0.40, (0.5, 1.6, 1.6, 0.8, 0.6), 0.8, 1.5, 0.3, 0.2),
                   Wijk("Kloosterbuurt", 0.35, (0.6, 1.3, 1.3, 0.9, 0.9), 0.9, 1.35, 0.4, 0.3),
                   Wijk("Stationsbuurt", 0.25, (0.8, 1.6, 1.6, 0.8, 0.5), 0.85, 1.5, 0.5, 0.4)]),
             Wijk("Havenkwartier", 0.15, (0.9, 1.2, 1.3, 0.9, 0.7), 0.9, 1.25, 0.6, 0.5),
             Wijk("Stroomstad-Noord", 0.21, (1.1, 0.9, 0.9, 1.0, 1.1), 1.05, 0.9, 0.8, 0.7),
             Wijk("Stroomstad-Zuid", 0.20, (1.1, 1.0, 1.0, 1.0, 1.0), 1.0, 1.0, 0.7, 0.6),
             Wijk("De Weiden", 0.18, (1.3, 0.9, 1.0, 1.1, 0.8), 1.15, 0.75, 0.9, 0.8),
             Wijk("Oeverpark", 0.12, (0.8, 0.7, 0.7, 1.1, 1.7), 0.95, 1.1, 0.9, 0.9)]),
    Profiel("GM9903", "Leerhoven", "studentenstad (hogeschool en universiteit)", 60_214,
            [0.80, 0.78, 0.80, 1.25, 2.90, 1.70, 1.05, 0.85, 0.80, 0.78, 0.80, 0.82, 0.82,
             0.80, 0.78, 0.75, 0.75, 0.78, 0.80, 0.80],
            0.0085, 0.0080, 0.0062, 0.112, 1.2, 1.0, (2.50, 1.45, 1.10, 1.00), 2.72, 0.93, 0.008, 34.0, 21.0, 275,
            0.090,
            [Wijk("Centrum", 0.22, (0.5, 2.0, 1.2, 0.7, 0.6), 0.8, 1.35, 0.4, 0.3,
                  [Wijk("Grote Markt", 0.55, (0.4, 2.1, 1.2, 0.7, 0.6), 0.8, 1.4, 0.3, 0.2),
                   Wijk("Academiebuurt", 0.45, (0.6, 1.9, 1.2, 0.8, 0.7), 0.85, 1.3, 0.5, 0.4)]),
             Wijk("Campuswijk", 0.20, (0.3, 2.2, 0.8, 0.4, 0.3), 0.7, 1.5, 0.6, 0.6),
             Wijk("Oud-Leerhoven", 0.22, (1.1, 0.7, 1.0, 1.2, 1.4), 1.05, 0.9, 0.7, 0.6),
             Wijk("Hovenpark", 0.24, (1.6, 0.6, 1.1, 1.3, 1.1), 1.2, 0.6, 0.9, 0.8),
             Wijk("Buitenhoven", 0.12, (1.3, 0.6, 0.9, 1.5, 1.4), 1.15, 0.7, 1.8, 1.9)]),
    Profiel("GM9904", "Akkerveen", "groeigemeente (jonge gezinnen, veel vestiging)", 45_436,
            [1.40, 1.38, 1.25, 1.05, 0.80, 1.00, 1.35, 1.42, 1.30, 1.10, 0.92, 0.85, 0.80,
             0.75, 0.72, 0.70, 0.68, 0.65, 0.65, 0.65],
            0.0240, 0.0128, 0.0058, 0.088, 0.8, 0.9, (0.75, 0.75, 0.80, 0.95), 3.12, 1.03, 0.022, 22.0, 8.0, 330,
            0.070,
            [Wijk("Dorp Akkerveen", 0.24, (0.8, 1.0, 0.9, 1.1, 1.6), 0.95, 1.2, 0.6, 0.5,
                  [Wijk("Dorpsstraat", 0.55, (0.7, 1.0, 0.9, 1.1, 1.8), 0.9, 1.3, 0.4, 0.3),
                   Wijk("Kerkveld", 0.45, (0.9, 1.0, 0.9, 1.1, 1.4), 1.0, 1.1, 0.8, 0.7)]),
             Wijk("De Akkers", 0.26, (1.0, 1.1, 0.9, 1.2, 1.1), 1.0, 1.0, 0.9, 0.8),
             Wijk("Veenzoom", 0.20, (1.1, 1.0, 1.1, 1.0, 0.8), 1.05, 0.95, 1.1, 1.0),
             Wijk("Nieuwe Akkers", 0.24, (1.3, 0.8, 1.3, 0.7, 0.3), 1.1, 0.8, 1.3, 1.2),
             Wijk("Buitengebied Akkerveen", 0.06, (0.9, 1.1, 0.8, 1.3, 1.0), 1.1, 0.8, 3.9, 4.2)]),
    Profiel("GM9905", "Dijkwaard", "gemiddelde gemeente (kleiner)", 25_069,
            [0.95, 0.98, 1.02, 1.02, 0.90, 0.88, 0.92, 0.95, 0.98, 1.02, 1.05, 1.08, 1.10,
             1.12, 1.12, 1.10, 1.08, 1.05, 1.05, 1.00],
            0.0035, 0.0088, 0.0098, 0.052, 1.0, 1.0, (0.95, 0.95, 0.95, 1.0), 2.85, 1.04, 0.007, 28.0, 10.0, 310,
            0.055,
            [Wijk("Dijkwaard-Centrum", 0.38, (0.8, 1.0, 1.0, 1.0, 1.3), 0.95, 1.2, 0.6, 0.5,
                  [Wijk("Dijkstraat", 0.6, (0.7, 1.0, 1.0, 1.0, 1.4), 0.9, 1.25, 0.5, 0.4),
                   Wijk("Sluisbuurt", 0.4, (0.9, 1.0, 1.0, 1.0, 1.2), 1.0, 1.1, 0.7, 0.6)]),
             Wijk("Waardhoek", 0.27, (1.2, 1.0, 1.1, 1.0, 0.8), 1.05, 0.9, 1.0, 0.9),
             Wijk("Polderzicht", 0.25, (1.1, 1.0, 1.0, 1.0, 0.9), 1.05, 0.9, 1.3, 1.1),
             Wijk("Buitengebied Dijkwaard", 0.10, (0.9, 1.0, 0.8, 1.2, 1.1), 1.1, 0.8, 3.5, 4.0)]),
    Profiel("GM9906", "Lindehout", "gemiddelde gemeente (groter)", 32_277,
            [1.00, 1.02, 1.03, 1.00, 0.92, 0.95, 1.00, 1.02, 1.02, 1.00, 1.02, 1.03, 1.02,
             1.02, 1.00, 0.98, 0.98, 0.98, 0.98, 0.95],
            0.0050, 0.0095, 0.0090, 0.056, 1.0, 1.0, (1.0, 1.0, 1.0, 1.0), 2.85, 1.035, 0.009, 30.0, 11.0, 345,
            0.060,
            [Wijk("Lindehout-Centrum", 0.26, (0.8, 1.1, 1.2, 0.9, 1.1), 0.9, 1.25, 0.5, 0.4,
                  [Wijk("Lindeplein", 0.40, (0.7, 1.1, 1.3, 0.9, 1.1), 0.85, 1.3, 0.4, 0.3),
                   Wijk("Oude Haven", 0.35, (0.8, 1.1, 1.2, 0.9, 1.1), 0.9, 1.25, 0.5, 0.4),
                   Wijk("Schoolbuurt", 0.25, (1.0, 1.1, 1.1, 1.0, 1.0), 1.0, 1.1, 0.6, 0.5)]),
             Wijk("Lindenhof", 0.22, (1.1, 1.0, 1.0, 1.0, 1.0), 1.0, 1.0, 0.8, 0.7),
             Wijk("Houtwijk", 0.22, (1.2, 1.0, 1.1, 1.0, 0.8), 1.05, 0.9, 1.0, 0.9),
             Wijk("Beukenrode", 0.20, (0.9, 0.9, 0.8, 1.1, 1.3), 1.0, 1.05, 1.1, 1.0),
             Wijk("Buitengebied Lindehout", 0.10, (1.0, 1.0, 0.8, 1.2, 1.0), 1.1, 0.8, 3.2, 3.6)]),
]

GEMEENTE_NAMEN = {p.code: p.naam for p in PROFIELEN}


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------

class Toeval:
    """Deterministic noise: only ``random.Random.random()`` (stable across Python versions)."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def ruis(self, rel: float) -> float:
        """A factor in [1 - rel, 1 + rel]."""
        return 1.0 + rel * (2.0 * self.r.random() - 1.0)


def verdeel(totaal: int, gewichten: list[float]) -> list[int]:
    """Split an integer total over weights (largest remainder; ties to the first)."""
    s = sum(gewichten)
    exact = [totaal * w / s for w in gewichten]
    basis = [math.floor(x) for x in exact]
    rest = totaal - sum(basis)
    volgorde = sorted(range(len(exact)), key=lambda i: (-(exact[i] - basis[i]), i))
    for i in volgorde[:rest]:
        basis[i] += 1
    return basis


def schrijf_csv(pad: Path, kolommen: list[str], rijen: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(kolommen)
    for r in rijen:
        w.writerow(["" if r.get(k) is None else r[k] for k in kolommen])
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_bytes(buf.getvalue().encode("utf-8"))


def km(x: float) -> str:
    return f"{x:.1f}"


# --------------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------------

def bevolking(t: Toeval) -> dict[str, list[tuple[int, int, int]]]:
    """(man, vrouw, totaal) per klasse for NL00 and every gemeente."""
    uit: dict[str, list[tuple[int, int, int]]] = {}
    nl = verdeel(NL_INWONERS, [float(x) for x in NL_BASIS])
    uit["NL00"] = [(round(n * MAN[i]), n - round(n * MAN[i]), n) for i, n in enumerate(nl)]
    for p in PROFIELEN:
        gew = [NL_BASIS[i] * p.leeftijd[i] * t.ruis(0.03) for i in range(len(KLASSEN))]
        tot = verdeel(p.inwoners, gew)
        rijen = []
        for i, n in enumerate(tot):
            m = min(n, round(n * MAN[i] * t.ruis(0.015)))
            rijen.append((m, n - m, n))
        uit[p.code] = rijen
    return uit


def huishoudens_leeftijd(t: Toeval, bev: dict, profiel: Profiel | None) -> list[tuple[int, int | None]]:
    """(personen in particuliere huishoudens, alleenstaand) per klasse."""
    uit = []
    for i, (_, _, n) in enumerate(bev):
        if profiel is None:
            fi, fa = 1.0, 1.0
        else:
            fi = profiel.instelling_oud if i >= 13 else (profiel.instelling_jong if 3 <= i <= 12 else 1.0)
            fa = profiel.alleen[0 if i <= 4 else 1 if i <= 6 else 2 if i <= 12 else 3]
        instelling = round(n * min(0.9, INSTELLING[i] * fi) * (1.0 if profiel is None else t.ruis(0.05)))
        phh = n - instelling
        if ALLEEN[i] is None:
            uit.append((phh, None))
            continue
        alleen = min(phh, round(phh * min(0.85, ALLEEN[i] * fa) * (1.0 if profiel is None else t.ruis(0.03))))
        uit.append((phh, alleen))
    return uit


def ontwikkeling(t: Toeval, p: Profiel, inwoners_2024: int) -> list[dict]:
    """Bevolkingsontwikkeling 2014-2023, worked backwards from 1 januari 2024; components add up."""
    rijen = []
    eind = inwoners_2024
    for jaar in range(2023, 2013, -1):
        g = p.groei * t.ruis(0.35) + (0.004 if jaar == 2022 else 0.0)
        begin = round(eind / (1 + g))
        geb = round(begin * p.geboorte * t.ruis(0.04))
        ovl = round(begin * p.sterfte * (1.08 if jaar in (2020, 2021, 2022) else 1.0) * t.ruis(0.05))
        vest = round(begin * p.vestiging * t.ruis(0.05))
        vert = begin + geb - ovl + vest - eind
        assert 0.5 * vest < vert < 1.5 * vest, (p.code, jaar, vest, vert)
        rijen.append({"gemeentecode": p.code, "jaar": jaar, "bevolking_1jan": begin, "levend_geborenen": geb,
                      "overledenen": ovl, "vestiging_totaal": vest, "vertrek_totaal": vert,
                      "bevolking_31dec": eind, "bron": BRON})
        eind = begin
    return sorted(rijen, key=lambda r: r["jaar"])


def groepen_kwb(bev: list[tuple[int, int, int]]) -> list[int]:
    """0-14, 15-24, 25-44, 45-64, 65+ from the 5-year classes."""
    n = [r[2] for r in bev]
    return [sum(n[0:3]), sum(n[3:5]), sum(n[5:9]), sum(n[9:13]), sum(n[13:])]


def verdeel_gebied(t: Toeval, totaal_groepen: list[int], hh: int, een: int, delen: list[Wijk]) -> list[dict]:
    """Split a gemeente (or wijk) over its parts: age groups, households and one-person households add up."""
    per_groep = [verdeel(totaal_groepen[g], [d.aandeel * d.tilt[g] * t.ruis(0.02) for d in delen])
                 for g in range(5)]
    uit = []
    for j, d in enumerate(delen):
        uit.append({"wijk": d, "groepen": [per_groep[g][j] for g in range(5)]})
    inw = [sum(u["groepen"]) for u in uit]
    hhs = verdeel(hh, [inw[j] / d.grootte for j, d in enumerate(delen)])
    eens = verdeel(een, [hhs[j] * d.alleen for j, d in enumerate(delen)])
    for j, u in enumerate(uit):
        u["inwoners"], u["huishoudens"], u["een"] = inw[j], hhs[j], eens[j]
        assert eens[j] <= hhs[j] <= inw[j], (d.naam, eens[j], hhs[j], inw[j])
    return uit


def kwb_rij(code: str, soort: str, gemeente: str, naam: str, inw: int, groepen: list[int], hh: int, een: int,
            huisarts: float, supermarkt: float) -> dict:
    return {"gebiedscode": code, "soort": soort, "gemeentecode": gemeente, "naam": naam, "jaar": JAAR,
            "inwoners": inw, "leeftijd_0_14": groepen[0], "leeftijd_15_24": groepen[1],
            "leeftijd_25_44": groepen[2], "leeftijd_45_64": groepen[3], "leeftijd_65_plus": groepen[4],
            "huishoudens": hh, "eenpersoonshuishoudens": een, "afstand_huisarts_km": km(huisarts),
            "afstand_supermarkt_km": km(supermarkt), "bron": BRON}


def maak(doel: Path | str = HIER, *, controleer: bool = True) -> list[Path]:
    """Write every file of the Voorbeeldregio into ``doel`` (and ``doel/lokaal``); returns the paths."""
    from wzlib.bronnen.lokaal import LOKALE_SCHEMAS
    from wzlib.gegevens import SCHEMAS

    doel = Path(doel)
    t = Toeval(SEED)
    geschreven: list[Path] = []

    def uit(naam: str, rijen: list[dict], schema) -> None:
        pad = (doel / "lokaal" if schema.naam in LOKALE_SCHEMAS else doel) / schema.bestand
        schrijf_csv(pad, schema.kolomnamen, rijen)
        geschreven.append(pad)

    # gemeenten
    uit("gemeenten", [{"gemeentecode": p.code, "gemeentenaam": p.naam, "provinciecode": None,
                       "provincienaam": "Voorbeeldprovincie (fictief)", "corop": "Voorbeeld-COROP (fictief)",
                       "ggdregio": "GGD Voorbeeldregio (fictief)", "veiligheidsregio_code": None,
                       "veiligheidsregio_naam": "Veiligheidsregio Voorbeeld (fictief)"} for p in PROFIELEN],
        SCHEMAS["gemeenten"])

    # bevolking
    bev = bevolking(t)
    rijen = []
    for code in ["NL00", *(p.code for p in PROFIELEN)]:
        for geslacht, k in (("man", 0), ("vrouw", 1), ("totaal", 2)):
            for i, (van, tot) in enumerate(KLASSEN):
                rijen.append({"gemeentecode": code, "jaar": JAAR, "geslacht": geslacht, "leeftijd_van": van,
                              "leeftijd_tot": tot, "aantal": bev[code][i][k], "bron": BRON})
    uit("bevolking", rijen, SCHEMAS["bevolking"])

    # bevolkingsontwikkeling
    rijen = []
    for p in PROFIELEN:
        rijen += ontwikkeling(t, p, sum(r[2] for r in bev[p.code]))
    uit("bevolkingsontwikkeling", rijen, SCHEMAS["bevolkingsontwikkeling"])

    # huishoudens naar leeftijd, huishoudens
    hl_rijen, hh_rijen = [], []
    hh_totaal: dict[str, tuple[int, int]] = {}
    for code, profiel in [("NL00", None), *((p.code, p) for p in PROFIELEN)]:
        hl = huishoudens_leeftijd(t, bev[code], profiel)
        for i, (van, tot) in enumerate(KLASSEN):
            hl_rijen.append({"gemeentecode": code, "jaar": JAAR, "leeftijd_van": van, "leeftijd_tot": tot,
                             "personen_particuliere_huishoudens": hl[i][0], "alleenstaand": hl[i][1],
                             "bron": BRON})
        personen = sum(x[0] for x in hl)
        een = sum(x[1] or 0 for x in hl)
        grootte = 2.86 if profiel is None else profiel.meer_grootte
        meer = round((personen - een) / grootte)
        hh_totaal[code] = (een + meer, een)
        hh_rijen.append({"gemeentecode": code, "jaar": JAAR, "huishoudens_totaal": een + meer,
                         "eenpersoons": een, "meerpersoons": meer, "bron": BRON})
    uit("huishoudens", hh_rijen, SCHEMAS["huishoudens"])
    uit("huishoudens_leeftijd", hl_rijen, SCHEMAS["huishoudens_leeftijd"])

    # wijken en buurten
    rijen = []
    for p in PROFIELEN:
        g = groepen_kwb(bev[p.code])
        hh, een = hh_totaal[p.code]
        wijken = verdeel_gebied(t, g, hh, een, p.wijken)
        huisarts = sum(w["inwoners"] * w["wijk"].huisarts for w in wijken) / sum(w["inwoners"] for w in wijken)
        superm = sum(w["inwoners"] * w["wijk"].supermarkt for w in wijken) / sum(w["inwoners"] for w in wijken)
        rijen.append(kwb_rij(p.code, "gemeente", p.code, p.naam, sum(g), g, hh, een, huisarts, superm))
        nummer = p.code[2:]
        for j, w in enumerate(wijken, start=1):
            wk = f"WK{nummer}{j:02d}"
            d = w["wijk"]
            rijen.append(kwb_rij(wk, "wijk", p.code, d.naam, w["inwoners"], w["groepen"], w["huishoudens"],
                                 w["een"], d.huisarts, d.supermarkt))
            if d.buurten:
                for k, b in enumerate(verdeel_gebied(t, w["groepen"], w["huishoudens"], w["een"], d.buurten),
                                      start=1):
                    rijen.append(kwb_rij(f"BU{nummer}{j:02d}{k:02d}", "buurt", p.code, b["wijk"].naam,
                                         b["inwoners"], b["groepen"], b["huishoudens"], b["een"],
                                         b["wijk"].huisarts, b["wijk"].supermarkt))
    uit("wijken", rijen, SCHEMAS["wijken"])

    # woningen per gemeente 2021-2024 (voorraad op 1 januari), and the woningmarkt of the local inputs
    rijen, markt = [], []
    for p in PROFIELEN:
        voorraad = {2024: round(hh_totaal[p.code][0] * p.voorraad_per_hh)}
        nieuw = {}
        for jaar in (2023, 2022, 2021):
            nieuw[jaar] = round(voorraad[jaar + 1] * p.nieuwbouw * t.ruis(0.2) / (1 + p.nieuwbouw))
            voorraad[jaar] = voorraad[jaar + 1] - nieuw[jaar]
        for jaar in (2021, 2022, 2023, 2024):
            corp = p.corporatie + 0.3 * (2024 - jaar) + 0.4 * (t.r.random() - 0.5)
            huur = round(corp + p.particuliere_huur)
            onbekend = 1 if t.r.random() < 0.3 else 0
            woz = round(p.woz_2021 * {2021: 1.0, 2022: 1.09, 2023: 1.23, 2024: 1.28}[jaar] * t.ruis(0.01))
            rijen.append({"gemeentecode": p.code, "jaar": jaar, "koopwoningen_pct": 100 - huur - onbekend,
                          "huurwoningen_pct": huur, "woz_gemiddeld_x1000": woz, "woningvoorraad": voorraad[jaar],
                          "corporatie_pct": round(corp), "bron": BRON})
            if jaar in (2023, 2024):
                corporatie = round(voorraad[jaar] * corp / 100)
                sociaal = round(corporatie * 0.94 + voorraad[jaar] * 0.015)
                nb = nieuw[2023] if jaar == 2023 else round(voorraad[jaar] * p.nieuwbouw * t.ruis(0.15))
                markt.append({"gemeentecode": p.code, "gemeentenaam": p.naam, "jaar": jaar,
                              "sociale_huurvoorraad": sociaal,
                              "corporatievoorraad": None if (p.code == "GM9904" and jaar == 2023) else corporatie,
                              "mutaties_sociale_huur": round(sociaal * p.mutatiegraad * t.ruis(0.1)),
                              "nieuwbouw_per_jaar": nb,
                              "bron": "FICTIEF — corporaties en gemeente (woningmarktcijfers)",
                              "toelichting": ("corporatievoorraad 2023 niet aangeleverd"
                                              if (p.code == "GM9904" and jaar == 2023) else None)})
    uit("woningen", rijen, SCHEMAS["woningen"])

    # ---- local inputs
    inw = {p.code: p.inwoners for p in PROFIELEN}
    uit("aandachtsgroepen", aandachtsgroepen(inw, sum(r[2] for r in bev["NL00"])),
        LOKALE_SCHEMAS["aandachtsgroepen"])
    uit("aanbod", aanbod({r["gemeentecode"]: r["woningvoorraad"] for r in rijen if r["jaar"] == 2024}),
        LOKALE_SCHEMAS["aanbod"])
    uit("plancapaciteit", plancapaciteit(t), LOKALE_SCHEMAS["plancapaciteit"])
    uit("woningmarkt", markt, LOKALE_SCHEMAS["woningmarkt"])
    uit("ambities", runpy.run_path(str(HIER / "maak_ambities.py"))["ambities"](), LOKALE_SCHEMAS["ambities"])
    geschreven += runpy.run_path(str(HIER / "maak_meter.py"))["maak_meter"](doel)  # woonzorgvisie-meter

    if controleer:
        from wzlib.bronnen.invoer import lees_map
        from wzlib.bronnen.lokaal import lees_lokaal
        from wzlib.params import Gemeente

        lees_map(doel, soort="voorbeeld", fictief=True)
        lees_lokaal(doel / "lokaal", [Gemeente(p.code, p.naam) for p in PROFIELEN], fictief=True)
    geschreven += __import__("runpy").run_path(str(HIER / "maak_monitoring.py"))["maak_monitoring"](doel, controleer)
    return geschreven


# --------------------------------------------------------------------------------------------------
# Local inputs (fictional registrations)
# --------------------------------------------------------------------------------------------------

# groep -> (bron, {gemeente: (aantal, instroom, uitstroom)}); a gemeente that is absent = not delivered
# ("ontbreekt"); aantal None = delivered as unknown, with a toelichting.
_F = "FICTIEF — "
AANDACHTSGROEPEN: dict[str, tuple[str, dict[str, tuple[int | None, int | None, int | None]]]] = {
    "dak_thuislozen": (_F + "centrumgemeente Stroomstad, registratie maatschappelijke opvang en GGD", {
        "GM9901": (6, None, None), "GM9902": (265, 310, None), "GM9903": (72, 88, None),
        "GM9904": (31, 36, None), "GM9905": (18, 20, None), "GM9906": (24, 29, None)}),
    "uitstroom_bw": (_F + "centrumgemeente Stroomstad, regionale toegang beschermd wonen", {
        "GM9901": (4, 2, 1), "GM9902": (212, 60, 48), "GM9903": (46, 14, 11), "GM9904": (9, 3, 2),
        "GM9905": (7, 2, 2), "GM9906": (11, 4, 3)}),
    "uitstroom_mo": (_F + "centrumgemeente Stroomstad, registratie maatschappelijke opvang", {
        "GM9902": (118, 290, 85), "GM9903": (22, 50, 17), "GM9905": (4, 9, 3), "GM9906": (6, 14, 5)}),
    "uitstroom_ggz": (_F + "zorgkantoor Voorbeeldregio, Wlz-ggz", {
        "GM9902": (38, 12, 11), "GM9903": (14, 5, 4), "GM9906": (5, 2, 1)}),
    "uitstroom_jeugdzorg": (_F + "jeugdzorgregio Voorbeeld, jeugdhulp met verblijf (16+)", {
        "GM9902": (34, 15, 13), "GM9903": (12, 5, 5), "GM9904": (14, 6, 5), "GM9905": (6, 2, 2),
        "GM9906": (8, 3, 3)}),
    "uitstroom_detentie": (_F + "gemeentelijke re-integratiecoördinator (nazorg ex-gedetineerden)", {
        "GM9901": (3, None, 4), "GM9902": (64, None, 95), "GM9903": (21, None, 30), "GM9904": (12, None, 17),
        "GM9905": (6, None, 9), "GM9906": (9, None, 12)}),
    "medische_urgentie": (_F + "woonruimteverdeling Voorbeeldregio, urgentiecijfers", {
        "GM9901": (9, 21, None), "GM9902": (84, 190, None), "GM9903": (31, 77, None),
        "GM9904": (22, 48, None), "GM9905": (13, 30, None), "GM9906": (17, 39, None)}),
    "sociale_urgentie": (_F + "woonruimteverdeling Voorbeeldregio, urgentiecijfers", {
        "GM9901": (4, 15, None), "GM9902": (96, 260, None), "GM9903": (37, 102, None),
        "GM9904": (19, 55, None), "GM9905": (9, 28, None), "GM9906": (14, 40, None)}),
    "mantelzorg": (_F + "woonruimteverdeling Voorbeeldregio, urgentiecijfers", {
        "GM9901": (6, 9, None), "GM9902": (18, 31, None), "GM9903": (7, 12, None), "GM9904": (5, 8, None),
        "GM9905": (4, 7, None), "GM9906": (6, 9, None)}),
    "huiselijk_geweld": (_F + "centrumgemeente Stroomstad, vrouwenopvang", {
        "GM9902": (46, 110, 38), "GM9903": (9, 19, 7), "GM9906": (3, 6, 3)}),
    "sekswerkers": (_F + "uitstapprogramma Voorbeeldregio (DUUP)", {
        "GM9902": (7, None, None), "GM9903": (2, None, None)}),
    "studenten": (_F + "hogeschool en universiteit Leerhoven, studentenmonitor", {
        "GM9902": (3150, 980, None), "GM9903": (9650, 3100, None), "GM9904": (120, None, None),
        "GM9906": (240, None, None)}),
    "arbeidsmigranten": (_F + "schatting gemeente op basis van RNI/BRP en huisvesters", {
        "GM9901": (480, None, None), "GM9902": (1650, None, None), "GM9903": (520, None, None),
        "GM9904": (1380, None, None), "GM9905": (610, None, None)}),
    "woonwagenbewoners": (_F + "woonwagenregistratie gemeente en corporatie (incl. wachtlijst)", {
        "GM9901": (7, 1, None), "GM9902": (38, 6, None), "GM9903": (12, 2, None), "GM9904": (15, 3, None),
        "GM9905": (None, None, None), "GM9906": (19, 3, None)}),
}
# Statushouders: taakstelling naar rato van inwoners (zoals art. 29 Huisvestingswet), twee halfjaren.
VERGUNNINGHOUDERS_HALFJAAR = (24_000, 20_500)
STATUSHOUDERS_REALISATIE = {"GM9901": 0.92, "GM9902": 1.05, "GM9903": 0.88, "GM9904": 1.10, "GM9905": 0.97,
                            "GM9906": 1.01}


def aandachtsgroepen(inwoners: dict[str, int], inwoners_nl: int) -> list[dict]:
    from wzlib.groepen import GROEPEN

    rijen = []
    for groep, (bron, per) in AANDACHTSGROEPEN.items():
        for code in GEMEENTE_NAMEN:
            if code not in per:
                continue
            aantal, instroom, uitstroom = per[code]
            rijen.append({"gemeentecode": code, "gemeentenaam": GEMEENTE_NAMEN[code], "groep": groep,
                          "jaar": JAAR, "aantal": aantal, "eenheid": GROEPEN[groep].eenheid, "bron": bron,
                          "toelichting": "geen registratie beschikbaar; aantal onbekend" if aantal is None
                          else None,
                          "instroom_per_jaar": instroom, "uitstroom_per_jaar": uitstroom})
    for code in GEMEENTE_NAMEN:
        taak = sum(math.ceil(vg * inwoners[code] / inwoners_nl) for vg in VERGUNNINGHOUDERS_HALFJAAR)
        rijen.append({"gemeentecode": code, "gemeentenaam": GEMEENTE_NAMEN[code], "groep": "statushouders",
                      "jaar": JAAR, "aantal": round(taak * STATUSHOUDERS_REALISATIE[code]), "eenheid": "personen",
                      "bron": _F + "taakstelling naar rato inwoners; realisatie gemeente",
                      "taakstelling_per_jaar": taak,
                      "toelichting": "taakstelling = som van twee halfjaren, ceil(vg x inwoners / inwoners NL)"})
    volgorde = list(GROEPEN)
    return sorted(rijen, key=lambda r: (r["gemeentecode"], volgorde.index(r["groep"])))


def aanbod(voorraad: dict[str, int]) -> list[dict]:
    from wzlib.groepen import GECLUSTERD_RIGO, WOONVORMEN

    nultreden = {"GM9901": 0.19, "GM9902": 0.24, "GM9903": 0.21, "GM9904": 0.17, "GM9905": 0.20, "GM9906": 0.22}
    vast: dict[str, dict[str, int]] = {
        "geclusterd": {"GM9901": 165, "GM9902": 1020, "GM9903": 380, "GM9904": 140, "GM9906": 310},
        "verpleegzorg": {"GM9901": 118, "GM9902": 890, "GM9903": 310, "GM9904": 96, "GM9905": 175,
                         "GM9906": 240},
        "beschermd_wonen": {"GM9901": 0, "GM9902": 236, "GM9903": 52, "GM9904": 0, "GM9905": 8, "GM9906": 12},
        "opvang": {"GM9902": 164, "GM9903": 28, "GM9904": 0, "GM9905": 0, "GM9906": 0},
        "woonwagenstandplaats": {"GM9901": 6, "GM9902": 31, "GM9903": 10, "GM9904": 12, "GM9905": 9,
                                 "GM9906": 16},
        "studentenwoning": {"GM9902": 2240, "GM9903": 7850, "GM9906": 0},
        "arbeidsmigranten": {"GM9901": 310, "GM9902": 640, "GM9903": 180, "GM9904": 720, "GM9905": 260,
                             "GM9906": 90},
    }
    bronnen = {
        "nultreden": "FICTIEF — BAG en corporaties, nultredenwoningen",
        "geclusterd": "FICTIEF — inventarisatie geclusterd wonen (gemeente en corporaties)",
        "verpleegzorg": "FICTIEF — zorgkantoor Voorbeeldregio, capaciteit verpleeghuizen",
        "beschermd_wonen": "FICTIEF — centrumgemeente Stroomstad, capaciteit beschermd wonen",
        "opvang": "FICTIEF — centrumgemeente Stroomstad, capaciteit opvang",
        "woonwagenstandplaats": "FICTIEF — BAG standplaatsen",
        "studentenwoning": "FICTIEF — studentenhuisvester Leerhoven",
        "arbeidsmigranten": "FICTIEF — vergunde locaties arbeidsmigrantenhuisvesting",
    }
    rijen = []
    for code in GEMEENTE_NAMEN:
        for w in WOONVORMEN:
            if w == "nultreden":
                aantal = round(voorraad[code] * nultreden[code])
            elif w in vast and code in vast[w]:
                aantal = vast[w][code]
            else:
                continue  # not delivered (sociale_huur: see woningmarkt.csv)
            rijen.append({"gemeentecode": code, "gemeentenaam": GEMEENTE_NAMEN[code], "woonvorm": w,
                          "jaar": JAAR, "aantal": aantal,
                          "definitie": GECLUSTERD_RIGO if w == "geclusterd" else
                          ("nultredenwoning" if w == "nultreden" else None),
                          "bron": bronnen[w], "toelichting": None})
    return rijen


# woonvorm -> {gemeente: yearly amount} for yearly plan rows 2025-2035
_PLAN_JAARLIJKS = {
    "nultreden": {"GM9901": 25, "GM9902": 180, "GM9903": 70, "GM9904": 130, "GM9905": 45, "GM9906": 60},
    "sociale_huur": {"GM9901": 20, "GM9902": 210, "GM9903": 120, "GM9904": 140, "GM9905": 35, "GM9906": 50},
}
# (gemeente, woonvorm, jaar, aantal, hardheid, project)
_PLAN_PROJECTEN = [
    ("GM9901", "geclusterd", 2027, 24, "hard", "Hofje De Brink"),
    ("GM9901", "verpleegzorg", 2029, 24, "zacht", "Zorgcentrum Heidezicht (uitbreiding)"),
    ("GM9901", "arbeidsmigranten", 2028, 80, "zacht", "Huisvesting Agrarisch Gebied"),
    ("GM9902", "geclusterd", 2026, 60, "hard", "Oeverhof"),
    ("GM9902", "geclusterd", 2029, 48, "zacht", "Havenkwartier Wonen met Zorg"),
    ("GM9902", "geclusterd", 2032, 60, "zacht", "De Weiden-Oost"),
    ("GM9902", "verpleegzorg", 2027, 80, "hard", "Verpleeghuis Stroomzicht"),
    ("GM9902", "beschermd_wonen", 2027, 24, "hard", "Beschut wonen Havenstraat"),
    ("GM9902", "opvang", 2026, 30, "hard", "Skaeve huse en 24-uursopvang"),
    ("GM9902", "studentenwoning", 2027, 250, "hard", "Stationsgebied studio's"),
    ("GM9902", "woonwagenstandplaats", 2026, 6, "hard", "Woonwagenlocatie Noord"),
    ("GM9903", "geclusterd", 2028, 36, "zacht", "Hovenpark Ontmoeten"),
    ("GM9903", "verpleegzorg", 2030, 48, "zacht", "Zorglandgoed Buitenhoven"),
    ("GM9903", "studentenwoning", 2026, 420, "hard", "Campus Noord"),
    ("GM9903", "studentenwoning", 2029, 300, "zacht", "Campus Noord fase 2"),
    ("GM9904", "geclusterd", 2027, 40, "hard", "Akkerhof"),
    ("GM9904", "geclusterd", 2031, 40, "zacht", "Nieuwe Akkers Zuid"),
    ("GM9904", "verpleegzorg", 2028, 36, "zacht", "Zorgcentrum Veenzoom"),
    ("GM9904", "arbeidsmigranten", 2026, 240, "hard", "Logistiek Park Huisvesting"),
    ("GM9904", "woonwagenstandplaats", 2028, 4, "zacht", "Standplaatsen Veenzoom"),
    ("GM9905", "geclusterd", 2029, 28, "zacht", "Dijkwaard Samen"),
    ("GM9906", "geclusterd", 2026, 32, "hard", "Lindenhof Wonen"),
    ("GM9906", "verpleegzorg", 2030, 40, "zacht", "Beukenrode Zorg"),
    ("GM9906", "woonwagenstandplaats", 2027, 3, "hard", "Standplaatsen Houtwijk"),
]


def plancapaciteit(t: Toeval) -> list[dict]:
    rijen = []
    for w, per in _PLAN_JAARLIJKS.items():
        for code, n in per.items():
            for jaar in range(2025, 2036):
                hardheid = "hard" if jaar <= 2027 else "zacht"
                krimp = 1.0 if jaar <= 2030 else 0.8
                rijen.append({"gemeentecode": code, "gemeentenaam": GEMEENTE_NAMEN[code], "woonvorm": w,
                              "jaar": jaar, "aantal": round(n * krimp * t.ruis(0.25)), "hardheid": hardheid,
                              "project": None, "bron": "FICTIEF — plancapaciteit gemeente (DIWI-export)",
                              "toelichting": None})
    for code, w, jaar, n, hardheid, project in _PLAN_PROJECTEN:
        rijen.append({"gemeentecode": code, "gemeentenaam": GEMEENTE_NAMEN[code], "woonvorm": w, "jaar": jaar,
                      "aantal": n, "hardheid": hardheid, "project": project,
                      "bron": "FICTIEF — plancapaciteit gemeente (DIWI-export)", "toelichting": None})
    volgorde = ["nultreden", "geclusterd", "verpleegzorg", "beschermd_wonen", "opvang", "woonwagenstandplaats",
                "studentenwoning", "arbeidsmigranten", "sociale_huur"]
    return sorted(rijen, key=lambda r: (r["gemeentecode"], volgorde.index(r["woonvorm"]), r["jaar"],
                                        r["project"] or ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Maakt de fictieve Voorbeeldregio (CSV's in het invoerformaat).")
    ap.add_argument("--doel", type=Path, default=HIER, help="doelmap (standaard: data/voorbeeld)")
    args = ap.parse_args(argv)
    for pad in maak(args.doel):
        print(pad)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
