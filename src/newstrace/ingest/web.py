"""Polite HTTP fetching: robots.txt, a per-host rate limit, timeouts, size and redirect caps,
and a User-Agent that says who we are."""

from __future__ import annotations

import hashlib
import time
import urllib.robotparser
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from newstrace import __version__
from newstrace.errors import FetchError, InputError
from newstrace.ingest.decode import decode
from newstrace.model import RawDocument, Rejection, Source

USER_AGENT = (
    f"newstrace/{__version__} (news provenance research tool; +https://github.com/newstrace/newstrace)"
)


@dataclass
class FetchOptions:
    timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to one host
    robots: bool = True
    user_agent: str = USER_AGENT


@dataclass
class Response:
    url: str  # after redirects
    content: bytes
    content_type: str
    charset: str | None


class Fetcher:
    def __init__(self, options: FetchOptions | None = None):
        self.options = options or FetchOptions()
        self.client = httpx.Client(
            headers={"User-Agent": self.options.user_agent},
            timeout=self.options.timeout,
            follow_redirects=True,
            max_redirects=self.options.max_redirects,
        )
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def close(self) -> None:
        self.client.close()

    # -- politeness -----------------------------------------------------------------------
    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None:
            wait = self.options.delay - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)
        self._last_request[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        if not self.options.robots:
            return True
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            raise FetchError(f"malformed URL ({exc})") from exc
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self._robots:
            parser = urllib.robotparser.RobotFileParser()
            try:
                self._wait_turn(base + "/robots.txt")
                response = self.client.get(base + "/robots.txt")
            except (httpx.HTTPError, httpx.InvalidURL, ValueError, UnicodeError):
                parser = None  # no answer at all: the page fetch will report the real error
            else:
                if response.status_code in (401, 403):
                    parser.disallow_all = True
                elif response.status_code >= 500:
                    parser.disallow_all = True  # as Google does: a failing robots.txt means "not now"
                elif response.status_code >= 400:
                    parser.allow_all = True
                else:
                    parser.parse(response.text.splitlines())
            self._robots[base] = parser
        parser = self._robots[base]
        return parser is None or parser.can_fetch(self.options.user_agent, url)

    # -- fetching -------------------------------------------------------------------------
    def get(self, url: str) -> Response:
        """GET ``url`` within the caps, or raise FetchError saying what went wrong."""
        if not self.allowed(url):
            raise FetchError("disallowed by the site's robots.txt")
        self._wait_turn(url)
        limit = self.options.max_bytes
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise FetchError(
                        f"page is {int(declared) / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit"
                    )
                chunks, size = [], 0
                deadline = time.monotonic() + self.options.timeout
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(f"page is over the {limit / 1e6:.1f} MB limit")
                    if time.monotonic() > deadline:  # a server trickling bytes must not hold the batch
                        raise FetchError(f"timed out after {self.options.timeout:g} s (page still arriving)")
                    chunks.append(chunk)
                content_type = response.headers.get("content-type", "")
                return Response(str(response.url), b"".join(chunks), content_type, response.charset_encoding)
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"more than {self.options.max_redirects} redirects") from exc
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {self.options.timeout:g} s") from exc
        except httpx.ConnectError as exc:
            raise FetchError(f"connection failed ({exc})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from exc
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
            raise FetchError(f"malformed URL ({exc})") from exc

    def iter_url(self, url: str, *, follow_feeds: bool = True) -> Iterator[RawDocument | Rejection]:
        """The page at ``url`` as a RawDocument; a feed URL yields its entries' articles."""
        try:
            response = self.get(url)
            kind = response.content_type.split(";")[0].strip().lower()
            head = response.content[:1024].lstrip().lower()
            is_feed = kind in ("application/rss+xml", "application/atom+xml", "application/rdf+xml") or (
                kind in ("application/xml", "text/xml") and (b"<rss" in head or b"<feed" in head)
            )
            if is_feed:
                if not follow_feeds:
                    raise FetchError("link points to another feed, not an article")
                from newstrace.ingest import feeds

                yield from feeds.iter_feed(
                    response.content, url, fetcher=self, max_bytes=self.options.max_bytes, kind="feed"
                )
                return
            text = decode(response.content, response.charset)
        except InputError as exc:
            yield Rejection(url, str(exc))
            return
        source = Source(kind="url", location=url, fetched_url=response.url)
        raw_hash = hashlib.sha256(response.content + response.url.encode()).hexdigest()
        if kind == "text/plain":
            yield RawDocument(source=source, text=text, meta={"url": response.url}, raw_hash=raw_hash)
        else:
            yield RawDocument(source=source, html=text, raw_hash=raw_hash)
