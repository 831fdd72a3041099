"""Found walking the demo after issue 9 (finding 8: only the appointed handler decides and
answers): dnv-handler opened DNV-2026-0015, open and appointed to a colleague, and read "In
deze zaak kan niets meer worden gedaan" (nothing more can be done in this case), which is
false: the colleague can. The page says who handles the case and that only they decide."""

from __future__ import annotations

from tests.cast import sign_in


def test_walk_a_handler_on_a_colleagues_open_case_is_told_who_handles_it(
        client, people, register, step):
    dnv = people["dnv"]
    case = register("dnv/complaint")
    step(case, "acknowledged")
    step(case, "assigned", by=dnv["manager"], handler_id=dnv["handler2"].pk, handler="H2",
         involved=False)
    colleague = dnv["handler2"].get_full_name()

    page = sign_in(client, dnv["handler"], "nl").get(f"/dnv/cases/{case.reference}/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "In deze zaak kan niets meer worden gedaan." not in text
    assert f"{colleague} behandelt deze zaak: alleen de behandelaar beslist en antwoordt." in text
    # The appointed handler is not told so.
    own = sign_in(client, dnv["handler2"], "nl").get(f"/dnv/cases/{case.reference}/")
    assert "behandelt deze zaak" not in own.content.decode()
