from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "zhibu.activities"
    verbose_name = "组织生活"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("组织生活", "会议与活动", "activities:list", order=30))
        register_nav(NavItem("组织生活", "决议落实", "activities:resolutions", order=32))
