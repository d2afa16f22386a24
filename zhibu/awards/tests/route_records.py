"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1 (its round set by
党委A), one in B1 (党委B)."""

import time_machine

from zhibu.awards import services
from zhibu.awards.tests.helpers import OBJECTED, at, walked
from zhibu.testing import SETUP


def _nominations(tree, personas, through="publicise"):
    return {key: walked(getattr(tree, key), getattr(tree, key[0]), through=through) for key in ("a1", "b1")}


def _rounds(tree, personas):
    return {key: nomination.round for key, nomination in _nominations(tree, personas).items()}


def _objections(tree, personas):
    made = {}
    for key, nomination in _nominations(tree, personas).items():
        with time_machine.travel(at(OBJECTED), tick=False):
            made[key] = services.record_objection(
                actor=SETUP, nomination=nomination, received_on=OBJECTED, content="反映其工作中有迟到现象"
            )
    return made


def _honours(tree, personas):
    return {key: nomination.honour for key, nomination in _nominations(tree, personas, through="decide").items()}


RECORD_BUILDERS = {
    "awards.awardround": _rounds,
    "awards.nomination": _nominations,
    "awards.objection": _objections,
    "awards.honour": _honours,
}
