"""`kg serve` under hostile requests: path traversal in every spelling, oversized bodies and
lines, and a burst of concurrent clients. A real `kg serve` on 127.0.0.1; raw sockets
where a client library would tidy the request up first.
"""

import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from test_serve import start, stop

PERSONS = "SELECT ?p WHERE { ?p a <https://schema.org/Person> } LIMIT 5"


@pytest.fixture(scope="module")
def url(dataset):
    proc, base = start(dataset, "--timeout", 5, "--max-rows", 1000)
    try:
        yield base
    finally:
        assert stop(proc) == 0


def raw(url: str, request: bytes) -> tuple[int, bytes]:
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.partition(b"\r\n\r\n")[2]


def get(url: str, path: str) -> tuple[int, bytes]:
    return raw(url, f"GET {path} HTTP/1.0\r\nAccept: text/turtle\r\n\r\n".encode())


def test_a_known_page_answers_on_a_raw_socket(url):
    status, body = get(url, "/person/gaston-palewski")
    assert status == 200 and b"Gaston Palewski" in body


@pytest.mark.parametrize("path", [
    "/../../etc/passwd", "/person/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2Fetc%2Fpasswd", "/person/%2e%2e%2f%2e%2e%2fetc", "/%252e%252e/%252e%252e/etc/passwd",
    "/..%5c..%5cetc%5cpasswd", "/person/./gaston-palewski", "/person/..;/x", "/a%00b",
])
def test_path_traversal_in_any_spelling_is_a_400(url, path):
    status, body = get(url, path)
    assert status == 400, (path, body)
    assert body.startswith(b"The path has a '.' or '..' segment") or body.startswith(b"The path holds"), body


def test_body_larger_than_the_limit_is_refused_before_it_is_read(url):
    status, body = raw(url, b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\n"
                            b"Content-Length: 10000000000\r\n\r\nSELECT")
    assert status == 413 and b"larger than" in body


def test_request_line_longer_than_64_kib_is_refused(url):
    status, _ = raw(url, b"GET /sparql?query=" + b"x" * 70_000 + b" HTTP/1.0\r\n\r\n")
    assert status == 414


def test_a_burst_of_concurrent_clients_gets_only_answers(url):
    def client(n):
        with requests.Session() as s:
            codes = []
            for i in range(10):
                if i % 2:
                    r = s.get(url + "sparql", params={"query": PERSONS},
                              headers={"Accept": "application/sparql-results+json"}, timeout=60)
                else:
                    r = s.get(url + "person/gaston-palewski", headers={"Accept": "text/turtle"}, timeout=60)
                codes.append(r.status_code)
            return codes

    with ThreadPoolExecutor(8) as pool:
        codes = [c for cs in pool.map(client, range(8)) for c in cs]
    assert codes == [200] * 80
