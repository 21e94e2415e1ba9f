"""Cross-article linking measured on real ACLED notes (issue 16): each note against a second outlet's
retelling of it, and pairs of different events that must stay apart.

    python bench/xdoc_pairs.py                 # all of acled-dev
    python bench/xdoc_pairs.py --sample 200    # a fixed sample (seeded)
    python bench/xdoc_pairs.py --show 20       # also print missed and false links

The notes are read at run time from ../shared/dev (data (c) ACLED, acleddata.com) and never stored. For
every note the retelling is *built by rules* from ACLED's coded columns (the meta file) and templates
written here, the way a second outlet would tell the same event a few days later:

* the publication date falls 0-6 days after the event, and the event date is told as a weekday ("on
  Tuesday"), "yesterday", "last week" (when it was) or a date in another format ("March 21");
* the place is told one level coarser or finer than ACLED's point where the admin columns allow: the town
  with its admin1, the town inside its admin2, the admin2 alone, or the admin1 alone;
* a toll (only where the note itself states one) is told a little differently: "at least 20" for 18;
* actors are named or told generically by ACLED's interaction code ("gunmen" for a militia, "security
  forces" for the state, "protesters", "a mob");
* the sentence comes in one of a few orders and voices, with a source attribution.

Negative pairs are two different ACLED events that share the date and the country (``date+country``) and,
harder, also the admin1 and the event type (``hard``). Hard partners are drawn from acled-dev itself and,
for a dev note without one there, from acled-train (one partner per note, the first by document id).

Everything - originals, retellings, partners - goes through the pipeline and one
:func:`sitroom.xdoc.assign_event_ids` run as separate documents. Two documents are *linked* when a report of
one shares an event id with a report of the other. Recall is the share of (note, retelling) pairs linked;
precision is the linked positive pairs over all linked pairs of documents that are told about different
events (every pair in the run, not only the chosen negatives: two retellings of different events are left
out, since two generic retellings of like events can be indistinguishable). The negatives' false-link
rates are printed beside it.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from sitroom import ingest, pipeline, xdoc  # noqa: E402
from sitroom.records import Document, DocumentError, DocumentResult  # noqa: E402

DEV = ROOT.parent / "shared" / "dev"
SEED = 16
RETOLD = "~retold"
PARTNER = "~partner:"

# ---------------------------------------------------------------- general knowledge used by the templates

# The admin levels ACLED's columns hold for these countries, as the countries name them (general knowledge:
# Kenya's 47 counties and their sub-counties; Afghanistan's provinces and districts; Burkina Faso's regions,
# provinces and departments; Bangladesh's divisions, districts and upazilas).
ADMIN_WORDS: dict[str, tuple[str, str]] = {
    "Kenya": ("county", "sub-county"),
    "Afghanistan": ("province", "district"),
    "Burkina Faso": ("region", "province"),
    "Bangladesh": ("division", "district"),
}
DEMONYM = {"Kenya": "Kenyan", "Afghanistan": "Afghan", "Burkina Faso": "Burkinabe", "Bangladesh": "Bangladeshi"}

# ACLED's interaction codes (1 state forces ... 8 external/other forces) told the way a reporter who does
# not name the group would.
GENERIC_ACTOR: dict[int, tuple[str, ...]] = {
    1: ("security forces", "soldiers", "police"),
    2: ("militants", "insurgents", "armed men"),
    3: ("gunmen", "armed men"),
    4: ("militiamen", "armed men", "gunmen"),
    5: ("rioters", "a mob"),
    6: ("protesters", "demonstrators"),
    7: ("civilians", "residents", "villagers"),
    8: ("foreign troops", "international forces"),
}
GENERIC_VICTIM = ("civilians", "villagers", "residents", "people")

SOURCES = ("officials said", "local officials said", "residents said", "local media reported",
           "a local official told reporters", "witnesses said")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# What happened, by ACLED sub-event type: {a1} the acting side, {a2} the other side, {kill} a toll clause
# (", killing at least 20" or ""). Written for this bench; general reporting language.
CLAUSES: dict[str, tuple[str, ...]] = {
    "Armed clash": ("{a1} clashed with {a2}{kill}", "fighting broke out between {a1} and {a2}{kill}"),
    "Attack": ("{a1} attacked {a2}{kill}", "{a1} raided a village and assaulted {a2}{kill}"),
    "Abduction/forced disappearance": ("{a1} abducted {a2}", "{a2} were kidnapped by {a1}"),
    "Sexual violence": ("{a1} raped a woman", "a girl was sexually assaulted by {a1}"),
    "Air/drone strike": ("an air strike by {a1} hit {a2}{kill}", "{a1} carried out a drone strike on {a2}{kill}"),
    "Grenade": ("{a1} hurled a grenade at {a2}{kill}", "a grenade thrown by {a1} exploded{kill}"),
    "Remote explosive/landmine/IED": ("a roadside bomb planted by {a1} exploded{kill}",
                                      "an improvised explosive device went off and hit {a2}{kill}"),
    "Shelling/artillery/missile attack": ("{a1} shelled positions of {a2}{kill}",
                                          "mortar shells fired by {a1} landed on {a2}{kill}"),
    "Suicide bomb": ("a suicide bomber blew himself up near {a2}{kill}",
                     "a suicide car bomb exploded near {a2}{kill}"),
    "Peaceful protest": ("{a1} staged a peaceful protest", "{a1} marched through the streets in protest"),
    "Protest with intervention": ("police dispersed {a1} who were protesting",
                                  "police fired tear gas to break up a protest by {a1}"),
    "Excessive force against protesters": ("police opened fire on protesters{kill}",
                                           "security forces shot at demonstrators{kill}"),
    "Violent demonstration": ("{a1} blocked roads, burned tyres and threw stones in a protest",
                              "a protest by {a1} turned violent as they pelted vehicles with stones"),
    "Mob violence": ("a mob attacked {a2}{kill}", "angry residents lynched {a2}{kill}"),
    "Agreement": ("{a1} and {a2} signed a peace agreement", "{a1} reached a deal with {a2}"),
    "Arrests": ("{a1} arrested {a2}", "{a2} were arrested by {a1}"),
    "Change to group/activity": ("{a1} announced a change in their operations",
                                 "members of {a1} surrendered and joined {a2}"),
    "Disrupted weapons use": ("{a1} defused a bomb", "{a1} seized a cache of weapons and explosives"),
    "Headquarters or base established": ("{a1} set up a new base", "{a1} established a camp"),
    "Looting/property destruction": ("{a1} looted and torched shops", "{a1} destroyed homes and property"),
    "Non-violent transfer of territory": ("{a1} took control of the area without a fight",
                                          "{a2} withdrew and {a1} moved in unopposed"),
    "Other": ("{a1} were involved in an incident", "an incident involving {a1} was reported"),
    "Government regains territory": ("security forces recaptured the area from {a2}{kill}",
                                     "the army retook the town from {a2}{kill}"),
    "Non-state actor overtakes territory": ("{a1} seized control of the area{kill}",
                                            "{a1} overran the town{kill}"),
}


@dataclass
class PairSet:
    """The documents of one pair run and which pairs of them are the same event or must stay apart."""
    docs: list[Document] = field(default_factory=list)
    positives: list[tuple[str, str]] = field(default_factory=list)  # (note, its retelling)
    negatives: list[tuple[str, str, bool]] = field(default_factory=list)  # (note, other note, hard?)
    event_of: dict[str, str] = field(default_factory=dict)  # doc id -> ACLED event id it tells
    retold: set[str] = field(default_factory=set)
    how: dict[str, str] = field(default_factory=dict)  # retelling id -> the transformations chosen


def _rng(doc_id: str, seed: int) -> random.Random:
    return random.Random(seed * 1_000_003 + zlib.crc32(doc_id.encode()))


def _strip(name: str | None) -> str:
    """ACLED's name as a reporter would write it: no period or country suffix, no expansion after a colon."""
    return (name or "").split(" (")[0].split(":")[0].strip()


def _actor(m: dict[str, Any], k: str, rng: random.Random) -> str | None:
    name, inter = m.get(k), m.get("inter" + k[-1])
    if not name:
        return None
    generic = GENERIC_ACTOR.get(int(inter)) if inter is not None else None
    low = name.lower()
    named_ok = not low.startswith(("unidentified", "rioters", "protesters", "civilians"))
    if named_ok and (generic is None or rng.random() < 0.5):
        if int(inter or 0) == 1:  # "Police Forces of Kenya (2013-)" -> "Kenyan police"
            dem = DEMONYM.get(m.get("country") or "", "")
            kind = "police" if "police" in low else "soldiers" if "military" in low else "security forces"
            return f"{dem} {kind}".strip()
        return _strip(name)
    return rng.choice(generic) if generic else _strip(name)


def _toll(n: int, rng: random.Random) -> str:
    r = rng.random()
    if n >= 3 and r < 0.3:
        return f"at least {n + max(1, round(n * rng.uniform(0.05, 0.25)))} people"
    if n >= 4 and r < 0.5:
        return f"{n - 1} people"
    if n == 1:
        return "one person"
    return f"{n} people"


def _date_phrase(ev: date, rng: random.Random) -> tuple[date, str, str]:
    """(publication date, phrase, kind)."""
    k = rng.choice((1, 1, 2, 3, 4, 5, 6))
    pub = ev + timedelta(days=k)
    r = rng.random()
    if k == 1 and r < 0.3:
        return pub, "yesterday", "yesterday"
    if ev.isocalendar()[1] != pub.isocalendar()[1] and r < 0.45 and k >= 3:
        return pub, "last week", "last week"
    if r < 0.75:
        return pub, f"on {WEEKDAYS[ev.weekday()]}", "weekday"
    fmt = rng.choice(("{m} {d}", "{d} {m}"))
    return pub, "on " + fmt.format(m=MONTHS[ev.month - 1], d=ev.day), "month-day"


def _place_phrase(m: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    loc, a1, a2 = m.get("location") or "", m.get("admin1") or "", m.get("admin2") or ""
    w1, w2 = ADMIN_WORDS.get(m.get("country") or "", ("province", "district"))
    options = []
    if loc and a1:
        options.append((f"in {loc}, {a1} {w1}", "town+admin1"))
    if loc and a2 and a2 != loc:
        options.append((f"in {loc} in {a2} {w2}", "town+admin2"))
    if a2:
        options.append((f"in {a2} {w2}", "admin2"))
    if a1:
        options.append((f"in {a1} {w1}", "admin1"))
    if not options:
        return f"in {loc or m.get('country')}", "as coded"
    return rng.choice(options)


def retell(m: dict[str, Any], fatal_stated: bool, seed: int = SEED) -> tuple[str, date, str]:
    """A second outlet's retelling of the event coded in ``m`` (one meta row): (text, published, how)."""
    rng = _rng(m["id"], seed)
    ev = date.fromisoformat(m["event_date"])
    pub, when, when_kind = _date_phrase(ev, rng)
    where, where_kind = _place_phrase(m, rng)
    a1 = _actor(m, "actor1", rng) or "unidentified assailants"
    a2 = _actor(m, "actor2", rng) or rng.choice(GENERIC_VICTIM)
    n = int(m.get("fatalities") or 0)
    kill = ""
    if fatal_stated and n > 0:
        kill = ", killing " + _toll(n, rng)
    templates = CLAUSES.get(m["sub_event_type"], ("{a1} were involved in an incident",))
    clause = rng.choice(templates).format(a1=a1, a2=a2, kill=kill)
    src = rng.choice(SOURCES)
    order = rng.randrange(3)
    if order == 0:
        text = f"{when[0].upper()}{when[1:]}, {clause} {where}, {src}."
    elif order == 1:
        text = f"{clause[0].upper()}{clause[1:]} {where} {when}, {src}."
    else:
        cap = where[0].upper() + where[1:]
        text = f"{cap}, {clause} {when}, {src.replace(' said', '').replace(' reported', '')} said."
        if src.startswith("a local official"):
            text = f"{cap}, {clause} {when}, a local official told reporters."
    how = f"date={when_kind}; place={where_kind}; toll={'changed' if kill else 'none'}; order={order}"
    return text, pub, how


# ---------------------------------------------------------------- building the pair set

def _read_meta(path: Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            m = json.loads(line)
            out[m["doc_id"]].append(m)
    return out


def _fatal_stated(gold_path: Path) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for d in json.loads(gold_path.read_text(encoding="utf-8"))["documents"]:
        evs = d.get("events") or []
        out[d["doc_id"]] = bool(evs and evs[0].get("fatalities"))
    return out


def _docs(path: Path, ids: set[str]) -> dict[str, Document]:
    return {d.id: d for d in ingest.iter_documents([str(path)]) if not isinstance(d, DocumentError) and d.id in ids}


def build(dev: Path = DEV, sample: int | None = None, seed: int = SEED, train_partners: bool = True) -> PairSet:
    """Originals, retellings and negative partners, deterministic for a seed."""
    meta = _read_meta(dev / "acled-dev.meta.jsonl")
    ids = sorted(meta)
    if sample and sample < len(ids):
        ids = sorted(random.Random(seed).sample(ids, sample))
    fatal = _fatal_stated(dev / "acled-dev.gold.json")
    originals = _docs(dev / "acled-dev.jsonl", set(ids))
    ps = PairSet()
    first = {i: meta[i][0] for i in ids if i in originals}
    for i in sorted(first):
        ps.docs.append(originals[i])
        ps.event_of[i] = i
    for i, m in sorted(first.items()):
        text, pub, how = retell(m, fatal.get(i, False), seed)
        rid = i + RETOLD
        ps.docs.append(Document(rid, text, ingest.read_published(text, pub.isoformat())))
        ps.event_of[rid] = i
        ps.retold.add(rid)
        ps.how[rid] = how
        ps.positives.append((i, rid))
    # negatives inside dev
    by_day: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i, m in sorted(first.items()):
        by_day[(m["event_date"], m["country"])].append(i)
    has_hard: set[str] = set()
    for group in by_day.values():
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                a, b = first[group[x]], first[group[y]]
                hard = a["admin1"] == b["admin1"] and a["event_type"] == b["event_type"]
                if hard:
                    has_hard.update((group[x], group[y]))
                ps.negatives.append((group[x], group[y], hard))
    # hard partners from train for dev notes without one
    tmeta_path = dev / "acled-train.meta.jsonl"
    if train_partners and tmeta_path.exists():
        tmeta = _read_meta(tmeta_path)
        key = defaultdict(list)
        for t, rows in sorted(tmeta.items()):
            r = rows[0]
            key[(r["event_date"], r["country"], r["admin1"], r["event_type"])].append(t)
        want: dict[str, str] = {}
        for i, m in sorted(first.items()):
            if i in has_hard:
                continue
            cands = key.get((m["event_date"], m["country"], m["admin1"], m["event_type"]))
            if cands:
                want[i] = cands[0]
        tdocs = _docs(dev / "acled-train.jsonl", set(want.values()))
        added: set[str] = set()
        for i, t in sorted(want.items()):
            if t not in tdocs:
                continue
            pid = PARTNER + t
            if pid not in added:
                d = tdocs[t]
                ps.docs.append(Document(pid, d.text, d.published))
                ps.event_of[pid] = t
                added.add(pid)
            ps.negatives.append((i, pid, True))
    return ps


# ---------------------------------------------------------------- running and scoring

def link_scores(ids_of: dict[str, set[str]], ps: PairSet) -> dict[str, Any]:
    """Pairwise link precision/recall/F1 and the negatives' false-link rates."""
    linked = lambda a, b: bool(ids_of.get(a, set()) & ids_of.get(b, set()))  # noqa: E731
    tp = sum(linked(a, b) for a, b in ps.positives)
    reported = sum(bool(ids_of.get(a)) and bool(ids_of.get(b)) for a, b in ps.positives)
    # every linked pair of documents that tell different events (two retellings left out)
    docs_of: dict[str, set[str]] = defaultdict(set)
    for d, ids in ids_of.items():
        for e in ids:
            docs_of[e].add(d)
    seen: set[tuple[str, str]] = set()
    fp_pairs: list[tuple[str, str]] = []
    for ds in docs_of.values():
        s = sorted(ds)
        for x in range(len(s)):
            for y in range(x + 1, len(s)):
                a, b = s[x], s[y]
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                if ps.event_of.get(a) != ps.event_of.get(b) and not (a in ps.retold and b in ps.retold):
                    fp_pairs.append((a, b))
    fp = len(fp_pairs)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / len(ps.positives) if ps.positives else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    neg = [(a, b) for a, b, _ in ps.negatives]
    hard = [(a, b) for a, b, h in ps.negatives if h]
    neg_linked = sum(linked(a, b) for a, b in neg)
    hard_linked = sum(linked(a, b) for a, b in hard)
    by_how: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a, b in ps.positives:
        for part in ps.how.get(b, "").split("; "):
            if part:
                by_how[part][0] += 1
                by_how[part][1] += linked(a, b)
    return {"precision": p, "recall": r, "f1": f1, "positives": len(ps.positives), "linked": tp,
            "both_reported": reported, "recall_of_reported": tp / reported if reported else 0.0,
            "false_links": fp, "negatives": len(neg), "negatives_linked": neg_linked,
            "hard_negatives": len(hard), "hard_negatives_linked": hard_linked,
            "negative_precision": 1 - neg_linked / len(neg) if neg else 1.0,
            "hard_negative_precision": 1 - hard_linked / len(hard) if hard else 1.0,
            "by_transformation": {k: {"n": v[0], "linked": v[1], "recall": v[1] / v[0]}
                                  for k, v in sorted(by_how.items())},
            "missed": [(a, b) for a, b in ps.positives if not linked(a, b)],
            "false": fp_pairs}


def run(dev: Path = DEV, sample: int | None = None, seed: int = SEED,
        process: Callable[[list[Document]], Iterable[DocumentResult | DocumentError]] | None = None
        ) -> dict[str, Any]:
    """Build the pair set, extract every document, link across documents and score the links."""
    ps = build(dev, sample, seed)
    t0 = time.perf_counter()
    results = list(xdoc.assign_event_ids((process or pipeline.process)(ps.docs)))
    ids_of: dict[str, set[str]] = {}
    reports: dict[str, list[Any]] = {}
    for res in results:
        if isinstance(res, DocumentResult):
            ids_of[res.document.id] = {e.event_id for e in res.events if e.event_id}
            reports[res.document.id] = list(res.events)
    out = link_scores(ids_of, ps)
    out.update(documents=len(ps.docs), seconds=time.perf_counter() - t0, seed=seed, sample=sample)
    out["_pairset"] = ps
    out["_reports"] = reports
    return out


def public(r: dict[str, Any]) -> dict[str, Any]:
    """The numbers of a run, without the documents (for --json)."""
    return {k: v for k, v in r.items() if not k.startswith("_") and k not in ("missed", "false")}


def summary(name: str, r: dict[str, Any]) -> list[str]:
    return [
        f"{name}: cross-article links on {r['positives']} ACLED notes and their rule-built retellings "
        f"({r['documents']} documents, {r['seconds']:.0f} s)",
        f"  link P {r['precision']:.2f} R {r['recall']:.2f} F1 {r['f1']:.2f} (linked {r['linked']}/{r['positives']};"
        f" both reported {r['both_reported']}, recall of those {r['recall_of_reported']:.2f};"
        f" false links {r['false_links']})",
        f"  negatives kept apart: same date+country {r['negative_precision']:.2f} of {r['negatives']}"
        f" ({r['negatives_linked']} linked); hard (also admin1+type) {r['hard_negative_precision']:.2f}"
        f" of {r['hard_negatives']} ({r['hard_negatives_linked']} linked)",
        "  recall by transformation: " + "; ".join(
            f"{k} {v['recall']:.2f} ({v['n']})" for k, v in r["by_transformation"].items()),
    ]


def _describe(rs: list[Any]) -> str:
    out = []
    for e in rs:
        loc = e.location
        out.append(f"[{e.event_type}/{e.sub_event_type} | {e.date.start if e.date else None}.."
                   f"{e.date.end if e.date else None} {e.date.precision if e.date else ''} | "
                   f"{(loc.name, loc.precision, loc.admin1, loc.lat, loc.lon) if loc else None} | "
                   f"{e.actor1} | fat {e.fatalities.best if e.fatalities else None} | {e.event_id}]")
    return " ".join(out) or "[no report]"


_ORDER = ("linked", "score", "actor", "two towns", "two areas", "place far", "admin1", "country", "dates apart",
          "day gap", "sub-type group", "type family", "no date", "same document")


def verdict(ra: list[Any], rb: list[Any]) -> str:
    """Why two documents' reports were (not) linked: the verdict of their closest pair of reports
    (:func:`sitroom.xdoc.pair_verdict`: 'linked' - an edge the clustering may still refuse -, 'score 2.00 < 3.00
    (unplaced)', 'two towns', 'type family' ...)."""
    rules = xdoc.default_rules()
    best = "no report"
    for x in ra:
        for y in rb:
            why = xdoc.pair_verdict(xdoc._node(x, rules), xdoc._node(y, rules), rules)[1]
            key = why.split()[0] if why.startswith("score") else why
            if best == "no report" or _ORDER.index(key) < _ORDER.index(best.split()[0] if best.startswith("score")
                                                                       else best):
                best = why
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--show", type=int, default=0, help="print this many missed and false links")
    ap.add_argument("--json", metavar="FILE")
    a = ap.parse_args(argv)
    if not (DEV / "acled-dev.meta.jsonl").exists():
        print(f"no {DEV}; nothing to measure", file=sys.stderr)
        return 1
    r = run(DEV, a.sample, a.seed)
    for line in summary("acled-dev-pairs", r):
        print(line)
    if a.show:
        ps, rep = r["_pairset"], r["_reports"]
        text = {d.id: (d.text, d.published.date) for d in ps.docs}
        for kind, pairs in (("missed", r["missed"]), ("false", r["false"])):
            print(f"\n--- {kind} ({len(pairs)})")
            for x, y in pairs[: a.show]:
                print(f"  [{verdict(rep.get(x, []), rep.get(y, []))}]")
                for d in (x, y):
                    print(f"  {d} pub={text[d][1]} {ps.how.get(d, '')}\n    {text[d][0][:300]}\n    {_describe(rep.get(d, []))}")
                print()
    if a.json:
        Path(a.json).write_text(json.dumps(public(r), indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
