"""One frozen settings object, declared once as a table.

Precedence: command-line flag > environment (``DOSSIER_<NAME>``) > TOML file > default.
The TOML file is ``<home>/config.toml`` unless ``--config``/``DOSSIER_CONFIG`` names another.
The same table drives validation, ``dossier config`` and the docs test.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from contractdossier.errors import ConfigError


def _default_home() -> Path:
    from platformdirs import user_data_path

    return user_data_path("contractdossier", appauthor=False)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a yes/no value: {value!r}")


def _to_paths(value: Any) -> tuple[Path, ...]:
    if isinstance(value, str):
        value = [v for v in value.split(os.pathsep) if v]
    return tuple(Path(v).expanduser() for v in value)


def _choice(*options: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in options:
            raise ValueError(f"must be one of {', '.join(options)}, not {value!r}")
        return text

    return convert


def _positive_int(value: Any) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(f"must be at least 1, not {number}")
    return number


def _non_negative_float(value: Any) -> float:
    number = float(value)
    if number < 0:
        raise ValueError(f"must not be negative, not {number}")
    return number


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    convert: Callable[[Any], Any]
    default: Callable[[], Any]
    help: str

    @property
    def env(self) -> str:
        return "DOSSIER_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "home",
        lambda v: Path(v).expanduser(),
        _default_home,
        "Data home: store, archive of originals, index, quarantine.",
    ),
    Setting(
        "database_url",
        str,
        lambda: "",
        "SQLAlchemy URL of the store; empty means SQLite inside the data home.",
    ),
    Setting(
        "inboxes",
        _to_paths,
        tuple,
        "Folders `dossier watch` watches when none are given (os.pathsep-separated in env).",
    ),
    Setting(
        "workers",
        _positive_int,
        lambda: os.cpu_count() or 1,
        "Parallel extraction worker processes.",
    ),
    Setting(
        "stable_delay",
        _non_negative_float,
        lambda: 2.0,
        "Seconds a file's size and mtime must stay unchanged before it is taken.",
    ),
    Setting(
        "rescan_interval",
        _non_negative_float,
        lambda: 300.0,
        "Seconds between full rescans of watched folders (0 = never).",
    ),
    Setting(
        "polling",
        _to_bool,
        lambda: False,
        "Watch by polling instead of OS events (network shares).",
    ),
    Setting(
        "after_ingest",
        _choice("keep", "move"),
        lambda: "keep",
        "What happens to a processed source file: keep it in place or move it.",
    ),
    Setting(
        "processed_dir",
        lambda v: Path(v).expanduser() if v else None,
        lambda: None,
        "Where processed files are moved when after_ingest = move.",
    ),
    Setting(
        "ocr",
        _choice("auto", "always", "never"),
        lambda: "auto",
        "OCR pages without a usable text layer (auto), every page, or none.",
    ),
    Setting("ocr_languages", str, lambda: "nld+eng", "Tesseract languages."),
    Setting(
        "search_backend",
        _choice("tantivy", "whoosh", "postgres"),
        lambda: "tantivy",
        "Search engine: tantivy or whoosh (embedded), or postgres (a PostgreSQL store's own "
        "full-text search; the default when the store is PostgreSQL).",
    ),
    Setting(
        "max_attempts",
        _positive_int,
        lambda: 3,
        "Attempts before a job that keeps failing is marked failed.",
    ),
    Setting(
        "job_timeout",
        _non_negative_float,
        lambda: 600.0,
        "Seconds one file may take in a worker before it is abandoned (0 = no limit).",
    ),
    Setting(
        "worker_memory_mb",
        lambda v: max(0, int(v)),
        lambda: 1500,
        "Address-space limit of each extraction worker in MB (0 = no limit); a file that "
        "needs more is quarantined.",
    ),
)
_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    database_url: str = ""
    inboxes: tuple[Path, ...] = ()
    workers: int = 1
    stable_delay: float = 2.0
    rescan_interval: float = 300.0
    polling: bool = False
    after_ingest: str = "keep"
    processed_dir: Path | None = None
    ocr: str = "auto"
    ocr_languages: str = "nld+eng"
    search_backend: str = "tantivy"
    max_attempts: int = 3
    job_timeout: float = 600.0
    worker_memory_mb: int = 1500
    sources: Mapping[str, str] = field(default_factory=dict)  # where each value came from

    # Layout of the data home -------------------------------------------------
    @property
    def store_path(self) -> Path:
        return self.home / "dossier.sqlite3"

    @property
    def archive_dir(self) -> Path:
        return self.home / "archive"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "quarantine"

    @property
    def config_path(self) -> Path:
        return self.home / "config.toml"

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite:///{self.store_path}"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "sources":
                continue
            value = getattr(self, f.name)
            if isinstance(value, Path):
                value = str(value)
            elif isinstance(value, tuple):
                value = [str(v) for v in value]
            out[f.name] = value
        return out


def load(
    overrides: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> Settings:
    """Resolve every setting by precedence and validate it; raise ConfigError on bad values."""
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    environ = os.environ if environ is None else environ
    for key in overrides:
        if key not in _BY_NAME:
            raise ConfigError(f"unknown setting {key!r}")

    # The home decides where the config file is, so resolve it first.
    home_raw, home_src = _pick("home", overrides, environ, {})
    home = _convert(_BY_NAME["home"], home_raw, home_src)
    path = config_file or (
        Path(environ["DOSSIER_CONFIG"]) if environ.get("DOSSIER_CONFIG") else None
    )
    path = path or home / "config.toml"
    file_values = _read_toml(path) if path.exists() else {}
    if "home" in file_values:
        raise ConfigError(f"{path}: 'home' cannot be set inside the home's own config file")

    values: dict[str, Any] = {"home": home}
    sources: dict[str, str] = {"home": home_src}
    for setting in SETTINGS[1:]:
        raw, src = _pick(setting.name, overrides, environ, file_values)
        values[setting.name] = _convert(setting, raw, src)
        sources[setting.name] = src
    return Settings(**values, sources=sources)


def _pick(
    name: str,
    overrides: Mapping[str, Any],
    environ: Mapping[str, str],
    file_values: Mapping[str, Any],
) -> tuple[Any, str]:
    setting = _BY_NAME[name]
    if name in overrides:
        return overrides[name], "flag"
    if environ.get(setting.env):
        return environ[setting.env], f"env {setting.env}"
    if name in file_values:
        return file_values[name], "config file"
    return setting.default(), "default"


def _convert(setting: Setting, raw: Any, source: str) -> Any:
    if source == "default":
        return raw
    try:
        return setting.convert(raw)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"setting {setting.name} (from {source}): {e}") from e


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"cannot read config file {path}: {e}") from e
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key in ("search", "ingest", "watch", "store", "access"):
            # Sections are allowed for readability: [search] backend = "whoosh" -> search_backend.
            for sub, sub_value in value.items():
                name = f"{key}_{sub}" if f"{key}_{sub}" in _BY_NAME else sub
                flat[name] = sub_value
        else:
            flat[key] = value
    unknown = sorted(k for k in flat if k not in _BY_NAME and k not in _EXTRA_SECTIONS)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s): {', '.join(unknown)}")
    return {k: v for k, v in flat.items() if k in _BY_NAME}


# Top-level tables that other modules read from the file themselves (access policies, roles).
_EXTRA_SECTIONS = frozenset({"roles", "policies"})
