"""One CLI invocation for end-to-end tests that expect it to succeed."""

from __future__ import annotations

from click.testing import CliRunner

from contractdossier.cli import cli


def run_ok(*args: str) -> str:
    """The stdout of ``dossier ARGS``, which must exit 0 (its output shown if not)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout
