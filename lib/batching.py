"""Mini-batches for truncated BPTT, laid out as the chapter builds them.

The corpus xs (with targets ts = the next words) is cut into batch_size rows
that start `jump = len(xs) // batch_size` apart: row i reads from offset i * jump.
A time index keeps counting across iterations and epochs; positions wrap
around the end of the corpus.
"""
import numpy as np


def iters_per_epoch(data_size, batch_size, time_size):
    """How many (batch_size, time_size) blocks one epoch holds; at least 1 or an error."""
    per_iter = batch_size * time_size
    if batch_size < 1 or time_size < 1:
        raise ValueError(f"batch_size and time_size must be positive, got {batch_size} and {time_size}")
    if data_size < per_iter:
        raise ValueError(
            f"the corpus has {data_size} input tokens, too short for batch_size x time_size = "
            f"{batch_size} x {time_size} = {per_iter} tokens per iteration; use a longer corpus "
            f"or a smaller batch_size or time_size")
    return data_size // per_iter


def batch_offsets(data_size, batch_size):
    """Start position of each row (batch_size,): i * (data_size // batch_size)."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1 row, got {batch_size}")
    jump = data_size // batch_size
    return np.arange(batch_size) * jump


def batch_positions(data_size, batch_size, time_size, time_idx):
    """Corpus positions (batch_size, time_size) read at time index time_idx."""
    if time_size < 1:
        raise ValueError(f"time_size must be at least 1 word, got {time_size}")
    offsets = batch_offsets(data_size, batch_size)
    return (offsets[:, None] + time_idx + np.arange(time_size)) % data_size


def get_batch(xs, ts, batch_size, time_size, time_idx):
    """One mini-batch: (batch_x, batch_t), each (batch_size, time_size), read at time_idx."""
    pos = batch_positions(len(xs), batch_size, time_size, time_idx)
    return xs[pos], ts[pos]
