"""moto_server, with each request handled under one lock.

moto keeps its tables in plain Python objects without locks, and its server is threaded, so two
concurrent conditional writes to one item can both pass their condition (keyfob's concurrency
tests caught this). DynamoDB itself applies writes to an item one at a time. Handling one
request at a time gives the emulator the same guarantee while clients stay truly concurrent.

moto's TransactWriteItems also deep-copies the whole table once per item of the transaction, as
a backup to roll back to, so a transaction's cost grows with the table times its size. A
transaction writes only the items it names, and puts, updates and deletes touch nothing else of
the table, so the first patch below backs up each table once, as new containers holding the
same item objects except those the transaction names, which are deep-copied: the same table to
roll back to, at the cost of the transaction's own items (safe only because requests run one at
a time, so nothing else writes meanwhile).

moto writes every response by walking botocore's model of it and, for each member of each
structure, asking a chain of alias rules which key of the Python value holds it. For DynamoDB
items (every attribute value is a structure of ten members, nine of them absent) that lookup was
most of the emulator's time in keyfob's suite. For plain dicts the chain always ends in the same
list of keys per member, so the second patch works that list out once per member and then looks
the keys up directly: the same keys in the same order, so the same response. Start with
KEYFOB_MOTO_CHECK_SERIALIZER=1 to write every response both ways and fail any that differ.

moto's Scan and Query of a table deep-copy every item they return and work out each item's size
twice (for the 1 MB page limit). The tests snapshot whole tables before and after requests, so
that was most of a scan's own time. The items are only written out after that (the response is
built as new dicts), so the third patch hands a scan or query of the table itself the stored
items and sizes each once per call; reads of an index keep moto's copies. Again safe only because
requests run one at a time.

moto finds the service of every request by trying the Host name it infers (such as
dynamodb.us-east-1.amazonaws.com) against the names of its ~150 service folders, listed from
disk each time, and then against every service's URL patterns; and it lists the methods of the
service's handler class, with inspect, to find the action. Each answer depends on the name or
the class alone, so the fourth patch keeps it per name and per class.

moto sorts a table's items by their key attributes for every scan and every query of an index,
comparing the attributes' DynamoType objects, each comparison converting both values again.
The fifth patch sorts them by the converted values, worked out once per item: the same order,
as a table's key attributes each have one type.

Usage: python3 serialized_moto.py -H 127.0.0.1 -p 4566
"""
import argparse
import os
import signal
import sys
import threading
from collections import defaultdict

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


def back_up_only_the_items_a_transaction_writes():
    """TransactWriteItems' rollback backup: the named items deep-copied, the rest shared."""
    try:
        import moto.dynamodb.models as dynamodb_models
        from moto.dynamodb.models.dynamo_type import DynamoType
        from moto.dynamodb.models.table import Table
    except ImportError:
        return
    real_copy = getattr(dynamodb_models, "copy", None)
    original = getattr(dynamodb_models.DynamoDBBackend, "transact_write_items", None)
    if real_copy is None or original is None:
        return

    def named_keys(table, transact_items):
        """The (hash, range) keys of the items the transaction names in this table."""
        keys = []
        for entry in transact_items:
            for op_type, op in entry.items():
                if op.get("TableName") != table.name:
                    continue
                attrs = op.get("Item") if op_type == "Put" else op.get("Key")
                try:
                    hash_key = DynamoType(attrs[table.hash_key_attr])
                    range_key = (DynamoType(attrs[table.range_key_attr])
                                 if table.has_range_key else None)
                except (KeyError, TypeError, AttributeError):
                    continue  # moto itself refuses the malformed operation
                keys.append((hash_key, range_key))
        return keys

    def backup_of(table, transact_items):
        if not isinstance(table.items, defaultdict):
            return real_copy.deepcopy(table)  # a moto this patch does not know: its own backup
        backup = real_copy.copy(table)
        backup.items = defaultdict(table.items.default_factory)
        for hash_key, value in table.items.items():
            backup.items[hash_key] = dict(value) if table.has_range_key else value
        for hash_key, range_key in named_keys(table, transact_items):
            if range_key is None:
                if hash_key in table.items:
                    backup.items[hash_key] = real_copy.deepcopy(table.items[hash_key])
            elif hash_key in table.items and range_key in table.items[hash_key]:
                backup.items[hash_key][range_key] = real_copy.deepcopy(
                    table.items[hash_key][range_key])
        return backup

    def transact_write_items(self, transact_items):
        backups = {}

        class NamedItemsOnly:
            @staticmethod
            def deepcopy(value, memo=None):
                if not isinstance(value, Table):
                    return real_copy.deepcopy(value, memo)
                if id(value) not in backups:
                    backups[id(value)] = backup_of(value, transact_items)
                return backups[id(value)]

        dynamodb_models.copy = NamedItemsOnly
        try:
            return original(self, transact_items)
        finally:
            dynamodb_models.copy = real_copy

    dynamodb_models.DynamoDBBackend.transact_write_items = transact_write_items


def look_up_dict_members_directly():
    """Structures given as plain dicts: each member's keys, worked out once (see the top)."""
    try:
        from moto.core import serialize
    except ImportError:
        return
    base = serialize.ResponseSerializer
    generic = getattr(base, "_serialize_type_structure", None)
    picker_class = getattr(serialize, "XFormedAttributePicker", None)
    providers = getattr(serialize, "DEFAULT_ALIAS_PROVIDERS", None)
    context_class = getattr(serialize, "AttributePickerContext", None)
    if None in (generic, picker_class, providers, context_class):
        return
    plans = {}
    direct = threading.local()

    def plan_for(picker, shape):
        """[(member key, member shape, keys to try in order)], or None when a key is a path."""
        cached = plans.get(id(shape))
        if cached is not None and cached[0] is shape:
            return cached[1]
        plan = []
        for member_key, member_shape in shape.members.items():
            member_shape.parent = shape
            keys = list(picker.get_possible_keys(context_class(
                obj={}, key=member_key, shape=member_shape)))
            if any("." in k for k in keys):
                plan = None
                break
            plan.append((member_key, member_shape, keys))
        plans[id(shape)] = (shape, plan)
        return plan

    def serialize_type_structure(self, serialized, value, shape, key):
        picker = self._value_picker
        if (getattr(direct, "off", False) or value is None or type(value) is not dict
                or type(picker) is not picker_class or picker.response_transformers
                or picker.alias_providers is not providers):
            return generic(self, serialized, value, shape, key)
        plan = plan_for(picker, shape)
        if plan is None:
            return generic(self, serialized, value, shape, key)
        wrapper = self.MAP_TYPE() if key else serialized
        for member_key, member_shape, keys in plan:
            member_shape.parent = shape
            for k in keys:
                if k in value:
                    member_value = value[k]
                    if member_value is not None:
                        self._serialize(wrapper, member_value, member_shape, member_key)
                    break
        if key:
            self._default_serialize(serialized, wrapper, shape, key)

    base._serialize_type_structure = serialize_type_structure

    if os.environ.get("KEYFOB_MOTO_CHECK_SERIALIZER") == "1":
        fast_serialize = base.serialize

        def serialize_both_ways(self, result):
            fast = fast_serialize(self, result)
            self.path = [self.operation_name]
            direct.off = True
            try:
                slow = fast_serialize(self, result)
            finally:
                direct.off = False
            if fast != slow:
                sys.stderr.write("keyfob serializer check: responses differ for %s\n%r\n%r\n"
                                 % (self.operation_model.name, fast, slow))
                sys.stderr.flush()
                raise AssertionError("the direct member lookup changed a response")
            return fast

        base.serialize = serialize_both_ways


def scan_the_stored_items_without_copying_them():
    """Scans and queries of a table (not an index): the stored items, each sized once."""
    try:
        import inspect
        import moto.dynamodb.models.table as table_module
        from moto.dynamodb.models.dynamo_type import Item
    except ImportError:
        return
    real_copy = getattr(table_module, "copy", None)
    real_size = getattr(Item, "size", None)
    if real_copy is None or real_size is None:
        return

    class ResultsAreOnlyWrittenOut:
        copy = staticmethod(real_copy.copy)

        @staticmethod
        def deepcopy(value, memo=None):
            return value

    sizes = {}

    def size_once(item):
        if id(item) not in sizes:
            sizes[id(item)] = real_size(item)
        return sizes[id(item)]

    def reading_the_table_itself(original):
        signature = inspect.signature(original)

        def read(self, *args, **kwargs):
            if signature.bind(self, *args, **kwargs).arguments.get("index_name"):
                return original(self, *args, **kwargs)
            table_module.copy = ResultsAreOnlyWrittenOut
            Item.size = size_once
            try:
                return original(self, *args, **kwargs)
            finally:
                table_module.copy = real_copy
                Item.size = real_size
                sizes.clear()

        return read

    for name in ("scan", "query"):
        original = getattr(table_module.Table, name, None)
        if original is not None:
            setattr(table_module.Table, name, reading_the_table_itself(original))


def look_up_services_and_actions_once():
    """Each Host name's service and each handler class's methods, once (see the top)."""
    try:
        from moto.core import responses
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication
    except ImportError:
        return
    backend_for_host = getattr(DomainDispatcherApplication, "get_backend_for_host", None)
    method_names = getattr(responses, "method_names_from_class", None)
    if backend_for_host is None or method_names is None:
        return
    backends = {}
    methods = {}

    def get_backend_for_host(self, host):
        if host not in backends:
            backends[host] = backend_for_host(self, host)
        return backends[host]

    def method_names_from_class(clazz):
        if clazz not in methods:
            methods[clazz] = method_names(clazz)
        return list(methods[clazz])

    DomainDispatcherApplication.get_backend_for_host = get_backend_for_host
    responses.method_names_from_class = method_names_from_class

def sort_items_by_their_plain_key_values():
    """Table.all_items in the same order, each item's key values converted once (see the top)."""
    try:
        import builtins
        import moto.dynamodb.models.table as table_module
        from moto.dynamodb.models.dynamo_type import DynamoType
    except ImportError:
        return
    original = getattr(table_module.Table, "all_items", None)
    if original is None or hasattr(table_module, "sorted"):
        return

    def plain(key):
        if isinstance(key, DynamoType):
            return key.cast_value
        if isinstance(key, tuple):
            return tuple(plain(part) for part in key)
        return key

    def sorted_by_plain_values(iterable, key=None, reverse=False):
        if key is None:
            return builtins.sorted(iterable, reverse=reverse)
        return builtins.sorted(iterable, key=lambda item: plain(key(item)), reverse=reverse)

    def all_items(self):
        table_module.sorted = sorted_by_plain_values
        try:
            return original(self)
        finally:
            del table_module.sorted

    table_module.Table.all_items = all_items


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    back_up_only_the_items_a_transaction_writes()
    look_up_dict_members_directly()
    scan_the_stored_items_without_copying_them()
    look_up_services_and_actions_once()
    sort_items_by_their_plain_key_values()
    run_simple(args.host, args.port, Serialized(DomainDispatcherApplication(create_backend_app)),
               threaded=True)


if __name__ == "__main__":
    main()
