"""moto_server, with each request handled under one lock.

moto keeps its tables in plain Python objects without locks, and its server is threaded, so two
concurrent conditional writes to one item can both pass their condition (keyfob's concurrency
tests caught this). DynamoDB itself applies writes to an item one at a time. Handling one
request at a time gives the emulator the same guarantee while clients stay truly concurrent.

moto's TransactWriteItems also deep-copies the whole table once per item of the transaction, as
a backup to roll back to, so a transaction's cost grows with the table times its size. Within one
call those copies are all of the same unchanged table, so one copy per table is the same backup;
that is what the patch below does (safe only because requests run one at a time).

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


def copy_each_table_once_per_transaction():
    """Makes TransactWriteItems take one backup copy per table instead of one per item."""
    try:
        import moto.dynamodb.models as dynamodb_models
        from moto.dynamodb.models.table import Table
    except ImportError:
        return
    real_copy = getattr(dynamodb_models, "copy", None)
    original = getattr(dynamodb_models.DynamoDBBackend, "transact_write_items", None)
    if real_copy is None or original is None:
        return

    def transact_write_items(self, transact_items):
        backups = {}

        class OneCopyPerTable:
            @staticmethod
            def deepcopy(value, memo=None):
                if not isinstance(value, Table):
                    return real_copy.deepcopy(value, memo)
                if id(value) not in backups:
                    backups[id(value)] = real_copy.deepcopy(value)
                return backups[id(value)]

        dynamodb_models.copy = OneCopyPerTable
        try:
            return original(self, transact_items)
        finally:
            dynamodb_models.copy = real_copy

    dynamodb_models.DynamoDBBackend.transact_write_items = transact_write_items


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    copy_each_table_once_per_transaction()
    run_simple(args.host, args.port, Serialized(DomainDispatcherApplication(create_backend_app)),
               threaded=True)


if __name__ == "__main__":
    main()
