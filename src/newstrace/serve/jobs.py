"""Ingest jobs: uploaded files and URLs read into the database in a background thread, one job
at a time (SQLite has one writer), each followed by ``Workspace.analyze`` so new articles get
their attributions, relations, stories and fact-check matches.

Jobs are kept in the database's ``jobs`` table (migration 017): a row is written when a job is
queued, when it starts and when it ends, so the desk lists them across restarts, and every
HEARTBEAT seconds while it is unfinished, with its progress and the time (``seen_at``, migration
018). A job left queued or running whose row has not been written for LEASE seconds was left by a
server that died: the next server to start or to list jobs marks it ``interrupted`` (its stored
articles stay). Two live servers on one database see each other's jobs, and never interrupt them."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from newstrace.errors import NewstraceError
from newstrace.model import Rejection
from newstrace.workspace import Progress, Workspace

FINISHED = ("done", "failed", "interrupted")
HEARTBEAT = 10.0  # seconds between writes of an unfinished job's row
LEASE = 60  # seconds without a write after which an unfinished job's server is taken for dead
INTERRUPTED = (
    "the server stopped before this job ended; the articles it had stored stay, the rest was not "
    "read: start the job again to finish it"
)


def _now(ago: float = 0) -> str:
    return datetime.fromtimestamp(time.time() - ago, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Job:
    id: str
    inputs: list[str]  # what the user gave: file names and URLs
    who: str | None = None  # the signed-in user who started it (None on a desk without accounts)
    status: str = "queued"  # queued, running, done, failed, interrupted
    stage: str | None = None
    done: int = 0
    total: int | None = None
    detail: str = ""
    new: int = 0
    rejected: list[dict[str, str | None]] = field(default_factory=list)
    rejected_count: int = 0  # all of them; a stored job keeps the first Store.JOB_REJECTIONS_KEPT
    error: str | None = None
    created_at: str = field(default_factory=_now)
    finished_at: str | None = None
    seen_at: str | None = None  # when its server last wrote its row

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def record(self) -> dict[str, Any]:
        record = {k: getattr(self, k) for k in self.__dataclass_fields__}
        record["rejected"] = list(self.rejected)
        record["rejected_count"] = max(self.rejected_count, len(self.rejected))
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Job:
        return cls(**{k: record[k] for k in cls.__dataclass_fields__ if k in record})


class JobInputError(NewstraceError):
    """An ingest request with nothing to read, or with something that is not an http(s) URL."""


class Upload(Protocol):
    """An uploaded file as the web framework hands it over (starlette's ``UploadFile``)."""

    filename: str | None
    file: IO[bytes]


def upload_names(folder: Path) -> Callable[[str], str]:
    """Names a rejected item under ``folder`` (``folder/0001/name.html``, as ``submit_request``
    saves uploads) by the uploaded file's own name, keeping what follows it (``item 3``)."""
    prefixes = {str(folder) + os.sep, str(folder.resolve()) + os.sep}

    def relabel(item: str) -> str:
        for prefix in prefixes:
            if item.startswith(prefix):
                rest = item[len(prefix) :]
                return rest.split(os.sep, 1)[1] if os.sep in rest else rest
        return item

    return relabel


class _JobProgress(Progress):
    def __init__(self, job: Job) -> None:
        self.job = job

    def stage(self, name: str) -> None:
        self.job.stage, self.job.done, self.job.total, self.job.detail = name, 0, None, ""

    def advance(self, name: str, done: int, total: int | None = None, detail: str = "") -> None:
        self.job.done, self.job.total, self.job.detail = done, total, detail

    def rejected(self, name: str, rejection: Rejection) -> None:
        self.job.rejected.append({"stage": name, "item": rejection.item, "reason": rejection.reason})


class JobRunner:
    """Runs ingest jobs against the database at ``path``, one after another. ``workspace``
    gives the calling thread's Workspace on that database (the server's per-thread ones):
    job rows are read and written through it."""

    def __init__(
        self, path: str, *, workers: int = 1, workspace: Callable[[], Workspace] | None = None
    ) -> None:
        self.path, self.workers = path, workers
        self._live: dict[str, Job] = {}  # this server's jobs not finished yet
        self._lock = threading.Lock()
        self._local = threading.local()
        self._workspace = workspace or self._own_workspace
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newstrace-job")
        self._stop = threading.Event()
        self._beat = threading.Thread(target=self._heartbeat, name="newstrace-job-heartbeat", daemon=True)
        self._beat.start()

    def _own_workspace(self) -> Workspace:
        found = getattr(self._local, "workspace", None)
        if found is None:
            found = self._local.workspace = Workspace(self.path)
            found.open()
        return found

    def recover(self) -> int:
        """Mark the jobs a dead server left queued or running as interrupted; how many."""
        return self._workspace().store.interrupt_jobs(_now(), INTERRUPTED, unseen_since=_now(LEASE))

    def _save(self, job: Job) -> None:
        job.seen_at = _now()
        self._workspace().store.save_job(job.record())

    def _heartbeat(self) -> None:
        """Write this server's unfinished jobs every HEARTBEAT seconds: other servers see them
        alive, with their progress."""
        while not self._stop.wait(HEARTBEAT):
            with self._lock:
                live = [job for job in self._live.values() if not job.finished]
            for job in live:
                try:
                    self._save(job)
                except Exception:  # noqa: BLE001 - a busy database: the next beat writes it
                    pass

    def submit(
        self, inputs: list[str], sources: list[str], folder: Path | None, *, who: str | None = None
    ) -> Job:
        """A job over ``sources`` (paths and URLs); ``folder`` (the uploads) is removed after."""
        job = Job(id=uuid.uuid4().hex, inputs=inputs, who=who)
        self._save(job)
        with self._lock:
            self._live[job.id] = job
        self._pool.submit(self._run, job, sources, folder)
        return job

    def submit_request(
        self, files: list[Upload] | None, urls: list[str] | None, *, who: str | None = None
    ) -> Job:
        """A job over what a form or an API call sent: uploaded files (saved to a private
        temporary folder, each in its own subfolder under its base name only) and http(s) URLs
        of articles or feeds. Raises JobInputError, before saving anything, for a bad URL or an
        empty request."""
        wanted = [u.strip() for u in urls or [] if u.strip()]
        bad = [u for u in wanted if not u.startswith(("http://", "https://")) or len(u) > 2000]
        if bad:
            raise JobInputError(f"not an http(s) URL: {bad[0][:200]!r}")
        uploads = [f for f in files or [] if f.filename]
        if not wanted and not uploads:
            raise JobInputError("nothing to ingest: send files (field `files`) or URLs (field `urls`)")
        folder = Path(tempfile.mkdtemp(prefix="newstrace-upload-")) if uploads else None
        names = []
        for i, upload in enumerate(uploads):
            # only the name's last part, so an upload cannot write outside its folder
            name = Path((upload.filename or "").replace("\\", "/")).name.lstrip(".") or f"upload-{i}"
            place = folder / f"{i:04d}"  # type: ignore[operator]
            place.mkdir()
            with open(place / name[:120], "wb") as out:
                while chunk := upload.file.read(1 << 20):
                    out.write(chunk)
            names.append(name)
        return self.submit([*names, *wanted], ([str(folder)] if folder else []) + wanted, folder, who=who)

    def recent(self, limit: int = 20) -> list[Job]:
        """The latest jobs, newest first: the stored ones, with this server's live progress."""
        jobs = [Job.from_record(r) for r in self._workspace().jobs(limit=limit)]
        with self._lock:
            others = [job for job in jobs if not job.finished and job.id not in self._live]
        if others and self.recover():  # another server's job, unseen for too long: it died
            jobs = [Job.from_record(r) for r in self._workspace().jobs(limit=limit)]
        with self._lock:
            return [self._live.get(job.id, job) for job in jobs]

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            live = self._live.get(job_id)
        if live is not None:
            return live
        record = self._workspace().job(job_id)
        if record is not None and record["status"] not in FINISHED and self.recover():
            record = self._workspace().job(job_id)
        return Job.from_record(record) if record is not None else None

    def _run(self, job: Job, sources: list[str], folder: Path | None) -> None:
        job.status = "running"
        progress = _JobProgress(job)
        relabel = upload_names(folder) if folder is not None else None
        try:
            self._save(job)
            with Workspace(self.path) as workspace:
                report = workspace.ingest(sources, workers=self.workers, progress=progress, relabel=relabel)
                job.new = report.new + report.versions
                if job.new:
                    workspace.analyze(workers=self.workers, progress=progress)
            job.status = "done"
        except Exception as exc:  # a job's failure is its status, never the server's
            job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
        finally:
            job.finished_at = _now()
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
            try:
                self._save(job)
            except Exception as exc:  # noqa: BLE001 - kept in memory; the next server marks it interrupted
                job.error = job.error or f"the job's row could not be saved ({type(exc).__name__}: {exc})"
            else:
                with self._lock:
                    self._live.pop(job.id, None)

    def shutdown(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
