"""In-memory facet bitmaps for the database backend: one bit per document, one bitmap per value.

Counting a facet value over the matches is then `(matches & value).bit_count()`, whatever the
number of matches. A snapshot belongs to one index generation (a token that every index write
changes) and is rebuilt, from two queries, the first time a search sees a new generation."""
from __future__ import annotations

from collections.abc import Iterable


def mask_of(positions: Iterable[int], nbytes: int) -> int:
    """A bitmap (Python int) with the given bit positions set."""
    buf = bytearray(nbytes)
    for p in positions:
        buf[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buf, "little")


class Snapshot:
    """Document positions, value bitmaps and the three sort orders of one index generation."""

    def __init__(self, generation, docs, facet_rows) -> None:
        # docs: (id, published_ts, support_count, deadline_ts); facet_rows: (id, facet, value)
        self.generation = generation
        self.ids = [d[0] for d in docs]
        self.pos = {doc_id: p for p, doc_id in enumerate(self.ids)}
        self.nbytes = (len(self.ids) + 7) // 8
        self.all = (1 << len(self.ids)) - 1
        grouped: dict[str, dict[str, list[int]]] = {}
        pos = self.pos
        for doc_id, facet, value in facet_rows:
            p = pos.get(doc_id)
            if p is not None:
                grouped.setdefault(facet, {}).setdefault(value, []).append(p)
        self.values = {facet: {value: mask_of(ps, self.nbytes) for value, ps in by_value.items()}
                       for facet, by_value in grouped.items()}
        positions = range(len(docs))
        self.orders = {
            "newest": sorted(positions, key=lambda p: (-docs[p][1], -docs[p][0])),
            "support": sorted(positions, key=lambda p: (-docs[p][2], -docs[p][0])),
            "deadline": sorted(positions, key=lambda p: (docs[p][3] is None, docs[p][3] or 0, docs[p][0])),
        }

    def mask_of_ids(self, ids: Iterable[int]) -> int:
        pos = self.pos
        return mask_of((pos[i] for i in ids if i in pos), self.nbytes)

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
            for p in sequence:
                if bits[p >> 3] >> (p & 7) & 1:
                    picked.append(p)
                    if len(picked) >= want:
                        break
            if len(picked) >= want:
                break
        return [self.ids[p] for p in picked[offset:want]]
