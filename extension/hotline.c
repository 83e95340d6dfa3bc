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

#include "utils/guc.h"

#include "hotline.h"

PG_MODULE_MAGIC;

/* Settings, documented in README's Configuration table */
bool		hotline_warn_uncovered = true;
int			hotline_rrule_horizon_years = 10;

void		_PG_init(void);

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

#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("hotline");
#else
	EmitWarningsOnPlaceholders("hotline");
#endif

	HotlineCalendarInit();
	HotlineEngineInit();
}
