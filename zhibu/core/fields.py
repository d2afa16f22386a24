import logging

from django.db import models

from zhibu.core import crypto

logger = logging.getLogger("zhibu.crypto")


class Undecryptable(str):
    """Shown in place of a value whose ciphertext failed authentication; it can never be saved back."""

    def __new__(cls):
        return super().__new__(cls, "〔数据无法解密〕")


class EncryptedTextField(models.TextField):
    """Text stored encrypted (see ``zhibu.core.crypto``); ``mask_kind`` says how it is masked on display."""

    def __init__(self, *args, mask_kind: str = "address", **kwargs):
        self.mask_kind = mask_kind
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["mask_kind"] = self.mask_kind
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        try:
            return crypto.decrypt(value)
        except crypto.DecryptionError as exc:
            logger.error("decryption failed for %s.%s: %s", self.model._meta.label, self.name, exc)
            return Undecryptable()

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, Undecryptable):
            raise ValueError("refusing to save a value that could not be decrypted")
        return crypto.encrypt(value)
