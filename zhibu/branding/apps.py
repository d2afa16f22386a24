from django.apps import AppConfig


class BrandingConfig(AppConfig):
    name = "zhibu.branding"
    verbose_name = "四强党支部与党建品牌"

    def ready(self):
        from zhibu.branding.brand_panels import BRAND_PANEL
        from zhibu.branding.panels import FOUR_STRONG_PANEL
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.organizations.panels import register_panel

        register_nav(NavItem("评选表彰", "“四强”党支部", "branding:list", order=59))
        register_nav(NavItem("评选表彰", "“四强”公示异议", "branding:objections", order=60))
        register_nav(NavItem("评选表彰", "“四强”案例交流", "branding:cases", order=61))
        register_nav(NavItem("评选表彰", "党建品牌", "branding:brands", order=62))
        register_nav(NavItem("评选表彰", "党建品牌项目", "branding:projects", order=63))
        register_nav(NavItem("评选表彰", "党建品牌年度评价", "branding:reviews", order=64))
        register_panel(FOUR_STRONG_PANEL)
        register_panel(BRAND_PANEL)
