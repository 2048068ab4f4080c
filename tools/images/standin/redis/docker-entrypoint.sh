#!/bin/bash
# stand-in for the official redis image entrypoint: `redis-server [conf] [--opt val ...]`,
# listening on all interfaces with protected mode off unless the arguments say otherwise
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ]; then
  case "${2:-}" in -v|--version|-h|--help|--test-memory|--check-system) exec "$@" ;; esac
  [[ " $* " == *" --bind "* ]] || set -- "$@" --bind 0.0.0.0
  [[ " $* " == *" --protected-mode "* ]] || set -- "$@" --protected-mode no
  [[ " $* " == *" --dir "* ]] || set -- "$@" --dir /data
fi
exec "$@"
