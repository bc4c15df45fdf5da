""""Cite this view": the headline, the publisher, the view's permanent link, the data version and the access date,
as plain text and as BibTeX.

The data version is a short digest of ``data/`` (:func:`tradetarget.data.data_version`) with the publication date
of its newest figure, so a reader can tell which data a quoted answer rests on. The publisher comes from
:mod:`tradetarget.config`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tradetarget import config, published, sources
from tradetarget.data import Dataset
from tradetarget.i18n import messages
from tradetarget.published import Published
from tradetarget.scenario import Outlook


@dataclass(frozen=True)
class Citation:
    """What a citation of one view names (texts already in the view's language)."""

    headline: str
    publisher: str
    publisher_url: str | None
    what: str
    url: str | None
    version: str
    newest: Published | None
    accessed: date
    notes: tuple[str, ...] = ()
    """Caveats the reader must keep with the figures: weak sources, uploaded figures."""
    lang: str = "en"


def weak_note(dataset: Dataset, outlook: Outlook) -> str | None:
    """The annual figures of the view's sources that only a weak page supports, named for the citation."""
    weak = sources.weak_figures(dataset, outlook.view.sources, annual_only=True)
    if not weak:
        return None
    t = messages(outlook.view.lang)
    figures = t.join([t("cite.figure", source=w.source, period=w.period, value=t.money(w.value)) for w in weak])
    return t("cite.weak", figures=figures)


def _base(url: str | None) -> str | None:
    return None if not url else url.split("?", 1)[0]


def cite(dataset: Dataset, outlook: Outlook, url: str | None, day: date | None = None,
         notes: tuple[str, ...] = ()) -> Citation:
    """The citation of ``outlook``'s view at ``url`` (the view's permanent link), accessed on ``day``."""
    view = outlook.view
    t = messages(view.lang)
    day = day or date.today()
    target = next(iter(outlook.answers.values())).target_words if outlook.answers else ""
    start = t("ui.cite.from", year=str(view.base_year)) if view.base_year else ""
    what = t("ui.cite.what", target=target, rate=t.rate(view.growth_pct), start=start,
             sources=t.join(list(view.sources)))
    pub = config.publisher()
    frame = dataset.turnover  # the view's own sources: a BNS view never names GACC's publication date
    newest = published.newest(frame.loc[frame["source"].isin(view.sources), "published"], day)
    return Citation(headline=outlook.headline, publisher=t(pub.name_key), publisher_url=pub.url or _base(url),
                    what=what, url=url, version=dataset.version, newest=newest, accessed=day, notes=notes,
                    lang=view.lang)


def plain(c: Citation) -> str:
    """The citation as text: the headline, then the reference line, then any caveats."""
    t = messages(c.lang)
    reference = t.full_stop(t("cite.reference", publisher=c.publisher,
                  publisher_url=t("cite.publisher_url", url=c.publisher_url) if c.publisher_url else "",
                  what=c.what, link=t("ui.cite.link", url=c.url) if c.url else "",
                  version=c.version, newest=t.published(c.newest), day=t.date(c.accessed)))
    return "\n".join([c.headline, reference, *c.notes])


_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "%": r"\%", "&": r"\&", "#": r"\#",
        "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _tex(text: str) -> str:
    return re.sub(r"[\\{}$%&#_~^]", lambda m: _TEX[m.group()], text)


def bibtex(c: Citation) -> str:
    """The citation as a BibTeX ``@misc`` entry (biblatex's ``urldate``; the key names the data version)."""
    t = messages(c.lang)
    note = " ".join([t("cite.bib_note", version=c.version, newest=t.published(c.newest)), c.headline, *c.notes])
    fields = [("author", "{" + _tex(c.publisher) + "}"), ("title", _tex(c.what)), ("year", str(c.accessed.year))]
    if c.url:
        fields += [("howpublished", r"\url{" + c.url + "}"), ("url", c.url)]
    fields += [("urldate", c.accessed.isoformat()), ("note", _tex(note))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{kzcn-trade-tracker-{c.version}-{c.accessed:%Y%m%d},\n{body}\n}}"
