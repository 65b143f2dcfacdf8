"""What the text guard (backend/textguard.py) adds to one request of the contestant hot path.

Reads an autosave as FastAPI does (body, JSON, path and query parameters) through a plain
Starlette request and through GuardedRequest wrapped around it, in process, and prints the
cost of each and the difference per request, for a clean body and for one the guard cleans.

    .venv/bin/python benchmarks/text_guard.py
"""

import contextlib
import json
import timeit

from starlette.requests import Request

from backend.textguard import GuardedRequest

AUTOSAVE = json.dumps({"answers": {str(q): [q % 4 + 1] for q in range(1001, 1021)},
                       "prediction": 1234}).encode()
DIRTY = json.dumps({"answers": {"1001": [1]}, "note": "ghi\x00 chú"}).encode()
ROUNDS = 20_000
REPEATS = 15


def scope_of(body: bytes) -> dict:
    return {"type": "http", "method": "PUT", "path": "/api/v1/attempts/123/answers",
            "query_string": b"", "headers": [(b"content-type", b"application/json"),
                                              (b"content-length", str(len(body)).encode())],
            "path_params": {"attempt_id": "123"}}


def reader(body: bytes, guarded: bool):
    async def read() -> None:
        async def receive():
            return {"type": "http.request", "body": body, "more_body": False}

        request = Request(scope_of(body), receive)  # what FastAPI builds for every request
        if guarded:
            request = GuardedRequest(request.scope, request.receive)
        await request.body()
        await request.json()
        _ = request.path_params, request.query_params

    return read


def run(read) -> None:
    # Nothing here waits, so the coroutine finishes at its first step: no event loop to time.
    with contextlib.suppress(StopIteration):
        read().send(None)


def best_us(read) -> float:
    return timeit.timeit(lambda: run(read), number=ROUNDS) / ROUNDS * 1e6


def main() -> None:
    figures = {}
    for label, body in (("autosave of 20 answers", AUTOSAVE), ("body with a NUL", DIRTY)):
        plain, guarded = reader(body, guarded=False), reader(body, guarded=True)
        # Alternated and the best of each kept: the machine is shared, its noise only adds.
        times = [(best_us(plain), best_us(guarded)) for _ in range(REPEATS)]
        fastest_plain, fastest_guarded = min(t[0] for t in times), min(t[1] for t in times)
        figures[label] = {"plain_us": round(fastest_plain, 2),
                          "guarded_us": round(fastest_guarded, 2),
                          "overhead_us": round(fastest_guarded - fastest_plain, 2),
                          "body_bytes": len(body)}
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
