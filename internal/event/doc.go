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
// subordinating words and relative pronouns ("while", "which", "that", ...;
// words that are also prepositions, "as", "after", "since", only before a
// finite verb), at a comma or "and" that is followed by a verb, and before
// a closing attribution (", officials said"). The actor is the nearest
// entity on the subject side of the trigger in its clause (a possessive or
// modifier for a noun: "Israel's war", "the US request"; the "by" phrase of
// a passive; "a group of X" is X; a city as bare subject stands for its
// government: "Beirut rejected"); a pronoun subject, or a clause with no
// subject, takes the subject of the sentence or of the clause before, and
// a subject pronoun inside someone's quote or claim is its speaker
// ("Hungary said it will support"). Recipients are the first entity on the
// object side: a direct object or the object of "against", "on", "with",
// "to", "for", ...; for a speech act, the subject of its that-clause
// ("demanded that Hamas ...") or the entity after "of" its object ("the
// withdrawal of Serbian forces"). A place is an entity after a locative
// preposition, or a place struck directly ("shelled Juba"); Places holds
// every one ("in Iraq and Syria"). Entities joined by "and" or commas are
// one compound actor or recipient. When no entity is the actor or
// recipient, an unnamed group is (data/groups.txt: "rebels in the Ivory
// Coast" is REB with the country of its place, "unidentified gunmen" UAF):
// Event.ActorGroup and RecipientGroup. Doc.POS is used to tell nouns from
// verbs when a tagger ran; otherwise word-order rules decide.
//
// Speech acts and intents marked "head" in the lexicon (demand, reject,
// threaten, agree, ...) take the mode of their complement ("request to hold
// talks" is REQUEST/meet) and swallow it when no other actor stands
// between, or when the one between is the complement's subject, who is
// then the recipient. A verb of saying whose complement says someone
// "must" act is a REQUEST ("said Sudan must return the helicopter"). A
// rejection swallows the request or offer it rejects.
//
// # One event for one happening
//
// The coder keeps apart what a sentence tells and what only sets its
// scene, so that one happening is one event: a purpose infinitive or a
// participle after another trigger ("telephoned X to discuss", "marched,
// demanding") is folded into it and names its target when it has none; a
// non-violent noun in a verb's object ("suspended aid deliveries") is the
// verb's theme unless it names its own actor ("criticized the US
// request"); a noun in a temporal phrase ("after two days of fighting") is
// background; nouns flagged nomod do not fire as modifiers ("war crimes");
// and the events of a relative or temporal clause ("which ...", "after
// ...", "according to ...") are recorded only when the sentence has no
// other, except violence by a named or grouped actor.
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
// threat that was made: THREATEN, mode violence, asserted (or reported); so
// is a sanction, restriction or boycott announced for later ("would
// blockade Paris", mode restrict or relations), and any act promised
// "unless" the other side yields. "Failed to" negates; "continued to" and
// "decided to" are done; a protest that is the purpose of a gathering
// ("took to the streets to protest") happened.
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
