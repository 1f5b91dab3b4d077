"""delta-rs (PyPI `deltalake`) as a referee for our Delta Lake implementation.

Reads and writes tables the way the reference implementation does, and prints JSON on stdout,
so TypeScript interop tests can compare. Test tool only, never a runtime dependency.

  python delta_referee.py read URI [--version N] [--rows] [--storage-options JSON]
  python delta_referee.py write URI --data FILE.ndjson --schema JSON [--partition-by a,b]
                                 [--mode append|overwrite] [--storage-options JSON]
  python delta_referee.py history URI [--storage-options JSON]
"""

import argparse
import datetime
import decimal
import json
import sys

import pyarrow as pa
from deltalake import DeltaTable, write_deltalake

ARROW_TYPES = {
    "string": pa.string(),
    "long": pa.int64(),
    "integer": pa.int32(),
    "short": pa.int16(),
    "byte": pa.int8(),
    "double": pa.float64(),
    "float": pa.float32(),
    "boolean": pa.bool_(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "date": pa.date32(),
}


def to_json(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def storage_options(args):
    return json.loads(args.storage_options) if args.storage_options else None


def cmd_read(args):
    table = DeltaTable(args.uri, version=args.version, storage_options=storage_options(args))
    schema = table.schema()
    data = table.to_pyarrow_table()
    out = {
        "version": table.version(),
        "schema": [{"name": f.name, "type": str(f.type), "nullable": f.nullable} for f in schema.fields],
        "partition_columns": table.metadata().partition_columns,
        "files": sorted(table.file_uris()),
        "row_count": data.num_rows,
        "protocol": {
            "min_reader_version": table.protocol().min_reader_version,
            "min_writer_version": table.protocol().min_writer_version,
        },
    }
    if args.rows:
        out["rows"] = data.to_pylist()
    return out


def cmd_write(args):
    fields = [pa.field(name, ARROW_TYPES[kind]) for name, kind in json.loads(args.schema)]
    rows = []
    with open(args.data, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
    for row in rows:
        for field in fields:
            value = row.get(field.name)
            if value is not None and pa.types.is_timestamp(field.type):
                row[field.name] = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            elif value is not None and pa.types.is_date(field.type):
                row[field.name] = datetime.date.fromisoformat(value)
    data = pa.Table.from_pylist(rows, schema=pa.schema(fields))
    partition_by = args.partition_by.split(",") if args.partition_by else None
    write_deltalake(args.uri, data, mode=args.mode, partition_by=partition_by, storage_options=storage_options(args))
    return {"version": DeltaTable(args.uri, storage_options=storage_options(args)).version(), "rows": data.num_rows}


def cmd_history(args):
    return DeltaTable(args.uri, storage_options=storage_options(args)).history()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    read = sub.add_parser("read")
    read.add_argument("uri")
    read.add_argument("--version", type=int)
    read.add_argument("--rows", action="store_true")
    write = sub.add_parser("write")
    write.add_argument("uri")
    write.add_argument("--data", required=True)
    write.add_argument("--schema", required=True, help='JSON list of [name, type] pairs, Delta type names')
    write.add_argument("--partition-by")
    write.add_argument("--mode", choices=["append", "overwrite"], default="append")
    history = sub.add_parser("history")
    history.add_argument("uri")
    for command in (read, write, history):
        command.add_argument("--storage-options")
    args = parser.parse_args()
    handler = {"read": cmd_read, "write": cmd_write, "history": cmd_history}[args.command]
    try:
        result = handler(args)
    except Exception as error:  # reported as JSON so the caller can show the referee's reason
        json.dump({"error": f"{type(error).__name__}: {error}"}, sys.stdout)
        sys.exit(1)
    json.dump(result, sys.stdout, default=to_json)


if __name__ == "__main__":
    main()
