package tagger

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// Gazetteer classes, one bit each. Their values are part of the model
// format.
const (
	gCountry uint32 = 1 << iota
	gCity
	gNorp
	gTitle
	gOrgWord
	gLocWord
	gFirstName
	gOrg
	gTime
	gRegion
	// Classes 10 and up come from a model's lexicon (see Lexicon), built
	// at training time from Sitrep's own generated data.
	gPlace    // a place's own name in the geo gazetteer
	gPlaceAlt // another name of a place (exonym, transliteration)
	gPlaceBig // a country, region or city of 100,000 people or more
	gKBOrg    // an organisation of the actor knowledge base
	gKBPer    // a person of the actor knowledge base
	// Case habits of a word in unlabelled text, away from the start of a
	// sentence.
	gMostlyLower // nearly always written in lower case ("killing", "hotel")
	gMostlyCap   // nearly always capitalised ("walden", "korn")
	gMixedCase   // often both ("black", "bush")
	// A personal name (first or last) of a name list.
	gName
	// How an English dictionary writes the word: in lower case
	// ("sabre", "physiology"), capitalised ("Potomac"); both bits for
	// both ("reading", "Reading").
	gDictLower
	gDictCap
)

// gCaseHabits are the classes that tell how a word is usually written.
const gCaseHabits = gMostlyLower | gMostlyCap | gMixedCase | gDictLower | gDictCap

// LexClass is a class of phrases in a Lexicon.
type LexClass uint32

// Lexicon classes.
const (
	LexPlace     = LexClass(gPlace)
	LexPlaceAlt  = LexClass(gPlaceAlt)
	LexPlaceBig  = LexClass(gPlaceBig)
	LexOrg       = LexClass(gKBOrg)
	LexPerson    = LexClass(gKBPer)
	LexLower     = LexClass(gMostlyLower)
	LexCap       = LexClass(gMostlyCap)
	LexMixed     = LexClass(gMixedCase)
	LexName      = LexClass(gName)
	LexDictLower = LexClass(gDictLower)
	LexDictCap   = LexClass(gDictCap)
)

// Lexicon maps phrases (words separated by single spaces, as the tokenizer
// splits them; case does not matter) to their classes. A model trained
// with a lexicon (TrainOptions.Lexicon) carries it in its file, so that the
// tagger package depends on no other stage for its gazetteer.
type Lexicon map[string]LexClass

// maxGazWords is the longest gazetteer phrase, in words.
const maxGazWords = 4

// The gazetteer: short, hand-written lists, one phrase a line, words
// separated by spaces as the tokenizer splits them. Lookup ignores case.
var gazLists = []struct {
	class uint32
	words string
}{
	{gCountry, `afghanistan|albania|algeria|andorra|angola|argentina|armenia|australia|austria|azerbaijan|bahamas|bahrain|bangladesh|barbados|belarus|belgium|belize|benin|bhutan|bolivia|bosnia|bosnia and herzegovina|botswana|brazil|brunei|bulgaria|burkina faso|burundi|cambodia|cameroon|canada|cape verde|central african republic|chad|chile|china|colombia|comoros|congo|costa rica|croatia|cuba|cyprus|czech republic|czechia|denmark|djibouti|dominica|dominican republic|drc|east timor|ecuador|egypt|el salvador|england|equatorial guinea|eritrea|estonia|eswatini|ethiopia|fiji|finland|france|gabon|gambia|georgia|germany|ghana|great britain|greece|grenada|guatemala|guinea|guinea-bissau|guyana|haiti|honduras|hungary|iceland|india|indonesia|iran|iraq|ireland|israel|italy|ivory coast|jamaica|japan|jordan|kazakhstan|kenya|kiribati|korea|north korea|south korea|kosovo|kuwait|kyrgyzstan|laos|latvia|lebanon|lesotho|liberia|libya|liechtenstein|lithuania|luxembourg|madagascar|malawi|malaysia|maldives|mali|malta|mauritania|mauritius|mexico|micronesia|moldova|monaco|mongolia|montenegro|morocco|mozambique|myanmar|burma|namibia|nauru|nepal|netherlands|holland|new zealand|nicaragua|niger|nigeria|north macedonia|macedonia|norway|oman|pakistan|palau|palestine|panama|papua new guinea|paraguay|peru|philippines|poland|portugal|qatar|romania|russia|russian federation|rwanda|samoa|san marino|saudi arabia|scotland|senegal|serbia|seychelles|sierra leone|singapore|slovakia|slovenia|somalia|somaliland|south africa|south sudan|spain|sri lanka|sudan|suriname|sweden|switzerland|syria|taiwan|tajikistan|tanzania|thailand|togo|tonga|trinidad and tobago|tunisia|turkey|turkmenistan|tuvalu|uganda|ukraine|united arab emirates|uae|united kingdom|uk|u.k.|britain|united states|united states of america|america|usa|u.s.|u.s.a.|us|uruguay|uzbekistan|vanuatu|vatican|venezuela|vietnam|wales|yemen|zambia|zimbabwe|soviet union|ussr|yugoslavia|gaza|gaza strip|west bank|crimea|kurdistan|tibet|chechnya|darfur|sahel`},
	{gCity, `aleppo|damascus|homs|hama|idlib|raqqa|deir ez-zor|deir al-zour|kobani|manbij|afrin|palmyra|daraa|latakia|baghdad|mosul|fallujah|ramadi|tikrit|kirkuk|erbil|basra|najaf|karbala|samarra|kabul|kandahar|herat|kunduz|jalalabad|islamabad|karachi|lahore|peshawar|tehran|beirut|amman|jerusalem|tel aviv|gaza city|rafah|khan younis|ramallah|hebron|cairo|alexandria|tripoli|benghazi|sirte|misrata|tunis|algiers|khartoum|mogadishu|sanaa|aden|hodeidah|riyadh|jeddah|mecca|doha|dubai|abu dhabi|ankara|istanbul|kiev|kyiv|kharkiv|donetsk|luhansk|mariupol|odessa|moscow|st. petersburg|minsk|warsaw|berlin|paris|london|brussels|rome|madrid|vienna|geneva|athens|stockholm|oslo|copenhagen|amsterdam|the hague|dublin|lisbon|prague|budapest|belgrade|sarajevo|beijing|shanghai|hong kong|tokyo|seoul|pyongyang|delhi|new delhi|mumbai|bangkok|manila|jakarta|hanoi|nairobi|addis ababa|lagos|abuja|kinshasa|goma|bamako|juba|johannesburg|cape town|new york|washington|los angeles|chicago|houston|boston|miami|san francisco|philadelphia|atlanta|dallas|seattle|detroit|denver|las vegas|orlando|cleveland|baltimore|havana|caracas|bogota|mexico city|lima|buenos aires|brasilia|rio de janeiro|sao paulo|toronto|ottawa|montreal|vancouver|sydney|melbourne|canberra|dhaka|kathmandu|colombo|yangon|tashkent|baku|tbilisi|yerevan|nicosia|valletta|tallinn|riga|vilnius|helsinki|bratislava|bucharest|sofia|zagreb|ljubljana|pristina|tirana|skopje|podgorica|chisinau|gaziantep|diyarbakir|qamishli|hasakah|raqa|tal afar|sinjar|benghazi|derna`},
	{gRegion, `california|texas|florida|new york state|ohio|pennsylvania|michigan|illinois|virginia|north carolina|south carolina|iowa|new hampshire|nevada|arizona|colorado|wisconsin|minnesota|missouri|indiana|kentucky|tennessee|alabama|mississippi|louisiana|arkansas|oklahoma|kansas|nebraska|utah|oregon|new jersey|massachusetts|connecticut|maryland|delaware|maine|vermont|alaska|hawaii|idaho|montana|wyoming|west virginia|new mexico|north dakota|south dakota|rhode island|middle east|europe|asia|africa|latin america|north america|south america|balkans|caucasus|gulf|persian gulf|mediterranean|red sea|black sea|baltic|scandinavia|levant|sinai|golan|golan heights|anbar|nineveh|helmand|punjab|kashmir|balochistan|waziristan|donbas|donbass|kurdistan region|idlib province|aleppo province|euphrates|tigris|nile|arctic|antarctica|siberia|pacific|atlantic|indian ocean|horn of africa|west africa|east africa|north africa|southeast asia|central asia|east asia|south asia|midwest|silicon valley|wall street|capitol hill`},
	{gNorp, `afghan|afghans|african|africans|albanian|algerian|american|americans|arab|arabs|argentine|armenian|armenians|asian|asians|australian|austrian|azerbaijani|bahraini|bangladeshi|belgian|bosnian|brazilian|british|briton|britons|bulgarian|burmese|canadian|canadians|catholic|catholics|chechen|chilean|chinese|christian|christians|colombian|congolese|croatian|cuban|cubans|czech|danish|dutch|egyptian|egyptians|emirati|english|eritrean|ethiopian|european|europeans|filipino|finnish|french|german|germans|greek|hispanic|hispanics|hungarian|indian|indians|indonesian|iranian|iranians|iraqi|iraqis|irish|islamic|islamist|islamists|israeli|israelis|italian|japanese|jew|jews|jewish|jordanian|kenyan|korean|kurd|kurds|kurdish|kuwaiti|latino|latinos|lebanese|libyan|libyans|malaysian|mexican|mexicans|moroccan|muslim|muslims|nigerian|norwegian|pakistani|pakistanis|palestinian|palestinians|pashtun|persian|polish|portuguese|qatari|romanian|russian|russians|rwandan|saudi|saudis|scottish|serb|serbs|serbian|shia|shiite|shiites|shi'ite|sikh|slovak|somali|somalis|spanish|sudanese|sunni|sunnis|swedish|swiss|syrian|syrians|taliban|turk|turks|turkish|turkmen|ukrainian|ukrainians|uzbek|venezuelan|vietnamese|welsh|yazidi|yazidis|yemeni|yemenis|alawite|alawites|druze|christian|hindu|hindus|buddhist|buddhists|evangelical|evangelicals|protestant|protestants|mormon|republican|republicans|democrat|democrats|democratic|conservative|conservatives|liberal|liberals|socialist|socialists|communist|communists|baathist|salafist|salafi|jihadist|jihadists|houthi|houthis|soviet|western|westerners|arabic|persian|hebrew|sahrawi|tuareg|hutu|tutsi|rohingya|uighur|uyghur|uighurs|uyghurs|kazakh|tajik|hazara|baloch|sindhi|punjabi|bengali|tamil|sinhalese|nepali|tibetan|mongolian|georgian|belarusian|lithuanian|latvian|estonian|slovenian|macedonian|montenegrin|cypriot|maltese|icelandic|venezuelans|peruvian|bolivian|ecuadorian|uruguayan|paraguayan|guatemalan|honduran|salvadoran|nicaraguan|haitian|jamaican|dominican|puerto rican|ghanaian|senegalese|malian|nigerien|chadian|cameroonian|ugandan|tanzanian|zimbabwean|zambian|angolan|mozambican|south african|south korean|north korean|new zealander`},
	{gTitle, `president|vice president|prime minister|minister|secretary|secretary of state|secretary-general|chancellor|king|queen|prince|princess|emir|sheikh|sheik|ayatollah|imam|pope|cardinal|bishop|rev.|reverend|father|general|gen.|lt.|lt. gen.|maj.|maj. gen.|col.|capt.|sgt.|cpl.|pvt.|adm.|admiral|colonel|major|captain|lieutenant|sergeant|commander|marshal|field marshal|brig.|brigadier|governor|gov.|senator|sen.|representative|rep.|congressman|congresswoman|speaker|mayor|ambassador|envoy|spokesman|spokeswoman|spokesperson|judge|justice|chief justice|attorney general|director|chairman|chairwoman|ceo|mr.|mrs.|ms.|miss|dr.|prof.|professor|sir|lord|lady|dame|gov|sen|rep|mr|mrs|ms|dr|st.|saint|president-elect|candidate|nominee|leader|chief|commissioner|deputy|foreign minister|defence minister|defense minister|interior minister|defense secretary|defence secretary|home secretary|foreign secretary|mp|pm|premier|sultan|caliph|mullah|rabbi|pastor|archbishop|patriarch|crown prince|first lady|prosecutor|lawmaker|diplomat|analyst|activist|journalist|reporter|correspondent|columnist|author|writer|actor|actress|singer|coach|player|striker|goalkeeper|manager`},
	{gOrgWord, `party|army|ministry|council|committee|commission|university|college|school|institute|institution|association|agency|administration|department|office|bureau|authority|forces|force|front|brigade|brigades|battalion|division|regiment|corps|militia|movement|alliance|coalition|union|federation|league|organization|organisation|foundation|fund|bank|company|corporation|corp.|corp|inc.|inc|ltd.|ltd|llc|plc|co.|group|holdings|news|times|post|journal|herald|tribune|press|network|channel|tv|radio|broadcasting|magazine|club|fc|united|city|team|court|parliament|assembly|congress|senate|house|cabinet|government|police|guard|guards|navy|air force|marines|service|services|centre|center|hospital|church|mosque|airlines|airways|motors|industries|systems|technologies|group|society|trust|board|tribunal|bloc|caucus|campaign|project|watch|international|state|states|nations|republic|kingdom|empire|dynasty|band|orchestra|records|studios|pictures|entertainment|publishing|books|games|council`},
	{gLocWord, `river|mountain|mountains|mount|mt.|lake|sea|ocean|gulf|bay|island|islands|isle|valley|desert|peninsula|province|governorate|district|county|region|state|city|town|village|street|st.|avenue|road|square|park|airport|base|border|camp|coast|strait|canal|hill|hills|heights|plain|plateau|forest|falls|beach|harbor|harbour|port|bridge|north|south|east|west|northern|southern|eastern|western|central|upper|lower|great|new|san|santa|los|las|fort|port`},
	{gFirstName, `john|james|robert|michael|william|david|richard|joseph|thomas|charles|christopher|daniel|matthew|anthony|mark|donald|steven|paul|andrew|joshua|kenneth|kevin|brian|george|timothy|ronald|edward|jason|jeffrey|ryan|jacob|gary|nicholas|eric|jonathan|stephen|larry|justin|scott|brandon|benjamin|samuel|gregory|alexander|frank|patrick|raymond|jack|dennis|jerry|tyler|aaron|jose|adam|nathan|henry|douglas|zachary|peter|kyle|noah|ethan|jeremy|walter|christian|keith|roger|terry|austin|sean|gerald|carl|harold|dylan|arthur|lawrence|jordan|jesse|bryan|billy|bruce|gabriel|joe|logan|alan|juan|albert|willie|elijah|wayne|randy|vincent|mary|patricia|jennifer|linda|elizabeth|barbara|susan|jessica|sarah|karen|lisa|nancy|betty|sandra|margaret|ashley|kimberly|emily|donna|michelle|carol|amanda|melissa|deborah|stephanie|dorothy|rebecca|sharon|laura|cynthia|amy|kathleen|angela|shirley|brenda|emma|anna|pamela|nicole|samantha|katherine|christine|helen|debra|rachel|carolyn|janet|maria|catherine|heather|diane|olivia|julie|joyce|victoria|ruth|virginia|lauren|kelly|christina|joan|evelyn|judith|andrea|hannah|megan|cheryl|jacqueline|martha|madison|teresa|gloria|sara|janice|ann|kathryn|abigail|sophia|frances|jean|alice|judy|isabella|julia|grace|amber|denise|danielle|marilyn|beverly|charlotte|natalie|theresa|diana|brittany|doris|kayla|alexis|lori|marie|hillary|bernie|barack|vladimir|angela|recep|bashar|ali|mohammed|muhammad|mohammad|ahmed|ahmad|hassan|hussein|abdul|abu|omar|khalid|ibrahim|mahmoud|mustafa|yusuf|hamid|abdullah|saddam|osama|ayman|hamad|salman|nouri|haider|masoud|nechirvan|sergei|sergey|dmitry|igor|ivan|alexei|viktor|petro|volodymyr|emmanuel|francois|nicolas|jean|pierre|jacques|theresa|boris|tony|gordon|nigel|jeremy|justin|xi|kim|shinzo|narendra|benjamin|binyamin|mahmoud|yasser|ismail|ehud|ariel|tzipi|naftali|mike|chris|tom|jim|bill|bob|ted|marco|rand|jeb|ben|carly|newt|mitt|rick|sarah|nikki|kellyanne|reince|steve|sean|jared|ivanka|melania|chelsea|elizabeth|nancy|chuck|harry|mitch|paul|lindsey|john|debbie|bashir|recep|ahmet|abdel|fatah|fattah|jalal|massoud|ashraf|hamid|hamza`},
	{gOrg, `un|u.n.|united nations|nato|eu|european union|isis|isil|islamic state|daesh|al-qaeda|al qaeda|al-qaida|hamas|hezbollah|hizbollah|taliban|al-shabab|al-shabaab|boko haram|pkk|ypg|ypj|sdf|syrian democratic forces|fsa|free syrian army|al-nusra|nusra front|jabhat al-nusra|hts|hayat tahrir al-sham|pentagon|white house|kremlin|cia|fbi|nsa|dhs|state department|congress|senate|house|gop|dnc|rnc|red cross|icrc|unhcr|unicef|who|imf|world bank|wto|opec|african union|arab league|iaea|opcw|amnesty international|human rights watch|msf|reuters|ap|afp|bbc|cnn|fox news|msnbc|nbc|abc|cbs|npr|al jazeera|new york times|washington post|wall street journal|guardian|breitbart|politico|the hill|bloomberg|google|facebook|twitter|apple|microsoft|amazon|idf|irgc|peshmerga|hashd al-shaabi|popular mobilization forces|pmf|hts|aqap|aqim|ira|farc|eln|anc|labour|tories|democratic party|republican party|supreme court|justice department|fed|federal reserve|sec|epa|nasa|pentagon`},
	{gTime, `january|february|march|april|may|june|july|august|september|october|november|december|jan.|feb.|mar.|apr.|jun.|jul.|aug.|sep.|sept.|oct.|nov.|dec.|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|christmas|easter|ramadan|eid`},
}

var (
	gazOnce sync.Once
	// gazTable is the hand-written lists' table while it is built;
	// gazStatic the index made of it.
	gazTable  map[uint64]gazEntry
	gazStatic *gazIndex
)

type gazEntry struct {
	class uint32 // classes of phrases with exactly this key
	more  bool   // some longer phrase begins with these words
}

// staticGazetteer returns the hand-written gazetteer's index. The caller
// must not modify it.
func staticGazetteer() *gazIndex {
	gazOnce.Do(loadGazetteer)
	return gazStatic
}

// gazIndex maps phrase keys (see gazKey) to gazetteer entries: an
// open-addressing table, built in a few milliseconds even for a lexicon of
// hundreds of thousands of phrases (a Go map of that size takes ten times
// longer to fill, which the model's load time would pay).
type gazIndex struct {
	slots []gazSlot
	mask  uint64
	n     int
}

// gazSlot is 16 bytes: the key, the classes, and the flags below.
type gazSlot struct {
	key   uint64
	class uint32
	flags uint32
}

const (
	slotUsed = 1 << iota
	slotMore
)

// newGazIndex returns an empty index with room for n entries.
func newGazIndex(n int) *gazIndex {
	size := 16
	for size*2 < n*3 { // at most two thirds full
		size <<= 1
	}
	return &gazIndex{slots: make([]gazSlot, size), mask: uint64(size - 1)}
}

// slot returns the slot of key k: its own, or the empty one where it
// would go. Keys are hashes already (gazKey mixes them).
func (g *gazIndex) slot(k uint64) *gazSlot {
	for j := k & g.mask; ; j = (j + 1) & g.mask {
		s := &g.slots[j]
		if s.flags&slotUsed == 0 || s.key == k {
			return s
		}
	}
}

func (g *gazIndex) get(k uint64) (gazEntry, bool) {
	s := g.slot(k)
	return gazEntry{class: s.class, more: s.flags&slotMore != 0}, s.flags&slotUsed != 0
}

// add merges e into the entry of k; the index must have room.
func (g *gazIndex) add(k uint64, e gazEntry) {
	s := g.slot(k)
	if s.flags&slotUsed == 0 {
		s.key, s.flags = k, slotUsed
		g.n++
	}
	s.class |= e.class
	if e.more {
		s.flags |= slotMore
	}
}

// entries returns the keys of the lexicon's phrases and of their
// prefixes, with classes and continuation marks, sorted by key.
func (lex Lexicon) entries() []lexEntry {
	m := map[uint64]gazEntry{}
	var ti tokenInfo
	for phrase, class := range lex {
		words := strings.Fields(phrase)
		if len(words) == 0 || len(words) > maxGazWords || class == 0 {
			continue
		}
		h := uint64(0)
		for k, w := range words {
			wordInfo(w, &ti)
			h = gazKey(h, ti.lower)
			e := m[h]
			if k == len(words)-1 {
				e.class |= uint32(class)
			} else {
				e.more = true
			}
			m[h] = e
		}
	}
	out := make([]lexEntry, 0, len(m))
	for k, e := range m {
		out = append(out, lexEntry{k, e})
	}
	slices.SortFunc(out, func(a, b lexEntry) int { return cmp.Compare(a.key, b.key) })
	return out
}

type lexEntry struct {
	key uint64
	e   gazEntry
}

// mergeGazetteer returns the static table with the lexicon's entries
// added.
func mergeGazetteer(lex []lexEntry) *gazIndex {
	static := staticGazetteer()
	if len(lex) == 0 {
		return static
	}
	g := newGazIndex(static.n + len(lex))
	for _, sl := range static.slots {
		if sl.flags&slotUsed != 0 {
			g.add(sl.key, gazEntry{class: sl.class, more: sl.flags&slotMore != 0})
		}
	}
	for _, l := range lex {
		g.add(l.key, l.e)
	}
	return g
}

// gazKey extends the key of a word sequence by one word.
func gazKey(h, word uint64) uint64 { return mix(h*0x100000001b3 ^ word) }

func loadGazetteer() {
	gazTable = make(map[uint64]gazEntry, 2048)
	var ti tokenInfo
	for _, l := range gazLists {
		for _, phrase := range strings.Split(l.words, "|") {
			words := strings.Fields(phrase)
			if len(words) == 0 || len(words) > maxGazWords {
				continue
			}
			h := uint64(0)
			for k, w := range words {
				wordInfo(w, &ti)
				h = gazKey(h, ti.lower)
				e := gazTable[h]
				if k == len(words)-1 {
					e.class |= l.class
				} else {
					e.more = true
				}
				gazTable[h] = e
			}
		}
	}
	gazStatic = newGazIndex(len(gazTable))
	for k, e := range gazTable {
		gazStatic.add(k, e)
	}
}

// markGazetteer sets the gazetteer classes of each word: every phrase that
// matches, not only the longest, marks the words it covers.
func markGazetteer(info []tokenInfo, table *gazIndex) {
	for i := range info {
		info[i].gazLen = [maxGazWords]uint32{}
		h := uint64(0)
		for k := 0; k < maxGazWords && i+k < len(info); k++ {
			h = gazKey(h, info[i+k].lower)
			e, ok := table.get(h)
			if !ok {
				break
			}
			if e.class != 0 {
				info[i].gazB |= e.class
				info[i].gazLen[k] = e.class
				for j := i; j <= i+k; j++ {
					info[j].gaz |= e.class
				}
			}
			if !e.more {
				break
			}
		}
	}
}

// Nationality reports whether word is in the gazetteer's list of
// nationalities, religions and political groups (NORP): "Iraqi", "Shia",
// "Kurds", "Republicans".
func Nationality(word string) bool {
	gazOnce.Do(loadGazetteer)
	var ti tokenInfo
	wordInfo(word, &ti)
	e, _ := gazStatic.get(gazKey(0, ti.lower))
	return e.class&gNorp != 0
}

// markRunGazetteer sets runGaz on the words of each run of capitalised
// words that is itself a gazetteer phrase (markGazetteer and markRuns
// must have run).
func markRunGazetteer(info []tokenInfo) {
	for i := 0; i < len(info); {
		if info[i].runEnd < 0 {
			info[i].runGaz = 0
			i++
			continue
		}
		end := int(info[i].runEnd)
		var class uint32
		if end-i < maxGazWords {
			class = info[i].gazLen[end-i]
		}
		for k := i; k <= end; k++ {
			info[k].runGaz = class
		}
		i = end + 1
	}
}
