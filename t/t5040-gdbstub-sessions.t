#!/usr/bin/env bash
test_description='xs-gdbstub: one gdb after another, a second one refused, where it listens'
. "$(dirname "$0")/test-lib.sh"

test_lazy_prereq GDB 'command -v gdb'
test_lazy_prereq IPV6 'test -e /proc/net/if_inet6 && grep -q "^0\{31\}1 " /proc/net/if_inet6'

# gdb_at WHERE [-ex ...]: a gdb session against a running stub; rip and detach.
gdb_at() {
	local where=$1
	shift
	timeout 60 gdb -batch -nx -ex 'set architecture i386:x86-64' \
		-ex "target remote $where" "$@" -ex 'info registers rip' 2>&1
}

# start_stub ARGS...: run the stub in the background, wait until it listens.
# Its stdout is not the test's: a stub left behind must not hold prove's pipe.
start_stub() {
	test -f stub.pid && kill "$(cat stub.pid)" 2>/dev/null
	# Emptied here: the background shell truncates it only when it gets to run.
	: >stub.err
	xs-gdbstub "$@" -f d.xs 7 >/dev/null 2>stub.err </dev/null &
	echo $! >stub.pid
	for i in $(seq 300); do
		grep -q "listening on" stub.err && return 0
		sleep 0.1
	done
	cat stub.err
	return 1
}

# SIGTERM ends the stub with its own exit status, 5 (stopped by a signal).
stop_stub() {
	local rc=0
	kill "$(cat stub.pid)" 2>/dev/null
	wait "$(cat stub.pid)" || rc=$?
	test "$rc" -eq 5
}

test_expect_success GDB 'build the dump' '
	xs-test-tool mkgdbdump "$TEST_DATA/gdbstub-small.desc" d.xs
'

test_expect_success GDB 'the stub keeps listening after a detach and a dropped connection' '
	start_stub --unix "$PWD/s.sock" &&
	gdb_at "$PWD/s.sock" >one &&
	grep -E "^rip +0xffffffff81000010" one &&
	xs-test-tool gdbpkt "?" | timeout 10 python3 -c "
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(\"s.sock\")
s.send(sys.stdin.buffer.read()); s.recv(100); s.close()" &&
	gdb_at "$PWD/s.sock" >two &&
	grep -E "^rip +0xffffffff81000010" two &&
	kill -0 "$(cat stub.pid)" &&
	stop_stub &&
	test ! -e s.sock
'

# The first client is a script, so that it is surely attached before the
# second gdb comes, and still served after.
test_expect_success GDB 'a second gdb while one is attached is told why, the first goes on' '
	start_stub --unix "$PWD/s.sock" &&
	cat >first.py <<-\EOF &&
	import os, socket, time
	def pkt(p):
	    return b"$" + p + b"#" + b"%02x" % (sum(p) % 256)
	def reply(s):
	    buf = b""
	    while not (b"#" in buf and len(buf) >= buf.index(b"#") + 3):
	        buf += s.recv(4096)
	    return buf
	s = socket.socket(socket.AF_UNIX)
	s.connect("s.sock")
	s.send(pkt(b"qSupported"))
	print(reply(s))
	open("attached", "w").close()
	while not os.path.exists("second-done"):
	    time.sleep(0.1)
	s.send(b"+" + pkt(b"?"))
	print(reply(s))
	s.send(b"+" + pkt(b"D"))
	print(reply(s))
	EOF
	{ timeout 60 python3 first.py >first & } &&
	first=$! &&
	for i in $(seq 100); do test -e attached && break; sleep 0.1; done &&
	gdb_at "$PWD/s.sock" >second;
	touch second-done &&
	wait $first &&
	grep "another gdb is attached to domain 7" second &&
	grep "T05thread:1;" first &&
	grep "OK" first &&
	grep "refused a second connection" stub.err &&
	stop_stub
'

test_expect_success GDB '--once ends the stub with the first session' '
	start_stub --once --unix "$PWD/s.sock" &&
	gdb_at "$PWD/s.sock" >one &&
	grep -E "^rip +0xffffffff81000010" one &&
	wait "$(cat stub.pid)"
'

test_expect_success GDB 'TCP on loopback by default; port 0 prints the port it got' '
	start_stub --listen 127.0.0.1:0 &&
	port=$(sed -n "s/.*listening on 127.0.0.1:\([0-9]*\)$/\1/p" stub.err) &&
	test -n "$port" &&
	gdb_at "127.0.0.1:$port" >out &&
	grep -E "^rip +0xffffffff81000010" out &&
	! grep warning stub.err &&
	stop_stub
'

test_expect_success GDB,IPV6 'IPv6: [::1]:PORT' '
	start_stub --listen "[::1]:0" &&
	port=$(sed -n "s/.*listening on \[::1\]:\([0-9]*\)$/\1/p" stub.err) &&
	test -n "$port" &&
	gdb_at "tcp6:[::1]:$port" >out &&
	grep -E "^rip +0xffffffff81000010" out &&
	stop_stub
'

test_expect_success 'listening beyond loopback is warned about' '
	start_stub --listen 0.0.0.0:0 &&
	grep "warning: 0.0.0.0:0 is not a loopback address" stub.err &&
	stop_stub
'

test_expect_success 'bad listen addresses: one line, exit 3 or 4' '
	test_expect_code 3 xs-gdbstub --listen "[::1:5" -f d.xs 7 2>err ||
	test_expect_code 4 xs-gdbstub --listen "[::1:5" -f d.xs 7 2>err &&
	test_one_line err &&
	grep "HOST:PORT" err
'

test_done
