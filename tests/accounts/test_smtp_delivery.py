"""Email over real SMTP: a local aiosmtpd server receives the password-reset message; the test reads the
delivered bytes and follows their link."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse


def test_a_password_reset_is_delivered_over_smtp_and_its_link_works(mentor, client, smtp_sink):
    response = client.post(reverse("accounts:password-reset"), {"email": mentor.email})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []  # not the in-memory outbox: the SMTP server got it
    [message] = smtp_sink.messages
    assert message["To"] == mentor.email and message["Subject"] == "Choose a new Omkeer password"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    path = re.search(r"http://testserver(/accounts/password-reset/[^/\s\"]+/[^/\s\"]+/)", text).group(1)
    assert f'href="http://testserver{path}"' in html
    page = client.get(path, follow=True)
    assert page.status_code == 200 and page.context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_message(db, client, smtp_sink):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert smtp_sink.messages == []
