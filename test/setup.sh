#!/usr/bin/env bash
# hotline: install the Debian 12 packages the build, the tests, the demo and
# the benchmarks need. Idempotent: quiet, and no apt-get at all, when every
# package is already there.
set -euo pipefail

# Packages the project needs (Debian 12 "bookworm" names).
PACKAGES=(
	make gcc pkg-config
	postgresql-15 postgresql-server-dev-15
	postgresql-15-cron postgresql-15-pgtap
	libical-dev
	libtap-parser-sourcehandler-pgtap-perl
	locales procps
	valgrind
	chromium fonts-wqy-microhei
	python3-icu python3-icalendar
)

# shellcheck source=test/cluster.sh
source "$(dirname "${BASH_SOURCE[0]}")/cluster.sh"

# Print the packages of PACKAGES that dpkg does not report as installed.
missing_packages() {
	local pkg
	for pkg in "${PACKAGES[@]}"; do
		if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
			echo "$pkg"
		fi
	done
}


main() {
	command -v dpkg-query >/dev/null 2>&1 ||
		die "dpkg-query not found: this installer supports Debian 12 only; install by hand: ${PACKAGES[*]}"
	local missing
	missing=$(missing_packages)
	[ -z "$missing" ] && return 0
	# shellcheck disable=SC2086
	echo "hotline: installing missing packages:" $missing
	as_root apt-get update -q || die "apt-get update failed"
	# shellcheck disable=SC2086
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing ||
		die "apt-get install failed"
	missing=$(missing_packages)
	[ -z "$missing" ] || die "still missing after apt-get install: $missing"
}

main "$@"
