package event

import "strings"

// irregular maps irregular English verb and noun forms to their lemma.
var irregular = map[string]string{
	"was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "am": "be",
	"has": "have", "had": "have", "did": "do", "does": "do", "done": "do",
	"went": "go", "gone": "go", "held": "hold", "took": "take", "taken": "take",
	"gave": "give", "given": "give", "met": "meet", "fought": "fight",
	"shot": "shoot", "struck": "strike", "stricken": "strike", "sought": "seek",
	"brought": "bring", "threw": "throw", "thrown": "throw", "withdrew": "withdraw",
	"withdrawn": "withdraw", "beaten": "beat", "drove": "drive", "driven": "drive",
	"said": "say", "began": "begin", "begun": "begin", "made": "make", "sent": "send",
	"led": "lead", "left": "leave", "kept": "keep", "told": "tell", "spoke": "speak",
	"spoken": "speak", "stole": "steal", "stolen": "steal", "broke": "break",
	"broken": "break", "froze": "freeze", "frozen": "freeze", "rose": "rise",
	"fled": "flee", "fell": "fall", "fallen": "fall", "blew": "blow", "blown": "blow",
	"built": "build", "sold": "sell", "paid": "pay", "won": "win", "lost": "lose",
	"laid": "lay", "hid": "hide", "hidden": "hide", "caught": "catch", "bought": "buy",
	"swore": "swear", "sworn": "swear", "undertook": "undertake", "undertaken": "undertake",
	"overthrew": "overthrow", "overthrown": "overthrow", "forbade": "forbid",
	"forbidden": "forbid", "arose": "arise", "bled": "bleed", "fed": "feed",
	"felt": "feel", "found": "find", "got": "get", "gotten": "get", "knew": "know",
	"known": "know", "saw": "see", "seen": "see", "stood": "stand", "understood": "understand",
	"wrote": "write", "written": "write", "chose": "choose", "chosen": "choose",
	"slew": "slay", "slain": "slay", "rode": "ride", "ran": "run", "sat": "sit",
	"sought-after": "seek", "shook": "shake", "hung": "hang", "sped": "speed",
	"speeded": "speed", "dealt": "deal", "meant": "mean", "upheld": "uphold",
	"men": "man", "women": "woman", "children": "child", "people": "person",
	"aides":  "aide", // "his surviving aides" are people, not aid
	"gunmen": "gunman", "policemen": "policeman", "militiamen": "militiaman",
	"countries": "country", "allies": "ally", "forces": "force", "crises": "crisis",
	"analyses": "analysis",
}

// lemmaCandidates returns the possible lemmas of a lower-case word, most
// likely first: the word itself, an irregular lemma, then the forms left
// when English inflections (-s, -es, -ies, -ed, -ied, -ing, doubled final
// consonants, a dropped final e) are undone. Which candidate is right is
// decided by the caller, against the lemmas it knows (lexicon-guided
// lemmatisation), which keeps the rules small and safe.
func lemmaCandidates(w string, buf []string) []string {
	buf = append(buf[:0], w)
	if l, ok := irregular[w]; ok {
		return append(buf, l) // "aides" is "aide", never "aid"
	}
	n := len(w)
	add := func(s string) {
		if len(s) >= 2 {
			buf = append(buf, s)
		}
	}
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		add(w[:n-3] + "y")
	case strings.HasSuffix(w, "es") && n > 3:
		add(w[:n-2])
		add(w[:n-1])
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && n > 3:
		add(w[:n-1])
	}
	switch {
	case strings.HasSuffix(w, "ied") && n > 4:
		add(w[:n-3] + "y")
	case strings.HasSuffix(w, "ed") && n > 3:
		stem := w[:n-2]
		add(stem)
		add(stem + "e")
		if k := len(stem); k > 2 && stem[k-1] == stem[k-2] {
			add(stem[:k-1])
		}
	}
	if strings.HasSuffix(w, "ing") && n > 4 {
		stem := w[:n-3]
		add(stem)
		add(stem + "e")
		if k := len(stem); k > 2 && stem[k-1] == stem[k-2] {
			add(stem[:k-1])
		}
	}
	return buf
}

// Lemma returns a best-guess lemma for an English word, for words not in
// any lexicon: irregular forms, then plain suffix stripping.
func Lemma(word string) string {
	w := strings.ToLower(word)
	c := lemmaCandidates(w, nil)
	if l, ok := irregular[w]; ok {
		return l
	}
	if len(c) > 1 {
		return c[1]
	}
	return w
}
