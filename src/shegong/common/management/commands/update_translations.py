"""``shegong update_translations``: refresh the project catalogue and every app catalogue from the source."""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from shegong.common.management import catalogues


@contextmanager
def _working_directory(path: Path):
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


class Command(BaseCommand):
    help = (
        "Run makemessages for the project catalogue (templates/, common/, settings/, formats/, the "
        "navigation) and for each app's own catalogue, so no app string lands in the project catalogue. "
        "Then fill every empty msgstr and run `shegong compile_translations`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--root", type=Path, default=catalogues.PACKAGE_DIR, help="Package directory.")
        parser.add_argument("--app", action="append", default=[], help="Only this app (repeatable).")
        parser.add_argument("--skip-project", action="store_true", help="Leave the project catalogue alone.")
        parser.add_argument("--project-only", action="store_true", help="Only the project catalogue.")

    def handle(self, *args, root: Path, app: list[str], skip_project: bool, project_only: bool, **options):
        if not shutil.which("xgettext") or not shutil.which("msgmerge"):
            raise CommandError("makemessages needs GNU gettext: apt-get install gettext.")
        root = root.resolve()
        quiet = max(0, options["verbosity"] - 1)
        common = {
            "locale": [catalogues.LANGUAGE],
            "no_location": True,
            "no_obsolete": True,
            "verbosity": quiet,
        }

        if not skip_project and not app:
            (root / "locale").mkdir(exist_ok=True)
            with _working_directory(root):
                call_command(
                    "makemessages", ignore_patterns=catalogues.project_ignore_patterns(root), **common
                )
            self._report(root / "locale")

        if project_only:
            self.stdout.write("Fill every empty msgstr, then run `shegong compile_translations`.")
            return
        apps = catalogues.app_dirs(root)
        unknown = set(app) - {a.name for a in apps}
        if unknown:
            raise CommandError(f"Unknown app(s): {', '.join(sorted(unknown))}.")
        for app_dir in apps:
            if app and app_dir.name not in app:
                continue
            # makemessages writes an app's strings to the nearest locale/ directory: make sure it exists.
            (app_dir / "locale").mkdir(exist_ok=True)
            with _working_directory(app_dir):
                call_command(
                    "makemessages", ignore_patterns=catalogues.app_ignore_patterns(app_dir), **common
                )
            self._report(app_dir / "locale")
        self.stdout.write("Fill every empty msgstr, then run `shegong compile_translations`.")

    def _report(self, locale_dir: Path):
        po = locale_dir / catalogues.LANGUAGE / "LC_MESSAGES" / "django.po"
        if not po.exists():
            self.stdout.write(f"{catalogues.relative(locale_dir)}: no translatable strings")
            return
        gaps = catalogues.gaps(po)
        self.stdout.write(f"updated {catalogues.relative(po)} ({len(gaps)} untranslated or fuzzy)")
