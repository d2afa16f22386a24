import datetime

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhibu.accounts import separation, tokens
from zhibu.accounts.middleware import otp_required
from zhibu.accounts.models import ApiToken, RoleGrant, User
from zhibu.accounts.passwords import one_time_password
from zhibu.accounts.roles import API_ROLES, THREE_ADMINS, Role
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.scoping import MANAGE_ROLES, require
from zhibu.organizations.models import BRANCH_KINDS, COMMITTEE_KINDS, OrganizationKind


def _check_role_fits(role: str | None, organization) -> None:
    if role in THREE_ADMINS and organization.kind != "gongwei":
        raise ValidationError({"role": f"{Role(role).label}只能授予在机关工委上"})
    if role == Role.GONGWEI_ADMIN and organization.kind != "gongwei":
        raise ValidationError({"role": "工委管理员只能授予在机关工委上"})
    if role == Role.DANGWEI_ADMIN and organization.kind not in COMMITTEE_KINDS - {OrganizationKind.GONGWEI}:
        raise ValidationError({"role": "党委管理员只能授予在机关党委或党组上"})
    if role in (Role.SECRETARY, Role.MEMBER) and organization.kind not in BRANCH_KINDS | {"general_branch"}:
        raise ValidationError({"role": f"{Role(role).label}只能授予在党支部或党总支上"})


def _check_separation(user: User, role: str) -> None:
    """三员分立: system, security and audit administration are never held by one person, nor mixed with others."""
    held = set(user.role_grants.values_list("role", flat=True))
    if role in THREE_ADMINS and held - {role}:
        names = "、".join(Role(r).label for r in sorted(held - {role}))
        raise ValidationError({"role": f"{Role(role).label}不能与其他角色兼任（该用户已有：{names}）"})
    if role not in THREE_ADMINS and held & THREE_ADMINS:
        names = "、".join(Role(r).label for r in sorted(held & THREE_ADMINS))
        raise ValidationError({"role": f"该用户是{names}，按三员分立要求不能再授予其他角色"})


def grant_role(*, actor, user: User, organization, role: str, may_reveal: bool = False) -> RoleGrant:
    """Who may grant which role to whom is the matrix in ``separation``; it is judged before the transaction, so a
    refusal's audit row is not rolled back with it."""
    if role not in Role.values:
        raise ValidationError({"role": "请选择角色"})
    separation.check_grant(actor, role=role, organization=organization, user=user, may_reveal=may_reveal)
    return _grant_role(actor=actor, user=user, organization=organization, role=role, may_reveal=may_reveal)


@transaction.atomic
def _grant_role(*, actor, user: User, organization, role: str, may_reveal: bool) -> RoleGrant:
    _check_role_fits(role, organization)
    list(User.objects.select_for_update().filter(pk=user.pk))  # serialise concurrent grants to one user
    _check_separation(user, role)
    if may_reveal and role in (Role.MEMBER, *THREE_ADMINS):
        raise ValidationError({"may_reveal": f"{Role(role).label}不能授予查看完整敏感信息的权限"})
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(user=user, organization=organization, role=role, may_reveal=may_reveal)
    except IntegrityError:
        raise ValidationError("该用户在此组织已有这个角色") from None
    user.forget_grants()
    audit.record(actor=actor, event=Event.ROLE_GRANTED, obj=grant, after=audit.snapshot(grant))
    return grant


def revoke_role(*, actor, grant: RoleGrant) -> None:
    separation.check_grant(
        actor, role=grant.role, organization=grant.organization, user=grant.user, act=separation.REVOKE
    )
    _revoke_role(actor=actor, grant=grant)


@transaction.atomic
def _revoke_role(*, actor, grant: RoleGrant) -> None:
    before = audit.snapshot(grant)
    organization = grant.organization
    grant.delete()
    grant.user.forget_grants()
    audit.record(
        actor=actor,
        event=Event.ROLE_REVOKED,
        organization=organization,
        before=before,
        after=None,
        object_repr=str(grant),
    )


def create_user(
    *,
    actor,
    username: str,
    full_name: str,
    password: str,
    organization=None,
    role: str | None = None,
    member=None,
    may_reveal: bool = False,
    must_change_password: bool = True,
    password_hash: str = "",
) -> User:
    """A new account, with its first role or (for the system administrator, so that the security administrator grants
    a 三员 role to an account whose password it never saw) with none. A password set by someone else must be changed at
    first login. ``password_hash``: the hash of ``password`` when the caller already has one (the demo hashes its one
    password once for all its accounts; each Argon2 hash is deliberately slow)."""
    if role and role not in Role.values:
        raise ValidationError({"role": "请选择角色"})
    if role and organization is None:
        raise ValidationError({"organization": "授予角色时请选择组织"})
    separation.check_create(actor, role=role or None, organization=organization)
    if may_reveal:
        separation.check_grant(actor, role=role, organization=organization, may_reveal=True)
    return _create_user(
        actor=actor,
        username=username,
        full_name=full_name,
        password=password,
        organization=organization,
        role=role,
        member=member,
        may_reveal=may_reveal,
        must_change_password=must_change_password,
        password_hash=password_hash,
    )


@transaction.atomic
def _create_user(
    *, actor, username, full_name, password, organization, role, member, may_reveal, must_change_password, password_hash
) -> User:
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "该用户名已被使用，请换一个"})
    user = User(username=username, full_name=full_name.strip(), must_change_password=must_change_password)
    password_validation.validate_password(password, user)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=actor,
        event=Event.USER_CREATED,
        obj=user,
        organization=organization,
        after={"username": user.username, "full_name": user.full_name},
    )
    if role:
        # the new account holds nothing yet: what it may receive was judged by check_create
        _grant_role(actor=actor, user=user, organization=organization, role=role, may_reveal=may_reveal)
    if member is not None:
        link_member(actor=actor, user=user, member=member)
    return user


@transaction.atomic
def link_member(*, actor, user: User, member) -> None:
    require(actor, MANAGE_ROLES, member.organization)
    if member.user_id and member.user_id != user.pk:
        raise ValidationError({"member": "该党员已关联其他账号"})
    before = audit.snapshot(member)
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    audit.record(
        actor=actor, event=Event.MEMBER_ACCOUNT_LINKED, obj=member, before=before, after=audit.snapshot(member)
    )


@transaction.atomic
def change_password(*, actor, user: User, new_password: str) -> None:
    if actor.pk != user.pk:
        raise PermissionDenied("只能修改自己的密码；为他人重置请使用重置功能")
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit.record(actor=actor, event=Event.AUTH_PASSWORD_CHANGED, obj=user)


def disable_user(*, actor, user: User, reason: str) -> User:
    """A disabled account can no longer log in, and its open sessions end at their next request."""
    separation.check_account(actor, user, separation.DISABLE)
    if not reason.strip():
        raise ValidationError({"reason": "请填写停用原因"})
    return _disable_user(actor=actor, user=user, reason=reason)


@transaction.atomic
def _disable_user(*, actor, user: User, reason: str) -> User:
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(actor=actor, event=Event.USER_DISABLED, obj=user, extra={"reason": reason.strip()[:200]})
    for token in ApiToken.objects.active().filter(user=user):
        _revoke(actor, token, reason="账号停用")
    return user


MAX_ACTIVE_TOKENS = 10


def api_role_names() -> str:
    return "、".join(Role(role).label for role in Role if role in API_ROLES)


@transaction.atomic
def issue_token(*, actor, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for the acting user; returns it with its secret, which is never stored and never shown again.
    Only from a session that passed the second factor when it is required, and only for the roles in ``API_ROLES``."""
    if not actor.may_use_api:
        raise PermissionDenied(f"您的角色不能使用接口令牌（仅限{api_role_names()}）")
    verified = getattr(actor, "is_verified", None)
    if otp_required(actor) and not (callable(verified) and verified()):
        raise PermissionDenied("生成接口令牌前须先完成动态口令验证")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写令牌名称，例如对接的系统名称"})
    if len(name) > 50:
        raise ValidationError({"name": "令牌名称最多50个字"})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": "请选择只读或读写"})
    if scope == ApiToken.Scope.READ_WRITE and not actor.may_change_records:
        raise ValidationError({"scope": "您的角色只能查看数据，请选择“只读”"})
    if not isinstance(days, int) or not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError({"days": f"有效期须在1至{settings.API_TOKEN_MAX_DAYS}天之间"})
    list(User.objects.select_for_update().filter(pk=actor.pk))  # serialise concurrent issues against the limit
    if ApiToken.objects.active().filter(user=actor).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(f"有效令牌已有{MAX_ACTIVE_TOKENS}个，请先撤销不再使用的令牌")
    key = tokens.new_key()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=key[: tokens.PREFIX_LENGTH],
        key_hash=tokens.digest(key),
        scope=scope,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    audit.record(actor=actor, event=Event.TOKEN_ISSUED, obj=token, after=audit.snapshot(token))
    return token, key


def _revoke(actor, token: ApiToken, reason: str) -> None:
    before = audit.snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor=actor,
        event=Event.TOKEN_REVOKED,
        obj=token,
        before=before,
        after=audit.snapshot(token),
        extra={"reason": reason},
    )


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    """The owner revokes its own token; the security administrator any account's (a leaked token, say)."""
    if token.user_id != actor.pk and not actor.is_security_admin:
        raise PermissionDenied("只能撤销自己的令牌")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError("该令牌已撤销")
    _revoke(actor, token, reason="本人撤销" if token.user_id == actor.pk else "安全管理员撤销")
    return token


def reset_password(*, actor, user: User) -> str:
    """A new one-time password, generated rather than chosen (nobody picks a password they will know for someone
    else's account), shown once to the administrator and to be changed at the next login. Open sessions end, since
    Django ties a session to the password hash."""
    separation.check_account(actor, user, separation.RESET_PASSWORD)
    return _reset_password(actor=actor, user=user)


@transaction.atomic
def _reset_password(*, actor, user: User) -> str:
    password = one_time_password()
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.must_change_password = True
    user.failed_logins = 0
    user.save(update_fields=["password", "password_changed_at", "must_change_password", "failed_logins"])
    audit.record(actor=actor, event=Event.USER_PASSWORD_RESET, obj=user, after={"must_change_password": True})
    return password
