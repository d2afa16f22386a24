from django.apps import AppConfig


class WorklogConfig(AppConfig):
    name = "zhibu.worklog"
    verbose_name = "工作台账"

    def ready(self):
        from zhibu.core.inbox import register_source
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.worklog.inbox import SOURCES

        register_nav(NavItem("工作台账", "工作任务", "worklog:task_list", order=52))
        register_nav(NavItem("工作台账", "年度工作要点", "worklog:plan_list", order=53))
        for source in SOURCES:
            register_source(source)
