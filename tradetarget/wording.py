"""Words for values that come from data/: milestone titles, categories, target labels, statuses.

Our own labels in data/ (a milestone's title, a target's label) are translated through the catalogue
by a key built from the row; a row the catalogue does not know (an upload) keeps its original text.
Quotes and notes are never translated: they stay in the language they were said or written in, and
:func:`original` marks them as such.
"""

from __future__ import annotations

from tradetarget.i18n import DEFAULT_LANG, messages


def data_text(key: str, original: str, lang: str = DEFAULT_LANG) -> str:
    """The catalogue's text for ``key`` in ``lang``, or ``original`` when the catalogue lacks the key."""
    t = messages(lang)
    return t(key) if t.has(key) else original
