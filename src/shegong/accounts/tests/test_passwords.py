"""Password policy: at least 12 characters from at least 3 classes, no sequences, Chinese messages."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

TOO_SHORT = "密码长度至少为 12 个字符。"
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
        ("Hzgx-Rw81!a", [TOO_SHORT]),  # 11 characters, 4 classes
        ("hzgxrwkpqm81", [TOO_SIMPLE]),  # 12 characters, 2 classes
        ("xqzw", [TOO_SHORT, TOO_SIMPLE]),
        ("Hzgxrwkpqm81", []),  # 12 characters, 3 classes
        ("hzgxrwkpqm1!", []),  # 12 characters, 3 classes with a symbol
        ("1qaz2wsx3EDC", ["这个密码太常见了。"]),
        ("Shegong-123456", ["密码不能包含 123456 这样的简单序列。"]),
        ("Qwerty-Lixia-9", ["密码不能包含 qwerty 这样的简单序列。"]),
    ],
)
def test_password_policy(password, expected):
    assert _messages(password) == expected


def test_help_text_is_chinese():
    from django.contrib.auth.password_validation import password_validators_help_texts

    with translation.override("zh-hans"):
        texts = password_validators_help_texts()
    assert "至少 12 个字符，且包含以下至少 3 类：小写字母、大写字母、数字、符号。" in texts


def test_password_like_the_username_is_refused():
    from shegong.accounts.models import User

    user = User(username="zhanglixia", full_name="张历霞")
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as exc:
            validate_password("Zhanglixia-88", user=user)
    assert exc.value.messages == ["密码跟 用户名 太相似了。"]  # Django's own message
