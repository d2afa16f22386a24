from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhibu.accounts"
    verbose_name = "用户与权限"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("系统", "账号管理", "accounts:user_list", order=89, shown_if="administers_accounts"))
        register_nav(NavItem("系统", "角色授权", "accounts:grant_list", order=90, shown_if="administers_accounts"))
        register_nav(
            NavItem("系统", "安全管理", "accounts:security", order=93, staff_only=False, shown_if="is_security_admin")
        )
        # The API is for the few who connect other systems; everyone else reaches its docs from their token.
        register_nav(NavItem("系统", "接口文档", "api_docs", order=95, shown_if="may_manage_roles"))
