"""Parsing the HTML documents in tests: the standard library's parser, collecting what a check needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Parsed:
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    svg_titles: list[str] = field(default_factory=list)
    svg_descs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.parsed.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "hr", "link", "img", "input"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.parsed.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        where = self.stack[-1] if self.stack else ""
        if where == "style":
            self.parsed.styles.append(data)
        elif where == "title" and self.stack[-2:-1] == ["svg"]:  # the chart's own, not a data point's tooltip
            self.parsed.svg_titles.append(data)
        elif where == "desc" and self.stack[-2:-1] == ["svg"]:
            self.parsed.svg_descs.append(data)
        elif where == "caption":
            self.parsed.captions.append(data)
        if "svg" not in self.stack and where not in ("style", "title"):
            self.parsed.text.append(data)


def parse_html(text: str) -> Parsed:
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector.parsed


def external_references(parsed: Parsed) -> list[str]:
    """Every attribute or style that could make a browser fetch or run something."""
    found = []
    for tag, attrs in parsed.tags:
        if tag in ("script", "iframe", "object", "embed", "link", "img", "image", "use"):
            found.append(tag)
        for name, value in attrs.items():
            if name in ("src", "href", "xlink:href", "srcset", "action") or name.startswith("on"):
                found.append(f"{tag} {name}={value}")
    for style in parsed.styles:
        if "url(" in style or "@import" in style:
            found.append("style with url() or @import")
    return found
