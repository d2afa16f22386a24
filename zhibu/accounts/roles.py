from django.db import models

from zhibu.core.scoping import CHANGE, EXPORT, MANAGE_ROLES, VIEW


class Role(models.TextChoices):
    GONGWEI_ADMIN = "gongwei_admin", "工委管理员"
    DANGWEI_ADMIN = "dangwei_admin", "党委管理员"
    SECRETARY = "secretary", "支部书记"
    PARTY_WORKER = "party_worker", "党务干部"
    DISCIPLINE = "discipline", "纪检"
    MEMBER = "member", "党员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"
    ARCHIVIST = "archivist", "档案管理员"


# 三员: no single user may hold two of these (等保 level 3, separation of duties).
THREE_ADMINS = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Roles that see audit rows without an organisation (logins, lockouts, security alerts).
UNSCOPED_AUDIT_ROLES = frozenset({Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Roles that may open the audit page at all.
AUDIT_PAGE_ROLES = frozenset(
    {Role.GONGWEI_ADMIN, Role.DANGWEI_ADMIN, Role.DISCIPLINE, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
)
# Roles that act with a second factor when the production profile is on.
STAFF_ROLES = frozenset(set(Role) - {Role.MEMBER})
# Roles whose holders may be issued API tokens: the business roles that keep or check an organisation's records.
# Not 党员 (reads only its own record, on the web, and has no second factor to pass before issuing), not the 三员
# (the API holds no account, security or audit operation) and not 档案管理员 (restricted records never leave the web).
API_ROLES = frozenset({Role.GONGWEI_ADMIN, Role.DANGWEI_ADMIN, Role.SECRETARY, Role.PARTY_WORKER, Role.DISCIPLINE})


# What each role may do over its organisation's subtree. 党员 has no subtree rights: it sees its own records.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.GONGWEI_ADMIN: frozenset({VIEW, CHANGE, EXPORT, MANAGE_ROLES}),
    Role.DANGWEI_ADMIN: frozenset({VIEW, CHANGE, EXPORT, MANAGE_ROLES}),
    Role.SECRETARY: frozenset({VIEW, CHANGE, EXPORT}),
    Role.PARTY_WORKER: frozenset({VIEW, CHANGE, EXPORT}),
    Role.DISCIPLINE: frozenset({VIEW, EXPORT}),
    Role.MEMBER: frozenset(),
    Role.SYSTEM_ADMIN: frozenset({VIEW, MANAGE_ROLES}),
    Role.SECURITY_ADMIN: frozenset(),
    Role.AUDIT_ADMIN: frozenset(),
    Role.ARCHIVIST: frozenset(),  # sees restricted member records of its subtree, and nothing else
}

ROLE_DESCRIPTIONS = {
    Role.GONGWEI_ADMIN: "管理工委及下属全部组织及其业务账号；特权角色，只能由安全管理员授予，不能授予三员角色",
    Role.DANGWEI_ADMIN: "管理本机关党委及下属组织及其业务账号；不能授予三员等特权角色",
    Role.SECRETARY: "管理本支部（含党小组）",
    Role.PARTY_WORKER: "支部委员，可录入和修改本支部记录",
    Role.DISCIPLINE: "只读查看，可导出",
    Role.MEMBER: "仅查看本人信息",
    Role.SYSTEM_ADMIN: (
        "三员之一：新建账号（设一次性初始密码，本人首次登录须修改）、停用账号、重置密码，可授予业务角色；"
        "不能授予三员、工委管理员、档案管理员等特权角色，不能管理三员账号，不能操作自己的账号"
    ),
    Role.SECURITY_ADMIN: (
        "三员之一：授予和撤销角色（含三员等特权角色）、解锁账号、查看安全事件；"
        "不新建账号、不设置密码、不重置密码，不能给自己授权或解锁自己"
    ),
    Role.AUDIT_ADMIN: "三员之一：只读查看全部审计日志；不能新建、停用账号，不能授权、解锁或重置密码",
    Role.ARCHIVIST: "查看已限制处理（个人信息删除请求）的党员档案；特权角色，只能由安全管理员授予",
}
