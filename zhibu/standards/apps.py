from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "zhibu.standards"
    verbose_name = "标准体系"

    def ready(self):
        from zhibu.core.derived import on_records_changed
        from zhibu.core.inbox import register_source
        from zhibu.core.labels import register_rule_labeller
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.organizations.panels import register_panel
        from zhibu.standards import checks  # noqa: F401 — registers the catalogue checks
        from zhibu.standards import inbox as standards_inbox
        from zhibu.standards.labels import rule_label
        from zhibu.standards.panels import STANDARDS_PANEL
        from zhibu.standards.services import refresh_after_change

        register_nav(NavItem("标准体系", "达标情况", "standards:sheet", order=38))
        register_nav(NavItem("标准体系", "达标总览", "standards:dashboard", order=39))
        register_nav(NavItem("标准体系", "情况说明", "standards:notes", order=40))
        register_nav(NavItem("标准体系", "标准目录", "standards:catalogue", order=41))
        register_nav(NavItem("标准体系", "参数设置", "standards:overrides", order=42))
        on_records_changed(refresh_after_change)
        register_panel(STANDARDS_PANEL)
        for source in standards_inbox.SOURCES:
            register_source(source)
        register_rule_labeller(rule_label)
