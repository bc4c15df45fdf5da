#!/usr/bin/env bash
# Serve the dashboard to many readers: N `streamlit run` replicas behind HAProxy with sticky sessions.
#
# Usage: bash scripts/serve.sh [--replicas N] [--port P] [--address A] [--app SCRIPT] [--log-dir DIR]
#                              [--no-setup] [-- STREAMLIT ARGS...]
#   --replicas N   streamlit processes (default: the number of cores, `nproc`)
#   --port P       the port readers open, served by HAProxy (default 8501)
#   --address A    the address HAProxy listens on (default 0.0.0.0, every interface)
#   --app SCRIPT   the script each replica runs (default dashboard.py; the load bench's floor uses another)
#   --log-dir DIR  keep each replica's log, haproxy.cfg and the list of PIDs here (default: a temporary folder,
#                  removed at exit). DIR/pids lists "name pid port" of every process this script started.
#   --no-setup     skip scripts/setup.sh (the virtualenv, chromium and haproxy must be there already)
#
# Runs in the foreground. A replica that dies is started again (HAProxy sends its readers to the others
# meanwhile). Ctrl-C or SIGTERM stops every process this script started, and nothing else.
# The HAProxy configuration is deploy/haproxy.cfg; @BIND@ and @SERVERS@ are filled in here.
set -euo pipefail
caller_dir="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

replicas="$(nproc)"
port=8501
address=0.0.0.0
app=dashboard.py
log_dir=""
setup=1
extra=()
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --replicas) replicas="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --address) address="$2"; shift 2 ;;
        --app) app="$2"; shift 2 ;;
        --log-dir) log_dir="$2"; shift 2 ;;
        --no-setup) setup=0; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; extra=("$@"); break ;;
        *) echo "serve.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
set --
# relative paths given on the command line are the caller's, not the repository's
case "$log_dir" in "" | /*) ;; *) log_dir="$caller_dir/$log_dir" ;; esac
if [ "$app" != dashboard.py ]; then case "$app" in /*) ;; *) app="$caller_dir/$app" ;; esac; fi
if ! [[ "$replicas" =~ ^[1-9][0-9]*$ && "$port" =~ ^[1-9][0-9]*$ ]]; then
    echo "serve.sh: --replicas and --port take positive whole numbers" >&2
    exit 2
fi

if [ "$setup" = 1 ]; then
    source scripts/setup.sh
    install_chromium || echo "warning: chromium not installed; the Download PNG buttons will explain how" >&2
    install_fonts || echo "warning: fonts not installed; Chinese text in PNG exports may show as boxes" >&2
    install_haproxy
fi
HAPROXY="$(command -v haproxy || true)"
if [ -z "$HAPROXY" ] && [ -x /usr/sbin/haproxy ]; then HAPROXY=/usr/sbin/haproxy; fi  # not on a user's PATH
for need in .venv/bin/python "$HAPROXY"; do
    if [ -z "$need" ] || ! [ -x "$need" ]; then
        echo "serve.sh: ${need:-haproxy} is missing; run without --no-setup (or bash scripts/setup.sh)" >&2
        exit 1
    fi
done
PY=.venv/bin/python

own_log_dir=0
if [ -z "$log_dir" ]; then
    log_dir="$(mktemp -d -t serve.XXXXXX)"
    own_log_dir=1
fi
mkdir -p "$log_dir"
log_dir="$(cd "$log_dir" && pwd)"

# The XSRF cookie is signed with server.cookieSecret: one secret for every replica, so that a browser moved to
# another replica (after a failover) can still upload.
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
    STREAMLIT_SERVER_COOKIE_SECRET="$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"
fi
export STREAMLIT_SERVER_COOKIE_SECRET PYTHONUNBUFFERED=1

# free internal ports for the replicas, all held at once so that they differ
read -r -a ports <<<"$("$PY" - "$replicas" <<'EOF'
import socket, sys
held = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in held:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in held))
EOF
)"

set -m  # every process started below gets its own process group, so stopping it stops its children too
rpids=()
started=()
quick_exits=()
proxy_pid=""
sleep_pid=""

write_pids() {
    {
        for i in "${!rpids[@]}"; do
            if [ -n "${rpids[i]}" ]; then echo "r$((i + 1)) ${rpids[i]} ${ports[i]}"; fi
        done
        if [ -n "$proxy_pid" ]; then echo "haproxy $proxy_pid $port"; fi
    } >"$log_dir/pids.tmp"
    mv "$log_dir/pids.tmp" "$log_dir/pids"
}

start_replica() {
    local i=$1
    "$PY" -m streamlit run "$app" --server.headless true --server.fileWatcherType none \
        --server.address 127.0.0.1 --server.port "${ports[i]}" --browser.gatherUsageStats false \
        "${extra[@]}" >>"$log_dir/r$((i + 1)).log" 2>&1 </dev/null &
    rpids[i]=$!
    started[i]=$SECONDS
    write_pids
}

descendants() {  # every process below the given PIDs, found by parent PID
    local pid child
    for pid in "$@"; do
        for child in $(pgrep -P "$pid" 2>/dev/null || true); do
            echo "$child"
            descendants "$child"
        done
    done
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM HUP
    set +m  # no job notices ("Terminated") while stopping
    if [ -n "$sleep_pid" ]; then kill "$sleep_pid" 2>/dev/null || true; fi
    local own=() pid
    for pid in "${rpids[@]}" "$proxy_pid"; do
        if [ -n "$pid" ]; then own+=("$pid"); fi
    done
    if [ ${#own[@]} -gt 0 ]; then
        local all=("${own[@]}" $(descendants "${own[@]}"))
        echo "serve.sh: stopping ${#own[@]} processes (PIDs ${own[*]})" >&2
        for pid in "${own[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
        for pid in "${all[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
        for _ in $(seq 100); do
            local alive=0
            for pid in "${all[@]}"; do if kill -0 "$pid" 2>/dev/null; then alive=1; fi; done
            if [ "$alive" = 0 ]; then break; fi
            sleep 0.2
        done
        for pid in "${own[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
        for pid in "${all[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
        wait 2>/dev/null || true
    fi
    if [ "$own_log_dir" = 1 ]; then rm -rf "$log_dir"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

healthy() { [ "$(curl -fsS --max-time 2 "$1/_stcore/health" 2>/dev/null)" = ok ]; }

# wait_healthy URL PID NAME LOG TRIES PAUSE: until URL answers "ok"; if PID exits first, show LOG's tail and stop
wait_healthy() {
    for _ in $(seq "$5"); do
        if healthy "$1"; then return 0; fi
        if ! kill -0 "$2" 2>/dev/null; then
            echo "serve.sh: $3 exited at start; its log:" >&2
            tail -n 30 "$4" >&2
            exit 1
        fi
        sleep "$6"
    done
    healthy "$1" || { echo "serve.sh: no answer from $3 at $1" >&2; exit 1; }
}

for i in $(seq 0 $((replicas - 1))); do start_replica "$i"; done
for i in "${!rpids[@]}"; do
    wait_healthy "http://127.0.0.1:${ports[i]}" "${rpids[i]}" "replica r$((i + 1))" "$log_dir/r$((i + 1)).log" 240 0.5
done

servers=""
for i in "${!ports[@]}"; do
    servers+="    server r$((i + 1)) 127.0.0.1:${ports[i]} check cookie r$((i + 1))\n"
done
awk -v servers="$servers" -v bind="$address:$port" \
    '$1 == "@SERVERS@" { printf "%s", servers; next } { gsub("@BIND@", bind); print }' \
    deploy/haproxy.cfg >"$log_dir/haproxy.cfg"
"$HAPROXY" -c -q -f "$log_dir/haproxy.cfg"
"$HAPROXY" -db -f "$log_dir/haproxy.cfg" >>"$log_dir/haproxy.log" 2>&1 </dev/null &
proxy_pid=$!
write_pids

host="$address"
if [ "$host" = 0.0.0.0 ]; then host=127.0.0.1; fi
wait_healthy "http://$host:$port" "$proxy_pid" "haproxy (is port $port free?)" "$log_dir/haproxy.log" 100 0.2
echo "Serving http://$host:$port/ : $replicas replicas (internal ports ${ports[*]}) behind HAProxy; logs in $log_dir"
echo "Press Ctrl-C to stop."

while true; do
    if ! kill -0 "$proxy_pid" 2>/dev/null; then
        echo "serve.sh: haproxy exited; see $log_dir/haproxy.log" >&2
        exit 1
    fi
    for i in "${!rpids[@]}"; do
        if [ "${rpids[i]}" != "" ] && ! kill -0 "${rpids[i]}" 2>/dev/null; then
            code=0
            wait "${rpids[i]}" 2>/dev/null || code=$?
            lived=$((SECONDS - started[i]))
            if [ "$lived" -lt 15 ]; then quick_exits[i]=$((${quick_exits[i]:-0} + 1)); else quick_exits[i]=0; fi
            if [ "${quick_exits[i]}" -ge 3 ]; then
                echo "serve.sh: replica r$((i + 1)) keeps exiting (status $code); left down, see $log_dir/r$((i + 1)).log" >&2
                rpids[i]=""
                write_pids
                continue
            fi
            echo "serve.sh: replica r$((i + 1)) (PID ${rpids[i]}) exited with status $code after ${lived}s; starting it again" >&2
            start_replica "$i"
        fi
    done
    sleep 1 &
    sleep_pid=$!
    wait "$sleep_pid" || true
    sleep_pid=""
done
