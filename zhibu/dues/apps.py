from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "zhibu.dues"
    verbose_name = "党费"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.dues import inbox as dues_inbox
        from zhibu.dues.panels import DUES_PANEL
        from zhibu.organizations.panels import register_panel

        register_nav(NavItem("党费", "党费收缴", "dues:sheet", order=48))
        register_nav(NavItem("党费", "党费统计", "dues:totals", order=49))
        register_panel(DUES_PANEL)
        for source in dues_inbox.SOURCES:
            register_source(source)
