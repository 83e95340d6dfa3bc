/*-------------------------------------------------------------------------
 *
 * zh_search.c
 *	  Chinese full-text search (R-8.1, R-10; issue 12): the text search
 *	  parser hotline.zh_parser and the dictionary template
 *	  hotline.zh_bigram, which make the configuration hotline.zh usable
 *	  with PostgreSQL's own tsvector, tsquery, GIN indexes, ts_rank and
 *	  ts_headline.
 *
 * Chinese has no spaces between words.  The parser splits a text into runs
 * of Chinese characters (token type han), runs of letters and digits (word:
 * Latin letters, digits, other scripts' letters; full-width forms count as
 * their ASCII letters and digits, so ＷｉＦｉ and 12345 are words), and
 * everything else (blank: spaces and punctuation, which ts_headline keeps
 * and the index leaves out).  The dictionary turns a run of Chinese
 * characters into its overlapping character pairs (二元组, as Lucene's CJK
 * analyzer does), each at the next position: 垃圾分类 is 垃圾, 圾分, 分类 at
 * three positions, so that to_tsquery('hotline.zh', '垃圾分类') is the
 * phrase 垃圾 <-> 圾分 <-> 分类 and finds 生活垃圾分类管理办法; a lone
 * character is itself, and the first and the last character of a run of
 * three or more are lexemes too (at the first and the last pair's
 * position), so that a query's lone character finds a run it ends or
 * starts (京 of 京B12345).  Words are folded: full-width forms to ASCII, then
 * lower case.  A token is a whole run, so ts_headline shows the text as it
 * was; the parser's headline function (hotline_zh_headline) marks in it the
 * characters of the pairs that matched, not the whole run.
 *
 * Bounds: a run is cut every ZH_MAX_RUN_CHARS characters (PostgreSQL skips
 * a token of 2 kB or more; a cut loses the one pair across it), every loop
 * over the text checks for interrupts, and the parser needs a UTF-8
 * database (the characters are read as Unicode).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_collation.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/pg_list.h"
#include "nodes/value.h"
#include "tsearch/ts_public.h"
#include "tsearch/ts_type.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/fmgrprotos.h"

#include "hotline.h"

/*
 * Token types.  blank is 12, the default parser's id of spaces, which
 * ts_headline's fragment code (prsd_headline) treats as no word.
 */
#define ZH_HAN		1
#define ZH_WORD		2
#define ZH_BLANK	12

/* the longest run a token holds, in characters (well under 2 kB of UTF-8) */
#define ZH_MAX_RUN_CHARS	500

PG_FUNCTION_INFO_V1(hotline_zh_start);
PG_FUNCTION_INFO_V1(hotline_zh_gettoken);
PG_FUNCTION_INFO_V1(hotline_zh_end);
PG_FUNCTION_INFO_V1(hotline_zh_lextype);
PG_FUNCTION_INFO_V1(hotline_zh_lexize);
PG_FUNCTION_INFO_V1(hotline_zh_headline);

/* the parser's state: the text and how far it has read */
typedef struct ZhParser
{
	char	   *text;
	int			len;
	int			pos;
} ZhParser;

/*
 * ZhFold
 *		A character as the search sees it: full-width forms (U+FF01 to
 *		U+FF5E) as their ASCII characters, the ideographic space as a space.
 */
static pg_wchar
ZhFold(pg_wchar c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	if (c == 0x3000)
		return ' ';
	return c;
}

/*
 * ZhTokenType
 *		The token type of the character at s (UTF-8, at most left bytes);
 *		*clen is its length in bytes.
 */
static int
ZhTokenType(const char *s, int left, int *clen)
{
	int			l = pg_utf_mblen((const unsigned char *) s);

	if (l > left || !pg_utf8_islegal((const unsigned char *) s, l))
	{
		/* (the server checks text as it comes in: only a broken datum gets here) */
		*clen = 1;
		return ZH_BLANK;
	}
	*clen = l;
	switch (HotlineCharClass(ZhFold(utf8_to_unicode((const unsigned char *) s))))
	{
		case CC_HAN:
			return ZH_HAN;
		case CC_WORD:
			return ZH_WORD;
		default:
			return ZH_BLANK;
	}
}

/*
 * hotline_zh_start
 *		SQL: the parser's start function (internal, integer) -> internal.
 */
Datum
hotline_zh_start(PG_FUNCTION_ARGS)
{
	ZhParser   *p = palloc0(sizeof(ZhParser));

	if (GetDatabaseEncoding() != PG_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("text search configuration hotline.zh needs a UTF-8 database, not %s",
						GetDatabaseEncodingName()),
				 errhint("Create the database with ENCODING 'UTF8'.")));
	p->text = (char *) PG_GETARG_POINTER(0);
	p->len = PG_GETARG_INT32(1);
	p->pos = 0;
	PG_RETURN_POINTER(p);
}

/*
 * hotline_zh_gettoken
 *		SQL: the parser's gettoken function (state, char **token, int
 *		*length) -> the token's type, 0 at the end: the next run of
 *		characters of one type (a run of Chinese characters or of letters
 *		and digits at most ZH_MAX_RUN_CHARS characters).
 */
Datum
hotline_zh_gettoken(PG_FUNCTION_ARGS)
{
	ZhParser   *p = (ZhParser *) PG_GETARG_POINTER(0);
	char	  **token = (char **) PG_GETARG_POINTER(1);
	int		   *tlen = (int *) PG_GETARG_POINTER(2);
	int			start = p->pos;
	int			type;
	int			clen;
	int			chars = 0;

	if (p->pos >= p->len)
		PG_RETURN_INT32(0);
	type = ZhTokenType(p->text + p->pos, p->len - p->pos, &clen);
	p->pos += clen;
	chars++;
	while (p->pos < p->len)
	{
		if ((chars & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		if (type != ZH_BLANK && chars >= ZH_MAX_RUN_CHARS)
			break;
		if (ZhTokenType(p->text + p->pos, p->len - p->pos, &clen) != type)
			break;
		p->pos += clen;
		chars++;
	}
	*token = p->text + start;
	*tlen = p->pos - start;
	PG_RETURN_INT32(type);
}

/*
 * hotline_zh_end
 *		SQL: the parser's end function (state).
 */
Datum
hotline_zh_end(PG_FUNCTION_ARGS)
{
	pfree(PG_GETARG_POINTER(0));
	PG_RETURN_VOID();
}

/*
 * hotline_zh_lextype
 *		SQL: the parser's lextypes function: its token types, ended by id 0.
 */
Datum
hotline_zh_lextype(PG_FUNCTION_ARGS)
{
	LexDescr   *d = palloc0(sizeof(LexDescr) * 4);

	d[0].lexid = ZH_HAN;
	d[0].alias = pstrdup("han");
	d[0].descr = pstrdup("Chinese characters");
	d[1].lexid = ZH_WORD;
	d[1].alias = pstrdup("word");
	d[1].descr = pstrdup("Letters and digits, full-width forms included");
	d[2].lexid = ZH_BLANK;
	d[2].alias = pstrdup("blank");
	d[2].descr = pstrdup("Space and punctuation");
	d[3].lexid = 0;
	PG_RETURN_POINTER(d);
}

/*
 * hotline_zh_lexize
 *		SQL: the dictionary template's lexize function (dictionary data,
 *		char *token, int length, state) -> TSLexeme[]: a run of Chinese
 *		characters as its overlapping pairs, each at the next position (a
 *		lone character as itself); anything else folded (full-width forms
 *		to ASCII, lower case).
 */
Datum
hotline_zh_lexize(PG_FUNCTION_ARGS)
{
	char	   *in = (char *) PG_GETARG_POINTER(1);
	int			len = PG_GETARG_INT32(2);
	TSLexeme   *res;
	int			clen;

	if (len <= 0)
		PG_RETURN_POINTER(NULL);
	if (ZhTokenType(in, len, &clen) == ZH_HAN)
	{
		/* the characters' offsets, then a pair from each but the last */
		int		   *off = palloc(sizeof(int) * (len + 1));
		int			n = 0;
		int			i;
		int			k;

		for (i = 0; i < len; i += clen)
		{
			if ((n & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			(void) ZhTokenType(in + i, len - i, &clen);
			off[n++] = i;
		}
		off[n] = len;
		if (n == 1)
		{
			res = palloc0(sizeof(TSLexeme) * 2);
			res[0].lexeme = pnstrdup(in, len);
			PG_RETURN_POINTER(res);
		}
		/*
		 * The pairs, and of a run of three characters or more the first and
		 * the last character as well, at the first and the last pair's
		 * position: a lone character of a query (京 of 京B12345, a plate
		 * number) then finds the run that ends (or starts) with it.  At one
		 * position the character and the pair are alternatives (another
		 * nvariant: to_tsquery joins them with |), which for a run of three
		 * or more asks no less of a phrase; a query's pair of two characters
		 * stays the pair alone.
		 */
		res = palloc0(sizeof(TSLexeme) * (n + 2));
		k = 0;
		if (n >= 3)
		{
			res[k].lexeme = pnstrdup(in, off[1]);
			res[k++].nvariant = 2;
		}
		for (i = 0; i < n - 1; i++)
		{
			res[k].lexeme = pnstrdup(in + off[i], off[i + 2] - off[i]);
			res[k].flags = i > 0 ? TSL_ADDPOS : 0;
			res[k++].nvariant = 1;
		}
		if (n >= 3)
		{
			res[k].lexeme = pnstrdup(in + off[n - 1], len - off[n - 1]);
			res[k++].nvariant = 2;
		}
		pfree(off);
		PG_RETURN_POINTER(res);
	}
	else
	{
		/* full-width forms to ASCII, then lower case */
		StringInfoData buf;
		int			i;

		initStringInfo(&buf);
		for (i = 0; i < len; i += clen)
		{
			pg_wchar	c;
			unsigned char u[8];

			if ((i & 4095) == 0)
				CHECK_FOR_INTERRUPTS();
			clen = pg_utf_mblen((const unsigned char *) in + i);
			if (clen > len - i || !pg_utf8_islegal((const unsigned char *) in + i, clen))
			{
				clen = 1;
				continue;
			}
			c = ZhFold(utf8_to_unicode((const unsigned char *) in + i));
			unicode_to_utf8(c, u);
			appendBinaryStringInfo(&buf, (char *) u, pg_utf_mblen(u));
		}
		res = palloc0(sizeof(TSLexeme) * 2);
		res[0].lexeme = str_tolower(buf.data, buf.len, DEFAULT_COLLATION_OID);
		pfree(buf.data);
		PG_RETURN_POINTER(res);
	}
}

/*
 * ZhQueryMatch
 *		The operand of query whose text is the len bytes at s (a character
 *		pair), or NULL.
 */
static QueryOperand *
ZhQueryMatch(TSQuery query, const char *s, int len)
{
	QueryItem  *item = GETQUERY(query);
	char	   *operands = GETOPERAND(query);
	int			i;

	for (i = 0; i < query->size; i++)
	{
		if (item[i].type == QI_VAL && item[i].qoperand.length == len &&
			memcmp(operands + item[i].qoperand.distance, s, len) == 0)
			return &item[i].qoperand;
	}
	return NULL;
}

/*
 * ZhCovered
 *		Whether character k of a run is in a matching pair, the first
 *		(pair[k]) or the second (pair[k - 1]) of one, or is a matching first
 *		or last character (uni[k]).
 */
static bool
ZhCovered(QueryOperand **pair, QueryOperand **uni, int k)
{
	return pair[k] != NULL || uni[k] != NULL || (k > 0 && pair[k - 1] != NULL);
}

/*
 * ZhAddEntry
 *		Appends a copy of w to the entries out (n of *cap, grown as needed).
 */
static void
ZhAddEntry(HeadlineWordEntry **out, int *n, int *cap, const HeadlineWordEntry *w)
{
	if (*n >= *cap)
	{
		*cap *= 2;
		*out = repalloc(*out, sizeof(HeadlineWordEntry) * *cap);
	}
	(*out)[(*n)++] = *w;
}

/*
 * hotline_zh_headline
 *		SQL: the parser's headline function (HeadlineParsedText, options,
 *		tsquery).  PostgreSQL knows only that a run of Chinese characters
 *		matched some pairs; here every run is cut into the spans its
 *		matching pairs cover and the characters between: a covered span is an
 *		entry whose query operands (with their positions, as repeated
 *		entries) are those of its pairs, so that the default parser's
 *		prsd_headline, which then chooses the fragments, marks exactly the
 *		characters that matched.  The other characters are entries of their
 *		own, so that MinWords and MaxWords count characters, and ShortWord
 *		is 0 unless the caller sets it.
 */
Datum
hotline_zh_headline(PG_FUNCTION_ARGS)
{
	HeadlineParsedText *prs = (HeadlineParsedText *) PG_GETARG_POINTER(0);
	List	   *opts = (List *) PG_GETARG_POINTER(1);
	TSQuery		query = PG_GETARG_TSQUERY(2);
	ListCell   *lc;
	bool		short_set = false;
	int			cap = prs->curwords + 16;
	HeadlineWordEntry *out = palloc0(sizeof(HeadlineWordEntry) * cap);
	int			n = 0;
	int			i = 0;

	while (i < prs->curwords)
	{
		HeadlineWordEntry *w = &prs->words[i];
		int			j = i + 1;
		int			last_pos = w->pos;
		int			chars = 0;
		int		   *off;
		QueryOperand **pair;
		QueryOperand **uni;
		int			base;
		int			k;

		/* the entry and its repeated copies (the other matching pairs) */
		while (j < prs->curwords && prs->words[j].repeated && prs->words[j].word == w->word)
		{
			last_pos = Max(last_pos, prs->words[j].pos);
			j++;
		}
		CHECK_FOR_INTERRUPTS();
		if (w->type != ZH_HAN)
		{
			for (k = i; k < j; k++)
				ZhAddEntry(&out, &n, &cap, &prs->words[k]);
			i = j;
			continue;
		}

		/* the characters' offsets, and the operand of each matching pair */
		off = palloc(sizeof(int) * (w->len + 1));
		for (k = 0; k < w->len; k += pg_utf_mblen((const unsigned char *) w->word + k))
			off[chars++] = k;
		off[chars] = w->len;
		pair = palloc0(sizeof(QueryOperand *) * (chars + 1));
		for (k = 0; w->item != NULL && k + 1 < chars; k++)
			pair[k] = ZhQueryMatch(query, w->word + off[k], off[k + 2] - off[k]);
		/* (a lone character: its own lexeme) */
		if (chars == 1)
			pair[0] = w->item;
		/* the first and the last character are lexemes too */
		uni = palloc0(sizeof(QueryOperand *) * (chars + 1));
		if (w->item != NULL && chars >= 3)
		{
			uni[0] = ZhQueryMatch(query, w->word, off[1]);
			uni[chars - 1] = ZhQueryMatch(query, w->word + off[chars - 1], w->len - off[chars - 1]);
		}
		base = last_pos - Max(chars - 2, 0);

		/* the spans of characters covered by matching pairs, and between */
		k = 0;
		while (k < chars)
		{
			HeadlineWordEntry e = *w;
			bool		covered = ZhCovered(pair, uni, k);
			int			end = k + 1;
			int			first = -1;
			int			m;

			/* (a character apart: MinWords and MaxWords count characters) */
			while (covered && end < chars && ZhCovered(pair, uni, end))
				end++;
			for (m = k; covered && m < end && first < 0; m++)
				if (pair[m] != NULL || uni[m] != NULL)
					first = m;
			/* (its own copy: generateHeadline frees the word of each entry) */
			e.len = off[end] - off[k];
			e.word = palloc(e.len);
			memcpy(e.word, w->word + off[k], e.len);
			e.repeated = 0;
			e.item = first < 0 ? NULL : pair[first] != NULL ? pair[first] : uni[first];
			e.pos = LIMITPOS(base + Min(first >= 0 ? first : k, Max(chars - 2, 0)));
			ZhAddEntry(&out, &n, &cap, &e);
			/* the span's other pairs, as repeated entries */
			for (m = first + 1; first >= 0 && m < end; m++)
			{
				if (pair[m] == NULL && uni[m] == NULL)
					continue;
				e.repeated = 1;
				e.item = pair[m] != NULL ? pair[m] : uni[m];
				e.pos = LIMITPOS(base + Min(m, Max(chars - 2, 0)));
				ZhAddEntry(&out, &n, &cap, &e);
			}
			k = end;
		}
		pfree(off);
		pfree(pair);
		pfree(uni);
		pfree(w->word);
		i = j;
	}
	prs->words = out;
	prs->curwords = n;
	prs->lenwords = cap;

	/*
	 * ShortWord 0 unless the caller sets it: a Chinese character is three
	 * bytes, which the default (3) takes for a short word that a fragment
	 * must not end on
	 */
	foreach(lc, opts)
	{
		DefElem    *d = (DefElem *) lfirst(lc);

		if (pg_strcasecmp(d->defname, "ShortWord") == 0)
			short_set = true;
	}
	if (!short_set)
		opts = lappend(list_copy(opts), makeDefElem(pstrdup("ShortWord"), (Node *) makeString(pstrdup("0")), -1));

	PG_RETURN_DATUM(DirectFunctionCall3(prsd_headline, PointerGetDatum(prs), PointerGetDatum(opts),
										PG_GETARG_DATUM(2)));
}
