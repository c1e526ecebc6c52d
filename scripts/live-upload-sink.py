#!/usr/bin/env python3
"""Takes FFmpeg's live DASH upload (-f dash -method PUT) and lays it out the
way dash-package --live writes, so that dash-origin serves FFmpeg's stream
exactly like ours: a segment being uploaded grows as "<name>.part" (each
chunk of the chunked PUT appended and flushed) and is renamed to "<name>"
when its upload ends; a manifest is written whole and renamed into place;
DELETE removes a file. A benchmark helper (scripts/bench-live.sh), not a
product: no authentication, loopback only.
  scripts/live-upload-sink.py ROOT PORT
"""
import http.server
import os
import sys
import threading

ROOT = os.path.abspath(sys.argv[1])
PORT = int(sys.argv[2])


def target(path):
    rel = os.path.normpath(path.split("?", 1)[0].lstrip("/"))
    if rel.startswith(".."):
        raise ValueError("outside the root")
    full = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def copy_body(self, out):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return
                out.write(self.rfile.read(size))
                out.flush()
                self.rfile.readline()
        else:
            left = int(self.headers.get("Content-Length", "0"))
            while left > 0:
                data = self.rfile.read(min(left, 65536))
                if not data:
                    raise IOError("body cut short")
                out.write(data)
                out.flush()
                left -= len(data)

    def do_PUT(self):
        try:
            final = target(self.path)
        except ValueError:
            return self.reply(403)
        # FFmpeg may upload the next manifest before the last upload ended:
        # each manifest upload gets its own temporary file.
        growing = final + (".%d.tmp" % threading.get_ident() if final.endswith(".mpd") else ".part")
        try:
            with open(growing, "wb") as out:
                self.copy_body(out)
            os.replace(growing, final)
        except (IOError, ValueError):
            if os.path.exists(growing):
                os.remove(growing)
            self.close_connection = True
            return self.reply(400)
        self.reply(201)

    do_POST = do_PUT

    def do_DELETE(self):
        try:
            os.remove(target(self.path))
        except (OSError, ValueError):
            pass
        self.reply(204)


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Sink).serve_forever()
