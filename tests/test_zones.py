"""Document zones and page date lines (issue 16): invented page text only."""
from __future__ import annotations

import pytest

from sitroom import ingest, published, zones

PAGE = """Home | World | Africa | Sport | Contact

Militants kill five at checkpoint in eastern Chad

Attack is the second in the region this month

Posted Jan 12, 2021 | 09:10 am

By Jane Doe

N'DJAMENA \u2014 Militants attacked an army checkpoint near Bol on Sunday night, killing five soldiers, officials said.

Photo: Soldiers patrol near Lake Chad. (AFP/File)

The army said the attackers fled toward the lake.

Related:
- Boko Haram kills 12 fishermen on Lake Chad
- Chad extends state of emergency

Comments (2)
Ali: Terrible.
Moussa: RIP.

\u00a9 2021 Sahel Wire. All rights reserved.
"""


def _kinds(text: str, captions: tuple[str, ...] = ()) -> dict[str, str]:
    """The zone kind of each line's first 30 characters."""
    zs = zones.find_zones(text, captions)
    out = {}
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out[line[:30]] = zones.zone_at(zs, pos)
        pos += len(line) + 1
    return out


def test_page_zones() -> None:
    k = _kinds(PAGE)
    assert k["Home | World | Africa | Sport "] == "boilerplate"
    assert k["Militants kill five at checkpo"] == "headline"
    assert k["Attack is the second in the re"] == "standfirst"
    assert k["Posted Jan 12, 2021 | 09:10 am"] == "dateline"
    assert k["N'DJAMENA \u2014 Militants attacked"] == "body"
    assert k["Photo: Soldiers patrol near La"] == "caption"
    assert k["The army said the attackers fl"] == "body"
    assert k["Related:"] == "related"
    assert k["Comments (2)"] == "comments"


def test_body_text_keeps_offsets() -> None:
    zs = zones.find_zones(PAGE)
    body = zones.body_text(PAGE, zs)
    assert len(body) == len(PAGE)
    assert body.count("\n") == PAGE.count("\n")
    i = PAGE.index("Militants attacked")
    assert body[i:i + 18] == "Militants attacked"
    assert "fishermen" not in body and "Terrible" not in body and "Posted" not in body
    assert "Militants kill five" not in body


def test_plain_note_is_all_body() -> None:
    note = "On 3 March 2020, gunmen killed two villagers in Kakuma (Turkana). No arrests were made."
    assert [z.kind for z in zones.find_zones(note)] == ["body"]
    assert zones.body_text(note, zones.find_zones(note)) == note


def test_html_captions_mark_lines() -> None:
    text = "Protesters march along a main road in Goma on Monday.\n\nPolice fired tear gas at hundreds of " \
           "protesters who marched through the city on Monday, witnesses said. Several were arrested."
    k = _kinds(text, ("Protesters march along a main road in Goma on Monday.",))
    assert k["Protesters march along a main "] == "caption"


@pytest.mark.parametrize("line,iso", [
    ("Posted Feb 3, 2019 | 11:20 pm", "2019-02-03"),
    ("May 9, 2018", "2018-05-09"),
    ("21 October, 2015", "2015-10-21"),
    ("07-03-2020", "2020-03-07"),  # day first: the order of most of the world's outlets
    ("11.06.2017", "2017-06-11"),
    ("April 2, 2019 - Gunmen attacked a post on Sunday.", "2019-04-02"),
    ("Updated: 14 January 2021 09:12 GMT", "2021-01-14"),
    ("Published Tuesday, 12 November 2019", "2019-11-12"),
    ("Wed 6 Mar 2019 07.12 GMT", "2019-03-06"),
    ("By A. Writer | March 18, 2021", "2021-03-18"),
    ("Last modified on Thu 4 Jul 2019 11.20 BST", "2019-07-04"),
    ("Sep. 30, 2016", "2016-09-30"),
    ("12/25/2019", "2019-12-25"),  # only month first makes a date
])
def test_date_lines(line: str, iso: str) -> None:
    found = published.parse_date_line(line)
    assert found is not None and found[0].isoformat() == iso


@pytest.mark.parametrize("line", ["On March 5, 2019 gunmen killed 12 people in a long sentence.",
                                  "The May 9, 2018 attack", "BAMAKO, April 2, 2019 - text", "32.13.2019"])
def test_not_date_lines(line: str) -> None:
    assert published.parse_date_line(line) is None


def test_url_dates() -> None:
    assert published.read_url_date("https://x.example/news/2019/02/03/minibus").date == "2019-02-03"
    assert published.read_url_date("https://x.example/a-20200307.html").date == "2020-03-07"
    assert published.read_url_date("https://x.example/id/12345") is None
    assert published.read_url_date(None) is None


def test_published_order() -> None:
    text = "Headline here\n\n07-03-2020\n\nPolice said four officers were killed on Friday near the border."
    p = ingest.read_published(text, None, "https://x.example/2020/03/09/story")
    assert p.date == "2020-03-07" and p.basis == "published" and "date line" in (p.evidence or "")
    p = ingest.read_published("Police said four officers were killed on Friday.", None,
                              "https://x.example/2020/03/09/story")
    assert p.date == "2020-03-09" and (p.evidence or "").startswith("url")


def test_html_meta_date_and_captions() -> None:
    html = ("<html><head><meta property=\"article:published_time\" content=\"2022-08-16T10:05:00Z\"></head><body>"
            "<article><h1>March in Goma</h1><figure><figcaption>Protesters in Goma on Monday.</figcaption></figure>"
            "<p>Police fired tear gas to disperse hundreds of protesters who marched through Goma on Monday to "
            "demand the departure of the peacekeepers, witnesses said. Several people were arrested.</p>"
            "</article></body></html>")
    _text, meta = ingest.extract_html(html)
    assert meta["published"][:10] == "2022-08-16"
    assert meta["captions"] == ("Protesters in Goma on Monday.",)


def test_inferred_anchor_uncertainty_carried_into_weekday() -> None:
    from sitroom import dates
    from sitroom.records import PublishedDate

    anchor = PublishedDate("2019-03-04", "inferred", "2019-03-04", "2019-04-03", "4 March 2019")
    (d,) = [x for x in dates.find_dates("It happened on Friday.", anchor) if x.text == "Friday"]
    assert (d.start, d.end) == ("2019-03-01", "2019-03-29")
    printed = PublishedDate("2019-03-07", "published")
    (d,) = [x for x in dates.find_dates("It happened on Friday.", printed) if x.text == "Friday"]
    assert (d.start, d.end) == ("2019-03-01", "2019-03-01")


def test_a_section_heading_is_not_a_comment_block() -> None:
    text = ("Gunmen killed four farmers near Jos on Sunday, police said.\n\nDiscussion\n\n"
            "Residents said soldiers arrived two hours after the attack.")
    assert zones.zone_at(zones.find_zones(text), text.index("Residents")) == "body"
