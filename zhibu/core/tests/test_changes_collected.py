"""``changes_collected``: a run of writes refreshes derived data once at its end, and ends where a refresh per change
would have ended."""

import pytest
from django.db import transaction

from zhibu.core import derived
from zhibu.core.derived import Topic, changes_collected, changes_told_at_once, records_changed
from zhibu.standards.models import Verdict
from zhibu.testing import _build_personas, _build_tree


@pytest.fixture
def listen(monkeypatch):
    """listen() → the list of changes the listeners hear from then on (the fixtures' own changes are told when they
    are all built, so a test starts listening in its body)."""

    def start() -> list[dict]:
        calls: list[dict] = []
        monkeypatch.setattr(derived, "_listeners", [lambda **change: calls.append(change)])
        return calls

    return start


def test_the_listeners_hear_each_topic_once_at_the_end_with_every_organisation(db, tree, listen):
    heard = listen()
    with changes_collected():
        records_changed(organization=tree.a1, topic=Topic.MEMBERS)
        records_changed(organization=tree.a2, topic=Topic.MEMBERS)
        records_changed(organization=tree.a1, topic=Topic.MEMBERS)
        records_changed(organization=tree.b1, topic=Topic.DUES, kind="x")
        assert heard == []
    assert sorted((call["topic"], call["kind"], sorted(o.pk for o in call["organizations"])) for call in heard) == [
        (Topic.DUES, "x", [tree.b1.pk]),
        (Topic.MEMBERS, "", sorted([tree.a1.pk, tree.a2.pk])),
    ]


def test_a_nested_block_leaves_the_telling_to_the_outer_one(db, tree, listen):
    heard = listen()
    with changes_collected():
        with changes_collected():
            records_changed(organization=tree.a1, topic=Topic.MEMBERS)
        assert heard == []
    assert len(heard) == 1


def test_a_block_that_fails_tells_nobody_and_the_next_change_is_heard_at_once(db, tree, listen):
    heard = listen()
    with pytest.raises(RuntimeError), changes_collected():
        records_changed(organization=tree.a1, topic=Topic.MEMBERS)
        raise RuntimeError
    assert heard == []
    records_changed(organization=tree.a1, topic=Topic.MEMBERS)
    assert len(heard) == 1


def test_changes_told_at_once_inside_a_block_are_heard_at_once_and_the_rest_at_its_end(db, tree, listen):
    heard = listen()
    with changes_collected():
        records_changed(organization=tree.a1, topic=Topic.MEMBERS)
        with changes_told_at_once():
            records_changed(organization=tree.b1, topic=Topic.DUES)
            assert [call["topic"] for call in heard] == [Topic.DUES]
        records_changed(organization=tree.a2, topic=Topic.MEMBERS)
        assert len(heard) == 1
    assert heard[1]["topic"] == Topic.MEMBERS
    assert sorted(o.pk for o in heard[1]["organizations"]) == sorted([tree.a1.pk, tree.a2.pk])


def _verdicts() -> list[tuple]:
    rows = Verdict.objects.select_related("organization").order_by("organization__name", "rule_id", "period_key")
    return [(v.organization.name, v.rule_id, v.period_key, v.status, v.explanation) for v in rows]


@pytest.mark.no_live_refresh("the test turns the refresh on itself, for the two builds it compares")
def test_collected_changes_leave_the_same_verdicts_as_a_refresh_per_change(db, settings):
    settings.STANDARDS_LIVE_REFRESH = True
    with transaction.atomic():
        rollback = transaction.savepoint()
        _build_personas(_build_tree())
        one_by_one = _verdicts()
        transaction.savepoint_rollback(rollback)
    with transaction.atomic(), changes_collected():
        _build_personas(_build_tree())
    assert one_by_one and _verdicts() == one_by_one
