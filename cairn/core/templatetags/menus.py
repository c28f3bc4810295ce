"""``{% menu_links "manage" as links %}``: the header's menus (``cairn.core.menus``)."""

from django import template

from cairn.core.menus import menu_links as links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_links(context: template.Context, menu: str) -> list[dict[str, str]]:
    request = context.get("request")
    return links_for(menu, getattr(request, "user", None) if request is not None else None)
