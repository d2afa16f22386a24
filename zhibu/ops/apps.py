from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "zhibu.ops"
    verbose_name = "运行维护"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.ops.inbox import SOURCES

        register_nav(NavItem("系统", "计划任务", "ops:jobs", order=94, staff_only=False, shown_if="is_system_admin"))
        for source in SOURCES:
            register_source(source)
