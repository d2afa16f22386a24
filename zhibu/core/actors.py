"""Who acts when no person does: a management command or a scheduled job. Its writes are audited under its name."""


class CommandActor:
    """Acts with full scope; audit rows carry ``command:<name>`` as the actor."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_platform_admin = True
    pk = None

    def __init__(self, command: str):
        self.name = f"command:{command}"

    def __str__(self) -> str:
        return self.name

    def get_username(self) -> str:
        return self.name

    def scope_paths(self, action: str) -> tuple[list[str], list[str]]:
        return [""], []

    def forget_grants(self) -> None:
        """Nothing cached."""
