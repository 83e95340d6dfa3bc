/*-------------------------------------------------------------------------
 *
 * text_grams.c
 *	  hotline.text_grams(), text_similarity(): a text as the words pg_trgm
 *	  compares best for Chinese, for recognising one matter many people
 *	  (一事多人, R-2.4).
 *
 * pg_trgm splits a text into words and takes three-character runs of each
 * word.  Chinese has no spaces: a sentence is one word, and two wordings
 * of one matter rarely share three-character runs.  Here runs of Chinese
 * characters become their overlapping character pairs (二元组), each a word
 * of its own ("路灯不亮" -> "路灯 灯不 不亮"; a lone character stays
 * itself), so that the trigrams pg_trgm makes of them are characters and
 * character pairs.  Other runs of letters and digits stay words;
 * punctuation and spaces separate.  Words that are also words of
 * leave_out (the addresses, the agents' set phrases) are left out.
 *
 * text_grams and text_similarity fold case and full-width forms first
 * (lower, then NFKC normalization, as the SQL functions of 0.1.0 did);
 * text_grams_c takes texts already folded.  It runs for every candidate of
 * every accept, hence C: the same in PL/pgSQL took about 60 microseconds a
 * text.
 *
 * Bounds: the functions are granted to PUBLIC, so every text they take is
 * at most TEXT_GRAMS_MAX_BYTES (checked before the text is even detoasted),
 * the words left out are looked up in a sorted array (O((n + m) log m) for
 * n words and m words to leave out), and every loop over the text checks
 * for interrupts.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/detoast.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "hotline.h"

/*
 * The longest text the similarity helpers take, in bytes: an appeal's
 * description is a few hundred characters, and 64 kB is about 21,000
 * Chinese characters.  The repeat rule (hotline.escalate_repeat_matter)
 * compares the first TEXT_GRAMS_MAX_BYTES / 4 characters of a text, which
 * always fit.
 */
#define TEXT_GRAMS_MAX_BYTES	65536

PG_FUNCTION_INFO_V1(hotline_text_grams);
PG_FUNCTION_INFO_V1(hotline_text_grams_fold);
PG_FUNCTION_INFO_V1(hotline_text_similarity);

/* a word: where it starts in the text and its length in bytes */
typedef struct Gram
{
	const char *start;
	int			len;
} Gram;

/* the words to leave out, sorted by GramCompare */
typedef struct GramSet
{
	Gram	   *grams;
	int			n;
} GramSet;

/*
 * HotlineCharClass
 *		Chinese characters (CJK unified ideographs, extension A and the
 *		supplementary planes' extensions, compatibility ideographs),
 *		separators (ASCII other than letters and digits, general and CJK
 *		punctuation, full-width forms), or other letters and digits.  The one
 *		definition of what a Chinese character is, for the similarity
 *		helpers here and the text search parser (zh_search.c).
 */
CharClass
HotlineCharClass(pg_wchar c)
{
	if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
		(c >= 0x20000 && c <= 0x2FA1F))
		return CC_HAN;
	if (c < 0x80)
		return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ?
			CC_WORD : CC_SEPARATOR;
	if (c <= 0xBF || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
		(c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF))
		return CC_SEPARATOR;
	return CC_WORD;
}

/*
 * CheckTextSize
 *		Error out when argument argno of the call, named param, is longer
 *		than TEXT_GRAMS_MAX_BYTES (54000).  The size is read from the datum's
 *		header: a long text is refused without being decompressed.  NULL
 *		passes.
 */
static void
CheckTextSize(FunctionCallInfo fcinfo, int argno, const char *param, const char *func)
{
	Size		size;

	if (PG_ARGISNULL(argno))
		return;
	size = toast_raw_datum_size(PG_GETARG_DATUM(argno)) - VARHDRSZ;
	if (size > TEXT_GRAMS_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s is too long for hotline.%s: %zu bytes", param, func, size),
				 errdetail("Texts compared for repeated appeals are at most %d bytes (64 kB).",
						   TEXT_GRAMS_MAX_BYTES),
				 errhint("Pass the beginning of the text, e.g. left(%s, %d).",
						 param, TEXT_GRAMS_MAX_BYTES / 4)));
}

/*
 * Tokenize
 *		The words of a UTF-8 text of len bytes, as pointers into it; returns
 *		how many (*grams is palloc'd).
 */
static int
Tokenize(const char *s, int len, Gram **grams)
{
	const char *end = s + len;
	const char *p = s;
	int			n = 0;
	int			cap = 16;
	Gram	   *out = palloc(sizeof(Gram) * cap);

	while (p < end)
	{
		int			l = pg_utf_mblen((const unsigned char *) p);
		CharClass	cc = HotlineCharClass(utf8_to_unicode((const unsigned char *) p));
		const char *run = p;
		int			chars = 0;
		const char *prev = NULL;

		CHECK_FOR_INTERRUPTS();
		if (p + l > end)
			break;				/* a cut character: can't happen in valid text */
		if (cc == CC_SEPARATOR)
		{
			p += l;
			continue;
		}
		/* the run of characters of this class */
		while (p < end)
		{
			int			cl = pg_utf_mblen((const unsigned char *) p);

			CHECK_FOR_INTERRUPTS();
			if (p + cl > end || HotlineCharClass(utf8_to_unicode((const unsigned char *) p)) != cc)
				break;
			if (n + 1 >= cap)
			{
				cap *= 2;
				out = repalloc(out, sizeof(Gram) * cap);
			}
			/* Chinese: every pair of neighbours is a word */
			if (cc == CC_HAN && prev != NULL)
			{
				out[n].start = prev;
				out[n].len = (p + cl) - prev;
				n++;
			}
			prev = p;
			p += cl;
			chars++;
		}
		if (cc == CC_WORD || chars == 1)
		{
			out[n].start = run;
			out[n].len = p - run;
			n++;
		}
	}
	*grams = out;
	return n;
}

/*
 * GramCompare
 *		qsort/bsearch order of words: by length, then by bytes.
 */
static int
GramCompare(const void *a, const void *b)
{
	const Gram *ga = (const Gram *) a;
	const Gram *gb = (const Gram *) b;

	if (ga->len != gb->len)
		return ga->len < gb->len ? -1 : 1;
	return memcmp(ga->start, gb->start, ga->len);
}

/*
 * MakeGramSet
 *		The words of a text to leave out, sorted for binary search; an empty
 *		set for NULL.  The set points into t, which must outlive it.
 */
static GramSet
MakeGramSet(text *t)
{
	GramSet		set = {NULL, 0};

	if (t == NULL)
		return set;
	set.n = Tokenize(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &set.grams);
	if (set.n > 1)
		qsort(set.grams, set.n, sizeof(Gram), GramCompare);
	return set;
}

/*
 * GramsOf
 *		The words of t separated by spaces, without the words of skip.
 */
static text *
GramsOf(text *t, const GramSet *skip)
{
	Gram	   *words;
	int			nwords;
	int			i;
	StringInfoData buf;

	nwords = Tokenize(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &words);
	initStringInfo(&buf);
	for (i = 0; i < nwords; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (skip->n > 0 &&
			bsearch(&words[i], skip->grams, skip->n, sizeof(Gram), GramCompare) != NULL)
			continue;
		if (buf.len > 0)
			appendStringInfoChar(&buf, ' ');
		appendBinaryStringInfo(&buf, words[i].start, words[i].len);
	}
	pfree(words);
	return cstring_to_text_with_len(buf.data, buf.len);
}

/*
 * FoldText
 *		lower(t) then normalize(..., NFKC): case and full-width forms folded
 *		(３号楼 = 3号楼), exactly as the SQL of 0.1.0's hotline.text_grams
 *		did.  That SQL was bound when created, so lower() always used the
 *		database's default collation, whatever the caller's: so does this.
 */
static text *
FoldText(text *t)
{
	Datum		lowered = DirectFunctionCall1Coll(lower, DEFAULT_COLLATION_OID, PointerGetDatum(t));

	return DatumGetTextPP(DirectFunctionCall2(unicode_normalize_func, lowered,
											  CStringGetTextDatum("NFKC")));
}

/*
 * ArgText
 *		Text argument argno of the call, folded (FoldText) if fold; NULL for
 *		NULL.
 */
static text *
ArgText(FunctionCallInfo fcinfo, int argno, bool fold)
{
	text	   *t;

	if (PG_ARGISNULL(argno))
		return NULL;
	t = PG_GETARG_TEXT_PP(argno);
	return fold ? FoldText(t) : t;
}

/*
 * TextGrams
 *		The words of argument t, separated by spaces, without the words of
 *		argument leave_out (NULL: none left out), both folded first if fold;
 *		NULL when t is NULL.  func names the SQL function in errors.
 */
static Datum
TextGrams(FunctionCallInfo fcinfo, const char *func, bool fold)
{
	GramSet		skip;

	CheckTextSize(fcinfo, 0, "t", func);
	CheckTextSize(fcinfo, 1, "leave_out", func);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	skip = MakeGramSet(ArgText(fcinfo, 1, fold));
	PG_RETURN_TEXT_P(GramsOf(ArgText(fcinfo, 0, fold), &skip));
}

/*
 * hotline_text_grams(t text, leave_out text) returns text
 *		SQL: hotline.text_grams_c, TextGrams of texts already folded.
 */
Datum
hotline_text_grams(PG_FUNCTION_ARGS)
{
	return TextGrams(fcinfo, "text_grams_c", false);
}

/*
 * hotline_text_grams_fold(t text, leave_out text) returns text
 *		SQL: hotline.text_grams, TextGrams of texts folded here.
 */
Datum
hotline_text_grams_fold(PG_FUNCTION_ARGS)
{
	return TextGrams(fcinfo, "text_grams", true);
}

/*
 * TrgmSimilarity
 *		hotline.trgm_similarity(text, text), pg_trgm's similarity() bound
 *		when the extension was created, looked up in the schema of the
 *		calling function (the extension's) once per call site.
 */
static FmgrInfo *
TrgmSimilarity(FunctionCallInfo fcinfo)
{
	FmgrInfo   *finfo = (FmgrInfo *) fcinfo->flinfo->fn_extra;

	if (finfo == NULL)
	{
		Oid			argtypes[2] = {TEXTOID, TEXTOID};
		char	   *schema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
		Oid			fn;

		if (schema == NULL)
			elog(ERROR, "schema of function %u not found", fcinfo->flinfo->fn_oid);
		fn = LookupFuncName(list_make2(makeString(schema), makeString("trgm_similarity")),
							2, argtypes, false);
		finfo = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(FmgrInfo));
		fmgr_info_cxt(fn, finfo, fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra = finfo;
	}
	return finfo;
}

/*
 * hotline_text_similarity(a text, b text, leave_out text) returns real
 *		SQL: hotline.text_similarity.  trgm_similarity(text_grams(a,
 *		leave_out), text_grams(b, leave_out)), with the words of leave_out
 *		sorted once.  NULL when a or b is NULL.
 */
Datum
hotline_text_similarity(PG_FUNCTION_ARGS)
{
	FmgrInfo   *similarity;
	GramSet		skip;
	text	   *ga;
	text	   *gb;

	CheckTextSize(fcinfo, 0, "a", "text_similarity");
	CheckTextSize(fcinfo, 1, "b", "text_similarity");
	CheckTextSize(fcinfo, 2, "leave_out", "text_similarity");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	similarity = TrgmSimilarity(fcinfo);
	skip = MakeGramSet(ArgText(fcinfo, 2, true));
	ga = GramsOf(ArgText(fcinfo, 0, true), &skip);
	gb = GramsOf(ArgText(fcinfo, 1, true), &skip);
	PG_RETURN_DATUM(FunctionCall2Coll(similarity, DEFAULT_COLLATION_OID,
									  PointerGetDatum(ga), PointerGetDatum(gb)));
}
