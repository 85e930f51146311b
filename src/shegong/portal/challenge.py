"""A self-hosted challenge for the complaint form: a small sum whose answer travels signed.

The question is shown in words and numbers; the answer is in a token signed with ``django.core.signing``
(no third-party service, nothing stored until it is used). A token answers once: its nonce is kept in
the cache until it expires.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache

SALT = "shegong.portal.challenge"
MAX_AGE = 30 * 60  # seconds a question stays valid


@dataclass(frozen=True)
class Challenge:
    a: int
    b: int
    token: str


def challenge_new() -> Challenge:
    """Return a new question ``a + b`` with its signed answer."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"sum": a + b, "nonce": secrets.token_hex(8)}, salt=SALT)
    return Challenge(a=a, b=b, token=token)


def challenge_check(token: str, answer: int | None) -> bool:
    """True when ``answer`` is the sum signed in ``token``, the token is fresh and was not used before."""
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    if answer is None or payload.get("sum") != answer:
        return False
    return cache.add(f"portal:challenge:{payload['nonce']}", True, timeout=MAX_AGE)
