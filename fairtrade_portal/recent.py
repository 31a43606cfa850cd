"""The last few large values this process has used, kept in its memory: a 4 MB export or a
1.5 MB map is not fetched from Redis for every request. Keyed by something that names the
exact value (a data version, a digest of the bytes), so a copy here is never stale."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Recent(Generic[T]):
    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[str, T] = OrderedDict()

    def get(self, key: str, fetch: Callable[[], T | None]) -> T | None:
        """The value under ``key``: from here, or ``fetch()`` (kept here unless it is None)."""
        value = self._items.get(key)
        if value is None:
            value = fetch()
            if value is None:
                return None
            self.put(key, value)
        else:
            self._items.move_to_end(key)
        return value

    def put(self, key: str, value: T) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()
