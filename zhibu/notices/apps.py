from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "zhibu.notices"
    verbose_name = "党务公开"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.dues.publications import register_publication_source
        from zhibu.notices.inbox import SOURCES
        from zhibu.notices.publications import dues_notices

        register_nav(NavItem("党务公开", "党务公开事项", "notices:list", order=57))
        for source in SOURCES:
            register_source(source)
        register_publication_source(dues_notices)
