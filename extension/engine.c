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
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/regproc.h"
#include "utils/rel.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_guard_state);
PG_FUNCTION_INFO_V1(hotline_creating_extension);
PG_FUNCTION_INFO_V1(hotline_apply_action);
PG_FUNCTION_INFO_V1(hotline_open_order);

/*
 * How deep the engine is in applying actions in this backend.  Only C code
 * of this module changes it, so no SQL caller can pretend to be the engine.
 */
int			hotline_engine_depth = 0;

/*
 * hotline_guard_state
 *		BEFORE UPDATE OF state trigger on work_order and assignment: outside
 *		the engine, a change of state is refused.
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

	if (hotline_engine_depth == 0 &&
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
 *		EXTENSION runs, when built-in workflow rows are written.
 */
Datum
hotline_creating_extension(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(creating_extension);
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
	Datum		effects;		/* jsonb */
	bool		reason_required;
	Oid		   *hooks[2];		/* before, after hooks, in order */
	int			nhooks[2];
	bool		stamp_done;		/* folded into the state UPDATE */
	bool		close_done;
} EngineAction;

#define ORDER_NO_SQL	"$1::pg_catalog.int8::hotline.order_no"

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

/*
 * EngineDatum
 *		Column col of row 0 of the last result, copied out of SPI's memory
 *		into the caller's context (upper executor context).
 */
static Datum
EngineDatum(int col, bool *isnull)
{
	Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, col, isnull);

	if (*isnull)
		return (Datum) 0;
	return SPI_datumTransfer(d, false, -1);
}

/*
 * LoadAction
 *		Read the definition of the action from the workflow, with its hooks;
 *		errors if the workflow has no such action, naming the actions it has.
 */
static void
LoadAction(EngineAction *ea)
{
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];
	bool		isnull;
	int			i;
	MemoryContext upper = CurrentMemoryContext;	/* SPI's: lives as long as the action */

	values[0] = CStringGetTextDatum(ea->workflow);
	values[1] = CStringGetTextDatum(ea->action);
	if (EngineExec("SELECT a.scope, a.to_state, a.effects, a.reason_required, "
				   "       ARRAY(SELECT h.function::oid FROM hotline.workflow_hook h WHERE h.workflow = a.workflow "
				   "             AND h.action = a.action AND h.timing = 'before' ORDER BY h.position, h.function), "
				   "       ARRAY(SELECT h.function::oid FROM hotline.workflow_hook h WHERE h.workflow = a.workflow "
				   "             AND h.action = a.action AND h.timing = 'after' ORDER BY h.position, h.function) "
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
				 errmsg("workflow \"%s\" has no action \"%s\"", ea->workflow, ea->action),
				 known ? errdetail("Its actions are: %s.", known) :
				 errdetail("Workflow \"%s\" has no actions: is it registered?", ea->workflow),
				 errhint("Check the action's name, or register it with hotline.register_workflow.")));
	}
	ea->scope = EngineText(1);
	ea->to_state = EngineText(2);
	ea->effects = EngineDatum(3, &isnull);
	ea->reason_required = EngineBool(4);
	for (i = 0; i < 2; i++)
	{
		Datum		arr = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 5 + i, &isnull);
		Datum	   *elems;
		int			n;
		int			k;

		deconstruct_array(DatumGetArrayTypeP(arr), OIDOID, sizeof(Oid), true, TYPALIGN_INT,
						  &elems, NULL, &n);
		ea->nhooks[i] = n;
		ea->hooks[i] = MemoryContextAlloc(upper, sizeof(Oid) * Max(n, 1));
		for (k = 0; k < n; k++)
			ea->hooks[i][k] = DatumGetObjectId(elems[k]);
	}
}

/*
 * CheckAction
 *		The action must be allowed in the current state, for the actor's
 *		role, with every required parameter and (if required) a reason.
 *		One query answers all four.
 */
static void
CheckAction(EngineAction *ea)
{
	Oid			types[5] = {TEXTOID, TEXTOID, TEXTOID, JSONBOID, TEXTOID};
	Datum		values[5];
	char		nulls[5] = {' ', ' ', ' ', ' ', ' '};
	char	   *roles;
	char	   *missing;

	values[0] = CStringGetTextDatum(ea->workflow);
	values[1] = CStringGetTextDatum(ea->action);
	values[2] = CStringGetTextDatum(ea->from_state);
	values[3] = ea->params;
	values[4] = ea->role ? CStringGetTextDatum(ea->role) : (Datum) 0;
	if (!ea->role)
		nulls[4] = 'n';
	EngineExec("SELECT $3 = ANY (a.from_states), "
			   "       $5 = ANY (a.roles), "
			   "       array_to_string(a.roles, ', '), "
			   "       (SELECT string_agg(p, ', ') FROM unnest(a.required_params) p "
			   "        WHERE coalesce(jsonb_typeof($4 -> p), 'null') = 'null' OR $4 ->> p = ''), "
			   "       NOT a.reason_required OR length(btrim(coalesce($4 ->> 'reason', ''))) > 0 "
			   "FROM hotline.workflow_action a WHERE a.workflow = $1 AND a.action = $2",
			   5, types, values, nulls, SPI_OK_SELECT);
	if (!EngineBool(1))
	{
		char	   *allowed;

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
	roles = EngineText(3);
	if (!ea->role || !*ea->role)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("action \"%s\" needs the actor's role", ea->action),
				 errhint("Pass actor_role, one of: %s.", roles)));
	if (!EngineBool(2))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("role \"%s\" may not %s", ea->role, ea->action),
				 errdetail("Action \"%s\" of workflow \"%s\" is for: %s.", ea->action, ea->workflow, roles),
				 errhint("Ask a colleague in one of those roles.")));
	missing = EngineText(4);
	if (missing)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("action \"%s\" needs %s", ea->action, missing),
				 errdetail("Every parameter the workflow requires for \"%s\" must be given and not empty.", ea->action),
				 errhint("Pass them as named arguments of the action's function.")));
	if (!EngineBool(5))
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
 */
static void
CallHooks(EngineAction *ea, const char *timing)
{
	int			which = strcmp(timing, "before") == 0 ? 0 : 1;
	int			n = ea->nhooks[which];
	Oid		   *fns = ea->hooks[which];
	int			i;

	for (i = 0; i < n; i++)
	{
		FmgrInfo	flinfo;
		LOCAL_FCINFO(hook, 4);

		fmgr_info(fns[i], &flinfo);
		if (flinfo.fn_nargs != 4)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_FUNCTION_DEFINITION),
					 errmsg("hook %s of action \"%s\" must take four arguments", format_procedure(fns[i]), ea->action),
					 errhint("Declare it as fn(hotline.order_no, bigint, text, jsonb).")));
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
		(void) FunctionCallInvoke(hook);
	}
}

static char *AppendEvent(EngineAction *ea, const char *action, const char *from_state,
						 const char *to_state, bool on_target, const char *order_before);

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
	"WITH c AS (SELECT x AS code, a.role, k AS n FROM hotline.assignment a, " \
	"           jsonb_array_elements_text(coalesce($2 -> 'sub_units', '[]')) WITH ORDINALITY AS t(x, k) " \
	"           WHERE a.id = $4) "

/*
 * CheckUnits
 *		Every unit a dispatch (or pass-down) names must exist, be active,
 *		be named once, not hold an open assignment of the order already,
 *		not be the accused unit of a complaint or report, and for a
 *		pass-down be a sub-unit of the passing unit.
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
						   "       u.parent_id IS NOT DISTINCT FROM (SELECT p.unit_id FROM hotline.assignment p WHERE p.id = $4) "
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
		if (COL(5))
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

/* deadline of an assignment: CASE on the effect's key, on the unit's calendar */
#define ASSIGNMENT_DUE(key) \
	"CASE WHEN $3 ? '" key "' THEN hotline.deadline(u.calendar, now(), " \
	"hotline.workflow_time_limit(o.workflow, $3 ->> '" key "', %s, o.urgency, o.appeal_type)) END"

/*
 * EffectAssign
 *		Create the assignments of a dispatch (lead and assisting units,
 *		) or of a pass-down, with their deadlines.
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
					 "                                opinion, dispatched_at, sign_due, reply_due) "
					 "SELECT o.order_no, u.id, $4, c.role, $3 ->> 'state', %s, $2 ->> 'opinion', now(), "
					 ASSIGNMENT_DUE("sign_deadline") ", " ASSIGNMENT_DUE("reply_deadline") " "
					 "FROM c JOIN hotline.unit u ON u.code = c.code "
					 "CROSS JOIN hotline.work_order o WHERE o.order_no = " ORDER_NO_SQL " ORDER BY c.n",
					 mode, mode, mode);
	EffectExec(ea, effect, sql.data, SPI_OK_INSERT);
}

/*
 * SetOrderReplyDue
 *		The order's reply deadline is the latest of its open assignments'.
 */
static void
SetOrderReplyDue(EngineAction *ea)
{
	EffectExec(ea, (Datum) 0,
			   "UPDATE hotline.work_order o SET reply_due = coalesce((SELECT max(a.reply_due) "
			   "    FROM hotline.assignment a WHERE a.order_no = o.order_no AND a.closed_at IS NULL), o.reply_due) "
			   "WHERE o.order_no = " ORDER_NO_SQL " AND $2 IS NOT NULL",
			   SPI_OK_UPDATE);
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
 * ApplyEffects
 *		Apply the action's effects in a fixed order (R-14.2: the engine knows
 *		effects, the workflow chooses them).
 */
static void
ApplyEffects(EngineAction *ea)
{
	static const char *const known[] = {
		"set_due", "assign", "pass_down", "stamp", "close_assignment", "extend_due",
		"reopen_assignments", "close_order", "archive_order", "merge_into", "order_state",
		"order_state_when_all"
	};
	static const char *const due_columns[] = {"dispatch_due", "reply_due", "callback_due"};
	Datum		e;
	int			k;

	/* unknown effects are a definition error, reported before anything is done */
	{
		Jsonb	   *effects = DatumGetJsonbP(ea->effects);
		JsonbIterator *it = JsonbIteratorInit(&effects->root);
		JsonbValue	v;
		JsonbIteratorToken tok;
		int			depth = 0;

		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			bool		ok = false;
			char	   *key;

			if (tok == WJB_BEGIN_OBJECT || tok == WJB_BEGIN_ARRAY)
				depth++;
			else if (tok == WJB_END_OBJECT || tok == WJB_END_ARRAY)
				depth--;
			if (tok != WJB_KEY || depth != 1)
				continue;
			key = pnstrdup(v.val.string.val, v.val.string.len);
			for (k = 0; k < (int) lengthof(known); k++)
				ok |= strcmp(key, known[k]) == 0;
			if (!ok)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("action \"%s\" of workflow \"%s\" has an unknown effect \"%s\"",
								ea->action, ea->workflow, key),
						 errhint("Effects the engine knows: set_due, assign, pass_down, stamp, close_assignment, "
								 "extend_due, reopen_assignments, close_order, archive_order, merge_into, "
								 "order_state, order_state_when_all.")));
		}
	}

	if ((e = EffectValue(ea, "assign")) != (Datum) 0)
	{
		EffectAssign(ea, e, false);
		SetOrderReplyDue(ea);
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
	if (!ea->close_done && (e = EffectValue(ea, "close_assignment")) != (Datum) 0)
		EffectExec(ea, e, "UPDATE hotline.assignment SET closed_at = now() WHERE id = $4 AND $3 = 'true'", SPI_OK_UPDATE);
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
		EffectExec(ea, e, "UPDATE hotline.assignment SET reply_due = ($2 ->> 'new_deadline')::timestamptz WHERE id = $4",
				   SPI_OK_UPDATE);
		SetOrderReplyDue(ea);
	}
	if ((e = EffectValue(ea, "reopen_assignments")) != (Datum) 0)
	{
		EffectExec(ea, e,
				   "UPDATE hotline.assignment a SET state = $3 ->> 'state', closed_at = NULL, replied_at = NULL, "
				   "       updated_at = now(), reply_due = CASE WHEN $3 ? 'reply_deadline' THEN "
				   "           hotline.deadline(u.calendar, now(), hotline.workflow_time_limit(o.workflow, "
				   "               $3 ->> 'reply_deadline', a.dispatch_mode, o.urgency, o.appeal_type)) "
				   "           ELSE a.reply_due END "
				   "FROM hotline.unit u, hotline.work_order o "
				   "WHERE a.order_no = " ORDER_NO_SQL " AND a.parent_id IS NULL AND u.id = a.unit_id "
				   "  AND o.order_no = a.order_no "
				   "  AND a.state = ANY (ARRAY(SELECT jsonb_array_elements_text($3 -> 'from_states')))",
				   SPI_OK_UPDATE);
		SetOrderReplyDue(ea);
	}
	if ((e = EffectValue(ea, "set_due")) != (Datum) 0)
	{
		bool		named[lengthof(due_columns)] = {false};

		SetDueColumns(ea, DatumGetJsonbP(e), due_columns, lengthof(due_columns), named);
		for (k = 0; k < (int) lengthof(due_columns); k++)
		{
			char	   *sql;

			if (!named[k])
				continue;
			sql = psprintf("UPDATE hotline.work_order o SET %s = hotline.deadline(w.calendar, now(), "
						   "    hotline.workflow_time_limit(o.workflow, d ->> 'deadline', $2 ->> 'dispatch_mode', "
						   "        o.urgency, o.appeal_type)) "
						   "FROM hotline.workflow w, jsonb_array_elements(CASE jsonb_typeof($3) "
						   "    WHEN 'array' THEN $3 ELSE jsonb_build_array($3) END) d "
						   "WHERE o.order_no = " ORDER_NO_SQL " AND w.name = o.workflow "
						   "  AND d ->> 'column' = '%s'",
						   due_columns[k], due_columns[k]);
			EffectExec(ea, e, sql, SPI_OK_UPDATE);
		}
	}
	if ((e = EffectValue(ea, "close_order")) != (Datum) 0)
		EffectExec(ea, e, "UPDATE hotline.work_order SET closed_at = now() WHERE order_no = " ORDER_NO_SQL " AND $3 = 'true'",
				   SPI_OK_UPDATE);
	if ((e = EffectValue(ea, "archive_order")) != (Datum) 0)
		EffectExec(ea, e, "UPDATE hotline.work_order SET archived_at = now() WHERE order_no = " ORDER_NO_SQL " AND $3 = 'true'",
				   SPI_OK_UPDATE);
	if ((e = EffectValue(ea, "merge_into")) != (Datum) 0)
	{
		if (EffectExec(ea, e,
					   "SELECT t.order_no::bigint <> $1, t.closed_at IS NULL AND t.merged_into IS NULL "
					   "FROM hotline.work_order t WHERE t.order_no = ($2 ->> 'into')::hotline.order_no "
					   "FOR UPDATE", SPI_OK_SELECT) != 1)
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
		EffectExec(ea, e, "UPDATE hotline.work_order SET merged_into = ($2 ->> 'into')::hotline.order_no, closed_at = now() "
				   "WHERE order_no = " ORDER_NO_SQL, SPI_OK_UPDATE);
		(void) AppendEvent(ea, "merged_in", NULL, NULL, true, NULL);
	}
	if ((e = EffectValue(ea, "order_state")) != (Datum) 0)
		EffectExec(ea, e, "UPDATE hotline.work_order SET state = $3 #>> '{}', updated_at = now() "
				   "WHERE order_no = " ORDER_NO_SQL, SPI_OK_UPDATE);
	if ((e = EffectValue(ea, "order_state_when_all")) != (Datum) 0)
		EffectExec(ea, e,
				   "UPDATE hotline.work_order o SET state = $3 ->> 'order_state', updated_at = now() "
				   "WHERE o.order_no = " ORDER_NO_SQL " AND NOT EXISTS (SELECT 1 FROM hotline.assignment a "
				   "  WHERE a.order_no = o.order_no AND a.parent_id IS NULL "
				   "    AND a.state <> ALL (ARRAY(SELECT jsonb_array_elements_text($3 -> 'assignment_states'))) "
				   "    AND a.state <> ALL (ARRAY(SELECT jsonb_array_elements_text(coalesce($3 -> 'ignore_states', '[]')))))",
				   SPI_OK_UPDATE);
}

/*
 * AppendEvent
 *		Append the action's event to the history and return the
 *		order's state after the action.  order_before (assignment actions
 *		only): when the action moved the order, the event's payload says
 *		from which state to which.  on_target: the event "merged_in" on the
 *		order merged into (returns NULL).
 */
static char *
AppendEvent(EngineAction *ea, const char *action, const char *from_state,
			const char *to_state, bool on_target, const char *order_before)
{
	Oid			types[9] = {INT8OID, INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, JSONBOID, TEXTOID};
	Datum		values[9];
	char		nulls[9] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};

	values[0] = Int64GetDatum(ea->order_no);
	values[1] = Int64GetDatum(ea->assignment_id);
	if (!ea->has_assignment || on_target)
		nulls[1] = 'n';
	values[2] = CStringGetTextDatum(ea->actor);
	values[3] = CStringGetTextDatum(ea->role);
	values[4] = CStringGetTextDatum(action);
	values[5] = from_state ? CStringGetTextDatum(from_state) : (Datum) 0;
	nulls[5] = from_state ? ' ' : 'n';
	values[6] = to_state ? CStringGetTextDatum(to_state) : (Datum) 0;
	nulls[6] = to_state ? ' ' : 'n';
	values[7] = ea->params;
	values[8] = order_before ? CStringGetTextDatum(order_before) : (Datum) 0;
	nulls[8] = order_before ? ' ' : 'n';
	if (on_target)
	{
		Oid			t2[4] = {INT8OID, TEXTOID, TEXTOID, JSONBOID};
		Datum		v2[4];

		v2[0] = values[0];
		v2[1] = values[2];
		v2[2] = values[3];
		v2[3] = values[7];
		EngineExec("INSERT INTO hotline.order_event (order_no, actor, role, action, payload) "
				   "VALUES (($4 ->> 'into')::hotline.order_no, $2, $3, 'merged_in', "
				   "        jsonb_build_object('from', " ORDER_NO_SQL "::text))",
				   4, t2, v2, NULL, SPI_OK_INSERT);
		return NULL;
	}
	EngineExec("INSERT INTO hotline.order_event (order_no, assignment_id, actor, role, action, "
			   "                                 from_state, to_state, reason, payload) "
			   "SELECT o.order_no, $2, $3, $4, $5, $6, $7, $8 ->> 'reason', "
			   "       CASE WHEN $9 IS NOT NULL AND o.state <> $9 "
			   "            THEN $8 || jsonb_build_object('order_from', $9, 'order_to', o.state) ELSE $8 END "
			   "FROM hotline.work_order o WHERE o.order_no = " ORDER_NO_SQL " "
			   "RETURNING (SELECT w.state FROM hotline.work_order w WHERE w.order_no = order_event.order_no)",
			   9, types, values, nulls, SPI_OK_INSERT_RETURNING);
	return pstrdup(EngineText(1));
}

/*
 * RunAction
 *		Check, apply and record an action on a locked order.  Returns the
 *		order's state afterwards.
 */
static char *
RunAction(EngineAction *ea)
{
	char	   *order_after;
	bool		on_assignment = strcmp(ea->scope, "assignment") == 0;
	Oid			types[3] = {INT8OID, TEXTOID, INT8OID};
	Datum		values[3];

	CheckAction(ea);
	CallHooks(ea, "before");

	if (ea->to_state != NULL)
	{
		values[0] = Int64GetDatum(ea->order_no);
		values[1] = CStringGetTextDatum(ea->to_state);
		values[2] = Int64GetDatum(ea->assignment_id);
		if (on_assignment)
		{
			/* the state, and a stamp or the closing, in one row version */
			Datum		st = EffectValue(ea, "stamp");
			Datum		cl = EffectValue(ea, "close_assignment");
			char	   *stamp = st ? DatumGetCString(DirectFunctionCall1(jsonb_out, st)) : "";
			StringInfoData sql;

			initStringInfo(&sql);
			appendStringInfoString(&sql, "UPDATE hotline.assignment SET state = $2, updated_at = now()");
			if (strcmp(stamp, "\"signed_at\"") == 0 || strcmp(stamp, "\"replied_at\"") == 0)
			{
				appendStringInfo(&sql, ", %.*s = now()", (int) strlen(stamp) - 2, stamp + 1);
				ea->stamp_done = true;
			}
			if (cl && strcmp(DatumGetCString(DirectFunctionCall1(jsonb_out, cl)), "true") == 0)
			{
				appendStringInfoString(&sql, ", closed_at = now()");
				ea->close_done = true;
			}
			appendStringInfoString(&sql, " WHERE id = $3");
			EngineExec(sql.data, 3, types, values, NULL, SPI_OK_UPDATE);
		}
		else
			EngineExec("UPDATE hotline.work_order SET state = $2, updated_at = now() "
					   "WHERE order_no = " ORDER_NO_SQL, 2, types, values, NULL, SPI_OK_UPDATE);
	}
	ApplyEffects(ea);

	order_after = AppendEvent(ea, ea->action, ea->from_state,
							  ea->to_state ? ea->to_state : ea->from_state, false,
							  on_assignment ? ea->order_state : NULL);
	CallHooks(ea, "after");
	return order_after;
}

/*
 * EngineBegin
 *		Enter the engine: connect to SPI.  The callers raise
 *		hotline_engine_depth (the flag the state guard reads) inside a
 *		PG_TRY whose PG_FINALLY lowers it again on every path.
 */
static void
EngineBegin(void)
{
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
 * hotline_apply_action
 *		SQL: hotline.apply_action(order_no, action, actor, actor_role,
 *		params, assignment_id) -> the order's state.
 *
 * Locks the order (and the assignment) so that concurrent actions on one
 * order apply one after the other, each seeing the state the previous one
 * left: two dispatchers, a sign-for racing a re-dispatch, two units replying
 * at once.  A failing action changes nothing: the error aborts the caller's
 * statement with everything the action did.
 */
Datum
hotline_apply_action(PG_FUNCTION_ARGS)
{
	EngineAction ea;
	Oid			types[2] = {INT8OID, INT8OID};
	Datum		values[2];
	char	   *result = NULL;
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
	ea.params = PG_ARGISNULL(4) ? DirectFunctionCall1(jsonb_in, CStringGetDatum("{}")) : PG_GETARG_DATUM(4);
	ea.has_assignment = !PG_ARGISNULL(5);
	ea.assignment_id = ea.has_assignment ? PG_GETARG_INT64(5) : 0;

	EngineBegin();
	hotline_engine_depth++;
	PG_TRY();
	{
		values[0] = Int64GetDatum(ea.order_no);
		if (EngineExec("SELECT workflow, state FROM hotline.work_order "
					   "WHERE order_no = " ORDER_NO_SQL " FOR UPDATE",
					   1, types, values, NULL, SPI_OK_SELECT) != 1)
			ereport(ERROR,
					(errcode(ERRCODE_NO_DATA_FOUND),
					 errmsg("work order %s does not exist",
							DatumGetCString(DirectFunctionCall1(order_no_out, Int64GetDatum(ea.order_no)))),
					 errhint("Check the number: it reads region-date-sequence, e.g. 110101-20261123-000042.")));
		ea.workflow = pstrdup(EngineText(1));
		ea.from_state = pstrdup(EngineText(2));
		ea.order_state = ea.from_state;
		LoadAction(&ea);

		if (strcmp(ea.scope, "assignment") == 0)
		{
			if (!ea.has_assignment)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("action \"%s\" is done on an assignment", ea.action),
						 errhint("Pass assignment_id, or name the unit in the action's function.")));
			values[1] = Int64GetDatum(ea.assignment_id);
			if (EngineExec("SELECT state FROM hotline.assignment "
						   "WHERE id = $2 AND order_no = " ORDER_NO_SQL " FOR UPDATE",
						   2, types, values, NULL, SPI_OK_SELECT) != 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("assignment %lld is not an assignment of this order", (long long) ea.assignment_id),
						 errhint("List the order's assignments in hotline.assignment.")));
			ea.from_state = pstrdup(EngineText(1));
		}
		else
			ea.has_assignment = false;

		result = MemoryContextStrdup(caller, RunAction(&ea));
	}
	PG_FINALLY();
	{
		hotline_engine_depth--;
	}
	PG_END_TRY();
	SPI_finish();
	PG_RETURN_TEXT_P(cstring_to_text(result));
}

/*
 * hotline_open_order
 *		SQL: hotline.open_order(workflow, action, actor, actor_role, params)
 *		-> the new order's number.  The action starts from the pseudo-state
 *		"new": acceptance, a refusal to accept, a direct answer.
 */
Datum
hotline_open_order(PG_FUNCTION_ARGS)
{
	EngineAction ea;
	Oid			types[4] = {JSONBOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		values[4];
	char	   *missing;

	memset(&ea, 0, sizeof(ea));
	ea.workflow = ArgText(fcinfo, 0, "workflow");
	ea.action = ArgText(fcinfo, 1, "action");
	ea.actor = ArgText(fcinfo, 2, "actor");
	ea.role = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));
	ea.params = PG_ARGISNULL(4) ? DirectFunctionCall1(jsonb_in, CStringGetDatum("{}")) : PG_GETARG_DATUM(4);
	ea.from_state = "new";

	EngineBegin();
	hotline_engine_depth++;
	PG_TRY();
	{
		LoadAction(&ea);
		if (strcmp(ea.scope, "order") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("action \"%s\" is done on an assignment, not on a new order", ea.action)));
		CheckAction(&ea);

		values[0] = ea.params;
		EngineExec("SELECT string_agg(k, ', ') FROM unnest('{region,appeal_type,channel,description}'::text[]) k "
				   "WHERE coalesce($1 ->> k, '') = ''", 1, types, values, NULL, SPI_OK_SELECT);
		missing = EngineText(1);
		if (missing)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a new work order needs %s", missing),
					 errdetail("Every order records where (region), what kind (appeal_type), how it came (channel) and what happened (description) (R-1.3, R-1.4, R-1.5)."),
					 errhint("Pass them as named arguments.")));

		/* topic and accused unit by code */
		EngineExec("SELECT ($1 ? 'topic') AND NOT EXISTS (SELECT 1 FROM hotline.topic t WHERE t.code = $1 ->> 'topic'), "
				   "       ($1 ? 'accused_unit') AND NOT EXISTS (SELECT 1 FROM hotline.unit u WHERE u.code = $1 ->> 'accused_unit')",
				   1, types, values, NULL, SPI_OK_SELECT);
		if (EngineBool(1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("topic \"%s\" does not exist", DatumGetCString(DirectFunctionCall2(jsonb_object_field_text, ea.params, CStringGetTextDatum("topic")))),
					 errhint("Topics are rows of hotline.topic, named by their code.")));
		if (EngineBool(2))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("accused unit \"%s\" does not exist", DatumGetCString(DirectFunctionCall2(jsonb_object_field_text, ea.params, CStringGetTextDatum("accused_unit")))),
					 errhint("Units are rows of hotline.unit, named by their code.")));

		/* the citizen, found again by phone */
		values[1] = CStringGetTextDatum(ea.workflow);
		values[2] = CStringGetTextDatum(ea.to_state ? ea.to_state : "new");
		values[3] = CStringGetTextDatum(ea.actor);
		EngineExec("WITH c AS (INSERT INTO hotline.citizen (phone, name) "
				   "           SELECT hotline.normalize_phone($1 ->> 'citizen_phone', $1 ->> 'area_code'), $1 ->> 'citizen_name' "
				   "           WHERE coalesce($1 ->> 'citizen_phone', '') <> '' "
				   "           ON CONFLICT (phone) DO UPDATE SET name = coalesce(EXCLUDED.name, citizen.name) "
				   "           RETURNING id) "
				   "INSERT INTO hotline.work_order (order_no, region, workflow, state, citizen_id, contact_name, "
				   "    confidential, appeal_type, topic_id, urgency, channel, source_hotline, occurred_at, "
				   "    address, longitude, latitude, description, demand, accused_unit_id, accepted_at, accepted_by) "
				   "SELECT hotline.next_order_no($1 ->> 'region'), $1 ->> 'region', $2, $3, (SELECT id FROM c), "
				   "    $1 ->> 'citizen_name', coalesce(($1 ->> 'confidential')::boolean, false), "
				   "    ($1 ->> 'appeal_type')::hotline.appeal_type, "
				   "    (SELECT t.id FROM hotline.topic t WHERE t.code = $1 ->> 'topic'), "
				   "    coalesce(($1 ->> 'urgency')::hotline.urgency, 'normal'), ($1 ->> 'channel')::hotline.channel, "
				   "    coalesce($1 ->> 'source_hotline', '12345'), ($1 ->> 'occurred_at')::timestamptz, "
				   "    $1 ->> 'address', ($1 ->> 'longitude')::float8, ($1 ->> 'latitude')::float8, "
				   "    $1 ->> 'description', $1 ->> 'demand', "
				   "    (SELECT u.id FROM hotline.unit u WHERE u.code = $1 ->> 'accused_unit'), now(), $4 "
				   "RETURNING order_no::bigint",
				   4, types, values, NULL, SPI_OK_INSERT_RETURNING);
		{
			bool		isnull;

			ea.order_no = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		}
		CallHooks(&ea, "before");
		ApplyEffects(&ea);

		/*
		 * The citizen is linked to the order; the history, which is never
		 * deleted, does not copy the phone number or name.
		 */
		{
			Oid			t1[1] = {JSONBOID};
			Datum		v1[1];
			bool		isnull;

			v1[0] = ea.params;
			EngineExec("SELECT $1 - '{citizen_phone,citizen_name,area_code}'::text[]",
					   1, t1, v1, NULL, SPI_OK_SELECT);
			ea.params = EngineDatum(1, &isnull);
		}
		(void) AppendEvent(&ea, ea.action, "new", ea.to_state, false, NULL);
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
