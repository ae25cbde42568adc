package extract

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// node is one element or text node of the page, in document order. The
// subtree of nodes[i] is nodes[i+1 : nodes[i].end], so the tree can be
// walked, and its statistics summed, without recursion.
type node struct {
	n      *html.Node
	tag    atom.Atom // textTag for text, 0 for unknown elements
	parent int32
	end    int32
	weight int16 // class and id hint: negative for boilerplate, positive for content
	junk   bool  // never part of the body
	soft   uint8 // softJunk, softRelated: junk unless it holds the article
	scored bool

	chars     int32 // characters of text in the subtree, junk excluded
	linkChars int32 // of which inside links
	commas    int32
	paras     int32 // <p> elements in the subtree
	pChars    int32 // characters inside <p> elements
	score     float64
}

// doc is a parsed page being extracted.
type doc struct {
	nodes   []node
	base    *url.URL
	bodyIdx int32 // index of <body>, or 0
	lang    string
	title   string
	metas   []*html.Node
	links   []*html.Node // <link> elements
	jsonld  []string
	boxes   []int32 // related-article boxes
	related []article.Link
	hints   map[string]int16
}

// skipped elements never reach the node list.
func skipped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math, atom.Iframe,
		atom.Object, atom.Embed, atom.Canvas, atom.Select, atom.Option, atom.Textarea, atom.Input,
		atom.Button, atom.Head, atom.Link, atom.Meta, atom.Title, atom.Audio, atom.Video, atom.Map:
		return true
	}
	return false
}

func newDoc(root *html.Node, pageURL string) *doc {
	d := &doc{hints: make(map[string]int16)}
	if pageURL != "" {
		d.base, _ = url.Parse(pageURL)
	}
	d.nodes = make([]node, 0, 2048)
	var stack []int32 // open node indices
	n := root
	for n != nil {
		descend := false
		switch n.Type {
		case html.DocumentNode:
			descend = true
		case html.TextNode:
			if len(stack) > 0 {
				d.nodes = append(d.nodes, node{n: n, tag: textTag, parent: stack[len(stack)-1], end: int32(len(d.nodes) + 1)})
			}
		case html.ElementNode:
			d.visitMeta(n)
			if !skipped(n.DataAtom) || n.DataAtom == atom.Head {
				parent := int32(-1)
				if len(stack) > 0 {
					parent = stack[len(stack)-1]
				}
				i := int32(len(d.nodes))
				d.nodes = append(d.nodes, node{n: n, tag: n.DataAtom, parent: parent})
				if n.DataAtom == atom.Body && d.bodyIdx == 0 {
					d.bodyIdx = i
				}
				d.classify(i)
				stack = append(stack, i)
				descend = true
			}
		}
		if descend && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		if descend && n.Type == html.ElementNode {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			d.nodes[i].end = int32(len(d.nodes))
		}
		for n != nil && n.NextSibling == nil {
			n = n.Parent
			if n != nil && n.Type == html.ElementNode && len(stack) > 0 && d.nodes[stack[len(stack)-1]].n == n {
				i := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				d.nodes[i].end = int32(len(d.nodes))
			}
		}
		if n != nil {
			n = n.NextSibling
		}
	}
	for _, i := range stack {
		d.nodes[i].end = int32(len(d.nodes))
	}
	d.stats()
	return d
}

// visitMeta records what metadata extraction needs from element n.
func (d *doc) visitMeta(n *html.Node) {
	switch n.DataAtom {
	case atom.Html:
		if d.lang == "" {
			d.lang = attr(n, "lang")
			if d.lang == "" {
				d.lang = attr(n, "xml:lang")
			}
		}
	case atom.Meta:
		d.metas = append(d.metas, n)
	case atom.Link:
		d.links = append(d.links, n)
	case atom.Base:
		if href := attr(n, "href"); href != "" {
			if u, err := d.resolve(href); err == nil {
				d.base = u
			}
		}
	case atom.Title:
		if d.title == "" && n.FirstChild != nil {
			d.title = collapse(n.FirstChild.Data)
		}
	case atom.Script:
		if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
			d.jsonld = append(d.jsonld, n.FirstChild.Data)
		}
	}
}

func (d *doc) resolve(href string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return nil, err
	}
	if d.base != nil {
		u = d.base.ResolveReference(u)
	}
	return u, nil
}

var (
	// Class and id fragments of boilerplate containers, removed outright
	// unless they also look like content (maybeWords).
	unlikelyWords = []string{"-ad-", "ad-break", "agegate", "banner", "breadcrumb", "combx", "comment",
		"community", "cookie", "cover-wrap", "disqus", "footer", "gdpr", "legends", "menu", "newsletter",
		"pagination", "pager", "popup", "related", "remark", "replies", "rss", "share", "sharing",
		"shoutbox", "sidebar", "skyscraper", "social", "sponsor", "subscribe", "supplemental", "modal",
		"promo", "outbrain", "taboola", "recommend", "signup", "paywall", "byline", "dateline", "toolbar",
		"more-stories", "most-popular", "mostpopular", "trending", "jump-link", "author-bio", "tags"}
	maybeWords = []string{"and", "article", "body", "column", "content", "main", "shadow", "story", "text",
		"embed", "tweet"}
	// Class and id fragments weighing a container up or down (Readability).
	positiveWords = []string{"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
		"post", "text", "blog", "story"}
	negativeWords = []string{"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer",
		"gdpr", "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
		"sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", "caption", "credit", "byline"}
	// Class and id fragments of related-article boxes.
	relatedWords = []string{"related", "more-stories", "morestories", "read-more", "readmore", "also-read",
		"alsoread", "check-also", "more-from", "recommended", "you-may-like", "further-reading"}
	// Class and id fragments of comment sections, never taken as content.
	commentWords = []string{"comment", "disqus", "replies"}
	// Classes of hidden elements.
	hiddenClasses = map[string]bool{"hidden": true, "hide": true, "sr-only": true, "visually-hidden": true,
		"visuallyhidden": true, "screen-reader-text": true, "screenreader-only": true, "offscreen": true,
		"d-none": true, "is-hidden": true, "u-hidden": true, "element-invisible": true}
)

const (
	softJunk    = 1
	softRelated = 2
)

const (
	hintJunk    = 1 << 14
	hintRelated = 1 << 13
	hintHidden  = 1 << 12
	hintComment = 1 << 11
	hintMask    = 1<<11 - 1
)

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// hint returns the class-and-id verdict for s (class + " " + id, lower
// case), memoised per page: a weight in the low bits, plus flags.
func (d *doc) hint(s string) int16 {
	if h, ok := d.hints[s]; ok {
		return h
	}
	key := s
	s = strings.ToLower(s)
	var w int16
	if containsAny(s, positiveWords) {
		w += 25
	}
	if containsAny(s, negativeWords) {
		w -= 25
	}
	h := w & hintMask
	if containsAny(s, unlikelyWords) && !containsAny(s, maybeWords) {
		h |= hintJunk
	}
	if containsAny(s, relatedWords) {
		h |= hintRelated
	}
	if containsAny(s, commentWords) {
		h |= hintComment
	}
	for _, f := range strings.Fields(s) {
		if hiddenClasses[f] {
			h |= hintHidden
		}
	}
	d.hints[key] = h
	return h
}

// classify sets the weight and junk flag of the element nodes[i].
func (d *doc) classify(i int32) {
	nd := &d.nodes[i]
	n := nd.n
	switch nd.tag {
	case atom.Nav, atom.Aside, atom.Footer, atom.Figcaption, atom.Dialog, atom.Menu:
		nd.junk = true
	}
	if _, ok := attrOK(n, "hidden"); ok {
		nd.junk = true
	}
	if st := attr(n, "style"); st != "" {
		st = strings.ReplaceAll(strings.ToLower(st), " ", "")
		if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
			nd.junk = true
		}
	}
	if attr(n, "aria-hidden") == "true" {
		nd.junk = true
	}
	cls, id := attr(n, "class"), attr(n, "id")
	if cls == "" && id == "" {
		return
	}
	h := d.hint(cls + " " + id)
	nd.weight = h & hintMask
	if nd.weight&(1<<10) != 0 { // sign-extend the 11-bit weight
		nd.weight -= 1 << 11
	}
	if h&hintHidden != 0 {
		nd.junk = true
	}
	switch nd.tag {
	case atom.Body, atom.Html, atom.A, atom.Article, atom.Main, atom.Table, atom.Tbody, atom.Tr, atom.Td, atom.Th:
		return
	}
	if h&hintComment != 0 {
		nd.junk = true
	}
	if h&hintRelated != 0 {
		nd.soft = softRelated
	} else if h&hintJunk != 0 {
		nd.soft = softJunk
	}
	if itemprop := attr(n, "itemprop"); itemprop == "articleBody" {
		nd.weight += 50
		nd.junk = false
	}
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

// textStats returns the length in characters of s with white space runs
// collapsed, and its commas.
func textStats(s string) (chars, commas int32) {
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f':
			if !space {
				chars++
				space = true
			}
		case c&0xC0 == 0x80: // continuation byte
		default:
			space = false
			chars++
			if c == ',' {
				commas++
			}
		}
	}
	if space && chars > 0 {
		chars--
	}
	return chars, commas
}

// stats sums text statistics bottom-up, leaving junk subtrees out of their
// ancestors' sums.
func (d *doc) stats() {
	for i := len(d.nodes) - 1; i >= 0; i-- {
		nd := &d.nodes[i]
		if nd.tag == textTag {
			nd.chars, nd.commas = textStats(nd.n.Data)
		}
		if nd.tag == atom.A {
			nd.linkChars = nd.chars
		}
		if nd.tag == atom.P {
			nd.paras++
			nd.pChars = nd.chars
		}
		if nd.soft != 0 && !nd.junk {
			// Boilerplate by its class, unless it holds the article.
			article := nd.pChars >= 500 && nd.linkDensity() < 0.25
			if nd.soft == softRelated {
				article = nd.pChars >= 300 && nd.linkDensity() < 0.3
				if !article {
					d.boxes = append(d.boxes, int32(i))
				}
			}
			nd.junk = !article
		}
		if nd.junk || nd.parent < 0 {
			continue
		}
		p := &d.nodes[nd.parent]
		p.chars += nd.chars
		p.linkChars += nd.linkChars
		p.commas += nd.commas
		p.paras += nd.paras
		p.pChars += nd.pChars
	}
}

func (nd *node) linkDensity() float64 {
	if nd.chars == 0 {
		return 0
	}
	return float64(nd.linkChars) / float64(nd.chars)
}

// blockElement reports whether a starts a new paragraph.
func blockElement(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Blockquote,
		atom.Pre, atom.Table, atom.Tr, atom.Td, atom.Th, atom.Tbody, atom.Thead, atom.Tfoot,
		atom.Header, atom.Footer, atom.Aside, atom.Nav, atom.Figure, atom.Figcaption, atom.Br,
		atom.Hr, atom.Address, atom.Form, atom.Fieldset, atom.Details, atom.Summary, atom.Center,
		atom.Caption, atom.Body, atom.Html:
		return true
	}
	return false
}

// hasBlockChild reports whether element i has a block element child.
func (d *doc) hasBlockChild(i int32) bool {
	for j := i + 1; j < d.nodes[i].end; j = d.nodes[j].end {
		if t := d.nodes[j].tag; t != textTag && t != atom.Br && blockElement(t) {
			return true
		}
	}
	return false
}

// tagScore is Readability's initial score of a candidate by its tag.
func tagScore(a atom.Atom) float64 {
	switch a {
	case atom.Div, atom.Article, atom.Main, atom.Section:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

func (d *doc) initCandidate(i int32) {
	nd := &d.nodes[i]
	if !nd.scored {
		nd.scored = true
		nd.score = tagScore(nd.tag) + float64(nd.weight)
	}
}

// inJunk reports whether node i lies inside a junk subtree.
func (d *doc) inJunk(i int32) bool {
	for ; i >= 0; i = d.nodes[i].parent {
		if d.nodes[i].junk {
			return true
		}
	}
	return false
}

// body finds the main content and returns its paragraphs.
func (d *doc) body() []string {
	d.collectRelated()
	top := d.topCandidate()
	if top < 0 {
		return nil
	}
	return d.paragraphs(d.contentRoots(top))
}

// topCandidate scores paragraphs, spreading their score to their
// ancestors, and returns the best-scoring ancestor, or -1.
func (d *doc) topCandidate() int32 {
	start := d.bodyIdx
	end := int32(len(d.nodes))
	if start > 0 {
		end = d.nodes[start].end
	}
	var cands []int32
	for i := start; i < end; i++ {
		nd := &d.nodes[i]
		if nd.junk {
			i = nd.end - 1
			continue
		}
		switch nd.tag {
		case atom.P, atom.Pre, atom.Td, atom.Blockquote:
		case atom.Div, atom.Section, atom.Article:
			if d.hasBlockChild(i) {
				continue
			}
		default:
			continue
		}
		if nd.chars < 25 {
			continue
		}
		s := 1 + float64(nd.commas) + min(float64(nd.chars)/100, 3)
		level := 0
		for a := nd.parent; a >= 0 && level < 5; a = d.nodes[a].parent {
			if d.nodes[a].tag == atom.Html || d.nodes[a].tag == textTag {
				break
			}
			if !d.nodes[a].scored {
				d.initCandidate(a)
				cands = append(cands, a)
			}
			div := 1.0
			switch level {
			case 0:
			case 1:
				div = 2
			default:
				div = float64(level * 3)
			}
			d.nodes[a].score += s / div
			level++
		}
	}
	best := int32(-1)
	for _, c := range cands {
		nd := &d.nodes[c]
		nd.score *= 1 - nd.linkDensity()
		if best < 0 || nd.score > d.nodes[best].score {
			best = c
		}
	}
	if best < 0 {
		// No paragraph long enough: take the whole body, if it has text.
		if d.bodyIdx > 0 && d.nodes[d.bodyIdx].chars > 0 {
			return d.bodyIdx
		}
		return -1
	}
	best = d.commonAncestor(best, cands)
	// Climb while the parent scores better (Readability).
	last := d.nodes[best].score
	threshold := last / 3
	for p := d.nodes[best].parent; p >= 0 && p != d.bodyIdx && d.nodes[p].tag != atom.Html; p = d.nodes[p].parent {
		if !d.nodes[p].scored {
			continue
		}
		ps := d.nodes[p].score
		if ps < threshold {
			break
		}
		if ps > last {
			best = p
			break
		}
		last = ps
	}
	// A lone child is as good as its parent.
	for p := d.nodes[best].parent; p >= 0 && p != d.bodyIdx && d.nodes[p].tag != atom.Html; p = d.nodes[p].parent {
		if d.nodes[p].chars != d.nodes[best].chars {
			break
		}
		best = p
	}
	return best
}

// commonAncestor implements Readability's check for an article split into
// sections: when at least three other candidates score nearly as well as
// best, and an ancestor of best holds three of them, that ancestor is the
// article.
func (d *doc) commonAncestor(best int32, cands []int32) int32 {
	bs := d.nodes[best].score
	var alts []int32
	for _, c := range cands {
		if c != best && d.nodes[c].score >= 0.75*bs {
			alts = append(alts, c)
		}
	}
	if len(alts) < 3 {
		return best
	}
	for p := d.nodes[best].parent; p >= 0 && p != d.bodyIdx && d.nodes[p].tag != atom.Html; p = d.nodes[p].parent {
		n := 0
		for _, a := range alts {
			if a > p && a < d.nodes[p].end {
				n++
			}
		}
		if n >= 3 {
			d.initCandidate(p)
			return p
		}
	}
	return best
}

// contentRoots returns top and those of its siblings that belong with it.
func (d *doc) contentRoots(top int32) []int32 {
	p := d.nodes[top].parent
	if p < 0 {
		return []int32{top}
	}
	ts := d.nodes[top].score
	threshold := max(10, ts*0.2)
	topClass := attr(d.nodes[top].n, "class")
	var roots []int32
	for s := p + 1; s < d.nodes[p].end; s = d.nodes[s].end {
		nd := &d.nodes[s]
		if s == top {
			roots = append(roots, s)
			continue
		}
		if nd.junk || nd.tag == textTag {
			continue
		}
		bonus := 0.0
		if topClass != "" && attr(nd.n, "class") == topClass {
			bonus = ts * 0.2
		}
		if nd.scored && nd.score+bonus >= threshold {
			roots = append(roots, s)
			continue
		}
		if nd.tag == atom.P {
			ld := nd.linkDensity()
			if nd.chars > 80 && ld < 0.25 {
				roots = append(roots, s)
			}
		}
	}
	return roots
}

// paragraph is a paragraph being written.
type paragraph struct {
	b         strings.Builder
	chars     int
	linkChars int
	space     bool
}

func (p *paragraph) text(s string, link bool) {
	for _, r := range s {
		if isSpace(r) {
			p.space = p.b.Len() > 0
			continue
		}
		if p.space {
			p.b.WriteByte(' ')
			p.space = false
		}
		if r == utf8.RuneError {
			r = '\uFFFD'
		}
		p.b.WriteRune(r)
		p.chars++
		if link {
			p.linkChars++
		}
	}
}

// cleanConditionally reports whether container i inside the content
// looks like boilerplate (Readability's _cleanConditionally, simplified).
func (d *doc) cleanConditionally(i int32) bool {
	nd := &d.nodes[i]
	switch nd.tag {
	case atom.Div, atom.Section, atom.Ul, atom.Ol, atom.Table, atom.Form, atom.Header, atom.Dl:
	default:
		return false
	}
	if nd.chars == 0 {
		return false
	}
	if nd.weight < 0 && nd.commas < 10 {
		return true
	}
	if nd.commas >= 10 {
		return false
	}
	ld := nd.linkDensity()
	if ld > 0.5+float64(nd.weight)/100 {
		return true
	}
	if nd.weight < 25 && ld > 0.2 && nd.paras == 0 && nd.chars < 200 {
		return true
	}
	return false
}

// paragraphs writes the text of the roots as paragraphs, leaving out junk
// and link lists.
func (d *doc) paragraphs(roots []int32) []string {
	var out []string
	var cur paragraph
	flush := func() {
		s := cur.b.String()
		if s != "" && !(cur.linkChars*10 > cur.chars*8 && cur.chars < 200) && !d.readMore(s) {
			out = append(out, s)
		}
		cur = paragraph{}
	}
	for _, r := range roots {
		var open []int32 // open block elements, to flush on leaving
		linkEnd := int32(-1)
		for i := r; i < d.nodes[r].end; i++ {
			for len(open) > 0 && i >= d.nodes[open[len(open)-1]].end {
				open = open[:len(open)-1]
				flush()
			}
			nd := &d.nodes[i]
			if nd.tag == textTag {
				cur.text(nd.n.Data, i < linkEnd)
				continue
			}
			if nd.junk || (i != r && d.cleanConditionally(i)) {
				i = nd.end - 1
				continue
			}
			if nd.tag == atom.A && linkEnd < i {
				linkEnd = nd.end
			}
			if nd.tag == atom.Br {
				if i+1 < d.nodes[r].end && d.nodes[i+1].tag == atom.Br {
					flush()
				} else {
					cur.space = cur.b.Len() > 0
				}
				continue
			}
			if blockElement(nd.tag) {
				flush()
				open = append(open, i)
			}
		}
		flush()
	}
	return out
}

// readMore reports whether paragraph s is a "Read more: ..." pointer to
// another article rather than article text.
func (d *doc) readMore(s string) bool {
	if len(s) > 300 {
		return false
	}
	l := strings.ToLower(s)
	for _, p := range []string{"read more:", "read more ", "also read:", "read also:", "related:", "see also:",
		"check also:", "more:", "related article:", "related articles:", "read:", "recommended:"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// collectRelated gathers the links in related-article boxes: boxes found
// by class or id, and boxes introduced by a heading such as "Related" or
// "Read more".
func (d *doc) collectRelated() {
	for i := int32(0); i < int32(len(d.nodes)); i++ {
		nd := &d.nodes[i]
		switch nd.tag {
		case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Strong, atom.B, atom.Span, atom.P, atom.Div:
		default:
			continue
		}
		if nd.chars == 0 || nd.chars > 40 || nd.junk {
			continue
		}
		if !relatedHeading(d.textOf(i)) {
			continue
		}
		// The box is the nearest ancestor that holds links besides the
		// heading, and is mostly links.
		for a := nd.parent; a >= 0 && a != d.bodyIdx; a = d.nodes[a].parent {
			an := &d.nodes[a]
			if an.chars <= nd.chars+10 {
				continue
			}
			if an.linkDensity() > 0.5 && an.chars < 3000 {
				an.junk = true
				d.boxes = append(d.boxes, a)
			}
			break
		}
	}
	seen := map[string]bool{}
	for _, b := range d.boxes {
		for i := b + 1; i < d.nodes[b].end; i++ {
			nd := &d.nodes[i]
			if nd.tag != atom.A {
				continue
			}
			href := attr(nd.n, "href")
			if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(strings.ToLower(href), "javascript:") {
				continue
			}
			u, err := d.resolve(href)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
				continue
			}
			title := d.textOf(i)
			if title == "" {
				title = collapse(attr(nd.n, "title"))
			}
			if utf8.RuneCountInString(title) < 10 {
				continue
			}
			s := u.String()
			if seen[s] {
				continue
			}
			seen[s] = true
			d.related = append(d.related, article.Link{Title: title, URL: s})
		}
	}
}

func relatedHeading(s string) bool {
	l := strings.ToLower(strings.TrimRight(strings.TrimSpace(s), ":."))
	switch l {
	case "related", "related articles", "related stories", "related news", "related posts", "related content",
		"read more", "read also", "also read", "more stories", "more news", "check also", "see also",
		"you may also like", "you might also like", "recommended", "more from", "further reading",
		"recommended stories", "more on this story", "related coverage", "most read", "most popular":
		return true
	}
	return false
}

// textOf returns the collapsed text of the subtree of node i, junk
// included.
func (d *doc) textOf(i int32) string {
	var p paragraph
	for j := i; j < d.nodes[i].end; j++ {
		if d.nodes[j].tag == textTag {
			p.text(d.nodes[j].n.Data, false)
		} else if blockElement(d.nodes[j].tag) {
			p.space = p.b.Len() > 0
		}
	}
	return p.b.String()
}

// textTag marks text nodes in node.tag; it is no real atom.
const textTag atom.Atom = 0xFFFFFFFF
