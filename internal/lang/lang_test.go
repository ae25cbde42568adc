package lang

import "testing"

func TestDetect(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The talks are expected to take at least several months, according to sources speaking with Reuters.", "en"},
		{"Trump, l’Iran et le plan stratégique d’Obama", "fr"},
		{"Die Bundesregierung hat am Mittwoch die Lieferung von Waffen an die Ukraine beschlossen.", "de"},
		{"El gobierno de Irak anunció que las tropas de Estados Unidos saldrán del país.", "es"},
		{"Hükümet, ABD askerlerinin Irak'tan çekilmesi için görüşmelerin başladığını açıkladı.", "tr"},
		{"أعلنت المقاومة الإسلامية في العراق أنها ستواصل عملياتها ضد القوات الأمريكية", "ar"},
		{"مقاومت اسلامی عراق اعلام کرد که به عملیات خود علیه نیروهای آمریکایی ادامه می دهد", "fa"},
		{"Исламское сопротивление в Ираке заявило, что продолжит атаки на американские силы.", "ru"},
		{"Il governo italiano ha detto che non è possibile inviare le truppe.", "it"},
		{"12345 !!!", Undetermined},
		{"", Undetermined},
	}
	for _, tt := range tests {
		if got := Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	text := "The IRI has carried out roughly 150 attacks against US forces in Iraq and Syria since 7 October in a bid to force their exit from both countries."
	b.ReportAllocs()
	for b.Loop() {
		Detect(text)
	}
}
