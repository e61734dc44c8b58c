#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a real, unlocked GNOME Keyring (Secret Service), in a throwaway
# HOME, so tests use a real keychain without touching the user's own.
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keychain: $tool is missing. Run: sudo bash scripts/install-system-deps.sh" >&2; exit 1; }
done
export HOME="$(mktemp -d -t pa-home-XXXXXX)"
trap 'rm -rf "$HOME"' EXIT
# The keyring password must be non-empty, or the login collection is never created.
dbus-run-session -- bash -c 'printf "test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' with-keychain "$@" \
  2> >(grep -v --line-buffered "Failed to set fd limit" >&2)
