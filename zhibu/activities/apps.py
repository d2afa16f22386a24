from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "zhibu.activities"
    verbose_name = "组织生活"

    def ready(self):
        from zhibu.activities import inbox as activities_inbox
        from zhibu.activities.panels import LIFE_PANEL
        from zhibu.activities.results import APPRAISAL_PANEL, APPRAISAL_SOURCE
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.members.results import register_result_source
        from zhibu.organizations.panels import register_panel

        register_panel(LIFE_PANEL)
        register_result_source(APPRAISAL_SOURCE)
        register_panel(APPRAISAL_PANEL)
        for source in activities_inbox.SOURCES:
            register_source(source)

        register_nav(NavItem("组织生活", "会议与活动", "activities:list", order=30))
        register_nav(NavItem("组织生活", "会议日历", "activities:calendar", order=31, staff_only=False))
        register_nav(NavItem("组织生活", "决议落实", "activities:resolutions", order=32))
        register_nav(NavItem("组织生活", "谈心谈话", "activities:talks", order=34))
        register_nav(NavItem("组织生活", "民主评议", "activities:appraisals", order=36))
        register_nav(NavItem("系统", "活动类型设置", "activities:kinds", order=91, shown_if="is_platform_admin"))
