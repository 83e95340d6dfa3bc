/*-------------------------------------------------------------------------
 *
 * rows.c
 *	  Rows of the extension's tables read by their keys, without a
 *	  statement: the engine's locks on an order and an assignment
 *	  (engine.c), the intake's look-ups of a topic, a unit and a citizen
 *	  (extension/domain/intake.c), and the node's region
 *	  (hotline.node_region).
 *
 * A statement's start and end (plan cache, executor state, each node's
 * start, the snapshot) cost what reading one row by its key through the
 * index costs twenty times over (issue 9).  These read the rows the way the
 * executor's index scans do: through the table's index (systable_beginscan,
 * which takes any table), under the active snapshot, with the index's
 * equality operator and collation.  They run as the caller: the engine and
 * the intake run as the tables' owner, so no privilege or row security
 * applies, as for their statements.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_node_region);

/*
 * HotlineTable
 *		Open table hotline.name with lock mode.
 */
Relation
HotlineTable(const char *name, LOCKMODE mode)
{
	Oid			relid = get_relname_relid(name, get_namespace_oid("hotline", false));

	if (!OidIsValid(relid))
		elog(ERROR, "hotline: table hotline.%s does not exist", name);
	return table_open(relid, mode);
}

/*
 * HotlineColumn
 *		The attribute number of column of rel; an error when it has none.
 */
AttrNumber
HotlineColumn(Relation rel, const char *column)
{
	AttrNumber	attno = get_attnum(RelationGetRelid(rel), column);

	if (attno == InvalidAttrNumber)
		elog(ERROR, "hotline: column %s of %s does not exist", column, RelationGetRelationName(rel));
	return attno;
}

/*
 * HotlineIndexOn
 *		The btree index of rel whose key columns are exactly columns (n of
 *		them, in that order), without a predicate.
 */
Oid
HotlineIndexOn(Relation rel, int n, const char *const *columns)
{
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;

	foreach(lc, indexes)
	{
		Relation	idx = index_open(lfirst_oid(lc), AccessShareLock);

		/*
		 * a valid btree on plain columns, not partial (the relcache fills
		 * rd_indpred lazily: the catalog's columns say it)
		 */
		bool		match = idx->rd_index->indnkeyatts == n && idx->rd_index->indisvalid &&
			idx->rd_index->indisready && idx->rd_index->indislive &&
			heap_attisnull(idx->rd_indextuple, Anum_pg_index_indpred, NULL) &&
			heap_attisnull(idx->rd_indextuple, Anum_pg_index_indexprs, NULL) &&
			RelationGetForm(idx)->relam == BTREE_AM_OID;
		int			k;

		for (k = 0; match && k < n; k++)
			match = idx->rd_index->indkey.values[k] == HotlineColumn(rel, columns[k]);
		index_close(idx, AccessShareLock);
		if (match)
			return lfirst_oid(lc);
	}
	elog(ERROR, "hotline: no index on the columns of %s asked for", RelationGetRelationName(rel));
	return InvalidOid;			/* not reached */
}

/*
 * HotlineKeyScan
 *		A scan of rel through its btree index indexid for the rows whose
 *		first n key columns equal keys, under the active snapshot (the
 *		caller's: the engine pushes a new one before it locks rows, a new
 *		command as its statements take); skeys (n of them) are the
 *		caller's.
 */
SysScanDesc
HotlineKeyScan(Relation rel, Oid indexid, int n, Datum *keys, ScanKey skeys)
{
	Relation	idx = index_open(indexid, AccessShareLock);
	int			k;

	for (k = 0; k < n; k++)
	{
		Oid			eqop = get_opfamily_member(idx->rd_opfamily[k], idx->rd_opcintype[k],
											   idx->rd_opcintype[k], BTEqualStrategyNumber);

		if (!OidIsValid(eqop))
			elog(ERROR, "hotline: index %s has no equality operator", RelationGetRelationName(idx));

		/*
		 * the key by its column of the table (systable_beginscan maps it to
		 * the index's), compared as the index sorts (its collation)
		 */
		ScanKeyEntryInitialize(&skeys[k], 0, idx->rd_index->indkey.values[k], BTEqualStrategyNumber,
							   InvalidOid, idx->rd_indcollation[k], get_opcode(eqop), keys[k]);
	}
	index_close(idx, NoLock);
	return systable_beginscan(rel, indexid, true, GetActiveSnapshot(), n, skeys);
}

/*
 * HotlineKeyRow
 *		A copy (in the caller's memory context) of the first row of rel whose
 *		first n key columns of the btree index indexid equal keys, under the
 *		active snapshot; NULL when there is none.
 */
HeapTuple
HotlineKeyRow(Relation rel, Oid indexid, int n, Datum *keys)
{
	ScanKeyData skeys[INDEX_MAX_KEYS];
	SysScanDesc scan;
	HeapTuple	tup;

	Assert(n <= INDEX_MAX_KEYS);
	scan = HotlineKeyScan(rel, indexid, n, keys, skeys);
	if ((tup = systable_getnext(scan)) != NULL)
		tup = heap_copytuple(tup);
	systable_endscan(scan);
	return tup;
}

/*
 * HotlineRowId
 *		The id (column "id", bigint) of the row of hotline.table whose n
 *		columns equal keys, through the table's index on exactly those
 *		columns (a unique one: the first row found); 0 when there is none.
 *		Under the active snapshot.
 */
int64
HotlineRowId(const char *table, int n, const char *const *columns, Datum *keys)
{
	Relation	rel = HotlineTable(table, AccessShareLock);
	HeapTuple	tup;
	int64		id = 0;
	bool		pushed = !ActiveSnapshotSet();

	/* the statement's snapshot (a new one where there is none) */
	if (pushed)
		PushActiveSnapshot(GetTransactionSnapshot());
	if ((tup = HotlineKeyRow(rel, HotlineIndexOn(rel, n, columns), n, keys)) != NULL)
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, HotlineColumn(rel, "id"), RelationGetDescr(rel), &isnull);

		if (!isnull)
			id = DatumGetInt64(d);
		heap_freetuple(tup);
	}
	table_close(rel, NoLock);
	if (pushed)
		PopActiveSnapshot();
	return id;
}

/*
 * HotlineIdByCode
 *		The id of the row of hotline.table (a unit, a topic) whose code is
 *		code, 0 when there is none.
 */
int64
HotlineIdByCode(const char *table, const char *code)
{
	const char *column = "code";
	Datum		key = CStringGetTextDatum(code);

	return HotlineRowId(table, 1, &column, &key);
}

/*
 * HotlineNodeRegion
 *		The region of this database's hotline (the one row of hotline.node),
 *		"000000" until hotline.set_node sets it.
 */
char *
HotlineNodeRegion(void)
{
	Relation	rel = HotlineTable("node", AccessShareLock);
	Datum		key = BoolGetDatum(true);
	HeapTuple	tup = HotlineKeyRow(rel, RelationGetPrimaryKeyIndex(rel), 1, &key);
	char	   *region = "000000";

	if (tup != NULL)
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, HotlineColumn(rel, "region"), RelationGetDescr(rel), &isnull);

		if (!isnull)
			region = TextDatumGetCString(d);
	}
	table_close(rel, NoLock);
	return region;
}

/*
 * hotline_node_region
 *		SQL: hotline.node_region() -> text (HotlineNodeRegion).  C: the
 *		citizens' default and the intake's look-up call it for every order
 *		(issue 9).
 */
Datum
hotline_node_region(PG_FUNCTION_ARGS)
{
	bool		pushed = !ActiveSnapshotSet();
	char	   *region;

	/* a snapshot of its own when called where there is none */
	if (pushed)
		PushActiveSnapshot(GetTransactionSnapshot());
	region = HotlineNodeRegion();
	if (pushed)
		PopActiveSnapshot();
	PG_RETURN_TEXT_P(cstring_to_text(region));
}
