"""Pagination that never counts a whole table."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` rows (a LIMIT inside the COUNT), so a search for a very common word
    costs the same as a rare one; pages beyond the cap are not offered."""

    cap = 1000

    @cached_property
    def count(self):
        return self.object_list[: self.cap + 1].count()

    @property
    def is_capped(self):
        return self.count > self.cap
