"""``shegong compile_translations``: compile every .po under src/shegong to .mo with polib (no msgfmt)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shegong.common.management import catalogues


class Command(BaseCommand):
    help = (
        "Compile every translation catalogue under src/shegong (the project's and each app's) to .mo. "
        "With --check, only report catalogues whose .mo is missing or out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit with an error when a .mo is missing or out of date.",
        )
        parser.add_argument("--root", type=Path, default=catalogues.PACKAGE_DIR, help="Directory to search.")

    def handle(self, *args, check: bool, root: Path, **options):
        files = catalogues.po_files(root)
        if not files:
            raise CommandError(f"No translation catalogue (locale/*/LC_MESSAGES/*.po) under {root}.")
        if check:
            stale = [(po, reason) for po in files if (reason := catalogues.stale_reason(po))]
            for po, reason in stale:
                self.stderr.write(f"{catalogues.relative(po)}: {reason}")
            if stale:
                raise CommandError(f"{len(stale)} catalogue(s) need `shegong compile_translations`.")
            self.stdout.write(f"All {len(files)} catalogue(s) are compiled and up to date.")
            return
        for po in files:
            count = catalogues.compile_po(po)
            untranslated = len(catalogues.gaps(po))
            note = f", {untranslated} untranslated or fuzzy left out" if untranslated else ""
            self.stdout.write(
                f"compiled {catalogues.relative(catalogues.mo_path(po))} ({count} messages{note})"
            )
        self.stdout.write(self.style.SUCCESS(f"Compiled {len(files)} catalogue(s)."))
