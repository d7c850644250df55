"""Progress for long commands: a bar on a terminal (tqdm), plain lines in a log.

A 40-file build or a 90-second ``validate`` should not sit silent. On a terminal the
command draws a tqdm bar on stderr that disappears when the work is done (what the
command prints stays the record); when stderr is a file or a pipe, it writes plain,
timestamp-free lines instead, at most one every ``every`` seconds plus the first and the
last, so a log shows that work goes on without a line per item. ``TINHGON_PROGRESS`` =
``bar``, ``plain`` or ``off`` overrides the choice.

Work that has items (files) calls :meth:`Progress.advance`; work that has phases (read
the store, parse, check the shapes) calls :meth:`Progress.phase`. Nothing else of the
command's code depends on which mode is on.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO, Any


def mode(stream: IO[str] | None = None) -> str:
    """"bar" on a terminal, "plain" otherwise; TINHGON_PROGRESS overrides."""
    forced = os.environ.get("TINHGON_PROGRESS", "").strip().lower()
    if forced in ("bar", "plain", "off"):
        return forced
    stream = stream or sys.stderr
    try:
        return "bar" if stream.isatty() else "plain"
    except (AttributeError, ValueError):
        return "plain"


class Progress:
    """Progress of one command on ``stream`` (stderr): items (``total``) or phases."""

    def __init__(self, desc: str, total: int | None = None, *, unit: str = "file", stream: IO[str] | None = None,
                 every: float = 5.0, how: str | None = None) -> None:
        self.desc = desc
        self.total = total
        self.unit = unit
        self.stream = stream or sys.stderr
        self.every = every
        self.how = how or mode(self.stream)
        self.done = 0
        self.started = time.monotonic()
        self._last_line = 0.0
        self._bar: Any = None
        if self.how == "bar":
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=desc, unit=unit, file=self.stream, leave=False,
                             dynamic_ncols=True, mininterval=0.2)

    # -- items ------------------------------------------------------------------------------
    def advance(self, n: int = 1, note: str | None = None) -> None:
        """``n`` more items done; ``note`` (e.g. the file) shows beside the bar."""
        self.done += n
        if self._bar is not None:
            if note:
                self._bar.set_postfix_str(note[-40:], refresh=False)
            self._bar.update(n)
        elif self.how == "plain":
            now = time.monotonic()
            last = self.total is not None and self.done >= self.total
            if self.done == n or last or now - self._last_line >= self.every:
                self._line(self._count())
                self._last_line = now

    def _count(self) -> str:
        if self.total:
            return f"{self.done}/{self.total} {self.unit}s ({100 * self.done // self.total}%)"
        return f"{self.done} {self.unit}s"

    # -- phases -----------------------------------------------------------------------------
    def phase(self, what: str) -> None:
        """A named step of work that has no items (always shown: phases are few)."""
        if self._bar is not None:
            self._bar.set_description_str(f"{self.desc}: {what}")
            self._bar.refresh()
        elif self.how == "plain":
            self._line(what)

    # -- output -----------------------------------------------------------------------------
    def write(self, line: str) -> None:
        """A line of the command's own output on the same stream, above the bar."""
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def _line(self, text: str) -> None:
        print(f"{self.desc}: {text}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self.how == "plain" and self.total is None and self.done == 0:
            self._line(f"done in {time.monotonic() - self.started:.1f} s")

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
