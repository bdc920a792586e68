"""Static, self-contained HTML documents for screen and print: the page, its CSS, the sign-off block, and Markdown
(the documents' own, already redacted and escaped) turned into HTML.

The HTML documents are built from the same sections as the Markdown ones and never redact anything themselves: text
arrives here redacted. Raw HTML in the Markdown is escaped (markdown-it's `html` option off) and images are off, so
nothing in a document can run or fetch. Imported only on the `--format html` paths (the extra reflect-journal[html]).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from reflect.errors import UsageError

EXTRA_MESSAGE = (
    "--format html needs the optional extra reflect-journal[html] (the chart library pygal and markdown-it-py): "
    "pip install 'reflect-journal[html]'."
)


def require_html_extra() -> None:
    """One clear error before any work when the extra is not installed."""
    try:
        import markdown_it  # noqa: F401
        import pygal  # noqa: F401
    except ImportError:
        raise UsageError(EXTRA_MESSAGE) from None


def markdown_html(text: str, fence: Callable[[str, str], str | None] | None = None) -> str:
    """CommonMark plus tables to HTML. `fence(info, content)` may replace a fenced block (the prep's mermaid chart
    becomes an SVG chart); raw HTML and images never pass."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").disable("image")
    if fence is not None:
        default = md.renderer.rules["fence"]  # type: ignore[attr-defined]  # RendererHTML has it

        def render_fence(_renderer, tokens, idx, options, env):
            token = tokens[idx]
            replaced = fence(token.info.strip(), token.content)
            return replaced if replaced is not None else default(tokens, idx, options, env)

        md.add_render_rule("fence", render_fence)
    return md.render(text)


def table_html(
    caption: str, head: Sequence[str], rows: Sequence[Sequence[object]], *, numeric: Sequence[int] = ()
) -> str:
    """An HTML table; each row's first cell heads it, the columns in `numeric` align right."""
    e = html.escape

    def cls(i: int) -> str:
        return ' class="num"' if i in numeric else ""

    head_cells = "".join(f'<th scope="col"{cls(i)}>{e(h)}</th>' for i, h in enumerate(head))
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{e(str(v))}</th>' if i == 0 else f"<td{cls(i)}>{e(str(v))}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><caption>{e(caption)}</caption><thead><tr>{head_cells}</tr></thead><tbody>{body}</tbody></table>"


def figure_html(title: str, svg: str, table: str) -> str:
    """A chart with its table beside it (below it when the page is narrow or printed)."""
    return (
        f'<figure class="chart"><figcaption>{html.escape(title)}</figcaption>'
        f'<div class="chart-body"><div class="svg">{svg}</div><div class="numbers">{table}</div></div></figure>'
    )


SIGNOFF_FIELDS = (
    "Supervisor (code)",
    "Date",
    "Discussed in supervision on",
    "Signature of supervisee",
    "Signature of supervisor",
)


def signoff_html(statement: str, fields: Sequence[str] = SIGNOFF_FIELDS) -> str:
    """The closing block a supervisor signs: `statement`, then a fill-in line per field (nothing pre-filled)."""
    rows = "".join(f'<div class="sign-row"><span class="sign-label">{html.escape(label)}</span>'
                   f'<span class="sign-line"></span></div>' for label in fields)  # fmt: skip
    return (
        '<section class="signoff" aria-label="Sign-off"><h2>Sign-off</h2>'
        f"<p>{html.escape(statement)}</p>{rows}</section>"
    )


def _css_string(text: str) -> str:
    """A CSS string literal (for the running header printed on every page)."""
    return '"' + "".join(c if c.isalnum() or c in " :;-,./()" else f"\\{ord(c):x} " for c in text) + '"'


CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; line-height: 1.45;
  color: #1b1b1b; background: #fff; margin: 0 auto; max-width: 72rem; padding: 1.5rem 2rem 3rem; }
header.doc { border-bottom: 2px solid #0072B2; margin-bottom: 1rem; }
header.doc .meta { color: #444; font-size: 0.95rem; }
h1 { font-size: 1.7rem; margin: 0.4rem 0; } h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.15rem; margin-top: 1.5rem; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
th, td { border: 1px solid #bbb; padding: 0.2rem 0.45rem; vertical-align: top; text-align: left; }
.num { text-align: right; }
thead th, td:nth-child(2) { white-space: nowrap; }
figure.chart { margin: 1rem 0; padding: 0.75rem; border: 1px solid #ddd; border-radius: 4px; }
figure.chart figcaption { font-weight: 600; margin-bottom: 0.5rem; }
.chart-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
.chart-body .svg svg { width: 100%; height: auto; display: block; }
.chart-body .numbers { overflow-x: auto; }
section.client { margin-top: 1.5rem; }
.signoff { margin-top: 2.5rem; border: 1px solid #888; padding: 1rem 1.25rem; }
.signoff h2 { margin-top: 0; border: 0; }
.sign-row { display: flex; align-items: flex-end; gap: 1rem; margin: 1.4rem 0 0.4rem; }
.sign-label { min-width: 16rem; }
.sign-line { flex: 1; border-bottom: 1px solid #000; height: 1.2rem; }
footer.doc { color: #555; font-size: 0.85rem; margin-top: 2rem; }
@media (max-width: 60rem) { .chart-body { grid-template-columns: 1fr; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .chart-body { grid-template-columns: minmax(0, 11fr) minmax(0, 9fr); gap: 0.5rem; }
  .chart-body .svg svg { max-height: 8cm; }
  .chart-body table { font-size: 7.5pt; width: 100%; }
  .chart-body .numbers { overflow: visible; }
  figure.chart, table, .signoff, tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, figcaption { break-after: avoid; page-break-after: avoid; }
  section.client { break-before: page; page-break-before: always; border-top: 0; margin-top: 0; }
  section.page-start { break-before: page; page-break-before: always; }
  .signoff { break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
"""


def page(*, title: str, running_head: str, meta: Sequence[str], body: str) -> str:
    """The whole document. `running_head` (period and redaction level) is printed at the top of every page."""
    e = html.escape
    print_css = (
        "@page { margin: 16mm 14mm 16mm 14mm; "
        f"@top-left {{ content: {_css_string(running_head)}; font: 8pt sans-serif; color: #444; }} "
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #444; } }'
    )
    metas = "".join(f'<p class="meta">{e(m)}</p>' for m in meta)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No script may run and nothing may be fetched, whatever the document holds.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="generator" content="reflect">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}{print_css}</style>\n</head>\n<body>\n"
        f'<header class="doc"><p class="meta">{e(running_head)}</p>{metas}</header>\n'
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
