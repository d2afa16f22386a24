from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "zhibu.dues"
    verbose_name = "党费"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("党费", "党费收缴", "dues:sheet", order=48))
