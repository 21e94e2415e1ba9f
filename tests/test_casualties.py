"""casualties: find_casualty_mentions / find_fatalities on wire-style sentences."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.casualties import CasualtyMention, find_casualty_mentions, find_fatalities
from sitroom.records import Fatalities

N = None

# sentence -> (low, best, high) of find_fatalities, or None when no death count is stated
FATALITY_CASES = [
    ("Gunmen stormed the village in Zamfara on Tuesday, killing six civilians and two soldiers, "
     "police said.", (8, 8, 8)),
    ("At least 12 people were killed and 30 wounded in a suicide bombing in Mogadishu.", (12, 12, N)),
    ("A suicide bombing at a market in Baghdad left over 300 dead.", (300, 300, N)),
    ("The death toll from the blast in Kabul rose to 45, the health ministry said.", (45, 45, 45)),
    ("The death toll rose from 12 to 15 after three of the wounded died in hospital.", (15, 15, 15)),
    ("The landslide of violence in North Kivu has claimed 17 lives since Friday.", (17, 17, 17)),
    ("Dozens were killed in clashes between herders and farmers in Plateau State.", (24, 24, N)),
    ("Hundreds dead as the army shells rebel-held districts of Idlib.", (200, 200, N)),
    ("Islamic State militants executed 58 people in the old city, residents said.", (58, 58, 58)),
    ("Security forces killed 25 militants in Borno state, the army said.", (25, 25, 25)),
    ("Three gunmen killed 12 villagers near Mopti before fleeing on motorbikes.", (12, 12, 12)),
    ("No one was killed in the attack on the Kandahar checkpoint.", (0, 0, 0)),
    # two verbs joined on one passive subject: the count belongs to the second verb too
    ("Three traders were shot and killed by unknown gunmen near Beni on Sunday.", (3, 3, 3)),
    ("Two aid workers were abducted and killed on the road to Kidal.", (2, 2, 2)),
    ("Five farmers were shot and wounded near Gao on Sunday.", None),
    # ... but in the active voice the number before is the attackers, the one after the dead
    ("At least four men attacked and killed two guards near Kano.", (2, 2, 2)),
    ("The explosion caused no casualties, according to local officials.", (0, 0, 0)),
    ("Al-Shabaab threatened to kill 20 aid workers unless the ransom was paid.", None),
    ("A car bomb of that size could kill 100 people, an analyst warned.", None),
    ("About 40 percent of the population of Kharkiv fled, officials said.", None),
    ("The 60,000-seat stadium in Donetsk was shelled on Monday.", None),
    ("The air strike killed 14 people, including five children, in Saada province.", (14, 14, 14)),
    ("Fourteen people, including five children, were killed in the Saudi-led air strike.",
     (14, 14, 14)),
    ("KILLING 12 PEASANTS AND WOUNDING 8 OTHERS IN THE DEPARTMENT OF CABANAS", (12, 12, 12)),
    ("The army said 7 soldiers and 15 insurgents were killed in fighting in Helmand.", (22, 22, 22)),
    ("The bombing in Quetta killed between 12 and 15 people.", (12, 12, 15)),
    ("Twelve people died when a roadside bomb struck their bus in Kandahar.", (12, 12, 12)),
    ("The raid on the Rohingya village left 30 dead and dozens missing.", (30, 30, 30)),
    ("Police in Michoacan found 19 bodies dumped on a highway.", (19, 19, 19)),
    ("Troops shot dead at least nine protesters in Mandalay on Saturday.", (9, 9, N)),
    ("The massacre in Ituri claimed the lives of up to 50 displaced people.", (N, 50, 50)),
    ("Russian shelling of Kherson killed more than a dozen civilians overnight.", (12, 12, N)),
    ("Nearly 300 people have died in the ethnic violence in Manipur since May.", (N, 300, 300)),
    ("The blast caused 23 casualties.", None),
    ("Maoist rebels ambushed a convoy in Chhattisgarh, killing 22 security personnel, "
     "officials said on Sunday.", (22, 22, 22)),
    ("Two soldiers were killed and four wounded in a mortar attack in Tal Afar.", (2, 2, 2)),
    ("Tens of thousands have been killed in the conflict in Yemen.", (20000, 20000, N)),
]


@pytest.mark.parametrize("text,expected", FATALITY_CASES, ids=[c[0][:45] for c in FATALITY_CASES])
def test_find_fatalities(text: str, expected: tuple | None) -> None:
    f = find_fatalities(text, offset=1000)
    if expected is None:
        assert f is None
        return
    assert isinstance(f, Fatalities)
    assert (f.low, f.best, f.high) == expected
    assert text[f.span_start - 1000:f.span_end - 1000] == f.text


# sentence -> list of (kind, best, who) of the non-subset mentions
MENTION_CASES = [
    ("At least 12 people were killed and 30 wounded in a bombing in Peshawar.",
     [("killed", 12, "people"), ("wounded", 30, None)]),
    ("Twelve people are missing and 40 were abducted by gunmen in Katsina.",
     [("missing", 12, "people"), ("abducted", 40, None)]),
    ("Police arrested 30 protesters outside parliament in Nairobi.", [("arrested", 30, "protesters")]),
    ("Bandits kidnapped 20 schoolchildren in Zamfara on Friday.", [("abducted", 20, "schoolchildren")]),
    ("The blast caused 23 casualties.", [("casualties", 23, None)]),
    ("The militia seized 3 towns in the north.", []),
    ("12 dead and 30 wounded in a market attack in Gao.", [("killed", 12, None), ("wounded", 30, None)]),
    ("Nobody was hurt when the drone hit the depot in Odesa.", [("wounded", 0, None)]),
    ("Four of the 200 students escaped, the governor said.", []),
    ("Children aged 5 to 12 were killed.", []),
    ("A soldier was killed and two others were wounded near Kidal.",
     [("killed", 1, "soldier"), ("wounded", 2, "others")]),
    ("At least 6 of the 20 passengers died when the bus hit a mine in Tigray.", [("killed", 6, "passengers")]),
    ("Amina Bello, 45, was killed by a stray bullet in Maiduguri.", []),
    ("Hundreds of civilians have been killed or wounded in Marib.", [("casualties", 200, "of civilians")]),
    ("Gunmen killed seven people in Jalisco, 12 others were injured.",
     [("killed", 7, "people"), ("wounded", 12, "others")]),
    ("Israeli strikes killed 35 Palestinians in Rafah.", [("killed", 35, "Palestinians")]),
    ("Twenty-three people, most of them women, died in the stampede in Kano.", [("killed", 23, "people")]),
    ("A 12-year-old boy was killed by a landmine in Kunduz.", [("killed", 1, "12-year-old boy")]),
    ("On 5 March 12 people were killed in Beni.", [("killed", 12, "people")]),
    ("The number of people killed in the Tigray clashes rose to 300, the UN said.", [("killed", 300, None)]),
    ("The ambush killed 9 soldiers and 4 civilians, the army said, while 7 attackers were killed.",
     [("killed", 13, None), ("killed", 7, "attackers")]),
]


@pytest.mark.parametrize("text,expected", MENTION_CASES, ids=[c[0][:45] for c in MENTION_CASES])
def test_mentions(text: str, expected: list[tuple]) -> None:
    got = [(m.kind, m.value.best, m.who) for m in find_casualty_mentions(text) if not m.subset]
    assert got == expected


def test_list_sum_keeps_parts() -> None:
    text = "Jihadists attacked a convoy near Djibo, killing six civilians and two soldiers."
    (m,) = find_casualty_mentions(text, offset=10)
    assert m.kind == "killed" and m.value.best == 8
    assert [(p.value.best, p.who) for p in m.parts] == [(6, "civilians"), (2, "soldiers")]
    assert m.text == "killing six civilians and two soldiers"
    assert text[m.start - 10:m.end - 10] == m.text


def test_including_is_subset_not_added() -> None:
    text = "The strike on the Saada school bus killed 40 people, including 29 children."
    ms = find_casualty_mentions(text)
    main = [m for m in ms if not m.subset]
    subs = [m for m in ms if m.subset]
    assert [(m.value.best, m.who) for m in main] == [(40, "people")]
    assert [(m.kind, m.value.best, m.who) for m in subs] == [("killed", 29, "children")]
    f = find_fatalities(text)
    assert f is not None and f.best == 40


def test_wounded_kept_apart() -> None:
    f = find_fatalities("Two policemen were killed and 17 people injured in the grenade attack in Srinagar.")
    assert f is not None and (f.best, f.wounded) == (2, 17)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    for m in find_casualty_mentions(text, offset=3):
        assert isinstance(m, CasualtyMention)
        assert text[m.start - 3:m.end - 3] == m.text
    find_fatalities(text)


_WORDS = st.sampled_from([
    "at least", "12", "six", "dozens", "people", "civilians", "soldiers", "were", "killed", "killing",
    "and", "wounded", "injured", "including", "children", ",", "left", "dead", "died", "death toll",
    "rose to", "no one was killed", "could", "kill", "up to", "between", "15", "percent", "in",
    "2016", "October", "abducted", "casualties", "the", "lives", "claimed", "."])


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=14))
def test_mention_properties(words: list[str]) -> None:
    text = " ".join(words)
    for m in find_casualty_mentions(text):
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start:m.end] == m.text
        v = m.value
        if v.low is not None and v.high is not None:
            assert v.low <= v.high
        if m.parts:
            assert sum(p.value.best or 0 for p in m.parts) == v.best
    f = find_fatalities(text)
    if f is not None and f.low is not None and f.high is not None:
        assert f.low <= f.high
