"""A database trigger that refuses any change to a signed opinion version's content.

The model and its queryset already refuse; this holds for raw SQL and any other client
of the database too. Only the signing time may move (the demo builder backdates it;
`OpinionVersionQuerySet.signing_times_backdate`), never to "unsigned". The guarded
columns are every column this migration sees except the row's own bookkeeping; a later
migration that adds a column to OpinionVersion recreates the trigger to cover it (and on
SQLite, where Django rebuilds a table to alter it, the rebuild drops the trigger: such a
migration must run `create_trigger` again).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

NAME = "review_opinion_signed_immutable"
TABLE = "review_opinionversion"
MESSAGE = "A signed opinion version cannot change; write a correction instead."
UNGUARDED = {"id", "created_at", "updated_at", "signed_at"}


def _columns(apps: Any) -> list[str]:
    model = apps.get_model("review", "OpinionVersion")
    return [f.column for f in model._meta.concrete_fields if f.column not in UNGUARDED]


def create_trigger(apps: Any, schema_editor: Any) -> None:
    quote = schema_editor.connection.ops.quote_name
    columns = [quote(column) for column in _columns(apps)]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
        schema_editor.execute(
            f"CREATE TRIGGER {NAME} BEFORE UPDATE ON {TABLE} FOR EACH ROW "
            f"WHEN OLD.signed_at IS NOT NULL AND (NEW.signed_at IS NULL OR {changed}) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )
    elif vendor == "postgresql":
        new = ", ".join(f"NEW.{c}" for c in columns)
        old = ", ".join(f"OLD.{c}" for c in columns)
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger AS $$ BEGIN "
            f"IF OLD.signed_at IS NOT NULL AND (NEW.signed_at IS NULL "
            f"OR ROW({new}) IS DISTINCT FROM ROW({old})) THEN "
            f"RAISE EXCEPTION '{MESSAGE}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {NAME} BEFORE UPDATE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {NAME}();"
        )


def drop_trigger(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME};")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME} ON {TABLE};")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}();")


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0004_opinion_options_plan_change_findings_picks"),
    ]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
