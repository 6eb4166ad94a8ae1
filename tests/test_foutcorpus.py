"""Het foutencorpus zelf: unieke sleutels, bekende categorieën, en docs/foutcorpus.md gelijk aan de tests."""
from foutcorpus import CATEGORIEEN, DOC, alle_gevallen, pagina


def test_gevallen_uniek_en_ingedeeld():
    gevallen = alle_gevallen()
    ids = [g.id for _, g in gevallen]
    dubbel = sorted({i for i in ids if ids.count(i) > 1})
    assert not dubbel, f"dubbele sleutels in het foutencorpus: {dubbel}"
    onbekend = [g.id for _, g in gevallen if g.categorie not in CATEGORIEEN]
    assert not onbekend, f"onbekende categorie bij: {onbekend}"
    leeg = [g.id for _, g in gevallen if not g.invoer.strip() or not g.uitkomst.strip()]
    assert not leeg, f"geval zonder invoer of uitkomst: {leeg}"


def test_documentatie_volgt_de_tests():
    verwacht = pagina()
    huidig = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert huidig == verwacht, "docs/foutcorpus.md loopt achter: draai `.venv/bin/python tests/foutcorpus.py`"
