// Package fold turns a place name into the key the gazetteer is indexed by:
// lower case, Latin diacritics removed, apostrophes and ayn/hamza marks
// dropped, hyphens and other punctuation turned into single spaces, and a
// leading "the " removed. "Rafaḩ", "RAFAH" and "the Rafah" share the key
// "rafah"; "Deir al-Balah" becomes "deir al balah".
//
// It is its own package so that the generator in tools/gengeo and the
// gazetteer fold names the same way. It uses only the standard library: the
// folding table below covers the Latin letters found in GeoNames names, which
// is all a gazetteer key needs (a full Unicode decomposition would pull in
// golang.org/x/text for no gain here).
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// latin maps accented Latin letters to their base letters. Each entry is a
// run of runes followed by the ASCII text they fold to.
var latin = [...]struct{ from, to string }{
	{"ÀÁÂÃÄÅĀĂĄǍǞǠǺȀȂȦȺḀẠẢẤẦẨẪẬẮẰẲẴẶàáâãäåāăąǎǟǡǻȁȃȧḁạảấầẩẫậắằẳẵặ", "a"},
	{"ÆǢǼæǣǽ", "ae"},
	{"ḂḄḆƁḃḅḇɓ", "b"},
	{"ÇĆĈĊČƇḈçćĉċčƈḉ", "c"},
	{"ĎĐḊḌḎḐḒƊďđḋḍḏḑḓɗÐð", "d"},
	{"ÈÉÊËĒĔĖĘĚȄȆȨḔḖḘḚḜẸẺẼẾỀỂỄỆèéêëēĕėęěȅȇȩḕḗḙḛḝẹẻẽếềểễệƏəǝ", "e"},
	{"Ḟḟƒ", "f"},
	{"ĜĞĠĢǦǴḠĝğġģǧǵḡƓɠ", "g"},
	{"ĤĦȞḢḤḦḨḪĥħȟḣḥḧḩḫẖ", "h"},
	{"ÌÍÎÏĨĪĬĮİǏȈȊḬḮỈỊìíîïĩīĭįıǐȉȋḭḯỉị", "i"},
	{"Ĳĳ", "ij"},
	{"Ĵĵǰ", "j"},
	{"ĶǨḰḲḴķǩḱḳḵĸ", "k"},
	{"ĹĻĽĿŁḶḸḺḼĺļľŀłḷḹḻḽ", "l"},
	{"ḾṀṂḿṁṃ", "m"},
	{"ÑŃŅŇǸṄṆṈṊñńņňŉǹṅṇṉṋŋŊ", "n"},
	{"ÒÓÔÕÖØŌŎŐƠǑǪǬǾȌȎȪȬȮȰṌṎṐṒỌỎỐỒỔỖỘỚỜỞỠỢòóôõöøōŏőơǒǫǭǿȍȏȫȭȯȱṍṏṑṓọỏốồổỗộớờởỡợ", "o"},
	{"Œœ", "oe"},
	{"ṔṖṕṗ", "p"},
	{"ŔŖŘȐȒṘṚṜṞŕŗřȑȓṙṛṝṟ", "r"},
	{"ŚŜŞŠȘṠṢṤṦṨśŝşšșṡṣṥṧṩſ", "s"},
	{"ß", "ss"},
	{"ŢŤŦȚṪṬṮṰţťŧțṫṭṯṱẗ", "t"},
	{"Þþ", "th"},
	{"ÙÚÛÜŨŪŬŮŰŲƯǓǕǗǙǛȔȖṲṴṶṸṺỤỦỨỪỬỮỰùúûüũūŭůűųưǔǖǘǚǜȕȗṳṵṷṹṻụủứừửữự", "u"},
	{"ṼṾṽṿ", "v"},
	{"ŴẀẂẄẆẈŵẁẃẅẇẉẘ", "w"},
	{"ẊẌẋẍ", "x"},
	{"ÝŶŸȲẎỲỴỶỸýÿŷȳẏẙỳỵỷỹ", "y"},
	{"ŹŻŽẐẒẔźżžẑẓẕƵƶ", "z"},
}

// drop holds marks removed without a trace: apostrophes and the signs used
// for ayn and hamza in transliterations ("Ma'arrat", "Ṣan‘ā’").
const drop = "'`´‘’ʼʻʽʾʿˈ′"

var table map[rune]string

func init() {
	table = make(map[rune]string, 700)
	for _, e := range latin {
		for _, r := range e.from {
			table[r] = e.to
		}
	}
	for _, r := range drop {
		table[r] = ""
	}
}

// Key returns the folded key of a place name, or "" when nothing is left.
func Key(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteByte(c)
			case 'A' <= c && c <= 'Z':
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteByte(c + 'a' - 'A')
			case c == '\'' || c == '`':
			case c == '.':
				// "St. Petersburg" and "U.S." : a dot joins, it does not split.
			default:
				space = true
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		t, ok := table[r]
		if !ok {
			t, ok = table[unicode.ToLower(r)]
		}
		if ok {
			if t == "" {
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(t)
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	k := b.String()
	if strings.HasPrefix(k, "the ") {
		k = k[len("the "):]
	}
	return k
}

// IsLatin reports whether every letter of s is a Latin letter that Key
// folds to ASCII, so that the name is usable as an English-text alias.
func IsLatin(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if _, ok := table[r]; ok {
			continue
		}
		if unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
