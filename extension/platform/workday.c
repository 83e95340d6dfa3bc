/*-------------------------------------------------------------------------
 *
 * workday.c
 *	  Working-day arithmetic on compiled calendars:
 *	  hotline.is_working_day, working_days, deadline, working_time,
 *	  share_point and before_deadline.
 *
 * Every function works on the calendar's bitmap (calendar.c) and converts
 * instants to local days in the calendar's own time zone, whatever the
 * session's TimeZone is.  A period counted in days ends at 24:00
 * of its last day or, where the calendar says so (hotline.calendar.day_ends),
 * at the close of business of it: PeriodEnd.
 *
 * Business time is measured by one function B(instant): the business time
 * from 1900-01-01 00:00 local to the instant, i.e. the business hours of
 * every working day before the instant's day plus what has elapsed of the
 * instant's own day if it is a working day.  working_time is a difference of
 * two B values, and a deadline in working hours is the instant whose B value
 * is B(start) + limit; both are O(log n) whatever the distance.
 *
 * Range: calendar arithmetic takes days from 1900-01-01 to 2199-12-31 and
 * instants from 00:00 of the first day to 24:00 of the last one (the latest
 * deadline there is), local time; clock arithmetic (limits in clock time,
 * share_point on a calendar without business hours) takes any finite
 * instant.  Everything else is an error naming the parameter (22008), and
 * no function returns an instant outside the range of timestamptz: sums of
 * instants are checked for overflow.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/int.h"
#include "port/pg_bitutils.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_is_working_day);
PG_FUNCTION_INFO_V1(hotline_working_days);
PG_FUNCTION_INFO_V1(hotline_deadline);
PG_FUNCTION_INFO_V1(hotline_working_time);
PG_FUNCTION_INFO_V1(hotline_share_point);
PG_FUNCTION_INFO_V1(hotline_before_deadline);
PG_FUNCTION_INFO_V1(hotline_next_opening);

/*
 * DayIndex
 *		Position of a day in the calendar's bitmap; errors outside it, naming
 *		the parameter (param) the day comes from.
 */
static int32
DayIndex(HotlineCalendar *cal, DateADT day, const char *param)
{
	int64		idx = (int64) day - cal->first_day;

	if (DATE_NOT_FINITE(day) || idx < 0 || idx >= cal->ndays)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range for hotline calendars: %s", param,
						DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(day)))),
				 errdetail("Calendars cover %d-01-01 to %d-12-31.",
						   CAL_FIRST_YEAR, CAL_LAST_YEAR)));
	return (int32) idx;
}

/*
 * Rank
 *		Number of working days at positions [0, idx), 0 <= idx <= ndays.
 */
static inline int32
Rank(HotlineCalendar *cal, int32 idx)
{
	int32		w = idx >> 6;
	int32		b = idx & 63;
	int32		r = cal->cum[w];

	if (b != 0)
		r += pg_popcount64(cal->bits[w] & ((UINT64CONST(1) << b) - 1));
	return r;
}

/*
 * Select
 *		Position of the working day of rank k (0-based), or -1 if the bitmap
 *		has fewer working days.
 */
static int32
Select(HotlineCalendar *cal, int32 k)
{
	int32		lo = 0;
	int32		hi = cal->nwords - 1;
	uint64		word;
	int32		r;

	if (k < 0 || k >= cal->cum[cal->nwords])
		return -1;
	/* the last word w with cum[w] <= k */
	while (lo < hi)
	{
		int32		mid = (lo + hi + 1) / 2;

		if (cal->cum[mid] <= k)
			lo = mid;
		else
			hi = mid - 1;
	}
	word = cal->bits[lo];
	for (r = k - cal->cum[lo]; r > 0; r--)
		word &= word - 1;		/* drop the lowest set bit */
	return lo * 64 + pg_rightmost_one_pos64(word);
}

/*
 * IsWorking
 *		Bit of position idx.
 */
static inline bool
IsWorking(HotlineCalendar *cal, int32 idx)
{
	return (cal->bits[idx >> 6] >> (idx & 63)) & 1;
}

/*
 * HotlineLocalDate
 *		The calendar-local day of an instant, and the time of day in
 *		microseconds if time_of_day is not NULL.
 */
DateADT
HotlineLocalDate(HotlineCalendar *cal, TimestampTz ts, TimeOffset *time_of_day)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;

	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range for hotline calendars: %s",
						timestamptz_to_str(ts)),
				 errdetail("Working-day arithmetic needs a finite instant.")));
	if (timestamp2tm(ts, &tzoff, &tm, &fsec, NULL, cal->tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range for hotline calendars: %s",
						timestamptz_to_str(ts))));
	if (time_of_day != NULL)
		*time_of_day = ((((int64) tm.tm_hour * MINS_PER_HOUR) + tm.tm_min) * SECS_PER_MINUTE +
						tm.tm_sec) * USECS_PER_SEC + fsec;
	return date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE;
}

/*
 * IsOffsetChangeDay
 *		Does the zone's offset change around this day (calendar.c marks them)?
 */
static inline bool
IsOffsetChangeDay(HotlineCalendar *cal, DateADT day)
{
	int64		idx = (int64) day - cal->first_day;

	return idx >= 0 && idx < cal->ndays &&
		((cal->dst_bits[idx >> 6] >> (idx & 63)) & 1);
}

/*
 * HotlineLocalTimestamp
 *		The first instant at which the calendar's local clock shows
 *		time_of_day (0 .. 24:00) of day.
 *
 * Around a change of the zone's offset a local time may occur twice (the
 * clock is set back) or never (set forward).  Twice: the earlier instant,
 * so that "24:00" is the first midnight.  Never: the instant the clock
 * jumps, the first that shows a later time, so that deadlines never run
 * backwards as the limit grows.
 */
TimestampTz
HotlineLocalTimestamp(HotlineCalendar *cal, DateADT day, TimeOffset time_of_day)
{
	struct pg_tm tm;
	int			tzoff;
	TimestampTz result;

	if (time_of_day >= USECS_PER_DAY)
	{
		day += time_of_day / USECS_PER_DAY;
		time_of_day %= USECS_PER_DAY;
	}
	j2date(day + POSTGRES_EPOCH_JDATE, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_hour = time_of_day / USECS_PER_HOUR;
	tm.tm_min = (time_of_day / USECS_PER_MINUTE) % MINS_PER_HOUR;
	tm.tm_sec = (time_of_day / USECS_PER_SEC) % SECS_PER_MINUTE;
	tm.tm_isdst = -1;
	tzoff = DetermineTimeZoneOffset(&tm, cal->tz);
	if (tm2timestamp(&tm, time_of_day % USECS_PER_SEC, &tzoff, &result) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range for hotline calendars"),
				 errdetail("Day %d-%02d-%02d cannot be represented.",
						   tm.tm_year, tm.tm_mon, tm.tm_mday)));

	if (IsOffsetChangeDay(cal, day))
	{
		pg_time_t	from = timestamptz_to_time_t(result) - SECS_PER_DAY;
		pg_time_t	boundary;
		long int	before_off,
					after_off;
		int			before_dst,
					after_dst;
		TimeOffset	tod;
		DateADT		d;

		if (pg_next_dst_boundary(&from, &before_off, &before_dst, &boundary,
								 &after_off, &after_dst, cal->tz) == 1)
		{
			TimestampTz b = time_t_to_timestamptz(boundary);
			TimeOffset	shift = (TimeOffset) (before_off - after_off) * USECS_PER_SEC;

			d = HotlineLocalDate(cal, result, &tod);
			if (d != day || tod != time_of_day)
			{
				/* the local time does not exist: the clock jumped over it */
				if (b > result - USECS_PER_DAY && b <= result + USECS_PER_DAY)
					result = b;
			}
			else if (shift > 0 && result >= b && result - shift < b)
			{
				/* the local time occurs twice: take the first */
				result -= shift;
			}
		}
	}
	return result;
}

/*
 * BusinessElapsed
 *		Business time of a working day elapsed at time of day tod.
 */
static TimeOffset
BusinessElapsed(HotlineCalendar *cal, TimeOffset tod)
{
	TimeOffset	sum = 0;
	int			i;

	for (i = 0; i < cal->nperiods && tod > cal->period_start[i]; i++)
		sum += Min(tod, cal->period_end[i]) - cal->period_start[i];
	return sum;
}

/*
 * CheckFinite
 *		Error out for an infinite instant, naming the parameter (param).
 */
static void
CheckFinite(TimestampTz ts, const char *param)
{
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range for hotline calendars: %s", param,
						timestamptz_to_str(ts)),
				 errdetail("Working-day arithmetic needs a finite instant.")));
}

/*
 * InstantIndex
 *		Position in the calendar's bitmap of the local day of an instant
 *		given as parameter param, and its time of day in *tod (if not NULL).
 *		Instants from 00:00 of the first day to 24:00 of the last day are
 *		in range; 24:00 of the last day (a deadline can be that instant) is
 *		position ndays at time of day 0.  Errors for anything else.
 */
static int32
InstantIndex(HotlineCalendar *cal, TimestampTz ts, TimeOffset *tod, const char *param)
{
	TimeOffset	t;
	DateADT		day;
	int64		idx;

	CheckFinite(ts, param);
	day = HotlineLocalDate(cal, ts, &t);
	idx = (int64) day - cal->first_day;
	if (idx < 0 || idx > cal->ndays || (idx == cal->ndays && t != 0))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range for hotline calendars: %s", param,
						timestamptz_to_str(ts)),
				 errdetail("Calendar \"%s\" covers %d-01-01 00:00 to %d-01-01 00:00 in its time zone, %s.",
						   cal->name, CAL_FIRST_YEAR, CAL_LAST_YEAR + 1, cal->time_zone)));
	if (tod != NULL)
		*tod = t;
	return (int32) idx;
}

/*
 * ClockShift
 *		ts plus (sign 1) or minus (sign -1) seconds of clock time, for
 *		parameter param; errors when the result is not a valid timestamptz
 *		(no signed overflow on the way: ts may be near either end).
 */
static TimestampTz
ClockShift(TimestampTz ts, int sign, int32 seconds, const char *param)
{
	int64		delta = (int64) seconds * USECS_PER_SEC;
	TimestampTz result;
	bool		overflow;

	CheckFinite(ts, param);
	overflow = sign > 0 ? pg_add_s64_overflow(ts, delta, &result) :
		pg_sub_s64_overflow(ts, delta, &result);
	if (overflow || !IS_VALID_TIMESTAMP(result))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 sign > 0 ?
				 errmsg("deadline out of range: %s %s plus %d seconds", param,
						timestamptz_to_str(ts), seconds) :
				 errmsg("time out of range: %s %s minus %d seconds", param,
						timestamptz_to_str(ts), seconds),
				 errdetail("Timestamps with time zone run from 4714-11-24 00:00:00+00 BC to 294276-12-31 23:59:59.999999+00.")));
	return result;
}

/*
 * BusinessClock
 *		B(instant): business time from the start of the bitmap to ts, the
 *		instant given as parameter param.  Sets *day to the instant's local
 *		day.
 */
static int64
BusinessClock(HotlineCalendar *cal, TimestampTz ts, DateADT *day, const char *param)
{
	TimeOffset	tod;
	int32		idx;
	int64		b;

	idx = InstantIndex(cal, ts, &tod, param);
	*day = cal->first_day + idx;
	b = (int64) Rank(cal, idx) * cal->business_per_day;
	if (idx < cal->ndays && IsWorking(cal, idx))
		b += BusinessElapsed(cal, tod);
	return b;
}

/*
 * NeedBusinessHours
 *		Working-hour arithmetic needs a calendar with business hours.
 */
static void
NeedBusinessHours(HotlineCalendar *cal)
{
	if (cal->business_per_day <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("calendar \"%s\" has no business hours", cal->name),
				 errhint("Set hotline.calendar.business_hours, e.g. '{\"[09:00,12:00)\",\"[13:30,17:30)\"}', "
						 "or use a limit in working days or clock hours.")));
}

/*
 * PastCalendarEnd
 *		The error for a result beyond the last day calendars cover.
 */
static void
PastCalendarEnd(HotlineCalendar *cal)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("deadline falls after %d-12-31, the end of hotline calendars", CAL_LAST_YEAR),
			 errdetail("Calendar \"%s\" has too few working days between the start and %d-12-31 for this limit.",
					   cal->name, CAL_LAST_YEAR),
			 errhint("Give a shorter limit, or check the calendar's work_weekdays and days.")));
}

/*
 * PeriodEnd
 *		The instant a period counted in days ends when position last is its
 *		last day (R-12.4, Civil Code art. 203): 24:00 of that day, or the
 *		close of business of it on a calendar whose days end then
 *		(hotline.calendar.day_ends).  The last day of such a period is a
 *		working day, so it has business hours.
 */
static inline TimestampTz
PeriodEnd(HotlineCalendar *cal, int32 last)
{
	if (cal->day_end >= USECS_PER_DAY)
		return HotlineLocalTimestamp(cal, cal->first_day + last + 1, 0);
	return HotlineLocalTimestamp(cal, cal->first_day + last, cal->day_end);
}

/*
 * BusinessInstant
 *		The instant at which the business clock (BusinessClock) reaches
 *		target: within a business period, or at the close of one when
 *		target is an exact multiple.  from_day is the day the computation
 *		started from (for the warning about years without holiday data).
 */
static TimestampTz
BusinessInstant(HotlineCalendar *cal, int64 target, DateADT from_day)
{
	int64		k;
	int32		last;
	TimeOffset	rest;
	TimeOffset	tod = 0;
	int			i;

	if (target <= 0)
		return HotlineLocalTimestamp(cal, cal->first_day, 0);
	/* target - 1 so that an exact multiple ends at a close of business */
	k = (target - 1) / cal->business_per_day;
	last = k < PG_INT32_MAX ? Select(cal, (int32) k) : -1;
	if (last < 0)
		PastCalendarEnd(cal);
	rest = target - k * cal->business_per_day;
	for (i = 0; i < cal->nperiods; i++)
	{
		TimeOffset	len = cal->period_end[i] - cal->period_start[i];

		if (rest <= len)
		{
			tod = cal->period_start[i] + rest;
			break;
		}
		rest -= len;
	}
	HotlineCalendarWarnUncovered(cal, Min(from_day, cal->first_day + last),
								 Max(from_day, cal->first_day + last));
	return HotlineLocalTimestamp(cal, cal->first_day + last, tod);
}

/*
 * hotline_is_working_day
 *		SQL: hotline.is_working_day(calendar, day) -> boolean
 */
Datum
hotline_is_working_day(PG_FUNCTION_ARGS)
{
	HotlineCalendar *cal = HotlineCalendarGet(PG_GETARG_TEXT_PP(0), fcinfo);
	DateADT		day = PG_GETARG_DATEADT(1);
	int32		idx = DayIndex(cal, day, "day");

	HotlineCalendarWarnUncovered(cal, day, day);
	PG_RETURN_BOOL(IsWorking(cal, idx));
}

/*
 * hotline_working_days
 *		SQL: hotline.working_days(calendar, from_day, to_day) -> integer,
 *		both days included.
 */
Datum
hotline_working_days(PG_FUNCTION_ARGS)
{
	HotlineCalendar *cal = HotlineCalendarGet(PG_GETARG_TEXT_PP(0), fcinfo);
	DateADT		from_day = PG_GETARG_DATEADT(1);
	DateADT		to_day = PG_GETARG_DATEADT(2);
	int32		from_idx = DayIndex(cal, from_day, "from_day");
	int32		to_idx = DayIndex(cal, to_day, "to_day");

	if (from_idx > to_idx)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("from_day is after to_day"),
				 errdetail("The range %s to %s is empty.",
						   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(from_day))),
						   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(to_day)))),
				 errhint("Swap the two days: the range includes both and runs forward.")));
	HotlineCalendarWarnUncovered(cal, from_day, to_day);
	PG_RETURN_INT32(Rank(cal, to_idx + 1) - Rank(cal, from_idx));
}

/*
 * hotline_deadline
 *		SQL: hotline.deadline(calendar, start, time_limit) -> timestamptz
 *
 * R-12.4 (Civil Code arts. 201, 203): a period in days starts on the day
 * after start and ends at 24:00 of its last day, so N working days end at
 * 24:00 (the next midnight) of the Nth working day after start's local day;
 * N days do the same with natural days.  On a calendar whose days end at the
 * close of business (day_ends, art. 203(2)) both end at the close of
 * business of that last day instead.  Working time counts business hours
 * and ends at the exact instant the business time is used up (at the close
 * of a period, not the opening of the next).  Clock time is exact, from any
 * finite start whose deadline is a valid timestamptz.
 */
Datum
hotline_deadline(PG_FUNCTION_ARGS)
{
	HotlineCalendar *cal = HotlineCalendarGet(PG_GETARG_TEXT_PP(0), fcinfo);
	TimestampTz start = PG_GETARG_TIMESTAMPTZ(1);
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(2);
	DateADT		day;
	int32		idx;
	int32		last;

	switch (tl->unit)
	{
		case TL_CLOCK_SECONDS:
			PG_RETURN_TIMESTAMPTZ(ClockShift(start, 1, tl->amount, "start"));

		case TL_DAYS:
			/* Civil Code art. 203: a last day that is a rest day moves on */
			idx = InstantIndex(cal, start, NULL, "start");
			day = cal->first_day + idx;
			if ((int64) idx + tl->amount >= cal->ndays)
				PastCalendarEnd(cal);
			last = idx + tl->amount;
			if (!IsWorking(cal, last))
				last = Select(cal, Rank(cal, last));
			if (last < 0)
				PastCalendarEnd(cal);
			HotlineCalendarWarnUncovered(cal, day + 1, cal->first_day + last);
			PG_RETURN_TIMESTAMPTZ(PeriodEnd(cal, last));

		case TL_WORKING_DAYS:
			idx = InstantIndex(cal, start, NULL, "start");
			day = cal->first_day + idx;
			/* from 24:00 of the last day no working day follows */
			last = idx < cal->ndays ? Select(cal, Rank(cal, idx + 1) + tl->amount - 1) : -1;
			if (last < 0)
				PastCalendarEnd(cal);
			HotlineCalendarWarnUncovered(cal, day + 1, cal->first_day + last);
			PG_RETURN_TIMESTAMPTZ(PeriodEnd(cal, last));

		case TL_WORKING_SECONDS:
			{
				int64		b;

				NeedBusinessHours(cal);
				b = BusinessClock(cal, start, &day, "start");
				PG_RETURN_TIMESTAMPTZ(BusinessInstant(cal, b + (int64) tl->amount * USECS_PER_SEC, day));
			}
	}
	elog(ERROR, "invalid time_limit unit %d", tl->unit);
	PG_RETURN_NULL();			/* keep compiler quiet */
}

/*
 * hotline_working_time
 *		SQL: hotline.working_time(calendar, from_ts, to_ts) -> interval
 *
 * The business time between two instants, as an interval of hours,
 * minutes and seconds (no day or month part, so that sums and averages of
 * it stay exact).  Negative when to_ts is before from_ts, like to_ts - from_ts.
 */
Datum
hotline_working_time(PG_FUNCTION_ARGS)
{
	HotlineCalendar *cal = HotlineCalendarGet(PG_GETARG_TEXT_PP(0), fcinfo);
	TimestampTz from_ts = PG_GETARG_TIMESTAMPTZ(1);
	TimestampTz to_ts = PG_GETARG_TIMESTAMPTZ(2);
	DateADT		from_day;
	DateADT		to_day;
	int64		b_from;
	int64		b_to;
	Interval   *result;

	NeedBusinessHours(cal);
	b_from = BusinessClock(cal, from_ts, &from_day, "from_ts");
	b_to = BusinessClock(cal, to_ts, &to_day, "to_ts");
	HotlineCalendarWarnUncovered(cal, Min(from_day, to_day), Max(from_day, to_day));

	result = (Interval *) palloc(sizeof(Interval));
	result->time = b_to - b_from;
	result->day = 0;
	result->month = 0;
	PG_RETURN_INTERVAL_P(result);
}

/*
 * ClockSharePoint
 *		from_ts + share * (to_ts - from_ts) for from_ts < to_ts, rounded to
 *		the microsecond, never outside [from_ts, to_ts].
 *
 * The two ends may be 294,000 years apart: their distance does not fit in
 * int64 but does in uint64 (two's complement subtraction of the larger
 * minus the smaller is exact there), and the offset added back is at most
 * that distance, so the sum stays between the two ends.  For distances up
 * to 2^53 microseconds (285 years) the double is exact and the result is
 * from_ts + rint(share * (to_ts - from_ts)), as it always was.
 */
static TimestampTz
ClockSharePoint(TimestampTz from_ts, TimestampTz to_ts, float8 share)
{
	uint64		distance = (uint64) to_ts - (uint64) from_ts;
	float8		offset = rint(share * (float8) distance);
	uint64		u;

	/* (float8) distance may round up past distance: clamp in float first */
	if (!(offset > 0))
		return from_ts;
	if (offset >= (float8) distance)
		return to_ts;
	u = (uint64) offset;
	if (u > distance)
		u = distance;
	return (TimestampTz) ((uint64) from_ts + u);
}

/*
 * hotline_share_point
 *		SQL: hotline.share_point(calendar, from_ts, to_ts, share) -> the
 *		instant by which share (0 to 1) of the working time from from_ts to
 *		to_ts has passed: "80% of the allowed time" of a reminder.
 *
 * Working time is business time on a calendar with business hours; on one
 * without (working days only, or around the clock), clock time.  When no
 * working time lies between the two instants, the point is to_ts.  The
 * result always lies between from_ts and to_ts.
 */
Datum
hotline_share_point(PG_FUNCTION_ARGS)
{
	HotlineCalendar *cal = HotlineCalendarGet(PG_GETARG_TEXT_PP(0), fcinfo);
	TimestampTz from_ts = PG_GETARG_TIMESTAMPTZ(1);
	TimestampTz to_ts = PG_GETARG_TIMESTAMPTZ(2);
	float8		share = PG_GETARG_FLOAT8(3);
	DateADT		from_day;
	DateADT		to_day;
	int64		b_from;
	int64		b_to;

	if (isnan(share) || share < 0 || share > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("share must be between 0 and 1, not %g", share),
				 errhint("Give the share of the allowed time, e.g. 0.8 for 80%%.")));
	CheckFinite(from_ts, "from_ts");
	CheckFinite(to_ts, "to_ts");
	if (to_ts <= from_ts)
		PG_RETURN_TIMESTAMPTZ(to_ts);
	if (cal->business_per_day <= 0)
		PG_RETURN_TIMESTAMPTZ(ClockSharePoint(from_ts, to_ts, share));
	b_from = BusinessClock(cal, from_ts, &from_day, "from_ts");
	b_to = BusinessClock(cal, to_ts, &to_day, "to_ts");
	if (b_to <= b_from)
		PG_RETURN_TIMESTAMPTZ(to_ts);
	if (share == 0)
		PG_RETURN_TIMESTAMPTZ(from_ts);
	PG_RETURN_TIMESTAMPTZ(Min(to_ts, Max(from_ts,
										 BusinessInstant(cal, b_from + (int64) rint(share * (float8) (b_to - b_from)),
														 from_day))));
}

/*
 * hotline_before_deadline
 *		SQL: hotline.before_deadline(calendar, due, time_limit) -> the instant
 *		the limit before due: "1 working day before the deadline" of a
 *		reminder.  The inverse of hotline.deadline where it can be:
 *		working hours count business time back; N working days count back
 *		business days on a calendar with business hours (to a close of
 *		business: from a deadline at the close of business, day_ends, that
 *		is the deadline of N working days less), else to 24:00 of the Nth
 *		working day before the one the period ends on; days and clock time
 *		count back on the clock.  What would fall before the calendar's
 *		first day is 00:00 of that day.
 */
Datum
hotline_before_deadline(PG_FUNCTION_ARGS)
{
	HotlineCalendar *cal = HotlineCalendarGet(PG_GETARG_TEXT_PP(0), fcinfo);
	TimestampTz due = PG_GETARG_TIMESTAMPTZ(1);
	TimeLimit  *tl = PG_GETARG_TIME_LIMIT_P(2);
	TimeOffset	tod;
	DateADT		day;
	int32		idx;
	int32		rank;

	switch (tl->unit)
	{
		case TL_CLOCK_SECONDS:
			PG_RETURN_TIMESTAMPTZ(ClockShift(due, -1, tl->amount, "due"));

		case TL_DAYS:
			idx = InstantIndex(cal, due, &tod, "due");
			if (idx < tl->amount)
				PG_RETURN_TIMESTAMPTZ(HotlineLocalTimestamp(cal, cal->first_day, 0));
			PG_RETURN_TIMESTAMPTZ(HotlineLocalTimestamp(cal, cal->first_day + idx - tl->amount, tod));

		case TL_WORKING_DAYS:
			if (cal->business_per_day > 0)
			{
				int64		b = BusinessClock(cal, due, &day, "due");

				PG_RETURN_TIMESTAMPTZ(BusinessInstant(cal, b - (int64) tl->amount * cal->business_per_day, day));
			}
			/* the day the period ends on: the one before a deadline at 24:00 */
			(void) InstantIndex(cal, due, NULL, "due");
			day = HotlineLocalDate(cal, due - 1, NULL);
			if (day < cal->first_day)
				PG_RETURN_TIMESTAMPTZ(HotlineLocalTimestamp(cal, cal->first_day, 0));
			idx = DayIndex(cal, day, "due");
			rank = Rank(cal, idx + 1) - tl->amount;
			if (rank <= 0)
				PG_RETURN_TIMESTAMPTZ(HotlineLocalTimestamp(cal, cal->first_day, 0));
			idx = Select(cal, rank - 1);
			HotlineCalendarWarnUncovered(cal, cal->first_day + idx, day);
			PG_RETURN_TIMESTAMPTZ(PeriodEnd(cal, idx));

		case TL_WORKING_SECONDS:
			{
				int64		b;

				NeedBusinessHours(cal);
				b = BusinessClock(cal, due, &day, "due");
				PG_RETURN_TIMESTAMPTZ(BusinessInstant(cal, b - (int64) tl->amount * USECS_PER_SEC, day));
			}
	}
	elog(ERROR, "invalid time_limit unit %d", tl->unit);
	PG_RETURN_NULL();			/* keep compiler quiet */
}

/*
 * hotline_next_opening
 *		SQL: hotline.next_opening(calendar, ts) -> ts when the calendar is
 *		open at ts (inside a business period of a working day, its closing
 *		instant included), else the start of the next business period of a
 *		working day, e.g. 09:00 of the next working day, in the calendar's
 *		own time zone.  A calendar without business hours is open all of
 *		each working day: else 00:00 of the next one.  Messages to people
 *		are sent then (hotline.send_time).  On the compiled calendar, like
 *		deadline: no table is read.
 */
Datum
hotline_next_opening(PG_FUNCTION_ARGS)
{
	HotlineCalendar *cal = HotlineCalendarGet(PG_GETARG_TEXT_PP(0), fcinfo);
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(1);
	TimeOffset	tod;
	int32		idx = InstantIndex(cal, ts, &tod, "ts");
	int32		next;
	int			i;

	if (idx < cal->ndays && IsWorking(cal, idx))
	{
		if (cal->nperiods == 0)
			PG_RETURN_TIMESTAMPTZ(ts);
		for (i = 0; i < cal->nperiods; i++)
		{
			if (tod < cal->period_start[i])
				PG_RETURN_TIMESTAMPTZ(HotlineLocalTimestamp(cal, cal->first_day + idx,
															cal->period_start[i]));
			if (tod <= cal->period_end[i])
				PG_RETURN_TIMESTAMPTZ(ts);
		}
	}
	/* the first working day after ts's day */
	next = idx < cal->ndays ? Select(cal, Rank(cal, idx + 1)) : -1;
	if (next < 0)
		PastCalendarEnd(cal);
	HotlineCalendarWarnUncovered(cal, cal->first_day + idx, cal->first_day + next);
	PG_RETURN_TIMESTAMPTZ(HotlineLocalTimestamp(cal, cal->first_day + next,
												cal->nperiods > 0 ? cal->period_start[0] : 0));
}

