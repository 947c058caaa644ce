# txsplit and wal2nsupdate: committed PostgreSQL changes to the DNS

PREFIX	?= /usr/local
BINDIR	?= ${PREFIX}/bin
MANDIR	?= ${PREFIX}/share/man
CC	?= cc
CFLAGS	?= -O2 -g
WARNS	= -std=c99 -Wall -Wextra -pedantic
# hardening: sanitizer build, valgrind, fuzzing with clang
CLANG	?= clang
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -g -O1
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect
VALGRIND_TESTS ?= bad-*.sh fuzz-*.sh engine-*.sh
FUZZTIME ?= 300

all: txsplit pg2dns/pg2dns-run

txsplit: txsplit.c
	${CC} ${WARNS} ${CFLAGS} ${CPPFLAGS} ${LDFLAGS} -o $@ txsplit.c

# pg2dns's replication engine: libpq (Debian libpq-dev), found with
# pg_config; its parts are listed in pg2dns/engine.h, and what it shares
# with the plugin is plugin/wal2nsupdate.h
PG_CONFIG ?= pg_config
LIBPQ_CFLAGS = -I"$$(${PG_CONFIG} --includedir)"
LIBPQ_LIBS = -L"$$(${PG_CONFIG} --libdir)" -lpq
ENGINE_SRCS = pg2dns/run.c pg2dns/config.c pg2dns/queue.c \
	pg2dns/replication.c pg2dns/children.c pg2dns/statedir.c \
	pg2dns/monitor.c pg2dns/status.c pg2dns/timeline.c pg2dns/util.c
pg2dns/pg2dns-run: ${ENGINE_SRCS} pg2dns/engine.h plugin/wal2nsupdate.h
	${CC} ${WARNS} ${CFLAGS} ${CPPFLAGS} ${LIBPQ_CFLAGS} ${LDFLAGS} \
		-o $@ ${ENGINE_SRCS} ${LIBPQ_LIBS}

# what the tests need is installed first (as root; otherwise the
# apt-get command is printed); golden-file tests next: they are quick
# and need no server (the engine's run with a stand-in nsupdate); then
# the tests against real servers, which start their own.
check:
	@sh demo/deps.sh check
	${MAKE} all check-man check-shell
	${MAKE} -C plugin
	sh tests/run-golden
	${MAKE} check-asan check-valgrind
	sh tests/run-real

# the manuals, as mandoc's lint sees them: no warnings
MANPAGES = txsplit.1 pg2dns/pg2dns.8 plugin/wal2nsupdate.7
check-man:
	mandoc -T lint -W warning ${MANPAGES}

# every shell file, as shellcheck sees it with .shellcheckrc: no findings
SHELL_FILES = pg2dns/pg2dns .ci/run demo/*.sh bench/*.sh bench/gen-ipam \
	tests/*.sh tests/lib/*.sh tests/real/*.sh tests/run-golden \
	tests/run-real tests/fuzz-seed tests/stand-in/nsupdate \
	tests/stand-in/txsplit debian/pg2dns.postinst debian/pg2dns.postrm
check-shell:
	shellcheck ${SHELL_FILES}

# the golden tests with txsplit and pg2dns-run built with
# AddressSanitizer and UBSan
txsplit-asan: txsplit.c
	${CLANG} ${WARNS} ${SANITIZE} -o $@ txsplit.c

pg2dns/pg2dns-run-asan: ${ENGINE_SRCS} pg2dns/engine.h plugin/wal2nsupdate.h
	${CLANG} ${WARNS} ${SANITIZE} ${LIBPQ_CFLAGS} -o $@ \
		${ENGINE_SRCS} ${LIBPQ_LIBS}

check-asan: txsplit-asan pg2dns/pg2dns-run-asan
	TXSPLIT_BIN=txsplit-asan PG2DNS_RUN_BIN=pg2dns/pg2dns-run-asan \
		sh tests/run-golden

# the bad-input corpus and the engine's tests (VALGRIND_TESTS='*.sh':
# all golden tests) under valgrind's memcheck: no errors, no leaks
check-valgrind: all
	GOLDEN_TESTS='${VALGRIND_TESTS}' TXSPLIT_WRAP='${VALGRIND}' \
		PG2DNS_RUN_WRAP='${VALGRIND}' sh tests/run-golden

# libFuzzer, for FUZZTIME seconds, from seeds built from the tests; what
# it finds goes to tests/fuzz-found/ (see tests/fuzz-txsplit.c)
tests/fuzz-txsplit: tests/fuzz-txsplit.c txsplit.c
	${CLANG} ${WARNS} ${SANITIZE} -fsanitize=fuzzer -o $@ tests/fuzz-txsplit.c

fuzz: tests/fuzz-txsplit
	rm -rf tests/fuzz-seeds
	sh tests/fuzz-seed tests/fuzz-seeds
	mkdir -p tests/fuzz-corpus tests/fuzz-found
	tests/fuzz-txsplit -max_total_time=${FUZZTIME} -timeout=10 \
		-rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
		-dict=tests/fuzz-txsplit.dict -artifact_prefix=tests/fuzz-found/ \
		tests/fuzz-corpus tests/fuzz-seeds

# the programs and their manuals; the plugin itself goes into
# PostgreSQL's pkglibdir with make -C plugin install (PGXS)
install: all
	install -d ${DESTDIR}${BINDIR} ${DESTDIR}${MANDIR}/man1 \
		${DESTDIR}${MANDIR}/man7 ${DESTDIR}${MANDIR}/man8
	install -m 755 txsplit ${DESTDIR}${BINDIR}/txsplit
	install -m 755 pg2dns/pg2dns ${DESTDIR}${BINDIR}/pg2dns
	install -m 755 pg2dns/pg2dns-run ${DESTDIR}${BINDIR}/pg2dns-run
	install -m 644 txsplit.1 ${DESTDIR}${MANDIR}/man1/txsplit.1
	install -m 644 plugin/wal2nsupdate.7 \
		${DESTDIR}${MANDIR}/man7/wal2nsupdate.7
	install -m 644 pg2dns/pg2dns.8 ${DESTDIR}${MANDIR}/man8/pg2dns.8

# the whole system on one machine: installs what is missing
# (as root; otherwise prints the apt-get command), builds txsplit and the
# plugin, starts a private PostgreSQL and named on 127.0.0.1 and shows
# changes reaching the DNS (demo/demo.sh); stops them all at the end
demo:
	@sh demo/deps.sh
	@${MAKE} -s all
	@${MAKE} -s -C plugin
	@sh demo/demo.sh

# the figures (bench/bench.sh): throughput, memory, latency, catch-up,
# a database at work, an application's own tables;
# about 15 minutes
bench:
	@sh demo/deps.sh bench
	@${MAKE} -s all
	@${MAKE} -s -C plugin
	@sh bench/bench.sh

# the plugin alone: built with PGXS against pg_config's PostgreSQL and
# its pg_regress tests run against a private server
check-plugin:
	@sh demo/deps.sh plugin
	${MAKE} -C plugin
	sh tests/real/20-plugin-regress.sh

# make demo and then make check as a newcomer runs them, on a fresh
# Debian (debootstrap minbase, make and git) in a chroot, as root
# (tests/check-fresh.sh): FRESH_SUITE=bookworm (the default), trixie or
# forky; FRESH_PACKAGES are installed there first, e.g.
# FRESH_PACKAGES=postgresql-18; FRESH_TARGETS are run instead of demo
# and check, e.g. FRESH_TARGETS=check-plugin
FRESH_SUITE ?= bookworm
FRESH_PACKAGES ?=
FRESH_TARGETS ?= demo check
check-fresh:
	@sh demo/deps.sh fresh
	FRESH_SUITE='${FRESH_SUITE}' FRESH_TARGETS='${FRESH_TARGETS}' \
		sh tests/check-fresh.sh ${FRESH_PACKAGES}
.PHONY: check-fresh check-plugin

# the Debian packages (debian/): pg2dns, and postgresql-NN-wal2nsupdate
# for each PostgreSQL major version whose server headers are installed
# (PG_SUPPORTED_VERSIONS, as postgresql-common reads it), built with
# dpkg-buildpackage in a copy of the work tree (its files that git
# tracks or does not ignore) under DEBDIR, where the .deb files are
# left.  Needs the Build-Depends of debian/control: apt-get build-dep ./
DEBDIR	?= deb
PG_SUPPORTED_VERSIONS ?= installed
deb:
	rm -rf ${DEBDIR}/src
	mkdir -p ${DEBDIR}/src
	git ls-files -z --cached --others --exclude-standard | \
		tar --null -T - -cf - | tar -xf - -C ${DEBDIR}/src
	cd ${DEBDIR}/src && \
		export PG_SUPPORTED_VERSIONS=${PG_SUPPORTED_VERSIONS} && \
		pg_buildext updatecontrol && dpkg-buildpackage -us -uc -b

# the packages built (make deb), installed, and the README's first
# deployment run on what they installed (tests/check-packages.sh); as
# root, here or in a fresh root
check-packages:
	sh tests/check-packages.sh

clean:
	rm -f txsplit pg2dns/pg2dns-run tests/*.out tests/*.err tests/*.rc
	rm -rf deb
	rm -rf txsplit-asan pg2dns/pg2dns-run-asan tests/fuzz-txsplit tests/fuzz-seeds \
		tests/fuzz-corpus
	${MAKE} -C plugin clean

.PHONY: all check check-man check-shell install clean check-asan check-valgrind fuzz demo bench \
	deb check-packages
