"""Fixtures for the policy tests: a private copy of the documents that a test may break."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from shegong.policy.library import DOCUMENTS_ROOT

SZ = "shenzhen-2020-measures"


@pytest.fixture
def documents_copy(tmp_path) -> Path:
    """Return a copy of policy/documents/ under tmp_path."""
    root = tmp_path / "documents"
    shutil.copytree(DOCUMENTS_ROOT, root, ignore=shutil.ignore_patterns("tools", "__pycache__"))
    return root


@pytest.fixture
def edit_yaml(documents_copy) -> Callable:
    """Return ``edit(slug, file name, change)``: load the YAML, let ``change`` mutate it, write it back."""

    def edit(slug: str, name: str, change: Callable[[dict], None]) -> None:
        path = documents_copy / slug / name
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    return edit
