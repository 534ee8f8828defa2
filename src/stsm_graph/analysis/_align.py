r"""The lines two N-Triples dumps do not share, found by aligning the dumps before hashing lines.

Two versions of a portfolio usually share almost every triple, and a store writes the
triples they share in much the same order in both dumps (Oxigraph writes them in the order
they were added). So the dumps are walked side by side: runs of bytes both dumps hold at
the current place, ending at a line's end, are passed over with one comparison (a block,
then halves of it), and where the lines differ the walk picks up again at the next line of
one dump found near the current place of the other. Only the lines not passed over are
compared as sets.

Exact whatever the order: a dump holds each triple once, so a line passed over on both
sides is in neither set difference, and every other line is compared. The order only
decides how much is passed over; when the dumps do not follow each other (a file that
reorders its entries), a budget of comparisons and of bytes searched runs out and the rest
of both is compared as sets, as if no alignment had been tried.

Examples
--------
>>> old = b"<a> <p> <b> .\n<c> <p> <d> .\n<e> <p> <f> .\n"
>>> new = b"<a> <p> <b> .\n<c> <p> <x> .\n<e> <p> <f> .\n"
>>> unshared_lines(old, new)
({b'<c> <p> <d>'}, {b'<c> <p> <x>'})
"""

from __future__ import annotations

__all__ = ["unshared_lines"]

#: the first run compared in one go, in bytes (then halves of it, down to one line)
BLOCK = 1 << 15
#: how far past the current place a line is looked for in the other dump, in bytes
WINDOW = 1 << 20
#: how many lines of each dump are tried as the place to pick up again
TRIES = 32
_END = b" .\n"


def unshared_lines(old: bytes, new: bytes) -> tuple[set[bytes], set[bytes]]:
    r"""Return the lines only ``old`` holds and those only ``new`` holds (without `` .``).

    Parameters
    ----------
    old, new
        N-Triples dumps, each statement on its own line ending ``" .\n"``, each line once.
    """
    old, new = _ended(old), _ended(new)
    rest_old, rest_new = _unpassed(old, new)
    lines_old = _lines(rest_old)
    lines_new = _lines(rest_new)
    return lines_old - lines_new, lines_new - lines_old


def _ended(data: bytes) -> bytes:
    """Return ``data`` with a line break after its last line (a run must end a line)."""
    return data if not data or data.endswith(b"\n") else data + b"\n"


def _lines(parts: list[bytes]) -> set[bytes]:
    r"""Return the set of lines of whole-line ``parts``, each without its `` .\n``."""
    lines = set(b"".join(parts).split(_END))
    lines.discard(b"")
    return lines


def _unpassed(old: bytes, new: bytes) -> tuple[list[bytes], list[bytes]]:
    """Return the parts of each dump the walk did not pass over (whole lines).

    A run that both dumps hold doubles the next run tried (up to :data:`BLOCK`); a run that
    differs halves it, down to one line; a line that differs sends the walk to
    :func:`_pick_up`. Each comparison spends one step and each look-up the bytes it
    scanned, from budgets in proportion to the dumps' sizes.
    """
    rest_old: list[bytes] = []
    rest_new: list[bytes] = []
    steps = (len(old) + len(new)) // 4000 + 64
    scan = len(old) + len(new) + WINDOW
    i = j = 0
    size = BLOCK
    while i < len(old) and j < len(new) and steps > 0:
        steps -= 1
        end = _line_end(old, i + size - 1)
        if new.startswith(old[i:end], j):
            i, j, size = end, j + end - i, min(2 * size, BLOCK)
        elif end > _line_end(old, i):
            size //= 2
        else:
            at_old, at_new, scanned = _pick_up(old, new, i, j)
            scan -= scanned
            if at_old < 0 or scan < 0:
                break
            rest_old.append(old[i:at_old])
            rest_new.append(new[j:at_new])
            i, j, size = at_old, at_new, _FRESH
    rest_old.append(old[i:])
    rest_new.append(new[j:])
    return rest_old, rest_new


#: the run tried first after the walk picks up again
_FRESH = 1 << 9


def _line_end(data: bytes, at: int) -> int:
    """Return the index after the end of the line holding index ``at`` (or the data's end)."""
    end = data.find(b"\n", min(at, len(data) - 1))
    return len(data) if end < 0 else end + 1


def _pick_up(old: bytes, new: bytes, i: int, j: int) -> tuple[int, int, int]:
    """Find the nearest line of one dump that the other holds further on.

    Tries the next :data:`TRIES` lines of each side, nearest first. Returns where the walk
    picks up in ``old`` and in ``new`` (``-1`` when nothing was found), and the bytes
    scanned.
    """
    scanned = 0
    at_old, at_new = i, j
    for _ in range(TRIES):
        for side, (here, there, start, start_there) in enumerate(
            ((old, new, at_old, j), (new, old, at_new, i))
        ):
            if start >= len(here):
                continue
            found = _find_line(there, here[start : _line_end(here, start)], start_there)
            scanned += min(WINDOW, len(there) - start_there) if found < 0 else found - start_there
            if found >= 0:
                return (start, found, scanned) if side == 0 else (found, start, scanned)
        at_old = _line_end(old, at_old)
        at_new = _line_end(new, at_new)
    return -1, -1, scanned


def _find_line(data: bytes, line: bytes, start: int) -> int:
    """Return where ``line`` (a whole line) begins in ``data`` at or after ``start``, or -1."""
    if data.startswith(line, start):
        return start
    found = data.find(b"\n" + line, start, start + WINDOW + len(line))
    return found if found < 0 else found + 1
