"""Throughput of /programme/ against a static file of the same bytes, in the same run.

    .venv/bin/python bench/programme_throughput.py [--rounds 5] [--seconds 3] [--clients 4] [--plain]

What it does, on 127.0.0.1 only:
1. a scratch SQLite database in a temporary folder: migrate, then load_initial_data (the 2025 edition);
2. gunicorn (2 sync workers, like `make run`) serves the site; /programme/ is fetched once;
3. the same bytes are written under STATIC_ROOT (staticfiles/bench-…/programme.html, with its .gz as
   collectstatic writes them) and gunicorn is restarted, so WhiteNoise (which indexes STATIC_ROOT at
   start-up) serves them as a static file;
4. rounds alternate: the static file, then /programme/, each for a bounded time, with the same
   client (several processes, a new connection per request, as a phone would);
5. prints requests/s of each round, their medians, the ratio page / static (target ≥ 0.9) and the
   page's size on the wire.

Clients ask for gzip, as browsers do (both targets are then sent compressed); --plain measures the
uncompressed bytes instead.
Every response is checked: status 200 and exactly the expected bytes' length; any other answer
counts as an error and is reported. The static file and the scratch database are removed at the end.
"""

import argparse
import gzip
import multiprocessing
import os
import shutil
import socket
import statistics
import sys
import time

from harness import (
    BASE_DIR,
    HOST,
    environment,
    free_port,
    manage,
    prepare_database,
    scratch_database,
    start_server,
    stop_server,
)


def fetch(port, path, compressed=False):
    """One GET on a new connection: (status, body as sent)."""
    accept = "Accept-Encoding: gzip\r\n" if compressed else ""
    with socket.create_connection((HOST, port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n{accept}Connection: close\r\n\r\n".encode())
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def client(args):
    port, path, expected_length, seconds, compressed = args
    done = errors = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            status, body = fetch(port, path, compressed)
            ok = status == 200 and len(body) == expected_length
        except Exception:  # a malformed or cut answer is an error like a refused connection
            ok = False
        done += ok
        errors += not ok
    return done, errors


def measure(pool, clients, port, path, expected_length, seconds, compressed):
    started = time.monotonic()
    results = pool.map(client, [(port, path, expected_length, seconds, compressed)] * clients)
    elapsed = time.monotonic() - started
    done = sum(r[0] for r in results)
    return done / elapsed, sum(r[1] for r in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each target (alternating), 1 to 20")
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of a round, 0.5 to 10 s")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes, 1 to 16")
    parser.add_argument("--plain", action="store_true", help="without Accept-Encoding: gzip")
    options = parser.parse_args()
    rounds = min(max(options.rounds, 1), 20)
    seconds = min(max(options.seconds, 0.5), 10.0)
    clients = min(max(options.clients, 1), 16)

    with scratch_database("automne-bench-") as (scratch, url):
        return run(environment(scratch, url), rounds, seconds, clients, not options.plain)


def run(env, rounds, seconds, clients, compressed):
    static_dir = BASE_DIR / "staticfiles" / f"bench-{os.getpid()}"
    server = None
    try:
        prepare_database(env)
        manage(env, "load_initial_data")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        port = free_port()

        server = start_server(env, port)
        status, page = fetch(port, "/programme/")
        assert status == 200, status
        stop_server(server)

        static_dir.mkdir(parents=True)
        (static_dir / "programme.html").write_bytes(page)
        (static_dir / "programme.html.gz").write_bytes(gzip.compress(page))
        static_path = f"/static/{static_dir.name}/programme.html"
        server = start_server(env, port)
        status, body = fetch(port, static_path)
        assert status == 200 and body == page, "WhiteNoise ne sert pas les mêmes octets"
        status, body = fetch(port, "/programme/")
        assert status == 200 and body == page, "la page a changé entre deux requêtes"
        sizes = {"static": len(page), "page": len(page)}
        if compressed:
            for name, path in (("static", static_path), ("page", "/programme/")):
                status, body = fetch(port, path, compressed=True)
                assert status == 200 and gzip.decompress(body) == page, f"{name} : pas la même page compressée"
                sizes[name] = len(body)

        targets = {"static": static_path, "page": "/programme/"}
        load = os.getloadavg()  # other work on the machine skews both targets: reported
        rates = {"static": [], "page": []}
        errors = 0
        with multiprocessing.Pool(clients) as pool:
            measure(pool, clients, port, "/programme/", sizes["page"], 0.5, compressed)  # warm-up: every worker
            for number in range(1, rounds + 1):
                # ABBA: the order alternates, so that neither target always runs first.
                order = ["static", "page"] if number % 2 else ["page", "static"]
                for name in order:
                    rate, failed = measure(pool, clients, port, targets[name], sizes[name], seconds, compressed)
                    rates[name].append(rate)
                    errors += failed
                    print(f"round {number} {name:6} {rate:8.1f} req/s")
        static, dynamic = statistics.median(rates["static"]), statistics.median(rates["page"])
        ratios = [p / s for p, s in zip(rates["page"], rates["static"], strict=True)]
        print(
            f"\n/programme/ : {len(page)} bytes, {sizes['page']} on the wire ({'gzip' if compressed else 'plain'}), "
            f"{rounds} rounds of {seconds:g} s, {clients} clients, gunicorn 2 workers"
        )
        print(f"load average at start       : {load[0]:.2f} ({os.cpu_count()} CPUs)")
        print(f"median static (WhiteNoise) : {static:8.1f} req/s")
        print(f"median /programme/          : {dynamic:8.1f} req/s")
        print(f"ratio of medians            : {dynamic / static:.2f}  (target ≥ 0.9)")
        print(
            f"ratio per round             : median {statistics.median(ratios):.2f}, min {min(ratios):.2f}, max {max(ratios):.2f}"
        )
        print(f"errors                      : {errors}")
        return 0 if errors == 0 else 1
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(static_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
