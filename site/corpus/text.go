package corpus

// Sentence templates. A {slot} is filled from the article's plan (see
// slotNames and gen.fill); a slot opening a template is capitalized. Person
// slots: {1} the lead, {2} the counterpart, {a} and {b} others in the cast,
// {S} the speaker of a quote; the first mention of a person gives the full
// name with a title, later ones a surname, "Mr. Surname", a title and surname
// or "the minister". A template names at most three people, and one with {b}
// does not use both {1} and {2}.

// The topics an article can be about, in the order of the pools below.
const (
	topicTalks = iota
	topicSanctions
	topicConflict
	topicVisit
	topicStatement
	numTopics
)

var headlines = [numTopics][]string{
	{
		"{1s} to meet {2s} over {X}",
		"{1s}, {2s} in {C} to discuss {X} talks",
		"{1s} plans new meeting with {2s} on {X}",
		"{X} talks set for {wd} in {C}, say {1s} and {2s}",
		"{1s} and {2s} hold talks on {X} in {C}",
		"{1s}, {2s} agree to keep {Xa} peace process on track",
		"{Xa} talks: {1s} and {2s} meet again in {C}",
		"No breakthrough as {1s} and {2s} meet in {C}",
		"{1s} to press {2s} on {X} ceasefire",
		"{1s}, {2s} in {C} to prepare {X} conference",
		"{Ka} and {ka} envoys meet in {C} on {X}",
		"{1s} hopeful after talks with {2s} on {X}",
		"{1s}, {2s} fail to bridge gap on {X} in {C}",
		"{Xa} peace push: {1s} meets {2s} in {C}",
		"{1s} and {2s} to meet on {wd} as {X} talks resume",
		"{Ka} envoy in {C} for talks on {Xa} crisis",
		"{1s} invites {2s} to {C} for {X} talks",
		"{1s}, {2s} discuss {X} by phone",
		"{Ol} talks on {X} open in {C}",
		"{1s} meets {2s}, {X} tops agenda",
	},
	{
		"{K} slaps new sanctions on {X}",
		"{1s} warns {X} of fresh sanctions",
		"{Ol} extends sanctions against {X}",
		"{X} hits back at {Ka} sanctions",
		"{1s}: sanctions on {X} will stay until talks resume",
		"{Ka} sanctions on {Xa} banks take effect",
		"{X} says {Ka} sanctions will not change its course",
		"{1s} and {2s} discuss easing sanctions on {X}",
		"{Ol} weighs new curbs on {Xa} oil exports",
		"{1s} says sanctions on {X} are working",
		"{K} and {k} widen sanctions on {Xa} officials",
		"{Xa} firms hit by new {Ka} sanctions",
		"{1s} calls {Ka} sanctions on {X} illegal",
		"{2s} urges {Ol} to keep pressure on {X}",
		"{Ka} and {ka} split over {X} sanctions",
		"{1s} in {C}: sanctions relief for {X} not on the table",
	},
	{
		"Fighting flares near {Xc} as {1s} calls for truce",
		"{1s} urges restraint after clashes in {X}",
		"{Ol} condemns attack near {Xc}",
		"Ceasefire in {X} under strain, {1s} warns",
		"Thousands flee {Xc} as shelling intensifies",
		"{Ka} air strikes hit {Xc}, monitors say",
		"Aid convoy reaches {Xc} after weeks of fighting",
		"{1s} blames {ka} backing for {Xa} violence",
		"{Xa} truce talks stall as fighting spreads to {Xc}",
		"{Ol} warns of famine in {Xc}",
		"{Gl} claims gains near {Xc}",
		"{1s} and {2s} call for ceasefire in {Xc}",
		"Shelling kills civilians in {Xc}, {Ol} says",
		"{Ka} troops to stay in {X}, {1s} says",
		"{1s} accuses {Gl} of truce violations",
		"{Ol} demands access to besieged {Xc}",
	},
	{
		"{1s} arrives in {C} for talks with {2s}",
		"{1s} visits {C}, meets {2s}",
		"{1s} heads to {C} amid {X} row",
		"{1s} to visit {K} for talks on {X}",
		"{1s} begins regional tour in {C}",
		"{1s} in {C} to mend ties with {k}",
		"{1s} makes surprise visit to {Xc}",
		"{1s} arrives in {C} on first visit since {my}",
		"{1s} hosts {2s} in {C}",
		"{1s} and {2s} sign deals during {C} visit",
		"{1s} cuts short {C} visit",
		"{2s} welcomes {1s} to {C}",
		"{1s} to tour {K} and {k}",
		"{1s} visit to {C} seen as {X} signal",
	},
	{
		"{1s} says {X} must return to talks",
		"{Ol} backs {Xa} peace plan in joint statement",
		"{1s} rejects {2s} remarks on {X}",
		"{Ka} foreign ministry summons envoy over {X}",
		"{Ol} ministers sign declaration on {X}",
		"{1s} calls for inquiry into {Xc} attack",
		"{1s} defends {Ka} stance on {X}",
		"{2s} dismisses {1s} claims over {X}",
		"{1s} warns {2s} against {X} escalation",
		"{Ol} statement on {X} draws {Ka} anger",
		"{1s} says {K} will not recognise {Xa} vote",
		"{1s}: no peace in {X} without {k}",
		"{Ka} foreign ministry slams {Ol} over {X}",
		"{1s} and {2s} issue joint statement on {X}",
		"{1s} denies {Ka} role in {Xc} attack",
	},
}

// Name-only headlines, as some sites title a clipping with its photo.
var nameHeadlines = []string{"{1n}", "{2n}"}

// Clauses that tell two otherwise equal headlines apart.
var clauses = []string{
	" amid {concern}",
	" as {Ka} envoy heads to {CC}",
	" ahead of {CC} meeting",
	" after talks in {CC}",
	", {PP} says",
	", officials in {CC} say",
	" as pressure mounts on {X}",
	" despite objections from {PP}",
	" in call with {PP}",
	" as {PP} urges calm",
	" after {PP} visit",
}

var decks = []string{
	"{1n} heads to {C} for talks with {2n} on {issue} and the situation in {X}",
	"{Ka} and {ka} officials to meet amid disagreement over {issue}",
	"Talks in {C} expected to focus on {issue} and the crisis in {X}",
	"{Ol} calls for restraint as tensions rise over {issue}",
}

// Photo captions say who does what, where and when; position markers such
// as (R) follow a name.
var captions = []string{
	"{1f} (R) shakes hands with {2f} before their talks in {C} on {capdate}.",
	"{1f} talks to the media after meeting {K's} foreign minister at a conference in {C} on {capdate}.",
	"{2f} (L) and {1f} attend a joint news conference in {C}, {capdate}.",
	"{1f} arrives for talks at {Of} headquarters in {C} on {capdate}.",
	"{1f} talks with {2f} in {C}.",
	"{2f} gestures during a news conference in {C} on {capdate}.",
	"{1f} (C) poses with delegation heads before talks in {C} on {capdate}.",
	"Displaced families wait for aid near {Xc}, {X}, on {capdate}.",
	"{1f} listens to a question during a briefing in {C} on {capdate}.",
}

var ledes = [numTopics][]string{
	{
		"{1} will hold talks with {2} in {C} {day} on the conflict in {X}, a {Ka} diplomat said {wd}.",
		"{1} and {2} meet {day} in {C} to work out the details of {meeting}, as diplomats look for a way to end the crisis in {X}.",
		"{1} plans to see {2} {next}, with the crisis in {X} high on the agenda.",
		"Officials announced {day} that {1} will meet {2} and {a} in {C} {next}.",
		"{1} and {2} held {hours} of talks in {C} {day}, their {ord} meeting this year, as pressure grew for a settlement in {X}.",
		"A planned meeting on the {Xa} crisis will go ahead in {C}, {Ka} and {ka} officials said {day} after {1} hosted {2}.",
	},
	{
		"{K} {day} imposed new sanctions on {X} over {issue}, targeting {n} senior officials and {n} state-owned companies.",
		"{O} agreed {day} to extend its sanctions against {X} for another six months, {1} said after talks in {C}.",
		"{1} warned {day} that {1c} was prepared to tighten sanctions on {X} if talks on {issue} stalled.",
		"{K} and {k} announced coordinated sanctions against {Xa} banks and energy firms {day}, in the sharpest response yet to {incident}.",
	},
	{
		"At least {small} people were killed {day} in fighting near {Xc}, {O} said, as {1} called for an immediate halt to the violence.",
		"{Xa} government forces and fighters of {G} clashed {day} around {Xc}, threatening a fragile truce brokered in {C} {ago}.",
		"{1} urged restraint {day} after a wave of attacks around {Xc} left dozens dead and hundreds displaced.",
		"Shelling resumed {day} on the outskirts of {Xc}, residents said, hours after {1} and {2} appealed for calm.",
	},
	{
		"{1} arrived in {C} {day} for a {ndays} visit, with talks on {issue} at the top of the agenda.",
		"{1} is due in {C} {next} for talks with {2} on {issue}, officials said.",
		"{1} began a {ndays} tour of the region {day}, with stops in {C} and {C2}.",
		"{1} made an unannounced visit to {Xc} {day}, the first by a senior {1a} official since {my}.",
	},
	{
		"{O} {day} issued a statement condemning {incident} and calling on all parties to {demand}.",
		"{1} said {day} that {X} must {demand} before any talks on {issue} could begin.",
		"Ministers from {O} adopted a joint declaration {day} setting out a shared position on {X}.",
		"{1} rejected {day} remarks by {2} on {X}, calling them interference in the country's internal affairs.",
	},
}

var bodies = [numTopics][]string{
	{
		"Officials said {X} would dominate the talks.",
		"{2} has not yet confirmed the meeting, but diplomats in {C} said preparations were under way.",
		"The meeting is expected to focus on {issue} and on the list of participants in {meeting}.",
		"No date has been set for {meeting}, which was first planned for {my}.",
		"The two officials last met in {C2} {ago}, when they agreed to push both sides toward a negotiated solution.",
		"Diplomats said the talks were aimed at narrowing differences over {issue} before {meeting}.",
		"{O} is expected to hold a ministerial session on {X} {next}, according to a diplomat familiar with the plans.",
		"The {nation} group is planning to meet in {C} under the auspices of {O} on {date}.",
		"{1} will also attend talks on the {Xa} crisis in {C2} {day}.",
		"Both delegations described the atmosphere as constructive, although no joint statement was issued.",
		"{a} said the talks would be difficult but that there was no alternative to a political settlement.",
		"The new round builds on a meeting in {C2} {ago} that produced a framework for {X}.",
		"{2} has made clear that {K} wants guarantees on {issue} before any deal is signed.",
		"Officials said the hardest questions were who would attend and what role neighbouring states would play.",
		"{1} and {2} spoke by telephone {day} and agreed to instruct their teams to keep working on the text.",
		"{Ka} and {ka} positions on {issue} remain far apart, diplomats said.",
		"{2} is expected to raise {issue} during the talks, a member of {his} delegation said.",
		"It was the {ord} meeting between the two this year.",
	},
	{
		"The measures freeze assets and impose travel bans on individuals accused of {charge}.",
		"{X} has repeatedly dismissed the sanctions as illegal and counterproductive.",
		"Trade between {K} and {X} fell by {pct} last year, according to figures published by {M}.",
		"Officials in {Kcap} said the sanctions would remain in place until {X} met the conditions set out in {meeting}.",
		"{2} said {X} would protest the penalties at {meeting}.",
		"{O} estimated that the restrictions had cost the {Xa} economy about {money} since {my}.",
		"Analysts said the new listings were largely symbolic, as most of the targeted officials hold few assets abroad.",
		"{K} and {k} coordinated the announcement, which came hours after {1} met {a} in {C}.",
		"Exemptions for food, medicine and humanitarian deliveries remain in place, {O} said.",
		"The {Xa} currency fell {pct} against the dollar after the announcement.",
		"{a} said the measures would hurt ordinary people far more than the officials they target.",
		"The sanctions were first imposed in {my} over {charge} and have been widened {n} times since.",
		"{K's} finance ministry said {n} more companies had been added to its blacklist.",
		"Businesses in {Xcap} said the measures had already disrupted imports of spare parts and medicine.",
		"{a} argued that sanctions had failed to change {X's} behaviour in the past.",
	},
	{
		"The conflict in {X} has killed more than {num} people since {my}, according to {M}.",
		"Humanitarian agencies said access to {Xc} remained limited and that food and fuel supplies were running low.",
		"The truce agreed {ago} does not apply to groups that {O} lists as terrorist organisations.",
		"{K} backs the authorities in {Xcap}; {k} has sided with their armed opponents.",
		"Residents reported heavy shelling overnight and said many families had fled toward the border.",
		"{O} said about {num} people had been displaced in the past month alone.",
		"The violence has raised fears of a wider regional conflict drawing in {K} and {k}.",
		"Monitors from {M} said they had recorded {n} violations of the ceasefire in the past week.",
		"{K} began air strikes in {X} {ago}, saying it had been invited by the authorities in {Xcap}.",
		"Hospitals in {Xc} were struggling to cope with the wounded, a doctor at one facility said.",
		"{a} accused {G} of using civilians as human shields, a charge the group denied.",
		"Fighters of {G} said they had taken control of several villages on the road to {Xc}.",
		"{G} denied targeting civilians and said its fighters had responded to an attack.",
		"The road between {Xcap} and {Xc} has been cut for more than a week, aid workers said.",
		"{M} said it had documented attacks on {n} hospitals since the start of the year.",
	},
	{
		"{1} is on {his} {ord} visit to the region since taking office in {my}.",
		"{1} was greeted at the airport by {a}.",
		"During the visit {1} is expected to sign agreements on energy, trade and security cooperation.",
		"Officials said the programme included a meeting with {2} and a speech at {O}.",
		"The trip comes as relations between {K} and {k} remain strained over {issue}.",
		"Security was tight in {C}, where several streets around the presidential palace were closed to traffic.",
		"{1's} office said the visit would also cover {issue} and cooperation against armed groups.",
		"The two sides are expected to announce a joint commission on trade worth about {money}.",
		"{2} is due to pay a return visit to {Kcap} {next}, officials said.",
		"{1} will travel on to {C2} {day} for talks with {a}.",
		"The visit had been postponed twice, officials said, without giving a reason.",
		"{1} also laid a wreath at a memorial in {C} and met business leaders.",
	},
	{
		"The statement was read out at a press conference in {C} by {a}.",
		"{2} rejected the remarks as interference in {X's} internal affairs.",
		"The declaration also touched on {issue}, {issue} and other matters of concern.",
		"{O} said it was ready to support any process that led to {goal}.",
		"The ministers also discussed joint exercises and closer coordination of their peacekeeping missions.",
		"{Ka} diplomats said the text had been softened at the last minute to win the support of {k}.",
		"{X's} foreign ministry said the statement ignored the facts on the ground.",
		"{a} welcomed the statement as a sign that the region was ready to take responsibility for {X}.",
		"{1} repeated the call in a speech to {O} {day}.",
		"The statement made no mention of {issue}, a point of contention among members.",
		"{K} and {k} did not sign the declaration, officials said.",
		"{O} said it would review the situation at its next meeting {next}.",
	},
}

// Sentences any article can use.
var background = []string{
	"The conflict in {X} began in {my}.",
	"{K} and {k} have long been at odds over {issue}.",
	"An earlier round {ago} produced an outline deal aimed at {goal}.",
	"That deal stalled amid disputes over {issue}.",
	"{1} has repeatedly said {1c} will make no new commitments to {X} without progress on {issue}.",
	"{O} has called for an independent investigation into {incident}.",
	"Relations between {K} and {X} have been strained since {my}.",
	"Meanwhile, {Xa} opposition groups gathered in {C2} {day} to try to agree on a common platform.",
	"In a separate development, {a} met {b} in {C2} to discuss {issue}.",
	"Speaking to {Ka} television, {a} said {K} remained committed to {meeting}.",
	"According to {M}, more than {num} people have fled {X} since the start of the crisis.",
	"{1's} office said the two sides had agreed to stay in close contact.",
	"Earlier {wd}, {1} spoke by telephone with {a} about {issue}.",
	"{he} said the plan had the full backing of the leadership in {Kcap}.",
	"{K} has accused {k} of arming factions in {X}.",
	"{K} and {k} lead the mediation effort, which has stalled repeatedly since {my}.",
	"{O} and {o} have both called for {goal}.",
	"The {nation} group includes regional powers as well as the permanent members of the UN Security Council.",
	"{a}, who attended the meeting, said the discussion had been frank.",
	"{X's} neighbours fear that a collapse of the talks would send a new wave of refugees across their borders.",
	"{2} is expected to brief {O} on the talks {next}.",
	"Critics of the plan say it rewards the side that has done most of the fighting.",
	"{o} said in a statement that it would not take part in any process that ignored {issue}.",
	"{K} has offered to host the next round; {k} has yet to respond.",
	"{1} and {2} are expected to meet again on the sidelines of {meeting}.",
	"The {Xa} economy has shrunk by more than half since {my}, according to {O}.",
	"Diplomats in {C} said a draft resolution on {X} could be put to a vote {next}.",
	"{a} warned that time was running out for a political solution in {X}.",
	"After talks in {C} {ago}, {1} said the two sides had agreed on a list of next steps.",
	"{2} said {he} now wanted to see whether {X} would keep the promises it made {ago}.",
	"Talks on {issue} are due to resume in {C2} {next}.",
	"Observers say the outcome will depend largely on the position of {K}.",
	"{K} has kept its embassy in {Xcap} open throughout the crisis.",
	"The talks in {C} were the first at this level since {my}.",
	"{a} told {Ka} radio that the government would study the proposal carefully.",
	"A senior diplomat said the gap between the two sides had narrowed but remained wide on {issue}.",
	"Several rounds of talks in {C2} have so far failed to produce a lasting agreement.",
	"{o} has warned that funding for its operations in {X} will run out {next}.",
	"{X's} government says it is fighting terrorism and rejects any outside interference.",
	"{2} did not comment on the proposal when asked by reporters in {C}.",
	"The plan would see {O} deploy observers along the front line for an initial period of six months.",
	"Officials in {Kcap} have said they are open to a compromise, provided that {X} makes the first move.",
	"Neither {1} nor {2} took questions from reporters after the meeting.",
	"{K's} position has hardened since {my}, diplomats say.",
	"{a} said the proposal was a good basis for discussion but needed more work.",
	"Elections had been planned for {my} but were postponed because of the fighting.",
	"The issue is expected to dominate the agenda of {meeting}.",
	"Opposition groups have insisted that any transition must begin with a ceasefire.",
	"{1} is due to report on the outcome to {O} {next}.",
	"A joint working group will meet in {C2} to prepare the ground for {meeting}.",
	"Some {num} refugees have registered in neighbouring countries, according to {M}.",
	"In {Kcap}, lawmakers called on the government to take a tougher line on {X}.",
}

// Quote contents, without the closing punctuation.
var quotes = []string{
	"We are in favour of a ministerial meeting of {O} {next}",
	"We spent most of the time on {X}, but we also covered {issue}",
	"There is no military solution to the crisis in {X}",
	"The conversation on {issue} was useful",
	"It is too early to speak of a breakthrough, but the atmosphere was constructive",
	"We will judge them by their actions, not by their words",
	"The sanctions will stay in place until we see real change on the ground",
	"No outside power can decide the future of {X}",
	"We will honour every agreement we have signed",
	"The door to dialogue remains open",
	"This is a dangerous escalation and it must stop immediately",
	"We call on all parties to exercise maximum restraint",
	"We will probably see each other again in {C2}",
	"We have agreed on the steps needed to bring peace back to {X}",
	"The humanitarian situation in {Xc} is catastrophic",
	"We will not accept any preconditions",
	"These measures are illegal and we will respond",
	"Nobody wins from this confrontation",
	"We expect our partners in {Kcap} to keep their word",
	"The ceasefire is holding, but it is fragile",
	"What we need now is access for aid convoys, not more statements",
	"We are ready to host the next round of talks here in {C}",
	"This visit opens a new chapter in relations between our two countries",
	"We discussed trade, energy and security, and we found a lot of common ground",
	"We will not be drawn into bargaining over sanctions",
	"This decision comes at the worst possible moment",
	"Only the {Xa} people themselves can find a way out of this crisis",
	"There are some encouraging signs, and we intend to build on them",
	"A meeting {next} is not ruled out",
	"Our position on {issue} has not changed",
	"Every day of delay costs lives in {Xc}",
	"The international community cannot look away",
}

// Short quoted phrases for partial quotes.
var partials = []string{
	"badly timed", "a step in the right direction", "unacceptable", "a dangerous escalation",
	"deeply regrettable", "constructive and businesslike", "a breakthrough", "premature", "a provocation",
	"positive but insufficient", "a bargaining chip", "a serious mistake",
}

// How a quote is attributed. {Q} is the quote, {q} a short phrase.
var attributions = []string{
	"\"{Q},\" {S} said.",
	"\"{Q},\" {S} told reporters in {C}.",
	"{S} said: \"{Q}.\"",
	"\"{Q},\" said {S}.",
	"\"{Q},\" {S} said in a statement.",
	"\"{Q},\" {S} said after the talks.",
	"{S} called the move \"{q}\", adding that it \"sends the wrong message.\"",
	"{S} described the talks as \"{q}\".",
	"Speaking to reporters in {C}, {S} said: \"{Q}.\"",
}

// A second quote by the same speaker, in the next paragraph.
var followUps = []string{
	"\"{Q},\" {he} added.",
	"\"{Q},\" {he} said.",
	"{he} added: \"{Q}.\"",
	"\"{Q},\" {S} said, referring to {issue}.",
}

var subheads = []string{
	"{Ol} ministers find common ground on {X}",
	"Sanctions row deepens",
	"Aid convoys stalled near {Xc}",
	"{Xa} opposition meets in {C2}",
	"What comes next",
	"Talks in {C2}",
	"Regional players step in",
}

var issues = [numTopics][]string{
	{"the political transition", "the list of participants in the talks", "a timetable for elections", "the future of the government in {Xcap}", "the release of detainees"},
	{"sanctions relief", "frozen central bank assets", "oil exports", "the export ban on dual-use goods", "the asset freeze"},
	{"the ceasefire", "humanitarian access", "the withdrawal of foreign fighters", "the siege of {Xc}", "safe corridors for civilians"},
	{"energy cooperation", "trade and investment", "visa rules", "a new security pact", "border crossings"},
	{"the nuclear programme", "the fight against terrorism", "the status of {Xc}", "the return of refugees", "maritime security"},
}

var genericIssues = []string{"the crisis in {X}", "the peace process", "regional security", "counterterrorism", "the fate of {Xc}", "prisoner exchanges"}

var meetings = []string{
	"the international conference on {X}", "the next round of talks in {C2}", "the peace conference", "the {C2} talks",
	"the summit in {C2}", "the ministerial meeting in {C}", "a new round of talks",
}

var incidents = []string{
	"the shelling of a market in {Xc}", "an attack on an aid convoy near {Xc}", "the detention of {n} foreign journalists",
	"a missile strike on {Xc}", "the expulsion of {Ka} diplomats", "the downing of a military aircraft near the border",
}

var demands = []string{
	"lay down their arms", "allow humanitarian access", "return to the negotiating table", "release political prisoners",
	"pull all foreign forces out of {Xc}", "respect the ceasefire",
}

var goals = []string{
	"forming a transition government in {X}", "a lasting truce", "free and fair elections", "the return of refugees",
	"a negotiated solution", "the reopening of border crossings",
}

var charges = []string{
	"human rights abuses", "supporting armed groups", "undermining the peace process", "corruption",
	"election fraud", "cyber attacks on government networks",
}

var concerns = []string{
	"row over envoys", "fresh clashes in {CC}", "rift over sanctions", "doubts over {X} truce", "protests in {CC}",
	"talk of a new offensive", "deadlock at the UN", "calls for an inquiry", "rising tension in the region",
}
