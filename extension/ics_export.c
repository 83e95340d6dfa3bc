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
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(hotline_export_ics);

static void IcsAppendLine(StringInfo out, const char *line, int len);
static void IcsAppendCString(StringInfo out, const char *line);
static void IcsAppendText(StringInfo buf, const char *s);
static void IcsAppendUidName(StringInfo buf, const char *s);

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
	for (; *s; s++)
	{
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

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')
			appendStringInfoChar(buf, (char) c);
		else
			appendStringInfo(buf, "%%%02X", c);
	}
}

/*
 * hotline_export_ics
 *		export_ics(calendar, from_day, to_day): the calendar's own days in
 *		the range as iCalendar text.
 *
 * Runs of consecutive days with the same kind, note and source make one
 * all-day VEVENT.  The kind goes into CATEGORIES (HOLIDAY / WORKDAY),
 * which import_ics reads before the SUMMARY, so a round trip keeps the
 * kinds whatever the notes say; X-HOTLINE-SOURCE keeps the source.
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
	StringInfoData out;
	StringInfoData line;
	StringInfoData stamp;
	Oid			argtypes[3] = {TEXTOID, DATEOID, DATEOID};
	Datum		values[3];
	struct pg_tm tm;
	fsec_t		fsec;
	int			ret;
	uint64		i;
	uint64		nrows;
	const char *holiday_summary;
	const char *workday_summary;
	int			enc = GetDatabaseEncoding();

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
		holiday_summary = "休息日";
		workday_summary = "上班";
	}
	else if (enc == PG_EUC_CN || enc == PG_EUC_TW || enc == PG_EUC_JP ||
			 enc == PG_MULE_INTERNAL)
	{
		holiday_summary = pg_any_to_server("休息日", strlen("休息日"), PG_UTF8);
		workday_summary = pg_any_to_server("上班", strlen("上班"), PG_UTF8);
	}
	else
	{
		holiday_summary = "day off";
		workday_summary = "working day";
	}

	/* DTSTAMP: the transaction start in UTC */
	if (timestamp2tm(GetCurrentTransactionStartTimestamp(), NULL, &tm, &fsec,
					 NULL, NULL) != 0)
		elog(ERROR, "transaction start timestamp out of range");
	initStringInfo(&stamp);
	appendStringInfo(&stamp, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year,
					 tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);

	/* both buffers live in the caller's context, not SPI's */
	initStringInfo(&out);
	initStringInfo(&line);

	IcsAppendCString(&out, "BEGIN:VCALENDAR");
	IcsAppendCString(&out, "VERSION:2.0");
	IcsAppendCString(&out, "PRODID:-//hotline//hotline calendar//ZH");
	IcsAppendCString(&out, "CALSCALE:GREGORIAN");
	IcsAppendCString(&out, "METHOD:PUBLISH");
	appendStringInfoString(&line, "X-WR-CALNAME:");
	IcsAppendText(&line, calname);
	IcsAppendLine(&out, line.data, line.len);
	resetStringInfo(&line);
	appendStringInfoString(&line, "X-WR-TIMEZONE:");
	IcsAppendText(&line, time_zone);
	IcsAppendLine(&out, line.data, line.len);

	values[0] = PointerGetDatum(calarg);
	values[1] = DateADTGetDatum(from_day);
	values[2] = DateADTGetDatum(to_day);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ret = SPI_execute_with_args(query, 3, argtypes, values, NULL, true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "reading the calendar's days failed: %s",
			 SPI_result_code_string(ret));

	nrows = SPI_processed;
	i = 0;
	while (i < nrows)
	{
		TupleDesc	td = SPI_tuptable->tupdesc;
		HeapTuple	t0 = SPI_tuptable->vals[i];
		bool		isnull;
		DateADT		first = DatumGetDateADT(SPI_getbinval(t0, td, 1, &isnull));
		char	   *kind = SPI_getvalue(t0, td, 2);
		char	   *note = SPI_getvalue(t0, td, 3);
		char	   *source = SPI_getvalue(t0, td, 4);
		DateADT		last = first;
		bool		workday = (strcmp(kind, "workday") == 0);
		int			y,
					m,
					d;
		uint64		j;

		CHECK_FOR_INTERRUPTS();

		/* the run: next day, same kind, same note, same source */
		for (j = i + 1; j < nrows; j++)
		{
			HeapTuple	t = SPI_tuptable->vals[j];
			DateADT		dj = DatumGetDateADT(SPI_getbinval(t, td, 1, &isnull));
			char	   *kj = SPI_getvalue(t, td, 2);
			char	   *nj = SPI_getvalue(t, td, 3);
			char	   *sj = SPI_getvalue(t, td, 4);

			if (dj != last + 1 || strcmp(kj, kind) != 0 ||
				(nj == NULL) != (note == NULL) ||
				(nj != NULL && strcmp(nj, note) != 0) ||
				(sj == NULL) != (source == NULL) ||
				(sj != NULL && strcmp(sj, source) != 0))
				break;
			last = dj;
		}

		IcsAppendCString(&out, "BEGIN:VEVENT");

		j2date(first + POSTGRES_EPOCH_JDATE, &y, &m, &d);
		resetStringInfo(&line);
		appendStringInfoString(&line, "UID:");
		IcsAppendUidName(&line, calname);
		appendStringInfo(&line, "-%04d%02d%02d-%s@hotline", y, m, d, kind);
		IcsAppendLine(&out, line.data, line.len);

		resetStringInfo(&line);
		appendStringInfo(&line, "DTSTAMP:%s", stamp.data);
		IcsAppendLine(&out, line.data, line.len);

		resetStringInfo(&line);
		appendStringInfo(&line, "DTSTART;VALUE=DATE:%04d%02d%02d", y, m, d);
		IcsAppendLine(&out, line.data, line.len);

		j2date(last + 1 + POSTGRES_EPOCH_JDATE, &y, &m, &d);
		resetStringInfo(&line);
		appendStringInfo(&line, "DTEND;VALUE=DATE:%04d%02d%02d", y, m, d);
		IcsAppendLine(&out, line.data, line.len);

		resetStringInfo(&line);
		appendStringInfoString(&line, "SUMMARY:");
		IcsAppendText(&line, note ? note :
					  (workday ? workday_summary : holiday_summary));
		IcsAppendLine(&out, line.data, line.len);

		IcsAppendCString(&out, workday ? "CATEGORIES:WORKDAY" :
						 "CATEGORIES:HOLIDAY");
		IcsAppendCString(&out, "TRANSP:TRANSPARENT");
		if (source != NULL)
		{
			resetStringInfo(&line);
			appendStringInfoString(&line, ICS_SOURCE_TAG ":");
			IcsAppendText(&line, source);
			IcsAppendLine(&out, line.data, line.len);
		}
		IcsAppendCString(&out, "END:VEVENT");

		i = j;
	}

	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");

	IcsAppendCString(&out, "END:VCALENDAR");

	PG_RETURN_TEXT_P(cstring_to_text_with_len(out.data, out.len));
}
