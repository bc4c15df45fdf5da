"""Languages: one message catalogue per language, looked up by key, and Babel's formatting.

The catalogue is gettext: ``tradetarget/locales/<lang>/*.po``, one file per area of the code (the
files of a language are one catalogue; a key lives in exactly one file). ``msgid`` is a stable key
such as ``"answer.verdict.met"``; English (``en``) is the source language. Templates take named
parameters (``"met in {year}"``) so word order can differ by language, and counted words use gettext
plural forms (Russian has three, Kazakh and Chinese do not inflect a noun after a numeral).

:func:`messages` parses a language's files once per process and returns a :class:`Messages`; pages
take it once per run and pass it (or its ``lang``) down. Numbers, money, percentages and dates are
formatted by Babel for the language: decimal comma and non-breaking spaces in ru/kk, "41 млрд долл.",
"410.2亿美元", "10 ноября 2023 г.".
"""

from __future__ import annotations

import gettext
import io
import os
import re
import string
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_decimal

from tradetarget.published import Published

LANGS = ("en", "ru", "kk", "zh")
"""The dashboard's languages; English is the source language and the fallback."""
DEFAULT_LANG = "en"
SOURCE_TAGS = ("GACC", "BNS")
"""The sources' tags, as data/ writes them; :meth:`Messages.source` names each in the reader's language."""
LANG_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша", "zh": "中文"}
"""Each language in its own name, for the language control."""
BABEL_LOCALES = {"en": "en", "ru": "ru", "kk": "kk", "zh": "zh_Hans_CN"}
CATALOGUE = Path(__file__).parent / "locales"
MONEY_SCALE = {"zh": 10}
"""How many of a language's chart and table money units make one US$ billion. Chinese counts dollars in 亿 (100
million): its axes, hover and table columns show billions ×10 under 亿美元, as its sentences do (410.2亿美元).
The other languages keep billions. Downloaded data (CSV with raw column names) stays in USD bn."""
STRICT_ENV = "TRADETARGET_STRICT_I18N"
"""Set to 1 (the test suite does) and a key missing from a catalogue raises instead of showing the key."""


class MissingMessage(KeyError):
    """A key that is not in the catalogue (raised only in strict mode)."""


def placeholders(template: str) -> set[str]:
    """The named parameters of a template: ``{"year", "value"}`` for "met in {year} ({value})"."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def po_files(lang: str) -> list[Path]:
    return sorted((CATALOGUE / lang).glob("*.po"))


def read_catalogue(lang: str) -> Catalog:
    """All of a language's .po files as one Babel catalogue (a key found twice is an error)."""
    merged = Catalog(locale=BABEL_LOCALES[lang].split("_")[0], domain="messages")
    for path in po_files(lang):
        with path.open("rb") as handle:
            part = read_po(handle, locale=merged.locale)
        for message in part:
            if not message.id:
                continue
            if message.id in merged:
                raise ValueError(f"{path.name}: key {message.id!r} is also in another {lang} file")
            merged[message.id] = message
    return merged


def supported(lang: object) -> str | None:
    """The language code if it is one of :data:`LANGS` (case and region ignored: "ru-RU" → "ru")."""
    if not isinstance(lang, str):
        return None
    code = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    return code if code in LANGS else None


@dataclass(frozen=True)
class Messages:
    """One language's messages and formats. Call it with a key and named parameters."""

    lang: str
    _gnu: gettext.GNUTranslations = field(repr=False, compare=False)
    _strict: bool = field(default=False, repr=False, compare=False)

    @property
    def locale(self) -> Locale:
        return Locale.parse(BABEL_LOCALES[self.lang])

    def _missing(self, key: str) -> str:
        if self._strict:
            raise MissingMessage(f"no message {key!r} in the {self.lang} catalogue")
        return key

    def has(self, key: str) -> bool:
        return key in self._gnu._catalog or (self._gnu._fallback is not None and key in self._gnu._fallback._catalog)

    def __call__(self, key: str, /, **params) -> str:
        """The message for ``key``, with its named parameters filled in. A parameter given as a source's
        tag ("GACC", "BNS") reads as the language's own short name for it («ГТУ КНР», «海关总署»)."""
        text = self._gnu.gettext(key)
        if text == key and not self.has(key):
            return self._missing(key)
        return text.format(**self._named(params)) if params else text

    def _named(self, params: dict) -> dict:
        if self.lang == DEFAULT_LANG:
            return params
        return {k: self.source(v) if isinstance(v, str) and v in SOURCE_TAGS else v for k, v in params.items()}

    def source(self, tag: str) -> str:
        """A source's short name in running text: "GACC" (en), «ГТУ КНР» (ru), «Қытай кедені» (kk), «海关总署» (zh)."""
        return self(f"headline.tag.{tag}")

    def n(self, key: str, count: int, /, **params) -> str:
        """The counted message for ``key`` (plural form chosen by ``count``); ``{n}`` is the count."""
        text = self._gnu.ngettext(key, key, count)
        if text == key and (key, 0) not in self._gnu._catalog:
            fallback = self._gnu._fallback
            if fallback is None or (key, 0) not in fallback._catalog:
                return self._missing(key)
        return text.format(n=self.num(count, 0), **self._named(params))

    def years(self, value: float) -> str:
        """A count of years, whole or not, with its noun in the right form: "1 year", "2.5 years", «1 год»,
        «2,5 года», «5 лет», "2,5 жыл", "2.5年". A fraction takes the form of 2 (CLDR's "other" in ru and en)."""
        count = int(value) if float(value).is_integer() else 2
        return self._gnu.ngettext("unit.years", "unit.years", count).format(n=self.num(value, None))

    def num(self, value: float, digits: int | None = 1) -> str:
        """A number with the language's separators: "1,234.5" / "1 234,5". ``digits`` None: up to three
        decimals, trailing zeros dropped (like ``:g``)."""
        pattern = "#,##0.###" if digits is None else "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return _decimal(self.lang, float(value), pattern)

    def signed(self, value: float, digits: int | None = 1) -> str:
        """A number with its sign always shown: "+24.0" / "-3,5"."""
        return ("+" if value >= 0 else "") + self.num(value, digits)

    def pct(self, value: float, digits: int | None = 1, sign: bool = False) -> str:
        """A percentage of ``value`` (24.0 → "24.0%", "+24,0%")."""
        number = self.signed(value, digits) if sign else self.num(value, digits)
        return self("fmt.percent", value=number)

    def rate(self, pct: float) -> str:
        """A growth rate with its sign and as few decimals as it needs: "+24%", "+7.5%" / "+7,5%" / "-3%"."""
        return f"{pct:+g}%" if self.lang == DEFAULT_LANG else self.pct(pct, None, sign=True)

    def capital(self, text: str) -> str:
        """``text`` as the start of a sentence: English as ``str.capitalize`` always did; elsewhere only the
        first letter changes, so "ГТУ КНР" or "GACC" keep their capitals."""
        return text.capitalize() if self.lang == DEFAULT_LANG else text[:1].upper() + text[1:]

    def money(self, bn: float, digits: int | None = 1, unit: bool = True) -> str:
        """US dollars given in billions: "$41.0bn", "41 млрд долл.", "41 млрд доллар", "410.2亿美元".

        English keeps the house style ($ and "bn", ``digits`` decimals). The other languages use Babel's
        compact form, which scales to the language's own unit (млрд, 亿) and drops a trailing zero.
        ``unit`` False leaves the currency out ("41 млрд", "410.2亿") where an axis or heading names it.
        """
        if self.lang == "en":
            amount = f"{bn:,.{digits}f}" if digits is not None else f"{bn:g}"
        else:
            amount = _compact(self.lang, round(float(bn), 9), 1 if digits is None else digits)
        if not unit and self.lang != "en":
            return amount
        return self("fmt.money", amount=amount).replace(" ", "\u00a0")  # never broken inside "9,9 млрд долл."

    @property
    def money_scale(self) -> int:
        """Multiply US$ billions by this for the language's money axes and table columns (10 in Chinese: 亿美元;
        see :data:`MONEY_SCALE`); their unit's name is the message ``charts.axis.usd_bn``."""
        return MONEY_SCALE.get(self.lang, 1)

    def amount(self, bn: float, digits: int | None = 1) -> str:
        """A bare amount given in US$ billions, in the language's table unit: "41.0" / "41,0" / "410.2" (亿美元).
        ``digits`` are those of billions; Chinese, in units ten times smaller, shows one fewer (at least one)."""
        if self.money_scale == 1:
            return self.num(bn, digits)
        return self.num(bn * self.money_scale, digits if digits is None else max(1, digits - 1))

    def date(self, value: date, form: str = "long") -> str:
        """A date in the language's own form: "10 November 2023", "10 ноября 2023 г.", "2023年11月10日".
        Kazakh always takes the long form («2023 ж. 27 қараша»): the press does not abbreviate months."""
        if self.lang == "en":
            return f"{value.day} {value:%B %Y}" if form == "long" else f"{value.day} {value:%b %Y}"
        if self.lang == "kk" and form == "medium":
            form = "long"
        return format_date(value, format=form, locale=BABEL_LOCALES[self.lang])

    def month(self, value: date) -> str:
        """A month in the language's own form: "January 2026", «январь 2026 г.», "2026 ж. қаңтар", "2026年1月"."""
        return format_skeleton("yMMMM", value, locale=BABEL_LOCALES[self.lang])

    def published(self, when: Published | None) -> str:
        """A page's date as precise as the page gives it, in words ("8 August 2025", "January 2026", "2023"),
        "around …" when it was inferred, and the language's "no date" when there is none."""
        if when is None:
            return self("fmt.published.none")
        text = (self.date(when.day) if when.precision == "day" else self.month(when.day) if when.precision == "month"
                else self("fmt.published.year", year=str(when.day.year)))
        return self("fmt.published.approximate", date=text) if when.approximate else text

    def full_stop(self, text: str) -> str:
        """``text`` ended by the language's full stop, unless it already ends a sentence ("… 2025 г." stays)."""
        return text if text.endswith((".", "。", "!", "?")) else self("export.briefing.sentence", text=text)

    def join(self, items: list[str]) -> str:
        """A list in words: "a, b and c" / "a, b и c" / "a、b和c"."""
        return format_list(list(items), locale=BABEL_LOCALES[self.lang]) if items else ""


@lru_cache(maxsize=4096)
def _decimal(lang: str, value: float, pattern: str) -> str:
    """Babel's number format, remembered: a rerun writes the same few dozen numbers again (~0.1 ms each)."""
    return format_decimal(value, format=pattern, locale=BABEL_LOCALES[lang])


@lru_cache(maxsize=4096)
def _compact(lang: str, bn: float, digits: int) -> str:
    """Babel's compact form of ``bn`` billion ("41 млрд", "410.2亿"), remembered (~0.2 ms each)."""
    return format_compact_decimal(bn * 1e9, format_type="short", locale=BABEL_LOCALES[lang], fraction_digits=digits)


def _translations(lang: str) -> gettext.GNUTranslations:
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(lang))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache(maxsize=len(LANGS))
def messages(lang: str = DEFAULT_LANG) -> Messages:
    """The messages of ``lang`` (parsed once per process); English fills any key a language lacks."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    gnu = _translations(lang)
    if lang != DEFAULT_LANG:
        gnu.add_fallback(_translations(DEFAULT_LANG))
    return Messages(lang, gnu, os.environ.get(STRICT_ENV) == "1")
