"""Guards of the public complaint form, without any outside service.

Too fast: the form carries the moment it was rendered, signed with the secret key; a post sooner than
``COMPLAINT_MIN_SECONDS`` after it (a script that fetches and posts at once) or with a missing, forged or day-old stamp
is refused, and the citizen's text is shown again with a fresh stamp.

Over the limit: a fixed window per address: each *new* submission key from an address counts once, so a double tap or a retry of the
same form (the same key) is never what pushes a citizen over the limit, while a script that makes a fresh key per post
is counted every time. The default cache is Django's local-memory cache, which is per worker process: with N worker
processes an address may submit up to N × the limit per window. A deployment that wants one exact count configures a
shared cache (``CACHES``, e.g. the database or Redis backend)."""

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

STAMP_SALT = "zhibu.complaints.form-rendered"
STAMP_MAX_AGE = 24 * 3600  # a form left open longer is stamped afresh before it is accepted


def form_stamp(at: float | None = None) -> str:
    """The signed moment a form was rendered (now, unless given)."""
    return signing.Signer(salt=STAMP_SALT).sign(str(int(at if at is not None else time.time())))


def stamp_refusal(stamp: str) -> str | None:
    """Why a post with this stamp is refused ("too_fast", "stale"), or None when it may go on."""
    try:
        rendered = int(signing.Signer(salt=STAMP_SALT).unsign(stamp))
    except (signing.BadSignature, ValueError, TypeError):
        return "stale"
    elapsed = time.time() - rendered
    if elapsed < 0 or elapsed > STAMP_MAX_AGE:
        return "stale"
    if elapsed < int(settings.COMPLAINT_MIN_SECONDS):
        return "too_fast"
    return None


def _window_seconds() -> int:
    return int(settings.COMPLAINT_RATE_WINDOW_MINUTES) * 60


def over_limit(ip: str | None, key: str) -> bool:
    """Count this submission (unless its key was already counted for the address) and say whether the address is now
    over the limit."""
    if not ip:
        return False
    window = _window_seconds()
    counter = f"complaints:rate:{ip}"
    # The key is the visitor's text: hashed, so the cache key is safe for any backend.
    seen = hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:32]
    if cache.add(f"complaints:seen:{ip}:{seen}", 1, window):
        cache.add(counter, 0, window)
        try:
            count = cache.incr(counter)
        except ValueError:  # the counter expired between add and incr: a new window starts with this submission
            cache.set(counter, 1, window)
            count = 1
    else:
        count = int(cache.get(counter) or 0)
    return count > int(settings.COMPLAINT_RATE_LIMIT)
