"""A case's procedure is looked up in one place (`tracker.procedures`): once per request, and a code the site
data does not define is one clear error."""

from __future__ import annotations

import pytest
from flask import Flask

from tracker import procedures
from tracker.models import Staff
from tracker.procedures import UnknownProcedure, procedure_named, procedure_of

from .conftest import sign_in, submit
from .test_staff import act


def test_a_case_gets_its_own_procedure(tracker: Flask) -> None:
    case = submit(tracker.test_client())
    with tracker.test_request_context():
        found = procedure_of(case)
        assert found.id == case.procedure
        assert found is tracker.extensions["site"].procedures[case.procedure]


def test_an_unknown_procedure_is_one_clear_error(tracker: Flask) -> None:
    site = tracker.extensions["site"]
    with tracker.test_request_context(), pytest.raises(UnknownProcedure) as raised:
        procedure_named("removed-procedure")
    assert "no procedure 'removed-procedure' in content/site/procedures.yaml" in str(raised.value)
    assert all(code in str(raised.value) for code in site.procedures)
    with pytest.raises(UnknownProcedure):  # with a site of its own, as a command has, and no request
        procedure_named("removed-procedure", site)
    with tracker.app_context(), pytest.raises(UnknownProcedure):
        procedure_named("removed-procedure")


def test_the_procedure_is_looked_up_once_per_request(
    tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The case page asks for the procedure several times (the extension form's hint, the deadlines on the
    page): the site data is searched once, and again in the next request."""
    case = submit(tracker.test_client())
    searched: list[str] = []
    find = procedures._find

    def counted(code: str, site: object) -> object:
        searched.append(code)
        return find(code, site)  # type: ignore[arg-type]

    monkeypatch.setattr(procedures, "_find", counted)
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "d"})  # so the extension form, with its hint, is shown
    searched.clear()
    assert staff.get(f"/staff/cases/{case.reference}").status_code == 200
    assert searched == [case.procedure]
    assert staff.get(f"/staff/cases/{case.reference}").status_code == 200
    assert searched == [case.procedure, case.procedure]
