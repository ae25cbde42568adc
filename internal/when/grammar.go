package when

import (
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
)

type parser struct {
	text   string
	toks   []token
	pub    time.Time // publication day, UTC midnight
	hasPub bool
}

// ival is a resolved point: the days from s to e inclusive, at a precision.
// reason is set instead when it could not be resolved.
type ival struct {
	s, e   time.Time
	prec   string
	reason string
	// noYear marks a day or month whose year came from the publication
	// date ("7 October", "March"), so a period may move it.
	noYear bool
	day    int // for a noYear day
}

type result struct {
	article.Date
	next int
}

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
}

var numbers = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

// bareMonthAfter lists the words after which a month name alone ("in
// March") is taken as a date; elsewhere "March" and "May" are too often
// other words.
var bareMonthAfter = map[string]bool{
	"in": true, "since": true, "from": true, "between": true, "and": true, "to": true,
	"until": true, "till": true, "through": true, "by": true, "of": true, "early": true,
	"mid": true, "late": true, "last": true, "next": true, "this": true, "during": true,
	"before": true, "after": true, "end": true, "beginning": true, "start": true, "middle": true,
}

func (p *parser) word(i int) string {
	if i < 0 || i >= len(p.toks) || p.toks[i].kind != tWord {
		return ""
	}
	return p.toks[i].w
}

func (p *parser) punct(i int, c byte) bool {
	return i >= 0 && i < len(p.toks) && p.toks[i].kind == tPunct && p.toks[i].c == c
}

// adjacent reports whether tokens i and i+1 touch (no space between).
func (p *parser) adjacent(i int) bool {
	return i+1 < len(p.toks) && p.toks[i].end == p.toks[i+1].start
}

func (p *parser) num(i int) (token, bool) {
	if i < 0 || i >= len(p.toks) || p.toks[i].kind != tNum || p.toks[i].digits == 0 {
		return token{}, false
	}
	return p.toks[i], true
}

// month returns the month named by token i, which must be capitalized.
func (p *parser) month(i int) (time.Month, bool) {
	if p.word(i) == "" || !p.toks[i].upper || p.toks[i].info.month == 0 {
		return 0, false
	}
	return time.Month(p.toks[i].info.month), true
}

// skipDot skips the full stop after an abbreviated month ("Oct.").
func (p *parser) skipDot(i, monthTok int) int {
	if p.punct(i, '.') && p.adjacent(monthTok) && len(p.word(monthTok)) <= 4 {
		return i + 1
	}
	return i
}

func (p *parser) year(i int) (int, bool) {
	t, ok := p.num(i)
	if !ok || t.digits != 4 || t.ord || t.val < 1900 || t.val > 2100 {
		return 0, false
	}
	// "$2019", "2019%", "2019-year-old" and "No. 2019" are not years.
	if i > 0 && p.toks[i-1].kind == tPunct && p.adjacent(i-1) {
		switch p.text[p.toks[i-1].start] {
		case '$', 0xc2, 0xe2: // $, £ (C2 A3), € (E2 82 AC)
			return 0, false
		}
	}
	if i+1 < len(p.toks) && p.adjacent(i) && (p.toks[i+1].kind == tPunct && p.toks[i+1].c == '%' || p.toks[i+1].kind == tWord) {
		return 0, false // "2019%", "1990s", "2019bn"
	}
	return t.val, true
}

func day(t token) (int, bool) {
	if t.digits == 0 || t.digits > 2 || t.val < 1 || t.val > 31 {
		return 0, false
	}
	return t.val, true
}

func date(y int, m time.Month, d int) (time.Time, bool) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d && t.Month() == m
}

func (p *parser) noAnchor() ival { return ival{reason: ReasonNoAnchor} }

func dayIval(t time.Time) ival { return ival{s: t, e: t, prec: Day} }

func monthIval(y int, m time.Month) ival {
	s := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return ival{s: s, e: s.AddDate(0, 1, -1), prec: Month}
}

func yearIval(y int) ival {
	s := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	return ival{s: s, e: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), prec: Year}
}

// dayMonth resolves a day and month without a year: the most recent such
// day not after publication.
func (p *parser) dayMonth(d int, m time.Month) (ival, bool) {
	if _, ok := date(2000, m, d); !ok { // 2000 is a leap year
		return ival{}, false
	}
	if !p.hasPub {
		return p.noAnchor(), true
	}
	for y := p.pub.Year(); y > p.pub.Year()-8; y-- {
		if t, ok := date(y, m, d); ok && !t.After(p.pub) {
			iv := dayIval(t)
			iv.noYear, iv.day = true, d
			return iv, true
		}
	}
	return ival{}, false
}

// bareMonth resolves a month without a year: the most recent such month
// not after the publication month.
func (p *parser) bareMonth(m time.Month) ival {
	if !p.hasPub {
		return p.noAnchor()
	}
	y := p.pub.Year()
	if m > p.pub.Month() {
		y--
	}
	iv := monthIval(y, m)
	iv.noYear = true
	return iv
}

// inYear moves a day or month without a year into year y.
func (iv ival) inYear(y int) ival {
	if iv.prec == Month {
		return monthIval(y, iv.s.Month())
	}
	if t, ok := date(y, iv.s.Month(), iv.day); ok {
		return dayIval(t)
	}
	return iv
}

// align gives the start of a period the year of its end when the start
// has none ("from January to March 2023"), and keeps the start before the
// end ("between November and February").
func align(a, b ival) ival {
	if !a.noYear || a.reason != "" || b.reason != "" {
		return a
	}
	if !b.noYear {
		a = a.inYear(b.e.Year())
	}
	for n := 0; a.s.After(b.e) && n < 8; n++ {
		a = a.inYear(a.s.Year() - 1)
	}
	return a
}

func weekStart(t time.Time) time.Time {
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
}

// point parses a date at token i. bare allows a month name alone.
func (p *parser) point(i int, bare bool) (ival, int, bool) {
	if i >= len(p.toks) || p.toks[i].kind == tPunct {
		return ival{}, 0, false
	}
	w := p.toks[i].w
	if p.toks[i].kind == tWord && w == "" {
		return ival{}, 0, false
	}
	// Modifiers: "early 2024", "mid-October", "the end of March".
	switch w {
	case "early", "mid", "late":
		j := i + 1
		if p.punct(j, '-') {
			j++
		}
		if iv, n, ok := p.point(j, true); ok && (iv.prec == Month || iv.prec == Year || iv.reason != "") {
			return iv, n, true
		}
		return ival{}, 0, false
	case "the":
		if k := p.word(i + 1); (k == "end" || k == "beginning" || k == "start" || k == "middle") && p.word(i+2) == "of" {
			if iv, n, ok := p.point(i+3, true); ok && (iv.prec == Month || iv.prec == Year || iv.reason != "") {
				return iv, n, true
			}
		}
		return ival{}, 0, false
	case "yesterday", "today", "tonight", "tomorrow":
		if !p.hasPub {
			return p.noAnchor(), i + 1, true
		}
		off := 0
		switch w {
		case "yesterday":
			off = -1
		case "tomorrow":
			off = 1
		}
		return dayIval(p.pub.AddDate(0, 0, off)), i + 1, true
	case "last", "next", "this", "past", "coming":
		return p.shifted(i)
	}
	if wd := time.Weekday(p.toks[i].info.weekday - 1); p.toks[i].info.weekday > 0 && p.toks[i].upper {
		if !p.hasPub {
			return p.noAnchor(), i + 1, true
		}
		back := (int(p.pub.Weekday()) - int(wd) + 7) % 7
		return dayIval(p.pub.AddDate(0, 0, -back)), i + 1, true
	}
	if n := p.toks[i].info.num; n > 0 {
		return p.ago(i, int(n))
	}
	if m, ok := p.month(i); ok {
		return p.monthFirst(i, m, bare)
	}
	t, ok := p.num(i)
	if !ok {
		return ival{}, 0, false
	}
	if iv, n, ok := p.numeric(i); ok {
		return iv, n, true
	}
	if iv, n, ok := p.ago(i, t.val); ok && t.digits <= 3 && !t.ord {
		return iv, n, true
	}
	if d, ok := day(t); ok {
		// 7 October, 7th of October 2023, 7 Oct.
		j := i + 1
		if p.word(j) == "of" {
			j++
		}
		if m, ok := p.month(j); ok {
			k := p.skipDot(j+1, j)
			if y, ok := p.year(k); ok {
				if dt, ok := date(y, m, d); ok {
					return dayIval(dt), k + 1, true
				}
				return ival{}, 0, false
			}
			if p.punct(k, ',') {
				if y, ok := p.year(k + 1); ok {
					if dt, ok := date(y, m, d); ok {
						return dayIval(dt), k + 2, true
					}
				}
			}
			if iv, ok := p.dayMonth(d, m); ok {
				return iv, k, true
			}
		}
	}
	if y, ok := p.year(i); ok {
		return yearIval(y), i + 1, true
	}
	return ival{}, 0, false
}

// monthFirst parses "October 7", "Oct. 7, 2023", "January 2024", "March".
func (p *parser) monthFirst(i int, m time.Month, bare bool) (ival, int, bool) {
	j := p.skipDot(i+1, i)
	if t, ok := p.num(j); ok {
		if y, ok := p.year(j); ok {
			return monthIval(y, m), j + 1, true
		}
		if d, ok := day(t); ok && !(p.punct(j+1, ':') || p.punct(j+1, '.') && p.adjacent(j) && p.num2(j+2)) {
			k := j + 1
			if p.punct(k, ',') {
				k++
			}
			if y, ok := p.year(k); ok {
				if dt, ok := date(y, m, d); ok {
					return dayIval(dt), k + 1, true
				}
				return ival{}, 0, false
			}
			if iv, ok := p.dayMonth(d, m); ok {
				return iv, j + 1, true
			}
			return ival{}, 0, false
		}
	}
	if p.word(j) == "of" {
		if y, ok := p.year(j + 1); ok {
			return monthIval(y, m), j + 2, true
		}
	}
	if p.punct(j, ',') {
		if y, ok := p.year(j + 1); ok {
			return monthIval(y, m), j + 2, true
		}
	}
	if bare || bareMonthAfter[p.word(i-1)] || p.punct(i-1, '-') && bareMonthAfter[p.word(i-2)] {
		if p.word(i) == "may" && !bare && p.word(i-1) != "in" && p.word(i-1) != "since" {
			return ival{}, 0, false
		}
		return p.bareMonth(m), j, true
	}
	return ival{}, 0, false
}

func (p *parser) num2(i int) bool { _, ok := p.num(i); return ok }

// numeric parses 2023-10-07 and d/m/yyyy or m/d/yyyy.
func (p *parser) numeric(i int) (ival, int, bool) {
	a, _ := p.num(i)
	if a.ord || !p.adjacent(i) {
		return ival{}, 0, false
	}
	if a.digits == 4 && p.punct(i+1, '-') && p.adjacent(i+1) && p.adjacent(i+2) && p.punct(i+3, '-') && p.adjacent(i+3) {
		m, ok1 := p.num(i + 2)
		d, ok2 := p.num(i + 4)
		if ok1 && ok2 && m.digits == 2 && d.digits == 2 {
			if dt, ok := date(a.val, time.Month(m.val), d.val); ok && m.val <= 12 {
				return dayIval(dt), i + 5, true
			}
		}
		return ival{}, 0, false
	}
	if a.digits > 2 || !p.punct(i+1, '/') || !p.adjacent(i+1) || !p.adjacent(i+2) || !p.punct(i+3, '/') || !p.adjacent(i+3) {
		return ival{}, 0, false
	}
	b, ok1 := p.num(i + 2)
	y, ok2 := p.year(i + 4)
	if !ok1 || !ok2 || b.digits > 2 {
		return ival{}, 0, false
	}
	dm, okDM := date(y, time.Month(b.val), a.val) // day/month
	md, okMD := date(y, time.Month(a.val), b.val) // month/day
	okDM = okDM && b.val <= 12
	okMD = okMD && a.val <= 12
	switch {
	case okDM && okMD && a.val != b.val:
		return ival{reason: ReasonAmbiguous}, i + 5, true
	case okDM:
		return dayIval(dm), i + 5, true
	case okMD:
		return dayIval(md), i + 5, true
	}
	return ival{}, 0, false
}

// ago parses "two days ago", "3 weeks ago", "a month ago".
func (p *parser) ago(i, n int) (ival, int, bool) {
	unit := p.word(i + 1)
	if p.word(i+2) != "ago" || n <= 0 {
		return ival{}, 0, false
	}
	if !p.hasPub {
		switch unit {
		case "day", "days", "week", "weeks", "month", "months", "year", "years":
			return p.noAnchor(), i + 3, true
		}
		return ival{}, 0, false
	}
	switch unit {
	case "day", "days":
		return dayIval(p.pub.AddDate(0, 0, -n)), i + 3, true
	case "week", "weeks":
		return dayIval(p.pub.AddDate(0, 0, -7*n)), i + 3, true
	case "month", "months":
		t := p.pub.AddDate(0, -n, 1-p.pub.Day())
		return monthIval(t.Year(), t.Month()), i + 3, true
	case "year", "years":
		return yearIval(p.pub.Year() - n), i + 3, true
	}
	return ival{}, 0, false
}

// shifted parses "last week", "this year", "next month", "last Monday",
// "last March".
func (p *parser) shifted(i int) (ival, int, bool) {
	w := p.word(i)
	if w == "past" || w == "coming" {
		return ival{}, 0, false
	}
	dir := map[string]int{"last": -1, "this": 0, "next": 1}[w]
	u := p.word(i + 1)
	if u == "" {
		return ival{}, 0, false
	}
	wd, isWD := weekdays[u]
	m, isMonth := p.month(i + 1)
	switch {
	case u == "week" || u == "month" || u == "year" || isWD && p.toks[i+1].upper || isMonth:
	default:
		return ival{}, 0, false
	}
	if !p.hasPub {
		return p.noAnchor(), i + 2, true
	}
	switch {
	case u == "week":
		s := weekStart(p.pub).AddDate(0, 0, 7*dir)
		return ival{s: s, e: s.AddDate(0, 0, 6), prec: "week"}, i + 2, true
	case u == "month":
		t := p.pub.AddDate(0, dir, 1-p.pub.Day())
		return monthIval(t.Year(), t.Month()), i + 2, true
	case u == "year":
		return yearIval(p.pub.Year() + dir), i + 2, true
	case isWD:
		diff := int(wd) - int(p.pub.Weekday())
		switch dir {
		case -1:
			if diff >= 0 {
				diff -= 7
			}
		case 1:
			if diff <= 0 {
				diff += 7
			}
		}
		return dayIval(p.pub.AddDate(0, 0, diff)), i + 2, true
	default:
		y := p.pub.Year()
		switch dir {
		case -1:
			if m >= p.pub.Month() {
				y--
			}
		case 1:
			if m <= p.pub.Month() {
				y++
			}
		}
		return monthIval(y, m), i + 2, true
	}
}

// fmtAt writes t at a precision.
func fmtAt(t time.Time, prec string) string {
	switch prec {
	case Year:
		return t.Format("2006")
	case Month:
		return t.Format("2006-01")
	}
	return t.Format("2006-01-02")
}

func (p *parser) span(i, next int) (int, int) { return p.toks[i].start, p.toks[next-1].end }

// pointDate turns a resolved point into a Date. A week is given as a
// period, since article.Date has no week precision.
func (p *parser) pointDate(i, next int, iv ival) result {
	s, e := p.span(i, next)
	d := article.Date{Start: s, End: e}
	switch {
	case iv.reason != "":
		d.Unresolved = iv.reason
	case iv.prec == "week":
		d.Value, d.Precision = fmtAt(iv.s, Day), Day
		d.Since, d.Until = fmtAt(iv.s, Day), fmtAt(iv.e, Day)
	default:
		d.Value, d.Precision = fmtAt(iv.s, iv.prec), iv.prec
	}
	return result{d, next}
}

// period builds a Date for a period from a to b (b.prec "" for an open
// period ending at publication).
func (p *parser) period(i, next int, a, b ival, open bool) result {
	s, e := p.span(i, next)
	d := article.Date{Start: s, End: e}
	switch {
	case a.reason != "":
		d.Unresolved = a.reason
	case b.reason != "":
		d.Unresolved = b.reason
	default:
		prec := a.prec
		if prec == "week" {
			prec = Day
		}
		d.Value, d.Precision = fmtAt(a.s, prec), prec
		d.Since = d.Value
		switch {
		case open && p.hasPub && !a.s.After(p.pub):
			d.Until = fmtAt(p.pub, Day)
		case !open:
			bp := b.prec
			if bp == "week" {
				d.Until = fmtAt(b.e, Day)
			} else {
				d.Until = fmtAt(b.e, bp)
			}
		}
	}
	return result{d, next}
}

// match tries every rule at token i, periods first.
func (p *parser) match(i int) (result, bool) {
	switch w := p.word(i); w {
	case "since":
		if iv, n, ok := p.point(i+1, true); ok {
			return p.period(i, n, iv, ival{}, true), true
		}
	case "from", "between":
		if a, n, ok := p.point(i+1, true); ok {
			sep := p.word(n)
			if w == "from" && (sep == "to" || sep == "until" || sep == "till" || sep == "through" || p.punct(n, '-')) ||
				w == "between" && sep == "and" {
				if b, m, ok := p.point(n+1, true); ok {
					return p.period(i, m, align(a, b), b, false), true
				}
			}
		}
	case "until", "till":
		if iv, n, ok := p.point(i+1, true); ok {
			r := p.pointDate(i, n, iv)
			if r.Unresolved == "" {
				r.Until = fmtAt(iv.e, iv.prec)
				if iv.prec == "week" {
					r.Until = fmtAt(iv.e, Day)
				}
			}
			return r, true
		}
	case "in", "over", "during", "for", "the":
		if r, ok := p.past(i); ok {
			return r, true
		}
	case "earlier", "later":
		if p.word(i+1) == "this" {
			u := p.word(i + 2)
			if u == "week" || u == "month" || u == "year" {
				if !p.hasPub {
					return p.pointDate(i, i+3, p.noAnchor()), true
				}
				var s, e time.Time
				var prec string
				switch u {
				case "week":
					s, prec = weekStart(p.pub), Day
					e = s.AddDate(0, 0, 6)
				case "month":
					iv := monthIval(p.pub.Year(), p.pub.Month())
					s, e, prec = iv.s, iv.e, Month
				default:
					iv := yearIval(p.pub.Year())
					s, e, prec = iv.s, iv.e, Year
				}
				st, en := p.span(i, i+3)
				d := article.Date{Start: st, End: en, Value: fmtAt(s, prec), Precision: prec}
				if w == "earlier" {
					d.Since, d.Until = fmtAt(s, Day), fmtAt(p.pub, Day)
				} else {
					d.Since, d.Until = fmtAt(p.pub, Day), fmtAt(e, Day)
				}
				return result{d, i + 3}, true
			}
		}
	}
	iv, n, ok := p.point(i, false)
	if !ok {
		return result{}, false
	}
	// 2014-2017, 2014–17.
	if iv.prec == Year && n == i+1 && p.punct(n, '-') && p.adjacent(i) && p.adjacent(n) {
		if t, ok := p.num(n + 1); ok && !t.ord {
			y := -1
			if t.digits == 4 {
				y = t.val
			} else if t.digits == 2 {
				y = iv.s.Year()/100*100 + t.val
			}
			if y > iv.s.Year() && y <= 2100 && !p.punct(n+2, '-') {
				return p.period(i, n+2, iv, yearIval(y), false), true
			}
		}
	}
	return p.pointDate(i, n, iv), true
}

// past parses "in the past three months", "over the last week", "the past
// year": a period ending at publication.
func (p *parser) past(i int) (result, bool) {
	j := i
	if p.word(j) != "the" {
		j++
		if p.word(j) != "the" {
			return result{}, false
		}
	}
	j++
	if w := p.word(j); w != "past" && w != "last" {
		return result{}, false
	}
	j++
	n := 1
	if t, ok := p.num(j); ok && !t.ord && t.digits <= 3 {
		n = t.val
		j++
	} else if v, ok := numbers[p.word(j)]; ok && p.word(j) != "a" && p.word(j) != "an" {
		n = v
		j++
	} else if w := p.word(j); w == "few" || w == "several" || w == "couple" {
		return result{}, false
	}
	var back func(time.Time) time.Time
	switch p.word(j) {
	case "day", "days":
		back = func(t time.Time) time.Time { return t.AddDate(0, 0, -n) }
	case "week", "weeks":
		back = func(t time.Time) time.Time { return t.AddDate(0, 0, -7*n) }
	case "month", "months":
		back = func(t time.Time) time.Time { return t.AddDate(0, -n, 0) }
	case "year", "years":
		back = func(t time.Time) time.Time { return t.AddDate(-n, 0, 0) }
	default:
		return result{}, false
	}
	if n <= 0 || n > 1000 {
		return result{}, false
	}
	if !p.hasPub {
		return p.pointDate(i, j+1, p.noAnchor()), true
	}
	s := back(p.pub)
	return p.period(i, j+1, dayIval(s), ival{}, true), true
}
