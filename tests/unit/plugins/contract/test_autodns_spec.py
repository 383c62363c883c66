# Copyright (c) 2026, domainops.registrar contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AutoDNS JSON fixtures are what the vendor's OpenAPI specification allows, and the check bites.

Every answer and request body in ``tests/fixtures/autodns_json`` is validated against
``tests/contract/autodns/domainrobot.json`` for the operation ``MANIFEST.json`` names. The second
half proves the harness rejects the misreadings issue 10 is about (a made-up job status, a flat
Job where the spec has an ObjectJob, a ``ctid`` header the spec does not know, ...), so a passing
contract test means something.
"""

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.domainops.registrar.tests.unit.plugins.contract import spec

FIXTURES = os.path.join(spec.COLLECTION_ROOT, "tests", "fixtures", "autodns_json")


def _load(relative):
    with open(os.path.join(FIXTURES, relative), encoding="utf-8") as handle:
        return json.load(handle)


MANIFEST = _load("MANIFEST.json")
RESPONSES = sorted(MANIFEST["responses"].items())
REQUESTS = sorted(MANIFEST["requests"].items())


def test_every_fixture_is_in_the_manifest():
    on_disk = set()
    for dirpath, _dirs, files in os.walk(FIXTURES):
        for name in files:
            if name.endswith(".json") and name != "MANIFEST.json":
                on_disk.add(os.path.relpath(os.path.join(dirpath, name), FIXTURES).replace(os.sep, "/"))
    listed = set(MANIFEST["responses"]) | set(MANIFEST["requests"])
    assert on_disk == listed, "fixtures not in MANIFEST.json: %s; listed but missing: %s" % (
        sorted(on_disk - listed),
        sorted(listed - on_disk),
    )


@pytest.mark.parametrize(("name", "operation"), RESPONSES, ids=[name for name, _op in RESPONSES])
def test_answer_fixture_matches_the_spec(name, operation):
    method, path, status = operation
    spec.validate_response(method, path, status, _load(name))


@pytest.mark.parametrize(("name", "operation"), REQUESTS, ids=[name for name, _op in REQUESTS])
def test_request_fixture_matches_the_spec(name, operation):
    method, path = operation
    spec.validate_request(method, path, body=_load(name), headers={"X-Domainrobot-Context": "4"})


def test_job_answers_are_object_jobs():
    # The point of AD-JOB-1: job info nests the job under data[i].job; the restore answer does not.
    info = _load("job_info_success.json")["data"][0]
    assert info["job"]["status"] == "SUCCESS"
    assert info["object"] == {"type": "Domain", "value": "example.com"}
    assert "status" not in info
    assert _load("restore_accepted.json")["data"][0]["status"] == "RUNNING"


def test_the_spec_is_parsed_once_per_process():
    assert spec.load_spec() is spec.load_spec()


def _job_answer(job):
    return {
        "stid": "20261130-app3-1",
        "status": {"code": "S300114", "text": "ok", "type": "SUCCESS"},
        "data": [{"job": job, "object": {"type": "Domain", "value": "example.com"}}],
    }


@pytest.mark.parametrize(
    ("answer", "complaint"),
    [
        (_job_answer({"id": 1, "status": "FINISHED"}), "'FINISHED' is not one of"),
        (_job_answer({"id": "one", "status": "SUCCESS"}), "'one' is not of type 'integer'"),
        (_job_answer({"id": 1, "status": "SUCCESS", "created": "30.11.2026 10:00"}), "is not a 'date-time'"),
        ({"data": [{"id": 1, "status": "SUCCESS"}]}, "does not declare at data/0: 'id'"),
        ({"status": {"code": "S300114", "type": "DONE"}}, "'DONE' is not one of"),
        ({"data": {"job": {"id": 1}}}, "is not of type 'array'"),
    ],
    ids=[
        "unknown-job-status",
        "job-id-not-integer",
        "bad-date",
        "flat-job-in-job-info",
        "bad-status-type",
        "data-not-list",
    ],
)
def test_a_wrong_job_answer_is_rejected(answer, complaint):
    with pytest.raises(spec.ContractError, match="jobInfo") as caught:
        spec.validate_response("GET", "/v1/job/4297543154", 200, answer)
    assert complaint in str(caught.value)


def test_a_flat_job_passes_only_when_not_strict():
    # Recorded real answers may carry fields the spec does not list; strict=False lets them through.
    spec.validate_response("GET", "/job/1", 200, {"data": [{"id": 1, "status": "SUCCESS"}]}, strict=False)


def test_a_restore_list_item_with_a_wrong_action_is_rejected():
    answer = _load("restore_list_subuser.json")
    answer["data"][0]["action"] = "UNDELETE"
    with pytest.raises(spec.ContractError, match="'UNDELETE' is not one of"):
        spec.validate_response("POST", "/domain/restore/_search", 200, answer)


@pytest.mark.parametrize(
    ("call", "complaint"),
    [
        (
            lambda: spec.validate_request("PUT", "/domain/example.com/_restore", body={"action": "UNDELETE"}),
            "'UNDELETE' is not one of",
        ),
        (
            lambda: spec.validate_request("GET", "/job/12", headers={"X-Domainrobot-Ctid": "run-42"}),
            "header 'X-Domainrobot-Ctid' is not in the spec",
        ),
        (
            lambda: spec.validate_request("POST", "/domain/restore/_search?keys[]=restorePhaseEnds"),
            "value 'restorePhaseEnds' is not one of",
        ),
        (
            lambda: spec.validate_request("POST", "/domain/restore/_search", query={"children": "true"}),
            "query parameter 'children' is not in the spec",
        ),
        (
            lambda: spec.validate_request(
                "POST", "/job/_search", body={"filters": [{"key": "status", "value": "RUNNING", "operator": "EQUALS"}]}
            ),
            "'EQUALS' is not one of",
        ),
        (
            lambda: spec.validate_request("POST", "/domain/restore/_search", body={"view": {"limit": "1"}}),
            "'1' is not of type 'integer'",
        ),
        (
            lambda: spec.validate_request("POST", "/domain/restore/_search", body={"view": {"child": True}}),
            "does not declare at view: 'child'",
        ),
        (lambda: spec.validate_request("GET", "/job/abc"), "'abc' is not of type 'integer'"),
        (lambda: spec.validate_request("DELETE", "/domain/example.com/_restore"), "has no such operation"),
    ],
    ids=[
        "restore-action",
        "ctid-header",
        "unknown-list-key",
        "children-as-query",
        "operator",
        "limit-as-string",
        "misspelt-view-field",
        "job-id-path",
        "unknown-operation",
    ],
)
def test_a_wrong_request_is_rejected(call, complaint):
    with pytest.raises(spec.ContractError) as caught:
        call()
    assert complaint in str(caught.value)


def test_documented_request_details_are_accepted():
    # ctid as a query parameter (AD-ENV-5), keys[] incl. restorePhaseEnd (AD-RL-3), owner headers (AD-OWN-1).
    spec.validate_request(
        "PUT",
        "/v1/domain/example.com/_restore?ctid=run-42",
        body={"action": "RESTORE_RENEW"},
        headers={
            "X-Domainrobot-Context": "4",
            "X-Domainrobot-Owner-User": "customer2",
            "X-Domainrobot-Owner-Context": "4",
            "User-Agent": "domainops.registrar",
        },
    )
    spec.validate_request(
        "POST", "/domain/restore/_search", query=[("keys[]", "restorePhaseEnd"), ("keys[]", "deleted")]
    )
