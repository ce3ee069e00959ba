# The commands of docs/operations.md, taken from the file itself so that what ops-check runs is
# what the runbooks say. Every fenced block there follows a marker comment, on the line before
# its opening fence, that says what ops-check does with it:
#
#   <!-- ops-check: run STEP -->            run it as step STEP (checked by oc_step_STEP)
#   <!-- ops-check: skip STEP: REASON -->   not runnable without an AWS account: listed as skipped
#   <!-- ops-check: output STEP -->         what STEP prints, as the runbook shows it
#   <!-- ops-check: file NAME -->           saved as NAME in the working directory (a script)
#
# Sourced by scripts/ops-check; every name here starts with oc_.

# oc_read_runbooks DOC DIR: writes each block to DIR/NNN and an index DIR/index with one line
# per block: NNN <tab> kind <tab> step-or-name <tab> reason <tab> line. Fails, naming the line,
# for a block without a marker, a marker without a block or a marker it does not know.
oc_read_runbooks() {
  local doc=$1 dir=$2
  mkdir -p "$dir"
  awk -v dir="$dir" '
    function fail(msg) { printf "%s:%d: %s\n", FILENAME, NR, msg > "/dev/stderr"; bad = 1 }
    /^[ \t]*<!-- ops-check:/ {
      if (marker != "") fail("marker without a code block after it")
      marker = $0
      sub(/^[ \t]*<!-- ops-check:[ \t]*/, "", marker)
      sub(/[ \t]*-->[ \t]*$/, "", marker)
      markerLine = NR
      next
    }
    !fence && /^[ \t]*```/ {
      fence = 1
      indent = match($0, /[^ \t]/) - 1
      n++
      file = sprintf("%s/%03d", dir, n)
      printf "" > file
      if (marker == "" || markerLine != NR - 1) {
        fail("code block without an ops-check marker on the line before it")
        next
      }
      kind = marker; sub(/ .*/, "", kind)
      rest = substr(marker, length(kind) + 2)
      name = rest; reason = ""
      if (kind == "skip") {
        if (index(rest, ": ") == 0) fail("skip marker without a reason: " marker)
        name = substr(rest, 1, index(rest, ": ") - 1)
        reason = substr(rest, index(rest, ": ") + 2)
      } else if (kind != "run" && kind != "output" && kind != "file") {
        fail("unknown ops-check marker: " marker)
      }
      if (name !~ /^[a-z0-9][a-z0-9.-]*$/) fail("bad step or file name in marker: " marker)
      printf "%03d\t%s\t%s\t%s\t%d\n", n, kind, name, reason, NR > (dir "/index")
      marker = ""
      next
    }
    fence && /^[ \t]*```[ \t]*$/ { fence = 0; close(file); next }
    fence { print substr($0, indent + 1) > file; next }
    END {
      if (marker != "") fail("marker without a code block after it")
      if (fence) fail("code block not closed")
      exit bad
    }
  ' "$doc"
}

# oc_save_files DIR: saves each "file" block as DIR/NAME, executable (the runbooks say to save
# a script under that name).
oc_save_files() {
  local number kind name
  while IFS=$'\t' read -r number kind name _; do
    [ "$kind" = file ] || continue
    cp "$OC_BLOCKS/$number" "$1/$name" && chmod +x "$1/$name" || return 1
  done <"$OC_BLOCKS/index"
}

# oc_block STEP: the path of the block of a run step (or of its expected output, with "output").
oc_block() {
  local kind=${2:-run}
  awk -F'\t' -v kind="$kind" -v name="$1" -v dir="$OC_BLOCKS" \
    '$2 == kind && $3 == name { print dir "/" $1; found = 1; exit } END { exit !found }' \
    "$OC_BLOCKS/index"
}

# oc_run_block FILE OUT ERR: runs the commands of a block as an operator would in one shell,
# with its stdout and stderr in OUT and ERR. Each block runs in a child bash with `set -euo
# pipefail`, so it stops at the first command that fails, whatever context this is called in;
# the variables and functions it sets are kept in $OC_WORK/shell-*.sh for the blocks after it
# (and loaded here too, for the checks), as they would stay set in the operator's shell.
oc_run_block() {
  local vars=$OC_WORK/shell-vars.sh funcs=$OC_WORK/shell-funcs.sh status
  touch "$vars" "$funcs"
  bash -c '
    set -euo pipefail
    . "$1"; . "$2"
    declare -A oc_before=()
    for oc_name in $(compgen -v); do oc_before[$oc_name]=${!oc_name-}; done
    eval "$(<"$3")"
    for oc_name in $(compgen -v); do
      case $oc_name in
        oc_*|BASH*|PIPESTATUS|FUNCNAME|SECONDS|RANDOM|SRANDOM|LINENO|EPOCH*|_|SHELLOPTS|PWD|OLDPWD) ;;
        *) if [ -z "${oc_before[$oc_name]+set}" ] || [ "${oc_before[$oc_name]}" != "${!oc_name-}" ]; then
             declare -p "$oc_name" | sed -E "s/^declare -(-|[a-zA-Z]*) /declare -g\1 /; s/^declare -g- /declare -g /"
           fi ;;
      esac
    done >>"$1"
    declare -f >"$2"
  ' oc-runbook "$vars" "$funcs" "$1" >"$2" 2>"$3"
  status=$?
  . "$vars"
  . "$funcs"
  return $status
}
