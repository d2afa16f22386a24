"""Smoke test of a running stack through nginx (standard library only): log in, a page whose stylesheet loads, an
export, an upload, the health probe. Usage: python deploy/smoke.py https://127.0.0.1:8443 USER PASSWORD"""

import http.cookiejar
import re
import ssl
import struct
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib

BASE, USER, PASSWORD = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE  # the stack's certificate is self-signed
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(
    urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(jar)
)


def fetch(path, data=None, headers=None):
    request = urllib.request.Request(BASE + path, data=data, headers={"Referer": BASE + "/", **(headers or {})})
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, response.headers, response.read(), response.url
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read(), BASE + path


def csrf():
    return next(cookie.value for cookie in jar if cookie.name == "csrftoken")


def check(name, condition, detail=""):
    print(("PASS " if condition else "FAIL ") + name + (f" — {detail}" if detail else ""))
    if not condition:
        sys.exit(1)


status, _, body, _ = fetch("/health/")
check("health answers only ok or fail", body in (b"ok", b"fail"), f"{status} {body!r}")

fetch("/accounts/login/")
form = urllib.parse.urlencode({"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": csrf()}).encode()
status, _, body, url = fetch("/accounts/login/", form)
check("login", status == 200 and "/accounts/login/" not in url, url)

status, _, body, _ = fetch("/members/")
page = body.decode()
check("members page", status == 200 and "党员" in page, str(status))
sheets = re.findall(r'<link[^>]+href="(/static/[^"]+\.css)"', page)
check("page links a stylesheet", bool(sheets), str(sheets))
for sheet in sheets:
    status, headers, css, _ = fetch(sheet)
    check(
        f"stylesheet {sheet}",
        status == 200 and "text/css" in headers.get("Content-Type", "") and len(css) > 100,
        f"{status} {headers.get('Content-Type')} cache={headers.get('Cache-Control')}",
    )

status, headers, body, _ = fetch("/members/export/")
check(
    "export",
    status == 200 and body[:2] == b"PK" and "spreadsheetml" in headers.get("Content-Type", ""),
    f"{status} {len(body)} bytes",
)

status, _, body, _ = fetch("/members/")
member = re.search(r'href="/members/(\d+)/"', body.decode())
check("a member to upload a photo for", member is not None)
pk = member.group(1)
fetch(f"/members/{pk}/photo/")


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# An 8×8 grey PNG, built here so the script needs nothing but the standard library.
png = (
    b"\x89PNG\r\n\x1a\n"
    + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + b"\x80" * 8 for _ in range(8))))
    + chunk(b"IEND", b"")
)
boundary = uuid.uuid4().hex
parts = [
    f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{csrf()}\r\n'.encode(),
    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n'.encode()
    + png
    + b"\r\n",
    f"--{boundary}--\r\n".encode(),
]
status, _, body, url = fetch(
    f"/members/{pk}/photo/", b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}
)
check(
    "upload a member photo",
    status == 200 and url.endswith(f"/members/{pk}/") and "照片已更新" in body.decode(),
    f"{status} {url}",
)
big = b"x" * (22 * 1024 * 1024)
status, _, _, _ = fetch(f"/members/{pk}/photo/", big, {"Content-Type": "application/octet-stream"})
check("a body over the limit is refused by nginx", status == 413, str(status))
print("smoke test passed")
