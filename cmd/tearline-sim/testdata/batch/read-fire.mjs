// Reads the rows of testdata/batch/fire.toml with DuckDB and prints, per
// file, the type DuckDB gives the walk_in fire column and the number of
// rows per level (an empty CSV cell reads as NULL, counted as "").
// Usage: node read-fire.mjs FILE...  (DUCKDB_DIR as for read.mjs)
import { createRequire } from 'node:module';
const require = createRequire(process.env.DUCKDB_DIR + '/node_modules/');
const { DuckDBInstance } = require('@duckdb/node-api');
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
for (const f of process.argv.slice(2)) {
  const q = f.endsWith('.parquet') ? `read_parquet('${f}')`
          : f.endsWith('.jsonl') ? `read_json('${f}', format='newline_delimited')`
          : `read_csv('${f}', header=true)`;
  const type = (await con.runAndReadAll(`DESCRIBE SELECT walk_in FROM ${q}`)).getRowObjectsJson()[0].column_type;
  const r = (await con.runAndReadAll(
    `SELECT coalesce(walk_in, '') AS level, count(*)::BIGINT AS n FROM ${q} GROUP BY ALL ORDER BY level`)).getRowObjectsJson();
  const levels = {};
  for (const row of r) levels[row.level] = Number(row.n);
  console.log(JSON.stringify({ file: f.split('/').pop(), type, levels }));
}
