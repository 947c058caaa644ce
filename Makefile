# txsplit and wal2nsupdate: committed PostgreSQL changes to the DNS

PREFIX	?= /usr/local
BINDIR	?= ${PREFIX}/bin
MANDIR	?= ${PREFIX}/share/man
CC	?= cc
CFLAGS	?= -O2 -g
WARNS	= -std=c99 -Wall -Wextra -pedantic

all: txsplit

txsplit: txsplit.c
	${CC} ${WARNS} ${CFLAGS} ${CPPFLAGS} ${LDFLAGS} -o $@ txsplit.c

# golden-file tests first: they are quick and need nothing but txsplit;
# then the tests against real servers, which start their own.
check: all
	${MAKE} -C plugin
	sh tests/run-golden
	sh tests/run-real

install: all
	install -d ${DESTDIR}${BINDIR} ${DESTDIR}${MANDIR}/man1
	install -m 755 txsplit ${DESTDIR}${BINDIR}/txsplit
	install -m 644 txsplit.1 ${DESTDIR}${MANDIR}/man1/txsplit.1

clean:
	rm -f txsplit tests/*.out tests/*.err tests/*.rc
	${MAKE} -C plugin clean

.PHONY: all check install clean
