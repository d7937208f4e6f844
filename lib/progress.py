"""A one-line text progress bar (standard library only)."""
import sys
import time


class ProgressBar:
    """Redraws one line: `label [#####.....] done/total  rate unit/s  eta`."""

    def __init__(self, total, label="", unit="it", stream=None, width=30, min_interval=0.1):
        self.total, self.label, self.unit, self.width = total, label, unit, width
        self.stream = stream or sys.stderr
        self.min_interval = min_interval
        self.start = time.perf_counter()
        self.last_draw = 0.0
        self.done = 0
        self.postfix = ""

    def update(self, n=1, postfix=None):
        self.done += n
        if postfix is not None:
            self.postfix = postfix
        now = time.perf_counter()
        if now - self.last_draw >= self.min_interval or self.done >= self.total:
            self.last_draw = now
            self.draw(now)

    def draw(self, now):
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else float("inf")
        filled = int(self.width * min(self.done / self.total, 1)) if self.total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total} "
                          f"{rate:,.0f} {self.unit}/s  left {format_seconds(left)}  {self.postfix}  ")
        self.stream.flush()

    def close(self):
        self.stream.write("\n")
        self.stream.flush()


def format_seconds(s):
    """123.4 -> '2:03'; inf -> '?'."""
    if s == float("inf"):
        return "?"
    m, s = divmod(int(round(s)), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
