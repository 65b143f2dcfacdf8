"""Per-worker caches of what changes only with a version number kept in the database (a
contest's bank, a round's rules): a request reads the version along with what it reads
anyway, and loads the rest again only when the version moved."""

import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

_caches: list["VersionedCache"] = []


class VersionedCache(Generic[K, V]):
    """One value per key, kept with the version it was loaded at; never replaced by an older
    version than the one it holds."""

    def __init__(self) -> None:
        self._entries: dict[K, tuple[int, V]] = {}
        self._lock = threading.Lock()
        _caches.append(self)

    def get(self, key: K, version: int, load: Callable[[], V]) -> V:
        cached = self._entries.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        value = load()
        with self._lock:
            current = self._entries.get(key)
            if current is None or current[0] <= version:
                self._entries[key] = (version, value)
        return value

    def values(self) -> Iterator[V]:
        return iter([value for _, value in list(self._entries.values())])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def forget_all() -> None:
    """Empty every cache (tests that build a new database, whose ids start again at 1)."""
    for cache in _caches:
        cache.clear()
