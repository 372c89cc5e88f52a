#!/usr/bin/env python3
"""The webhook benchmark's durable peer: what a careful stdlib-only Python receiver does.

usage: WEBHOOK_SECRET=... enqueue_peer.py --db FILE [--host 127.0.0.1] [--port 0]

POST /webhooks/github:
  1. reads the body (Content-Length) and checks X-Hub-Signature-256 = "sha256=" + HMAC-SHA256(secret, body) with
     hmac.compare_digest (constant time): 401 when it is missing or wrong;
  2. needs X-GitHub-Delivery (400 without);
  3. hands the delivery to the one writer thread and waits: the writer takes every delivery waiting at that moment
     and inserts them in ONE transaction (group commit), in SQLite with journal_mode=WAL and synchronous=FULL, so the
     COMMIT fsyncs the WAL once for the whole group;
  4. answers 202 only after that commit returned (200 "duplicate" when (hook id, delivery id) was stored before).
Anything else: 404. ThreadingHTTPServer, HTTP/1.1 keep-alive, one thread per connection.

Prints "enqueue_peer: listening on http://HOST:PORT" once it accepts connections (--port 0 picks a free port).
Stops on SIGTERM or SIGINT.
"""
import argparse
import hashlib
import hmac
import json
import os
import queue
import signal
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCHEMA = """
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id TEXT NOT NULL,
    hook_id TEXT NOT NULL,
    event TEXT NOT NULL,
    received_at REAL NOT NULL,
    body BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'received',
    UNIQUE (hook_id, delivery_id)
)
"""
INSERT = ("INSERT OR IGNORE INTO webhook_deliveries (delivery_id, hook_id, event, received_at, body) "
          "VALUES (?, ?, ?, ?, ?)")


class Pending:
    """One delivery waiting for the group commit that stores it."""
    __slots__ = ("row", "done", "stored", "error")

    def __init__(self, row):
        self.row = row
        self.done = threading.Event()
        self.stored = False
        self.error = None


class GroupCommitWriter(threading.Thread):
    """The only connection that writes: commits everything that queued up while the previous commit ran."""

    def __init__(self, path, max_batch=512):
        super().__init__(name="group-commit", daemon=True)
        self.path = path
        self.max_batch = max_batch
        self.pending = queue.SimpleQueue()
        self.commits = 0
        self.stored = 0
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        mode = self.db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise SystemExit("enqueue_peer: %s cannot use WAL (journal_mode is %s)" % (path, mode))
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute(SCHEMA)

    def store(self, row):
        """Blocks until the transaction holding `row` committed; True when it was new."""
        item = Pending(row)
        self.pending.put(item)
        item.done.wait()
        if item.error is not None:
            raise item.error
        return item.stored

    def close(self):
        """Commits what is queued, then stops the thread."""
        self.pending.put(None)
        self.join()
        self.db.close()

    def run(self):
        stopping = False
        while not stopping:
            batch = [self.pending.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self.pending.get_nowait())
                except queue.Empty:
                    break
            stopping = None in batch
            batch = [item for item in batch if item is not None]
            if not batch:
                continue
            try:
                self.db.execute("BEGIN IMMEDIATE")
                for item in batch:
                    item.stored = self.db.execute(INSERT, item.row).rowcount == 1
                self.db.execute("COMMIT")  # synchronous=FULL: returns once the WAL is fsync'd
                self.commits += 1
                self.stored += sum(1 for item in batch if item.stored)
            except sqlite3.Error as error:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                for item in batch:
                    item.stored, item.error = False, error
            for item in batch:
                item.done.set()


def make_handler(secret, writer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as GitHub's and wrk's connections are
        # Without TCP_NODELAY the header and body writes of one answer meet the peer's delayed ACK (40 ms stalls).
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def answer(self, status, document):
            body = (json.dumps(document) + "\n").encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            if self.path != "/webhooks/github":
                return self.answer(404, {"error": "no such endpoint"})
            expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
            given = self.headers.get("X-Hub-Signature-256", "")
            if not hmac.compare_digest(given.encode(), expected.encode()):
                return self.answer(401, {"error": "X-Hub-Signature-256 is missing or does not match"})
            delivery = self.headers.get("X-GitHub-Delivery", "")
            if not delivery:
                return self.answer(400, {"error": "X-GitHub-Delivery is missing"})
            row = (delivery, self.headers.get("X-GitHub-Hook-ID", ""), self.headers.get("X-GitHub-Event", ""),
                   time.time(), body)
            try:
                new = writer.store(row)
            except sqlite3.Error as error:
                return self.answer(503, {"error": "not stored: %s" % error})
            if not new:
                return self.answer(200, {"accepted": True, "duplicate": True, "delivery": delivery})
            return self.answer(202, {"accepted": True, "delivery": delivery})

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        # wrk drops its connections when its time is up: a reset or broken pipe then is expected, not news.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="the SQLite file (created when missing)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    secret = os.environ.get("WEBHOOK_SECRET", "")
    if not secret:
        raise SystemExit("enqueue_peer: set WEBHOOK_SECRET to the webhook's secret")
    writer = GroupCommitWriter(args.db)
    writer.start()
    server = Server((args.host, args.port), make_handler(secret.encode(), writer))

    def stop(signum, frame):
        # shutdown() waits for serve_forever to return, so it must run on another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("enqueue_peer: listening on http://%s:%d" % server.server_address[:2], flush=True)
    server.serve_forever()
    server.server_close()
    writer.close()
    print("enqueue_peer: stopped after %d deliveries in %d commits" % (writer.stored, writer.commits), flush=True)


if __name__ == "__main__":
    sys.exit(main())
