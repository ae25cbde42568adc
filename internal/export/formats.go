package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
)

func coord(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// CSVHeader is the header row of the csv format.
var CSVHeader = []string{"article_id", "url", "published", "event_id", "type", "mode", "actors", "recipients",
	"place", "lat", "lon", "modality", "negated", "trigger"}

// writeCSV writes one row per event. Actors and recipients are names
// joined with "; ".
func writeCSV(ctx context.Context, w io.Writer, docs iter.Seq2[*article.Document, error]) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	err := each(ctx, docs, func(d *article.Document) error {
		byID := entities(d)
		for i := range d.Events {
			ev := &d.Events[i]
			var place, lat, lon string
			if p := placeOf(byID, ev); p != nil {
				place, lat, lon = p.Name, coord(p.Lat), coord(p.Lon)
			}
			if err := cw.Write([]string{d.ID, d.URL, published(d), ev.ID, ev.Type, ev.Mode,
				strings.Join(names(byID, ev.Actors), "; "), strings.Join(names(byID, ev.Recipients), "; "),
				place, lat, lon, ev.Modality, strconv.FormatBool(ev.Negated), ev.Trigger.Text}); err != nil {
				return err
			}
		}
		return nil
	})
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
}

// writeJSONL writes each Document record on a line of its own.
func writeJSONL(ctx context.Context, w io.Writer, docs iter.Seq2[*article.Document, error]) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := each(ctx, docs, func(d *article.Document) error { return enc.Encode(d) }); err != nil {
		return err
	}
	return bw.Flush()
}

type geoFeature struct {
	Type       string      `json:"type"`
	Geometry   geoPoint    `json:"geometry"`
	Properties geoEventRec `json:"properties"`
}

type geoPoint struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"` // longitude, latitude
}

type geoEventRec struct {
	ArticleID  string   `json:"article_id"`
	EventID    string   `json:"event_id"`
	URL        string   `json:"url"`
	Title      string   `json:"title"`
	Published  string   `json:"published"`
	Type       string   `json:"type"`
	Mode       string   `json:"mode"`
	Modality   string   `json:"modality"`
	Negated    bool     `json:"negated"`
	Actors     []string `json:"actors"`
	Recipients []string `json:"recipients"`
	Place      string   `json:"place"`
	Country    string   `json:"country"`
	Precision  string   `json:"precision"`
	Trigger    string   `json:"trigger"`
}

// writeGeoJSON writes a FeatureCollection with a Point for every event
// whose place entity has coordinates; other events are left out.
func writeGeoJSON(ctx context.Context, w io.Writer, docs iter.Seq2[*article.Document, error]) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	n := 0
	err := each(ctx, docs, func(d *article.Document) error {
		byID := entities(d)
		for i := range d.Events {
			ev := &d.Events[i]
			p := placeOf(byID, ev)
			if p == nil || p.Lat == nil || p.Lon == nil {
				continue
			}
			f := geoFeature{Type: "Feature", Geometry: geoPoint{"Point", [2]float64{*p.Lon, *p.Lat}},
				Properties: geoEventRec{ArticleID: d.ID, EventID: ev.ID, URL: d.URL, Title: d.Title, Published: published(d),
					Type: ev.Type, Mode: ev.Mode, Modality: ev.Modality, Negated: ev.Negated,
					Actors: names(byID, ev.Actors), Recipients: names(byID, ev.Recipients),
					Place: p.Name, Country: p.Country, Precision: p.Precision, Trigger: ev.Trigger.Text}}
			b, err := json.Marshal(f)
			if err != nil {
				return err
			}
			if n > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString("\n")
			bw.Write(b)
			n++
		}
		return nil
	})
	if err != nil {
		return err
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// ploverActor is an actor in a PLOVER record: its text and a CAMEO-style
// code, the country and sector codes run together ("SYRMIL").
type ploverActor struct {
	ActorText string `json:"actorText"`
	Code      string `json:"code"`
	KBID      string `json:"kbId,omitempty"`
}

type ploverLoc struct {
	Name        string   `json:"name"`
	CountryCode string   `json:"country code,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	Lon         *float64 `json:"lon,omitempty"`
}

// ploverRecord follows the field names of the PLOVER gold standard
// records (PLOVER_GSR_CAMEO.json), with url and modality added.
type ploverRecord struct {
	ID          string        `json:"id"`
	Date        string        `json:"date"`
	Source      []ploverActor `json:"source"`
	Target      []ploverActor `json:"target"`
	Event       string        `json:"event"`
	Mode        string        `json:"mode,omitempty"`
	EventText   string        `json:"eventText"`
	Text        string        `json:"text"`
	EventLoc    *ploverLoc    `json:"eventLoc,omitempty"`
	Dead        string        `json:"dead,omitempty"`
	Language    string        `json:"language"`
	Publication string        `json:"publication"`
	URL         string        `json:"url"`
	Modality    string        `json:"modality"`
	Negated     bool          `json:"negated,omitempty"`
}

func ploverActors(byID map[string]*article.Entity, ids []string) []ploverActor {
	out := []ploverActor{}
	for _, id := range ids {
		if e := byID[id]; e != nil {
			out = append(out, ploverActor{ActorText: e.Name, Code: e.Country + e.Sector, KBID: e.KBID})
		}
	}
	return out
}

// eventDate is the event's own date when known to the day, else the
// article's publication date, else "".
func eventDate(d *article.Document, ev *article.Event) string {
	if ev.Date != nil && len(ev.Date.Value) == len("2006-01-02") {
		return ev.Date.Value
	}
	if d.Published != nil {
		return d.Published.Format("2006-01-02")
	}
	return ""
}

// eventText is the sentence an event was found in, or its trigger.
func eventText(d *article.Document, ev *article.Event) string {
	if s := d.Slice(ev.Sentence); s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return ev.Trigger.Text
}

// writePLOVER writes one PLOVER record per event, as JSON Lines.
func writePLOVER(ctx context.Context, w io.Writer, docs iter.Seq2[*article.Document, error]) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err := each(ctx, docs, func(d *article.Document) error {
		byID := entities(d)
		for i := range d.Events {
			ev := &d.Events[i]
			r := ploverRecord{ID: d.ID + "-" + ev.ID, Date: eventDate(d, ev), Source: ploverActors(byID, ev.Actors),
				Target: ploverActors(byID, ev.Recipients), Event: ev.Type, Mode: ev.Mode, EventText: ev.Trigger.Text,
				Text: eventText(d, ev), Language: d.Language, Publication: d.Site, URL: d.URL,
				Modality: ev.Modality, Negated: ev.Negated}
			if p := placeOf(byID, ev); p != nil {
				r.EventLoc = &ploverLoc{Name: p.Name, CountryCode: p.Country, Lat: p.Lat, Lon: p.Lon}
			}
			if ev.Count != nil && ev.Type == "ASSAULT" {
				r.Dead = strconv.FormatFloat(*ev.Count, 'f', -1, 64)
			}
			if err := enc.Encode(&r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}
