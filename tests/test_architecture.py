"""The layout stays readable: layers respected, modules and functions short, packages listed.

docs/architecture.md draws the layers; `lint-imports` (import-linter, configured in
pyproject.toml) proves no module imports from a layer above it. Size limits keep a module
readable in one sitting and a function on one screen; a function that is clearer long says
why in a `# long: ...` comment on its `def` line or the line above.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*(ROOT / "cleaner").rglob("*.py"), *(ROOT / "rules").rglob("*.py")])
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 40


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_module_imports_from_a_layer_above():
    importlinter = pytest.importorskip("importlinter.cli")
    assert importlinter.lint_imports(config_filename=str(ROOT / "pyproject.toml"),
                                     no_cache=True) == 0


@pytest.mark.parametrize("path", SOURCES, ids=_relative)
def test_module_and_functions_are_short(path):
    source = path.read_text("utf-8")
    lines = source.splitlines()
    assert len(lines) <= MAX_MODULE_LINES, f"{len(lines)} lines; split the module"
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = node.end_lineno - node.lineno + 1
        first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        said_why = any("# long:" in lines[i - 1] for i in range(max(first - 1, 1), node.lineno + 1))
        assert length <= MAX_FUNCTION_LINES or said_why, (
            f"{node.name} (line {node.lineno}) is {length} lines; split it into named steps "
            "or say why in a `# long:` comment"
        )


def test_every_package_says_what_it_owns_and_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    for init in [*(ROOT / "cleaner").rglob("__init__.py"), *(ROOT / "rules").rglob("__init__.py")]:
        folder = init.parent.relative_to(ROOT)
        name = ".".join(("cleaner_rules", *folder.parts[1:]) if folder.parts[0] == "rules"
                        else folder.parts)
        assert name in listed, f"{name} is missing from [tool.setuptools] packages"
        assert ast.get_docstring(ast.parse(init.read_text("utf-8"))), f"{init} has no docstring"
