package extract

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// metadata fills the headline, dek, byline, date, site, canonical URL and
// language of res.
func (d *doc) metadata(res *Result) {
	meta := map[string]string{} // first value of each meta name/property/itemprop, lower-case key
	for _, m := range d.metas {
		content := strings.TrimSpace(attr(m, "content"))
		if content == "" {
			continue
		}
		for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
			for _, key := range strings.Fields(strings.ToLower(attr(m, k))) {
				if _, ok := meta[key]; !ok {
					meta[key] = content
				}
			}
		}
	}
	ld := d.jsonLD()
	first := func(vals ...string) string {
		for _, v := range vals {
			if v = collapse(html.UnescapeString(v)); v != "" {
				return v
			}
		}
		return ""
	}
	// or returns s, or else the first non-empty result of the (costlier)
	// fallbacks, called in order.
	or := func(s string, fallbacks ...func() string) string {
		for _, f := range fallbacks {
			if s != "" {
				return s
			}
			s = collapse(f())
		}
		return s
	}

	res.Site = first(meta["og:site_name"], ld.publisher, meta["application-name"], meta["twitter:site"])
	if strings.HasPrefix(res.Site, "@") {
		res.Site = ""
	}

	// Canonical URL.
	canon := ""
	for _, l := range d.links {
		if hasToken(attr(l, "rel"), "canonical") && attr(l, "href") != "" {
			canon = attr(l, "href")
			break
		}
	}
	if canon == "" {
		canon = first(meta["og:url"], ld.url)
	}
	if canon != "" {
		if u, err := d.resolve(canon); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			res.URL = u.String()
		}
	}
	if res.Site == "" {
		res.Site = siteFromHost(res.URL, d.base)
	}

	// Headline.
	title := or(first(meta["og:title"], ld.headline, meta["twitter:title"], meta["title"], meta["headline"], d.title),
		func() string { return d.firstText(atom.H1) })
	res.Title = stripSite(title, res.Site, d.base)

	res.Dek = or(first(meta["og:description"], meta["description"], meta["twitter:description"], ld.description),
		func() string { return d.classText("standfirst", "dek", "summary", "subtitle", "subhead") })
	res.Byline = cleanByline(or(first(ld.author, meta["author"], meta["article:author"], meta["byl"], meta["dc.creator"], meta["sailthru.author"], meta["parsely-author"]),
		d.relAuthor, func() string { return d.itempropText("author") }, func() string { return d.classText("byline", "author", "writer") }))
	if strings.HasPrefix(res.Byline, "http") {
		res.Byline = ""
	}

	dates := []string{meta["article:published_time"], ld.published, meta["datepublished"],
		meta["pubdate"], meta["publishdate"], meta["date"], meta["dc.date"], meta["dc.date.issued"],
		meta["sailthru.date"], meta["parsely-pub-date"], meta["og:published_time"], meta["article:published"]}
	res.Published = firstDate(dates...)
	if res.Published == nil {
		res.Published = firstDate(d.timeAttr(), meta["article:modified_time"], ld.modified)
	}

	res.Language = normLang(first(d.lang, meta["content-language"], meta["og:locale"], meta["language"], meta["dc.language"], ld.lang))
}

// ldArticle holds what we read from JSON-LD.
type ldArticle struct {
	headline, description, author, published, modified, publisher, url, lang, body string
}

// jsonLD reads the page's JSON-LD blocks, preferring an article object.
func (d *doc) jsonLD() ldArticle {
	var best ldArticle
	bestRank := -1
	for _, s := range d.jsonld {
		var v any
		if err := json.Unmarshal([]byte(strings.TrimSpace(s)), &v); err != nil {
			continue
		}
		var objs []map[string]any
		flattenLD(v, &objs, 0)
		for _, o := range objs {
			rank := ldRank(o)
			if rank <= bestRank {
				continue
			}
			bestRank = rank
			best = ldArticle{
				headline:    ldString(o["headline"]),
				description: ldString(o["description"]),
				author:      ldName(o["author"]),
				published:   ldString(o["datePublished"]),
				modified:    ldString(o["dateModified"]),
				publisher:   ldName(o["publisher"]),
				url:         ldString(o["url"]),
				lang:        ldString(o["inLanguage"]),
				body:        ldString(o["articleBody"]),
			}
			if best.headline == "" {
				best.headline = ldString(o["name"])
			}
		}
	}
	return best
}

func flattenLD(v any, out *[]map[string]any, depth int) {
	if depth > 8 {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			flattenLD(e, out, depth+1)
		}
	case map[string]any:
		*out = append(*out, v)
		if g, ok := v["@graph"]; ok {
			flattenLD(g, out, depth+1)
		}
		if m, ok := v["mainEntity"]; ok {
			flattenLD(m, out, depth+1)
		}
	}
}

// ldRank ranks a JSON-LD object as a source of article metadata.
func ldRank(o map[string]any) int {
	types := ldStrings(o["@type"])
	rank := 0
	for _, t := range types {
		switch {
		case strings.HasSuffix(t, "NewsArticle"), t == "Article", t == "BlogPosting", t == "Report", t == "ReportageNewsArticle", t == "AnalysisNewsArticle", t == "OpinionNewsArticle":
			rank = max(rank, 3)
		case strings.HasSuffix(t, "Article"), t == "LiveBlogPosting", t == "SocialMediaPosting":
			rank = max(rank, 2)
		case t == "WebPage":
			rank = max(rank, 1)
		}
	}
	if rank == 0 {
		return -1
	}
	return rank
}

func ldStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func ldString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			return ldString(v[0])
		}
	case map[string]any:
		if s, ok := v["@value"].(string); ok {
			return s
		}
	}
	return ""
}

// ldName returns the name(s) of a person or organisation value.
func ldName(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		return ldString(v["name"])
	case []any:
		var names []string
		for _, e := range v {
			if n := strings.TrimSpace(ldName(e)); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

// firstText returns the text of the first element a in the body.
func (d *doc) firstText(a atom.Atom) string {
	for i := range d.nodes {
		if d.nodes[i].tag == a {
			if t := d.textOf(int32(i)); t != "" {
				return t
			}
		}
	}
	return ""
}

// classText returns the text of the first short element whose class or id
// contains one of words.
func (d *doc) classText(words ...string) string {
	for i := range d.nodes {
		nd := &d.nodes[i]
		if nd.tag == textTag || nd.tag == atom.Body || nd.tag == atom.Html {
			continue
		}
		ci := strings.ToLower(attr(nd.n, "class") + " " + attr(nd.n, "id"))
		if strings.TrimSpace(ci) == "" || !containsAny(ci, words) {
			continue
		}
		if t := d.textOf(int32(i)); t != "" && len(t) < 300 {
			return t
		}
	}
	return ""
}

func (d *doc) itempropText(prop string) string {
	for i := range d.nodes {
		nd := &d.nodes[i]
		if nd.tag == textTag || !hasToken(attr(nd.n, "itemprop"), prop) {
			continue
		}
		// A Person item: prefer its name.
		for j := int32(i) + 1; j < nd.end; j++ {
			if d.nodes[j].tag != textTag && hasToken(attr(d.nodes[j].n, "itemprop"), "name") {
				if c := attr(d.nodes[j].n, "content"); c != "" {
					return c
				}
				return d.textOf(j)
			}
		}
		if t := d.textOf(int32(i)); t != "" && len(t) < 200 {
			return t
		}
	}
	return ""
}

func (d *doc) relAuthor() string {
	for i := range d.nodes {
		nd := &d.nodes[i]
		if nd.tag == atom.A && hasToken(attr(nd.n, "rel"), "author") {
			if t := d.textOf(int32(i)); t != "" {
				return t
			}
		}
	}
	return ""
}

// timeAttr returns the date of the first <time datetime> or itemprop
// datePublished element.
func (d *doc) timeAttr() string {
	for i := range d.nodes {
		nd := &d.nodes[i]
		if nd.tag == textTag {
			continue
		}
		if hasToken(attr(nd.n, "itemprop"), "datepublished") {
			if v := attr(nd.n, "content"); v != "" {
				return v
			}
			if v := attr(nd.n, "datetime"); v != "" {
				return v
			}
		}
	}
	for i := range d.nodes {
		if d.nodes[i].tag == atom.Time {
			if v := attr(d.nodes[i].n, "datetime"); v != "" {
				return v
			}
		}
	}
	return ""
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"20060102",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
}

// firstDate returns the first of vals that parses as a date, or nil.
func firstDate(vals ...string) *time.Time {
	for _, v := range vals {
		if t, ok := parseDate(v); ok {
			return &t
		}
	}
	return nil
}

// parseDate parses a machine-readable date in one of the usual formats.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1990 || t.Year() > 2100 {
				return time.Time{}, false
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// siteFromHost derives a site name from the canonical URL or page URL host.
func siteFromHost(canonical string, base *url.URL) string {
	host := ""
	if u, err := url.Parse(canonical); err == nil && canonical != "" {
		host = u.Hostname()
	} else if base != nil {
		host = base.Hostname()
	}
	return strings.TrimPrefix(strings.ToLower(host), "www.")
}

var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » ", " / "}

// stripSite removes a site name suffix (or prefix) from a page title.
func stripSite(title, site string, base *url.URL) string {
	host := ""
	if base != nil {
		host = strings.TrimPrefix(strings.ToLower(base.Hostname()), "www.")
	}
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == ' ' || r == '.' || r == '-' || r == '\'' {
				return -1
			}
			return r
		}, strings.ToLower(s))
	}
	isSite := func(s string) bool {
		n := norm(s)
		if n == "" {
			return false
		}
		return site != "" && (n == norm(site) || strings.Contains(norm(site), n) || strings.Contains(n, norm(site))) ||
			host != "" && (strings.Contains(norm(host), n) || strings.HasPrefix(n, norm(host)))
	}
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(title, sep); i > 0 {
			if isSite(title[i+len(sep):]) {
				return stripSite(strings.TrimSpace(title[:i]), site, base)
			}
		}
		if sep == " | " || sep == " - " || sep == " – " || sep == " — " {
			// An unknown short suffix is most likely the site's name.
			if i := strings.LastIndex(title, sep); i > 0 {
				tail, head := len(strings.Fields(title[i+len(sep):])), len(strings.Fields(title[:i]))
				if tail <= 4 && tail < head {
					return strings.TrimSpace(title[:i])
				}
			}
		}
		if i := strings.Index(title, sep); i > 0 {
			if isSite(title[:i]) && len(strings.Fields(title[i+len(sep):])) >= 3 {
				return strings.TrimSpace(title[i+len(sep):])
			}
		}
	}
	return title
}

// cleanByline trims a leading "By" and trailing punctuation.
func cleanByline(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"by ", "By ", "BY ", "von ", "par ", "Von ", "Par "} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.Trim(s, " ,;|-")
	if len(s) > 200 {
		return ""
	}
	return s
}

var lang3 = map[string]string{
	"eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "ita": "it", "por": "pt",
	"rus": "ru", "ara": "ar", "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko", "tur": "tr", "fas": "fa",
	"per": "fa", "ukr": "uk", "pol": "pl", "nld": "nl", "dut": "nl", "heb": "he", "hin": "hi", "urd": "ur",
}

// normLang normalises a language tag to its ISO 639-1 code in lower case,
// or "" when it is not a language.
func normLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_,; "); i >= 0 {
		s = s[:i]
	}
	if c, ok := lang3[s]; ok {
		return c
	}
	if s == "iw" {
		return "he"
	}
	if len(s) != 2 || s[0] < 'a' || s[0] > 'z' || s[1] < 'a' || s[1] > 'z' {
		return ""
	}
	return s
}
