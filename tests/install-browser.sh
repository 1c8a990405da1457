#!/bin/sh
# What the tests need from Debian, installed only when missing: Chromium and CJK fonts for the
# browser tests, PostgreSQL and redis-server for the several-nodes tests (the tests start
# their own servers on free ports; the system services are not used), OmegaT and a JDK for
# the test that reads our glossary exports with OmegaT's own readers (tests/cat/).
# (Playwright never downloads a browser here: the tests drive /usr/bin/chromium.)
set -eu
missing=""
if [ ! -x /usr/bin/chromium ]; then missing="$missing chromium"; fi
if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then missing="$missing fonts-noto-cjk"; fi
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then missing="$missing postgresql"; fi
if ! command -v redis-server >/dev/null 2>&1; then missing="$missing redis-server"; fi
if [ ! -f /usr/share/omegat/OmegaT.jar ]; then missing="$missing omegat"; fi
if ! command -v javac >/dev/null 2>&1; then missing="$missing default-jdk-headless"; fi
if [ -z "$missing" ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
else
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq $missing
