"""`extract_text` in a child process with a time limit: a hostile or broken file that would
keep a parser busy for ever (or eat the memory) costs the child, which is killed, never the
caller. One child serves file after file and is replaced only when it had to be killed."""

import contextlib
import io
import multiprocessing
import resource
from dataclasses import dataclass

from backend.uploads.limits import Limits
from backend.uploads.text import extract_text, word_count

# Starting a child imports the parsers once (about a second); that is not the file's time.
STARTUP_SECONDS = 60
# A parser that needs more than this for an essay of at most 20 MB is being fooled.
MEMORY_BYTES = 2 * 1024 * 1024 * 1024
SAVE_AGAIN = "Hãy mở tệp, lưu lại (hoặc in ra PDF) rồi tải lên bản mới."


@dataclass(frozen=True)
class Extracted:
    text: str = ""
    words: int | None = None
    error: str = ""  # Vietnamese, for the person who uploaded the file; "" when it was read


class IsolatedReader:
    """Reads the text of inspected files in a child process, `time_limit_s` each at most.
    Use it as a context manager: the child stops with it."""

    def __init__(self, *, time_limit_s: float = 30.0, limits: Limits | None = None):
        self.time_limit_s = time_limit_s
        self.limits = limits or Limits()
        # Spawned, not forked: the caller may hold threads and database connections.
        self._context = multiprocessing.get_context("spawn")
        self._process = None
        self._connection = None

    def read(self, content: bytes, kind: str) -> Extracted:
        """The text and word count of `content` (a "docx", "odt" or "pdf"), or why not."""
        if self._process is None:
            self._start()
        try:
            self._connection.send((content, kind))
            if self._connection.poll(self.time_limit_s):
                text, failed = self._connection.recv()
                if not failed:
                    return Extracted(text=text, words=word_count(text))
                return Extracted(error=f"Không đọc được chữ trong tệp: tệp có thể bị hỏng. "
                                 f"{SAVE_AGAIN}")
            self._stop()
            seconds = f"{self.time_limit_s:g}".replace(".", ",")
            return Extracted(error=f"Không đọc được chữ trong tệp sau {seconds} giây: tệp có "
                             f"thể bị hỏng hoặc quá phức tạp. {SAVE_AGAIN}")
        except (EOFError, OSError):  # the child died (out of memory, a crash in a parser)
            self._stop()
            return Extracted(error=f"Không đọc được chữ trong tệp: tệp làm trình đọc dừng "
                             f"đột ngột. {SAVE_AGAIN}")

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        self._process = self._context.Process(target=_serve, args=(child, self.limits),
                                              daemon=True, name="thidua-text-reader")
        self._process.start()
        child.close()
        self._connection = parent
        if not parent.poll(STARTUP_SECONDS):
            self._stop()
            raise RuntimeError("the text reader process did not start")
        parent.recv()

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._connection.close()
        self._process = self._connection = None

    def close(self) -> None:
        if self._process is not None:
            with contextlib.suppress(OSError):
                self._connection.send(None)
                self._process.join(timeout=5)
            self._stop()

    def __enter__(self) -> "IsolatedReader":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def _serve(connection, limits: Limits) -> None:
    """The child: read files sent until told to stop (None)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    connection.send("ready")
    while (request := connection.recv()) is not None:
        content, kind = request
        try:
            connection.send((extract_text(io.BytesIO(content), kind, limits=limits), False))
        except Exception as error:  # a broken file: told back, the child goes on
            connection.send((repr(error)[:300], True))
