"""Language identification with CLD2 (pycld2): its model ships inside the wheel, it is fast
(~0.1 ms per article), and it covers the languages our users meet."""

from __future__ import annotations

import re

import pycld2

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the main language of ``text``, or None when CLD2 cannot tell."""
    sample = _CONTROL.sub(" ", text[:20000])
    if not sample.strip():
        return None
    try:
        reliable, _, details = pycld2.detect(sample)
    except pycld2.error:
        return None
    code = details[0][1]
    if code in ("un", "xxx"):
        return None
    # CLD2 uses a few non-ISO codes ("zh-Hant", "iw" for Hebrew in old tables)
    return {"iw": "he", "zh-Hant": "zh"}.get(code, code.split("-")[0])
