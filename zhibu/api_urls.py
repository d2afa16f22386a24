from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers
from rest_framework.routers import DefaultRouter

from zhibu.activities.api import ActivityViewSet, AppraisalViewSet, TalkViewSet
from zhibu.api_codes import CodesView
from zhibu.awards.api import HonourViewSet, NominationViewSet, ObjectionViewSet, RoundViewSet
from zhibu.branding.api import ApplicationViewSet as FourStrongViewSet
from zhibu.branding.api import BrandViewSet
from zhibu.branding.api import CaseViewSet as FourStrongCaseViewSet
from zhibu.branding.api import ObjectionViewSet as FourStrongObjectionViewSet
from zhibu.branding.project_api import BrandProjectViewSet, BrandReviewViewSet
from zhibu.care.api import CareCaseViewSet, CareVisitViewSet
from zhibu.committees.api import PositionKindViewSet, PositionViewSet, TermDelayViewSet, TermViewSet
from zhibu.complaints.api import (
    ComplaintKindViewSet,
    ComplaintStepViewSet,
    ComplaintViewSet,
    IntakePointViewSet,
    RefusalViewSet,
    ReturnVisitViewSet,
)
from zhibu.core.api import register_detail_routes
from zhibu.core.routes import unscoped
from zhibu.dues.api import AssessmentViewSet, PaymentViewSet
from zhibu.inbox.api import InboxView
from zhibu.inspections.api import InspectionPlanViewSet, RectificationItemViewSet
from zhibu.integrity.api import DisciplineRecordViewSet, RiskPointViewSet, RiskReviewViewSet
from zhibu.leadership.api import (
    ContactPointViewSet,
    ContactVisitViewSet,
    ResearchRecordViewSet,
    SecretaryProjectViewSet,
)
from zhibu.members.api import MemberViewSet, TransferViewSet
from zhibu.mine import api as mine_api
from zhibu.notices.api import NoticeViewSet
from zhibu.ops.api import JobRunViewSet
from zhibu.organizations.api import OrganizationViewSet, UnitViewSet
from zhibu.quizzes.api import AttemptViewSet, ContestViewSet, QuestionBankViewSet, QuizViewSet, SurveyViewSet
from zhibu.ratings.api import ScoringSheetViewSet
from zhibu.recruitment.api import RecruitViewSet
from zhibu.reporting.api import ReportAnswerViewSet, ReportRequestViewSet
from zhibu.secretary_reviews.api import BallotView as SecretaryBallotView
from zhibu.secretary_reviews.api import ReportViewSet as SecretaryReportViewSet
from zhibu.secretary_reviews.api import RoundViewSet as SecretaryReviewViewSet
from zhibu.service import api as service_api
from zhibu.staff_reviews.api import BallotView as StaffBallotView
from zhibu.staff_reviews.api import RoundViewSet as StaffReviewViewSet
from zhibu.staff_reviews.api import SubjectViewSet as StaffReviewSubjectViewSet
from zhibu.standards.api import VerdictViewSet
from zhibu.study.api import (
    StudyLinkViewSet,
    StudyListViewSet,
    StudyTopicViewSet,
    TheoryGroupViewSet,
    TheorySessionViewSet,
)
from zhibu.training.api import (
    ExternalTrainingViewSet,
    FirstTopicViewSet,
    TrainingClassViewSet,
    TrainingHoursViewSet,
)
from zhibu.workdays.api import ConfirmedYearViewSet, DayOverrideViewSet
from zhibu.worklog.api import PlanViewSet, ProgressViewSet
from zhibu.worklog.api import ReviewViewSet as WorklogReviewViewSet
from zhibu.worklog.api import TaskViewSet as WorklogTaskViewSet


class ApiRootView(routers.APIRootView):
    pass


router = DefaultRouter()
router.APIRootView = unscoped("the API's index of endpoints, no records")(ApiRootView)
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("units", UnitViewSet, basename="unit")
router.register("terms", TermViewSet, basename="term")
router.register("term-delays", TermDelayViewSet, basename="term-delay")
router.register("positions", PositionViewSet, basename="position")
router.register("position-kinds", PositionKindViewSet, basename="position-kind")
router.register("members", MemberViewSet, basename="member")
router.register("transfers", TransferViewSet, basename="transfer")
router.register("recruits", RecruitViewSet, basename="recruit")
router.register("worklog-plans", PlanViewSet, basename="worklog-plan")
router.register("worklog-tasks", WorklogTaskViewSet, basename="worklog-task")
router.register("worklog-progress", ProgressViewSet, basename="worklog-progress")
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("complaint-steps", ComplaintStepViewSet, basename="complaint-step")
router.register("complaint-intake-points", IntakePointViewSet, basename="complaint-intake-point")
router.register("complaint-kinds", ComplaintKindViewSet, basename="complaint-kind")
router.register("care-cases", CareCaseViewSet, basename="care-case")
router.register("care-visits", CareVisitViewSet, basename="care-visit")
router.register("notices", NoticeViewSet, basename="notice")
router.register("report-requests", ReportRequestViewSet, basename="report-request")
router.register("report-answers", ReportAnswerViewSet, basename="report-answer")
router.register("integrity-risks", RiskPointViewSet, basename="integrity-risk")
router.register("integrity-reviews", RiskReviewViewSet, basename="integrity-review")
router.register("discipline-records", DisciplineRecordViewSet, basename="discipline-record")
router.register("contact-points", ContactPointViewSet, basename="contact-point")
router.register("contact-visits", ContactVisitViewSet, basename="contact-visit")
router.register("research-records", ResearchRecordViewSet, basename="research-record")
router.register("secretary-projects", SecretaryProjectViewSet, basename="secretary-project")
router.register("service-communities", service_api.CommunityViewSet, basename="service-community")
router.register("service-pairings", service_api.PairingViewSet, basename="service-pairing")
router.register("service-registrations", service_api.RegistrationViewSet, basename="service-registration")
router.register("service-records", service_api.ServiceRecordViewSet, basename="service-record")
router.register("service-wishes", service_api.WishViewSet, basename="service-wish")
router.register("service-projects", service_api.ProjectViewSet, basename="service-project")
router.register("complaint-refusals", RefusalViewSet, basename="complaint-refusal")
router.register("complaint-return-visits", ReturnVisitViewSet, basename="complaint-return-visit")
router.register("award-rounds", RoundViewSet, basename="award-round")
router.register("award-nominations", NominationViewSet, basename="award-nomination")
router.register("award-objections", ObjectionViewSet, basename="award-objection")
router.register("four-strong", FourStrongViewSet, basename="four-strong")
router.register("four-strong-objections", FourStrongObjectionViewSet, basename="four-strong-objection")
router.register("four-strong-cases", FourStrongCaseViewSet, basename="four-strong-case")
router.register("honours", HonourViewSet, basename="honour")
router.register("brands", BrandViewSet, basename="brand")
router.register("brand-projects", BrandProjectViewSet, basename="brand-project")
router.register("brand-reviews", BrandReviewViewSet, basename="brand-review")
router.register("secretary-reviews", SecretaryReviewViewSet, basename="secretary-review")
router.register("secretary-reports", SecretaryReportViewSet, basename="secretary-report")
router.register("staff-reviews", StaffReviewViewSet, basename="staff-review")
router.register("staff-review-people", StaffReviewSubjectViewSet, basename="staff-review-person")
router.register("quiz-banks", QuestionBankViewSet, basename="quiz-bank")
router.register("quizzes", QuizViewSet, basename="quiz")
router.register("contests", ContestViewSet, basename="contest")
router.register("quiz-attempts", AttemptViewSet, basename="quiz-attempt")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("job-runs", JobRunViewSet, basename="job-run")
router.register("worklog-reviews", WorklogReviewViewSet, basename="worklog-review")
router.register("activities", ActivityViewSet, basename="activity")
router.register("talks", TalkViewSet, basename="talk")
router.register("appraisals", AppraisalViewSet, basename="appraisal")
router.register("dues-assessments", AssessmentViewSet, basename="dues-assessment")
router.register("dues-payments", PaymentViewSet, basename="dues-payment")
router.register("verdicts", VerdictViewSet, basename="verdict")
router.register("training-classes", TrainingClassViewSet, basename="training-class")
router.register("external-trainings", ExternalTrainingViewSet, basename="external-training")
router.register("training-hours", TrainingHoursViewSet, basename="training-hours")
router.register("first-topics", FirstTopicViewSet, basename="first-topic")
router.register("study-lists", StudyListViewSet, basename="study-list")
router.register("study-topics", StudyTopicViewSet, basename="study-topic")
router.register("study-links", StudyLinkViewSet, basename="study-link")
router.register("theory-groups", TheoryGroupViewSet, basename="theory-group")
router.register("theory-sessions", TheorySessionViewSet, basename="theory-session")
router.register("inspection-plans", InspectionPlanViewSet, basename="inspection-plan")
router.register("rectification-items", RectificationItemViewSet, basename="rectification-item")
router.register("rating-sheets", ScoringSheetViewSet, basename="rating-sheet")
router.register("workdays", DayOverrideViewSet, basename="workday")
router.register("workday-years", ConfirmedYearViewSet, basename="workday-year")

register_detail_routes(router)

urlpatterns = [
    path(
        "schema/",
        unscoped("the OpenAPI schema: the API's shape, no records")(SpectacularAPIView.as_view()),
        name="api_schema",
    ),
    path(
        "docs/",
        unscoped("the API documentation page, no records")(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
    path("codes/", CodesView.as_view(), name="api_codes"),
    path("inbox/", InboxView.as_view(), name="api_inbox"),
    path("me/", mine_api.MySummaryView.as_view(), name="api_me"),
    path("me/meetings/", mine_api.MyMeetingsView.as_view(), name="api_me_meetings"),
    path("me/dues/", mine_api.MyDuesView.as_view(), name="api_me_dues"),
    path("me/notices/", mine_api.MyNoticesView.as_view(), name="api_me_notices"),
    path("me/profile/", mine_api.MyProfileView.as_view(), name="api_me_profile"),
    path("secretary-ballots/", SecretaryBallotView.as_view(), name="api_secretary_ballots"),
    path("staff-ballots/", StaffBallotView.as_view(), name="api_staff_ballots"),
    path("", include(router.urls)),
]
