# Shared by the scripts: sourced, not run.

# start_origin ROOT OUT_FILE [ARGS...]: starts dash-origin on a free loopback
# port in the background of this shell (not in $(...), or the exit trap would
# not see it); sets $origin_pid and $origin_url ("http://127.0.0.1:PORT").
# Fails after 5 s without a banner.
start_origin() {
  local root=$1 out=$2
  shift 2
  "${build:-build}/origin/dash-origin" --root "$root" --port 0 --bind 127.0.0.1 "$@" >"$out" 2>&1 &
  origin_pid=$!
  local url=""
  for _ in $(seq 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out" 2>/dev/null | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.05
  done
  [ -n "$url" ] || { echo "dash-origin did not start:" >&2; cat "$out" >&2; return 1; }
  origin_url=$url
}

# make_work_dir: a temporary directory removed (with every background job
# killed) when the script exits; its path in $work.
make_work_dir() {
  work=$(mktemp -d)
  trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
}
