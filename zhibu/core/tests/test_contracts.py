"""The Protocols of ``zhibu/core/contracts.py`` hold for the classes that play them. The typed functions below are
checked by mypy (CI): if the user model or the command actor stops matching its contract, the type check fails; the
tests check at run time what the type checker cannot see (class attributes read by name)."""

import inspect

from django.apps import apps

from zhibu.accounts.models import User
from zhibu.core.actors import CommandActor
from zhibu.core.contracts import ArchivingActor, NamedActor, RevealingUser, ScopedRecord, ScopingActor
from zhibu.core.scoping import ScopedQuerySet
from zhibu.standards.registry import EvaluatorFunction, registered


def _user_plays_every_part(user: User) -> tuple[RevealingUser, ArchivingActor, NamedActor]:
    return user, user, user


def _command_acts_and_is_named(command: CommandActor) -> tuple[ScopingActor, NamedActor]:
    return command, command


def _scoped_models() -> list[type]:
    return [
        model
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), ScopedQuerySet) and model.__module__.startswith("zhibu.")
    ]


def test_every_scope_path_is_a_lookup_or_lookups() -> None:
    for model in _scoped_models():
        if not isinstance(model, ScopedRecord) or model.scope_path is None:
            continue  # reference data: no organisation, readable by everyone
        path = model.scope_path
        lookups = (path,) if isinstance(path, str) else path
        assert lookups and all(isinstance(lookup, str) and lookup.endswith("path") for lookup in lookups), model


def test_scoped_models_exist_on_both_sides_of_the_contract() -> None:
    scoped = [model for model in _scoped_models() if getattr(model, "scope_path", None) is not None]
    assert len(scoped) > 10


def test_every_evaluator_takes_a_rule_and_a_context() -> None:
    for entry in registered().values():
        function: EvaluatorFunction = entry.function
        assert list(inspect.signature(function).parameters) == ["rule", "ctx"], entry.name


def test_the_command_actor_sees_everything() -> None:
    actor: ScopingActor = CommandActor("test")
    assert actor.scope_paths("view") == ([""], [])
    assert isinstance(_command_acts_and_is_named(CommandActor("test"))[1].get_username(), str)
