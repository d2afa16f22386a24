"""The one upload service every attachment goes through: size limit, type decided by content (images, PDF, docx,
xlsx only), images re-encoded without metadata, office files checked for macros, zip bombs and path tricks.
Files are stored under random names outside any served folder and reach users only through an access-checked view."""

import hashlib
import io
import uuid
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from zhibu.core import audit
from zhibu.core.models import Attachment

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


def refuse(message: str):
    raise ValidationError({"file": message})


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
    except (UnidentifiedImageError, OSError, ValueError):
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


def _pdf(data: bytes) -> CheckedFile:
    lowered = data.lower()
    if b"%%eof" not in lowered[-2048:]:
        refuse("PDF文件不完整，请重新导出后上传")
    for marker in (b"/javascript", b"/js ", b"/js(", b"/launch", b"/embeddedfile", b"<script", b"<html"):
        if marker in lowered:
            refuse("PDF中含有脚本、嵌入文件或网页内容，出于安全原因不能上传；请用“打印为PDF”重新生成")
    return CheckedFile(data, "pdf", "application/pdf")


def _office(data: bytes, extension: str) -> CheckedFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        refuse("文件已损坏，无法作为Word/Excel文档打开")
    if len(entries) > MAX_ZIP_ENTRIES:
        refuse("文档内部文件过多，疑似异常文件")
    total = sum(entry.file_size for entry in entries)
    compressed = max(sum(entry.compress_size for entry in entries), 1)
    if total > MAX_ZIP_UNCOMPRESSED or total / compressed > MAX_ZIP_RATIO:
        refuse("文档解压后体积异常（疑似压缩炸弹），不能上传")
    for entry in entries:
        name = entry.filename
        if name.startswith(("/", "\\")) or ".." in Path(name.replace("\\", "/")).parts or ":" in name:
            refuse("文档内部路径异常，不能上传")
        if name.lower().endswith("vbaproject.bin"):
            refuse("文档含有宏，出于安全原因不能上传；请另存为不含宏的 .docx/.xlsx")
    try:
        types = archive.read("[Content_Types].xml").decode("utf-8", "ignore")
    except KeyError:
        refuse("不是有效的Word/Excel文档")
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError, OSError, ValueError):
        # A bad checksum, a password, an unknown compression method, truncated data: all are broken documents here.
        refuse("文件已损坏或已加密，无法作为Word/Excel文档打开；请重新保存（不设密码）后上传")
    if "macroEnabled" in types:
        refuse("文档含有宏（.docm/.xlsm），出于安全原因不能上传；请另存为 .docx/.xlsx")
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
def store_upload(*, actor, organization, purpose: str, upload):
    """Check, store and record an uploaded file; returns the Attachment."""
    data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    checked = check_content(upload.name or "", data)
    stored_name = f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{checked.extension}"
    path = Path(settings.MEDIA_ROOT) / "attachments" / stored_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(checked.content)
    original = Path(upload.name or "file").name[:120]
    attachment = Attachment.objects.create(
        organization=organization,
        purpose=purpose,
        original_name=original,
        stored_name=stored_name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=hashlib.sha256(checked.content).hexdigest(),
        uploaded_by=actor if hasattr(actor, "_meta") else None,
    )
    audit.record(actor=actor, event="attachment.uploaded", obj=attachment, after=audit.snapshot(attachment))
    return attachment
