package ingest

import (
	"bufio"
	"github.com/sitrep-dev/sitrep/internal/article"
	"strings"
)

func bufioReader(s string) *bufio.Reader { return bufio.NewReader(strings.NewReader(s)) }

type articleSource = article.Source
