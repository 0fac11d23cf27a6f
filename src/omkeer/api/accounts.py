from ninja import Router, Schema

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.roles import roles_of
from omkeer.api.errors import answers

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    name: str
    employee_id: str | None
    roles: list[str]


@router.get("/me", response=answers({200: MeOut}), operation_id="me")
def me(request: AuthenticatedHttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.username,
        name=user.get_full_name(),
        employee_id=user.employee.employee_id if user.employee else None,
        roles=sorted(roles_of(user)),
    )
