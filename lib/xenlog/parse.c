// SPDX-License-Identifier: MIT
/*
 * Recognising Xen 4.17's page messages (see xenscope/xenlog/xenlog.h).  Each
 * message is one pattern in the printk()'s own shape; a line matches only
 * when the whole message does, so free text that merely mentions "DomPage"
 * is left alone.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/xenlog/xenlog.h"

/* Xen's DOMID_* for the domains %pd names in brackets. */
static const struct {
	const char *name;
	uint32_t domid;
} special_domains[] = {
	{ "[IO]", 0x7ff1 },
	{ "[XEN]", 0x7ff2 },
	{ "[COW]", 0x7ff3 },
	{ "[IDLE]", 0x7fff },
};

/*
 * A pattern is literal text with conversions: %x a hex number (Xen prints
 * them without 0x, but pasted ones may have it), %u a decimal one, %d a
 * domain as %pd prints it.  Values land in @v in order.
 */
struct pattern {
	enum xs_xenlog_kind kind;
	const char *text;
	unsigned int has[5]; /* what each conversion is */
};

#define P(kind, text, ...)          \
	{                           \
		kind, text,         \
		{                   \
			__VA_ARGS__ \
		}                   \
	}

static const struct pattern patterns[] = {
	P(XS_XENLOG_DOMAIN, "Memory pages belonging to domain %u:", XS_XL_OWNER),
	P(XS_XENLOG_DOMPAGE, "DomPage %x: caf=%x, taf=%x", XS_XL_MFN, XS_XL_CAF, XS_XL_TAF),
	P(XS_XENLOG_XENPAGE, "XenPage %x: caf=%x, taf=%x", XS_XL_MFN, XS_XL_CAF, XS_XL_TAF),
	P(XS_XENLOG_EXTRAPAGE, "ExtraPage %x: caf=%x, taf=%x", XS_XL_MFN, XS_XL_CAF, XS_XL_TAF),
	P(XS_XENLOG_GET_PAGE, "Error mfn %x: rd=%d od=%d caf=%x taf=%x", XS_XL_MFN, XS_XL_OTHER,
	  XS_XL_OWNER, XS_XL_CAF, XS_XL_TAF),
	P(XS_XENLOG_VALIDATE, "Error while validating mfn %x (pfn %x) for type %x: caf=%x taf=%x",
	  XS_XL_MFN, XS_XL_PFN, XS_XL_TYPE, XS_XL_CAF, XS_XL_TAF),
	P(XS_XENLOG_BAD_VALIDATE, "Bad type in validate_page %x t=%x c=%x", XS_XL_TYPE, XS_XL_TAF,
	  XS_XL_CAF),
	P(XS_XENLOG_BAD_TYPE, "Bad type (saw %x != exp %x) for mfn %x (pfn %x)", XS_XL_TAF,
	  XS_XL_TYPE, XS_XL_MFN, XS_XL_PFN),
	P(XS_XENLOG_GETTING_MFN,
	  "Error getting mfn %x (pfn %x) from L1 entry %x for l1e_owner %d, pg_owner %d", XS_XL_MFN,
	  XS_XL_PFN, XS_XL_PTE, XS_XL_OTHER, XS_XL_OWNER),
	P(XS_XENLOG_STEAL, "Bad steal mfn %x from %d (owner %d) caf=%x taf=%x", XS_XL_MFN,
	  XS_XL_OTHER, XS_XL_OWNER, XS_XL_CAF, XS_XL_TAF),
};

static const char *number(const char *s, int base, uint64_t *v)
{
	const char *start;

	if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    isxdigit((unsigned char)s[2]))
		s += 2;
	start = s;
	*v = 0;
	for (; base == 16 ? isxdigit((unsigned char)*s) : isdigit((unsigned char)*s); s++) {
		unsigned int d = isdigit((unsigned char)*s) ? (unsigned)(*s - '0')
							    : (unsigned)(tolower(*s) - 'a' + 10);

		if (*v > (UINT64_MAX - d) / (uint64_t)base)
			return NULL; /* more digits than a page word has */
		*v = *v * (uint64_t)base + d;
	}
	return s == start ? NULL : s;
}

static const char *domain(const char *s, uint64_t *v)
{
	if (!strncmp(s, "NULL", 4)) {
		*v = XS_XL_DOMID_NULL;
		return s + 4;
	}
	if (*s++ != 'd')
		return NULL;
	for (size_t i = 0; i < XS_ARRAY_SIZE(special_domains); i++) {
		size_t n = strlen(special_domains[i].name);

		if (!strncmp(s, special_domains[i].name, n)) {
			*v = special_domains[i].domid;
			return s + n;
		}
	}
	s = number(s, 10, v);
	return s && *v <= 0xffff ? s : NULL;
}

/* Match the whole of @pat at @s (trailing blanks allowed); fill @v. */
static bool match(const char *s, const char *pat, uint64_t *v)
{
	while (*pat) {
		if (*pat != '%') {
			if (*s++ != *pat++)
				return false;
			continue;
		}
		pat++;
		if (*pat == 'x')
			s = number(s, 16, v++);
		else if (*pat == 'u')
			s = number(s, 10, v++);
		else
			s = domain(s, v++);
		if (!s)
			return false;
		pat++;
	}
	while (isspace((unsigned char)*s))
		s++;
	return !*s;
}

/* The last "dNvM" token in the @n bytes before the message: gprintk()'s vCPU. */
static bool vcpu_domain(const char *line, size_t n, uint32_t *domid)
{
	bool found = false;

	for (size_t i = 0; i < n; i++) {
		uint64_t d, vc;
		const char *p;

		if (line[i] != 'd' ||
		    (i && !isspace((unsigned char)line[i - 1]) && line[i - 1] != ':'))
			continue;
		p = number(line + i + 1, 10, &d);
		if (!p || *p != 'v' || !(p = number(p + 1, 10, &vc)) || p > line + n ||
		    !isspace((unsigned char)*p) || d > 0xffff)
			continue;
		*domid = (uint32_t)d;
		found = true;
	}
	return found;
}

static const char *literal_head(const char *text, char *buf, size_t len)
{
	size_t n = strcspn(text, "%");

	if (n >= len)
		n = len - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return buf;
}

enum xs_xenlog_kind xs_xenlog_parse(const char *line, struct xs_xenlog_line *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < XS_ARRAY_SIZE(patterns); i++) {
		const struct pattern *p = &patterns[i];
		char head[40];
		uint64_t v[5];
		const char *at = strstr(line, literal_head(p->text, head, sizeof(head)));

		if (!at || !match(at, p->text, v))
			continue;
		out->kind = p->kind;
		for (size_t k = 0; k < XS_ARRAY_SIZE(p->has) && p->has[k]; k++) {
			out->has |= p->has[k];
			switch (p->has[k]) {
			case XS_XL_MFN:
				out->mfn = v[k];
				break;
			case XS_XL_PFN:
				out->pfn = v[k];
				break;
			case XS_XL_CAF:
				out->caf = v[k];
				break;
			case XS_XL_TAF:
				out->taf = v[k];
				break;
			case XS_XL_TYPE:
				out->type = v[k];
				break;
			case XS_XL_PTE:
				out->pte = v[k];
				break;
			case XS_XL_OWNER:
				out->owner = (uint32_t)v[k];
				break;
			case XS_XL_OTHER:
				out->other = (uint32_t)v[k];
				break;
			}
		}
		if (vcpu_domain(line, (size_t)(at - line), &out->vcpu_domid))
			out->has |= XS_XL_VCPU;
		return out->kind;
	}
	return XS_XENLOG_NONE;
}

const char *xs_xenlog_domain(uint32_t domid, char *buf, size_t len)
{
	if (domid == XS_XL_DOMID_NULL) {
		snprintf(buf, len, "no domain");
		return buf;
	}
	for (size_t i = 0; i < XS_ARRAY_SIZE(special_domains); i++)
		if (special_domains[i].domid == domid) {
			snprintf(buf, len, "d%s", special_domains[i].name);
			return buf;
		}
	snprintf(buf, len, "d%u", domid);
	return buf;
}
