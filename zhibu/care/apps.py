from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "zhibu.care"
    verbose_name = "关心关怀"

    def ready(self):
        from zhibu.care.inbox import SOURCES
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav

        # Only those who keep records see the registry (CareQuerySet); the menu follows.
        register_nav(NavItem("关心关怀", "关怀对象", "care:list", order=55, shown_if="may_change_records"))
        register_nav(NavItem("关心关怀", "走访慰问与帮扶", "care:visits", order=56, shown_if="may_change_records"))
        for source in SOURCES:
            register_source(source)
