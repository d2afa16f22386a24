"""Evaluators by name: the catalogue's ``engine`` field names one of these; "pending" means not evaluated yet."""

from zhibu.standards.evaluators import dues, life, meetings, members, organization

EVALUATORS = {
    "members_at_least": organization.members_at_least,
    "members_at_most": organization.members_at_most,
    "committee_required": organization.committee_required,
    "committee_size": organization.committee_size,
    "core_posts": organization.core_posts,
    "secretary_standing": organization.secretary_standing,
    "joint_branch_units": organization.joint_branch_units,
    "term_reminder": organization.term_reminder,
    "term_on_time": organization.term_on_time,
    "term_approval": organization.term_approval,
    "party_staff_share": organization.party_staff_share,
    "meeting_frequency": meetings.meeting_frequency,
    "meeting_quorum": meetings.meeting_quorum,
    "vote_majority": meetings.vote_majority,
    "first_topic": meetings.first_topic,
    "democratic_life": meetings.democratic_life,
    "secretary_lecture": meetings.secretary_lecture,
    "appraisal_held": life.appraisal_held,
    "appraisal_quota": life.appraisal_quota,
    "talk_coverage": life.talk_coverage,
    "dual_life": life.dual_life,
    "fields_complete": members.fields_complete,
    "probation_dates": members.probation_dates,
    "lost_contact": members.lost_contact,
    "suspension_overdue": members.suspension_overdue,
    "transfers_reported": members.transfers_reported,
    "life_absence": members.life_absence,
    "dues_amounts": dues.dues_amounts,
    "dues_probation_start": dues.dues_probation_start,
    "dues_assessed": dues.dues_assessed,
    "dues_back_payment": dues.dues_back_payment,
    "dues_arrears": dues.dues_arrears,
    "dues_reduction": dues.dues_reduction,
    "dues_remittance": dues.dues_remittance,
    "dues_publication": dues.dues_publication,
}

# Which kinds of record each evaluator reads: a change to them refreshes its verdicts (zhibu.core.derived). "attendance"
# is a change to who came and nothing else: only the evaluators that read attendance list it.
_ORG = ("members", "committees", "organizations")
TOPICS = {
    "members_at_least": _ORG,
    "members_at_most": _ORG,
    "committee_required": _ORG,
    "committee_size": _ORG,
    "core_posts": _ORG,
    "secretary_standing": _ORG,
    "joint_branch_units": ("units", "organizations"),
    "term_reminder": ("committees", "organizations"),
    "term_on_time": ("committees", "organizations"),
    "term_approval": ("committees", "organizations"),
    "party_staff_share": ("units", "organizations"),
    "meeting_frequency": ("activities", "attendance", "committees", "members", "organizations"),
    "meeting_quorum": ("activities", "attendance", "committees", "members", "organizations"),
    "vote_majority": ("activities", "attendance", "organizations"),
    "first_topic": ("activities", "attendance", "organizations"),
    "democratic_life": ("activities", "attendance", "organizations"),
    "secretary_lecture": ("activities", "attendance", "committees", "organizations"),
    "appraisal_held": ("appraisals", "activities", "attendance", "organizations"),
    "appraisal_quota": ("appraisals", "organizations"),
    "talk_coverage": ("talks", "organizations"),
    "dual_life": ("activities", "attendance", "members", "organizations"),
    "fields_complete": ("members", "organizations"),
    "probation_dates": ("members", "organizations"),
    "lost_contact": ("members", "organizations"),
    "suspension_overdue": ("members", "organizations"),
    "transfers_reported": ("members", "organizations"),
    "life_absence": ("activities", "attendance", "members", "organizations"),
    "dues_amounts": ("dues", "members"),
    "dues_probation_start": ("dues", "members"),
    "dues_assessed": ("dues", "members"),
    "dues_back_payment": ("dues",),
    "dues_arrears": ("dues", "members"),
    "dues_reduction": ("dues",),
    "dues_remittance": ("dues",),
    "dues_publication": ("dues",),
}

# Judged on today's state (period "现状"), whatever the catalogue period says.
SNAPSHOT_ENGINES = frozenset(
    name
    for name, function in EVALUATORS.items()
    if function.__module__.endswith((".organization", ".members", ".dues")) and name != "dues_publication"
)

# Rules that also read another rule's parameters: a 工委 changing FEE-05's start-of-year period changes which
# assessments the other 党费 snapshot rules judge.
READS_PARAMETERS_OF = {"FEE-05": frozenset({"FEE-01", "FEE-02", "FEE-03", "FEE-04", "FEE-06", "FEE-07", "FEE-10"})}

# The meeting kinds an evaluator reads when its rule names none; evaluators missing here and from the rule read all.
DEFAULT_KINDS = {
    "secretary_lecture": ("party_lecture",),
    "appraisal_held": ("appraisal",),
    "vote_majority": ("general_meeting",),
    "democratic_life": ("democratic_life",),
}


def reads_kind(rule, kind: str) -> bool:
    """Whether a change to a meeting of this kind can change the rule's verdicts ("" = unknown: yes)."""
    if not kind:
        return True
    threshold = rule.threshold
    kinds = threshold.get("activity_kinds") or (
        [threshold["activity_kind"]] if "activity_kind" in threshold else DEFAULT_KINDS.get(rule.engine)
    )
    return kinds is None or kind in kinds
