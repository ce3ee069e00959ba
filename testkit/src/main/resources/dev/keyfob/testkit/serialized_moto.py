"""moto_server, with each request handled under one lock.

moto keeps its tables in plain Python objects without locks, and its server is threaded, so two
concurrent conditional writes to one item can both pass their condition (keyfob's concurrency
tests caught this). DynamoDB itself applies writes to an item one at a time. Handling one
request at a time gives the emulator the same guarantee while clients stay truly concurrent.

Usage: python3 serialized_moto.py -H 127.0.0.1 -p 4566
"""
import argparse
import os
import signal
import sys
import threading

from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app


class Serialized:
    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            # Materialise the body inside the lock so the whole request is one critical section.
            return list(self.app(environ, start_response))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    run_simple(args.host, args.port, Serialized(DomainDispatcherApplication(create_backend_app)),
               threaded=True)


if __name__ == "__main__":
    main()
