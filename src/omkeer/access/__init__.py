"""The access layer: who may see and do what. Between the domain apps and the web.

- `roles`: the roles a user holds.
- `table`: every page and API operation with the roles allowed (deny by default), enforced by `middleware`.
- `objects`: one `get_<object>_for_user(request, pk)` per kind of object: 404 when the object is out of the
  user's scope, 403 when they may see it but not do what they asked.
- `http`: `AuthenticatedHttpRequest`, the request type of every view behind a login.
"""
