"""Checking the audit hash chain, and purging rows past their retention without breaking it."""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_guard import maintenance_window
from zhibu.core.audit_models import AuditEvent

PURGE_EVENT = "audit.purged"


@dataclass
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def _accepted_starts() -> set[str]:
    """Hashes a chain may start from: the genesis, or the last row a recorded purge removed."""
    starts = {audit.GENESIS_HASH}
    for changes in AuditEvent.objects.filter(event=PURGE_EVENT).values_list("changes", flat=True):
        last = (changes or {}).get("extra", {}).get("last_purged_hash")
        if last:
            starts.add(last)
    return starts


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Recompute every row's hash in id order; name the first row whose content or link does not match."""
    previous = None
    checked = 0
    starts = _accepted_starts()
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        expected_prev = previous if previous is not None else event.prev_hash
        if previous is None and event.prev_hash not in starts:
            return ChainReport(checked, event.pk, "链首的前序哈希既不是起点，也不是已记录的清理点（可能有行被删除）")
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.pk, "前序哈希与上一行不符（上一行被删除或插入了行）")
        if audit.row_hash(event.prev_hash, audit.hashed_content(event)) != event.row_hash:
            return ChainReport(checked, event.pk, "内容与哈希不符（该行被篡改）")
        previous = event.row_hash
        checked += 1
    return ChainReport(checked, None)


@transaction.atomic
def purge_before(cutoff: datetime.datetime, *, actor) -> int:
    """Delete rows older than the cutoff, recording where the chain now starts (an audited step itself)."""
    doomed = AuditEvent.objects.filter(occurred_at__lt=cutoff).order_by("-id")
    last = doomed.values_list("row_hash", "id").first()
    if last is None:
        return 0
    count = doomed.count()
    with maintenance_window(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id <= %s", [last[1]])
    audit.record(
        actor=actor,
        event=PURGE_EVENT,
        extra={
            "deleted": count,
            "cutoff": cutoff.isoformat(),
            "last_purged_hash": last[0],
            "last_purged_id": last[1],
            "at": timezone.now().isoformat(),
        },
    )
    return count
