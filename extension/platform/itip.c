/*-------------------------------------------------------------------------
 *
 * itip.c
 *	  Scheduling messages of iCalendar (iTIP, RFC 5546) built and read with
 *	  libical: invitations people can accept in their calendar client.
 *
 * hotline.ical_message(method, events, time_zone, prodid) builds one
 * VCALENDAR: METHOD REQUEST (an invitation, or its update: same UID, a
 * higher SEQUENCE), CANCEL, PUBLISH (a feed of events, no attendees) or
 * REPLY (one attendee's answer); one VTIMEZONE of the zone the events'
 * times are written in (libical's from the system's zone data, cut to a
 * year before the first event, TZID the zone's IANA name), and a VEVENT
 * per element of events, a JSON array of objects:
 *
 *	 {"uid": "...", "sequence": 0, "start": "2026-12-07T09:00:00+08:00",
 *	  "end": "...", "summary": "...", "description": "...", "location": "...",
 *	  "status": "CONFIRMED", "dtstamp": "...", "alarm_minutes": 60,
 *	  "organizer": {"email": "...", "name": "..."},
 *	  "attendees": [{"email": "...", "name": "...", "role": "REQ-PARTICIPANT",
 *					 "partstat": "NEEDS-ACTION", "rsvp": true}],
 *	  "comment": "..."}
 *
 * hotline.ical_read(ics) reads such a message with libical: one row per
 * event (METHOD, UID, SEQUENCE, start and end, STATUS, SUMMARY, the
 * organizer, the attendees with their PARTSTAT, DTSTAMP, COMMENT) and
 * whether it passes libical's checks of RFC 5546: what imports a client's
 * REPLY, and what the tests read the invitations back with.
 *
 * The platform knows no process: what an event means is its caller's.
 *
 * Bounds: everything is validated before libical sees it (at most 10,000
 * events, 100 attendees each, texts of bounded length, no control
 * characters where a client would choke), a message to read is at most
 * 64 kB of valid UTF-8 with lines of at most 8,000 bytes, and every loop
 * over the input checks for interrupts.  libical's objects are made and
 * freed inside PG_TRY/PG_FINALLY.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "hotline.h"

#include <ctype.h>
#include <libical/ical.h>

#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

/*
 * ZoneNameShape
 *		Whether name has the shape of an IANA zone name (at most 64 ASCII
 *		letters, digits, '/', '_', '+' and '-'), checked before libical
 *		looks it up in the system's zone data.
 */
static bool
ZoneNameShape(const char *name)
{
	const char *c;

	if (strlen(name) > 64)
		return false;
	for (c = name; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
			  *c == '/' || *c == '_' || *c == '+' || *c == '-'))
			return false;
	return true;
}

PG_FUNCTION_INFO_V1(hotline_ical_message);
/*
 * ItipPropertyText
 *		The value of a property (METHOD, STATUS) as the message writes it,
 *		NULL when there is none: libical's names of enumerated values know
 *		no experimental (X-) or unregistered value, and give NULL for them.
 */
static const char *
ItipPropertyText(icalproperty *p)
{
	const char *v;

	if (p == NULL)
		return NULL;
	v = icalproperty_get_value_as_string(p);
	return v != NULL && v[0] != '\0' ? v : NULL;
}

/*
 * ItipPartstat
 *		An attendee's PARTSTAT: NEEDS-ACTION when it has none (RFC 5545's
 *		default), a registered value by its name, an experimental or
 *		unregistered one (X-FOO, a typo) as written, never NULL.
 */
static const char *
ItipPartstat(icalparameter *ps)
{
	const char *v;

	if (ps == NULL)
		return "NEEDS-ACTION";
	v = icalparameter_enum_to_string(icalparameter_get_partstat(ps));
	if (v == NULL)
		v = icalparameter_get_xvalue(ps);
	if (v == NULL)
		v = icalparameter_get_iana_value(ps);
	return v != NULL ? v : "";
}

PG_FUNCTION_INFO_V1(hotline_ical_read);

#define ITIP_MAX_EVENTS		10000
#define ITIP_MAX_ATTENDEES	100
#define ITIP_MAX_UID		255
#define ITIP_MAX_EMAIL		254
#define ITIP_MAX_SHORT		500		/* summary, location, names, comment */
#define ITIP_MAX_LONG		4000	/* description */
#define ITIP_MAX_DAYS		31		/* an event's length */
#define ITIP_MAX_READ		65536	/* a message to read, bytes */
#define ITIP_MAX_LINE		8000	/* a line of it, bytes */

/* One person: the organizer or an attendee */
typedef struct ItipPerson
{
	char	   *email;
	char	   *name;			/* or NULL */
	icalparameter_role role;
	icalparameter_partstat partstat;
	bool		rsvp;
} ItipPerson;

/* One event, validated */
typedef struct ItipEvent
{
	char	   *uid;
	int			sequence;
	TimestampTz start;
	TimestampTz end;
	TimestampTz dtstamp;
	char	   *summary;
	char	   *description;
	char	   *location;
	char	   *comment;
	icalproperty_status status;
	int			alarm_minutes;	/* -1: none */
	bool		has_organizer;
	ItipPerson	organizer;
	ItipPerson *attendees;
	int			nattendees;
} ItipEvent;

/* What is being read, for the errors */
typedef struct ItipWhere
{
	int			event;			/* 1-based */
	const char *field;
} ItipWhere;

static void ItipWhereContext(void *arg);
static bool ItipGet(JsonbContainer *obj, const char *key, JsonbValue *out);
static char *ItipString(JsonbContainer *obj, const char *key, int maxchars,
						bool required, bool multiline, int event);
static int	ItipInt(JsonbContainer *obj, const char *key, int min, int max,
					int dflt, int event);
static TimestampTz ItipTime(JsonbContainer *obj, const char *key, bool required,
							TimestampTz dflt, int event);
static void ItipPersonParse(JsonbValue *v, const char *what, bool attendee,
							ItipPerson *p, int event);
static void ItipEventParse(JsonbValue *v, icalproperty_method method, int event,
						   ItipEvent *ev);
static icalproperty *ItipPersonProperty(ItipPerson *p, bool attendee);
static struct icaltimetype ItipLocal(TimestampTz ts, icaltimezone *zone);
static icalcomponent *ItipBuild(icalproperty_method method, ItipEvent *events,
								int nevents, const char *tzname,
								icaltimezone *zone, const char *prodid);
static void ItipBadText(const char *what, int event, const char *detail);
static void ItipRequireUtf8(void);
static bool ItipReadTime(struct icaltimetype tt, TimestampTz *out);
static char *ItipReadText(text *t);

/*
 * ItipRequireUtf8
 *		iCalendar is UTF-8, as libical reads and writes it: the database's
 *		texts must be too.
 */
static void
ItipRequireUtf8(void)
{
	if (GetDatabaseEncoding() != PG_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("iCalendar messages need a UTF-8 database, not %s", GetDatabaseEncodingName()),
				 errhint("Create the database with ENCODING 'UTF8'.")));
}

/*
 * ItipWhereContext
 *		Error context naming the event and field being read, for the errors
 *		of PostgreSQL's own input functions (a start time out of range).
 */
static void
ItipWhereContext(void *arg)
{
	ItipWhere  *w = (ItipWhere *) arg;

	errcontext("%s of event %d of the iCalendar message", w->field, w->event);
}

/*
 * ItipBadText
 *		Raise 22023 for an invalid field of an event.
 */
static void
ItipBadText(const char *what, int event, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s of event %d of the iCalendar message", what, event),
			 errdetail("%s", detail),
			 errhint("Each event is a JSON object: {\"uid\", \"start\", \"end\", \"summary\", \"organizer\": {\"email\", \"name\"}, \"attendees\": [...]} (README, Calendar invitations).")));
}

/*
 * ItipGet
 *		obj -> key into out; false when absent or JSON null.
 */
static bool
ItipGet(JsonbContainer *obj, const char *key, JsonbValue *out)
{
	if (getKeyJsonValueFromContainer(obj, key, strlen(key), out) == NULL)
		return false;
	return out->type != jbvNull;
}

/*
 * ItipString
 *		A string field of at most maxchars characters, or NULL when absent
 *		(required: an error).  Control characters are refused but for line
 *		feeds and tabs in a multiline field (a description).
 */
static char *
ItipString(JsonbContainer *obj, const char *key, int maxchars, bool required,
		   bool multiline, int event)
{
	JsonbValue	v;
	char	   *s;
	int			i;

	if (!ItipGet(obj, key, &v))
	{
		if (required)
			ItipBadText(key, event, psprintf("The event has no \"%s\"; it is required.", key));
		return NULL;
	}
	if (v.type != jbvString)
		ItipBadText(key, event, psprintf("\"%s\" must be a JSON string.", key));
	s = pnstrdup(v.val.string.val, v.val.string.len);
	if (pg_mbstrlen_with_len(s, v.val.string.len) > maxchars)
		ItipBadText(key, event, psprintf("\"%s\" has more than %d characters.", key, maxchars));
	if (required && s[strspn(s, " \t")] == '\0')
		ItipBadText(key, event, psprintf("\"%s\" is empty.", key));
	for (i = 0; s[i] != '\0'; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || c == 0x7f)
			ItipBadText(key, event, psprintf("\"%s\" holds a control character (code %d).", key, c));
	}
	return s;
}

/*
 * ItipInt
 *		An integer field between min and max, dflt when absent.
 */
static int
ItipInt(JsonbContainer *obj, const char *key, int min, int max, int dflt,
		int event)
{
	JsonbValue	v;
	char	   *s;
	char	   *end;
	long		n;

	if (!ItipGet(obj, key, &v))
		return dflt;
	if (v.type != jbvNumeric)
		ItipBadText(key, event, psprintf("\"%s\" must be a JSON number.", key));
	s = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v.val.numeric)));
	errno = 0;
	n = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || n < min || n > max)
		ItipBadText(key, event, psprintf("\"%s\" must be a whole number from %d to %d, not %s.", key, min, max, s));
	return (int) n;
}

/*
 * ItipTime
 *		A time field: an ISO 8601 text with its offset (as to_jsonb writes a
 *		timestamptz), read by PostgreSQL's own input function under an error
 *		context naming the field; finite.
 */
static TimestampTz
ItipTime(JsonbContainer *obj, const char *key, bool required, TimestampTz dflt,
		 int event)
{
	JsonbValue	v;
	char	   *s;
	int			i;
	bool		offset = false;
	ItipWhere	where;
	ErrorContextCallback cb;
	TimestampTz ts;

	if (!ItipGet(obj, key, &v))
	{
		if (required)
			ItipBadText(key, event, psprintf("The event has no \"%s\"; it is required.", key));
		return dflt;
	}
	if (v.type != jbvString || v.val.string.len > 64)
		ItipBadText(key, event, psprintf("\"%s\" must be a time as text, e.g. \"2026-12-07T09:00:00+08:00\".", key));
	s = pnstrdup(v.val.string.val, v.val.string.len);
	/* a date and a time with an offset or Z: nothing a session setting reads */
	if (strlen(s) < 16 || !isdigit((unsigned char) s[0]) || s[4] != '-' || s[7] != '-' ||
		(s[10] != 'T' && s[10] != ' '))
		ItipBadText(key, event, psprintf("\"%s\" is \"%s\"; write it as \"2026-12-07T09:00:00+08:00\".", key, s));
	for (i = 11; s[i] != '\0'; i++)
		if (s[i] == 'Z' || s[i] == '+' || s[i] == '-')
			offset = true;
	if (!offset)
		ItipBadText(key, event, psprintf("\"%s\" is \"%s\", without its offset from UTC; write e.g. \"+08:00\" or \"Z\".", key, s));

	where.event = event;
	where.field = key;
	cb.callback = ItipWhereContext;
	cb.arg = &where;
	cb.previous = error_context_stack;
	error_context_stack = &cb;
	ts = DatumGetTimestampTz(DirectFunctionCall3(timestamptz_in, CStringGetDatum(s),
												 ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
	error_context_stack = cb.previous;
	if (TIMESTAMP_NOT_FINITE(ts))
		ItipBadText(key, event, psprintf("\"%s\" must be a finite time.", key));
	return ts;
}

/*
 * ItipPersonParse
 *		The organizer or an attendee: {"email", "name", "role", "partstat",
 *		"rsvp"}.  The address must look like one (no spaces, quotes or
 *		angle brackets, one @ between two non-empty parts).
 */
static void
ItipPersonParse(JsonbValue *v, const char *what, bool attendee, ItipPerson *p,
				int event)
{
	JsonbContainer *obj;
	const char *at;
	char	   *s;
	JsonbValue	b;

	if (v->type != jbvBinary || !JsonContainerIsObject(v->val.binary.data))
		ItipBadText(what, event, psprintf("The %s must be a JSON object {\"email\": ..., \"name\": ...}.", what));
	obj = v->val.binary.data;
	p->email = ItipString(obj, "email", ITIP_MAX_EMAIL, true, false, event);
	at = strchr(p->email, '@');
	if (at == NULL || at == p->email || at[1] == '\0' || strchr(at + 1, '@') != NULL ||
		strpbrk(p->email, " \t\"'<>(),;:\\[]") != NULL)
		ItipBadText(what, event, psprintf("The %s's email \"%s\" is not an address.", what, p->email));
	p->name = ItipString(obj, "name", ITIP_MAX_SHORT, false, false, event);
	if (p->name != NULL && strchr(p->name, '"') != NULL)
		ItipBadText(what, event, psprintf("The %s's name holds a double quote, which a parameter of iCalendar cannot.", what));
	p->role = ICAL_ROLE_REQPARTICIPANT;
	p->partstat = ICAL_PARTSTAT_NEEDSACTION;
	p->rsvp = attendee;
	if (!attendee)
		return;
	s = ItipString(obj, "role", 20, false, false, event);
	if (s != NULL)
	{
		if (strcmp(s, "REQ-PARTICIPANT") == 0)
			p->role = ICAL_ROLE_REQPARTICIPANT;
		else if (strcmp(s, "OPT-PARTICIPANT") == 0)
			p->role = ICAL_ROLE_OPTPARTICIPANT;
		else if (strcmp(s, "NON-PARTICIPANT") == 0)
			p->role = ICAL_ROLE_NONPARTICIPANT;
		else if (strcmp(s, "CHAIR") == 0)
			p->role = ICAL_ROLE_CHAIR;
		else
			ItipBadText("attendee", event, psprintf("Role \"%s\" is none of REQ-PARTICIPANT, OPT-PARTICIPANT, NON-PARTICIPANT, CHAIR.", s));
	}
	s = ItipString(obj, "partstat", 20, false, false, event);
	if (s != NULL)
	{
		if (strcmp(s, "NEEDS-ACTION") == 0)
			p->partstat = ICAL_PARTSTAT_NEEDSACTION;
		else if (strcmp(s, "ACCEPTED") == 0)
			p->partstat = ICAL_PARTSTAT_ACCEPTED;
		else if (strcmp(s, "DECLINED") == 0)
			p->partstat = ICAL_PARTSTAT_DECLINED;
		else if (strcmp(s, "TENTATIVE") == 0)
			p->partstat = ICAL_PARTSTAT_TENTATIVE;
		else
			ItipBadText("attendee", event, psprintf("Partstat \"%s\" is none of NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE.", s));
	}
	if (ItipGet(obj, "rsvp", &b))
	{
		if (b.type != jbvBool)
			ItipBadText("attendee", event, "\"rsvp\" must be true or false.");
		p->rsvp = b.val.boolean;
	}
}

/*
 * ItipEventParse
 *		One element of events, validated for the method (RFC 5546: REQUEST
 *		and CANCEL have an organizer and attendees, PUBLISH an organizer and
 *		no attendee, REPLY an organizer and exactly one attendee).
 */
static void
ItipEventParse(JsonbValue *v, icalproperty_method method, int event, ItipEvent *ev)
{
	JsonbContainer *obj;
	JsonbValue	x;
	char	   *s;

	if (v->type != jbvBinary || !JsonContainerIsObject(v->val.binary.data))
		ItipBadText("event", event, "An event must be a JSON object.");
	obj = v->val.binary.data;
	memset(ev, 0, sizeof(ItipEvent));
	ev->uid = ItipString(obj, "uid", ITIP_MAX_UID, true, false, event);
	ev->sequence = ItipInt(obj, "sequence", 0, 1000000, 0, event);
	ev->start = ItipTime(obj, "start", true, 0, event);
	ev->end = ItipTime(obj, "end", true, 0, event);
	if (ev->end <= ev->start)
		ItipBadText("end", event, "The end must be after the start.");
	if (ev->end - ev->start > (int64) ITIP_MAX_DAYS * USECS_PER_DAY)
		ItipBadText("end", event, psprintf("An event lasts at most %d days.", ITIP_MAX_DAYS));
	ev->dtstamp = ItipTime(obj, "dtstamp", false, GetCurrentTransactionStartTimestamp(), event);
	ev->summary = ItipString(obj, "summary", ITIP_MAX_SHORT, method != ICAL_METHOD_REPLY, false, event);
	ev->description = ItipString(obj, "description", ITIP_MAX_LONG, false, true, event);
	ev->location = ItipString(obj, "location", ITIP_MAX_SHORT, false, false, event);
	ev->comment = ItipString(obj, "comment", ITIP_MAX_SHORT, false, true, event);
	ev->alarm_minutes = ItipInt(obj, "alarm_minutes", 0, 10080, -1, event);
	ev->status = (method == ICAL_METHOD_CANCEL) ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED;
	s = ItipString(obj, "status", 20, false, false, event);
	if (s != NULL)
	{
		if (strcmp(s, "CONFIRMED") == 0 && method != ICAL_METHOD_CANCEL)
			ev->status = ICAL_STATUS_CONFIRMED;
		else if (strcmp(s, "TENTATIVE") == 0 && method != ICAL_METHOD_CANCEL)
			ev->status = ICAL_STATUS_TENTATIVE;
		else if (strcmp(s, "CANCELLED") == 0)
			ev->status = ICAL_STATUS_CANCELLED;
		else
			ItipBadText("status", event, psprintf("Status \"%s\" is none of CONFIRMED, TENTATIVE, CANCELLED (a CANCEL is CANCELLED).", s));
	}

	if (!ItipGet(obj, "organizer", &x))
		ItipBadText("organizer", event, "A scheduling message names its organizer (RFC 5546).");
	ItipPersonParse(&x, "organizer", false, &ev->organizer, event);
	ev->has_organizer = true;

	if (ItipGet(obj, "attendees", &x))
	{
		JsonbContainer *arr;
		int			i;

		if (x.type != jbvBinary || !JsonContainerIsArray(x.val.binary.data))
			ItipBadText("attendees", event, "\"attendees\" must be a JSON array.");
		arr = x.val.binary.data;
		ev->nattendees = JsonContainerSize(arr);
		if (ev->nattendees > ITIP_MAX_ATTENDEES)
			ItipBadText("attendees", event, psprintf("An event has at most %d attendees.", ITIP_MAX_ATTENDEES));
		ev->attendees = palloc0(Max(ev->nattendees, 1) * sizeof(ItipPerson));
		for (i = 0; i < ev->nattendees; i++)
		{
			JsonbValue *a = getIthJsonbValueFromContainer(arr, i);

			CHECK_FOR_INTERRUPTS();
			ItipPersonParse(a, "attendee", true, &ev->attendees[i], event);
		}
	}
	if (method == ICAL_METHOD_PUBLISH && ev->nattendees > 0)
		ItipBadText("attendees", event, "A PUBLISH message carries no attendees (RFC 5546): publish the events, invite with REQUEST.");
	if ((method == ICAL_METHOD_REQUEST || method == ICAL_METHOD_CANCEL) && ev->nattendees == 0)
		ItipBadText("attendees", event, "A REQUEST or CANCEL names at least one attendee (RFC 5546).");
	if (method == ICAL_METHOD_REPLY && ev->nattendees != 1)
		ItipBadText("attendees", event, "A REPLY names exactly one attendee, the one who answers (RFC 5546).");
}

/*
 * ItipPersonProperty
 *		ORGANIZER or ATTENDEE: mailto: address with CN, and for an attendee
 *		ROLE, PARTSTAT, RSVP and CUTYPE.
 */
static icalproperty *
ItipPersonProperty(ItipPerson *p, bool attendee)
{
	char	   *uri = psprintf("mailto:%s", p->email);
	icalproperty *prop;

	prop = attendee ? icalproperty_new_attendee(uri) : icalproperty_new_organizer(uri);
	pfree(uri);
	if (p->name != NULL && p->name[0] != '\0')
		icalproperty_add_parameter(prop, icalparameter_new_cn(p->name));
	if (attendee)
	{
		icalproperty_add_parameter(prop, icalparameter_new_cutype(ICAL_CUTYPE_INDIVIDUAL));
		icalproperty_add_parameter(prop, icalparameter_new_role(p->role));
		icalproperty_add_parameter(prop, icalparameter_new_partstat(p->partstat));
		icalproperty_add_parameter(prop, icalparameter_new_rsvp(p->rsvp ? ICAL_RSVP_TRUE : ICAL_RSVP_FALSE));
	}
	return prop;
}

/*
 * ItipLocal
 *		A PostgreSQL time as libical's time in UTC (zone NULL), or as the
 *		wall-clock time of zone without a zone of its own (the property
 *		carries the TZID parameter), to the second.
 */
static struct icaltimetype
ItipLocal(TimestampTz ts, icaltimezone *zone)
{
	time_t		t = timestamptz_to_time_t(ts);
	struct icaltimetype tt;

	if (zone == NULL)
		return icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
	/* the zone's wall-clock time, written with the property's TZID */
	tt = icaltime_from_timet_with_zone(t, 0, zone);
	tt.zone = NULL;
	return tt;
}

/*
 * ItipBuild
 *		The VCALENDAR of a message; the caller frees it (PG_FINALLY).
 */
static icalcomponent *
ItipBuild(icalproperty_method method, ItipEvent *events, int nevents,
		  const char *tzname, icaltimezone *zone, const char *prodid)
{
	icalcomponent *cal;
	int			i;

	cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(cal, icalproperty_new_prodid(prodid));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(method));

	if (zone != NULL && nevents > 0)
	{
		icalcomponent *vtz = icalcomponent_new_clone(icaltimezone_get_component(zone));
		icalproperty *tzid = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
		TimestampTz first = events[0].start;
		struct icaltimetype from;

		icalcomponent_add_component(cal, vtz);
		/* the zone's IANA name, not libical's prefixed one */
		if (tzid != NULL)
			icalproperty_set_tzid(tzid, tzname);
		for (i = 1; i < nevents; i++)
			if (events[i].start < first)
				first = events[i].start;
		/* its rules from a year before the first event on */
		from = ItipLocal(first - (int64) 366 * USECS_PER_DAY, NULL);
		icaltimezone_truncate_vtimezone(vtz, from, icaltime_null_time(), 0);
	}

	for (i = 0; i < nevents; i++)
	{
		ItipEvent  *ev = &events[i];
		icalcomponent *vev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
		icalproperty *p;
		int			k;

		CHECK_FOR_INTERRUPTS();
		icalcomponent_add_component(cal, vev);
		icalcomponent_add_property(vev, icalproperty_new_uid(ev->uid));
		icalcomponent_add_property(vev, icalproperty_new_sequence(ev->sequence));
		icalcomponent_add_property(vev, icalproperty_new_dtstamp(ItipLocal(ev->dtstamp, NULL)));
		p = icalproperty_new_dtstart(ItipLocal(ev->start, zone));
		if (zone != NULL)
			icalproperty_add_parameter(p, icalparameter_new_tzid(tzname));
		icalcomponent_add_property(vev, p);
		p = icalproperty_new_dtend(ItipLocal(ev->end, zone));
		if (zone != NULL)
			icalproperty_add_parameter(p, icalparameter_new_tzid(tzname));
		icalcomponent_add_property(vev, p);
		if (ev->summary != NULL)
			icalcomponent_add_property(vev, icalproperty_new_summary(ev->summary));
		if (ev->description != NULL)
			icalcomponent_add_property(vev, icalproperty_new_description(ev->description));
		if (ev->location != NULL)
			icalcomponent_add_property(vev, icalproperty_new_location(ev->location));
		if (ev->comment != NULL)
			icalcomponent_add_property(vev, icalproperty_new_comment(ev->comment));
		icalcomponent_add_property(vev, icalproperty_new_status(ev->status));
		icalcomponent_add_property(vev, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
		if (ev->has_organizer)
			icalcomponent_add_property(vev, ItipPersonProperty(&ev->organizer, false));
		for (k = 0; k < ev->nattendees; k++)
			icalcomponent_add_property(vev, ItipPersonProperty(&ev->attendees[k], true));
		if (ev->alarm_minutes >= 0 && method != ICAL_METHOD_CANCEL && method != ICAL_METHOD_REPLY)
		{
			icalcomponent *alarm = icalcomponent_new(ICAL_VALARM_COMPONENT);
			struct icaltriggertype trigger = icaltriggertype_from_int(-ev->alarm_minutes * 60);

			icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
			icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger));
			icalcomponent_add_property(alarm, icalproperty_new_description(ev->summary != NULL ? ev->summary : ev->uid));
			icalcomponent_add_component(vev, alarm);
		}
	}
	return cal;
}

/*
 * hotline_ical_message
 *		SQL: hotline.ical_message(method text, events jsonb, time_zone text,
 *		prodid text) -> text: the iCalendar text of a scheduling message.
 */
Datum
hotline_ical_message(PG_FUNCTION_ARGS)
{
	char	   *mname;
	Jsonb	   *events;
	char	   *tzname;
	char	   *prodid;
	icalproperty_method method;
	icaltimezone *volatile zone = NULL;
	ItipEvent  *evs;
	int			n;
	int			i;
	icalcomponent *volatile cal = NULL;
	char	   *volatile out = NULL;
	text	   *volatile result = NULL;

	ItipRequireUtf8();
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("method, events and time_zone of an iCalendar message must not be null")));
	mname = text_to_cstring(PG_GETARG_TEXT_PP(0));
	events = PG_GETARG_JSONB_P(1);
	tzname = text_to_cstring(PG_GETARG_TEXT_PP(2));
	prodid = PG_ARGISNULL(3) ? "-//hotline//hotline " HOTLINE_VERSION "//ZH" : text_to_cstring(PG_GETARG_TEXT_PP(3));

	if (pg_strcasecmp(mname, "REQUEST") == 0)
		method = ICAL_METHOD_REQUEST;
	else if (pg_strcasecmp(mname, "CANCEL") == 0)
		method = ICAL_METHOD_CANCEL;
	else if (pg_strcasecmp(mname, "PUBLISH") == 0)
		method = ICAL_METHOD_PUBLISH;
	else if (pg_strcasecmp(mname, "REPLY") == 0)
		method = ICAL_METHOD_REPLY;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid method \"%s\" of an iCalendar message", mname),
				 errhint("Pass REQUEST (an invitation or its update), CANCEL, PUBLISH (a feed) or REPLY.")));
	if (strlen(prodid) == 0 || strlen(prodid) > 200 || strpbrk(prodid, "\r\n") != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid prodid of an iCalendar message"),
				 errdetail("A product identifier is one line of 1 to 200 bytes.")));

	/* the zone: UTC, or one libical knows from the system's zone data */
	if (pg_strcasecmp(tzname, "UTC") != 0)
	{
		if (!ZoneNameShape(tzname))
			zone = NULL;
		else
		{
			HotlineLibicalInit();
			zone = icaltimezone_get_builtin_timezone(tzname);
		}
		if (zone == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown time_zone \"%s\" of an iCalendar message", tzname),
					 errhint("Pass an IANA zone name such as Asia/Shanghai (a calendar's time_zone), or UTC.")));
	}

	if (!JB_ROOT_IS_ARRAY(events) || JB_ROOT_IS_SCALAR(events))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("events of an iCalendar message must be a JSON array")));
	n = JB_ROOT_COUNT(events);
	if (n > ITIP_MAX_EVENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("an iCalendar message has at most %d events, not %d", ITIP_MAX_EVENTS, n),
				 errhint("Publish a shorter period.")));
	if (method != ICAL_METHOD_PUBLISH && n != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a %s message has exactly one event, not %d", mname, n),
				 errhint("Send one message per appointment; PUBLISH carries many.")));

	evs = palloc0(Max(n, 1) * sizeof(ItipEvent));
	for (i = 0; i < n; i++)
	{
		JsonbValue *v = getIthJsonbValueFromContainer(&events->root, i);

		CHECK_FOR_INTERRUPTS();
		ItipEventParse(v, method, i + 1, &evs[i]);
	}

	HotlineLibicalInit();
	PG_TRY();
	{
		cal = ItipBuild(method, evs, n, tzname, zone, prodid);
		out = icalcomponent_as_ical_string_r(cal);
		if (out == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("libical could not write the iCalendar message: %s", icalerror_strerror(icalerrno))));
		result = cstring_to_text(out);
	}
	PG_FINALLY();
	{
		if (out != NULL)
			icalmemory_free_buffer(out);
		if (cal != NULL)
			icalcomponent_free(cal);
	}
	PG_END_TRY();
	PG_RETURN_TEXT_P(result);
}

/*
 * ItipReadTime
 *		An event's DTSTART or DTEND as a PostgreSQL time (the event's TZID
 *		resolved by libical against the message's VTIMEZONE or the system's
 *		zones); NULL (false) when absent or a date.
 */
static bool
ItipReadTime(struct icaltimetype tt, TimestampTz *out)
{
	if (icaltime_is_null_time(tt) || !icaltime_is_valid_time(tt) || tt.is_date)
		return false;
	tt = icaltime_convert_to_zone(tt, icaltimezone_get_utc_timezone());
	*out = time_t_to_timestamptz(icaltime_as_timet(tt));
	return true;
}

/*
 * ItipReadText
 *		Check and bound the text of a message before libical sees it: at
 *		most ITIP_MAX_READ bytes of valid UTF-8, no NUL, lines of at most
 *		ITIP_MAX_LINE bytes.  Returns it NUL-terminated.
 */
static char *
ItipReadText(text *t)
{
	char	   *ics = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	int			line = 1;
	int			linelen = 0;
	int			i;

	if (len > ITIP_MAX_READ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("an iCalendar message to read has at most %d bytes, not %d", ITIP_MAX_READ, len),
				 errhint("A reply or an invitation is a few kilobytes; import a calendar's days with hotline.import_ics.")));
	pg_verify_mbstr(PG_UTF8, ics, len, false);
	for (i = 0; i < len; i++)
	{
		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		if (ics[i] == '\0')
			ereport(ERROR,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("invalid byte 0x00 in line %d of an iCalendar message", line)));
		if (ics[i] == '\n')
		{
			line++;
			linelen = 0;
		}
		else if (++linelen > ITIP_MAX_LINE)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("line %d of an iCalendar message is longer than %d bytes", line, ITIP_MAX_LINE)));
	}
	return pnstrdup(ics, len);
}

/*
 * hotline_ical_read
 *		SQL: hotline.ical_read(ics text) -> setof (method, uid, sequence,
 *		starts, ends, status, summary, organizer, attendees, dtstamp,
 *		comment, conforms): a scheduling message read with libical, one row
 *		per event; attendees is a JSON array of {"email", "partstat"};
 *		conforms says whether the message passes libical's checks of RFC
 *		5546 (the properties each method requires and allows).
 */
Datum
hotline_ical_read(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *s;
	icalcomponent *volatile root = NULL;

	ItipRequireUtf8();
	InitMaterializedSRF(fcinfo, 0);
	s = ItipReadText(PG_GETARG_TEXT_PP(0));

	HotlineLibicalInit();
	PG_TRY();
	{
		icalcomponent *ev;
		icalproperty *mp;
		const char *method;
		bool		conforms;

		root = icalparser_parse_string(s);
		if (root == NULL || icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid iCalendar message: it is not one VCALENDAR"),
					 errhint("Pass the text of a .ics attachment, BEGIN:VCALENDAR to END:VCALENDAR.")));
		mp = icalcomponent_get_first_property(root, ICAL_METHOD_PROPERTY);
		method = ItipPropertyText(mp);
		conforms = icalrestriction_check(root) != 0;
		for (ev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); ev != NULL;
			 ev = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT))
		{
			icalproperty *p;
			Datum		values[12];
			bool		nulls[12];
			TimestampTz ts;
			struct icaltimetype stamp;
			StringInfoData att;
			bool		first = true;
			const char *v;

			CHECK_FOR_INTERRUPTS();
			memset(nulls, 0, sizeof(nulls));
			/* a property libical could not read stops the reading */
			p = icalcomponent_get_first_property(ev, ICAL_XLICERROR_PROPERTY);
			if (p != NULL && !conforms && icalcomponent_get_uid(ev) == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid iCalendar message: %s", icalproperty_get_xlicerror(p))));
			nulls[0] = method == NULL;
			values[0] = method != NULL ? CStringGetTextDatum(method) : (Datum) 0;
			v = icalcomponent_get_uid(ev);
			nulls[1] = v == NULL;
			values[1] = v != NULL ? CStringGetTextDatum(v) : (Datum) 0;
			p = icalcomponent_get_first_property(ev, ICAL_SEQUENCE_PROPERTY);
			values[2] = Int32GetDatum(p != NULL ? icalproperty_get_sequence(p) : 0);
			nulls[3] = !ItipReadTime(icalcomponent_get_dtstart(ev), &ts);
			values[3] = TimestampTzGetDatum(ts);
			nulls[4] = !ItipReadTime(icalcomponent_get_dtend(ev), &ts);
			values[4] = TimestampTzGetDatum(ts);
			v = ItipPropertyText(icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY));
			nulls[5] = v == NULL;
			values[5] = v != NULL ? CStringGetTextDatum(v) : (Datum) 0;
			v = icalcomponent_get_summary(ev);
			nulls[6] = v == NULL;
			values[6] = v != NULL ? CStringGetTextDatum(v) : (Datum) 0;
			p = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
			v = p != NULL ? icalproperty_get_organizer(p) : NULL;
			if (v != NULL && pg_strncasecmp(v, "mailto:", 7) == 0)
				v += 7;
			nulls[7] = v == NULL;
			values[7] = v != NULL ? CStringGetTextDatum(v) : (Datum) 0;
			/* the attendees, as JSON */
			initStringInfo(&att);
			appendStringInfoChar(&att, '[');
			for (p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY); p != NULL;
				 p = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY))
			{
				icalparameter *ps = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER);

				CHECK_FOR_INTERRUPTS();
				v = icalproperty_get_attendee(p);
				if (v != NULL && pg_strncasecmp(v, "mailto:", 7) == 0)
					v += 7;
				if (!first)
					appendStringInfoString(&att, ", ");
				first = false;
				appendStringInfoString(&att, "{\"email\": ");
				escape_json(&att, v != NULL ? v : "");
				appendStringInfoString(&att, ", \"partstat\": ");
				escape_json(&att, ItipPartstat(ps));
				appendStringInfoChar(&att, '}');
			}
			appendStringInfoChar(&att, ']');
			values[8] = DirectFunctionCall1(jsonb_in, CStringGetDatum(att.data));
			p = icalcomponent_get_first_property(ev, ICAL_DTSTAMP_PROPERTY);
			stamp = p != NULL ? icalproperty_get_dtstamp(p) : icaltime_null_time();
			nulls[9] = !ItipReadTime(stamp, &ts);
			values[9] = TimestampTzGetDatum(ts);
			p = icalcomponent_get_first_property(ev, ICAL_COMMENT_PROPERTY);
			v = p != NULL ? icalproperty_get_comment(p) : NULL;
			nulls[10] = v == NULL;
			values[10] = v != NULL ? CStringGetTextDatum(v) : (Datum) 0;
			values[11] = BoolGetDatum(conforms);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	PG_FINALLY();
	{
		if (root != NULL)
			icalcomponent_free(root);
	}
	PG_END_TRY();
	return (Datum) 0;
}
