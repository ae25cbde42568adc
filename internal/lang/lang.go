// Package lang identifies the language of a text.
//
// It is deliberately small: the writing system decides Arabic, Persian,
// Hebrew, Russian, Ukrainian, Greek and the CJK languages; for Latin-script
// text, counts of each language's most frequent function words, helped by
// its distinctive letters, decide between English, French, German, Spanish,
// Italian, Portuguese, Dutch and Turkish. It loads nothing at start-up
// beyond a few small maps and needs no model file; statistical detectors
// such as lingua-go were measured at over a second and hundreds of MB to
// load, which the one-article CLI cannot afford.
package lang

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Undetermined is returned when the text gives too little evidence.
const Undetermined = "und"

var stopwords = map[string][]string{
	"en": {"the", "of", "and", "to", "in", "is", "that", "for", "it", "was", "on", "with", "as", "by", "at", "from", "his", "have", "has", "are", "this", "be", "which", "not", "but", "they", "were", "said", "will", "their", "been", "its", "who", "after", "would", "about", "more", "an", "or"},
	"fr": {"le", "la", "les", "de", "des", "du", "et", "est", "un", "une", "dans", "pour", "que", "qui", "sur", "au", "aux", "par", "pas", "ne", "ce", "cette", "il", "elle", "ont", "sont", "avec", "plus", "mais", "été", "l", "d", "qu", "à", "où", "leur", "ses", "son", "lui", "selon", "entre"},
	"de": {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "dem", "mit", "von", "sich", "auf", "für", "im", "auch", "es", "wird", "werden", "hat", "aus", "bei", "nach", "wie", "noch", "sind", "einer", "des", "über", "oder", "wurde", "dass"},
	"es": {"el", "la", "los", "las", "de", "del", "y", "en", "que", "un", "una", "por", "para", "con", "no", "se", "su", "sus", "al", "es", "lo", "como", "más", "pero", "fue", "ha", "han", "sobre", "este", "esta", "entre", "según", "también"},
	"it": {"il", "lo", "la", "gli", "le", "di", "del", "della", "e", "che", "un", "una", "per", "con", "non", "si", "è", "sono", "nel", "nella", "alla", "dei", "delle", "ha", "hanno", "anche", "come", "più", "ma", "dalla", "questo"},
	"pt": {"o", "a", "os", "as", "de", "do", "da", "dos", "das", "e", "em", "no", "na", "um", "uma", "que", "para", "com", "não", "se", "por", "mais", "foi", "ao", "pelo", "pela", "seu", "sua", "também", "são", "está"},
	"nl": {"de", "het", "een", "en", "van", "in", "is", "dat", "op", "te", "zijn", "niet", "met", "voor", "die", "er", "aan", "ook", "als", "maar", "bij", "wordt", "door", "naar", "heeft", "werd", "nog"},
	"tr": {"ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "çok", "daha", "gibi", "olan", "ama", "ancak", "sonra", "kadar", "en", "ise", "değil", "var", "yok", "her", "şu", "o", "ki", "mi", "olduğu", "dedi", "üzerinde"},
}

// letter hints: characters that only some Latin-script languages use.
var letterHints = map[rune]string{
	'ß': "de", 'ä': "de", 'ö': "de", 'ü': "de",
	'ñ': "es", '¿': "es", '¡': "es",
	'ç': "fr", 'è': "fr", 'ê': "fr", 'à': "fr", 'œ': "fr", 'î': "fr", 'ù': "fr", 'û': "fr", 'ë': "fr",
	'ã': "pt", 'õ': "pt",
	'ğ': "tr", 'ş': "tr", 'ı': "tr", 'İ': "tr",
	'ò': "it", 'ì': "it",
}

var index = func() map[string][]string {
	m := map[string][]string{}
	for lang, words := range stopwords {
		for _, w := range words {
			m[w] = append(m[w], lang)
		}
	}
	return m
}()

// Detect returns the ISO 639-1 code of the language of text, or
// Undetermined. At most the first 4 KB of text are examined.
func Detect(text string) string {
	if len(text) > 4096 {
		text = text[:4096]
		for len(text) > 0 && !utf8.ValidString(text[len(text)-1:]) && !utf8.RuneStart(text[len(text)-1]) {
			text = text[:len(text)-1]
		}
	}
	var latin, arabic, cyrillic, hebrew, greek, han, kana, hangul, devanagari, persian, ukr int
	for _, r := range text {
		switch {
		case r < 0x80:
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
				latin++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Arabic, r):
			arabic++
			switch r {
			case 'پ', 'چ', 'ژ', 'گ', 'ک', 'ی':
				persian++
			}
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
			switch r {
			case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є':
				ukr++
			}
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Devanagari, r):
			devanagari++
		}
	}
	best, bestN := "", 0
	for _, c := range []struct {
		lang string
		n    int
	}{{"latin", latin}, {"ar", arabic}, {"ru", cyrillic}, {"he", hebrew}, {"el", greek}, {"zh", han + kana}, {"ko", hangul}, {"hi", devanagari}} {
		if c.n > bestN {
			best, bestN = c.lang, c.n
		}
	}
	switch best {
	case "":
		return Undetermined
	case "ar":
		// Persian letters are common in Persian text and rare in Arabic.
		if persian*20 > arabic || persianWords(text) {
			return "fa"
		}
		return "ar"
	case "ru":
		if ukr*50 > cyrillic {
			return "uk"
		}
		return "ru"
	case "zh":
		if kana*10 > han {
			return "ja"
		}
		return "zh"
	case "latin":
		return detectLatin(text)
	}
	return best
}

func persianWords(text string) bool {
	n := 0
	for _, w := range strings.Fields(text) {
		switch w {
		case "است", "این", "را", "که", "با", "برای", "از", "می", "شد", "های":
			n++
		case "في", "على", "التي", "الذي", "أن", "إلى":
			n--
		}
	}
	return n > 2
}

func detectLatin(text string) string {
	score := map[string]float64{}
	words := 0
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := strings.ToLower(text[start:end])
		start = -1
		words++
		for _, l := range index[w] {
			score[l] += 1 / float64(len(index[w]))
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			if l, ok := letterHints[unicode.ToLower(r)]; ok {
				score[l] += 0.5
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	best, bestScore := Undetermined, 0.0
	for _, l := range []string{"en", "fr", "de", "es", "it", "pt", "nl", "tr"} {
		if score[l] > bestScore {
			best, bestScore = l, score[l]
		}
	}
	if bestScore < 1 {
		return Undetermined
	}
	return best
}

// Stage sets the language of the document and of each related link.
type Stage struct{}

var _ pipeline.Stage = Stage{}

// Name implements pipeline.Stage.
func (Stage) Name() string { return "lang" }

// Process implements pipeline.Stage. A language declared by the page is
// kept unless the text clearly says otherwise.
func (Stage) Process(_ context.Context, doc *article.Document) error {
	detected := Detect(doc.Title + "\n" + doc.Text)
	if detected != Undetermined || doc.Language == "" {
		doc.Language = detected
	}
	for i := range doc.Related {
		if doc.Related[i].Language == "" {
			doc.Related[i].Language = Detect(doc.Related[i].Title)
		}
	}
	return nil
}
