from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "zhibu.training"
    verbose_name = "学习培训"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("学习培训", "学时统计", "training:hours", order=60))
        register_nav(NavItem("学习培训", "培训班", "training:classes", order=61))
        register_nav(NavItem("学习培训", "外部培训", "training:external", order=62))
        register_nav(NavItem("学习培训", "第一议题库", "training:first_topics", order=63))
        register_nav(NavItem("系统", "组织生活学时设置", "training:kind_hours", order=92, shown_if="is_platform_admin"))
