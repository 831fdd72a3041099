"""How Ombud covers every rule of every catalogue, and the evidence that it does.

Coverage is per bundle: Ombud's own interpretations (``procedures/rules.md`` with
``procedures/coverage.toml``) and each organization's bundle (``<org>/rules.md`` with its
``<org>/coverage.toml``, optional). A rule is claimed in one of five ways: the engine acts on it
(a procedure key names it, or the plan's ``[engine]`` says how the engine's own code does), the
web application enforces it (``[application]``), a part still to be built will (``[planned]``),
Ombud cannot express it and says why (``[not_supported]``), or a procedure only carries it (data:
a reference shown to staff, a filer choice). What none claims shows as NOT COVERED.

A claim of enforcement counts only with evidence: a test that names the rule (``evidence``).
``problems`` lists where claims and tests disagree: a rule claimed as enforced that no test
names, a rule that a test names while it is called planned, data or not covered, and a test
whose name holds an ID that no rule has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ombud.domain import bundle_toml
from ombud.domain.bundles import all_bundles
from ombud.domain.evidence import evidence_by_rule, misnamed_tests
from ombud.domain.loader import PROCEDURES_DIR, bundled_procedures
from ombud.domain.procedure import Procedure
from ombud.domain.rules import rule_catalogue

PLAN_FILE = PROCEDURES_DIR / "coverage.toml"
PLAN_SECTIONS = ("engine", "application", "planned", "not_supported")
ENFORCED = ("engine", "application")
STATUSES = (*ENFORCED, "data", "planned", "not supported", "NOT COVERED")
# A rule is "not supported" when its plan says so, whatever part of it a procedure key carries.


@dataclass
class RuleCoverage:
    rule: str
    engine: list[str] = field(default_factory=list)  # enforced: a deadline, refusal or fee
    data: list[str] = field(default_factory=list)  # carried by a procedure, used by later parts
    application: str | None = None  # built outside the engine: the public form, the letters
    planned: str | None = None  # a part still to be built that will handle it
    tests: list[str] | None = None  # the tests naming the rule; None when not looked for
    not_supported: str | None = None  # why Ombud cannot express it
    bundle: str = ""  # the organization whose catalogue holds it; "" for Ombud's own

    @property
    def status(self) -> str:
        """What the rule is claimed to be."""
        if self.not_supported:  # said of the rule as a whole, even where a key carries a part
            return "not supported"
        if self.engine:
            return "engine"
        if self.application:
            return "application"
        if self.planned:
            return "planned"
        if self.data:
            return "data"
        return "NOT COVERED"

    @property
    def problem(self) -> str | None:
        """Where the claim and the tests disagree; None when they agree or tests were not read."""
        if self.tests is None:
            return None
        if self.status in ENFORCED and not self.tests:
            return f"claimed as enforced ({self.status}), but no test names it"
        if self.tests and (self.planned or self.status not in ENFORCED):
            called = "planned" if self.planned else self.status
            return f"called {called}, but tests name it: {', '.join(self.tests)}"
        return None


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
        # issue 13: a deadline's own end of period, its variants and the posting date
        if spec.end_rule_rule:
            uses.append((spec.end_rule_rule, f"deadline {spec.key} ends {spec.end_rule.value}"))
        uses += [(variant.rule, f"deadline {spec.key} variant {variant.when}")
                 for variant in spec.variants]
        if spec.posting:
            uses.append((spec.posting.rule, f"deadline {spec.key} met by the posting date"))
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
        hearing = procedure.hearing
        uses += [(rule, what) for rule, what in (
            (hearing.file_rule, "refuses a hearing set less than the file's days ahead"),
            (hearing.joint_rule, "refuses a separate hearing without its reason"),
            (hearing.report_rule, "the hearing's report names witnesses and experts"),
            (hearing.separate_rule, "event parties_informed after a separate hearing"),
            (hearing.new_facts_rule, "event new_facts: the answer waits while they may be heard"),
        ) if rule]
    uses += [(g.rule, f"decline ground {g.key}") for g in procedure.decline.grounds]
    uses.append((procedure.appeal.rule, "appeal to the body" if procedure.appeal.body
                 else "refuses an internal appeal"))
    if procedure.forwarding:
        uses.append((procedure.forwarding.rule, "event forwarded: to the appeal body"))
    if procedure.appeal.clause_rule:
        uses.append((procedure.appeal.clause_rule,
                     f"the answer carries the {procedure.appeal.clause} remedy clause"))
    if procedure.management_rule:
        uses.append((procedure.management_rule, "event taken_up"))
    uses += [(fee.rule, f"fee {fee.item}") for fee in procedure.fees]
    if procedure.booking:
        uses.append((procedure.booking.rule, "event slot_booked: a free slot, after "
                     + procedure.booking.after))
    if procedure.payment:
        uses.append((procedure.payment.rule, "event payment_received; the account on the receipt"))
    if procedure.court_outcome_rule:
        uses.append((procedure.court_outcome_rule, "event court_decided after court_appealed"))
    for event in procedure.declared_events:  # issue 13: a step the bundle declares
        uses.append((event.rule, f"declared event {event.key}: a step of its own, recorded by "
                                 + ", ".join(sorted(event.record))))
    if procedure.impartiality and "decision_makers_named" in procedure.steps:
        uses.append((procedure.impartiality.rule, "refuses the decision's maker as handler"))
    return uses


def _data_uses(procedure: Procedure) -> list[tuple[str, str]]:
    intake = procedure.intake
    return ([(f.rule, f"who may file: {f.key}") for f in intake.filers]
            + [(s.rule, f"subject: {s.key}") for s in intake.subjects]
            + [(f.rule, f"required field: {f.key}") for f in intake.required_fields]
            + list(procedure.references)
            + _disclosure_uses(procedure)
            + ([(procedure.precedents_rule, "the case page lists earlier decided cases on the "
                 "same subject")] if procedure.precedents_rule else [])
            + ([(procedure.access.rule, "reads its cases: "
                 + ", ".join(sorted(procedure.access.readers)))] if procedure.access.rule else []))


def _disclosure_uses(procedure: Procedure) -> list[tuple[str, str]]:
    disclosure = procedure.disclosure
    if disclosure is None:
        return []
    return [(disclosure.shown_rule, "shown per subject: " + ", ".join(k for k, _ in
                                                                      disclosure.shown)),
            (disclosure.never_rule, "never shown, on the staff's case page"),
            (disclosure.no_discussion_rule, "no discussion of content, on the staff's case page")]


def rule_coverage(plan_file: Path | None = PLAN_FILE, tests_dir: Path | None = None, *,
                  rules: Iterable[str] | None = None,
                  procedures: Iterable[Procedure] | None = None,
                  bundle: str = "") -> list[RuleCoverage]:
    """Every rule of one catalogue with its claims, and with its tests when ``tests_dir`` is
    given. ``rules`` and ``procedures`` default to Ombud's own catalogue and the current version
    of every procedure found; a procedure's rules outside ``rules`` are another catalogue's."""
    plan = _read_plan(plan_file)
    found = {rule: RuleCoverage(rule, bundle=bundle)
             for rule in (rule_catalogue() if rules is None else rules)}
    for section in PLAN_SECTIONS:
        unknown = sorted(set(plan.get(section, {})) - set(found))
        if unknown:
            raise ValueError(f"{plan_file}: [{section}] names rules not in its rules.md: "
                             + ", ".join(unknown))
    for rule, what in plan.get("engine", {}).items():
        found[rule].engine.append(f"engine: {what}")
    for rule, part in plan.get("application", {}).items():
        found[rule].application = part
    for rule, part in plan.get("planned", {}).items():
        found[rule].planned = part
    for rule, reason in plan.get("not_supported", {}).items():
        found[rule].not_supported = reason
    if procedures is None:
        procedures = [versions[-1] for versions in bundled_procedures().values()]
    for procedure in procedures:
        for rule, what in _engine_uses(procedure):
            if rule in found:
                found[rule].engine.append(f"{procedure.id}: {what}")
        for rule, what in _data_uses(procedure):
            if rule in found:
                found[rule].data.append(f"{procedure.id}: {what}")
    if tests_dir is not None:
        for rule, tests in evidence_by_rule(found, tests_dir).items():
            found[rule].tests = tests
    return list(found.values())


def _read_plan(plan_file: Path | None) -> dict:
    if plan_file is None or not plan_file.is_file():
        return {}
    return bundle_toml.loads(plan_file.read_text(encoding="utf-8"))


def all_coverage(tests_dir: Path | None = None,
                 plan_file: Path = PLAN_FILE) -> list[RuleCoverage]:
    """Ombud's own rules, then each bundle's, each with its own plan and procedures."""
    procedures = {procedure_id: versions[-1]
                  for procedure_id, versions in bundled_procedures().items() if versions}
    rows = rule_coverage(plan_file, tests_dir, procedures=procedures.values())
    for organization, folder in all_bundles().items():
        own = [procedure for procedure_id, procedure in procedures.items()
               if procedure_id.partition("/")[0] == organization]
        rows += rule_coverage(folder / "coverage.toml", tests_dir,
                              rules=rule_catalogue(folder / "rules.md"), procedures=own,
                              bundle=organization)
    return rows


def problems(rows: list[RuleCoverage], tests_dir: Path | None = None) -> list[str]:
    """One line per rule whose claim the tests contradict, then one per test in ``tests_dir``
    that names an ID no rule has (a typo proves nothing)."""
    found = [f"{row.rule}: {row.problem}" for row in rows if row.problem]
    if tests_dir is not None:
        found += misnamed_tests([row.rule for row in rows], tests_dir)
    return found


def coverage_report(rows: list[RuleCoverage], only_uncovered: bool = False,
                    tests_dir: Path | None = None) -> str:
    """Per bundle: a heading, a line per rule and the bundle's counts; then the counts of all."""
    lines = []
    for bundle in dict.fromkeys(row.bundle for row in rows):
        own = [row for row in rows if row.bundle == bundle]
        lines.append(f"== {bundle or 'ombud'}: "
                     + (f"the rules of {bundle}/rules.md" if bundle else "Ombud's own rules"))
        for row in own:
            if only_uncovered and row.status != "NOT COVERED":
                continue
            lines.append(_row_line(row))
        lines.append(f"-- {bundle or 'ombud'}: {_counts(own)}")
        lines.append("")
    lines.append(_counts(rows))
    if rows and rows[0].tests is None:
        lines.append("no tests read: the claims are shown without their evidence (--tests DIR)")
    else:
        enforced = sum(1 for r in rows if r.status in ENFORCED and r.tests)
        lines.append(f"{enforced} enforced and named by a test; "
                     f"{_count(len(problems(rows, tests_dir)), 'disagreement')} between claims "
                     "and tests (--check names them)")
    return "\n".join(lines)


def _row_line(row: RuleCoverage) -> str:
    where = ([row.not_supported] if row.not_supported else []) + (row.engine or [
        part for part in (row.application, row.planned) if part] + row.data)
    proof = "" if row.tests is None else f" [{_count(len(row.tests), 'test')}]"
    return f"{row.rule:<10} {row.status:<13} {'; '.join(dict.fromkeys(where))}{proof}"


def _counts(rows: list[RuleCoverage]) -> str:
    counts = {status: sum(1 for r in rows if r.status == status) for status in STATUSES}
    return f"{len(rows)} rules: " + ", ".join(f"{n} {s}" for s, n in counts.items())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
