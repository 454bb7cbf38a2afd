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

With --tls-cert and --tls-key it serves HTTPS only (the hardened profile); with --basic-auth-user
and --basic-auth-password-file every request, /-/ready included, needs that user's password
(401 otherwise), as Prometheus' own servers do with a web config.
"""
import argparse
import base64
import hmac
import json
import os
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_lock = threading.Lock()
_notifications = []
_store = None
_expected_authorization = None  # "Basic <base64 user:password>" when basic auth is on


class Handler(BaseHTTPRequestHandler):
    # A connection that sends nothing (no request, or no TLS handshake) is closed after 30 s rather
    # than holding its thread for ever.
    timeout = 30

    def parse_request(self):
        # Every method passes here first: refuse a request without the right credentials before it is read.
        if not super().parse_request():
            return False
        if _expected_authorization is not None:
            given = self.headers.get("Authorization", "")
            if not hmac.compare_digest(given.encode(), _expected_authorization.encode()):
                # Read (a bounded amount of) the body first: closing a socket with unread data sends a
                # reset, and the client would see "connection reset" instead of this 401.
                try:
                    length = min(int(self.headers.get("Content-Length", "0") or 0), 1 << 20)
                except ValueError:
                    length = 0
                if length > 0:
                    self.rfile.read(length)
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="webhook-receiver"')
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                return False
        return True

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


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if isinstance(error, (ssl.SSLError, ConnectionError)):
            # e.g. plain HTTP to the TLS port: one line, not a traceback
            print("%s: %s" % (client_address[0], error), flush=True)
        else:
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=9095)
    parser.add_argument("--store", help="append every notification to this file and read it back at start")
    parser.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate (chain)")
    parser.add_argument("--tls-key", help="the PEM private key of --tls-cert")
    parser.add_argument("--basic-auth-user", help="ask every request for this user")
    parser.add_argument("--basic-auth-password-file", help="the file holding that user's password")
    args = parser.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if bool(args.basic_auth_user) != bool(args.basic_auth_password_file):
        parser.error("--basic-auth-user and --basic-auth-password-file go together")
    global _store, _expected_authorization
    if args.basic_auth_user:
        try:
            with open(args.basic_auth_password_file) as f:
                password = f.read().strip()
        except OSError as e:
            parser.error("--basic-auth-password-file %s: %s" % (args.basic_auth_password_file, e.strerror))
        if not password:
            parser.error("--basic-auth-password-file %s is empty" % args.basic_auth_password_file)
        token = base64.b64encode(("%s:%s" % (args.basic_auth_user, password)).encode()).decode()
        _expected_authorization = "Basic " + token
    # As PID 1 of its container, Python would ignore SIGTERM and `docker stop` would wait 10 s to kill it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    _store = args.store
    if _store and os.path.exists(_store):
        with open(_store) as f:
            _notifications.extend(json.loads(line) for line in f if line.strip())
        print("read %d earlier notification(s) from %s" % (len(_notifications), _store), flush=True)
    server = Server(("", args.port), Handler)
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(args.tls_cert, args.tls_key)
        # The handshake happens in each request's own thread (on its first read), not in the accept loop,
        # so a client that connects and says nothing holds up no one else (and its thread ends after
        # Handler.timeout).
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    print("webhook receiver listening on :%d (%s%s)" % (args.port, "https" if args.tls_cert else "http",
                                                        ", basic auth" if _expected_authorization else ""), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
