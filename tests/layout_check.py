"""The layout rule for every chart, read from the SVG plotly drew in the browser.

For each ``.js-plotly-plot`` on the page:

1. no text box (title, legend, annotation, axis title) extends beyond the figure;
2. no legend, annotation or data label covers a data marker (scatter points and bars);
3. no two text boxes (data labels included: milestone titles, visitor counts) overlap each other;
4. tick labels of one axis do not collide, and no data label meets a tick label.

Boxes are the browser's bounding boxes of ``.gtitle``, ``.legend .bg``, ``.annotation`` (its text group),
the axis titles (``.xtitle``, ``.ytitle`` and numbered ones), the traces' own text labels (``.textpoint``,
``.bartext``) and each axis's tick ``text``; markers are
``.point`` paths (their centres). A pixel of slack absorbs anti-aliasing.
"""

from __future__ import annotations

SLACK = 1.5

COLLECT = """
(plot) => {
  const r = el => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const visible = b => b[2] - b[0] > 0.5 && b[3] - b[1] > 0.5;
  const fig = r(plot.querySelector('.main-svg'));
  const texts = [];
  const add = (kind, el, label) => { const b = r(el); if (visible(b)) texts.push({kind, label, box: b}); };
  plot.querySelectorAll('.gtitle').forEach(e => { if (e.textContent.trim()) add('title', e, e.textContent); });
  plot.querySelectorAll('.legend').forEach(e => add('legend', e.querySelector('.bg') || e, 'legend'));
  plot.querySelectorAll('.annotation').forEach(e => {
    const t = e.querySelector('.annotation-text-g') || e;
    if (e.textContent.trim()) add('annotation', t, e.textContent.trim().slice(0, 60));
  });
  plot.querySelectorAll('.textpoint, .bartext').forEach(e => {
    if (e.textContent.trim()) add('label', e, e.textContent.trim().slice(0, 60));
  });
  plot.querySelectorAll('[class$="title"]').forEach(e => {
    const c = e.getAttribute('class') || '';
    if (/^[xy]\\d*title$/.test(c) && e.textContent.trim()) add('axis title', e, e.textContent);
  });
  const ticks = {};
  plot.querySelectorAll('g[class$="tick"]').forEach(g => {
    const c = g.getAttribute('class');
    if (!/^[xy]\\d*tick$/.test(c)) return;
    const t = g.querySelector('text');
    if (!t || !t.textContent.trim()) return;
    const b = r(t);
    if (!visible(b)) return;
    const axis = c + '|' + (g.closest('.subplot') ? g.closest('.subplot').getAttribute('class') : '');
    (ticks[axis] = ticks[axis] || []).push({label: t.textContent, box: b});
  });
  const points = [], markers = [], bars = [];
  plot.querySelectorAll('.point').forEach(p => {
    const b = r(p);
    if (!visible(b)) return;
    const trace = p.closest('.trace');
    if (trace && getComputedStyle(trace).opacity === '0') return;
    points.push([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]);
    if (p.closest('.bars')) {  // a solid bar (a pale band of a range is a background a label may sit on)
      const path = p.querySelector('path') || p;
      const fill = parseFloat(getComputedStyle(path).fillOpacity || '1');
      const alpha = fill * parseFloat(trace ? getComputedStyle(trace).opacity : '1');
      if (alpha >= 0.5) bars.push(r(path));
    }
    else { markers.push([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]); }
  });
  const title = plot.querySelector('.gtitle');
  return {fig, texts, ticks, points, markers, bars, name: title ? title.textContent : '(untitled)'};
}
"""


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > SLACK and min(a[3], b[3]) - max(a[1], b[1]) > SLACK


def violations(drawn: dict) -> list[str]:
    """Every breach of the rule in one drawn chart (the dict COLLECT returns)."""
    fig, texts, out = drawn["fig"], drawn["texts"], []
    name = drawn["name"][:50]
    for t in texts:
        b = t["box"]
        if b[0] < fig[0] - SLACK or b[1] < fig[1] - SLACK or b[2] > fig[2] + SLACK or b[3] > fig[3] + SLACK:
            out.append(f"{name}: {t['kind']} '{t['label'][:40]}' extends beyond the figure")
    for t in texts:
        if t["kind"] not in ("legend", "annotation", "label"):
            continue
        b = t["box"]
        # a data label sits beside its own bar: it must not overlap any bar, nor cover a point's centre
        centres = drawn.get("markers", []) if t["kind"] == "label" else drawn["points"]
        covered = [p for p in centres
                   if b[0] + SLACK < p[0] < b[2] - SLACK and b[1] + SLACK < p[1] < b[3] - SLACK]
        if t["kind"] == "label":
            covered += [bar for bar in drawn.get("bars", []) if _overlap(b, bar)]
        if covered:
            out.append(f"{name}: {t['kind']} '{t['label'][:40]}' covers {len(covered)} data marker(s)")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if _overlap(a["box"], b["box"]):
                out.append(f"{name}: {a['kind']} '{a['label'][:30]}' overlaps {b['kind']} '{b['label'][:30]}'")
    labels = [t for t in texts if t["kind"] == "label"]
    for axis, ticks in drawn["ticks"].items():
        for label in labels:
            for tick in ticks:
                if _overlap(label["box"], tick["box"]):
                    out.append(f"{name}: label '{label['label'][:30]}' overlaps tick label '{tick['label']}'")
        for i, a in enumerate(ticks):
            for b in ticks[i + 1:]:
                if _overlap(a["box"], b["box"]):
                    out.append(f"{name}: tick labels '{a['label']}' and '{b['label']}' collide ({axis.split('|')[0]})")
    return out


def check_page(page) -> tuple[list[str], int]:
    """(violations, number of charts checked) for every chart on the page."""
    found, plots = [], page.locator(".js-plotly-plot")
    for i in range(plots.count()):
        found += violations(plots.nth(i).evaluate(COLLECT))
    return found, plots.count()
