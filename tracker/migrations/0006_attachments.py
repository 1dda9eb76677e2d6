"""Photos and documents: one table, the files themselves in the database (bytea on PostgreSQL, BLOB on
SQLite) so every worker sees them and the backups hold them. A file belongs to a case, or to a draft until
the form is sent; it is deleted with either."""

from __future__ import annotations

from peewee import (
    AutoField,
    BlobField,
    CharField,
    Database,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)


class Case(Model):
    id = AutoField()

    class Meta:
        table_name = "cases"


class Draft(Model):
    token = CharField(max_length=64, primary_key=True)

    class Meta:
        table_name = "drafts"


class Attachment(Model):
    id = AutoField()
    case = ForeignKeyField(Case, null=True, on_delete="CASCADE", index=True)
    draft = ForeignKeyField(Draft, null=True, on_delete="CASCADE", index=True)
    kind = CharField(max_length=12)
    mime = CharField(max_length=40)
    label = CharField(max_length=120)
    size = IntegerField()
    content = BlobField()
    thumbnail = BlobField(null=True)
    added_by = CharField(max_length=80)
    created_at = DateTimeField()

    class Meta:
        table_name = "attachments"


def up(db: Database) -> None:
    with db.bind_ctx([Case, Draft, Attachment]):
        db.create_tables([Attachment])
