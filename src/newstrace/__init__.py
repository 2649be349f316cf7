"""newstrace: trace who says what, who copied whom, and where a news story started."""

__version__ = "0.1.0"
