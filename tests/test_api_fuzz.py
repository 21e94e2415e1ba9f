"""API fuzzing from the OpenAPI description (schemathesis, pinned in the test extra as
``schemathesis==4.32.5``) against the live stdlib server on 127.0.0.1: for every operation, a bounded
number of generated requests (valid and invalid parameters, path ids, bodies); never a 5xx, every error in
the one documented shape. Skipped when schemathesis is not installed."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from test_api import TOKEN, build_store, fake_process  # noqa: E402

from sitroom import __version__  # noqa: E402
from sitroom.api import make_server  # noqa: E402
from sitroom.api_openapi import spec  # noqa: E402

EXAMPLES = 40  # per operation and mode
COUNTS: dict[str, int] = {}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_store(tmp_path_factory.mktemp("fuzz") / "f.db")
    srv = make_server(str(db), "127.0.0.1", 0, ingest_token=TOKEN, process=fake_process)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    srv.server_close()
    print(f"\napi fuzz: {sum(COUNTS.values())} requests over {len(COUNTS)} operation/modes, no 5xx")


def _schema() -> Any:
    return schemathesis.openapi.from_dict(spec(__version__))


def _operations() -> list[Any]:
    return [r.ok() for r in _schema().get_all_operations()]


OPS = _operations()


def _check(resp: Any, label: str) -> None:
    assert resp.status_code < 500, (label, resp.status_code, resp.text[:300])
    ctype = resp.headers.get("Content-Type", "")
    if resp.status_code >= 400:
        body = json.loads(resp.content)
        assert set(body) == {"error"}, body
        err = body["error"]
        assert err["status"] == resp.status_code and err["code"] and err["message"], body
    elif "application/json" in ctype:
        json.loads(resp.content)


@pytest.mark.parametrize("mode", ["positive", "negative"])
@pytest.mark.parametrize("op", OPS, ids=[f"{o.method.upper()} {o.path}" for o in OPS])
def test_fuzz_operation_never_5xx(base: str, op: Any, mode: str) -> None:
    from schemathesis import GenerationMode

    gm = GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE
    label = f"{op.method.upper()} {op.path} {mode}"
    headers = {"Authorization": f"Bearer {TOKEN}"} if op.method.lower() == "post" else {}

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=op.as_strategy(generation_mode=gm))
    def run(case: Any) -> None:
        resp = case.call(base_url=base, headers=headers, timeout=30)
        COUNTS[label] = COUNTS.get(label, 0) + 1
        _check(resp, label)

    try:
        run()
    except Unsatisfiable:
        if mode == "negative":  # e.g. only free-text parameters: there is no invalid request to make
            pytest.skip(f"{label}: the schema admits no invalid request")
        raise
    assert COUNTS.get(label, 0) > 0
