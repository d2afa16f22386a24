"""Creating once per submission. Every create a user can double-submit (a form rendered with a hidden one-time key, an
API call with an ``Idempotency-Key`` header) runs through ``create_once``: the key is claimed in the create's
transaction, so a repeat — sequential, or concurrent on another worker — gets the record the first one made and
never makes a second. Dues payments keep their own key column (``Payment.idempotency_key``), the same idea."""

import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest

from zhibu.core.models import SubmissionKey

HEADER = "Idempotency-Key"
FORM_FIELD = "submission_key"
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
BAD_KEY = "提交标识格式不对（应为8至64位字母、数字或 - _ . :），请刷新页面后重新提交"
USED_ELSEWHERE = "该提交标识已用于另一项提交，请刷新页面后重新提交（每次新建使用新的标识）"

_M = TypeVar("_M", bound=models.Model)


def new_key() -> str:
    return uuid.uuid4().hex


def check_key(key: object, field: str = FORM_FIELD) -> str:
    text = key.strip() if isinstance(key, str) else ""
    if not KEY_PATTERN.match(text):
        raise ValidationError({field: BAD_KEY})
    return text


def create_once(
    *,
    actor: Any,
    key: str | None,
    kind: str,
    create: Callable[[], _M],
    model: type[_M],
    field: str = FORM_FIELD,
) -> tuple[_M, bool]:
    """(record, created). Without a key the create simply runs (API clients that send none); with one, the first
    submission creates and every repeat returns that record with created=False."""
    if key is None:
        return create(), True
    key = check_key(key, field)
    done = _done(actor, key, kind, model, field)
    if done is not None:
        return done, False
    try:
        with transaction.atomic():
            # Claimed first: a concurrent twin blocks here on the unique key until this one commits, then fails.
            claim = SubmissionKey.objects.create(key=key, user_id=actor.pk, kind=kind)
            record = create()
            claim.object_id = record.pk
            claim.save(update_fields=["object_id", "updated_at"])
            return record, True
    except IntegrityError:
        done = _done(actor, key, kind, model, field)
        if done is None:
            raise
        return done, False


def existing(*, actor: Any, key: str, kind: str, model: type[_M], field: str = FORM_FIELD) -> _M | None:
    """The record a submission with this key already made, if any (a malformed or foreign key is refused)."""
    return _done(actor, check_key(key, field), kind, model, field)


def _done(actor: Any, key: str, kind: str, model: type[_M], field: str) -> _M | None:
    claim = SubmissionKey.objects.filter(key=key).first()
    if claim is None:
        return None
    if claim.user_id != actor.pk or claim.kind != kind or claim.object_id is None:
        raise ValidationError({field: USED_ELSEWHERE})
    record = model._default_manager.filter(pk=claim.object_id).first()
    if record is None:
        raise ValidationError({field: USED_ELSEWHERE})
    return record


def header_key(request: HttpRequest) -> str | None:
    """The API's ``Idempotency-Key`` header, if sent."""
    return request.headers.get(HEADER)
