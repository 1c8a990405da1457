#!/bin/sh
# Debian's Chromium and CJK fonts for the browser tests, installed only when missing.
# (Playwright never downloads a browser here: the tests drive /usr/bin/chromium.)
set -eu
if [ -x /usr/bin/chromium ] && dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
else
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq chromium fonts-noto-cjk
