"""Runs every ```sql block of schema/archive.md against an archive twice:
in the sqlite3 shell and in DuckDB through its SQLite reader; prints the
answers and exits 1 when they differ, 3 when DuckDB's SQLite reader is not
available. Usage: archive_queries.py ARCHIVE.sqlite schema/archive.md"""
import csv, io, os, re, subprocess, sys


def queries(md):
    return re.findall(r"```sql\n(.*?)```", open(md, encoding="utf-8").read(), re.S)


def cell(v):
    return "" if v is None else str(v)


def in_sqlite3(db, q):
    out = subprocess.run(["sqlite3", "-bail", "-csv", db], input=q, capture_output=True,
                         text=True, check=True).stdout
    return [tuple(r) for r in csv.reader(io.StringIO(out))]


def duckdb_connection(db):
    import duckdb
    con = duckdb.connect()
    try:
        con.sql("LOAD sqlite")
    except Exception:
        # the extension from PyPI (duckdb-ext-sqlite) when it cannot be downloaded
        import duckdb_ext
        con.sql("SET extension_directory = '%s'"
                % os.path.join(list(duckdb_ext.__path__)[0], "extensions"))
        con.sql("LOAD sqlite")
    con.sql("ATTACH '%s' AS a (TYPE sqlite, READ_ONLY)" % db)
    con.sql("USE a")
    return con


def main():
    db, md = sys.argv[1], sys.argv[2]
    qs = queries(md)
    if len(qs) != 3:
        print(f"expected 3 example queries in {md}, found {len(qs)}")
        return 1
    try:
        con = duckdb_connection(db)
    except Exception as e:
        print(f"DuckDB's SQLite reader is not available: {e}")
        return 3
    bad = 0
    for q in qs:
        a = in_sqlite3(db, q)
        b = [tuple(cell(v) for v in row) for row in con.sql(q).fetchall()]
        print(f"-- {len(a)} rows (sqlite3), {len(b)} rows (duckdb)\n{q.strip()}")
        for row in a[:3]:
            print("   ", row)
        if not a:
            print("   no rows: the example shows nothing on this archive")
            bad += 1
        if a != b:
            print("   DIFFERENT in DuckDB:", b[:3])
            bad += 1
    return 1 if bad else 0


sys.exit(main())
