package web

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/geo"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// Charts and the map are inline SVG, laid out here in numbers and drawn by
// templates (so every label is escaped like any other text).

// Bars is a bar chart of counts per week.
type Bars struct {
	Width, Height int
	Bars          []Bar
	Ticks         []Tick
	Max           int
}

// Bar is one bar.
type Bar struct {
	X, Y, W, H float64
	Label      string
	Href       string
}

// Tick is an axis label.
type Tick struct {
	X, Y  float64
	Label string
}

// weekBars lays out weekly counts (Count.Value is a Monday, YYYY-MM-DD),
// filling empty weeks, at most 160 weeks (the latest).
func weekBars(weeks []store.Count, href func(from, to time.Time) string) *Bars {
	if len(weeks) == 0 {
		return nil
	}
	byWeek := map[string]int{}
	var first, last time.Time
	for _, w := range weeks {
		t, err := time.Parse(time.DateOnly, w.Value)
		if err != nil {
			continue
		}
		byWeek[w.Value] = w.Count
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
	}
	if first.IsZero() {
		return nil
	}
	if n := int(last.Sub(first).Hours()/24/7) + 1; n > 160 {
		first = last.AddDate(0, 0, -7*159)
	}
	b := &Bars{Width: 720, Height: 120}
	n := int(last.Sub(first).Hours()/24/7) + 1
	for t := first; !t.After(last); t = t.AddDate(0, 0, 7) {
		b.Max = max(b.Max, byWeek[t.Format(time.DateOnly)])
	}
	if b.Max == 0 {
		return nil
	}
	plotH := float64(b.Height - 20)
	bw := float64(b.Width) / float64(n)
	lastMonth := -1
	for i, t := 0, first; !t.After(last); i, t = i+1, t.AddDate(0, 0, 7) {
		c := byWeek[t.Format(time.DateOnly)]
		x := float64(i) * bw
		if c > 0 {
			h := math.Max(1, plotH*float64(c)/float64(b.Max))
			bar := Bar{X: x + bw*0.1, Y: plotH - h, W: math.Max(bw*0.8, 1), H: h,
				Label: fmt.Sprintf("week of %s: %d", t.Format("2 Jan 2006"), c)}
			if href != nil {
				bar.Href = href(t, t.AddDate(0, 0, 6))
			}
			b.Bars = append(b.Bars, bar)
		}
		if m := int(t.Month()); m != lastMonth && (n <= 26 || m == 1 || (n <= 80 && m%3 == 1)) {
			if len(b.Ticks) == 0 || x-b.Ticks[len(b.Ticks)-1].X > 50 {
				b.Ticks = append(b.Ticks, Tick{X: x, Y: float64(b.Height - 5), Label: t.Format("Jan 2006")})
			}
			lastMonth = m
		}
	}
	return b
}

// Timeline is a dot chart: one row per event type, time across.
type Timeline struct {
	Width, Height int
	Rows          []TimelineRow
	Ticks         []Tick
	// Undated counts events left off for want of a date. When no event
	// has one, they are all drawn in the order given instead, and Ordinal
	// is set.
	Undated int
	Ordinal bool
}

// TimelineRow is one event type's events.
type TimelineRow struct {
	Y     float64
	Label string
	Dots  []Dot
}

// Dot is one event on a chart or map.
type Dot struct {
	X, Y, R float64
	Class   string
	Label   string
	Href    string
}

// timelineItem is an event to place on a timeline.
type timelineItem struct {
	When  time.Time
	Type  string
	Class string
	Label string
	Href  string
}

// layoutTimeline places items by date in rows by type.
func layoutTimeline(items []timelineItem) *Timeline {
	if len(items) == 0 {
		return nil
	}
	var dated []timelineItem
	for _, it := range items {
		if !it.When.IsZero() {
			dated = append(dated, it)
		}
	}
	ordinal := len(dated) == 0
	if ordinal {
		// Spread them out in the order given (the caller's order: in an
		// article, the order of the text), left to right.
		base := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		for i, it := range items {
			it.When = base.AddDate(0, 0, i)
			dated = append(dated, it)
		}
	}
	first, last := dated[0].When, dated[0].When
	types := map[string]int{}
	for _, it := range dated {
		if it.When.Before(first) {
			first = it.When
		}
		if it.When.After(last) {
			last = it.When
		}
		types[it.Type]++
	}
	names := make([]string, 0, len(types))
	for t := range types {
		names = append(names, t)
	}
	sort.Slice(names, func(i, j int) bool {
		if types[names[i]] != types[names[j]] {
			return types[names[i]] > types[names[j]]
		}
		return names[i] < names[j]
	})
	first = first.AddDate(0, 0, -1)
	last = last.AddDate(0, 0, 1)
	const left, width, rowH = 110.0, 720, 24.0
	tl := &Timeline{Width: width, Height: int(rowH*float64(len(names))) + 24, Ordinal: ordinal}
	if !ordinal {
		tl.Undated = len(items) - len(dated)
	}
	span := last.Sub(first).Seconds()
	x := func(t time.Time) float64 {
		return left + (float64(width)-left-10)*t.Sub(first).Seconds()/span
	}
	row := map[string]int{}
	for i, n := range names {
		row[n] = i
		tl.Rows = append(tl.Rows, TimelineRow{Y: rowH*float64(i) + rowH/2, Label: n})
	}
	for _, it := range dated {
		r := &tl.Rows[row[it.Type]]
		r.Dots = append(r.Dots, Dot{X: x(it.When), Y: r.Y, R: 5, Class: it.Class, Label: it.Label, Href: it.Href})
	}
	for _, t := range ticks(first, last) {
		if ordinal {
			break
		}
		tl.Ticks = append(tl.Ticks, Tick{X: x(t), Y: float64(tl.Height - 4), Label: tickLabel(t, last.Sub(first))})
	}
	return tl
}

func ticks(first, last time.Time) []time.Time {
	d := last.Sub(first)
	var out []time.Time
	switch {
	case d <= 60*24*time.Hour:
		step := max(1, int(d.Hours()/24/6))
		for t := first.Truncate(24*time.Hour).AddDate(0, 0, 1); t.Before(last); t = t.AddDate(0, 0, step) {
			out = append(out, t)
		}
	default:
		months := max(1, int(d.Hours()/24/30/6))
		t := time.Date(first.Year(), first.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		for ; t.Before(last); t = t.AddDate(0, months, 0) {
			out = append(out, t)
		}
	}
	return out
}

func tickLabel(t time.Time, span time.Duration) string {
	if span <= 60*24*time.Hour {
		return t.Format("2 Jan")
	}
	return t.Format("Jan 2006")
}

// eventTime is when an event happened, as well as the record says: its
// own date (day, month or year precision, or the start of a period), else
// the article's publication time.
func eventTime(value, since string, published *time.Time) time.Time {
	for _, s := range []string{value, since} {
		for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
			if len(s) >= len(layout) {
				if t, err := time.Parse(layout, s[:len(layout)]); err == nil {
					return t
				}
			}
		}
	}
	if published != nil {
		return published.UTC()
	}
	return time.Time{}
}

// Map is an equirectangular map of points, framed on them.
type Map struct {
	// ViewBox frames the points, in the coordinates of a Width x Height
	// world.
	ViewBox    string
	Countries  []CountryPath
	Graticule  []string // path data
	Dots       []Dot
	Stroke     float64
	LabelSize  float64
	Attributed bool // country outlines are drawn
}

// CountryPath is one country's outline.
type CountryPath struct {
	ISO3 string
	D    string
	Hot  bool // an event happened there
}

const mapW, mapH = 1440, 720

// countryPaths returns country outlines for the map (ISO3 -> SVG path in
// a mapW x mapH equirectangular world); nil draws only the graticule.
var countryPaths = geo.CountryPaths

var (
	outlineOnce sync.Once
	outlines    []CountryPath
)

func countryOutlines() []CountryPath {
	outlineOnce.Do(func() {
		if countryPaths == nil {
			return
		}
		for iso, d := range countryPaths(mapW, mapH) {
			outlines = append(outlines, CountryPath{ISO3: iso, D: d})
		}
		sort.Slice(outlines, func(i, j int) bool { return outlines[i].ISO3 < outlines[j].ISO3 })
	})
	return outlines
}

// mapPoint is a place to mark.
type mapPoint struct {
	Lat, Lon float64
	Count    int
	Label    string
	Href     string
	Country  string
}

// layoutMap frames the points (at least 30 degrees across; the world when
// there are none) and sizes each by its count.
func layoutMap(points []mapPoint) *Map {
	px := func(lon float64) float64 { return (lon + 180) / 360 * mapW }
	py := func(lat float64) float64 { return (90 - lat) / 180 * mapH }
	minLon, maxLon, minLat, maxLat := 180.0, -180.0, 90.0, -90.0
	hot := map[string]bool{}
	maxCount := 1
	for _, p := range points {
		minLon, maxLon = math.Min(minLon, p.Lon), math.Max(maxLon, p.Lon)
		minLat, maxLat = math.Min(minLat, p.Lat), math.Max(maxLat, p.Lat)
		maxCount = max(maxCount, p.Count)
		hot[p.Country] = true
	}
	x0, x1, y0, y1 := 0.0, float64(mapW), 0.0, float64(mapH)
	if len(points) > 0 {
		cx, cy := (minLon+maxLon)/2, (minLat+maxLat)/2
		w := math.Max(30, (maxLon-minLon)*1.4)
		h := math.Max(15, (maxLat-minLat)*1.4)
		if w < 2*h {
			w = 2 * h
		} else {
			h = w / 2
		}
		w, h = math.Min(w, 360), math.Min(h, 180)
		x0, x1 = px(cx-w/2), px(cx+w/2)
		y0, y1 = py(cy+h/2), py(cy-h/2)
	}
	scale := (x1 - x0) / 720 // user units per screen pixel, for a 720-pixel-wide map
	m := &Map{
		ViewBox:   fmt.Sprintf("%.1f %.1f %.1f %.1f", x0, y0, x1-x0, y1-y0),
		Stroke:    math.Round(scale*100) / 100,
		LabelSize: math.Round(scale*1100) / 100,
	}
	for _, c := range countryOutlines() {
		c.Hot = hot[c.ISO3]
		m.Countries = append(m.Countries, c)
	}
	m.Attributed = len(m.Countries) > 0
	var g strings.Builder
	for lon := -180; lon <= 180; lon += 10 {
		fmt.Fprintf(&g, "M%.1f 0V%d", px(float64(lon)), mapH)
	}
	for lat := -80; lat <= 80; lat += 10 {
		fmt.Fprintf(&g, "M0 %.1fH%d", py(float64(lat)), mapW)
	}
	m.Graticule = []string{g.String()}
	for _, p := range points {
		r := scale * (3 + 7*math.Sqrt(float64(p.Count)/float64(maxCount)))
		m.Dots = append(m.Dots, Dot{X: math.Round(px(p.Lon)*10) / 10, Y: math.Round(py(p.Lat)*10) / 10,
			R: math.Round(r*10) / 10, Label: p.Label, Href: p.Href})
	}
	return m
}
