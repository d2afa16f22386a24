from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "zhibu.committees"
    verbose_name = "班子与届次"

    def ready(self):
        from zhibu.committees import inbox as committees_inbox
        from zhibu.committees import panels
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.organizations.panels import register_panel

        register_nav(NavItem("组织", "换届提醒", "committees:term_status", order=14))
        register_nav(
            NavItem("系统", "委员职务设置", "committees:position_kinds", order=91, shown_if="is_platform_admin")
        )
        register_panel(panels.COMMITTEE_PANEL)
        for source in committees_inbox.SOURCES:
            register_source(source)
