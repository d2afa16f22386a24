"""The test tree and personas replayed from a recording leave every table exactly as building them does."""

from django.apps import apps
from django.db import models, transaction

from zhibu import testing_replay
from zhibu.core.derived import changes_collected
from zhibu.organizations.models import Organization
from zhibu.testing import build_personas, build_tree, make_org


def _every_table() -> dict[str, list[str]]:
    """Each table's rows without their timestamps and own ids (a refresh stamps its verdicts with its own time, and on
    PostgreSQL numbers them from a sequence that a rollback does not wind back); the references between rows stay."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        columns = [
            field.attname
            for field in model._meta.concrete_fields
            if not isinstance(field, models.DateTimeField) and not field.primary_key
        ]
        rows = model._base_manager.values_list(*columns)
        tables[model._meta.db_table] = sorted(map(repr, rows))
    return tables


def _built_then_rolled_back() -> tuple[dict, dict, dict]:
    """As the ``personas`` fixture builds them: the verdicts refreshed once at the end of the set-up."""
    with transaction.atomic():
        with changes_collected():
            tree = build_tree()
            personas = build_personas(tree)
        seen = _every_table()
        names = {name: (user.pk, user.username, user.role_grants.count()) for name, user in personas.items()}
        transaction.set_rollback(True)
    return seen, names, {name: organization.pk for name, organization in vars(tree).items()}


def test_a_replay_leaves_every_table_as_the_build_does(db):
    testing_replay._recordings.clear()
    built, built_personas, built_tree = _built_then_rolled_back()
    assert testing_replay._recordings, "the build was recorded"
    replayed, replayed_personas, replayed_tree = _built_then_rolled_back()
    assert replayed == built
    assert replayed_personas == built_personas and replayed_tree == built_tree
    assert len(built["standards_verdict"]) > 50  # the refresh ran on both


def test_a_test_with_its_own_records_first_builds_through_the_services(db):
    testing_replay._recordings.clear()
    _built_then_rolled_back()
    make_org(None, "另一个工委", "gongwei")
    recorded = dict(testing_replay._recordings)
    tree = build_tree()
    assert tree.gongwei.name == "测试工委" and tree.a.parent_id == tree.gongwei.pk
    assert Organization.objects.count() == 10 and testing_replay._recordings == recorded
