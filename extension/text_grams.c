/*-------------------------------------------------------------------------
 *
 * text_grams.c
 *	  hotline.text_grams(): a text as the words pg_trgm compares best for
 *	  Chinese, for recognising one matter many people (一事多人, R-2.4).
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
 * The caller (SQL) folds case and full-width forms first (lower, NFKC).
 * It runs for every candidate of every accept, hence C: the same in
 * PL/pgSQL took about 60 microseconds a text.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "hotline.h"

PG_FUNCTION_INFO_V1(hotline_text_grams);

typedef enum CharClass
{
	CC_SEPARATOR,
	CC_HAN,
	CC_WORD
} CharClass;

/* a word: where it starts in the text and its length in bytes */
typedef struct Gram
{
	const char *start;
	int			len;
} Gram;

/*
 * ClassOf
 *		Chinese characters (CJK unified ideographs, extension A,
 *		compatibility ideographs), separators (ASCII other than letters and
 *		digits, general and CJK punctuation, full-width forms), or other
 *		letters and digits.
 */
static CharClass
ClassOf(pg_wchar c)
{
	if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF))
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
		CharClass	cc = ClassOf(utf8_to_unicode((const unsigned char *) p));
		const char *run = p;
		int			chars = 0;
		const char *prev = NULL;

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

			if (p + cl > end || ClassOf(utf8_to_unicode((const unsigned char *) p)) != cc)
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
 * hotline_text_grams(t text, leave_out text) returns text
 *		The words of t, separated by spaces, without the words of leave_out
 *		(NULL: none left out).  NULL when t is NULL.
 */
Datum
hotline_text_grams(PG_FUNCTION_ARGS)
{
	text	   *t;
	Gram	   *words;
	Gram	   *skip = NULL;
	int			nwords;
	int			nskip = 0;
	int			i;
	int			k;
	StringInfoData buf;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	t = PG_GETARG_TEXT_PP(0);
	nwords = Tokenize(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &words);
	if (!PG_ARGISNULL(1))
	{
		text	   *lo = PG_GETARG_TEXT_PP(1);

		nskip = Tokenize(VARDATA_ANY(lo), VARSIZE_ANY_EXHDR(lo), &skip);
	}

	initStringInfo(&buf);
	for (i = 0; i < nwords; i++)
	{
		bool		left_out = false;

		for (k = 0; k < nskip && !left_out; k++)
			left_out = (skip[k].len == words[i].len &&
						memcmp(skip[k].start, words[i].start, words[i].len) == 0);
		if (left_out)
			continue;
		if (buf.len > 0)
			appendStringInfoChar(&buf, ' ');
		appendBinaryStringInfo(&buf, words[i].start, words[i].len);
	}
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf.data, buf.len));
}
