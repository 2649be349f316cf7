"""Social-media posts as claims: the words of the post, without what the platform adds.

A tweet copied from a page or an embed ends with its signature ("— Jane Doe (@jdoe) February 25,
2016") and carries links (``https://t.co/…``, ``pic.twitter.com/…``), handles and hashtags. The
signature's date and the link codes are not part of the claim: matched as numbers and words they
tie a post to any fact-check that mentions the same day. Its author is kept: fact-checks often
say who posted the claim. Hashtags and handles keep their words
(``#ImpeachTrump`` -> "Impeach Trump", ``@realDonaldTrump`` -> "real Donald Trump"), since they
often name who or what the claim is about.

``is_post`` tells such a post from a claim written out as a sentence: the matcher ranks the two
kinds with different weights (``data/matcher.yaml``), since a post says its claim in fewer, looser
words around a picture or a link.
"""

from __future__ import annotations

import re

# "— Name (@handle) Month 25, 2016" (or any short date text) at the end of a pasted post: the
# author stays (claims are often about who posted what), the date goes
_SIGNATURE = re.compile(r"\s*[—–―]+\s*([^—–―\n]{0,80}?)\(@(\w{1,30})\)[^()\n]{0,40}$")
_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\b[\w-]+\.(?:com|org|net|ly|co)/\S+")
_TAG = re.compile(r"(?<![\w@#])[#@](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_SPACES = re.compile(r"[ \t]+")
_PLATFORM_LINK = re.compile(r"\b(?:t\.co|pic\.twitter\.com|bit\.ly|fb\.me|instagr\.am)/\w", re.IGNORECASE)
_POST_TAG = re.compile(r"(?<![\w@#])[#@][^\W\d]\w+")  # "#ImpeachTrump", "@jdoe"; not "#1"


def is_post(text: str) -> bool:
    """Whether ``text`` reads as a social-media post: it has a post's signature, a platform's
    link codes, or hashtags and handles."""
    return bool(_SIGNATURE.search(text.strip()) or _PLATFORM_LINK.search(text) or _POST_TAG.search(text))


def clean_post(text: str) -> str:
    """The claim a social-media post makes, as plain words: signature date, links and markup gone.
    Text that is not a post comes back with only its links removed and spaces tidied."""
    text = _SIGNATURE.sub(r" — \1 @\2", text.strip())
    text = _URL.sub(" ", text)
    text = _TAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)).replace("_", " ") + " ", text)
    return _SPACES.sub(" ", text).strip()
