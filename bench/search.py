"""Directory search at scale: every class of query (issue 14's goal: p95 <= 50 ms each), over HTTP
against the same gunicorn server as the other scenarios. Run with `manage.py bench_search`."""

import urllib.parse

from .runner import Server, free_port, measure

# (class, query, other filters). Queries fit the generator's vocabulary (bench/generate.py): its
# words and suffixes, the divisions' names and the issue fields' names.
CASES = [
    ("1 char, common", "会", {}),
    ("1 char, rare", "琼", {}),
    ("2 chars, common", "公益", {}),
    ("2 chars, rare", "拉萨", {}),
    ("3-7 chars, common", "服务中心", {}),
    ("3-7 chars, rare", "社会工作服务社", {}),
    ("3-7 chars, two words", "阳光 协会", {}),
    ("traditional", "環保協會", {}),
    ("full-width", "ＪＩＡＮＧＳＵ", {}),
    ("Latin, common", "disabilities", {}),
    ("Latin, rare", "ningxia", {}),
    ("pinyin, full", "yangguang", {}),
    ("pinyin, initials", "ygly", {}),
    ("pinyin, rare", "pugongying", {}),
    ("no hits, Chinese", "不存在的词语", {}),
    ("no hits, Latin", "qqxzzk", {}),
    ("with province", "公益", {"province": "510000"}),
    ("with kind", "服务中心", {"kind": "foundation"}),
    ("with field", "环保", {"field": "environment"}),
    ("pinyin with region", "yangguang", {"region": "west"}),
    ("filters only", "", {"province": "440000", "kind": "ngo"}),
]


def search_scenarios(port, count, log=print):
    results = {}
    for name, query, filters in CASES:
        params = {"q": query, **filters} if query else filters
        path = "/orgs/?" + urllib.parse.urlencode(params)
        results[name] = {**measure(port, path, count), "path": path}
        log(f"  {name:<24} median {results[name]['median_ms']:>6} ms  p95 {results[name]['p95_ms']:>6} ms")
    return results


def markdown(results):
    lines = ["| query class | path | median ms | p95 ms | requests |", "|---|---|---:|---:|---:|"]
    for name, row in results.items():
        lines.append(f"| {name} | `{urllib.parse.unquote(row['path'])}` | {row['median_ms']} | {row['p95_ms']} | "
                     f"{row['requests']} |")
    return "\n".join(lines)


def run(*, count, port=None, log=print):
    port = port or free_port()
    with Server(port):
        return search_scenarios(port, count, log)
