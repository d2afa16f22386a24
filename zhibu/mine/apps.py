from django.apps import AppConfig


class MineConfig(AppConfig):
    name = "zhibu.mine"
    verbose_name = "我的"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        # An ordinary member's whole menu (see nav_sections): their own pages and nothing else.
        for order, (label, url_name) in enumerate(
            [
                ("我的会议", "mine:meetings"),
                ("我的党费", "mine:dues"),
                ("我的学时", "mine:training"),
                ("我的通知", "notifications"),
                ("支部通知", "mine:notices"),
                ("党务公开", "mine:public_notices"),
                ("我的档案", "mine:profile"),
            ]
        ):
            register_nav(NavItem("我的", label, url_name, order=3 + order, staff_only=False, member_page=True))
