from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "zhibu.members"
    verbose_name = "党员"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.members import inbox as members_inbox
        from zhibu.members import panels
        from zhibu.members.results import member_results
        from zhibu.members.sections import register_section
        from zhibu.organizations.hooks import register_dissolve_check
        from zhibu.organizations.panels import register_panel

        register_nav(NavItem("党员", "党员名册", "members:list", order=20))
        register_nav(NavItem("党员", "组织关系转接", "members:transfer_list", order=22))
        register_nav(NavItem("党员", "批量导入", "members:import", order=24, shown_if="may_change_records"))
        register_panel(panels.MEMBERS_PANEL)
        for source in members_inbox.SOURCES:
            register_source(source)
        register_dissolve_check(panels.members_still_enrolled)
        register_section("members.results", member_results)
