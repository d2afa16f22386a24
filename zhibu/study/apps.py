from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "zhibu.study"
    verbose_name = "学习清单"

    def ready(self):
        from zhibu.activities.plan_extras import register_meeting_note, register_plan_extra
        from zhibu.core.models import register_attachment_readers
        from zhibu.core.navigation import NavItem, register_nav
        from zhibu.study.models import material_files_readable_by
        from zhibu.study.proposals import PLAN_EXTRA
        from zhibu.study.theory import session_hours
        from zhibu.study.views import meeting_note
        from zhibu.training.hours import register_hours_source

        register_nav(NavItem("学习培训", "学习清单", "study:lists", order=64))
        register_plan_extra(PLAN_EXTRA)
        register_meeting_note(meeting_note)
        register_attachment_readers(material_files_readable_by)
        register_hours_source(session_hours)
        register_nav(NavItem("学习培训", "理论学习中心组", "study:theory_groups", order=65))
