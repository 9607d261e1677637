from __future__ import annotations

from pathlib import Path

import pytest

from contractdossier.errors import ConfigError
from contractdossier.settings import SETTINGS, load


def test_precedence_flag_over_env_over_file_over_default(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (home / "config.toml").write_text('workers = 3\nocr = "never"\n[search]\nbackend = "whoosh"\n')
    env = {"DOSSIER_HOME": str(home), "DOSSIER_OCR": "always"}
    s = load({"workers": 5}, environ=env)
    assert s.workers == 5 and s.sources["workers"] == "flag"
    assert s.ocr == "always" and s.sources["ocr"].startswith("env")
    assert s.search_backend == "whoosh" and s.sources["search_backend"] == "config file"
    assert s.stable_delay == 2.0 and s.sources["stable_delay"] == "default"


def test_bad_values_are_refused_with_their_origin(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (home / "config.toml").write_text("workers = 0\n")
    with pytest.raises(ConfigError, match=r"workers \(from config file\): must be at least 1"):
        load(environ={"DOSSIER_HOME": str(home)})
    (home / "config.toml").write_text("wokers = 2\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        load(environ={"DOSSIER_HOME": str(home)})


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert not missing, f"settings missing from the README: {missing}"
