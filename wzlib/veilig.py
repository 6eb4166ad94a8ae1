"""Text from outside (names of gemeenten, regio's and partners, labels, file names) made safe for Markdown.

Names come from files other people write: ``gemeenten.csv`` of an import folder, the regio file, the
``partner`` cells of a returned review sheet. Markdown passes raw HTML through, so a name such as
``Zorgkantoor <svg onload=alert(7)>`` would run in every published report. The rule:

* :func:`md_tekst` — once, where an outside string enters a Markdown text (``*_tekst`` modules,
  ``analyse.kop_tekst``): HTML characters become entities and Markdown punctuation is escaped, so the name
  reads exactly as typed and can neither open a tag nor a link.
* :func:`md_code` — the same for text shown inside backticks (a folder name).
* :func:`ontsmet_markdown` — defence in depth when publishing: every Markdown *output* of a notebook is
  checked again; a raw tag or a ``javascript:`` link that slipped through becomes visible text. Output of
  :func:`md_tekst` contains no ``<``, so nothing is escaped twice.

Tables (:mod:`wzlib.presentatie.tabellen`), chart alt texts and the colophon escape with ``html.escape``
themselves; this module is for Markdown only.
"""

from __future__ import annotations

import html
import re
from typing import Any

# CommonMark backslash-escapable punctuation that can start markup inside running text: emphasis, code,
# links and images, tables, headings, math ($ in nbconvert), strikethrough.
_MD_TEKENS = re.compile(r"([\\`*_\[\]|#$~!])")
_WIT = re.compile(r"\s+")


def md_tekst(waarde: Any) -> str:
    """Outside text for inside Markdown: shown literally, never as markup (``<`` ``>`` ``&`` as entities,
    Markdown punctuation backslash-escaped, line breaks as one space)."""
    t = _WIT.sub(" ", "" if waarde is None else str(waarde)).strip()
    return _MD_TEKENS.sub(r"\\\1", html.escape(t, quote=False))


def md_code(waarde: Any) -> str:
    """Outside text as an inline code span (backticks inside are replaced; code spans show HTML as text)."""
    t = _WIT.sub(" ", "" if waarde is None else str(waarde)).strip().replace("`", "'")
    return f"`{t}`"


_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_LINK_SCHEMA = re.compile(r"(\]\(\s*<?)\s*(?:javascript|vbscript|data)\s*:", re.I)


def ontsmet_markdown(md: str) -> str:
    """A Markdown text with every raw HTML tag, comment or autolink turned into text (``<`` -> ``&lt;``)
    and links to ``javascript:``/``data:``/``vbscript:`` disabled; code spans and fences are left alone
    (they show their content as text anyway). Idempotent."""
    delen = _CODE.split(md)
    for i in range(0, len(delen), 2):  # even parts are outside code
        delen[i] = _LINK_SCHEMA.sub(r"\1#geblokkeerd:", _TAG.sub("&lt;", delen[i]))
    return "".join(delen)
