"""Encryption at rest for client data (ID numbers, health) and keyed hashes for exact search."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    raw = base64.urlsafe_b64decode(key.encode())
    if len(raw) != 32:
        raise ValueError("SHEGONG_DATA_KEY must be urlsafe base64 of 32 bytes")
    return Fernet(base64.urlsafe_b64encode(raw))


def encrypt_text(plain: str) -> str:
    """Encrypt a string with the data key."""
    return _fernet(settings.SHEGONG_DATA_KEY).encrypt(plain.encode()).decode()


def decrypt_text(token: str) -> str:
    """Decrypt a string encrypted with :func:`encrypt_text`."""
    try:
        return _fernet(settings.SHEGONG_DATA_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key or tampered value: never return garbage
        raise ValueError("cannot decrypt: wrong SHEGONG_DATA_KEY or corrupted value") from exc


def keyed_hash(value: str) -> str:
    """Return an HMAC-SHA256 of a normalised value, for exact search without decrypting."""
    key = hashlib.sha256(b"shegong-search:" + settings.SHEGONG_DATA_KEY.encode()).digest()
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; reads give the clear text to Python code only.

    ``sensitive = True`` keeps the value out of the audit log and of API/list output by default.
    """

    sensitive = True
    description = _("Encrypted text")

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(value)
