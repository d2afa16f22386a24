"""For the route test: one record of each scoped model in branch A1 (the personas' own) and one in branch B1 (a
stranger's), made through the services. A model whose routes open a record needs an entry here; the test says so."""

import datetime

from django.utils import timezone

from zhibu.members import transfers
from zhibu.testing import SETUP, make_member


def _members(tree, personas):
    return {key: make_member(getattr(tree, key), name=f"成员{key}") for key in ("a1", "b1")}


def _organizations(tree, personas):
    return {key: getattr(tree, key) for key in ("a1", "b1")}


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


# model label → builder(tree, personas) → {"a1": record, "b1": record}
RECORD_BUILDERS = {
    "members.member": _members,
    "organizations.organization": _organizations,
    "members.transfer": _transfers,
}

# route name → extra URL arguments beyond the record's id, from the record: for routes that name two records.
EXTRA_KWARGS = {}
