# with_progress LABEL COMMAND [ARGS...]: runs COMMAND (a program or a shell function) and, while it runs, says on
# stderr every $PROGRESS_EVERY seconds (default 10) that it is still at it, so that a long first install never looks
# hung. Returns COMMAND's exit status. Sourced by scripts/setup-editor.sh; test/unit/scripts/progress.test.ts runs it.
with_progress() {
  local label=$1
  shift
  local every=${PROGRESS_EVERY:-10} started=$SECONDS waited pid
  "$@" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    waited=0
    while ((waited < every)) && kill -0 "$pid" 2>/dev/null; do
      sleep 1
      waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then echo "setup-editor: $label: still working ($((SECONDS - started)) s)" >&2; fi
  done
  wait "$pid"
}
