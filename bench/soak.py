"""The soak (load) run: many concurrent clients for a fixed time against gunicorn with production
settings, on the pages people hit most; counts every 5xx and every connection error.

Reuses bench.runner's Server (gunicorn, DEBUG off, WhiteNoise) and its percentile helper;
`manage.py bench_soak` runs it and prints a Markdown table for docs/performance.md.
"""

import http.client
import os
import statistics
import threading
import time
import urllib.parse
from pathlib import Path

from orgs.models import Organization, OrganizationStatus

from .runner import HOST, Server, percentile


def soak_paths():
    """The four scenarios: map API, an organization page, directory search, the funders' list."""
    slug = (Organization.objects.filter(status=OrganizationStatus.PUBLISHED).order_by("pk")
            .values_list("slug", flat=True).first())
    if slug is None:
        raise RuntimeError("No published organization: generate data first (manage.py bench_generate).")
    q = urllib.parse.quote("公益")
    return {
        "map_api_city": "/api/map/features/?layer=orgs&bbox=103.6,30.4,104.5,31.0&zoom=11",
        "organization_page": f"/orgs/{urllib.parse.quote(slug)}/",
        "directory_search": f"/orgs/?q={q}",
        "funders_list": "/trust/funders/?sort=overall",
    }


def worker_rss_mb(master_pid):
    """Resident memory (MB) of each gunicorn worker, from /proc: the master's children."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return []
    sizes = []
    for child in children:
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue  # a worker that just restarted
        kilobytes = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        sizes.append(round(kilobytes / 1024, 1))
    return sorted(sizes)


def soak(port, paths, *, clients, seconds, master_pid=None, memory_every=5):
    """`clients` threads, each with its own keep-alive connection, cycling through `paths` until
    `seconds` have passed. Returns per-scenario and total figures, and (with `master_pid`) the
    workers' resident memory every `memory_every` s, to show whether it stays flat."""
    names = list(paths)
    lock = threading.Lock()
    latencies = {name: [] for name in names}
    statuses = {name: {} for name in names}
    connection_errors = {name: 0 for name in names}
    load, memory = [], []
    deadline = time.monotonic() + seconds

    def worker(offset):
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        turn = offset
        while time.monotonic() < deadline:
            name = names[turn % len(names)]
            turn += 1
            started = time.perf_counter()
            try:
                connection.request("GET", paths[name], headers={"Accept-Language": "zh-hans"})
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, port, timeout=60)
            except (OSError, http.client.HTTPException):
                status = None
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                if status is None:
                    connection_errors[name] += 1
                else:
                    latencies[name].append(elapsed)
                    statuses[name][status] = statuses[name].get(status, 0) + 1
        connection.close()

    def sample_load():
        tick = 0
        while time.monotonic() < deadline:
            load.append(os.getloadavg()[0])
            if master_pid and tick % memory_every == 0:
                memory.append(sum(worker_rss_mb(master_pid)))
            tick += 1
            time.sleep(1)  # one sample a second of the 1-minute load average, for the report

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(clients)]
    sampler = threading.Thread(target=sample_load)
    started = time.perf_counter()
    sampler.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sampler.join()
    wall = time.perf_counter() - started

    def figures(times, codes, errors):
        count = len(times)
        return {
            "requests": count,
            "requests_per_s": round(count / wall, 1),
            "median_ms": round(1000 * statistics.median(times), 1) if times else None,
            "p95_ms": round(1000 * percentile(times, 0.95), 1) if times else None,
            "server_errors": sum(n for code, n in codes.items() if code >= 500),
            "other_non_200": sum(n for code, n in codes.items() if code != 200 and code < 500),
            "connection_errors": errors,
        }

    report = {name: figures(latencies[name], statuses[name], connection_errors[name]) for name in names}
    every = [value for name in names for value in latencies[name]]
    merged = {}
    for name in names:
        for code, n in statuses[name].items():
            merged[code] = merged.get(code, 0) + n
    report["all"] = figures(every, merged, sum(connection_errors.values()))
    return {"clients": clients, "seconds": round(wall, 1), "scenarios": report,
            "load_average_1min": {"max": round(max(load), 2) if load else None,
                                  "end": round(os.getloadavg()[0], 2)},
            "workers_rss_mb": _memory_figures(memory, every=memory_every), "cpus": os.cpu_count(), "paths": paths}


def _memory_figures(samples, every=5):
    """The workers' memory in all: the third sample (after warm-up), the highest and the last; flat
    means the last is within a few MB of the third. Caches filling (templates, statistics) grow
    it early: the growth over the second half of the run, and a sample per minute, tell whether it
    levels off or keeps leaking."""
    if len(samples) < 3:
        return None
    middle = len(samples) // 2
    return {"samples": len(samples), "after_warm_up": round(samples[2], 1), "max": round(max(samples), 1),
            "end": round(samples[-1], 1), "growth_after_warm_up": round(samples[-1] - samples[2], 1),
            "growth_second_half": round(samples[-1] - samples[middle], 1),
            "per_minute": [round(value, 1) for value in samples[2::max(1, 60 // every)]]}


def markdown(result):
    lines = ["| scenario | requests | req/s | median ms | p95 ms | 5xx | connection errors | other non-200 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, row in result["scenarios"].items():
        lines.append(f"| {name} | {row['requests']} | {row['requests_per_s']} | {row['median_ms']} | {row['p95_ms']} | "
                     f"{row['server_errors']} | {row['connection_errors']} | {row['other_non_200']} |")
    load = result["load_average_1min"]
    if server := result.get("server"):
        lines += ["", f"gunicorn: {server['workers']} workers × {server['threads']} threads, "
                      f"keep-alive {server['keepalive']} s."]
    lines += ["", f"{result['clients']} clients for {result['seconds']} s on {result['cpus']} CPUs; 1-minute load "
                  f"average: highest {load['max']}, at the end {load['end']}."]
    if memory := result.get("workers_rss_mb"):
        lines += ["", f"gunicorn workers' resident memory, all workers: {memory['after_warm_up']} MB after warm-up, "
                      f"highest {memory['max']} MB, {memory['end']} MB at the end "
                      f"({memory['growth_after_warm_up']:+} MB; {memory['samples']} samples); "
                      f"{memory['growth_second_half']:+} MB over the second half of the run."]
        if len(memory["per_minute"]) > 2:
            lines += ["", "Each minute: " + ", ".join(f"{value} MB" for value in memory["per_minute"]) + "."]
    return "\n".join(lines)


def run_soak(*, port, clients, seconds, workers=None, keepalive=None, log=print, memory_every=5):
    paths = soak_paths()
    with Server(port, workers=workers, keepalive=keepalive) as server:
        log(f"  soak: {clients} clients for {seconds} s on port {port} …")
        result = soak(port, paths, clients=clients, seconds=seconds, master_pid=server.process.pid,
                      memory_every=memory_every)
        result["server"] = server.configuration()
        return result
