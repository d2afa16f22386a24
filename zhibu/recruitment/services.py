"""Every write of the recruitment path. A step is checked against ``rules.py`` before anything is written: an error
refuses it with every message, a warning needs a 情况说明. Admission makes the person a probationary member of the
branch (joining date: the admission vote, D19); extension, full membership and cancellation change that member
through the members services, so dues, meetings and the roll follow. Every write tells the DEV verdicts
(``Topic.RECRUITMENT``), which re-judge the branch's year."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, changes_collected, records_changed
from zhibu.core.models import Attachment
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import Conflict, require_past_date
from zhibu.core.uploads import store_upload
from zhibu.members import services as member_services
from zhibu.members.choices import Category, EventKind
from zhibu.members.models import Member
from zhibu.members.validation import MOBILE_RE, normalize_id_number, normalize_phone, parse_id_number
from zhibu.organizations.models import Organization
from zhibu.recruitment import rules
from zhibu.recruitment.catalogue import catalogue
from zhibu.recruitment.models import OPEN_STAGES, Recruit, RecruitStep, Stage, StepPerson

RECRUIT_FIELDS = (
    "name",
    "gender",
    "id_number",
    "mobile",
    "birth_date",
    "ethnicity",
    "education",
    "job_position",
    "employer",
    "employer_position",
    "leaves_unit_on",
)
EXPLAIN_HINT = "如确有特殊情况，请填写情况说明后保存"
# Steps after which the path continues although the recruit's stage is closed (the dossier is filed after full
# membership).
AFTER_CLOSE = {Stage.FULL: ("archived",)}


def _check_person(recruit: Recruit) -> None:
    errors: dict[str, str] = {}
    recruit.name = (recruit.name or "").strip()
    if not recruit.name:
        errors["name"] = "请填写姓名"
    try:
        birth, gender = parse_id_number(recruit.id_number)
    except ValidationError as error:
        errors["id_number"] = error.messages[0]
    else:
        if recruit.birth_date and recruit.birth_date != birth:
            errors["birth_date"] = f"出生日期与公民身份号码不一致（号码中为{birth:%Y-%m-%d}），请核对"
        if recruit.gender and recruit.gender != gender:
            errors["gender"] = "性别与公民身份号码不一致，请核对"
    if recruit.mobile and not MOBILE_RE.match(recruit.mobile):
        errors["mobile"] = "手机号码应为11位数字，以1开头，例如13812345678"
    if errors:
        raise ValidationError(errors)
    recruit.id_number_index = member_services.id_index(recruit.id_number)
    recruit.id_tail = recruit.id_number[-4:]
    clash = Recruit.objects.filter(id_number_index=recruit.id_number_index).exclude(pk=recruit.pk).first()
    if clash is not None:
        raise Conflict(
            {"id_number": f"该公民身份号码已在“{clash.organization}”登记为{clash.get_stage_display()}"}, existing=clash
        )
    member = Member.objects.filter(id_number_index=recruit.id_number_index).first()
    if member is not None:
        raise Conflict(
            {"id_number": f"该公民身份号码已是“{member.organization}”的党员，不需要再登记入党申请"}, existing=member
        )
    recruit.full_clean(exclude=["id_number_index", "id_tail", "member"])


def _refuse(found: Sequence[rules.Breach]) -> None:
    errors: dict[str, list[str]] = {}
    for breach in found:
        errors.setdefault(breach.field, []).append(breach.message)
    raise ValidationError(errors)


def _judge(recruit: Recruit, proposal: rules.Proposal, explanation: str) -> list[str]:
    """Refuse on any error; a warning passes only with a 情况说明, whose rule ids are returned."""
    past = [
        rules.PastStep(step.code, step.happened_on, step.extension_months, step.vetting_passed)
        for step in recruit.steps.all()
    ]
    found = rules.breaches(recruit, past, proposal)
    errors = [b for b in found if b.severity == rules.ERROR]
    if errors:
        _refuse(errors)
    warnings = [b for b in found if b.severity == rules.WARNING]
    if warnings and len(explanation.strip()) < 5:
        raise ValidationError({"explanation": [*(b.message for b in warnings), EXPLAIN_HINT]})
    return sorted({b.rule for b in warnings})


@transaction.atomic
def create_recruit(
    *, actor: Any, organization: Organization, applied_on: datetime.date, uploads: Iterable[Any] = (), **fields: Any
) -> Recruit:
    """A person hands in the written application: their record and the application step (DEV-01 checked)."""
    require(actor, CHANGE, organization)
    member_services.check_branch(organization)
    unknown = set(fields) - set(RECRUIT_FIELDS)
    if unknown:
        raise ValidationError(f"不能设置这些字段：{', '.join(sorted(unknown))}")
    require_past_date(applied_on, "applied_on", "递交入党申请书日期")
    fields["id_number"] = normalize_id_number(fields.get("id_number") or "")
    fields["mobile"] = normalize_phone(fields.get("mobile") or "")
    recruit = Recruit(organization=organization, **fields)
    _check_person(recruit)
    proposal = rules.Proposal(code="application", happened_on=applied_on, acting_organization=organization)
    found = rules.breaches(recruit, [], proposal)
    if found:
        _refuse([rules.Breach(b.rule, b.severity, b.message, "applied_on") for b in found])
    recruit.save()
    step = RecruitStep.objects.create(
        recruit=recruit,
        code="application",
        happened_on=applied_on,
        acting_organization=organization,
        recorded_by=_user(actor),
    )
    _attach(actor, step, uploads)
    audit.record(actor=actor, event=Event.RECRUIT_CREATED, obj=recruit, after=audit.snapshot(recruit))
    _changed(recruit, applied_on)
    return recruit


def _changed(recruit: Recruit, day: datetime.date) -> None:
    """The DEV verdicts of the step's year, and of this year, where a deadline the step set or settled may fall."""
    for year_day in {day, timezone.localdate()}:
        records_changed(organization=recruit.organization, topic=Topic.RECRUITMENT, day=year_day)


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def _attach(actor: Any, step: RecruitStep, uploads: Iterable[Any]) -> None:
    for upload in uploads:
        step.evidence.add(
            store_upload(
                actor=actor, organization=step.recruit.organization, purpose="recruitment.evidence", upload=upload
            )
        )


@transaction.atomic
def add_step_evidence(*, actor: Any, step: RecruitStep, upload: Any) -> Attachment:
    """A material for a step already recorded (the signed 志愿书 scanned later, a thought report's scan): checked and
    stored like every upload, attached to the step, audited on the recruit."""
    require(actor, CHANGE, step.recruit)
    if not upload:
        raise ValidationError({"evidence": "请选择要上传的材料文件"})
    try:
        attachment = store_upload(
            actor=actor, organization=step.recruit.organization, purpose="recruitment.evidence", upload=upload
        )
    except ValidationError as refusal:  # named after the upload's field here
        raise ValidationError({"evidence": refusal.messages}) from None
    step.evidence.add(attachment)
    audit.record(
        actor=actor,
        event=Event.RECRUIT_EVIDENCE_ADDED,
        obj=step.recruit,
        extra={"step": step.code, "happened_on": step.happened_on, "file": attachment.original_name},
    )
    return attachment


def lock_recruit(recruit: Recruit, expected_version: int | None) -> Recruit:
    locked = Recruit.objects.select_for_update().select_related("organization").get(pk=recruit.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError("该发展对象的记录已被他人修改，请刷新页面后重新登记")
    return locked


@transaction.atomic
def record_step(
    *,
    actor: Any,
    recruit: Recruit,
    code: str,
    happened_on: datetime.date,
    acting_organization: Organization | None = None,
    people: dict[str, list[Member]] | None = None,
    vote: Any = None,
    written_yes: int = 0,
    training_days: int | None = None,
    training_hours: int | None = None,
    vetting_conclusion: str = "",
    vetting_passed: bool | None = None,
    extension_months: int | None = None,
    note: str = "",
    explanation: str = "",
    uploads: Iterable[Any] = (),
    expected_version: int | None = None,
) -> RecruitStep:
    require(actor, CHANGE, recruit)
    recruit = lock_recruit(recruit, expected_version)
    if code not in catalogue().by_code or code in ("application", "stopped"):
        raise ValidationError({"code": "请选择要登记的步骤"})
    if recruit.stage not in OPEN_STAGES and code not in AFTER_CLOSE.get(Stage(recruit.stage), ()):
        raise ValidationError(f"{recruit.name}当前为“{recruit.get_stage_display()}”，不能再登记发展步骤")
    require_past_date(happened_on, "happened_on", "办理日期")
    if written_yes < 0:
        raise ValidationError({"written_yes": "书面赞成意见份数不能为负数"})
    proposal = rules.Proposal(
        code=code,
        happened_on=happened_on,
        acting_organization=acting_organization or recruit.organization,
        people={role: list(members) for role, members in (people or {}).items()},
        vote=vote,
        written_yes=written_yes,
        training_days=training_days,
        training_hours=training_hours,
        vetting_conclusion=vetting_conclusion or "",
        vetting_passed=vetting_passed,
        extension_months=extension_months,
    )
    explained = _judge(recruit, proposal, explanation or "")
    before = audit.snapshot(recruit)
    step = RecruitStep.objects.create(
        recruit=recruit,
        code=code,
        happened_on=happened_on,
        acting_organization=proposal.acting_organization,
        recorded_by=_user(actor),
        note=(note or "").strip()[:300],
        explanation=(explanation or "").strip() if explained else "",
        explained_rules=explained,
        vote=vote,
        written_yes=written_yes,
        training_days=training_days,
        training_hours=training_hours,
        vetting_conclusion=(vetting_conclusion or "").strip()[:300],
        vetting_passed=vetting_passed,
        extension_months=extension_months,
    )
    StepPerson.objects.bulk_create(
        StepPerson(step=step, role=role, member=member)
        for role, members in proposal.people.items()
        for member in members
    )
    _attach(actor, step, uploads)
    _follow(actor, recruit, step)
    entered = catalogue().step(code).enters
    if entered:
        recruit.stage = entered
    recruit.version += 1
    recruit.save()
    audit.record(
        actor=actor,
        event=Event.RECRUIT_STEP_RECORDED,
        obj=recruit,
        before=before,
        after=audit.snapshot(recruit),
        extra={"step": code, "happened_on": happened_on, "explained_rules": explained},
    )
    _changed(recruit, happened_on)
    return step


def _follow(actor: Any, recruit: Recruit, step: RecruitStep) -> None:
    """What a step changes beyond the path: the member record from admission on."""
    if step.code == "admission_approval":
        recruit.member = _admit(actor, recruit)
    elif recruit.member is None:
        return
    elif step.code == "extension_approval":
        extension = recruit.steps.filter(code="extension_vote").values_list("extension_months", flat=True).first()
        step.extension_months = extension
        step.save(update_fields=["extension_months", "updated_at"])
        member_services.record_event(
            actor=actor,
            member=recruit.member,
            kind=EventKind.EXTEND_PROBATION,
            happened_on=step.happened_on,
            extension_months=extension,
            note="发展党员：上级党委审批延长预备期",
        )
    elif step.code == "full_approval":
        past = [rules.PastStep(s.code, s.happened_on, s.extension_months) for s in recruit.steps.all()]
        end = rules.probation_end(past)
        assert end is not None  # full_approval requires the admission vote
        member_services.record_event(
            actor=actor, member=recruit.member, kind=EventKind.BECOME_FULL, happened_on=end, note="发展党员：按期转正"
        )
    elif step.code == "probation_cancelled":
        member_services.record_event(
            actor=actor,
            member=recruit.member,
            kind=EventKind.CANCEL_PROBATION,
            happened_on=step.happened_on,
            note="发展党员：取消预备党员资格",
        )


def _admit(actor: Any, recruit: Recruit) -> Member:
    vote = recruit.steps.filter(code="admission_vote").order_by("-happened_on").first()
    assert vote is not None  # admission_approval requires the admission vote
    sponsors = StepPerson.objects.filter(step__recruit=recruit, step__code="sponsors", role="sponsor")
    return member_services.create_member(
        actor=actor,
        organization=recruit.organization,
        name=recruit.name,
        gender=recruit.gender,
        id_number=recruit.id_number,
        ethnicity=recruit.ethnicity,
        birth_date=recruit.birth_date,
        education=recruit.education,
        category=Category.PROBATIONARY,
        joined_on=vote.happened_on,
        job_position=recruit.job_position,
        mobile=recruit.mobile,
        employer=recruit.employer,
        employer_position=recruit.employer_position,
        sponsors="、".join(person.member.name for person in sponsors)[:100],
    )


@transaction.atomic
def stop_recruit(
    *, actor: Any, recruit: Recruit, happened_on: datetime.date, reason: str, expected_version: int | None = None
) -> RecruitStep:
    """The branch stops training someone not yet admitted (终止培养), with the reason; the record stays."""
    require(actor, CHANGE, recruit)
    recruit = lock_recruit(recruit, expected_version)
    if recruit.stage not in (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE):
        raise ValidationError(
            f"{recruit.name}当前为“{recruit.get_stage_display()}”，不能终止培养；预备党员请办理取消预备党员资格"
        )
    require_past_date(happened_on, "happened_on", "终止日期")
    if len((reason or "").strip()) < 5:
        raise ValidationError({"reason": "请写明终止培养的原因（不少于5个字）"})
    last = recruit.steps.order_by("-happened_on").first()
    if last is not None and happened_on < last.happened_on:
        raise ValidationError({"happened_on": f"终止日期不能早于最近一个步骤的日期{last.happened_on:%Y年%m月%d日}"})
    before = audit.snapshot(recruit)
    step = RecruitStep.objects.create(
        recruit=recruit,
        code="stopped",
        happened_on=happened_on,
        acting_organization=recruit.organization,
        recorded_by=_user(actor),
        note=reason.strip()[:300],
    )
    recruit.stage = Stage.STOPPED
    recruit.version += 1
    recruit.save()
    audit.record(actor=actor, event=Event.RECRUIT_STOPPED, obj=recruit, before=before, after=audit.snapshot(recruit))
    _changed(recruit, happened_on)
    return step


# ---- the import of people already on the path (zhibu/recruitment/importing.py reads the file) ---------------------


@dataclass(frozen=True)
class ImportStep:
    code: str
    happened_on: datetime.date
    column: str  # the file's column for the step's date, named in its messages
    people: dict[str, list[Member]] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportRow:
    number: int
    person: dict[str, Any]
    steps: list[ImportStep]
    vetting_conclusion: str = ""
    vetting_passed: bool | None = None
    training_days: int | None = None
    training_hours: int | None = None
    explanation: str = ""


class ImportRefused(ValidationError):
    """An imported file refused as a whole: ``problems`` maps each refused row's number to its reasons."""

    def __init__(self, problems: dict[int, list[str]]):
        self.problems = problems
        rows = "；".join(f"第{number}行：{'，'.join(reasons)}" for number, reasons in sorted(problems.items()))
        super().__init__(f"{len(problems)}行有问题，没有导入任何人员。{rows}")


# The file's column a service's field is read from (the step's own date column otherwise).
IMPORT_COLUMNS = {
    "name": "姓名",
    "gender": "性别",
    "id_number": "公民身份号码",
    "birth_date": "公民身份号码",
    "mobile": "手机号码",
    "ethnicity": "民族",
    "education": "学历",
    "job_position": "工作岗位",
    "employer": "工作单位",
    "employer_position": "职务（岗位）",
    "vetting_conclusion": "政审结论",
    "vetting_passed": "政审合格",
    "training_days": "培训天数",
    "training_hours": "培训学时",
    "explanation": "情况说明",
    "talker": "谈话人",
    "mentor": "培养联系人",
    "sponsor": "入党介绍人",
}


def _import_messages(error: ValidationError, column: str) -> list[str]:
    pairs = error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error.messages)]
    return [f"“{IMPORT_COLUMNS.get(name, column)}”列：{message}" for name, messages in pairs for message in messages]


def _import_one(actor: Any, branch: Organization, row: ImportRow) -> Recruit:
    application, *later = row.steps
    person = dict(row.person)
    try:
        person["birth_date"], _ = parse_id_number(normalize_id_number(person.get("id_number") or ""))
    except ValidationError:
        person["birth_date"] = None  # create_recruit names the number's problem
    try:
        recruit = create_recruit(actor=actor, organization=branch, applied_on=application.happened_on, **person)
    except ValidationError as error:
        raise ImportRefused({row.number: _import_messages(error, application.column)}) from None
    committee = rules.nearest_committee(branch) or branch
    for step in sorted(later, key=lambda s: (s.happened_on, catalogue().step(s.code).position)):
        acts = catalogue().step(step.code).acts
        extra: dict[str, Any] = {}
        if step.code == "vetting":
            extra = {"vetting_conclusion": row.vetting_conclusion, "vetting_passed": row.vetting_passed}
        elif step.code == "training":
            extra = {"training_days": row.training_days, "training_hours": row.training_hours}
        try:
            record_step(
                actor=actor,
                recruit=recruit,
                code=step.code,
                happened_on=step.happened_on,
                acting_organization=committee if acts in ("higher_committee", "approving_committee") else branch,
                people=step.people,
                explanation=row.explanation,
                note="批量导入",
                **extra,
            )
        except ValidationError as error:
            raise ImportRefused({row.number: _import_messages(error, step.column)}) from None
        recruit.refresh_from_db()
    return recruit


@transaction.atomic
def import_recruits(*, actor: Any, branch: Organization, rows: Sequence[ImportRow]) -> list[Recruit]:
    """People already on the path, each with their past steps, through ``create_recruit`` and ``record_step`` (every
    rule checked as for one step entered by hand): all imported, or none if any row is refused — ImportRefused names
    every refused row with its column."""
    require(actor, CHANGE, branch)
    member_services.check_branch(branch)
    if not rows:
        raise ValidationError("文件中没有可导入的行")
    imported, problems = [], {}
    with changes_collected():  # the branch's verdicts re-judged once, after the last row
        for row in rows:
            try:
                with transaction.atomic():
                    imported.append(_import_one(actor, branch, row))
            except ImportRefused as refusal:
                problems.update(refusal.problems)
        if problems:
            raise ImportRefused(problems)  # the transaction rolls back the rows already written
    audit.record(
        actor=actor,
        event=Event.RECRUITS_IMPORTED,
        organization=branch,
        extra={"rows": len(rows), "steps": sum(len(row.steps) for row in rows)},
    )
    return imported
