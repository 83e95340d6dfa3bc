# hotline: PGXS build of the extension, plus the project's own targets.
#
#   make demo    install what is missing, build, start a local cluster with
#                pg_cron and play a hotline day (test/demo.sh)
#   make test    install what is missing, build, run the whole suite against
#                a temporary cluster (test/run.sh)
#   make bench   the benchmarks (test/bench/run.sh)
#   make fuzz    a bounded fuzzing run of every input path written in C
#                (test/fuzz/run.sh)
#
# The version lives only in hotline.control.

EXTENSION = hotline
EXTVERSION := $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" hotline.control)

MODULE_big = hotline
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard extension/platform/*.c)) $(sort $(wildcard extension/domain/*.c)))

# The install script: the SQL pieces of the three layers (README, Design:
# Layers), each folder in name order: the platform, the hotline domain, then
# the workflow plugins.
SQL_PIECES = $(sort $(wildcard extension/platform/sql/*.sql)) $(sort $(wildcard extension/domain/sql/*.sql)) \
	$(sort $(wildcard workflows/*/*.sql))
# Upgrade steps (ALTER EXTENSION hotline UPDATE): the pieces of each
# extension/upgrade/FROM--TO/ in name order make hotline--FROM--TO.sql,
# with the functions they re-create taken from the install script's pieces
# (extension/upgrade/expand.pl).  The install scripts of released versions
# are kept as they shipped (extension/upgrade/hotline--VERSION.sql), so that
# the upgrade test can install an old version and update it.  A workflow
# plugin ships its own step as workflows/NAME/upgrade/FROM--TO.sql, run after
# the platform's and the domain's pieces (a plugin new in TO: "--@ plugin NAME").
UPGRADES = $(patsubst extension/upgrade/%/,$(EXTENSION)--%.sql,$(sort $(wildcard extension/upgrade/*--*/)))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(UPGRADES)
DATA = $(wildcard extension/upgrade/$(EXTENSION)--*.sql)

REGRESS = $(sort $(patsubst sql/%.sql,%,$(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --load-extension=pg_trgm --load-extension=$(EXTENSION)
ISOLATION = $(sort $(patsubst test/specs/%.spec,%,$(wildcard test/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test --outputdir=output_iso --load-extension=pg_trgm --load-extension=$(EXTENSION)

PG_CPPFLAGS = -Iextension/platform -DHOTLINE_VERSION=\"$(EXTVERSION)\" $(shell pkg-config --cflags libical 2>/dev/null)
# PostgreSQL's own headers leave parameters of static inline functions unused,
# so -Wextra's unused-parameter is off; everything else of -Wextra is an error.
PG_CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter
SHLIB_LINK = $(shell pkg-config --libs libical 2>/dev/null)

EXTRA_CLEAN = output_iso

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

.PHONY: demo demo-stop test bench fuzz print-sql-pieces

ifneq ($(wildcard $(PGXS)),)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PIECES) hotline.control
	cat $(SQL_PIECES) > $@

.SECONDEXPANSION:
$(UPGRADES): $(EXTENSION)--%.sql: $$(sort $$(wildcard extension/upgrade/$$*/*.sql)) $$(sort $$(wildcard workflows/*/upgrade/$$*.sql)) \
		$(SQL_PIECES) extension/upgrade/expand.pl
	perl extension/upgrade/expand.pl $(sort $(wildcard extension/upgrade/$*/*.sql)) $(sort $(wildcard workflows/*/upgrade/$*.sql)) \
		-- $(SQL_PIECES) > $@.tmp
	mv $@.tmp $@

# every object depends on the shared header and on the version (HOTLINE_VERSION)
$(OBJS): extension/platform/hotline.h hotline.control
else
# No PostgreSQL headers yet (a fresh machine): the project targets install
# them first and then run again; everything else says what to do.
all install installcheck:
	@echo "PostgreSQL's PGXS was not found: run 'make test' or 'make demo', which install it (or: apt-get install postgresql-server-dev-15)." >&2
	@exit 1
endif

# the install script's pieces in their order (test/layers/check.pl reads it)
print-sql-pieces:
	@printf '%s\n' $(SQL_PIECES)

demo:
	bash test/demo.sh

demo-stop:
	bash test/demo.sh stop

test:
	bash test/run.sh

bench:
	bash test/bench/run.sh

fuzz:
	bash test/fuzz/run.sh
