import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from zhibu.activities.models import Vote
from zhibu.core.audit_catalogue import Event
from zhibu.core.formatting import cn_date
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.masking import mask_id_number, mask_phone
from zhibu.core.models import Attachment
from zhibu.core.scoping import CHANGE, can
from zhibu.members.models import Member
from zhibu.organizations.models import BRANCH_KINDS, COMMITTEE_KINDS, Organization
from zhibu.recruitment import due, rules, services
from zhibu.recruitment.catalogue import catalogue
from zhibu.recruitment.filters import RecruitFilter
from zhibu.recruitment.forms import EvidenceForm, RecruitForm, StepChoiceForm, StepForm, StopForm, step_choices
from zhibu.recruitment.models import OPEN_STAGES, Recruit, RecruitStep, StepPerson
from zhibu.recruitment.tables import LIST_COLUMNS, RECRUIT_COLUMNS

STEPS_WITH_PEOPLE = Prefetch("steps", queryset=RecruitStep.objects.order_by("happened_on", "id"))


class RecruitList(ScopedListView):
    model = Recruit
    select_related = ("organization",)
    filterset_class = RecruitFilter
    columns = LIST_COLUMNS
    template_name = "recruitment/recruit_list.html"
    scope_parameter = "organization"

    def scoped_queryset(self, action=None):
        return super().scoped_queryset(action).prefetch_related(STEPS_WITH_PEOPLE)

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["can_change"] = bool(self.request.user.scope_paths(CHANGE)[0])
        return context


class RecruitExport(RecruitList, ScopedExportView):
    columns = RECRUIT_COLUMNS
    title = "发展党员名单"
    event = Event.RECRUIT_EXPORTED


class RecruitBoard(RecruitList):
    """The pipeline board: the open recruits of the organisation in scope (a branch, or every branch of a 党委) by
    stage, each with the step reached, the next step and what falls due by when; overdue first, in red."""

    template_name = "recruitment/board.html"

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset()
        today = timezone.localdate()
        recruits = filterset.qs.filter(stage__in=OPEN_STAGES)
        by_stage: dict[str, list[dict]] = {stage: [] for stage in OPEN_STAGES}
        for recruit in recruits:
            by_stage[recruit.stage].append(board_card(recruit, today))
        columns = []
        for stage in OPEN_STAGES:
            cards = sorted(by_stage[stage], key=lambda card: (card["first_due"] or datetime.date.max, card["name"]))
            columns.append({"label": stage.label, "code": stage.value, "cards": cards})
        context = {
            "filter": filterset,
            "columns": columns,
            "total": sum(len(column["cards"]) for column in columns),
            "overdue": sum(card["overdue"] for column in columns for card in column["cards"]),
            "branches": len({card["branch"] for column in columns for card in column["cards"]}),
            "can_change": bool(request.user.scope_paths(CHANGE)[0]),
        }
        return render(request, self.template_name, context)


def board_card(recruit: Recruit, today: datetime.date) -> dict:
    past = due.past_steps(recruit)
    owed = due.dues(recruit.stage, past)
    upcoming = due.next_step(past)
    return {
        "recruit": recruit,
        "name": recruit.name,
        "branch": recruit.organization.name,
        "current": due.current_step(past),
        "next": upcoming,
        "next_earliest": due.earliest(upcoming, past) if upcoming else None,
        "dues": [{"due": item, "overdue": item.is_overdue(today)} for item in owed],
        "first_due": owed[0].on if owed else None,
        "overdue": sum(item.is_overdue(today) for item in owed),
    }


def timeline(recruit: Recruit) -> list[dict]:
    people = StepPerson.objects.filter(step__recruit=recruit).select_related("member")
    by_step: dict[int, list[StepPerson]] = {}
    for person in people:
        by_step.setdefault(person.step_id, []).append(person)
    rows = []
    steps = recruit.steps.select_related("acting_organization", "recorded_by", "vote__activity").prefetch_related(
        "evidence"
    )
    for step in steps.order_by("happened_on", "id"):
        definition = catalogue().step(step.code)
        rows.append(
            {
                "step": step,
                "definition": definition,
                "stage": next(s.name for s in catalogue().stages if s.code == definition.stage),
                "people": by_step.get(step.pk, []),
                "evidence": list(step.evidence.all()),
            }
        )
    return rows


class RecruitDetail(ScopedDetailView):
    model = Recruit
    select_related = ("organization", "member")
    template_name = "recruitment/recruit_detail.html"

    def get_context_data(self):
        recruit = self.object
        past = [rules.PastStep(s.code, s.happened_on, s.extension_months) for s in recruit.steps.all()]
        end = rules.probation_end(past) if recruit.member_id else None
        return {
            "recruit": recruit,
            "masked_id_number": mask_id_number(recruit.id_number),
            "masked_mobile": mask_phone(recruit.mobile),
            "timeline": timeline(recruit),
            "can_change": can(self.request.user, CHANGE, recruit.organization.path),
            "is_open": recruit.stage in OPEN_STAGES,
            "probation_end": cn_date(end) if end else "",
        }


class RecruitCreate(ServiceFormView):
    model = Recruit
    object_kwarg = None
    creates = Recruit
    form_class = RecruitForm
    template_name = "recruitment/form.html"

    def form_kwargs(self):
        organizations = Organization.objects.visible_to(self.request.user, CHANGE).filter(
            kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE
        )
        if not organizations.exists():
            raise PermissionDenied("您没有可以登记入党申请人的党支部")
        return {"organizations": organizations}

    def initial(self):
        """The user's branch, when they keep exactly one."""
        branches = list(self.form_kwargs()["organizations"][:2])
        return {"organization": branches[0]} if len(branches) == 1 else {}

    def service(self):
        return services.create_recruit

    def service_kwargs(self, data):
        upload = data.pop("evidence", None)
        return {**data, "uploads": [upload] if upload else []}

    def title(self):
        return "登记入党申请人"

    def intro(self):
        return "从递交入党申请书开始，每个人有自己的发展档案；申请人须在递交申请时年满18岁。"

    def back_url(self):
        return reverse("recruitment:list")

    def message(self, result):
        return f"已登记入党申请人：{result.name}"


def _step_people(data):
    roles = {
        "talker": data.pop("talkers", None),
        "mentor": data.pop("mentors", None),
        "sponsor": data.pop("sponsors", None),
    }
    return {role: list(members) for role, members in roles.items() if members}


class StepCreate(ServiceFormView):
    model = Recruit
    creates = RecruitStep
    form_class = StepForm
    template_name = "recruitment/step_form.html"
    select_related = ("organization",)

    def chooser(self) -> StepChoiceForm:
        """The step chosen by ?step=… (the next step of the path when none is chosen)."""
        if not hasattr(self, "_chooser"):
            asked = self.request.GET.get("step")
            self._chooser = StepChoiceForm({"step": asked or self.default_step()})
            self._chooser.is_valid()
        return self._chooser

    def chosen_step(self) -> str:
        posted = self.request.POST.get("code", "") if self.request.method == "POST" else ""
        if posted in dict(step_choices()):
            return posted
        return self.chooser().cleaned_data.get("step") or self.default_step()

    def default_step(self) -> str:
        # A thought report may always be recorded: offered when the path itself is complete.
        return next_step_code(self.object) or "thought_report"

    def form_kwargs(self):
        return {"step": self.chosen_step(), **step_offers(self.request.user, self.object.organization)}

    def service(self):
        return services.record_step

    def service_kwargs(self, data):
        upload = data.pop("evidence", None)
        people = _step_people(data)
        return {"recruit": self.object, **data, "people": people, "uploads": [upload] if upload else []}

    def title(self):
        return f"登记发展步骤：{self.object.name}（{self.object.get_stage_display()}）"

    def intro(self):
        return (
            "按规定的顺序和时限登记；不符合硬性要求的不能保存，并写明依据；不符合一般要求的，填写情况说明后可以保存。"
        )

    def initial(self):
        return {"acting_organization": self.object.organization, "code": self.chosen_step()}

    def extra_context(self):
        step = catalogue().step(self.chosen_step())
        return {
            "recruit": self.object,
            "timeline": timeline(self.object),
            "chooser": self.chooser(),
            "step": step,
            "actor_name": catalogue().actors[step.acts],
        }

    def message(self, result):
        return f"已登记：{catalogue().step(result.code).name}"

    def success_url(self, result):
        return self.object.get_absolute_url()


def branch_ancestors(branch: Organization) -> list[Organization]:
    """The organisations above the branch, nearest first."""
    chain, node = [], branch.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


def step_offers(user, branch: Organization) -> dict:
    """What a step of a recruit in ``branch`` may name, for the step form and the API alike: the acting organisation
    (the branch or a committee above it), the people (current members of the nearest committee's subtree) and the
    vote (one of the branch's general meetings)."""
    # The committees above the branch are named as the acting organisation (备案、预审、审批) by those who keep the
    # branch's records, though they may not open those committees' own records.
    ancestors = Organization.objects.filter(
        Q(pk=branch.pk) | Q(kind__in=COMMITTEE_KINDS, pk__in=[o.pk for o in branch_ancestors(branch)])
    ).order_by("path")
    committee = next((o for o in reversed(branch_ancestors(branch)) if o.kind in COMMITTEE_KINDS), branch)
    members = (
        Member.objects.visible_to(user)
        .current()
        .filter(organization__path__startswith=committee.path)
        .select_related("organization")
    )
    votes = (
        Vote.objects.visible_to(user)
        .filter(activity__organization=branch, activity__kind__code=rules.GENERAL_MEETING)
        .select_related("activity")
        .order_by("-activity__held_at")
    )
    return {"organizations": ancestors, "members": members, "votes": votes}


def next_step_code(recruit: Recruit) -> str:
    """The first step of the path not yet recorded, to preselect in the form."""
    step = due.next_step(due.past_steps(recruit))
    return step.code if step is not None else ""


class RecruitStop(ServiceFormView):
    model = Recruit
    creates = RecruitStep
    form_class = StopForm

    def service(self):
        return services.stop_recruit

    def title(self):
        return f"终止培养：{self.object.name}"

    def intro(self):
        return "终止后档案保留，不能再登记发展步骤。"

    def message(self, result):
        return "已终止培养"

    def success_url(self, result):
        return self.object.get_absolute_url()


class StepEvidence(ServiceFormView):
    """Another material for a recorded step, uploaded later."""

    model = RecruitStep
    creates = Attachment
    form_class = EvidenceForm
    select_related = ("recruit__organization",)

    def service(self):
        return services.add_step_evidence

    def service_kwargs(self, data):
        return {"step": self.object, "upload": data.get("evidence")}

    def title(self):
        step = self.object
        return f"补充材料：{step.recruit.name}，{catalogue().step(step.code).name}（{cn_date(step.happened_on)}）"

    def intro(self):
        materials = catalogue().step(self.object.code).materials
        return f"本步骤应有的材料：{'、'.join(materials)}。" if materials else ""

    def back_url(self):
        return self.object.recruit.get_absolute_url()

    def message(self, result):
        return f"已上传：{result.original_name}"

    def success_url(self, result):
        return self.object.get_absolute_url()
