"""What schemathesis found against /api/openapi.json (.ci/fuzz-api): each a request the API got wrong once."""

from __future__ import annotations

import pytest
from django.test import Client

from omkeer.accounts.models import ApiToken
from omkeer.api.pagination import MAX_ROWS
from omkeer.matching.models import MatchSettings


@pytest.fixture
def bearer(admin):
    _, raw = ApiToken.issue(user=admin, name="fuzz")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# --- the schema declares every answer ---------------------------------------------------------------------------


def test_every_operation_declares_its_error_answers(client_for, staff):
    schema = client_for(staff).get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            label = f"{method.upper()} {path}"
            assert {"401", "403", "429"} <= declared, label
            if operation.get("parameters") or "requestBody" in operation:
                assert "422" in declared, label
            if "{" in path:
                assert "404" in declared, label


def test_a_validation_error_is_declared_with_its_shape(client_for, staff):
    schema = client_for(staff).get("/api/openapi.json").json()
    answer = schema["paths"]["/api/people"]["get"]["responses"]["422"]
    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ValidationErrorOut"}


# --- pagination past what the database can count ------------------------------------------------------------------


@pytest.mark.parametrize("parameter", ["offset", "limit"])
def test_an_offset_or_limit_past_a_bigint_is_a_422_naming_it(parameter, staff, client_for):
    """It was a 500: PostgreSQL refused the query with "bigint out of range"."""
    response = client_for(staff).get("/api/people", {parameter: MAX_ROWS + 1})
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["query", parameter]


def test_the_largest_offset_is_an_empty_page(staff, client_for):
    response = client_for(staff).get("/api/people", {"offset": MAX_ROWS})
    assert response.status_code == 200, response.content
    assert response.json()["items"] == []


# --- a JSON body must be an object ----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["[null, null]", "5", "null", '"objective"', "true"])
def test_a_settings_patch_that_is_not_an_object_is_a_422(body, admin, programme, bearer):
    """Ninja's Schema read `[null, null]` or `5` as an object with every field left out: a 200 that changed nothing,
    for a body that is not what the schema describes."""
    response = Client().patch(
        f"/api/programmes/{programme.pk}/match-settings", data=body, content_type="application/json", **bearer
    )
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "payload"]
    assert "Input should be a JSON object" in error["msg"]


def test_a_settings_patch_that_is_an_object_still_changes_the_settings(admin, programme, bearer):
    response = Client().patch(
        f"/api/programmes/{programme.pk}/match-settings",
        data={"min_level_gap": 3},
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 200, response.content
    assert MatchSettings.for_programme(programme).min_level_gap == 3


# --- an upload Django cannot parse ----------------------------------------------------------------------------------


def test_a_broken_multipart_upload_is_a_json_400(hr):
    """It was Django's HTML 400 page (and a logged traceback): a multipart body without its boundary."""
    _, raw = ApiToken.issue(user=hr, name="fuzz")
    response = Client().post(
        "/api/people/import", data=b"xx", content_type="multipart/form-data", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Cannot parse request body (Invalid boundary in multipart: None)"}


# --- a NUL in a text ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("parameter", ["q", "department", "team", "skill"])
def test_a_nul_in_a_people_filter_is_a_422_naming_it(parameter, staff, client_for):
    """It was a 500 on PostgreSQL ("A string literal cannot contain NUL (0x00) characters")."""
    response = client_for(staff).get("/api/people", {parameter: "ICT\x00"})
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", parameter]
    assert "Null characters are not allowed" in error["msg"]


def test_a_nul_in_an_employee_id_is_a_422(staff, client_for):
    response = client_for(staff).get("/api/people/E1%00")
    assert response.status_code == 422, response.content


def test_a_nul_in_a_json_text_is_a_422_naming_it(admin, programme, bearer):
    response = Client().post(
        f"/api/programmes/{programme.pk}/pair-constraints",
        data={"mentor": "E1\x00", "mentee": "E2", "kind": "forbid"},
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "mentor"]


def test_a_text_without_a_nul_is_still_read(staff, client_for):
    response = client_for(staff).get("/api/people", {"department": "No such department"})
    assert response.status_code == 400, response.content
    assert response.json() == {"detail": "department: unknown department 'No such department'"}
