"""Reading the YAML data files (registries, lexicons) that ship in the package or that users add."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from newstrace.errors import RegistryError

# libyaml's loader when PyYAML was built with it: the registries are thousands of lines
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_user_yaml(path: str | Path, what: str) -> Any:
    """A user's data file; a missing, unreadable or malformed one raises RegistryError naming it."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LOADER)
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read {what} file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML ({exc})") from exc


def read_package_yaml(package: str, name: str) -> Any:
    """A data file shipped inside the package."""
    return yaml.load(resources.files(package).joinpath(name).read_text("utf-8"), Loader=_LOADER)
