"""Rule discovery and selection (ruff-style `--select` / `--ignore` by code or prefix)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache
from importlib.metadata import entry_points
from types import ModuleType

from cleaner.rule import Option, OptionError, Rule


class SelectionError(ValueError):
    """A selector that matches no rule; the message names it."""


def _rules_in(package: ModuleType) -> list[type[Rule]]:
    """Rules defined in `package` and in every module below it, in module-name order."""
    modules = [package]
    if hasattr(package, "__path__"):
        prefix = f"{package.__name__}."
        for info in sorted(pkgutil.walk_packages(package.__path__, prefix), key=lambda i: i.name):
            modules.append(importlib.import_module(info.name))
    found = []
    for module in modules:
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, Rule)
                and obj.__module__ == module.__name__
                and "code" in obj.__dict__
            ):
                found.append(obj)
    return found


@cache
def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule by code: the bundled pack plus `cleaner.rules` entry points."""
    packages = {"cleaner_rules": importlib.import_module("cleaner_rules")}
    for ep in entry_points(group="cleaner.rules"):
        if ep.value not in packages:
            packages[ep.value] = ep.load()
    registry: dict[str, type[Rule]] = {}
    for package in packages.values():
        for rule in _rules_in(package):
            other = registry.get(rule.code)
            if other is not None and other is not rule:
                raise RuntimeError(f"rule code {rule.code} used by {other} and {rule}")
            registry[rule.code] = rule
    return dict(sorted(registry.items(), key=lambda kv: (kv[1].stage, kv[0])))


def _matches(rule: type[Rule], selector: str) -> bool:
    return selector == "ALL" or rule.code.startswith(selector) or rule.name == selector


def select(select: list[str] | None = None, ignore: list[str] | None = None) -> list[type[Rule]]:
    """Rules to run, in stage and code order. `select=None` means the default set."""
    registry = all_rules()
    for selector in [*(select or []), *(ignore or [])]:
        if not any(_matches(r, selector) for r in registry.values()):
            raise SelectionError(f"no rule matches selector {selector!r}")
    if select is None:
        chosen = [r for r in registry.values() if r.default_enabled]
    else:
        chosen = [r for r in registry.values() if any(_matches(r, s) for s in select)]
    return [r for r in chosen if not any(_matches(r, s) for s in ignore or [])]


def option_index() -> dict[str, tuple[Option, list[type[Rule]]]]:
    """`stage.option` key to its option and the rules that read it."""
    index: dict[str, tuple[Option, list[type[Rule]]]] = {}
    for rule in all_rules().values():
        for opt in rule.options:
            key = f"{rule.stage.label}.{opt.name}"
            if key in index:
                index[key][1].append(rule)
            else:
                index[key] = (opt, [rule])
    return index


def validate_options(values: dict[str, object]) -> dict[str, object]:
    """Parse `stage.option` values; an unknown key is an error that names it."""
    index = option_index()
    parsed = {}
    for key, value in sorted(values.items()):
        if key not in index:
            raise OptionError(f"unknown rule option {key!r}")
        parsed[key] = index[key][0].parse(key, value)
    return parsed


def instantiate(rules: list[type[Rule]], options: dict[str, object]) -> list[Rule]:
    """Build rule instances, each with the options of its stage."""
    out = []
    for rule in rules:
        mine = {
            key.split(".", 1)[1]: value
            for key, value in options.items()
            if key.split(".", 1)[0] == rule.stage.label
            and any(o.name == key.split(".", 1)[1] for o in rule.options)
        }
        out.append(rule(**mine))
    return out
