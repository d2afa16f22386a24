from django.apps import AppConfig


class SecretaryReviewsConfig(AppConfig):
    name = "zhibu.secretary_reviews"
    verbose_name = "述职评议"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.members.results import register_result_source
        from zhibu.organizations.panels import register_panel
        from zhibu.secretary_reviews.inbox import SOURCES
        from zhibu.secretary_reviews.panels import GRADE_PANEL
        from zhibu.secretary_reviews.results import SECRETARY_SOURCE

        register_nav(NavItem("评选表彰", "书记述职评议", "secretary_reviews:rounds", order=59))
        register_nav(NavItem("评选表彰", "述职报告", "secretary_reviews:reports", order=60))
        register_panel(GRADE_PANEL)
        register_result_source(SECRETARY_SOURCE)
        for source in SOURCES:
            register_source(source)
