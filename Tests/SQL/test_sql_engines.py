"""The SQL that `htrules sql` generates, run on real engines, must agree cell for cell with
`htrules batch` on the same generated cases: SQLite (embedded), PostgreSQL (a real server; DSN in
HTRULES_PG_DSN), DuckDB and Spark SQL (local). The cases are dated on every day some encoded law
changes and the day before it (every tenth date empty: the --as-of date), so each engine must pick
each row's law by its own date (`htrules sql --date-column date`). Run through scripts/test."""
import csv
import datetime
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("HTRULES_BIN", str(ROOT / ".build" / "debug" / "htrules"))
AS_OF = "2025-06-01"
COUNT = int(os.environ.get("HTRULES_SQL_CASES", "10000"))


def htrules(*args, **kwargs):
    return subprocess.run([BIN, *args], check=True, capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="session")
def data(tmp_path_factory):
    directory = tmp_path_factory.mktemp("sql")
    cases = directory / "cases.csv"
    verdicts = directory / "verdicts.csv"
    undated = directory / "undated.csv"
    undated_verdicts = directory / "undated-verdicts.csv"
    htrules("sample", "--count", str(COUNT), "--seed", "2024", "--dates", "boundaries", "--output", str(cases))
    htrules("batch", "--input", str(cases), "--output", str(verdicts), "--as-of", AS_OF)
    with open(cases, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(verdicts, newline="") as f:
        expected = {r["id"]: r for r in csv.DictReader(f)}
    columns = list(rows[0].keys())
    assert len(rows) == COUNT and len(expected) == COUNT
    assert len({r["date"] for r in rows}) > 100, "the dates should span the version boundaries"
    # The same cases without their dates: every row judged by the --as-of law.
    with open(undated, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([c for c in columns if c != "date"])
        writer.writerows([[r[c] for c in columns if c != "date"] for r in rows])
    htrules("batch", "--input", str(undated), "--output", str(undated_verdicts), "--as-of", AS_OF)
    with open(undated_verdicts, newline="") as f:
        expected_undated = {r["id"]: r for r in csv.DictReader(f)}
    return columns, rows, expected, expected_undated


def kind(column):
    if column == "date":
        return "date"
    if column == "id" or column.endswith("mental_state"):
        return "text"
    if column.endswith(".age"):
        return "integer"
    return "boolean"


def value(column, text):
    if text == "":
        return None
    k = kind(column)
    if k == "date":
        return datetime.date.fromisoformat(text)
    if k == "text":
        return text
    if k == "integer":
        return int(text)
    return text == "true"


def typed_rows(columns, rows):
    return [tuple(value(c, r[c]) for c in columns) for r in rows]


def compare(names, result_rows, expected, engine):
    assert names[0] == "id"
    assert names[1:] == list(next(iter(expected.values())).keys())[1:], f"{engine}: columns differ from batch"
    cells = 0
    mismatches = []
    seen = set()
    for row in result_rows:
        case_id = row[0]
        seen.add(case_id)
        want = expected[case_id]
        for name, got in zip(names[1:], row[1:]):
            cells += 1
            if want[name] != got:
                mismatches.append((case_id, name, want[name], got))
    assert seen == set(expected), f"{engine}: not every case came back"
    assert not mismatches, f"{engine}: {len(mismatches)} of {cells} cells differ, e.g. {mismatches[:5]}"
    assert cells == len(expected) * (len(names) - 1)
    return cells


def sql_name(column):
    return column.replace(".", "_")


def query(dialect, dated=True):
    return htrules("sql", "--dialect", dialect, "--as-of", AS_OF, *(["--date-column", "date"] if dated else [])).stdout


def run_embedded(db, dialect, types, data, convert=lambda rows: rows):
    """Loads the cases into an embedded DB-API database, runs the generated queries (dated, and
    without dates where every row takes the --as-of law), compares both with batch."""
    columns, rows, expected, expected_undated = data
    db.execute("CREATE TABLE cases (" + ", ".join(f'"{sql_name(c)}" {types[kind(c)]}' for c in columns) + ")")
    db.executemany(f"INSERT INTO cases VALUES ({','.join('?' * len(columns))})", convert(typed_rows(columns, rows)))
    for dated, want in ((True, expected), (False, expected_undated)):
        cursor = db.execute(query(dialect, dated))
        names = [d[0] for d in cursor.description]
        compare(names, cursor.fetchall(), want, f"{dialect} ({'dated' if dated else 'undated'})")


def test_sqlite(data):
    import sqlite3

    # SQLite has no date type: dates are stored as ISO text.
    def iso(rows):
        return [tuple(v.isoformat() if isinstance(v, datetime.date) else v for v in row) for row in rows]

    types = {"text": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "date": "TEXT"}
    run_embedded(sqlite3.connect(":memory:"), "sqlite", types, data, convert=iso)


def test_duckdb(data):
    import duckdb

    run_embedded(duckdb.connect(), "duckdb", {"text": "VARCHAR", "integer": "INTEGER", "boolean": "BOOLEAN", "date": "DATE"}, data)


def test_postgres(data):
    import psycopg

    dsn = os.environ.get("HTRULES_PG_DSN")
    assert dsn, "HTRULES_PG_DSN is not set: scripts/test starts a PostgreSQL server for this test"
    columns, rows, expected, _ = data
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS cases")
        conn.execute("CREATE TABLE cases (" + ", ".join(f'"{sql_name(c)}" {kind(c)}' for c in columns) + ")")
        with conn.cursor() as cur:
            with cur.copy("COPY cases FROM STDIN") as copy:
                for row in typed_rows(columns, rows):
                    copy.write_row(row)
            cur.execute(query("postgres"))
            names = [d.name for d in cur.description]
            compare(names, cur.fetchall(), expected, "postgres")


def test_spark(data):
    from pyspark.sql import SparkSession
    from pyspark.sql.types import BooleanType, DateType, IntegerType, StringType, StructField, StructType

    columns, rows, expected, _ = data
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("htrules-sql-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    try:
        types = {"text": StringType(), "integer": IntegerType(), "boolean": BooleanType(), "date": DateType()}
        schema = StructType([StructField(sql_name(c), types[kind(c)], True) for c in columns])
        spark.createDataFrame(typed_rows(columns, rows), schema).createOrReplaceTempView("cases")
        frame = spark.sql(query("spark"))
        names = frame.columns
        compare(names, [tuple(r) for r in frame.collect()], expected, "spark")
    finally:
        spark.stop()
