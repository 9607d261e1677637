"""Fuzz `dossier search`: any query string gives a clear error (exit 11) or an answer, within a
time bound; never a traceback, never a hang.

Runs the real CLI (in-process) on a small ingested home, with the real query parser, planner
and index.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractdossier.cli import cli
from contractdossier.errors import ExitCode
from tests.hostile.make_corpus import good_pdf

QUERY_SECONDS = 5.0

_TOKENS = [
    '"', "(", ")", "*", "?", "-", "+", ":", "AND", "OR", "NOT", "and", "or", "not",
    "party:", "type:", "lang:", "dossier:", "title:", "foo:", "party:\"", "opzeg*", "op*",
    "overeenkomst", "Alfa", "duur", "drie", "maanden", "jaar", "\\", "'", "~", "^", "{", "}",
    "[", "]", "é", "契約", "\u0000", "\u200b", "\t", "\n", "..", "/", "*:*", "title:*",
]
_QUERY = st.one_of(
    st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=8)), max_size=60).map(
        lambda parts: " ".join(parts)
    ),
    st.text(max_size=200),
)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("search-fuzz")
    inbox = root / "inbox"
    inbox.mkdir()
    for name in ("Alfa", "Bravo", "Charlie"):
        (inbox / f"{name}.pdf").write_bytes(good_pdf(name))
    home = root / "home"
    result = CliRunner().invoke(
        cli, ["--home", str(home), "ingest", "--workers", "1", str(inbox)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    yield home


def _search(home: Path, query: str) -> None:
    began = time.perf_counter()
    result = CliRunner().invoke(cli, ["--home", str(home), "search", "--json", "--", query])
    elapsed = time.perf_counter() - began
    assert elapsed < QUERY_SECONDS, f"{query!r} took {elapsed:.1f} s"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{query!r} raised {result.exception!r}") from result.exception
    assert result.exit_code in (ExitCode.ok, ExitCode.bad_query), (query, result.output)
    assert "Traceback" not in result.output
    if result.exit_code == ExitCode.bad_query:
        assert result.stderr.startswith("error: "), result.stderr
        assert len(result.stderr) < 500
    else:
        json.loads(result.stdout)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(_QUERY)
def test_any_query_is_answered_or_refused_clearly(home: Path, query: str) -> None:
    _search(home, query)


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced', "(((((", ")))", "*", "**", "?", "-", "--", "NOT", "AND OR NOT", "foo:bar",
        "party:", ":", "\\", '"" ""', "title:*", "-*", "a*b*c*", "x" * 999, "x" * 100_000,
        "(" * 450 + "x" + ")" * 450, " OR ".join(f"w{i}" for i in range(199)),
        " ".join("ab*" for _ in range(300)), "NOT " * 240 + "x", '"' + "x " * 480 + '"',
        "opzeg* " * 120, "\u0000\u0001\u0002", "dossier:../../etc/passwd",
    ],
    ids=lambda q: repr(q[:20]) + (f"...({len(q)})" if len(q) > 20 else ""),
)
def test_hostile_queries(home: Path, query: str) -> None:
    _search(home, query)
