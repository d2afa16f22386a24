"""The verdict writer through ``store``: what it inserts, rewrites in place, leaves alone and removes, and that every
write path (ORM, UPDATE … FROM VALUES, COPY) stores the same rows. Runs on SQLite and on PostgreSQL; the COPY paths
only exist on PostgreSQL, and those tests skip elsewhere."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from zhibu.standards import storage
from zhibu.standards.catalogue import DEFAULT_SOURCE
from zhibu.standards.engine import Context, Outcome
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.standards.services import evaluated_rules
from zhibu.standards.storage import Changes, store

YEAR = 2025  # a past year: every period of it is in the slice
# whatever ZHIBU_TEST_NOW says (the boundary runs move it): YEAR stays a whole past year
pytestmark = [
    pytest.mark.clock("2026-11-16T10:00"),
    pytest.mark.no_live_refresh(
        "the writer is fed outcomes made by hand; verdicts refreshed from the tree's records would mix in"
    ),
]
# COPY's text format escapes these: they show in explanations, evidence and a 工委's reason
AWKWARD = "依据\\文件\t第1号\n附件\r"
DEFAULT = {"at_least": 1, "source": DEFAULT_SOURCE}
OVERRIDE = {"at_least": 2, "source": f"测试工委：{AWKWARD}"}
EVIDENCE = [
    [],
    [{"label": '会议"记录"\\附件', "url": "/activities/?organization=1&kind=2"}],
    [{"label": f"换行{AWKWARD}", "url": "/a/"}, {"label": "第二项", "url": "/b/"}],
    [{"label": "人数", "url": "/c/", "count": 3}],
]
STATUSES = [VerdictStatus.MET, VerdictStatus.MISSED, VerdictStatus.IN_PROGRESS, VerdictStatus.NOT_APPLICABLE]


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's: elsewhere every write is an INSERT or an UPDATE")


@pytest.fixture
def rules():
    return evaluated_rules()[:3]


def year_slice(organization_ids=None):
    return Context(year=YEAR, organization_ids=organization_ids)


def outcomes_of(ctx, rules, tree, explanation="本期召开会议{n}次"):
    """Rules × organisations × months and quarters, with every kind of text the writer has to escape."""
    periods = ctx.periods("month") + ctx.periods("quarter")
    outcomes = []
    for rule in rules:
        for organization in tree.all():
            if ctx.organization_ids is not None and organization.pk not in ctx.organization_ids:
                continue
            for period in periods:
                n = len(outcomes)
                outcomes.append(
                    Outcome(
                        rule.id,
                        organization.pk,
                        period,
                        STATUSES[n % len(STATUSES)],
                        explanation.format(n=n) + (AWKWARD if n % 5 == 0 else "") + ("长" * 600 if n % 97 == 0 else ""),
                        EVIDENCE[n % len(EVIDENCE)],
                        OVERRIDE if n % 3 == 0 else DEFAULT,
                    )
                )
    return outcomes


def stored():
    """Every stored verdict, but for its id and times."""
    return sorted(
        Verdict.objects.values_list(
            "rule_id",
            "organization_id",
            "period_key",
            "period_start",
            "period_end",
            "status",
            "explanation",
            "evidence",
            "applied",
            "digest",
        )
    )


def writes(queries):
    return [query["sql"] for query in queries if query["sql"].split(None, 1)[0] in ("INSERT", "UPDATE", "DELETE")]


def test_the_row_definition_covers_every_column_of_a_verdict():
    assert set(storage.NAMES) == {model_field.column for model_field in Verdict._meta.concrete_fields} - {"id"}
    assert set(storage.COMPARED) <= set(storage.UPDATED)


def test_a_first_store_inserts_every_outcome(tree, rules):
    ctx = year_slice()
    outcomes = outcomes_of(ctx, rules, tree)
    changes = store(rules, ctx, outcomes)
    assert (changes.created, changes.updated, changes.deleted, changes.flips) == (len(outcomes), 0, 0, [])
    assert Verdict.objects.count() == len(outcomes)
    first = outcomes[0]
    row = Verdict.objects.get(rule_id=first.rule_id, organization_id=first.organization_id, period_key=first.period.key)
    assert (row.status, row.explanation, row.evidence) == (first.status, first.explanation[:500], first.evidence)
    assert (row.period_start, row.period_end) == (first.period.start, first.period.end)
    assert row.applied == OVERRIDE
    # the catalogue's parameters are not stored, only shown
    second = outcomes[1]
    default = Verdict.objects.get(
        rule_id=second.rule_id, organization_id=second.organization_id, period_key=second.period.key
    )
    assert default.applied == {} and default.parameters["source"] == DEFAULT_SOURCE
    # an explanation is cut to its column's 500 characters
    assert max(len(explanation) for explanation in Verdict.objects.values_list("explanation", flat=True)) == 500


def test_an_unchanged_store_writes_nothing(tree, rules):
    ctx = year_slice()
    store(rules, ctx, outcomes_of(ctx, rules, tree))
    before = list(Verdict.objects.values_list("pk", "updated_at", "computed_at").order_by("pk"))
    ctx = year_slice()  # a new evaluation: the same outcomes in new objects
    with CaptureQueriesContext(connection) as queries:
        changes = store(rules, ctx, outcomes_of(ctx, rules, tree))
    assert changes == Changes() and changes.summary == "新增0条，更新0条（结论变化0条），删除0条"
    assert writes(queries) == []
    assert list(Verdict.objects.values_list("pk", "updated_at", "computed_at").order_by("pk")) == before


def test_a_changed_outcome_is_rewritten_in_place(tree, rules):
    ctx = year_slice()
    outcomes = outcomes_of(ctx, rules, tree)
    store(rules, ctx, outcomes)
    before = {row.pk: row for row in Verdict.objects.all()}
    flipped, reworded = outcomes[1], outcomes[2]
    assert flipped.status == VerdictStatus.MISSED
    flipped.status = VerdictStatus.MET
    reworded.explanation = "说明改了"
    changes = store(rules, year_slice(), outcomes)
    assert (changes.created, changes.updated, changes.deleted) == (0, 2, 0)
    assert changes.flips == [(*flipped.key, VerdictStatus.MISSED, VerdictStatus.MET)]
    after = {row.pk: row for row in Verdict.objects.all()}
    assert after.keys() == before.keys()  # the same rows: an inspection finding may point at one
    changed = {pk for pk in after if after[pk].digest != before[pk].digest}
    assert {(after[pk].rule_id, after[pk].organization_id, after[pk].period_key) for pk in changed} == {
        flipped.key,
        reworded.key,
    }
    for pk in changed:
        assert after[pk].created_at == before[pk].created_at
        assert after[pk].updated_at == after[pk].computed_at > before[pk].computed_at
    assert {after[pk].status for pk in changed} >= {VerdictStatus.MET}
    assert "说明改了" in {after[pk].explanation for pk in changed}
    unchanged = after.keys() - changed
    assert all(after[pk].updated_at == before[pk].updated_at for pk in unchanged)


def test_a_vanished_outcome_is_removed_and_other_slices_are_left_alone(tree, rules):
    ctx = year_slice()
    outcomes = outcomes_of(ctx, rules, tree)
    store(rules, ctx, outcomes)
    # a refresh of one organisation that no longer yields one of its verdicts
    narrow = year_slice({tree.a1.pk})
    own = [outcome for outcome in outcomes if outcome.organization_id == tree.a1.pk]
    gone = own.pop(0)
    changes = store(rules, narrow, own)
    assert (changes.created, changes.updated, changes.deleted) == (0, 0, 1)
    assert not Verdict.objects.filter(
        rule_id=gone.rule_id, organization_id=gone.organization_id, period_key=gone.period.key
    ).exists()
    assert Verdict.objects.count() == len(outcomes) - 1  # the other organisations' verdicts are not in the slice
    # nor are other rules' verdicts
    others = Verdict.objects.exclude(rule_id=rules[0].id)
    kept = sorted(others.values_list("pk", "digest"))
    first_rule = Verdict.objects.filter(rule_id=rules[0].id).count()
    assert store(rules[:1], year_slice(), []).deleted == first_rule > 0
    assert sorted(others.values_list("pk", "digest")) == kept and not Verdict.objects.filter(rule_id=rules[0].id)


def store_through(monkeypatch, copy_from, rules, ctx, outcomes):
    monkeypatch.setattr(storage, "COPY_FROM", copy_from)
    with CaptureQueriesContext(connection) as queries:
        changes = store(rules, ctx, outcomes)
    return changes, writes(queries)


def reference_rows(monkeypatch, rules, tree, explanation="本期召开会议{n}次"):
    """What the ORM inserts for these outcomes, into an empty table, which is emptied again."""
    ctx = year_slice()
    store_through(monkeypatch, 10**9, rules, ctx, outcomes_of(ctx, rules, tree, explanation))
    rows = stored()
    Verdict.objects.all().delete()
    return rows


def test_copy_inserts_the_same_rows_as_the_orm(tree, rules, monkeypatch):
    postgresql_only()
    expected = reference_rows(monkeypatch, rules, tree)
    ctx = year_slice()
    outcomes = outcomes_of(ctx, rules, tree)
    changes, sql = store_through(monkeypatch, 100, rules, ctx, outcomes)
    assert len(outcomes) > 100 and changes.created == len(outcomes)
    assert not any(statement.startswith("INSERT") for statement in sql)  # by COPY
    assert stored() == expected
    assert store(rules, year_slice(), outcomes_of(year_slice(), rules, tree)) == Changes()  # the digests match


@pytest.mark.parametrize("copy_from", [100, 10**9], ids=["copy", "values or orm"])
def test_rewriting_in_place_stores_the_same_rows_as_inserting_them(tree, rules, monkeypatch, copy_from):
    """On PostgreSQL many changed verdicts go by COPY and one UPDATE … FROM it, fewer by UPDATE … FROM VALUES;
    elsewhere by ``bulk_update``. Each leaves the rows an insert of the new outcomes would have written."""
    if copy_from < 10**9:
        postgresql_only()
    expected = reference_rows(monkeypatch, rules, tree, explanation="新的说明{n}")
    ctx = year_slice()
    store_through(monkeypatch, 10**9, rules, ctx, outcomes_of(ctx, rules, tree))
    before = dict(Verdict.objects.values_list("pk", "created_at"))
    ctx = year_slice()
    outcomes = outcomes_of(ctx, rules, tree, explanation="新的说明{n}")
    changes, sql = store_through(monkeypatch, copy_from, rules, ctx, outcomes)
    assert (changes.created, changes.updated, changes.deleted) == (0, len(outcomes), 0)
    if copy_from < 10**9:
        assert any("changed_verdict" in statement for statement in sql)
    assert stored() == expected
    assert dict(Verdict.objects.values_list("pk", "created_at")) == before  # in place
    assert not Verdict.objects.exclude(updated_at=F("computed_at")).exists()
    assert store(rules, year_slice(), outcomes_of(year_slice(), rules, tree, explanation="新的说明{n}")) == Changes()


def test_a_slice_without_rules_stores_nothing(tree, rules):
    ctx = year_slice()
    store(rules, ctx, outcomes_of(ctx, rules, tree))
    assert store([], year_slice(), []) == Changes()
    assert Verdict.objects.exists()
