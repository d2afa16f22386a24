"""A study list's material files reach whoever the list reaches: the branches (and their members) below the issuer,
never another agency's."""

from django.core.files.uploadedfile import SimpleUploadedFile

from zhibu.accounts.roles import Role
from zhibu.activities.models import ActivityKind
from zhibu.core.uploads import store_upload
from zhibu.study import services
from zhibu.study.tests.helpers import monthly_list
from zhibu.testing import SETUP, blank_pdf, make_member, persona


def _list_with_file(organization):
    made = monthly_list(organization, titles=())
    topic = services.add_topic(
        actor=SETUP,
        study_list=made,
        title="学习党章",
        suggested_form="collective",
        kinds=ActivityKind.objects.filter(code="general_meeting"),
        upload=SimpleUploadedFile("党章学习材料.pdf", blank_pdf()),
    )
    return made, topic.attachments.get()


def test_material_files_are_readable_below_the_issuer_only(tree, personas, client_as):
    made, item = _list_with_file(tree.a)
    url = f"/files/{item.pk}/"
    for name in ("党委管理员A", "支部书记A1", "党员A1", "工委管理员"):
        reader = client_as(personas[name])
        assert reader.get(url).status_code == 200, name
        assert url in reader.get(f"/study/{made.pk}/").content.decode(), name
    member_b1 = persona("member_b1", tree.b1, Role.MEMBER, member=make_member(tree.b1, name="乙支部党员"))
    for stranger in (client_as(member_b1), client_as(personas["支部书记B1"])):
        assert stranger.get(url).status_code == 404


def test_sharing_a_list_shares_no_other_file_of_the_issuer(tree, personas, client_as):
    _list_with_file(tree.a)
    own = store_upload(
        actor=SETUP, organization=tree.a, purpose="其他", upload=SimpleUploadedFile("内部.pdf", blank_pdf())
    )
    assert client_as(personas["支部书记A1"]).get(f"/files/{own.pk}/").status_code == 404
    assert client_as(personas["党委管理员A"]).get(f"/files/{own.pk}/").status_code == 200
