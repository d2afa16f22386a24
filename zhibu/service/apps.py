from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "zhibu.service"
    verbose_name = "为民服务"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.members.sections import register_section
        from zhibu.service.panels import member_service

        register_section("service.hours", member_service)

        for order, (label, url_name) in enumerate(
            [
                ("微心愿", "service:wishes"),
                ("我为群众办实事", "service:projects"),
                ("志愿服务记录", "service:records"),
                ("党员双报到", "service:registrations"),
                ("双百共建", "service:pairings"),
                ("社区", "service:communities"),
            ]
        ):
            register_nav(NavItem("为民服务", label, url_name, order=55 + order))
        # The member's phone side: claim wishes, see one's own services and hours.
        register_nav(NavItem("我的", "为民服务", "service:mine", order=8, staff_only=False, member_page=True))
