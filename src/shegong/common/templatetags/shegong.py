"""Template helpers of the shell: ``{% load shegong %}``."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.contrib.messages import constants as message_constants
from django.utils import formats

register = template.Library()

_ALERT_CLASSES = {
    message_constants.DEBUG: "secondary",
    message_constants.INFO: "info",
    message_constants.SUCCESS: "success",
    message_constants.WARNING: "warning",
    message_constants.ERROR: "danger",
}


@register.filter
def alert_class(message) -> str:
    """Return the Bootstrap alert colour of a Django message (``error`` becomes ``danger``)."""
    return _ALERT_CLASSES.get(getattr(message, "level", None), "info")


@register.filter
def number(value, decimal_pos=None):
    """Format a number for the active language with thousands separators: ``1234567`` → ``1,234,567``.

    ``{{ amount|number:2 }}`` rounds half up to two decimals (Django's own formatting would cut). ``USE_THOUSAND_SEPARATOR`` stays off on purpose:
    it would also group IDs and years printed in templates. A value that is not a number is
    returned unchanged.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return value
    if not isinstance(value, int | float | Decimal):
        try:
            value = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return value
    if decimal_pos is not None:
        try:
            decimal_pos = int(decimal_pos)
        except (TypeError, ValueError):
            decimal_pos = None
    if decimal_pos is not None and decimal_pos >= 0:
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimal_pos), rounding=ROUND_HALF_UP)
    return formats.number_format(value, decimal_pos, use_l10n=True, force_grouping=True)
