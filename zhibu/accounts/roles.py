from django.db import models

from zhibu.core.scoping import CHANGE, EXPORT, MANAGE_ROLES, VIEW


class Role(models.TextChoices):
    GONGWEI_ADMIN = "gongwei_admin", "工委管理员"
    DANGWEI_ADMIN = "dangwei_admin", "党委管理员"
    SECRETARY = "secretary", "支部书记"
    PARTY_WORKER = "party_worker", "党务干部"
    DISCIPLINE = "discipline", "纪检"
    MEMBER = "member", "党员"


# What each role may do over its organisation's subtree. 党员 has no subtree rights: it sees its own records.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.GONGWEI_ADMIN: frozenset({VIEW, CHANGE, EXPORT, MANAGE_ROLES}),
    Role.DANGWEI_ADMIN: frozenset({VIEW, CHANGE, EXPORT, MANAGE_ROLES}),
    Role.SECRETARY: frozenset({VIEW, CHANGE, EXPORT}),
    Role.PARTY_WORKER: frozenset({VIEW, CHANGE, EXPORT}),
    Role.DISCIPLINE: frozenset({VIEW, EXPORT}),
    Role.MEMBER: frozenset(),
}

ROLE_DESCRIPTIONS = {
    Role.GONGWEI_ADMIN: "管理工委及下属全部组织",
    Role.DANGWEI_ADMIN: "管理本机关党委及下属组织",
    Role.SECRETARY: "管理本支部（含党小组）",
    Role.PARTY_WORKER: "支部委员，可录入和修改本支部记录",
    Role.DISCIPLINE: "只读查看，可导出",
    Role.MEMBER: "仅查看本人信息",
}
