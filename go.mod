module github.com/sitrep-dev/sitrep

go 1.26.0

require (
	github.com/mmcdole/gofeed v1.4.2
	golang.org/x/net v0.62.0
	golang.org/x/text v0.44.0
)

require github.com/mmcdole/goxpp/v2 v2.0.0 // indirect
