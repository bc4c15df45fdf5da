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
import textwrap

import plotly.graph_objects as go

TITLE_CHARS, NOTE_CHARS = 34, 44
"""Characters a line holds on a 390 px phone: the bold title at 16 px, annotations at 11–12 px."""
PANEL_GAP = 0.12
PHONE_WIDTH, DESKTOP_WIDTH = 330, 1000
"""Widths (px) the legend rows are estimated for: a phone's chart, a desktop's chart beside the sidebar."""
_TAG = re.compile(r"<[^>]+>")


def _wrap(text: str, width: int) -> str:
    """Rewrap each ``<br>`` line of plotly text to ``width`` visible characters (tags kept, never split)."""
    lines = []
    for line in text.split("<br>"):
        if len(_TAG.sub("", line)) <= width:
            lines.append(line)
            continue
        current, length = [], 0
        for word in line.split(" "):
            visible = len(_TAG.sub("", word))
            if current and length + 1 + visible > width:
                lines.append(" ".join(current))
                current, length = [], 0
            current.append(word)
            length += visible + (1 if length else 0)
        lines.append(" ".join(current))
    return "<br>".join(lines)


def subtitle(figure: go.Figure) -> str:
    return figure.layout.title.subtitle.text or ""


def footer(figure: go.Figure) -> list[str]:
    """The export footer's lines, for a caption under the chart on screen: a sentence the export wrapped onto
    several lines is one line again (the page wraps it to its own width)."""
    lines: list[str] = []
    for note in figure.layout.annotations:
        if note.name == "footer":
            for line in _TAG.sub("", note.text.replace("<br>", "\n")).splitlines():
                if lines and not lines[-1].rstrip().endswith((".", ";", ":")):
                    lines[-1] = f"{lines[-1]} {line}"
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
    return text if len(text) <= 16 else text[:15].rstrip() + "…"


def _legend_room(traces: list, layout: dict, width: int, wrap: bool) -> int:
    """Pixels under the plot for the x tick labels, the x axis title and the legend's rows, estimated from the
    entries' text (about 7 px a character at 12 px, plus the symbol); a wrapped entry makes its row taller."""
    rows: list[list[int]] = []  # per row: [used width, tallest entry in lines]
    for trace in traces:
        if not trace.name or trace.showlegend is False:
            continue
        lines = (_wrap(trace.name, NOTE_CHARS) if wrap else trace.name).split("<br>")
        entry = 46 + 7 * max(len(_TAG.sub("", line)) for line in lines)
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
    traces = list(figure.data)
    title = layout.get("title", {})
    title.pop("subtitle", None)
    margin = layout.setdefault("margin", {})
    margin.update(t=60, b=_legend_room(traces, layout, PHONE_WIDTH if compact else DESKTOP_WIDTH, compact))
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
            note["text"] = _wrap(note.get("text", ""), NOTE_CHARS)
            if note.get("xref") == "paper" and note.get("x") == 0 and note.get("xanchor", "center") == "left":
                # a heading at the plot's left edge runs off a narrow figure when the y labels are wide
                note.update(x=1, xanchor="right", align="right")
        notes.append(note)
    layout["annotations"] = notes
    if compact:
        text = _TAG.sub("", title.get("text", ""))
        title["text"] = "<b>" + "</b><br><b>".join(textwrap.wrap(text, TITLE_CHARS)) + "</b>"
        title.setdefault("font", {})["size"] = 16
        title["pad"] = {"t": 46}  # under the toolbar
        lines = title["text"].count("<br>") + 1
        above = max([n["text"].count("<br>") + 1 for n in notes if n.get("yref") == "paper"
                     and (n.get("y") or 0) >= 1 and n.get("yanchor") == "bottom"] or [0])
        margin.update(t=52 + 22 * lines + 18 * above, l=50, r=12)
        for key, axis in layout.items():
            if not re.fullmatch(r"[xy]axis\d*", key):
                continue
            if axis.get("type") == "category" or axis.get("categoryarray"):
                names = [str(c) for c in axis.get("categoryarray") or []]
                if any(len(_TAG.sub("", n)) > 16 for n in names):  # long row labels leave no room for the bars
                    axis.update(tickvals=names, ticktext=[_short_category(n) for n in names])
            else:
                axis.pop("dtick", None)
                axis["nticks"] = 5 if key.startswith("x") else 6
                if isinstance(axis.get("title"), dict) and axis["title"].get("text"):
                    axis["title"]["text"] = _wrap(axis["title"]["text"], NOTE_CHARS)
        layout["height"] = int(layout.get("height", 500) * _stack_panels(layout))
        layout["font"] = {**layout.get("font", {}), "size": 12}
    figure = go.Figure(data=traces, layout=layout)
    if compact:
        for trace in figure.data:  # labels on the data crowd a phone; the hover carries them
            if trace.type == "scatter" and trace.mode and "text" in trace.mode:
                trace.mode = "+".join(p for p in trace.mode.split("+") if p != "text") or "markers"
            elif trace.type == "bar" and trace.text is not None:
                trace.textposition = "none"
            if trace.name and len(_TAG.sub("", trace.name)) > NOTE_CHARS:
                trace.name = _wrap(trace.name, NOTE_CHARS)
    return figure
