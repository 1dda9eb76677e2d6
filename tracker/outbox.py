"""Email through an outbox: every message is stored first, then delivered by SMTP or, with no SMTP server
set (a developer's machine), written to a file in instance/outbox/ so nothing leaves the machine."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

from .config import TrackerConfig
from .models import Case, Message, now

log = logging.getLogger(__name__)


def queue(case: Case | None, to: str, subject: str, body: str) -> Message:
    return Message.create(case=case, to=to, subject=subject, body=body)


def _email(message: Message, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = sender, message.to, message.subject
    email.set_content(message.body)
    return email


CLAIM_FOR = timedelta(minutes=5)  # a sender that died holding a message lets it go after this long


def _claim(message: Message) -> bool:
    """Take this message for sending; False if another sender (another host's timer) has it."""
    at = now()
    taken = (
        Message.update(claimed_at=at)
        .where(
            (Message.id == message.id)
            & Message.sent_at.is_null()
            & (Message.claimed_at.is_null() | (Message.claimed_at < at - CLAIM_FOR))
        )
        .execute()
    )
    return bool(taken)


def deliver(config: TrackerConfig, only: list[int] | None = None) -> tuple[int, int]:
    """Send unsent messages (all, or `only` these ids); returns (sent, failed). Each message is claimed
    before it is sent, so senders on several hosts at once send it once. A failure keeps the message for
    the next try and logs its id only, never its address or content."""
    sent = failed = 0
    unsent = Message.select().where(Message.sent_at.is_null()).order_by(Message.id)
    if only is not None:
        unsent = unsent.where(Message.id.in_(only))
    for message in list(unsent):  # read first: SQLite cannot write from inside an open read
        if not _claim(message):
            continue
        email = _email(message, config.mail_from)
        try:
            if config.smtp_host:
                with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=10) as smtp:
                    smtp.starttls()
                    if config.smtp_user:
                        smtp.login(config.smtp_user, config.smtp_password or "")
                    smtp.send_message(email)
            else:
                folder = Path(config.outbox_dir)
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{message.id:08d}.eml").write_bytes(bytes(email))
        except (OSError, smtplib.SMTPException) as error:
            failed += 1
            Message.update(attempts=Message.attempts + 1, claimed_at=None).where(
                Message.id == message.id
            ).execute()
            log.warning("message %s not sent (%s); it stays in the outbox", message.id, type(error).__name__)
            continue
        Message.update(sent_at=now(), attempts=Message.attempts + 1).where(Message.id == message.id).execute()
        sent += 1
    return sent, failed
