"""Search the way people type Chinese: characters, traditional or simplified, full-width, pinyin.

Chinese text has no spaces, so word-based full-text search cannot find 环保 in 绿色环保协会.
The service stores a normalised copy of everything searchable in `Organization.search_text`
(NFKC, traditional → simplified with OpenCC, lower case: SQL cannot run OpenCC, so Python
does it on save), and the database derives `search_grams` from it: every one- and two-character
sequence (`ngo20_search_grams`, linear in the text's length), under a GIN index. A query,
normalised the same way, matches when the row holds all of its bigrams (or its single
character); for words of three or more characters the exact substring is confirmed on that
candidate set. Organization names also get their full pinyin and pinyin initials
(`name_pinyin`, `name_initials`, trigram GIN indexes), so `yangguang`, `ygjy` and `xian` find
阳光…, 阳光教育… and 西安…; those Chinese-name matches rank before other Latin-letter matches.
"""

import re
import time
import unicodedata
from contextlib import contextmanager
from functools import lru_cache

from django.db import connections, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from common.pagination import CappedPaginator

# Same separators as the SQL function: whitespace, ASCII punctuation, common CJK punctuation.
SEPARATORS = "，。、；：？！“”‘’（）《》【】〈〉「」『』·…—～"
_SPLIT_RE = re.compile(r"[\s!-/:-@\[-`{-~" + SEPARATORS + r"]+")

_SEPARATOR_CLASS = r"[:space:]!-/:-@\[-`{-~" + SEPARATORS

# One pass over the characters of the text (string_to_table), each paired with the next one by a
# window function, so the work grows with the length of the text. (Cutting substrings by
# position, as the first version did, is quadratic: substr() on multi-byte text walks from the
# start every time, and a long run of Chinese took seconds.)
SEARCH_GRAMS_SQL = r"""
CREATE OR REPLACE FUNCTION ngo20_search_grams(VARIADIC parts text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
SELECT coalesce(array_agg(DISTINCT gram), '{}'::text[])
FROM (
    SELECT c, lead(c) OVER (ORDER BY i) AS d
    FROM (
        SELECT CASE WHEN ch ~ '[SEPARATOR_CLASS]' THEN NULL ELSE ch END AS c, i
        FROM string_to_table(lower(array_to_string(parts, ' ')), NULL) WITH ORDINALITY AS t(ch, i)
    ) AS chars
) AS pairs
CROSS JOIN LATERAL (VALUES (c), (c || d)) AS grams(gram)
WHERE gram IS NOT NULL
$fn$;
""".replace("SEPARATOR_CLASS", _SEPARATOR_CLASS)

MAX_QUERY_WORDS = 8
MAX_QUERY_LENGTH = 100
# Pinyin needs three letters or more: shorter ones would match most names, and a trigram
# index cannot serve them.
MIN_PINYIN_LENGTH = 3
_PINYIN_QUERY_RE = re.compile(r"^[a-z]+$")


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC  # loaded on first use: its dictionaries take a while

    return OpenCC("t2s")


def normalize(text):
    """NFKC (full-width letters and digits become ASCII), traditional → simplified, lower case."""
    text = unicodedata.normalize("NFKC", text or "")
    if not text.isascii():
        text = _converter().convert(text)
    return text.lower()


def text_grams(*parts):
    """Python mirror of ngo20_search_grams: the unigrams and bigrams of the texts."""
    grams = set()
    for word in _SPLIT_RE.split(" ".join(parts).lower()):
        grams.update(word)
        grams.update(word[i : i + 2] for i in range(len(word) - 1))
    return grams


def name_pinyin(name):
    """Full pinyin and initials of a name: 西安阳光 → ('xianyangguang', 'xayg'). Letters and digits
    that are not Chinese characters are kept whole in both."""
    from pypinyin import lazy_pinyin  # loaded on first use: its dictionaries take a while

    other = "\x00"  # marks chunks that are not Chinese characters
    items = lazy_pinyin(normalize(name), errors=lambda chunk: [other + chunk])
    syllables = [item.lstrip(other) for item in items]
    initials = [item[1:] if item.startswith(other) else item[:1] for item in items]
    keep = lambda parts: re.sub(r"[^a-z0-9]", "", "".join(parts).lower())
    return keep(syllables), keep(initials)


# Place and issue-field names repeat across organizations: normalised once each.
_normalize_shared = lru_cache(maxsize=8192)(normalize)


def searchable_text(*parts, shared=()):
    """The normalised text stored in `search_text`, parts separated so no bigram spans two."""
    return " | ".join([normalize(part) for part in parts if part] + [_normalize_shared(part) for part in shared if part])


def search_values(*, name, name_en="", service_area="", places=(), issue_fields=()):
    """The stored search columns of an organization: its names, service area, the names of its
    province, city and county, and of its issue fields, normalised; pinyin of its name."""
    pinyin, initials = name_pinyin(name)
    return {
        "search_text": searchable_text(name, name_en, service_area, shared=(*places, *issue_fields)),
        "name_pinyin": pinyin,
        "name_initials": initials,
    }


def query_words(query):
    query = normalize((query or "")[:MAX_QUERY_LENGTH])
    return [word for word in _SPLIT_RE.split(query) if word][:MAX_QUERY_WORDS]


def query_grams(words):
    """The grams a row must hold. A longer word needs only bigrams that cover it without overlap
    (its exact text is checked after): fewer array elements, and the planner's estimate, which
    multiplies their frequencies as if independent, stays nearer the truth."""
    grams = set()
    for word in words:
        if len(word) == 1:
            grams.add(word)
        else:
            starts = list(range(0, len(word) - 1, 2))
            if len(word) % 2:
                starts.append(len(word) - 2)
            grams.update(word[i : i + 2] for i in starts)
    return sorted(grams)


def pinyin_query(words):
    """The query as pinyin (words joined: `yang guang` = `yangguang`), or None if it is not."""
    joined = "".join(words)
    if len(joined) >= MIN_PINYIN_LENGTH and _PINYIN_QUERY_RE.match(joined):
        return joined
    return None


def text_condition(words):
    """A Chinese word is found by its grams (GIN on `search_grams`; for three characters or more,
    its exact text checked on those candidates). A Latin word of three letters or more is found by
    the trigram index on `search_text` alone: Latin bigrams (`es`, `ti`) are in most rows, its
    trigrams are not."""
    cjk = [word for word in words if not (word.isascii() and len(word) >= 3)]
    # Every word's text comes first, then the grams: when a page is read along the ordering index
    # (SearchPaginator), each row is checked in this order, and a substring test on the short,
    # inline text is much cheaper than unpacking the compressed gram array. The results are the
    # same: a word holds no separator, so it is in the text exactly when its grams are.
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    if cjk:
        condition &= Q(search_grams__contains=query_grams(cjk))
    return condition


def pinyin_condition(pinyin):
    return Q(name_pinyin__contains=pinyin) | Q(name_initials__contains=pinyin)


def search_parts(queryset, query, *, ordering):
    """The matches of `query` in rank order, as querysets each in `ordering`: the pinyin matches
    of Chinese names first (when the query can be pinyin), then the other matches."""
    words = query_words(query)
    if not words:
        return [queryset.order_by(*ordering)]
    condition = text_condition(words)
    pinyin = pinyin_query(words)
    if pinyin is None:
        return [queryset.filter(condition).order_by(*ordering)]
    matched = pinyin_condition(pinyin)
    return [queryset.filter(matched).order_by(*ordering), queryset.filter(condition & ~matched).order_by(*ordering)]


def apply_search(queryset, query, *, ordering):
    """One queryset of the matches of `query`, ranked as search_parts() (for the API)."""
    words = query_words(query)
    if not words:
        return queryset
    condition = text_condition(words)
    pinyin = pinyin_query(words)
    if pinyin is None:
        return queryset.filter(condition).order_by(*ordering)
    matched = pinyin_condition(pinyin)
    rank = Case(When(matched, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.filter(condition | matched).order_by(rank, *ordering)


# How common each gram is, from PostgreSQL's statistics on `search_grams` (ANALYZE keeps the
# most common elements of the array column with their share of rows; any other gram is rarer than
# the least common of those): kept per process for a few minutes, per database.
_GRAM_STATS_SECONDS = 600
_gram_stats_cache = {}


def _gram_stats(using):
    now = time.monotonic()
    cached = _gram_stats_cache.get(using)
    if cached is None or now - cached[0] > _GRAM_STATS_SECONDS:
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples"
                " FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename"
                " AND c.relnamespace = to_regnamespace(s.schemaname)"
                " WHERE s.schemaname = current_schema() AND s.tablename = 'orgs_organization'"
                " AND s.attname = 'search_grams'"
            )
            row = cursor.fetchone()
        stats = None
        if row and row[0] and row[1] and row[2] > 0:
            elems, freqs, rows = row
            # The frequencies are followed by their minimum, their maximum and the share of nulls.
            stats = (dict(zip(elems, freqs)), freqs[len(elems)], rows)
        cached = _gram_stats_cache[using] = (now, stats)
    return cached[1]


def match_bounds(query, *, using):
    """For each part of search_parts(query), at most how many rows it can match as the gram
    statistics tell (the rarest of the query's grams), or None when they cannot tell (pinyin and
    Latin words use trigram indexes; a table never analysed)."""
    words = query_words(query)
    pinyin = words and pinyin_query(words) is not None
    grams = query_grams([word for word in words if not (word.isascii() and len(word) >= 3)])
    stats = _gram_stats(using) if grams else None
    bound = None
    if stats is not None:
        frequencies, floor, rows = stats
        bound = rows * min(frequencies.get(gram, floor) for gram in grams)
    return [None, bound] if pinyin else [bound]


class SearchPaginator(CappedPaginator):
    """The directory's paginator, over the ranked parts of a search (search_parts()).

    Counts stop at cap + 1 matches whatever plan PostgreSQL takes (no ordering in the count). The
    cap is 200 (ten pages): past ten pages people add a word or a filter.

    Past the cap, how a page is read is chosen here, because the planner cannot know how common a
    word is (it multiplies the shares of a word's bigrams as if they were independent) and picks
    the wrong plan for whole classes of words. A part that can match many rows is read by walking
    the ordering index and stopping at the page's rows: the walk costs about page size ÷ share of
    rows matching, little for a common word. A part that can match only a few thousand rows (琼,
    拉萨 in a million names) is fetched through the search indexes and its newest sorted out: the
    walk would read hundreds of rows per match (60–80 ms at 1,000,000 organizations)."""

    cap = 200
    # A part expected to match at most this many rows is fetched and sorted, otherwise walked.
    fetch_most = 10_000
    # A part nothing bounds is first looked for among this many newest rows.
    walk_most = 5000

    def __init__(self, parts, per_page, *, query="", narrowed=False, stubs=False, **kwargs):
        """`narrowed`: filters other than the query's words restrict the parts. `stubs`: a page's
        rows carry only their id and updated_at, what the directory's card cache needs to find
        them (orgs/templatetags/org_cards.py reads the rest on a miss)."""
        self.parts = list(parts)
        self.query = query
        self.narrowed = narrowed
        self.stubs = stubs
        self._read_ahead = {}  # part index → its first rows' keys, read while counting
        super().__init__(self.parts[0], per_page, **kwargs)

    @cached_property
    def bounds(self):
        """For each part, at most how many rows it can match by the gram statistics, or None."""
        if not query_words(self.query):
            return [None] * len(self.parts)
        return match_bounds(self.query, using=self.parts[0].db)

    @cached_property
    def part_counts(self):
        counts, left = [], self.cap + 1
        for index, (part, bound) in enumerate(zip(self.parts, self.bounds)):
            if not left:
                counts.append(0)
                continue
            how = self._how(part, bound, None) if bound is not None else None
            if how == "fetch" or (how == "walk" and not self.narrowed):
                # The part's first rows up to the cap, in order, read the way a page of it is read:
                # their number is its count, and every page within the cap is among them. One
                # statement where counting and then reading the page took two (and their
                # transactions): a fifth of a common word's search. A fetch reads every match
                # anyway; a walk only when no filter narrows the word's matches, because walking
                # to the cap then passes ten times the rows that walking to one page does (公益 in
                # one province: 27 ms instead of 10 ms counted through the province's index).
                rows = self._ordered_keys(part, 0, left, how=how)
                self._read_ahead[index] = rows
                found = len(rows)
            else:
                # A common word's matches are counted along an index or the table, stopping at the
                # cap; a bitmap would first collect all of them (220,000 for 公益: ~40 ms).
                with _planner_without(part.db, *(["enable_bitmapscan"] if how == "walk" else [])):
                    found = len(part.order_by().values_list("pk", flat=True)[:left])
            counts.append(found)
            left -= found
        return counts

    @cached_property
    def count(self):
        return sum(self.part_counts)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        rows, start = [], 0
        for index, (part, bound, found) in enumerate(zip(self.parts, self.bounds, self.part_counts)):
            low, high = max(bottom, start), min(top, start + found)
            if low < high:
                if index in self._read_ahead:
                    keys = self._read_ahead[index][low - start : high - start]
                    rows += self._instances(part, keys, stubs=self.stubs)
                else:
                    rows += self._read(part, low - start, high - start, how=self._how(part, bound, found))
            start += found
        return self._get_page(rows, number, self)

    def _how(self, part, bound, found):
        if bound is not None:
            return "walk" if bound > self.fetch_most else "fetch"
        if found <= self.cap:
            return "planned"  # a couple of hundred matches: the planner's plan is fine
        if not query_words(self.query):
            return "walk"  # filters alone: their indexes' statistics are good, and many rows match
        # Pinyin and Latin words, which the gram statistics cannot bound (and the planner guesses
        # ~200 rows for any of them): walk the newest rows only, and fetch if they hold too few.
        return "bounded walk"

    def _read(self, part, low, high, *, how):
        if how == "bounded walk":
            from .models import OrganizationStatus  # the models import this module

            # The newest rows end where the index entry walk_most places down says (read from the
            # ordering index alone); the part's own page among them is its page overall.
            column = part.query.order_by[0].lstrip("-")
            newest = part.model.objects.filter(status=OrganizationStatus.PUBLISHED).order_by(*part.query.order_by)
            edge = next(iter(newest.values_list(column, flat=True)[self.walk_most : self.walk_most + 1]), None)
            if edge is None:
                return self._rows(part, low, high, how="walk", stubs=self.stubs)  # a small directory: walk it all
            rows = self._rows(part.filter(**{f"{column}__gte": edge}), low, high, how="walk", stubs=self.stubs)
            if len(rows) == high - low:
                return rows
            how = "fetch"
        return self._rows(part, low, high, how=how, stubs=self.stubs)

    @classmethod
    def _rows(cls, part, low, high, *, how, stubs=False):
        return cls._instances(part, cls._ordered_keys(part, low, high, how=how), stubs=stubs)

    @staticmethod
    def _ordered_keys(part, low, high, *, how):
        """The id and updated_at of the part's rows low to high, in its order, read as `how` says:
        "walk" along the ordering index, "fetch" every match and sort, or as planned."""
        if how == "fetch":
            # The same order through expressions no index holds: the planner cannot walk it.
            part = part.order_by(*[_unindexed(name) for name in part.query.order_by])
        walk = ("enable_bitmapscan", "enable_seqscan", "enable_sort") if how == "walk" else ()
        with _planner_without(part.db, *walk):
            return list(part[low:high].values_list("pk", "updated_at"))

    @staticmethod
    def _instances(part, keys, *, stubs):
        """The rows of these (id, updated_at) pairs, in their order: as stubs, made from the pairs
        (what the directory's card cache needs), or read whole with the part's related rows."""
        if stubs:
            names = [part.model._meta.pk.attname, "updated_at"]
            return [part.model.from_db(part.db, names, key) for key in keys]
        ids = [pk for pk, _ in keys]
        found = {row.pk: row for row in part.order_by().filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]


@contextmanager
def _planner_without(using, *settings):
    """The planner without these kinds of plan for the statements inside (none: as it is)."""
    if not settings:
        yield
        return
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"set_config('{setting}', 'off', true)" for setting in settings))
        yield


def _unindexed(name):
    column = name.lstrip("-")
    expression = Coalesce(F(column), F(column))
    return expression.desc() if name.startswith("-") else expression.asc()
