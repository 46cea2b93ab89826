#!/usr/bin/env bash
# Prints "PASSED FAILED SKIPPED" summed over the per-assembly summaries in a `dotnet test` log ($1).
# VSTest prints one line per assembly:
#   "Passed!  - Failed:     0, Passed:    35, Skipped:     0, Total:    35, Duration: 5 s - X.Tests.dll (net10.0)"
# Microsoft.Testing.Platform prints "failed: N" / "succeeded: N" / "skipped: N" lines instead; those count only
# when no VSTest summary is present, so nothing is counted twice.
set -euo pipefail
sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1" | awk '
  match($0, /Failed: *[0-9]+, Passed: *[0-9]+, Skipped: *[0-9]+/) {
    s = substr($0, RSTART, RLENGTH); gsub(/[^0-9,]/, "", s); split(s, n, ",")
    vf += n[1]; vp += n[2]; vs += n[3]; vstest = 1; next
  }
  /^ *failed: *[0-9]+ *$/    { gsub(/[^0-9]/, ""); mf += $0; next }
  /^ *succeeded: *[0-9]+ *$/ { gsub(/[^0-9]/, ""); mp += $0; next }
  /^ *skipped: *[0-9]+ *$/   { gsub(/[^0-9]/, ""); ms += $0; next }
  END { if (vstest) print vp + 0, vf + 0, vs + 0; else print mp + 0, mf + 0, ms + 0 }'
