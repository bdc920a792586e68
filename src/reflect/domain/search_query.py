"""The search language, turned into a safe SQLite FTS5 MATCH expression.

What a clinician may type:
- words: `shame` (all words must appear: `shame anger` means both);
- phrases: `"wanted to rescue"`;
- prefixes: `rescu*` (also on a phrase's last word: `"wanted to res"*`);
- boolean: `anger OR irritation`, `shame AND break`, `shame NOT break`, `-break` (= NOT), and ( ) for grouping.

Anything else is taken literally: every word and phrase is emitted as an FTS5 string ("..."), so punctuation, column
filters (`observed:`), `NEAR`, `^` or a stray `*` can never reach FTS5 as syntax. A query that cannot be understood
raises `UsageError` with a one-line explanation; FTS5 itself only ever sees an expression built here.
Only upper-case AND, OR and NOT are operators, as in FTS5: "and" in lower case is a word to look for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reflect.errors import UsageError

# A token is searchable only if it has a letter or digit: FTS5's unicode61 tokenizer drops everything else.
_WORDY = re.compile(r"[^\W_]", re.UNICODE)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class _Tok:
    kind: str  # "word", "phrase", "(", ")", "AND", "OR", "NOT", "-"
    text: str = ""
    prefix: bool = False


def _tokens(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise UsageError('the search has an opening " without a closing one.')
            text = query[i + 1 : end]
            i = end + 1
            prefix = i < n and query[i] == "*"
            i += prefix
            toks.append(_Tok("phrase", text, prefix))
        elif ch in "()":
            toks.append(_Tok(ch))
            i += 1
        elif ch == "-" and i + 1 < n and (query[i + 1] in '"(' or _WORDY.match(query[i + 1])):
            # A leading '-' negates (`-break`); inside a word it is part of it (`self-disclosure`).
            toks.append(_Tok("-"))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '"()':
                j += 1
            word = query[i:j]
            i = j
            if word in ("AND", "OR", "NOT"):
                toks.append(_Tok(word))
            else:
                prefix = word.endswith("*")
                toks.append(_Tok("word", word.rstrip("*"), prefix))
    return toks


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class _Parser:
    """Recursive descent over: or := and (OR and)*;  and := unary ([AND] unary)*;  unary := (NOT|-) unary | atom."""

    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.pos = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> str | None:
        expr = self.or_expr()
        if self.peek() is not None:
            tok = self.take()
            if tok.kind == ")":
                raise UsageError("the search has a ')' without a matching '('.")
            raise UsageError(f"the search has {tok.kind} in a place where it means nothing.")
        return expr

    def or_expr(self) -> str | None:
        start = self.pos
        parts = [self.and_expr()]
        if self.pos == start and (tok := self.peek()) is not None and tok.kind == "OR":
            raise UsageError("OR needs something to search for on both sides, e.g. `anger OR irritation`.")
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            if self.peek() is None or self.peek().kind in (")", "OR"):  # type: ignore[union-attr]
                raise UsageError("OR needs something to search for on both sides, e.g. `anger OR irritation`.")
            parts.append(self.and_expr())
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else "(" + " OR ".join(kept) + ")"

    def and_expr(self) -> str | None:
        positive: list[str] = []
        negative: list[str] = []
        saw_term = False
        while (tok := self.peek()) is not None and tok.kind not in ("OR", ")"):
            if tok.kind == "AND":
                self.take()
                nxt = self.peek()
                if not saw_term or nxt is None or nxt.kind in ("OR", ")", "AND"):
                    raise UsageError("AND needs something to search for on both sides, e.g. `shame AND break`.")
                continue
            negated, expr = self.unary()
            saw_term = True
            if expr is None:
                continue
            (negative if negated else positive).append(expr)
        if negative and not positive:
            raise UsageError("NOT (or -) needs a word to search for first, e.g. `shame NOT break`.")
        if not positive:
            return None
        expr = positive[0] if len(positive) == 1 else "(" + " AND ".join(positive) + ")"
        for neg in negative:
            expr = f"({expr} NOT {neg})"
        return expr

    def unary(self) -> tuple[bool, str | None]:
        tok = self.peek()
        assert tok is not None
        if tok.kind in ("NOT", "-"):
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind in ("OR", "AND", ")"):
                raise UsageError("NOT (or -) needs a word after it, e.g. `shame NOT break`.")
            negated, expr = self.unary()
            if negated:
                raise UsageError("NOT NOT is not something a search can mean; drop one.")
            return True, expr
        return False, self.atom()

    def atom(self) -> str | None:
        tok = self.take()
        if tok.kind == "(":
            if self.peek() is None:
                raise UsageError("the search has a '(' without a matching ')'.")
            expr = self.or_expr()
            if self.peek() is None or self.take().kind != ")":
                raise UsageError("the search has a '(' without a matching ')'.")
            return expr
        if tok.kind == ")":
            raise UsageError("the search has a ')' without a matching '('.")
        if not _WORDY.search(tok.text):
            return None  # punctuation only: nothing FTS5 could match, so leave it out rather than fail
        return _quote(tok.text) + ("*" if tok.prefix else "")


def fts_expression(query: str) -> str:
    """The FTS5 MATCH expression for what the user typed; raises UsageError for a query that means nothing."""
    # Control characters can never be in stored text (clean_text strips them), and a NUL would end the FTS5 string
    # early: treat them as spaces.
    from reflect.domain.textsafe import repair_surrogates

    # Lone surrogates cannot be encoded for SQLite: cleaned here exactly as every command-line argument is.
    query = _CONTROLS.sub(" ", repair_surrogates(query or ""))
    if not query.strip():
        raise UsageError("give something to search for, e.g. reflect search shame.")
    expr = _Parser(_tokens(query)).parse()
    if expr is None:
        raise UsageError("the search has no words in it (only punctuation); give a word to look for.")
    return expr
