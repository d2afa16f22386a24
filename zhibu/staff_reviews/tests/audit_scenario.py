"""The 党务工作者考核 part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done
once through the pages."""

import uuid

from django.test import Client
from django.utils import timezone

from zhibu.staff_reviews.models import StaffReviewRound, Subject
from zhibu.staff_reviews.tests.helpers import staff


def do_staff_review_events(tree, personas, did) -> None:
    def client(name="党委管理员A"):
        made = Client(REMOTE_ADDR="10.1.2.3")
        made.force_login(personas[name])
        return made

    staff(tree.a2, "audit_staff_a2", name="审计干部")
    form = {
        "organization": tree.a.pk,
        "year": timezone.localdate().year,
        "title": "审计党务工作者考核",
        "weight_indicators": 40,
        "weight_ratings": 60,
        "weight_superior": 40,
        "weight_peer": 30,
        "weight_subordinate": 30,
        "band_excellent": 90,
        "band_competent": 70,
        "band_basic": 60,
        "submission_key": uuid.uuid4().hex,
    }
    did("staff_review.round_created", action=lambda: client().post("/staff-reviews/new/", form))
    made = StaffReviewRound.objects.get(title="审计党务工作者考核")
    rater = {"user": personas["党员A1"].pk, "group": "subordinate"}
    did("staff_review.rater_invited", action=lambda: client().post(f"/staff-reviews/{made.pk}/raters/new/", rater))
    for subject in Subject.objects.filter(round=made):
        did(
            "staff_review.voted",
            action=lambda subject=subject: client("党员A1").post(
                "/staff-reviews/ballots/", {"subject": subject.pk, "choice": "competent"}
            ),
        )
    did("staff_review.scored", action=lambda: client().post(f"/staff-reviews/{made.pk}/score/", {"confirm": "on"}))
    for event, path in (
        ("staff_review.rounds_exported", "/staff-reviews/export/"),
        ("staff_review.subjects_exported", "/staff-reviews/people/export/"),
    ):
        did(event, action=lambda path=path: client().get(path))
