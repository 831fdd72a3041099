"""The evidence that a rule is enforced: the tests that name it.

A test names a rule by holding the rule's ID in snake form in its function name: DNV-K-11 is
``dnv_k_11`` in ``test_dnv_k_11_the_answer_is_due_six_weeks_after_receipt``, X-07 is ``x_07`` in
``test_x_07_...``. The ID is matched as whole words of the name (between underscores or at its
end), so ``av_1`` is not AV-11 and ``av_11`` is not AV-01. Only test files pytest collects
(``test_*.py``, ``*_test.py``) count. A name that holds a rule's prefix and a number that is no
rule's (``av_1``, ``dnv_k_99``) is a test meant to name a rule that names none: ``misnamed_tests``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

TEST_FUNCTION = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]+(test_\w+)", re.MULTILINE)


def snake_id(rule: str) -> str:
    """A rule's ID as it stands in a test name: DNV-K-11 -> dnv_k_11, AWB-7:10 -> awb_7_10."""
    return re.sub(r"[^a-z0-9]+", "_", rule.lower()).strip("_")


def default_tests_dir() -> Path | None:
    """The repository's tests/ beside the package, when Ombud runs from its own checkout."""
    root = Path(__file__).resolve().parents[2]  # ombud/domain/evidence.py -> the checkout
    tests = root / "tests"
    if (root / "pyproject.toml").is_file() and tests.is_dir():
        return tests
    return None


def named_tests(tests_dir: Path) -> list[str]:
    """``path::name`` of every test function in the test files under ``tests_dir``."""
    found = []
    files = {*tests_dir.rglob("test_*.py"), *tests_dir.rglob("*_test.py")}
    for path in sorted(files):
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(tests_dir).as_posix()
        found += [f"{where}::{name}" for name in TEST_FUNCTION.findall(text)]
    return found


def rules_named(name: str, rules_by_snake: dict[str, str]) -> set[str]:
    """The rule IDs that a test function's name holds as whole words."""
    words = name.split("_")
    named = set()
    lengths = {snake.count("_") + 1 for snake in rules_by_snake}  # x_07: 2 words, dnv_k_11: 3
    for start in range(1, len(words)):  # words[0] is "test"
        for length in lengths:
            rule = rules_by_snake.get("_".join(words[start:start + length]))
            if rule is not None:
                named.add(rule)
    return named


def evidence_by_rule(rules: Iterable[str], tests_dir: Path) -> dict[str, list[str]]:
    """Rule ID -> the tests naming it (``path::name``), for every rule in ``rules``."""
    rules_by_snake = {snake_id(rule): rule for rule in rules}
    found: dict[str, list[str]] = {rule: [] for rule in rules_by_snake.values()}
    for test in named_tests(tests_dir):
        for rule in rules_named(test.rpartition("::")[2], rules_by_snake):
            found[rule].append(test)
    return found


def ids_of_no_rule(name: str, rules_by_snake: dict[str, str]) -> set[str]:
    """What looks like a rule's ID in a test name, with a prefix of the catalogue (av, dnv_k)
    and a number, but is no rule's: AV-1, DNV-K-99."""
    prefixes = {snake.rpartition("_")[0] for snake in rules_by_snake}
    words = name.split("_")
    found = set()
    for start in range(1, len(words)):
        for length in (1, 2):  # av_1 or dnv_k_99
            prefix = "_".join(words[start:start + length])
            number = words[start + length] if start + length < len(words) else ""
            snake = f"{prefix}_{number}"
            if prefix in prefixes and number.isdigit() and snake not in rules_by_snake:
                found.add(snake.upper().replace("_", "-"))
    return found


def misnamed_tests(rules: Iterable[str], tests_dir: Path) -> list[str]:
    """One line per test whose name holds an ID that no rule in ``rules`` has."""
    rules_by_snake = {snake_id(rule): rule for rule in rules}
    found = []
    for test in named_tests(tests_dir):
        for unknown in sorted(ids_of_no_rule(test.rpartition("::")[2], rules_by_snake)):
            found.append(f"{test}: names {unknown}, which is not a rule of rules.md")
    return found
