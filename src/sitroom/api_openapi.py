"""The OpenAPI 3.1 description of the HTTP API (served at ``/openapi.json``)."""
from __future__ import annotations

from typing import Any


def _p(name: str, desc: str, schema: dict[str, Any] | None = None, where: str = "query",
       required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "description": desc,
            "schema": schema or {"type": "string"}}


_INT = {"type": "integer", "minimum": 0}
_PAGING = [
    _p("limit", "At most this many items (default 100, at most 1000).", {"type": "integer", "minimum": 0,
                                                                        "maximum": 1000}),
    _p("offset", "Skip this many items.", _INT),
]
_FILTERS = [
    _p("since", "On or after this date: YYYY, YYYY-MM or YYYY-MM-DD (date ranges overlap)."),
    _p("until", "On or before this date: YYYY, YYYY-MM or YYYY-MM-DD."),
    _p("type", "ACLED event type; repeat or comma-separate for several."),
    _p("sub_type", "ACLED sub-event type; repeat or comma-separate for several."),
    _p("actor", "Actor name or the words used for it (substring, case-insensitive)."),
    _p("country", "ISO 3166 alpha-2 code or a country name."),
    _p("near", "lat,lon,km, lat,lon:50km or Place:50km (a gazetteer name; km or mi): within that distance."),
    _p("bbox", "w,s,e,n in degrees (w > e crosses the antimeridian)."),
    _p("min_fatalities", "At least this many killed (best figure).", _INT),
    _p("q", "Words in the evidence, actors, place or sources (substring)."),
    _p("background", "1 to include background mentions of earlier events.", {"type": "string", "enum": ["0", "1"]}),
]
_ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_OBJ = {"type": "object", "additionalProperties": True}


def _ok(desc: str, schema: dict[str, Any] | None = None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    content = {"application/json": {"schema": schema or _OBJ}}
    content.update(extra or {})
    return {"200": {"description": desc, "content": content}, "4XX": _ERROR}


def _page(item_ref: str) -> dict[str, Any]:
    return {"type": "object", "required": ["total", "limit", "offset", "items"],
            "properties": {"total": {"type": "integer"}, "total_exact": {"type": "boolean"},
                           "limit": {"type": ["integer", "null"]},
                           "offset": {"type": "integer"},
                           "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item_ref}"}}}}


def spec(version: str) -> dict[str, Any]:
    """The OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "sitroom API", "version": version,
                 "description": "Conflict event records extracted from news text, with their evidence. "
                                "Every error is {\"error\": {\"code\", \"message\", \"status\"}}."},
        "paths": {
            "/api/events": {"get": {
                "summary": "Event reports matching every filter, paged and sorted.",
                "parameters": _FILTERS + _PAGING + [
                    _p("sort", "Order.", {"type": "string", "enum": ["date", "-date", "fatalities", "doc"]}),
                    _p("count", "capped (default): total counts up to 10000, 1000 with q= (total_exact false "
                       "beyond); exact: count every match (slower on large stores).",
                       {"type": "string", "enum": ["capped", "exact"]}),
                    _p("format", "json (a page), csv, geojson or jsonl (a download, streamed; no limit unless "
                       "given; CSV cells that would start a formula begin with an apostrophe).",
                       {"type": "string", "enum": ["json", "csv", "geojson", "jsonl"]})],
                "responses": _ok("A page of event reports.", _page("Event"), {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/geo+json": {"schema": _OBJ},
                    "application/x-ndjson": {"schema": {"type": "string"}}})}},
            "/api/events/{id}": {"get": {
                "summary": "One event (by event or report id) with every report, its evidence and sources.",
                "parameters": [_p("id", "event_id or report_id", where="path", required=True)],
                "responses": _ok("The event: {event_id, reports[], documents{}}.")}},
            "/api/documents": {
                "get": {"summary": "Stored documents (no text).", "parameters": _PAGING,
                        "responses": _ok("A page of documents.")},
                "post": {"summary": "Queue documents to be extracted and stored (needs the ingest token): 202 "
                                    "with the job's status URL (Location, GET /api/jobs/{id}); with wait=N, "
                                    "200 with the outcome when the job ends within N seconds.",
                         "security": [{"bearer": []}],
                         "parameters": [_p("wait", "Seconds to wait for the outcome (0-60; default 0).",
                                           {"type": "integer", "minimum": 0, "maximum": 60})],
                         "requestBody": {"required": True, "content": {"application/json": {"schema": {
                             "oneOf": [{"$ref": "#/components/schemas/NewDocument"},
                                       {"type": "array", "maxItems": 100,
                                        "items": {"$ref": "#/components/schemas/NewDocument"}}]}}}},
                         "responses": {**_ok("What happened to each document (with wait=N)."),
                                       "202": {"description": "Queued: {job, status, url}.",
                                               "content": {"application/json": {"schema": _OBJ}}},
                                       "401": _ERROR, "403": _ERROR, "408": _ERROR, "411": _ERROR, "413": _ERROR,
                                       "429": _ERROR}}},
            "/api/jobs/{id}": {"get": {
                "summary": "A write job: status queued, running, done (with what happened to each document) "
                           "or failed.",
                "parameters": [_p("id", "job id from POST /api/documents", where="path", required=True)],
                "responses": _ok("The job.")}},
            "/api/documents/{id}": {"get": {
                "summary": "A document's text with its events, quotes, claims and their spans (offsets).",
                "parameters": [_p("id", "document id", where="path", required=True)],
                "responses": _ok("The document.")}},
            "/api/actors": {"get": {"summary": "Actors with their number of reports.",
                                    "parameters": [_p("q", "Name contains.")] + _PAGING,
                                    "responses": _ok("A page of actors.")}},
            "/api/quotes": {"get": {"summary": "Quotes.",
                                    "parameters": [_p("speaker", "Speaker contains."), _p("doc_id", "Document."),
                                                   _p("q", "Quote text contains.")] + _PAGING,
                                    "responses": _ok("A page of quotes.")}},
            "/api/claims": {"get": {"summary": "Numeric claims.",
                                    "parameters": [_p("source", "Source contains."), _p("doc_id", "Document."),
                                                   _p("q", "Claim text contains.")] + _PAGING,
                                    "responses": _ok("A page of claims.")}},
            "/api/stats": {"get": {"summary": "Counts and fatalities per week and type, per type, per country.",
                                   "parameters": _FILTERS,
                                   "responses": _ok("Aggregates for the filter.")}},
            "/api/meta": {"get": {"summary": "Version, table counts, whether writing is on.",
                                  "responses": _ok("Server facts.")}},
            "/openapi.json": {"get": {"summary": "This document.", "responses": _ok("OpenAPI 3.1.")}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message", "status"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                                   "status": {"type": "integer"}, "param": {"type": "string"}}}}},
                "Event": {"type": "object", "description": "An event report as in records.md.",
                          "properties": {k: {} for k in (
                              "event_id", "report_id", "doc_id", "event_type", "sub_event_type", "actor1",
                              "actor1_mention", "actor2", "actor2_mention", "date", "location", "fatalities",
                              "sources", "claimed_by", "evidence", "trigger", "background", "confidence")}},
                "NewDocument": {"type": "object", "required": ["text"], "properties": {
                    "id": {"type": "string"}, "text": {"type": "string"}, "published": {"type": "string"},
                    "title": {"type": "string"}, "url": {"type": "string"}}},
            },
        },
    }
