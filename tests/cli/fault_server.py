#!/usr/bin/env python3
"""A mirror and upload receiver that misbehaves on purpose, for the sync and push tests.

Listens on 127.0.0.1 only (port 0: the kernel picks; the port is written to --port-file), serves
and stores files under --root, and stops by itself after --lifetime seconds. The first path
segment picks the behaviour, the rest names a file under --root:

  GET /ok/P        the file, with ETag and Last-Modified; 304 on a matching If-None-Match
  GET /fresh/P     as /ok/, but Last-Modified is the second of the answer (a file just written)
  GET /stall/P     reads the request, then sends nothing (until the client gives up, 30 s max)
  GET /trickle/P   the headers, then one byte every 0.5 s
  GET /truncate/P  announces the full length, sends half, closes
  GET /big/P       the file and 2 MiB more (an oversized answer, its Content-Length matching)
  GET /500/P       HTTP 500
  GET /loop/P      302 to itself, forever
  PUT /ok/P        stores the body atomically (201)
  PUT /500/P       HTTP 500, stores nothing
  PUT /lostack/P   stores the body, then answers 500 (the acknowledgement is lost)
  PUT /reset/P     reads half the body, then closes the connection
  PUT /stall/P     reads the body, then sends nothing
Each request is appended to --log as "METHOD MODE PATH STATUS".
"""
import argparse
import email.utils
import hashlib
import http.server
import os
import socketserver
import sys
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet; the log file says what happened
        pass

    def record(self, status):
        with self.server.log_lock, open(self.server.log_path, "a") as log:
            log.write(f"{self.command} {self.path} {status}\n")

    def split(self):
        parts = self.path.split("?", 1)[0].lstrip("/").split("/", 1)
        if len(parts) != 2 or ".." in parts[1].split("/"):
            return None, None
        return parts[0], os.path.join(self.server.root, parts[1])

    def plain(self, status, text=b""):
        self.send_response(status)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)
        self.record(status)

    def do_GET(self):
        mode, path = self.split()
        if mode is None:
            return self.plain(400)
        if mode == "500":
            return self.plain(500, b"internal error\n")
        if mode == "loop":
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return self.record(302)
        if mode == "stall":
            self.record("stall")
            deadline = time.time() + 30
            while time.time() < deadline and not self.server.stopping:
                time.sleep(0.1)
            return
        try:
            with open(path, "rb") as f:
                body = f.read()
        except OSError:
            return self.plain(404)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if mode in ("ok", "fresh") and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return self.record(304)
        if mode == "big":
            body = body + b"\0" * (2 << 20)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        modified = time.time() if mode == "fresh" else os.path.getmtime(path)
        self.send_header("Last-Modified", email.utils.formatdate(modified, usegmt=True))
        self.end_headers()
        if mode == "trickle":
            self.record("trickle")
            for i in range(len(body)):
                if self.server.stopping:
                    return
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(0.5)
            return
        if mode == "truncate":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.record("truncate")
            self.close_connection = True
            return
        try:
            self.wfile.write(body)
        except OSError:
            return
        self.record(200)

    def do_PUT(self):
        mode, path = self.split()
        length = int(self.headers.get("Content-Length", "0"))
        if mode is None or length > (64 << 20):
            return self.plain(400)
        if mode == "reset":
            self.rfile.read(length // 2)
            self.record("reset")
            self.close_connection = True
            return
        body = self.rfile.read(length)
        if mode == "500":
            return self.plain(500)
        if mode == "stall":
            self.record("stall")
            deadline = time.time() + 30
            while time.time() < deadline and not self.server.stopping:
                time.sleep(0.1)
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(body)
        os.replace(tmp, path)
        if mode == "lostack":
            return self.plain(500)
        self.plain(201)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--lifetime", type=float, default=300)
    a = ap.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.root = os.path.abspath(a.root)
    server.log_path = a.log
    server.log_lock = threading.Lock()
    server.stopping = False
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, a.port_file)
    timer = threading.Timer(a.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.stopping = True
    return 0


if __name__ == "__main__":
    sys.exit(main())
