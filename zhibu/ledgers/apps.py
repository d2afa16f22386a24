from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "zhibu.ledgers"
    verbose_name = "台账"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("台账报表", "台账", "ledgers:list", order=47))
