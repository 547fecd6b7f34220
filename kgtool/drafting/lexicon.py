"""Word lists the source rules read (kgtool.drafting.sources): what a mention's head word says
about the kind of source it is. Written from the kinds' definitions (data/GUIDELINES.md,
"Source kinds and grouping for drafting") and PolNeAR's train split, never from dev."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The words of a list written one space apart."""
    return frozenset(text.split())


#: Heads of a document the text gives as a source: "the report", "a poll", "the statement".
DOCUMENT = words("""
report reports poll polls polling survey surveys study studies statement statements email emails
e-mail e-mails letter letters memo memos memorandum filing filings lawsuit lawsuits suit complaint
indictment affidavit ruling analysis analyses data records record results findings numbers
statistics estimate estimates average tally ad ads advertisement advertisements commercial video
videos tweet tweets post posts message messages release website site page article articles
editorial column op-ed book books transcript transcripts document documents summary review
research platform bill legislation law plan proposal petition speech remarks note notes brief
briefs manifesto memoir documentary footage recording recordings map chart index model forecast
projections projection audit dossier cable cables order decree guidance guidelines policy
notice motion verdict opinion resolution agreement text draft budget questionnaire exit
discussions exchanges exchange conversations communications correspondence comments comment
words interview interviews story stories headline headlines caption broadcast program show
""")
#: Heads of a group of people the text does not name ("officials", "voters", "59 percent of").
GROUP = words("""
officials sources aides advisers advisors analysts experts strategists insiders critics supporters
economists observers people persons staffers operatives donors activists researchers employees
lawyers attorneys reporters journalists pollsters investigators prosecutors authorities lawmakers
legislators leaders members friends allies rivals opponents advocates voters candidates
politicians senators republicans democrats conservatives liberals progressives moderates
independents evangelicals millennials americans residents citizens workers students parents
families women men fans backers delegates superdelegates protesters demonstrators organizers
attendees participants respondents users commentators pundits columnists scientists scholars
historians economists diplomats executives officers agents soldiers veterans doctors nurses
teachers pastors clergy bishops observers moderators hosts editors writers authors founders
elders makers owners investors lobbyists consultants contributors volunteers spokesmen
spokespeople representatives members crowd audience public majority minority half most many some
others both few several all everyone everybody anyone anybody nobody none those these thousands
hundreds millions dozens percent third thirds quarter quarters two-thirds three-quarters
majorities minorities base community generation electorate media press establishment left right
groups organizations unions companies firms states countries nations governments campaigns
agencies networks outlets parties factions coalitions camps circles ranks team staff
""")
#: Heads of one person the text describes without naming ("a senior aide", "one official").
INDIVIDUAL = words("""
official source aide adviser advisor analyst expert strategist insider critic supporter economist
observer person staffer operative donor activist researcher employee lawyer attorney reporter
journalist pollster investigator prosecutor authority lawmaker legislator leader member friend
ally rival opponent advocate voter spokesman spokeswoman spokesperson representative someone
somebody one another man woman resident citizen worker student parent mother father son daughter
wife husband brother sister fan backer delegate protester organizer attendee participant
respondent user commentator pundit columnist scientist scholar historian diplomat executive
officer agent soldier veteran doctor nurse teacher pastor bishop priest moderator host editor
writer author founder owner investor lobbyist consultant contributor volunteer witness
confidant confidante associate colleague insider neighbor neighbour manager director chairman
chairwoman chair president vice-president candidate nominee senator congressman congresswoman
governor mayor judge justice secretary minister ambassador general admiral commander chief
businessman businesswoman billionaire mogul tycoon neurosurgeon surgeon actor actress star singer
comedian celebrity businessperson front-runner frontrunner contender hopeful challenger incumbent
speaker whip socialist libertarian republican democrat conservative liberal progressive
independent evangelical millennial american prince king queen pope clerk sheriff inspector
auditor commissioner trustee guy lady girl boy kid child
""")
#: Heads of an institution, named by context ("the campaign", "the company", "his office").
INSTITUTION = words("""
campaign group company team administration office government party board agency court
organization organisation police department committee council commission foundation firm union
network newspaper magazine outlet camp leadership panel army military navy legislature congress
senate house school university college airline ministry institute body movement coalition
corporation bank fund association society center centre bureau service station channel
publication paper website think-tank tank pac super-pac caucus delegation embassy consulate
regime state city county district embassy league club church
""")
#: Nouns that name something that cannot state or believe: an attribution to one of them has no
#: source ("The attack raised fears ...").
NOT_AGENT = words("""
attack attacks bloodshed violence move moves decision news scandal incident crisis event events
shooting shootings killing killings bombing bombings war fighting election controversy
revelation revelations development developments situation fact facts history experience
evidence trend trends problem problems issue issues question questions concern concerns
announcement change changes rise fall growth decline loss losses victory defeat win collapse
threat threats danger risk risks success failure tragedy disaster storm economy market markets
deal talks visit trip meeting race contest primary caucuses debate debates rally rallies
convention outcome idea ideas reality sense mood atmosphere climate environment
appearance glimpse performance episode moment period era
""")
#: Words before a personal name that are titles or descriptions, not part of the name
#: ("Sen.", "Republican presidential nominee", "former Secretary of State").
TITLES = words("""
mr mrs ms miss dr sen sens senator senators rep reps representative gov governor gen general
lt col capt sgt adm maj prof rev hon president vice former then-president then-candidate
secretary state speaker leader majority minority whip house senate chairman chairwoman chair
director chief justice judge attorney mayor ambassador minister prime first lady congressman
congresswoman candidate nominee presidential republican democratic democrat gop independent
u.s us american federal press spokesman spokeswoman campaign manager adviser advisor aide
commissioner sheriff pastor father sister bishop pope king queen prince princess sir dame
deputy assistant acting interim executive senior top new incoming outgoing retired businessman
billionaire mogul actor actress singer host anchor correspondent reporter columnist author
strategist pollster economist analyst professor dean founder ceo cfo coo chairman-elect
governor-elect president-elect rev. st saint late former-president ex-president
""")
#: Abbreviated titles and what they mean in a description ("Sen. Ted Cruz" ... "the senator").
TITLE_ROLES = {
    "sen": "senator",
    "sens": "senator",
    "rep": "representative",
    "reps": "representative",
    "gov": "governor",
    "pres": "president",
    "gen": "general",
    "dr": "doctor",
    "congressman": "representative",
    "congresswoman": "representative",
    "senators": "senator",
}
#: Heads of a description that takes up a person the text named before ("the candidate").
REFERRING_ROLES = words("""
candidate nominee president senator governor representative congressman congresswoman mayor
judge justice secretary minister ambassador general speaker leader chairman chairwoman chair
director chief businessman businesswoman billionaire mogul tycoon neurosurgeon surgeon doctor
actor actress star singer comedian host front-runner frontrunner contender challenger incumbent
socialist libertarian man woman guy lady founder author spokesman spokeswoman spokesperson
manager adviser advisor aide attorney lawyer executive wife husband mother father brother sister
son daughter king queen prince pope frontrunner hopeful billionaire developer veteran
""")
FEMALE_WORDS = words("""
mrs ms miss she her hers herself woman lady wife mother sister daughter actress spokeswoman
congresswoman chairwoman businesswoman queen princess girl grandmother widow first-lady
""")
MALE_WORDS = words("""
mr he him his himself man guy husband father brother son actor spokesman congressman chairman
businessman king prince boy grandfather sir pope
""")
#: Given names whose bearers in the news are mostly of one sex; a pronoun's antecedent must
#: agree with it when known. A short list: titles and the text's own words decide most cases.
FEMALE_NAMES = words("""
hillary chelsea melania ivanka michelle nancy elizabeth sarah kellyanne hope huma cheryl debbie
donna jill carly nikki susan susana condoleezza madeleine loretta samantha valerie jennifer
jessica mary patricia linda barbara margaret karen lisa betty helen sandra ashley kimberly
emily amanda melissa deborah stephanie rebecca laura sharon cynthia kathleen amy angela anna
brenda pamela nicole katherine kathy christine janet catherine maria heather diane julie joyce
victoria kelly christina joan evelyn lauren judith megyn martha andrea frances ann anne alice
jean julia grace sophia rachel marie rose janice dana kirsten tammy claire amy gwen heidi
kamala maxine marsha lindsey kristen katie erin mia tina paula theresa rosa gabrielle tulsi
elise liz beth meghan megan mika robin sally jeanne connie jane holly tracy wendy ruth dianne
carol kate caroline jeanine ivana marla omarosa stephanie patti neera jennifer jen brianna
michele michelle deborah terrie cheryl liz melanne norah ghazala sandra allison aung suu
angela theresa federica huma kelly kellyanne loretta janet sylvia tammy debbie betsy
nikki jeanne carla alicia ana andrea angelica barbara beverly bonnie carmen cindy claudia
colleen dolores doris edith eileen elaine ellen emma erica esther eva florence gail gloria
gwendolyn harriet irene jacqueline jan jo joan josephine judy june kay lois lorraine lucy
maggie marcia margie marilyn marion marjorie maureen mildred nina norma olivia pauline peggy
phyllis priscilla rita roberta rosemary sara shirley sue susie sylvia valerie vanessa vera
vicki wanda yvonne zoe kirsten
""")
MALE_NAMES = words("""
donald bernie ted marco john jeb ben chris rand mike michael mitt paul barack joe bill george
jim james robert david richard charles thomas daniel matthew mark steven steve andrew kenneth
kevin brian ronald anthony jason jeffrey jeff ryan gary timothy tim jose larry frank scott eric
stephen raymond gregory joshua jerry dennis walter patrick peter harold douglas henry carl arthur
roger keith jeremy terry lawrence sean christian albert austin jesse ralph roy louis bobby
philip phil johnny harry howard newt rudy reince corey paul lindsey martin tom tommy dick al
mitch harry marco rick rick jerry lincoln martin bob jack sam samuel nathan adam jonathan
vladimir benjamin bashar recep xi kim ali mohammed muhammad ahmed omar hassan abdul
jared reince sean stephen steve roger newt chuck elijah adam trey jason devin tim kevin
hugh luis jorge carlos juan miguel jorge ed edward ted teddy dan dave tony greg matt nick
allan allen alan don will brian eddie terry neil sammy joey aaron fred ernest earnest josh
reid mitt marco rahm rex rudy kellan ken kurt lance lee leon luke mario mel milo nate noah
owen pat pete ray reggie ron rob roberto rod russ sal seth shawn sid stan stuart todd troy
vince wade walt wayne wes wesley willie zach barry ben bernard bob bobby boris brent bruce
bryan byron cal calvin carson chad charlie chester chip clay clayton cliff clint cody colin
cory craig curt dale damon danny darrell darren dean derek dick don donnie doug drew
dwight earl ed eli elliott emmanuel evan francis franklin gabriel gene geoff glenn gordon grant
hank harvey herbert herman ian isaac jake jamie jared jay jeffrey jerome jim jimmy joel jon
joseph julian justin karl keith ken kenny kyle lamar leonard lloyd lou lyndon mack
malcolm marcus marshall marvin max maxwell mick mitchell morgan murray myron neal newt nicholas
norm oliver oscar otis preston quentin ralph randy rashid reuben rex ricardo richie
rodney roger roland ross rudolph rufus russell ryan salvatore sergei sergey shane sheldon
simon spencer steven ted terrence theodore tobias tyler victor vladimir wallace warren
william wilbur woodrow xavier zachary
""")
