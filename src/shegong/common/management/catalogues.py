"""The translation catalogues of the package: where they are, how they compile, whether they are complete.

Used by ``shegong compile_translations``, ``shegong update_translations`` and the translation tests.

Catalogue layout (see docs/i18n.md):

- the project catalogue ``src/shegong/locale`` holds the strings of ``templates/``, ``common/``,
  ``settings/``, ``formats/``, the root modules and the shell navigation
  (``accounts/navigation.py``);
- every other app ``src/shegong/<app>/locale`` holds the strings of its own directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

import shegong

LANGUAGE = "zh_Hans"
PACKAGE_DIR = Path(shegong.__file__).resolve().parent

# Directories whose strings belong to the project catalogue, not to a catalogue of their own.
PROJECT_DIRS = frozenset({"common", "settings", "formats", "templates", "static", "locale"})
# Files inside an app whose strings belong to the project catalogue (they are the shell's).
PROJECT_FILES_IN_APPS = {"accounts": frozenset({"navigation.py"})}


def po_files(root: Path = PACKAGE_DIR) -> list[Path]:
    """Return every ``locale/<lang>/LC_MESSAGES/*.po`` under ``root``, sorted."""
    return sorted(
        path
        for path in root.rglob("*.po")
        if path.parent.name == "LC_MESSAGES" and len(path.parents) > 2 and path.parents[2].name == "locale"
    )


def mo_path(po: Path) -> Path:
    return po.with_suffix(".mo")


def compile_po(po: Path) -> int:
    """Compile ``po`` to the ``.mo`` beside it; return the number of translated messages.

    Untranslated and fuzzy entries are left out, as msgfmt does.
    """
    catalogue = polib.pofile(str(po))
    catalogue.save_as_mofile(str(mo_path(po)))
    return len(catalogue.translated_entries())


def _key(entry) -> tuple:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _value(entry):
    if entry.msgid_plural:
        return tuple(sorted((int(k), v) for k, v in entry.msgstr_plural.items()))
    return entry.msgstr


def stale_reason(po: Path) -> str | None:
    """Return why the ``.mo`` beside ``po`` does not match it, or ``None`` when it does.

    Compares messages, not bytes, so a ``.mo`` written by msgfmt (``compilemessages``) counts too.
    """
    mo = mo_path(po)
    if not mo.exists():
        return "no compiled .mo"
    expected = {_key(e): _value(e) for e in polib.pofile(str(po)).translated_entries()}
    try:
        compiled = {_key(e): _value(e) for e in polib.mofile(str(mo)) if e.msgid}
    except (OSError, ValueError) as exc:
        return f"unreadable .mo ({exc})"
    if expected == compiled:
        return None
    missing = sorted(k[1] for k in expected.keys() - compiled.keys())
    extra = sorted(k[1] for k in compiled.keys() - expected.keys())
    changed = sorted(k[1] for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    parts = []
    if missing:
        parts.append(f"{len(missing)} message(s) not compiled, e.g. {missing[0]!r}")
    if changed:
        parts.append(f"{len(changed)} translation(s) changed, e.g. {changed[0]!r}")
    if extra:
        parts.append(f"{len(extra)} message(s) no longer in the .po, e.g. {extra[0]!r}")
    return "; ".join(parts)


@dataclass(frozen=True)
class Gap:
    """An entry a catalogue does not translate yet."""

    po: Path
    msgid: str
    msgctxt: str | None
    kind: str  # "untranslated" or "fuzzy"

    def __str__(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt else ""
        return f"{relative(self.po)}: {self.kind} msgid {self.msgid!r}{context}"


def gaps(po: Path) -> list[Gap]:
    """Return the untranslated and fuzzy entries of ``po``."""
    catalogue = polib.pofile(str(po))
    found = [Gap(po, e.msgid, e.msgctxt, "untranslated") for e in catalogue.untranslated_entries()]
    found += [Gap(po, e.msgid, e.msgctxt, "fuzzy") for e in catalogue.fuzzy_entries()]
    return found


def relative(path: Path) -> str:
    """Return ``path`` relative to the repository root when it lies inside it."""
    try:
        return str(path.relative_to(PACKAGE_DIR.parent.parent))
    except ValueError:
        return str(path)


def app_dirs(root: Path = PACKAGE_DIR) -> list[Path]:
    """Return the app directories that keep a catalogue of their own (every package but the project's)."""
    return sorted(
        path
        for path in root.iterdir()
        if path.is_dir() and (path / "__init__.py").exists() and path.name not in PROJECT_DIRS
    )


def project_ignore_patterns(root: Path = PACKAGE_DIR) -> list[str]:
    """Return makemessages ``--ignore`` patterns that keep app strings out of the project catalogue.

    Each top-level entry of each app is named with its app prefix (``geo/models.py``,
    ``geo/templates``): a bare ``geo`` would also prune ``templates/geo``, because makemessages
    matches a pattern against the last path component too. Files listed in
    ``PROJECT_FILES_IN_APPS`` stay in.
    """
    patterns = []
    for app in app_dirs(root):
        keep = PROJECT_FILES_IN_APPS.get(app.name, frozenset())
        for entry in sorted(app.iterdir()):
            if entry.name not in keep:
                patterns.append(f"{app.name}/{entry.name}")
    return patterns


def app_ignore_patterns(app: Path) -> list[str]:
    """Return the ``--ignore`` patterns for an app's own catalogue (its files that are the project's)."""
    return sorted(PROJECT_FILES_IN_APPS.get(app.name, frozenset()))
