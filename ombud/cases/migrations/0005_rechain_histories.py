"""Recompute every case's hash chain in the second format (ombud.cases.history, FORMAT 2).

The first format hashed the actor's database id (emptied when a user is deleted, so one deleted
user showed dozens of files as altered) and left the actor's name, the subject, the parties and
the documents outside the chain: it proved little (issue 9, finding 4). Re-hashing the existing
histories therefore loses no proof that existed. What is added here is taken from the rows as they
are now: the actor snapshot from the user (or the stored name when the user is gone), the subject
and complainant on the ``received`` entry, each added party's details on its ``party_added``
entry, and a ``document_added`` entry at the end for each document the history did not name yet.
"""

from django.conf import settings
from django.db import migrations


def _snapshot(event, users):
    user = users.get(event.actor_id)
    if user is None:
        return {"id": None, "username": "", "name": event.actor_name}
    name = f"{user.first_name} {user.last_name}".strip() or user.username
    return {"id": user.pk, "username": user.username, "name": name[:200]}


def _party(party):
    return {"party_id": party.pk, "role": party.role, "name": party.name, "email": party.email,
            "phone": party.phone, "address": party.address}


def rechain(apps, schema_editor):
    from ombud.cases.history import V2, digest, event_content

    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    users = {user.pk: user for user in User.objects.all()}
    for case in Case.objects.order_by("id").iterator(chunk_size=500):
        events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
        complainant = case.parties.filter(role="complainant").order_by("id").first()
        chained = {event.data.get("document_id") for event in events
                   if event.type == "document_added"}
        parties = {party.pk: party for party in case.parties.all()}
        for event in events:
            if event.type == "party_added" and event.data.get("party_id") in parties:
                event.data.update(_party(parties[event.data["party_id"]]))
            if event.type == "received":
                event.data.setdefault("title", case.title)
                if complainant is not None:
                    event.data.setdefault("complainant", _party(complainant))
        for document in case.documents.exclude(id__in=chained).order_by("id"):
            events.append(CaseEvent(
                case=case, type="document_added", on=document.created_at.date(),
                data={"text": document.title, "document_id": document.pk,
                      "sha256": document.sha256, "kind": document.kind},
                actor_id=document.created_by_id, recorded_at=document.created_at))
        prev = ""
        for seq, event in enumerate(events, start=1):
            snapshot = _snapshot(event, users)
            event.actor_user_id, event.actor_username = snapshot["id"], snapshot["username"]
            event.actor_name = snapshot["name"]
            event.seq, event.prev_hash = seq, prev
            content = event_content(
                case=case.reference, seq=seq, prev=event.prev_hash, type=event.type, on=event.on,
                data=event.data, actor=snapshot, recorded_at=event.recorded_at)
            content["v"] = V2  # the format of this migration's time; FORMAT has moved on since
            event.hash = prev = digest(content)
        CaseEvent.objects.bulk_update([e for e in events if e.pk], [
            "data", "actor_user_id", "actor_username", "actor_name", "seq", "prev_hash", "hash"])
        CaseEvent.objects.bulk_create([e for e in events if not e.pk])
        Case.objects.filter(pk=case.pk).update(event_count=len(events), last_hash=prev)


class Migration(migrations.Migration):

    dependencies = [("cases", "0004_event_actor_snapshot"),
                    migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [migrations.RunPython(rechain, migrations.RunPython.noop)]
