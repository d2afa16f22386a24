from django.utils import timezone

from zhibu.core.tables import TableColumn


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


RUN_COLUMNS = (
    TableColumn("编号", lambda r: r.pk, 8),
    TableColumn("任务", lambda r: r.job_label, 24),
    TableColumn("任务代码", lambda r: r.job, 24),
    TableColumn("开始时间", lambda r: _when(r.started_at), 20),
    TableColumn("结束时间", lambda r: _when(r.finished_at), 20),
    TableColumn("用时（秒）", lambda r: r.seconds if r.seconds is not None else "", 10),
    TableColumn("结果", lambda r: r.get_outcome_display(), 8),
    TableColumn("输出（末尾）", lambda r: r.output_tail[-2000:], 60),
)
LIST_COLUMNS = tuple(c for c in RUN_COLUMNS if c.header in ("任务", "开始时间", "用时（秒）", "结果"))
