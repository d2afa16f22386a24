"""The contracts between core and the apps, as structural types: what scoping and the audit log need of a record and of
whoever acts. The apps' classes match them by shape (the user model, ``CommandActor``, every scoped model), so core
names no app. A leaf module: it imports nothing from zhibu."""

from typing import Protocol, runtime_checkable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

# The lookup from a record to its organisation's materialised path ("organization__path"), or several lookups of
# which any may match (an inspection finding is seen from the inspecting and from the inspected organisation).
ScopePath = str | tuple[str, ...]


@runtime_checkable
class ScopedRecord(Protocol):
    """A model (or its instance) that scoping places in the organisation tree (every ``BaseModel``). A ``scope_path``
    of None, or none at all, marks reference data, readable by every user (``ScopedQuerySet.visible_to``)."""

    @property
    def scope_path(self) -> ScopePath | None: ...


class MemberScopedModel(Protocol):
    """A scoped model whose rows ordinary members may read in part (their meetings, their own record): the class
    says which, for the organisations where the user is a member."""

    def member_scope_q(self, user: "ScopingActor", org_paths: list[str]) -> Q: ...


class ScopingActor(Protocol):
    """Who acts, as scoping sees them: a signed-in user (``zhibu.accounts.models.User``) or a management command
    (``zhibu.core.actors.CommandActor``)."""

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_platform_admin(self) -> bool: ...

    def scope_paths(self, action: str) -> tuple[list[str], list[str]]:
        """(subtree paths where the action is allowed, organisations where the actor is an ordinary member)."""
        ...


class ArchivingActor(ScopingActor, Protocol):
    """An actor that may also hold archivist grants (the user model; a command reads everything anyway)."""

    def archive_paths(self) -> list[str]:
        """The subtrees whose restricted records this actor may still read."""
        ...


class RevealingUser(ScopingActor, Protocol):
    """The user model as field-level masking sees it."""

    def may_reveal(self, path: str) -> bool:
        """Whether full personal data of records in the organisation with this path may be shown."""
        ...

    def reveal_paths(self) -> list[str]:
        """The organisations (by path) in whose subtree full personal data may be shown."""
        ...


# What a scoped query receives: an actor, the anonymous user of a request, or nobody (both see nothing).
Viewer = ScopingActor | AnonymousUser | None


class NamedActor(Protocol):
    """Whoever an audit row names: a user or a command actor."""

    def get_username(self) -> str: ...


# An audit row's actor: a user or command actor, a name such as ``"command:demo"``, or None for the system.
AuditActor = NamedActor | str | None
