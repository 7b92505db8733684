package corpus

// The fixed vocabulary of the corpus: countries and cities, organizations,
// naming cultures, outlets and agencies. The people are generated from the
// cultures by newWorld; everything else is taken as written.

import "strings"

// A country line: name | adjective | possessive | capital | culture | flags |
// more cities. Flags: M a major power (its leaders are prominent), X a crisis
// country, P led by a prime minister, B a president and a prime minister,
// K a king and a prime minister.
var countryLines = []string{
	"Russia|Russian|Russia's|Moscow|slavic|M|St. Petersburg,Sochi,Kaliningrad",
	"the United States|US|the United States'|Washington|english|M|New York",
	"China|Chinese|China's|Beijing|chinese|M|Shanghai",
	"France|French|France's|Paris|romance|MB|Strasbourg",
	"Britain|British|Britain's|London|english|MP|",
	"Germany|German|Germany's|Berlin|germanic|MB|Munich,Bonn,Düsseldorf",
	"Turkey|Turkish|Turkey's|Ankara|turkish|MB|Istanbul",
	"Iran|Iranian|Iran's|Tehran|iranian|M|",
	"Saudi Arabia|Saudi|Saudi Arabia's|Riyadh|arabic|MK|Jeddah",
	"Syria|Syrian|Syria's|Damascus|arabic|X|Aleppo,Homs,Idlib,Deir ez-Zor",
	"Ukraine|Ukrainian|Ukraine's|Kyiv|slavic|XB|Kharkiv,Odesa,Donetsk",
	"Yemen|Yemeni|Yemen's|Sanaa|arabic|X|Aden,Hodeidah",
	"Libya|Libyan|Libya's|Tripoli|arabic|XB|Benghazi,Misrata",
	"Sudan|Sudanese|Sudan's|Khartoum|arabic|X|Port Sudan,El Fasher",
	"Afghanistan|Afghan|Afghanistan's|Kabul|iranian|X|Kandahar,Herat",
	"Iraq|Iraqi|Iraq's|Baghdad|arabic|XB|Mosul,Basra,Erbil",
	"Mali|Malian|Mali's|Bamako|sahel|X|Gao,Timbuktu",
	"Myanmar|Myanmar|Myanmar's|Naypyidaw|seasian|X|Yangon,Mandalay",
	"Venezuela|Venezuelan|Venezuela's|Caracas|iberian|X|Maracaibo",
	"Ethiopia|Ethiopian|Ethiopia's|Addis Ababa|african|XB|Mekelle",
	"Egypt|Egyptian|Egypt's|Cairo|arabic|B|Sharm el-Sheikh,Alexandria",
	"Jordan|Jordanian|Jordan's|Amman|arabic|K|",
	"Lebanon|Lebanese|Lebanon's|Beirut|arabic|B|Tyre",
	"Qatar|Qatari|Qatar's|Doha|arabic|K|",
	"Oman|Omani|Oman's|Muscat|arabic|K|",
	"Morocco|Moroccan|Morocco's|Rabat|arabic|K|Marrakech",
	"Algeria|Algerian|Algeria's|Algiers|arabic|B|",
	"Tunisia|Tunisian|Tunisia's|Tunis|arabic|B|",
	"the United Arab Emirates|Emirati|the UAE's|Abu Dhabi|arabic|K|Dubai",
	"Azerbaijan|Azerbaijani|Azerbaijan's|Baku|turkish|B|",
	"Kazakhstan|Kazakh|Kazakhstan's|Astana|turkish|B|Almaty",
	"Poland|Polish|Poland's|Warsaw|polish|B|Kraków,Gdańsk",
	"Serbia|Serbian|Serbia's|Belgrade|slavic|B|",
	"Italy|Italian|Italy's|Rome|romance|P|Milan",
	"Spain|Spanish|Spain's|Madrid|iberian|P|Barcelona",
	"Austria|Austrian|Austria's|Vienna|germanic|B|Salzburg",
	"Switzerland|Swiss|Switzerland's|Bern|germanic||Geneva,Zürich,Lausanne,Davos,Montreux",
	"the Netherlands|Dutch|the Netherlands'|Amsterdam|germanic|P|The Hague",
	"Belgium|Belgian|Belgium's|Brussels|romance|P|",
	"Norway|Norwegian|Norway's|Oslo|germanic|P|Tromsø",
	"Sweden|Swedish|Sweden's|Stockholm|germanic|P|Malmö",
	"Finland|Finnish|Finland's|Helsinki|germanic|B|",
	"Japan|Japanese|Japan's|Tokyo|japanese|P|Osaka",
	"South Korea|South Korean|South Korea's|Seoul|korean|B|Busan",
	"Vietnam|Vietnamese|Vietnam's|Hanoi|vietnamese|B|",
	"India|Indian|India's|New Delhi|southasian|B|Mumbai",
	"Pakistan|Pakistani|Pakistan's|Islamabad|southasian|B|Karachi,Peshawar",
	"Indonesia|Indonesian|Indonesia's|Jakarta|seasian||Bali",
	"Brazil|Brazilian|Brazil's|Brasília|iberian||São Paulo,Rio de Janeiro",
	"Mexico|Mexican|Mexico's|Mexico City|iberian||Cancún",
	"Colombia|Colombian|Colombia's|Bogotá|iberian||",
	"Nigeria|Nigerian|Nigeria's|Abuja|african||Lagos",
	"Kenya|Kenyan|Kenya's|Nairobi|african||Mombasa",
	"South Africa|South African|South Africa's|Pretoria|african||Johannesburg",
	"Canada|Canadian|Canada's|Ottawa|english|P|Montréal",
	"Australia|Australian|Australia's|Canberra|english|P|",
}

// Cities where meetings usually happen, besides capitals.
var venueCities = []string{"Geneva", "Vienna", "New York", "Brussels", "Paris", "Moscow", "Doha", "Istanbul",
	"Munich", "Astana", "Lausanne", "Sochi", "Oslo", "Helsinki", "Riyadh", "Cairo", "Abu Dhabi", "Montreux", "Jeddah", "The Hague"}

// Agencies credited in datelines and photo credits: wire services, not the
// outlets the clippings come from. Datelines use the first five, credits
// glued to a headline the first three.
var agencies = []string{"AFP", "Reuters", "AP", "Xinhua", "dpa", "Anadolu Agency", "EPA", "Kyodo"}

// Photographers' desks for "AGENCY/Name" credits.
var photoAgencies = []string{"Getty Images", "EPA-EFE", "Pool", "Handout"}

// An organization line: name | acronym | later mention | label | leader title | kind.
// The name is what the first mention says; an acronym is defined in
// parentheses after it; the label precedes titles ("NATO spokesman").
// Kinds: b body, a agency, g armed group, n non-governmental, t think tank.
var orgLines = []string{
	"the United Nations Security Council||the council|UN Security Council|president|b",
	"the United Nations|UN|the UN|UN|Secretary-General|b",
	"the International Atomic Energy Agency|IAEA|the IAEA|IAEA|Director-General|a",
	"the North Atlantic Treaty Organization|NATO|NATO|NATO|Secretary-General|b",
	"the European Union|EU|the EU|EU|foreign policy chief|b",
	"the Organization for Security and Co-operation in Europe|OSCE|the OSCE|OSCE|Secretary-General|b",
	"the African Union|AU|the AU|African Union|Commission chairman|b",
	"the Arab League||the league|Arab League|Secretary-General|b",
	"the Association of Southeast Asian Nations|ASEAN|ASEAN|ASEAN|Secretary-General|b",
	"the Gulf Cooperation Council|GCC|the GCC|GCC|Secretary-General|b",
	"the Collective Security Council of Eurasia|CSCE|the CSCE|CSCE|Secretary-General|b",
	"the Shanghai Cooperation Organisation|SCO|the SCO|SCO|Secretary-General|b",
	"the Organisation for the Prohibition of Chemical Weapons|OPCW|the OPCW|OPCW|Director-General|a",
	"the UN refugee agency|UNHCR|UNHCR|UNHCR|High Commissioner|a",
	"the World Food Programme|WFP|the WFP|WFP|executive director|a",
	"the International Committee of the Red Cross|ICRC|the ICRC|ICRC|president|n",
	"the Office for the Coordination of Humanitarian Affairs|OCHA|OCHA|OCHA|spokesman|a",
	"the International Monetary Fund|IMF|the IMF|IMF|managing director|a",
	"the World Bank||the bank|World Bank|president|a",
	"the World Health Organization|WHO|the WHO|WHO|Director-General|a",
	"the International Criminal Court|ICC|the ICC|ICC|prosecutor|a",
	"the Group of Twenty|G20|the G20|G20|sherpa|b",
	"the International Support Group for the Levant|ISGL|the ISGL|ISGL|coordinator|b",
	"the Joint Ceasefire Commission|JCC|the JCC|JCC|chairman|b",
	"the Regional Monitoring Mission|RMM|the RMM|RMM|head of mission|a",
	"the Contact Group on the Horn of Africa||the contact group|contact group|coordinator|b",
	"the Black Sea Dialogue Forum|BSDF|the BSDF|BSDF|chairman|b",
	"the Council for Regional Dialogue||the council|regional council|chairman|b",
	"the Humanitarian Access Task Force|HATF|the HATF|HATF|coordinator|a",
	"the Committee for Refugee Return||the committee|refugee committee|chairman|a",
	"the Caspian Energy Charter|CEC|the CEC|CEC|secretary|b",
	"the Northern Liberation Front|NLF|the NLF|NLF|commander|g",
	"the Southern Resistance Movement|SRM|the SRM|SRM|leader|g",
	"the Popular Salvation Front|PSF|the PSF|PSF|spokesman|g",
	"the Free Valleys Brigades||the brigades|Free Valleys|commander|g",
	"the National Coalition for Change|NCC|the NCC|NCC|leader|g",
	"the Army of the Two Rivers||the group|Two Rivers|commander|g",
	"the Eastern Shield Brigade||the brigade|Eastern Shield|commander|g",
	"the High Negotiations Council|HNC|the HNC|HNC|chief negotiator|g",
	"the Democratic Forces Alliance|DFA|the DFA|DFA|spokesman|g",
	"the Coastal Defence Units|CDU|the CDU|CDU|commander|g",
	"the Independent Monitoring Observatory|IMO|the observatory|observatory|director|n",
	"Médecins Sans Frontières|MSF|MSF|MSF|director|n",
	"Frontline Rights Watch||the group|Frontline Rights Watch|director|n",
	"the Centre for Conflict Analysis||the centre|Centre for Conflict Analysis|analyst|t",
	"the Caspian Institute for Strategic Studies|CISS|the institute|CISS|analyst|t",
	"the Meridian Policy Institute||the institute|Meridian Policy Institute|analyst|t",
	"the Institute for Security Affairs|ISA|the ISA|ISA|analyst|t",
}

// National bodies are made from a pattern and a country's adjective or name:
// %a adjective, %n name, %p possessive.
// Each pattern is used for the first n countries of ministryCountries.
var ministryPatterns = []struct {
	n    int
	line string
}{
	{18, "the %a Foreign Ministry||the ministry|%a foreign ministry|spokesman|m"},
	{8, "%p Ministry of Defence||the ministry|%a defence ministry|spokesman|m"},
	{4, "the %a National Security Council||the council|%a security council|secretary|m"},
	{4, "the %a parliament||parliament|%a parliamentary|speaker|m"},
}

// Countries that get national bodies, by name.
var ministryCountries = []string{"Russia", "the United States", "Turkey", "Iran", "China", "France", "Britain", "Germany",
	"Saudi Arabia", "Syria", "Ukraine", "Egypt", "Qatar", "Jordan", "Iraq", "Japan", "India", "Pakistan"}

// A naming culture: given names (male, female), surnames made from roots
// and suffixes (a female suffix list parallel to the male one, or none),
// whole surnames, and particles put before some surnames.
type culture struct {
	name         string
	male, female string // space-separated given names
	roots        string // surname roots
	suffixes     string // male suffixes, parallel to femSuffixes
	femSuffixes  string
	whole        string // whole surnames, "_" for a space
	particles    string // "al-" glues to the surname; "de_" is followed by a space
	particlePct  int
	familyFirst  bool // the surname comes first ("Wang Jianming")
	givenIsShort bool // later mentions use the last given name (Vietnamese)
}

var cultures = []culture{
	{name: "slavic",
		male:     "Sergei Dmitry Andrei Mikhail Pavel Oleg Viktor Yuri Igor Vadim Bogdan Taras Nikolai Arkady Gennady Leonid Stanislav Anatoly Milan Dragan",
		female:   "Olga Irina Natalia Svetlana Yulia Oksana Tatiana Yelena Lyudmila Vera Galina Darya Jelena Milica",
		roots:    "Lavr Grom Sokol Belous Tkach Orl Vorob Zhuk Lesn Kuzn Dub Kras Rud Sav Step Mel Yar Tolst Volk Zaits Medved Shev Kovalch Bond Ryab Gerasim Petr Nikit Zel",
		suffixes: "ov ev in enko chuk sky ovich", femSuffixes: "ova eva ina enko chuk skaya ovich"},
	{name: "polish",
		male:   "Łukasz Tomasz Piotr Krzysztof Paweł Marek Jacek Wojciech",
		female: "Małgorzata Agnieszka Katarzyna Anna Ewa Joanna Beata",
		roots:  "Wiśniew Zieliń Kowal Dąbrow Lewandow Kamiń Szymań Grabow Jasiń Sikor", suffixes: "ski", femSuffixes: "ska",
		whole: "Wójcik Nowak Mazur Krawczyk Zając Król"},
	{name: "arabic",
		male:      "Walid Ahmed Khalid Omar Faisal Tariq Hassan Youssef Nabil Samir Adel Majid Hisham Karim Mahmoud Ibrahim Salem Ziad Fouad Marwan",
		female:    "Layla Rania Amal Huda Nour Salma Dalia Mona Hala Reem",
		whole:     "Rashid Hashimi Jaber Qasimi Mansour Haddad Khatib Sabbagh Tamimi Obeidi Zoubi Najjar Shami Masri Farouk Hamdan Saadi Attar Kubaisi Dulaimi Marzouki Nahhas Sharif Hakim Jundi Moallim Tawil Halabi Barakat Sayegh",
		particles: "al- al- al- el- bin_ Abu_", particlePct: 55},
	{name: "turkish",
		male:     "Ahmet Mehmet Hakan Ömer Kemal Murat Selçuk Emre Burak Tayfun Oğuz Ilham Rauf",
		female:   "Ayşe Gülnur Şule Elif Zeynep Çağla Derya Melike Leyla",
		roots:    "Kara Demir Ak Yıldırım Öz Gül Er Tok Koç Baş Çelik Aydın Kılıç Şen Güler Sarı Aliyev Mammad",
		suffixes: "oğlu soy can türk han dağ taş er", femSuffixes: "oğlu soy can türk han dağ taş er"},
	{name: "iberian",
		male:   "José Luis Jorge Andrés Rodrigo João Carlos Diego Fernando Sebastián Tomás Nicolás",
		female: "María Ana Sofía Camila Inês Lucía Valentina Gabriela Beatriz",
		roots:  "Fernánd Rodrígu Gonzál Martín Sánch Ibáñ Núñ Gutiérr Álvar Ramír Domíngu Vél", suffixes: "ez", femSuffixes: "ez",
		whole: "de_la_Cruz da_Silva dos_Santos de_Souza del_Valle da_Costa Peña Herrera Castillo Moreno Rojas Ortega Aguilar Mendoza Cardoso Ferreira Carvalho"},
	{name: "germanic",
		male:   "Jan Pieter Dirk Henrik Lars Jürgen Björn Søren Jörg Maarten Klaus Matthias Stefan Erik Anders",
		female: "Sanne Ingrid Sigrid Åsa Frauke Annelies Birgit Katrin Liv Helga",
		roots:  "Lind Sør Ström Dahl Berg Hol Ny Sand Eng Wester Öst Kessl Schäf Brückn Hoff Weid Falk Hag", suffixes: "qvist sen gren mann er land dahl", femSuffixes: "qvist sen gren mann er land dahl",
		whole: "Berg Dijk Vries Horst Linden Brink Meer Haan Veld Bosch", particles: "van_ van_der_ de_ ter_ von_", particlePct: 30},
	{name: "romance",
		male:   "François Jérôme Luc Matteo Paolo Giorgio Thierry Olivier Alessandro Émile",
		female: "Hélène Amélie Chloé Giulia Chiara Élodie Francesca Margaux Isabelle",
		roots:  "Bel Mor Ren Gir Lef Fav Marc Ross Bianch Colomb Dur Lem Fontan Gal Ricc Vill Berth", suffixes: "eau ier ard et ini elli one ès ot", femSuffixes: "eau ier ard et ini elli one ès ot",
		particles: "de_ di_ della_ du_", particlePct: 15},
	{name: "english",
		male:   "John Mark David James Michael Robert Thomas Richard Andrew Peter Daniel Paul",
		female: "Sarah Emily Karen Rachel Laura Susan Helen Catherine Jennifer Amanda",
		roots:  "Hart Ash Brad Whit Carr Fair Hol Pem Stan Wood Thorn Ald Brook Ell Kings Red Lang Cope Hal", suffixes: "ley ford well ton man wick by more field worth ridge", femSuffixes: "ley ford well ton man wick by more field worth ridge"},
	{name: "chinese",
		male:   "Jian Wei Ming Guo Qiang Jun Lei Tao Yong Zhi Hai",
		female: "Hua Xiao Yi Hong Ping Xin Yan Jing Lan Mei",
		whole:  "Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Ma Hu Guo Lin He Gao Luo Zheng", familyFirst: true},
	{name: "korean",
		male:   "Sung-ho Min-jun Dong-hyun Jae-won Tae-yong Young-soo",
		female: "Ji-won Hye-jin Seo-yeon Eun-ji Soo-ah",
		whole:  "Kim Lee Park Choi Jung Cho Yoon Jang Lim Han Shin", familyFirst: true},
	{name: "japanese",
		male:   "Hiroshi Takeshi Kenji Taro Makoto Daisuke Akira Yuji",
		female: "Yuko Keiko Akiko Naoko Emi Haruka",
		roots:  "Yama Naka Taka Matsu Ishi Kawa Fuji Mori Saka Ino", suffixes: "moto mura hashi da kawa ta shita ue", femSuffixes: "moto mura hashi da kawa ta shita ue"},
	{name: "vietnamese",
		male:   "Văn_Tuấn Minh_Hùng Đức_Dũng Quốc_Phúc Hữu_Quang Văn_Sơn",
		female: "Thị_Lan Thị_Hương Minh_Thảo Thị_Mai",
		whole:  "Nguyễn Trần Lê Phạm Hoàng Phan Vũ Đặng Bùi Đỗ", familyFirst: true, givenIsShort: true},
	{name: "iranian",
		male:   "Mohammad Javad Abbas Hossein Ali Reza Hamid Mehdi Saeed Ahmad",
		female: "Zahra Maryam Fatemeh Shirin Leila Parisa",
		roots:  "Rah Tehr Shir Kar Ghaf Mous Jaf Nad Hash Mot Kaz Sal Ard Popal", suffixes: "imi ani zadeh pour nejad avi ari zai", femSuffixes: "imi ani zadeh pour nejad avi ari zai"},
	{name: "southasian",
		male:   "Rajesh Anil Vikram Sanjay Imran Shahid Arjun Rahul Asif",
		female: "Priya Sunita Ayesha Kavita Nadia Anjali",
		whole:  "Sharma Kapoor Malhotra Verma Chopra Qureshi Siddiqui Bhatt Joshi Mehra Chaudhry Naidu Rao Iyer Khan Malik Rana Gill Sethi Bhatia Menon Pillai Reddy Bose Ghosh Mukherjee"},
	{name: "seasian",
		male:   "Ahmad Budi Agus Rizal Hendra Kyaw Aung Zaw",
		female: "Siti Dewi Nur Ratna Thida",
		whole:  "Hidayat Santoso Wijaya Rahman Ismail Abdullah Kusuma Halim Tun Naing Win Myint Soe"},
	{name: "african",
		male:   "Chinedu Oluwaseun Kwame Abebe Tesfaye Mulugeta Kofi Emeka Babajide Yaw Tendai Sipho",
		female: "Ngozi Amina Wanjiru Chiamaka Abena Thandiwe Nomvula Aisha",
		whole:  "Okafor Adeyemi Mwangi Otieno Kamau Bekele Haile Mensah Onyango Nwosu Balogun Okonkwo Tadesse Girma Asante Owusu Ndlovu Dlamini Mokoena Banda Phiri Mutua Kiprono Abubakar Danjuma Eze"},
	{name: "sahel",
		male:   "Moussa Boubacar Ibrahim Oumar Seydou Mamadou Abdoulaye",
		female: "Aminata Fatoumata Mariam Kadiatou",
		whole:  "Keïta Traoré Diallo Coulibaly Touré Sangaré Maïga Koné Sidibé Doumbia"},
}

// outlet is an invented publication and the boilerplate its pages leave at
// the end of a clipping.
type outlet struct {
	name, short, domain string
	tail                []string // %n name, %s short, %d domain, %r a reporter's name
}

var outlets = []outlet{
	{"The Meridian Chronicle", "Meridian", "meridianchronicle.com", []string{
		"%s Chronicle and agencies", "Share this story", "Share on Facebook\nShare on X\nEmail"}},
	{"Harbourline News", "HLN", "harbourline.net", []string{
		"HLN and agencies", "Follow HLN on WhatsApp for breaking news alerts.", "%r"}},
	{"Caspian Courier", "the Courier", "caspiancourier.az", []string{
		"%r", "Subscribe to the Caspian Courier's morning briefing and get the region's news in your inbox.", "With AFP and Reuters"}},
	{"Pacific Ledger", "the Ledger", "pacificledger.info", []string{
		"The Pacific Ledger website is also available at these mirror addresses:\n\nwww.pledger.co\n\nwww.pacific-ledger.org", "SHARE ON SOCIAL MEDIA", "Pacific Ledger on Apple TV"}},
	{"Nile Valley Herald", "NVH", "nvherald.com.eg", []string{
		"(The Nile Valley Herald night desk updates this story as more details emerge. Times shown are Cairo time.)", "Nile Valley Herald and agencies"}},
	{"Baltic Morning Post", "BMP", "balticmorningpost.eu", []string{
		"Get BMP's daily newsletter and never miss the top stories from the region.", "%r", "Share this:"}},
	{"Sahel Observer", "the Observer", "sahelobserver.org", []string{
		"Sahel Observer and news agencies", "Download the Sahel Observer app on Google Play", "Print\nEmail\nShare"}},
	{"Northwind Radio", "Northwind", "northwind.fm", []string{
		"Northwind Radio and agencies", "(Reporting by %r; editing by the Northwind world desk)", "Listen to Northwind Radio podcasts on your phone."}},
}

// country is a country, its heads of state or government, and its cities.
type country struct {
	name, adj, poss, capital string
	culture                  int
	major, crisis            bool
	head                     []string // heads of state or government, by title
	cities                   []string // the capital first
}

// org is an organization: how it is named first and later, the label
// before its people's titles ("NATO spokesman"), and its kind.
type org struct {
	name, acr, later, label, leader string
	kind                            byte
}

func parseCountries() []country {
	cs := make([]country, len(countryLines))
	for i, line := range countryLines {
		f := strings.Split(line, "|")
		c := country{name: f[0], adj: f[1], poss: f[2], capital: f[3], culture: cultureIndex(f[4])}
		flags := f[5]
		c.major = strings.Contains(flags, "M")
		c.crisis = strings.Contains(flags, "X")
		switch {
		case strings.Contains(flags, "P"):
			c.head = []string{"Prime Minister"}
		case strings.Contains(flags, "B"):
			c.head = []string{"President", "Prime Minister"}
		case strings.Contains(flags, "K"):
			c.head = []string{"King", "Prime Minister"}
		default:
			c.head = []string{"President"}
		}
		c.cities = []string{f[3]}
		if f[6] != "" {
			c.cities = append(c.cities, strings.Split(f[6], ",")...)
		}
		cs[i] = c
	}
	return cs
}

func cultureIndex(name string) int {
	for i, c := range cultures {
		if c.name == name {
			return i
		}
	}
	panic("corpus: unknown culture " + name)
}

func parseOrgs(countries []country) []org {
	var os []org
	add := func(line string) {
		f := strings.Split(line, "|")
		os = append(os, org{name: f[0], acr: f[1], later: f[2], label: f[3], leader: f[4], kind: f[5][0]})
	}
	for _, l := range orgLines {
		add(l)
	}
	for _, p := range ministryPatterns {
		for _, name := range ministryCountries[:p.n] {
			for _, c := range countries {
				if c.name == name {
					add(strings.NewReplacer("%a", c.adj, "%n", c.name, "%p", capFirst(c.poss)).Replace(p.line))
				}
			}
		}
	}
	return os
}

// capFirst upper-cases a leading ASCII letter.
func capFirst(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
