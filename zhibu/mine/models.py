"""No models: a member's own pages read the records other apps keep (meetings, dues, notifications, the member)."""
