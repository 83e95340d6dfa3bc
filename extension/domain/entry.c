/*-------------------------------------------------------------------------
 *
 * entry.c
 *	  The hotline's entry points for people (issue 10, R-11.2): who may
 *	  call them is the database's, and who called is recorded, not claimed.
 *
 * A function that writes with the owner's rights cannot see its caller when
 * it is SECURITY DEFINER (the caller's role is gone by the time its body
 * runs), so the hotline's entry points for people are this one C function
 * instead, declared under each public name (hotline.open_supervision, ...):
 * it notes the role that called it, checks that it has the privileges of
 * a group role the entry is for (StaffEntries), puts that login in the
 * place of the "actor" the caller passed, takes the owner's rights and
 * calls hotline.<name>_as, the entry's body, with the same arguments.  A
 * caller with the owner's privileges (the jobs, the workflows' hooks, a
 * superuser) names its actor as before.  The bodies are granted to no one.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_proc.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_func.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_staff_entry);

/*
 * What an entry point acts on, which the caller must read through row-level
 * security (an order not its unit's or one it is excluded from, a
 * supervision of such an order): the query, asked as the caller
 */
typedef enum StaffEntryReads
{
	READS_NOTHING,
	READS_ORDER,
	READS_SUPERVISION,
	READS_EXEMPTION
} StaffEntryReads;

static const char *const StaffEntryReadsSql[] = {
	NULL,
	"SELECT 1 FROM hotline.work_order o WHERE o.order_no OPERATOR(pg_catalog.=) $1",
	"SELECT 1 FROM hotline.supervision s WHERE s.id = $1",
	"SELECT 1 FROM hotline.exemption e WHERE e.id = $1"
};
/* what the refusal says of it, after the entry's what */
static const char *const StaffEntryReadsName[] = {"", " on this order", "", ""};

/* An entry point for people: its name, the group roles it is for, what it does */
typedef struct StaffEntry
{
	const char *name;
	const char *roles;			/* one or more, ", " between them */
	const char *what;
	StaffEntryReads reads;		/* what its argument read_arg names */
	int			read_arg;
} StaffEntry;

static const StaffEntry StaffEntries[] = {
	{"open_supervision", "hotline_supervisor", "open a supervision", READS_ORDER, 0},
	{"record_supervision", "hotline_supervisor", "record on this supervision", READS_SUPERVISION, 0},
	{"close_supervision", "hotline_supervisor", "close this supervision", READS_SUPERVISION, 0},
	{"exclude_staff", "hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor",
	"exclude staff", READS_ORDER, 0},
	{"declare_conflict", "hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit",
	"declare a conflict of interest", READS_ORDER, 0},
	{"reveal_citizen", "hotline_dispatcher, hotline_reviewer, hotline_supervisor", "reveal a confidential citizen",
	READS_ORDER, 0},
	{"lift_exclusion", "hotline_supervisor", "lift an exclusion", READS_ORDER, 0},
	{"request_exemption", "hotline_unit", "ask for an exemption", READS_ORDER, 0},
	{"decide_exemption", "hotline_supervisor", "decide this exemption", READS_EXEMPTION, 0},
	{"kb_write", "hotline_supervisor, hotline_unit", "write a knowledge article", READS_NOTHING, 0},
	{"kb_publish", "hotline_supervisor", "publish a knowledge article", READS_NOTHING, 0},
	{"kb_retire", "hotline_supervisor", "retire a knowledge article", READS_NOTHING, 0},
	{"kb_report_error", "hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor",
	"report an error in a knowledge article", READS_NOTHING, 0},
	{"kb_decide_error", "hotline_supervisor, hotline_unit", "decide an error report", READS_NOTHING, 0},
	{"record_suggestion", "hotline_agent, hotline_dispatcher, hotline_supervisor", "ask for a unit suggestion",
	READS_ORDER, 0}
};

/*
 * CallerReads
 *		Whether the caller (the current user, before the owner's rights are
 *		taken) reads what value (of type type) names through row-level
 *		security (the query sql, its $1): one it does not read is one it may
 *		not act on, and one that does not exist answers the same.
 */
static bool
CallerReads(const char *sql, Datum value, Oid type)
{
	bool		found;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/*
	 * not read-only: a new snapshot, which sees what this statement wrote
	 * before (12345's accept excludes the accused person from the order it
	 * has just opened)
	 */
	if (SPI_execute_with_args(sql, 1, &type, &value, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "hotline: reading what an entry point acts on failed");
	found = SPI_processed > 0;
	SPI_finish();
	return found;
}

/*
 * HasPart
 *		Whether role has the privileges of one of the group roles roles (a
 *		list, ", " between them).  A group role itself is no one (a login
 *		that SET ROLE to it would act without its name): an error.
 */
static bool
HasPart(Oid role, const char *roles)
{
	char	   *list = pstrdup(roles);
	char	   *save = NULL;
	char	   *name;

	for (name = strtok_r(list, ", ", &save); name != NULL; name = strtok_r(NULL, ", ", &save))
	{
		Oid			part = get_role_oid(name, true);

		if (OidIsValid(part) && part == role)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("role \"%s\" is a group role, not a login", name),
					 errdetail("What is done is recorded with the login that does it, and a login acts for itself only."),
					 errhint("RESET ROLE, and act as your own login.")));
		if (OidIsValid(part) && has_privs_of_role(role, part))
			return true;
	}
	return false;
}

/*
 * ActorArgument
 *		The position of the argument named "actor" of the function proc
 *		(a pg_proc row), -1 when it has none.
 */
static int
ActorArgument(HeapTuple proc)
{
	bool		isnull;
	Datum		names = SysCacheGetAttr(PROCOID, proc, Anum_pg_proc_proargnames, &isnull);
	Datum	   *elems;
	int			n;
	int			k;

	if (isnull)
		return -1;
	deconstruct_array(DatumGetArrayTypeP(names), TEXTOID, -1, false, TYPALIGN_INT, &elems, NULL, &n);
	for (k = 0; k < n; k++)
		if (strcmp(TextDatumGetCString(elems[k]), "actor") == 0)
			return k;
	return -1;
}

/*
 * hotline_staff_entry
 *		The entry points for people (see the file's header): check the
 *		caller's part, record its login as the actor, call the body
 *		hotline.<name>_as with the owner's rights.
 */
Datum
hotline_staff_entry(PG_FUNCTION_ARGS)
{
	HeapTuple	proc = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
	Form_pg_proc form;
	const StaffEntry *entry = NULL;
	char	   *name;
	Oid			owner;
	Oid			caller = GetUserId();
	int			actor;
	int			nargs;
	Oid		   *argtypes;
	Oid			body;
	FmgrInfo	flinfo;
	LOCAL_FCINFO(inner, FUNC_MAX_ARGS);
	Oid			save_userid;
	int			save_sec;
	volatile Datum result = (Datum) 0;
	int			k;

	if (!HeapTupleIsValid(proc))
		elog(ERROR, "hotline: cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
	form = (Form_pg_proc) GETSTRUCT(proc);
	name = pstrdup(NameStr(form->proname));
	owner = form->proowner;
	nargs = form->pronargs;
	argtypes = palloc(sizeof(Oid) * Max(nargs, 1));
	memcpy(argtypes, form->proargtypes.values, sizeof(Oid) * nargs);
	actor = ActorArgument(proc);
	ReleaseSysCache(proc);
	for (k = 0; k < (int) lengthof(StaffEntries); k++)
		if (strcmp(StaffEntries[k].name, name) == 0)
			entry = &StaffEntries[k];
	if (entry == NULL || nargs != PG_NARGS())
		elog(ERROR, "hotline: %s is not an entry point for people", name);

	for (k = 0; k < nargs; k++)
	{
		inner->args[k].value = PG_GETARG_DATUM(k);
		inner->args[k].isnull = PG_ARGISNULL(k);
	}
	/* who calls: its part, and its login as the actor */
	if (!has_privs_of_role(caller, owner))
	{
		char	   *login = GetUserNameFromId(caller, false);

		if (!HasPart(caller, entry->roles))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("login \"%s\" may not %s", login, entry->what),
					 errdetail("hotline.%s is for the members of %s.", name, entry->roles),
					 errhint("Ask the administrator for one of those roles (GRANT role TO %s).",
							 quote_identifier(login))));
		if (entry->reads != READS_NOTHING &&
			(PG_ARGISNULL(entry->read_arg) ||
			 !CallerReads(StaffEntryReadsSql[entry->reads], PG_GETARG_DATUM(entry->read_arg),
						  argtypes[entry->read_arg])))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("login \"%s\" may not %s%s", login, entry->what, StaffEntryReadsName[entry->reads]),
					 errdetail("It is not one the login reads: of an order not its unit's, or one it is excluded from (回避)."),
					 errhint("Ask the centre.")));
		if (actor >= 0)
		{
			inner->args[actor].value = CStringGetTextDatum(login);
			inner->args[actor].isnull = false;
		}
	}

	/* the body, with the owner's rights (an error's abort restores the caller's) */
	body = LookupFuncName(list_make2(makeString("hotline"), makeString(psprintf("%s_as", name))),
						  nargs, argtypes, false);
	fmgr_info(body, &flinfo);
	InitFunctionCallInfoData(*inner, &flinfo, nargs, PG_GET_COLLATION(), NULL, NULL);
	GetUserIdAndSecContext(&save_userid, &save_sec);
	SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE);
	PG_TRY();
	{
		result = FunctionCallInvoke(inner);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_userid, save_sec);
	}
	PG_END_TRY();
	if (inner->isnull)
		PG_RETURN_NULL();
	return result;
}
