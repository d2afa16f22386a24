"""三员分立 and account administration: who may do what to which account, in one table.

等保 level 3 splits administration between three people who check one another: the 系统管理员 keeps the accounts
(creates them with a one-time password, disables them, resets passwords), the 安全管理员 decides who holds which role
(grants and revokes, unlocks) but never knows a password, and the 审计管理员 only reads the audit log. The business
administrators (工委管理员, 党委管理员) keep the ordinary accounts of their own subtree, as before.

An acting role's authority covers the subtree of the organisation it is granted on. A target account is judged by its
most privileged role (its *kind*); an account that also works outside the actor's subtree is not the actor's, so a
党委 never cuts off another 党委's secretary. Nobody acts on their own account.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from zhibu.accounts.roles import THREE_ADMINS, Role
from zhibu.core.audit_catalogue import Event

# Actions on accounts.
CREATE = "create"
DISABLE = "disable"
RESET_PASSWORD = "reset_password"
UNLOCK = "unlock"
GRANT = "grant"
REVOKE = "revoke"
ACT_LABELS = {
    CREATE: "新建账号",
    DISABLE: "停用账号",
    RESET_PASSWORD: "重置密码",
    UNLOCK: "解锁账号",
    GRANT: "授予角色",
    REVOKE: "撤销角色",
}

# Kinds of account, by the most privileged role the account holds.
UNASSIGNED = "unassigned"
BUSINESS = "business"
PRIVILEGED = "privileged"
THREE_ADMIN = "three_admin"
KIND_LABELS = {
    UNASSIGNED: "尚未授予角色的账号",
    BUSINESS: "业务账号",
    PRIVILEGED: "特权账号（工委管理员、档案管理员）",
    THREE_ADMIN: "三员账号",
}
ALL_KINDS = frozenset(KIND_LABELS)

# 工委管理员 governs every organisation and 档案管理员 reads restricted personal records: whoever could hand these out
# could hand them to themselves through a second account, so only the security administrator grants them.
PRIVILEGED_ROLES = frozenset({*THREE_ADMINS, Role.GONGWEI_ADMIN, Role.ARCHIVIST})
BUSINESS_ROLES = frozenset(set(Role) - PRIVILEGED_ROLES)

# THE MATRIX. Acting role → action → the kinds of account it may do that to. A role not listed administers nothing.
ACCOUNT_RIGHTS: dict[str, dict[str, frozenset[str]]] = {
    Role.SYSTEM_ADMIN: {
        CREATE: frozenset({UNASSIGNED, BUSINESS}),
        DISABLE: frozenset({UNASSIGNED, BUSINESS, PRIVILEGED}),
        RESET_PASSWORD: frozenset({UNASSIGNED, BUSINESS, PRIVILEGED}),
        GRANT: frozenset({UNASSIGNED, BUSINESS}),
        REVOKE: frozenset({BUSINESS}),
    },
    Role.SECURITY_ADMIN: {
        UNLOCK: ALL_KINDS,
        GRANT: ALL_KINDS,
        REVOKE: ALL_KINDS,
    },
    Role.AUDIT_ADMIN: {},  # reads the audit log; changes nothing on any account
    Role.GONGWEI_ADMIN: {
        CREATE: frozenset({BUSINESS}),
        DISABLE: frozenset({BUSINESS}),
        RESET_PASSWORD: frozenset({BUSINESS}),
        GRANT: frozenset({BUSINESS}),
        REVOKE: frozenset({BUSINESS}),
    },
    Role.DANGWEI_ADMIN: {
        CREATE: frozenset({BUSINESS}),
        DISABLE: frozenset({BUSINESS}),
        RESET_PASSWORD: frozenset({BUSINESS}),
        GRANT: frozenset({BUSINESS}),
        REVOKE: frozenset({BUSINESS}),
    },
}

# Acting role → the roles it may grant and revoke.
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: BUSINESS_ROLES,
    Role.SECURITY_ADMIN: frozenset(Role),
    Role.GONGWEI_ADMIN: BUSINESS_ROLES,
    Role.DANGWEI_ADMIN: BUSINESS_ROLES,
}

# Only the security administrator hands out the right to see full ID numbers, phones and addresses.
REVEAL_GRANTORS = frozenset({Role.SECURITY_ADMIN})
# Only the 三员 see (and act on) accounts that hold no role yet: such an account has no organisation to scope it by.
UNASSIGNED_KEEPERS = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN})


def role_kind(role: str | None) -> str:
    if not role:
        return UNASSIGNED
    if role in THREE_ADMINS:
        return THREE_ADMIN
    return PRIVILEGED if role in PRIVILEGED_ROLES else BUSINESS


def kind_of_roles(roles) -> str:
    kinds = {role_kind(role) for role in roles} or {UNASSIGNED}
    for kind in (THREE_ADMIN, PRIVILEGED, BUSINESS):
        if kind in kinds:
            return kind
    return UNASSIGNED


def _authorities(actor) -> dict[str, list[str]]:
    """Acting role → the organisation paths its grants cover."""
    paths: dict[str, list[str]] = {}
    if getattr(actor, "is_superuser", False) or not hasattr(actor, "_grant_rows"):
        return paths
    for role, path in actor._grant_rows():
        if ACCOUNT_RIGHTS.get(role):
            paths.setdefault(role, []).append(path)
    return paths


def _covered(paths: list[str], path: str) -> bool:
    return any(path.startswith(prefix) for prefix in paths)


def is_account_admin(actor) -> bool:
    """Whether the account pages are the actor's at all (everyone else gets 404 there)."""
    return getattr(actor, "is_superuser", False) or bool(_authorities(actor))


def _target_rows(user) -> list[tuple[str, str]]:
    return list(user.role_grants.values_list("role", "organization__path"))


def _acting_roles_over(actor, user, act: str) -> list[str]:
    """The actor's roles that may do ``act`` to this account (its kind and every organisation it works in)."""
    rows = _target_rows(user)
    kind = kind_of_roles(role for role, _ in rows)
    allowed = []
    for acting, paths in _authorities(actor).items():
        if kind not in ACCOUNT_RIGHTS[acting].get(act, ()):
            continue
        if kind == UNASSIGNED and acting not in UNASSIGNED_KEEPERS:
            continue
        if all(_covered(paths, path) for _, path in rows):
            allowed.append(acting)
    return allowed


def sees_account(actor, user) -> bool:
    if getattr(actor, "is_superuser", False):
        return True
    if actor.pk == user.pk:
        return False
    return any(_acting_roles_over(actor, user, act) for act in ACT_LABELS)


def _refuse(actor, reason: str):
    """A refused attempt by an account administrator is a security event. Recorded in its own transaction, since
    the caller's rolls back on the exception."""
    from zhibu.core import audit

    audit.record(actor=actor, event=Event.ACCESS_DENIED, outcome="denied", extra={"reason": reason[:200]})
    raise PermissionDenied(reason)


def check_account(actor, user, act: str) -> None:
    """For disable, reset and unlock (and the target side of grant and revoke). An account the actor cannot see at all
    is 404; one it sees but may not do this to is PermissionDenied with the reason, audited."""
    if getattr(actor, "pk", None) is not None and actor.pk == user.pk:
        raise Http404("不能对自己的账号执行此操作")
    if getattr(actor, "is_superuser", False):
        return
    if not sees_account(actor, user):
        raise Http404("记录不存在或不在您的权限范围内")
    if not _acting_roles_over(actor, user, act):
        if act == UNLOCK:
            _refuse(actor, "只有安全管理员可以解锁账号")
        kind = kind_of_roles(role for role, _ in _target_rows(user))
        _refuse(actor, f"按三员分立的要求，您不能{ACT_LABELS[act]}：{user.username}是{KIND_LABELS[kind]}")


def check_grant(
    actor, *, role: str | None, organization, user=None, act: str = GRANT, may_reveal: bool = False
) -> None:
    """May the actor grant (or revoke) this role on this organisation, to this account (None: an account it is
    creating, judged by the role it will hold)?"""
    if user is not None and getattr(actor, "pk", None) is not None and actor.pk == user.pk:
        raise PermissionDenied("不能给自己授予或撤销角色")
    if getattr(actor, "is_superuser", False):
        return
    authorities = _authorities(actor)
    if not authorities:
        raise Http404("记录不存在或不在您的权限范围内")
    label = Role(role).label if role in Role.values else "该角色"
    if not any(role in GRANTABLE_ROLES.get(acting, ()) for acting in authorities):
        holders = "安全管理员" if role in PRIVILEGED_ROLES else "系统管理员或上级管理员"
        _refuse(actor, f"按三员分立的要求，您不能{ACT_LABELS[act]}“{label}”，该角色由{holders}授予")
    if may_reveal and not authorities.keys() & REVEAL_GRANTORS:
        _refuse(actor, "查看完整敏感信息的权限只能由安全管理员授予")
    in_scope = [acting for acting, paths in authorities.items() if _covered(paths, organization.path)]
    if not in_scope:
        raise Http404("记录不存在或不在您的权限范围内")
    if user is not None:
        able = set(_acting_roles_over(actor, user, act))
        if not able:
            if not sees_account(actor, user):
                raise Http404("记录不存在或不在您的权限范围内")
            kind = kind_of_roles(r for r, _ in _target_rows(user))
            _refuse(actor, f"按三员分立的要求，您不能对{KIND_LABELS[kind]}{user.username}{ACT_LABELS[act]}")
        if not any(role in GRANTABLE_ROLES[acting] and acting in able for acting in in_scope):
            _refuse(actor, f"您不能在该组织{ACT_LABELS[act]}“{label}”")


def check_create(actor, *, role: str | None, organization) -> None:
    if getattr(actor, "is_superuser", False):
        return
    authorities = _authorities(actor)
    kind = role_kind(role)
    creators = [acting for acting in authorities if kind in ACCOUNT_RIGHTS[acting].get(CREATE, ())]
    if not authorities:
        raise Http404("记录不存在或不在您的权限范围内")
    if not creators:
        if any(ACCOUNT_RIGHTS[acting].get(CREATE) for acting in authorities):
            label = Role(role).label if role else "未授予角色的账号"
            _refuse(actor, f"按三员分立的要求，您不能新建{label}账号；特权角色由安全管理员给已有账号授予")
        _refuse(actor, "按三员分立的要求，安全管理员不新建账号、不设置密码，请由系统管理员新建账号后再授权")
    if role:
        check_grant(actor, role=role, organization=organization)


def administered_users(actor, acts=tuple(ACT_LABELS)):
    """The accounts on which the actor may do any of ``acts`` (itself excluded), as a queryset."""
    from zhibu.accounts.models import RoleGrant, User

    if getattr(actor, "is_superuser", False):
        return User.objects.exclude(pk=actor.pk)
    grants = RoleGrant.objects.filter(user=OuterRef("pk"))
    has_any = Exists(grants)
    has_three = Exists(grants.filter(role__in=THREE_ADMINS))
    has_privileged = Exists(grants.filter(role__in=PRIVILEGED_ROLES - THREE_ADMINS))
    kind_q = {
        UNASSIGNED: ~has_any,
        BUSINESS: has_any & ~has_privileged & ~has_three,
        PRIVILEGED: has_privileged & ~has_three,
        THREE_ADMIN: has_three,
    }
    condition = Q(pk__in=[])
    for acting, paths in _authorities(actor).items():
        kinds = set().union(*(ACCOUNT_RIGHTS[acting].get(act, ()) for act in acts))
        if acting not in UNASSIGNED_KEEPERS:
            kinds.discard(UNASSIGNED)
        inside = Q(pk__in=[])
        for path in paths:
            inside |= Q(organization__path__startswith=path)
        outside = Exists(grants.exclude(inside))
        for kind in kinds:
            condition |= Q(kind_q[kind]) & ~Q(outside)
    return User.objects.filter(condition).exclude(pk=actor.pk)


def visible_grants(actor):
    """The role grants shown on the grant list: those of the accounts the actor administers."""
    from zhibu.accounts.models import RoleGrant

    return RoleGrant.objects.filter(user__in=administered_users(actor, (GRANT, REVOKE, DISABLE, RESET_PASSWORD)))


def allowed_acts(actor, user) -> list[str]:
    """What the actor may do to this account, for the buttons on the account list."""
    if getattr(actor, "pk", None) == user.pk:
        return []
    if getattr(actor, "is_superuser", False):
        return list(ACT_LABELS)
    return [act for act in ACT_LABELS if _acting_roles_over(actor, user, act)]


def may_revoke(actor, grant) -> bool:
    """Whether the revoke button belongs on this grant's row (the same judgement as check_grant, without refusing)."""
    if getattr(actor, "pk", None) == grant.user_id:
        return False
    if getattr(actor, "is_superuser", False):
        return True
    authorities = _authorities(actor)
    return any(
        grant.role in GRANTABLE_ROLES.get(acting, ()) and _covered(authorities[acting], grant.organization.path)
        for acting in _acting_roles_over(actor, grant.user, REVOKE)
    )


def may_create(actor) -> bool:
    return getattr(actor, "is_superuser", False) or any(
        ACCOUNT_RIGHTS[acting].get(CREATE) for acting in _authorities(actor)
    )


def grant_organizations(actor):
    """The organisations on which the actor may grant some role."""
    from zhibu.organizations.models import Organization

    if getattr(actor, "is_superuser", False):
        return Organization.objects.all()
    condition = Q(pk__in=[])
    for acting, paths in _authorities(actor).items():
        if GRANTABLE_ROLES.get(acting):
            for path in paths:
                condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition)
