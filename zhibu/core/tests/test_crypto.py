import base64
import json
import logging

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.management import call_command
from django.db import connection, transaction

from zhibu.core import crypto
from zhibu.core.fields import Undecryptable
from zhibu.core.keyrotation import stale_count
from zhibu.members.models import Member
from zhibu.testing import make_member


def test_sm4_known_answer():
    # GB/T 32907-2016 appendix A, example 1
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    assert (encryptor.update(key) + encryptor.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"


def test_sm3_known_answer():
    # GB/T 32905-2016 appendix A, example 1: SM3("abc")
    digest = hashes.Hash(hashes.SM3())
    digest.update(b"abc")
    assert digest.finalize().hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_ciphertexts_name_algorithm_and_key_version_and_both_ciphers_work():
    token = crypto.encrypt("220102198506150016")
    assert token.startswith("sm4gcm:1:") and crypto.decrypt(token) == "220102198506150016"
    aes = crypto.encrypt("13812345678", algorithm=crypto.AES_GCM, version=2)
    assert aes.startswith("aes256gcm:2:") and crypto.decrypt(aes) == "13812345678"
    assert crypto.encrypt("x") != crypto.encrypt("x")  # random nonce


def test_blind_index_is_keyed_and_deterministic():
    assert crypto.blind_index("a", "p") == crypto.blind_index("a", "p") != crypto.blind_index("a", "q")
    assert len(crypto.blind_index("a", "p")) == 64


def test_a_flipped_byte_is_a_logged_error_not_wrong_data(tree, caplog):
    member = make_member(tree.a1)
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT mobile FROM {table} WHERE id = %s", [member.pk])
        token = cursor.fetchone()[0]
    algorithm, version, raw = crypto.parse_token(token)
    flipped = bytearray(raw)
    flipped[20] ^= 0x01
    bad = f"{algorithm}:{version}:{base64.b64encode(bytes(flipped)).decode()}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET mobile = %s WHERE id = %s", [bad, member.pk])
    with caplog.at_level(logging.ERROR, logger="zhibu.crypto"):
        value = Member.objects.get(pk=member.pk).mobile
    assert isinstance(value, Undecryptable) and "13812345678" not in value
    assert "decryption failed" in caplog.text
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(bad)
    reloaded = Member.objects.get(pk=member.pk)
    with pytest.raises(ValueError):
        reloaded.save()


def test_rotate_keys_re_encrypts_every_row(tree, tmp_path, settings):
    key_file = tmp_path / "keys.json"
    key_file.write_text(json.dumps({"active": 1, "keys": {"1": "11" * 32}, "index_key": "22" * 32}))
    settings.FIELD_KEYS = None
    settings.FIELD_KEY_FILE = key_file
    crypto.keyring.cache_clear()
    try:
        members = [make_member(tree.a1, address=f"地址{i}") for i in range(3)]
        assert stale_count(Member, ["id_number", "mobile", "address"], 2) == Member.objects.count()
        call_command("rotate_keys")
        assert json.loads(key_file.read_text())["active"] == 2
        assert stale_count(Member, ["id_number", "mobile", "address"], 2) == 0
        assert [Member.objects.get(pk=m.pk).address for m in members] == ["地址0", "地址1", "地址2"]
        assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    finally:
        crypto.keyring.cache_clear()
