/*-------------------------------------------------------------------------
 *
 * workflow_check.c
 *	  The shape of a workflow action's effects, checked when the definition
 *	  enters the database.
 *
 * An action's effects are a JSON object of the engine's generic effects
 * (engine.c).  The engine reads them with the jsonb API, trusting that
 * set_due is an object or an array of objects, that a stamp is a string,
 * and so on: a definition of another shape must never reach it.  0.1.0
 * checked only the top-level keys, and an array of arrays in set_due was
 * read as an object past its end.  Here every effect's full shape is
 * checked, once, by a CHECK constraint of hotline.workflow_action
 * (hotline.workflow_effects_valid), so that neither register_workflow nor
 * a plain INSERT can store anything else; the engine checks a definition
 * again with the same function when it reads one into its cache.
 *
 * What each effect looks like (names are lower-case identifiers of at most
 * 63 bytes, lists of names have at most WF_MAX_NAMES elements):
 *
 *	set_due					{"column": due, "deadline": name | null}, or an
 *							array of such objects, each column once; due is
 *							a column <name>_due of hotline.work_order with
 *							<name>_limit (time_limit) and <name>_from
 *							(timestamptz) beside it
 *	assign, pass_down		{"state": name, "sign_deadline": name,
 *							 "reply_deadline": name,
 *							 "units": [{"param": name, "role": name,
 *										"single": bool}, ...],
 *							 "columns": {assignment column: param, ...},
 *							 "inherit": [assignment column, ...]}
 *							(state and units required; inherit: pass_down
 *							only, columns copied from the parent assignment)
 *	stamp					a timestamptz column of hotline.assignment that
 *							the engine does not own (signed_at, ...)
 *	reopen_assignments		{"from_states": [name, ...], "state": name,
 *							 "reply_deadline": name, "clear": [stamp, ...]}
 *	order_state				name
 *	order_state_when_all	{"assignment_states": [name, ...],
 *							 "ignore_states": [name, ...], "order_state": name}
 *	close_assignment, extend_due, close_order, archive_order, merge_into
 *							true or false
 *
 * Effects on an assignment (pass_down, stamp, close_assignment, extend_due)
 * belong to actions of scope "assignment".
 *
 * Column names are checked against the catalog (pg_attribute of
 * hotline.work_order and hotline.assignment) when a definition is stored
 * and again when the engine loads it; the engine quotes them with
 * quote_identifier when it composes its statements.  A workflow's options
 * (hotline.workflow.options, WorkflowOptionsCheck) are checked the same
 * way.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/acl.h"

#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/typcache.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_workflow_effects_valid);
PG_FUNCTION_INFO_V1(hotline_workflow_options_valid);
PG_FUNCTION_INFO_V1(hotline_due_table);
PG_FUNCTION_INFO_V1(hotline_due_at);
PG_FUNCTION_INFO_V1(hotline_due_start);
PG_FUNCTION_INFO_V1(hotline_escalation_due_valid);

#define WF_NAME_MAX		63		/* as the CHECKs of workflow names */
#define WF_MAX_NAMES	64		/* states in a list of an effect */

/* What an effect is checked against */
typedef struct EffectCheck
{
	const char *workflow;
	const char *action;
	const char *effect;			/* the effect being checked */
} EffectCheck;

/*
 * EffectError
 *		Report a malformed effect: what is wrong, what it should look like.
 */
static void
EffectError(EffectCheck *ec, const char *problem, const char *shape)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("effect %s of action \"%s\" of workflow \"%s\" %s",
					ec->effect, ec->action, ec->workflow, problem),
			 errdetail("The engine reads an effect only in its documented shape; "
					   "a definition of another shape is refused when it is registered."),
			 errhint("Write it as %s.", shape)));
}

/*
 * ClippedName
 *		A JSON string as a C string of at most WF_NAME_MAX bytes, cut at a
 *		character boundary (for messages).
 */
static char *
ClippedName(JsonbValue *v)
{
	return pnstrdup(v->val.string.val, pg_mbcliplen(v->val.string.val, v->val.string.len, WF_NAME_MAX));
}

/*
 * IsName
 *		Whether v is a string that is a lower-case identifier: a letter, then
 *		letters, digits and underscores, at most WF_NAME_MAX bytes.
 */
static bool
IsName(JsonbValue *v)
{
	int			k;

	if (v->type != jbvString || v->val.string.len < 1 || v->val.string.len > WF_NAME_MAX)
		return false;
	for (k = 0; k < v->val.string.len; k++)
	{
		char		c = v->val.string.val[k];

		if (!((c >= 'a' && c <= 'z') || (k > 0 && ((c >= '0' && c <= '9') || c == '_'))))
			return false;
	}
	return true;
}

/*
 * CheckKeys
 *		obj must be an object whose keys are all among allowed (n of them)
 *		and that has every key of required (a prefix of allowed, nrequired
 *		long).
 */
static void
CheckKeys(EffectCheck *ec, JsonbValue *obj, const char *const *allowed, int n, int nrequired,
		  const char *shape)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			k;

	if (obj->type != jbvBinary || !JsonContainerIsObject(obj->val.binary.data))
		EffectError(ec, "is not an object", shape);
	it = JsonbIteratorInit(obj->val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		bool		known = false;

		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_KEY)
			continue;
		for (k = 0; k < n; k++)
			known |= (strlen(allowed[k]) == (size_t) v.val.string.len &&
					  memcmp(allowed[k], v.val.string.val, v.val.string.len) == 0);
		if (!known)
			EffectError(ec, psprintf("has an unknown key \"%s\"", ClippedName(&v)), shape);
	}
	for (k = 0; k < nrequired; k++)
		if (getKeyJsonValueFromContainer(obj->val.binary.data, allowed[k], strlen(allowed[k]), &v) == NULL)
			EffectError(ec, psprintf("lacks \"%s\"", allowed[k]), shape);
}

/*
 * Member
 *		The value of key in the object obj into v; false when absent.
 */
static bool
Member(JsonbValue *obj, const char *key, JsonbValue *v)
{
	return getKeyJsonValueFromContainer(obj->val.binary.data, key, strlen(key), v) != NULL;
}

/*
 * CheckNameMember
 *		Member key of obj, when present (or when required), must be a name
 *		(or, if null_ok, JSON null).
 */
static void
CheckNameMember(EffectCheck *ec, JsonbValue *obj, const char *key, bool null_ok, const char *shape)
{
	JsonbValue	v;

	if (!Member(obj, key, &v))
		return;
	if (null_ok && v.type == jbvNull)
		return;
	if (!IsName(&v))
		EffectError(ec, psprintf("has a \"%s\" that is not a lower-case name of at most %d bytes",
								 key, WF_NAME_MAX), shape);
}

/*
 * CheckNameList
 *		Member key of obj, when present, must be a non-empty array of at most
 *		WF_MAX_NAMES names.
 */
static void
CheckNameList(EffectCheck *ec, JsonbValue *obj, const char *key, const char *shape)
{
	JsonbValue	v;
	JsonbValue	e;
	JsonbIterator *it;
	JsonbIteratorToken tok;
	int			n = 0;

	if (!Member(obj, key, &v))
		return;
	if (v.type != jbvBinary || !JsonContainerIsArray(v.val.binary.data) ||
		JsonContainerSize(v.val.binary.data) < 1 ||
		JsonContainerSize(v.val.binary.data) > WF_MAX_NAMES)
		EffectError(ec, psprintf("has a \"%s\" that is not an array of 1 to %d states",
								 key, WF_MAX_NAMES), shape);
	it = JsonbIteratorInit(v.val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &e, true)) != WJB_DONE)
	{
		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_ELEM)
			continue;
		n++;
		if (!IsName(&e))
			EffectError(ec, psprintf("has an element %d of \"%s\" that is not a state name", n, key), shape);
	}
}

/*
 * Columns the engine writes itself on an assignment: neither a stamp nor a
 * column an assign effect copies from a parameter may name them.
 */
static const char *const engine_assignment_columns[] = {
	"id", "order_no", "unit_id", "parent_id", "role", "state", "dispatched_at", "sign_limit",
	"sign_due", "reply_limit", "reply_from", "reply_due", "closed_at", "updated_at"
};

/*
 * HotlineColumnType
 *		The type of column of hotline.<table> (a live column), or InvalidOid
 *		when there is no such column (or no such table yet).
 */
Oid
HotlineColumnType(const char *table, const char *column)
{
	Oid			nsp = get_namespace_oid("hotline", true);
	Oid			relid = OidIsValid(nsp) ? get_relname_relid(table, nsp) : InvalidOid;
	AttrNumber	attno;

	if (!OidIsValid(relid))
		return InvalidOid;
	attno = get_attnum(relid, column);
	if (attno <= 0)
		return InvalidOid;
	return get_atttype(relid, attno);
}

/*
 * IsEngineAssignmentColumn
 *		Whether column is one the engine writes on an assignment.
 */
bool
IsEngineAssignmentColumn(const char *column)
{
	int			k;

	for (k = 0; k < (int) lengthof(engine_assignment_columns); k++)
		if (strcmp(column, engine_assignment_columns[k]) == 0)
			return true;
	return false;
}

/*
 * IsDeadlineOf
 *		Whether column of hotline.<table> is a deadline: a timestamptz
 *		<name>_due with <name>_limit (hotline.time_limit) beside it, and
 *		<name>_from (timestamptz) too when need_from.  The one definition of
 *		"a deadline column", read from the catalog.
 */
static bool
IsDeadlineOf(const char *table, const char *column, bool need_from)
{
	size_t		len = strlen(column);
	char	   *base;
	Oid			limit_type;

	if (len <= 4 || strcmp(column + len - 4, "_due") != 0 ||
		HotlineColumnType(table, column) != TIMESTAMPTZOID)
		return false;
	base = pnstrdup(column, len - 4);
	limit_type = HotlineColumnType(table, psprintf("%s_limit", base));
	return OidIsValid(limit_type) &&
		limit_type == GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("time_limit"),
									  ObjectIdGetDatum(get_namespace_oid("hotline", false))) &&
		(!need_from || HotlineColumnType(table, psprintf("%s_from", base)) == TIMESTAMPTZOID);
}

/*
 * IsDueColumn
 *		Whether column of hotline.work_order is a deadline set_due may set:
 *		a timestamptz <name>_due with <name>_limit (time_limit) and
 *		<name>_from (timestamptz) beside it.
 */
bool
IsDueColumn(const char *column)
{
	return IsDeadlineOf("work_order", column, true);
}

/*
 * IsAssignmentDeadline, IsOrderDeadline
 *		Whether column is a deadline (IsDeadlineOf) of hotline.assignment,
 *		of hotline.work_order: what a time rule may watch.
 */
static bool
IsAssignmentDeadline(const char *column)
{
	return IsDeadlineOf("assignment", column, false);
}

static bool
IsOrderDeadline(const char *column)
{
	return IsDeadlineOf("work_order", column, false);
}

/*
 * DeadlineTable
 *		The table whose deadline a time rule on column watches:
 *		"assignment" when hotline.assignment has such a deadline (an order's
 *		reply_due is derived from its assignments', hotline.order_reply_due,
 *		so a rule on it watches the assignments), else "work_order" when the
 *		order has it, else NULL.
 */
static const char *
DeadlineTable(const char *column)
{
	if (IsAssignmentDeadline(column))
		return "assignment";
	if (IsOrderDeadline(column))
		return "work_order";
	return NULL;
}

/*
 * ValidColumns
 *		The columns of hotline.<table> that pass test, joined by ", " (for
 *		the hints of errors that name a wrong one).
 */
static char *
ValidColumns(const char *table, bool (*test) (const char *column))
{
	Oid			nsp = get_namespace_oid("hotline", true);
	Oid			relid = OidIsValid(nsp) ? get_relname_relid(table, nsp) : InvalidOid;
	StringInfoData out;
	Relation	rel;
	TupleDesc	desc;
	int			k;

	initStringInfo(&out);
	if (!OidIsValid(relid))
		return out.data;
	rel = relation_open(relid, AccessShareLock);
	desc = RelationGetDescr(rel);
	for (k = 0; k < desc->natts; k++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, k);

		if (!att->attisdropped && test(NameStr(att->attname)))
			appendStringInfo(&out, "%s%s", out.len ? ", " : "", NameStr(att->attname));
	}
	relation_close(rel, AccessShareLock);
	return out.data;
}

/*
 * ColumnError
 *		Report an effect that names a column it may not: what the effect
 *		needs (detail), and the columns of hotline.<table> that pass test.
 */
static void
ColumnError(EffectCheck *ec, const char *column, const char *detail, const char *table,
			bool (*test) (const char *column))
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("effect %s of action \"%s\" of workflow \"%s\" names an unknown column: %s",
					ec->effect, ec->action, ec->workflow, column),
			 errdetail("%s", detail),
			 errhint("Use one of: %s.", ValidColumns(table, test))));
}

/*
 * IsStampColumn
 *		Whether column of hotline.assignment may be stamped: a timestamptz
 *		column the engine does not own.
 */
bool
IsStampColumn(const char *column)
{
	return !IsEngineAssignmentColumn(column) &&
		HotlineColumnType("assignment", column) == TIMESTAMPTZOID;
}

/*
 * IsCopyColumn
 *		Whether column of hotline.assignment may be copied from a parameter
 *		by an assign or pass_down effect: one the engine does not own.
 */
static bool
IsCopyColumn(const char *column)
{
	return !IsEngineAssignmentColumn(column) && OidIsValid(HotlineColumnType("assignment", column));
}

/*
 * CheckInheritSpec
 *		"inherit" of a pass_down effect: an array of columns of
 *		hotline.assignment the engine does not own, which the sub-units'
 *		assignments copy from the parent assignment (a parameter named for
 *		the same column in "columns" wins).
 */
static void
CheckInheritSpec(EffectCheck *ec, JsonbValue *obj, bool pass_down, const char *shape)
{
	JsonbValue	v;
	JsonbValue	e;
	JsonbIterator *it;
	JsonbIteratorToken tok;

	if (!Member(obj, "inherit", &v))
		return;
	if (!pass_down)
		EffectError(ec, "has \"inherit\", but only a pass_down has a parent assignment", shape);
	if (v.type != jbvBinary || !JsonContainerIsArray(v.val.binary.data) ||
		JsonContainerSize(v.val.binary.data) > WF_MAX_NAMES)
		EffectError(ec, psprintf("has \"inherit\" that is not an array of at most %d columns", WF_MAX_NAMES), shape);
	it = JsonbIteratorInit(v.val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &e, true)) != WJB_DONE)
	{
		char	   *name;

		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_ELEM)
			continue;
		name = e.type == jbvString ? ClippedName(&e) : "(not a string)";
		if (!IsName(&e) || !IsCopyColumn(name))
			ColumnError(ec, name, "\"inherit\" names columns of hotline.assignment that the engine does not write itself.", "assignment", IsCopyColumn);
	}
}

/*
 * CheckSetDueObject
 *		One {"column": ..., "deadline": ...} of set_due; the column must be a
 *		deadline of hotline.work_order (IsDueColumn) not named before in
 *		*seen.
 */
static void
CheckSetDueObject(EffectCheck *ec, JsonbValue *obj, List **seen, const char *shape)
{
	static const char *const keys[] = {"column", "deadline"};
	JsonbValue	col;
	char	   *name;
	ListCell   *lc;

	CheckKeys(ec, obj, keys, 2, 2, shape);
	(void) Member(obj, "column", &col);
	if (!IsName(&col))
		EffectError(ec, "has a \"column\" that is not a lower-case name", shape);
	name = ClippedName(&col);
	if (!IsDueColumn(name))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("effect %s of action \"%s\" of workflow \"%s\" names an unknown column: %s",
						ec->effect, ec->action, ec->workflow, name),
				 errdetail("set_due sets a column <name>_due of hotline.work_order that has <name>_limit "
						   "(hotline.time_limit) and <name>_from (timestamptz) beside it."),
				 errhint("Use one of: %s.", ValidColumns("work_order", IsDueColumn))));
	foreach(lc, *seen)
		if (strcmp((char *) lfirst(lc), name) == 0)
			EffectError(ec, psprintf("names column %s twice", name), shape);
	*seen = lappend(*seen, name);
	CheckNameMember(ec, obj, "deadline", true, shape);
}

/*
 * CheckSetDue
 *		set_due: an object, or an array of 1 to WF_MAX_NAMES objects.
 */
static void
CheckSetDue(EffectCheck *ec, JsonbValue *v)
{
	const char *shape = "{\"column\": \"reply_due\", \"deadline\": \"reply\"} (a deadline of the workflow's "
		"limits, or null to clear the due), or an array of such objects, one per column";
	List	   *seen = NIL;

	if (v->type == jbvBinary && JsonContainerIsArray(v->val.binary.data))
	{
		JsonbIterator *it;
		JsonbValue	e;
		JsonbIteratorToken tok;

		if (JsonContainerSize(v->val.binary.data) < 1 || JsonContainerSize(v->val.binary.data) > WF_MAX_NAMES)
			EffectError(ec, psprintf("is an array of other than 1 to %d objects", WF_MAX_NAMES), shape);
		it = JsonbIteratorInit(v->val.binary.data);
		while ((tok = JsonbIteratorNext(&it, &e, true)) != WJB_DONE)
		{
			CHECK_FOR_INTERRUPTS();
			if (tok != WJB_ELEM)
				continue;
			if (e.type != jbvBinary || !JsonContainerIsObject(e.val.binary.data))
				EffectError(ec, "has an element that is not an object", shape);
			CheckSetDueObject(ec, &e, &seen, shape);
		}
	}
	else
		CheckSetDueObject(ec, v, &seen, shape);
}

/*
 * CheckUnitsSpec
 *		"units" of an assign or pass_down effect: an array of 1 to
 *		WF_MAX_NAMES objects {"param": name, "role": name, "single": bool},
 *		which parameter of the action names units (a code, or with single
 *		false an array of codes) and the role their assignments get.
 */
static void
CheckUnitsSpec(EffectCheck *ec, JsonbValue *obj, const char *shape)
{
	static const char *const keys[] = {"param", "role", "single"};
	JsonbValue	v;
	JsonbValue	e;
	JsonbIterator *it;
	JsonbIteratorToken tok;

	(void) Member(obj, "units", &v);
	if (v.type != jbvBinary || !JsonContainerIsArray(v.val.binary.data) ||
		JsonContainerSize(v.val.binary.data) < 1 || JsonContainerSize(v.val.binary.data) > WF_MAX_NAMES)
		EffectError(ec, psprintf("has \"units\" that are not an array of 1 to %d objects", WF_MAX_NAMES), shape);
	it = JsonbIteratorInit(v.val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &e, true)) != WJB_DONE)
	{
		JsonbValue	single;

		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_ELEM)
			continue;
		CheckKeys(ec, &e, keys, 3, 2, shape);
		CheckNameMember(ec, &e, "param", false, shape);
		CheckNameMember(ec, &e, "role", false, shape);
		if (Member(&e, "single", &single) && single.type != jbvBool)
			EffectError(ec, "has a \"single\" of \"units\" that is not true or false", shape);
	}
}

/*
 * CheckColumnsSpec
 *		"columns" of an assign or pass_down effect: an object whose keys are
 *		columns of hotline.assignment the engine does not own and whose
 *		values are parameter names (a pass-down falls back to the parent
 *		assignment's value).
 */
static void
CheckColumnsSpec(EffectCheck *ec, JsonbValue *obj, const char *shape)
{
	JsonbValue	v;
	JsonbValue	key;
	JsonbValue	val;
	JsonbIterator *it;
	JsonbIteratorToken tok;

	if (!Member(obj, "columns", &v))
		return;
	if (v.type != jbvBinary || !JsonContainerIsObject(v.val.binary.data))
		EffectError(ec, "has \"columns\" that are not an object", shape);
	it = JsonbIteratorInit(v.val.binary.data);
	while ((tok = JsonbIteratorNext(&it, &key, true)) != WJB_DONE)
	{
		char	   *name;

		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_KEY)
			continue;
		name = ClippedName(&key);
		tok = JsonbIteratorNext(&it, &val, true);
		if (!IsName(&key) || !IsCopyColumn(name))
			ColumnError(ec, name, "\"columns\" names columns of hotline.assignment that the engine does not write itself.", "assignment", IsCopyColumn);
		if (!IsName(&val))
			EffectError(ec, psprintf("has a column \"%s\" whose parameter is not a lower-case name", name), shape);
	}
}

/*
 * CheckBoolean
 *		close_assignment, extend_due, close_order, ...: true or false.
 */
static void
CheckBoolean(EffectCheck *ec, JsonbValue *v)
{
	if (v->type != jbvBool)
		EffectError(ec, "is not true or false", "true");
}

/*
 * WorkflowEffectsCheck
 *		Check the effects of action (of the given scope) of workflow; errors
 *		on the first thing that is not in its documented shape.
 */
void
WorkflowEffectsCheck(const char *workflow, const char *action, const char *scope, Jsonb *effects)
{
	static const char *const assign_keys[] = {"state", "units", "sign_deadline", "reply_deadline", "columns",
	"inherit"};
	static const char *const reopen_keys[] = {"from_states", "state", "reply_deadline", "clear"};
	static const char *const when_all_keys[] = {"assignment_states", "order_state", "ignore_states"};
	static const char *const assignment_only[] = {"pass_down", "stamp", "close_assignment", "extend_due"};
	EffectCheck ec;
	JsonbIterator *it;
	JsonbValue	key;
	JsonbValue	v;
	JsonbIteratorToken tok;
	bool		on_assignment = scope != NULL && strcmp(scope, "assignment") == 0;

	ec.workflow = workflow;
	ec.action = action;
	ec.effect = "";
	if (!JB_ROOT_IS_OBJECT(effects) || JB_ROOT_IS_SCALAR(effects))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the effects of action \"%s\" of workflow \"%s\" are not a JSON object", action, workflow),
				 errhint("Write them as an object of effects, e.g. {\"close_order\": true}, or {} for none.")));

	it = JsonbIteratorInit(&effects->root);
	tok = JsonbIteratorNext(&it, &v, true);	/* WJB_BEGIN_OBJECT */
	while ((tok = JsonbIteratorNext(&it, &key, true)) != WJB_DONE)
	{
		char	   *name;
		int			k;

		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_KEY)
			continue;
		name = ClippedName(&key);
		tok = JsonbIteratorNext(&it, &v, true); /* its value, not descended into */
		ec.effect = name;
		for (k = 0; k < (int) lengthof(assignment_only); k++)
			if (strcmp(name, assignment_only[k]) == 0 && !on_assignment)
				EffectError(&ec, "acts on an assignment, but the action is done on the order",
							"an effect of an action of scope \"assignment\", or leave it out");

		if (strcmp(name, "set_due") == 0)
			CheckSetDue(&ec, &v);
		else if (strcmp(name, "assign") == 0 || strcmp(name, "pass_down") == 0)
		{
			const char *shape = "{\"state\": \"dispatched\", \"sign_deadline\": \"sign\", \"reply_deadline\": \"reply\", "
				"\"units\": [{\"param\": \"units\", \"role\": \"handler\", \"single\": false}], "
				"\"columns\": {\"opinion\": \"opinion\"}, \"inherit\": [\"dispatch_mode\"]} (deadlines of the workflow's limits; "
				"state and units required; inherit only in pass_down)";

			CheckKeys(&ec, &v, assign_keys, 6, 2, shape);
			CheckNameMember(&ec, &v, "state", false, shape);
			CheckNameMember(&ec, &v, "sign_deadline", false, shape);
			CheckNameMember(&ec, &v, "reply_deadline", false, shape);
			CheckUnitsSpec(&ec, &v, shape);
			CheckColumnsSpec(&ec, &v, shape);
			CheckInheritSpec(&ec, &v, strcmp(name, "pass_down") == 0, shape);
		}
		else if (strcmp(name, "stamp") == 0)
		{
			char	   *col = v.type == jbvString ? ClippedName(&v) : NULL;

			if (col == NULL || !IsName(&v) || !IsStampColumn(col))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("effect stamp of action \"%s\" of workflow \"%s\" names an unknown column: %s",
								action, workflow, col ? col : "(not a string)"),
						 errdetail("A stamp sets a timestamptz column of hotline.assignment that the engine does not write itself."),
						 errhint("Use one of: %s.", ValidColumns("assignment", IsStampColumn))));
		}
		else if (strcmp(name, "reopen_assignments") == 0)
		{
			const char *shape = "{\"from_states\": [\"replied\"], \"state\": \"redo\", \"reply_deadline\": \"redo\", "
				"\"clear\": [\"replied_at\"]} (from_states and state required)";
			JsonbValue	clear;

			CheckKeys(&ec, &v, reopen_keys, 4, 2, shape);
			if (Member(&v, "clear", &clear))
			{
				JsonbIterator *cit;
				JsonbValue	c;

				if (clear.type != jbvBinary || !JsonContainerIsArray(clear.val.binary.data) ||
					JsonContainerSize(clear.val.binary.data) > WF_MAX_NAMES)
					EffectError(&ec, "has \"clear\" that is not an array of stamp columns", shape);
				cit = JsonbIteratorInit(clear.val.binary.data);
				while ((tok = JsonbIteratorNext(&cit, &c, true)) != WJB_DONE)
				{
					char	   *col;

					if (tok != WJB_ELEM)
						continue;
					col = c.type == jbvString ? ClippedName(&c) : "(not a string)";
					if (!IsName(&c) || !IsStampColumn(col))
						ColumnError(&ec, col, "\"clear\" names timestamptz columns of hotline.assignment that the engine does not write itself.", "assignment", IsStampColumn);
				}
			}
			CheckNameList(&ec, &v, "from_states", shape);
			CheckNameMember(&ec, &v, "state", false, shape);
			CheckNameMember(&ec, &v, "reply_deadline", false, shape);
		}
		else if (strcmp(name, "order_state") == 0)
		{
			if (!IsName(&v))
				EffectError(&ec, "is not a state name", "the name of an order state, e.g. \"returned\"");
		}
		else if (strcmp(name, "order_state_when_all") == 0)
		{
			const char *shape = "{\"assignment_states\": [\"replied\", \"closed\"], \"ignore_states\": [\"returned\"], "
				"\"order_state\": \"replied\"} (ignore_states optional)";

			CheckKeys(&ec, &v, when_all_keys, 3, 2, shape);
			CheckNameList(&ec, &v, "assignment_states", shape);
			CheckNameList(&ec, &v, "ignore_states", shape);
			CheckNameMember(&ec, &v, "order_state", false, shape);
		}
		else if (strcmp(name, "close_assignment") == 0 || strcmp(name, "extend_due") == 0 ||
				 strcmp(name, "close_order") == 0 || strcmp(name, "archive_order") == 0 ||
				 strcmp(name, "merge_into") == 0)
			CheckBoolean(&ec, &v);
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("action \"%s\" of workflow \"%s\" has an unknown effect \"%s\"",
							action, workflow, name),
					 errhint("Effects the engine knows: set_due, assign, pass_down, stamp, close_assignment, "
							 "extend_due, reopen_assignments, close_order, archive_order, merge_into, "
							 "order_state, order_state_when_all.")));
	}
}

/*
 * hotline_workflow_effects_valid
 *		SQL: hotline.workflow_effects_valid(workflow, action, scope, effects)
 *		-> true, or an error saying what is wrong: the CHECK constraint of
 *		hotline.workflow_action.effects.
 */
Datum
hotline_workflow_effects_valid(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		PG_RETURN_BOOL(true);	/* NOT NULL constraints report these */
	WorkflowEffectsCheck(text_to_cstring(PG_GETARG_TEXT_PP(0)), text_to_cstring(PG_GETARG_TEXT_PP(1)),
						 PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2)),
						 PG_GETARG_JSONB_P(3));
	PG_RETURN_BOOL(true);
}

/*
 * OptionError
 *		Report a malformed workflow option: what is wrong, what it should
 *		look like.
 */
static void
OptionError(const char *workflow, const char *option, const char *problem, const char *shape)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("option %s of workflow \"%s\" %s", option, workflow, problem),
			 errdetail("The engine reads a workflow option only in its documented shape."),
			 errhint("Write it as %s.", shape)));
}

/*
 * OrderColumnError
 *		An option names a column that hotline.work_order does not have (or
 *		not of the type it needs).
 */
static void
OrderColumnError(const char *workflow, const char *option, const char *column, const char *need)
{
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_COLUMN),
			 errmsg("option %s of workflow \"%s\" names an unknown column: %s", option, workflow, column),
			 errdetail("It must name %s of hotline.work_order.", need),
			 errhint("Use a column of hotline.work_order, e.g. %s.", ValidColumns("work_order", IsOrderColumn))));
}

/*
 * IsOrderColumn
 *		Whether hotline.work_order has column.
 */
bool
IsOrderColumn(const char *column)
{
	return OidIsValid(HotlineColumnType("work_order", column));
}

/*
 * WorkflowOptionsCheck
 *		Check the options of a workflow (hotline.workflow.options), the
 *		rules of a process that the engine applies for it:
 *
 *	one_open_role	name: the assignment role of which an order has one open
 *					(top-level) assignment at a time (the 12345 lead unit,
 *					); a dispatch while it is open names the same unit
 *					in that role, or is refused
 *	exclude_unit	{"unit_column": column, "when_column": column,
 *					 "values": [text, ...]}: while the order's when_column
 *					is one of values, neither the unit the order's
 *					unit_column (a bigint unit id) names nor its sub-units
 *					are assigned (the accused unit of a complaint, R-4.6)
 *	unit_roles		[workflow role, ...]: a caller that is not the engine's
 *					owner, acting on an assignment in one of these roles,
 *					acts for the assignment's unit: it must be its staff
 *					(hotline.acts_for_unit)
 *	db_roles		{workflow role: database role, ...}: a login that is
 *					not the engine's owner acts in the workflow roles whose
 *					database roles it has the privileges of; each
 *					database role must exist
 *
 * Column names are checked against the catalog (hotline.work_order).
 */
void
WorkflowOptionsCheck(const char *workflow, Jsonb *options)
{
	JsonbIterator *it;
	JsonbValue	key;
	JsonbValue	v;
	JsonbIteratorToken tok;
	const char *exclude_shape = "{\"unit_column\": \"accused_unit_id\", \"when_column\": \"appeal_type\", "
		"\"values\": [\"complaint\", \"report\"]}";

	if (!JB_ROOT_IS_OBJECT(options) || JB_ROOT_IS_SCALAR(options))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the options of workflow \"%s\" are not a JSON object", workflow),
				 errhint("Write them as an object, e.g. {\"one_open_role\": \"lead\"}, or {} for none.")));
	it = JsonbIteratorInit(&options->root);
	tok = JsonbIteratorNext(&it, &v, true);	/* WJB_BEGIN_OBJECT */
	while ((tok = JsonbIteratorNext(&it, &key, true)) != WJB_DONE)
	{
		char	   *name;

		CHECK_FOR_INTERRUPTS();
		if (tok != WJB_KEY)
			continue;
		name = ClippedName(&key);
		tok = JsonbIteratorNext(&it, &v, true);
		if (strcmp(name, "one_open_role") == 0)
		{
			if (!IsName(&v))
				OptionError(workflow, name, "is not a role name", "the name of an assignment role, e.g. \"lead\"");
		}
		else if (strcmp(name, "exclude_unit") == 0)
		{
			static const char *const keys[] = {"unit_column", "when_column", "values"};
			EffectCheck ec;
			JsonbValue	col;
			JsonbValue	vals;
			JsonbValue	e;
			JsonbIterator *vit;
			char	   *colname;

			ec.workflow = workflow;
			ec.action = "(options)";
			ec.effect = name;
			if (v.type != jbvBinary || !JsonContainerIsObject(v.val.binary.data))
				OptionError(workflow, name, "is not an object", exclude_shape);
			CheckKeys(&ec, &v, keys, 3, 3, exclude_shape);
			(void) Member(&v, "unit_column", &col);
			if (!IsName(&col))
				OptionError(workflow, name, "has a \"unit_column\" that is not a column name", exclude_shape);
			colname = ClippedName(&col);
			if (HotlineColumnType("work_order", colname) != INT8OID)
				OrderColumnError(workflow, name, colname, "a bigint column (a unit's id)");
			(void) Member(&v, "when_column", &col);
			if (!IsName(&col))
				OptionError(workflow, name, "has a \"when_column\" that is not a column name", exclude_shape);
			colname = ClippedName(&col);
			if (!IsOrderColumn(colname))
				OrderColumnError(workflow, name, colname, "a column");
			(void) Member(&v, "values", &vals);
			if (vals.type != jbvBinary || !JsonContainerIsArray(vals.val.binary.data) ||
				JsonContainerSize(vals.val.binary.data) < 1 ||
				JsonContainerSize(vals.val.binary.data) > WF_MAX_NAMES)
				OptionError(workflow, name, psprintf("has \"values\" that are not an array of 1 to %d strings",
													 WF_MAX_NAMES), exclude_shape);
			vit = JsonbIteratorInit(vals.val.binary.data);
			while ((tok = JsonbIteratorNext(&vit, &e, true)) != WJB_DONE)
				if (tok == WJB_ELEM && e.type != jbvString)
					OptionError(workflow, name, "has a value that is not a string", exclude_shape);
		}
		else if (strcmp(name, "unit_roles") == 0)
		{
			JsonbIterator *uit;
			JsonbValue	e;

			if (v.type != jbvBinary || !JsonContainerIsArray(v.val.binary.data) ||
				JsonContainerSize(v.val.binary.data) > WF_MAX_NAMES)
				OptionError(workflow, name, psprintf("is not an array of at most %d workflow roles", WF_MAX_NAMES),
							"[\"field_team\"]");
			uit = JsonbIteratorInit(v.val.binary.data);
			while ((tok = JsonbIteratorNext(&uit, &e, true)) != WJB_DONE)
				if (tok == WJB_ELEM && !IsName(&e))
					OptionError(workflow, name, "has an element that is not a workflow role name", "[\"field_team\"]");
		}
		else if (strcmp(name, "db_roles") == 0)
		{
			const char *roles_shape = "{\"intake_clerk\": \"my_intake_role\", \"field_team\": \"my_field_role\"}";
			JsonbIterator *rit;
			JsonbValue	wr;
			JsonbValue	dr;

			if (v.type != jbvBinary || !JsonContainerIsObject(v.val.binary.data) ||
				JsonContainerSize(v.val.binary.data) > WF_MAX_NAMES)
				OptionError(workflow, name, psprintf("is not an object of at most %d workflow roles", WF_MAX_NAMES),
							roles_shape);
			rit = JsonbIteratorInit(v.val.binary.data);
			while ((tok = JsonbIteratorNext(&rit, &wr, true)) != WJB_DONE)
			{
				char	   *role;

				CHECK_FOR_INTERRUPTS();
				if (tok != WJB_KEY)
					continue;
				if (!IsName(&wr))
					OptionError(workflow, name, "has a key that is not a workflow role name", roles_shape);
				(void) JsonbIteratorNext(&rit, &dr, true);
				if (!IsName(&dr))
					OptionError(workflow, name, psprintf("maps workflow role \"%s\" to something that is not a role name",
														 ClippedName(&wr)), roles_shape);
				role = ClippedName(&dr);
				if (!OidIsValid(get_role_oid(role, true)))
					ereport(ERROR,
							(errcode(ERRCODE_UNDEFINED_OBJECT),
							 errmsg("option db_roles of workflow \"%s\" names database role \"%s\", which does not exist",
									workflow, role),
							 errdetail("Workflow role \"%s\" is mapped to it.", ClippedName(&wr)),
							 errhint("Create the role first (CREATE ROLE %s NOLOGIN), or map the workflow role to one of the hotline's group roles.",
									 quote_identifier(role))));
			}
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("workflow \"%s\" has an unknown option \"%s\"", workflow, name),
					 errhint("Options the engine knows: one_open_role, exclude_unit, db_roles, unit_roles.")));
	}
}

/*
 * hotline_workflow_options_valid
 *		SQL: hotline.workflow_options_valid(workflow, options) -> true, or an
 *		error saying what is wrong: the CHECK constraint of
 *		hotline.workflow.options.
 */
Datum
hotline_workflow_options_valid(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_BOOL(true);	/* NOT NULL constraints report these */
	WorkflowOptionsCheck(text_to_cstring(PG_GETARG_TEXT_PP(0)), PG_GETARG_JSONB_P(1));
	PG_RETURN_BOOL(true);
}

/*
 * hotline_due_table
 *		SQL: hotline.due_table(due) -> 'assignment', 'work_order' or NULL:
 *		the table whose deadline column due a time rule watches, read from
 *		the catalog (DeadlineTable).  The engine (which alarms an action
 *		keeps), the alarms and the sweep decide by it.
 */
Datum
hotline_due_table(PG_FUNCTION_ARGS)
{
	const char *table = DeadlineTable(text_to_cstring(PG_GETARG_TEXT_PP(0)));

	if (table == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(table));
}

/*
 * RowTimestamp
 *		The timestamptz column named column of the row datum row (any
 *		composite: an order, an assignment, the row an INSERT returns);
 *		isnull when the row has no such column, or it is not a timestamptz,
 *		or it is NULL.  By the row's own descriptor: no conversion of the
 *		other columns (to_jsonb of an order converted its 37 columns to
 *		text to read one deadline, issue 9).
 */
static Datum
RowTimestamp(HeapTupleHeader row, const char *column, bool *isnull)
{
	TupleDesc	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(row), HeapTupleHeaderGetTypMod(row));
	HeapTupleData tuple;
	Datum		value = (Datum) 0;
	int			i;

	*isnull = true;
	tuple.t_len = HeapTupleHeaderGetDatumLength(row);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = row;
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (att->attisdropped || strcmp(NameStr(att->attname), column) != 0)
			continue;
		if (att->atttypid == TIMESTAMPTZOID)
			value = heap_getattr(&tuple, i + 1, desc, isnull);
		break;
	}
	ReleaseTupleDesc(desc);
	return value;
}

/*
 * hotline_due_at
 *		SQL: hotline.due_at(object record, due text) -> the deadline due (a
 *		column name) of an order or an assignment (object: its row), NULL
 *		when it has none: what a time rule watches (hotline.alarm_rows, the
 *		sweep).
 */
Datum
hotline_due_at(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		value;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	value = RowTimestamp(PG_GETARG_HEAPTUPLEHEADER(0), text_to_cstring(PG_GETARG_TEXT_PP(1)), &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(value);
}

/*
 * hotline_due_start
 *		SQL: hotline.due_start(object record, due text, object_start) -> the
 *		start of the period of the deadline due (<name>_due) of an order or
 *		an assignment: its <name>_from, else (no such column, or not
 *		recorded) object_start, the acceptance of an order or the dispatch
 *		of an assignment.
 */
Datum
hotline_due_start(PG_FUNCTION_ARGS)
{
	bool		isnull = true;
	Datum		value = (Datum) 0;

	if (!PG_ARGISNULL(0) && !PG_ARGISNULL(1))
	{
		char	   *due = text_to_cstring(PG_GETARG_TEXT_PP(1));
		size_t		len = strlen(due);

		/* <name>_due -> <name>_from (the deadline columns' convention) */
		if (len > 4 && strcmp(due + len - 4, "_due") == 0)
			value = RowTimestamp(PG_GETARG_HEAPTUPLEHEADER(0), psprintf("%.*s_from", (int) (len - 4), due), &isnull);
	}
	if (!isnull)
		PG_RETURN_DATUM(value);
	if (PG_ARGISNULL(2))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PG_GETARG_DATUM(2));
}

/*
 * hotline_escalation_due_valid
 *		SQL: hotline.escalation_due_valid(workflow, rule, due) -> true, or an
 *		error naming the rule and the column: the CHECK constraint of
 *		hotline.workflow_escalation.due.  A time rule watches any deadline
 *		column of hotline.work_order or hotline.assignment (DeadlineTable).
 */
Datum
hotline_escalation_due_valid(PG_FUNCTION_ARGS)
{
	char	   *due;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_BOOL(true);	/* NOT NULL constraints report these */
	due = text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (DeadlineTable(due) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("escalation rule \"%s\" of workflow \"%s\" watches an unknown deadline: due %s",
						text_to_cstring(PG_GETARG_TEXT_PP(1)), text_to_cstring(PG_GETARG_TEXT_PP(0)), due),
				 errdetail("A time rule watches a column <name>_due (timestamptz) of hotline.assignment or "
						   "hotline.work_order that has <name>_limit (hotline.time_limit) beside it."),
				 errhint("Use one of: %s (assignments); %s (orders).",
						 ValidColumns("assignment", IsAssignmentDeadline),
						 ValidColumns("work_order", IsOrderDeadline))));
	PG_RETURN_BOOL(true);
}
