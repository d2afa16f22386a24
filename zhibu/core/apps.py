from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhibu.core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from zhibu.core.audit_guard import register_sqlite_function
        from zhibu.core.navigation import NavItem, register_nav

        connection_created.connect(register_sqlite_function, dispatch_uid="zhibu_audit_maintenance")
        register_nav(NavItem("系统", "审计日志", "audit_list", order=92, staff_only=False, shown_if="may_read_audit"))
