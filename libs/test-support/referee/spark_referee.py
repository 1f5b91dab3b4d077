"""Delta Lake on Apache Spark (PyPI delta-spark), as a referee for interop tests only.

  python spark_referee.py PLAN_FILE

PLAN_FILE is JSON: {"steps": [...], "reads": [{"path": P, "first": N, "probe": [V, ...]}, ...]}.
Steps run in order in one Spark session (the JVM start is the slow part):
  {"sql": "..."}                                     any Spark SQL (CREATE, DELETE, OPTIMIZE, ...)
  {"append": P, "rows": [...], "columns": [...]}     rows appended to the Delta table at P, typed by
                                                     its schema; timestamps ISO-8601, dates YYYY-MM-DD
Then, for each of "reads": every version from `first` to the latest of the table at P, as Spark
reads it (rows, protocol, operations), and for each `probe` version, the error Spark gives when
asked to read it (null when it reads it). Prints {"reads": [...]} on the last line of stdout;
exits 1 with {"error": ...} on failure. The jars of Delta (and of Hadoop's S3A client) come from
SPARK_REFEREE_JARS (comma-separated); s3a:// paths use SPARK_REFEREE_S3_ENDPOINT, _REGION,
_ACCESS_KEY_ID and _SECRET_ACCESS_KEY.
"""
import datetime
import json
import os
import sys


def to_json(value):
    if isinstance(value, datetime.datetime):
        # Spark hands timestamps back as naive datetimes in the process time zone, which the caller sets to UTC.
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def s3a_settings():
    """Hadoop's S3A client on an S3-compatible endpoint (MinIO), when the caller names one."""
    endpoint = os.environ.get("SPARK_REFEREE_S3_ENDPOINT")
    if not endpoint:
        return {}
    return {
        "spark.hadoop.fs.s3a.endpoint": endpoint,
        "spark.hadoop.fs.s3a.endpoint.region": os.environ["SPARK_REFEREE_S3_REGION"],
        "spark.hadoop.fs.s3a.access.key": os.environ["SPARK_REFEREE_S3_ACCESS_KEY_ID"],
        "spark.hadoop.fs.s3a.secret.key": os.environ["SPARK_REFEREE_S3_SECRET_ACCESS_KEY"],
        "spark.hadoop.fs.s3a.path.style.access": "true",
        "spark.hadoop.fs.s3a.connection.ssl.enabled": endpoint.startswith("https:") and "true" or "false",
        "spark.hadoop.fs.s3a.aws.credentials.provider": "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
    }


def session():
    from pyspark.sql import SparkSession

    builder = SparkSession.builder
    for key, value in s3a_settings().items():
        builder = builder.config(key, value)
    return (
        builder.master("local[1]")
        .appName("delta-spark-referee")
        .config("spark.jars", os.environ["SPARK_REFEREE_JARS"])
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.databricks.delta.snapshotPartitions", "1")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.databricks.delta.retentionDurationCheck.enabled", "false")
        .getOrCreate()
    )


def typed_rows(spark, path, rows, columns):
    from pyspark.sql.types import DateType, DoubleType, FloatType, StructType, TimestampType

    schema = spark.read.format("delta").load(path).schema
    by_name = {field.name: field for field in schema.fields}
    out = []
    for row in rows:
        values = []
        for name in columns:
            value = row.get(name)
            data_type = by_name[name].dataType
            if value is not None and isinstance(data_type, TimestampType):
                value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            elif value is not None and isinstance(data_type, DateType):
                value = datetime.date.fromisoformat(value)
            elif value is not None and isinstance(data_type, (DoubleType, FloatType)):
                value = float(value)
            values.append(value)
        out.append(tuple(values))
    return spark.createDataFrame(out, StructType([by_name[name] for name in columns]))


def read_version(spark, path, version):
    data = spark.read.format("delta").option("versionAsOf", version).load(path)
    rows = [{key: to_json(value) for key, value in row.asDict().items()} for row in data.collect()]
    return {"version": version, "columns": data.columns, "rows": rows}


def read_table(spark, read):
    path = read["path"]
    detail = spark.sql(f"DESCRIBE DETAIL delta.`{path}`").collect()[0].asDict()
    history = spark.sql(f"DESCRIBE HISTORY delta.`{path}`").collect()
    latest = max(row["version"] for row in history)
    probes = {}
    for version in read.get("probe", []):
        try:
            read_version(spark, path, version)
            probes[str(version)] = None
        except Exception as error:  # noqa: BLE001 - the error text is the answer
            probes[str(version)] = str(error).splitlines()[0][:500]
    return {
        "path": path,
        "protocol": {"min_reader_version": detail["minReaderVersion"], "min_writer_version": detail["minWriterVersion"]},
        "operations": {str(row["version"]): row["operation"] for row in history},
        "versions": [read_version(spark, path, version) for version in range(read.get("first", 0), latest + 1)],
        "probes": probes,
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        plan = json.load(handle)
    spark = session()
    try:
        for step in plan.get("steps", []):
            if "sql" in step:
                spark.sql(step["sql"]).collect()
            elif "append" in step:
                typed_rows(spark, step["append"], step["rows"], step["columns"]).write.format("delta").mode("append").save(step["append"])
            else:
                raise ValueError(f"unknown step {step}")
        result = {"reads": [read_table(spark, read) for read in plan.get("reads", [])]}
    except Exception as error:  # noqa: BLE001
        spark.stop()
        print(json.dumps({"error": f"{type(error).__name__}: {str(error)[:3000]}"}))
        sys.stdout.flush()
        os._exit(1)
    spark.stop()
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
