"""Partition the visits by month of ``visited_on`` on PostgreSQL (issue 11); nothing changes on SQLite.

The table is rebuilt as ``PARTITION BY RANGE (visited_on)`` with every row kept: one partition per
month that has visits, the current month and three ahead, and a default partition. The primary key
becomes ``(id, visited_on)``; the indexes, foreign keys and the id sequence's position are kept. See
``shegong.common.partitions`` and docs/operations.md.
"""

from django.db import migrations

from shegong.common.partitions import VISITS, convert_to_partitioned, convert_to_plain


def forward(apps, schema_editor):
    convert_to_partitioned(schema_editor, VISITS)


def backward(apps, schema_editor):
    convert_to_plain(schema_editor, VISITS)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_household_named_officers_linkagerecord_walkinrequest")]
    operations = [migrations.RunPython(forward, backward)]
