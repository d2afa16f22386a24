from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from zhibu.accounts.roles import AUDIT_PAGE_ROLES, ROLE_ACTIONS, STAFF_ROLES, UNSCOPED_AUDIT_ROLES, Role
from zhibu.core.models import BaseModel
from zhibu.core.scoping import CHANGE, EXPORT, MANAGE_ROLES, VIEW, collapse_paths


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
        self.__dict__.pop("_reveal_cache", None)

    def scope_paths(self, action: str) -> tuple[list[str], list[str]]:
        """(subtree paths where the action is allowed, organisations where the user is an ordinary member)."""
        rows = self._grant_rows()
        subtree = collapse_paths(path for role, path in rows if action in ROLE_ACTIONS[role])
        members = [path for role, path in rows if role == Role.MEMBER] if action == VIEW else []
        return subtree, members

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
