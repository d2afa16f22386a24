from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "zhibu.recruitment"
    verbose_name = "发展党员"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.recruitment import checks  # noqa: F401 - registers the system check
        from zhibu.recruitment.inbox import SOURCES

        register_nav(NavItem("党员", "发展党员", "recruitment:list", order=23))
        register_nav(NavItem("党员", "发展党员看板", "recruitment:board", order=24))
        for source in SOURCES:
            register_source(source)
