from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "zhibu.inbox"
    verbose_name = "待办"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("工作台", "我的待办", "inbox:index", order=1, staff_only=False))
