"""Our query language, parsed into a small tree that every engine compiles the same way.

People type words, not syntax, so plain words are the heart of it:

``liability cap``
    words side by side: a contract clause matching more of them (and the words as a phrase)
    ranks higher; a clause matching only one still counts. Never empty because one word is
    missing.
``"governing law"``
    a phrase.
``opzeg*``
    a prefix (at least two letters before the ``*``).
``a AND b``, ``a OR b``, ``NOT a``, ``-a``, ``+a``, ``( ... )``
    Boolean operators (upper case; lower-case "and", "or", "not" are ordinary words). A group
    with an explicit ``AND`` requires all of its terms; ``+a`` requires one word of a plain
    group; ``NOT a`` / ``-a`` excludes.
``party:acme``, ``type:lease``, ``lang:nl``, ``dossier:inkoop/2024``, ``title:huur``
    field filters; a field applies to one word, a ``"phrase"``, a ``prefix*`` or a ``(group)``.
    Among plain words a field filter is required: ``liability party:acme`` searches
    "liability" in Acme's contracts.

Precedence, loosest first: ``OR``, then a sequence (side by side or ``AND``), then
``NOT``/``-``/``+``. A bad query raises :class:`~contractdossier.errors.QueryError` with the
0-based position of the problem. Size limits keep every query's cost bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from contractdossier.errors import QueryError

FIELDS = ("party", "type", "lang", "dossier", "title")
MAX_QUERY_CHARS = 1000
MAX_TERMS = 64
MAX_DEPTH = 12
MIN_PREFIX_CHARS = 2

_FIELD_RE = re.compile(r"([A-Za-z][A-Za-z_]*):")
_WORD_CHARS = re.compile(r"[^\s()\"]+")


# -- the tree ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Word:
    text: str  # as typed ("12.3", "e-mail" and "B.V." are one word of several tokens)
    field: str | None = None
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str  # between the quotes
    field: str | None = None
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Prefix:
    text: str  # without the '*'
    field: str | None = None
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Not:
    child: Node
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Required:
    child: Node
    pos: int = 0


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Soft:
    """Words side by side: any may match; more matches and the phrase rank higher."""

    children: tuple[Node, ...]


Leaf = Word | Phrase | Prefix
Node = Word | Phrase | Prefix | Not | Required | And | Or | Soft


def leaves(node: Node) -> list[Leaf]:
    if isinstance(node, Word | Phrase | Prefix):
        return [node]
    if isinstance(node, Not | Required):
        return leaves(node.child)
    return [leaf for child in node.children for leaf in leaves(child)]


# -- lexer ------------------------------------------------------------------------------------

class Kind(Enum):
    word = "word"
    prefix = "prefix"
    phrase = "phrase"
    field = "field"
    lparen = "("
    rparen = ")"
    and_ = "AND"
    or_ = "OR"
    not_ = "NOT"
    plus = "+"
    end = "end"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    pos: int


_OPERATORS = {"AND": Kind.and_, "OR": Kind.or_, "NOT": Kind.not_}


def lex(text: str) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "(":
            out.append(Token(Kind.lparen, c, i))
            i += 1
        elif c == ")":
            out.append(Token(Kind.rparen, c, i))
            i += 1
        elif c == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError("unbalanced quote: this '\"' is never closed", i)
            out.append(Token(Kind.phrase, text[i + 1 : end], i))
            i = end + 1
        elif c in "-+" and i + 1 < n and not text[i + 1].isspace() and (
                i == 0 or text[i - 1].isspace() or text[i - 1] == "("):
            out.append(Token(Kind.not_ if c == "-" else Kind.plus, c, i))
            i += 1
        else:
            m = _FIELD_RE.match(text, i)
            if m is not None:
                name = m.group(1)
                if name.lower() not in FIELDS:
                    raise QueryError(
                        f"unknown field '{name}:' (fields: {', '.join(sorted(FIELDS))})", i)
                after = m.end()
                if after >= n or text[after].isspace() or text[after] == ")":
                    raise QueryError(f"'{name}:' needs a value right after the colon", i)
                out.append(Token(Kind.field, name.lower(), i))
                i = after
                continue
            m = _WORD_CHARS.match(text, i)
            assert m is not None
            word = m.group()
            i = m.end()
            pos = m.start()
            if word in _OPERATORS:
                out.append(Token(_OPERATORS[word], word, pos))
            elif word in ("-", "+"):
                continue  # a lone dash between words ("prijs - kwaliteit") means nothing
            elif "*" in word:
                star = word.index("*")
                if star != len(word) - 1:
                    raise QueryError("a wildcard '*' is only allowed at the end of a word",
                                     pos + star)
                out.append(Token(Kind.prefix, word[:-1], pos))
            else:
                out.append(Token(Kind.word, word, pos))
    out.append(Token(Kind.end, "", n))
    return out


# -- parser -----------------------------------------------------------------------------------

class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.parse_or()
        tok = self.peek()
        if tok.kind is Kind.rparen:
            raise QueryError("unbalanced parenthesis: ')' without a matching '('", tok.pos)
        if tok.kind is not Kind.end:  # pragma: no cover - every other token is consumed
            raise QueryError(f"unexpected '{tok.text}'", tok.pos)
        return node

    def parse_or(self) -> Node:
        items = [self.parse_seq(None)]
        while self.peek().kind is Kind.or_:
            op = self.take()
            if self.peek().kind in (Kind.end, Kind.rparen, Kind.or_, Kind.and_):
                raise QueryError("OR needs a term after it", op.pos)
            items.append(self.parse_seq(op))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_seq(self, after_or: Token | None) -> Node:
        items: list[Node] = []
        explicit = False
        while True:
            tok = self.peek()
            if tok.kind in (Kind.end, Kind.rparen, Kind.or_):
                break
            if tok.kind is Kind.and_:
                self.take()
                if not items:
                    raise QueryError("AND needs a term before it", tok.pos)
                if self.peek().kind in (Kind.end, Kind.rparen, Kind.or_, Kind.and_):
                    raise QueryError("AND needs a term after it", tok.pos)
                explicit = True
                continue
            items.append(self.parse_unary())
        if not items:
            if after_or is not None:
                raise QueryError("OR needs a term after it", after_or.pos)
            tok = self.peek()
            if tok.kind is Kind.or_:
                raise QueryError("OR needs a term before it", tok.pos)
            raise QueryError("empty query", tok.pos)
        if len(items) == 1:
            return items[0]
        return And(tuple(items)) if explicit else Soft(tuple(items))

    def parse_unary(self) -> Node:
        tok = self.peek()
        if tok.kind in (Kind.not_, Kind.plus):
            self.take()
            nxt = self.peek()
            if nxt.kind in (Kind.end, Kind.rparen, Kind.or_, Kind.and_):
                name = "NOT" if tok.text == "NOT" else f"'{tok.text}'"
                raise QueryError(f"{name} needs a term after it", tok.pos)
            child = self.parse_unary()
            if isinstance(child, Not | Required):
                raise QueryError("two operators in a row", nxt.pos)
            return Not(child, tok.pos) if tok.kind is Kind.not_ else Required(child, tok.pos)
        return self.parse_primary()

    def parse_primary(self) -> Node:
        tok = self.take()
        if tok.kind is Kind.word:
            return Word(tok.text, None, tok.pos)
        if tok.kind is Kind.prefix:
            return _prefix(tok.text, None, tok.pos)
        if tok.kind is Kind.phrase:
            if not tok.text.strip():
                raise QueryError("empty phrase", tok.pos)
            return Phrase(tok.text, None, tok.pos)
        if tok.kind is Kind.lparen:
            return self.parse_group(tok)
        if tok.kind is Kind.field:
            return self.parse_field(tok)
        if tok.kind is Kind.rparen:
            raise QueryError("unbalanced parenthesis: ')' without a matching '('", tok.pos)
        raise QueryError(f"unexpected '{tok.text}'", tok.pos)  # pragma: no cover

    def parse_group(self, open_tok: Token) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"too deeply nested (at most {MAX_DEPTH} levels of parentheses)",
                             open_tok.pos)
        if self.peek().kind is Kind.rparen:
            raise QueryError("empty parentheses", open_tok.pos)
        if self.peek().kind is Kind.end:
            raise QueryError("unbalanced parenthesis: this '(' is never closed", open_tok.pos)
        inner = self.parse_or()
        if self.peek().kind is not Kind.rparen:
            raise QueryError("unbalanced parenthesis: this '(' is never closed", open_tok.pos)
        self.take()
        self.depth -= 1
        return inner

    def parse_field(self, field_tok: Token) -> Node:
        tok = self.peek()
        name = field_tok.text
        if tok.kind is Kind.word:
            self.take()
            return Word(tok.text, name, field_tok.pos)
        if tok.kind is Kind.prefix:
            self.take()
            return _prefix(tok.text, name, field_tok.pos)
        if tok.kind is Kind.phrase:
            self.take()
            if not tok.text.strip():
                raise QueryError("empty phrase", tok.pos)
            return Phrase(tok.text, name, field_tok.pos)
        if tok.kind is Kind.lparen:
            self.take()
            return _with_field(self.parse_group(tok), name)
        raise QueryError(f"'{name}:' needs a word, a \"phrase\" or a (group)", tok.pos)


def _prefix(text: str, field: str | None, pos: int) -> Prefix:
    body = text.strip()
    if len(re.sub(r"[\W_]", "", body)) < MIN_PREFIX_CHARS:
        raise QueryError(
            f"a wildcard needs at least {MIN_PREFIX_CHARS} letters before the '*'", pos)
    return Prefix(body, field, pos)


def _with_field(node: Node, name: str) -> Node:
    if isinstance(node, Word | Phrase | Prefix):
        if node.field is not None and node.field != name:
            raise QueryError(f"'{node.field}:' inside '{name}:(...)'", node.pos)
        return replace(node, field=name)
    if isinstance(node, Not | Required):
        return replace(node, child=_with_field(node.child, name))
    return replace(node, children=tuple(_with_field(c, name) for c in node.children))


def parse(text: str) -> Node:
    """Parse a query; raise :class:`QueryError` (with the position) when it cannot be read."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query too long ({len(text)} characters; at most {MAX_QUERY_CHARS})",
            MAX_QUERY_CHARS)
    if not text.strip():
        raise QueryError("empty query", 0)
    node = _Parser(lex(text)).parse()
    found = leaves(node)
    if len(found) > MAX_TERMS:
        raise QueryError(f"too many terms ({len(found)}; at most {MAX_TERMS})",
                         found[MAX_TERMS].pos)
    return node
