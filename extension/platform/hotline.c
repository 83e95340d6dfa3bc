/*-------------------------------------------------------------------------
 *
 * hotline.c
 *	  Module entry point of the hotline extension: the module magic, the
 *	  settings (GUCs) and the initialisation of each part.
 *
 * Like pgvector, _PG_init only defines settings and calls one init function
 * per concern.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/indexing.h"
#include "catalog/pg_extension.h"
#include "commands/extension.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"

#include <limits.h>

#include "utils/guc.h"

#include "hotline.h"

PG_MODULE_MAGIC;

/* Settings, documented in README's Configuration table */
bool		hotline_warn_uncovered = true;
int			hotline_rrule_horizon_years = 10;

/*
 * Settings of the scheduled jobs: the SQL (extension/platform/sql/70_jobs.sql,
 * extension/domain/sql/60_jobs.sql) reads them with hotline.setting, whose
 * call loads this library, so the defaults below are their only ones.
 */
static double hotline_callback_share = 1.0;
static int	hotline_archive_after = 7 * 24 * 60;	/* minutes */
static int	hotline_job_run_retention = 30 * 24 * 60;	/* minutes */
static int	hotline_history_check_margin = 60;	/* minutes */
static int	hotline_statistics_margin = 60;	/* minutes */
static char *hotline_report_calendar = NULL;
static char *hotline_cron_connection = NULL;

void		_PG_init(void);

PG_FUNCTION_INFO_V1(hotline_setting);

/*
 * _PG_init
 *		Define the hotline.* settings and initialise the calendar cache.
 *
 * The library may be loaded in any backend that calls one of its functions;
 * nothing here needs shared memory, so shared_preload_libraries is not
 * required.
 */
void
_PG_init(void)
{
	DefineCustomBoolVariable("hotline.warn_uncovered",
							 "Warn when a computation uses a year the calendar has no holiday data for.",
							 "Such days count by the weekly rule only (R-12.1); the warning says which "
							 "holiday notice to import.",
							 &hotline_warn_uncovered,
							 true,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);

	DefineCustomIntVariable("hotline.rrule_horizon_years",
							"How many years after the current one an open-ended iCalendar RRULE is expanded.",
							"hotline.import_ics expands a rule without COUNT or UNTIL through "
							"31 December of the current year plus this many years.",
							&hotline_rrule_horizon_years,
							10,
							0,
							100,
							PGC_USERSET,
							0,
							NULL, NULL, NULL);

	DefineCustomRealVariable("hotline.callback_share",
							 "The share of reviewed orders the callback sampling job chooses for a callback (R-7.1).",
							 "1 calls every handled order back, 0 none; hotline.sample_callbacks decides "
							 "per order from a hash of its number, so a rerun decides the same.",
							 &hotline_callback_share,
							 1.0,
							 0.0,
							 1.0,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);

	DefineCustomIntVariable("hotline.archive_after",
							"How long an order stays closed before the archive job files it (R-8.1).",
							"hotline.archive_closed archives closed and directly answered orders "
							"closed longer ago than this.",
							&hotline_archive_after,
							7 * 24 * 60,
							0,
							INT_MAX,
							PGC_USERSET,
							GUC_UNIT_MIN,
							NULL, NULL, NULL);

	DefineCustomIntVariable("hotline.job_run_retention",
							"How long hotline.job_run keeps the record of a job run.",
							"hotline.log_job_run removes older runs as it records a new one.",
							&hotline_job_run_retention,
							30 * 24 * 60,
							60,
							INT_MAX,
							PGC_USERSET,
							GUC_UNIT_MIN,
							NULL, NULL, NULL);

	DefineCustomIntVariable("hotline.history_check_margin",
							"How far before its last start the history chain job looks again.",
							"hotline.check_histories checks the orders with events recorded since "
							"its last run's start less this: an event of a transaction that was "
							"open then is recorded at that transaction's start (R-1.6).",
							&hotline_history_check_margin,
							60,
							0,
							INT_MAX,
							PGC_USERSET,
							GUC_UNIT_MIN,
							NULL, NULL, NULL);

	DefineCustomIntVariable("hotline.statistics_margin",
							"How far before its last start the statistics job looks again.",
							"hotline.refresh_statistics folds the orders with events recorded since "
							"its last run's start less this into the facts and rollups: an event of "
							"a transaction that was open then is recorded at that transaction's start (R-14.1).",
							&hotline_statistics_margin,
							60,
							0,
							INT_MAX,
							PGC_USERSET,
							GUC_UNIT_MIN,
							NULL, NULL, NULL);

	DefineCustomStringVariable("hotline.report_calendar",
							   "The calendar whose time zone the reports count hours, days and months in.",
							   "hotline.report_time_zone() is its time zone (R-9.1).",
							   &hotline_report_calendar,
							   "cn",
							   PGC_USERSET,
							   0,
							   NULL, NULL, NULL);

	DefineCustomStringVariable("hotline.cron_connection",
							   "How hotline.schedule_jobs reaches pg_cron's database from another database.",
							   "A libpq connection string or a dblink foreign server name; empty: "
							   "the database cron.database_name on this server, through cron.host and "
							   "this server's port, as the extension's owner.",
							   &hotline_cron_connection,
							   "",
							   PGC_SUSET,
							   GUC_SUPERUSER_ONLY,
							   NULL, NULL, NULL);

#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("hotline");
#else
	EmitWarningsOnPlaceholders("hotline");
#endif

	HotlineCalendarInit();
	HotlineEngineInit();
}

/*
 * HotlineCheckVersion
 *		The engine reads and writes the tables of its own version: in a
 *		database whose extension is older (the library of a new version was
 *		installed, ALTER EXTENSION hotline UPDATE not run yet) it says so
 *		instead of failing on a missing column.  Once the versions agree the
 *		answer is kept for the life of the backend (an extension is never
 *		downgraded); until then every call looks again, so that an update
 *		made by another session is seen at once.
 */
void
HotlineCheckVersion(void)
{
	static bool checked = false;
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	char	   *version = NULL;

	if (checked)
		return;
	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber, F_NAMEEQ,
				CStringGetDatum("hotline"));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		bool		isnull;
		Datum		d = heap_getattr(tuple, Anum_pg_extension_extversion, RelationGetDescr(rel), &isnull);

		if (!isnull)
			version = text_to_cstring(DatumGetTextPP(d));
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);

	if (version == NULL || creating_extension)
		return;					/* being created or updated: its script knows */
	if (strcmp(version, HOTLINE_VERSION) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("extension hotline is at version %s in this database, its library at version %s",
						version, HOTLINE_VERSION),
				 errdetail("The library of a new version was installed, and the database's tables are still those of the old one."),
				 errhint("Run ALTER EXTENSION hotline UPDATE in this database.")));
	checked = true;
}

/*
 * hotline_setting
 *		SQL: hotline.setting(name) -> the value of the hotline.* setting name
 *		as SHOW gives it (with its unit).  Calling it loads this library,
 *		which defines the settings with their defaults (_PG_init): the SQL
 *		reads the settings through it and writes no default of its own.
 */
Datum
hotline_setting(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));

	if (strncmp(name, "hotline.", 8) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hotline.setting reads hotline.* settings only, not \"%s\"", name),
				 errhint("Use current_setting for other settings.")));
	PG_RETURN_TEXT_P(cstring_to_text(GetConfigOptionByName(name, NULL, false)));
}
