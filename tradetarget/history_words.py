"""Words for what a figure changed (:mod:`tradetarget.history`), through the catalogue, in any language.

"BNS 2025 $33.3bn (published 20 Feb 2026): $40bn by 2030 still not met, shortfall $9.9bn → $6.7bn, required pace
+4.9% → +3.7% a year"."""

from __future__ import annotations

from tradetarget import published, wording
from tradetarget.answer import target_name
from tradetarget.data import Dataset
from tradetarget.history import Change, Facts, Figure
from tradetarget.i18n import DEFAULT_LANG, Messages, messages

DEFAULT_TARGET = "40by2030"


def _figure(t: Messages, fig: Figure) -> str:
    return t("changes.figure", source=t(f"headline.tag.{fig.source}"), period=wording.period(fig.period, t.lang),
             value=t.money(fig.value), date=t.published(published.parse(fig.published)))


def _status(t: Messages, before: Facts | None, after: Facts | None) -> str:
    now = after.status if after else "none"
    was = before.status if before else "none"
    year = str(after.met_year) if after and after.met_year else ""
    return t(f"changes.status.{'still' if was == now else 'now'}.{now}", year=year)


def _money(t: Messages, value: float | None) -> str:
    return t("changes.none_value") if value is None else t.money(value)


def _rate(t: Messages, value: float | None) -> str:
    return t("changes.none_value") if value is None else t.rate(round(value, 1))


def _year(t: Messages, value: int | None) -> str:
    return t("changes.none_value") if value is None else str(value)


def effect(t: Messages, target: str, before: Facts | None, after: Facts | None) -> str:
    """One answer's change: "$40bn by 2030 still not met, shortfall $9.9bn → $6.7bn, …"."""
    parts = [t("changes.effect.status", target=target, status=_status(t, before, after))]
    pick = [f for f in (before, after) if f is not None]
    if any(f.shortfall is not None for f in pick):
        parts.append(t("changes.effect.shortfall", before=_money(t, before and before.shortfall),
                       after=_money(t, after and after.shortfall)))
    if any(f.required_pct is not None for f in pick):
        parts.append(t("changes.effect.required", before=_rate(t, before and before.required_pct),
                       after=_rate(t, after and after.required_pct)))
    if any(f.reached_year is not None for f in pick) and (before is None or after is None
                                                          or before.reached_year != after.reached_year):
        parts.append(t("changes.effect.reached", before=_year(t, before and before.reached_year),
                       after=_year(t, after and after.reached_year)))
    return t("changes.effect.separator").join(parts)


def _moved(before: Facts | None, after: Facts | None) -> bool:
    """Whether a pledge's verdict moved (its status or the year it was met), not only its shortfall."""
    return (before is None) != (after is None) or (before.status, before.met_year) != (after.status, after.met_year)


def line(change: Change, dataset: Dataset, lang: str = DEFAULT_LANG, everything: bool = False,
         target_id: str = DEFAULT_TARGET) -> str:
    """One figure and its effect on the default pledge ($40bn by 2030) and on every other pledge whose verdict it
    moved (``everything``: on every pledge)."""
    t = messages(lang)
    head = _figure(t, change.figure)
    if change.old is not None:
        head = t("changes.revised", figure=head, old=t.money(change.old.value))
    names = {str(row["id"]): target_name(row, lang) for _, row in dataset.targets.iterrows()}
    effects = [effect(t, names.get(b.target_id if b else a.target_id, ""), b, a)
               for b, a in change.effects
               if everything or (b != a and ((b or a).target_id == target_id or _moved(b, a)))]
    if not effects:
        return t("changes.line.no_effect", figure=head)
    return t("changes.line", figure=head, effects=t("changes.effects.separator").join(effects))


def lines(changes: tuple[Change, ...], dataset: Dataset, lang: str = DEFAULT_LANG,
          target_id: str = DEFAULT_TARGET) -> list[str]:
    """:func:`line` of each change, its effects told for ``target_id`` and any pledge whose verdict moved."""
    return [line(c, dataset, lang, target_id=target_id) for c in changes]
