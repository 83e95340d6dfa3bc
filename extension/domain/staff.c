/*-------------------------------------------------------------------------
 *
 * staff.c
 *	  What the row-level security policies of the order-side tables ask of
 *	  the login reading them (issue 10, R-11.2): the units it acts for (its
 *	  staff row's unit and that unit's sub-units, whose orders a unit's
 *	  staff see) and the orders it is excluded from (回避, R-11.3).
 *
 * hotline.acting_units() and hotline.excluded_orders() run as their caller
 * (they are not SECURITY DEFINER): GetUserId is the login whose rows a
 * policy filters.  They read hotline.staff, hotline.unit and
 * hotline.order_exclusion by their keys without a statement (rows.c), so
 * the caller needs no privilege on them, and they tell the caller nothing
 * but its own.  A policy calls each once per query, as an
 * uncorrelated scalar subquery; a statement's answer is kept for the
 * statement's other policies (StatementMemo).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "catalog/namespace.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_acting_units);

/*
 * A policy calls these functions once per query each, and a query's
 * policies on several tables call them several times (a unit's worklist:
 * each three times).  A statement's answer is kept and given again while
 * nothing could have changed it: the same login (and session login), the
 * same transaction and command, and no transaction completed since (the
 * active snapshot's count of completions), so a change another session
 * committed, or this transaction made, is always seen.
 */
typedef struct StatementMemo
{
	bool		valid;
	Oid			user;
	Oid			session;
	LocalTransactionId lxid;
	CommandId	cid;
	uint64		completions;
	ArrayType  *value;			/* in TopMemoryContext */
} StatementMemo;

static StatementMemo acting_memo;
static StatementMemo excluded_memo;
static StatementMemo citizens_memo;

/*
 * MemoGet
 *		The answer memo keeps for this statement, copied into the current
 *		memory context; NULL when it has none that still holds.
 */
static ArrayType *
MemoGet(StatementMemo *memo)
{
	Snapshot	snap;

	if (!memo->valid || !ActiveSnapshotSet())
		return NULL;
	snap = GetActiveSnapshot();
	if (memo->user != GetUserId() || memo->session != GetSessionUserId() || memo->lxid != MyProc->lxid ||
		memo->cid != snap->curcid || snap->snapXactCompletionCount == 0 ||
		memo->completions != snap->snapXactCompletionCount)
		return NULL;
	return DatumGetArrayTypePCopy(PointerGetDatum(memo->value));
}

/*
 * MemoPut
 *		Keep value as memo's answer for this statement (when there is an
 *		active snapshot to know the statement by); returns value.
 */
static ArrayType *
MemoPut(StatementMemo *memo, ArrayType *value)
{
	Snapshot	snap;
	MemoryContext old;

	memo->valid = false;
	if (!ActiveSnapshotSet() || (snap = GetActiveSnapshot())->snapXactCompletionCount == 0)
		return value;
	old = MemoryContextSwitchTo(TopMemoryContext);
	if (memo->value != NULL)
		pfree(memo->value);
	memo->value = DatumGetArrayTypePCopy(PointerGetDatum(value));
	MemoryContextSwitchTo(old);
	memo->user = GetUserId();
	memo->session = GetSessionUserId();
	memo->lxid = MyProc->lxid;
	memo->cid = snap->curcid;
	memo->completions = snap->snapXactCompletionCount;
	memo->valid = true;
	return value;
}

/* units are a tree of at most three levels; more is a cycle or bad data */
#define ACTING_UNITS_MAX	100000

/*
 * StaffUnit
 *		The unit of the active staff row of login, 0 when it has none (no
 *		row, inactive, or the centre's: no unit).
 */
static int64
StaffUnit(const char *login)
{
	Relation	rel = HotlineTable("staff", AccessShareLock);
	const char *column = "login";
	Datum		key = DirectFunctionCall1(namein, CStringGetDatum(login));
	HeapTuple	tup = HotlineKeyRow(rel, HotlineIndexOn(rel, 1, &column), 1, &key);
	int64		unit = 0;

	if (tup != NULL)
	{
		bool		isnull;
		Datum		active = heap_getattr(tup, HotlineColumn(rel, "active"), RelationGetDescr(rel), &isnull);
		Datum		d;

		if (!isnull && DatumGetBool(active))
		{
			d = heap_getattr(tup, HotlineColumn(rel, "unit_id"), RelationGetDescr(rel), &isnull);
			if (!isnull)
				unit = DatumGetInt64(d);
		}
	}
	table_close(rel, NoLock);
	return unit;
}

/*
 * hotline_acting_units
 *		SQL: hotline.acting_units() -> bigint[]: the units the current login
 *		acts for: its staff row's unit and, level by level, that unit's
 *		sub-units (through unit.parent_id); empty when it is no unit's
 *		staff.
 */
Datum
hotline_acting_units(PG_FUNCTION_ARGS)
{
	ArrayType  *kept = MemoGet(&acting_memo);
	char	   *login;
	int64		first;
	Datum	   *units;
	int			n = 0;
	int			done = 0;
	int			room = 16;
	bool		pushed;

	if (kept != NULL)
		PG_RETURN_ARRAYTYPE_P(kept);
	login = GetUserNameFromId(GetUserId(), false);
	pushed = !ActiveSnapshotSet();
	if (pushed)
		PushActiveSnapshot(GetTransactionSnapshot());
	first = StaffUnit(login);
	units = palloc(sizeof(Datum) * room);
	if (first != 0)
	{
		Relation	rel = HotlineTable("unit", AccessShareLock);
		const char *column = "parent_id";
		Oid			index = HotlineIndexOn(rel, 1, &column);
		AttrNumber	col_id = HotlineColumn(rel, "id");

		units[n++] = Int64GetDatum(first);
		/* breadth first: the children of each unit found */
		while (done < n)
		{
			ScanKeyData skey;
			Datum		key = units[done++];
			SysScanDesc scan = HotlineKeyScan(rel, index, 1, &key, &skey);
			HeapTuple	tup;

			while ((tup = systable_getnext(scan)) != NULL)
			{
				bool		isnull;
				Datum		id = heap_getattr(tup, col_id, RelationGetDescr(rel), &isnull);
				bool		seen = false;
				int			j;

				CHECK_FOR_INTERRUPTS();
				if (isnull)
					continue;
				/* a cycle of parents (bad data) is walked once */
				for (j = 0; j < n && !seen; j++)
					seen = DatumGetInt64(units[j]) == DatumGetInt64(id);
				if (seen)
					continue;
				if (n >= ACTING_UNITS_MAX)
					ereport(ERROR,
							(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
							 errmsg("unit %lld has more than %d sub-units", (long long) first, ACTING_UNITS_MAX),
							 errhint("Check hotline.unit.parent_id for a cycle.")));
				if (n == room)
				{
					room *= 2;
					units = repalloc(units, sizeof(Datum) * room);
				}
				units[n++] = id;
			}
			systable_endscan(scan);
		}
		table_close(rel, NoLock);
	}
	if (pushed)
		PopActiveSnapshot();
	PG_RETURN_ARRAYTYPE_P(MemoPut(&acting_memo,
								  construct_array(units, n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE)));
}

PG_FUNCTION_INFO_V1(hotline_staff_name);

/*
 * hotline_staff_name
 *		SQL: hotline.staff_name(login name) -> text: the name of the staff
 *		member behind login (hotline.staff, by its key), NULL when it is no
 *		one's.  The engine records it with the login of every event a caller
 *		writes (a key read in C: the history's writers call it per event).
 */
Datum
hotline_staff_name(PG_FUNCTION_ARGS)
{
	Relation	rel;
	const char *column = "login";
	Datum		key = PG_GETARG_DATUM(0);
	HeapTuple	tup;
	Datum		name = (Datum) 0;
	bool		isnull = true;
	bool		pushed = !ActiveSnapshotSet();

	if (pushed)
		PushActiveSnapshot(GetTransactionSnapshot());
	rel = HotlineTable("staff", AccessShareLock);
	tup = HotlineKeyRow(rel, HotlineIndexOn(rel, 1, &column), 1, &key);
	if (tup != NULL)
		name = heap_getattr(tup, HotlineColumn(rel, "name"), RelationGetDescr(rel), &isnull);
	if (!isnull)
		name = datumCopy(name, false, -1);
	table_close(rel, NoLock);
	if (pushed)
		PopActiveSnapshot();
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(name);
}

PG_FUNCTION_INFO_V1(hotline_excluded_orders);

/*
 * ExcludedOrders
 *		The orders the current login (or the session's login: a SET ROLE
 *		does not shed them) is excluded from (回避, hotline.order_exclusion),
 *		read by the login's key, as an array of elemtype (hotline.order_no).
 */
static ArrayType *
ExcludedOrders(Oid elemtype)
{
	char	   *login = GetUserNameFromId(GetUserId(), false);
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Relation	rel;
	const char *column = "login";
	Datum		key = DirectFunctionCall1(namein, CStringGetDatum(login));
	ScanKeyData skey;
	SysScanDesc scan;
	HeapTuple	tup;
	Datum	   *orders;
	int			n = 0;
	int			room = 8;
	int			k;
	bool		pushed = !ActiveSnapshotSet();

	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	if (pushed)
		PushActiveSnapshot(GetTransactionSnapshot());
	rel = HotlineTable("order_exclusion", AccessShareLock);
	orders = palloc(sizeof(Datum) * room);
	for (k = 0; k < 2; k++)
	{
		if (k == 1)
		{
			if (GetSessionUserId() == GetUserId())
				break;
			key = DirectFunctionCall1(namein, CStringGetDatum(GetUserNameFromId(GetSessionUserId(), false)));
		}
		scan = HotlineKeyScan(rel, HotlineIndexOn(rel, 1, &column), 1, &key, &skey);
		while ((tup = systable_getnext(scan)) != NULL)
		{
			bool		isnull;
			Datum		d = heap_getattr(tup, HotlineColumn(rel, "order_no"), RelationGetDescr(rel), &isnull);

			CHECK_FOR_INTERRUPTS();
			if (isnull)
				continue;
			if (n == room)
			{
				room *= 2;
				orders = repalloc(orders, sizeof(Datum) * room);
			}
			orders[n++] = datumCopy(d, typbyval, typlen);
		}
		systable_endscan(scan);
	}
	table_close(rel, NoLock);
	if (pushed)
		PopActiveSnapshot();
	return construct_array(orders, n, elemtype, typlen, typbyval, typalign);
}

/*
 * hotline_excluded_orders
 *		SQL: hotline.excluded_orders() -> hotline.order_no[]: the orders the
 *		current login is excluded from (ExcludedOrders); the row-level
 *		security policies keep them from it.
 */
Datum
hotline_excluded_orders(PG_FUNCTION_ARGS)
{
	ArrayType  *kept = MemoGet(&excluded_memo);

	if (kept != NULL)
		PG_RETURN_ARRAYTYPE_P(kept);
	PG_RETURN_ARRAYTYPE_P(MemoPut(&excluded_memo,
								  ExcludedOrders(get_element_type(get_func_rettype(fcinfo->flinfo->fn_oid)))));
}

PG_FUNCTION_INFO_V1(hotline_excluded_citizens);

/*
 * hotline_excluded_citizens
 *		SQL: hotline.excluded_citizens() -> bigint[]: the citizens of the
 *		orders the current login (or the session's login) is excluded from
 *		(hotline.excluded_orders), read by the orders' keys: a restrictive
 *		policy on hotline.citizen keeps them from it, so that staff excluded
 *		from a complaint about them do not learn who complained (回避).
 */
Datum
hotline_excluded_citizens(PG_FUNCTION_ARGS)
{
	ArrayType  *kept = MemoGet(&citizens_memo);
	ArrayType  *orders;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			k;
	int			m = 0;
	Datum	   *citizens;
	Relation	rel;
	bool		pushed = !ActiveSnapshotSet();
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (kept != NULL)
		PG_RETURN_ARRAYTYPE_P(kept);
	orders = ExcludedOrders(GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("order_no"),
											ObjectIdGetDatum(get_namespace_oid("hotline", false))));
	get_typlenbyvalalign(ARR_ELEMTYPE(orders), &typlen, &typbyval, &typalign);
	deconstruct_array(orders, ARR_ELEMTYPE(orders), typlen, typbyval, typalign, &elems, &nulls, &n);
	citizens = palloc(sizeof(Datum) * Max(n, 1));
	if (n > 0)
	{
		if (pushed)
			PushActiveSnapshot(GetTransactionSnapshot());
		rel = HotlineTable("work_order", AccessShareLock);
		for (k = 0; k < n; k++)
		{
			HeapTuple	tup;
			bool		isnull;
			Datum		d;

			CHECK_FOR_INTERRUPTS();
			if (nulls[k] || (tup = HotlineKeyRow(rel, RelationGetPrimaryKeyIndex(rel), 1, &elems[k])) == NULL)
				continue;
			d = heap_getattr(tup, HotlineColumn(rel, "citizen_id"), RelationGetDescr(rel), &isnull);
			if (!isnull)
				citizens[m++] = d;
		}
		table_close(rel, NoLock);
		if (pushed)
			PopActiveSnapshot();
	}
	PG_RETURN_ARRAYTYPE_P(MemoPut(&citizens_memo,
								  construct_array(citizens, m, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
												  TYPALIGN_DOUBLE)));
}
