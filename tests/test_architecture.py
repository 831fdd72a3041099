"""The domain core imports no Django: it must run in the simulator, the worker and the tests
without a configured web application."""

import ast
import subprocess
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parent.parent / "ombud" / "domain"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_domain_module_imports_django():
    offenders = {
        path.name: sorted(name for name in _imported_modules(path)
                          if name.split(".")[0] == "django")
        for path in DOMAIN.glob("*.py")
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_loading_the_whole_domain_and_simulating_leaves_django_unimported():
    script = (
        "import sys, pkgutil, importlib, ombud.domain as d\n"
        "for m in pkgutil.iter_modules(d.__path__):\n"
        "    importlib.import_module('ombud.domain.' + m.name)\n"
        "from ombud.domain.loader import bundled_procedures\n"
        "bundled_procedures()\n"
        "print('django' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
