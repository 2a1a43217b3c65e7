#!/usr/bin/env bash
# Compares the rows of every scan under BASE with the scan at the same relative path under NEW,
# value for value: both exported with this checkout's `hepscan export --format csv`, sorted by id,
# every column compared except seconds and executor (which honestly differ between runs);
# a column that only NEW fills (a strategy column added since) is listed, not compared.
# This is how a refactoring is shown to keep "same spec + same seed = same rows":
#   run the same specs with the old build into BASE and the new build into NEW, then
#   tests/compare-scans.sh BASE NEW
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BASE NEW" >&2; exit 2; }
here="$(cd "$(dirname "$0")/.." && pwd)"
base=$(cd "$1" && pwd); new=$(cd "$2" && pwd); tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for p in $(cd "$base" && find . -name progress.json | sort); do
  d=$(dirname "$p")
  "$here/hepscan" export "$base/$d" --format csv --out "$tmp/b.csv" >/dev/null 2>&1 || { echo "$d: base export failed"; continue; }
  "$here/hepscan" export "$new/$d" --format csv --out "$tmp/n.csv" >/dev/null 2>&1 || { echo "$d: new export failed"; continue; }
  /usr/bin/python3 - "$d" "$tmp/b.csv" "$tmp/n.csv" <<'PY'
import csv, sys
name, b, n = sys.argv[1:]
rb = list(csv.DictReader(open(b))); rn = list(csv.DictReader(open(n)))
cb = list(rb[0].keys()) if rb else []; cn = list(rn[0].keys()) if rn else []
only_new = [c for c in cb if all(r[c] == '' for r in rb) and any(r.get(c, '') != '' for r in rn)]
cols = [c for c in cb if c in cn and c not in ('seconds', 'executor') and c not in only_new]
rb.sort(key=lambda r: int(r['id'])); rn.sort(key=lambda r: int(r['id']))
diff = sum(1 for x, y in zip(rb, rn) if any(x[c] != y[c] for c in cols))
same = len(rb) == len(rn) and diff == 0
extra = [c for c in cn if c not in cb] + only_new
print(f"{name}: {'SAME' if same else 'DIFFERENT'} rows {len(rb)} vs {len(rn)}, {diff} differing, "
      f"{len(cols)} columns compared" + (f", new columns {extra}" if extra else ""))
PY
done
