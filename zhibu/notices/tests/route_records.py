"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): a published notice with an attachment
in branch A1 and one in B1."""

from zhibu.core.scoping import CHANGE, can
from zhibu.notices.tests.helpers import notice


def _notices(tree, personas):
    return {key: notice(getattr(tree, key), title=f"公开{key}", attach=True) for key in ("a1", "b1")}


RECORD_BUILDERS = {"notices.notice": _notices}
EXTRA_KWARGS = {"notices:attachment": lambda made: {"item": made.attachments.get().pk}}


def _not_the_publisher(user, made) -> bool:
    """Who has read a notice is for the keepers of the publishing organisation only (readers of it get 403)."""
    return not can(user, CHANGE, made.organization.path)


FURTHER_REFUSALS = {"notice-reads": _not_the_publisher}
