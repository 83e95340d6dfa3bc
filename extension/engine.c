/*-------------------------------------------------------------------------
 *
 * engine.c
 *	  The workflow engine of work orders.
 *
 * Issue 3 builds the engine here: one entry point applies a workflow
 * action to an order (and assignment) under a row lock, checks it against
 * the workflow's states, roles and parameters, applies its effects,
 * computes deadlines on the calendar, appends the event and calls the
 * workflow's hooks.  So far this file holds the guard that keeps state
 * changes inside the engine: the state of an order or an assignment never
 * changes by a bare UPDATE.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/rel.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_guard_state);

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
