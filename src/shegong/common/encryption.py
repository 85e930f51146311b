"""Encryption at rest for client data (ID numbers, health, notes) and keyed hashes for exact search.

Values are sealed with authenticated encryption (AES-256-GCM by default, SM4-GCM when
``SHEGONG_DATA_CIPHER = "sm4-gcm"`` for deployments that require commercial cryptography, GB/T 32907).
A stored value is a versioned token that names its algorithm and key::

    sg1.<algorithm>.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>

so several keys can be readable at once: the current key (``SHEGONG_DATA_KEY`` with id
``SHEGONG_DATA_KEY_ID``) seals new values, older keys (``SHEGONG_DATA_OLD_KEYS``) only open old ones.
Values written before the versioned format (Fernet tokens, ``gAAAAA…``) are still read with any key of
the ring. ``shegong rotate_data_key`` re-seals every value under the current key; see
docs/security-keys.md for the key procedure.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router, transaction
from django.utils.translation import gettext_lazy as _

TOKEN_VERSION = "sg1"
AES_GCM = "aes-256-gcm"
SM4_GCM = "sm4-gcm"
# One letter per algorithm in the token; the token, not the setting, decides how a value is opened.
ALGORITHM_CODES = {AES_GCM: "a", SM4_GCM: "s"}
CODE_ALGORITHMS = {code: name for name, code in ALGORITHM_CODES.items()}
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
# Suffix of the keyed-hash column kept beside an encrypted column (``id_number`` → ``id_number_hash``).
HASH_SUFFIX = "_hash"

BAD_KEY = (
    "数据加密密钥 {name} 无效：须为 32 字节随机数的 URL 安全 Base64 编码。"
    " / Data key {name} is invalid: it must be the URL-safe base64 encoding of 32 random bytes."
)
BAD_KEY_ID = (
    "密钥编号 {key_id!r} 无效：只能使用 1–16 个字母、数字、下划线或连字符。"
    " / Key id {key_id!r} is invalid: use 1–16 letters, digits, underscores or hyphens."
)
DUPLICATE_KEY_ID = (
    "密钥编号 {key_id!r} 重复：当前密钥与旧密钥的编号必须互不相同。"
    " / Key id {key_id!r} is used twice: the current and old keys need distinct ids."
)
UNKNOWN_CIPHER = (
    "SHEGONG_DATA_CIPHER={cipher!r} 不受支持，可选 aes-256-gcm 或 sm4-gcm。"
    " / SHEGONG_DATA_CIPHER={cipher!r} is not supported; choose aes-256-gcm or sm4-gcm."
)
SM4_UNAVAILABLE = (
    "已选择国密 SM4-GCM 加密，但本机的 OpenSSL 不支持 SM4-GCM，请升级 OpenSSL 或改用 aes-256-gcm。"
    " / SM4-GCM was chosen but the installed OpenSSL does not support it; upgrade OpenSSL or use aes-256-gcm."
)
UNKNOWN_KEY = (
    "无法解密：数据由密钥 {key_id!r} 加密，但该密钥不在当前或旧密钥中。"
    " / Cannot decrypt: the value was sealed with key {key_id!r}, which is neither the current nor an old key."
)
CANNOT_DECRYPT = "cannot decrypt: wrong data key or corrupted value"


class DecryptionError(ValueError):
    """A stored value cannot be opened: wrong key, unknown key id or a tampered value."""


def _decode_key(name: str, material: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(material.encode())
    except (binascii.Error, ValueError, AttributeError):
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(BAD_KEY.format(name=name))
    return raw


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=1)
def sm4_gcm_supported() -> bool:
    """Whether the installed OpenSSL offers SM4 in GCM mode (OpenSSL 3 with the default provider)."""
    try:
        encryptor = Cipher(algorithms.SM4(b"\0" * 16), modes.GCM(b"\0" * NONCE_BYTES)).encryptor()
        encryptor.update(b"x")
        encryptor.finalize()
        HKDF(algorithm=hashes.SM3(), length=16, salt=None, info=b"probe").derive(b"\0" * 32)
    except (UnsupportedAlgorithm, ValueError, TypeError):
        return False
    return True


@dataclass(frozen=True)
class Keyring:
    """The keys of the running configuration: ``current`` seals, every key opens."""

    current_id: str
    algorithm: str
    keys: dict[str, bytes]  # key id → 32 raw bytes, the current key first
    search_key: bytes

    @property
    def current_prefix(self) -> str:
        return f"{TOKEN_VERSION}.{ALGORITHM_CODES[self.algorithm]}.{self.current_id}."


@lru_cache(maxsize=8)
def _build_keyring(
    current_id: str, current: str, old: tuple[tuple[str, str], ...], algorithm: str, search: str
) -> Keyring:
    if algorithm not in ALGORITHM_CODES:
        raise ImproperlyConfigured(UNKNOWN_CIPHER.format(cipher=algorithm))
    if algorithm == SM4_GCM and not sm4_gcm_supported():
        raise ImproperlyConfigured(SM4_UNAVAILABLE)
    keys: dict[str, bytes] = {}
    for key_id, material in ((current_id, current), *old):
        if not KEY_ID_PATTERN.match(key_id or ""):
            raise ImproperlyConfigured(BAD_KEY_ID.format(key_id=key_id))
        if key_id in keys:
            raise ImproperlyConfigured(DUPLICATE_KEY_ID.format(key_id=key_id))
        name = "SHEGONG_DATA_KEY" if key_id == current_id else f"SHEGONG_DATA_OLD_KEYS[{key_id}]"
        keys[key_id] = _decode_key(name, material)
    # The search key is separate from the sealing keys so that rotating the data key keeps lookups by
    # keyed hash working; by default it is derived from the current data key (the historical behaviour).
    search_key = hashlib.sha256(b"shegong-search:" + (search or current).encode()).digest()
    return Keyring(current_id=current_id, algorithm=algorithm, keys=keys, search_key=search_key)


def keyring() -> Keyring:
    """Return the key ring of the current settings (cached per configuration)."""
    old = getattr(settings, "SHEGONG_DATA_OLD_KEYS", {}) or {}
    return _build_keyring(
        getattr(settings, "SHEGONG_DATA_KEY_ID", "k1"),
        settings.SHEGONG_DATA_KEY,
        tuple(sorted(old.items())),
        getattr(settings, "SHEGONG_DATA_CIPHER", AES_GCM),
        getattr(settings, "SHEGONG_SEARCH_KEY", "") or "",
    )


@lru_cache(maxsize=16)
def _sm4_key(raw: bytes) -> bytes:
    """Derive the 128-bit SM4 key from the 256-bit data key with HKDF over SM3."""
    return HKDF(algorithm=hashes.SM3(), length=16, salt=None, info=b"shegong-sm4-data-key").derive(raw)


def _seal(algorithm: str, raw: bytes, nonce: bytes, plain: bytes, aad: bytes) -> bytes:
    if algorithm == AES_GCM:
        return AESGCM(raw).encrypt(nonce, plain, aad)
    encryptor = Cipher(algorithms.SM4(_sm4_key(raw)), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    return encryptor.update(plain) + encryptor.finalize() + encryptor.tag


def _open(algorithm: str, raw: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    if algorithm == AES_GCM:
        return AESGCM(raw).decrypt(nonce, sealed, aad)
    if not sm4_gcm_supported():
        raise ImproperlyConfigured(SM4_UNAVAILABLE)
    if len(sealed) < TAG_BYTES:
        raise InvalidTag
    body, tag = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(_sm4_key(raw)), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(aad)
    return decryptor.update(body) + decryptor.finalize()


def encrypt_text(plain: str) -> str:
    """Seal a string under the current key and algorithm; every call uses a fresh random nonce."""
    ring = keyring()
    header = ring.current_prefix[:-1]
    nonce = os.urandom(NONCE_BYTES)
    sealed = _seal(ring.algorithm, ring.keys[ring.current_id], nonce, plain.encode(), header.encode())
    return f"{header}.{_b64(nonce + sealed)}"


def _decrypt_legacy(token: str, ring: Keyring) -> str:
    """Open a Fernet token written before the versioned format, trying every key of the ring."""
    for raw in ring.keys.values():
        try:
            return Fernet(base64.urlsafe_b64encode(raw)).decrypt(token.encode()).decode()
        except InvalidToken:
            continue
    raise DecryptionError(CANNOT_DECRYPT)


def decrypt_text(token: str) -> str:
    """Open a value sealed by :func:`encrypt_text` (or a legacy Fernet token); never return garbage."""
    ring = keyring()
    if not token.startswith(TOKEN_VERSION + "."):
        return _decrypt_legacy(token, ring)
    parts = token.split(".", 3)
    if len(parts) != 4 or parts[1] not in CODE_ALGORITHMS:
        raise DecryptionError(CANNOT_DECRYPT)
    _version, code, key_id, body = parts
    if key_id not in ring.keys:
        raise DecryptionError(UNKNOWN_KEY.format(key_id=key_id))
    try:
        data = _unb64(body)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError(CANNOT_DECRYPT) from exc
    aad = f"{TOKEN_VERSION}.{code}.{key_id}".encode()
    try:
        plain = _open(CODE_ALGORITHMS[code], ring.keys[key_id], data[:NONCE_BYTES], data[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError(CANNOT_DECRYPT) from exc
    return plain.decode()


def is_current(token: str) -> bool:
    """Whether a stored value is already sealed with the current key and algorithm."""
    return token.startswith(keyring().current_prefix)


def token_key_id(token: str) -> str:
    """The key id a stored value names (``legacy`` for a Fernet token)."""
    if not token.startswith(TOKEN_VERSION + "."):
        return "legacy"
    parts = token.split(".", 3)
    return parts[2] if len(parts) == 4 else "unknown"


def keyed_hash(value: str) -> str:
    """Return an HMAC-SHA256 of a normalised value, for exact search without decrypting."""
    return hmac.new(keyring().search_key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; reads give the clear text to Python code only.

    ``sensitive = True`` keeps the value out of the audit log and of API/list output by default.
    A ``<name>_hash`` column beside it (if the model has one) holds the keyed hash for exact search.
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


@checks.register(checks.Tags.security)
def check_data_keys(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Refuse to start with a malformed key ring or an unavailable algorithm (shegong.E101)."""
    try:
        keyring()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="shegong.E101")]
    return []


# Rotation ------------------------------------------------------------------------------------------


@dataclass
class RotationResult:
    """What one pass over one encrypted column did."""

    label: str
    scanned: int = 0
    resealed: int = 0
    rehashed: int = 0


def encrypted_columns() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every encrypted column of every installed, managed model (each table once)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append((model, field))
    return found


def _hash_column(model, field) -> str | None:
    try:
        sibling = model._meta.get_field(field.name + HASH_SUFFIX)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: no hash column beside this one
        return None
    return sibling.column


def rotate_column(model, field, *, batch_size: int = 500, rehash: bool = False) -> RotationResult:
    """Re-seal one column under the current key, in short batches; safe to run again.

    Each batch is its own transaction and each row is updated only if it still holds the value that was
    read (compare-and-set), so the application keeps running: a row changed meanwhile was already
    written with the current key. With ``rehash`` the ``<name>_hash`` column is recomputed with the
    current search key too.
    """
    db = router.db_for_write(model)
    connection = connections[db]
    quote = connection.ops.quote_name
    table, pk, column = quote(model._meta.db_table), quote(model._meta.pk.column), quote(field.column)
    hash_column = _hash_column(model, field) if rehash else None
    result = RotationResult(label=f"{model._meta.label}.{field.name}")
    select = f"SELECT {pk}, {column}" + (f", {quote(hash_column)}" if hash_column else "")
    select += f" FROM {table} WHERE {pk} > %s AND {column} IS NOT NULL AND {column} <> '' ORDER BY {pk}"
    select += f" LIMIT {int(batch_size)}"
    if hash_column:
        update = (
            f"UPDATE {table} SET {column} = %s, {quote(hash_column)} = %s WHERE {pk} = %s AND {column} = %s"
        )
    else:
        update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s"
    last = None
    while True:
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(select, [last if last is not None else _lowest(model)])
            rows = cursor.fetchall()
            if not rows:
                break
            changes = []
            for key, token, *stored_hash in rows:
                result.scanned += 1
                current = is_current(token)
                if current and not hash_column:
                    continue
                plain = decrypt_text(token)
                new = token if current else encrypt_text(plain)
                if hash_column:
                    digest = keyed_hash(plain)
                    if current and digest == stored_hash[0]:
                        continue
                    result.rehashed += digest != stored_hash[0]
                    changes.append((new, digest, key, token))
                else:
                    changes.append((new, key, token))
                result.resealed += not current
            if changes:
                cursor.executemany(update, changes)
            last = rows[-1][0]
    return result


def _lowest(model):
    """A value below every primary key, to start the keyset pagination."""
    internal = model._meta.pk.get_internal_type()
    return -1 if internal in {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField"} else ""


def rotate_all(*, batch_size: int = 500, rehash: bool = False) -> list[RotationResult]:
    """Re-seal every encrypted column of every model; see :func:`rotate_column`."""
    keyring()  # fail early on a bad configuration, before touching anything
    return [
        rotate_column(model, field, batch_size=batch_size, rehash=rehash)
        for model, field in encrypted_columns()
    ]
