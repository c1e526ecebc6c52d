#!/usr/bin/env bash
# Benchmark (not a test): dash-origin against nginx serving the same packaged
# directory on loopback, driven by wrk (2 threads, 64 connections, 10 s):
# the MPD, one ~1 MB segment, and a random mix of segment URLs, each over
# plain HTTP and over HTTPS (both servers with the same self-signed
# certificate and OpenSSL; wrk keeps its connections, so this is bulk
# encryption, not handshakes).
#   scripts/bench-origin.sh [CONTENT_DIR]
# Without CONTENT_DIR, a directory of ~1 MB segment files and an MPD is made.
# BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_ROUNDS (default 1; each round runs
# both servers back to back, the median round is reported) tune it.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
duration=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-64}
rounds=${BENCH_ROUNDS:-1}
cmake --build "$build" --target dash-origin -j2 >/dev/null
source scripts/lib.sh
make_work_dir
chmod 755 "$work"  # nginx workers (nobody) must reach the content

content=${1:-}
if [ -z "$content" ]; then
  content="$work/content"
  mkdir -p "$content/v0"
  for i in $(seq 1 40); do head -c 1000000 /dev/urandom > "$content/v0/seg-$i.m4s"; done
  # A manifest of a typical size (a few kB of XML).
  {
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT160S" minBufferTime="PT2S">'
    echo ' <Period id="0">'
    for r in 0 1 2 3 4 5; do
      echo "  <AdaptationSet id=\"$r\" contentType=\"video\" segmentAlignment=\"true\"><Representation id=\"v$r\" bandwidth=\"$((r * 1000000 + 400000))\" codecs=\"avc1.64001f\" width=\"1280\" height=\"720\">"
      echo '   <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="v$RepresentationID$/init.mp4" media="v0/seg-$Number$.m4s"/>'
      echo '  </Representation></AdaptationSet>'
    done
    echo ' </Period>'
    echo '</MPD>'
  } > "$content/manifest.mpd"
fi
chmod -R a+rX "$content"
mpd=$(cd "$content" && find . -name '*.mpd' | sort | head -1 | sed 's#^\./#/#')
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

# One self-signed certificate for both servers (P-256, as a CDN would use).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 2>/dev/null
chmod a+r "$work/key.pem"

start_origin "$content" "$work/origin.log" --access-log off --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" \
  --tls-port 0
origin_base=$origin_url
origin_tls_base=$(grep -o 'https://127\.0\.0\.1:[0-9]*' "$work/origin.log" | head -1)

# nginx on a port nobody else holds (other benchmarks may run on this machine).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
nginx_port=$(free_port)
nginx_tls_port=$(free_port)
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
  server {
    listen 127.0.0.1:$nginx_tls_port ssl; root $content;
    ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache shared:tls:1m;
  }
}
CONF
chmod -R a+rwX "$work/nginx"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_base="http://127.0.0.1:$nginx_port"
nginx_tls_base="https://127.0.0.1:$nginx_tls_port"

# Both must serve this very directory (not some other server on that port).
expected=$(md5sum < "$content$one_mb")
for base in "$origin_base" "$nginx_base" "$origin_tls_base" "$nginx_tls_base"; do
  ok=""
  for _ in $(seq 100); do
    if [ "$(curl -fsk "$base$one_mb" | md5sum)" = "$expected" ]; then ok=1; break; fi
    sleep 0.05
  done
  [ -n "$ok" ] || { echo "$base does not serve $content$one_mb" >&2; cat "$work/nginx/error.log" >&2; exit 1; }
done

# Warm both up: every file once (page cache; dash-origin's hot-file cache).
for base in "$origin_base" "$nginx_base"; do
  for s in "$mpd" "${segments[@]}"; do curl -fs -o /dev/null "$base$s"; done
done

# run ARGS... → "req/s MB/s p99_ms errors"
run() {
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" 2>&1)
  local rps mbs p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  mbs=$(echo "$out" | awk '/Transfer\/sec/ {v=$2; if (v ~ /GB/) {sub("GB","",v); v*=1024} else if (v ~ /KB/) {sub("KB","",v); v/=1024} else {sub("MB","",v)}; print v}')
  p99=$(echo "$out" | awk '$1=="99%" {v=$2; if (v ~ /us/) {sub("us","",v); v/=1000} else if (v ~ /ms/) {sub("ms","",v)} else if (v ~ /s/) {sub("s","",v); v*=1000}; print v}')
  # Socket errors and non-2xx answers: a fast server that fails is no win.
  errors=$(echo "$out" | awk '/Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} /Non-2xx/ {n += $5} END {print n + 0}')
  echo "$rps $mbs $p99 $errors"
}

# median_of "a b c d"... → the line whose first field (req/s) is the median.
median_of() { printf '%s\n' "$@" | sort -n -k1,1 | awk '{l[NR]=$0} END {print l[int((NR + 1) / 2)]}'; }

echo "content: $content (mpd $mpd, segment $one_mb $(stat -c %s "$content$one_mb") B, ${#segments[@]} segments in the mix)"
echo "wrk: 2 threads, $connections connections, ${duration} s per run, $rounds round(s); load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-12s %10s %9s %9s %7s\n' workload server "req/s" "MB/s" "p99 ms" errors
declare -A result
workloads="mpd segment mix mpd-tls segment-tls mix-tls"
for workload in $workloads; do
  declare -A samples=([dash-origin]="" [nginx]="")
  for round in $(seq "$rounds"); do
    # Alternate who goes first, so a load change on the machine hits both.
    order="dash-origin nginx"; [ $((round % 2)) -eq 0 ] && order="nginx dash-origin"
    for server in $order; do
      base=$origin_base; [ $server = nginx ] && base=$nginx_base
      if [[ $workload == *-tls ]]; then
        base=$origin_tls_base; [ $server = nginx ] && base=$nginx_tls_base
      fi
      case ${workload%-tls} in
        mpd) r=$(run "$base$mpd") ;;
        segment) r=$(run "$base$one_mb") ;;
        mix) r=$(run -s "$work/mix.lua" "$base") ;;
      esac
      samples[$server]+="$r"$'\n'
    done
  done
  for server in dash-origin nginx; do
    mapfile -t lines < <(printf '%s' "${samples[$server]}")
    r=$(median_of "${lines[@]}")
    result[$workload-$server]=$r
    read -r rps mbs p99 errors <<<"$r"
    printf '%-10s %-12s %10.0f %9.1f %9.2f %7d\n' $workload $server "$rps" "$mbs" "$p99" "$errors"
  done
  unset samples
done
echo
echo "ratios dash-origin / nginx (goal: mix and mix-tls >= 0.8, mpd >= 0.5 in req/s; p99: lower is better):"
for workload in $workloads; do
  read -r o_rps o_mbs o_p99 _ <<<"${result[$workload-dash-origin]}"
  read -r n_rps n_mbs n_p99 _ <<<"${result[$workload-nginx]}"
  awk -v w=$workload -v a="$o_rps" -v b="$n_rps" -v c="$o_mbs" -v d="$n_mbs" -v e="$o_p99" -v f="$n_p99" \
    'BEGIN {printf "  %-12s req/s %.2fx   MB/s %.2fx   p99 %.2fx\n", w, a/b, c/d, e/f}'
done
