"""Words the name detector never takes for a person (the field's authors, products and services, calendar, faiths,
countries, theorists and models) and the words around a name that say a person is meant (titles, reporting verbs)."""

from __future__ import annotations

# The field's authors a reflection cites, beyond the founders in PROPER_TERMS. Surnames common among clients' families
# (Sullivan, Bowen, Skinner, Levine, Brown ...) are left out: for them the reference cues in _not_a_person decide.
AUTHORS = frozenset(
    """
    porges siegel rothschild kabat-zinn neff germer bollas racker heimann searles ferenczi balint fairbairn guntrip
    horney fromm satir minuchin epston shazer padesky greenberger salkovskis teasdale mearns lemma bromberg maroda
    stolorow orbach frankl erikson mahler tronick beebe lachmann schore cozolino courtois kolk brach tolle hanh
    chödrön chodron gottman luyten gergely mikulincer crittenden grossmann sroufe egeland yalom wampold norcross
    rollnick prochaska diclemente inskipp wosket scaife falender shafranske stoltenberg delworth ladany friedlander
    kiesler lingiardi mcwilliams gabbard assagioli bandura pavlov seligman glasser meichenbaum kazdin craske foa resick
    ehlers borkovec dugas hofmann nolen-hoeksema tirch goleman brené
    """.split()
)
# Apps, services, shops and medicines that turn up in sessions: capitalised, rarely dictionary words, never people
# (names that are also first names, such as Alexa or Zara, are left to the "a"/"the" cue in _names).
PRODUCTS = frozenset(
    """
    spotify headspace duolingo deliveroo uber ubereats lyft tinder bumble grindr snapchat reddit discord fortnite
    minecraft roblox xbox playstation nintendo twitch tumblr pinterest linkedin telegram viber imessage iphone ipad
    android samsung microsoft amazon kindle audible fitbit strava peloton garmin myfitnesspal noom weightwatchers
    onlyfans ebay vinted depop etsy paypal monzo klarna primark tesco sainsburys asda aldi lidl morrisons waitrose
    greggs starbucks nando nandos mcdonalds kfc dominos ikea argos superdrug asos shein lego barbie lucozade coca-cola
    pepsi prosecco xanax valium prozac adderall ritalin elvanse zoloft lexapro wellbutrin ambien seroquel lyrica
    suboxone subutex calpol nurofen lemsip paracetamol ibuprofen tylenol advil samaritans cruse childline nspcc papyrus
    """.split()
)

# Capitalised words that name no one: calendar, family roles, faiths, countries and nationalities (larger than any
# area that identifies), the field's theorists and models, everyday services, apps and medicines.
PROPER_TERMS = (
    frozenset(
        """
    i i'm i'd i've i'll ok okay
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december christmas easter ramadan eid diwali hanukkah passover thanksgiving halloween
    new year year's lent advent
    mum mom dad mummy mommy daddy nan nana nanna gran granny grandma grandad granddad grandpa grandmother
    grandfather auntie aunt uncle sis bro
    god jesus christ allah bible quran torah christian christians muslim muslims jewish hindu sikh buddhist catholic
    protestant church mosque temple synagogue
    english british american scottish welsh irish european african asian caribbean polish indian pakistani
    bangladeshi chinese french german spanish italian portuguese greek turkish arabic russian ukrainian romanian
    nigerian ghanaian somali jamaican kenyan latino latina latinx black white
    uk england scotland wales ireland britain america usa us europe africa asia india pakistan bangladesh poland
    france germany spain italy portugal greece turkey china japan canada australia nigeria ghana jamaica somalia
    kenya romania ukraine russia mexico brazil
    nhs gp a&e camhs iapt bacp ukcp hcpc bps apa dsm icd cbt dbt emdr act cat cfa mbt tfp pacs cats ecr ecr-r trq
    fwc cfi 3rs ptsd cptsd ocd adhd asd bpd eupd gad
    bowlby ainsworth main hesse winnicott klein kleinian freud freudian jung jungian rogers rogerian bion fonagy
    bateman safran muran eubanks hawkins shohet gibbs kolb schön schon johns carper rolfe borton freshwater jasper
    hayes gelso kivlighan bernard wallin holmes stern kohut kernberg linehan beck ellis perls yalom casement lacan
    dozier mallinckrodt tyrrell karpman berne mentalization mentalisation gestalt socratic oedipal oedipus
    adult attachment interview strange situation internal working model seven-eyed drama triangle person-centred
    person-centered psychodynamic transactional analysis
    zoom teams skype whatsapp facetime google facebook instagram tiktok twitter youtube netflix
    covid covid-19 lockdown
    mentalise mentalize mentalising mentalizing
    hogmanay yom kippur rosh hashanah hashana holi kwanzaa vaisakhi baisakhi navratri purim pesach sukkot shavuot
    whitsun whitsunday pentecost epiphany shrove candlemas michaelmas midsummer solstice equinox juneteenth nowruz
    chanukah lohri onam pongal samhain beltane valentine valentine's
    """.split()
    )
    | AUTHORS
    | PRODUCTS
)

TITLES = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lady lord rev revd father sister brother aunt auntie uncle".split()
)
REPORTING_VERBS = frozenset(
    """said says told asked arrived cried mentioned called texted emailed e-mailed wrote came left brought talked
    spoke described explained laughed smiled shouted rang phoned missed cancelled canceled wanted felt seemed looked
    sat walked insisted admitted disclosed reported complained went got became refused agreed stayed started stopped
    shared showed tried kept thinks thought wants feels knows""".split()
)
_CONTRACTIONS = ("n't", "n’t", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m", "'s", "’s", "s'", "s’")


def bare_word(token: str) -> str:
    """The word as a dictionary would list it: no trailing dots, possessive or contraction."""
    word = token.rstrip(".-'’")
    for suffix in _CONTRACTIONS:
        if word.lower().endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word
