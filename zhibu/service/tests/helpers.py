import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhibu.service import services
from zhibu.testing import SETUP, make_member

DAY = datetime.date(2025, 3, 3)


def photo(name: str = "兑现.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def community(organization, name: str = "幸福里社区"):
    return services.save_community(
        actor=SETUP, organization=organization, name=name, address="幸福路1号", contact_name="社区刘主任"
    )


def wish(organization, title: str = "想要一台收音机", place=None):
    place = place or community(organization, f"{organization.name}共建社区")
    return services.post_wish(
        actor=SETUP,
        organization=organization,
        community=place,
        posted_by="community",
        resident="独居老人赵某",
        title=title,
        posted_on=DAY,
    )


def member_record(organization, hours=Decimal("2"), member=None):
    member = member or make_member(organization)
    place = community(organization, f"{organization.name}报到社区")
    return services.record_service(
        actor=SETUP, member=member, community=place, served_on=DAY, what="清扫楼道", hours=hours
    )
