"""Audit events and refresh topics are names a typo must not slip past: an unknown one fails where it is used."""

import pytest

from zhibu.core import audit
from zhibu.core.derived import Topic, records_changed
from zhibu.standards.evaluators import EVALUATORS, TOPICS
from zhibu.testing import SETUP


def test_an_uncatalogued_audit_event_is_refused_before_anything_is_written(db):
    from zhibu.core.audit_models import AuditEvent

    with pytest.raises(ValueError, match="not catalogued"):
        audit.record(actor=SETUP, event="member.updatd")
    assert not AuditEvent.objects.exists()


def test_an_unknown_refresh_topic_is_refused(tree):
    with pytest.raises(ValueError):
        records_changed(organization=tree.a1, topic="member")


def test_every_evaluator_refreshes_on_known_topics_only():
    assert set(TOPICS) == set(EVALUATORS)
    unknown = {name: topics for name, topics in TOPICS.items() if not set(topics) <= set(Topic)}
    assert unknown == {}
