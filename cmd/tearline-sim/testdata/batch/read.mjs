// Reads tearline-sim batch outputs with DuckDB (a reader the project did not
// write) and prints, per file, the row count, sums of run and of
// on_time_share, the number of distinct policies and the column names.
// Usage: node read.mjs FILE...  (NODE_PATH must reach @duckdb/node-api)
import { createRequire } from 'node:module';
const require = createRequire(process.env.DUCKDB_DIR + '/node_modules/');
const { DuckDBInstance } = require('@duckdb/node-api');
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
for (const f of process.argv.slice(2)) {
  const q = f.endsWith('.parquet') ? `read_parquet('${f}')`
          : f.endsWith('.jsonl') ? `read_json('${f}', format='newline_delimited')`
          : `read_csv('${f}', header=true)`;
  const r = await con.runAndReadAll(
    `SELECT count(*)::BIGINT AS n, sum(run)::BIGINT AS runs, sum(on_time_share)::DOUBLE AS ots,
            count(DISTINCT policy)::BIGINT AS policies FROM ${q}`);
  const row = r.getRowObjectsJson()[0];
  const cols = (await con.runAndReadAll(`DESCRIBE SELECT * FROM ${q}`)).getRowObjectsJson().map(c => c.column_name);
  console.log(JSON.stringify({ file: f.split('/').pop(), n: Number(row.n), runs: Number(row.runs),
    ots: Number(row.ots), policies: Number(row.policies), columns: cols }));
}
