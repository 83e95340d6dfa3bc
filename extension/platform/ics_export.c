/*-------------------------------------------------------------------------
 *
 * ics_export.c
 *	  iCalendar export of working-day calendars:
 *	  hotline.export_ics(calendar, from_day, to_day).
 *
 * The export is plain string code over a StringInfo: it is easier to get
 * RFC 5545 folding right (never inside a UTF-8 character) that way than
 * through libical's writer.  Runs of consecutive days with the same kind,
 * note and source become one all-day event; CATEGORIES carries the kind so
 * that ics.c reads it back whatever the note says.
 *
 * A calendar holds at most one row per day from 1900 to 2199 (109,572),
 * but its notes and sources may be long when written with SQL: the rows
 * are read through a cursor, EXPORT_BATCH at a time, in memory reset per
 * batch, and every loop over them or over their text can be cancelled.
 * Only the text built grows with the calendar (at most 1 GB, PostgreSQL's
 * limit for a text value, which fails with 54000 past that).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "hotline.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(hotline_export_ics);

#define EXPORT_BATCH	1000	/* rows fetched from the cursor at a time */

/* A run of consecutive days with the same kind, note and source */
typedef struct IcsRun
{
	DateADT		first;
	DateADT		last;
	char	   *kind;			/* "holiday" or "workday" */
	char	   *note;			/* or NULL */
	char	   *source;			/* or NULL */
} IcsRun;

/* What every event of one export shares */
typedef struct IcsExport
{
	StringInfoData out;			/* the text built */
	StringInfoData line;		/* one content line, reused */
	const char *calname;
	const char *stamp;			/* DTSTAMP value */
	const char *holiday_summary;
	const char *workday_summary;
} IcsExport;

static void IcsAppendLine(StringInfo out, const char *line, int len);
static void IcsAppendCString(StringInfo out, const char *line);
static void IcsAppendText(StringInfo buf, const char *s);
static void IcsAppendUidName(StringInfo buf, const char *s);
static void IcsAppendEvent(IcsExport *ex, IcsRun *run);
static bool IcsSameText(const char *a, const char *b);

/*
 * IcsAppendLine
 *		Append one content line with CRLF, folded at 75 octets (RFC 5545
 *		3.1) between characters, never inside one: continuation lines
 *		start with a space, which counts in their 75.
 */
static void
IcsAppendLine(StringInfo out, const char *line, int len)
{
	int			i = 0;
	int			room = ICS_FOLD_OCTETS;

	while (i < len)
	{
		int			l = pg_mblen(line + i);

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (l > len - i)
			l = len - i;
		if (l > room)
		{
			appendStringInfoString(out, "\r\n ");
			room = ICS_FOLD_OCTETS - 1;
		}
		appendBinaryStringInfo(out, line + i, l);
		room -= l;
		i += l;
	}
	appendStringInfoString(out, "\r\n");
}

/*
 * IcsAppendCString
 *		IcsAppendLine for a NUL-terminated line.
 */
static void
IcsAppendCString(StringInfo out, const char *line)
{
	IcsAppendLine(out, line, strlen(line));
}

/*
 * IcsAppendText
 *		Append a TEXT value escaped as RFC 5545 3.3.11 wants: backslash,
 *		semicolon, comma and newline; other control characters (not
 *		allowed in TEXT) become spaces.
 */
static void
IcsAppendText(StringInfo buf, const char *s)
{
	const char *s0 = s;

	for (; *s; s++)
	{
		if (((s - s0) & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		switch (*s)
		{
			case '\\':
				appendStringInfoString(buf, "\\\\");
				break;
			case ';':
				appendStringInfoString(buf, "\\;");
				break;
			case ',':
				appendStringInfoString(buf, "\\,");
				break;
			case '\n':
				appendStringInfoString(buf, "\\n");
				break;
			case '\r':
				if (s[1] != '\n')
					appendStringInfoString(buf, "\\n");
				break;
			default:
				if ((unsigned char) *s < 0x20 || *s == 0x7f)
					appendStringInfoChar(buf, ' ');
				else
					appendStringInfoChar(buf, *s);
				break;
		}
	}
}

/*
 * IcsAppendUidName
 *		The calendar name as it goes into a UID: letters, digits, "." "_"
 *		"-" as they are, every other byte as %XX, so the UID is plain ASCII
 *		and two calendars never share one.
 */
static void
IcsAppendUidName(StringInfo buf, const char *s)
{
	for (; *s; s++)
	{
		unsigned char c = (unsigned char) *s;

		/* a calendar name is at most 63 bytes (CAL_NAME_MAX) */
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')
			appendStringInfoChar(buf, (char) c);
		else
			appendStringInfo(buf, "%%%02X", c);
	}
}

/*
 * IcsSameText
 *		Whether two nullable strings are equal.
 */
static bool
IcsSameText(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * IcsAppendEvent
 *		Append the all-day VEVENT of one run of days.
 */
static void
IcsAppendEvent(IcsExport *ex, IcsRun *run)
{
	StringInfo	line = &ex->line;
	bool		workday = (strcmp(run->kind, "workday") == 0);
	int			y,
				m,
				d;

	IcsAppendCString(&ex->out, "BEGIN:VEVENT");

	j2date(run->first + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	resetStringInfo(line);
	appendStringInfoString(line, "UID:");
	IcsAppendUidName(line, ex->calname);
	appendStringInfo(line, "-%04d%02d%02d-%s@hotline", y, m, d, run->kind);
	IcsAppendLine(&ex->out, line->data, line->len);

	resetStringInfo(line);
	appendStringInfo(line, "DTSTAMP:%s", ex->stamp);
	IcsAppendLine(&ex->out, line->data, line->len);

	resetStringInfo(line);
	appendStringInfo(line, "DTSTART;VALUE=DATE:%04d%02d%02d", y, m, d);
	IcsAppendLine(&ex->out, line->data, line->len);

	j2date(run->last + 1 + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	resetStringInfo(line);
	appendStringInfo(line, "DTEND;VALUE=DATE:%04d%02d%02d", y, m, d);
	IcsAppendLine(&ex->out, line->data, line->len);

	resetStringInfo(line);
	appendStringInfoString(line, "SUMMARY:");
	IcsAppendText(line, run->note ? run->note :
				  (workday ? ex->workday_summary : ex->holiday_summary));
	IcsAppendLine(&ex->out, line->data, line->len);

	IcsAppendCString(&ex->out, workday ? "CATEGORIES:WORKDAY" :
					 "CATEGORIES:HOLIDAY");
	IcsAppendCString(&ex->out, "TRANSP:TRANSPARENT");
	if (run->source != NULL)
	{
		resetStringInfo(line);
		appendStringInfoString(line, ICS_SOURCE_TAG ":");
		IcsAppendText(line, run->source);
		IcsAppendLine(&ex->out, line->data, line->len);
	}
	IcsAppendCString(&ex->out, "END:VEVENT");
}

/*
 * hotline_export_ics
 *		export_ics(calendar, from_day, to_day): the calendar's own days in
 *		the range as iCalendar text.
 *
 * Runs of consecutive days with the same kind, note and source make one
 * all-day VEVENT.  The kind goes into CATEGORIES (HOLIDAY / WORKDAY),
 * which import_ics reads before the SUMMARY, so a round trip keeps the
 * kinds whatever the notes say; X-HOTLINE-SOURCE keeps the source.  The
 * rows come through a cursor, EXPORT_BATCH at a time; the open run is
 * kept in its own memory, reset when the next run begins.
 */
Datum
hotline_export_ics(PG_FUNCTION_ARGS)
{
	static const char *query =
		"SELECT d.day, d.kind::pg_catalog.text, d.note, d.source"
		" FROM hotline.calendar_day d"
		" WHERE d.calendar OPERATOR(pg_catalog.=) $1"
		" AND d.day OPERATOR(pg_catalog.>=) $2"
		" AND d.day OPERATOR(pg_catalog.<=) $3"
		" ORDER BY d.day";
	text	   *calarg = PG_GETARG_TEXT_PP(0);
	char	   *calname = text_to_cstring(calarg);
	DateADT		from_day = PG_GETARG_DATEADT(1);
	DateADT		to_day = PG_GETARG_DATEADT(2);
	HotlineCalendar *cal;
	char	   *time_zone;
	IcsExport	ex;
	IcsRun		run;
	bool		have_run = false;
	StringInfoData stamp;
	Oid			argtypes[3] = {TEXTOID, DATEOID, DATEOID};
	Datum		values[3];
	struct pg_tm tm;
	fsec_t		fsec;
	Portal		portal;
	MemoryContext fncxt = CurrentMemoryContext;
	MemoryContext runcxt;
	MemoryContext batchcxt;
	int			enc = GetDatabaseEncoding();
	text	   *result;

	if (from_day > to_day)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("from_day %s is after to_day %s",
						DatumGetCString(DirectFunctionCall1(date_out,
															DateADTGetDatum(from_day))),
						DatumGetCString(DirectFunctionCall1(date_out,
															DateADTGetDatum(to_day)))),
				 errhint("Swap the two days.")));

	cal = HotlineCalendarGetByCString(calname);
	time_zone = pstrdup(cal->time_zone);

	/* default SUMMARY; in a database that cannot hold them, in English */
	if (enc == PG_UTF8 || enc == PG_SQL_ASCII)
	{
		ex.holiday_summary = "休息日";
		ex.workday_summary = "上班";
	}
	else if (enc == PG_EUC_CN || enc == PG_EUC_TW || enc == PG_EUC_JP ||
			 enc == PG_MULE_INTERNAL)
	{
		ex.holiday_summary = pg_any_to_server("休息日", strlen("休息日"), PG_UTF8);
		ex.workday_summary = pg_any_to_server("上班", strlen("上班"), PG_UTF8);
	}
	else
	{
		ex.holiday_summary = "day off";
		ex.workday_summary = "working day";
	}

	/* DTSTAMP: the transaction start in UTC */
	if (timestamp2tm(GetCurrentTransactionStartTimestamp(), NULL, &tm, &fsec,
					 NULL, NULL) != 0)
		elog(ERROR, "transaction start timestamp out of range");
	initStringInfo(&stamp);
	appendStringInfo(&stamp, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year,
					 tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	ex.stamp = stamp.data;
	ex.calname = calname;

	/* both buffers live in the function's context, not SPI's */
	initStringInfo(&ex.out);
	initStringInfo(&ex.line);
	runcxt = AllocSetContextCreate(fncxt, "hotline export run",
								   ALLOCSET_DEFAULT_SIZES);
	batchcxt = AllocSetContextCreate(fncxt, "hotline export batch",
									 ALLOCSET_DEFAULT_SIZES);

	IcsAppendCString(&ex.out, "BEGIN:VCALENDAR");
	IcsAppendCString(&ex.out, "VERSION:2.0");
	IcsAppendCString(&ex.out, "PRODID:-//hotline//hotline calendar//ZH");
	IcsAppendCString(&ex.out, "CALSCALE:GREGORIAN");
	IcsAppendCString(&ex.out, "METHOD:PUBLISH");
	appendStringInfoString(&ex.line, "X-WR-CALNAME:");
	IcsAppendText(&ex.line, calname);
	IcsAppendLine(&ex.out, ex.line.data, ex.line.len);
	resetStringInfo(&ex.line);
	appendStringInfoString(&ex.line, "X-WR-TIMEZONE:");
	IcsAppendText(&ex.line, time_zone);
	IcsAppendLine(&ex.out, ex.line.data, ex.line.len);

	values[0] = PointerGetDatum(calarg);
	values[1] = DateADTGetDatum(from_day);
	values[2] = DateADTGetDatum(to_day);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	portal = SPI_cursor_open_with_args(NULL, query, 3, argtypes, values, NULL,
									   true, CURSOR_OPT_NO_SCROLL);
	if (portal == NULL)
		elog(ERROR, "reading the calendar's days failed: %s",
			 SPI_result_code_string(SPI_result));

	for (;;)
	{
		uint64		i;
		TupleDesc	td;

		CHECK_FOR_INTERRUPTS();
		SPI_cursor_fetch(portal, true, EXPORT_BATCH);
		if (SPI_processed == 0)
			break;
		td = SPI_tuptable->tupdesc;
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	t = SPI_tuptable->vals[i];
			MemoryContext old;
			bool		isnull;
			DateADT		day;
			char	   *kind;
			char	   *note;
			char	   *source;

			CHECK_FOR_INTERRUPTS();
			old = MemoryContextSwitchTo(batchcxt);
			day = DatumGetDateADT(SPI_getbinval(t, td, 1, &isnull));
			kind = SPI_getvalue(t, td, 2);
			note = SPI_getvalue(t, td, 3);
			source = SPI_getvalue(t, td, 4);

			/* the run goes on: next day, same kind, same note, same source */
			if (have_run && day == run.last + 1 &&
				strcmp(kind, run.kind) == 0 && IcsSameText(note, run.note) &&
				IcsSameText(source, run.source))
			{
				run.last = day;
				MemoryContextSwitchTo(old);
				continue;
			}

			/* the run ends; a new one begins with this day */
			MemoryContextSwitchTo(fncxt);
			if (have_run)
				IcsAppendEvent(&ex, &run);
			MemoryContextReset(runcxt);
			MemoryContextSwitchTo(runcxt);
			run.first = run.last = day;
			run.kind = pstrdup(kind);
			run.note = note ? pstrdup(note) : NULL;
			run.source = source ? pstrdup(source) : NULL;
			have_run = true;
			MemoryContextSwitchTo(old);
		}
		SPI_freetuptable(SPI_tuptable);
		MemoryContextReset(batchcxt);
	}
	SPI_cursor_close(portal);

	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");

	if (have_run)
		IcsAppendEvent(&ex, &run);
	IcsAppendCString(&ex.out, "END:VCALENDAR");

	result = cstring_to_text_with_len(ex.out.data, ex.out.len);
	pfree(ex.out.data);
	MemoryContextDelete(runcxt);
	MemoryContextDelete(batchcxt);
	PG_RETURN_TEXT_P(result);
}
