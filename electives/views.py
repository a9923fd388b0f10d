"""The keuzevakken menu for vmbo schools (public) and the modules' management for providers.

Public views show only published modules. Management views go through catalogue.access.provider_for_user
or services.module_for_user, which answer 404 for modules of other organisations.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalogue.access import provider_for_user, providers_of
from catalogue.models import Provider
from electives import services
from electives.forms import MenuForm, ModuleForm
from electives.models import Level, Module, Profile
from regions.models import STORegion

PAGE_SIZE = 12


@require_GET
def menu(request: HttpRequest) -> HttpResponse:
    form = MenuForm(
        request.GET or None,
        profiles=list(Profile.objects.all()),
        levels=list(Level.objects.all()),
        regions=list(STORegion.objects.all()),
        providers=list(
            Provider.objects.filter(
                Q(elective_modules__status=Module.Status.PUBLISHED)
                | Q(partner_modules__status=Module.Status.PUBLISHED)
            ).distinct()
        ),
    )
    if form.is_bound:
        form.is_valid()  # invalid fields are reported and left out; the rest still filters
    modules = services.menu_search(form.filters())
    page = Paginator(modules, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "electives/menu.html", context)


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    module = get_object_or_404(
        Module.objects.published()
        .select_related("provider", "venue")
        .prefetch_related("profiles", "levels", "partners"),
        slug=slug,
    )
    return render(request, "electives/detail.html", {"module": module})


@login_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    providers = list(providers_of(request.user).order_by("name"))
    modules = (
        Module.objects.filter(provider__in=providers)
        .exclude(status=Module.Status.ARCHIVED)
        .order_by("title")
    )
    by_provider: dict[int, list[Module]] = {}
    for module in modules:
        by_provider.setdefault(module.provider_id, []).append(module)
    rows = [(p, by_provider.get(p.pk, [])) for p in providers]
    return render(request, "electives/manage.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def module_new(request: HttpRequest, provider: str) -> HttpResponse:
    organisation = provider_for_user(request.user, provider)
    return _module_form(request, organisation, Module(provider=organisation))


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, slug: str) -> HttpResponse:
    module = services.module_for_user(request.user, slug)
    return _module_form(request, module.provider, module)


def _module_form(request: HttpRequest, provider: Provider, module: Module) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ModuleForm(data, instance=module, provider=provider)
    if data is not None and form.is_valid():
        publish = data.get("actie") == "publiceren"
        saved = services.module_save(
            module=form.save(commit=False), publish=publish, save_m2m=form.save_m2m
        )
        messages.success(request, _message_for(saved))
        return redirect("electives:manage")
    context = {"form": form, "provider": provider, "module": module}
    return render(request, "electives/module_form.html", context)


def _message_for(module: Module) -> str:
    if module.status == Module.Status.PUBLISHED:
        return _("Gepubliceerd: “%(title)s” staat nu op de menukaart.") % {"title": module.title}
    if module.status == Module.Status.SUBMITTED:
        return _(
            "Ingediend: de coördinator bekijkt “%(title)s” en zet het daarna op de menukaart."
        ) % {"title": module.title}
    return _("Opgeslagen als concept: “%(title)s”.") % {"title": module.title}


@login_required
@require_POST
def module_remove(request: HttpRequest, slug: str) -> HttpResponse:
    module = services.module_for_user(request.user, slug)
    title = module.title
    if services.module_remove(module=module) == "deleted":
        messages.success(request, _("“%(title)s” is verwijderd.") % {"title": title})
    else:
        messages.success(
            request,
            _("“%(title)s” is gearchiveerd en staat niet meer op de menukaart.") % {"title": title},
        )
    return redirect("electives:manage")
