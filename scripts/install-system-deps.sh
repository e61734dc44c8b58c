#!/usr/bin/env bash
# Installs the Linux (Debian/Ubuntu) system packages Personal Agent needs to build and test:
#   libsecret-1-dev  keytar's native build (the OS keychain binding)
#   gnome-keyring    a real Secret Service for the keychain tests
#   dbus             the private session bus those tests run in (dbus-run-session)
#   chromium         the browser the end-to-end tests drive with Playwright (never a downloaded browser)
#   python3 make g++ node-gyp's toolchain
#   fonts-wqy-microhei fonts-noto-color-emoji   CJK and emoji glyphs, so end-to-end screenshots show real text
set -euo pipefail
packages=(libsecret-1-dev gnome-keyring dbus chromium python3 make g++ fonts-wqy-microhei fonts-noto-color-emoji)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then echo "System packages already installed."; exit 0; fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
