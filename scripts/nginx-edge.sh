#!/usr/bin/env bash
# Writes an nginx edge configuration from origin/nginx/dash-cache.conf.in.
#   scripts/nginx-edge.sh PREFIX LISTEN WORKERS ORIGIN [ORIGIN...]
# e.g. scripts/nginx-edge.sh /tmp/edge 127.0.0.1:8081 2 127.0.0.1:8080
# then: nginx -p PREFIX -c PREFIX/nginx.conf -g 'daemon off;'
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$1 listen=$2 workers=$3
shift 3
[ $# -ge 1 ] || { echo "usage: $0 PREFIX LISTEN WORKERS ORIGIN..." >&2; exit 2; }
mkdir -p "$prefix/cache" "$prefix/tmp"
upstreams=""
for o in "$@"; do upstreams+="server $o max_fails=2 fail_timeout=5s; "; done
sed -e "s#@PREFIX@#$prefix#g" -e "s#@LISTEN@#$listen#g" -e "s#@WORKERS@#$workers#g" \
    -e "s#@UPSTREAMS@#$upstreams#g" origin/nginx/dash-cache.conf.in > "$prefix/nginx.conf"
# Workers of an nginx started as root run as nobody: let them use the prefix.
chmod -R a+rwX "$prefix"
echo "$prefix/nginx.conf"
