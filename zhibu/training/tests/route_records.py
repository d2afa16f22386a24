"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

import datetime

from zhibu.activities.models import ActivityKind
from zhibu.testing import SETUP, make_member
from zhibu.training import services
from zhibu.training.models import KindHours
from zhibu.training.tests.helpers import external as external_training
from zhibu.training.tests.helpers import session, training_class


def _classes(tree, personas):
    return {key: training_class(getattr(tree, key), name=f"路由培训班{key}") for key in ("a1", "b1")}


def _sessions(tree, personas):
    return {key: session(made, made.starts_on, "2") for key, made in _classes(tree, personas).items()}


def _external(tree, personas):
    return {
        key: external_training(
            make_member(getattr(tree, key)), getattr(tree, key), "4", ended=datetime.date(2026, 5, 1)
        )
        for key in ("a1", "b1")
    }


def _kind_hours(tree, personas):
    rows = KindHours.objects.filter(kind__in=ActivityKind.objects.filter(code__in=("party_lecture", "theme_day")))
    by_code = {row.kind.code: row for row in rows}
    return {"a1": by_code["party_lecture"], "b1": by_code["theme_day"]}


def _first_topics(tree, personas):
    return {
        key: services.save_first_topic(
            actor=SETUP, topic=None, title=f"路由议题{key}", source="《求是》", published_on=datetime.date(2026, 1, 2)
        )
        for key in ("a1", "b1")
    }


RECORD_BUILDERS = {
    "training.firsttopic": _first_topics,
    "training.trainingclass": _classes,
    "training.classsession": _sessions,
    "training.externaltraining": _external,
    "training.kindhours": _kind_hours,
}
