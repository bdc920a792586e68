"""One client's case, read from the journal for `reflect client show`: the terminal view, its JSON, or the
case-presentation document (Markdown, or HTML with the client's chart)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.flows.journal import open_journal

if TYPE_CHECKING:
    from pathlib import Path

    from reflect.analysis.casework import CaseView
    from reflect.privacy.redact import Redactor


def document_kind(fmt: str | None, *, markdown: bool, as_json: bool, redaction: bool) -> str | None:
    """The document `client show` writes ("markdown" or "html"), or None for the view, from --format and --markdown;
    the document's own options (`redaction`: --output, --strict, --no-redact, --include-private) need one."""
    from reflect.errors import UsageError
    from reflect.flows.options import document_format

    if fmt is not None:
        fmt = document_format(fmt)
        if markdown and fmt != "markdown":
            raise UsageError("--markdown and --format html contradict each other; choose one.")
    elif markdown:
        fmt = "markdown"
    if fmt is None and redaction:
        raise UsageError("--output, --strict, --no-redact and --include-private go with --markdown or --format.")
    if fmt is not None and as_json:
        raise UsageError("--json and a document format contradict each other; choose one.")
    return fmt


def load(code: str) -> CaseView:
    """The case of client `code` (already normalised), with the user's stance questions and latest profile."""
    from reflect.analysis.casework import load_case
    from reflect.config import paths
    from reflect.domain.stance import stance_prompts

    prompts = stance_prompts(paths().user_prompts)
    with open_journal(create=False) as journal:
        return load_case(journal, code, prompts=prompts, profile=journal.latest_profile())


def write_document(view: CaseView, code: str, redactor: Redactor, *, html: bool, output: Path | None) -> None:
    """The case-presentation document for `view`, written to `output` (standard output when None)."""
    from reflect.domain.dates import now_utc
    from reflect.io.transfer import atomic_output
    from reflect.render.case_document import case_markdown
    from reflect.render.console import message

    document = case_markdown(view, redactor, now=now_utc())
    if html:
        from reflect.analysis.chart_facts import client_series
        from reflect.render.documents_html import render_case_html

        with open_journal(create=False) as journal:
            series = client_series(journal.charts.chart_sessions(client=code))
        period = f"{redactor.when(view.first)} to {redactor.when(view.last)}" if view.first and view.last else ""
        document = render_case_html(
            document, code, redactor, series[0] if series else None, period=period or "no sessions"
        )
    with atomic_output(output) as fh:
        fh.write(document)
    if output is not None:
        message(f"Case document for {code} written to {output} (redaction: {redactor.level.value}). "
                "It is plain text: share it only as your service allows.")  # fmt: skip
