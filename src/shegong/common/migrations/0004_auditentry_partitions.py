"""Partition the audit log by month of ``at`` on PostgreSQL (issue 11); nothing changes on SQLite.

The table is rebuilt as ``PARTITION BY RANGE (at)`` (months in ``settings.TIME_ZONE``) with every
entry, hash and id kept: one partition per month that has entries, the current month and three
ahead, and a default partition. The primary key becomes ``(id, at)``; the indexes, the foreign key to
the actor, the id sequence's position and the append-only trigger (on the parent, so every partition
has it) are put back. See ``shegong.common.partitions`` and docs/operations.md.
"""

from django.db import migrations

from shegong.common.partitions import AUDIT_LOG, convert_to_partitioned, convert_to_plain


def forward(apps, schema_editor):
    convert_to_partitioned(schema_editor, AUDIT_LOG)


def backward(apps, schema_editor):
    convert_to_plain(schema_editor, AUDIT_LOG)


class Migration(migrations.Migration):
    dependencies = [("common", "0003_audit_chain")]
    operations = [migrations.RunPython(forward, backward)]
