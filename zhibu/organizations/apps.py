from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "zhibu.organizations"
    verbose_name = "党组织"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("组织", "组织架构", "organizations:list", order=10))
        register_nav(NavItem("组织", "单位", "organizations:unit_list", order=12))
