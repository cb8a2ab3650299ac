# Reads tearline-sim batch outputs with pandas, the way a researcher would
# (pd.read_csv, pd.read_json(lines=True)), and prints JSON for
# TestPandasReader: per rows file the row count, the sums of run and of every
# metric, the number of distinct policies, the columns, the dtypes of a few
# key columns, the metric columns pandas did not read as numbers, and each
# fire factor's runs per level after fillna("") (docs/batch.md); for the
# summary the row count, the columns and the runs per metric.
# pandas' default float parsers can miss the written float64 by an ulp, so it
# also prints the metric sums when read with float_precision="round_trip"
# (CSV) or precise_float=True (JSONL), which give the exact values.
# Parquet is not read: pandas needs pyarrow or fastparquet for it, and
# neither is packaged in Debian bookworm (only python3-pandas 1.5 is).
# Usage: /usr/bin/python3 read_pandas.py META.json SUMMARY.csv ROWS.csv|ROWS.jsonl...
import json
import os
import sys

import pandas as pd

meta_path, summary_path, *rows_paths = sys.argv[1:]
with open(meta_path) as f:
    meta = json.load(f)
metrics = meta["metrics"]
fires = [ff["name"] for ff in meta.get("fire_factors", [])]
key = ["run", "policy", meta["factors"][0]["name"], "deliveries", "on_time_share"] + fires


def read(path, exact=False):
    if path.endswith(".jsonl"):
        return pd.read_json(path, lines=True, precise_float=exact)
    return pd.read_csv(path, float_precision="round_trip" if exact else None)


rows = []
for path in rows_paths:
    df, exact = read(path), read(path, exact=True)
    rows.append({
        "file": os.path.basename(path),
        "n": len(df),
        "runs": int(df["run"].sum()),
        "sums": {m: float(df[m].sum()) for m in metrics},
        "exact_sums": {m: float(exact[m].sum()) for m in metrics},
        "policies": int(df["policy"].nunique()),
        "columns": list(df.columns),
        "dtypes": {c: str(df[c].dtype) for c in key},
        "non_numeric": [m for m in metrics if not pd.api.types.is_numeric_dtype(df[m])],
        "fire_levels": {c: {k: int(v) for k, v in df[c].fillna("").value_counts().items()} for c in fires},
    })

s = pd.read_csv(summary_path)
summary = {
    "file": os.path.basename(summary_path),
    "n": len(s),
    "columns": list(s.columns),
    "dtypes": {c: str(s[c].dtype) for c in ["policy", "metric", "n", "mean"]},
    "runs_per_metric": sorted({int(v) for v in s.groupby("metric")["n"].sum()}),
}
print(json.dumps({"pandas": pd.__version__, "rows": rows, "summary": summary}))
