"""Password policy (issue 12): at least 12 characters from 3 of 4 classes, no easy sequences."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def character_classes(password: str) -> int:
    """Count the classes used: lower case, upper case, digits, other symbols."""
    return sum(
        [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class StrongPasswordValidator:
    def __init__(self, min_length: int = 12, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    ngettext(
                        "The password must be at least %(min_length)d character long.",
                        "The password must be at least %(min_length)d characters long.",
                        self.min_length,
                    )
                    % {"min_length": self.min_length},
                    code="password_too_short",
                )
            )
        if character_classes(password) < self.min_classes:
            errors.append(
                ValidationError(
                    _(
                        "The password must mix at least %(min_classes)d of: lower-case letters, "
                        "upper-case letters, digits, symbols."
                    )
                    % {"min_classes": self.min_classes},
                    code="password_too_simple",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _(
            "At least %(min_length)d characters, mixing at least %(min_classes)d of: lower-case letters, "
            "upper-case letters, digits, symbols."
        ) % {"min_length": self.min_length, "min_classes": self.min_classes}


SEQUENCES = ("0123456789", "9876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")


class NoSequenceValidator:
    """Refuse passwords built on a run of 6 or more keyboard or counting characters (123456, qwerty)."""

    run = 6

    def validate(self, password: str, user=None) -> None:
        lowered = password.lower()
        for sequence in SEQUENCES:
            for start in range(len(sequence) - self.run + 1):
                if sequence[start : start + self.run] in lowered:
                    raise ValidationError(
                        _("The password must not contain an easy sequence such as %(sequence)s.")
                        % {"sequence": sequence[start : start + self.run]},
                        code="password_sequence",
                    )

    def get_help_text(self) -> str:
        return _("No easy sequences such as 123456 or qwerty.")
