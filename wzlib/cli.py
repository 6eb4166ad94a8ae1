"""The ``wz`` command: a thin layer over wzlib functions (which the tests call directly).

    wz run --regio X [--stappen ...] [--gemeenten ...] [--workers N] [--opnieuw]
    wz publish --regio X [--zip] [--editie partner|analist] [--pdf] [--alles]
    wz data fetch --regio X                     wz data status
    wz controleer --regio X                     (alles controleren voordat er iets draait)
    wz template --regio X [--map M] [--overschrijven]
    wz partners --regio X
    wz kernel
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import batch, paden, publiceren
from .analyse import laad_gegevens, laad_lokaal
from .bronnen import cbs
from .bronnen.sjabloon import schrijf_sjabloon
from .fouten import WzFout
from .kernel import zorg_voor_kernel
from .params import laad_regio, los_gemeenten_op
from .partnerronde import schrijf_reviewbladen_voor_regio
from .stappen import STAPPEN


def cmd_run(args) -> int:
    res = batch.run(args.regio, stappen=args.stappen, gemeenten=args.gemeenten, workers=args.workers,
                    opnieuw=args.opnieuw)
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
    regels = cbs.vul_cache(rp.opgegeven_codes or [], cache_dir=rp.cbs_cache, peiljaar=rp.peiljaar, regio_slug=rp.slug)
    for r in regels:
        print("  " + "  ".join(f"{k}={v}" for k, v in r.items()))
    return 0


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
    """Everything ``wz run`` checks before a kernel starts, plus the data and the local inputs: the regio
    file (every section), the source, the gemeenten, the local input files, the step notebooks and their
    parameters."""
    rp = laad_regio(args.regio)
    g = laad_gegevens(rp, cache=False)
    gemeenten = los_gemeenten_op(rp, g["gemeenten"])
    print(f"Regio {rp.naam}: {len(gemeenten)} gemeenten ({', '.join(f'{x.naam} ({x.code})' for x in gemeenten)})")
    print("  regio-parameters: alle secties in orde (afscherming, prognose, spreiding, confrontatie, kengetallen)")
    for naam, df in g.tabellen.items():
        h = g.herkomst.get(naam)
        print(f"  {naam:24s} {len(df):>7} regels  {h.regel() if h else '(ontbreekt)'}")
    if rp.lokaal_map is not None:
        lok = laad_lokaal(rp, gemeenten)
        for naam, df in lok.tabellen.items():
            print(f"  lokaal/{naam:17s} {len(df):>7} regels")
    _, _, alle, gekozen, taken, _ = batch.voorbereiden(args.regio)
    print(f"  notebooks {'':14} {len(alle)} stappen, {len(taken)} notebooks per run: "
          + ", ".join(s.stap.naam for s in gekozen))
    print("Alles in orde.")
    return 0


def cmd_template(args) -> int:
    rp = laad_regio(args.regio)
    gemeenten = los_gemeenten_op(rp, laad_gegevens(rp)["gemeenten"])
    doel = Path(args.map) if args.map else (rp.lokaal_map or paden.lokaal_standaard(Path(rp.root), rp.slug))
    paden_ = schrijf_sjabloon(doel, gemeenten, overschrijven=args.overschrijven)
    print(f"Sjablonen voor lokale invoer geschreven in {doel}:")
    for p in paden_:
        print(f"  {p}")
    return 0


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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wz", description="woonzorganalyse: analyse per regio en gemeente")
    sub = p.add_subparsers(dest="cmd", required=True)

    stappen = ", ".join(f"{s.sleutel} ({s.notebook})" for s in STAPPEN.values())
    r = sub.add_parser("run", help="alle stappen voor alle gemeenten van een regio uitvoeren")
    r.add_argument("--regio", required=True, help="naam van params/regios/<regio>.yaml of pad")
    r.add_argument("--stappen", nargs="+", help=f"bv. omvang aanbod (standaard: alle): {stappen}")
    r.add_argument("--gemeenten", nargs="+", help="gemeentecodes of -namen (standaard: alle)")
    r.add_argument("--workers", type=int, help="aantal parallelle processen (standaard: aantal cores)")
    r.add_argument("--opnieuw", action="store_true", help="ook stappen die actueel zijn opnieuw draaien")
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
    dsub = d.add_subparsers(dest="datacmd", required=True)
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
    except KeyboardInterrupt:
        print("wz: afgebroken.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
