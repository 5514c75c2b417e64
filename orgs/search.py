"""Search that works for Chinese: character unigrams and bigrams, indexed with GIN.

Chinese text has no spaces, so word-based full-text search cannot find 环保 in 绿色环保协会.
The database stores every one- and two-character sequence of the searchable text
(`ngo20_search_grams`, created in migration 0001); a query matches when the row holds all of
the query's bigrams (or its single character), which the GIN index answers without reading the
table. For longer words the exact substring is then confirmed on that candidate set (their
bigrams could be present but apart); for words of one or two characters the gram is exact.
"""

import re

from django.db.models import Q

# Same separators as the SQL function: whitespace, ASCII punctuation, common CJK punctuation.
SEPARATORS = "，。、；：？！“”‘’（）《》【】〈〉「」『』·…—～"
_SPLIT_RE = re.compile(r"[\s!-/:-@\[-`{-~" + SEPARATORS + r"]+")

SEARCH_GRAMS_SQL = r"""
CREATE OR REPLACE FUNCTION ngo20_search_grams(VARIADIC parts text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
SELECT coalesce(array_agg(DISTINCT gram), '{}'::text[])
FROM (
    SELECT substr(word, i, n) AS gram
    FROM unnest(regexp_split_to_array(
            lower(array_to_string(parts, ' ')),
            '[[:space:]!-/:-@\[-`{-~SEPARATORS]+')) AS word,
         LATERAL (VALUES (1), (2)) AS sizes(n),
         LATERAL generate_series(1, char_length(word) - n + 1) AS i
    WHERE word <> ''
) AS grams
$fn$;
""".replace("SEPARATORS", SEPARATORS)

MAX_QUERY_WORDS = 8


def query_words(query):
    return [word for word in _SPLIT_RE.split((query or "").lower()) if word][:MAX_QUERY_WORDS]


def query_grams(words):
    grams = set()
    for word in words:
        if len(word) == 1:
            grams.add(word)
        else:
            grams.update(word[i : i + 2] for i in range(len(word) - 1))
    return sorted(grams)


def search_filter(query, fields):
    """A Q that finds rows whose `fields` contain every word of `query` (None if it is empty)."""
    words = query_words(query)
    if not words:
        return None
    condition = Q(search_grams__contains=query_grams(words))
    for word in words:
        if len(word) <= 2:
            continue  # one or two characters: the gram itself is the word, so the index is exact
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition
