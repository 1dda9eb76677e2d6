"""`flask --app tracker remind` on a fixed day: exactly the right cases and promised actions go to each
officer and manager, and two runs at once (two processes, as two hosts' timers would) remind of each once;
two `auto-close` runs at once close, record and write to the resident about each case once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from flask import Flask

from sitekit.paths import ROOT
from tracker import scheduled
from tracker.config import TrackerConfig
from tracker.models import Case, Event, Letter, Message, Remedy, ReminderSent, Staff, Survey

from .aftercare_helpers import SITE, new_case, staff
from .conftest import close_all

MON_23_NOV = date(2026, 11, 23)  # due soon: up to Wednesday 25 November (2 working days)


def build(tracker: Flask) -> dict[str, str]:
    """Staff in two teams, and cases and promises either side of each line; returns references by name."""
    with tracker.app_context():
        asha, hugo = staff("asha", "handler", "Housing"), staff("hana", "manager", "Housing")
        ben, mia = staff("ben", "handler", "Resident First"), staff("mia", "manager", "Resident First")
        # No email address: nothing can be sent to them, and nothing is claimed for them.
        nomail = Staff.create(
            username="nomail", name="No Mail", role="handler", team="Housing", password_hash="x"
        )
        c = {
            "overdue": new_case(
                date(2026, 11, 2), status="acknowledged", assignee=asha, next_due=date(2026, 11, 20)
            ),
            "soon": new_case(
                date(2026, 11, 9), status="acknowledged", assignee=asha, next_due=date(2026, 11, 25)
            ),
            "later": new_case(
                date(2026, 11, 10), status="acknowledged", assignee=asha, next_due=date(2026, 11, 26)
            ),
            # Answered: waiting for the resident, nothing for the officer to do.
            "answered": new_case(
                date(2026, 10, 1), status="responded", assignee=asha, next_due=date(2026, 11, 20)
            ),
            "nobody": new_case(date(2026, 11, 23), next_due=date(2026, 11, 30)),  # housing: Hana hears of it
            "tax": new_case(
                date(2026, 11, 23), service_area="council-tax-benefits", next_due=date(2026, 12, 14)
            ),
            "closed": new_case(date(2026, 10, 1), status="closed", assignee=asha, next_due=None),
            "unmailed": new_case(
                date(2026, 11, 2), status="acknowledged", assignee=nomail, next_due=date(2026, 11, 24)
            ),
        }
        host = c["answered"]
        for name, due, done in (
            ("r-soon", date(2026, 11, 24), None),
            ("r-late", date(2026, 11, 19), None),
            ("r-done", date(2026, 11, 19), date(2026, 11, 18)),
            ("r-far", date(2026, 11, 26), None),
        ):
            Remedy.create(
                case=host,
                stage=1,
                kind="payment" if name == "r-late" else "apology",
                description=name,
                amount_pence=5000 if name == "r-late" else None,
                owner=ben,
                due=due,
                completed_on=done,
                created_by="asha",
            )
        del hugo, mia
        return {name: case.reference for name, case in c.items()}


def _env(config: TrackerConfig) -> dict[str, str]:
    """What a timer's command on another host would run with: the same database and outbox."""
    return {
        **os.environ,
        "DATABASE_URL": config.database_url,
        "SECRET_KEY": config.secret_key,
        "OUTBOX_DIR": config.outbox_dir,
        "DEVELOPMENT": "1",
    }


def bodies() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for message in Message.select().order_by(Message.id):
        found.setdefault(message.to.split("@")[0], []).extend(
            line[2:] for line in message.body.splitlines() if line.startswith("- ")
        )
    return found


def test_the_reminders_for_a_fixed_day(tracker: Flask, config: TrackerConfig) -> None:
    refs = build(tracker)
    with tracker.app_context():
        assert scheduled.remind(config, SITE, MON_23_NOV) == (4, 7)
        assert bodies() == {
            "asha": [
                f"overdue: case {refs['overdue']}, stage 1 response due 20 November 2026",
                f"due soon: case {refs['soon']}, stage 1 response due 25 November 2026",
            ],
            "hana": [
                f"team breach, overdue: case {refs['overdue']}, stage 1 response due 20 November 2026",
                f"nobody has taken case {refs['nobody']} (Housing repairs, received 23 November 2026): "
                "assign it",
            ],
            "ben": [
                f"overdue: promised payment on case {refs['answered']}, due 19 November 2026",
                f"due soon: promised apology on case {refs['answered']}, due 24 November 2026",
            ],
            "mia": [
                f"team breach, overdue: promised payment on case {refs['answered']}, due 19 November 2026"
            ],
        }
        # Each item is followed by the full link to its case (TRACKER_URL; in tests, the default host).
        linked = []
        for message in Message.select():
            lines = message.body.splitlines()
            for number, line in enumerate(lines):
                if line.startswith("- "):
                    reference = re.search(r"case (\S+?)[,: ]", line)
                    assert reference is not None and reference[1] in refs.values(), line
                    assert lines[number + 1] == f"  http://localhost/staff/cases/{reference[1]}", line
                    linked.append(reference[1])
        assert len(linked) == 7
        # The same day again: nothing new. The next working day: reminded again, and "soon" now reaches the
        # 26th, so Asha's third case and Ben's third promise join: 3 + 2 + 3 + 1.
        assert scheduled.remind(config, SITE, MON_23_NOV) == (0, 0)
        assert scheduled.remind(config, SITE, date(2026, 11, 24))[0] == 4
        assert ReminderSent.select().where(ReminderSent.day == date(2026, 11, 24)).count() == 9


def test_two_runs_at_once_remind_of_each_thing_once(tracker: Flask, config: TrackerConfig) -> None:
    build(tracker)
    close_all()
    env = {**_env(config), "TODAY": "2026-11-23"}
    flask = str(Path(sys.executable).with_name("flask"))
    runs = [
        subprocess.Popen(
            [flask, "--app", "tracker", "remind"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err.decode()[-3000:] for _, err in outputs]
    with tracker.app_context():
        lines = bodies()
        assert sorted(len(found) for found in lines.values()) == [1, 2, 2, 2]  # 7 items, each once
        assert sum(len(found) for found in lines.values()) == 7
        assert ReminderSent.select().count() == 7
        assert Message.select().where(Message.sent_at.is_null(False)).count() == Message.select().count()
        assert len(list(Path(config.outbox_dir).glob("*.eml"))) == Message.select().count()
    said = [out.decode().strip() for out, _ in outputs]
    assert sum(int(text.split(" with ")[1].split()[0]) for text in said) == 7, said


def test_two_auto_close_runs_at_once_close_and_tell_each_case_once(
    tracker: Flask, config: TrackerConfig
) -> None:
    """Responded on Monday 2 November 2026: the one-month window to ask for stage 2 and the 10 quiet working
    days have both ended by Thursday 10 December. Two hosts' timers run `auto-close` at the same moment:
    each case is closed, recorded and written to once, and its survey (every resident is asked here) sent
    once."""
    with tracker.app_context():
        asha = staff("asha", "handler", "Housing")

        def responded(on: date) -> str:
            case = new_case(
                date(2026, 10, 20),
                status="responded",
                acknowledged=date(2026, 10, 21),
                responded=on,
                stage1_handler=asha,
                assignee=asha,
                next_due=date(2026, 12, 2),
            )
            return str(case.reference)

        quiet = [responded(date(2026, 11, 2)) for _ in range(6)]
        recent = responded(date(2026, 12, 1))  # still inside its window on the 10th
        Case.update(next_due=date(2027, 1, 4)).where(Case.reference == recent).execute()
    close_all()
    runs = [
        subprocess.Popen(
            [str(Path(sys.executable).with_name("flask")), "--app", "tracker", "auto-close"],
            env={**_env(config), "TODAY": "2026-12-10", "SURVEY_SHARE": "1"},  # every resident asked
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err.decode()[-3000:] for _, err in outputs]
    said = [out.decode().strip() for out, _ in outputs]
    assert sum(int(text.split()[1]) for text in said) == 6, said  # "closed N case(s): ..."
    with tracker.app_context():
        closed = Case.select().where(Case.status == "closed")
        assert sorted(case.reference for case in closed) == sorted(quiet)
        for case in closed:
            assert case.closed == date(2026, 12, 10)
            assert Event.select().where(Event.case == case.id, Event.action == "closed").count() == 1
            assert Letter.select().where(Letter.case == case.id, Letter.kind == "closed").count() == 1
            # The survey at closure, written outside any request as the timer runs it: once, and emailed.
            assert Survey.select().where(Survey.case == case.id).count() == 1
            assert Event.select().where(Event.case == case.id, Event.action == "survey_sent").count() == 1
            assert Message.select().where(Message.case == case.id).count() == 2  # the letter, the survey
        assert Case.get(Case.reference == recent).status == "responded"
        assert not Letter.select().join(Case).where(Case.reference == recent).exists()


def test_a_new_case_nobody_has_taken_reaches_a_manager_or_else_the_admins(
    tracker: Flask, config: TrackerConfig
) -> None:
    """Hana manages Housing: she hears of its unassigned case, on the day it arrives. Revenues and Benefits
    has no manager with an email (theirs has none), so its unassigned case goes to the admin; Housing's
    does not, as Hana has it. A case somebody has taken goes to neither."""
    with tracker.app_context():
        staff("hana", "manager", "Housing")
        Staff.create(
            username="rita", name="Rita", role="manager", team="Revenues and Benefits", password_hash="x"
        )
        staff("ola", "admin", "Digital")
        asha = staff("asha", "handler", "Housing")
        housing = new_case(MON_23_NOV, next_due=date(2026, 11, 30))
        tax = new_case(MON_23_NOV, service_area="council-tax-benefits", next_due=date(2026, 11, 30))
        new_case(MON_23_NOV, service_area="council-tax-benefits", assignee=asha, next_due=date(2026, 12, 14))
        assert scheduled.remind(config, SITE, MON_23_NOV) == (2, 2)
        assert bodies() == {
            "hana": [
                f"nobody has taken case {housing.reference} (Housing repairs, received 23 November 2026): "
                "assign it"
            ],
            "ola": [
                f"nobody has taken case {tax.reference} (Council tax and benefits, received 23 November "
                "2026) and its team (Revenues and Benefits) has no manager to remind: assign it"
            ],
        }
        assert f"/staff/cases/{tax.reference}\n" in Message.get(Message.to == "ola@harrow.example").body
