"""The lab's alert webhook receiver.

POST /alerts     Alertmanager's webhook (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config):
                 the JSON body is recorded with the time it was received.
GET  /alerts     every notification recorded so far, oldest first: [{"receivedAt": ..., "path": ...,
                 "notification": {...}}]
GET  /-/ready    200 once the server listens.
DELETE /alerts   forget everything recorded (between scenarios).

Any POST path is accepted and recorded with its path, so a second receiver is just another URL
(the lab's: /alerts for tickets, /pager for pages, /heartbeat for the Watchdog).
Notifications are also printed, one line each, for `docker logs webhook-receiver`.

With --store FILE every notification is also appended to FILE (one JSON record a line) and the file
is read back at start, so a receiver that is stopped and started again still lists what it received
before: the lab checks "nothing was sent since the stack started" and "nothing was lost while the
receiver was down" against the whole history.
"""
import argparse
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_lock = threading.Lock()
_notifications = []
_store = None


class Handler(BaseHTTPRequestHandler):
    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/-/ready":
            self._send(200, {"status": "ready"})
        elif self.path.split("?")[0] == "/alerts":
            with _lock:
                self._send(200, list(_notifications))
        else:
            self._send(404, {"error": "unknown path " + self.path})

    def do_POST(self):
        received = time.time()
        length = int(self.headers.get("Content-Length", 0))
        raw = self.rfile.read(length)
        try:
            notification = json.loads(raw)
        except ValueError as e:
            self._send(400, {"error": "body is not JSON: %s" % e})
            return
        record = {"receivedAt": received, "path": self.path, "notification": notification}
        with _lock:
            _notifications.append(record)
            if _store:
                with open(_store, "a") as f:
                    f.write(json.dumps(record) + "\n")
        alerts = ", ".join(a.get("labels", {}).get("alertname", "?") for a in notification.get("alerts", []))
        print("%.3f %s %s [%s]" % (received, self.path, notification.get("status"), alerts), flush=True)
        self._send(200, {"recorded": True})

    def do_DELETE(self):
        with _lock:
            _notifications.clear()
            if _store:
                open(_store, "w").close()
        self._send(200, {"cleared": True})

    def log_message(self, fmt, *args):
        pass  # one line per notification is printed above; no access log


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=9095)
    parser.add_argument("--store", help="append every notification to this file and read it back at start")
    args = parser.parse_args()
    global _store
    # As PID 1 of its container, Python would ignore SIGTERM and `docker stop` would wait 10 s to kill it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    _store = args.store
    if _store and os.path.exists(_store):
        with open(_store) as f:
            _notifications.extend(json.loads(line) for line in f if line.strip())
        print("read %d earlier notification(s) from %s" % (len(_notifications), _store), flush=True)
    print("webhook receiver listening on :%d" % args.port, flush=True)
    ThreadingHTTPServer(("", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
