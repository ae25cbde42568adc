package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHTMLFixtures(t *testing.T) {
	tests := []struct {
		file, contentType, url string
		title, site, lang      string
		canonical, byline      string
		published              string // RFC 3339, "" for none
		contains, notContains  []string
		related                []string // related URLs, in order
	}{
		{
			file: "windows-1256.html", url: "https://example.com/ar/1",
			title: "خبر عاجل", lang: "ar", site: "example.com",
			contains: []string{"هذا نص عربي طويل عن الأخبار المحلية والدولية، ويتحدث عن الاقتصاد"},
		},
		{
			file: "iso-8859-1.html", url: "https://example.com/fr/1",
			title: "Réforme à l'école", lang: "fr", site: "example.com",
			contains: []string{"Le gouvernement a annoncé une réforme économique, très attendue par les élèves"},
		},
		{
			// A wrong HTTP charset wins over the page's meta, as browsers do.
			file: "iso-8859-1.html", contentType: "text/html; charset=iso-8859-1", url: "https://example.com/fr/1",
			title: "Réforme à l'école", lang: "fr", site: "example.com",
			contains: []string{"très attendue"},
		},
		{
			file: "related.html", url: "https://news.example.com/news/2024/floods-close-bridge?utm=x",
			title: "Floods close the northern bridge", site: "The Daily Example", lang: "en",
			canonical: "https://news.example.com/news/2024/floods-close-bridge",
			byline:    "Ana Silva", published: "2024-03-05T08:30:00+01:00",
			contains: []string{
				"The northern bridge was closed on Tuesday",
				"Residents on the east bank",
				"Heavy rain is expected to continue until Friday",
			},
			notContains: []string{"River levels rising", "Ferry timetable", "last year's floods", "Copyright", "Home"},
			related: []string{
				"https://news.example.com/news/2024/river-levels-rising",
				"https://other.example.org/ferry-timetable",
				"https://news.example.com/news/2024/last-years-floods",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.contentType, func(t *testing.T) {
			res, err := HTML(readFixture(t, tt.file), tt.contentType, tt.url)
			if err != nil {
				t.Fatalf("HTML: %v", err)
			}
			check := func(field, got, want string) {
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("Title", res.Title, tt.title)
			check("Site", res.Site, tt.site)
			check("Language", res.Language, tt.lang)
			check("URL", res.URL, tt.canonical)
			check("Byline", res.Byline, tt.byline)
			got := ""
			if res.Published != nil {
				got = res.Published.Format(time.RFC3339)
			}
			check("Published", got, tt.published)
			body := strings.Join(res.Paragraphs, "\n\n")
			for _, s := range tt.contains {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q:\n%s", s, body)
				}
			}
			for _, s := range tt.notContains {
				if strings.Contains(body, s) {
					t.Errorf("body has %q:\n%s", s, body)
				}
			}
			var urls []string
			for _, l := range res.Related {
				urls = append(urls, l.URL)
				if l.Title == "" || l.Language != "" {
					t.Errorf("related link %+v: want a title and no language", l)
				}
			}
			if strings.Join(urls, " ") != strings.Join(tt.related, " ") {
				t.Errorf("Related = %q, want %q", urls, tt.related)
			}
		})
	}
}

func TestHTMLNoContent(t *testing.T) {
	for _, page := range [][]byte{nil, []byte("   "), readFixture(t, "empty.html"), []byte("<html><body><script>var x = 'long text here, long text here, long text here';</script></body></html>")} {
		_, err := HTML(page, "", "")
		if !errors.Is(err, ErrNoContent) {
			t.Errorf("HTML(%.40q): err = %v, want ErrNoContent", page, err)
		}
	}
}

func TestHTMLTooLarge(t *testing.T) {
	_, err := HTML(make([]byte, MaxHTMLSize+1), "", "")
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

// TestHTMLDeepNesting checks that 100,000 nested elements neither overflow
// the stack nor take quadratic time, and that the text inside survives.
func TestHTMLDeepNesting(t *testing.T) {
	const n = 100000
	para := "<p>The text at the bottom of a very deep page, long enough to count as an article paragraph.</p>"
	for _, tag := range []string{"div", "span", "b"} {
		page := strings.Repeat("<"+tag+">", n) + para + strings.Repeat("</"+tag+">", n)
		start := time.Now()
		res, err := HTML([]byte(page), "", "")
		if el := time.Since(start); el > 5*time.Second {
			t.Errorf("%s: %v for %d nested elements", tag, el, n)
		}
		if err != nil {
			t.Errorf("%s: %v", tag, err)
			continue
		}
		if body := strings.Join(res.Paragraphs, " "); !strings.Contains(body, "The text at the bottom of a very deep page") {
			t.Errorf("%s: body %.200q lacks the paragraph", tag, body)
		}
	}
}

func TestHTMLInvalidUTF8(t *testing.T) {
	page := []byte("<html><head><meta charset=utf-8></head><body><p>Caf\xe9 cr\xc3\xa8me and a long sentence so that it counts as article text \xff\xfe here.</p></body></html>")
	res, err := HTML(page, "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Paragraphs {
		if !utf8.ValidString(p) {
			t.Errorf("invalid UTF-8 in %q", p)
		}
	}
}

func TestNormLang(t *testing.T) {
	for in, want := range map[string]string{"en-US": "en", "EN_gb": "en", "fr": "fr", "ara": "ar", "x-klingon": "", "": "", "zh-Hant-TW": "zh"} {
		if got := normLang(in); got != want {
			t.Errorf("normLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzHTML(f *testing.F) {
	for _, name := range []string{"related.html", "windows-1256.html", "iso-8859-1.html", "empty.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "")
	}
	f.Add([]byte("<p>a<br><br>b\n\nc</p><div>x\xff</div>"), "text/html; charset=utf-16")
	f.Fuzz(func(t *testing.T, page []byte, contentType string) {
		res, err := HTML(page, contentType, "https://example.com/a/b")
		if res == nil {
			if err == nil {
				t.Fatal("nil result and nil error")
			}
			return
		}
		strs := []string{res.Title, res.Dek, res.Byline, res.Site, res.URL, res.Language}
		for _, l := range res.Related {
			strs = append(strs, l.Title, l.URL)
		}
		for _, s := range strs {
			if !utf8.ValidString(s) {
				t.Errorf("invalid UTF-8: %q", s)
			}
		}
		for _, p := range res.Paragraphs {
			if !utf8.ValidString(p) {
				t.Errorf("invalid UTF-8 paragraph: %q", p)
			}
			if strings.Contains(p, "\n\n") {
				t.Errorf("paragraph with a blank line: %q", p)
			}
			if strings.TrimSpace(p) == "" {
				t.Errorf("empty paragraph")
			}
		}
	})
}
