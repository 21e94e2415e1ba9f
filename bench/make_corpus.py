#!/usr/bin/env python3
"""Synthetic conflict-news corpus for benchmarks.

    python bench/make_corpus.py --n 500 --seed 1 --out bench/synth.jsonl
    python bench/make_corpus.py --n 100000 --out /tmp/big.jsonl   # streams, constant memory

Each line is one document ``{"id", "text", "published", "outlet", "title"}``.
Articles (300-800 words) are assembled from paragraph templates and small
vocabularies of real places and actor names, with relative dates, varied
casualty phrasing, quotes, sourced figures and background paragraphs, so that
the extractor's cost on them resembles its cost on real wire copy. The text is
nonsense as news (events are random) and must never be used for accuracy.
Deterministic: the same --seed gives the same bytes.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, TextIO

THEATRES: list[dict[str, Any]] = [
    {"country": "Nigeria", "demonym": "Nigerian", "region": "Borno state",
     "places": ["Maiduguri", "Dikwa", "Monguno", "Bama", "Gwoza", "Konduga", "Damboa", "Biu", "Marte", "Ngala"],
     "army": ["Nigerian troops", "the Nigerian army", "soldiers"], "police": ["police", "the Borno state police command"],
     "armed": ["Boko Haram fighters", "ISWAP militants", "insurgents", "jihadists"],
     "civil": ["farmers", "fishermen", "villagers", "travellers"], "capital": "Abuja"},
    {"country": "Mali", "demonym": "Malian", "region": "the Mopti region",
     "places": ["Mopti", "Sévaré", "Djenné", "Douentza", "Bandiagara", "Ségou", "Niono", "Gao", "Timbuktu"],
     "army": ["Malian soldiers", "the Malian army", "troops"], "police": ["gendarmes", "police"],
     "armed": ["JNIM fighters", "jihadists", "Islamic State Sahel militants", "armed men on motorcycles"],
     "civil": ["herders", "traders", "villagers", "bus passengers"], "capital": "Bamako"},
    {"country": "Burkina Faso", "demonym": "Burkinabe", "region": "the Sahel region",
     "places": ["Djibo", "Dori", "Arbinda", "Kaya", "Ouahigouya", "Fada N'gourma", "Gorom-Gorom", "Titao"],
     "army": ["Burkinabe soldiers", "the army", "VDP auxiliaries"], "police": ["gendarmes", "police"],
     "armed": ["JNIM fighters", "jihadists", "gunmen", "Islamic State militants"],
     "civil": ["villagers", "displaced families", "traders", "worshippers"], "capital": "Ouagadougou"},
    {"country": "Somalia", "demonym": "Somali", "region": "Lower Shabelle",
     "places": ["Mogadishu", "Afgoye", "Kismayo", "Baidoa", "Beledweyne", "Jowhar", "Marka", "Wanlaweyn"],
     "army": ["Somali troops", "the Somali National Army", "AMISOM peacekeepers"], "police": ["police"],
     "armed": ["al-Shabaab fighters", "al-Shabaab militants", "gunmen", "a suicide bomber"],
     "civil": ["shoppers", "commuters", "restaurant customers", "herders"], "capital": "Mogadishu"},
    {"country": "Yemen", "demonym": "Yemeni", "region": "Hodeidah governorate",
     "places": ["Hodeidah", "Taiz", "Marib", "Saada", "Hajjah", "Zabid", "Al Hazm", "Sanaa"],
     "army": ["government forces", "coalition-backed troops", "the Saudi-led coalition"], "police": ["security forces"],
     "armed": ["Houthi fighters", "Ansar Allah forces", "the Houthis", "Houthi rebels"],
     "civil": ["fishermen", "displaced families", "schoolchildren", "market traders"], "capital": "Sanaa"},
    {"country": "Syria", "demonym": "Syrian", "region": "Idlib province",
     "places": ["Idlib", "Saraqib", "Deir ez-Zor", "Raqqa", "Qamishli", "Aleppo", "Hama", "Manbij"],
     "army": ["Syrian government forces", "the Syrian army", "SDF fighters"], "police": ["Asayish security forces"],
     "armed": ["HTS fighters", "Islamic State cells", "rebel fighters", "gunmen"],
     "civil": ["residents", "displaced people", "farmers", "shepherds"], "capital": "Damascus"},
    {"country": "Afghanistan", "demonym": "Afghan", "region": "Nangarhar province",
     "places": ["Kabul", "Jalalabad", "Kunduz", "Kandahar", "Mazar-i-Sharif", "Herat", "Ghazni", "Khost"],
     "army": ["Taliban forces", "Taliban security forces"], "police": ["Taliban police"],
     "armed": ["ISKP militants", "Islamic State Khorasan fighters", "a suicide bomber", "gunmen"],
     "civil": ["worshippers", "students", "commuters", "shopkeepers"], "capital": "Kabul"},
    {"country": "Ukraine", "demonym": "Ukrainian", "region": "Kharkiv region",
     "places": ["Kharkiv", "Zaporizhzhia", "Kherson", "Odesa", "Dnipro", "Sumy", "Kramatorsk", "Mykolaiv"],
     "army": ["Ukrainian forces", "Ukraine's army", "Ukrainian troops"], "police": ["Ukrainian police"],
     "armed": ["Russian forces", "Russian troops", "Russian artillery units", "Wagner mercenaries"],
     "civil": ["residents", "pensioners", "rail workers", "families"], "capital": "Kyiv"},
    {"country": "Democratic Republic of Congo", "demonym": "Congolese", "region": "North Kivu",
     "places": ["Goma", "Beni", "Butembo", "Rutshuru", "Bunia", "Oicha", "Sake", "Kiwanja"],
     "army": ["FARDC soldiers", "the Congolese army", "government troops"], "police": ["Congolese police"],
     "armed": ["M23 rebels", "ADF fighters", "CODECO militiamen", "armed men"],
     "civil": ["villagers", "farmers", "displaced people", "motorcycle taxi drivers"], "capital": "Kinshasa"},
    {"country": "Myanmar", "demonym": "Myanmar", "region": "Sagaing region",
     "places": ["Monywa", "Pakokku", "Ye-U", "Shwebo", "Mandalay", "Magway", "Hpakant", "Loikaw"],
     "army": ["junta troops", "the military", "Myanmar soldiers"], "police": ["junta police"],
     "armed": ["People's Defence Force fighters", "PDF fighters", "resistance fighters", "ethnic armed groups"],
     "civil": ["villagers", "monks", "students", "farmers"], "capital": "Naypyitaw"},
    {"country": "Colombia", "demonym": "Colombian", "region": "Cauca province",
     "places": ["Cúcuta", "Tumaco", "Toribío", "Popayán", "Arauca", "Tibú", "Buenaventura", "Jamundí"],
     "army": ["Colombian soldiers", "the army", "troops"], "police": ["police officers", "the national police"],
     "armed": ["ELN rebels", "FARC dissidents", "Clan del Golfo gunmen", "armed men"],
     "civil": ["social leaders", "coca farmers", "Indigenous guards", "villagers"], "capital": "Bogota"},
    {"country": "Mexico", "demonym": "Mexican", "region": "Guanajuato state",
     "places": ["Celaya", "Culiacán", "Irapuato", "Apatzingán", "Zamora", "Tijuana", "Acapulco", "Reynosa"],
     "army": ["Mexican soldiers", "the National Guard", "marines"], "police": ["municipal police", "state police"],
     "armed": ["cartel gunmen", "CJNG gunmen", "Sinaloa Cartel members", "armed men"],
     "civil": ["bar customers", "taxi drivers", "family members", "shop owners"], "capital": "Mexico City"},
    {"country": "India", "demonym": "Indian", "region": "Uttar Pradesh",
     "places": ["Lucknow", "Meerut", "Kanpur", "Aligarh", "Agra", "Varanasi", "Moradabad", "Bareilly"],
     "army": ["paramilitary forces", "Rapid Action Force personnel"], "police": ["police", "state police"],
     "armed": ["a mob", "unidentified attackers", "rioters"],
     "civil": ["students", "farmers", "shopkeepers", "commuters"], "capital": "New Delhi"},
    {"country": "Sudan", "demonym": "Sudanese", "region": "Darfur",
     "places": ["El Geneina", "Nyala", "El Fasher", "Khartoum", "Omdurman", "Khartoum North", "Zalingei", "Kadugli"],
     "army": ["Sudanese Armed Forces", "the army", "SAF troops"], "police": ["police"],
     "armed": ["RSF fighters", "Rapid Support Forces", "allied militias", "armed men in uniform"],
     "civil": ["displaced people", "market traders", "patients", "families"], "capital": "Port Sudan"},
    {"country": "Iraq", "demonym": "Iraqi", "region": "Kirkuk province",
     "places": ["Kirkuk", "Fallujah", "Baqubah", "Muqdadiyah", "Tikrit", "Mosul", "Ramadi", "Samarra"],
     "army": ["Iraqi soldiers", "the Iraqi army", "Popular Mobilisation fighters"], "police": ["federal police"],
     "armed": ["Islamic State militants", "IS cells", "jihadists", "gunmen"],
     "civil": ["shepherds", "truffle hunters", "farmers", "villagers"], "capital": "Baghdad"},
]

OUTLETS = ["Reuters", "AP", "AFP", "Levant Monitor", "Sahel Daily", "Horn Observer", "Frontline Digest",
           "Regional Security Review", "The Field Report", "Crisis Desk"]
FIRST = ["Ahmed", "Fatima", "Ibrahim", "Maria", "Oleh", "Aung", "Jean", "Rosa", "Abdullahi", "Priya", "Hassan",
         "Amina", "Carlos", "Nadia", "Moussa", "Olena", "Kyaw", "Grace", "Yusuf", "Anil"]
LAST = ["Mohammed", "Traoré", "Hassan", "Kovalenko", "Min", "Kasereka", "Gómez", "Abdi", "Sharma", "Diallo",
        "Osman", "Hernández", "Bondarenko", "Tun", "Mbuyi", "Sani", "Haidari", "Rahman", "Nour", "Ortiz"]
ROLES = ["a local official", "a military spokesman", "the provincial governor", "a police commander",
         "a community leader", "an aid worker", "a hospital director", "a resident", "an analyst"]
AGENCIES = ["OCHA", "the UN refugee agency UNHCR", "the International Organization for Migration",
            "the World Food Programme", "Human Rights Watch", "Amnesty International", "the ICRC",
            "a local monitoring group", "the health ministry", "UNICEF"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

LEADS = {
    "clash": "{armed} attacked {army_pos} in {place} {when}, sparking a gun battle that {toll}, {src} said.",
    "overrun": "{armed} overran {army_pos} in the town of {place} {when} and {toll_v}, {src} said.",
    "retake": "{army_cap} retook the town of {place} from {armed} {when} after heavy fighting, {src} said.",
    "air": "An air strike hit a {target} in {place} {when}, {toll_v2}, {src} said.",
    "shelling": "Artillery shells fired by {armed} slammed into a {target} in {place} {when}, {toll_v2}, {src} said.",
    "ied": "A roadside bomb struck a vehicle carrying {civil} near {place} {when}, {toll_v2}, {src} said.",
    "suicide": "A suicide bomber blew himself up at a crowded {target} in {place} {when}, {toll_v2}, {src} said.",
    "attack": "{armed_cap} stormed the village of {village}, near {place}, {when}, {toll_civ}, {src} said.",
    "abduct": "{armed_cap} abducted {count_w} {civil} on the road between {place} and {place2} {when}, {src} said.",
    "protest": "Thousands of {civil} marched through {place} {when} to protest against {grievance}; the rally ended peacefully.",
    "intervene": "{police_cap} fired tear gas to disperse {civil} protesting against {grievance} in {place} {when}, {src} said.",
    "riot": "A mob set fire to vehicles and shops in {place} {when} after {trigger}, {src} said.",
    "arrest": "{police_cap} arrested {count_n} suspected members of a cell linked to {armed} in {place} {when}, {src} said.",
    "agreement": "Representatives of {army} and {armed} agreed to a {days}-day truce in {place} {when}, {src} said.",
}
FOLLOW = [
    "The attackers arrived in pickup trucks shortly after dawn and withdrew before reinforcements could reach the area.",
    "Residents said the fighting forced hundreds of families to flee towards {place2}.",
    "The {demonym} government did not immediately comment on the incident.",
    "Several houses and a health post were burned, according to residents reached by telephone.",
    "Roads leading to {place} were closed for much of the day, witnesses said.",
    "It was the {ordinal} such incident in {region} this month.",
    "Aid groups said the violence had interrupted food distributions to more than {big} people.",
    "No group immediately claimed responsibility, though suspicion fell on {armed}.",
]
SECOND = ["Separately,", "In a separate incident,", "Elsewhere in {region},", "Meanwhile,"]
SECOND_EVENTS = [
    "{armed} killed {toll_n} {civil} near {place2} {when2}, local sources said.",
    "{army} said they had killed {count_n} militants in operations around {place2} {when2}.",
    "a landmine killed {toll_n} {civil} travelling to market near {place2} {when2}.",
    "{police} said they had detained {count_n} people in {place2} {when2} on suspicion of planning attacks.",
    "drones struck a {target} in {place2} {when2}, wounding {count_w} people.",
]
QUOTES = [
    "\"We heard the shooting and ran into the bush with the children,\" said {person}, {role} in {place}. \"When we came back, nothing was left.\"",
    "\"The situation is under control,\" {person}, {role}, told reporters. \"Our forces are pursuing the attackers.\"",
    "{person}, {role}, said that the area had been without any security presence for weeks.",
    "\"Nobody protects us here,\" said {person}, {role}. \"We bury our dead and wait for the next attack.\"",
    "\"This is a clear violation of international humanitarian law,\" said {person}, {role}, adding that those responsible must be held to account.",
    "{person} said the number of victims was likely to rise as rescuers searched the rubble.",
]
CLAIMS = [
    "According to {agency}, more than {big} people have been displaced in {region} since the start of the year.",
    "{agency_cap} estimates that {pct} percent of households in the area need food assistance.",
    "The conflict has killed at least {huge} people since {year}, according to {agency}.",
    "{agency_cap} said that {count_n} health facilities in {region} had been damaged or closed.",
    "Humanitarian appeals for {country} are only {pct} percent funded, {agency} said.",
]
BACKGROUND = [
    "In {month} {year}, a similar attack on {place2} killed {toll_n} people and prompted a military offensive that lasted for months.",
    "The violence began in {year}, when {armed} first seized territory in {region}.",
    "{place} was the scene of one of the deadliest attacks of the war in {year}, when {big_toll} people were killed in a single day.",
    "Talks brokered in {capital} in {year} collapsed after both sides accused each other of violating a ceasefire.",
]
CONTEXT = [
    "Analysts say the {demonym} authorities have struggled to hold rural areas, where armed groups tax trade routes and recruit among young men with few prospects.",
    "Diplomats in {capital} say the government has rejected calls for dialogue, arguing that negotiations would reward violence.",
    "The rainy season, which begins in the coming weeks, usually slows fighting but also cuts off villages from aid convoys.",
    "Markets in {place} have reopened, but traders say prices for staples such as rice and cooking oil have doubled since last year.",
    "Rights groups have documented abuses by all parties, including summary executions, arbitrary detention and the recruitment of children.",
    "Local journalists say they face growing pressure from both the security forces and armed groups, and many no longer travel outside the main towns.",
    "Schools in {region} have been closed for most of the year, leaving tens of thousands of children without education.",
    "The {demonym} parliament is due to debate an extension of the state of emergency next month.",
]
TARGETS = ["market", "bus station", "mosque", "school", "checkpoint", "hospital", "wedding party", "fuel depot", "army post"]
GRIEVANCES = ["rising fuel prices", "the killing of a student", "power cuts", "insecurity", "a new tax law", "police abuses"]
TRIGGERS = ["a rumour of a kidnapping", "the death of a man in police custody", "a dispute over land", "a road accident"]
TITLES = {"clash": "Deadly clashes", "overrun": "Militants overrun base", "retake": "Army retakes town",
          "air": "Air strike kills civilians", "shelling": "Shelling hits", "ied": "Roadside bomb kills",
          "suicide": "Suicide bombing", "attack": "Village attack", "abduct": "Gunmen abduct travellers",
          "protest": "Thousands march", "intervene": "Police disperse protest", "riot": "Mob violence",
          "arrest": "Police arrest suspected militants", "agreement": "Truce agreed"}
ORDINALS = ["second", "third", "fourth", "fifth"]
VILLAGES = ["Kolo", "Gari", "Nyamba", "Tungu", "Sabon Gari", "Bakin Ruwa", "Dar Salam", "Nueva Esperanza", "Kyauk Taw", "Tal Abu"]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class _Writer:
    """Fills templates for one article from one seeded random stream."""

    def __init__(self, rnd: random.Random, published: date, theatre: dict[str, Any]) -> None:
        self.r = rnd
        self.pub = published
        self.t = theatre
        self._pool: list[dict[str, str]] = []

    def when(self) -> str:
        r, pub = self.r, self.pub
        k = r.randrange(8)
        if k < 4:
            delta = r.randrange(0, 7)
            return "on " + WEEKDAYS[(pub - timedelta(days=delta)).weekday()]
        if k == 4:
            return "yesterday"
        if k == 5:
            d = pub - timedelta(days=r.randrange(1, 10))
            return f"on {MONTHS[d.month - 1]} {d.day}"
        if k == 6:
            return "late on " + WEEKDAYS[(pub - timedelta(days=r.randrange(1, 6))).weekday()]
        return "earlier this week"

    def toll_number(self) -> str:
        r = self.r
        n = r.randrange(2, 60)
        k = r.randrange(6)
        if k == 0:
            return f"at least {n}"
        if k == 1:
            return NUMBER_WORDS[min(n, 12) - 2] if n <= 12 else str(n)
        if k == 2:
            return f"{n} to {n + r.randrange(2, 8)}"
        if k == 3:
            return r.choice(["dozens of", "several", "more than 20"])
        if k == 4:
            return f"about {n}"
        return str(n)

    def slots(self) -> dict[str, str]:
        r, t = self.r, self.t
        places = r.sample(t["places"], 2)
        army = r.choice(t["army"])
        armed = r.choice(t["armed"])
        police = r.choice(t["police"])
        civil = r.choice(t["civil"])
        toll = self.toll_number()
        wounded = r.randrange(2, 40)
        return {
            "place": places[0], "place2": places[1], "village": r.choice(VILLAGES),
            "army": army, "army_cap": _cap(army), "army_pos": "an army post" if r.random() < 0.5 else "a military base",
            "armed": armed, "armed_cap": _cap(armed), "police": police, "police_cap": _cap(police),
            "civil": civil, "region": t["region"], "demonym": t["demonym"], "country": t["country"],
            "capital": t["capital"], "when": self.when(), "when2": self.when(),
            "toll": f"killed {toll} people, among them {r.randrange(1, 6)} soldiers",
            "toll_v": f"killed {toll} soldiers",
            "toll_v2": f"killing {toll} {civil} and wounding {wounded} others",
            "toll_civ": f"killing {toll} civilians, among them women and children",
            "toll_n": str(r.randrange(2, 30)), "count_n": str(r.randrange(3, 150)),
            "count_w": r.choice(NUMBER_WORDS), "target": r.choice(TARGETS),
            "grievance": r.choice(GRIEVANCES), "trigger": r.choice(TRIGGERS), "days": str(r.choice([3, 7, 30, 72])),
            "src": r.choice(["officials", "a security source", "residents", "local officials", "police",
                             "two military sources", "the regional governor", "witnesses"]),
            "person": f"{r.choice(FIRST)} {r.choice(LAST)}", "role": r.choice(ROLES),
            "agency": r.choice(AGENCIES), "agency_cap": _cap(r.choice(AGENCIES)),
            "big": f"{r.randrange(10, 900)},000", "huge": f"{r.randrange(2, 90)},000",
            "big_toll": str(r.randrange(40, 400)), "pct": str(r.randrange(15, 95)),
            "year": str(r.randrange(2009, self.pub.year)), "month": r.choice(MONTHS),
            "ordinal": r.choice(ORDINALS),
        }

    def fill(self, template: str) -> str:
        # a few slot sets per article keep names consistent and generation cheap
        if not self._pool:
            self._pool = [self.slots() for _ in range(3)]
        return template.format(**self.r.choice(self._pool))

    def article(self, n_words: int) -> tuple[str, str]:
        r = self.r
        kind = r.choice(sorted(LEADS))
        s = self.slots()
        lead = _cap(LEADS[kind].format(**s))
        outlet = r.choice(OUTLETS)
        style = r.randrange(3)
        if style == 0:
            head = f"{s['place'].upper()}, {self.t['country']}, {MONTHS[self.pub.month - 1]} {self.pub.day}, {self.pub.year} ({outlet}) - "
        elif style == 1:
            head = f"date {self.pub.isoformat()}\n"
        else:
            head = ""
        title = f"{TITLES[kind]} in {s['place']}, {self.t['country']}"
        paras = [head + lead, self.fill(r.choice(FOLLOW))]
        pools = [QUOTES, CLAIMS, BACKGROUND, CONTEXT, FOLLOW]
        used: set[str] = set()
        words = sum(len(p.split()) for p in paras)
        while words < n_words:
            if r.randrange(7) == 0:
                para = f"{self.fill(r.choice(SECOND))} {self.fill(r.choice(SECOND_EVENTS))}"
            else:
                sentences = []
                for _ in range(r.randrange(1, 4)):
                    template = r.choice(r.choice(pools))
                    if template not in used or len(used) > 30:
                        used.add(template)
                        sentences.append(self.fill(template))
                para = " ".join(sentences)
            if para:
                paras.append(para)
                words += len(para.split())
        if style == 1:
            return title, head + title + "\n\n" + "\n\n".join([lead] + paras[1:])
        return title, f"{title}\n\n" + "\n\n".join(paras)


def generate(n: int = 500, seed: int = 0, length: tuple[int, int] = (300, 640)) -> Iterator[dict[str, str]]:
    """Yield ``n`` synthetic documents; the same (n, seed, words) always yields the same documents.

    ``length`` is the range the target length is drawn from (wire briefs: ``(60, 160)``).
    """
    start = date(2015, 1, 1)
    for i in range(n):
        rnd = random.Random(f"{seed}:{i}")
        published = start + timedelta(days=rnd.randrange(0, 3650))
        theatre = THEATRES[rnd.randrange(len(THEATRES))]
        writer = _Writer(rnd, published, theatre)
        # aim below the 800-word ceiling: the last paragraph may overshoot by up to ~120 words
        title, text = writer.article(rnd.randrange(*length))
        words = text.split()
        if len(words) > 800:
            text = " ".join(words[:800])
        yield {"id": f"synth_{seed}_{i:07d}", "text": text, "published": published.isoformat(),
               "outlet": "synthetic", "title": title}


def write_jsonl(docs: Iterator[dict[str, str]], fh: TextIO) -> int:
    count = 0
    for d in docs:
        fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500, help="number of articles (default 500)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="-", help="output JSONL path, '-' for stdout")
    a = ap.parse_args(argv)
    if a.out == "-":
        write_jsonl(generate(a.n, a.seed), sys.stdout)
    else:
        with open(a.out, "w", encoding="utf-8") as fh:
            write_jsonl(generate(a.n, a.seed), fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
