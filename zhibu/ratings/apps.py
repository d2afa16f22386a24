from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "zhibu.ratings"
    verbose_name = "星级评定"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("标准体系", "星级评定", "ratings:sheets", order=43))
