"""A member's own pages, phone first. Each is declared ``@collection(Member)``: it starts from
``Member.objects.visible_to(user)`` narrowed to ``request.user`` (``services.own_member``) and reads only what hangs on
that one record, so no address names another member. A user without a linked record is told so, never given a 500."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zhibu.core.routes import collection, scoped
from zhibu.members.models import Member
from zhibu.members.sections import sections_for
from zhibu.mine import services
from zhibu.notices import services as notice_services
from zhibu.notices.inbox import unread_notices
from zhibu.notices.models import Notice


def _without_member(request, title: str):
    return render(request, "mine/no_member.html", {"title": title, "message": services.NO_MEMBER})


@login_required
@collection(Member)
def meetings(request):
    member = services.own_member(request.user)
    if member is None:
        return _without_member(request, "我的会议")
    return render(
        request,
        "mine/meetings.html",
        {
            "title": "我的会议",
            "member": member,
            "upcoming": services.upcoming_meetings(request.user, member),
            "past": services.past_meetings(member),
        },
    )


@login_required
@collection(Member)
def dues(request):
    member = services.own_member(request.user)
    if member is None:
        return _without_member(request, "我的党费")
    this_year = timezone.localdate().year
    text = request.GET.get("year", "")
    # Any year in the address is only a filter on the member's own rows; nonsense falls back to this year.
    year = int(text) if text.isdigit() and len(text) == 4 else this_year
    return render(
        request,
        "mine/dues.html",
        {"title": "我的党费", "member": member, "figures": services.dues_year(member, year)},
    )


@login_required
@collection(Member)
def notices(request):
    member = services.own_member(request.user)
    if member is None:
        return _without_member(request, "支部通知")
    return render(
        request,
        "mine/notices.html",
        {"title": "支部通知", "member": member, "notices": services.branch_notices(request.user, member)},
    )


@login_required
@collection(Notice)
def public_notices(request):
    """党务公开: the published notices in period addressed to the member's branch and the organisations above it."""
    today = timezone.localdate()
    notices = list(
        notice_services.addressed_to(request.user, today).filter(pk__in=Notice.objects.visible_to(request.user))[:50]
    )
    unread = {notice.pk for notice in unread_notices(request.user, today)}
    return render(
        request,
        "mine/public_notices.html",
        {"title": "党务公开", "notices": [(notice, notice.pk in unread) for notice in notices]},
    )


@login_required
@scoped(Notice, name="notice")
def public_notice(request, notice):
    """One notice on the member's side; opening it marks it read (once) when the member is among those it addresses."""
    notice_services.mark_read(actor=request.user, notice=notice)
    return render(
        request,
        "mine/public_notice.html",
        {"title": notice.title, "notice": notice, "attachments": list(notice.attachments.all())},
    )


@login_required
@collection(Member)
def profile(request):
    member = services.own_member(request.user)
    if member is None:
        return _without_member(request, "我的档案")
    return render(
        request,
        "mine/profile.html",
        {
            "title": "我的档案",
            "member": member,
            "fields": services.profile_fields(member),
            # What other apps add to a member's record (awards: the honours), each as a card.
            "sections": sections_for(request, member),
        },
    )


@login_required
@collection(Member)
def training(request):
    """My hours this year: the total, where they came from and what is still missing (the training app's sums)."""
    from zhibu.training.views import member_summary

    member = services.own_member(request.user)
    if member is None:
        return _without_member(request, "我的学时")
    context = member_summary(member, timezone.localdate().year)
    return render(request, "mine/training.html", {"title": "我的学时", **context})
