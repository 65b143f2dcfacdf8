"""The contestant API writes its busiest answers straight to JSON; each must be exactly what
its declared response model describes: no field missing, none extra, every type right."""

from fastapi.routing import APIRoute
from pydantic import TypeAdapter
from starlette.routing import Match

from backend import routes
from backend.attempts.schemas import AttemptOut
from tests.factories import PASSWORD


def declared_model(method: str, path: str):
    for route in (route for router in routes.ROUTERS for route in router.routes):
        if isinstance(route, APIRoute) and method in route.methods:
            match, _ = route.matches({"type": "http", "path": path, "method": method})
            if match is Match.FULL:
                return route.response_model
    raise AssertionError(f"no route for {method} {path}")


def as_declared(response) -> dict | list:
    """The answer validated against its route's model and written back out by it."""
    request = response.request
    model = TypeAdapter(declared_model(request.method, request.url.path))
    return model.dump_python(model.validate_python(response.json()), mode="json")


def test_every_answer_of_a_contestant_s_attempt_is_what_its_model_declares(
        client, contest, tree, round_):
    registered = client.post(f"/api/v1/contests/{contest.id}/register", json={
        "full_name": "Lê Thị Hoa", "birth_date": "1992-02-29", "gender": "nu",
        "phone": "0909123456", "unit_id": tree["Q1-BN"].id, "password": PASSWORD,
        "consent": True})
    signed_in = client.post(f"/api/v1/contests/{contest.id}/login",
                            json={"phone": "0909123456", "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {signed_in.json()['token']}"}
    started = client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=bearer)
    attempt = started.json()
    question = attempt["questions"][0]
    url = f"/api/v1/attempts/{attempt['id']}"
    answers = [
        registered, signed_in, started,
        client.post(f"/api/v1/rounds/{round_.id}/attempts", headers=bearer),  # resumed
        client.get(url, headers=bearer),
        client.put(f"{url}/answers", headers=bearer,
                   json={"answers": {str(question["id"]): [question["options"][1]["id"]]}}),
        client.post(f"{url}/submit", headers=bearer),
        client.get(f"{url}/result", headers=bearer),
        client.get("/api/v1/contestant/attempts", headers=bearer),
        client.get("/api/v1/contestant/me", headers=bearer),
    ]

    for answer in answers:
        assert answer.status_code in (200, 201), answer.text
        assert answer.json() == as_declared(answer), answer.request.url
    assert started.json()["resumed"] is False
    assert answers[3].status_code == 200
    assert AttemptOut.model_validate(answers[3].json()).resumed is True
