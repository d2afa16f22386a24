"""AGY-02: the 党委's yearly 党组织书记抓基层党建述职评议考核 (``zhibu.secretary_reviews``): a round of the year set by
the 党委, and a report from the secretary of every organisation directly below it. While the year runs a missing report
is 进行中, after it 未达标; a 党委 with nothing below it is 不适用."""

from collections.abc import Iterator

from zhibu.core.derived import Topic
from zhibu.organizations.models import Organization
from zhibu.secretary_reviews.models import AppraisalRound, Report
from zhibu.secretary_reviews.services import subjects
from zhibu.standards.catalogue import Rule
from zhibu.standards.engine import Context, Outcome, link, period_label
from zhibu.standards.models import VerdictStatus
from zhibu.standards.registry import evaluator

ROUND_PAGE = "secretary_reviews:round"


@evaluator("secretary_reports", topics=(Topic.SECRETARY_REPORTS, Topic.ORGANIZATIONS))
def secretary_reports(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    periods = ctx.periods("year")
    if not periods:
        return
    period = periods[0]
    label = period_label(period)
    orgs = ctx.organizations(rule)
    rounds = {
        r.organization_id: r
        for r in AppraisalRound.objects.filter(organization_id__in=[o.id for o in orgs], year=period.start.year)
    }
    reported = set(
        Report.objects.filter(round__in=list(rounds.values())).values_list("round__organization_id", "organization_id")
    )
    for org in orgs:
        params = ctx.params(rule, org)

        def outcome(status: str, text: str, evidence: list[dict[str, str]]) -> Outcome:
            return Outcome(rule.id, org.id, period, status, text, evidence, params)  # noqa: B023 - used at once

        if not org.existed_during(period):
            yield outcome(VerdictStatus.NOT_APPLICABLE, f"{label}本组织尚未成立或已撤销，不作考核", [])
            continue
        below = list(subjects(Organization(pk=org.id)).order_by("path").values_list("pk", "name"))
        if not below:
            yield outcome(VerdictStatus.NOT_APPLICABLE, "没有直接领导的党组织，无需组织书记述职评议", [])
            continue
        found = rounds.get(org.id)
        late = VerdictStatus.IN_PROGRESS if period.end >= ctx.today else VerdictStatus.MISSED
        if found is None:
            yield outcome(late, f"{label}尚未组织党组织书记抓基层党建述职评议考核", [])
            continue
        evidence = [link(ROUND_PAGE, found.pk, found.title)]
        missing = [name for pk, name in below if (org.id, pk) not in reported]
        if not missing:
            yield outcome(
                VerdictStatus.MET, f"{label}直接领导的{len(below)}个党组织书记均已述职（{found.title}）", evidence
            )
        else:
            yield outcome(
                late, f"{label}{len(below)}个党组织中{len(missing)}个书记尚未述职：{'、'.join(missing[:5])}", evidence
            )
