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
import unicodedata
from functools import lru_cache

from django.db.models import Case, IntegerField, Q, Value, When

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
    from opencc import OpenCC

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
    from pypinyin import lazy_pinyin

    other = "\x00"  # marks chunks that are not Chinese characters
    items = lazy_pinyin(normalize(name), errors=lambda chunk: [other + chunk])
    syllables = [item.lstrip(other) for item in items]
    initials = [item[1:] if item.startswith(other) else item[:1] for item in items]
    keep = lambda parts: re.sub(r"[^a-z0-9]", "", "".join(parts).lower())  # noqa: E731
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
    grams = set()
    for word in words:
        if len(word) == 1:
            grams.add(word)
        else:
            grams.update(word[i : i + 2] for i in range(len(word) - 1))
    return sorted(grams)


def pinyin_query(words):
    """The query as pinyin (words joined: `yang guang` = `yangguang`), or None if it is not."""
    joined = "".join(words)
    if len(joined) >= MIN_PINYIN_LENGTH and _PINYIN_QUERY_RE.match(joined):
        return joined
    return None


def text_condition(words):
    condition = Q(search_grams__contains=query_grams(words))
    for word in words:
        if len(word) > 2:  # one or two characters: the gram itself is the word, the index is exact
            condition &= Q(search_text__contains=word)
    return condition


def pinyin_condition(pinyin):
    return Q(name_pinyin__contains=pinyin) | Q(name_initials__contains=pinyin)


def apply_search(queryset, query, *, ordering):
    """Rows of `queryset` matching every word of `query`, in `ordering`; pinyin matches of the
    Chinese name first when the query can be pinyin. Unchanged when the query is empty."""
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
