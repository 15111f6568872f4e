"""In-memory facet bitmaps for the database backend: one bit per document, one bitmap per value.

Counting a facet value over the matches is then `(matches & value).bit_count()`, whatever the
number of matches. A snapshot belongs to one index generation (a token that every index write
changes) and is rebuilt, from two queries, the first time a search sees a new generation."""
from __future__ import annotations

from collections.abc import Iterable


def mask_of(positions: Iterable[int], nbytes: int) -> int:
    """A bitmap (Python int) with the given bit positions set."""
    buf = bytearray(nbytes)
    bit = _BITS
    for p in positions:
        buf[p >> 3] |= bit[p & 7]
    return int.from_bytes(buf, "little")


_BITS = (1, 2, 4, 8, 16, 32, 64, 128)


class Snapshot:
    """Value bitmaps (bit = document id) and the three sort orders of one index generation."""

    def __init__(self, generation, values, orders: dict[str, list[int]]) -> None:
        # values: (facet, value, "id,id,..."); orders: sort name -> every document id in that order
        self.generation = generation
        ids = orders["newest"]
        self.nbytes = (max(ids, default=0) >> 3) + 1
        self.all = mask_of(ids, self.nbytes)
        self.values: dict[str, dict[str, int]] = {}
        for facet, value, id_list in values:
            self.values.setdefault(facet, {})[value] = mask_of(map(int, id_list.split(",")), self.nbytes)
        self.orders = orders

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
