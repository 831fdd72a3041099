"""Issue 13, item 3: the procedure keys added for the engine are accepted where right, refused
with a message naming the file and the key where wrong (``ombud procedure validate``), and said
in plain words by ``explain`` in nb, nl and en."""

import pytest
from issue13_procedures import AWB, FVL, RULES, issue13_rules, load  # noqa: F401 (a fixture)

from ombud.cli import main
from ombud.domain.explain import explain
from ombud.domain.toml_table import ProcedureError

pytestmark = pytest.mark.usefixtures("issue13_rules")

POSTING = 'posting = { rule = "AWB-6:9", received_within_days = 7 }\n\n[[deadline]]\nkey = "answer"'
VARIANT_WHEN = 'when = "advisory_committee"'

# file, (old text, new text), the message's end
REFUSED = [
    (FVL, ('end_of_period = "next_working_day"\nend_of_period_rule = "DL-148"\nposting = '
           '{ rule = "FVL-30" }\n\n[[deadline]]\nkey = "forwarding"',
           'end_of_period = "sometimes"\n\n[[deadline]]\nkey = "forwarding"'),
     "deadline[0].end_of_period: 'sometimes' is not one of as_falls, next_working_day"),
    (FVL, ('end_of_period = "next_working_day"\nend_of_period_rule = "DL-148"\nposting = '
           '{ rule = "FVL-30" }\n\n[[deadline]]\nkey = "forwarding"',
           'end_of_period_rule = "DL-148"\n\n[[deadline]]\nkey = "forwarding"'),
     "deadline[0].end_of_period_rule: needs end_of_period beside it"),
    (AWB, ('also_from = ["event:declined"]', 'also_from = ["declined"]'),
     "deadline[3].also_from: 'declined' is not event:<type> of a known event type"),
    (AWB, ('also_from = ["event:declined"]', 'also_from = ["event:forwarded"]'),
     "deadline.court_appeal.also_from: uses 'event:forwarded', which is not in steps"),
    (AWB, (VARIANT_WHEN, 'when = "channel"'),
     "deadline[1].variant[0].when: 'channel' is not a case flag: use a lower-case name such as "
     "advisory_committee that no event field has"),
    (AWB, (VARIANT_WHEN, 'when = "event:teleported"'),
     "deadline[1].variant[0].when: 'event:teleported' is neither a case flag nor event:<type>"),
    (AWB, (VARIANT_WHEN, 'when = "event:forwarded"'),
     "deadline.answer.variant: uses 'event:forwarded', which is not in steps"),
    (AWB, ("amount = 12\n", "amount = 0\n"),
     "deadline[1].variant[0].amount: must be at least 1, not 0"),
    (AWB, ('rule = "AWB-7:13"', 'rule = "AWB-7:99"'),
     "deadline[1].variant[0].rule: rule 'AWB-7:99' is not in rules.md (neither the bundle's "
     "nor Ombud's own, ombud/procedures/rules.md)"),
    (AWB, ('amount_from = "term"\nunit = "weeks"', 'amount_from = "term"\nunit = "months"'),
     "deadline[2].unit: must be weeks or calendar_days when the amount comes from the term set "
     "in the request"),
    (AWB, ('amount_from = "term"', 'amount_from = "term_months"'),
     "deadline[2].amount_from: 'term_months' is not one of term_weeks, term"),
    (AWB, (POSTING, POSTING.replace("received_within_days = 7", "received_within_days = 0")),
     "deadline[0].posting.received_within_days: must be at least 1, not 0"),
    (AWB, (POSTING, POSTING.replace("received_within_days = 7", "within = 7")),
     "deadline[0].posting.within: unknown key"),
    (AWB, ('roles = ["hearer"]', 'roles = ["judge"]'),
     "impartiality.roles: 'judge' is not one of decider, hearer, handler"),
    (AWB, ('roles = ["hearer"]', "roles = []"),
     "impartiality.roles: must name at least one of decider, hearer, handler"),
    (AWB, ('court_against = ["answered", "declined"]', 'court_against = ["court"]'),
     "appeal.court_against: 'court' is not one of answered, declined"),
    (FVL, ('against = ["declined"]', 'against = ["withdrawn"]'),
     "appeal.against: 'withdrawn' is not one of answered, declined"),
    (FVL, ('\n[forwarding]\nrule = "FVL-33"\n', "\n"),
     "forwarding: and the step forwarded go together: give both or neither"),
    (FVL, ('"appealed", "forwarded", "withdrawn"]', '"appealed", "withdrawn"]'),
     "deadline.forwarding: uses 'forwarded', which is not in steps"),
    (AWB, ('court_against = ["answered", "declined"]',
           'court_against = ["answered", "declined"]\nagainst = ["declined"]'),
     "appeal.against: an appeal against a dismissal needs [appeal] body"),
    (FVL, ('body = { nb = "Statsforvalteren", nl = "de Statsforvalter", en = "the county '
           'governor" }\nagainst = ["declined"]', 'against = ["answered"]'),
     "forwarding: needs [appeal] body: the body the case is forwarded to"),
]


@pytest.mark.parametrize(("path", "change", "message"), REFUSED,
                         ids=[message.partition(":")[0] + f"-{index}"
                              for index, (_, _, message) in enumerate(REFUSED)])
def test_a_wrong_issue_13_key_is_refused_with_the_key_named(path, change, message):
    with pytest.raises(ProcedureError) as raised:
        load(path, change)
    assert str(raised.value) == f"{path.name}: {message}"


def _as_bundles(root):
    """The two files as their organizations' bundles would hold them, each with its rules.md."""
    table = "| ID | rule |\n|---|---|\n" + "".join(f"| {rule} | {text} |\n"
                                                for rule, text in RULES.items())
    for path, case_type in ((FVL, "testkommune/klage"), (AWB, "testgemeente/bezwaar")):
        folder = root / case_type
        folder.mkdir(parents=True)
        (folder.parent / "rules.md").write_text("## Rules\n" + table, encoding="utf-8")
        (folder / "1.toml").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        yield folder / "1.toml"


def test_validate_accepts_both_files_and_names_the_wrong_key(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OMBUD_PROCEDURE_DIRS", str(tmp_path / "bundles"))
    fvl, awb = _as_bundles(tmp_path / "bundles")
    broken = tmp_path / "bundles" / "testgemeente" / "bezwaar" / "2.toml"
    broken.write_text(AWB.read_text(encoding="utf-8").replace('roles = ["hearer"]',
                                                              'roles = ["judge"]'),
                      encoding="utf-8")
    assert main(["procedure", "validate", str(fvl), str(awb)]) == 0
    out = capsys.readouterr().out
    assert "ok  testkommune/klage 1" in out and "ok  testgemeente/bezwaar 1" in out
    assert main(["procedure", "validate", str(broken)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.endswith("2.toml: impartiality.roles: 'judge' is not one of decider, "
                        "hearer, handler")


EXPLAINED = {
    "en": [
        "ends on the next working day when it falls on a weekend or holiday (DL-148)",
        "in time when posted before it ends (FVL-30)",
        "An appeal also lies against a decision to decline or dismiss (FVL-2).",
        "Forwarding (FVL-33): a case the first instance does not reverse goes to the county "
        "governor by itself; the first instance's letters do not invite an appeal.",
        "with an advisory committee: 12 weeks (AWB-7:13)",
        "in time when posted before it ends and received within 7 days after it (AWB-6:9)",
        "or the term set in the request, in days or weeks",
        "also after the decision to decline",
        "Impartiality (AWB-7:5): a person involved in the matter may not be the one who hears "
        "the parties",
        "The court also hears an appeal against a decision to decline or dismiss (AWB-8:1).",
    ],
    "nb": [
        "flyttes til neste virkedag når den faller på en helg eller helligdag (DL-148)",
        "i rett tid når den er postlagt før fristen går ut (FVL-30)",
        "Også en avvisning kan påklages (FVL-2).",
        "Oversendelse (FVL-33): en sak underinstansen ikke omgjør, sendes selv til "
        "Statsforvalteren",
        "med en rådgivende nemnd: 12 uker (AWB-7:13)",
        "Upartiskhet (AWB-7:5): en som var involvert i saken, kan ikke være den som hører "
        "partene",
    ],
    "nl": [
        "eindigt op de volgende werkdag als hij op een weekend of feestdag valt (DL-148)",
        "Ook tegen een besluit tot niet-ontvankelijkverklaring staat beroep open (FVL-2).",
        "Doorzending (FVL-33)",
        "met een adviescommissie: 12 weken (AWB-7:13)",
        "tijdig als het vóór het einde ter post is bezorgd en binnen 7 dagen daarna is "
        "ontvangen (AWB-6:9)",
        "Onpartijdigheid (AWB-7:5): wie bij de zaak betrokken was, mag niet optreden als "
        "hoorder",
        "Ook tegen een niet-ontvankelijkverklaring staat beroep bij de rechtbank open (AWB-8:1)",
    ],
}


@pytest.mark.parametrize("lang", ["en", "nb", "nl"])
def test_explain_says_the_issue_13_keys_in_each_language(lang):
    text = explain(load(FVL), lang) + "\n" + explain(load(AWB), lang)
    for words in EXPLAINED[lang]:
        assert words in text


def test_explain_of_a_bundled_procedure_says_none_of_them():
    """The bundled files use no issue-13 key: their explanation is unchanged."""
    from ombud.domain.loader import find_procedure

    text = "\n".join(explain(find_procedure(pid), "en")
                     for pid in ("dnv/objection", "pp/complaint", "ne/appeal"))
    for words in ("Forwarding", "posted", "also after", "advisory", "also lies against"):
        assert words not in text
