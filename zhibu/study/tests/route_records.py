"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

from zhibu.study.services import link_topics
from zhibu.study.tests.helpers import meeting, monthly_list, theory_group, theory_session, topics
from zhibu.testing import SETUP, make_member


def _lists(tree, personas):
    return {key: monthly_list(getattr(tree, key), titles=(f"路由学习{key}",)) for key in ("a1", "b1")}


def _topics(tree, personas):
    return {key: topics(made)[0] for key, made in _lists(tree, personas).items()}


def _links(tree, personas):
    made = {}
    for key, topic in _topics(tree, personas).items():
        activity = meeting(getattr(tree, key))
        link_topics(actor=SETUP, activity=activity, topics=[topic])
        made[key] = activity.study_links.get()
    return made


def _groups(tree, personas):
    made = {}
    for key in ("a1", "b1"):
        organization = getattr(tree, key)
        made[key] = theory_group(organization, [make_member(organization, name=f"中心组{key}")], name=f"中心组{key}")
    return made


def _sessions(tree, personas):
    return {
        key: theory_session(group, [seat.member for seat in group.seats.all()])
        for key, group in _groups(tree, personas).items()
    }


RECORD_BUILDERS = {
    "study.theorygroup": _groups,
    "study.theorysession": _sessions,
    "study.studylist": _lists,
    "study.studytopic": _topics,
    "study.studylink": _links,
}
