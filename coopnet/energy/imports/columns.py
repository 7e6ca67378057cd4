"""Reading a large meter file fast: blocks of lines split with numpy, the canonical form of
each cell checked and converted for every line at once. A line in any other form (spaces,
quotes, lower-case POD, another offset, a reason to refuse it) is left to the row-by-row
check, which either reads it or says why not: the fast path never decides a refusal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .files import FileRefusedError

BLOCK_BYTES = 32 * 1024 * 1024
NEWLINE, CR, QUOTE, NUL = 10, 13, 34, 0
WIDEST = 25  # the widest cell read (an ISO start)
ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24]
ISO_MARKS = {4: b"-", 7: b"-", 10: b"T", 13: b":", 16: b":", 22: b":"}  # 19: the sign
WH_WIDTH = 14  # a kWh cell read fast: at most 9 digits, the mark and 3 decimals
DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


@dataclass
class Block:
    """One block of lines: ``lines`` holds each line's number in the file; the canonical lines
    (``fast``) are converted, the others (``slow``) are given back as text."""

    first_line: int
    lines: np.ndarray  # line number of each canonical line
    pod: np.ndarray  # index into the sorted PODs, -1 when unknown
    withdrawal: np.ndarray  # bool: prelievo (else immissione)
    epoch: np.ndarray  # start, seconds since 1970 UTC
    minutes: np.ndarray  # 15 or 60
    wh: np.ndarray
    slow: list[tuple[int, str]]  # (line number, text) of the other lines


def blocks(path: Path, size: int | None = None) -> Iterator[tuple[int, bytes]]:
    """(line number of its first line, bytes) of whole-line blocks of about ``size`` bytes
    (``BLOCK_BYTES``) after the header line."""
    size = size or BLOCK_BYTES
    with path.open("rb") as handle:
        handle.readline()
        line, rest = 2, b""
        while chunk := handle.read(size):
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                rest = data
                continue
            block, rest = data[:cut], data[cut:]
            yield line, block
            line += block.count(b"\n")
        if rest:
            yield line, rest + b"\n"


def _check_text(buf: np.ndarray, block: bytes) -> None:
    if (buf == NUL).any():
        raise FileRefusedError("NUL")
    if buf.max(initial=0) >= 128:
        block.decode("utf-8")  # UnicodeDecodeError: the caller refuses the file


def _days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _instants(cells: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(canonical, epoch seconds) of `YYYY-MM-DDTHH:MM:SS±HH:00` starts."""
    digits = cells[:, ISO_DIGITS] - np.uint8(48)  # not a digit: above 9 (uint8 wraps)
    ok = (length == 25) & (digits <= 9).all(axis=1)
    ok &= (cells[:, list(ISO_MARKS)] == np.frombuffer(b"".join(ISO_MARKS.values()), np.uint8)).all(
        axis=1
    )
    sign = np.where(cells[:, 19] == ord("+"), 1, -1)
    ok &= (cells[:, 19] == ord("+")) | (cells[:, 19] == ord("-"))

    def number(first: int, count: int) -> np.ndarray:
        value = digits[:, first].astype(np.int32)
        for i in range(first + 1, first + count):
            value = value * 10 + digits[:, i]
        return value

    year, month, day = number(0, 4), number(4, 2), number(6, 2)
    hour, minute, second = number(8, 2), number(10, 2), number(12, 2)
    off_hour, off_minute = number(14, 2), number(16, 2)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_days = DAYS_IN_MONTH[np.clip(month, 0, 12)] + ((month == 2) & leap)
    ok &= (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days)
    ok &= (hour < 24) & (minute < 60) & (second == 0) & (off_hour < 24) & (off_minute == 0)
    days = _days_from_civil(year, month, day).astype(np.int64)
    epoch = days * 86400 + hour * 3600 + minute * 60 - sign * off_hour * 3600
    return ok, epoch


def _watt_hours(tail: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(canonical, Wh) of kWh written as digits with at most three decimals after `.` or `,`;
    ``tail`` holds the bytes that end each cell (``length`` of them are the cell's)."""
    width = tail.shape[1]
    digits = tail - np.uint8(48)  # not a digit: above 9 (uint8 wraps)
    inside = np.arange(width) >= (width - length)[:, None]
    is_mark = ((tail == ord(".")) | (tail == ord(","))) & inside
    marks = is_mark.sum(axis=1)
    ok = (length >= 1) & (length < width) & ((digits <= 9) | is_mark | ~inside).all(axis=1)
    decimals = np.where(marks == 1, width - 1 - is_mark.argmax(axis=1), 0)
    whole = length - marks - decimals  # digits before the mark
    ok &= (marks <= 1) & (decimals <= 3) & ((marks == 0) | (decimals >= 1)) & (whole >= 1)
    ok &= whole <= 9
    # the cell's digits as one number, the mark read as a 0 (Horner, column by column)
    kept = np.asfortranarray(digits * (inside & ~is_mark))
    number = np.zeros(len(tail), dtype=np.int64)
    for column in range(width):
        number = number * 10 + kept[:, column]
    scale = 10**decimals
    fraction = number % scale  # the digits after the mark, then those before it (the 0 cut)
    number = np.where(marks == 1, (number - fraction) // 10 + fraction, number)
    return ok, number * 10 ** (3 - np.clip(decimals, 0, 3))


def parse_block(
    first_line: int,
    block: bytes,
    *,
    delimiter: int,
    order: dict[str, int],
    pods: np.ndarray,
    is_point: np.ndarray,
    power_w: np.ndarray,
) -> Block:
    """Split a block of whole lines and convert its canonical lines; ``order`` gives each
    column's position, ``pods`` the community's PODs sorted (dtype S14, not empty),
    ``is_point`` whether each is a withdrawal point and ``power_w`` its plant's power in W
    (-1: not a plant)."""
    buf = np.frombuffer(block, dtype=np.uint8)
    _check_text(buf, block)
    padding = np.zeros(WIDEST, np.uint8)
    windows = np.lib.stride_tricks.sliding_window_view(  # row i: from byte i - WIDEST
        np.concatenate((padding, buf, padding)), WIDEST
    )
    cuts = np.flatnonzero((buf == delimiter) | (buf == NEWLINE))  # separators and line ends
    line_ends = np.flatnonzero(buf[cuts] == NEWLINE)  # which cuts end a line
    ends = cuts[line_ends]
    starts = np.concatenate(([0], ends[:-1] + 1))
    ends = ends - ((ends > starts) & (buf[np.maximum(ends - 1, 0)] == CR))
    numbers = first_line + np.arange(len(starts))
    first_cut = np.concatenate(([0], line_ends[:-1] + 1))
    per_line = line_ends - first_cut  # separators in each line
    quoted = np.zeros(len(starts), dtype=bool)
    quoted[np.searchsorted(ends, np.flatnonzero(buf == QUOTE))] = True
    good = (per_line == 4) & ~quoted
    inner = cuts[first_cut[good][:, None] + np.arange(4)]
    cell_start = [starts[good], *(inner[:, i] + 1 for i in range(4))]
    cell_end = [*(inner[:, i] for i in range(4)), ends[good]]

    def cells(name: str, width: int, *, tail: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """``width`` bytes from each cell's start (``tail``: ending at its end), whatever lies
        beyond a shorter cell (callers check the length), and the cell's length."""
        start, end = cell_start[order[name]], cell_end[order[name]]
        return windows[(end - width if tail else start) + WIDEST, :width], end - start

    pod_cells, pod_length = cells("pod", 14)
    keys = np.ascontiguousarray(pod_cells).view("S14").ravel()
    at = np.minimum(np.searchsorted(pods, keys), len(pods) - 1)
    known = (pod_length == 14) & (pods[at] == keys)
    start_ok, epoch = _instants(*cells("inizio", 25))
    minute_cells, minute_length = cells("minuti", 2)
    minutes = np.where(minute_cells[:, 0] == ord("1"), 15, 60)
    minutes_ok = (minute_length == 2) & (
        ((minute_cells[:, 0] == ord("1")) & (minute_cells[:, 1] == ord("5")))
        | ((minute_cells[:, 0] == ord("6")) & (minute_cells[:, 1] == ord("0")))
    )
    way_cells, way_length = cells("verso", 10)
    way = np.ascontiguousarray(way_cells).view("S10").ravel()
    withdrawal = (way_length == 8) & (way.astype("S8") == b"prelievo")
    injection = (way_length == 10) & (way == b"immissione")
    wh_ok, wh = _watt_hours(*cells("kwh", WH_WIDTH, tail=True))
    aligned = (epoch % (minutes * 60)) == 0
    fast = known & start_ok & minutes_ok & (withdrawal | injection) & wh_ok & aligned
    power = power_w[at]
    fast &= np.where(withdrawal, is_point[at], (power >= 0) & (wh * 60 <= power * minutes))
    slow_numbers = np.concatenate((numbers[~good], numbers[good][~fast]))
    slow_starts = np.concatenate((starts[~good], starts[good][~fast]))
    slow_ends = np.concatenate((ends[~good], ends[good][~fast]))
    slow = [
        (int(n), block[s:e].decode("utf-8"))
        for n, s, e in sorted(zip(slow_numbers, slow_starts, slow_ends, strict=True))
    ]
    return Block(
        first_line=first_line,
        lines=numbers[good][fast],
        pod=at[fast],
        withdrawal=withdrawal[fast],
        epoch=epoch[fast],
        minutes=minutes[fast],
        wh=wh[fast],
        slow=slow,
    )
