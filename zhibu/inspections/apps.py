from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "zhibu.inspections"
    verbose_name = "督查整改"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.inspections import inbox as inspections_inbox
        from zhibu.inspections.panels import RECTIFICATION_PANEL
        from zhibu.organizations.panels import register_panel

        register_nav(NavItem("督查整改", "督查计划", "inspections:plans", order=45))
        register_nav(NavItem("督查整改", "整改事项", "inspections:items", order=46))
        register_panel(RECTIFICATION_PANEL)
        for source in inspections_inbox.SOURCES:
            register_source(source)
