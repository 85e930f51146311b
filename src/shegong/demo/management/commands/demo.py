"""``shegong demo``: load the demo data set (development only; a second run changes nothing)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shegong.demo.loaders import DEMO_PASSWORD, DemoRefused, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo accounts and organisations of the four policy cities (development only, idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Also set every demo account's password back to the demo password (slow: one hash each).",
        )

    def handle(self, *args, **options):
        try:
            context = demo_load(log=self.stdout.write, reset_passwords=options["reset_passwords"])
        except DemoRefused as exc:
            raise CommandError(str(exc)) from None
        for tally in context.tallies.values():
            self.stdout.write(str(tally))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo data ready. Every demo account signs in with the password %(password)s, "
                    "only when SHEGONG_ENV=dev."
                )
                % {"password": DEMO_PASSWORD}
            )
        )
