#!/usr/bin/env bash
# Runs every test: typecheck, import rules, lint and format, production build, unit + integration + browser suites.
# Installs the Debian tools the suites need (Chromium, poppler-utils, qpdf, openssl, libnss3-tools; Ceph's
# monitor, OSD and RADOS Gateway for the storage tests) when they are missing.
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v certutil >/dev/null 2>&1 || need+=(libnss3-tools)
if [ ${#need[@]} -gt 0 ]; then
	echo "Installing Debian packages: ${need[*]}"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
	$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null \
		|| { echo "Could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi
# The storage tests start a one-node Ceph cluster with its S3 gateway (scripts/ceph-test-cluster.sh):
# the monitor, the OSD and the gateway, without the recommended extras (about 35 s, 270 MB).
ceph=()
for bin in ceph-mon ceph-osd radosgw; do command -v "$bin" >/dev/null 2>&1 || ceph+=("$bin"); done
if [ ${#ceph[@]} -gt 0 ]; then
	echo "Installing Debian packages: ${ceph[*]}"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
	$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${ceph[@]}" >/dev/null \
		|| { echo "Could not install ${ceph[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

step() {
	echo "== $1"
	shift
	if ! "$@"; then
		echo "Step failed: $*"
		echo "0 passed, 1 failed"
		exit 1
	fi
}

step "typecheck" npx tsc --noEmit
step "import rules" npx tsx scripts/check-imports.ts
step "lint" npx eslint .
step "format" npx prettier --check .
step "catalogs" npx tsx scripts/catalog-validate.ts
step "build" npx remix build

results=$(mktemp)
npx vitest run --reporter=default --reporter=json --outputFile.json="$results"
status=$?
if [ -s "$results" ]; then
	node -e '
		const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		// A file that failed without a failing test (an import error, a failing hook) counts once.
		const brokenFiles = r.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
		const failed = r.numFailedTests + brokenFiles;
		console.log(`${r.numPassedTests} passed, ${failed} failed`);
	' "$results"
else
	echo "0 passed, 1 failed"
	status=1
fi
rm -f "$results"
exit $status
