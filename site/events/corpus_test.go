package events

import "strings"

// The invented corpus: the same two foreign ministers, Mara Lind and Tomas
// Okafor, in every article, as in a briefing about one relationship. Two
// outlets report their Oslo signing, two their Nairobi talks, and two other
// articles cover unrelated moments of the same relationship.

type mini struct {
	id, event string
	text      string // headline, blank line, paragraphs separated by blank lines
	parts     []string
}

var corpus = []mini{
	{"oslo-wire", "oslo", `Lind and Okafor sign Arctic fisheries accord in Oslo

OSLO (Nordic Press) - Foreign Minister Mara Lind and her counterpart Tomas Okafor signed the Arctic Fisheries Accord in Oslo on Monday, ending a decade-long quarrel over cod quotas in the Barents Sea.

The accord, brokered by the Barents Council, sets joint quotas for cod and haddock and creates an inspection service based in Tromsø.

"This is a good day for fishermen on both sides," Lind told reporters at the Akershus Fortress after the ceremony.

Okafor said the deal would be reviewed in three years and praised the Norwegian mediators.

The two ministers last met in the spring and are due to meet again at the United Nations in September.`, []string{"mara lind", "tomas okafor", "barents council", "united nations"}},
	{"oslo-daily", "oslo", `Cod quarrel ends as ministers seal Oslo deal

Tomas Okafor and Mara Lind put their signatures on Monday to an agreement that settles years of disputes over Barents Sea fishing.

Meeting at Akershus Fortress in Oslo, the two foreign ministers approved the Arctic Fisheries Accord prepared by the Barents Council, which shares out the cod and haddock catch.

Fishing associations welcomed the accord. A new inspection office in Tromsø will check catches from next spring.

Okafor thanked Norway for hosting the talks. Lind called the signing "a model for how neighbours settle quarrels".

Critics said the quotas remain too high to protect the cod stock.`, []string{"tomas okafor", "mara lind", "barents council"}},
	{"nairobi-wire", "nairobi", `Lind, Okafor hold talks in Nairobi on Lake Victoria water dispute

NAIROBI (Continental News) - Foreign ministers Mara Lind and Tomas Okafor met in Nairobi on Thursday to try to end the dispute over water rights on Lake Victoria.

The talks, hosted by the East African Water Commission, focused on how much water may be drawn for irrigation along the Nile basin.

Kenya's government has asked both sides to accept an independent survey of the lake's levels before any deal.

"We made progress, but the hard questions remain," Okafor said after six hours of talks at the commission's headquarters.

Lind said another round would follow in Kampala.`, []string{"mara lind", "tomas okafor", "east african water commission"}},
	{"nairobi-times", "nairobi", `No deal yet on Lake Victoria after ministers meet

Six hours of talks between Tomas Okafor and Mara Lind in Nairobi on Thursday ended without agreement on sharing the waters of Lake Victoria.

The East African Water Commission, which hosted the meeting, said the ministers agreed to commission a survey of lake levels and irrigation needs.

Farmers along the shore have complained that drawing water for irrigation has lowered the lake.

Lind told journalists that a second round was planned in Kampala, Uganda. Okafor spoke of "progress on the hard questions".`, []string{"tomas okafor", "mara lind", "east african water commission"}},
	{"lima-profile", "lima", `Okafor named chair of Pacific trade forum

Tomas Okafor was elected chair of the Pacific Trade Forum at its annual meeting in Lima, Peru, on Wednesday.

Okafor, who has served as foreign minister since 2019, will lead talks on tariffs for copper and lithium exports.

Mara Lind congratulated him in a message read out to delegates, saying she looked forward to working with him on trade.

The forum brings together twenty-one economies and will meet next in Santiago.`, []string{"tomas okafor", "pacific trade forum", "mara lind"}},
	{"interview", "interview", `Lind says relations with Okafor are "frank"

In an interview with a weekly magazine, Mara Lind described her working relationship with Tomas Okafor as "frank and often difficult".

The foreign minister said the two had disagreed on sanctions, on climate policy and on the future of the Barents Council.

"We argue, and then we find a way," she said. Lind added that she hoped to visit Okafor's capital before the end of the year.

She declined to comment on reports that she may run for party leader.`, []string{"mara lind", "tomas okafor", "barents council"}},
}

// doc builds a Doc from a mini article.
func (m mini) doc() Doc {
	paras := strings.Split(m.text, "\n\n")
	return Doc{ID: m.id, Title: paras[0], Text: paras, Participants: m.parts}
}
