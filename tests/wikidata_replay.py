"""A local stand-in for the Wikidata API that replays recorded answers over real HTTP.

It listens on 127.0.0.1 and a free port, answers ``wbsearchentities`` from
``search.json`` (search text -> result entries) and ``wbgetentities`` from
``entities.json`` (QID -> entity, composed into one answer per batch, as the
real API does; unknown ids come back ``missing``), in the API's JSON shape.
See ``tests/fixtures/wikidata/README.md`` for where the answers came from.

Tests script faults per request key (``("search", text)`` or ``("ids", "Q1|Q2")``
or ``"*"`` for any request): each scripted step is used up by one request,
then the recorded answer is served. Steps: ``429`` / ``500`` / ``503``
(with ``Retry-After: 0``), ``maxlag`` (the API's lag error, HTTP 200),
``garbage`` (not JSON), ``slow`` (answers after ``slow_seconds``), ``cut``
(closes the connection half-way through the body), ``refuse`` (HTTP 403).
Every request is recorded (path, parameters, headers) for the tests to inspect.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"


@dataclass
class Seen:
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class Replay:
    search: dict[str, list]
    entities: dict[str, dict]
    script: dict = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    slow_seconds: float = 3.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def key(self, params: dict[str, str]):
        if params.get("action") == "wbsearchentities":
            return ("search", params.get("search", ""))
        return ("ids", params.get("ids", ""))

    def next_step(self, params):
        with self.lock:
            for k in (self.key(params), "*"):
                steps = self.script.get(k)
                if steps:
                    return steps.pop(0)
        return None

    def answer(self, params: dict[str, str]) -> dict:
        action = params.get("action")
        if action == "wbsearchentities":
            hits = self.search.get(params.get("search", ""), [])
            limit = int(params.get("limit", "7"))
            return {"searchinfo": {"search": params.get("search", "")}, "search": hits[:limit],
                    "success": 1}
        if action == "wbgetentities":
            ids = [i for i in params.get("ids", "").split("|") if i]
            if len(ids) > 50:
                return {"error": {"code": "toomanyvalues",
                                  "info": "Too many values supplied for parameter \"ids\". The limit is 50."}}
            out = {}
            for i in ids:
                out[i] = self.entities.get(i, {"id": i, "missing": ""})
            return {"entities": out, "success": 1}
        return {"error": {"code": "badvalue", "info": f"Unrecognized value for parameter \"action\": {action}."}}


def load_replay() -> Replay:
    return Replay(search=json.loads((FIXTURES / "search.json").read_text(encoding="utf-8")),
                  entities=json.loads((FIXTURES / "entities.json").read_text(encoding="utf-8")))


class _Handler(BaseHTTPRequestHandler):
    replay: Replay   # set on the subclass made per server

    def log_message(self, *args):   # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, headers: dict | None = None,
              ctype: str = "application/json; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        self.replay.seen.append(Seen(params, dict(self.headers.items())))
        if url.path != "/w/api.php":
            self._send(404, b"not found", ctype="text/plain")
            return
        step = self.replay.next_step(params)
        if step in ("429", "500", "503"):
            self._send(int(step), b"<html><body>Too busy</body></html>", {"Retry-After": "0"},
                       ctype="text/html")
            return
        if step == "refuse":
            self._send(403, b"Forbidden", ctype="text/plain")
            return
        if step == "maxlag":
            body = {"error": {"code": "maxlag", "info": "Waiting for 10.64.48.27: 6 seconds lagged.",
                              "host": "10.64.48.27", "lag": 6, "type": "db"}}
            self._send(200, json.dumps(body).encode(), {"Retry-After": "0", "X-Database-Lag": "6"})
            return
        if step == "garbage":
            self._send(200, b"<html>Wikimedia Error</html>\x00\xff")
            return
        if step == "slow":
            time.sleep(self.replay.slow_seconds)
        body = json.dumps(self.replay.answer(params), ensure_ascii=False).encode("utf-8")
        if step == "cut":
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self._send(200, body)


class ReplayServer:
    """``with ReplayServer(replay) as url:`` gives the API URL to point the client at."""

    def __init__(self, replay: Replay):
        handler = type("Handler", (_Handler,), {"replay": replay})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/w/api.php"

    def __enter__(self) -> str:
        self.thread.start()
        return self.url

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
