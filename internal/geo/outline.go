package geo

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/outlines.tsv.gz
var outlinesGz []byte

var (
	outlineOnce sync.Once
	outlines    map[string]string // ISO3 -> rings, as in the data file
)

func loadOutlines() map[string]string {
	outlineOnce.Do(func() {
		text, err := gunzip(outlinesGz)
		if err != nil {
			return
		}
		m := make(map[string]string, 180)
		for line := range strings.Lines(text) {
			line = strings.TrimSuffix(line, "\n")
			if line == "" || line[0] == '#' {
				continue
			}
			if cc3, rings, ok := strings.Cut(line, "\t"); ok {
				m[cc3] = rings
			}
		}
		outlines = m
	})
	return outlines
}

// CountryPaths returns simplified country outlines (Natural Earth 110m) as
// SVG path data for a map of width by height pixels in the equirectangular
// projection: x = (lon+180)/360*width, y = (90-lat)/180*height. The map key
// is the ISO 3166-1 alpha-3 code; each ring is a closed subpath, so draw
// with fill-rule="evenodd" to keep lakes and enclaves open. Coordinates are
// rounded to a tenth of a pixel. The caller owns the returned map.
func CountryPaths(width, height int) map[string]string {
	src := loadOutlines()
	out := make(map[string]string, len(src))
	if width <= 0 || height <= 0 {
		return out
	}
	sx, sy := float64(width)/3600, float64(height)/1800 // data is in tenths of a degree
	var b []byte
	for cc3, rings := range src {
		b = b[:0]
		for ring := range strings.SplitSeq(rings, "|") {
			cmd := byte('M')
			for pt := range strings.SplitSeq(ring, " ") {
				xs, ys, ok := strings.Cut(pt, ",")
				if !ok {
					continue
				}
				lon, err1 := strconv.Atoi(xs)
				lat, err2 := strconv.Atoi(ys)
				if err1 != nil || err2 != nil {
					continue
				}
				b = append(b, cmd)
				cmd = 'L'
				b = strconv.AppendFloat(b, float64(lon+1800)*sx, 'f', 1, 64)
				b = append(b, ' ')
				b = strconv.AppendFloat(b, float64(900-lat)*sy, 'f', 1, 64)
			}
			if cmd == 'L' {
				b = append(b, 'Z')
			}
		}
		out[cc3] = string(b)
	}
	return out
}
