"""Checking the audit hash chain against the signed checkpoints, writing checkpoints, and purging rows past their
retention without breaking either."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from zhibu.core import audit, audit_anchor
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_guard import maintenance_window
from zhibu.core.audit_models import AuditEvent
from zhibu.core.contracts import AuditActor

PURGE_EVENT = Event.AUDIT_PURGED
CHECKPOINT_EVENT = Event.AUDIT_CHECKPOINTED


@dataclass
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str = ""
    checkpoints: int = 0
    anchor_problem: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None and not self.anchor_problem

    def describe(self) -> str:
        if self.anchor_problem:
            return self.anchor_problem
        return f"第{self.first_broken_id}号记录校验失败：{self.reason}（此前{self.checked}条正常）"


def _local(moment: str) -> str:
    try:
        return f"{timezone.localtime(datetime.datetime.fromisoformat(moment)):%Y-%m-%d %H:%M}"
    except (TypeError, ValueError):
        return str(moment)


def _check_checkpoints(anchors: audit_anchor.Anchors) -> tuple[str, int]:
    """Each signed checkpoint's row must still be there with the signed hash, unless a signed purge removed it.
    Returns the problem (or "") and the highest checkpoint id that matched."""
    last_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    anchored_upto = 0
    wanted = [entry["id"] for entry in anchors.checkpoints]
    stored: dict[int, str] = {}
    for start in range(0, len(wanted), 2000):
        stored.update(AuditEvent.objects.filter(id__in=wanted[start : start + 2000]).values_list("id", "row_hash"))
    for entry in anchors.checkpoints:
        row_id, signed_at = entry["id"], _local(entry["at"])
        if row_id not in stored:
            if anchors.purged(row_id):
                continue
            if last_id is None or row_id > last_id:
                return (
                    f"日志末尾被删除：{signed_at}签名的检查点记到第{row_id}号记录，"
                    f"数据库中最后一条是第{last_id or 0}号",
                    anchored_upto,
                )
            return (
                f"{signed_at}签名的检查点所指的第{row_id}号记录已不存在，且没有签名的清理记录（记录被删除）",
                anchored_upto,
            )
        if stored[row_id] != entry["hash"]:
            return f"第{row_id}号记录的哈希与{signed_at}签名的检查点不符（哈希链被改写）", anchored_upto
        anchored_upto = max(anchored_upto, row_id)
    return "", anchored_upto


def _accepted_starts(anchors: audit_anchor.Anchors, anchored_upto: int) -> set[str]:
    """Hashes the chain may start from: the genesis, or the last row a signed purge removed. A purge record in the
    database counts only below a matching checkpoint (or before checkpoints existed): anyone who can write the table
    can append one."""
    starts = {audit.GENESIS_HASH} | {purge["last_hash"] for purge in anchors.purges}
    events = AuditEvent.objects.filter(event=PURGE_EVENT)
    if anchors.checkpoints:
        events = events.filter(id__lte=anchored_upto)
    for changes in events.values_list("changes", flat=True):
        last = (changes or {}).get("extra", {}).get("last_purged_hash")
        if last:
            starts.add(last)
    return starts


def _walk(rows: Iterable[AuditEvent], starts: set[str], previous: str | None = None) -> ChainReport:
    checked = 0
    for event in rows:
        expected_prev = previous if previous is not None else event.prev_hash
        if previous is None and event.prev_hash not in starts:
            return ChainReport(checked, event.pk, "链首的前序哈希既不是起点，也不是签名的清理记录（最早的记录被删除）")
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.pk, "前序哈希与上一行不符（上一行被删除或插入了行）")
        if audit.row_hash(event.prev_hash, audit.hashed_content(event)) != event.row_hash:
            return ChainReport(checked, event.pk, "内容与哈希不符（该行被篡改）")
        previous = event.row_hash
        checked += 1
    return ChainReport(checked, None)


def _missing_from_file(anchors: audit_anchor.Anchors) -> str:
    """The database records every checkpoint it was given; each must still be in the file."""
    in_file = {(entry["id"], entry["hash"]) for entry in anchors.checkpoints}
    recorded = AuditEvent.objects.filter(event=CHECKPOINT_EVENT).values_list("changes", flat=True)
    for changes in recorded.iterator():
        extra = (changes or {}).get("extra", {})
        if (extra.get("checkpoint_id"), extra.get("checkpoint_hash")) in in_file:
            continue
        if not anchors.file_exists:
            return "检查点文件不存在，但数据库记有已签名的检查点（文件被删除或 ZHIBU_AUDIT_CHECKPOINT_FILE 指错了位置）"
        return f"检查点文件缺少第{extra.get('checkpoint_id')}号记录的检查点（文件被截断或替换）"
    return ""


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Check the signed checkpoints, then recompute every row's hash in id order and name the first row whose
    content or link does not match. Raises AnchorError when the checkpoint file exists but the key is missing."""
    anchors = audit_anchor.read()
    if anchors.problem:
        return ChainReport(0, None, anchor_problem=anchors.problem)
    problem, anchored_upto = _check_checkpoints(anchors)
    if problem:
        return ChainReport(0, None, anchor_problem=problem, checkpoints=len(anchors.checkpoints))
    report = _walk(
        AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size), _accepted_starts(anchors, anchored_upto)
    )
    report.checkpoints = len(anchors.checkpoints)
    if report.intact:
        report.anchor_problem = _missing_from_file(anchors)
    return report


def _verify_since(anchors: audit_anchor.Anchors) -> ChainReport:
    """Before signing: the last checkpoint's row must still match, and the rows after it must chain from it. When
    that row is gone (purged), or there is no checkpoint yet, the whole log is checked."""
    last = anchors.checkpoints[-1] if anchors.checkpoints else None
    row = AuditEvent.objects.filter(pk=last["id"]).values_list("row_hash", flat=True).first() if last else None
    if last is None or row is None:
        return verify_chain()
    if row != last["hash"]:
        return ChainReport(0, None, anchor_problem=f"第{last['id']}号记录的哈希与上一个签名检查点不符（哈希链被改写）")
    return _walk(AuditEvent.objects.filter(id__gt=last["id"]).order_by("id").iterator(chunk_size=2000), set(), row)


def write_checkpoint(*, actor: AuditActor) -> dict[str, Any] | None:
    """Sign the current end of the chain, after checking that everything since the last checkpoint still chains.
    The chain lock is held throughout, so the signed row is the committed end and nothing slips in unchecked."""
    audit_anchor.checkpoint_key()
    with transaction.atomic():
        audit._lock_chain()
        tail = AuditEvent.objects.order_by("-id").values_list("id", "row_hash", "event", "changes").first()
        if tail is None:
            return None
        anchors = audit_anchor.read()
        if anchors.problem:
            raise audit_anchor.AnchorError(f"拒绝签名新的检查点：{anchors.problem}")
        if tail[2] == CHECKPOINT_EVENT and anchors.checkpoints:
            # Nothing but the previous checkpoint's own row since then: a timer every few minutes would otherwise
            # fill a quiet night's log with checkpoints of checkpoints.
            if (tail[3] or {}).get("extra", {}).get("checkpoint_id") == anchors.checkpoints[-1]["id"]:
                return None
        report = _verify_since(anchors)
        if not report.intact:
            raise audit_anchor.AnchorError(f"拒绝签名新的检查点：{report.describe()}")
        entry = audit_anchor.append("checkpoint", id=tail[0], hash=tail[1])
        audit.record(actor=actor, event=CHECKPOINT_EVENT, extra={"checkpoint_id": tail[0], "checkpoint_hash": tail[1]})
    return entry


@transaction.atomic
def purge_before(cutoff: datetime.datetime, *, actor: AuditActor) -> int:
    """Delete the oldest rows, those before the cutoff and (once checkpoints exist) at or below the last matching
    checkpoint, so only rows already anchored go. A signed purge line is appended before the delete: if the delete
    then fails, the line only vouches for rows that are still there; if the line cannot be written, nothing is
    deleted."""
    anchors = audit_anchor.read()
    if anchors.problem:
        raise audit_anchor.AnchorError(anchors.problem)
    doomed = AuditEvent.objects.filter(occurred_at__lt=cutoff)
    if anchors.checkpoints:
        _problem, anchored_upto = _check_checkpoints(anchors)
        doomed = doomed.filter(id__lte=anchored_upto)
    last = doomed.order_by("-id").values_list("row_hash", "id").first()
    if last is None:
        return 0
    first_id = AuditEvent.objects.order_by("id").values_list("id", flat=True).first()
    count = AuditEvent.objects.filter(id__lte=last[1]).count()
    audit_anchor.append("purge", first_id=first_id, last_id=last[1], last_hash=last[0], count=count)
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
            "first_purged_id": first_id,
            "at": timezone.now().isoformat(),
        },
    )
    return count
