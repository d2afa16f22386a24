"""The committee posts every installation starts with (docs/rules.md ORG-05); a 工委 may add more."""

from zhibu.committees.models import PositionKind

DEFAULT_KINDS = (
    ("secretary", "书记", 10, True, True),
    ("deputy_secretary", "副书记", 20, True, False),
    ("organization", "组织委员", 30, True, True),
    ("publicity", "宣传委员", 40, True, True),
    ("discipline", "纪检委员", 50, True, True),
    ("youth", "青年委员", 60, True, False),
    ("united_front", "统战委员", 70, True, False),
    ("member", "委员", 90, False, False),
)


def ensure_position_kinds() -> None:
    """Create the default posts that are missing (after a database flush, say); existing ones are left alone."""
    for code, name, order, single, core in DEFAULT_KINDS:
        PositionKind.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order, "single_seat": single, "core": core}
        )
