"""TOTP second factor (django-otp) for staff roles. Kept behind these few functions so that a 国密 token or an SM2
certificate can replace it later without touching the views."""

import base64

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event

DEVICE_NAME = "手机动态口令"


def confirmed(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (a new secret each time enrolment starts over)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def provisioning_qr(device: TOTPDevice) -> str:
    """The otpauth:// URI as an SVG data URI (rendered here; nothing is fetched from outside)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def verify(request, device: TOTPDevice, token: str) -> bool:
    """Check a 6-digit code; on success mark the session verified. Failures are audited (django-otp throttles)."""
    token = (token or "").strip().replace(" ", "")
    ok = token.isdigit() and len(token) == 6 and device.verify_token(token)
    if not ok:
        audit.record(actor=request.user, event=Event.AUTH_OTP_FAILED, outcome="failure")
        return False
    with transaction.atomic():
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            audit.record(actor=request.user, event=Event.AUTH_OTP_ENROLLED, obj=request.user)
    otp_login(request, device)
    return True


def current_token(device: TOTPDevice, at: float) -> str:
    """The code an authenticator app shows at a moment (tests use it with a frozen clock)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at
    return f"{totp.token():0{device.digits}d}"
