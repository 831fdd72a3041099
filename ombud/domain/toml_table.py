"""A TOML table read key by key with checks: each value of the right kind, each rule in the
catalogue its procedure may name (its bundle's rules.md and Ombud's), no key left unread. A broken
value is one ``ProcedureError`` naming the file and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ombud.domain.procedure import LANGUAGES, Localized
from ombud.domain.rules import Rule, rule_catalogue

# No whole number of a procedure file (a term, the years cases are kept, the days a booking
# looks ahead) is meaningful beyond this: a larger one only makes a date past the year 9999 or
# a page that counts for ever, which the engine must refuse at validate, not meet at runtime.
MAXIMUM = 1000


class ProcedureError(Exception):
    """A procedure file that cannot be used; ``str()`` is the one-line message for its author."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: {key}: {problem}" if key else f"{file}: {problem}")
        self.file, self.key, self.problem = file, key, problem



class Table:
    """One TOML table with the path to it, handing out checked values and noting what was read."""

    def __init__(self, file: str, path: str, data: Any,
                 rules: Mapping[str, Rule] | None = None) -> None:
        if not isinstance(data, dict):
            raise ProcedureError(file, path, f"must be a table, not {type(data).__name__}")
        self.file, self.path, self.data = file, path, data
        self.rules = rules  # None: Ombud's own catalogue only
        self.read: set[str] = set()

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> ProcedureError:
        return ProcedureError(self.file, self._where(key), problem)

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, kind: type | tuple[type, ...], default: Any = ...,
            what: str = "") -> Any:
        self.read.add(key)
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "is required")
            return default
        value = self.data[key]
        # bool is an int in Python; a count given as true is still a mistake
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"must be {what or getattr(kind, '__name__', kind)}, "
                                 f"not {value!r}")
        return value

    def text(self, key: str, default: Any = ...) -> str:
        value = self.raw(key, str, default, "a string")
        if isinstance(value, str) and not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def integer(self, key: str, default: Any = ..., minimum: int = 0,
                maximum: int = MAXIMUM) -> int:
        value = self.raw(key, int, default, "a whole number")
        if value is not None and value < minimum:
            raise self.fail(key, f"must be at least {minimum}, not {value}")
        if value is not None and value > maximum:
            raise self.fail(key, f"must be at most {maximum}, not {value}")
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        return self.raw(key, bool, default, "true or false")

    def one_of(self, key: str, options: tuple[str, ...] | list[str], default: Any = ...) -> str:
        value = self.text(key, default)
        if value is not None and value not in options:
            raise self.fail(key, f"{value!r} is not one of {', '.join(options)}")
        return value

    def many_of(self, key: str, options: tuple[str, ...], default: Any = ...) -> frozenset[str]:
        values = self.raw(key, list, default, "a list of strings")
        for value in values:
            if value not in options:
                raise self.fail(key, f"{value!r} is not one of {', '.join(options)}")
        return frozenset(values)

    def rule(self, key: str, default: Any = ...) -> str:
        value = self.text(key, default)
        rules = rule_catalogue() if self.rules is None else self.rules
        if value is not None and value not in rules:
            raise self.fail(key, f"rule {value!r} is not in rules.md (neither the bundle's "
                                 "nor Ombud's own, ombud/procedures/rules.md)")
        return value

    def day(self, key: str) -> date:
        value = self.raw(key, (date, str), what="a date (YYYY-MM-DD)")
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise self.fail(key, f"{value!r} is not a date (YYYY-MM-DD)") from None
        return value

    def money(self, key: str) -> Decimal:
        value = self.text(key)
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise self.fail(key, f"{value!r} is not an amount such as \"75.00\"") from None
        if not amount.is_finite() or amount < 0:
            raise self.fail(key, f"{value!r} is not an amount such as \"75.00\"")
        return amount

    def localized(self, key: str) -> Localized:
        table = self.table(key)
        texts = {lang: table.text(lang) for lang in LANGUAGES}
        table.done()
        return texts

    def table(self, key: str, required: bool = True) -> Table | None:
        self.read.add(key)
        if key not in self.data:
            if required:
                raise self.fail(key, "is required")
            return None
        return Table(self.file, self._where(key), self.data[key], self.rules)

    def tables(self, key: str) -> list[Table]:
        items = self.raw(key, list, [], "a list of tables")
        return [Table(self.file, f"{self._where(key)}[{index}]", item, self.rules)
                for index, item in enumerate(items)]

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            raise self.fail(unknown[0], "unknown key")
