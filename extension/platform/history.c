/*-------------------------------------------------------------------------
 *
 * history.c
 *	  The hash chain of an order's history (R-1.6: the legal record).
 *
 * Every event of an order carries its place in the order's history (seq:
 * 1, 2, 3, ...) and a SHA-256 hash that covers the hash of the event before
 * it and the event's own content.  An event edited or deleted afterwards,
 * even by a superuser with the append-only triggers disabled, breaks the
 * chain where it was changed; hotline.verify_history finds it.
 *
 * The canonical form, the one definition (README, Security; the SQL
 * function hotline.event_hash computes the same, and the verification uses
 * that, so the writer here and the checker there are two implementations of
 * one documented formula):
 *
 *	  hash = sha256(convert_to(jsonb_build_array(
 *				 encode(prev_hash, 'hex'),	-- null for the first event
 *				 order_no::text, seq, id, assignment_id,
 *				 (extract(epoch FROM at) * 1000000)::bigint,
 *				 actor, role, action, from_state, to_state, reason,
 *				 payload, actor_name)::text, 'UTF8'))
 *
 * that is, the text jsonb gives that array (elements separated by ", ",
 * strings escaped as JSON, the payload as jsonb prints it), in UTF-8.
 *
 * The trigger fills seq and hash of a new event when it has none; an event
 * that arrives with its hash (pg_restore, logical replication) keeps it, and
 * the verification judges it like any other.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "commands/trigger.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "utils/fmgroids.h"
#include "utils/syscache.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_chain_event);

/* The columns of an event, in the canonical form's order after the hash */
typedef enum ChainColumn
{
	CC_ORDER_NO,
	CC_SEQ,
	CC_ID,
	CC_ASSIGNMENT_ID,
	CC_AT,
	CC_ACTOR,
	CC_ROLE,
	CC_ACTION,
	CC_FROM_STATE,
	CC_TO_STATE,
	CC_REASON,
	CC_PAYLOAD,
	CC_ACTOR_NAME,
	CC_HASH,
	CC_COUNT
} ChainColumn;

static const char *const chain_column_names[CC_COUNT] = {
	"order_no", "seq", "id", "assignment_id", "at", "actor", "role", "action",
	"from_state", "to_state", "reason", "payload", "actor_name", "hash"
};

/* and their types (InvalidOid: hotline.order_no, looked up) */
static const Oid chain_column_types[CC_COUNT] = {
	InvalidOid, INT4OID, INT8OID, INT8OID, TIMESTAMPTZOID, TEXTOID, TEXTOID, TEXTOID,
	TEXTOID, TEXTOID, TEXTOID, JSONBOID, TEXTOID, BYTEAOID
};

/*
 * The columns of the last table the trigger fired on (the history, or a
 * copy of it such as the benchmark's plain side): looked up once, checked by
 * name on each use (a table altered since has them elsewhere)
 */
typedef struct ChainTable
{
	Oid			relid;
	AttrNumber	attnums[CC_COUNT];
	Oid			types[CC_COUNT];
	FmgrInfo	order_no_out;	/* the order number's text, as ::text gives it */
	RegProcedure order_no_eq;	/* its equality, as the primary key compares */
	Oid			order_no_collation;
} ChainTable;

static ChainTable chain_table;

/*
 * ChainTableOf
 *		The columns of rel the chain reads (cached), checked: every one of
 *		chain_column_names, and a primary key on (order_no, id).
 */
static ChainTable *
ChainTableOf(Relation rel)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			k;
	bool		valid = chain_table.relid == RelationGetRelid(rel);

	for (k = 0; valid && k < CC_COUNT; k++)
		valid = chain_table.attnums[k] <= desc->natts &&
			strcmp(NameStr(TupleDescAttr(desc, chain_table.attnums[k] - 1)->attname), chain_column_names[k]) == 0 &&
			TupleDescAttr(desc, chain_table.attnums[k] - 1)->atttypid == chain_table.types[k];
	if (!valid)
	{
		Oid			pk = RelationGetPrimaryKeyIndex(rel);
		Relation	idx;
		Oid			out;
		bool		varlena;
		Oid			eqop;
		Oid			order_no_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("order_no"),
													ObjectIdGetDatum(get_namespace_oid("hotline", false)));

		chain_table.relid = InvalidOid; /* until every check passed */

		/*
		 * every column of the history, of its type: the trigger reads them
		 * as such (any other table is refused before a value is read)
		 */
		for (k = 0; k < CC_COUNT; k++)
		{
			Oid			want = OidIsValid(chain_column_types[k]) ? chain_column_types[k] : order_no_type;

			chain_table.attnums[k] = HotlineColumn(rel, chain_column_names[k]);
			chain_table.types[k] = want;
			if (TupleDescAttr(desc, chain_table.attnums[k] - 1)->atttypid != want)
			{
				ereport(ERROR,
						(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
						 errmsg("hotline.chain_event() chains only a table of hotline.order_event's shape"),
						 errdetail("Column \"%s\" of %s is of type %s, not %s.", chain_column_names[k],
								   RelationGetRelationName(rel),
								   format_type_be(TupleDescAttr(desc, chain_table.attnums[k] - 1)->atttypid),
								   format_type_be(want))));
			}
		}
		if (!OidIsValid(pk))
			ereport(ERROR,
					(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
					 errmsg("hotline.chain_event() chains only a table of hotline.order_event's shape"),
					 errdetail("%s has no primary key; the history's is (order_no, id).", RelationGetRelationName(rel))));
		idx = index_open(pk, AccessShareLock);
		if (idx->rd_index->indnkeyatts != 2 ||
			idx->rd_index->indkey.values[0] != chain_table.attnums[CC_ORDER_NO] ||
			idx->rd_index->indkey.values[1] != chain_table.attnums[CC_ID])
			ereport(ERROR,
					(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
					 errmsg("hotline.chain_event() chains only a table of hotline.order_event's shape"),
					 errdetail("The primary key of %s is not (order_no, id).", RelationGetRelationName(rel))));
		eqop = get_opfamily_member(idx->rd_opfamily[0], idx->rd_opcintype[0], idx->rd_opcintype[0],
								   BTEqualStrategyNumber);
		if (!OidIsValid(eqop))
			elog(ERROR, "hotline: index %s has no equality operator", RelationGetRelationName(idx));
		chain_table.order_no_eq = get_opcode(eqop);
		chain_table.order_no_collation = idx->rd_indcollation[0];
		index_close(idx, AccessShareLock);
		getTypeOutputInfo(TupleDescAttr(desc, chain_table.attnums[CC_ORDER_NO] - 1)->atttypid, &out, &varlena);
		fmgr_info_cxt(out, &chain_table.order_no_out, TopMemoryContext);
		chain_table.relid = RelationGetRelid(rel);
	}
	return &chain_table;
}

/*
 * AppendTextElement
 *		One string element of the canonical array: a JSON string, or null.
 */
static void
AppendTextElement(StringInfo buf, Datum value, bool isnull)
{
	appendStringInfoString(buf, ", ");
	if (isnull)
		appendStringInfoString(buf, "null");
	else
		escape_json(buf, TextDatumGetCString(value));
}

/*
 * EventHash
 *		The hash of the event tup of the chain table ct, after the event
 *		whose hash is prev (NULL for the first), its place in the order's
 *		history seq: the canonical form (the
 *		file's header) in UTF-8, through SHA-256, into hash (32 bytes).
 */
static void
EventHash(ChainTable *ct, TupleDesc desc, HeapTuple tup, int32 seq, bytea *prev, uint8 *hash)
{
	StringInfoData buf;
	Datum		v[CC_COUNT];
	bool		n[CC_COUNT];
	int			k;
	char	   *utf8;
	pg_cryptohash_ctx *ctx;

	for (k = 0; k < CC_COUNT; k++)
		v[k] = heap_getattr(tup, ct->attnums[k], desc, &n[k]);

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '[');
	if (prev == NULL)
		appendStringInfoString(&buf, "null");
	else
	{
		/* as encode(prev, 'hex') gives it, whatever its length */
		int			len = VARSIZE_ANY_EXHDR(prev);
		char	   *hex = palloc(len * 2 + 1);

		hex[hex_encode(VARDATA_ANY(prev), len, hex)] = '\0';
		appendStringInfo(&buf, "\"%s\"", hex);
		pfree(hex);
	}
	/* order_no and id are the primary key: never null */
	appendStringInfoString(&buf, ", ");
	escape_json(&buf, OutputFunctionCall(&ct->order_no_out, v[CC_ORDER_NO]));
	appendStringInfo(&buf, ", %d, " INT64_FORMAT, seq, DatumGetInt64(v[CC_ID]));
	if (n[CC_ASSIGNMENT_ID])
		appendStringInfoString(&buf, ", null");
	else
		appendStringInfo(&buf, ", " INT64_FORMAT, DatumGetInt64(v[CC_ASSIGNMENT_ID]));

	/*
	 * the time in microseconds since 1970-01-01 00:00 UTC, as extract(epoch)
	 * * 1000000 gives it
	 */
	if (n[CC_AT])
		appendStringInfoString(&buf, ", null");
	else if (TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(v[CC_AT])))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("the time of an event must be finite, not \"%s\"",
						timestamptz_to_str(DatumGetTimestampTz(v[CC_AT]))),
				 errdetail("An order's history records when each event happened (R-1.6)."),
				 errhint("Leave the column \"at\" to its default, now().")));
	else
		appendStringInfo(&buf, ", " INT64_FORMAT,
						 DatumGetTimestampTz(v[CC_AT]) +
						 (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * USECS_PER_DAY);
	for (k = CC_ACTOR; k <= CC_REASON; k++)
		AppendTextElement(&buf, v[k], n[k]);
	appendStringInfoString(&buf, ", ");
	if (n[CC_PAYLOAD])
		appendStringInfoString(&buf, "null");
	else
	{
		Jsonb	   *payload = DatumGetJsonbP(v[CC_PAYLOAD]);

		(void) JsonbToCString(&buf, &payload->root, VARSIZE(payload));
	}
	AppendTextElement(&buf, v[CC_ACTOR_NAME], n[CC_ACTOR_NAME]);
	appendStringInfoChar(&buf, ']');

	utf8 = (char *) pg_server_to_any(buf.data, buf.len, PG_UTF8);
	ctx = pg_cryptohash_create(PG_SHA256);
	if (pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) utf8, strlen(utf8)) < 0 ||
		pg_cryptohash_final(ctx, hash, PG_SHA256_DIGEST_LENGTH) < 0)
	{
		const char *why = pg_cryptohash_error(ctx);

		pg_cryptohash_free(ctx);
		elog(ERROR, "hotline: could not compute the hash of an event: %s", why);
	}
	pg_cryptohash_free(ctx);
	if (utf8 != buf.data)
		pfree(utf8);
	pfree(buf.data);
}

/*
 * hotline_chain_event
 *		Trigger, BEFORE INSERT FOR EACH ROW on hotline.order_event: sets the
 *		new event's seq (the order's last + 1) and hash (EventHash over the
 *		order's last event's hash), unless it arrives with a hash.
 *
 * The order's last event is read with SnapshotSelf: committed events and
 * this transaction's own, those of this very statement included (an INSERT
 * of several events of one order chains them in the order they come).  The
 * engine and every writer of the history hold the order's lock, so no other
 * transaction appends to the same order meanwhile.
 */
Datum
hotline_chain_event(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	desc;
	ChainTable *ct;
	HeapTuple	tup;
	bool		isnull;
	Datum		order_no;
	ScanKeyData skey;
	SysScanDesc scan;
	HeapTuple	last;
	int32		seq = 1;
	bytea	   *prev = NULL;
	bytea	   *hash;
	int			cols[2];
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event) || !TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("hotline.chain_event() must be a BEFORE INSERT trigger for each row")));
	rel = td->tg_relation;
	desc = RelationGetDescr(rel);
	tup = td->tg_trigtuple;
	ct = ChainTableOf(rel);

	/* an event that comes with its hash keeps it (a restore, a replica) */
	(void) heap_getattr(tup, ct->attnums[CC_HASH], desc, &isnull);
	if (!isnull)
		return PointerGetDatum(tup);

	/* the order's last event: the primary key (order_no, id) backwards */
	order_no = heap_getattr(tup, ct->attnums[CC_ORDER_NO], desc, &isnull);
	if (isnull)
		return PointerGetDatum(tup);	/* NOT NULL refuses it */
	/* by the table's column: systable_beginscan_ordered maps it to the index's */
	ScanKeyEntryInitialize(&skey, 0, ct->attnums[CC_ORDER_NO], BTEqualStrategyNumber, InvalidOid, ct->order_no_collation,
						   ct->order_no_eq, order_no);
	scan = systable_beginscan_ordered(rel, index_open(RelationGetPrimaryKeyIndex(rel), AccessShareLock),
									  SnapshotSelf, 1, &skey);
	last = systable_getnext_ordered(scan, BackwardScanDirection);
	if (last != NULL)
	{
		Datum		s = heap_getattr(last, ct->attnums[CC_SEQ], desc, &isnull);
		Datum		h;

		if (!isnull)
			seq = DatumGetInt32(s) + 1;
		h = heap_getattr(last, ct->attnums[CC_HASH], desc, &isnull);
		if (!isnull)
			prev = DatumGetByteaPCopy(h);
	}
	{
		Relation	idx = scan->irel;

		systable_endscan_ordered(scan);
		index_close(idx, AccessShareLock);
	}

	hash = (bytea *) palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	SET_VARSIZE(hash, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	EventHash(ct, desc, tup, seq, prev, (uint8 *) VARDATA(hash));

	cols[0] = ct->attnums[CC_SEQ];
	values[0] = Int32GetDatum(seq);
	cols[1] = ct->attnums[CC_HASH];
	values[1] = PointerGetDatum(hash);
	return PointerGetDatum(heap_modify_tuple_by_cols(tup, desc, 2, cols, values, nulls));
}
