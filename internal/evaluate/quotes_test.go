package evaluate

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/claim"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/quantity"
	"github.com/sitrep-dev/sitrep/internal/quote"
	"github.com/sitrep-dev/sitrep/internal/segment"
)

var polnearSplit = flag.String("polnear", "dev", "PolNeAR split to score (dev or train)")

// sharedEval returns ../shared/eval seen from the repository root, or skips.
func sharedEval(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "eval", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("evaluation data %s absent (../shared/eval from the repository root): %v", rel, err)
	}
	return p
}

func textPipeline() AnalyzeFunc {
	r := pipeline.NewRunner(segment.Stage{}, quote.Stage{}, claim.Stage{}, quantity.Stage{})
	return func(ctx context.Context, text string) (*article.Document, error) {
		doc := article.New()
		doc.Language = "en"
		doc.Text = text
		if err := r.Run(ctx, doc); err != nil {
			return nil, err
		}
		return doc, nil
	}
}

// Floors: raise them as the scores improve, never lower them silently.
const (
	floorPolNeARF1      = 0.84
	floorPolNeARSpeaker = 0.78
)

func TestQuotesPolNeAR(t *testing.T) {
	dir := sharedEval(t, filepath.Join("quotes", "polnear", *polnearSplit))
	rep, err := Quotes(context.Background(), dir, textPipeline())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PolNeAR %s: %d docs, gold %d, predicted %d, P %.3f R %.3f F1 %.3f, speaker %d/%d = %.3f",
		*polnearSplit, rep.Documents, rep.Gold, rep.Predicted, rep.Precision, rep.Recall, rep.F1,
		rep.SpeakerCorrect, rep.SpeakerScored, rep.SpeakerAccuracy)
	if rep.F1 < floorPolNeARF1 {
		t.Errorf("content-overlap F1 %.3f below floor %.2f", rep.F1, floorPolNeARF1)
	}
	if rep.SpeakerAccuracy < floorPolNeARSpeaker {
		t.Errorf("speaker accuracy %.3f below floor %.2f", rep.SpeakerAccuracy, floorPolNeARSpeaker)
	}
}

const floorACLEDExact = 0.93

func TestFatalitiesACLED(t *testing.T) {
	p := sharedEval(t, filepath.Join("acled", "acled-2022h1-world.csv"))
	rep, err := Fatalities(context.Background(), p, textPipeline())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ACLED: %d notes, exact %d = %.3f (non-zero %d/%d), over %d, under %d, MAE %.2f",
		rep.Notes, rep.Exact, rep.ExactShare, rep.ExactNonZero, rep.NonZero, rep.Over, rep.Under, rep.MeanAbsError)
	if rep.ExactShare < floorACLEDExact {
		t.Errorf("exact share %.3f below floor %.2f", rep.ExactShare, floorACLEDExact)
	}
}
