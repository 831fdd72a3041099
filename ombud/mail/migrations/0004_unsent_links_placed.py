"""Messages written before links had their own field and not yet sent (issue 9, finding 1).

Their body held ``[private-link:N]`` where the link went, and any other such text a person had
typed. The link the message was written with is the last placeholder (receipts and new-link
mail end with fixed text after it) and must be a link of the message's own case; that one moves
to ``link_id``. Every other placeholder stays as plain text, which nothing reads any more.
"""

import re

from django.db import migrations

PLACEHOLDER = re.compile(r"\[private-link:(\d+)\]")


def place_links(apps, schema_editor):
    OutboxMessage = apps.get_model("mail", "OutboxMessage")
    TrackingLink = apps.get_model("public", "TrackingLink")
    unsent = OutboxMessage.objects.filter(state="pending", kind__in=["receipt", "tracking_link"],
                                          link_id__isnull=True)
    for message in unsent.iterator():
        found = list(PLACEHOLDER.finditer(message.body))
        if not found:
            continue
        last = found[-1]
        link_id = int(last.group(1))
        if not TrackingLink.objects.filter(pk=link_id, case_id=message.case_id).exists():
            continue
        OutboxMessage.objects.filter(pk=message.pk).update(
            body=message.body[:last.start()], link_id=link_id,
            body_after_link=message.body[last.end():])


class Migration(migrations.Migration):

    dependencies = [
        ("mail", "0003_outbox_link_field"),
        ("public", "0002_link_salt"),
    ]

    operations = [migrations.RunPython(place_links, migrations.RunPython.noop)]
