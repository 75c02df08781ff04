"""`kg push` against stores that misbehave at the socket level: answers cut off mid-response,
garbage status lines, answers slower than --timeout. A raw TCP server on 127.0.0.1 plays
the store; each fault gives one error line that says how far the push got.
"""

import socket
import threading
import time

import pyoxigraph as ox
import pytest

from kg.errors import PushError
from kg.push import push

from conftest import kg


OK = b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class RawStore:
    """Answers request *n* (1-based, HEAD first) with ``behave(method, n)``: bytes to send,
    then the connection is closed; a float is seconds to stay silent first."""

    def __init__(self, behave):
        self.behave, self.methods = behave, []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/store"
        self.stopped = False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.answer, args=(conn,), daemon=True).start()

    def answer(self, conn):
        with conn:
            conn.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = next((int(ln.split(b":")[1]) for ln in head.split(b"\r\n")
                           if ln.lower().startswith(b"content-length:")), 0)
            while len(body) < length:
                body += conn.recv(65536)
            method = head.split(b" ", 1)[0].decode()
            self.methods.append(method)
            reply = self.behave(method, len(self.methods))
            if isinstance(reply, float):
                time.sleep(reply)
                reply = OK
            with_suppress(conn.sendall, reply)

    def stop(self):
        self.stopped = True
        self.sock.close()


def with_suppress(func, *args):
    try:
        func(*args)
    except OSError:
        pass


@pytest.fixture
def raw_store():
    started = []
    yield lambda behave: started.append(RawStore(behave)) or started[-1]
    for s in started:
        s.stop()


def graphs(dataset):
    return sorted({q.graph_name.value for q in ox.parse(path=dataset, format=ox.RdfFormat.N_QUADS)})


def test_store_closing_mid_response_says_what_was_replaced(dataset, raw_store):
    first, second, third = graphs(dataset)
    cut = b"HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nstor"
    store = raw_store(lambda m, n: OK if n <= 2 else cut)
    r = kg("push", store.url, "--dataset", dataset)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.splitlines() == [
        f"Error: the store broke off its answer (connection closed mid-response) to the PUT of graph "
        f"<{second}> in {store.url}: replaced 1 of 3 graphs ({first}), not {second}, {third}; "
        "fix the store and run kg push again"]
    with pytest.raises(PushError) as caught:
        push(dataset, raw_store(lambda m, n: OK if n <= 2 else b"").url)   # closed, no answer
    assert caught.value.replaced == (first,) and caught.value.not_replaced == (second, third)


@pytest.mark.parametrize("garbage", [b"garbage\r\n\r\n", b"HTTP/1.1 abc Nope\r\n\r\n",
                                     b"\x00\xff\xfe binary \r\n\r\n"])
def test_garbage_status_line_before_any_put_changes_nothing(dataset, raw_store, garbage):
    store = raw_store(lambda m, n: garbage)
    r = kg("push", store.url, "--dataset", dataset)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [
        f"Error: the store broke off its answer or sent one that is not HTTP in {store.url}: "
        "check that the URL is the store's Graph Store endpoint; nothing was pushed"]
    assert store.methods == ["HEAD"]


def test_store_slower_than_timeout_is_given_up_with_nothing_pushed(dataset, raw_store):
    store = raw_store(lambda m, n: 3.0)
    began = time.monotonic()
    r = kg("push", store.url, "--dataset", dataset, "--timeout", "0.5")
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        f"Error: the store did not answer within 0.5 s in {store.url}: check that it is up; "
        "nothing was pushed"]
    assert store.methods == ["HEAD"]
    assert time.monotonic() - began < 30     # it gave up; it did not wait for the store


def test_slow_put_says_which_graph_timed_out(dataset, raw_store):
    first, second, third = graphs(dataset)
    store = raw_store(lambda m, n: OK if n == 1 else 3.0)
    r = kg("push", store.url, "--dataset", dataset, "--timeout", "0.5")
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        f"Error: the store did not answer within 0.5 s to the PUT of graph <{first}> in {store.url}: "
        f"nothing was replaced; fix the store and run kg push again"]
