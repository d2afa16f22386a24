"""The complaint kinds a new installation starts with (the migration adds them; the demo after a reset again); the
工委管理员 changes names and deadlines on 投诉类别设置."""

DEFAULT_KINDS = (
    ("办事拖延", 5),
    ("推诿扯皮", 5),
    ("服务态度", 3),
    ("政策执行不到位", 7),
    ("吃拿卡要", 3),
    ("其他", 7),
)


def ensure_complaint_kinds(kind_model=None) -> None:
    """The default kinds, where missing; ``kind_model`` is the migration's historical model."""
    if kind_model is None:
        from zhibu.complaints.models import ComplaintKind as kind_model
    for order, (name, days) in enumerate(DEFAULT_KINDS):
        kind_model.objects.get_or_create(name=name, defaults={"deadline_days": days, "order": order})
