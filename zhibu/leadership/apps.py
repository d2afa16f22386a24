from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "zhibu.leadership"
    verbose_name = "领导干部履职"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.leadership.duties import SOURCES

        register_nav(
            NavItem("领导干部履职", "党建联系点", "leadership:contacts", order=57, shown_if="may_change_records")
        )
        register_nav(
            NavItem("领导干部履职", "调研记录", "leadership:research", order=58, shown_if="may_change_records")
        )
        register_nav(
            NavItem("领导干部履职", "书记项目", "leadership:projects", order=59, shown_if="may_change_records")
        )
        for source in SOURCES:
            register_source(source)
