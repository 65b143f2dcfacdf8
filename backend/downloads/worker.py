"""Building requested exports at once, on a small pool of threads of the app process.

A request queues its export and hands the id here; the scheduled job builds whatever a
stopped or crashed process left, so nothing is lost on restart. When the app stops, a build
in progress goes back to the queue at its next progress update."""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from backend.db import Database
from backend.downloads.build import build_export

log = logging.getLogger("thidua.downloads")
THREADS = 1  # exports are CPU-bound: one at a time leaves the other core to the requests


class ExportWorker:
    def __init__(self, database: Database, threads: int = THREADS):
        self.database, self.threads = database, threads
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def submit(self, export_id: int) -> None:
        """Build the export soon, unless the app is stopping (the scheduler will)."""
        with self._lock:
            if self._stop.is_set():
                return
            if self._pool is None:  # threads only in apps that export something
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="xuat-tep")
            self._pool.submit(self._build, export_id)

    def _build(self, export_id: int) -> None:
        try:
            build_export(database=self.database, export_id=export_id, stop=self._stop)
        except Exception:  # a thread's error would otherwise vanish silently
            log.exception("Không tạo được tệp xuất %s", export_id)

    def close(self) -> None:
        """Stop: queued builds are dropped (still queued in the database), a running one
        is put back in the queue."""
        with self._lock:
            self._stop.set()
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
