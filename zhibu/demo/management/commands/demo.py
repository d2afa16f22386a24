from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from zhibu.accounts.models import User
from zhibu.core.actors import CommandActor
from zhibu.core.audit_guard import maintenance_window
from zhibu.core.audit_models import AuditEvent
from zhibu.demo.builder import DEMO_PASSWORD, DemoBuilder, demo_year
from zhibu.demo.care_year import build_care
from zhibu.demo.dues_year import build_dues
from zhibu.demo.four_strong_year import build_brand, build_four_strong
from zhibu.demo.inspections_year import build_inspections
from zhibu.demo.leadership_year import build_leadership
from zhibu.demo.notices_year import build_notices
from zhibu.demo.ratings_year import build_ratings
from zhibu.demo.reporting_year import build_reporting
from zhibu.demo.secretary_reviews_year import build_secretary_reviews
from zhibu.demo.service_year import build_service
from zhibu.demo.staff_reviews_year import build_staff_reviews
from zhibu.organizations.models import Organization
from zhibu.standards.services import recompute


class Command(BaseCommand):
    help = "建立演示数据（虚构的机关党组织、党员和演示账号）；--seed 相同则数据相同。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2024, help="随机数（默认2024），相同则生成的数据相同")
        parser.add_argument("--reset", action="store_true", help="先清空数据库中的全部数据再建立")

    def set_checkpoints_aside(self):
        """The emptied log starts a new chain, which the old signed checkpoints would call a deletion."""
        path = settings.AUDIT_CHECKPOINT_FILE
        if path.exists():
            aside = path.with_name(f"{path.name}.before-reset-{timezone.now():%Y%m%d%H%M%S}")
            path.rename(aside)
            self.stdout.write(f"原审计检查点文件已改名为 {aside}。")

    def handle(self, *args, seed, reset, **options):
        if not settings.ALLOW_DEMO:
            raise CommandError("生产环境不允许建立演示数据和演示账号（如确需试用，请设置 ZHIBU_ALLOW_DEMO=true）")
        if reset:
            with transaction.atomic(), maintenance_window():  # the demo reset is the one place the log is emptied
                # Deleted first: on PostgreSQL the guard lets flush's TRUNCATE through only on an empty audit table.
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table}")
                call_command("flush", interactive=False, verbosity=0)
            self.set_checkpoints_aside()
        if Organization.objects.exists():
            self.stdout.write("数据库中已有数据，未重复建立演示数据（如需重建请加 --reset）。")
            self.print_accounts(User.objects.filter(is_demo=True).order_by("id"))
            return
        # A bulk load: verdicts are computed once at the end instead of after every record.
        today = timezone.localdate()
        with transaction.atomic(), override_settings(STANDARDS_LIVE_REFRESH=False):
            result = DemoBuilder(seed=seed, today=today).build()
            year = demo_year(today)
            payments = build_dues(today, seed)
            contact_visits = build_leadership(today)
        # The demo's records cover the twelve complete months before today's month. Its year (the year of last month)
        # and the current year are judged; an earlier year would show months "missing" that the demo never recorded.
        for judged in sorted({year, today.year}):
            changes = recompute(actor=CommandActor("demo"), year=judged)
            self.stdout.write(f"{judged}年达标评估：{changes.summary}")
        with transaction.atomic():
            items = build_inspections(today)
            scores = build_ratings(year, seed)
            named = build_four_strong(today, year, seed)
            appraisals = build_secretary_reviews(year, seed)
            staff_review = build_staff_reviews(year, seed)
            brand = build_brand()
            visits = build_care(today, seed)
            wishes = build_service(today)
            notices = build_notices(today, year)
            reports = build_reporting(today)
        self.stdout.write(
            f"督查整改：2个督查计划，{items}项整改事项；星级评定：{scores}项评分；“四强”党支部：{named}；"
            f"党费缴纳{payments}笔；发展党员{result.recruits}人；走访慰问{visits}次；微心愿{wishes}个；"
            f"党务公开{notices}项；联系点活动{contact_visits}次；报送答复{reports}份；书记述职评议：{appraisals}；"
            f"党务工作者考核：{staff_review}；党建品牌：{brand}"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"已建立演示数据：{result.organizations}个党组织，{result.members}名党员，"
                f"近一年{result.activities}次组织生活，中心组学习{result.theory_sessions}次，"
                f"竞赛答卷{result.contest_sheets}份（--seed {seed}）"
            )
        )
        self.print_accounts(User.objects.filter(is_demo=True).order_by("id"))

    def print_accounts(self, users):
        self.stdout.write("演示账号（仅供演示，生产环境不存在）：")
        for user in users:
            grants = "；".join(f"{g.get_role_display()}·{g.organization}" for g in user.role_grants.all())
            self.stdout.write(f"  {user.username:<10} 密码 {DEMO_PASSWORD}   {grants}")
