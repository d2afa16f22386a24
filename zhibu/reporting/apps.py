from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "zhibu.reporting"
    verbose_name = "工作报送"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.organizations.panels import register_panel
        from zhibu.reporting.inbox import SOURCES
        from zhibu.reporting.panels import BURDEN_PANEL

        register_nav(NavItem("工作报送", "报送情况", "reporting:list", order=57, shown_if="may_change_records"))
        register_nav(NavItem("工作报送", "报送要求", "reporting:requests", order=58, shown_if="may_change_records"))
        register_nav(NavItem("工作报送", "报送负担统计", "reporting:burden", order=59, shown_if="may_change_records"))
        register_panel(BURDEN_PANEL)
        for source in SOURCES:
            register_source(source)
