# Sourced by test.sh and bench/run.sh: makes sure Debian's Chromium is there for the browser tests and
# the page-load figures (Playwright drives it; its own browser download is neither used nor reachable).
#   ensure_chromium   → exports LO_CHROMIUM (the binary)

ensure_chromium() {
  local bin
  bin=$(command -v chromium || true)
  if [ -z "$bin" ]; then
    echo "Installing Chromium (Debian package 'chromium')"
    local as_root=""; [ "$(id -u)" -eq 0 ] || as_root=sudo
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium >/dev/null 2>&1 \
      || { $as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium >/dev/null; }
    bin=$(command -v chromium) || { echo "chromium not found after install" >&2; return 1; }
  fi
  export LO_CHROMIUM="$bin"
}
