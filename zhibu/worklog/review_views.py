"""The issuer's 季度点评 forms: a new comment on a task for a quarter, and the correction of one already written. Both
pages are the issuing organisation's: the owner's keepers, who can change the task, still may not review it."""

from django.utils import timezone

from zhibu.core.generic import ServiceFormView
from zhibu.core.scoping import CHANGE, require
from zhibu.worklog import reviews
from zhibu.worklog.forms import QuarterlyReviewForm, ReviewEditForm
from zhibu.worklog.models import Review, Task
from zhibu.worklog.views import TASK_RELATED


class IssuerOnly:
    """Loaded with CHANGE on the record (either side), then refused unless the user keeps the issuing organisation."""

    def task(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        require(request.user, CHANGE, self.task().plan)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        require(request.user, CHANGE, self.task().plan)
        return super().post(request, *args, **kwargs)


class ReviewCreate(IssuerOnly, ServiceFormView):
    model = Task
    creates = Review
    form_class = QuarterlyReviewForm
    select_related = TASK_RELATED
    template_name = "worklog/form.html"

    def task(self):
        return self.object

    def form_kwargs(self):
        return {"quarters": reviews.reviewable_quarters(self.object, timezone.localdate())}

    def service(self):
        return reviews.write_review

    def title(self):
        return f"季度点评：{self.object}"

    def intro(self):
        return "每项任务每季度点评一次，可附0至100的评分；已点评的季度请在任务页面修改原点评。"

    def extra_context(self):
        return {"task": self.object}

    def success_url(self, result):
        return self.object.get_absolute_url()

    def message(self, result):
        return f"已点评{result.period}"


class ReviewEdit(IssuerOnly, ServiceFormView):
    model = Review
    form_class = ReviewEditForm
    select_related = ("task__owner", "task__point__section__plan__issuer")
    template_name = "worklog/form.html"

    def task(self):
        return self.object.task

    def initial(self):
        return {"comment": self.object.comment, "score": self.object.score}

    def service(self):
        return reviews.edit_review

    def title(self):
        return f"修改{self.object.period}点评：{self.object.task}"

    def extra_context(self):
        return {"task": self.object.task}

    def message(self, result):
        return f"已修改{result.period}点评"
