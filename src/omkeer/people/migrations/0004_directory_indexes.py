"""The directory at 100,000 employees: its order from an index, and on PostgreSQL its search from trigram indexes.

Django's `icontains` on PostgreSQL is `UPPER(column::text) LIKE UPPER('%word%')` and `iexact` is
`UPPER(column::text) = UPPER('word')`: the indexes are on exactly those expressions, so each branch of the
search's OR is an index scan (pg_trgm is a trusted extension: the database's owner may create it).
"""

import django.db.models.functions.text
from django.db import migrations, models

SEARCHED = ["first_name", "last_name", "email", "job_title"]


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS employee_{column}_trgm ON people_employee "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS employee_id_upper ON people_employee (UPPER(employee_id::text))"
    )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in [*(f"employee_{column}_trgm" for column in SEARCHED), "employee_id_upper"]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_employee_history"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(
                django.db.models.functions.text.Lower("last_name"),
                django.db.models.functions.text.Lower("first_name"),
                models.F("id"),
                name="employee_directory_order",
            ),
        ),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]
