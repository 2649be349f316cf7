"""newstrace: trace who says what, who copied whom, and where a news story started.

The library API is ``Workspace`` (``from newstrace import Workspace``); see newstrace.workspace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Workspace", "__version__"]

if TYPE_CHECKING:
    from newstrace.workspace import Workspace


def __getattr__(name: str) -> Any:
    # imported on first use, so that `import newstrace` (and `newstrace --version`) stays light
    if name == "Workspace":
        from newstrace.workspace import Workspace

        return Workspace
    raise AttributeError(f"module 'newstrace' has no attribute {name!r}")
