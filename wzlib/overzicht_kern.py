"""The overview at the top of the regio index: kerncijfers per gemeente and a map of the regio.

The figures come from the catalogue table ``samenvatting`` (written by the samenvatting step per gemeente),
shown with the same formatting and suppression as the Kern table of the samenvatting pages
(:func:`wzlib.kern._cel`), so a figure has the same value everywhere. The table carries no "kwetsbaar"
flag, so counts are suppressed at the (higher) threshold for vulnerable groups: the index never shows
more than a page. Only kerncijfers that every gemeente with a samenvatting has are shown (the largest
tekort differs per gemeente). The map colours the gemeenten by one kerncijfer (:data:`KAART_KERNCIJFER`)
with the map helper of the reports, as an inline PNG with alt text and the values in a table below it.
"""

from __future__ import annotations

import dataclasses
import html as htmlmod
import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from . import catalogus as T
from . import paden, resultaten
from .bronnen.geo import laad_geo
from .kern import _cel
from .params import Gemeente, RegioParams
from .presentatie import kaarten
from .presentatie.afscherming import Regels
from .vingerafdruk import modules_hash, module_afsluiting, sha_bestand, sha_json

#: the kerncijfer coloured on the map of the regio
KAART_KERNCIJFER = "75-plussers (% van de inwoners)"
KAART_LEGENDA = {KAART_KERNCIJFER: "Inwoners 75+ (%)"}
_SOORT_KAART = {"pct": "pct", "aantal": "aantal", "factor": "getal", "per_1000": "getal"}


def regels_van(rp: RegioParams) -> Regels:
    """The disclosure rules of the regio (as ``A.regels`` in the notebooks)."""
    return Regels(**rp.afscherming.model_dump())


def lees_kerncijfers(regio_map: Path, gemeenten: Sequence[Gemeente]) -> pd.DataFrame:
    """The ``samenvatting`` rows of every gemeente that has them (empty frame when none has)."""
    df, _ = resultaten.lees_gemeenten(regio_map, gemeenten, T.SAMENVATTING, verplicht=False)
    return df


def kerncijfers_tabel(samenvatting: pd.DataFrame, gemeenten: Sequence[Gemeente], regels: Regels) -> pd.DataFrame:
    """Display table: one row per gemeente (name), one column per kerncijfer that all of them have, the
    cells as text exactly as on the samenvatting pages (suppressed counts as the marker, unknown as "–")."""
    if samenvatting.empty:
        return pd.DataFrame({"Gemeente": pd.Series(dtype=object)})
    codes = [g.code for g in gemeenten if g.code in set(samenvatting["gemeentecode"])]
    per = {c: d for c, d in samenvatting.groupby("gemeentecode", sort=False)}
    volgorde = list(dict.fromkeys(per[codes[0]]["kerncijfer"]))
    gemeen = [k for k in volgorde if all(k in set(per[c]["kerncijfer"]) for c in codes)]
    namen = {g.code: g.naam for g in gemeenten}
    rijen = []
    for c in codes:
        d = per[c].drop_duplicates("kerncijfer").set_index("kerncijfer")
        rij = {"Gemeente": namen.get(c, c)}
        for k in gemeen:
            soort = str(d.at[k, "soort"])
            x = d.at[k, "tekst"] if soort == "tekst" else d.at[k, "waarde"]
            rij[k] = _cel(x, soort, True, regels)[0]
        rijen.append(rij)
    return pd.DataFrame(rijen, columns=["Gemeente", *gemeen], dtype=object)


def tabel_html(tabel: pd.DataFrame, caption: str) -> str:
    """A plain accessible HTML table (first column = row header), every cell escaped."""
    e = htmlmod.escape
    kop = "".join(f'<th scope="col">{e(str(k))}</th>' for k in tabel.columns)
    rijen = "".join(
        "<tr>" + f'<th scope="row">{e(str(r.iloc[0]))}</th>'
        + "".join(f'<td class="getal">{e(str(x))}</td>' for x in r.iloc[1:]) + "</tr>"
        for _, r in tabel.iterrows())
    return (f"<table><caption>{e(caption)}</caption><thead><tr>{kop}</tr></thead>"
            f"<tbody>{rijen}</tbody></table>")


def kaart_html(rp: RegioParams, samenvatting: pd.DataFrame, gemeenten: Sequence[Gemeente], regels: Regels,
               kerncijfer: str = KAART_KERNCIJFER, cache: Path | None = None) -> str:
    """A small choropleth of the regio's gemeenten coloured by ``kerncijfer`` (``<figure>`` with an inline
    PNG, alt text and the values in a table); "" when there are no boundaries or no values.

    ``cache``: a JSON file with the last drawing and its key (values, names, boundary files, rules, code);
    when the key matches, that drawing is returned instead of drawing the same map again."""
    if samenvatting.empty:
        return ""
    rijen = samenvatting[samenvatting["kerncijfer"] == kerncijfer]
    if rijen.empty or rijen["waarde"].isna().all():
        return ""
    geo = laad_geo(rp.bron_map, rp.peiljaar, fictief=rp.fictief)
    if geo.gemeenten is None:
        return ""
    namen = {g.code: g.naam for g in gemeenten}
    gdf = geo.gemeenten[geo.gemeenten["gemeentecode"].isin(list(namen))].copy()
    if gdf.empty:
        return ""
    gdf["gemeentenaam"] = [namen[c] for c in gdf["gemeentecode"]]
    w = rijen.drop_duplicates("gemeentecode").set_index("gemeentecode")["waarde"].astype("float64")
    gdf["waarde"] = gdf["gemeentecode"].map(w).astype("float64")
    soort = str(rijen["soort"].iloc[0])
    if cache is not None:  # everything the drawing depends on: values, names, boundaries, rules and code
        geo_map = Path(rp.bron_map) / "geo" if rp.bron_map is not None else None
        sleutel = sha_json({
            "kerncijfer": kerncijfer, "soort": soort, "regels": dataclasses.asdict(regels),
            "waarden": [[c, namen[c], None if pd.isna(v) else float(v)]
                        for c, v in zip(gdf["gemeentecode"], gdf["waarde"])],
            "geo": sorted([p.name, sha_bestand(p)] for p in geo_map.glob("*.geojson")) if geo_map else [],
            "peiljaar": rp.peiljaar, "fictief": rp.fictief,
            "code": modules_hash(module_afsluiting([__name__]))})
        try:
            oud = json.loads(cache.read_text(encoding="utf-8"))
            if isinstance(oud, dict) and oud.get("sleutel") == sleutel and isinstance(oud.get("html"), str):
                return oud["html"]
        except (OSError, ValueError):  # absent or damaged: draw it again
            pass
    g = kaarten.choropleet(gdf, "waarde", bron="woonzorganalyse: samenvatting per gemeente", regels=regels,
                           titel=f"{kerncijfer} per gemeente", legenda_titel=KAART_LEGENDA.get(kerncijfer, kerncijfer),
                           soort=_SOORT_KAART.get(soort, "getal"), kwetsbaar=True, figsize=(6.0, 4.5),
                           decimalen=1 if soort == "pct" else None)
    html = g.to_html()
    if cache is not None:
        paden.atomair_tekst(cache, json.dumps({"sleutel": sleutel, "html": html}, ensure_ascii=False))
    return html


def overzicht_html(rp: RegioParams, regio_map: Path, gemeenten: Sequence[Gemeente]) -> str:
    """The overview block of the index: the map, then the kerncijfers per gemeente; "" when no gemeente has
    a samenvatting yet."""
    sv = lees_kerncijfers(regio_map, gemeenten)
    if sv.empty:
        return ""
    regels = regels_van(rp)
    t = kerncijfers_tabel(sv, gemeenten, regels)
    delen = ['<h2 id="overzicht">De regio in cijfers</h2>',
             "<p>De kerncijfers van elke gemeente, zoals in de samenvatting van die gemeente; daar staan ook de "
             "bronnen en de toelichting.</p>", kaart_html(rp, sv, gemeenten, regels,
                                                                 cache=paden.overzicht_kaart(regio_map))]
    if len(t.columns) > 1:
        delen.append(tabel_html(t, f"Kerncijfers per gemeente, regio {rp.naam}"))
    return "\n".join(d for d in delen if d)
