from django.apps import AppConfig


class StaffReviewsConfig(AppConfig):
    name = "zhibu.staff_reviews"
    verbose_name = "党务工作者考核"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.members.results import register_result_source
        from zhibu.organizations.panels import register_panel
        from zhibu.staff_reviews.inbox import SOURCES
        from zhibu.staff_reviews.panels import STAFF_GRADE_PANEL
        from zhibu.staff_reviews.results import STAFF_SOURCE

        register_nav(NavItem("评选表彰", "党务工作者考核", "staff_reviews:rounds", order=61))
        register_result_source(STAFF_SOURCE)
        register_panel(STAFF_GRADE_PANEL)
        for source in SOURCES:
            register_source(source)
