package export

import (
	"context"
	"encoding/csv"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// ACLEDHeader is the header row of the acled format: the columns of an
// ACLED export that Sitrep can fill.
var ACLEDHeader = []string{"event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "actor2",
	"country", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"}

// ACLEDType maps a PLOVER event type and mode, and the sector of the first
// recipient, to an ACLED event type and sub-event type. It returns ok
// false for events ACLED does not code (statements, consultations, aid,
// sanctions and other non-violent, non-strategic interactions):
//
//	PLOVER type, mode                       ACLED event type / sub-event type
//	ASSAULT aerial, drone                   Explosions/Remote violence / Air/drone strike
//	ASSAULT heavy-weapons, artillery,       Explosions/Remote violence / Shelling/artillery/missile attack
//	        missile, shelling
//	ASSAULT explosives, ied                 Explosions/Remote violence / Remote explosive/landmine/IED
//	ASSAULT suicide-attack                  Explosions/Remote violence / Suicide bomb
//	ASSAULT cbrn, unconventional            Explosions/Remote violence / Chemical weapon
//	ASSAULT sexual                          Violence against civilians / Sexual violence
//	ASSAULT abduct                          Violence against civilians / Abduction/forced disappearance
//	ASSAULT massacre, cleansing, torture,   Violence against civilians / Attack
//	        assassinate, beat
//	ASSAULT other, target sector CVL        Violence against civilians / Attack
//	ASSAULT other                           Battles / Armed clash
//	PROTEST riot                            Riots / Violent demonstration
//	PROTEST other                           Protests / Peaceful protest
//	COERCE arrest, deport                   Strategic developments / Arrests
//	COERCE seize                            Strategic developments / Looting/property destruction
//	COERCE other                            Strategic developments / Other
//	MOBILIZE                                Strategic developments / Change to group/activity
//	AGREE                                   Strategic developments / Agreement
//	RETREAT                                 Strategic developments / Non-violent transfer of territory
func ACLEDType(ploverType, mode, targetSector string) (eventType, subType string, ok bool) {
	const (
		remote   = "Explosions/Remote violence"
		vac      = "Violence against civilians"
		strategy = "Strategic developments"
	)
	mode = strings.ToLower(mode)
	switch strings.ToUpper(ploverType) {
	case "ASSAULT":
		switch mode {
		case "aerial", "drone":
			return remote, "Air/drone strike", true
		case "heavy-weapons", "artillery", "missile", "shelling":
			return remote, "Shelling/artillery/missile attack", true
		case "explosives", "ied":
			return remote, "Remote explosive/landmine/IED", true
		case "suicide-attack":
			return remote, "Suicide bomb", true
		case "cbrn", "unconventional":
			return remote, "Chemical weapon", true
		case "sexual":
			return vac, "Sexual violence", true
		case "abduct":
			return vac, "Abduction/forced disappearance", true
		case "massacre", "cleansing", "torture", "assassinate", "beat":
			return vac, "Attack", true
		}
		if targetSector == "CVL" {
			return vac, "Attack", true
		}
		return "Battles", "Armed clash", true
	case "PROTEST":
		if mode == "riot" {
			return "Riots", "Violent demonstration", true
		}
		return "Protests", "Peaceful protest", true
	case "COERCE":
		switch mode {
		case "arrest", "deport":
			return strategy, "Arrests", true
		case "seize":
			return strategy, "Looting/property destruction", true
		}
		return strategy, "Other", true
	case "MOBILIZE":
		return strategy, "Change to group/activity", true
	case "AGREE":
		return strategy, "Agreement", true
	case "RETREAT":
		return strategy, "Non-violent transfer of territory", true
	}
	return "", "", false
}

// acledPrecision maps a place's precision to ACLED's geo_precision: 1 for
// a town or a point, 2 for a part of a region or an unknown precision, 3
// for a province, region or country.
func acledPrecision(p *article.Entity) string {
	switch strings.ToLower(p.Precision) {
	case "point", "city", "town", "village", "neighbourhood", "neighborhood", "exact":
		return "1"
	case "region", "province", "state", "admin1", "country":
		return "3"
	}
	switch p.Kind {
	case "city":
		return "1"
	case "region", "country", "state":
		return "3"
	}
	return "2"
}

// writeACLED writes one ACLED-shaped row per event ACLED would code (see
// ACLEDType); negated events are left out. country is the ISO 3166-1
// alpha-3 code of the place (ACLED writes country names); event_id_cnty is
// that code and the article and event ids; fatalities is Event.Count for
// ASSAULT events and 0 otherwise; notes is the sentence the event was
// found in; source is the article's site.
func writeACLED(ctx context.Context, w io.Writer, docs iter.Seq2[*article.Document, error]) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ACLEDHeader); err != nil {
		return err
	}
	err := each(ctx, docs, func(d *article.Document) error {
		byID := entities(d)
		for i := range d.Events {
			ev := &d.Events[i]
			if ev.Negated {
				continue
			}
			var targetSector string
			if len(ev.Recipients) > 0 {
				if e := byID[ev.Recipients[0]]; e != nil {
					targetSector = e.Sector
				}
			}
			typ, sub, ok := ACLEDType(ev.Type, ev.Mode, targetSector)
			if !ok {
				continue
			}
			var actor1, actor2 string
			if n := names(byID, ev.Actors); len(n) > 0 {
				actor1 = n[0]
			}
			if n := names(byID, ev.Recipients); len(n) > 0 {
				actor2 = n[0]
			}
			var country, location, lat, lon, precision string
			if p := placeOf(byID, ev); p != nil {
				country, location, precision = p.Country, p.Name, acledPrecision(p)
				if p.Lat != nil && p.Lon != nil {
					lat = strconv.FormatFloat(*p.Lat, 'f', 4, 64)
					lon = strconv.FormatFloat(*p.Lon, 'f', 4, 64)
				}
			}
			cnty := country
			if cnty == "" {
				cnty = "XXX"
			}
			date := eventDate(d, ev)
			var year string
			if len(date) >= 4 {
				year = date[:4]
			}
			fatalities := "0"
			if ev.Type == "ASSAULT" && ev.Count != nil {
				fatalities = strconv.FormatFloat(*ev.Count, 'f', 0, 64)
			}
			if err := cw.Write([]string{cnty + "-" + d.ID + "-" + ev.ID, date, year, typ, sub, actor1, actor2,
				country, location, lat, lon, precision, d.Site, eventText(d, ev), fatalities}); err != nil {
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
