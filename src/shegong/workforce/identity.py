"""Resident ID numbers (居民身份证号码) and name spellings: validation, derived facts, search keys."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError

from .models import Gender

ID_NUMBER_FORMAT = _("The resident ID number must have 18 characters: 17 digits and a digit or X.")
ID_NUMBER_CHECKSUM = _("The check digit of the resident ID number is wrong.")
ID_NUMBER_BIRTH_DATE = _("The resident ID number holds no valid birth date or region code.")
ID_NUMBER_FUTURE_BIRTH = _("The birth date in the resident ID number is in the future.")

ID_NUMBER_PATTERN = re.compile(r"^\d{17}[\dXx]$")


def normalize_id_number(value: str, *, today: datetime.date, field: str = "id_number") -> str:
    """Return the compact upper-case number, or raise a ValidationError naming ``field``.

    python-stdnum checks the length, the check digit, the birth date and the region code.
    """
    number = (value or "").strip().upper()
    try:
        number = ric.validate(number)
    except InvalidChecksum:
        raise ValidationError({field: ID_NUMBER_CHECKSUM}, code="id_checksum") from None
    except InvalidComponent:
        raise ValidationError({field: ID_NUMBER_BIRTH_DATE}, code="id_birth_date") from None
    except StdnumError:
        raise ValidationError({field: ID_NUMBER_FORMAT}, code="id_format") from None
    if ric.get_birth_date(number) > today:
        raise ValidationError({field: ID_NUMBER_FUTURE_BIRTH}, code="id_future_birth")
    return number


def looks_like_id_number(text: str) -> bool:
    """Return whether a search text is shaped like an 18-character ID number."""
    return bool(ID_NUMBER_PATTERN.match((text or "").strip()))


def birth_date_of(number: str) -> datetime.date:
    return ric.get_birth_date(number)


def gender_of(number: str) -> str:
    """The 17th digit is odd for men and even for women (GB 11643)."""
    return Gender.MALE if int(number[16]) % 2 else Gender.FEMALE


def name_spellings(name: str) -> tuple[str, str]:
    """Return the full pinyin without tones and the initials: 张三 → ("zhangsan", "zs")."""
    syllables = [
        s.lower() for s in lazy_pinyin(name.strip(), style=Style.NORMAL, errors="ignore") if s.strip()
    ]
    syllables = ["".join(ch for ch in s if ch.isalnum()) for s in syllables]
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def search_key(text: str) -> str:
    """Normalise a Latin search text the way the spellings are stored: lower case, no spaces."""
    return re.sub(r"[\s'’·-]+", "", (text or "").lower())
