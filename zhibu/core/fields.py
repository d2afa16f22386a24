import logging
from typing import TYPE_CHECKING, Any

from django.db import models

from zhibu.core import crypto

logger = logging.getLogger("zhibu.crypto")


class Undecryptable(str):
    """Shown in place of a value whose ciphertext failed authentication; it can never be saved back."""

    def __new__(cls) -> "Undecryptable":
        return super().__new__(cls, "〔数据无法解密〕")


if TYPE_CHECKING:
    _TextField = models.TextField[str, str]
else:  # Django's field classes take no type parameters at run time
    _TextField = models.TextField


class EncryptedTextField(_TextField):
    """Text stored encrypted (see ``zhibu.core.crypto``); ``mask_kind`` says how it is masked on display."""

    def __init__(self, *args: Any, mask_kind: str = "address", **kwargs: Any) -> None:
        self.mask_kind = mask_kind
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["mask_kind"] = self.mask_kind
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: object, connection: object) -> str | None:
        if value is None or value == "":
            return value
        try:
            return crypto.decrypt(value)
        except crypto.DecryptionError as exc:
            logger.error("decryption failed for %s.%s: %s", self.model._meta.label, self.name, exc)
            return Undecryptable()

    def get_prep_value(self, value: object) -> Any:
        prepared: str | None = super().get_prep_value(value)
        if prepared is None or prepared == "":
            return prepared
        if isinstance(prepared, Undecryptable):
            raise ValueError("refusing to save a value that could not be decrypted")
        return crypto.encrypt(prepared)
