"""Pagination that never counts a whole table."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` rows (a LIMIT inside the COUNT), so a search for a very common word
    costs the same as a rare one; pages beyond the cap are not offered."""

    cap = 1000

    @cached_property
    def count(self):
        # Fetch up to cap + 1 ids in the list's own order: PostgreSQL then walks the ordering index
        # and stops early, where a COUNT(*) (which drops the ordering) scans every match.
        return len(self.object_list.values_list("pk", flat=True)[: self.cap + 1])

    @property
    def is_capped(self):
        return self.count > self.cap
