"""Configuration: `cleaner.toml` or `[tool.cleaner]` in `pyproject.toml`, then CLI overrides."""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict, dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

from cleaner.registry import SelectionError, select, validate_options
from cleaner.rule import OptionError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(ValueError):
    """Bad configuration; the message names the file and key."""


@dataclass
class Config:
    inputs: list[str] = field(default_factory=list)
    output: str | None = None
    dataset: str | None = None
    text_field: str = "text"
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    workers: int | None = None
    strict: bool = False
    keep_dropped: bool = False  # documents filters dropped go to OUT/dropped/
    license: str | None = None
    pretty_name: str | None = None
    repo: str | None = None
    row_group_mb: int = 100
    shard_mb: int = 512
    max_decompressed_mb: int = 2048
    base_dir: Path = field(default=Path("."), repr=False)
    source: Path | None = field(default=None, repr=False)  # the config file read, if any

    def validate(self) -> Config:
        """Check selectors and options against the registry; normalise option values."""
        try:
            select(self.select, self.ignore)
            self.options = validate_options(self.options)
        except (SelectionError, OptionError) as exc:
            raise ConfigError(str(exc)) from None
        if self.workers is not None and self.workers < 1:
            raise ConfigError(f"workers must be >= 1, got {self.workers}")
        return self

    def resolve(self, path: str) -> Path:
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    def output_hash(self) -> str:
        """Hash of everything that decides the output text (not paths, workers or timings)."""
        keep = {"text_field", "select", "ignore", "options"}
        data = {k: v for k, v in asdict(self).items() if k in keep}
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[
            :16
        ]

    def public(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("base_dir")
        data.pop("source")
        return data


_KEYS = {f.name for f in fields(Config)} - {"base_dir", "source"}

# Expected type and lower bound of every scalar key: a wrong value is one line naming the
# file, the key, what was expected and what was found, never a traceback or a silent truth.
_TYPES: dict[str, tuple[type, int | None]] = {
    "output": (str, None), "dataset": (str, None), "text_field": (str, None),
    "license": (str, None), "pretty_name": (str, None), "repo": (str, None),
    "strict": (bool, None), "keep_dropped": (bool, None), "workers": (int, 1),
    "row_group_mb": (int, 1), "shard_mb": (int, 1), "max_decompressed_mb": (int, 1),
}


def _check_value(where: str, key: str, value: Any) -> None:
    kind, low = _TYPES[key]
    if value is None and key not in ("strict", "keep_dropped", "text_field"):
        return
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if not ok:
        expected = {str: "a string", bool: "true or false", int: "an integer"}[kind]
        bound = f" >= {low}" if low is not None else ""
        raise ConfigError(f"{where}: {key} must be {expected}{bound}, got {value!r}")
    if low is not None and value < low:
        raise ConfigError(f"{where}: {key} must be an integer >= {low}, got {value!r}")
    if kind is str and key == "text_field" and not value:
        raise ConfigError(f"{where}: text_field must be a non-empty string")


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, Any]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = value


def from_mapping(data: dict[str, Any], where: str, base_dir: Path) -> Config:
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}")
    data = dict(data)
    options: dict[str, Any] = {}
    _flatten("", data.pop("options", {}) or {}, options)
    for key in ("inputs", "ignore"):
        if isinstance(data.get(key), str):
            data[key] = [data[key]]
    if isinstance(data.get("select"), str):
        data["select"] = [data["select"]]
    for key, value in data.items():
        if key in _TYPES:
            _check_value(where, key, value)
        elif not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ConfigError(f"{where}: {key} must be a list of strings, got {value!r}")
    return Config(**data, options=options, base_dir=base_dir)


def _parse(path: Path) -> dict[str, Any]:
    """The TOML document in `path`; a syntax error names the file, line and column."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _declares_cleaner(pyproject: Path) -> bool:
    """Does this pyproject.toml hold a `[tool.cleaner]` table (even a broken one)?"""
    try:
        text = pyproject.read_text("utf-8", errors="replace")
    except OSError:
        return False
    if "tool.cleaner" not in text and "[tool]" not in text:
        return False
    return "cleaner" in _parse(pyproject).get("tool", {})


def find_config(start: Path) -> Path | None:
    """`cleaner.toml` or a `pyproject.toml` with `[tool.cleaner]`, in `start` or above.

    The nearest folder that has either wins. Both in one folder is an error: one would
    silently hide the other's settings.
    """
    for folder in [start, *start.parents]:
        own = folder / "cleaner.toml"
        pyproject = folder / "pyproject.toml"
        in_pyproject = pyproject.is_file() and _declares_cleaner(pyproject)
        if own.is_file() and in_pyproject:
            raise ConfigError(
                f"{own} and [tool.cleaner] in {pyproject} both configure cleaner; keep one "
                "(or pass --config)"
            )
        if own.is_file():
            return own
        if in_pyproject:
            return pyproject
    return None


def load(path: Path | None = None, cwd: Path | None = None) -> Config:
    """Load a config file (explicit, or found from `cwd` upwards); defaults if none."""
    cwd = cwd or Path.cwd()
    if path is None:
        path = find_config(cwd)
        if path is None:
            return Config(base_dir=cwd)
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    data = _parse(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cleaner", {})
    cfg = from_mapping(data, str(path), path.parent.resolve())
    cfg.source = path
    return cfg


def parse_set(items: list[str]) -> dict[str, str]:
    """`--set KEY=VALUE` pairs."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set expects KEY=VALUE, got {item!r}")
        out[key.strip()] = value.strip()
    return out


SAMPLE = "<sample>"  # how reports name the embedded sample corpus


def sample_corpus() -> Path:
    """The embedded sample corpus shipped inside the package."""
    return Path(str(resources.files("cleaner") / "sample" / "raw"))
