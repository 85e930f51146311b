"""Tamper-evident audit log (issue 12): outcome, hash chain over the existing entries, archive-only delete.

On PostgreSQL the append-only trigger now lets a DELETE through only inside ``shegong audit_archive``
(which sets ``shegong.audit_archive`` for its transaction, after exporting the entries).
"""

import django.utils.timezone
from django.db import migrations, models

TRIGGER = "common_auditentry_no_update"
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION common_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('shegong.audit_archive', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""
PG_FUNCTION_BACKWARD = """
CREATE OR REPLACE FUNCTION common_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def chain_existing_entries(apps, schema_editor):
    """Give the entries written before this migration their hashes, oldest first."""
    from shegong.common.audit import HASHED_FIELDS, chain_digest

    AuditEntry = apps.get_model("common", "AuditEntry")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE common_auditentry DISABLE TRIGGER {TRIGGER}")
    previous = ""
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        values = {name: getattr(entry, name) for name in HASHED_FIELDS}
        values["prev_hash"] = previous
        digest = chain_digest(values)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=previous, entry_hash=digest)
        previous = digest
    if postgres:
        schema_editor.execute(f"ALTER TABLE common_auditentry ENABLE TRIGGER {TRIGGER}")
        schema_editor.execute(PG_FUNCTION)


def unchain(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0002_audit_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name="hash"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="outcome",
            field=models.CharField(
                choices=[("success", "Success"), ("failure", "Failure"), ("denied", "Refused")],
                db_index=True,
                default="success",
                max_length=10,
                verbose_name="outcome",
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="previous entry's hash"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Create"),
                    ("update", "Update"),
                    ("delete", "Delete"),
                    ("transition", "State change"),
                    ("view", "View of a sensitive record"),
                    ("login", "Sign-in"),
                    ("logout", "Sign-out"),
                    ("login_failed", "Failed sign-in"),
                    ("export", "Export"),
                    ("import", "Import"),
                    ("denied", "Refused access"),
                    ("archive", "Archive of old entries"),
                ],
                db_index=True,
                max_length=20,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="time"),
        ),
        migrations.RunPython(chain_existing_entries, unchain),
    ]
