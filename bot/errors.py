"""The one exception tree of newsbell.

    NewsbellError
    ├── ConfigError          the admin's config is invalid (names the key and the reason)
    ├── FetchError           a feed could not be downloaded (network, HTTP status, size, time)
    ├── ParseError           downloaded bytes are not a usable feed
    ├── InputError           a user's or a file's input is unusable (bad command argument, unreadable file)
    └── StoreError           the database cannot be opened (DATABASE_URL unreachable, refused)

Foreign exceptions (httpx, sqlite3, feedparser) are wrapped into these at the edge that
calls the foreign code, so callers above an edge only ever catch ``NewsbellError``.
"""


class NewsbellError(Exception):
    """Base of every error newsbell raises on purpose."""


class ConfigError(NewsbellError):
    """The configuration is invalid; the message names the key and why."""

    def __init__(self, key: str, reason: str, source: str | None = None):
        self.key = key
        self.reason = reason
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{key}: {reason}")


class FetchError(NewsbellError):
    """A feed could not be downloaded.

    ``status`` is the HTTP status when there was one; ``retry_after`` the server's Retry-After header.
    """

    def __init__(self, message: str, status: int | None = None, retry_after: str | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class ParseError(NewsbellError):
    """Downloaded bytes are not a usable feed."""


class InputError(NewsbellError):
    """User or file input is unusable."""


class StoreError(NewsbellError):
    """The database cannot be opened; the message never carries a password."""
