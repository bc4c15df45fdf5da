"""The message catalogue: every key in every language, the same placeholders, the right plural forms."""

import re
from pathlib import Path

import pytest

from tradetarget import i18n

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = {lang: i18n.read_catalogue(lang) for lang in i18n.LANGS}


def _texts(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def _keys(lang: str) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in CATALOGUES[lang] if m.id}


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGS if lang != "en"])
def test_every_key_is_in_every_language(lang):
    english, other = _keys("en"), _keys(lang)
    assert not english - other, f"missing in {lang}: {sorted(english - other)}"
    assert not other - english, f"{lang} has keys English lacks: {sorted(other - english)}"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_message_is_empty(lang):
    empty = [m.id for m in CATALOGUES[lang] if m.id and not all(t.strip() for t in _texts(m))]
    assert not empty


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGS if lang != "en"])
def test_placeholders_match_english(lang):
    english = {m.id if isinstance(m.id, str) else m.id[0]: m for m in CATALOGUES["en"] if m.id}
    wrong = []
    for message in CATALOGUES[lang]:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if not key or key not in english:
            continue
        expected = set().union(*(i18n.placeholders(t) for t in _texts(english[key])))
        for text in _texts(message):
            if i18n.placeholders(text) != expected:
                wrong.append((key, text, sorted(expected)))
    assert not wrong


def test_plural_forms_have_the_language_count():
    counts = {"en": 2, "ru": 3, "kk": 2, "zh": 1}
    for lang, catalogue in CATALOGUES.items():
        for message in catalogue:
            if message.id and message.pluralizable:
                assert len(message.string) == counts[lang], (lang, message.id)


def test_russian_year_plurals():
    t = i18n.messages("ru")
    assert [t.n("unit.years", n) for n in (1, 2, 5, 11, 21, 22)] == [
        "1 год", "2 года", "5 лет", "11 лет", "21 год", "22 года"]


def test_every_key_named_in_the_code_exists():
    pattern = re.compile(r"""\bt(?:\.n)?\(\s*["']([a-z0-9_]+(?:\.[A-Za-z0-9_\-]+)+)["']""")
    english = _keys("en")
    named = set()
    code = [*ROOT.glob("tradetarget/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py"), ROOT / "dashboard.py"]
    for path in code:
        named |= {(path.name, key) for key in pattern.findall(path.read_text(encoding="utf-8"))}
    assert named, "the scan found no keys: the pattern no longer matches the code"
    assert not {(f, k) for f, k in named if k not in english}


@pytest.mark.parametrize(("lang", "money", "date_text"), [
    ("en", "$41.0bn", "10 November 2023"),
    ("ru", "41 млрд долл.", "10 ноября 2023 г."),
    ("kk", "41 млрд доллар", "2023 ж. 10 қараша"),
    ("zh", "410.2亿美元", "2023年11月10日"),
])
def test_babel_formats(lang, money, date_text):
    from datetime import date

    t = i18n.messages(lang)
    assert t.money(41.02).replace("\xa0", " ") == money
    assert t.date(date(2023, 11, 10)).replace("\u202f", " ").replace("\xa0", " ") == date_text


def test_decimal_comma_and_non_breaking_space_in_russian_and_kazakh():
    for lang in ("ru", "kk"):
        assert i18n.messages(lang).num(1234.5) == "1\xa0234,5"
    assert i18n.messages("zh").num(1234.5) == "1,234.5"


def test_language_codes():
    assert [i18n.supported(v) for v in ("ru-RU", "zh_Hans_CN", "KK", "en-GB", "de", None, "")] == [
        "ru", "zh", "kk", "en", None, None, None]
    with pytest.raises(ValueError):
        i18n.messages("xx")


def test_strict_mode_names_a_missing_key():
    t = i18n.Messages("en", i18n.messages("en")._gnu, True)
    with pytest.raises(i18n.MissingMessage, match=r"no\.such\.key"):
        t("no.such.key")
