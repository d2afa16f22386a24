from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "zhibu.complaints"
    verbose_name = "效能投诉"

    def ready(self):
        from zhibu.complaints.inbox import SOURCES
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("效能投诉", "群众投诉", "complaints:list", order=50))
        register_nav(NavItem("效能投诉", "投诉受理点", "complaints:intake_points", order=51))
        register_nav(NavItem("效能投诉", "投诉回访", "complaints:return_visits", order=52))
        register_nav(NavItem("效能投诉", "投诉统计", "complaints:statistics", order=53))
        register_nav(NavItem("系统", "投诉类别设置", "complaints:kinds", order=91, shown_if="is_platform_admin"))
        for source in SOURCES:
            register_source(source)
        from zhibu.complaints.services import complaints_of_item
        from zhibu.inspections.sources import register_item_source

        register_item_source(complaints_of_item)
