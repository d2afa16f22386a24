from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "zhibu.integrity"
    verbose_name = "廉政风险防控"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.integrity.inbox import SOURCES

        # The discipline records have no menu item: the risk register links to them for 纪检 and the committee only.
        register_nav(NavItem("廉政风险防控", "廉政风险点", "integrity:risks", order=57))
        for source in SOURCES:
            register_source(source)
