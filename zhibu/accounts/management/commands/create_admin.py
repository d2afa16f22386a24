import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhibu.accounts import services
from zhibu.accounts.passwords import one_time_password
from zhibu.accounts.roles import THREE_ADMINS, Role
from zhibu.core.actors import CommandActor
from zhibu.organizations import services as organization_services
from zhibu.organizations.models import Organization, OrganizationKind

ADMIN_ROLES = (Role.GONGWEI_ADMIN, *sorted(THREE_ADMINS))


class Command(BaseCommand):
    help = "建立第一个管理员账号（生产环境没有默认账号）。输出一次性密码，首次登录必须修改。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--full-name", default="", help="姓名")
        parser.add_argument(
            "--role",
            default=Role.GONGWEI_ADMIN,
            choices=[str(r) for r in ADMIN_ROLES],
            help="默认工委管理员；三员可分别建立 system_admin / security_admin / audit_admin",
        )
        parser.add_argument("--org-name", help="尚无组织时，新建的顶级机关工委全称")
        parser.add_argument("--org-code", default="GW0001", help="新建机关工委的组织代码")

    @transaction.atomic
    def handle(self, *args, username, full_name, role, org_name, org_code, **options):
        actor = CommandActor("create_admin")
        root = Organization.objects.filter(parent__isnull=True, kind=OrganizationKind.GONGWEI).order_by("id").first()
        if root is None:
            if not org_name:
                raise CommandError("系统中还没有机关工委，请用 --org-name 提供工委全称")
            root = organization_services.create_organization(
                actor=actor,
                parent=None,
                name=org_name,
                kind=OrganizationKind.GONGWEI,
                code=org_code,
                founded_on=datetime.date.today(),
            )
        password = one_time_password()
        try:
            services.create_user(
                actor=actor,
                username=username,
                full_name=full_name,
                password=password,
                organization=root,
                role=role,
                must_change_password=True,
            )
        except ValidationError as error:
            raise CommandError("未能建立账号：" + "；".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"已建立 {Role(role).label} 账号 {username}（{root.name}）"))
        self.stdout.write(f"一次性密码：{password}")
        self.stdout.write("请当面或通过安全渠道交给本人；首次登录须修改密码并绑定动态口令。")
