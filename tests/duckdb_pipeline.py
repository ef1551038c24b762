"""The README's corpus pipeline, end to end (run by tests/jsonl.rs): DuckDB reads a parquet
dump this script builds from cards it writes, writes its rows as JSON lines to cardlint's
standard input, and reads cardlint's JSONL back to count the cards per reporting level.

Usage: python3 tests/duckdb_pipeline.py PATH/TO/cardlint
"""

import os
import subprocess
import sys
import tempfile

import duckdb

CO2 = """---
co2_eq_emissions:
  emissions: 1200
  source: CodeCarbon
  training_type: fine-tuning
  geographical_location: Paris
  hardware_used: 1 x A100
---
# m
"""
BARE = "---\nlicense: mit\n---\n# m\n"


def main(cardlint):
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "dump.parquet")
        out = os.path.join(tmp, "reports.jsonl")
        con = duckdb.connect()
        con.execute(
            "CREATE TABLE cards (modelId VARCHAR, card VARCHAR, downloads BIGINT, createdAt TIMESTAMP)"
        )
        rows = [
            ("org/a", CO2, 10, "2022-01-05 10:00:00"),
            ("org/b", BARE, 20, "2022-06-01 00:00:00"),
            ("org/c", CO2, 30, "2022-12-31 23:59:59"),
            ("org/d", CO2, 40, "2023-02-01 00:00:00"),
            ("org/e", BARE, 50, "2023-03-01 00:00:00"),
            ("org/f", None, 60, "2023-04-01 00:00:00"),  # no card: a bad row
        ]
        con.executemany("INSERT INTO cards VALUES (?, ?, ?, ?)", rows)
        con.execute(f"COPY cards TO '{dump}' (FORMAT parquet)")
        con.close()

        # The README's shell pipeline, as processes: DuckDB writes JSON lines to a pipe that is
        # cardlint's standard input.
        writer = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import duckdb, sys; duckdb.sql(\"COPY (SELECT modelId, card, downloads, createdAt "
                f"FROM read_parquet('{dump}')) TO '/dev/stdout' (FORMAT json)\")",
            ],
            stdout=subprocess.PIPE,
        )
        with open(out, "wb") as sink:
            lint = subprocess.run(
                [cardlint, "--from-jsonl", "-", "--format", "jsonl", "--keep-columns", "createdAt", "--exit-zero"],
                stdin=writer.stdout,
                stdout=sink,
                check=False,
            )
        writer.stdout.close()
        assert writer.wait() == 0, "duckdb failed"
        assert lint.returncode == 0, f"cardlint exited {lint.returncode}"

        con = duckdb.connect()
        con.execute(f"CREATE VIEW r AS SELECT * FROM read_json('{out}', format = 'newline_delimited')")
        print("rows", con.execute("SELECT count(*) FROM r").fetchone()[0])
        for level, n in con.execute(
            "SELECT report.reporting.level AS level, count(*) FROM r WHERE error IS NULL GROUP BY level ORDER BY level"
        ).fetchall():
            print("level", level, n)
        print("error", con.execute("SELECT count(*) FROM r WHERE error IS NOT NULL").fetchone()[0])
        for year, n in con.execute(
            "SELECT substr(CAST(createdAt AS VARCHAR), 1, 4) AS y, count(*) FROM r GROUP BY y ORDER BY y"
        ).fetchall():
            print("by year", year, n)


if __name__ == "__main__":
    main(sys.argv[1])
