"""How personal data is shown to people who may not see it in full: 2201*************4, 138****1234."""


def mask_id_number(value: str | None) -> str:
    """City and check digit only. Birth date and sex are on the record for anyone who reads it; showing the sequence
    digits as well would leave only the two district digits unknown, about nine candidates after the check digit."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 5) + value[-1:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = value.strip()
    if len(digits) == 11 and digits.isdigit():
        return digits[:3] + "****" + digits[-4:]
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:-4].translate(str.maketrans("0123456789", "**********")) + digits[-4:]


def mask_address(value: str | None) -> str:
    if not value:
        return ""
    return value[:6] + "****" if len(value) > 6 else value[:2] + "****"


MASKERS = {"id_number": mask_id_number, "phone": mask_phone, "address": mask_address}


def mask(kind: str, value: str | None) -> str:
    return MASKERS[kind](value)


def masked_value(field: object, value: object) -> object:
    """The value of a model field as it may appear in an audit diff or a log: masked if it is personal data."""
    kind: str | None = getattr(field, "mask_kind", None)
    if kind is None:
        return value
    # Only EncryptedCharField (zhibu.core.fields) has a mask kind, and its values are strings or None.
    return mask(kind, value if value is None else str(value))
