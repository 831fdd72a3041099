from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "ombud.public"
    label = "public"
    verbose_name = _("Public side")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The public side owns the private links: the outbox asks it for a link's address when
        # it sends, the staff's case page stops or sends links through it. Both sit below it.
        from ombud import schedule
        from ombud.cases import hooks
        from ombud.mail import outbox
        from ombud.public import services

        outbox.link_url_register(services.private_link_url)
        hooks.private_links_register(hooks.PrivateLinks(
            revoke_all=services.tracking_links_revoke_all, send=services.tracking_link_send))
        # A submission's follow-up is owed by its row; every worker looks for such rows.
        schedule.poll_register("ombud.public.follow_up.follow_up_owed")
