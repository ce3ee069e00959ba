# Finding and installing the tools keyfob's scripts need. Sourced by scripts/test and
# scripts/ops-check, which set TOOLS_SAY_PREFIX (e.g. "scripts/test") first.
#
#   need_command CMD apt|pip PACKAGE...   installs PACKAGE when CMD is missing, says what it did
#   need_aws_cli_v2                       prints the path of an AWS CLI v2, installing Debian's
#                                         awscli when none is found (a v1 may come first on PATH)

say() { printf '[%s] %s\n' "${TOOLS_SAY_PREFIX:-keyfob}" "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    say "cannot install $*: no apt-get on this machine; install them by hand"; return 1
  fi
  if [ $apt_updated -eq 0 ]; then
    as_root apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  say "installing with apt: $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

pip_install() {
  say "installing with pip: $*"
  python3 -m pip install --quiet "$@"
}

need_command() { # need_command <command> <how: apt|pip> <package...>
  local cmd=$1 how=$2; shift 2
  if command -v "$cmd" >/dev/null; then
    return 0
  fi
  say "$cmd is missing"
  if [ "$how" = apt ]; then apt_install "$@"; else pip_install "$@"; fi
  command -v "$cmd" >/dev/null || { say "could not install $cmd"; return 1; }
  say "installed $cmd"
}

# The runbooks use options only AWS CLI v2 has (--cli-binary-format); v1 answers "Unknown
# options". Every aws on PATH is tried, then Debian's, so a v1 earlier on PATH is passed over.
find_aws_cli_v2() {
  local candidate
  for candidate in $(type -ap aws) /usr/bin/aws /usr/local/bin/aws; do
    if [ -x "$candidate" ] && "$candidate" --version 2>/dev/null | grep -q '^aws-cli/2\.'; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

need_aws_cli_v2() {
  find_aws_cli_v2 && return 0
  say "no AWS CLI v2 found (aws --version must say aws-cli/2)" >&2
  apt_install awscli >&2 || true
  find_aws_cli_v2 || { say "could not install AWS CLI v2" >&2; return 1; }
}
