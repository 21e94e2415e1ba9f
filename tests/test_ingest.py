"""ingest: files, folders, JSONL, HTML, stdin, and every kind of bad input."""
from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom import ingest
from sitroom.ingest import content_hash, english_ratio, iter_documents, read_published
from sitroom.records import Document, DocumentError

WIRE = ("MAIDUGURI, Nigeria (Reuters) - Suspected Boko Haram fighters attacked a village in Borno state on "
        "Tuesday, killing at least 12 people and burning dozens of homes, a local official and residents said. "
        "The army said troops had pursued the attackers into the forest and that two soldiers were wounded. ")
SAHEL = ("Gunmen on motorbikes killed 15 civilians at a market near Djibo in northern Burkina Faso on Sunday, "
         "the regional governor said in a statement, adding that security forces were searching the area. ")
FRENCH = ("Des hommes armés ont attaqué un village dans le nord du pays dimanche, tuant au moins douze "
          "personnes selon des sources locales. Les forces de sécurité ont lancé une opération de ratissage "
          "dans la zone, a indiqué le gouverneur de la région dans un communiqué publié lundi soir. ") * 2


def items(paths: list[str], **kw: object) -> list[Document | DocumentError]:
    return list(iter_documents(paths, **kw))  # type: ignore[arg-type]


def docs_of(found: list[Document | DocumentError]) -> list[Document]:
    return [x for x in found if isinstance(x, Document)]


def errs_of(found: list[Document | DocumentError]) -> list[DocumentError]:
    return [x for x in found if isinstance(x, DocumentError)]


def test_txt_file_id_and_text_kept(tmp_path: Path) -> None:
    p = tmp_path / "ng_borno_0412.txt"
    p.write_text(WIRE, encoding="utf-8")
    (doc,) = items([str(p)])
    assert isinstance(doc, Document)
    assert doc.id == "ng_borno_0412"
    assert doc.text == WIRE
    assert doc.source_path == str(p)


def test_date_line_read_and_text_unchanged(tmp_path: Path) -> None:
    text = "date 2019-03-05\n\n" + SAHEL
    p = tmp_path / "bf.txt"
    p.write_text(text, encoding="utf-8")
    (doc,) = items([str(p)])
    assert isinstance(doc, Document)
    assert doc.text == text  # offsets stay valid for the original text
    assert doc.published.date == "2019-03-05"
    assert doc.published.basis == "published"


def test_no_date_is_never_invented(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_text(SAHEL, encoding="utf-8")
    (doc,) = items([str(p)])
    assert isinstance(doc, Document)
    assert doc.published.basis in ("inferred", "none")
    if doc.published.basis == "none":
        assert doc.published.date is None


def test_read_published_prefers_metadata() -> None:
    pd = read_published("date 2019-03-05\n" + SAHEL, "2020-01-02T10:00:00Z")
    assert (pd.date, pd.basis) == ("2020-01-02", "published")
    bad_meta = read_published("date 2019-03-05\n" + SAHEL, "last tuesday")
    assert bad_meta.date == "2019-03-05"
    assert read_published(SAHEL, "Tue, 02 Mar 2021 10:00:00 GMT").date == "2021-03-02"
    assert read_published("date 2019-03-05\n" + SAHEL, "2021").date == "2019-03-05"  # a year is not a day


def test_folder_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "z.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "a" / "y.txt").write_text(SAHEL, encoding="utf-8")
    (tmp_path / "c.txt").write_text(SAHEL + WIRE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    found = items([str(tmp_path)])
    assert [d.id for d in docs_of(found)] == ["c", "y", "z"]  # files of a folder before its subfolders
    assert errs_of(found) == []


def test_jsonl_fields_and_derived_id(tmp_path: Path) -> None:
    p = tmp_path / "batch.jsonl"
    rows = [
        {"id": "so-1", "text": WIRE, "published": "2021-06-01", "url": "https://example.org/1",
         "title": "Attack", "outlet": "Wire", "language": "en"},
        {"text": SAHEL},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    a, b = docs_of(items([str(p)]))
    assert (a.id, a.published.date, a.url, a.title, a.outlet, a.language) == (
        "so-1", "2021-06-01", "https://example.org/1", "Attack", "Wire", "en")
    assert b.id.startswith("doc_") and b.id == items([str(p)])[1].id  # stable
    assert b.id == ingest.derived_id(SAHEL)


def test_json_file_list_and_documents_key(tmp_path: Path) -> None:
    p = tmp_path / "docs.json"
    p.write_text(json.dumps({"documents": [{"id": "a", "text": WIRE}, {"id": "b", "text": SAHEL}]}), encoding="utf-8")
    assert [d.id for d in docs_of(items([str(p)]))] == ["a", "b"]


def test_stdin_jsonl() -> None:
    data = (json.dumps({"id": "ye-3", "text": WIRE}) + "\n").encode()
    (doc,) = items(["-"], stdin=io.BytesIO(data))
    assert isinstance(doc, Document) and doc.id == "ye-3"


def test_html_article(tmp_path: Path) -> None:
    body = "".join(f"<p>{s}</p>" for s in (WIRE, SAHEL, WIRE.replace("Tuesday", "Monday")))
    html = (f"<html><head><title>Village attack in Borno</title>"
            f'<meta property="article:published_time" content="2021-03-04"></head>'
            f"<body><nav>Home | World | Africa</nav><article><h1>Village attack in Borno</h1>{body}</article>"
            f"<footer>Copyright</footer></body></html>")
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    (doc,) = items([str(p)])
    assert isinstance(doc, Document)
    assert "Boko Haram" in doc.text and "Copyright" not in doc.text
    assert doc.title == "Village attack in Borno"
    assert doc.published.date == "2021-03-04"


def test_bad_inputs_each_yield_an_error_and_batch_goes_on(tmp_path: Path) -> None:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "01_empty.txt").write_bytes(b"")
    (d / "02_blank.txt").write_text("   \n\n  ", encoding="utf-8")
    (d / "03_binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (d / "04_latin1.txt").write_bytes(("Troops in Tillabéri said " + WIRE).encode("latin-1"))
    (d / "05_noarticle.html").write_text("<html><head><title>x</title></head><body><nav>Menu</nav></body></html>",
                                         encoding="utf-8")
    (d / "06_lines.jsonl").write_text(
        json.dumps({"id": "ok1", "text": WIRE}) + "\n{not json\n" + json.dumps({"id": "nt", "title": "t"}) + "\n"
        + json.dumps(["a", "list"]) + "\n" + json.dumps({"id": "ok2", "text": SAHEL}) + "\n", encoding="utf-8")
    (d / "07_french.txt").write_text(FRENCH, encoding="utf-8")
    (d / "08_good.txt").write_text(WIRE, encoding="utf-8")
    (d / "09_declared.jsonl").write_text(json.dumps({"id": "es", "text": WIRE, "language": "es"}) + "\n",
                                         encoding="utf-8")
    found = items([str(d), str(tmp_path / "missing.txt")])
    codes = {(e.doc_id, e.code, e.fatal) for e in errs_of(found)}
    assert ("01_empty", "empty", True) in codes
    assert ("02_blank", "empty", True) in codes
    assert ("03_binary", "binary", True) in codes
    assert ("04_latin1", "encoding", False) in codes
    assert ("05_noarticle", "no_article", True) in codes
    assert ("line2", "bad_json", True) in codes
    assert ("nt", "no_text", True) in codes
    assert ("07_french", "not_english", True) in codes
    assert ("es", "not_english", True) in codes
    assert ("missing", "not_found", True) in codes
    bad_json = next(e for e in errs_of(found) if e.code == "bad_json" and e.doc_id == "line2")
    assert bad_json.source.endswith("06_lines.jsonl:2")
    assert [x.id for x in docs_of(found)] == ["04_latin1", "ok1", "ok2", "08_good"]
    latin = docs_of(found)[0]
    assert "Tillabéri" in latin.text


def test_too_large_without_reading_it(tmp_path: Path, monkeypatch: object) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # sparse: costs no disk or time
        fh.truncate(50_000_000)
    reads: list[int] = []
    real_open = Path.open

    def spy_open(self: Path, *a: object, **k: object):  # type: ignore[no-untyped-def]
        fh = real_open(self, *a, **k)  # type: ignore[arg-type]
        if self == big:
            reads.append(1)
        return fh

    monkeypatch.setattr(Path, "open", spy_open)  # type: ignore[attr-defined]
    (err,) = items([str(big)])
    assert isinstance(err, DocumentError) and err.code == "too_large"
    assert reads == []  # decided from the size alone


def test_too_large_jsonl_line_skipped(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    p.write_text(json.dumps({"id": "big", "text": "word " * 500}) + "\n" + json.dumps({"id": "ok", "text": WIRE})
                 + "\n", encoding="utf-8")
    found = items([str(p)], max_bytes=1000)
    assert [e.code for e in errs_of(found)] == ["too_large"]
    assert [d.id for d in docs_of(found)] == ["ok"]


def test_duplicate_ids_are_kept_apart(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(WIRE, encoding="utf-8")
    found = items([str(tmp_path)])
    ids = [d.id for d in docs_of(found)]
    assert len(set(ids)) == 2 and ids[0] == "same"
    assert [e.code for e in errs_of(found)] == ["duplicate_id"]


def test_english_ratio_separates_languages() -> None:
    assert english_ratio(WIRE + SAHEL)[0] > 0.25
    assert english_ratio(FRENCH)[0] < 0.12


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_content_hash_ignores_whitespace_layout(s: str) -> None:
    assert content_hash(s) == content_hash("  " + s.replace(" ", "\n ") + "\t")


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_documents_or_errors(tmp_path_factory: object, data: bytes) -> None:
    p = tmp_path_factory.mktemp("h") / "f.jsonl"  # type: ignore[attr-defined]
    p.write_bytes(data)
    for x in iter_documents([str(p)]):
        assert isinstance(x, (Document, DocumentError))


def test_non_document_json_in_folder_is_one_warning(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "gold.json").write_text(json.dumps({"documents": [{"doc_id": "a", "events": []}] * 3}))
    found = items([str(tmp_path)])
    assert [(e.code, e.fatal) for e in errs_of(found)] == [("no_text", False)]
    assert [d.id for d in docs_of(found)] == ["a"]
    named = items([str(tmp_path / "gold.json")])
    assert [(e.code, e.fatal) for e in errs_of(named)] == [("no_text", True)]
