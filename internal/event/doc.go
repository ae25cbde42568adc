// Package event codes events in news text to PLOVER: who did what to whom,
// where and when, and whether the text says it happened.
//
// # Coding
//
// A trigger is a verb or noun from the lexicons in data/ (embedded; edit the
// files to extend them, or load your own with Lexicon.Load). Triggers are
// matched by lemma: a small lexicon-guided lemmatiser (lemma.go) undoes
// English inflection, so the files hold base forms only. Multi-word
// patterns with gaps ("lift_..._curfew") are matched first.
//
// Syntax is shallow. A sentence is split into clauses at semicolons,
// subordinating words and relative pronouns ("while", "which", "that", ...)
// and at a comma or "and" that is followed by a verb. The actor is the
// nearest entity on the subject side of the trigger in its clause (a
// possessive or modifier for a noun: "Israel's war", "the US request"; the
// "by" phrase of a passive); a pronoun subject, or a clause with no
// subject, takes the subject of the sentence or of the clause before.
// Recipients are the first entity on the object side: a direct object or
// the object of "against", "on", "with", "to", "for", ... A place is an
// entity after a locative preposition ("in Iraq and Syria"). Entities joined
// by "and" or commas are one compound actor or recipient. Doc.POS is used
// to tell nouns from verbs when a tagger ran; otherwise word-order rules
// decide.
//
// Speech acts and intents marked "head" in the lexicon (demand, reject,
// threaten, agree, ...) take the mode of their complement ("request to hold
// talks" is REQUEST/meet) and swallow it when no other actor stands between.
//
// # Modality
//
// Modality is one of "asserted", "negated", "future", "hypothetical" and
// "reported". Negation ("not", "no", "never", "is not imminent", a
// preceding "deny") wins over everything; then hypothetical ("if",
// "could", "would", ...); then future ("will", "plans to", "expected to");
// then reported (the trigger lies inside a Quote or Claim of someone who is
// not among the actors; Attribution is that quote's or claim's id). A
// violent event that is promised rather than done ("vows more attacks",
// "will not stop its operations", "will continue attacks") is coded as the
// threat that was made: THREATEN, mode violence, asserted (or reported).
// Historical is set when the clause dates the event to a year before the
// article's.
//
// # Confidence
//
// Confidence starts at 0.5; +0.2 when an actor was found in the clause
// (+0.1 when only inherited from a pronoun or an earlier clause), +0.1
// with a recipient, +0.1 when the tagger's part of speech agrees with the
// trigger, -0.2 for triggers marked weak (ambiguous words); it is clamped
// to [0.05, 0.95]. It ranks events; it is not a calibrated probability.
//
// The coder is our own: the Go NLP libraries offer tagging but no event
// coding, and the PLOVER coders (e.g. the Python Mordecai/NGEC stack) need
// dependency parsers and models that a single static binary cannot carry.
package event
