"""Authenticated encryption of client data: token format, key ring, legacy values, SM4 (issue 12)."""

import base64

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from shegong.common import encryption
from shegong.common.encryption import (
    DecryptionError,
    decrypt_text,
    encrypt_text,
    is_current,
    keyed_hash,
    token_key_id,
)

KEY_A = base64.urlsafe_b64encode(bytes(range(32))).decode()
KEY_B = base64.urlsafe_b64encode(bytes(range(100, 132))).decode()


def test_a_value_is_sealed_with_aes_gcm_under_the_current_key_id():
    with override_settings(SHEGONG_DATA_KEY=KEY_A, SHEGONG_DATA_KEY_ID="k7", SHEGONG_DATA_OLD_KEYS={}):
        token = encrypt_text("370102198505010011")
        assert token.startswith("sg1.a.k7.")
        assert "370102198505010011" not in token
        assert decrypt_text(token) == "370102198505010011"
        assert is_current(token)
        assert token_key_id(token) == "k7"


def test_the_same_value_sealed_twice_gives_two_different_tokens():
    assert encrypt_text("高血压") != encrypt_text("高血压")


def test_a_tampered_token_is_refused_not_decrypted_to_garbage():
    token = encrypt_text("糖尿病，需每日注射胰岛素")
    body = token.rsplit(".", 1)[1]
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(DecryptionError):
        decrypt_text(token.rsplit(".", 1)[0] + "." + flipped)


def test_the_key_id_in_the_header_is_authenticated():
    """Relabelling a value as sealed by another key fails even when that key is known."""
    with override_settings(
        SHEGONG_DATA_KEY=KEY_A, SHEGONG_DATA_KEY_ID="k1", SHEGONG_DATA_OLD_KEYS={"k2": KEY_A}
    ):
        token = encrypt_text("秘密")
        with pytest.raises(DecryptionError):
            decrypt_text(token.replace("sg1.a.k1.", "sg1.a.k2.", 1))


def test_an_old_key_still_opens_values_after_the_current_key_changed():
    with override_settings(SHEGONG_DATA_KEY=KEY_A, SHEGONG_DATA_KEY_ID="k1", SHEGONG_DATA_OLD_KEYS={}):
        old_token = encrypt_text("旧值")
    with override_settings(
        SHEGONG_DATA_KEY=KEY_B, SHEGONG_DATA_KEY_ID="k2", SHEGONG_DATA_OLD_KEYS={"k1": KEY_A}
    ):
        assert decrypt_text(old_token) == "旧值"
        assert not is_current(old_token)
        assert encrypt_text("新值").startswith("sg1.a.k2.")


def test_a_value_under_a_key_that_was_removed_names_the_missing_key():
    with override_settings(SHEGONG_DATA_KEY=KEY_A, SHEGONG_DATA_KEY_ID="k1", SHEGONG_DATA_OLD_KEYS={}):
        old_token = encrypt_text("旧值")
    with override_settings(SHEGONG_DATA_KEY=KEY_B, SHEGONG_DATA_KEY_ID="k2", SHEGONG_DATA_OLD_KEYS={}):
        with pytest.raises(DecryptionError, match="'k1'"):
            decrypt_text(old_token)


def test_a_legacy_fernet_value_is_still_read_with_the_current_or_an_old_key():
    legacy = Fernet(KEY_A.encode()).encrypt(b"370102198505010011").decode()
    with override_settings(SHEGONG_DATA_KEY=KEY_A, SHEGONG_DATA_KEY_ID="k1", SHEGONG_DATA_OLD_KEYS={}):
        assert decrypt_text(legacy) == "370102198505010011"
        assert token_key_id(legacy) == "legacy"
        assert not is_current(legacy)
    with override_settings(
        SHEGONG_DATA_KEY=KEY_B, SHEGONG_DATA_KEY_ID="k2", SHEGONG_DATA_OLD_KEYS={"k1": KEY_A}
    ):
        assert decrypt_text(legacy) == "370102198505010011"
    with override_settings(SHEGONG_DATA_KEY=KEY_B, SHEGONG_DATA_KEY_ID="k2", SHEGONG_DATA_OLD_KEYS={}):
        with pytest.raises(DecryptionError):
            decrypt_text(legacy)


@pytest.mark.skipif(not encryption.sm4_gcm_supported(), reason="OpenSSL without SM4-GCM")
def test_sm4_gcm_can_be_chosen_and_aes_values_stay_readable():
    with override_settings(SHEGONG_DATA_KEY=KEY_A, SHEGONG_DATA_KEY_ID="k1", SHEGONG_DATA_OLD_KEYS={}):
        aes_token = encrypt_text("阿司匹林")
        with override_settings(SHEGONG_DATA_CIPHER="sm4-gcm"):
            sm4_token = encrypt_text("阿司匹林")
            assert sm4_token.startswith("sg1.s.k1.")
            assert decrypt_text(sm4_token) == "阿司匹林"
            assert decrypt_text(aes_token) == "阿司匹林"
            assert not is_current(aes_token)
        # Back on AES, SM4 values still open: the token names its algorithm.
        assert decrypt_text(sm4_token) == "阿司匹林"


def test_sm4_without_openssl_support_is_refused_in_chinese(monkeypatch):
    monkeypatch.setattr(encryption, "sm4_gcm_supported", lambda: False)
    encryption._build_keyring.cache_clear()
    with override_settings(SHEGONG_DATA_CIPHER="sm4-gcm"):
        with pytest.raises(ImproperlyConfigured, match="OpenSSL 不支持 SM4-GCM"):
            encrypt_text("x")
        assert [e.id for e in encryption.check_data_keys()] == ["shegong.E101"]
    encryption._build_keyring.cache_clear()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SHEGONG_DATA_CIPHER": "des"}, "不受支持"),
        ({"SHEGONG_DATA_KEY": "c2hvcnQ="}, "32 字节"),
        ({"SHEGONG_DATA_KEY_ID": "k 1"}, "密钥编号"),
        ({"SHEGONG_DATA_KEY_ID": "k1", "SHEGONG_DATA_OLD_KEYS": {"k1": KEY_B}}, "重复"),
        ({"SHEGONG_DATA_OLD_KEYS": {"k0": "bad"}}, "SHEGONG_DATA_OLD_KEYS[k0]"),
    ],
)
def test_a_bad_key_configuration_fails_the_system_check_with_a_chinese_message(overrides, message):
    with override_settings(**overrides):
        errors = encryption.check_data_keys()
    assert len(errors) == 1
    assert errors[0].id == "shegong.E101"
    assert message in errors[0].msg


def test_the_default_configuration_passes_the_system_check():
    assert encryption.check_data_keys() == []


def test_keyed_hash_is_unchanged_by_a_data_key_rotation_when_the_search_key_is_pinned():
    with override_settings(SHEGONG_DATA_KEY=KEY_A, SHEGONG_SEARCH_KEY=""):
        historical = keyed_hash("370102198505010011")
    with override_settings(SHEGONG_DATA_KEY=KEY_B, SHEGONG_SEARCH_KEY=KEY_A, SHEGONG_DATA_KEY_ID="k2"):
        assert keyed_hash(" 370102198505010011 ") == historical
    with override_settings(SHEGONG_DATA_KEY=KEY_B, SHEGONG_SEARCH_KEY=""):
        assert keyed_hash("370102198505010011") != historical


def test_keyed_hash_normalises_case_and_spaces():
    assert keyed_hash("37010219850501001x") == keyed_hash(" 37010219850501001X")
