"""The matcher's settings and fitted weights, read once from ``data/matcher.yaml``."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    text = resources.files("newstrace.factcheck").joinpath("data/matcher.yaml").read_text("utf-8")
    return yaml.safe_load(text)
