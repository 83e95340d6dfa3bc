/*-------------------------------------------------------------------------
 *
 * hotline.h
 *	  Declarations shared by the C parts of the hotline extension.
 *
 * One .c file per concern:
 *	  hotline.c		module magic, _PG_init and the settings (GUCs)
 *	  time_limit.c	the hotline.time_limit type ("7 working days")
 *	  calendar.c	compiling calendars into bitmaps, the per-backend cache
 *					and its invalidation, the calendar triggers
 *	  workday.c		SQL functions of working-day arithmetic
 *	  ics.c			iCalendar import through libical
 *	  ics_export.c	iCalendar export
 *	  order_no.c	the hotline.order_no type
 *	  engine.c		the workflow engine of work orders
 *	  text_grams.c	character pairs of Chinese text for repeat detection
 *
 *-------------------------------------------------------------------------
 */
#ifndef HOTLINE_H
#define HOTLINE_H

#include "access/genam.h"
#include "datatype/timestamp.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "pgtime.h"
#include "utils/date.h"
#include "utils/jsonb.h"
#include "utils/relcache.h"
#include "storage/lockdefs.h"

/* ---------------------------------------------------------------------
 * Settings (hotline.c)
 * ---------------------------------------------------------------------
 */
extern bool hotline_warn_uncovered;
extern int	hotline_rrule_horizon_years;

/* ---------------------------------------------------------------------
 * time_limit (time_limit.c)
 *
 * A time limit is an amount and a unit.  Clock time is kept in seconds,
 * working time (business hours) in seconds of business time.
 * ---------------------------------------------------------------------
 */
typedef enum TimeLimitUnit
{
	TL_CLOCK_SECONDS = 1,		/* "2 hours": exact elapsed time */
	TL_DAYS = 2,				/* "1 day": natural days, civil-code counting */
	TL_WORKING_SECONDS = 3,		/* "4 working hours": business time */
	TL_WORKING_DAYS = 4			/* "7 working days": civil-code counting */
} TimeLimitUnit;

typedef struct TimeLimit
{
	int32		amount;			/* always > 0 */
	int32		unit;			/* a TimeLimitUnit */
} TimeLimit;

#define DatumGetTimeLimitP(X)		((TimeLimit *) DatumGetPointer(X))
#define TimeLimitPGetDatum(X)		PointerGetDatum(X)
#define PG_GETARG_TIME_LIMIT_P(n)	DatumGetTimeLimitP(PG_GETARG_DATUM(n))
#define PG_RETURN_TIME_LIMIT_P(x)	return TimeLimitPGetDatum(x)

/* ---------------------------------------------------------------------
 * Compiled calendars (calendar.c)
 *
 * Every day from CAL_FIRST_YEAR-01-01 to CAL_LAST_YEAR-12-31 is one bit
 * (1 = working day).  cum[w] counts the working days in words [0, w), so
 * counting and "the Nth working day after" are O(1) and O(log n).
 * ---------------------------------------------------------------------
 */
#define CAL_FIRST_YEAR		1900
#define CAL_LAST_YEAR		2199
#define CAL_NYEARS			(CAL_LAST_YEAR - CAL_FIRST_YEAR + 1)
#define CAL_MAX_PERIODS		8	/* business periods per day */
#define CAL_NAME_MAX		64	/* names are at most 63 bytes (CHECK) */

/*
 * hotline.calendar.day_ends: a period counted in days ends at 24:00 of its
 * last day (midnight) or at the close of business of that day
 */
#define CAL_DAY_ENDS_MIDNIGHT	"midnight"
#define CAL_DAY_ENDS_CLOSE		"close_of_business"

typedef struct HotlineCalendar
{
	char		name[CAL_NAME_MAX];
	char		time_zone[TZ_STRLEN_MAX + 1];
	pg_tz	   *tz;
	DateADT		first_day;		/* DateADT of CAL_FIRST_YEAR-01-01 */
	int32		ndays;			/* days in the bitmap */
	int32		nwords;
	uint64	   *bits;			/* nwords words */
	int32	   *cum;			/* nwords + 1 running counts */
	bool		covered[CAL_NYEARS];	/* years with holiday data */
	uint64	   *dst_bits;		/* days on which the zone's offset changes */
	int			nperiods;		/* business periods, sorted, disjoint */
	TimeOffset	period_start[CAL_MAX_PERIODS];	/* microseconds after 00:00 */
	TimeOffset	period_end[CAL_MAX_PERIODS];
	TimeOffset	business_per_day;	/* sum of the periods */
	TimeOffset	day_end;		/* when a period in days ends on its last
								 * day (R-12.4, day_ends): USECS_PER_DAY for
								 * 24:00, else the close of business */
	TimestampTz warned_stmt;	/* statement warned[] belongs to */
	bool		warned[CAL_NYEARS];	/* years warned about in it */
} HotlineCalendar;

extern void HotlineCalendarInit(void);
extern HotlineCalendar *HotlineCalendarGet(text *name, FunctionCallInfo fcinfo);
extern HotlineCalendar *HotlineCalendarGetByCString(const char *name);
extern void HotlineCalendarWarnUncovered(HotlineCalendar *cal,
										 DateADT from_day, DateADT to_day);

/* iCalendar (ics.c, ics_export.c) */
#define ICS_FOLD_OCTETS		75	/* RFC 5545 3.1 */
#define ICS_SOURCE_TAG		"X-HOTLINE-SOURCE"	/* a day's source, kept by export */

/* the order number's text output (order_no.c) */
extern Datum order_no_in(PG_FUNCTION_ARGS);
extern Datum order_no_out(PG_FUNCTION_ARGS);
extern const char *OrderNoRegionProblem(const char *region, int len);

/* what a character is to the Chinese text helpers (text_grams.c) */
typedef enum CharClass
{
	CC_SEPARATOR,
	CC_HAN,
	CC_WORD
} CharClass;

extern CharClass HotlineCharClass(pg_wchar c);

/* ics.c: libical reports errors instead of abort()ing (once per process) */
extern void HotlineLibicalInit(void);

/* rows of the extension's tables by their keys, without a statement (rows.c) */
extern Relation HotlineTable(const char *name, LOCKMODE mode);
extern AttrNumber HotlineColumn(Relation rel, const char *column);
extern Oid	HotlineIndexOn(Relation rel, int n, const char *const *columns);
extern SysScanDesc HotlineKeyScan(Relation rel, Oid indexid, int n, Datum *keys, ScanKey skeys);
extern HeapTuple HotlineKeyRow(Relation rel, Oid indexid, int n, Datum *keys);
extern int64 HotlineRowId(const char *table, int n, const char *const *columns, Datum *keys);
extern int64 HotlineIdByCode(const char *table, const char *code);
extern char *HotlineNodeRegion(void);

/* the engine's helpers other parts use (engine.c) */
extern SPIPlanPtr HotlinePrepare(const char *sql, int nargs, Oid *types);
extern char *HotlineJsonbText(JsonbValue *v);
extern char *HotlineJsonbField(Jsonb *obj, const char *key);

/*
 * the engine (engine.c): hotline_engine_depth > 0 while it applies an
 * action, hotline_hook_depth > 0 while a workflow's hook runs in it
 */
extern int	hotline_engine_depth;
extern int	hotline_hook_depth;
extern void HotlineEngineInit(void);

/* the library's version (the Makefile's, from hotline.control) and its check */
#ifndef HOTLINE_VERSION
#error "HOTLINE_VERSION must be defined (the Makefile passes it)"
#endif
extern void HotlineCheckVersion(void);

/* the shape of a workflow action's effects (workflow_check.c) */
/* cache_inval.c: the invalidation protocol of the per-backend caches */
#define HOTLINE_INVAL_MAX_TABLES 8
typedef struct HotlineInvalCache
{
	int			ntables;
	const char *tables[HOTLINE_INVAL_MAX_TABLES];	/* in schema hotline */
	bool		forget_relids;	/* look the tables up again after an invalidation */
	Oid			relids[HOTLINE_INVAL_MAX_TABLES];
	bool		stale;			/* build the cache again before its next use */
	bool		inval_in_xact;	/* an invalidation arrived in this transaction */
	uint64		generation;		/* counts the invalidations (for caches built beside) */
} HotlineInvalCache;
extern void HotlineInvalRegister(HotlineInvalCache *cache);
extern void HotlineInvalMarkStale(HotlineInvalCache *cache);
extern void HotlineInvalLookup(HotlineInvalCache *cache);
extern Datum HotlineInvalTrigger(HotlineInvalCache *cache, FunctionCallInfo fcinfo, const char *fname);
extern struct HTAB *HotlineCacheHash(MemoryContext *cxt, const char *name, Size keysize, Size entrysize);

extern void WorkflowOptionsCheck(const char *workflow, Jsonb *options);
extern Oid	HotlineColumnType(const char *table, const char *column);
extern bool IsEngineAssignmentColumn(const char *column);
extern bool IsDueColumn(const char *column);
extern bool IsStampColumn(const char *column);
extern bool IsOrderColumn(const char *column);
extern void WorkflowEffectsCheck(const char *workflow, const char *action, const char *scope,
								 Jsonb *effects);

/* time zone helpers (workday.c) */
extern DateADT HotlineLocalDate(HotlineCalendar *cal, TimestampTz ts,
								TimeOffset *time_of_day);
extern TimestampTz HotlineLocalTimestamp(HotlineCalendar *cal, DateADT day,
										 TimeOffset time_of_day);

#endif							/* HOTLINE_H */
