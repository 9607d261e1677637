"""Every command has help and is named in the README (the README is the manual's index)."""

from __future__ import annotations

from pathlib import Path

import click

from contractdossier.cli import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "dossier") -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        out.append((path, command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, path))
    return out


def test_every_command_has_help() -> None:
    missing = [path for path, cmd in _commands(cli) if not (cmd.help or "").strip()]
    assert not missing, f"commands without help: {missing}"


def test_every_command_appears_in_the_readme() -> None:
    missing = []
    for path, _cmd in _commands(cli):
        words = path.split()
        top = " ".join(words[:2])
        if top not in README or len(words) > 2 and words[2] not in README:
            missing.append(path)
    assert not missing, f"commands missing from the README: {missing}"
