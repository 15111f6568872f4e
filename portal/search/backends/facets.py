"""In-memory facet bitmaps for the database backend: one bit per document, one bitmap per value.

Counting a facet value over the matches is then `(matches & value).bit_count()`, whatever the
number of matches. A snapshot is built once per process and index generation (a token that a
rebuild changes); after that each search applies the index writes made since (search_changes),
re-reading only the documents they touched."""
from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable


def mask_of(positions: Iterable[int], nbytes: int) -> int:
    """A bitmap (Python int) with the given bit positions set."""
    buf = bytearray(nbytes)
    bit = _BITS
    for p in positions:
        buf[p >> 3] |= bit[p & 7]
    return int.from_bytes(buf, "little")


_BITS = (1, 2, 4, 8, 16, 32, 64, 128)


def _newest(k):  # k: (id, published_ts, support_count, deadline_ts)
    return (-k[1], -k[0])


def _support(k):
    return (-k[2], -k[0])


def _deadline(k):
    return (k[3] is None, k[3] or 0, k[0])


ORDER_KEYS = {"newest": _newest, "support": _support, "deadline": _deadline}
# Past this many documents changed at once, sorting the orders afresh is cheaper than inserting.
_FEW = 64


class Snapshot:
    """Value bitmaps (bit = document id) and the three sort orders of the index.

    Built once per process from the whole index, then kept current by `apply`, which re-reads
    only the documents an index write touched (benchmarks/README.md, "Search under writes")."""

    def __init__(self, generation, values, keys: list[tuple], seq: int = 0) -> None:
        # values: (facet, value, "id,id,..."); keys: (id, published_ts, support_count, deadline_ts)
        self.generation = generation
        self.seq = seq  # the last change (search_changes.id) this snapshot contains
        self.keys = {k[0]: k for k in keys}
        self.nbytes = (max(self.keys, default=0) >> 3) + 1
        self.all = mask_of(self.keys, self.nbytes)
        self.values: dict[str, dict[str, int]] = {}
        for facet, value, id_list in values:
            self.values.setdefault(facet, {})[value] = mask_of(map(int, id_list.split(",")), self.nbytes)
        self.orders = {name: [k[0] for k in sorted(keys, key=fn)] for name, fn in ORDER_KEYS.items()}

    def apply(self, touched: set[int], keys: list[tuple], facets: list[tuple], seq: int) -> None:
        """Bring the snapshot up to change `seq`: every touched document leaves (its old bits and
        places), and those that exist now (`keys`, `facets`: their current rows) come back."""
        gone = [i for i in touched if i in self.keys]
        if keys:
            self.nbytes = max(self.nbytes, (max(k[0] for k in keys) >> 3) + 1)
        clear = mask_of(gone, self.nbytes) if gone else 0
        added = mask_of([k[0] for k in keys], self.nbytes) if keys else 0
        by_value: dict[tuple[str, str], list[int]] = {}
        for doc_id, facet, value in facets:
            by_value.setdefault((facet, value), []).append(doc_id)
        if clear:
            for per_value in self.values.values():
                for value, vm in per_value.items():
                    if vm & clear:
                        per_value[value] = vm & ~clear
        for (facet, value), ids in by_value.items():
            per_value = self.values.setdefault(facet, {})
            per_value[value] = per_value.get(value, 0) | mask_of(ids, self.nbytes)
        self.all = (self.all & ~clear) | added
        old, new = self.keys, {k[0]: k for k in keys}
        for name, fn in ORDER_KEYS.items():
            order = self.orders[name]
            if len(gone) + len(keys) > _FEW:
                drop = set(gone)
                order = [i for i in order if i not in drop] if drop else order
                order.extend(new)
                order.sort(key=lambda i: fn(new.get(i) or old[i]))  # nearly sorted already: Timsort merges
                self.orders[name] = order
                continue
            for i in gone:  # still in its old place
                pos = bisect_left(order, fn(old[i]), key=lambda j: fn(old[j]))
                if pos < len(order) and order[pos] == i:
                    del order[pos]
                else:  # not where its key says: never expected, but never leave it behind
                    order.remove(i)
            for k in keys:
                insort(order, k[0], key=lambda j: fn(new.get(j) or old[j]))
        for i in gone:
            del old[i]
        old.update(new)
        self.seq = seq

    def mask_of_ids(self, ids: list[int]) -> int:
        """The bitmap of these ids, limited to the documents this snapshot knows."""
        if not ids:
            return 0
        return mask_of(ids, max(self.nbytes, (max(ids) >> 3) + 1)) & self.all

    def filter_mask(self, filters: dict[str, list[str]]) -> int:
        """OR within a facet, AND across facets."""
        m = self.all
        for facet, values in filters.items():
            if values:
                by_value = self.values.get(facet, {})
                any_of = 0
                for v in values:
                    any_of |= by_value.get(str(v), 0)
                m &= any_of
        return m

    def distribution(self, m: int, facets) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for facet in facets:
            counts = {}
            for value, vm in self.values.get(facet, {}).items():
                n = (m & vm).bit_count()
                if n:
                    counts[value] = n
            if counts:
                out[facet] = counts
        return out

    def page(self, tiers: list[int], order: str, offset: int, limit: int) -> list[int]:
        """Document ids of one page: tier by tier (best first), each in the given order."""
        want = offset + limit
        picked: list[int] = []
        sequence = self.orders[order]
        for tier in tiers:
            if not tier:
                continue
            bits = tier.to_bytes(self.nbytes, "little")
            for doc_id in sequence:
                if bits[doc_id >> 3] >> (doc_id & 7) & 1:
                    picked.append(doc_id)
                    if len(picked) >= want:
                        break
            if len(picked) >= want:
                break
        return picked[offset:want]
