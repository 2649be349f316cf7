"""Ingest jobs: uploaded files and URLs read into the database in a background thread, one job
at a time (SQLite has one writer), each followed by ``Workspace.analyze`` so new articles get
their attributions, relations, stories and fact-check matches. Progress is kept in memory: a
restart forgets finished jobs, not their articles."""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from newstrace.errors import NewstraceError
from newstrace.model import Rejection
from newstrace.workspace import Progress, Workspace


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Job:
    id: str
    inputs: list[str]  # what the user gave: file names and URLs
    status: str = "queued"  # queued, running, done, failed
    stage: str | None = None
    done: int = 0
    total: int | None = None
    detail: str = ""
    new: int = 0
    rejected: list[dict[str, str | None]] = field(default_factory=list)
    error: str | None = None
    created_at: str = field(default_factory=_now)
    finished_at: str | None = None

    def record(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class JobInputError(NewstraceError):
    """An ingest request with nothing to read, or with something that is not an http(s) URL."""


class Upload(Protocol):
    """An uploaded file as the web framework hands it over (starlette's ``UploadFile``)."""

    filename: str | None
    file: IO[bytes]


class _JobProgress(Progress):
    def __init__(self, job: Job, folder: Path | None) -> None:
        self.job, self.folder = job, folder

    def stage(self, name: str) -> None:
        self.job.stage, self.job.done, self.job.total, self.job.detail = name, 0, None, ""

    def advance(self, name: str, done: int, total: int | None = None, detail: str = "") -> None:
        self.job.done, self.job.total, self.job.detail = done, total, detail

    def rejected(self, name: str, rejection: Rejection) -> None:
        item = rejection.item
        if self.folder is not None:  # the upload's name, not the server's temporary path
            item = item.replace(str(self.folder) + "/", "")
        self.job.rejected.append({"stage": name, "item": item, "reason": rejection.reason})


class JobRunner:
    """Runs ingest jobs against the database at ``path``, one after another."""

    def __init__(self, path: str, *, workers: int = 1) -> None:
        self.path, self.workers = path, workers
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newstrace-job")

    def submit(self, inputs: list[str], sources: list[str], folder: Path | None) -> Job:
        """A job over ``sources`` (paths and URLs); ``folder`` (the uploads) is removed after."""
        job = Job(id=uuid.uuid4().hex, inputs=inputs)
        with self._lock:
            self.jobs[job.id] = job
        self._pool.submit(self._run, job, sources, folder)
        return job

    def submit_request(self, files: list[Upload] | None, urls: list[str] | None) -> Job:
        """A job over what a form or an API call sent: uploaded files (saved to a private
        temporary folder, under their base names only) and http(s) URLs of articles or feeds.
        Raises JobInputError, before saving anything, for a bad URL or an empty request."""
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
            target = folder / f"{i:04d}-{name[:120]}"  # type: ignore[operator]
            with open(target, "wb") as out:
                while chunk := upload.file.read(1 << 20):
                    out.write(chunk)
            names.append(name)
        return self.submit([*names, *wanted], ([str(folder)] if folder else []) + wanted, folder)

    def recent(self, limit: int = 20) -> list[Job]:
        """The latest jobs (this server's life: jobs are kept in memory), newest first."""
        with self._lock:
            jobs = list(self.jobs.values())
        return jobs[::-1][:limit]

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def _run(self, job: Job, sources: list[str], folder: Path | None) -> None:
        job.status = "running"
        progress = _JobProgress(job, folder)
        try:
            with Workspace(self.path) as workspace:
                report = workspace.ingest(sources, workers=self.workers, progress=progress)
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

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
