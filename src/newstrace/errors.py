"""One base exception; subclasses say which part failed. Messages name the input and the fix."""


class NewstraceError(Exception):
    """Base class for errors newstrace reports to the user."""


class InputError(NewstraceError):
    """One input item is unusable (binary, undecodable, truncated, empty, too large, malformed)."""


class FetchError(InputError):
    """A URL could not be fetched (HTTP error, timeout, refused, robots.txt, too large)."""


class StoreError(NewstraceError):
    """The database is unusable (wrong schema version, not a newstrace database)."""


class RegistryError(NewstraceError):
    """An outlet registry file is malformed."""


class SearchError(NewstraceError):
    """A search cannot run as asked (no word to search for, a bad date, a bad page)."""


class CorrectionError(NewstraceError, ValueError):
    """A correction names something that does not exist (article, story, relation, match) or
    is not a correction newstrace knows; nothing is stored."""
