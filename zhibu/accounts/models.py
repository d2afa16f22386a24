from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from zhibu.accounts.roles import API_ROLES, AUDIT_PAGE_ROLES, ROLE_ACTIONS, STAFF_ROLES, UNSCOPED_AUDIT_ROLES, Role
from zhibu.core.models import BaseModel
from zhibu.core.scoping import ACTIONS, CHANGE, EXPORT, MANAGE_ROLES, VIEW, ScopedQuerySet, collapse_paths


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    is_demo = models.BooleanField("演示账号", default=False)
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("须修改密码", default=False)
    calendar_token = models.CharField("日历订阅令牌", max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.full_name or self.username

    def _grant_rows(self) -> list[tuple[str, str]]:
        if not hasattr(self, "_grant_cache"):
            self._grant_cache = list(self.role_grants.values_list("role", "organization__path"))
        return self._grant_cache

    def forget_grants(self) -> None:
        self.__dict__.pop("_grant_cache", None)
        self.__dict__.pop("_own_branch_cache", None)
        self.__dict__.pop("_reveal_cache", None)

    def scope_paths(self, action: str) -> tuple[list[str], list[str]]:
        """(subtree paths where the action is allowed, organisations where the user is an ordinary member)."""
        rows = self._grant_rows()
        subtree = collapse_paths(path for role, path in rows if action in ROLE_ACTIONS[role])
        members = [path for role, path in rows if role == Role.MEMBER] if action == VIEW else []
        if action == VIEW:
            # A user linked to a member record is told of that member's meetings whatever their grants say (a
            # secretary elsewhere, a grant left at the old branch after a transfer): they read them as a member.
            members += [path for path in self._own_branch_paths() if path not in members]
        return subtree, members

    def _own_branch_paths(self) -> list[str]:
        if not hasattr(self, "_own_branch_cache"):
            from zhibu.members.models import Member

            self._own_branch_cache = list(
                Member.objects.filter(user=self, restricted_at__isnull=True).values_list(
                    "organization__path", flat=True
                )
            )
        return self._own_branch_cache

    def archive_paths(self) -> list[str]:
        return collapse_paths(path for role, path in self._grant_rows() if role == Role.ARCHIVIST)

    @property
    def roles(self) -> set[str]:
        return {role for role, _ in self._grant_rows()}

    @property
    def sees_unscoped_audit(self) -> bool:
        return self.is_superuser or bool(self.roles & UNSCOPED_AUDIT_ROLES)

    @property
    def may_change_records(self) -> bool:
        """Whether any organisation's records are the user's to change (menus and buttons that write show only then)."""
        return bool(self.scope_paths(CHANGE)[0])

    @property
    def may_export_records(self) -> bool:
        return bool(self.scope_paths(EXPORT)[0])

    @property
    def may_manage_roles(self) -> bool:
        return bool(self.scope_paths(MANAGE_ROLES)[0])

    @property
    def administers_accounts(self) -> bool:
        from zhibu.accounts.separation import is_account_admin

        return is_account_admin(self)

    @property
    def password_days_left(self) -> int | None:
        """Days until the password expires under the 等保 profile; None when it never does."""
        if settings.PASSWORD_PROFILE != "dengbao" or self.password_changed_at is None:
            return None
        age = timezone.now() - self.password_changed_at
        return settings.PASSWORD_MAX_AGE_DAYS - age.days

    @property
    def password_expiry_warning(self) -> int | None:
        days = self.password_days_left
        return days if days is not None and 0 <= days <= settings.PASSWORD_WARN_DAYS else None

    @property
    def is_system_admin(self) -> bool:
        """The 系统管理员 keeps the installation running: the scheduled jobs' page and their failures in 待办."""
        return self.is_superuser or Role.SYSTEM_ADMIN in self.roles

    @property
    def is_security_admin(self) -> bool:
        return self.is_superuser or Role.SECURITY_ADMIN in self.roles

    @property
    def may_read_audit(self) -> bool:
        return self.is_superuser or bool(self.roles & AUDIT_PAGE_ROLES)

    @property
    def is_audit_admin(self) -> bool:
        return self.is_superuser or Role.AUDIT_ADMIN in self.roles

    @property
    def is_staff_role(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def may_use_api(self) -> bool:
        """Whether the account may hold API tokens (checked at issue and again at every token request)."""
        return self.is_active and bool(self.roles & API_ROLES)

    def may_reveal(self, path: str) -> bool:
        """Field-level right to see full personal data of records in the organisation with this path."""
        return any(reveal and path.startswith(grant_path) for _, grant_path, reveal in self._reveal_rows())

    def reveal_paths(self) -> list[str]:
        """The organisations (by path) in whose subtree this user may see full personal data."""
        return sorted({grant_path for _, grant_path, reveal in self._reveal_rows() if reveal})

    def _reveal_rows(self):
        if not hasattr(self, "_reveal_cache"):
            self._reveal_cache = list(self.role_grants.values_list("role", "organization__path", "may_reveal"))
        return self._reveal_cache

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or any(
            role == Role.GONGWEI_ADMIN and path.count(".") == 1 for role, path in self._grant_rows()
        )


class RoleGrant(BaseModel):
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_grants")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="组织", on_delete=models.PROTECT, related_name="role_grants"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    may_reveal = models.BooleanField(
        "可查看完整敏感信息",
        default=False,
        help_text="可在说明理由后查看完整的身份证号、电话和住址（每次查看均记入审计）",
    )

    scope_path = "organization__path"

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"], name="unique_role_grant")]

    def __str__(self):
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


def record_keepers(organization) -> list[User]:
    """Those who keep the records of an organisation: its administrators, secretaries and 党务干部."""
    roles = [role for role, actions in ROLE_ACTIONS.items() if CHANGE in actions]
    return [
        grant.user
        for grant in RoleGrant.objects.filter(organization=organization, role__in=roles).select_related("user")
    ]


class ApiTokenQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: str = VIEW):
        """One's own tokens; the security administrator (三员) sees every account's, to revoke a leaked one."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.all() if user.is_security_admin else self.filter(user=user)

    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(BaseModel):
    """A named, expiring API credential. Only the SHA-256 of the secret is kept; the secret is shown once."""

    class Scope(models.TextChoices):
        READ = "read", "只读"
        READ_WRITE = "read_write", "读写"

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=50)
    prefix = models.CharField("令牌前缀", max_length=8, help_text="令牌的前8位，用于辨认，不能用来访问")
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    scope = models.CharField("权限", max_length=16, choices=Scope.choices, default=Scope.READ)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects: ClassVar[models.Manager["ApiToken"]] = ApiTokenQuerySet.as_manager()
    audit_exclude = ("created_at", "updated_at", "key_hash")

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "已撤销"
        if self.expires_at <= timezone.now():
            return "已过期"
        return "有效"

    @property
    def is_active(self) -> bool:
        return self.state == "有效"


class PasswordHistoryQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: str = VIEW):
        return self.none()  # password hashes are read only by the password validator, never shown


class PasswordHistory(BaseModel):
    """The hashes of an account's recent passwords (the current one included), so that none is used again."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("密码摘要", max_length=128)

    objects: ClassVar[models.Manager["PasswordHistory"]] = PasswordHistoryQuerySet.as_manager()
    audit_exclude = ("created_at", "updated_at", "password")

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
