#!/usr/bin/env bash
# Benchmark (not a test): dash-origin against nginx serving the same packaged
# directory on loopback, driven by wrk (2 threads, 64 connections, 10 s):
# the MPD, one ~1 MB segment, and a random mix of segment URLs.
#   scripts/bench-origin.sh [CONTENT_DIR]
# Without CONTENT_DIR, a directory of ~1 MB segment files and an MPD is made.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
duration=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-64}
cmake --build "$build" --target dash-origin -j2 >/dev/null
work=$(mktemp -d)
chmod 755 "$work"  # nginx workers (nobody) must reach the content
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

content=${1:-}
if [ -z "$content" ]; then
  content="$work/content"
  mkdir -p "$content/v0"
  for i in $(seq 1 40); do head -c 1000000 /dev/urandom > "$content/v0/seg-$i.m4s"; done
  head -c 2000 /dev/urandom | base64 > "$content/manifest.mpd"
fi
chmod -R a+rX "$content"
mpd=$(cd "$content" && find . -name '*.mpd' | head -1 | sed 's#^\./#/#')
mapfile -t segments < <(cd "$content" && find . -name '*.m4s' -size +100k | sed 's#^\./#/#' | sort)
[ ${#segments[@]} -gt 0 ] || { echo "no .m4s segments over 100 kB in $content" >&2; exit 1; }
one_mb=${segments[0]}
best=0
for s in "${segments[@]}"; do  # the segment closest to 1 MB
  size=$(stat -c %s "$content$s")
  if [ $(( (size - 1000000) * (size - 1000000) )) -lt $(( (best - 1000000) * (best - 1000000) )) ]; then best=$size; one_mb=$s; fi
done

# wrk picks a random URL of the list per request.
printf 'paths = {%s}\n' "$(printf '"%s",' "${segments[@]}")" > "$work/mix.lua"
cat >> "$work/mix.lua" <<'LUA'
math.randomseed(42)
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
LUA

origin_port=18901 nginx_port=18902
"$build/origin/dash-origin" --root "$content" --port $origin_port --access-log off >/dev/null &
mkdir -p "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 2;
error_log $work/nginx/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_timeout 65; keepalive_requests 100000;
  open_file_cache max=1000 inactive=60s;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  types { application/dash+xml mpd; video/iso.segment m4s; video/mp4 mp4; }
  server { listen 127.0.0.1:$nginx_port; root $content; }
}
CONF
chmod -R a+rwX "$work/nginx"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
sleep 1

# run NAME PORT ARGS... → "req/s MB/s p99_ms"
run() {
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" 2>&1)
  local rps mbs p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  mbs=$(echo "$out" | awk '/Transfer\/sec/ {v=$2; if (v ~ /GB/) {sub("GB","",v); v*=1024} else if (v ~ /KB/) {sub("KB","",v); v/=1024} else {sub("MB","",v)}; print v}')
  p99=$(echo "$out" | awk '$1=="99%" {v=$2; if (v ~ /us/) {sub("us","",v); v/=1000} else if (v ~ /ms/) {sub("ms","",v)} else if (v ~ /s/) {sub("s","",v); v*=1000}; print v}')
  echo "$rps $mbs $p99"
}

printf '%-12s %-10s %12s %10s %10s\n' workload server "req/s" "MB/s" "p99 ms"
declare -A result
for workload in mpd segment mix; do
  for server in dash-origin nginx; do
    port=$origin_port; [ $server = nginx ] && port=$nginx_port
    case $workload in
      mpd) r=$(run "http://127.0.0.1:$port$mpd") ;;
      segment) r=$(run "http://127.0.0.1:$port$one_mb") ;;
      mix) r=$(run -s "$work/mix.lua" "http://127.0.0.1:$port") ;;
    esac
    result[$workload-$server]=$r
    read -r rps mbs p99 <<<"$r"
    printf '%-12s %-10s %12.0f %10.1f %10.2f\n' $workload $server "$rps" "$mbs" "$p99"
  done
done
echo
echo "ratios dash-origin / nginx (goal: mix >= 0.8, mpd >= 0.5 in req/s):"
for workload in mpd segment mix; do
  read -r o_rps o_mbs o_p99 <<<"${result[$workload-dash-origin]}"
  read -r n_rps n_mbs n_p99 <<<"${result[$workload-nginx]}"
  awk -v w=$workload -v a="$o_rps" -v b="$n_rps" -v c="$o_mbs" -v d="$n_mbs" -v e="$o_p99" -v f="$n_p99" \
    'BEGIN {printf "  %-8s req/s %.2fx   MB/s %.2fx   p99 %.2fx\n", w, a/b, c/d, e/f}'
done
