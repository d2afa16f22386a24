"""The proof-of-work challenge of the public complaint form (ALTCHA, self-hosted: no outside service).

Each rendering of the form carries a fresh challenge, signed with a key derived from ``SECRET_KEY`` and expiring after
``COMPLAINT_POW_MINUTES``; the vendored widget (``vendor/altcha``) finds the number in the citizen's browser while they
type — about ``COMPLAINT_POW_MAX_NUMBER / 2`` SHA-256 hashes — and the form posts the solution. The server checks it
with the ``altcha`` package (signature, expiry, solution) and refuses its reuse: a solved challenge serves one
submission key only (kept in the default cache until the challenge expires), so a script cannot solve once and post many
times, while a double tap or a retry of the same form (the same key) is never refused for it."""

import base64
import binascii
import datetime
import hashlib
import json
import secrets
from typing import Any

from altcha import v2
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

FIELD = "altcha"  # the widget's hidden input
ALGORITHM = "SHA-256"
MAX_PAYLOAD = 4000  # a real solution is ~600 characters: anything longer is refused before it is decoded


def _secret() -> str:
    return salted_hmac("zhibu.complaints.proof-of-work", "challenge").hexdigest()


def issue() -> str:
    """A new challenge as the JSON the widget reads from its ``challenge`` attribute."""
    expires = timezone.now() + datetime.timedelta(minutes=int(settings.COMPLAINT_POW_MINUTES))
    made = v2.create_challenge(
        ALGORITHM,
        1,
        counter=secrets.randbelow(int(settings.COMPLAINT_POW_MAX_NUMBER)),
        expires_at=expires,
        hmac_secret=_secret(),
    )
    return json.dumps(made.to_dict())


def _nonce(payload: str) -> str | None:
    try:
        nonce = json.loads(base64.b64decode(payload, validate=True))["challenge"]["parameters"]["nonce"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    return nonce if isinstance(nonce, str) else None


def refusal(payload: Any, submission_key: str) -> str | None:
    """Why this solution is refused ("pow_missing", "pow_invalid", "pow_expired", "pow_reused"), or None when the
    submission may go on; a good solution is claimed for this submission key."""
    payload = str(payload or "").strip()
    if not payload:
        return "pow_missing"
    if len(payload) > MAX_PAYLOAD:
        return "pow_invalid"
    result = v2.verify_solution(payload, _secret())
    if result.expired:
        return "pow_expired"
    nonce = _nonce(payload)
    if not result.verified or nonce is None:
        return "pow_invalid"
    claimed = hashlib.sha256(submission_key.encode("utf-8", "replace")).hexdigest()
    timeout = int(settings.COMPLAINT_POW_MINUTES) * 60
    slot = f"complaints:pow:{hashlib.sha256(nonce.encode()).hexdigest()[:32]}"
    if not cache.add(slot, claimed, timeout) and cache.get(slot) != claimed:
        return "pow_reused"
    return None
