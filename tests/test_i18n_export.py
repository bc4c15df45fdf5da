"""Exports and validation messages in ru/kk/zh: file names, footers, the PDF briefing, data and upload problems."""

import io
import re
from datetime import date

import plotly.graph_objects as go
import pypdf
import pytest

from tradetarget import briefing, export, upload
from tradetarget.data import SCHEMAS, STATUSES, DataError, load_dataset, parse_csv
from tradetarget.scenario import View, build

DAY = date(2026, 11, 29)
TODAY = date(2026, 11, 29)
UNSAFE = re.compile(r'[\s/\\:*?"<>|$%#&\'`.]')
HAN = re.compile(r"[\u4e00-\u9fff]")
KAZAKH = set("әғқңөұүһі")

HEADER = ("source,period,turnover_usd_bn,exports_kz_to_cn_usd_bn,imports_kz_from_cn_usd_bn,growth_pct_stated,"
          "status,url,published,note\n")
BAD_ROWS = (
    "GACC,2023,abc,,,,reported,https://example.org/a,2024-01,\n"       # not a number
    "BNS,2023-05..2024-02,31.4,,,,reported,https://example.org/b,2024-01,\n"  # spans two years
    "GACC,2022,20,,,,maybe,ftp://example.org,2024-01,\n"             # bad status, bad URL
    "BNS,2021,,,,,reported,https://example.org/c,someday,\n"         # missing value, bad page date
    "GACC,2020,1,2\n"                                                # wrong number of fields
)


def latin_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}


IDENTIFIERS = latin_words(" ".join([*(c.name for cols in SCHEMAS.values() for c in cols), *STATUSES, "http https",
                                    *(a for aliases in upload._ALIASES.values() for a in aliases)]))
"""Words a message may quote as they are: column names, status codes, Comtrade headers, URL schemes."""


@pytest.mark.parametrize(("lang", "stem"), [
    ("ru", "товарооборот-рк-кнр_обзор_оба-источника_рост-24-проц_40-млрд-долл-к-2030_2026-11-29"),
    ("kk", "қр-қхр-саудасы_шолу_екі-дереккөз_өсім-24-пайыз_2030-жылға-40-млрд-доллар_2026-11-29"),
    ("zh", "中哈贸易_概览_双方_年增24_2030年前400亿美元_2026-11-29"),
])
def test_file_names_in_each_language(dataset, lang, stem):
    outlook = build(dataset, View(as_of=DAY, lang=lang))
    assert export.file_stem("overview", outlook) == stem, "the view's language by default"
    assert export.file_stem("overview", build(dataset, View(as_of=DAY)), lang=lang) == stem
    what_if = build(dataset, View(sources=("BNS",), growth_pct=-7.5, base_year=2022, deadline=2035, as_of=DAY,
                                  lang=lang))
    name = export.file_stem("sensitivity", what_if)
    assert not UNSAFE.search(name), f"nothing unsafe in a file name: {name}"
    assert name.endswith("_2026-11-29") and "2022" in name and "2035" in name and "_bns_" in name
    assert ("7点5" if lang == "zh" else "7,5") in name, "the rate keeps its decimal"
    assert len(name.encode("utf-8")) < 200, "well under the 255-byte limit of common file systems"


def test_english_file_names_and_footer_unchanged(dataset):
    outlook = build(dataset, View(as_of=DAY))
    assert export.file_stem("overview", outlook) == "kz-cn-trade_overview_both_24pct_40bn-by-2030_2026-11-29"
    assert export.file_stem("overview", outlook, lang="en") == export.file_stem("overview", outlook)
    fig = export.stamped(go.Figure(), "https://example.org/?growth=5", DAY)
    assert fig.layout.annotations[0].text == "View: example.org/?growth=5 · Downloaded 29 November 2026"


def test_view_link_carries_the_language(dataset):
    assert export.view_params(dataset, View(lang="zh")) == {"lang": "zh"}
    assert "lang" not in export.view_params(dataset, View())


@pytest.mark.parametrize(("lang", "words"), [
    ("ru", ("Ссылка на этот вид", "Скачано 29 ноября 2026")),
    ("kk", ("Осы көрініс", "Жүктеп алынған күні")),
    ("zh", ("视图链接：", "下载日期：2026年11月29日")),
])
def test_export_footer_in_each_language(dataset, lang, words):
    from tradetarget import charts

    chart = charts.chart_overview(dataset, build(dataset, View(lang=lang)))
    stamped = export.stamped(chart.figure, "https://example.org/?lang=" + lang, DAY, lang=lang)
    footer = [a.text for a in stamped.layout.annotations if words[1] in a.text]
    assert len(footer) == 1, "one more line on the chart's own footer, found in any language"
    assert all(w in footer[0] for w in words) and "example.org/?lang=" + lang in footer[0]
    assert "Downloaded" not in footer[0] and "View:" not in footer[0]


def test_russian_validation_has_no_english_template_words():
    data = (HEADER + BAD_ROWS).encode()
    with pytest.raises(DataError) as english:
        parse_csv(data, "turnover.csv", TODAY)
    with pytest.raises(DataError) as russian:
        parse_csv(data, "turnover.csv", TODAY, lang="ru")
    text = str(russian.value)
    assert len(text.splitlines()) == len(str(english.value).splitlines()), "the same problems, one per line"
    echoed = latin_words(HEADER + BAD_ROWS + " turnover csv") | IDENTIFIERS
    assert not latin_words(text) - echoed, f"English words left: {latin_words(text) - echoed}"
    assert "строка 2, столбец «turnover_usd_bn»: «abc» — не число" in text
    assert "захватывает два года" in text and "ожидалось полей: 10, найдено: 4" in text
    english_words = latin_words(str(english.value)) - echoed
    assert english_words and not english_words & latin_words(text)


@pytest.mark.parametrize("lang", ["en", "ru", "kk", "zh"])
def test_problem_table_reads_every_language(lang):
    with pytest.raises(DataError) as info:
        upload.parse_upload((HEADER + BAD_ROWS).encode(), "mine.csv", TODAY, lang=lang)
    table = upload.problem_table(info.value, lang)
    assert len(table) == len(str(info.value).splitlines())
    assert table["line"].tolist()[:2] == [2, 3]
    assert table["column"].tolist()[:2] == ["turnover_usd_bn", "period"]
    assert table["line"].tolist()[-1] == 6 and table["column"].isna().tolist()[-1], "a line without a column"
    assert not table["problem"].str.startswith("mine.csv").any(), "the place is split off every problem"


@pytest.mark.parametrize(("data", "kwargs", "ru"), [
    (b"\x89PNG" + b"\x00" * 20, {}, "похоже на изображение PNG"),
    (b"x" * (1024 * 1024 + 1), {"max_bytes": 1024 * 1024}, "размер файла 1,0 МБ — больше лимита загрузки в 1 МБ"),
    (b"reporterISO,period\nKAZ,2023\n", {}, "выгрузка UN Comtrade, но нет столбцов"),
    (HEADER.replace(",url", "").encode(), {}, "ожидаются столбцы шаблона"),  # url is required; note is optional
])
def test_russian_upload_errors(data, kwargs, ru):
    with pytest.raises(DataError) as english:
        upload.parse_upload(data, "mine.csv", TODAY, **kwargs)
    with pytest.raises(DataError) as russian:
        upload.parse_upload(data, "mine.csv", TODAY, lang="ru", **kwargs)
    text = str(russian.value)
    assert text.startswith("mine.csv") and ru in text
    left = latin_words(text) - latin_words(str(data[:200]) + " mine csv png comtrade") - IDENTIFIERS
    assert not left & latin_words(str(english.value)), f"English template words left: {left}"


def test_comtrade_warnings_in_chinese():
    rows = ("reporterISO,partnerISO,flowCode,period,cmdCode,primaryValue\n"
            "KAZ,CHN,X,2023,TOTAL,15000000000\nKAZ,CHN,M,2023,TOTAL,16000000000\n"
            "KAZ,USA,M,2023,TOTAL,1000\n")
    parsed = upload.parse_upload(rows.encode(), "c.csv", TODAY, lang="zh")
    assert parsed.warnings == ("c.csv：已跳过伙伴方不是另一国的1行（第4行）",)
    assert upload.parse_upload(rows.encode(), "c.csv", TODAY).warnings == (
        "c.csv: skipped 1 row(s) whose partner is not the other country (line 4)",)


def test_broken_shipped_data_in_kazakh(tmp_path):
    with pytest.raises(DataError, match=r"data/turnover\.csv: файл табылмады"):
        load_dataset(tmp_path, lang="kk")


def test_briefing_html_language_and_fonts(dataset):
    from tradetarget import charts

    outlook = build(dataset, View(lang="kk", as_of=DAY))
    page = briefing.briefing_html(dataset, outlook, charts.chart_overview(dataset, outlook), b"<svg/>", day=DAY)
    assert '<html lang="kk">' in page and "Қазақстан мен Қытай саудасы" in page
    assert KAZAKH & set(page), "Kazakh letters"
    assert '"DejaVu Sans"' in page and '"Noto Sans CJK SC"' in page, "a font stack with Kazakh letters and Hanzi"
    english = briefing.briefing_html(dataset, build(dataset, View(as_of=DAY)),
                                     charts.chart_overview(dataset, build(dataset, View(as_of=DAY))), b"<svg/>",
                                     day=DAY)
    assert '<html lang="en">' in english and "Has the $40bn target been reached" in english


def test_chinese_briefing_pdf_is_chinese_on_one_page(dataset):
    outlook = build(dataset, View(growth_pct=10, lang="zh", as_of=DAY))
    try:
        data = briefing.pdf_bytes(dataset, outlook, url="https://example.org/?lang=zh", day=DAY)
    finally:
        export.stop_browser()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = "".join(reader.pages[0].extract_text().split())
    assert text.startswith("中哈贸易：目标追踪目标：2030年前400亿美元。中国海关总署：2023年已实现"), "headline first"
    for phrase in ("此为假设，并非预测：假设贸易额每年增长+10%", "近三年实际增速：", "数据来源",
                   "最新来源页面：海关总署约2026年1月，哈萨克斯坦国家统计局2025年8月8日。", "中国海关总署（GACC）",
                   "哈萨克斯坦国家统计局（BNS）", "https://example.org/?lang=zh"):
        assert phrase in text, phrase
    assert len(HAN.findall(text)) > 300, "Chinese text, not boxes or English"
    fonts = {str(font.get_object().get("/BaseFont")) for font in
             reader.pages[0]["/Resources"].get_object().get("/Font", {}).values()}
    assert any("CJK" in f for f in fonts), f"set in Noto Sans CJK: {fonts}"
