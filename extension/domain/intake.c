/*-------------------------------------------------------------------------
 *
 * intake.c
 *	  The hotline's intake of a new work order (受理, R-1.2 - R-1.5, R-2.2 -
 *	  ), in C: the checks of its parameters (hotline.check_intake),
 *	  the citizen's phone number in its canonical form
 *	  (hotline.normalize_phone), and the row the engine writes
 *	  (hotline.order_intake: the citizen found again or added, the topic
 *	  and the accused unit by their codes).
 *
 * This is the hotline domain (README, Design: Layers): it knows work orders,
 * citizens, topics and units, and no workflow.  The engine (platform) calls
 * hotline.order_intake by its SQL name when a workflow opens an order.
 *
 * It was PL/pgSQL.  At a hotline every appeal goes through it, and
 * PL/pgSQL prepares each of its expressions again in every transaction: the
 * intake was two fifths of an acceptance's time (issue 9).  The checks and
 * their words are the same; every refusal names the parameter and the
 * value, with an example of a good one, before anything is written.
 * Nothing here raises an error it then catches, but the conversion of a
 * time (occurred_at), which PostgreSQL 15 can only try in a
 * subtransaction, and only when one is given.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>
#include <math.h>
#include <wctype.h>

#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/resowner.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_normalize_phone);
PG_FUNCTION_INFO_V1(hotline_check_intake);
PG_FUNCTION_INFO_V1(hotline_order_intake);

/*
 * The intake's statements, prepared once per backend (HotlinePrepare);
 * every name is qualified, so the caller's search_path does not matter.
 */
typedef enum IntakePlan
{
	PLAN_CITIZEN_ADD,			/* a citizen added, or its name recorded */
	PLAN_SETTING,				/* a workflow's setting as text */
	NUM_INTAKE_PLANS
} IntakePlan;

static const char *const intake_sql[NUM_INTAKE_PLANS] = {
	"INSERT INTO hotline.citizen AS c (phone, name) VALUES ($1, $2) "
	"ON CONFLICT (region, phone) DO UPDATE SET name = coalesce(EXCLUDED.name, c.name) "
	"RETURNING c.id",
	"SELECT hotline.workflow_setting_value($1, $2) OPERATOR(pg_catalog.#>>) '{}'"
};
static const int intake_nargs[NUM_INTAKE_PLANS] = {2, 2};
static SPIPlanPtr intake_plans[NUM_INTAKE_PLANS];

/*
 * The hotline's enumerations an order converts: the
 * parameter, its type in schema hotline and an example for the hint, in
 * the order their refusals are looked for.
 */
typedef struct IntakeEnum
{
	const char *param;
	const char *type;
	const char *example;
} IntakeEnum;

static const IntakeEnum intake_enums[] = {
	{"appeal_type", "appeal_type", "complaint' (投诉)"},
	{"channel", "channel", "phone' (电话)"},
	{"urgency", "urgency", "very_urgent' (特急)"},
	{"emergency", "emergency_kind", "natural_disaster' (自然灾害)"}
};

/* what every order records (R-1.3 - R-1.5): the NOT NULL columns */
static const char *const intake_required[] = {"region", "appeal_type", "channel", "description"};

/*
 * personal data the history does not get: the citizen's name and
 * phone (in hotline.citizen and the order's row), and for a confidential
 * order the place as well (the order's row keeps it; units read it masked
 * through hotline.order_contact, and the history, which units read, must
 * not hold it in clear)
 */
static const char *const intake_personal[] = {"citizen_phone", "citizen_name", "area_code",
"address", "longitude", "latitude"};
#define INTAKE_PERSONAL_ALWAYS 3

/* the ids the checks found by code (0: not given) */
typedef struct IntakeIds
{
	int64		topic;
	int64		accused_unit;
} IntakeIds;

/*
 * IntakeExec
 *		Run look-up plan with values (and nulls, or NULL); returns the rows
 *		found.  The caller is connected to SPI.
 */
static uint64
IntakeExec(IntakePlan plan, Datum *values, const char *nulls)
{
	int			rc;

	if (intake_plans[plan] == NULL)
	{
		Oid			types[2] = {TEXTOID, TEXTOID};

		intake_plans[plan] = HotlinePrepare(intake_sql[plan], intake_nargs[plan], types);
	}
	rc = SPI_execute_plan(intake_plans[plan], values, nulls, false, 1);
	if (rc < 0)
		elog(ERROR, "hotline intake: \"%s\" failed: %s", intake_sql[plan], SPI_result_code_string(rc));
	return SPI_processed;
}

/*
 * IntakeId
 *		The bigint of column 1 of the first row the last IntakeExec found.
 */
static int64
IntakeId(void)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

	return isnull ? 0 : DatumGetInt64(d);
}

/*
 * FirstCode
 *		An example for a hint: the code of the first active row of table
 *		(topic or unit), NULL when it has none.  Only on the way to an
 *		error.
 */
static char *
FirstCode(const char *table)
{
	MemoryContext caller = CurrentMemoryContext;
	char	   *code = NULL;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute(psprintf("SELECT x.code FROM hotline.%s x WHERE x.active ORDER BY x.id LIMIT 1", table),
					true, 1) == SPI_OK_SELECT && SPI_processed > 0)
	{
		char	   *v = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		if (v != NULL)
			code = MemoryContextStrdup(caller, v);
	}
	SPI_finish();
	return code;
}

/*
 * CheckCitation
 *		Raises (hotline.kb_cite's 22023) unless citation cites a knowledge
 *		article in force.
 */
static void
CheckCitation(const char *citation)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];

	values[0] = CStringGetTextDatum(citation);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT hotline.kb_cite($1)", 1, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "hotline intake: the citation check failed");
	SPI_finish();
}

/*
 * ParamValue
 *		The value of key in params (params -> key); false when absent or
 *		JSON null.
 */
static bool
ParamValue(Jsonb *params, const char *key, JsonbValue *v)
{
	return getKeyJsonValueFromContainer(&params->root, key, strlen(key), v) != NULL &&
		v->type != jbvNull;
}

/*
 * ParamText
 *		params ->> key (HotlineJsonbField): NULL when absent or JSON null.
 */
static char *
ParamText(Jsonb *params, const char *key)
{
	return HotlineJsonbField(params, key);
}

/*
 * AllDigits
 *		Whether the n bytes of s are ASCII digits.
 */
static bool
AllDigits(const char *s, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * IsAreaCode
 *		An area code: 0, then 2 or 3 more digits, the first not 0
 *		(^0[1-9][0-9]{1,2}$).
 */
static bool
IsAreaCode(const char *s)
{
	int			n = strlen(s);

	return (n == 3 || n == 4) && s[0] == '0' && s[1] >= '1' && s[1] <= '9' && AllDigits(s, n);
}

/*
 * PhoneSeparator
 *		The length of the separator at s (of len bytes): white space (as
 *		the database's locale has it), - . ( ) and the full-width brackets
 *		（）; 0 when s starts with none.
 */
static int
PhoneSeparator(const char *s, int len)
{
	unsigned char c = (unsigned char) s[0];

	if (c == '-' || c == '.' || c == '(' || c == ')' || isspace(c))
		return 1;
	if (c >= 0x80 && GetDatabaseEncoding() == PG_UTF8)
	{
		int			n = pg_utf_mblen((const unsigned char *) s);
		pg_wchar	w;

		if (n > len || !pg_utf8_islegal((const unsigned char *) s, n))
			return 0;
		w = utf8_to_unicode((const unsigned char *) s);
		if (w == 0xFF08 || w == 0xFF09 || iswspace((wint_t) w))
			return n;
	}
	return 0;
}

/*
 * NormalizePhone
 *		The canonical form of a Chinese phone number: a
 *		mobile number 1xxxxxxxxxx, a landline 0 + area code + number, a
 *		local landline with the area_code given before it, a service number
 *		(12345, 95598) as it is; separators and a +86/0086 prefix dropped.
 *		NULL when it is none of them, with the error's detail and hint.
 */
static char *
NormalizePhone(const char *phone, const char *area_code, const char **detail, const char **hint)
{
	int			len = strlen(phone);
	char	   *d = palloc(len + 1);
	int			n = 0;
	int			i = 0;

	while (i < len)
	{
		int			sep = PhoneSeparator(phone + i, len - i);

		CHECK_FOR_INTERRUPTS();
		if (sep > 0)
			i += sep;
		else
			d[n++] = phone[i++];
	}
	d[n] = '\0';
	if (n == 0 || !AllDigits(d[0] == '+' ? d + 1 : d, d[0] == '+' ? n - 1 : n) || (d[0] == '+' && n == 1))
	{
		*detail = "A phone number holds digits, spaces, dashes, brackets and a leading +.";
		*hint = "Give the number as dialled, e.g. 138 0013 8000 or 010-6512 3456.";
		return NULL;
	}
	/* the country code */
	if (strncmp(d, "+86", 3) == 0)
		d += 3;
	else if (strncmp(d, "0086", 4) == 0)
		d += 4;
	n = strlen(d);
	if (n == 13 && strncmp(d, "86", 2) == 0 && d[2] == '1' && d[3] >= '3' && d[3] <= '9')
	{
		d += 2;
		n -= 2;
	}
	if (d[0] != '+')
	{
		/* mobile */
		if (n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9')
			return d;
		/* landline with its area code */
		if (n >= 10 && n <= 12 && d[0] == '0' && d[1] >= '1' && d[1] <= '9')
			return d;
		/* local landline */
		if ((n == 7 || n == 8) && d[0] >= '2' && d[0] <= '8' && area_code != NULL && IsAreaCode(area_code))
			return psprintf("%s%s", area_code, d);
		/* service numbers: 12345, 95598 */
		if (n == 5 && ((d[0] == '1' && d[1] >= '0' && d[1] <= '2') || d[0] == '9'))
			return d;
	}
	*detail = "It is neither a mobile number (11 digits from 13), a landline with its area code, nor a 5-digit service number.";
	*hint = "Add the area code to a local number (area_code => '010'), or check the digits.";
	return NULL;
}

/*
 * hotline_normalize_phone
 *		SQL: hotline.normalize_phone(phone, area_code) -> text: the canonical
 *		form (NormalizePhone); NULL for NULL; 22023 for anything else.  The
 *		citizens' CHECK uses it too.
 */
Datum
hotline_normalize_phone(PG_FUNCTION_ARGS)
{
	char	   *phone;
	char	   *normalized;
	const char *detail;
	const char *hint;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	phone = text_to_cstring(PG_GETARG_TEXT_PP(0));
	normalized = NormalizePhone(phone, PG_ARGISNULL(1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(1)),
								&detail, &hint);
	if (normalized == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid phone number: \"%s\"", phone),
				 errdetail("%s", detail),
				 errhint("%s", hint)));
	PG_RETURN_TEXT_P(cstring_to_text(normalized));
}

/*
 * EnumType
 *		The OID of the hotline's enumeration type name.
 */
static Oid
EnumType(const char *name)
{
	Oid			nsp = get_namespace_oid("hotline", false);
	Oid			typ = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum(name),
									  ObjectIdGetDatum(nsp));

	if (!OidIsValid(typ))
		elog(ERROR, "hotline intake: type hotline.%s does not exist", name);
	return typ;
}

/*
 * IsEnumLabel
 *		Whether label is a value of the enumeration of type typ (as its
 *		input function would take it).
 */
static bool
IsEnumLabel(Oid typ, const char *label)
{
	return strlen(label) < NAMEDATALEN &&
		SearchSysCacheExists2(ENUMTYPOIDNAME, ObjectIdGetDatum(typ), CStringGetDatum(label));
}

/*
 * CompareEnumOrder
 *		qsort comparator of pg_enum tuples by enumsortorder.
 */
static int
CompareEnumOrder(const void *a, const void *b)
{
	float4		x = ((Form_pg_enum) GETSTRUCT(*(HeapTuple const *) a))->enumsortorder;
	float4		y = ((Form_pg_enum) GETSTRUCT(*(HeapTuple const *) b))->enumsortorder;

	return (x > y) - (x < y);
}

/*
 * EnumLabels
 *		The values of the enumeration of type typ in their order, joined by
 *		", " (for an error's detail).
 */
static char *
EnumLabels(Oid typ)
{
	CatCList   *list = SearchSysCacheList1(ENUMTYPOIDNAME, ObjectIdGetDatum(typ));
	HeapTuple  *tuples = palloc(sizeof(HeapTuple) * Max(list->n_members, 1));
	StringInfoData out;
	int			i;

	for (i = 0; i < list->n_members; i++)
		tuples[i] = &list->members[i]->tuple;
	qsort(tuples, list->n_members, sizeof(HeapTuple), CompareEnumOrder);
	initStringInfo(&out);
	for (i = 0; i < list->n_members; i++)
		appendStringInfo(&out, "%s%s", i > 0 ? ", " : "",
						 NameStr(((Form_pg_enum) GETSTRUCT(tuples[i]))->enumlabel));
	ReleaseSysCacheList(list);
	return out.data;
}

/*
 * ParseBool
 *		text::boolean without an error: false when s is no boolean.
 */
static bool
ParseBool(const char *s, bool *result)
{
	size_t		len = strlen(s);

	while (len > 0 && isspace((unsigned char) *s))
	{
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char) s[len - 1]))
		len--;
	return parse_bool_with_len(s, len, result);
}

/*
 * ParseDouble
 *		text::double precision without an error: false when s is no number
 *		of that type.
 */
static bool
ParseDouble(const char *s, double *result)
{
	bool		bad = false;

	*result = float8in_internal_opt_error(pstrdup(s), NULL, "double precision", s, &bad);
	return !bad;
}

/*
 * ParseTimestamp
 *		text::timestamptz: false when s is no time (a data exception, in a
 *		subtransaction: PostgreSQL 15's input functions have no other way
 *		to say so); any other error is raised.
 */
static bool
ParseTimestamp(const char *s, TimestampTz *result)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	volatile bool ok = true;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		*result = DatumGetTimestampTz(DirectFunctionCall3(timestamptz_in, CStringGetDatum(s),
														  ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
		if (ERRCODE_TO_CATEGORY(edata->sqlerrcode) != ERRCODE_DATA_EXCEPTION)
			ReThrowError(edata);
		FreeErrorData(edata);
		ok = false;
	}
	PG_END_TRY();
	return ok;
}

/*
 * IsBlank
 *		Whether s is NULL or only spaces, tabs and line ends.
 */
static bool
IsBlank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/*
 * CheckConversions
 *		The values the order converts (R-1.1, R-1.3 - R-1.5, R-2.3): the
 *		region of its number, the enumerations, confidential, occurred_at
 *		and the coordinates.  The first that does not convert is refused,
 *		in that order; the time and the coordinates are returned (has_*
 *		false when not given).
 */
static void
CheckConversions(Jsonb *params, TimestampTz *at, bool *has_at, double *lon, bool *has_lon,
				 double *lat, bool *has_lat)
{
	char	   *v = ParamText(params, "region");
	const char *problem = OrderNoRegionProblem(v, strlen(v));
	int			k;
	bool		b;

	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid region \"%s\"", v),
				 errdetail("%s", problem),
				 errhint("Pass the 6-digit administrative division code of the county or district, e.g. region => '110105'.")));
	/* in the hotline's words rather than PostgreSQL's enum input's */
	for (k = 0; k < (int) lengthof(intake_enums); k++)
	{
		Oid			typ;

		v = ParamText(params, intake_enums[k].param);
		if (v == NULL || IsEnumLabel(typ = EnumType(intake_enums[k].type), v))
			continue;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("unknown %s \"%s\"", intake_enums[k].param, v),
				 errdetail("%s is one of: %s.", intake_enums[k].param, EnumLabels(typ)),
				 errhint("Pass e.g. %s => '%s.", intake_enums[k].param, intake_enums[k].example)));
	}
	v = ParamText(params, "confidential");
	if (v != NULL && !ParseBool(v, &b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid confidential \"%s\"", v),
				 errdetail("confidential says whether the citizen asked for confidentiality (是否保密, R-1.2)."),
				 errhint("Pass confidential => true or false.")));
	v = ParamText(params, "occurred_at");
	*has_at = v != NULL;
	if (v != NULL && !ParseTimestamp(v, at))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_DATETIME_FORMAT),
				 errmsg("invalid occurred_at \"%s\"", v),
				 errdetail("occurred_at is when the matter happened, as a date and time."),
				 errhint("Pass e.g. occurred_at => '2026-11-23 21:40+08', or leave it out when the citizen does not know.")));
	for (k = 0; k < 2; k++)
	{
		const char *name = k == 0 ? "longitude" : "latitude";
		double	   *out = k == 0 ? lon : lat;
		bool	   *has = k == 0 ? has_lon : has_lat;

		v = ParamText(params, name);
		*has = v != NULL;
		if (v != NULL && !ParseDouble(v, out))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid %s \"%s\"", name, v),
					 errdetail("A %s is a number of degrees (WGS-84).", name),
					 errhint("Pass e.g. longitude => 116.397, latitude => 39.909.")));
	}
}

/*
 * IsStaff
 *		Whether login is a row of hotline.staff (by its unique key).
 */
static bool
IsStaff(const char *login)
{
	static const char *const column = "login";
	Relation	rel;
	HeapTuple	tup;
	Datum		key;

	if (strlen(login) >= NAMEDATALEN)
		return false;			/* no login is that long */
	key = DirectFunctionCall1(namein, CStringGetDatum(login));
	rel = HotlineTable("staff", AccessShareLock);
	tup = HotlineKeyRow(rel, HotlineIndexOn(rel, 1, &column), 1, &key);
	table_close(rel, NoLock);
	return tup != NULL;
}

/*
 * CheckIntake
 *		Every parameter of a new order, before anything is written, each
 *		refusal naming the parameter and the value with an example of a
 *		good one; the topic and the accused unit are found by their codes
 *		(ids).  Returns the parameters as the order records them: an order
 *		with an emergency kind is very urgent, whatever urgency
 *		said, so that its limits are the very urgent ones.  Keys it does
 *		not know are left to the workflow.
 */
static Jsonb *
CheckIntake(Jsonb *params, IntakeIds *ids)
{
	StringInfoData missing;
	TimestampTz at = 0;
	double		lon = 0;
	double		lat = 0;
	bool		has_at = false;
	bool		has_lon = false;
	bool		has_lat = false;
	char	   *v;
	const char *detail;
	const char *hint;
	int			k;

	if (params == NULL || !JB_ROOT_IS_OBJECT(params))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the parameters of a new work order must be a JSON object, not %s",
						params == NULL ? "null" :
						text_to_cstring(DatumGetTextPP(DirectFunctionCall1(jsonb_typeof, JsonbPGetDatum(params))))),
				 errhint("Pass e.g. '{\"region\": \"110105\", \"appeal_type\": \"complaint\", \"channel\": \"phone\", \"description\": \"...\"}', or use hotline.accept.")));

	/* what every order records */
	initStringInfo(&missing);
	for (k = 0; k < (int) lengthof(intake_required); k++)
		if (IsBlank(ParamText(params, intake_required[k])))
			appendStringInfo(&missing, "%s%s", missing.len > 0 ? ", " : "", intake_required[k]);
	if (missing.len > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a new work order needs %s", missing.data),
				 errdetail("Every order records where (region), what kind (appeal_type), how it came (channel) and what happened (description) (R-1.3, R-1.4, R-1.5)."),
				 errhint("Pass them as named arguments, e.g. region => '110105', appeal_type => 'complaint', channel => 'phone', description => '小区电梯停运三天'.")));

	CheckConversions(params, &at, &has_at, &lon, &has_lon, &lat, &has_lat);

	v = ParamText(params, "source_hotline");
	if (v != NULL && !(strlen(v) >= 3 && strlen(v) <= 8 && AllDigits(v, strlen(v))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid source_hotline \"%s\"", v),
				 errdetail("The hotline an appeal came through is a number of 3 to 8 digits: 12345 itself, or a departmental hotline merged into it."),
				 errhint("Pass e.g. source_hotline => '12315' (market regulation), or leave it out for 12345.")));

	v = ParamText(params, "emergency_referral");
	if (v != NULL && strcmp(v, "110") != 0 && strcmp(v, "119") != 0 && strcmp(v, "120") != 0 &&
		strcmp(v, "122") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid emergency_referral \"%s\"", v),
				 errdetail("An emergency is handed over to 110 (police), 119 (fire), 120 (ambulance) or 122 (traffic accidents) (R-2.2)."),
				 errhint("Pass e.g. emergency_referral => '120'.")));

	/* when it happened: not later than now */
	if (has_at && at > GetCurrentStatementStartTimestamp())
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("occurred_at \"%s\" is in the future",
						DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(at)))),
				 errdetail("occurred_at is when the matter happened, as the citizen tells it, so it is not later than now (R-1.3)."),
				 errhint("Pass the time the citizen gives, e.g. occurred_at => now() - interval '2 hours', or leave it out when unknown.")));

	/*
	 * where: both coordinates or none, each in its range (NaN and
	 * the infinities are not)
	 */
	if (has_lon != has_lat)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %s given without %s", has_lon ? "longitude" : "latitude",
						ParamText(params, has_lon ? "longitude" : "latitude"),
						has_lon ? "latitude" : "longitude"),
				 errdetail("A place is given by both coordinates (WGS-84) or by none (R-1.3)."),
				 errhint("Pass both, e.g. longitude => 116.397, latitude => 39.909, or neither and only the address.")));
	if (has_lon && (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90)))
	{
		bool		bad_lon = !(lon >= -180 && lon <= 180);

		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s %s is out of range", bad_lon ? "longitude" : "latitude",
						ParamText(params, bad_lon ? "longitude" : "latitude")),
				 errdetail("%s", bad_lon ? "A longitude lies from -180 to 180 degrees (WGS-84)." :
						   "A latitude lies from -90 to 90 degrees (WGS-84)."),
				 errhint("Pass e.g. longitude => 116.397, latitude => 39.909 (Beijing); check that the two are not swapped.")));
	}

	/* who: a phone number the citizen is found again by */
	v = ParamText(params, "area_code");
	if (v != NULL && !IsAreaCode(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid area_code \"%s\"", v),
				 errdetail("An area code is 0 and 2 or 3 more digits."),
				 errhint("Pass e.g. area_code => '010' (Beijing) for a local landline number.")));
	v = ParamText(params, "citizen_phone");
	if (v != NULL && v[0] != '\0' &&
		NormalizePhone(v, ParamText(params, "area_code"), &detail, &hint) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid citizen_phone \"%s\"", v),
				 errdetail("%s", detail),
				 errhint("%s", hint)));

	/* topic and units by their codes, each looked up only when given */
	ids->topic = ids->accused_unit = 0;
	v = ParamText(params, "topic");
	if (v != NULL && (ids->topic = HotlineIdByCode("topic", v)) == 0)
	{
		char	   *example = FirstCode("topic");

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("topic \"%s\" does not exist", v),
				 errdetail("A topic is named by its code in hotline.topic (R-1.5)."),
				 example == NULL ?
				 errhint("hotline.topic is empty: add the topic taxonomy first, or leave topic out.") :
				 errhint("Pass the code of a topic, e.g. topic => %s.", quote_literal_cstr(example))));
	}
	for (k = 0; k < 2; k++)
	{
		const char *param = k == 0 ? "accused_unit" : "three_way_unit";
		int64		id = 0;
		char	   *example;

		v = ParamText(params, param);
		if (v == NULL || (id = HotlineIdByCode("unit", v)) != 0)
		{
			if (v != NULL && k == 0)
				ids->accused_unit = id;
			continue;
		}
		example = FirstCode("unit");
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s \"%s\" does not exist", k == 0 ? "accused unit" : "three-way call unit", v),
				 errdetail("%s is %s, named by its code in hotline.unit.", param,
						   k == 0 ? "the unit a complaint or report is about (R-4.6)" :
						   "the unit on a three-way call (三方通话, R-3.2)"),
				 example == NULL ? errhint("hotline.unit is empty: add the handling units first.") :
				 errhint("Pass the code of a unit, e.g. %s => %s.", param, quote_literal_cstr(example))));
	}

	/*
	 * 直接办理 cites a knowledge article in force:
	 * hotline.kb_cite raises when it is not one
	 */
	v = ParamText(params, "knowledge_article");
	if (v != NULL)
		CheckCitation(v);

	/* the accused person: a staff member, by login */
	v = ParamText(params, "accused_staff");
	if (v != NULL && !IsStaff(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("accused staff \"%s\" is not a staff member", v),
				 errdetail("accused_staff is the login of the staff member a complaint or report is about (R-4.6), a row of hotline.staff; it is excluded from the order (回避)."),
				 errhint("Pass the login of a staff member, or leave accused_staff out and exclude a person the citizen names with hotline.exclude_staff.")));

	/*
	 * an emergency is very urgent (its limits are counted in clock
	 * time, around the clock)
	 */
	v = ParamText(params, "urgency");
	if (ParamText(params, "emergency") != NULL && (v == NULL || strcmp(v, "very_urgent") != 0))
		return DatumGetJsonbP(DirectFunctionCall2(jsonb_concat, JsonbPGetDatum(params),
												  DirectFunctionCall1(jsonb_in, CStringGetDatum("{\"urgency\": \"very_urgent\"}"))));
	return params;
}

/*
 * hotline_check_intake
 *		SQL: hotline.check_intake(params jsonb) -> jsonb (CheckIntake).
 */
Datum
hotline_check_intake(PG_FUNCTION_ARGS)
{
	IntakeIds	ids;

	PG_RETURN_JSONB_P(CheckIntake(PG_ARGISNULL(0) ? NULL : PG_GETARG_JSONB_P(0), &ids));
}

/*
 * PushKey, PushText, PushId, PushBool, PushJson
 *		A member of the object being built (pushJsonbValue); PushText and
 *		PushJson leave out a NULL (jsonb_strip_nulls), PushId a 0.
 */
static void
PushKey(JsonbParseState **st, const char *key)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	pushJsonbValue(st, WJB_KEY, &k);
}

static void
PushText(JsonbParseState **st, const char *key, const char *value)
{
	JsonbValue	v;

	if (value == NULL)
		return;
	PushKey(st, key);
	v.type = jbvString;
	v.val.string.val = (char *) value;
	v.val.string.len = strlen(value);
	pushJsonbValue(st, WJB_VALUE, &v);
}

static void
PushId(JsonbParseState **st, const char *key, int64 id)
{
	JsonbValue	v;

	if (id == 0)
		return;
	PushKey(st, key);
	v.type = jbvNumeric;
	v.val.numeric = int64_to_numeric(id);
	pushJsonbValue(st, WJB_VALUE, &v);
}

static void
PushBool(JsonbParseState **st, const char *key, bool value)
{
	JsonbValue	v;

	PushKey(st, key);
	v.type = jbvBool;
	v.val.boolean = value;
	pushJsonbValue(st, WJB_VALUE, &v);
}

static void
PushJson(JsonbParseState **st, const char *key, Jsonb *params, const char *param)
{
	JsonbValue	v;

	if (!ParamValue(params, param, &v))
		return;
	PushKey(st, key);
	pushJsonbValue(st, WJB_VALUE, &v);
}

/*
 * PushParams
 *		Member key: the parameters p, without those in skip (nskip names),
 *		as an object.
 */
static void
PushParams(JsonbParseState **st, const char *key, Jsonb *p, const char *const *skip, int nskip)
{
	JsonbIterator *it = JsonbIteratorInit(&p->root);
	JsonbValue	v;
	JsonbIteratorToken tok;
	bool		skipping = false;

	PushKey(st, key);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		int			k;

		CHECK_FOR_INTERRUPTS();
		if (tok == WJB_KEY)
		{
			skipping = false;
			for (k = 0; k < nskip; k++)
				if (v.val.string.len == (int) strlen(skip[k]) &&
					memcmp(v.val.string.val, skip[k], v.val.string.len) == 0)
					skipping = true;
		}
		/* a skipped key and its value (the key's next token) */
		if (!skipping || tok == WJB_BEGIN_OBJECT || tok == WJB_END_OBJECT)
			pushJsonbValue(st, tok, tok == WJB_BEGIN_OBJECT || tok == WJB_END_OBJECT ? NULL : &v);
	}
}

/*
 * Citizen
 *		The citizen of the normalized phone number: a citizen
 *		known by it, without a name to record, is found by a look-up (no
 *		new row version); else added, or its name recorded.
 */
static int64
Citizen(const char *phone, const char *name)
{
	Datum		values[2];
	char		nulls[2] = {' ', ' '};
	int64		id = 0;

	/* known, with no name to record: by its key (region, phone) */
	if (name == NULL)
	{
		const char *const columns[2] = {"region", "phone"};

		values[0] = CStringGetTextDatum(HotlineNodeRegion());
		values[1] = CStringGetTextDatum(phone);
		if ((id = HotlineRowId("citizen", 2, columns, values)) != 0)
			return id;
	}
	values[0] = CStringGetTextDatum(phone);
	values[1] = name ? CStringGetTextDatum(name) : (Datum) 0;
	nulls[1] = name ? ' ' : 'n';
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (IntakeExec(PLAN_CITIZEN_ADD, values, nulls) != 1)
		elog(ERROR, "hotline intake: the citizen was not written");
	id = IntakeId();
	SPI_finish();
	return id;
}

/*
 * WorkflowSetting
 *		The text of setting of workflow (hotline.workflow_setting_value),
 *		NULL when it has none.
 */
static char *
WorkflowSetting(const char *workflow, const char *setting)
{
	MemoryContext caller = CurrentMemoryContext;
	Datum		values[2];
	char	   *out = NULL;

	values[0] = CStringGetTextDatum(workflow);
	values[1] = CStringGetTextDatum(setting);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (IntakeExec(PLAN_SETTING, values, NULL) > 0)
	{
		char	   *v = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		if (v != NULL)
			out = MemoryContextStrdup(caller, v);
	}
	SPI_finish();
	return out;
}

/*
 * hotline_order_intake
 *		SQL: hotline.order_intake(workflow text, params jsonb) -> jsonb: the
 *		hotline's intake of a new order for the engine (hotline.open_order,
 *		engine.c): the parameters checked (CheckIntake), the citizen found
 *		again by phone or added, topic and accused unit by their
 *		codes; returns {"params": the parameters as the order records them,
 *		"event_params": those without the citizen's phone number and name
 *		"row": the row's values keyed by column of work_order}.
 *		The engine writes the columns it owns (number, workflow, state,
 *		acceptance, deadlines).  The source hotline defaults to the
 *		workflow's setting source_hotline.
 */
Datum
hotline_order_intake(PG_FUNCTION_ARGS)
{
	char	   *workflow;
	Jsonb	   *p;
	IntakeIds	ids;
	int64		citizen = 0;
	char	   *phone;
	char	   *v;
	bool		confidential = false;
	JsonbParseState *st = NULL;
	JsonbValue *result;
	JsonbValue	pv;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("workflow must not be null")));
	workflow = text_to_cstring(PG_GETARG_TEXT_PP(0));
	p = CheckIntake(PG_ARGISNULL(1) ? NULL : PG_GETARG_JSONB_P(1), &ids);

	phone = ParamText(p, "citizen_phone");
	if (phone != NULL && phone[0] != '\0')
	{
		const char *detail;
		const char *hint;
		char	   *normalized = NormalizePhone(phone, ParamText(p, "area_code"), &detail, &hint);

		Assert(normalized != NULL); /* CheckIntake refused any other */
		citizen = Citizen(normalized, ParamText(p, "citizen_name"));
	}
	v = ParamText(p, "confidential");
	if (v != NULL)
		(void) ParseBool(v, &confidential);

	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	PushKey(&st, "params");
	pv.type = jbvBinary;
	pv.val.binary.data = &p->root;
	pv.val.binary.len = VARSIZE(p) - VARHDRSZ;
	pushJsonbValue(&st, WJB_VALUE, &pv);
	PushParams(&st, "event_params", p, intake_personal,
			   confidential ? lengthof(intake_personal) : INTAKE_PERSONAL_ALWAYS);

	PushKey(&st, "row");
	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	PushText(&st, "region", ParamText(p, "region"));
	PushId(&st, "citizen_id", citizen);
	PushText(&st, "contact_name", ParamText(p, "citizen_name"));
	PushBool(&st, "confidential", confidential);
	PushText(&st, "appeal_type", ParamText(p, "appeal_type"));
	PushId(&st, "topic_id", ids.topic);
	v = ParamText(p, "urgency");
	PushText(&st, "urgency", v ? v : "normal");
	PushText(&st, "channel", ParamText(p, "channel"));
	v = ParamText(p, "source_hotline");
	PushText(&st, "source_hotline", v ? v : WorkflowSetting(workflow, "source_hotline"));
	PushJson(&st, "occurred_at", p, "occurred_at");
	PushText(&st, "address", ParamText(p, "address"));
	PushJson(&st, "longitude", p, "longitude");
	PushJson(&st, "latitude", p, "latitude");
	PushText(&st, "description", ParamText(p, "description"));
	PushText(&st, "demand", ParamText(p, "demand"));
	PushId(&st, "accused_unit_id", ids.accused_unit);
	PushText(&st, "emergency_kind", ParamText(p, "emergency"));
	PushText(&st, "emergency_referral", ParamText(p, "emergency_referral"));
	pushJsonbValue(&st, WJB_END_OBJECT, NULL);

	result = pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(result));
}
