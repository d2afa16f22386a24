"""The one upload service every attachment goes through: size limit, type decided by content (images, PDF, docx,
xlsx only), images re-encoded without metadata, office files checked for macros, zip bombs and path tricks.
Files are stored under random names outside any served folder and reach users only through an access-checked view."""

import hashlib
import io
import os
import re
import struct
import uuid
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.contracts import AuditActor
from zhibu.core.models import Attachment

if TYPE_CHECKING:  # names for the types only: at run time core never imports an app
    from zhibu.accounts.models import User
    from zhibu.organizations.models import Organization

MAX_PIXELS = 40_000_000  # a 'pixel flood' image decodes to gigabytes; refuse before decoding
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard agrees with ours (it raises beyond twice the limit)
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
OFFICE_TYPES = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "MPO": ("jpg", "image/jpeg"),  # a multi-picture JPEG from a phone; the first picture is kept
    "PNG": ("png", "image/png"),
    "GIF": ("png", "image/png"),
    "WEBP": ("png", "image/png"),
}
EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "pdf", "docx", "xlsx"}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    extension: str
    content_type: str


def refuse(message: str) -> NoReturn:
    raise ValidationError({"file": message})


class ArchiveRefused(ValidationError):
    """A zip refused while measuring it; `reason` is "corrupt", "too_large" or "tampered", so that a caller with
    its own wording (the member import) can say it in its terms."""

    def __init__(self, message: str, reason: str):
        super().__init__({"file": message})
        self.reason = reason


def _image(data: bytes) -> CheckedFile:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
        with probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                refuse(f"图片尺寸过大（{width}×{height}），请缩小后再上传")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            kind = image.format
            # Re-encode the pixels only: EXIF (GPS, device), comments and anything appended after the image are gone.
            clean = Image.new(image.mode if image.mode in ("RGB", "RGBA", "L") else "RGBA", image.size)
            clean.paste(image.convert(clean.mode))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        refuse("图片尺寸过大，请缩小后再上传")
    # Pillow reports a PNG chunk with a bad checksum as SyntaxError (found by deploy/smoke.py: it was a 500).
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        refuse("图片文件已损坏或格式无法识别，请重新导出后上传")
    if kind not in IMAGE_FORMATS:  # the header looked like one of ours, Pillow read something else
        refuse("图片格式无法识别，请另存为JPG或PNG后上传")
    extension, content_type = IMAGE_FORMATS[kind]
    out = io.BytesIO()
    if extension == "jpg":
        clean.convert("RGB").save(out, "JPEG", quality=90)
    else:
        clean.save(out, "PNG", optimize=True)
    return CheckedFile(out.getvalue(), extension, content_type)


# A PDF may run code or reach outside the document through these: scripts, actions that open programs, files or
# URLs (or submit form data) when a page is viewed or a link clicked, embedded files, rich media and XFA forms.
PDF_FORBIDDEN_KEYS = {
    "/JavaScript": "脚本",
    "/JS": "脚本",
    "/AA": "自动执行的动作",
    "/Launch": "启动外部程序的动作",
    "/EmbeddedFile": "嵌入文件",
    "/EmbeddedFiles": "嵌入文件",
    "/EF": "嵌入文件",
    "/RichMedia": "多媒体内容",
    "/XFA": "XFA动态表单",
}
PDF_FORBIDDEN_ACTIONS = {
    "/JavaScript": "脚本",
    "/Launch": "启动外部程序的动作",
    "/URI": "网址链接",
    "/SubmitForm": "提交表单的动作",
    "/ImportData": "导入数据的动作",
    "/GoToR": "打开其他文件的链接",
    "/GoToE": "打开嵌入文件的链接",
    "/RichMediaExecute": "多媒体内容",
    "/Rendition": "多媒体内容",
}
PDF_FORBIDDEN_SUBTYPES = {"/FileAttachment": "嵌入文件", "/RichMedia": "多媒体内容", "/Movie": "多媒体内容"}
PDF_MAX_OBJECTS = 100_000  # keeps the check of one upload to seconds (figures in bench/README.md)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9a-fA-F]{2})")
PDF_RAW_MARKERS = (b"/javascript", b"/js ", b"/js(", b"/js<", b"/launch", b"/embeddedfile", b"<script", b"<html")


def _pdf_refuse(what: str) -> NoReturn:
    refuse(f"PDF中含有{what}，出于安全原因不能上传；请用“打印为PDF”（Microsoft Print to PDF 或 WPS 输出为PDF）重新生成")


def _pdf_raw_scan(raw: bytes) -> None:
    """A cheap look at bytes as they are, with #xx name escapes undone: catches a payload in objects the file's
    cross-reference table does not list (a viewer repairing the file would still find them) and HTML polyglots."""
    lowered = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).lower()
    for marker in PDF_RAW_MARKERS:
        if marker in lowered:
            _pdf_refuse("脚本、嵌入文件或网页内容")


def _pdf_walk(root: Any, seen_streams: set[int]) -> None:
    """Every dictionary and array inside one object, without following references (each object is visited on its
    own) and without recursion (a deeply nested array must not exhaust the stack)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in PDF_FORBIDDEN_KEYS:
                    _pdf_refuse(PDF_FORBIDDEN_KEYS[key])
                if key == "/S" and value in PDF_FORBIDDEN_ACTIONS:
                    _pdf_refuse(PDF_FORBIDDEN_ACTIONS[value])
                if key == "/Subtype" and value in PDF_FORBIDDEN_SUBTYPES:
                    _pdf_refuse(PDF_FORBIDDEN_SUBTYPES[value])
                if isinstance(value, DictionaryObject | ArrayObject):
                    stack.append(value)
            if isinstance(node, StreamObject) and node.get("/Type") == "/ObjStm" and id(node) not in seen_streams:
                # Objects packed in a compressed object stream: the parser resolves those it is asked for, and the
                # decompressed stream is also scanned as bytes for objects the table leaves out.
                seen_streams.add(id(node))
                _pdf_raw_scan(node.get_data())
        elif isinstance(node, ArrayObject):
            stack.extend(item for item in node if isinstance(item, DictionaryObject | ArrayObject))


def _pdf(data: bytes) -> CheckedFile:
    if b"%%eof" not in data[-2048:].lower():
        refuse("PDF文件不完整，请重新导出后上传")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            refuse("PDF文件设置了打开密码，无法检查内容；请去除密码后再上传")
        numbers = {(generation, number) for generation, table in reader.xref.items() for number in table}
        numbers |= {(0, number) for number in reader.xref_objStm}
        if len(numbers) > PDF_MAX_OBJECTS:
            refuse("PDF文件结构异常（对象过多），请用“打印为PDF”重新生成")
        seen_streams: set[int] = set()
        _pdf_walk(reader.trailer, seen_streams)
        for generation, number in sorted(numbers):
            obj = reader.get_object(IndirectObject(number, generation, reader))
            if isinstance(obj, DictionaryObject | ArrayObject):
                _pdf_walk(obj, seen_streams)
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds (and RecursionError) for a damaged or hostile file
        _pdf_raw_scan(data)  # an HTML polyglot is not a PDF at all: say what it is
        refuse("PDF文件已损坏或结构异常，无法检查内容；请重新导出或用“打印为PDF”生成后上传")
    _pdf_raw_scan(data)
    return CheckedFile(data, "pdf", "application/pdf")


_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_SIGNATURE = 0x04034B50
_CHUNK = 256 * 1024


def unpacked_entries(data: bytes, *, limit: int, ratio: int | None = None) -> list[zipfile.ZipInfo]:
    """The zip's entries, after decompressing every one to its real end with a running total.

    The sizes in a zip's directory are the sender's claim: a bomb states small ones, and readers that trust them
    check nothing. So each entry's compressed data is inflated here from its local header, never past the limit
    (`limit` bytes in all, and at most `ratio` times the file's size), and an entry whose real size or checksum
    differs from what the directory says is refused as tampered."""

    def corrupt() -> NoReturn:
        raise ArchiveRefused("文件已损坏，无法作为Word/Excel文档打开", "corrupt")

    def bomb() -> NoReturn:
        raise ArchiveRefused("文档解压后体积异常（疑似压缩炸弹），不能上传", "too_large")

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error):
        corrupt()
    if len(entries) > MAX_ZIP_ENTRIES:
        refuse("文档内部文件过多，疑似异常文件")
    budget = min(limit, ratio * len(data)) if ratio else limit
    total = 0
    for entry in entries:
        offset = entry.header_offset
        header = data[offset : offset + _LOCAL_HEADER.size]
        if len(header) < _LOCAL_HEADER.size:
            corrupt()
        signature, _, flags, method, *_, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        if signature != _LOCAL_SIGNATURE:
            corrupt()
        if flags & 0x1:
            refuse("文档已加密，无法检查内容；请去除密码后再上传")
        start = offset + _LOCAL_HEADER.size + name_length + extra_length
        crc = 0
        if method == zipfile.ZIP_STORED:
            chunk = data[start : start + entry.compress_size]
            produced, crc = len(chunk), zlib.crc32(chunk)
            total += produced
            if total > budget:
                bomb()
        elif method == zipfile.ZIP_DEFLATED:
            inflater, position, produced = zlib.decompressobj(-zlib.MAX_WBITS), start, 0
            try:
                while not inflater.eof:
                    if inflater.unconsumed_tail:
                        chunk = inflater.unconsumed_tail
                    else:
                        if position >= len(data):
                            corrupt()
                        chunk = data[position : position + _CHUNK]
                        position += len(chunk)
                    out = inflater.decompress(chunk, _CHUNK)
                    produced += len(out)
                    total += len(out)
                    crc = zlib.crc32(out, crc)
                    if total > budget:
                        bomb()
            except zlib.error:
                corrupt()
        else:
            refuse("文档使用了不支持的压缩方式，请用Word/WPS/Excel重新保存后上传")
        if produced != entry.file_size or crc != entry.CRC:
            raise ArchiveRefused("文档内部记录的文件大小与实际内容不符（疑似压缩炸弹或被篡改），不能上传", "tampered")
    return entries


# Parts that carry code or other programs' content: macros, ActiveX controls, embedded OLE objects and packages.
OFFICE_ACTIVE_PARTS = (
    ("vbaproject.bin", "宏"),
    ("vbaprojectsignature", "宏"),
    ("/activex/", "ActiveX控件"),
    ("oleobject", "嵌入的OLE对象"),
    ("/embeddings/", "嵌入的对象（其他文件或程序）"),
    ("/externallinks/", "指向其他工作簿的外部链接"),
)
OFFICE_ACTIVE_TYPES = (
    ("macroenabled", "宏"),
    ("vbaproject", "宏"),
    ("activex", "ActiveX控件"),
    ("oleobject", "嵌入的OLE对象"),
    ("externallink", "指向其他工作簿的外部链接"),
)
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")


def _office_refuse(what: str) -> NoReturn:
    refuse(f"文档含有{what}，出于安全原因不能上传；请删除后另存为 .docx/.xlsx，或导出为PDF后上传")


def _relationships(name: str, xml: bytes) -> None:
    """External relationships fetch a template, an object or a picture from elsewhere when the file is opened (remote
    template injection, leaking the reader's credentials to a file share). Only a hyperlink to a web page or an
    e-mail address, followed when the reader clicks it, may point outside."""
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        refuse("文档内部结构异常，不能上传")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        refuse("文档内部结构异常，不能上传")
    for relationship in root.iter(f"{RELATIONSHIPS_NS}Relationship"):
        kind = relationship.get("Type", "").lower()
        if "oleobject" in kind or kind.endswith("/package"):
            _office_refuse("嵌入的OLE对象")
        if relationship.get("TargetMode", "").lower() != "external":
            continue
        target = relationship.get("Target", "").strip().lower()
        if not (kind.endswith("/hyperlink") and target.startswith(SAFE_LINK_SCHEMES)):
            _office_refuse("对外部文件或网址的引用（如远程模板、外部图片或对象）")


def _office(data: bytes, extension: str) -> CheckedFile:
    entries = unpacked_entries(data, limit=MAX_ZIP_UNCOMPRESSED, ratio=MAX_ZIP_RATIO)
    archive = zipfile.ZipFile(io.BytesIO(data))  # the sizes are now known to be true
    for entry in entries:
        name = entry.filename
        if name.startswith(("/", "\\")) or ".." in Path(name.replace("\\", "/")).parts or ":" in name:
            refuse("文档内部路径异常，不能上传")
        lowered = "/" + name.lower()
        for fragment, what in OFFICE_ACTIVE_PARTS:
            if fragment in lowered:
                if what == "宏":
                    refuse("文档含有宏，出于安全原因不能上传；请另存为不含宏的 .docx/.xlsx")
                _office_refuse(what)
        if lowered.endswith(".rels"):
            _relationships(name, archive.read(entry))
    try:
        types = archive.read("[Content_Types].xml").decode("utf-8", "ignore")
    except KeyError:
        refuse("不是有效的Word/Excel文档")
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError, OSError, ValueError):
        # A bad checksum, a password, an unknown compression method, truncated data: all are broken documents here.
        refuse("文件已损坏或已加密，无法作为Word/Excel文档打开；请重新保存（不设密码）后上传")
    if "macroEnabled" in types:
        refuse("文档含有宏（.docm/.xlsm），出于安全原因不能上传；请另存为 .docx/.xlsx")
    for fragment, what in OFFICE_ACTIVE_TYPES:
        if fragment in types.lower():
            _office_refuse(what)
    main_type, content_type = OFFICE_TYPES[extension]
    if main_type not in types:
        other = "docx" if extension == "xlsx" else "xlsx"
        if OFFICE_TYPES[other][0] in types:
            refuse(f"文件内容是 .{other}，与扩展名 .{extension} 不符")
        refuse("不是有效的Word/Excel文档")
    return CheckedFile(data, extension, content_type)


def check_content(name: str, data: bytes) -> CheckedFile:
    """Decide what a file is from its bytes, and refuse anything outside the allowed kinds."""
    extension = Path(name).suffix.lower().lstrip(".")
    if len(data) > settings.UPLOAD_MAX_BYTES:
        refuse(f"文件超过{settings.UPLOAD_MAX_BYTES // (1024 * 1024)}MB，请压缩后再上传")
    if not data:
        refuse("文件是空的")
    if extension not in EXTENSIONS:
        refuse("只能上传图片（JPG、PNG、GIF、WebP）、PDF、Word（.docx）或Excel（.xlsx）文件")
    head = data[:16]
    if (
        head.startswith(b"\xff\xd8\xff")
        or head.startswith(b"\x89PNG\r\n\x1a\n")
        or head[:6] in (b"GIF87a", b"GIF89a")
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    ):
        if extension not in ("jpg", "jpeg", "png", "gif", "webp"):
            refuse(f"文件内容是图片，与扩展名 .{extension} 不符")
        return _image(data)
    if head.startswith(b"%PDF-"):
        if extension != "pdf":
            refuse(f"文件内容是PDF，与扩展名 .{extension} 不符")
        return _pdf(data)
    if head.startswith(b"PK\x03\x04"):
        if extension not in OFFICE_TYPES:
            refuse(f"文件内容是Office文档或压缩包，与扩展名 .{extension} 不符")
        return _office(data, extension)
    refuse("文件内容与扩展名不符，或不是允许的类型（图片、PDF、.docx、.xlsx）")


@transaction.atomic
def store_upload(*, actor: AuditActor, organization: "Organization", purpose: str, upload: UploadedFile) -> Attachment:
    """Check, store and record an uploaded file; returns the Attachment."""
    data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    checked = check_content(upload.name or "", data)
    stored_name = f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{checked.extension}"
    path = Path(settings.MEDIA_ROOT) / "attachments" / stored_name
    _write_whole(path, checked.content)
    try:
        original = Path(upload.name or "file").name[:120]
        # Only a signed-in user is recorded as the uploader; a command actor uploads on nobody's behalf.
        uploader = cast("User", actor) if hasattr(actor, "_meta") else None
        attachment = Attachment.objects.create(
            organization=organization,
            purpose=purpose,
            original_name=original,
            stored_name=stored_name,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=hashlib.sha256(checked.content).hexdigest(),
            uploaded_by=uploader,
        )
        audit.record(actor=actor, event=Event.ATTACHMENT_UPLOADED, obj=attachment, after=audit.snapshot(attachment))
    except BaseException:
        path.unlink(missing_ok=True)  # no row points at it: a file nobody can reach is only clutter
        raise
    return attachment


def _write_whole(path: Path, content: bytes) -> None:
    """Write to a temporary name and rename: a crash or a full disk leaves no half-written file under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "xb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
