"""Password policy: at least 10 characters from at least 3 classes, with Chinese messages."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

TOO_SHORT = "密码长度至少为 10 个字符。"
TOO_SIMPLE = "密码必须包含以下至少 3 类字符：小写字母、大写字母、数字、符号。"


def _messages(password: str) -> list[str]:
    with translation.override("zh-hans"):
        try:
            validate_password(password)
        except ValidationError as exc:
            return exc.messages
    return []


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Abcdefg1!", [TOO_SHORT]),  # 9 characters, 4 classes
        ("abcdefgh12", [TOO_SIMPLE]),  # 10 characters, 2 classes
        ("xqzw", [TOO_SHORT, TOO_SIMPLE]),
        ("Abcdefgh12", []),  # 10 characters, 3 classes
        ("abcdefgh1!", []),  # 10 characters, 3 classes with a symbol
    ],
)
def test_password_policy(password, expected):
    assert _messages(password) == expected


def test_help_text_is_chinese():
    from django.contrib.auth.password_validation import password_validators_help_texts

    with translation.override("zh-hans"):
        texts = password_validators_help_texts()
    assert "至少 10 个字符，且包含以下至少 3 类：小写字母、大写字母、数字、符号。" in texts
