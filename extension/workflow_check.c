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
 *							array of 1-3 such objects, each column once
 *	assign, pass_down		{"state": name, "sign_deadline": name,
 *							 "reply_deadline": name} (state required)
 *	stamp					"signed_at" | "replied_at"
 *	reopen_assignments		{"from_states": [name, ...], "state": name,
 *							 "reply_deadline": name}
 *	order_state				name
 *	order_state_when_all	{"assignment_states": [name, ...],
 *							 "ignore_states": [name, ...], "order_state": name}
 *	close_assignment, extend_due, close_order, archive_order, merge_into
 *							true or false
 *
 * Effects on an assignment (pass_down, stamp, close_assignment, extend_due)
 * belong to actions of scope "assignment".
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_workflow_effects_valid);

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
 * CheckSetDueObject
 *		One {"column": ..., "deadline": ...} of set_due; sets the bit of its
 *		column in *seen, refusing a column named twice.
 */
static void
CheckSetDueObject(EffectCheck *ec, JsonbValue *obj, int *seen, const char *shape)
{
	static const char *const keys[] = {"column", "deadline"};
	static const char *const columns[] = {"dispatch_due", "reply_due", "callback_due"};
	JsonbValue	col;
	int			k;

	CheckKeys(ec, obj, keys, 2, 2, shape);
	(void) Member(obj, "column", &col);
	for (k = 0; k < (int) lengthof(columns); k++)
		if (col.type == jbvString && strlen(columns[k]) == (size_t) col.val.string.len &&
			memcmp(columns[k], col.val.string.val, col.val.string.len) == 0)
			break;
	if (k == (int) lengthof(columns))
		EffectError(ec, "names a column that is not dispatch_due, reply_due or callback_due", shape);
	if (*seen & (1 << k))
		EffectError(ec, psprintf("names column %s twice", columns[k]), shape);
	*seen |= 1 << k;
	CheckNameMember(ec, obj, "deadline", true, shape);
}

/*
 * CheckSetDue
 *		set_due: an object, or an array of 1 to 3 objects.
 */
static void
CheckSetDue(EffectCheck *ec, JsonbValue *v)
{
	const char *shape = "{\"column\": \"reply_due\", \"deadline\": \"reply\"} (a deadline of the workflow's "
		"limits, or null to clear the due), or an array of such objects, one per column";
	int			seen = 0;

	if (v->type == jbvBinary && JsonContainerIsArray(v->val.binary.data))
	{
		JsonbIterator *it;
		JsonbValue	e;
		JsonbIteratorToken tok;

		if (JsonContainerSize(v->val.binary.data) < 1 || JsonContainerSize(v->val.binary.data) > 3)
			EffectError(ec, "is an array of other than 1 to 3 objects", shape);
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
	static const char *const assign_keys[] = {"state", "sign_deadline", "reply_deadline"};
	static const char *const reopen_keys[] = {"from_states", "state", "reply_deadline"};
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
			const char *shape = "{\"state\": \"dispatched\", \"sign_deadline\": \"sign\", \"reply_deadline\": \"reply\"} "
				"(deadlines of the workflow's limits; state required)";

			CheckKeys(&ec, &v, assign_keys, 3, 1, shape);
			CheckNameMember(&ec, &v, "state", false, shape);
			CheckNameMember(&ec, &v, "sign_deadline", false, shape);
			CheckNameMember(&ec, &v, "reply_deadline", false, shape);
		}
		else if (strcmp(name, "stamp") == 0)
		{
			if (v.type != jbvString ||
				!((v.val.string.len == 9 && memcmp(v.val.string.val, "signed_at", 9) == 0) ||
				  (v.val.string.len == 10 && memcmp(v.val.string.val, "replied_at", 10) == 0)))
				EffectError(&ec, "is not \"signed_at\" or \"replied_at\"", "\"signed_at\" or \"replied_at\"");
		}
		else if (strcmp(name, "reopen_assignments") == 0)
		{
			const char *shape = "{\"from_states\": [\"replied\"], \"state\": \"redo\", \"reply_deadline\": \"redo\"} "
				"(from_states and state required)";

			CheckKeys(&ec, &v, reopen_keys, 3, 2, shape);
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
