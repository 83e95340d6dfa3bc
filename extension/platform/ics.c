/*-------------------------------------------------------------------------
 *
 * ics.c
 *	  iCalendar import of working-day calendars (R-12.2).
 *
 * import_ics(calendar, ics, as_kind, source, years) records the days an
 * iCalendar text declares in hotline.calendar_day, and the years it covers
 * in hotline.calendar_year.  export_ics(calendar, from_day, to_day) writes
 * a calendar's own days back as iCalendar text.
 *
 * The import runs in three stages, and nothing is written before the last:
 *
 *	1. A pre-pass over the raw bytes (IcsPrepass): line ends, unfolding at
 *	   the byte level (so that a fold in the middle of a UTF-8 character is
 *	   repaired), BOM, UTF-8 validation, BEGIN/END structure, and our own
 *	   check of every date the events hold (libical accepts 20230230).  It
 *	   keeps the physical line number of everything it reports on, and
 *	   tags each VEVENT with an X-HOTLINE-EVENT property holding its index,
 *	   so that what libical returns can be matched to its lines.
 *
 *	2. libical parses the normalised text; the events are expanded
 *	   (RRULE, RDATE, EXDATE) into days of the calendar's time zone, and
 *	   classified as holidays or working days.  All libical objects live
 *	   inside one PG_TRY block whose PG_FINALLY frees them.
 *
 *	3. The days are deduplicated and written with one SPI statement; the
 *	   coverage years with another.
 *
 * libical runs without interruption and outside PostgreSQL's memory
 * accounting, and some of its work grows faster than its input (a long
 * line is re-scanned for every 80 bytes, a parameter list for every
 * parameter; a rule whose periods yield no day is searched to the year
 * 2582).  So what it may be given is bounded before it sees anything:
 * at most 16 MB of text, logical lines of at most 8,000 bytes (the limit
 * newer libical versions apply themselves) with at most 10 parameters,
 * at most 50,000 content lines (each value of a comma-separated list
 * counted, at most 500 in one list), components nested at most 32 deep,
 * at most 20 time zone rules of the usual yearly kind (IcsCheckZoneRule)
 * and 1,000 times converted through them (IcsToTimestamp), and event
 * rules that repeat at most daily and give a day in every period they
 * step through (IcsCheckRuleShape), within a budget of expansion steps.
 * What is written is bounded too: at most 10,000 declared days, notes and
 * sources of at most 200 characters.  Within those bounds the worst input
 * costs well under a second (README, "Importing and exporting
 * iCalendar", test/bench/ics.sql); every loop over the input checks for
 * interrupts.
 *
 * The export is in ics_export.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "hotline.h"

#include <libical/ical.h>

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(hotline_import_ics_text);
PG_FUNCTION_INFO_V1(hotline_import_ics_bytea);

#define ICS_MAX_DAYS		10000	/* days one file may declare (R-12.2) */
#define ICS_MAX_BYTES		(16 * 1024 * 1024)	/* libical holds it all */
#define ICS_MAX_LINE_BYTES	8000	/* one logical line, after unfolding */
#define ICS_MAX_LINES		50000	/* content lines and list values */
#define ICS_MAX_PARAMS		10	/* parameters of one content line */
#define ICS_MAX_LIST_VALUES	500 /* libical drops the values after these */
#define ICS_MAX_TEXT_CHARS	200 /* a day's note or source */
#define ICS_MAX_RULE_STEPS	40000	/* weighted RRULE expansion steps */
#define ICS_MAX_ZONE_TIMES	1000	/* times read through a VTIMEZONE */
#define ICS_MAX_DEPTH		32	/* libical frees components recursively */
#define ICS_MAX_ZONE_RULES	20 /* RRULEs in VTIMEZONE observances */
#define ICS_MIN_ZONE_YEAR	1600	/* earliest start of an observance */
#define ICS_QUOTE_CHARS		60	/* how much of a line errors quote */
#define ICS_EVENT_TAG		"X-HOTLINE-EVENT"

/* The properties of a VEVENT the pre-pass records the lines of */
typedef enum IcsPropId
{
	ICS_DTSTART,
	ICS_DTEND,
	ICS_DURATION,
	ICS_RRULE,
	ICS_RDATE,
	ICS_EXDATE,
	ICS_NPROPS
} IcsPropId;

static const char *const ics_prop_names[ICS_NPROPS] = {
	"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE"
};

/* Where a logical line is: its first physical line, its bytes in out */
typedef struct IcsLineRef
{
	int			line;			/* 0 = none */
	int			offset;
	int			len;
} IcsLineRef;

/* What the pre-pass learnt about the k-th VEVENT */
typedef struct IcsEventInfo
{
	int			begin_line;
	IcsLineRef	prop[ICS_NPROPS];	/* first occurrence of each */
	int			nprop[ICS_NPROPS];
	int			summary_line;	/* first SUMMARY, or 0 */
	int			xsource_line;	/* first X-HOTLINE-SOURCE, or 0 */
} IcsEventInfo;

/* Result of the pre-pass */
typedef struct IcsText
{
	StringInfoData out;			/* normalised text, one logical line per \n */
	IcsEventInfo *events;
	int			nevents;
	int			maxevents;
	int			calname_line;	/* first X-WR-CALNAME of a VCALENDAR, or 0 */
	int			prodid_line;	/* first PRODID of a VCALENDAR, or 0 */
} IcsText;

/* Working state of the pre-pass */
typedef struct IcsPrepassState
{
	IcsText    *it;
	int			line_start;		/* offset in out of the open logical line */
	int			line_no;		/* its first physical line */
	int			last_phys;		/* last physical line seen */
	int		   *seg_off;		/* folds of the open logical line: where */
	int		   *seg_line;		/* each physical piece starts, and its line */
	int			nseg;
	int			maxseg;
	int			nlogical;		/* logical lines finished */
	int			nlines;			/* content lines and list values so far */
	char	   *stack_name[ICS_MAX_DEPTH];	/* open components */
	int			stack_line[ICS_MAX_DEPTH];
	int			depth;
	int			nzonerules;		/* RRULEs of VTIMEZONE observances */
	int			cur_event;		/* index of the open VEVENT, or -1 */
	int			event_depth;	/* depth at which its properties sit */
} IcsPrepassState;

/* How a DATE-TIME value's local fields become an instant */
typedef enum IcsZoneKind
{
	ICS_ZONE_UTC,				/* ...Z */
	ICS_ZONE_PG,				/* floating (calendar's zone) or known TZID */
	ICS_ZONE_ICAL				/* TZID defined by the file's VTIMEZONE */
} IcsZoneKind;

typedef struct IcsZone
{
	IcsZoneKind kind;
	pg_tz	   *pgtz;
	icaltimezone *itz;
} IcsZone;

/* One declared day */
typedef struct IcsDay
{
	DateADT		day;
	bool		workday;
	int			seq;			/* declaration order, for determinism */
	int			event;			/* index of the event (note, source) */
} IcsDay;

/* The properties of one VEVENT that matter, collected in one walk */
typedef struct IcsEventProps
{
	long		event;			/* X-HOTLINE-EVENT: index of the event */
	icalcomponent *vcal;		/* its VCALENDAR (for VTIMEZONE) */
	icalproperty *dtstart;
	icalproperty *dtend;
	icalproperty *duration;
	icalproperty *status;
	icalproperty *summary;
	List	   *rrules;
	List	   *rdates;
	List	   *exdates;
	List	   *cats;
	List	   *errs;			/* X-LIC-ERROR */
	const char *xsource;		/* X-HOTLINE-SOURCE */
} IcsEventProps;

/* The event being expanded */
typedef struct IcsEventCtx
{
	int			event;
	IcsEventInfo *info;
	int			begin_line;
	struct icaltimetype start;	/* DTSTART */
	IcsZone		zone;			/* its zone, if a date-time */
	TimestampTz start_ts;		/* its instant, if a date-time */
	bool		allday;
	bool		workday;
	int			ndays;			/* length of an all-day event */
	int64		length;			/* length of a timed event, microseconds */
	DateADT    *exdays;			/* EXDATE as days */
	int			nexdays;
	TimestampTz *exts;			/* EXDATE as instants */
	int			nexts;
} IcsEventCtx;

/* State of one import */
typedef struct IcsImport
{
	pg_tz	   *caltz;			/* the calendar's zone (copied: see below) */
	int			forced_kind;	/* -1 none, 0 holiday, 1 workday */
	char	   *source_arg;		/* the source argument, or NULL */
	IcsText    *text;
	MemoryContext cxt;			/* where results go */
	MemoryContext eventcxt;		/* per-event scratch, reset per event */
	DateADT		horizon_end;	/* last day of an unbounded RRULE */
	int			rule_steps;		/* RRULE expansion charged so far */
	int			zone_times;		/* times converted by libical so far */
	/* libical objects, freed by PG_FINALLY */
	icalcomponent *root;
	icalrecur_iterator *iter;
	/* results */
	IcsDay	   *days;
	int			ndays;
	int			maxdays;
	char	  **notes;			/* per event, server encoding */
	char	  **sources;		/* per event, server encoding */
	char	   *file_source;	/* X-WR-CALNAME or PRODID based */
} IcsImport;

static bool ics_libical_ready = false;

static char *IcsQuote(const char *s, int len, int maxchars);
static bool IcsNameIs(const char *s, int len, const char *name);
static void IcsPrepass(IcsText *it, const char *raw, int len);
static void IcsLineTooLong(int line, const char *s, int len);
static int	IcsCountLine(IcsPrepassState *ps, const char *l, int n,
						 int namelen);
static void IcsTooManyLines(int line);
static void IcsAddSegment(IcsPrepassState *ps, int offset, int line);
static int	IcsSegmentLine(IcsPrepassState *ps, int offset);
static void IcsFinishLine(IcsPrepassState *ps);
static int	IcsBeginComponent(IcsPrepassState *ps, const char *comp,
							  int complen);
static void IcsEndComponent(IcsPrepassState *ps, const char *comp,
							int complen);
static void IcsCheckProperty(IcsPrepassState *ps, IcsPropId id,
							 const char *l, int n, int namelen);
static void IcsCheckDateToken(int line, const char *what, const char *tok,
							  int len, int valuetype);
static void IcsCheckZoneRule(IcsPrepassState *ps, const char *l, int n,
							 int namelen);
static void IcsCheckZoneStart(IcsPrepassState *ps, const char *l, int n,
							  int namelen);
static void IcsReadCalendar(IcsImport *st);
static void IcsCollectProps(icalcomponent *ev, IcsEventProps *ep);
static void IcsCheckParsed(IcsImport *st, IcsEventInfo *info,
						   IcsEventProps *ep);
static bool IcsEventIsWorkday(IcsImport *st, IcsEventProps *ep);
static void IcsEventLength(IcsImport *st, IcsEventCtx *ctx,
						   IcsEventProps *ep);
static void IcsEventExdates(IcsImport *st, IcsEventCtx *ctx,
							IcsEventProps *ep);
static char *IcsRuleQuote(IcsImport *st, IcsEventInfo *info);
static int	IcsListLen(const short *list, int size);
static bool IcsSevenDays(const short *md, int nmd);
static void IcsCheckRuleShape(IcsImport *st, IcsEventCtx *ctx,
							  struct icalrecurrencetype *rec);
static void IcsExpandRrule(IcsImport *st, IcsEventCtx *ctx, icalproperty *p);
static void IcsExpandRdate(IcsImport *st, IcsEventCtx *ctx,
						   IcsEventProps *ep, icalproperty *p);
static void IcsReadEvent(IcsImport *st, icalcomponent *ev, bool *seen);
static void IcsPropError(IcsImport *st, IcsEventInfo *info, IcsPropId id,
						 const char *why);
static bool IcsErrorNames(const char *msg, const char *name);
static int	IcsPropLine(IcsEventInfo *info, IcsPropId id);
static IcsZone IcsResolveZone(IcsImport *st, icalproperty *p,
							  struct icaltimetype tt, icalcomponent *vcal,
							  int line, const char *what);
static TimestampTz IcsToTimestamp(IcsImport *st, struct icaltimetype tt,
								  IcsZone zone,
								  int line, const char *what);
static DateADT IcsTtDay(struct icaltimetype tt, int line, const char *what);
static DateADT IcsLocalDay(TimestampTz ts, pg_tz *tz, bool *midnight);
static void IcsAddDate(IcsImport *st, IcsEventCtx *ev, DateADT d, int ndays,
					   int line, const char *what);
static void IcsAddSpan(IcsImport *st, IcsEventCtx *ev, TimestampTz s,
					   TimestampTz e, int line, const char *what);
static void IcsAddDays(IcsImport *st, IcsEventCtx *ev, DateADT d0,
					   DateADT d1, int line, const char *what);
static void IcsTooManyDays(IcsEventCtx *ev);
static bool IcsCategoryIs(const char *cats, const char *const *words);
static char *IcsToServer(const char *s, MemoryContext cxt, int line);
static void IcsConvertErrorContext(void *arg);
static void IcsCheckText(const char *s, int line, const char *what,
						 const char *role, const char *hint);
static char *IcsFormatDay(DateADT d);
static int	IcsDayCmp(const void *a, const void *b);
static int	IcsDateCmp(const void *a, const void *b);
static int	IcsTsCmp(const void *a, const void *b);
static int32 IcsImportRaw(FunctionCallInfo fcinfo, const char *raw, int len);
static void IcsTooLarge(int len);
static int32 IcsWrite(const char *calname, IcsImport *st, ArrayType *years,
					  bool derive_years);

/*
 * HotlineLibicalInit
 *		Make libical report errors instead of abort()ing (R-12.2); for every
 *		file that calls libical (ics.c, itip.c).
 *
 * Depending on how it was built, libical calls abort() on the first
 * malformed input; a backend must never do that.  The setting is global
 * to the process, so it is made once, lazily.
 */
void
HotlineLibicalInit(void)
{
	if (!ics_libical_ready)
	{
		icalerror_set_errors_are_fatal(0);
		ics_libical_ready = true;
	}
}

/*
 * IcsQuote
 *		A piece of input fit to quote in an error message.
 *
 * At most maxchars characters; control characters, bytes that are not
 * valid UTF-8 and (in a database that is not UTF-8) non-ASCII characters
 * are written as \xNN, so that a message never carries invalid text.
 * "..." marks a cut.
 */
static char *
IcsQuote(const char *s, int len, int maxchars)
{
	StringInfoData b;
	int			i = 0;
	int			nchars = 0;
	bool		utf8db = (GetDatabaseEncoding() == PG_UTF8);

	initStringInfo(&b);
	while (i < len && nchars < maxchars)
	{
		unsigned char c = (unsigned char) s[i];

		if (c < 0x80)
		{
			if (c < 0x20 || c == 0x7f)
				appendStringInfo(&b, "\\x%02x", c);
			else
				appendStringInfoChar(&b, (char) c);
			i++;
		}
		else
		{
			int			l = pg_utf_mblen((const unsigned char *) s + i);

			if (utf8db && i + l <= len &&
				pg_encoding_verifymbchar(PG_UTF8, s + i, l) == l)
			{
				appendBinaryStringInfo(&b, s + i, l);
				i += l;
			}
			else
			{
				appendStringInfo(&b, "\\x%02x", c);
				i++;
			}
		}
		nchars++;
	}
	if (i < len)
		appendStringInfoString(&b, "...");
	return b.data;
}

/*
 * IcsNameIs
 *		Whether s[0..len) is the iCalendar name "name" (case-insensitive,
 *		as RFC 5545 3.1 wants).
 */
static bool
IcsNameIs(const char *s, int len, const char *name)
{
	return (int) strlen(name) == len && pg_strncasecmp(s, name, len) == 0;
}

/*
 * IcsAddSegment
 *		Remember that the open logical line continues, from output offset
 *		"offset" on, with physical line "line" (R-12.2: errors name the
 *		physical line, even inside a folded line).
 */
static void
IcsAddSegment(IcsPrepassState *ps, int offset, int line)
{
	if (ps->nseg >= ps->maxseg)
	{
		ps->maxseg *= 2;
		ps->seg_off = repalloc(ps->seg_off, ps->maxseg * sizeof(int));
		ps->seg_line = repalloc(ps->seg_line, ps->maxseg * sizeof(int));
	}
	ps->seg_off[ps->nseg] = offset;
	ps->seg_line[ps->nseg] = line;
	ps->nseg++;
}

/*
 * IcsSegmentLine
 *		The physical line that holds output offset "offset" of the open
 *		logical line.
 */
static int
IcsSegmentLine(IcsPrepassState *ps, int offset)
{
	int			i;

	for (i = ps->nseg - 1; i > 0; i--)
	{
		if (ps->seg_off[i] <= offset)
			return ps->seg_line[i];
	}
	return ps->line_no;
}

/*
 * IcsLineTooLong
 *		Refuse a content line longer than ICS_MAX_LINE_BYTES, quoting its
 *		beginning (R-12.2).
 */
static void
IcsLineTooLong(int line, const char *s, int len)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("line %d: content line longer than %d bytes", line,
					ICS_MAX_LINE_BYTES),
			 errdetail("The line that begins \"%s\" holds more than %d bytes after unfolding; the limit is %d.",
					   IcsQuote(s, len, ICS_QUOTE_CHARS), ICS_MAX_LINE_BYTES,
					   ICS_MAX_LINE_BYTES),
			 errhint("Shorten the property or remove it before the import (a long DESCRIPTION or an attached file, say): a working-day calendar needs only the dates, SUMMARY and CATEGORIES of its events.")));
}

/*
 * IcsCountLine
 *		Count a content line (and the values of a comma-separated list)
 *		against ICS_MAX_LINES, and its parameters against ICS_MAX_PARAMS
 *		(R-12.2).  Returns the offset of the colon that begins the value,
 *		or n if there is none.
 *
 * libical makes a property of every value of an RDATE, EXDATE,
 * CATEGORIES, RESOURCES or FREEBUSY list (about a kilobyte each), and
 * silently drops the values after the 500th (an RDATE or EXDATE lost
 * without a word: refused here); it scans the rest of the parameters again
 * for every parameter.  Colons, semicolons and commas inside a quoted
 * parameter value do not count.
 */
static int
IcsCountLine(IcsPrepassState *ps, const char *l, int n, int namelen)
{
	int			i;
	int			nparams = 0;
	bool		quoted = false;
	int			value;
	int			nvalues = 1;

	for (i = namelen; i < n; i++)
	{
		if (l[i] == '"')
			quoted = !quoted;
		else if (!quoted && l[i] == ';')
			nparams++;
		else if (!quoted && l[i] == ':')
			break;
	}
	value = i;
	if (nparams > ICS_MAX_PARAMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("line %d: more than %d parameters in one property",
						ps->line_no, ICS_MAX_PARAMS),
				 errdetail("The line holds %d parameters and reads \"%s\".",
						   nparams, IcsQuote(l, n, ICS_QUOTE_CHARS)),
				 errhint("A property needs few parameters (TZID, VALUE): remove the others before the import.")));

	if (IcsNameIs(l, namelen, "RDATE") || IcsNameIs(l, namelen, "EXDATE") ||
		IcsNameIs(l, namelen, "CATEGORIES") ||
		IcsNameIs(l, namelen, "RESOURCES") ||
		IcsNameIs(l, namelen, "FREEBUSY"))
	{
		for (i = value + 1; i < n; i++)
		{
			if (l[i] == ',')
				nvalues++;
		}
		if (nvalues > ICS_MAX_LIST_VALUES)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("line %d: more than %d values in one %.*s property",
							ps->line_no, ICS_MAX_LIST_VALUES, namelen, l),
					 errdetail("The line holds %d comma-separated values; the iCalendar parser keeps only the first %d.",
							   nvalues, ICS_MAX_LIST_VALUES),
					 errhint("Split the list over several %.*s lines.",
							 namelen, l)));
	}
	if (nvalues > ICS_MAX_LINES - ps->nlines)
		IcsTooManyLines(ps->line_no);
	ps->nlines += nvalues;
	return value;
}

/*
 * IcsTooManyLines
 *		The ICS_MAX_LINES cap, passed at line "line" (R-12.2).
 */
static void
IcsTooManyLines(int line)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("iCalendar text has more than %d content lines",
					ICS_MAX_LINES),
			 errdetail("The limit is passed at line %d; every content line counts, and so does every value of a comma-separated RDATE, EXDATE, CATEGORIES or RESOURCES list.",
					   line),
			 errhint("Split the file, e.g. one file per year, and import each part.")));
}

/*
 * IcsPrepass
 *		Normalise and check the raw bytes of an iCalendar text (R-12.2,
 *		R-12.2).
 *
 * CRLF, LF and CR all end a line.  A line that begins with a space or a
 * tab continues the previous one: the line end and that one character are
 * removed, byte by byte, before any UTF-8 check, so a fold written in the
 * middle of a multi-byte character (some exporters count bytes, not
 * characters) is repaired.  Empty lines are skipped (RFC 5545 has none;
 * a stray one between a line and its continuation is ignored, so that
 * libical, which unfolds again, sees the same lines).  Each finished
 * logical line goes through IcsFinishLine, which checks it and appends it
 * to it->out.
 *
 * No logical line may hold more than ICS_MAX_LINE_BYTES bytes: libical's
 * work on a line grows with the square of its length (see the file
 * header).  A physical line is never scanned further than that, so a
 * text of one 15 MB line is refused after 8 kB.
 */
static void
IcsPrepass(IcsText *it, const char *raw, int len)
{
	IcsPrepassState ps;
	int			pos = 0;
	int			phys = 1;

	memset(&ps, 0, sizeof(ps));
	ps.it = it;
	ps.line_start = -1;
	ps.cur_event = -1;
	ps.maxseg = 16;
	ps.seg_off = palloc(ps.maxseg * sizeof(int));
	ps.seg_line = palloc(ps.maxseg * sizeof(int));

	initStringInfo(&it->out);
	it->maxevents = 64;
	it->events = palloc0(it->maxevents * sizeof(IcsEventInfo));
	it->nevents = 0;

	/* a UTF-8 byte order mark */
	if (len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;

	while (pos < len)
	{
		int			e = pos;
		int			stop = (len - pos > ICS_MAX_LINE_BYTES + 1) ?
			pos + ICS_MAX_LINE_BYTES + 2 : len;
		int			next;

		CHECK_FOR_INTERRUPTS();

		/* the physical line, looked at no further than a line may be long */
		while (e < stop && raw[e] != '\r' && raw[e] != '\n')
			e++;
		if (e - pos > ICS_MAX_LINE_BYTES + 1)
			IcsLineTooLong(phys, raw + pos, e - pos);
		next = e;
		if (next < len)
		{
			if (raw[next] == '\r' && next + 1 < len && raw[next + 1] == '\n')
				next += 2;
			else
				next++;
		}

		ps.last_phys = phys;
		if (e > pos && (raw[pos] == ' ' || raw[pos] == '\t') &&
			ps.line_start >= 0)
		{
			/* continuation: unfold (RFC 5545 3.1) */
			if (it->out.len - ps.line_start + (e - pos - 1) > ICS_MAX_LINE_BYTES)
				IcsLineTooLong(ps.line_no, it->out.data + ps.line_start,
							   it->out.len - ps.line_start);
			IcsAddSegment(&ps, it->out.len, phys);
			appendBinaryStringInfo(&it->out, raw + pos + 1, e - pos - 1);
		}
		else if (e > pos)
		{
			if (ps.line_start >= 0)
				IcsFinishLine(&ps);
			if (e - pos > ICS_MAX_LINE_BYTES)
				IcsLineTooLong(phys, raw + pos, e - pos);
			ps.line_start = it->out.len;
			ps.line_no = phys;
			ps.nseg = 0;
			IcsAddSegment(&ps, it->out.len, phys);
			appendBinaryStringInfo(&it->out, raw + pos, e - pos);
		}
		phys++;
		pos = next;
	}
	if (ps.line_start >= 0)
		IcsFinishLine(&ps);

	if (ps.nlogical == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("not an iCalendar text"),
				 errdetail("The text is empty."),
				 errhint("An iCalendar text begins with BEGIN:VCALENDAR.")));

	if (ps.depth > 0)
	{
		const char *name = ps.stack_name[ps.depth - 1];

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("iCalendar text is truncated"),
				 errdetail("The %s component begun at line %d is not closed by END:%s before the text ends at line %d.",
						   name, ps.stack_line[ps.depth - 1], name,
						   ps.last_phys),
				 errhint("Check that the whole file was read: a download or a copy may have been cut short.")));
	}
}

/*
 * IcsFinishLine
 *		Check the logical line being built and complete it in the output
 *		(R-12.2).
 *
 * The first line must be BEGIN:VCALENDAR; the line must be valid UTF-8;
 * BEGIN and END must nest; the properties of a VEVENT that make its days
 * have their lines recorded and their values checked.
 */
static void
IcsFinishLine(IcsPrepassState *ps)
{
	IcsText    *it = ps->it;
	const char *l = it->out.data + ps->line_start;
	int			n = it->out.len - ps->line_start;
	int			valid;
	int			nl;
	int			line = ps->line_no;

	/*
	 * Leading blanks (only the first line of a text can have them: any
	 * other line starting with a blank continues the one before) are
	 * removed, or libical would take the line for a continuation; a line
	 * of blanks is dropped.
	 */
	for (nl = 0; nl < n && (l[nl] == ' ' || l[nl] == '\t'); nl++)
		;
	if (nl == n)
	{
		it->out.len = ps->line_start;
		it->out.data[it->out.len] = '\0';
		ps->line_start = -1;
		return;
	}
	if (nl > 0)
	{
		memmove(it->out.data + ps->line_start,
				it->out.data + ps->line_start + nl, n - nl);
		n -= nl;
		it->out.len -= nl;
		it->out.data[it->out.len] = '\0';
	}

	ps->nlogical++;

	/* R-12.2: the first line says whether this is iCalendar at all */
	if (ps->nlogical == 1)
	{
		int			t = n;

		while (t > 0 && (l[t - 1] == ' ' || l[t - 1] == '\t'))
			t--;
		if (!IcsNameIs(l, t, "BEGIN:VCALENDAR"))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("not an iCalendar text"),
					 errdetail("Line %d holds \"%s\"; an iCalendar text begins with BEGIN:VCALENDAR.",
							   line, IcsQuote(l, n, ICS_QUOTE_CHARS)),
					 errhint("Pass the content of an .ics file.")));
	}

	/* R-12.2: UTF-8, checked after unfolding */
	valid = pg_encoding_verifymbstr(PG_UTF8, l, n);
	if (valid < n)
	{
		StringInfoData bytes;
		int			i;
		int			l8 = pg_utf_mblen((const unsigned char *) l + valid);

		initStringInfo(&bytes);
		for (i = 0; i < l8 && valid + i < n; i++)
			appendStringInfo(&bytes, "%s0x%02x", i ? " " : "",
							 (unsigned char) l[valid + i]);
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("iCalendar text is not valid UTF-8 at line %d",
						IcsSegmentLine(ps, ps->line_start + valid)),
				 errdetail("The byte sequence %s is not a UTF-8 character.",
						   bytes.data),
				 errhint("Save the file as UTF-8 (RFC 5545 requires it), or convert it with convert_from() before the import.")));
	}

	/* the name: up to the first ";" or ":" */
	for (nl = 0; nl < n && l[nl] != ';' && l[nl] != ':'; nl++)
		;
	(void) IcsCountLine(ps, l, n, nl);

	if (IcsNameIs(l, nl, "BEGIN") || IcsNameIs(l, nl, "END"))
	{
		const char *v = l + nl;
		int			vl;
		bool		begin = IcsNameIs(l, nl, "BEGIN");
		int			event = -1;
		char	   *comp;
		int			i;

		if (nl >= n || l[nl] != ':')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("line %d: malformed %s line", line,
							begin ? "BEGIN" : "END"),
					 errdetail("The line reads \"%s\"; it should be like %s:VEVENT.",
							   IcsQuote(l, n, ICS_QUOTE_CHARS),
							   begin ? "BEGIN" : "END")));
		v++;
		vl = n - nl - 1;
		while (vl > 0 && (*v == ' ' || *v == '\t'))
			v++, vl--;
		while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
			vl--;
		if (begin)
			event = IcsBeginComponent(ps, v, vl);
		else
			IcsEndComponent(ps, v, vl);

		/*
		 * Written again as libical expects it: upper case (names are
		 * case-insensitive), no blanks around the name.
		 */
		comp = pnstrdup(v, vl);
		it->out.len = ps->line_start;
		appendStringInfo(&it->out, "%s:", begin ? "BEGIN" : "END");
		for (i = 0; i < vl; i++)
			appendStringInfoChar(&it->out, pg_ascii_toupper(comp[i]));
		pfree(comp);
		appendStringInfoChar(&it->out, '\n');
		/* R-12.2: tag the event so libical's result can be matched to it */
		if (event >= 0)
		{
			if (++ps->nlines > ICS_MAX_LINES)
				IcsTooManyLines(line);
			appendStringInfo(&it->out, "%s:%d\n", ICS_EVENT_TAG, event);
		}
		ps->line_start = -1;
		return;
	}

	if (ps->depth == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: text after END:VCALENDAR", line),
				 errdetail("Line %d holds \"%s\"; only another VCALENDAR may follow the end of a calendar.",
						   line, IcsQuote(l, n, ICS_QUOTE_CHARS))));

	/* our own tag is ours alone: drop any the text brings */
	if (IcsNameIs(l, nl, ICS_EVENT_TAG))
	{
		it->out.len = ps->line_start;
		it->out.data[it->out.len] = '\0';
		ps->line_start = -1;
		return;
	}

	/* where the texts that become sources are, for errors (IcsCheckText) */
	if (ps->depth == 1 && IcsNameIs(l, nl, "X-WR-CALNAME") &&
		it->calname_line == 0)
		it->calname_line = line;
	if (ps->depth == 1 && IcsNameIs(l, nl, "PRODID") && it->prodid_line == 0)
		it->prodid_line = line;

	/* the start and rule of a time zone observance (STANDARD, DAYLIGHT) */
	if (ps->depth == 3 && pg_strcasecmp(ps->stack_name[1], "VTIMEZONE") == 0)
	{
		if (IcsNameIs(l, nl, "RRULE"))
			IcsCheckZoneRule(ps, l, n, nl);
		else if (IcsNameIs(l, nl, "DTSTART"))
			IcsCheckZoneStart(ps, l, n, nl);
	}

	/* a property of the VEVENT itself (not of a VALARM in it) */
	if (ps->cur_event >= 0 && ps->depth == ps->event_depth)
	{
		int			id;
		IcsEventInfo *ev = &it->events[ps->cur_event];

		if (IcsNameIs(l, nl, "SUMMARY") && ev->summary_line == 0)
			ev->summary_line = line;
		if (IcsNameIs(l, nl, ICS_SOURCE_TAG) && ev->xsource_line == 0)
			ev->xsource_line = line;
		for (id = 0; id < ICS_NPROPS; id++)
		{
			if (IcsNameIs(l, nl, ics_prop_names[id]))
			{
				IcsEventInfo *info = &it->events[ps->cur_event];

				if (info->nprop[id] > 0 &&
					(id == ICS_DTSTART || id == ICS_DTEND || id == ICS_DURATION))
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
							 errmsg("line %d: second %s in one VEVENT", line,
									ics_prop_names[id]),
							 errdetail("The VEVENT begun at line %d already has %s at line %d.",
									   info->begin_line, ics_prop_names[id],
									   info->prop[id].line)));
				if (info->nprop[id]++ == 0)
				{
					info->prop[id].line = line;
					info->prop[id].offset = ps->line_start;
					info->prop[id].len = n;
				}
				IcsCheckProperty(ps, (IcsPropId) id, l, n, nl);
				break;
			}
		}
	}

	appendStringInfoChar(&it->out, '\n');
	ps->line_start = -1;
}

/*
 * IcsBeginComponent
 *		A BEGIN line: check where the component may open, push it, and for
 *		a VEVENT start its record (R-12.2).  Returns the index of the
 *		VEVENT begun, or -1.
 *
 * A VCALENDAR opens only at the top (several may follow each other), a
 * VEVENT only directly in a VCALENDAR; nesting is bounded because libical
 * frees components recursively.  Nothing is appended to the output here:
 * comp points into it.
 */
static int
IcsBeginComponent(IcsPrepassState *ps, const char *comp, int complen)
{
	IcsText    *it = ps->it;
	int			line = ps->line_no;
	char	   *name = IcsQuote(comp, complen, ICS_QUOTE_CHARS);
	bool		is_cal = IcsNameIs(comp, complen, "VCALENDAR");
	bool		is_event = IcsNameIs(comp, complen, "VEVENT");

	if (complen == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: BEGIN without a component name", line)));
	if (ps->depth == 0 && !is_cal)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: BEGIN:%s outside VCALENDAR", line, name),
				 errdetail("Every component of an iCalendar text lies between BEGIN:VCALENDAR and END:VCALENDAR.")));
	if (ps->depth > 0 && is_cal)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: BEGIN:VCALENDAR inside %s", line,
						ps->stack_name[ps->depth - 1]),
				 errdetail("The %s begun at line %d is not closed; a VCALENDAR cannot be nested.",
						   ps->stack_name[ps->depth - 1],
						   ps->stack_line[ps->depth - 1])));
	if (IcsNameIs(comp, complen, "VTIMEZONE") && ps->depth != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: BEGIN:VTIMEZONE inside %s", line,
						ps->stack_name[ps->depth - 1]),
				 errdetail("A VTIMEZONE must lie directly in the VCALENDAR; the %s begun at line %d is not closed.",
						   ps->stack_name[ps->depth - 1],
						   ps->stack_line[ps->depth - 1])));
	if (is_event && ps->depth != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: BEGIN:VEVENT inside %s", line,
						ps->stack_name[ps->depth - 1]),
				 errdetail("A VEVENT must lie directly in the VCALENDAR; the %s begun at line %d is not closed.",
						   ps->stack_name[ps->depth - 1],
						   ps->stack_line[ps->depth - 1])));
	if (ps->depth >= ICS_MAX_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("line %d: components nested more than %d deep",
						line, ICS_MAX_DEPTH)));

	ps->stack_name[ps->depth] = name;
	ps->stack_line[ps->depth] = line;
	ps->depth++;

	if (is_event)
	{
		IcsEventInfo *info;

		if (it->nevents >= it->maxevents)
		{
			it->events = repalloc(it->events,
								  2 * it->maxevents * sizeof(IcsEventInfo));
			memset(it->events + it->maxevents, 0,
				   it->maxevents * sizeof(IcsEventInfo));
			it->maxevents *= 2;
		}
		info = &it->events[it->nevents];
		info->begin_line = line;
		ps->cur_event = it->nevents;
		ps->event_depth = ps->depth;
		it->nevents++;
		return ps->cur_event;
	}
	return -1;
}

/*
 * IcsEndComponent
 *		An END line: it must close the innermost open component (R-12.2).
 *		At the end of a VEVENT, DTEND and DURATION together are refused
 *		(RFC 5545 3.6.1).
 */
static void
IcsEndComponent(IcsPrepassState *ps, const char *comp, int complen)
{
	int			line = ps->line_no;
	char	   *name = IcsQuote(comp, complen, ICS_QUOTE_CHARS);
	const char *top;

	if (ps->depth == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: END:%s without BEGIN:%s", line, name, name)));
	top = ps->stack_name[ps->depth - 1];
	if (pg_strcasecmp(top, name) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: END:%s does not match BEGIN:%s", line,
						name, top),
				 errdetail("The innermost open component is the %s begun at line %d; it must be closed by END:%s first.",
						   top, ps->stack_line[ps->depth - 1], top)));

	if (ps->cur_event >= 0 && ps->depth == ps->event_depth)
	{
		IcsEventInfo *info = &ps->it->events[ps->cur_event];

		if (info->nprop[ICS_DTEND] > 0 && info->nprop[ICS_DURATION] > 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("line %d: VEVENT has both DTEND and DURATION",
							info->begin_line),
					 errdetail("DTEND is at line %d and DURATION at line %d; an event has one or the other.",
							   info->prop[ICS_DTEND].line,
							   info->prop[ICS_DURATION].line)));
		ps->cur_event = -1;
	}

	ps->depth--;
}

/*
 * IcsCheckProperty
 *		Check the value of a DTSTART, DTEND, RDATE, EXDATE or RRULE line
 *		ourselves (R-12.2): libical takes 20230230 or month 13 without
 *		complaint.  DURATION is left to libical.
 *
 * The line is NAME *(;PARAM=VALUE) : VALUE; parameter values may be
 * quoted and hold ";", ":" or ",".
 */
static void
IcsCheckProperty(IcsPrepassState *ps, IcsPropId id, const char *l, int n,
				 int namelen)
{
	int			line = ps->line_no;
	const char *what = ics_prop_names[id];
	int			i = namelen;
	int			valuetype = 0;	/* 0 any, 1 DATE, 2 DATE-TIME, 3 PERIOD */
	const char *v;
	int			vl;

	while (i < n && l[i] == ';')
	{
		int			ps0 = ++i;
		int			pnl;

		while (i < n && l[i] != '=' && l[i] != ';' && l[i] != ':')
			i++;
		pnl = i - ps0;
		if (i < n && l[i] == '=')
		{
			i++;
			for (;;)
			{
				int			v0 = i;

				if (i < n && l[i] == '"')
				{
					i++;
					while (i < n && l[i] != '"')
						i++;
					if (i >= n)
						ereport(ERROR,
								(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
								 errmsg("line %d: unterminated quoted parameter value in %s",
										line, what),
								 errdetail("The line reads \"%s\".",
										   IcsQuote(l, n, ICS_QUOTE_CHARS))));
					i++;
				}
				else
				{
					while (i < n && l[i] != ',' && l[i] != ';' && l[i] != ':')
						i++;
				}
				if (IcsNameIs(l + ps0, pnl, "VALUE"))
				{
					if (IcsNameIs(l + v0, i - v0, "DATE"))
						valuetype = 1;
					else if (IcsNameIs(l + v0, i - v0, "DATE-TIME"))
						valuetype = 2;
					else if (IcsNameIs(l + v0, i - v0, "PERIOD"))
						valuetype = 3;
				}
				if (i < n && l[i] == ',')
				{
					i++;
					continue;
				}
				break;
			}
		}
	}
	if (i >= n || l[i] != ':')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: %s has no value", line, what),
				 errdetail("The line reads \"%s\"; a property is written NAME;PARAMETERS:VALUE.",
						   IcsQuote(l, n, ICS_QUOTE_CHARS))));
	v = l + i + 1;
	vl = n - i - 1;
	while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
		vl--;

	if (vl == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: %s has no value", line, what),
				 errdetail("The line reads \"%s\".",
						   IcsQuote(l, n, ICS_QUOTE_CHARS))));

	switch (id)
	{
		case ICS_DTSTART:
		case ICS_DTEND:
			IcsCheckDateToken(line, what, v, vl, valuetype);
			break;
		case ICS_RDATE:
		case ICS_EXDATE:
			{
				int			t0 = 0;

				while (t0 < vl)
				{
					int			t1 = t0;
					int			slash;

					while (t1 < vl && v[t1] != ',')
						t1++;
					for (slash = t0; slash < t1 && v[slash] != '/'; slash++)
						;
					if (slash < t1 && id == ICS_RDATE)
					{
						/* a PERIOD: start/end or start/duration */
						IcsCheckDateToken(line, what, v + t0, slash - t0, 2);
						if (slash + 1 < t1 && v[slash + 1] != 'P' &&
							v[slash + 1] != 'p' && v[slash + 1] != '+' &&
							v[slash + 1] != '-')
							IcsCheckDateToken(line, what, v + slash + 1,
											  t1 - slash - 1, 2);
					}
					else
						IcsCheckDateToken(line, what, v + t0, t1 - t0,
										  valuetype == 3 ? 0 : valuetype);
					t0 = t1 + 1;
				}
			}
			break;
		case ICS_RRULE:
			{
				int			t0 = 0;

				while (t0 < vl)
				{
					int			t1 = t0;
					int			eq;
					bool		list = false;

					while (t1 < vl && v[t1] != ';')
					{
						if (v[t1] == ',')
							list = true;
						t1++;
					}
					for (eq = t0; eq < t1 && v[eq] != '='; eq++)
						;
					if (IcsNameIs(v + t0, eq - t0, "UNTIL"))
						IcsCheckDateToken(line, "RRULE UNTIL", v + eq + 1,
										  t1 - eq - 1, 0);
					else if ((IcsNameIs(v + t0, eq - t0, "FREQ") &&
							  (IcsNameIs(v + eq + 1, t1 - eq - 1, "SECONDLY") ||
							   IcsNameIs(v + eq + 1, t1 - eq - 1, "MINUTELY") ||
							   IcsNameIs(v + eq + 1, t1 - eq - 1, "HOURLY"))) ||
							 IcsNameIs(v + t0, eq - t0, "BYSECOND") ||
							 IcsNameIs(v + t0, eq - t0, "BYMINUTE") ||
							 (IcsNameIs(v + t0, eq - t0, "BYHOUR") && list))
						ereport(ERROR,
								(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
								 errmsg("line %d: RRULE part \"%s\" is not supported",
										line,
										IcsQuote(v + t0, t1 - t0, ICS_QUOTE_CHARS)),
								 errdetail("A working-day calendar holds whole days: rules repeat daily or less often, at one time of day (no HOURLY, MINUTELY or SECONDLY frequency, no BYSECOND, no BYMINUTE, at most one BYHOUR)."),
								 errhint("Use FREQ=DAILY or a longer frequency; the event's DTSTART gives its time of day.")));
					t0 = t1 + 1;
				}
			}
			break;
		default:
			break;
	}
}

/*
 * IcsCheckZoneRule
 *		Check the RRULE of a VTIMEZONE observance before libical expands it.
 *
 * libical expands every rule of a time zone it converts with, without
 * interruption, from the observance's DTSTART to the year of the time
 * converted: a rule repeating every second, or every Sunday of every
 * month since year 1, takes minutes and gigabytes.  Real time zones change
 * once or twice a year: "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" (or the older
 * "BYMONTH=4;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=SU").  So a rule must be
 * yearly, name one month when it names days, hold one BYDAY and at most
 * seven BYMONTHDAY values, and a file holds at most ICS_MAX_ZONE_RULES of
 * them; observances start in ICS_MIN_ZONE_YEAR or later (IcsCheckZoneStart).
 * A rule-year costs libical about 25 microseconds (100 rules from 1600
 * took 1.2 s to reach 2100), so 20 rules take at most about 0.3 s: enough
 * for the two rules of an Outlook zone, or for several zones.  (A zone
 * whose TZID PostgreSQL knows, such as Asia/Shanghai, is read with
 * PostgreSQL's rules and never expanded by libical.)
 */
static void
IcsCheckZoneRule(IcsPrepassState *ps, const char *l, int n, int namelen)
{
	int			line = ps->line_no;
	int			i = namelen;
	int			t0;
	bool		yearly = false;
	bool		bymonth = false;
	bool		bydays = false;
	bool		ok = true;

	if (++ps->nzonerules > ICS_MAX_ZONE_RULES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("line %d: more than %d time zone rules", line,
						ICS_MAX_ZONE_RULES),
				 errdetail("The VTIMEZONE components of the text hold more than %d RRULE properties.",
						   ICS_MAX_ZONE_RULES),
				 errhint("Keep only the time zones the events use, or give the events' times in UTC.")));

	/* the value: after the first colon (RRULE takes no quoted parameter) */
	while (i < n && l[i] != ':')
		i++;
	for (t0 = i + 1; t0 < n && ok;)
	{
		int			t1 = t0;
		int			eq;
		int			ncommas = 0;

		while (t1 < n && l[t1] != ';')
		{
			if (l[t1] == ',')
				ncommas++;
			t1++;
		}
		for (eq = t0; eq < t1 && l[eq] != '='; eq++)
			;
		if (IcsNameIs(l + t0, eq - t0, "FREQ"))
			yearly = IcsNameIs(l + eq + 1, t1 - eq - 1, "YEARLY");
		else if (IcsNameIs(l + t0, eq - t0, "BYMONTH"))
		{
			bymonth = true;
			ok = (ncommas == 0);
		}
		else if (IcsNameIs(l + t0, eq - t0, "BYDAY"))
		{
			bydays = true;
			ok = (ncommas == 0);
		}
		else if (IcsNameIs(l + t0, eq - t0, "BYMONTHDAY"))
		{
			bydays = true;
			ok = (ncommas < 7);
		}
		else
			ok = (IcsNameIs(l + t0, eq - t0, "UNTIL") ||
				  IcsNameIs(l + t0, eq - t0, "COUNT") ||
				  IcsNameIs(l + t0, eq - t0, "INTERVAL") ||
				  IcsNameIs(l + t0, eq - t0, "WKST"));
		t0 = t1 + 1;
	}
	if (!ok || !yearly || (bydays && !bymonth))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("line %d: unsupported time zone rule", line),
				 errdetail("The line reads \"%s\"; a VTIMEZONE rule must be FREQ=YEARLY with one BYMONTH, at most one BYDAY and seven BYMONTHDAY values, and UNTIL, COUNT or INTERVAL.",
						   IcsQuote(l, n, ICS_QUOTE_CHARS)),
				 errhint("Use an IANA zone name such as Asia/Shanghai as TZID, or give the times in UTC.")));
}

/*
 * IcsCheckZoneStart
 *		Check the DTSTART of a VTIMEZONE observance: a valid date-time, in
 *		ICS_MIN_ZONE_YEAR or later (see IcsCheckZoneRule).
 */
static void
IcsCheckZoneStart(IcsPrepassState *ps, const char *l, int n, int namelen)
{
	int			i = namelen;
	const char *v;
	int			vl;

	while (i < n && l[i] != ':')
		i++;
	v = l + i + 1;
	vl = n - i - 1;
	while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
		vl--;
	IcsCheckDateToken(ps->line_no, "DTSTART", v, vl, 2);
	if (atoi(pnstrdup(v, 4)) < ICS_MIN_ZONE_YEAR)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("line %d: time zone observance starts before %d",
						ps->line_no, ICS_MIN_ZONE_YEAR),
				 errdetail("The line reads \"%s\".",
						   IcsQuote(l, n, ICS_QUOTE_CHARS)),
				 errhint("Start the observance in %d or later (Outlook writes 16010101T000000).",
						 ICS_MIN_ZONE_YEAR)));
}

/*
 * IcsCheckDateToken
 *		Check one DATE (YYYYMMDD) or DATE-TIME (YYYYMMDDTHHMMSS[Z]) value
 *		(R-12.2).  valuetype: 0 either, 1 DATE, 2 DATE-TIME.
 *
 * A DATE without VALUE=DATE is accepted (libical does, and so do many
 * files); a value contradicting an explicit VALUE is not.
 */
static void
IcsCheckDateToken(int line, const char *what, const char *tok, int len,
				  int valuetype)
{
	int			i;
	bool		is_date;
	int			y,
				m,
				d;
	char	   *q = IcsQuote(tok, len, ICS_QUOTE_CHARS);

	if (len == 8)
		is_date = true;
	else if ((len == 15 || len == 16) && (tok[8] == 'T' || tok[8] == 't') &&
			 (len == 15 || tok[15] == 'Z' || tok[15] == 'z'))
		is_date = false;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: %s value \"%s\" is not a valid date or date-time",
						line, what, q),
				 errdetail("A date is written YYYYMMDD (20230101), a date-time YYYYMMDDTHHMMSS (20230101T090000), with a final Z for UTC.")));
	for (i = 0; i < (is_date ? 8 : 15); i++)
	{
		if (i == 8)
			continue;
		if (tok[i] < '0' || tok[i] > '9')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("line %d: %s value \"%s\" is not a valid date or date-time",
							line, what, q),
					 errdetail("A date is written YYYYMMDD (20230101), a date-time YYYYMMDDTHHMMSS (20230101T090000), with a final Z for UTC.")));
	}
	if (valuetype == 1 && !is_date)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: %s value \"%s\" is not a valid date", line,
						what, q),
				 errdetail("The property says VALUE=DATE, which is written YYYYMMDD.")));
	if (valuetype == 2 && is_date)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: %s value \"%s\" is not a valid date-time",
						line, what, q),
				 errdetail("A date-time is written YYYYMMDDTHHMMSS, e.g. 20230101T090000; for a whole day write VALUE=DATE.")));

	y = (tok[0] - '0') * 1000 + (tok[1] - '0') * 100 + (tok[2] - '0') * 10 +
		(tok[3] - '0');
	m = (tok[4] - '0') * 10 + (tok[5] - '0');
	d = (tok[6] - '0') * 10 + (tok[7] - '0');
	if (y == 0 || m < 1 || m > 12 || d < 1 || d > day_tab[isleap(y)][m - 1])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: %s value \"%s\" is not a valid date", line,
						what, q),
				 (y == 0) ? errdetail("There is no year 0.") :
				 (m < 1 || m > 12) ? errdetail("There is no month %d.", m) :
				 errdetail("%04d-%02d has %d days.", y, m,
						   day_tab[isleap(y)][m - 1])));
	if (!is_date)
	{
		int			hh = (tok[9] - '0') * 10 + (tok[10] - '0');
		int			mi = (tok[11] - '0') * 10 + (tok[12] - '0');
		int			ss = (tok[13] - '0') * 10 + (tok[14] - '0');

		if (hh > 23 || mi > 59 || ss > 60)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("line %d: %s value \"%s\" is not a valid time of day",
							line, what, q),
					 errdetail("Hours run from 00 to 23, minutes from 00 to 59, seconds from 00 to 60.")));
	}
}

/*
 * IcsPropLine
 *		The line to name for property "id" of an event: its own, or the
 *		event's BEGIN line when the pre-pass saw none.
 */
static int
IcsPropLine(IcsEventInfo *info, IcsPropId id)
{
	return info->prop[id].line ? info->prop[id].line : info->begin_line;
}

/*
 * IcsPropError
 *		Report that libical could not make sense of property "id" of an
 *		event, quoting its line (R-12.2).
 */
static void
IcsPropError(IcsImport *st, IcsEventInfo *info, IcsPropId id, const char *why)
{
	IcsLineRef *ref = &info->prop[id];

	if (ref->line)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: invalid %s property", ref->line,
						ics_prop_names[id]),
				 errdetail("The line reads \"%s\"; the iCalendar parser reports: %s.",
						   IcsQuote(st->text->out.data + ref->offset,
									ref->len, 2 * ICS_QUOTE_CHARS),
						   why)));
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: invalid %s property in VEVENT",
						info->begin_line, ics_prop_names[id]),
				 errdetail("The iCalendar parser reports: %s.", why)));
}

/*
 * IcsErrorNames
 *		Whether an X-LIC-ERROR text is about property "name": libical
 *		writes "... in DTSTART property ...", "No value for DTEND property"
 *		or "... for property DTEND: ...".
 */
static bool
IcsErrorNames(const char *msg, const char *name)
{
	const char *p = msg;
	int			nl = strlen(name);

	while ((p = strstr(p, name)) != NULL)
	{
		bool		start_ok = (p == msg || p[-1] == ' ');
		char		after = p[nl];
		bool		end_ok = (after == '\0' || after == ' ' || after == ':' ||
							  after == ',' || after == '.' || after == ';');

		if (start_ok && end_ok &&
			(strncmp(p + nl, " property", 9) == 0 ||
			 (p - msg >= 9 && strncmp(p - 9, "property ", 9) == 0)))
			return true;
		p += nl;
	}
	return false;
}

/*
 * IcsResolveZone
 *		How the local fields of a DATE-TIME become an instant (R-12.2,
 *		R-12.3): UTC for ...Z; with TZID, PostgreSQL's zone of that name if
 *		it knows one, else the file's VTIMEZONE; without TZID (floating),
 *		the calendar's zone.
 */
static IcsZone
IcsResolveZone(IcsImport *st, icalproperty *p, struct icaltimetype tt,
			   icalcomponent *vcal, int line, const char *what)
{
	IcsZone		z;
	icalparameter *param;
	const char *tzid = NULL;

	z.kind = ICS_ZONE_PG;
	z.pgtz = st->caltz;
	z.itz = NULL;

	if (icaltime_is_utc(tt))
	{
		z.kind = ICS_ZONE_UTC;
		return z;
	}
	param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	if (param != NULL)
		tzid = icalparameter_get_tzid(param);
	if (tzid == NULL || tzid[0] == '\0')
		return z;

	if (strlen(tzid) < TZ_STRLEN_MAX)
	{
		pg_tz	   *tz = pg_tzset(tzid);

		if (tz != NULL)
		{
			z.pgtz = tz;
			return z;
		}
	}
	if (vcal != NULL)
	{
		icaltimezone *itz = icalcomponent_get_timezone(vcal, tzid);

		if (itz != NULL)
		{
			z.kind = ICS_ZONE_ICAL;
			z.itz = itz;
			return z;
		}
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("line %d: unknown time zone \"%s\" in %s", line,
					IcsQuote(tzid, strlen(tzid), ICS_QUOTE_CHARS), what),
			 errdetail("PostgreSQL has no zone of that name and the text has no VTIMEZONE component with that TZID."),
			 errhint("Add the VTIMEZONE component, use an IANA zone name such as Asia/Shanghai, or give the time in UTC (a final Z).")));
	return z;					/* keep the compiler quiet */
}

/*
 * IcsToTimestamp
 *		The instant of a DATE-TIME value, with PostgreSQL's own date
 *		arithmetic (R-12.3).
 *
 * A time in a zone the text defines itself (a VTIMEZONE whose TZID
 * PostgreSQL does not know) is converted by libical, at up to half a
 * millisecond each (9,900 times in a zone of 20 rules took 2.1 s in 2000,
 * 4.7 s in 2100, when libical's cache of the zone's changes ends in
 * 2035).  So an import converts at most ICS_MAX_ZONE_TIMES of them
 * (R-12.2); times in UTC and in the zones PostgreSQL knows cost nothing of
 * the kind.
 */
static TimestampTz
IcsToTimestamp(IcsImport *st, struct icaltimetype tt, IcsZone zone, int line,
			   const char *what)
{
	struct pg_tm tm;
	int			tzoff = 0;
	Timestamp	ts;

	if (zone.kind == ICS_ZONE_ICAL && ++st->zone_times > ICS_MAX_ZONE_TIMES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("line %d: more than %d times in time zones the text defines",
						line, ICS_MAX_ZONE_TIMES),
				 errdetail("The %s at line %d is in the zone of a VTIMEZONE component whose TZID PostgreSQL does not know; every time of every occurrence in such a zone counts.",
						   what, line),
				 errhint("Use an IANA zone name such as Asia/Shanghai as TZID, or give the times in UTC (a final Z).")));
	if (zone.kind == ICS_ZONE_ICAL)
		icaltimezone_convert_time(&tt, zone.itz,
								  icaltimezone_get_utc_timezone());

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = tt.year;
	tm.tm_mon = tt.month;
	tm.tm_mday = tt.day;
	tm.tm_hour = tt.hour;
	tm.tm_min = tt.minute;
	tm.tm_sec = tt.second;
	if (tt.year < 1 || tt.month < 1 || tt.month > 12 || tt.day < 1 ||
		tt.day > day_tab[isleap(tt.year)][tt.month - 1] ||
		tt.hour < 0 || tt.hour > 23 || tt.minute < 0 || tt.minute > 59 ||
		tt.second < 0 || tt.second > 60)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: %s gives an invalid date-time %04d%02d%02dT%02d%02d%02d",
						line, what, tt.year, tt.month, tt.day, tt.hour,
						tt.minute, tt.second)));

	if (zone.kind == ICS_ZONE_PG)
		tzoff = DetermineTimeZoneOffset(&tm, zone.pgtz);
	if (tm2timestamp(&tm, 0, &tzoff, &ts) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("line %d: %s date-time is out of range", line, what)));
	return (TimestampTz) ts;
}

/*
 * IcsTtDay
 *		The day of a DATE value (or of the date fields of a DATE-TIME).
 */
static DateADT
IcsTtDay(struct icaltimetype tt, int line, const char *what)
{
	if (tt.year < 1 || tt.year > 9999 || tt.month < 1 || tt.month > 12 ||
		tt.day < 1 || tt.day > day_tab[isleap(tt.year)][tt.month - 1])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: %s gives an invalid date %04d%02d%02d",
						line, what, tt.year, tt.month, tt.day)));
	return date2j(tt.year, tt.month, tt.day) - POSTGRES_EPOCH_JDATE;
}

/*
 * IcsLocalDay
 *		The day of an instant in zone tz, and whether it is 00:00 exactly.
 */
static DateADT
IcsLocalDay(TimestampTz ts, pg_tz *tz, bool *midnight)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;

	if (timestamp2tm(ts, &tzoff, &tm, &fsec, NULL, tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	if (midnight)
		*midnight = (tm.tm_hour == 0 && tm.tm_min == 0 && tm.tm_sec == 0 &&
					 fsec == 0);
	return date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE;
}

/*
 * IcsFormatDay
 *		YYYY-MM-DD of a day, for messages.
 */
static char *
IcsFormatDay(DateADT d)
{
	int			y,
				m,
				dd;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
	return psprintf("%04d-%02d-%02d", y, m, dd);
}

/*
 * IcsTooManyDays
 *		The ICS_MAX_DAYS cap of one file (R-12.2): every day an import
 *		declares is kept, sorted and written, with its note and source.
 */
static void
IcsTooManyDays(IcsEventCtx *ev)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("iCalendar text declares more than %d days",
					ICS_MAX_DAYS),
			 errdetail("The limit was passed while expanding the VEVENT begun at line %d (every day of every occurrence counts).",
					   ev->begin_line),
			 errhint("Bound the event's RRULE with COUNT or UNTIL, shorten the event, or split the file.")));
}

/*
 * IcsAddDays
 *		Declare the days d0..d1 (both included) for the current event,
 *		after the range check (1900..2199, R-12.2) and the cap.
 */
static void
IcsAddDays(IcsImport *st, IcsEventCtx *ev, DateADT d0, DateADT d1, int line,
		   const char *what)
{
	DateADT		first = date2j(CAL_FIRST_YEAR, 1, 1) - POSTGRES_EPOCH_JDATE;
	DateADT		last = date2j(CAL_LAST_YEAR, 12, 31) - POSTGRES_EPOCH_JDATE;
	DateADT		d;

	if (d0 < first || d1 > last)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: %s gives day %s, outside the days a calendar can hold",
						line, what, IcsFormatDay(d0 < first ? d0 : d1)),
				 errdetail("Calendars hold days from %d-01-01 to %d-12-31.",
						   CAL_FIRST_YEAR, CAL_LAST_YEAR),
				 strcmp(what, "RRULE") == 0 ?
				 errhint("Bound the RRULE with COUNT or UNTIL.") :
				 errhint("Correct the date.")));
	if ((int64) st->ndays + (int64) (d1 - d0 + 1) > ICS_MAX_DAYS)
		IcsTooManyDays(ev);

	if (st->ndays + (d1 - d0 + 1) > st->maxdays)
	{
		int			newmax = Max(st->maxdays * 2, st->ndays + (d1 - d0 + 1));

		newmax = Min(newmax, ICS_MAX_DAYS);
		st->days = repalloc(st->days, newmax * sizeof(IcsDay));
		st->maxdays = newmax;
	}
	for (d = d0; d <= d1; d++)
	{
		IcsDay	   *x = &st->days[st->ndays];

		CHECK_FOR_INTERRUPTS();
		x->day = d;
		x->workday = ev->workday;
		x->seq = st->ndays;
		x->event = ev->event;
		st->ndays++;
	}
}

/*
 * IcsAddDate
 *		An all-day occurrence: ndays days from d, unless EXDATE removes it.
 */
static void
IcsAddDate(IcsImport *st, IcsEventCtx *ev, DateADT d, int ndays, int line,
		   const char *what)
{
	if (ev->nexdays > 0 &&
		bsearch(&d, ev->exdays, ev->nexdays, sizeof(DateADT), IcsDateCmp))
		return;
	if (ndays > ICS_MAX_DAYS)
		IcsTooManyDays(ev);
	IcsAddDays(st, ev, d, d + ndays - 1, line, what);
}

/*
 * IcsAddSpan
 *		A timed occurrence [s, e): every day of the calendar's zone it
 *		touches (R-12.3).  An end at 00:00 exactly does not touch its
 *		day; an occurrence without length counts for its start day.
 */
static void
IcsAddSpan(IcsImport *st, IcsEventCtx *ev, TimestampTz s, TimestampTz e,
		   int line, const char *what)
{
	DateADT		d0;
	DateADT		d1;
	bool		midnight;

	if (ev->nexts > 0 &&
		bsearch(&s, ev->exts, ev->nexts, sizeof(TimestampTz), IcsTsCmp))
		return;
	d0 = IcsLocalDay(s, st->caltz, NULL);
	if (ev->nexdays > 0 &&
		bsearch(&d0, ev->exdays, ev->nexdays, sizeof(DateADT), IcsDateCmp))
		return;
	if (e <= s)
		d1 = d0;
	else
	{
		d1 = IcsLocalDay(e, st->caltz, &midnight);
		if (midnight)
			d1--;
		if (d1 < d0)
			d1 = d0;
	}
	if ((int64) d1 - (int64) d0 >= ICS_MAX_DAYS)
		IcsTooManyDays(ev);
	IcsAddDays(st, ev, d0, d1, line, what);
}

/*
 * IcsCategoryIs
 *		Whether a CATEGORIES value (comma-separated, libical may or may not
 *		have split it) holds one of "words": ASCII case-insensitively,
 *		blanks around a category ignored (R-12.1, R-12.2).
 */
static bool
IcsCategoryIs(const char *cats, const char *const *words)
{
	const char *p = cats;

	while (p != NULL && *p != '\0')
	{
		const char *e = strchr(p, ',');
		int			len = e ? (int) (e - p) : (int) strlen(p);
		const char *s = p;
		int			i;

		while (len > 0 && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		for (i = 0; words[i] != NULL; i++)
		{
			if (IcsNameIs(s, len, words[i]))
				return true;
		}
		p = e ? e + 1 : NULL;
	}
	return false;
}

/*
 * IcsToServer
 *		A UTF-8 string from libical in the server encoding, copied into
 *		cxt (R-12.2: the conversion is made on what is stored, so a
 *		file is not refused for characters the database never sees).
 */
static char *
IcsToServer(const char *s, MemoryContext cxt, int line)
{
	ErrorContextCallback errcb;
	char	   *conv;

	/* a character the database cannot hold: say where it is */
	errcb.callback = IcsConvertErrorContext;
	errcb.arg = &line;
	errcb.previous = error_context_stack;
	error_context_stack = &errcb;
	conv = pg_any_to_server(s, strlen(s), PG_UTF8);
	error_context_stack = errcb.previous;

	return MemoryContextStrdup(cxt, conv);
}

/*
 * IcsCheckText
 *		Refuse a note or source longer than ICS_MAX_TEXT_CHARS characters
 *		(R-12.2): it is stored with every day it applies to.  s is in the
 *		server encoding; what names the property at line "line", role what
 *		it becomes.
 */
static void
IcsCheckText(const char *s, int line, const char *what, const char *role,
			 const char *hint)
{
	int			nchars = pg_mbstrlen(s);

	if (nchars > ICS_MAX_TEXT_CHARS)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
				 errmsg("line %d: %s is longer than %d characters", line, what,
						ICS_MAX_TEXT_CHARS),
				 errdetail("It has %d characters and becomes %s, which holds at most %d.",
						   nchars, role, ICS_MAX_TEXT_CHARS),
				 errhint("%s", hint)));
}

/*
 * IcsConvertErrorContext
 *		Error context of IcsToServer: the line of the component.
 */
static void
IcsConvertErrorContext(void *arg)
{
	errcontext("iCalendar component begun at line %d", *(int *) arg);
}

/*
 * IcsCollectProps
 *		Collect the properties of a VEVENT that matter, in one walk: libical
 *		keeps one property iterator per component, which any other lookup
 *		(icalcomponent_get_dtstart and the like) would reset.
 */
static void
IcsCollectProps(icalcomponent *ev, IcsEventProps *ep)
{
	icalproperty *p;

	memset(ep, 0, sizeof(*ep));
	ep->event = -1;
	ep->vcal = icalcomponent_get_parent(ev);
	for (p = icalcomponent_get_first_property(ev, ICAL_ANY_PROPERTY);
		 p != NULL;
		 p = icalcomponent_get_next_property(ev, ICAL_ANY_PROPERTY))
	{
		CHECK_FOR_INTERRUPTS();
		switch (icalproperty_isa(p))
		{
			case ICAL_DTSTART_PROPERTY:
				if (ep->dtstart == NULL)
					ep->dtstart = p;
				break;
			case ICAL_DTEND_PROPERTY:
				if (ep->dtend == NULL)
					ep->dtend = p;
				break;
			case ICAL_DURATION_PROPERTY:
				if (ep->duration == NULL)
					ep->duration = p;
				break;
			case ICAL_STATUS_PROPERTY:
				if (ep->status == NULL)
					ep->status = p;
				break;
			case ICAL_SUMMARY_PROPERTY:
				if (ep->summary == NULL)
					ep->summary = p;
				break;
			case ICAL_RRULE_PROPERTY:
				ep->rrules = lappend(ep->rrules, p);
				break;
			case ICAL_RDATE_PROPERTY:
				ep->rdates = lappend(ep->rdates, p);
				break;
			case ICAL_EXDATE_PROPERTY:
				ep->exdates = lappend(ep->exdates, p);
				break;
			case ICAL_CATEGORIES_PROPERTY:
				ep->cats = lappend(ep->cats, p);
				break;
			case ICAL_XLICERROR_PROPERTY:
				ep->errs = lappend(ep->errs, p);
				break;
			case ICAL_X_PROPERTY:
				{
					const char *xn = icalproperty_get_x_name(p);
					const char *xv = icalproperty_get_x(p);

					if (xn == NULL || xv == NULL)
						break;
					if (pg_strcasecmp(xn, ICS_EVENT_TAG) == 0 && ep->event < 0)
						ep->event = strtol(xv, NULL, 10);
					else if (pg_strcasecmp(xn, ICS_SOURCE_TAG) == 0 &&
							 ep->xsource == NULL)
						ep->xsource = xv;
				}
				break;
			default:
				break;
		}
	}
}

/*
 * IcsCheckParsed
 *		Refuse an event whose DTSTART, DTEND, DURATION, RRULE, RDATE or
 *		EXDATE libical could not parse (R-12.2).
 *
 * libical reports what it cannot parse as X-LIC-ERROR properties and goes
 * on; those about other properties (the invalid DTSTAMP;VALUE=DATE of the
 * holiday-cn files) are ignored.  A property the pre-pass saw that libical
 * does not return was dropped too.
 */
static void
IcsCheckParsed(IcsImport *st, IcsEventInfo *info, IcsEventProps *ep)
{
	ListCell   *lc;
	int			id;

	foreach(lc, ep->errs)
	{
		const char *msg = icalproperty_get_xlicerror(lfirst(lc));

		CHECK_FOR_INTERRUPTS();
		if (msg == NULL)
			continue;
		for (id = 0; id < ICS_NPROPS; id++)
		{
			if (IcsErrorNames(msg, ics_prop_names[id]))
				IcsPropError(st, info, (IcsPropId) id, msg);
		}
	}
	if (info->nprop[ICS_DTSTART] && ep->dtstart == NULL)
		IcsPropError(st, info, ICS_DTSTART, "the property was dropped");
	if (info->nprop[ICS_DTEND] && ep->dtend == NULL)
		IcsPropError(st, info, ICS_DTEND, "the property was dropped");
	if (info->nprop[ICS_DURATION] && ep->duration == NULL)
		IcsPropError(st, info, ICS_DURATION, "the property was dropped");
	if (info->nprop[ICS_RRULE] != list_length(ep->rrules))
		IcsPropError(st, info, ICS_RRULE, "the property was dropped");
	if (info->nprop[ICS_RDATE] && ep->rdates == NIL)
		IcsPropError(st, info, ICS_RDATE, "the property was dropped");
	if (info->nprop[ICS_EXDATE] && ep->exdates == NIL)
		IcsPropError(st, info, ICS_EXDATE, "the property was dropped");
}

/*
 * IcsEventIsWorkday
 *		The kind of an event (R-12.1, R-12.2): as_kind if given; else
 *		CATEGORIES (a working-day word first, then a holiday word); else
 *		SUMMARY holding 上班 or 补班 (make-up days read "上班(补春节假期)",
 *		which also holds 假期); else a holiday.
 *
 * CATEGORIES come before SUMMARY so that export_ics output, whose kinds
 * are in CATEGORIES, reads back right whatever its notes say.
 */
static bool
IcsEventIsWorkday(IcsImport *st, IcsEventProps *ep)
{
	static const char *const work_words[] = {
		"WORKDAY", "WORKINGDAY", "WORK", "工作日", "上班", "补班", NULL
	};
	static const char *const holiday_words[] = {
		"HOLIDAY", "OFF", "休息", "放假", NULL
	};
	bool		cat_work = false;
	bool		cat_off = false;
	const char *s;
	ListCell   *lc;

	if (st->forced_kind >= 0)
		return st->forced_kind == 1;

	foreach(lc, ep->cats)
	{
		const char *c = icalproperty_get_categories(lfirst(lc));

		CHECK_FOR_INTERRUPTS();
		if (c == NULL)
			continue;
		if (IcsCategoryIs(c, work_words))
			cat_work = true;
		if (IcsCategoryIs(c, holiday_words))
			cat_off = true;
	}
	if (cat_work)
		return true;
	if (cat_off)
		return false;

	s = ep->summary ? icalproperty_get_summary(ep->summary) : NULL;
	return s != NULL && (strstr(s, "上班") != NULL || strstr(s, "补班") != NULL);
}

/*
 * IcsEventLength
 *		The length of the event (R-12.2): in days for an all-day
 *		event (DTEND exclusive; DTEND = DTSTART or none means one day), in
 *		microseconds for a timed one (none means an instant, which counts
 *		for its start day).
 */
static void
IcsEventLength(IcsImport *st, IcsEventCtx *ctx, IcsEventProps *ep)
{
	IcsEventInfo *info = ctx->info;
	int			line = IcsPropLine(info, ICS_DTSTART);

	ctx->ndays = 1;
	ctx->length = 0;
	if (ep->dtend != NULL)
	{
		int			eline = IcsPropLine(info, ICS_DTEND);
		struct icaltimetype end = icalproperty_get_dtend(ep->dtend);

		if (icaltime_is_null_time(end))
			IcsPropError(st, info, ICS_DTEND, "no date could be read");
		if (end.is_date != ctx->start.is_date)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("line %d: DTEND is a %s but DTSTART is a %s", eline,
							end.is_date ? "date" : "date-time",
							ctx->start.is_date ? "date" : "date-time"),
					 errdetail("DTSTART is at line %d; both must be dates (VALUE=DATE) or both date-times.",
							   line)));
		if (ctx->allday)
		{
			DateADT		e = IcsTtDay(end, eline, "DTEND");
			DateADT		s = IcsTtDay(ctx->start, line, "DTSTART");

			if (e < s)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("line %d: DTEND is before DTSTART", eline),
						 errdetail("DTEND %s is before DTSTART %s (line %d); DTEND is the day after the last day.",
								   IcsFormatDay(e), IcsFormatDay(s), line)));
			if ((int64) e - (int64) s > ICS_MAX_DAYS)
				IcsTooManyDays(ctx);
			ctx->ndays = (e == s) ? 1 : (int) (e - s);
		}
		else
		{
			IcsZone		ezone = IcsResolveZone(st, ep->dtend, end, ep->vcal,
											   eline, "DTEND");
			TimestampTz end_ts = IcsToTimestamp(st, end, ezone, eline, "DTEND");

			if (end_ts < ctx->start_ts)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("line %d: DTEND is before DTSTART", eline),
						 errdetail("DTEND %s is before DTSTART (line %d).",
								   timestamptz_to_str(end_ts), line)));
			ctx->length = end_ts - ctx->start_ts;
		}
	}
	else if (ep->duration != NULL)
	{
		int			dline = IcsPropLine(info, ICS_DURATION);
		struct icaldurationtype du = icalproperty_get_duration(ep->duration);
		int64		days = (int64) du.weeks * 7 + (int64) du.days;
		int64		secs = (int64) du.hours * SECS_PER_HOUR +
			(int64) du.minutes * SECS_PER_MINUTE + (int64) du.seconds;

		if (du.is_neg && (days > 0 || secs > 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("line %d: DURATION is negative", dline),
					 errdetail("An event cannot end before it starts.")));
		if (days + secs / SECS_PER_DAY > ICS_MAX_DAYS)
			IcsTooManyDays(ctx);
		if (ctx->allday)
		{
			int64		nd = days + (secs + SECS_PER_DAY - 1) / SECS_PER_DAY;

			ctx->ndays = (nd == 0) ? 1 : (int) nd;
		}
		else
			ctx->length = (days * SECS_PER_DAY + secs) * USECS_PER_SEC;
	}
}

/*
 * IcsEventExdates
 *		Read EXDATE before any occurrence is added: dates (and, for an
 *		all-day event, the dates of date-times) remove occurrences starting
 *		on that day, date-times the occurrence starting at that instant.
 */
static void
IcsEventExdates(IcsImport *st, IcsEventCtx *ctx, IcsEventProps *ep)
{
	int			xline = IcsPropLine(ctx->info, ICS_EXDATE);
	ListCell   *lc;

	if (ep->exdates == NIL)
		return;
	ctx->exdays = palloc(list_length(ep->exdates) * sizeof(DateADT));
	ctx->exts = palloc(list_length(ep->exdates) * sizeof(TimestampTz));
	foreach(lc, ep->exdates)
	{
		struct icaltimetype x = icalproperty_get_exdate(lfirst(lc));

		CHECK_FOR_INTERRUPTS();
		if (icaltime_is_null_time(x))
			IcsPropError(st, ctx->info, ICS_EXDATE, "no date could be read");
		if (x.is_date || ctx->allday)
			ctx->exdays[ctx->nexdays++] = IcsTtDay(x, xline, "EXDATE");
		else
			ctx->exts[ctx->nexts++] =
				IcsToTimestamp(st, x, IcsResolveZone(st, lfirst(lc), x, ep->vcal,
												 xline, "EXDATE"),
							   xline, "EXDATE");
	}
	/* sorted, for IcsAddDate and IcsAddSpan to search */
	if (ctx->nexdays > 1)
		qsort(ctx->exdays, ctx->nexdays, sizeof(DateADT), IcsDateCmp);
	if (ctx->nexts > 1)
		qsort(ctx->exts, ctx->nexts, sizeof(TimestampTz), IcsTsCmp);
}

/*
 * IcsDateCmp
 *		qsort and bsearch order of days.
 */
static int
IcsDateCmp(const void *a, const void *b)
{
	DateADT		x = *(const DateADT *) a;
	DateADT		y = *(const DateADT *) b;

	return (x > y) - (x < y);
}

/*
 * IcsTsCmp
 *		qsort and bsearch order of instants.
 */
static int
IcsTsCmp(const void *a, const void *b)
{
	TimestampTz x = *(const TimestampTz *) a;
	TimestampTz y = *(const TimestampTz *) b;

	return (x > y) - (x < y);
}

/*
 * IcsRuleQuote
 *		The (first) RRULE line of an event, fit to quote in a message.
 */
static char *
IcsRuleQuote(IcsImport *st, IcsEventInfo *info)
{
	return IcsQuote(st->text->out.data + info->prop[ICS_RRULE].offset,
					info->prop[ICS_RRULE].len, 2 * ICS_QUOTE_CHARS);
}

/*
 * IcsListLen
 *		The number of values of a BY... list of a libical rule.
 */
static int
IcsListLen(const short *list, int size)
{
	int			n = 0;

	while (n < size && list[n] != ICAL_RECURRENCE_ARRAY_MAX)
		n++;
	return n;
}

/*
 * IcsSevenDays
 *		Whether a BYMONTHDAY list holds seven consecutive days that every
 *		month has (1-28 or -28 to -1), so that BYDAY, which then picks
 *		among them, finds every weekday in every month.
 */
static bool
IcsSevenDays(const short *md, int nmd)
{
	bool		pos[29] = {false};
	bool		neg[29] = {false};
	int			i;
	int			runp = 0;
	int			runn = 0;

	for (i = 0; i < nmd; i++)
	{
		if (md[i] >= 1 && md[i] <= 28)
			pos[md[i]] = true;
		else if (md[i] <= -1 && md[i] >= -28)
			neg[-md[i]] = true;
	}
	for (i = 1; i <= 28; i++)
	{
		runp = pos[i] ? runp + 1 : 0;
		runn = neg[i] ? runn + 1 : 0;
		if (runp >= 7 || runn >= 7)
			return true;
	}
	return false;
}

/*
 * IcsCheckRuleShape
 *		Refuse an event's RRULE that libical could search through for a
 *		long time without giving a day, and charge the rule's expansion to
 *		the import's budget of ICS_MAX_RULE_STEPS (R-12.2).
 *
 * libical expands a rule period by period (a day of a DAILY rule, a week,
 * a month, a year), in one uninterrupted call until the next occurrence.
 * When the periods give no day (February 30th, BYMONTH=2 with a monthly
 * rule stepping through other months, the fifth Monday of February) it
 * searches on to the year 2582, whatever the UNTIL: half a second per
 * rule, a minute for a hundred.  So a rule must give a day in every
 * period it steps through (or in one of a few): the forms a working-day
 * calendar uses (FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1, BYMONTH=5;BYDAY=2SU,
 * FREQ=WEEKLY;BYDAY=SA, FREQ=MONTHLY;BYDAY=-1FR, FREQ=DAILY;COUNT=7) all
 * do.  BYYEARDAY, BYWEEKNO, BYSETPOS and RSCALE are not supported.
 *
 * Within those forms every period costs about the same, so the rule's
 * cost is known before it runs: its periods from DTSTART to its end (its
 * UNTIL, the horizon or 2200, already in rec->until; with COUNT, at most
 * COUNT times the periods one occurrence may take), weighted by what a
 * period costs libical (a day or a week 1, a month 5, a year 8).  The
 * rules of one text may together cost ICS_MAX_RULE_STEPS: about half a
 * second of libical's time.
 */
static void
IcsCheckRuleShape(IcsImport *st, IcsEventCtx *ctx,
				  struct icalrecurrencetype *rec)
{
	IcsEventInfo *info = ctx->info;
	int			rline = IcsPropLine(info, ICS_RRULE);
	struct icaltimetype start = ctx->start;
	int			interval = Max(rec->interval, 1);
	int			nmo = IcsListLen(rec->by_month, ICAL_BY_MONTH_SIZE);
	int			nmd = IcsListLen(rec->by_month_day, ICAL_BY_MONTHDAY_SIZE);
	int			nday = IcsListLen(rec->by_day, ICAL_BY_DAY_SIZE);
	bool		any_weekday = false;	/* a BYDAY without ordinal */
	int			min_pos = INT_MAX;	/* smallest |ordinal| of BYDAY */
	bool		has_dow = false;	/* BYDAY names DTSTART's weekday */
	const char *why = NULL;
	int			per_count = 1;	/* periods one occurrence may take */
	int			weight;
	int64		periods;
	int64		steps;
	int64		cost;
	int			i;

	for (i = 0; i < nday; i++)
	{
		int			p = icalrecurrencetype_day_position(rec->by_day[i]);

		if (p == 0)
			any_weekday = true;
		else
			min_pos = Min(min_pos, Abs(p));
		if ((int) icalrecurrencetype_day_day_of_week(rec->by_day[i]) ==
			icaltime_day_of_week(start))
			has_dow = true;
	}

	if (rec->by_year_day[0] != ICAL_RECURRENCE_ARRAY_MAX)
		why = "BYYEARDAY is not supported";
	else if (rec->by_week_no[0] != ICAL_RECURRENCE_ARRAY_MAX)
		why = "BYWEEKNO is not supported";
	else if (rec->by_set_pos[0] != ICAL_RECURRENCE_ARRAY_MAX)
		why = "BYSETPOS is not supported";
	else if (rec->rscale != NULL)
		why = "RSCALE is not supported";
	else if (rec->freq == ICAL_DAILY_RECURRENCE)
	{
		if (nmo > 0 || nmd > 0)
			why = "a DAILY rule cannot take BYMONTH or BYMONTHDAY (days of most periods would be skipped)";
		else if (nday > 0 && !any_weekday)
			why = "a DAILY rule cannot take a BYDAY with an ordinal";
		else if (nday > 0 && interval % 7 == 0 && !has_dow)
			why = "with this INTERVAL the rule steps only to DTSTART's weekday, which BYDAY leaves out";
		else if (nday > 0 && interval % 7 != 0)
			per_count = 7;
	}
	else if (rec->freq == ICAL_WEEKLY_RECURRENCE)
	{
		if (nmo > 0)
			why = "a WEEKLY rule cannot take BYMONTH (weeks of most periods would be skipped)";
		else if (nday > 0 && !any_weekday)
			why = "a WEEKLY rule cannot take a BYDAY with an ordinal";
	}
	else if (rec->freq == ICAL_MONTHLY_RECURRENCE)
	{
		bool		small_md = false;

		for (i = 0; i < nmd; i++)
			small_md |= (Abs(rec->by_month_day[i]) <= 28);
		if (nmo > 0)
			why = "a MONTHLY rule cannot take BYMONTH (use FREQ=YEARLY with BYMONTH)";
		else if (nmd > 0 && nday > 0)
		{
			if (!IcsSevenDays(rec->by_month_day, nmd))
				why = "BYMONTHDAY with BYDAY needs seven consecutive days from 1 to 28 (or -28 to -1)";
		}
		else if (nmd > 0)
		{
			if (!small_md && interval > 1)
				why = "with an INTERVAL, BYMONTHDAY must name a day from 1 to 28 (or -28 to -1)";
			else if (!small_md)
				per_count = 2;
		}
		else if (nday > 0)
		{
			if (!any_weekday && min_pos > 5)
				why = "no month has a weekday more than five times";
			else if (!any_weekday && min_pos == 5 && interval > 1)
				why = "with an INTERVAL, an ordinal BYDAY must be from -4 to 4";
			else if (!any_weekday && min_pos == 5)
				per_count = 3;
		}
		else if (start.day > 28 && interval > 1)
			why = "with an INTERVAL, a monthly rule without BYMONTHDAY or BYDAY needs a DTSTART on day 1 to 28";
		else if (start.day > 28)
			per_count = 2;
	}
	else if (rec->freq == ICAL_YEARLY_RECURRENCE)
	{
		int			months[12];
		int			nmonths = 0;

		for (i = 0; i < nmo; i++)
			months[nmonths++] = icalrecurrencetype_month_month(rec->by_month[i]);
		if (nmonths == 0)
			months[nmonths++] = start.month;

		if (nmd > 0 && nday > 0)
		{
			if (!IcsSevenDays(rec->by_month_day, nmd))
				why = "BYMONTHDAY with BYDAY needs seven consecutive days from 1 to 28 (or -28 to -1)";
		}
		else if (nday > 0)
		{
			if (!any_weekday && nmo > 0 && min_pos > 4)
				why = "with BYMONTH, an ordinal BYDAY must be from -4 to 4: not every month has a fifth weekday";
			else if (!any_weekday && min_pos > 52)
				why = "an ordinal BYDAY must be from -52 to 52: not every year has a 53rd weekday";
		}
		else
		{
			bool		found = false;
			int			k;

			/* a day of the month in one of the months, in every year */
			for (i = 0; i < nmonths && !found; i++)
			{
				int			mdays = day_tab[0][months[i] - 1];

				if (nmd == 0)
					found = (start.day <= mdays);
				for (k = 0; k < nmd && !found; k++)
					found = (Abs(rec->by_month_day[k]) <= mdays);
			}
			if (!found)
				why = "the month and day it names do not exist in every year";
		}
	}

	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("line %d: RRULE of this form is not supported", rline),
				 errdetail("The line reads \"%s\": %s.  A rule must give a day in every period it steps through (libical searches, without interruption, period after period for one that does).",
						   IcsRuleQuote(st, info),
						   why),
				 errhint("Write the rule as FREQ=YEARLY with BYMONTH and BYMONTHDAY or BYDAY (e.g. FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1 or FREQ=YEARLY;BYMONTH=5;BYDAY=2SU), or list the days with RDATE.")));

	/* the periods from DTSTART to the end of the rule */
	{
		DateADT		d0 = date2j(start.year, start.month, start.day);
		DateADT		d1 = date2j(rec->until.year, rec->until.month,
								rec->until.day);

		switch (rec->freq)
		{
			case ICAL_DAILY_RECURRENCE:
				periods = (int64) d1 - d0;
				weight = 1;
				break;
			case ICAL_WEEKLY_RECURRENCE:
				periods = ((int64) d1 - d0) / 7;
				weight = 1;
				break;
			case ICAL_MONTHLY_RECURRENCE:
				periods = ((int64) rec->until.year - start.year) * 12 +
					rec->until.month - start.month;
				weight = 5;
				break;
			default:
				periods = (int64) rec->until.year - start.year;
				weight = 8;
				break;
		}
	}
	steps = Max(periods, 0) / interval + 1;
	if (rec->count > 0)
		steps = Min(steps, (int64) rec->count * per_count);
	cost = steps * weight;
	if (cost > ICS_MAX_RULE_STEPS - st->rule_steps)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("line %d: RRULE expansion would take more than %d steps",
						rline, ICS_MAX_RULE_STEPS),
				 errdetail("This rule takes " INT64_FORMAT " steps, the rules before it %d; a day of a DAILY rule or a week of a WEEKLY rule counts 1, a month of a MONTHLY rule 5, a year of a YEARLY rule 8, from DTSTART to COUNT, UNTIL or the end of the horizon.",
						   cost, st->rule_steps),
				 errhint("Bound the rule with COUNT or UNTIL, start it later, or split the file.")));
	st->rule_steps += (int) cost;
}

/*
 * IcsExpandRrule
 *		Add the occurrences of one RRULE (R-12.2), each with the
 *		event's length, through libical's iterator.
 *
 * A rule without COUNT or UNTIL stops at the horizon (31 December of this
 * year + hotline.rrule_horizon_years).  A bounded one is given an UNTIL
 * just past the last year a calendar holds, so that an occurrence after
 * 2199 is reported by IcsAddDays.  IcsCheckRuleShape refuses the rules
 * libical would search through for long without an occurrence and
 * charges the rest to the import's budget first.  The iterator is kept in
 * st so that PG_FINALLY frees it on error.
 */
static void
IcsExpandRrule(IcsImport *st, IcsEventCtx *ctx, icalproperty *p)
{
	IcsEventInfo *info = ctx->info;
	int			rline = IcsPropLine(info, ICS_RRULE);
	struct icalrecurrencetype rec = icalproperty_get_rrule(p);
	struct icaltimetype start = ctx->start;
	bool		bounded;
	DateADT		limit;
	struct icaltimetype limit_tt;
	int			y,
				m,
				d;

	if (rec.freq == ICAL_NO_RECURRENCE)
		IcsPropError(st, info, ICS_RRULE, "the rule has no FREQ");
	/* IcsCheckProperty refused these already; libical may read otherwise */
	if (rec.freq == ICAL_SECONDLY_RECURRENCE ||
		rec.freq == ICAL_MINUTELY_RECURRENCE ||
		rec.freq == ICAL_HOURLY_RECURRENCE ||
		rec.by_second[0] != ICAL_RECURRENCE_ARRAY_MAX ||
		rec.by_minute[0] != ICAL_RECURRENCE_ARRAY_MAX ||
		(rec.by_hour[0] != ICAL_RECURRENCE_ARRAY_MAX &&
		 rec.by_hour[1] != ICAL_RECURRENCE_ARRAY_MAX))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("line %d: RRULE repeats more often than daily", rline),
				 errhint("Use FREQ=DAILY or a longer frequency; the event's DTSTART gives its time of day.")));

	bounded = (rec.count > 0 || !icaltime_is_null_time(rec.until));
	limit = bounded ?
		date2j(CAL_LAST_YEAR + 1, 12, 31) - POSTGRES_EPOCH_JDATE :
		st->horizon_end;
	j2date(limit + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	limit_tt = icaltime_null_time();
	limit_tt.year = y;
	limit_tt.month = m;
	limit_tt.day = d;
	limit_tt.is_date = start.is_date;
	if (!start.is_date)
	{
		limit_tt.hour = 23;
		limit_tt.minute = 59;
		limit_tt.second = 59;
		limit_tt.zone = start.zone;
	}
	if (icaltime_is_null_time(rec.until) || rec.until.year > CAL_LAST_YEAR + 1)
		rec.until = limit_tt;

	/* R-12.2: only rules libical expands in bounded time (file header) */
	IcsCheckRuleShape(st, ctx, &rec);

	st->iter = icalrecur_iterator_new(rec, start);
	if (st->iter == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: RRULE cannot be expanded", rline),
				 errdetail("The line reads \"%s\"; the iCalendar parser reports: %s.",
						   IcsRuleQuote(st, info),
						   icalerror_strerror(icalerrno)),
				 errhint("Check the BY... parts of the rule: they may be out of range or contradict each other.")));
	for (;;)
	{
		struct icaltimetype o = icalrecur_iterator_next(st->iter);
		DateADT		od;

		if (icaltime_is_null_time(o))
			break;
		CHECK_FOR_INTERRUPTS();
		od = IcsTtDay(o, rline, "RRULE");
		if (od > limit)
			break;
		/* DTSTART was added already */
		if (o.year == start.year && o.month == start.month &&
			o.day == start.day && o.hour == start.hour &&
			o.minute == start.minute && o.second == start.second)
			continue;
		if (ctx->allday)
			IcsAddDate(st, ctx, od, ctx->ndays, rline, "RRULE");
		else
		{
			TimestampTz ots = IcsToTimestamp(st, o, ctx->zone, rline, "RRULE");

			IcsAddSpan(st, ctx, ots, ots + ctx->length, rline, "RRULE");
		}
	}
	icalrecur_iterator_free(st->iter);
	st->iter = NULL;
}

/*
 * IcsExpandRdate
 *		Add the occurrence one RDATE value gives: a date (the event's
 *		number of days), a date-time (the event's length) or a period (its
 *		own length).
 */
static void
IcsExpandRdate(IcsImport *st, IcsEventCtx *ctx, IcsEventProps *ep,
			   icalproperty *p)
{
	int			rline = IcsPropLine(ctx->info, ICS_RDATE);
	struct icaldatetimeperiodtype dp = icalproperty_get_rdate(p);

	if (!icaltime_is_null_time(dp.time))
	{
		if (dp.time.is_date || ctx->allday)
			IcsAddDate(st, ctx, IcsTtDay(dp.time, rline, "RDATE"),
					   ctx->allday ? ctx->ndays : 1, rline, "RDATE");
		else
		{
			IcsZone		rz = IcsResolveZone(st, p, dp.time, ep->vcal, rline,
											"RDATE");
			TimestampTz rts = IcsToTimestamp(st, dp.time, rz, rline, "RDATE");

			IcsAddSpan(st, ctx, rts, rts + ctx->length, rline, "RDATE");
		}
	}
	else if (!icaltime_is_null_time(dp.period.start))
	{
		IcsZone		rz = IcsResolveZone(st, p, dp.period.start, ep->vcal,
										rline, "RDATE");
		TimestampTz ps = IcsToTimestamp(st, dp.period.start, rz, rline, "RDATE");
		TimestampTz pe;

		if (!icaltime_is_null_time(dp.period.end))
			pe = IcsToTimestamp(st, dp.period.end, rz, rline, "RDATE");
		else
		{
			struct icaldurationtype du = dp.period.duration;
			int64		secs = ((int64) du.weeks * 7 + (int64) du.days) * SECS_PER_DAY +
				(int64) du.hours * SECS_PER_HOUR +
				(int64) du.minutes * SECS_PER_MINUTE + (int64) du.seconds;

			if (secs > (int64) ICS_MAX_DAYS * SECS_PER_DAY)
				IcsTooManyDays(ctx);
			pe = ps + (du.is_neg ? -secs : secs) * USECS_PER_SEC;
		}
		IcsAddSpan(st, ctx, ps, pe, rline, "RDATE");
	}
	else
		IcsPropError(st, ctx->info, ICS_RDATE, "no date could be read");
}

/*
 * IcsReadEvent
 *		Expand one VEVENT into declared days (R-12.2).
 *
 * Runs in the per-event memory context; the note and source, which
 * outlive the event, go to st->cxt.
 */
static void
IcsReadEvent(IcsImport *st, icalcomponent *ev, bool *seen)
{
	IcsEventProps ep;
	IcsEventCtx ctx;
	IcsEventInfo *info;
	int			line;
	ListCell   *lc;

	IcsCollectProps(ev, &ep);
	if (ep.event < 0 || ep.event >= st->text->nevents || seen[ep.event])
		elog(ERROR, "VEVENT returned by libical has no pre-pass record");
	seen[ep.event] = true;
	info = &st->text->events[ep.event];

	IcsCheckParsed(st, info, &ep);

	/* a cancelled event declares nothing */
	if (ep.status != NULL &&
		icalproperty_get_status(ep.status) == ICAL_STATUS_CANCELLED)
		return;

	if (ep.dtstart == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("line %d: VEVENT has no DTSTART", info->begin_line),
				 errdetail("Every event needs DTSTART, its first day."),
				 errhint("Add e.g. DTSTART;VALUE=DATE:20230101 to the event.")));

	memset(&ctx, 0, sizeof(ctx));
	ctx.event = (int) ep.event;
	ctx.info = info;
	ctx.begin_line = info->begin_line;
	ctx.workday = IcsEventIsWorkday(st, &ep);

	if (ep.summary != NULL && icalproperty_get_summary(ep.summary) != NULL)
	{
		st->notes[ctx.event] = IcsToServer(icalproperty_get_summary(ep.summary),
										   st->cxt, info->begin_line);
		IcsCheckText(st->notes[ctx.event],
					 info->summary_line ? info->summary_line : info->begin_line,
					 "SUMMARY", "the note of the event's days",
					 "Shorten the SUMMARY; a longer text can go into DESCRIPTION, which is not imported.");
	}
	if (st->source_arg != NULL)
		st->sources[ctx.event] = st->source_arg;
	else if (ep.xsource != NULL && ep.xsource[0] != '\0')
	{
		st->sources[ctx.event] = IcsToServer(ep.xsource, st->cxt,
											 info->begin_line);
		IcsCheckText(st->sources[ctx.event],
					 info->xsource_line ? info->xsource_line : info->begin_line,
					 ICS_SOURCE_TAG, "the source of the event's days",
					 "Shorten it, or pass source => '...' to record another source for the whole file.");
	}
	else
		st->sources[ctx.event] = st->file_source;

	/* DTSTART, and the zone its occurrences are read in */
	line = IcsPropLine(info, ICS_DTSTART);
	ctx.start = icalproperty_get_dtstart(ep.dtstart);
	if (icaltime_is_null_time(ctx.start))
		IcsPropError(st, info, ICS_DTSTART, "no date could be read");
	ctx.allday = ctx.start.is_date;
	if (ctx.allday)
		(void) IcsTtDay(ctx.start, line, "DTSTART");
	else
	{
		ctx.zone = IcsResolveZone(st, ep.dtstart, ctx.start, ep.vcal, line,
								  "DTSTART");
		ctx.start_ts = IcsToTimestamp(st, ctx.start, ctx.zone, line, "DTSTART");
	}

	IcsEventLength(st, &ctx, &ep);
	IcsEventExdates(st, &ctx, &ep);

	/* the first occurrence is DTSTART itself (RFC 5545 3.8.5.3) */
	if (ctx.allday)
		IcsAddDate(st, &ctx, IcsTtDay(ctx.start, line, "DTSTART"), ctx.ndays,
				   line, "DTSTART");
	else
		IcsAddSpan(st, &ctx, ctx.start_ts, ctx.start_ts + ctx.length, line,
				   "DTSTART");

	foreach(lc, ep.rrules)
		IcsExpandRrule(st, &ctx, lfirst(lc));
	foreach(lc, ep.rdates)
	{
		CHECK_FOR_INTERRUPTS();
		IcsExpandRdate(st, &ctx, &ep, lfirst(lc));
	}
}

/*
 * IcsReadCalendar
 *		Walk what libical parsed: the file's source name, then every VEVENT
 *		(R-12.2).  Called inside PG_TRY: st->root is freed by the caller
 *		whatever happens.
 */
static void
IcsReadCalendar(IcsImport *st)
{
	icalcomponent *root = st->root;
	List	   *cals = NIL;
	List	   *events = NIL;
	ListCell   *lc;
	const char *calname = NULL;
	const char *prodid = NULL;
	bool	   *seen;
	int			i;

	if (root == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("iCalendar text could not be parsed"),
				 errdetail("The iCalendar library reports: %s.",
						   icalerror_strerror(icalerrno))));

	if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT)
		cals = list_make1(root);
	else
	{
		icalcomponent *c;

		for (c = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
			 c != NULL;
			 c = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
		{
			CHECK_FOR_INTERRUPTS();
			cals = lappend(cals, c);
		}
	}

	foreach(lc, cals)
	{
		icalcomponent *cal = lfirst(lc);
		icalcomponent *c;
		icalproperty *p;

		for (p = icalcomponent_get_first_property(cal, ICAL_ANY_PROPERTY);
			 p != NULL;
			 p = icalcomponent_get_next_property(cal, ICAL_ANY_PROPERTY))
		{
			CHECK_FOR_INTERRUPTS();
			if (icalproperty_isa(p) == ICAL_PRODID_PROPERTY && prodid == NULL)
				prodid = icalproperty_get_prodid(p);
			else if (icalproperty_isa(p) == ICAL_X_PROPERTY && calname == NULL)
			{
				const char *xn = icalproperty_get_x_name(p);

				if (xn != NULL && pg_strcasecmp(xn, "X-WR-CALNAME") == 0)
					calname = icalproperty_get_x(p);
			}
		}
		for (c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
			 c != NULL;
			 c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		{
			CHECK_FOR_INTERRUPTS();
			events = lappend(events, c);
		}
	}

	/* R-12.2: the source */
	if (st->source_arg != NULL)
		st->file_source = st->source_arg;
	else if (calname != NULL && calname[0] != '\0')
	{
		st->file_source = psprintf("iCalendar: %s",
								   IcsToServer(calname, st->cxt, 1));
		IcsCheckText(st->file_source, Max(st->text->calname_line, 1),
					 "X-WR-CALNAME", "the source of the file's days (\"iCalendar: \" and the name)",
					 "Pass source => '...' to record a shorter source.");
	}
	else if (prodid != NULL && prodid[0] != '\0')
	{
		st->file_source = IcsToServer(prodid, st->cxt, 1);
		IcsCheckText(st->file_source, Max(st->text->prodid_line, 1),
					 "PRODID", "the source of the file's days",
					 "Pass source => '...' to record a shorter source.");
	}
	else
		st->file_source = pstrdup("iCalendar import");

	seen = palloc0(Max(st->text->nevents, 1) * sizeof(bool));
	foreach(lc, events)
	{
		MemoryContext old;

		CHECK_FOR_INTERRUPTS();
		MemoryContextReset(st->eventcxt);
		old = MemoryContextSwitchTo(st->eventcxt);
		IcsReadEvent(st, lfirst(lc), seen);
		MemoryContextSwitchTo(old);
	}
	for (i = 0; i < st->text->nevents; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (!seen[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("line %d: VEVENT could not be read",
							st->text->events[i].begin_line),
					 errdetail("The iCalendar parser did not return this event.")));
	}
}

/*
 * IcsDayCmp
 *		qsort order of declared days: by day, working days first, then in
 *		declaration order, so the first of each day is the one kept (R-12.2:
 *		the working day wins, deterministically).
 */
static int
IcsDayCmp(const void *a, const void *b)
{
	const IcsDay *x = (const IcsDay *) a;
	const IcsDay *y = (const IcsDay *) b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->workday != y->workday)
		return x->workday ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq ? 1 : 0);
}

/*
 * IcsWrite
 *		Write the declared days and the coverage years (R-12.2).
 *
 * One INSERT ... ON CONFLICT with arrays as parameters: a day is written
 * only if it is new or its kind changes, so re-importing returns 0 and
 * built-in rows that agree are never touched (their trigger would refuse).
 * Returns that count.  The notes and sources go once per event, joined to
 * the days there: an event of many days does not copy its texts per day.
 */
static int32
IcsWrite(const char *calname, IcsImport *st, ArrayType *years,
		 bool derive_years)
{
	static const char *insert_days =
		"WITH e AS (SELECT e.ord, e.note, e.source"
		" FROM ROWS FROM (pg_catalog.unnest($5), pg_catalog.unnest($6))"
		" WITH ORDINALITY AS e(note, source, ord)),"
		" d AS (SELECT u.day, CASE WHEN u.work"
		" THEN 'workday'::hotline.day_kind ELSE 'holiday'::hotline.day_kind"
		" END AS kind, e.note, e.source"
		" FROM ROWS FROM (pg_catalog.unnest($2), pg_catalog.unnest($3),"
		" pg_catalog.unnest($4)) AS u(day, work, ev)"
		" JOIN e ON e.ord OPERATOR(pg_catalog.=) u.ev),"
		" w AS (INSERT INTO hotline.calendar_day AS c"
		" (calendar, day, kind, note, source)"
		" SELECT $1, d.day, d.kind, d.note, d.source FROM d"
		" ON CONFLICT (calendar, day) DO UPDATE"
		" SET kind = EXCLUDED.kind, note = EXCLUDED.note,"
		" source = EXCLUDED.source"
		" WHERE c.kind OPERATOR(pg_catalog.<>) EXCLUDED.kind"
		" RETURNING 1)"
		" SELECT pg_catalog.count(*)::pg_catalog.int4 FROM w";
	static const char *insert_years =
		"INSERT INTO hotline.calendar_year (calendar, year, source)"
		" SELECT $1, y, $3 FROM pg_catalog.unnest($2) AS y"
		" ON CONFLICT DO NOTHING";
	int			nev = Max(st->text->nevents, 1);
	Datum	   *dayv;
	Datum	   *workv;
	Datum	   *evv;
	Datum	   *notev;
	Datum	   *srcv;
	bool	   *notenull;
	bool	   *srcnull;
	int			n = 0;
	int			i;
	int			dims[1];
	int			lbs[1] = {1};
	Oid			argtypes[6] = {TEXTOID, DATEARRAYOID, BOOLARRAYOID,
	INT4ARRAYOID, TEXTARRAYOID, TEXTARRAYOID};
	Datum		values[6];
	char		nulls[6] = {' ', ' ', ' ', ' ', ' ', ' '};
	int			ret;
	int32		changed;
	bool		isnull;

	/* deduplicate: the first of each day in IcsDayCmp order */
	if (st->ndays > 1)
		qsort(st->days, st->ndays, sizeof(IcsDay), IcsDayCmp);
	dayv = palloc(Max(st->ndays, 1) * sizeof(Datum));
	workv = palloc(Max(st->ndays, 1) * sizeof(Datum));
	evv = palloc(Max(st->ndays, 1) * sizeof(Datum));
	for (i = 0; i < st->ndays; i++)
	{
		IcsDay	   *x = &st->days[i];

		CHECK_FOR_INTERRUPTS();
		if (n > 0 && st->days[n - 1].day == x->day)
			continue;
		st->days[n] = *x;
		dayv[n] = DateADTGetDatum(x->day);
		workv[n] = BoolGetDatum(x->workday);
		evv[n] = Int32GetDatum(x->event + 1);
		n++;
	}
	st->ndays = n;

	/* the texts, once per event (at most ICS_MAX_TEXT_CHARS each) */
	notev = palloc(nev * sizeof(Datum));
	srcv = palloc(nev * sizeof(Datum));
	notenull = palloc(nev * sizeof(bool));
	srcnull = palloc(nev * sizeof(bool));
	for (i = 0; i < nev; i++)
	{
		char	   *note = (i < st->text->nevents) ? st->notes[i] : NULL;
		char	   *src = (i < st->text->nevents) ? st->sources[i] : NULL;

		CHECK_FOR_INTERRUPTS();
		notenull[i] = (note == NULL);
		notev[i] = note ? CStringGetTextDatum(note) : (Datum) 0;
		srcnull[i] = (src == NULL);
		/* most events share the file's source: one copy of it */
		if (i > 0 && src != NULL && src == st->sources[i - 1])
			srcv[i] = srcv[i - 1];
		else
			srcv[i] = src ? CStringGetTextDatum(src) : (Datum) 0;
	}

	/* R-12.2: derive the years when none are given */
	if (derive_years)
	{
		int			ny = 0;
		int			nkept = 0;
		bool	   *yany = palloc0(CAL_NYEARS * sizeof(bool));
		bool	   *ycore = palloc0(CAL_NYEARS * sizeof(bool));
		Datum	   *yd;

		for (i = 0; i < n; i++)
		{
			int			y,
						m,
						d;

			j2date(st->days[i].day + POSTGRES_EPOCH_JDATE, &y, &m, &d);
			yany[y - CAL_FIRST_YEAR] = true;
			if (!((m == 12 && d >= 25) || (m == 1 && d <= 7)))
				ycore[y - CAL_FIRST_YEAR] = true;
		}
		for (i = 0; i < CAL_NYEARS; i++)
		{
			if (yany[i])
				ny++;
			if (ycore[i])
				nkept++;
		}

		/*
		 * With several years, one that only has days at the turn of the
		 * year (25-31 December, 1-7 January) belongs to a neighbour's
		 * notice; unless that would leave no year at all.
		 */
		yd = palloc(Max(ny, 1) * sizeof(Datum));
		ny = 0;
		for (i = 0; i < CAL_NYEARS; i++)
		{
			if (yany[i] && (ycore[i] || nkept == 0))
				yd[ny++] = Int32GetDatum(i + CAL_FIRST_YEAR);
		}
		years = construct_array(yd, ny, INT4OID, sizeof(int32), true,
								TYPALIGN_INT);
	}

	dims[0] = nev;
	values[0] = CStringGetTextDatum(calname);
	values[1] = PointerGetDatum(construct_array(dayv, n, DATEOID,
												sizeof(DateADT), true,
												TYPALIGN_INT));
	values[2] = PointerGetDatum(construct_array(workv, n, BOOLOID,
												sizeof(bool), true,
												TYPALIGN_CHAR));
	values[3] = PointerGetDatum(construct_array(evv, n, INT4OID,
												sizeof(int32), true,
												TYPALIGN_INT));
	values[4] = PointerGetDatum(construct_md_array(notev, notenull, 1, dims,
												   lbs, TEXTOID, -1, false,
												   TYPALIGN_INT));
	values[5] = PointerGetDatum(construct_md_array(srcv, srcnull, 1, dims,
												   lbs, TEXTOID, -1, false,
												   TYPALIGN_INT));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	ret = SPI_execute_with_args(insert_days, 6, argtypes, values, nulls,
								false, 0);
	if (ret != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "writing the imported days failed: %s",
			 SPI_result_code_string(ret));
	changed = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0],
										  SPI_tuptable->tupdesc, 1, &isnull));
	if (isnull)
		changed = 0;

	if (years != NULL && ArrayGetNItems(ARR_NDIM(years), ARR_DIMS(years)) > 0)
	{
		Oid			yargtypes[3] = {TEXTOID, INT4ARRAYOID, TEXTOID};
		Datum		yvalues[3];
		char		ynulls[3] = {' ', ' ', ' '};

		yvalues[0] = values[0];
		yvalues[1] = PointerGetDatum(years);
		yvalues[2] = CStringGetTextDatum(st->file_source);
		ret = SPI_execute_with_args(insert_years, 3, yargtypes, yvalues,
									ynulls, false, 0);
		if (ret != SPI_OK_INSERT)
			elog(ERROR, "writing the covered years failed: %s",
				 SPI_result_code_string(ret));
	}

	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	return changed;
}

/*
 * IcsImportRaw
 *		import_ics for raw bytes: both SQL overloads end here (R-12.2).
 *
 * Arguments are checked first (calendar, as_kind, years), then the text
 * is checked and expanded completely, then written: nothing of a
 * malformed file is imported (R-12.2).
 */
static int32
IcsImportRaw(FunctionCallInfo fcinfo, const char *raw, int len)
{
	char	   *calname = text_to_cstring(PG_GETARG_TEXT_PP(0));
	HotlineCalendar *cal;
	IcsImport  *st;
	IcsText    *it;
	ArrayType  *years = NULL;
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;
	int			horizon_year;

	/* R-12.2: the calendar must exist */
	cal = HotlineCalendarGetByCString(calname);

	/*
	 * Both live in palloc'd memory: st is changed inside PG_TRY and read in
	 * PG_FINALLY, which a local variable would have to be volatile for.
	 */
	st = palloc0(sizeof(IcsImport));
	it = palloc0(sizeof(IcsText));

	/*
	 * The calendar cache may be rebuilt while we write (our own writes
	 * invalidate it): keep only the zone, which pg_tzset never frees.
	 */
	st->caltz = cal->tz;
	st->forced_kind = -1;
	if (!PG_ARGISNULL(2))
	{
		char	   *label = DatumGetCString(DirectFunctionCall1(enum_out,
																PG_GETARG_DATUM(2)));

		if (strcmp(label, "workday") == 0)
			st->forced_kind = 1;
		else if (strcmp(label, "holiday") == 0)
			st->forced_kind = 0;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unexpected day kind \"%s\"", label)));
	}
	if (!PG_ARGISNULL(3))
	{
		text	   *src = PG_GETARG_TEXT_PP(3);
		int			nchars = pg_mbstrlen_with_len(VARDATA_ANY(src),
												  VARSIZE_ANY_EXHDR(src));

		/* R-12.2: the source is stored with every day */
		if (nchars > ICS_MAX_TEXT_CHARS)
			ereport(ERROR,
					(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
					 errmsg("source is longer than %d characters",
							ICS_MAX_TEXT_CHARS),
					 errdetail("The source argument has %d characters; it is recorded with every imported day, and holds at most %d.",
							   nchars, ICS_MAX_TEXT_CHARS),
					 errhint("Pass a short source, such as the document number of the notice.")));
		st->source_arg = text_to_cstring(src);
	}

	if (!PG_ARGISNULL(4))
	{
		Datum	   *elems;
		bool	   *enulls;
		int			nelems;
		int			i;

		years = PG_GETARG_ARRAYTYPE_P(4);
		deconstruct_array(years, INT4OID, sizeof(int32), true, TYPALIGN_INT,
						  &elems, &enulls, &nelems);
		for (i = 0; i < nelems; i++)
		{
			if (enulls[i])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("years must not contain NULL"),
						 errhint("Pass the years the file covers, e.g. ARRAY[2024], or '{}' for none.")));
			if (DatumGetInt32(elems[i]) < CAL_FIRST_YEAR ||
				DatumGetInt32(elems[i]) > CAL_LAST_YEAR)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("year %d is out of range",
								DatumGetInt32(elems[i])),
						 errdetail("Calendars cover years %d to %d.",
								   CAL_FIRST_YEAR, CAL_LAST_YEAR)));
		}
		/* one dimension, whatever was passed */
		years = construct_array(elems, nelems, INT4OID, sizeof(int32), true,
								TYPALIGN_INT);
	}

	if (len > ICS_MAX_BYTES)
		IcsTooLarge(len);

	/* the horizon of unbounded rules, from this year in the calendar's zone */
	if (timestamp2tm(GetCurrentTransactionStartTimestamp(), &tzoff, &tm,
					 &fsec, NULL, st->caltz) != 0)
		elog(ERROR, "transaction start timestamp out of range");
	horizon_year = tm.tm_year + Max(hotline_rrule_horizon_years, 0);
	if (horizon_year > CAL_LAST_YEAR)
		horizon_year = CAL_LAST_YEAR;
	st->horizon_end = date2j(horizon_year, 12, 31) - POSTGRES_EPOCH_JDATE;

	/* stage 1: the pre-pass */
	IcsPrepass(it, raw, len);

	/* stage 2: libical */
	st->text = it;
	st->cxt = CurrentMemoryContext;
	st->eventcxt = AllocSetContextCreate(CurrentMemoryContext,
										"hotline ics event",
										ALLOCSET_DEFAULT_SIZES);
	st->maxdays = 256;
	st->days = palloc(st->maxdays * sizeof(IcsDay));
	st->notes = palloc0(Max(it->nevents, 1) * sizeof(char *));
	st->sources = palloc0(Max(it->nevents, 1) * sizeof(char *));

	HotlineLibicalInit();
	PG_TRY();
	{
		st->root = icalparser_parse_string(it->out.data);
		IcsReadCalendar(st);
	}
	PG_FINALLY();
	{
		if (st->iter != NULL)
			icalrecur_iterator_free(st->iter);
		st->iter = NULL;
		if (st->root != NULL)
			icalcomponent_free(st->root);
		st->root = NULL;
	}
	PG_END_TRY();
	MemoryContextDelete(st->eventcxt);
	/* the normalised text was kept for the errors of stage 2 only */
	pfree(it->out.data);
	it->out.data = NULL;

	/* stage 3: write */
	return IcsWrite(calname, st, years, PG_ARGISNULL(4));
}

/*
 * IcsTooLarge
 *		The ICS_MAX_BYTES cap (R-12.2).
 */
static void
IcsTooLarge(int len)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("iCalendar text is too large"),
			 errdetail("The text has %d bytes; the limit is %d.", len,
					   ICS_MAX_BYTES),
			 errhint("Split the file, e.g. one file per year.")));
}

/*
 * hotline_import_ics_text
 *		import_ics(calendar text, ics text, ...) (R-12.2).
 *
 * The text is in the server encoding; its UTF-8 bytes go through the same
 * pre-pass as a file's.  NULL calendar or text gives NULL.
 */
Datum
hotline_import_ics_text(PG_FUNCTION_ARGS)
{
	text	   *ics;
	const char *raw;
	int			len;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	ics = PG_GETARG_TEXT_PP(1);
	raw = VARDATA_ANY(ics);
	len = VARSIZE_ANY_EXHDR(ics);
	if (GetDatabaseEncoding() != PG_UTF8 &&
		GetDatabaseEncoding() != PG_SQL_ASCII)
	{
		/* not converted at all when it is too large in any encoding */
		if (len > ICS_MAX_BYTES)
			IcsTooLarge(len);
		raw = pg_server_to_any(raw, len, PG_UTF8);
		len = strlen(raw);
	}
	PG_RETURN_INT32(IcsImportRaw(fcinfo, raw, len));
}

/*
 * hotline_import_ics_bytea
 *		import_ics(calendar text, ics bytea, ...) (R-12.2): raw file bytes,
 *		e.g. from pg_read_binary_file(), which must be UTF-8.
 */
Datum
hotline_import_ics_bytea(PG_FUNCTION_ARGS)
{
	bytea	   *ics;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	ics = PG_GETARG_BYTEA_PP(1);
	PG_RETURN_INT32(IcsImportRaw(fcinfo, VARDATA_ANY(ics),
							   VARSIZE_ANY_EXHDR(ics)));
}
