from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "zhibu.ratings"
    verbose_name = "星级评定"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.organizations.panels import register_panel
        from zhibu.ratings.panels import STAR_PANEL

        register_nav(NavItem("标准体系", "星级评定", "ratings:sheets", order=43))
        register_panel(STAR_PANEL)
