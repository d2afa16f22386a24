"""Read-only pages read from a streaming replica, when one is configured (``ZHIBU_REPLICA_DATABASE_URL``).

A province's dashboards, standards sheets, exports and ledger prints read much and write little (an export writes
one audit event). Serving their reads from a hot standby takes that load off the primary. The price is replication
lag: a page read from the replica may be a moment behind. So only the pages listed here read from it, and within
such a page a read goes back to the primary as soon as the request has written anything or while a transaction is
open, so that a request always sees its own writes and a transaction never mixes two databases' snapshots.

Without the setting there is no ``replica`` alias, the router is not installed, and the middleware changes nothing.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA_ALIAS = "replica"

# The read-only pages, by URL name ("namespace:name"). Every list's export is one too: its URL name is ``export`` or
# ends in ``_export`` (the house convention), so new exports are covered without being listed.
READ_ONLY_PAGES = frozenset(
    {
        "dashboards:home",
        "standards:dashboard",
        "standards:sheet",
        "ledgers:list",
        "ledgers:ledger",
        "ledgers:meeting_notice",
        "ledgers:meeting_sign_in_sheet",
        "ledgers:meeting_record",
    }
)
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})

# Sessions and accounts are always read from the primary: a session or a password change made a moment ago on the
# primary must not look missing or stale because the replica has not replayed it yet.
PRIMARY_ONLY_APPS = frozenset({"sessions", "accounts", "auth", "otp_totp", "otp_static", "django_otp"})

# True while a read-only page is being served and the request has written nothing yet.
_reads_from_replica: ContextVar[bool] = ContextVar("zhibu_reads_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA_ALIAS in settings.DATABASES


def is_read_only_page(request: HttpRequest) -> bool:
    match = request.resolver_match
    if request.method not in READ_ONLY_METHODS or match is None:
        return False
    name = match.url_name or ""
    return match.view_name in READ_ONLY_PAGES or name == "export" or name.endswith("_export")


class ReadReplicaMiddleware:
    """Marks the serving of a read-only page for the router. The mark is a context variable, so concurrent requests
    (threads or async tasks) never see each other's. A streamed response's rows are read after the view returns and
    so from the primary: the house exports build their file inside the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reads_from_replica.set(False)
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        if replica_configured() and is_read_only_page(request):
            _reads_from_replica.set(True)


class ReplicaRouter:
    """Reads of a read-only page to the replica; every write, every read inside a transaction or after a write, and
    every migration to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if (
            _reads_from_replica.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA_ALIAS
        # Named, not None: Django would otherwise follow a replica-read instance's own database for its relations.
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        _reads_from_replica.set(False)  # from here on this request reads its own writes
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: a row read from one may refer to a row read from the other.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA_ALIAS}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
