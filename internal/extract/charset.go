package extract

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// prescanLimit is how far into a page we look for a <meta> charset
// declaration. The HTML standard's prescan stops at 1024 bytes, but many
// pages put long scripts or comments before their meta tags.
const prescanLimit = 64 << 10

// toUTF8 decodes page to valid UTF-8. The encoding is chosen, in order of
// precedence, from a byte order mark, the charset parameter of contentType,
// a <meta charset> or <meta http-equiv="Content-Type"> declaration, and
// finally a guess: UTF-8 when most non-ASCII bytes form valid UTF-8, else
// windows-1252. Invalid sequences become U+FFFD.
func toUTF8(page []byte, contentType string) []byte {
	enc, name, certain := charset.DetermineEncoding(page, contentType)
	if !certain {
		enc, name = nil, ""
		if label := metaCharset(page[:min(len(page), prescanLimit)]); label != "" {
			enc, name = charset.Lookup(label)
			if strings.HasPrefix(name, "utf-16") {
				// A page that can declare its encoding in ASCII is not
				// UTF-16, whatever it says (HTML standard, prescan).
				enc, name = encoding.Nop, "utf-8"
			}
		}
		if enc == nil {
			enc, name = guessEncoding(page)
		}
	}
	if name == "utf-8" {
		return validUTF8(bytes.TrimPrefix(page, []byte("\xef\xbb\xbf")))
	}
	out, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return validUTF8(page)
	}
	return validUTF8(bytes.TrimPrefix(out, []byte("\xef\xbb\xbf")))
}

// guessEncoding chooses between UTF-8 and windows-1252 for an undeclared
// page: UTF-8 unless invalid sequences outnumber valid multi-byte ones.
func guessEncoding(page []byte) (encoding.Encoding, string) {
	if utf8.Valid(page) {
		return encoding.Nop, "utf-8"
	}
	valid, invalid := 0, 0
	for i := 0; i < len(page); {
		if page[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(page[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	if invalid > valid {
		e, name := charset.Lookup("windows-1252")
		return e, name
	}
	return encoding.Nop, "utf-8"
}

// validUTF8 returns b, or a copy with each invalid sequence replaced by
// U+FFFD.
func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

// metaCharset finds the charset named by the first <meta> tag that declares
// one in b (charset="x" or content="text/html; charset=x"), or "".
func metaCharset(b []byte) string {
	for off := 0; ; {
		i := bytes.IndexByte(b[off:], '<')
		if i < 0 || off+i+5 > len(b) {
			return ""
		}
		off += i + 1
		if !bytes.EqualFold(b[off:off+4], []byte("meta")) {
			continue
		}
		off += 4
		end := bytes.IndexByte(b[off:], '>')
		if end < 0 {
			return ""
		}
		tag := bytes.ToLower(b[off : off+end])
		off += end
		j := bytes.Index(tag, []byte("charset"))
		if j < 0 {
			continue
		}
		rest := bytes.TrimLeft(tag[j+len("charset"):], " \t\r\n")
		if len(rest) == 0 || rest[0] != '=' {
			continue
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n\"'")
		k := bytes.IndexAny(rest, " \t\r\n\"';/>")
		if k < 0 {
			k = len(rest)
		}
		if k > 0 {
			return string(rest[:k])
		}
	}
}
