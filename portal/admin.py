"""The coordinators' admin for accounts: Django's user admin plus one action, wiping an account's
two-factor devices (a provider who lost their phone and their recovery codes). Each wipe is
written to the admin's own history of that user (a LogEntry), with who did it and when."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice

from portal import twofactor

User = get_user_model()

# Recovery codes are the account holder's secret: the admin never lists them (a coordinator
# wipes the devices instead).
if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)

if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    actions = ["reset_two_factor"]

    @admin.action(
        description=_(
            "Tweestapsverificatie wissen (stelt bij de volgende log-in een nieuwe app in)"
        ),
        permissions=["change"],
    )
    def reset_two_factor(self, request, queryset) -> None:
        count = 0
        for user in queryset:
            with transaction.atomic():
                if twofactor.reset(user=user):
                    self.log_change(
                        request, user, "Tweestapsverificatie gewist (app en herstelcodes)."
                    )
                    count += 1
        self.message_user(
            request,
            ngettext(
                "Tweestapsverificatie gewist voor %(n)d account.",
                "Tweestapsverificatie gewist voor %(n)d accounts.",
                count,
            )
            % {"n": count},
        )
