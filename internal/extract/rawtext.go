package extract

import "bytes"

// emptyScripts returns page with the contents of its <script> and <style>
// elements removed, so that the HTML parser does not tokenise them byte by
// byte: on news pages they are about half of the bytes (54% over the 181
// scrapinghub pages), and nothing but JSON-LD is read from them. JSON-LD
// scripts are kept whole. page itself is never modified; when there is
// nothing to remove it is returned as is.
//
// The scan follows the tokeniser where it matters: comments, quoted
// attribute values and the contents of the other raw-text elements
// (title, textarea, iframe, ...) are skipped, so a "<script" inside them
// starts nothing. Where the page is unusual (a script holding "<!--",
// whose end the tokeniser finds by its escape states, or an element that
// is never closed) the rest of the page is left alone.
func emptyScripts(page []byte) []byte {
	var out []byte
	copied := 0 // page[:copied] is in out
	i := 0
	for i < len(page) {
		k := bytes.IndexByte(page[i:], '<')
		if k < 0 {
			break
		}
		i += k
		rest := page[i:]
		if bytes.HasPrefix(rest, []byte("<!--")) {
			e := bytes.Index(rest[4:], []byte("-->"))
			if e < 0 {
				break
			}
			i += 4 + e + 3
			continue
		}
		if len(rest) < 2 {
			break
		}
		if rest[1] == '!' || rest[1] == '?' || (rest[1] == '/' && (len(rest) < 3 || !isASCIILetter(rest[2]))) {
			// A bogus comment, a doctype or "</>": up to the next '>'.
			e := bytes.IndexByte(rest[2:], '>')
			if e < 0 {
				break
			}
			i += 2 + e + 1
			continue
		}
		if rest[1] == '/' {
			// An end tag; its attributes, if any, are read like a start tag's.
			e := tagEnd(rest, 2)
			if e < 0 {
				break
			}
			i += e
			continue
		}
		if !isASCIILetter(rest[1]) {
			i++
			continue
		}
		n := 1
		for n < len(rest) && isTagNameByte(rest[n]) {
			n++
		}
		name := rest[1:n]
		end := tagEnd(rest, n)
		if end < 0 {
			break
		}
		kind := rawKind(name)
		if kind == "" {
			i += end
			continue
		}
		if kind == "plaintext" {
			break
		}
		closing := indexClosingTag(rest[end:], kind)
		if closing < 0 {
			break
		}
		body := rest[end : end+closing]
		empty := (kind == "script" || kind == "style") && len(body) > 0
		if kind == "script" && (bytes.Contains(body, []byte("<!--")) || isJSONLD(rest[:end])) {
			empty = false
		}
		if empty {
			if out == nil {
				out = make([]byte, 0, len(page))
			}
			out = append(out, page[copied:i+end]...)
			copied = i + end + closing
		}
		i += end + closing
	}
	if out == nil {
		return page
	}
	return append(out, page[copied:]...)
}

// rawKind returns the lower-case name of a raw-text or RCDATA element
// (whose contents hold no tags), or "" for any other element.
func rawKind(name []byte) string {
	for _, k := range [...]string{"script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"} {
		if len(name) == len(k) && bytes.EqualFold(name, []byte(k)) {
			return k
		}
	}
	return ""
}

// tagEnd returns the index just after the '>' that ends the start tag at
// the beginning of tag, whose name ends at from, or -1 when it never ends.
// Quoted attribute values may hold '>'.
func tagEnd(tag []byte, from int) int {
	for j := from; j < len(tag); j++ {
		switch tag[j] {
		case '>':
			return j + 1
		case '=':
			v := j + 1
			for v < len(tag) && isHTMLSpace(tag[v]) {
				v++
			}
			if v < len(tag) && (tag[v] == '"' || tag[v] == '\'') {
				q := bytes.IndexByte(tag[v+1:], tag[v])
				if q < 0 {
					return -1
				}
				j = v + 1 + q
			}
		}
	}
	return -1
}

// indexClosingTag returns the index in s of the first "</name" (any case)
// followed by a space, '/' or '>', or -1.
func indexClosingTag(s []byte, name string) int {
	off := 0
	for {
		k := bytes.Index(s[off:], []byte("</"))
		if k < 0 {
			return -1
		}
		at := off + k
		tail := s[at+2:]
		if len(tail) > len(name) && bytes.EqualFold(tail[:len(name)], []byte(name)) {
			switch c := tail[len(name)]; {
			case c == '>' || c == '/' || isHTMLSpace(c):
				return at
			}
		}
		off = at + 2
	}
}

func isJSONLD(startTag []byte) bool {
	return bytes.Contains(bytes.ToLower(startTag), []byte("ld+json"))
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isTagNameByte(c byte) bool {
	return c != '>' && c != '/' && !isHTMLSpace(c)
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
