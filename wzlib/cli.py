"""The ``wz`` command: a thin layer over wzlib functions (which the tests call directly).

    wz run --regio X [--stappen ...] [--gemeenten ...] [--workers N] [--opnieuw] [--koude-kernels]
    wz run --regio X --dask tcp://scheduler:8786  (of --dask local: op een Dask-cluster)
    wz run --regio nederland [--deelregios ...]  (landbestand: alle gemeenten, per COROP-gebied)
    wz publish --regio X [--zip] [--editie partner|analist] [--pdf] [--alles]
    wz data fetch --regio X                     wz data status
    wz controleer --regio X                     (alles controleren voordat er iets draait)
    wz template --regio X [--map M] [--overschrijven]
    wz meter --regio X [--alleen-tonen] [--opnieuw]   (woonzorgvisie-meter: stap 8 draaien en per gemeente tonen)
    wz partners --regio X
    wz kernel
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path

from . import batch, dask_uitvoer, land, meter, meter_tekst, paden, publiceren, resultaten
from . import catalogus as T
from .analyse import laad_gegevens, laad_lokaal
from .bronnen import cbs
from .bronnen.partners import lees_reacties, reactiebestanden, reacties_map
from .bronnen.sjabloon import reservekopie, schrijf_sjabloon
from .fouten import WzFout, os_melding
from .kernel import zorg_voor_kernel
from .params import laad_regio, los_gemeenten_op
from .partnerronde import schrijf_reviewbladen_voor_regio
from .stappen import METER, METER_REGIO, STAPPEN


def cmd_run(args) -> int:
    if args.dask:
        with dask_uitvoer.verbind(args.dask, workers=args.workers, terugsturen=args.dask_terugsturen) as u:
            return _run(args, uitvoerder=u)
    if args.dask_terugsturen:
        raise WzFout("--dask-terugsturen hoort bij --dask: geef ook het adres van de scheduler (of 'local').")
    return _run(args)


def _run(args, **kwargs) -> int:
    if land.is_landbestand(args.regio):
        if args.gemeenten:
            raise WzFout("--gemeenten gaat niet samen met een landbestand; kies deelregio's met --deelregios.")
        return land.exitcode(land.run(
            args.regio, deelregios=args.deelregios, stappen=args.stappen, workers=args.workers,
            opnieuw=args.opnieuw, koude_kernels=args.koude_kernels, kernel_max_notebooks=args.kernel_max_notebooks,
            kernel_max_mb=args.kernel_max_mb, **kwargs))
    res = batch.run(args.regio, stappen=args.stappen, gemeenten=args.gemeenten, workers=args.workers,
                    opnieuw=args.opnieuw, koude_kernels=args.koude_kernels,
                    kernel_max_notebooks=args.kernel_max_notebooks, kernel_max_mb=args.kernel_max_mb, **kwargs)
    return res.exitcode


def cmd_publish(args) -> int:
    pub = publiceren.publiceer_regio(args.regio, zip=args.zip, editie=args.editie, pdf=args.pdf,
                                     workers=args.workers, alles=args.alles, toon_voortgang=True)
    per_cel: dict[str, list] = {}  # the same cell of a step notebook, once for all gemeenten
    for w in pub.waarschuwingen:
        per_cel.setdefault(w.split(":", 1)[0], [w, 0])[1] += 1
    for w, n in per_cel.values():
        print(f"Let op: {w}" + (f" (in {n} rapporten)" if n > 1 else ""), file=sys.stderr)
    print(f"{len(pub.bestanden)} bestand(en) gepubliceerd ({args.editie}editie); {len(pub.gemaakt)} rapport(en) "
          f"opnieuw gemaakt, de andere waren ongewijzigd.")
    for p in pub.bestanden:
        if p.name == "index.html" or p.suffix == ".zip" and not p.name.endswith("_csv.zip"):
            print(f"  {p}")
    return 0


def cmd_data_fetch(args) -> int:
    rp = laad_regio(args.regio)
    if rp.bron.soort != "cbs":
        print(f"Regio {rp.naam} gebruikt bron '{rp.bron.soort}' ({rp.bron.map}); er valt niets op te halen bij CBS.")
        return 0
    regels = cbs.vul_cache(rp.opgegeven_codes or [], cache_dir=rp.cbs_cache, peiljaar=rp.peiljaar, regio_slug=rp.slug,
                           max_leeftijd_dagen=rp.bron.max_leeftijd_dagen)
    return toon_fetch(regels, rp.cbs_cache, rp.slug)


_FETCH_STATUS = {"opgehaald": "opgehaald bij CBS", "cache": "actueel in de cache",
                 "verouderd": "CBS niet bereikbaar; oude kopie in de cache blijft in gebruik",
                 "fout": "NIET beschikbaar"}


def toon_fetch(regels: list[dict], cache: Path, slug: str) -> int:
    """Print what ``wz data fetch`` did per table, in Dutch; exit code 2 when a table is missing (then a
    run cannot make the steps that need it), with what still works from the cache."""
    for r in regels:
        print(f"  {r['id']:10s} {_FETCH_STATUS.get(r['status'], r['status']):55s} {r['rows']:>7} regels  {r['titel']}")
    fout = [r for r in regels if r["status"] == "fout"]
    oud = [r for r in regels if r["status"] == "verouderd"]
    if not fout:
        if oud:
            print(f"wz: let op: CBS is niet bereikbaar; {len(oud)} tabel(len) komen uit een oudere kopie in de cache "
                  f"({', '.join(r['id'] for r in oud)}). Een run werkt daarmee; haal later opnieuw op.",
                  file=sys.stderr)
        return 0
    onbereikbaar = any("niet bereikbaar" in (r.get("melding") or "") for r in regels)
    bruikbaar = [r for r in regels if r["status"] in ("cache", "verouderd", "opgehaald")]
    delen = [("CBS is niet bereikbaar (geen netwerkverbinding, of opendata.cbs.nl reageert niet): "
              if onbereikbaar else "Niet alle CBS-tabellen konden worden opgehaald: ")
             + f"{len(fout)} van de {len(regels)} tabellen ontbreken ({', '.join(r['id'] for r in fout)})."]
    if bruikbaar:
        delen.append(f"Uit de cache ({cache}) blijven bruikbaar: {', '.join(r['id'] for r in bruikbaar)}; "
                     "stappen die alleen die tabellen lezen kunnen draaien.")
    else:
        delen.append(f"Er staat voor deze regio niets in de cache ({cache}): wz run en wz controleer werken pas "
                     "na een geslaagde fetch. Wat wel werkt: de voorbeeldregio (wz run --regio voorbeeldregio) en "
                     "regio's met bron 'invoer'.")
    delen.append(f"Probeer het opnieuw als er verbinding is: wz data fetch --regio {slug}")
    print("wz: " + "\n".join(delen), file=sys.stderr)
    return 2


def cmd_data_status(args) -> int:
    cache = Path(args.cache) if args.cache else paden.cache_cbs(paden.projectmap())
    if args.regio:
        cache = laad_regio(args.regio).cbs_cache
    df = cbs.cache_status(cache)
    if df.empty:
        print(f"Geen CBS-tabellen in de cache ({cache}). Vul die met: wz data fetch --regio <regio>")
        return 0
    print(f"CBS-cache {cache}:")
    print(df.to_string(index=False))
    return 0


def cmd_controleer(args) -> int:
    """Everything ``wz run`` reads, checked with the loaders the run uses, before any kernel: the regio file
    (every section), the source and the gemeenten (each once, by code or by name), the local input files,
    the partners' returned review sheets, the step notebooks and their parameters. The parts after the
    gemeenten are all checked, and every problem is reported at once (exit code 2)."""
    rp = laad_regio(args.regio)
    g = laad_gegevens(rp, cache=False)
    gemeenten = los_gemeenten_op(rp, g["gemeenten"])
    print(f"Regio {rp.naam}: {len(gemeenten)} gemeenten ({', '.join(f'{x.naam} ({x.code})' for x in gemeenten)})")
    print("  regio-parameters: alle secties in orde (afscherming, prognose, spreiding, confrontatie, kengetallen)")
    for naam, df in g.tabellen.items():
        h = g.herkomst.get(naam)
        print(f"  {naam:24s} {len(df):>7} regels  {h.regel() if h else '(ontbreekt)'}")
    fouten: list[str] = []

    def deel(controle) -> None:
        try:
            controle()
        except WzFout as e:
            fouten.append(str(e))

    def lokaal() -> None:
        if rp.lokaal_map is not None:
            lok = laad_lokaal(rp, gemeenten)
            for naam, df in lok.tabellen.items():
                print(f"  lokaal/{naam:17s} {len(df):>7} regels")

    def reacties() -> None:
        map_ = reacties_map(rp)
        bestanden = reactiebestanden(map_)
        if bestanden:
            re_ = lees_reacties(map_, None, rp.confrontatie.partners or ())
            print(f"  {'reviewbladen':24s} {len(bestanden):>7} bestand(en), {len(re_)} beantwoorde regels ({map_})")

    def notebooks() -> None:
        _, _, alle, gekozen, taken, _ = batch.voorbereiden(args.regio)
        print(f"  notebooks {'':14} {len(alle)} stappen, {len(taken)} notebooks per run: "
              + ", ".join(s.stap.naam for s in gekozen))

    def meter_bestand() -> None:
        antwoorden = meter.lees_antwoorden(rp, gemeenten)
        if antwoorden is not None:
            print(f"  {'woonzorgvisie-meter':24s} {len(antwoorden):>7} ingevulde onderdelen ({rp.meter.bestand})")

    for controle in (lokaal, reacties, meter_bestand, notebooks):
        deel(controle)
    if fouten:
        raise WzFout("\n".join(fouten))
    print("Alles in orde.")
    return 0


def cmd_template(args) -> int:
    rp = laad_regio(args.regio)
    gemeenten = los_gemeenten_op(rp, laad_gegevens(rp)["gemeenten"])
    doel = Path(args.map) if args.map else (rp.lokaal_map or paden.lokaal_standaard(Path(rp.root), rp.slug))
    kopieen: list[Path] = []
    paden_ = schrijf_sjabloon(doel, gemeenten, overschrijven=args.overschrijven, reservekopieen=kopieen)
    print(f"Sjablonen voor lokale invoer geschreven in {doel}:")
    for p in paden_:
        print(f"  {p}")
    if kopieen:
        print(f"De bestaande bestanden zijn eerst bewaard als reservekopie in {doel}:")
        for p in kopieen:
            print(f"  {p}")
    mpad = doel / meter.SJABLOON
    if mpad.exists() and not args.overschrijven:
        print(f"De woonzorgvisie-meter bestaat al en blijft staan: {mpad} (--overschrijven om hem opnieuw te maken)")
    else:
        if mpad.exists():
            print(f"De bestaande meter is eerst bewaard als reservekopie: {reservekopie(mpad)}")
        meter.schrijf_sjabloon(mpad, gemeenten)
        print(f"Woonzorgvisie-meter (één blad per kaart; zet het pad onder meter: bestand in het regiobestand):\n"
              f"  {mpad}")
    return 0


def cmd_meter(args) -> int:
    """Run step 8 (per gemeente and for the regio) and print per gemeente the count per kaart and the next item."""
    rp = laad_regio(args.regio)
    code = 0
    if not args.alleen_tonen:
        code = batch.run(args.regio, stappen=[METER.notebook, METER_REGIO.notebook], workers=args.workers,
                         opnieuw=args.opnieuw).exitcode
    if not resultaten.bestaat(rp.uitvoer_map, paden.REGIO, T.METER_REGIO):
        raise WzFout(f"Er is nog geen woonzorgvisie-meter voor regio {rp.naam}: draai wz meter --regio {rp.slug}")
    per_kaart = resultaten.lees(rp.uitvoer_map, paden.REGIO, T.METER_REGIO)
    namen = {g.code: g.naam for g in los_gemeenten_op(rp, laad_gegevens(rp)["gemeenten"])}
    print(f"Woonzorgvisie-meter, regio {rp.naam} (per kaart: gereed/van toepassing):")
    for regel in meter_tekst.cli_regels(per_kaart, namen):
        print(f"  {regel}")
    return code


def cmd_partners(args) -> int:
    uit = schrijf_reviewbladen_voor_regio(laad_regio(args.regio))
    print(f"{len(uit)} reviewblad(en) voor partners geschreven:")
    for p in uit:
        print(f"  {p}")
    return 0


def cmd_kernel(args) -> int:
    naam = zorg_voor_kernel()
    print(f"Jupyter-kernel '{naam}' is beschikbaar ({sys.prefix}).")
    return 0


#: argparse's English messages and their Dutch text (argparse has no Dutch translation of its own).
_ARGPARSE_NL: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.*)", r"deze argumenten zijn verplicht: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"\1: ongeldige keuze \2 (kies uit \3)"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: ongeldige waarde \3 (verwacht: \2)"),
    (r"argument (\S+): expected one argument", r"\1: verwacht een waarde"),
    (r"argument (\S+): expected at least one argument", r"\1: verwacht minstens één waarde"),
    (r"argument (\S+): ignored explicit argument (.*)", r"\1: overbodige waarde \2"),
    (r"argument (\S+): not allowed with argument (.*)", r"\1: mag niet samen met \2"),
    (r"ambiguous option: (\S+) could match (.*)", r"optie \1 is niet eenduidig: \2"),
)


def _nl_argparse(tekst: str) -> str:
    for patroon, vervanging in _ARGPARSE_NL:
        nieuw, n = re.subn(patroon, vervanging, tekst)
        if n:
            return nieuw.replace("invalid int", "geheel getal").replace("(verwacht: int)", "(verwacht: geheel getal)")
    return tekst


class NlArgumentParser(argparse.ArgumentParser):
    """argparse with Dutch usage, help headings and error messages (exit code 2, as argparse)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="deze hulptekst tonen en stoppen")

    def format_usage(self) -> str:
        return re.sub(r"^usage: ", "gebruik: ", super().format_usage())

    def format_help(self) -> str:
        return re.sub(r"^usage: ", "gebruik: ", super().format_help())

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {_nl_argparse(message)}\n")


def parser() -> argparse.ArgumentParser:
    p = NlArgumentParser(prog="wz", description="woonzorganalyse: analyse per regio en gemeente")
    sub = p.add_subparsers(dest="cmd", required=True, title="opdrachten", metavar="OPDRACHT")

    stappen = ", ".join(f"{s.sleutel} ({s.notebook})" for s in STAPPEN.values())
    r = sub.add_parser("run", help="alle stappen voor alle gemeenten van een regio uitvoeren")
    r.add_argument("--regio", required=True, help="naam van params/regios/<regio>.yaml of pad")
    r.add_argument("--stappen", nargs="+", help=f"bv. omvang aanbod (standaard: alle): {stappen}")
    r.add_argument("--gemeenten", nargs="+", help="gemeentecodes of -namen (standaard: alle)")
    r.add_argument("--workers", type=int, metavar="N", help="aantal parallelle processen (standaard: aantal cores)")
    r.add_argument("--opnieuw", action="store_true", help="ook stappen die actueel zijn opnieuw draaien")
    r.add_argument("--deelregios", nargs="+",
                   help="bij een landbestand (bv. nederland): alleen deze deelregio's (naam of mapnaam)")
    r.add_argument("--koude-kernels", action="store_true",
                   help="een nieuwe kernel per notebook (trager; standaard houdt elke worker een warme kernel)")
    r.add_argument("--kernel-max-notebooks", type=int, metavar="N",
                   help="een warme kernel na N notebooks vervangen (standaard 200)")
    r.add_argument("--kernel-max-mb", type=float, metavar="MB",
                   help="een warme kernel vervangen als hij meer geheugen gebruikt (standaard 400)")
    r.add_argument("--dask", metavar="ADRES",
                   help="de notebooks op een Dask-cluster draaien: het adres van de scheduler (tcp://host:8786) "
                        "of 'local' (een LocalCluster op deze machine); zie de README")
    r.add_argument("--dask-terugsturen", action="store_true",
                   help="met --dask: de workers schrijven niet in de uitvoermap maar sturen hun uitvoer terug, en "
                        "deze machine schrijft die weg (vanzelf als een worker de uitvoermap niet ziet)")
    r.set_defaults(func=cmd_run)

    pub = sub.add_parser("publish", help="geslaagde notebooks als HTML publiceren voor partners")
    pub.add_argument("--regio", required=True)
    pub.add_argument("--zip", action="store_true", help="ook een zip-bestand om te versturen")
    pub.add_argument("--editie", choices=("partner", "analist"), default="partner",
                     help="partner (standaard): zonder analistenmateriaal; analist: alles, met parameters")
    pub.add_argument("--pdf", action="store_true", help="ook elk rapport als PDF (A4, met headless Chromium)")
    pub.add_argument("--workers", type=int, default=2, help="aantal parallelle processen (standaard 2)")
    pub.add_argument("--alles", action="store_true", help="alle rapporten opnieuw maken, ook ongewijzigde")
    pub.set_defaults(func=cmd_publish)

    d = sub.add_parser("data", help="CBS-gegevens ophalen en de cache bekijken")
    dsub = d.add_subparsers(dest="datacmd", required=True, title="opdrachten", metavar="OPDRACHT")
    f = dsub.add_parser("fetch", help="CBS-tabellen voor een regio ophalen in de cache")
    f.add_argument("--regio", required=True)
    f.set_defaults(func=cmd_data_fetch)
    s = dsub.add_parser("status", help="wat staat er in de CBS-cache en hoe oud is het")
    s.add_argument("--regio")
    s.add_argument("--cache", help="cache-map (standaard data/cache/cbs)")
    s.set_defaults(func=cmd_data_status)

    c = sub.add_parser("controleer", help="regio-parameters, invoer, lokale invoer en notebooks valideren")
    c.add_argument("--regio", required=True)
    c.set_defaults(func=cmd_controleer)

    t = sub.add_parser("template", help="sjablonen (CSV en XLSX) voor lokale invoer schrijven")
    t.add_argument("--regio", required=True)
    t.add_argument("--map", help="doelmap (standaard de lokaal-map van de regio)")
    t.add_argument("--overschrijven", action="store_true")
    t.set_defaults(func=cmd_template)

    m = sub.add_parser("meter", help="woonzorgvisie-meter: stap 8 draaien en de stand per gemeente tonen")
    m.add_argument("--regio", required=True)
    m.add_argument("--alleen-tonen", action="store_true", help="niets draaien, alleen de laatste stand tonen")
    m.add_argument("--opnieuw", action="store_true", help="ook draaien als de meter actueel is")
    m.add_argument("--workers", type=int, default=None)
    m.set_defaults(func=cmd_meter)

    pa = sub.add_parser("partners", help="reviewbladen voor de partnerronde schrijven")
    pa.add_argument("--regio", required=True)
    pa.set_defaults(func=cmd_partners)

    k = sub.add_parser("kernel", help="de Jupyter-kernel van deze omgeving installeren")
    k.set_defaults(func=cmd_kernel)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except WzFout as e:
        print(f"wz: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # disk full, read-only or unreadable folder: no traceback, earlier files are intact
        print(f"wz: {os_melding(e)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wz: afgebroken.", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - a bug: a short Dutch message, the traceback in a file
        print(f"wz: onverwachte fout ({type(e).__name__}: {e}). {_bewaar_traceback()}", file=sys.stderr)
        return 3


def _bewaar_traceback() -> str:
    """Write the current traceback to a temp file (for the maintainers), or to stderr with WZ_DEBUG=1."""
    tekst = traceback.format_exc()
    if os.environ.get("WZ_DEBUG"):
        print(tekst, file=sys.stderr)
        return ""
    try:
        fd, pad = tempfile.mkstemp(prefix="wz-fout-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(tekst)
    except OSError:
        return "Zet WZ_DEBUG=1 voor de technische details."
    return f"Meld dit bij de beheerders van de toolkit; de technische details staan in {pad}."


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
