"""The on-screen variants of a chart: one for a desktop browser, a compact one for a phone.

The exported figure (PNG, SVG) is laid out for its fixed export size: title, subtitle, footer and legend
inside the image. A browser window is narrower and of any width, so the screen variants are derived from it:

* both drop the subtitle and the footer from the figure (the page writes them as wrapping captions) and put
  the legend in a row under the plot, never over the data;
* the compact variant (a phone) also wraps the title, clears the toolbar, lets plotly choose fewer ticks,
  stacks side-by-side panels, rewraps long annotations, and replaces or drops annotations by their role.

Annotations say their role in plotly's free-text ``name``:

* ``footer``: the export footer (never on screen);
* ``detail``: left out on a phone (the hover, the legend or the caption carries it);
* ``legend:<text>``: left out on a phone and named in the legend instead (e.g. a shaded band);
* ``compact:<text>``: shown as ``<text>`` on a phone (e.g. a shorter label).
"""

from __future__ import annotations

import re
import unicodedata

import plotly.graph_objects as go

TITLE_CHARS, NOTE_CHARS = 34, 44
"""Characters a line holds on a 390 px phone: the bold title at 16 px, annotations at 11–12 px (in Latin
letters' width: a Chinese character counts as two, see :func:`text_width`)."""
CATEGORY_CHARS = 16
"""A row label on a phone, in Latin letters' width."""
AXIS_CHARS = 50
"""A category axis's title on a phone: it may use the figure's whole width (in Latin letters' width)."""
LETTER_WIDTH = {"ru": 1.15, "kk": 1.15}
"""How much wider a language's letters are than Latin ones at the charts' font (Inter, Helvetica or Arial):
Cyrillic lower case runs about 12–16% wider, so a line of ``n`` Latin letters holds ``n / 1.15`` Cyrillic ones.
Chinese needs no factor: :func:`text_width` counts each character as two."""
ASIDE_CHARS = 12
"""A Chinese aside in brackets or quotes up to this width (six characters) is never broken."""
COMPACT_TEXT, COMPACT_POSITION = "compact_text", "compact_position"
"""Keys of a trace's ``meta`` dict: its labels' short form on a phone, and where they sit (else they are dropped)."""
PANEL_GAP = 0.12
PHONE_WIDTH, DESKTOP_WIDTH = 330, 1000
"""Widths (px) the legend rows are estimated for: a phone's chart, a desktop's chart beside the sidebar."""
_TAG = re.compile(r"<[^>]+>")
_NO_START = set("，。、：；！？）」』”’》〉】…,.;:!?)]%")
"""Characters a line never starts with (a CJK line may break between any two characters but these)."""
_NO_END = set("（「『“‘《〈【([")
"""Characters a line never ends with."""
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_TOKEN = re.compile(rf"<[^>]+>|\s+|[{_CJK}]|[^\s<{_CJK}]+|<")
"""A tag, a run of spaces, one CJK character (or sign), or a run of other characters (a word)."""


def char_width(char: str) -> int:
    """A character's width in Latin letters: a CJK character (or full-width sign) is about two."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    """The visible width of plotly text in Latin letters (tags left out, CJK characters counted twice)."""
    return sum(char_width(c) for c in _TAG.sub("", text))


def _is_cjk(char: str) -> bool:
    return char_width(char) == 2


def budget(width: int, lang: str | None) -> int:
    """``width`` Latin letters as a budget in ``lang``'s letters (fewer for the wider Cyrillic ones)."""
    return int(width / LETTER_WIDTH.get(lang or "en", 1.0))


def figure_lang(layout) -> str:
    """The language a figure (or its layout dict) says it is in (``meta.lang``), English by default."""
    meta = layout.get("meta") if isinstance(layout, dict) else layout.meta
    return (meta or {}).get("lang", "en") if isinstance(meta, dict) else "en"


def join_lines(lines) -> str:
    """Lines of one sentence joined again: with a space, but none where Chinese meets Chinese or full-width
    punctuation (a line break there was never a space; Latin and Cyrillic words keep theirs)."""
    out = None
    for line in lines:
        if out is None:
            out = line
            continue
        cjk = _is_cjk(out.rstrip()[-1:] or " ") or _is_cjk(line.lstrip()[:1] or " ")
        out = f"{out}{'' if cjk else ' '}{line}"
    return out or ""


def _pieces(word: str) -> list[str]:
    """A space-free word split where a line may break: between two Chinese characters (or a Chinese character
    and a Latin run), never before closing or after opening punctuation, never between a number and the
    Chinese unit or measure word after it, never inside a tag."""
    if not any(_is_cjk(c) for c in _TAG.sub("", word)):
        return [word]
    pieces: list[str] = []
    previous = ""  # the last visible character
    depth = 0  # inside full-width brackets or quotes: a short aside like （西安） stays whole
    for token in _TOKEN.findall(word):
        if _TAG.fullmatch(token):
            glue = not token.startswith("</") and pieces and pieces[-1].endswith(">") and not previous
            if pieces and (token.startswith("</") or glue):
                pieces[-1] += token
            else:
                pieces.append(token)
                previous = ""
            continue
        first = token[0]
        breakable = (pieces and previous and (_is_cjk(first) or _is_cjk(previous)) and not depth
                     and first not in _NO_START and previous not in _NO_END
                     and not (previous.isdigit() and _is_cjk(first)))  # a number keeps its unit: 2030年, 400亿
        if breakable or not pieces:
            pieces.append(token)
        else:
            pieces[-1] += token
        depth = max(0, depth + sum(c in "（“「《" for c in token) - sum(c in "）”」》" for c in token))
        if depth and text_width(pieces[-1]) > ASIDE_CHARS:  # a long aside breaks like any text
            depth = 0
        previous = token[-1]
    return pieces


def wrap_lines(text: str, width: int) -> list[str]:
    """``text`` (one line, plotly tags allowed) broken into lines of at most ``width`` Latin letters' width.

    Latin and Cyrillic text breaks at spaces only (a longer word stays whole); Chinese, which has no spaces,
    breaks between any two characters, except before closing punctuation and after opening punctuation.
    Tags are never split and have no width.
    """
    if text_width(text) <= width:
        return [text]
    lines: list[str] = []
    current, length = "", 0
    for w, word in enumerate(text.split(" ")):
        for p, piece in enumerate(_pieces(word)):
            space = " " if w and not p else ""
            visible = text_width(piece)
            if current and length + len(space) + visible > width:
                lines.append(current)
                current, length, space = "", 0, ""
            current += space + piece
            length += len(space) + visible
    lines.append(current)
    return lines


def balanced_lines(text: str, width: int) -> list[str]:
    """:func:`wrap_lines`, but with lines as even as the same number of lines allows (no short last line):
    the narrowest width at which ``text`` still takes as few lines as at ``width``."""
    lines = wrap_lines(text, width)
    if len(lines) < 2:
        return lines
    for narrower in range(-(-text_width(text) // len(lines)), width):
        even = wrap_lines(text, narrower)
        if len(even) == len(lines):
            return even
    return lines


def wrap(text: str, width: int, balanced: bool = False) -> str:
    """Rewrap each ``<br>`` line of plotly text to ``width`` visible characters (tags kept, never split;
    Chinese broken between characters, a CJK character counted as two); ``balanced``: even lines
    (:func:`balanced_lines`)."""
    split = balanced_lines if balanced else wrap_lines
    return "<br>".join(part for line in text.split("<br>") for part in split(line, width))


_wrap = wrap


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` (in Latin letters' width, see :func:`text_width`) with an ellipsis."""
    if text_width(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        if used + char_width(char) > width - 1:
            break
        out += char
        used += char_width(char)
    return out.rstrip() + "…"


def subtitle(figure: go.Figure) -> str:
    return figure.layout.title.subtitle.text or ""


def footer(figure: go.Figure) -> list[str]:
    """The export footer's lines, for a caption under the chart on screen: a sentence the export wrapped onto
    several lines is one line again (the page wraps it to its own width)."""
    lines: list[str] = []
    for note in figure.layout.annotations:
        if note.name == "footer":
            for line in _TAG.sub("", note.text.replace("<br>", "\n")).splitlines():
                if lines and not lines[-1].rstrip().endswith((".", ";", ":", "。", "；", "：")):
                    lines[-1] = join_lines([lines[-1], line])
                else:
                    lines.append(line)
    return lines


def _stack_panels(layout: dict) -> float:
    """Side-by-side panels (``xaxis``, ``xaxis2`` ...) one above the other; returns the height factor."""
    xs = sorted(k for k in layout if re.fullmatch(r"xaxis\d*", k) and layout[k].get("domain") not in (None, [0, 1]))
    ys = {k.replace("x", "y", 1) for k in xs}
    if len(xs) < 2 or not all(k in layout for k in ys):
        return 1.0
    widths = {tuple(layout[k]["domain"]) for k in xs}
    if len(widths) != len(xs):  # not side by side (the milestones chart shares one x domain)
        return 1.0
    n = len(xs)
    height = (1 - PANEL_GAP * (n - 1)) / n
    for i, key in enumerate(sorted(xs, key=lambda k: layout[k]["domain"][0])):
        top = 1 - i * (height + PANEL_GAP)
        layout[key]["domain"] = [0, 1]
        y = layout[key.replace("x", "y", 1)]
        y["domain"] = [max(0.0, top - height), top]
        if y.get("matches"):
            y["showticklabels"] = True
    return 1.0 + 0.75 * (n - 1)


def _short_category(name: str) -> str:
    """A row label for a phone: its bold part ("<b>growth</b>  +19% / +29%" -> "growth"), or its first words."""
    bold = re.search(r"<b>(.*?)</b>", name)
    text = bold.group(1) if bold else _TAG.sub("", name)
    return shorten(text, CATEGORY_CHARS)


def _legend_room(traces: list, layout: dict, width: int, wrapped: bool) -> int:
    """Pixels under the plot for the x tick labels, the x axis title and the legend's rows, estimated from the
    entries' text (about 7 px a character at 12 px, plus the symbol); a wrapped entry makes its row taller."""
    rows: list[list[int]] = []  # per row: [used width, tallest entry in lines]
    for trace in traces:
        if not trace.name or trace.showlegend is False:
            continue
        lines = (wrap(trace.name, NOTE_CHARS) if wrapped else trace.name).split("<br>")
        entry = 46 + 7 * max(text_width(line) for line in lines)
        if not rows or rows[-1][0] + entry > width:
            rows.append([0, 1])
        rows[-1][0] += entry
        rows[-1][1] = max(rows[-1][1], len(lines))
    axis = layout.get("xaxis") or {}
    titled = isinstance(axis.get("title"), dict) and bool(axis["title"].get("text"))
    return 36 + (28 if titled else 0) + sum(6 + 18 * tallest for _, tallest in rows)


def for_screen(figure: go.Figure, compact: bool = False) -> go.Figure:
    """The figure as a page shows it: see the module docstring."""
    layout = figure.layout.to_plotly_json()  # a copy already
    lang = figure_lang(layout)
    traces = list(figure.data)
    title = layout.get("title", {})
    title.pop("subtitle", None)
    margin = layout.setdefault("margin", {})
    # room above the plot: a title on two lines, headings above the plot on more than one
    above = max([(n.get("text") or "").count("<br>") + 1 for n in layout.get("annotations", [])
                 if n.get("name") != "footer" and n.get("yref") == "paper" and (n.get("y") or 0) >= 1
                 and n.get("yanchor") == "bottom"] or [1])
    top = 60 + 24 * (title.get("text") or "").count("<br>") + 18 * (above - 1)
    margin.update(t=top, b=_legend_room(traces, layout, PHONE_WIDTH if compact else DESKTOP_WIDTH, compact))
    layout["legend"] = {**layout.get("legend", {}), "orientation": "h", "x": 0, "xanchor": "left",
                        "y": 0, "yanchor": "bottom", "yref": "container", "bgcolor": "rgba(0,0,0,0)"}
    notes = []
    for note in layout.get("annotations", []):
        role = note.get("name") or ""
        if role == "footer":
            continue
        if compact:
            if role == "detail":
                continue
            if role.startswith("legend:"):
                color = (note.get("font") or {}).get("color", "#555")
                traces.append(go.Scatter(x=[None], y=[None], mode="markers", name=role.removeprefix("legend:"),
                                         marker={"symbol": "square", "size": 12, "color": color, "opacity": 0.5},
                                         hoverinfo="skip", showlegend=True))
                continue
            if role.startswith("compact:"):
                note["text"] = role.removeprefix("compact:")
            note["text"] = wrap(note.get("text", ""), budget(NOTE_CHARS, lang))
            if note.get("xref") == "paper" and note.get("x") == 0 and note.get("xanchor", "center") == "left":
                # a heading at the plot's left edge runs off a narrow figure when the y labels are wide
                note.update(x=1, xanchor="right", align="right")
        notes.append(note)
    layout["annotations"] = notes
    if compact:
        # a title the export wrapped is one line again (no space between Chinese characters), then rewrapped
        text = join_lines(_TAG.sub("", line) for line in title.get("text", "").split("<br>"))
        title["text"] = "<b>" + "</b><br><b>".join(wrap_lines(text, TITLE_CHARS)) + "</b>"
        title.setdefault("font", {})["size"] = 16
        title["pad"] = {"t": 46}  # under the toolbar
        lines = title["text"].count("<br>") + 1
        above = max([n["text"].count("<br>") + 1 for n in notes if n.get("yref") == "paper"
                     and (n.get("y") or 0) >= 1 and n.get("yanchor") == "bottom"] or [0])
        margin.update(t=52 + 22 * lines + 18 * above, l=50, r=12)
        for key, axis in layout.items():
            if not re.fullmatch(r"[xy]axis\d*", key):
                continue
            categories = axis.get("type") == "category" or axis.get("categoryarray")
            if categories:
                names = [str(c) for c in axis.get("categoryarray") or []]
                if any(text_width(n) > CATEGORY_CHARS for n in names):  # long row labels leave no room for the bars
                    axis.update(tickvals=names, ticktext=[_short_category(n) for n in names])
            elif axis.get("ticktext") and axis.get("tickvals"):  # dates named in the chart's language
                step = -(-len(axis["tickvals"]) // 5)
                axis.update(tickvals=axis["tickvals"][::step], ticktext=axis["ticktext"][::step])
            else:
                axis.pop("dtick", None)
                axis["nticks"] = 5 if key.startswith("x") else 6
            if isinstance(axis.get("title"), dict) and axis["title"].get("text"):
                axis["title"]["text"] = wrap(axis["title"]["text"], budget(AXIS_CHARS if categories else NOTE_CHARS,
                                                                           lang))
        layout["height"] = int(layout.get("height", 500) * _stack_panels(layout))
        layout["font"] = {**layout.get("font", {}), "size": 12}
    figure = go.Figure(data=traces, layout=layout)
    if compact:
        for trace in figure.data:  # labels on the data crowd a phone; the hover carries them
            meta = trace.meta if isinstance(trace.meta, dict) else {}
            if COMPACT_TEXT in meta:  # a short form of its labels for a phone (a count, a number keyed below)
                trace.text = meta[COMPACT_TEXT]
                trace.textposition = meta.get(COMPACT_POSITION, trace.textposition)
            elif trace.type == "scatter" and trace.mode and "text" in trace.mode:
                trace.mode = "+".join(p for p in trace.mode.split("+") if p != "text") or "markers"
            elif trace.type == "bar" and trace.text is not None:
                trace.textposition = "none"
            if trace.name and text_width(trace.name) > NOTE_CHARS:  # (a legend row has the figure's width)
                trace.name = wrap(trace.name, NOTE_CHARS)
    return figure
