#!/usr/bin/env bash
# Keep one command running, for `make run` (production uses systemd, see deploy/systemd/):
#   deploy/supervise.sh NAME COMMAND [ARGUMENTS…]
# starts COMMAND, and whenever it ends, for whatever reason, starts it again after
# SUPERVISE_DELAY seconds (default 2). SIGTERM or SIGINT stops the command (SIGTERM, which our
# workers answer by finishing the mail or task in hand) and then this script.
set -u
name="$1"
shift
delay="${SUPERVISE_DELAY:-2}"
child=""

stop() {
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  exit 0
}
trap stop TERM INT

while :; do
  "$@" &
  child=$!
  wait "$child"
  status=$?
  child=""
  echo "$(date '+%F %T') $name ended with exit status $status; starting it again in ${delay} s" >&2
  # Sleep in the background so that a signal is handled at once, not after the sleep.
  sleep "$delay" &
  wait $!
done
