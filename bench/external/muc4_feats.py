"""Candidate noun phrases of a MUC-4 document and their features (for ``muc4_model``).

Benchmark adaptation, not part of sitroom's product: every noun chunk / entity of the
document (parsed with sitroom's own pipeline) becomes a candidate role filler, described by
sparse string features (head lemma, entity label, dependency relation and governor,
sitroom's event triggers and actor roles near it, position, neighbouring words). The
features of a split are cached as JSON under ``cache_root()/bench/muc4`` so that reruns
skip spaCy.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .common import normalise

log = logging.getLogger(__name__)

FEATURE_VERSION = 4
MAX_WORDS = 10
_SKIP_HEAD_POS = frozenset({"PRON", "DET", "NUM", "PUNCT", "SPACE", "SYM", "CCONJ", "ADP"})
_CLAUSE = frozenset({"relcl", "acl", "advcl", "ccomp", "conj", "cc", "punct", "appos", "prep"})


@dataclass(frozen=True)
class Candidate:
    text: str  # normalised phrase
    head: str  # head word (lower case)
    start: int  # char offset of its first mention
    feats: tuple[str, ...]


def _bucket(n: int, edges: Sequence[int]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def _governor(tok: Any) -> tuple[str, str]:
    """(relation, governing word): 'pobj' of 'against' of 'attack' -> ('prep_against', 'attack')."""
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        prep = tok.head
        return f"prep_{prep.lower_}", prep.head.lemma_.lower()
    if tok.dep_ in ("conj", "appos") and tok.head is not tok:
        return _governor(tok.head)
    return tok.dep_, tok.head.lemma_.lower()


def _spans(doc: Any) -> Iterable[tuple[int, int, int]]:
    """(start token, end token, head token index) of candidate phrases."""
    seen: set[tuple[int, int]] = set()
    for ch in doc.noun_chunks:
        if (ch.start, ch.end) not in seen:
            seen.add((ch.start, ch.end))
            yield ch.start, ch.end, ch.root.i
    for e in doc.ents:
        if (e.start, e.end) not in seen and e.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
            seen.add((e.start, e.end))
            yield e.start, e.end, e.root.i
    for tok in doc:  # noun + complement: "members of the fmln", "a group of terrorists"
        if tok.pos_ in ("NOUN", "PROPN"):
            right = tok.i + 1
            for child in tok.rights:
                if child.dep_ in ("prep", "compound", "amod", "nummod", "poss", "pobj"):
                    right = child.right_edge.i + 1
            left = tok.left_edge.i
            if 1 < right - left <= MAX_WORDS and (left, right) not in seen:
                seen.add((left, right))
                yield left, right, tok.i
        if tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("compound", "amod"):
            if (tok.i, tok.i + 1) not in seen:  # the bare word: "terrorists" of "urban terrorists"
                seen.add((tok.i, tok.i + 1))
                yield tok.i, tok.i + 1, tok.i
        if tok.pos_ in ("NOUN", "PROPN"):  # suffixes of a compound chain: "[governor] antonio roldan betancur"
            j = tok.i
            while j > 0 and doc[j - 1].dep_ == "compound" and doc[j - 1].pos_ in ("NOUN", "PROPN") and tok.i - j < MAX_WORDS:
                j -= 1
            for k in range(j, tok.i - 1):
                if (k, tok.i + 1) not in seen:
                    seen.add((k, tok.i + 1))
                    yield k, tok.i + 1, tok.i
    i = 0
    while i < len(doc):  # runs of proper nouns: lower-cased names parse as loose compounds
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN":
            j += 1
        if j - i > 1 and (i, j) not in seen:
            seen.add((i, j))
            yield i, j, j - 1
        i = max(j, i + 1)


def doc_candidates(doc: Any, events: Sequence[Any]) -> list[Candidate]:
    """Candidates of one parsed document with the events sitroom found in it."""
    sents = list(doc.sents)
    sent_idx = {}
    for si, s in enumerate(sents):
        for t in range(s.start, s.end):
            sent_idx[t] = si
    trig_toks: list[tuple[int, str]] = []  # (token index, sub-event type)
    ev_sents: dict[int, set[str]] = {}
    roles: list[tuple[int, int, str]] = []  # char spans of actor mentions with their role
    low = doc.text.lower()
    for ev in events:
        if ev.trigger is None:
            continue
        tspan = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
        if tspan is None:
            continue
        sub = ev.sub_event_type.split("/")[0].replace(" ", "_")
        trig_toks.append((tspan.root.i, sub))
        si = sent_idx.get(tspan.root.i, -1)
        ev_sents.setdefault(si, set()).add(sub)
        for ev_span in ev.evidence:
            for role, mention in (("a1", ev.actor1_mention), ("a2", ev.actor2_mention)):
                if not mention:
                    continue
                m = mention.lower()
                i = low.find(m, ev_span.start, ev_span.end + len(m))
                if i >= 0:
                    roles.append((i, i + len(m), role))
    sent_verbs = [sorted({t.lemma_.lower() for t in s if t.pos_ == "VERB"}) for s in sents]
    first: dict[str, int] = {}
    text_count: dict[str, int] = {}
    head_count: dict[str, int] = {}
    out: dict[str, Candidate] = {}
    for start, end, hi in _spans(doc):
        span = doc[start:end]
        head = doc[hi]
        if head.pos_ in _SKIP_HEAD_POS or not head.text.strip():
            continue
        text = normalise(normalise(span.text))  # 'the "medellin cartel': quote, then article
        if not text or len(text) < 2 or len(text.split()) > MAX_WORDS:
            continue
        head_count[head.lower_] = head_count.get(head.lower_, 0) + 1
        si = sent_idx.get(hi, 0)
        rel, gov = _governor(head)
        feats = [
            "bias", f"h={head.lemma_.lower()}", f"hl={head.lower_}", f"pos={head.tag_}", f"dep={rel}",
            f"gov={gov}", f"depgov={rel}|{gov}", f"ner={head.ent_type_ or 'O'}",
            f"len={_bucket(end - start, (1, 2, 3, 5))}", f"sent={_bucket(si, (0, 1, 2, 4, 8))}",
            f"prev={doc[start - 1].lower_ if start > 0 else '<s>'}",
            f"next={doc[end].lower_ if end < len(doc) else '</s>'}",
        ]
        gov_tok = head.head
        feats += [
            f"prev2={doc[start - 2].lower_ if start > 1 else '<s>'}",
            f"next2={doc[end + 1].lower_ if end + 1 < len(doc) else '</s>'}",
            f"govpos={gov_tok.pos_}", f"gov2={gov_tok.head.lemma_.lower()}",
            f"first={span[0].lower_}", f"ner0={span[0].ent_type_ or 'O'}",
        ]
        if any(c.dep_ == "auxpass" for c in gov_tok.children):
            feats.append(f"pass|{rel}")
        for c in head.children:
            if c.dep_ == "appos":
                feats.append(f"appos={c.lemma_.lower()}")
        k = start - 1  # the title before a name: "senator", "priest", "mayor"
        while k >= 0 and doc[k].dep_ == "compound" and start - k <= 3:
            feats.append(f"title={doc[k].lemma_.lower()}")
            k -= 1
        if 0 <= si < len(sent_verbs):
            feats.extend(f"sv={v}" for v in sent_verbs[si])
        if len(text.split()) <= 4:
            feats.append(f"t={text}")
        for w in {t.lemma_.lower() for t in span if not t.is_punct and t.i != hi}:
            feats.append(f"w={w}")
        if any(t.like_num for t in span):
            feats.append("num")
        if text in first:
            feats.append("repeat")
        subs = ev_sents.get(si)
        if subs:
            feats.append("ev_sent")
            feats.extend(f"ev_sub={s}" for s in subs)
        if trig_toks:
            dist = min(abs(hi - t) for t, _ in trig_toks)
            feats.append(f"tdist={_bucket(dist, (0, 2, 5, 10, 20, 50))}")
            near = min(trig_toks, key=lambda x: abs(hi - x[0]))
            if dist <= 10:
                feats.append(f"near_sub={near[1]}|{rel}")
        else:
            feats.append("no_events")
        c0 = span.start_char
        for a, b, role in roles:
            if a <= head.idx < b:
                feats.append(f"role={role}")
                feats.append(f"role={role}|h={head.lemma_.lower()}")
        text_count[text] = text_count.get(text, 0) + 1
        if text not in out:
            first[text] = c0
            out[text] = Candidate(text, head.lower_, c0, tuple(dict.fromkeys(feats)))
        else:  # later mentions add their contexts
            old = out[text]
            extra = [f for f in feats if f.startswith(("dep", "gov", "role", "ev_", "tdist", "near", "sv=", "pass"))]
            out[text] = Candidate(old.text, old.head, old.start, tuple(dict.fromkeys(old.feats + tuple(extra))))
    result = []
    for c in out.values():
        n = head_count.get(c.head, 1)
        result.append(Candidate(c.text, c.head, c.start, c.feats + (f"hcount={_bucket(n, (1, 2, 4))}",
                                                                    f"tcount={_bucket(text_count[c.text], (1, 2, 4))}")))
    return result


def _cache_file(split: str, src: Path) -> Path:
    from sitroom.geo.gazetteer import cache_root

    st = src.stat()
    return cache_root() / "bench" / "muc4" / f"{split}.v{FEATURE_VERSION}.{st.st_size}.{int(st.st_mtime)}.json"


def split_candidates(split: str, docs: Sequence[Any], src: Path, limit: int = 0,
                     batch_size: int = 32) -> dict[str, list[Candidate]]:
    """docid -> candidates for every document of a split (cached; ``limit`` runs are not cached)."""
    cache = _cache_file(split, src)
    if not limit and cache.exists():
        raw = json.loads(cache.read_text(encoding="utf-8"))
        return {k: [Candidate(normalise(c[0]), c[1], c[2], tuple(c[3])) for c in v] for k, v in raw.items()}
    from sitroom.pipeline import Config, analyse, parse_documents
    from sitroom.records import Document

    from .muc4 import as_wire_text

    todo = docs[:limit] if limit else docs
    out: dict[str, list[Candidate]] = {}
    config = Config(what=("events",))
    texts = [as_wire_text(d.text) for d in todo]
    for d, text, parsed in zip(todo, texts, parse_documents(texts, batch_size=batch_size)):
        try:
            events = analyse(Document(id=d.docid, text=text), parsed, config).events
        except Exception:  # one bad document: candidates without event features
            log.exception("sitroom failed on %s", d.docid)
            events = ()
        out[d.docid] = doc_candidates(parsed, events)
    if not limit:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps({k: [[c.text, c.head, c.start, list(c.feats)] for c in v]
                                   for k, v in out.items()}), encoding="utf-8")
        tmp.replace(cache)
    return out
