"""Read documents from files, folders, JSON Lines and HTML.

``iter_documents(paths)`` yields one :class:`~sitroom.records.Document` per
readable article, or a :class:`~sitroom.records.DocumentError` for each thing
that could not be read (the batch goes on). Non-fatal problems (a file that was
not UTF-8, a duplicate id) are yielded as ``DocumentError(fatal=False)``
*before* the document they concern.

Inputs (see ``records.md``):

* ``.txt`` - one article; id = file name without extension
* ``.html`` / ``.htm`` - main text extracted with trafilatura
* ``.jsonl`` - one document per line (``id``, ``text``, ``published``, ``url``,
  ``title``, ``outlet``, ``language``); read line by line
* ``.json`` - one document object, a list of them, or ``{"documents": [...]}``
* a folder - the above files inside it, recursively, in sorted order
* ``-`` - JSON Lines on standard input

The publication date comes from metadata when present, else from the text (a
leading ``date YYYY-MM-DD`` line or a wire dateline, via ``sitroom.dates``),
else it is inferred and marked so (basis ``inferred`` or ``none``). The text is
never altered (apart from decoding), so character offsets stay valid.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

from . import dates, published
from .records import Document, DocumentError, PublishedDate

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
JSON_SUFFIXES = {".json"}
FOLDER_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES

Item = Document | DocumentError

_WORD = re.compile(r"[^\W\d_]+")
_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# English detection: share of word tokens that are English function words.
ENGLISH_MIN_WORDS = 30  # shorter texts are not judged
ENGLISH_ERROR_BELOW = 0.12  # clearly not English (typical English prose: 0.35-0.55)
ENGLISH_WARN_BELOW = 0.22
# Shorter texts (a headline, one line) are judged by the function words of other languages they hold:
# at least SHORT_FOREIGN_MIN of them, a SHORT_FOREIGN_SHARE of the words, and few English ones.
SHORT_MIN_WORDS = 5
SHORT_FOREIGN_MIN = 4
SHORT_FOREIGN_SHARE = 0.25
_FOREIGN_FUNCTION_WORDS = frozenset(
    # French, Spanish, Portuguese, German, Italian; none of them is an English word
    "le la les des du et est une dans pour par sur avec qui que au aux ont été selon près sont cette ces ils "
    "elle leur lors contre entre après été auprès "
    "el los las del y por para con una según fue han sus esta este al también pero en se lo un como más "
    "os das dos uma pelo pela não são foi em "
    "der die das und ist nicht mit von zu den dem im auf für wurde wurden sind ein eine einer hat haben wie sich auch bei nach "
    "di della che non sono gli nel delle dei alla".split())
MIN_ARTICLE_WORDS = 12  # HTML whose main text is shorter holds no article (menus, cookie walls)


def normalise_text(text: str) -> str:
    """The form hashed for content identity: NFC, whitespace collapsed, stripped."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def derived_id(text: str) -> str:
    """A stable document id for a document that has none."""
    return "doc_" + content_hash(text)[:16]


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    raw = resources.files("sitroom").joinpath("data/english_stopwords.json").read_text("utf-8")
    return frozenset(json.loads(raw)["words"])


def english_ratio(text: str, sample: int = 20_000) -> tuple[float, int]:
    """(share of word tokens that are English function words, number of words) in a sample."""
    words = _WORD.findall(text[:sample].lower())
    if not words:
        return 0.0, 0
    stop = _stopwords()
    return sum(1 for w in words if w in stop) / len(words), len(words)


def _language_error(doc_id: str, source: str, text: str, declared: str | None) -> DocumentError | None:
    if declared:
        if declared.lower().split("-")[0].split("_")[0] in ("en", "eng", "english"):
            return None
        return DocumentError(doc_id, source, "ingest", "not_english",
                             f"declared language {declared!r} is not English")
    ratio, n = english_ratio(text)
    if n < ENGLISH_MIN_WORDS:
        return _short_language_error(doc_id, source, text, ratio, n)
    if ratio < ENGLISH_ERROR_BELOW:
        return DocumentError(doc_id, source, "ingest", "not_english",
                             f"does not look like English ({ratio:.0%} English function words)")
    if ratio < ENGLISH_WARN_BELOW:
        return DocumentError(doc_id, source, "ingest", "not_english",
                             f"may not be English ({ratio:.0%} English function words)", fatal=False)
    return None


def _short_language_error(doc_id: str, source: str, text: str, ratio: float, n: int) -> DocumentError | None:
    """A text too short for the English ratio alone: rejected when it is made of another language's
    function words ("Des hommes armés ont tué douze civils près de Mopti, selon les autorités")."""
    if n < SHORT_MIN_WORDS:
        return None
    foreign = sum(1 for w in _WORD.findall(text[:2000].lower()) if w in _FOREIGN_FUNCTION_WORDS)
    if foreign >= SHORT_FOREIGN_MIN and foreign / n >= SHORT_FOREIGN_SHARE and ratio < ENGLISH_ERROR_BELOW:
        return DocumentError(doc_id, source, "ingest", "not_english",
                             f"does not look like English ({foreign} of {n} words are French, Spanish, "
                             f"Portuguese, German or Italian function words)")
    return None


# ---------------------------------------------------------------- dates

def _parse_iso_day(value: Any) -> str | None:
    if not value:
        return None
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        return None


def read_published(text: str, meta: Any = None, url: str | None = None) -> PublishedDate:
    """The publication date: metadata value, else the text's dateline or date line ("Posted Feb 3,
    2019", "07-03-2020"), else a day in the URL, else inferred."""
    day = _parse_iso_day(meta)
    if day:
        return PublishedDate(day, "published", evidence="metadata")
    if meta and len(str(meta)) < 80:
        found_meta = dates.resolve_phrase(str(meta), None)  # "March 3, 2021", RFC 822 dates
        if found_meta is not None and found_meta.precision == "day" and found_meta.start:
            return PublishedDate(found_meta.start, "published", evidence="metadata")
    if meta:
        log.info("unreadable published value %r; reading the text instead", meta)
    found = published.read_dateline(text) or published.read_date_line(text) or published.read_url_date(url)
    if found is not None:
        return found
    return published.infer_published(text)


# ---------------------------------------------------------------- decoding

def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    return b"\x00" in head


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """(text, warning) or (None, error message)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not valid UTF-8; decoded as Windows-1252"
    except UnicodeDecodeError as e:
        return None, f"not valid UTF-8 or Windows-1252 text ({e.reason} at byte {e.start})"


def loads_json(text: str | bytes) -> tuple[Any, str | None]:
    """(value, None) or (None, why it is not usable JSON): never raises for any input.

    Besides syntax errors, ``json.loads`` raises ``RecursionError`` for values nested too deeply and
    ``ValueError`` for an integer of more than 4,300 digits (Python's int-string limit); each is one
    document's problem, never the batch's.
    """
    try:
        return json.loads(text), None
    except json.JSONDecodeError as e:
        return None, f"not JSON: {e.msg} (line {e.lineno}, column {e.colno})"
    except RecursionError:
        return None, "not usable JSON: nested too deeply"
    except ValueError as e:  # "Exceeds the limit (4300 digits) for integer string conversion"
        return None, f"not usable JSON: {str(e).splitlines()[0][:200]}"
    except MemoryError:
        return None, "not usable JSON: too large to decode"


def _mostly_control(text: str) -> bool:
    sample = text[:8192]
    return bool(sample) and len(_CONTROL.findall(sample)) > 0.05 * len(sample)


class _Reader:
    """Turns one source into Documents/DocumentErrors; remembers ids to flag duplicates."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.seen: set[str] = set()

    def err(self, doc_id: str, source: str, code: str, message: str, fatal: bool = True) -> DocumentError:
        return DocumentError(doc_id, source, "ingest", code, message, fatal)

    def make(self, doc_id: str, source: str, text: str, meta: dict[str, Any],
             source_path: str | None) -> Iterator[Item]:
        if not text.strip():
            yield self.err(doc_id, source, "empty", "no text")
            return
        lang_err = _language_error(doc_id, source, text, _str(meta.get("language")))
        if lang_err is not None:
            yield lang_err
            if lang_err.fatal:
                return
        if doc_id in self.seen:
            new_id = f"{doc_id}~{hashlib.sha256(source.encode()).hexdigest()[:8]}"
            yield self.err(doc_id, source, "duplicate_id",
                           f"id {doc_id!r} already used in this batch; stored as {new_id!r}", fatal=False)
            doc_id = new_id
        self.seen.add(doc_id)
        yield Document(
            id=doc_id, text=text,
            published=read_published(text, meta.get("published"), _str(meta.get("url"))),
            url=_str(meta.get("url")), title=_str(meta.get("title")),
            outlet=_str(meta.get("outlet")), language=_str(meta.get("language")),
            source_path=source_path, captions=tuple(meta.get("captions") or ()),
        )

    def read_bytes(self, path: Path, doc_id: str) -> tuple[bytes | None, DocumentError | None]:
        src = str(path)
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                return None, self.err(doc_id, src, "too_large",
                                      f"{size} bytes is over the limit of {self.max_bytes}")
            if size == 0:
                return None, self.err(doc_id, src, "empty", "empty file")
            with path.open("rb") as fh:
                data = fh.read(self.max_bytes + 1)
        except OSError as e:
            return None, self.err(doc_id, src, "unreadable", e.strerror or str(e))
        if len(data) > self.max_bytes:  # grew while we looked
            return None, self.err(doc_id, src, "too_large", f"over the limit of {self.max_bytes} bytes")
        if _looks_binary(data):
            return None, self.err(doc_id, src, "binary", "binary file (NUL bytes), not text")
        return data, None

    def decode(self, data: bytes, doc_id: str, source: str) -> tuple[str | None, list[DocumentError]]:
        text, problem = _decode(data)
        if text is None:
            return None, [self.err(doc_id, source, "encoding", problem or "undecodable")]
        if _mostly_control(text):
            return None, [self.err(doc_id, source, "binary", "mostly non-text characters")]
        warnings = [self.err(doc_id, source, "encoding", problem, fatal=False)] if problem else []
        return text, warnings

    def text_file(self, path: Path) -> Iterator[Item]:
        doc_id = path.stem
        data, error = self.read_bytes(path, doc_id)
        if error is not None or data is None:
            yield error  # type: ignore[misc]
            return
        text, notes = self.decode(data, doc_id, str(path))
        yield from notes
        if text is not None:
            yield from self.make(doc_id, str(path), text, {}, str(path))

    def html_file(self, path: Path) -> Iterator[Item]:
        doc_id = path.stem
        data, error = self.read_bytes(path, doc_id)
        if error is not None or data is None:
            yield error  # type: ignore[misc]
            return
        html, notes = self.decode(data, doc_id, str(path))
        yield from notes
        if html is None:
            return
        text, meta = extract_html(html)
        if len(_WORD.findall(text)) < MIN_ARTICLE_WORDS:
            yield self.err(doc_id, str(path), "no_article", "no article text found in the HTML")
            return
        yield from self.make(doc_id, str(path), text, meta, str(path))

    def jsonl_stream(self, fh: IO[bytes], source: str, source_path: str | None) -> Iterator[Item]:
        lineno = 0
        while True:
            raw = fh.readline(self.max_bytes + 1)
            if not raw:
                return
            lineno += 1
            where = f"{source}:{lineno}"
            if len(raw) > self.max_bytes and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line, in chunks
                    raw = fh.readline(1 << 20)
                yield self.err(f"line{lineno}", where, "too_large", f"line over the limit of {self.max_bytes} bytes")
                continue
            if not raw.strip():
                continue
            try:
                items = list(self.json_line(raw, where, source_path, lineno))
            except Exception as e:  # noqa: BLE001 - a reader bug loses this line, never the rest of the file
                log.exception("reading %s failed", where)
                items = [self.err(f"line{lineno}", where, "internal", f"{type(e).__name__}: {e}"[:300])]
            yield from items

    def json_line(self, raw: bytes, where: str, source_path: str | None, lineno: int) -> Iterator[Item]:
        doc_id = f"line{lineno}"
        line, notes = self.decode(raw, doc_id, where)
        if line is None:
            yield from notes
            return
        obj, problem = loads_json(line)  # any decoding failure is this line's error; the batch goes on
        if problem is not None:
            yield self.err(doc_id, where, "bad_json", problem)
            return
        yield from notes
        yield from self.json_object(obj, where, source_path)

    def json_object(self, obj: Any, where: str, source_path: str | None) -> Iterator[Item]:
        if not isinstance(obj, dict):
            yield self.err("?", where, "bad_json", f"expected a JSON object, got {type(obj).__name__}")
            return
        text = obj.get("text")
        raw_id = obj.get("id", obj.get("doc_id"))
        if not isinstance(text, str):
            yield self.err(_str(raw_id) or "?", where, "no_text", "no \"text\" string in the record")
            return
        doc_id = _str(raw_id) or derived_id(text)
        yield from self.make(doc_id, where, text, obj, source_path)

    def json_file(self, path: Path, in_folder: bool = False) -> Iterator[Item]:
        data, error = self.read_bytes(path, path.stem)
        if error is not None or data is None:
            yield error  # type: ignore[misc]
            return
        text, notes = self.decode(data, path.stem, str(path))
        yield from notes
        if text is None:
            return
        obj, problem = loads_json(text)
        if problem is not None:
            yield self.err(path.stem, str(path), "bad_json", problem)
            return
        if isinstance(obj, dict) and isinstance(obj.get("documents"), list):
            obj = obj["documents"]
        items = obj if isinstance(obj, list) else [obj]
        if not any(isinstance(it, dict) and "text" in it for it in items):
            # e.g. a gold or config file lying in a folder of articles: one line, not one per record
            yield self.err(path.stem, str(path), "no_text", "no documents here (no record has a \"text\" field)",
                           fatal=not in_folder)
            return
        for i, item in enumerate(items):
            yield from self.json_object(item, f"{path}[{i}]" if isinstance(obj, list) else str(path), str(path))

    def path(self, path: Path, in_folder: bool = False) -> Iterator[Item]:
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            yield from self.html_file(path)
        elif suffix in JSONL_SUFFIXES:
            try:
                if path.stat().st_size == 0:
                    yield self.err(path.stem, str(path), "empty", "empty file")
                    return
                with path.open("rb") as fh:
                    yield from self.jsonl_stream(fh, str(path), str(path))
            except OSError as e:
                yield self.err(path.stem, str(path), "unreadable", e.strerror or str(e))
        elif suffix in JSON_SUFFIXES:
            yield from self.json_file(path, in_folder)
        else:  # .txt and anything named explicitly
            yield from self.text_file(path)


def _str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def extract_html(html: str) -> tuple[str, dict[str, Any]]:
    """Main text and metadata (title, published, url, outlet) of an HTML page via trafilatura."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False)
    except Exception as e:  # trafilatura raises assorted errors on malformed pages
        log.warning("trafilatura failed: %s", e)
        return "", {}
    if doc is None:
        return "", {}
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text") or ""
    meta = {"title": get("title"), "published": get("date") or _html_date(html), "url": get("url"),
            "outlet": get("sitename"), "language": None, "captions": html_captions(html)}
    return text, meta


def _html_date(html: str) -> str | None:
    """The publication date in a page's markup (``<meta>``, ``<time>``, JSON-LD) found by htmldate."""
    try:
        from htmldate import find_date

        return find_date(html, extensive_search=False, original_date=True)
    # htmldate raises assorted errors on malformed pages
    except Exception as e:  # noqa: BLE001
        log.info("htmldate failed: %s", e)
        return None


_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def html_captions(html: str) -> tuple[str, ...]:
    """The text of a page's ``<figcaption>`` elements (photo captions), whitespace collapsed."""
    import html as html_mod

    out = []
    for m in _FIGCAPTION.finditer(html[:2_000_000]):
        t = _WS.sub(" ", html_mod.unescape(_TAG.sub(" ", m.group(1)))).strip()
        if t:
            out.append(t)
    return tuple(out)


def _walk(folder: Path) -> Iterator[Path]:
    """Readable files under a folder, recursively, in sorted order, without listing it all first."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            p = Path(root) / name
            if p.suffix.lower() in FOLDER_SUFFIXES and not name.startswith("."):
                yield p


def iter_documents(paths: Iterable[str], *, max_bytes: int = 20_000_000,
                   stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Documents (or errors) from files, folders, JSONL/JSON, HTML and ``-`` (stdin JSONL), streaming."""
    reader = _Reader(max_bytes)
    for p in paths:
        if p == "-":
            fh = stdin if stdin is not None else sys.stdin.buffer
            yield from reader.jsonl_stream(fh, "<stdin>", None)
            continue
        path = Path(p)
        if path.is_dir():
            for f in _walk(path):
                yield from reader.path(f, in_folder=True)
        elif path.exists():
            yield from reader.path(path)
        else:
            yield reader.err(path.stem or p, p, "not_found", "no such file or folder")
