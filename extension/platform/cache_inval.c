/*-------------------------------------------------------------------------
 *
 * cache_inval.c
 *	  The invalidation protocol of hotline's per-backend caches of table
 *	  rows (compiled calendars, calendar.c; workflow definitions, engine.c):
 *	  one definition for both.
 *
 * A cache is built from rows of some tables of schema hotline.  A
 * statement trigger on those tables (HotlineInvalTrigger) sends a relcache
 * invalidation of the table: every backend receives it when it next
 * accepts invalidation messages, and the relcache callback below marks the
 * cache stale, so that its next user builds it again.  A transaction that
 * received an invalidation may have read the old rows again with an old
 * snapshot (REPEATABLE READ), so at its end the cache is marked stale once
 * more (the transaction callback).  The callbacks only set flags: they may
 * run in the middle of anything.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "hotline.h"

/*
 * InvalRelcacheCallback
 *		A change of one of the cache's tables (or a full reset, relid
 *		InvalidOid) makes the cache stale.  With forget_relids, the tables'
 *		OIDs are looked up again before the next build (they may be gone:
 *		DROP EXTENSION).
 */
static void
InvalRelcacheCallback(Datum arg, Oid relid)
{
	HotlineInvalCache *cache = (HotlineInvalCache *) DatumGetPointer(arg);
	int			i;

	for (i = 0; i < cache->ntables; i++)
		if (relid == InvalidOid || cache->relids[i] == relid)
		{
			cache->stale = true;
			cache->inval_in_xact = true;
			cache->generation++;
			if (cache->forget_relids)
				for (i = 0; i < cache->ntables; i++)
					cache->relids[i] = InvalidOid;
			return;
		}
}

/*
 * InvalXactCallback
 *		At the end of a transaction that received an invalidation, mark the
 *		cache stale again: the transaction may have built it from the old
 *		rows.
 */
static void
InvalXactCallback(XactEvent event, void *arg)
{
	HotlineInvalCache *cache = (HotlineInvalCache *) arg;

	if (event != XACT_EVENT_COMMIT && event != XACT_EVENT_ABORT &&
		event != XACT_EVENT_PARALLEL_COMMIT && event != XACT_EVENT_PARALLEL_ABORT)
		return;
	if (cache->inval_in_xact)
	{
		cache->stale = true;
		cache->generation++;
	}
	cache->inval_in_xact = false;
}

/*
 * HotlineInvalRegister
 *		Register the callbacks of cache (once per backend, from _PG_init);
 *		cache is static storage of the caller.
 */
void
HotlineInvalRegister(HotlineInvalCache *cache)
{
	CacheRegisterRelcacheCallback(InvalRelcacheCallback, PointerGetDatum(cache));
	RegisterXactCallback(InvalXactCallback, cache);
}

/*
 * HotlineInvalMarkStale
 *		Something the cache depends on beyond its tables changed (a
 *		function, a role: syscache callbacks), or is about to: build it
 *		again, also after this transaction.
 */
void
HotlineInvalMarkStale(HotlineInvalCache *cache)
{
	cache->stale = true;
	cache->inval_in_xact = true;
	cache->generation++;
}

/*
 * HotlineInvalLookup
 *		Look up the OIDs of the cache's tables when unknown: before reading
 *		them, so that an invalidation processed while reading is recognised.
 */
void
HotlineInvalLookup(HotlineInvalCache *cache)
{
	Oid			nsp;
	int			i;

	if (OidIsValid(cache->relids[0]))
		return;
	nsp = get_namespace_oid("hotline", false);
	for (i = 0; i < cache->ntables; i++)
		cache->relids[i] = get_relname_relid(cache->tables[i], nsp);
}

/*
 * HotlineInvalTrigger
 *		The body of an AFTER statement trigger on one of the cache's tables:
 *		every backend builds the cache again once this transaction commits
 *		(and this one from its next command on).
 */
Datum
HotlineInvalTrigger(HotlineInvalCache *cache, FunctionCallInfo fcinfo, const char *fname)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "%s: not called as a trigger", fname);
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	cache->stale = true;
	cache->generation++;
	return PointerGetDatum(NULL);
}

/*
 * HotlineCacheHash
 *		An empty hash table of a cache, keyed by a string of at most
 *		keysize - 1 bytes, in *cxt (a child of CacheMemoryContext named
 *		name, a constant string, made on first use, emptied otherwise:
 *		everything the cache allocated there goes with it).
 */
HTAB *
HotlineCacheHash(MemoryContext *cxt, const char *name, Size keysize, Size entrysize)
{
	HASHCTL		ctl;

	if (*cxt == NULL)
		*cxt = AllocSetContextCreateInternal(CacheMemoryContext, name, ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(*cxt);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = keysize;
	ctl.entrysize = entrysize;
	ctl.hcxt = *cxt;
	return hash_create(name, 16, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
}
