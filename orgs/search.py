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


def text_grams(*parts):
    """Python mirror of ngo20_search_grams: the unigrams and bigrams of the texts."""
    grams = set()
    for word in _SPLIT_RE.split(" ".join(parts).lower()):
        grams.update(word)
        grams.update(word[i : i + 2] for i in range(len(word) - 1))
    return grams


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
