from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "zhibu.quizzes"
    verbose_name = "学习测试与思想动态调查"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("学习教育", "理论测试", "quizzes:list", order=60))
        register_nav(NavItem("学习教育", "题库", "quizzes:banks", order=61))
        register_nav(NavItem("学习教育", "知识竞赛", "quizzes:contests", order=62))
        register_nav(NavItem("学习教育", "测试成绩", "quizzes:results", order=62))
        register_nav(NavItem("学习教育", "思想动态调查", "quizzes:surveys", order=63))
        # The member's side, beside the mine app's pages.
        register_nav(NavItem("我的", "学习测试", "quizzes:mine", order=9, staff_only=False, member_page=True))
        register_nav(
            NavItem("我的", "思想动态调查", "quizzes:my_surveys", order=10, staff_only=False, member_page=True)
        )
