"""Encryption of personal data at rest.

Each ciphertext is text of the form ``<algorithm>:<key version>:<base64 nonce+ciphertext+tag>`` so that keys can
be rotated and algorithms changed without guessing. SM4-GCM is the default (GB/T 32907), AES-256-GCM selectable.
Exact-match lookups and uniqueness use a keyed blind index (HMAC-SM3, or HMAC-SHA256 when AES is chosen).

Keys live outside the database: ``ZHIBU_FIELD_KEYS`` (JSON) or the key file ``ZHIBU_FIELD_KEY_FILE``:
``{"active": 1, "keys": {"1": "<64 hex chars>"}, "index_key": "<64 hex chars>"}``.
SM4 uses the first 16 bytes of a 32-byte key; AES-256 the whole key.
"""

import base64
import functools
import json
import logging
import os
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("zhibu.crypto")

SM4_GCM = "sm4gcm"
AES_GCM = "aes256gcm"
CIPHER_NAMES = {"sm4-gcm": SM4_GCM, "aes-256-gcm": AES_GCM}
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(Exception):
    """A ciphertext failed authentication or names an unknown key: the data is never returned wrongly."""


@dataclass(frozen=True)
class KeyRing:
    active: int
    keys: dict[int, bytes]
    index_key: bytes
    algorithm: str

    def key(self, version: int) -> bytes:
        try:
            return self.keys[version]
        except KeyError:
            raise DecryptionError(f"key version {version} is not in the key ring") from None


def _parse_keyring(text: str, source: str) -> KeyRing:
    try:
        data = json.loads(text)
        keys = {int(version): bytes.fromhex(value) for version, value in data["keys"].items()}
        ring = KeyRing(
            active=int(data["active"]),
            keys=keys,
            index_key=bytes.fromhex(data["index_key"]),
            algorithm=CIPHER_NAMES[settings.FIELD_CIPHER],
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(f"字段加密密钥配置有误（{source}）：{exc}") from None
    if ring.active not in ring.keys:
        raise ImproperlyConfigured(f"字段加密密钥配置有误（{source}）：active 版本 {ring.active} 不存在")
    if any(len(key) != 32 for key in ring.keys.values()) or len(ring.index_key) < 16:
        raise ImproperlyConfigured(f"字段加密密钥配置有误（{source}）：每个密钥须为64位十六进制（32字节）")
    return ring


def new_keyring_json(active: int = 1) -> str:
    return json.dumps(
        {"active": active, "keys": {str(active): secrets.token_hex(32)}, "index_key": secrets.token_hex(32)}, indent=2
    )


@functools.cache
def keyring() -> KeyRing:
    if settings.FIELD_KEYS:
        return _parse_keyring(settings.FIELD_KEYS, "ZHIBU_FIELD_KEYS")
    path = settings.FIELD_KEY_FILE
    if not path.exists():
        if not settings.DEBUG:
            raise ImproperlyConfigured(
                f"未找到字段加密密钥文件 {path}。请运行 manage.py create_field_keys 生成，并妥善备份（丢失将无法解密）。"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(new_keyring_json())
    return _parse_keyring(path.read_text(), str(path))


def _cipher(algorithm: str, key: bytes, nonce: bytes, tag: bytes | None = None) -> Cipher[modes.GCM]:
    mode = modes.GCM(nonce, tag) if tag is not None else modes.GCM(nonce)
    if algorithm == SM4_GCM:
        return Cipher(algorithms.SM4(key[:16]), mode)
    if algorithm == AES_GCM:
        return Cipher(algorithms.AES(key), mode)
    raise DecryptionError(f"unknown algorithm {algorithm}")


def encrypt(plaintext: str, *, version: int | None = None, algorithm: str | None = None) -> str:
    ring = keyring()
    version = ring.active if version is None else version
    algorithm = algorithm or ring.algorithm
    nonce = os.urandom(NONCE_BYTES)
    encryptor = _cipher(algorithm, ring.key(version), nonce).encryptor()
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    payload = base64.b64encode(nonce + body + encryptor.tag).decode()
    return f"{algorithm}:{version}:{payload}"


def parse_token(token: str) -> tuple[str, int, bytes]:
    try:
        algorithm, version, payload = token.split(":", 2)
        return algorithm, int(version), base64.b64decode(payload, validate=True)
    except (ValueError, TypeError) as exc:
        raise DecryptionError(f"malformed ciphertext: {exc}") from None


def decrypt(token: str) -> str:
    algorithm, version, raw = parse_token(token)
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("ciphertext too short")
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    try:
        decryptor = _cipher(algorithm, keyring().key(version), nonce, tag).decryptor()
        plaintext: bytes = decryptor.update(body) + decryptor.finalize()
        return plaintext.decode()
    except (InvalidTag, UnicodeDecodeError):
        raise DecryptionError("ciphertext failed authentication") from None


def blind_index(value: str, purpose: str) -> str:
    """A keyed, deterministic digest for uniqueness and exact lookup; reveals nothing without the key."""
    ring = keyring()
    digest = hashes.SM3() if ring.algorithm == SM4_GCM else hashes.SHA256()
    mac = hmac.HMAC(ring.index_key, digest)
    mac.update(f"{purpose}:{value}".encode())
    return mac.finalize().hex()
