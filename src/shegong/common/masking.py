"""Masking of identifiers shown in lists: 440304********1234."""


def mask_id_number(value: str | None) -> str:
    """Keep the first 6 and last 4 characters of a resident ID number."""
    if not value:
        return ""
    value = value.strip()
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """Keep the first 3 and last 4 digits of a phone number."""
    if not value:
        return ""
    value = value.strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """Keep the family name of a Chinese name: 张三 → 张*."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)
