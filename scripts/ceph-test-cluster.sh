#!/usr/bin/env bash
# A throw-away one-node Ceph cluster with the RADOS Gateway (S3) on loopback, for the tests and
# benchmarks that need a real object store (docs/STORAGE.md, docs/TESTING.md).
#
#   scripts/ceph-test-cluster.sh start DIR [PORT]   start it in DIR (created); prints S3_* lines to use
#   scripts/ceph-test-cluster.sh stop DIR           stop it (the gateway, the OSD, the monitor, in turn)
#
# One monitor, one OSD keeping its objects in memory (memstore, no disks) and radosgw with the beast
# frontend on 127.0.0.1. Authentication inside the cluster is off (loopback only); the gateway's S3
# user has fixed test keys. Every path (configuration, data, run files, sockets, logs) is under DIR,
# so nothing is written to /etc/ceph, /var/lib/ceph or /var/log/ceph. Needs the Debian packages
# ceph-mon, ceph-osd and radosgw.
set -euo pipefail

cmd=${1:-}
DIR=${2:-}
if [ -z "$cmd" ] || [ -z "$DIR" ]; then
	echo "usage: $0 start|stop DIR [PORT]" >&2
	exit 2
fi
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
CONF="$DIR/ceph.conf"
ACCESS_KEY=TESTACCESSKEY0000000
SECRET_KEY=testsecretkey0000000000000000000000000000

free_port() {
	node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'
}

# Waits for a daemon's pid file and its process, or fails showing the end of its log.
wait_pid() {
	local name=$1 pidfile="$DIR/run/$1.pid"
	for _ in $(seq 1 300); do
		if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	echo "ceph: $name did not start; end of its log:" >&2
	tail -n 30 "$DIR/log/$name.log" >&2 || true
	return 1
}

# Stops one daemon and waits until it is gone (SIGKILL after 30 s). A pid file left by a cluster
# that is long gone may name another process by now: only a process started with this folder's
# ceph.conf is signalled.
stop_daemon() {
	local pidfile="$DIR/run/$1.pid" pid cmdline
	[ -s "$pidfile" ] || return 0
	pid=$(cat "$pidfile")
	cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
	case "$cmdline" in
	*"$CONF"*) ;;
	*)
		rm -f "$pidfile"
		return 0
		;;
	esac
	kill -TERM "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
	for _ in $(seq 1 300); do
		kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	rm -f "$pidfile"
}

# Stops every daemon of the folder, gateways first (the extra ones the fault tests start too), then
# the OSD, then the monitor, one at a time: stopping the gateway and the OSD together once hung the
# gateway for 120 s.
stop_all() {
	local f
	for f in "$DIR"/run/client.rgw*.pid; do [ -e "$f" ] && stop_daemon "$(basename "$f" .pid)"; done
	stop_strays radosgw
	for f in "$DIR"/run/osd.*.pid; do [ -e "$f" ] && stop_daemon "$(basename "$f" .pid)"; done
	stop_strays ceph-osd
	stop_daemon mon.a
	stop_strays ceph-mon
}

# Daemons of this folder without a pid file (a gateway started in the foreground by a test, a
# daemon whose pid file went with a killed run): found by their name and this folder's ceph.conf.
stop_strays() {
	local file pid
	for file in $(grep -lsF -- "$CONF" /proc/[0-9]*/cmdline || true); do
		pid=${file#/proc/}
		pid=${pid%/cmdline}
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] || continue
		kill -TERM "$pid" 2>/dev/null || continue
		for _ in $(seq 1 300); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
	done
}

case "$cmd" in
start)
	for bin in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph; do
		command -v "$bin" >/dev/null || { echo "ceph: $bin is missing (apt-get install ceph-mon ceph-osd radosgw)" >&2; exit 1; }
	done
	# A cluster left in this folder by a run that was killed: stop it and start afresh.
	stop_all
	rm -rf "$DIR/run" "$DIR/log" "$DIR/mon" "$DIR/osd" "$DIR/rgw" "$DIR/crash" "$DIR/keyring" "$DIR/monmap" "$CONF"
	RGW_PORT=${3:-$(free_port)}
	MON_PORT=$(free_port)
	FSID=$(cat /proc/sys/kernel/random/uuid)
	mkdir -p "$DIR/run" "$DIR/log" "$DIR/mon" "$DIR/osd/0" "$DIR/rgw"
	cat >"$CONF" <<EOF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
mon initial members = a
public network = 127.0.0.0/8
ms bind msgr1 = false
auth cluster required = none
auth service required = none
auth client required = none
# With authentication off, radosgw hangs at start unless the monitor client connection may be 'crc'.
ms mon client mode = crc secure
run dir = $DIR/run
pid file = $DIR/run/\$name.pid
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
keyring = $DIR/keyring
mon cluster log file = $DIR/log/cluster.log
mon data = $DIR/mon/\$name
osd data = $DIR/osd/\$id
osd objectstore = memstore
memstore device bytes = 4294967296
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
# Decisions every 0.1 s instead of 1 s: the cluster is ready in seconds.
paxos propose interval = 0.1
mon osd down out interval = 0
# A gateway that dies leaves watches that the others wait on (30 s by default) when they notify.
osd client watch timeout = 5
crash dir = $DIR/crash
erasure code dir = /usr/lib/x86_64-linux-gnu/ceph/erasure-code
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $DIR/rgw
rgw dns name = 127.0.0.1
log file = $DIR/log/rgw.log
EOF
	ceph-authtool --create-keyring "$DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
	monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
	ceph-mon -c "$CONF" -i a --mkfs --monmap "$DIR/monmap" --keyring "$DIR/keyring"
	ceph-mon -c "$CONF" -i a
	wait_pid mon.a
	OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
	OSD_ID=$(ceph -c "$CONF" --connect-timeout 30 osd new "$OSD_UUID")
	ceph-osd -c "$CONF" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >/dev/null 2>&1
	ceph-osd -c "$CONF" -i "$OSD_ID" 2>>"$DIR/log/start.log"
	wait_pid "osd.$OSD_ID"
	radosgw -c "$CONF" -n client.rgw 2>>"$DIR/log/start.log"
	wait_pid client.rgw
	# The gateway answers once its pools exist.
	ok=""
	for _ in $(seq 1 600); do
		if node -e "require('http').get('http://127.0.0.1:$RGW_PORT/', (r) => process.exit(r.statusCode ? 0 : 1)).on('error', () => process.exit(1))"; then
			ok=1
			break
		fi
		sleep 0.1
	done
	[ -n "$ok" ] || { echo "ceph: the gateway does not answer on port $RGW_PORT" >&2; tail -n 30 "$DIR/log/rgw.log" >&2; exit 1; }
	radosgw-admin -c "$CONF" user create --uid=tests --display-name=tests \
		--access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >/dev/null
	echo "S3_ENDPOINT=http://127.0.0.1:$RGW_PORT"
	echo "S3_REGION=us-east-1"
	echo "S3_ACCESS_KEY_ID=$ACCESS_KEY"
	echo "S3_SECRET_ACCESS_KEY=$SECRET_KEY"
	echo "S3_FORCE_PATH_STYLE=true"
	;;
stop)
	stop_all
	;;
*)
	echo "usage: $0 start|stop DIR [PORT]" >&2
	exit 2
	;;
esac
