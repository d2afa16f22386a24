"""Issue 16 item 11: uploads that used to pass the check. PDFs are read with a real parser (pypdf), so a script hidden
in a compressed object stream or behind an escaped name is found; zips are measured by inflating every entry, never
by what their directory says; Office files with OLE objects, ActiveX, external links or remote templates are refused.
Each hostile file is built here."""

import io
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from zhibu.core.models import Attachment
from zhibu.core.uploads import store_upload
from zhibu.testing import SETUP, blank_pdf

WORD_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>{}</Types>'
)
RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{}</Relationships>"
)
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def put(tree, name: str, data: bytes):
    return store_upload(actor=SETUP, organization=tree.a1, purpose="test", upload=SimpleUploadedFile(name, data))


def refused(tree, name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        put(tree, name, data)
    assert Attachment.objects.count() == 0
    return " ".join(caught.value.messages)


def pdf(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def open_action(**entries):
    def change(writer):
        action = DictionaryObject({NameObject(key): value for key, value in entries.items()})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    return change


def javascript_names_tree(writer):
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1);")}
    )
    names = ArrayObject([TextStringObject("init"), writer._add_object(script)])
    tree = DictionaryObject({NameObject("/Names"): names})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def pdf_with_object_stream(action: bytes) -> bytes:
    """A PDF 1.5 whose only action lives inside a compressed object stream (object 4 in stream 5), found through a
    cross-reference stream: the raw bytes show no name at all."""
    header = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
    objects = {
        1: b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
    }
    inner_offset = len(b"4 0 ")
    stream_body = zlib.compress(b"4 0 " + action)
    body = bytearray(header)
    offsets = {}
    for number, content in objects.items():
        offsets[number] = len(body)
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    offsets[5] = len(body)
    body += (
        b"5 0 obj\n<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
        % (inner_offset, len(stream_body))
        + stream_body
        + b"\nendstream\nendobj\n"
    )
    xref_at = len(body)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    for number in (1, 2, 3):
        rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    rows.append(b"\x02" + (5).to_bytes(4, "big") + b"\x00\x00")  # object 4: index 0 of stream 5
    rows.append(b"\x01" + offsets[5].to_bytes(4, "big") + b"\x00\x00")
    rows.append(b"\x01" + xref_at.to_bytes(4, "big") + b"\x00\x00")
    table = zlib.compress(b"".join(rows))
    body += (
        b"6 0 obj\n<</Type/XRef/Size 7/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length %d>>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )
    return bytes(body)


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(extra=None, types="", document_rels="") -> bytes:
    entries = {
        "[Content_Types].xml": WORD_TYPES.format(types).encode(),
        "word/document.xml": b"<w/>",
        "word/_rels/document.xml.rels": RELS.format(document_rels).encode(),
    }
    return zip_of({**entries, **(extra or {})})


def xlsx(extra=None) -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    source = zipfile.ZipFile(buffer)
    return zip_of({**{entry.filename: source.read(entry) for entry in source.infolist()}, **(extra or {})})


def lying_directory(data: bytes, member: str, claimed: int) -> bytes:
    """Patch the uncompressed size of one member, in its local header and in the central directory."""
    patched = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    patched[info.header_offset + 22 : info.header_offset + 26] = claimed.to_bytes(4, "little")
    central = patched.find(b"PK\x01\x02")
    while patched[central + 46 : central + 46 + len(member)] != member.encode():
        central = patched.find(b"PK\x01\x02", central + 4)
    patched[central + 24 : central + 28] = claimed.to_bytes(4, "little")
    return bytes(patched)


PDF_CASES = {
    "javascript in the names tree": (lambda: pdf(javascript_names_tree), "脚本"),
    "javascript open action": (
        lambda: pdf(open_action(**{"/S": NameObject("/JavaScript"), "/JS": TextStringObject("app.alert(1)")})),
        "脚本",
    ),
    "javascript hidden in an object stream": (
        lambda: pdf_with_object_stream(b"<</S/JavaScript/JS(app.alert\\(1\\))>>"),
        "脚本",
    ),
    "escaped name in an object stream": (
        lambda: pdf_with_object_stream(b"<</S/J#61vaScript/J#53(app.alert\\(1\\))>>"),
        "脚本",
    ),
    "launch action in an object stream": (
        lambda: pdf_with_object_stream(b"<</S/Launch/F(cmd.exe)>>"),
        "启动外部程序",
    ),
    "launch action": (
        lambda: pdf(open_action(**{"/S": NameObject("/Launch"), "/F": TextStringObject("calc.exe")})),
        "启动外部程序",
    ),
    "uri link": (
        lambda: pdf(lambda w: w.add_annotation(0, Link(rect=(50, 50, 200, 80), url="http://example.invalid/"))),
        "网址链接",
    ),
    "submit form": (
        lambda: pdf(
            open_action(
                **{
                    "/S": NameObject("/SubmitForm"),
                    "/F": DictionaryObject({NameObject("/F"): TextStringObject("http://example.invalid/")}),
                }
            )
        ),
        "提交表单",
    ),
    "import data": (
        lambda: pdf(open_action(**{"/S": NameObject("/ImportData"), "/F": TextStringObject("data.fdf")})),
        "导入数据",
    ),
    "remote go-to": (
        lambda: pdf(
            open_action(
                **{
                    "/S": NameObject("/GoToR"),
                    "/F": TextStringObject("\\\\server\\share\\x.pdf"),
                    "/D": ArrayObject([NumberObject(0), NameObject("/Fit")]),
                }
            )
        ),
        "其他文件",
    ),
    "additional actions on a page": (
        lambda: pdf(
            lambda w: w.pages[0].__setitem__(
                NameObject("/AA"),
                DictionaryObject(
                    {
                        NameObject("/O"): DictionaryObject(
                            {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): ArrayObject([NumberObject(0)])}
                        )
                    }
                ),
            )
        ),
        "自动执行",
    ),
    "embedded file": (lambda: pdf(lambda w: w.add_attachment("setup.exe", b"MZ\x90\x00")), "嵌入文件"),
    "rich media": (
        lambda: pdf(open_action(**{"/S": NameObject("/RichMediaExecute"), "/TA": DictionaryObject()})),
        "多媒体",
    ),
    "password protected": (lambda: pdf(lambda w: w.encrypt("secret", algorithm="AES-128")), "密码"),
    "damaged beyond parsing": (lambda: b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n", "损坏"),
}


@pytest.mark.parametrize("case", sorted(PDF_CASES))
def test_hostile_pdfs_are_refused(tree, case):
    build, fragment = PDF_CASES[case]
    message = refused(tree, "report.pdf", build())
    assert fragment in message and "PDF" in message, message


def test_ordinary_pdfs_still_pass(tree):
    """A plain page, an opening view (an /OpenAction that is only a destination) and an outline are not actions."""
    assert put(tree, "a.pdf", blank_pdf()).content_type == "application/pdf"

    def view_and_outline(writer):
        writer._root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/Fit")]
        )
        writer.add_outline_item(title="第一页", page_number=0)

    assert put(tree, "b.pdf", pdf(view_and_outline)).content_type == "application/pdf"
    assert put(tree, "c.pdf", pdf_with_object_stream(b"<</S/GoTo/D[3 0 R/Fit]>>")).content_type == "application/pdf"


ZERO_MB = b"\0" * (1024 * 1024)
OFFICE_CASES = {
    # The directory says 1 KB for 30 MB of zeros: summing the directory saw a 1 KB document.
    "zip bomb with a lying directory": (
        "a.docx",
        lambda: lying_directory(docx({"word/media/a.bin": ZERO_MB * 30}), "word/media/a.bin", 1024),
        "压缩炸弹",
    ),
    "directory understating a part": (
        "a.docx",
        lambda: lying_directory(docx({"word/media/a.txt": b"abc" * 5000}), "word/media/a.txt", 100),
        "不符",
    ),
    "ole object in a docx": ("a.docx", lambda: docx({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}), "OLE"),
    "embedded package in an xlsx": (
        "a.xlsx",
        lambda: xlsx({"xl/embeddings/Microsoft_Word_Document.docx": b"PK"}),
        "嵌入的对象",
    ),
    "ole object content type": (
        "a.docx",
        lambda: docx(
            types='<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'
        ),
        "OLE",
    ),
    "activex control": ("a.docx", lambda: docx({"word/activeX/activeX1.xml": b"<ax/>"}), "ActiveX"),
    "macro project in an xlsx": ("a.xlsx", lambda: xlsx({"xl/vbaProject.bin": b"x"}), "宏"),
    "external workbook link": (
        "a.xlsx",
        lambda: xlsx({"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}),
        "外部链接",
    ),
    "remote template": (
        "a.docx",
        lambda: docx(
            {
                "word/_rels/settings.xml.rels": RELS.format(
                    f'<Relationship Id="r1" Type="{REL_BASE}attachedTemplate" '
                    'Target="http://example.invalid/t.dotm" TargetMode="External"/>'
                ).encode()
            }
        ),
        "外部文件或网址",
    ),
    "external picture on a file share": (
        "a.docx",
        lambda: docx(
            document_rels=f'<Relationship Id="r2" Type="{REL_BASE}image" Target="\\\\server\\share\\a.png" '
            'TargetMode="External"/>'
        ),
        "外部文件或网址",
    ),
    "hyperlink to a file share": (
        "a.docx",
        lambda: docx(
            document_rels=f'<Relationship Id="r3" Type="{REL_BASE}hyperlink" Target="file://server/share/x.exe" '
            'TargetMode="External"/>'
        ),
        "外部文件或网址",
    ),
    "entity declaration in relationships": (
        "a.docx",
        lambda: docx({"word/_rels/x.rels": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><Relationships/>'}),
        "结构异常",
    ),
}


@pytest.mark.parametrize("case", sorted(OFFICE_CASES))
def test_hostile_office_files_are_refused(tree, case):
    name, build, fragment = OFFICE_CASES[case]
    message = refused(tree, name, build())
    assert fragment in message, message


def test_ordinary_office_files_still_pass(tree):
    """A web hyperlink is an external relationship a reader must click: it stays allowed."""
    link = f'<Relationship Id="r9" Type="{REL_BASE}hyperlink" Target="https://www.gov.cn/" TargetMode="External"/>'
    assert put(tree, "a.docx", docx(document_rels=link)).content_type.endswith("wordprocessingml.document")
    assert put(tree, "b.xlsx", xlsx()).content_type.endswith("spreadsheetml.sheet")


def test_a_refused_upload_leaves_no_file_behind(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for name, build, _ in OFFICE_CASES.values():
        with pytest.raises(ValidationError):
            put(tree, name, build())
    for build, _ in PDF_CASES.values():
        with pytest.raises(ValidationError):
            put(tree, "x.pdf", build())
    assert not any(Path(tmp_path).rglob("*.*"))


def test_hostile_uploads_through_a_form_are_answered_not_crashed(tree, personas, client_as, settings, tmp_path):
    from zhibu.testing import make_member

    settings.MEDIA_ROOT = tmp_path
    member = make_member(tree.a1)
    client = client_as(personas["支部书记A1"])
    for name, data in (
        ("me.png", lying_directory(docx({"word/media/a.bin": ZERO_MB * 30}), "word/media/a.bin", 1024)),
        ("me.pdf", pdf_with_object_stream(b"<</S/JavaScript/JS(x)>>")),
        ("me.docx", b"PK\x03\x04" + b"\xff" * 200),
        ("me.pdf", b"%PDF-1.7\n" + b"[" * 100_000 + b"\n%%EOF\n"),
    ):
        response = client.post(f"/members/{member.pk}/photo/", {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 200, name
    assert Attachment.objects.count() == 0 and not any(Path(tmp_path).rglob("*.*"))
