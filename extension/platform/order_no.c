/*-------------------------------------------------------------------------
 *
 * order_no.c
 *	  The hotline.order_no type: the work-order number (工单编号) the
 *	  system generates for every order, e.g.
 *	  "110105-20261123-000042".
 *
 * A number carries the 6-digit administrative division code of the
 * region (GB/T 2260), the local date the order was accepted and a
 * sequence within that region and day, so it is unique across the whole
 * country without any coordination between regions.
 *
 * It is one int64 passed by value, laid out so that comparing the int64
 * compares (date, region, sequence): ORDER BY gives time order and the
 * btree and hash operator classes work on the plain integer.
 *
 *	  bit  63		0 (the value is never negative)
 *	  bits 62..46	date, days since 2000-01-01 (17 bits; up to 2199-12-31)
 *	  bits 45..26	region code, 100000..999999 (20 bits)
 *	  bits 25..0	sequence, 1..67108863 (26 bits)
 *
 * The text form is RRRRRR-YYYYMMDD-NNNNNN, the sequence zero-padded to at
 * least six digits.  Input also takes the compact all-digit form of 20 to
 * 22 digits that some systems store.  Numbers are made by
 * hotline.next_order_no() (extension/platform/sql/60_order_no.sql), which counts
 * per region and day so that no single lock serialises the country.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "common/hashfn.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/sortsupport.h"
#include "utils/timestamp.h"

#include "hotline.h"

/* The value is an int64 Datum: that needs 8-byte pass-by-value Datums */
#ifndef USE_FLOAT8_BYVAL
#error "hotline.order_no is passed by value and needs a 64-bit build (USE_FLOAT8_BYVAL)"
#endif

PG_FUNCTION_INFO_V1(order_no_in);
PG_FUNCTION_INFO_V1(order_no_out);
PG_FUNCTION_INFO_V1(order_no_recv);
PG_FUNCTION_INFO_V1(order_no_send);
PG_FUNCTION_INFO_V1(order_no_cmp);
PG_FUNCTION_INFO_V1(order_no_sortsupport);
PG_FUNCTION_INFO_V1(order_no_eq);
PG_FUNCTION_INFO_V1(order_no_ne);
PG_FUNCTION_INFO_V1(order_no_lt);
PG_FUNCTION_INFO_V1(order_no_le);
PG_FUNCTION_INFO_V1(order_no_gt);
PG_FUNCTION_INFO_V1(order_no_ge);
PG_FUNCTION_INFO_V1(order_no_smaller);
PG_FUNCTION_INFO_V1(order_no_larger);
PG_FUNCTION_INFO_V1(order_no_hash);
PG_FUNCTION_INFO_V1(order_no_hash_extended);
PG_FUNCTION_INFO_V1(order_no_region);
PG_FUNCTION_INFO_V1(order_no_day);
PG_FUNCTION_INFO_V1(order_no_seq);
PG_FUNCTION_INFO_V1(make_order_no);
PG_FUNCTION_INFO_V1(hotline_next_order_no);
PG_FUNCTION_INFO_V1(order_no_to_bigint);
PG_FUNCTION_INFO_V1(order_no_from_bigint);

/* Bit layout (see the file header) */
#define ON_SEQ_BITS			26
#define ON_REGION_BITS		20
#define ON_DAY_BITS			17
#define ON_REGION_SHIFT		ON_SEQ_BITS
#define ON_DAY_SHIFT		(ON_SEQ_BITS + ON_REGION_BITS)
#define ON_SEQ_MASK			((INT64CONST(1) << ON_SEQ_BITS) - 1)
#define ON_REGION_MASK		((INT64CONST(1) << ON_REGION_BITS) - 1)
#define ON_DAY_MASK			((INT64CONST(1) << ON_DAY_BITS) - 1)

StaticAssertDecl(ON_DAY_SHIFT + ON_DAY_BITS == 63,
				 "order_no fields must fill the 63 bits below the sign bit");

/* Field ranges */
#define ON_MIN_SEQ			1
#define ON_MAX_SEQ			((int32) ON_SEQ_MASK)	/* 67108863 */
#define ON_MIN_REGION		100000
#define ON_MAX_REGION		999999
#define ON_FIRST_YEAR		2000
#define ON_LAST_YEAR		2199
/* 2199-12-31 as days since 2000-01-01 (the DateADT epoch) */
#define ON_MAX_DAY			73048

StaticAssertDecl(ON_MAX_REGION <= ON_REGION_MASK, "region code must fit its field");
StaticAssertDecl(ON_MAX_DAY <= ON_DAY_MASK, "date must fit its field");

/* Lengths of the text forms */
#define ON_REGION_DIGITS	6
#define ON_DATE_DIGITS		8
#define ON_MIN_SEQ_DIGITS	1
#define ON_MAX_SEQ_DIGITS	8
#define ON_MIN_COMPACT		(ON_REGION_DIGITS + ON_DATE_DIGITS + 6)	/* 20 */
#define ON_MAX_COMPACT		(ON_REGION_DIGITS + ON_DATE_DIGITS + ON_MAX_SEQ_DIGITS)	/* 22 */

/* The parts of an order number */
#define OrderNoDay(v)		((DateADT) (((v) >> ON_DAY_SHIFT) & ON_DAY_MASK))
#define OrderNoRegion(v)	((int32) (((v) >> ON_REGION_SHIFT) & ON_REGION_MASK))
#define OrderNoSeq(v)		((int32) ((v) & ON_SEQ_MASK))

#define PROVINCE_LIST		"11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82"
#define ORDER_NO_HINT		"An order number is a region code, a date and a sequence, " \
							"such as \"110105-20261123-000042\" or \"11010520261123000042\"."

/*
 * OrderNoPack
 *		Put validated fields together into an order number.
 */
static inline int64
OrderNoPack(int32 region, DateADT day, int32 seq)
{
	return ((int64) day << ON_DAY_SHIFT) |
		((int64) region << ON_REGION_SHIFT) |
		(int64) seq;
}

/*
 * ProvinceIsValid
 *		Is prefix (the first two digits of a region code) a province-level
 *		division of GB/T 2260?  11-15 north, 21-23 north-east, 31-37 east,
 *		41-46 centre and south, 50-54 south-west, 61-65 north-west, 71
 *		Taiwan, 81 Hong Kong, 82 Macao.
 */
static bool
ProvinceIsValid(int prefix)
{
	return (prefix >= 11 && prefix <= 15) ||
		(prefix >= 21 && prefix <= 23) ||
		(prefix >= 31 && prefix <= 37) ||
		(prefix >= 41 && prefix <= 46) ||
		(prefix >= 50 && prefix <= 54) ||
		(prefix >= 61 && prefix <= 65) ||
		prefix == 71 || prefix == 81 || prefix == 82;
}

/*
 * RegionIsValid
 *		Is region a 6-digit code with a province-level prefix?
 */
static bool
RegionIsValid(int32 region)
{
	return region >= ON_MIN_REGION && region <= ON_MAX_REGION &&
		ProvinceIsValid(region / 10000);
}

/*
 * DayIsValid
 *		Does day (a DateADT) lie in 2000-01-01 .. 2199-12-31?
 */
static bool
DayIsValid(DateADT day)
{
	return !DATE_NOT_FINITE(day) && day >= 0 && day <= ON_MAX_DAY;
}

/*
 * FormatDay
 *		A date as YYYY-MM-DD whatever the DateStyle, for error messages.
 */
static char *
FormatDay(DateADT day)
{
	int			year,
				month,
				mday;

	if (DATE_IS_NOBEGIN(day))
		return pstrdup("-infinity");
	if (DATE_IS_NOEND(day))
		return pstrdup("infinity");
	j2date(day + POSTGRES_EPOCH_JDATE, &year, &month, &mday);
	return psprintf("%04d-%02d-%02d", year, month, mday);
}

/*
 * OrderNoInvalidReason
 *		Why an int64 is not an order number (a sentence for errdetail), or
 *		NULL when it is one.  Used where a value arrives without passing
 *		the text parser: the bigint cast and the binary receive function.
 */
static char *
OrderNoInvalidReason(int64 value)
{
	if (value < 0)
		return pstrdup("An order number is never negative.");
	if (!RegionIsValid(OrderNoRegion(value)))
		return psprintf("Its region field %d is not a 6-digit code starting with a "
						"province-level code of GB/T 2260 (" PROVINCE_LIST ").",
						OrderNoRegion(value));
	if (!DayIsValid(OrderNoDay(value)))
		return psprintf("Its date field, %d days after 2000-01-01, lies after %d-12-31.",
						(int) OrderNoDay(value), ON_LAST_YEAR);
	if (OrderNoSeq(value) < ON_MIN_SEQ)
		return pstrdup("Its sequence field is 0; sequences start at 1.");
	return NULL;
}

/*
 * OrderNoSyntaxError
 *		Report text that does not have the shape of an order number.
 */
static void
OrderNoSyntaxError(const char *input, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type order_no: \"%s\"", input),
			 errdetail("%s", why),
			 errhint(ORDER_NO_HINT)));
}

/*
 * DigitsValue
 *		The value of n ASCII digits at s (n <= 9, so it fits an int32).
 */
static int32
DigitsValue(const char *s, int n)
{
	int32		v = 0;
	int			i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
 * order_no_in
 *		Parse RRRRRR-YYYYMMDD-N (sequence of 1 to 8 digits) or the compact
 *		form of 20 to 22 digits, with optional leading and trailing spaces.
 *		The shape, then the region, the date and the sequence are checked,
 *		each failure with its own detail.
 */
Datum
order_no_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	const char *start = input;
	const char *end;
	const char *region_s;
	const char *date_s;
	const char *seq_s;
	int			len;
	int			seq_len;
	int			ndashes = 0;
	int			i;
	int32		region;
	int32		seq;
	int			year,
				month,
				mday;
	DateADT		day;

	while (isspace((unsigned char) *start))
		start++;
	end = start + strlen(start);
	while (end > start && isspace((unsigned char) end[-1]))
		end--;
	len = (int) (end - start);
	if (len == 0)
		OrderNoSyntaxError(input, "It is empty.");

	for (i = 0; i < len; i++)
	{
		if (start[i] == '-')
			ndashes++;
		else if (!isdigit((unsigned char) start[i]))
			OrderNoSyntaxError(input, "It contains a character other than digits and dashes.");
	}

	if (ndashes == 0)
	{
		/* compact form: 6 region + 8 date + 6..8 sequence digits */
		if (len < ON_MIN_COMPACT || len > ON_MAX_COMPACT)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type order_no: \"%s\"", input),
					 errdetail("An order number without dashes has %d to %d digits "
							   "(6 of region, 8 of date, 6 to 8 of sequence), not %d.",
							   ON_MIN_COMPACT, ON_MAX_COMPACT, len),
					 errhint(ORDER_NO_HINT)));
		region_s = start;
		date_s = start + ON_REGION_DIGITS;
		seq_s = date_s + ON_DATE_DIGITS;
		seq_len = len - ON_REGION_DIGITS - ON_DATE_DIGITS;
	}
	else
	{
		/* dashed form: RRRRRR-YYYYMMDD-N..N */
		if (ndashes != 2)
			OrderNoSyntaxError(input, "It must have exactly two dashes, after the region code and after the date.");
		if (len < ON_REGION_DIGITS || start[ON_REGION_DIGITS] != '-')
			OrderNoSyntaxError(input, "The region code before the first dash must be 6 digits.");
		if (len < ON_REGION_DIGITS + 1 + ON_DATE_DIGITS + 1 ||
			start[ON_REGION_DIGITS + 1 + ON_DATE_DIGITS] != '-')
			OrderNoSyntaxError(input, "The date between the dashes must be 8 digits, YYYYMMDD.");
		region_s = start;
		date_s = start + ON_REGION_DIGITS + 1;
		seq_s = date_s + ON_DATE_DIGITS + 1;
		seq_len = (int) (end - seq_s);
		if (seq_len < ON_MIN_SEQ_DIGITS || seq_len > ON_MAX_SEQ_DIGITS)
			OrderNoSyntaxError(input, "The sequence after the second dash must be 1 to 8 digits.");
	}

	/* all parts are digits now, of the right lengths */
	region = DigitsValue(region_s, ON_REGION_DIGITS);
	year = DigitsValue(date_s, 4);
	month = DigitsValue(date_s + 4, 2);
	mday = DigitsValue(date_s + 6, 2);
	seq = DigitsValue(seq_s, seq_len);

	if (!RegionIsValid(region))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type order_no: \"%s\"", input),
				 errdetail("Region code \"%06d\" does not start with a province-level code "
						   "of GB/T 2260 (" PROVINCE_LIST ").", region),
				 errhint(ORDER_NO_HINT)));

	if (month < 1 || month > MONTHS_PER_YEAR || mday < 1 ||
		mday > day_tab[isleap(year)][month - 1])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type order_no: \"%s\"", input),
				 errdetail("Its date %.8s does not exist.", date_s),
				 errhint(ORDER_NO_HINT)));
	if (year < ON_FIRST_YEAR || year > ON_LAST_YEAR)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("value \"%s\" is out of range for type order_no", input),
				 errdetail("Its date %04d-%02d-%02d lies outside %d-01-01 to %d-12-31.",
						   year, month, mday, ON_FIRST_YEAR, ON_LAST_YEAR)));
	day = date2j(year, month, mday) - POSTGRES_EPOCH_JDATE;

	if (seq < ON_MIN_SEQ || seq > ON_MAX_SEQ)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value \"%s\" is out of range for type order_no", input),
				 errdetail("Its sequence %d lies outside %d to %d.",
						   seq, ON_MIN_SEQ, ON_MAX_SEQ)));

	PG_RETURN_INT64(OrderNoPack(region, day, seq));
}

/*
 * order_no_out
 *		Canonical text: RRRRRR-YYYYMMDD-NNNNNN, the sequence zero-padded to
 *		six digits (more when it is larger).
 */
Datum
order_no_out(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);
	int			year,
				month,
				mday;

	j2date(OrderNoDay(value) + POSTGRES_EPOCH_JDATE, &year, &month, &mday);
	PG_RETURN_CSTRING(psprintf("%06d-%04d%02d%02d-%06d", OrderNoRegion(value),
							   year, month, mday, OrderNoSeq(value)));
}

/*
 * order_no_recv
 *		Binary input: the int64 as int8 does it, checked like the bigint
 *		cast since it does not pass through the text parser.
 */
Datum
order_no_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		value = pq_getmsgint64(buf);
	char	   *why = OrderNoInvalidReason(value);

	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external order_no value %lld", (long long) value),
				 errdetail("%s", why)));
	PG_RETURN_INT64(value);
}

/*
 * order_no_send
 *		Binary output: the int64 as int8 does it.
 */
Datum
order_no_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * order_no_cmp
 *		btree support function 1: the int64 order is (date, region,
 *		sequence).
 */
Datum
order_no_cmp(PG_FUNCTION_ARGS)
{
	int64		a = PG_GETARG_INT64(0);
	int64		b = PG_GETARG_INT64(1);

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

/*
 * order_no_sortsupport
 *		btree support function 2: sorts compare the Datums directly as
 *		signed integers, without a function call per comparison.
 */
Datum
order_no_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = ssup_datum_signed_cmp;
	PG_RETURN_VOID();
}

/*
 * order_no_eq
 *		Operator =.
 */
Datum
order_no_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) == PG_GETARG_INT64(1));
}

/*
 * order_no_ne
 *		Operator <>.
 */
Datum
order_no_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) != PG_GETARG_INT64(1));
}

/*
 * order_no_lt
 *		Operator <.
 */
Datum
order_no_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) < PG_GETARG_INT64(1));
}

/*
 * order_no_le
 *		Operator <=.
 */
Datum
order_no_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) <= PG_GETARG_INT64(1));
}

/*
 * order_no_gt
 *		Operator >.
 */
Datum
order_no_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) > PG_GETARG_INT64(1));
}

/*
 * order_no_ge
 *		Operator >=.
 */
Datum
order_no_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT64(0) >= PG_GETARG_INT64(1));
}

/*
 * order_no_smaller
 *		The earlier of two numbers; transition function of min().
 */
Datum
order_no_smaller(PG_FUNCTION_ARGS)
{
	int64		a = PG_GETARG_INT64(0);
	int64		b = PG_GETARG_INT64(1);

	PG_RETURN_INT64(a < b ? a : b);
}

/*
 * order_no_larger
 *		The later of two numbers; transition function of max().
 */
Datum
order_no_larger(PG_FUNCTION_ARGS)
{
	int64		a = PG_GETARG_INT64(0);
	int64		b = PG_GETARG_INT64(1);

	PG_RETURN_INT64(a > b ? a : b);
}

/*
 * order_no_hash
 *		hash support function 1; the same hash as hashint8 gives the
 *		bigint, so the value hashes like its cast.
 */
Datum
order_no_hash(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);
	uint32		lohalf = (uint32) value;
	uint32		hihalf = (uint32) (value >> 32);

	/* the sign bit is always 0, so hashint8's ~hihalf case never arises */
	PG_RETURN_DATUM(hash_uint32(lohalf ^ hihalf));
}

/*
 * order_no_hash_extended
 *		hash support function 2 (seeded), for hash partitioning; as
 *		hashint8extended.
 */
Datum
order_no_hash_extended(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);
	uint32		lohalf = (uint32) value;
	uint32		hihalf = (uint32) (value >> 32);

	PG_RETURN_DATUM(hash_uint32_extended(lohalf ^ hihalf, (uint64) PG_GETARG_INT64(1)));
}

/*
 * order_no_region
 *		The region code of a number, as the 6-digit text of GB/T 2260.
 */
Datum
order_no_region(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);

	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%06d", OrderNoRegion(value))));
}

/*
 * order_no_day
 *		The local date of a number (the day the order was accepted).
 */
Datum
order_no_day(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);

	PG_RETURN_DATEADT(OrderNoDay(value));
}

/*
 * order_no_seq
 *		The sequence of a number within its region and day.
 */
Datum
order_no_seq(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);

	PG_RETURN_INT32(OrderNoSeq(value));
}

/*
 * OrderNoRegionProblem
 *		Why the text r (len bytes) is not the region of an order number: the
 *		detail of the error, or NULL when it is a 6-digit code with a
 *		province-level prefix.  The one check of a region: make_order_no
 *		raises it, the hotline's intake (extension/domain/intake.c) words it
 *		as a bad parameter.
 */
const char *
OrderNoRegionProblem(const char *r, int len)
{
	int			i;

	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char) r[i]))
			break;
	if (len != ON_REGION_DIGITS || i != len)
		return "A region code is the 6-digit administrative division code of GB/T 2260.";
	if (!RegionIsValid(DigitsValue(r, ON_REGION_DIGITS)))
		return "It does not start with a province-level code of GB/T 2260 (" PROVINCE_LIST ").";
	return NULL;
}

/*
 * make_order_no
 *		Build a number from a region code (exactly 6 digits with a
 *		province-level prefix), a date in 2000-01-01 .. 2199-12-31 and a
 *		sequence in 1 .. 67108863.  hotline.next_order_no() calls it, so a
 *		bad region fails before any counter row is written.
 */
Datum
make_order_no(PG_FUNCTION_ARGS)
{
	text	   *region_t = PG_GETARG_TEXT_PP(0);
	DateADT		day = PG_GETARG_DATEADT(1);
	int32		seq = PG_GETARG_INT32(2);
	const char *r = VARDATA_ANY(region_t);
	const char *problem = OrderNoRegionProblem(r, VARSIZE_ANY_EXHDR(region_t));

	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid region code \"%s\"", text_to_cstring(region_t)),
				 errdetail("%s", problem),
				 errhint("Give the code of the county or district, such as \"110105\".")));

	if (!DayIsValid(day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date %s is out of range for type order_no", FormatDay(day)),
				 errdetail("Order numbers carry a date from %d-01-01 to %d-12-31.",
						   ON_FIRST_YEAR, ON_LAST_YEAR)));

	if (seq < ON_MIN_SEQ || seq > ON_MAX_SEQ)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sequence %d is out of range for type order_no", seq),
				 errdetail("The sequence of an order number lies between %d and %d for each region and day.",
						   ON_MIN_SEQ, ON_MAX_SEQ)));

	PG_RETURN_INT64(OrderNoPack(DigitsValue(r, ON_REGION_DIGITS), day, seq));
}

/*
 * hotline_next_order_no
 *		SQL: hotline.next_order_no(region, at, time_zone) -> order_no: the
 *		next number of a region for the local date of at in time_zone
 *		from the counter of that region and day
 *		(hotline.order_number_seq), which it locks until commit; a bad
 *		region or date fails before any counter row is written.  C, not
 *		PL/pgSQL: every order takes one (issue 9).  SECURITY DEFINER (only
 *		it writes the counters), with its search_path pinned; its statement
 *		names everything with its schema anyway.
 */
Datum
hotline_next_order_no(PG_FUNCTION_ARGS)
{
	static SPIPlanPtr plan = NULL;
	Datum		region;
	DateADT		day;
	Datum		values[2];
	bool		isnull;
	int32		seq;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("region, time and time zone of next_order_no must not be null"),
				 errhint("Give the 6-digit region code of the hotline, e.g. next_order_no('110105').")));
	region = PG_GETARG_DATUM(0);
	day = DatumGetDateADT(DirectFunctionCall1(timestamp_date,
											  DirectFunctionCall2(timestamptz_zone, PG_GETARG_DATUM(2),
																  PG_GETARG_DATUM(1))));
	/* the region and the day checked before any counter row is written */
	(void) DirectFunctionCall3(make_order_no, region, DateADTGetDatum(day), Int32GetDatum(1));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (plan == NULL)
	{
		Oid			types[2] = {TEXTOID, DATEOID};

		plan = HotlinePrepare("INSERT INTO hotline.order_number_seq AS s (region, day, last_seq) "
							  "VALUES ($1, $2, 1) ON CONFLICT (region, day) "
							  "DO UPDATE SET last_seq = s.last_seq OPERATOR(pg_catalog.+) 1 "
							  "RETURNING s.last_seq", 2, types);
	}
	values[0] = region;
	values[1] = DateADTGetDatum(day);
	if (SPI_execute_plan(plan, values, NULL, false, 1) != SPI_OK_INSERT_RETURNING || SPI_processed != 1)
		elog(ERROR, "next_order_no: the counter of region %s was not written", TextDatumGetCString(region));
	seq = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_finish();
	return DirectFunctionCall3(make_order_no, region, DateADTGetDatum(day), Int32GetDatum(seq));
}

/*
 * order_no_to_bigint
 *		Cast to bigint: the int64 itself (it sorts like the number).
 */
Datum
order_no_to_bigint(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_INT64(0));
}

/*
 * order_no_from_bigint
 *		Cast from bigint, checking every field, so that a number stored as
 *		bigint elsewhere comes back only when it is a real one.
 */
Datum
order_no_from_bigint(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_INT64(0);
	char	   *why = OrderNoInvalidReason(value);

	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value %lld is out of range for type order_no", (long long) value),
				 errdetail("%s", why)));
	PG_RETURN_INT64(value);
}
