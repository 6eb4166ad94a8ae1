"""The ``wz`` command: a thin layer over wzlib functions (which the tests call directly).

    wz run --regio X [--stappen ...] [--gemeenten ...] [--workers N] [--opnieuw]
    wz publish --regio X [--zip]
    wz data fetch --regio X [--vernieuwen]      wz data status
    wz controleer --regio X                     (params, invoer en lokale invoer valideren)
    wz template --regio X [--map M] [--overschrijven]
    wz partners --regio X
    wz kernel
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .fouten import WzFout


def _regio(args):
    from .params import laad_regio

    return laad_regio(args.regio)


def cmd_run(args) -> int:
    from . import batch

    res = batch.run(args.regio, stappen=args.stappen, gemeenten=args.gemeenten, workers=args.workers,
                    opnieuw=args.opnieuw)
    return int(getattr(res, "exitcode", 0))


def cmd_publish(args) -> int:
    from . import publiceren

    paden = publiceren.publiceer(args.regio, zip=args.zip)
    print(f"{len(paden)} bestand(en) gepubliceerd.")
    for p in paden:
        if str(p).endswith(("index.html", ".zip")):
            print(f"  {p}")
    return 0


def cmd_data_fetch(args) -> int:
    from .bronnen import cbs

    rp = _regio(args)
    if rp.bron.soort != "cbs":
        print(f"Regio {rp.naam} gebruikt bron '{rp.bron.soort}' ({rp.bron.map}); er valt niets op te halen bij CBS.")
        return 0
    codes = [g if isinstance(g, str) else g.code for g in rp.gemeenten]
    regels = cbs.vul_cache(codes, cache_dir=rp.pad_naar(rp.bron.cache), peiljaar=rp.peiljaar, regio_slug=rp.slug)
    for r in regels:
        print("  " + "  ".join(f"{k}={v}" for k, v in r.items()))
    return 0


def cmd_data_status(args) -> int:
    from .bronnen import cbs
    from .params import projectmap

    cache = Path(args.cache) if args.cache else projectmap() / "data" / "cache" / "cbs"
    if args.regio:
        rp = _regio(args)
        cache = rp.pad_naar(rp.bron.cache)
    df = cbs.cache_status(cache)
    if df.empty:
        print(f"Geen CBS-tabellen in de cache ({cache}). Vul die met: wz data fetch --regio <regio>")
        return 0
    print(f"CBS-cache {cache}:")
    print(df.to_string(index=False))
    return 0


def cmd_controleer(args) -> int:
    from .analyse import laad_gegevens
    from .params import los_gemeenten_op

    rp = _regio(args)
    g = laad_gegevens(rp, cache=False)
    gemeenten = los_gemeenten_op(rp, g["gemeenten"])
    print(f"Regio {rp.naam}: {len(gemeenten)} gemeenten ({', '.join(f'{x.naam} ({x.code})' for x in gemeenten)})")
    for naam, df in g.tabellen.items():
        h = g.herkomst.get(naam)
        print(f"  {naam:24s} {len(df):>7} regels  {h.regel() if h else '(ontbreekt)'}")
    if rp.lokaal_map is not None:
        from .bronnen.lokaal import lees_lokaal

        lok = lees_lokaal(rp.lokaal_map, gemeenten=[x.code for x in gemeenten])
        for naam in ("aandachtsgroepen", "aanbod", "plancapaciteit", "woningmarkt"):
            df = getattr(lok, naam, None)
            print(f"  lokaal/{naam:17s} {0 if df is None else len(df):>7} regels")
    print("Alles in orde.")
    return 0


def cmd_template(args) -> int:
    from .analyse import laad_gegevens
    from .bronnen.sjabloon import schrijf_sjabloon
    from .params import los_gemeenten_op

    rp = _regio(args)
    gemeenten = los_gemeenten_op(rp, laad_gegevens(rp)["gemeenten"])
    doel = Path(args.map) if args.map else (rp.lokaal_map or Path(rp.root) / "data" / "lokaal" / rp.slug)
    paden = schrijf_sjabloon(doel, [(g.code, g.naam) for g in gemeenten], overschrijven=args.overschrijven)
    print(f"Sjablonen voor lokale invoer geschreven in {doel}:")
    for p in paden:
        print(f"  {p}")
    return 0


def cmd_partners(args) -> int:
    from . import confrontatie
    from .bronnen import partners

    rp = _regio(args)
    paden = confrontatie.schrijf_reviewbladen_regio(rp) if hasattr(confrontatie, "schrijf_reviewbladen_regio") \
        else partners.schrijf_reviewbladen_voor_regio(rp)
    print(f"{len(paden)} reviewblad(en) voor partners geschreven:")
    for p in paden:
        print(f"  {p}")
    return 0


def cmd_kernel(args) -> int:
    from .kernel import zorg_voor_kernel

    naam = zorg_voor_kernel()
    print(f"Jupyter-kernel '{naam}' is beschikbaar ({sys.prefix}).")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wz", description="woonzorganalyse: analyse per regio en gemeente")
    sub = p.add_subparsers(dest="cmd", required=True)

    r = sub.add_parser("run", help="alle stappen voor alle gemeenten van een regio uitvoeren")
    r.add_argument("--regio", required=True, help="naam van params/regios/<regio>.yaml of pad")
    r.add_argument("--stappen", nargs="+", help="bv. 10_omvang 20_aanbod (standaard: alle)")
    r.add_argument("--gemeenten", nargs="+", help="gemeentecodes of -namen (standaard: alle)")
    r.add_argument("--workers", type=int, help="aantal parallelle processen (standaard: aantal cores)")
    r.add_argument("--opnieuw", action="store_true", help="ook stappen die actueel zijn opnieuw draaien")
    r.set_defaults(func=cmd_run)

    pub = sub.add_parser("publish", help="geslaagde notebooks als HTML publiceren voor partners")
    pub.add_argument("--regio", required=True)
    pub.add_argument("--zip", action="store_true", help="ook een zip-bestand om te versturen")
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

    c = sub.add_parser("controleer", help="regio-parameters, invoer en lokale invoer valideren")
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
