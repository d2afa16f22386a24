"""G12: malicious uploads are refused; what is accepted is cleaned and served only to those in scope."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook
from PIL import Image

from zhibu.core.models import Attachment
from zhibu.core.uploads import store_upload
from zhibu.testing import SETUP, blank_pdf, make_member

WORD_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="{}"/></Types>'
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def office_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(main=DOCX_MAIN, extra=None) -> bytes:
    return office_zip(
        {"[Content_Types].xml": WORD_TYPES.format(main).encode(), "word/document.xml": b"<w/>", **(extra or {})}
    )


def image_bytes(kind="PNG", size=(40, 30), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind, **save)
    return buffer.getvalue()


def put(tree, name, data):
    return store_upload(actor=SETUP, organization=tree.a1, purpose="test", upload=SimpleUploadedFile(name, data))


def xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


MALICIOUS = {
    "zip bomb": ("bomb.docx", lambda: docx(extra={"word/media/zeros.bin": b"\0" * (20 * 1024 * 1024)}), "压缩炸弹"),
    "macro document (.docm type)": ("report.docx", lambda: docx(main=DOCM_MAIN), "宏"),
    "macro project inside a .docx": ("report.docx", lambda: docx(extra={"word/vbaProject.bin": b"x"}), "宏"),
    "path traversal inside the zip": ("report.docx", lambda: docx(extra={"../../evil.txt": b"x"}), "路径异常"),
    "svg with script": (
        "logo.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "只能上传",
    ),
    "svg disguised as png": ("logo.png", lambda: b'<svg onload="alert(1)"/>', "不符"),
    "html disguised as jpg": ("photo.jpg", lambda: b"<html><script>alert(1)</script></html>", "不符"),
    "pdf with javascript": (
        "a.pdf",
        lambda: b"%PDF-1.4\n1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n%%EOF",
        "脚本",
    ),
    "pdf/html polyglot": ("a.pdf", lambda: b"%PDF-1.4\n<html><script>x</script></html>\n%%EOF", "脚本"),
    "pixel flood": ("huge.png", lambda: image_bytes_1bit((12000, 12000)), "尺寸过大"),
    "truncated image": ("x.png", lambda: image_bytes()[:60], "损坏"),
    # Pillow raises SyntaxError for a chunk whose checksum is wrong: once a 500.
    "png with a bad chunk checksum": (
        "x.png",
        lambda: bytes.fromhex(
            "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
            "53de0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
        ),
        "损坏",
    ),
    "executable": ("setup.exe", lambda: b"MZ\x90\x00", "只能上传"),
    "pdf named as docx": ("a.docx", lambda: b"%PDF-1.4\n%%EOF", "不符"),
    "xlsx named as docx": ("a.docx", xlsx, "不符"),
}


def image_bytes_1bit(size) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("case", sorted(MALICIOUS))
def test_malicious_uploads_are_refused(tree, case):
    name, build, fragment = MALICIOUS[case]
    with pytest.raises(ValidationError) as caught:
        put(tree, name, build())
    assert fragment in " ".join(caught.value.messages), caught.value.messages
    assert Attachment.objects.count() == 0


def test_images_are_re_encoded_without_exif_or_trailing_payload(tree):
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    exif[0x8825] = {1: "N"}
    data = image_bytes("JPEG", exif=exif.tobytes()) + b"<html><script>alert(1)</script></html>"
    stored = put(tree, "photo.jpg", data)
    from django.conf import settings

    content = (settings.MEDIA_ROOT / "attachments" / stored.stored_name).read_bytes()
    assert b"TestCam" not in content and b"<script" not in content
    assert not Image.open(io.BytesIO(content)).getexif()
    assert stored.content_type == "image/jpeg" and stored.original_name == "photo.jpg"


def test_allowed_documents_are_accepted(tree):
    assert put(tree, "a.docx", docx()).content_type.endswith("wordprocessingml.document")
    assert put(tree, "b.xlsx", xlsx()).content_type.endswith("spreadsheetml.sheet")
    assert put(tree, "c.pdf", blank_pdf()).content_type == "application/pdf"
    assert put(tree, "../../etc/d.png", image_bytes()).original_name == "d.png"


def test_files_are_served_only_within_scope(tree, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = make_member(tree.a1)
    secretary = Client()
    secretary.force_login(personas["支部书记A1"])
    response = secretary.post(f"/members/{member.pk}/photo/", {"file": SimpleUploadedFile("me.png", image_bytes())})
    assert response.status_code == 302
    member.refresh_from_db()
    url = f"/files/{member.photo_id}/"
    got = secretary.get(url)
    assert got.status_code == 200 and got["Content-Type"] == "image/png" and "sandbox" in got["Content-Security-Policy"]
    other = Client()
    other.force_login(personas["支部书记B1"])
    assert other.get(url).status_code == 404
    assert Client().get(url).status_code == 302
    refused = secretary.post(f"/members/{member.pk}/photo/", {"file": SimpleUploadedFile("me.svg", b"<svg/>")})
    assert refused.status_code == 200 and "只能上传" in refused.content.decode()
