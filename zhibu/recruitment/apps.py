from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "zhibu.recruitment"
    verbose_name = "发展党员"

    def ready(self):
        from zhibu.recruitment import checks  # noqa: F401 - registers the system check
