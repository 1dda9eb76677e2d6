"""Tracker settings: each has a name, a default and help, read from the environment (see the README)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from casecore.procedures import EscalationWindow, Rules
from sitekit.paths import ROOT

INSTANCE = ROOT / "instance"
EXAMPLE_URL = "https://complaints.harrow.gov.uk/tracker, with the prefix it is mounted under"


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment; on a developer's machine, a random key kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class TrackerConfig:
    database_url: str = setting(
        f"sqlite:///{INSTANCE / 'tracker.sqlite3'}", "peewee database URL; postgresql://… in production"
    )
    secret_key: str = setting("", "signs sessions and CSRF tokens; required outside development")
    redis_url: str | None = setting(None, "Redis for shared rate limits across workers; memory when unset")
    portal_url: str = setting("", "where the static portal is published; empty: the same host")
    development: bool = setting(False, "relaxes Secure cookies for http://localhost")
    trusted_hosts: str = setting(
        "localhost,127.0.0.1",
        "the host names this tracker answers to, comma-separated (a leading dot allows subdomains); "
        "any other Host header gets a 400 page",
    )
    proxy_count: int = setting(
        0,
        "how many proxies or load balancers in front of the tracker to trust for X-Forwarded-For, "
        "-Proto and -Host (0: none; the connecting address is the client's)",
    )
    escalation_window: str = setting(
        "1 month", "how long to ask for stage 2 before a request is flagged late"
    )
    lookup_limit: str = setting("10 per minute;50 per hour", "status lookups allowed per client")
    max_content_length: int = setting(
        64 * 1024, "largest request body, in bytes (413 above it); a page that takes files allows its files"
    )
    max_files: int = setting(5, "photos or documents a resident may add to what they send")
    max_file_mb: int = setting(10, "the largest photo or document, in MB (1 MB = 1,048,576 bytes)")
    session_minutes: int = setting(60, "a session ends after this many minutes without activity")
    staff_idle_minutes: int = setting(
        30, "a staff member is signed out after this many minutes without activity"
    )
    safeguarding_email: str = setting(
        "safeguarding@localhost",
        "where a safeguarding flag alerts the safeguarding lead (the policy: Head of Resident First)",
    )
    safeguarding_lead: str = setting(
        "manager",
        "who a safeguarding concern is assigned to: a staff user name (the policy names the Head of Resident "
        "First), or a role (handler, manager, admin: its first active member); naming nobody active, the "
        "first active manager",
    )
    repairs_email: str = setting(
        "repairs@localhost",
        "where a possible hazard in a council home (damp, mould, a danger to health or safety) alerts the "
        "repairs team at once (Awaab's Law)",
    )
    tracker_url: str = setting(
        "",
        "the tracker's public address with any prefix it is mounted under (https://example.org/tracker), "
        "for links in emails; empty: the address of the request, or http://localhost outside one",
    )
    login_limit: str = setting("10 per minute", "staff sign-in attempts allowed per client")
    smtp_host: str | None = setting(
        None, "SMTP server for email; unset: messages are written to instance/outbox/"
    )
    smtp_port: int = setting(587, "SMTP port")
    smtp_user: str | None = setting(None, "SMTP user name")
    smtp_password: str | None = setting(None, "SMTP password")
    mail_from: str = setting("complaints@localhost", "the From address of every email")
    outbox_dir: str = setting(
        str(INSTANCE / "outbox"), "where messages are written when there is no SMTP server"
    )
    today: str | None = setting(
        None,
        "a fixed date (YYYY-MM-DD) the tracker takes as today, to replay a day's reminders or a quarter's "
        "casework; refused unless DEVELOPMENT is on",
    )
    survey_share: float = setting(
        0.5,
        "the share (0 to 1) of closed complaints whose resident, if they gave an email address, is sent the "
        "one-question survey on how it was handled; chosen by the reference, so the same every time",
    )
    content_dir: str = setting(str(ROOT / "content"), "site data: languages, contacts, procedures")
    translations_dir: str = setting(str(ROOT / "translations"), "the shared catalogue")

    def __post_init__(self) -> None:
        self.fixed_today  # noqa: B018 - a bad or forbidden TODAY fails at start
        if not 0 <= self.survey_share <= 1:
            raise ValueError(f"SURVEY_SHARE must be from 0 to 1, not {self.survey_share}")

    @property
    def fixed_today(self) -> date | None:
        """TODAY as a date; only a development or test set-up may set the clock."""
        if not self.today:
            return None
        if not self.development:
            raise ValueError("TODAY sets the tracker's clock and is refused unless DEVELOPMENT is on")
        try:
            return date.fromisoformat(self.today.strip())
        except ValueError:
            raise ValueError(f"TODAY must be a date like 2026-12-15, not '{self.today}'") from None

    def refuse_in_production(self) -> None:
        """At start-up outside development: alerts that would go nowhere (an address at localhost) are
        refused, so a safeguarding concern or a hazard cannot be reported into the void."""
        if self.development:
            return
        for name in ("safeguarding_email", "repairs_email"):
            address = str(getattr(self, name)).strip().lower()
            if _goes_nowhere(address):
                raise ValueError(
                    f"{name.upper()} is '{address}': set a real address outside development "
                    "(the alert would reach nobody)"
                )

    def links_outside_requests(self) -> str | None:
        """For the commands that email outside any request (`remind`, `auto-close`), where a link cannot come
        from the request being answered: without a full TRACKER_URL every link would point at
        http://localhost. Refused outside development, like an alert address that goes nowhere; in
        development, the warning to give (None: nothing to say)."""
        base = self.tracker_url.strip()
        parts = urlsplit(base)
        if base and parts.scheme in ("http", "https") and parts.netloc:
            return None
        what = f"is '{base}', not a full address" if base else "is not set"
        if not self.development:
            raise ValueError(
                f"TRACKER_URL {what}: set it to the tracker's public address ({EXAMPLE_URL}) outside "
                "development (the links in these emails would point at http://localhost…)"
            )
        return (
            f"TRACKER_URL {what}: links in these emails point at http://localhost…; set it to the tracker's "
            f"public address ({EXAMPLE_URL})"
        )

    @property
    def hosts(self) -> list[str]:
        return [host.strip().lower() for host in self.trusted_hosts.split(",") if host.strip()]

    @property
    def rules(self) -> Rules:
        return Rules(escalation_window=EscalationWindow.parse(self.escalation_window))

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @property
    def upload_request_bytes(self) -> int:
        """The largest request to a page that takes files: every file at its largest, and the form."""
        return self.max_files * self.max_file_bytes + self.max_content_length

    @classmethod
    def from_env(cls, **overrides: object) -> TrackerConfig:
        values: dict[str, object] = {}
        for item in fields(cls):
            raw = os.environ.get(item.name.upper())
            if raw is None:
                continue
            if item.type in ("int",):
                values[item.name] = int(raw)
            elif item.type in ("float",):
                values[item.name] = float(raw)
            elif item.type in ("bool",):
                values[item.name] = raw.lower() in ("1", "true", "yes")
            else:
                values[item.name] = raw
        values.update(overrides)
        config = cls(**values)  # type: ignore[arg-type]
        if not config.secret_key:
            config = cls(**{**values, "secret_key": _secret_key(INSTANCE)})  # type: ignore[arg-type]
        config.rules  # noqa: B018 - a bad escalation window fails at start, not on the first escalation
        return config

    @classmethod
    def documented(cls) -> list[tuple[str, object, str]]:
        return [(item.name.upper(), item.default, item.metadata["help"]) for item in fields(cls)]


def _goes_nowhere(address: str) -> bool:
    """An alert address no one outside this machine reads: empty, without a domain, or at localhost in any
    spelling (localhost., localhost.localdomain, a *.localhost name, 127.x.x.x, ::1, in brackets or not)."""
    local, at, domain = address.strip().lower().rpartition("@")
    domain = domain.strip().strip("[]").rstrip(".")
    if not at or not local or not domain:
        return True
    return (
        domain in ("localhost", "localhost.localdomain", "::1", "ipv6:::1")
        or domain.endswith(".localhost")
        or domain.startswith("127.")
    )
