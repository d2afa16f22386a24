from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "zhibu.awards"
    verbose_name = "评选表彰"

    def ready(self):
        from zhibu.awards.inbox import SOURCES
        from zhibu.awards.panels import HONOUR_PANEL, member_honours
        from zhibu.awards.results import HONOUR_SOURCE
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.members.results import register_result_source
        from zhibu.members.sections import register_section
        from zhibu.organizations.panels import register_panel

        register_nav(NavItem("评选表彰", "评选推荐", "awards:list", order=55))
        register_nav(NavItem("评选表彰", "评选与名额", "awards:rounds", order=56))
        register_nav(NavItem("评选表彰", "公示异议", "awards:objections", order=57))
        register_nav(NavItem("评选表彰", "荣誉", "awards:honours", order=58))
        register_panel(HONOUR_PANEL)
        register_section("awards.honours", member_honours)
        register_result_source(HONOUR_SOURCE)
        for source in SOURCES:
            register_source(source)
