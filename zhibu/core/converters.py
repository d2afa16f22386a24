class IdConverter:
    """A record id in a URL: at most 18 digits, so an absurd number is a 404 rather than a database overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(value)
