/*-------------------------------------------------------------------------
 *
 * calendar.c
 *	  Compiled working-day calendars and their per-backend cache.
 *
 * A calendar is rows in hotline.calendar, hotline.calendar_day and
 * hotline.calendar_year.  The first time a backend needs a calendar it reads
 * those rows once (through SPI) and compiles them into a bitmap with one bit
 * per day from 1900 to 2199, plus running counts, so that the arithmetic in
 * workday.c never queries a table.
 *
 * Invalidation: a statement-level trigger on the three tables calls
 * CacheInvalidateRelcacheByRelid() on the changed table.  That queues a
 * relcache invalidation which every backend processes at its next
 * transaction start (or lock acquisition) after the change commits, and our
 * relcache callback then marks the whole cache stale.  The changing backend
 * itself sees its change from its next command on; a rolled-back change is
 * forgotten the same way.  Layered calendars depend on their bases, so any
 * change drops every compiled calendar: changes are rare, compiling is
 * cheap (a few milliseconds).
 *
 * A compiled calendar also carries what its row says of a day: the zone,
 * the business periods and when a period in days ends on its last day
 * (day_ends: 24:00 or the close of business), so that no function reads
 * the row per call.
 *
 * The same file holds the calendar triggers: validation of a calendar row,
 * protection of built-in rows, and the invalidation trigger.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "access/xact.h"
#include "storage/lmgr.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_calendar_validate);
PG_FUNCTION_INFO_V1(hotline_calendar_check_base);
PG_FUNCTION_INFO_V1(hotline_protect_builtin);
PG_FUNCTION_INFO_V1(hotline_calendar_invalidate);
PG_FUNCTION_INFO_V1(hotline_covered_years);

#define CAL_MAX_DEPTH	16		/* longest chain of base calendars */

/* The cache: calendar name -> compiled calendar */
typedef struct CalendarCacheEntry
{
	char		name[CAL_NAME_MAX]; /* hash key */
	HotlineCalendar *cal;
} CalendarCacheEntry;

/* What a function call remembers of its last calendar (fn_extra) */
typedef struct CalendarFnCache
{
	uint64		generation;
	HotlineCalendar *cal;
	int			namelen;
	char		name[CAL_NAME_MAX];
} CalendarFnCache;

static MemoryContext CalendarCacheContext = NULL;
static HTAB *CalendarCache = NULL;
/*
 * The invalidation state of the cache (cache_inval.c): stale flag, the
 * flag of an invalidation in this transaction (its snapshot may predate
 * the change, so what it compiles is dropped again when it ends), and the
 * OIDs of the calendar tables, looked up before the first compile and kept
 * across cache resets (an invalidation must never find them unknown).
 */
static HotlineInvalCache CalendarInval = {
	.ntables = 3,
	.tables = {"calendar", "calendar_day", "calendar_year"},
	.forget_relids = false
};
static uint64 CalendarCacheGeneration = 1;

/* The statement in which invalidation messages were last accepted */
static TimestampTz CalendarCheckedStmt = 0;

/*
 * CalendarAcceptInvalidations
 *		Once per statement, process pending invalidation messages, so that
 *		a change another session committed is seen by the next statement
 *		even inside a longer READ COMMITTED transaction.
 */
static inline void
CalendarAcceptInvalidations(void)
{
	TimestampTz stmt = GetCurrentStatementStartTimestamp();

	if (stmt != CalendarCheckedStmt)
	{
		CalendarCheckedStmt = stmt;
		AcceptInvalidationMessages();
	}
}

/*
 * HotlineCalendarInit
 *		Register the invalidation callback; called once from _PG_init.
 */
void
HotlineCalendarInit(void)
{
	HotlineInvalRegister(&CalendarInval);
}

/*
 * CalendarCacheReset
 *		Forget every compiled calendar.
 */
static void
CalendarCacheReset(void)
{
	CalendarCache = HotlineCacheHash(&CalendarCacheContext, "hotline calendar cache", CAL_NAME_MAX,
									 sizeof(CalendarCacheEntry));
	CalendarInval.stale = false;
	CalendarCacheGeneration++;
}

/*
 * UndefinedCalendar
 *		The error for a calendar name that is not in hotline.calendar.
 */
static void
UndefinedCalendar(const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_OBJECT),
			 errmsg("calendar \"%s\" does not exist", name),
			 errhint("List the calendars with SELECT name FROM hotline.calendar, or create "
					 "one with INSERT INTO hotline.calendar (name, base) VALUES (..., 'cn').")));
}

/*
 * SpiInt64
 *		Column col of row row of the last SPI result as int64 (not NULL).
 */
static int64
SpiInt64(int row, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc,
								  col, &isnull);

	if (isnull)
		elog(ERROR, "unexpected NULL in calendar query result");
	return DatumGetInt64(d);
}

/*
 * SpiFloat8
 *		Column col of row row of the last SPI result as float8 (not NULL).
 */
static double
SpiFloat8(int row, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc,
								  col, &isnull);

	if (isnull)
		elog(ERROR, "unexpected NULL in calendar query result");
	return DatumGetFloat8(d);
}

/*
 * SpiIsNull
 *		Is column col of row row of the last SPI result NULL?
 */
static bool
SpiIsNull(int row, int col)
{
	bool		isnull;

	(void) SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, &isnull);
	return isnull;
}

/*
 * SpiQuery
 *		Run a read-only parameterised query with one text parameter.
 */
static void
SpiQuery(const char *sql, const char *param)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];
	int			rc;

	values[0] = CStringGetTextDatum(param);
	rc = SPI_execute_with_args(sql, 1, argtypes, values, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(rc));
}

/*
 * MarkOffsetChanges
 *		Mark in dst_bits the local days (and the day before) around every
 *		change of the zone's UTC offset from 1900 to 2199, so that local
 *		times that occur twice or never are resolved with care there and
 *		with one conversion everywhere else.
 */
static void
MarkOffsetChanges(HotlineCalendar *cal)
{
	pg_time_t	t = (pg_time_t) (cal->first_day + (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE)) *
		SECS_PER_DAY - SECS_PER_DAY;
	pg_time_t	end = t + (pg_time_t) (cal->ndays + 2) * SECS_PER_DAY;
	long int	before_off,
				after_off;
	int			before_dst,
				after_dst;
	pg_time_t	boundary;
	int			k;

	while (t < end &&
		   pg_next_dst_boundary(&t, &before_off, &before_dst, &boundary,
								&after_off, &after_dst, cal->tz) == 1 &&
		   boundary > t)
	{
		for (k = -1; k <= 1; k++)
		{
			int64		idx = (boundary + Max(before_off, after_off)) / SECS_PER_DAY +
				UNIX_EPOCH_JDATE - POSTGRES_EPOCH_JDATE - cal->first_day + k;

			if (idx >= 0 && idx < cal->ndays)
				cal->dst_bits[idx >> 6] |= UINT64CONST(1) << (idx & 63);
		}
		t = boundary;
	}
}

/*
 * CalendarCompile
 *		Read a calendar and its bases and compile them; the result lives in
 *		CalendarCacheContext.
 *
 * The effective days of a layered calendar are its bases' entries with its
 * own winning, laid over its own weekly rule.  A year is covered when every
 * calendar of the chain that records coverage at all records that year.
 */
static HotlineCalendar *
CalendarCompile(const char *name)
{
	MemoryContext oldcxt;
	MemoryContext calcxt;
	MemoryContext tmpcxt;
	HotlineCalendar *cal;
	char	   *chain[CAL_MAX_DEPTH];
	int			depth = 0;
	int			weekday_mask;
	char	   *day_ends;
	int8	   *override;
	int			ncovered_by[CAL_NYEARS];
	int			nrecording = 0;
	int			i;
	int			d;
	int			jfirst;

	/*
	 * The result goes to its own context, a child of the caller's until it
	 * is complete, so that an error while compiling leaks nothing.
	 */
	calcxt = AllocSetContextCreate(CurrentMemoryContext, "hotline calendar",
								   ALLOCSET_SMALL_SIZES);
	tmpcxt = AllocSetContextCreate(CurrentMemoryContext, "hotline calendar compile",
								   ALLOCSET_DEFAULT_SIZES);
	cal = MemoryContextAllocZero(calcxt, sizeof(HotlineCalendar));
	strlcpy(cal->name, name, CAL_NAME_MAX);
	cal->first_day = date2j(CAL_FIRST_YEAR, 1, 1) - POSTGRES_EPOCH_JDATE;
	cal->ndays = date2j(CAL_LAST_YEAR + 1, 1, 1) - date2j(CAL_FIRST_YEAR, 1, 1);
	cal->nwords = (cal->ndays + 63) / 64;
	cal->bits = MemoryContextAllocZero(calcxt, cal->nwords * sizeof(uint64));
	cal->cum = MemoryContextAllocZero(calcxt, (cal->nwords + 1) * sizeof(int32));
	cal->warned_stmt = 0;

	oldcxt = MemoryContextSwitchTo(tmpcxt);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	/*
	 * The calendar itself: zone, weekly rule and when its days end.  A
	 * database of 0.1.0 being updated has no day_ends yet (the update
	 * script computes deadlines before it adds the column): its days end at
	 * 24:00, as they always did.
	 */
	SpiQuery(psprintf("SELECT c.time_zone, c.base, "
					  "       (SELECT pg_catalog.sum(DISTINCT 1 OPERATOR(pg_catalog.<<) w::int4) "
					  "        FROM pg_catalog.unnest(c.work_weekdays) w)::int8, %s "
					  "FROM hotline.calendar c WHERE c.name OPERATOR(pg_catalog.=) $1",
					  get_attnum(CalendarInval.relids[0], "day_ends") != InvalidAttrNumber ?
					  "c.day_ends" : "'" CAL_DAY_ENDS_MIDNIGHT "'::pg_catalog.text"),
			 name);
	if (SPI_processed != 1)
		UndefinedCalendar(name);
	day_ends = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 4);
	strlcpy(cal->time_zone, SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1),
			sizeof(cal->time_zone));
	cal->tz = pg_tzset(cal->time_zone);
	if (cal->tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" of calendar \"%s\" is not recognized",
						cal->time_zone, name),
				 errhint("Set hotline.calendar.time_zone to a zone of pg_timezone_names, such as Asia/Shanghai.")));
	weekday_mask = SpiIsNull(0, 3) ? 0 : (int) SpiInt64(0, 3);

	/* Business periods, in microseconds after midnight */
	SpiQuery("SELECT pg_catalog.date_part('epoch', pg_catalog.lower(r)), "
			 "       pg_catalog.date_part('epoch', pg_catalog.upper(r)) "
			 "FROM hotline.calendar c, pg_catalog.unnest(c.business_hours) r "
			 "WHERE c.name OPERATOR(pg_catalog.=) $1 AND NOT pg_catalog.isempty(r) ORDER BY 1", name);
	cal->nperiods = Min((int) SPI_processed, CAL_MAX_PERIODS);
	cal->business_per_day = 0;
	for (i = 0; i < cal->nperiods; i++)
	{
		cal->period_start[i] = (TimeOffset) rint(SpiFloat8(i, 1) * USECS_PER_SEC);
		cal->period_end[i] = (TimeOffset) rint(SpiFloat8(i, 2) * USECS_PER_SEC);
		cal->business_per_day += cal->period_end[i] - cal->period_start[i];
	}

	/*
	 * A period in days ends at 24:00 of its last day, or at the close of
	 * business of it (Civil Code art. 203(2)): the end of the day's last
	 * business period.  The setting is the calendar's own, like its business
	 * hours (a layered calendar does not take its base's).  Without business
	 * hours the validation trigger refuses close_of_business; should such a
	 * row exist anyway (triggers bypassed), its days end at 24:00.
	 */
	if (day_ends != NULL && strcmp(day_ends, CAL_DAY_ENDS_CLOSE) == 0 && cal->nperiods > 0)
		cal->day_end = cal->period_end[cal->nperiods - 1];
	else
		cal->day_end = USECS_PER_DAY;

	/* The chain of bases, leaf first */
	chain[depth++] = pstrdup(name);
	for (;;)
	{
		char	   *base;

		SpiQuery("SELECT base FROM hotline.calendar WHERE name OPERATOR(pg_catalog.=) $1",
				 chain[depth - 1]);
		if (SPI_processed != 1)
			UndefinedCalendar(chain[depth - 1]);
		base = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
		if (base == NULL)
			break;
		for (i = 0; i < depth; i++)
			if (strcmp(chain[i], base) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_RECURSION),
						 errmsg("calendar \"%s\" is its own base through \"%s\"", name, base),
						 errhint("Set hotline.calendar.base so that the chain of bases ends.")));
		if (depth == CAL_MAX_DEPTH)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("calendar \"%s\" has more than %d levels of base calendars",
							name, CAL_MAX_DEPTH)));
		chain[depth++] = base;
	}

	/* Days: from the root down, each level overriding the one below */
	override = palloc(cal->ndays);
	memset(override, -1, cal->ndays);
	memset(ncovered_by, 0, sizeof(ncovered_by));
	for (i = depth - 1; i >= 0; i--)
	{
		uint64		n;

		SpiQuery("SELECT (day OPERATOR(pg_catalog.-) DATE '1900-01-01')::int8, "
				 "       (kind OPERATOR(pg_catalog.=) 'workday'::hotline.day_kind)::int4::int8 "
				 "FROM hotline.calendar_day WHERE calendar OPERATOR(pg_catalog.=) $1", chain[i]);
		for (n = 0; n < SPI_processed; n++)
		{
			int64		idx = SpiInt64(n, 1);

			if (idx >= 0 && idx < cal->ndays)
				override[idx] = (int8) SpiInt64(n, 2);
		}

		SpiQuery("SELECT year::int8 FROM hotline.calendar_year "
				 "WHERE calendar OPERATOR(pg_catalog.=) $1", chain[i]);
		if (SPI_processed > 0)
			nrecording++;
		for (n = 0; n < SPI_processed; n++)
		{
			int64		y = SpiInt64(n, 1);

			if (y >= CAL_FIRST_YEAR && y <= CAL_LAST_YEAR)
				ncovered_by[y - CAL_FIRST_YEAR]++;
		}
	}
	for (i = 0; i < CAL_NYEARS; i++)
		cal->covered[i] = nrecording > 0 && ncovered_by[i] == nrecording;

	/* The bitmap and its running counts */
	jfirst = date2j(CAL_FIRST_YEAR, 1, 1);
	for (d = 0; d < cal->ndays; d++)
	{
		int			isodow = j2day(jfirst + d);
		bool		working;

		if (isodow == 0)
			isodow = 7;
		working = (weekday_mask & (1 << isodow)) != 0;
		if (override[d] >= 0)
			working = override[d] == 1;
		if (working)
			cal->bits[d >> 6] |= UINT64CONST(1) << (d & 63);
	}
	for (i = 0; i < cal->nwords; i++)
		cal->cum[i + 1] = cal->cum[i] + pg_popcount64(cal->bits[i]);

	/* Days on which the zone's offset changes: workday.c is careful there */
	cal->dst_bits = MemoryContextAllocZero(calcxt, cal->nwords * sizeof(uint64));
	MarkOffsetChanges(cal);

	SPI_finish();
	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(tmpcxt);
	MemoryContextSetParent(calcxt, CalendarCacheContext);
	return cal;
}

/*
 * HotlineCalendarGetByCString
 *		The compiled calendar of that name, compiling it on first use.
 *		Errors if there is no such calendar.
 */
HotlineCalendar *
HotlineCalendarGetByCString(const char *name)
{
	CalendarCacheEntry *entry;
	HotlineCalendar *cal;
	bool		found;

	if (strlen(name) >= CAL_NAME_MAX)
		UndefinedCalendar(name);
	HotlineInvalLookup(&CalendarInval);
	CalendarAcceptInvalidations();
	if (CalendarCache == NULL || CalendarInval.stale)
		CalendarCacheReset();

	entry = hash_search(CalendarCache, name, HASH_FIND, NULL);
	if (entry != NULL)
		return entry->cal;

	/* an invalidation while compiling is acted on at the next call */
	cal = CalendarCompile(name);
	entry = hash_search(CalendarCache, name, HASH_ENTER, &found);
	entry->cal = cal;
	return cal;
}

/*
 * HotlineCalendarGet
 *		The compiled calendar named by a text argument.  Remembers it in
 *		fn_extra so that a query calling the function for many rows with the
 *		same calendar does no hash lookup per row.
 */
HotlineCalendar *
HotlineCalendarGet(text *name, FunctionCallInfo fcinfo)
{
	CalendarFnCache *fc = (CalendarFnCache *) fcinfo->flinfo->fn_extra;
	int			len = VARSIZE_ANY_EXHDR(name);
	const char *data = VARDATA_ANY(name);
	char		cname[CAL_NAME_MAX];

	CalendarAcceptInvalidations();
	if (fc != NULL && !CalendarInval.stale &&
		fc->generation == CalendarCacheGeneration &&
		fc->namelen == len && memcmp(fc->name, data, len) == 0)
		return fc->cal;

	if (len >= CAL_NAME_MAX || memchr(data, '\0', len) != NULL)
		UndefinedCalendar(text_to_cstring(name));
	memcpy(cname, data, len);
	cname[len] = '\0';

	if (fc == NULL)
	{
		fc = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CalendarFnCache));
		fcinfo->flinfo->fn_extra = fc;
	}
	fc->cal = HotlineCalendarGetByCString(cname);
	fc->generation = CalendarCacheGeneration;
	fc->namelen = len;
	memcpy(fc->name, data, len);
	return fc->cal;
}

/*
 * HotlineCalendarWarnUncovered
 *		Warn (once per calendar, year and statement) when a computation uses
 *		days of a year for which the calendar has no holiday data: its days
 *		then follow the weekly rule only, and next year's notice may simply
 *		not have been imported yet.
 */
void
HotlineCalendarWarnUncovered(HotlineCalendar *cal, DateADT from_day, DateADT to_day)
{
	int			y1,
				y2,
				m,
				d,
				y;
	TimestampTz stmt;

	if (!hotline_warn_uncovered)
		return;
	j2date(from_day + POSTGRES_EPOCH_JDATE, &y1, &m, &d);
	j2date(to_day + POSTGRES_EPOCH_JDATE, &y2, &m, &d);
	for (y = Max(y1, CAL_FIRST_YEAR); y <= Min(y2, CAL_LAST_YEAR); y++)
	{
		if (cal->covered[y - CAL_FIRST_YEAR])
			continue;
		stmt = GetCurrentStatementStartTimestamp();
		if (cal->warned_stmt != stmt)
		{
			memset(cal->warned, 0, sizeof(cal->warned));
			cal->warned_stmt = stmt;
		}
		if (cal->warned[y - CAL_FIRST_YEAR])
			continue;
		cal->warned[y - CAL_FIRST_YEAR] = true;
		ereport(WARNING,
				(errcode(ERRCODE_WARNING),
				 errmsg("calendar \"%s\" has no holiday data for %d", cal->name, y),
				 errdetail("Days of %d count by the weekly rule only; holidays and make-up working days of %d are not known.",
						   y, y),
				 errhint("Import the holiday notice for %d with hotline.import_ics('%s', ...), "
						 "or record the year in hotline.calendar_year if it has no special days.",
						 y, cal->name)));
	}
}

/*
 * hotline_covered_years
 *		SQL: hotline.covered_years(calendar) -> integer[], ascending.
 */
Datum
hotline_covered_years(PG_FUNCTION_ARGS)
{
	HotlineCalendar *cal = HotlineCalendarGet(PG_GETARG_TEXT_PP(0), fcinfo);
	Datum	   *elems = palloc(sizeof(Datum) * CAL_NYEARS);
	int			n = 0;
	int			i;

	for (i = 0; i < CAL_NYEARS; i++)
		if (cal->covered[i])
			elems[n++] = Int32GetDatum(CAL_FIRST_YEAR + i);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, INT4OID, sizeof(int32), true, TYPALIGN_INT));
}

/*
 * ValidationError
 *		Report a bad value in a calendar row.
 */
static void
ValidationError(const char *calendar, const char *msg, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid calendar \"%s\": %s", calendar, msg),
			 errhint("%s", hint)));
}

/*
 * CheckBusinessHours
 *		Business hours must be bounded, non-empty, disjoint periods, at most
 *		CAL_MAX_PERIODS of them.  Returns how many non-empty periods there
 *		are.
 */
static int
CheckBusinessHours(const char *name, ArrayType *arr)
{
	TypeCacheEntry *typcache;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;
	int			j;
	TimeADT		lo[CAL_MAX_PERIODS];
	TimeADT		hi[CAL_MAX_PERIODS];
	int			nperiods = 0;
	const char *hint = "Write business hours as an array of time ranges, such as "
		"'{\"[09:00,12:00)\",\"[13:30,17:30)\"}'.";

	if (ARR_NDIM(arr) > 1)
		ValidationError(name, "business_hours must be a one-dimensional array", hint);
	typcache = lookup_type_cache(ARR_ELEMTYPE(arr), TYPECACHE_RANGE_INFO);
	deconstruct_array(arr, ARR_ELEMTYPE(arr), typcache->typlen, typcache->typbyval,
					  typcache->typalign, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		RangeBound lower;
		RangeBound upper;
		bool		empty;

		if (nulls[i])
			ValidationError(name, "business_hours holds a NULL period", hint);
		range_deserialize(typcache, DatumGetRangeTypeP(elems[i]), &lower, &upper, &empty);
		if (empty)
			continue;
		if (lower.infinite || upper.infinite)
			ValidationError(name, "a business period has no start or no end", hint);
		if (nperiods == CAL_MAX_PERIODS)
			ValidationError(name, psprintf("more than %d business periods a day", CAL_MAX_PERIODS),
							hint);
		lo[nperiods] = DatumGetTimeADT(lower.val);
		hi[nperiods] = DatumGetTimeADT(upper.val);
		nperiods++;
	}
	for (i = 0; i < nperiods; i++)
		for (j = 0; j < nperiods; j++)
			if (i != j && lo[i] < hi[j] && lo[j] < hi[i])
				ValidationError(name, "business periods overlap",
								"Merge overlapping periods into one.");
	return nperiods;
}

/*
 * CheckDayEnds
 *		day_ends (R-12.4, Civil Code art. 203(2)) is midnight or
 *		close_of_business, and close_of_business needs business hours
 *		(nperiods business periods a day; -1 when unknown).
 */
static void
CheckDayEnds(const char *name, const char *day_ends, int nperiods)
{
	if (strcmp(day_ends, CAL_DAY_ENDS_MIDNIGHT) == 0)
		return;
	if (strcmp(day_ends, CAL_DAY_ENDS_CLOSE) != 0)
	{
		int			len = strlen(day_ends);

		/* show at most 64 bytes of whatever was given */
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid calendar \"%s\": day_ends must be midnight or close_of_business, not \"%.*s\"%s",
						name, pg_mbcliplen(day_ends, len, 64), day_ends, len > 64 ? "..." : ""),
				 errdetail("day_ends says when a period counted in days ends: at 24:00 of its last day, "
						   "or at the close of business of that day (Civil Code art. 203)."),
				 errhint("Set day_ends to 'midnight' (the default, how hotline centres count) or 'close_of_business'.")));
	}
	if (nperiods == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid calendar \"%s\": day_ends is close_of_business but the calendar has no business hours",
						name),
				 errdetail("A period in days would end at the close of business of its last day, "
						   "and the days of this calendar have no business periods."),
				 errhint("Give the calendar business hours, or set day_ends to 'midnight' (24:00 of the last day).")));
}

/*
 * CheckWeekdays
 *		work_weekdays holds ISO weekday numbers 1..7.
 */
static void
CheckWeekdays(const char *name, ArrayType *arr)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;

	deconstruct_array(arr, INT2OID, sizeof(int16), true, TYPALIGN_SHORT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
		if (nulls[i] || DatumGetInt16(elems[i]) < 1 || DatumGetInt16(elems[i]) > 7)
			ValidationError(name, "work_weekdays must hold ISO weekdays from 1 (Monday) to 7 (Sunday)",
							"Use '{1,2,3,4,5}' for Monday to Friday.");
}

/*
 * hotline_calendar_check_base
 *		AFTER INSERT OR UPDATE row trigger on hotline.calendar: the chain of
 *		bases from the new row must end, without a cycle, within
 *		CAL_MAX_DEPTH levels.  An AFTER trigger sees every row the statement
 *		changed (a multi-row UPDATE cannot slip a cycle past it), and the
 *		lock serialises concurrent changes of bases, whose check then reads
 *		the committed rows.
 */
Datum
hotline_calendar_check_base(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	HeapTuple	tuple;
	TupleDesc	tupdesc;
	char	   *name;
	char	   *cur;
	char	   *seen[CAL_MAX_DEPTH + 1];
	int			depth = 0;
	int			i;
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_AFTER(trigdata->tg_event))
		elog(ERROR, "hotline_calendar_check_base: not called as an AFTER row trigger");
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;
	tupdesc = trigdata->tg_relation->rd_att;
	name = SPI_getvalue(tuple, tupdesc, SPI_fnumber(tupdesc, "name"));
	cur = SPI_getvalue(tuple, tupdesc, SPI_fnumber(tupdesc, "base"));
	if (name == NULL || cur == NULL)
		return PointerGetDatum(NULL);

	LockRelationOid(RelationGetRelid(trigdata->tg_relation), ShareRowExclusiveLock);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	seen[depth++] = name;
	while (cur != NULL)
	{
		for (i = 0; i < depth; i++)
			if (strcmp(seen[i], cur) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_RECURSION),
						 errmsg("calendar \"%s\" cannot be layered on \"%s\": the bases form a cycle",
								name, seen[1 < depth ? 1 : 0]),
						 errdetail("Following the bases from \"%s\" comes back to \"%s\".",
								   name, cur),
						 errhint("Choose a base calendar that does not depend on this one.")));
		if (depth > CAL_MAX_DEPTH)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("calendar \"%s\" would have more than %d levels of base calendars",
							name, CAL_MAX_DEPTH),
					 errhint("Layer the calendar on a calendar nearer the national one.")));
		seen[depth++] = cur;
		values[0] = CStringGetTextDatum(cur);
		/* not read-only: take a new snapshot, to see what the lock waited for */
		if (SPI_execute_with_args("SELECT base FROM hotline.calendar "
								  "WHERE name OPERATOR(pg_catalog.=) $1",
								  1, argtypes, values, NULL, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute_with_args failed");
		cur = SPI_processed == 1 ?
			SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1) : NULL;
	}
	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * CheckTimeZone
 *		A calendar's zone must be a named zone of pg_timezone_names: POSIX
 *		strings such as "UTC+8" would be accepted by pg_tzset but mean UTC-8.
 */
static void
CheckTimeZone(const char *name, const char *tzname)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];
	bool		known;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	values[0] = CStringGetTextDatum(tzname);
	if (SPI_execute_with_args("SELECT 1 FROM pg_catalog.pg_timezone_names "
							  "WHERE name OPERATOR(pg_catalog.=) $1",
							  1, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_with_args failed");
	known = SPI_processed > 0 && pg_tzset(tzname) != NULL;
	SPI_finish();
	if (!known)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" not recognized", tzname),
				 errdetail("Calendar \"%s\" needs a named time zone in which its days begin and end.", name),
				 errhint("Use a zone of pg_timezone_names, such as Asia/Shanghai or Asia/Urumqi.")));
}

/*
 * hotline_calendar_validate
 *		BEFORE INSERT OR UPDATE row trigger on hotline.calendar: the time zone
 *		must be a named zone, business hours sane, weekdays 1..7 and day_ends
 *		a known setting that the business hours allow (the chain of bases is
 *		checked by hotline_calendar_check_base).
 */
Datum
hotline_calendar_validate(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	HeapTuple	tuple;
	TupleDesc	tupdesc;
	bool		isnull;
	char	   *name;
	char	   *tzname;
	Datum		d;
	int			nperiods = -1;
	int			fnum;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(trigdata->tg_event))
		elog(ERROR, "hotline_calendar_validate: not called as a row trigger");
	tuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;
	tupdesc = trigdata->tg_relation->rd_att;

	name = SPI_getvalue(tuple, tupdesc, SPI_fnumber(tupdesc, "name"));
	if (name == NULL)
		name = "";

	tzname = SPI_getvalue(tuple, tupdesc, SPI_fnumber(tupdesc, "time_zone"));
	if (tzname != NULL)
		CheckTimeZone(name, tzname);

	d = SPI_getbinval(tuple, tupdesc, SPI_fnumber(tupdesc, "business_hours"), &isnull);
	if (!isnull)
		nperiods = CheckBusinessHours(name, DatumGetArrayTypeP(d));
	d = SPI_getbinval(tuple, tupdesc, SPI_fnumber(tupdesc, "work_weekdays"), &isnull);
	if (!isnull)
		CheckWeekdays(name, DatumGetArrayTypeP(d));

	/* day_ends is new in 0.2.0: not there while a 0.1.0 database updates */
	fnum = SPI_fnumber(tupdesc, "day_ends");
	if (fnum > 0)
	{
		char	   *day_ends = SPI_getvalue(tuple, tupdesc, fnum);

		if (day_ends != NULL)
			CheckDayEnds(name, day_ends, nperiods);
	}

	return PointerGetDatum(tuple);
}

/*
 * hotline_protect_builtin
 *		Trigger on the calendar and workflow tables: built-in rows (calendar
 *		cn, workflow appeal_12345) are written only by CREATE/ALTER EXTENSION
 *		and are read-only otherwise; TRUNCATE is refused while built-in rows
 *		exist.  Users layer their own calendar on a built-in one, or add
 *		their own limit rows, which keeps pg_dump (which leaves built-in
 *		rows out) and upgrades simple.
 */
Datum
hotline_protect_builtin(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	const char *relname;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "hotline_protect_builtin: not called as a trigger");
	relname = RelationGetRelationName(trigdata->tg_relation);

	if (creating_extension)
		return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
							   trigdata->tg_newtuple : trigdata->tg_trigtuple);

	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_RESTRICT_VIOLATION),
				 strncmp(relname, "workflow", 8) == 0 ?
				 errmsg("only the extension adds built-in workflow rows") :
				 errmsg("only the extension adds built-in calendar rows"),
				 errdetail("The new row of hotline.%s has builtin = true.", relname),
				 errhint("Leave builtin at its default, false: your rows are yours, and pg_dump keeps them.")));

	if (TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
	{
		bool		builtin_rows;
		char	   *sql = psprintf("SELECT 1 FROM hotline.%s WHERE builtin LIMIT 1",
								   quote_identifier(relname));

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		if (SPI_execute(sql, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute failed");
		builtin_rows = SPI_processed > 0;
		SPI_finish();
		if (!builtin_rows)
			return PointerGetDatum(NULL);
		ereport(ERROR,
				(errcode(ERRCODE_RESTRICT_VIOLATION),
				 errmsg("cannot truncate hotline.%s: it holds built-in calendar rows", relname),
				 errhint("Delete your own rows with DELETE ... WHERE NOT builtin.")));
	}

	if (strncmp(relname, "workflow", 8) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_RESTRICT_VIOLATION),
				 TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
				 errmsg("built-in workflow rows cannot be changed") :
				 errmsg("built-in workflow rows cannot be deleted"),
				 errdetail("The row of hotline.%s belongs to a workflow shipped with the extension.",
						   relname),
				 strcmp(relname, "workflow_limit") == 0 || strcmp(relname, "workflow_escalation") == 0 ?
				 errhint("Add a row of your own to hotline.%s with the same keys (it wins "
						 "over the built-in one), or register your variant under another name.", relname) :
				 errhint("Register your variant of the workflow under another name.")));
	ereport(ERROR,
			(errcode(ERRCODE_RESTRICT_VIOLATION),
			 TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
			 errmsg("built-in calendar rows cannot be changed") :
			 errmsg("built-in calendar rows cannot be deleted"),
			 errdetail("The row of hotline.%s belongs to a calendar shipped with the extension.",
					   relname),
			 errhint("Create your own calendar layered on it (INSERT INTO hotline.calendar "
					 "(name, base) VALUES ('mycity', 'cn')) and record your days there; "
					 "new days and years can also be added to the built-in calendar.")));
	PG_RETURN_NULL();			/* keep compiler quiet */
}

/*
 * hotline_calendar_invalidate
 *		AFTER statement trigger on the calendar tables: every backend drops
 *		its compiled calendars once this transaction commits (and this one
 *		from its next command on).
 */
Datum
hotline_calendar_invalidate(PG_FUNCTION_ARGS)
{
	return HotlineInvalTrigger(&CalendarInval, fcinfo, "hotline_calendar_invalidate");
}
