"""How Ombud covers every rule of rules.md: by the engine, as procedure data, or by a named part
still to come (``procedures/coverage.toml``). What is not covered at all shows as such."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ombud.domain.loader import PROCEDURES_DIR, bundled_procedures
from ombud.domain.procedure import Procedure
from ombud.domain.rules import rule_catalogue

PLAN_FILE = PROCEDURES_DIR / "coverage.toml"


@dataclass
class RuleCoverage:
    rule: str
    engine: list[str] = field(default_factory=list)  # enforced: a deadline, refusal or fee
    data: list[str] = field(default_factory=list)  # carried by a procedure, used by later parts
    application: str | None = None  # built outside the engine: the public form, the letters
    planned: str | None = None  # a later part of Ombud that will handle it

    @property
    def status(self) -> str:
        if self.engine:
            return "engine"
        if self.application:
            return "application"
        if self.planned:
            return "planned"
        if self.data:
            return "data"
        return "NOT COVERED"


def _engine_uses(procedure: Procedure) -> list[tuple[str, str]]:
    """(rule, what) for every rule the engine acts on in this procedure."""
    uses = [(procedure.scope_rule, "refuses events outside the procedure"),
            (procedure.answer_rule, "closes the case with the answer"),
            (procedure.intake.channels_rule, "accepted channels: "
             + ", ".join(sorted(procedure.intake.channels))),
            (procedure.decline.rule, "decline")]
    if procedure.extendable is None:
        uses.append((procedure.extension_rule, "refuses extensions"))
    if procedure.intake.written_rule:
        uses.append((procedure.intake.written_rule, "event put_in_writing starts X-05 deadlines"))
    uses += [(s.rule, f"refuses intake about {s.about}") for s in procedure.intake.refused_subjects]
    for spec in procedure.deadlines:
        uses.append((spec.rule, f"deadline {spec.key}"))
        if spec.suspension_rule:
            uses.append((spec.suspension_rule, f"suspends deadline {spec.key}"))
        if spec.extension:
            uses.append((spec.extension.rule, f"extends deadline {spec.key}"))
            uses.append((spec.extension.consent_rule, "further extension needs consent"))
    if procedure.impartiality:
        uses.append((procedure.impartiality.rule, "refuses an involved handler"))
        if procedure.impartiality.hearing_rule:
            uses.append((procedure.impartiality.hearing_rule, "refuses an involved hearer"))
    if procedure.hearing:
        uses.append((procedure.hearing.rule, "answer refused until a hearing was offered"))
        uses.append((procedure.hearing.skip_rule, "hearing skip grounds"))
        if procedure.hearing.documents_rule:
            uses.append((procedure.hearing.documents_rule, "documents count until a day set "
                                                           "before the hearing"))
    uses += [(g.rule, f"decline ground {g.key}") for g in procedure.decline.grounds]
    uses.append((procedure.appeal.rule, "appeal to the body" if procedure.appeal.body
                 else "refuses an internal appeal"))
    if procedure.management_rule:
        uses.append((procedure.management_rule, "event taken_up"))
    uses += [(fee.rule, f"fee {fee.item}") for fee in procedure.fees]
    return uses


def _data_uses(procedure: Procedure) -> list[tuple[str, str]]:
    intake = procedure.intake
    return ([(f.rule, f"who may file: {f.key}") for f in intake.filers]
            + [(s.rule, f"subject: {s.key}") for s in intake.subjects]
            + [(f.rule, f"required field: {f.key}") for f in intake.required_fields]
            + list(procedure.references)
            + ([(procedure.access.rule, "reads its cases: "
                 + ", ".join(sorted(procedure.access.readers)))] if procedure.access.rule else []))


def rule_coverage(plan_file: Path = PLAN_FILE) -> list[RuleCoverage]:
    plan = tomllib.loads(plan_file.read_text(encoding="utf-8"))
    found = {rule: RuleCoverage(rule) for rule in rule_catalogue()}
    for rule, what in plan.get("engine", {}).items():
        found[rule].engine.append(f"engine: {what}")
    for rule, part in plan.get("application", {}).items():
        found[rule].application = part
    for rule, part in plan.get("planned", {}).items():
        found[rule].planned = part
    for versions in bundled_procedures().values():
        procedure = versions[-1]
        for rule, what in _engine_uses(procedure):
            found[rule].engine.append(f"{procedure.id}: {what}")
        for rule, what in _data_uses(procedure):
            found[rule].data.append(f"{procedure.id}: {what}")
    return list(found.values())


def coverage_report(only_uncovered: bool = False) -> str:
    rows = rule_coverage()
    lines = []
    for row in rows:
        if only_uncovered and row.status != "NOT COVERED":
            continue
        where = row.engine or [part for part in (row.application, row.planned) if part] + row.data
        lines.append(f"{row.rule:<10} {row.status:<12} {'; '.join(dict.fromkeys(where))}")
    counts = {status: sum(1 for r in rows if r.status == status)
              for status in ("engine", "application", "data", "planned", "NOT COVERED")}
    lines.append("")
    lines.append(f"{len(rows)} rules: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(lines)
