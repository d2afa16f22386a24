from django.db import models

from zhibu.core.audit_models import AuditEvent  # noqa: F401  (model registration)
from zhibu.core.scoping import NOTHING, ScopedQuerySet


class BaseModel(models.Model):
    """Every domain model inherits this: timestamps, the scoped manager, and how it is audited.

    ``scope_path`` names the lookup that reaches the organisation's materialised path (e.g.
    ``"organization__path"``); ``None`` marks reference data readable by everyone.
    """

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    scope_path: str | None = None
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at")

    class Meta:
        abstract = True

    @classmethod
    def member_scope_q(cls, user, org_paths):
        """Rows an ordinary member (党员 role) may see: none unless the model says otherwise."""
        return NOTHING

    def audit_organization(self):
        """The organisation an audit event on this record belongs to."""
        return getattr(self, "organization", None)
