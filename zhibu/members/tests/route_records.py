"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

import datetime

from django.utils import timezone

from zhibu.members import transfers
from zhibu.testing import SETUP, make_member


def _members(tree, personas):
    return {key: make_member(getattr(tree, key), name=f"成员{key}") for key in ("a1", "b1")}


def _transfers(tree, personas):
    made = {}
    for key, target in (("a1", "a2"), ("b1", "a1")):
        member = make_member(getattr(tree, key), name=f"转出{key}")
        made[key] = transfers.start_transfer(
            actor=SETUP,
            member=member,
            kind="internal",
            to_organization=getattr(tree, target),
            issued_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    return made


RECORD_BUILDERS = {
    "members.member": _members,
    "members.transfer": _transfers,
}
