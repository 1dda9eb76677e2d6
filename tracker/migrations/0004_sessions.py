"""Staff sessions kept on the server, so signing out ends every copy of the cookie; wrong sign-in tries per
user name, known or not, so a lockout cannot tell which names exist (the old per-account counters go); and
a claim on each outgoing message, so outbox senders on several hosts send it once."""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField, ForeignKeyField, IntegerField, Model
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate


class Staff(Model):
    class Meta:
        table_name = "staff"


class StaffSession(Model):
    token = CharField(max_length=64, primary_key=True)
    staff = ForeignKeyField(Staff, on_delete="CASCADE", index=True)
    created_at = DateTimeField()
    seen_at = DateTimeField()

    class Meta:
        table_name = "staff_sessions"


class LoginAttempt(Model):
    username = CharField(max_length=80, primary_key=True)
    failures = IntegerField(default=0)
    locked_until = DateTimeField(null=True)

    class Meta:
        table_name = "login_attempts"


def up(db: Database) -> None:
    with db.bind_ctx([Staff, StaffSession, LoginAttempt]):
        db.create_tables([StaffSession, LoginAttempt])
    migrator = SqliteMigrator(db) if db.__class__.__name__.startswith("Sqlite") else PostgresqlMigrator(db)
    migrate(
        migrator.drop_column("staff", "failed_logins"),
        migrator.drop_column("staff", "locked_until"),
        migrator.add_column("messages", "claimed_at", DateTimeField(null=True)),
    )
