/*-------------------------------------------------------------------------
 *
 * engine.c
 *	  The workflow engine of work orders.
 *
 * One entry point (hotline.apply_action) applies a workflow action to an
 * order (and one of its assignments) under a row lock: it checks the action
 * against the workflow's states, roles and parameters, calls the before
 * hooks, sets the new state, applies the action's effects (a fixed
 * vocabulary of generic effects: assignments, deadlines on the calendar,
 * closing, merging, moving the order when all its assignments reach a
 * state), appends the event and calls the after hooks.  hotline.open_order
 * does the same for actions that create an order.  Nothing here knows the
 * 12345 process: that is data (workflows/12345_appeal.sql).
 *
 * Speed: an action's definition comes from a per-backend cache (no query
 * to check it), the order is locked with its assignment in one statement,
 * and everything the action does to the order is one UPDATE (one row
 * version): an action on an order is three statements (lock, update,
 * event), one on an assignment four.  The statements are prepared once
 * per backend (EnginePlanFor).
 *
 * The SQL runs through SPI with parameters only; the entry points are
 * SECURITY DEFINER with search_path pg_catalog, hotline, pg_temp, so
 * unqualified operators and functions are the built-in ones, or hotline's
 * for its own types (order_no's =).  A bare UPDATE of a
 * state is refused by hotline_guard_state unless the engine is at work.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/extension.h"
#include "commands/trigger.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/acl.h"
#include "funcapi.h"
#include "utils/guc.h"
#include "catalog/pg_proc.h"
#include "miscadmin.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_guard_state);
PG_FUNCTION_INFO_V1(hotline_creating_extension);
PG_FUNCTION_INFO_V1(hotline_apply_action);
PG_FUNCTION_INFO_V1(hotline_open_order);
PG_FUNCTION_INFO_V1(hotline_workflow_invalidate);

/*
 * How deep the engine is in applying actions in this backend.  Only C code
 * of this module changes it, so no SQL caller can pretend to be the engine.
 */
int			hotline_engine_depth = 0;

/*
 * How many workflow hooks are running in this backend.  A hook runs inside
 * the engine but is not the engine: a state it changes with a bare UPDATE
 * is refused like anybody else's (an action it applies through the engine
 * raises hotline_engine_depth above it again).
 */
int			hotline_hook_depth = 0;

/*
 * hotline_guard_state
 *		BEFORE UPDATE OF state trigger on work_order and assignment: outside
 *		the engine (or inside a hook, which is not the engine), a change of
 *		state is refused.
 */
Datum
hotline_guard_state(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	tupdesc;
	int			attno;
	char	   *old_state;
	char	   *new_state;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
		elog(ERROR, "hotline_guard_state: not called as a row UPDATE trigger");

	tupdesc = trigdata->tg_relation->rd_att;
	attno = SPI_fnumber(tupdesc, "state");
	old_state = SPI_getvalue(trigdata->tg_trigtuple, tupdesc, attno);
	new_state = SPI_getvalue(trigdata->tg_newtuple, tupdesc, attno);

	if (hotline_engine_depth <= hotline_hook_depth &&
		(old_state == NULL || new_state == NULL || strcmp(old_state, new_state) != 0))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("the state of hotline.%s changes only through workflow actions",
						RelationGetRelationName(trigdata->tg_relation)),
				 errdetail("A bare UPDATE from \"%s\" to \"%s\" would skip the workflow's checks and its history (R-1.6).",
						   old_state ? old_state : "", new_state ? new_state : ""),
				 errhint("Apply the action with the workflow's functions, such as hotline.dispatch or hotline.reply.")));
	return PointerGetDatum(trigdata->tg_newtuple);
}

/*
 * hotline_creating_extension
 *		SQL: hotline.creating_extension(): true while CREATE or ALTER
 *		EXTENSION hotline runs its script, when built-in rows are written
 *		(another extension's script does not count: it could be a trusted
 *		extension a plain role creates).
 */
Datum
hotline_creating_extension(PG_FUNCTION_ARGS)
{
	/* hotline's own script, not that of another extension being created */
	PG_RETURN_BOOL(creating_extension &&
				   CurrentExtensionObject == get_extension_oid("hotline", true));
}

/* ---------------------------------------------------------------------
 * The engine proper
 * ---------------------------------------------------------------------
 */

/* One action being applied */
typedef struct EngineAction
{
	int64		order_no;		/* as bigint; 0 while opening */
	bool		has_assignment;
	int64		assignment_id;
	char	   *workflow;
	char	   *action;
	char	   *actor;
	char	   *role;
	Datum		params;			/* jsonb */
	char	   *scope;			/* order | assignment */
	char	   *to_state;		/* NULL: no change */
	char	   *from_state;		/* state of the object acted on */
	char	   *order_state;	/* the order's state when it was locked */
	char	   *order_after;	/* the order's state after the action */
	Datum		effects;		/* jsonb */
	bool		reason_required;
	struct ActionDef *def;		/* the cached definition */
	bool		stamp_done;		/* folded into the state UPDATE */
	bool		close_done;
	bool		order_reply_due;	/* assignments' deadlines changed */
	bool		set_due[3];		/* set_due: dispatch_due, reply_due, callback_due */
	bool		merge;			/* merge_into */
	bool		order_closed;	/* close_order done with the order's INSERT */
	bool		opening;		/* open_order: set_due done with the INSERT */
} EngineAction;

#define ORDER_NO_SQL	"$1::pg_catalog.int8::hotline.order_no"

/*
 * The time limit of the deadline a set_due effect (effects) names for the
 * column given as %s, for the order's workflow, dispatch mode, urgency and
 * appeal type (NULL when it clears the column): one definition for an
 * opening action (open_order) and for any other (UpdateOrder).
 */
#define SET_DUE_LIMIT(workflow, mode, urgency, appeal_type, effects) \
	"(SELECT CASE WHEN d ->> 'deadline' IS NOT NULL THEN " \
	"    hotline.workflow_time_limit(" workflow ", d ->> 'deadline', " mode ", " urgency ", " appeal_type ") END " \
	"  FROM jsonb_array_elements(CASE jsonb_typeof(" effects " -> 'set_due') " \
	"      WHEN 'array' THEN " effects " -> 'set_due' ELSE jsonb_build_array(" effects " -> 'set_due') END) d " \
	"  WHERE d ->> 'column' = '%s' LIMIT 1)"

/*
 * The order's own deadlines, as set_due names them.  Each is kept with the
 * limit it was counted from and its start (<name>_limit, <name>_from), as
 * assignments keep theirs, so that a change of the calendar can count it
 * again (R-12.3, hotline.recompute_deadlines).
 */
static const char *const due_columns[] = {"dispatch_due", "reply_due", "callback_due"};
static const char *const due_names[] = {"dispatch", "reply", "callback"};

/* Saved plans of the engine's statements, by their text (per backend) */
typedef struct EnginePlan
{
	uint32		hash;
	char	   *sql;
	SPIPlanPtr	plan;
} EnginePlan;

static EnginePlan *engine_plans = NULL;
static int	engine_nplans = 0;
static int	engine_maxplans = 0;

/*
 * EnginePlanFor
 *		The saved plan of a statement, prepared on first use.  The engine's
 *		statements are a fixed set of texts, so every action after the first
 *		in a backend parses and plans nothing; the plan cache replans them
 *		when the tables change.
 */
static SPIPlanPtr
EnginePlanFor(const char *sql, int nargs, Oid *types)
{
	uint32		hash = hash_bytes((const unsigned char *) sql, strlen(sql));
	SPIPlanPtr	plan;
	int			i;

	for (i = 0; i < engine_nplans; i++)
		if (engine_plans[i].hash == hash && strcmp(engine_plans[i].sql, sql) == 0)
			return engine_plans[i].plan;

	plan = SPI_prepare(sql, nargs, types);
	if (plan == NULL)
		elog(ERROR, "hotline engine: SPI_prepare failed (%s) for: %s",
			 SPI_result_code_string(SPI_result), sql);
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "hotline engine: SPI_keepplan failed");
	if (engine_nplans == engine_maxplans)
	{
		engine_maxplans = engine_maxplans ? engine_maxplans * 2 : 64;
		engine_plans = engine_plans ?
			repalloc(engine_plans, sizeof(EnginePlan) * engine_maxplans) :
			MemoryContextAlloc(TopMemoryContext, sizeof(EnginePlan) * engine_maxplans);
	}
	engine_plans[engine_nplans].hash = hash;
	engine_plans[engine_nplans].sql = MemoryContextStrdup(TopMemoryContext, sql);
	engine_plans[engine_nplans].plan = plan;
	engine_nplans++;
	return plan;
}

/*
 * EngineExec
 *		Run one parameterised statement (nargs parameters of the given
 *		types) through its saved plan.  Returns SPI_processed.  Not
 *		read-only: every statement sees the effects of the ones before.
 */
static uint64
EngineExec(const char *sql, int nargs, Oid *types, Datum *values, const char *nulls, int expect)
{
	int			rc = SPI_execute_plan(EnginePlanFor(sql, nargs, types), values, nulls, false, 0);

	if (rc != expect)
		elog(ERROR, "hotline engine: SPI_execute_plan returned %s for: %s",
			 SPI_result_code_string(rc), sql);
	return SPI_processed;
}

/*
 * EngineText
 *		Column col of row 0 of the last result as a C string (NULL if NULL).
 */
static char *
EngineText(int col)
{
	return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, col);
}

/*
 * EngineBool
 *		Column col of row 0 of the last result as a boolean (NULL = false).
 */
static bool
EngineBool(int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, col, &isnull);

	return !isnull && DatumGetBool(d);
}

/* ---------------------------------------------------------------------
 * The per-backend cache of workflow actions
 *
 * Every action needs its definition: scope, target state, effects, the
 * states it starts from, the roles and parameters it needs, its hooks.
 * They are read once per backend (one query) and kept in
 * WorkflowCacheContext, so that checking an action runs no query.  A
 * statement trigger on hotline.workflow, workflow_action and workflow_hook
 * (hotline_workflow_invalidate) sends a relcache invalidation of the table;
 * the callback below then marks the cache stale, and the next action of
 * every backend reads the definitions again, as for calendars (calendar.c).
 * ---------------------------------------------------------------------
 */
#define ACTION_KEY_MAX	256		/* workflow and action names, with a separator */

typedef struct ActionDef
{
	char		key[ACTION_KEY_MAX];	/* "workflow/action": the hash key */
	char	   *scope;			/* order | assignment */
	char	   *to_state;		/* NULL: no change */
	Jsonb	   *effects;
	bool		reason_required;
	int			nfrom;
	char	  **from_states;
	int			nroles;
	char	  **roles;
	int			nrequired;
	char	  **required;
	int			nhooks[2];		/* before, after */
	Oid		   *hooks[2];
	Oid		   *hook_owners[2]; /* the roles the hooks run as */
	bool		escalate;		/* escalation rules run after it */
	bool		alarms;			/* the workflow has time rules on assignments */
	bool		order_alarms;	/* ... and on the order's own deadlines */
} ActionDef;

static MemoryContext WorkflowCacheContext = NULL;
static HTAB *WorkflowCache = NULL;
static bool WorkflowCacheStale = false;
static bool WorkflowInvalInXact = false;
static Oid	WorkflowRelids[4] = {InvalidOid, InvalidOid, InvalidOid, InvalidOid};

/*
 * WorkflowRelcacheCallback
 *		A change of a workflow table (or a full reset) makes the cache stale.
 *		Only sets flags: callbacks may run in the middle of anything.
 */
static void
WorkflowRelcacheCallback(Datum arg, Oid relid)
{
	int			i;

	for (i = 0; i < (int) lengthof(WorkflowRelids); i++)
		if (relid == InvalidOid || WorkflowRelids[i] == relid)
		{
			WorkflowCacheStale = true;
			WorkflowInvalInXact = true;
			/* the tables may be gone (DROP EXTENSION): look them up again */
			WorkflowRelids[0] = WorkflowRelids[1] = WorkflowRelids[2] = WorkflowRelids[3] = InvalidOid;
			return;
		}
}

/*
 * WorkflowSyscacheCallback
 *		A function or a role changed (or was dropped): the hooks of the
 *		cached definitions may point at it, so read them again (and check
 *		them again, ReadActionDef).
 */
static void
WorkflowSyscacheCallback(Datum arg, int cacheid, uint32 hashvalue)
{
	WorkflowCacheStale = true;
	WorkflowInvalInXact = true;
}

/*
 * WorkflowXactCallback
 *		A transaction that received an invalidation may have read the old
 *		definitions again (REPEATABLE READ): drop them at its end.
 */
static void
WorkflowXactCallback(XactEvent event, void *arg)
{
	if (event != XACT_EVENT_COMMIT && event != XACT_EVENT_ABORT &&
		event != XACT_EVENT_PARALLEL_COMMIT && event != XACT_EVENT_PARALLEL_ABORT)
		return;
	if (WorkflowInvalInXact)
		WorkflowCacheStale = true;
	WorkflowInvalInXact = false;
}

/*
 * HotlineEngineInit
 *		Register the invalidation callbacks; called once from _PG_init.
 */
void
HotlineEngineInit(void)
{
	CacheRegisterRelcacheCallback(WorkflowRelcacheCallback, (Datum) 0);
	CacheRegisterSyscacheCallback(PROCOID, WorkflowSyscacheCallback, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHOID, WorkflowSyscacheCallback, (Datum) 0);
	RegisterXactCallback(WorkflowXactCallback, NULL);
}

/*
 * hotline_workflow_invalidate
 *		Statement trigger on the workflow tables: tell every backend
 *		(this one included, from its next command) that they changed.
 */
Datum
hotline_workflow_invalidate(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "hotline_workflow_invalidate: not called as a trigger");
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	WorkflowCacheStale = true;
	return PointerGetDatum(NULL);
}

/*
 * WorkflowTablesLookup
 *		The OIDs of the workflow tables, looked up when unknown (before
 *		reading them, so that an invalidation while reading is recognised).
 */
static void
WorkflowTablesLookup(void)
{
	if (!OidIsValid(WorkflowRelids[0]))
	{
		Oid			nsp = get_namespace_oid("hotline", false);

		WorkflowRelids[0] = get_relname_relid("workflow", nsp);
		WorkflowRelids[1] = get_relname_relid("workflow_action", nsp);
		WorkflowRelids[2] = get_relname_relid("workflow_hook", nsp);
		WorkflowRelids[3] = get_relname_relid("workflow_escalation", nsp);
	}
}

/*
 * WorkflowCacheReady
 *		Make the cache usable: look up the tables' OIDs (before reading them,
 *		so that an invalidation while reading is recognised), drop stale
 *		entries.  Returns false when the cache must not be used now: it is
 *		stale while an outer action (a hook calling the engine) still holds
 *		pointers into it.
 */
static bool
WorkflowCacheReady(void)
{
	HASHCTL		ctl;

	WorkflowTablesLookup();
	if (WorkflowCache != NULL && !WorkflowCacheStale)
		return true;
	if (hotline_engine_depth > 1)
		return false;
	if (WorkflowCacheContext == NULL)
		WorkflowCacheContext = AllocSetContextCreate(CacheMemoryContext, "hotline workflow cache",
													 ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(WorkflowCacheContext);
	WorkflowCacheStale = false;
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = ACTION_KEY_MAX;
	ctl.entrysize = sizeof(ActionDef);
	ctl.hcxt = WorkflowCacheContext;
	WorkflowCache = hash_create("hotline workflow actions", 64, &ctl,
								HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	return true;
}

/*
 * TextArray
 *		A text[] Datum as C strings allocated in cxt.
 */
static char **
TextArray(Datum arr, int *n, MemoryContext cxt)
{
	Datum	   *elems;
	bool	   *nulls;
	char	  **out;
	int			k;

	deconstruct_array(DatumGetArrayTypeP(arr), TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	out = MemoryContextAlloc(cxt, sizeof(char *) * Max(*n, 1));
	for (k = 0; k < *n; k++)
		out[k] = nulls[k] ? MemoryContextStrdup(cxt, "") :
			MemoryContextStrdup(cxt, TextDatumGetCString(elems[k]));
	return out;
}

/*
 * CheckHook
 *		A hook must be a function fn(hotline.order_no, bigint, text, jsonb)
 *		RETURNS void: the engine passes exactly those arguments through
 *		fmgr, and a function of another signature would read them as
 *		something else (0.1.0 crashed on a hook of four timetz arguments).
 *		The trigger workflow_hook_check refuses other hooks when they are
 *		registered, and an event trigger refuses to drop a hook's function;
 *		this is checked again when a definition is read, for rows written
 *		before those checks and for a function dropped while they were off.
 */
static void
CheckHook(const char *workflow, const char *action, Oid fn)
{
	HeapTuple	tp = SearchSysCache1(PROCOID, ObjectIdGetDatum(fn));
	Form_pg_proc proc;
	Oid			order_no_type;
	bool		ok;

	if (!HeapTupleIsValid(tp))
	{
		Oid			types[2] = {TEXTOID, TEXTOID};
		Datum		values[2];

		values[0] = CStringGetTextDatum(workflow);
		values[1] = CStringGetTextDatum(action);
		EngineExec("SELECT string_agg(h.function, ', ') FROM hotline.workflow_hook h "
				   "WHERE h.workflow = $1 AND h.action = $2 AND pg_catalog.to_regprocedure(h.function) IS NULL",
				   2, types, values, NULL, SPI_OK_SELECT);
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("hook %s of action \"%s\" of workflow \"%s\" does not exist",
						EngineText(1) ? EngineText(1) : "?", action, workflow),
				 errdetail("The hook's function was dropped (or renamed) after the workflow was registered."),
				 errhint("Register the workflow again with hotline.register_workflow, with an existing hook or none.")));
	}
	proc = (Form_pg_proc) GETSTRUCT(tp);
	order_no_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("order_no"),
									ObjectIdGetDatum(get_namespace_oid("hotline", false)));
	ok = proc->prokind == PROKIND_FUNCTION && !proc->proretset && proc->prorettype == VOIDOID &&
		proc->pronargs == 4 && proc->proargtypes.values[0] == order_no_type &&
		proc->proargtypes.values[1] == INT8OID && proc->proargtypes.values[2] == TEXTOID &&
		proc->proargtypes.values[3] == JSONBOID;
	ReleaseSysCache(tp);
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_FUNCTION_DEFINITION),
				 errmsg("hook %s of action \"%s\" of workflow \"%s\" has the wrong signature",
						format_procedure(fn), action, workflow),
				 errhint("A hook is declared as fn(hotline.order_no, bigint, text, jsonb) RETURNS void.")));
}

/*
 * ReadActionDef
 *		Read the definition of an action (one query) into def, allocated in
 *		cxt; errors if the workflow has no such action, naming the actions it
 *		has.
 */
static void
ReadActionDef(const char *workflow, const char *action, ActionDef *def, MemoryContext cxt)
{
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];
	bool		isnull;
	int			i;
	HeapTuple	row;
	TupleDesc	desc;
	Datum		d;

	values[0] = CStringGetTextDatum(workflow);
	values[1] = CStringGetTextDatum(action);
	if (EngineExec("SELECT a.scope, a.to_state, a.effects, a.reason_required, a.from_states, a.roles, "
				   "       a.required_params, "
				   "       ARRAY(SELECT coalesce(pg_catalog.to_regprocedure(h.function)::oid, 0) "
				   "             FROM hotline.workflow_hook h WHERE h.workflow = a.workflow "
				   "             AND h.action = a.action AND h.timing = 'before' ORDER BY h.position, h.function), "
				   "       ARRAY(SELECT coalesce(pg_catalog.to_regprocedure(h.function)::oid, 0) "
				   "             FROM hotline.workflow_hook h WHERE h.workflow = a.workflow "
				   "             AND h.action = a.action AND h.timing = 'after' ORDER BY h.position, h.function), "
				   "       ARRAY(SELECT h.owner::oid FROM hotline.workflow_hook h WHERE h.workflow = a.workflow "
				   "             AND h.action = a.action AND h.timing = 'before' ORDER BY h.position, h.function), "
				   "       ARRAY(SELECT h.owner::oid FROM hotline.workflow_hook h WHERE h.workflow = a.workflow "
				   "             AND h.action = a.action AND h.timing = 'after' ORDER BY h.position, h.function), "
				   "       EXISTS (SELECT 1 FROM hotline.escalation_rule r WHERE r.workflow = a.workflow "
				   "               AND a.action = ANY (r.on_actions)), "
				   "       EXISTS (SELECT 1 FROM hotline.escalation_rule r WHERE r.workflow = a.workflow "
				   "               AND r.kind IN ('remind', 'hasten') AND r.due IN ('sign_due', 'reply_due')), "
				   "       EXISTS (SELECT 1 FROM hotline.escalation_rule r WHERE r.workflow = a.workflow "
				   "               AND r.kind IN ('remind', 'hasten') AND r.due IN ('dispatch_due', 'callback_due')) "
				   "FROM hotline.workflow_action a "
				   "WHERE a.workflow = $1 AND a.action = $2",
				   2, types, values, NULL, SPI_OK_SELECT) != 1)
	{
		char	   *known;

		EngineExec("SELECT string_agg(a.action, ', ' ORDER BY a.action) "
				   "FROM hotline.workflow_action a WHERE a.workflow = $1",
				   1, types, values, NULL, SPI_OK_SELECT);
		known = EngineText(1);
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("workflow \"%s\" has no action \"%s\"", workflow, action),
				 known ? errdetail("Its actions are: %s.", known) :
				 errdetail("Workflow \"%s\" has no actions: is it registered?", workflow),
				 errhint("Check the action's name, or register it with hotline.register_workflow.")));
	}
	row = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	d = SPI_getbinval(row, desc, 3, &isnull);
	/* checked when it was stored; again here, for rows older than the check */
	WorkflowEffectsCheck(workflow, action, EngineText(1), DatumGetJsonbP(d));

	def->scope = MemoryContextStrdup(cxt, EngineText(1));
	def->to_state = EngineText(2) ? MemoryContextStrdup(cxt, EngineText(2)) : NULL;
	{
		Jsonb	   *effects = DatumGetJsonbP(d);

		def->effects = MemoryContextAlloc(cxt, VARSIZE(effects));
		memcpy(def->effects, effects, VARSIZE(effects));
	}
	def->reason_required = EngineBool(4);
	def->from_states = TextArray(SPI_getbinval(row, desc, 5, &isnull), &def->nfrom, cxt);
	def->roles = TextArray(SPI_getbinval(row, desc, 6, &isnull), &def->nroles, cxt);
	def->required = TextArray(SPI_getbinval(row, desc, 7, &isnull), &def->nrequired, cxt);
	for (i = 0; i < 2; i++)
	{
		Datum	   *elems;
		Datum	   *owners;
		int			n;
		int			k;

		deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(row, desc, 8 + i, &isnull)),
						  OIDOID, sizeof(Oid), true, TYPALIGN_INT, &elems, NULL, &n);
		deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(row, desc, 10 + i, &isnull)),
						  OIDOID, sizeof(Oid), true, TYPALIGN_INT, &owners, NULL, &n);
		def->nhooks[i] = n;
		def->hooks[i] = MemoryContextAlloc(cxt, sizeof(Oid) * Max(n, 1));
		def->hook_owners[i] = MemoryContextAlloc(cxt, sizeof(Oid) * Max(n, 1));
		for (k = 0; k < n; k++)
		{
			def->hooks[i][k] = DatumGetObjectId(elems[k]);
			def->hook_owners[i][k] = DatumGetObjectId(owners[k]);
			CheckHook(workflow, action, def->hooks[i][k]);
		}
	}
	def->escalate = EngineBool(12);
	def->alarms = EngineBool(13);
	def->order_alarms = EngineBool(14);
}

/*
 * LoadAction
 *		The definition of the action, from the cache or read (and cached).
 */
static void
LoadAction(EngineAction *ea)
{
	char		key[ACTION_KEY_MAX];
	ActionDef  *def = NULL;
	bool		use_cache;

	use_cache = strlen(ea->workflow) + strlen(ea->action) + 2 <= ACTION_KEY_MAX && WorkflowCacheReady();
	if (use_cache)
	{
		snprintf(key, sizeof(key), "%s/%s", ea->workflow, ea->action);
		def = hash_search(WorkflowCache, key, HASH_FIND, NULL);
	}
	if (def == NULL)
	{
		ActionDef	fresh;

		memset(&fresh, 0, sizeof(fresh));
		ReadActionDef(ea->workflow, ea->action, &fresh,
					  use_cache ? WorkflowCacheContext : CurrentMemoryContext);
		if (use_cache && !WorkflowCacheStale)
		{
			def = hash_search(WorkflowCache, key, HASH_ENTER, NULL);
			memcpy(((char *) def) + ACTION_KEY_MAX, ((char *) &fresh) + ACTION_KEY_MAX,
				   sizeof(ActionDef) - ACTION_KEY_MAX);
		}
		else
		{
			def = palloc(sizeof(ActionDef));
			memcpy(def, &fresh, sizeof(ActionDef));
		}
	}
	ea->def = def;
	ea->scope = def->scope;
	ea->to_state = def->to_state;
	ea->effects = JsonbPGetDatum(def->effects);
	ea->reason_required = def->reason_required;
}

/*
 * ParamGiven
 *		Whether params (an object) has key with a value: not absent, not
 *		JSON null, not an empty string (or, if blank_is_missing, one of
 *		spaces only).
 */
static bool
ParamGiven(Datum params, const char *key, bool blank_is_missing)
{
	Jsonb	   *p = DatumGetJsonbP(params);
	JsonbValue	v;
	int			k;

	if (getKeyJsonValueFromContainer(&p->root, key, strlen(key), &v) == NULL || v.type == jbvNull)
		return false;
	if (v.type != jbvString)
		return true;
	if (!blank_is_missing)
		return v.val.string.len > 0;
	for (k = 0; k < v.val.string.len; k++)
		if (v.val.string.val[k] != ' ')
			return true;
	return false;
}

/*
 * InList
 *		Whether s is one of the n strings in list.
 */
static bool
InList(const char *s, char **list, int n)
{
	int			k;

	for (k = 0; s != NULL && k < n; k++)
		if (strcmp(s, list[k]) == 0)
			return true;
	return false;
}

/*
 * JoinList
 *		The n strings of list joined by ", ".
 */
static char *
JoinList(char **list, int n)
{
	StringInfoData s;
	int			k;

	initStringInfo(&s);
	for (k = 0; k < n; k++)
		appendStringInfo(&s, "%s%s", k ? ", " : "", list[k]);
	return s.data;
}

/*
 * CheckAction
 *		The action must be allowed in the current state, for the actor's
 *		role, with every required parameter and (if required) a reason.
 *		Checked in C against the cached definition; only the error of a
 *		wrong state queries (for the actions the state allows).
 */
static void
CheckAction(EngineAction *ea)
{
	ActionDef  *def = ea->def;
	StringInfoData missing;
	int			k;

	if (!InList(ea->from_state, def->from_states, def->nfrom))
	{
		Oid			types[3] = {TEXTOID, TEXTOID, TEXTOID};
		Datum		values[3];
		char	   *allowed;

		values[0] = CStringGetTextDatum(ea->workflow);
		values[1] = CStringGetTextDatum(ea->action);
		values[2] = CStringGetTextDatum(ea->from_state);
		EngineExec("SELECT string_agg(b.action, ', ' ORDER BY b.action) "
				   "FROM hotline.workflow_action a JOIN hotline.workflow_action b "
				   "  ON b.workflow = a.workflow AND b.scope = a.scope AND $3 = ANY (b.from_states) "
				   "WHERE a.workflow = $1 AND a.action = $2",
				   3, types, values, NULL, SPI_OK_SELECT);
		allowed = EngineText(1);
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("action \"%s\" is not allowed in state \"%s\"", ea->action, ea->from_state),
				 allowed ? errdetail("Allowed in state \"%s\": %s.", ea->from_state, allowed) :
				 errdetail("No action is allowed in state \"%s\".", ea->from_state),
				 errhint("Look at the order's history (hotline.order_event) to see where it stands.")));
	}
	if (!ea->role || !*ea->role)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("action \"%s\" needs the actor's role", ea->action),
				 errhint("Pass actor_role, one of: %s.", JoinList(def->roles, def->nroles))));
	if (!InList(ea->role, def->roles, def->nroles))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("role \"%s\" may not %s", ea->role, ea->action),
				 errdetail("Action \"%s\" of workflow \"%s\" is for: %s.", ea->action, ea->workflow,
						   JoinList(def->roles, def->nroles)),
				 errhint("Ask a colleague in one of those roles.")));
	initStringInfo(&missing);
	for (k = 0; k < def->nrequired; k++)
		if (!ParamGiven(ea->params, def->required[k], false))
			appendStringInfo(&missing, "%s%s", missing.len ? ", " : "", def->required[k]);
	if (missing.len > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("action \"%s\" needs %s", ea->action, missing.data),
				 errdetail("Every parameter the workflow requires for \"%s\" must be given and not empty.", ea->action),
				 errhint("Pass them as named arguments of the action's function.")));
	if (def->reason_required && !ParamGiven(ea->params, "reason", true))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("action \"%s\" needs a reason", ea->action),
				 errdetail("The reason is part of the order's record (R-1.6)."),
				 errhint("Pass reason => '...' saying why.")));
}

/*
 * CallHooks
 *		Call the workflow's hooks of the action with the given timing, in
 *		order, as fn(order_no, assignment_id, action, params).
 *
 * The engine runs with the extension owner's rights (SECURITY DEFINER); a
 * hook does not: it runs as the role that registered it (workflow_hook.
 * owner), which must be allowed to execute it, inside a security-restricted
 * operation with its own GUC nesting level, as PostgreSQL runs the
 * functions of an index as the table's owner.  So a hook can do what its
 * author could do, and nothing more (0.1.0 ran it as the owner: a hook
 * that altered its author to superuser did so at the next action).
 */
static void
CallHooks(EngineAction *ea, const char *timing)
{
	int			which = strcmp(timing, "before") == 0 ? 0 : 1;
	int			n = ea->def->nhooks[which];
	Oid		   *fns = ea->def->hooks[which];
	Oid		   *owners = ea->def->hook_owners[which];
	int			i;

	for (i = 0; i < n; i++)
	{
		FmgrInfo	flinfo;
		LOCAL_FCINFO(hook, 4);
		Oid			save_userid;
		int			save_sec_context;
		int			save_nestlevel;

		CHECK_FOR_INTERRUPTS();
		if (!SearchSysCacheExists1(AUTHOID, ObjectIdGetDatum(owners[i])))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("hook %s of action \"%s\" belongs to role %u, which no longer exists",
							format_procedure(fns[i]), ea->action, owners[i]),
					 errhint("Register workflow \"%s\" again as the role its hooks should run as.", ea->workflow)));
		if (pg_proc_aclcheck(fns[i], owners[i], ACL_EXECUTE) != ACLCHECK_OK)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("role \"%s\" may not execute hook %s of action \"%s\"",
							GetUserNameFromId(owners[i], false), format_procedure(fns[i]), ea->action),
					 errdetail("A hook runs as the role that registered workflow \"%s\".", ea->workflow),
					 errhint("GRANT EXECUTE on the function to that role, or register the workflow again.")));
		fmgr_info(fns[i], &flinfo);
		InitFunctionCallInfoData(*hook, &flinfo, 4, InvalidOid, NULL, NULL);
		hook->args[0].value = Int64GetDatum(ea->order_no);
		hook->args[0].isnull = false;
		hook->args[1].value = Int64GetDatum(ea->assignment_id);
		hook->args[1].isnull = !ea->has_assignment;
		hook->args[2].value = CStringGetTextDatum(ea->action);
		hook->args[2].isnull = false;
		hook->args[3].value = ea->params;
		hook->args[3].isnull = false;
		if (flinfo.fn_strict && !ea->has_assignment)
			continue;			/* a strict hook with a NULL argument is not called */

		/*
		 * As the hook's owner; an error on the way restores the user and the
		 * GUCs with the (sub)transaction it aborts.
		 */
		GetUserIdAndSecContext(&save_userid, &save_sec_context);
		SetUserIdAndSecContext(owners[i], save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
							   SECURITY_RESTRICTED_OPERATION);
		save_nestlevel = NewGUCNestLevel();
		/*
		 * Not the engine's search_path (which names hotline) nor the
		 * caller's: a hook names what it uses, or pins its own path
		 */
		(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
		hotline_hook_depth++;
		PG_TRY();
		{
			(void) FunctionCallInvoke(hook);
		}
		PG_FINALLY();
		{
			hotline_hook_depth--;
		}
		PG_END_TRY();
		AtEOXact_GUC(false, save_nestlevel);
		SetUserIdAndSecContext(save_userid, save_sec_context);
	}
}

/* Parameter types of the effect statements: order, params, effect, assignment, workflow */
static Oid	effect_types[5] = {INT8OID, JSONBOID, JSONBOID, INT8OID, TEXTOID};

/*
 * EffectExec
 *		Run one effect statement with the standard five parameters.
 */
static uint64
EffectExec(EngineAction *ea, Datum effect, const char *sql, int expect)
{
	Datum		values[5];
	char		nulls[5] = {' ', ' ', ' ', ' ', ' '};

	values[0] = Int64GetDatum(ea->order_no);
	values[1] = ea->params;
	values[2] = effect;
	values[3] = Int64GetDatum(ea->assignment_id);
	if (!ea->has_assignment)
		nulls[3] = 'n';
	values[4] = CStringGetTextDatum(ea->workflow);
	return EngineExec(sql, 5, effect_types, values, nulls, expect);
}

/*
 * EffectValue
 *		The value of effect key in the action's effects, or (Datum) 0.
 *		Read in C from the jsonb (no query).
 */
static Datum
EffectValue(EngineAction *ea, const char *key)
{
	Jsonb	   *effects = DatumGetJsonbP(ea->effects);
	JsonbValue	v;

	if (getKeyJsonValueFromContainer(&effects->root, key, strlen(key), &v) == NULL)
		return (Datum) 0;
	return JsonbPGetDatum(JsonbValueToJsonb(&v));
}

/* The units a dispatch or pass-down names, with what is wrong with them */
#define UNITS_OF_DISPATCH \
	"WITH c AS (SELECT $2 ->> 'lead_unit' AS code, 'lead' AS role, 0::bigint AS n " \
	"           UNION ALL SELECT x, 'assist', k FROM jsonb_array_elements_text(" \
	"               coalesce($2 -> 'assist_units', '[]')) WITH ORDINALITY AS t(x, k)) "
#define UNITS_OF_PASS_DOWN \
	"WITH c AS (SELECT x AS code, 'sub' AS role, k AS n FROM hotline.assignment a, " \
	"           jsonb_array_elements_text(coalesce($2 -> 'sub_units', '[]')) WITH ORDINALITY AS t(x, k) " \
	"           WHERE a.id = $4) "

/*
 * CheckUnits
 *		Every unit a dispatch (or pass-down) names must exist, be active,
 *		be named once, not hold an open assignment of the order already,
 *		not be the accused unit of a complaint or report, and for a
 *		pass-down be a sub-unit of the passing unit.  An order has
 *		one lead unit at a time: a dispatch while the lead is still
 *		at work names it as lead (it keeps its assignment, the dispatch adds
 *		assisting units) and cannot name another.
 */
static void
CheckUnits(EngineAction *ea, Datum effect, bool pass_down)
{
	uint64		n;
	uint64		i;
	StringInfoData sql;

	initStringInfo(&sql);
	appendStringInfoString(&sql, pass_down ? UNITS_OF_PASS_DOWN : UNITS_OF_DISPATCH);
	appendStringInfoString(&sql,
						   "SELECT c.code, u.id IS NOT NULL, u.active, "
						   "       o.appeal_type IN ('complaint', 'report') AND o.accused_unit_id = u.id, "
						   "       EXISTS (SELECT 1 FROM hotline.assignment x WHERE x.order_no = o.order_no "
						   "               AND x.unit_id = u.id AND x.closed_at IS NULL), "
						   "       count(*) OVER (PARTITION BY c.code) > 1, "
						   "       u.parent_id IS NOT DISTINCT FROM (SELECT p.unit_id FROM hotline.assignment p WHERE p.id = $4), "
						   "       (SELECT string_agg(lu.code, ', ') FROM hotline.assignment l JOIN hotline.unit lu ON lu.id = l.unit_id "
						   "        WHERE $4 IS NULL AND c.role = 'lead' AND l.order_no = o.order_no AND l.parent_id IS NULL "
						   "          AND l.role = 'lead' AND l.closed_at IS NULL AND l.unit_id IS DISTINCT FROM u.id), "
						   "       $4 IS NULL AND c.role = 'lead' AND EXISTS (SELECT 1 FROM hotline.assignment l "
						   "        WHERE l.order_no = o.order_no AND l.unit_id = u.id AND l.parent_id IS NULL "
						   "          AND l.role = 'lead' AND l.closed_at IS NULL) "
						   "FROM c LEFT JOIN hotline.unit u ON u.code = c.code "
						   "CROSS JOIN hotline.work_order o WHERE o.order_no = " ORDER_NO_SQL " ORDER BY c.n");
	n = EffectExec(ea, effect, sql.data, SPI_OK_SELECT);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("action \"%s\" names no unit", ea->action),
				 errhint(pass_down ? "Pass sub_units => ARRAY['...']." : "Pass lead_unit => '...'.")));
	for (i = 0; i < n; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *code = SPI_getvalue(row, desc, 1);
		bool		isnull;

#define COL(k) DatumGetBool(SPI_getbinval(row, desc, (k), &isnull)) && !isnull
		if (code == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("action \"%s\" names a unit without a code", ea->action)));
		if (!(COL(2)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unit \"%s\" does not exist", code),
					 errhint("Units are rows of hotline.unit, named by their code.")));
		if (!(COL(3)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unit \"%s\" is not active", code),
					 errhint("Dispatch to the unit that took over its duties.")));
		if (COL(4))
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("a complaint or report cannot go to the unit it is about"),
					 errdetail("Unit \"%s\" is the accused unit of order %s (R-4.6).", code,
							   DatumGetCString(DirectFunctionCall1(order_no_out, Int64GetDatum(ea->order_no)))),
					 errhint("Dispatch it to the supervising department instead.")));
		if (!pass_down && i == 0 && SPI_getvalue(row, desc, 8) != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("order %s already has lead unit \"%s\"",
							DatumGetCString(DirectFunctionCall1(order_no_out, Int64GetDatum(ea->order_no))),
							SPI_getvalue(row, desc, 8)),
					 errdetail("An order has one lead unit at a time (R-4.4); it has not returned the order."),
					 errhint("Name \"%s\" as lead_unit to add assisting units, or wait for its return.",
							 SPI_getvalue(row, desc, 8))));
		if (COL(5) && !(COL(9)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unit \"%s\" already holds an open assignment of this order", code)));
		if (COL(6))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unit \"%s\" is named twice", code)));
		if (pass_down && !(COL(7)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unit \"%s\" is not a sub-unit of the unit passing the order down", code),
					 errdetail("An order can be passed down only to the passing unit's own sub-units (R-4.5)."),
					 errhint("Dispatch to other units through the hotline.")));
#undef COL
	}
}

/* the time limit an assignment effect names (NULL when it names none) */
#define ASSIGNMENT_LIMIT(key) \
	"CASE WHEN $3 ? '" key "' THEN " \
	"hotline.workflow_time_limit(o.workflow, $3 ->> '" key "', %s, o.urgency, o.appeal_type) END"

/*
 * EffectAssign
 *		Create the assignments of a dispatch (lead and assisting units,
 *		) or of a pass-down, with their deadlines on the
 *		unit's calendar.  A passed-down reply deadline never ends after the
 *		passing unit's own (it reviews the sub-units' replies before it
 *		replies, R-4.5): the sub-unit's limit is a maximum.  The limits are kept with them (sign_limit,
 *		reply_limit, counted from reply_from), so that a change of the
 *		calendar can compute the deadlines again.
 */
static void
EffectAssign(EngineAction *ea, Datum effect, bool pass_down)
{
	StringInfoData sql;
	const char *mode = pass_down ?
		"(SELECT p.dispatch_mode FROM hotline.assignment p WHERE p.id = $4)" :
		"$2 ->> 'dispatch_mode'";

	CheckUnits(ea, effect, pass_down);
	initStringInfo(&sql);
	appendStringInfoString(&sql, pass_down ? UNITS_OF_PASS_DOWN : UNITS_OF_DISPATCH);
	appendStringInfo(&sql,
					 "INSERT INTO hotline.assignment (order_no, unit_id, parent_id, role, state, dispatch_mode, "
					 "    opinion, dispatched_at, sign_limit, sign_due, reply_limit, reply_from, reply_due) "
					 "SELECT o.order_no, u.id, $4, c.role, $3 ->> 'state', %s, $2 ->> 'opinion', now(), "
					 "    l.sign_limit, hotline.deadline(u.calendar, now(), l.sign_limit), "
					 "    l.reply_limit, now(), least(hotline.deadline(u.calendar, now(), l.reply_limit), "
					 "        (SELECT p.reply_due FROM hotline.assignment p WHERE p.id = $4)) "
					 "FROM c JOIN hotline.unit u ON u.code = c.code "
					 "CROSS JOIN hotline.work_order o "
					 "CROSS JOIN LATERAL (SELECT " ASSIGNMENT_LIMIT("sign_deadline") " AS sign_limit, "
					 "    " ASSIGNMENT_LIMIT("reply_deadline") " AS reply_limit) l "
					 "WHERE o.order_no = " ORDER_NO_SQL " "
					 "  AND NOT EXISTS (SELECT 1 FROM hotline.assignment l WHERE l.order_no = o.order_no "
					 "      AND l.unit_id = u.id AND l.closed_at IS NULL AND l.parent_id IS NULL AND l.role = 'lead' "
					 "      AND $4 IS NULL AND c.role = 'lead') "
					 "ORDER BY c.n",
					 mode, mode, mode);
	EffectExec(ea, effect, sql.data, SPI_OK_INSERT);
	/* their alarms: reminders and hastenings of the workflow's time rules */
	if (ea->def->alarms)
		EffectExec(ea, effect, "SELECT hotline.alarm_assignments(" ORDER_NO_SQL ", NULL, NULL)", SPI_OK_SELECT);
}

/*
 * SetDueColumns
 *		Which due columns a set_due effect names (an object, or an array of
 *		objects, each with "column"); an unknown column is an error.
 */
static void
SetDueColumns(EngineAction *ea, Jsonb *effect, const char *const *columns, int ncolumns,
			  bool *named)
{
	JsonbIterator *it = JsonbIteratorInit(&effect->root);
	JsonbValue	v;
	JsonbIteratorToken tok;
	bool		is_object = JB_ROOT_IS_OBJECT(effect);

	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		JsonbValue	col;
		JsonbContainer *obj;
		char	   *name;
		int			k;
		bool		ok = false;

		if (is_object)
		{
			if (tok != WJB_BEGIN_OBJECT)
				continue;
			obj = &effect->root;
		}
		else
		{
			if (tok != WJB_ELEM || v.type != jbvBinary)
				continue;
			obj = v.val.binary.data;
		}
		if (getKeyJsonValueFromContainer(obj, "column", 6, &col) == NULL || col.type != jbvString)
			name = "(none)";
		else
			name = pnstrdup(col.val.string.val, col.val.string.len);
		for (k = 0; k < ncolumns; k++)
			if (strcmp(name, columns[k]) == 0)
				ok = named[k] = true;
		if (!ok)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("effect set_due of action \"%s\" names an unknown column: %s", ea->action, name),
					 errhint("Use dispatch_due, reply_due or callback_due.")));
		if (is_object)
			break;
	}
}

/*
 * EffectIsTrue
 *		Whether the action's effect key is JSON true (close_order, ...).
 */
static bool
EffectIsTrue(EngineAction *ea, const char *key)
{
	JsonbValue	v;

	return getKeyJsonValueFromContainer(&DatumGetJsonbP(ea->effects)->root, key, strlen(key), &v) != NULL &&
		v.type == jbvBool && v.val.boolean;
}

/* the limit of a redo (reopen_assignments), for the assignment a of order o */
#define REDO_LIMIT \
	"CASE WHEN $3 ? 'reply_deadline' THEN hotline.workflow_time_limit(o.workflow, $3 ->> 'reply_deadline', " \
	"a.dispatch_mode, o.urgency, o.appeal_type) END"

/*
 * ApplyEffects
 *		Apply the action's effects on assignments in a fixed order (R-14.2:
 *		the engine knows effects, the workflow chooses them).  What they do
 *		to the order itself is left to UpdateOrder, which writes it in one
 *		row version with the order's new state.
 */
static void
ApplyEffects(EngineAction *ea)
{
	Datum		e;

	if ((e = EffectValue(ea, "assign")) != (Datum) 0)
	{
		EffectAssign(ea, e, false);
		ea->order_reply_due = true;
	}
	if ((e = EffectValue(ea, "pass_down")) != (Datum) 0)
		EffectAssign(ea, e, true);
	if (!ea->stamp_done && (e = EffectValue(ea, "stamp")) != (Datum) 0)
	{
		char	   *col = DatumGetCString(DirectFunctionCall1(jsonb_out, e));

		if (strcmp(col, "\"signed_at\"") == 0)
			EffectExec(ea, e, "UPDATE hotline.assignment SET signed_at = now() WHERE id = $4", SPI_OK_UPDATE);
		else if (strcmp(col, "\"replied_at\"") == 0)
			EffectExec(ea, e, "UPDATE hotline.assignment SET replied_at = now() WHERE id = $4", SPI_OK_UPDATE);
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("effect stamp of action \"%s\" names an unknown column: %s", ea->action, col),
					 errhint("Use \"signed_at\" or \"replied_at\".")));
	}
	if (EffectIsTrue(ea, "close_assignment"))
	{
		if (!ea->close_done)
			EffectExec(ea, (Datum) 0, "UPDATE hotline.assignment SET closed_at = now() WHERE id = $4", SPI_OK_UPDATE);
		ea->order_reply_due = true;
	}
	if ((e = EffectValue(ea, "extend_due")) != (Datum) 0)
	{
		EffectExec(ea, e,
				   "SELECT ($2 ->> 'new_deadline')::timestamptz > greatest(a.reply_due, now()), a.reply_due "
				   "FROM hotline.assignment a WHERE a.id = $4", SPI_OK_SELECT);
		if (SPI_processed != 1 || !EngineBool(1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the new deadline must be later than the current one and than now"),
					 errdetail("The current deadline is %s.", SPI_processed == 1 && EngineText(2) ? EngineText(2) : "not set"),
					 errhint("Pass new_deadline => a later time, e.g. hotline.deadline('cn', now(), '5 working days').")));
		/* a deadline given as a date is kept as it is: no limit to count again */
		EffectExec(ea, e, "UPDATE hotline.assignment SET reply_due = ($2 ->> 'new_deadline')::timestamptz, "
				   "reply_limit = NULL WHERE id = $4",
				   SPI_OK_UPDATE);
		ea->order_reply_due = true;
	}
	if ((e = EffectValue(ea, "reopen_assignments")) != (Datum) 0)
	{
		EffectExec(ea, e,
				   "UPDATE hotline.assignment a SET state = $3 ->> 'state', closed_at = NULL, replied_at = NULL, "
				   "       updated_at = now(), "
				   "       reply_due = coalesce(hotline.deadline(u.calendar, now(), " REDO_LIMIT "), a.reply_due), "
				   "       reply_limit = coalesce(" REDO_LIMIT ", a.reply_limit), "
				   "       reply_from = CASE WHEN $3 ? 'reply_deadline' THEN now() ELSE a.reply_from END "
				   "FROM hotline.unit u, hotline.work_order o "
				   "WHERE a.order_no = " ORDER_NO_SQL " AND a.parent_id IS NULL AND u.id = a.unit_id "
				   "  AND o.order_no = a.order_no "
				   "  AND a.state = ANY (ARRAY(SELECT jsonb_array_elements_text($3 -> 'from_states')))",
				   SPI_OK_UPDATE);
		ea->order_reply_due = true;
	}
	if (!ea->opening && (e = EffectValue(ea, "set_due")) != (Datum) 0)
		SetDueColumns(ea, DatumGetJsonbP(e), due_columns, lengthof(due_columns), ea->set_due);
	if (EffectIsTrue(ea, "merge_into"))
	{
		if (EffectExec(ea, (Datum) 0,
					   "SELECT t.order_no::bigint <> $1, t.closed_at IS NULL AND t.merged_into IS NULL "
					   "FROM hotline.work_order t WHERE t.order_no = ($2 ->> 'into')::hotline.order_no "
					   "FOR NO KEY UPDATE", SPI_OK_SELECT) != 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("order to merge into does not exist"),
					 errhint("Pass into => the number of the order that carries the matter.")));
		if (!EngineBool(1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("an order cannot be merged into itself")));
		if (!EngineBool(2))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("the order to merge into is closed or merged itself"),
					 errhint("Merge into the order that still carries the matter.")));
		ea->merge = true;
	}
}

/*
 * UpdateOrder
 *		Write what the action does to the order in one UPDATE (one row
 *		version, one round of constraint checks): its new state (the
 *		action's, or an order_state effect's, or order_state_when_all's when
 *		all its top-level assignments are in the given states), the reply
 *		deadline as the latest of its open assignments' after they changed,
 *		the deadlines of set_due, closing, archiving and merging.  Sets
 *		ea->order_after to the order's state afterwards; runs nothing when
 *		the action changes nothing on the order.
 */
static void
UpdateOrder(EngineAction *ea, bool order_scope)
{
	StringInfoData sql;
	StringInfoData state;
	bool		any = false;
	int			k;
	Oid			types[4] = {INT8OID, JSONBOID, JSONBOID, TEXTOID};
	Datum		values[4];
	char		nulls[4] = {' ', ' ', ' ', ' '};

	initStringInfo(&sql);
	initStringInfo(&state);
	appendStringInfoString(&sql, "UPDATE hotline.work_order o SET updated_at = now()");

	/* the state */
	if (order_scope && ea->to_state != NULL)
		appendStringInfoString(&state, "$4");
	if (EffectValue(ea, "order_state") != (Datum) 0)
	{
		resetStringInfo(&state);
		appendStringInfoString(&state, "$3 ->> 'order_state'");
	}
	if (EffectValue(ea, "order_state_when_all") != (Datum) 0)
	{
		char	   *otherwise = state.len ? pstrdup(state.data) : "o.state";

		resetStringInfo(&state);
		appendStringInfo(&state,
						 "CASE WHEN NOT EXISTS (SELECT 1 FROM hotline.assignment a "
						 "  WHERE a.order_no = o.order_no AND a.parent_id IS NULL "
						 "    AND a.state <> ALL (ARRAY(SELECT jsonb_array_elements_text("
						 "        $3 -> 'order_state_when_all' -> 'assignment_states'))) "
						 "    AND a.state <> ALL (ARRAY(SELECT jsonb_array_elements_text("
						 "        coalesce($3 -> 'order_state_when_all' -> 'ignore_states', '[]'))))) "
						 "THEN $3 -> 'order_state_when_all' ->> 'order_state' ELSE %s END", otherwise);
	}
	if (state.len)
	{
		appendStringInfo(&sql, ", state = %s", state.data);
		any = true;
	}

	/*
	 * the deadlines: set_due wins over the assignments' latest reply
	 * deadline; each with its limit and start (NULL when cleared)
	 */
	for (k = 0; k < (int) lengthof(due_columns); k++)
		if (ea->set_due[k])
		{
			appendStringInfo(&sql, ", (%s_due, %s_limit, %s_from) = "
							 "(SELECT hotline.deadline(w.calendar, now(), l.l), l.l, CASE WHEN l.l IS NOT NULL THEN now() END "
							 "  FROM hotline.workflow w, "
							 "  LATERAL (SELECT " SET_DUE_LIMIT("o.workflow", "$2 ->> 'dispatch_mode'", "o.urgency",
															   "o.appeal_type", "$3") " AS l) l "
							 "  WHERE w.name = o.workflow)",
							 due_names[k], due_names[k], due_names[k], due_columns[k]);
			any = true;
		}
	if (ea->order_reply_due && !ea->set_due[1])
	{
		/* derived from the assignments: no limit of its own */
		appendStringInfoString(&sql, ", reply_due = (SELECT max(a.reply_due) FROM hotline.assignment a "
							   "    WHERE a.order_no = o.order_no AND a.closed_at IS NULL), "
							   "  reply_limit = NULL, reply_from = NULL");
		any = true;
	}

	/* closing, archiving, merging */
	if ((EffectIsTrue(ea, "close_order") && !ea->order_closed) || ea->merge)
	{
		appendStringInfoString(&sql, ", closed_at = now()");
		any = true;
	}
	if (EffectIsTrue(ea, "archive_order"))
	{
		appendStringInfoString(&sql, ", archived_at = now()");
		any = true;
	}
	if (ea->merge)
		appendStringInfoString(&sql, ", merged_into = ($2 ->> 'into')::hotline.order_no");

	if (!any)
		return;
	appendStringInfoString(&sql, " WHERE o.order_no = " ORDER_NO_SQL " RETURNING o.state");
	values[0] = Int64GetDatum(ea->order_no);
	values[1] = ea->params;
	values[2] = ea->effects;
	values[3] = ea->to_state ? CStringGetTextDatum(ea->to_state) : (Datum) 0;
	if (!ea->to_state)
		nulls[3] = 'n';
	EngineExec(sql.data, 4, types, values, nulls, SPI_OK_UPDATE_RETURNING);
	ea->order_after = pstrdup(EngineText(1));
}

/*
 * AppendEvent
 *		Append the action's event to the history.  When an action on
 *		an assignment moved the order, the payload says from which state to
 *		which.
 */
static void
AppendEvent(EngineAction *ea, const char *from_state, const char *to_state, bool on_assignment)
{
	Oid			types[10] = {INT8OID, INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, JSONBOID,
	TEXTOID, TEXTOID};
	Datum		values[10];
	char		nulls[10] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};

	values[0] = Int64GetDatum(ea->order_no);
	values[1] = Int64GetDatum(ea->assignment_id);
	if (!ea->has_assignment)
		nulls[1] = 'n';
	values[2] = CStringGetTextDatum(ea->actor);
	values[3] = CStringGetTextDatum(ea->role);
	values[4] = CStringGetTextDatum(ea->action);
	values[5] = from_state ? CStringGetTextDatum(from_state) : (Datum) 0;
	nulls[5] = from_state ? ' ' : 'n';
	values[6] = to_state ? CStringGetTextDatum(to_state) : (Datum) 0;
	nulls[6] = to_state ? ' ' : 'n';
	values[7] = ea->params;
	if (on_assignment && strcmp(ea->order_state, ea->order_after) != 0)
	{
		values[8] = CStringGetTextDatum(ea->order_state);
		values[9] = CStringGetTextDatum(ea->order_after);
	}
	else
		nulls[8] = nulls[9] = 'n';
	EngineExec("INSERT INTO hotline.order_event (order_no, assignment_id, actor, role, action, "
			   "                                 from_state, to_state, reason, payload) "
			   "VALUES (" ORDER_NO_SQL ", $2, $3, $4, $5, $6, $7, $8 ->> 'reason', "
			   "        CASE WHEN $9 IS NULL THEN $8 "
			   "             ELSE $8 || jsonb_build_object('order_from', $9, 'order_to', $10) END)",
			   10, types, values, nulls, SPI_OK_INSERT);
}

/*
 * AppendMergedIn
 *		The order merged into gets an event "merged_in" naming the merged
 *		order (after the merged order's own event).
 */
static void
AppendMergedIn(EngineAction *ea)
{
	Oid			types[4] = {INT8OID, TEXTOID, TEXTOID, JSONBOID};
	Datum		values[4];

	values[0] = Int64GetDatum(ea->order_no);
	values[1] = CStringGetTextDatum(ea->actor);
	values[2] = CStringGetTextDatum(ea->role);
	values[3] = ea->params;
	EngineExec("INSERT INTO hotline.order_event (order_no, actor, role, action, payload) "
			   "VALUES (($4 ->> 'into')::hotline.order_no, $2, $3, 'merged_in', "
			   "        jsonb_build_object('from', " ORDER_NO_SQL "::text))",
			   4, types, values, NULL, SPI_OK_INSERT);
}

/*
 * Escalate
 *		Run the workflow's escalation rules of the action (emergencies,
 *		repeats, bad handling) after its event, through
 *		hotline.escalate_on_action(order_no, assignment_id, action, params).
 */
static void
Escalate(EngineAction *ea)
{
	Oid			types[4] = {INT8OID, INT8OID, TEXTOID, JSONBOID};
	Datum		values[4];
	char		nulls[4] = {' ', ' ', ' ', ' '};

	if (!ea->def->escalate)
		return;
	values[0] = Int64GetDatum(ea->order_no);
	values[1] = Int64GetDatum(ea->assignment_id);
	if (!ea->has_assignment)
		nulls[1] = 'n';
	values[2] = CStringGetTextDatum(ea->action);
	values[3] = ea->params;
	EngineExec("SELECT hotline.escalate_on_action(" ORDER_NO_SQL ", $2, $3, $4)",
			   4, types, values, nulls, SPI_OK_SELECT);
}

/*
 * RunAction
 *		Check, apply and record an action on a locked order.  Returns the
 *		order's state afterwards.
 */
static char *
RunAction(EngineAction *ea)
{
	bool		on_assignment = strcmp(ea->scope, "assignment") == 0;

	CheckAction(ea);
	CallHooks(ea, "before");

	if (on_assignment && ea->to_state != NULL)
	{
		/* the state, and a stamp or the closing, in one row version */
		Oid			types[2] = {TEXTOID, INT8OID};
		Datum		values[2];
		Datum		st = EffectValue(ea, "stamp");
		char	   *stamp = st ? DatumGetCString(DirectFunctionCall1(jsonb_out, st)) : "";
		StringInfoData sql;

		values[0] = CStringGetTextDatum(ea->to_state);
		values[1] = Int64GetDatum(ea->assignment_id);
		initStringInfo(&sql);
		appendStringInfoString(&sql, "UPDATE hotline.assignment SET state = $1, updated_at = now()");
		if (strcmp(stamp, "\"signed_at\"") == 0 || strcmp(stamp, "\"replied_at\"") == 0)
		{
			appendStringInfo(&sql, ", %.*s = now()", (int) strlen(stamp) - 2, stamp + 1);
			ea->stamp_done = true;
		}
		if (EffectIsTrue(ea, "close_assignment"))
		{
			appendStringInfoString(&sql, ", closed_at = now()");
			ea->close_done = true;
		}
		appendStringInfoString(&sql, " WHERE id = $2");
		EngineExec(sql.data, 2, types, values, NULL, SPI_OK_UPDATE);
	}
	ApplyEffects(ea);
	UpdateOrder(ea, !on_assignment);

	AppendEvent(ea, ea->from_state, ea->to_state ? ea->to_state : ea->from_state, on_assignment);
	if (ea->merge)
		AppendMergedIn(ea);
	Escalate(ea);
	CallHooks(ea, "after");
	return ea->order_after;
}

/*
 * EngineBegin
 *		Enter the engine: check that the tables are those of this library's
 *		version, connect to SPI.  The callers raise
 *		hotline_engine_depth (the flag the state guard reads) inside a
 *		PG_TRY whose PG_FINALLY lowers it again on every path.
 */
static void
EngineBegin(void)
{
	HotlineCheckVersion();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

/*
 * ArgText
 *		Text argument n as a C string; NULL arguments are an error naming it.
 */
static char *
ArgText(FunctionCallInfo fcinfo, int n, const char *name)
{
	if (PG_ARGISNULL(n))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", name)));
	return text_to_cstring(PG_GETARG_TEXT_PP(n));
}

/*
 * ArgParams
 *		The params argument: a JSON object ('{}' when NULL).
 */
static Datum
ArgParams(FunctionCallInfo fcinfo, int n)
{
	Datum		params;

	if (PG_ARGISNULL(n))
		return DirectFunctionCall1(jsonb_in, CStringGetDatum("{}"));
	params = PG_GETARG_DATUM(n);
	if (!JB_ROOT_IS_OBJECT(DatumGetJsonbP(params)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("params must be a JSON object"),
				 errhint("Pass the action's parameters as an object, e.g. '{\"reason\": \"...\"}', or use the action's function.")));
	return params;
}

/*
 * hotline_apply_action
 *		SQL: hotline.apply_action(order_no, action, actor, actor_role,
 *		params, assignment_id) -> the order's state, and
 *		hotline.apply_action_result(...) -> hotline.action_result: the new
 *		state of what the action acted on (the assignment, or the order) and
 *		the order's.  One function: the SQL declaration's result type says
 *		which is returned.
 *
 * Locks the order (and the assignment) so that concurrent actions on one
 * order apply one after the other, each seeing the state the previous one
 * left: two dispatchers, a sign-for racing a re-dispatch, two units replying
 * at once.  Every action locks the order before anything else of it, so
 * the locks are always taken in the same order.  A failing action changes
 * nothing: the error aborts the caller's statement with everything the
 * action did.
 */
Datum
hotline_apply_action(PG_FUNCTION_ARGS)
{
	EngineAction ea;
	Oid			types[2] = {INT8OID, INT8OID};
	Datum		values[2];
	char	   *result = NULL;
	char	   *acted = NULL;
	TupleDesc	tupdesc;
	MemoryContext caller = CurrentMemoryContext;

	memset(&ea, 0, sizeof(ea));
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("order_no must not be null")));
	ea.order_no = PG_GETARG_INT64(0);
	ea.action = ArgText(fcinfo, 1, "action");
	ea.actor = ArgText(fcinfo, 2, "actor");
	ea.role = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));
	ea.params = ArgParams(fcinfo, 4);
	ea.has_assignment = !PG_ARGISNULL(5);
	ea.assignment_id = ea.has_assignment ? PG_GETARG_INT64(5) : 0;

	EngineBegin();
	hotline_engine_depth++;
	PG_TRY();
	{
		char	   *assignment_state = NULL;

		/*
		 * See workflow definitions another session changed since the last
		 * statement (the order's lock may be held already: no new lock, no
		 * invalidations processed)
		 */
		AcceptInvalidationMessages();
		values[0] = Int64GetDatum(ea.order_no);
		values[1] = Int64GetDatum(ea.assignment_id);
		/* the order and the assignment in one statement, the order first */
		if (ea.has_assignment &&
			EngineExec("SELECT o.workflow, o.state, a.state "
					   "FROM hotline.work_order o JOIN hotline.assignment a "
					   "  ON a.order_no = o.order_no AND a.id = $2 "
					   "WHERE o.order_no = " ORDER_NO_SQL " FOR NO KEY UPDATE",
					   2, types, values, NULL, SPI_OK_SELECT) == 1)
			assignment_state = pstrdup(EngineText(3));
		else if (EngineExec("SELECT workflow, state FROM hotline.work_order "
							"WHERE order_no = " ORDER_NO_SQL " FOR NO KEY UPDATE",
							1, types, values, NULL, SPI_OK_SELECT) != 1)
			ereport(ERROR,
					(errcode(ERRCODE_NO_DATA_FOUND),
					 errmsg("work order %s does not exist",
							DatumGetCString(DirectFunctionCall1(order_no_out, Int64GetDatum(ea.order_no)))),
					 errhint("Check the number: it reads region-date-sequence, e.g. 110101-20261123-000042.")));
		ea.workflow = pstrdup(EngineText(1));
		ea.from_state = pstrdup(EngineText(2));
		ea.order_state = ea.from_state;
		ea.order_after = ea.order_state;
		LoadAction(&ea);

		if (strcmp(ea.scope, "assignment") == 0)
		{
			if (!ea.has_assignment)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("action \"%s\" is done on an assignment", ea.action),
						 errhint("Pass assignment_id, or name the unit in the action's function.")));
			if (assignment_state == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("assignment %lld is not an assignment of this order", (long long) ea.assignment_id),
						 errhint("List the order's assignments in hotline.assignment.")));
			ea.from_state = assignment_state;
		}
		else
			ea.has_assignment = false;

		result = MemoryContextStrdup(caller, RunAction(&ea));
		acted = strcmp(ea.scope, "assignment") == 0 ?
			MemoryContextStrdup(caller, ea.to_state ? ea.to_state : ea.from_state) : result;
	}
	PG_FINALLY();
	{
		hotline_engine_depth--;
	}
	PG_END_TRY();
	SPI_finish();
	if (get_call_result_type(fcinfo, NULL, &tupdesc) == TYPEFUNC_COMPOSITE)
	{
		Datum		fields[2];
		bool		nulls[2] = {false, false};

		/* (state, order_state): the acted-on object's, the order's */
		fields[0] = CStringGetTextDatum(acted);
		fields[1] = CStringGetTextDatum(result);
		tupdesc = BlessTupleDesc(tupdesc);
		PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, fields, nulls)));
	}
	PG_RETURN_TEXT_P(cstring_to_text(result));
}

/* the limit of a deadline an opening action sets, from its parameters */
#define OPENING_LIMIT \
	SET_DUE_LIMIT("$2", "$1 ->> 'dispatch_mode'", "coalesce(($1 ->> 'urgency')::hotline.urgency, 'normal')", \
				  "($1 ->> 'appeal_type')::hotline.appeal_type", "$5")

/*
 * hotline_open_order
 *		SQL: hotline.open_order(workflow, action, actor, actor_role, params)
 *		-> the new order's number.  The action starts from the pseudo-state
 *		"new": acceptance, a refusal to accept, a direct answer.
 */
Datum
hotline_open_order(PG_FUNCTION_ARGS)
{
	static const char *const needed[] = {"region", "appeal_type", "channel", "description"};
	EngineAction ea;
	Oid			types[5] = {JSONBOID, TEXTOID, TEXTOID, TEXTOID, JSONBOID};
	Datum		values[5];
	StringInfoData missing;
	StringInfoData more_cols;
	StringInfoData more_vals;
	StringInfoData limits;
	char	   *sql;
	int			k;

	memset(&ea, 0, sizeof(ea));
	ea.workflow = ArgText(fcinfo, 0, "workflow");
	ea.action = ArgText(fcinfo, 1, "action");
	ea.actor = ArgText(fcinfo, 2, "actor");
	ea.role = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));
	ea.params = ArgParams(fcinfo, 4);
	ea.from_state = "new";
	ea.opening = true;

	EngineBegin();
	hotline_engine_depth++;
	PG_TRY();
	{
		bool		isnull;

		/* see workflow definitions another session changed */
		AcceptInvalidationMessages();
		LoadAction(&ea);
		if (strcmp(ea.scope, "order") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("action \"%s\" is done on an assignment, not on a new order", ea.action)));

		/*
		 * The intake's parameters in the hotline's own words: each bad one
		 * named with a valid example, before anything is written
		 * (hotline.check_intake); it returns them as the order takes them
		 * (an emergency is very urgent, R-2.3).
		 */
		{
			Oid			t1[1] = {JSONBOID};
			Datum		v1[1];
			bool		isnull;

			v1[0] = ea.params;
			EngineExec("SELECT hotline.check_intake($1)", 1, t1, v1, NULL, SPI_OK_SELECT);
			ea.params = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
			if (isnull)
				elog(ERROR, "hotline.check_intake returned NULL");
			ea.params = datumCopy(ea.params, false, -1);
		}
		CheckAction(&ea);

		initStringInfo(&missing);
		for (k = 0; k < (int) lengthof(needed); k++)
			if (!ParamGiven(ea.params, needed[k], false))
				appendStringInfo(&missing, "%s%s", missing.len ? ", " : "", needed[k]);
		if (missing.len > 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a new work order needs %s", missing.data),
					 errdetail("Every order records where (region), what kind (appeal_type), how it came (channel) and what happened (description) (R-1.3, R-1.4, R-1.5)."),
					 errhint("Pass them as named arguments.")));

		/*
		 * The order, with the citizen found again by phone, and
		 * with the deadlines (set_due) and the closing (close_order) of the
		 * opening action: one row version.
		 */
		{
			Datum		e = EffectValue(&ea, "set_due");

			if (e != (Datum) 0)
				SetDueColumns(&ea, DatumGetJsonbP(e), due_columns, lengthof(due_columns), ea.set_due);
		}
		initStringInfo(&more_cols);
		initStringInfo(&more_vals);
		initStringInfo(&limits);
		appendStringInfoString(&limits, "lim AS (SELECT w.calendar");
		for (k = 0; k < (int) lengthof(due_columns); k++)
		{
			if (ea.set_due[k])
			{
				/* the deadline counted from now on the workflow's calendar, its limit, its start */
				appendStringInfo(&limits, ", " OPENING_LIMIT " AS %s", due_columns[k], due_names[k]);
				appendStringInfo(&more_cols, ", %s_due, %s_limit, %s_from", due_names[k], due_names[k], due_names[k]);
				appendStringInfo(&more_vals, ", hotline.deadline(lim.calendar, now(), lim.%s), lim.%s, "
								 "CASE WHEN lim.%s IS NOT NULL THEN now() END",
								 due_names[k], due_names[k], due_names[k]);
			}
			ea.set_due[k] = false;	/* done here, not by UpdateOrder */
		}
		appendStringInfoString(&limits, " FROM hotline.workflow w WHERE w.name = $2), ");
		if (EffectIsTrue(&ea, "close_order"))
		{
			appendStringInfoString(&more_cols, ", closed_at");
			appendStringInfoString(&more_vals, ", now()");
			ea.order_closed = true;
		}
		values[0] = ea.params;
		values[1] = CStringGetTextDatum(ea.workflow);
		values[2] = CStringGetTextDatum(ea.to_state ? ea.to_state : "new");
		values[3] = CStringGetTextDatum(ea.actor);
		values[4] = ea.effects;
		sql = psprintf("WITH %s c AS (INSERT INTO hotline.citizen (phone, name) "
				   "           SELECT hotline.normalize_phone($1 ->> 'citizen_phone', $1 ->> 'area_code'), $1 ->> 'citizen_name' "
				   "           WHERE coalesce($1 ->> 'citizen_phone', '') <> '' "
				   "           ON CONFLICT (region, phone) DO UPDATE SET name = coalesce(EXCLUDED.name, citizen.name) "
				   "           RETURNING id) "
				   "INSERT INTO hotline.work_order (order_no, region, workflow, state, citizen_id, contact_name, "
				   "    confidential, appeal_type, topic_id, urgency, channel, source_hotline, occurred_at, "
				   "    address, longitude, latitude, description, demand, accused_unit_id, emergency_kind, emergency_referral, "
				   "    accepted_at, accepted_by%s) "
				   "SELECT hotline.next_order_no($1 ->> 'region'), $1 ->> 'region', $2, $3, (SELECT id FROM c), "
				   "    $1 ->> 'citizen_name', coalesce(($1 ->> 'confidential')::boolean, false), "
				   "    ($1 ->> 'appeal_type')::hotline.appeal_type, "
				   "    (SELECT t.id FROM hotline.topic t WHERE t.code = $1 ->> 'topic'), "
				   "    coalesce(($1 ->> 'urgency')::hotline.urgency, 'normal'), ($1 ->> 'channel')::hotline.channel, "
				   "    coalesce($1 ->> 'source_hotline', '12345'), ($1 ->> 'occurred_at')::timestamptz, "
				   "    $1 ->> 'address', ($1 ->> 'longitude')::float8, ($1 ->> 'latitude')::float8, "
				   "    $1 ->> 'description', $1 ->> 'demand', "
				   "    (SELECT u.id FROM hotline.unit u WHERE u.code = $1 ->> 'accused_unit'), "
				   "    ($1 ->> 'emergency')::hotline.emergency_kind, $1 ->> 'emergency_referral', now(), $4%s "
				   "FROM lim "
				   "RETURNING order_no::bigint, CASE WHEN topic_id IS NULL THEN $1 ->> 'topic' END, "
				   "    CASE WHEN accused_unit_id IS NULL THEN $1 ->> 'accused_unit' END",
				   limits.data, more_cols.data, more_vals.data);
		EngineExec(sql, 5, types, values, NULL, SPI_OK_INSERT_RETURNING);
		ea.order_no = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		/* topic and accused unit by code (the error undoes the insert) */
		if (EngineText(2) != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("topic \"%s\" does not exist", EngineText(2)),
					 errhint("Topics are rows of hotline.topic, named by their code.")));
		if (EngineText(3) != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("accused unit \"%s\" does not exist", EngineText(3)),
					 errhint("Units are rows of hotline.unit, named by their code.")));
		ea.order_state = ea.order_after = ea.to_state ? ea.to_state : "new";

		CallHooks(&ea, "before");
		ApplyEffects(&ea);
		UpdateOrder(&ea, false);
		/* the alarms of the deadlines set with the order (no trigger fires on INSERT) */
		if (ea.def->order_alarms && more_cols.len > 0)
		{
			Oid			t1[1] = {INT8OID};
			Datum		v1[1];

			v1[0] = Int64GetDatum(ea.order_no);
			EngineExec("SELECT hotline.alarm_order(" ORDER_NO_SQL ")", 1, t1, v1, NULL, SPI_OK_SELECT);
		}

		/*
		 * The citizen is linked to the order; the history, which is never
		 * deleted, does not copy the phone number or name.
		 */
		{
			Datum		keys[3];

			keys[0] = CStringGetTextDatum("citizen_phone");
			keys[1] = CStringGetTextDatum("citizen_name");
			keys[2] = CStringGetTextDatum("area_code");
			ea.params = DirectFunctionCall2(jsonb_delete_array, ea.params,
											PointerGetDatum(construct_array(keys, 3, TEXTOID, -1, false,
																			TYPALIGN_INT)));
		}
		AppendEvent(&ea, "new", ea.to_state, false);
		Escalate(&ea);
		CallHooks(&ea, "after");
	}
	PG_FINALLY();
	{
		hotline_engine_depth--;
	}
	PG_END_TRY();
	SPI_finish();
	PG_RETURN_INT64(ea.order_no);
}
