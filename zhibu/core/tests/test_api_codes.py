"""Every code list is readable at /api/v1/codes/ (signed-in users only) and meeting kinds are an enum in the schema."""

from rest_framework.test import APIClient

from zhibu.activities.models import ActivityKind


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_code_lists_with_chinese_labels(personas):
    assert APIClient().get("/api/v1/codes/").status_code == 401
    lists = as_user(personas["党员A1"]).get("/api/v1/codes/").json()
    kinds = {row["code"]: row["label"] for row in lists["meeting_kinds"]["codes"]}
    assert kinds == dict(ActivityKind.objects.values_list("code", "name")) and kinds["general_meeting"]
    assert {"code": "present", "label": "出席"} in lists["attendance_statuses"]["codes"]
    assert {"code": "secretary", "label": "支部书记"} in lists["roles"]["codes"]
    assert lists["member_categories"]["title"] == "人员类别"
    secretary = next(row for row in lists["position_kinds"]["codes"] if row["code"] == "secretary")
    assert secretary["label"] == "书记" and isinstance(secretary["id"], int)
    for name, code_list in lists.items():
        assert code_list["codes"], name
        assert all(any("\u4e00" <= char <= "\u9fff" for char in row["label"]) for row in code_list["codes"]), name


def test_the_schema_lists_codes_as_enums(personas):
    schema = as_user(personas["党员A1"]).get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    field = components["ActivityRequest"]["properties"]["kind"]
    assert "/api/v1/codes/" in field["description"]
    kind = components[field["allOf"][0]["$ref"].rsplit("/", 1)[1]] if "allOf" in field else field
    assert set(kind["enum"]) == set(ActivityKind.objects.values_list("code", flat=True))
    assert "支部党员大会" in kind["description"]
    assert set(components["AttendanceStatusEnum"]["enum"]) >= {"present", "leave", "absent"}
    assert "/api/v1/codes/" in schema["paths"]
