/*-------------------------------------------------------------------------
 *
 * time_limit.c
 *	  The hotline.time_limit type: how long a unit has for a step, e.g.
 *	  "7 working days" (written dispatch), "3 working days" (phone
 *	  dispatch), "4 working hours" or "2 hours" (urgent).
 *
 * A limit is an amount and a unit, 8 bytes.  Clock units are kept in
 * seconds and working time in seconds of business time, so "60 minutes"
 * and "1 hour" are the same value; days and working days are kept as days.
 * Days are natural days counted the civil-code way, not 24 hours.
 *
 * Ordering is by nominal length (a day or a working day counts 86400
 * seconds, a working hour 3600), ties broken by unit (clock < days <
 * working time < working days), which gives a total order consistent with
 * equality for btree and hash indexes.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(time_limit_in);
PG_FUNCTION_INFO_V1(time_limit_out);
PG_FUNCTION_INFO_V1(time_limit_recv);
PG_FUNCTION_INFO_V1(time_limit_send);
PG_FUNCTION_INFO_V1(time_limit_cmp);
PG_FUNCTION_INFO_V1(time_limit_eq);
PG_FUNCTION_INFO_V1(time_limit_ne);
PG_FUNCTION_INFO_V1(time_limit_lt);
PG_FUNCTION_INFO_V1(time_limit_le);
PG_FUNCTION_INFO_V1(time_limit_gt);
PG_FUNCTION_INFO_V1(time_limit_ge);
PG_FUNCTION_INFO_V1(time_limit_hash);
PG_FUNCTION_INFO_V1(time_limit_hash_extended);
PG_FUNCTION_INFO_V1(time_limit_unit);
PG_FUNCTION_INFO_V1(time_limit_amount);

/* Largest limits: ten years of days, the same number of days in hours */
#define TL_MAX_DAYS			3660
#define TL_MAX_SECONDS		((int64) TL_MAX_DAYS * SECS_PER_DAY)

/* One spelling of a unit in text input */
typedef struct TimeLimitWord
{
	const char *word;			/* lower-case spelling */
	TimeLimitUnit unit;
	int32		seconds;		/* seconds per unit for second-based units */
} TimeLimitWord;

/*
 * Accepted spellings, longest first where one is a prefix of another.
 * English (singular or plural) and the Chinese used in hotline regulations
 * (7个工作日, 4个工作小时, 2小时, 30分钟).
 */
static const TimeLimitWord time_limit_words[] = {
	{"working days", TL_WORKING_DAYS, 0},
	{"working day", TL_WORKING_DAYS, 0},
	{"working hours", TL_WORKING_SECONDS, SECS_PER_HOUR},
	{"working hour", TL_WORKING_SECONDS, SECS_PER_HOUR},
	{"working minutes", TL_WORKING_SECONDS, SECS_PER_MINUTE},
	{"working minute", TL_WORKING_SECONDS, SECS_PER_MINUTE},
	{"working seconds", TL_WORKING_SECONDS, 1},
	{"working second", TL_WORKING_SECONDS, 1},
	{"days", TL_DAYS, 0},
	{"day", TL_DAYS, 0},
	{"hours", TL_CLOCK_SECONDS, SECS_PER_HOUR},
	{"hour", TL_CLOCK_SECONDS, SECS_PER_HOUR},
	{"minutes", TL_CLOCK_SECONDS, SECS_PER_MINUTE},
	{"minute", TL_CLOCK_SECONDS, SECS_PER_MINUTE},
	{"seconds", TL_CLOCK_SECONDS, 1},
	{"second", TL_CLOCK_SECONDS, 1},
	{"个工作日", TL_WORKING_DAYS, 0},
	{"工作日", TL_WORKING_DAYS, 0},
	{"个工作小时", TL_WORKING_SECONDS, SECS_PER_HOUR},
	{"工作小时", TL_WORKING_SECONDS, SECS_PER_HOUR},
	{"工作分钟", TL_WORKING_SECONDS, SECS_PER_MINUTE},
	{"个自然日", TL_DAYS, 0},
	{"自然日", TL_DAYS, 0},
	{"天", TL_DAYS, 0},
	{"日", TL_DAYS, 0},
	{"个小时", TL_CLOCK_SECONDS, SECS_PER_HOUR},
	{"小时", TL_CLOCK_SECONDS, SECS_PER_HOUR},
	{"分钟", TL_CLOCK_SECONDS, SECS_PER_MINUTE},
	{"秒钟", TL_CLOCK_SECONDS, 1},
	{"秒", TL_CLOCK_SECONDS, 1},
};

/*
 * TimeLimitSyntaxError
 *		Report text that is not a time limit, with an example of one.
 */
static void
TimeLimitSyntaxError(const char *input, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type time_limit: \"%s\"", input),
			 errdetail("%s", why),
			 errhint("Write a whole number and a unit, such as \"7 working days\", "
					 "\"4 working hours\", \"2 hours\", \"30 minutes\" or \"1 day\".")));
}

/*
 * MatchWord
 *		Does the text at s start with word, compared without regard to ASCII
 *		case, with either the end of the text or a space following it?
 *		Inner spaces of the word match one or more spaces of the text.
 *		Returns the number of bytes matched, or 0.
 */
static int
MatchWord(const char *s, const char *word)
{
	const char *p = s;

	while (*word)
	{
		if (*word == ' ')
		{
			if (!isspace((unsigned char) *p))
				return 0;
			while (isspace((unsigned char) *p))
				p++;
			word++;
			continue;
		}
		if (pg_tolower((unsigned char) *p) != (unsigned char) *word)
			return 0;
		p++;
		word++;
	}
	return (int) (p - s);
}

/*
 * TimeLimitUnitName
 *		The name of a unit as time_limit_unit() reports it.
 */
static const char *
TimeLimitUnitName(TimeLimitUnit unit)
{
	switch (unit)
	{
		case TL_CLOCK_SECONDS:
			return "clock time";
		case TL_DAYS:
			return "days";
		case TL_WORKING_SECONDS:
			return "working time";
		case TL_WORKING_DAYS:
			return "working days";
	}
	return "unknown";
}

/*
 * CheckTimeLimit
 *		Reject a unit or amount that no limit can have; used by the binary
 *		receive function, whose input does not pass through the parser.
 */
static void
CheckTimeLimit(const TimeLimit *tl)
{
	int64		max;

	if (tl->unit < TL_CLOCK_SECONDS || tl->unit > TL_WORKING_DAYS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid unit %d in external time_limit value", tl->unit)));
	max = (tl->unit == TL_DAYS || tl->unit == TL_WORKING_DAYS) ?
		TL_MAX_DAYS : TL_MAX_SECONDS;
	if (tl->amount <= 0 || tl->amount > max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid amount %d in external time_limit value", tl->amount)));
}

/*
 * time_limit_in
 *		Parse "N unit": a positive whole number, optional spaces, a unit.
 */
Datum
time_limit_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	const char *p = input;
	int64		amount = 0;
	int			ndigits = 0;
	const TimeLimitWord *match = NULL;
	TimeLimit  *result;
	int64		max;
	int			i;

	while (isspace((unsigned char) *p))
		p++;
	if (*p == '-')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time limit must be positive: \"%s\"", input),
				 errhint("A deadline cannot lie before the moment it is counted from.")));
	if (*p == '+')
		p++;
	while (isdigit((unsigned char) *p))
	{
		if (amount <= TL_MAX_SECONDS)
			amount = amount * 10 + (*p - '0');
		ndigits++;
		p++;
	}
	if (ndigits == 0)
		TimeLimitSyntaxError(input, *p ? "It does not start with a number." :
							 "It is empty.");
	if (*p == '.' || *p == ',')
		TimeLimitSyntaxError(input, "The amount must be a whole number; use a smaller unit for fractions, such as \"90 minutes\".");
	while (isspace((unsigned char) *p))
		p++;
	if (*p == '\0')
		TimeLimitSyntaxError(input, "The unit is missing.");

	for (i = 0; i < (int) lengthof(time_limit_words); i++)
	{
		int			len = MatchWord(p, time_limit_words[i].word);
		const char *rest = p + len;

		if (len == 0)
			continue;
		while (isspace((unsigned char) *rest))
			rest++;
		if (*rest != '\0')
			continue;
		match = &time_limit_words[i];
		break;
	}
	if (match == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type time_limit: \"%s\"", input),
				 errdetail("Unknown unit \"%s\".", p),
				 errhint("Use working days, working hours, working minutes, days, hours, "
						 "minutes or seconds (or 工作日, 工作小时, 天, 小时, 分钟, 秒).")));

	if (amount == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time limit must be positive: \"%s\"", input),
				 errhint("For \"at once\", give the shortest limit the process allows, such as \"1 hour\".")));

	if (match->seconds > 0)
		amount *= match->seconds;
	max = (match->unit == TL_DAYS || match->unit == TL_WORKING_DAYS) ?
		TL_MAX_DAYS : TL_MAX_SECONDS;
	if (amount > max)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("time limit \"%s\" is too long", input),
				 errdetail("A time limit can be at most %d days, %d working days, or %d hours of clock or working time.",
						   TL_MAX_DAYS, TL_MAX_DAYS, TL_MAX_DAYS * HOURS_PER_DAY)));

	result = (TimeLimit *) palloc(sizeof(TimeLimit));
	result->amount = (int32) amount;
	result->unit = match->unit;
	PG_RETURN_TIME_LIMIT_P(result);
}

/*
 * time_limit_out
 *		Canonical text: "7 working days", "1 working day", "4 working hours",
 *		"90 minutes", "1 day".  Seconds are shown in the largest unit that
 *		divides them exactly.
 */
Datum
time_limit_out(PG_FUNCTION_ARGS)
{
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(0);
	int32		n = tl->amount;
	const char *prefix = "";
	const char *unit;

	switch (tl->unit)
	{
		case TL_DAYS:
			unit = "day";
			break;
		case TL_WORKING_DAYS:
			prefix = "working ";
			unit = "day";
			break;
		case TL_WORKING_SECONDS:
			prefix = "working ";
			/* FALLTHROUGH */
		default:
			if (n % SECS_PER_HOUR == 0)
			{
				n /= SECS_PER_HOUR;
				unit = "hour";
			}
			else if (n % SECS_PER_MINUTE == 0)
			{
				n /= SECS_PER_MINUTE;
				unit = "minute";
			}
			else
				unit = "second";
			break;
	}
	PG_RETURN_CSTRING(psprintf("%d %s%s%s", n, prefix, unit, n == 1 ? "" : "s"));
}

/*
 * time_limit_recv
 *		Binary input: amount and unit as two int4.
 */
Datum
time_limit_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	TimeLimit  *result = (TimeLimit *) palloc(sizeof(TimeLimit));

	result->amount = pq_getmsgint(buf, 4);
	result->unit = pq_getmsgint(buf, 4);
	CheckTimeLimit(result);
	PG_RETURN_TIME_LIMIT_P(result);
}

/*
 * time_limit_send
 *		Binary output: amount and unit as two int4.
 */
Datum
time_limit_send(PG_FUNCTION_ARGS)
{
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, tl->amount);
	pq_sendint32(&buf, tl->unit);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * TimeLimitCompare
 *		Order by nominal length in seconds, then by unit.
 */
static int
TimeLimitCompare(const TimeLimit *a, const TimeLimit *b)
{
	int64		na = a->amount;
	int64		nb = b->amount;

	if (a->unit == TL_DAYS || a->unit == TL_WORKING_DAYS)
		na *= SECS_PER_DAY;
	if (b->unit == TL_DAYS || b->unit == TL_WORKING_DAYS)
		nb *= SECS_PER_DAY;
	if (na != nb)
		return na < nb ? -1 : 1;
	if (a->unit != b->unit)
		return a->unit < b->unit ? -1 : 1;
	return 0;
}

/*
 * time_limit_cmp
 *		btree support function 1.
 */
Datum
time_limit_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(TimeLimitCompare(PG_GETARG_TIME_LIMIT_P(0),
									 PG_GETARG_TIME_LIMIT_P(1)));
}

/* The comparison operators, one line each */
#define TL_CMP(a, b) TimeLimitCompare(PG_GETARG_TIME_LIMIT_P(a), PG_GETARG_TIME_LIMIT_P(b))

/*
 * time_limit_eq
 *		Operator =.
 */
Datum
time_limit_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP(0, 1) == 0);
}

/*
 * time_limit_ne
 *		Operator <>.
 */
Datum
time_limit_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP(0, 1) != 0);
}

/*
 * time_limit_lt
 *		Operator <.
 */
Datum
time_limit_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP(0, 1) < 0);
}

/*
 * time_limit_le
 *		Operator <=.
 */
Datum
time_limit_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP(0, 1) <= 0);
}

/*
 * time_limit_gt
 *		Operator >.
 */
Datum
time_limit_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP(0, 1) > 0);
}

/*
 * time_limit_ge
 *		Operator >=.
 */
Datum
time_limit_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TL_CMP(0, 1) >= 0);
}

/*
 * time_limit_hash
 *		hash support function 1; equal limits have equal bytes.
 */
Datum
time_limit_hash(PG_FUNCTION_ARGS)
{
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(0);

	PG_RETURN_INT32((int32) hash_bytes((const unsigned char *) tl, sizeof(TimeLimit)));
}

/*
 * time_limit_hash_extended
 *		hash support function 2 (seeded), for hash partitioning.
 */
Datum
time_limit_hash_extended(PG_FUNCTION_ARGS)
{
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(0);

	PG_RETURN_INT64((int64) hash_bytes_extended((const unsigned char *) tl, sizeof(TimeLimit),
												(uint64) PG_GETARG_INT64(1)));
}

/*
 * time_limit_unit
 *		The unit of a limit, for reports and configuration checks.
 */
Datum
time_limit_unit(PG_FUNCTION_ARGS)
{
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(0);

	PG_RETURN_TEXT_P(cstring_to_text(TimeLimitUnitName(tl->unit)));
}

/*
 * time_limit_amount
 *		The amount of a limit: days, or seconds for clock and working time.
 */
Datum
time_limit_amount(PG_FUNCTION_ARGS)
{
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(0);

	PG_RETURN_INT32(tl->amount);
}
