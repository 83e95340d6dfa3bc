/*-------------------------------------------------------------------------
 *
 * engine.c
 *	  The workflow engine of work orders (R-1.6, R-14.2).
 *
 * One entry point (hotline.apply_action) applies a workflow action to an
 * order (and one of its assignments) under a row lock: it checks the action
 * against the workflow's states, roles and parameters, calls the before
 * hooks, sets the new state, applies the action's effects (a fixed
 * vocabulary of generic effects: assignments, deadlines on the calendar,
 * closing, merging, moving the order when all its assignments reach a
 * state), appends the event and calls the after hooks.  hotline.open_order
 * does the same for actions that create an order.  Nothing here knows the
 * 12345 process: that is data (workflows/12345_appeal/12345_appeal.sql).
 *
 * Speed: an action's definition comes from a per-backend cache (no query
 * to check it), the order is locked with its assignment in one statement,
 * and everything the action does to the order is one UPDATE (one row
 * version): an action on an order is three statements (lock, update,
 * event), one on an assignment four.  The statements an action's
 * definition determines are composed and prepared at its first use and
 * kept with the cached definition (KeepPlan, freed with it); the fixed
 * ones are prepared once per backend (EnginePlanFor); both are generic
 * plans, made once (HotlinePrepare), never planned again per call.  Time limits are
 * chosen in C from a per-backend copy of the workflow's limits
 * (hotline_workflow_time_limit).
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
#include "utils/json.h"
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
#include "access/genam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "executor/tuptable.h"
#include "nodes/makefuncs.h"
#include "tcop/utility.h"
#include "utils/snapmgr.h"
#include "parser/parse_coerce.h"
#include "parser/parse_func.h"
#include "utils/fmgroids.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_guard_state);
PG_FUNCTION_INFO_V1(hotline_creating_extension);
PG_FUNCTION_INFO_V1(hotline_apply_action);
PG_FUNCTION_INFO_V1(hotline_apply_unit_action);
PG_FUNCTION_INFO_V1(hotline_unit_assignment);
PG_FUNCTION_INFO_V1(hotline_open_order);
PG_FUNCTION_INFO_V1(hotline_workflow_invalidate);
PG_FUNCTION_INFO_V1(hotline_workflow_time_limit);
PG_FUNCTION_INFO_V1(hotline_workflow_limit_values);
PG_FUNCTION_INFO_V1(hotline_record_event);
PG_FUNCTION_INFO_V1(hotline_alarms_wanted);

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
 * While the engine writes an action's assignments and order (ApplyEffects,
 * UpdateOrder), the order it acts on and which of its deadlines' alarms
 * its workflow has no time rules for (ALARMS_OFF_*), at the engine depth
 * that set them; hotline_alarms_wanted reads them.  0 bits: nothing off.
 */
#define ALARMS_OFF_ORDER		0x01	/* no rule on the order's deadlines, or
										 * the engine computes their alarms
										 * itself (UpdateOrder) */
#define ALARMS_OFF_ASSIGNMENTS	0x02	/* no rule on the assignments' */
static int	alarms_off = 0;
static int	alarms_off_depth = 0;
static int64 alarms_off_order = 0;

/*
 * hotline_alarms_wanted
 *		SQL: hotline.alarms_wanted(order_no, on_assignments): false only
 *		while the engine itself writes the deadlines of that order in an
 *		action whose workflow has no time rule (remind, hasten) on them
 *		(the definition's flags, cached and invalidated with the rules), so
 *		that the alarm triggers' WHEN clause skips a computation that
 *		finds nothing; true for everybody else (a hook, a bare UPDATE).
 */
Datum
hotline_alarms_wanted(PG_FUNCTION_ARGS)
{
	int			bit = PG_GETARG_BOOL(1) ? ALARMS_OFF_ASSIGNMENTS : ALARMS_OFF_ORDER;

	PG_RETURN_BOOL(!((alarms_off & bit) != 0 && alarms_off_depth == hotline_engine_depth &&
					 hotline_engine_depth > hotline_hook_depth &&
					 alarms_off_order == PG_GETARG_INT64(0)));
}

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
	char	   *actor_name;		/* the staff member's name (NULL: none) */
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
	List	   *set_due;		/* set_due: the order's deadlines it sets (column names) */
	bool		set_due_array;	/* set_due is an array (else one object) */
	bool		merge;			/* merge_into */
	bool		order_closed;	/* close_order done with the order's INSERT */
	bool		opening;		/* open_order: set_due done with the INSERT */
	int64		assignment_unit;	/* the unit of the assignment acted on */
	Oid			caller;			/* the role that called the entry point */
	bool		trusted;		/* it has the privileges of the engine's
								 * owner: it names its role and actor */
} EngineAction;

#define ORDER_NO_SQL	"$1::pg_catalog.int8::hotline.order_no"

/*
 * The alarms of a new order's or new assignments' deadlines
 * (hotline.alarm_rows) written in the statement that creates them: as
 * hotline.alarm_compute writes the alarms of objects that have none (an
 * alarm already there is kept).
 */
#define ALARM_INSERT \
	"INSERT INTO hotline.alarm (order_no, assignment_id, rule, kind, due_at, fire_at) "
#define ALARM_INSERT_END "ON CONFLICT (order_no, assignment_id, rule) DO NOTHING"

/*
 * The time limit of deadline (an expression of a deadline's name) for the
 * attributes (a jsonb expression: the action's parameters over the order
 * row, and over the assignment for an assignment's deadline): the most
 * specific row of the workflow's limits (hotline.workflow_time_limit).
 */
#define LIMIT_OF(workflow, deadline, attributes) \
	"hotline.workflow_time_limit(" workflow ", " deadline ", " attributes ")"

/*
 * SetDueElement
 *		The jsonb expression of the k-th object of the action's set_due
 *		(in parameter effects_param), as a string for a statement.
 */
static char *
SetDueElement(EngineAction *ea, int k, const char *effects_param)
{
	return ea->set_due_array ? psprintf("(%s -> 'set_due' -> %d)", effects_param, k) :
		psprintf("(%s -> 'set_due')", effects_param);
}

/*
 * SetDueObject
 *		The k-th object of the action's set_due (an object, or an array of
 *		them), NULL when there is none.
 */
static JsonbContainer *
SetDueObject(EngineAction *ea, int k)
{
	JsonbValue	set_due;
	JsonbContainer *obj;

	if (getKeyJsonValueFromContainer(&DatumGetJsonbP(ea->effects)->root, "set_due", 7, &set_due) == NULL ||
		set_due.type != jbvBinary)
		return NULL;
	obj = set_due.val.binary.data;
	if (ea->set_due_array)
	{
		JsonbValue *elem = getIthJsonbValueFromContainer(obj, k);

		if (elem == NULL || elem->type != jbvBinary)
			return NULL;
		obj = elem->val.binary.data;
	}
	return obj;
}

/*
 * SetDueClears
 *		Whether the k-th object of the action's set_due clears its deadline
 *		("deadline": null), read from the definition in C: then the
 *		statement sets the three columns to NULL, without a limit to look up.
 */
static bool
SetDueClears(EngineAction *ea, int k)
{
	JsonbContainer *obj = SetDueObject(ea, k);
	JsonbValue	deadline;

	return obj == NULL || getKeyJsonValueFromContainer(obj, "deadline", 8, &deadline) == NULL ||
		deadline.type == jbvNull;
}

/*
 * DueBase
 *		The <name> of a set_due column <name>_due (checked to end so).
 */
static char *
DueBase(const char *column)
{
	return pnstrdup(column, strlen(column) - 4);
}

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
 * HotlinePrepare
 *		Prepare a statement of the engine (or of the intake, order numbers)
 *		and keep its plan (the caller remembers it).  The plan is generic,
 *		made once: every such statement finds its rows by keys, so the
 *		parameters' values never change the best plan, while the plan cache's default would plan the statements
 *		with jsonb parameters again at every execution (their generic cost
 *		estimate looks worse than a custom plan's), a third of a dispatch's
 *		time (issue 9).
 */
SPIPlanPtr
HotlinePrepare(const char *sql, int nargs, Oid *types)
{
	SPIPlanPtr	plan = SPI_prepare_cursor(sql, nargs, types, CURSOR_OPT_GENERIC_PLAN);

	if (plan == NULL)
		elog(ERROR, "hotline: SPI_prepare failed (%s) for: %s",
			 SPI_result_code_string(SPI_result), sql);
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "hotline: SPI_keepplan failed");
	return plan;
}

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

	plan = HotlinePrepare(sql, nargs, types);
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
static uint64 PlanExec(SPIPlanPtr plan, Datum *values, const char *nulls, int expect);

static uint64
EngineExec(const char *sql, int nargs, Oid *types, Datum *values, const char *nulls, int expect)
{
	return PlanExec(EnginePlanFor(sql, nargs, types), values, nulls, expect);
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

/*
 * The statements of an action that its definition determines, prepared at
 * their first use and kept with the cached definition (freed with it)
 */
typedef enum ActionPlanSlot
{
	PLAN_ASSIGN,				/* EffectAssign of assign */
	PLAN_PASS_DOWN,				/* EffectAssign of pass_down */
	PLAN_STAMP,					/* a stamp without a change of state */
	PLAN_STATE,					/* the assignment's new state (with stamp, closing) */
	PLAN_ORDER,					/* UpdateOrder */
	PLAN_REOPEN,				/* reopen_assignments */
	NUM_ACTION_PLANS
} ActionPlanSlot;

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
	FmgrInfo   *hook_fns[2];	/* their call information, kept with the
								 * definition (a function's change resets it) */
	bool	   *hook_paths[2];	/* each pins its own search_path (SET) */
	bool		escalate;		/* escalation rules run after it */
	bool		alarms;			/* the workflow has time rules on assignments */
	bool		order_alarms;	/* ... and on the order's own deadlines */
	Jsonb	   *options;		/* the workflow's options (WorkflowOptionsCheck) */
	char	   *calendar;		/* the workflow's calendar (its deadlines') */
	char	   *one_open_role;	/* option one_open_role (NULL: none) */
	char	   *exclude_unit_col;	/* option exclude_unit's unit_column and */
	char	   *exclude_when_col;	/* when_column (NULL: none) */
	bool		limit_columns_read; /* limit_columns is read */
	List	   *limit_columns[2];	/* the columns of the order, of an
									 * assignment, that the limits are chosen
									 * by (AttributeColumns) */
	bool		kept;			/* in the cache: its plans are kept with it */
	bool		order_noop;		/* UpdateOrder has nothing to write */
	bool		order_due_alarms;	/* UpdateOrder's kept statement returns
									 * the deadlines it moved, whose alarms
									 * the engine computes */
	SPIPlanPtr	plans[NUM_ACTION_PLANS];	/* by ActionPlanSlot; NULL until first used */
} ActionDef;

static MemoryContext WorkflowCacheContext = NULL;
static HTAB *WorkflowCache = NULL;
/*
 * The invalidation state of the cache (cache_inval.c); the tables may be
 * gone after an invalidation (DROP EXTENSION): their OIDs are looked up
 * again
 */
static HotlineInvalCache WorkflowInval = {
	.ntables = 5,
	.tables = {"workflow", "workflow_action", "workflow_hook", "workflow_escalation", "workflow_limit"},
	.forget_relids = true
};

/*
 * WorkflowSyscacheCallback
 *		A function or a role changed (or was dropped): the hooks of the
 *		cached definitions may point at it, so read them again (and check
 *		them again, ReadActionDef).
 */
static void
WorkflowSyscacheCallback(Datum arg, int cacheid, uint32 hashvalue)
{
	HotlineInvalMarkStale(&WorkflowInval);
}

/*
 * HotlineEngineInit
 *		Register the invalidation callbacks; called once from _PG_init.
 */
void
HotlineEngineInit(void)
{
	HotlineInvalRegister(&WorkflowInval);
	CacheRegisterSyscacheCallback(PROCOID, WorkflowSyscacheCallback, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHOID, WorkflowSyscacheCallback, (Datum) 0);
}

/*
 * hotline_workflow_invalidate
 *		Statement trigger on the workflow tables: tell every backend
 *		(this one included, from its next command) that they changed.
 */
Datum
hotline_workflow_invalidate(PG_FUNCTION_ARGS)
{
	return HotlineInvalTrigger(&WorkflowInval, fcinfo, "hotline_workflow_invalidate");
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
	HotlineInvalLookup(&WorkflowInval);
	if (WorkflowCache != NULL && !WorkflowInval.stale)
		return true;
	if (hotline_engine_depth > 1)
		return false;
	if (WorkflowCache != NULL)
	{
		/* the plans kept with the definitions go with them */
		HASH_SEQ_STATUS status;
		ActionDef  *def;
		int			k;

		hash_seq_init(&status, WorkflowCache);
		while ((def = hash_seq_search(&status)) != NULL)
			for (k = 0; k < NUM_ACTION_PLANS; k++)
				if (def->plans[k] != NULL)
				{
					SPI_freeplan(def->plans[k]);
					def->plans[k] = NULL;
				}
		WorkflowCache = NULL;
	}
	WorkflowInval.stale = false;
	WorkflowCache = HotlineCacheHash(&WorkflowCacheContext, "hotline workflow cache", ACTION_KEY_MAX,
									 sizeof(ActionDef));
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
 *		Returns whether the function pins its own search_path (SET).
 */
static bool
CheckHook(const char *workflow, const char *action, Oid fn)
{
	HeapTuple	tp = SearchSysCache1(PROCOID, ObjectIdGetDatum(fn));
	Form_pg_proc proc;
	Oid			order_no_type;
	bool		ok;
	bool		pins_path = false;
	bool		isnull;
	Datum		config;

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
	config = SysCacheGetAttr(PROCOID, tp, Anum_pg_proc_proconfig, &isnull);
	if (!isnull)
	{
		Datum	   *items;
		bool	   *item_nulls;
		int			nitems;
		int			j;

		deconstruct_array(DatumGetArrayTypeP(config), TEXTOID, -1, false, TYPALIGN_INT,
						  &items, &item_nulls, &nitems);
		for (j = 0; j < nitems; j++)
			if (!item_nulls[j] && strncmp(TextDatumGetCString(items[j]), "search_path=", 12) == 0)
				pins_path = true;
	}
	ReleaseSysCache(tp);
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_FUNCTION_DEFINITION),
				 errmsg("hook %s of action \"%s\" of workflow \"%s\" has the wrong signature",
						format_procedure(fn), action, workflow),
				 errhint("A hook is declared as fn(hotline.order_no, bigint, text, jsonb) RETURNS void.")));
	return pins_path;
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
				   "               AND r.kind IN ('remind', 'hasten') AND hotline.due_table(r.due) = 'assignment'), "
				   "       EXISTS (SELECT 1 FROM hotline.escalation_rule r WHERE r.workflow = a.workflow "
				   "               AND r.kind IN ('remind', 'hasten') AND hotline.due_table(r.due) = 'work_order'), "
				   "       w.options, w.calendar "
				   "FROM hotline.workflow_action a JOIN hotline.workflow w ON w.name = a.workflow "
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
		def->hook_fns[i] = MemoryContextAllocZero(cxt, sizeof(FmgrInfo) * Max(n, 1));
		def->hook_paths[i] = MemoryContextAllocZero(cxt, sizeof(bool) * Max(n, 1));
		for (k = 0; k < n; k++)
		{
			def->hooks[i][k] = DatumGetObjectId(elems[k]);
			def->hook_owners[i][k] = DatumGetObjectId(owners[k]);
			def->hook_paths[i][k] = CheckHook(workflow, action, def->hooks[i][k]);
			fmgr_info_cxt(def->hooks[i][k], &def->hook_fns[i][k], cxt);
		}
	}
	def->calendar = MemoryContextStrdup(cxt, EngineText(16));
	def->escalate = EngineBool(12);
	def->alarms = EngineBool(13);
	def->order_alarms = EngineBool(14);
	{
		Jsonb	   *options = DatumGetJsonbP(SPI_getbinval(row, desc, 15, &isnull));
		JsonbValue	ex;

		/* checked when it was stored; again here, against today's catalog */
		WorkflowOptionsCheck(workflow, options);
		def->options = MemoryContextAlloc(cxt, VARSIZE(options));
		memcpy(def->options, options, VARSIZE(options));
		def->one_open_role = NULL;
		def->exclude_unit_col = def->exclude_when_col = NULL;
		if (getKeyJsonValueFromContainer(&options->root, "one_open_role", 13, &ex) != NULL)
			def->one_open_role = MemoryContextStrdup(cxt, HotlineJsonbText(&ex));
		if (getKeyJsonValueFromContainer(&options->root, "exclude_unit", 12, &ex) != NULL)
		{
			JsonbValue	col;

			(void) getKeyJsonValueFromContainer(ex.val.binary.data, "unit_column", 11, &col);
			def->exclude_unit_col = MemoryContextStrdup(cxt, HotlineJsonbText(&col));
			(void) getKeyJsonValueFromContainer(ex.val.binary.data, "when_column", 11, &col);
			def->exclude_when_col = MemoryContextStrdup(cxt, HotlineJsonbText(&col));
		}
	}
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
		if (use_cache && !WorkflowInval.stale)
		{
			def = hash_search(WorkflowCache, key, HASH_ENTER, NULL);
			memcpy(((char *) def) + ACTION_KEY_MAX, ((char *) &fresh) + ACTION_KEY_MAX,
				   sizeof(ActionDef) - ACTION_KEY_MAX);
			def->kept = true;
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

/* ---------------------------------------------------------------------
 * The per-backend cache of workflow time limits
 *
 * hotline.workflow_time_limit(workflow, deadline, attributes) runs once or
 * twice for every assignment an action creates or reopens and for every
 * deadline set_due sets: it reads a workflow's limits once (one query) and
 * chooses in C.  The cache is dropped whenever the workflow cache is
 * invalidated (a change of hotline.workflow_limit among them).
 * ---------------------------------------------------------------------
 */

/* One row of hotline.workflow_limit */
typedef struct LimitRow
{
	char	   *deadline;
	Jsonb	   *conditions;
	int			nkeys;			/* how many conditions */
	bool		builtin;
	Datum		time_limit;
} LimitRow;

/* The limits of one workflow: the hash entry, by the workflow's name */
typedef struct WorkflowLimits
{
	char		name[ACTION_KEY_MAX];
	int			n;
	LimitRow   *rows;
	Oid			typid;			/* hotline.time_limit */
	int16		typlen;
	bool		typbyval;
} WorkflowLimits;

static MemoryContext LimitCacheContext = NULL;
static HTAB *LimitCache = NULL;
static uint64 LimitCacheGeneration = 0;

/*
 * ReadLimits
 *		Read the limits of workflow into wl, allocated in cxt (one query).
 */
static void
ReadLimits(const char *workflow, WorkflowLimits *wl, MemoryContext cxt)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	int16		typlen;
	bool		typbyval;
	uint64		i;

	values[0] = CStringGetTextDatum(workflow);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT l.deadline, l.conditions, l.time_limit, l.builtin, "
							  "       (SELECT count(*) FROM jsonb_object_keys(l.conditions))::int "
							  "FROM hotline.workflow_limit l WHERE l.workflow = $1",
							  1, types, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "hotline: reading the limits of workflow \"%s\" failed", workflow);
	wl->typid = SPI_gettypeid(SPI_tuptable->tupdesc, 3);
	get_typlenbyval(wl->typid, &typlen, &typbyval);
	wl->typlen = typlen;
	wl->typbyval = typbyval;
	wl->n = (int) SPI_processed;
	wl->rows = MemoryContextAllocZero(cxt, sizeof(LimitRow) * Max(wl->n, 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		LimitRow   *r = &wl->rows[i];
		bool		isnull;
		Jsonb	   *cond = DatumGetJsonbP(SPI_getbinval(row, desc, 2, &isnull));
		MemoryContext old = MemoryContextSwitchTo(cxt);

		r->deadline = pstrdup(SPI_getvalue(row, desc, 1));
		r->conditions = palloc(VARSIZE(cond));
		memcpy(r->conditions, cond, VARSIZE(cond));
		r->time_limit = datumCopy(SPI_getbinval(row, desc, 3, &isnull), typbyval, typlen);
		r->builtin = DatumGetBool(SPI_getbinval(row, desc, 4, &isnull));
		r->nkeys = DatumGetInt32(SPI_getbinval(row, desc, 5, &isnull));
		MemoryContextSwitchTo(old);
	}
	SPI_finish();
}

/*
 * LimitsOf
 *		The limits of workflow, from the cache or read (and cached).
 */
static WorkflowLimits *
LimitsOf(const char *workflow)
{
	WorkflowLimits *wl;
	bool		found;

	HotlineInvalLookup(&WorkflowInval);
	if (strlen(workflow) >= ACTION_KEY_MAX)
	{
		wl = palloc0(sizeof(WorkflowLimits));
		ReadLimits(workflow, wl, CurrentMemoryContext);
		return wl;
	}
	if (LimitCache == NULL || LimitCacheGeneration != WorkflowInval.generation)
	{
		LimitCache = HotlineCacheHash(&LimitCacheContext, "hotline workflow limits", ACTION_KEY_MAX,
									  sizeof(WorkflowLimits));
		LimitCacheGeneration = WorkflowInval.generation;
	}
	wl = hash_search(LimitCache, workflow, HASH_FIND, NULL);
	if (wl == NULL)
	{
		WorkflowLimits fresh;

		memset(&fresh, 0, sizeof(fresh));
		ReadLimits(workflow, &fresh, LimitCacheContext);
		/* an invalidation while reading: use what was read, cache nothing */
		if (LimitCacheGeneration != WorkflowInval.generation)
		{
			wl = palloc(sizeof(WorkflowLimits));
			memcpy(wl, &fresh, sizeof(fresh));
			return wl;
		}
		wl = hash_search(LimitCache, workflow, HASH_ENTER, &found);
		wl->n = fresh.n;
		wl->rows = fresh.rows;
		wl->typid = fresh.typid;
		wl->typlen = fresh.typlen;
		wl->typbyval = fresh.typbyval;
	}
	return wl;
}

/*
 * HotlineJsonbText
 *		A JSON value as ->> gives it: a string's text, NULL for null, the
 *		JSON text of anything else.
 */
char *
HotlineJsonbText(JsonbValue *v)
{
	if (v->type == jbvNull)
		return NULL;
	if (v->type == jbvString)
		return pnstrdup(v->val.string.val, v->val.string.len);
	return JsonbToCString(NULL, &JsonbValueToJsonb(v)->root, 0);
}

/*
 * HotlineJsonbField
 *		obj ->> key: the text of the value of key in the jsonb object obj
 *		(HotlineJsonbText), NULL when it is absent or JSON null.
 */
char *
HotlineJsonbField(Jsonb *obj, const char *key)
{
	JsonbValue	v;

	if (getKeyJsonValueFromContainer(&obj->root, key, strlen(key), &v) == NULL)
		return NULL;
	return HotlineJsonbText(&v);
}

/*
 * CompareCStrings
 *		qsort comparator of C strings (for messages).
 */
static int
CompareCStrings(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/*
 * hotline_workflow_limit_values
 *		SQL: hotline.workflow_limit_values(workflow text, key text) -> text[]:
 *		the values the conditions of the workflow's time limits give key
 *		(as ->> gives them), distinct and sorted; empty when none names it.
 *		Read from the cached copy of hotline.workflow_limit (LimitsOf), so
 *		that a hook can ask whether a parameter's value is one the limits
 *		know without a query.
 */
Datum
hotline_workflow_limit_values(PG_FUNCTION_ARGS)
{
	char	   *workflow = text_to_cstring(PG_GETARG_TEXT_PP(0));
	text	   *key = PG_GETARG_TEXT_PP(1);
	WorkflowLimits *wl = LimitsOf(workflow);
	char	  **values = palloc(sizeof(char *) * Max(wl->n, 1));
	Datum	   *elems = palloc(sizeof(Datum) * Max(wl->n, 1));
	int			n = 0;
	int			m = 0;
	int			i;

	for (i = 0; i < wl->n; i++)
	{
		JsonbValue	v;

		CHECK_FOR_INTERRUPTS();
		if (getKeyJsonValueFromContainer(&wl->rows[i].conditions->root, VARDATA_ANY(key),
										 VARSIZE_ANY_EXHDR(key), &v) != NULL &&
			(values[n] = HotlineJsonbText(&v)) != NULL)
			n++;
	}
	qsort(values, n, sizeof(char *), CompareCStrings);
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(values[i], values[i - 1]) != 0)
			elems[m++] = CStringGetTextDatum(values[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, m, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * WorkflowTimeLimit
 *		The time limit of deadline in the workflow for the attributes (a
 *		jsonb object): of the workflow's limits whose conditions all hold in
 *		attributes (attributes @> conditions), the one with the most
 *		conditions, a row of your own before a built-in one.  An error
 *		names the deadline and the conditions it has.
 */
static Datum
WorkflowTimeLimit(const char *workflow, const char *deadline, Datum attributes)
{
	WorkflowLimits *wl = LimitsOf(workflow);
	LimitRow   *best = NULL;
	int			i;

	for (i = 0; i < wl->n; i++)
	{
		LimitRow   *r = &wl->rows[i];

		if (strcmp(r->deadline, deadline) != 0)
			continue;
		if (best != NULL && (r->nkeys < best->nkeys ||
							 (r->nkeys == best->nkeys && (r->builtin || !best->builtin))))
			continue;
		if (r->nkeys > 0 &&
			!DatumGetBool(DirectFunctionCall2(jsonb_contains, attributes, JsonbPGetDatum(r->conditions))))
			continue;
		best = r;
	}
	if (best == NULL)
	{
		char	  **conds = palloc(sizeof(char *) * Max(wl->n, 1));
		int			n = 0;
		StringInfoData list;

		for (i = 0; i < wl->n; i++)
			if (strcmp(wl->rows[i].deadline, deadline) == 0)
				conds[n++] = JsonbToCString(NULL, &wl->rows[i].conditions->root, VARSIZE(wl->rows[i].conditions));
		qsort(conds, n, sizeof(char *), CompareCStrings);
		initStringInfo(&list);
		for (i = 0; i < n; i++)
			appendStringInfo(&list, "%s%s", i ? ", " : "", conds[i]);
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("workflow \"%s\" has no time limit \"%s\" whose conditions hold", workflow, deadline),
				 errdetail("Its conditions for \"%s\" are: %s.", deadline, n ? list.data : "none"),
				 errhint("Add a row to hotline.workflow_limit for this deadline (conditions {} match anything).")));
	}
	return datumCopy(best->time_limit, wl->typbyval, wl->typlen);
}

/*
 * hotline_workflow_time_limit
 *		SQL: hotline.workflow_time_limit(workflow, deadline, attributes) ->
 *		the time limit of the deadline (WorkflowTimeLimit); attributes NULL
 *		are none.
 */
Datum
hotline_workflow_time_limit(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(WorkflowTimeLimit(text_to_cstring(PG_GETARG_TEXT_PP(0)), text_to_cstring(PG_GETARG_TEXT_PP(1)),
									  PG_ARGISNULL(2) ? DirectFunctionCall1(jsonb_in, CStringGetDatum("{}")) :
									  PG_GETARG_DATUM(2)));
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

static bool JsonbArrayHas(JsonbContainer *obj, const char *key, const char *s);

/*
 * DomainFunction
 *		The function hotline.name(types) of the hotline domain, which the
 *		engine calls by name (fmgr; the engine runs as the owner, who may
 *		call it).
 */
static Oid
DomainFunction(const char *name, int nargs, Oid *types)
{
	return LookupFuncName(list_make2(makeString("hotline"), makeString(pstrdup(name))), nargs, types, false);
}

/*
 * ActsForUnit
 *		Whether login acts for the unit of id unit_id: the hotline domain's
 *		hotline.acts_for_unit (its staff), called by name.
 */
static bool
ActsForUnit(const char *login, int64 unit_id)
{
	Oid			types[2] = {NAMEOID, INT8OID};
	Oid			fn = DomainFunction("acts_for_unit", 2, types);

	return DatumGetBool(OidFunctionCall2(fn, DirectFunctionCall1(namein, CStringGetDatum(login)),
										 Int64GetDatum(unit_id)));
}

/*
 * ExcludedFrom
 *		Whether login is excluded from the order (回避): the hotline domain's
 *		hotline.excluded_from, called by name.
 */
static bool
ExcludedFrom(int64 order_no, const char *login)
{
	Oid			types[2];
	Oid			fn;

	types[0] = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("order_no"),
							   ObjectIdGetDatum(get_namespace_oid("hotline", false)));
	types[1] = NAMEOID;
	fn = DomainFunction("excluded_from", 2, types);
	return DatumGetBool(OidFunctionCall2(fn, Int64GetDatum(order_no),
										 DirectFunctionCall1(namein, CStringGetDatum(login))));
}

/*
 * StaffName
 *		The name of the staff member behind login (the hotline domain's
 *		hotline.staff_name, called by name), NULL when it is no one's.
 */
static char *
StaffName(const char *login)
{
	Oid			types[1] = {NAMEOID};
	Oid			fn = DomainFunction("staff_name", 1, types);
	LOCAL_FCINFO(fcinfo, 1);
	FmgrInfo	flinfo;
	Datum		d;

	fmgr_info(fn, &flinfo);
	InitFunctionCallInfoData(*fcinfo, &flinfo, 1, InvalidOid, NULL, NULL);
	fcinfo->args[0].value = DirectFunctionCall1(namein, CStringGetDatum(login));
	fcinfo->args[0].isnull = false;
	d = FunctionCallInvoke(fcinfo);
	return fcinfo->isnull ? NULL : TextDatumGetCString(d);
}

/*
 * UnitCode
 *		The code of the unit of id unit_id ("?" when there is none).
 */
static char *
UnitCode(int64 unit_id)
{
	Relation	rel = HotlineTable("unit", AccessShareLock);
	Datum		key = Int64GetDatum(unit_id);
	HeapTuple	tup = HotlineKeyRow(rel, RelationGetPrimaryKeyIndex(rel), 1, &key);
	char	   *code = "?";
	bool		isnull;

	if (tup != NULL)
	{
		Datum		d = heap_getattr(tup, HotlineColumn(rel, "code"), RelationGetDescr(rel), &isnull);

		if (!isnull)
			code = TextDatumGetCString(d);
	}
	table_close(rel, NoLock);
	return code;
}

/*
 * ResolveRole
 *		The workflow role of a caller that is not trusted (R-11.2): who may
 *		do what is the database's.  The caller acts in the action's roles
 *		whose database roles (the workflow's option db_roles) it has the
 *		privileges of; the role it names (actor_role) is kept when it is one
 *		of them, else the first of them is taken (a named function's
 *		default role is only a default); none is 42501.  Its actor is its
 *		login: what it says of itself is not recorded as who acted.
 */
static void
ResolveRole(EngineAction *ea)
{
	ActionDef  *def = ea->def;
	char	   *login = GetUserNameFromId(ea->caller, false);
	JsonbValue	map;
	bool		has_map;
	StringInfoData db_roles;
	char	   *first = NULL;
	int			k;

	has_map = getKeyJsonValueFromContainer(&def->options->root, "db_roles", 8, &map) != NULL &&
		map.type == jbvBinary;
	initStringInfo(&db_roles);
	for (k = 0; k < def->nroles; k++)
	{
		JsonbValue	db;
		char	   *name;
		Oid			roleid;

		if (!has_map ||
			getKeyJsonValueFromContainer(map.val.binary.data, def->roles[k], strlen(def->roles[k]), &db) == NULL ||
			db.type != jbvString)
			continue;
		name = pnstrdup(db.val.string.val, db.val.string.len);
		appendStringInfo(&db_roles, "%s%s", db_roles.len ? ", " : "", name);
		roleid = get_role_oid(name, true);
		/* a group role is no one: its members act as themselves */
		if (OidIsValid(roleid) && roleid == ea->caller)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("role \"%s\" is a group role, not a login", name),
					 errdetail("Actions are recorded with the login that does them, and a login acts for itself only."),
					 errhint("RESET ROLE, and act as your own login.")));
		if (!OidIsValid(roleid) || !has_privs_of_role(ea->caller, roleid))
			continue;
		if (ea->role != NULL && strcmp(ea->role, def->roles[k]) == 0)
		{
			first = def->roles[k];
			break;
		}
		if (first == NULL)
			first = def->roles[k];
	}
	if (first == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("login \"%s\" may not %s", login, ea->action),
				 db_roles.len ?
				 errdetail("Action \"%s\" of workflow \"%s\" is for %s, the database roles %s; \"%s\" is a member of none of them.",
						   ea->action, ea->workflow, JoinList(def->roles, def->nroles), db_roles.data, login) :
				 errdetail("Action \"%s\" of workflow \"%s\" is for %s, which no database role stands for (its option db_roles): only the engine's owner may do it.",
						   ea->action, ea->workflow, JoinList(def->roles, def->nroles)),
				 db_roles.len ? errhint("Ask the administrator for one of those roles (GRANT role TO %s).", quote_identifier(login)) :
				 errhint("It is done by the hotline's scheduled jobs.")));
	ea->role = first;
	ea->actor = login;
	ea->actor_name = StaffName(login);

	/* 回避: a login excluded from the order does not act on it */
	if (ea->order_no != 0 && ExcludedFrom(ea->order_no, login))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("login \"%s\" is excluded from order %s", login,
						DatumGetCString(DirectFunctionCall1(order_no_out, Int64GetDatum(ea->order_no)))),
				 errdetail("It declared a conflict of interest with the order, or the citizen named it (回避, R-4.6, R-11.3)."),
				 errhint("A colleague acts on the order.")));

	/* acting for the assignment's unit: its own staff only */
	if (ea->has_assignment && strcmp(ea->scope, "assignment") == 0 &&
		JsonbArrayHas(&def->options->root, "unit_roles", first) && !ActsForUnit(login, ea->assignment_unit))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("login \"%s\" does not act for unit \"%s\"", login, UnitCode(ea->assignment_unit)),
				 errdetail("Action \"%s\" is done as %s for the assignment's unit, by its own staff (hotline.staff).",
						   ea->action, first),
				 errhint("Ask the administrator to record the login as staff of its unit.")));
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
	/* a caller not trusted: its role was resolved when the action was loaded (ResolveRole) */
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
 * InvokeHook
 *		Call one hook, counted in hotline_hook_depth while it runs.
 */
static void
InvokeHook(FunctionCallInfo hook)
{
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
		FmgrInfo   *flinfo = &ea->def->hook_fns[which][i];
		LOCAL_FCINFO(hook, 4);
		Oid			save_userid;
		int			save_sec_context;
		bool		pins_path = ea->def->hook_paths[which][i];

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
		/* the call information kept with the definition (ReadActionDef) */
		InitFunctionCallInfoData(*hook, flinfo, 4, InvalidOid, NULL, NULL);
		hook->args[0].value = Int64GetDatum(ea->order_no);
		hook->args[0].isnull = false;
		hook->args[1].value = Int64GetDatum(ea->assignment_id);
		hook->args[1].isnull = !ea->has_assignment;
		hook->args[2].value = CStringGetTextDatum(ea->action);
		hook->args[2].isnull = false;
		hook->args[3].value = ea->params;
		hook->args[3].isnull = false;
		if (flinfo->fn_strict && !ea->has_assignment)
			continue;			/* a strict hook with a NULL argument is not called */

		/*
		 * As the hook's owner; an error on the way restores the user and the
		 * GUCs with the (sub)transaction it aborts.
		 */
		GetUserIdAndSecContext(&save_userid, &save_sec_context);
		SetUserIdAndSecContext(owners[i], save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
							   SECURITY_RESTRICTED_OPERATION);
		/*
		 * Not the engine's search_path (which names hotline) nor the
		 * caller's: a hook names what it uses, or pins its own path (its
		 * SET, which its call applies over this one: then there is none to
		 * set here)
		 */
		if (pins_path)
			InvokeHook(hook);
		else
		{
			int			save_nestlevel = NewGUCNestLevel();

			(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
									 GUC_ACTION_SAVE, true, 0, false);
			InvokeHook(hook);
			AtEOXact_GUC(false, save_nestlevel);
		}
		SetUserIdAndSecContext(save_userid, save_sec_context);
	}
}

/*
 * Parameter types of the effect statements: order, params, effect,
 * assignment, workflow, the workflow's options
 */
static Oid	effect_types[6] = {INT8OID, JSONBOID, JSONBOID, INT8OID, TEXTOID, JSONBOID};

/*
 * EffectExec
 *		Run one effect statement with the standard six parameters.
 */
static uint64 EffectExecPlan(EngineAction *ea, Datum effect, SPIPlanPtr plan, int expect);

static uint64
EffectExec(EngineAction *ea, Datum effect, const char *sql, int expect)
{
	return EffectExecPlan(ea, effect, EnginePlanFor(sql, 6, effect_types), expect);
}

/*
 * KeptPlan
 *		The plan of slot kept with the action's cached definition, or NULL
 *		when it is not prepared yet (or the definition is not cached: then
 *		the statement is composed and looked up by its text every time).
 */
static SPIPlanPtr
KeptPlan(EngineAction *ea, ActionPlanSlot slot)
{
	return ea->def->kept ? ea->def->plans[slot] : NULL;
}

/*
 * KeepPlan
 *		Prepare the statement sql of slot, composed from the action's
 *		definition, and keep it with the cached definition (freed when the
 *		cache is reset, WorkflowCacheReady); a definition outside the cache
 *		uses the engine's plans by text (EnginePlanFor).
 */
static SPIPlanPtr
KeepPlan(EngineAction *ea, ActionPlanSlot slot, const char *sql, int nargs, Oid *types)
{
	SPIPlanPtr	plan;

	if (!ea->def->kept)
		return EnginePlanFor(sql, nargs, types);
	plan = HotlinePrepare(sql, nargs, types);
	ea->def->plans[slot] = plan;
	return plan;
}

/*
 * PlanExec
 *		Run a prepared statement; returns SPI_processed.  The one runner of
 *		the engine's statements (EngineExec by text, the kept plans).
 */
static uint64
PlanExec(SPIPlanPtr plan, Datum *values, const char *nulls, int expect)
{
	int			rc = SPI_execute_plan(plan, values, nulls, false, 0);

	if (rc != expect)
		elog(ERROR, "hotline engine: SPI_execute_plan returned %s for: %s", SPI_result_code_string(rc),
			 SPI_plan_get_plan_sources(plan) != NIL ?
			 ((CachedPlanSource *) linitial(SPI_plan_get_plan_sources(plan)))->query_string : "?");
	return SPI_processed;
}

/*
 * EffectArgs
 *		The standard six parameters of the effect statements (effect_types)
 *		into values and nulls.
 */
static void
EffectArgs(EngineAction *ea, Datum effect, Datum *values, char *nulls)
{
	memset(nulls, ' ', 6);
	values[0] = Int64GetDatum(ea->order_no);
	values[1] = ea->params;
	values[2] = effect;
	values[3] = Int64GetDatum(ea->assignment_id);
	if (!ea->has_assignment)
		nulls[3] = 'n';
	values[4] = CStringGetTextDatum(ea->workflow);
	values[5] = JsonbPGetDatum(ea->def->options);
}

/*
 * EffectExecPlan
 *		Run a kept effect statement with the standard six parameters.
 */
static uint64
EffectExecPlan(EngineAction *ea, Datum effect, SPIPlanPtr plan, int expect)
{
	Datum		values[6];
	char		nulls[6];

	EffectArgs(ea, effect, values, nulls);
	return PlanExec(plan, values, nulls, expect);
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

static void OrderMissing(int64 order_no) pg_attribute_noreturn();
static void RowsBegin(void);
static void RowsEnd(void);

/*
 * A unit an assign or pass_down effect names (NamedUnits), and what the
 * checks found of it (CheckUnits)
 */
typedef struct NamedUnit
{
	char	   *code;			/* NULL: the parameter gives none */
	char	   *role;			/* the role its assignment gets */
	char	   *param;			/* the parameter that names it */
	bool		twice;			/* the action names it twice */
	int64		id;				/* its row: 0 when there is none */
	char	   *calendar;
	bool		active;
	bool		has_parent;
	int64		parent_id;		/* its parent unit */
	bool		kept;			/* holds the open assignment of one_open_role */
	int64		excluded;		/* the unit the order is about, it or its parent */
	char	   *holder;			/* the other units holding that one (codes) */
	const char *fault;			/* NULL: it may get an assignment */
} NamedUnit;

/* An assignment of the order, as the checks of the units need it */
typedef struct OrderAssignment
{
	int64		unit_id;
	bool		unit_null;
	bool		top;			/* no parent assignment */
	bool		open;			/* not closed */
	char	   *role;
} OrderAssignment;

/*
 * CompareCodes
 *		qsort_arg comparator of indexes into the array of units arg (codes
 *		NULL first), by code.
 */
static int
CompareCodes(const void *a, const void *b, void *arg)
{
	const char *x = ((NamedUnit *) arg)[*(const int *) a].code;
	const char *y = ((NamedUnit *) arg)[*(const int *) b].code;

	if (x == NULL || y == NULL)
		return (x != NULL) - (y != NULL);
	return strcmp(x, y);
}

/*
 * NamedUnits
 *		The units an assign or pass_down effect names in the action's
 *		parameters, in the order named (*n of them): per element of its
 *		"units", the parameter's code, or its array of codes unless single
 *		(a code is NULL where the parameter gives none), with the role their
 *		assignments get, the parameter, and whether the code is named twice
 *		in the action.
 */
static NamedUnit *
NamedUnits(EngineAction *ea, Datum effect, int *n)
{
	Jsonb	   *params = DatumGetJsonbP(ea->params);
	JsonbValue	units;
	JsonbIterator *it;
	JsonbValue	e;
	JsonbIteratorToken tok;
	List	   *codes = NIL;
	List	   *roles = NIL;
	List	   *names = NIL;
	NamedUnit  *out;
	int		   *order;
	int			i;
	ListCell   *lc;
	ListCell   *lr;
	ListCell   *ln;

	if (getKeyJsonValueFromContainer(&DatumGetJsonbP(effect)->root, "units", 5, &units) != NULL &&
		units.type == jbvBinary)
	{
		it = JsonbIteratorInit(units.val.binary.data);
		while ((tok = JsonbIteratorNext(&it, &e, true)) != WJB_DONE)
		{
			JsonbValue	param;
			JsonbValue	role;
			JsonbValue	single;
			JsonbValue	v;
			char	   *p;
			char	   *r;

			if (tok != WJB_ELEM || e.type != jbvBinary ||
				getKeyJsonValueFromContainer(e.val.binary.data, "param", 5, &param) == NULL ||
				getKeyJsonValueFromContainer(e.val.binary.data, "role", 4, &role) == NULL ||
				param.type != jbvString || role.type != jbvString)
				continue;
			p = pnstrdup(param.val.string.val, param.val.string.len);
			r = pnstrdup(role.val.string.val, role.val.string.len);
			if (getKeyJsonValueFromContainer(&params->root, p, strlen(p), &v) == NULL)
				continue;
			if (getKeyJsonValueFromContainer(e.val.binary.data, "single", 6, &single) != NULL &&
				single.type == jbvBool && single.val.boolean)
			{
				codes = lappend(codes, HotlineJsonbText(&v));
				roles = lappend(roles, r);
				names = lappend(names, p);
			}
			else if (v.type == jbvBinary && JsonContainerIsArray(v.val.binary.data))
			{
				JsonbIterator *ait = JsonbIteratorInit(v.val.binary.data);
				JsonbValue	x;

				while ((tok = JsonbIteratorNext(&ait, &x, true)) != WJB_DONE)
				{
					CHECK_FOR_INTERRUPTS();
					if (tok != WJB_ELEM)
						continue;
					codes = lappend(codes, HotlineJsonbText(&x));
					roles = lappend(roles, r);
					names = lappend(names, p);
				}
			}
			else if (v.type != jbvNull)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("parameter %s of action \"%s\" is not an array of unit codes: %s",
								p, ea->action, HotlineJsonbText(&v)),
						 errhint("Pass the units' codes as an array, e.g. %s => '{code1,code2}'.", p)));
		}
	}

	*n = list_length(codes);
	out = palloc0(sizeof(NamedUnit) * Max(*n, 1));
	order = palloc0(sizeof(int) * Max(*n, 1));
	i = 0;
	forthree(lc, codes, lr, roles, ln, names)
	{
		out[i].code = (char *) lfirst(lc);
		out[i].role = (char *) lfirst(lr);
		out[i].param = (char *) lfirst(ln);
		order[i] = i;
		i++;
	}
	/* the codes named twice, found in their sorted order */
	qsort_arg(order, *n, sizeof(int), CompareCodes, out);
	for (i = 1; i < *n; i++)
		if (out[order[i]].code != NULL && out[order[i - 1]].code != NULL &&
			strcmp(out[order[i]].code, out[order[i - 1]].code) == 0)
			out[order[i]].twice = out[order[i - 1]].twice = true;
	return out;
}

/*
 * UnitParams
 *		The parameters an assign or pass_down effect names units in, joined
 *		by ", " (for a hint).
 */
static char *
UnitParams(Datum effect)
{
	JsonbValue	units;
	JsonbIterator *it;
	JsonbValue	e;
	JsonbIteratorToken tok;
	StringInfoData out;

	initStringInfo(&out);
	if (getKeyJsonValueFromContainer(&DatumGetJsonbP(effect)->root, "units", 5, &units) == NULL ||
		units.type != jbvBinary)
		return out.data;
	it = JsonbIteratorInit(units.val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &e, true)) != WJB_DONE)
	{
		JsonbValue	param;

		if (tok == WJB_ELEM && e.type == jbvBinary &&
			getKeyJsonValueFromContainer(e.val.binary.data, "param", 5, &param) != NULL &&
			param.type == jbvString)
			appendStringInfo(&out, "%s%.*s", out.len ? ", " : "", param.val.string.len, param.val.string.val);
	}
	return out.data;
}

/*
 * EffectNames
 *		The names member key of the effect (an object) holds: the keys of an
 *		object, or the strings of an array; NIL when absent.
 */
static List *
EffectNames(Datum effect, const char *key)
{
	JsonbValue	member;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	List	   *names = NIL;

	if (getKeyJsonValueFromContainer(&DatumGetJsonbP(effect)->root, key, strlen(key), &member) == NULL ||
		member.type != jbvBinary)
		return NIL;
	it = JsonbIteratorInit(member.val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		if ((tok == WJB_KEY || tok == WJB_ELEM) && v.type == jbvString)
			names = lappend(names, pnstrdup(v.val.string.val, v.val.string.len));
	return names;
}

/*
 * NameInList
 *		Whether name is one of the strings of names.
 */
static bool
NameInList(const char *name, List *names)
{
	ListCell   *lc;

	foreach(lc, names)
		if (strcmp((char *) lfirst(lc), name) == 0)
			return true;
	return false;
}

/*
 * AttributeColumns
 *		The columns of hotline.<table> that the conditions of the workflow's
 *		limits name (each once, in the order the limits name them): what
 *		an order's or an assignment's limits are chosen by.  Names are
 *		checked against the catalog.
 */
static List *
AttributeColumns(const char *workflow, const char *table)
{
	WorkflowLimits *wl = LimitsOf(workflow);
	List	   *seen = NIL;
	int			i;

	for (i = 0; i < wl->n; i++)
	{
		JsonbIterator *it = JsonbIteratorInit(&wl->rows[i].conditions->root);
		JsonbValue	v;
		JsonbIteratorToken tok;

		CHECK_FOR_INTERRUPTS();
		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			char	   *key;

			if (tok != WJB_KEY)
				continue;
			key = pnstrdup(v.val.string.val, v.val.string.len);
			if (!NameInList(key, seen) && OidIsValid(HotlineColumnType(table, key)))
				seen = lappend(seen, key);
		}
	}
	return seen;
}

/*
 * LimitColumns
 *		The columns of the order (or of an assignment) that the workflow's
 *		limits are chosen by (AttributeColumns), read once per definition
 *		(a change of the limits reads the definitions again).
 */
static List *
LimitColumns(EngineAction *ea, bool assignment)
{
	ActionDef  *def = ea->def;

	if (!def->limit_columns_read)
	{
		List	   *cols[2];
		int			i;

		cols[0] = AttributeColumns(ea->workflow, "work_order");
		cols[1] = AttributeColumns(ea->workflow, "assignment");
		for (i = 0; i < 2; i++)
		{
			MemoryContext old = MemoryContextSwitchTo(def->kept ? WorkflowCacheContext : CurrentMemoryContext);
			ListCell   *lc;

			def->limit_columns[i] = NIL;
			foreach(lc, cols[i])
				def->limit_columns[i] = lappend(def->limit_columns[i], pstrdup((char *) lfirst(lc)));
			MemoryContextSwitchTo(old);
		}
		def->limit_columns_read = true;
	}
	return def->limit_columns[assignment ? 1 : 0];
}

/*
 * RowAttributes
 *		A jsonb expression of the columns of hotline.<table> (row alias) that
 *		the conditions of the workflow's limits name (AttributeColumns),
 *		keyed by column: what the limits are chosen by, as to_jsonb of the
 *		row would give them, without converting every other column of the
 *		row (to_jsonb of an order is a tenth of a dispatch's time, issue 9);
 *		none when the conditions name none of its columns.  Names are
 *		quoted; the statement is composed when the action's definition is
 *		loaded, which a change of the limits invalidates.
 */
static char *
RowAttributes(const char *workflow, const char *table, const char *alias, const char *none)
{
	List	   *columns = AttributeColumns(workflow, table);
	StringInfoData out;
	ListCell   *lc;

	if (columns == NIL)
		return (char *) none;
	initStringInfo(&out);
	foreach(lc, columns)
	{
		const char *key = (const char *) lfirst(lc);

		/* at most 50 pairs per call (100 arguments) */
		appendStringInfoString(&out, foreach_current_index(lc) % 50 == 0 ?
							   (foreach_current_index(lc) ? ") || jsonb_build_object(" : "jsonb_build_object(") : ", ");
		appendStringInfo(&out, "%s, %s.%s", quote_literal_cstr(key), alias, quote_identifier(key));
	}
	appendStringInfoChar(&out, ')');
	return out.data;
}

/*
 * PushRowAttributes
 *		Into the object being built in *state, the columns (names) of the
 *		row tup of rel, as to_jsonb gives each (as RowAttributes' jsonb_build_object).
 */
static void
PushRowAttributes(JsonbParseState **state, Relation rel, HeapTuple tup, List *columns)
{
	TupleDesc	desc = RelationGetDescr(rel);
	ListCell   *lc;

	foreach(lc, columns)
	{
		const char *name = (const char *) lfirst(lc);
		AttrNumber	attno = HotlineColumn(rel, name);
		bool		isnull;
		Datum		d = heap_getattr(tup, attno, desc, &isnull);
		JsonbValue	k;
		JsonbValue	v;

		k.type = jbvString;
		k.val.string.val = (char *) name;
		k.val.string.len = strlen(name);
		(void) pushJsonbValue(state, WJB_KEY, &k);
		if (isnull)
			v.type = jbvNull;
		else
		{
			/* to_jsonb of the column's type (it reads its argument's type from the call) */
			Oid			type = TupleDescAttr(desc, attno - 1)->atttypid;
			FmgrInfo	flinfo;
			Jsonb	   *j;

			fmgr_info(F_TO_JSONB, &flinfo);
			flinfo.fn_expr = (Node *) makeFuncExpr(F_TO_JSONB, JSONBOID,
												   list_make1(makeNullConst(type, -1, InvalidOid)),
												   InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
			j = DatumGetJsonbP(FunctionCall1(&flinfo, d));
			if (!JsonbExtractScalar(&j->root, &v))
			{
				v.type = jbvBinary;
				v.val.binary.data = &j->root;
				v.val.binary.len = VARSIZE(j) - VARHDRSZ;
			}
		}
		(void) pushJsonbValue(state, WJB_VALUE, &v);
	}
}

/*
 * AssignmentAttributes
 *		The attributes an assignment's limits are chosen by (a jsonb
 *		expression): the action's parameters over the assignment p (the
 *		parent of a pass-down, the assignment itself of a redo: none when
 *		p.id is null) over the order's (an expression: order).
 */
static char *
AssignmentAttributes(EngineAction *ea, const char *p, const char *order)
{
	char	   *assignment = RowAttributes(ea->workflow, "assignment", p, NULL);

	if (assignment == NULL)
		return psprintf("(%s || $2)", order);
	return psprintf("(%s || CASE WHEN %s.id IS NULL THEN '{}'::jsonb ELSE %s END || $2)",
					order, p, assignment);
}

/*
 * the time limit an assignment effect ($3) names in key (NULL when it names
 * none), for the attributes (an expression)
 */
#define ASSIGNMENT_LIMIT(workflow, key, attributes) \
	"CASE WHEN $3 ? '" key "' THEN " \
	LIMIT_OF(workflow, "$3 ->> '" key "'", attributes) " END"

/*
 * DatumAsText
 *		A value of type as the cast to text gives it (value::text).
 */
static char *
DatumAsText(Datum d, Oid type)
{
	Oid			funcid = InvalidOid;
	Oid			out;
	bool		varlena;

	switch (find_coercion_pathway(TEXTOID, type, COERCION_EXPLICIT, &funcid))
	{
		case COERCION_PATH_FUNC:
			return TextDatumGetCString(OidFunctionCall1(funcid, d));
		case COERCION_PATH_RELABELTYPE:
			return TextDatumGetCString(d);
		default:
			getTypeOutputInfo(type, &out, &varlena);
			return OidOutputFunctionCall(out, d);
	}
}

/*
 * JsonbArrayHas
 *		Whether the array member key of the jsonb object obj has the string s.
 */
static bool
JsonbArrayHas(JsonbContainer *obj, const char *key, const char *s)
{
	JsonbValue	arr;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	if (getKeyJsonValueFromContainer(obj, key, strlen(key), &arr) == NULL || arr.type != jbvBinary)
		return false;
	it = JsonbIteratorInit(arr.val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		if (tok == WJB_ELEM && v.type == jbvString && strlen(s) == (size_t) v.val.string.len &&
			memcmp(s, v.val.string.val, v.val.string.len) == 0)
			return true;
	return false;
}

/*
 * ExcludedUnit
 *		The unit the workflow's option exclude_unit keeps the order (row tup
 *		of rel) away from: the one the order's unit_column names while its
 *		when_column (as text) is one of the values (the accused unit of a
 *		complaint, R-4.6); 0 when there is none.
 */
static int64
ExcludedUnit(EngineAction *ea, Relation rel, HeapTuple tup)
{
	JsonbValue	ex;
	AttrNumber	attno;
	bool		isnull;
	Datum		d;
	int64		unit;
	char	   *when;

	if (ea->def->exclude_unit_col == NULL)
		return 0;
	d = heap_getattr(tup, HotlineColumn(rel, ea->def->exclude_unit_col), RelationGetDescr(rel), &isnull);
	if (isnull)
		return 0;
	unit = DatumGetInt64(d);
	attno = HotlineColumn(rel, ea->def->exclude_when_col);
	d = heap_getattr(tup, attno, RelationGetDescr(rel), &isnull);
	if (isnull)
		return 0;
	when = DatumAsText(d, TupleDescAttr(RelationGetDescr(rel), attno - 1)->atttypid);
	/* the values (strings: checked when the workflow was stored) */
	if (getKeyJsonValueFromContainer(&ea->def->options->root, "exclude_unit", 12, &ex) != NULL &&
		ex.type == jbvBinary && JsonbArrayHas(ex.val.binary.data, "values", when))
		return unit;
	return 0;
}

/*
 * UnderUnit
 *		Whether the unit u (its parent: has_parent, parent_id) is the unit of
 *		id top or one of its sub-units, at any depth (R-4.6, R-11.3: an order
 *		about a unit goes neither to it nor down its tree), through the
 *		parents in rel (hotline.unit) by their keys.
 */
static bool
UnderUnit(Relation rel, int64 id, bool has_parent, int64 parent_id, int64 top)
{
	Oid			pk = RelationGetPrimaryKeyIndex(rel);
	AttrNumber	col_parent = HotlineColumn(rel, "parent_id");
	int			depth;

	if (id == top)
		return true;
	/* units are a tree of a few levels; a cycle stops at the bound */
	for (depth = 0; has_parent && depth < 100; depth++)
	{
		Datum		key = Int64GetDatum(parent_id);
		HeapTuple	tup;
		bool		isnull;
		Datum		d;

		CHECK_FOR_INTERRUPTS();
		if (parent_id == top)
			return true;
		if ((tup = HotlineKeyRow(rel, pk, 1, &key)) == NULL)
			return false;
		d = heap_getattr(tup, col_parent, RelationGetDescr(rel), &isnull);
		has_parent = !isnull;
		parent_id = isnull ? 0 : DatumGetInt64(d);
	}
	return false;
}

/*
 * CheckUnits
 *		Find the units an assign (or pass_down) effect names (NamedUnits) by
 *		their codes, and give each its fault, NULL when it may get an
 *		assignment: every unit must exist, be active, not be excluded by
 *		the workflow's option exclude_unit (the unit an order is about,
 *		R-4.6), not hold an open assignment of the order already, be named
 *		once, and for a pass-down be a sub-unit of the passing unit (R-4.5).
 *		With the option one_open_role, an order has one open top-level
 *		assignment of that role at a time (R-4.4): a new one while it is
 *		open names the same unit (it keeps its assignment, "kept": the
 *		action adds the others) and cannot name another (its holder).
 *
 * Read in C by the tables' keys under a new snapshot, as a statement of
 * the engine reads (the order is locked: nothing else changes its
 * assignments): the order (*order) and the acting assignment (*parent: the
 * parent of a pass-down; NULL when the action acts on none), which the
 * limits are chosen by, and the order's assignments.  (A statement
 * checking the units cost half a dispatch, issue 9.)
 */
static void
CheckUnits(EngineAction *ea, NamedUnit *units, int n, bool pass_down, Relation orel, HeapTuple *order,
		   Relation arel, HeapTuple *parent)
{
	Relation	urel = HotlineTable("unit", AccessShareLock);
	TupleDesc	udesc = RelationGetDescr(urel);
	TupleDesc	adesc = RelationGetDescr(arel);
	const char *code_col = "code";
	Oid			code_index = HotlineIndexOn(urel, 1, &code_col);
	Oid			unit_pk = RelationGetPrimaryKeyIndex(urel);
	const char *one_role = ea->def->one_open_role;
	List	   *assignments = NIL;
	ScanKeyData skey;
	SysScanDesc scan;
	HeapTuple	tup;
	Datum		key;
	bool		isnull;
	bool		parent_unit_null = true;
	int64		parent_unit = 0;
	int64		excluded;
	int			i;

	/* the columns read, looked up once */
	AttrNumber	a_unit = HotlineColumn(arel, "unit_id");
	AttrNumber	a_parent = HotlineColumn(arel, "parent_id");
	AttrNumber	a_closed = HotlineColumn(arel, "closed_at");
	AttrNumber	a_role = HotlineColumn(arel, "role");
	AttrNumber	a_id = HotlineColumn(arel, "id");
	AttrNumber	u_id = HotlineColumn(urel, "id");
	AttrNumber	u_calendar = HotlineColumn(urel, "calendar");
	AttrNumber	u_active = HotlineColumn(urel, "active");
	AttrNumber	u_parent = HotlineColumn(urel, "parent_id");
	AttrNumber	u_code = HotlineColumn(urel, "code");

	/* the order, and its assignments (the acting one among them) */
	key = Int64GetDatum(ea->order_no);
	*order = HotlineKeyRow(orel, RelationGetPrimaryKeyIndex(orel), 1, &key);
	if (*order == NULL)
		OrderMissing(ea->order_no);
	excluded = ExcludedUnit(ea, orel, *order);
	*parent = NULL;
	scan = HotlineKeyScan(arel, RelationGetPrimaryKeyIndex(arel), 1, &key, &skey);
	while ((tup = systable_getnext(scan)) != NULL)
	{
		OrderAssignment *a = palloc0(sizeof(OrderAssignment));
		Datum		d;

		CHECK_FOR_INTERRUPTS();
		d = heap_getattr(tup, a_unit, adesc, &a->unit_null);
		a->unit_id = a->unit_null ? 0 : DatumGetInt64(d);
		(void) heap_getattr(tup, a_parent, adesc, &a->top);
		(void) heap_getattr(tup, a_closed, adesc, &a->open);
		d = heap_getattr(tup, a_role, adesc, &isnull);
		a->role = isnull ? NULL : TextDatumGetCString(d);
		assignments = lappend(assignments, a);
		if (ea->has_assignment &&
			DatumGetInt64(heap_getattr(tup, a_id, adesc, &isnull)) == ea->assignment_id)
		{
			*parent = heap_copytuple(tup);
			parent_unit_null = a->unit_null;
			parent_unit = a->unit_id;
		}
	}
	systable_endscan(scan);

	for (i = 0; i < n; i++)
	{
		NamedUnit  *u = &units[i];
		ListCell   *lc;
		Datum		d;
		StringInfoData holders;

		CHECK_FOR_INTERRUPTS();
		if (u->code == NULL)
		{
			u->fault = "no_code";
			continue;
		}
		key = CStringGetTextDatum(u->code);
		if ((tup = HotlineKeyRow(urel, code_index, 1, &key)) == NULL)
		{
			u->fault = "missing";
			continue;
		}
		u->id = DatumGetInt64(heap_getattr(tup, u_id, udesc, &isnull));
		d = heap_getattr(tup, u_calendar, udesc, &isnull);
		u->calendar = isnull ? NULL : TextDatumGetCString(d);
		d = heap_getattr(tup, u_active, udesc, &isnull);
		u->active = !isnull && DatumGetBool(d);
		d = heap_getattr(tup, u_parent, udesc, &isnull);
		u->has_parent = !isnull;
		u->parent_id = isnull ? 0 : DatumGetInt64(d);

		/* the open top-level assignments of the one open role: this unit's, or another's */
		initStringInfo(&holders);
		if (!ea->has_assignment && one_role != NULL && strcmp(u->role, one_role) == 0)
			foreach(lc, assignments)
			{
				OrderAssignment *a = (OrderAssignment *) lfirst(lc);
				HeapTuple	h;

				if (!a->top || !a->open || a->role == NULL || strcmp(a->role, u->role) != 0)
					continue;
				if (!a->unit_null && a->unit_id == u->id)
				{
					u->kept = true;
					continue;
				}
				key = Int64GetDatum(a->unit_id);
				if ((h = HotlineKeyRow(urel, unit_pk, 1, &key)) == NULL)
					continue;
				d = heap_getattr(h, u_code, udesc, &isnull);
				if (!isnull)
					appendStringInfo(&holders, "%s%s", holders.len ? ", " : "", TextDatumGetCString(d));
			}
		if (holders.len > 0)
			u->holder = holders.data;

		if (!u->active)
			u->fault = "inactive";
		else if (excluded != 0 && UnderUnit(urel, u->id, u->has_parent, u->parent_id, excluded))
		{
			u->fault = "excluded";
			u->excluded = excluded;
		}
		else if (u->holder != NULL)
			u->fault = "held";
		else if (!u->kept)
		{
			foreach(lc, assignments)
			{
				OrderAssignment *a = (OrderAssignment *) lfirst(lc);

				if (a->open && !a->unit_null && a->unit_id == u->id)
					u->fault = "open";
			}
		}
		if (u->fault == NULL && u->twice)
			u->fault = "twice";
		/* a sub-unit of the passing unit (parent_id IS NOT DISTINCT FROM its unit) */
		if (u->fault == NULL && pass_down &&
			(u->has_parent == parent_unit_null || (u->has_parent && u->parent_id != parent_unit)))
			u->fault = "not_sub";
	}
	table_close(urel, NoLock);
}

/*
 * RaiseUnitFault
 *		The error of unit u's fault (CheckUnits): the action wrote no
 *		assignment, and the error undoes it.
 */
static void RaiseUnitFault(EngineAction *ea, NamedUnit *u) pg_attribute_noreturn();

static void
RaiseUnitFault(EngineAction *ea, NamedUnit *u)
{
	char	   *order_no = DatumGetCString(DirectFunctionCall1(order_no_out, Int64GetDatum(ea->order_no)));
	const char *fault = u->fault;
	const char *code = u->code;

	if (strcmp(fault, "no_code") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("action \"%s\" names a unit without a code", ea->action)));
	if (strcmp(fault, "missing") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit \"%s\" does not exist", code),
				 errhint("Units are rows of hotline.unit, named by their code.")));
	if (strcmp(fault, "inactive") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit \"%s\" is not active", code),
				 errhint("Dispatch to the unit that took over its duties.")));
	if (strcmp(fault, "excluded") == 0 && u->excluded == u->id)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("the order cannot go to unit \"%s\", which it is about", code),
				 errdetail("Order %s names unit \"%s\" itself, and workflow \"%s\" keeps such an order away from it (its option exclude_unit).",
						   order_no, code, ea->workflow),
				 errhint("Name another unit, such as the supervising department.")));
	if (strcmp(fault, "excluded") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("the order cannot go to unit \"%s\", a sub-unit of unit \"%s\", which it is about",
						code, UnitCode(u->excluded)),
				 errdetail("Order %s names unit \"%s\", and workflow \"%s\" keeps such an order away from it and its sub-units (its option exclude_unit, R-4.6).",
						   order_no, UnitCode(u->excluded), ea->workflow),
				 errhint("Name a unit outside its tree, such as the supervising department.")));
	if (strcmp(fault, "held") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("order %s already has %s unit \"%s\"", order_no, u->role, u->holder),
				 errdetail("An order has one open %s unit at a time (R-4.4); it has not returned the order.",
						   u->role),
				 errhint("Name \"%s\" in %s to add other units, or wait for its return.", u->holder, u->param)));
	if (strcmp(fault, "open") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit \"%s\" already holds an open assignment of this order", code)));
	if (strcmp(fault, "twice") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit \"%s\" is named twice", code)));
	if (strcmp(fault, "not_sub") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit \"%s\" is not a sub-unit of the unit passing the order down", code),
				 errdetail("An order can be passed down only to the passing unit's own sub-units (R-4.5)."),
				 errhint("Dispatch to other units through the hotline.")));
	elog(ERROR, "hotline engine: unknown unit fault \"%s\"", fault);
}

/*
 * WithParams
 *		End the attributes being built in *state (an object) with the
 *		action's parameters over them (a key pushed again replaces the one
 *		before, as ||), as a jsonb Datum.
 */
static Datum
WithParams(JsonbParseState **state, EngineAction *ea)
{
	JsonbIterator *it = JsonbIteratorInit(&DatumGetJsonbP(ea->params)->root);
	JsonbValue	v;
	JsonbIteratorToken tok;

	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		if (tok == WJB_KEY || tok == WJB_VALUE)
			(void) pushJsonbValue(state, tok, &v);
	return JsonbPGetDatum(JsonbValueToJsonb(pushJsonbValue(state, WJB_END_OBJECT, NULL)));
}

/*
 * LimitAttributes
 *		What the limits of the new assignments are chosen by (a jsonb
 *		object): the action's parameters over the acting assignment's
 *		columns (parent, when there is one) over the order's (order), the
 *		columns the limits' conditions name (AttributeColumns), as the
 *		statements' (order || parent || params) give them.
 */
static Datum
LimitAttributes(EngineAction *ea, Relation orel, HeapTuple order, Relation arel, HeapTuple parent)
{
	JsonbParseState *state = NULL;

	(void) pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	PushRowAttributes(&state, orel, order, LimitColumns(ea, false));
	if (parent != NULL)
		PushRowAttributes(&state, arel, parent, LimitColumns(ea, true));
	return WithParams(&state, ea);
}

/*
 * AssignColumns
 *		The columns an assign or pass_down effect writes besides the
 *		engine's: those its "columns" copy from the parameters, then those
 *		its "inherit" copies from the parent assignment only (names checked
 *		against the catalog when the definition was stored).
 */
static List *
AssignColumns(Datum effect)
{
	List	   *columns = EffectNames(effect, "columns");
	ListCell   *lc;

	foreach(lc, EffectNames(effect, "inherit"))
		if (!NameInList((char *) lfirst(lc), columns))
			columns = lappend(columns, lfirst(lc));
	return columns;
}

/*
 * JsonbAsColumn
 *		A JSON value (not null) as a value of a column of type and typmod,
 *		as jsonb_populate_record converts a scalar: a string's text, or the
 *		JSON text of anything else, through the type's input function; the
 *		JSON itself for a json or jsonb column.
 */
static Datum
JsonbAsColumn(JsonbValue *v, Oid type, int32 typmod)
{
	Oid			in;
	Oid			ioparam;
	char	   *text;

	if (type == JSONBOID)
		return JsonbPGetDatum(JsonbValueToJsonb(v));
	if (type == JSONOID || v->type != jbvString)
		text = JsonbToCString(NULL, &JsonbValueToJsonb(v)->root, 0);
	else
		text = pnstrdup(v->val.string.val, v->val.string.len);
	getTypeInputInfo(type, &in, &ioparam);
	return OidInputFunctionCall(in, text, ioparam, typmod);
}

/*
 * AssignColumnValues
 *		The values of the columns (AssignColumns) of the new assignments
 *		into values and nulls: a column's parameter ("columns": {column:
 *		parameter}) when the action gives it, else, for a column the effect
 *		inherits, the parent assignment's (parent; NULL without one), else
 *		NULL.  types gets the columns' types.
 */
static void
AssignColumnValues(EngineAction *ea, Datum effect, List *columns, Relation arel, HeapTuple parent,
				   Datum *values, char *nulls, Oid *types)
{
	Jsonb	   *params = DatumGetJsonbP(ea->params);
	TupleDesc	desc = RelationGetDescr(arel);
	List	   *inherited = EffectNames(effect, "inherit");
	JsonbValue	copied;
	bool		has_copied = getKeyJsonValueFromContainer(&DatumGetJsonbP(effect)->root, "columns", 7,
														  &copied) != NULL && copied.type == jbvBinary;
	ListCell   *lc;

	foreach(lc, columns)
	{
		const char *col = (const char *) lfirst(lc);
		int			k = foreach_current_index(lc);
		AttrNumber	attno = HotlineColumn(arel, col);
		Form_pg_attribute att = TupleDescAttr(desc, attno - 1);
		JsonbValue	param;
		JsonbValue	v;
		bool		isnull;

		types[k] = att->atttypid;
		nulls[k] = 'n';
		values[k] = (Datum) 0;
		if (has_copied &&
			getKeyJsonValueFromContainer(copied.val.binary.data, col, strlen(col), &param) != NULL &&
			param.type == jbvString &&
			getKeyJsonValueFromContainer(&params->root, param.val.string.val, param.val.string.len, &v) != NULL &&
			v.type != jbvNull)
		{
			values[k] = JsonbAsColumn(&v, att->atttypid, att->atttypmod);
			nulls[k] = ' ';
		}
		else if (parent != NULL && NameInList(col, inherited))
		{
			values[k] = heap_getattr(parent, attno, desc, &isnull);
			nulls[k] = isnull ? 'n' : ' ';
		}
	}
}

/*
 * AssignInsertSql
 *		The INSERT of one new assignment of an assign or pass_down effect:
 *		$1 order, $2 unit, $3 parent assignment, $4 role, $5 state, $6 and
 *		$7 the sign and reply limits, $8 the unit's calendar, $9 the
 *		parent's reply deadline, then the columns (AssignColumns, quoted);
 *		with its alarms, reminders and hastenings of the workflow's time
 *		rules, as hotline.alarm_compute writes them (alarms).
 */
static char *
AssignInsertSql(List *columns, bool alarms)
{
	StringInfoData cols;
	StringInfoData vals;
	char	   *insert;
	ListCell   *lc;

	initStringInfo(&cols);
	initStringInfo(&vals);
	foreach(lc, columns)
	{
		appendStringInfo(&cols, ", %s", quote_identifier((char *) lfirst(lc)));
		appendStringInfo(&vals, ", $%d", foreach_current_index(lc) + 10);
	}
	insert = psprintf("INSERT INTO hotline.assignment AS n (order_no, unit_id, parent_id, role, state, dispatched_at, "
					  "    sign_limit, sign_due, reply_limit, reply_from, reply_due%s) "
					  "VALUES (" ORDER_NO_SQL ", $2, $3, $4, $5, now(), $6, hotline.deadline($8, now(), $6), "
					  "    $7, now(), least(hotline.deadline($8, now(), $7), $9)%s)",
					  cols.data, vals.data);
	if (!alarms)
		return insert;
	return psprintf("WITH a AS (%s RETURNING n.order_no, n.id, n AS row) " ALARM_INSERT
					"SELECT a.order_no, a.id, x.rule, x.kind, x.due_at, x.fire_at FROM a, "
	/* the order by its key (OFFSET 0: a generic plan must not hash the table) */
					"  LATERAL (SELECT o FROM hotline.work_order o WHERE o.order_no = a.order_no OFFSET 0) o, "
					"  LATERAL hotline.alarm_rows(o.o, a.row, $8, NULL) x " ALARM_INSERT_END,
					insert);
}

/*
 * EffectAssign
 *		Create the assignments of an assign effect (R-4.2, R-4.4) or of a
 *		pass-down (R-4.5), in the roles its "units" give, with their
 *		deadlines on the unit's calendar and the columns its "columns" copy
 *		from the parameters (a pass-down falls back to the parent
 *		assignment's value).  A passed-down reply deadline never ends after
 *		the passing unit's own (it reviews the sub-units' replies before it
 *		replies, R-4.5): the sub-unit's limit is a maximum.  The limits are
 *		kept with them (sign_limit, reply_limit, counted from reply_from),
 *		so that a change of the calendar can compute the deadlines again.
 *		Every unit is checked first (CheckUnits): a unit that may not get
 *		an assignment is an error, and none is written.
 */
static void
EffectAssign(EngineAction *ea, Datum effect, bool pass_down)
{
	ActionPlanSlot slot = pass_down ? PLAN_PASS_DOWN : PLAN_ASSIGN;
	SPIPlanPtr	plan = KeptPlan(ea, slot);
	List	   *columns = AssignColumns(effect);
	int			ncols = list_length(columns);
	Oid		   *types = palloc(sizeof(Oid) * (9 + ncols));
	Datum	   *values = palloc0(sizeof(Datum) * (9 + ncols));
	char	   *nulls = palloc(9 + ncols);
	NamedUnit  *units;
	int			n;
	int			i;
	bool		any = false;
	Relation	orel;
	Relation	arel;
	HeapTuple	order;
	HeapTuple	parent;
	static const char *const deadlines[2] = {"sign_deadline", "reply_deadline"};

	units = NamedUnits(ea, effect, &n);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("action \"%s\" names no unit", ea->action),
				 errhint("Name the units in %s.", UnitParams(effect))));
	RowsBegin();
	orel = HotlineTable("work_order", AccessShareLock);
	arel = HotlineTable("assignment", AccessShareLock);
	CheckUnits(ea, units, n, pass_down, orel, &order, arel, &parent);
	RowsEnd();
	for (i = 0; i < n; i++)
	{
		if (units[i].fault != NULL)
			RaiseUnitFault(ea, &units[i]);
		any |= !units[i].kept;
	}

	if (any)
	{
		Datum		attributes = LimitAttributes(ea, orel, order, arel, parent);
		bool		isnull = true;
		char	   *state;

		memset(nulls, ' ', 9);
		values[0] = Int64GetDatum(ea->order_no);
		types[0] = types[1] = types[2] = INT8OID;
		values[2] = Int64GetDatum(ea->assignment_id);
		nulls[2] = ea->has_assignment ? ' ' : 'n';
		types[3] = types[4] = types[7] = TEXTOID;
		state = HotlineJsonbField(DatumGetJsonbP(effect), "state");
		values[4] = state ? CStringGetTextDatum(state) : (Datum) 0;
		nulls[4] = state ? ' ' : 'n';
		/* the limits, chosen once for all the units */
		for (i = 0; i < 2; i++)
		{
			char	   *deadline = HotlineJsonbField(DatumGetJsonbP(effect), deadlines[i]);

			types[5 + i] = LimitsOf(ea->workflow)->typid;
			nulls[5 + i] = deadline == NULL ? 'n' : ' ';
			if (deadline != NULL)
				values[5 + i] = WorkflowTimeLimit(ea->workflow, deadline, attributes);
		}
		types[8] = TIMESTAMPTZOID;
		values[8] = parent == NULL ? (Datum) 0 :
			heap_getattr(parent, HotlineColumn(arel, "reply_due"), RelationGetDescr(arel), &isnull);
		nulls[8] = parent == NULL || isnull ? 'n' : ' ';
		AssignColumnValues(ea, effect, columns, arel, parent, values + 9, nulls + 9, types + 9);
		if (plan == NULL)
			plan = KeepPlan(ea, slot, AssignInsertSql(columns, ea->def->alarms), 9 + ncols, types);

		/* in the order named */
		for (i = 0; i < n; i++)
		{
			if (units[i].kept)
				continue;
			values[1] = Int64GetDatum(units[i].id);
			values[3] = CStringGetTextDatum(units[i].role);
			values[7] = units[i].calendar ? CStringGetTextDatum(units[i].calendar) : (Datum) 0;
			nulls[7] = units[i].calendar ? ' ' : 'n';
			PlanExec(plan, values, nulls, SPI_OK_INSERT);
		}
	}
	table_close(orel, NoLock);
	table_close(arel, NoLock);
}

/*
 * SetDueColumns
 *		The order's deadlines a set_due effect names (an object, or an array
 *		of objects, each with "column"), into ea->set_due; each must be a
 *		deadline of hotline.work_order (IsDueColumn: checked when the
 *		definition was stored, again here against today's catalog).
 */
static void
SetDueColumns(EngineAction *ea, Jsonb *effect)
{
	JsonbIterator *it = JsonbIteratorInit(&effect->root);
	JsonbValue	v;
	JsonbIteratorToken tok;
	bool		is_object = JB_ROOT_IS_OBJECT(effect);

	ea->set_due = NIL;
	ea->set_due_array = !is_object;
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		JsonbValue	col;
		JsonbContainer *obj;
		char	   *name;

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
		if (!IsDueColumn(name))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("effect set_due of action \"%s\" names an unknown column: %s", ea->action, name),
					 errhint("Register workflow \"%s\" again with a column <name>_due of hotline.work_order "
							 "that has <name>_limit and <name>_from beside it.", ea->workflow)));
		ea->set_due = lappend(ea->set_due, name);
		if (is_object)
			break;
	}
}

/*
 * SetDueNames
 *		Whether the action's set_due names column.
 */
static bool
SetDueNames(EngineAction *ea, const char *column)
{
	return NameInList(column, ea->set_due);
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

/*
 * StampColumn
 *		The column the action's stamp effect sets (quoted), or NULL; checked
 *		against the catalog (IsStampColumn).
 */
static const char *
StampColumn(EngineAction *ea)
{
	JsonbValue	v;
	char	   *col;

	if (getKeyJsonValueFromContainer(&DatumGetJsonbP(ea->effects)->root, "stamp", 5, &v) == NULL)
		return NULL;
	col = v.type == jbvString ? pnstrdup(v.val.string.val, v.val.string.len) : "(not a string)";
	if (!IsStampColumn(col))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("effect stamp of action \"%s\" names an unknown column: %s", ea->action, col),
				 errhint("Register workflow \"%s\" again with a timestamptz column of hotline.assignment.",
						 ea->workflow)));
	return quote_identifier(col);
}

/*
 * ReopenSql
 *		The UPDATE of a reopen_assignments effect: the top-level assignments
 *		in its from_states get its state, open again, with the stamps its
 *		"clear" names cleared (quoted; checked against the catalog when the
 *		definition was loaded) and a new reply deadline of its limit.
 */
static char *
ReopenSql(EngineAction *ea, Datum effect)
{
	StringInfoData clear;
	char	   *redo_limit;
	ListCell   *lc;

	initStringInfo(&clear);
	foreach(lc, EffectNames(effect, "clear"))
	{
		char	   *col = (char *) lfirst(lc);

		if (!IsStampColumn(col))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("effect reopen_assignments of action \"%s\" names an unknown column: %s",
							ea->action, col),
					 errhint("Register workflow \"%s\" again with timestamptz columns of hotline.assignment.",
							 ea->workflow)));
		appendStringInfo(&clear, "%s = NULL, ", quote_identifier(col));
	}
	/* the limit of the redo, for the assignment a of order o */
	redo_limit = psprintf(ASSIGNMENT_LIMIT("o.workflow", "reply_deadline", "%s"), AssignmentAttributes(ea, "a",
															  RowAttributes(ea->workflow, "work_order", "o", "'{}'::jsonb")));
	return psprintf("UPDATE hotline.assignment a SET state = $3 ->> 'state', closed_at = NULL, %s"
					"       updated_at = now(), "
					"       reply_due = coalesce(hotline.deadline(u.calendar, now(), %s), a.reply_due), "
					"       reply_limit = coalesce(%s, a.reply_limit), "
					"       reply_from = CASE WHEN $3 ? 'reply_deadline' THEN now() ELSE a.reply_from END "
					"FROM hotline.unit u, hotline.work_order o "
					"WHERE a.order_no = " ORDER_NO_SQL " AND a.parent_id IS NULL AND u.id = a.unit_id "
					"  AND o.order_no = a.order_no "
					"  AND a.state = ANY (ARRAY(SELECT jsonb_array_elements_text($3 -> 'from_states')))",
					clear.data, redo_limit, redo_limit);
}

/*
 * ApplyEffects
 *		Apply the action's effects on assignments in a fixed order (R-14.2:
 *		the engine knows effects, the workflow chooses them).  What they do
 *		to the order itself is left to UpdateOrder, which writes it in one
 *		row version with the order's new state.  Every statement on an
 *		assignment names the order too (the distribution key of a cluster).
 */
static void
ApplyEffects(EngineAction *ea)
{
	Datum		e;
	const char *stamp;

	if ((e = EffectValue(ea, "assign")) != (Datum) 0)
	{
		EffectAssign(ea, e, false);
		ea->order_reply_due = true;
	}
	if ((e = EffectValue(ea, "pass_down")) != (Datum) 0)
		EffectAssign(ea, e, true);
	if (!ea->stamp_done && EffectValue(ea, "stamp") != (Datum) 0)
	{
		SPIPlanPtr	plan = KeptPlan(ea, PLAN_STAMP);

		if (plan == NULL && (stamp = StampColumn(ea)) != NULL)
			plan = KeepPlan(ea, PLAN_STAMP, psprintf("UPDATE hotline.assignment SET %s = now() "
													 "WHERE order_no = " ORDER_NO_SQL " AND id = $4", stamp),
							6, effect_types);
		EffectExecPlan(ea, (Datum) 0, plan, SPI_OK_UPDATE);
	}
	if (EffectIsTrue(ea, "close_assignment"))
	{
		if (!ea->close_done)
			EffectExec(ea, (Datum) 0, "UPDATE hotline.assignment SET closed_at = now() "
					   "WHERE order_no = " ORDER_NO_SQL " AND id = $4", SPI_OK_UPDATE);
		ea->order_reply_due = true;
	}
	if ((e = EffectValue(ea, "extend_due")) != (Datum) 0)
	{
		EffectExec(ea, e,
				   "SELECT ($2 ->> 'new_deadline')::timestamptz > greatest(a.reply_due, now()), a.reply_due "
				   "FROM hotline.assignment a WHERE a.order_no = " ORDER_NO_SQL " AND a.id = $4", SPI_OK_SELECT);
		if (SPI_processed != 1 || !EngineBool(1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the new deadline must be later than the current one and than now"),
					 errdetail("The current deadline is %s.", SPI_processed == 1 && EngineText(2) ? EngineText(2) : "not set"),
					 errhint("Pass new_deadline => a later time, e.g. hotline.deadline('cn', now(), '5 working days').")));
		/* a deadline given as a date is kept as it is: no limit to count again */
		EffectExec(ea, e, "UPDATE hotline.assignment SET reply_due = ($2 ->> 'new_deadline')::timestamptz, "
				   "reply_limit = NULL WHERE order_no = " ORDER_NO_SQL " AND id = $4",
				   SPI_OK_UPDATE);
		ea->order_reply_due = true;
	}
	if ((e = EffectValue(ea, "reopen_assignments")) != (Datum) 0)
	{
		SPIPlanPtr	plan = KeptPlan(ea, PLAN_REOPEN);

		if (plan == NULL)
			plan = KeepPlan(ea, PLAN_REOPEN, ReopenSql(ea, e), 6, effect_types);
		EffectExecPlan(ea, e, plan, SPI_OK_UPDATE);
		ea->order_reply_due = true;
	}
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
 * AllAssignmentsIn
 *		Whether every top-level assignment of the order is, after what the
 *		action did to them, in one of the states of order_state_when_all
 *		(when_all: "assignment_states") or of those it ignores
 *		("ignore_states"): read by the order's key under a new snapshot
 *		(a subquery in the order's UPDATE cost a reply a tenth of its time,
 *		issue 9).
 */
static bool
AllAssignmentsIn(EngineAction *ea, Jsonb *when_all)
{
	Relation	rel;
	TupleDesc	desc;
	AttrNumber	col_parent;
	AttrNumber	col_state;
	ScanKeyData skey;
	SysScanDesc scan;
	HeapTuple	tup;
	Datum		key = Int64GetDatum(ea->order_no);
	bool		all = true;

	RowsBegin();
	rel = HotlineTable("assignment", AccessShareLock);
	desc = RelationGetDescr(rel);
	col_parent = HotlineColumn(rel, "parent_id");
	col_state = HotlineColumn(rel, "state");
	scan = HotlineKeyScan(rel, RelationGetPrimaryKeyIndex(rel), 1, &key, &skey);
	while (all && (tup = systable_getnext(scan)) != NULL)
	{
		bool		isnull;
		Datum		state;
		char	   *s;

		CHECK_FOR_INTERRUPTS();
		(void) heap_getattr(tup, col_parent, desc, &isnull);
		if (!isnull)
			continue;
		state = heap_getattr(tup, col_state, desc, &isnull);
		if (isnull)
			continue;
		s = TextDatumGetCString(state);
		all = JsonbArrayHas(&when_all->root, "assignment_states", s) || JsonbArrayHas(&when_all->root, "ignore_states", s);
	}
	systable_endscan(scan);
	table_close(rel, NoLock);
	RowsEnd();
	return all;
}

/* The history's one INSERT (R-1.6), of RecordEvent and of UpdateOrder */
#define EVENT_INSERT \
	"INSERT INTO hotline.order_event (order_no, assignment_id, actor, role, action, " \
	"                                 from_state, to_state, reason, payload, actor_name) "

/*
 * The action's event in UpdateOrder's statement, after the order's UPDATE
 * u: $5 assignment, $6 actor, $7 role, $8 action, $9 and $10 the states of
 * what it acted on; an action on an assignment ($11) that moved the order
 * from its state $12 says so in the payload (AppendEvent); $15 the staff
 * member's name
 */
#define EVENT_FROM_UPDATE \
	EVENT_INSERT "SELECT " ORDER_NO_SQL ", $5, $6, $7, $8, $9, $10, $2 ->> 'reason', " \
	"  CASE WHEN $11 AND u.state IS DISTINCT FROM $12 " \
	"       THEN $2 || jsonb_build_object('order_from', $12, 'order_to', u.state) ELSE $2 END, $15 " \
	"FROM u"

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
 *
 * With with_event, the same statement appends the action's event to the
 * history (AppendEvent's, in a data-modifying CTE: one statement fewer per
 * action, each of which costs its planning checks, executor start and end,
 * issue 9); returns whether it did (false when nothing was run).
 */
static bool
UpdateOrder(EngineAction *ea, bool order_scope, bool with_event)
{
	StringInfoData sql;
	StringInfoData state;
	bool		any = false;
	int			k;
	ListCell   *lc;
	/*
	 * order, params, effects, to_state; the event's (see EVENT_FROM_UPDATE:
	 * NULL without one); the workflow's calendar
	 */
	Oid			types[15] = {INT8OID, JSONBOID, JSONBOID, TEXTOID, INT8OID, TEXTOID, TEXTOID, TEXTOID,
	TEXTOID, TEXTOID, BOOLOID, TEXTOID, TEXTOID, BOOLOID, TEXTOID};
	Datum		values[15];
	char		nulls[15] = {' ', ' ', ' ', ' ', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'n', ' ', ' ', 'n'};
	bool		keep = !ea->opening && ea->def->kept;	/* an opening's differs: not kept */
	SPIPlanPtr	plan = keep ? KeptPlan(ea, PLAN_ORDER) : NULL;
	Datum		e;
	char	   *order_attributes = NULL;

	/*
	 * the alarms of the order's deadlines the action sets are computed here
	 * (the order's alarm trigger is off while the engine writes: a trigger
	 * in PL/pgSQL comparing the rows as JSON cost a review a third of its
	 * time, issue 9)
	 */
	bool		alarms;

	if (keep && ea->def->order_noop)
		return false;
	if (plan != NULL)
	{
		alarms = ea->def->order_due_alarms;
		goto execute;
	}

	/* the order's deadlines set_due names (an opening set them already) */
	if (!ea->opening && (e = EffectValue(ea, "set_due")) != (Datum) 0)
		SetDueColumns(ea, DatumGetJsonbP(e));
	alarms = !ea->opening && ea->def->order_alarms && ea->set_due != NIL;
	if (keep)
		ea->def->order_due_alarms = alarms;

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

		/* $14: whether all its top-level assignments are in the states (AllAssignmentsIn) */
		resetStringInfo(&state);
		appendStringInfo(&state, "CASE WHEN $14 THEN $3 -> 'order_state_when_all' ->> 'order_state' ELSE %s END",
						 otherwise);
	}
	if (state.len)
	{
		appendStringInfo(&sql, ", state = %s", state.data);
		any = true;
	}

	/*
	 * the deadlines: set_due wins over the assignments' latest reply
	 * deadline; each with its limit and start (NULL when cleared), the
	 * limit chosen by the parameters over the order row
	 */
	k = 0;
	foreach(lc, ea->set_due)
	{
		char	   *base = DueBase((char *) lfirst(lc));
		int			i = k++;
		char	   *d;

		if (SetDueClears(ea, i))
		{
			/* no deadline: cleared, with its limit and start */
			appendStringInfo(&sql, ", %s = NULL, %s = NULL, %s = NULL",
							 quote_identifier(psprintf("%s_due", base)), quote_identifier(psprintf("%s_limit", base)),
							 quote_identifier(psprintf("%s_from", base)));
			any = true;
			continue;
		}
		if (order_attributes == NULL)
			order_attributes = RowAttributes(ea->workflow, "work_order", "o", "'{}'::jsonb");
		d = SetDueElement(ea, i, "$3");
		/* the workflow's calendar is $13 (the cached definition's) */
		appendStringInfo(&sql, ", (%s, %s, %s) = "
						 "(SELECT hotline.deadline($13, now(), l.l), l.l, CASE WHEN l.l IS NOT NULL THEN now() END "
						 "  FROM (SELECT " LIMIT_OF("o.workflow", "%s ->> 'deadline'", "(%s || $2)") " AS l) l)",
						 quote_identifier(psprintf("%s_due", base)), quote_identifier(psprintf("%s_limit", base)),
						 quote_identifier(psprintf("%s_from", base)), d, order_attributes);
		any = true;
	}
	if (ea->order_reply_due && !SetDueNames(ea, "reply_due"))
	{
		/*
		 * The contract of reply_due (README): the order's is the latest of
		 * its open assignments', with no limit of its own; its one
		 * definition is hotline.order_reply_due, which the planner inlines
		 * here (the same index probe as the query written out)
		 */
		appendStringInfoString(&sql, ", reply_due = (SELECT d FROM hotline.order_reply_due(o.order_no) d), "
							   "  reply_limit = NULL, reply_from = NULL");
		any = true;
	}

	/* closing, archiving, merging (R-8.1) */
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
	{
		if (keep)
			ea->def->order_noop = true;
		return false;
	}
	if (alarms)
	{
		/*
		 * the deadlines set_due set or moved (not cleared), as the alarm
		 * trigger would compare them: the row before the statement is read
		 * by the statement's snapshot
		 */
		StringInfoData old;
		StringInfoData changed;

		initStringInfo(&old);
		initStringInfo(&changed);
		foreach(lc, ea->set_due)
		{
			const char *col = quote_identifier((char *) lfirst(lc));

			appendStringInfo(&old, "%sw.%s", old.len ? ", " : "", col);
			appendStringInfo(&changed, "%sCASE WHEN o.%s IS NOT NULL AND o.%s IS DISTINCT FROM old.%s THEN %s END",
							 changed.len ? ", " : "", col, col, col, quote_literal_cstr((char *) lfirst(lc)));
		}
		appendStringInfo(&sql, " FROM (SELECT %s FROM hotline.work_order w WHERE w.order_no = " ORDER_NO_SQL ") old",
						 old.data);
		appendStringInfo(&sql, " WHERE o.order_no = " ORDER_NO_SQL " RETURNING o.state, "
						 "NULLIF(pg_catalog.array_remove(ARRAY[%s]::text[], NULL), '{}'::text[]) AS changed",
						 changed.data);
	}
	else
		appendStringInfoString(&sql, " WHERE o.order_no = " ORDER_NO_SQL " RETURNING o.state, NULL::text[] AS changed");
	if (with_event)
	{
		char	   *update = sql.data;

		initStringInfo(&sql);
		appendStringInfo(&sql, "WITH u AS (%s), e AS (" EVENT_FROM_UPDATE ") SELECT u.state, u.changed FROM u", update);
	}
	plan = keep ? KeepPlan(ea, PLAN_ORDER, sql.data, lengthof(types), types) :
		EnginePlanFor(sql.data, lengthof(types), types);

execute:
	values[0] = Int64GetDatum(ea->order_no);
	values[1] = ea->params;
	values[2] = ea->effects;
	values[3] = ea->to_state ? CStringGetTextDatum(ea->to_state) : (Datum) 0;
	if (!ea->to_state)
		nulls[3] = 'n';
	values[12] = CStringGetTextDatum(ea->def->calendar);
	values[13] = BoolGetDatum(false);
	if ((e = EffectValue(ea, "order_state_when_all")) != (Datum) 0)
		values[13] = BoolGetDatum(AllAssignmentsIn(ea, DatumGetJsonbP(e)));
	if (with_event)
	{
		/* the event AppendEvent would write */
		const char *from = ea->from_state;
		const char *to = ea->to_state ? ea->to_state : ea->from_state;

		memset(nulls + 4, ' ', 8);

		values[4] = Int64GetDatum(ea->assignment_id);
		nulls[4] = ea->has_assignment ? ' ' : 'n';
		values[5] = CStringGetTextDatum(ea->actor);
		values[6] = ea->role ? CStringGetTextDatum(ea->role) : (Datum) 0;
		nulls[6] = ea->role ? ' ' : 'n';
		values[7] = CStringGetTextDatum(ea->action);
		values[8] = CStringGetTextDatum(from);
		values[9] = CStringGetTextDatum(to);
		values[10] = BoolGetDatum(!order_scope);
		values[11] = CStringGetTextDatum(ea->order_state);
		values[14] = ea->actor_name ? CStringGetTextDatum(ea->actor_name) : (Datum) 0;
		nulls[14] = ea->actor_name ? ' ' : 'n';
	}
	PlanExec(plan, values, nulls, with_event ? SPI_OK_SELECT : SPI_OK_UPDATE_RETURNING);
	ea->order_after = pstrdup(EngineText(1));
	if (alarms)
	{
		bool		isnull;
		Datum		changed = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);
		Oid			t2[2] = {INT8OID, TEXTARRAYOID};
		Datum		v2[2];

		/* no trigger ran for them (AlarmsOff): the alarms of what moved */
		if (!isnull)
		{
			v2[0] = Int64GetDatum(ea->order_no);
			v2[1] = changed;
			EngineExec("SELECT hotline.alarm_compute(" ORDER_NO_SQL ", NULL, $2, false)",
					   2, t2, v2, NULL, SPI_OK_SELECT);
		}
	}
	return with_event;
}

/*
 * RecordEvent
 *		Append one event to an order's history (R-1.6) and return its id:
 *		the one writer of hotline.order_event.  The engine's actions call it
 *		directly; every SQL writer (supervision, the sweep, the jobs, the
 *		event rules) calls it as hotline.record_event.  reason (text) and
 *		payload (jsonb) may be (Datum) 0 for none; the caller holds the
 *		order's lock and is connected to SPI.
 */
static int64
RecordEvent(int64 order_no, bool has_assignment, int64 assignment_id, const char *actor,
			const char *actor_name, const char *role, const char *action, const char *from_state,
			const char *to_state, Datum reason, Datum payload)
{
	Oid			types[10] = {INT8OID, INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID,
	JSONBOID, TEXTOID};
	Datum		values[10];
	char		nulls[10] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
	bool		isnull;

	values[0] = Int64GetDatum(order_no);
	values[1] = Int64GetDatum(assignment_id);
	nulls[1] = has_assignment ? ' ' : 'n';
	values[2] = actor ? CStringGetTextDatum(actor) : (Datum) 0;
	nulls[2] = actor ? ' ' : 'n';
	values[3] = role ? CStringGetTextDatum(role) : (Datum) 0;
	nulls[3] = role ? ' ' : 'n';
	values[4] = action ? CStringGetTextDatum(action) : (Datum) 0;
	nulls[4] = action ? ' ' : 'n';
	values[5] = from_state ? CStringGetTextDatum(from_state) : (Datum) 0;
	nulls[5] = from_state ? ' ' : 'n';
	values[6] = to_state ? CStringGetTextDatum(to_state) : (Datum) 0;
	nulls[6] = to_state ? ' ' : 'n';
	values[7] = reason;
	nulls[7] = reason ? ' ' : 'n';
	values[8] = payload;
	nulls[8] = payload ? ' ' : 'n';
	values[9] = actor_name ? CStringGetTextDatum(actor_name) : (Datum) 0;
	nulls[9] = actor_name ? ' ' : 'n';
	EngineExec(EVENT_INSERT
			   "VALUES (" ORDER_NO_SQL ", $2, $3, $4, $5, $6, $7, $8, coalesce($9, '{}'), $10) RETURNING id",
			   10, types, values, nulls, SPI_OK_INSERT_RETURNING);
	return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

/*
 * JsonbFieldText
 *		The value of key in the jsonb object obj as text, as ->> gives it
 *		((Datum) 0 when it is absent or JSON null).
 */
static Datum
JsonbFieldText(Datum obj, const char *key)
{
	char	   *v = HotlineJsonbField(DatumGetJsonbP(obj), key);

	return v == NULL ? (Datum) 0 : CStringGetTextDatum(v);
}

/*
 * JsonbWithPairs
 *		params with the string keys k1 and k2 set to v1 and v2 (params ||
 *		{k1: v1, k2: v2}).
 */
static Datum
JsonbWithPairs(Datum params, const char *k1, const char *v1, const char *k2, const char *v2)
{
	StringInfoData s;

	initStringInfo(&s);
	appendStringInfoChar(&s, '{');
	escape_json(&s, k1);
	appendStringInfoChar(&s, ':');
	escape_json(&s, v1);
	if (k2 != NULL)
	{
		appendStringInfoChar(&s, ',');
		escape_json(&s, k2);
		appendStringInfoChar(&s, ':');
		escape_json(&s, v2);
	}
	appendStringInfoChar(&s, '}');
	return DirectFunctionCall2(jsonb_concat, params, DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data)));
}

/*
 * AppendEvent
 *		Append the action's event to the history (R-1.6): its parameters are
 *		the payload, their reason the event's.  When an action on an
 *		assignment moved the order, the payload says from which state to
 *		which.
 */
static void
AppendEvent(EngineAction *ea, const char *from_state, const char *to_state, bool on_assignment)
{
	Datum		payload = ea->params;

	if (on_assignment && strcmp(ea->order_state, ea->order_after) != 0)
		payload = JsonbWithPairs(payload, "order_from", ea->order_state, "order_to", ea->order_after);
	(void) RecordEvent(ea->order_no, ea->has_assignment, ea->assignment_id, ea->actor, ea->actor_name, ea->role,
					   ea->action, from_state, to_state, JsonbFieldText(ea->params, "reason"), payload);
}

/*
 * AppendMergedIn
 *		The order merged into gets an event "merged_in" naming the merged
 *		order (after the merged order's own event).
 */
static void
AppendMergedIn(EngineAction *ea)
{
	Datum		into = JsonbFieldText(ea->params, "into");
	char	   *from = DatumGetCString(DirectFunctionCall1(order_no_out, Int64GetDatum(ea->order_no)));

	(void) RecordEvent(DatumGetInt64(DirectFunctionCall1(order_no_in,
														 CStringGetDatum(TextDatumGetCString(into)))),
					   false, 0, ea->actor, ea->actor_name, ea->role, "merged_in", NULL, NULL, (Datum) 0,
					   JsonbWithPairs(DirectFunctionCall1(jsonb_in, CStringGetDatum("{}")), "from", from, NULL, NULL));
}

/*
 * hotline_record_event
 *		SQL: hotline.record_event(order_no, assignment_id, actor, role,
 *		action, from_state, to_state, reason, payload) -> the event's id:
 *		the history's one writer (RecordEvent) for SQL callers; the event
 *		names the staff member behind the actor when it is a staff login.
 */
Datum
hotline_record_event(PG_FUNCTION_ARGS)
{
	int64		id;
	const char *text_args[5];
	int			k;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("order_no must not be null"),
				 errhint("An event belongs to the history of one order.")));
	for (k = 0; k < 5; k++)
		text_args[k] = PG_ARGISNULL(2 + k) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2 + k));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/* the staff member behind an actor that is a login (an entry point's caller) */
	id = RecordEvent(PG_GETARG_INT64(0), !PG_ARGISNULL(1), PG_ARGISNULL(1) ? 0 : PG_GETARG_INT64(1),
					 text_args[0], text_args[0] ? StaffName(text_args[0]) : NULL, text_args[1], text_args[2], text_args[3], text_args[4],
					 PG_ARGISNULL(7) ? (Datum) 0 : PG_GETARG_DATUM(7),
					 PG_ARGISNULL(8) ? (Datum) 0 : PG_GETARG_DATUM(8));
	SPI_finish();
	PG_RETURN_INT64(id);
}

/*
 * Escalate
 *		Run the workflow's escalation rules of the action (emergencies,
 *		repeats, bad handling: R-2.3, R-2.4, R-5.2) after its event, through
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
 * AlarmsOff
 *		Tell the alarm triggers (hotline_alarms_wanted) which of the order's
 *		deadlines have no time rules in the action's workflow, while the
 *		engine writes its effects (on true), or nothing (on false: back to
 *		computing every alarm).
 */
static void
AlarmsOff(EngineAction *ea, bool on)
{
	alarms_off = !on ? 0 : ALARMS_OFF_ORDER | (ea->def->alarms ? 0 : ALARMS_OFF_ASSIGNMENTS);
	alarms_off_depth = hotline_engine_depth;
	alarms_off_order = ea->order_no;
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
	bool		recorded;

	CheckAction(ea);
	CallHooks(ea, "before");

	if (on_assignment && ea->to_state != NULL)
	{
		/* the state, and a stamp or the closing, in one row version */
		Oid			types[3] = {TEXTOID, INT8OID, INT8OID};
		Datum		values[3];
		SPIPlanPtr	plan = KeptPlan(ea, PLAN_STATE);

		values[0] = CStringGetTextDatum(ea->to_state);
		values[1] = Int64GetDatum(ea->assignment_id);
		values[2] = Int64GetDatum(ea->order_no);
		if (plan == NULL)
		{
			const char *stamp = StampColumn(ea);
			StringInfoData sql;

			initStringInfo(&sql);
			appendStringInfoString(&sql, "UPDATE hotline.assignment SET state = $1, updated_at = now()");
			if (stamp != NULL)
				appendStringInfo(&sql, ", %s = now()", stamp);
			if (EffectIsTrue(ea, "close_assignment"))
				appendStringInfoString(&sql, ", closed_at = now()");
			appendStringInfoString(&sql, " WHERE order_no = $3::pg_catalog.int8::hotline.order_no AND id = $2");
			plan = KeepPlan(ea, PLAN_STATE, sql.data, 3, types);
		}
		PlanExec(plan, values, NULL, SPI_OK_UPDATE);
		/* the stamp and the closing are done (the statement has them) */
		ea->stamp_done = EffectValue(ea, "stamp") != (Datum) 0;
		ea->close_done = EffectIsTrue(ea, "close_assignment");
	}
	AlarmsOff(ea, true);
	ApplyEffects(ea);
	/* the event with the order's UPDATE, or on its own */
	recorded = UpdateOrder(ea, !on_assignment, true);
	AlarmsOff(ea, false);

	if (!recorded)
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
 * EntryOwner
 *		The owner of the entry point called (fcinfo): the engine works with
 *		its rights.  The entry points are not SECURITY DEFINER, so that the
 *		engine sees who called it (GetUserId) before it takes them.
 */
static Oid
EntryOwner(FunctionCallInfo fcinfo)
{
	HeapTuple	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "hotline engine: cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
	owner = ((Form_pg_proc) GETSTRUCT(tup))->proowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * EngineEnter
 *		Note who called the entry point (ea->caller; trusted when it has the
 *		privileges of the owner: the owner's jobs, a superuser) and take the
 *		owner's rights, as a SECURITY DEFINER function would (*save_userid
 *		and *save_sec restore the caller's: EngineLeave; an error's abort
 *		restores them too).
 */
static void
EngineEnter(FunctionCallInfo fcinfo, EngineAction *ea, Oid *save_userid, int *save_sec)
{
	Oid			owner = EntryOwner(fcinfo);

	GetUserIdAndSecContext(save_userid, save_sec);
	ea->caller = *save_userid;
	ea->trusted = has_privs_of_role(ea->caller, owner);
	SetUserIdAndSecContext(owner, *save_sec | SECURITY_LOCAL_USERID_CHANGE);
}

/*
 * EngineLeave
 *		Back to the caller's rights (EngineEnter).
 */
static void
EngineLeave(Oid save_userid, int save_sec)
{
	SetUserIdAndSecContext(save_userid, save_sec);
}

/*
 * CallerSeesOrder
 *		For a caller that is not trusted, before anything of the order is
 *		looked at: whether it reads the order through the row-level security
 *		of hotline.work_order, asked with the caller's rights (save_sec: its
 *		security context).  An order it does not read answers as one that
 *		does not exist (no error tells another unit's order from none),
 *		except to a login excluded from it (回避), which ResolveRole tells
 *		so.  A caller that reads no order at all is refused at once.
 */
static SPIPlanPtr caller_sees_plan = NULL;

static void
CallerSeesOrder(EngineAction *ea, int save_sec)
{
	Oid			owner = GetUserId();
	Oid			relid = get_relname_relid("work_order", get_namespace_oid("hotline", false));
	AttrNumber	col = get_attnum(relid, "order_no");
	Oid			type = INT8OID;
	Datum		value = Int64GetDatum(ea->order_no);
	volatile bool seen = false;

	/* the table's privilege, or the column's (a unit's staff have those) */
	if (pg_class_aclcheck(relid, ea->caller, ACL_SELECT) != ACLCHECK_OK &&
		pg_attribute_aclcheck(relid, col, ea->caller, ACL_SELECT) != ACLCHECK_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("login \"%s\" may not act on work orders", GetUserNameFromId(ea->caller, false)),
				 errdetail("It reads no order (hotline.work_order): it has none of the roles that act in a workflow."),
				 errhint("Ask the administrator for the role of your part, e.g. GRANT hotline_agent TO %s.",
						 quote_identifier(GetUserNameFromId(ea->caller, false)))));
	SetUserIdAndSecContext(ea->caller, save_sec);
	PG_TRY();
	{
		/*
		 * a kept plan: the plan cache plans it again when another role runs
		 * it (its row-level security is the role's), so a backend serving
		 * one login plans it once
		 */
		if (caller_sees_plan == NULL)
			caller_sees_plan = HotlinePrepare("SELECT 1 FROM hotline.work_order o WHERE o.order_no = " ORDER_NO_SQL,
											  1, &type);
		if (SPI_execute_plan(caller_sees_plan, &value, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "hotline engine: reading the order as its caller failed");
		seen = SPI_processed > 0;
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE);
	}
	PG_END_TRY();
	if (!seen && !ExcludedFrom(ea->order_no, GetUserNameFromId(ea->caller, false)))
		OrderMissing(ea->order_no);
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
 * OrderMissing
 *		The error of an action (or a look-up) on an order that does not exist.
 */
static void OrderMissing(int64 order_no) pg_attribute_noreturn();

static void
OrderMissing(int64 order_no)
{
	ereport(ERROR,
			(errcode(ERRCODE_NO_DATA_FOUND),
			 errmsg("work order %s does not exist",
					DatumGetCString(DirectFunctionCall1(order_no_out, Int64GetDatum(order_no)))),
			 errhint("Check the number: it reads region-date-sequence, e.g. 110101-20261123-000042.")));
}

/*
 * Rows read and locked by their keys, without a statement
 *
 * Every action first locks its order (and, for an action of a unit, the
 * unit's open assignment), as SELECT ... FOR NO KEY UPDATE would: after it,
 * the order changes only by this transaction until it ends, so concurrent
 * actions on one order apply one after the other.  These are rows by their
 * keys, and a statement's start and end cost a tenth of an action, a
 * third for a join of three tables (issue 9); so they are read here the way
 * the executor reads them (ExecLockRows): a new command and snapshot, as
 * every statement of the engine takes; the rows found by an index under
 * that snapshot; a row locked in its latest version (in READ COMMITTED
 * waiting for a concurrent action on the order to end and taking the row
 * it left, checked again; in REPEATABLE READ and SERIALIZABLE a concurrent
 * change is a serialization failure).  The engine runs as the tables'
 * owner, so no privilege or row security applies, as for its statements.
 */

/*
 * LockLatest
 *		Lock the row at tid (FOR NO KEY UPDATE) in its latest version, into
 *		slot; false when it was deleted meanwhile.
 */
static bool
LockLatest(Relation rel, ItemPointer tid, TupleTableSlot *slot)
{
	TM_FailureData tmfd;
	TM_Result	res;

	/* as the executor refuses a locking SELECT (25006 on a standby too) */
	PreventCommandIfReadOnly("SELECT FOR NO KEY UPDATE");
	PreventCommandIfParallelMode("SELECT FOR NO KEY UPDATE");
	res = table_tuple_lock(rel, tid, GetActiveSnapshot(), slot, GetCurrentCommandId(true),
						   LockTupleNoKeyExclusive, LockWaitBlock,
						   IsolationUsesXactSnapshot() ? 0 : TUPLE_LOCK_FLAG_FIND_LAST_VERSION, &tmfd);
	switch (res)
	{
		case TM_Ok:
			return true;
		case TM_SelfModified:
			/* changed by a later command of this transaction: skipped, as the executor does */
			return false;
		case TM_Updated:
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("could not serialize access due to concurrent update")));
			break;
		case TM_Deleted:
			if (IsolationUsesXactSnapshot())
				ereport(ERROR,
						(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
						 errmsg("could not serialize access due to concurrent update")));
			return false;
		default:
			elog(ERROR, "hotline engine: unexpected result %d locking a row of %s", (int) res,
				 RelationGetRelationName(rel));
	}
	return false;				/* not reached */
}

/*
 * What an action acts on: its order's workflow and state, and the unit's
 * assignment when it names a unit
 */
typedef struct ActedRows
{
	char	   *workflow;
	char	   *order_state;
	char	   *assignment_state;
	int64		assignment_id;
	int64		assignment_unit;
} ActedRows;

/*
 * FetchRow
 *		The row at tid of rel into slot: locked in its latest version (lock),
 *		or as the active snapshot sees it.  False when there is none.
 */
static bool
FetchRow(Relation rel, ItemPointer tid, bool lock, TupleTableSlot *slot)
{
	if (lock)
		return LockLatest(rel, tid, slot);
	return table_tuple_fetch_row_version(rel, tid, GetActiveSnapshot(), slot);
}

/*
 * OrderRow
 *		The order's workflow and state into rows, the order locked (lock);
 *		false when there is no such order.  The caller has pushed the
 *		active snapshot.
 */
static bool
OrderRow(int64 order_no, bool lock, ActedRows *rows)
{
	Relation	rel = HotlineTable("work_order", lock ? RowShareLock : AccessShareLock);
	Datum		key = Int64GetDatum(order_no);
	ScanKeyData skey;
	SysScanDesc scan = HotlineKeyScan(rel, RelationGetPrimaryKeyIndex(rel), 1, &key, &skey);
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	HeapTuple	tup = systable_getnext(scan);
	bool		found = false;

	if (tup != NULL)
	{
		ItemPointerData tid = tup->t_self;
		bool		isnull;

		/* the row's latest version is still the order asked for */
		found = FetchRow(rel, &tid, lock, slot);
		if (found)
		{
			Datum		no = slot_getattr(slot, HotlineColumn(rel, "order_no"), &isnull);

			found = !isnull && DatumGetInt64(no) == order_no;
		}
		if (found)
		{
			rows->workflow = TextDatumGetCString(slot_getattr(slot, HotlineColumn(rel, "workflow"), &isnull));
			rows->order_state = TextDatumGetCString(slot_getattr(slot, HotlineColumn(rel, "state"), &isnull));
		}
	}
	ExecDropSingleTupleTableSlot(slot);
	systable_endscan(scan);
	table_close(rel, NoLock);
	return found;
}

/*
 * AssignmentRow
 *		An assignment of the order into rows (its state and id): the one of
 *		id, or when id is 0 the open one of the unit of id unit_id (its
 *		latest, should there be two); locked (lock).  False when there is
 *		none.  The order was read (and locked) first, as every action locks:
 *		a new snapshot sees what the action before it on the order did
 *		(READ COMMITTED).
 */
static bool
AssignmentRow(int64 order_no, int64 unit_id, int64 id, bool lock, ActedRows *rows)
{
	Relation	rel;
	AttrNumber	col_id;
	AttrNumber	col_unit;
	AttrNumber	col_closed;
	ScanKeyData skey;
	SysScanDesc scan;
	HeapTuple	tup;
	TupleTableSlot *slot;
	ItemPointerData tid;
	Datum		key;
	int64		best = 0;
	bool		isnull;
	bool		found;

	ItemPointerSetInvalid(&tid);
	PopActiveSnapshot();
	PushActiveSnapshot(GetTransactionSnapshot());
	rel = HotlineTable("assignment", lock ? RowShareLock : AccessShareLock);
	col_id = HotlineColumn(rel, "id");
	col_unit = HotlineColumn(rel, "unit_id");
	col_closed = HotlineColumn(rel, "closed_at");
	/* the order's assignments: the first column of the primary key */
	key = Int64GetDatum(order_no);
	scan = HotlineKeyScan(rel, RelationGetPrimaryKeyIndex(rel), 1, &key, &skey);
	while ((tup = systable_getnext(scan)) != NULL)
	{
		TupleDesc	desc = RelationGetDescr(rel);
		int64		a = DatumGetInt64(heap_getattr(tup, col_id, desc, &isnull));
		bool		open;

		CHECK_FOR_INTERRUPTS();
		(void) heap_getattr(tup, col_closed, desc, &open);
		if (id != 0 ? a == id :
			open && a > best && DatumGetInt64(heap_getattr(tup, col_unit, desc, &isnull)) == unit_id && !isnull)
		{
			best = a;
			tid = tup->t_self;
		}
	}
	systable_endscan(scan);
	slot = table_slot_create(rel, NULL);
	found = best != 0 && FetchRow(rel, &tid, lock, slot);
	if (found && id == 0)
	{
		/* still the unit's, and open, in the version read */
		(void) slot_getattr(slot, col_closed, &isnull);
		found = isnull && DatumGetInt64(slot_getattr(slot, col_unit, &isnull)) == unit_id;
	}
	if (found)
	{
		rows->assignment_state = TextDatumGetCString(slot_getattr(slot, HotlineColumn(rel, "state"), &isnull));
		rows->assignment_id = DatumGetInt64(slot_getattr(slot, col_id, &isnull));
		rows->assignment_unit = DatumGetInt64(slot_getattr(slot, col_unit, &isnull));
		if (isnull)
			rows->assignment_unit = 0;
	}
	ExecDropSingleTupleTableSlot(slot);
	table_close(rel, NoLock);
	return found;
}

/*
 * UnitAssignment
 *		The order (rows: its workflow and state) and the open assignment of
 *		the unit of code unit on it (its latest, should there be two: its
 *		state and id), with lock both locked, the order first, as every
 *		action locks.  False when any is missing (UnitAssignmentMissing says
 *		which).  The one definition of "a unit's assignment": the actions
 *		named by unit (apply_unit_action) and hotline.assignment_of use it.
 */
static bool
UnitAssignment(int64 order_no, const char *unit, bool lock, ActedRows *rows)
{
	int64		unit_id;

	return OrderRow(order_no, lock, rows) && (unit_id = HotlineIdByCode("unit", unit)) != 0 &&
		AssignmentRow(order_no, unit_id, 0, lock, rows);
}

/*
 * RowsBegin, RowsEnd
 *		Around reading rows by their keys: a new command (the rows see what
 *		the engine's statements before wrote) and snapshot, as a statement
 *		of the engine takes.
 */
static void
RowsBegin(void)
{
	CommandCounterIncrement();
	PushActiveSnapshot(GetTransactionSnapshot());
}

static void
RowsEnd(void)
{
	PopActiveSnapshot();
}

/*
 * UnitAssignmentMissing
 *		The error when UnitAssignment found none: the order does not exist,
 *		the unit does not exist, or it holds no open assignment of the order.
 */
static void UnitAssignmentMissing(int64 order_no, const char *unit) pg_attribute_noreturn();

static void
UnitAssignmentMissing(int64 order_no, const char *unit)
{
	Oid			types[2] = {INT8OID, TEXTOID};
	Datum		values[2];
	char	   *no = DatumGetCString(DirectFunctionCall1(order_no_out, Int64GetDatum(order_no)));

	values[0] = Int64GetDatum(order_no);
	values[1] = CStringGetTextDatum(unit);
	EngineExec("SELECT EXISTS (SELECT 1 FROM hotline.work_order o WHERE o.order_no = " ORDER_NO_SQL "), "
			   "EXISTS (SELECT 1 FROM hotline.unit u WHERE u.code = $2)",
			   2, types, values, NULL, SPI_OK_SELECT);
	if (!EngineBool(1))
		OrderMissing(order_no);
	if (!EngineBool(2))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("unknown unit \"%s\"", unit),
				 errhint("Units are named by their code (hotline.unit.code).")));
	ereport(ERROR,
			(errcode(ERRCODE_NO_DATA_FOUND),
			 errmsg("unit \"%s\" holds no open assignment of work order %s", unit, no),
			 errdetail("It was never dispatched to the unit, or the unit's assignment is closed (returned or withdrawn)."),
			 errhint("See the order's assignments in hotline.assignment.")));
}

/*
 * hotline_unit_assignment
 *		SQL: hotline.assignment_of(order_no, unit text) -> bigint: the id of
 *		the open assignment of the unit (by code) on the order
 *		(UnitAssignment); P0002 when it holds none.
 */
Datum
hotline_unit_assignment(PG_FUNCTION_ARGS)
{
	int64		order_no;
	char	   *unit;
	ActedRows	rows;
	bool		found;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	order_no = PG_GETARG_INT64(0);
	unit = text_to_cstring(PG_GETARG_TEXT_PP(1));
	EngineBegin();
	RowsBegin();
	found = UnitAssignment(order_no, unit, false, &rows);
	RowsEnd();
	if (!found)
		UnitAssignmentMissing(order_no, unit);
	SPI_finish();
	PG_RETURN_INT64(rows.assignment_id);
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
static Datum ApplyAction(FunctionCallInfo fcinfo, const char *unit);

Datum
hotline_apply_action(PG_FUNCTION_ARGS)
{
	return ApplyAction(fcinfo, NULL);
}

/*
 * hotline_apply_unit_action
 *		SQL: hotline.apply_unit_action(order_no, action, actor, actor_role,
 *		params, unit text) -> action_result: apply_action_result on the
 *		open assignment of the unit of that code (UnitAssignment), found in
 *		the statement that locks the order and the assignment.
 */
Datum
hotline_apply_unit_action(PG_FUNCTION_ARGS)
{
	return ApplyAction(fcinfo, ArgText(fcinfo, 5, "unit"));
}

/*
 * ApplyAction
 *		The body of apply_action: on the order, or on an assignment given by
 *		its id (argument 5) or by its unit's code (unit, not NULL).
 */
static Datum
ApplyAction(FunctionCallInfo fcinfo, const char *unit)
{
	Oid			save_userid;
	int			save_sec;
	EngineAction ea;
	char	   *volatile result = NULL;
	char	   *volatile acted = NULL;
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
	ea.has_assignment = unit == NULL && !PG_ARGISNULL(5);
	ea.assignment_id = ea.has_assignment ? PG_GETARG_INT64(5) : 0;

	EngineEnter(fcinfo, &ea, &save_userid, &save_sec);
	EngineBegin();
	hotline_engine_depth++;
	PG_TRY();
	{
		char	   *assignment_state = NULL;
		ActedRows	rows;

		/*
		 * See workflow definitions another session changed since the last
		 * statement (the order's lock may be held already: no new lock, no
		 * invalidations processed)
		 */
		AcceptInvalidationMessages();
		/* an order the caller does not read is none (before its lock) */
		if (!ea.trusted)
			CallerSeesOrder(&ea, save_sec);
		/* the order and the assignment, locked, the order first */
		memset(&rows, 0, sizeof(rows));
		RowsBegin();
		if (unit != NULL)
		{
			/* named by its unit's code: the unit's open assignment */
			if (!UnitAssignment(ea.order_no, unit, true, &rows))
				UnitAssignmentMissing(ea.order_no, unit);
			ea.assignment_id = rows.assignment_id;
			ea.has_assignment = true;
		}
		else if (!OrderRow(ea.order_no, true, &rows))
			OrderMissing(ea.order_no);
		else if (ea.has_assignment)
			(void) AssignmentRow(ea.order_no, 0, ea.assignment_id, true, &rows);
		RowsEnd();
		assignment_state = rows.assignment_state;
		ea.assignment_unit = rows.assignment_unit;
		ea.workflow = rows.workflow;
		ea.from_state = rows.order_state;
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
		/* who may, before anything else of the order is said (its state) */
		if (!ea.trusted)
			ResolveRole(&ea);

		result = MemoryContextStrdup(caller, RunAction(&ea));
		acted = strcmp(ea.scope, "assignment") == 0 ?
			MemoryContextStrdup(caller, ea.to_state ? ea.to_state : ea.from_state) : result;
	}
	PG_FINALLY();
	{
		hotline_engine_depth--;
		alarms_off = 0;
		EngineLeave(save_userid, save_sec);
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

/*
 * Columns of hotline.work_order the engine writes itself: an intake row
 * (hotline.order_intake) may not name them.
 */
static const char *const engine_order_columns[] = {
	"order_no", "workflow", "state", "accepted_at", "accepted_by", "closed_at", "archived_at",
	"merged_into", "updated_at"
};

/*
 * IntakeColumns
 *		The columns of the intake row (a JSON object keyed by column of
 *		hotline.work_order) as a column list (cols) and a VALUES list of
 *		parameters from $first on (vals), their values converted to the
 *		columns' types as jsonb_populate_record converts them (JsonbAsColumn)
 *		into values, nulls and types (room for every key of row); returns
 *		how many.  Each key must be a column of work_order that the engine
 *		does not write itself (checked against the catalog, quoted).  The
 *		region's parameter number is *region (0 when the row has none).
 */
static int
IntakeColumns(EngineAction *ea, Jsonb *row, StringInfo cols, StringInfo vals, int first,
			  Datum *values, char *nulls, Oid *types, int *region)
{
	Relation	rel = HotlineTable("work_order", AccessShareLock);
	JsonbIterator *it = JsonbIteratorInit(&row->root);
	JsonbValue	k;
	JsonbIteratorToken tok;
	int			n = 0;

	*region = 0;
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		char	   *col;
		int			i;
		bool		owned = false;
		JsonbValue	v;
		Form_pg_attribute att;

		if (tok != WJB_KEY)
			continue;
		col = pnstrdup(k.val.string.val, k.val.string.len);
		for (i = 0; i < (int) lengthof(engine_order_columns); i++)
			owned |= strcmp(col, engine_order_columns[i]) == 0;
		owned |= SetDueNames(ea, col);
		if (owned || !IsOrderColumn(col))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the intake of workflow \"%s\" returns column \"%s\", which it may not write", ea->workflow, col),
					 errdetail(owned ? "The engine writes that column of hotline.work_order itself." :
							   "hotline.work_order has no such column."),
					 errhint("Return the order's other columns from hotline.order_intake.")));
		tok = JsonbIteratorNext(&it, &v, true);
		att = TupleDescAttr(RelationGetDescr(rel), HotlineColumn(rel, col) - 1);
		appendStringInfo(cols, ", %s", quote_identifier(col));
		appendStringInfo(vals, ", $%d", first + n);
		if (strcmp(col, "region") == 0)
			*region = first + n;
		types[n] = att->atttypid;
		nulls[n] = v.type == jbvNull ? 'n' : ' ';
		values[n] = v.type == jbvNull ? (Datum) 0 : JsonbAsColumn(&v, att->atttypid, att->atttypmod);
		n++;
	}
	table_close(rel, NoLock);
	return n;
}

/*
 * OpeningAttributes
 *		What the limits of a new order's deadlines are chosen by (a jsonb
 *		object): the action's parameters over the intake row's columns that
 *		the limits name (LimitColumns), as the row gives them.
 */
static Datum
OpeningAttributes(EngineAction *ea, Jsonb *row)
{
	JsonbParseState *state = NULL;
	ListCell   *lc;

	(void) pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	foreach(lc, LimitColumns(ea, false))
	{
		const char *col = (const char *) lfirst(lc);
		JsonbValue	v;

		if (getKeyJsonValueFromContainer(&row->root, col, strlen(col), &v) != NULL)
		{
			JsonbValue	k;

			k.type = jbvString;
			k.val.string.val = (char *) col;
			k.val.string.len = strlen(col);
			(void) pushJsonbValue(&state, WJB_KEY, &k);
			(void) pushJsonbValue(&state, WJB_VALUE, &v);
		}
	}
	return WithParams(&state, ea);
}

/*
 * hotline_open_order
 *		SQL: hotline.open_order(workflow, action, actor, actor_role, params)
 *		-> the new order's number.  The action starts from the pseudo-state
 *		"new": acceptance, a refusal to accept, a direct answer.
 *
 * The engine writes the columns it owns (the number, from the region the
 * intake row gives; the workflow, the state, accepted_at/by, the deadlines
 * of set_due, closed_at); every other column comes from the hotline
 * domain's intake (hotline.order_intake), which checks the parameters and
 * returns the row's values keyed by column, the parameters as the order
 * takes them, and the parameters for the history (without personal data).
 */
Datum
hotline_open_order(PG_FUNCTION_ARGS)
{
	Oid			save_userid;
	int			save_sec;
	EngineAction ea;
	Oid		   *types;
	Datum	   *values;
	char	   *nulls;
	bool		recorded;
	bool		alarms_done;
	StringInfoData cols;
	StringInfoData vals;
	Datum		row;
	Datum		event_params;
	ListCell   *lc;
	int			k;
	int			n;
	int			region;

	memset(&ea, 0, sizeof(ea));
	ea.workflow = ArgText(fcinfo, 0, "workflow");
	ea.action = ArgText(fcinfo, 1, "action");
	ea.actor = ArgText(fcinfo, 2, "actor");
	ea.role = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));
	ea.params = ArgParams(fcinfo, 4);
	ea.from_state = "new";
	ea.opening = true;

	EngineEnter(fcinfo, &ea, &save_userid, &save_sec);
	EngineBegin();
	hotline_engine_depth++;
	PG_TRY();
	{
		bool		isnull;
		Datum		attributes = (Datum) 0;

		/* see workflow definitions another session changed */
		AcceptInvalidationMessages();
		LoadAction(&ea);
		if (strcmp(ea.scope, "order") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("action \"%s\" is done on an assignment, not on a new order", ea.action)));
		/* who may, before the intake writes anything */
		if (!ea.trusted)
			ResolveRole(&ea);

		/*
		 * The intake, in the hotline's own words: each bad parameter named
		 * with a valid example, before the order is written
		 */
		{
			Oid			t2[2] = {TEXTOID, JSONBOID};
			Jsonb	   *intake;
			JsonbValue	v;

			/*
			 * hotline.order_intake(text, jsonb), called by its name as a
			 * function (fmgr), not through a statement: the engine runs as
			 * the owner, who may call it
			 */
			intake = DatumGetJsonbP(OidFunctionCall2(DomainFunction("order_intake", 2, t2),
													 CStringGetTextDatum(ea.workflow), ea.params));
			if (!JB_ROOT_IS_OBJECT(intake) ||
				getKeyJsonValueFromContainer(&intake->root, "row", 3, &v) == NULL || v.type != jbvBinary)
				elog(ERROR, "hotline.order_intake returned no row");
			row = datumCopy(JsonbPGetDatum(JsonbValueToJsonb(&v)), false, -1);
			if (getKeyJsonValueFromContainer(&intake->root, "params", 6, &v) == NULL || v.type != jbvBinary)
				elog(ERROR, "hotline.order_intake returned no params");
			ea.params = datumCopy(JsonbPGetDatum(JsonbValueToJsonb(&v)), false, -1);
			if (getKeyJsonValueFromContainer(&intake->root, "event_params", 12, &v) == NULL || v.type != jbvBinary)
				event_params = ea.params;
			else
				event_params = datumCopy(JsonbPGetDatum(JsonbValueToJsonb(&v)), false, -1);
		}
		CheckAction(&ea);

		/*
		 * The order, with the deadlines (set_due) and the closing
		 * (close_order) of the opening action: one row version.  Each
		 * deadline's limit is chosen by the parameters over the row.
		 */
		{
			Datum		e = EffectValue(&ea, "set_due");

			if (e != (Datum) 0)
				SetDueColumns(&ea, DatumGetJsonbP(e));
		}
		/*
		 * $1 the region, $2 the workflow, $3 the state, $4 the actor, $5
		 * the role, $6 the event's parameters (without personal data), $7
		 * its to_state, $8 the action, $9 the workflow's calendar (the
		 * cached definition's), $10 the staff member's name (the history's
		 * actor_name), from $11 the limits of set_due's deadlines
		 * (chosen in C: the parameters over the row), then the row's
		 * columns (typed)
		 */
		n = 10 + list_length(ea.set_due) + JsonContainerSize(&DatumGetJsonbP(row)->root);
		types = palloc(sizeof(Oid) * n);
		values = palloc0(sizeof(Datum) * n);
		nulls = palloc(n);
		memset(nulls, ' ', n);
		initStringInfo(&cols);
		initStringInfo(&vals);
		k = 0;
		foreach(lc, ea.set_due)
		{
			char	   *base = DueBase((char *) lfirst(lc));
			JsonbContainer *obj = SetDueObject(&ea, k);
			JsonbValue	dv;
			char	   *deadline = NULL;
			int			param = 11 + k;

			if (obj != NULL && getKeyJsonValueFromContainer(obj, "deadline", 8, &dv) != NULL)
				deadline = HotlineJsonbText(&dv);

			/* the deadline counted from now on the workflow's calendar, its limit, its start */
			appendStringInfo(&cols, ", %s, %s, %s", quote_identifier(psprintf("%s_due", base)),
							 quote_identifier(psprintf("%s_limit", base)),
							 quote_identifier(psprintf("%s_from", base)));
			appendStringInfo(&vals, ", hotline.deadline($9, now(), $%d), $%d, CASE WHEN $%d IS NOT NULL THEN now() END",
							 param, param, param);
			types[param - 1] = LimitsOf(ea.workflow)->typid;
			nulls[param - 1] = deadline == NULL ? 'n' : ' ';
			if (deadline != NULL && attributes == (Datum) 0)
				attributes = OpeningAttributes(&ea, DatumGetJsonbP(row));
			if (deadline != NULL)
				values[param - 1] = WorkflowTimeLimit(ea.workflow, deadline, attributes);
			k++;
		}
		n = 10 + k + IntakeColumns(&ea, DatumGetJsonbP(row), &cols, &vals, 11 + k,
								   values + 10 + k, nulls + 10 + k, types + 10 + k, &region);
		if (EffectIsTrue(&ea, "close_order"))
		{
			appendStringInfoString(&cols, ", closed_at");
			appendStringInfoString(&vals, ", now()");
			ea.order_closed = true;
		}
		types[0] = types[1] = types[2] = types[3] = types[4] = types[6] = types[7] = types[8] = types[9] = TEXTOID;
		types[5] = JSONBOID;
		if (region > 0)
			values[0] = values[region - 1];
		nulls[0] = region > 0 ? nulls[region - 1] : 'n';
		values[1] = CStringGetTextDatum(ea.workflow);
		values[2] = CStringGetTextDatum(ea.to_state ? ea.to_state : "new");
		values[3] = CStringGetTextDatum(ea.actor);
		values[4] = ea.role ? CStringGetTextDatum(ea.role) : (Datum) 0;
		nulls[4] = ea.role ? ' ' : 'n';
		values[5] = event_params;
		values[6] = ea.to_state ? CStringGetTextDatum(ea.to_state) : (Datum) 0;
		nulls[6] = ea.to_state ? ' ' : 'n';
		values[7] = CStringGetTextDatum(ea.action);
		values[8] = CStringGetTextDatum(ea.def->calendar);
		values[9] = ea.actor_name ? CStringGetTextDatum(ea.actor_name) : (Datum) 0;
		nulls[9] = ea.actor_name ? ' ' : 'n';

		/*
		 * The order and the action's event in one statement (issue 9),
		 * unless hooks run before the action: their events come first.
		 */
		recorded = ea.def->nhooks[0] == 0;
		/* and the alarms of its deadlines, as hotline.alarm_compute writes them */
		alarms_done = recorded && ea.def->order_alarms && k > 0;
		EngineExec(psprintf("WITH o AS (INSERT INTO hotline.work_order AS n (order_no, workflow, state, accepted_at, accepted_by%s) "
							"      VALUES (hotline.next_order_no($1), $2, $3, now(), $4%s) "
							"      RETURNING n.order_no, n AS row) "
							"%s%s"
							"SELECT order_no::bigint FROM o",
							cols.data, vals.data,
							recorded ? ", e AS (" EVENT_INSERT
							"SELECT o.order_no, NULL, $4, $5, $8, 'new', $7, $6 ->> 'reason', $6, $10 FROM o) " : "",
							alarms_done ? ", al AS (" ALARM_INSERT
							"SELECT o.order_no, NULL, x.rule, x.kind, x.due_at, x.fire_at FROM o, "
							"LATERAL hotline.alarm_rows(o.row, NULL, $9, NULL) x " ALARM_INSERT_END ") " : ""),
				   n, types, values, nulls, SPI_OK_SELECT);
		ea.order_no = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		ea.order_state = ea.order_after = ea.to_state ? ea.to_state : "new";
		ea.set_due = NIL;		/* done here, not by UpdateOrder */

		CallHooks(&ea, "before");
		ApplyEffects(&ea);
		(void) UpdateOrder(&ea, false, false);
		/*
		 * the alarms of the deadlines set with the order (no trigger fires
		 * on INSERT), when the INSERT could not write them: hooks ran before
		 */
		if (ea.def->order_alarms && k > 0 && !alarms_done)
		{
			Oid			t1[1] = {INT8OID};
			Datum		v1[1];

			v1[0] = Int64GetDatum(ea.order_no);
			EngineExec("SELECT hotline.alarm_compute(" ORDER_NO_SQL ", NULL, NULL, false)", 1, t1, v1, NULL, SPI_OK_SELECT);
		}

		/*
		 * The history, which is never deleted, gets the parameters the
		 * intake gives for it (without personal data, R-11.1)
		 */
		ea.params = event_params;
		if (!recorded)
			AppendEvent(&ea, "new", ea.to_state, false);
		Escalate(&ea);
		CallHooks(&ea, "after");
	}
	PG_FINALLY();
	{
		hotline_engine_depth--;
		alarms_off = 0;
		EngineLeave(save_userid, save_sec);
	}
	PG_END_TRY();
	SPI_finish();
	PG_RETURN_INT64(ea.order_no);
}
