#!/usr/bin/env bash
# Overload from outside, through the public API and /metrics only: N jobs on cron `* * * * * *` with the `noop`
# handler against a running Gnomon (default `./gnomon dev` on 127.0.0.1:5050), watched for S seconds, then paused,
# and watched while the system comes back. docs/benchmarks.md ("Overload") has the figures.
#
#   bench/overload/run.sh [JOBS (10000)] [SECONDS (60)]     GNOMON_URL (http://127.0.0.1:5050), GNOMON_API_KEY (none)
#
# Each line: the time; executions finished per second since the last line; the due backlog and the scheduler's lag
# (gnomon_scheduler_backlog, gnomon_scheduler_lag); slots shed as overloaded so far (gnomon_scheduler_slots_shed).
# The jobs are named overload-<n> and left paused at the end; delete them, or the data folder, afterwards.
set -euo pipefail
jobs=${1:-10000}
seconds=${2:-60}
url=${GNOMON_URL:-http://127.0.0.1:5050}
auth=()
if [ -n "${GNOMON_API_KEY:-}" ]; then auth=(-H "Authorization: Bearer $GNOMON_API_KEY"); fi

metric() { # the sum of a metric's series whose line matches $2 (default: all)
  awk -v name="$1" -v match_="${2:-}" '$1 ~ "^"name"({|$)" && index($0, match_) { s += $NF } END { printf "%.1f", s }' <<<"$metrics"
}

watch() {
  local until=$((SECONDS + $1)) last_done="" last_at=$SECONDS
  while [ "$SECONDS" -lt "$until" ]; do
    metrics=$(curl -sf "${auth[@]}" "$url/metrics")
    done_=$(metric gnomon_worker_executions_completed)
    if [ -n "$last_done" ]; then
      rate=$(awk -v a="$done_" -v b="$last_done" -v t=$((SECONDS - last_at)) 'BEGIN { printf "%d", (a - b) / (t > 0 ? t : 1) }')
      printf '%s  finished/s %6s  backlog %6s  lag %6ss  shed (overloaded) %s\n' "$(date -u +%H:%M:%S)" "$rate" \
        "$(metric gnomon_scheduler_backlog)" "$(metric gnomon_scheduler_lag)" "$(metric gnomon_scheduler_slots_shed 'reason="overloaded"')"
    fi
    last_done=$done_ last_at=$SECONDS
    sleep 5
  done
}

echo "creating $jobs every-second noop jobs at $url"
python3 - "$url" "$jobs" "${GNOMON_API_KEY:-}" <<'PY'
import json, sys, urllib.request
url, n, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {key}"} if key else {})}
for start in range(0, n, 1000):
    jobs = [{"name": f"overload-{i}", "schedule": {"cron": "* * * * * *"}, "executor": {"type": "handler", "handler": "noop"}}
            for i in range(start, min(n, start + 1000))]
    urllib.request.urlopen(urllib.request.Request(url + "/api/v1/jobs/batch", json.dumps({"jobs": jobs}).encode(), headers, method="POST")).read()
PY
watch "$seconds"
echo "pausing every job"
seq 0 $((jobs - 1)) | xargs -P 8 -I{} curl -sf -o /dev/null "${auth[@]}" -X POST "$url/api/v1/jobs/overload-{}/pause"
watch 20
