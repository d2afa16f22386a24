"""Names that cannot be misspelled: audit events and derived-data topics are enum members, checked both ways.

Every ``Event`` is written somewhere in the code (a catalogued event nobody records is a dead filter on the audit
page), and nothing records a bare string (``audit.record`` refuses one at run time, mypy before that). Every
``Topic`` is announced by some service and read by some evaluator, and ``records_changed`` refuses a bare string."""

import ast
from pathlib import Path

import pytest

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.standards.registry import registered

PACKAGE = Path(__file__).resolve().parents[2]
SOURCES = [
    path
    for path in PACKAGE.rglob("*.py")
    if "tests" not in path.parts and "migrations" not in path.parts and path.name != "audit_catalogue.py"
]


def _attributes(enum_name: str) -> set[str]:
    """The members named as ``<enum_name>.X`` anywhere in the application code."""
    named = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == enum_name:
                named.add(node.attr)
    return named


def _called_name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def _string_keywords(keyword: str, functions: set[str] | None = None) -> list[str]:
    """Calls (of these functions, or any) passing a string literal as ``keyword=`` (``event="…"``): each should name an
    enum member instead."""
    found = []
    for path in SOURCES:
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call) or (functions is not None and _called_name(call) not in functions):
                continue
            for node in call.keywords:
                if node.arg != keyword:
                    continue
                values = [node.value.body, node.value.orelse] if isinstance(node.value, ast.IfExp) else [node.value]
                if any(isinstance(value, ast.Constant) and isinstance(value.value, str) for value in values):
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.value.lineno}")
    return found


WRITTEN_EVENTS = _attributes("Event")
ANNOUNCED_TOPICS = _attributes("Topic")


@pytest.mark.parametrize("event", list(Event), ids=lambda event: event.value)
def test_every_catalogued_event_is_written_somewhere(event):
    assert event.name in WRITTEN_EVENTS, f"{event.value} is catalogued but no code records Event.{event.name}"


def test_no_code_records_an_event_by_a_bare_string():
    assert _string_keywords("event") == []


def test_recording_a_bare_string_is_refused(db):
    with pytest.raises(TypeError):
        audit.record(actor="command:test", event="member.created")


@pytest.mark.parametrize("topic", list(Topic), ids=lambda topic: topic.value)
def test_every_topic_is_announced_and_read(topic):
    assert topic.name in ANNOUNCED_TOPICS, f"no service announces Topic.{topic.name}"
    readers = [evaluator.name for evaluator in registered().values() if topic in evaluator.topics]
    assert readers, f"no evaluator refreshes on Topic.{topic.name}"


def test_no_code_announces_a_topic_by_a_bare_string():
    # ``topic=`` is also the subject of a study, a research trip or a talk: only the announcements count here
    assert _string_keywords("topic", {"records_changed", "refresh", "refresh_after_change"}) == []


def test_announcing_a_bare_string_is_refused(db):
    with pytest.raises(TypeError):
        records_changed(organization=None, topic="members")
