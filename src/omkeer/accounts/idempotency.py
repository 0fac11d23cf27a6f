"""Idempotency keys: a write sent twice is done once.

A form rendered with `{% form_token %}` carries a fresh key in its `idempotency_key` field; an API client sends an
`Idempotency-Key` header (as in the IETF draft of that name). The first request of a logged-in user with a key is
done and its answer kept; the same key again gets that answer back (`Idempotent-Replayed: true`), not a second write.

- While the first request still runs, a form's second submit waits for it, so a double click lands where the
  first click went; the API answers 409 and the client retries.
- The same key with another request (method, path, or an API call's JSON body) is refused with 422.
- Only answers that did something are kept: a form's redirect, the API's 2xx. A form shown again with its errors,
  a 4xx or a crash frees the key, so the corrected request goes through.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from omkeer.accounts.models import IdempotencyKey

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"
VALID = re.compile(r"[\x21-\x7e]{1,100}")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
KEPT_BODY = 1_000_000  # bytes; a larger answer is not kept (and its key freed)
WAIT_SECONDS = 10.0  # how long a form's second submit waits for the first


def _fingerprint(request: HttpRequest, api: bool) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}".encode())
    if api and request.content_type == "application/json":
        digest.update(request.body)
    return digest.hexdigest()


def _replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status, content_type=record.content_type or None)
    if record.location:
        response["Location"] = record.location
    response["Idempotent-Replayed"] = "true"
    return response


def _refuse(api: bool, status: int, message: str) -> HttpResponse:
    if api:
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        if request.method not in UNSAFE or not request.user.is_authenticated:
            return self.get_response(request)
        key = request.headers.get(HEADER) if api else request.POST.get(FIELD)
        if key is None:
            return self.get_response(request)
        if not VALID.fullmatch(key):
            return _refuse(api, 400, _("An idempotency key is 1 to 100 printable characters without spaces."))
        fingerprint = _fingerprint(request, api)
        deadline = time.monotonic() + (0 if api else WAIT_SECONDS)
        while True:
            try:
                with transaction.atomic():
                    record = IdempotencyKey.objects.create(user=request.user, key=key, fingerprint=fingerprint)
                break
            except IntegrityError:
                earlier = IdempotencyKey.objects.filter(user=request.user, key=key).first()
            if earlier is None:
                continue  # the earlier request freed the key a moment ago: this one goes ahead
            if earlier.fingerprint != fingerprint:
                return _refuse(api, 422, _("This idempotency key was used for another request."))
            if earlier.status is not None:
                return _replay(earlier)
            if time.monotonic() >= deadline:
                refusal = _refuse(api, 409, _("The same request is still being processed; try again in a moment."))
                refusal["Retry-After"] = "1"
                return refusal
            time.sleep(0.1)
        response = HttpResponse(status=500)
        try:
            response = self.get_response(request)
        finally:
            self._keep_or_free(record, response, api)
        return response

    @staticmethod
    def _keep_or_free(record: IdempotencyKey, response: HttpResponse, api: bool) -> None:
        done = 200 <= response.status_code < 300 if api else response.status_code in (301, 302, 303)
        streaming = getattr(response, "streaming", False)
        if not done or streaming or len(response.content) > KEPT_BODY:
            record.delete()
            return
        record.status = response.status_code
        record.content_type = response.get("Content-Type", "")
        record.location = response.get("Location", "")
        record.body = response.content
        record.save(update_fields=["status", "content_type", "location", "body"])
