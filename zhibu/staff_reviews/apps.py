from django.apps import AppConfig


class StaffReviewsConfig(AppConfig):
    name = "zhibu.staff_reviews"
    verbose_name = "党务工作者考核"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("评选表彰", "党务工作者考核", "staff_reviews:rounds", order=61))
