from django.conf import settings
from django.db import models
from django.db.models import Q

from zhibu.core.formatting import cn_date
from zhibu.core.models import BaseModel


class PositionKind(BaseModel):
    """A committee post (书记, 组织委员 …). Reference data: a 工委 adds kinds without code."""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("职务名称", max_length=20, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=100)
    single_seat = models.BooleanField("单一职位", default=True, help_text="同一届只能有一人在任（如书记）")
    core = models.BooleanField("班子必设", default=False, help_text="支部委员会必须配备（ORG-05）")

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "委员职务"
        verbose_name_plural = "委员职务"

    def __str__(self):
        return self.name


class Term(BaseModel):
    """One 届 of an organisation's committee (or of its secretary, where there is no committee)."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党组织", on_delete=models.PROTECT, related_name="terms"
    )
    number = models.PositiveSmallIntegerField("届次")
    elected_on = models.DateField("选举日期")
    started_on = models.DateField("任期开始")
    planned_end_on = models.DateField("任期届满")
    ended_on = models.DateField("实际结束", null=True, blank=True)
    approval_document = models.CharField("批复文号", max_length=60, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    scope_path = "organization__path"

    class Meta:
        ordering = ["organization", "-number"]
        verbose_name = "届次"
        verbose_name_plural = "届次"
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="unique_term_number"),
            models.UniqueConstraint(fields=["organization"], condition=Q(ended_on__isnull=True), name="one_open_term"),
        ]

    def __str__(self):
        return f"{self.organization} 第{self.number}届"

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return Q(organization__path__in=org_paths)


class TermDelay(BaseModel):
    """A delay of the 换届 approved by the organisation above (docs/rules.md ELE-02). It is a dated record of its own:
    the election's approval number (``Term.approval_document``, ELE-05) says nothing about a delay."""

    term = models.ForeignKey(Term, verbose_name="届次", on_delete=models.PROTECT, related_name="delays")
    approved_on = models.DateField("批准日期")
    approving_organization = models.ForeignKey(
        "organizations.Organization", verbose_name="批准组织", on_delete=models.PROTECT, related_name="+"
    )
    document_number = models.CharField("批准文号", max_length=60)
    delayed_to = models.DateField("延期至", help_text="批准延期后的任期届满日期")
    reason = models.CharField("延期理由", max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_path = "term__organization__path"

    class Meta:
        ordering = ["term", "approved_on", "id"]
        verbose_name = "延期换届批准"
        verbose_name_plural = "延期换届批准"

    def __str__(self):
        return f"{self.term} 延期至{cn_date(self.delayed_to)}"

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return Q(term__organization__path__in=org_paths)

    def audit_organization(self):
        return self.term.organization


class Position(BaseModel):
    """Who held a post in a term, from when to when; a post without a holder is a vacancy."""

    term = models.ForeignKey(Term, verbose_name="届次", on_delete=models.PROTECT, related_name="positions")
    kind = models.ForeignKey(PositionKind, verbose_name="职务", on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(
        "members.Member",
        verbose_name="任职人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("离任日期", null=True, blank=True)
    is_by_election = models.BooleanField("补选产生", default=False)
    end_reason = models.CharField("离任原因", max_length=100, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    scope_path = "term__organization__path"
    member_fields = ("holder",)

    class Meta:
        ordering = ["term", "kind__sort_order", "started_on"]
        verbose_name = "委员任职"
        verbose_name_plural = "委员任职"

    def __str__(self):
        return f"{self.term} {self.kind} {self.holder or '（空缺）'}"

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return Q(term__organization__path__in=org_paths)

    def audit_organization(self):
        return self.term.organization
