"""Read a `reflect/1` JSON document without holding its entries in memory.

The document is one object; its "entries" array can hold 100,000 records. `iter_document()` yields ("entries", obj)
for each entry as soon as it is parsed, and (key, value) for every other top-level member, using only the standard
library's `json.JSONDecoder.raw_decode` on a sliding buffer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from reflect.io import bounded_json

CHUNK = 1 << 16
# No single record (an entry, or the supervision meetings list) of a reflect/1 document comes near this: every text
# field is capped at 200,000 characters. Reading stops here instead of buffering a 50 MB field to refuse it later.
MAX_RECORD = 16 << 20
_WS = " \t\r\n"


class JsonStreamError(ValueError):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class _Reader:
    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # line number at self.pos (for error messages)
        self.decoder = bounded_json.decoder()

    def _fill(self, size: int = CHUNK) -> bool:
        if self.eof:
            return False
        chunk = self.fh.read(size)
        if not chunk:
            self.eof = True
            return False
        self.line += self.buf.count("\n", 0, self.pos)
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def skip_ws(self) -> None:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf) or not self._fill():
                return

    def peek(self) -> str:
        self.skip_ws()
        return self.buf[self.pos] if self.pos < len(self.buf) else ""

    def expect(self, ch: str) -> None:
        if self.peek() != ch:
            found = self.peek() or "end of file"
            raise self.error(f"expected '{ch}' but found '{found}'")
        self.pos += 1

    def value(self) -> Any:
        self.skip_ws()
        while True:
            # Each retry re-decodes the value from its start, so the buffer grows by as much as it already holds:
            # the total work stays linear in the value's size (fixed 64 KB steps made a 50 MB field take 35 s).
            more = max(CHUNK, len(self.buf) - self.pos)
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except bounded_json.NumberTooLong as exc:
                raise self.error(str(exc)) from None
            except json.JSONDecodeError as exc:
                # Either the value is cut off by the end of the buffer (read more), or it is truly malformed.
                if len(self.buf) - self.pos > MAX_RECORD:
                    too_long = f"a record is longer than {MAX_RECORD >> 20} MB, more than any entry can hold"
                    raise self.error(too_long) from None
                if self._fill(more):
                    continue
                raise self.error(f"invalid JSON ({exc.msg})", offset=exc.pos) from None
            # A number at the very end of the buffer may continue in the next chunk.
            if end == len(self.buf) and not self.eof and isinstance(value, int | float) and self._fill():
                continue
            self.pos = end
            return value

    def current_line(self, offset: int | None = None) -> int:
        return self.line + self.buf.count("\n", 0, self.pos if offset is None else offset)

    def error(self, message: str, offset: int | None = None) -> JsonStreamError:
        line = self.current_line(offset)
        return JsonStreamError(f"line {line}: {message}", line)


def iter_document(fh: IO[str]) -> Iterator[tuple[str, Any]]:
    r = _Reader(fh)
    if r.peek() == "\ufeff":
        r.pos += 1
    r.expect("{")
    if r.peek() == "}":
        r.pos += 1
        return
    while True:
        key = r.value()
        if not isinstance(key, str):
            raise r.error("expected a member name")
        r.expect(":")
        if key == "entries" and r.peek() == "[":
            r.pos += 1
            if r.peek() == "]":
                r.pos += 1
            else:
                while True:
                    yield key, r.value()
                    nxt = r.peek()
                    r.pos += 1
                    if nxt == "]":
                        break
                    if nxt != ",":
                        raise r.error("expected ',' or ']' between entries")
        else:
            yield key, r.value()
        nxt = r.peek()
        r.pos += 1
        if nxt == "}":
            break
        if nxt != ",":
            raise r.error("expected ',' or '}' after a member")
    if r.peek():
        raise r.error("unexpected content after the document")
